/* SPDX-License-Identifier: MIT */
/* The Tarmac writer: one or more text lines per trace event, in the Arm Fast Models dialect
 * that Arm's Tarmac Trace Utilities parse (docs/tracing.md, "Tarmac dialect"). Lines are
 * built by hand (no printf) and disassembly is cached by (PC, opcode): tracing is slow
 * enough already. */
#include "sim/tarmac.h"

#include <stdlib.h>
#include <string.h>

#include "sim/disasm.h"

#define DIS_CACHE_SIZE 16384   /* entries, a power of two */
#define DIS_TEXT 88

typedef struct {
    uint64_t pc;
    uint32_t opcode;
    bool valid;
    char text[DIS_TEXT];       /* mnemonic padded to 9 columns, then the operands */
} DisEntry;

struct TarmacWriter {
    FILE *f;
    unsigned ncpu, what;
    DisEntry *dis;
    char line[512];
};

static const char hex_lower[] = "0123456789abcdef";
static const char hex_upper[] = "0123456789ABCDEF";

static inline char *put_hex(char *p, uint64_t v, unsigned digits, const char *hex)
{
    for (unsigned i = digits; i-- > 0;) {
        p[i] = hex[v & 15];
        v >>= 4;
    }
    return p + digits;
}

static inline char *put_dec(char *p, uint64_t v)
{
    char tmp[24];
    unsigned n = 0;
    do {
        tmp[n++] = (char)('0' + v % 10);
        v /= 10;
    } while (v);
    while (n)
        *p++ = tmp[--n];
    return p;
}

static inline char *put_str(char *p, const char *s)
{
    size_t n = strlen(s);
    memcpy(p, s, n);
    return p + n;
}

/* An address: 8 hex digits when it fits in 32 bits (as Fast Models prints), else 16. */
static inline char *put_addr(char *p, uint64_t a)
{
    return put_hex(p, a, a >> 32 ? 16 : 8, hex_lower);
}

TarmacWriter *tarmac_open(FILE *f, unsigned ncpu, unsigned what)
{
    TarmacWriter *w = calloc(1, sizeof *w);
    if (!w)
        return NULL;
    w->f = f;
    w->ncpu = ncpu;
    w->what = what;
    return w;
}

bool tarmac_close(TarmacWriter *w)
{
    bool ok = fflush(w->f) == 0 && !ferror(w->f);
    free(w->dis);
    free(w);
    return ok;
}

const char *tarmac_vector_name(uint64_t offset)
{
    static const char *const names[16] = {
        "CURRENT_SP0_SYNC", "CURRENT_SP0_IRQ", "CURRENT_SP0_FIQ", "CURRENT_SP0_SERROR",
        "CURRENT_SPx_SYNC", "CURRENT_SPx_IRQ", "CURRENT_SPx_FIQ", "CURRENT_SPx_SERROR",
        "LOWER_A64_SYNC", "LOWER_A64_IRQ", "LOWER_A64_FIQ", "LOWER_A64_SERROR",
        "LOWER_A32_SYNC", "LOWER_A32_IRQ", "LOWER_A32_FIQ", "LOWER_A32_SERROR",
    };
    return names[(offset >> 7) & 15];
}

/* "mnemonic operands" from capstone, with the mnemonic padded to 9 columns. */
static const char *disassemble(TarmacWriter *w, uint64_t pc, uint32_t opcode)
{
    if (!w->dis)
        w->dis = calloc(DIS_CACHE_SIZE, sizeof *w->dis);
    DisEntry tmp, *e = &tmp;
    if (w->dis) {
        e = &w->dis[(opcode ^ (opcode >> 13) ^ (pc >> 2) ^ (pc >> 16)) & (DIS_CACHE_SIZE - 1)];
        if (e->valid && e->pc == pc && e->opcode == opcode)
            return e->text;
    }
    char buf[DIS_TEXT];
    disasm_a64(opcode, pc, buf, sizeof buf);
    const char *sp = strchr(buf, ' ');
    if (sp) {
        size_t mlen = (size_t)(sp - buf);
        size_t pad = mlen < 9 ? 9 : mlen + 1;
        const char *ops = sp + 1;
        size_t olen = strlen(ops);
        if (pad + olen >= DIS_TEXT)
            olen = DIS_TEXT - 1 - pad;
        memcpy(e->text, buf, mlen);
        memset(e->text + mlen, ' ', pad - mlen);
        memcpy(e->text + pad, ops, olen);
        e->text[pad + olen] = 0;
    } else {
        memcpy(e->text, buf, sizeof buf);
    }
    e->pc = pc;
    e->opcode = opcode;
    e->valid = true;
    if (e == &tmp) {
        static char out[DIS_TEXT];
        memcpy(out, tmp.text, sizeof out);
        return out;
    }
    return e->text;
}

static char *line_start(TarmacWriter *w, uint64_t ts, unsigned cpu)
{
    char *p = put_dec(w->line, ts);
    p = put_str(p, " clk ");
    if (w->ncpu > 1) {
        p = put_str(p, "cpu");
        p = put_dec(p, cpu);
        *p++ = ' ';
    }
    return p;
}

static void line_end(TarmacWriter *w, char *p)
{
    *p++ = '\n';
    fwrite(w->line, 1, (size_t)(p - w->line), w->f);
}

static void put_xreg(TarmacWriter *w, const TraceEvent *ev, unsigned n, uint64_t v)
{
    char *p = line_start(w, ev->ts, ev->cpu);
    p = put_str(p, "R X");
    p = put_dec(p, n);
    *p++ = ' ';
    p = put_hex(p, v, 16, hex_upper);
    line_end(w, p);
}

/* A V register as Fast Models prints a Q register: "R q<n>", 32 hex digits. */
static void put_vreg(TarmacWriter *w, const TraceEvent *ev, unsigned n, uint64_t lo, uint64_t hi)
{
    char *p = line_start(w, ev->ts, ev->cpu);
    p = put_str(p, "R q");
    p = put_dec(p, n);
    *p++ = ' ';
    p = put_hex(p, hi, 16, hex_upper);
    p = put_hex(p, lo, 16, hex_upper);
    line_end(w, p);
}

static void put_sp(TarmacWriter *w, const TraceEvent *ev, unsigned bank, uint64_t v)
{
    char *p = line_start(w, ev->ts, ev->cpu);
    p = put_str(p, "R SP_EL");
    *p++ = (char)('0' + (bank & 3));
    *p++ = ' ';
    p = put_hex(p, v, 16, hex_upper);
    line_end(w, p);
}

static void put_cpsr(TarmacWriter *w, const TraceEvent *ev, uint32_t v)
{
    char *p = line_start(w, ev->ts, ev->cpu);
    p = put_str(p, "R cpsr ");
    p = put_hex(p, v, 8, hex_lower);
    line_end(w, p);
}

static char *put_mode(char *p, uint8_t mode)
{
    char buf[8];
    return put_str(p, trace_mode_name(mode, buf));
}

/* "EL2_ns": an EL and its security state, for E lines. */
static char *put_el(char *p, unsigned el, bool secure)
{
    p = put_str(p, "EL");
    *p++ = (char)('0' + (el & 3));
    return put_str(p, secure ? "_s" : "_ns");
}

void tarmac_put(TarmacWriter *w, const TraceEvent *ev)
{
    char *p;
    switch (ev->kind) {
    case TEV_INSN:
        p = line_start(w, ev->ts, ev->cpu);
        p = put_str(p, ev->insn.ccfail ? "IS (" : "IT (");
        p = put_dec(p, ev->insn.icount);
        p = put_str(p, ") ");
        p = put_addr(p, ev->insn.pc);
        *p++ = ' ';
        p = put_hex(p, ev->insn.opcode, 8, hex_lower);
        p = put_str(p, " O ");
        p = put_mode(p, ev->insn.mode);
        p = put_str(p, " : ");
        p = put_str(p, disassemble(w, ev->insn.pc, ev->insn.opcode));
        line_end(w, p);
        break;
    case TEV_REG:
        put_xreg(w, ev, ev->reg.n, ev->reg.value);
        break;
    case TEV_VREG:
        put_vreg(w, ev, ev->vreg.n, ev->vreg.lo, ev->vreg.hi);
        break;
    case TEV_SP:
        put_sp(w, ev, ev->sp.bank, ev->sp.value);
        break;
    case TEV_CPSR:
        put_cpsr(w, ev, ev->cpsr.value);
        break;
    case TEV_MEM: {
        unsigned size = ev->mem.size;
        p = line_start(w, ev->ts, ev->cpu);
        *p++ = 'M';
        *p++ = ev->mem.write ? 'W' : 'R';
        p = put_dec(p, size);
        *p++ = ' ';
        p = put_addr(p, ev->mem.va);
        *p++ = ':';
        p = put_hex(p, ev->mem.pa, ev->mem.pa >> 48 ? 16 : 12, hex_lower);
        *p++ = ' ';
        if (size == 8) {
            p = put_hex(p, ev->mem.value >> 32, 8, hex_lower);
            *p++ = '_';
            p = put_hex(p, ev->mem.value, 8, hex_lower);
        } else {
            p = put_hex(p, ev->mem.value, 2 * size, hex_lower);
        }
        line_end(w, p);
        break;
    }
    case TEV_SYSREG: {
        const char *name = ev->sysreg.name ? ev->sysreg.name : "?";
        /* FPCR and FPSR are 32-bit registers to the Tarmac utilities. */
        bool narrow = strcmp(name, "FPCR") == 0 || strcmp(name, "FPSR") == 0;
        p = line_start(w, ev->ts, ev->cpu);
        p = put_str(p, "R ");
        p = put_str(p, name);
        *p++ = ' ';
        p = put_hex(p, ev->sysreg.value, narrow ? 8 : 16, hex_lower);
        line_end(w, p);
        break;
    }
    case TEV_TRANSITION: {
        const TransitionEvent *t = &ev->tr;
        p = line_start(w, ev->ts, ev->cpu);
        p = put_str(p, "E ");
        if (t->is_eret) {
            p = put_hex(p, t->pc, 16, hex_lower);
            p = put_str(p, " 00000000 CoreEvent_ERET");
        } else {
            p = put_hex(p, t->elr, 16, hex_lower);
            *p++ = ' ';
            p = put_hex(p, t->vector, 8, hex_lower);
            p = put_str(p, " CoreEvent_");
            p = put_str(p, tarmac_vector_name(t->vector));
            p = put_str(p, " ec=0x");
            p = put_hex(p, t->ec, 2, hex_lower);
            p = put_str(p, " iss=0x");
            p = put_hex(p, t->iss, 7, hex_lower);
            p = put_str(p, " far=0x");
            p = put_hex(p, t->far, 16, hex_lower);
        }
        p = put_str(p, " from=");
        p = put_el(p, t->from_el, t->from_secure);
        p = put_str(p, " to=");
        p = put_el(p, t->to_el, t->to_secure);
        line_end(w, p);
        break;
    }
    case TEV_STATE:
        if (!(w->what & TW_REGS) || ev->state.off)
            break;
        for (unsigned i = 0; i < 31; i++)
            put_xreg(w, ev, i, ev->state.x[i]);
        for (unsigned i = 0; ev->state.v && i < 32; i++)
            put_vreg(w, ev, i, ev->state.v[2 * i], ev->state.v[2 * i + 1]);
        put_sp(w, ev, (ev->state.mode & 4) ? ev->state.mode & 3 : 0, ev->state.sp);
        put_cpsr(w, ev, ev->state.cpsr);
        break;
    default:
        break;
    }
}
