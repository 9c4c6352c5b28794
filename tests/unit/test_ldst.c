/* SPDX-License-Identifier: MIT */
/* Unit tests for loads and stores (cpu/ldst.c): every row of the loads/stores section of
 * cpu/a64.inc, its addressing modes, writeback, sign extension, exclusives, CAS/CASP, the LSE
 * atomics, and the faults. The MMU is off, so data accesses are Device memory: every
 * unaligned access faults. */
#include <check.h>
#include <stdlib.h>

#include "cpu/decode.h"
#include "cpu/exception.h"
#include "tests/unit/harness.h"

#define D H_DATA
#define UNASSIGNED 0x20000000ULL   /* no RAM, flash or device: an external abort */

static uint64_t xr(unsigned n) { return hc->x[n]; }
static void set_x(unsigned n, uint64_t v) { hc->x[n] = v; }

static void setup(void) { h_setup(); }
static void teardown(void) { h_teardown(); }

/* A synchronous exception taken from EL3 to EL3 (SPSel = 1) by the instruction at `elr`. */
static void assert_sync_el3(unsigned ec, uint64_t elr)
{
    ck_assert_uint_eq(hc->ps.el, 3);
    ck_assert_uint_eq(hc->pc, H_VBAR + 0x200);
    ck_assert_uint_eq(hc->sr[SR_ESR_EL3] >> 26, ec);
    ck_assert_uint_eq(hc->sr[SR_ELR_EL3], elr);
}

static void assert_undefined(void) { assert_sync_el3(EC_UNKNOWN, H_CODE); }

static void assert_data_abort(uint64_t elr, uint64_t far, unsigned dfsc)
{
    assert_sync_el3(EC_DABT_CUR, elr);
    ck_assert_uint_eq(hc->sr[SR_ESR_EL3] & 0x3f, dfsc);
    ck_assert_uint_eq(hc->sr[SR_FAR_EL3], far);
}

/* ---- The encodings used here decode to the rows they test. ---- */

START_TEST(test_rows)
{
    static const struct { uint32_t raw; int row; } cases[] = {
        {0xc8027c01, ROW_STXR},      /* stxr w2, x1, [x0] */
        {0x4802fc01, ROW_STLXR},     /* stlxrh w2, w1, [x0] */
        {0xc85f7c03, ROW_LDXR},      /* ldxr x3, [x0] */
        {0x485ffc03, ROW_LDAXR},     /* ldaxrh w3, [x0] */
        {0xc8250801, ROW_STXP},      /* stxp w5, x1, x2, [x0] */
        {0x88258801, ROW_STLXP},     /* stlxp w5, w1, w2, [x0] */
        {0xc87f1003, ROW_LDXP},      /* ldxp x3, x4, [x0] */
        {0x887f9003, ROW_LDAXP},     /* ldaxp w3, w4, [x0] */
        {0xc89ffc01, ROW_STLR},      /* stlr x1, [x0] */
        {0x08dffc03, ROW_LDAR},      /* ldarb w3, [x0] */
        {0xc8a17c02, ROW_CAS},       /* cas x1, x2, [x0] */
        {0x0862fc04, ROW_CASP},      /* caspal w2, w3, w4, w5, [x0] */
        {0x58000041, ROW_LDR_lit},   /* ldr x1, .+8 */
        {0x98000043, ROW_LDRSW_lit}, /* ldrsw x3, .+8 */
        {0xd8800000, ROW_PRFM_lit},  /* prfm pldl1keep, .-0x100000 */
        {0xa8010801, ROW_STNP},      /* stnp x1, x2, [x0, #16] */
        {0x28421003, ROW_LDNP},      /* ldnp w3, w4, [x0, #16] */
        {0xa9bf7bfd, ROW_STP},       /* stp x29, x30, [sp, #-16]! */
        {0xa8c17bfd, ROW_LDP},       /* ldp x29, x30, [sp], #16 */
        {0x68c11805, ROW_LDPSW},     /* ldpsw x5, x6, [x0], #8 */
        {0xa93f0801, ROW_STP_off},   /* stp x1, x2, [x0, #-16] */
        {0x297e1003, ROW_LDP_off},   /* ldp w3, w4, [x0, #-16] */
        {0x69411805, ROW_LDPSW_off}, /* ldpsw x5, x6, [x0, #8] */
        {0xf81f8001, ROW_STUR},      /* stur x1, [x0, #-8] */
        {0xb85fc002, ROW_LDUR},      /* ldur w2, [x0, #-4] */
        {0x389ff003, ROW_LDURS},     /* ldursb x3, [x0, #-1] */
        {0xf8801000, ROW_PRFUM},     /* prfum pldl1keep, [x0, #1] */
        {0xb81fc401, ROW_STR_post},  /* str w1, [x0], #-4 */
        {0xf8410401, ROW_LDR_post},  /* ldr x1, [x0], #16 */
        {0x78c02403, ROW_LDRS_post}, /* ldrsh w3, [x0], #2 */
        {0xf8008801, ROW_STTR},      /* sttr x1, [x0, #8] */
        {0xb8408802, ROW_LDTR},      /* ldtr w2, [x0, #8] */
        {0x3880f803, ROW_LDTRS},     /* ldtrsb x3, [x0, #15] */
        {0xf81f0fe2, ROW_STR_pre},   /* str x2, [sp, #-16]! */
        {0xf8408c01, ROW_LDR_pre},   /* ldr x1, [x0, #8]! */
        {0xb8804c03, ROW_LDRS_pre},  /* ldrsw x3, [x0, #4]! */
        {0xf8210002, ROW_LDADD},     /* ldadd x1, x2, [x0] */
        {0x78211002, ROW_LDCLR},     /* ldclrh w1, w2, [x0] */
        {0xb8212002, ROW_LDEOR},     /* ldeor w1, w2, [x0] */
        {0xf8213002, ROW_LDSET},     /* ldset x1, x2, [x0] */
        {0x38214002, ROW_LDSMAX},    /* ldsmaxb w1, w2, [x0] */
        {0x78215002, ROW_LDSMIN},    /* ldsminh w1, w2, [x0] */
        {0x38216002, ROW_LDUMAX},    /* ldumaxb w1, w2, [x0] */
        {0xf8217002, ROW_LDUMIN},    /* ldumin x1, x2, [x0] */
        {0x78218002, ROW_SWP},       /* swph w1, w2, [x0] */
        {0xf821001f, ROW_LDADD},     /* stadd x1, [x0] */
        {0xf8bfc001, ROW_LDAPR},     /* ldapr x1, [x0] */
        {0x38226801, ROW_STR_reg},   /* strb w1, [x0, x2] */
        {0xf8627801, ROW_LDR_reg},   /* ldr x1, [x0, x2, lsl #3] */
        {0x78a27801, ROW_LDRS_reg},  /* ldrsh x1, [x0, x2, lsl #1] */
        {0xf8a26800, ROW_PRFM_reg},  /* prfm pldl1keep, [x0, x2] */
        {0xf9000401, ROW_STR_imm},   /* str x1, [x0, #8] */
        {0xb9400802, ROW_LDR_imm},   /* ldr w2, [x0, #8] */
        {0x79c00403, ROW_LDRS_imm},  /* ldrsh w3, [x0, #2] */
        {0xf9800400, ROW_PRFM_imm},  /* prfm pldl1keep, [x0, #8] */
    };
    decode_init();
    for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++)
        ck_assert_msg(decode_row(cases[i].raw) == cases[i].row, "%08x decodes to %s", cases[i].raw,
                      insn_row_name(decode_row(cases[i].raw)));
}
END_TEST

/* ---- Load/store register (unsigned immediate) ---- */

START_TEST(test_ldr_str_imm)
{
    h_poke(D, 8, 0);
    h_poke(D + 8, 8, 0);
    set_x(0, D);
    set_x(1, 0x1122334455667788ULL);
    for (unsigned n = 2; n <= 5; n++)
        set_x(n, ~0ULL);
    RUN(0xf9000401,  /* str x1, [x0, #8] */
        0xb9400802,  /* ldr w2, [x0, #8] */
        0x39403c03,  /* ldrb w3, [x0, #15] */
        0x79401404,  /* ldrh w4, [x0, #10] */
        0xf9400405); /* ldr x5, [x0, #8] */
    ck_assert_uint_eq(h_peek(D + 8, 8), 0x1122334455667788ULL);
    ck_assert_uint_eq(h_peek(D, 8), 0);
    ck_assert_uint_eq(xr(2), 0x55667788);
    ck_assert_uint_eq(xr(3), 0x11);
    ck_assert_uint_eq(xr(4), 0x5566);
    ck_assert_uint_eq(xr(5), 0x1122334455667788ULL);
    ck_assert_uint_eq(xr(0), D);
    ck_assert_uint_eq(hc->pc, H_CODE + 20);
}
END_TEST

START_TEST(test_str_sizes)
{
    h_poke(D, 8, 0);
    h_poke(D + 8, 8, 0xdeadbeefcafef00dULL);
    set_x(0, D);
    set_x(1, 0x1122334455667788ULL);
    RUN(0x39000401,  /* strb w1, [x0, #1] */
        0x79000401,  /* strh w1, [x0, #2] */
        0xb9000401); /* str w1, [x0, #4] */
    ck_assert_uint_eq(h_peek(D, 8), 0x5566778877888800ULL);
    ck_assert_uint_eq(h_peek(D + 8, 8), 0xdeadbeefcafef00dULL);
}
END_TEST

START_TEST(test_xzr)
{
    h_poke(D, 8, ~0ULL);
    h_poke(D + 8, 8, ~0ULL);
    h_poke(D + 16, 8, ~0ULL);
    set_x(0, D);
    RUN(0xf900001f,  /* str xzr, [x0] */
        0xa9007c1f); /* stp xzr, xzr, [x0] -- stores 16 zero bytes */
    ck_assert_uint_eq(h_peek(D, 8), 0);
    ck_assert_uint_eq(h_peek(D + 8, 8), 0);
    ck_assert_uint_eq(h_peek(D + 16, 8), ~0ULL);
    /* A load to XZR is discarded. */
    h_poke(D, 8, 0x1234);
    RUN(0xf940001f); /* ldr xzr, [x0] */
    ck_assert_uint_eq(xr(31), 0);
    ck_assert_uint_eq(hc->pc, H_CODE + 4);
}
END_TEST

START_TEST(test_ldrs_imm)
{
    /* D: 80 00 | 00 80 | 00 00 00 80;  D+8: 7f */
    h_poke(D, 8, 0x8000000080000080ULL);
    h_poke(D + 8, 8, 0x7f);
    set_x(0, D);
    for (unsigned n = 1; n <= 6; n++)
        set_x(n, 0x5555555555555555ULL);
    RUN(0x39c00001,  /* ldrsb w1, [x0] */
        0x39800002,  /* ldrsb x2, [x0] */
        0x79c00403,  /* ldrsh w3, [x0, #2] */
        0x79800404,  /* ldrsh x4, [x0, #2] */
        0xb9800405,  /* ldrsw x5, [x0, #4] */
        0x39802006); /* ldrsb x6, [x0, #8] */
    ck_assert_uint_eq(xr(1), 0xffffff80ULL);             /* W: zero above bit 31 */
    ck_assert_uint_eq(xr(2), 0xffffffffffffff80ULL);
    ck_assert_uint_eq(xr(3), 0xffff8000ULL);
    ck_assert_uint_eq(xr(4), 0xffffffffffff8000ULL);
    ck_assert_uint_eq(xr(5), 0xffffffff80000000ULL);
    ck_assert_uint_eq(xr(6), 0x7f);
}
END_TEST

/* size 11 with a signed opc, and LDRSW to a W register (size 10, opc 11), are unallocated in
 * every addressing mode. */
START_TEST(test_ldrs_unallocated)
{
    static const uint32_t words[] = {
        0xb9c00001, /* ldrsw x1, [x0] with opc = 11 */
        0xf9c00001, /* ldrs (size 11, opc 11), unsigned offset */
        0xf8804401, /* ldrsw x1, [x0], #4 with size = 11 */
        0xb8e27804, /* ldrsw x4, [x0, x2, lsl #2] with opc = 11 */
        0xb8df8005, /* ldursw x5, [x0, #-8] with opc = 11 */
        0xb8c0c805, /* ldtrsw x5, [x0, #12] with opc = 11 */
        0xb8c04c03, /* ldrsw x3, [x0, #4]! with opc = 11 */
        0xf8c04c03, /* size 11, opc 11, pre-index */
    };
    h_poke(D, 8, 0x8000000080000080ULL);
    for (size_t i = 0; i < sizeof(words) / sizeof(words[0]); i++) {
        set_x(0, D + 16);
        set_x(1, 7);
        set_x(3, 7);
        set_x(4, 7);
        set_x(5, 7);
        h_run(&words[i], 1);
        assert_undefined();
        ck_assert_uint_eq(xr(0), D + 16);
        ck_assert_uint_eq(xr(1) + xr(3) + xr(4) + xr(5), 28);
    }
}
END_TEST

/* ---- Unscaled immediate ---- */

START_TEST(test_ldur_stur)
{
    h_poke(D, 8, 0);
    h_poke(D + 8, 8, 0);
    set_x(0, D + 16);
    set_x(1, 0x8899aabbccddeeffULL);
    for (unsigned n = 2; n <= 7; n++)
        set_x(n, ~0ULL);
    RUN(0xf81f8001,  /* stur x1, [x0, #-8] */
        0xb85fc002,  /* ldur w2, [x0, #-4] */
        0x389ff003,  /* ldursb x3, [x0, #-1] */
        0x78dfe004,  /* ldursh w4, [x0, #-2] */
        0xb89f8005,  /* ldursw x5, [x0, #-8] */
        0x381f7001,  /* sturb w1, [x0, #-9] */
        0x781f4001,  /* sturh w1, [x0, #-12] */
        0x385f7006,  /* ldurb w6, [x0, #-9] */
        0x785f4007); /* ldurh w7, [x0, #-12] */
    ck_assert_uint_eq(h_peek(D + 8, 8), 0x8899aabbccddeeffULL);
    ck_assert_uint_eq(h_peek(D, 8), 0xff00eeff00000000ULL);
    ck_assert_uint_eq(xr(2), 0x8899aabbULL);
    ck_assert_uint_eq(xr(3), 0xffffffffffffff88ULL);
    ck_assert_uint_eq(xr(4), 0xffff8899ULL);
    ck_assert_uint_eq(xr(5), 0xffffffffccddeeffULL);
    ck_assert_uint_eq(xr(6), 0xff);
    ck_assert_uint_eq(xr(7), 0xeeff);
    ck_assert_uint_eq(xr(0), D + 16);
}
END_TEST

/* ---- Post-index and pre-index ---- */

START_TEST(test_post_index)
{
    h_poke(D, 8, 0x0123456789abcdefULL);
    h_poke(D + 16, 8, ~0ULL);
    set_x(0, D);
    RUN(0xf8410401,  /* ldr x1, [x0], #16 */
        0xb81fc401); /* str w1, [x0], #-4 */
    ck_assert_uint_eq(xr(1), 0x0123456789abcdefULL);
    ck_assert_uint_eq(h_peek(D + 16, 8), 0xffffffff89abcdefULL);
    ck_assert_uint_eq(xr(0), D + 12);

    /* D+32: 01 80 | 90 | 7f */
    h_poke(D + 32, 8, 0x7f908001ULL);
    set_x(0, D + 32);
    set_x(3, ~0ULL);
    set_x(4, ~0ULL);
    RUN(0x78c02403,  /* ldrsh w3, [x0], #2 */
        0x38801402,  /* ldrsb x2, [x0], #1 */
        0x385ff404,  /* ldrb w4, [x0], #-1 */
        0x78002404); /* strh w4, [x0], #2 */
    ck_assert_uint_eq(xr(3), 0xffff8001ULL);
    ck_assert_uint_eq(xr(2), 0xffffffffffffff90ULL);
    ck_assert_uint_eq(xr(4), 0x7f);
    ck_assert_uint_eq(h_peek(D + 32, 8), 0x7f8001ULL);
    ck_assert_uint_eq(xr(0), D + 36);
}
END_TEST

START_TEST(test_pre_index)
{
    h_poke(D + 8, 8, 0x8000000122222222ULL);
    set_x(0, D);
    set_x(4, 0x12345678abULL);
    set_x(5, ~0ULL);
    set_x(6, ~0ULL);
    RUN(0xf8408c01,  /* ldr x1, [x0, #8]! */
        0xb8804c03,  /* ldrsw x3, [x0, #4]! */
        0x381ffc04,  /* strb w4, [x0, #-1]! */
        0x785fdc05,  /* ldrh w5, [x0, #-3]! */
        0x38c03c06); /* ldrsb w6, [x0, #3]! */
    ck_assert_uint_eq(xr(1), 0x8000000122222222ULL);
    ck_assert_uint_eq(xr(3), 0xffffffff80000001ULL);
    ck_assert_uint_eq(h_peek(D + 8, 8), 0x80000001ab222222ULL);
    ck_assert_uint_eq(xr(5), 0x2222);
    ck_assert_uint_eq(xr(6), 0xffffffabULL);
    ck_assert_uint_eq(xr(0), D + 11);
}
END_TEST

START_TEST(test_sp_base)
{
    hc->sp = D + 0x100;
    h_poke(D + 0xf8, 8, 0x5a5a5a5a5a5a5a5aULL);
    set_x(2, 0x0123456789abcdefULL);
    RUN(0xf81f0fe2,  /* str x2, [sp, #-16]! */
        0xf94007e1); /* ldr x1, [sp, #8] */
    ck_assert_uint_eq(hc->sp, D + 0xf0);
    ck_assert_uint_eq(h_peek(D + 0xf0, 8), 0x0123456789abcdefULL);
    ck_assert_uint_eq(xr(1), 0x5a5a5a5a5a5a5a5aULL);
    ck_assert_uint_eq(xr(31), 0);
}
END_TEST

/* Rt == Rn with writeback is CONSTRAINED UNPREDICTABLE; tetrarch stores the old base and,
 * for loads, keeps the loaded value (writeback suppressed). */
START_TEST(test_writeback_rt_is_rn)
{
    h_poke(D, 8, 0x1234);
    set_x(0, D);
    RUN(0xf8408400); /* ldr x0, [x0], #8 */
    ck_assert_uint_eq(xr(0), 0x1234);
    set_x(0, D + 16);
    RUN(0xf8008400); /* str x0, [x0], #8 */
    ck_assert_uint_eq(h_peek(D + 16, 8), D + 16);
    ck_assert_uint_eq(xr(0), D + 24);
}
END_TEST

/* ---- Unprivileged ---- */

static void run_unprivileged(void)
{
    h_poke(D + 8, 8, 0);
    h_poke(D + 24, 8, 0);
    set_x(0, D + 16);
    set_x(1, 0x8899aabbccddeeffULL);
    for (unsigned n = 2; n <= 8; n++)
        set_x(n, ~0ULL);
    RUN(0xf8008801,  /* sttr x1, [x0, #8] */
        0xb8408802,  /* ldtr w2, [x0, #8] */
        0x3880f803,  /* ldtrsb x3, [x0, #15] */
        0x78c0e804,  /* ldtrsh w4, [x0, #14] */
        0xb880c805,  /* ldtrsw x5, [x0, #12] */
        0x381ff801,  /* sttrb w1, [x0, #-1] */
        0x781fc801,  /* sttrh w1, [x0, #-4] */
        0x385ff806,  /* ldtrb w6, [x0, #-1] */
        0x785fc807,  /* ldtrh w7, [x0, #-4] */
        0xf8408808); /* ldtr x8, [x0, #8] */
    ck_assert_uint_eq(h_peek(D + 24, 8), 0x8899aabbccddeeffULL);
    ck_assert_uint_eq(h_peek(D + 8, 8), 0xff00eeff00000000ULL);
    ck_assert_uint_eq(xr(2), 0xccddeeffULL);
    ck_assert_uint_eq(xr(3), 0xffffffffffffff88ULL);
    ck_assert_uint_eq(xr(4), 0xffff8899ULL);
    ck_assert_uint_eq(xr(5), 0xffffffff8899aabbULL);
    ck_assert_uint_eq(xr(6), 0xff);
    ck_assert_uint_eq(xr(7), 0xeeff);
    ck_assert_uint_eq(xr(8), 0x8899aabbccddeeffULL);
    ck_assert_uint_eq(xr(0), D + 16);
}

START_TEST(test_unprivileged_el3) { run_unprivileged(); }
END_TEST

/* At EL1 they are checked as EL0 accesses; with the MMU off there is nothing to deny. */
START_TEST(test_unprivileged_el1)
{
    h_set_el(1);
    run_unprivileged();
    ck_assert_uint_eq(hc->ps.el, 1);
}
END_TEST

/* ---- Register offset ---- */

START_TEST(test_register_offset)
{
    h_poke(D + 56, 8, 0x8000000080008080ULL);
    h_poke(D + 64, 8, 0x1111111111111111ULL);
    h_poke(D + 72, 8, 0x7777666655554444ULL);
    h_poke(D + 80, 8, 0xaaaaaaaaaaaaaaaaULL);
    set_x(0, D + 64);

    set_x(2, 2);
    RUN(0xf8627801); /* ldr x1, [x0, x2, lsl #3] */
    ck_assert_uint_eq(xr(1), 0xaaaaaaaaaaaaaaaaULL);

    set_x(2, 0xffffffff00000003ULL);  /* UXTW ignores the top half */
    RUN(0xb8625801); /* ldr w1, [x0, w2, uxtw #2] */
    ck_assert_uint_eq(xr(1), 0x77776666ULL);

    set_x(2, 0x00000000fffffff8ULL);  /* w2 = -8 */
    RUN(0xf862c801); /* ldr x1, [x0, w2, sxtw] */
    ck_assert_uint_eq(xr(1), 0x8000000080008080ULL);

    set_x(2, ~0ULL);
    RUN(0xf862f801); /* ldr x1, [x0, x2, sxtx #3] */
    ck_assert_uint_eq(xr(1), 0x8000000080008080ULL);

    set_x(2, (uint64_t)-2);
    RUN(0xb8a27804); /* ldrsw x4, [x0, x2, lsl #2] */
    ck_assert_uint_eq(xr(4), 0xffffffff80008080ULL);

    set_x(2, 3);
    RUN(0x78a27801); /* ldrsh x1, [x0, x2, lsl #1] */
    ck_assert_uint_eq(xr(1), 0x1111);
    set_x(2, ~0ULL);
    RUN(0x78a27801); /* ldrsh x1, [x0, x2, lsl #1] */
    ck_assert_uint_eq(xr(1), 0xffffffffffff8000ULL);

    set_x(2, 0xffffffff);             /* w2 = -1 */
    set_x(3, ~0ULL);
    RUN(0x38e2c803); /* ldrsb w3, [x0, w2, sxtw] */
    ck_assert_uint_eq(xr(3), 0xffffff80ULL);

    RUN(0xf87f6801); /* ldr x1, [x0, xzr] */
    ck_assert_uint_eq(xr(1), 0x1111111111111111ULL);

    set_x(1, 0xa1b2c3d4e5f60718ULL);
    set_x(2, 5);
    RUN(0x38226801); /* strb w1, [x0, x2] */
    ck_assert_uint_eq(h_peek(D + 64, 8), 0x1111181111111111ULL);
    set_x(2, 0xffffffff00000004ULL);
    RUN(0x78225801); /* strh w1, [x0, w2, uxtw #1] */
    ck_assert_uint_eq(h_peek(D + 72, 8), 0x7777666655550718ULL);

    hc->sp = D + 0x100;
    set_x(2, 8);
    RUN(0xf8226be1); /* str x1, [sp, x2] */
    ck_assert_uint_eq(h_peek(D + 0x108, 8), 0xa1b2c3d4e5f60718ULL);
    ck_assert_uint_eq(hc->sp, D + 0x100);

    set_x(2, UNASSIGNED);
    RUN(0xf8a26800); /* prfm pldl1keep, [x0, x2] -- never faults */
    ck_assert_uint_eq(hc->pc, H_CODE + 4);
}
END_TEST

/* option<1> == 0 (UXTB, UXTH, SXTB, SXTH) is UNDEFINED, PRFM included. */
START_TEST(test_register_offset_unallocated)
{
    static const uint32_t words[] = {
        0xf8623801, /* ldr x1, [x0, x2, lsl #3] with option 001 */
        0xf8629801, /* ldr x1, [x0, x2, lsl #3] with option 100 */
        0x38220801, /* strb w1, [x0, x2] with option 000 */
        0x78a2b801, /* ldrsh x1, [x0, x2, lsl #1] with option 101 */
        0xf8a22800, /* prfm pldl1keep, [x0, x2] with option 001 */
    };
    for (size_t i = 0; i < sizeof(words) / sizeof(words[0]); i++) {
        set_x(0, D);
        set_x(1, 9);
        h_run(&words[i], 1);
        assert_undefined();
        ck_assert_uint_eq(xr(1), 9);
    }
}
END_TEST

/* ---- Load register (literal) ---- */

/* Code followed by its literal pool: load all the words, run `steps` instructions. */
static void run_with_pool(const uint32_t *words, unsigned n, unsigned steps)
{
    h_load(H_CODE, words, n);
    hc->pc = H_CODE;
    h_step(steps);
}

START_TEST(test_literal)
{
    static const uint32_t ldr_x[] = {0x58000041, 0xd503201f, 0x89abcdef, 0x01234567}; /* ldr x1, .+8 */
    static const uint32_t ldr_w[] = {0x18000042, 0xd503201f, 0x89abcdef, 0x01234567}; /* ldr w2, .+8 */
    static const uint32_t ldrsw[] = {0x98000043, 0xd503201f, 0x89abcdef, 0x01234567}; /* ldrsw x3, .+8 */
    static const uint32_t back[] = {0xd503201f, 0x18ffffe4}; /* nop; ldr w4, .-4 */
    static const uint32_t prfm[] = {0xd8800000}; /* prfm pldl1keep, .-0x100000 (unmapped) */
    set_x(2, ~0ULL);
    run_with_pool(ldr_x, 4, 1);
    ck_assert_uint_eq(xr(1), 0x0123456789abcdefULL);
    ck_assert_uint_eq(hc->pc, H_CODE + 4);
    run_with_pool(ldr_w, 4, 1);
    ck_assert_uint_eq(xr(2), 0x89abcdefULL);
    run_with_pool(ldrsw, 4, 1);
    ck_assert_uint_eq(xr(3), 0xffffffff89abcdefULL);
    h_run(back, 2);
    ck_assert_uint_eq(xr(4), 0xd503201fULL);
    h_run(prfm, 1);
    ck_assert_uint_eq(hc->pc, H_CODE + 4);
}
END_TEST

/* ---- Load/store pair ---- */

START_TEST(test_pair_offset)
{
    h_poke(D + 16, 8, 0);
    h_poke(D + 24, 8, 0);
    set_x(0, D + 32);
    set_x(1, 0x0102030405060708ULL);
    set_x(2, 0x1112131415161718ULL);
    set_x(3, ~0ULL);
    set_x(4, ~0ULL);
    RUN(0xa93f0801,  /* stp x1, x2, [x0, #-16] */
        0x297e1003); /* ldp w3, w4, [x0, #-16] */
    ck_assert_uint_eq(h_peek(D + 16, 8), 0x0102030405060708ULL);
    ck_assert_uint_eq(h_peek(D + 24, 8), 0x1112131415161718ULL);
    ck_assert_uint_eq(xr(3), 0x05060708);
    ck_assert_uint_eq(xr(4), 0x01020304);
    ck_assert_uint_eq(xr(0), D + 32);
}
END_TEST

START_TEST(test_pair_indexed)
{
    h_poke(D + 48, 8, 0xababababababababULL);
    set_x(0, D + 32);
    set_x(1, 0x0102030405060708ULL);
    set_x(2, 0x1112131415161718ULL);
    RUN(0x29810801,  /* stp w1, w2, [x0, #8]! */
        0xa8ff1003); /* ldp x3, x4, [x0], #-16 */
    ck_assert_uint_eq(h_peek(D + 40, 8), 0x1516171805060708ULL);
    ck_assert_uint_eq(xr(3), 0x1516171805060708ULL);
    ck_assert_uint_eq(xr(4), 0xababababababababULL);
    ck_assert_uint_eq(xr(0), D + 24);

    h_poke(D + 64, 8, 0);
    set_x(0, D + 64);
    RUN(0x28bf0801,  /* stp w1, w2, [x0], #-8 */
        0xa9c11003); /* ldp x3, x4, [x0, #16]! */
    ck_assert_uint_eq(h_peek(D + 64, 8), 0x1516171805060708ULL);
    ck_assert_uint_eq(xr(0), D + 72);
    ck_assert_uint_eq(xr(3), h_peek(D + 72, 8));
    ck_assert_uint_eq(xr(4), h_peek(D + 80, 8));

    hc->sp = D + 0x100;
    set_x(29, 0x2929292929292929ULL);
    set_x(30, 0x3030303030303030ULL);
    RUN(0xa9bf7bfd); /* stp x29, x30, [sp, #-16]! */
    ck_assert_uint_eq(hc->sp, D + 0xf0);
    ck_assert_uint_eq(h_peek(D + 0xf0, 8), 0x2929292929292929ULL);
    ck_assert_uint_eq(h_peek(D + 0xf8, 8), 0x3030303030303030ULL);
    set_x(29, 0);
    set_x(30, 0);
    RUN(0xa8c17bfd); /* ldp x29, x30, [sp], #16 */
    ck_assert_uint_eq(hc->sp, D + 0x100);
    ck_assert_uint_eq(xr(29), 0x2929292929292929ULL);
    ck_assert_uint_eq(xr(30), 0x3030303030303030ULL);
}
END_TEST

START_TEST(test_ldpsw)
{
    h_poke(D, 8, 0x0000000180000002ULL);
    h_poke(D + 8, 8, 0x7fffffff80000000ULL);
    set_x(0, D);
    RUN(0x69411805); /* ldpsw x5, x6, [x0, #8] */
    ck_assert_uint_eq(xr(5), 0xffffffff80000000ULL);
    ck_assert_uint_eq(xr(6), 0x7fffffffULL);
    ck_assert_uint_eq(xr(0), D);
    RUN(0x68c11805); /* ldpsw x5, x6, [x0], #8 */
    ck_assert_uint_eq(xr(5), 0xffffffff80000002ULL);
    ck_assert_uint_eq(xr(6), 1);
    ck_assert_uint_eq(xr(0), D + 8);
    set_x(0, D + 8);
    RUN(0x69ff1805); /* ldpsw x5, x6, [x0, #-8]! */
    ck_assert_uint_eq(xr(5), 0xffffffff80000002ULL);
    ck_assert_uint_eq(xr(6), 1);
    ck_assert_uint_eq(xr(0), D);
}
END_TEST

START_TEST(test_pair_nontemporal)
{
    h_poke(D + 0x200, 8, 0xfedcba9876543210ULL);
    h_poke(D + 0x208, 8, 0x0f1e2d3c4b5a6978ULL);
    set_x(0, D + 0x400);
    set_x(1, 0x0102030405060708ULL);
    set_x(2, 0x1112131415161718ULL);
    set_x(3, ~0ULL);
    set_x(4, ~0ULL);
    RUN(0xa8010801,  /* stnp x1, x2, [x0, #16] */
        0x28421003); /* ldnp w3, w4, [x0, #16] */
    ck_assert_uint_eq(h_peek(D + 0x410, 8), 0x0102030405060708ULL);
    ck_assert_uint_eq(h_peek(D + 0x418, 8), 0x1112131415161718ULL);
    ck_assert_uint_eq(xr(3), 0x05060708);
    ck_assert_uint_eq(xr(4), 0x01020304);
    ck_assert_uint_eq(xr(0), D + 0x400);
    RUN(0xa8601003); /* ldnp x3, x4, [x0, #-512] */
    ck_assert_uint_eq(xr(3), 0xfedcba9876543210ULL);
    ck_assert_uint_eq(xr(4), 0x0f1e2d3c4b5a6978ULL);
}
END_TEST

START_TEST(test_pair_unallocated)
{
    static const uint32_t words[] = {
        0x68421003, /* ldnp w3, w4, [x0, #16] with opc = 01: no LDPSW no-allocate */
        0xe9421003, /* ldp with opc = 11 */
    };
    for (size_t i = 0; i < sizeof(words) / sizeof(words[0]); i++) {
        set_x(0, D);
        h_run(&words[i], 1);
        assert_undefined();
    }
}
END_TEST

/* ---- Load/store exclusive ---- */

START_TEST(test_stxr_without_ldxr_fails)
{
    h_poke(D, 8, 0x55);
    set_x(0, D);
    set_x(1, 0x1234);
    set_x(2, ~0ULL);
    RUN(0xc8027c01); /* stxr w2, x1, [x0] */
    ck_assert_uint_eq(xr(2), 1);
    ck_assert_uint_eq(h_peek(D, 8), 0x55);
    ck_assert_uint_eq(hc->pc, H_CODE + 4);
}
END_TEST

START_TEST(test_exclusive_pass)
{
    h_poke(D, 8, 0x55);
    set_x(0, D);
    set_x(1, 0x1234);
    set_x(2, ~0ULL);
    RUN(0xc85f7c03,  /* ldxr x3, [x0] */
        0xc8027c01); /* stxr w2, x1, [x0] */
    ck_assert_uint_eq(xr(3), 0x55);
    ck_assert_uint_eq(xr(2), 0);
    ck_assert_uint_eq(h_peek(D, 8), 0x1234);
    /* The monitor is open again: a second store-exclusive fails. */
    set_x(1, 0x9999);
    RUN(0xc8027c01); /* stxr w2, x1, [x0] */
    ck_assert_uint_eq(xr(2), 1);
    ck_assert_uint_eq(h_peek(D, 8), 0x1234);
}
END_TEST

START_TEST(test_exclusive_sizes)
{
    h_poke(D, 8, 0xa5a5a5a5a5a5a5a5ULL);
    set_x(0, D);
    set_x(1, 0x1122334455667788ULL);
    set_x(3, ~0ULL);
    RUN(0x085f7c03,  /* ldxrb w3, [x0] */
        0x08027c01); /* stxrb w2, w1, [x0] */
    ck_assert_uint_eq(xr(3), 0xa5);
    ck_assert_uint_eq(xr(2), 0);
    ck_assert_uint_eq(h_peek(D, 8), 0xa5a5a5a5a5a5a588ULL);
    RUN(0x485ffc03,  /* ldaxrh w3, [x0] */
        0x4802fc01); /* stlxrh w2, w1, [x0] */
    ck_assert_uint_eq(xr(3), 0xa588);
    ck_assert_uint_eq(xr(2), 0);
    ck_assert_uint_eq(h_peek(D, 8), 0xa5a5a5a5a5a57788ULL);
    RUN(0x885f7c03,  /* ldxr w3, [x0] */
        0x8802fc01); /* stlxr w2, w1, [x0] */
    ck_assert_uint_eq(xr(3), 0xa5a57788);
    ck_assert_uint_eq(xr(2), 0);
    ck_assert_uint_eq(h_peek(D, 8), 0xa5a5a5a555667788ULL);
}
END_TEST

START_TEST(test_exclusive_mismatch)
{
    h_poke(D, 8, 1);
    h_poke(D + 8, 8, 2);
    set_x(0, D);
    set_x(1, 0x77);
    RUN(0xc85f7c03); /* ldxr x3, [x0] */
    set_x(0, D + 8);
    RUN(0xc8027c01); /* stxr w2, x1, [x0] -- another address */
    ck_assert_uint_eq(xr(2), 1);
    ck_assert_uint_eq(h_peek(D + 8, 8), 2);
    /* The failed store-exclusive cleared the monitor. */
    set_x(0, D);
    RUN(0xc8027c01); /* stxr w2, x1, [x0] */
    ck_assert_uint_eq(xr(2), 1);
    ck_assert_uint_eq(h_peek(D, 8), 1);
    /* Same address, another size. */
    RUN(0x885f7c03,  /* ldxr w3, [x0] */
        0xc8027c01); /* stxr w2, x1, [x0] */
    ck_assert_uint_eq(xr(2), 1);
    ck_assert_uint_eq(h_peek(D, 8), 1);
}
END_TEST

START_TEST(test_exclusive_pair)
{
    h_poke(D, 8, 0x1111111122222222ULL);
    h_poke(D + 8, 8, 0x3333333344444444ULL);
    set_x(0, D);
    set_x(1, 0x0102030405060708ULL);
    set_x(2, 0x1112131415161718ULL);
    set_x(5, ~0ULL);
    RUN(0xc87f1003,  /* ldxp x3, x4, [x0] */
        0xc8250801); /* stxp w5, x1, x2, [x0] */
    ck_assert_uint_eq(xr(3), 0x1111111122222222ULL);
    ck_assert_uint_eq(xr(4), 0x3333333344444444ULL);
    ck_assert_uint_eq(xr(5), 0);
    ck_assert_uint_eq(h_peek(D, 8), 0x0102030405060708ULL);
    ck_assert_uint_eq(h_peek(D + 8, 8), 0x1112131415161718ULL);

    set_x(3, ~0ULL);
    set_x(4, ~0ULL);
    RUN(0x887f9003,  /* ldaxp w3, w4, [x0] */
        0x88258801); /* stlxp w5, w1, w2, [x0] */
    ck_assert_uint_eq(xr(3), 0x05060708);
    ck_assert_uint_eq(xr(4), 0x01020304);
    ck_assert_uint_eq(xr(5), 0);
    ck_assert_uint_eq(h_peek(D, 8), 0x1516171805060708ULL);
    ck_assert_uint_eq(h_peek(D + 8, 8), 0x1112131415161718ULL);

    /* Without a load-exclusive pair it fails. */
    set_x(1, 0);
    RUN(0xc8250801); /* stxp w5, x1, x2, [x0] */
    ck_assert_uint_eq(xr(5), 1);
    ck_assert_uint_eq(h_peek(D, 8), 0x1516171805060708ULL);
}
END_TEST

START_TEST(test_exclusive_sp_base)
{
    hc->sp = D + 0x100;
    h_poke(D + 0x100, 8, 42);
    set_x(1, 43);
    RUN(0xc85fffe3,  /* ldaxr x3, [sp] */
        0xc8027fe1); /* stxr w2, x1, [sp] */
    ck_assert_uint_eq(xr(3), 42);
    ck_assert_uint_eq(xr(2), 0);
    ck_assert_uint_eq(h_peek(D + 0x100, 8), 43);
}
END_TEST

/* Alignment is checked first, even when the monitor would fail the store (and the pair forms
 * must be aligned to the whole pair). */
START_TEST(test_exclusive_alignment)
{
    h_poke(D + 8, 8, 0x66);
    set_x(0, D + 4);
    set_x(3, 0x33);
    RUN(0xc85f7c03); /* ldxr x3, [x0] */
    assert_data_abort(H_CODE, D + 4, FSC_ALIGN);
    ck_assert_uint_eq(xr(3), 0x33);

    set_x(2, 0x22);
    RUN(0xc8027c01); /* stxr w2, x1, [x0] */
    assert_data_abort(H_CODE, D + 4, FSC_ALIGN);
    ck_assert_uint_eq(xr(2), 0x22);

    set_x(0, D + 8);
    RUN(0xc87f1003); /* ldxp x3, x4, [x0] -- 8-aligned, not 16 */
    assert_data_abort(H_CODE, D + 8, FSC_ALIGN);
    ck_assert_uint_eq(xr(3), 0x33);

    set_x(5, 0x55);
    RUN(0xc8250801); /* stxp w5, x1, x2, [x0] */
    assert_data_abort(H_CODE, D + 8, FSC_ALIGN);
    ck_assert_uint_eq(xr(5), 0x55);
    ck_assert_uint_eq(h_peek(D + 8, 8), 0x66);

    set_x(0, D + 4);
    RUN(0x887f9003); /* ldaxp w3, w4, [x0] -- 4-aligned, not 8 */
    assert_data_abort(H_CODE, D + 4, FSC_ALIGN);
}
END_TEST

/* ---- Load/store ordered, LDAPR ---- */

START_TEST(test_ordered)
{
    h_poke(D, 8, 0);
    set_x(0, D);
    set_x(1, 0x1122334455667788ULL);
    for (unsigned n = 2; n <= 5; n++)
        set_x(n, ~0ULL);
    RUN(0xc89ffc01,  /* stlr x1, [x0] */
        0x88dffc02,  /* ldar w2, [x0] */
        0x08dffc03,  /* ldarb w3, [x0] */
        0x48dffc04,  /* ldarh w4, [x0] */
        0xc8dffc05); /* ldar x5, [x0] */
    ck_assert_uint_eq(h_peek(D, 8), 0x1122334455667788ULL);
    ck_assert_uint_eq(xr(2), 0x55667788);
    ck_assert_uint_eq(xr(3), 0x88);
    ck_assert_uint_eq(xr(4), 0x7788);
    ck_assert_uint_eq(xr(5), 0x1122334455667788ULL);

    set_x(1, 0xaabbccddULL);
    RUN(0x089ffc01); /* stlrb w1, [x0] */
    ck_assert_uint_eq(h_peek(D, 8), 0x11223344556677ddULL);
    RUN(0x489ffc01); /* stlrh w1, [x0] */
    ck_assert_uint_eq(h_peek(D, 8), 0x112233445566ccddULL);
    RUN(0x889ffc01); /* stlr w1, [x0] */
    ck_assert_uint_eq(h_peek(D, 8), 0x11223344aabbccddULL);

    set_x(0, D + 4);
    RUN(0xc8dffc05); /* ldar x5, [x0] */
    assert_data_abort(H_CODE, D + 4, FSC_ALIGN);
}
END_TEST

START_TEST(test_ldapr)
{
    h_poke(D, 8, 0x8182838485868788ULL);
    set_x(0, D);
    for (unsigned n = 1; n <= 4; n++)
        set_x(n, ~0ULL);
    RUN(0xf8bfc001,  /* ldapr x1, [x0] */
        0x38bfc002,  /* ldaprb w2, [x0] */
        0x78bfc003,  /* ldaprh w3, [x0] */
        0xb8bfc004); /* ldapr w4, [x0] */
    ck_assert_uint_eq(xr(1), 0x8182838485868788ULL);
    ck_assert_uint_eq(xr(2), 0x88);
    ck_assert_uint_eq(xr(3), 0x8788);
    ck_assert_uint_eq(xr(4), 0x85868788);
    set_x(0, D + 2);
    RUN(0xb8bfc004); /* ldapr w4, [x0] */
    assert_data_abort(H_CODE, D + 2, FSC_ALIGN);
}
END_TEST

/* ---- Compare and swap ---- */

START_TEST(test_cas)
{
    h_poke(D, 8, 5);
    set_x(0, D);
    set_x(1, 5);
    set_x(2, 9);
    RUN(0xc8a17c02); /* cas x1, x2, [x0] */
    ck_assert_uint_eq(h_peek(D, 8), 9);
    ck_assert_uint_eq(xr(1), 5);
    /* Comparison fails: no write, Rs gets the value in memory. */
    set_x(2, 11);
    RUN(0xc8a17c02); /* cas x1, x2, [x0] */
    ck_assert_uint_eq(h_peek(D, 8), 9);
    ck_assert_uint_eq(xr(1), 9);
}
END_TEST

START_TEST(test_cas_sizes)
{
    /* Only the low byte of Rs is compared; Rs gets the old byte zero-extended. */
    h_poke(D, 8, 0xaaaaaaaaaaaaaa05ULL);
    set_x(0, D);
    set_x(1, 0xffffffffffffff05ULL);
    set_x(2, 0x1234567890ULL);
    RUN(0x08a17c02); /* casb w1, w2, [x0] */
    ck_assert_uint_eq(h_peek(D, 8), 0xaaaaaaaaaaaaaa90ULL);
    ck_assert_uint_eq(xr(1), 0x05);

    set_x(1, 0x91);
    RUN(0x08a1fc02); /* caslb w1, w2, [x0] -- fails */
    ck_assert_uint_eq(h_peek(D, 8), 0xaaaaaaaaaaaaaa90ULL);
    ck_assert_uint_eq(xr(1), 0x90);

    h_poke(D, 8, 0xaaaaaaaa80000000ULL);
    set_x(1, 0x180000000ULL);
    set_x(2, 0xffffffff00000007ULL);
    RUN(0x88e1fc02); /* casal w1, w2, [x0] */
    ck_assert_uint_eq(h_peek(D, 8), 0xaaaaaaaa00000007ULL);
    ck_assert_uint_eq(xr(1), 0x80000000ULL);

    h_poke(D, 8, 0x1234);
    set_x(1, 0x1235);
    RUN(0x48e17c02); /* casah w1, w2, [x0] -- fails */
    ck_assert_uint_eq(h_peek(D, 8), 0x1234);
    ck_assert_uint_eq(xr(1), 0x1234);
    set_x(1, 0xffff1234ULL);
    RUN(0x48e17c02); /* casah w1, w2, [x0] */
    ck_assert_uint_eq(h_peek(D, 8), 0x0007);
    ck_assert_uint_eq(xr(1), 0x1234);

    set_x(0, D + 2);
    set_x(1, 0x77);
    RUN(0xc8a17c02); /* cas x1, x2, [x0] */
    assert_data_abort(H_CODE, D + 2, FSC_ALIGN);
    ck_assert_uint_eq(xr(1), 0x77);
}
END_TEST

START_TEST(test_casp)
{
    h_poke(D, 8, 0xaaaaaaaaaaaaaaaaULL);
    h_poke(D + 8, 8, 0xbbbbbbbbbbbbbbbbULL);
    set_x(0, D);
    set_x(2, 0xaaaaaaaaaaaaaaaaULL);
    set_x(3, 0xbbbbbbbbbbbbbbbbULL);
    set_x(4, 0xccccccccccccccccULL);
    set_x(5, 0xddddddddddddddddULL);
    RUN(0x48227c04); /* casp x2, x3, x4, x5, [x0] */
    ck_assert_uint_eq(h_peek(D, 8), 0xccccccccccccccccULL);
    ck_assert_uint_eq(h_peek(D + 8, 8), 0xddddddddddddddddULL);
    ck_assert_uint_eq(xr(2), 0xaaaaaaaaaaaaaaaaULL);
    ck_assert_uint_eq(xr(3), 0xbbbbbbbbbbbbbbbbULL);

    /* The first halves match, the second do not: no write, both Rs registers updated. */
    set_x(2, 0xccccccccccccccccULL);
    set_x(3, 0);
    set_x(4, 1);
    set_x(5, 2);
    RUN(0x48227c04); /* casp x2, x3, x4, x5, [x0] */
    ck_assert_uint_eq(h_peek(D, 8), 0xccccccccccccccccULL);
    ck_assert_uint_eq(h_peek(D + 8, 8), 0xddddddddddddddddULL);
    ck_assert_uint_eq(xr(2), 0xccccccccccccccccULL);
    ck_assert_uint_eq(xr(3), 0xddddddddddddddddULL);
}
END_TEST

START_TEST(test_casp_w)
{
    h_poke(D, 8, 0x2222222211111111ULL);
    h_poke(D + 8, 8, 0x5a5a5a5a5a5a5a5aULL);
    set_x(0, D);
    set_x(2, 0xffffffff11111111ULL);
    set_x(3, 0xffffffff22222222ULL);
    set_x(4, 0xffffffff44444444ULL);
    set_x(5, 0xffffffff55555555ULL);
    RUN(0x0862fc04); /* caspal w2, w3, w4, w5, [x0] */
    ck_assert_uint_eq(h_peek(D, 8), 0x5555555544444444ULL);
    ck_assert_uint_eq(h_peek(D + 8, 8), 0x5a5a5a5a5a5a5a5aULL);
    ck_assert_uint_eq(xr(2), 0x11111111);
    ck_assert_uint_eq(xr(3), 0x22222222);
    RUN(0x0862fc04); /* caspal w2, w3, w4, w5, [x0] -- fails now */
    ck_assert_uint_eq(h_peek(D, 8), 0x5555555544444444ULL);
    ck_assert_uint_eq(xr(2), 0x44444444);
    ck_assert_uint_eq(xr(3), 0x55555555);
}
END_TEST

/* Rs = 30 pairs x30 with XZR: the second comparand is zero and the write to XZR vanishes. */
START_TEST(test_casp_xzr)
{
    h_poke(D, 8, 0x3030);
    h_poke(D + 8, 8, 0);
    set_x(0, D);
    set_x(30, 0x3030);
    set_x(4, 0x4444);
    set_x(5, 0x5555);
    RUN(0x487e7c04); /* caspa x30, xzr, x4, x5, [x0] */
    ck_assert_uint_eq(h_peek(D, 8), 0x4444);
    ck_assert_uint_eq(h_peek(D + 8, 8), 0x5555);
    ck_assert_uint_eq(xr(30), 0x3030);
    ck_assert_uint_eq(xr(31), 0);
    RUN(0x487e7c04); /* caspa x30, xzr, x4, x5, [x0] -- fails */
    ck_assert_uint_eq(xr(30), 0x4444);
    ck_assert_uint_eq(xr(31), 0);
}
END_TEST

START_TEST(test_casp_invalid)
{
    static const uint32_t odd[] = {
        0x48237c04, /* casp with Rs = 3 */
        0x48227c05, /* casp with Rt = 5 */
    };
    for (size_t i = 0; i < 2; i++) {
        set_x(0, D);
        h_run(&odd[i], 1);
        assert_undefined();
    }
    h_poke(D + 8, 8, 0);
    h_poke(D + 16, 8, 0);
    set_x(0, D + 8);
    set_x(2, 0);
    set_x(3, 0);
    RUN(0x48227c04); /* casp x2, x3, x4, x5, [x0] -- 8-aligned, not 16 */
    assert_data_abort(H_CODE, D + 8, FSC_ALIGN);
    ck_assert_uint_eq(h_peek(D + 8, 8), 0);
}
END_TEST

/* ---- Atomic memory operations ---- */

typedef struct {
    uint32_t insn;     /* <op> w1/x1, w2/x2, [x0] */
    unsigned size;
    uint64_t mem, rs;  /* memory before, Rs */
    uint64_t result;   /* memory after (size bytes) */
} AtomicCase;

START_TEST(test_lse_ops)
{
    static const AtomicCase cases[] = {
        {0xf8210002, 8, ~0ULL, 1, 0},                                 /* ldadd x1, x2, [x0] */
        {0x38210002, 1, 0xff, 0x101, 0x00},                           /* ldaddb w1, w2, [x0] */
        {0xb8e10002, 4, 0xffffffff, 2, 1},                            /* ldaddal w1, w2, [x0] */
        {0x78211002, 2, 0xffff, 0xff00ff, 0xff00},                    /* ldclrh w1, w2, [x0] */
        {0xf8211002, 8, ~0ULL, 0xf0, ~0xf0ULL},                       /* ldclr x1, x2, [x0] */
        {0xb8212002, 4, 0xf0f0f0f0, 0xffffffff0ff00ff0ULL, 0xff00ff00}, /* ldeor w1, w2, [x0] */
        {0x78a12002, 2, 0xffff, 0x00ff, 0xff00},                      /* ldeorah w1, w2, [x0] */
        {0xf8213002, 8, 0x8000000000000001ULL, 0x10, 0x8000000000000011ULL}, /* ldset x1, x2, [x0] */
        {0x38613002, 1, 0x01, 0x80, 0x81},                            /* ldsetlb w1, w2, [x0] */
        {0x38214002, 1, 0x80, 0x7f, 0x7f},                            /* ldsmaxb: max(-128, 127) */
        {0x38214002, 1, 0x80, 0xffffff01, 0x01},                      /* ldsmaxb: Rs bits above 7 ignored */
        {0x38214002, 1, 0x7f, 0x80, 0x7f},                            /* ldsmaxb: max(127, -128) */
        {0x78214002, 2, 0xffff, 0x0000, 0x0000},                      /* ldsmaxh: max(-1, 0) */
        {0xf8214002, 8, 0x8000000000000000ULL, 0x7fffffffffffffffULL, 0x7fffffffffffffffULL}, /* ldsmax x */
        {0x78215002, 2, 0x7fff, 0x8000, 0x8000},                      /* ldsminh: min(32767, -32768) */
        {0x38215002, 1, 0x01, 0xff, 0xff},                            /* ldsminb: min(1, -1) */
        {0xb8215002, 4, 0x80000000, 0x7fffffff, 0x80000000},          /* ldsmin w */
        {0x38216002, 1, 0x80, 0x7f, 0x80},                            /* ldumaxb: unsigned 128 > 127 */
        {0xb8616002, 4, 0x7fffffff, 0x80000000, 0x80000000},          /* ldumaxl w1, w2, [x0] */
        {0xf8216002, 8, 1, ~0ULL, ~0ULL},                             /* ldumax x1, x2, [x0] */
        {0xf8217002, 8, 0x8000000000000000ULL, 1, 1},                 /* ldumin x1, x2, [x0] */
        {0xb8217002, 4, 0x80000000, 0xffffffff00000005ULL, 5},        /* ldumin w: Rs bits above 31 ignored */
        {0x38a17002, 1, 0x80, 0x7f, 0x7f},                            /* lduminab w1, w2, [x0] */
        {0x78218002, 2, 0x1234, 0xabcdef, 0xcdef},                    /* swph w1, w2, [x0] */
        {0x38218002, 1, 0x12, 0x3456, 0x56},                          /* swpb w1, w2, [x0] */
        {0xf8e18002, 8, 5, 6, 6},                                     /* swpal x1, x2, [x0] */
    };
    for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
        const AtomicCase *k = &cases[i];
        uint64_t mask = k->size == 8 ? ~0ULL : (1ULL << (8 * k->size)) - 1;
        uint64_t around = 0xa5a5a5a5a5a5a5a5ULL & ~mask;
        h_poke(D, 8, around | k->mem);
        set_x(0, D);
        set_x(1, k->rs);
        set_x(2, ~0ULL);
        h_run(&k->insn, 1);
        ck_assert_msg(hc->pc == H_CODE + 4, "case %zu (%08x) faulted", i, k->insn);
        ck_assert_msg(h_peek(D, 8) == (around | k->result), "case %zu (%08x): memory %016llx", i, k->insn,
                      (unsigned long long)h_peek(D, 8));
        ck_assert_msg(xr(2) == k->mem, "case %zu (%08x): Rt %016llx", i, k->insn, (unsigned long long)xr(2));
        ck_assert_uint_eq(xr(1), k->rs);
    }
}
END_TEST

/* Rt = 31: the ST<op> alias; the old value goes nowhere. */
START_TEST(test_stadd)
{
    h_poke(D, 8, 10);
    set_x(0, D);
    set_x(1, 5);
    RUN(0xf821001f); /* stadd x1, [x0] */
    ck_assert_uint_eq(h_peek(D, 8), 15);
    ck_assert_uint_eq(xr(31), 0);
}
END_TEST

START_TEST(test_lse_alignment)
{
    h_poke(D, 8, 0);
    h_poke(D + 8, 8, 0);
    set_x(0, D + 4);
    set_x(1, 1);
    set_x(2, 0x22);
    RUN(0xf8210002); /* ldadd x1, x2, [x0] */
    assert_data_abort(H_CODE, D + 4, FSC_ALIGN);
    ck_assert_uint_eq(xr(2), 0x22);
    ck_assert_uint_eq(h_peek(D, 8), 0);
    ck_assert_uint_eq(h_peek(D + 8, 8), 0);
}
END_TEST

/* ---- Faults ---- */

START_TEST(test_unaligned_ldr)
{
    set_x(0, D + 1);
    set_x(1, 0x11);
    RUN(0xf9400001); /* ldr x1, [x0] */
    assert_data_abort(H_CODE, D + 1, FSC_ALIGN);
    ck_assert_uint_eq(xr(1), 0x11);
}
END_TEST

START_TEST(test_external_abort)
{
    set_x(0, UNASSIGNED);
    set_x(1, 0x11);
    RUN(0xf9400001); /* ldr x1, [x0] */
    assert_data_abort(H_CODE, UNASSIGNED, FSC_SYNC_EXT);
    ck_assert_uint_eq(xr(1), 0x11);
}
END_TEST

/* A faulting access leaves the base register as it was. */
START_TEST(test_fault_no_writeback)
{
    set_x(0, D + 1);
    set_x(1, 0x11);
    set_x(2, 0x22);
    RUN(0xf8408c01); /* ldr x1, [x0, #8]! */
    assert_data_abort(H_CODE, D + 9, FSC_ALIGN);
    ck_assert_uint_eq(xr(0), D + 1);
    ck_assert_uint_eq(xr(1), 0x11);

    RUN(0xf8410401); /* ldr x1, [x0], #16 */
    assert_data_abort(H_CODE, D + 1, FSC_ALIGN);
    ck_assert_uint_eq(xr(0), D + 1);

    set_x(0, UNASSIGNED - 8);
    RUN(0xf8008c01); /* str x1, [x0, #8]! */
    assert_data_abort(H_CODE, UNASSIGNED, FSC_SYNC_EXT);
    ck_assert_uint_eq(xr(0), UNASSIGNED - 8);

    set_x(0, UNASSIGNED - 16);
    RUN(0xa9c10801); /* ldp x1, x2, [x0, #16]! */
    assert_data_abort(H_CODE, UNASSIGNED, FSC_SYNC_EXT);
    ck_assert_uint_eq(xr(0), UNASSIGNED - 16);
    ck_assert_uint_eq(xr(1), 0x11);
    ck_assert_uint_eq(xr(2), 0x22);

    set_x(0, UNASSIGNED);
    RUN(0xa8810801); /* stp x1, x2, [x0], #16 */
    assert_data_abort(H_CODE, UNASSIGNED, FSC_SYNC_EXT);
    ck_assert_uint_eq(xr(0), UNASSIGNED);

    /* The second element of a pair faults: no register is written. */
    set_x(0, 0x40000000ULL + 64 * 1024 * 1024 - 8);   /* last 8 bytes of RAM */
    RUN(0xa9c00801); /* ldp x1, x2, [x0, #0]! */
    assert_data_abort(H_CODE, 0x40000000ULL + 64 * 1024 * 1024, FSC_SYNC_EXT);
    ck_assert_uint_eq(xr(1), 0x11);
    ck_assert_uint_eq(xr(2), 0x22);
}
END_TEST

/* Prefetches never fault, whatever the address. */
START_TEST(test_prefetch)
{
    set_x(0, UNASSIGNED + 3);
    hc->sp = D + 8;
    hc->sr[SR_SCTLR_EL3] |= 1u << 3;
    RUN(0xf8801000,  /* prfum pldl1keep, [x0, #1] */
        0xf9800400,  /* prfm pldl1keep, [x0, #8] */
        0xf98003e0); /* prfm pldl1keep, [sp] -- no SP alignment check */
    ck_assert_uint_eq(hc->pc, H_CODE + 12);
    ck_assert_uint_eq(hc->ps.el, 3);
}
END_TEST

/* CheckSPAlignment: SCTLR_ELx.SA (SA0 for EL0) makes a misaligned SP base fault. */
START_TEST(test_sp_alignment)
{
    h_poke(D + 8, 8, 0x88);
    hc->sp = D + 8;
    RUN(0xf94003e1); /* ldr x1, [sp] -- SA clear: fine */
    ck_assert_uint_eq(xr(1), 0x88);

    hc->sr[SR_SCTLR_EL3] |= 1u << 3;
    set_x(1, 0x11);
    hc->sp = D + 8;
    RUN(0xf94003e1); /* ldr x1, [sp] */
    assert_sync_el3(EC_SP_ALIGN, H_CODE);
    ck_assert_uint_eq(xr(1), 0x11);

    /* A base other than SP is not checked. */
    set_x(0, D + 8);
    RUN(0xf9400001); /* ldr x1, [x0] */
    ck_assert_uint_eq(xr(1), 0x88);
}
END_TEST

START_TEST(test_sp_alignment_el1)
{
    h_set_el(1);
    hc->sr[SR_SCTLR_EL1] |= 1u << 3;
    hc->sp = D + 8;
    RUN(0xa9bf7bfd); /* stp x29, x30, [sp, #-16]! */
    ck_assert_uint_eq(hc->ps.el, 1);
    ck_assert_uint_eq(hc->pc, H_VBAR + 0x200);
    ck_assert_uint_eq(hc->sr[SR_ESR_EL1] >> 26, EC_SP_ALIGN);
    ck_assert_uint_eq(hc->sr[SR_ELR_EL1], H_CODE);
}
END_TEST

START_TEST(test_sp_alignment_el0)
{
    h_set_el(0);
    hc->sr[SR_SCTLR_EL1] |= 1u << 4;  /* SA0 */
    hc->sp = D + 8;
    RUN(0xf94003e1); /* ldr x1, [sp] */
    ck_assert_uint_eq(hc->ps.el, 1);
    ck_assert_uint_eq(hc->pc, H_VBAR + 0x400);
    ck_assert_uint_eq(hc->sr[SR_ESR_EL1] >> 26, EC_SP_ALIGN);
}
END_TEST

static Suite *ldst_suite(void)
{
    Suite *s = suite_create("ldst");
    TCase *tc = tcase_create("core");
    tcase_add_checked_fixture(tc, setup, teardown);
    tcase_add_test(tc, test_rows);
    tcase_add_test(tc, test_ldr_str_imm);
    tcase_add_test(tc, test_str_sizes);
    tcase_add_test(tc, test_xzr);
    tcase_add_test(tc, test_ldrs_imm);
    tcase_add_test(tc, test_ldrs_unallocated);
    tcase_add_test(tc, test_ldur_stur);
    tcase_add_test(tc, test_post_index);
    tcase_add_test(tc, test_pre_index);
    tcase_add_test(tc, test_sp_base);
    tcase_add_test(tc, test_writeback_rt_is_rn);
    tcase_add_test(tc, test_unprivileged_el3);
    tcase_add_test(tc, test_unprivileged_el1);
    tcase_add_test(tc, test_register_offset);
    tcase_add_test(tc, test_register_offset_unallocated);
    tcase_add_test(tc, test_literal);
    tcase_add_test(tc, test_pair_offset);
    tcase_add_test(tc, test_pair_indexed);
    tcase_add_test(tc, test_ldpsw);
    tcase_add_test(tc, test_pair_nontemporal);
    tcase_add_test(tc, test_pair_unallocated);
    tcase_add_test(tc, test_stxr_without_ldxr_fails);
    tcase_add_test(tc, test_exclusive_pass);
    tcase_add_test(tc, test_exclusive_sizes);
    tcase_add_test(tc, test_exclusive_mismatch);
    tcase_add_test(tc, test_exclusive_pair);
    tcase_add_test(tc, test_exclusive_sp_base);
    tcase_add_test(tc, test_exclusive_alignment);
    tcase_add_test(tc, test_ordered);
    tcase_add_test(tc, test_ldapr);
    tcase_add_test(tc, test_cas);
    tcase_add_test(tc, test_cas_sizes);
    tcase_add_test(tc, test_casp);
    tcase_add_test(tc, test_casp_w);
    tcase_add_test(tc, test_casp_xzr);
    tcase_add_test(tc, test_casp_invalid);
    tcase_add_test(tc, test_lse_ops);
    tcase_add_test(tc, test_stadd);
    tcase_add_test(tc, test_lse_alignment);
    tcase_add_test(tc, test_unaligned_ldr);
    tcase_add_test(tc, test_external_abort);
    tcase_add_test(tc, test_fault_no_writeback);
    tcase_add_test(tc, test_prefetch);
    tcase_add_test(tc, test_sp_alignment);
    tcase_add_test(tc, test_sp_alignment_el1);
    tcase_add_test(tc, test_sp_alignment_el0);
    suite_add_tcase(s, tc);
    return s;
}

int main(void) { return h_run_suite(ldst_suite()); }
