/* SPDX-License-Identifier: MIT */
/* Unit tests for the scalar floating-point instructions (cpu/fp_dp.c, cpu/fp_cvt.c): every row
 * of "Data processing -- scalar floating-point" in single, double and half precision, asserting
 * the exact V register bits (and that a scalar write zeroes the rest), X registers, NZCV and
 * FPSR. FZ16 flushes half-precision denormal inputs without raising Input Denormal (FPUnpackBase
 * has no FPProcessException for them), so the FZ16 cases below expect no IDC. Words come from aarch64-linux-gnu-as (-march=armv8.5-a+fp16); the few reserved
 * encodings are an assembled word with one named field changed. */
#include <check.h>
#include <stdint.h>
#include <stdlib.h>

#include "cpu/exception.h"
#include "cpu/fpu.h"
#include "tests/unit/harness.h"

/* FPCR values */
#define RN 0u
#define RP (1u << 22)
#define RM (2u << 22)
#define RZ (3u << 22)
#define FZ FPCR_FZ
#define DN FPCR_DN
#define AHP FPCR_AHP
#define FZ16 FPCR_FZ16

/* FPSR flags */
#define IOC FPSR_IOC
#define DZC FPSR_DZC
#define OFC FPSR_OFC
#define UFC FPSR_UFC
#define IXC FPSR_IXC
#define IDC FPSR_IDC

/* NZCV results of FPCompare, in PSTATE.NZCV's position */
#define CMP_LT 0x80000000u
#define CMP_EQ 0x60000000u
#define CMP_GT 0x20000000u
#define CMP_UN 0x30000000u

/* Bits an instruction must neither read nor keep: above the operand in V, above W in X. */
#define GARBAGE 0xa5a5a5a5a5a5a5a5ULL

/* ---- Values ---- */
/* single */
#define S_0 0x00000000u
#define S_M0 0x80000000u
#define S_0_5 0x3f000000u
#define S_1 0x3f800000u
#define S_M1 0xbf800000u
#define S_1_5 0x3fc00000u
#define S_2 0x40000000u
#define S_M2 0xc0000000u
#define S_2_5 0x40200000u
#define S_M2_5 0xc0200000u
#define S_3 0x40400000u
#define S_M3 0xc0400000u
#define S_4 0x40800000u
#define S_6 0x40c00000u
#define S_7 0x40e00000u
#define S_INF 0x7f800000u
#define S_MINF 0xff800000u
#define S_DNAN 0x7fc00000u   /* FPDefaultNaN */
#define S_QNAN 0x7fc00005u   /* a quiet NaN with a payload */
#define S_SNAN 0x7f800001u   /* a signalling NaN ... */
#define S_SNAN_Q 0x7fc00001u /* ... quietened */
#define S_MAX 0x7f7fffffu
#define S_DENORM 0x00000001u
/* double */
#define D_0 0x0000000000000000ULL
#define D_M0 0x8000000000000000ULL
#define D_0_5 0x3fe0000000000000ULL
#define D_1 0x3ff0000000000000ULL
#define D_M1 0xbff0000000000000ULL
#define D_1_5 0x3ff8000000000000ULL
#define D_2 0x4000000000000000ULL
#define D_M2 0xc000000000000000ULL
#define D_2_5 0x4004000000000000ULL
#define D_M2_5 0xc004000000000000ULL
#define D_3 0x4008000000000000ULL
#define D_M3 0xc008000000000000ULL
#define D_INF 0x7ff0000000000000ULL
#define D_MINF 0xfff0000000000000ULL
#define D_DNAN 0x7ff8000000000000ULL
#define D_QNAN 0x7ff8000000000005ULL
#define D_SNAN 0x7ff0000000000001ULL
#define D_SNAN_Q 0x7ff8000000000001ULL
#define D_MAX 0x7fefffffffffffffULL
#define D_DENORM 0x0000000000000001ULL
/* half */
#define H_0 0x0000u
#define H_M0 0x8000u
#define H_0_5 0x3800u
#define H_1 0x3c00u
#define H_M1 0xbc00u
#define H_1_5 0x3e00u
#define H_2 0x4000u
#define H_M2 0xc000u
#define H_2_5 0x4100u
#define H_M2_5 0xc100u
#define H_3 0x4200u
#define H_M3 0xc200u
#define H_INF 0x7c00u
#define H_MINF 0xfc00u
#define H_DNAN 0x7e00u
#define H_QNAN 0x7e05u
#define H_SNAN 0x7c01u
#define H_SNAN_Q 0x7e01u
#define H_MAX 0x7bffu
#define H_DENORM 0x0001u

/* ---- Helpers ---- */

static uint64_t low_mask(unsigned esize) { return esize == 64 ? ~0ULL : (1ULL << esize) - 1; }

/* V[n] = val in its low esize bits, garbage above. */
static void vput(unsigned n, unsigned esize, uint64_t val)
{
    hc->v[n].d[0] = (GARBAGE & ~low_mask(esize)) | (val & low_mask(esize));
    hc->v[n].d[1] = GARBAGE;
}

#define ck_v(n, lo, hi)                                                                            \
    ck_assert_msg(hc->v[n].d[0] == (uint64_t)(lo) && hc->v[n].d[1] == (uint64_t)(hi),              \
                  "0x%08x: v%d = %016llx:%016llx, expected %016llx:%016llx", word, (n),            \
                  (unsigned long long)hc->v[n].d[1], (unsigned long long)hc->v[n].d[0],            \
                  (unsigned long long)(uint64_t)(hi), (unsigned long long)(uint64_t)(lo))
#define ck_x(n, val)                                                                               \
    ck_assert_msg(hc->x[n] == (uint64_t)(val), "0x%08x: x%d = 0x%016llx, expected 0x%016llx", word, \
                  (n), (unsigned long long)hc->x[n], (unsigned long long)(uint64_t)(val))
#define ck_fpsr(f)                                                                                 \
    ck_assert_msg(hc->sr[SR_FPSR] == (uint64_t)(f), "0x%08x: FPSR = 0x%llx, expected 0x%llx", word, \
                  (unsigned long long)hc->sr[SR_FPSR], (unsigned long long)(f))
#define ck_nzcv(f)                                                                                 \
    ck_assert_msg(hc->ps.nzcv == (uint32_t)(f), "0x%08x: NZCV = 0x%08x, expected 0x%08x", word,     \
                  (unsigned)hc->ps.nzcv, (unsigned)(f))

static void run_word(uint32_t word, uint32_t fpcr)
{
    hc->sr[SR_FPCR] = fpcr;
    hc->sr[SR_FPSR] = 0;
    h_run(&word, 1);
    ck_assert_msg(hc->pc == H_CODE + 4, "0x%08x did not complete (pc 0x%llx)", word,
                  (unsigned long long)hc->pc);
}

/* V0 = op(V1, V2, V3) at esize bits: V1..V3 = a, b, c with garbage above, FPCR = fpcr; expect
 * V0 = r with the rest of the register zero, and FPSR = flags. */
static void fp_op(uint32_t word, unsigned esize, uint32_t fpcr, uint64_t a, uint64_t b, uint64_t c,
                  uint64_t r, uint32_t flags)
{
    vput(0, 64, GARBAGE);
    vput(1, esize, a);
    vput(2, esize, b);
    vput(3, esize, c);
    run_word(word, fpcr);
    ck_v(0, r, 0);
    ck_fpsr(flags);
}
#define fp1(word, es, fpcr, a, r, fl) fp_op(word, es, fpcr, a, 0, 0, r, fl)
#define fp2(word, es, fpcr, a, b, r, fl) fp_op(word, es, fpcr, a, b, 0, r, fl)

/* FCVT: V1 = a at esize `from`; expect V0 = r at `to` (zeroed above). */
static void fp_cvt(uint32_t word, unsigned from, uint32_t fpcr, uint64_t a, uint64_t r, uint32_t flags)
{
    vput(0, 64, GARBAGE);
    vput(1, from, a);
    run_word(word, fpcr);
    ck_v(0, r, 0);
    ck_fpsr(flags);
}

/* Compares: NZCV = nzcv_in before; V1 = a, V2 = b; expect NZCV and FPSR, and V0 untouched. */
static void fp_cmp(uint32_t word, unsigned esize, uint32_t fpcr, uint32_t nzcv_in, uint64_t a, uint64_t b,
                   uint32_t nzcv, uint32_t flags)
{
    hc->v[0].d[0] = hc->v[0].d[1] = GARBAGE;
    vput(1, esize, a);
    vput(2, esize, b);
    hc->ps.nzcv = nzcv_in;
    run_word(word, fpcr);
    ck_nzcv(nzcv);
    ck_fpsr(flags);
    ck_v(0, GARBAGE, GARBAGE);
}

/* FP to integer: V1 = a, X0 = garbage; expect X0 = r (a W result zero-extended). */
static void fp_to_x(uint32_t word, unsigned esize, uint32_t fpcr, uint64_t a, uint64_t r, uint32_t flags)
{
    vput(1, esize, a);
    hc->x[0] = GARBAGE;
    run_word(word, fpcr);
    ck_x(0, r);
    ck_fpsr(flags);
}

/* Integer to FP: X1 = x; expect V0 = r at esize, zeroed above. */
static void x_to_fp(uint32_t word, unsigned esize, uint32_t fpcr, uint64_t x, uint64_t r, uint32_t flags)
{
    (void)esize;
    vput(0, 64, GARBAGE);
    hc->x[1] = x;
    run_word(word, fpcr);
    ck_v(0, r, 0);
    ck_fpsr(flags);
}

/* The word is UNDEFINED: run at EL1 with the FP traps off, it takes EC 0 to EL1's
 * current-EL/SPx vector, returns to itself, and writes nothing. */
static void ck_undefined(uint32_t word)
{
    hc->sr[SR_CPACR_EL1] = 3u << 20;
    h_set_el(1);
    hc->sr[SR_ESR_EL1] = ~0ULL;
    hc->sr[SR_ELR_EL1] = 0;
    hc->x[0] = GARBAGE;
    hc->v[0].d[0] = hc->v[0].d[1] = GARBAGE;
    hc->sr[SR_FPSR] = 0;
    h_run(&word, 1);
    ck_assert_msg(hc->sr[SR_ESR_EL1] >> 26 == EC_UNKNOWN, "0x%08x: ESR_EL1 = 0x%llx", word,
                  (unsigned long long)hc->sr[SR_ESR_EL1]);
    ck_assert_uint_eq(hc->ps.el, 1);
    ck_assert_uint_eq(hc->pc, hc->sr[SR_VBAR_EL1] + V_CUR_SPX);
    ck_assert_uint_eq(hc->sr[SR_ELR_EL1], H_CODE);
    ck_x(0, GARBAGE);
    ck_v(0, GARBAGE, GARBAGE);
    ck_fpsr(0);
}

/* ===================== Floating-point data-processing (1 source) ===================== */

START_TEST(test_FMOV_reg)
{
    /* A bit copy: a signalling NaN stays signalling, nothing is flushed or raised. */
    fp1(0x1e204020, 32, FZ | DN, S_SNAN, S_SNAN, 0);        /* fmov s0, s1 */
    fp1(0x1e204020, 32, FZ, S_DENORM, S_DENORM, 0);         /* fmov s0, s1 */
    fp1(0x1e604020, 64, DN, D_SNAN, D_SNAN, 0);             /* fmov d0, d1 */
    fp1(0x1e604020, 64, 0, 0x0123456789abcdefULL, 0x0123456789abcdefULL, 0); /* fmov d0, d1 */
    fp1(0x1ee04020, 16, FZ16, H_DENORM, H_DENORM, 0);       /* fmov h0, h1 */
    fp1(0x1ee04020, 16, 0, H_SNAN, H_SNAN, 0);              /* fmov h0, h1 */
}
END_TEST

START_TEST(test_FABS_FNEG)
{
    /* Sign bit only, NaNs included: no Invalid for a signalling NaN, no flush of denormals. */
    fp1(0x1e20c020, 32, 0, S_M1, S_1, 0);                   /* fabs s0, s1 */
    fp1(0x1e20c020, 32, DN, S_SNAN | 0x80000000u, S_SNAN, 0); /* fabs s0, s1 */
    fp1(0x1e20c020, 32, FZ, S_M0 | S_DENORM, S_DENORM, 0);  /* fabs s0, s1 */
    fp1(0x1e60c020, 64, 0, D_MINF, D_INF, 0);               /* fabs d0, d1 */
    fp1(0x1ee0c020, 16, FZ16, H_M1, H_1, 0);                /* fabs h0, h1 */
    fp1(0x1ee0c020, 16, 0, 0xfe05, H_QNAN, 0);              /* fabs h0, h1 */

    fp1(0x1e214020, 32, 0, S_1, S_M1, 0);                   /* fneg s0, s1 */
    fp1(0x1e214020, 32, DN, S_SNAN, S_SNAN | 0x80000000u, 0); /* fneg s0, s1 */
    fp1(0x1e214020, 32, 0, S_0, S_M0, 0);                   /* fneg s0, s1 */
    fp1(0x1e614020, 64, FZ, D_DENORM, D_DENORM | D_M0, 0);  /* fneg d0, d1 */
    fp1(0x1e614020, 64, 0, D_M2_5, D_2_5, 0);               /* fneg d0, d1 */
    fp1(0x1ee14020, 16, 0, H_INF, H_MINF, 0);               /* fneg h0, h1 */
    fp1(0x1ee14020, 16, 0, H_SNAN, H_SNAN | 0x8000, 0);     /* fneg h0, h1 */
}
END_TEST

START_TEST(test_FSQRT)
{
    fp1(0x1e21c020, 32, 0, S_4, S_2, 0);                    /* fsqrt s0, s1 */
    fp1(0x1e21c020, 32, 0, S_2, 0x3fb504f3, IXC);           /* fsqrt s0, s1 */
    fp1(0x1e21c020, 32, RZ, S_2, 0x3fb504f3, IXC);          /* fsqrt s0, s1 */
    fp1(0x1e21c020, 32, RP, S_2, 0x3fb504f4, IXC);          /* fsqrt s0, s1 */
    fp1(0x1e21c020, 32, 0, S_M1, S_DNAN, IOC);              /* fsqrt s0, s1 */
    fp1(0x1e21c020, 32, 0, S_M0, S_M0, 0);                  /* fsqrt s0, s1: sqrt(-0) = -0 */
    fp1(0x1e21c020, 32, 0, S_INF, S_INF, 0);                /* fsqrt s0, s1 */
    fp1(0x1e21c020, 32, 0, S_SNAN, S_SNAN_Q, IOC);          /* fsqrt s0, s1 */
    fp1(0x1e21c020, 32, DN, S_QNAN, S_DNAN, 0);             /* fsqrt s0, s1 */
    fp1(0x1e21c020, 32, FZ, S_DENORM, S_0, IDC);            /* fsqrt s0, s1 */
    fp1(0x1e61c020, 64, 0, D_2, 0x3ff6a09e667f3bcdULL, IXC);  /* fsqrt d0, d1 */
    fp1(0x1e61c020, 64, 0, D_MINF, D_DNAN, IOC);            /* fsqrt d0, d1 */
    fp1(0x1ee1c020, 16, 0, H_2, 0x3da8, IXC);               /* fsqrt h0, h1 */
    fp1(0x1ee1c020, 16, 0, H_M1, H_DNAN, IOC);              /* fsqrt h0, h1 */
    fp1(0x1ee1c020, 16, FZ16, H_DENORM, H_0, 0);            /* fsqrt h0, h1: FZ16 flushes, no IDC */
    fp1(0x1ee1c020, 16, FZ, 0x0004, 0x1000, 0);             /* fsqrt h0, h1: FZ is not FZ16 */
}
END_TEST

START_TEST(test_FCVT)
{
    /* single -> double */
    fp_cvt(0x1e22c020, 32, 0, S_1_5, D_1_5, 0);                  /* fcvt d0, s1 */
    fp_cvt(0x1e22c020, 32, 0, S_SNAN, 0x7ff8000020000000ULL, IOC); /* fcvt d0, s1 */
    fp_cvt(0x1e22c020, 32, DN, S_SNAN, D_DNAN, IOC);             /* fcvt d0, s1 */
    fp_cvt(0x1e22c020, 32, 0, S_DENORM, 0x36a0000000000000ULL, 0); /* fcvt d0, s1 */
    fp_cvt(0x1e22c020, 32, FZ, S_DENORM, D_0, IDC);              /* fcvt d0, s1 */
    /* double -> single, every rounding mode */
    fp_cvt(0x1e624020, 64, RN, 0x3fd5555555555555ULL, 0x3eaaaaab, IXC); /* fcvt s0, d1 */
    fp_cvt(0x1e624020, 64, RP, 0x3fd5555555555555ULL, 0x3eaaaaab, IXC); /* fcvt s0, d1 */
    fp_cvt(0x1e624020, 64, RM, 0x3fd5555555555555ULL, 0x3eaaaaaa, IXC); /* fcvt s0, d1 */
    fp_cvt(0x1e624020, 64, RZ, 0x3fd5555555555555ULL, 0x3eaaaaaa, IXC); /* fcvt s0, d1 */
    fp_cvt(0x1e624020, 64, RN, 0x7e37e43c8800759cULL, S_INF, OFC | IXC); /* fcvt s0, d1: 1e300 */
    fp_cvt(0x1e624020, 64, RZ, 0x7e37e43c8800759cULL, S_MAX, OFC | IXC); /* fcvt s0, d1 */
    fp_cvt(0x1e624020, 64, 0, D_QNAN, S_DNAN, 0);                /* fcvt s0, d1: payload's top bits are 0 */
    fp_cvt(0x1e624020, 64, 0, 0x3000000000000000ULL, S_0, UFC | IXC); /* fcvt s0, d1: 2^-255 */
    fp_cvt(0x1e624020, 64, FZ, 0x3800000000000000ULL, S_0, UFC); /* fcvt s0, d1: 2^-127 flushed */
    /* single <-> half */
    fp_cvt(0x1e23c020, 32, 0, S_1_5, H_1_5, 0);                  /* fcvt h0, s1 */
    fp_cvt(0x1e23c020, 32, 0, 0x477ff000, H_INF, OFC | IXC);     /* fcvt h0, s1: 65520 */
    fp_cvt(0x1e23c020, 32, RZ, 0x477ff000, H_MAX, IXC);          /* fcvt h0, s1: rounds to max, no overflow */
    fp_cvt(0x1e23c020, 32, RZ, 0x47800000, H_MAX, OFC | IXC);    /* fcvt h0, s1: 65536 */
    fp_cvt(0x1e23c020, 32, 0, S_SNAN, H_DNAN, IOC);              /* fcvt h0, s1 */
    fp_cvt(0x1e23c020, 32, AHP, 0x477ff000, 0x7c00, IXC);        /* fcvt h0, s1: AHP has 65536 */
    fp_cvt(0x1e23c020, 32, AHP, 0x49742400, 0x7fff, IOC);        /* fcvt h0, s1: 1e6 saturates */
    fp_cvt(0x1e23c020, 32, AHP, S_QNAN | 0x80000000u, H_M0, IOC); /* fcvt h0, s1: NaN -> zero */
    fp_cvt(0x1ee24020, 16, 0, H_1_5, S_1_5, 0);                  /* fcvt s0, h1 */
    fp_cvt(0x1ee24020, 16, 0, H_SNAN, 0x7fc02000, IOC);          /* fcvt s0, h1 */
    fp_cvt(0x1ee24020, 16, FZ | FZ16, H_DENORM, 0x33800000, 0);  /* fcvt s0, h1: no flush */
    fp_cvt(0x1ee24020, 16, AHP, H_INF, 0x47800000, 0);           /* fcvt s0, h1: AHP 65536 */
    /* double <-> half */
    fp_cvt(0x1e63c020, 64, RN, 0x3fd5555555555555ULL, 0x3555, IXC); /* fcvt h0, d1 */
    fp_cvt(0x1e63c020, 64, RP, 0x3fd5555555555555ULL, 0x3556, IXC); /* fcvt h0, d1 */
    fp_cvt(0x1e63c020, 64, 0, 0x7ff8040000000000ULL, 0x7e01, 0); /* fcvt h0, d1: payload kept */
    fp_cvt(0x1ee2c020, 16, 0, H_MINF, D_MINF, 0);                /* fcvt d0, h1 */
    fp_cvt(0x1ee2c020, 16, 0, H_DENORM | H_M0, 0xbe70000000000000ULL, 0); /* fcvt d0, h1 */
}
END_TEST

/* FRINT<r> of 2.5 and -2.5 in every precision; FRINTX and FRINTI in every FPCR mode. */
typedef struct {
    uint32_t word_s, word_d, word_h;
    uint64_t pos[3], neg[3]; /* results for +2.5 and -2.5: single, double, half */
} FrintCase;

static void frint_case(const FrintCase *fc, uint32_t fpcr, uint32_t flags)
{
    fp1(fc->word_s, 32, fpcr, S_2_5, fc->pos[0], flags);
    fp1(fc->word_s, 32, fpcr, S_M2_5, fc->neg[0], flags);
    fp1(fc->word_d, 64, fpcr, D_2_5, fc->pos[1], flags);
    fp1(fc->word_d, 64, fpcr, D_M2_5, fc->neg[1], flags);
    fp1(fc->word_h, 16, fpcr, H_2_5, fc->pos[2], flags);
    fp1(fc->word_h, 16, fpcr, H_M2_5, fc->neg[2], flags);
}

#define TWO {S_2, D_2, H_2}
#define THREE {S_3, D_3, H_3}
#define MTWO {S_M2, D_M2, H_M2}
#define MTHREE {S_M3, D_M3, H_M3}

START_TEST(test_FRINT)
{
    /* The named modes ignore FPCR.RMode (set to RP here) and never raise Inexact. */
    const FrintCase n = {0x1e244020, 0x1e644020, 0x1ee44020, TWO, MTWO};    /* frintn s0/d0/h0 */
    const FrintCase p = {0x1e24c020, 0x1e64c020, 0x1ee4c020, THREE, MTWO};  /* frintp */
    const FrintCase m = {0x1e254020, 0x1e654020, 0x1ee54020, TWO, MTHREE};  /* frintm */
    const FrintCase z = {0x1e25c020, 0x1e65c020, 0x1ee5c020, TWO, MTWO};    /* frintz */
    const FrintCase a = {0x1e264020, 0x1e664020, 0x1ee64020, THREE, MTHREE}; /* frinta */
    frint_case(&n, RP, 0);
    frint_case(&p, RM, 0);
    frint_case(&m, RP, 0);
    frint_case(&z, RN, 0);
    frint_case(&a, RZ, 0);

    /* FRINTX (Inexact) and FRINTI (no Inexact) round as FPCR says. */
    const FrintCase xn = {0x1e274020, 0x1e674020, 0x1ee74020, TWO, MTWO};     /* frintx */
    const FrintCase xp = {0x1e274020, 0x1e674020, 0x1ee74020, THREE, MTWO};
    const FrintCase xm = {0x1e274020, 0x1e674020, 0x1ee74020, TWO, MTHREE};
    const FrintCase in = {0x1e27c020, 0x1e67c020, 0x1ee7c020, TWO, MTWO};     /* frinti */
    const FrintCase ip = {0x1e27c020, 0x1e67c020, 0x1ee7c020, THREE, MTWO};
    const FrintCase im = {0x1e27c020, 0x1e67c020, 0x1ee7c020, TWO, MTHREE};
    frint_case(&xn, RN, IXC);
    frint_case(&xp, RP, IXC);
    frint_case(&xm, RM, IXC);
    frint_case(&xn, RZ, IXC);
    frint_case(&in, RN, 0);
    frint_case(&ip, RP, 0);
    frint_case(&im, RM, 0);
    frint_case(&in, RZ, 0);

    fp1(0x1e274020, 32, 0, S_3, S_3, 0);                    /* frintx s0, s1: exact, no Inexact */
    fp1(0x1e244020, 32, 0, 0xbecccccd, S_M0, 0);            /* frintn s0, s1: -0.4 -> -0 */
    fp1(0x1e25c020, 32, 0, S_SNAN, S_SNAN_Q, IOC);          /* frintz s0, s1 */
    fp1(0x1e25c020, 32, DN, S_QNAN, S_DNAN, 0);             /* frintz s0, s1 */
    fp1(0x1e264020, 32, 0, S_MINF, S_MINF, 0);              /* frinta s0, s1 */
    fp1(0x1e24c020, 32, FZ, S_DENORM, S_0, IDC);            /* frintp s0, s1: flushed first */
    fp1(0x1e24c020, 32, 0, S_DENORM, S_1, 0);               /* frintp s0, s1 */
    fp1(0x1e674020, 64, 0, 0x4330000000000001ULL, 0x4330000000000001ULL, 0); /* frintx d0, d1: 2^52+1 */
    fp1(0x1ee54020, 16, FZ16, H_DENORM | H_M0, H_M0, 0);    /* frintm h0, h1 */
    fp1(0x1ee54020, 16, 0, H_DENORM | H_M0, H_M1, 0);       /* frintm h0, h1 */
}
END_TEST

/* ======================== Floating-point compare ======================== */

START_TEST(test_FCMP)
{
    fp_cmp(0x1e222020, 32, 0, 0, S_1, S_2, CMP_LT, 0);      /* fcmp s1, s2 */
    fp_cmp(0x1e222020, 32, 0, 0, S_2, S_2, CMP_EQ, 0);      /* fcmp s1, s2 */
    fp_cmp(0x1e222020, 32, 0, 0, S_3, S_2, CMP_GT, 0);      /* fcmp s1, s2 */
    fp_cmp(0x1e222020, 32, 0, 0, S_M0, S_0, CMP_EQ, 0);     /* fcmp s1, s2 */
    fp_cmp(0x1e222020, 32, 0, 0, S_QNAN, S_2, CMP_UN, 0);   /* fcmp s1, s2: quiet, no Invalid */
    fp_cmp(0x1e222020, 32, 0, 0, S_1, S_SNAN, CMP_UN, IOC); /* fcmp s1, s2 */
    fp_cmp(0x1e222020, 32, FZ, 0, S_DENORM, S_0, CMP_EQ, IDC); /* fcmp s1, s2 */
    fp_cmp(0x1e222020, 32, 0, 0, S_DENORM, S_0, CMP_GT, 0); /* fcmp s1, s2 */
    fp_cmp(0x1e622020, 64, 0, 0, D_MINF, D_M1, CMP_LT, 0);  /* fcmp d1, d2 */
    fp_cmp(0x1e622020, 64, 0, 0, D_INF, D_INF, CMP_EQ, 0);  /* fcmp d1, d2 */
    fp_cmp(0x1e622020, 64, 0, 0, D_QNAN, D_QNAN, CMP_UN, 0); /* fcmp d1, d2 */
    fp_cmp(0x1ee22020, 16, 0, 0, H_2, H_1, CMP_GT, 0);      /* fcmp h1, h2 */
    fp_cmp(0x1ee22020, 16, 0, 0, H_SNAN, H_1, CMP_UN, IOC); /* fcmp h1, h2 */
    fp_cmp(0x1ee22020, 16, FZ16, 0, H_DENORM, H_0, CMP_EQ, 0); /* fcmp h1, h2: FZ16, no IDC */
    /* with zero: V2 holds garbage the compare must not read */
    fp_cmp(0x1e202028, 32, 0, 0, S_M0, S_1, CMP_EQ, 0);     /* fcmp s1, #0.0 */
    fp_cmp(0x1e202028, 32, 0, 0, S_M1, S_1, CMP_LT, 0);     /* fcmp s1, #0.0 */
    fp_cmp(0x1e602028, 64, 0, 0, D_DENORM, D_M1, CMP_GT, 0); /* fcmp d1, #0.0 */
    fp_cmp(0x1e602028, 64, 0, 0, D_QNAN, D_1, CMP_UN, 0);   /* fcmp d1, #0.0 */
    fp_cmp(0x1ee02028, 16, 0, 0, H_MINF, H_1, CMP_LT, 0);   /* fcmp h1, #0.0 */
    fp_cmp(0x1ee02028, 16, 0, 0, H_SNAN, H_1, CMP_UN, IOC); /* fcmp h1, #0.0 */
}
END_TEST

START_TEST(test_FCMPE)
{
    /* Invalid for any NaN, quiet ones too. */
    fp_cmp(0x1e222030, 32, 0, 0, S_QNAN, S_2, CMP_UN, IOC); /* fcmpe s1, s2 */
    fp_cmp(0x1e222030, 32, 0, 0, S_1, S_2, CMP_LT, 0);      /* fcmpe s1, s2 */
    fp_cmp(0x1e622030, 64, 0, 0, D_2, D_QNAN, CMP_UN, IOC); /* fcmpe d1, d2 */
    fp_cmp(0x1e622030, 64, 0, 0, D_2, D_2, CMP_EQ, 0);      /* fcmpe d1, d2 */
    fp_cmp(0x1ee22030, 16, 0, 0, H_QNAN, H_QNAN, CMP_UN, IOC); /* fcmpe h1, h2 */
    fp_cmp(0x1ee22030, 16, 0, 0, H_M1, H_M2, CMP_GT, 0);    /* fcmpe h1, h2 */
    fp_cmp(0x1e202038, 32, 0, 0, S_DNAN, S_1, CMP_UN, IOC); /* fcmpe s1, #0.0 */
    fp_cmp(0x1e202038, 32, 0, 0, S_1, S_1, CMP_GT, 0);      /* fcmpe s1, #0.0 */
    fp_cmp(0x1e602038, 64, 0, 0, D_M0, D_1, CMP_EQ, 0);     /* fcmpe d1, #0.0 */
    fp_cmp(0x1ee02038, 16, 0, 0, H_QNAN, H_1, CMP_UN, IOC); /* fcmpe h1, #0.0 */
    fp_cmp(0x1ee02038, 16, 0, 0, H_M1, H_1, CMP_LT, 0);     /* fcmpe h1, #0.0 */
}
END_TEST

/* ======================== Floating-point immediate ======================== */

START_TEST(test_FMOV_scalar_imm)
{
    fp1(0x1e2e1000, 32, 0, 0, S_1, 0);                      /* fmov s0, #1.0 */
    fp1(0x1e27f000, 32, 0, 0, 0x41f80000, 0);               /* fmov s0, #31.0 */
    fp1(0x1e709000, 64, 0, 0, D_M2_5, 0);                   /* fmov d0, #-2.5 */
    fp1(0x1ee81000, 16, 0, 0, 0x3000, 0);                   /* fmov h0, #0.125 */
}
END_TEST

/* ===================== Floating-point conditional compare ===================== */

START_TEST(test_FCCMP)
{
    /* Condition true: the compare's flags. False: the immediate, and no exception even for a
     * signalling NaN. */
    fp_cmp(0x1e22042f, 32, 0, FLAG_Z, S_1, S_2, CMP_LT, 0);         /* fccmp s1, s2, #0xf, eq */
    fp_cmp(0x1e22042f, 32, 0, FLAG_Z, S_1, S_SNAN, CMP_UN, IOC);    /* fccmp s1, s2, #0xf, eq */
    fp_cmp(0x1e22042f, 32, 0, FLAG_Z, S_QNAN, S_1, CMP_UN, 0);      /* fccmp s1, s2, #0xf, eq */
    fp_cmp(0x1e22042f, 32, 0, 0, S_SNAN, S_2, 0xf0000000u, 0);      /* fccmp s1, s2, #0xf, eq */
    fp_cmp(0x1e621425, 64, 0, 0, D_2, D_2, CMP_EQ, 0);              /* fccmp d1, d2, #0x5, ne */
    fp_cmp(0x1e621425, 64, 0, FLAG_Z, D_1, D_2, 0x50000000u, 0);    /* fccmp d1, d2, #0x5, ne */
    fp_cmp(0x1ee2a429, 16, 0, FLAG_N | FLAG_V, H_2, H_1, CMP_GT, 0); /* fccmp h1, h2, #0x9, ge */
    fp_cmp(0x1ee2a429, 16, 0, FLAG_N, H_SNAN, H_1, 0x90000000u, 0); /* fccmp h1, h2, #0x9, ge */
}
END_TEST

START_TEST(test_FCCMPE)
{
    fp_cmp(0x1e22043f, 32, 0, FLAG_Z, S_QNAN, S_1, CMP_UN, IOC);    /* fccmpe s1, s2, #0xf, eq */
    fp_cmp(0x1e22043f, 32, 0, FLAG_Z, S_2, S_1, CMP_GT, 0);         /* fccmpe s1, s2, #0xf, eq */
    fp_cmp(0x1e620430, 64, 0, 0, D_QNAN, D_1, 0, 0);                /* fccmpe d1, d2, #0x0, eq */
    fp_cmp(0x1e620430, 64, 0, FLAG_Z | FLAG_C, D_1, D_QNAN, CMP_UN, IOC); /* fccmpe d1, d2, #0x0, eq */
    fp_cmp(0x1ee2b434, 16, 0, FLAG_N, H_1, H_2, CMP_LT, 0);         /* fccmpe h1, h2, #0x4, lt */
    fp_cmp(0x1ee2b434, 16, 0, FLAG_N, H_QNAN, H_2, CMP_UN, IOC);    /* fccmpe h1, h2, #0x4, lt */
    fp_cmp(0x1ee2b434, 16, 0, FLAG_N | FLAG_V, H_QNAN, H_2, 0x40000000u, 0); /* fccmpe ... lt false */
}
END_TEST

/* ===================== Floating-point data-processing (2 source) ===================== */

START_TEST(test_FMUL)
{
    fp2(0x1e220820, 32, 0, S_1_5, S_2, S_3, 0);             /* fmul s0, s1, s2 */
    fp2(0x1e220820, 32, 0, S_MAX, S_2, S_INF, OFC | IXC);   /* fmul s0, s1, s2 */
    fp2(0x1e220820, 32, RZ, S_MAX, S_2, S_MAX, OFC | IXC);  /* fmul s0, s1, s2 */
    fp2(0x1e220820, 32, RM, S_MAX, S_2, S_MAX, OFC | IXC);  /* fmul s0, s1, s2 */
    fp2(0x1e220820, 32, RM, S_MAX | S_M0, S_2, S_MINF, OFC | IXC); /* fmul s0, s1, s2 */
    fp2(0x1e220820, 32, 0, 0x0d800000, 0x0d800000, S_0, UFC | IXC); /* fmul s0, s1, s2: 2^-200 */
    fp2(0x1e220820, 32, RP, 0x0d800000, 0x0d800000, S_DENORM, UFC | IXC); /* fmul s0, s1, s2 */
    fp2(0x1e220820, 32, 0, S_INF, S_M0, S_DNAN, IOC);       /* fmul s0, s1, s2 */
    fp2(0x1e220820, 32, 0, S_DENORM, S_4, 0x00000004, 0);   /* fmul s0, s1, s2 */
    fp2(0x1e220820, 32, FZ, S_DENORM, S_4, S_0, IDC);       /* fmul s0, s1, s2 */
    fp2(0x1e220820, 32, FZ, 0x00800000, S_0_5, S_0, UFC);   /* fmul s0, s1, s2: output flushed */
    fp2(0x1e620820, 64, 0, D_1_5, D_2, D_3, 0);             /* fmul d0, d1, d2 */
    fp2(0x1e620820, 64, 0, D_M0, D_3, D_M0, 0);             /* fmul d0, d1, d2 */
    fp2(0x1e620820, 64, 0, D_SNAN, D_QNAN, D_SNAN_Q, IOC);  /* fmul d0, d1, d2: SNaN first */
    fp2(0x1e620820, 64, 0, D_QNAN, D_SNAN, D_SNAN_Q, IOC);  /* fmul d0, d1, d2 */
    fp2(0x1ee20820, 16, 0, H_1_5, H_2, H_3, 0);             /* fmul h0, h1, h2 */
    fp2(0x1ee20820, 16, 0, H_MAX, H_2, H_INF, OFC | IXC);   /* fmul h0, h1, h2 */
    fp2(0x1ee20820, 16, 0, H_DENORM, H_1, H_DENORM, 0);     /* fmul h0, h1, h2 */
    fp2(0x1ee20820, 16, FZ, H_DENORM, H_1, H_DENORM, 0);    /* fmul h0, h1, h2: FZ is not FZ16 */
    fp2(0x1ee20820, 16, FZ16, H_DENORM, H_1, H_0, 0);       /* fmul h0, h1, h2: no IDC for half */
}
END_TEST

START_TEST(test_FDIV)
{
    fp2(0x1e221820, 32, 0, S_3, S_2, S_1_5, 0);             /* fdiv s0, s1, s2 */
    fp2(0x1e221820, 32, 0, S_1, S_3, 0x3eaaaaab, IXC);      /* fdiv s0, s1, s2 */
    fp2(0x1e221820, 32, RZ, S_1, S_3, 0x3eaaaaaa, IXC);     /* fdiv s0, s1, s2 */
    fp2(0x1e221820, 32, 0, S_1, S_0, S_INF, DZC);           /* fdiv s0, s1, s2 */
    fp2(0x1e221820, 32, 0, S_M1, S_0, S_MINF, DZC);         /* fdiv s0, s1, s2 */
    fp2(0x1e221820, 32, 0, S_0, S_0, S_DNAN, IOC);          /* fdiv s0, s1, s2 */
    fp2(0x1e221820, 32, FZ, S_1, S_DENORM, S_INF, DZC | IDC); /* fdiv s0, s1, s2 */
    fp2(0x1e621820, 64, 0, D_1, D_3, 0x3fd5555555555555ULL, IXC); /* fdiv d0, d1, d2 */
    fp2(0x1e621820, 64, 0, D_INF, D_INF, D_DNAN, IOC);      /* fdiv d0, d1, d2 */
    fp2(0x1ee21820, 16, 0, H_1, H_3, 0x3555, IXC);          /* fdiv h0, h1, h2 */
    fp2(0x1ee21820, 16, 0, H_M1, H_0, H_MINF, DZC);         /* fdiv h0, h1, h2 */
}
END_TEST

START_TEST(test_FADD)
{
    fp2(0x1e222820, 32, 0, S_1, S_2, S_3, 0);               /* fadd s0, s1, s2 */
    /* 1 + 2^-24 is a tie: every rounding mode */
    fp2(0x1e222820, 32, RN, S_1, 0x33800000, S_1, IXC);      /* fadd s0, s1, s2 */
    fp2(0x1e222820, 32, RP, S_1, 0x33800000, 0x3f800001, IXC); /* fadd s0, s1, s2 */
    fp2(0x1e222820, 32, RM, S_1, 0x33800000, S_1, IXC);      /* fadd s0, s1, s2 */
    fp2(0x1e222820, 32, RZ, S_1, 0x33800000, S_1, IXC);      /* fadd s0, s1, s2 */
    fp2(0x1e222820, 32, RM, S_M1, 0xb3800000, 0xbf800001, IXC); /* fadd s0, s1, s2 */
    fp2(0x1e222820, 32, RN, S_1, 0x33c00000, 0x3f800001, IXC); /* fadd s0, s1, s2: above the tie */
    /* signed zeros */
    fp2(0x1e222820, 32, RN, S_1, S_M1, S_0, 0);             /* fadd s0, s1, s2 */
    fp2(0x1e222820, 32, RM, S_1, S_M1, S_M0, 0);            /* fadd s0, s1, s2 */
    fp2(0x1e222820, 32, RN, S_M0, S_M0, S_M0, 0);           /* fadd s0, s1, s2 */
    /* NaNs: signalling first, then the first operand; DN gives the default NaN */
    fp2(0x1e222820, 32, 0, S_INF, S_MINF, S_DNAN, IOC);     /* fadd s0, s1, s2 */
    fp2(0x1e222820, 32, 0, S_SNAN, S_1, S_SNAN_Q, IOC);     /* fadd s0, s1, s2 */
    fp2(0x1e222820, 32, 0, S_QNAN, S_1, S_QNAN, 0);         /* fadd s0, s1, s2 */
    fp2(0x1e222820, 32, 0, S_QNAN, S_SNAN, S_SNAN_Q, IOC);  /* fadd s0, s1, s2 */
    fp2(0x1e222820, 32, 0, S_1, 0xffc00007, 0xffc00007, 0); /* fadd s0, s1, s2 */
    fp2(0x1e222820, 32, DN, S_QNAN, S_1, S_DNAN, 0);        /* fadd s0, s1, s2 */
    fp2(0x1e222820, 32, DN, S_SNAN, S_1, S_DNAN, IOC);      /* fadd s0, s1, s2 */
    /* denormals: kept without FZ, flushed (Input Denormal) with it */
    fp2(0x1e222820, 32, 0, S_DENORM, S_DENORM, 0x00000002, 0); /* fadd s0, s1, s2 */
    fp2(0x1e222820, 32, FZ, S_DENORM, S_1, S_1, IDC);       /* fadd s0, s1, s2 */
    fp2(0x1e222820, 32, FZ, S_DENORM, S_0, S_0, IDC);       /* fadd s0, s1, s2 */
    fp2(0x1e622820, 64, 0, D_1, D_2, D_3, 0);               /* fadd d0, d1, d2 */
    fp2(0x1e622820, 64, RN, D_1, 0x3ca0000000000000ULL, D_1, IXC); /* fadd d0, d1, d2: 1 + 2^-53 */
    fp2(0x1e622820, 64, RP, D_1, 0x3ca0000000000000ULL, 0x3ff0000000000001ULL, IXC); /* fadd d0, d1, d2 */
    fp2(0x1e622820, 64, 0, D_MAX, D_MAX, D_INF, OFC | IXC); /* fadd d0, d1, d2 */
    fp2(0x1e622820, 64, FZ, D_DENORM, D_DENORM, D_0, IDC);  /* fadd d0, d1, d2 */
    fp2(0x1e622820, 64, DN, D_SNAN, D_1, D_DNAN, IOC);      /* fadd d0, d1, d2 */
    fp2(0x1ee22820, 16, 0, H_1, H_2, H_3, 0);               /* fadd h0, h1, h2 */
    fp2(0x1ee22820, 16, RN, H_1, 0x1000, H_1, IXC);         /* fadd h0, h1, h2: 1 + 2^-11 */
    fp2(0x1ee22820, 16, RP, H_1, 0x1000, 0x3c01, IXC);      /* fadd h0, h1, h2 */
    fp2(0x1ee22820, 16, 0, H_MAX, H_MAX, H_INF, OFC | IXC); /* fadd h0, h1, h2 */
    fp2(0x1ee22820, 16, 0, H_SNAN, H_1, H_SNAN_Q, IOC);     /* fadd h0, h1, h2 */
    fp2(0x1ee22820, 16, DN, H_QNAN, H_1, H_DNAN, 0);        /* fadd h0, h1, h2 */
    fp2(0x1ee22820, 16, FZ16, H_DENORM, H_DENORM, H_0, 0);  /* fadd h0, h1, h2 */
    fp2(0x1ee22820, 16, 0, H_DENORM, H_DENORM, 0x0002, 0);  /* fadd h0, h1, h2 */
}
END_TEST

START_TEST(test_FSUB)
{
    fp2(0x1e223820, 32, 0, S_3, S_1, S_2, 0);               /* fsub s0, s1, s2 */
    fp2(0x1e223820, 32, RN, S_1, S_1, S_0, 0);              /* fsub s0, s1, s2 */
    fp2(0x1e223820, 32, RM, S_1, S_1, S_M0, 0);             /* fsub s0, s1, s2 */
    fp2(0x1e223820, 32, 0, S_INF, S_INF, S_DNAN, IOC);      /* fsub s0, s1, s2 */
    fp2(0x1e623820, 64, 0, D_1, D_3, D_M2, 0);              /* fsub d0, d1, d2 */
    fp2(0x1e623820, 64, 0, D_1, D_QNAN, D_QNAN, 0);         /* fsub d0, d1, d2 */
    fp2(0x1ee23820, 16, 0, H_1, H_3, H_M2, 0);              /* fsub h0, h1, h2 */
    fp2(0x1ee23820, 16, RM, H_2, H_2, H_M0, 0);             /* fsub h0, h1, h2 */
}
END_TEST

START_TEST(test_FMAX_FMIN)
{
    fp2(0x1e224820, 32, 0, S_1, S_2, S_2, 0);               /* fmax s0, s1, s2 */
    fp2(0x1e224820, 32, 0, S_M0, S_0, S_0, 0);              /* fmax s0, s1, s2 */
    fp2(0x1e224820, 32, 0, S_0, S_M0, S_0, 0);              /* fmax s0, s1, s2 */
    fp2(0x1e224820, 32, 0, S_QNAN, S_1, S_QNAN, 0);         /* fmax s0, s1, s2: NaN wins */
    fp2(0x1e224820, 32, DN, S_1, S_QNAN, S_DNAN, 0);        /* fmax s0, s1, s2 */
    fp2(0x1e624820, 64, 0, D_SNAN, D_1, D_SNAN_Q, IOC);     /* fmax d0, d1, d2 */
    fp2(0x1e624820, 64, 0, D_MINF, D_M1, D_M1, 0);          /* fmax d0, d1, d2 */
    fp2(0x1ee24820, 16, 0, H_1, H_2, H_2, 0);               /* fmax h0, h1, h2 */
    fp2(0x1ee24820, 16, FZ16, H_DENORM, H_M0, H_0, 0);      /* fmax h0, h1, h2 */

    fp2(0x1e225820, 32, 0, S_1, S_2, S_1, 0);               /* fmin s0, s1, s2 */
    fp2(0x1e225820, 32, 0, S_0, S_M0, S_M0, 0);             /* fmin s0, s1, s2 */
    fp2(0x1e225820, 32, 0, S_1, S_SNAN, S_SNAN_Q, IOC);     /* fmin s0, s1, s2 */
    fp2(0x1e625820, 64, 0, D_INF, D_2, D_2, 0);             /* fmin d0, d1, d2 */
    fp2(0x1e625820, 64, 0, D_QNAN, D_2, D_QNAN, 0);         /* fmin d0, d1, d2 */
    fp2(0x1ee25820, 16, 0, H_M1, H_2, H_M1, 0);             /* fmin h0, h1, h2 */
    fp2(0x1ee25820, 16, 0, H_QNAN, H_2, H_QNAN, 0);         /* fmin h0, h1, h2 */
}
END_TEST

START_TEST(test_FMAXNM_FMINNM)
{
    /* A quiet NaN against a number gives the number; a signalling NaN still propagates. */
    fp2(0x1e226820, 32, 0, S_QNAN, S_1, S_1, 0);            /* fmaxnm s0, s1, s2 */
    fp2(0x1e226820, 32, 0, S_1, S_QNAN, S_1, 0);            /* fmaxnm s0, s1, s2 */
    fp2(0x1e226820, 32, 0, S_SNAN, S_1, S_SNAN_Q, IOC);     /* fmaxnm s0, s1, s2 */
    fp2(0x1e226820, 32, 0, S_QNAN, 0x7fc00009, S_QNAN, 0);  /* fmaxnm s0, s1, s2 */
    fp2(0x1e226820, 32, 0, S_M0, S_0, S_0, 0);              /* fmaxnm s0, s1, s2 */
    fp2(0x1e626820, 64, 0, D_QNAN, D_MINF, D_MINF, 0);      /* fmaxnm d0, d1, d2 */
    fp2(0x1e626820, 64, 0, D_1, D_2, D_2, 0);               /* fmaxnm d0, d1, d2 */
    fp2(0x1ee26820, 16, 0, H_QNAN, H_M1, H_M1, 0);          /* fmaxnm h0, h1, h2 */

    fp2(0x1e227820, 32, 0, S_1, S_QNAN, S_1, 0);            /* fminnm s0, s1, s2 */
    fp2(0x1e227820, 32, 0, S_0, S_M0, S_M0, 0);             /* fminnm s0, s1, s2 */
    fp2(0x1e627820, 64, 0, D_INF, D_QNAN, D_INF, 0);        /* fminnm d0, d1, d2 */
    fp2(0x1e627820, 64, 0, D_1, D_SNAN, D_SNAN_Q, IOC);     /* fminnm d0, d1, d2 */
    fp2(0x1ee27820, 16, 0, H_DNAN, H_M1, H_M1, 0);          /* fminnm h0, h1, h2 */
    fp2(0x1ee27820, 16, 0, H_1, H_2, H_1, 0);               /* fminnm h0, h1, h2 */
}
END_TEST

START_TEST(test_FNMUL)
{
    fp2(0x1e228820, 32, 0, S_2, S_3, 0xc0c00000, 0);        /* fnmul s0, s1, s2 */
    fp2(0x1e228820, 32, 0, S_0, S_3, S_M0, 0);              /* fnmul s0, s1, s2 */
    /* The negation comes after the rounding: in RM, max * 2 rounds to +max, then -max. */
    fp2(0x1e228820, 32, RM, S_MAX, S_2, 0xff7fffff, OFC | IXC); /* fnmul s0, s1, s2 */
    fp2(0x1e228820, 32, RP, S_MAX, S_2, S_MINF, OFC | IXC); /* fnmul s0, s1, s2 */
    /* and applies to a NaN result too */
    fp2(0x1e228820, 32, 0, S_QNAN, S_1, S_QNAN | 0x80000000u, 0); /* fnmul s0, s1, s2 */
    fp2(0x1e228820, 32, DN, S_SNAN, S_1, S_DNAN | 0x80000000u, IOC); /* fnmul s0, s1, s2 */
    fp2(0x1e628820, 64, 0, D_M2, D_1_5, D_3, 0);            /* fnmul d0, d1, d2 */
    fp2(0x1e628820, 64, 0, D_INF, D_0, D_DNAN | D_M0, IOC); /* fnmul d0, d1, d2 */
    fp2(0x1ee28820, 16, 0, H_2, H_3, 0xc600, 0);            /* fnmul h0, h1, h2 */
    fp2(0x1ee28820, 16, FZ16, H_DENORM, H_1, H_M0, 0);      /* fnmul h0, h1, h2 */
}
END_TEST

/* ===================== Floating-point conditional select ===================== */

static void fcsel(uint32_t word, unsigned esize, uint32_t nzcv, uint64_t a, uint64_t b, uint64_t r)
{
    hc->ps.nzcv = nzcv;
    fp2(word, esize, DN | FZ | FZ16, a, b, r, 0);
    ck_nzcv(nzcv);
}

START_TEST(test_FCSEL)
{
    /* A bit copy of the chosen register: NaNs and denormals untouched whatever FPCR says. */
    fcsel(0x1e220c20, 32, FLAG_Z, S_SNAN, S_2, S_SNAN);     /* fcsel s0, s1, s2, eq */
    fcsel(0x1e220c20, 32, 0, S_SNAN, S_DENORM, S_DENORM);   /* fcsel s0, s1, s2, eq */
    fcsel(0x1e62bc20, 64, FLAG_N, D_1, D_2, D_1);           /* fcsel d0, d1, d2, lt */
    fcsel(0x1e62bc20, 64, FLAG_N | FLAG_V, D_1, D_SNAN, D_SNAN); /* fcsel d0, d1, d2, lt */
    fcsel(0x1ee28c20, 16, FLAG_C, H_DENORM, H_2, H_DENORM); /* fcsel h0, h1, h2, hi */
    fcsel(0x1ee28c20, 16, FLAG_C | FLAG_Z, H_1, H_QNAN, H_QNAN); /* fcsel h0, h1, h2, hi */
}
END_TEST

/* ===================== Floating-point data-processing (3 source) ===================== */

START_TEST(test_FMADD_FMSUB_FNMADD_FNMSUB)
{
    /* V1 = Rn, V2 = Rm, V3 = Ra: Ra + Rn*Rm, Ra - Rn*Rm, -Ra - Rn*Rm, -Ra + Rn*Rm */
    fp_op(0x1f020c20, 32, 0, S_2, S_3, S_1, S_7, 0);             /* fmadd s0, s1, s2, s3 */
    fp_op(0x1f028c20, 32, 0, S_2, S_3, S_1, 0xc0a00000, 0);      /* fmsub s0, s1, s2, s3 */
    fp_op(0x1f220c20, 32, 0, S_2, S_3, S_1, 0xc0e00000, 0);      /* fnmadd s0, s1, s2, s3 */
    fp_op(0x1f228c20, 32, 0, S_2, S_3, S_1, 0x40a00000, 0);      /* fnmsub s0, s1, s2, s3 */
    fp_op(0x1f420c20, 64, 0, D_2, D_3, D_1, 0x401c000000000000ULL, 0); /* fmadd d0, d1, d2, d3 */
    fp_op(0x1f428c20, 64, 0, D_2, D_3, D_1, 0xc014000000000000ULL, 0); /* fmsub d0, d1, d2, d3 */
    fp_op(0x1f620c20, 64, 0, D_2, D_3, D_1, 0xc01c000000000000ULL, 0); /* fnmadd d0, d1, d2, d3 */
    fp_op(0x1f628c20, 64, 0, D_2, D_3, D_1, 0x4014000000000000ULL, 0); /* fnmsub d0, d1, d2, d3 */
    fp_op(0x1fc20c20, 16, 0, H_2, H_3, H_1, 0x4700, 0);          /* fmadd h0, h1, h2, h3 */
    fp_op(0x1fc28c20, 16, 0, H_2, H_3, H_1, 0xc500, 0);          /* fmsub h0, h1, h2, h3 */
    fp_op(0x1fe20c20, 16, 0, H_2, H_3, H_1, 0xc700, 0);          /* fnmadd h0, h1, h2, h3 */
    fp_op(0x1fe28c20, 16, 0, H_2, H_3, H_1, 0x4500, 0);          /* fnmsub h0, h1, h2, h3 */

    /* One rounding: (1 + 2^-23)^2 - (1 + 2^-22) = 2^-46 exactly (0 if the product were rounded). */
    fp_op(0x1f020c20, 32, 0, 0x3f800001, 0x3f800001, 0xbf800002, 0x28800000, 0); /* fmadd s0, ... */
    fp_op(0x1f420c20, 64, 0, 0x3ff0000000000001ULL, 0x3ff0000000000001ULL, 0xbff0000000000002ULL,
          0x3970000000000000ULL, 0);                                 /* fmadd d0, d1, d2, d3 */
    /* half: 2^-20 is denormal, exact without FZ16, flushed (Underflow) with it */
    fp_op(0x1fc20c20, 16, 0, 0x3c01, 0x3c01, 0xbc02, 0x0010, 0);  /* fmadd h0, h1, h2, h3 */
    fp_op(0x1fc20c20, 16, FZ16, 0x3c01, 0x3c01, 0xbc02, H_0, UFC); /* fmadd h0, h1, h2, h3 */

    /* The sign of an exact zero follows the rounding mode. */
    fp_op(0x1f020c20, 32, RN, S_1, S_1, S_M1, S_0, 0);            /* fmadd s0, s1, s2, s3 */
    fp_op(0x1f020c20, 32, RM, S_1, S_1, S_M1, S_M0, 0);           /* fmadd s0, s1, s2, s3 */
    fp_op(0x1f028c20, 32, RN, S_1, S_1, S_1, S_0, 0);             /* fmsub s0, s1, s2, s3 */

    /* NaNs: the operands are negated before FPMulAdd, so the NaN that propagates carries the
     * flipped sign; signalling NaNs before quiet ones; inf * 0 with a quiet NaN addend is
     * Invalid and gives the default NaN. */
    fp_op(0x1f028c20, 32, 0, S_SNAN, S_1, S_QNAN, 0xffc00001, IOC); /* fmsub s0, s1, s2, s3 */
    fp_op(0x1f220c20, 32, 0, S_1, S_1, S_QNAN, 0xffc00005, 0);    /* fnmadd s0, s1, s2, s3 */
    fp_op(0x1f228c20, 32, 0, S_1, S_1, S_QNAN, 0xffc00005, 0);    /* fnmsub s0, s1, s2, s3 */
    fp_op(0x1f020c20, 32, 0, S_1, S_QNAN, S_1, S_QNAN, 0);        /* fmadd s0, s1, s2, s3 */
    fp_op(0x1f020c20, 32, 0, S_INF, S_0, S_QNAN, S_DNAN, IOC);    /* fmadd s0, s1, s2, s3 */
    fp_op(0x1f020c20, 32, DN, S_1, S_1, S_QNAN, S_DNAN, 0);       /* fmadd s0, s1, s2, s3 */
    fp_op(0x1f620c20, 64, 0, D_SNAN, D_1, D_1, 0xfff8000000000001ULL, IOC); /* fnmadd d0, d1, d2, d3 */
    fp_op(0x1fe28c20, 16, 0, H_1, H_SNAN, H_QNAN, H_SNAN_Q, IOC); /* fnmsub h0, h1, h2, h3 */
    fp_op(0x1f020c20, 32, FZ, S_DENORM, S_1, S_1, S_1, IDC);      /* fmadd s0, s1, s2, s3 */
    fp_op(0x1f020c20, 32, 0, S_MAX, S_2, S_MINF, S_MINF, 0);      /* fmadd s0, s1, s2, s3 */
    fp_op(0x1f020c20, 32, 0, S_INF, S_1, S_MINF, S_DNAN, IOC);    /* fmadd s0, s1, s2, s3 */
}
END_TEST

/* ================ Conversion between floating-point and fixed-point ================ */

START_TEST(test_SCVTF_UCVTF_fixed)
{
    x_to_fp(0x1e02c020, 32, 0, GARBAGE << 32 | 0xffff8000u, 0xbf000000, 0); /* scvtf s0, w1, #16 */
    x_to_fp(0x1e02c020, 32, 0, 0x00018000, S_1_5, 0);                     /* scvtf s0, w1, #16 */
    x_to_fp(0x9e420020, 64, 0, 1, 0x3bf0000000000000ULL, 0);              /* scvtf d0, x1, #64 */
    x_to_fp(0x9e420020, 64, 0, 0x8000000000000000ULL, 0xbfe0000000000000ULL, 0); /* scvtf d0, x1, #64: -0.5 */
    x_to_fp(0x1ec2e020, 16, 0, 0x180, H_1_5, 0);                          /* scvtf h0, w1, #8 */
    x_to_fp(0x1e428020, 64, 0, 0x80000000, 0xbfe0000000000000ULL, 0);     /* scvtf d0, w1, #32 */
    x_to_fp(0x1e038020, 32, 0, 0x80000000, S_0_5, 0);                     /* ucvtf s0, w1, #32 */
    x_to_fp(0x9e43f020, 64, RN, ~0ULL, 0x43b0000000000000ULL, IXC);       /* ucvtf d0, x1, #4 */
    x_to_fp(0x9e43f020, 64, RZ, ~0ULL, 0x43afffffffffffffULL, IXC);       /* ucvtf d0, x1, #4 */
    x_to_fp(0x9ec3e020, 16, 0, 0x100, H_1, 0);                            /* ucvtf h0, x1, #8 */
}
END_TEST

START_TEST(test_FCVTZS_FCVTZU_fixed)
{
    fp_to_x(0x1e18c020, 32, 0, S_1_5, 0x18000, 0);                        /* fcvtzs w0, s1, #16 */
    fp_to_x(0x1e18c020, 32, 0, 0xbfc00000, 0xfffe8000, 0);                /* fcvtzs w0, s1, #16 */
    fp_to_x(0x1e18c020, 32, RP, 0x33800000, 0, IXC);                      /* fcvtzs w0, s1, #16: 2^-24 */
    fp_to_x(0x9e58fc20, 64, RM, 0xbff4000000000000ULL, 0xfffffffffffffffeULL, IXC); /* fcvtzs x0, d1, #1: -2.5 */
    fp_to_x(0x1ed8f420, 16, 0, H_1, 8, 0);                                /* fcvtzs w0, h1, #3 */
    fp_to_x(0x1e188020, 32, 0, S_0_5, 0x7fffffff, IOC);                   /* fcvtzs w0, s1, #32 */
    fp_to_x(0x1e188020, 32, 0, 0xbf000000, 0x80000000, 0);                /* fcvtzs w0, s1, #32 */
    fp_to_x(0x1e188020, 32, 0, S_QNAN, 0, IOC);                           /* fcvtzs w0, s1, #32 */
    fp_to_x(0x1e198020, 32, 0, S_0_5, 0x80000000, 0);                     /* fcvtzu w0, s1, #32 */
    fp_to_x(0x1e198020, 32, 0, S_1, 0xffffffff, IOC);                     /* fcvtzu w0, s1, #32 */
    fp_to_x(0x9e59e020, 64, 0, D_1_5, 0x180, 0);                          /* fcvtzu x0, d1, #8 */
    fp_to_x(0x9e59e020, 64, 0, D_M1, 0, IOC);                             /* fcvtzu x0, d1, #8 */
    fp_to_x(0x1ed9f820, 16, 0, H_1_5, 6, 0);                              /* fcvtzu w0, h1, #2 */
}
END_TEST

/* ================ Conversion between floating-point and integer ================ */

START_TEST(test_FCVT_to_int_rounding)
{
    /* The named rounding ignores FPCR.RMode (set to the mode least like it). */
    fp_to_x(0x1e200020, 32, RP, S_2_5, 2, IXC);                  /* fcvtns w0, s1 */
    fp_to_x(0x1e200020, 32, RP, 0x40600000, 4, IXC);             /* fcvtns w0, s1: 3.5 */
    fp_to_x(0x1e200020, 32, RP, S_M2_5, 0xfffffffe, IXC);        /* fcvtns w0, s1 */
    fp_to_x(0x9e600020, 64, RZ, D_M2_5, 0xfffffffffffffffeULL, IXC); /* fcvtns x0, d1 */
    fp_to_x(0x1ee00020, 16, RM, H_2_5, 2, IXC);                  /* fcvtns w0, h1 */
    fp_to_x(0x1e210020, 32, RP, S_2_5, 2, IXC);                  /* fcvtnu w0, s1 */
    fp_to_x(0x1e210020, 32, 0, S_M1, 0, IOC);                    /* fcvtnu w0, s1 */
    fp_to_x(0x9e610020, 64, 0, 0x4415af1d78b58c40ULL, ~0ULL, IOC); /* fcvtnu x0, d1: 1e20 */
    fp_to_x(0x9ee10020, 16, 0, H_INF, ~0ULL, IOC);               /* fcvtnu x0, h1 */

    fp_to_x(0x1e240020, 32, RZ, S_2_5, 3, IXC);                  /* fcvtas w0, s1 */
    fp_to_x(0x1e240020, 32, RZ, S_M2_5, 0xfffffffd, IXC);        /* fcvtas w0, s1 */
    fp_to_x(0x9e640020, 64, RN, D_M2_5, 0xfffffffffffffffdULL, IXC); /* fcvtas x0, d1 */
    fp_to_x(0x1ee40020, 16, RN, H_M2_5, 0xfffffffd, IXC);        /* fcvtas w0, h1 */
    fp_to_x(0x1e250020, 32, RN, S_2_5, 3, IXC);                  /* fcvtau w0, s1 */
    fp_to_x(0x9e650020, 64, RZ, D_0_5, 1, IXC);                  /* fcvtau x0, d1 */
    fp_to_x(0x1ee50020, 16, RZ, H_0_5, 1, IXC);                  /* fcvtau w0, h1 */

    fp_to_x(0x1e280020, 32, RM, 0x40066666, 3, IXC);             /* fcvtps w0, s1: 2.1 */
    fp_to_x(0x1e280020, 32, RM, 0xc039999a, 0xfffffffe, IXC);    /* fcvtps w0, s1: -2.9 */
    fp_to_x(0x9e680020, 64, RM, 0x4000cccccccccccdULL, 3, IXC);  /* fcvtps x0, d1 */
    fp_to_x(0x9ee80020, 16, RM, H_2_5, 3, IXC);                  /* fcvtps x0, h1 */
    fp_to_x(0x1e290020, 32, RM, 0x3dcccccd, 1, IXC);             /* fcvtpu w0, s1: 0.1 */
    fp_to_x(0x9e690020, 64, RN, D_M0, 0, 0);                     /* fcvtpu x0, d1 */
    fp_to_x(0x1ee90020, 16, RN, H_2_5, 3, IXC);                  /* fcvtpu w0, h1 */

    fp_to_x(0x1e300020, 32, RP, 0xc0066666, 0xfffffffd, IXC);    /* fcvtms w0, s1: -2.1 */
    fp_to_x(0x9e700020, 64, RP, 0xc000cccccccccccdULL, 0xfffffffffffffffdULL, IXC); /* fcvtms x0, d1 */
    fp_to_x(0x1ef00020, 16, RP, H_M2_5, 0xfffffffd, IXC);        /* fcvtms w0, h1 */
    fp_to_x(0x1e310020, 32, RP, 0x4039999a, 2, IXC);             /* fcvtmu w0, s1: 2.9 */
    fp_to_x(0x9e710020, 64, RP, 0x4007333333333333ULL, 2, IXC);  /* fcvtmu x0, d1 */
    fp_to_x(0x9ef10020, 16, RP, H_M2_5, 0, IOC);                 /* fcvtmu x0, h1 */
}
END_TEST

START_TEST(test_FCVTZS_FCVTZU_int)
{
    fp_to_x(0x1e380020, 32, RP, 0x402ccccd, 2, IXC);             /* fcvtzs w0, s1: 2.7 */
    fp_to_x(0x1e380020, 32, RM, 0xc02ccccd, 0xfffffffe, IXC);    /* fcvtzs w0, s1: -2.7 */
    /* saturation: Invalid, no Inexact */
    fp_to_x(0x1e380020, 32, 0, 0x4f32d05e, 0x7fffffff, IOC);     /* fcvtzs w0, s1: 3e9 */
    fp_to_x(0x1e380020, 32, 0, S_MINF, 0x80000000, IOC);         /* fcvtzs w0, s1 */
    fp_to_x(0x1e380020, 32, 0, S_DNAN, 0, IOC);                  /* fcvtzs w0, s1 */
    fp_to_x(0x1e380020, 32, 0, S_DENORM, 0, IXC);                /* fcvtzs w0, s1 */
    fp_to_x(0x1e380020, 32, FZ, S_DENORM, 0, IDC);               /* fcvtzs w0, s1 */
    fp_to_x(0x9e380020, 32, 0, 0x4f32d05e, 3000000000ULL, 0);    /* fcvtzs x0, s1 */
    fp_to_x(0x9e780020, 64, 0, 0xc3e0000000000000ULL, 0x8000000000000000ULL, 0); /* fcvtzs x0, d1: -2^63 */
    fp_to_x(0x9e780020, 64, 0, 0x43e0000000000000ULL, 0x7fffffffffffffffULL, IOC); /* fcvtzs x0, d1: 2^63 */
    fp_to_x(0x1e780020, 64, 0, 0xc1e0000000100000ULL, 0x80000000, IXC); /* fcvtzs w0, d1: -2^31-0.5 */
    fp_to_x(0x1e780020, 64, 0, 0xc1e0000000200000ULL, 0x80000000, IOC); /* fcvtzs w0, d1: -2^31-1 */
    fp_to_x(0x1ef80020, 16, 0, H_MINF, 0x80000000, IOC);         /* fcvtzs w0, h1 */
    fp_to_x(0x9ef80020, 16, 0, H_MAX, 65504, 0);                 /* fcvtzs x0, h1 */
    fp_to_x(0x9ef80020, 16, FZ16, H_DENORM | H_M0, 0, 0);        /* fcvtzs x0, h1 */

    fp_to_x(0x1e390020, 32, 0, 0xbf000000, 0, IXC);              /* fcvtzu w0, s1: -0.5 */
    fp_to_x(0x1e390020, 32, 0, 0x4f800000, 0xffffffff, IOC);     /* fcvtzu w0, s1: 2^32 */
    fp_to_x(0x1e390020, 32, 0, S_SNAN, 0, IOC);                  /* fcvtzu w0, s1 */
    fp_to_x(0x9e790020, 64, 0, 0x43efffffffffffffULL, 0xfffffffffffff800ULL, 0); /* fcvtzu x0, d1 */
    fp_to_x(0x1ef90020, 16, 0, H_MAX, 65504, 0);                 /* fcvtzu w0, h1 */

    /* Rd = 31 is XZR: the result goes nowhere, the flags still count. */
    uint32_t word = 0x1e38003f;                                  /* fcvtzs wzr, s1 */
    vput(1, 32, S_MINF);
    run_word(word, 0);
    ck_x(31, 0);
    ck_fpsr(IOC);
}
END_TEST

START_TEST(test_SCVTF_UCVTF_int)
{
    x_to_fp(0x1e220020, 32, 0, 0xdeadbeefffffffffULL, S_M1, 0);  /* scvtf s0, w1: only W is read */
    x_to_fp(0x9e620020, 64, RN, 0x0020000000000001ULL, 0x4340000000000000ULL, IXC); /* scvtf d0, x1: 2^53+1 */
    x_to_fp(0x9e620020, 64, RP, 0x0020000000000001ULL, 0x4340000000000001ULL, IXC); /* scvtf d0, x1 */
    x_to_fp(0x9e620020, 64, RM, 0xffdfffffffffffffULL, 0xc340000000000001ULL, IXC); /* scvtf d0, x1: -(2^53+1) */
    x_to_fp(0x9e620020, 64, RZ, 0xffdfffffffffffffULL, 0xc340000000000000ULL, IXC); /* scvtf d0, x1 */
    x_to_fp(0x1ee20020, 16, RN, 65520, H_INF, OFC | IXC);        /* scvtf h0, w1 */
    x_to_fp(0x1ee20020, 16, RZ, 65520, H_MAX, IXC);              /* scvtf h0, w1 */
    x_to_fp(0x1ee20020, 16, RZ, 65536, H_MAX, OFC | IXC);        /* scvtf h0, w1 */
    x_to_fp(0x1ee20020, 16, AHP, 65520, H_INF, OFC | IXC);       /* scvtf h0, w1: FPRound ignores AHP */
    x_to_fp(0x1ee20020, 16, 0, 0xfffffffe, H_M2, 0);             /* scvtf h0, w1 */
    x_to_fp(0x9e220020, 32, 0, 0x7fffffffffffffffULL, 0x5f000000, IXC); /* scvtf s0, x1 */
    x_to_fp(0x1e620020, 64, 0, 0x80000000, 0xc1e0000000000000ULL, 0); /* scvtf d0, w1 */
    x_to_fp(0x1e230020, 32, 0, 0xffffffff, 0x4f800000, IXC);     /* ucvtf s0, w1 */
    x_to_fp(0x1e230020, 32, RZ, 0xffffffff, 0x4f7fffff, IXC);    /* ucvtf s0, w1 */
    x_to_fp(0x9e630020, 64, 0, ~0ULL, 0x43f0000000000000ULL, IXC); /* ucvtf d0, x1 */
    x_to_fp(0x9ee30020, 16, RN, 2049, 0x6800, IXC);              /* ucvtf h0, x1: a tie */
    x_to_fp(0x9ee30020, 16, RP, 2049, 0x6801, IXC);              /* ucvtf h0, x1 */
    x_to_fp(0x9ee30020, 16, 0, 0, H_0, 0);                       /* ucvtf h0, x1 */

    uint32_t word = 0x1e2203e0;                                  /* scvtf s0, wzr */
    vput(0, 64, GARBAGE);
    run_word(word, RM);
    ck_v(0, S_0, 0);
    ck_fpsr(0);
}
END_TEST

START_TEST(test_FMOV_gen)
{
    uint32_t word;
    /* FP to general: zero-extended to W or X, no exceptions for NaN bit patterns. */
    word = 0x1e260020;                              /* fmov w0, s1 */
    vput(1, 32, S_SNAN);
    hc->x[0] = GARBAGE;
    run_word(word, 0);
    ck_x(0, S_SNAN);
    ck_fpsr(0);
    word = 0x9e660020;                              /* fmov x0, d1 */
    vput(1, 64, 0x0123456789abcdefULL);
    run_word(word, 0);
    ck_x(0, 0x0123456789abcdefULL);
    word = 0x1ee60020;                              /* fmov w0, h1 */
    vput(1, 16, 0xabcd);
    hc->x[0] = GARBAGE;
    run_word(word, 0);
    ck_x(0, 0xabcd);
    word = 0x9ee60020;                              /* fmov x0, h1 */
    hc->x[0] = GARBAGE;
    run_word(word, 0);
    ck_x(0, 0xabcd);
    word = 0x9eae0020;                              /* fmov x0, v1.d[1] */
    hc->v[1].d[0] = 0x1111111111111111ULL;
    hc->v[1].d[1] = 0xfedcba9876543210ULL;
    run_word(word, 0);
    ck_x(0, 0xfedcba9876543210ULL);

    /* General to FP: the rest of V zeroed, except for the top-half form, which keeps D[0]. */
    hc->x[1] = 0xdeadbeef12345678ULL;
    word = 0x1e270020;                              /* fmov s0, w1 */
    vput(0, 64, GARBAGE);
    run_word(word, 0);
    ck_v(0, 0x12345678, 0);
    word = 0x9e670020;                              /* fmov d0, x1 */
    vput(0, 64, GARBAGE);
    run_word(word, 0);
    ck_v(0, 0xdeadbeef12345678ULL, 0);
    word = 0x1ee70020;                              /* fmov h0, w1 */
    vput(0, 64, GARBAGE);
    run_word(word, 0);
    ck_v(0, 0x5678, 0);
    word = 0x9ee70020;                              /* fmov h0, x1 */
    vput(0, 64, GARBAGE);
    run_word(word, 0);
    ck_v(0, 0x5678, 0);
    word = 0x9eaf0020;                              /* fmov v0.d[1], x1 */
    hc->v[0].d[0] = 0x1111111111111111ULL;
    hc->v[0].d[1] = GARBAGE;
    run_word(word, 0);
    ck_v(0, 0x1111111111111111ULL, 0xdeadbeef12345678ULL);
    ck_fpsr(0);
}
END_TEST

/* ================= FPSR accumulates, reserved encodings, the FP trap ================= */

START_TEST(test_fpsr_is_cumulative)
{
    uint32_t word = 0x1e222820;                     /* fadd s0, s1, s2 */
    vput(1, 32, S_1);
    vput(2, 32, 0x33800000);
    hc->sr[SR_FPCR] = 0;
    hc->sr[SR_FPSR] = IDC | 0x08000000;             /* IDC and QC from before */
    h_run(&word, 1);
    ck_fpsr(IDC | 0x08000000 | IXC);
    ck_v(0, S_1, 0);
}
END_TEST

START_TEST(test_reserved_undefined)
{
    static const uint32_t words[] = {
        0x1ea22820, /* fadd s0, s1, s2 with ftype = 10 */
        0x9e222820, /* fadd s0, s1, s2 with M = 1 */
        0x3e222820, /* fadd s0, s1, s2 with S = 1 */
        0x1e229820, /* FP 2-source with opcode 1001 */
        0x1f820c20, /* fmadd s0, s1, s2, s3 with ftype = 10 */
        0x1ea04020, /* fmov s0, s1 with ftype = 10 */
        0x1ea0c020, /* fabs s0, s1 with ftype = 10 */
        0x1e224020, /* fcvt s0, s1: opc = ftype */
        0x1e234020, /* fcvt with opc = 10 (from single) */
        0x1e634020, /* fcvt with opc = 10 (from double: BFCVT, FEAT_BF16, absent) */
        0x1ea24020, /* fcvt s0, d1 with ftype = 10 */
        0x1e26c020, /* FP 1-source with opcode 001101 (between FRINTA and FRINTX) */
        0x1e284020, /* frint32z s0, s1: FEAT_FRINTTS, absent */
        0x1ea44020, /* frintn with ftype = 10 */
        0x1e2e1020, /* fmov s0, #1.0 with imm5 = 00001 */
        0x1eae1000, /* fmov s0, #1.0 with ftype = 10 */
        0x1ea22020, /* fcmp with ftype = 10 */
        0x1e222021, /* fcmp s1, s2 with opcode2<2:0> = 001 */
        0x1ea2042f, /* fccmp with ftype = 10 */
        0x1ea20c20, /* fcsel with ftype = 10 */
        0x1e180020, /* fcvtzs w0, s1, #32 with scale<5> = 0 (64 fraction bits in W) */
        0x1e1b0020, /* fixed point: rmode 11, opcode 011 */
        0x1e82c020, /* scvtf s0, w1, #16 with ptype = 10 */
        0x1ea00020, /* fcvtns w0, s1 with ptype = 10 */
        0x1eb80020, /* fcvtzs w0, s1 with ptype = 10 */
        0x1e2a0020, /* FP<->integer: rmode 01, opcode 010 */
        0x1e2c0020, /* FP<->integer: rmode 01, opcode 100 */
        0x1e660020, /* fmov x0, d1 with sf = 0 (W <-> D) */
        0x9e260020, /* fmov w0, s1 with sf = 1 (X <-> S) */
        0x9ea60020, /* fmov x0, v1.d[1] with rmode = 00 (ptype 10 without the top half) */
        0x1eae0020, /* fmov x0, v1.d[1] with sf = 0 */
        0x9e6e0020, /* fmov x0, v1.d[1] with ptype = 01 */
        0x9eee0020, /* fmov x0, v1.d[1] with ptype = 11 */
        0x1e7e0020, /* fjcvtzs w0, d1: FEAT_JSCVT, absent */
    };
    for (unsigned i = 0; i < sizeof words / sizeof words[0]; i++)
        ck_undefined(words[i]);
}
END_TEST

/* An UNDEFINED encoding is found at decode, before the access check. */
START_TEST(test_reserved_before_trap)
{
    uint32_t word = 0x1ea22820;                     /* fadd with ftype = 10 */
    h_to_el(1, 1);                                  /* CPACR_EL1.FPEN = 00 */
    h_run(&word, 1);
    h_expect_exc(1, V_CUR_SPX, EC_UNKNOWN, 0, H_CODE);
}
END_TEST

#define ISS_FP 0x1E00000u /* CV = 1, COND = 0b1110 */

/* CPACR_EL1.FPEN = 00 traps every row at EL1 to EL1 with EC 0x07; nothing is written. */
START_TEST(test_fp_trap)
{
    static const uint32_t words[] = {
        0x1e222820, /* fadd s0, s1, s2 */
        0x1ee04020, /* fmov h0, h1 */
        0x1e22c020, /* fcvt d0, s1 */
        0x1e222020, /* fcmp s1, s2 */
        0x1e22042f, /* fccmp s1, s2, #0xf, eq */
        0x1e2e1000, /* fmov s0, #1.0 */
        0x1f020c20, /* fmadd s0, s1, s2, s3 */
        0x1e220c20, /* fcsel s0, s1, s2, eq */
        0x1e380020, /* fcvtzs w0, s1 */
        0x1e02c020, /* scvtf s0, w1, #16 */
        0x1e260020, /* fmov w0, s1 */
        0x9eaf0020, /* fmov v0.d[1], x1 */
    };
    for (unsigned i = 0; i < sizeof words / sizeof words[0]; i++) {
        uint32_t word = words[i];
        hc->x[0] = GARBAGE;
        hc->v[0].d[0] = hc->v[0].d[1] = GARBAGE;
        vput(1, 32, S_SNAN);
        hc->sr[SR_FPSR] = 0;
        h_to_el(1, 1);
        hc->ps.nzcv = FLAG_Z;
        h_run(&word, 1);
        h_expect_exc(1, V_CUR_SPX, EC_FP_ACCESS, ISS_FP, H_CODE);
        ck_x(0, GARBAGE);
        ck_v(0, GARBAGE, GARBAGE);
        ck_fpsr(0);
    }
    /* FPEN = 01 traps EL0 only; CPTR_EL2.TFP traps EL1 to EL2. */
    uint32_t word = 0x1e222820;                     /* fadd s0, s1, s2 */
    hc->sr[SR_CPACR_EL1] = 1u << 20;
    h_to_el(0, 0);
    h_run(&word, 1);
    h_expect_exc(1, V_LOWER, EC_FP_ACCESS, ISS_FP, H_CODE);
    h_to_el(1, 1);
    h_run(&word, 1);
    ck_assert_uint_eq(hc->pc, H_CODE + 4);
    hc->sr[SR_CPTR_EL2] |= 1u << 10;
    h_to_el(1, 1);
    h_run(&word, 1);
    h_expect_exc(2, V_LOWER, EC_FP_ACCESS, ISS_FP, H_CODE);
}
END_TEST

int main(void)
{
    Suite *s = suite_create("fp_scalar");
    TCase *tc = tcase_create("dp");
    tcase_add_checked_fixture(tc, h_setup, h_teardown);
    tcase_add_test(tc, test_FMOV_reg);
    tcase_add_test(tc, test_FABS_FNEG);
    tcase_add_test(tc, test_FSQRT);
    tcase_add_test(tc, test_FCVT);
    tcase_add_test(tc, test_FRINT);
    tcase_add_test(tc, test_FCMP);
    tcase_add_test(tc, test_FCMPE);
    tcase_add_test(tc, test_FMOV_scalar_imm);
    tcase_add_test(tc, test_FCCMP);
    tcase_add_test(tc, test_FCCMPE);
    tcase_add_test(tc, test_FMUL);
    tcase_add_test(tc, test_FDIV);
    tcase_add_test(tc, test_FADD);
    tcase_add_test(tc, test_FSUB);
    tcase_add_test(tc, test_FMAX_FMIN);
    tcase_add_test(tc, test_FMAXNM_FMINNM);
    tcase_add_test(tc, test_FNMUL);
    tcase_add_test(tc, test_FCSEL);
    tcase_add_test(tc, test_FMADD_FMSUB_FNMADD_FNMSUB);
    suite_add_tcase(s, tc);
    tc = tcase_create("cvt");
    tcase_add_checked_fixture(tc, h_setup, h_teardown);
    tcase_add_test(tc, test_SCVTF_UCVTF_fixed);
    tcase_add_test(tc, test_FCVTZS_FCVTZU_fixed);
    tcase_add_test(tc, test_FCVT_to_int_rounding);
    tcase_add_test(tc, test_FCVTZS_FCVTZU_int);
    tcase_add_test(tc, test_SCVTF_UCVTF_int);
    tcase_add_test(tc, test_FMOV_gen);
    suite_add_tcase(s, tc);
    tc = tcase_create("access");
    tcase_add_checked_fixture(tc, h_setup, h_teardown);
    tcase_add_test(tc, test_fpsr_is_cumulative);
    tcase_add_test(tc, test_reserved_undefined);
    tcase_add_test(tc, test_reserved_before_trap);
    tcase_add_test(tc, test_fp_trap);
    suite_add_tcase(s, tc);
    return h_run_suite(s);
}
