/* SPDX-License-Identifier: MIT */
/* Unit tests of cpu/fpu.c, the Arm ARM's floating-point pseudocode: exact bit patterns and FPSR
 * flags by hand for the corner cases, then seeded random cases compared with the host's IEEE
 * arithmetic where the host and the architecture agree. */
#include <fenv.h>
#include <math.h>
#include <stdio.h>
#include <string.h>

#include "cpu/fpu.h"
#include "tests/unit/harness.h"

/* FPCR values. */
#define RN 0u
#define RP (1u << FPCR_RMODE_SHIFT)
#define RM (2u << FPCR_RMODE_SHIFT)
#define RZ (3u << FPCR_RMODE_SHIFT)
#define FZ FPCR_FZ
#define FZ16 FPCR_FZ16
#define DN FPCR_DN
#define AHP FPCR_AHP

#define IOC FPSR_IOC
#define DZC FPSR_DZC
#define OFC FPSR_OFC
#define UFC FPSR_UFC
#define IXC FPSR_IXC
#define IDC FPSR_IDC

/* Common operands. */
#define S_ONE 0x3f800000u      /* 1.0f */
#define S_TWO 0x40000000u      /* 2.0f */
#define S_HALF 0x3f000000u     /* 0.5f */
#define S_INF 0x7f800000u
#define S_NINF 0xff800000u
#define S_MAX 0x7f7fffffu      /* 0x1.fffffep127 */
#define S_MINN 0x00800000u     /* 2^-126, smallest normal */
#define S_QNAN 0x7fc00000u     /* the default NaN */
#define D_ONE 0x3ff0000000000000ull
#define D_TWO 0x4000000000000000ull
#define D_INF 0x7ff0000000000000ull
#define D_QNAN 0x7ff8000000000000ull
#define D_MAX 0x7fefffffffffffffull
#define H_ONE 0x3c00u
#define H_TWO 0x4000u
#define H_INF 0x7c00u
#define H_QNAN 0x7e00u
#define H_MAX 0x7bffu          /* 65504 */

static void expect(const char *what, int line, uint64_t got, uint64_t want, uint32_t got_flags,
                   uint32_t want_flags)
{
    ck_assert_msg(got == want && got_flags == want_flags,
                  "line %d: %s = 0x%llx flags 0x%x, expected 0x%llx flags 0x%x", line, what,
                  (unsigned long long)got, got_flags, (unsigned long long)want, want_flags);
}

/* One call with fresh flags, checking the result bits and the exact set of flags raised. */
#define CHK(call, want, want_flags)                                                               \
    do {                                                                                          \
        uint32_t chk_fl_ = 0;                                                                     \
        uint32_t *flags = &chk_fl_;                                                               \
        uint64_t got_ = (uint64_t)(call);                                                         \
        expect(#call, __LINE__, got_, (want), chk_fl_, (want_flags));                             \
    } while (0)

/* ---- NaN processing ---- */

START_TEST(nan_propagation_order)
{
    /* FPProcessNaNs: a signalling NaN wins over a quiet one whatever the order, and is
     * quietened; between two of a kind the first operand wins. */
    CHK(fp_add(0x7fc00001, 0x7f800002, 32, RN, flags), 0x7fc00002, IOC);  /* QNaN + SNaN */
    CHK(fp_add(0x7f800001, 0x7f800002, 32, RN, flags), 0x7fc00001, IOC);  /* SNaN + SNaN */
    CHK(fp_add(0x7fc00001, 0x7fc00002, 32, RN, flags), 0x7fc00001, 0);    /* QNaN + QNaN */
    CHK(fp_add(S_ONE, 0xffc00123, 32, RN, flags), 0xffc00123, 0);         /* sign kept */
    CHK(fp_mul(0xffc00001, 0x7f800003, 32, RN, flags), 0x7fc00003, IOC);
    CHK(fp_sub(0x7fc00001, 0x7f800002, 32, DN, flags), S_QNAN, IOC);      /* DN: default NaN */
    CHK(fp_div(S_ONE, 0xffc00005, 32, DN, flags), S_QNAN, 0);
    CHK(fp_add(0x7d01, 0x7e02, 16, RN, flags), 0x7f01, IOC);              /* half SNaN first */
    CHK(fp_add(0x7e02, H_ONE, 16, RN, flags), 0x7e02, 0);
    CHK(fp_max(0x7ff0000000000001ull, 0x7ff8000000000002ull, 64, RN, flags),
        0x7ff8000000000001ull, IOC);
    CHK(fp_min(D_ONE, 0xfff8000000000009ull, 64, DN, flags), D_QNAN, 0);
    CHK(fp_sqrt(0x7f800001, 32, RN, flags), 0x7fc00001, IOC);
    CHK(fp_round_int(0x7d00 | 1, 16, FPROUND_TIEEVEN, true, RN, flags), 0x7f01, IOC);
    CHK(fp_recip_estimate(0x7f800001, 32, RN, flags), 0x7fc00001, IOC);
    CHK(fp_rsqrt_estimate(0x7ff0000000000001ull, 64, DN, flags), D_QNAN, IOC);
    CHK(fp_recpx(0xfd00, 16, RN, flags), 0xff00, IOC);                     /* -SNaN quietened */

    /* FPProcessNaNs3 in FPMulAdd: the addend is the first operand. */
    CHK(fp_muladd(0x7fc00001, 0x7f800002, S_ONE, 32, RN, flags), 0x7fc00002, IOC);
    CHK(fp_muladd(0x7f800001, 0x7fc00002, S_ONE, 32, RN, flags), 0x7fc00001, IOC);
    CHK(fp_muladd(0x7fc00001, 0x7fc00002, 0x7fc00003, 32, RN, flags), 0x7fc00001, 0);
    CHK(fp_muladd(S_ONE, 0x7fc00002, 0x7f800003, 32, RN, flags), 0x7fc00003, IOC);
    CHK(fp_muladd(S_ONE, S_ONE, 0x7fc00003, 32, RN, flags), 0x7fc00003, 0);
    /* A quiet-NaN addend with inf * 0: Invalid and the default NaN, not the addend. */
    CHK(fp_muladd(0x7fc00001, S_INF, 0, 32, RN, flags), S_QNAN, IOC);
    CHK(fp_muladd(0x7e01, 0x8000, 0xfc00, 16, RN, flags), H_QNAN, IOC);
    CHK(fp_muladd(0x7ff8000000000001ull, 0, D_INF, 64, RN, flags), D_QNAN, IOC);
    /* ...but a signalling NaN addend is just processed. */
    CHK(fp_muladd(0x7f800001, S_INF, 0, 32, RN, flags), 0x7fc00001, IOC);

    /* FRECPS/FRSQRTS negate the first operand before anything else, NaNs included. */
    CHK(fp_recip_step(0x7fc00001, S_ONE, 32, RN, flags), 0xffc00001, 0);
    CHK(fp_rsqrt_step(S_ONE, 0x7fc00001, 32, RN, flags), 0x7fc00001, 0);
    CHK(fp_recip_step(0xfd00, H_ONE, 16, RN, flags), 0x7f00, IOC);
}
END_TEST

START_TEST(invalid_operations)
{
    CHK(fp_add(S_INF, S_NINF, 32, RN, flags), S_QNAN, IOC);         /* inf + -inf */
    CHK(fp_sub(S_INF, S_INF, 32, RN, flags), S_QNAN, IOC);          /* inf - inf */
    CHK(fp_sub(S_INF, S_NINF, 32, RN, flags), S_INF, 0);            /* inf - -inf */
    CHK(fp_add(S_NINF, S_ONE, 32, RN, flags), S_NINF, 0);
    CHK(fp_mul(S_INF, 0x80000000, 32, RN, flags), S_QNAN, IOC);     /* inf * -0 */
    CHK(fp_mul(H_INF, 0, 16, RN, flags), H_QNAN, IOC);
    CHK(fp_mul(0, D_INF, 64, RN, flags), D_QNAN, IOC);
    CHK(fp_mulx(S_INF, 0x80000000, 32, RN, flags), 0xc0000000, 0);  /* FMULX: -2.0 */
    CHK(fp_mulx(0x8000, 0xfc00, 16, RN, flags), H_TWO, 0);          /* -0 * -inf = +2.0 */
    CHK(fp_mulx(0, D_INF, 64, RN, flags), D_TWO, 0);
    CHK(fp_mulx(0x40400000, S_TWO, 32, RN, flags), 0x40c00000, 0);  /* 3 * 2 = 6 */
    CHK(fp_div(0, 0x80000000, 32, RN, flags), S_QNAN, IOC);         /* 0 / -0 */
    CHK(fp_div(S_INF, S_NINF, 32, RN, flags), S_QNAN, IOC);
    CHK(fp_div(S_ONE, 0, 32, RN, flags), S_INF, DZC);               /* 1 / 0 */
    CHK(fp_div(0xbc00, 0, 16, RN, flags), 0xfc00, DZC);             /* -1 / +0 */
    CHK(fp_div(D_ONE, 0x8000000000000000ull, 64, RN, flags), 0xfff0000000000000ull, DZC);
    CHK(fp_div(S_INF, 0, 32, RN, flags), S_INF, 0);                 /* inf / 0: no DZC */
    CHK(fp_div(0x80000000, S_TWO, 32, RN, flags), 0x80000000, 0);   /* -0 / 2 */
    CHK(fp_div(S_ONE, S_NINF, 32, RN, flags), 0x80000000, 0);       /* 1 / -inf = -0 */
    CHK(fp_sqrt(0xbf800000, 32, RN, flags), S_QNAN, IOC);           /* sqrt(-1) */
    CHK(fp_sqrt(S_NINF, 32, RN, flags), S_QNAN, IOC);
    CHK(fp_sqrt(0x80000000, 32, RN, flags), 0x80000000, 0);         /* sqrt(-0) = -0 */
    CHK(fp_sqrt(D_INF, 64, RN, flags), D_INF, 0);
    CHK(fp_muladd(S_NINF, S_INF, S_ONE, 32, RN, flags), S_QNAN, IOC); /* -inf + inf*1 */
    CHK(fp_muladd(S_INF, S_INF, S_ONE, 32, RN, flags), S_INF, 0);
    CHK(fp_muladd(S_ONE, S_NINF, S_TWO, 32, RN, flags), S_NINF, 0);
    CHK(fp_muladd(S_NINF, S_ONE, S_TWO, 32, RN, flags), S_NINF, 0);
}
END_TEST

/* ---- Signed zeros ---- */

START_TEST(signed_zeros)
{
    CHK(fp_add(0, 0x80000000, 32, RN, flags), 0, 0);                /* +0 + -0 = +0 */
    CHK(fp_add(0, 0x80000000, 32, RM, flags), 0x80000000, 0);       /* ...-0 rounding down */
    CHK(fp_add(0x80000000, 0x80000000, 32, RN, flags), 0x80000000, 0);
    CHK(fp_sub(0, 0, 32, RN, flags), 0, 0);                         /* +0 - +0 = +0 */
    CHK(fp_sub(0, 0, 32, RM, flags), 0x80000000, 0);
    CHK(fp_sub(0x80000000, 0, 32, RN, flags), 0x80000000, 0);       /* -0 - +0 = -0 */
    CHK(fp_add(S_ONE, 0xbf800000, 32, RN, flags), 0, 0);            /* 1 + -1 = +0 */
    CHK(fp_add(S_ONE, 0xbf800000, 32, RP, flags), 0, 0);
    CHK(fp_add(S_ONE, 0xbf800000, 32, RZ, flags), 0, 0);
    CHK(fp_add(S_ONE, 0xbf800000, 32, RM, flags), 0x80000000, 0);   /* ...but -0 under RM */
    CHK(fp_sub(D_ONE, D_ONE, 64, RM, flags), 0x8000000000000000ull, 0);
    CHK(fp_sub(H_ONE, H_ONE, 16, RN, flags), 0, 0);
    CHK(fp_add(0x80000000, 0x3f800000, 32, RN, flags), S_ONE, 0);   /* -0 + 1 = 1 */
    CHK(fp_add(0xc0000000, 0x80000000, 32, RN, flags), 0xc0000000, 0);
    CHK(fp_mul(0x80000000, 0x40a00000, 32, RN, flags), 0x80000000, 0); /* -0 * 5 */
    CHK(fp_mul(0x8000, 0x8000, 16, RN, flags), 0, 0);               /* -0 * -0 = +0 */
    /* FPMulAdd: zero results. Same-signed zeros keep the sign; otherwise the mode decides. */
    CHK(fp_muladd(0x80000000, 0, 0xbf800000, 32, RN, flags), 0x80000000, 0); /* -0 + 0*-1 */
    CHK(fp_muladd(0, 0x80000000, S_ONE, 32, RN, flags), 0, 0);      /* +0 + -0*1 */
    CHK(fp_muladd(0, 0x80000000, S_ONE, 32, RM, flags), 0x80000000, 0);
    CHK(fp_muladd(0xbf800000, S_ONE, S_ONE, 32, RN, flags), 0, 0);  /* -1 + 1*1 */
    CHK(fp_muladd(0xbf800000, S_ONE, S_ONE, 32, RM, flags), 0x80000000, 0);
    CHK(fp_muladd(0x40400000, 0, S_ONE, 32, RN, flags), 0x40400000, 0);   /* 3 + 0*1 = 3 */
    CHK(fp_muladd(0, 0x40400000, S_ONE, 32, RN, flags), 0x40400000, 0);   /* 0 + 3*1 = 3 */
}
END_TEST

/* ---- Denormals, flush to zero, underflow ---- */

START_TEST(denormals_single_double)
{
    /* Denormal arithmetic is exact when it can be: no Underflow without Inexact. */
    CHK(fp_add(0x00000001, 0x00000001, 32, RN, flags), 0x00000002, 0);
    CHK(fp_mul(S_MINN, S_HALF, 32, RN, flags), 0x00400000, 0);      /* 2^-126 * 0.5 = 2^-127 */
    CHK(fp_sub(0x00800001, S_MINN, 32, RN, flags), 0x00000001, 0);  /* 2^-149 */
    /* FZ: denormal inputs read as zero of their sign and raise Input Denormal. */
    CHK(fp_add(0x00000001, S_ONE, 32, FZ, flags), S_ONE, IDC);
    CHK(fp_add(0x00000001, 0x00000001, 32, FZ, flags), 0, IDC);
    CHK(fp_add(0x80000001, 0x00000001, 32, FZ | RM, flags), 0x80000000, IDC); /* -0 + +0, RM */
    CHK(fp_mul(0x80400000, S_INF, 32, FZ, flags), S_QNAN, IDC | IOC);         /* -0 * inf */
    CHK(fp_div(S_ONE, 0x00000010, 32, FZ, flags), S_INF, IDC | DZC);
    CHK(fp_add(0x0000000000000001ull, 0, 64, FZ, flags), 0, IDC);
    CHK(fp_add(0x8000000000000001ull, D_ONE, 64, RN, flags), D_ONE, IXC);     /* 1 - 2^-1074 */
    CHK(fp_add(0x8000000000000001ull, D_ONE, 64, RM, flags), 0x3fefffffffffffffull, IXC);
    /* FZ on a tiny result: zero of the same sign, Underflow but not Inexact, even when the
     * result would have been exact. */
    CHK(fp_mul(S_MINN, S_HALF, 32, FZ, flags), 0, UFC);
    CHK(fp_mul(S_MINN, 0xbf000000, 32, FZ, flags), 0x80000000, UFC);          /* * -0.5 */
    CHK(fp_mul(0x0010000000000000ull, 0x3fe0000000000000ull, 64, FZ, flags), 0, UFC);
    /* Tininess before rounding: 2^-126 * (1 - 2^-24) rounds up to 2^-126 (a normal), but the
     * unrounded value was tiny and inexact, so Underflow is raised (x86 would not). */
    CHK(fp_mul(S_MINN, 0x3f7fffff, 32, RN, flags), S_MINN, UFC | IXC);
    CHK(fp_mul(S_MINN, 0x3f7fffff, 32, RZ, flags), 0x007fffff, UFC | IXC);
    /* ...and FZ flushes it even though it would round to a normal. */
    CHK(fp_mul(S_MINN, 0x3f7fffff, 32, FZ, flags), 0, UFC);
    CHK(fp_mul(0x0010000000000000ull, 0x3fefffffffffffffull, 64, RN, flags),
        0x0010000000000000ull, UFC | IXC);
    /* 3 * 2^-149 * 0.5 = 1.5 ulp of the smallest denormal, in each mode. */
    CHK(fp_mul(0x00000003, S_HALF, 32, RN, flags), 0x00000002, UFC | IXC);    /* tie: even */
    CHK(fp_mul(0x00000003, S_HALF, 32, RZ, flags), 0x00000001, UFC | IXC);
    CHK(fp_mul(0x00000003, S_HALF, 32, RP, flags), 0x00000002, UFC | IXC);
    CHK(fp_mul(0x80000003, S_HALF, 32, RP, flags), 0x80000001, UFC | IXC);
    CHK(fp_mul(0x80000003, S_HALF, 32, RM, flags), 0x80000002, UFC | IXC);
    /* Smaller than half the smallest denormal: 0 or the smallest denormal by mode. */
    CHK(fp_mul(0x00000001, 0x3e800000, 32, RN, flags), 0, UFC | IXC);         /* * 0.25 */
    CHK(fp_mul(0x00000001, 0x3e800000, 32, RP, flags), 0x00000001, UFC | IXC);
    CHK(fp_mul(0x80000001, 0x3e800000, 32, RM, flags), 0x80000001, UFC | IXC);
    CHK(fp_mul(0x00000001, S_HALF, 32, RN, flags), 0, UFC | IXC);             /* tie to 0 */
    CHK(fp_mul(0x00000001, 0x3f400000, 32, RN, flags), 0x00000001, UFC | IXC);/* * 0.75 */
    CHK(fp_div(0x00000001, 0x40400000, 32, RN, flags), 0, UFC | IXC);         /* / 3 */
    /* Denormal inputs to sqrt and div are normalised exactly. */
    CHK(fp_sqrt(0x00000001, 32, RN, flags), 0x1a3504f3, IXC);                 /* 2^-74.5 */
    CHK(fp_sqrt(0x0000000000000004ull, 64, RN, flags), 0x1e70000000000000ull, 0); /* 2^-536 */
    CHK(fp_div(0x00000001, 0x00000002, 32, RN, flags), S_HALF, 0);
}
END_TEST

START_TEST(denormals_half)
{
    /* FZ16 flushes half-precision denormal inputs without Input Denormal (FPUnpackBase). */
    CHK(fp_add(0x0001, H_ONE, 16, RN, flags), H_ONE, IXC);          /* 1 + 2^-24 */
    CHK(fp_add(0x0001, H_ONE, 16, FZ16, flags), H_ONE, 0);
    CHK(fp_add(0x0001, H_ONE, 16, FZ16 | RP, flags), H_ONE, 0);
    CHK(fp_add(0x0001, H_ONE, 16, RP, flags), 0x3c01, IXC);
    CHK(fp_add(0x8001, 0x0001, 16, FZ16, flags), 0, 0);             /* -0 + +0 */
    /* FZ does not touch half precision, FZ16 does not touch single. */
    CHK(fp_add(0x0001, 0x0001, 16, FZ, flags), 0x0002, 0);
    CHK(fp_add(0x00000001, 0x00000001, 32, FZ16, flags), 0x00000002, 0);
    /* Tiny results: FZ16 flushes them with Underflow. */
    CHK(fp_mul(0x0400, 0x3800, 16, RN, flags), 0x0200, 0);          /* 2^-14 * 0.5, exact */
    CHK(fp_mul(0x0400, 0x3800, 16, FZ16, flags), 0, UFC);
    CHK(fp_mul(0x8400, 0x3800, 16, FZ16, flags), 0x8000, UFC);
    CHK(fp_mul(0x0400, 0x3bff, 16, RN, flags), 0x0400, UFC | IXC);  /* tiny before rounding */
    CHK(fp_mul(0x0003, 0x3800, 16, RN, flags), 0x0002, UFC | IXC);  /* 1.5 ulp: tie to even */
    CHK(fp_mul(0x0003, 0x3800, 16, RZ, flags), 0x0001, UFC | IXC);
}
END_TEST

/* ---- Rounding modes and overflow ---- */

START_TEST(rounding_modes)
{
    /* 1 + 2^-24 is exactly half an ulp above 1: a tie. */
    CHK(fp_add(S_ONE, 0x33800000, 32, RN, flags), S_ONE, IXC);     /* tie to even: down */
    CHK(fp_add(S_ONE, 0x33800000, 32, RP, flags), 0x3f800001, IXC);
    CHK(fp_add(S_ONE, 0x33800000, 32, RM, flags), S_ONE, IXC);
    CHK(fp_add(S_ONE, 0x33800000, 32, RZ, flags), S_ONE, IXC);
    CHK(fp_add(0x3f800001, 0x33800000, 32, RN, flags), 0x3f800002, IXC); /* tie to even: up */
    CHK(fp_add(0xbf800000, 0xb3800000, 32, RN, flags), 0xbf800000, IXC); /* -1 - 2^-24 */
    CHK(fp_add(0xbf800000, 0xb3800000, 32, RP, flags), 0xbf800000, IXC);
    CHK(fp_add(0xbf800000, 0xb3800000, 32, RM, flags), 0xbf800001, IXC);
    CHK(fp_add(0xbf800000, 0xb3800000, 32, RZ, flags), 0xbf800000, IXC);
    /* Just above and below the tie. */
    CHK(fp_add(S_ONE, 0x33800001, 32, RN, flags), 0x3f800001, IXC);
    CHK(fp_add(S_ONE, 0x337fffff, 32, RN, flags), S_ONE, IXC);
    /* Below 1 the ulp is 2^-24, so 1 - 2^-25 is a tie between 1 - 2^-24 (odd) and 1 (even). */
    CHK(fp_sub(S_ONE, 0x33000000, 32, RN, flags), S_ONE, IXC);
    CHK(fp_sub(S_ONE, 0x33000000, 32, RZ, flags), 0x3f7fffff, IXC);
    CHK(fp_sub(S_ONE, 0x32800000, 32, RN, flags), S_ONE, IXC);      /* 1 - 2^-26 */
    /* Double: 1 + 2^-53 and 1 + 3 * 2^-53. */
    CHK(fp_add(D_ONE, 0x3ca0000000000000ull, 64, RN, flags), D_ONE, IXC);
    CHK(fp_add(D_ONE, 0x3ca0000000000000ull, 64, RP, flags), 0x3ff0000000000001ull, IXC);
    CHK(fp_add(D_ONE, 0x3cb8000000000000ull, 64, RN, flags), 0x3ff0000000000002ull, IXC);
    /* Half: 1 + 2^-11 ties to 1; 1 + 3 * 2^-11 ties up to 1 + 2^-9. */
    CHK(fp_add(H_ONE, 0x1000, 16, RN, flags), H_ONE, IXC);
    CHK(fp_add(H_ONE, 0x1000, 16, RP, flags), 0x3c01, IXC);
    CHK(fp_add(H_ONE, 0x1600, 16, RN, flags), 0x3c02, IXC);
    /* Exact results raise nothing. */
    CHK(fp_add(S_ONE, S_ONE, 32, RN, flags), S_TWO, 0);
    CHK(fp_div(0x40400000, 0x40400000, 32, RN, flags), S_ONE, 0);
    CHK(fp_sqrt(0x40800000, 32, RN, flags), S_TWO, 0);              /* sqrt(4) = 2 */
    CHK(fp_sqrt(0x3f800000, 32, RN, flags), S_ONE, 0);
    CHK(fp_sqrt(0x40000000, 32, RN, flags), 0x3fb504f3, IXC);       /* sqrt(2) */
    CHK(fp_sqrt(0x40000000, 32, RZ, flags), 0x3fb504f3, IXC);
    CHK(fp_sqrt(0x40000000, 32, RP, flags), 0x3fb504f4, IXC);
    CHK(fp_sqrt(D_TWO, 64, RN, flags), 0x3ff6a09e667f3bcdull, IXC);
    CHK(fp_sqrt(D_TWO, 64, RM, flags), 0x3ff6a09e667f3bccull, IXC);
    CHK(fp_sqrt(H_TWO, 16, RN, flags), 0x3da8, IXC);                /* 1.4141 */
    CHK(fp_div(S_ONE, 0x40400000, 32, RN, flags), 0x3eaaaaab, IXC); /* 1/3 */
    CHK(fp_div(S_ONE, 0x40400000, 32, RZ, flags), 0x3eaaaaaa, IXC);
    CHK(fp_div(D_ONE, 0x4008000000000000ull, 64, RN, flags), 0x3fd5555555555555ull, IXC);
    CHK(fp_div(H_ONE, 0x4200, 16, RN, flags), 0x3555, IXC);         /* 1/3 = 0.33325 */
}
END_TEST

START_TEST(overflow)
{
    CHK(fp_mul(S_MAX, S_TWO, 32, RN, flags), S_INF, OFC | IXC);
    CHK(fp_mul(S_MAX, S_TWO, 32, RP, flags), S_INF, OFC | IXC);
    CHK(fp_mul(S_MAX, S_TWO, 32, RM, flags), S_MAX, OFC | IXC);
    CHK(fp_mul(S_MAX, S_TWO, 32, RZ, flags), S_MAX, OFC | IXC);
    CHK(fp_mul(0xff7fffff, S_TWO, 32, RN, flags), S_NINF, OFC | IXC);
    CHK(fp_mul(0xff7fffff, S_TWO, 32, RP, flags), 0xff7fffff, OFC | IXC);
    CHK(fp_mul(0xff7fffff, S_TWO, 32, RM, flags), S_NINF, OFC | IXC);
    CHK(fp_mul(0xff7fffff, S_TWO, 32, RZ, flags), 0xff7fffff, OFC | IXC);
    CHK(fp_mul(D_MAX, D_TWO, 64, RN, flags), D_INF, OFC | IXC);
    CHK(fp_mul(D_MAX, D_TWO, 64, RZ, flags), D_MAX, OFC | IXC);
    CHK(fp_div(D_MAX, 0x3fe0000000000000ull, 64, RM, flags), D_MAX, OFC | IXC);
    CHK(fp_add(H_MAX, H_MAX, 16, RN, flags), H_INF, OFC | IXC);
    CHK(fp_add(H_MAX, H_MAX, 16, RZ, flags), H_MAX, OFC | IXC);
    /* Overflow is decided after rounding: 65504 + 16 = 65520 ties to even, which is 65536. */
    CHK(fp_add(H_MAX, 0x4c00, 16, RN, flags), H_INF, OFC | IXC);
    CHK(fp_add(H_MAX, 0x4800, 16, RN, flags), H_MAX, IXC);           /* + 8: back to 65504 */
    /* The largest single's ulp is 2^104. */
    CHK(fp_add(S_MAX, 0x72800000, 32, RN, flags), S_MAX, IXC);       /* + 2^102: quarter ulp */
    CHK(fp_add(S_MAX, 0x73000000, 32, RN, flags), S_INF, OFC | IXC); /* + 2^103: tie, even is up */
    CHK(fp_add(S_MAX, 0x73000000, 32, RZ, flags), S_MAX, IXC);       /* below 2^128: no overflow */
    CHK(fp_add(S_MAX, 0x73800000, 32, RZ, flags), S_MAX, OFC | IXC); /* exactly 2^128 */
}
END_TEST

/* ---- Fused multiply-add ---- */

START_TEST(fused_single_rounding)
{
    uint32_t fl = 0;
    /* (1 + 2^-12)^2 - (1 + 2^-11) = 2^-24 exactly. Rounded separately, the product ties to
     * 1 + 2^-11 and the sum is 0. */
    CHK(fp_muladd(0xbf801000, 0x3f800800, 0x3f800800, 32, RN, flags), 0x33800000, 0);
    uint64_t p = fp_mul(0x3f800800, 0x3f800800, 32, RN, &fl);
    ck_assert_uint_eq(fp_add(0xbf801000, p, 32, RN, &fl), 0);
    /* Double: (1 + 2^-25)^2 - (1 + 2^-24) = 2^-50. */
    CHK(fp_muladd(0xbff0000010000000ull, 0x3ff0000008000000ull, 0x3ff0000008000000ull, 64, RN,
                  flags), 0x3cd0000000000000ull, 0);
    /* Half: (1 + 2^-6)^2 - (1 + 2^-5) = 2^-12. */
    CHK(fp_muladd(0xbc20, 0x3c10, 0x3c10, 16, RN, flags), 0x0c00, 0);
    /* Rounded once at the end: 1 + 2^-24 * (1 + 2^-23) (op1 * op2 below half an ulp of 1 plus
     * a bit) rounds up; 1 + 2^-24 alone ties to 1. */
    CHK(fp_muladd(S_ONE, 0x33800000, 0x3f800001, 32, RN, flags), 0x3f800001, IXC);
    CHK(fp_muladd(S_ONE, 0x33800000, S_ONE, 32, RN, flags), S_ONE, IXC);
    /* A far-below addend: 2^100 * 2^100 - 2^-100 overflows; 2^64 * 2^64 - 2^-100 is just
     * below 2^128, so RZ gives the largest single without overflow. */
    CHK(fp_muladd(0x8d800000, 0x71800000, 0x71800000, 32, RZ, flags), 0x7f7fffff, OFC | IXC);
    CHK(fp_muladd(0x8d800000, 0x71800000, 0x71800000, 32, RN, flags), S_INF, OFC | IXC);
    CHK(fp_muladd(0x8d800000, 0x5f800000, 0x5f800000, 32, RZ, flags), 0x7f7fffff, IXC); /* 2^128 - 2^-100 */
    /* A tiny exact product plus a big addend: 1 + 2^-149 * 2^-149 under RP. */
    CHK(fp_muladd(S_ONE, 0x00000001, 0x00000001, 32, RP, flags), 0x3f800001, IXC);
    CHK(fp_muladd(S_ONE, 0x00000001, 0x80000001, 32, RM, flags), 0x3f7fffff, IXC);
    /* FMLS-style: addend - op1*op2 with a denormal exact result. */
    CHK(fp_muladd(0x00800001, 0x80800000, S_ONE, 32, RN, flags), 0x00000001, 0);
    CHK(fp_muladd(0x00800001, 0x80800000, S_ONE, 32, FZ, flags), 0, UFC);
}
END_TEST

/* ---- FPMax, FPMin, FPMaxNum, FPMinNum ---- */

START_TEST(max_min)
{
    CHK(fp_max(0, 0x80000000, 32, RN, flags), 0, 0);                /* max(+0, -0) = +0 */
    CHK(fp_max(0x80000000, 0, 32, RN, flags), 0, 0);
    CHK(fp_min(0, 0x80000000, 32, RN, flags), 0x80000000, 0);       /* min(+0, -0) = -0 */
    CHK(fp_min(0x80000000, 0, 32, RN, flags), 0x80000000, 0);
    CHK(fp_max(0x8000, 0x8000, 16, RN, flags), 0x8000, 0);
    CHK(fp_max(S_ONE, S_TWO, 32, RN, flags), S_TWO, 0);
    CHK(fp_min(S_ONE, S_TWO, 32, RN, flags), S_ONE, 0);
    CHK(fp_min(S_NINF, S_ONE, 32, RN, flags), S_NINF, 0);
    CHK(fp_max(S_INF, S_MAX, 32, RN, flags), S_INF, 0);
    CHK(fp_max(0xbf800000, 0xc0000000, 32, RN, flags), 0xbf800000, 0); /* max(-1, -2) */
    CHK(fp_min(0xbff0000000000000ull, 0xc000000000000000ull, 64, RN, flags), 0xc000000000000000ull, 0);
    CHK(fp_max(0x00000001, 0x80000005, 32, RN, flags), 0x00000001, 0); /* denormals kept */
    CHK(fp_max(S_ONE, 0x7fc00001, 32, RN, flags), 0x7fc00001, 0);   /* FPMax propagates NaNs */
    /* FPMaxNum/FPMinNum: a single quiet NaN loses. */
    CHK(fp_maxnum(S_ONE, 0x7fc00001, 32, RN, flags), S_ONE, 0);
    CHK(fp_maxnum(0x7fc00001, S_ONE, 32, RN, flags), S_ONE, 0);
    CHK(fp_minnum(0x7fc00001, S_ONE, 32, RN, flags), S_ONE, 0);
    CHK(fp_maxnum(0x7fc00001, S_NINF, 32, RN, flags), S_NINF, 0);
    CHK(fp_minnum(0x7fc00001, S_INF, 32, RN, flags), S_INF, 0);
    CHK(fp_minnum(D_QNAN, D_ONE, 64, RN, flags), D_ONE, 0);
    CHK(fp_maxnum(0x7e00, 0xbc00, 16, RN, flags), 0xbc00, 0);
    /* ...but signalling NaNs and pairs of quiet NaNs are processed as usual. */
    CHK(fp_maxnum(0x7f800001, S_ONE, 32, RN, flags), 0x7fc00001, IOC);
    CHK(fp_maxnum(0x7fc00001, 0x7f800002, 32, RN, flags), 0x7fc00002, IOC);
    CHK(fp_minnum(0x7fc00001, 0x7fc00002, 32, RN, flags), 0x7fc00001, 0);
    CHK(fp_minnum(0x7fc00001, 0x7fc00002, 32, DN, flags), S_QNAN, 0);
    /* Flushed denormals are zeros of their sign. */
    CHK(fp_max(0x00000001, 0x80000000, 32, FZ, flags), 0, IDC);
    CHK(fp_min(0x80000001, 0, 32, FZ, flags), 0x80000000, IDC);
    CHK(fp_min(0x0001, 0x8000, 16, FZ16, flags), 0x8000, 0);
    CHK(fp_maxnum(0x7fc00000, 0x00000001, 32, FZ, flags), 0, IDC);
}
END_TEST

/* ---- Comparisons ---- */

START_TEST(compares)
{
    CHK(fp_compare(S_ONE, S_TWO, 32, false, RN, flags), 0x8, 0);    /* less: N */
    CHK(fp_compare(S_TWO, S_ONE, 32, false, RN, flags), 0x2, 0);    /* greater: C */
    CHK(fp_compare(0, 0x80000000, 32, false, RN, flags), 0x6, 0);   /* +0 == -0: ZC */
    CHK(fp_compare(0xbf800000, 0xc0000000, 32, false, RN, flags), 0x2, 0); /* -1 > -2 */
    CHK(fp_compare(S_NINF, 0xff7fffff, 32, false, RN, flags), 0x8, 0);
    CHK(fp_compare(S_INF, S_INF, 32, false, RN, flags), 0x6, 0);
    CHK(fp_compare(S_QNAN, S_ONE, 32, false, RN, flags), 0x3, 0);   /* unordered: CV */
    CHK(fp_compare(S_QNAN, S_ONE, 32, true, RN, flags), 0x3, IOC);  /* FCMPE */
    CHK(fp_compare(S_ONE, 0x7f800001, 32, false, RN, flags), 0x3, IOC);
    CHK(fp_compare(0x00000001, 0, 32, false, RN, flags), 0x2, 0);
    CHK(fp_compare(0x00000001, 0, 32, false, FZ, flags), 0x6, IDC);
    CHK(fp_compare(0x0001, 0, 16, false, FZ16, flags), 0x6, 0);
    CHK(fp_compare(H_ONE, 0xbc00, 16, false, RN, flags), 0x2, 0);
    CHK(fp_compare(D_ONE, D_TWO, 64, false, RN, flags), 0x8, 0);
    CHK(fp_compare(0x8000000000000001ull, 0x8000000000000002ull, 64, false, RN, flags), 0x2, 0);
    CHK(fp_compare_eq(S_QNAN, S_QNAN, 32, RN, flags), false, 0);   /* quiet compare */
    CHK(fp_compare_eq(0x7f800001, S_ONE, 32, RN, flags), false, IOC);
    CHK(fp_compare_eq(0, 0x80000000, 32, RN, flags), true, 0);
    CHK(fp_compare_eq(H_ONE, H_ONE, 16, RN, flags), true, 0);
    CHK(fp_compare_ge(S_ONE, S_ONE, 32, RN, flags), true, 0);
    CHK(fp_compare_ge(S_ONE, S_TWO, 32, RN, flags), false, 0);
    CHK(fp_compare_ge(0, 0x80000000, 32, RN, flags), true, 0);
    CHK(fp_compare_ge(S_QNAN, S_ONE, 32, RN, flags), false, IOC);   /* signalling compares */
    CHK(fp_compare_gt(S_TWO, S_ONE, 32, RN, flags), true, 0);
    CHK(fp_compare_gt(S_ONE, S_ONE, 32, RN, flags), false, 0);
    CHK(fp_compare_gt(0, 0x80000000, 32, RN, flags), false, 0);
    CHK(fp_compare_gt(D_ONE, D_QNAN, 64, RN, flags), false, IOC);
    CHK(fp_compare_gt(0x00000001, 0, 32, FZ, flags), false, IDC);
}
END_TEST

/* ---- FPRoundInt ---- */

START_TEST(round_int)
{
    const uint64_t S_2_5 = 0x40200000, S_M2_5 = 0xc0200000; /* 2.5, -2.5 */
    CHK(fp_round_int(S_2_5, 32, FPROUND_TIEEVEN, true, RN, flags), S_TWO, IXC);  /* FRINTX */
    CHK(fp_round_int(S_2_5, 32, FPROUND_TIEEVEN, false, RN, flags), S_TWO, 0);   /* FRINTN */
    CHK(fp_round_int(0x40600000, 32, FPROUND_TIEEVEN, false, RN, flags), 0x40800000, 0); /* 3.5: 4 */
    CHK(fp_round_int(S_2_5, 32, FPROUND_TIEAWAY, false, RN, flags), 0x40400000, 0);      /* 3 */
    CHK(fp_round_int(S_M2_5, 32, FPROUND_TIEAWAY, false, RN, flags), 0xc0400000, 0);     /* -3 */
    CHK(fp_round_int(S_M2_5, 32, FPROUND_TIEEVEN, false, RN, flags), 0xc0000000, 0);     /* -2 */
    CHK(fp_round_int(S_HALF, 32, FPROUND_TIEAWAY, false, RN, flags), S_ONE, 0);
    CHK(fp_round_int(S_HALF, 32, FPROUND_TIEEVEN, true, RN, flags), 0, IXC);
    CHK(fp_round_int(0xbe800000, 32, FPROUND_TIEEVEN, true, RN, flags), 0x80000000, IXC); /* -0.25: -0 */
    CHK(fp_round_int(0xbf400000, 32, FPROUND_POSINF, false, RN, flags), 0x80000000, 0);   /* -0.75: -0 */
    CHK(fp_round_int(0x3e99999a, 32, FPROUND_NEGINF, false, RN, flags), 0, 0);            /* 0.3: +0 */
    CHK(fp_round_int(0x3fc00000, 32, FPROUND_ZERO, false, RN, flags), S_ONE, 0);          /* 1.5 */
    CHK(fp_round_int(0xbfc00000, 32, FPROUND_ZERO, false, RN, flags), 0xbf800000, 0);     /* -1.5 */
    CHK(fp_round_int(0xbfc00000, 32, FPROUND_NEGINF, false, RN, flags), 0xc0000000, 0);
    CHK(fp_round_int(0xbfc00000, 32, FPROUND_POSINF, false, RN, flags), 0xbf800000, 0);
    CHK(fp_round_int(0x3fc00000, 32, FPROUND_POSINF, false, RN, flags), S_TWO, 0);
    CHK(fp_round_int(S_TWO, 32, FPROUND_TIEEVEN, true, RN, flags), S_TWO, 0);             /* exact */
    CHK(fp_round_int(0x4e800000, 32, FPROUND_TIEEVEN, true, RN, flags), 0x4e800000, 0);   /* 2^30 */
    CHK(fp_round_int(0x4affffff, 32, FPROUND_TIEEVEN, true, RN, flags), 0x4b000000, IXC); /* 8388607.5 */
    CHK(fp_round_int(0x00000001, 32, FPROUND_POSINF, true, RN, flags), S_ONE, IXC);
    CHK(fp_round_int(0x00000001, 32, FPROUND_POSINF, true, FZ, flags), 0, IDC);
    CHK(fp_round_int(S_NINF, 32, FPROUND_TIEEVEN, true, RN, flags), S_NINF, 0);
    CHK(fp_round_int(0x80000000, 32, FPROUND_POSINF, true, RN, flags), 0x80000000, 0);
    CHK(fp_round_int(0x3e00, 16, FPROUND_TIEEVEN, true, RN, flags), H_TWO, IXC);          /* 1.5 */
    CHK(fp_round_int(0x3e00, 16, FPROUND_ZERO, true, RN, flags), H_ONE, IXC);
    CHK(fp_round_int(H_MAX, 16, FPROUND_TIEEVEN, true, RN, flags), H_MAX, 0);
    CHK(fp_round_int(0x0001, 16, FPROUND_POSINF, true, FZ16, flags), 0, 0);               /* no IDC */
    CHK(fp_round_int(0x4004000000000000ull, 64, FPROUND_TIEEVEN, true, RN, flags), D_TWO, IXC);
    CHK(fp_round_int(0x432fffffffffffffull, 64, FPROUND_TIEEVEN, true, RN, flags),
        0x4330000000000000ull, IXC);                                 /* 2^52 - 0.5: up to 2^52 */
    CHK(fp_round_int(0x432fffffffffffffull, 64, FPROUND_ZERO, true, RN, flags),
        0x432ffffffffffffeull, IXC);
    CHK(fp_round_int(0x4330000000000001ull, 64, FPROUND_TIEEVEN, true, RN, flags),
        0x4330000000000001ull, 0);                                   /* 2^52 + 1 */
    CHK(fp_round_int(0x8000000000000001ull, 64, FPROUND_NEGINF, true, RN, flags),
        0xbff0000000000000ull, IXC);                                 /* -2^-1074: -1 */
}
END_TEST

/* ---- FPToFixed ---- */

START_TEST(to_fixed)
{
    const FPRounding TE = FPROUND_TIEEVEN;
    CHK(fp_to_fixed(0x3fc00000, 32, 0, false, 32, TE, RN, flags), 2, IXC);                 /* 1.5 */
    CHK(fp_to_fixed(0x40200000, 32, 0, false, 32, TE, RN, flags), 2, IXC);                 /* 2.5 */
    CHK(fp_to_fixed(0x40200000, 32, 0, false, 32, FPROUND_TIEAWAY, RN, flags), 3, IXC);
    CHK(fp_to_fixed(0xc0200000, 32, 0, false, 32, FPROUND_TIEAWAY, RN, flags), (uint64_t)-3, IXC);
    CHK(fp_to_fixed(0xbfc00000, 32, 0, false, 32, TE, RN, flags), (uint64_t)-2, IXC);      /* -1.5 */
    CHK(fp_to_fixed(0xbfc00000, 32, 0, false, 32, FPROUND_ZERO, RN, flags), (uint64_t)-1, IXC);
    CHK(fp_to_fixed(0xbfc00000, 32, 0, false, 32, FPROUND_POSINF, RN, flags), (uint64_t)-1, IXC);
    CHK(fp_to_fixed(0xbfc00000, 32, 0, false, 32, FPROUND_NEGINF, RN, flags), (uint64_t)-2, IXC);
    CHK(fp_to_fixed(0x3fc00000, 32, 0, false, 32, FPROUND_NEGINF, RN, flags), 1, IXC);
    CHK(fp_to_fixed(0x42c80000, 32, 0, false, 32, TE, RN, flags), 100, 0);                 /* exact */
    /* Saturation: Invalid, not Inexact. */
    CHK(fp_to_fixed(0x4f000000, 32, 0, false, 32, TE, RN, flags), 0x7fffffff, IOC);        /* 2^31 */
    CHK(fp_to_fixed(0xcf000000, 32, 0, false, 32, TE, RN, flags), 0xffffffff80000000ull, 0); /* -2^31 */
    CHK(fp_to_fixed(0xcf000001, 32, 0, false, 32, TE, RN, flags), 0xffffffff80000000ull, IOC);
    CHK(fp_to_fixed(0x4f000000, 32, 0, true, 32, TE, RN, flags), 0x80000000, 0);
    CHK(fp_to_fixed(0x4f800000, 32, 0, true, 32, TE, RN, flags), 0xffffffff, IOC);         /* 2^32 */
    CHK(fp_to_fixed(0xbf800000, 32, 0, true, 32, TE, RN, flags), 0, IOC);                  /* -1 */
    CHK(fp_to_fixed(0xbe800000, 32, 0, true, 32, FPROUND_ZERO, RN, flags), 0, IXC);        /* -0.25 */
    CHK(fp_to_fixed(0xbe800000, 32, 0, true, 32, TE, RN, flags), 0, IXC);
    CHK(fp_to_fixed(0xbf400000, 32, 0, true, 32, TE, RN, flags), 0, IOC);                  /* -0.75: -1 */
    CHK(fp_to_fixed(S_QNAN, 32, 0, false, 32, TE, RN, flags), 0, IOC);
    CHK(fp_to_fixed(0x7f800001, 32, 0, true, 64, TE, RN, flags), 0, IOC);
    CHK(fp_to_fixed(S_INF, 32, 0, false, 32, TE, RN, flags), 0x7fffffff, IOC);
    CHK(fp_to_fixed(S_NINF, 32, 0, false, 64, TE, RN, flags), 0x8000000000000000ull, IOC);
    CHK(fp_to_fixed(S_INF, 32, 0, true, 64, TE, RN, flags), ~0ull, IOC);
    CHK(fp_to_fixed(S_NINF, 32, 0, true, 64, TE, RN, flags), 0, IOC);
    CHK(fp_to_fixed(0x80000000, 32, 0, true, 32, TE, RN, flags), 0, 0);                    /* -0 */
    /* fbits: 1.5 * 2^4 = 24; 0.1f * 2^16 = 6553.6001 */
    CHK(fp_to_fixed(0x3fc00000, 32, 4, false, 32, TE, RN, flags), 24, 0);
    CHK(fp_to_fixed(0x3dcccccd, 32, 16, false, 32, TE, RN, flags), 6554, IXC);
    CHK(fp_to_fixed(0x3dcccccd, 32, 16, false, 32, FPROUND_ZERO, RN, flags), 6553, IXC);
    CHK(fp_to_fixed(0x3fe0000000000000ull, 64, 64, true, 64, TE, RN, flags), 0x8000000000000000ull, 0);
    CHK(fp_to_fixed(0x3fe0000000000000ull, 64, 64, false, 64, TE, RN, flags), 0x7fffffffffffffffull, IOC);
    /* 16-bit results (half-precision FCVTZS Wd, Hn with fbits / the vector forms). */
    CHK(fp_to_fixed(0x471c4000, 32, 0, false, 16, TE, RN, flags), 0x7fff, IOC);            /* 40000 */
    CHK(fp_to_fixed(0xc0400000, 32, 0, false, 16, TE, RN, flags), 0xfffffffffffffffdull, 0); /* -3 */
    CHK(fp_to_fixed(0xc7000000, 32, 0, false, 16, TE, RN, flags), 0xffffffffffff8000ull, 0); /* -32768 */
    CHK(fp_to_fixed(0xc7000100, 32, 0, false, 16, TE, RN, flags), 0xffffffffffff8000ull, IOC);
    CHK(fp_to_fixed(0x477fff00, 32, 0, true, 16, TE, RN, flags), 0xffff, 0);               /* 65535 */
    CHK(fp_to_fixed(0x47800000, 32, 0, true, 16, TE, RN, flags), 0xffff, IOC);            /* 65536 */
    /* Double. */
    CHK(fp_to_fixed(0x43e0000000000000ull, 64, 0, false, 64, TE, RN, flags), 0x7fffffffffffffffull, IOC);
    CHK(fp_to_fixed(0x43e0000000000000ull, 64, 0, true, 64, TE, RN, flags), 0x8000000000000000ull, 0);
    CHK(fp_to_fixed(0xc3e0000000000000ull, 64, 0, false, 64, TE, RN, flags), 0x8000000000000000ull, 0);
    CHK(fp_to_fixed(0x43f0000000000000ull, 64, 0, true, 64, TE, RN, flags), ~0ull, IOC);
    CHK(fp_to_fixed(0x7fefffffffffffffull, 64, 0, false, 32, TE, RN, flags), 0x7fffffff, IOC);
    CHK(fp_to_fixed(0x0000000000000001ull, 64, 0, false, 64, FPROUND_POSINF, RN, flags), 1, IXC);
    CHK(fp_to_fixed(0x8000000000000001ull, 64, 0, false, 64, FPROUND_NEGINF, RN, flags), ~0ull, IXC);
    CHK(fp_to_fixed(0x8000000000000001ull, 64, 0, false, 64, TE, RN, flags), 0, IXC);
    CHK(fp_to_fixed(0x0000000000000001ull, 64, 0, false, 64, FPROUND_POSINF, FZ, flags), 0, IDC);
    /* Half. */
    CHK(fp_to_fixed(0x5640, 16, 0, false, 32, TE, RN, flags), 100, 0);                    /* 100 */
    CHK(fp_to_fixed(0x3c01, 16, 0, false, 32, TE, RN, flags), 1, IXC);                    /* 1.001 */
    CHK(fp_to_fixed(H_MAX, 16, 16, false, 32, TE, RN, flags), 0x7fffffff, IOC);           /* 65504 * 2^16 */
    CHK(fp_to_fixed(H_MAX, 16, 16, true, 32, TE, RN, flags), 0xffe00000, 0);
    CHK(fp_to_fixed(0xfbff, 16, 0, false, 16, TE, RN, flags), 0xffffffffffff8000ull, IOC);/* -65504 */
    CHK(fp_to_fixed(0x0001, 16, 24, false, 32, TE, RN, flags), 1, 0);                     /* 2^-24 * 2^24 */
    CHK(fp_to_fixed(0x0001, 16, 24, false, 32, TE, FZ16, flags), 0, 0);
}
END_TEST

/* ---- FixedToFP ---- */

START_TEST(from_fixed)
{
    const FPRounding TE = FPROUND_TIEEVEN;
    CHK(fixed_to_fp(0xffffffff, 32, 0, false, 32, TE, RN, flags), 0xbf800000, 0);          /* -1 */
    CHK(fixed_to_fp(0xffffffffffffffffull, 32, 0, false, 32, TE, RN, flags), 0xbf800000, 0);
    CHK(fixed_to_fp(0x80000000, 32, 0, false, 32, TE, RN, flags), 0xcf000000, 0);          /* -2^31 */
    CHK(fixed_to_fp(0x80000000, 32, 0, true, 32, TE, RN, flags), 0x4f000000, 0);
    CHK(fixed_to_fp(0xffffffff, 32, 0, true, 32, TE, RN, flags), 0x4f800000, IXC);         /* 2^32 - 1 */
    CHK(fixed_to_fp(0xffffffff, 32, 0, true, 32, FPROUND_ZERO, RN, flags), 0x4f7fffff, IXC);
    CHK(fixed_to_fp(1, 32, 1, false, 32, TE, RN, flags), S_HALF, 0);                       /* 1 / 2 */
    CHK(fixed_to_fp(0, 32, 5, false, 32, TE, RM, flags), 0, 0);                            /* +0 always */
    CHK(fixed_to_fp(0x1000001, 32, 0, false, 32, TE, RN, flags), 0x4b800000, IXC);         /* 2^24 + 1 */
    CHK(fixed_to_fp(0x1000001, 32, 0, false, 32, FPROUND_TIEAWAY, RN, flags), 0x4b800001, IXC);
    CHK(fixed_to_fp(0x1000001, 32, 0, false, 32, FPROUND_POSINF, RN, flags), 0x4b800001, IXC);
    CHK(fixed_to_fp(0x1000003, 32, 0, false, 32, TE, RN, flags), 0x4b800002, IXC);         /* tie up */
    CHK(fixed_to_fp(0xfeffffff, 32, 0, false, 32, FPROUND_NEGINF, RN, flags), 0xcb800001, IXC); /* -(2^24+1) */
    CHK(fixed_to_fp(0x7fffffffffffffffull, 64, 0, false, 64, TE, RN, flags), 0x43e0000000000000ull, IXC);
    CHK(fixed_to_fp(0x7fffffffffffffffull, 64, 0, false, 64, FPROUND_ZERO, RN, flags), 0x43dfffffffffffffull, IXC);
    CHK(fixed_to_fp(0x8000000000000000ull, 64, 0, false, 64, TE, RN, flags), 0xc3e0000000000000ull, 0);
    CHK(fixed_to_fp(~0ull, 64, 0, true, 64, TE, RN, flags), 0x43f0000000000000ull, IXC);
    CHK(fixed_to_fp(1, 64, 64, true, 64, TE, RN, flags), 0x3bf0000000000000ull, 0);        /* 2^-64 */
    CHK(fixed_to_fp(0x8000, 16, 0, false, 16, TE, RN, flags), 0xf800, 0);                  /* -32768 */
    CHK(fixed_to_fp(65520, 32, 0, true, 16, TE, RN, flags), H_INF, OFC | IXC);             /* tie: up */
    CHK(fixed_to_fp(65520, 32, 0, true, 16, FPROUND_ZERO, RN, flags), H_MAX, IXC);
    CHK(fixed_to_fp(3, 32, 25, true, 16, TE, RN, flags), 0x0002, UFC | IXC);               /* 1.5 * 2^-24 */
    CHK(fixed_to_fp(3, 32, 25, true, 16, TE, FZ16, flags), 0, UFC);
    CHK(fixed_to_fp(3, 32, 25, true, 16, TE, AHP, flags), 0x0002, UFC | IXC);             /* AHP: n/a */
}
END_TEST

/* ---- FPConvert ---- */

START_TEST(convert)
{
    const FPRounding TE = FPROUND_TIEEVEN, ODD = FPROUND_ODD;
    CHK(fp_convert(S_ONE, 32, 16, TE, RN, flags), H_ONE, 0);
    CHK(fp_convert(S_ONE, 32, 64, TE, RN, flags), D_ONE, 0);
    CHK(fp_convert(H_ONE, 16, 32, TE, RN, flags), S_ONE, 0);
    CHK(fp_convert(0xc000, 16, 64, TE, RN, flags), 0xc000000000000000ull, 0);             /* -2 */
    CHK(fp_convert(0x3fd5555555555555ull, 64, 32, TE, RN, flags), 0x3eaaaaab, IXC);       /* 1/3 */
    CHK(fp_convert(0x3fd5555555555555ull, 64, 32, FPROUND_ZERO, RN, flags), 0x3eaaaaaa, IXC);
    CHK(fp_convert(0xbff0000100000000ull, 64, 16, FPROUND_NEGINF, RN, flags), 0xbc01, IXC); /* -(1+2^-20) */
    CHK(fp_convert(0xbff0000100000000ull, 64, 16, TE, RN, flags), 0xbc00, IXC);
    /* Overflow to half: 65520 ties up to 65536. */
    CHK(fp_convert(0x477ff000, 32, 16, TE, RN, flags), H_INF, OFC | IXC);
    CHK(fp_convert(0x477ff000, 32, 16, FPROUND_ZERO, RN, flags), H_MAX, IXC);
    CHK(fp_convert(D_MAX, 64, 32, TE, RN, flags), S_INF, OFC | IXC);
    /* Alternative half precision: exponent 31 is a number (up to 131008), no inf or NaN. */
    CHK(fp_convert(0x477ff000, 32, 16, TE, AHP, flags), 0x7c00, IXC);                     /* 65536 */
    CHK(fp_convert(0x48435000, 32, 16, TE, AHP, flags), 0x7fff, IOC);                     /* 200000 */
    CHK(fp_convert(0xc8435000, 32, 16, TE, AHP, flags), 0xffff, IOC);
    CHK(fp_convert(S_INF, 32, 16, TE, AHP, flags), 0x7fff, IOC);
    CHK(fp_convert(S_NINF, 32, 16, TE, AHP, flags), 0xffff, IOC);
    CHK(fp_convert(0xffc00000, 32, 16, TE, AHP, flags), 0x8000, IOC);                     /* NaN: zero */
    CHK(fp_convert(0x7ff0000000000001ull, 64, 16, TE, AHP | DN, flags), 0, IOC);
    CHK(fp_convert(0x7c00, 16, 32, TE, AHP, flags), 0x47800000, 0);                       /* 65536 */
    CHK(fp_convert(0x7fff, 16, 32, TE, AHP, flags), 0x47ffe000, 0);                       /* 131008 */
    CHK(fp_convert(0xfc00, 16, 64, TE, AHP, flags), 0xc0f0000000000000ull, 0);            /* -65536 */
    CHK(fp_convert(0x7c00, 16, 32, TE, RN, flags), S_INF, 0);
    CHK(fp_convert(S_INF, 32, 16, TE, RN, flags), H_INF, 0);
    /* NaNs keep sign and payload (FPConvertNaN) and are quietened. */
    CHK(fp_convert(0x7f800001, 32, 64, TE, RN, flags), 0x7ff8000020000000ull, IOC);
    CHK(fp_convert(0x7ff4000000000000ull, 64, 32, TE, RN, flags), 0x7fe00000, IOC);
    CHK(fp_convert(0x7ff4000000000000ull, 64, 16, TE, RN, flags), 0x7f00, IOC);
    CHK(fp_convert(0x7ff4000000000000ull, 64, 32, TE, DN, flags), S_QNAN, IOC);
    CHK(fp_convert(0xfff8000000000001ull, 64, 32, TE, RN, flags), 0xffc00000, 0);         /* low payload lost */
    CHK(fp_convert(0x7e01, 16, 32, TE, RN, flags), 0x7fc02000, 0);
    CHK(fp_convert(0xfe01, 16, 64, TE, RN, flags), 0xfff8040000000000ull, 0);
    CHK(fp_convert(0x7fc00001, 32, 16, TE, RN, flags), 0x7e00, 0);
    /* Tiny results: Underflow before rounding, FZ for single and double results. */
    CHK(fp_convert(0x36a8000000000000ull, 64, 32, TE, RN, flags), 0x00000002, UFC | IXC); /* 1.5 * 2^-149 */
    CHK(fp_convert(0x36a8000000000000ull, 64, 32, FPROUND_ZERO, RN, flags), 0x00000001, UFC | IXC);
    CHK(fp_convert(0x36a8000000000000ull, 64, 32, TE, FZ, flags), 0, UFC);
    CHK(fp_convert(0x00000001, 32, 64, TE, RN, flags), 0x36a0000000000000ull, 0);         /* 2^-149 */
    CHK(fp_convert(0x00000001, 32, 64, TE, FZ, flags), 0, IDC);
    CHK(fp_convert(0x80000001, 32, 16, TE, RN, flags), 0x8000, UFC | IXC);
    /* FPUnpackCV and FPRoundCV ignore FZ16: half denormals convert in both directions. */
    CHK(fp_convert(0x0001, 16, 32, TE, FZ16, flags), 0x33800000, 0);                      /* 2^-24 */
    CHK(fp_convert(0x0001, 16, 32, TE, FZ, flags), 0x33800000, 0);
    CHK(fp_convert(0x35800000, 32, 16, TE, FZ16 | FZ, flags), 0x0010, 0);                 /* 2^-20 */
    CHK(fp_convert(0x3e70000000000000ull, 64, 16, TE, FZ16, flags), 0x0001, 0);           /* 2^-24 */
    CHK(fp_convert(0x3e60000000000000ull, 64, 16, TE, FZ16, flags), 0, UFC | IXC);        /* 2^-25: tie to 0 */
    /* Round to odd (FCVTXN): inexact results get the lowest bit set. */
    CHK(fp_convert(0x3ff0000000400000ull, 64, 32, ODD, RN, flags), 0x3f800001, IXC);      /* 1 + 2^-30 */
    CHK(fp_convert(0x3ff0000010000000ull, 64, 32, ODD, RN, flags), 0x3f800001, IXC);      /* 1 + 2^-24 */
    CHK(fp_convert(0x3ff0000020000000ull, 64, 32, ODD, RN, flags), 0x3f800001, 0);        /* 1 + 2^-23 */
    CHK(fp_convert(0x3ff0000040400000ull, 64, 32, ODD, RN, flags), 0x3f800003, IXC);      /* 1 + 2^-22 + 2^-30 */
    CHK(fp_convert(0x3ff0000040400000ull, 64, 32, TE, RN, flags), 0x3f800002, IXC);
    CHK(fp_convert(0xbff0000000400000ull, 64, 32, ODD, RN, flags), 0xbf800001, IXC);
    CHK(fp_convert(D_ONE, 64, 32, ODD, RN, flags), S_ONE, 0);
    CHK(fp_convert(D_MAX, 64, 32, ODD, RN, flags), S_MAX, OFC | IXC);                     /* no infinity */
    CHK(fp_convert(0x3370000000000000ull, 64, 32, ODD, RN, flags), 0x00000001, UFC | IXC); /* 2^-200 */
}
END_TEST

/* ---- Estimates, steps, FRECPX ---- */

START_TEST(recip_estimate)
{
    CHK(fp_recip_estimate(S_ONE, 32, RN, flags), 0x3f7f8000, 0);    /* 1/1 ~ 0.99805 */
    CHK(fp_recip_estimate(S_TWO, 32, RN, flags), 0x3eff8000, 0);    /* 1/2 ~ 0.49902 */
    CHK(fp_recip_estimate(0x40400000, 32, RN, flags), 0x3eaa8000, 0); /* 1/3 ~ 0.33301 */
    CHK(fp_recip_estimate(0xc0400000, 32, RN, flags), 0xbeaa8000, 0);
    CHK(fp_recip_estimate(D_ONE, 64, RN, flags), 0x3feff00000000000ull, 0);
    CHK(fp_recip_estimate(H_ONE, 16, RN, flags), 0x3bfc, 0);
    CHK(fp_recip_estimate(0, 32, RN, flags), S_INF, DZC);
    CHK(fp_recip_estimate(0x8000, 16, RN, flags), 0xfc00, DZC);
    CHK(fp_recip_estimate(S_NINF, 32, RN, flags), 0x80000000, 0);
    CHK(fp_recip_estimate(0x00000001, 32, FZ, flags), S_INF, IDC | DZC); /* flushed input */
    /* Reciprocal too large: infinity or the largest normal by rounding mode. */
    CHK(fp_recip_estimate(0x00000001, 32, RN, flags), S_INF, OFC | IXC);
    CHK(fp_recip_estimate(0x00000001, 32, RZ, flags), S_MAX, OFC | IXC);
    CHK(fp_recip_estimate(0x80000001, 32, RP, flags), 0xff7fffff, OFC | IXC);
    CHK(fp_recip_estimate(0x80000001, 32, RM, flags), S_NINF, OFC | IXC);
    CHK(fp_recip_estimate(0x00000001, 32, RM, flags), S_MAX, OFC | IXC);
    CHK(fp_recip_estimate(0x001fffff, 32, RN, flags), S_INF, OFC | IXC); /* just below 2^-128 */
    CHK(fp_recip_estimate(0x0000000000000001ull, 64, RN, flags), D_INF, OFC | IXC);
    CHK(fp_recip_estimate(0x0001, 16, RN, flags), H_INF, OFC | IXC);      /* 2^-24 < 2^-16 */
    CHK(fp_recip_estimate(0x0001, 16, RZ, flags), H_MAX, OFC | IXC);
    /* Denormal inputs that do not overflow. */
    CHK(fp_recip_estimate(0x00200000, 32, RN, flags), 0x7f7f8000, 0);    /* 2^-128 */
    CHK(fp_recip_estimate(0x0100, 16, RN, flags), 0x7bfc, 0);            /* 2^-16 */
    /* Denormal results, or zero with FZ / FZ16 (Underflow). */
    CHK(fp_recip_estimate(0x7f000000, 32, RN, flags), 0x003fe000, 0);    /* 1/2^127 */
    CHK(fp_recip_estimate(0x7f000000, 32, FZ, flags), 0, UFC);
    CHK(fp_recip_estimate(0xfe800000, 32, FZ, flags), 0x80000000, UFC);  /* -1/2^126 */
    CHK(fp_recip_estimate(0x7400, 16, RN, flags), 0x03fe, 0);            /* 1/2^14 */
    CHK(fp_recip_estimate(0x7400, 16, FZ16, flags), 0, UFC);
    CHK(fp_recip_estimate(0x7400, 16, FZ, flags), 0x03fe, 0);
}
END_TEST

START_TEST(rsqrt_estimate)
{
    CHK(fp_rsqrt_estimate(S_ONE, 32, RN, flags), 0x3f7f8000, 0);    /* 1/sqrt(1) ~ 0.99805 */
    CHK(fp_rsqrt_estimate(0x40800000, 32, RN, flags), 0x3eff8000, 0); /* 1/sqrt(4) ~ 0.49902 */
    CHK(fp_rsqrt_estimate(S_TWO, 32, RN, flags), 0x3f348000, 0);    /* 1/sqrt(2) ~ 0.70508 */
    CHK(fp_rsqrt_estimate(D_ONE, 64, RN, flags), 0x3feff00000000000ull, 0);
    CHK(fp_rsqrt_estimate(H_ONE, 16, RN, flags), 0x3bfc, 0);
    /* Fractions select the table entry: an even exponent uses 8 fraction bits, an odd one 7
     * (the values QEMU gives). */
    CHK(fp_rsqrt_estimate(0x40400000, 32, RN, flags), 0x3f138000, 0); /* 1/sqrt(3) ~ 0.57617 */
    CHK(fp_rsqrt_estimate(0x40c00000, 32, RN, flags), 0x3ed10000, 0); /* 1/sqrt(6) ~ 0.40820 */
    CHK(fp_rsqrt_estimate(0xbf800000, 32, RN, flags), S_QNAN, IOC); /* -1 */
    CHK(fp_rsqrt_estimate(S_NINF, 32, RN, flags), S_QNAN, IOC);
    CHK(fp_rsqrt_estimate(0x80000000, 32, RN, flags), S_NINF, DZC); /* -0: -inf */
    CHK(fp_rsqrt_estimate(0, 64, RN, flags), D_INF, DZC);
    CHK(fp_rsqrt_estimate(S_INF, 32, RN, flags), 0, 0);
    CHK(fp_rsqrt_estimate(0x80000001, 32, RN, flags), S_QNAN, IOC);
    CHK(fp_rsqrt_estimate(0x80000001, 32, FZ, flags), S_NINF, IDC | DZC);
    /* Denormals are normalised: 1/sqrt(2^-149) = 2^74.5 ~ 0x1.69p74; 1/sqrt(2^-24) ~ 4088. */
    CHK(fp_rsqrt_estimate(0x00000001, 32, RN, flags), 0x64b48000, 0);
    CHK(fp_rsqrt_estimate(0x0001, 16, RN, flags), 0x6bfc, 0);
    CHK(fp_rsqrt_estimate(0x0001, 16, FZ16, flags), H_INF, DZC);
}
END_TEST

START_TEST(recpx_and_steps)
{
    CHK(fp_recpx(0x40800000, 32, RN, flags), 0x3f000000, 0);        /* 4.0: exponent inverted */
    CHK(fp_recpx(0x40ffffff, 32, RN, flags), 0x3f000000, 0);        /* fraction dropped */
    CHK(fp_recpx(0, 32, RN, flags), 0x7f000000, 0);                 /* zero: max exponent */
    CHK(fp_recpx(0x80000001, 32, RN, flags), 0xff000000, 0);
    CHK(fp_recpx(0x00000001, 32, FZ, flags), 0x7f000000, IDC);
    CHK(fp_recpx(S_INF, 32, RN, flags), 0, 0);
    CHK(fp_recpx(S_NINF, 32, RN, flags), 0x80000000, 0);
    CHK(fp_recpx(H_ONE, 16, RN, flags), H_TWO, 0);
    CHK(fp_recpx(D_ONE, 64, RN, flags), D_TWO, 0);

    /* FRECPS: 2 - a*b. */
    CHK(fp_recip_step(S_TWO, S_HALF, 32, RN, flags), S_ONE, 0);
    CHK(fp_recip_step(S_INF, 0, 32, RN, flags), S_TWO, 0);          /* inf * 0: +2.0 */
    CHK(fp_recip_step(0x80000000, S_NINF, 32, RN, flags), S_TWO, 0);
    CHK(fp_recip_step(S_INF, S_TWO, 32, RN, flags), S_NINF, 0);     /* 2 - inf */
    CHK(fp_recip_step(S_NINF, S_TWO, 32, RN, flags), S_INF, 0);
    CHK(fp_recip_step(S_TWO, S_ONE, 32, RN, flags), 0, 0);          /* exact zero */
    CHK(fp_recip_step(S_TWO, S_ONE, 32, RM, flags), 0x80000000, 0);
    CHK(fp_recip_step(0, S_ONE, 32, RN, flags), S_TWO, 0);
    CHK(fp_recip_step(0x00000001, S_ONE, 32, FZ, flags), S_TWO, IDC);
    CHK(fp_recip_step(H_INF, 0, 16, RN, flags), H_TWO, 0);
    CHK(fp_recip_step(D_INF, 0, 64, RN, flags), D_TWO, 0);
    /* Fused: 2 - (1 + 2^-23)(1 - 2^-24) = 1 - 2^-24 + 2^-47 rounds to 1 - 2^-24; a separately
     * rounded product would give exactly 1. */
    CHK(fp_recip_step(0x3f800001, 0x3f7fffff, 32, RN, flags), 0x3f7fffff, IXC);
    /* FRSQRTS: (3 - a*b) / 2. */
    CHK(fp_rsqrt_step(S_ONE, S_ONE, 32, RN, flags), S_ONE, 0);
    CHK(fp_rsqrt_step(S_INF, 0, 32, RN, flags), 0x3fc00000, 0);     /* inf * 0: +1.5 */
    CHK(fp_rsqrt_step(0, S_NINF, 32, RN, flags), 0x3fc00000, 0);
    CHK(fp_rsqrt_step(0, 0, 32, RN, flags), 0x3fc00000, 0);         /* 3 / 2 */
    CHK(fp_rsqrt_step(S_TWO, S_TWO, 32, RN, flags), 0xbf000000, 0); /* (3 - 4) / 2 = -0.5 */
    CHK(fp_rsqrt_step(0x40400000, S_ONE, 32, RN, flags), 0, 0);
    CHK(fp_rsqrt_step(0x40400000, S_ONE, 32, RM, flags), 0x80000000, 0);
    CHK(fp_rsqrt_step(S_INF, S_ONE, 32, RN, flags), S_NINF, 0);
    CHK(fp_rsqrt_step(H_INF, 0x8000, 16, RN, flags), 0x3e00, 0);
    CHK(fp_rsqrt_step(0, D_INF, 64, RN, flags), 0x3ff8000000000000ull, 0);
    /* One rounding, after the halving: (3 - (1 + 2^-23)^2) / 2 = 1 - 2^-23 - 2^-47, which RZ
     * takes to 1 - 3 * 2^-24; rounding the product first would give 1 - 2^-23. */
    CHK(fp_rsqrt_step(0x3f800001, 0x3f800001, 32, RN, flags), 0x3f7ffffe, IXC);
    CHK(fp_rsqrt_step(0x3f800001, 0x3f800001, 32, RZ, flags), 0x3f7ffffd, IXC);
    /* Overflow: 2 - (-max) * max. */
    CHK(fp_recip_step(S_MAX, 0xff7fffff, 32, RN, flags), S_INF, OFC | IXC);
}
END_TEST

START_TEST(unsigned_estimates)
{
    ck_assert_uint_eq(unsigned_recip_estimate(0x80000000u), 0xff800000u);
    ck_assert_uint_eq(unsigned_recip_estimate(0xffffffffu), 0x80000000u);
    ck_assert_uint_eq(unsigned_recip_estimate(0x7fffffffu), 0xffffffffu);
    ck_assert_uint_eq(unsigned_recip_estimate(0), 0xffffffffu);
    ck_assert_uint_eq(unsigned_rsqrt_estimate(0x40000000u), 0xff800000u);
    ck_assert_uint_eq(unsigned_rsqrt_estimate(0x80000000u), 0xb4800000u); /* 361 << 23 */
    ck_assert_uint_eq(unsigned_rsqrt_estimate(0xffffffffu), 0x80000000u);
    ck_assert_uint_eq(unsigned_rsqrt_estimate(0x3fffffffu), 0xffffffffu);
    /* Every entry, re-derived from the pseudocode's RecipEstimate and RecipSqrtEstimate. */
    for (uint32_t a = 256; a < 512; a++) {
        uint32_t b = (1u << 19) / (a * 2 + 1), r = (b + 1) / 2;
        ck_assert_uint_eq(unsigned_recip_estimate(a << 23 | 0x7fffff), r << 23);
    }
    for (uint32_t a = 128; a < 512; a++) {
        uint64_t x = a < 256 ? a * 2 + 1 : ((a >> 1) << 1) * 2 + 2, b = 512;
        while (x * (b + 1) * (b + 1) < (1ull << 28))
            b++;
        ck_assert_uint_eq(unsigned_rsqrt_estimate(a << 23), (uint32_t)((b + 1) / 2) << 23);
    }
}
END_TEST

/* ---- Bit helpers and VFPExpandImm ---- */

START_TEST(bit_helpers)
{
    ck_assert_uint_eq(fp_neg(S_ONE, 32), 0xbf800000);
    ck_assert_uint_eq(fp_neg(0x8000, 16), 0);
    ck_assert_uint_eq(fp_neg(D_QNAN, 64), 0xfff8000000000000ull);
    ck_assert_uint_eq(fp_abs(0xbff0000000000000ull, 64), D_ONE);
    ck_assert_uint_eq(fp_abs(0xfe00, 16), 0x7e00);
    ck_assert(fp_is_nan(0x7f800001, 32));
    ck_assert(!fp_is_nan(S_INF, 32));
    ck_assert(fp_is_nan(0xfe00, 16));
    ck_assert(!fp_is_nan(0x7c00, 16));
    ck_assert(fp_is_nan(0x7ff0000000000001ull, 64));
    ck_assert(!fp_is_nan(0x7ff00000, 64));
    ck_assert_uint_eq(fp_default_nan(16), 0x7e00);
    ck_assert_uint_eq(fp_default_nan(32), 0x7fc00000);
    ck_assert_uint_eq(fp_default_nan(64), D_QNAN);
    ck_assert_uint_eq(fp_infinity(true, 16), 0xfc00);
    ck_assert_uint_eq(fp_infinity(false, 64), D_INF);
    ck_assert_uint_eq(fp_zero(true, 64), 0x8000000000000000ull);
    ck_assert_uint_eq(fp_zero(true, 32), 0x80000000);
    /* FMOV #imm: 0x70 = 1.0, 0x00 = 2.0, 0x80 = -2.0, 0x7f = 1.9375, 0x3f = 31.0, 0x40 = 0.125 */
    ck_assert_uint_eq(fp_expand_imm(0x70, 32), 0x3f800000);
    ck_assert_uint_eq(fp_expand_imm(0x70, 16), 0x3c00);
    ck_assert_uint_eq(fp_expand_imm(0x70, 64), D_ONE);
    ck_assert_uint_eq(fp_expand_imm(0x00, 32), 0x40000000);
    ck_assert_uint_eq(fp_expand_imm(0x80, 64), 0xc000000000000000ull);
    ck_assert_uint_eq(fp_expand_imm(0x7f, 32), 0x3ff80000);
    ck_assert_uint_eq(fp_expand_imm(0x3f, 32), 0x41f80000);
    ck_assert_uint_eq(fp_expand_imm(0x40, 32), 0x3e000000);
    ck_assert_uint_eq(fp_expand_imm(0x40, 16), 0x3000);
    ck_assert_uint_eq(fp_expand_imm(0x3f, 64), 0x403f000000000000ull);
    ck_assert_uint_eq(fpcr_rounding(RZ | FZ), FPROUND_ZERO);
}
END_TEST

/* ---- Randomised comparison with the host ---- */

/* The host's IEEE arithmetic agrees with the pseudocode for normal operands whose result is
 * normal (x86 detects tininess after rounding and has other NaN rules, so results at or below
 * the smallest normal and NaNs are left to the exact tests above). Results and the Inexact and
 * Overflow flags are compared in all four FPCR rounding modes. */

static uint64_t rng_state;

static uint64_t next_random(void) /* xorshift64*, seeded per test: deterministic */
{
    rng_state ^= rng_state >> 12;
    rng_state ^= rng_state << 25;
    rng_state ^= rng_state >> 27;
    return rng_state * 0x2545f4914f6cdd1dull;
}

static unsigned fbits_of(unsigned n) { return n == 64 ? 52 : n == 32 ? 23 : 10; }

/* A random normal number: exponent within `span` of 2^0 (or anywhere if span is 0); fractions
 * are often cut short or filled with ones so that exact results, ties and carries are common. */
static uint64_t random_normal(unsigned n, int span)
{
    unsigned f = fbits_of(n), e = n - 1 - f;
    int bias = (1 << (e - 1)) - 1, max_exp = (1 << e) - 2;
    uint64_t r = next_random();
    int exp = span ? bias - span + (int)(next_random() % (uint64_t)(2 * span + 1))
                   : 1 + (int)(next_random() % (uint64_t)max_exp);
    if (exp < 1)
        exp = 1;
    if (exp > max_exp)
        exp = max_exp;
    uint64_t fmask = (1ull << f) - 1, frac = next_random() & fmask;
    unsigned k = (unsigned)((r >> 8) % (f + 1));
    switch (r & 3) {
    case 0: frac &= ~(fmask >> k); break;           /* only the top k bits */
    case 1: frac |= fmask >> k; break;              /* trailing ones */
    default: break;
    }
    return ((r >> 2) & 1ull) << (n - 1) | (uint64_t)exp << f | frac;
}

static bool result_is_normal_above_min(uint64_t r, unsigned n)
{
    unsigned f = fbits_of(n), e = n - 1 - f;
    uint64_t exp = (r >> f) & ((1ull << e) - 1);
    bool nan = exp == (1ull << e) - 1 && (r & ((1ull << f) - 1));
    return exp > 1 && !nan;
}

static const int host_modes[4] = {FE_TONEAREST, FE_UPWARD, FE_DOWNWARD, FE_TOWARDZERO};

enum { OP_ADD, OP_SUB, OP_MUL, OP_DIV, OP_SQRT, OP_FMA, OP_COUNT };
static const char *const op_names[OP_COUNT] = {"add", "sub", "mul", "div", "sqrt", "fma"};

/* libm through volatile pointers: without -frounding-math, gcc -O2 may expand rint() inline
 * with a trick that is wrong for negative values in the directed modes. */
static double (*volatile host_rint)(double) = rint;
static long long (*volatile host_llrint)(double) = llrint;
static double (*volatile host_sqrt)(double) = sqrt;
static float (*volatile host_sqrtf)(float) = sqrtf;
static double (*volatile host_fma)(double, double, double) = fma;
static float (*volatile host_fmaf)(float, float, float) = fmaf;

static volatile double vd[3], vd_r;
static volatile float vf[3], vf_r;

__attribute__((noinline)) static void host_double(int op)
{
    double a = vd[0], b = vd[1], c = vd[2];
    switch (op) {
    case OP_ADD: vd_r = a + b; break;
    case OP_SUB: vd_r = a - b; break;
    case OP_MUL: vd_r = a * b; break;
    case OP_DIV: vd_r = a / b; break;
    case OP_SQRT: vd_r = host_sqrt(a); break;
    default: vd_r = host_fma(b, c, a); break;
    }
}

__attribute__((noinline)) static void host_float(int op)
{
    float a = vf[0], b = vf[1], c = vf[2];
    switch (op) {
    case OP_ADD: vf_r = a + b; break;
    case OP_SUB: vf_r = a - b; break;
    case OP_MUL: vf_r = a * b; break;
    case OP_DIV: vf_r = a / b; break;
    case OP_SQRT: vf_r = host_sqrtf(a); break;
    default: vf_r = host_fmaf(b, c, a); break;
    }
}

static uint64_t ours(int op, uint64_t a, uint64_t b, uint64_t c, unsigned n, uint32_t fpcr,
                     uint32_t *flags)
{
    switch (op) {
    case OP_ADD: return fp_add(a, b, n, fpcr, flags);
    case OP_SUB: return fp_sub(a, b, n, fpcr, flags);
    case OP_MUL: return fp_mul(a, b, n, fpcr, flags);
    case OP_DIV: return fp_div(a, b, n, fpcr, flags);
    case OP_SQRT: return fp_sqrt(a, n, fpcr, flags);
    default: return fp_muladd(a, b, c, n, fpcr, flags);
    }
}

static uint32_t host_flags(void)
{
    int h = fetestexcept(FE_INEXACT | FE_OVERFLOW);
    return ((h & FE_INEXACT) ? IXC : 0) | ((h & FE_OVERFLOW) ? OFC : 0);
}

/* The first disagreement, reported once the host's rounding mode is restored. */
typedef struct {
    unsigned bad, compared;
    char first[200];
} Tally;

static void tally(Tally *t, const char *what, unsigned mode, uint64_t a, uint64_t b, uint64_t c,
                  uint64_t got, uint32_t got_fl, uint64_t want, uint32_t want_fl)
{
    t->compared++;
    if (got == want && got_fl == want_fl)
        return;
    if (t->bad++ == 0)
        snprintf(t->first, sizeof t->first,
                 "%s mode %u (0x%llx, 0x%llx, 0x%llx): got 0x%llx/0x%x, host 0x%llx/0x%x", what,
                 mode, (unsigned long long)a, (unsigned long long)b, (unsigned long long)c,
                 (unsigned long long)got, got_fl, (unsigned long long)want, want_fl);
}

static void finish(Tally *t, int saved_mode, unsigned min_compared)
{
    fesetround(saved_mode);
    ck_assert_msg(t->bad == 0, "%u of %u disagree, first: %s", t->bad, t->compared, t->first);
    ck_assert_msg(t->compared >= min_compared, "only %u cases compared", t->compared);
}

#define RANDOM_CASES 6000 /* per operation, precision and rounding mode */

/* Random operands; for subtraction and FMA, often close ones, to exercise cancellation. */
static void random_operands(int op, unsigned n, uint64_t *a, uint64_t *b, uint64_t *c)
{
    int span = (next_random() & 1) ? 0 : 40;
    *a = random_normal(n, span);
    *b = random_normal(n, span);
    *c = random_normal(n, span);
    if (op == OP_SQRT)
        *a &= ~(1ull << (n - 1));
    if ((op == OP_ADD || op == OP_SUB || op == OP_FMA) && (next_random() & 3) == 0) {
        /* b (or b*c) near -a: same exponent, close fraction */
        uint64_t near = *a ^ (next_random() & 0xff);
        if (op == OP_FMA) {
            *b = near;
            *c = (n == 64 ? D_ONE : S_ONE) | (next_random() & 0x3);
            *a ^= 1ull << (n - 1);
        } else {
            *b = near ^ (op == OP_ADD ? 1ull << (n - 1) : 0);
        }
    }
}

START_TEST(random_vs_host_single_double)
{
    int saved = fegetround();
    Tally t = {0};
    rng_state = 0x243f6a8885a308d3ull;
    for (unsigned n = 32; n <= 64; n += 32) {
        for (int op = 0; op < OP_COUNT; op++) {
            for (unsigned mode = 0; mode < 4; mode++) {
                fesetround(host_modes[mode]);
                for (int i = 0; i < RANDOM_CASES; i++) {
                    uint64_t a, b, c, want;
                    random_operands(op, n, &a, &b, &c);
                    if (n == 64) {
                        memcpy((void *)&vd[0], &a, 8);
                        memcpy((void *)&vd[1], &b, 8);
                        memcpy((void *)&vd[2], &c, 8);
                        feclearexcept(FE_ALL_EXCEPT);
                        host_double(op);
                        double r = vd_r;
                        memcpy(&want, &r, 8);
                    } else {
                        uint32_t a32 = (uint32_t)a, b32 = (uint32_t)b, c32 = (uint32_t)c, w32;
                        memcpy((void *)&vf[0], &a32, 4);
                        memcpy((void *)&vf[1], &b32, 4);
                        memcpy((void *)&vf[2], &c32, 4);
                        feclearexcept(FE_ALL_EXCEPT);
                        host_float(op);
                        float r = vf_r;
                        memcpy(&w32, &r, 4);
                        want = w32;
                    }
                    uint32_t want_fl = host_flags();
                    if (!result_is_normal_above_min(want, n))
                        continue;
                    uint32_t fl = 0;
                    uint64_t got = ours(op, a, b, c, n, mode << FPCR_RMODE_SHIFT, &fl);
                    tally(&t, op_names[op], mode, a, b, c, got, fl, want, want_fl);
                }
            }
        }
    }
    finish(&t, saved, 2 * OP_COUNT * 4 * RANDOM_CASES / 2);
}
END_TEST

/* Half precision has no host type: compute in double on the host from the exactly widened
 * operands, then narrow with fp_convert. Double rounding through 53 bits is innocuous for
 * +, -, *, / and sqrt (53 >= 2 * 11 + 2); FMA operands are kept within 2^+-4 so that the
 * double result is exact. The narrowing uses this library's own rounding, so this test checks
 * the half-precision arithmetic against the conversion, not independently: ties and tiny
 * results of half precision are covered by the exact tests above. */
START_TEST(random_vs_host_half)
{
    int saved = fegetround();
    Tally t = {0};
    rng_state = 0x13198a2e03707344ull;
    for (int op = 0; op < OP_COUNT; op++) {
        for (unsigned mode = 0; mode < 4; mode++) {
            fesetround(host_modes[mode]);
            uint32_t fpcr = mode << FPCR_RMODE_SHIFT;
            for (int i = 0; i < RANDOM_CASES; i++) {
                uint64_t h[3], d[3];
                random_operands(op, 16, &h[0], &h[1], &h[2]);
                if (op == OP_FMA)
                    for (int j = 0; j < 3; j++)
                        h[j] = random_normal(16, 4);
                for (int j = 0; j < 3; j++) {
                    uint32_t cf = 0;
                    d[j] = fp_convert(h[j], 16, 64, FPROUND_TIEEVEN, RN, &cf);
                    memcpy((void *)&vd[j], &d[j], 8);
                }
                feclearexcept(FE_ALL_EXCEPT);
                host_double(op);
                double r = vd_r;
                uint32_t want_fl = host_flags() & IXC;
                uint64_t rd;
                memcpy(&rd, &r, 8);
                uint32_t cf = 0;
                uint64_t want = fp_convert(rd, 64, 16, (FPRounding)mode, fpcr, &cf);
                if (!result_is_normal_above_min(want, 16))
                    continue;
                want_fl |= cf;
                uint32_t fl = 0;
                uint64_t got = ours(op, h[0], h[1], h[2], 16, fpcr, &fl);
                tally(&t, op_names[op], mode, h[0], h[1], h[2], got, fl, want, want_fl);
            }
        }
    }
    finish(&t, saved, OP_COUNT * 4 * RANDOM_CASES / 2);
}
END_TEST

/* Conversions: double to single, integers to double and single (with fbits), double to
 * integral (FRINTX against rint) and double to int64 (FCVTZS-like against llrint). */
START_TEST(random_conversions_vs_host)
{
    int saved = fegetround();
    Tally t = {0};
    rng_state = 0xa4093822299f31d0ull;
    for (unsigned mode = 0; mode < 4; mode++) {
        fesetround(host_modes[mode]);
        uint32_t fpcr = mode << FPCR_RMODE_SHIFT;
        for (int i = 0; i < 4 * RANDOM_CASES; i++) {
            uint64_t d = random_normal(64, (next_random() & 1) ? 140 : 30);
            uint32_t fl = 0, want32;
            memcpy((void *)&vd[0], &d, 8);

            /* FCVT Sd, Dn */
            feclearexcept(FE_ALL_EXCEPT);
            vf_r = (float)vd[0];
            uint32_t want_fl = host_flags();
            float fr = vf_r;
            memcpy(&want32, &fr, 4);
            if (result_is_normal_above_min(want32, 32)) {
                uint64_t got = fp_convert(d, 64, 32, (FPRounding)mode, fpcr, &fl);
                tally(&t, "fcvt d->s", mode, d, 0, 0, got, fl, want32, want_fl);
            }

            /* FRINTX */
            feclearexcept(FE_ALL_EXCEPT);
            vd_r = host_rint(vd[0]);
            want_fl = host_flags();
            double dr = vd_r;
            uint64_t want;
            memcpy(&want, &dr, 8);
            fl = 0;
            uint64_t got = fp_round_int(d, 64, (FPRounding)mode, true, fpcr, &fl);
            tally(&t, "frintx", mode, d, 0, 0, got, fl, want, want_fl);

            /* SCVTF Dd, Xn, #fbits and SCVTF Sd, Xn, #fbits */
            int64_t x = (int64_t)next_random() >> (next_random() % 64);
            unsigned fbits = (next_random() & 1) ? (unsigned)(next_random() % 65) : 0;
            double scale = ldexp(1.0, -(int)fbits); /* exact */
            feclearexcept(FE_ALL_EXCEPT);
            vd_r = (double)x;
            want_fl = host_flags();
            dr = vd_r * scale;
            memcpy(&want, &dr, 8);
            fl = 0;
            got = fixed_to_fp((uint64_t)x, 64, fbits, false, 64, (FPRounding)mode, fpcr, &fl);
            if (x != 0)
                tally(&t, "scvtf x->d", mode, (uint64_t)x, fbits, 0, got, fl, want, want_fl);
            feclearexcept(FE_ALL_EXCEPT);
            vf_r = (float)x;
            want_fl = host_flags();
            fr = vf_r * (float)scale;
            memcpy(&want32, &fr, 4);
            fl = 0;
            got = fixed_to_fp((uint64_t)x, 64, fbits, false, 32, (FPRounding)mode, fpcr, &fl);
            if (x != 0)
                tally(&t, "scvtf x->s", mode, (uint64_t)x, fbits, 0, got, fl, want32, want_fl);

            /* FCVT{N,P,M,Z}S Xd, Dn, #fbits, where in range */
            fbits = (unsigned)(next_random() % 16);
            double scaled = vd[0] * ldexp(1.0, (int)fbits); /* exact: d is normal */
            if (fabs(scaled) < 0x1p62) {
                feclearexcept(FE_ALL_EXCEPT);
                long long ir = host_llrint(scaled);
                want_fl = host_flags();
                fl = 0;
                got = fp_to_fixed(d, 64, fbits, false, 64, (FPRounding)mode, fpcr, &fl);
                tally(&t, "fcvtzs d->x", mode, d, fbits, 0, got, fl, (uint64_t)ir, want_fl);
            }
        }
    }
    finish(&t, saved, 4 * 4 * RANDOM_CASES * 2);
}
END_TEST

static Suite *fpu_suite(void)
{
    Suite *s = suite_create("fpu");
    TCase *tc = tcase_create("exact");
    tcase_add_test(tc, nan_propagation_order);
    tcase_add_test(tc, invalid_operations);
    tcase_add_test(tc, signed_zeros);
    tcase_add_test(tc, denormals_single_double);
    tcase_add_test(tc, denormals_half);
    tcase_add_test(tc, rounding_modes);
    tcase_add_test(tc, overflow);
    tcase_add_test(tc, fused_single_rounding);
    tcase_add_test(tc, max_min);
    tcase_add_test(tc, compares);
    tcase_add_test(tc, round_int);
    tcase_add_test(tc, to_fixed);
    tcase_add_test(tc, from_fixed);
    tcase_add_test(tc, convert);
    tcase_add_test(tc, recip_estimate);
    tcase_add_test(tc, rsqrt_estimate);
    tcase_add_test(tc, recpx_and_steps);
    tcase_add_test(tc, unsigned_estimates);
    tcase_add_test(tc, bit_helpers);
    suite_add_tcase(s, tc);
    TCase *tr = tcase_create("random");
    tcase_set_timeout(tr, 100);
    tcase_add_test(tr, random_vs_host_single_double);
    tcase_add_test(tr, random_vs_host_half);
    tcase_add_test(tr, random_conversions_vs_host);
    suite_add_tcase(s, tr);
    return s;
}

int main(void) { return h_run_suite(fpu_suite()); }
