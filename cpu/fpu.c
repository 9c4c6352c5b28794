/* SPDX-License-Identifier: MIT */
/* Software floating point for the FP/SIMD instructions: the Arm ARM's shared pseudocode
 * (FPUnpack, FPRoundBase, FPProcessNaNs, FPMulAdd, FPRecipEstimate, ...) in integer arithmetic.
 *
 * Every finite nonzero operand is held as an integer significand and a power of two
 * (value = sig * 2^exp), every result goes through one rounding function, round_norm(), which is
 * FPRoundBase. Intermediate results are kept exact, or exact above a "sticky" bit that is ORed
 * into the lowest bit when lower bits are shifted out (enough for every rounding mode as long as
 * the sticky bit sits at least two bits below the rounding point, which it always does here). */
#include "cpu/fpu.h"

__extension__ typedef unsigned __int128 u128;

/* FPType. NaNs last so that "any NaN" is one compare. Denormals are FPT_NONZERO (the separate
 * FPType_Denormal of newer Arm ARMs only matters with FPCR.AH, which a Cortex-A55 lacks). */
typedef enum { FPT_ZERO, FPT_NONZERO, FPT_INF, FPT_QNAN, FPT_SNAN } FPType;

typedef struct {
    FPType type;
    bool sign;
    int exp;       /* FPT_NONZERO: value = sig * 2^exp */
    uint64_t sig;  /* integer significand including the hidden bit (at most 53 bits) */
    uint64_t bits; /* the operand as the operation sees it: a flushed denormal is a signed zero */
} FPUnpacked;

static inline unsigned frac_bits(unsigned n) { return n == 64 ? 52 : n == 32 ? 23 : 10; }
static inline unsigned exp_bits(unsigned n) { return n == 64 ? 11 : n == 32 ? 8 : 5; }
static inline uint64_t ones(unsigned n) { return n >= 64 ? ~0ull : (1ull << n) - 1; }
static inline uint64_t sign_bit(bool sign, unsigned n) { return (uint64_t)sign << (n - 1); }
static inline unsigned clz64(uint64_t x) { return (unsigned)__builtin_clzll(x); }

/* The hot operations are written once with the element size as a parameter and instantiated
 * per size, so that the compiler folds the format constants (an interpreter calls these with a
 * size known only at run time). */
#define HOT static inline __attribute__((always_inline))
#define BY_ESIZE(esize, fn, ...)                                                                  \
    ((esize) == 32 ? fn(32, __VA_ARGS__) : (esize) == 64 ? fn(64, __VA_ARGS__) : fn(16, __VA_ARGS__))

/* FPCR.FZ governs single and double, FPCR.FZ16 half precision. */
static inline bool flush_enabled(unsigned n, uint32_t fpcr)
{
    return (fpcr & (n == 16 ? FPCR_FZ16 : FPCR_FZ)) != 0;
}

/* Shift right, ORing every bit shifted out into bit 0 ("jamming"). */
static inline uint64_t shr_jam64(uint64_t x, unsigned n)
{
    if (n == 0)
        return x;
    if (n >= 64)
        return x != 0;
    return (x >> n) | ((x << (64 - n)) != 0);
}

static inline u128 shr_jam128(u128 x, unsigned n)
{
    if (n == 0)
        return x;
    if (n >= 128)
        return x != 0;
    return (x >> n) | ((x << (128 - n)) != 0);
}

static inline unsigned clz128(u128 x)
{
    uint64_t hi = (uint64_t)(x >> 64);
    return hi ? clz64(hi) : 64 + clz64((uint64_t)x);
}

/* ---- Constants (FPDefaultNaN, FPInfinity, FPZero, FPMaxNormal, FPTwo, ...) ---- */

uint64_t fp_default_nan(unsigned esize)
{
    unsigned f = frac_bits(esize);
    return (ones(exp_bits(esize)) << f) | (1ull << (f - 1));
}

uint64_t fp_infinity(bool sign, unsigned esize)
{
    return sign_bit(sign, esize) | (ones(exp_bits(esize)) << frac_bits(esize));
}

uint64_t fp_zero(bool sign, unsigned esize) { return sign_bit(sign, esize); }

static uint64_t fp_max_normal(bool sign, unsigned n)
{
    unsigned f = frac_bits(n);
    return sign_bit(sign, n) | ((ones(exp_bits(n)) - 1) << f) | ones(f);
}

/* sign:bias+e:0, a power of two (FPTwo is e = 1). */
static uint64_t fp_pow2(bool sign, int e, unsigned n)
{
    unsigned f = frac_bits(n);
    return sign_bit(sign, n) | ((uint64_t)(ones(exp_bits(n) - 1) + (uint64_t)e) << f);
}

uint64_t fp_neg(uint64_t a, unsigned esize) { return (a ^ sign_bit(1, esize)) & ones(esize); }
uint64_t fp_abs(uint64_t a, unsigned esize) { return a & ones(esize - 1); }

bool fp_is_nan(uint64_t a, unsigned esize)
{
    unsigned f = frac_bits(esize);
    uint64_t e = ones(exp_bits(esize));
    return ((a >> f) & e) == e && (a & ones(f)) != 0;
}

/* VFPExpandImm: sign, exponent NOT(b6):Replicate(b6, E-3):b5:b4, fraction b3:b0 then zeros. */
uint64_t fp_expand_imm(uint8_t imm8, unsigned esize)
{
    unsigned e = exp_bits(esize), f = frac_bits(esize);
    uint64_t b6 = (imm8 >> 6) & 1;
    uint64_t exp = ((b6 ^ 1) << (e - 1)) | ((b6 ? ones(e - 3) : 0) << 2) | ((imm8 >> 4) & 3);
    return sign_bit(imm8 >> 7, esize) | (exp << f) | ((uint64_t)(imm8 & 15) << (f - 4));
}

/* ---- FPUnpackBase, FPUnpack, FPUnpackCV ---- */

/* fz: flush denormal inputs to zero; idc: flushing raises Input Denormal (single and double
 * only: FPUnpackBase flushes half precision under FZ16 silently); ahp: half precision is the
 * alternative format, whose all-ones exponent is an ordinary exponent. */
HOT FPUnpacked unpack_base(uint64_t op, unsigned n, bool fz, bool idc, bool ahp, uint32_t *flags)
{
    const unsigned f = frac_bits(n), e = exp_bits(n);
    const int bias = (int)ones(e - 1);
    FPUnpacked u;
    op &= ones(n);
    u.sign = (op >> (n - 1)) & 1;
    u.bits = op;
    u.exp = 0;
    u.sig = 0;
    uint64_t frac = op & ones(f);
    unsigned exp = (unsigned)(op >> f) & (unsigned)ones(e);
    if (exp == 0) {
        if (frac == 0) {
            u.type = FPT_ZERO;
        } else if (fz) {
            u.type = FPT_ZERO;
            u.bits = sign_bit(u.sign, n);
            if (idc)
                *flags |= FPSR_IDC;
        } else {
            u.type = FPT_NONZERO;
            u.exp = 1 - bias - (int)f;
            u.sig = frac;
        }
    } else if (exp == ones(e) && !ahp) {
        if (frac == 0)
            u.type = FPT_INF;
        else
            u.type = (frac >> (f - 1)) & 1 ? FPT_QNAN : FPT_SNAN;
    } else {
        u.type = FPT_NONZERO;
        u.exp = (int)exp - bias - (int)f;
        u.sig = frac | (1ull << f);
    }
    return u;
}

/* FPUnpack: arithmetic ignores FPCR.AHP. */
static inline FPUnpacked unpack(uint64_t op, unsigned n, uint32_t fpcr, uint32_t *flags)
{
    return unpack_base(op, n, flush_enabled(n, fpcr), n != 16, false, flags);
}

/* FPUnpackCV: conversions ignore FZ16 and honour AHP. */
static inline FPUnpacked unpack_cv(uint64_t op, unsigned n, uint32_t fpcr, uint32_t *flags)
{
    return unpack_base(op, n, n != 16 && (fpcr & FPCR_FZ), true, n == 16 && (fpcr & FPCR_AHP), flags);
}

/* ---- FPProcessNaN, FPProcessNaNs, FPProcessNaNs3 ---- */

static uint64_t process_nan(const FPUnpacked *u, unsigned n, uint32_t fpcr, uint32_t *flags)
{
    uint64_t r = u->bits;
    if (u->type == FPT_SNAN) {
        r |= 1ull << (frac_bits(n) - 1); /* quieten */
        *flags |= FPSR_IOC;
    }
    return (fpcr & FPCR_DN) ? fp_default_nan(n) : r;
}

/* Signalling NaNs before quiet ones, first operand first. Call only when some operand is a NaN. */
static uint64_t process_nans(const FPUnpacked *a, const FPUnpacked *b, unsigned n, uint32_t fpcr,
                             uint32_t *flags)
{
    if (a->type == FPT_SNAN)
        return process_nan(a, n, fpcr, flags);
    if (b->type == FPT_SNAN)
        return process_nan(b, n, fpcr, flags);
    return process_nan(a->type == FPT_QNAN ? a : b, n, fpcr, flags);
}

static uint64_t process_nans3(const FPUnpacked *a, const FPUnpacked *b, const FPUnpacked *c,
                              unsigned n, uint32_t fpcr, uint32_t *flags)
{
    if (a->type == FPT_SNAN)
        return process_nan(a, n, fpcr, flags);
    if (b->type == FPT_SNAN)
        return process_nan(b, n, fpcr, flags);
    if (c->type == FPT_SNAN)
        return process_nan(c, n, fpcr, flags);
    return process_nan(a->type == FPT_QNAN ? a : b->type == FPT_QNAN ? b : c, n, fpcr, flags);
}

static inline bool is_nan_type(FPType t) { return t >= FPT_QNAN; }

/* ---- FPRoundBase, FPRound, FPRoundCV ---- */

/* FPRoundBase for the nonzero value sig * 2^(exponent - 63), sig normalised (bit 63 set) with
 * anything below bit 0 already jammed into it. `exponent` is the pseudocode's: the value is
 * 1.xxx * 2^exponent. fz: flush tiny results to zero; ahp: alternative half precision. */
HOT uint64_t round_norm(bool sign, int exponent, uint64_t sig, unsigned n, FPRounding rounding,
                           bool fz, bool ahp, uint32_t *flags)
{
    const unsigned f = frac_bits(n), e = exp_bits(n);
    const int min_exp = 2 - (1 << (e - 1));
    const uint64_t s = sign_bit(sign, n);

    /* Flush-to-zero looks at the value before rounding, and raises Underflow, not Inexact. */
    if (fz && exponent < min_exp) {
        *flags |= FPSR_UFC;
        return s;
    }
    int biased = exponent - min_exp + 1;
    if (biased <= 0) { /* denormal range: scale so the exponent is min_exp */
        sig = shr_jam64(sig, (unsigned)(1 - biased));
        biased = 0;
    }
    const unsigned sh = 63 - f;
    uint64_t mant = sig >> sh;
    const uint64_t rem = sig & ones(sh), half = 1ull << (sh - 1);

    /* Tininess is detected before rounding: biased exponent 0 and the result inexact. */
    if (biased == 0 && rem != 0)
        *flags |= FPSR_UFC;

    bool up, overflow_to_inf;
    switch (rounding) {
    case FPROUND_TIEEVEN:
        up = rem > half || (rem == half && (mant & 1));
        overflow_to_inf = true;
        break;
    case FPROUND_POSINF:
        up = rem != 0 && !sign;
        overflow_to_inf = !sign;
        break;
    case FPROUND_NEGINF:
        up = rem != 0 && sign;
        overflow_to_inf = sign;
        break;
    case FPROUND_TIEAWAY:
        up = rem >= half;
        overflow_to_inf = true;
        break;
    default: /* FPROUND_ZERO, FPROUND_ODD */
        up = false;
        overflow_to_inf = false;
        break;
    }
    if (up) {
        mant++;
        if (mant == (1ull << f)) /* rounded up from denormal to the smallest normal */
            biased = 1;
        if (mant == (2ull << f)) { /* rounded up to the next exponent */
            biased++;
            mant >>= 1;
        }
    }
    if (rounding == FPROUND_ODD && rem != 0)
        mant |= 1; /* von Neumann rounding: sticky into the lowest bit */

    if (!ahp) {
        if (biased >= (int)ones(e)) {
            *flags |= FPSR_OFC | FPSR_IXC;
            return overflow_to_inf ? fp_infinity(sign, n) : fp_max_normal(sign, n);
        }
    } else if (biased > (int)ones(e)) {
        /* Alternative half precision has no infinity: saturate, Invalid and not Inexact. */
        *flags |= FPSR_IOC;
        return s | ones(n - 1);
    }
    if (rem != 0)
        *flags |= FPSR_IXC;
    return s | ((uint64_t)biased << f) | (mant & ones(f));
}

/* value = m * 2^exp, m != 0. */
static inline uint64_t round_u64(bool sign, int exp, uint64_t m, unsigned n, FPRounding rounding,
                                 bool fz, bool ahp, uint32_t *flags)
{
    unsigned lz = clz64(m);
    return round_norm(sign, exp + 63 - (int)lz, m << lz, n, rounding, fz, ahp, flags);
}

HOT uint64_t round_u128(bool sign, int exp, u128 m, unsigned n, FPRounding rounding, bool fz,
                           bool ahp, uint32_t *flags)
{
    unsigned lz = clz128(m);
    u128 x = m << lz;
    uint64_t sig = (uint64_t)(x >> 64) | ((uint64_t)x != 0);
    return round_norm(sign, exp + 127 - (int)lz, sig, n, rounding, fz, ahp, flags);
}

/* FPRound: arithmetic results (FZ or FZ16, never AHP). */
static inline uint64_t fp_round(bool sign, int exp, uint64_t m, unsigned n, uint32_t fpcr,
                                FPRounding rounding, uint32_t *flags)
{
    return round_u64(sign, exp, m, n, rounding, flush_enabled(n, fpcr), false, flags);
}

static inline uint64_t fp_round128(bool sign, int exp, u128 m, unsigned n, uint32_t fpcr,
                                   FPRounding rounding, uint32_t *flags)
{
    return round_u128(sign, exp, m, n, rounding, flush_enabled(n, fpcr), false, flags);
}

/* ---- FPAdd, FPSub ---- */

/* Sum of two nonzero finite values, exact above a sticky bit, rounded once. Both significands
 * are moved up to bit 62 (their low bits become zero, which keeps the jammed sticky bit
 * meaningful) so that the sum fits in 64 bits. */
HOT uint64_t add_nonzero(bool sa, int ea, uint64_t ma, bool sb, int eb, uint64_t mb, unsigned n,
                            uint32_t fpcr, FPRounding rounding, uint32_t *flags)
{
    unsigned la = clz64(ma) - 1, lb = clz64(mb) - 1;
    ma <<= la;
    ea -= (int)la;
    mb <<= lb;
    eb -= (int)lb;
    if (ea < eb || (ea == eb && ma < mb)) { /* make a the larger magnitude */
        bool ts = sa; sa = sb; sb = ts;
        int te = ea; ea = eb; eb = te;
        uint64_t tm = ma; ma = mb; mb = tm;
    }
    mb = shr_jam64(mb, (unsigned)(ea - eb));
    uint64_t m;
    if (sa == sb) {
        m = ma + mb;
    } else {
        m = ma - mb;
        if (m == 0) /* exact zero: its sign depends on the rounding mode */
            return fp_zero(rounding == FPROUND_NEGINF, n);
    }
    return fp_round(sa, ea, m, n, fpcr, rounding, flags);
}

/* FPAdd after NaN processing; FPSub is this with the second operand's sign flipped. */
HOT uint64_t add_unpacked(const FPUnpacked *x, const FPUnpacked *y, unsigned n, uint32_t fpcr,
                             uint32_t *flags)
{
    FPRounding rounding = fpcr_rounding(fpcr);
    if (x->type == FPT_INF || y->type == FPT_INF) {
        if (x->type == FPT_INF && y->type == FPT_INF && x->sign != y->sign) {
            *flags |= FPSR_IOC;
            return fp_default_nan(n);
        }
        return fp_infinity(x->type == FPT_INF ? x->sign : y->sign, n);
    }
    if (x->type == FPT_ZERO) {
        if (y->type == FPT_ZERO) /* same-signed zeros keep the sign, else +0 (-0 rounding down) */
            return fp_zero(x->sign == y->sign ? x->sign : rounding == FPROUND_NEGINF, n);
        return y->bits; /* FPRound of an operand is the operand */
    }
    if (y->type == FPT_ZERO)
        return x->bits;
    return add_nonzero(x->sign, x->exp, x->sig, y->sign, y->exp, y->sig, n, fpcr, rounding, flags);
}

HOT uint64_t add_n(unsigned esize, uint64_t a, uint64_t b, uint32_t fpcr, uint32_t *flags)
{
    FPUnpacked x = unpack(a, esize, fpcr, flags), y = unpack(b, esize, fpcr, flags);
    if (is_nan_type(x.type) || is_nan_type(y.type))
        return process_nans(&x, &y, esize, fpcr, flags);
    return add_unpacked(&x, &y, esize, fpcr, flags);
}

HOT uint64_t sub_n(unsigned esize, uint64_t a, uint64_t b, uint32_t fpcr, uint32_t *flags)
{
    FPUnpacked x = unpack(a, esize, fpcr, flags), y = unpack(b, esize, fpcr, flags);
    if (is_nan_type(x.type) || is_nan_type(y.type))
        return process_nans(&x, &y, esize, fpcr, flags);
    y.sign = !y.sign;
    y.bits ^= sign_bit(1, esize);
    return add_unpacked(&x, &y, esize, fpcr, flags);
}

uint64_t fp_add(uint64_t a, uint64_t b, unsigned esize, uint32_t fpcr, uint32_t *flags)
{
    return BY_ESIZE(esize, add_n, a, b, fpcr, flags);
}

uint64_t fp_sub(uint64_t a, uint64_t b, unsigned esize, uint32_t fpcr, uint32_t *flags)
{
    return BY_ESIZE(esize, sub_n, a, b, fpcr, flags);
}

/* ---- FPMul, FPMulX ---- */

HOT uint64_t mul_n(unsigned n, uint64_t a, uint64_t b, bool mulx, uint32_t fpcr, uint32_t *flags)
{
    FPUnpacked x = unpack(a, n, fpcr, flags), y = unpack(b, n, fpcr, flags);
    if (is_nan_type(x.type) || is_nan_type(y.type))
        return process_nans(&x, &y, n, fpcr, flags);
    bool sign = x.sign ^ y.sign;
    if ((x.type == FPT_INF && y.type == FPT_ZERO) || (x.type == FPT_ZERO && y.type == FPT_INF)) {
        if (mulx) /* FPMulX: 2.0 with the sign of the product */
            return fp_pow2(sign, 1, n);
        *flags |= FPSR_IOC;
        return fp_default_nan(n);
    }
    if (x.type == FPT_INF || y.type == FPT_INF)
        return fp_infinity(sign, n);
    if (x.type == FPT_ZERO || y.type == FPT_ZERO)
        return fp_zero(sign, n);
    FPRounding rounding = fpcr_rounding(fpcr);
    if (n < 64) /* 11- or 24-bit significands: the product fits in 64 bits */
        return fp_round(sign, x.exp + y.exp, x.sig * y.sig, n, fpcr, rounding, flags);
    return fp_round128(sign, x.exp + y.exp, (u128)x.sig * y.sig, n, fpcr, rounding, flags);
}

uint64_t fp_mul(uint64_t a, uint64_t b, unsigned esize, uint32_t fpcr, uint32_t *flags)
{
    return BY_ESIZE(esize, mul_n, a, b, false, fpcr, flags);
}

uint64_t fp_mulx(uint64_t a, uint64_t b, unsigned esize, uint32_t fpcr, uint32_t *flags)
{
    return BY_ESIZE(esize, mul_n, a, b, true, fpcr, flags);
}

/* ---- FPDiv ---- */

HOT uint64_t div_n(unsigned esize, uint64_t a, uint64_t b, uint32_t fpcr, uint32_t *flags)
{
    FPUnpacked x = unpack(a, esize, fpcr, flags), y = unpack(b, esize, fpcr, flags);
    if (is_nan_type(x.type) || is_nan_type(y.type))
        return process_nans(&x, &y, esize, fpcr, flags);
    bool sign = x.sign ^ y.sign;
    if ((x.type == FPT_INF && y.type == FPT_INF) || (x.type == FPT_ZERO && y.type == FPT_ZERO)) {
        *flags |= FPSR_IOC;
        return fp_default_nan(esize);
    }
    if (x.type == FPT_INF || y.type == FPT_ZERO) {
        if (x.type != FPT_INF)
            *flags |= FPSR_DZC;
        return fp_infinity(sign, esize);
    }
    if (x.type == FPT_ZERO || y.type == FPT_INF)
        return fp_zero(sign, esize);
    FPRounding rounding = fpcr_rounding(fpcr);
    /* Dividend moved up to bit 63, so the quotient has at least 64 - 24 = 40 significant bits
     * (single/half) or 64 (double, dividend widened by 64 more bits); the remainder is sticky. */
    unsigned lx = clz64(x.sig);
    uint64_t nx = x.sig << lx;
    if (esize < 64) {
        uint64_t q = nx / y.sig, r = nx % y.sig;
        return fp_round(sign, x.exp - (int)lx - y.exp, q | (r != 0), esize, fpcr, rounding, flags);
    }
    unsigned ly = clz64(y.sig);
    uint64_t ny = y.sig << ly;
    u128 num = (u128)nx << 64;
    u128 q = num / ny;
    bool inexact = (uint64_t)(num - q * ny) != 0;
    return fp_round128(sign, x.exp - (int)lx - 64 - (y.exp - (int)ly), q | inexact, esize, fpcr,
                       rounding, flags);
}

uint64_t fp_div(uint64_t a, uint64_t b, unsigned esize, uint32_t fpcr, uint32_t *flags)
{
    return BY_ESIZE(esize, div_n, a, b, fpcr, flags);
}

/* ---- FPSqrt ---- */

/* floor(sqrt(x)), by Newton's iteration from above (it decreases monotonically to the floor). */
static uint64_t isqrt64(uint64_t x)
{
    if (x == 0)
        return 0;
    unsigned bits = 64 - clz64(x);
    uint64_t r = 1ull << ((bits + 1) / 2); /* > sqrt(x) */
    for (;;) {
        uint64_t next = (r + x / r) >> 1;
        if (next >= r)
            return r;
        r = next;
    }
}

/* floor(sqrt(x)) for x < 2^126: start from the root of the top 64 bits, which is within a
 * factor 1 + 2^-29 above the answer, so Newton needs two or three steps. */
static uint64_t isqrt128(u128 x)
{
    uint64_t hi = (uint64_t)(x >> 64);
    if (hi == 0)
        return isqrt64((uint64_t)x);
    uint64_t r = (isqrt64(hi) + 1) << 32; /* > sqrt(x) */
    for (;;) {
        uint64_t next = (uint64_t)((r + x / r) >> 1);
        if (next >= r)
            return r;
        r = next;
    }
}

HOT uint64_t sqrt_n(unsigned esize, uint64_t a, uint32_t fpcr, uint32_t *flags)
{
    FPUnpacked x = unpack(a, esize, fpcr, flags);
    if (is_nan_type(x.type))
        return process_nan(&x, esize, fpcr, flags);
    if (x.type == FPT_ZERO)
        return x.bits; /* sqrt(-0) = -0 */
    if (x.type == FPT_INF && !x.sign)
        return x.bits;
    if (x.sign) {
        *flags |= FPSR_IOC;
        return fp_default_nan(esize);
    }
    FPRounding rounding = fpcr_rounding(fpcr);
    /* Scale the significand up so its exponent is even, then take an integer root wide
     * enough for the precision plus guard bits; an inexact root sets the sticky bit. */
    unsigned lz = clz64(x.sig);
    if (esize < 64) {
        unsigned sh = lz - 2; /* top bit at 61 */
        if ((x.exp - (int)sh) & 1)
            sh++;
        uint64_t m = x.sig << sh;
        uint64_t r = isqrt64(m);
        return fp_round(false, (x.exp - (int)sh) / 2, r | (r * r != m), esize, fpcr, rounding,
                        flags);
    }
    unsigned sh = lz + 64 - 4; /* top bit at 123 */
    if ((x.exp - (int)sh) & 1)
        sh++;
    u128 m = (u128)x.sig << sh;
    uint64_t r = isqrt128(m);
    return fp_round(false, (x.exp - (int)sh) / 2, r | ((u128)r * r != m), esize, fpcr, rounding,
                    flags);
}

uint64_t fp_sqrt(uint64_t a, unsigned esize, uint32_t fpcr, uint32_t *flags)
{
    return BY_ESIZE(esize, sqrt_n, a, fpcr, flags);
}

/* ---- FPMulAdd and the fused steps ---- */

/* addend + p1 * p2 (times 2^scale) for finite, non-special operands, with one rounding. Zeros
 * are allowed (sig 0). Both terms are moved up to bit 125 of a 128-bit integer so that their
 * low bits are zero and the sum cannot overflow; the smaller is shifted right with a sticky
 * bit (once it loses bits, it is over 2^20 times smaller, so cancellation is at most one bit). */
HOT uint64_t fused_finite(bool sa, int ea, uint64_t ma, bool sp, int e1, uint64_t m1, int e2,
                             uint64_t m2, int scale, unsigned n, uint32_t fpcr, FPRounding rounding,
                             uint32_t *flags)
{
    u128 mp = (u128)m1 * m2;
    int ep = e1 + e2;
    if (mp == 0) {
        if (ma == 0) /* zero + zero: same signs keep it, else the rounding mode decides */
            return fp_zero(sa == sp ? sa : rounding == FPROUND_NEGINF, n);
        return fp_round(sa, ea + scale, ma, n, fpcr, rounding, flags);
    }
    if (ma == 0)
        return fp_round128(sp, ep + scale, mp, n, fpcr, rounding, flags);
    u128 mc = ma;
    unsigned lp = clz128(mp) - 2, lc = clz128(mc) - 2;
    mp <<= lp;
    ep -= (int)lp;
    mc <<= lc;
    ea -= (int)lc;
    bool sign;
    u128 big, small;
    int eb, es;
    if (ep > ea || (ep == ea && mp >= mc)) {
        sign = sp; big = mp; eb = ep; small = mc; es = ea;
    } else {
        sign = sa; big = mc; eb = ea; small = mp; es = ep;
    }
    small = shr_jam128(small, (unsigned)(eb - es));
    u128 m;
    if (sa == sp) {
        m = big + small;
    } else {
        m = big - small;
        if (m == 0)
            return fp_zero(rounding == FPROUND_NEGINF, n);
    }
    return fp_round128(sign, eb + scale, m, n, fpcr, rounding, flags);
}

HOT uint64_t muladd_n(unsigned esize, uint64_t addend, uint64_t op1, uint64_t op2,
                     uint32_t fpcr, uint32_t *flags)
{
    FPUnpacked a = unpack(addend, esize, fpcr, flags);
    FPUnpacked x = unpack(op1, esize, fpcr, flags), y = unpack(op2, esize, fpcr, flags);
    bool inf_times_zero = (x.type == FPT_INF && y.type == FPT_ZERO) ||
                          (x.type == FPT_ZERO && y.type == FPT_INF);
    if (is_nan_type(a.type) || is_nan_type(x.type) || is_nan_type(y.type)) {
        uint64_t r = process_nans3(&a, &x, &y, esize, fpcr, flags);
        /* FPMulAdd: a quiet-NaN addend does not hide the invalid inf * 0. */
        if (a.type == FPT_QNAN && inf_times_zero) {
            *flags |= FPSR_IOC;
            return fp_default_nan(esize);
        }
        return r;
    }
    bool sp = x.sign ^ y.sign;
    bool inf_p = x.type == FPT_INF || y.type == FPT_INF;
    if (inf_times_zero || (a.type == FPT_INF && inf_p && a.sign != sp)) {
        *flags |= FPSR_IOC;
        return fp_default_nan(esize);
    }
    if (a.type == FPT_INF)
        return fp_infinity(a.sign, esize);
    if (inf_p)
        return fp_infinity(sp, esize);
    return fused_finite(a.sign, a.exp, a.sig, sp, x.exp, x.sig, y.exp, y.sig, 0, esize, fpcr,
                        fpcr_rounding(fpcr), flags);
}

uint64_t fp_muladd(uint64_t addend, uint64_t op1, uint64_t op2, unsigned esize, uint32_t fpcr,
                   uint32_t *flags)
{
    return BY_ESIZE(esize, muladd_n, addend, op1, op2, fpcr, flags);
}

/* FPRecipStepFused (2 - a*b) and FPRSqrtStepFused ((3 - a*b) / 2). The pseudocode negates the
 * first operand before anything else, so a NaN first operand comes back with its sign flipped. */
static uint64_t step_fused(uint64_t a, uint64_t b, unsigned n, bool rsqrt, uint32_t fpcr,
                           uint32_t *flags)
{
    FPUnpacked x = unpack(fp_neg(a, n), n, fpcr, flags), y = unpack(b, n, fpcr, flags);
    if (is_nan_type(x.type) || is_nan_type(y.type))
        return process_nans(&x, &y, n, fpcr, flags);
    if ((x.type == FPT_INF && y.type == FPT_ZERO) || (x.type == FPT_ZERO && y.type == FPT_INF))
        return rsqrt ? fp_pow2(false, 0, n) | (1ull << (frac_bits(n) - 1)) /* 1.5 */
                     : fp_pow2(false, 1, n);                                /* 2.0 */
    if (x.type == FPT_INF || y.type == FPT_INF)
        return fp_infinity(x.sign ^ y.sign, n);
    /* 2 = 1 * 2^1 and 3 = 3 * 2^0; the halving of FRSQRTS is exact, before the rounding. */
    return fused_finite(false, rsqrt ? 0 : 1, rsqrt ? 3 : 1, x.sign ^ y.sign, x.exp, x.sig, y.exp,
                        y.sig, rsqrt ? -1 : 0, n, fpcr, fpcr_rounding(fpcr), flags);
}

uint64_t fp_recip_step(uint64_t a, uint64_t b, unsigned esize, uint32_t fpcr, uint32_t *flags)
{
    return step_fused(a, b, esize, false, fpcr, flags);
}

uint64_t fp_rsqrt_step(uint64_t a, uint64_t b, unsigned esize, uint32_t fpcr, uint32_t *flags)
{
    return step_fused(a, b, esize, true, fpcr, flags);
}

/* ---- FPMax, FPMin, FPMaxNum, FPMinNum ---- */

/* A signed integer that orders non-NaN values as their real values do (zeros all equal). */
static int64_t order_key(const FPUnpacked *u, unsigned n)
{
    if (u->type == FPT_ZERO)
        return 0;
    int64_t mag = (int64_t)(u->bits & ones(n - 1));
    return u->sign ? -mag : mag;
}

static uint64_t max_min(uint64_t a, uint64_t b, unsigned n, bool is_max, uint32_t fpcr,
                        uint32_t *flags)
{
    FPUnpacked x = unpack(a, n, fpcr, flags), y = unpack(b, n, fpcr, flags);
    if (is_nan_type(x.type) || is_nan_type(y.type))
        return process_nans(&x, &y, n, fpcr, flags);
    int64_t kx = order_key(&x, n), ky = order_key(&y, n);
    const FPUnpacked *r = (is_max ? kx > ky : kx < ky) ? &x : &y;
    if (r->type == FPT_ZERO) /* +0 is the larger of the two zeros */
        return fp_zero(is_max ? (x.sign && y.sign) : (x.sign || y.sign), n);
    return r->bits; /* FPRound of an operand (or of an infinity) is the operand */
}

uint64_t fp_max(uint64_t a, uint64_t b, unsigned esize, uint32_t fpcr, uint32_t *flags)
{
    return max_min(a, b, esize, true, fpcr, flags);
}

uint64_t fp_min(uint64_t a, uint64_t b, unsigned esize, uint32_t fpcr, uint32_t *flags)
{
    return max_min(a, b, esize, false, fpcr, flags);
}

/* FPMaxNum/FPMinNum: one quiet NaN is treated as the infinity that loses; signalling NaNs and
 * two quiet NaNs go through FPMax/FPMin's NaN processing. */
static uint64_t max_min_num(uint64_t a, uint64_t b, unsigned n, bool is_max, uint32_t fpcr,
                            uint32_t *flags)
{
    uint32_t ignored = 0; /* FPMax unpacks the operands again and raises IDC then */
    bool qa = unpack(a, n, fpcr, &ignored).type == FPT_QNAN;
    bool qb = unpack(b, n, fpcr, &ignored).type == FPT_QNAN;
    if (qa && !qb)
        a = fp_infinity(is_max, n);
    else if (qb && !qa)
        b = fp_infinity(is_max, n);
    return max_min(a, b, n, is_max, fpcr, flags);
}

uint64_t fp_maxnum(uint64_t a, uint64_t b, unsigned esize, uint32_t fpcr, uint32_t *flags)
{
    return max_min_num(a, b, esize, true, fpcr, flags);
}

uint64_t fp_minnum(uint64_t a, uint64_t b, unsigned esize, uint32_t fpcr, uint32_t *flags)
{
    return max_min_num(a, b, esize, false, fpcr, flags);
}

/* ---- FPCompare, FPCompareEQ, FPCompareGE, FPCompareGT ---- */

unsigned fp_compare(uint64_t a, uint64_t b, unsigned esize, bool signal_nans, uint32_t fpcr,
                    uint32_t *flags)
{
    FPUnpacked x = unpack(a, esize, fpcr, flags), y = unpack(b, esize, fpcr, flags);
    if (is_nan_type(x.type) || is_nan_type(y.type)) {
        if (x.type == FPT_SNAN || y.type == FPT_SNAN || signal_nans)
            *flags |= FPSR_IOC;
        return 0x3;
    }
    int64_t kx = order_key(&x, esize), ky = order_key(&y, esize);
    return kx == ky ? 0x6 : kx < ky ? 0x8 : 0x2;
}

bool fp_compare_eq(uint64_t a, uint64_t b, unsigned esize, uint32_t fpcr, uint32_t *flags)
{
    FPUnpacked x = unpack(a, esize, fpcr, flags), y = unpack(b, esize, fpcr, flags);
    if (is_nan_type(x.type) || is_nan_type(y.type)) {
        if (x.type == FPT_SNAN || y.type == FPT_SNAN)
            *flags |= FPSR_IOC;
        return false;
    }
    return order_key(&x, esize) == order_key(&y, esize);
}

/* FPCompareGE/GT: any NaN is Invalid. */
static int ordered_compare(uint64_t a, uint64_t b, unsigned n, uint32_t fpcr, uint32_t *flags,
                           bool *unordered)
{
    FPUnpacked x = unpack(a, n, fpcr, flags), y = unpack(b, n, fpcr, flags);
    *unordered = is_nan_type(x.type) || is_nan_type(y.type);
    if (*unordered) {
        *flags |= FPSR_IOC;
        return 0;
    }
    int64_t kx = order_key(&x, n), ky = order_key(&y, n);
    return (kx > ky) - (kx < ky);
}

bool fp_compare_ge(uint64_t a, uint64_t b, unsigned esize, uint32_t fpcr, uint32_t *flags)
{
    bool unordered;
    int c = ordered_compare(a, b, esize, fpcr, flags, &unordered);
    return !unordered && c >= 0;
}

bool fp_compare_gt(uint64_t a, uint64_t b, unsigned esize, uint32_t fpcr, uint32_t *flags)
{
    bool unordered;
    int c = ordered_compare(a, b, esize, fpcr, flags, &unordered);
    return !unordered && c > 0;
}

/* ---- FPRoundInt, FPToFixed, FixedToFP ---- */

/* Split the magnitude m * 2^-s into its integer part and a fraction described by rem against
 * half (rem == 0: exact; rem == half: a tie). */
static void split_fraction(uint64_t m, unsigned s, uint64_t *ip, uint64_t *rem, uint64_t *half)
{
    if (s == 0) {
        *ip = m;
        *rem = 0;
        *half = 1;
    } else if (s < 64) {
        *ip = m >> s;
        *rem = m & ones(s);
        *half = 1ull << (s - 1);
    } else { /* m < 2^63 <= 2^(s-1): below one half, nonzero if m is */
        *ip = 0;
        *rem = m != 0;
        *half = 2;
    }
}

/* Whether rounding to an integer increments the magnitude. The pseudocode rounds the signed
 * value (RoundDown, then maybe +1); on the magnitude, +inf and -inf swap for negative values. */
static bool int_round_up(FPRounding rounding, bool sign, uint64_t ip, uint64_t rem, uint64_t half)
{
    switch (rounding) {
    case FPROUND_TIEEVEN:
        return rem > half || (rem == half && (ip & 1));
    case FPROUND_TIEAWAY:
        return rem >= half;
    case FPROUND_POSINF:
        return rem != 0 && !sign;
    case FPROUND_NEGINF:
        return rem != 0 && sign;
    default: /* FPROUND_ZERO (FPROUND_ODD is not allowed here) */
        return false;
    }
}

uint64_t fp_round_int(uint64_t a, unsigned esize, FPRounding rounding, bool exact, uint32_t fpcr,
                      uint32_t *flags)
{
    FPUnpacked x = unpack(a, esize, fpcr, flags);
    if (is_nan_type(x.type))
        return process_nan(&x, esize, fpcr, flags);
    if (x.type != FPT_NONZERO || x.exp >= 0)
        return x.bits; /* infinities, zeros and values that are already integers */
    uint64_t ip, rem, half;
    split_fraction(x.sig, (unsigned)-x.exp, &ip, &rem, &half);
    uint64_t mag = ip + int_round_up(rounding, x.sign, ip, rem, half);
    if (rem != 0 && exact)
        *flags |= FPSR_IXC;
    if (mag == 0)
        return fp_zero(x.sign, esize); /* e.g. -0.25 rounds to -0 */
    uint32_t exact_flags = 0; /* an integer below 2^53 converts exactly */
    return fp_round(x.sign, 0, mag, esize, fpcr, FPROUND_ZERO, &exact_flags);
}

uint64_t fp_to_fixed(uint64_t a, unsigned esize, unsigned fbits, bool is_unsigned, unsigned isize,
                     FPRounding rounding, uint32_t fpcr, uint32_t *flags)
{
    FPUnpacked x = unpack(a, esize, fpcr, flags);
    if (is_nan_type(x.type)) { /* a NaN is Invalid and converts as 0 */
        *flags |= FPSR_IOC;
        return 0;
    }
    if (x.type == FPT_ZERO)
        return 0;
    bool huge = x.type == FPT_INF; /* magnitude at least 2^64 */
    uint64_t mag = 0, rem = 0, half = 1;
    if (!huge) {
        int k = x.exp + (int)fbits; /* value * 2^fbits = sig * 2^k */
        if (k >= 0) {
            if (k >= 64 || (k > 0 && (x.sig >> (64 - k)) != 0))
                huge = true;
            else
                mag = x.sig << k;
        } else {
            uint64_t ip;
            split_fraction(x.sig, (unsigned)-k, &ip, &rem, &half);
            mag = ip + int_round_up(rounding, x.sign, ip, rem, half);
        }
    }
    /* SatQ to isize bits. */
    bool overflow;
    uint64_t result;
    if (is_unsigned) {
        uint64_t max = ones(isize);
        if (x.sign && (huge || mag != 0)) {
            overflow = true;
            result = 0;
        } else if (huge || mag > max) {
            overflow = true;
            result = max;
        } else {
            overflow = false;
            result = mag;
        }
    } else {
        uint64_t max = ones(isize - 1), limit = max + x.sign;
        overflow = huge || mag > limit;
        if (overflow)
            mag = limit;
        result = x.sign ? 0 - mag : mag; /* sign-extended to 64 bits */
    }
    if (overflow)
        *flags |= FPSR_IOC;
    else if (rem != 0)
        *flags |= FPSR_IXC;
    return result;
}

uint64_t fixed_to_fp(uint64_t x, unsigned isize, unsigned fbits, bool is_unsigned, unsigned esize,
                     FPRounding rounding, uint32_t fpcr, uint32_t *flags)
{
    x &= ones(isize);
    bool neg = false;
    if (!is_unsigned && ((x >> (isize - 1)) & 1)) {
        neg = true;
        x = (0 - x) & ones(isize); /* magnitude; -2^(isize-1) gives 2^(isize-1) */
    }
    if (x == 0)
        return fp_zero(false, esize);
    return fp_round(neg, -(int)fbits, x, esize, fpcr, rounding, flags);
}

/* ---- FPConvert ---- */

/* FPConvertNaN: keep the sign and the top payload bits (below the quiet bit), set quiet. */
static uint64_t convert_nan(uint64_t a, unsigned from, unsigned to)
{
    unsigned ff = frac_bits(from), ft = frac_bits(to);
    uint64_t payload51 = (a & ones(ff - 1)) << (52 - ff);
    bool sign = (a >> (from - 1)) & 1;
    return sign_bit(sign, to) | (ones(exp_bits(to)) << ft) | (1ull << (ft - 1)) |
           (payload51 >> (52 - ft));
}

uint64_t fp_convert(uint64_t a, unsigned from_esize, unsigned to_esize, FPRounding rounding,
                    uint32_t fpcr, uint32_t *flags)
{
    FPUnpacked x = unpack_cv(a, from_esize, fpcr, flags);
    bool alt_hp = to_esize == 16 && (fpcr & FPCR_AHP);
    if (is_nan_type(x.type)) {
        uint64_t r;
        if (alt_hp) /* no NaNs in the alternative format: zero, Invalid */
            r = fp_zero(x.sign, to_esize);
        else if (fpcr & FPCR_DN)
            r = fp_default_nan(to_esize);
        else
            r = convert_nan(x.bits, from_esize, to_esize);
        if (x.type == FPT_SNAN || alt_hp)
            *flags |= FPSR_IOC;
        return r;
    }
    if (x.type == FPT_INF) {
        if (alt_hp) { /* no infinities either: the largest value, Invalid */
            *flags |= FPSR_IOC;
            return sign_bit(x.sign, to_esize) | ones(to_esize - 1);
        }
        return fp_infinity(x.sign, to_esize);
    }
    if (x.type == FPT_ZERO)
        return fp_zero(x.sign, to_esize);
    /* FPRoundCV: FZ for single and double results, never FZ16; AHP for half results. */
    return round_u64(x.sign, x.exp, x.sig, to_esize, rounding, to_esize != 16 && (fpcr & FPCR_FZ),
                     alt_hp, flags);
}

/* ---- FPRecipEstimate, FPRSqrtEstimate, FPRecpX, UnsignedRecipEstimate, ... ---- */

/* RecipEstimate: a in [256, 512) is 0.a in units of 1/512; the result, in [256, 512), is the
 * reciprocal in units of 1/256, both rounded to nearest. */
static unsigned recip_estimate(unsigned a)
{
    a = a * 2 + 1;
    unsigned b = (1u << 19) / a;
    return (b + 1) / 2;
}

/* RecipSqrtEstimate for a in [128, 512), index a - 128. Generated from the pseudocode's loop
 * (largest b with a * (b+1)^2 < 2^28, then (b+1) / 2); test_fpu re-derives every entry. */
static const uint16_t rsqrt_table[384] = {
    511, 509, 507, 505, 503, 501, 499, 498, 496, 494, 492, 490, 489, 487, 485, 484,
    482, 480, 479, 477, 475, 474, 472, 471, 469, 468, 466, 465, 463, 462, 460, 459,
    457, 456, 454, 453, 452, 450, 449, 448, 446, 445, 444, 442, 441, 440, 439, 437,
    436, 435, 434, 432, 431, 430, 429, 428, 426, 425, 424, 423, 422, 421, 420, 419,
    418, 416, 415, 414, 413, 412, 411, 410, 409, 408, 407, 406, 405, 404, 403, 402,
    401, 400, 399, 398, 397, 396, 396, 395, 394, 393, 392, 391, 390, 389, 388, 387,
    387, 386, 385, 384, 383, 382, 382, 381, 380, 379, 378, 377, 377, 376, 375, 374,
    374, 373, 372, 371, 370, 370, 369, 368, 367, 367, 366, 365, 365, 364, 363, 362,
    361, 361, 360, 360, 359, 359, 357, 357, 356, 356, 355, 355, 353, 353, 352, 352,
    351, 351, 349, 349, 348, 348, 347, 347, 346, 346, 344, 344, 343, 343, 342, 342,
    341, 341, 340, 340, 338, 338, 337, 337, 336, 336, 335, 335, 334, 334, 333, 333,
    332, 332, 331, 331, 330, 330, 328, 328, 327, 327, 326, 326, 325, 325, 324, 324,
    323, 323, 322, 322, 321, 321, 320, 320, 319, 319, 318, 318, 317, 317, 316, 316,
    316, 316, 315, 315, 314, 314, 313, 313, 312, 312, 311, 311, 310, 310, 309, 309,
    308, 308, 307, 307, 307, 307, 306, 306, 305, 305, 304, 304, 303, 303, 302, 302,
    302, 302, 301, 301, 300, 300, 299, 299, 298, 298, 298, 298, 297, 297, 296, 296,
    295, 295, 294, 294, 294, 294, 293, 293, 292, 292, 291, 291, 291, 291, 290, 290,
    289, 289, 289, 289, 288, 288, 287, 287, 286, 286, 286, 286, 285, 285, 284, 284,
    284, 284, 283, 283, 282, 282, 282, 282, 281, 281, 280, 280, 280, 280, 279, 279,
    278, 278, 278, 278, 277, 277, 276, 276, 276, 276, 275, 275, 275, 275, 274, 274,
    273, 273, 273, 273, 272, 272, 272, 272, 271, 271, 270, 270, 270, 270, 269, 269,
    269, 269, 268, 268, 267, 267, 267, 267, 266, 266, 266, 266, 265, 265, 265, 265,
    264, 264, 264, 264, 263, 263, 262, 262, 262, 262, 261, 261, 261, 261, 260, 260,
    260, 260, 259, 259, 259, 259, 258, 258, 258, 258, 257, 257, 257, 257, 256, 256,
};

static unsigned rsqrt_estimate(unsigned a) { return rsqrt_table[a - 128]; }

/* The exponent of the leading bit of a nonzero finite value: |value| in [2^e, 2^(e+1)). */
static inline int leading_exp(const FPUnpacked *u) { return u->exp + 63 - (int)clz64(u->sig); }

uint64_t fp_recip_estimate(uint64_t a, unsigned esize, uint32_t fpcr, uint32_t *flags)
{
    const unsigned n = esize, f = frac_bits(n), e = exp_bits(n);
    FPUnpacked x = unpack(a, n, fpcr, flags);
    if (is_nan_type(x.type))
        return process_nan(&x, n, fpcr, flags);
    if (x.type == FPT_INF)
        return fp_zero(x.sign, n);
    if (x.type == FPT_ZERO) {
        *flags |= FPSR_DZC;
        return fp_infinity(x.sign, n);
    }
    int lead = leading_exp(&x);
    if (lead < (n == 16 ? -16 : n == 32 ? -128 : -1024)) { /* the reciprocal overflows */
        FPRounding rounding = fpcr_rounding(fpcr);
        bool to_inf = rounding == FPROUND_TIEEVEN || (rounding == FPROUND_POSINF && !x.sign) ||
                      (rounding == FPROUND_NEGINF && x.sign);
        *flags |= FPSR_OFC | FPSR_IXC;
        return to_inf ? fp_infinity(x.sign, n) : fp_max_normal(x.sign, n);
    }
    if (flush_enabled(n, fpcr) && lead >= (n == 16 ? 14 : n == 32 ? 126 : 1022)) {
        *flags |= FPSR_UFC; /* the reciprocal would be denormal: flushed */
        return fp_zero(x.sign, n);
    }
    /* Scale to 0.5 <= x < 1 in steps of 1/512: the fraction as 52 bits, denormals shifted up
     * (only those with one of the top two fraction bits set get here). */
    const uint64_t m52 = ones(52);
    uint64_t fraction = (x.bits & ones(f)) << (52 - f);
    int exp = (int)((x.bits >> f) & ones(e));
    if (exp == 0) {
        if (!((fraction >> 51) & 1)) {
            exp = -1;
            fraction = (fraction << 2) & m52;
        } else {
            fraction = (fraction << 1) & m52;
        }
    }
    unsigned est = recip_estimate(256 | (unsigned)(fraction >> 44));
    int result_exp = (n == 16 ? 29 : n == 32 ? 253 : 2045) - exp;
    fraction = (uint64_t)(est & 0xff) << 44;
    if (result_exp == 0) {
        fraction = (1ull << 51) | (fraction >> 1);
    } else if (result_exp == -1) {
        fraction = (1ull << 50) | (fraction >> 2);
        result_exp = 0;
    }
    return sign_bit(x.sign, n) | ((uint64_t)result_exp << f) | (fraction >> (52 - f));
}

uint64_t fp_rsqrt_estimate(uint64_t a, unsigned esize, uint32_t fpcr, uint32_t *flags)
{
    const unsigned n = esize, f = frac_bits(n), e = exp_bits(n);
    FPUnpacked x = unpack(a, n, fpcr, flags);
    if (is_nan_type(x.type))
        return process_nan(&x, n, fpcr, flags);
    if (x.type == FPT_ZERO) {
        *flags |= FPSR_DZC;
        return fp_infinity(x.sign, n);
    }
    if (x.sign) {
        *flags |= FPSR_IOC;
        return fp_default_nan(n);
    }
    if (x.type == FPT_INF)
        return fp_zero(false, n);
    /* Scale to 0.25 <= x < 1 keeping the exponent's parity; denormals are normalised (the
     * pseudocode's loop is a count of leading zeros). */
    uint64_t fraction = (x.bits & ones(f)) << (52 - f);
    int exp = (int)((x.bits >> f) & ones(e));
    if (exp == 0) {
        unsigned lz = clz64(fraction) - 12; /* leading zeros within the 52-bit field */
        fraction = (fraction << (lz + 1)) & ones(52);
        exp = -(int)lz;
    }
    /* An even exponent gives '1':fraction<51:44> (0.5 <= x < 1), an odd one
     * '01':fraction<51:45> (0.25 <= x < 0.5). */
    unsigned scaled = ((unsigned)exp & 1) ? 128 | (unsigned)(fraction >> 45)
                                          : 256 | (unsigned)(fraction >> 44);
    int result_exp = ((n == 16 ? 44 : n == 32 ? 380 : 3068) - exp) / 2; /* numerator > 0 */
    unsigned est = rsqrt_estimate(scaled);
    return ((uint64_t)result_exp << f) | ((uint64_t)(est & 0xff) << (f - 8));
}

uint64_t fp_recpx(uint64_t a, unsigned esize, uint32_t fpcr, uint32_t *flags)
{
    const unsigned n = esize, f = frac_bits(n), e = exp_bits(n);
    FPUnpacked x = unpack(a, n, fpcr, flags); /* for Input Denormal */
    if (is_nan_type(x.type))
        return process_nan(&x, n, fpcr, flags);
    uint64_t exp = (x.bits >> f) & ones(e);
    uint64_t rexp = exp == 0 ? ones(e) - 1 : ~exp & ones(e); /* zeros and denormals: max_exp */
    return sign_bit(x.sign, n) | (rexp << f);
}

uint32_t unsigned_recip_estimate(uint32_t a)
{
    if (!(a >> 31)) /* operands up to 0x7FFFFFFF give all ones */
        return 0xFFFFFFFFu;
    return (uint32_t)recip_estimate(a >> 23) << 23;
}

uint32_t unsigned_rsqrt_estimate(uint32_t a)
{
    if (!(a >> 30)) /* operands up to 0x3FFFFFFF give all ones */
        return 0xFFFFFFFFu;
    return (uint32_t)rsqrt_estimate(a >> 23) << 23;
}
