/* SPDX-License-Identifier: MIT */
/* Advanced SIMD three different (long, wide and narrowing operations, PMULL) and scalar three
 * different (SQDMLAL, SQDMLSL, SQDMULL). Q = 1 selects the "2" forms: the long and wide forms
 * read the upper halves of their narrow operands, the narrowing forms write the upper half of
 * Vd and keep its lower half. */
#include "cpu/simd_int.h"

/* Long: both operands from Vpart[n/m, Q], elements of esize, results of 2*esize.
 * Wide (wide = true): operand 1 is all of Vn with 2*esize-bit elements. */
static inline __attribute__((always_inline)) int long_vec(CPU *c, const Insn *in, LongFn fn, bool u, bool wide)
{
    FP_CHECK(c);
    unsigned esize = f_esize(in), elements = 64 / esize, base = f_q(in) * elements;
    const VReg *n = &c->v[in->rn], *m = &c->v[in->rm], *d = &c->v[in->rd];
    VReg r;
    for (unsigned e = 0; e < elements; e++) {
        i128 a = wide ? vint(n, e, 2 * esize, u) : vint(n, base + e, esize, u);
        i128 b = vint(m, base + e, esize, u);
        vset(&r, e, 2 * esize, fn(c, a, b, vget(d, e, 2 * esize), esize));
    }
    c->v[in->rd] = r;
    return EXEC_OK;
}

/* The scalar forms: element 0 of esize, a 2*esize-bit result with the rest of Vd zeroed. */
static inline __attribute__((always_inline)) int long_scalar(CPU *c, const Insn *in, LongFn fn)
{
    FP_CHECK(c);
    unsigned esize = f_esize(in);
    uint64_t r = fn(c, vint(&c->v[in->rn], 0, esize, false), vint(&c->v[in->rm], 0, esize, false),
                    vget(&c->v[in->rd], 0, 2 * esize), esize);
    set_vscalar(c, in->rd, 2 * esize, r);
    return EXEC_OK;
}

static uint64_t op_add(CPU *c, i128 a, i128 b, uint64_t d, unsigned es) { return (uint64_t)(a + b); }
static uint64_t op_sub(CPU *c, i128 a, i128 b, uint64_t d, unsigned es) { return (uint64_t)(a - b); }
static uint64_t op_abd(CPU *c, i128 a, i128 b, uint64_t d, unsigned es) { return (uint64_t)(a > b ? a - b : b - a); }
static uint64_t op_aba(CPU *c, i128 a, i128 b, uint64_t d, unsigned es) { return d + op_abd(c, a, b, d, es); }

int exec_SADDL_vec(CPU *c, const Insn *in) { return long_vec(c, in, op_add, false, false); }
int exec_UADDL_vec(CPU *c, const Insn *in) { return long_vec(c, in, op_add, true, false); }
int exec_SADDW_vec(CPU *c, const Insn *in) { return long_vec(c, in, op_add, false, true); }
int exec_UADDW_vec(CPU *c, const Insn *in) { return long_vec(c, in, op_add, true, true); }
int exec_SSUBL_vec(CPU *c, const Insn *in) { return long_vec(c, in, op_sub, false, false); }
int exec_USUBL_vec(CPU *c, const Insn *in) { return long_vec(c, in, op_sub, true, false); }
int exec_SSUBW_vec(CPU *c, const Insn *in) { return long_vec(c, in, op_sub, false, true); }
int exec_USUBW_vec(CPU *c, const Insn *in) { return long_vec(c, in, op_sub, true, true); }
int exec_SABAL_vec(CPU *c, const Insn *in) { return long_vec(c, in, op_aba, false, false); }
int exec_UABAL_vec(CPU *c, const Insn *in) { return long_vec(c, in, op_aba, true, false); }
int exec_SABDL_vec(CPU *c, const Insn *in) { return long_vec(c, in, op_abd, false, false); }
int exec_UABDL_vec(CPU *c, const Insn *in) { return long_vec(c, in, op_abd, true, false); }
int exec_SMLAL_vec(CPU *c, const Insn *in) { return long_vec(c, in, op_mla_long, false, false); }
int exec_UMLAL_vec(CPU *c, const Insn *in) { return long_vec(c, in, op_mla_long, true, false); }
int exec_SMLSL_vec(CPU *c, const Insn *in) { return long_vec(c, in, op_mls_long, false, false); }
int exec_UMLSL_vec(CPU *c, const Insn *in) { return long_vec(c, in, op_mls_long, true, false); }
int exec_SMULL_vec(CPU *c, const Insn *in) { return long_vec(c, in, op_mul_long, false, false); }
int exec_UMULL_vec(CPU *c, const Insn *in) { return long_vec(c, in, op_mul_long, true, false); }
int exec_SQDMLAL_vec(CPU *c, const Insn *in) { return long_vec(c, in, op_sqdmlal_long, false, false); }
int exec_SQDMLSL_vec(CPU *c, const Insn *in) { return long_vec(c, in, op_sqdmlsl_long, false, false); }
int exec_SQDMULL_vec(CPU *c, const Insn *in) { return long_vec(c, in, op_sqdmull_long, false, false); }
int exec_SQDMLAL_scalar(CPU *c, const Insn *in) { return long_scalar(c, in, op_sqdmlal_long); }
int exec_SQDMLSL_scalar(CPU *c, const Insn *in) { return long_scalar(c, in, op_sqdmlsl_long); }
int exec_SQDMULL_scalar(CPU *c, const Insn *in) { return long_scalar(c, in, op_sqdmull_long); }

/* ADDHN/RADDHN/SUBHN/RSUBHN: the high half of each 2*esize-bit sum or difference (modulo
 * 2^(2*esize), plus 1 << (esize - 1) for the rounding forms), into Vpart[d, Q]. */
static int narrow_high(CPU *c, const Insn *in, bool sub, bool round)
{
    FP_CHECK(c);
    unsigned esize = f_esize(in), elements = 64 / esize;
    const VReg *n = &c->v[in->rn], *m = &c->v[in->rm];
    VReg r = {{0}};
    for (unsigned e = 0; e < elements; e++) {
        uint64_t a = vget(n, e, 2 * esize), b = vget(m, e, 2 * esize);
        uint64_t x = sub ? a - b : a + b;
        if (round)
            x += 1ULL << (esize - 1);
        vset(&r, e, esize, (x & emask(2 * esize)) >> esize);
    }
    set_vpart(c, in->rd, f_q(in), r.d[0]);
    return EXEC_OK;
}
int exec_ADDHN_vec(CPU *c, const Insn *in) { return narrow_high(c, in, false, false); }
int exec_RADDHN_vec(CPU *c, const Insn *in) { return narrow_high(c, in, false, true); }
int exec_SUBHN_vec(CPU *c, const Insn *in) { return narrow_high(c, in, true, false); }
int exec_RSUBHN_vec(CPU *c, const Insn *in) { return narrow_high(c, in, true, true); }

/* PMULL/PMULL2: PolynomialMult, carry-less products of 8-bit elements into 16 bits, or of the
 * 64-bit element Vpart[n, Q] into the 128-bit Vd (the 1Q form, FEAT_PMULL). */
int exec_PMULL_vec(CPU *c, const Insn *in)
{
    FP_CHECK(c);
    unsigned part = f_q(in);
    VReg r;
    if (f_size(in) == 3) {
        uint64_t a = c->v[in->rn].d[part], b = c->v[in->rm].d[part];
        u128 p = 0;
        for (unsigned i = 0; i < 64; i++)
            if ((b >> i) & 1)
                p ^= (u128)a << i;
        r.d[0] = (uint64_t)p;
        r.d[1] = (uint64_t)(p >> 64);
    } else {
        for (unsigned e = 0; e < 8; e++) {
            uint16_t a = c->v[in->rn].b[8 * part + e], b = c->v[in->rm].b[8 * part + e], p = 0;
            for (unsigned i = 0; i < 8; i++)
                if ((b >> i) & 1)
                    p ^= (uint16_t)(a << i);
            r.h[e] = p;
        }
    }
    c->v[in->rd] = r;
    return EXEC_OK;
}
