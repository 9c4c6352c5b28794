/* SPDX-License-Identifier: MIT */
/* The floating-point arithmetic of the Arm ARM's shared pseudocode (FPAdd, FPMulAdd, FPRound,
 * FPToFixed, FPRecipEstimate, ...), in software, for half, single and double precision.
 *
 * Operands and results are raw bit patterns in the low `esize` bits of a uint64_t (esize is
 * 16, 32 or 64). Every function takes the FPCR value that governs it and ORs the exceptions it
 * raises into *flags, using the FPSR bit positions below (cumulative: callers OR *flags into
 * FPSR). Nothing here reads or changes the host's floating-point state, so results are the
 * same on every host and between cores. Trapped exceptions are not implemented (FPCR's enable
 * bits read as zero on a Cortex-A55), so FPProcessException only sets the cumulative bit.
 *
 * Honoured FPCR fields: RMode, FZ (single and double), FZ16 (half), DN, AHP (conversions to
 * and from half precision). Names follow the pseudocode functions they implement. */
#ifndef TETRARCH_FPU_H
#define TETRARCH_FPU_H

#include <stdbool.h>
#include <stdint.h>

/* FPSR cumulative exception bits (and QC, which saturating integer instructions set). */
enum {
    FPSR_IOC = 1u << 0,  /* invalid operation */
    FPSR_DZC = 1u << 1,  /* divide by zero */
    FPSR_OFC = 1u << 2,  /* overflow */
    FPSR_UFC = 1u << 3,  /* underflow */
    FPSR_IXC = 1u << 4,  /* inexact */
    FPSR_IDC = 1u << 7,  /* input denormal (flushed to zero) */
    FPSR_QC = 1u << 27,  /* saturation */
};
/* FPCR fields. */
enum {
    FPCR_FZ16 = 1u << 19,
    FPCR_RMODE_SHIFT = 22,
    FPCR_FZ = 1u << 24,
    FPCR_DN = 1u << 25,
    FPCR_AHP = 1u << 26,
};
/* Bits of FPCR and FPSR that are implemented (others are RES0 or RAZ/WI on a Cortex-A55). */
#define FPCR_WRITE_MASK 0x07C80000u
#define FPSR_WRITE_MASK 0xF800009Fu

/* FPRounding. The first four are FPCR.RMode's encodings. */
typedef enum {
    FPROUND_TIEEVEN = 0, /* RN */
    FPROUND_POSINF = 1,  /* RP */
    FPROUND_NEGINF = 2,  /* RM */
    FPROUND_ZERO = 3,    /* RZ */
    FPROUND_TIEAWAY = 4, /* FCVTA*, FRINTA */
    FPROUND_ODD = 5,     /* FCVTXN */
} FPRounding;

static inline FPRounding fpcr_rounding(uint32_t fpcr) { return (FPRounding)((fpcr >> FPCR_RMODE_SHIFT) & 3); }

/* ---- Arithmetic (FPAdd, FPSub, FPMul, FPDiv, FPMulX, FPSqrt, FPMulAdd) ---- */
uint64_t fp_add(uint64_t a, uint64_t b, unsigned esize, uint32_t fpcr, uint32_t *flags);
uint64_t fp_sub(uint64_t a, uint64_t b, unsigned esize, uint32_t fpcr, uint32_t *flags);
uint64_t fp_mul(uint64_t a, uint64_t b, unsigned esize, uint32_t fpcr, uint32_t *flags);
uint64_t fp_div(uint64_t a, uint64_t b, unsigned esize, uint32_t fpcr, uint32_t *flags);
/* FMULX: as FPMul, but infinity times zero gives 2.0 with the sign of the product. */
uint64_t fp_mulx(uint64_t a, uint64_t b, unsigned esize, uint32_t fpcr, uint32_t *flags);
uint64_t fp_sqrt(uint64_t a, unsigned esize, uint32_t fpcr, uint32_t *flags);
/* FPMulAdd(addend, op1, op2): addend + op1 * op2 with a single rounding. FMSUB/FMLS negate
 * op1 before the call, FNMADD/FNMSUB negate the addend too (as the pseudocode does). */
uint64_t fp_muladd(uint64_t addend, uint64_t op1, uint64_t op2, unsigned esize, uint32_t fpcr,
                   uint32_t *flags);

/* ---- Maximum and minimum (FPMax, FPMin, FPMaxNum, FPMinNum) ---- */
uint64_t fp_max(uint64_t a, uint64_t b, unsigned esize, uint32_t fpcr, uint32_t *flags);
uint64_t fp_min(uint64_t a, uint64_t b, unsigned esize, uint32_t fpcr, uint32_t *flags);
uint64_t fp_maxnum(uint64_t a, uint64_t b, unsigned esize, uint32_t fpcr, uint32_t *flags);
uint64_t fp_minnum(uint64_t a, uint64_t b, unsigned esize, uint32_t fpcr, uint32_t *flags);

/* ---- Comparisons ---- */
/* FPCompare: the NZCV flags in bits 3:0 (0b0110 equal, 0b1000 less, 0b0010 greater,
 * 0b0011 unordered). signal_nans: FCMPE (any NaN raises Invalid), else only signalling NaNs. */
unsigned fp_compare(uint64_t a, uint64_t b, unsigned esize, bool signal_nans, uint32_t fpcr,
                    uint32_t *flags);
/* FPCompareEQ (quiet), FPCompareGE and FPCompareGT (signalling): the vector compares. */
bool fp_compare_eq(uint64_t a, uint64_t b, unsigned esize, uint32_t fpcr, uint32_t *flags);
bool fp_compare_ge(uint64_t a, uint64_t b, unsigned esize, uint32_t fpcr, uint32_t *flags);
bool fp_compare_gt(uint64_t a, uint64_t b, unsigned esize, uint32_t fpcr, uint32_t *flags);

/* ---- Rounding and conversion ---- */
/* FPRoundInt: to an integral value in the same format; exact raises Inexact (FRINTX). */
uint64_t fp_round_int(uint64_t a, unsigned esize, FPRounding rounding, bool exact, uint32_t fpcr,
                      uint32_t *flags);
/* FPToFixed: to a signed or unsigned integer of isize (16, 32 or 64) bits with fbits fraction
 * bits, saturating (Invalid on overflow or NaN, which gives 0). Result in the low isize bits,
 * sign-extended to 64 bits for signed results. */
uint64_t fp_to_fixed(uint64_t a, unsigned esize, unsigned fbits, bool is_unsigned, unsigned isize,
                     FPRounding rounding, uint32_t fpcr, uint32_t *flags);
/* FixedToFP: the low isize bits of x (signed or unsigned, fbits fraction bits) to esize. */
uint64_t fixed_to_fp(uint64_t x, unsigned isize, unsigned fbits, bool is_unsigned, unsigned esize,
                     FPRounding rounding, uint32_t fpcr, uint32_t *flags);
/* FPConvert: between precisions (FCVT, FCVTL/FCVTN, FCVTXN with FPROUND_ODD). Half precision
 * honours FPCR.AHP (alternative half precision: no infinities or NaNs; converting to it, a NaN
 * gives a zero of its sign and an infinity the largest value, both Invalid) and ignores FZ16
 * (FPUnpackCV, FPRoundCV). FPROUND_ODD is for this function only: FPRoundInt, FPToFixed and
 * FixedToFP never take it. */
uint64_t fp_convert(uint64_t a, unsigned from_esize, unsigned to_esize, FPRounding rounding,
                    uint32_t fpcr, uint32_t *flags);

/* ---- Estimates and steps ---- */
uint64_t fp_recip_estimate(uint64_t a, unsigned esize, uint32_t fpcr, uint32_t *flags);  /* FRECPE */
uint64_t fp_rsqrt_estimate(uint64_t a, unsigned esize, uint32_t fpcr, uint32_t *flags);  /* FRSQRTE */
uint64_t fp_recpx(uint64_t a, unsigned esize, uint32_t fpcr, uint32_t *flags);           /* FRECPX */
uint64_t fp_recip_step(uint64_t a, uint64_t b, unsigned esize, uint32_t fpcr, uint32_t *flags);  /* FRECPS: 2 - a*b, fused */
uint64_t fp_rsqrt_step(uint64_t a, uint64_t b, unsigned esize, uint32_t fpcr, uint32_t *flags);  /* FRSQRTS: (3 - a*b)/2, fused */
/* UnsignedRecipEstimate / UnsignedRSqrtEstimate (URECPE, URSQRTE) on a 32-bit element. */
uint32_t unsigned_recip_estimate(uint32_t a);
uint32_t unsigned_rsqrt_estimate(uint32_t a);

/* ---- Bit-level helpers (no exceptions) ---- */
uint64_t fp_neg(uint64_t a, unsigned esize);
uint64_t fp_abs(uint64_t a, unsigned esize);
bool fp_is_nan(uint64_t a, unsigned esize);
/* FPDefaultNaN, FPInfinity, FPZero, FPMaxNormal of a sign. */
uint64_t fp_default_nan(unsigned esize);
uint64_t fp_infinity(bool sign, unsigned esize);
uint64_t fp_zero(bool sign, unsigned esize);
/* VFPExpandImm: the 8-bit immediate of FMOV (immediate) and FMOV (vector, immediate). */
uint64_t fp_expand_imm(uint8_t imm8, unsigned esize);

#endif
