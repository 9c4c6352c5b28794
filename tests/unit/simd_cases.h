/* SPDX-License-Identifier: MIT */
/* Shared by the Advanced SIMD unit tests (test_simd_int.c, test_simd_permute.c): the input
 * register sets, a table-driven case runner that checks every register, UNDEFINED and the
 * FP/SIMD access trap.
 *
 * The tables' words come from aarch64-linux-gnu-as (the assembly is each entry's comment); the
 * expected values were produced by qemu-system-aarch64 -cpu max running each instruction on the
 * same inputs, and hand-checked where a test says so. */
#ifndef TETRARCH_TEST_SIMD_CASES_H
#define TETRARCH_TEST_SIMD_CASES_H

#include <check.h>
#include <stdint.h>

#include "cpu/exception.h"
#include "cpu/fpu.h"
#include "tests/unit/harness.h"

typedef struct {
    uint32_t word;
    uint8_t set;     /* the inputs: simd_sets[set] in V0-V31, simd_x[] in X1-X7, FPSR = 0 */
    uint8_t dest;    /* the register the instruction writes: Vn, or 32 + n for Xn */
    uint64_t lo, hi; /* its value afterwards (both halves; Xn: lo) */
    uint8_t qc;      /* FPSR.QC afterwards */
} SimdCase;

/* Input sets: 0 general values, 1 saturation extremes, 2 shift amounts (low byte of each
 * element of V2), 3 table lookups (V1-V4 hold bytes 0x00-0x3F, V5 the indices). */
/* V6-V29 of every set: random values, the same in each. */
#define SIMD_FILLER_V6_V29 \
    {0xbf1e5a8e8a548847, 0x5d0032063244d097}, {0xb0ba1fab0cea9cf6, 0x333d875f5b54b44f}, \
    {0x030a8c607b88eee7, 0x4e0d0726096ca6fa}, {0xc43b009688e68137, 0xa1331aca8f9be1f5}, \
    {0xfcb19f2b96ae0b76, 0x468112fb3eaf4ae0}, {0xf79edd7dd2b6ac75, 0x27a3a789a9ec7c6d}, \
    {0x3cd6abcb71871fd5, 0xdc9c50c2ec0d44aa}, {0x5c9a817bab5734a3, 0x335e4148cb4cd20a}, \
    {0x97a391ce01f3892e, 0x2ef6453c5b4fe5bc}, {0x3c0f74a626599577, 0xdd251ab0f9e49b9d}, \
    {0xb9810703599615ea, 0xc5805ed3fe9f0341}, {0xe542a8d784c4cd07, 0x60c7ee4249e4e55d}, \
    {0xec55e9fb9f4bdbd7, 0xcf85ccd472b959a0}, {0x8effc27ad9184313, 0x868b3ddacc72d755}, \
    {0xe9ca7bf6b0c347bb, 0x2e93cfbd9a6c4ff4}, {0x3fd953622763ea6b, 0xeedcf094e864d77f}, \
    {0x92a9759f004c2111, 0xfc19f2701340dd13}, {0x7c232e1ec8217869, 0x743a9330d35000d9}, \
    {0x4680fd930bddb698, 0xaa2221383b9eabf5}, {0xb7d7de7ceef9cbe2, 0xaac9537191c080f5}, \
    {0xdeb00a302bb59cb4, 0x18f9c97ea0095a8d}, {0x431f59d9e2be4b78, 0xf3fe4248e45ae9ee}, \
    {0x5b3c4c55f16fe7bd, 0xec2a649a13e77732}, {0x08ae355d5a43355c, 0xe5cbb80bdefd6436},

static const uint64_t simd_sets[4][32][2] = {
    { /* set 0: general values */
        {0x0123456789abcdef, 0xfedcba9876543210}, {0x80ff7f0180007fff, 0x7fffffff80000000},
        {0x0102030405060708, 0xfffefdfc80808080}, {0x7fffffffffffffff, 0x8000000000000000},
        {0xffffffffffffffff, 0x0000000000000001}, {0x0000000000000000, 0x00000000ffffffff},
        SIMD_FILLER_V6_V29
        {0x3f48e36d7c63537e, 0x2f92ae39c0908a58}, {0x00ae31f7fce03d4c, 0x18f3b68970d32e36},
    },
    { /* set 1: saturation extremes */
        {0x7fff7fff80008000, 0x7fffffff80000000}, {0x8000800080007fff, 0x80000000ffffffff},
        {0x80008000ffff7fff, 0x800000007fffffff}, {0x807f7f8001ff00fe, 0x0000000180000001},
        {0x7f80807fff0100fe, 0x7fffffff00000002}, {0xffff8000ffff8000, 0x8000000000000000},
        SIMD_FILLER_V6_V29
        {0x3f48e36d7c63537e, 0x2f92ae39c0908a58}, {0x00ae31f7fce03d4c, 0x18f3b68970d32e36},
    },
    { /* set 2: shift amounts in v2 */
        {0x0123456789abcdef, 0xfedcba9876543210}, {0x80ff7f0180007fff, 0x7fffffff80000000},
        {0x02fe7f81f9070100, 0x40c03fc1ff01fa06}, {0x7fffffffffffffff, 0x8000000000000000},
        {0x00000000000000c1, 0x000000000000003f}, {0x0000000000000000, 0x00000000ffffffff},
        SIMD_FILLER_V6_V29
        {0x3f48e36d7c63537e, 0x2f92ae39c0908a58}, {0x00ae31f7fce03d4c, 0x18f3b68970d32e36},
    },
    { /* set 3: table lookups */
        {0x0123456789abcdef, 0xfedcba9876543210}, {0x0706050403020100, 0x0f0e0d0c0b0a0908},
        {0x1716151413121110, 0x1f1e1d1c1b1a1918}, {0x2726252423222120, 0x2f2e2d2c2b2a2928},
        {0x3736353433323130, 0x3f3e3d3c3b3a3938}, {0x403f302f201f100f, 0xff80fe0f3e2d1c0b},
        SIMD_FILLER_V6_V29
        {0xa7a6a5a4a3a2a1a0, 0xafaeadacabaaa9a8}, {0xb7b6b5b4b3b2b1b0, 0xbfbebdbcbbbab9b8},
    },
};
static const uint64_t simd_x[8] = {0, 0x8877665544332211ULL, 0xfedcba9876543210ULL, 0x5a5a5a5a5a5a5a5aULL, 0, 0, 0, 0};

static inline void simd_load(unsigned set)
{
    for (unsigned r = 0; r < 32; r++) {
        hc->v[r].d[0] = simd_sets[set][r][0];
        hc->v[r].d[1] = simd_sets[set][r][1];
    }
    for (unsigned x = 1; x < 8; x++)
        hc->x[x] = simd_x[x];
    hc->sr[SR_FPSR] = 0;
}

/* Run one case at EL3 and check every V register, X1-X7 and FPSR. */
static inline void simd_run_case(const SimdCase *t)
{
    simd_load(t->set);
    h_run(&t->word, 1);
    ck_assert_msg(hc->pc == H_CODE + 4, "0x%08x: took an exception (ESR_EL3 0x%llx)", t->word,
                  (unsigned long long)hc->sr[SR_ESR_EL3]);
    for (unsigned r = 0; r < 32; r++) {
        uint64_t lo = r == t->dest ? t->lo : simd_sets[t->set][r][0];
        uint64_t hi = r == t->dest ? t->hi : simd_sets[t->set][r][1];
        ck_assert_msg(hc->v[r].d[0] == lo && hc->v[r].d[1] == hi,
                      "0x%08x: v%u = 0x%016llx_%016llx, expected 0x%016llx_%016llx", t->word, r,
                      (unsigned long long)hc->v[r].d[1], (unsigned long long)hc->v[r].d[0],
                      (unsigned long long)hi, (unsigned long long)lo);
    }
    for (unsigned x = 1; x < 8; x++) {
        uint64_t want = 32 + x == t->dest ? t->lo : simd_x[x];
        ck_assert_msg(hc->x[x] == want, "0x%08x: x%u = 0x%016llx, expected 0x%016llx", t->word, x,
                      (unsigned long long)hc->x[x], (unsigned long long)want);
    }
    ck_assert_msg(hc->sr[SR_FPSR] == (t->qc ? FPSR_QC : 0), "0x%08x: FPSR = 0x%llx, expected QC %u",
                  t->word, (unsigned long long)hc->sr[SR_FPSR], t->qc);
}

#define SIMD_RUN_TABLE(table)                                                  \
    do {                                                                       \
        for (size_t i_ = 0; i_ < sizeof(table) / sizeof((table)[0]); i_++)     \
            simd_run_case(&(table)[i_]);                                       \
    } while (0)

/* The word is UNDEFINED: at EL1 with FP/SIMD enabled it takes EC 0 to EL1 and writes nothing. */
static inline void simd_expect_undefined(uint32_t word)
{
    simd_load(0);
    hc->sr[SR_CPACR_EL1] = 3u << 20;
    h_to_el(1, 1);
    h_run(&word, 1);
    ck_assert_msg(h_ec(1) == EC_UNKNOWN && hc->pc == H_VBAR + V_CUR_SPX, "0x%08x: ESR_EL1 = 0x%llx",
                  word, (unsigned long long)h_esr(1));
    ASSERT_HEX(*h_elr(1), H_CODE);
    for (unsigned r = 0; r < 32; r++)
        ck_assert_msg(hc->v[r].d[0] == simd_sets[0][r][0] && hc->v[r].d[1] == simd_sets[0][r][1],
                      "0x%08x: v%u changed", word, r);
}

/* CheckFPAdvSIMDEnabled64: with CPACR_EL1.FPEN = 00 an EL1 instruction traps to EL1 with
 * EC 0x07 (ISS: CV = 1, COND = 0b1110) and writes nothing. */
static inline void simd_expect_fp_trap(uint32_t word)
{
    simd_load(0);
    hc->sr[SR_CPACR_EL1] = 0;
    h_to_el(1, 1);
    h_run(&word, 1);
    h_expect_exc(1, V_CUR_SPX, EC_FP_ACCESS, 0x1E00000u, H_CODE);
    for (unsigned r = 0; r < 32; r++)
        ck_assert_msg(hc->v[r].d[0] == simd_sets[0][r][0] && hc->v[r].d[1] == simd_sets[0][r][1],
                      "0x%08x: v%u changed", word, r);
    for (unsigned x = 1; x < 8; x++)
        ck_assert_uint_eq(hc->x[x], simd_x[x]);
}

/* Marks the rows the table's words decode to. */
static inline void simd_mark_rows(const SimdCase *t, size_t n, bool *seen)
{
    decode_init();
    for (size_t i = 0; i < n; i++) {
        int row = decode_row(t[i].word);
        ck_assert_msg(row != ROW_UNDEFINED, "0x%08x decodes to no row", t[i].word);
        seen[row] = true;
    }
}
#define SIMD_MARK_ROWS(table, seen) simd_mark_rows(table, sizeof(table) / sizeof((table)[0]), seen)

/* Rows first..last that `mine` claims and no case marked in `seen`: named on stderr, counted. */
static inline int simd_rows_without_case(const bool *seen, int first, int last, bool (*mine)(int row))
{
    int missing = 0;
    for (int r = first; r <= last; r++)
        if (mine(r) && !seen[r]) {
            fprintf(stderr, "row %s has no case\n", insn_row_name(r));
            missing++;
        }
    return missing;
}

#endif
