/* SPDX-License-Identifier: MIT */
/* The trace event shared by the recorder, the Tarmac writer and `tetrarch trace`, and the
 * compact binary trace file that holds a stream of them (format in docs/tracing.md). */
#ifndef TETRARCH_TRACE_FORMAT_H
#define TETRARCH_TRACE_FORMAT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#include "sim/machine.h"

/* File header: magic, then little-endian fields (docs/tracing.md, "Binary format"). */
#define TRACE_MAGIC "TETRTRAC"
#define TRACE_VERSION 3          /* what the writer writes (3: the end marker, the filtered flag) */
#define TRACE_VERSION_MIN 1      /* the oldest the reader reads (1: no SIMD&FP registers) */
#define TRACE_HEADER_SIZE 32
/* Block header: "TBLK", compressed size, raw size, header check; then one zstd frame. */
#define TRACE_BLOCK_MAGIC "TBLK"
#define TRACE_BLOCK_HEADER_SIZE 16
#define TRACE_BLOCK_RAW_MAX (8u << 20)   /* readers reject larger blocks as corrupt */
#define TRACE_MAX_CPUS 64

/* What a trace holds (--trace-what; the header's `what` field). */
enum { TW_TRANSITIONS = 1, TW_INSNS = 2, TW_REGS = 4, TW_MEM = 8, TW_ALL = 15,
       /* Not recorded, but a flag (version 3 on): `tetrarch trace filter` wrote the file, so
        * instructions and time between its records were left out. */
       TW_FILTERED = 16 };

enum TraceEventKind {
    TEV_INSN,        /* an instruction ran (Tarmac IT, or IS when ccfail) */
    TEV_REG,         /* X<n> written */
    TEV_SP,          /* the current SP changed (value or bank): SP_EL<bank> */
    TEV_CPSR,        /* PSTATE changed (SPSR format) */
    TEV_MEM,         /* a data access (MR/MW) */
    TEV_SYSREG,      /* a system register written (MSR, or by an exception entry) */
    TEV_TRANSITION,  /* an exception entry or return (Tarmac E) */
    TEV_STATE,       /* a core's whole state where recording starts (Tarmac R lines) */
    TEV_CONTEXT,     /* a core's VMID/ASID changed (not in Tarmac) */
    TEV_END,         /* recording of a core ends (not in Tarmac) */
    TEV_VREG,        /* V<n> written (Tarmac R q<n>; version 2 on) */
    TEV_COUNT
};

/* The mode byte: EL in bits 1:0, SPSel in bit 2 (ELxh), Secure in bit 3. */
static inline uint8_t trace_mode(unsigned el, unsigned spsel, bool secure)
{
    return (uint8_t)((el & 3) | (spsel ? 4 : 0) | (secure ? 8 : 0));
}
static inline unsigned trace_mode_el(uint8_t mode) { return mode & 3; }
static inline bool trace_mode_secure(uint8_t mode) { return (mode & 8) != 0; }
/* "EL2h_ns", "EL0t_s": the Tarmac mode name (buf >= 8 bytes). */
const char *trace_mode_name(uint8_t mode, char *buf);

/* No VMID (stage 2 off, or EL2/EL3) / no ASID (stage 1 off). */
#define TRACE_NO_ID 0xFFFFFFFFu

/* One event. `ts` is the core's cycle count that the Tarmac line(s) carry. */
typedef struct {
    uint8_t kind;    /* enum TraceEventKind */
    uint8_t cpu;
    uint64_t ts;
    union {
        struct { uint64_t pc, icount; uint32_t opcode; uint8_t mode; bool ccfail; } insn;
        struct { uint8_t n; uint64_t value; } reg;
        struct { uint8_t n; uint64_t lo, hi; } vreg;     /* bits 63:0 and 127:64 */
        struct { uint8_t bank; uint64_t value; } sp;
        struct { uint32_t value; } cpsr;
        struct { uint64_t va, pa, value; uint8_t size; bool write; } mem;
        /* id: the recorder's sysreg id; in a file, the id its NAME record gave `name`. */
        struct { uint32_t id; const char *name; uint64_t value; } sysreg;
        TransitionEvent tr;  /* tr.cpu == cpu; tr.icount/cycles: when it happened */
        struct {
            uint64_t pc, icount, sp;
            const uint64_t *x;   /* X0-X30 (the writer's or reader's copy) */
            const uint64_t *v;   /* V0-V31 as 64 words, low half first; NULL in a version 1
                                  * trace, which has no SIMD&FP registers */
            uint32_t cpsr, vmid, asid;
            uint8_t mode;
            bool off;    /* the core is powered off (its registers mean nothing) */
        } state;         /* cycles = ts */
        struct { uint64_t icount; uint32_t vmid, asid; } ctx;   /* cycles = ts */
        struct { uint64_t icount; } end;                        /* cycles = ts */
    };
} TraceEvent;

typedef struct {
    unsigned version;
    unsigned what;   /* TW_* */
    unsigned ncpu;
} TraceInfo;

/* ---- Writing ---- */
typedef struct TraceWriter TraceWriter;
/* Write the file header to `fd` (opened for writing, owned by the writer from now on, closed
 * on failure too); `path` names it in messages. NULL with a message in err. */
TraceWriter *trace_writer_open(int fd, const char *path, const TraceInfo *info, char *err, size_t errlen);
/* Append one event (buffered; a full block is compressed and written with one write()). */
void trace_writer_put(TraceWriter *w, const TraceEvent *ev);
/* The same for an event known to be TEV_INSN, TEV_REG or TEV_MEM (the recorder's hot path).
 * Whatever the source's version, the file is written in TRACE_VERSION. */
void trace_writer_put_insn(TraceWriter *w, const TraceEvent *ev);
void trace_writer_put_reg(TraceWriter *w, const TraceEvent *ev);
void trace_writer_put_mem(TraceWriter *w, const TraceEvent *ev);
/* Whether close writes the end marker (the default: a run that gets to close finished
 * cleanly; `trace filter` copies its input's). */
void trace_writer_set_end_marker(TraceWriter *w, bool on);
/* Write the end marker (unless turned off) and the last block, and close; false with a message
 * in err after any write error. */
bool trace_writer_close(TraceWriter *w, char *err, size_t errlen);

/* ---- Reading ---- */
typedef struct TraceReader TraceReader;
/* Open and check the file header. NULL with a one-line message in err ("not a tetrarch
 * trace", "unsupported trace version N", ...). */
/* Open an input for reading without blocking on a FIFO; NULL with a message unless it is a
 * regular file. */
FILE *trace_input_open(const char *path, char *err, size_t errlen);
TraceReader *trace_reader_open(const char *path, char *err, size_t errlen);
const TraceInfo *trace_reader_info(const TraceReader *r);
/* The next event: 1, or 0 at the end, or -1 on a corrupt file (message in
 * trace_reader_error). Pointers in *ev (sysreg names) stay valid until the reader closes. */
int trace_reader_next(TraceReader *r, TraceEvent *ev);
const char *trace_reader_error(const TraceReader *r);
/* True when the file ends inside a block (a run that was killed): *lost is the number of
 * bytes after the last complete block. Meaningful once trace_reader_next returned 0. */
bool trace_reader_truncated(const TraceReader *r, uint64_t *lost);
/* Once trace_reader_next returned 0: 1 when the file ends with the end marker (the writer
 * closed it: the run finished cleanly), 0 when it does not (killed, possibly at a block
 * boundary), -1 for a version 1 or 2 file, which has no marker. */
int trace_reader_end_marker(const TraceReader *r);
void trace_reader_close(TraceReader *r);

#endif
