/* SPDX-License-Identifier: MIT */
/* Helpers shared by the general-register loads and stores (cpu/ldst.c) and the SIMD&FP ones
 * (cpu/ldst_simd.c): the SP alignment check, register-offset addresses, writeback rules. */
#ifndef TETRARCH_LDST_COMMON_H
#define TETRARCH_LDST_COMMON_H

#include "cpu/alu.h"
#include "cpu/cpu.h"

#define ALWAYS_INLINE inline __attribute__((always_inline))

/* AArch64.SPAlignmentFault when SCTLR[].SA/SA0 checks the SP (cpu/ldst.c): EC 0x26 to the
 * default target, returning to the instruction; EXEC_OK when the check is off. */
int ldst_sp_alignment_fault(CPU *c) WUR;

/* CheckSPAlignment, done by every load/store (not prefetch) whose base register is SP:
 * the misaligned case is rare, so the hot path is two tests. */
static ALWAYS_INLINE int WUR check_sp(CPU *c, unsigned n)
{
    if (unlikely(n == 31) && unlikely(c->sp & 15))
        return ldst_sp_alignment_fault(c);
    return EXEC_OK;
}

/* Register offset: option<1> == 0 (a sub-word index register) is UNDEFINED. */
static inline bool reg_offset_unallocated(uint32_t raw) { return !bit(raw, 14); }

/* ExtendReg(m, option, S ? scale : 0): the offset of the register-offset forms; Rm == 31 is
 * XZR. `scale` is log2 of the access size. */
static inline uint64_t reg_offset_scaled(const CPU *c, uint32_t raw, unsigned scale)
{
    return extend_reg(X(c, bits(raw, 20, 16)), bits(raw, 15, 13), bit(raw, 12) ? scale : 0);
}

#endif
