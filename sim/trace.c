/* SPDX-License-Identifier: MIT */
/* The trace recorder: turns the CPU's hooks into trace events (sim/trace_format.h) for the
 * Tarmac writer and the binary trace, with the start/stop triggers and --trace-what.
 * Register writes are found by diffing a snapshot taken before each instruction. */
#include "sim/trace.h"
#include "sim/outfile.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cpu/regbits.h"
#include "sim/parse.h"
#include "sim/tarmac.h"
#include "sim/trace_format.h"

typedef struct Trace Trace;

typedef enum { TRIG_NONE, TRIG_PC, TRIG_EL, TRIG_EC, TRIG_INSN } TrigKind;
typedef struct {
    TrigKind kind;
    uint64_t value;
} Trigger;

enum Phase { PH_WAITING, PH_RECORDING, PH_STOPPED };

/* Events of one instruction, held until its IT line is written. */
#define PEND_MAX 64

typedef struct {
    uint64_t va, pa, value;
    uint8_t size;
    bool write;
} PendMem;

/* What the trace last said about a core: registers are diffed against this after each
 * instruction (cheaper than a snapshot before it). */
typedef struct {
    uint64_t x[32];          /* x[31] stays 0, as CPU.x[31] */
    VReg v[32];
    uint64_t fpsr;
    uint64_t sp;
    uint8_t sp_bank;
    uint32_t cpsr, vmid, asid;
    bool need_state;         /* off when recording started: write its state when it runs */
} CoreShadow;

struct Trace {
    Machine *m;
    FILE *tarmac_file;
    OutFile tarmac_out, bin_out;  /* where the files go (sim/outfile.h) */
    TarmacWriter *tarmac;
    const char *tarmac_path;
    TraceWriter *bin;
    const char *bin_path;
    unsigned what;
    Trigger start, stop;
    int phase;
    bool stop_pending;      /* stop at the end of the instruction in progress */
    uint32_t bits;          /* the INSTR_* bits the trace asked for */

    /* The instruction in progress (between trace_before_insn and trace_after_insn). */
    bool unit;
    uint8_t ucpu;
    uint64_t upc, uicount, ucycles;
    PState ups;
    PendMem mem[PEND_MAX];
    TraceEvent other[PEND_MAX];
    unsigned nmem, nother;
    uint64_t dropped;

    CoreShadow core[MAX_CPUS];
};

/* ---- Options ---- */

static bool parse_trigger(const char *opt, const char *s, Trigger *t, char *err, size_t errlen)
{
    static const struct { const char *name; TrigKind kind; uint64_t max; } kinds[] = {
        {"pc=", TRIG_PC, UINT64_MAX}, {"el=", TRIG_EL, 3}, {"ec=", TRIG_EC, 63}, {"insn=", TRIG_INSN, UINT64_MAX},
    };
    t->kind = TRIG_NONE;
    if (!s)
        return true;
    for (size_t i = 0; i < sizeof kinds / sizeof kinds[0]; i++) {
        size_t n = strlen(kinds[i].name);
        if (strncmp(s, kinds[i].name, n) != 0)
            continue;
        if (!parse_number(s + n, &t->value))
            break;
        if (t->value > kinds[i].max) {
            snprintf(err, errlen, "%s '%s': %s must be 0 to %llu", opt, s,
                     kinds[i].kind == TRIG_EL ? "the EL" : "the exception class",
                     (unsigned long long)kinds[i].max);
            return false;
        }
        t->kind = kinds[i].kind;
        return true;
    }
    snprintf(err, errlen, "%s '%s': expected pc=ADDR, el=N, ec=N or insn=N", opt, s);
    return false;
}

static bool parse_what(const char *s, unsigned *what, char *err, size_t errlen)
{
    static const struct { const char *name; unsigned bit; } items[] = {
        {"transitions", TW_TRANSITIONS}, {"insns", TW_INSNS}, {"regs", TW_REGS}, {"mem", TW_MEM}, {"all", TW_ALL},
    };
    *what = TW_ALL;
    if (!s)
        return true;
    *what = 0;
    const char *p = s;
    for (;;) {
        size_t n = strcspn(p, ",");
        size_t i;
        for (i = 0; i < sizeof items / sizeof items[0]; i++)
            if (strlen(items[i].name) == n && strncmp(p, items[i].name, n) == 0)
                break;
        if (i == sizeof items / sizeof items[0]) {
            snprintf(err, errlen, "--trace-what '%s': unknown item '%.*s' (expected a comma list of "
                     "transitions, insns, regs, mem)", s, (int)n, p);
            return false;
        }
        *what |= items[i].bit;
        if (!p[n])
            return true;
        p += n + 1;
    }
}

bool trace_options_check(const TraceOptions *o, char *err, size_t errlen)
{
    Trigger t;
    unsigned what;
    if (!parse_trigger("--trace-start", o->start, &t, err, errlen) ||
        !parse_trigger("--trace-stop", o->stop, &t, err, errlen) || !parse_what(o->what, &what, err, errlen))
        return false;
    if (!o->tarmac_path && !o->binary_path) {
        const char *opt = o->start ? "--trace-start" : o->stop ? "--trace-stop" : o->what ? "--trace-what" : NULL;
        if (opt) {
            snprintf(err, errlen, "%s needs --tarmac FILE or --trace FILE", opt);
            return false;
        }
    }
    if (o->tarmac_path && o->binary_path && strcmp(o->tarmac_path, o->binary_path) == 0) {
        snprintf(err, errlen, "--tarmac and --trace name the same file '%s'", o->tarmac_path);
        return false;
    }
    return true;
}

/* ---- Recording ---- */

static inline void emit(Trace *t, const TraceEvent *ev)
{
    if (t->bin)
        trace_writer_put(t->bin, ev);
    if (t->tarmac)
        tarmac_put(t->tarmac, ev);
}

/* The same for the frequent kinds, without the writer's dispatch on the kind. */
#define EMIT_KIND(name, put)                                   \
    static inline void name(Trace *t, const TraceEvent *ev)    \
    {                                                          \
        if (t->bin)                                            \
            put(t->bin, ev);                                   \
        if (t->tarmac)                                         \
            tarmac_put(t->tarmac, ev);                         \
    }
EMIT_KIND(emit_insn, trace_writer_put_insn)
EMIT_KIND(emit_reg, trace_writer_put_reg)
EMIT_KIND(emit_mem, trace_writer_put_mem)

/* The VMID of stage 2 (when it is on) and the EL1&0 ASID (when stage 1 is on). */
static void cpu_context(const CPU *c, uint32_t *vmid, uint32_t *asid)
{
    *vmid = TRACE_NO_ID;
    if (el2_enabled(c) && (c->sr[SR_HCR_EL2] & HCR_VM)) {
        uint64_t v = c->sr[SR_VTTBR_EL2] >> 48;
        *vmid = (uint32_t)((c->sr[SR_VTCR_EL2] & (1ULL << 19)) ? v : v & 0xFF); /* VTCR_EL2.VS */
    }
    *asid = TRACE_NO_ID;
    if (c->sr[SR_SCTLR_EL1] & 1) {
        uint64_t tcr = c->sr[SR_TCR_EL1];
        uint64_t ttbr = (tcr & (1ULL << 22)) ? c->sr[SR_TTBR1_EL1] : c->sr[SR_TTBR0_EL1]; /* TCR.A1 */
        *asid = (uint32_t)((tcr & (1ULL << 36)) ? ttbr >> 48 : (ttbr >> 48) & 0xFF);      /* TCR.AS */
    }
}

static inline uint8_t cpu_mode(const CPU *c)
{
    return trace_mode(c->ps.el, c->ps.sp, is_secure(c));
}

static uint32_t wanted_bits(const Trace *t)
{
    uint32_t b = 0;
    if (t->phase == PH_WAITING) {
        if (t->start.kind == TRIG_PC || t->start.kind == TRIG_INSN)
            b |= INSTR_TRACE;
    } else if (t->phase == PH_RECORDING) {
        if (t->what & (TW_INSNS | TW_REGS))
            b |= INSTR_TRACE;
        if (t->what & TW_MEM)
            b |= INSTR_TRACE_MEM;
        if (t->stop.kind == TRIG_PC || t->stop.kind == TRIG_INSN)
            b |= INSTR_TRACE;
    }
    return b;
}

static void update_bits(Trace *t)
{
    uint32_t b = wanted_bits(t);
    if (b == t->bits)
        return;
    t->bits = b;
    machine_instr_update(t->m, (t->m->instr_global & ~(uint32_t)(INSTR_TRACE | INSTR_TRACE_MEM)) | b);
}

static void emit_state(Trace *t, CPU *c)
{
    unsigned i = (unsigned)c->index;
    CoreShadow *sh = &t->core[i];
    TraceEvent ev;
    ev.kind = TEV_STATE;
    ev.cpu = (uint8_t)i;
    ev.ts = c->cycles;
    ev.state.pc = c->pc;
    ev.state.icount = c->icount;
    ev.state.sp = c->sp;
    ev.state.x = c->x;
    ev.state.v = &c->v[0].d[0];
    ev.state.cpsr = (uint32_t)pstate_to_spsr(c);
    ev.state.mode = cpu_mode(c);
    ev.state.off = c->off;
    cpu_context(c, &ev.state.vmid, &ev.state.asid);
    memcpy(sh->x, c->x, sizeof sh->x);
    sh->x[31] = 0;
    memcpy(sh->v, c->v, sizeof sh->v);
    sh->fpsr = c->sr[SR_FPSR];
    sh->sp = c->sp;
    sh->sp_bank = c->ps.sp ? c->ps.el : 0;
    sh->cpsr = ev.state.cpsr;
    sh->vmid = ev.state.vmid;
    sh->asid = ev.state.asid;
    sh->need_state = c->off;
    emit(t, &ev);
}

static void emit_states(Trace *t)
{
    for (int i = 0; i < t->m->ncpu; i++)
        emit_state(t, t->m->cpu[i]);
}

static void start_recording(Trace *t)
{
    t->phase = PH_RECORDING;
    emit_states(t);
    update_bits(t);
}

static void stop_recording(Trace *t)
{
    for (int i = 0; i < t->m->ncpu; i++) {
        const CPU *c = t->m->cpu[i];
        TraceEvent ev;
        ev.kind = TEV_END;
        ev.cpu = (uint8_t)i;
        ev.ts = c->cycles;
        ev.end.icount = c->icount;
        emit(t, &ev);
    }
    t->phase = PH_STOPPED;
    t->stop_pending = false;
    update_bits(t);
}

/* Queue an event of the instruction in progress, or write it now when there is none. */
static inline void pend(Trace *t, const TraceEvent *ev)
{
    if (t->nother < PEND_MAX)
        t->other[t->nother++] = *ev;
    else
        t->dropped++;
}

static bool in_unit(const Trace *t, const CPU *c)
{
    return t->unit && t->ucpu == (unsigned)c->index;
}

/* A CONTEXT event when the core's VMID or ASID changed. */
static void check_context(Trace *t, CPU *c, uint64_t ts)
{
    uint32_t vmid, asid;
    CoreShadow *sh = &t->core[c->index];
    cpu_context(c, &vmid, &asid);
    if (vmid == sh->vmid && asid == sh->asid)
        return;
    sh->vmid = vmid;
    sh->asid = asid;
    TraceEvent ev;
    ev.kind = TEV_CONTEXT;
    ev.cpu = (uint8_t)c->index;
    ev.ts = ts;
    ev.ctx.icount = c->icount;
    ev.ctx.vmid = vmid;
    ev.ctx.asid = asid;
    if (in_unit(t, c))
        pend(t, &ev);
    else
        emit(t, &ev);
}

static void sysreg_event(Trace *t, CPU *c, uint64_t ts, int id, uint64_t value)
{
    TraceEvent ev;
    ev.kind = TEV_SYSREG;
    ev.cpu = (uint8_t)c->index;
    ev.ts = ts;
    ev.sysreg.id = (uint32_t)id;
    ev.sysreg.name = sysreg_table[id].name;
    ev.sysreg.value = value;
    if (in_unit(t, c))
        pend(t, &ev);
    else
        emit(t, &ev);
}

void trace_before_insn(Trace *t, CPU *c)
{
    if (unlikely(t->phase != PH_RECORDING)) {
        t->unit = false;
        if (t->phase != PH_WAITING)
            return;
        if (!(t->start.kind == TRIG_PC && c->pc == t->start.value) &&
            !(t->start.kind == TRIG_INSN && c->icount >= t->start.value))
            return;
        start_recording(t);
    }
    unsigned i = (unsigned)c->index;
    if (unlikely(t->core[i].need_state))
        emit_state(t, c);
    if (t->stop.kind == TRIG_PC && c->pc == t->stop.value)
        t->stop_pending = true;
    t->unit = true;
    t->ucpu = (uint8_t)i;
    t->upc = c->pc;
    t->uicount = c->icount;
    t->ucycles = c->cycles;
    t->ups = c->ps;
    t->nmem = 0;
    t->nother = 0;
}

/* B.cond, BC.cond, CBZ/CBNZ, TBZ/TBNZ: the A64 instructions that can fail a condition. */
static inline bool is_cond_branch(uint32_t raw)
{
    return (raw & 0xFF000000u) == 0x54000000u || (raw & 0x7C000000u) == 0x34000000u;
}

/* Bit n set when x[n] != old[n], n < 31 (x[31] is XZR). Branch-free: which register an
 * instruction writes is not predictable. */
static uint32_t changed_regs_scalar(const uint64_t *x, const uint64_t *old)
{
    uint32_t changed = 0;
#pragma GCC unroll 31
    for (unsigned n = 0; n < 31; n++)
        changed |= (uint32_t)(x[n] != old[n]) << n;
    return changed;
}

#if defined(__x86_64__) && defined(__GNUC__)
#include <immintrin.h>
/* Four registers per compare where the host has AVX2 (chosen at trace_open). */
__attribute__((target("avx2"))) static uint32_t changed_regs_avx2(const uint64_t *x, const uint64_t *old)
{
    uint32_t same = 0;
#pragma GCC unroll 8
    for (unsigned k = 0; k < 8; k++) {
        __m256i a = _mm256_loadu_si256((const __m256i *)(x + 4 * k));
        __m256i b = _mm256_loadu_si256((const __m256i *)(old + 4 * k));
        same |= (uint32_t)_mm256_movemask_pd(_mm256_castsi256_pd(_mm256_cmpeq_epi64(a, b))) << (4 * k);
    }
    return ~same & 0x7FFFFFFFu;
}
#endif

static uint32_t (*changed_regs)(const uint64_t *x, const uint64_t *old) = changed_regs_scalar;

static void choose_changed_regs(void)
{
#if defined(__x86_64__) && defined(__GNUC__)
    if (__builtin_cpu_supports("avx2"))
        changed_regs = changed_regs_avx2;
#endif
}

static inline bool pstate_changed(const PState *a, const PState *b)
{
    return ((a->nzcv ^ b->nzcv) | (a->daif ^ b->daif) | (uint32_t)(a->el ^ b->el) | (uint32_t)(a->sp ^ b->sp) |
            (uint32_t)(a->ss ^ b->ss) | (uint32_t)(a->il ^ b->il) | (uint32_t)(a->pan ^ b->pan) |
            (uint32_t)(a->uao ^ b->uao) | (uint32_t)(a->dit ^ b->dit) | (uint32_t)(a->ssbs ^ b->ssbs)) != 0;
}

/* V registers that changed (each as a whole: a scalar write zeroes the rest, so the line
 * always gives all 128 bits), then FPSR when an FP instruction changed its flags. */
static void vregs_after_insn(Trace *t, CPU *c, CoreShadow *sh, TraceEvent *ev)
{
    ev->kind = TEV_VREG;
    for (unsigned n = 0; n < 32; n++) {
        if (memcmp(&c->v[n], &sh->v[n], sizeof(VReg)) == 0)
            continue;
        sh->v[n] = c->v[n];
        ev->vreg.n = (uint8_t)n;
        ev->vreg.lo = c->v[n].d[0];
        ev->vreg.hi = c->v[n].d[1];
        emit(t, ev);
    }
    if (c->sr[SR_FPSR] != sh->fpsr) {
        sh->fpsr = c->sr[SR_FPSR];
        sysreg_event(t, c, t->ucycles, SR_FPSR, sh->fpsr);
    }
}

void trace_after_insn(Trace *t, CPU *c, const Insn *in, int r)
{
    if (!in_unit(t, c))
        return;
    t->unit = false;
    unsigned cpu = t->ucpu;
    CoreShadow *sh = &t->core[cpu];
    TraceEvent ev;
    ev.cpu = (uint8_t)cpu;
    ev.ts = t->ucycles;
    if (in && (t->what & TW_INSNS)) {
        /* Only EL3 can change SCR_EL3.NS, and EL3 is Secure whatever it says. */
        bool secure = t->ups.el == 3 || !(c->sr[SR_SCR_EL3] & 1);
        ev.kind = TEV_INSN;
        ev.insn.pc = t->upc;
        ev.insn.icount = t->uicount + 1;
        ev.insn.opcode = in->raw;
        ev.insn.mode = trace_mode(t->ups.el, t->ups.sp, secure);
        ev.insn.ccfail = r == EXEC_OK && is_cond_branch(in->raw);
        emit_insn(t, &ev);
    }
    /* Without an instruction (an interrupt, a fetch abort, or one that a gdb watchpoint
     * undid: it runs again later), accesses are not reported. */
    if (t->nmem && in) {
        ev.kind = TEV_MEM;
        for (unsigned k = 0; k < t->nmem; k++) {
            const PendMem *pm = &t->mem[k];
            ev.mem.va = pm->va;
            ev.mem.pa = pm->pa;
            ev.mem.value = pm->value;
            ev.mem.size = pm->size;
            ev.mem.write = pm->write;
            emit_mem(t, &ev);
        }
    }
    bool regs = (t->what & TW_REGS) != 0;
    if (regs) {
        uint32_t changed = changed_regs(c->x, sh->x);
        ev.kind = TEV_REG;
        while (changed) {
            unsigned j = (unsigned)__builtin_ctz(changed);
            changed &= changed - 1;
            sh->x[j] = c->x[j];
            ev.reg.n = (uint8_t)j;
            ev.reg.value = c->x[j];
            emit_reg(t, &ev);
        }
    }
    /* Only FP/SIMD instructions (bits 27:26 = 11: loads and stores with V = 1, and the data
     * processing of op0 = x111) write V registers and FPSR (besides MSR, which reports FPSR
     * itself), so the 512-byte compare is made for them alone. */
    if (regs && in && (in->raw & 0x0C000000u) == 0x0C000000u)
        vregs_after_insn(t, c, sh, &ev);
    for (unsigned k = 0; k < t->nother; k++)
        emit(t, &t->other[k]);
    if (regs) {
        uint8_t bank = c->ps.sp ? c->ps.el : 0;
        if (c->sp != sh->sp || bank != sh->sp_bank) {
            sh->sp = c->sp;
            sh->sp_bank = bank;
            ev.kind = TEV_SP;
            ev.sp.bank = bank;
            ev.sp.value = c->sp;
            emit(t, &ev);
        }
        if (pstate_changed(&c->ps, &t->ups)) {
            uint32_t v = (uint32_t)pstate_to_spsr(c);
            if (v != sh->cpsr) {
                sh->cpsr = v;
                ev.kind = TEV_CPSR;
                ev.cpsr.value = v;
                emit(t, &ev);
            }
        }
    }
    if (t->stop.kind == TRIG_INSN && c->icount >= t->stop.value)
        t->stop_pending = true;
    if (t->stop_pending)
        stop_recording(t);
}

void trace_mem(Trace *t, CPU *c, uint64_t va, uint64_t pa, unsigned size, bool write, uint64_t value)
{
    if (t->phase != PH_RECORDING || !(t->what & TW_MEM))
        return;
    uint64_t v = size >= 8 ? value : value & ((1ULL << (8 * size)) - 1);
    if (in_unit(t, c)) {
        if (t->nmem == PEND_MAX) {
            t->dropped++;
            return;
        }
        t->mem[t->nmem++] = (PendMem){va, pa, v, (uint8_t)size, write};
        return;
    }
    TraceEvent ev;
    ev.kind = TEV_MEM;
    ev.cpu = (uint8_t)c->index;
    ev.ts = c->cycles;
    ev.mem.va = va;
    ev.mem.pa = pa;
    ev.mem.size = (uint8_t)size;
    ev.mem.write = write;
    ev.mem.value = v;
    emit(t, &ev);
}

void trace_sysreg(Trace *t, CPU *c, int id, uint64_t value)
{
    if (t->phase != PH_RECORDING || !in_unit(t, c) || id < 0 || id >= SR_COUNT)
        return;
    if (t->what & TW_REGS)
        sysreg_event(t, c, t->ucycles, id, value);
    if (id == SR_FPSR)
        t->core[c->index].fpsr = value; /* reported here, not again by vregs_after_insn */
    switch (id) {
    case SR_TTBR0_EL1: case SR_TTBR1_EL1: case SR_TCR_EL1: case SR_SCTLR_EL1:
    case SR_VTTBR_EL2: case SR_VTCR_EL2: case SR_HCR_EL2: case SR_SCR_EL3:
        check_context(t, c, t->ucycles);
        break;
    default:
        break;
    }
}

/* FAR_ELx is written by the aborts and the PC alignment and watchpoint exceptions. */
static bool ec_sets_far(unsigned ec)
{
    return ec == 0x20 || ec == 0x21 || ec == 0x22 || ec == 0x24 || ec == 0x25 || ec == 0x34 || ec == 0x35;
}

static void record_transition(Trace *t, const TransitionEvent *tev)
{
    static const int elr[4] = {-1, SR_ELR_EL1, SR_ELR_EL2, SR_ELR_EL3};
    static const int spsr[4] = {-1, SR_SPSR_EL1, SR_SPSR_EL2, SR_SPSR_EL3};
    static const int esr[4] = {-1, SR_ESR_EL1, SR_ESR_EL2, SR_ESR_EL3};
    static const int far[4] = {-1, SR_FAR_EL1, SR_FAR_EL2, SR_FAR_EL3};
    CPU *c = t->m->cpu[tev->cpu];
    uint64_t ts = in_unit(t, c) ? t->ucycles : tev->cycles;
    if (t->what & TW_TRANSITIONS) {
        TraceEvent ev;
        ev.kind = TEV_TRANSITION;
        ev.cpu = (uint8_t)tev->cpu;
        ev.ts = ts;
        ev.tr = *tev;
        if (in_unit(t, c))
            pend(t, &ev);
        else
            emit(t, &ev);
    }
    unsigned to = tev->to_el & 3;
    if ((t->what & TW_REGS) && !tev->is_eret && to > 0) {
        sysreg_event(t, c, ts, elr[to], c->sr[elr[to]]);
        sysreg_event(t, c, ts, spsr[to], c->sr[spsr[to]]);
        if (tev->type == EXC_SYNC || tev->type == EXC_SERROR)
            sysreg_event(t, c, ts, esr[to], c->sr[esr[to]]);
        if (tev->type == EXC_SYNC && ec_sets_far(tev->ec))
            sysreg_event(t, c, ts, far[to], c->sr[far[to]]);
    }
    check_context(t, c, ts);
}

static bool transition_fires(const Trigger *g, const TransitionEvent *ev)
{
    if (g->kind == TRIG_EL)
        return ev->to_el == g->value && ev->from_el != ev->to_el;
    if (g->kind == TRIG_EC)
        return !ev->is_eret && (ev->type == EXC_SYNC || ev->type == EXC_SERROR) && ev->ec == g->value;
    return false;
}

void trace_transition(Trace *t, const TransitionEvent *ev)
{
    if (t->phase == PH_STOPPED || ev->cpu < 0 || ev->cpu >= t->m->ncpu)
        return;
    if (t->phase == PH_WAITING) {
        if (!transition_fires(&t->start, ev))
            return;
        /* The triggering transition is the first event, then every core's state. */
        t->phase = PH_RECORDING;
        record_transition(t, ev);
        emit_states(t);
        update_bits(t);
        return;
    }
    record_transition(t, ev);
    if (transition_fires(&t->stop, ev)) {
        if (in_unit(t, t->m->cpu[ev->cpu]))
            t->stop_pending = true;
        else
            stop_recording(t);
    }
}

Trace *trace_open(Machine *m, const TraceOptions *o)
{
    char err[256];
    Trace *t = calloc(1, sizeof *t);
    if (!t) {
        fprintf(stderr, "tetrarch: out of memory\n");
        return NULL;
    }
    t->m = m;
    choose_changed_regs();
    if (!parse_trigger("--trace-start", o->start, &t->start, err, sizeof err) ||
        !parse_trigger("--trace-stop", o->stop, &t->stop, err, sizeof err) ||
        !parse_what(o->what, &t->what, err, sizeof err)) {
        fprintf(stderr, "tetrarch: %s\n", err);
        free(t);
        return NULL;
    }
    OutMode mode = o->create_new ? OUT_CREATE_NEW : OUT_REPLACE;
    if (o->tarmac_path) {
        t->tarmac_path = o->tarmac_path;
        if (!outfile_open(&t->tarmac_out, o->tarmac_path, mode, err, sizeof err)) {
            fprintf(stderr, "tetrarch: %s\n", err);
            free(t);
            return NULL;
        }
        t->tarmac_file = outfile_stdio(&t->tarmac_out, 1 << 20);
        t->tarmac = t->tarmac_file ? tarmac_open(t->tarmac_file, (unsigned)m->ncpu, t->what) : NULL;
        if (!t->tarmac) {
            fprintf(stderr, "tetrarch: out of memory\n");
            outfile_discard(&t->tarmac_out, false);
            free(t);
            return NULL;
        }
    }
    if (o->binary_path) {
        t->bin_path = o->binary_path;
        TraceInfo info = {.version = TRACE_VERSION, .what = t->what, .ncpu = (unsigned)m->ncpu};
        if (outfile_open(&t->bin_out, o->binary_path, mode, err, sizeof err))
            t->bin = trace_writer_open(t->bin_out.fd, o->binary_path, &info, err, sizeof err);
        if (!t->bin) {
            fprintf(stderr, "tetrarch: %s\n", err);
            outfile_discard(&t->bin_out, true);
            if (t->tarmac) {
                tarmac_close(t->tarmac);
                outfile_discard(&t->tarmac_out, false);
            }
            free(t);
            return NULL;
        }
    }
    t->phase = PH_WAITING;
    if (t->start.kind == TRIG_NONE)
        start_recording(t);
    else
        update_bits(t);
    return t;
}

bool trace_close(Trace *t)
{
    if (!t)
        return true;
    bool ok = true;
    if (t->phase == PH_RECORDING)
        stop_recording(t);
    t->phase = PH_STOPPED;
    update_bits(t);
    if (t->tarmac) {
        bool w = tarmac_close(t->tarmac);
        int e = errno;
        if (!w)
            fprintf(stderr, "tetrarch: %s: cannot write: %s\n", t->tarmac_path, strerror(e));
        if (!outfile_finish(&t->tarmac_out, w, false))
            ok = false;
    }
    if (t->bin) {
        char err[256];
        bool w = trace_writer_close(t->bin, err, sizeof err);
        if (!w)
            fprintf(stderr, "tetrarch: %s: cannot write: %s\n", t->bin_path, err);
        if (!outfile_finish(&t->bin_out, w, true))
            ok = false;
    }
    if (t->dropped)
        fprintf(stderr, "tetrarch: trace: %llu events dropped (more than %d in one instruction)\n",
                (unsigned long long)t->dropped, PEND_MAX);
    free(t);
    return ok;
}
