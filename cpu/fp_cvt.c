/* SPDX-License-Identifier: MIT */
/* Data processing -- scalar floating-point: the conversions. FCVT between precisions, the
 * conversions between floating-point and integer (FCVT<r>S/U, SCVTF, UCVTF, FMOV (general))
 * and between floating-point and fixed-point, after the pseudocode's FPConvert, FPToFixed and
 * FixedToFP (cpu/fpu.h). Integer operands are W or X by sf (bit 31); register 31 is XZR. */
#include "cpu/alu.h"
#include "cpu/decode.h"
#include "cpu/exception.h"
#include "cpu/fp_scalar.h"

/* ---- Decode ---- */

/* FCVT: ftype is the source, opc (bits 16:15) the destination; both 10 and equal types are
 * reserved. */
bool prep_fcvt(Insn *in)
{
    unsigned type = bits(in->raw, 23, 22), opc = bits(in->raw, 16, 15);
    return type != 2 && opc != 2 && type != opc;
}

/* Fixed point: fbits = 64 - scale must fit the integer, so a 32-bit form needs scale<5> = 1. */
bool prep_fp_fixed(Insn *in)
{
    bool sf = bit(in->raw, 31), scale5 = bit(in->raw, 15);
    return prep_fp_type(in) && (sf || scale5);
}

/* FMOV (general): the sizes must match (W with S, X with D; H goes with either), and ptype 10
 * with rmode 01 names the top half of a 128-bit register, X only. */
bool prep_fmov_gen(Insn *in)
{
    unsigned type = bits(in->raw, 23, 22);
    bool sf = bit(in->raw, 31), top_half = bit(in->raw, 19);
    if (top_half)
        return sf && type == 2;
    switch (type) {
    case 0: return !sf;
    case 1: return sf;
    case 3: return true;
    default: return false;
    }
}

/* ---- FCVT (between precisions) ---- */

int exec_FCVT_scalar(CPU *c, const Insn *in)
{
    FP_CHECK(c);
    unsigned srcsize = fp_esize(in), dstsize = fp_type_esize(bits(in->raw, 16, 15));
    uint32_t fpcr_val = fpcr(c), flags = 0;
    uint64_t result = fp_convert(vscalar(c, in->rn, srcsize), srcsize, dstsize, fpcr_rounding(fpcr_val),
                                 fpcr_val, &flags);
    set_vscalar(c, in->rd, dstsize, result);
    fpsr_or(c, flags);
    return EXEC_OK;
}

/* ---- Shared bodies of the integer and fixed-point conversions ---- */

/* X[d] = FPToFixed(V[n], fbits, unsigned, rounding, intsize): saturating, Invalid for NaN or
 * out of range. A 32-bit result is zero-extended into X[d]. */
static int fp_to_int(CPU *c, const Insn *in, unsigned fbits, bool is_unsigned, FPRounding rounding)
{
    unsigned esize = fp_esize(in);
    bool sf = insn_sf(in);
    uint32_t flags = 0;
    uint64_t result = fp_to_fixed(vscalar(c, in->rn, esize), esize, fbits, is_unsigned, sf ? 64 : 32,
                                  rounding, fpcr(c), &flags);
    set_R(c, in->rd, result, sf);
    fpsr_or(c, flags);
    return EXEC_OK;
}

/* V[d] = FixedToFP(X[n] or W[n], fbits, unsigned), rounded as FPCR.RMode says. */
static int int_to_fp(CPU *c, const Insn *in, unsigned fbits, bool is_unsigned)
{
    unsigned esize = fp_esize(in);
    bool sf = insn_sf(in);
    uint32_t fpcr_val = fpcr(c), flags = 0;
    uint64_t result = fixed_to_fp(R(c, in->rn, sf), sf ? 64 : 32, fbits, is_unsigned, esize,
                                  fpcr_rounding(fpcr_val), fpcr_val, &flags);
    set_vscalar(c, in->rd, esize, result);
    fpsr_or(c, flags);
    return EXEC_OK;
}

/* fracbits = 64 - UInt(scale) */
static unsigned fixed_fbits(const Insn *in) { return 64 - bits(in->raw, 15, 10); }

/* ---- Conversion between floating-point and fixed-point ---- */

int exec_SCVTF_scalar_fixed(CPU *c, const Insn *in)
{
    FP_CHECK(c);
    return int_to_fp(c, in, fixed_fbits(in), false);
}

int exec_UCVTF_scalar_fixed(CPU *c, const Insn *in)
{
    FP_CHECK(c);
    return int_to_fp(c, in, fixed_fbits(in), true);
}

int exec_FCVTZS_scalar_fixed(CPU *c, const Insn *in)
{
    FP_CHECK(c);
    return fp_to_int(c, in, fixed_fbits(in), false, FPROUND_ZERO);
}

int exec_FCVTZU_scalar_fixed(CPU *c, const Insn *in)
{
    FP_CHECK(c);
    return fp_to_int(c, in, fixed_fbits(in), true, FPROUND_ZERO);
}

/* ---- Conversion between floating-point and integer ---- */

int exec_FCVTNS_scalar_int(CPU *c, const Insn *in)
{
    FP_CHECK(c);
    return fp_to_int(c, in, 0, false, FPROUND_TIEEVEN);
}

int exec_FCVTNU_scalar_int(CPU *c, const Insn *in)
{
    FP_CHECK(c);
    return fp_to_int(c, in, 0, true, FPROUND_TIEEVEN);
}

int exec_FCVTPS_scalar_int(CPU *c, const Insn *in)
{
    FP_CHECK(c);
    return fp_to_int(c, in, 0, false, FPROUND_POSINF);
}

int exec_FCVTPU_scalar_int(CPU *c, const Insn *in)
{
    FP_CHECK(c);
    return fp_to_int(c, in, 0, true, FPROUND_POSINF);
}

int exec_FCVTMS_scalar_int(CPU *c, const Insn *in)
{
    FP_CHECK(c);
    return fp_to_int(c, in, 0, false, FPROUND_NEGINF);
}

int exec_FCVTMU_scalar_int(CPU *c, const Insn *in)
{
    FP_CHECK(c);
    return fp_to_int(c, in, 0, true, FPROUND_NEGINF);
}

int exec_FCVTZS_scalar_int(CPU *c, const Insn *in)
{
    FP_CHECK(c);
    return fp_to_int(c, in, 0, false, FPROUND_ZERO);
}

int exec_FCVTZU_scalar_int(CPU *c, const Insn *in)
{
    FP_CHECK(c);
    return fp_to_int(c, in, 0, true, FPROUND_ZERO);
}

/* FCVTAS/FCVTAU: to nearest with ties away from zero, whatever FPCR.RMode says. */
int exec_FCVTAS_scalar_int(CPU *c, const Insn *in)
{
    FP_CHECK(c);
    return fp_to_int(c, in, 0, false, FPROUND_TIEAWAY);
}

int exec_FCVTAU_scalar_int(CPU *c, const Insn *in)
{
    FP_CHECK(c);
    return fp_to_int(c, in, 0, true, FPROUND_TIEAWAY);
}

int exec_SCVTF_scalar_int(CPU *c, const Insn *in)
{
    FP_CHECK(c);
    return int_to_fp(c, in, 0, false);
}

int exec_UCVTF_scalar_int(CPU *c, const Insn *in)
{
    FP_CHECK(c);
    return int_to_fp(c, in, 0, true);
}

/* FMOV (general): a bit copy, no exceptions. opcode<0> (bit 16) = 1 moves to the FP register.
 * To V: Vpart[d, 0] zeroes the rest of the register, Vpart[d, 1] (the top half, V<d>.D[1])
 * keeps the low 64 bits. To a general register: zero-extended to W or X. */
int exec_FMOV_gen(CPU *c, const Insn *in)
{
    FP_CHECK(c);
    bool sf = insn_sf(in), to_fp = bit(in->raw, 16);
    if (bit(in->raw, 19)) {
        if (to_fp)
            c->v[in->rd].d[1] = X(c, in->rn);
        else
            set_X(c, in->rd, c->v[in->rn].d[1]);
        return EXEC_OK;
    }
    unsigned fltsize = fp_esize(in);
    if (to_fp)
        set_vscalar(c, in->rd, fltsize, X(c, in->rn));
    else
        set_R(c, in->rd, vscalar(c, in->rn, fltsize), sf);
    return EXEC_OK;
}
