/* SPDX-License-Identifier: MIT */
/* Unit tests for the Cryptographic Extension (cpu/crypto.c), with known answers: AES-128
 * (FIPS-197 appendices B and C.1) encrypted with AESE/AESMC and decrypted with AESD/AESIMC,
 * SHA-256 and SHA-1 of "abc" (FIPS 180-4 examples) computed by the SHA256 and SHA1
 * instructions. The test drives one block: it sets the round keys and adds the round
 * constants to the schedule on the host (vector ADD, MOV and EOR are Advanced SIMD integer
 * instructions, tested elsewhere), the simulator runs every cryptographic instruction. Words
 * from aarch64-linux-gnu-as -march=armv8-a+crypto. */
#include <check.h>
#include <string.h>

#include "cpu/decode.h"
#include "cpu/exception.h"
#include "tests/unit/harness.h"

static void setup(void)
{
    h_setup();
    memset(hc->v, 0, sizeof hc->v);
}

static void teardown(void) { h_teardown(); }

static void run1(uint32_t word) { h_run(&word, 1); }

static void set_bytes(unsigned n, const uint8_t b[16]) { memcpy(&hc->v[n], b, 16); }

/* ---- AES ---- */

/* The test's own S-box, from the powers of the generator 3 (log/antilog tables): a different
 * route from cpu/crypto.c's, checked against FIPS-197's figure 7 below. */
static uint8_t test_sbox[256];

static void make_test_sbox(void)
{
    uint8_t pow3[256], log3[256];
    uint8_t x = 1;
    for (unsigned i = 0; i < 255; i++) {
        pow3[i] = x;
        log3[x] = (uint8_t)i;
        x = (uint8_t)(x ^ (uint8_t)(x << 1) ^ (x & 0x80 ? 0x1B : 0)); /* x * 3 */
    }
    for (unsigned v = 0; v < 256; v++) {
        uint8_t inv = v ? pow3[(255 - log3[v]) % 255] : 0, s = 0x63;
        for (unsigned k = 0; k < 5; k++)
            s ^= (uint8_t)(inv << k | inv >> (8 - k));
        test_sbox[v] = s;
    }
    ck_assert_uint_eq(test_sbox[0x00], 0x63);
    ck_assert_uint_eq(test_sbox[0x01], 0x7c);
    ck_assert_uint_eq(test_sbox[0x53], 0xed);
    ck_assert_uint_eq(test_sbox[0xff], 0x16);
}

/* FIPS-197 5.2 KeyExpansion for AES-128: 11 round keys of 16 bytes. */
static void expand_key(const uint8_t key[16], uint8_t rk[11][16])
{
    uint8_t rcon = 1;
    memcpy(rk[0], key, 16);
    for (unsigned r = 1; r < 11; r++) {
        const uint8_t *p = rk[r - 1];
        uint8_t t[4] = {test_sbox[p[13]], test_sbox[p[14]], test_sbox[p[15]], test_sbox[p[12]]};
        t[0] ^= rcon;
        rcon = (uint8_t)(rcon << 1 ^ (rcon & 0x80 ? 0x1B : 0));
        for (unsigned i = 0; i < 16; i++) {
            rk[r][i] = (uint8_t)(p[i] ^ t[i % 4]);
            t[i % 4] = rk[r][i];
        }
    }
}

static const uint32_t aese_k[10] = {
    0x4e284820, 0x4e284840, 0x4e284860, 0x4e284880, 0x4e2848a0, /* aese v0.16b, v1.16b .. v5 */
    0x4e2848c0, 0x4e2848e0, 0x4e284900, 0x4e284920, 0x4e284940, /* aese v0.16b, v6.16b .. v10 */
};
static const uint32_t aesd_k[11] = {
    0x4e285820, 0x4e285840, 0x4e285860, 0x4e285880, 0x4e2858a0, 0x4e2858c0, /* aesd v0.16b, v1.16b .. v6 */
    0x4e2858e0, 0x4e285900, 0x4e285920, 0x4e285940, 0x4e285960,             /* aesd v0.16b, v7.16b .. v11 */
};
static const uint32_t aesimc_k[12] = {
    0x4e287800, 0x4e287821, 0x4e287842, 0x4e287863, 0x4e287884, 0x4e2878a5, /* aesimc vN.16b, vN.16b */
    0x4e2878c6, 0x4e2878e7, 0x4e287908, 0x4e287929, 0x4e28794a, 0x4e28796b, /* N = 0 .. 11 */
};
#define AESMC_V0 0x4e286800 /* aesmc v0.16b, v0.16b */

/* Encrypt with v1..v11 = round keys 0..10: (AESE, AESMC) x 9, AESE, then the last key added
 * on the host. Decrypt with the equivalent inverse cipher: AESD with round key 10, then
 * (AESIMC, AESD with InvMixColumns(round key r)) for r = 9..1 (the simulator's AESIMC makes
 * those keys), then round key 0 added on the host. */
static void aes128_known_answer(const uint8_t key[16], const uint8_t pt[16], const uint8_t ct[16])
{
    uint8_t rk[11][16], out[16];
    make_test_sbox();
    expand_key(key, rk);
    for (unsigned r = 0; r < 11; r++)
        set_bytes(1 + r, rk[r]);
    set_bytes(0, pt);
    for (unsigned r = 0; r < 9; r++) {
        run1(aese_k[r]);
        run1(AESMC_V0);
    }
    run1(aese_k[9]);
    memcpy(out, &hc->v[0], 16);
    for (unsigned i = 0; i < 16; i++)
        out[i] ^= rk[10][i];
    ck_assert_mem_eq(out, ct, 16);

    /* v11 = round key 10, v(r + 1) = InvMixColumns(round key r) for r = 1..9. */
    set_bytes(0, ct);
    for (unsigned r = 2; r <= 10; r++)
        run1(aesimc_k[r]);
    run1(aesd_k[10]); /* aesd v0.16b, v11.16b */
    for (unsigned r = 9; r >= 1; r--) {
        run1(aesimc_k[0]);
        run1(aesd_k[r]); /* aesd v0.16b, v(r + 1).16b */
    }
    memcpy(out, &hc->v[0], 16);
    for (unsigned i = 0; i < 16; i++)
        out[i] ^= rk[0][i];
    ck_assert_mem_eq(out, pt, 16);
}

START_TEST(test_aes128_fips197_appendix_b)
{
    static const uint8_t key[16] = {0x2b, 0x7e, 0x15, 0x16, 0x28, 0xae, 0xd2, 0xa6,
                                    0xab, 0xf7, 0x15, 0x88, 0x09, 0xcf, 0x4f, 0x3c};
    static const uint8_t pt[16] = {0x32, 0x43, 0xf6, 0xa8, 0x88, 0x5a, 0x30, 0x8d,
                                   0x31, 0x31, 0x98, 0xa2, 0xe0, 0x37, 0x07, 0x34};
    static const uint8_t ct[16] = {0x39, 0x25, 0x84, 0x1d, 0x02, 0xdc, 0x09, 0xfb,
                                   0xdc, 0x11, 0x85, 0x97, 0x19, 0x6a, 0x0b, 0x32};
    aes128_known_answer(key, pt, ct);
}
END_TEST

START_TEST(test_aes128_fips197_appendix_c1)
{
    static const uint8_t key[16] = {0x00, 0x01, 0x02, 0x03, 0x04, 0x05, 0x06, 0x07,
                                    0x08, 0x09, 0x0a, 0x0b, 0x0c, 0x0d, 0x0e, 0x0f};
    static const uint8_t pt[16] = {0x00, 0x11, 0x22, 0x33, 0x44, 0x55, 0x66, 0x77,
                                   0x88, 0x99, 0xaa, 0xbb, 0xcc, 0xdd, 0xee, 0xff};
    static const uint8_t ct[16] = {0x69, 0xc4, 0xe0, 0xd8, 0x6a, 0x7b, 0x04, 0x30,
                                   0xd8, 0xcd, 0xb7, 0x80, 0x70, 0xb4, 0xc5, 0x5a};
    aes128_known_answer(key, pt, ct);
}
END_TEST

/* MixColumns of the column db 13 53 45 is 8e 4d a1 bc; AESIMC undoes it. Exact registers. */
START_TEST(test_aesmc_aesimc_column)
{
    static const uint8_t col[16] = {0xdb, 0x13, 0x53, 0x45, 0xdb, 0x13, 0x53, 0x45,
                                    0xdb, 0x13, 0x53, 0x45, 0xdb, 0x13, 0x53, 0x45};
    set_bytes(1, col);
    run1(0x4e286820); /* aesmc v0.16b, v1.16b */
    ASSERT_HEX(hc->v[0].d[0], 0xbca14d8ebca14d8eULL);
    ASSERT_HEX(hc->v[0].d[1], 0xbca14d8ebca14d8eULL);
    ck_assert_mem_eq(&hc->v[1], col, 16);
    run1(aesimc_k[0]); /* aesimc v0.16b, v0.16b */
    ck_assert_mem_eq(&hc->v[0], col, 16);
    ASSERT_HEX(hc->pc, H_CODE + 4);
}
END_TEST

/* ---- SHA ---- */

static const uint32_t sha256_k[64] = {
    0x428a2f98, 0x71374491, 0xb5c0fbcf, 0xe9b5dba5, 0x3956c25b, 0x59f111f1, 0x923f82a4, 0xab1c5ed5,
    0xd807aa98, 0x12835b01, 0x243185be, 0x550c7dc3, 0x72be5d74, 0x80deb1fe, 0x9bdc06a7, 0xc19bf174,
    0xe49b69c1, 0xefbe4786, 0x0fc19dc6, 0x240ca1cc, 0x2de92c6f, 0x4a7484aa, 0x5cb0a9dc, 0x76f988da,
    0x983e5152, 0xa831c66d, 0xb00327c8, 0xbf597fc7, 0xc6e00bf3, 0xd5a79147, 0x06ca6351, 0x14292967,
    0x27b70a85, 0x2e1b2138, 0x4d2c6dfc, 0x53380d13, 0x650a7354, 0x766a0abb, 0x81c2c92e, 0x92722c85,
    0xa2bfe8a1, 0xa81a664b, 0xc24b8b70, 0xc76c51a3, 0xd192e819, 0xd6990624, 0xf40e3585, 0x106aa070,
    0x19a4c116, 0x1e376c08, 0x2748774c, 0x34b0bcb5, 0x391c0cb3, 0x4ed8aa4a, 0x5b9cca4f, 0x682e6ff3,
    0x748f82ee, 0x78a5636f, 0x84c87814, 0x8cc70208, 0x90befffa, 0xa4506ceb, 0xbef9a3f7, 0xc67178f2,
};

/* The padded one-block message "abc" as big-endian words. */
static void load_abc_block(void)
{
    uint32_t w[16] = {0x61626380};
    w[15] = 24; /* the length in bits */
    for (unsigned i = 0; i < 4; i++)
        memcpy(&hc->v[16 + i], &w[4 * i], 16);
}

/* v20 = V[msg] + k (four 32-bit lanes), as a vector ADD would. */
static void add_round_constants(unsigned msg, const uint32_t k[4])
{
    for (unsigned e = 0; e < 4; e++)
        hc->v[20].s[e] = hc->v[msg].s[e] + k[e];
}

START_TEST(test_sha256_abc)
{
    static const uint32_t h0[8] = {0x6a09e667, 0xbb67ae85, 0x3c6ef372, 0xa54ff53a,
                                   0x510e527f, 0x9b05688c, 0x1f83d9ab, 0x5be0cd19};
    static const uint32_t digest[8] = {0xba7816bf, 0x8f01cfea, 0x414140de, 0x5dae2223,
                                       0xb00361a3, 0x96177a9c, 0xb410ff61, 0xf20015ad};
    static const uint32_t su0[4] = {
        0x5e282a30, 0x5e282a51, 0x5e282a72, 0x5e282a13, /* sha256su0 v16.4s, v17.4s (and rotations) */
    };
    static const uint32_t su1[4] = {
        0x5e136250, /* sha256su1 v16.4s, v18.4s, v19.4s */
        0x5e106271, /* sha256su1 v17.4s, v19.4s, v16.4s */
        0x5e116212, /* sha256su1 v18.4s, v16.4s, v17.4s */
        0x5e126233, /* sha256su1 v19.4s, v17.4s, v18.4s */
    };
    load_abc_block();
    memcpy(&hc->v[0], &h0[0], 16); /* a, b, c, d */
    memcpy(&hc->v[1], &h0[4], 16); /* e, f, g, h */
    for (unsigned i = 0; i < 16; i++) {
        add_round_constants(16 + i % 4, &sha256_k[4 * i]);
        hc->v[2] = hc->v[0];
        run1(0x5e144020); /* sha256h q0, q1, v20.4s */
        run1(0x5e145041); /* sha256h2 q1, q2, v20.4s */
        if (i < 12) {
            run1(su0[i % 4]);
            run1(su1[i % 4]);
        }
    }
    uint32_t h[8];
    for (unsigned i = 0; i < 4; i++) {
        h[i] = h0[i] + hc->v[0].s[i];
        h[4 + i] = h0[4 + i] + hc->v[1].s[i];
    }
    ck_assert_mem_eq(h, digest, sizeof h);
}
END_TEST

START_TEST(test_sha1_abc)
{
    static const uint32_t h0[5] = {0x67452301, 0xefcdab89, 0x98badcfe, 0x10325476, 0xc3d2e1f0};
    static const uint32_t digest[5] = {0xa9993e36, 0x4706816a, 0xba3e2571, 0x7850c26c, 0x9cd0d89d};
    static const uint32_t k[4] = {0x5a827999, 0x6ed9eba1, 0x8f1bbcdc, 0xca62c1d6};
    /* Rounds 0-19 choose, 20-39 parity, 40-59 majority, 60-79 parity; E alternates between
     * s1 and s2. */
    static const uint32_t sha1_op[4][2] = {
        {0x5e140020, 0x5e140040}, /* sha1c q0, s1, v20.4s / sha1c q0, s2, v20.4s */
        {0x5e141020, 0x5e141040}, /* sha1p q0, s1, v20.4s / sha1p q0, s2, v20.4s */
        {0x5e142020, 0x5e142040}, /* sha1m q0, s1, v20.4s / sha1m q0, s2, v20.4s */
        {0x5e141020, 0x5e141040}, /* sha1p */
    };
    static const uint32_t sha1h[2] = {0x5e280802, 0x5e280801}; /* sha1h s2, s0 / sha1h s1, s0 */
    static const uint32_t su0[4] = {
        0x5e123230, /* sha1su0 v16.4s, v17.4s, v18.4s */
        0x5e133251, /* sha1su0 v17.4s, v18.4s, v19.4s */
        0x5e103272, /* sha1su0 v18.4s, v19.4s, v16.4s */
        0x5e113213, /* sha1su0 v19.4s, v16.4s, v17.4s */
    };
    static const uint32_t su1[4] = {
        0x5e281a70, /* sha1su1 v16.4s, v19.4s */
        0x5e281a11, /* sha1su1 v17.4s, v16.4s */
        0x5e281a32, /* sha1su1 v18.4s, v17.4s */
        0x5e281a53, /* sha1su1 v19.4s, v18.4s */
    };
    load_abc_block();
    memcpy(&hc->v[0], h0, 16);
    hc->v[1].s[0] = h0[4];
    hc->v[1].s[1] = 0xdeadbeef; /* only S1 is E: SHA1H will zero the rest */
    hc->v[1].d[1] = ~0ULL;
    for (unsigned i = 0; i < 20; i++) {
        uint32_t kk[4] = {k[i / 5], k[i / 5], k[i / 5], k[i / 5]};
        add_round_constants(16 + i % 4, kk);
        run1(sha1h[i & 1]);            /* the next E: ROL(A, 30) */
        run1(sha1_op[i / 5][i & 1]);   /* four rounds with this E */
        if (i < 16) {
            run1(su0[i % 4]);
            run1(su1[i % 4]);
        }
    }
    uint32_t h[5];
    for (unsigned i = 0; i < 4; i++)
        h[i] = h0[i] + hc->v[0].s[i];
    h[4] = h0[4] + hc->v[1].s[0]; /* the E made by the last SHA1H (i = 19: into s1) */
    ASSERT_HEX(hc->v[1].s[1], 0);  /* SHA1H is a scalar write: the rest of V1 is zero */
    ASSERT_HEX(hc->v[1].d[1], 0);
    ck_assert_mem_eq(h, digest, sizeof h);
}
END_TEST

/* Crypto instructions take the FP/SIMD access trap like any other. */
START_TEST(test_fp_trap)
{
    h_to_el(1, 1);
    run1(0x4e284820); /* aese v0.16b, v1.16b with CPACR_EL1.FPEN = 00 */
    h_expect_exc(1, V_CUR_SPX, EC_FP_ACCESS, 0x1E00000, H_CODE);
    hc->sr[SR_CPACR_EL1] = 3u << 20;
    h_to_el(1, 1);
    run1(0x5e280820); /* sha1h s0, s1 */
    ck_assert_uint_eq(hc->ps.el, 1);
    ASSERT_HEX(hc->pc, H_CODE + 4);
}
END_TEST

START_TEST(test_rows)
{
    static const struct { uint32_t raw; int row; } cases[] = {
        {0x4e284820, ROW_AESE},      /* aese v0.16b, v1.16b */
        {0x4e285820, ROW_AESD},      /* aesd v0.16b, v1.16b */
        {0x4e286820, ROW_AESMC},     /* aesmc v0.16b, v1.16b */
        {0x4e287820, ROW_AESIMC},    /* aesimc v0.16b, v1.16b */
        {0x5e020020, ROW_SHA1C},     /* sha1c q0, s1, v2.4s */
        {0x5e021020, ROW_SHA1P},     /* sha1p q0, s1, v2.4s */
        {0x5e022020, ROW_SHA1M},     /* sha1m q0, s1, v2.4s */
        {0x5e023020, ROW_SHA1SU0},   /* sha1su0 v0.4s, v1.4s, v2.4s */
        {0x5e024020, ROW_SHA256H},   /* sha256h q0, q1, v2.4s */
        {0x5e025020, ROW_SHA256H2},  /* sha256h2 q0, q1, v2.4s */
        {0x5e026020, ROW_SHA256SU1}, /* sha256su1 v0.4s, v1.4s, v2.4s */
        {0x5e280820, ROW_SHA1H},     /* sha1h s0, s1 */
        {0x5e281820, ROW_SHA1SU1},   /* sha1su1 v0.4s, v1.4s */
        {0x5e282820, ROW_SHA256SU0}, /* sha256su0 v0.4s, v1.4s */
    };
    decode_init();
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++)
        ck_assert_msg(decode_row(cases[i].raw) == cases[i].row, "%08x decodes to %s", cases[i].raw,
                      insn_row_name(decode_row(cases[i].raw)));
}
END_TEST

int main(void)
{
    Suite *s = suite_create("crypto");
    TCase *tc = tcase_create("crypto");
    tcase_add_checked_fixture(tc, setup, teardown);
    tcase_add_test(tc, test_rows);
    tcase_add_test(tc, test_aesmc_aesimc_column);
    tcase_add_test(tc, test_aes128_fips197_appendix_b);
    tcase_add_test(tc, test_aes128_fips197_appendix_c1);
    tcase_add_test(tc, test_sha256_abc);
    tcase_add_test(tc, test_sha1_abc);
    tcase_add_test(tc, test_fp_trap);
    suite_add_tcase(s, tc);
    return h_run_suite(s);
}
