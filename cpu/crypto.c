/* SPDX-License-Identifier: MIT */
/* The Cryptographic Extension (FEAT_AES, FEAT_SHA1, FEAT_SHA256): AESE, AESD, AESMC, AESIMC,
 * SHA1C/P/M/H/SU0/SU1, SHA256H/H2/SU0/SU1, after the Arm ARM's pseudocode (AESSubBytes,
 * AESShiftRows, AESMixColumns and their inverses, SHAchoose, SHAparity, SHAmajority,
 * SHA256hash). PMULL/PMULL2 are Advanced SIMD "three different" (cpu/simd_*.c).
 *
 * AES state layout (the Arm ARM's, FIPS-197's column-major order): byte i of the 128-bit
 * value is row i % 4 of column i / 4. */
#include "cpu/decode.h"
#include "cpu/simd.h"

/* ---- AES ---- */

static uint8_t sbox[256], inv_sbox[256];
/* Products by the MixColumns coefficients, so a column costs table loads, not GF loops. */
enum { GF2, GF3, GF9, GF11, GF13, GF14, GF_COUNT };
static uint8_t gf_table[GF_COUNT][256];
static bool sbox_ready;

/* Multiplication in GF(2^8) modulo x^8 + x^4 + x^3 + x + 1 (FIPS-197 4.2). */
static uint8_t gf_mul(uint8_t a, uint8_t b)
{
    uint8_t p = 0;
    while (b) {
        if (b & 1)
            p ^= a;
        a = (uint8_t)((a << 1) ^ (a & 0x80 ? 0x1B : 0));
        b >>= 1;
    }
    return p;
}

static uint8_t rotl8(uint8_t x, unsigned n) { return (uint8_t)(x << n | x >> (8 - n)); }

/* The S-box by its definition (FIPS-197 5.1.1): the multiplicative inverse (0 for 0), then
 * the affine transformation b ^ rotl(b,1) ^ rotl(b,2) ^ rotl(b,3) ^ rotl(b,4) ^ 0x63. */
static void sbox_init(void)
{
    for (unsigned x = 0; x < 256; x++) {
        uint8_t inv = 0;
        for (unsigned y = 1; y < 256 && x; y++) {
            if (gf_mul((uint8_t)x, (uint8_t)y) == 1) {
                inv = (uint8_t)y;
                break;
            }
        }
        uint8_t s = (uint8_t)(inv ^ rotl8(inv, 1) ^ rotl8(inv, 2) ^ rotl8(inv, 3) ^ rotl8(inv, 4) ^ 0x63);
        sbox[x] = s;
        inv_sbox[s] = (uint8_t)x;
        static const uint8_t coef[GF_COUNT] = {2, 3, 9, 11, 13, 14};
        for (unsigned k = 0; k < GF_COUNT; k++)
            gf_table[k][x] = gf_mul((uint8_t)x, coef[k]);
    }
    sbox_ready = true;
}

/* AESShiftRows: row r rotates left by r columns. AESInvShiftRows: right by r. */
static VReg aes_shift_rows(VReg in, bool inverse)
{
    VReg out;
    for (unsigned col = 0; col < 4; col++)
        for (unsigned row = 0; row < 4; row++) {
            unsigned from = inverse ? (col + 4 - row) % 4 : (col + row) % 4;
            out.b[row + 4 * col] = in.b[row + 4 * from];
        }
    return out;
}

static VReg aes_sub_bytes(VReg in, bool inverse)
{
    if (unlikely(!sbox_ready))
        sbox_init();
    for (unsigned i = 0; i < 16; i++)
        in.b[i] = inverse ? inv_sbox[in.b[i]] : sbox[in.b[i]];
    return in;
}

/* AESMixColumns: each column times {02 03 01 01} circulant; AESInvMixColumns:
 * {0e 0b 0d 09}. */
static VReg aes_mix_columns(VReg in, bool inverse)
{
    if (unlikely(!sbox_ready))
        sbox_init();
    const uint8_t(*t)[256] = gf_table;
    VReg out;
    for (unsigned col = 0; col < 4; col++) {
        const uint8_t *a = &in.b[4 * col];
        uint8_t *o = &out.b[4 * col];
        for (unsigned row = 0; row < 4; row++) {
            /* Row r of the circulant, applied to a[r], a[r+1], a[r+2], a[r+3]. */
            uint8_t a0 = a[row], a1 = a[(row + 1) & 3], a2 = a[(row + 2) & 3], a3 = a[(row + 3) & 3];
            o[row] = inverse ? (uint8_t)(t[GF14][a0] ^ t[GF11][a1] ^ t[GF13][a2] ^ t[GF9][a3])
                             : (uint8_t)(t[GF2][a0] ^ t[GF3][a1] ^ a2 ^ a3);
        }
    }
    return out;
}

/* AESE: AESSubBytes(AESShiftRows(V[d] EOR V[n])); AESD: the inverses. */
static int aes_round(CPU *c, const Insn *in, bool decrypt)
{
    FP_CHECK(c);
    VReg x;
    x.d[0] = c->v[in->rd].d[0] ^ c->v[in->rn].d[0];
    x.d[1] = c->v[in->rd].d[1] ^ c->v[in->rn].d[1];
    c->v[in->rd] = aes_sub_bytes(aes_shift_rows(x, decrypt), decrypt);
    return EXEC_OK;
}

int exec_AESE(CPU *c, const Insn *in) { return aes_round(c, in, false); }
int exec_AESD(CPU *c, const Insn *in) { return aes_round(c, in, true); }

int exec_AESMC(CPU *c, const Insn *in)
{
    FP_CHECK(c);
    c->v[in->rd] = aes_mix_columns(c->v[in->rn], false);
    return EXEC_OK;
}

int exec_AESIMC(CPU *c, const Insn *in)
{
    FP_CHECK(c);
    c->v[in->rd] = aes_mix_columns(c->v[in->rn], true);
    return EXEC_OK;
}

/* ---- SHA ---- */

static inline uint32_t rol32(uint32_t x, unsigned n) { return x << n | x >> (32 - n); }
static inline uint32_t ror32(uint32_t x, unsigned n) { return x >> n | x << (32 - n); }

static inline uint32_t sha_choose(uint32_t x, uint32_t y, uint32_t z) { return ((y ^ z) & x) ^ z; }
static inline uint32_t sha_parity(uint32_t x, uint32_t y, uint32_t z) { return x ^ y ^ z; }
static inline uint32_t sha_majority(uint32_t x, uint32_t y, uint32_t z) { return (x & y) | ((x | y) & z); }

enum Sha1Fn { SHA1_CHOOSE, SHA1_PARITY, SHA1_MAJORITY };

/* SHA1C/SHA1P/SHA1M: four rounds on X = V[d] (a, b, c, d in elements 0-3), Y = S[n] (e)
 * and W = V[m] (the schedule plus constant); <Y, X> = ROL(Y : X, 32) after each round. */
static int sha1_rounds(CPU *c, const Insn *in, enum Sha1Fn fn)
{
    FP_CHECK(c);
    uint32_t x[4], y = c->v[in->rn].s[0];
    const VReg w = c->v[in->rm];
    memcpy(x, &c->v[in->rd], sizeof x);
    for (unsigned e = 0; e < 4; e++) {
        uint32_t t = fn == SHA1_CHOOSE ? sha_choose(x[1], x[2], x[3])
                     : fn == SHA1_PARITY ? sha_parity(x[1], x[2], x[3])
                                         : sha_majority(x[1], x[2], x[3]);
        y += rol32(x[0], 5) + t + w.s[e];
        x[1] = rol32(x[1], 30);
        uint32_t top = x[3];
        x[3] = x[2];
        x[2] = x[1];
        x[1] = x[0];
        x[0] = y;
        y = top;
    }
    memcpy(&c->v[in->rd], x, sizeof x);
    return EXEC_OK;
}

int exec_SHA1C(CPU *c, const Insn *in) { return sha1_rounds(c, in, SHA1_CHOOSE); }
int exec_SHA1P(CPU *c, const Insn *in) { return sha1_rounds(c, in, SHA1_PARITY); }
int exec_SHA1M(CPU *c, const Insn *in) { return sha1_rounds(c, in, SHA1_MAJORITY); }

/* SHA1H: ROL(S[n], 30), a scalar result (the rest of V[d] zero). */
int exec_SHA1H(CPU *c, const Insn *in)
{
    FP_CHECK(c);
    set_vscalar(c, in->rd, 32, rol32(c->v[in->rn].s[0], 30));
    return EXEC_OK;
}

/* SHA1SU0: (V[n]<63:0> : V[d]<127:64>) EOR V[d] EOR V[m]. */
int exec_SHA1SU0(CPU *c, const Insn *in)
{
    FP_CHECK(c);
    VReg d = c->v[in->rd], n = c->v[in->rn], m = c->v[in->rm];
    c->v[in->rd].d[0] = d.d[1] ^ d.d[0] ^ m.d[0];
    c->v[in->rd].d[1] = n.d[0] ^ d.d[1] ^ m.d[1];
    return EXEC_OK;
}

/* SHA1SU1: T = V[d] EOR LSR(V[n], 32); each word ROL 1, the top one also EOR ROL(T<31:0>, 2). */
int exec_SHA1SU1(CPU *c, const Insn *in)
{
    FP_CHECK(c);
    const VReg d = c->v[in->rd], n = c->v[in->rn];
    uint32_t t[4] = {d.s[0] ^ n.s[1], d.s[1] ^ n.s[2], d.s[2] ^ n.s[3], d.s[3]};
    VReg w;
    for (unsigned e = 0; e < 4; e++)
        w.s[e] = rol32(t[e], 1);
    w.s[3] ^= rol32(t[0], 2);
    c->v[in->rd] = w;
    return EXEC_OK;
}

/* SHA256hash: four rounds on X (a, b, c, d) and Y (e, f, g, h) with W (schedule plus
 * constants); part1 returns X (SHA256H), else Y (SHA256H2). */
static VReg sha256_hash(VReg x, VReg y, const VReg *w, bool part1)
{
    for (unsigned e = 0; e < 4; e++) {
        uint32_t chs = sha_choose(y.s[0], y.s[1], y.s[2]);
        uint32_t maj = sha_majority(x.s[0], x.s[1], x.s[2]);
        uint32_t sigma1 = ror32(y.s[0], 6) ^ ror32(y.s[0], 11) ^ ror32(y.s[0], 25);
        uint32_t sigma0 = ror32(x.s[0], 2) ^ ror32(x.s[0], 13) ^ ror32(x.s[0], 22);
        uint32_t t = y.s[3] + sigma1 + chs + w->s[e];
        x.s[3] += t;
        y.s[3] = t + sigma0 + maj;
        /* <Y, X> = ROL(Y : X, 32): X's top word moves into Y, Y's into X. */
        uint32_t xtop = x.s[3], ytop = y.s[3];
        memmove(&x.s[1], &x.s[0], 12);
        memmove(&y.s[1], &y.s[0], 12);
        x.s[0] = ytop;
        y.s[0] = xtop;
    }
    return part1 ? x : y;
}

int exec_SHA256H(CPU *c, const Insn *in)
{
    FP_CHECK(c);
    c->v[in->rd] = sha256_hash(c->v[in->rd], c->v[in->rn], &c->v[in->rm], true);
    return EXEC_OK;
}

int exec_SHA256H2(CPU *c, const Insn *in)
{
    FP_CHECK(c);
    c->v[in->rd] = sha256_hash(c->v[in->rn], c->v[in->rd], &c->v[in->rm], false);
    return EXEC_OK;
}

/* SHA256SU0: element e of (V[n]<31:0> : V[d]<127:32>) through sigma0, plus V[d] element e. */
int exec_SHA256SU0(CPU *c, const Insn *in)
{
    FP_CHECK(c);
    const VReg d = c->v[in->rd], n = c->v[in->rn];
    uint32_t t[4] = {d.s[1], d.s[2], d.s[3], n.s[0]};
    for (unsigned e = 0; e < 4; e++)
        c->v[in->rd].s[e] = (ror32(t[e], 7) ^ ror32(t[e], 18) ^ (t[e] >> 3)) + d.s[e];
    return EXEC_OK;
}

/* SHA256SU1: T0 = V[m]<31:0> : V[n]<127:32>; sigma1 of V[m]<127:64> for elements 0-1, of the
 * result's own elements 0-1 for elements 2-3; plus V[d] and T0. */
int exec_SHA256SU1(CPU *c, const Insn *in)
{
    FP_CHECK(c);
    const VReg d = c->v[in->rd], n = c->v[in->rn], m = c->v[in->rm];
    uint32_t t0[4] = {n.s[1], n.s[2], n.s[3], m.s[0]}, r[4];
    for (unsigned e = 0; e < 4; e++) {
        uint32_t x = e < 2 ? m.s[2 + e] : r[e - 2];
        r[e] = (ror32(x, 17) ^ ror32(x, 19) ^ (x >> 10)) + d.s[e] + t0[e];
    }
    memcpy(&c->v[in->rd], r, sizeof r);
    return EXEC_OK;
}
