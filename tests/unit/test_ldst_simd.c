/* SPDX-License-Identifier: MIT */
/* Unit tests for loads and stores of SIMD&FP registers (cpu/ldst_simd.c): every row of its
 * section of cpu/a64.inc, each access size and addressing mode, writeback, LD1-LD4/ST1-ST4
 * in each arrangement (interleaving, lanes, replication, Q = 0 zeroing), the reserved
 * encodings, alignment and translation faults with the registers left as they were, the
 * stage-2 syndrome (ISV = 0) and the FP access trap. Words from aarch64-linux-gnu-as. With the
 * MMU off data accesses are Device memory, where any unaligned access faults. */
#include <check.h>
#include <string.h>

#include "cpu/decode.h"
#include "cpu/exception.h"
#include "mmu/mem.h"
#include "tests/unit/harness.h"

#define D H_DATA
#define RAM_END 0x44000000ULL /* the harness's 64 MiB of RAM end here: nothing above */
#define JUNK 0xA5A5A5A5A5A5A5A5ULL

static void setup(void)
{
    h_setup();
    /* Memory byte D + i holds i (256 bytes), then zeroes; every V register holds junk. */
    for (unsigned i = 0; i < 256; i += 8) {
        uint64_t v = 0;
        for (unsigned b = 0; b < 8; b++)
            v |= (uint64_t)(uint8_t)(i + b) << (8 * b);
        h_poke(D + i, 8, v);
    }
    for (unsigned i = 256; i < 1024; i += 8)
        h_poke(D + i, 8, 0);
    for (unsigned n = 0; n < 32; n++)
        hc->v[n].d[0] = hc->v[n].d[1] = JUNK + n;
}

static void teardown(void) { h_teardown(); }

/* The little-endian value of `n` (<= 8) pattern bytes from D + off. */
static uint64_t pat(unsigned off, unsigned n)
{
    uint64_t v = 0;
    for (unsigned b = 0; b < n; b++)
        v |= (uint64_t)(uint8_t)(off + b) << (8 * b);
    return v;
}

static void set_v(unsigned n, uint64_t lo, uint64_t hi)
{
    hc->v[n].d[0] = lo;
    hc->v[n].d[1] = hi;
}

#define ASSERT_V(n, lo, hi)                \
    do {                                   \
        ASSERT_HEX(hc->v[n].d[0], lo);     \
        ASSERT_HEX(hc->v[n].d[1], hi);     \
    } while (0)

/* Every V register still holds its junk, except those in the mask. */
static void assert_other_v_untouched(uint32_t written)
{
    for (unsigned n = 0; n < 32; n++)
        if (!(written >> n & 1))
            ASSERT_V(n, JUNK + n, JUNK + n);
}

static void assert_undefined(void) { h_expect_exc(3, V_CUR_SPX, EC_UNKNOWN, 0, H_CODE); }

/* ---- The encodings used here decode to the rows they test. ---- */

START_TEST(test_rows)
{
    static const struct { uint32_t raw; int row; } cases[] = {
        {0x1c000041, ROW_LDR_simd_lit},  /* ldr s1, .+8 */
        {0x9c000081, ROW_LDR_simd_lit},  /* ldr q1, .+16 */
        {0xac000420, ROW_STNP_simd},     /* stnp q0, q1, [x1] */
        {0x2c410c22, ROW_LDNP_simd},     /* ldnp s2, s3, [x1, #8] */
        {0x6c810c22, ROW_STP_simd_post}, /* stp d2, d3, [x1], #16 */
        {0xacc10420, ROW_LDP_simd_post}, /* ldp q0, q1, [x1], #32 */
        {0xad010420, ROW_STP_simd_off},  /* stp q0, q1, [x1, #32] */
        {0xad400420, ROW_LDP_simd_off},  /* ldp q0, q1, [x1] */
        {0x2dbf0c22, ROW_STP_simd_pre},  /* stp s2, s3, [x1, #-8]! */
        {0xadff0c22, ROW_LDP_simd_pre},  /* ldp q2, q3, [x1, #-32]! */
        {0x3c9f0005, ROW_STUR_simd},     /* stur q5, [x0, #-16] */
        {0x7c5fe002, ROW_LDUR_simd},     /* ldur h2, [x0, #-2] */
        {0x3c820401, ROW_STR_simd_post}, /* str q1, [x0], #32 */
        {0xfc5f8402, ROW_LDR_simd_post}, /* ldr d2, [x0], #-8 */
        {0xbc1fcc02, ROW_STR_simd_pre},  /* str s2, [x0, #-4]! */
        {0x3cc10c01, ROW_LDR_simd_pre},  /* ldr q1, [x0, #16]! */
        {0x3ca27801, ROW_STR_simd_reg},  /* str q1, [x0, x2, lsl #4] */
        {0xfc625801, ROW_LDR_simd_reg},  /* ldr d1, [x0, w2, uxtw #3] */
        {0x3d000401, ROW_STR_simd_imm},  /* str b1, [x0, #1] */
        {0x3dc00405, ROW_LDR_simd_imm},  /* ldr q5, [x0, #16] */
        {0x4c000000, ROW_ST4_mult},      /* st4 {v0.16b-v3.16b}, [x0] */
        {0x4c002c00, ROW_ST1_mult4},     /* st1 {v0.2d-v3.2d}, [x0] */
        {0x0c9f4000, ROW_ST3_mult},      /* st3 {v0.8b-v2.8b}, [x0], #24 */
        {0x0c006800, ROW_ST1_mult3},     /* st1 {v0.2s-v2.2s}, [x0] */
        {0x4c007000, ROW_ST1_mult1},     /* st1 {v0.16b}, [x0] */
        {0x4c008800, ROW_ST2_mult},      /* st2 {v0.4s, v1.4s}, [x0] */
        {0x0c9fa400, ROW_ST1_mult2},     /* st1 {v0.4h, v1.4h}, [x0], #16 */
        {0x4c400c00, ROW_LD4_mult},      /* ld4 {v0.2d-v3.2d}, [x0] */
        {0x4cc22c1e, ROW_LD1_mult4},     /* ld1 {v30.2d, v31.2d, v0.2d, v1.2d}, [x0], x2 */
        {0x4c404800, ROW_LD3_mult},      /* ld3 {v0.4s-v2.4s}, [x0] */
        {0x4cdf6801, ROW_LD1_mult3},     /* ld1 {v1.4s-v3.4s}, [x0], #48 */
        {0x0c407000, ROW_LD1_mult1},     /* ld1 {v0.8b}, [x0] */
        {0x4c408400, ROW_LD2_mult},      /* ld2 {v0.8h, v1.8h}, [x0] */
        {0x4c40a401, ROW_LD1_mult2},     /* ld1 {v1.8h, v2.8h}, [x0] */
        {0x0d001400, ROW_ST1_single},    /* st1 {v0.b}[5], [x0] */
        {0x4d9fb000, ROW_ST3_single},    /* st3 {v0.s-v2.s}[3], [x0], #12 */
        {0x4d205000, ROW_ST2_single},    /* st2 {v0.h, v1.h}[6], [x0] */
        {0x4d20a400, ROW_ST4_single},    /* st4 {v0.d-v3.d}[1], [x0] */
        {0x4d401c00, ROW_LD1_single},    /* ld1 {v0.b}[15], [x0] */
        {0x4ddf7800, ROW_LD3_single},    /* ld3 {v0.h-v2.h}[7], [x0], #6 */
        {0x0d609000, ROW_LD2_single},    /* ld2 {v0.s, v1.s}[1], [x0] */
        {0x4d602400, ROW_LD4_single},    /* ld4 {v0.b-v3.b}[9], [x0] */
        {0x4d40c000, ROW_LD1R},          /* ld1r {v0.16b}, [x0] */
        {0x0d40e000, ROW_LD3R},          /* ld3r {v0.8b-v2.8b}, [x0] */
        {0x4de2c800, ROW_LD2R},          /* ld2r {v0.4s, v1.4s}, [x0], x2 */
        {0x0dffe800, ROW_LD4R},          /* ld4r {v0.2s-v3.2s}, [x0], #16 */
    };
    decode_init();
    for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++)
        ck_assert_msg(decode_row(cases[i].raw) == cases[i].row, "%08x decodes to %s", cases[i].raw,
                      insn_row_name(decode_row(cases[i].raw)));
}
END_TEST

/* ---- Load/store register ---- */

START_TEST(test_ldr_imm_each_size)
{
    hc->x[0] = D;
    RUN(0x3d400401,  /* ldr b1, [x0, #1] */
        0x7d400402,  /* ldr h2, [x0, #2] */
        0xbd400403,  /* ldr s3, [x0, #4] */
        0xfd400404,  /* ldr d4, [x0, #8] */
        0x3dc00405); /* ldr q5, [x0, #16] */
    ASSERT_V(1, 0x01, 0);
    ASSERT_V(2, 0x0302, 0);
    ASSERT_V(3, 0x07060504, 0);
    ASSERT_V(4, 0x0f0e0d0c0b0a0908ULL, 0);
    ASSERT_V(5, 0x1716151413121110ULL, 0x1f1e1d1c1b1a1918ULL);
    assert_other_v_untouched(0x3e);
    ASSERT_HEX(hc->x[0], D);
    ASSERT_HEX(hc->pc, H_CODE + 20);
}
END_TEST

START_TEST(test_str_imm_each_size)
{
    for (unsigned i = 0; i < 32; i += 8)
        h_poke(D + 0x100 + i, 8, 0);
    hc->x[0] = D + 0x100;
    set_v(1, 0x1111111111111181ULL, ~0ULL);
    set_v(2, 0x2222222222228282ULL, ~0ULL);
    set_v(3, 0x3333333383838383ULL, ~0ULL);
    set_v(4, 0x8484848484848484ULL, ~0ULL);
    set_v(5, 0x0706050403020100ULL, 0x0f0e0d0c0b0a0908ULL);
    RUN(0x3d000401,  /* str b1, [x0, #1] */
        0x7d000402,  /* str h2, [x0, #2] */
        0xbd000403,  /* str s3, [x0, #4] */
        0xfd000404,  /* str d4, [x0, #8] */
        0x3d800405); /* str q5, [x0, #16] */
    ASSERT_HEX(h_peek(D + 0x100, 8), 0x8383838382828100ULL);
    ASSERT_HEX(h_peek(D + 0x108, 8), 0x8484848484848484ULL);
    ASSERT_HEX(h_peek(D + 0x110, 8), 0x0706050403020100ULL);
    ASSERT_HEX(h_peek(D + 0x118, 8), 0x0f0e0d0c0b0a0908ULL);
    ASSERT_HEX(h_peek(D + 0x120, 8), 0);
}
END_TEST

START_TEST(test_ldur_stur)
{
    hc->x[0] = D + 0x20;
    RUN(0x3c5ff001,  /* ldur b1, [x0, #-1] */
        0x7c5fe002,  /* ldur h2, [x0, #-2] */
        0xbc5fc003,  /* ldur s3, [x0, #-4] */
        0xfc5f8004,  /* ldur d4, [x0, #-8] */
        0x3cdf0005); /* ldur q5, [x0, #-16] */
    ASSERT_V(1, 0x1f, 0);
    ASSERT_V(2, 0x1f1e, 0);
    ASSERT_V(3, 0x1f1e1d1c, 0);
    ASSERT_V(4, 0x1f1e1d1c1b1a1918ULL, 0);
    ASSERT_V(5, 0x1716151413121110ULL, 0x1f1e1d1c1b1a1918ULL);
    hc->x[0] = D + 0x120;
    set_v(3, 0xdeadbeefcafef00dULL, 1);
    set_v(5, 0x1122334455667788ULL, 0x99aabbccddeeff00ULL);
    RUN(0x3c9f0005,  /* stur q5, [x0, #-16] */
        0xbc1fc003); /* stur s3, [x0, #-4] */
    ASSERT_HEX(h_peek(D + 0x110, 8), 0x1122334455667788ULL);
    ASSERT_HEX(h_peek(D + 0x118, 8), 0xcafef00dddeeff00ULL);
    ASSERT_HEX(hc->x[0], D + 0x120);
}
END_TEST

START_TEST(test_post_and_pre_index)
{
    hc->x[0] = D + 0x10;
    RUN(0x3cc10401); /* ldr q1, [x0], #16 */
    ASSERT_V(1, 0x1716151413121110ULL, 0x1f1e1d1c1b1a1918ULL);
    ASSERT_HEX(hc->x[0], D + 0x20);
    RUN(0xfc5f8402); /* ldr d2, [x0], #-8 */
    ASSERT_V(2, 0x2726252423222120ULL, 0);
    ASSERT_HEX(hc->x[0], D + 0x18);
    RUN(0x3cc10c01); /* ldr q1, [x0, #16]! : unaligned, Device */
    h_expect_exc(3, V_CUR_SPX, EC_DABT_CUR, FSC_ALIGN, H_CODE);
    ASSERT_HEX(*h_far(3), D + 0x28);
    ASSERT_HEX(hc->x[0], D + 0x18);
    ASSERT_V(1, 0x1716151413121110ULL, 0x1f1e1d1c1b1a1918ULL);
    hc->x[0] = D + 0x20;
    RUN(0x3cc10c01); /* ldr q1, [x0, #16]! */
    ASSERT_V(1, 0x3736353433323130ULL, 0x3f3e3d3c3b3a3938ULL);
    ASSERT_HEX(hc->x[0], D + 0x30);

    hc->x[0] = D + 0x200;
    set_v(1, 0x0101010101010101ULL, 0x0202020202020202ULL);
    set_v(2, 0x0303030303034444ULL, 0x0404040404040404ULL);
    RUN(0x3c820401,  /* str q1, [x0], #32 */
        0xbc1fcc02,  /* str s2, [x0, #-4]! */
        0x7c002402); /* str h2, [x0], #2 */
    ASSERT_HEX(h_peek(D + 0x200, 8), 0x0101010101010101ULL);
    ASSERT_HEX(h_peek(D + 0x208, 8), 0x0202020202020202ULL);
    ASSERT_HEX(h_peek(D + 0x210, 8), 0);
    ASSERT_HEX(h_peek(D + 0x218, 8), 0x0303444400000000ULL);
    ASSERT_HEX(h_peek(D + 0x220, 8), 0);
    ASSERT_HEX(hc->x[0], D + 0x21e);
}
END_TEST

START_TEST(test_register_offset)
{
    hc->x[0] = D;
    hc->x[2] = 2;
    RUN(0x3ce27801); /* ldr q1, [x0, x2, lsl #4] */
    ASSERT_V(1, pat(0x20, 8), pat(0x28, 8));
    RUN(0xfc625801); /* ldr d1, [x0, w2, uxtw #3] */
    ASSERT_V(1, pat(0x10, 8), 0);
    hc->x[2] = 0x20;
    RUN(0x3ce26801); /* ldr q1, [x0, x2] */
    ASSERT_V(1, pat(0x20, 8), pat(0x28, 8));
    hc->x[2] = 0xFFFFFFFFFFFFFFFFULL; /* w2 = -1: sxtw */
    hc->x[0] = D + 0x44;
    RUN(0xbc62c801); /* ldr s1, [x0, w2, sxtw]: unaligned Device */
    h_expect_exc(3, V_CUR_SPX, EC_DABT_CUR, FSC_ALIGN, H_CODE);
    ASSERT_HEX(*h_far(3), D + 0x43);
    hc->x[2] = 0xFFFFFFFCULL; /* w2 = -4 */
    RUN(0xbc62c801); /* ldr s1, [x0, w2, sxtw] */
    ASSERT_V(1, 0x43424140, 0);
    hc->x[0] = D + 0x300;
    hc->x[2] = 1;
    set_v(1, 0x8877665544332211ULL, 0xffeeddccbbaa9900ULL);
    RUN(0x3ca27801,  /* str q1, [x0, x2, lsl #4] */
        0x3c226801,  /* str b1, [x0, x2] */
        0x7c227801); /* str h1, [x0, x2, lsl #1] */
    ASSERT_HEX(h_peek(D + 0x310, 8), 0x8877665544332211ULL);
    ASSERT_HEX(h_peek(D + 0x318, 8), 0xffeeddccbbaa9900ULL);
    ASSERT_HEX(h_peek(D + 0x300, 8), 0x22111100);
}
END_TEST

START_TEST(test_literal)
{
    /* The literal is the 16-byte aligned data after the code (H_CODE + 32). */
    static const uint32_t words[] = {
        0x1c000101, /* ldr s1, .+32 */
        0x5c0000e2, /* ldr d2, .+28 */
        0x9c0000c3, /* ldr q3, .+24 */
        0xd503201f, 0xd503201f, 0xd503201f, 0xd503201f, 0xd503201f, /* nop */
        0x11223344, 0x55667788, 0x99aabbcc, 0xddeeff00,
    };
    h_load(H_CODE, words, 12);
    hc->pc = H_CODE;
    h_step(8);
    ASSERT_HEX(hc->pc, H_CODE + 32);
    ASSERT_V(1, 0x11223344, 0);
    ASSERT_V(2, 0x5566778811223344ULL, 0);
    ASSERT_V(3, 0x5566778811223344ULL, 0xddeeff0099aabbccULL);
}
END_TEST

/* ---- Pairs ---- */

START_TEST(test_pairs_load)
{
    hc->x[1] = D + 0x20;
    RUN(0xad400420,  /* ldp q0, q1, [x1]: fresh soft TLB, per-access path */
        0x2d410c22,  /* ldp s2, s3, [x1, #8] */
        0x6d7f0c22); /* ldp d2, d3, [x1, #-16]: overwrites v2, v3 */
    ASSERT_V(0, pat(0x20, 8), pat(0x28, 8));
    ASSERT_V(1, pat(0x30, 8), pat(0x38, 8));
    ASSERT_V(2, pat(0x10, 8), 0);
    ASSERT_V(3, pat(0x18, 8), 0);
    assert_other_v_untouched(0xf);
    ASSERT_HEX(hc->x[1], D + 0x20);
    RUN(0x2c410c22); /* ldnp s2, s3, [x1, #8] */
    ASSERT_V(2, pat(0x28, 4), 0);
    ASSERT_V(3, pat(0x2c, 4), 0);
    hc->x[1] = D + 0x40;
    RUN(0xacc10420,  /* ldp q0, q1, [x1], #32: the page is in the soft TLB now (one copy) */
        0xadff0c22); /* ldp q2, q3, [x1, #-32]! */
    ASSERT_V(0, pat(0x40, 8), pat(0x48, 8));
    ASSERT_V(1, pat(0x50, 8), pat(0x58, 8));
    ASSERT_V(2, pat(0x40, 8), pat(0x48, 8));
    ASSERT_V(3, pat(0x50, 8), pat(0x58, 8));
    ASSERT_HEX(hc->x[1], D + 0x40);
    RUN(0xac400420); /* ldnp q0, q1, [x1] */
    ASSERT_V(0, pat(0x40, 8), pat(0x48, 8));
}
END_TEST

START_TEST(test_pairs_store)
{
    hc->x[1] = D + 0x200;
    set_v(0, 0x0000000000000a0aULL, 0x0b0bULL);
    set_v(1, 0x1c1cULL, 0x1d1dULL);
    set_v(2, 0x2222222222222222ULL, ~0ULL);
    set_v(3, 0x3333333333333333ULL, ~0ULL);
    RUN(0xad010420,  /* stp q0, q1, [x1, #32] */
        0x6c810c22,  /* stp d2, d3, [x1], #16 */
        0x2dbf0c22,  /* stp s2, s3, [x1, #-8]! */
        0x6c010c22,  /* stnp d2, d3, [x1, #16] */
        0xac000420); /* stnp q0, q1, [x1] : x1 = D + 0x208, not 16-aligned: fault */
    h_expect_exc(3, V_CUR_SPX, EC_DABT_CUR, (1u << 6) | FSC_ALIGN, H_CODE + 16);
    ASSERT_HEX(*h_far(3), D + 0x208);
    ASSERT_HEX(h_peek(D + 0x200, 8), 0x2222222222222222ULL); /* stp d2, d3, post */
    ASSERT_HEX(h_peek(D + 0x208, 8), 0x3333333322222222ULL); /* stp s2, s3, pre: over d3 */
    ASSERT_HEX(h_peek(D + 0x210, 8), 0);
    ASSERT_HEX(h_peek(D + 0x218, 8), 0x2222222222222222ULL); /* stnp d2, d3 */
    ASSERT_HEX(h_peek(D + 0x220, 8), 0x3333333333333333ULL); /* ... over q0's low half */
    ASSERT_HEX(h_peek(D + 0x228, 8), 0x0b0b);
    ASSERT_HEX(h_peek(D + 0x230, 8), 0x1c1c);
    ASSERT_HEX(h_peek(D + 0x238, 8), 0x1d1d);
    ASSERT_HEX(hc->x[1], D + 0x208);
}
END_TEST

/* A pair whose second register faults changes neither register (LDP d: the second D is
 * beyond the end of RAM, an external abort). */
START_TEST(test_pair_second_element_faults)
{
    hc->x[1] = RAM_END - 8;
    RUN(0x6cc10c22); /* ldp d2, d3, [x1], #16 */
    h_expect_exc(3, V_CUR_SPX, EC_DABT_CUR, FSC_SYNC_EXT, H_CODE);
    ASSERT_HEX(*h_far(3), RAM_END);
    ASSERT_V(2, JUNK + 2, JUNK + 2);
    ASSERT_V(3, JUNK + 3, JUNK + 3);
    ASSERT_HEX(hc->x[1], RAM_END - 8);
}
END_TEST

/* ---- Multiple structures ---- */

START_TEST(test_ld1_multiple)
{
    hc->x[0] = D;
    RUN(0x4c407000); /* ld1 {v0.16b}, [x0] */
    ASSERT_V(0, pat(0, 8), pat(8, 8));
    RUN(0x0c407000); /* ld1 {v0.8b}, [x0]: Q = 0 zeroes the upper half */
    ASSERT_V(0, pat(0, 8), 0);
    RUN(0x4c40a401); /* ld1 {v1.8h, v2.8h}, [x0] */
    ASSERT_V(1, pat(0, 8), pat(8, 8));
    ASSERT_V(2, pat(16, 8), pat(24, 8));
    RUN(0x4cdf6801); /* ld1 {v1.4s-v3.4s}, [x0], #48 */
    ASSERT_V(1, pat(0, 8), pat(8, 8));
    ASSERT_V(3, pat(32, 8), pat(40, 8));
    ASSERT_HEX(hc->x[0], D + 48);
    hc->x[2] = 0x10;
    RUN(0x4cc22c1e); /* ld1 {v30.2d, v31.2d, v0.2d, v1.2d}, [x0], x2: wraps to v0 */
    ASSERT_V(30, pat(48, 8), pat(56, 8));
    ASSERT_V(31, pat(64, 8), pat(72, 8));
    ASSERT_V(0, pat(80, 8), pat(88, 8));
    ASSERT_V(1, pat(96, 8), pat(104, 8));
    ASSERT_HEX(hc->x[0], D + 48 + 0x10);
    hc->x[0] = D + 8;
    RUN(0x0c407c00); /* ld1 {v0.1d}, [x0] */
    ASSERT_V(0, pat(8, 8), 0);
    assert_other_v_untouched(0xC000000F);
}
END_TEST

START_TEST(test_ld2_ld3_ld4_interleave)
{
    hc->x[0] = D;
    RUN(0x4c408400); /* ld2 {v0.8h, v1.8h}, [x0]: even halfwords to v0, odd to v1 */
    ASSERT_V(0, 0x0d0c090805040100ULL, 0x1d1c191815141110ULL);
    ASSERT_V(1, 0x0f0e0b0a07060302ULL, 0x1f1e1b1a17161312ULL);
    RUN(0x0cdf8000); /* ld2 {v0.8b, v1.8b}, [x0], #16 */
    ASSERT_V(0, 0x0e0c0a0806040200ULL, 0);
    ASSERT_V(1, 0x0f0d0b0907050301ULL, 0);
    ASSERT_HEX(hc->x[0], D + 16);
    hc->x[0] = D;
    RUN(0x4c404800); /* ld3 {v0.4s-v2.4s}, [x0]: word k of memory to v(k % 3).s[k / 3] */
    ASSERT_V(0, 0x0f0e0d0c03020100ULL, 0x272625241b1a1918ULL);
    ASSERT_V(1, 0x1312111007060504ULL, 0x2b2a29281f1e1d1cULL);
    ASSERT_V(2, 0x171615140b0a0908ULL, 0x2f2e2d2c23222120ULL);
    hc->x[3] = 0x40;
    RUN(0x4cc34000); /* ld3 {v0.16b-v2.16b}, [x0], x3 */
    for (unsigned i = 0; i < 16; i++) {
        ck_assert_uint_eq(hc->v[0].b[i], 3 * i);
        ck_assert_uint_eq(hc->v[1].b[i], 3 * i + 1);
        ck_assert_uint_eq(hc->v[2].b[i], 3 * i + 2);
    }
    ASSERT_HEX(hc->x[0], D + 0x40);
    hc->x[0] = D;
    RUN(0x4c400c00); /* ld4 {v0.2d-v3.2d}, [x0] */
    for (unsigned r = 0; r < 4; r++)
        ASSERT_V(r, pat(8 * r, 8), pat(32 + 8 * r, 8));
    RUN(0x0cdf0404); /* ld4 {v4.4h-v7.4h}, [x0], #32 */
    for (unsigned r = 0; r < 4; r++) {
        for (unsigned e = 0; e < 4; e++)
            ck_assert_uint_eq(hc->v[4 + r].h[e], pat(8 * e + 2 * r, 2));
        ASSERT_HEX(hc->v[4 + r].d[1], 0);
    }
    ASSERT_HEX(hc->x[0], D + 32);
    assert_other_v_untouched(0xff);
}
END_TEST

START_TEST(test_st1_to_st4_multiple)
{
    for (unsigned n = 0; n < 4; n++)
        for (unsigned i = 0; i < 16; i++)
            hc->v[n].b[i] = (uint8_t)(0x10 * (n + 1) + i);
    hc->x[0] = D + 0x200;
    RUN(0x4c007000); /* st1 {v0.16b}, [x0] */
    ASSERT_HEX(h_peek(D + 0x200, 8), 0x1716151413121110ULL);
    ASSERT_HEX(h_peek(D + 0x208, 8), 0x1f1e1d1c1b1a1918ULL);
    RUN(0x0c9fa400); /* st1 {v0.4h, v1.4h}, [x0], #16 */
    ASSERT_HEX(h_peek(D + 0x200, 8), 0x1716151413121110ULL);
    ASSERT_HEX(h_peek(D + 0x208, 8), 0x2726252423222120ULL);
    ASSERT_HEX(hc->x[0], D + 0x210);
    hc->x[0] = D + 0x200;
    RUN(0x0c006800); /* st1 {v0.2s-v2.2s}, [x0] */
    ASSERT_HEX(h_peek(D + 0x210, 8), 0x3736353433323130ULL);
    RUN(0x4c002c00); /* st1 {v0.2d-v3.2d}, [x0] */
    ASSERT_HEX(h_peek(D + 0x238, 8), 0x4f4e4d4c4b4a4948ULL);
    RUN(0x4c008800); /* st2 {v0.4s, v1.4s}, [x0]: s elements alternate */
    ASSERT_HEX(h_peek(D + 0x200, 8), 0x2322212013121110ULL);
    ASSERT_HEX(h_peek(D + 0x218, 8), 0x2f2e2d2c1f1e1d1cULL);
    RUN(0x0c9f4000); /* st3 {v0.8b-v2.8b}, [x0], #24 */
    ASSERT_HEX(h_peek(D + 0x200, 8), 0x2212312111302010ULL);
    ASSERT_HEX(h_peek(D + 0x208, 8), 0x1534241433231332ULL);
    ASSERT_HEX(h_peek(D + 0x210, 8), 0x3727173626163525ULL);
    ASSERT_HEX(hc->x[0], D + 0x218);
    hc->x[0] = D + 0x300;
    RUN(0x4c000000); /* st4 {v0.16b-v3.16b}, [x0] */
    for (unsigned i = 0; i < 64; i++)
        ck_assert_uint_eq(h_peek(D + 0x300 + i, 1), 0x10 * (i % 4 + 1) + i / 4);
}
END_TEST

/* A multiple-structure load whose second register faults writes no register. */
START_TEST(test_ld1_fault_leaves_registers)
{
    hc->x[0] = RAM_END - 16;
    RUN(0x4c40ac00); /* ld1 {v0.2d, v1.2d}, [x0] */
    h_expect_exc(3, V_CUR_SPX, EC_DABT_CUR, FSC_SYNC_EXT, H_CODE);
    ASSERT_HEX(*h_far(3), RAM_END);
    assert_other_v_untouched(0);
    /* Elements are aligned to their size: .4s at an odd address faults, .16b does not. */
    hc->x[0] = D + 2;
    RUN(0x4c407800); /* ld1 {v0.4s}, [x0] */
    h_expect_exc(3, V_CUR_SPX, EC_DABT_CUR, FSC_ALIGN, H_CODE);
    ASSERT_HEX(*h_far(3), D + 2);
    RUN(0x4c407000); /* ld1 {v0.16b}, [x0] */
    ASSERT_V(0, pat(2, 8), pat(10, 8));
}
END_TEST

/* ---- Single structure and replicate ---- */

START_TEST(test_ld_single_lane)
{
    hc->x[0] = D + 0x40;
    set_v(0, 0, 0);
    RUN(0x4d401c00); /* ld1 {v0.b}[15], [x0] */
    ASSERT_V(0, 0, 0x4000000000000000ULL);
    RUN(0x0ddf5800); /* ld1 {v0.h}[3], [x0], #2: Q = 0 in a lane form keeps the upper half */
    ASSERT_V(0, 0x4140000000000000ULL, 0x4000000000000000ULL);
    ASSERT_HEX(hc->x[0], D + 0x42);
    hc->x[0] = D + 0x40;
    RUN(0x4d408000); /* ld1 {v0.s}[2], [x0] */
    ASSERT_V(0, 0x4140000000000000ULL, 0x4000000043424140ULL);
    hc->x[2] = 0x100;
    RUN(0x4dc28400); /* ld1 {v0.d}[1], [x0], x2 */
    ASSERT_V(0, 0x4140000000000000ULL, pat(0x40, 8));
    ASSERT_HEX(hc->x[0], D + 0x140);
    hc->x[0] = D + 0x40;
    RUN(0x0d609000); /* ld2 {v0.s, v1.s}[1], [x0] */
    ASSERT_V(0, 0x4342414000000000ULL, pat(0x40, 8));
    ASSERT_V(1, 0x47464544ULL << 32 | (uint32_t)(JUNK + 1), JUNK + 1);
    RUN(0x4ddf7800); /* ld3 {v0.h-v2.h}[7], [x0], #6 */
    ck_assert_uint_eq(hc->v[0].h[7], 0x4140);
    ck_assert_uint_eq(hc->v[1].h[7], 0x4342);
    ck_assert_uint_eq(hc->v[2].h[7], 0x4544);
    ASSERT_HEX(hc->v[2].d[0], JUNK + 2);
    ASSERT_HEX(hc->x[0], D + 0x46);
    hc->x[0] = D + 0x40;
    RUN(0x4d602400); /* ld4 {v0.b-v3.b}[9], [x0] */
    for (unsigned r = 0; r < 4; r++)
        ck_assert_uint_eq(hc->v[r].b[9], 0x40 + r);
    ASSERT_HEX(hc->v[3].d[0], JUNK + 3);
    RUN(0x0dffa400); /* ld4 {v0.d-v3.d}[0], [x0], #32 */
    for (unsigned r = 0; r < 4; r++)
        ASSERT_HEX(hc->v[r].d[0], pat(0x40 + 8 * r, 8));
    ASSERT_HEX(hc->v[3].d[1], ((JUNK + 3) & ~(0xffULL << 8)) | 0x43ULL << 8);
    ASSERT_HEX(hc->x[0], D + 0x60);
    assert_other_v_untouched(0xf);
}
END_TEST

START_TEST(test_st_single_lane)
{
    for (unsigned n = 0; n < 4; n++)
        for (unsigned i = 0; i < 16; i++)
            hc->v[n].b[i] = (uint8_t)(0x10 * (n + 1) + i);
    hc->x[0] = D + 0x200;
    RUN(0x0d001400); /* st1 {v0.b}[5], [x0] */
    ASSERT_HEX(h_peek(D + 0x200, 8), 0x15);
    RUN(0x4d9f8400); /* st1 {v0.d}[1], [x0], #8 */
    ASSERT_HEX(h_peek(D + 0x200, 8), 0x1f1e1d1c1b1a1918ULL);
    ASSERT_HEX(hc->x[0], D + 0x208);
    RUN(0x4d205000); /* st2 {v0.h, v1.h}[6], [x0] */
    ASSERT_HEX(h_peek(D + 0x208, 8), 0x2d2c1d1c);
    RUN(0x4d9fb000); /* st3 {v0.s-v2.s}[3], [x0], #12 */
    ASSERT_HEX(h_peek(D + 0x208, 8), 0x2f2e2d2c1f1e1d1cULL);
    ASSERT_HEX(h_peek(D + 0x210, 4), 0x3f3e3d3c);
    ASSERT_HEX(hc->x[0], D + 0x214);
    hc->x[0] = D + 0x300;
    RUN(0x4d20a400); /* st4 {v0.d-v3.d}[1], [x0] */
    for (unsigned r = 0; r < 4; r++)
        ASSERT_HEX(h_peek(D + 0x300 + 8 * r, 8), hc->v[r].d[1]);
    ASSERT_HEX(h_peek(D + 0x320, 8), 0);
}
END_TEST

START_TEST(test_ld_replicate)
{
    hc->x[0] = D + 0x40;
    RUN(0x4d40c000); /* ld1r {v0.16b}, [x0] */
    ASSERT_V(0, 0x4040404040404040ULL, 0x4040404040404040ULL);
    RUN(0x0ddfc400); /* ld1r {v0.4h}, [x0], #2 */
    ASSERT_V(0, 0x4140414041404140ULL, 0);
    ASSERT_HEX(hc->x[0], D + 0x42);
    hc->x[0] = D + 0x40;
    RUN(0x4d40cc00); /* ld1r {v0.2d}, [x0] */
    ASSERT_V(0, pat(0x40, 8), pat(0x40, 8));
    RUN(0x0d40cc00); /* ld1r {v0.1d}, [x0] */
    ASSERT_V(0, pat(0x40, 8), 0);
    hc->x[2] = 0x20;
    RUN(0x4de2c800); /* ld2r {v0.4s, v1.4s}, [x0], x2 */
    ASSERT_V(0, 0x4342414043424140ULL, 0x4342414043424140ULL);
    ASSERT_V(1, 0x4746454447464544ULL, 0x4746454447464544ULL);
    ASSERT_HEX(hc->x[0], D + 0x60);
    RUN(0x0d40e000); /* ld3r {v0.8b-v2.8b}, [x0] */
    ASSERT_V(0, 0x6060606060606060ULL, 0);
    ASSERT_V(1, 0x6161616161616161ULL, 0);
    ASSERT_V(2, 0x6262626262626262ULL, 0);
    RUN(0x0dffe800); /* ld4r {v0.2s-v3.2s}, [x0], #16 */
    ASSERT_V(3, 0x6f6e6d6c6f6e6d6cULL, 0);
    ASSERT_HEX(hc->x[0], D + 0x70);
    assert_other_v_untouched(0xf);
}
END_TEST

/* ---- Reserved encodings are UNDEFINED, with nothing changed ---- */

START_TEST(test_reserved_encodings)
{
    static const uint32_t words[] = {
        0x7dc00405, /* ldr (unsigned offset) with size 01, opc 11 */
        0x3cc00801, /* the unprivileged slot: no SIMD&FP LDTR */
        0xed400420, /* ldp with opc 11 */
        0xdc000081, /* ldr (literal) with opc 11 */
        0x3ce22801, /* ldr q1, [x0, w2, uxth]: option<1> = 0 */
        0x4c401000, /* multiple structures, opcode 0001 */
        0x0c408c00, /* ld2 with the .1d arrangement */
        0x4c417000, /* ld1 {v0.16b}, [x0] with Rm = 1 and no post-index */
        0x0ddf5c00, /* ld1 {v0.h}[..] with size<0> = 1 */
        0x4dc29400, /* ld1 {v0.d}[..] with S = 1 */
        0x4d40d000, /* ld1r with S = 1 */
        0x0d00c000, /* st1 single structure, opcode 110 (no replicating store) */
    };
    for (size_t i = 0; i < sizeof words / sizeof words[0]; i++) {
        teardown();
        setup();
        hc->x[0] = hc->x[1] = D;
        RUN(words[i]);
        ck_assert_msg(hc->sr[SR_ESR_EL3] >> 26 == EC_UNKNOWN, "%08x: EC %llx", words[i],
                      (unsigned long long)(hc->sr[SR_ESR_EL3] >> 26));
        assert_undefined();
        assert_other_v_untouched(0);
        ASSERT_HEX(hc->x[0], D);
    }
}
END_TEST

/* ---- Faults ---- */

START_TEST(test_unaligned_device_faults)
{
    hc->x[1] = D + 8;
    RUN(0x3dc00021); /* ldr q1, [x1]: 8-byte aligned is not enough for Q on Device */
    h_expect_exc(3, V_CUR_SPX, EC_DABT_CUR, FSC_ALIGN, H_CODE);
    ASSERT_HEX(*h_far(3), D + 8);
    ASSERT_V(1, JUNK + 1, JUNK + 1);
    hc->x[0] = D + 0x101;
    RUN(0x3d800405); /* str q5, [x0, #16] */
    h_expect_exc(3, V_CUR_SPX, EC_DABT_CUR, (1u << 6) | FSC_ALIGN, H_CODE);
    ASSERT_HEX(*h_far(3), D + 0x111);
    ASSERT_HEX(h_peek(D + 0x110, 8), 0);
    ASSERT_HEX(h_peek(D + 0x118, 8), 0);
    hc->x[1] = D + 4;
    RUN(0x6d7f0c22); /* ldp d2, d3, [x1, #-16] */
    h_expect_exc(3, V_CUR_SPX, EC_DABT_CUR, FSC_ALIGN, H_CODE);
    ASSERT_HEX(*h_far(3), D - 12);
    assert_other_v_untouched(0);
}
END_TEST

START_TEST(test_sp_base_alignment)
{
    hc->sr[SR_SCTLR_EL3] |= 1u << 3; /* SA */
    hc->sp = D + 0x18;
    RUN(0x3dc003e0); /* ldr q0, [sp] */
    h_expect_exc(3, V_CUR_SPX, EC_SP_ALIGN, 0, H_CODE);
    ASSERT_V(0, JUNK, JUNK);
    hc->sp = D + 0x20;
    RUN(0x3cc083e0); /* ldur q0, [sp, #8]: SP aligned; the access is not (Device) */
    h_expect_exc(3, V_CUR_SPX, EC_DABT_CUR, FSC_ALIGN, H_CODE);
    ASSERT_HEX(*h_far(3), D + 0x28);
    hc->sp = D + 0x40;
    RUN(0x3dc003e0,  /* ldr q0, [sp] */
        0xadff07e0); /* ldp q0, q1, [sp, #-32]! */
    ASSERT_V(0, pat(0x20, 8), pat(0x28, 8));
    ASSERT_V(1, pat(0x30, 8), pat(0x38, 8));
    ASSERT_HEX(hc->sp, D + 0x20);
}
END_TEST

/* CPACR_EL1.FPEN, CPTR_EL2.TFP, CPTR_EL3.TFP: the access traps before anything else
 * (the SP alignment check, the access, writeback). */
START_TEST(test_fp_access_trap)
{
    hc->sr[SR_SCTLR_EL1] |= 1u << 3; /* SA */
    h_to_el(1, 1);
    hc->sp = D + 8;
    hc->x[0] = D;
    RUN(0x3cc10401); /* ldr q1, [x0], #16 with CPACR_EL1.FPEN = 00 */
    h_expect_exc(1, V_CUR_SPX, EC_FP_ACCESS, 0x1E00000, H_CODE);
    ASSERT_HEX(hc->x[0], D);
    ASSERT_V(1, JUNK + 1, JUNK + 1);
    h_to_el(1, 1);
    hc->sp = D + 8;
    RUN(0x3dc003e0); /* ldr q0, [sp]: FP trap before the SP alignment fault */
    h_expect_exc(1, V_CUR_SPX, EC_FP_ACCESS, 0x1E00000, H_CODE);
    hc->sr[SR_CPACR_EL1] = 3u << 20;
    hc->sr[SR_CPTR_EL2] |= 1u << 10; /* TFP */
    h_to_el(1, 1);
    RUN(0x4c407000); /* ld1 {v0.16b}, [x0] */
    h_expect_exc(2, V_LOWER, EC_FP_ACCESS, 0x1E00000, H_CODE);
    hc->sr[SR_CPTR_EL2] &= ~(1u << 10);
    hc->sr[SR_CPTR_EL3] |= 1u << 10;
    h_to_el(1, 1);
    RUN(0x4c007000); /* st1 {v0.16b}, [x0] */
    h_expect_exc(3, V_LOWER, EC_FP_ACCESS, 0x1E00000, H_CODE);
    ASSERT_HEX(h_peek(D, 8), pat(0, 8));
    hc->sr[SR_CPTR_EL3] = 0;
    h_to_el(1, 1);
    RUN(0x4c407000); /* ld1 {v0.16b}, [x0] */
    ASSERT_V(0, pat(0, 8), pat(8, 8));
    ck_assert_uint_eq(hc->ps.el, 1);
}
END_TEST

/* ---- With the MMU on: Normal memory, page crossings, stage 2 ---- */

#define L1 0x40400000ULL
#define L2_LOW 0x40401000ULL
#define L2_TEST 0x40402000ULL
#define L3_TEST 0x40403000ULL
#define S2_TABLES 0x40410000ULL
#define PAGE_A 0x40600000ULL
#define TEST_VA 0x80000000ULL

/* Stage 1 at EL1: 0x40000000-0x401FFFFF identity (Normal), VA TEST_VA -> PAGE_A, the next
 * page unmapped. */
static void enable_stage1_el1(void)
{
    h_poke(L1 + 8, 8, L2_LOW | 3);
    h_poke(L1 + 16, 8, L2_TEST | 3);
    h_poke(L2_LOW, 8, 0x40000000ULL | 1 | (1u << 10) | (3u << 8));
    h_poke(L2_TEST, 8, L3_TEST | 3);
    h_poke(L3_TEST, 8, PAGE_A | 3 | (1u << 10) | (3u << 8));
    sysreg_write(hc, SR_MAIR_EL1, 0xFF);
    sysreg_write(hc, SR_TCR_EL1, 25 | (1ULL << 8) | (1ULL << 10) | (3ULL << 12) | (1ULL << 23) | (5ULL << 32));
    sysreg_write(hc, SR_TTBR0_EL1, L1);
    sysreg_write(hc, SR_SCTLR_EL1, hc->sr[SR_SCTLR_EL1] | 1);
    hc->sr[SR_CPACR_EL1] = 3u << 20;
}

/* On Normal memory a Q register need not be aligned; its second half on an unmapped page is
 * a translation fault at that page, and the register keeps its value. */
START_TEST(test_q_second_half_faults_normal_memory)
{
    h_poke(PAGE_A + 0xFF8, 8, 0x1122334455667788ULL);
    enable_stage1_el1();
    h_to_el(1, 1);
    hc->x[1] = TEST_VA + 0xFF0;
    RUN(0x3dc00021); /* ldr q1, [x1]: inside the page */
    ASSERT_V(1, 0, 0x1122334455667788ULL);
    h_to_el(1, 1);
    hc->x[1] = TEST_VA + 0xFF8;
    set_v(1, JUNK + 1, JUNK + 1);
    RUN(0x3dc00021); /* ldr q1, [x1]: the first half is mapped, the second is not */
    h_expect_exc(1, V_CUR_SPX, EC_DABT_CUR, 0x07, H_CODE); /* level 3 translation fault */
    ASSERT_HEX(*h_far(1), TEST_VA + 0x1000);
    ASSERT_V(1, JUNK + 1, JUNK + 1);
    h_to_el(1, 1);
    hc->x[1] = TEST_VA + 0xFF4;
    RUN(0x3dc00021); /* ldr q1, [x1]: 4-byte aligned; the first half reads bytewise */
    h_expect_exc(1, V_CUR_SPX, EC_DABT_CUR, 0x07, H_CODE);
    ASSERT_V(1, JUNK + 1, JUNK + 1);
    h_to_el(1, 1);
    hc->x[1] = TEST_VA + 0xFEC;
    RUN(0x3dc00021); /* ldr q1, [x1]: unaligned, in the page */
    ASSERT_V(1, 0, 0x5566778800000000ULL);
}
END_TEST

/* A stage-2 abort on a SIMD&FP access carries no instruction syndrome (ISV = 0): only loads
 * and stores of one general-purpose register have one. */
START_TEST(test_stage2_abort_no_isv)
{
    uint64_t l2 = S2_TABLES + 0x1000, l2t = S2_TABLES + 0x2000, l3 = S2_TABLES + 0x3000;
    h_poke(S2_TABLES + 8, 8, l2 | 3);
    h_poke(S2_TABLES + 16, 8, l2t | 3);
    for (uint64_t i = 0; i < 4; i++)
        h_poke(l2 + 8 * i, 8, (0x40000000ULL + (i << 21)) | 1 | (1u << 10) | (3u << 8) | (0xFu << 2) | (3u << 6));
    h_poke(l2t, 8, l3 | 3);
    h_poke(l3, 8, PAGE_A | 3 | (1u << 10) | (3u << 8) | (0xFu << 2) | (1u << 6)); /* read-only */
    sysreg_write(hc, SR_VTCR_EL2, 25 | (1ULL << 6) | (1ULL << 8) | (1ULL << 10) | (3ULL << 12) | (5ULL << 16) | (1ULL << 19));
    sysreg_write(hc, SR_VTTBR_EL2, S2_TABLES | (1ULL << 48));
    sysreg_write(hc, SR_HCR_EL2, hc->sr[SR_HCR_EL2] | 1);
    hc->sr[SR_CPACR_EL1] = 3u << 20;
    h_to_el(1, 1);
    hc->x[0] = TEST_VA + 0x10;
    RUN(0x3d800005); /* str q5, [x0] */
    h_expect_exc(2, V_LOWER, EC_DABT_LOWER, (1u << 6) | 0x0F, H_CODE);
    ASSERT_HEX(*h_far(2), TEST_VA + 0x10);
    ASSERT_HEX(hc->sr[SR_HPFAR_EL2], (TEST_VA >> 12) << 4);
    h_to_el(1, 1);
    RUN(0xbd000003); /* str s3, [x0] */
    h_expect_exc(2, V_LOWER, EC_DABT_LOWER, (1u << 6) | 0x0F, H_CODE);
    h_to_el(1, 1);
    RUN(0xb9000003); /* str w3, [x0]: the general-register form has ISV = 1 */
    ck_assert_uint_eq(h_esr(2) >> 24 & 1, 1);
}
END_TEST

int main(void)
{
    Suite *s = suite_create("ldst_simd");
    TCase *tc = tcase_create("ldst_simd");
    tcase_add_checked_fixture(tc, setup, teardown);
    tcase_add_test(tc, test_rows);
    tcase_add_test(tc, test_ldr_imm_each_size);
    tcase_add_test(tc, test_str_imm_each_size);
    tcase_add_test(tc, test_ldur_stur);
    tcase_add_test(tc, test_post_and_pre_index);
    tcase_add_test(tc, test_register_offset);
    tcase_add_test(tc, test_literal);
    tcase_add_test(tc, test_pairs_load);
    tcase_add_test(tc, test_pairs_store);
    tcase_add_test(tc, test_pair_second_element_faults);
    tcase_add_test(tc, test_ld1_multiple);
    tcase_add_test(tc, test_ld2_ld3_ld4_interleave);
    tcase_add_test(tc, test_st1_to_st4_multiple);
    tcase_add_test(tc, test_ld1_fault_leaves_registers);
    tcase_add_test(tc, test_ld_single_lane);
    tcase_add_test(tc, test_st_single_lane);
    tcase_add_test(tc, test_ld_replicate);
    tcase_add_test(tc, test_reserved_encodings);
    tcase_add_test(tc, test_unaligned_device_faults);
    tcase_add_test(tc, test_sp_base_alignment);
    tcase_add_test(tc, test_fp_access_trap);
    tcase_add_test(tc, test_q_second_half_faults_normal_memory);
    tcase_add_test(tc, test_stage2_abort_no_isv);
    suite_add_tcase(s, tc);
    return h_run_suite(s);
}
