/* SPDX-License-Identifier: MIT */
/* Helpers shared by the Advanced SIMD integer and permute classes (cpu/simd_*.c): element
 * access on a local VReg, the common encoding fields, and saturation (the pseudocode's
 * SignedSatQ/UnsignedSatQ) on exact 128-bit intermediate values.
 *
 * The pseudocode computes on unbounded integers and cuts the result to an element; a 128-bit
 * integer holds every intermediate these instructions form (a 64-bit element plus a rounding
 * constant, 2 * a 32-bit product plus an accumulator), so the bodies can follow it directly. */
#ifndef TETRARCH_SIMD_INT_H
#define TETRARCH_SIMD_INT_H

#include "cpu/decode.h"
#include "cpu/exception.h"
#include "cpu/simd.h"

typedef __int128 i128;
typedef unsigned __int128 u128;

/* ---- Elements of a VReg (Elem[vector, e, esize]); element e of size esize at byte e*esize/8 ---- */
static inline uint64_t vget(const VReg *v, unsigned e, unsigned esize)
{
    switch (esize) {
    case 8: return v->b[e];
    case 16: return v->h[e];
    case 32: return v->s[e];
    default: return v->d[e];
    }
}
static inline void vset(VReg *v, unsigned e, unsigned esize, uint64_t val)
{
    switch (esize) {
    case 8: v->b[e] = (uint8_t)val; break;
    case 16: v->h[e] = (uint16_t)val; break;
    case 32: v->s[e] = (uint32_t)val; break;
    default: v->d[e] = val; break;
    }
}
/* Int(Elem[...], unsigned): the element as an integer, zero- or sign-extended. */
static inline i128 vint(const VReg *v, unsigned e, unsigned esize, bool is_unsigned)
{
    uint64_t x = vget(v, e, esize);
    return is_unsigned ? (i128)x : (i128)sext(x, esize);
}

/* Int(x, unsigned) of an element value x of esize bits. */
static inline i128 as_int(uint64_t x, unsigned esize, bool is_unsigned)
{
    return is_unsigned ? (i128)x : (i128)sext(x, esize);
}

/* Vpart[d, part] = val: part 0 writes the low 64 bits and zeroes the rest, part 1 (the "2"
 * forms) writes the high 64 bits and keeps the low. */
static inline void set_vpart(CPU *c, unsigned d, unsigned part, uint64_t val)
{
    if (part) {
        c->v[d].d[1] = val;
    } else {
        c->v[d].d[0] = val;
        c->v[d].d[1] = 0;
    }
}

/* Ones(esize) as a 64-bit mask. */
static inline uint64_t emask(unsigned esize) { return esize >= 64 ? ~0ULL : (1ULL << esize) - 1; }

/* ---- Fields of the common encodings ---- */
static inline unsigned f_q(const Insn *in) { return bit(in->raw, 30); }
static inline unsigned f_u(const Insn *in) { return bit(in->raw, 29); }
static inline unsigned f_size(const Insn *in) { return bits(in->raw, 23, 22); }
static inline unsigned f_esize(const Insn *in) { return 8u << f_size(in); }
static inline unsigned f_datasize(const Insn *in) { return f_q(in) ? 128 : 64; }

/* The copy encodings (cpu/simd_copy.c's preps): Insn.imm = esize | index << 8 | index2 << 16,
 * index2 being INS (element)'s source index. */
static inline unsigned c_esize(const Insn *in) { return (unsigned)(in->imm & 0xFF); }
static inline unsigned c_index(const Insn *in) { return (unsigned)((in->imm >> 8) & 0xFF); }
static inline unsigned c_index2(const Insn *in) { return (unsigned)((in->imm >> 16) & 0xFF); }

/* ---- Saturation: SignedSatQ / UnsignedSatQ, setting FPSR.QC when they saturate ---- */
static inline uint64_t sat(CPU *c, i128 x, unsigned esize, bool is_unsigned)
{
    i128 hi = is_unsigned ? ((i128)1 << esize) - 1 : ((i128)1 << (esize - 1)) - 1;
    i128 lo = is_unsigned ? 0 : -hi - 1;
    if (x > hi) {
        fpsr_or(c, FPSR_QC);
        x = hi;
    } else if (x < lo) {
        fpsr_or(c, FPSR_QC);
        x = lo;
    }
    return (uint64_t)x & emask(esize);
}

/* x << shift for a shift of either sign, with the rounding constant 1 << (-shift - 1) added
 * first when `round` and shift < 0 (the register shifts and the rounding immediate shifts).
 * x is a 64-bit element value (signed or unsigned). The result is exact where it fits an
 * element; where a left shift makes any nonzero x at least 2^esize, a value of that sign is
 * returned whose low 64 bits are zero, so it saturates and truncates as the exact value would. */
static inline i128 shift_round(i128 x, int shift, bool round, unsigned esize)
{
    if (shift >= 0) {
        if (x == 0)
            return 0;
        if ((unsigned)shift >= esize)
            return x > 0 ? (i128)1 << 100 : -((i128)1 << 100);
        return (i128)((u128)x << shift);
    }
    unsigned s = (unsigned)-shift;
    if (s > 100)
        s = 100; /* |x| < 2^64: any larger shift gives the same result */
    if (round)
        x += (i128)1 << (s - 1);
    return x >> s;
}

/* ---- Element operations shared by the vector, scalar and by-element forms ---- */
/* One element of a three-same operation: a = Elem[operand1], b = Elem[operand2], d = the
 * destination's old element (for the accumulating forms); the result's low esize bits. */
typedef uint64_t (*SameFn)(CPU *c, uint64_t a, uint64_t b, uint64_t d, unsigned esize, bool u);

static inline uint64_t op_mul(CPU *c, uint64_t a, uint64_t b, uint64_t d, unsigned es, bool u) { return a * b; }
static inline uint64_t op_mla(CPU *c, uint64_t a, uint64_t b, uint64_t d, unsigned es, bool u) { return d + a * b; }
static inline uint64_t op_mls(CPU *c, uint64_t a, uint64_t b, uint64_t d, unsigned es, bool u) { return d - a * b; }
/* SQDMULH: (2 * a * b) >> esize; SQRDMULH adds 1 << (esize - 1) first. Only -min * -min
 * saturates. */
static inline uint64_t op_sqdmulh(CPU *c, uint64_t a, uint64_t b, uint64_t d, unsigned es, bool u)
{
    return sat(c, (2 * as_int(a, es, false) * as_int(b, es, false)) >> es, es, false);
}
static inline uint64_t op_sqrdmulh(CPU *c, uint64_t a, uint64_t b, uint64_t d, unsigned es, bool u)
{
    i128 p = 2 * as_int(a, es, false) * as_int(b, es, false) + ((i128)1 << (es - 1));
    return sat(c, p >> es, es, false);
}
/* SQRDMLAH/SQRDMLSH (FEAT_RDM): ((d << esize) +/- 2 * a * b + rounding) >> esize, saturated. */
static inline uint64_t op_sqrdmlah(CPU *c, uint64_t a, uint64_t b, uint64_t d, unsigned es, bool u)
{
    i128 acc = as_int(d, es, false) * ((i128)1 << es) + 2 * as_int(a, es, false) * as_int(b, es, false);
    return sat(c, (acc + ((i128)1 << (es - 1))) >> es, es, false);
}
static inline uint64_t op_sqrdmlsh(CPU *c, uint64_t a, uint64_t b, uint64_t d, unsigned es, bool u)
{
    i128 acc = as_int(d, es, false) * ((i128)1 << es) - 2 * as_int(a, es, false) * as_int(b, es, false);
    return sat(c, (acc + ((i128)1 << (es - 1))) >> es, es, false);
}


/* One element of a long operation: a and b are Int(element, unsigned) of esize bits, d the
 * destination's old 2*esize-bit element; the result's low 2*esize bits. */
typedef uint64_t (*LongFn)(CPU *c, i128 a, i128 b, uint64_t d, unsigned esize);

static inline uint64_t op_mul_long(CPU *c, i128 a, i128 b, uint64_t d, unsigned es) { return (uint64_t)(a * b); }
static inline uint64_t op_mla_long(CPU *c, i128 a, i128 b, uint64_t d, unsigned es) { return d + (uint64_t)(a * b); }
static inline uint64_t op_mls_long(CPU *c, i128 a, i128 b, uint64_t d, unsigned es) { return d - (uint64_t)(a * b); }
/* SQDMULL: SignedSatQ(2 * a * b, 2 * esize); only -min * -min saturates. */
static inline uint64_t op_sqdmull_long(CPU *c, i128 a, i128 b, uint64_t d, unsigned es) { return sat(c, 2 * a * b, 2 * es, false); }
/* SQDMLAL/SQDMLSL: the doubled product saturates first, then the accumulation. */
static inline uint64_t op_sqdmlal_long(CPU *c, i128 a, i128 b, uint64_t d, unsigned es)
{
    i128 product = as_int(op_sqdmull_long(c, a, b, d, es), 2 * es, false);
    return sat(c, as_int(d, 2 * es, false) + product, 2 * es, false);
}
static inline uint64_t op_sqdmlsl_long(CPU *c, i128 a, i128 b, uint64_t d, unsigned es)
{
    i128 product = as_int(op_sqdmull_long(c, a, b, d, es), 2 * es, false);
    return sat(c, as_int(d, 2 * es, false) - product, 2 * es, false);
}

#endif
