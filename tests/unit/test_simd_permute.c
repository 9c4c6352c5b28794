/* SPDX-License-Identifier: MIT */
/* Unit tests for the Advanced SIMD copy, modified immediate and permute classes
 * (cpu/simd_copy.c, simd_mod_imm.c, simd_permute.c): DUP, INS, SMOV, UMOV, MOVI/MVNI/ORR/BIC
 * (every cmode), TBL/TBX with 1-4 registers, ZIP/UZP/TRN, EXT, ADDP (scalar), DUP (scalar);
 * reserved encodings and the FP/SIMD access trap. Table entries: {word, input set, register
 * written (32 + n for Xn), its value low and high, QC}; see tests/unit/simd_cases.h. */
#include "tests/unit/simd_cases.h"

/* Advanced SIMD copy (the last two: destination also a source) */
static const SimdCase copy[] = {
    {0x0e070420, 0,  0, 0x8080808080808080, 0x0000000000000000, 0}, /* dup v0.8b, v1.b[3] */
    {0x4e1f0420, 0,  0, 0x7f7f7f7f7f7f7f7f, 0x7f7f7f7f7f7f7f7f, 0}, /* dup v0.16b, v1.b[15] */
    {0x0e1e0420, 0,  0, 0x7fff7fff7fff7fff, 0x0000000000000000, 0}, /* dup v0.4h, v1.h[7] */
    {0x4e0a0420, 0,  0, 0x7f017f017f017f01, 0x7f017f017f017f01, 0}, /* dup v0.8h, v1.h[2] */
    {0x0e0c0420, 0,  0, 0x80ff7f0180ff7f01, 0x0000000000000000, 0}, /* dup v0.2s, v1.s[1] */
    {0x4e1c0420, 0,  0, 0x7fffffff7fffffff, 0x7fffffff7fffffff, 0}, /* dup v0.4s, v1.s[3] */
    {0x4e180420, 0,  0, 0x7fffffff80000000, 0x7fffffff80000000, 0}, /* dup v0.2d, v1.d[1] */
    {0x0e010c20, 0,  0, 0x1111111111111111, 0x0000000000000000, 0}, /* dup v0.8b, w1 */
    {0x4e010c20, 0,  0, 0x1111111111111111, 0x1111111111111111, 0}, /* dup v0.16b, w1 */
    {0x0e020c20, 0,  0, 0x2211221122112211, 0x0000000000000000, 0}, /* dup v0.4h, w1 */
    {0x4e020c20, 0,  0, 0x2211221122112211, 0x2211221122112211, 0}, /* dup v0.8h, w1 */
    {0x0e040c20, 0,  0, 0x4433221144332211, 0x0000000000000000, 0}, /* dup v0.2s, w1 */
    {0x4e040c20, 0,  0, 0x4433221144332211, 0x4433221144332211, 0}, /* dup v0.4s, w1 */
    {0x4e080c20, 0,  0, 0x8877665544332211, 0x8877665544332211, 0}, /* dup v0.2d, x1 */
    {0x4e0b1c20, 0,  0, 0x0123116789abcdef, 0xfedcba9876543210, 0}, /* mov v0.b[5], w1 */
    {0x6e0b0420, 0,  0, 0x0123ff6789abcdef, 0xfedcba9876543210, 0}, /* mov v0.b[5], v1.b[0] */
    {0x6e012c20, 0,  0, 0x0123456789abcd7f, 0xfedcba9876543210, 0}, /* mov v0.b[0], v1.b[5] */
    {0x4e0e1c20, 0,  0, 0x2211456789abcdef, 0xfedcba9876543210, 0}, /* mov v0.h[3], w1 */
    {0x6e0e0420, 0,  0, 0x7fff456789abcdef, 0xfedcba9876543210, 0}, /* mov v0.h[3], v1.h[0] */
    {0x6e023420, 0,  0, 0x0123456789ab80ff, 0xfedcba9876543210, 0}, /* mov v0.h[0], v1.h[3] */
    {0x4e141c20, 0,  0, 0x0123456789abcdef, 0xfedcba9844332211, 0}, /* mov v0.s[2], w1 */
    {0x6e140420, 0,  0, 0x0123456789abcdef, 0xfedcba9880007fff, 0}, /* mov v0.s[2], v1.s[0] */
    {0x6e044420, 0,  0, 0x0123456780000000, 0xfedcba9876543210, 0}, /* mov v0.s[0], v1.s[2] */
    {0x4e181c20, 0,  0, 0x0123456789abcdef, 0x8877665544332211, 0}, /* mov v0.d[1], x1 */
    {0x6e180420, 0,  0, 0x0123456789abcdef, 0x80ff7f0180007fff, 0}, /* mov v0.d[1], v1.d[0] */
    {0x6e084420, 0,  0, 0x7fffffff80000000, 0xfedcba9876543210, 0}, /* mov v0.d[0], v1.d[1] */
    {0x0e1f2c23, 0, 35, 0x000000000000007f, 0x0000000000000000, 0}, /* smov w3, v1.b[15] */
    {0x4e1f2c23, 0, 35, 0x000000000000007f, 0x0000000000000000, 0}, /* smov x3, v1.b[15] */
    {0x0e1e2c23, 0, 35, 0x0000000000007fff, 0x0000000000000000, 0}, /* smov w3, v1.h[7] */
    {0x4e1e2c23, 0, 35, 0x0000000000007fff, 0x0000000000000000, 0}, /* smov x3, v1.h[7] */
    {0x4e0c2c23, 0, 35, 0xffffffff80ff7f01, 0x0000000000000000, 0}, /* smov x3, v1.s[1] */
    {0x4e142c23, 0, 35, 0xffffffff80000000, 0x0000000000000000, 0}, /* smov x3, v1.s[2] */
    {0x0e1d3c23, 0, 35, 0x00000000000000ff, 0x0000000000000000, 0}, /* umov w3, v1.b[14] */
    {0x0e063c23, 0, 35, 0x0000000000008000, 0x0000000000000000, 0}, /* umov w3, v1.h[1] */
    {0x0e1c3c23, 0, 35, 0x000000007fffffff, 0x0000000000000000, 0}, /* umov w3, v1.s[3] */
    {0x4e183c23, 0, 35, 0x7fffffff80000000, 0x0000000000000000, 0}, /* umov x3, v1.d[1] */
    {0x5e130420, 0,  0, 0x0000000000000000, 0x0000000000000000, 0}, /* mov b0, v1.b[9] */
    {0x5e1a0420, 0,  0, 0x000000000000ffff, 0x0000000000000000, 0}, /* mov h0, v1.h[6] */
    {0x5e1c0420, 0,  0, 0x000000007fffffff, 0x0000000000000000, 0}, /* mov s0, v1.s[3] */
    {0x5e180420, 0,  0, 0x7fffffff80000000, 0x0000000000000000, 0}, /* mov d0, v1.d[1] */
    {0x6e046421, 0,  1, 0x80ff7f017fffffff, 0x7fffffff80000000, 0}, /* mov v1.s[0], v1.s[3] */
    {0x4e1e0421, 0,  1, 0x7fff7fff7fff7fff, 0x7fff7fff7fff7fff, 0}, /* dup v1.8h, v1.h[7] */
};

/* Advanced SIMD modified immediate: V0 held 0x0123456789abcdef_fedcba9876543210 before */
static const SimdCase mod_imm[] = {
    {0x0f0504a0, 0,  0, 0x000000a5000000a5, 0x0000000000000000, 0}, /* movi v0.2s, #0xa5, lsl #0 */
    {0x2f0504a0, 0,  0, 0xffffff5affffff5a, 0x0000000000000000, 0}, /* mvni v0.2s, #0xa5, lsl #0 */
    {0x0f021740, 0,  0, 0x0123457f89abcdff, 0x0000000000000000, 0}, /* orr v0.2s, #0x5a, lsl #0 */
    {0x2f0717e0, 0,  0, 0x0123450089abcd00, 0x0000000000000000, 0}, /* bic v0.2s, #0xff, lsl #0 */
    {0x0f0524a0, 0,  0, 0x0000a5000000a500, 0x0000000000000000, 0}, /* movi v0.2s, #0xa5, lsl #8 */
    {0x2f0524a0, 0,  0, 0xffff5affffff5aff, 0x0000000000000000, 0}, /* mvni v0.2s, #0xa5, lsl #8 */
    {0x0f023740, 0,  0, 0x01235f6789abdfef, 0x0000000000000000, 0}, /* orr v0.2s, #0x5a, lsl #8 */
    {0x2f0737e0, 0,  0, 0x0123006789ab00ef, 0x0000000000000000, 0}, /* bic v0.2s, #0xff, lsl #8 */
    {0x0f0544a0, 0,  0, 0x00a5000000a50000, 0x0000000000000000, 0}, /* movi v0.2s, #0xa5, lsl #16 */
    {0x2f0544a0, 0,  0, 0xff5affffff5affff, 0x0000000000000000, 0}, /* mvni v0.2s, #0xa5, lsl #16 */
    {0x0f025740, 0,  0, 0x017b456789fbcdef, 0x0000000000000000, 0}, /* orr v0.2s, #0x5a, lsl #16 */
    {0x2f0757e0, 0,  0, 0x010045678900cdef, 0x0000000000000000, 0}, /* bic v0.2s, #0xff, lsl #16 */
    {0x0f0564a0, 0,  0, 0xa5000000a5000000, 0x0000000000000000, 0}, /* movi v0.2s, #0xa5, lsl #24 */
    {0x2f0564a0, 0,  0, 0x5affffff5affffff, 0x0000000000000000, 0}, /* mvni v0.2s, #0xa5, lsl #24 */
    {0x0f027740, 0,  0, 0x5b234567dbabcdef, 0x0000000000000000, 0}, /* orr v0.2s, #0x5a, lsl #24 */
    {0x2f0777e0, 0,  0, 0x0023456700abcdef, 0x0000000000000000, 0}, /* bic v0.2s, #0xff, lsl #24 */
    {0x0f04c420, 0,  0, 0x000081ff000081ff, 0x0000000000000000, 0}, /* movi v0.2s, #0x81, msl #8 */
    {0x0f04d420, 0,  0, 0x0081ffff0081ffff, 0x0000000000000000, 0}, /* movi v0.2s, #0x81, msl #16 */
    {0x2f04c420, 0,  0, 0xffff7e00ffff7e00, 0x0000000000000000, 0}, /* mvni v0.2s, #0x81, msl #8 */
    {0x2f04d420, 0,  0, 0xff7e0000ff7e0000, 0x0000000000000000, 0}, /* mvni v0.2s, #0x81, msl #16 */
    {0x4f0504a0, 0,  0, 0x000000a5000000a5, 0x000000a5000000a5, 0}, /* movi v0.4s, #0xa5, lsl #0 */
    {0x6f0504a0, 0,  0, 0xffffff5affffff5a, 0xffffff5affffff5a, 0}, /* mvni v0.4s, #0xa5, lsl #0 */
    {0x4f021740, 0,  0, 0x0123457f89abcdff, 0xfedcbada7654325a, 0}, /* orr v0.4s, #0x5a, lsl #0 */
    {0x6f0717e0, 0,  0, 0x0123450089abcd00, 0xfedcba0076543200, 0}, /* bic v0.4s, #0xff, lsl #0 */
    {0x4f0524a0, 0,  0, 0x0000a5000000a500, 0x0000a5000000a500, 0}, /* movi v0.4s, #0xa5, lsl #8 */
    {0x6f0524a0, 0,  0, 0xffff5affffff5aff, 0xffff5affffff5aff, 0}, /* mvni v0.4s, #0xa5, lsl #8 */
    {0x4f023740, 0,  0, 0x01235f6789abdfef, 0xfedcfa9876547a10, 0}, /* orr v0.4s, #0x5a, lsl #8 */
    {0x6f0737e0, 0,  0, 0x0123006789ab00ef, 0xfedc009876540010, 0}, /* bic v0.4s, #0xff, lsl #8 */
    {0x4f0544a0, 0,  0, 0x00a5000000a50000, 0x00a5000000a50000, 0}, /* movi v0.4s, #0xa5, lsl #16 */
    {0x6f0544a0, 0,  0, 0xff5affffff5affff, 0xff5affffff5affff, 0}, /* mvni v0.4s, #0xa5, lsl #16 */
    {0x4f025740, 0,  0, 0x017b456789fbcdef, 0xfedeba98765e3210, 0}, /* orr v0.4s, #0x5a, lsl #16 */
    {0x6f0757e0, 0,  0, 0x010045678900cdef, 0xfe00ba9876003210, 0}, /* bic v0.4s, #0xff, lsl #16 */
    {0x4f0564a0, 0,  0, 0xa5000000a5000000, 0xa5000000a5000000, 0}, /* movi v0.4s, #0xa5, lsl #24 */
    {0x6f0564a0, 0,  0, 0x5affffff5affffff, 0x5affffff5affffff, 0}, /* mvni v0.4s, #0xa5, lsl #24 */
    {0x4f027740, 0,  0, 0x5b234567dbabcdef, 0xfedcba987e543210, 0}, /* orr v0.4s, #0x5a, lsl #24 */
    {0x6f0777e0, 0,  0, 0x0023456700abcdef, 0x00dcba9800543210, 0}, /* bic v0.4s, #0xff, lsl #24 */
    {0x4f04c420, 0,  0, 0x000081ff000081ff, 0x000081ff000081ff, 0}, /* movi v0.4s, #0x81, msl #8 */
    {0x4f04d420, 0,  0, 0x0081ffff0081ffff, 0x0081ffff0081ffff, 0}, /* movi v0.4s, #0x81, msl #16 */
    {0x6f04c420, 0,  0, 0xffff7e00ffff7e00, 0xffff7e00ffff7e00, 0}, /* mvni v0.4s, #0x81, msl #8 */
    {0x6f04d420, 0,  0, 0xff7e0000ff7e0000, 0xff7e0000ff7e0000, 0}, /* mvni v0.4s, #0x81, msl #16 */
    {0x0f068460, 0,  0, 0x00c300c300c300c3, 0x0000000000000000, 0}, /* movi v0.4h, #0xc3, lsl #0 */
    {0x2f068460, 0,  0, 0xff3cff3cff3cff3c, 0x0000000000000000, 0}, /* mvni v0.4h, #0xc3, lsl #0 */
    {0x0f019780, 0,  0, 0x013f457f89bfcdff, 0x0000000000000000, 0}, /* orr v0.4h, #0x3c, lsl #0 */
    {0x2f079600, 0,  0, 0x01034507890bcd0f, 0x0000000000000000, 0}, /* bic v0.4h, #0xf0, lsl #0 */
    {0x0f06a460, 0,  0, 0xc300c300c300c300, 0x0000000000000000, 0}, /* movi v0.4h, #0xc3, lsl #8 */
    {0x2f06a460, 0,  0, 0x3cff3cff3cff3cff, 0x0000000000000000, 0}, /* mvni v0.4h, #0xc3, lsl #8 */
    {0x0f01b780, 0,  0, 0x3d237d67bdabfdef, 0x0000000000000000, 0}, /* orr v0.4h, #0x3c, lsl #8 */
    {0x2f07b600, 0,  0, 0x0123056709ab0def, 0x0000000000000000, 0}, /* bic v0.4h, #0xf0, lsl #8 */
    {0x4f068460, 0,  0, 0x00c300c300c300c3, 0x00c300c300c300c3, 0}, /* movi v0.8h, #0xc3, lsl #0 */
    {0x6f068460, 0,  0, 0xff3cff3cff3cff3c, 0xff3cff3cff3cff3c, 0}, /* mvni v0.8h, #0xc3, lsl #0 */
    {0x4f019780, 0,  0, 0x013f457f89bfcdff, 0xfefcbabc767c323c, 0}, /* orr v0.8h, #0x3c, lsl #0 */
    {0x6f079600, 0,  0, 0x01034507890bcd0f, 0xfe0cba0876043200, 0}, /* bic v0.8h, #0xf0, lsl #0 */
    {0x4f06a460, 0,  0, 0xc300c300c300c300, 0xc300c300c300c300, 0}, /* movi v0.8h, #0xc3, lsl #8 */
    {0x6f06a460, 0,  0, 0x3cff3cff3cff3cff, 0x3cff3cff3cff3cff, 0}, /* mvni v0.8h, #0xc3, lsl #8 */
    {0x4f01b780, 0,  0, 0x3d237d67bdabfdef, 0xfedcbe987e543e10, 0}, /* orr v0.8h, #0x3c, lsl #8 */
    {0x6f07b600, 0,  0, 0x0123056709ab0def, 0x0edc0a9806540210, 0}, /* bic v0.8h, #0xf0, lsl #8 */
    {0x0f07e4e0, 0,  0, 0xe7e7e7e7e7e7e7e7, 0x0000000000000000, 0}, /* movi v0.8b, #0xe7 */
    {0x4f00e700, 0,  0, 0x1818181818181818, 0x1818181818181818, 0}, /* movi v0.16b, #0x18 */
    {0x2f05e4c0, 0,  0, 0xff00ff0000ffff00, 0x0000000000000000, 0}, /* movi d0, #0xff00ff0000ffff00 */
    {0x6f02e720, 0,  0, 0x00ff00ffff0000ff, 0x00ff00ffff0000ff, 0}, /* movi v0.2d, #0x00ff00ffff0000ff */
};

/* Permute, table lookup (set 3), extract, scalar pairwise and scalar copy */
static const SimdCase permute[] = {
    {0x0e023820, 0,  0, 0x05800600077f08ff, 0x0000000000000000, 0}, /* zip1 v0.8b, v1.8b, v2.8b */
    {0x4e023820, 0,  0, 0x05800600077f08ff, 0x018002ff037f0401, 0}, /* zip1 v0.16b, v1.16b, v2.16b */
    {0x0e423820, 0,  0, 0x0506800007087fff, 0x0000000000000000, 0}, /* zip1 v0.4h, v1.4h, v2.4h */
    {0x4e423820, 0,  0, 0x0506800007087fff, 0x010280ff03047f01, 0}, /* zip1 v0.8h, v1.8h, v2.8h */
    {0x0e823820, 0,  0, 0x0506070880007fff, 0x0000000000000000, 0}, /* zip1 v0.2s, v1.2s, v2.2s */
    {0x4e823820, 0,  0, 0x0506070880007fff, 0x0102030480ff7f01, 0}, /* zip1 v0.4s, v1.4s, v2.4s */
    {0x4ec23820, 0,  0, 0x80ff7f0180007fff, 0x0102030405060708, 0}, /* zip1 v0.2d, v1.2d, v2.2d */
    {0x0e027820, 0,  0, 0x018002ff037f0401, 0x0000000000000000, 0}, /* zip2 v0.8b, v1.8b, v2.8b */
    {0x4e027820, 0,  0, 0x8080800080008000, 0xff7ffefffdfffcff, 0}, /* zip2 v0.16b, v1.16b, v2.16b */
    {0x0e427820, 0,  0, 0x010280ff03047f01, 0x0000000000000000, 0}, /* zip2 v0.4h, v1.4h, v2.4h */
    {0x4e427820, 0,  0, 0x8080800080800000, 0xfffe7ffffdfcffff, 0}, /* zip2 v0.8h, v1.8h, v2.8h */
    {0x0e827820, 0,  0, 0x0102030480ff7f01, 0x0000000000000000, 0}, /* zip2 v0.2s, v1.2s, v2.2s */
    {0x4e827820, 0,  0, 0x8080808080000000, 0xfffefdfc7fffffff, 0}, /* zip2 v0.4s, v1.4s, v2.4s */
    {0x4ec27820, 0,  0, 0x7fffffff80000000, 0xfffefdfc80808080, 0}, /* zip2 v0.2d, v1.2d, v2.2d */
    {0x0e021820, 0,  0, 0x02040608ff0100ff, 0x0000000000000000, 0}, /* uzp1 v0.8b, v1.8b, v2.8b */
    {0x4e021820, 0,  0, 0xffff0000ff0100ff, 0xfefc808002040608, 0}, /* uzp1 v0.16b, v1.16b, v2.16b */
    {0x0e421820, 0,  0, 0x030407087f017fff, 0x0000000000000000, 0}, /* uzp1 v0.4h, v1.4h, v2.4h */
    {0x4e421820, 0,  0, 0xffff00007f017fff, 0xfdfc808003040708, 0}, /* uzp1 v0.8h, v1.8h, v2.8h */
    {0x0e821820, 0,  0, 0x0506070880007fff, 0x0000000000000000, 0}, /* uzp1 v0.2s, v1.2s, v2.2s */
    {0x4e821820, 0,  0, 0x8000000080007fff, 0x8080808005060708, 0}, /* uzp1 v0.4s, v1.4s, v2.4s */
    {0x4ec21820, 0,  0, 0x80ff7f0180007fff, 0x0102030405060708, 0}, /* uzp1 v0.2d, v1.2d, v2.2d */
    {0x0e025820, 0,  0, 0x01030507807f807f, 0x0000000000000000, 0}, /* uzp2 v0.8b, v1.8b, v2.8b */
    {0x4e025820, 0,  0, 0x7fff8000807f807f, 0xfffd808001030507, 0}, /* uzp2 v0.16b, v1.16b, v2.16b */
    {0x0e425820, 0,  0, 0x0102050680ff8000, 0x0000000000000000, 0}, /* uzp2 v0.4h, v1.4h, v2.4h */
    {0x4e425820, 0,  0, 0x7fff800080ff8000, 0xfffe808001020506, 0}, /* uzp2 v0.8h, v1.8h, v2.8h */
    {0x0e825820, 0,  0, 0x0102030480ff7f01, 0x0000000000000000, 0}, /* uzp2 v0.2s, v1.2s, v2.2s */
    {0x4e825820, 0,  0, 0x7fffffff80ff7f01, 0xfffefdfc01020304, 0}, /* uzp2 v0.4s, v1.4s, v2.4s */
    {0x4ec25820, 0,  0, 0x7fffffff80000000, 0xfffefdfc80808080, 0}, /* uzp2 v0.2d, v1.2d, v2.2d */
    {0x0e022820, 0,  0, 0x02ff0401060008ff, 0x0000000000000000, 0}, /* trn1 v0.8b, v1.8b, v2.8b */
    {0x4e022820, 0,  0, 0x02ff0401060008ff, 0xfefffcff80008000, 0}, /* trn1 v0.16b, v1.16b, v2.16b */
    {0x0e422820, 0,  0, 0x03047f0107087fff, 0x0000000000000000, 0}, /* trn1 v0.4h, v1.4h, v2.4h */
    {0x4e422820, 0,  0, 0x03047f0107087fff, 0xfdfcffff80800000, 0}, /* trn1 v0.8h, v1.8h, v2.8h */
    {0x0e822820, 0,  0, 0x0506070880007fff, 0x0000000000000000, 0}, /* trn1 v0.2s, v1.2s, v2.2s */
    {0x4e822820, 0,  0, 0x0506070880007fff, 0x8080808080000000, 0}, /* trn1 v0.4s, v1.4s, v2.4s */
    {0x4ec22820, 0,  0, 0x80ff7f0180007fff, 0x0102030405060708, 0}, /* trn1 v0.2d, v1.2d, v2.2d */
    {0x0e026820, 0,  0, 0x0180037f0580077f, 0x0000000000000000, 0}, /* trn2 v0.8b, v1.8b, v2.8b */
    {0x4e026820, 0,  0, 0x0180037f0580077f, 0xff7ffdff80808000, 0}, /* trn2 v0.16b, v1.16b, v2.16b */
    {0x0e426820, 0,  0, 0x010280ff05068000, 0x0000000000000000, 0}, /* trn2 v0.4h, v1.4h, v2.4h */
    {0x4e426820, 0,  0, 0x010280ff05068000, 0xfffe7fff80808000, 0}, /* trn2 v0.8h, v1.8h, v2.8h */
    {0x0e826820, 0,  0, 0x0102030480ff7f01, 0x0000000000000000, 0}, /* trn2 v0.2s, v1.2s, v2.2s */
    {0x4e826820, 0,  0, 0x0102030480ff7f01, 0xfffefdfc7fffffff, 0}, /* trn2 v0.4s, v1.4s, v2.4s */
    {0x4ec26820, 0,  0, 0x7fffffff80000000, 0xfffefdfc80808080, 0}, /* trn2 v0.2d, v1.2d, v2.2d */
    {0x4e050020, 3,  0, 0x000000000000000f, 0x0000000f0000000b, 0}, /* tbl v0.16b, {v1.16b}, v5.16b */
    {0x0e051020, 3,  0, 0x0123456789abcd0f, 0x0000000000000000, 0}, /* tbx v0.8b, {v1.16b}, v5.8b */
    {0x4e052020, 3,  0, 0x00000000001f100f, 0x0000000f00001c0b, 0}, /* tbl v0.16b, {v1.16b, v2.16b}, v5.16b */
    {0x0e053020, 3,  0, 0x01234567891f100f, 0x0000000000000000, 0}, /* tbx v0.8b, {v1.16b, v2.16b}, v5.8b */
    {0x4e054020, 3,  0, 0x0000002f201f100f, 0x0000000f002d1c0b, 0}, /* tbl v0.16b, {v1.16b, v2.16b, v3.16b}, v5.16b */
    {0x0e055020, 3,  0, 0x0123452f201f100f, 0x0000000000000000, 0}, /* tbx v0.8b, {v1.16b, v2.16b, v3.16b}, v5.8b */
    {0x4e056020, 3,  0, 0x003f302f201f100f, 0x0000000f3e2d1c0b, 0}, /* tbl v0.16b, {v1.16b, v2.16b, v3.16b, v4.16b}, v5.16b */
    {0x0e057020, 3,  0, 0x013f302f201f100f, 0x0000000000000000, 0}, /* tbx v0.8b, {v1.16b, v2.16b, v3.16b, v4.16b}, v5.8b */
    {0x0e050020, 3,  0, 0x000000000000000f, 0x0000000000000000, 0}, /* tbl v0.8b, {v1.16b}, v5.8b */
    {0x4e051020, 3,  0, 0x0123456789abcd0f, 0xfedcba0f7654320b, 0}, /* tbx v0.16b, {v1.16b}, v5.16b */
    {0x4e0543c0, 3,  0, 0x000000feefbfb0af, 0x000000af00babcab, 0}, /* tbl v0.16b, {v30.16b, v31.16b, v0.16b}, v5.16b */
    {0x2e020020, 0,  0, 0x80ff7f0180007fff, 0x0000000000000000, 0}, /* ext v0.8b, v1.8b, v2.8b, #0 */
    {0x2e021820, 0,  0, 0x06070880ff7f0180, 0x0000000000000000, 0}, /* ext v0.8b, v1.8b, v2.8b, #3 */
    {0x2e023820, 0,  0, 0x0203040506070880, 0x0000000000000000, 0}, /* ext v0.8b, v1.8b, v2.8b, #7 */
    {0x6e024820, 0,  0, 0x087fffffff800000, 0x8001020304050607, 0}, /* ext v0.16b, v1.16b, v2.16b, #9 */
    {0x6e027820, 0,  0, 0x020304050607087f, 0xfefdfc8080808001, 0}, /* ext v0.16b, v1.16b, v2.16b, #15 */
    {0x5ef1b820, 0,  0, 0x00ff7f0100007fff, 0x0000000000000000, 0}, /* addp d0, v1.2d */
    {0x5ef1b860, 0,  0, 0xffffffffffffffff, 0x0000000000000000, 0}, /* addp d0, v3.2d */
    {0x4e023821, 0,  1, 0x05800600077f08ff, 0x018002ff037f0401, 0}, /* zip1 v1.16b, v1.16b, v2.16b */
    {0x4e425822, 0,  2, 0x7fff800080ff8000, 0xfffe808001020506, 0}, /* uzp2 v2.8h, v1.8h, v2.8h */
    {0x4e812821, 0,  1, 0x80007fff80007fff, 0x8000000080000000, 0}, /* trn1 v1.4s, v1.4s, v1.4s */
    {0x4e052085, 3,  5, 0x0000000000ff0f3f, 0x0000003f00000f3b, 0}, /* tbl v5.16b, {v4.16b, v5.16b}, v5.16b */
    {0x4e051021, 3,  1, 0x070605040302010f, 0x0f0e0d0f0b0a090b, 0}, /* tbx v1.16b, {v1.16b}, v5.16b */
    {0x6e021822, 0,  2, 0x00000080ff7f0180, 0x0607087fffffff80, 0}, /* ext v2.16b, v1.16b, v2.16b, #3 */
};

START_TEST(test_copy) { SIMD_RUN_TABLE(copy); }
END_TEST
START_TEST(test_mod_imm) { SIMD_RUN_TABLE(mod_imm); }
END_TEST
START_TEST(test_permute) { SIMD_RUN_TABLE(permute); }
END_TEST

/* Worked out by hand: TBX with four table registers keeps Vd's byte for indices past 63, and
 * the table wraps from V31 to V0. */
START_TEST(test_table_by_hand)
{
    for (unsigned r = 0; r < 32; r++)
        for (unsigned i = 0; i < 16; i++)
            hc->v[r].b[i] = (uint8_t)(r << 4 | i);
    hc->v[5].d[0] = 0x403f302f201f100fULL; /* indices 0f 10 1f 20 2f 30 3f 40 */
    hc->v[5].d[1] = 0xffffffffffffff00ULL;
    RUN(0x4e057020); /* tbx v0.16b, {v1.16b, v2.16b, v3.16b, v4.16b}, v5.16b */
    /* index k is byte k%16 of V(1 + k/16): 0x0f -> 0x1f, 0x10 -> 0x20, ..., 0x40 -> keep 0x07 */
    ASSERT_HEX(hc->v[0].d[0], 0x074f403f302f201fULL);
    ASSERT_HEX(hc->v[0].d[1], 0x0f0e0d0c0b0a0910ULL);
    hc->v[2].d[0] = 0x1f10, hc->v[2].d[1] = 0;
    RUN(0x4e0223e0); /* tbl v0.16b, {v31.16b, v0.16b}, v2.16b */
    /* indices 0x10 and 0x1f read bytes 0 and 15 of V0 as the TBX above left it (0x1f, 0x0f),
     * index 0 reads V31's 0xf0 */
    ASSERT_HEX(hc->v[0].d[0], 0xf0f0f0f0f0f00f1fULL);
    ASSERT_HEX(hc->v[0].d[1], 0xf0f0f0f0f0f0f0f0ULL);
}
END_TEST

static const uint32_t reserved_words[] = {
    0x0e180420, /* dup (element) with 64-bit elements, Q = 0: dup v0.2d, v1.d[1] (0x4e180420) */
    0x4e000c20, /* dup (general) with imm5 = 00000: dup v0.16b, w1 (0x4e010c20) */
    0x0e0c2c23, /* smov to W from a 32-bit element: smov x3, v1.s[1] (0x4e0c2c23) */
    0x4e1d3c23, /* umov to X from an 8-bit element: umov w3, v1.b[14] (0x0e1d3c23) */
    0x6e000420, /* ins (element) with imm5 = x0000: mov v0.s[1], v1.s[0] (0x6e0c0420) */
    0x5e000420, /* dup (element, scalar) with imm5 = 00000: mov b0, v1.b[1] (0x5e030420) */
    0x0ec23820, /* zip1 with size = 11, Q = 0: zip1 v0.2d, v1.2d, v2.2d (0x4ec23820) */
    0x2e024020, /* ext with Q = 0, imm4 = 1000: ext v0.8b, v1.8b, v2.8b, #0 (0x2e020020) */
};

START_TEST(test_reserved_undefined)
{
    for (size_t i = 0; i < sizeof reserved_words / sizeof reserved_words[0]; i++)
        simd_expect_undefined(reserved_words[i]);
}
END_TEST

START_TEST(test_fp_access_trap)
{
    static const uint32_t words[] = {
        0x4e040c20, /* dup v0.4s, w1 */
        0x0e063c23, /* umov w3, v1.h[1] */
        0x6f00e420, /* movi v0.2d, #0xff */
        0x4e020020, /* tbl v0.16b, {v1.16b}, v2.16b */
        0x4e023820, /* zip1 v0.16b, v1.16b, v2.16b */
        0x6e020820, /* ext v0.16b, v1.16b, v2.16b, #1 */
        0x5e030420, /* mov b0, v1.b[1] */
        0x5ef1b820, /* addp d0, v1.2d */
    };
    for (size_t i = 0; i < sizeof words / sizeof words[0]; i++)
        simd_expect_fp_trap(words[i]);
}
END_TEST

/* Copy, modified immediate, and TBL onwards; the rows between are test_simd_int.c's. */
static bool permute_row(int r) { return r <= ROW_MOVI_64 || r >= ROW_TBL; }

START_TEST(test_every_row_covered)
{
    static bool seen[ROW_COUNT + 1];
    SIMD_MARK_ROWS(copy, seen);
    SIMD_MARK_ROWS(mod_imm, seen);
    SIMD_MARK_ROWS(permute, seen);
    ck_assert_int_eq(simd_rows_without_case(seen, ROW_DUP_elem, ROW_DUP_elem_scalar, permute_row), 0);
}
END_TEST

static Suite *simd_permute_suite(void)
{
    Suite *s = suite_create("simd_permute");
    TCase *tc = tcase_create("simd_permute");
    tcase_add_checked_fixture(tc, h_setup, h_teardown);
    tcase_add_test(tc, test_copy);
    tcase_add_test(tc, test_mod_imm);
    tcase_add_test(tc, test_permute);
    tcase_add_test(tc, test_table_by_hand);
    tcase_add_test(tc, test_reserved_undefined);
    tcase_add_test(tc, test_fp_access_trap);
    tcase_add_test(tc, test_every_row_covered);
    suite_add_tcase(s, tc);
    return s;
}

int main(void) { return h_run_suite(simd_permute_suite()); }
