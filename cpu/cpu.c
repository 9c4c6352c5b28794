/* SPDX-License-Identifier: MIT */
/* Core lifecycle and the hot loop: fetch from the predecoded page of the current PC, call the
 * exec function, count instructions and cycles; everything else happens outside the loop. */
#include "cpu/cpu.h"

#include <assert.h>
#include <string.h>

#include "cpu/debug.h"
#include "cpu/decode.h"
#include "cpu/exception.h"
#include "cpu/irq.h"
#include "cpu/timer.h"
#include "mmu/mem.h"
#include "mmu/tlb.h"
#include "sim/machine.h"
#include "sim/trace.h"

void cpu_init(CPU *c, Machine *m, int index)
{
    memset(c, 0, sizeof *c);
    c->m = m;
    c->index = index;
    cpu_reset(c, 0, 3);
}

void cpu_reset(CPU *c, uint64_t pc, unsigned el)
{
    timer_reset(c); /* lowers the timers' outputs before their registers reset */
    memset(c->x, 0, sizeof c->x);
    memset(c->sp_el, 0, sizeof c->sp_el);
    memset(c->v, 0, sizeof c->v);
    c->sp = 0;
    sysreg_reset(c);
    c->ps = (PState){.el = (uint8_t)el, .sp = 1, .daif = 0xFu << 6};
    c->pc = pc;
    c->excl_valid = false;
    c->event_reg = false;
    c->wait_state = WAIT_NONE;
    c->halted = false;
    c->halt_reason = 0;
    c->fetch_tag = TLB_INVALID;
    c->fetch_page = NULL;
    c->el_mark_icount = c->icount;
    c->el_mark_cycles = c->cycles;
    c->ss_flags = 0;
    mem_flush_soft_tlb(c);
    if (c->tlb)
        tlb_inv_all(c->tlb);
    cpu_instr_update(c); /* the debug registers were reset */
}

void cpu_set_el_sp(CPU *c, unsigned el, unsigned spsel)
{
    /* EL0 has only SP_EL0: PSTATE.SP is 0 there (EL0t is the only EL0 mode in SPSR.M). */
    if (el == 0)
        spsel = 0;
    unsigned old = c->ps.sp ? c->ps.el : 0, now = spsel ? el : 0;
    if (el != c->ps.el)
        cpu_account_el(c);
    c->sp_el[old] = c->sp;
    c->sp = c->sp_el[now];
    c->ps.el = (uint8_t)el;
    c->ps.sp = (uint8_t)(spsel & 1);
}

void cpu_account_el(CPU *c)
{
    c->el_icount[c->ps.el] += c->icount - c->el_mark_icount;
    c->el_cycles[c->ps.el] += c->cycles - c->el_mark_cycles;
    c->el_mark_icount = c->icount;
    c->el_mark_cycles = c->cycles;
}

/* A slot not decoded yet: decode the word in place, then execute it. Slots only run from the
 * current fetch page, which gives the physical address. */
int exec_decode(CPU *c, const Insn *in)
{
    Insn *slot = (Insn *)in;
    const uint8_t *host = phys_host_ptr(&c->m->phys, c->fetch_page->pa + (insn_pc(c) & 0xFFF), 4);
    uint32_t word;
    memcpy(&word, host, 4);
    decode_insn(word, slot);
    return slot->exec(c, slot);
}

/* Point the fetch fast path at the page of `pc`; false when the fetch faults. */
static bool refill_fetch(CPU *c, uint64_t pc)
{
    DecodedPage *p = mem_fetch_page(c, pc);
    if (!p)
        return false;
    c->fetch_page = p;
    c->fetch_tag = pc & ~0xFFFULL;
    return true;
}

/* Is the fetch page of c->pc ready? False after recording the fetch's fault. */
static bool fetch_ready(CPU *c)
{
    return (c->pc & ~0xFFCULL) == c->fetch_tag || refill_fetch(c, c->pc);
}

/* An instruction in Illegal Execution state (PSTATE.IL, set by an illegal exception return).
 * PC alignment faults and Instruction Aborts have priority over the Illegal Execution state
 * exception (Arm ARM D1, "Synchronous exception prioritization"), so the fetch is tried first.
 * Either exception counts as the instruction. */
static void illegal_state_step(CPU *c)
{
    if (fetch_ready(c))
        c->exc = (ExcRecord){.type = EXC_SYNC, .target_el = (uint8_t)sync_target_el(c),
                             .ec = EC_ILLEGAL_STATE, .il = 1, .elr = c->pc};
    take_exception(c);
    c->icount++;
}

/* The inner loop. The PC, icount, cycles and the fetch page live in registers: *c gets
 * their values stored (never reloaded) before each exec call, so exec functions and
 * take_exception see exact values, and no loop-carried dependency goes through memory. An
 * exec function that writes c->pc returns EXEC_JUMP; anything that changes what the cached
 * fetch page means (mem_flush_soft_tlb, exception entry and return) zeroes stop_at.
 * Straight-line code within a page runs through four copies of the indirect call, so that
 * each copy gets its own branch-predictor history (+7-10% on tests/bench). */
static void run_fast(CPU *c)
{
    uint64_t pc = c->pc, icount = c->icount, cycles = c->cycles;
    const DecodedPage *page = c->fetch_page;
    uint64_t tag = c->fetch_tag;
    while (likely(icount < c->stop_at)) {
        if (unlikely((pc & ~0xFFCULL) != tag)) {
            /* The tag keeps PC bits 1:0, so a misaligned PC misses and faults in the refill. */
            c->icount = icount;
            c->cycles = cycles;
            if (!refill_fetch(c, pc)) {
                take_exception(c);
                icount++;
                pc = c->pc;
                page = c->fetch_page;
                tag = c->fetch_tag;
                continue;
            }
            page = c->fetch_page;
            tag = c->fetch_tag;
        }
        const Insn *in = &page->insn[(pc >> 2) & (PAGE_INSNS - 1)];
        int r;
        /* One dispatch: run `in`; stop after a jump or exception, at the end of the page, or
         * when asked to; otherwise go on with the next slot (in straight-line code). */
#define DISPATCH(last)                                                                     \
        c->pc = pc + 4;                                                                    \
        c->icount = icount;                                                                \
        c->cycles = cycles;                                                                \
        r = in->exec(c, in);                                                               \
        /* An exec function that writes the PC must say so with EXEC_JUMP. */             \
        assert(r != EXEC_OK || c->pc == pc + 4);                                           \
        icount++;                                                                          \
        cycles += in->cycles;                                                              \
        if (unlikely(r != EXEC_OK))                                                        \
            goto not_sequential;                                                           \
        pc += 4;                                                                           \
        if ((last) || unlikely((pc & 0xFFC) == 0) || unlikely(icount >= c->stop_at))       \
            continue;                                                                      \
        in++;
        DISPATCH(0)
        DISPATCH(0)
        DISPATCH(0)
        DISPATCH(1)
#undef DISPATCH
    not_sequential:
        if (r == EXEC_EXC) {
            take_exception(c);
            page = c->fetch_page;
            tag = c->fetch_tag;
        }
        pc = c->pc;
    }
    c->icount = icount;
    c->cycles = cycles;
}

bool cpu_wake_pending(CPU *c)
{
    return (c->wait_state == WAIT_WFE && c->event_reg) || cpu_interrupt_pending(c);
}

/* A waiting core wakes on an interrupt that would be taken if unmasked (WFI, WFE) or on an
 * event (WFE, which consumes it). */
static bool wake_up(CPU *c)
{
    if (c->wait_state == WAIT_WFE && c->event_reg) {
        c->event_reg = false;
        c->wait_state = WAIT_NONE;
    } else if (cpu_interrupt_pending(c)) {
        c->wait_state = WAIT_NONE;
    }
    if (c->wait_state == WAIT_NONE)
        cpu_request_check(c); /* the checked loop looks for the interrupt */
    return c->wait_state == WAIT_NONE;
}

void cpu_instr_update(CPU *c)
{
    uint32_t old = c->instr;
    c->instr = c->m->instr_global | debug_arch_instr(c) | (c->dbg_step ? INSTR_HOST : 0);
    /* Data accesses that must be seen (watchpoints, the memory trace) take the slow path:
     * the soft TLB is emptied now and not refilled while these bits are set. */
    if ((c->instr & INSTR_SLOW_MEM) && !(old & INSTR_SLOW_MEM))
        mem_flush_soft_tlb(c);
    cpu_request_check(c);
}

/* Registers an instruction may have written before a gdb watchpoint stopped it. */
typedef struct {
    uint64_t x[31], sp;
    uint32_t nzcv;
} Undo;

/* The checked loop's unit: a gdb breakpoint stops before the instruction; then a pending
 * interrupt is taken, or one instruction runs with the self-hosted debug checks before and
 * after it, the trace hooks around it, and a gdb watchpoint undoing it. */
bool cpu_step_checked(CPU *c)
{
    Machine *m = c->m;
    if ((c->instr & INSTR_HOST) && !c->dbg_skip_bp && host_bp_at(m, c->pc)) {
        c->dbg_stop = STOP_BREAK;
        return false;
    }
    c->dbg_skip_bp = false;
    bool tracing = (c->instr & INSTR_TRACE) != 0;
    const Insn *in = NULL;
    int r = EXEC_OK;
    if (tracing)
        trace_before_insn(m->trace, c);
    /* As cpu_run does around the fast loop, look for an interrupt only when something asked
     * for a check (cpu_request_check zeroes stop_at): per instruction it costs more than the
     * instruction. */
    bool irq_check = c->stop_at == 0;
    c->stop_at = UINT64_MAX;
    if (irq_check && cpu_take_interrupt(c)) {
        /* taken: the unit ends at the vector */
    } else if ((c->instr & INSTR_ARCH_DEBUG) && debug_before_insn(c) != EXEC_OK) {
        /* Software step, or a breakpoint (after the fetch's own faults): before the
         * instruction, and before an Illegal Execution state exception (Arm ARM D1,
         * "Synchronous exception prioritization"). */
        take_exception(c);
    } else if (unlikely(c->ps.il)) {
        illegal_state_step(c);
    } else if (!fetch_ready(c)) {
        take_exception(c);
        c->icount++;
    } else {
        uint64_t pc = c->pc;
        in = &c->fetch_page->insn[(pc >> 2) & (PAGE_INSNS - 1)];
        Undo undo;
        if (c->instr & INSTR_WATCH) {
            memcpy(undo.x, c->x, sizeof undo.x);
            undo.sp = c->sp;
            undo.nzcv = c->ps.nzcv;
        }
        c->pc = pc + 4;
        r = in->exec(c, in);
        if (r == EXEC_EXC && c->exc.type == EXC_DEBUG_HALT) {
            /* A gdb watchpoint: the core stops before the access, as if the instruction had
             * not started (gdb then steps over it with the watchpoint removed). */
            memcpy(c->x, undo.x, sizeof undo.x);
            c->sp = undo.sp;
            c->ps.nzcv = undo.nzcv;
            c->pc = pc;
            c->dbg_stop = STOP_WATCH;
            if (tracing)
                trace_after_insn(m->trace, c, NULL, EXEC_OK);
            return false;
        }
        /* As in run_fast: an exception is taken before its instruction is counted. */
        if (r == EXEC_EXC)
            take_exception(c);
        c->icount++;
        c->cycles += in->cycles;
        if (r != EXEC_EXC && (c->instr & INSTR_ARCH_DEBUG))
            debug_after_insn(c);
    }
    if (tracing)
        trace_after_insn(m->trace, c, in, r);
    if (c->dbg_step) {
        c->dbg_step = false;
        cpu_instr_update(c);
        if (c->dbg_stop == STOP_NONE)
            c->dbg_stop = STOP_STEP;
    }
    return c->dbg_stop == STOP_NONE;
}

void cpu_run(CPU *c, uint64_t until)
{
    cpu_request_check(c); /* interrupts are looked at first, on either path */
    while (!c->halted && !c->off && !c->dbg_stop && c->icount < until &&
           (c->wait_state == WAIT_NONE || wake_up(c))) {
        if (unlikely(c->instr)) {
            if (!cpu_step_checked(c))
                break;
            continue;
        }
        /* The slow path between fast runs: asynchronous exceptions first. */
        if (cpu_take_interrupt(c))
            continue;
        if (unlikely(c->ps.il)) {
            illegal_state_step(c);
            continue;
        }
        c->stop_at = until;
        run_fast(c);
    }
}
