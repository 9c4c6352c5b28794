/* SPDX-License-Identifier: MIT */
/* Unit tests for the data-processing classes (cpu/dp_imm.c, cpu/dp_reg.c): every encoding row
 * of "Data processing -- immediate" and "-- register", asserting exact registers and NZCV. */
#include <check.h>
#include <stdint.h>
#include <stdlib.h>

#include "cpu/exception.h"
#include "tests/unit/harness.h"

#define NZCV_NONE 0u
#define NZCV_ALL (FLAG_N | FLAG_Z | FLAG_C | FLAG_V)

#define ck_x(n, v) ck_assert_msg(hc->x[n] == (uint64_t)(v), "x%d = 0x%016llx, expected 0x%016llx", \
                                 (n), (unsigned long long)hc->x[n], (unsigned long long)(uint64_t)(v))
#define ck_sp(v) ck_assert_msg(hc->sp == (uint64_t)(v), "sp = 0x%016llx, expected 0x%016llx", \
                               (unsigned long long)hc->sp, (unsigned long long)(uint64_t)(v))
#define ck_nzcv(f) ck_assert_msg(hc->ps.nzcv == (uint32_t)(f), "nzcv = 0x%08x, expected 0x%08x", \
                                 (unsigned)hc->ps.nzcv, (unsigned)(f))
/* XZR stays zero whatever an instruction with Rd = 31 did. */
#define ck_xzr() ck_x(31, 0)

/* Run one instruction word with x1, x2 (and NZCV) set; most tests below are this shape. */
static void run2(uint32_t word, uint64_t x1, uint64_t x2)
{
    hc->x[1] = x1;
    hc->x[2] = x2;
    h_run(&word, 1);
}

/* The instruction must be UNDEFINED: run at EL1, it takes EC 0 to EL1's current-EL/SPx
 * vector, returns to itself, and writes nothing. */
static void ck_undefined(uint32_t word)
{
    h_set_el(1);
    hc->x[0] = 0x5a5a5a5a5a5a5a5aULL;
    hc->x[1] = 0x1111;
    hc->x[2] = 0x2222;
    h_run(&word, 1);
    ck_assert_msg(hc->sr[SR_ESR_EL1] >> 26 == EC_UNKNOWN, "0x%08x: ESR_EL1 = 0x%llx", word,
                  (unsigned long long)hc->sr[SR_ESR_EL1]);
    ck_assert_uint_eq(hc->ps.el, 1);
    ck_assert_uint_eq(hc->pc, hc->sr[SR_VBAR_EL1] + 0x200);
    ck_assert_uint_eq(hc->sr[SR_ELR_EL1], H_CODE);
    ck_x(0, 0x5a5a5a5a5a5a5a5aULL);
}

/* ======================= Data processing -- immediate ======================= */

START_TEST(test_ADR)
{
    RUN(0x10000080,   /* adr x0, .+0x10 */
        0x10ffffc1);  /* adr x1, .-8 */
    ck_x(0, H_CODE + 0x10);
    ck_x(1, H_CODE + 4 - 8);
}
END_TEST

START_TEST(test_ADRP)
{
    /* The second and third instructions are not at a page start: the base is still the page. */
    hc->x[1] = 7;
    RUN(0xaa0103e0,   /* mov x0, x1 */
        0xb0000022,   /* adrp x2, . + 5 pages */
        0xf0ffffe3);  /* adrp x3, . - 1 page */
    ck_x(0, 7);
    ck_x(2, (H_CODE & ~0xfffULL) + 0x5000);
    ck_x(3, (H_CODE & ~0xfffULL) - 0x1000);
}
END_TEST

START_TEST(test_ADD_imm)
{
    run2(0x91001020, 0x1000, 0);   /* add x0, x1, #4 */
    ck_x(0, 0x1004);
    run2(0x91400420, 0x1000, 0);   /* add x0, x1, #1, lsl #12 */
    ck_x(0, 0x2000);

    /* Rd and Rn are SP. */
    hc->sp = 0x40200000;
    RUN(0x910043ff,   /* add sp, sp, #16 */
        0x910003e0);  /* mov x0, sp */
    ck_sp(0x40200010);
    ck_x(0, 0x40200010);
    ck_xzr();

    /* 32-bit: wraps at 32 bits and zero-extends, also into SP. */
    run2(0x11000420, 0xffffffffffffffffULL, 0);   /* add w0, w1, #1 */
    ck_x(0, 0);
    run2(0x1100003f, 0x123456789abcdef0ULL, 0);   /* add wsp, w1, #0 */
    ck_sp(0x9abcdef0);
}
END_TEST

START_TEST(test_ADDS_imm)
{
    hc->ps.nzcv = NZCV_NONE;
    run2(0xb1000420, 0x7fffffffffffffffULL, 0);   /* adds x0, x1, #1 */
    ck_x(0, 0x8000000000000000ULL);
    ck_nzcv(FLAG_N | FLAG_V);
    run2(0xb1000420, 0xffffffffffffffffULL, 0);   /* adds x0, x1, #1 */
    ck_x(0, 0);
    ck_nzcv(FLAG_Z | FLAG_C);

    run2(0x31000420, 0xffffffff7fffffffULL, 0);   /* adds w0, w1, #1 */
    ck_x(0, 0x80000000);
    ck_nzcv(FLAG_N | FLAG_V);
    run2(0x31000420, 0xffffffffULL, 0);           /* adds w0, w1, #1 */
    ck_x(0, 0);
    ck_nzcv(FLAG_Z | FLAG_C);

    /* Rn is SP, Rd is XZR (CMP/CMN). */
    hc->sp = 0x10;
    RUN(0xf10043ff);  /* cmp sp, #16 */
    ck_nzcv(FLAG_Z | FLAG_C);
    ck_sp(0x10);
    ck_xzr();
    run2(0xb100043f, 0xffffffffffffffffULL, 0);   /* cmn x1, #1 */
    ck_nzcv(FLAG_Z | FLAG_C);
    ck_xzr();
}
END_TEST

START_TEST(test_SUB_imm)
{
    hc->sp = 0x40200000;
    RUN(0xd10083ff);  /* sub sp, sp, #32 */
    ck_sp(0x401fffe0);
    hc->ps.nzcv = NZCV_ALL;
    run2(0x51000420, 0xffffffff00000000ULL, 0);   /* sub w0, w1, #1 */
    ck_x(0, 0xffffffff);
    ck_nzcv(NZCV_ALL);   /* SUB leaves the flags alone */
}
END_TEST

START_TEST(test_SUBS_imm)
{
    hc->ps.nzcv = NZCV_ALL;
    run2(0xf1000420, 0, 0);   /* subs x0, x1, #1: borrow, so C = 0 */
    ck_x(0, 0xffffffffffffffffULL);
    ck_nzcv(FLAG_N);
    run2(0xf1000420, 1, 0);   /* subs x0, x1, #1 */
    ck_x(0, 0);
    ck_nzcv(FLAG_Z | FLAG_C);
    run2(0xf1000420, 0x8000000000000000ULL, 0);   /* subs x0, x1, #1 */
    ck_x(0, 0x7fffffffffffffffULL);
    ck_nzcv(FLAG_C | FLAG_V);

    run2(0x7100043f, 0x80000000, 0);              /* cmp w1, #1 */
    ck_nzcv(FLAG_C | FLAG_V);
    run2(0x7100043f, 0xffffffff00000000ULL, 0);   /* cmp w1, #1: only W1 counts */
    ck_nzcv(FLAG_N);
    ck_xzr();
}
END_TEST

START_TEST(test_AND_imm)
{
    hc->ps.nzcv = FLAG_N | FLAG_C;
    run2(0x9200f020, 0xffffffffffffffffULL, 0);   /* and x0, x1, #0x5555555555555555 */
    ck_x(0, 0x5555555555555555ULL);
    run2(0x12009c20, 0xffffffffffffffffULL, 0);   /* and w0, w1, #0x00ff00ff */
    ck_x(0, 0x00ff00ff);
    ck_nzcv(FLAG_N | FLAG_C);   /* AND leaves the flags alone */
    /* Rd is SP. */
    run2(0x927cec3f, 0x40201237, 0);              /* and sp, x1, #0xfffffffffffffff0 */
    ck_sp(0x40201230);
    ck_xzr();
}
END_TEST

START_TEST(test_ORR_imm)
{
    hc->x[0] = 0x1234;
    RUN(0xb200f3e0);  /* mov x0, #0x5555555555555555 (orr x0, xzr, #imm) */
    ck_x(0, 0x5555555555555555ULL);
    run2(0x32009c20, 0xabcdef0012345678ULL, 0);   /* orr w0, w1, #0x00ff00ff */
    ck_x(0, 0x12ff56ff);
}
END_TEST

START_TEST(test_EOR_imm)
{
    run2(0xd2089c20, 0x0123456789abcdefULL, 0);   /* eor x0, x1, #0xff00ff00ff00ff00 */
    ck_x(0, 0xfe23ba6776ab32efULL);
    run2(0x52000020, 0xffffffffffffffffULL, 0);   /* eor w0, w1, #1 */
    ck_x(0, 0xfffffffe);
}
END_TEST

START_TEST(test_ANDS_imm)
{
    hc->ps.nzcv = FLAG_C | FLAG_V;
    run2(0xf2410020, 0x8000000000000001ULL, 0);   /* ands x0, x1, #0x8000000000000000 */
    ck_x(0, 0x8000000000000000ULL);
    ck_nzcv(FLAG_N);   /* C and V are cleared */
    run2(0x7201003f, 0x800000007fffffffULL, 0);   /* tst w1, #0x80000000 */
    ck_nzcv(FLAG_Z);
    ck_xzr();
}
END_TEST

START_TEST(test_MOVN)
{
    hc->x[0] = 0x1234;
    RUN(0x92800000);  /* movn x0, #0 */
    ck_x(0, 0xffffffffffffffffULL);
    RUN(0x12800000);  /* movn w0, #0 */
    ck_x(0, 0xffffffff);
    RUN(0x92a24680);  /* movn x0, #0x1234, lsl #16 */
    ck_x(0, 0xffffffffedcbffffULL);
}
END_TEST

START_TEST(test_MOVZ)
{
    hc->x[0] = 0xffffffffffffffffULL;
    RUN(0xd2f7dde0);  /* movz x0, #0xbeef, lsl #48 */
    ck_x(0, 0xbeef000000000000ULL);
    RUN(0x52a24680);  /* movz w0, #0x1234, lsl #16 */
    ck_x(0, 0x12340000);
}
END_TEST

START_TEST(test_MOVK)
{
    hc->x[0] = 0x1111222233334444ULL;
    RUN(0xf2d7dde0);  /* movk x0, #0xbeef, lsl #32 */
    ck_x(0, 0x1111beef33334444ULL);
    hc->x[0] = 0xffffffffffffffffULL;
    RUN(0x72824680);  /* movk w0, #0x1234: keeps w0<31:16>, zeroes x0<63:32> */
    ck_x(0, 0xffff1234);
}
END_TEST

START_TEST(test_SBFM)
{
    run2(0x93442c20, 0x123456789abcdf80ULL, 0);   /* sbfx x0, x1, #4, #8 */
    ck_x(0, 0xfffffffffffffff8ULL);
    run2(0x937ffc20, 0x8000000000000000ULL, 0);   /* asr x0, x1, #63 */
    ck_x(0, 0xffffffffffffffffULL);
    run2(0x13047c20, 0x1234567880000000ULL, 0);   /* asr w0, w1, #4 */
    ck_x(0, 0xf8000000);
    run2(0x13001c20, 0x80, 0);                    /* sxtb w0, w1 */
    ck_x(0, 0xffffff80);
    run2(0x93407c20, 0x80000000, 0);              /* sxtw x0, w1 */
    ck_x(0, 0xffffffff80000000ULL);
    run2(0x93780c20, 0xa, 0);                     /* sbfiz x0, x1, #8, #4 */
    ck_x(0, 0xfffffffffffffa00ULL);
}
END_TEST

START_TEST(test_BFM)
{
    hc->x[0] = 0x1111111111111111ULL;
    run2(0xb3783c20, 0xffffffffffffabcdULL, 0);   /* bfi x0, x1, #8, #16 */
    ck_x(0, 0x1111111111abcd11ULL);
    hc->x[0] = 0xffffffffffffffffULL;
    run2(0x33042c20, 0x123, 0);                   /* bfxil w0, w1, #4, #8 */
    ck_x(0, 0xffffff12);
}
END_TEST

START_TEST(test_UBFM)
{
    run2(0xd3442c20, 0x123456789abcdf80ULL, 0);   /* ubfx x0, x1, #4, #8 */
    ck_x(0, 0xf8);
    run2(0xd37cec20, 0xf000000000000001ULL, 0);   /* lsl x0, x1, #4 */
    ck_x(0, 0x10);
    run2(0x531f7c20, 0xffffffff80000000ULL, 0);   /* lsr w0, w1, #31 */
    ck_x(0, 1);
    run2(0x53010020, 0xffffffff00000003ULL, 0);   /* lsl w0, w1, #31 */
    ck_x(0, 0x80000000);
    run2(0x53001c20, 0x1ff, 0);                   /* uxtb w0, w1 */
    ck_x(0, 0xff);
    run2(0xd3440c20, 0xff, 0);                    /* ubfiz x0, x1, #60, #4 */
    ck_x(0, 0xf000000000000000ULL);
}
END_TEST

START_TEST(test_EXTR)
{
    run2(0x93c22020, 0x1122334455667788ULL, 0x99aabbccddeeff00ULL);   /* extr x0, x1, x2, #8 */
    ck_x(0, 0x8899aabbccddeeffULL);
    run2(0x93c11020, 0x123456789abcdef0ULL, 0);   /* ror x0, x1, #4 */
    ck_x(0, 0x0123456789abcdefULL);
    run2(0x13820020, 0, 0xffffffff12345678ULL);   /* extr w0, w1, w2, #0 */
    ck_x(0, 0x12345678);
    run2(0x13824020, 0xffffffffaaaabbbbULL, 0xccccddddULL);   /* extr w0, w1, w2, #16 */
    ck_x(0, 0xbbbbcccc);
}
END_TEST

/* Reserved encodings of the immediate group are UNDEFINED. */
START_TEST(test_dp_imm_reserved)
{
    ck_undefined(0x12409c20);  /* and w0, w1, #imm with N = 1 (32-bit) */
    ck_undefined(0x52c24680);  /* movz w0, #0x1234, lsl #32 (hw = 2 in 32-bit) */
    ck_undefined(0x32800000);  /* move wide with opc = 01 */
    ck_undefined(0x93042c20);  /* sbfm x0, x1 with N = 0 (64-bit) */
    ck_undefined(0x13828020);  /* extr w0, w1, w2, #32 (imms >= 32) */
}
END_TEST

/* ======================= Data processing -- register ======================= */

START_TEST(test_UDIV)
{
    run2(0x9ac20820, 100, 7);   /* udiv x0, x1, x2 */
    ck_x(0, 14);
    run2(0x9ac20820, 0xffffffffffffffffULL, 0);   /* udiv x0, x1, x2: by zero is 0 */
    ck_x(0, 0);
    run2(0x1ac20820, 0x100000010ULL, 0x100000004ULL);   /* udiv w0, w1, w2 */
    ck_x(0, 4);
    run2(0x1ac20820, 0x10, 0x100000000ULL);       /* udiv w0, w1, w2: W2 is 0 */
    ck_x(0, 0);
}
END_TEST

START_TEST(test_SDIV)
{
    run2(0x9ac20c20, (uint64_t)-7, 2);   /* sdiv x0, x1, x2: rounds towards zero */
    ck_x(0, (uint64_t)-3);
    run2(0x9ac20c20, 0x8000000000000000ULL, (uint64_t)-1);   /* sdiv x0, x1, x2 */
    ck_x(0, 0x8000000000000000ULL);
    run2(0x9ac20c20, 5, 0);              /* sdiv x0, x1, x2: by zero is 0 */
    ck_x(0, 0);
    run2(0x1ac20c20, 0x80000000, 0xffffffff);   /* sdiv w0, w1, w2: INT32_MIN / -1 */
    ck_x(0, 0x80000000);
    run2(0x1ac20c20, 0xffffffff00000007ULL, 0xfffffffe);   /* sdiv w0, w1, w2: 7 / -2 */
    ck_x(0, 0xfffffffd);
}
END_TEST

/* The variable shifts and counts, tabulated below: Rd = x0/w0, Rn = x1/w1, Rm = x2/w2. */
#define LSL_X  0x9ac22020u  /* lsl x0, x1, x2 */
#define LSL_W  0x1ac22020u  /* lsl w0, w1, w2 */
#define LSR_X  0x9ac22420u  /* lsr x0, x1, x2 */
#define LSR_W  0x1ac22420u  /* lsr w0, w1, w2 */
#define ASR_X  0x9ac22820u  /* asr x0, x1, x2 */
#define ASR_W  0x1ac22820u  /* asr w0, w1, w2 */
#define ROR_X  0x9ac22c20u  /* ror x0, x1, x2 */
#define ROR_W  0x1ac22c20u  /* ror w0, w1, w2 */
#define CLZ_X  0xdac01020u  /* clz x0, x1 */
#define CLZ_W  0x5ac01020u  /* clz w0, w1 */
#define CLS_X  0xdac01420u  /* cls x0, x1 */
#define CLS_W  0x5ac01420u  /* cls w0, w1 */

/* One instruction applied to x1 (and x2); x0 must come out as `expect`. */
struct op_case { uint32_t word; uint64_t x1, x2, expect; };

static void run_op_cases(const struct op_case *t, size_t n)
{
    for (size_t i = 0; i < n; i++) {
        run2(t[i].word, t[i].x1, t[i].x2);
        ck_assert_msg(hc->x[0] == t[i].expect, "case %zu: 0x%08x x1=0x%llx x2=%llu: 0x%llx", i,
                      t[i].word, (unsigned long long)t[i].x1, (unsigned long long)t[i].x2,
                      (unsigned long long)hc->x[0]);
    }
}

START_TEST(test_LSLV)
{
    static const struct op_case t[] = {
        {LSL_X, 0x8000000000000001ULL, 0, 0x8000000000000001ULL},
        {LSL_X, 0x8000000000000001ULL, 1, 2},
        {LSL_X, 0x8000000000000001ULL, 64, 0x8000000000000001ULL},   /* amount MOD 64 */
        {LSL_X, 0x8000000000000001ULL, 65, 2},
        {LSL_W, 0xffffffff00000001ULL, 31, 0x80000000},
        {LSL_W, 0xffffffff00000001ULL, 32, 1},                       /* amount MOD 32 */
        {LSL_W, 0xffffffff00000001ULL, 33, 2},
    };
    run_op_cases(t, sizeof t / sizeof t[0]);
}
END_TEST

START_TEST(test_LSRV)
{
    static const struct op_case t[] = {
        {LSR_X, 0x8000000000000000ULL, 63, 1},
        {LSR_X, 0x8000000000000000ULL, 0, 0x8000000000000000ULL},
        {LSR_X, 0x8000000000000000ULL, 64, 0x8000000000000000ULL},
        {LSR_W, 0xffffffff80000000ULL, 31, 1},
        {LSR_W, 0xffffffff80000000ULL, 32, 0x80000000},
        {LSR_W, 0xffffffff80000000ULL, 0, 0x80000000},
    };
    run_op_cases(t, sizeof t / sizeof t[0]);
}
END_TEST

START_TEST(test_ASRV)
{
    static const struct op_case t[] = {
        {ASR_X, 0x8000000000000000ULL, 63, 0xffffffffffffffffULL},
        {ASR_X, 0x8000000000000000ULL, 127, 0xffffffffffffffffULL},
        {ASR_X, 0x8000000000000000ULL, 64, 0x8000000000000000ULL},
        {ASR_X, 0x4000000000000000ULL, 62, 1},
        {ASR_W, 0x80000000, 31, 0xffffffff},
        {ASR_W, 0x80000000, 36, 0xf8000000},
        {ASR_W, 0x80000000, 32, 0x80000000},
    };
    run_op_cases(t, sizeof t / sizeof t[0]);
}
END_TEST

START_TEST(test_RORV)
{
    static const struct op_case t[] = {
        {ROR_X, 0x0123456789abcdefULL, 4, 0xf0123456789abcdeULL},
        {ROR_X, 0x0123456789abcdefULL, 68, 0xf0123456789abcdeULL},
        {ROR_X, 0x0123456789abcdefULL, 0, 0x0123456789abcdefULL},
        {ROR_W, 0xffffffff12345678ULL, 8, 0x78123456},
        {ROR_W, 0xffffffff12345678ULL, 40, 0x78123456},
        {ROR_W, 0xffffffff12345678ULL, 32, 0x12345678},
    };
    run_op_cases(t, sizeof t / sizeof t[0]);
}
END_TEST

/* CRC of "123456789" with the usual ~0 initial value and final inversion (done here):
 * `word` takes `width` bytes at a time and `byte_word` (the B form) the rest. Rm bits above
 * the width are set, to show that they are ignored; only W0 is the accumulator. */
static uint32_t crc_of_check_string(uint32_t word, unsigned width, uint32_t byte_word)
{
    static const char msg[] = "123456789";
    hc->x[0] = 0xdeadbeefffffffffULL;
    for (unsigned done = 0; done < 9;) {
        unsigned n = done + width <= 9 ? width : 1;
        uint32_t insn = n == width ? word : byte_word;
        uint64_t v = 0;
        for (unsigned i = 0; i < n; i++)
            v |= (uint64_t)(uint8_t)msg[done + i] << (8 * i);
        if (n < 8)
            v |= 0xa5a5a5a5a5a5a5a5ULL << (8 * n);
        hc->x[2] = v;
        h_run(&insn, 1);
        ck_assert_uint_eq(hc->x[0] >> 32, 0);
        done += n;
    }
    return ~(uint32_t)hc->x[0];
}

START_TEST(test_CRC32)
{
    /* CRC-32 check value 0xCBF43926. */
    ck_assert_uint_eq(crc_of_check_string(0x1ac24000, 1, 0x1ac24000), 0xcbf43926);  /* crc32b w0, w0, w2 */
    ck_assert_uint_eq(crc_of_check_string(0x1ac24400, 2, 0x1ac24000), 0xcbf43926);  /* crc32h w0, w0, w2 */
    ck_assert_uint_eq(crc_of_check_string(0x1ac24800, 4, 0x1ac24000), 0xcbf43926);  /* crc32w w0, w0, w2 */
    ck_assert_uint_eq(crc_of_check_string(0x9ac24c00, 8, 0x1ac24000), 0xcbf43926);  /* crc32x w0, w0, x2 */
}
END_TEST

START_TEST(test_CRC32C)
{
    /* CRC-32C (Castagnoli) check value 0xE3069283. */
    ck_assert_uint_eq(crc_of_check_string(0x1ac25000, 1, 0x1ac25000), 0xe3069283);  /* crc32cb w0, w0, w2 */
    ck_assert_uint_eq(crc_of_check_string(0x1ac25400, 2, 0x1ac25000), 0xe3069283);  /* crc32ch w0, w0, w2 */
    ck_assert_uint_eq(crc_of_check_string(0x1ac25800, 4, 0x1ac25000), 0xe3069283);  /* crc32cw w0, w0, w2 */
    ck_assert_uint_eq(crc_of_check_string(0x9ac25c00, 8, 0x1ac25000), 0xe3069283);  /* crc32cx w0, w0, x2 */
}
END_TEST

START_TEST(test_RBIT)
{
    run2(0xdac00020, 1, 0);   /* rbit x0, x1 */
    ck_x(0, 0x8000000000000000ULL);
    run2(0xdac00020, 0x0123456789abcdefULL, 0);   /* rbit x0, x1 */
    ck_x(0, 0xf7b3d591e6a2c480ULL);
    run2(0x5ac00020, 0xffffffff00000001ULL, 0);   /* rbit w0, w1 */
    ck_x(0, 0x80000000);
}
END_TEST

START_TEST(test_REV16)
{
    run2(0xdac00420, 0x0102030405060708ULL, 0);   /* rev16 x0, x1 */
    ck_x(0, 0x0201040306050807ULL);
    run2(0x5ac00420, 0x0102030405060708ULL, 0);   /* rev16 w0, w1 */
    ck_x(0, 0x06050807);
}
END_TEST

START_TEST(test_REV32)
{
    run2(0xdac00820, 0x0102030405060708ULL, 0);   /* rev32 x0, x1 */
    ck_x(0, 0x0403020108070605ULL);
}
END_TEST

START_TEST(test_REV)
{
    run2(0x5ac00820, 0x0102030405060708ULL, 0);   /* rev w0, w1 */
    ck_x(0, 0x08070605);
    run2(0xdac00c20, 0x0102030405060708ULL, 0);   /* rev x0, x1 */
    ck_x(0, 0x0807060504030201ULL);
}
END_TEST

START_TEST(test_CLZ)
{
    static const struct op_case t[] = {
        {CLZ_X, 0, 0, 64},
        {CLZ_X, 1, 0, 63},
        {CLZ_X, 0x8000000000000000ULL, 0, 0},
        {CLZ_W, 0xffffffff00000000ULL, 0, 32},
        {CLZ_W, 0x00010000, 0, 15},
    };
    run_op_cases(t, sizeof t / sizeof t[0]);
}
END_TEST

START_TEST(test_CLS)
{
    static const struct op_case t[] = {
        {CLS_X, 0, 0, 63},
        {CLS_X, 0xffffffffffffffffULL, 0, 63},
        {CLS_X, 1, 0, 62},
        {CLS_X, 0x8000000000000000ULL, 0, 0},
        {CLS_X, 0xc000000000000000ULL, 0, 1},
        {CLS_W, 0xffffffff0000ffffULL, 0, 15},
        {CLS_W, 0xffffffff, 0, 31},
        {CLS_W, 0x40000000, 0, 0},
    };
    run_op_cases(t, sizeof t / sizeof t[0]);
}
END_TEST

/* Reserved encodings of the 1- and 2-source groups. */
START_TEST(test_dp_src_reserved)
{
    ck_undefined(0x1ac24c00);  /* crc32x with sf = 0 */
    ck_undefined(0x9ac24000);  /* crc32b with sf = 1 */
    ck_undefined(0x5ac00c20);  /* 1-source opcode 000011 with sf = 0 */
}
END_TEST

START_TEST(test_logical_reg)
{
    const uint64_t a = 0xff00ff00ff00ff00ULL, b = 0x0123456789abcdefULL;
    hc->ps.nzcv = FLAG_Z | FLAG_V;
    run2(0x8a021020, a, b);   /* and x0, x1, x2, lsl #4 */
    ck_x(0, 0x120056009a00de00ULL);
    run2(0x8a622020, a, b);   /* bic x0, x1, x2, lsr #8 */
    ck_x(0, 0xff00dc0098005400ULL);
    run2(0xaa821020, 0xff, 0x8000000000000000ULL);   /* orr x0, x1, x2, asr #4 */
    ck_x(0, 0xf8000000000000ffULL);
    run2(0xaa0103e0, a, b);   /* mov x0, x1 */
    ck_x(0, a);
    run2(0x2a220020, 0xffffffff00000000ULL, 0xffffffff0000ffffULL);   /* orn w0, w1, w2 */
    ck_x(0, 0xffff0000);
    run2(0x2a2103e0, 0x123456780000ffffULL, 0);   /* mvn w0, w1 */
    ck_x(0, 0xffff0000);
    run2(0xcac22020, a, b);   /* eor x0, x1, x2, ror #8 */
    ck_x(0, 0x1001dc45988954cdULL);
    run2(0x4ae21020, a, b);   /* eon w0, w1, w2, ror #4 */
    ck_x(0, 0xf865bc21);
    ck_nzcv(FLAG_Z | FLAG_V);   /* none of these set flags */
}
END_TEST

START_TEST(test_ANDS_BICS_reg)
{
    hc->ps.nzcv = FLAG_C | FLAG_V;
    run2(0xea020020, 0x8000000000000001ULL, 0x8000000000000000ULL);   /* ands x0, x1, x2 */
    ck_x(0, 0x8000000000000000ULL);
    ck_nzcv(FLAG_N);
    hc->ps.nzcv = NZCV_ALL;
    run2(0x6a220020, 0xffffffff0000000fULL, 0xff);   /* bics w0, w1, w2 */
    ck_x(0, 0);
    ck_nzcv(FLAG_Z);
    run2(0x6a220020, 0x80000000, 0x7fffffff);        /* bics w0, w1, w2 */
    ck_x(0, 0x80000000);
    ck_nzcv(FLAG_N);
    run2(0xea02fc3f, 0x8000000000000000ULL, 1);      /* tst x1, x2, lsl #63 */
    ck_nzcv(FLAG_N);
    ck_xzr();
}
END_TEST

START_TEST(test_ADD_SUB_sreg)
{
    run2(0x8b020c20, 1, 2);   /* add x0, x1, x2, lsl #3 */
    ck_x(0, 17);
    run2(0x0b821020, 0xffffffff08000001ULL, 0x80000000);   /* add w0, w1, w2, asr #4 */
    ck_x(0, 1);
    run2(0xcb420420, 10, 8);   /* sub x0, x1, x2, lsr #1 */
    ck_x(0, 6);
    run2(0xcb0103e0, 1, 0);    /* neg x0, x1 */
    ck_x(0, 0xffffffffffffffffULL);
}
END_TEST

START_TEST(test_ADDS_SUBS_sreg)
{
    hc->ps.nzcv = NZCV_NONE;
    run2(0xab020020, 0x7fffffffffffffffULL, 1);   /* adds x0, x1, x2 */
    ck_x(0, 0x8000000000000000ULL);
    ck_nzcv(FLAG_N | FLAG_V);
    run2(0xab020020, 0x8000000000000000ULL, 0x8000000000000000ULL);   /* adds x0, x1, x2 */
    ck_x(0, 0);
    ck_nzcv(FLAG_Z | FLAG_C | FLAG_V);
    run2(0x2b020420, 0x80000000, 0x40000000);     /* adds w0, w1, w2, lsl #1 */
    ck_x(0, 0);
    ck_nzcv(FLAG_Z | FLAG_C | FLAG_V);

    run2(0x6b020020, 0xffffffff00000000ULL, 1);   /* subs w0, w1, w2 */
    ck_x(0, 0xffffffff);
    ck_nzcv(FLAG_N);
    run2(0x6b020020, 5, 0xffffffff00000005ULL);   /* subs w0, w1, w2 */
    ck_x(0, 0);
    ck_nzcv(FLAG_Z | FLAG_C);
    run2(0xeb82043f, (uint64_t)-1, (uint64_t)-4); /* cmp x1, x2, asr #1: -1 - -2 */
    ck_nzcv(FLAG_C);
    ck_xzr();
}
END_TEST

START_TEST(test_addsub_sreg_reserved)
{
    ck_undefined(0x8bc20020);  /* add x0, x1, x2 with shift type 11 */
    ck_undefined(0x0bc20020);  /* add w0, w1, w2 with shift type 11 */
    ck_undefined(0x0b028020);  /* add w0, w1, w2, lsl #32 */
    ck_undefined(0x2b028020);  /* adds w0, w1, w2, lsl #32 */
}
END_TEST

START_TEST(test_ADD_SUB_ereg)
{
    hc->sp = 0x40200000;
    run2(0x8b214be0, 0xffffffff00000010ULL, 0);   /* add x0, sp, w1, uxtw #2 */
    ck_x(0, 0x40200040);
    run2(0x8b2163ff, 0x100, 0);                   /* add sp, sp, x1 */
    ck_sp(0x40200100);
    run2(0x8b22c020, 0x100, 0xffffffff);          /* add x0, x1, w2, sxtw */
    ck_x(0, 0xff);
    run2(0x8b229020, 0x1000, 0x80);               /* add x0, x1, w2, sxtb #4 */
    ck_x(0, 0x800);
    run2(0x0b222020, 0xffffffffffffffffULL, 0x12345);   /* add w0, w1, w2, uxth */
    ck_x(0, 0x2344);
    hc->sp = 0x40200000;
    run2(0xcb2163ff, 0x40, 0);                    /* sub sp, sp, x1 */
    ck_sp(0x401fffc0);
    run2(0xcb220420, 0x1000, 0xfff);              /* sub x0, x1, w2, uxtb #1 */
    ck_x(0, 0xe02);
    ck_xzr();
}
END_TEST

START_TEST(test_ADDS_SUBS_ereg)
{
    hc->ps.nzcv = NZCV_NONE;
    hc->sp = 0xfffffffffffffff0ULL;
    run2(0xab2163e0, 0x10, 0);                    /* adds x0, sp, x1 */
    ck_x(0, 0);
    ck_nzcv(FLAG_Z | FLAG_C);
    hc->ps.nzcv = NZCV_NONE;
    run2(0x2b22a03f, 1, 0xffff);                  /* cmn w1, w2, sxth */
    ck_nzcv(FLAG_Z | FLAG_C);
    ck_xzr();
    hc->sp = 0x40200000;
    run2(0xeb2163ff, 0x40200000, 0);              /* cmp sp, x1 */
    ck_nzcv(FLAG_Z | FLAG_C);
    ck_sp(0x40200000);
    ck_xzr();
    run2(0xeb22c020, 0, 0xffffffff);              /* subs x0, x1, w2, sxtw: 0 - -1 */
    ck_x(0, 1);
    ck_nzcv(NZCV_NONE);
}
END_TEST

START_TEST(test_addsub_ereg_reserved)
{
    ck_undefined(0x8b225420);  /* add x0, x1, w2, uxtw #5 */
}
END_TEST

START_TEST(test_ADC_SBC)
{
    hc->ps.nzcv = FLAG_C;
    run2(0x9a020020, 1, 2);   /* adc x0, x1, x2 */
    ck_x(0, 4);
    hc->ps.nzcv = NZCV_NONE;
    run2(0x9a020020, 1, 2);   /* adc x0, x1, x2 */
    ck_x(0, 3);
    hc->ps.nzcv = FLAG_C;
    run2(0x1a020020, 0xffffffffffffffffULL, 0);   /* adc w0, w1, w2 */
    ck_x(0, 0);
    ck_nzcv(FLAG_C);
    run2(0xda020020, 5, 3);   /* sbc x0, x1, x2 */
    ck_x(0, 2);
    hc->ps.nzcv = NZCV_NONE;
    run2(0xda020020, 5, 3);   /* sbc x0, x1, x2 */
    ck_x(0, 1);
    run2(0x5a020020, 0, 0);   /* sbc w0, w1, w2 */
    ck_x(0, 0xffffffff);
    run2(0xda0103e0, 0, 0);   /* ngc x0, x1 */
    ck_x(0, 0xffffffffffffffffULL);
    hc->ps.nzcv = FLAG_C;
    run2(0xda0103e0, 0, 0);   /* ngc x0, x1 */
    ck_x(0, 0);
    ck_nzcv(FLAG_C);
}
END_TEST

START_TEST(test_ADCS_SBCS)
{
    hc->ps.nzcv = FLAG_C;
    run2(0xba020020, 0xffffffffffffffffULL, 0);   /* adcs x0, x1, x2 */
    ck_x(0, 0);
    ck_nzcv(FLAG_Z | FLAG_C);
    run2(0xba020020, 0x7fffffffffffffffULL, 0);   /* adcs x0, x1, x2 (C still set) */
    ck_x(0, 0x8000000000000000ULL);
    ck_nzcv(FLAG_N | FLAG_V);
    hc->ps.nzcv = FLAG_C;
    run2(0x3a020020, 0x7fffffff, 0x7fffffff);     /* adcs w0, w1, w2 */
    ck_x(0, 0xffffffff);
    ck_nzcv(FLAG_N | FLAG_V);
    hc->ps.nzcv = FLAG_C;
    run2(0x3a020020, 0xffffffff, 0);              /* adcs w0, w1, w2 */
    ck_x(0, 0);
    ck_nzcv(FLAG_Z | FLAG_C);

    hc->ps.nzcv = NZCV_NONE;
    run2(0xfa020020, 0, 0);   /* sbcs x0, x1, x2: 0 - 0 - 1 */
    ck_x(0, 0xffffffffffffffffULL);
    ck_nzcv(FLAG_N);
    hc->ps.nzcv = FLAG_C;
    run2(0xfa020020, 0, 0);   /* sbcs x0, x1, x2 */
    ck_x(0, 0);
    ck_nzcv(FLAG_Z | FLAG_C);
    hc->ps.nzcv = NZCV_NONE;
    run2(0xfa020020, 0x8000000000000000ULL, 0);   /* sbcs x0, x1, x2 */
    ck_x(0, 0x7fffffffffffffffULL);
    ck_nzcv(FLAG_C | FLAG_V);
    hc->ps.nzcv = NZCV_NONE;
    run2(0x7a020020, 0x80000000, 0);              /* sbcs w0, w1, w2 */
    ck_x(0, 0x7fffffff);
    ck_nzcv(FLAG_C | FLAG_V);
}
END_TEST

START_TEST(test_CCMN_reg)
{
    hc->ps.nzcv = FLAG_Z;   /* eq holds: flags of x1 + x2 */
    run2(0xba420025, (uint64_t)-1, 1);   /* ccmn x1, x2, #0b0101, eq */
    ck_nzcv(FLAG_Z | FLAG_C);
    hc->ps.nzcv = NZCV_NONE;   /* eq fails: flags = #nzcv */
    run2(0xba420025, (uint64_t)-1, 1);   /* ccmn x1, x2, #0b0101, eq */
    ck_nzcv(FLAG_Z | FLAG_V);
    ck_xzr();
}
END_TEST

START_TEST(test_CCMP_reg)
{
    hc->ps.nzcv = NZCV_NONE;   /* ne holds */
    run2(0xfa421022, 1, 2);    /* ccmp x1, x2, #0b0010, ne */
    ck_nzcv(FLAG_N);
    hc->ps.nzcv = FLAG_Z;      /* ne fails */
    run2(0xfa421022, 1, 2);    /* ccmp x1, x2, #0b0010, ne */
    ck_nzcv(FLAG_C);
}
END_TEST

START_TEST(test_CCMN_imm)
{
    hc->ps.nzcv = FLAG_N;      /* mi holds; 32-bit: only W1 counts */
    run2(0x3a434828, 0x1fffffffdULL, 0);   /* ccmn w1, #3, #0b1000, mi */
    ck_nzcv(FLAG_Z | FLAG_C);
    hc->ps.nzcv = NZCV_NONE;   /* mi fails */
    run2(0x3a434828, 0x1fffffffdULL, 0);   /* ccmn w1, #3, #0b1000, mi */
    ck_nzcv(FLAG_N);
}
END_TEST

START_TEST(test_CCMP_imm)
{
    hc->ps.nzcv = FLAG_C;      /* hs holds */
    run2(0xfa5f2824, 31, 0);   /* ccmp x1, #31, #0b0100, hs */
    ck_nzcv(FLAG_Z | FLAG_C);
    hc->ps.nzcv = NZCV_NONE;   /* hs fails */
    run2(0xfa5f2824, 31, 0);   /* ccmp x1, #31, #0b0100, hs */
    ck_nzcv(FLAG_Z);
    hc->ps.nzcv = FLAG_Z;      /* eq holds */
    run2(0x7a410820, 0x80000000, 0);   /* ccmp w1, #1, #0b0000, eq */
    ck_nzcv(FLAG_C | FLAG_V);
}
END_TEST

START_TEST(test_CSEL)
{
    hc->ps.nzcv = FLAG_Z;
    run2(0x9a820020, 1, 2);   /* csel x0, x1, x2, eq */
    ck_x(0, 1);
    hc->ps.nzcv = NZCV_NONE;
    run2(0x9a820020, 1, 2);   /* csel x0, x1, x2, eq */
    ck_x(0, 2);
    hc->ps.nzcv = FLAG_N;     /* lt: N != V */
    run2(0x1a82b020, 0xffffffff00000005ULL, 7);   /* csel w0, w1, w2, lt */
    ck_x(0, 5);
    ck_nzcv(FLAG_N);
}
END_TEST

START_TEST(test_CSINC)
{
    hc->ps.nzcv = NZCV_NONE;
    RUN(0x9a9f07e0);  /* cset x0, ne */
    ck_x(0, 1);
    hc->ps.nzcv = FLAG_Z;
    RUN(0x9a9f07e0);  /* cset x0, ne */
    ck_x(0, 0);
    hc->ps.nzcv = FLAG_Z;     /* gt fails */
    run2(0x9a82c420, 1, (uint64_t)-1);   /* csinc x0, x1, x2, gt */
    ck_x(0, 0);
    hc->ps.nzcv = NZCV_NONE;  /* gt holds */
    run2(0x9a82c420, 1, (uint64_t)-1);   /* csinc x0, x1, x2, gt */
    ck_x(0, 1);
}
END_TEST

START_TEST(test_CSINV)
{
    hc->ps.nzcv = FLAG_C;     /* hi holds */
    RUN(0x5a9f93e0);  /* csetm w0, hi */
    ck_x(0, 0xffffffff);
    hc->ps.nzcv = FLAG_C | FLAG_Z;
    RUN(0x5a9f93e0);  /* csetm w0, hi */
    ck_x(0, 0);
    hc->ps.nzcv = NZCV_NONE;
    run2(0xda82e020, 3, 4);   /* csinv x0, x1, x2, al */
    ck_x(0, 3);
}
END_TEST

START_TEST(test_CSNEG)
{
    hc->ps.nzcv = FLAG_N;
    run2(0xda815420, 5, 0);   /* cneg x0, x1, mi */
    ck_x(0, 0xfffffffffffffffbULL);
    hc->ps.nzcv = NZCV_NONE;
    run2(0xda815420, 5, 0);   /* cneg x0, x1, mi */
    ck_x(0, 5);
    hc->ps.nzcv = FLAG_N;     /* ge fails */
    run2(0x5a82a420, 7, 1);   /* csneg w0, w1, w2, ge */
    ck_x(0, 0xffffffff);
}
END_TEST

START_TEST(test_MADD_MSUB)
{
    hc->x[3] = 5;
    run2(0x9b020c20, 3, 4);   /* madd x0, x1, x2, x3 */
    ck_x(0, 17);
    hc->x[3] = 1;
    run2(0x9b020c20, 0x100000000ULL, 0x100000001ULL);   /* madd x0, x1, x2, x3: low 64 bits */
    ck_x(0, 0x100000001ULL);
    run2(0x1b027c20, 0xffffffff00010001ULL, 0x10001);   /* mul w0, w1, w2 */
    ck_x(0, 0x00020001);
    hc->x[3] = 5;
    run2(0x9b028c20, 3, 4);   /* msub x0, x1, x2, x3 */
    ck_x(0, (uint64_t)-7);
    run2(0x1b02fc20, 3, 4);   /* mneg w0, w1, w2 */
    ck_x(0, 0xfffffff4);
}
END_TEST

START_TEST(test_SMADDL_SMSUBL)
{
    hc->x[3] = 10;
    run2(0x9b220c20, 0xfffffffe, 3);   /* smaddl x0, w1, w2, x3: 10 + -2 * 3 */
    ck_x(0, 4);
    run2(0x9b228c20, 0xfffffffe, 3);   /* smsubl x0, w1, w2, x3 */
    ck_x(0, 16);
    run2(0x9b227c20, 0xffffffff80000000ULL, 0x80000000);   /* smull x0, w1, w2 */
    ck_x(0, 0x4000000000000000ULL);
}
END_TEST

START_TEST(test_UMADDL_UMSUBL)
{
    hc->x[3] = 1;
    run2(0x9ba20c20, 0xffffffff, 0xffffffff);   /* umaddl x0, w1, w2, x3 */
    ck_x(0, 0xfffffffe00000002ULL);
    run2(0x9ba27c20, 0xffffffff00000002ULL, 0x80000000);   /* umull x0, w1, w2 */
    ck_x(0, 0x100000000ULL);
    hc->x[3] = 0;
    run2(0x9ba28c20, 1, 1);   /* umsubl x0, w1, w2, x3 */
    ck_x(0, 0xffffffffffffffffULL);
}
END_TEST

START_TEST(test_SMULH_UMULH)
{
    run2(0x9b427c20, (uint64_t)-1, 1);   /* smulh x0, x1, x2 */
    ck_x(0, 0xffffffffffffffffULL);
    run2(0x9b427c20, 0x8000000000000000ULL, 0x8000000000000000ULL);   /* smulh x0, x1, x2 */
    ck_x(0, 0x4000000000000000ULL);
    run2(0x9bc27c20, (uint64_t)-1, (uint64_t)-1);   /* umulh x0, x1, x2 */
    ck_x(0, 0xfffffffffffffffeULL);
    run2(0x9bc27c20, (uint64_t)-1, 1);   /* umulh x0, x1, x2 */
    ck_x(0, 0);
}
END_TEST

static Suite *dp_suite(void)
{
    Suite *s = suite_create("dp");
    TCase *imm = tcase_create("immediate");
    tcase_add_checked_fixture(imm, h_setup, h_teardown);
    tcase_add_test(imm, test_ADR);
    tcase_add_test(imm, test_ADRP);
    tcase_add_test(imm, test_ADD_imm);
    tcase_add_test(imm, test_ADDS_imm);
    tcase_add_test(imm, test_SUB_imm);
    tcase_add_test(imm, test_SUBS_imm);
    tcase_add_test(imm, test_AND_imm);
    tcase_add_test(imm, test_ORR_imm);
    tcase_add_test(imm, test_EOR_imm);
    tcase_add_test(imm, test_ANDS_imm);
    tcase_add_test(imm, test_MOVN);
    tcase_add_test(imm, test_MOVZ);
    tcase_add_test(imm, test_MOVK);
    tcase_add_test(imm, test_SBFM);
    tcase_add_test(imm, test_BFM);
    tcase_add_test(imm, test_UBFM);
    tcase_add_test(imm, test_EXTR);
    tcase_add_test(imm, test_dp_imm_reserved);
    suite_add_tcase(s, imm);

    TCase *reg = tcase_create("register");
    tcase_add_checked_fixture(reg, h_setup, h_teardown);
    tcase_add_test(reg, test_UDIV);
    tcase_add_test(reg, test_SDIV);
    tcase_add_test(reg, test_LSLV);
    tcase_add_test(reg, test_LSRV);
    tcase_add_test(reg, test_ASRV);
    tcase_add_test(reg, test_RORV);
    tcase_add_test(reg, test_CRC32);
    tcase_add_test(reg, test_CRC32C);
    tcase_add_test(reg, test_RBIT);
    tcase_add_test(reg, test_REV16);
    tcase_add_test(reg, test_REV32);
    tcase_add_test(reg, test_REV);
    tcase_add_test(reg, test_CLZ);
    tcase_add_test(reg, test_CLS);
    tcase_add_test(reg, test_dp_src_reserved);
    tcase_add_test(reg, test_logical_reg);
    tcase_add_test(reg, test_ANDS_BICS_reg);
    tcase_add_test(reg, test_ADD_SUB_sreg);
    tcase_add_test(reg, test_ADDS_SUBS_sreg);
    tcase_add_test(reg, test_addsub_sreg_reserved);
    tcase_add_test(reg, test_ADD_SUB_ereg);
    tcase_add_test(reg, test_ADDS_SUBS_ereg);
    tcase_add_test(reg, test_addsub_ereg_reserved);
    tcase_add_test(reg, test_ADC_SBC);
    tcase_add_test(reg, test_ADCS_SBCS);
    tcase_add_test(reg, test_CCMN_reg);
    tcase_add_test(reg, test_CCMP_reg);
    tcase_add_test(reg, test_CCMN_imm);
    tcase_add_test(reg, test_CCMP_imm);
    tcase_add_test(reg, test_CSEL);
    tcase_add_test(reg, test_CSINC);
    tcase_add_test(reg, test_CSINV);
    tcase_add_test(reg, test_CSNEG);
    tcase_add_test(reg, test_MADD_MSUB);
    tcase_add_test(reg, test_SMADDL_SMSUBL);
    tcase_add_test(reg, test_UMADDL_UMSUBL);
    tcase_add_test(reg, test_SMULH_UMULH);
    suite_add_tcase(s, reg);
    return s;
}

int main(void) { return h_run_suite(dp_suite()); }
