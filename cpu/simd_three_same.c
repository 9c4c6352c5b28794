/* SPDX-License-Identifier: MIT */
/* Advanced SIMD three same and scalar three same, integer forms, and three same extra
 * (SQRDMLAH/SQRDMLSH of FEAT_RDM, SDOT/UDOT of FEAT_DotProd). */
#include "cpu/simd_int.h"

/* The vector form: every element of datasize (Q) bits, into a local copy so that Vd may be
 * Vn or Vm. always_inline makes each exec function a loop with its element operation inlined. */
static inline __attribute__((always_inline)) int same_vec(CPU *c, const Insn *in, SameFn fn, bool u)
{
    FP_CHECK(c);
    unsigned esize = f_esize(in), datasize = f_datasize(in);
    const VReg *n = &c->v[in->rn], *m = &c->v[in->rm], *d = &c->v[in->rd];
    VReg r = {{0}};
    for (unsigned e = 0; e < datasize / esize; e++)
        vset(&r, e, esize, fn(c, vget(n, e, esize), vget(m, e, esize), vget(d, e, esize), esize, u));
    set_vreg(c, in->rd, &r, datasize);
    return EXEC_OK;
}

/* The scalar form: element 0 of size esize, the rest of Vd zeroed. */
static inline __attribute__((always_inline)) int same_scalar(CPU *c, const Insn *in, SameFn fn, bool u)
{
    FP_CHECK(c);
    unsigned esize = f_esize(in);
    uint64_t r = fn(c, vget(&c->v[in->rn], 0, esize), vget(&c->v[in->rm], 0, esize),
                    vget(&c->v[in->rd], 0, esize), esize, u);
    set_vscalar(c, in->rd, esize, r);
    return EXEC_OK;
}

/* ---- element operations ---- */
static uint64_t op_hadd(CPU *c, uint64_t a, uint64_t b, uint64_t d, unsigned es, bool u)
{
    return (uint64_t)((as_int(a, es, u) + as_int(b, es, u)) >> 1);
}
static uint64_t op_rhadd(CPU *c, uint64_t a, uint64_t b, uint64_t d, unsigned es, bool u)
{
    return (uint64_t)((as_int(a, es, u) + as_int(b, es, u) + 1) >> 1);
}
static uint64_t op_hsub(CPU *c, uint64_t a, uint64_t b, uint64_t d, unsigned es, bool u)
{
    return (uint64_t)((as_int(a, es, u) - as_int(b, es, u)) >> 1);
}
static uint64_t op_qadd(CPU *c, uint64_t a, uint64_t b, uint64_t d, unsigned es, bool u)
{
    return sat(c, as_int(a, es, u) + as_int(b, es, u), es, u);
}
static uint64_t op_qsub(CPU *c, uint64_t a, uint64_t b, uint64_t d, unsigned es, bool u)
{
    return sat(c, as_int(a, es, u) - as_int(b, es, u), es, u);
}
static uint64_t op_cmgt(CPU *c, uint64_t a, uint64_t b, uint64_t d, unsigned es, bool u)
{
    return as_int(a, es, u) > as_int(b, es, u) ? ~0ULL : 0;
}
static uint64_t op_cmge(CPU *c, uint64_t a, uint64_t b, uint64_t d, unsigned es, bool u)
{
    return as_int(a, es, u) >= as_int(b, es, u) ? ~0ULL : 0;
}
static uint64_t op_cmeq(CPU *c, uint64_t a, uint64_t b, uint64_t d, unsigned es, bool u) { return a == b ? ~0ULL : 0; }
static uint64_t op_cmtst(CPU *c, uint64_t a, uint64_t b, uint64_t d, unsigned es, bool u) { return (a & b) ? ~0ULL : 0; }
/* The register shifts: shift = SInt(element2<7:0>), negative shifts right (rounding with the
 * R forms); the Q forms saturate. */
static uint64_t op_shl(CPU *c, uint64_t a, uint64_t b, uint64_t d, unsigned es, bool u)
{
    return (uint64_t)shift_round(as_int(a, es, u), (int8_t)b, false, es);
}
static uint64_t op_rshl(CPU *c, uint64_t a, uint64_t b, uint64_t d, unsigned es, bool u)
{
    return (uint64_t)shift_round(as_int(a, es, u), (int8_t)b, true, es);
}
static uint64_t op_qshl(CPU *c, uint64_t a, uint64_t b, uint64_t d, unsigned es, bool u)
{
    return sat(c, shift_round(as_int(a, es, u), (int8_t)b, false, es), es, u);
}
static uint64_t op_qrshl(CPU *c, uint64_t a, uint64_t b, uint64_t d, unsigned es, bool u)
{
    return sat(c, shift_round(as_int(a, es, u), (int8_t)b, true, es), es, u);
}
static uint64_t op_max(CPU *c, uint64_t a, uint64_t b, uint64_t d, unsigned es, bool u)
{
    return as_int(a, es, u) >= as_int(b, es, u) ? a : b;
}
static uint64_t op_min(CPU *c, uint64_t a, uint64_t b, uint64_t d, unsigned es, bool u)
{
    return as_int(a, es, u) >= as_int(b, es, u) ? b : a;
}
static uint64_t op_abd(CPU *c, uint64_t a, uint64_t b, uint64_t d, unsigned es, bool u)
{
    i128 diff = as_int(a, es, u) - as_int(b, es, u);
    return (uint64_t)(diff < 0 ? -diff : diff);
}
static uint64_t op_aba(CPU *c, uint64_t a, uint64_t b, uint64_t d, unsigned es, bool u)
{
    return d + op_abd(c, a, b, d, es, u);
}
static uint64_t op_add(CPU *c, uint64_t a, uint64_t b, uint64_t d, unsigned es, bool u) { return a + b; }
static uint64_t op_sub(CPU *c, uint64_t a, uint64_t b, uint64_t d, unsigned es, bool u) { return a - b; }
/* PolynomialMult of two bytes, low 8 bits of the product. */
static uint64_t op_pmul(CPU *c, uint64_t a, uint64_t b, uint64_t d, unsigned es, bool u)
{
    uint64_t r = 0;
    for (unsigned i = 0; i < 8; i++)
        if ((b >> i) & 1)
            r ^= a << i;
    return r;
}

/* ---- Advanced SIMD three same ---- */
int exec_SHADD_vec(CPU *c, const Insn *in) { return same_vec(c, in, op_hadd, false); }
int exec_UHADD_vec(CPU *c, const Insn *in) { return same_vec(c, in, op_hadd, true); }
int exec_SQADD_vec(CPU *c, const Insn *in) { return same_vec(c, in, op_qadd, false); }
int exec_UQADD_vec(CPU *c, const Insn *in) { return same_vec(c, in, op_qadd, true); }
int exec_SRHADD_vec(CPU *c, const Insn *in) { return same_vec(c, in, op_rhadd, false); }
int exec_URHADD_vec(CPU *c, const Insn *in) { return same_vec(c, in, op_rhadd, true); }
int exec_SHSUB_vec(CPU *c, const Insn *in) { return same_vec(c, in, op_hsub, false); }
int exec_UHSUB_vec(CPU *c, const Insn *in) { return same_vec(c, in, op_hsub, true); }
int exec_SQSUB_vec(CPU *c, const Insn *in) { return same_vec(c, in, op_qsub, false); }
int exec_UQSUB_vec(CPU *c, const Insn *in) { return same_vec(c, in, op_qsub, true); }
int exec_CMGT_vec(CPU *c, const Insn *in) { return same_vec(c, in, op_cmgt, false); }
int exec_CMHI_vec(CPU *c, const Insn *in) { return same_vec(c, in, op_cmgt, true); }
int exec_CMGE_vec(CPU *c, const Insn *in) { return same_vec(c, in, op_cmge, false); }
int exec_CMHS_vec(CPU *c, const Insn *in) { return same_vec(c, in, op_cmge, true); }
int exec_SSHL_vec(CPU *c, const Insn *in) { return same_vec(c, in, op_shl, false); }
int exec_USHL_vec(CPU *c, const Insn *in) { return same_vec(c, in, op_shl, true); }
int exec_SQSHL_reg_vec(CPU *c, const Insn *in) { return same_vec(c, in, op_qshl, false); }
int exec_UQSHL_reg_vec(CPU *c, const Insn *in) { return same_vec(c, in, op_qshl, true); }
int exec_SRSHL_vec(CPU *c, const Insn *in) { return same_vec(c, in, op_rshl, false); }
int exec_URSHL_vec(CPU *c, const Insn *in) { return same_vec(c, in, op_rshl, true); }
int exec_SQRSHL_vec(CPU *c, const Insn *in) { return same_vec(c, in, op_qrshl, false); }
int exec_UQRSHL_vec(CPU *c, const Insn *in) { return same_vec(c, in, op_qrshl, true); }
int exec_SMAX_vec(CPU *c, const Insn *in) { return same_vec(c, in, op_max, false); }
int exec_UMAX_vec(CPU *c, const Insn *in) { return same_vec(c, in, op_max, true); }
int exec_SMIN_vec(CPU *c, const Insn *in) { return same_vec(c, in, op_min, false); }
int exec_UMIN_vec(CPU *c, const Insn *in) { return same_vec(c, in, op_min, true); }
int exec_SABD_vec(CPU *c, const Insn *in) { return same_vec(c, in, op_abd, false); }
int exec_UABD_vec(CPU *c, const Insn *in) { return same_vec(c, in, op_abd, true); }
int exec_SABA_vec(CPU *c, const Insn *in) { return same_vec(c, in, op_aba, false); }
int exec_UABA_vec(CPU *c, const Insn *in) { return same_vec(c, in, op_aba, true); }
int exec_ADD_vec(CPU *c, const Insn *in) { return same_vec(c, in, op_add, false); }
int exec_SUB_vec(CPU *c, const Insn *in) { return same_vec(c, in, op_sub, false); }
int exec_CMTST_vec(CPU *c, const Insn *in) { return same_vec(c, in, op_cmtst, false); }
int exec_CMEQ_vec(CPU *c, const Insn *in) { return same_vec(c, in, op_cmeq, false); }
int exec_MLA_vec(CPU *c, const Insn *in) { return same_vec(c, in, op_mla, false); }
int exec_MLS_vec(CPU *c, const Insn *in) { return same_vec(c, in, op_mls, false); }
int exec_MUL_vec(CPU *c, const Insn *in) { return same_vec(c, in, op_mul, false); }
int exec_PMUL_vec(CPU *c, const Insn *in) { return same_vec(c, in, op_pmul, false); }
int exec_SQDMULH_vec(CPU *c, const Insn *in) { return same_vec(c, in, op_sqdmulh, false); }
int exec_SQRDMULH_vec(CPU *c, const Insn *in) { return same_vec(c, in, op_sqrdmulh, false); }

/* The pairwise operations work on the concatenation Vm:Vn (Vn the low half): result element e
 * is op(concat[2e], concat[2e+1]), so the low half comes from Vn's pairs, the high from Vm's. */
static inline __attribute__((always_inline)) int pairwise_vec(CPU *c, const Insn *in, SameFn fn, bool u)
{
    FP_CHECK(c);
    unsigned esize = f_esize(in), datasize = f_datasize(in), elements = datasize / esize;
    const VReg *src[2] = {&c->v[in->rn], &c->v[in->rm]};
    VReg r = {{0}};
    for (unsigned e = 0; e < elements; e++) {
        const VReg *v = src[2 * e / elements];
        unsigned i = (2 * e) % elements;
        vset(&r, e, esize, fn(c, vget(v, i, esize), vget(v, i + 1, esize), 0, esize, u));
    }
    set_vreg(c, in->rd, &r, datasize);
    return EXEC_OK;
}
int exec_SMAXP_vec(CPU *c, const Insn *in) { return pairwise_vec(c, in, op_max, false); }
int exec_UMAXP_vec(CPU *c, const Insn *in) { return pairwise_vec(c, in, op_max, true); }
int exec_SMINP_vec(CPU *c, const Insn *in) { return pairwise_vec(c, in, op_min, false); }
int exec_UMINP_vec(CPU *c, const Insn *in) { return pairwise_vec(c, in, op_min, true); }
int exec_ADDP_vec(CPU *c, const Insn *in) { return pairwise_vec(c, in, op_add, false); }

/* The bitwise operations: whole 64-bit halves. BSL, BIT and BIF are one operation,
 * d = op1 EOR ((op1 EOR op2) AND op3), with the operands in different places. */
typedef enum { LOGIC_AND, LOGIC_BIC, LOGIC_ORR, LOGIC_ORN, LOGIC_EOR, LOGIC_BSL, LOGIC_BIT, LOGIC_BIF } LogicOp;
static inline __attribute__((always_inline)) int logic_vec(CPU *c, const Insn *in, LogicOp op)
{
    FP_CHECK(c);
    unsigned datasize = f_datasize(in);
    VReg r = {{0}};
    for (unsigned h = 0; h < datasize / 64; h++) {
        uint64_t n = c->v[in->rn].d[h], m = c->v[in->rm].d[h], d = c->v[in->rd].d[h];
        switch (op) {
        case LOGIC_AND: r.d[h] = n & m; break;
        case LOGIC_BIC: r.d[h] = n & ~m; break;
        case LOGIC_ORR: r.d[h] = n | m; break;
        case LOGIC_ORN: r.d[h] = n | ~m; break;
        case LOGIC_EOR: r.d[h] = n ^ m; break;
        case LOGIC_BSL: r.d[h] = m ^ ((m ^ n) & d); break;
        case LOGIC_BIT: r.d[h] = d ^ ((d ^ n) & m); break;
        case LOGIC_BIF: r.d[h] = d ^ ((d ^ n) & ~m); break;
        }
    }
    set_vreg(c, in->rd, &r, datasize);
    return EXEC_OK;
}
int exec_AND_vec(CPU *c, const Insn *in) { return logic_vec(c, in, LOGIC_AND); }
int exec_BIC_vec(CPU *c, const Insn *in) { return logic_vec(c, in, LOGIC_BIC); }
int exec_ORR_vec(CPU *c, const Insn *in) { return logic_vec(c, in, LOGIC_ORR); }
int exec_ORN_vec(CPU *c, const Insn *in) { return logic_vec(c, in, LOGIC_ORN); }
int exec_EOR_vec(CPU *c, const Insn *in) { return logic_vec(c, in, LOGIC_EOR); }
int exec_BSL_vec(CPU *c, const Insn *in) { return logic_vec(c, in, LOGIC_BSL); }
int exec_BIT_vec(CPU *c, const Insn *in) { return logic_vec(c, in, LOGIC_BIT); }
int exec_BIF_vec(CPU *c, const Insn *in) { return logic_vec(c, in, LOGIC_BIF); }

/* ---- Advanced SIMD scalar three same ---- */
int exec_SQADD_scalar(CPU *c, const Insn *in) { return same_scalar(c, in, op_qadd, false); }
int exec_UQADD_scalar(CPU *c, const Insn *in) { return same_scalar(c, in, op_qadd, true); }
int exec_SQSUB_scalar(CPU *c, const Insn *in) { return same_scalar(c, in, op_qsub, false); }
int exec_UQSUB_scalar(CPU *c, const Insn *in) { return same_scalar(c, in, op_qsub, true); }
int exec_CMGT_scalar(CPU *c, const Insn *in) { return same_scalar(c, in, op_cmgt, false); }
int exec_CMHI_scalar(CPU *c, const Insn *in) { return same_scalar(c, in, op_cmgt, true); }
int exec_CMGE_scalar(CPU *c, const Insn *in) { return same_scalar(c, in, op_cmge, false); }
int exec_CMHS_scalar(CPU *c, const Insn *in) { return same_scalar(c, in, op_cmge, true); }
int exec_SSHL_scalar(CPU *c, const Insn *in) { return same_scalar(c, in, op_shl, false); }
int exec_USHL_scalar(CPU *c, const Insn *in) { return same_scalar(c, in, op_shl, true); }
int exec_SQSHL_reg_scalar(CPU *c, const Insn *in) { return same_scalar(c, in, op_qshl, false); }
int exec_UQSHL_reg_scalar(CPU *c, const Insn *in) { return same_scalar(c, in, op_qshl, true); }
int exec_SRSHL_scalar(CPU *c, const Insn *in) { return same_scalar(c, in, op_rshl, false); }
int exec_URSHL_scalar(CPU *c, const Insn *in) { return same_scalar(c, in, op_rshl, true); }
int exec_SQRSHL_scalar(CPU *c, const Insn *in) { return same_scalar(c, in, op_qrshl, false); }
int exec_UQRSHL_scalar(CPU *c, const Insn *in) { return same_scalar(c, in, op_qrshl, true); }
int exec_ADD_scalar(CPU *c, const Insn *in) { return same_scalar(c, in, op_add, false); }
int exec_SUB_scalar(CPU *c, const Insn *in) { return same_scalar(c, in, op_sub, false); }
int exec_CMTST_scalar(CPU *c, const Insn *in) { return same_scalar(c, in, op_cmtst, false); }
int exec_CMEQ_scalar(CPU *c, const Insn *in) { return same_scalar(c, in, op_cmeq, false); }
int exec_SQDMULH_scalar(CPU *c, const Insn *in) { return same_scalar(c, in, op_sqdmulh, false); }
int exec_SQRDMULH_scalar(CPU *c, const Insn *in) { return same_scalar(c, in, op_sqrdmulh, false); }

/* ---- Advanced SIMD three same extra ---- */
int exec_SQRDMLAH_vec(CPU *c, const Insn *in) { return same_vec(c, in, op_sqrdmlah, false); }
int exec_SQRDMLSH_vec(CPU *c, const Insn *in) { return same_vec(c, in, op_sqrdmlsh, false); }
int exec_SQRDMLAH_scalar(CPU *c, const Insn *in) { return same_scalar(c, in, op_sqrdmlah, false); }
int exec_SQRDMLSH_scalar(CPU *c, const Insn *in) { return same_scalar(c, in, op_sqrdmlsh, false); }

/* SDOT/UDOT (vector): each 32-bit element of Vd accumulates the four products of the bytes in
 * the same positions of Vn and Vm (modulo 2^32). */
static int dot_vec(CPU *c, const Insn *in, bool u)
{
    FP_CHECK(c);
    unsigned datasize = f_datasize(in);
    const VReg *n = &c->v[in->rn], *m = &c->v[in->rm];
    VReg r = {{0}};
    for (unsigned e = 0; e < datasize / 32; e++) {
        uint32_t sum = c->v[in->rd].s[e];
        for (unsigned i = 0; i < 4; i++)
            sum += (uint32_t)(vint(n, 4 * e + i, 8, u) * vint(m, 4 * e + i, 8, u));
        r.s[e] = sum;
    }
    set_vreg(c, in->rd, &r, datasize);
    return EXEC_OK;
}
int exec_SDOT_vec(CPU *c, const Insn *in) { return dot_vec(c, in, false); }
int exec_UDOT_vec(CPU *c, const Insn *in) { return dot_vec(c, in, true); }
