/* SPDX-License-Identifier: MIT */
/* Exception entry and return (Arm ARM AArch64.TakeException, AArch64.ExceptionReturn), the
 * raise helpers that record exceptions as data, and the privilege-transition events. */
#include "cpu/exception.h"

#include <stdio.h>

#include "cpu/debug.h"
#include "cpu/decode.h"
#include "cpu/regbits.h"

#include "cpu/sysreg.h"
#include "mmu/mem.h"
#include "sim/machine.h"


static const int spsr_of[4] = {-1, SR_SPSR_EL1, SR_SPSR_EL2, SR_SPSR_EL3};
static const int elr_of[4] = {-1, SR_ELR_EL1, SR_ELR_EL2, SR_ELR_EL3};
static const int esr_of[4] = {-1, SR_ESR_EL1, SR_ESR_EL2, SR_ESR_EL3};
static const int far_of[4] = {-1, SR_FAR_EL1, SR_FAR_EL2, SR_FAR_EL3};
static const int vbar_of[4] = {-1, SR_VBAR_EL1, SR_VBAR_EL2, SR_VBAR_EL3};
static const int sctlr_of[4] = {SR_SCTLR_EL1, SR_SCTLR_EL1, SR_SCTLR_EL2, SR_SCTLR_EL3};

unsigned sync_target_el(const CPU *c)
{
    if (c->ps.el == 0)
        return el2_enabled(c) && (c->sr[SR_HCR_EL2] & HCR_TGE) ? 2 : 1;
    return c->ps.el;
}

int raise_sync(CPU *c, unsigned target_el, unsigned ec, uint32_t iss, uint64_t elr)
{
    c->exc = (ExcRecord){.type = EXC_SYNC, .target_el = (uint8_t)target_el, .ec = (uint8_t)ec,
                         .il = 1, .iss = iss, .elr = elr};
    return EXEC_EXC;
}

int undefined(CPU *c)
{
    /* Remembered for the jam message: a guest that loops on an unimplemented instruction or
     * register then says which. The word comes from the current fetch page when it holds the
     * PC (exec functions run from it). */
    uint64_t pc = insn_pc(c);
    /* A vector that is itself UNDEFINED (VBAR never set, an erased flash) keeps the
     * instruction that entered the loop. */
    if (c->undef_valid && pc == c->last_vector)
        return raise_sync(c, sync_target_el(c), EC_UNKNOWN, 0, pc);
    c->undef_valid = true;
    c->undef_pc = pc;
    c->undef_el = (uint8_t)c->ps.el;
    c->undef_word_valid = c->fetch_page && (pc & ~0xFFCULL) == c->fetch_tag;
    if (c->undef_word_valid)
        c->undef_word = c->fetch_page->insn[(pc >> 2) & (PAGE_INSNS - 1)].raw;
    return raise_sync(c, sync_target_el(c), EC_UNKNOWN, 0, pc);
}

/* ISS for EC 0x18 (D17.2.37 "ISS encoding for an exception from MSR, MRS, or System
 * instruction execution in AArch64 state"): Op0, Op2, Op1, CRn, Rt, CRm, Direction. */
int raise_sysreg_trap(CPU *c, unsigned target_el, uint32_t insn)
{
    uint32_t iss = (bits(insn, 20, 19) << 20) | (bits(insn, 7, 5) << 17) | (bits(insn, 18, 16) << 14) |
                   (bits(insn, 15, 12) << 10) | (bits(insn, 4, 0) << 5) | (bits(insn, 11, 8) << 1) |
                   bit(insn, 21);
    return raise_sync(c, target_el, EC_SYSREG, iss, insn_pc(c));
}

int raise_data_abort(CPU *c, uint64_t va, unsigned fsc, bool write, unsigned target_el)
{
    if (target_el == 0) {
        target_el = sync_target_el(c);
        /* Synchronous external aborts go to EL3 when SCR_EL3.EA routes them there. */
        if (fsc == FSC_SYNC_EXT && (c->sr[SR_SCR_EL3] & SCR_EA))
            target_el = 3;
    }
    unsigned ec = target_el > c->ps.el ? EC_DABT_LOWER : EC_DABT_CUR;
    int r = raise_sync(c, target_el, ec, (write ? 1u << 6 : 0) | fsc, insn_pc(c));
    c->exc.far = va;
    c->exc.far_valid = true;
    return r;
}

uint64_t pstate_to_spsr(const CPU *c)
{
    return (uint64_t)c->ps.nzcv | ((uint64_t)c->ps.dit << 24) | ((uint64_t)c->ps.uao << 23) |
           ((uint64_t)c->ps.pan << 22) | ((uint64_t)c->ps.ss << 21) | ((uint64_t)c->ps.il << 20) |
           ((uint64_t)c->ps.ssbs << 12) | c->ps.daif | ((uint64_t)c->ps.el << 2) | c->ps.sp;
}

/* Jam detection: the same vector entered over and over with (almost) no progress in between
 * means the guest can never make progress (e.g. a vector table that faults itself). */
enum { JAM_GAP = 16, JAM_REPEATS = 10000 };

/* ": UNDEFINED instruction 0xd53bd0a0 at pc 0x40001000 (EL1), an MRS/MSR of S3_3_C13_C0_5:
 * an unimplemented instruction or system register?" for the jam message. */
static void undefined_text(const CPU *c, char *buf, size_t len)
{
    char word[16] = "", reg[64] = "";
    if (c->undef_word_valid) {
        uint32_t w = c->undef_word;
        snprintf(word, sizeof word, " 0x%08x", w);
        /* MRS/MSR (register) and SYS/SYSL: 1101 0101 00L1 ... (op0 >= 1). */
        if ((w & 0xFFD00000u) == 0xD5100000u)
            snprintf(reg, sizeof reg, ", an %s of S%u_%u_C%u_C%u_%u", (w >> 21) & 1 ? "MRS" : "MSR",
                     bits(w, 20, 19), bits(w, 18, 16), bits(w, 15, 12), bits(w, 11, 8), bits(w, 7, 5));
        else if ((w & 0xFFD80000u) == 0xD5080000u)
            snprintf(reg, sizeof reg, ", a %s #%u, C%u, C%u, #%u", (w >> 21) & 1 ? "SYSL" : "SYS",
                     bits(w, 18, 16), bits(w, 15, 12), bits(w, 11, 8), bits(w, 7, 5));
    }
    snprintf(buf, len, ": the last UNDEFINED instruction was%s at pc 0x%llx (EL%u)%s: an unimplemented "
             "instruction or system register? (-W reports each)", word, (unsigned long long)c->undef_pc,
             c->undef_el, reg);
}

static void note_vector(CPU *c, uint64_t vector)
{
    if (vector == c->last_vector && c->icount - c->last_vector_icount <= JAM_GAP) {
        if (++c->vector_repeats >= JAM_REPEATS) {
            c->halted = true;
            c->halt_reason = HALT_JAM;
            char why[256] = "";
            if (c->exc.ec == EC_UNKNOWN && c->undef_valid)
                undefined_text(c, why, sizeof why);
            machine_error(c->m, "guest jammed: exception loop on vector 0x%llx (EL%u, EC 0x%02x, ELR 0x%llx)%s",
                        (unsigned long long)vector, c->exc.target_el, c->exc.ec,
                        (unsigned long long)c->exc.elr, why);
        }
    } else {
        c->vector_repeats = 0;
    }
    c->last_vector = vector;
    c->last_vector_icount = c->icount;
}

void take_exception(CPU *c)
{
    const ExcRecord *e = &c->exc;
    unsigned from = c->ps.el, to = e->target_el;
    bool from_secure = is_secure(c);
    uint64_t offset = vector_offset(e->type, from, c->ps.sp, to);

    cpu_account_el(c);
    c->sr[spsr_of[to]] = pstate_to_spsr(c);
    c->sr[elr_of[to]] = e->elr;
    if (e->type == EXC_SYNC || e->type == EXC_SERROR)
        c->sr[esr_of[to]] = ((uint64_t)e->ec << 26) | ((uint64_t)e->il << 25) | e->iss;
    if (e->far_valid)
        c->sr[far_of[to]] = e->far;
    if (e->hpfar_valid && to == 2)
        c->sr[SR_HPFAR_EL2] = e->hpfar;

    cpu_set_el_sp(c, to, 1);
    c->ps.daif = 0xFu << 6;
    c->ps.ss = 0;
    debug_exception_entry(c);
    c->ps.il = 0;
    c->ps.uao = 0;
    /* PSTATE.PAN is set on entry to EL1 (or EL2 in the EL2&0 regime) when SCTLR.SPAN is 0. */
    bool host_el2 = to == 2 && hcr_host_regime(c);
    if ((to == 1 || host_el2) && !(c->sr[sctlr_of[to]] & (1u << 23)) && !c->ps.pan) {
        c->ps.pan = 1;
        mem_pan_changed(c);
    }
    c->excl_valid = false;
    c->wait_state = WAIT_NONE;
    c->pc = (c->sr[vbar_of[to]] & ~0x7FFULL) + offset;
    c->fetch_tag = TLB_INVALID;
    cpu_request_check(c);

    TransitionEvent ev = {
        .cpu = c->index, .icount = c->icount, .cycles = c->cycles, .is_eret = false,
        .from_el = from, .to_el = to, .from_secure = from_secure, .to_secure = is_secure(c),
        .type = e->type, .ec = e->ec, .iss = e->iss, .far = e->far_valid ? e->far : 0,
        .elr = e->elr, .vector = offset, .pc = c->pc,
    };
    machine_transition(c->m, &ev);
    note_vector(c, c->pc);
}

/* Is the exception return to `el` (AArch64, per SPSR.M) illegal? (AArch64.ExceptionReturn,
 * IllegalExceptionReturn): a higher EL, AArch32 (not implemented), a reserved mode, EL2 from
 * Secure state, EL1 when HCR_EL2.TGE is set, or a lower EL configured as AArch32 by RW. */
static bool illegal_return(const CPU *c, uint64_t spsr)
{
    unsigned target = (spsr >> 2) & 3;
    if (spsr & (1u << 4))
        return true;
    if (spsr & 2)
        return true;
    if (target > c->ps.el)
        return true;
    if (target == 0 && (spsr & 1))
        return true;
    if (target < 3 && c->ps.el == 3 && !(c->sr[SR_SCR_EL3] & SCR_RW))
        return true;
    if (target == 2 && !(c->sr[SR_SCR_EL3] & SCR_NS))
        return true;
    if (target <= 1 && el2_enabled(c)) {
        if (!(c->sr[SR_HCR_EL2] & HCR_RW))
            return true;
        if (target == 1 && (c->sr[SR_HCR_EL2] & HCR_TGE))
            return true;
    }
    return false;
}

void exception_return(CPU *c)
{
    unsigned from = c->ps.el;
    bool from_secure = is_secure(c);
    uint64_t spsr = c->sr[spsr_of[from]], elr = c->sr[elr_of[from]];
    bool illegal = illegal_return(c, spsr);
    unsigned ss = debug_exception_return_ss(c, spsr, illegal); /* from the state before the return */

    cpu_account_el(c);
    c->ps.nzcv = (uint32_t)spsr & 0xF0000000u;
    c->ps.daif = (uint32_t)spsr & 0x3C0u;
    if (c->ps.pan != ((spsr >> 22) & 1))
        mem_pan_changed(c);
    c->ps.pan = (spsr >> 22) & 1;
    c->ps.uao = (spsr >> 23) & 1;
    /* SetPSTATEFromPSR restores DIT and SSBS only with FEAT_DIT / FEAT_SSBS, which are not
     * implemented (ID_AA64PFR0_EL1.DIT = 0, ID_AA64PFR1_EL1.SSBS = 0): those SPSR bits are RES0. */
    c->ps.dit = 0;
    c->ps.ssbs = 0;
    /* DebugExceptionReturnSS: SPSR.SS is restored only when software step (MDSCR_EL1.SS) is
     * disabled at the source and enabled at the destination; otherwise PSTATE.SS becomes 0. */
    c->ps.ss = (uint8_t)ss;
    if (illegal) {
        /* EL, SP and the execution state stay; PSTATE.IL makes the next instruction raise an
         * Illegal Execution state exception. */
        c->ps.il = 1;
    } else {
        cpu_set_el_sp(c, (spsr >> 2) & 3, spsr & 1);
        c->ps.il = (spsr >> 20) & 1;
    }
    c->pc = elr;
    c->excl_valid = false;
    c->event_reg = true; /* an exception return is a wake-up event (SendEventLocal) */
    /* A handler that returns has made progress: a tight SVC/HVC loop is not a jam. */
    c->vector_repeats = 0;
    c->fetch_tag = TLB_INVALID;
    cpu_request_check(c);

    TransitionEvent ev = {
        .cpu = c->index, .icount = c->icount, .cycles = c->cycles, .is_eret = true,
        .from_el = from, .to_el = c->ps.el, .from_secure = from_secure, .to_secure = is_secure(c),
        .elr = elr, .pc = elr,
    };
    machine_transition(c->m, &ev);
}
