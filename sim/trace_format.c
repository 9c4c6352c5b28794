/* SPDX-License-Identifier: MIT */
/* The compact binary trace: delta-encoded records in independent zstd blocks (writer and
 * reader). The byte-level format is documented in docs/tracing.md; keep the two in step and
 * bump TRACE_VERSION on any incompatible change. */
#include "sim/trace_format.h"

#include <errno.h>
#include <fcntl.h>
#include <pthread.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>
#include <zstd.h>

#include "sim/outfile.h"

/* Raw bytes per block: big enough for zstd to find the repetition in loops, small enough
 * that a killed run loses little. */
#define BLOCK_TARGET (1u << 20)
#define RECORD_MAX 1024            /* the largest record sequence one event produces */
#define MAX_SYSREG_ID 4096         /* sysreg ids in NAME/SYSREG records */
#define ZSTD_LEVEL 1

/* Record tags (first byte of each record). */
enum {
    R_CPU = 0x01,        /* u8 core: the core of the records that follow */
    R_TIME = 0x02,       /* zigzag varint: timestamp delta */
    R_MODE = 0x03,       /* u8 mode of the instructions that follow */
    R_SP = 0x04,         /* u8 bank, varint value ^ previous SP value */
    R_CPSR = 0x05,       /* varint value */
    R_SYSREG = 0x06,     /* varint id, varint value */
    R_NAME = 0x07,       /* varint id, u8 length, name bytes */
    R_TRANSITION = 0x08,
    R_STATE = 0x09,
    R_CONTEXT = 0x0A,
    R_END = 0x0B,
    R_FINISH = 0x0C,     /* the end marker: the last record of a file closed cleanly
                          * (version 3 on); no core, no payload */
    R_MEM = 0x10,        /* 0x10-0x17: bit 2 write, bits 1:0 log2(size) */
    R_REG = 0x20,        /* 0x20-0x3E: X0-X30, varint value ^ previous value */
    R_VREG = 0x40,       /* 0x40-0x5F: V0-V31, varints low ^ previous low, high ^ previous high
                          * (version 2 on) */
    R_INSN = 0x80,       /* 0x80-0xFF: bit 0 ccfail, bit 1 PC delta, bit 2 icount delta,
                          * bits 5:3 cycle delta (7: varint follows), bit 6 opcode cached */
};

/* Opcodes by PC, per block: an instruction whose PC and opcode match its slot omits the
 * opcode. Reader and writer update it the same way. */
#define OPCACHE_SIZE 1024
typedef struct {
    uint64_t pc;
    uint32_t opcode;
} OpSlot;
static inline unsigned opcache_slot(uint64_t pc) { return (unsigned)(pc >> 2) & (OPCACHE_SIZE - 1); }

/* Per-core delta state; all zero at the start of every block. */
typedef struct {
    uint64_t pc, icount, ts, sp, mem_va;
    uint64_t x[31];
    uint64_t v[32][2];
    uint8_t mode;
    bool mode_valid;
} Shadow;

static uint32_t block_check(uint32_t csize, uint32_t rsize)
{
    uint32_t h = 0x54424C4Bu ^ (csize * 0x9E3779B1u);
    h = (h ^ (h >> 15)) * 0x85EBCA77u;
    h ^= rsize * 0xC2B2AE3Du;
    return h ^ (h >> 13);
}

static void put_le32(uint8_t *p, uint32_t v)
{
    for (int i = 0; i < 4; i++)
        p[i] = (uint8_t)(v >> (8 * i));
}

static uint32_t get_le32(const uint8_t *p)
{
    return (uint32_t)p[0] | (uint32_t)p[1] << 8 | (uint32_t)p[2] << 16 | (uint32_t)p[3] << 24;
}

static inline uint64_t zigzag(int64_t v) { return ((uint64_t)v << 1) ^ (uint64_t)(v >> 63); }
static inline int64_t unzigzag(uint64_t v) { return (int64_t)(v >> 1) ^ -(int64_t)(v & 1); }

static inline uint8_t *put_varint(uint8_t *p, uint64_t v)
{
    while (v >= 0x80) {
        *p++ = (uint8_t)(v | 0x80);
        v >>= 7;
    }
    *p++ = (uint8_t)v;
    return p;
}

const char *trace_mode_name(uint8_t mode, char *buf)
{
    unsigned el = mode & 3;
    char *p = buf;
    *p++ = 'E';
    *p++ = 'L';
    *p++ = (char)('0' + el);
    *p++ = el && (mode & 4) ? 'h' : 't';
    *p++ = '_';
    if (!(mode & 8))
        *p++ = 'n';
    *p++ = 's';
    *p = 0;
    return buf;
}

/* ==== Writer ==== */

struct TraceWriter {
    int fd;
    unsigned ncpu;
    uint8_t *raw;            /* the block being filled */
    size_t len;
    uint8_t *out;            /* block header followed by the compressed frame */
    size_t outcap;
    ZSTD_CCtx *cctx;
    /* With more than one host CPU, a thread compresses and writes each full block (`job`)
     * while the next one fills the other buffer (`spare`). */
    bool threaded;
    pthread_t thread;
    pthread_mutex_t lock;
    pthread_cond_t cond;
    uint8_t *spare, *job;
    size_t job_len;
    bool busy, quit;
    int cur_cpu;
    Shadow *sh;
    uint8_t named[MAX_SYSREG_ID / 8];
    OpSlot opcache[OPCACHE_SIZE];
    int err;                 /* errno of the first failure (EIO for a zstd error) */
    bool no_end_marker;
};

static void writer_reset_block(TraceWriter *w)
{
    w->len = 0;
    w->cur_cpu = -1;
    memset(w->sh, 0, sizeof(Shadow) * w->ncpu);
    memset(w->named, 0, sizeof w->named);
    memset(w->opcache, 0xFF, sizeof w->opcache); /* PC ~0: no instruction has it */
}

static bool write_all(int fd, const uint8_t *p, size_t n)
{
    while (n) {
        ssize_t k = write(fd, p, n);
        if (k < 0) {
            if (errno == EINTR)
                continue;
            return false;
        }
        p += k;
        n -= (size_t)k;
    }
    return true;
}

/* Compress a raw block and write it (header and frame) with one write(), so that a run that
 * is killed leaves whole blocks behind. */
static void compress_and_write(TraceWriter *w, const uint8_t *raw, size_t len)
{
    if (w->err)
        return;
    size_t n = ZSTD_compress2(w->cctx, w->out + TRACE_BLOCK_HEADER_SIZE, w->outcap - TRACE_BLOCK_HEADER_SIZE,
                              raw, len);
    if (ZSTD_isError(n)) {
        w->err = EIO;
        return;
    }
    memcpy(w->out, TRACE_BLOCK_MAGIC, 4);
    put_le32(w->out + 4, (uint32_t)n);
    put_le32(w->out + 8, (uint32_t)len);
    put_le32(w->out + 12, block_check((uint32_t)n, (uint32_t)len));
    if (!write_all(w->fd, w->out, TRACE_BLOCK_HEADER_SIZE + n))
        w->err = errno ? errno : EIO;
}

static void *compressor_thread(void *arg)
{
    TraceWriter *w = arg;
    pthread_mutex_lock(&w->lock);
    for (;;) {
        while (!w->busy && !w->quit)
            pthread_cond_wait(&w->cond, &w->lock);
        if (!w->busy)
            break;
        const uint8_t *raw = w->job;
        size_t len = w->job_len;
        pthread_mutex_unlock(&w->lock);
        compress_and_write(w, raw, len);
        pthread_mutex_lock(&w->lock);
        w->busy = false;
        pthread_cond_broadcast(&w->cond);
    }
    pthread_mutex_unlock(&w->lock);
    return NULL;
}

static void start_compressor(TraceWriter *w)
{
    if (sysconf(_SC_NPROCESSORS_ONLN) < 2 || !(w->spare = malloc(BLOCK_TARGET + RECORD_MAX)))
        return;
    if (pthread_mutex_init(&w->lock, NULL) != 0)
        goto fail;
    if (pthread_cond_init(&w->cond, NULL) != 0) {
        pthread_mutex_destroy(&w->lock);
        goto fail;
    }
    /* Signals (SIGINT, SIGTERM) stay with the simulator's thread. */
    sigset_t all, old;
    sigfillset(&all);
    pthread_sigmask(SIG_BLOCK, &all, &old);
    int e = pthread_create(&w->thread, NULL, compressor_thread, w);
    pthread_sigmask(SIG_SETMASK, &old, NULL);
    if (e == 0) {
        w->threaded = true;
        return;
    }
    pthread_cond_destroy(&w->cond);
    pthread_mutex_destroy(&w->lock);
fail:
    free(w->spare);
    w->spare = NULL;
}

/* Hand the full block to the compressor (or compress it here) and start the next one. */
static void writer_flush_block(TraceWriter *w)
{
    if (w->len == 0)
        return;
    if (w->threaded) {
        pthread_mutex_lock(&w->lock);
        while (w->busy)
            pthread_cond_wait(&w->cond, &w->lock);
        w->job = w->raw;
        w->job_len = w->len;
        w->busy = true;
        pthread_cond_broadcast(&w->cond);
        pthread_mutex_unlock(&w->lock);
        uint8_t *t = w->raw;
        w->raw = w->spare;
        w->spare = t;
    } else {
        compress_and_write(w, w->raw, w->len);
    }
    writer_reset_block(w);
}

TraceWriter *trace_writer_open(int fd, const char *path, const TraceInfo *info, char *err, size_t errlen)
{
    if (info->ncpu == 0 || info->ncpu > TRACE_MAX_CPUS) {
        snprintf(err, errlen, "%s: cannot trace %u cores", path, info->ncpu);
        close(fd);
        return NULL;
    }
    TraceWriter *w = calloc(1, sizeof *w);
    if (!w) {
        snprintf(err, errlen, "%s: out of memory", path);
        close(fd);
        return NULL;
    }
    w->fd = fd;
    w->ncpu = info->ncpu;
    w->raw = malloc(BLOCK_TARGET + RECORD_MAX);
    w->outcap = TRACE_BLOCK_HEADER_SIZE + ZSTD_compressBound(BLOCK_TARGET + RECORD_MAX);
    w->out = malloc(w->outcap);
    w->sh = calloc(info->ncpu, sizeof(Shadow));
    w->cctx = ZSTD_createCCtx();
    if (!w->raw || !w->out || !w->sh || !w->cctx) {
        snprintf(err, errlen, "%s: out of memory", path);
        goto fail;
    }
    ZSTD_CCtx_setParameter(w->cctx, ZSTD_c_compressionLevel, ZSTD_LEVEL);
    ZSTD_CCtx_setParameter(w->cctx, ZSTD_c_checksumFlag, 1);
    uint8_t h[TRACE_HEADER_SIZE] = {0};
    memcpy(h, TRACE_MAGIC, 8);
    h[8] = TRACE_VERSION & 0xFF;
    h[9] = TRACE_VERSION >> 8;
    h[10] = TRACE_HEADER_SIZE;
    put_le32(h + 12, info->what);
    put_le32(h + 16, info->ncpu);
    put_le32(h + 20, BLOCK_TARGET);
    if (!write_all(w->fd, h, sizeof h)) {
        snprintf(err, errlen, "%s: cannot write: %s", path, strerror(errno));
        goto fail;
    }
    writer_reset_block(w);
    start_compressor(w);
    return w;
fail:
    close(fd);
    ZSTD_freeCCtx(w->cctx);
    free(w->raw);
    free(w->out);
    free(w->sh);
    free(w);
    return NULL;
}

static inline uint8_t *put_time(uint8_t *p, Shadow *s, uint64_t ts)
{
    *p++ = R_TIME;
    p = put_varint(p, zigzag((int64_t)(ts - s->ts)));
    s->ts = ts;
    return p;
}

/* The CPU record when the core changes; returns the core's shadow. */
static inline Shadow *enc_cpu(TraceWriter *w, unsigned cpu, uint8_t **pp)
{
    if (unlikely(cpu >= w->ncpu))
        cpu = 0;
    if ((int)cpu != w->cur_cpu) {
        uint8_t *p = *pp;
        *p++ = R_CPU;
        *p++ = (uint8_t)cpu;
        *pp = p;
        w->cur_cpu = (int)cpu;
    }
    return &w->sh[cpu];
}

/* The TIME record when a non-instruction event's timestamp is not the core's current one. */
static inline uint8_t *enc_time(uint8_t *p, Shadow *s, uint64_t ts)
{
    return ts != s->ts ? put_time(p, s, ts) : p;
}

static inline void enc_done(TraceWriter *w, uint8_t *p)
{
    w->len = (size_t)(p - w->raw);
    if (unlikely(w->len >= BLOCK_TARGET))
        writer_flush_block(w);
}

void trace_writer_put_insn(TraceWriter *w, const TraceEvent *ev)
{
    uint8_t *p = w->raw + w->len;
    Shadow *s = enc_cpu(w, ev->cpu, &p);
    if (unlikely(!s->mode_valid || s->mode != ev->insn.mode)) {
        *p++ = R_MODE;
        *p++ = ev->insn.mode & 15;
        s->mode = ev->insn.mode & 15;
        s->mode_valid = true;
    }
    if (unlikely(ev->ts < s->ts))
        p = put_time(p, s, ev->ts);
    uint64_t dts = ev->ts - s->ts;
    uint8_t *tag = p++;
    uint8_t t = (uint8_t)(R_INSN | (ev->insn.ccfail ? 1 : 0));
    if (unlikely(ev->insn.pc != s->pc + 4)) {
        t |= 2;
        p = put_varint(p, zigzag((int64_t)(ev->insn.pc - s->pc - 4)));
    }
    if (unlikely(ev->insn.icount != s->icount + 1)) {
        t |= 4;
        p = put_varint(p, zigzag((int64_t)(ev->insn.icount - s->icount - 1)));
    }
    if (likely(dts < 7)) {
        t |= (uint8_t)(dts << 3);
    } else {
        t |= 7 << 3;
        p = put_varint(p, dts - 7);
    }
    uint32_t op = ev->insn.opcode;
    OpSlot *slot = &w->opcache[opcache_slot(ev->insn.pc)];
    if (likely(slot->pc == ev->insn.pc && slot->opcode == op)) {
        t |= 0x40;
    } else {
        slot->pc = ev->insn.pc;
        slot->opcode = op;
        p[0] = (uint8_t)op;
        p[1] = (uint8_t)(op >> 8);
        p[2] = (uint8_t)(op >> 16);
        p[3] = (uint8_t)(op >> 24);
        p += 4;
    }
    *tag = t;
    s->pc = ev->insn.pc;
    s->icount = ev->insn.icount;
    s->ts = ev->ts;
    enc_done(w, p);
}

void trace_writer_put_reg(TraceWriter *w, const TraceEvent *ev)
{
    uint8_t *p = w->raw + w->len;
    Shadow *s = enc_cpu(w, ev->cpu, &p);
    p = enc_time(p, s, ev->ts);
    unsigned n = ev->reg.n <= 30 ? ev->reg.n : 30;
    *p++ = (uint8_t)(R_REG + n);
    p = put_varint(p, ev->reg.value ^ s->x[n]);
    s->x[n] = ev->reg.value;
    enc_done(w, p);
}

void trace_writer_put_mem(TraceWriter *w, const TraceEvent *ev)
{
    uint8_t *p = w->raw + w->len;
    Shadow *s = enc_cpu(w, ev->cpu, &p);
    p = enc_time(p, s, ev->ts);
    unsigned lg = ev->mem.size >= 8 ? 3 : ev->mem.size >= 4 ? 2 : ev->mem.size >= 2 ? 1 : 0;
    *p++ = (uint8_t)(R_MEM | (ev->mem.write ? 4 : 0) | lg);
    p = put_varint(p, zigzag((int64_t)(ev->mem.va - s->mem_va)));
    p = put_varint(p, zigzag((int64_t)(ev->mem.pa - ev->mem.va)));
    p = put_varint(p, ev->mem.value);
    s->mem_va = ev->mem.va;
    enc_done(w, p);
}

static void trace_writer_put_vreg(TraceWriter *w, const TraceEvent *ev)
{
    uint8_t *p = w->raw + w->len;
    Shadow *s = enc_cpu(w, ev->cpu, &p);
    p = enc_time(p, s, ev->ts);
    unsigned n = ev->vreg.n & 31;
    *p++ = (uint8_t)(R_VREG + n);
    p = put_varint(p, ev->vreg.lo ^ s->v[n][0]);
    p = put_varint(p, ev->vreg.hi ^ s->v[n][1]);
    s->v[n][0] = ev->vreg.lo;
    s->v[n][1] = ev->vreg.hi;
    enc_done(w, p);
}

void trace_writer_put(TraceWriter *w, const TraceEvent *ev)
{
    switch (ev->kind) {
    case TEV_INSN:
        trace_writer_put_insn(w, ev);
        return;
    case TEV_REG:
        trace_writer_put_reg(w, ev);
        return;
    case TEV_MEM:
        trace_writer_put_mem(w, ev);
        return;
    case TEV_VREG:
        trace_writer_put_vreg(w, ev);
        return;
    default:
        break;
    }
    uint8_t *p = w->raw + w->len;
    Shadow *s = enc_cpu(w, ev->cpu, &p);
    p = enc_time(p, s, ev->ts);
    switch (ev->kind) {
    case TEV_SP:
        *p++ = R_SP;
        *p++ = ev->sp.bank & 3;
        p = put_varint(p, ev->sp.value ^ s->sp);
        s->sp = ev->sp.value;
        break;
    case TEV_CPSR:
        *p++ = R_CPSR;
        p = put_varint(p, ev->cpsr.value);
        break;
    case TEV_SYSREG: {
        uint32_t id = ev->sysreg.id < MAX_SYSREG_ID ? ev->sysreg.id : MAX_SYSREG_ID - 1;
        if (!(w->named[id / 8] & (1u << (id % 8)))) {
            const char *name = ev->sysreg.name ? ev->sysreg.name : "?";
            size_t len = strlen(name);
            len = len > 255 ? 255 : len;
            *p++ = R_NAME;
            p = put_varint(p, id);
            *p++ = (uint8_t)len;
            memcpy(p, name, len);
            p += len;
            w->named[id / 8] |= (uint8_t)(1u << (id % 8));
        }
        *p++ = R_SYSREG;
        p = put_varint(p, id);
        p = put_varint(p, ev->sysreg.value);
        break;
    }
    case TEV_TRANSITION: {
        const TransitionEvent *t = &ev->tr;
        *p++ = R_TRANSITION;
        *p++ = (uint8_t)((t->is_eret ? 1 : 0) | (t->from_secure ? 2 : 0) | (t->to_secure ? 4 : 0) |
                         ((t->type & 3) << 3));
        *p++ = (uint8_t)((t->from_el & 3) | (t->to_el & 3) << 2);
        *p++ = (uint8_t)(t->ec & 63);
        p = put_varint(p, t->iss);
        p = put_varint(p, t->far);
        p = put_varint(p, t->elr);
        p = put_varint(p, t->vector);
        p = put_varint(p, t->pc);
        p = put_varint(p, t->icount);
        p = put_varint(p, t->cycles);
        break;
    }
    case TEV_STATE:
        *p++ = R_STATE;
        *p++ = (ev->state.off ? 1 : 0) | (ev->state.v ? 2 : 0);
        *p++ = ev->state.mode & 15;
        p = put_varint(p, ev->state.pc);
        p = put_varint(p, ev->state.icount);
        p = put_varint(p, ev->state.cpsr);
        p = put_varint(p, ev->state.sp);
        for (int i = 0; i < 31; i++)
            p = put_varint(p, ev->state.x[i]);
        p = put_varint(p, (uint32_t)(ev->state.vmid + 1));
        p = put_varint(p, (uint32_t)(ev->state.asid + 1));
        /* Flag bit 1: V0-V31 follow (a state read from a version 1 trace has none). Plain
         * values: a state is written once per core. */
        for (int i = 0; ev->state.v && i < 64; i++)
            p = put_varint(p, ev->state.v[i]);
        break;
    case TEV_CONTEXT:
        *p++ = R_CONTEXT;
        p = put_varint(p, ev->ctx.icount);
        p = put_varint(p, (uint32_t)(ev->ctx.vmid + 1));
        p = put_varint(p, (uint32_t)(ev->ctx.asid + 1));
        break;
    case TEV_END:
        *p++ = R_END;
        p = put_varint(p, ev->end.icount);
        break;
    default:
        break;
    }
    enc_done(w, p);
}

void trace_writer_set_end_marker(TraceWriter *w, bool on) { w->no_end_marker = !on; }

bool trace_writer_close(TraceWriter *w, char *err, size_t errlen)
{
    if (!w->no_end_marker)
        w->raw[w->len++] = R_FINISH;   /* room: a block is flushed at BLOCK_TARGET of its
                                        * BLOCK_TARGET + RECORD_MAX bytes */
    writer_flush_block(w);
    if (w->threaded) {
        pthread_mutex_lock(&w->lock);
        w->quit = true;
        pthread_cond_broadcast(&w->cond);
        pthread_mutex_unlock(&w->lock);
        pthread_join(w->thread, NULL);
        pthread_cond_destroy(&w->cond);
        pthread_mutex_destroy(&w->lock);
        free(w->spare);
    }
    bool ok = !w->err;
    if (close(w->fd) != 0 && ok) {
        ok = false;
        w->err = errno;
    }
    if (!ok)
        snprintf(err, errlen, "%s", w->err == EIO ? "compression failed" : strerror(w->err));
    ZSTD_freeCCtx(w->cctx);
    free(w->raw);
    free(w->out);
    free(w->sh);
    free(w);
    return ok;
}

/* ==== Reader ==== */

struct TraceReader {
    FILE *f;
    TraceInfo info;
    uint8_t *raw, *z;
    size_t rawlen, pos;
    ZSTD_DCtx *dctx;
    int cur_cpu;
    Shadow sh[TRACE_MAX_CPUS];
    char *names[MAX_SYSREG_ID];
    char **old_names;        /* replaced names, freed at close (events may point at them) */
    uint64_t state_x[31];    /* a STATE event's registers */
    uint64_t state_v[64];
    OpSlot opcache[OPCACHE_SIZE];
    size_t n_old;
    uint64_t offset;         /* file offset of the next block */
    uint64_t block_offset;   /* file offset of the current block */
    bool eof, truncated;
    bool finished;           /* the end marker was read */
    uint64_t lost;
    char err[256];
};

FILE *trace_input_open(const char *path, char *err, size_t errlen)
{
    int fd = open(path, O_RDONLY | O_NONBLOCK | O_NOCTTY | O_CLOEXEC); /* a FIFO must not block */
    if (fd < 0) {
        snprintf(err, errlen, "%s: %s", path, strerror(errno));
        return NULL;
    }
    struct stat st;
    if (fstat(fd, &st) != 0 || !S_ISREG(st.st_mode)) {
        snprintf(err, errlen, "%s: not a regular file", path);
        close(fd);
        return NULL;
    }
    fd_clear_nonblock(fd);
    FILE *f = fdopen(fd, "rb");
    if (!f) {
        snprintf(err, errlen, "%s: %s", path, strerror(errno));
        close(fd);
    }
    return f;
}

TraceReader *trace_reader_open(const char *path, char *err, size_t errlen)
{
    FILE *f = trace_input_open(path, err, errlen);
    if (!f)
        return NULL;
    uint8_t h[TRACE_HEADER_SIZE];
    size_t n = fread(h, 1, sizeof h, f);
    if (n < 8 || memcmp(h, TRACE_MAGIC, 8) != 0) {
        snprintf(err, errlen, "%s: not a tetrarch binary trace (bad magic)", path);
        fclose(f);
        return NULL;
    }
    unsigned version = h[8] | h[9] << 8;
    if (version < TRACE_VERSION_MIN || version > TRACE_VERSION) {
        snprintf(err, errlen, "%s: unsupported trace version %u (this tetrarch reads versions %u to %u)",
                 path, version, TRACE_VERSION_MIN, TRACE_VERSION);
        fclose(f);
        return NULL;
    }
    if (n < sizeof h || h[10] != TRACE_HEADER_SIZE) {
        snprintf(err, errlen, "%s: truncated or corrupt trace header", path);
        fclose(f);
        return NULL;
    }
    unsigned what = get_le32(h + 12), ncpu = get_le32(h + 16);
    unsigned what_max = version >= 3 ? (TW_ALL | TW_FILTERED) : TW_ALL;
    if (ncpu == 0 || ncpu > TRACE_MAX_CPUS || (what & TW_ALL) == 0 || what > what_max) {
        snprintf(err, errlen, "%s: corrupt trace header (cores %u, contents 0x%x)", path, ncpu, what);
        fclose(f);
        return NULL;
    }
    TraceReader *r = calloc(1, sizeof *r);
    if (r) {
        r->raw = malloc(TRACE_BLOCK_RAW_MAX);
        r->z = malloc(ZSTD_compressBound(TRACE_BLOCK_RAW_MAX));
        r->dctx = ZSTD_createDCtx();
    }
    if (!r || !r->raw || !r->z || !r->dctx) {
        snprintf(err, errlen, "%s: out of memory", path);
        if (r) {
            free(r->raw);
            free(r->z);
            ZSTD_freeDCtx(r->dctx);
            free(r);
        }
        fclose(f);
        return NULL;
    }
    r->f = f;
    r->info = (TraceInfo){.version = version, .what = what, .ncpu = ncpu};
    r->offset = TRACE_HEADER_SIZE;
    return r;
}

const TraceInfo *trace_reader_info(const TraceReader *r) { return &r->info; }
const char *trace_reader_error(const TraceReader *r) { return r->err; }

bool trace_reader_truncated(const TraceReader *r, uint64_t *lost)
{
    if (lost)
        *lost = r->lost;
    return r->truncated;
}

int trace_reader_end_marker(const TraceReader *r)
{
    return r->info.version < 3 ? -1 : r->finished;
}

void trace_reader_close(TraceReader *r)
{
    if (!r)
        return;
    fclose(r->f);
    for (int i = 0; i < MAX_SYSREG_ID; i++)
        free(r->names[i]);
    for (size_t i = 0; i < r->n_old; i++)
        free(r->old_names[i]);
    free(r->old_names);
    free(r->raw);
    free(r->z);
    ZSTD_freeDCtx(r->dctx);
    free(r);
}

/* Load the next block: 1, 0 at the end of the file (or of its last complete block), -1. */
static int reader_load_block(TraceReader *r)
{
    uint8_t h[TRACE_BLOCK_HEADER_SIZE];
    size_t n = fread(h, 1, sizeof h, r->f);
    if (n == 0 && feof(r->f))
        return 0;
    if (n < sizeof h) {
        if (ferror(r->f)) {
            snprintf(r->err, sizeof r->err, "read error: %s", strerror(errno));
            return -1;
        }
        r->truncated = true;
        r->lost = n;
        return 0;
    }
    uint32_t csize = get_le32(h + 4), rsize = get_le32(h + 8);
    if (memcmp(h, TRACE_BLOCK_MAGIC, 4) != 0 || get_le32(h + 12) != block_check(csize, rsize) ||
        rsize == 0 || rsize > TRACE_BLOCK_RAW_MAX || csize == 0 ||
        csize > ZSTD_compressBound(TRACE_BLOCK_RAW_MAX)) {
        snprintf(r->err, sizeof r->err, "corrupt block header at offset %llu",
                 (unsigned long long)r->offset);
        return -1;
    }
    n = fread(r->z, 1, csize, r->f);
    if (n < csize) {
        if (ferror(r->f)) {
            snprintf(r->err, sizeof r->err, "read error: %s", strerror(errno));
            return -1;
        }
        r->truncated = true;
        r->lost = sizeof h + n;
        return 0;
    }
    size_t got = ZSTD_decompressDCtx(r->dctx, r->raw, TRACE_BLOCK_RAW_MAX, r->z, csize);
    if (ZSTD_isError(got) || got != rsize) {
        snprintf(r->err, sizeof r->err, "corrupt block at offset %llu (%s)",
                 (unsigned long long)r->offset,
                 ZSTD_isError(got) ? ZSTD_getErrorName(got) : "wrong size");
        return -1;
    }
    r->block_offset = r->offset;
    r->offset += sizeof h + csize;
    r->rawlen = rsize;
    r->pos = 0;
    r->cur_cpu = -1;
    memset(r->sh, 0, sizeof r->sh);
    memset(r->opcache, 0xFF, sizeof r->opcache);
    return 1;
}

/* Bounded decoding within the current block: a failed read marks the record corrupt. */
typedef struct {
    const uint8_t *p, *end;
    bool bad;
} Cursor;

static inline uint8_t get_u8(Cursor *c)
{
    if (c->p >= c->end) {
        c->bad = true;
        return 0;
    }
    return *c->p++;
}

static inline uint64_t get_varint(Cursor *c)
{
    uint64_t v = 0;
    for (unsigned shift = 0; shift < 64; shift += 7) {
        if (c->p >= c->end) {
            c->bad = true;
            return 0;
        }
        uint8_t b = *c->p++;
        v |= (uint64_t)(b & 0x7F) << shift;
        if (!(b & 0x80))
            return v;
    }
    c->bad = true;
    return 0;
}

static int reader_corrupt(TraceReader *r, const char *what)
{
    snprintf(r->err, sizeof r->err, "corrupt record in the block at offset %llu (%s)",
             (unsigned long long)r->block_offset, what);
    return -1;
}

static bool reader_set_name(TraceReader *r, uint32_t id, const uint8_t *s, size_t len)
{
    char *old = r->names[id];
    if (old && strlen(old) == len && memcmp(old, s, len) == 0)
        return true;
    char *name = malloc(len + 1);
    if (!name)
        return false;
    memcpy(name, s, len);
    name[len] = 0;
    if (old) {
        char **v = realloc(r->old_names, (r->n_old + 1) * sizeof *v);
        if (!v) {
            free(name);
            return false;
        }
        r->old_names = v;
        r->old_names[r->n_old++] = old;
    }
    r->names[id] = name;
    return true;
}

int trace_reader_next(TraceReader *r, TraceEvent *ev)
{
    if (r->err[0])
        return -1;
    for (;;) {
        if (r->pos >= r->rawlen) {
            if (r->eof)
                return 0;
            int k = reader_load_block(r);
            if (k <= 0) {
                r->eof = true;
                return k;
            }
        }
        Cursor c = {r->raw + r->pos, r->raw + r->rawlen, false};
        uint8_t tag = get_u8(&c);
        if (r->finished)
            return reader_corrupt(r, "records after the end marker");
        if (tag == R_FINISH && r->info.version >= 3) {
            r->finished = true;
            r->pos = (size_t)(c.p - r->raw);
            continue;
        }
        if (tag != R_CPU && r->cur_cpu < 0)
            return reader_corrupt(r, "no core selected");
        Shadow *s = &r->sh[r->cur_cpu < 0 ? 0 : r->cur_cpu];
        memset(ev, 0, sizeof *ev);
        ev->cpu = (uint8_t)(r->cur_cpu < 0 ? 0 : r->cur_cpu);
        ev->ts = s->ts;
        bool produced = true;
        if (tag >= R_INSN) {
            if (!s->mode_valid)
                return reader_corrupt(r, "instruction before its mode");
            uint64_t pc = s->pc + 4, icount = s->icount + 1;
            if (tag & 2)
                pc += (uint64_t)unzigzag(get_varint(&c));
            if (tag & 4)
                icount += (uint64_t)unzigzag(get_varint(&c));
            uint64_t dts = (tag >> 3) & 7;
            if (dts == 7)
                dts += get_varint(&c);
            OpSlot *slot = &r->opcache[opcache_slot(pc)];
            uint32_t op;
            if (tag & 0x40) {
                if (slot->pc != pc)
                    return reader_corrupt(r, "no cached opcode");
                op = slot->opcode;
            } else {
                op = get_u8(&c);
                op |= (uint32_t)get_u8(&c) << 8;
                op |= (uint32_t)get_u8(&c) << 16;
                op |= (uint32_t)get_u8(&c) << 24;
                slot->pc = pc;
                slot->opcode = op;
            }
            s->pc = pc;
            s->icount = icount;
            s->ts += dts;
            ev->kind = TEV_INSN;
            ev->ts = s->ts;
            ev->insn.pc = pc;
            ev->insn.icount = icount;
            ev->insn.opcode = op;
            ev->insn.mode = s->mode;
            ev->insn.ccfail = tag & 1;
        } else if (tag >= R_REG && tag <= R_REG + 30) {
            unsigned n = tag - R_REG;
            s->x[n] ^= get_varint(&c);
            ev->kind = TEV_REG;
            ev->reg.n = (uint8_t)n;
            ev->reg.value = s->x[n];
        } else if (tag >= R_VREG && tag <= R_VREG + 31 && r->info.version >= 2) {
            unsigned n = tag - R_VREG;
            s->v[n][0] ^= get_varint(&c);
            s->v[n][1] ^= get_varint(&c);
            ev->kind = TEV_VREG;
            ev->vreg.n = (uint8_t)n;
            ev->vreg.lo = s->v[n][0];
            ev->vreg.hi = s->v[n][1];
        } else if (tag >= R_MEM && tag <= R_MEM + 7) {
            uint64_t va = s->mem_va + (uint64_t)unzigzag(get_varint(&c));
            uint64_t pa = va + (uint64_t)unzigzag(get_varint(&c));
            ev->kind = TEV_MEM;
            ev->mem.va = va;
            ev->mem.pa = pa;
            ev->mem.value = get_varint(&c);
            ev->mem.size = (uint8_t)(1u << (tag & 3));
            ev->mem.write = (tag & 4) != 0;
            if (ev->mem.size < 8)
                ev->mem.value &= (1ULL << (8 * ev->mem.size)) - 1;
            s->mem_va = va;
        } else {
            switch (tag) {
            case R_CPU: {
                unsigned cpu = get_u8(&c);
                if (cpu >= r->info.ncpu)
                    return reader_corrupt(r, "core number out of range");
                r->cur_cpu = (int)cpu;
                produced = false;
                break;
            }
            case R_TIME:
                s->ts += (uint64_t)unzigzag(get_varint(&c));
                produced = false;
                break;
            case R_MODE: {
                uint8_t mode = get_u8(&c);
                if (mode > 15)
                    return reader_corrupt(r, "bad mode");
                s->mode = mode;
                s->mode_valid = true;
                produced = false;
                break;
            }
            case R_SP: {
                uint8_t bank = get_u8(&c);
                if (bank > 3)
                    return reader_corrupt(r, "bad SP bank");
                s->sp ^= get_varint(&c);
                ev->kind = TEV_SP;
                ev->sp.bank = bank;
                ev->sp.value = s->sp;
                break;
            }
            case R_CPSR: {
                uint64_t v = get_varint(&c);
                if (v > UINT32_MAX)
                    return reader_corrupt(r, "bad cpsr");
                ev->kind = TEV_CPSR;
                ev->cpsr.value = (uint32_t)v;
                break;
            }
            case R_NAME: {
                uint64_t id = get_varint(&c);
                unsigned len = get_u8(&c);
                if (c.bad || id >= MAX_SYSREG_ID || (size_t)(c.end - c.p) < len)
                    return reader_corrupt(r, "bad register name");
                for (unsigned i = 0; i < len; i++)
                    if (c.p[i] <= ' ' || c.p[i] > '~')
                        return reader_corrupt(r, "bad register name");
                if (!reader_set_name(r, (uint32_t)id, c.p, len))
                    return reader_corrupt(r, "out of memory");
                c.p += len;
                produced = false;
                break;
            }
            case R_SYSREG: {
                uint64_t id = get_varint(&c);
                if (id >= MAX_SYSREG_ID || !r->names[id])
                    return reader_corrupt(r, "register without a name");
                ev->kind = TEV_SYSREG;
                ev->sysreg.id = (uint32_t)id;
                ev->sysreg.name = r->names[id];
                ev->sysreg.value = get_varint(&c);
                break;
            }
            case R_TRANSITION: {
                uint8_t fl = get_u8(&c), els = get_u8(&c), ec = get_u8(&c);
                if (fl > 31 || els > 15 || ec > 63)
                    return reader_corrupt(r, "bad transition");
                TransitionEvent *t = &ev->tr;
                ev->kind = TEV_TRANSITION;
                t->cpu = ev->cpu;
                t->is_eret = fl & 1;
                t->from_secure = (fl & 2) != 0;
                t->to_secure = (fl & 4) != 0;
                t->type = (fl >> 3) & 3;
                t->from_el = els & 3;
                t->to_el = els >> 2;
                t->ec = ec;
                uint64_t iss = get_varint(&c);
                if (iss > 0x1FFFFFF)
                    return reader_corrupt(r, "bad ISS");
                t->iss = (uint32_t)iss;
                t->far = get_varint(&c);
                t->elr = get_varint(&c);
                t->vector = get_varint(&c);
                t->pc = get_varint(&c);
                t->icount = get_varint(&c);
                t->cycles = get_varint(&c);
                break;
            }
            case R_STATE: {
                uint8_t fl = get_u8(&c), mode = get_u8(&c);
                if (fl > (r->info.version >= 2 ? 3 : 1) || mode > 15)
                    return reader_corrupt(r, "bad state");
                ev->kind = TEV_STATE;
                ev->state.off = fl & 1;
                ev->state.mode = mode;
                ev->state.pc = get_varint(&c);
                ev->state.icount = get_varint(&c);
                uint64_t cpsr = get_varint(&c);
                ev->state.cpsr = (uint32_t)cpsr;
                ev->state.sp = get_varint(&c);
                for (int i = 0; i < 31; i++)
                    r->state_x[i] = get_varint(&c);
                ev->state.x = r->state_x;
                uint64_t vmid = get_varint(&c), asid = get_varint(&c);
                if (cpsr > UINT32_MAX || vmid > UINT32_MAX || asid > UINT32_MAX)
                    return reader_corrupt(r, "bad state");
                ev->state.vmid = (uint32_t)vmid - 1;
                ev->state.asid = (uint32_t)asid - 1;
                if (fl & 2) {
                    for (int i = 0; i < 64; i++)
                        r->state_v[i] = get_varint(&c);
                    ev->state.v = r->state_v;
                }
                break;
            }
            case R_CONTEXT: {
                ev->kind = TEV_CONTEXT;
                ev->ctx.icount = get_varint(&c);
                uint64_t vmid = get_varint(&c), asid = get_varint(&c);
                if (vmid > UINT32_MAX || asid > UINT32_MAX)
                    return reader_corrupt(r, "bad context");
                ev->ctx.vmid = (uint32_t)vmid - 1;
                ev->ctx.asid = (uint32_t)asid - 1;
                break;
            }
            case R_END:
                ev->kind = TEV_END;
                ev->end.icount = get_varint(&c);
                break;
            default:
                return reader_corrupt(r, "unknown record type");
            }
        }
        if (c.bad)
            return reader_corrupt(r, "record runs past the end of the block");
        r->pos = (size_t)(c.p - r->raw);
        if (produced)
            return 1;
    }
}
