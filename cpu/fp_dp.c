/* SPDX-License-Identifier: MIT */
/* Data processing -- scalar floating-point (A64 encoding index): data-processing with 1, 2 and
 * 3 sources, compare, conditional compare, conditional select and immediate, in single, double
 * and half precision (FEAT_FP16). The conversions (FCVT and the FP/integer/fixed-point ones)
 * are in cpu/fp_cvt.c. All arithmetic goes through cpu/fpu.h, so FPCR governs it exactly as
 * the pseudocode says; the exceptions it raises are ORed into FPSR. A scalar result zeroes the
 * rest of the V register (V[d] = ZeroExtend(result)). */
#include "cpu/decode.h"
#include "cpu/exception.h"
#include "cpu/fp_scalar.h"

/* The decode of every row here: ftype 10 is reserved (UNDEFINED). */
bool prep_fp_type(Insn *in) { return bits(in->raw, 23, 22) != 2; }

/* FMOV (scalar, immediate): the 8-bit immediate expanded once, at decode (VFPExpandImm). */
bool prep_fmov_scalar_imm(Insn *in)
{
    if (!prep_fp_type(in))
        return false;
    in->imm = fp_expand_imm((uint8_t)bits(in->raw, 20, 13), fp_esize(in));
    return true;
}

/* ---- Shapes shared by several rows ---- */

typedef uint64_t (*FPUnaryFn)(uint64_t op, unsigned esize, uint32_t fpcr, uint32_t *flags);
typedef uint64_t (*FPBinaryFn)(uint64_t op1, uint64_t op2, unsigned esize, uint32_t fpcr,
                               uint32_t *flags);

/* V[d] = ZeroExtend(result), and the exceptions raised into FPSR. */
static int fp_write(CPU *c, const Insn *in, unsigned esize, uint64_t result, uint32_t flags)
{
    set_vscalar(c, in->rd, esize, result);
    fpsr_or(c, flags);
    return EXEC_OK;
}

/* result = op(V[n]) */
static int fp_unary(CPU *c, const Insn *in, FPUnaryFn op)
{
    unsigned esize = fp_esize(in);
    uint32_t flags = 0;
    uint64_t result = op(vscalar(c, in->rn, esize), esize, fpcr(c), &flags);
    return fp_write(c, in, esize, result, flags);
}

/* result = op(V[n], V[m]) */
static int fp_binary(CPU *c, const Insn *in, FPBinaryFn op)
{
    unsigned esize = fp_esize(in);
    uint32_t flags = 0;
    uint64_t result = op(vscalar(c, in->rn, esize), vscalar(c, in->rm, esize), esize, fpcr(c), &flags);
    return fp_write(c, in, esize, result, flags);
}

/* ---- Floating-point data-processing (1 source) ---- */

int exec_FMOV_reg(CPU *c, const Insn *in)
{
    FP_CHECK(c);
    unsigned esize = fp_esize(in);
    set_vscalar(c, in->rd, esize, vscalar(c, in->rn, esize));
    return EXEC_OK;
}

/* FPAbs and FPNeg change the sign bit only: NaNs too, no exceptions, no flushing. */
int exec_FABS_scalar(CPU *c, const Insn *in)
{
    FP_CHECK(c);
    unsigned esize = fp_esize(in);
    set_vscalar(c, in->rd, esize, fp_abs(vscalar(c, in->rn, esize), esize));
    return EXEC_OK;
}

int exec_FNEG_scalar(CPU *c, const Insn *in)
{
    FP_CHECK(c);
    unsigned esize = fp_esize(in);
    set_vscalar(c, in->rd, esize, fp_neg(vscalar(c, in->rn, esize), esize));
    return EXEC_OK;
}

int exec_FSQRT_scalar(CPU *c, const Insn *in)
{
    FP_CHECK(c);
    return fp_unary(c, in, fp_sqrt);
}

/* FRINT<r>: FPRoundInt(V[n], rounding, exact). */
static int fp_round_to_int(CPU *c, const Insn *in, FPRounding rounding, bool exact)
{
    unsigned esize = fp_esize(in);
    uint32_t flags = 0;
    uint64_t result = fp_round_int(vscalar(c, in->rn, esize), esize, rounding, exact, fpcr(c), &flags);
    return fp_write(c, in, esize, result, flags);
}

int exec_FRINTN_scalar(CPU *c, const Insn *in)
{
    FP_CHECK(c);
    return fp_round_to_int(c, in, FPROUND_TIEEVEN, false);
}

int exec_FRINTP_scalar(CPU *c, const Insn *in)
{
    FP_CHECK(c);
    return fp_round_to_int(c, in, FPROUND_POSINF, false);
}

int exec_FRINTM_scalar(CPU *c, const Insn *in)
{
    FP_CHECK(c);
    return fp_round_to_int(c, in, FPROUND_NEGINF, false);
}

int exec_FRINTZ_scalar(CPU *c, const Insn *in)
{
    FP_CHECK(c);
    return fp_round_to_int(c, in, FPROUND_ZERO, false);
}

int exec_FRINTA_scalar(CPU *c, const Insn *in)
{
    FP_CHECK(c);
    return fp_round_to_int(c, in, FPROUND_TIEAWAY, false);
}

/* FRINTX: FPCR's rounding mode, and Inexact when the value changes. */
int exec_FRINTX_scalar(CPU *c, const Insn *in)
{
    FP_CHECK(c);
    return fp_round_to_int(c, in, fpcr_rounding(fpcr(c)), true);
}

/* FRINTI: FPCR's rounding mode, never Inexact. */
int exec_FRINTI_scalar(CPU *c, const Insn *in)
{
    FP_CHECK(c);
    return fp_round_to_int(c, in, fpcr_rounding(fpcr(c)), false);
}

/* ---- Floating-point compare ---- */

/* FCMP/FCMPE: PSTATE.NZCV = FPCompare(V[n], V[m] or +0.0, signal_all_nans). Bit 3 (opc<0>)
 * selects the compare with zero, whose Rm field is ignored. */
static int fp_compare_flags(CPU *c, const Insn *in, bool signal_all_nans)
{
    unsigned esize = fp_esize(in);
    bool cmp_with_zero = bit(in->raw, 3);
    uint64_t operand2 = cmp_with_zero ? fp_zero(false, esize) : vscalar(c, in->rm, esize);
    uint32_t flags = 0;
    unsigned nzcv = fp_compare(vscalar(c, in->rn, esize), operand2, esize, signal_all_nans, fpcr(c), &flags);
    c->ps.nzcv = (uint32_t)nzcv << 28;
    fpsr_or(c, flags);
    return EXEC_OK;
}

int exec_FCMP_scalar(CPU *c, const Insn *in)
{
    FP_CHECK(c);
    return fp_compare_flags(c, in, false);
}

/* FCMPE: Invalid for quiet NaNs too. */
int exec_FCMPE_scalar(CPU *c, const Insn *in)
{
    FP_CHECK(c);
    return fp_compare_flags(c, in, true);
}

/* ---- Floating-point immediate ---- */

int exec_FMOV_scalar_imm(CPU *c, const Insn *in)
{
    FP_CHECK(c);
    set_vscalar(c, in->rd, fp_esize(in), in->imm);
    return EXEC_OK;
}

/* ---- Floating-point conditional compare ---- */

/* FCCMP/FCCMPE: NZCV = ConditionHolds(cond) ? FPCompare(V[n], V[m]) : the nzcv immediate.
 * With the condition false nothing is compared, so no exception either. */
static int fp_cond_compare(CPU *c, const Insn *in, bool signal_all_nans)
{
    unsigned esize = fp_esize(in);
    unsigned nzcv = bits(in->raw, 3, 0);
    uint32_t flags = 0;
    if (cond_holds(c, bits(in->raw, 15, 12)))
        nzcv = fp_compare(vscalar(c, in->rn, esize), vscalar(c, in->rm, esize), esize, signal_all_nans,
                          fpcr(c), &flags);
    c->ps.nzcv = (uint32_t)nzcv << 28;
    fpsr_or(c, flags);
    return EXEC_OK;
}

int exec_FCCMP_scalar(CPU *c, const Insn *in)
{
    FP_CHECK(c);
    return fp_cond_compare(c, in, false);
}

int exec_FCCMPE_scalar(CPU *c, const Insn *in)
{
    FP_CHECK(c);
    return fp_cond_compare(c, in, true);
}

/* ---- Floating-point data-processing (2 source) ---- */

int exec_FMUL_scalar(CPU *c, const Insn *in)
{
    FP_CHECK(c);
    return fp_binary(c, in, fp_mul);
}

int exec_FDIV_scalar(CPU *c, const Insn *in)
{
    FP_CHECK(c);
    return fp_binary(c, in, fp_div);
}

int exec_FADD_scalar(CPU *c, const Insn *in)
{
    FP_CHECK(c);
    return fp_binary(c, in, fp_add);
}

int exec_FSUB_scalar(CPU *c, const Insn *in)
{
    FP_CHECK(c);
    return fp_binary(c, in, fp_sub);
}

int exec_FMAX_scalar(CPU *c, const Insn *in)
{
    FP_CHECK(c);
    return fp_binary(c, in, fp_max);
}

int exec_FMIN_scalar(CPU *c, const Insn *in)
{
    FP_CHECK(c);
    return fp_binary(c, in, fp_min);
}

int exec_FMAXNM_scalar(CPU *c, const Insn *in)
{
    FP_CHECK(c);
    return fp_binary(c, in, fp_maxnum);
}

int exec_FMINNM_scalar(CPU *c, const Insn *in)
{
    FP_CHECK(c);
    return fp_binary(c, in, fp_minnum);
}

/* FNMUL: FPNeg(FPMul(...)), the negation after the rounding (and of a NaN result too). */
int exec_FNMUL_scalar(CPU *c, const Insn *in)
{
    FP_CHECK(c);
    unsigned esize = fp_esize(in);
    uint32_t flags = 0;
    uint64_t product = fp_mul(vscalar(c, in->rn, esize), vscalar(c, in->rm, esize), esize, fpcr(c), &flags);
    return fp_write(c, in, esize, fp_neg(product, esize), flags);
}

/* ---- Floating-point conditional select ---- */

int exec_FCSEL_scalar(CPU *c, const Insn *in)
{
    FP_CHECK(c);
    unsigned esize = fp_esize(in);
    unsigned src = cond_holds(c, bits(in->raw, 15, 12)) ? in->rn : in->rm;
    set_vscalar(c, in->rd, esize, vscalar(c, src, esize));
    return EXEC_OK;
}

/* ---- Floating-point data-processing (3 source) ---- */

/* FPMulAdd(operanda, operand1, operand2) with one rounding, after the pseudocode's negations
 * of the inputs: opa_neg = o1, op1_neg = o1 != o0. A NaN operand is negated too, so the NaN
 * that propagates carries the flipped sign. */
static int fp_fused(CPU *c, const Insn *in, bool opa_neg, bool op1_neg)
{
    unsigned esize = fp_esize(in);
    uint64_t operanda = vscalar(c, in->ra, esize);
    uint64_t operand1 = vscalar(c, in->rn, esize);
    uint64_t operand2 = vscalar(c, in->rm, esize);
    if (opa_neg)
        operanda = fp_neg(operanda, esize);
    if (op1_neg)
        operand1 = fp_neg(operand1, esize);
    uint32_t flags = 0;
    uint64_t result = fp_muladd(operanda, operand1, operand2, esize, fpcr(c), &flags);
    return fp_write(c, in, esize, result, flags);
}

/* Ra + Rn * Rm */
int exec_FMADD_scalar(CPU *c, const Insn *in)
{
    FP_CHECK(c);
    return fp_fused(c, in, false, false);
}

/* Ra - Rn * Rm */
int exec_FMSUB_scalar(CPU *c, const Insn *in)
{
    FP_CHECK(c);
    return fp_fused(c, in, false, true);
}

/* -Ra - Rn * Rm */
int exec_FNMADD_scalar(CPU *c, const Insn *in)
{
    FP_CHECK(c);
    return fp_fused(c, in, true, true);
}

/* -Ra + Rn * Rm */
int exec_FNMSUB_scalar(CPU *c, const Insn *in)
{
    FP_CHECK(c);
    return fp_fused(c, in, true, false);
}
