/* SPDX-License-Identifier: MIT */
/* Bare-metal integer benchmark: sorting, hashing, CRC, matrix multiply and pointer chasing,
 * each phase printing a checksum; the amount of work scales with BENCH_SCALE. Built with
 * -DBENCH_MMU it runs with the MMU on (bench_mmu.c); -DBENCH_TLBX adds a page-hopping phase. */
#include <stddef.h>
#include <stdint.h>
#include <arm_acle.h>

/* Every phase repeats its work BENCH_SCALE times: 1 is the smoke test (3.8 million
 * instructions), 280 the full benchmark (1.0 billion). See docs/performance.md. */
#ifndef BENCH_SCALE
#define BENCH_SCALE 1
#endif

void bench_exit(int code) __attribute__((noreturn));

/* ---- Output on the PL011: polls FR.TXFF before every byte ---- */
#define UART_BASE 0x09000000UL
#define UART_DR (*(volatile uint32_t *)(UART_BASE + 0x00))
#define UART_FR (*(volatile uint32_t *)(UART_BASE + 0x18))
#define UART_FR_TXFF (1u << 5)

static void putc_uart(char ch)
{
    while (UART_FR & UART_FR_TXFF)
        ;
    UART_DR = (uint32_t)(unsigned char)ch;
}

static void puts_uart(const char *s)
{
    while (*s)
        putc_uart(*s++);
}

/* Hex without division, so the output path does not depend on UDIV. */
static void put_hex(uint64_t v, int digits)
{
    for (int i = digits - 1; i >= 0; i--)
        putc_uart("0123456789abcdef"[(v >> (4 * i)) & 15]);
}

static void report(const char *phase, const char *what, uint64_t v)
{
    puts_uart(phase);
    puts_uart(" ");
    puts_uart(what);
    puts_uart("=");
    put_hex(v, 16);
    puts_uart("\n");
}

/* The compiler may emit calls to these for structure copies and zeroing; keep them from being
 * turned back into calls to themselves. */
__attribute__((optimize("no-tree-loop-distribute-patterns")))
void *memset(void *d, int c, size_t n)
{
    uint8_t *p = d;
    while (n--)
        *p++ = (uint8_t)c;
    return d;
}

__attribute__((optimize("no-tree-loop-distribute-patterns")))
void *memcpy(void *d, const void *s, size_t n)
{
    uint8_t *p = d;
    const uint8_t *q = s;
    while (n--)
        *p++ = *q++;
    return d;
}

/* ---- Shared helpers ---- */
static uint64_t rng_state;

static void rng_seed(uint64_t s) { rng_state = s ? s : 0x9E3779B97F4A7C15ULL; }

/* xorshift64* */
static uint64_t rng_next(void)
{
    uint64_t x = rng_state;
    x ^= x >> 12;
    x ^= x << 25;
    x ^= x >> 27;
    rng_state = x;
    return x * 0x2545F4914F6CDD1DULL;
}

static inline uint64_t rotl64(uint64_t x, unsigned r) { return (x << r) | (x >> (64 - r)); }

/* A 64-bit finaliser (murmur3 fmix64) to fold per-repetition results into a phase checksum. */
static uint64_t mix64(uint64_t h)
{
    h ^= h >> 33;
    h *= 0xff51afd7ed558ccdULL;
    h ^= h >> 33;
    h *= 0xc4ceb9fe1a85ec53ULL;
    h ^= h >> 33;
    return h;
}

static uint64_t fold(uint64_t acc, uint64_t v) { return mix64(acc ^ v) + 0x9E3779B97F4A7C15ULL; }

static int failures;

static void fail(const char *phase, const char *what)
{
    puts_uart(phase);
    puts_uart(" FAIL ");
    puts_uart(what);
    puts_uart("\n");
    failures++;
}

/* ---- Phase 1: sorting ---- */
#define SORT_N 2048
static uint32_t sort_a[SORT_N], sort_tmp[SORT_N];

static void quicksort(uint32_t *a, long lo, long hi)
{
    while (lo < hi) {
        /* Median of three, Hoare partition; recurse on the smaller side. */
        long mid = lo + ((hi - lo) >> 1);
        uint32_t x = a[lo], y = a[mid], z = a[hi];
        uint32_t pivot = x < y ? (y < z ? y : (x < z ? z : x)) : (x < z ? x : (y < z ? z : y));
        long i = lo - 1, j = hi + 1;
        for (;;) {
            do i++; while (a[i] < pivot);
            do j--; while (a[j] > pivot);
            if (i >= j)
                break;
            uint32_t t = a[i];
            a[i] = a[j];
            a[j] = t;
        }
        if (j - lo < hi - j) {
            quicksort(a, lo, j);
            lo = j + 1;
        } else {
            quicksort(a, j + 1, hi);
            hi = j;
        }
    }
}

static void insertion_sort(uint32_t *a, size_t n)
{
    for (size_t i = 1; i < n; i++) {
        uint32_t v = a[i];
        size_t j = i;
        while (j > 0 && a[j - 1] > v) {
            a[j] = a[j - 1];
            j--;
        }
        a[j] = v;
    }
}

/* Bottom-up merge sort over runs of 16 pre-sorted by insertion sort. */
static void mergesort(uint32_t *a, uint32_t *tmp, size_t n)
{
    for (size_t i = 0; i < n; i += 16)
        insertion_sort(a + i, n - i < 16 ? n - i : 16);
    uint32_t *src = a, *dst = tmp;
    for (size_t width = 16; width < n; width *= 2) {
        for (size_t lo = 0; lo < n; lo += 2 * width) {
            size_t mid = lo + width < n ? lo + width : n;
            size_t hi = lo + 2 * width < n ? lo + 2 * width : n;
            size_t i = lo, j = mid, k = lo;
            while (i < mid && j < hi)
                dst[k++] = src[i] <= src[j] ? src[i++] : src[j++];
            while (i < mid)
                dst[k++] = src[i++];
            while (j < hi)
                dst[k++] = src[j++];
        }
        uint32_t *t = src;
        src = dst;
        dst = t;
    }
    if (src != a)
        for (size_t i = 0; i < n; i++)
            a[i] = src[i];
}

/* Checks order and returns a position-weighted sum of the sorted array. */
static uint64_t sorted_digest(const uint32_t *a, size_t n, int *ok)
{
    uint64_t h = 0;
    for (size_t i = 0; i < n; i++) {
        if (i && a[i - 1] > a[i])
            *ok = 0;
        h = h * 31 + a[i];
    }
    return h;
}

static void fill_random(uint32_t *a, size_t n, unsigned range_bits)
{
    for (size_t i = 0; i < n; i++)
        a[i] = (uint32_t)(rng_next() >> (64 - range_bits));
}

static void phase_sort(void)
{
    uint64_t qs = 0, ms = 0;
    int ok = 1;
    rng_seed(0x5045A7C0FFEEULL);
    for (int r = 0; r < BENCH_SCALE; r++) {
        /* Narrow ranges on odd repetitions give many duplicate keys. */
        unsigned bits = (r & 1) ? 10 : 32;
        fill_random(sort_a, SORT_N, bits);
        quicksort(sort_a, 0, SORT_N - 1);
        qs = fold(qs, sorted_digest(sort_a, SORT_N, &ok));
        fill_random(sort_a, SORT_N, bits);
        mergesort(sort_a, sort_tmp, SORT_N);
        ms = fold(ms, sorted_digest(sort_a, SORT_N, &ok));
    }
    if (!ok)
        fail("sort", "order");
    report("sort", "quicksort", qs);
    report("sort", "mergesort", ms);
}

/* ---- Phase 2: hashing ---- */
#define HASH_BYTES 32768
#define HT_KEYS 1024
#define HT_SLOTS 2048
static uint64_t hash_buf[HASH_BYTES / 8];
static uint64_t ht_key[HT_SLOTS];
static uint32_t ht_val[HT_SLOTS];

static uint64_t fnv1a64(const uint8_t *p, size_t n)
{
    uint64_t h = 0xcbf29ce484222325ULL;
    for (size_t i = 0; i < n; i++) {
        h ^= p[i];
        h *= 0x100000001b3ULL;
    }
    return h;
}

/* An xxHash64-like hash over aligned 64-bit words (a multiple of four of them): four lanes,
 * multiply-rotate-multiply, then an avalanche. */
#define P1 0x9E3779B185EBCA87ULL
#define P2 0xC2B2AE3D27D4EB4FULL
#define P3 0x165667B19E3779F9ULL
static uint64_t xx_round(uint64_t acc, uint64_t in) { return rotl64(acc + in * P2, 31) * P1; }

static uint64_t xxlike64(const uint64_t *w, size_t nwords, uint64_t seed)
{
    uint64_t v1 = seed + P1 + P2, v2 = seed + P2, v3 = seed, v4 = seed - P1;
    for (size_t i = 0; i + 4 <= nwords; i += 4) {
        v1 = xx_round(v1, w[i]);
        v2 = xx_round(v2, w[i + 1]);
        v3 = xx_round(v3, w[i + 2]);
        v4 = xx_round(v4, w[i + 3]);
    }
    uint64_t h = rotl64(v1, 1) + rotl64(v2, 7) + rotl64(v3, 12) + rotl64(v4, 18);
    h += nwords * 8;
    h ^= h >> 33;
    h *= P2;
    h ^= h >> 29;
    h *= P3;
    h ^= h >> 32;
    return h;
}

/* SipHash-2-4 over whole 64-bit words. */
#define SIPROUND                                                              \
    do {                                                                      \
        v0 += v1; v1 = rotl64(v1, 13); v1 ^= v0; v0 = rotl64(v0, 32);         \
        v2 += v3; v3 = rotl64(v3, 16); v3 ^= v2;                              \
        v0 += v3; v3 = rotl64(v3, 21); v3 ^= v0;                              \
        v2 += v1; v1 = rotl64(v1, 17); v1 ^= v2; v2 = rotl64(v2, 32);         \
    } while (0)

static uint64_t siphash24(const uint64_t *w, size_t nwords, uint64_t k0, uint64_t k1)
{
    uint64_t v0 = k0 ^ 0x736f6d6570736575ULL, v1 = k1 ^ 0x646f72616e646f6dULL;
    uint64_t v2 = k0 ^ 0x6c7967656e657261ULL, v3 = k1 ^ 0x7465646279746573ULL;
    for (size_t i = 0; i < nwords; i++) {
        uint64_t m = w[i];
        v3 ^= m;
        SIPROUND;
        SIPROUND;
        v0 ^= m;
    }
    uint64_t b = (uint64_t)(nwords * 8) << 56;
    v3 ^= b;
    SIPROUND;
    SIPROUND;
    v0 ^= b;
    v2 ^= 0xff;
    SIPROUND;
    SIPROUND;
    SIPROUND;
    SIPROUND;
    return v0 ^ v1 ^ v2 ^ v3;
}

/* Open addressing with linear probing: insert HT_KEYS keys (counting duplicates), then look up
 * every key plus as many absent ones. Key 0 marks an empty slot. */
static uint64_t hash_table_round(uint64_t seed)
{
    for (size_t i = 0; i < HT_SLOTS; i++) {
        ht_key[i] = 0;
        ht_val[i] = 0;
    }
    uint64_t s = seed;
    for (unsigned i = 0; i < HT_KEYS; i++) {
        s = s * 6364136223846793005ULL + 1442695040888963407ULL;
        uint64_t key = (s >> 20) | 1;
        size_t slot = mix64(key) & (HT_SLOTS - 1);
        while (ht_key[slot] && ht_key[slot] != key)
            slot = (slot + 1) & (HT_SLOTS - 1);
        ht_key[slot] = key;
        ht_val[slot] += i + 1;
    }
    uint64_t found = 0, sum = 0;
    s = seed;
    for (unsigned i = 0; i < 2 * HT_KEYS; i++) {
        s = s * 6364136223846793005ULL + 1442695040888963407ULL;
        /* Odd i: a key with bit 0 clear, never inserted. */
        uint64_t key = (i & 1) ? (s >> 20) & ~1ULL : (s >> 20) | 1;
        if (!key)
            continue;
        size_t slot = mix64(key) & (HT_SLOTS - 1);
        while (ht_key[slot]) {
            if (ht_key[slot] == key) {
                found++;
                sum += ht_val[slot] * (uint64_t)(slot + 1);
                break;
            }
            slot = (slot + 1) & (HT_SLOTS - 1);
        }
    }
    return found << 48 ^ sum;
}

static void phase_hash(void)
{
    uint64_t fnv = 0, xx = 0, sip = 0, ht = 0;
    rng_seed(0x4A54ULL);
    for (int r = 0; r < BENCH_SCALE; r++) {
        for (size_t i = 0; i < HASH_BYTES / 8; i++)
            hash_buf[i] = rng_next();
        fnv = fold(fnv, fnv1a64((const uint8_t *)hash_buf, HASH_BYTES));
        xx = fold(xx, xxlike64(hash_buf, HASH_BYTES / 8, (uint64_t)r));
        sip = fold(sip, siphash24(hash_buf, HASH_BYTES / 8, 0x0706050403020100ULL,
                                  0x0f0e0d0c0b0a0908ULL + (uint64_t)r));
        ht = fold(ht, hash_table_round(hash_buf[r & (HASH_BYTES / 8 - 1)]));
    }
    report("hash", "fnv1a", fnv);
    report("hash", "xxlike", xx);
    report("hash", "siphash", sip);
    report("hash", "table", ht);
}

/* ---- Phase 3: CRC ---- */
#define CRC_BYTES 65536
static uint64_t crc_buf[CRC_BYTES / 8];
static uint32_t crc_table[256];

static void crc_table_init(void)
{
    for (uint32_t i = 0; i < 256; i++) {
        uint32_t c = i;
        for (int k = 0; k < 8; k++)
            c = (c & 1) ? (c >> 1) ^ 0xEDB88320u : c >> 1;
        crc_table[i] = c;
    }
}

/* CRC-32 (IEEE 802.3, reflected), one byte at a time through the table. */
static uint32_t crc32_table(uint32_t crc, const uint8_t *p, size_t n)
{
    crc = ~crc;
    for (size_t i = 0; i < n; i++)
        crc = crc_table[(crc ^ p[i]) & 0xff] ^ (crc >> 8);
    return ~crc;
}

/* The same CRC with CRC32X over 64-bit words. */
static uint32_t crc32_hw64(uint32_t crc, const uint64_t *w, size_t nwords)
{
    crc = ~crc;
    for (size_t i = 0; i < nwords; i++)
        crc = __crc32d(crc, w[i]);
    return ~crc;
}

/* The same CRC with CRC32B, CRC32H and CRC32W over a mix of widths. */
static uint32_t crc32_hw_mixed(uint32_t crc, const uint8_t *p, size_t n)
{
    crc = ~crc;
    size_t i = 0;
    while (i + 8 <= n) {
        crc = __crc32b(crc, p[i]);
        crc = __crc32b(crc, p[i + 1]);
        crc = __crc32h(crc, (uint16_t)(p[i + 2] | p[i + 3] << 8));
        crc = __crc32w(crc, (uint32_t)p[i + 4] | (uint32_t)p[i + 5] << 8 |
                                (uint32_t)p[i + 6] << 16 | (uint32_t)p[i + 7] << 24);
        i += 8;
    }
    for (; i < n; i++)
        crc = __crc32b(crc, p[i]);
    return ~crc;
}

/* CRC-32C (Castagnoli) with CRC32CX. */
static uint32_t crc32c_hw64(uint32_t crc, const uint64_t *w, size_t nwords)
{
    crc = ~crc;
    for (size_t i = 0; i < nwords; i++)
        crc = __crc32cd(crc, w[i]);
    return ~crc;
}

static void phase_crc(void)
{
    uint64_t tab = 0, hw = 0, c32c = 0;
    int ok = 1;
    crc_table_init();
    /* Known answer: CRC-32 of "123456789" is 0xCBF43926, CRC-32C is 0xE3069283. */
    static const uint8_t check[9] = {'1', '2', '3', '4', '5', '6', '7', '8', '9'};
    if (crc32_table(0, check, 9) != 0xCBF43926u || crc32_hw_mixed(0, check, 9) != 0xCBF43926u)
        fail("crc", "crc32 check value");
    uint32_t c = ~0u;
    for (int i = 0; i < 9; i++)
        c = __crc32cb(c, check[i]);
    if (~c != 0xE3069283u)
        fail("crc", "crc32c check value");
    rng_seed(0xC4CULL);
    for (int r = 0; r < BENCH_SCALE; r++) {
        for (size_t i = 0; i < CRC_BYTES / 8; i++)
            crc_buf[i] = rng_next();
        uint32_t t = crc32_table((uint32_t)r, (const uint8_t *)crc_buf, CRC_BYTES);
        uint32_t h = crc32_hw64((uint32_t)r, crc_buf, CRC_BYTES / 8);
        uint32_t m = crc32_hw_mixed((uint32_t)r, (const uint8_t *)crc_buf, CRC_BYTES);
        if (t != h || t != m)
            ok = 0;
        tab = fold(tab, t);
        hw = fold(hw, (uint64_t)h << 32 | m);
        c32c = fold(c32c, crc32c_hw64((uint32_t)r, crc_buf, CRC_BYTES / 8));
    }
    if (!ok)
        fail("crc", "table and CRC32 instructions disagree");
    report("crc", "crc32_table", tab);
    report("crc", "crc32_insn", hw);
    report("crc", "crc32c_insn", c32c);
}

/* ---- Phase 4: integer matrix multiply ---- */
#define MAT_N 36
static int32_t mat_a[MAT_N][MAT_N], mat_b[MAT_N][MAT_N], mat_c[MAT_N][MAT_N];
static int64_t mat_d[MAT_N][MAT_N];

/* C = A * B in 32-bit arithmetic (wrapping), i-k-j order. */
static void matmul32(int32_t c[MAT_N][MAT_N], int32_t a[MAT_N][MAT_N], int32_t b[MAT_N][MAT_N])
{
    for (int i = 0; i < MAT_N; i++) {
        for (int j = 0; j < MAT_N; j++)
            c[i][j] = 0;
        for (int k = 0; k < MAT_N; k++) {
            uint32_t aik = (uint32_t)a[i][k];
            for (int j = 0; j < MAT_N; j++)
                c[i][j] = (int32_t)((uint32_t)c[i][j] + aik * (uint32_t)b[k][j]);
        }
    }
}

/* D = A * B^T with 64-bit accumulation (SMADDL), i-j-k order (dot products). */
static void matmul64_bt(int64_t d[MAT_N][MAT_N], int32_t a[MAT_N][MAT_N], int32_t b[MAT_N][MAT_N])
{
    for (int i = 0; i < MAT_N; i++)
        for (int j = 0; j < MAT_N; j++) {
            int64_t s = 0;
            for (int k = 0; k < MAT_N; k++)
                s += (int64_t)a[i][k] * b[j][k];
            d[i][j] = s;
        }
}

static void phase_matmul(void)
{
    uint64_t m32 = 0, m64 = 0;
    rng_seed(0x3A7ULL);
    for (int r = 0; r < BENCH_SCALE; r++) {
        for (int i = 0; i < MAT_N; i++)
            for (int j = 0; j < MAT_N; j++) {
                uint64_t v = rng_next();
                mat_a[i][j] = (int32_t)(v >> 40) - (1 << 23);
                mat_b[i][j] = (int32_t)((v >> 8) & 0xFFFF) - 0x8000;
            }
        matmul32(mat_c, mat_a, mat_b);
        matmul64_bt(mat_d, mat_a, mat_b);
        uint64_t h = 0, g = 0;
        for (int i = 0; i < MAT_N; i++)
            for (int j = 0; j < MAT_N; j++) {
                h = h * 0x100000001b3ULL ^ (uint32_t)mat_c[i][j];
                g = g * 0x100000001b3ULL ^ (uint64_t)mat_d[i][j];
            }
        m32 = fold(m32, h);
        m64 = fold(m64, g);
    }
    report("matmul", "int32", m32);
    report("matmul", "int64", m64);
}

/* ---- Phase 5: pointer chasing through a shuffled linked list ---- */
/* One node per 64 bytes: 16384 nodes spread the walk over 1 MiB (256 pages). */
#define CHASE_NODES 16384
#define CHASE_LAPS 2
struct node {
    struct node *next;
    uint64_t value;
    uint32_t visits;
    uint32_t index;
    uint64_t pad[5];
};
_Static_assert(sizeof(struct node) == 64, "node size");
static struct node chase_nodes[CHASE_NODES];
static uint32_t chase_perm[CHASE_NODES];

/* Link the nodes into one cycle in a random order (Fisher-Yates with UDIV/MSUB for the modulo). */
static struct node *chase_build(void)
{
    for (uint32_t i = 0; i < CHASE_NODES; i++)
        chase_perm[i] = i;
    for (uint32_t i = CHASE_NODES - 1; i > 0; i--) {
        uint32_t j = (uint32_t)(rng_next() % (i + 1));
        uint32_t t = chase_perm[i];
        chase_perm[i] = chase_perm[j];
        chase_perm[j] = t;
    }
    for (uint32_t i = 0; i < CHASE_NODES; i++) {
        struct node *n = &chase_nodes[chase_perm[i]];
        n->next = &chase_nodes[chase_perm[(i + 1) & (CHASE_NODES - 1)]];
        n->value = rng_next();
        n->visits = 0;
        n->index = chase_perm[i];
    }
    return &chase_nodes[chase_perm[0]];
}

static void phase_chase(void)
{
    uint64_t acc = 0, walk = 0;
    rng_seed(0xC4A5EULL);
    for (int r = 0; r < BENCH_SCALE; r++) {
        struct node *n = chase_build();
        uint64_t sum = 0;
        for (unsigned step = 0; step < CHASE_LAPS * CHASE_NODES; step++) {
            sum = rotl64(sum, 5) ^ n->value;
            n->visits++;
            n->value += step;
            n = n->next;
        }
        /* Every node must have been visited exactly CHASE_LAPS times. */
        uint64_t pos = 0;
        for (uint32_t i = 0; i < CHASE_NODES; i++) {
            if (chase_nodes[i].visits != CHASE_LAPS)
                fail("chase", "visit count");
            pos += (uint64_t)(n->index ^ i);
            n = n->next;
        }
        acc = fold(acc, sum);
        walk = fold(walk, pos);
    }
    report("chase", "sum", acc);
    report("chase", "walk", walk);
}

/* ---- Phase 6 (bench-mmu-tlbx only): one access per 4K page over 8 MiB ---- */
/* 2048 pages, more than a 1024-entry TLB covers: each step of the walk lands on another page,
 * chosen by a random cyclic permutation, at a pseudo-random cache line within it. */
#ifdef BENCH_TLBX
#define TLBX_PAGES 2048
#define TLBX_LAPS 16
struct tlbx_node {
    struct tlbx_node *next;
    uint64_t value;
    uint64_t pad[6];
};
static struct tlbx_node tlbx_pages[TLBX_PAGES][4096 / sizeof(struct tlbx_node)]
    __attribute__((aligned(4096)));
static uint32_t tlbx_perm[TLBX_PAGES];

static void phase_tlbx(void)
{
    uint64_t acc = 0;
    rng_seed(0x71B0ULL);
    const unsigned lines = 4096 / sizeof(struct tlbx_node);
    for (int r = 0; r < BENCH_SCALE; r++) {
        for (uint32_t i = 0; i < TLBX_PAGES; i++)
            tlbx_perm[i] = i;
        for (uint32_t i = TLBX_PAGES - 1; i > 0; i--) {
            uint32_t j = (uint32_t)(rng_next() % (i + 1));
            uint32_t t = tlbx_perm[i];
            tlbx_perm[i] = tlbx_perm[j];
            tlbx_perm[j] = t;
        }
        for (uint32_t i = 0; i < TLBX_PAGES; i++) {
            uint32_t p = tlbx_perm[i], q = tlbx_perm[(i + 1) & (TLBX_PAGES - 1)];
            struct tlbx_node *n = &tlbx_pages[p][mix64(p + (uint64_t)r) % lines];
            n->next = &tlbx_pages[q][mix64(q + (uint64_t)r) % lines];
            n->value = rng_next();
        }
        struct tlbx_node *n = &tlbx_pages[tlbx_perm[0]][mix64(tlbx_perm[0] + (uint64_t)r) % lines];
        uint64_t sum = 0;
        for (unsigned step = 0; step < TLBX_LAPS * TLBX_PAGES; step++) {
            sum = rotl64(sum, 7) ^ n->value;
            n->value += step;
            n = n->next;
        }
        acc = fold(acc, sum);
    }
    report("tlbx", "pages", acc);
}
#endif

/* ---- Phase 7 (bench-exc only): exception round trips ---- */
/* SVC at EL3 taken to EL3 and returned from at once (start.S, bench_exc_vectors): two privilege
 * transitions every few instructions, the workload for the cost of a transitions-only trace. */
#ifdef BENCH_EXC
#define EXC_CALLS 20000
extern char bench_exc_vectors[];

static void phase_exc(void)
{
    uint64_t acc = 0;
    __asm__ volatile("msr vbar_el3, %0\n isb" : : "r"(bench_exc_vectors));
    for (int r = 0; r < BENCH_SCALE; r++)
        for (uint64_t i = 0; i < EXC_CALLS; i++) {
            register uint64_t x0 __asm__("x0") = i;
            __asm__ volatile("svc #0" : "+r"(x0) : : "memory");
            acc = fold(acc, x0);
        }
    report("exc", "svc", acc);
}
#endif

/* With -DBENCH_TICKS, print the generic timer ticks each phase took. Under QEMU with
 * -icount shift=0 one tick is 16 instructions (62.5 MHz counter, 1 ns per instruction), which is
 * how the per-phase instruction counts in docs/performance.md were calibrated. Not in the
 * normal builds: the output must not depend on timing. */
#ifdef BENCH_TICKS
static uint64_t ticks_now(void)
{
    uint64_t v;
    __asm__ volatile("isb; mrs %0, cntpct_el0" : "=r"(v));
    return v;
}
#define RUN_PHASE(fn)                                                                      \
    do {                                                                                   \
        uint64_t t0_ = ticks_now();                                                        \
        fn();                                                                              \
        report("ticks", #fn, ticks_now() - t0_);                                           \
    } while (0)
#else
#define RUN_PHASE(fn) fn()
#endif

#ifdef BENCH_FP
#include "bench_fp.c"
#endif

int main(void)
{
    puts_uart("tetrarch bench: scale=");
    put_hex(BENCH_SCALE, 4);
    puts_uart("\n");
#ifdef BENCH_FP
    /* The FP/SIMD workload only: its MIPS are those of FP and SIMD code. */
    RUN_PHASE(phase_dmatmul);
    RUN_PHASE(phase_neon);
    RUN_PHASE(phase_sha256);
    RUN_PHASE(phase_aes);
#else
    RUN_PHASE(phase_sort);
    RUN_PHASE(phase_hash);
    RUN_PHASE(phase_crc);
    RUN_PHASE(phase_matmul);
    RUN_PHASE(phase_chase);
#endif
#ifdef BENCH_TLBX
    RUN_PHASE(phase_tlbx);
#endif
#ifdef BENCH_EXC
    RUN_PHASE(phase_exc);
#endif
    puts_uart(failures ? "bench: FAIL\n" : "bench: done\n");
    return failures ? 1 : 0;
}
