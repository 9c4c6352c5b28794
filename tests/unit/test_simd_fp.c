/* SPDX-License-Identifier: MIT */
/* Unit tests for the Advanced SIMD floating-point rows (cpu/simd_fp.c): every row of its
 * section of cpu/a64.inc at least once, single, double and half precision, NaNs, infinities,
 * denormals with FZ/FZ16, rounding modes, the across-lanes tree, the FCVTN2/FCVTL2 halves,
 * FCVTXN's round to odd, fixed-point fbits, reserved encodings and the FP access trap.
 *
 * Each case is one instruction word (from aarch64-linux-gnu-as -march=armv8.2-a+fp16, the
 * assembly in the comment; reserved words are an assembled word with the named bits changed)
 * run at EL3 with V0, V1, V2 and FPCR set and FPSR = 0, then the exact 128 bits of V0 and FPSR.
 * The instructions use V0 as destination (and FMLA/FMLS accumulator), V1 and V2 as sources.
 * Expected values were cross-checked with qemu-system-aarch64 7.2 (-cpu max) except where a
 * comment says QEMU differs from the Arm ARM. */
#include <check.h>
#include <stdint.h>
#include <stdlib.h>

#include "cpu/exception.h"
#include "cpu/fpu.h"
#include "tests/unit/harness.h"

typedef struct {
    uint32_t word, fpcr;
    uint64_t v0[2], v1[2], v2[2]; /* before */
    uint64_t res[2];              /* V0 after */
    uint32_t fpsr;                /* FPSR after, from 0 */
} SimdCase;

/* V0 before the instructions that do not read it: shows which bits are kept and zeroed. */
#define FILL {0xfedcba9876543210ull, 0x0123456789abcdefull}
/* Inputs most cases share (elements from the lowest): */
#define H_A    {0x2e664200c0803e00ull, 0x41007bff80005640ull} /* half 1.5, -2.25, 3.0, 0.1, 100, -0, 65504, 2.5 */
#define H_B    {0x4700c20044003800ull, 0x3a0040004800b000ull} /* half 0.5, 4, -3, 7, -0.125, 8, 2, 0.75 */
#define S_A    {0xc01000003fc00000ull, 0x3dcccccd40400000ull} /* single 1.5, -2.25, 3.0, 0.1 */
#define S_B    {0x408000003f000000ull, 0x40e00000c0400000ull} /* single 0.5, 4, -3, 7 */
#define D_A    {0x3ff8000000000000ull, 0xbfb999999999999aull} /* double 1.5, -0.1 */
#define D_B    {0x3fe0000000000000ull, 0xc008000000000000ull} /* double 0.5, -3 */
#define H_ACC  {0x4000bc003c003400ull, 0x49003c00b8003800ull} /* half 0.25, 1, -1, 2, 0.5, -0.5, 1, 10 */
#define S_ACC  {0x3f8000003e800000ull, 0x40000000bf800000ull} /* single 0.25, 1, -1, 2 */
#define D_ACC  {0x3fd0000000000000ull, 0xbff0000000000000ull} /* double 0.25, -1 */
#define H_INT  {0x7fff0064fff90003ull, 0x0000ffff00018000ull} /* int16 3, -7, 100, 0x7fff, 0x8000, 1, -1, 0 */
#define S_INT  {0xfffffff900000003ull, 0x7fffffff00000064ull} /* int32 3, -7, 100, 0x7fffffff */
#define D_INT  {0x8000000000000001ull, 0x0000000000003039ull} /* int64 0x8000000000000001, 12345 */
#define H_CVT  {0xb8004380be004100ull, 0x3e003666fbff7bffull} /* half 2.5, -1.5, 3.75, -0.5, 65504, -65504, 0.4, 1.5 */
#define S_CVT  {0xbfc0000040200000ull, 0x501502f940700000ull} /* single 2.5, -1.5, 3.75, 1e10 */
#define D_CVT  {0xc004000000000000ull, 0x4415af1d78b58c40ull} /* double -2.5, 1e20 */
#define ZERO   {0x0000000000000000ull, 0x0000000000000000ull} /* zero */
/* FPCR fields */
#define RP (1u << 22)
#define RM (2u << 22)
#define RZ (3u << 22)
#define FZ (1u << 24)
#define DN (1u << 25)
#define FZ16 (1u << 19)
#define AHP (1u << 26)

/* One or more cases per row, in the order of cpu/a64.inc: each precision and arrangement, the
 * Q = 0 forms (upper half zeroed) and the scalar forms (everything above the element zeroed). */
static const SimdCase cover_cases[] = {
    /* fmaxnm v0.8h, v1.8h, v2.8h */
    {0x4e420420, 0, H_ACC, H_A, H_B, {0x4700420044003e00ull, 0x41007bff48005640ull}, 0x00},
    /* fmaxnm v0.4h, v1.4h, v2.4h */
    {0x0e420420, 0, H_ACC, H_A, H_B, {0x4700420044003e00ull, 0x0000000000000000ull}, 0x00},
    /* fmla v0.8h, v1.8h, v2.8h */
    {0x4e420c20, 0, H_ACC, H_A, H_B, {0x4166c900c8003c00ull, 0x49f07c00b800ca00ull}, 0x14},
    /* fmla v0.4h, v1.4h, v2.4h */
    {0x0e420c20, 0, H_ACC, H_A, H_B, {0x4166c900c8003c00ull, 0x0000000000000000ull}, 0x10},
    /* fadd v0.8h, v1.8h, v2.8h */
    {0x4e421420, 0, H_ACC, H_A, H_B, {0x471a00003f004000ull, 0x42807bff4800563eull}, 0x10},
    /* fadd v0.4h, v1.4h, v2.4h */
    {0x0e421420, 0, H_ACC, H_A, H_B, {0x471a00003f004000ull, 0x0000000000000000ull}, 0x10},
    /* fmulx v0.8h, v1.8h, v2.8h */
    {0x4e421c20, 0, H_ACC, H_A, H_B, {0x3999c880c8803a00ull, 0x3f807c008000ca40ull}, 0x14},
    /* fmulx v0.4h, v1.4h, v2.4h */
    {0x0e421c20, 0, H_ACC, H_A, H_B, {0x3999c880c8803a00ull, 0x0000000000000000ull}, 0x10},
    /* fcmeq v0.8h, v1.8h, v2.8h */
    {0x4e422420, 0, H_ACC, H_A, H_B, ZERO, 0x00},
    /* fcmeq v0.4h, v1.4h, v2.4h */
    {0x0e422420, 0, H_ACC, H_A, H_B, ZERO, 0x00},
    /* fmax v0.8h, v1.8h, v2.8h */
    {0x4e423420, 0, H_ACC, H_A, H_B, {0x4700420044003e00ull, 0x41007bff48005640ull}, 0x00},
    /* fmax v0.4h, v1.4h, v2.4h */
    {0x0e423420, 0, H_ACC, H_A, H_B, {0x4700420044003e00ull, 0x0000000000000000ull}, 0x00},
    /* frecps v0.8h, v1.8h, v2.8h */
    {0x4e423c20, 0, H_ACC, H_A, H_B, {0x3d33498049803d00ull, 0x3000fc0040004b40ull}, 0x14},
    /* frecps v0.4h, v1.4h, v2.4h */
    {0x0e423c20, 0, H_ACC, H_A, H_B, {0x3d33498049803d00ull, 0x0000000000000000ull}, 0x10},
    /* fminnm v0.8h, v1.8h, v2.8h */
    {0x4ec20420, 0, H_ACC, H_A, H_B, {0x2e66c200c0803800ull, 0x3a0040008000b000ull}, 0x00},
    /* fminnm v0.4h, v1.4h, v2.4h */
    {0x0ec20420, 0, H_ACC, H_A, H_B, {0x2e66c200c0803800ull, 0x0000000000000000ull}, 0x00},
    /* fmls v0.8h, v1.8h, v2.8h */
    {0x4ec20c20, 0, H_ACC, H_A, H_B, {0x3d3348004900b800ull, 0x4810fc00b8004a80ull}, 0x14},
    /* fmls v0.4h, v1.4h, v2.4h */
    {0x0ec20c20, 0, H_ACC, H_A, H_B, {0x3d3348004900b800ull, 0x0000000000000000ull}, 0x10},
    /* fsub v0.8h, v1.8h, v2.8h */
    {0x4ec21420, 0, H_ACC, H_A, H_B, {0xc6e64600c6403c00ull, 0x3f007bffc8005642ull}, 0x10},
    /* fsub v0.4h, v1.4h, v2.4h */
    {0x0ec21420, 0, H_ACC, H_A, H_B, {0xc6e64600c6403c00ull, 0x0000000000000000ull}, 0x10},
    /* fmin v0.8h, v1.8h, v2.8h */
    {0x4ec23420, 0, H_ACC, H_A, H_B, {0x2e66c200c0803800ull, 0x3a0040008000b000ull}, 0x00},
    /* fmin v0.4h, v1.4h, v2.4h */
    {0x0ec23420, 0, H_ACC, H_A, H_B, {0x2e66c200c0803800ull, 0x0000000000000000ull}, 0x00},
    /* frsqrts v0.8h, v1.8h, v2.8h */
    {0x4ec23c20, 0, H_ACC, H_A, H_B, {0x3c9a460046003c80ull, 0x3880fbff3e0047c0ull}, 0x10},
    /* frsqrts v0.4h, v1.4h, v2.4h */
    {0x0ec23c20, 0, H_ACC, H_A, H_B, {0x3c9a460046003c80ull, 0x0000000000000000ull}, 0x10},
    /* fmaxnmp v0.8h, v1.8h, v2.8h */
    {0x6e420420, 0, H_ACC, H_A, H_B, {0x7bff564042003e00ull, 0x4000480047004400ull}, 0x00},
    /* fmaxnmp v0.4h, v1.4h, v2.4h */
    {0x2e420420, 0, H_ACC, H_A, H_B, {0x4700440042003e00ull, 0x0000000000000000ull}, 0x00},
    /* faddp v0.8h, v1.8h, v2.8h */
    {0x6e421420, 0, H_ACC, H_A, H_B, {0x7bff56404233ba00ull, 0x418047e044004480ull}, 0x10},
    /* faddp v0.4h, v1.4h, v2.4h */
    {0x2e421420, 0, H_ACC, H_A, H_B, {0x440044804233ba00ull, 0x0000000000000000ull}, 0x10},
    /* fmul v0.8h, v1.8h, v2.8h */
    {0x6e421c20, 0, H_ACC, H_A, H_B, {0x3999c880c8803a00ull, 0x3f807c008000ca40ull}, 0x14},
    /* fmul v0.4h, v1.4h, v2.4h */
    {0x2e421c20, 0, H_ACC, H_A, H_B, {0x3999c880c8803a00ull, 0x0000000000000000ull}, 0x10},
    /* fcmge v0.8h, v1.8h, v2.8h */
    {0x6e422420, 0, H_ACC, H_A, H_B, {0x0000ffff0000ffffull, 0xffffffff0000ffffull}, 0x00},
    /* fcmge v0.4h, v1.4h, v2.4h */
    {0x2e422420, 0, H_ACC, H_A, H_B, {0x0000ffff0000ffffull, 0x0000000000000000ull}, 0x00},
    /* facge v0.8h, v1.8h, v2.8h */
    {0x6e422c20, 0, H_ACC, H_A, H_B, {0x0000ffff0000ffffull, 0xffffffff0000ffffull}, 0x00},
    /* facge v0.4h, v1.4h, v2.4h */
    {0x2e422c20, 0, H_ACC, H_A, H_B, {0x0000ffff0000ffffull, 0x0000000000000000ull}, 0x00},
    /* fmaxp v0.8h, v1.8h, v2.8h */
    {0x6e423420, 0, H_ACC, H_A, H_B, {0x7bff564042003e00ull, 0x4000480047004400ull}, 0x00},
    /* fmaxp v0.4h, v1.4h, v2.4h */
    {0x2e423420, 0, H_ACC, H_A, H_B, {0x4700440042003e00ull, 0x0000000000000000ull}, 0x00},
    /* fdiv v0.8h, v1.8h, v2.8h */
    {0x6e423c20, 0, H_ACC, H_A, H_B, {0x2350bc00b8804200ull, 0x42ab77ff8000e240ull}, 0x10},
    /* fdiv v0.4h, v1.4h, v2.4h */
    {0x2e423c20, 0, H_ACC, H_A, H_B, {0x2350bc00b8804200ull, 0x0000000000000000ull}, 0x00},
    /* fminnmp v0.8h, v1.8h, v2.8h */
    {0x6ec20420, 0, H_ACC, H_A, H_B, {0x410080002e66c080ull, 0x3a00b000c2003800ull}, 0x00},
    /* fminnmp v0.4h, v1.4h, v2.4h */
    {0x2ec20420, 0, H_ACC, H_A, H_B, {0xc20038002e66c080ull, 0x0000000000000000ull}, 0x00},
    /* fabd v0.8h, v1.8h, v2.8h */
    {0x6ec21420, 0, H_ACC, H_A, H_B, {0x46e6460046403c00ull, 0x3f007bff48005642ull}, 0x10},
    /* fabd v0.4h, v1.4h, v2.4h */
    {0x2ec21420, 0, H_ACC, H_A, H_B, {0x46e6460046403c00ull, 0x0000000000000000ull}, 0x10},
    /* fcmgt v0.8h, v1.8h, v2.8h */
    {0x6ec22420, 0, H_ACC, H_A, H_B, {0x0000ffff0000ffffull, 0xffffffff0000ffffull}, 0x00},
    /* fcmgt v0.4h, v1.4h, v2.4h */
    {0x2ec22420, 0, H_ACC, H_A, H_B, {0x0000ffff0000ffffull, 0x0000000000000000ull}, 0x00},
    /* facgt v0.8h, v1.8h, v2.8h */
    {0x6ec22c20, 0, H_ACC, H_A, H_B, {0x000000000000ffffull, 0xffffffff0000ffffull}, 0x00},
    /* facgt v0.4h, v1.4h, v2.4h */
    {0x2ec22c20, 0, H_ACC, H_A, H_B, {0x000000000000ffffull, 0x0000000000000000ull}, 0x00},
    /* fminp v0.8h, v1.8h, v2.8h */
    {0x6ec23420, 0, H_ACC, H_A, H_B, {0x410080002e66c080ull, 0x3a00b000c2003800ull}, 0x00},
    /* fminp v0.4h, v1.4h, v2.4h */
    {0x2ec23420, 0, H_ACC, H_A, H_B, {0xc20038002e66c080ull, 0x0000000000000000ull}, 0x00},
    /* fmulx h0, h1, h2 */
    {0x5e421c20, 0, FILL, H_A, H_B, {0x0000000000003a00ull, 0x0000000000000000ull}, 0x00},
    /* fcmeq h0, h1, h2 */
    {0x5e422420, 0, FILL, H_A, H_B, ZERO, 0x00},
    /* frecps h0, h1, h2 */
    {0x5e423c20, 0, FILL, H_A, H_B, {0x0000000000003d00ull, 0x0000000000000000ull}, 0x00},
    /* frsqrts h0, h1, h2 */
    {0x5ec23c20, 0, FILL, H_A, H_B, {0x0000000000003c80ull, 0x0000000000000000ull}, 0x00},
    /* fcmge h0, h1, h2 */
    {0x7e422420, 0, FILL, H_A, H_B, {0x000000000000ffffull, 0x0000000000000000ull}, 0x00},
    /* facge h0, h1, h2 */
    {0x7e422c20, 0, FILL, H_A, H_B, {0x000000000000ffffull, 0x0000000000000000ull}, 0x00},
    /* fabd h0, h1, h2 */
    {0x7ec21420, 0, FILL, H_A, H_B, {0x0000000000003c00ull, 0x0000000000000000ull}, 0x00},
    /* fcmgt h0, h1, h2 */
    {0x7ec22420, 0, FILL, H_A, H_B, {0x000000000000ffffull, 0x0000000000000000ull}, 0x00},
    /* facgt h0, h1, h2 */
    {0x7ec22c20, 0, FILL, H_A, H_B, {0x000000000000ffffull, 0x0000000000000000ull}, 0x00},
    /* frintn v0.8h, v1.8h */
    {0x4e798820, 0, FILL, H_A, H_B, {0x00004200c0004000ull, 0x40007bff80005640ull}, 0x00},
    /* frintn v0.4h, v1.4h */
    {0x0e798820, 0, FILL, H_A, H_B, {0x00004200c0004000ull, 0x0000000000000000ull}, 0x00},
    /* frintm v0.8h, v1.8h */
    {0x4e799820, 0, FILL, H_A, H_B, {0x00004200c2003c00ull, 0x40007bff80005640ull}, 0x00},
    /* frintm v0.4h, v1.4h */
    {0x0e799820, 0, FILL, H_A, H_B, {0x00004200c2003c00ull, 0x0000000000000000ull}, 0x00},
    /* fcvtns v0.8h, v1.8h */
    {0x4e79a820, 0, FILL, H_CVT, ZERO, {0x00000004fffe0002ull, 0x0002000080007fffull}, 0x11},
    /* fcvtns v0.4h, v1.4h */
    {0x0e79a820, 0, FILL, H_CVT, ZERO, {0x00000004fffe0002ull, 0x0000000000000000ull}, 0x10},
    /* fcvtms v0.8h, v1.8h */
    {0x4e79b820, 0, FILL, H_CVT, ZERO, {0xffff0003fffe0002ull, 0x0001000080007fffull}, 0x11},
    /* fcvtms v0.4h, v1.4h */
    {0x0e79b820, 0, FILL, H_CVT, ZERO, {0xffff0003fffe0002ull, 0x0000000000000000ull}, 0x10},
    /* fcvtas v0.8h, v1.8h */
    {0x4e79c820, 0, FILL, H_CVT, ZERO, {0xffff0004fffe0003ull, 0x0002000080007fffull}, 0x11},
    /* fcvtas v0.4h, v1.4h */
    {0x0e79c820, 0, FILL, H_CVT, ZERO, {0xffff0004fffe0003ull, 0x0000000000000000ull}, 0x10},
    /* scvtf v0.8h, v1.8h */
    {0x4e79d820, 0, FILL, H_INT, H_INT, {0x78005640c7004200ull, 0x0000bc003c00f800ull}, 0x10},
    /* scvtf v0.4h, v1.4h */
    {0x0e79d820, 0, FILL, H_INT, H_INT, {0x78005640c7004200ull, 0x0000000000000000ull}, 0x10},
    /* fcmgt v0.8h, v1.8h, #0.0 */
    {0x4ef8c820, 0, FILL, H_A, H_B, {0xffffffff0000ffffull, 0xffffffff0000ffffull}, 0x00},
    /* fcmgt v0.4h, v1.4h, #0.0 */
    {0x0ef8c820, 0, FILL, H_A, H_B, {0xffffffff0000ffffull, 0x0000000000000000ull}, 0x00},
    /* fcmeq v0.8h, v1.8h, #0.0 */
    {0x4ef8d820, 0, FILL, H_A, H_B, {0x0000000000000000ull, 0x00000000ffff0000ull}, 0x00},
    /* fcmeq v0.4h, v1.4h, #0.0 */
    {0x0ef8d820, 0, FILL, H_A, H_B, ZERO, 0x00},
    /* fcmlt v0.8h, v1.8h, #0.0 */
    {0x4ef8e820, 0, FILL, H_A, H_B, {0x00000000ffff0000ull, 0x0000000000000000ull}, 0x00},
    /* fcmlt v0.4h, v1.4h, #0.0 */
    {0x0ef8e820, 0, FILL, H_A, H_B, {0x00000000ffff0000ull, 0x0000000000000000ull}, 0x00},
    /* fabs v0.8h, v1.8h */
    {0x4ef8f820, 0, FILL, H_A, H_B, {0x2e66420040803e00ull, 0x41007bff00005640ull}, 0x00},
    /* fabs v0.4h, v1.4h */
    {0x0ef8f820, 0, FILL, H_A, H_B, {0x2e66420040803e00ull, 0x0000000000000000ull}, 0x00},
    /* frintp v0.8h, v1.8h */
    {0x4ef98820, 0, FILL, H_A, H_B, {0x3c004200c0004000ull, 0x42007bff80005640ull}, 0x00},
    /* frintp v0.4h, v1.4h */
    {0x0ef98820, 0, FILL, H_A, H_B, {0x3c004200c0004000ull, 0x0000000000000000ull}, 0x00},
    /* frintz v0.8h, v1.8h */
    {0x4ef99820, 0, FILL, H_A, H_B, {0x00004200c0003c00ull, 0x40007bff80005640ull}, 0x00},
    /* frintz v0.4h, v1.4h */
    {0x0ef99820, 0, FILL, H_A, H_B, {0x00004200c0003c00ull, 0x0000000000000000ull}, 0x00},
    /* fcvtps v0.8h, v1.8h */
    {0x4ef9a820, 0, FILL, H_CVT, ZERO, {0x00000004ffff0003ull, 0x0002000180007fffull}, 0x11},
    /* fcvtps v0.4h, v1.4h */
    {0x0ef9a820, 0, FILL, H_CVT, ZERO, {0x00000004ffff0003ull, 0x0000000000000000ull}, 0x10},
    /* fcvtzs v0.8h, v1.8h */
    {0x4ef9b820, 0, FILL, H_CVT, ZERO, {0x00000003ffff0002ull, 0x0001000080007fffull}, 0x11},
    /* fcvtzs v0.4h, v1.4h */
    {0x0ef9b820, 0, FILL, H_CVT, ZERO, {0x00000003ffff0002ull, 0x0000000000000000ull}, 0x10},
    /* frecpe v0.8h, v1.8h */
    {0x4ef9d820, 0, FILL, H_A, H_B, {0x49003554b7183954ull, 0x36640100fc00211cull}, 0x02},
    /* frecpe v0.4h, v1.4h */
    {0x0ef9d820, 0, FILL, H_A, H_B, {0x49003554b7183954ull, 0x0000000000000000ull}, 0x00},
    /* frinta v0.8h, v1.8h */
    {0x6e798820, 0, FILL, H_A, H_B, {0x00004200c0004000ull, 0x42007bff80005640ull}, 0x00},
    /* frinta v0.4h, v1.4h */
    {0x2e798820, 0, FILL, H_A, H_B, {0x00004200c0004000ull, 0x0000000000000000ull}, 0x00},
    /* frintx v0.8h, v1.8h */
    {0x6e799820, 0, FILL, H_A, H_B, {0x00004200c0004000ull, 0x40007bff80005640ull}, 0x10},
    /* frintx v0.4h, v1.4h */
    {0x2e799820, 0, FILL, H_A, H_B, {0x00004200c0004000ull, 0x0000000000000000ull}, 0x10},
    /* fcvtnu v0.8h, v1.8h */
    {0x6e79a820, 0, FILL, H_CVT, ZERO, {0x0000000400000002ull, 0x000200000000ffe0ull}, 0x11},
    /* fcvtnu v0.4h, v1.4h */
    {0x2e79a820, 0, FILL, H_CVT, ZERO, {0x0000000400000002ull, 0x0000000000000000ull}, 0x11},
    /* fcvtmu v0.8h, v1.8h */
    {0x6e79b820, 0, FILL, H_CVT, ZERO, {0x0000000300000002ull, 0x000100000000ffe0ull}, 0x11},
    /* fcvtmu v0.4h, v1.4h */
    {0x2e79b820, 0, FILL, H_CVT, ZERO, {0x0000000300000002ull, 0x0000000000000000ull}, 0x11},
    /* fcvtau v0.8h, v1.8h */
    {0x6e79c820, 0, FILL, H_CVT, ZERO, {0x0000000400000003ull, 0x000200000000ffe0ull}, 0x11},
    /* fcvtau v0.4h, v1.4h */
    {0x2e79c820, 0, FILL, H_CVT, ZERO, {0x0000000400000003ull, 0x0000000000000000ull}, 0x11},
    /* ucvtf v0.8h, v1.8h */
    {0x6e79d820, 0, FILL, H_INT, H_INT, {0x780056407c004200ull, 0x00007c003c007800ull}, 0x14},
    /* ucvtf v0.4h, v1.4h */
    {0x2e79d820, 0, FILL, H_INT, H_INT, {0x780056407c004200ull, 0x0000000000000000ull}, 0x14},
    /* fcmge v0.8h, v1.8h, #0.0 */
    {0x6ef8c820, 0, FILL, H_A, H_B, {0xffffffff0000ffffull, 0xffffffffffffffffull}, 0x00},
    /* fcmge v0.4h, v1.4h, #0.0 */
    {0x2ef8c820, 0, FILL, H_A, H_B, {0xffffffff0000ffffull, 0x0000000000000000ull}, 0x00},
    /* fcmle v0.8h, v1.8h, #0.0 */
    {0x6ef8d820, 0, FILL, H_A, H_B, {0x00000000ffff0000ull, 0x00000000ffff0000ull}, 0x00},
    /* fcmle v0.4h, v1.4h, #0.0 */
    {0x2ef8d820, 0, FILL, H_A, H_B, {0x00000000ffff0000ull, 0x0000000000000000ull}, 0x00},
    /* fneg v0.8h, v1.8h */
    {0x6ef8f820, 0, FILL, H_A, H_B, {0xae66c2004080be00ull, 0xc100fbff0000d640ull}, 0x00},
    /* fneg v0.4h, v1.4h */
    {0x2ef8f820, 0, FILL, H_A, H_B, {0xae66c2004080be00ull, 0x0000000000000000ull}, 0x00},
    /* frinti v0.8h, v1.8h */
    {0x6ef99820, 0, FILL, H_A, H_B, {0x00004200c0004000ull, 0x40007bff80005640ull}, 0x00},
    /* frinti v0.4h, v1.4h */
    {0x2ef99820, 0, FILL, H_A, H_B, {0x00004200c0004000ull, 0x0000000000000000ull}, 0x00},
    /* fcvtpu v0.8h, v1.8h */
    {0x6ef9a820, 0, FILL, H_CVT, ZERO, {0x0000000400000003ull, 0x000200010000ffe0ull}, 0x11},
    /* fcvtpu v0.4h, v1.4h */
    {0x2ef9a820, 0, FILL, H_CVT, ZERO, {0x0000000400000003ull, 0x0000000000000000ull}, 0x11},
    /* fcvtzu v0.8h, v1.8h */
    {0x6ef9b820, 0, FILL, H_CVT, ZERO, {0x0000000300000002ull, 0x000100000000ffe0ull}, 0x11},
    /* fcvtzu v0.4h, v1.4h */
    {0x2ef9b820, 0, FILL, H_CVT, ZERO, {0x0000000300000002ull, 0x0000000000000000ull}, 0x11},
    /* frsqrte v0.8h, v1.8h */
    {0x6ef9d820, 0, FILL, H_A, H_B, {0x4254389c7e003a88ull, 0x390c1c00fc002e64ull}, 0x03},
    /* frsqrte v0.4h, v1.4h */
    {0x2ef9d820, 0, FILL, H_A, H_B, {0x4254389c7e003a88ull, 0x0000000000000000ull}, 0x01},
    /* fsqrt v0.8h, v1.8h */
    {0x6ef9f820, 0, FILL, H_A, H_B, {0x350f3eee7e003ce6ull, 0x3e535bff80004900ull}, 0x11},
    /* fsqrt v0.4h, v1.4h */
    {0x2ef9f820, 0, FILL, H_A, H_B, {0x350f3eee7e003ce6ull, 0x0000000000000000ull}, 0x11},
    /* fcvtns h0, h1 */
    {0x5e79a820, 0, FILL, H_CVT, ZERO, {0x0000000000000002ull, 0x0000000000000000ull}, 0x10},
    /* fcvtms h0, h1 */
    {0x5e79b820, 0, FILL, H_CVT, ZERO, {0x0000000000000002ull, 0x0000000000000000ull}, 0x10},
    /* fcvtas h0, h1 */
    {0x5e79c820, 0, FILL, H_CVT, ZERO, {0x0000000000000003ull, 0x0000000000000000ull}, 0x10},
    /* scvtf h0, h1 */
    {0x5e79d820, 0, FILL, H_INT, H_INT, {0x0000000000004200ull, 0x0000000000000000ull}, 0x00},
    /* fcmgt h0, h1, #0.0 */
    {0x5ef8c820, 0, FILL, H_A, H_B, {0x000000000000ffffull, 0x0000000000000000ull}, 0x00},
    /* fcmeq h0, h1, #0.0 */
    {0x5ef8d820, 0, FILL, H_A, H_B, ZERO, 0x00},
    /* fcmlt h0, h1, #0.0 */
    {0x5ef8e820, 0, FILL, H_A, H_B, ZERO, 0x00},
    /* fcvtps h0, h1 */
    {0x5ef9a820, 0, FILL, H_CVT, ZERO, {0x0000000000000003ull, 0x0000000000000000ull}, 0x10},
    /* fcvtzs h0, h1 */
    {0x5ef9b820, 0, FILL, H_CVT, ZERO, {0x0000000000000002ull, 0x0000000000000000ull}, 0x10},
    /* frecpe h0, h1 */
    {0x5ef9d820, 0, FILL, H_A, H_B, {0x0000000000003954ull, 0x0000000000000000ull}, 0x00},
    /* frecpx h0, h1 */
    {0x5ef9f820, 0, FILL, H_A, H_B, {0x0000000000004000ull, 0x0000000000000000ull}, 0x00},
    /* fcvtnu h0, h1 */
    {0x7e79a820, 0, FILL, H_CVT, ZERO, {0x0000000000000002ull, 0x0000000000000000ull}, 0x10},
    /* fcvtmu h0, h1 */
    {0x7e79b820, 0, FILL, H_CVT, ZERO, {0x0000000000000002ull, 0x0000000000000000ull}, 0x10},
    /* fcvtau h0, h1 */
    {0x7e79c820, 0, FILL, H_CVT, ZERO, {0x0000000000000003ull, 0x0000000000000000ull}, 0x10},
    /* ucvtf h0, h1 */
    {0x7e79d820, 0, FILL, H_INT, H_INT, {0x0000000000004200ull, 0x0000000000000000ull}, 0x00},
    /* fcmge h0, h1, #0.0 */
    {0x7ef8c820, 0, FILL, H_A, H_B, {0x000000000000ffffull, 0x0000000000000000ull}, 0x00},
    /* fcmle h0, h1, #0.0 */
    {0x7ef8d820, 0, FILL, H_A, H_B, ZERO, 0x00},
    /* fcvtpu h0, h1 */
    {0x7ef9a820, 0, FILL, H_CVT, ZERO, {0x0000000000000003ull, 0x0000000000000000ull}, 0x10},
    /* fcvtzu h0, h1 */
    {0x7ef9b820, 0, FILL, H_CVT, ZERO, {0x0000000000000002ull, 0x0000000000000000ull}, 0x10},
    /* frsqrte h0, h1 */
    {0x7ef9d820, 0, FILL, H_A, H_B, {0x0000000000003a88ull, 0x0000000000000000ull}, 0x00},
    /* fmaxnm v0.4s, v1.4s, v2.4s */
    {0x4e22c420, 0, S_ACC, S_A, S_B, {0x408000003fc00000ull, 0x40e0000040400000ull}, 0x00},
    /* fmaxnm v0.2d, v1.2d, v2.2d */
    {0x4e62c420, 0, D_ACC, D_A, D_B, D_A, 0x00},
    /* fmla v0.4s, v1.4s, v2.4s */
    {0x4e22cc20, 0, S_ACC, S_A, S_B, {0xc10000003f800000ull, 0x402ccccdc1200000ull}, 0x10},
    /* fmla v0.2d, v1.2d, v2.2d */
    {0x4e62cc20, 0, D_ACC, D_A, D_B, {0x3ff0000000000000ull, 0xbfe6666666666666ull}, 0x10},
    /* fadd v0.4s, v1.4s, v2.4s */
    {0x4e22d420, 0, S_ACC, S_A, S_B, {0x3fe0000040000000ull, 0x40e3333300000000ull}, 0x10},
    /* fadd v0.2d, v1.2d, v2.2d */
    {0x4e62d420, 0, D_ACC, D_A, D_B, {0x4000000000000000ull, 0xc008cccccccccccdull}, 0x10},
    /* fadd v0.2s, v1.2s, v2.2s */
    {0x0e22d420, 0, S_ACC, S_A, S_B, {0x3fe0000040000000ull, 0x0000000000000000ull}, 0x00},
    /* fmulx v0.4s, v1.4s, v2.4s */
    {0x4e22dc20, 0, S_ACC, S_A, S_B, {0xc11000003f400000ull, 0x3f333333c1100000ull}, 0x10},
    /* fmulx v0.2d, v1.2d, v2.2d */
    {0x4e62dc20, 0, D_ACC, D_A, D_B, {0x3fe8000000000000ull, 0x3fd3333333333334ull}, 0x10},
    /* fcmeq v0.4s, v1.4s, v2.4s */
    {0x4e22e420, 0, S_ACC, S_A, S_B, ZERO, 0x00},
    /* fcmeq v0.2d, v1.2d, v2.2d */
    {0x4e62e420, 0, D_ACC, D_A, D_B, ZERO, 0x00},
    /* fmax v0.4s, v1.4s, v2.4s */
    {0x4e22f420, 0, S_ACC, S_A, S_B, {0x408000003fc00000ull, 0x40e0000040400000ull}, 0x00},
    /* fmax v0.2d, v1.2d, v2.2d */
    {0x4e62f420, 0, D_ACC, D_A, D_B, D_A, 0x00},
    /* frecps v0.4s, v1.4s, v2.4s */
    {0x4e22fc20, 0, S_ACC, S_A, S_B, {0x413000003fa00000ull, 0x3fa6666641300000ull}, 0x10},
    /* frecps v0.2d, v1.2d, v2.2d */
    {0x4e62fc20, 0, D_ACC, D_A, D_B, {0x3ff4000000000000ull, 0x3ffb333333333333ull}, 0x10},
    /* fminnm v0.4s, v1.4s, v2.4s */
    {0x4ea2c420, 0, S_ACC, S_A, S_B, {0xc01000003f000000ull, 0x3dcccccdc0400000ull}, 0x00},
    /* fminnm v0.2d, v1.2d, v2.2d */
    {0x4ee2c420, 0, D_ACC, D_A, D_B, D_B, 0x00},
    /* fmls v0.4s, v1.4s, v2.4s */
    {0x4ea2cc20, 0, S_ACC, S_A, S_B, {0x41200000bf000000ull, 0x3fa6666641000000ull}, 0x10},
    /* fmls v0.2d, v1.2d, v2.2d */
    {0x4ee2cc20, 0, D_ACC, D_A, D_B, {0xbfe0000000000000ull, 0xbff4cccccccccccdull}, 0x10},
    /* fsub v0.4s, v1.4s, v2.4s */
    {0x4ea2d420, 0, S_ACC, S_A, S_B, {0xc0c800003f800000ull, 0xc0dccccd40c00000ull}, 0x10},
    /* fsub v0.2d, v1.2d, v2.2d */
    {0x4ee2d420, 0, D_ACC, D_A, D_B, {0x3ff0000000000000ull, 0x4007333333333333ull}, 0x10},
    /* fmin v0.4s, v1.4s, v2.4s */
    {0x4ea2f420, 0, S_ACC, S_A, S_B, {0xc01000003f000000ull, 0x3dcccccdc0400000ull}, 0x00},
    /* fmin v0.2d, v1.2d, v2.2d */
    {0x4ee2f420, 0, D_ACC, D_A, D_B, D_B, 0x00},
    /* frsqrts v0.4s, v1.4s, v2.4s */
    {0x4ea2fc20, 0, S_ACC, S_A, S_B, {0x40c000003f900000ull, 0x3f93333340c00000ull}, 0x10},
    /* frsqrts v0.2d, v1.2d, v2.2d */
    {0x4ee2fc20, 0, D_ACC, D_A, D_B, {0x3ff2000000000000ull, 0x3ff599999999999aull}, 0x10},
    /* fmaxnmp v0.4s, v1.4s, v2.4s */
    {0x6e22c420, 0, S_ACC, S_A, S_B, {0x404000003fc00000ull, 0x40e0000040800000ull}, 0x00},
    /* fmaxnmp v0.2d, v1.2d, v2.2d */
    {0x6e62c420, 0, D_ACC, D_A, D_B, {0x3ff8000000000000ull, 0x3fe0000000000000ull}, 0x00},
    /* faddp v0.4s, v1.4s, v2.4s */
    {0x6e22d420, 0, S_ACC, S_A, S_B, {0x40466666bf400000ull, 0x4080000040900000ull}, 0x10},
    /* faddp v0.2d, v1.2d, v2.2d */
    {0x6e62d420, 0, D_ACC, D_A, D_B, {0x3ff6666666666666ull, 0xc004000000000000ull}, 0x10},
    /* fmul v0.4s, v1.4s, v2.4s */
    {0x6e22dc20, 0, S_ACC, S_A, S_B, {0xc11000003f400000ull, 0x3f333333c1100000ull}, 0x10},
    /* fmul v0.2d, v1.2d, v2.2d */
    {0x6e62dc20, 0, D_ACC, D_A, D_B, {0x3fe8000000000000ull, 0x3fd3333333333334ull}, 0x10},
    /* fmul v0.2s, v1.2s, v2.2s */
    {0x2e22dc20, 0, S_ACC, S_A, S_B, {0xc11000003f400000ull, 0x0000000000000000ull}, 0x00},
    /* fcmge v0.4s, v1.4s, v2.4s */
    {0x6e22e420, 0, S_ACC, S_A, S_B, {0x00000000ffffffffull, 0x00000000ffffffffull}, 0x00},
    /* fcmge v0.2d, v1.2d, v2.2d */
    {0x6e62e420, 0, D_ACC, D_A, D_B, {0xffffffffffffffffull, 0xffffffffffffffffull}, 0x00},
    /* facge v0.4s, v1.4s, v2.4s */
    {0x6e22ec20, 0, S_ACC, S_A, S_B, {0x00000000ffffffffull, 0x00000000ffffffffull}, 0x00},
    /* facge v0.2d, v1.2d, v2.2d */
    {0x6e62ec20, 0, D_ACC, D_A, D_B, {0xffffffffffffffffull, 0x0000000000000000ull}, 0x00},
    /* fmaxp v0.4s, v1.4s, v2.4s */
    {0x6e22f420, 0, S_ACC, S_A, S_B, {0x404000003fc00000ull, 0x40e0000040800000ull}, 0x00},
    /* fmaxp v0.2d, v1.2d, v2.2d */
    {0x6e62f420, 0, D_ACC, D_A, D_B, {0x3ff8000000000000ull, 0x3fe0000000000000ull}, 0x00},
    /* fdiv v0.4s, v1.4s, v2.4s */
    {0x6e22fc20, 0, S_ACC, S_A, S_B, {0xbf10000040400000ull, 0x3c6a0ea1bf800000ull}, 0x10},
    /* fdiv v0.2d, v1.2d, v2.2d */
    {0x6e62fc20, 0, D_ACC, D_A, D_B, {0x4008000000000000ull, 0x3fa1111111111111ull}, 0x10},
    /* fminnmp v0.4s, v1.4s, v2.4s */
    {0x6ea2c420, 0, S_ACC, S_A, S_B, {0x3dcccccdc0100000ull, 0xc04000003f000000ull}, 0x00},
    /* fminnmp v0.2d, v1.2d, v2.2d */
    {0x6ee2c420, 0, D_ACC, D_A, D_B, {0xbfb999999999999aull, 0xc008000000000000ull}, 0x00},
    /* fabd v0.4s, v1.4s, v2.4s */
    {0x6ea2d420, 0, S_ACC, S_A, S_B, {0x40c800003f800000ull, 0x40dccccd40c00000ull}, 0x10},
    /* fabd v0.2d, v1.2d, v2.2d */
    {0x6ee2d420, 0, D_ACC, D_A, D_B, {0x3ff0000000000000ull, 0x4007333333333333ull}, 0x10},
    /* fcmgt v0.4s, v1.4s, v2.4s */
    {0x6ea2e420, 0, S_ACC, S_A, S_B, {0x00000000ffffffffull, 0x00000000ffffffffull}, 0x00},
    /* fcmgt v0.2d, v1.2d, v2.2d */
    {0x6ee2e420, 0, D_ACC, D_A, D_B, {0xffffffffffffffffull, 0xffffffffffffffffull}, 0x00},
    /* facgt v0.4s, v1.4s, v2.4s */
    {0x6ea2ec20, 0, S_ACC, S_A, S_B, {0x00000000ffffffffull, 0x0000000000000000ull}, 0x00},
    /* facgt v0.2d, v1.2d, v2.2d */
    {0x6ee2ec20, 0, D_ACC, D_A, D_B, {0xffffffffffffffffull, 0x0000000000000000ull}, 0x00},
    /* fminp v0.4s, v1.4s, v2.4s */
    {0x6ea2f420, 0, S_ACC, S_A, S_B, {0x3dcccccdc0100000ull, 0xc04000003f000000ull}, 0x00},
    /* fminp v0.2d, v1.2d, v2.2d */
    {0x6ee2f420, 0, D_ACC, D_A, D_B, {0xbfb999999999999aull, 0xc008000000000000ull}, 0x00},
    /* fmulx s0, s1, s2 */
    {0x5e22dc20, 0, FILL, S_A, S_B, {0x000000003f400000ull, 0x0000000000000000ull}, 0x00},
    /* fmulx d0, d1, d2 */
    {0x5e62dc20, 0, FILL, D_A, D_B, {0x3fe8000000000000ull, 0x0000000000000000ull}, 0x00},
    /* fcmeq s0, s1, s2 */
    {0x5e22e420, 0, FILL, S_A, S_B, ZERO, 0x00},
    /* fcmeq d0, d1, d2 */
    {0x5e62e420, 0, FILL, D_A, D_B, ZERO, 0x00},
    /* frecps s0, s1, s2 */
    {0x5e22fc20, 0, FILL, S_A, S_B, {0x000000003fa00000ull, 0x0000000000000000ull}, 0x00},
    /* frecps d0, d1, d2 */
    {0x5e62fc20, 0, FILL, D_A, D_B, {0x3ff4000000000000ull, 0x0000000000000000ull}, 0x00},
    /* frsqrts s0, s1, s2 */
    {0x5ea2fc20, 0, FILL, S_A, S_B, {0x000000003f900000ull, 0x0000000000000000ull}, 0x00},
    /* frsqrts d0, d1, d2 */
    {0x5ee2fc20, 0, FILL, D_A, D_B, {0x3ff2000000000000ull, 0x0000000000000000ull}, 0x00},
    /* fcmge s0, s1, s2 */
    {0x7e22e420, 0, FILL, S_A, S_B, {0x00000000ffffffffull, 0x0000000000000000ull}, 0x00},
    /* fcmge d0, d1, d2 */
    {0x7e62e420, 0, FILL, D_A, D_B, {0xffffffffffffffffull, 0x0000000000000000ull}, 0x00},
    /* facge s0, s1, s2 */
    {0x7e22ec20, 0, FILL, S_A, S_B, {0x00000000ffffffffull, 0x0000000000000000ull}, 0x00},
    /* facge d0, d1, d2 */
    {0x7e62ec20, 0, FILL, D_A, D_B, {0xffffffffffffffffull, 0x0000000000000000ull}, 0x00},
    /* fabd s0, s1, s2 */
    {0x7ea2d420, 0, FILL, S_A, S_B, {0x000000003f800000ull, 0x0000000000000000ull}, 0x00},
    /* fabd d0, d1, d2 */
    {0x7ee2d420, 0, FILL, D_A, D_B, {0x3ff0000000000000ull, 0x0000000000000000ull}, 0x00},
    /* fcmgt s0, s1, s2 */
    {0x7ea2e420, 0, FILL, S_A, S_B, {0x00000000ffffffffull, 0x0000000000000000ull}, 0x00},
    /* fcmgt d0, d1, d2 */
    {0x7ee2e420, 0, FILL, D_A, D_B, {0xffffffffffffffffull, 0x0000000000000000ull}, 0x00},
    /* facgt s0, s1, s2 */
    {0x7ea2ec20, 0, FILL, S_A, S_B, {0x00000000ffffffffull, 0x0000000000000000ull}, 0x00},
    /* facgt d0, d1, d2 */
    {0x7ee2ec20, 0, FILL, D_A, D_B, {0xffffffffffffffffull, 0x0000000000000000ull}, 0x00},
    /* fcvtn v0.4h, v1.4s */
    {0x0e216820, 0, FILL, S_A, S_B, {0x2e664200c0803e00ull, 0x0000000000000000ull}, 0x10},
    /* fcvtn2 v0.4s, v1.2d */
    {0x4e616820, 0, FILL, D_A, D_B, {0xfedcba9876543210ull, 0xbdcccccd3fc00000ull}, 0x10},
    /* fcvtl v0.4s, v1.4h */
    {0x0e217820, 0, FILL, H_A, H_B, {0xc01000003fc00000ull, 0x3dccc00040400000ull}, 0x00},
    /* fcvtl2 v0.2d, v1.4s */
    {0x4e617820, 0, FILL, S_A, S_B, {0x4008000000000000ull, 0x3fb99999a0000000ull}, 0x00},
    /* fcvtxn v0.2s, v1.2d */
    {0x2e616820, 0, FILL, D_A, D_B, {0xbdcccccd3fc00000ull, 0x0000000000000000ull}, 0x10},
    /* fcvtxn2 v0.4s, v1.2d */
    {0x6e616820, 0, FILL, {0x3ff0000000400000ull, 0xc008000000000800ull}, ZERO, {0xfedcba9876543210ull, 0xc04000013f800001ull}, 0x10},
    /* frintn v0.4s, v1.4s */
    {0x4e218820, 0, FILL, S_A, S_B, {0xc000000040000000ull, 0x0000000040400000ull}, 0x00},
    /* frintn v0.2d, v1.2d */
    {0x4e618820, 0, FILL, D_A, D_B, {0x4000000000000000ull, 0x8000000000000000ull}, 0x00},
    /* frintm v0.4s, v1.4s */
    {0x4e219820, 0, FILL, S_A, S_B, {0xc04000003f800000ull, 0x0000000040400000ull}, 0x00},
    /* frintm v0.2d, v1.2d */
    {0x4e619820, 0, FILL, D_A, D_B, {0x3ff0000000000000ull, 0xbff0000000000000ull}, 0x00},
    /* fcvtns v0.4s, v1.4s */
    {0x4e21a820, 0, FILL, S_CVT, ZERO, {0xfffffffe00000002ull, 0x7fffffff00000004ull}, 0x11},
    /* fcvtns v0.2d, v1.2d */
    {0x4e61a820, 0, FILL, D_CVT, ZERO, {0xfffffffffffffffeull, 0x7fffffffffffffffull}, 0x11},
    /* fcvtms v0.4s, v1.4s */
    {0x4e21b820, 0, FILL, S_CVT, ZERO, {0xfffffffe00000002ull, 0x7fffffff00000003ull}, 0x11},
    /* fcvtms v0.2d, v1.2d */
    {0x4e61b820, 0, FILL, D_CVT, ZERO, {0xfffffffffffffffdull, 0x7fffffffffffffffull}, 0x11},
    /* fcvtas v0.4s, v1.4s */
    {0x4e21c820, 0, FILL, S_CVT, ZERO, {0xfffffffe00000003ull, 0x7fffffff00000004ull}, 0x11},
    /* fcvtas v0.2d, v1.2d */
    {0x4e61c820, 0, FILL, D_CVT, ZERO, {0xfffffffffffffffdull, 0x7fffffffffffffffull}, 0x11},
    /* scvtf v0.4s, v1.4s */
    {0x4e21d820, 0, FILL, S_INT, S_INT, {0xc0e0000040400000ull, 0x4f00000042c80000ull}, 0x10},
    /* scvtf v0.2d, v1.2d */
    {0x4e61d820, 0, FILL, D_INT, D_INT, {0xc3e0000000000000ull, 0x40c81c8000000000ull}, 0x10},
    /* fcmgt v0.4s, v1.4s, #0.0 */
    {0x4ea0c820, 0, FILL, S_A, S_B, {0x00000000ffffffffull, 0xffffffffffffffffull}, 0x00},
    /* fcmgt v0.2d, v1.2d, #0.0 */
    {0x4ee0c820, 0, FILL, D_A, D_B, {0xffffffffffffffffull, 0x0000000000000000ull}, 0x00},
    /* fcmgt v0.2s, v1.2s, #0.0 */
    {0x0ea0c820, 0, FILL, S_A, S_B, {0x00000000ffffffffull, 0x0000000000000000ull}, 0x00},
    /* fcmeq v0.4s, v1.4s, #0.0 */
    {0x4ea0d820, 0, FILL, S_A, S_B, ZERO, 0x00},
    /* fcmeq v0.2d, v1.2d, #0.0 */
    {0x4ee0d820, 0, FILL, D_A, D_B, ZERO, 0x00},
    /* fcmlt v0.4s, v1.4s, #0.0 */
    {0x4ea0e820, 0, FILL, S_A, S_B, {0xffffffff00000000ull, 0x0000000000000000ull}, 0x00},
    /* fcmlt v0.2d, v1.2d, #0.0 */
    {0x4ee0e820, 0, FILL, D_A, D_B, {0x0000000000000000ull, 0xffffffffffffffffull}, 0x00},
    /* fabs v0.4s, v1.4s */
    {0x4ea0f820, 0, FILL, S_A, S_B, {0x401000003fc00000ull, 0x3dcccccd40400000ull}, 0x00},
    /* fabs v0.2d, v1.2d */
    {0x4ee0f820, 0, FILL, D_A, D_B, {0x3ff8000000000000ull, 0x3fb999999999999aull}, 0x00},
    /* frintp v0.4s, v1.4s */
    {0x4ea18820, 0, FILL, S_A, S_B, {0xc000000040000000ull, 0x3f80000040400000ull}, 0x00},
    /* frintp v0.2d, v1.2d */
    {0x4ee18820, 0, FILL, D_A, D_B, {0x4000000000000000ull, 0x8000000000000000ull}, 0x00},
    /* frintz v0.4s, v1.4s */
    {0x4ea19820, 0, FILL, S_A, S_B, {0xc00000003f800000ull, 0x0000000040400000ull}, 0x00},
    /* frintz v0.2d, v1.2d */
    {0x4ee19820, 0, FILL, D_A, D_B, {0x3ff0000000000000ull, 0x8000000000000000ull}, 0x00},
    /* fcvtps v0.4s, v1.4s */
    {0x4ea1a820, 0, FILL, S_CVT, ZERO, {0xffffffff00000003ull, 0x7fffffff00000004ull}, 0x11},
    /* fcvtps v0.2d, v1.2d */
    {0x4ee1a820, 0, FILL, D_CVT, ZERO, {0xfffffffffffffffeull, 0x7fffffffffffffffull}, 0x11},
    /* fcvtzs v0.4s, v1.4s */
    {0x4ea1b820, 0, FILL, S_CVT, ZERO, {0xffffffff00000002ull, 0x7fffffff00000003ull}, 0x11},
    /* fcvtzs v0.2d, v1.2d */
    {0x4ee1b820, 0, FILL, D_CVT, ZERO, {0xfffffffffffffffeull, 0x7fffffffffffffffull}, 0x11},
    /* frecpe v0.4s, v1.4s */
    {0x4ea1d820, 0, FILL, S_A, S_B, {0xbee300003f2a8000ull, 0x412000003eaa8000ull}, 0x00},
    /* frecpe v0.2d, v1.2d */
    {0x4ee1d820, 0, FILL, D_A, D_B, {0x3fe5500000000000ull, 0xc024000000000000ull}, 0x00},
    /* frinta v0.4s, v1.4s */
    {0x6e218820, 0, FILL, S_A, S_B, {0xc000000040000000ull, 0x0000000040400000ull}, 0x00},
    /* frinta v0.2d, v1.2d */
    {0x6e618820, 0, FILL, D_A, D_B, {0x4000000000000000ull, 0x8000000000000000ull}, 0x00},
    /* frinta v0.2s, v1.2s */
    {0x2e218820, 0, FILL, S_A, S_B, {0xc000000040000000ull, 0x0000000000000000ull}, 0x00},
    /* frintx v0.4s, v1.4s */
    {0x6e219820, 0, FILL, S_A, S_B, {0xc000000040000000ull, 0x0000000040400000ull}, 0x10},
    /* frintx v0.2d, v1.2d */
    {0x6e619820, 0, FILL, D_A, D_B, {0x4000000000000000ull, 0x8000000000000000ull}, 0x10},
    /* fcvtnu v0.4s, v1.4s */
    {0x6e21a820, 0, FILL, S_CVT, ZERO, {0x0000000000000002ull, 0xffffffff00000004ull}, 0x11},
    /* fcvtnu v0.2d, v1.2d */
    {0x6e61a820, 0, FILL, D_CVT, ZERO, {0x0000000000000000ull, 0xffffffffffffffffull}, 0x01},
    /* fcvtmu v0.4s, v1.4s */
    {0x6e21b820, 0, FILL, S_CVT, ZERO, {0x0000000000000002ull, 0xffffffff00000003ull}, 0x11},
    /* fcvtmu v0.2d, v1.2d */
    {0x6e61b820, 0, FILL, D_CVT, ZERO, {0x0000000000000000ull, 0xffffffffffffffffull}, 0x01},
    /* fcvtau v0.4s, v1.4s */
    {0x6e21c820, 0, FILL, S_CVT, ZERO, {0x0000000000000003ull, 0xffffffff00000004ull}, 0x11},
    /* fcvtau v0.2d, v1.2d */
    {0x6e61c820, 0, FILL, D_CVT, ZERO, {0x0000000000000000ull, 0xffffffffffffffffull}, 0x01},
    /* ucvtf v0.4s, v1.4s */
    {0x6e21d820, 0, FILL, S_INT, S_INT, {0x4f80000040400000ull, 0x4f00000042c80000ull}, 0x10},
    /* ucvtf v0.2d, v1.2d */
    {0x6e61d820, 0, FILL, D_INT, D_INT, {0x43e0000000000000ull, 0x40c81c8000000000ull}, 0x10},
    /* fcmge v0.4s, v1.4s, #0.0 */
    {0x6ea0c820, 0, FILL, S_A, S_B, {0x00000000ffffffffull, 0xffffffffffffffffull}, 0x00},
    /* fcmge v0.2d, v1.2d, #0.0 */
    {0x6ee0c820, 0, FILL, D_A, D_B, {0xffffffffffffffffull, 0x0000000000000000ull}, 0x00},
    /* fcmle v0.4s, v1.4s, #0.0 */
    {0x6ea0d820, 0, FILL, S_A, S_B, {0xffffffff00000000ull, 0x0000000000000000ull}, 0x00},
    /* fcmle v0.2d, v1.2d, #0.0 */
    {0x6ee0d820, 0, FILL, D_A, D_B, {0x0000000000000000ull, 0xffffffffffffffffull}, 0x00},
    /* fneg v0.4s, v1.4s */
    {0x6ea0f820, 0, FILL, S_A, S_B, {0x40100000bfc00000ull, 0xbdcccccdc0400000ull}, 0x00},
    /* fneg v0.2d, v1.2d */
    {0x6ee0f820, 0, FILL, D_A, D_B, {0xbff8000000000000ull, 0x3fb999999999999aull}, 0x00},
    /* frinti v0.4s, v1.4s */
    {0x6ea19820, 0, FILL, S_A, S_B, {0xc000000040000000ull, 0x0000000040400000ull}, 0x00},
    /* frinti v0.2d, v1.2d */
    {0x6ee19820, 0, FILL, D_A, D_B, {0x4000000000000000ull, 0x8000000000000000ull}, 0x00},
    /* fcvtpu v0.4s, v1.4s */
    {0x6ea1a820, 0, FILL, S_CVT, ZERO, {0x0000000000000003ull, 0xffffffff00000004ull}, 0x11},
    /* fcvtpu v0.2d, v1.2d */
    {0x6ee1a820, 0, FILL, D_CVT, ZERO, {0x0000000000000000ull, 0xffffffffffffffffull}, 0x01},
    /* fcvtzu v0.4s, v1.4s */
    {0x6ea1b820, 0, FILL, S_CVT, ZERO, {0x0000000000000002ull, 0xffffffff00000003ull}, 0x11},
    /* fcvtzu v0.2d, v1.2d */
    {0x6ee1b820, 0, FILL, D_CVT, ZERO, {0x0000000000000000ull, 0xffffffffffffffffull}, 0x01},
    /* frsqrte v0.4s, v1.4s */
    {0x6ea1d820, 0, FILL, S_A, S_B, {0x7fc000003f510000ull, 0x404a80003f138000ull}, 0x01},
    /* frsqrte v0.2d, v1.2d */
    {0x6ee1d820, 0, FILL, D_A, D_B, {0x3fea200000000000ull, 0x7ff8000000000000ull}, 0x01},
    /* fsqrt v0.4s, v1.4s */
    {0x6ea1f820, 0, FILL, S_A, S_B, {0x7fc000003f9cc471ull, 0x3ea1e89b3fddb3d7ull}, 0x11},
    /* fsqrt v0.2d, v1.2d */
    {0x6ee1f820, 0, FILL, D_A, D_B, {0x3ff3988e1409212eull, 0x7ff8000000000000ull}, 0x11},
    /* fsqrt v0.2s, v1.2s */
    {0x2ea1f820, 0, FILL, S_A, S_B, {0x7fc000003f9cc471ull, 0x0000000000000000ull}, 0x11},
    /* fcvtxn s0, d1 */
    {0x7e616820, 0, FILL, {0x3ff0000000400000ull, 0x401c000000000000ull}, ZERO, {0x000000003f800001ull, 0x0000000000000000ull}, 0x10},
    /* fcvtns s0, s1 */
    {0x5e21a820, 0, FILL, S_CVT, ZERO, {0x0000000000000002ull, 0x0000000000000000ull}, 0x10},
    /* fcvtns d0, d1 */
    {0x5e61a820, 0, FILL, D_CVT, ZERO, {0xfffffffffffffffeull, 0x0000000000000000ull}, 0x10},
    /* fcvtms s0, s1 */
    {0x5e21b820, 0, FILL, S_CVT, ZERO, {0x0000000000000002ull, 0x0000000000000000ull}, 0x10},
    /* fcvtms d0, d1 */
    {0x5e61b820, 0, FILL, D_CVT, ZERO, {0xfffffffffffffffdull, 0x0000000000000000ull}, 0x10},
    /* fcvtas s0, s1 */
    {0x5e21c820, 0, FILL, S_CVT, ZERO, {0x0000000000000003ull, 0x0000000000000000ull}, 0x10},
    /* fcvtas d0, d1 */
    {0x5e61c820, 0, FILL, D_CVT, ZERO, {0xfffffffffffffffdull, 0x0000000000000000ull}, 0x10},
    /* scvtf s0, s1 */
    {0x5e21d820, 0, FILL, S_INT, S_INT, {0x0000000040400000ull, 0x0000000000000000ull}, 0x00},
    /* scvtf d0, d1 */
    {0x5e61d820, 0, FILL, D_INT, D_INT, {0xc3e0000000000000ull, 0x0000000000000000ull}, 0x10},
    /* fcmgt s0, s1, #0.0 */
    {0x5ea0c820, 0, FILL, S_A, S_B, {0x00000000ffffffffull, 0x0000000000000000ull}, 0x00},
    /* fcmgt d0, d1, #0.0 */
    {0x5ee0c820, 0, FILL, D_A, D_B, {0xffffffffffffffffull, 0x0000000000000000ull}, 0x00},
    /* fcmeq s0, s1, #0.0 */
    {0x5ea0d820, 0, FILL, S_A, S_B, ZERO, 0x00},
    /* fcmeq d0, d1, #0.0 */
    {0x5ee0d820, 0, FILL, D_A, D_B, ZERO, 0x00},
    /* fcmlt s0, s1, #0.0 */
    {0x5ea0e820, 0, FILL, S_A, S_B, ZERO, 0x00},
    /* fcmlt d0, d1, #0.0 */
    {0x5ee0e820, 0, FILL, D_A, D_B, ZERO, 0x00},
    /* fcvtps s0, s1 */
    {0x5ea1a820, 0, FILL, S_CVT, ZERO, {0x0000000000000003ull, 0x0000000000000000ull}, 0x10},
    /* fcvtps d0, d1 */
    {0x5ee1a820, 0, FILL, D_CVT, ZERO, {0xfffffffffffffffeull, 0x0000000000000000ull}, 0x10},
    /* fcvtzs s0, s1 */
    {0x5ea1b820, 0, FILL, S_CVT, ZERO, {0x0000000000000002ull, 0x0000000000000000ull}, 0x10},
    /* fcvtzs d0, d1 */
    {0x5ee1b820, 0, FILL, D_CVT, ZERO, {0xfffffffffffffffeull, 0x0000000000000000ull}, 0x10},
    /* frecpe s0, s1 */
    {0x5ea1d820, 0, FILL, S_A, S_B, {0x000000003f2a8000ull, 0x0000000000000000ull}, 0x00},
    /* frecpe d0, d1 */
    {0x5ee1d820, 0, FILL, D_A, D_B, {0x3fe5500000000000ull, 0x0000000000000000ull}, 0x00},
    /* frecpx s0, s1 */
    {0x5ea1f820, 0, FILL, S_A, S_B, {0x0000000040000000ull, 0x0000000000000000ull}, 0x00},
    /* frecpx d0, d1 */
    {0x5ee1f820, 0, FILL, D_A, D_B, {0x4000000000000000ull, 0x0000000000000000ull}, 0x00},
    /* fcvtnu s0, s1 */
    {0x7e21a820, 0, FILL, S_CVT, ZERO, {0x0000000000000002ull, 0x0000000000000000ull}, 0x10},
    /* fcvtnu d0, d1 */
    {0x7e61a820, 0, FILL, D_CVT, ZERO, ZERO, 0x01},
    /* fcvtmu s0, s1 */
    {0x7e21b820, 0, FILL, S_CVT, ZERO, {0x0000000000000002ull, 0x0000000000000000ull}, 0x10},
    /* fcvtmu d0, d1 */
    {0x7e61b820, 0, FILL, D_CVT, ZERO, ZERO, 0x01},
    /* fcvtau s0, s1 */
    {0x7e21c820, 0, FILL, S_CVT, ZERO, {0x0000000000000003ull, 0x0000000000000000ull}, 0x10},
    /* fcvtau d0, d1 */
    {0x7e61c820, 0, FILL, D_CVT, ZERO, ZERO, 0x01},
    /* ucvtf s0, s1 */
    {0x7e21d820, 0, FILL, S_INT, S_INT, {0x0000000040400000ull, 0x0000000000000000ull}, 0x00},
    /* ucvtf d0, d1 */
    {0x7e61d820, 0, FILL, D_INT, D_INT, {0x43e0000000000000ull, 0x0000000000000000ull}, 0x10},
    /* fcmge s0, s1, #0.0 */
    {0x7ea0c820, 0, FILL, S_A, S_B, {0x00000000ffffffffull, 0x0000000000000000ull}, 0x00},
    /* fcmge d0, d1, #0.0 */
    {0x7ee0c820, 0, FILL, D_A, D_B, {0xffffffffffffffffull, 0x0000000000000000ull}, 0x00},
    /* fcmle s0, s1, #0.0 */
    {0x7ea0d820, 0, FILL, S_A, S_B, ZERO, 0x00},
    /* fcmle d0, d1, #0.0 */
    {0x7ee0d820, 0, FILL, D_A, D_B, ZERO, 0x00},
    /* fcvtpu s0, s1 */
    {0x7ea1a820, 0, FILL, S_CVT, ZERO, {0x0000000000000003ull, 0x0000000000000000ull}, 0x10},
    /* fcvtpu d0, d1 */
    {0x7ee1a820, 0, FILL, D_CVT, ZERO, ZERO, 0x01},
    /* fcvtzu s0, s1 */
    {0x7ea1b820, 0, FILL, S_CVT, ZERO, {0x0000000000000002ull, 0x0000000000000000ull}, 0x10},
    /* fcvtzu d0, d1 */
    {0x7ee1b820, 0, FILL, D_CVT, ZERO, ZERO, 0x01},
    /* frsqrte s0, s1 */
    {0x7ea1d820, 0, FILL, S_A, S_B, {0x000000003f510000ull, 0x0000000000000000ull}, 0x00},
    /* frsqrte d0, d1 */
    {0x7ee1d820, 0, FILL, D_A, D_B, {0x3fea200000000000ull, 0x0000000000000000ull}, 0x00},
    /* fmaxnmv s0, v1.4s */
    {0x6e30c820, 0, FILL, S_A, S_B, {0x0000000040400000ull, 0x0000000000000000ull}, 0x00},
    /* fmaxv s0, v1.4s */
    {0x6e30f820, 0, FILL, S_A, S_B, {0x0000000040400000ull, 0x0000000000000000ull}, 0x00},
    /* fminnmv s0, v1.4s */
    {0x6eb0c820, 0, FILL, S_A, S_B, {0x00000000c0100000ull, 0x0000000000000000ull}, 0x00},
    /* fminv s0, v1.4s */
    {0x6eb0f820, 0, FILL, S_A, S_B, {0x00000000c0100000ull, 0x0000000000000000ull}, 0x00},
    /* fmaxnmv h0, v1.8h */
    {0x4e30c820, 0, FILL, H_A, H_B, {0x0000000000007bffull, 0x0000000000000000ull}, 0x00},
    /* fmaxnmv h0, v1.4h */
    {0x0e30c820, 0, FILL, H_A, H_B, {0x0000000000004200ull, 0x0000000000000000ull}, 0x00},
    /* fmaxv h0, v1.8h */
    {0x4e30f820, 0, FILL, H_A, H_B, {0x0000000000007bffull, 0x0000000000000000ull}, 0x00},
    /* fmaxv h0, v1.4h */
    {0x0e30f820, 0, FILL, H_A, H_B, {0x0000000000004200ull, 0x0000000000000000ull}, 0x00},
    /* fminnmv h0, v1.8h */
    {0x4eb0c820, 0, FILL, H_A, H_B, {0x000000000000c080ull, 0x0000000000000000ull}, 0x00},
    /* fminnmv h0, v1.4h */
    {0x0eb0c820, 0, FILL, H_A, H_B, {0x000000000000c080ull, 0x0000000000000000ull}, 0x00},
    /* fminv h0, v1.8h */
    {0x4eb0f820, 0, FILL, H_A, H_B, {0x000000000000c080ull, 0x0000000000000000ull}, 0x00},
    /* fminv h0, v1.4h */
    {0x0eb0f820, 0, FILL, H_A, H_B, {0x000000000000c080ull, 0x0000000000000000ull}, 0x00},
    /* fmaxnmp s0, v1.2s */
    {0x7e30c820, 0, FILL, S_A, S_B, {0x000000003fc00000ull, 0x0000000000000000ull}, 0x00},
    /* fmaxnmp d0, v1.2d */
    {0x7e70c820, 0, FILL, D_A, D_B, {0x3ff8000000000000ull, 0x0000000000000000ull}, 0x00},
    /* faddp s0, v1.2s */
    {0x7e30d820, 0, FILL, S_A, S_B, {0x00000000bf400000ull, 0x0000000000000000ull}, 0x00},
    /* faddp d0, v1.2d */
    {0x7e70d820, 0, FILL, D_A, D_B, {0x3ff6666666666666ull, 0x0000000000000000ull}, 0x10},
    /* fmaxp s0, v1.2s */
    {0x7e30f820, 0, FILL, S_A, S_B, {0x000000003fc00000ull, 0x0000000000000000ull}, 0x00},
    /* fmaxp d0, v1.2d */
    {0x7e70f820, 0, FILL, D_A, D_B, {0x3ff8000000000000ull, 0x0000000000000000ull}, 0x00},
    /* fminnmp s0, v1.2s */
    {0x7eb0c820, 0, FILL, S_A, S_B, {0x00000000c0100000ull, 0x0000000000000000ull}, 0x00},
    /* fminnmp d0, v1.2d */
    {0x7ef0c820, 0, FILL, D_A, D_B, {0xbfb999999999999aull, 0x0000000000000000ull}, 0x00},
    /* fminp s0, v1.2s */
    {0x7eb0f820, 0, FILL, S_A, S_B, {0x00000000c0100000ull, 0x0000000000000000ull}, 0x00},
    /* fminp d0, v1.2d */
    {0x7ef0f820, 0, FILL, D_A, D_B, {0xbfb999999999999aull, 0x0000000000000000ull}, 0x00},
    /* fmaxnmp h0, v1.2h */
    {0x5e30c820, 0, FILL, H_A, H_B, {0x0000000000003e00ull, 0x0000000000000000ull}, 0x00},
    /* faddp h0, v1.2h */
    {0x5e30d820, 0, FILL, H_A, H_B, {0x000000000000ba00ull, 0x0000000000000000ull}, 0x00},
    /* fmaxp h0, v1.2h */
    {0x5e30f820, 0, FILL, H_A, H_B, {0x0000000000003e00ull, 0x0000000000000000ull}, 0x00},
    /* fminnmp h0, v1.2h */
    {0x5eb0c820, 0, FILL, H_A, H_B, {0x000000000000c080ull, 0x0000000000000000ull}, 0x00},
    /* fminp h0, v1.2h */
    {0x5eb0f820, 0, FILL, H_A, H_B, {0x000000000000c080ull, 0x0000000000000000ull}, 0x00},
    /* fmla v0.4s, v1.4s, v2.s[2] */
    {0x4f821820, 0, S_ACC, S_A, S_B, {0x40f80000c0880000ull, 0x3fd9999ac1200000ull}, 0x10},
    /* fmla v0.2d, v1.2d, v2.d[1] */
    {0x4fc21820, 0, D_ACC, D_A, D_B, {0xc011000000000000ull, 0xbfe6666666666666ull}, 0x10},
    /* fmla v0.2s, v1.2s, v2.s[1] */
    {0x0fa21020, 0, S_ACC, S_A, S_B, {0xc100000040c80000ull, 0x0000000000000000ull}, 0x00},
    /* fmls v0.4s, v1.4s, v2.s[2] */
    {0x4f825820, 0, S_ACC, S_A, S_B, {0xc0b8000040980000ull, 0x4013333341000000ull}, 0x10},
    /* fmls v0.2d, v1.2d, v2.d[1] */
    {0x4fc25820, 0, D_ACC, D_A, D_B, {0x4013000000000000ull, 0xbff4cccccccccccdull}, 0x10},
    /* fmls v0.2s, v1.2s, v2.s[1] */
    {0x0fa25020, 0, S_ACC, S_A, S_B, {0x41200000c0b80000ull, 0x0000000000000000ull}, 0x00},
    /* fmul v0.4s, v1.4s, v2.s[2] */
    {0x4f829820, 0, S_ACC, S_A, S_B, {0x40d80000c0900000ull, 0xbe99999ac1100000ull}, 0x10},
    /* fmul v0.2d, v1.2d, v2.d[1] */
    {0x4fc29820, 0, D_ACC, D_A, D_B, {0xc012000000000000ull, 0x3fd3333333333334ull}, 0x10},
    /* fmul v0.2s, v1.2s, v2.s[1] */
    {0x0fa29020, 0, S_ACC, S_A, S_B, {0xc110000040c00000ull, 0x0000000000000000ull}, 0x00},
    /* fmulx v0.4s, v1.4s, v2.s[2] */
    {0x6f829820, 0, S_ACC, S_A, S_B, {0x40d80000c0900000ull, 0xbe99999ac1100000ull}, 0x10},
    /* fmulx v0.2d, v1.2d, v2.d[1] */
    {0x6fc29820, 0, D_ACC, D_A, D_B, {0xc012000000000000ull, 0x3fd3333333333334ull}, 0x10},
    /* fmulx v0.2s, v1.2s, v2.s[1] */
    {0x2fa29020, 0, S_ACC, S_A, S_B, {0xc110000040c00000ull, 0x0000000000000000ull}, 0x00},
    /* fmla v0.8h, v1.8h, v2.h[5] */
    {0x4f121820, 0, H_ACC, H_A, H_B, {0x419a4dc0cc404a20ull, 0x4f807c00b8006241ull}, 0x14},
    /* fmla v0.4h, v1.4h, v2.h[7] */
    {0x0f321820, 0, H_ACC, H_A, H_B, {0x40263d00b9803d80ull, 0x0000000000000000ull}, 0x10},
    /* fmls v0.8h, v1.8h, v2.h[5] */
    {0x4f125820, 0, H_ACC, H_A, H_B, {0x3ccdce404cc0c9e0ull, 0xc900fc00b800e23full}, 0x14},
    /* fmls v0.4h, v1.4h, v2.h[7] */
    {0x0f325820, 0, H_ACC, H_A, H_B, {0x3fb3c2804160bb00ull, 0x0000000000000000ull}, 0x10},
    /* fmul v0.8h, v1.8h, v2.h[5] */
    {0x4f129820, 0, H_ACC, H_A, H_B, {0x3a664e00cc804a00ull, 0x4d007c0080006240ull}, 0x14},
    /* fmul v0.4h, v1.4h, v2.h[7] */
    {0x0f329820, 0, H_ACC, H_A, H_B, {0x2ccc4080bec03c80ull, 0x0000000000000000ull}, 0x10},
    /* fmulx v0.8h, v1.8h, v2.h[5] */
    {0x6f129820, 0, H_ACC, H_A, H_B, {0x3a664e00cc804a00ull, 0x4d007c0080006240ull}, 0x14},
    /* fmulx v0.4h, v1.4h, v2.h[7] */
    {0x2f329820, 0, H_ACC, H_A, H_B, {0x2ccc4080bec03c80ull, 0x0000000000000000ull}, 0x10},
    /* fmla s0, s1, v2.s[3] */
    {0x5fa21820, 0, S_ACC, S_A, S_B, {0x00000000412c0000ull, 0x0000000000000000ull}, 0x00},
    /* fmla d0, d1, v2.d[1] */
    {0x5fc21820, 0, D_ACC, D_A, D_B, {0xc011000000000000ull, 0x0000000000000000ull}, 0x00},
    /* fmls s0, s1, v2.s[3] */
    {0x5fa25820, 0, S_ACC, S_A, S_B, {0x00000000c1240000ull, 0x0000000000000000ull}, 0x00},
    /* fmls d0, d1, v2.d[1] */
    {0x5fc25820, 0, D_ACC, D_A, D_B, {0x4013000000000000ull, 0x0000000000000000ull}, 0x00},
    /* fmul s0, s1, v2.s[3] */
    {0x5fa29820, 0, S_ACC, S_A, S_B, {0x0000000041280000ull, 0x0000000000000000ull}, 0x00},
    /* fmul d0, d1, v2.d[1] */
    {0x5fc29820, 0, D_ACC, D_A, D_B, {0xc012000000000000ull, 0x0000000000000000ull}, 0x00},
    /* fmulx s0, s1, v2.s[3] */
    {0x7fa29820, 0, S_ACC, S_A, S_B, {0x0000000041280000ull, 0x0000000000000000ull}, 0x00},
    /* fmulx d0, d1, v2.d[1] */
    {0x7fc29820, 0, D_ACC, D_A, D_B, {0xc012000000000000ull, 0x0000000000000000ull}, 0x00},
    /* fmla h0, h1, v2.h[6] */
    {0x5f221820, 0, H_ACC, H_A, H_B, {0x0000000000004280ull, 0x0000000000000000ull}, 0x00},
    /* fmls h0, h1, v2.h[6] */
    {0x5f225820, 0, H_ACC, H_A, H_B, {0x000000000000c180ull, 0x0000000000000000ull}, 0x00},
    /* fmul h0, h1, v2.h[6] */
    {0x5f229820, 0, H_ACC, H_A, H_B, {0x0000000000004200ull, 0x0000000000000000ull}, 0x00},
    /* fmulx h0, h1, v2.h[6] */
    {0x7f229820, 0, H_ACC, H_A, H_B, {0x0000000000004200ull, 0x0000000000000000ull}, 0x00},
    /* scvtf v0.4s, v1.4s, #3 */
    {0x4f3de420, 0, FILL, S_INT, S_INT, {0xbf6000003ec00000ull, 0x4d80000041480000ull}, 0x10},
    /* scvtf v0.2d, v1.2d, #33 */
    {0x4f5fe420, 0, FILL, D_INT, D_INT, {0xc1d0000000000000ull, 0x3eb81c8000000000ull}, 0x10},
    /* scvtf v0.8h, v1.8h, #2 */
    {0x4f1ee420, 0, FILL, H_INT, H_INT, {0x70004e40bf003a00ull, 0x0000b4003400f000ull}, 0x10},
    /* ucvtf v0.4s, v1.4s, #3 */
    {0x6f3de420, 0, FILL, S_INT, S_INT, {0x4e0000003ec00000ull, 0x4d80000041480000ull}, 0x10},
    /* ucvtf v0.2d, v1.2d, #33 */
    {0x6f5fe420, 0, FILL, D_INT, D_INT, {0x41d0000000000000ull, 0x3eb81c8000000000ull}, 0x10},
    /* ucvtf v0.8h, v1.8h, #2 */
    {0x6f1ee420, 0, FILL, H_INT, H_INT, {0x70004e4074003a00ull, 0x0000740034007000ull}, 0x10},
    /* fcvtzs v0.4s, v1.4s, #3 */
    {0x4f3dfc20, 0, FILL, S_CVT, ZERO, {0xfffffff400000014ull, 0x7fffffff0000001eull}, 0x01},
    /* fcvtzs v0.2d, v1.2d, #33 */
    {0x4f5ffc20, 0, FILL, D_CVT, ZERO, {0xfffffffb00000000ull, 0x7fffffffffffffffull}, 0x01},
    /* fcvtzs v0.8h, v1.8h, #2 */
    {0x4f1efc20, 0, FILL, H_CVT, ZERO, {0xfffe000ffffa000aull, 0x0006000180007fffull}, 0x11},
    /* fcvtzu v0.4s, v1.4s, #3 */
    {0x6f3dfc20, 0, FILL, S_CVT, ZERO, {0x0000000000000014ull, 0xffffffff0000001eull}, 0x01},
    /* fcvtzu v0.2d, v1.2d, #33 */
    {0x6f5ffc20, 0, FILL, D_CVT, ZERO, {0x0000000000000000ull, 0xffffffffffffffffull}, 0x01},
    /* fcvtzu v0.8h, v1.8h, #2 */
    {0x6f1efc20, 0, FILL, H_CVT, ZERO, {0x0000000f0000000aull, 0x000600010000ffffull}, 0x11},
    /* scvtf s0, s1, #32 */
    {0x5f20e420, 0, FILL, S_INT, S_INT, {0x0000000030400000ull, 0x0000000000000000ull}, 0x00},
    /* scvtf d0, d1, #1 */
    {0x5f7fe420, 0, FILL, D_INT, D_INT, {0xc3d0000000000000ull, 0x0000000000000000ull}, 0x10},
    /* scvtf h0, h1, #16 */
    {0x5f10e420, 0, FILL, H_INT, H_INT, {0x0000000000000300ull, 0x0000000000000000ull}, 0x00},
    /* ucvtf s0, s1, #32 */
    {0x7f20e420, 0, FILL, S_INT, S_INT, {0x0000000030400000ull, 0x0000000000000000ull}, 0x00},
    /* ucvtf d0, d1, #1 */
    {0x7f7fe420, 0, FILL, D_INT, D_INT, {0x43d0000000000000ull, 0x0000000000000000ull}, 0x10},
    /* ucvtf h0, h1, #16 */
    {0x7f10e420, 0, FILL, H_INT, H_INT, {0x0000000000000300ull, 0x0000000000000000ull}, 0x00},
    /* fcvtzs s0, s1, #32 */
    {0x5f20fc20, 0, FILL, S_CVT, ZERO, {0x000000007fffffffull, 0x0000000000000000ull}, 0x01},
    /* fcvtzs d0, d1, #1 */
    {0x5f7ffc20, 0, FILL, D_CVT, ZERO, {0xfffffffffffffffbull, 0x0000000000000000ull}, 0x00},
    /* fcvtzs h0, h1, #16 */
    {0x5f10fc20, 0, FILL, H_CVT, ZERO, {0x0000000000007fffull, 0x0000000000000000ull}, 0x01},
    /* fcvtzu s0, s1, #32 */
    {0x7f20fc20, 0, FILL, S_CVT, ZERO, {0x00000000ffffffffull, 0x0000000000000000ull}, 0x01},
    /* fcvtzu d0, d1, #1 */
    {0x7f7ffc20, 0, FILL, D_CVT, ZERO, ZERO, 0x01},
    /* fcvtzu h0, h1, #16 */
    {0x7f10fc20, 0, FILL, H_CVT, ZERO, {0x000000000000ffffull, 0x0000000000000000ull}, 0x01},
    /* fmov v0.4s, #0.5 */
    {0x4f03f400, 0, FILL, ZERO, ZERO, {0x3f0000003f000000ull, 0x3f0000003f000000ull}, 0x00},
    /* fmov v0.2s, #-3.0 */
    {0x0f04f500, 0, FILL, ZERO, ZERO, {0xc0400000c0400000ull, 0x0000000000000000ull}, 0x00},
    /* fmov v0.2d, #1.9375 */
    {0x6f03f7e0, 0, FILL, ZERO, ZERO, {0x3fff000000000000ull, 0x3fff000000000000ull}, 0x00},
    /* fmov v0.8h, #-1.25 */
    {0x4f07fe80, 0, FILL, ZERO, ZERO, {0xbd00bd00bd00bd00ull, 0xbd00bd00bd00bd00ull}, 0x00},
    /* fmov v0.4h, #31.0 */
    {0x0f01ffe0, 0, FILL, ZERO, ZERO, {0x4fc04fc04fc04fc0ull, 0x0000000000000000ull}, 0x00},
};

/* NaNs: propagation order (a signalling NaN first, then the first operand), quieting, DN,
 * FMAXNM/FMINNM ignoring one quiet NaN, FMLS negating a NaN operand, FABD clearing the sign of a
 * NaN, FABS/FNEG without exceptions, quiet and signalling compares, the estimates */
static const SimdCase nan_cases[] = {
    /* fadd v0.4s, v1.4s, v2.4s */
    {0x4e22d420, 0, FILL, {0x7fc000027f800001ull, 0xff8000033f800000ull}, {0x7f8000043f800000ull, 0xffc000067fc00005ull}, {0x7fc000047fc00001ull, 0xffc000037fc00005ull}, 0x01},
    /* fadd v0.4s, v1.4s, v2.4s */
    {0x4e22d420, DN, FILL, {0x7fc000027f800001ull, 0xff8000033f800000ull}, {0x7f8000043f800000ull, 0xffc000067fc00005ull}, {0x7fc000007fc00000ull, 0x7fc000007fc00000ull}, 0x01},
    /* fmul v0.2d, v1.2d, v2.2d */
    {0x6e62dc20, 0, FILL, {0x7ff0000000000009ull, 0xfff8000000000001ull}, {0x7ff8000000000007ull, 0x4000000000000000ull}, {0x7ff8000000000009ull, 0xfff8000000000001ull}, 0x01},
    /* fsub v0.8h, v1.8h, v2.8h */
    {0x4ec21420, 0, FILL, {0xfd033c007e027c01ull, 0x0000000000000000ull}, {0x7e087e077c067e05ull, 0x0000000000000000ull}, {0xff037e077e067e01ull, 0x0000000000000000ull}, 0x01},
    /* fsub v0.8h, v1.8h, v2.8h */
    {0x4ec21420, DN, FILL, {0xfd033c007e027c01ull, 0x0000000000000000ull}, {0x7e087e077c067e05ull, 0x0000000000000000ull}, {0x7e007e007e007e00ull, 0x0000000000000000ull}, 0x01},
    /* fmaxnm v0.4s, v1.4s, v2.4s */
    {0x4e22c420, 0, FILL, {0x3f8000007fc00002ull, 0x7fc000027f800001ull}, {0xffc0000940000000ull, 0x7fc0000a40400000ull}, {0x3f80000040000000ull, 0x7fc000027fc00001ull}, 0x01},
    /* fminnm v0.4h, v1.4h, v2.4h */
    {0x0ec20420, 0, FILL, {0x80007c023c007e01ull, 0x0000000000000000ull}, {0x00003c007e03c500ull, 0x0000000000000000ull}, {0x80007e023c00c500ull, 0x0000000000000000ull}, 0x01},
    /* fmax v0.4s, v1.4s, v2.4s */
    {0x4e22f420, 0, FILL, {0x0000000080000000ull, 0x3f8000007fc00002ull}, {0x8000000000000000ull, 0xff8000003f800000ull}, {0x0000000000000000ull, 0x3f8000007fc00002ull}, 0x00},
    /* fmin v0.4s, v1.4s, v2.4s */
    {0x4ea2f420, 0, FILL, {0x0000000080000000ull, 0x3f8000003f800000ull}, {0x8000000000000000ull, 0xff8000007fc00002ull}, {0x8000000080000000ull, 0xff8000007fc00002ull}, 0x00},
    /* fmls v0.4s, v1.4s, v2.4s */
    {0x4ea2cc20, 0, {0x3f8000003f800000ull, 0x7f8000017fc00002ull}, {0xffc000037fc00002ull, 0x7fc000023f800000ull}, {0x3f8000003f800000ull, 0x3f8000003f800000ull}, {0x7fc00003ffc00002ull, 0x7fc000017fc00002ull}, 0x01},
    /* fmla v0.2d, v1.2d, v2.2d */
    {0x4e62cc20, 0, {0x7ff8000000000001ull, 0x3ff0000000000000ull}, {0x7ff0000000000002ull, 0x4000000000000000ull}, {0x4008000000000000ull, 0x7ff0000000000003ull}, {0x7ff8000000000002ull, 0x7ff8000000000003ull}, 0x01},
    /* fabd v0.4s, v1.4s, v2.4s */
    {0x6ea2d420, 0, FILL, {0x3f800000ffc00001ull, 0xff800002c0400000ull}, {0x408000003f800000ull, 0x3f80000040000000ull}, {0x404000007fc00001ull, 0x7fc0000240a00000ull}, 0x01},
    /* fabs v0.4s, v1.4s */
    {0x4ea0f820, 0, FILL, {0xffc00002ff800001ull, 0xbf80000080000000ull}, ZERO, {0x7fc000027f800001ull, 0x3f80000000000000ull}, 0x00},
    /* fneg v0.8h, v1.8h */
    {0x6ef8f820, 0, FILL, {0xbc000000fe027c01ull, 0x0000000000007c00ull}, ZERO, {0x3c0080007e02fc01ull, 0x800080008000fc00ull}, 0x00},
    /* fcmeq v0.4s, v1.4s, v2.4s */
    {0x4e22e420, 0, FILL, {0x3f8000007fc00002ull, 0x7f80000180000000ull}, {0x3f8000007fc00002ull, 0x3f80000000000000ull}, {0xffffffff00000000ull, 0x00000000ffffffffull}, 0x01},
    /* fcmeq v0.4s, v1.4s, v2.4s */
    {0x4e22e420, 0, FILL, {0x3f8000007fc00002ull, 0x4000000080000000ull}, {0x3f8000007fc00002ull, 0x3f80000000000000ull}, {0xffffffff00000000ull, 0x00000000ffffffffull}, 0x00},
    /* fcmge v0.4s, v1.4s, v2.4s */
    {0x6e22e420, 0, FILL, {0x3f8000007fc00002ull, 0x4000000080000000ull}, {0x3f8000003f800000ull, 0x3f80000000000000ull}, {0xffffffff00000000ull, 0xffffffffffffffffull}, 0x01},
    /* facgt v0.2d, v1.2d, v2.2d */
    {0x6ee2ec20, 0, FILL, {0xc008000000000000ull, 0x4000000000000000ull}, {0x4000000000000000ull, 0xc000000000000000ull}, {0xffffffffffffffffull, 0x0000000000000000ull}, 0x00},
    /* frecpe v0.4s, v1.4s */
    {0x4ea1d820, 0, FILL, {0x800000007f800001ull, 0x000000017f800000ull}, ZERO, {0xff8000007fc00001ull, 0x7f80000000000000ull}, 0x17},
    /* frsqrte v0.4s, v1.4s */
    {0x6ea1d820, 0, FILL, {0x00000000bf800000ull, 0x408000007f800000ull}, ZERO, {0x7f8000007fc00000ull, 0x3eff800000000000ull}, 0x03},
    /* frecpx s0, s1 */
    {0x5ea1f820, 0, FILL, {0x000000007f800001ull, 0x0000000000000000ull}, ZERO, {0x000000007fc00001ull, 0x0000000000000000ull}, 0x01},
    /* frecpx d0, d1 */
    {0x5ee1f820, 0, FILL, {0x8000000000000000ull, 0x0000000000000000ull}, ZERO, {0xffe0000000000000ull, 0x0000000000000000ull}, 0x00},
    /* frecpx h0, h1 */
    {0x5ef9f820, 0, FILL, {0x0000000000000003ull, 0x0000000000000000ull}, ZERO, {0x0000000000007800ull, 0x0000000000000000ull}, 0x00},
};

/* Infinities and zeros: FMULX infinity x zero = 2.0, FMUL = default NaN, inf - inf, division by
 * zero, FRECPS/FRSQRTS special cases, overflow to infinity or the largest normal by rounding
 * mode */
static const SimdCase inf_cases[] = {
    /* fmulx v0.4s, v1.4s, v2.4s */
    {0x4e22dc20, 0, FILL, {0xff8000007f800000ull, 0x8000000000000000ull}, {0x0000000000000000ull, 0x7f800000ff800000ull}, {0xc000000040000000ull, 0xc0000000c0000000ull}, 0x00},
    /* fmul v0.4s, v1.4s, v2.4s */
    {0x6e22dc20, 0, FILL, {0xff8000007f800000ull, 0x8000000000000000ull}, {0x0000000000000000ull, 0x7f800000ff800000ull}, {0x7fc000007fc00000ull, 0x7fc000007fc00000ull}, 0x01},
    /* fmulx h0, h1, h2 */
    {0x5e421c20, 0, FILL, {0x000000000000fc00ull, 0x0000000000000000ull}, ZERO, {0x000000000000c000ull, 0x0000000000000000ull}, 0x00},
    /* fsub v0.2d, v1.2d, v2.2d */
    {0x4ee2d420, 0, FILL, {0x7ff0000000000000ull, 0x7ff0000000000000ull}, {0x7ff0000000000000ull, 0x3ff0000000000000ull}, {0x7ff8000000000000ull, 0x7ff0000000000000ull}, 0x01},
    /* fdiv v0.4s, v1.4s, v2.4s */
    {0x6e22fc20, 0, FILL, {0x000000003f800000ull, 0x7f800000bf800000ull}, {0x0000000000000000ull, 0x7f80000080000000ull}, {0x7fc000007f800000ull, 0x7fc000007f800000ull}, 0x03},
    /* frecps v0.4s, v1.4s, v2.4s */
    {0x4e22fc20, 0, FILL, {0x000000007f800000ull, 0x3fc0000040000000ull}, {0xff80000000000000ull, 0x400000003f000000ull}, {0x4000000040000000ull, 0xbf8000003f800000ull}, 0x00},
    /* frsqrts v0.2d, v1.2d, v2.2d */
    {0x4ee2fc20, 0, FILL, {0xfff0000000000000ull, 0x3ff0000000000000ull}, {0x0000000000000000ull, 0x3ff0000000000000ull}, {0x3ff8000000000000ull, 0x3ff0000000000000ull}, 0x00},
    /* fmul v0.4s, v1.4s, v2.4s */
    {0x6e22dc20, 0, FILL, {0x7f7fffff7f7fffffull, 0x0da24260f149f2caull}, {0xc000000040000000ull, 0x0da242607149f2caull}, {0xff8000007f800000ull, 0x00000000ff800000ull}, 0x1c},
    /* fmul v0.4s, v1.4s, v2.4s */
    {0x6e22dc20, RZ, FILL, {0x7f7fffff7f7fffffull, 0x0da24260f149f2caull}, {0xc000000040000000ull, 0x0da242607149f2caull}, {0xff7fffff7f7fffffull, 0x00000000ff7fffffull}, 0x1c},
    /* fmul v0.4s, v1.4s, v2.4s */
    {0x6e22dc20, RM, FILL, {0x7f7fffff7f7fffffull, 0x0da24260f149f2caull}, {0xc000000040000000ull, 0x0da242607149f2caull}, {0xff8000007f7fffffull, 0x00000000ff800000ull}, 0x1c},
    /* fadd v0.8h, v1.8h, v2.8h */
    {0x4e421420, 0, FILL, {0x3c00fc007c007bffull, 0x0000000000000000ull}, {0xfc007c003c005000ull, 0x0000000000000000ull}, {0xfc007e007c007c00ull, 0x0000000000000000ull}, 0x15},
};

/* Denormals: kept without FZ; with FZ flushed on input (IDC) and output (UFC); FZ16 for half
 * precision only; conversions (FCVTL/FCVTN) ignore FZ16 but honour FZ for single */
static const SimdCase denormal_cases[] = {
    /* fadd v0.4s, v1.4s, v2.4s */
    {0x4e22d420, 0, FILL, {0x807fffff00000001ull, 0x004000003f800000ull}, {0x0000000000000000ull, 0x0040000000000001ull}, {0x807fffff00000001ull, 0x008000003f800000ull}, 0x10},
    /* fadd v0.4s, v1.4s, v2.4s */
    {0x4e22d420, FZ, FILL, {0x807fffff00000001ull, 0x004000003f800000ull}, {0x0000000000000000ull, 0x0040000000000001ull}, {0x0000000000000000ull, 0x000000003f800000ull}, 0x80},
    /* fmul v0.4s, v1.4s, v2.4s */
    {0x6e22dc20, 0, FILL, {0x0d8000000d800000ull, 0x3f80000040400000ull}, {0x2bc0000030800000ull, 0x3f80000000400000ull}, {0x0000030000080000ull, 0x3f80000000c00000ull}, 0x00},
    /* fmul v0.4s, v1.4s, v2.4s */
    {0x6e22dc20, FZ, FILL, {0x0d8000000d800000ull, 0x3f80000040400000ull}, {0x2bc0000030800000ull, 0x3f80000000400000ull}, {0x0000000000000000ull, 0x3f80000000000000ull}, 0x88},
    /* fadd v0.2d, v1.2d, v2.2d */
    {0x4e62d420, FZ, FILL, {0x0000000000000001ull, 0x3ff0000000000000ull}, {0x0000000000000000ull, 0x800fffffffffffffull}, {0x0000000000000000ull, 0x3ff0000000000000ull}, 0x80},
    /* fadd v0.8h, v1.8h, v2.8h */
    {0x4e421420, 0, FILL, {0x00003c0083ff0001ull, 0x0000000000000000ull}, {0x0000000100010001ull, 0x0000000000000000ull}, {0x00003c0083fe0002ull, 0x0000000000000000ull}, 0x10},
    /* fadd v0.8h, v1.8h, v2.8h */
    {0x4e421420, FZ16, FILL, {0x00003c0083ff0001ull, 0x0000000000000000ull}, {0x0000000100010001ull, 0x0000000000000000ull}, {0x00003c0000000000ull, 0x0000000000000000ull}, 0x00},
    /* fadd v0.8h, v1.8h, v2.8h */
    {0x4e421420, FZ, FILL, {0x00003c0083ff0001ull, 0x0000000000000000ull}, {0x0000000100010001ull, 0x0000000000000000ull}, {0x00003c0083fe0002ull, 0x0000000000000000ull}, 0x10},
    /* fmul h0, h1, v2.h[0] */
    {0x5f029020, FZ16, FILL, {0x0000000000001400ull, 0x0000000000000000ull}, {0x0000000000001400ull, 0x0000000000000000ull}, ZERO, 0x08},
    /* fcvtl v0.4s, v1.4h */
    {0x0e217820, FZ | FZ16, FILL, {0x02003c0083ff0001ull, 0x0000000000000000ull}, ZERO, {0xb87fc00033800000ull, 0x380000003f800000ull}, 0x00},
    /* fcvtn v0.4h, v1.4s */
    {0x0e216820, FZ16, FILL, {0x3300000035800000ull, 0x3f80000000000001ull}, ZERO, {0x3c00000000000010ull, 0x0000000000000000ull}, 0x18},
    /* fcvtn v0.4h, v1.4s */
    {0x0e216820, FZ, FILL, {0x3300000035800000ull, 0x3f80000000000001ull}, ZERO, {0x3c00000000000010ull, 0x0000000000000000ull}, 0x98},
    /* fcmgt v0.4s, v1.4s, #0.0 */
    {0x4ea0c820, FZ, FILL, {0x8000000100000001ull, 0xbf8000003f800000ull}, ZERO, {0x0000000000000000ull, 0x00000000ffffffffull}, 0x80},
    /* fcmle h0, h1, #0.0 */
    {0x7ef8d820, FZ16, FILL, {0x0000000000000001ull, 0x0000000000000000ull}, ZERO, {0x000000000000ffffull, 0x0000000000000000ull}, 0x00},
    /* fcvtzs v0.4s, v1.4s, #31 */
    {0x4f21fc20, FZ, FILL, {0x3f80000000400000ull, 0xbf8000003f000000ull}, ZERO, {0x7fffffff00000000ull, 0x8000000040000000ull}, 0x81},
};

/* FPCR.RMode where the pseudocode uses it, fixed rounding for the named variants, fused
 * multiply-add (one rounding) */
static const SimdCase rounding_cases[] = {
    /* fadd v0.4s, v1.4s, v2.4s */
    {0x4e22d420, 0, FILL, {0xbf8000003f800000ull, 0x400000003f800000ull}, {0xb380000033800000ull, 0x3400000034400000ull}, {0xbf8000003f800000ull, 0x400000003f800002ull}, 0x10},
    /* fadd v0.4s, v1.4s, v2.4s */
    {0x4e22d420, RP, FILL, {0xbf8000003f800000ull, 0x400000003f800000ull}, {0xb380000033800000ull, 0x3400000034400000ull}, {0xbf8000003f800001ull, 0x400000013f800002ull}, 0x10},
    /* fadd v0.4s, v1.4s, v2.4s */
    {0x4e22d420, RM, FILL, {0xbf8000003f800000ull, 0x400000003f800000ull}, {0xb380000033800000ull, 0x3400000034400000ull}, {0xbf8000013f800000ull, 0x400000003f800001ull}, 0x10},
    /* fadd v0.4s, v1.4s, v2.4s */
    {0x4e22d420, RZ, FILL, {0xbf8000003f800000ull, 0x400000003f800000ull}, {0xb380000033800000ull, 0x3400000034400000ull}, {0xbf8000003f800000ull, 0x400000003f800001ull}, 0x10},
    /* fadd v0.4h, v1.4h, v2.4h */
    {0x0e421420, RP, FILL, {0x00006800bc003c00ull, 0x0000000000000000ull}, {0x00003c0090001000ull, 0x0000000000000000ull}, {0x00006801bc003c01ull, 0x0000000000000000ull}, 0x10},
    /* fabd d0, d1, d2 */
    {0x7ee2d420, RM, FILL, {0x3ff0000000000000ull, 0x0000000000000000ull}, {0x3c30000000000000ull, 0x0000000000000000ull}, {0x3fefffffffffffffull, 0x0000000000000000ull}, 0x10},
    /* frintx v0.4s, v1.4s */
    {0x6e219820, 0, FILL, {0xc020000040200000ull, 0x3ecccccd40600000ull}, ZERO, {0xc000000040000000ull, 0x0000000040800000ull}, 0x10},
    /* frintx v0.4s, v1.4s */
    {0x6e219820, RP, FILL, {0xc020000040200000ull, 0x3ecccccd40600000ull}, ZERO, {0xc000000040400000ull, 0x3f80000040800000ull}, 0x10},
    /* frinti v0.4s, v1.4s */
    {0x6ea19820, RM, FILL, {0xc020000040200000ull, 0x3ecccccd40600000ull}, ZERO, {0xc040000040000000ull, 0x0000000040400000ull}, 0x00},
    /* frinti v0.4s, v1.4s */
    {0x6ea19820, RZ, FILL, {0xc020000040200000ull, 0x3ecccccd40600000ull}, ZERO, {0xc000000040000000ull, 0x0000000040400000ull}, 0x00},
    /* frintn v0.4s, v1.4s */
    {0x4e218820, RP, FILL, {0xc020000040200000ull, 0xbecccccd40600000ull}, ZERO, {0xc000000040000000ull, 0x8000000040800000ull}, 0x00},
    /* frinta v0.4s, v1.4s */
    {0x6e218820, RZ, FILL, {0xc020000040200000ull, 0xbecccccd40600000ull}, ZERO, {0xc040000040400000ull, 0x8000000040800000ull}, 0x00},
    /* frintm v0.8h, v1.8h */
    {0x4e799820, RP, FILL, {0xb6664300c1004100ull, 0x8000fc007e016400ull}, ZERO, {0xbc004200c2004000ull, 0x8000fc007e016400ull}, 0x00},
    /* scvtf v0.4s, v1.4s */
    {0x4e21d820, 0, FILL, {0x0100000301000001ull, 0x7ffffffffeffffffull}, ZERO, {0x4b8000024b800000ull, 0x4f000000cb800000ull}, 0x10},
    /* scvtf v0.4s, v1.4s */
    {0x4e21d820, RP, FILL, {0x0100000301000001ull, 0x7ffffffffeffffffull}, ZERO, {0x4b8000024b800001ull, 0x4f000000cb800000ull}, 0x10},
    /* ucvtf v0.8h, v1.8h */
    {0x6e79d820, RZ, FILL, {0x00010fff0801ffffull, 0x0000000000000000ull}, ZERO, {0x3c006bff68007bffull, 0x0000000000000000ull}, 0x10},
    /* fcvtn v0.4h, v1.4s */
    {0x0e216820, 0, FILL, {0x3f8030003f801000ull, 0xc788b8004788b800ull}, ZERO, {0xfc007c003c023c00ull, 0x0000000000000000ull}, 0x14},
    /* fcvtn v0.4h, v1.4s */
    {0x0e216820, RP, FILL, {0x3f8030003f801000ull, 0xc788b8004788b800ull}, ZERO, {0xfbff7c003c023c01ull, 0x0000000000000000ull}, 0x14},
    /* fcvtn v0.4h, v1.4s */
    {0x0e216820, RZ, FILL, {0x3f8030003f801000ull, 0xc788b8004788b800ull}, ZERO, {0xfbff7bff3c013c00ull, 0x0000000000000000ull}, 0x14},
    /* fcvtzs v0.4s, v1.4s */
    {0x4ea1b820, RP, FILL, {0xc02ccccd402ccccdull, 0xcf32d05e4f32d05eull}, ZERO, {0xfffffffe00000002ull, 0x800000007fffffffull}, 0x11},
    /* fcvtns v0.4s, v1.4s */
    {0x4e21a820, RZ, FILL, {0xc020000040200000ull, 0x3f00000040600000ull}, ZERO, {0xfffffffe00000002ull, 0x0000000000000004ull}, 0x10},
    /* fcvtas v0.4s, v1.4s */
    {0x4e21c820, 0, FILL, {0xc020000040200000ull, 0x3f00000040600000ull}, ZERO, {0xfffffffd00000003ull, 0x0000000100000004ull}, 0x10},
    /* fcvtmu v0.2d, v1.2d */
    {0x6e61b820, 0, FILL, {0xbfe0000000000000ull, 0x43ef399b1438a100ull}, ZERO, {0x0000000000000000ull, 0xf9ccd8a1c5080000ull}, 0x01},
    /* fcvtpu v0.4h, v1.4h */
    {0x2ef9a820, 0, FILL, {0x7e00b8007bff2e66ull, 0x0000000000000000ull}, ZERO, {0x00000000ffe00001ull, 0x0000000000000000ull}, 0x11},
    /* fcvtzu h0, h1 */
    {0x7ef9b820, 0, FILL, {0x000000000000bc00ull, 0x0000000000000000ull}, ZERO, ZERO, 0x01},
    /* fmla v0.4s, v1.4s, v2.4s */
    {0x4e22cc20, 0, {0xbf800000bf800000ull, 0x000000003f800000ull}, {0x3f8008003f800800ull, 0x0000000030800000ull}, {0xbf8008003f800800ull, 0x8000000030800000ull}, {0xc00008003a000400ull, 0x000000003f800000ull}, 0x10},
    /* fmul v0.4s, v1.4s, v2.4s */
    {0x6e22dc20, 0, FILL, {0x3f8008003f800800ull, 0x0000000100000001ull}, {0xbf8008003f800800ull, 0x0000000100000001ull}, {0xbf8010003f801000ull, 0x0000000000000000ull}, 0x18},
};

/* Across lanes and pairwise: Reduce is a tree, op(lower half, upper half), so a quiet NaN in the
 * lower half wins over a signalling NaN in the upper half; pairwise order Vn then Vm */
static const SimdCase across_cases[] = {
    /* fmaxv s0, v1.4s */
    {0x6e30f820, 0, FILL, {0x7fc000113f800000ull, 0x400000007f800022ull}, ZERO, {0x000000007fc00011ull, 0x0000000000000000ull}, 0x01},
    /* fminv h0, v1.8h */
    {0x4eb0f820, 0, FILL, {0x4500bc0040003c00ull, 0x00007c223c007e11ull}, ZERO, {0x0000000000007e11ull, 0x0000000000000000ull}, 0x01},
    /* fminv h0, v1.4h */
    {0x0eb0f820, 0, FILL, {0x00007c227e113c00ull, 0x7c337c337c337c33ull}, ZERO, {0x0000000000007e11ull, 0x0000000000000000ull}, 0x01},
    /* fminnmv s0, v1.4s */
    {0x6eb0c820, 0, FILL, {0x404000007fc00002ull, 0x7fc000047fc00003ull}, ZERO, {0x0000000040400000ull, 0x0000000000000000ull}, 0x00},
    /* fmaxnmv s0, v1.4s */
    {0x6e30c820, DN, FILL, {0x7fc000037fc00002ull, 0x7fc000047f800001ull}, ZERO, {0x000000007fc00000ull, 0x0000000000000000ull}, 0x01},
    /* fmaxnmv h0, v1.8h */
    {0x4e30c820, FZ16, FILL, {0xc200c00000018001ull, 0x7e0000027e007e00ull}, ZERO, ZERO, 0x00},
    /* faddp s0, v1.2s */
    {0x7e30d820, RP, FILL, {0x308000003f800000ull, 0x40a0000040a00000ull}, ZERO, {0x000000003f800001ull, 0x0000000000000000ull}, 0x10},
    /* faddp h0, v1.2h */
    {0x5e30d820, 0, FILL, {0x450045007e027c01ull, 0x0000000000000000ull}, ZERO, {0x0000000000007e01ull, 0x0000000000000000ull}, 0x01},
    /* faddp v0.4s, v1.4s, v2.4s */
    {0x6e22d420, 0, FILL, {0x400000003f800000ull, 0x4080000040400000ull}, {0x41a0000041200000ull, 0x422000007fc00002ull}, {0x40e0000040400000ull, 0x7fc0000241f00000ull}, 0x00},
    /* fminp v0.2d, v1.2d, v2.2d */
    {0x6ee2f420, 0, FILL, {0x8000000000000000ull, 0x0000000000000000ull}, {0x7ff0000000000001ull, 0x3ff0000000000000ull}, {0x8000000000000000ull, 0x7ff8000000000001ull}, 0x01},
    /* fmaxnmp v0.4h, v1.4h, v2.4h */
    {0x2e420420, 0, FILL, {0x400042007e003c00ull, 0x0009000900090009ull}, {0xc000bc007e017e00ull, 0x0009000900090009ull}, {0xbc007e0042003c00ull, 0x0000000000000000ull}, 0x00},
};

/* FCVTN2/FCVTL2 and the halves they read and write; AHP */
static const SimdCase halves_cases[] = {
    /* fcvtn v0.4h, v1.4s */
    {0x0e216820, 0, FILL, {0xc00000003f800000ull, 0x477fe0003f000000ull}, ZERO, {0x7bff3800c0003c00ull, 0x0000000000000000ull}, 0x00},
    /* fcvtn2 v0.8h, v1.4s */
    {0x4e216820, 0, FILL, {0xc00000003f800000ull, 0x477fe0003f000000ull}, ZERO, {0xfedcba9876543210ull, 0x7bff3800c0003c00ull}, 0x00},
    /* fcvtn2 v0.4s, v1.2d */
    {0x4e616820, 0, FILL, {0x3ff0000000001000ull, 0x7e37e43c8800759cull}, ZERO, {0xfedcba9876543210ull, 0x7f8000003f800000ull}, 0x14},
    /* fcvtl v0.2d, v1.2s */
    {0x0e617820, 0, FILL, {0xbe8000003fc00000ull, 0x40e0000042c60000ull}, ZERO, {0x3ff8000000000000ull, 0xbfd0000000000000ull}, 0x00},
    /* fcvtl2 v0.2d, v1.4s */
    {0x4e617820, 0, FILL, {0xbe8000003fc00000ull, 0x7f80000342c60000ull}, ZERO, {0x4058c00000000000ull, 0x7ff8000060000000ull}, 0x01},
    /* fcvtl2 v0.4s, v1.8h */
    {0x4e217820, 0, FILL, {0x4400420040003c00ull, 0xb80080017c017c00ull}, ZERO, {0x7fc020007f800000ull, 0xbf000000b3800000ull}, 0x01},
    /* fcvtl2 v0.4s, v1.8h */
    {0x4e217820, AHP, FILL, {0x4400420040003c00ull, 0xb80080017c017c00ull}, ZERO, {0x4780200047800000ull, 0xbf000000b3800000ull}, 0x00},
    /* fcvtn v0.4h, v1.4s */
    {0x0e216820, AHP, FILL, {0x7fc000007f800000ull, 0x3f80000049742400ull}, ZERO, {0x3c007fff00007fffull, 0x0000000000000000ull}, 0x01},
    /* fcvtn2 v0.8h, v0.4s */
    {0x4e216800, 0, {0x400000003f800000ull, 0x4080000040400000ull}, ZERO, ZERO, {0x400000003f800000ull, 0x4400420040003c00ull}, 0x00},
    /* fcvtl2 v0.2d, v0.4s */
    {0x4e617800, 0, {0x400000003f800000ull, 0x4080000040400000ull}, ZERO, ZERO, {0x4008000000000000ull, 0x4010000000000000ull}, 0x00},
};

/* FCVTXN: round to odd (inexact results get an odd last bit), overflow, FZ */
static const SimdCase round_to_odd_cases[] = {
    /* fcvtxn s0, d1 */
    {0x7e616820, 0, FILL, {0x3ff0000000400000ull, 0x0000000000000000ull}, ZERO, {0x000000003f800001ull, 0x0000000000000000ull}, 0x10},
    /* fcvtxn s0, d1 */
    {0x7e616820, RP, FILL, {0x3ff8000000000000ull, 0x0000000000000000ull}, ZERO, {0x000000003fc00000ull, 0x0000000000000000ull}, 0x00},
    /* fcvtxn v0.2s, v1.2d */
    {0x2e616820, 0, FILL, {0x3ff0000030000000ull, 0xbff0000010000000ull}, ZERO, {0xbf8000013f800001ull, 0x0000000000000000ull}, 0x10},
    /* fcvtxn v0.2s, v1.2d */
    {0x2e616820, RZ, FILL, {0x7e37e43c8800759cull, 0x3730000000000000ull}, ZERO, {0x000002007f7fffffull, 0x0000000000000000ull}, 0x14},
    /* fcvtxn v0.2s, v1.2d */
    {0x2e616820, FZ, FILL, {0x7ff0000000000001ull, 0x3730000000000000ull}, ZERO, {0x000000007fc00000ull, 0x0000000000000000ull}, 0x09},
    /* fcvtxn2 v0.4s, v1.2d */
    {0x6e616820, 0, FILL, {0x36a8000000000000ull, 0xc83d6329f1c35ca5ull}, ZERO, {0xfedcba9876543210ull, 0xff7fffff00000001ull}, 0x1c},
};

/* Fixed-point conversions: fbits from immh:immb, saturation, NaN to 0 */
static const SimdCase fixed_cases[] = {
    /* scvtf v0.4s, v1.4s, #16 */
    {0x4f30e420, 0, FILL, {0xffff800000018000ull, 0x000000017fffffffull}, ZERO, {0xbf0000003fc00000ull, 0x3780000047000000ull}, 0x10},
    /* ucvtf v0.4s, v1.4s, #16 */
    {0x6f30e420, 0, FILL, {0xffff800000018000ull, 0x000000017fffffffull}, ZERO, {0x477fff803fc00000ull, 0x3780000047000000ull}, 0x10},
    /* ucvtf v0.4s, v1.4s, #16 */
    {0x6f30e420, RP, FILL, {0xffff800000018000ull, 0x000000017fffffffull}, ZERO, {0x477fff803fc00000ull, 0x3780000047000000ull}, 0x10},
    /* fcvtzs v0.4s, v1.4s, #8 */
    {0x4f38fc20, 0, FILL, {0xbfc000003fc00000ull, 0x7fc00002501502f9ull}, ZERO, {0xfffffe8000000180ull, 0x000000007fffffffull}, 0x01},
    /* fcvtzu v0.4s, v1.4s, #1 */
    {0x6f3ffc20, 0, FILL, {0xbf8000003fe00000ull, 0xbe8000004f32d05eull}, ZERO, {0x0000000000000003ull, 0x00000000ffffffffull}, 0x11},
    /* fcvtzs v0.2d, v1.2d, #64 */
    {0x4f40fc20, 0, FILL, {0x3fe0000000000000ull, 0xbfe0000000000000ull}, ZERO, {0x7fffffffffffffffull, 0x8000000000000000ull}, 0x01},
    /* fcvtzu d0, d1, #64 */
    {0x7f40fc20, 0, FILL, {0x3fe8000000000000ull, 0x0000000000000000ull}, ZERO, {0xc000000000000000ull, 0x0000000000000000ull}, 0x00},
    /* scvtf d0, d1, #64 */
    {0x5f40e420, 0, FILL, {0x8000000000000000ull, 0x0000000000000000ull}, ZERO, {0xbfe0000000000000ull, 0x0000000000000000ull}, 0x00},
    /* scvtf v0.4h, v1.4h, #1 */
    {0x0f1fe420, 0, FILL, {0x80007fffffff0003ull, 0x0000000000000000ull}, ZERO, {0xf4007400b8003e00ull, 0x0000000000000000ull}, 0x10},
    /* ucvtf h0, h1, #16 */
    {0x7f10e420, 0, FILL, {0x0000000000008000ull, 0x0000000000000000ull}, ZERO, {0x0000000000003800ull, 0x0000000000000000ull}, 0x00},
    /* fcvtzs v0.8h, v1.8h, #4 */
    {0x4f1cfc20, 0, FILL, {0xe9dc69dcbe003e00ull, 0x400080007e0027aeull}, ZERO, {0x80007fffffe80018ull, 0x0020000000000000ull}, 0x11},
    /* fcvtzs h0, h1, #9 */ /* QEMU 7.2 sign-extends the half result to 32 bits; V[d] = result zero-extends */
    {0x5f17fc20, 0, FILL, {0x000000000000d640ull, 0x0000000000000000ull}, ZERO, {0x0000000000008000ull, 0x0000000000000000ull}, 0x01},
    /* fcvtzu h0, h1, #1 */
    {0x7f1ffc20, 0, FILL, {0x00000000000078e2ull, 0x0000000000000000ull}, ZERO, {0x000000000000ffffull, 0x0000000000000000ull}, 0x01},
};

/* Destination also a source (the result is computed before V[d] is written) */
static const SimdCase alias_cases[] = {
    /* fmla v0.4s, v0.4s, v0.4s */
    {0x4e20cc00, 0, {0x400000003f800000ull, 0xbf80000040400000ull}, ZERO, ZERO, {0x40c0000040000000ull, 0x0000000041400000ull}, 0x00},
    /* fmul v0.4s, v0.4s, v0.s[1] */
    {0x4fa09000, 0, {0x400000003f800000ull, 0xbf80000040400000ull}, ZERO, ZERO, {0x4080000040000000ull, 0xc000000040c00000ull}, 0x00},
    /* fmls v0.8h, v0.8h, v0.h[7] */
    {0x4f305800, 0, {0xbc00420040003c00ull, 0x4400480034003800ull}, ZERO, ZERO, {0x4200c880c600c200ull, 0xca00ce00ba00be00ull}, 0x00},
    /* faddp v0.4s, v0.4s, v1.4s */
    {0x6e21d400, 0, {0x400000003f800000ull, 0x4080000040400000ull}, {0x40c0000040a00000ull, 0x4100000040e00000ull}, ZERO, {0x40e0000040400000ull, 0x4170000041300000ull}, 0x00},
    /* fcvtl v0.2d, v0.2s */
    {0x0e617800, 0, {0x400000003f800000ull, 0x4080000040400000ull}, ZERO, ZERO, {0x3ff0000000000000ull, 0x4000000000000000ull}, 0x00},
    /* fcvtzs v0.4s, v0.4s, #2 */
    {0x4f3efc00, 0, {0x400000003f800000ull, 0x4080000040400000ull}, ZERO, ZERO, {0x0000000800000004ull, 0x000000100000000cull}, 0x00},
    /* fmaxv s0, v0.4s */
    {0x6e30f800, 0, {0x400000003f800000ull, 0x4080000040400000ull}, ZERO, ZERO, {0x0000000040800000ull, 0x0000000000000000ull}, 0x00},
};

/* Reserved encodings: UNDEFINED. */
static const uint32_t reserved_words[] = {
    0x0e62d420, /* fadd v0.2d, v1.2d, v2.2d with Q = 0 (1D) (0x4e62d420) */
    0x0ee0f820, /* fabs v0.2d, v1.2d with Q = 0 (1D) (0x4ee0f820) */
    0x2e216820, /* fcvtxn v0.2s, v1.2d with sz = 0 (0x2e616820) */
    0x7e216820, /* fcvtxn s0, d1 with sz = 0 (0x7e616820) */
    0x2e30f820, /* fmaxv s0, v1.4s with Q = 0 (0x6e30f820) */
    0x6ef0c820, /* fminnmv s0, v1.4s with sz = 1 (0x6eb0c820) */
    0x4fe21820, /* fmla v0.2d, v1.2d, v2.d[1] with L = 1 (0x4fc21820) */
    0x0fc29020, /* fmul v0.2d, v1.2d, v2.d[0] with Q = 0 (0x4fc29020) */
    0x7fe29020, /* fmulx d0, d1, v2.d[0] with L = 1 (0x7fc29020) */
    0x4f421020, /* fmla v0.4s, v1.4s, v2.s[0] with size = 01 (0x4f821020) */
    0x0f5fe420, /* scvtf v0.2d, v1.2d, #33 with Q = 0 (0x4f5fe420) */
    0x4f0dfc20, /* fcvtzs v0.4s, v1.4s, #3 with immh = 0001 (0x4f3dfc20) */
    0x7f0de420, /* ucvtf s0, s1, #3 with immh = 0001 (0x7f3de420) */
    0x2f03f600, /* fmov v0.2d, #1.0 with Q = 0 (0x6f03f600) */
    0x4ea1f820, /* frecpx v0.4s, v1.4s: FRECPX has no vector form (0x5ea1f820) */
    0x6f03fe00, /* fmov v0.8h, #1.0 with op = 1 (0x4f03fe00): unallocated; QEMU 7.2 runs it as FMOV (double) */
};

/* ---- Running a case ---- */

/* Set V0-V2 and FPCR, clear FPSR, run the word at EL3 and check V0, FPSR, and that the sources
 * V1/V2 and the neighbour V3 did not change (unless V0 is one of them). */
static void run_case(const SimdCase *k, const char *table, int i)
{
    const uint64_t v3[2] = {0x3333333333333333ull, 0x4444444444444444ull};
    hc->v[0] = (VReg){.d = {k->v0[0], k->v0[1]}};
    hc->v[1] = (VReg){.d = {k->v1[0], k->v1[1]}};
    hc->v[2] = (VReg){.d = {k->v2[0], k->v2[1]}};
    hc->v[3] = (VReg){.d = {v3[0], v3[1]}};
    hc->sr[SR_FPCR] = k->fpcr;
    hc->sr[SR_FPSR] = 0;
    h_run(&k->word, 1);
    ck_assert_msg(hc->pc == H_CODE + 4, "%s[%d] 0x%08x took an exception (ESR_EL3 0x%llx)", table, i, k->word,
                  (unsigned long long)hc->sr[SR_ESR_EL3]);
    ck_assert_msg(hc->v[0].d[0] == k->res[0] && hc->v[0].d[1] == k->res[1],
                  "%s[%d] 0x%08x: v0 = %016llx:%016llx, expected %016llx:%016llx", table, i, k->word,
                  (unsigned long long)hc->v[0].d[1], (unsigned long long)hc->v[0].d[0],
                  (unsigned long long)k->res[1], (unsigned long long)k->res[0]);
    ck_assert_msg(hc->sr[SR_FPSR] == k->fpsr, "%s[%d] 0x%08x: FPSR = 0x%llx, expected 0x%x", table, i, k->word,
                  (unsigned long long)hc->sr[SR_FPSR], k->fpsr);
    ck_assert_msg(hc->v[1].d[0] == k->v1[0] && hc->v[1].d[1] == k->v1[1] && hc->v[2].d[0] == k->v2[0] &&
                      hc->v[2].d[1] == k->v2[1] && hc->v[3].d[0] == v3[0] && hc->v[3].d[1] == v3[1],
                  "%s[%d] 0x%08x changed a source register", table, i, k->word);
}

#define N(a) ((int)(sizeof(a) / sizeof((a)[0])))
#define CASE_TEST(name)                                                                            \
    START_TEST(test_##name) { run_case(&name##_cases[_i], #name, _i); }                            \
    END_TEST

CASE_TEST(cover)
CASE_TEST(nan)
CASE_TEST(inf)
CASE_TEST(denormal)
CASE_TEST(rounding)
CASE_TEST(across)
CASE_TEST(halves)
CASE_TEST(round_to_odd)
CASE_TEST(fixed)
CASE_TEST(alias)

/* Every row of the "Advanced SIMD: floating point" section (FMAXNM_vec16 to FMOV_vec16) has a
 * case in cover_cases, and every case decodes to a row of that section. */
START_TEST(every_row_is_covered)
{
    decode_init();
    static bool seen[ROW_COUNT];
    for (int i = 0; i < N(cover_cases); i++) {
        int row = decode_row(cover_cases[i].word);
        ck_assert_msg(row >= ROW_FMAXNM_vec16 && row <= ROW_FMOV_vec16, "cover[%d] 0x%08x decodes to %s", i,
                      cover_cases[i].word, insn_row_name(row));
        seen[row] = true;
    }
    for (int row = ROW_FMAXNM_vec16; row <= ROW_FMOV_vec16; row++)
        ck_assert_msg(seen[row], "row %s has no case", insn_row_name(row));
}
END_TEST

/* FPSR's cumulative bits are ORed: flags already set stay, an instruction adds its own. */
START_TEST(fpsr_accumulates)
{
    const uint32_t fadd = 0x4e22d420; /* fadd v0.4s, v1.4s, v2.4s */
    hc->v[1] = (VReg){.s = {0x3f800000, 0x3f800000, 0, 0}};  /* 1.0, 1.0 */
    hc->v[2] = (VReg){.s = {0x33000000, 0, 0, 0}};            /* 2^-25: 1 + 2^-25 is inexact */
    hc->sr[SR_FPSR] = FPSR_QC | FPSR_DZC | 0xF0000000u;       /* QC, DZC and NZCV */
    h_run(&fadd, 1);
    ASSERT_HEX(hc->sr[SR_FPSR], FPSR_QC | FPSR_DZC | 0xF0000000u | FPSR_IXC);
    hc->v[2].s[0] = 0;                                        /* exact: nothing added */
    h_run(&fadd, 1);
    ASSERT_HEX(hc->sr[SR_FPSR], FPSR_QC | FPSR_DZC | 0xF0000000u | FPSR_IXC);
}
END_TEST

/* Reserved encodings are UNDEFINED: EC 0 to EL1, V0 and FPSR unchanged. */
START_TEST(reserved_is_undefined)
{
    h_set_el(1);
    hc->sr[SR_CPACR_EL1] = 3u << 20; /* FPEN: no trap */
    hc->v[0] = (VReg){.d = {0x1111, 0x2222}};
    h_run(&reserved_words[_i], 1);
    ck_assert_msg(hc->sr[SR_ESR_EL1] >> 26 == EC_UNKNOWN, "0x%08x: ESR_EL1 = 0x%llx", reserved_words[_i],
                  (unsigned long long)hc->sr[SR_ESR_EL1]);
    ASSERT_HEX(hc->pc, H_VBAR + V_CUR_SPX);
    ASSERT_HEX(hc->sr[SR_ELR_EL1], H_CODE);
    ASSERT_HEX(hc->v[0].d[0], 0x1111);
    ASSERT_HEX(hc->v[0].d[1], 0x2222);
    ASSERT_HEX(hc->sr[SR_FPSR], 0);
}
END_TEST

/* A reserved encoding is UNDEFINED even where FP/SIMD would trap: decode comes first. */
START_TEST(reserved_before_access_trap)
{
    const uint32_t fadd_1d = 0x0e62d420; /* fadd v0.2d, v1.2d, v2.2d with Q = 0 */
    h_set_el(1);
    hc->sr[SR_CPACR_EL1] = 0;
    h_run(&fadd_1d, 1);
    h_expect_exc(1, V_CUR_SPX, EC_UNKNOWN, 0, H_CODE);
}
END_TEST

#define ISS_FP 0x1E00000u /* EC 0x07's ISS in AArch64: the RES0/COND fields as the Arm ARM reports */

/* CheckFPAdvSIMDEnabled64 first in every row: with CPACR_EL1.FPEN = 0 each cover case traps
 * to EL1 with EC 0x07 and changes neither V0 nor FPSR. */
START_TEST(every_row_checks_fp_access)
{
    for (int i = 0; i < N(cover_cases); i++) {
        h_set_el(1);
        hc->ps.daif = 0;
        hc->sr[SR_CPACR_EL1] = 0;
        hc->v[0] = (VReg){.d = {0x5555, 0x6666}};
        hc->sr[SR_FPSR] = 0;
        h_run(&cover_cases[i].word, 1);
        ck_assert_msg(hc->sr[SR_ESR_EL1] == ((uint64_t)EC_FP_ACCESS << 26 | 1u << 25 | ISS_FP),
                      "cover[%d] 0x%08x: ESR_EL1 = 0x%llx", i, cover_cases[i].word,
                      (unsigned long long)hc->sr[SR_ESR_EL1]);
        h_expect_exc(1, V_CUR_SPX, EC_FP_ACCESS, ISS_FP, H_CODE);
        ck_assert(hc->v[0].d[0] == 0x5555 && hc->v[0].d[1] == 0x6666);
        ASSERT_HEX(hc->sr[SR_FPSR], 0);
    }
}
END_TEST

/* The other controls: EL0 with FPEN = 01 traps to EL1, CPTR_EL2.TFP to EL2, CPTR_EL3.TFP to
 * EL3; FPEN = 11 lets EL0 run it. */
START_TEST(access_trap_routing)
{
    const uint32_t fmla = 0x4f821020; /* fmla v0.4s, v1.4s, v2.s[0] */
    hc->sr[SR_CPACR_EL1] = 1u << 20;
    h_to_el(0, 0);
    h_run(&fmla, 1);
    h_expect_exc(1, V_LOWER, EC_FP_ACCESS, ISS_FP, H_CODE);

    hc->sr[SR_CPACR_EL1] = 3u << 20;
    hc->sr[SR_CPTR_EL2] = 1u << 10;
    h_to_el(1, 1);
    h_run(&fmla, 1);
    h_expect_exc(2, V_LOWER, EC_FP_ACCESS, ISS_FP, H_CODE);

    hc->sr[SR_CPTR_EL2] = 0;
    hc->sr[SR_CPTR_EL3] = 1u << 10;
    h_to_el(2, 1);
    h_run(&fmla, 1);
    h_expect_exc(3, V_LOWER, EC_FP_ACCESS, ISS_FP, H_CODE);

    hc->sr[SR_CPTR_EL3] = 0;
    hc->v[0] = (VReg){.s = {0x3f800000, 0, 0, 0}}; /* 1.0 */
    hc->v[1] = (VReg){.s = {0x40000000, 0, 0, 0}}; /* 2.0 */
    hc->v[2] = (VReg){.s = {0x40400000, 0, 0, 0}}; /* 3.0 */
    h_to_el(0, 0);
    h_run(&fmla, 1);
    ASSERT_HEX(hc->pc, H_CODE + 4);
    ASSERT_HEX(hc->v[0].d[0], 0x40e00000);        /* 1 + 2 * 3 = 7.0 */
    ASSERT_HEX(hc->v[0].d[1], 0);
}
END_TEST

#define LOOP(tc, name) tcase_add_loop_test(tc, test_##name, 0, N(name##_cases))

int main(void)
{
    Suite *s = suite_create("simd_fp");
    TCase *tc = tcase_create("simd_fp");
    tcase_add_checked_fixture(tc, h_setup, h_teardown);
    LOOP(tc, cover);
    LOOP(tc, nan);
    LOOP(tc, inf);
    LOOP(tc, denormal);
    LOOP(tc, rounding);
    LOOP(tc, across);
    LOOP(tc, halves);
    LOOP(tc, round_to_odd);
    LOOP(tc, fixed);
    LOOP(tc, alias);
    tcase_add_test(tc, every_row_is_covered);
    tcase_add_test(tc, fpsr_accumulates);
    tcase_add_loop_test(tc, reserved_is_undefined, 0, N(reserved_words));
    tcase_add_test(tc, reserved_before_access_trap);
    tcase_add_test(tc, every_row_checks_fp_access);
    tcase_add_test(tc, access_trap_routing);
    suite_add_tcase(s, tc);
    return h_run_suite(s);
}
