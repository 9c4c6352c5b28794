/* SPDX-License-Identifier: MIT */
/* Advanced SIMD two-register miscellaneous and scalar two-register miscellaneous, integer
 * forms: reversals, pairwise long adds, saturating accumulates, bit counts, absolute value and
 * negation, compares against zero, the narrowing moves (XTN and its saturating forms), SHLL,
 * and the unsigned estimates URECPE/URSQRTE. */
#include "cpu/simd_int.h"

/* One element: a = Elem[operand], d = the destination's old element; low esize bits out. */
typedef uint64_t (*UnaryFn)(CPU *c, uint64_t a, uint64_t d, unsigned esize, bool u);

static inline __attribute__((always_inline)) int unary_vec(CPU *c, const Insn *in, UnaryFn fn, bool u)
{
    FP_CHECK(c);
    unsigned esize = f_esize(in), datasize = f_datasize(in);
    const VReg *n = &c->v[in->rn], *d = &c->v[in->rd];
    VReg r = {{0}};
    for (unsigned e = 0; e < datasize / esize; e++)
        vset(&r, e, esize, fn(c, vget(n, e, esize), vget(d, e, esize), esize, u));
    set_vreg(c, in->rd, &r, datasize);
    return EXEC_OK;
}

static inline __attribute__((always_inline)) int unary_scalar(CPU *c, const Insn *in, UnaryFn fn, bool u)
{
    FP_CHECK(c);
    unsigned esize = f_esize(in);
    set_vscalar(c, in->rd, esize, fn(c, vget(&c->v[in->rn], 0, esize), vget(&c->v[in->rd], 0, esize), esize, u));
    return EXEC_OK;
}

/* SUQADD: signed saturation of Vd (signed) + Vn (unsigned); USQADD: unsigned saturation of
 * Vd (unsigned) + Vn (signed). u is the instruction's U bit. */
static uint64_t op_sqadd_acc(CPU *c, uint64_t a, uint64_t d, unsigned es, bool u)
{
    return sat(c, as_int(a, es, !u) + as_int(d, es, u), es, u);
}
static uint64_t op_sqabs(CPU *c, uint64_t a, uint64_t d, unsigned es, bool u)
{
    i128 x = as_int(a, es, false);
    return sat(c, x < 0 ? -x : x, es, false);
}
static uint64_t op_sqneg(CPU *c, uint64_t a, uint64_t d, unsigned es, bool u) { return sat(c, -as_int(a, es, false), es, false); }
static uint64_t op_abs(CPU *c, uint64_t a, uint64_t d, unsigned es, bool u) { return sext(a, es) < 0 ? 0 - a : a; }
static uint64_t op_neg(CPU *c, uint64_t a, uint64_t d, unsigned es, bool u) { return 0 - a; }
static uint64_t op_cmgt0(CPU *c, uint64_t a, uint64_t d, unsigned es, bool u) { return sext(a, es) > 0 ? ~0ULL : 0; }
static uint64_t op_cmge0(CPU *c, uint64_t a, uint64_t d, unsigned es, bool u) { return sext(a, es) >= 0 ? ~0ULL : 0; }
static uint64_t op_cmeq0(CPU *c, uint64_t a, uint64_t d, unsigned es, bool u) { return a == 0 ? ~0ULL : 0; }
static uint64_t op_cmle0(CPU *c, uint64_t a, uint64_t d, unsigned es, bool u) { return sext(a, es) <= 0 ? ~0ULL : 0; }
static uint64_t op_cmlt0(CPU *c, uint64_t a, uint64_t d, unsigned es, bool u) { return sext(a, es) < 0 ? ~0ULL : 0; }
/* CountLeadingZeroBits of an esize-bit element (elements are 8 to 32 bits here). */
static unsigned clz_elem(uint64_t a, unsigned es) { return a ? (unsigned)__builtin_clzll(a) - (64 - es) : es; }
static uint64_t op_clz(CPU *c, uint64_t a, uint64_t d, unsigned es, bool u) { return clz_elem(a, es); }
/* CountLeadingSignBits(x) = CountLeadingZeroBits(x<N-1:1> EOR x<N-2:0>). */
static uint64_t op_cls(CPU *c, uint64_t a, uint64_t d, unsigned es, bool u)
{
    return clz_elem(((a >> 1) ^ a) & emask(es - 1), es - 1);
}
static uint64_t op_cnt(CPU *c, uint64_t a, uint64_t d, unsigned es, bool u) { return (uint64_t)__builtin_popcountll(a); }
static uint64_t op_not(CPU *c, uint64_t a, uint64_t d, unsigned es, bool u) { return ~a; }
static uint64_t op_urecpe(CPU *c, uint64_t a, uint64_t d, unsigned es, bool u) { return unsigned_recip_estimate((uint32_t)a); }
static uint64_t op_ursqrte(CPU *c, uint64_t a, uint64_t d, unsigned es, bool u) { return unsigned_rsqrt_estimate((uint32_t)a); }

int exec_SUQADD_vec(CPU *c, const Insn *in) { return unary_vec(c, in, op_sqadd_acc, false); }
int exec_USQADD_vec(CPU *c, const Insn *in) { return unary_vec(c, in, op_sqadd_acc, true); }
int exec_CLS_vec(CPU *c, const Insn *in) { return unary_vec(c, in, op_cls, false); }
int exec_CLZ_vec(CPU *c, const Insn *in) { return unary_vec(c, in, op_clz, false); }
int exec_CNT_vec(CPU *c, const Insn *in) { return unary_vec(c, in, op_cnt, false); }
int exec_NOT_vec(CPU *c, const Insn *in) { return unary_vec(c, in, op_not, false); }
int exec_SQABS_vec(CPU *c, const Insn *in) { return unary_vec(c, in, op_sqabs, false); }
int exec_SQNEG_vec(CPU *c, const Insn *in) { return unary_vec(c, in, op_sqneg, false); }
int exec_CMGT_zero_vec(CPU *c, const Insn *in) { return unary_vec(c, in, op_cmgt0, false); }
int exec_CMGE_zero_vec(CPU *c, const Insn *in) { return unary_vec(c, in, op_cmge0, false); }
int exec_CMEQ_zero_vec(CPU *c, const Insn *in) { return unary_vec(c, in, op_cmeq0, false); }
int exec_CMLE_zero_vec(CPU *c, const Insn *in) { return unary_vec(c, in, op_cmle0, false); }
int exec_CMLT_zero_vec(CPU *c, const Insn *in) { return unary_vec(c, in, op_cmlt0, false); }
int exec_ABS_vec(CPU *c, const Insn *in) { return unary_vec(c, in, op_abs, false); }
int exec_NEG_vec(CPU *c, const Insn *in) { return unary_vec(c, in, op_neg, false); }
int exec_URECPE_vec(CPU *c, const Insn *in) { return unary_vec(c, in, op_urecpe, false); }
int exec_URSQRTE_vec(CPU *c, const Insn *in) { return unary_vec(c, in, op_ursqrte, false); }

int exec_SUQADD_scalar(CPU *c, const Insn *in) { return unary_scalar(c, in, op_sqadd_acc, false); }
int exec_USQADD_scalar(CPU *c, const Insn *in) { return unary_scalar(c, in, op_sqadd_acc, true); }
int exec_SQABS_scalar(CPU *c, const Insn *in) { return unary_scalar(c, in, op_sqabs, false); }
int exec_SQNEG_scalar(CPU *c, const Insn *in) { return unary_scalar(c, in, op_sqneg, false); }
int exec_CMGT_zero_scalar(CPU *c, const Insn *in) { return unary_scalar(c, in, op_cmgt0, false); }
int exec_CMGE_zero_scalar(CPU *c, const Insn *in) { return unary_scalar(c, in, op_cmge0, false); }
int exec_CMEQ_zero_scalar(CPU *c, const Insn *in) { return unary_scalar(c, in, op_cmeq0, false); }
int exec_CMLE_zero_scalar(CPU *c, const Insn *in) { return unary_scalar(c, in, op_cmle0, false); }
int exec_CMLT_zero_scalar(CPU *c, const Insn *in) { return unary_scalar(c, in, op_cmlt0, false); }
int exec_ABS_scalar(CPU *c, const Insn *in) { return unary_scalar(c, in, op_abs, false); }
int exec_NEG_scalar(CPU *c, const Insn *in) { return unary_scalar(c, in, op_neg, false); }

/* RBIT (vector): the bits of each byte reversed (the size field is fixed at 01). */
int exec_RBIT_vec(CPU *c, const Insn *in)
{
    FP_CHECK(c);
    unsigned datasize = f_datasize(in);
    VReg r = {{0}};
    for (unsigned i = 0; i < datasize / 8; i++) {
        uint8_t a = c->v[in->rn].b[i], x = 0;
        for (unsigned k = 0; k < 8; k++)
            x |= (uint8_t)(((a >> k) & 1) << (7 - k));
        r.b[i] = x;
    }
    set_vreg(c, in->rd, &r, datasize);
    return EXEC_OK;
}

/* REV16/REV32/REV64: reverse the esize-bit elements within each container of 16, 32 or 64
 * bits; element e comes from e XOR (elements per container - 1). */
static int rev_vec(CPU *c, const Insn *in, unsigned container)
{
    FP_CHECK(c);
    unsigned esize = f_esize(in), datasize = f_datasize(in), flip = container / esize - 1;
    const VReg *n = &c->v[in->rn];
    VReg r = {{0}};
    for (unsigned e = 0; e < datasize / esize; e++)
        vset(&r, e, esize, vget(n, e ^ flip, esize));
    set_vreg(c, in->rd, &r, datasize);
    return EXEC_OK;
}
int exec_REV64_vec(CPU *c, const Insn *in) { return rev_vec(c, in, 64); }
int exec_REV32_vec(CPU *c, const Insn *in) { return rev_vec(c, in, 32); }
int exec_REV16_vec(CPU *c, const Insn *in) { return rev_vec(c, in, 16); }

/* SADDLP/UADDLP and SADALP/UADALP: each 2*esize-bit result is the sum of a pair of adjacent
 * esize-bit elements, added to Vd's element for the accumulating forms (modulo). */
static int add_long_pairwise(CPU *c, const Insn *in, bool u, bool acc)
{
    FP_CHECK(c);
    unsigned esize = f_esize(in), datasize = f_datasize(in);
    const VReg *n = &c->v[in->rn], *d = &c->v[in->rd];
    VReg r = {{0}};
    for (unsigned e = 0; e < datasize / (2 * esize); e++) {
        uint64_t sum = (uint64_t)(vint(n, 2 * e, esize, u) + vint(n, 2 * e + 1, esize, u));
        if (acc)
            sum += vget(d, e, 2 * esize);
        vset(&r, e, 2 * esize, sum);
    }
    set_vreg(c, in->rd, &r, datasize);
    return EXEC_OK;
}
int exec_SADDLP_vec(CPU *c, const Insn *in) { return add_long_pairwise(c, in, false, false); }
int exec_UADDLP_vec(CPU *c, const Insn *in) { return add_long_pairwise(c, in, true, false); }
int exec_SADALP_vec(CPU *c, const Insn *in) { return add_long_pairwise(c, in, false, true); }
int exec_UADALP_vec(CPU *c, const Insn *in) { return add_long_pairwise(c, in, true, true); }

/* The narrowing moves: each 2*esize-bit element of Vn to esize bits (esize from size):
 * XTN truncates, SQXTN/UQXTN saturate signed/unsigned, SQXTUN saturates a signed value to
 * unsigned. */
typedef enum { NARROW_TRUNC, NARROW_SS, NARROW_UU, NARROW_SU } NarrowKind;
static uint64_t narrow_elem(CPU *c, uint64_t x, unsigned es, NarrowKind k)
{
    switch (k) {
    case NARROW_SS: return sat(c, as_int(x, 2 * es, false), es, false);
    case NARROW_UU: return sat(c, as_int(x, 2 * es, true), es, true);
    case NARROW_SU: return sat(c, as_int(x, 2 * es, false), es, true);
    default: return x & emask(es);
    }
}
/* Vector: the results go to Vpart[d, Q] (XTN2 and friends write the upper half). */
static int narrow_vec(CPU *c, const Insn *in, NarrowKind k)
{
    FP_CHECK(c);
    unsigned esize = f_esize(in);
    const VReg *n = &c->v[in->rn];
    VReg r = {{0}};
    for (unsigned e = 0; e < 64 / esize; e++)
        vset(&r, e, esize, narrow_elem(c, vget(n, e, 2 * esize), esize, k));
    set_vpart(c, in->rd, f_q(in), r.d[0]);
    return EXEC_OK;
}
static int narrow_scalar(CPU *c, const Insn *in, NarrowKind k)
{
    FP_CHECK(c);
    unsigned esize = f_esize(in);
    set_vscalar(c, in->rd, esize, narrow_elem(c, vget(&c->v[in->rn], 0, 2 * esize), esize, k));
    return EXEC_OK;
}
int exec_XTN_vec(CPU *c, const Insn *in) { return narrow_vec(c, in, NARROW_TRUNC); }
int exec_SQXTN_vec(CPU *c, const Insn *in) { return narrow_vec(c, in, NARROW_SS); }
int exec_UQXTN_vec(CPU *c, const Insn *in) { return narrow_vec(c, in, NARROW_UU); }
int exec_SQXTUN_vec(CPU *c, const Insn *in) { return narrow_vec(c, in, NARROW_SU); }
int exec_SQXTN_scalar(CPU *c, const Insn *in) { return narrow_scalar(c, in, NARROW_SS); }
int exec_UQXTN_scalar(CPU *c, const Insn *in) { return narrow_scalar(c, in, NARROW_UU); }
int exec_SQXTUN_scalar(CPU *c, const Insn *in) { return narrow_scalar(c, in, NARROW_SU); }

/* SHLL/SHLL2: each esize-bit element of Vpart[n, Q], zero-extended, shifted left by esize. */
int exec_SHLL_vec(CPU *c, const Insn *in)
{
    FP_CHECK(c);
    unsigned esize = f_esize(in), elements = 64 / esize, base = f_q(in) * elements;
    const VReg *n = &c->v[in->rn];
    VReg r;
    for (unsigned e = 0; e < elements; e++)
        vset(&r, e, 2 * esize, vget(n, base + e, esize) << esize);
    c->v[in->rd] = r;
    return EXEC_OK;
}
