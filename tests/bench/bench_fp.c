/* SPDX-License-Identifier: MIT */
/* The FP/SIMD benchmark phases (-DBENCH_FP, included by bench.c, built without
 * -mgeneral-regs-only): a double-precision matrix multiply, a NEON memcpy and memset, SHA-256
 * with the SHA2 instructions and AES-128 in CTR mode with the AES instructions. Each prints
 * checksums, so tetrarch's output is compared with QEMU's. */
#include <arm_neon.h>

/* ---- dmatmul: C = A * B, 40x40 doubles, i-k-j order (FMADD/FMUL), then a residual ---- */
#define DM_N 40
static double dm_a[DM_N][DM_N], dm_b[DM_N][DM_N], dm_c[DM_N][DM_N];

static void phase_dmatmul(void)
{
    for (int rep = 0; rep < BENCH_SCALE; rep++) {
        rng_seed(0xD0B1E000u + (uint64_t)rep);
        for (int i = 0; i < DM_N; i++)
            for (int j = 0; j < DM_N; j++) {
                dm_a[i][j] = (double)(int64_t)(rng_next() % 2001 - 1000) / 64.0;
                dm_b[i][j] = (double)(int64_t)(rng_next() % 2001 - 1000) / 3.0;
                dm_c[i][j] = 0.0;
            }
        for (int i = 0; i < DM_N; i++)
            for (int k = 0; k < DM_N; k++) {
                double aik = dm_a[i][k];
                for (int j = 0; j < DM_N; j++)
                    dm_c[i][j] += aik * dm_b[k][j];
            }
        uint64_t acc = 0;
        double trace = 0.0;
        for (int i = 0; i < DM_N; i++) {
            trace += dm_c[i][i] / (1.0 + (double)i);
            for (int j = 0; j < DM_N; j++) {
                union { double d; uint64_t u; } v = {dm_c[i][j]};
                acc = fold(acc, v.u);
            }
        }
        union { double d; uint64_t u; } t = {trace};
        if (rep == 0 || rep == BENCH_SCALE - 1) {
            report("dmatmul", "c", acc);
            report("dmatmul", "trace", t.u);
        }
    }
}

/* ---- neon: memcpy and memset of 64 KiB with 64-byte LD1/ST1, then a lane-wise checksum ---- */
#define NEON_BYTES 65536
static uint8_t neon_src[NEON_BYTES] __attribute__((aligned(64))), neon_dst[NEON_BYTES] __attribute__((aligned(64)));

static void neon_memcpy(uint8_t *d, const uint8_t *s, size_t n)
{
    for (size_t i = 0; i < n; i += 64)
        vst1q_u8_x4(d + i, vld1q_u8_x4(s + i));
}

static void neon_memset(uint8_t *d, uint8_t c, size_t n)
{
    uint8x16x4_t v = {{vdupq_n_u8(c), vdupq_n_u8(c), vdupq_n_u8(c), vdupq_n_u8(c)}};
    for (size_t i = 0; i < n; i += 64)
        vst1q_u8_x4(d + i, v);
}

static uint64_t neon_sum(const uint8_t *p, size_t n)
{
    uint32x4_t acc = vdupq_n_u32(0);
    for (size_t i = 0; i < n; i += 16) {
        uint8x16_t b = vld1q_u8(p + i);
        acc = vpadalq_u16(acc, vpaddlq_u8(veorq_u8(b, vdupq_n_u8((uint8_t)i))));
    }
    return vaddvq_u32(acc);
}

static void phase_neon(void)
{
    uint64_t acc = 0;
    for (int rep = 0; rep < BENCH_SCALE * 4; rep++) {
        neon_memset(neon_src, (uint8_t)(rep * 37 + 1), NEON_BYTES);
        for (size_t i = 0; i < NEON_BYTES; i += 4096)
            neon_src[i + (rep & 4095)] ^= (uint8_t)i;
        neon_memcpy(neon_dst, neon_src, NEON_BYTES);
        acc = fold(acc, neon_sum(neon_dst, NEON_BYTES));
    }
    report("neon", "sum", acc);
}

/* ---- sha256: the SHA256H/H2/SU0/SU1 block function over 16 KiB ---- */
#define SHA_BYTES 16384
static uint32_t sha_msg[SHA_BYTES / 4] __attribute__((aligned(16)));
static const uint32_t sha_k[64] = {
    0x428a2f98, 0x71374491, 0xb5c0fbcf, 0xe9b5dba5, 0x3956c25b, 0x59f111f1, 0x923f82a4, 0xab1c5ed5,
    0xd807aa98, 0x12835b01, 0x243185be, 0x550c7dc3, 0x72be5d74, 0x80deb1fe, 0x9bdc06a7, 0xc19bf174,
    0xe49b69c1, 0xefbe4786, 0x0fc19dc6, 0x240ca1cc, 0x2de92c6f, 0x4a7484aa, 0x5cb0a9dc, 0x76f988da,
    0x983e5152, 0xa831c66d, 0xb00327c8, 0xbf597fc7, 0xc6e00bf3, 0xd5a79147, 0x06ca6351, 0x14292967,
    0x27b70a85, 0x2e1b2138, 0x4d2c6dfc, 0x53380d13, 0x650a7354, 0x766a0abb, 0x81c2c92e, 0x92722c85,
    0xa2bfe8a1, 0xa81a664b, 0xc24b8b70, 0xc76c51a3, 0xd192e819, 0xd6990624, 0xf40e3585, 0x106aa070,
    0x19a4c116, 0x1e376c08, 0x2748774c, 0x34b0bcb5, 0x391c0cb3, 0x4ed8aa4a, 0x5b9cca4f, 0x682e6ff3,
    0x748f82ee, 0x78a5636f, 0x84c87814, 0x8cc70208, 0x90befffa, 0xa4506ceb, 0xbef9a3f7, 0xc67178f2,
};

static void sha256_blocks(uint32_t st[8], const uint32_t *w, size_t nblocks)
{
    uint32x4_t abcd = vld1q_u32(st), efgh = vld1q_u32(st + 4);
    for (size_t b = 0; b < nblocks; b++, w += 16) {
        uint32x4_t m[4];
        for (int i = 0; i < 4; i++)
            m[i] = vreinterpretq_u32_u8(vrev32q_u8(vreinterpretq_u8_u32(vld1q_u32(w + 4 * i))));
        uint32x4_t a0 = abcd, e0 = efgh;
        for (int r = 0; r < 16; r++) {
            uint32x4_t wk = vaddq_u32(m[r & 3], vld1q_u32(sha_k + 4 * r));
            uint32x4_t a1 = abcd;
            abcd = vsha256hq_u32(abcd, efgh, wk);
            efgh = vsha256h2q_u32(efgh, a1, wk);
            if (r < 12)
                m[r & 3] = vsha256su1q_u32(vsha256su0q_u32(m[r & 3], m[(r + 1) & 3]), m[(r + 2) & 3], m[(r + 3) & 3]);
        }
        abcd = vaddq_u32(abcd, a0);
        efgh = vaddq_u32(efgh, e0);
    }
    vst1q_u32(st, abcd);
    vst1q_u32(st + 4, efgh);
}

static void phase_sha256(void)
{
    for (size_t i = 0; i < SHA_BYTES / 4; i++)
        sha_msg[i] = (uint32_t)rng_next();
    uint32_t st[8] = {0x6a09e667, 0xbb67ae85, 0x3c6ef372, 0xa54ff53a, 0x510e527f, 0x9b05688c, 0x1f83d9ab, 0x5be0cd19};
    for (int rep = 0; rep < BENCH_SCALE * 2; rep++)
        sha256_blocks(st, sha_msg, SHA_BYTES / 64);
    report("sha256", "h0h1", (uint64_t)st[0] << 32 | st[1]);
    report("sha256", "h6h7", (uint64_t)st[6] << 32 | st[7]);
    /* FIPS 180-2's "abc": the instructions must give the standard digest. */
    static uint32_t abc[16] __attribute__((aligned(16))) = {0x80636261, [15] = 0x18000000};
    uint32_t s2[8] = {0x6a09e667, 0xbb67ae85, 0x3c6ef372, 0xa54ff53a, 0x510e527f, 0x9b05688c, 0x1f83d9ab, 0x5be0cd19};
    sha256_blocks(s2, abc, 1);
    if (s2[0] != 0xba7816bf || s2[7] != 0xf20015ad)
        fail("sha256", "abc");
}

/* ---- aes: AES-128 CTR over 16 KiB with AESE/AESMC (round keys from a fixed schedule) ---- */
#define AES_BYTES 16384
static uint8_t aes_buf[AES_BYTES] __attribute__((aligned(16)));

static void phase_aes(void)
{
    uint8x16_t rk[11];
    for (int r = 0; r < 11; r++) {
        uint8_t k[16] __attribute__((aligned(16)));
        for (int i = 0; i < 16; i++)
            k[i] = (uint8_t)(r * 29 + i * 7 + 1);
        rk[r] = vld1q_u8(k);
    }
    uint64_t acc = 0, ctr = 0;
    for (int rep = 0; rep < BENCH_SCALE; rep++) {
        for (size_t off = 0; off < AES_BYTES; off += 16, ctr++) {
            uint8x16_t blk = vreinterpretq_u8_u64(vcombine_u64(vcreate_u64(ctr), vcreate_u64(0x0123456789abcdefULL)));
            for (int r = 0; r < 9; r++)
                blk = vaesmcq_u8(vaeseq_u8(blk, rk[r]));
            blk = veorq_u8(vaeseq_u8(blk, rk[9]), rk[10]);
            uint8x16_t p = vld1q_u8(aes_buf + off);
            vst1q_u8(aes_buf + off, veorq_u8(p, blk));
        }
        acc = fold(acc, neon_sum(aes_buf, AES_BYTES));
    }
    report("aes", "ctr", acc);
}
