/* SPDX-License-Identifier: MIT */
/* Integer ALU helpers shared by the data-processing classes (cpu/dp_imm.c, cpu/dp_reg.c):
 * AddWithCarry, ShiftReg, ExtendReg and the logical-result flags, for both datasizes. */
#ifndef TETRARCH_ALU_H
#define TETRARCH_ALU_H

#include "cpu/cpu.h"

/* The sf bit (bit 31) of a data-processing encoding: 1 = 64-bit, 0 = 32-bit. */
static inline bool insn_sf(const Insn *in) { return in->raw >> 31; }

/* A value cut to the datasize, as the 32-bit forms write it: zero-extended. */
static inline uint64_t trunc_sf(uint64_t v, bool sf) { return sf ? v : (uint32_t)v; }

/* The condition field, bits 15:12, of the conditional compare and select encodings. */
static inline unsigned insn_cond(const Insn *in) { return (in->raw >> 12) & 15; }

/* AddWithCarry (Arm ARM shared pseudocode), 64-bit: returns x + y + carry_in and leaves the
 * resulting N,Z,C,V in *nzcv (bits 31:28). Subtraction is x + NOT(y) + 1. */
static inline uint64_t add_with_carry64(uint64_t x, uint64_t y, unsigned carry_in, uint32_t *nzcv)
{
    uint64_t r = x + y + carry_in;
    /* Carry out of bit 63: both operand bits set, or one set and the result bit clear. */
    uint64_t carry = (x & y) | ((x | y) & ~r);
    /* Signed overflow: both operands have the sign the result lacks. */
    uint64_t overflow = (x ^ r) & (y ^ r);
    *nzcv = ((uint32_t)(r >> 63) << 31) | ((uint32_t)(r == 0) << 30) |
            ((uint32_t)(carry >> 63) << 29) | ((uint32_t)(overflow >> 63) << 28);
    return r;
}

/* AddWithCarry, 32-bit: the carry is bit 32 of the wide sum. */
static inline uint32_t add_with_carry32(uint32_t x, uint32_t y, unsigned carry_in, uint32_t *nzcv)
{
    uint64_t wide = (uint64_t)x + y + carry_in;
    uint32_t r = (uint32_t)wide;
    uint32_t overflow = (x ^ r) & (y ^ r);
    *nzcv = (r & FLAG_N) | ((uint32_t)(r == 0) << 30) | ((uint32_t)(wide >> 32) << 29) |
            ((overflow >> 31) << 28);
    return r;
}

/* AddWithCarry at the datasize given by sf; a 32-bit result comes back zero-extended. */
static inline uint64_t add_with_carry(uint64_t x, uint64_t y, unsigned carry_in, bool sf, uint32_t *nzcv)
{
    return sf ? add_with_carry64(x, y, carry_in, nzcv)
              : add_with_carry32((uint32_t)x, (uint32_t)y, carry_in, nzcv);
}

/* x - y with the flags of AddWithCarry(x, NOT(y), 1), for SUBS and CMP, computed the way the
 * host does: C is "no borrow" (x >= y) and V the signed overflow of the subtraction. */
static inline uint64_t sub_with_flags(uint64_t x, uint64_t y, bool sf, uint32_t *nzcv)
{
    if (sf) {
        uint64_t r = x - y;
        int64_t ignored;
        bool v = __builtin_sub_overflow((int64_t)x, (int64_t)y, &ignored);
        *nzcv = ((uint32_t)(r >> 63) << 31) | ((uint32_t)(r == 0) << 30) | ((uint32_t)(x >= y) << 29) |
                ((uint32_t)v << 28);
        return r;
    }
    uint32_t a = (uint32_t)x, b = (uint32_t)y, r = a - b;
    int32_t ignored;
    bool v = __builtin_sub_overflow((int32_t)a, (int32_t)b, &ignored);
    *nzcv = (r & FLAG_N) | ((uint32_t)(r == 0) << 30) | ((uint32_t)(a >= b) << 29) | ((uint32_t)v << 28);
    return r;
}

/* The carry flag as a 0/1 operand (PSTATE.C). */
static inline unsigned carry_flag(const CPU *c) { return (c->ps.nzcv >> 29) & 1; }

/* Flags of the logical flag-setting forms (ANDS, BICS, TST): N and Z from the result, C = V = 0.
 * `result` is already cut to the datasize. */
static inline uint32_t logic_nzcv(uint64_t result, bool sf)
{
    uint32_t n = (uint32_t)(result >> (sf ? 63 : 31)) & 1;
    return (n << 31) | ((uint32_t)(result == 0) << 30);
}

/* Rotate right within the datasize; amount < datasize. */
static inline uint64_t ror_sf(uint64_t v, unsigned amount, bool sf)
{
    if (sf)
        return (v >> amount) | (v << ((64 - amount) & 63));
    uint32_t w = (uint32_t)v;
    return (uint32_t)((w >> amount) | (w << ((32 - amount) & 31)));
}

/* ShiftReg: LSL, LSR, ASR, ROR (shift type 0..3) of a register value already cut to the
 * datasize, by amount < datasize; the result is cut to the datasize. */
static inline uint64_t shift_reg(uint64_t v, unsigned type, unsigned amount, bool sf)
{
    /* LSL is by far the most common (MOV and plain register operands use LSL #0). */
    if (likely(type == 0))
        return trunc_sf(v << amount, sf);
    switch (type) {
    case 1: return v >> amount;
    case 2: return sf ? (uint64_t)((int64_t)v >> amount) : (uint32_t)((int32_t)(uint32_t)v >> amount);
    default: return ror_sf(v, amount, sf);
    }
}

/* ExtendReg: the low 8/16/32/64 bits of v (option<1:0>), sign-extended when option<2> is set,
 * then shifted left by 0..4. The caller cuts the result to the datasize. */
static inline uint64_t extend_reg(uint64_t v, unsigned option, unsigned shift)
{
    switch (option) {
    case 0: v = (uint8_t)v; break;                       /* UXTB */
    case 1: v = (uint16_t)v; break;                      /* UXTH */
    case 2: v = (uint32_t)v; break;                      /* UXTW */
    case 4: v = (uint64_t)(int64_t)(int8_t)v; break;     /* SXTB */
    case 5: v = (uint64_t)(int64_t)(int16_t)v; break;    /* SXTH */
    case 6: v = (uint64_t)(int64_t)(int32_t)v; break;    /* SXTW */
    default: break;                                      /* UXTX, SXTX */
    }
    return v << shift;
}

#endif
