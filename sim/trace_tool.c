/* SPDX-License-Identifier: MIT */
/* `tetrarch trace`: summary, convert (to Tarmac or Chrome trace-event JSON) and filter for
 * binary traces; summary and convert --to chrome also read Tarmac text (docs/tracing.md). */
#include "sim/trace.h"

#include <ctype.h>
#include <errno.h>
#include <inttypes.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "sim/parse.h"
#include "sim/stats.h"
#include "sim/tarmac.h"
#include "sim/outfile.h"
#include "sim/trace_format.h"

/* Exit statuses of `tetrarch trace` (docs/tracing.md). */
enum { TOOL_OK = 0, TOOL_USAGE = EXIT_USAGE, TOOL_BAD_INPUT = EXIT_BAD_IMAGE, TOOL_HOST = EXIT_HOST_ERROR };

static const char help_text[] =
    "usage: tetrarch trace summary FILE\n"
    "       tetrarch trace convert FILE --to tarmac|chrome [-o OUT]\n"
    "       tetrarch trace filter FILE [--cpu N] [--el N] [--from CYCLE] [--to CYCLE]\n"
    "                                  [--pc-range A-B] -o OUT\n"
    "       tetrarch trace help\n"
    "\n"
    "FILE is a binary trace written by `tetrarch run --trace FILE`; summary and convert --to\n"
    "chrome also read a Tarmac file (--tarmac). Numbers take a 0x prefix for hex.\n"
    "  summary   transitions by exception class, instructions and cycles per EL, VMID and\n"
    "            ASID, the hottest exception vectors, exception round-trip costs\n"
    "  convert   --to tarmac: the Tarmac text of the trace (as --tarmac writes it)\n"
    "            --to chrome: Chrome trace-event JSON (open it in https://ui.perfetto.dev):\n"
    "            one track per core showing its EL over time, one marker per exception\n"
    "  filter    a new binary trace with only the matching instructions and the register\n"
    "            and memory records of each, and the matching transitions\n"
    "            (summary then counts instructions and cycles from the records kept)\n"
    "A truncated trace (a run that was killed) is read up to its last complete block, with a\n"
    "warning; so is a trace without the end marker a clean exit writes (killed at a block\n"
    "boundary). Every subcommand takes --help. Exit status: 0 ok, 2 usage error, 3 unreadable or corrupt input, 6 output error.\n"
    "Details: docs/tracing.md\n";

/* `tetrarch trace SUB --help` (or -h) anywhere among its arguments: the usage, on stdout. */
static bool wants_help(int argc, char **argv)
{
    for (int i = 1; i < argc; i++)
        if (strcmp(argv[i], "--help") == 0 || strcmp(argv[i], "-h") == 0)
            return true;
    return false;
}

static int usage(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
static int usage(const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    fputs("tetrarch: trace: ", stderr);
    vfprintf(stderr, fmt, ap);
    va_end(ap);
    fputs(" (tetrarch trace help)\n", stderr);
    return TOOL_USAGE;
}

/* ==== Event sources: a binary trace, or Tarmac text ==== */

#define TARMAC_NAMES 512

typedef struct {
    const char *path;
    TraceReader *bin;
    TraceInfo info;         /* for Tarmac: what = everything, ncpu = 0 (not known ahead) */
    /* Tarmac input */
    FILE *f;
    char *line;
    size_t linecap;
    uint64_t lineno, skipped;
    char *names[TARMAC_NAMES];
    unsigned nnames;
    uint64_t last_n[TRACE_MAX_CPUS], last_ts[TRACE_MAX_CPUS];
    char err[300];
} Source;

static int source_open(Source *s, const char *path)
{
    memset(s, 0, sizeof *s);
    s->path = path;
    char err[300];
    FILE *f = trace_input_open(path, err, sizeof err);
    if (!f) {
        fprintf(stderr, "tetrarch: trace: %s\n", err);
        return TOOL_BAD_INPUT;
    }
    char head[64];
    size_t n = fread(head, 1, sizeof head - 1, f);
    head[n] = 0;
    if (n >= 8 && memcmp(head, TRACE_MAGIC, 8) == 0) {
        fclose(f);
        s->bin = trace_reader_open(path, err, sizeof err);
        if (!s->bin) {
            fprintf(stderr, "tetrarch: trace: %s\n", err);
            return TOOL_BAD_INPUT;
        }
        s->info = *trace_reader_info(s->bin);
        return TOOL_OK;
    }
    /* Tarmac: a first line "<decimal> clk ..." (or any decimal timestamp and a unit). */
    size_t i = 0;
    while (i < n && isdigit((unsigned char)head[i]))
        i++;
    if (i == 0 || i >= n || head[i] != ' ') {
        fprintf(stderr, "tetrarch: trace: %s: not a tetrarch binary trace or a Tarmac file\n", path);
        fclose(f);
        return TOOL_BAD_INPUT;
    }
    rewind(f);
    s->f = f;
    s->info = (TraceInfo){.version = 0, .what = TW_ALL, .ncpu = 0};
    return TOOL_OK;
}

static void source_close(Source *s)
{
    if (s->bin)
        trace_reader_close(s->bin);
    if (s->f)
        fclose(s->f);
    free(s->line);
    for (unsigned i = 0; i < s->nnames; i++)
        free(s->names[i]);
}

/* 1 to max_digits hex digits (underscores ignored) as a 128-bit value. */
static bool tk_hex_digits(const char *tok, unsigned max_digits, uint64_t *lo, uint64_t *hi)
{
    uint64_t l = 0, h = 0;
    unsigned digits = 0;
    for (const char *p = tok; *p; p++) {
        if (*p == '_')
            continue;
        int d = isdigit((unsigned char)*p) ? *p - '0'
              : (*p >= 'a' && *p <= 'f') ? *p - 'a' + 10
              : (*p >= 'A' && *p <= 'F') ? *p - 'A' + 10 : -1;
        if (d < 0 || ++digits > max_digits)
            return false;
        h = h << 4 | l >> 60;
        l = l << 4 | (unsigned)d;
    }
    *lo = l;
    *hi = h;
    return digits > 0;
}

static bool tk_hex(const char *tok, uint64_t *v)
{
    uint64_t hi;
    return tk_hex_digits(tok, 16, v, &hi);
}

static bool tk_hex128(const char *tok, uint64_t *lo, uint64_t *hi) { return tk_hex_digits(tok, 32, lo, hi); }

/* "EL2h_ns" -> mode byte; false when it is not a mode. */
static bool tk_mode(const char *tok, uint8_t *mode)
{
    if (strncmp(tok, "EL", 2) != 0 || tok[2] < '0' || tok[2] > '3' || (tok[3] != 'h' && tok[3] != 't'))
        return false;
    const char *sec = tok + 4;
    bool secure = strcmp(sec, "_s") == 0;
    if (!secure && strcmp(sec, "_ns") != 0)
        return false;
    *mode = trace_mode((unsigned)(tok[2] - '0'), tok[3] == 'h', secure);
    return true;
}

/* "EL2_ns" (E lines) -> el, secure. */
static bool tk_el(const char *tok, unsigned *el, bool *secure)
{
    if (strncmp(tok, "EL", 2) != 0 || tok[2] < '0' || tok[2] > '3')
        return false;
    *el = (unsigned)(tok[2] - '0');
    if (strcmp(tok + 3, "_s") == 0)
        *secure = true;
    else if (strcmp(tok + 3, "_ns") == 0)
        *secure = false;
    else
        return false;
    return true;
}

static uint32_t tarmac_name_id(Source *s, const char *name)
{
    for (unsigned i = 0; i < s->nnames; i++)
        if (strcmp(s->names[i], name) == 0)
            return i;
    if (s->nnames == TARMAC_NAMES)
        return TARMAC_NAMES - 1;
    s->names[s->nnames] = strdup(name);
    return s->names[s->nnames] ? s->nnames++ : 0;
}

/* One Tarmac line into an event: 1, or 0 for a line that carries none. */
static int tarmac_parse(Source *s, char *line, TraceEvent *ev)
{
    char *tok[24];
    unsigned nt = 0;
    for (char *p = strtok(line, " \t\r\n"); p && nt < 24; p = strtok(NULL, " \t\r\n"))
        tok[nt++] = p;
    unsigned k = 0;
    uint64_t ts, v;
    if (nt < 3 || !parse_number(tok[0], &ts))
        return 0;
    k = 1;
    if (strcmp(tok[k], "clk") == 0 || strcmp(tok[k], "ns") == 0 || strcmp(tok[k], "cyc") == 0)
        k++;
    unsigned cpu = 0;
    if (k < nt && strncmp(tok[k], "cpu", 3) == 0) {
        if (!parse_number(tok[k] + 3, &v) || v >= TRACE_MAX_CPUS)
            return 0;
        cpu = (unsigned)v;
        k++;
    }
    if (k >= nt)
        return 0;
    memset(ev, 0, sizeof *ev);
    ev->cpu = (uint8_t)cpu;
    ev->ts = ts;
    const char *kind = tok[k++];
    unsigned left = nt - k;
    char **a = tok + k;
    if (strcmp(kind, "IT") == 0 || strcmp(kind, "IS") == 0) {
        /* IT (N) PC OPCODE O MODE : ... */
        size_t l = left ? strlen(a[0]) : 0;
        uint64_t n, pc, op;
        if (left < 6 || l < 3 || a[0][0] != '(' || a[0][l - 1] != ')')
            return -1;
        a[0][l - 1] = 0;
        if (!parse_number(a[0] + 1, &n) || !tk_hex(a[1], &pc) || !tk_hex(a[2], &op) || op > UINT32_MAX ||
            !tk_mode(a[4], &ev->insn.mode))
            return -1;
        ev->kind = TEV_INSN;
        ev->insn.icount = n;
        ev->insn.pc = pc;
        ev->insn.opcode = (uint32_t)op;
        ev->insn.ccfail = kind[1] == 'S';
        s->last_n[cpu] = n;
        s->last_ts[cpu] = ts;
        return 1;
    }
    if (strcmp(kind, "R") == 0) {
        const char *name = left ? a[0] : "";
        /* q0-q31: a V register, 128 bits. */
        if ((name[0] == 'q' || name[0] == 'Q') && isdigit((unsigned char)name[1]) && parse_number(name + 1, &v) &&
            v <= 31) {
            if (left < 2 || !tk_hex128(a[1], &ev->vreg.lo, &ev->vreg.hi))
                return -1;
            ev->kind = TEV_VREG;
            ev->vreg.n = (uint8_t)v;
            return 1;
        }
        if (left < 2 || !tk_hex(a[1], &v))
            return -1;
        if ((name[0] == 'X' || name[0] == 'W') && isdigit((unsigned char)name[1]) && parse_number(name + 1, &ts) &&
            ts <= 30) {
            ev->kind = TEV_REG;
            ev->reg.n = (uint8_t)ts;
            ev->reg.value = v;
        } else if (strncmp(name, "SP_EL", 5) == 0 && name[5] >= '0' && name[5] <= '3' && !name[6]) {
            ev->kind = TEV_SP;
            ev->sp.bank = (uint8_t)(name[5] - '0');
            ev->sp.value = v;
        } else if (strcmp(name, "cpsr") == 0) {
            ev->kind = TEV_CPSR;
            ev->cpsr.value = (uint32_t)v;
        } else {
            ev->kind = TEV_SYSREG;
            ev->sysreg.id = tarmac_name_id(s, name);
            ev->sysreg.name = ev->sysreg.id < s->nnames ? s->names[ev->sysreg.id] : "?";
            ev->sysreg.value = v;
        }
        return 1;
    }
    if (kind[0] == 'M' && (kind[1] == 'R' || kind[1] == 'W') && parse_number(kind + 2, &v)) {
        char *colon = left >= 2 ? strchr(a[0], ':') : NULL;
        uint64_t va, pa, val;
        if (colon)
            *colon = 0;
        if (left < 2 || !tk_hex(a[0], &va) || !tk_hex(a[1], &val) || (v != 1 && v != 2 && v != 4 && v != 8))
            return -1;
        pa = va;
        if (colon && !tk_hex(colon + 1, &pa))
            return -1;
        ev->kind = TEV_MEM;
        ev->mem.va = va;
        ev->mem.pa = pa;
        ev->mem.value = val;
        ev->mem.size = (uint8_t)v;
        ev->mem.write = kind[1] == 'W';
        return 1;
    }
    if (strcmp(kind, "E") == 0) {
        /* E ADDR VECTOR CoreEvent_KIND [ec=.. iss=.. far=..] from=ELn_x to=ELn_x */
        TransitionEvent *t = &ev->tr;
        uint64_t addr, vec;
        if (left < 5 || !tk_hex(a[0], &addr) || !tk_hex(a[1], &vec) || strncmp(a[2], "CoreEvent_", 10) != 0)
            return 0;   /* another producer's event: nothing to take from it */
        bool have_from = false, have_to = false;
        for (unsigned i = 3; i < left; i++) {
            char *eq = strchr(a[i], '=');
            if (!eq)
                continue;
            *eq++ = 0;
            if (strcmp(a[i], "from") == 0)
                have_from = tk_el(eq, &t->from_el, &t->from_secure);
            else if (strcmp(a[i], "to") == 0)
                have_to = tk_el(eq, &t->to_el, &t->to_secure);
            else if (strcmp(a[i], "ec") == 0 && parse_number(eq, &v) && v < 64)
                t->ec = (unsigned)v;
            else if (strcmp(a[i], "iss") == 0 && parse_number(eq, &v))
                t->iss = (uint32_t)v;
            else if (strcmp(a[i], "far") == 0 && parse_number(eq, &v))
                t->far = v;
        }
        if (!have_from || !have_to)
            return 0;
        ev->kind = TEV_TRANSITION;
        t->cpu = (int)cpu;
        t->is_eret = strcmp(a[2], "CoreEvent_ERET") == 0;
        t->cycles = ts;
        t->icount = s->last_n[cpu];
        if (t->is_eret) {
            /* The ERET's own IT line came first; the return happens before it retires. */
            if (s->last_ts[cpu] == ts && t->icount)
                t->icount--;
            t->pc = t->elr = addr;
        } else {
            t->elr = addr;
            t->vector = vec;
            const char *vk = a[2] + 10;
            size_t vl = strlen(vk);
            t->type = vl > 4 && strcmp(vk + vl - 4, "_IRQ") == 0 ? 1
                    : vl > 4 && strcmp(vk + vl - 4, "_FIQ") == 0 ? 2
                    : vl > 7 && strcmp(vk + vl - 7, "_SERROR") == 0 ? 3 : 0;
        }
        return 1;
    }
    return 0;   /* SIGNAL, CADI and other text-only events */
}

/* The next event: 1, 0 at the end, -1 on a corrupt binary trace (after printing why). */
static int source_next(Source *s, TraceEvent *ev)
{
    if (s->bin) {
        int k = trace_reader_next(s->bin, ev);
        if (k < 0)
            fprintf(stderr, "tetrarch: trace: %s: %s\n", s->path, trace_reader_error(s->bin));
        return k;
    }
    for (;;) {
        ssize_t n = getline(&s->line, &s->linecap, s->f);
        if (n < 0)
            return 0;
        s->lineno++;
        int k = tarmac_parse(s, s->line, ev);
        if (k > 0) {
            if (ev->cpu + 1u > s->info.ncpu)
                s->info.ncpu = ev->cpu + 1u;
            return 1;
        }
        if (k < 0)
            s->skipped++;
    }
}

/* Warnings at the end of a successful read: a truncated binary trace, unparsed Tarmac. */
static void source_finish(Source *s)
{
    uint64_t lost;
    if (s->bin && trace_reader_truncated(s->bin, &lost))
        fprintf(stderr, "tetrarch: trace: %s: warning: truncated (the run was killed?): read up to the "
                "last complete block, %llu bytes after it ignored\n", s->path, (unsigned long long)lost);
    else if (s->bin && trace_reader_end_marker(s->bin) == 0)
        fprintf(stderr, "tetrarch: trace: %s: warning: no end marker: the run did not finish cleanly "
                "(killed?); read up to the last complete block\n", s->path);
    if (s->skipped)
        fprintf(stderr, "tetrarch: trace: %s: warning: %llu malformed Tarmac lines ignored\n", s->path,
                (unsigned long long)s->skipped);
}

/* ==== summary ==== */

#define VMID_HOST 0xFFFFFFFEu   /* EL2/EL3: no VMID or ASID applies */
#define RT_STACK 16

typedef struct {
    uint32_t id;
    uint64_t icount, cycles;
} IdAcc;

/* The IDs seen, in an array (for the report) indexed by an open-addressing hash: constant
 * time per record however many VMIDs and ASIDs a trace holds. */
typedef struct {
    IdAcc *v;
    size_t n, cap;
    uint32_t *slot;   /* 1 + index into v, 0 for an empty slot; 2 * cap slots */
} IdTable;

typedef struct {
    unsigned type, ec, from, to;
    uint64_t cycles;
} RtEntry;

typedef struct {
    unsigned type, ec, from, to;
    uint64_t count, sum, min, max;
} RtStat;

typedef struct {
    bool marked;             /* the core's EL and context are known from mark_* on */
    unsigned el;
    uint32_t vmid, asid;
    uint64_t mark_icount, mark_cycles;
    bool seen;
    uint64_t last_icount, last_cycles;
    bool insn_seen;          /* a filtered trace: the previous INSN record's icount and time */
    uint64_t insn_icount, insn_ts;
    RtEntry stack[RT_STACK];
    unsigned depth;
} SumCore;

typedef struct {
    SumCore core[TRACE_MAX_CPUS];
    uint64_t exc[4][4][4][64];       /* from, to, type, ec */
    uint64_t eret[4][4];
    uint64_t el_icount[4], el_cycles[4];
    IdTable vmids, asids;
    uint64_t vectors[4][16];         /* target EL, vector slot */
    RtStat *rt;
    size_t nrt, rtcap;
    uint16_t rt_index[4][64][4][4];  /* 1 + index into rt by type, EC, from, to; 0: none yet */
    uint64_t n_insn, n_reg, n_mem, n_tr, n_events;
    bool filtered;           /* TW_FILTERED: count per EL from the INSN records only */
    bool oom;
} Summary;

static size_t id_hash(uint32_t id, size_t nslots) { return (size_t)((id * 0x9E3779B1u) >> 7) & (nslots - 1); }

static void id_add(Summary *sm, IdTable *t, uint32_t id, uint64_t icount, uint64_t cycles)
{
    size_t nslots = 2 * t->cap;
    if (t->slot) {
        for (size_t h = id_hash(id, nslots);; h = (h + 1) & (nslots - 1)) {
            uint32_t k = t->slot[h];
            if (k == 0)
                break;
            if (t->v[k - 1].id == id) {
                t->v[k - 1].icount += icount;
                t->v[k - 1].cycles += cycles;
                return;
            }
        }
    }
    if (t->n == t->cap) {
        size_t cap = t->cap ? 2 * t->cap : 16;
        IdAcc *v = realloc(t->v, cap * sizeof *v);
        uint32_t *slot = calloc(2 * cap, sizeof *slot);
        if (!v || !slot) {
            if (v)
                t->v = v;
            free(slot);
            sm->oom = true;
            return;
        }
        t->v = v;
        t->cap = cap;
        free(t->slot);
        t->slot = slot;
        nslots = 2 * cap;
        for (size_t i = 0; i < t->n; i++) {
            size_t h = id_hash(t->v[i].id, nslots);
            while (t->slot[h])
                h = (h + 1) & (nslots - 1);
            t->slot[h] = (uint32_t)i + 1;
        }
    }
    size_t h = id_hash(id, nslots);
    while (t->slot[h])
        h = (h + 1) & (nslots - 1);
    t->slot[h] = (uint32_t)t->n + 1;
    t->v[t->n++] = (IdAcc){id, icount, cycles};
}

/* Attribute the instructions and cycles since the core's mark to its EL and context. */
static void sum_account(Summary *sm, SumCore *c, uint64_t icount, uint64_t cycles)
{
    /* In a filtered trace the time between two records may have been left out: the INSN
     * records count instead (sum_filtered_insn). */
    if (!c->marked || sm->filtered)
        return;
    uint64_t di = icount >= c->mark_icount ? icount - c->mark_icount : 0;
    uint64_t dc = cycles >= c->mark_cycles ? cycles - c->mark_cycles : 0;
    sm->el_icount[c->el] += di;
    sm->el_cycles[c->el] += dc;
    bool guest = c->el <= 1;
    id_add(sm, &sm->vmids, guest ? c->vmid : VMID_HOST, di, dc);
    id_add(sm, &sm->asids, guest ? c->asid : VMID_HOST, di, dc);
    c->mark_icount = icount;
    c->mark_cycles = cycles;
}

static void sum_mark(SumCore *c, uint64_t icount, uint64_t cycles)
{
    c->marked = true;
    c->mark_icount = icount;
    c->mark_cycles = cycles;
}

static void sum_seen(SumCore *c, uint64_t icount, uint64_t cycles)
{
    if (!c->seen || icount > c->last_icount || (icount == c->last_icount && cycles > c->last_cycles)) {
        c->last_icount = icount;
        c->last_cycles = cycles;
    }
    c->seen = true;
}

static void rt_add(Summary *sm, const RtEntry *e, uint64_t cost)
{
    uint16_t *ix = &sm->rt_index[e->type & 3][e->ec & 63][e->from & 3][e->to & 3];
    if (*ix) {
        RtStat *r = &sm->rt[*ix - 1];
        r->count++;
        r->sum += cost;
        r->min = cost < r->min ? cost : r->min;
        r->max = cost > r->max ? cost : r->max;
        return;
    }
    if (sm->nrt == sm->rtcap) {
        size_t cap = sm->rtcap ? 2 * sm->rtcap : 16;
        RtStat *v = realloc(sm->rt, cap * sizeof *v);
        if (!v) {
            sm->oom = true;
            return;
        }
        sm->rt = v;
        sm->rtcap = cap;
    }
    sm->rt[sm->nrt++] = (RtStat){e->type, e->ec, e->from, e->to, 1, cost, cost, cost};
    *ix = (uint16_t)sm->nrt;
}

static void sum_transition(Summary *sm, SumCore *c, const TransitionEvent *t)
{
    unsigned from = t->from_el & 3, to = t->to_el & 3;
    sum_account(sm, c, t->icount, t->cycles);
    if (t->is_eret) {
        sm->eret[from][to]++;
        /* The matching entry: the innermost one into the EL this ERET leaves. */
        while (c->depth > 0) {
            RtEntry *e = &c->stack[--c->depth];
            if (e->to == from) {
                rt_add(sm, e, t->cycles >= e->cycles ? t->cycles - e->cycles : 0);
                break;
            }
        }
    } else {
        sm->exc[from][to][t->type & 3][t->ec & 63]++;
        sm->vectors[to][(t->vector >> 7) & 15]++;
        if (c->depth == RT_STACK) {
            memmove(c->stack, c->stack + 1, (RT_STACK - 1) * sizeof c->stack[0]);
            c->depth--;
        }
        c->stack[c->depth++] = (RtEntry){t->type & 3, t->type == EXC_SYNC || t->type == EXC_SERROR ? t->ec & 63 : 0,
                                         from, to, t->cycles};
    }
    c->el = to;
    sum_mark(c, t->icount, t->cycles);
    sum_seen(c, t->icount, t->cycles);
}

/* A filtered trace: each INSN record is one instruction at its EL, costing the cycles since
 * the core's previous instruction when that one is in the file too (else 0: unknown). */
static void sum_filtered_insn(Summary *sm, SumCore *c, const TraceEvent *ev)
{
    unsigned el = trace_mode_el(ev->insn.mode);
    uint64_t dc = c->insn_seen && ev->insn.icount == c->insn_icount + 1 && ev->ts >= c->insn_ts
                      ? ev->ts - c->insn_ts : 0;
    sm->el_icount[el]++;
    sm->el_cycles[el] += dc;
    bool guest = el <= 1;
    id_add(sm, &sm->vmids, guest ? c->vmid : VMID_HOST, 1, dc);
    id_add(sm, &sm->asids, guest ? c->asid : VMID_HOST, 1, dc);
    c->insn_seen = true;
    c->insn_icount = ev->insn.icount;
    c->insn_ts = ev->ts;
}

static void sum_event(Summary *sm, const TraceEvent *ev)
{
    SumCore *c = &sm->core[ev->cpu % TRACE_MAX_CPUS];
    sm->n_events++;
    switch (ev->kind) {
    case TEV_INSN: {
        sm->n_insn++;
        unsigned el = trace_mode_el(ev->insn.mode);
        uint64_t before = ev->insn.icount ? ev->insn.icount - 1 : 0;
        if (!c->marked) {
            /* No state record before (a filtered trace, or Tarmac): start here. */
            c->el = el;
            c->vmid = c->asid = TRACE_NO_ID;
            sum_mark(c, before, ev->ts);
        } else if (el != c->el) {
            /* An EL change without its transition (a trace without them). */
            sum_account(sm, c, before, ev->ts);
            c->el = el;
        }
        if (sm->filtered)
            sum_filtered_insn(sm, c, ev);
        sum_seen(c, ev->insn.icount, ev->ts);
        break;
    }
    case TEV_REG: case TEV_VREG: case TEV_SP: case TEV_CPSR: case TEV_SYSREG:
        sm->n_reg++;
        break;
    case TEV_MEM:
        sm->n_mem++;
        break;
    case TEV_TRANSITION:
        sm->n_tr++;
        if (!c->marked)
            c->vmid = c->asid = TRACE_NO_ID;
        sum_transition(sm, c, &ev->tr);
        break;
    case TEV_STATE:
        if (ev->state.off) {
            c->marked = false;
            break;
        }
        sum_account(sm, c, ev->state.icount, ev->ts);
        c->el = trace_mode_el(ev->state.mode);
        c->vmid = ev->state.vmid;
        c->asid = ev->state.asid;
        sum_mark(c, ev->state.icount, ev->ts);
        sum_seen(c, ev->state.icount, ev->ts);
        break;
    case TEV_CONTEXT:
        sum_account(sm, c, ev->ctx.icount, ev->ts);
        c->vmid = ev->ctx.vmid;
        c->asid = ev->ctx.asid;
        if (!c->marked)
            sum_mark(c, ev->ctx.icount, ev->ts);
        sum_seen(c, ev->ctx.icount, ev->ts);
        break;
    case TEV_END:
        sum_account(sm, c, ev->end.icount, ev->ts);
        c->marked = false;
        sum_seen(c, ev->end.icount, ev->ts);
        break;
    default:
        break;
    }
}

static const char *id_name(uint32_t id, char *buf, size_t len)
{
    if (id == VMID_HOST)
        return "EL2/EL3";
    if (id == TRACE_NO_ID)
        return "none";
    snprintf(buf, len, "%u", id);
    return buf;
}

static int cmp_idacc(const void *a, const void *b)
{
    uint32_t x = ((const IdAcc *)a)->id, y = ((const IdAcc *)b)->id;
    return x < y ? -1 : x > y;
}

static void print_ids(FILE *f, const char *title, const char *col, IdTable *t)
{
    fprintf(f, "\n%s\n  %-8s %14s %14s\n", title, col, "instructions", "cycles");
    if (t->n) /* t->v is NULL when empty, which qsort may not be given */
        qsort(t->v, t->n, sizeof *t->v, cmp_idacc);
    for (size_t i = 0; i < t->n; i++) {
        char buf[16];
        fprintf(f, "  %-8s %14" PRIu64 " %14" PRIu64 "\n", id_name(t->v[i].id, buf, sizeof buf), t->v[i].icount,
                t->v[i].cycles);
    }
    if (t->n == 0)
        fprintf(f, "  (no instructions)\n");
}

static int cmp_rt(const void *a, const void *b)
{
    const RtStat *x = a, *y = b;
    if (x->type != y->type)
        return x->type < y->type ? -1 : 1;
    if (x->ec != y->ec)
        return x->ec < y->ec ? -1 : 1;
    if (x->from != y->from)
        return x->from < y->from ? -1 : 1;
    return x->to < y->to ? -1 : x->to > y->to;
}

typedef struct {
    unsigned to, slot;
    uint64_t count;
} VecCount;

static int cmp_vec(const void *a, const void *b)
{
    const VecCount *x = a, *y = b;
    if (x->count != y->count)
        return x->count > y->count ? -1 : 1;
    if (x->to != y->to)
        return x->to < y->to ? -1 : 1;
    return x->slot < y->slot ? -1 : x->slot > y->slot;
}

static const char *what_text(unsigned what, char *buf, size_t len)
{
    snprintf(buf, len, "%s%s%s%s", what & TW_TRANSITIONS ? "transitions," : "", what & TW_INSNS ? "insns," : "",
             what & TW_REGS ? "regs," : "", what & TW_MEM ? "mem," : "");
    size_t n = strlen(buf);
    if (n)
        buf[n - 1] = 0;
    return buf;
}

static void print_summary(FILE *f, Summary *sm, const Source *src)
{
    char buf[64];
    if (src->bin)
        fprintf(f, "trace %s: binary version %u, %u core%s, recorded: %s\n", src->path, src->info.version,
                src->info.ncpu, src->info.ncpu == 1 ? "" : "s", what_text(src->info.what, buf, sizeof buf));
    else
        fprintf(f, "trace %s: Tarmac, %u core%s\n", src->path, src->info.ncpu, src->info.ncpu == 1 ? "" : "s");
    fprintf(f, "records: %" PRIu64 " instructions, %" PRIu64 " register writes, %" PRIu64 " memory accesses, %" PRIu64
            " transitions\n", sm->n_insn, sm->n_reg, sm->n_mem, sm->n_tr);

    fprintf(f, "\nTransitions by exception class\n  %-4s %-4s %-7s %-5s %-14s %10s\n", "from", "to", "type", "EC",
            "name", "count");
    uint64_t nexc = 0, neret = 0;
    for (unsigned from = 0; from < 4; from++)
        for (unsigned to = 0; to < 4; to++) {
            for (unsigned type = 0; type < 4; type++)
                for (unsigned ec = 0; ec < 64; ec++) {
                    uint64_t n = sm->exc[from][to][type][ec];
                    if (!n)
                        continue;
                    nexc += n;
                    bool has_ec = type == EXC_SYNC || type == EXC_SERROR;
                    char ecs[8];
                    snprintf(ecs, sizeof ecs, "0x%02x", ec);
                    fprintf(f, "  EL%u  EL%u  %-7s %-5s %-14s %10" PRIu64 "\n", from, to, exc_type_name(type),
                            has_ec ? ecs : "-", has_ec ? ec_name(ec) : "-", n);
                }
            if (sm->eret[from][to]) {
                neret += sm->eret[from][to];
                fprintf(f, "  EL%u  EL%u  %-7s %-5s %-14s %10" PRIu64 "\n", from, to, "eret", "-", "-",
                        sm->eret[from][to]);
            }
        }
    fprintf(f, "  total: %" PRIu64 " exceptions, %" PRIu64 " exception returns\n", nexc, neret);

    if (src->bin && trace_reader_end_marker(src->bin) == 0)
        fprintf(f, "no end marker: the run did not finish cleanly (killed?)\n");
    if (sm->filtered)
        fprintf(f, "filtered (tetrarch trace filter): instructions and cycles count the instruction records "
                "kept%s\n", src->info.what & TW_INSNS ? "" : ", and it has none (recorded without insns)");
    fprintf(f, "\nInstructions and cycles per EL\n  %-8s %14s %14s\n", "EL", "instructions", "cycles");
    for (unsigned el = 0; el < 4; el++)
        fprintf(f, "  EL%-6u %14" PRIu64 " %14" PRIu64 "\n", el, sm->el_icount[el], sm->el_cycles[el]);
    print_ids(f, "Per VMID (EL0/EL1; none: stage 2 off)", "VMID", &sm->vmids);
    print_ids(f, "Per ASID (EL0/EL1; none: stage 1 off)", "ASID", &sm->asids);

    VecCount vec[64];
    unsigned nvec = 0;
    for (unsigned to = 0; to < 4; to++)
        for (unsigned slot = 0; slot < 16; slot++)
            if (sm->vectors[to][slot])
                vec[nvec++] = (VecCount){to, slot, sm->vectors[to][slot]};
    qsort(vec, nvec, sizeof vec[0], cmp_vec);
    fprintf(f, "\nHottest exception vectors\n  %-6s %-7s %-20s %10s\n", "target", "offset", "vector", "count");
    for (unsigned i = 0; i < nvec && i < 10; i++)
        fprintf(f, "  EL%-4u 0x%03x   %-20s %10" PRIu64 "\n", vec[i].to, vec[i].slot << 7,
                tarmac_vector_name((uint64_t)vec[i].slot << 7), vec[i].count);
    if (nvec == 0)
        fprintf(f, "  (no exceptions)\n");

    if (sm->nrt)
        qsort(sm->rt, sm->nrt, sizeof *sm->rt, cmp_rt);
    fprintf(f, "\nException round trips (entry to the matching ERET), cycles\n  %-4s %-4s %-7s %-5s %-14s %8s %10s %10s %10s\n",
            "from", "to", "type", "EC", "name", "count", "average", "min", "max");
    for (size_t i = 0; i < sm->nrt; i++) {
        const RtStat *r = &sm->rt[i];
        bool has_ec = r->type == EXC_SYNC || r->type == EXC_SERROR;
        char ecs[8];
        snprintf(ecs, sizeof ecs, "0x%02x", r->ec);
        fprintf(f, "  EL%u  EL%u  %-7s %-5s %-14s %8" PRIu64 " %10.1f %10" PRIu64 " %10" PRIu64 "\n", r->from, r->to,
                exc_type_name(r->type), has_ec ? ecs : "-", has_ec ? ec_name(r->ec) : "-", r->count,
                (double)r->sum / (double)r->count, r->min, r->max);
    }
    if (sm->nrt == 0)
        fprintf(f, "  (no completed round trips)\n");
}

static int cmd_summary(int argc, char **argv)
{
    if (argc != 2)
        return argc < 2 ? usage("summary: missing FILE") : usage("summary: unexpected argument '%s'", argv[2]);
    Source src;
    int rc = source_open(&src, argv[1]);
    if (rc)
        return rc;
    Summary *sm = calloc(1, sizeof *sm);
    if (!sm) {
        source_close(&src);
        fprintf(stderr, "tetrarch: trace: out of memory\n");
        return TOOL_HOST;
    }
    sm->filtered = (src.info.what & TW_FILTERED) != 0;
    TraceEvent ev;
    int k;
    while ((k = source_next(&src, &ev)) > 0)
        sum_event(sm, &ev);
    if (k == 0) {
        /* Cores still recording at the end (a killed run, or Tarmac): up to the last event. */
        for (unsigned i = 0; i < TRACE_MAX_CPUS; i++)
            if (sm->core[i].marked && sm->core[i].seen)
                sum_account(sm, &sm->core[i], sm->core[i].last_icount, sm->core[i].last_cycles);
        print_summary(stdout, sm, &src);
        source_finish(&src);
        if (sm->oom) {
            fprintf(stderr, "tetrarch: trace: out of memory\n");
            k = -2;
        }
    }
    free(sm->vmids.v);
    free(sm->asids.v);
    free(sm->vmids.slot);
    free(sm->asids.slot);
    free(sm->rt);
    free(sm);
    source_close(&src);
    if (fflush(stdout) != 0) {
        fprintf(stderr, "tetrarch: trace: cannot write the summary: %s\n", strerror(errno));
        return TOOL_HOST;
    }
    return k == 0 ? TOOL_OK : k == -2 ? TOOL_HOST : TOOL_BAD_INPUT;
}

/* ==== convert ==== */

/* Chrome trace-event JSON: per core, one complete event per stay in an EL, and an instant
 * event per exception. Timestamps are cycles shown as nanoseconds (a 1 GHz clock). */
typedef struct {
    FILE *f;
    bool first;
    struct {
        bool open, named;
        unsigned el;
        bool secure;
        uint32_t vmid;
        uint64_t start, last;
    } core[TRACE_MAX_CPUS];
} Chrome;

static void json_sep(Chrome *ch)
{
    fputs(ch->first ? "\n" : ",\n", ch->f);
    ch->first = false;
}

static void chrome_ts(FILE *f, const char *key, uint64_t cycles)
{
    fprintf(f, "\"%s\":%" PRIu64 ".%03u", key, cycles / 1000, (unsigned)(cycles % 1000));
}

static void chrome_name_core(Chrome *ch, unsigned cpu)
{
    if (ch->core[cpu].named)
        return;
    ch->core[cpu].named = true;
    json_sep(ch);
    fprintf(ch->f, "{\"name\":\"thread_name\",\"ph\":\"M\",\"pid\":1,\"tid\":%u,\"args\":{\"name\":\"cpu%u\"}}", cpu,
            cpu);
    json_sep(ch);
    fprintf(ch->f, "{\"name\":\"thread_sort_index\",\"ph\":\"M\",\"pid\":1,\"tid\":%u,\"args\":{\"sort_index\":%u}}",
            cpu, cpu);
}

static void chrome_close_slice(Chrome *ch, unsigned cpu, uint64_t end)
{
    if (!ch->core[cpu].open)
        return;
    ch->core[cpu].open = false;
    uint64_t start = ch->core[cpu].start;
    json_sep(ch);
    fprintf(ch->f, "{\"name\":\"EL%u%s\",\"cat\":\"el\",\"ph\":\"X\",\"pid\":1,\"tid\":%u,", ch->core[cpu].el,
            ch->core[cpu].secure ? " Secure" : "", cpu);
    chrome_ts(ch->f, "ts", start);
    fputc(',', ch->f);
    chrome_ts(ch->f, "dur", end >= start ? end - start : 0);
    fprintf(ch->f, ",\"args\":{\"el\":%u,\"secure\":%s", ch->core[cpu].el, ch->core[cpu].secure ? "true" : "false");
    if (ch->core[cpu].vmid != TRACE_NO_ID && ch->core[cpu].el <= 1)
        fprintf(ch->f, ",\"vmid\":%u", ch->core[cpu].vmid);
    fputs("}}", ch->f);
}

static void chrome_open_slice(Chrome *ch, unsigned cpu, uint64_t ts, unsigned el, bool secure)
{
    chrome_name_core(ch, cpu);
    chrome_close_slice(ch, cpu, ts);
    ch->core[cpu].open = true;
    ch->core[cpu].start = ts;
    ch->core[cpu].el = el;
    ch->core[cpu].secure = secure;
}

static void chrome_event(Chrome *ch, const TraceEvent *ev)
{
    unsigned cpu = ev->cpu % TRACE_MAX_CPUS;
    if (ev->ts > ch->core[cpu].last)
        ch->core[cpu].last = ev->ts;
    switch (ev->kind) {
    case TEV_STATE:
        if (ev->state.off) {
            chrome_close_slice(ch, cpu, ev->ts);
            break;
        }
        ch->core[cpu].vmid = ev->state.vmid;
        chrome_open_slice(ch, cpu, ev->ts, trace_mode_el(ev->state.mode), trace_mode_secure(ev->state.mode));
        break;
    case TEV_INSN: {
        unsigned el = trace_mode_el(ev->insn.mode);
        bool secure = trace_mode_secure(ev->insn.mode);
        if (!ch->core[cpu].open)
            ch->core[cpu].vmid = TRACE_NO_ID;
        /* A new slice when there was none, or the EL changed without a transition record. */
        if (!ch->core[cpu].open || ch->core[cpu].el != el || ch->core[cpu].secure != secure)
            chrome_open_slice(ch, cpu, ev->ts, el, secure);
        break;
    }
    case TEV_CONTEXT:
        ch->core[cpu].vmid = ev->ctx.vmid;
        break;
    case TEV_END:
        chrome_close_slice(ch, cpu, ev->ts);
        break;
    case TEV_TRANSITION: {
        const TransitionEvent *t = &ev->tr;
        uint64_t at = t->cycles;
        if (at > ch->core[cpu].last)
            ch->core[cpu].last = at;
        chrome_open_slice(ch, cpu, at, t->to_el, t->to_secure);
        json_sep(ch);
        if (t->is_eret) {
            fprintf(ch->f, "{\"name\":\"ERET\",\"cat\":\"eret\",\"ph\":\"i\",\"s\":\"t\",\"pid\":1,\"tid\":%u,", cpu);
            chrome_ts(ch->f, "ts", at);
            fprintf(ch->f, ",\"args\":{\"from\":\"EL%u\",\"to\":\"EL%u\",\"pc\":\"0x%" PRIx64 "\"}}", t->from_el,
                    t->to_el, t->pc);
        } else {
            bool has_ec = t->type == EXC_SYNC || t->type == EXC_SERROR;
            fprintf(ch->f, "{\"name\":\"%s\",\"cat\":\"exception\",\"ph\":\"i\",\"s\":\"t\",\"pid\":1,\"tid\":%u,",
                    has_ec ? ec_name(t->ec) : exc_type_name(t->type), cpu);
            chrome_ts(ch->f, "ts", at);
            fprintf(ch->f, ",\"args\":{\"from\":\"EL%u\",\"to\":\"EL%u\",\"type\":\"%s\",\"ec\":\"0x%02x\","
                    "\"iss\":\"0x%07x\",\"elr\":\"0x%" PRIx64 "\",\"far\":\"0x%" PRIx64 "\",\"vector\":\"0x%03" PRIx64
                    "\"}}", t->from_el, t->to_el, exc_type_name(t->type), t->ec, t->iss, t->elr, t->far, t->vector);
        }
        break;
    }
    default:
        break;
    }
}

static int cmd_convert(int argc, char **argv)
{
    const char *in = NULL, *to = NULL, *out = NULL;
    for (int i = 1; i < argc; i++) {
        if (strcmp(argv[i], "--to") == 0 || strcmp(argv[i], "-o") == 0) {
            if (i + 1 >= argc)
                return usage("convert: %s needs a value", argv[i]);
            *(argv[i][1] == 'o' ? &out : &to) = argv[i + 1];
            i++;
        } else if (argv[i][0] == '-' && argv[i][1]) {
            return usage("convert: unknown option '%s'", argv[i]);
        } else if (!in) {
            in = argv[i];
        } else {
            return usage("convert: unexpected argument '%s'", argv[i]);
        }
    }
    if (!in)
        return usage("convert: missing FILE");
    if (!to)
        return usage("convert: missing --to tarmac|chrome");
    if (out && strcmp(out, "-") != 0 && outfile_same_file(out, in))
        return usage("convert: -o '%s' is the input file", out);
    bool tarmac = strcmp(to, "tarmac") == 0;
    if (!tarmac && strcmp(to, "chrome") != 0)
        return usage("convert: --to '%s': expected tarmac or chrome", to);
    Source src;
    int rc = source_open(&src, in);
    if (rc)
        return rc;
    if (tarmac && !src.bin) {
        source_close(&src);
        fprintf(stderr, "tetrarch: trace: %s: convert --to tarmac needs a binary trace\n", in);
        return TOOL_BAD_INPUT;
    }
    FILE *f = stdout;
    OutFile of = {.fd = -1};
    if (out && strcmp(out, "-") != 0) {
        char err[300];
        f = outfile_open(&of, out, OUT_REPLACE, err, sizeof err) ? outfile_stdio(&of, 0) : NULL;
        if (!f) {
            fprintf(stderr, "tetrarch: trace: %s\n", of.target ? strerror(errno) : err);
            outfile_discard(&of, false);
            source_close(&src);
            return TOOL_HOST;
        }
    }
    setvbuf(f, NULL, _IOFBF, 1 << 20);
    TraceEvent ev;
    int k;
    bool ok = true;
    if (tarmac) {
        TarmacWriter *w = tarmac_open(f, src.info.ncpu, src.info.what);
        if (!w) {
            fprintf(stderr, "tetrarch: trace: out of memory\n");
            ok = false;
            k = 0;
        } else {
            while ((k = source_next(&src, &ev)) > 0)
                tarmac_put(w, &ev);
            ok = tarmac_close(w);
        }
    } else {
        Chrome *ch = calloc(1, sizeof *ch);
        if (!ch) {
            fprintf(stderr, "tetrarch: trace: out of memory\n");
            source_close(&src);
            if (f != stdout)
                outfile_discard(&of, false);
            return TOOL_HOST;
        }
        ch->f = f;
        ch->first = true;
        fputs("{\"displayTimeUnit\":\"ns\",\"otherData\":{\"producer\":\"tetrarch\",\"timestamps\":"
              "\"cycles at 1 GHz\"},\"traceEvents\":[", f);
        json_sep(ch);
        fputs("{\"name\":\"process_name\",\"ph\":\"M\",\"pid\":1,\"args\":{\"name\":\"tetrarch\"}}", f);
        for (unsigned i = 0; i < src.info.ncpu && i < TRACE_MAX_CPUS; i++)
            chrome_name_core(ch, i);
        while ((k = source_next(&src, &ev)) > 0)
            chrome_event(ch, &ev);
        for (unsigned i = 0; i < TRACE_MAX_CPUS; i++)
            chrome_close_slice(ch, i, ch->core[i].last);
        fputs("\n]}\n", f);
        free(ch);
    }
    if (fflush(f) != 0 || ferror(f))
        ok = false;
    if (f != stdout && !outfile_finish(&of, ok, false))
        ok = false;
    if (!ok) {
        fprintf(stderr, "tetrarch: trace: %s: cannot write: %s\n", out ? out : "standard output", strerror(errno));
        source_close(&src);
        return TOOL_HOST;
    }
    if (k == 0)
        source_finish(&src);
    source_close(&src);
    return k == 0 ? TOOL_OK : TOOL_BAD_INPUT;
}

/* ==== filter ==== */

typedef struct {
    bool cpu_set, el_set, pc_set;
    unsigned cpu, el;
    uint64_t from, to, pc_lo, pc_hi;
} FilterSpec;

static int cmd_filter(int argc, char **argv)
{
    const char *in = NULL, *out = NULL;
    FilterSpec fs = {.to = UINT64_MAX};
    for (int i = 1; i < argc; i++) {
        const char *o = argv[i];
        if (o[0] == '-' && o[1]) {
            if (i + 1 >= argc)
                return usage("filter: %s needs a value", o);
            const char *v = argv[++i];
            uint64_t x;
            if (strcmp(o, "-o") == 0) {
                out = v;
            } else if (strcmp(o, "--cpu") == 0) {
                if (!parse_number(v, &x) || x >= TRACE_MAX_CPUS)
                    return usage("filter: --cpu '%s': expected a core number", v);
                fs.cpu_set = true;
                fs.cpu = (unsigned)x;
            } else if (strcmp(o, "--el") == 0) {
                if (!parse_number(v, &x) || x > 3)
                    return usage("filter: --el '%s': expected 0 to 3", v);
                fs.el_set = true;
                fs.el = (unsigned)x;
            } else if (strcmp(o, "--from") == 0) {
                if (!parse_number(v, &fs.from))
                    return usage("filter: --from '%s': expected a cycle number", v);
            } else if (strcmp(o, "--to") == 0) {
                if (!parse_number(v, &fs.to))
                    return usage("filter: --to '%s': expected a cycle number", v);
            } else if (strcmp(o, "--pc-range") == 0) {
                char lo[64];
                const char *dash = strchr(v, '-');
                size_t n = dash ? (size_t)(dash - v) : 0;
                if (!dash || n == 0 || n >= sizeof lo)
                    return usage("filter: --pc-range '%s': expected A-B", v);
                memcpy(lo, v, n);
                lo[n] = 0;
                if (!parse_number(lo, &fs.pc_lo) || !parse_number(dash + 1, &fs.pc_hi) || fs.pc_hi < fs.pc_lo)
                    return usage("filter: --pc-range '%s': expected A-B with A <= B", v);
                fs.pc_set = true;
            } else {
                return usage("filter: unknown option '%s'", o);
            }
        } else if (!in) {
            in = o;
        } else {
            return usage("filter: unexpected argument '%s'", o);
        }
    }
    if (!in)
        return usage("filter: missing FILE");
    if (!out)
        return usage("filter: missing -o OUT");
    if (fs.from > fs.to)
        return usage("filter: --from is after --to");
    if (outfile_same_file(out, in))
        return usage("filter: -o '%s' is the input file", out);
    Source src;
    int rc = source_open(&src, in);
    if (rc)
        return rc;
    if (!src.bin) {
        source_close(&src);
        fprintf(stderr, "tetrarch: trace: %s: filter reads binary traces only\n", in);
        return TOOL_BAD_INPUT;
    }
    if (fs.cpu_set && fs.cpu >= src.info.ncpu) {
        source_close(&src);
        fprintf(stderr, "tetrarch: trace: --cpu %u: the trace has %u core%s\n", fs.cpu, src.info.ncpu,
                src.info.ncpu == 1 ? "" : "s");
        return TOOL_USAGE;
    }
    char err[300];
    OutFile of;
    TraceWriter *w = NULL;
    TraceInfo oinfo = src.info;
    oinfo.what |= TW_FILTERED;   /* summary must not count the time between records it dropped */
    if (outfile_open(&of, out, OUT_REPLACE, err, sizeof err))
        w = trace_writer_open(of.fd, out, &oinfo, err, sizeof err);
    if (!w) {
        fprintf(stderr, "tetrarch: trace: %s\n", err);
        outfile_discard(&of, true);
        source_close(&src);
        return TOOL_HOST;
    }
    /* Per core: the current EL, and the decision for the instruction in progress (the
     * events after an INSN with its timestamp belong to it). */
    struct {
        unsigned el;
        bool unit, pass;
        uint64_t ts;
    } st[TRACE_MAX_CPUS] = {{0}};
    TraceEvent ev;
    int k;
    while ((k = source_next(&src, &ev)) > 0) {
        unsigned cpu = ev.cpu;
        bool cpu_ok = !fs.cpu_set || fs.cpu == cpu;
        bool pass;
        switch (ev.kind) {
        case TEV_STATE:
            st[cpu].el = trace_mode_el(ev.state.mode);
            st[cpu].unit = false;
            pass = cpu_ok;
            break;
        case TEV_CONTEXT: case TEV_END:
            st[cpu].unit = false;
            pass = cpu_ok;
            break;
        case TEV_INSN:
            st[cpu].el = trace_mode_el(ev.insn.mode);
            pass = cpu_ok && (!fs.el_set || st[cpu].el == fs.el) && ev.ts >= fs.from && ev.ts <= fs.to &&
                   (!fs.pc_set || (ev.insn.pc >= fs.pc_lo && ev.insn.pc <= fs.pc_hi));
            st[cpu].unit = true;
            st[cpu].pass = pass;
            st[cpu].ts = ev.ts;
            break;
        default:
            if (ev.kind == TEV_TRANSITION && fs.el_set) {
                /* An exception matches --el by either side, whatever its instruction. */
                bool in_unit = st[cpu].unit && st[cpu].ts == ev.ts;
                pass = cpu_ok && (ev.tr.from_el == fs.el || ev.tr.to_el == fs.el) && ev.ts >= fs.from &&
                       ev.ts <= fs.to && (!fs.pc_set || (in_unit && st[cpu].pass));
            } else if (st[cpu].unit && st[cpu].ts == ev.ts) {
                pass = st[cpu].pass;
            } else {
                st[cpu].unit = false;
                bool el_ok = !fs.el_set || (ev.kind == TEV_TRANSITION
                                                ? ev.tr.from_el == fs.el || ev.tr.to_el == fs.el
                                                : st[cpu].el == fs.el);
                pass = cpu_ok && el_ok && !fs.pc_set && ev.ts >= fs.from && ev.ts <= fs.to;
            }
            if (ev.kind == TEV_TRANSITION)
                st[cpu].el = ev.tr.to_el;
            break;
        }
        if (pass)
            trace_writer_put(w, &ev);
    }
    /* The output ends as its input did: with the end marker, or without (a killed run). A
     * version 1 or 2 input cannot say: it gets the marker, as it read without a warning. */
    trace_writer_set_end_marker(w, k == 0 && trace_reader_end_marker(src.bin) != 0);
    bool ok = trace_writer_close(w, err, sizeof err);
    if (!ok)
        fprintf(stderr, "tetrarch: trace: %s: cannot write: %s\n", out, err);
    ok = outfile_finish(&of, ok, true) && ok;
    if (k == 0)
        source_finish(&src);
    source_close(&src);
    return !ok ? TOOL_HOST : k == 0 ? TOOL_OK : TOOL_BAD_INPUT;
}

int trace_tool_main(int argc, char **argv)
{
    if (argc < 1)
        return usage("missing subcommand: summary, convert, filter or help");
    const char *cmd = argv[0];
    if (strcmp(cmd, "help") == 0 || strcmp(cmd, "--help") == 0 || strcmp(cmd, "-h") == 0) {
        fputs(help_text, stdout);
        return TOOL_OK;
    }
    if ((strcmp(cmd, "summary") == 0 || strcmp(cmd, "convert") == 0 || strcmp(cmd, "filter") == 0) &&
        wants_help(argc, argv)) {
        fputs(help_text, stdout);
        return TOOL_OK;
    }
    if (strcmp(cmd, "summary") == 0)
        return cmd_summary(argc, argv);
    if (strcmp(cmd, "convert") == 0)
        return cmd_convert(argc, argv);
    if (strcmp(cmd, "filter") == 0)
        return cmd_filter(argc, argv);
    return usage("unknown subcommand '%s'", cmd);
}
