/* SPDX-License-Identifier: MIT */
/* Advanced SIMD floating point: the FP forms of three same, two-register miscellaneous, across
 * lanes, vector and scalar x indexed element, scalar pairwise, shift by immediate (fixed-point
 * conversions) and FMOV (vector, immediate), in single, double and half precision (FEAT_FP16),
 * vector and scalar. Every operation is the shared pseudocode's, from cpu/fpu.h; this file
 * only walks the elements.
 *
 * Conventions of every exec function: FP_CHECK first (CheckFPAdvSIMDEnabled64); the result is
 * built in a local VReg that starts as zero, so a destination that is also a source reads the
 * old value, a Q = 0 form zeroes bits 127:64 and a scalar form zeroes everything above its
 * element; the exception flags of all elements are collected and ORed into FPSR once. Reserved
 * encodings are rejected by the prep_simd_fp_* functions, so they are UNDEFINED before the
 * access check, as in the Arm ARM's decode. */
#include "cpu/decode.h"
#include "cpu/exception.h"
#include "cpu/simd.h"

/* ---- Shapes: element size and the bits an instruction reads and writes ---- */

/* datasize is 64 or 128 for vectors (Q), esize for scalars, 2 * esize for scalar pairwise. */
typedef struct {
    unsigned esize, datasize;
} Shape;

/* Vector forms: sz (bit 22) selects double, Q (bit 30) the register width. */
static unsigned q_datasize(const Insn *in) { return bit(in->raw, 30) ? 128 : 64; }
static Shape vec_shape(const Insn *in) { return (Shape){bit(in->raw, 22) ? 64 : 32, q_datasize(in)}; }
static Shape vec16_shape(const Insn *in) { return (Shape){16, q_datasize(in)}; }
static Shape scalar_shape(const Insn *in)
{
    unsigned esize = bit(in->raw, 22) ? 64 : 32;
    return (Shape){esize, esize};
}
static Shape scalar16_shape(const Insn *in) { (void)in; return (Shape){16, 16}; }
/* FMAXV and friends on single precision exist only as 4S (prep_simd_fp_across). */
static Shape across_shape(const Insn *in) { (void)in; return (Shape){32, 128}; }
/* Scalar pairwise: the two elements of the low 2 * esize bits of Vn. */
static Shape pair_shape(const Insn *in)
{
    unsigned esize = bit(in->raw, 22) ? 64 : 32;
    return (Shape){esize, 2 * esize};
}
static Shape pair16_shape(const Insn *in) { (void)in; return (Shape){16, 32}; }
/* Fixed-point conversions: esize from immh (prep_simd_fp_fixed); bit 28 is set in the
 * "Advanced SIMD scalar" groups. */
static Shape fixed_shape(const Insn *in)
{
    unsigned esize = (unsigned)(in->imm & 0xff);
    return (Shape){esize, bit(in->raw, 28) ? esize : q_datasize(in)};
}
/* FMOV (vector, immediate): op (bit 29) selects double. */
static Shape fmov_shape(const Insn *in) { return (Shape){bit(in->raw, 29) ? 64 : 32, q_datasize(in)}; }

/* ---- prep: reserved encodings ---- */

/* sz:Q = 10 (a 1D vector) is reserved. */
bool prep_simd_fp_vec(Insn *in) { return !(bit(in->raw, 22) && !bit(in->raw, 30)); }
/* FCVTXN narrows double to single only: sz = 0 is reserved. */
bool prep_simd_fp_fcvtxn(Insn *in) { return bit(in->raw, 22); }
/* Across lanes, single precision: only 4S (Q = 1, sz = 0). */
bool prep_simd_fp_across(Insn *in) { return bit(in->raw, 30) && !bit(in->raw, 22); }
/* FMOV (vector, immediate): the double form needs Q = 1. */
bool prep_simd_fp_fmov(Insn *in) { return !(bit(in->raw, 29) && !bit(in->raw, 30)); }

/* By element: imm = the index, rm = the register (4 bits for half precision, whose M bit is
 * the low index bit). Double: index H, L = 1 reserved, and a vector needs Q = 1. */
bool prep_simd_fp_elem(Insn *in)
{
    uint32_t raw = in->raw;
    unsigned h = bit(raw, 11), l = bit(raw, 21), m = bit(raw, 20);
    switch (bits(raw, 23, 22)) {
    case 0: /* half */
        in->imm = h << 2 | l << 1 | m;
        in->rm = (uint8_t)bits(raw, 19, 16);
        return true;
    case 2: /* single: Rm = M:Rm, already in rm */
        in->imm = h << 1 | l;
        return true;
    case 3: /* double */
        if (l || (!bit(raw, 28) && !bit(raw, 30)))
            return false;
        in->imm = h;
        return true;
    default:
        return false;
    }
}

/* Fixed-point conversions: esize from the highest set bit of immh (16 for 001x with FEAT_FP16,
 * 32 for 01xx, 64 for 1xxx; 000x reserved), fbits = 2 * esize - immh:immb. imm = esize |
 * fbits << 8. A 1D vector (immh<3>:Q = 10) is reserved. */
bool prep_simd_fp_fixed(Insn *in)
{
    uint32_t raw = in->raw;
    unsigned immh = bits(raw, 22, 19), esize;
    if (immh & 8)
        esize = 64;
    else if (immh & 4)
        esize = 32;
    else if (immh & 2)
        esize = 16;
    else
        return false;
    if (!bit(raw, 28) && esize == 64 && !bit(raw, 30))
        return false;
    in->imm = esize | (2 * esize - bits(raw, 22, 16)) << 8;
    return true;
}

/* ---- Elements of a local register ---- */

static inline uint64_t lane(const VReg *v, unsigned i, unsigned esize)
{
    switch (esize) {
    case 16: return v->h[i];
    case 32: return v->s[i];
    default: return v->d[i];
    }
}
static inline void set_lane(VReg *v, unsigned i, unsigned esize, uint64_t x)
{
    switch (esize) {
    case 16: v->h[i] = (uint16_t)x; break;
    case 32: v->s[i] = (uint32_t)x; break;
    default: v->d[i] = x; break;
    }
}
static inline uint64_t all_ones(unsigned esize) { return esize == 64 ? ~0ULL : (1ULL << esize) - 1; }

/* V[d] = r (zero above the datasize, see the top of the file), FPSR |= flags. */
static int finish(CPU *c, const Insn *in, const VReg *r, uint32_t flags)
{
    c->v[in->rd] = *r;
    fpsr_or(c, flags);
    return EXEC_OK;
}

/* ---- Operations the pseudocode builds from the fpu functions ---- */

typedef uint64_t (*FPBinary)(uint64_t a, uint64_t b, unsigned esize, uint32_t fpcr, uint32_t *flags);
typedef uint64_t (*FPUnary)(uint64_t a, unsigned esize, uint32_t fpcr, uint32_t *flags);
/* Definitions of such operations: operands a (and b), element size e, FPCR cr, flags fl. */
#define BINARY_OP(name) static uint64_t name(uint64_t a, uint64_t b, unsigned e, uint32_t cr, uint32_t *fl)
#define UNARY_OP(name) static uint64_t name(uint64_t a, unsigned e, uint32_t cr, uint32_t *fl)

/* FABD: FPAbs(FPSub(a, b)), which also clears the sign of a NaN result. */
BINARY_OP(fabd) { return fp_abs(fp_sub(a, b, e, cr, fl), e); }
/* Comparisons give an all-ones or all-zeros element. */
BINARY_OP(fcmeq) { return fp_compare_eq(a, b, e, cr, fl) ? all_ones(e) : 0; }
BINARY_OP(fcmge) { return fp_compare_ge(a, b, e, cr, fl) ? all_ones(e) : 0; }
BINARY_OP(fcmgt) { return fp_compare_gt(a, b, e, cr, fl) ? all_ones(e) : 0; }
BINARY_OP(facge) { return fcmge(fp_abs(a, e), fp_abs(b, e), e, cr, fl); }
BINARY_OP(facgt) { return fcmgt(fp_abs(a, e), fp_abs(b, e), e, cr, fl); }

/* Comparisons with zero: LE and LT swap the operands (FPCompareGE(zero, element)). */
UNARY_OP(fcmeq_zero) { return fcmeq(a, 0, e, cr, fl); }
UNARY_OP(fcmge_zero) { return fcmge(a, 0, e, cr, fl); }
UNARY_OP(fcmgt_zero) { return fcmgt(a, 0, e, cr, fl); }
UNARY_OP(fcmle_zero) { return fcmge(0, a, e, cr, fl); }
UNARY_OP(fcmlt_zero) { return fcmgt(0, a, e, cr, fl); }

/* FABS and FNEG touch only the sign bit: no NaN processing, no exceptions. */
UNARY_OP(fabs_op) { (void)cr; (void)fl; return fp_abs(a, e); }
UNARY_OP(fneg_op) { (void)cr; (void)fl; return fp_neg(a, e); }

/* FRINT<r>: the named rounding, or FPCR's for FRINTX (exact: Inexact) and FRINTI. */
UNARY_OP(frintn) { return fp_round_int(a, e, FPROUND_TIEEVEN, false, cr, fl); }
UNARY_OP(frintm) { return fp_round_int(a, e, FPROUND_NEGINF, false, cr, fl); }
UNARY_OP(frintp) { return fp_round_int(a, e, FPROUND_POSINF, false, cr, fl); }
UNARY_OP(frintz) { return fp_round_int(a, e, FPROUND_ZERO, false, cr, fl); }
UNARY_OP(frinta) { return fp_round_int(a, e, FPROUND_TIEAWAY, false, cr, fl); }
UNARY_OP(frintx) { return fp_round_int(a, e, fpcr_rounding(cr), true, cr, fl); }
UNARY_OP(frinti) { return fp_round_int(a, e, fpcr_rounding(cr), false, cr, fl); }

/* FCVT<r><S,U> (vector, integer): FPToFixed with fbits 0 to an integer of the element's size. */
static uint64_t to_int(uint64_t a, unsigned e, bool u, FPRounding r, uint32_t cr, uint32_t *fl)
{
    return fp_to_fixed(a, e, 0, u, e, r, cr, fl);
}
UNARY_OP(fcvtns) { return to_int(a, e, false, FPROUND_TIEEVEN, cr, fl); }
UNARY_OP(fcvtnu) { return to_int(a, e, true, FPROUND_TIEEVEN, cr, fl); }
UNARY_OP(fcvtms) { return to_int(a, e, false, FPROUND_NEGINF, cr, fl); }
UNARY_OP(fcvtmu) { return to_int(a, e, true, FPROUND_NEGINF, cr, fl); }
UNARY_OP(fcvtas) { return to_int(a, e, false, FPROUND_TIEAWAY, cr, fl); }
UNARY_OP(fcvtau) { return to_int(a, e, true, FPROUND_TIEAWAY, cr, fl); }
UNARY_OP(fcvtps) { return to_int(a, e, false, FPROUND_POSINF, cr, fl); }
UNARY_OP(fcvtpu) { return to_int(a, e, true, FPROUND_POSINF, cr, fl); }
UNARY_OP(fcvtzs) { return to_int(a, e, false, FPROUND_ZERO, cr, fl); }
UNARY_OP(fcvtzu) { return to_int(a, e, true, FPROUND_ZERO, cr, fl); }
/* SCVTF, UCVTF (vector, integer): FixedToFP with fbits 0, FPCR's rounding. */
UNARY_OP(scvtf) { return fixed_to_fp(a, e, 0, false, e, fpcr_rounding(cr), cr, fl); }
UNARY_OP(ucvtf) { return fixed_to_fp(a, e, 0, true, e, fpcr_rounding(cr), cr, fl); }

/* ---- Element walkers, one per shape of pseudocode ---- */

/* result[e] = op(Vn[e], Vm[e]): three same, vector and scalar. */
static int fp_binary(CPU *c, const Insn *in, Shape s, FPBinary op)
{
    uint32_t cr = fpcr(c), flags = 0;
    VReg r = {0};
    for (unsigned e = 0; e < s.datasize / s.esize; e++) {
        uint64_t op1 = velem(c, in->rn, e, s.esize), op2 = velem(c, in->rm, e, s.esize);
        set_lane(&r, e, s.esize, op(op1, op2, s.esize, cr, &flags));
    }
    return finish(c, in, &r, flags);
}

/* FMLA, FMLS (vector): FPMulAdd(Vd[e], Vn[e], Vm[e]), FMLS negating the Vn element. */
static int fp_fused(CPU *c, const Insn *in, Shape s, bool negate)
{
    uint32_t cr = fpcr(c), flags = 0;
    VReg r = {0};
    for (unsigned e = 0; e < s.datasize / s.esize; e++) {
        uint64_t op1 = velem(c, in->rn, e, s.esize);
        if (negate)
            op1 = fp_neg(op1, s.esize);
        uint64_t op2 = velem(c, in->rm, e, s.esize), addend = velem(c, in->rd, e, s.esize);
        set_lane(&r, e, s.esize, fp_muladd(addend, op1, op2, s.esize, cr, &flags));
    }
    return finish(c, in, &r, flags);
}

/* Pairwise (FADDP, FMAXP, ... vector): the operation on adjacent pairs of Vm:Vn, Vn's pairs
 * first. */
static int fp_pairwise(CPU *c, const Insn *in, Shape s, FPBinary op)
{
    uint32_t cr = fpcr(c), flags = 0;
    unsigned elements = s.datasize / s.esize;
    VReg r = {0};
    for (unsigned e = 0; e < elements; e++) {
        unsigned i = 2 * e, reg = i < elements ? in->rn : in->rm;
        i %= elements;
        uint64_t op1 = velem(c, reg, i, s.esize), op2 = velem(c, reg, i + 1, s.esize);
        set_lane(&r, e, s.esize, op(op1, op2, s.esize, cr, &flags));
    }
    return finish(c, in, &r, flags);
}

/* Reduce(op, Vn[count elements from first]): the pseudocode's tree, op(lower half, upper half)
 * at every level, so the order of operands (which NaN wins, which rounding happens first) is
 * the architecture's. */
static uint64_t reduce(const CPU *c, unsigned n, unsigned first, unsigned count, unsigned esize, FPBinary op,
                       uint32_t cr, uint32_t *flags)
{
    if (count == 1)
        return velem(c, n, first, esize);
    unsigned half = count / 2;
    uint64_t hi = reduce(c, n, first + half, half, esize, op, cr, flags);
    uint64_t lo = reduce(c, n, first, half, esize, op, cr, flags);
    return op(lo, hi, esize, cr, flags);
}

/* Across lanes and scalar pairwise: Reduce over the datasize bits of Vn, a scalar result. */
static int fp_reduce(CPU *c, const Insn *in, Shape s, FPBinary op)
{
    uint32_t cr = fpcr(c), flags = 0;
    VReg r = {0};
    set_lane(&r, 0, s.esize, reduce(c, in->rn, 0, s.datasize / s.esize, s.esize, op, cr, &flags));
    return finish(c, in, &r, flags);
}

/* By element: result[e] = op(Vn[e], Vm[index]) (prep_simd_fp_elem decoded Rm and index). */
static int fp_by_elem(CPU *c, const Insn *in, Shape s, FPBinary op)
{
    uint32_t cr = fpcr(c), flags = 0;
    uint64_t op2 = velem(c, in->rm, (unsigned)in->imm, s.esize);
    VReg r = {0};
    for (unsigned e = 0; e < s.datasize / s.esize; e++)
        set_lane(&r, e, s.esize, op(velem(c, in->rn, e, s.esize), op2, s.esize, cr, &flags));
    return finish(c, in, &r, flags);
}

/* FMLA, FMLS (by element): FPMulAdd(Vd[e], Vn[e], Vm[index]), FMLS negating the Vn element. */
static int fp_fused_elem(CPU *c, const Insn *in, Shape s, bool negate)
{
    uint32_t cr = fpcr(c), flags = 0;
    uint64_t op2 = velem(c, in->rm, (unsigned)in->imm, s.esize);
    VReg r = {0};
    for (unsigned e = 0; e < s.datasize / s.esize; e++) {
        uint64_t op1 = velem(c, in->rn, e, s.esize);
        if (negate)
            op1 = fp_neg(op1, s.esize);
        set_lane(&r, e, s.esize, fp_muladd(velem(c, in->rd, e, s.esize), op1, op2, s.esize, cr, &flags));
    }
    return finish(c, in, &r, flags);
}

/* result[e] = op(Vn[e]): two-register miscellaneous, vector and scalar. */
static int fp_unary(CPU *c, const Insn *in, Shape s, FPUnary op)
{
    uint32_t cr = fpcr(c), flags = 0;
    VReg r = {0};
    for (unsigned e = 0; e < s.datasize / s.esize; e++)
        set_lane(&r, e, s.esize, op(velem(c, in->rn, e, s.esize), s.esize, cr, &flags));
    return finish(c, in, &r, flags);
}

/* FCVTN{2}, FCVTXN{2} and scalar FCVTXN: each element of Vn (s.esize bits) to half its size,
 * with FPCR's rounding or round to odd. The vector forms write 64 bits: Vpart[d, Q], so the
 * "2" forms keep the lower half of Vd; the scalar form zeroes the rest of the register. */
static int fp_narrow(CPU *c, const Insn *in, Shape s, bool round_to_odd)
{
    uint32_t cr = fpcr(c), flags = 0;
    unsigned from = s.esize, to = from / 2;
    bool scalar = bit(in->raw, 28);
    unsigned elements = scalar ? 1 : 64 / to;
    FPRounding rounding = round_to_odd ? FPROUND_ODD : fpcr_rounding(cr);
    uint64_t part = 0;
    for (unsigned e = 0; e < elements; e++)
        part |= fp_convert(velem(c, in->rn, e, from), from, to, rounding, cr, &flags) << (e * to);
    if (scalar)
        set_vscalar(c, in->rd, to, part);
    else if (bit(in->raw, 30))
        c->v[in->rd].d[1] = part;
    else
        c->v[in->rd] = (VReg){.d = {part, 0}};
    fpsr_or(c, flags);
    return EXEC_OK;
}

/* FCVTL{2}: the elements of Vpart[n, Q] (half of s.esize bits each) widened to s.esize. */
static int fp_widen(CPU *c, const Insn *in, Shape s, int unused)
{
    (void)unused;
    uint32_t cr = fpcr(c), flags = 0;
    unsigned to = s.esize, from = to / 2;
    VReg src = {.d = {c->v[in->rn].d[bit(in->raw, 30)], 0}}, r = {0};
    for (unsigned e = 0; e < 64 / from; e++)
        set_lane(&r, e, to, fp_convert(lane(&src, e, from), from, to, fpcr_rounding(cr), cr, &flags));
    return finish(c, in, &r, flags);
}

/* SCVTF, UCVTF, FCVTZS, FCVTZU (fixed-point), vector and scalar. */
enum FixedOp { FIX_SCVTF, FIX_UCVTF, FIX_FCVTZS, FIX_FCVTZU };
static int fp_fixed(CPU *c, const Insn *in, Shape s, enum FixedOp op)
{
    uint32_t cr = fpcr(c), flags = 0;
    unsigned fbits = (unsigned)(in->imm >> 8), e = s.esize;
    VReg r = {0};
    for (unsigned i = 0; i < s.datasize / e; i++) {
        uint64_t x = velem(c, in->rn, i, e), y;
        switch (op) {
        case FIX_SCVTF: y = fixed_to_fp(x, e, fbits, false, e, fpcr_rounding(cr), cr, &flags); break;
        case FIX_UCVTF: y = fixed_to_fp(x, e, fbits, true, e, fpcr_rounding(cr), cr, &flags); break;
        case FIX_FCVTZS: y = fp_to_fixed(x, e, fbits, false, e, FPROUND_ZERO, cr, &flags); break;
        default: y = fp_to_fixed(x, e, fbits, true, e, FPROUND_ZERO, cr, &flags); break;
        }
        set_lane(&r, i, e, y);
    }
    return finish(c, in, &r, flags);
}

/* FMOV (vector, immediate): VFPExpandImm(a:b:c:d:e:f:g:h) in every element. */
static int fp_fmov(CPU *c, const Insn *in, Shape s, int unused)
{
    (void)unused;
    uint64_t imm = fp_expand_imm((uint8_t)(bits(in->raw, 18, 16) << 5 | bits(in->raw, 9, 5)), s.esize);
    VReg r = {0};
    for (unsigned e = 0; e < s.datasize / s.esize; e++)
        set_lane(&r, e, s.esize, imm);
    return finish(c, in, &r, 0);
}

/* ---- The rows of cpu/a64.inc, in its order: exec_<row> = FP_CHECK, then the walker on the
 * row's shape with the row's operation. ---- */
#define FP_ROW(row, walker, shape, op)        \
    int exec_##row(CPU *c, const Insn *in)    \
    {                                         \
        FP_CHECK(c);                          \
        return walker(c, in, shape(in), op);  \
    }

/* Advanced SIMD three same (FP16)  q = Q, a:opcode selects the operation */
FP_ROW(FMAXNM_vec16, fp_binary, vec16_shape, fp_maxnum)
FP_ROW(FMLA_vec16, fp_fused, vec16_shape, false)
FP_ROW(FADD_vec16, fp_binary, vec16_shape, fp_add)
FP_ROW(FMULX_vec16, fp_binary, vec16_shape, fp_mulx)
FP_ROW(FCMEQ_vec16, fp_binary, vec16_shape, fcmeq)
FP_ROW(FMAX_vec16, fp_binary, vec16_shape, fp_max)
FP_ROW(FRECPS_vec16, fp_binary, vec16_shape, fp_recip_step)
FP_ROW(FMINNM_vec16, fp_binary, vec16_shape, fp_minnum)
FP_ROW(FMLS_vec16, fp_fused, vec16_shape, true)
FP_ROW(FSUB_vec16, fp_binary, vec16_shape, fp_sub)
FP_ROW(FMIN_vec16, fp_binary, vec16_shape, fp_min)
FP_ROW(FRSQRTS_vec16, fp_binary, vec16_shape, fp_rsqrt_step)
FP_ROW(FMAXNMP_vec16, fp_pairwise, vec16_shape, fp_maxnum)
FP_ROW(FADDP_vec16, fp_pairwise, vec16_shape, fp_add)
FP_ROW(FMUL_vec16, fp_binary, vec16_shape, fp_mul)
FP_ROW(FCMGE_vec16, fp_binary, vec16_shape, fcmge)
FP_ROW(FACGE_vec16, fp_binary, vec16_shape, facge)
FP_ROW(FMAXP_vec16, fp_pairwise, vec16_shape, fp_max)
FP_ROW(FDIV_vec16, fp_binary, vec16_shape, fp_div)
FP_ROW(FMINNMP_vec16, fp_pairwise, vec16_shape, fp_minnum)
FP_ROW(FABD_vec16, fp_binary, vec16_shape, fabd)
FP_ROW(FCMGT_vec16, fp_binary, vec16_shape, fcmgt)
FP_ROW(FACGT_vec16, fp_binary, vec16_shape, facgt)
FP_ROW(FMINP_vec16, fp_pairwise, vec16_shape, fp_min)
/* Advanced SIMD scalar three same FP16 */
FP_ROW(FMULX_simd_scalar16, fp_binary, scalar16_shape, fp_mulx)
FP_ROW(FCMEQ_simd_scalar16, fp_binary, scalar16_shape, fcmeq)
FP_ROW(FRECPS_simd_scalar16, fp_binary, scalar16_shape, fp_recip_step)
FP_ROW(FRSQRTS_simd_scalar16, fp_binary, scalar16_shape, fp_rsqrt_step)
FP_ROW(FCMGE_simd_scalar16, fp_binary, scalar16_shape, fcmge)
FP_ROW(FACGE_simd_scalar16, fp_binary, scalar16_shape, facge)
FP_ROW(FABD_simd_scalar16, fp_binary, scalar16_shape, fabd)
FP_ROW(FCMGT_simd_scalar16, fp_binary, scalar16_shape, fcmgt)
FP_ROW(FACGT_simd_scalar16, fp_binary, scalar16_shape, facgt)
/* Advanced SIMD two-register miscellaneous (FP16) */
FP_ROW(FRINTN_vec16, fp_unary, vec16_shape, frintn)
FP_ROW(FRINTM_vec16, fp_unary, vec16_shape, frintm)
FP_ROW(FCVTNS_vec16, fp_unary, vec16_shape, fcvtns)
FP_ROW(FCVTMS_vec16, fp_unary, vec16_shape, fcvtms)
FP_ROW(FCVTAS_vec16, fp_unary, vec16_shape, fcvtas)
FP_ROW(SCVTF_vec16, fp_unary, vec16_shape, scvtf)
FP_ROW(FCMGT_zero_vec16, fp_unary, vec16_shape, fcmgt_zero)
FP_ROW(FCMEQ_zero_vec16, fp_unary, vec16_shape, fcmeq_zero)
FP_ROW(FCMLT_zero_vec16, fp_unary, vec16_shape, fcmlt_zero)
FP_ROW(FABS_vec16, fp_unary, vec16_shape, fabs_op)
FP_ROW(FRINTP_vec16, fp_unary, vec16_shape, frintp)
FP_ROW(FRINTZ_vec16, fp_unary, vec16_shape, frintz)
FP_ROW(FCVTPS_vec16, fp_unary, vec16_shape, fcvtps)
FP_ROW(FCVTZS_vec16, fp_unary, vec16_shape, fcvtzs)
FP_ROW(FRECPE_vec16, fp_unary, vec16_shape, fp_recip_estimate)
FP_ROW(FRINTA_vec16, fp_unary, vec16_shape, frinta)
FP_ROW(FRINTX_vec16, fp_unary, vec16_shape, frintx)
FP_ROW(FCVTNU_vec16, fp_unary, vec16_shape, fcvtnu)
FP_ROW(FCVTMU_vec16, fp_unary, vec16_shape, fcvtmu)
FP_ROW(FCVTAU_vec16, fp_unary, vec16_shape, fcvtau)
FP_ROW(UCVTF_vec16, fp_unary, vec16_shape, ucvtf)
FP_ROW(FCMGE_zero_vec16, fp_unary, vec16_shape, fcmge_zero)
FP_ROW(FCMLE_zero_vec16, fp_unary, vec16_shape, fcmle_zero)
FP_ROW(FNEG_vec16, fp_unary, vec16_shape, fneg_op)
FP_ROW(FRINTI_vec16, fp_unary, vec16_shape, frinti)
FP_ROW(FCVTPU_vec16, fp_unary, vec16_shape, fcvtpu)
FP_ROW(FCVTZU_vec16, fp_unary, vec16_shape, fcvtzu)
FP_ROW(FRSQRTE_vec16, fp_unary, vec16_shape, fp_rsqrt_estimate)
FP_ROW(FSQRT_vec16, fp_unary, vec16_shape, fp_sqrt)
/* Advanced SIMD scalar two-register miscellaneous FP16 */
FP_ROW(FCVTNS_simd_scalar16, fp_unary, scalar16_shape, fcvtns)
FP_ROW(FCVTMS_simd_scalar16, fp_unary, scalar16_shape, fcvtms)
FP_ROW(FCVTAS_simd_scalar16, fp_unary, scalar16_shape, fcvtas)
FP_ROW(SCVTF_simd_scalar16, fp_unary, scalar16_shape, scvtf)
FP_ROW(FCMGT_zero_simd_scalar16, fp_unary, scalar16_shape, fcmgt_zero)
FP_ROW(FCMEQ_zero_simd_scalar16, fp_unary, scalar16_shape, fcmeq_zero)
FP_ROW(FCMLT_zero_simd_scalar16, fp_unary, scalar16_shape, fcmlt_zero)
FP_ROW(FCVTPS_simd_scalar16, fp_unary, scalar16_shape, fcvtps)
FP_ROW(FCVTZS_simd_scalar16, fp_unary, scalar16_shape, fcvtzs)
FP_ROW(FRECPE_simd_scalar16, fp_unary, scalar16_shape, fp_recip_estimate)
FP_ROW(FRECPX_simd_scalar16, fp_unary, scalar16_shape, fp_recpx)
FP_ROW(FCVTNU_simd_scalar16, fp_unary, scalar16_shape, fcvtnu)
FP_ROW(FCVTMU_simd_scalar16, fp_unary, scalar16_shape, fcvtmu)
FP_ROW(FCVTAU_simd_scalar16, fp_unary, scalar16_shape, fcvtau)
FP_ROW(UCVTF_simd_scalar16, fp_unary, scalar16_shape, ucvtf)
FP_ROW(FCMGE_zero_simd_scalar16, fp_unary, scalar16_shape, fcmge_zero)
FP_ROW(FCMLE_zero_simd_scalar16, fp_unary, scalar16_shape, fcmle_zero)
FP_ROW(FCVTPU_simd_scalar16, fp_unary, scalar16_shape, fcvtpu)
FP_ROW(FCVTZU_simd_scalar16, fp_unary, scalar16_shape, fcvtzu)
FP_ROW(FRSQRTE_simd_scalar16, fp_unary, scalar16_shape, fp_rsqrt_estimate)
/* Advanced SIMD three same (floating point)  s = sz (1: double, needs Q = 1) */
FP_ROW(FMAXNM_vec, fp_binary, vec_shape, fp_maxnum)
FP_ROW(FMLA_vec, fp_fused, vec_shape, false)
FP_ROW(FADD_vec, fp_binary, vec_shape, fp_add)
FP_ROW(FMULX_vec, fp_binary, vec_shape, fp_mulx)
FP_ROW(FCMEQ_vec, fp_binary, vec_shape, fcmeq)
FP_ROW(FMAX_vec, fp_binary, vec_shape, fp_max)
FP_ROW(FRECPS_vec, fp_binary, vec_shape, fp_recip_step)
FP_ROW(FMINNM_vec, fp_binary, vec_shape, fp_minnum)
FP_ROW(FMLS_vec, fp_fused, vec_shape, true)
FP_ROW(FSUB_vec, fp_binary, vec_shape, fp_sub)
FP_ROW(FMIN_vec, fp_binary, vec_shape, fp_min)
FP_ROW(FRSQRTS_vec, fp_binary, vec_shape, fp_rsqrt_step)
FP_ROW(FMAXNMP_vec, fp_pairwise, vec_shape, fp_maxnum)
FP_ROW(FADDP_vec, fp_pairwise, vec_shape, fp_add)
FP_ROW(FMUL_vec, fp_binary, vec_shape, fp_mul)
FP_ROW(FCMGE_vec, fp_binary, vec_shape, fcmge)
FP_ROW(FACGE_vec, fp_binary, vec_shape, facge)
FP_ROW(FMAXP_vec, fp_pairwise, vec_shape, fp_max)
FP_ROW(FDIV_vec, fp_binary, vec_shape, fp_div)
FP_ROW(FMINNMP_vec, fp_pairwise, vec_shape, fp_minnum)
FP_ROW(FABD_vec, fp_binary, vec_shape, fabd)
FP_ROW(FCMGT_vec, fp_binary, vec_shape, fcmgt)
FP_ROW(FACGT_vec, fp_binary, vec_shape, facgt)
FP_ROW(FMINP_vec, fp_pairwise, vec_shape, fp_min)
/* Advanced SIMD scalar three same (floating point) */
FP_ROW(FMULX_simd_scalar, fp_binary, scalar_shape, fp_mulx)
FP_ROW(FCMEQ_simd_scalar, fp_binary, scalar_shape, fcmeq)
FP_ROW(FRECPS_simd_scalar, fp_binary, scalar_shape, fp_recip_step)
FP_ROW(FRSQRTS_simd_scalar, fp_binary, scalar_shape, fp_rsqrt_step)
FP_ROW(FCMGE_simd_scalar, fp_binary, scalar_shape, fcmge)
FP_ROW(FACGE_simd_scalar, fp_binary, scalar_shape, facge)
FP_ROW(FABD_simd_scalar, fp_binary, scalar_shape, fabd)
FP_ROW(FCMGT_simd_scalar, fp_binary, scalar_shape, fcmgt)
FP_ROW(FACGT_simd_scalar, fp_binary, scalar_shape, facgt)
/* Advanced SIMD two-register miscellaneous (floating point) */
FP_ROW(FCVTN_vec, fp_narrow, vec_shape, false)
FP_ROW(FCVTL_vec, fp_widen, vec_shape, 0)
FP_ROW(FCVTXN_vec, fp_narrow, vec_shape, true)
FP_ROW(FRINTN_vec, fp_unary, vec_shape, frintn)
FP_ROW(FRINTM_vec, fp_unary, vec_shape, frintm)
FP_ROW(FCVTNS_vec, fp_unary, vec_shape, fcvtns)
FP_ROW(FCVTMS_vec, fp_unary, vec_shape, fcvtms)
FP_ROW(FCVTAS_vec, fp_unary, vec_shape, fcvtas)
FP_ROW(SCVTF_vec, fp_unary, vec_shape, scvtf)
FP_ROW(FCMGT_zero_vec, fp_unary, vec_shape, fcmgt_zero)
FP_ROW(FCMEQ_zero_vec, fp_unary, vec_shape, fcmeq_zero)
FP_ROW(FCMLT_zero_vec, fp_unary, vec_shape, fcmlt_zero)
FP_ROW(FABS_vec, fp_unary, vec_shape, fabs_op)
FP_ROW(FRINTP_vec, fp_unary, vec_shape, frintp)
FP_ROW(FRINTZ_vec, fp_unary, vec_shape, frintz)
FP_ROW(FCVTPS_vec, fp_unary, vec_shape, fcvtps)
FP_ROW(FCVTZS_vec, fp_unary, vec_shape, fcvtzs)
FP_ROW(FRECPE_vec, fp_unary, vec_shape, fp_recip_estimate)
FP_ROW(FRINTA_vec, fp_unary, vec_shape, frinta)
FP_ROW(FRINTX_vec, fp_unary, vec_shape, frintx)
FP_ROW(FCVTNU_vec, fp_unary, vec_shape, fcvtnu)
FP_ROW(FCVTMU_vec, fp_unary, vec_shape, fcvtmu)
FP_ROW(FCVTAU_vec, fp_unary, vec_shape, fcvtau)
FP_ROW(UCVTF_vec, fp_unary, vec_shape, ucvtf)
FP_ROW(FCMGE_zero_vec, fp_unary, vec_shape, fcmge_zero)
FP_ROW(FCMLE_zero_vec, fp_unary, vec_shape, fcmle_zero)
FP_ROW(FNEG_vec, fp_unary, vec_shape, fneg_op)
FP_ROW(FRINTI_vec, fp_unary, vec_shape, frinti)
FP_ROW(FCVTPU_vec, fp_unary, vec_shape, fcvtpu)
FP_ROW(FCVTZU_vec, fp_unary, vec_shape, fcvtzu)
FP_ROW(FRSQRTE_vec, fp_unary, vec_shape, fp_rsqrt_estimate)
FP_ROW(FSQRT_vec, fp_unary, vec_shape, fp_sqrt)
/* Advanced SIMD scalar two-register miscellaneous (floating point) */
FP_ROW(FCVTXN_simd_scalar, fp_narrow, scalar_shape, true)
FP_ROW(FCVTNS_simd_scalar, fp_unary, scalar_shape, fcvtns)
FP_ROW(FCVTMS_simd_scalar, fp_unary, scalar_shape, fcvtms)
FP_ROW(FCVTAS_simd_scalar, fp_unary, scalar_shape, fcvtas)
FP_ROW(SCVTF_simd_scalar, fp_unary, scalar_shape, scvtf)
FP_ROW(FCMGT_zero_simd_scalar, fp_unary, scalar_shape, fcmgt_zero)
FP_ROW(FCMEQ_zero_simd_scalar, fp_unary, scalar_shape, fcmeq_zero)
FP_ROW(FCMLT_zero_simd_scalar, fp_unary, scalar_shape, fcmlt_zero)
FP_ROW(FCVTPS_simd_scalar, fp_unary, scalar_shape, fcvtps)
FP_ROW(FCVTZS_simd_scalar, fp_unary, scalar_shape, fcvtzs)
FP_ROW(FRECPE_simd_scalar, fp_unary, scalar_shape, fp_recip_estimate)
FP_ROW(FRECPX_simd_scalar, fp_unary, scalar_shape, fp_recpx)
FP_ROW(FCVTNU_simd_scalar, fp_unary, scalar_shape, fcvtnu)
FP_ROW(FCVTMU_simd_scalar, fp_unary, scalar_shape, fcvtmu)
FP_ROW(FCVTAU_simd_scalar, fp_unary, scalar_shape, fcvtau)
FP_ROW(UCVTF_simd_scalar, fp_unary, scalar_shape, ucvtf)
FP_ROW(FCMGE_zero_simd_scalar, fp_unary, scalar_shape, fcmge_zero)
FP_ROW(FCMLE_zero_simd_scalar, fp_unary, scalar_shape, fcmle_zero)
FP_ROW(FCVTPU_simd_scalar, fp_unary, scalar_shape, fcvtpu)
FP_ROW(FCVTZU_simd_scalar, fp_unary, scalar_shape, fcvtzu)
FP_ROW(FRSQRTE_simd_scalar, fp_unary, scalar_shape, fp_rsqrt_estimate)
/* Advanced SIMD across lanes (floating point)  single: 4S only; FP16: 4H and 8H */
FP_ROW(FMAXNMV_vec, fp_reduce, across_shape, fp_maxnum)
FP_ROW(FMAXV_vec, fp_reduce, across_shape, fp_max)
FP_ROW(FMINNMV_vec, fp_reduce, across_shape, fp_minnum)
FP_ROW(FMINV_vec, fp_reduce, across_shape, fp_min)
FP_ROW(FMAXNMV_vec16, fp_reduce, vec16_shape, fp_maxnum)
FP_ROW(FMAXV_vec16, fp_reduce, vec16_shape, fp_max)
FP_ROW(FMINNMV_vec16, fp_reduce, vec16_shape, fp_minnum)
FP_ROW(FMINV_vec16, fp_reduce, vec16_shape, fp_min)
/* Advanced SIMD scalar pairwise (floating point)  s = sz: 2S to S or 2D to D; FP16: 2H to H */
FP_ROW(FMAXNMP_pair, fp_reduce, pair_shape, fp_maxnum)
FP_ROW(FADDP_pair, fp_reduce, pair_shape, fp_add)
FP_ROW(FMAXP_pair, fp_reduce, pair_shape, fp_max)
FP_ROW(FMINNMP_pair, fp_reduce, pair_shape, fp_minnum)
FP_ROW(FMINP_pair, fp_reduce, pair_shape, fp_min)
FP_ROW(FMAXNMP_pair16, fp_reduce, pair16_shape, fp_maxnum)
FP_ROW(FADDP_pair16, fp_reduce, pair16_shape, fp_add)
FP_ROW(FMAXP_pair16, fp_reduce, pair16_shape, fp_max)
FP_ROW(FMINNMP_pair16, fp_reduce, pair16_shape, fp_minnum)
FP_ROW(FMINP_pair16, fp_reduce, pair16_shape, fp_min)
/* Advanced SIMD vector x indexed element (floating point)  L, M, H: index (and Rm<4> for S/D) */
FP_ROW(FMLA_elem, fp_fused_elem, vec_shape, false)
FP_ROW(FMLS_elem, fp_fused_elem, vec_shape, true)
FP_ROW(FMUL_elem, fp_by_elem, vec_shape, fp_mul)
FP_ROW(FMULX_elem, fp_by_elem, vec_shape, fp_mulx)
FP_ROW(FMLA_elem16, fp_fused_elem, vec16_shape, false)
FP_ROW(FMLS_elem16, fp_fused_elem, vec16_shape, true)
FP_ROW(FMUL_elem16, fp_by_elem, vec16_shape, fp_mul)
FP_ROW(FMULX_elem16, fp_by_elem, vec16_shape, fp_mulx)
/* Advanced SIMD scalar x indexed element (floating point) */
FP_ROW(FMLA_elem_simd_scalar, fp_fused_elem, scalar_shape, false)
FP_ROW(FMLS_elem_simd_scalar, fp_fused_elem, scalar_shape, true)
FP_ROW(FMUL_elem_simd_scalar, fp_by_elem, scalar_shape, fp_mul)
FP_ROW(FMULX_elem_simd_scalar, fp_by_elem, scalar_shape, fp_mulx)
FP_ROW(FMLA_elem_simd_scalar16, fp_fused_elem, scalar16_shape, false)
FP_ROW(FMLS_elem_simd_scalar16, fp_fused_elem, scalar16_shape, true)
FP_ROW(FMUL_elem_simd_scalar16, fp_by_elem, scalar16_shape, fp_mul)
FP_ROW(FMULX_elem_simd_scalar16, fp_by_elem, scalar16_shape, fp_mulx)
/* Advanced SIMD shift by immediate (fixed-point conversions)  h = immh (esize), b = immb (fbits) */
FP_ROW(SCVTF_fixed_vec, fp_fixed, fixed_shape, FIX_SCVTF)
FP_ROW(UCVTF_fixed_vec, fp_fixed, fixed_shape, FIX_UCVTF)
FP_ROW(FCVTZS_fixed_vec, fp_fixed, fixed_shape, FIX_FCVTZS)
FP_ROW(FCVTZU_fixed_vec, fp_fixed, fixed_shape, FIX_FCVTZU)
/* Advanced SIMD scalar shift by immediate (fixed-point conversions) */
FP_ROW(SCVTF_fixed_simd_scalar, fp_fixed, fixed_shape, FIX_SCVTF)
FP_ROW(UCVTF_fixed_simd_scalar, fp_fixed, fixed_shape, FIX_UCVTF)
FP_ROW(FCVTZS_fixed_simd_scalar, fp_fixed, fixed_shape, FIX_FCVTZS)
FP_ROW(FCVTZU_fixed_simd_scalar, fp_fixed, fixed_shape, FIX_FCVTZU)
/* Advanced SIMD modified immediate: FMOV  (o = op: 0 single, 1 double with Q = 1; i = a:b:c, d:e:f:g:h) */
FP_ROW(FMOV_vec, fp_fmov, fmov_shape, 0)
FP_ROW(FMOV_vec16, fp_fmov, vec16_shape, 0)
