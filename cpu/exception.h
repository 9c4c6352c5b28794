/* SPDX-License-Identifier: MIT */
/* The exception model: exception classes, raise helpers that record an exception as data,
 * and the architectural entry and return (AArch64.TakeException, AArch64.ExceptionReturn). */
#ifndef TETRARCH_EXCEPTION_H
#define TETRARCH_EXCEPTION_H

#include "cpu/cpu.h"

/* Exception classes (ESR_ELx.EC). */
enum {
    EC_UNKNOWN = 0x00,
    EC_WFX = 0x01,
    EC_FP_ACCESS = 0x07,
    EC_ILLEGAL_STATE = 0x0E,
    EC_SVC64 = 0x15,
    EC_HVC64 = 0x16,
    EC_SMC64 = 0x17,
    EC_SYSREG = 0x18,
    EC_IABT_LOWER = 0x20,
    EC_IABT_CUR = 0x21,
    EC_PC_ALIGN = 0x22,
    EC_DABT_LOWER = 0x24,
    EC_DABT_CUR = 0x25,
    EC_SP_ALIGN = 0x26,
    EC_SERROR = 0x2F,
    EC_BKPT_LOWER = 0x30,
    EC_BKPT_CUR = 0x31,
    EC_SSTEP_LOWER = 0x32,
    EC_SSTEP_CUR = 0x33,
    EC_WPT_LOWER = 0x34,
    EC_WPT_CUR = 0x35,
    EC_BRK64 = 0x3C,
};

/* Fault status codes (DFSC/IFSC). */
enum {
    FSC_ADDR_SIZE_L0 = 0x00,
    FSC_TRANS_L0 = 0x04,
    FSC_ACCESS_L0 = 0x08,
    FSC_PERM_L0 = 0x0C,
    FSC_SYNC_EXT = 0x10,
    FSC_ALIGN = 0x21,
};

/* The EL that a synchronous exception from the current state is taken to by default:
 * EL1 from EL0 (EL2 when HCR_EL2.TGE routes it), else the current EL. */
unsigned sync_target_el(const CPU *c);

/* Record a synchronous exception. `elr` is the preferred return address. Always returns
 * EXEC_EXC so that exec functions can `return raise_sync(...)`. */
int raise_sync(CPU *c, unsigned target_el, unsigned ec, uint32_t iss, uint64_t elr) WUR;

/* UNDEFINED: EC 0 at the default target, returning to the instruction. */
int undefined(CPU *c) WUR;

/* A trapped MSR/MRS/SYS (EC 0x18) to `target_el`: ISS from the instruction word. */
int raise_sysreg_trap(CPU *c, unsigned target_el, uint32_t insn) WUR;

/* A data abort on `va` with fault status `fsc`. `target_el` 0 means "route by default". */
int raise_data_abort(CPU *c, uint64_t va, unsigned fsc, bool write, unsigned target_el) WUR;

/* The architectural entry: vector selection, SPSR/ELR/ESR/FAR, PSTATE, and the transition
 * event. Consumes c->exc. */
void take_exception(CPU *c);

/* ERET from the current EL (AArch64.ExceptionReturn), including the illegal-return rules. */
void exception_return(CPU *c);

/* Vector offset for an exception of `type` taken from `from_el` (with SPSel `sp`) to `to_el`. */
static inline uint64_t vector_offset(unsigned type, unsigned from_el, unsigned from_sp, unsigned to_el)
{
    uint64_t base = to_el > from_el ? 0x400 : (from_sp ? 0x200 : 0x000);
    return base + 0x80 * type;
}

#endif
