/* SPDX-License-Identifier: MIT */
/* Unit tests for cpu/exception.c and the fault paths that feed it: PSTATE on exception entry
 * (AArch64.TakeException), exception return and its illegal cases (AArch64.ExceptionReturn,
 * IllegalExceptionReturn), the Illegal Execution state exception, PC alignment faults,
 * instruction and data aborts with their routing, and jam detection. */
#include <check.h>
#include <stdbool.h>
#include <stdlib.h>

#include "cpu/decode.h"
#include "cpu/exception.h"
#include "tests/unit/harness.h"


#define HCR_TGE (1ULL << 27)
#define HCR_E2H (1ULL << 34)
#define SCR_NS (1ULL << 0)
#define SCR_EA (1ULL << 3)
#define SCR_RW (1ULL << 10)
#define SCTLR_SPAN (1ULL << 23)
#define SPSR_IL (1u << 20)
#define SPSR_SS (1u << 21)
#define SPSR_PAN (1u << 22)
#define SPSR_UAO (1u << 23)

#define UNASSIGNED 0x20000000ULL   /* no RAM, flash or device */






/* A Data Abort: DFSC, WnR and CM are exact. ISV (and the syndrome it validates) and EA are
 * permitted choices here, so bits 24:14 and 9 are not checked; FnV (bit 10) must be 0. */
static void expect_dabt(unsigned el, unsigned off, unsigned ec, uint32_t iss_low, uint64_t ret, uint64_t fault)
{
    ck_assert_uint_eq(hc->ps.el, el);
    ASSERT_HEX(hc->pc, H_VBAR + off);
    uint64_t esr = h_esr(el);
    ASSERT_HEX(esr >> 25, (ec << 1) | 1u);
    ASSERT_HEX(esr & 0x5FF, iss_low);
    ASSERT_HEX(*h_elr(el), ret);
    ASSERT_HEX(*h_far(el), fault);
}

/* ============================ Exception entry ============================= */

/* AArch64.TakeException: SPSR holds the old PSTATE, DAIF all set, SP_ELx selected, IL, SS and
 * UAO cleared, NZCV kept, PAN set on entry to EL1 when SCTLR_EL1.SPAN is 0. */
START_TEST(test_entry_pstate_el0_to_el1)
{
    hc->sr[SR_SCTLR_EL1] &= ~SCTLR_SPAN;
    h_to_el(0, 0);
    hc->ps.nzcv = FLAG_Z | FLAG_V;
    hc->ps.daif = 0x100;
    hc->ps.ss = 1;
    hc->ps.uao = 1;
    hc->ps.pan = 0;
    RUN(0xd4000001); /* svc #0 */
    h_expect_exc(1, V_LOWER, EC_SVC64, 0, H_CODE + 4);
    ASSERT_HEX(*h_spsr(1), FLAG_Z | FLAG_V | SPSR_UAO | SPSR_SS | 0x100);
    ASSERT_HEX(hc->ps.nzcv, FLAG_Z | FLAG_V);
    ck_assert_uint_eq(hc->ps.ss, 0);
    ck_assert_uint_eq(hc->ps.uao, 0);
    ck_assert_uint_eq(hc->ps.pan, 1);
}
END_TEST

START_TEST(test_entry_span_set_keeps_pan)
{
    hc->sr[SR_SCTLR_EL1] |= SCTLR_SPAN;
    h_to_el(0, 0);
    RUN(0xd4000001); /* svc #0 */
    h_expect_exc(1, V_LOWER, EC_SVC64, 0, H_CODE + 4);
    ck_assert_uint_eq(hc->ps.pan, 0);

    h_to_el(1, 1);
    hc->ps.pan = 1;
    RUN(0xd4000001); /* svc #0: PAN stays set */
    h_expect_exc(1, V_CUR_SPX, EC_SVC64, 0, H_CODE + 4);
    ck_assert_uint_eq(hc->ps.pan, 1);
    ASSERT_HEX(*h_spsr(1), SPSR_PAN | 0x3C5);
}
END_TEST

/* Entry to EL2 (not in the EL2&0 host regime) and to EL3 leaves PAN alone. */
START_TEST(test_entry_el2_el3_pan_unchanged)
{
    hc->sr[SR_SCTLR_EL2] &= ~SCTLR_SPAN;
    hc->sr[SR_SCTLR_EL1] &= ~SCTLR_SPAN;
    h_to_el(1, 1);
    hc->ps.pan = 0;
    RUN(0xd4000002); /* hvc #0 */
    h_expect_exc(2, V_LOWER, EC_HVC64, 0, H_CODE + 4);
    ck_assert_uint_eq(hc->ps.pan, 0);
    h_to_el(1, 1);
    RUN(0xd4000003); /* smc #0 */
    h_expect_exc(3, V_LOWER, EC_SMC64, 0, H_CODE + 4);
    ck_assert_uint_eq(hc->ps.pan, 0);
}
END_TEST

/* With HCR_EL2.{E2H,TGE} = {1,1}, EL2 is the host's kernel level: entry from EL0 sets PAN when
 * SCTLR_EL2.SPAN is 0. */
START_TEST(test_entry_host_el2_pan)
{
    hc->sr[SR_HCR_EL2] |= HCR_E2H | HCR_TGE;
    hc->sr[SR_SCTLR_EL2] &= ~SCTLR_SPAN;
    h_to_el(0, 0);
    RUN(0xd4000001); /* svc #0 */
    h_expect_exc(2, V_LOWER, EC_SVC64, 0, H_CODE + 4);
    ck_assert_uint_eq(hc->ps.pan, 1);
}
END_TEST

/* The vector offsets, and SPSR.M for each source. */
START_TEST(test_vector_offsets)
{
    static const struct { unsigned from_el, from_sp, to_el, off, m; uint32_t insn; } cases[] = {
        {0, 0, 1, V_LOWER, 0x0, 0xd4000001},   /* svc #0 */
        {1, 0, 1, V_CUR_SP0, 0x4, 0xd4000001}, /* svc #0 */
        {1, 1, 1, V_CUR_SPX, 0x5, 0xd4000001}, /* svc #0 */
        {1, 0, 2, V_LOWER, 0x4, 0xd4000002},   /* hvc #0 */
        {2, 0, 2, V_CUR_SP0, 0x8, 0xd4000002}, /* hvc #0 */
        {2, 1, 2, V_CUR_SPX, 0x9, 0xd4000002}, /* hvc #0 */
        {2, 0, 3, V_LOWER, 0x8, 0xd4000003},   /* smc #0 */
        {1, 1, 3, V_LOWER, 0x5, 0xd4000003},   /* smc #0 */
        {3, 0, 3, V_CUR_SP0, 0xC, 0xd4000003}, /* smc #0 */
        {3, 1, 3, V_CUR_SPX, 0xD, 0xd4000003}, /* smc #0 */
    };
    for (unsigned i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        h_to_el(cases[i].from_el, cases[i].from_sp);
        hc->ps.daif = 0;
        RUN(cases[i].insn);
        ck_assert_msg(hc->ps.el == cases[i].to_el && hc->pc == H_VBAR + cases[i].off,
                      "case %u: EL%u pc 0x%llx", i, hc->ps.el, (unsigned long long)hc->pc);
        ASSERT_HEX(*h_spsr(cases[i].to_el), cases[i].m);
    }
}
END_TEST

/* Each EL has its own VBAR. */
START_TEST(test_vbar_per_el)
{
    hc->sr[SR_VBAR_EL1] = 0x40090000;
    hc->sr[SR_VBAR_EL2] = 0x400A0000;
    hc->sr[SR_VBAR_EL3] = 0x400B0000;
    h_to_el(0, 0);
    RUN(0xd4000001); /* svc #0 */
    ASSERT_HEX(hc->pc, 0x40090400);
    RUN(0xd4000002); /* hvc #0 */
    ASSERT_HEX(hc->pc, 0x400A0400);
    RUN(0xd4000003); /* smc #0 */
    ASSERT_HEX(hc->pc, 0x400B0400);
}
END_TEST

/* ============================ Exception return ============================ */

START_TEST(test_eret_restores_state)
{
    *h_spsr(3) = FLAG_Z | FLAG_V | 0x280 | 0x4; /* NZCV, D and I, EL1t */
    *h_elr(3) = H_CODE + 0x200;
    hc->sp_el[0] = 0x7770;
    RUN(0xd69f03e0); /* eret */
    ck_assert_uint_eq(hc->ps.el, 1);
    ck_assert_uint_eq(hc->ps.sp, 0);
    ASSERT_HEX(hc->sp, 0x7770);
    ASSERT_HEX(hc->ps.nzcv, FLAG_Z | FLAG_V);
    ASSERT_HEX(hc->ps.daif, 0x280);
    ASSERT_HEX(hc->pc, H_CODE + 0x200);
    ck_assert_uint_eq(hc->ps.il, 0);
    ck_assert(hc->event_reg);
}
END_TEST

START_TEST(test_eret_to_el2h_and_el0)
{
    *h_spsr(3) = 0x9 | SPSR_PAN | SPSR_UAO; /* EL2h */
    *h_elr(3) = H_CODE + 0x40;
    RUN(0xd69f03e0); /* eret */
    ck_assert_uint_eq(hc->ps.el, 2);
    ck_assert_uint_eq(hc->ps.sp, 1);
    ASSERT_HEX(hc->sp, H_STACK + 0x20000);
    ck_assert_uint_eq(hc->ps.pan, 1);
    ck_assert_uint_eq(hc->ps.uao, 1);
    ASSERT_HEX(hc->pc, H_CODE + 0x40);

    *h_spsr(2) = FLAG_N; /* EL0t */
    *h_elr(2) = H_CODE + 0x80;
    hc->sp_el[0] = 0x1230;
    RUN(0xd69f03e0); /* eret */
    ck_assert_uint_eq(hc->ps.el, 0);
    ck_assert_uint_eq(hc->ps.sp, 0);
    ASSERT_HEX(hc->sp, 0x1230);
    ASSERT_HEX(hc->ps.nzcv, FLAG_N);
    ASSERT_HEX(hc->ps.daif, 0);
    ASSERT_HEX(hc->pc, H_CODE + 0x80);
    /* The banked SP_EL2 was saved on the way out. */
    ASSERT_HEX(hc->sp_el[2], H_STACK + 0x20000);
}
END_TEST

/* Exception return with TGE set is legal to EL0. */
START_TEST(test_eret_tge_to_el0)
{
    hc->sr[SR_HCR_EL2] |= HCR_TGE;
    h_to_el(2, 1);
    *h_spsr(2) = 0;
    *h_elr(2) = H_CODE + 0x40;
    RUN(0xd69f03e0); /* eret */
    ck_assert_uint_eq(hc->ps.el, 0);
    ck_assert_uint_eq(hc->ps.il, 0);
    ASSERT_HEX(hc->pc, H_CODE + 0x40);
}
END_TEST

/* SetPSTATEFromPSR: PSTATE.SS comes back only when software step is enabled (MDSCR_EL1.SS,
 * DebugExceptionReturnSS), and DIT and SSBS exist only with FEAT_DIT and FEAT_SSBS, which this
 * PE lacks (ID_AA64PFR0_EL1.DIT = 0, ID_AA64PFR1_EL1.SSBS = 0). The next exception's SPSR shows
 * none of them. */
START_TEST(test_eret_unimplemented_pstate_bits)
{
    static const uint32_t el1_code[] = {0xd4000001}; /* svc #0 */
    h_load(H_CODE + 0x100, el1_code, 1);
    *h_spsr(3) = 0x5 | SPSR_SS | (1u << 24) | (1u << 12);
    *h_elr(3) = H_CODE + 0x100;
    RUN(0xd69f03e0); /* eret */
    ck_assert_uint_eq(hc->ps.el, 1);
    ck_assert_uint_eq(hc->ps.ss, 0);
    h_step(1);
    h_expect_exc(1, V_CUR_SPX, EC_SVC64, 0, H_CODE + 0x104);
    ASSERT_HEX(*h_spsr(1), 0x5);
}
END_TEST

/* A round trip: SVC from EL0, the handler returns, and EL0 continues after the SVC. */
START_TEST(test_svc_round_trip)
{
    static const uint32_t handler[] = {
        0x91000400, /* add x0, x0, #1 */
        0xd69f03e0, /* eret */
    };
    h_load(H_VBAR + V_LOWER, handler, 2);
    h_to_el(0, 0);
    hc->ps.nzcv = FLAG_C;
    hc->ps.daif = 0;
    RUN(0xd4000001,  /* svc #0 */
        0x91000821); /* add x1, x1, #2 */
    h_step(2);
    ck_assert_uint_eq(hc->ps.el, 0);
    ck_assert_uint_eq(hc->ps.sp, 0);
    ASSERT_HEX(hc->x[0], 1);
    ASSERT_HEX(hc->x[1], 2);
    ASSERT_HEX(hc->pc, H_CODE + 8);
    ASSERT_HEX(hc->ps.nzcv, FLAG_C);
    ASSERT_HEX(hc->ps.daif, 0);
}
END_TEST

START_TEST(test_eret_clears_monitor)
{
    hc->x[1] = H_DATA;
    *h_spsr(3) = 0xD;
    *h_elr(3) = H_CODE + 8;
    RUN(0xc85f7c22,  /* ldxr x2, [x1] */
        0xd69f03e0,  /* eret */
        0xc8037c22); /* stxr w3, x2, [x1] */
    ASSERT_HEX(hc->x[3], 1); /* the store-exclusive fails */
}
END_TEST

START_TEST(test_eret_el0_undefined)
{
    h_to_el(0, 0);
    RUN(0xd69f03e0); /* eret */
    h_expect_exc(1, V_LOWER, EC_UNKNOWN, 0, H_CODE);
}
END_TEST

/* A legal return with SPSR.IL set: PSTATE.IL is restored and the next instruction takes the
 * Illegal Execution state exception at the target EL. */
START_TEST(test_eret_spsr_il)
{
    *h_spsr(3) = SPSR_IL | 0x5;
    *h_elr(3) = H_CODE + 0x100;
    RUN(0xd69f03e0); /* eret */
    ck_assert_uint_eq(hc->ps.el, 1);
    ck_assert_uint_eq(hc->ps.il, 1);
    h_step(1);
    h_expect_exc(1, V_CUR_SPX, EC_ILLEGAL_STATE, 0, H_CODE + 0x100);
    ASSERT_HEX(*h_spsr(1), SPSR_IL | 0x5);
}
END_TEST

/* ======================== Illegal exception returns ======================= */

/* ERET from `el` (SPSel 1) with `m` in SPSR.M[4:0]: an illegal return keeps EL and SP, sets
 * PSTATE.IL, restores NZCV and DAIF, and branches to ELR; the next instruction then takes the
 * Illegal Execution state exception (EC 0x0E) at the same EL. */
static void check_illegal_return(unsigned el, uint32_t m)
{
    uint32_t kept = FLAG_N | FLAG_C | 0x140;
    h_to_el(el, 1);
    *h_spsr(el) = kept | m;
    *h_elr(el) = H_CODE + 0x100;
    RUN(0xd69f03e0); /* eret */
    ck_assert_msg(hc->ps.el == el && hc->ps.sp == 1, "EL%u M=0x%x: now EL%u SP%u", el, m, hc->ps.el, hc->ps.sp);
    ck_assert_uint_eq(hc->ps.il, 1);
    ASSERT_HEX(hc->pc, H_CODE + 0x100);
    ASSERT_HEX(hc->ps.nzcv, FLAG_N | FLAG_C);
    ASSERT_HEX(hc->ps.daif, 0x140);
    h_step(1);
    h_expect_exc(el, V_CUR_SPX, EC_ILLEGAL_STATE, 0, H_CODE + 0x100);
    ASSERT_HEX(*h_spsr(el), kept | SPSR_IL | (el << 2) | 1);
}

START_TEST(test_illegal_return_higher_el)
{
    check_illegal_return(1, 0x9);  /* EL1 -> EL2h */
    check_illegal_return(1, 0xD);  /* EL1 -> EL3h */
    check_illegal_return(2, 0xC);  /* EL2 -> EL3t */
}
END_TEST

START_TEST(test_illegal_return_aarch32)
{
    check_illegal_return(3, 0x10); /* M[4] = 1: User */
    check_illegal_return(1, 0x13); /* Supervisor */
}
END_TEST

START_TEST(test_illegal_return_tge_el1)
{
    hc->sr[SR_HCR_EL2] |= HCR_TGE;
    check_illegal_return(2, 0x5);  /* EL2 -> EL1h with TGE */
    check_illegal_return(3, 0x4);  /* EL3 -> EL1t with TGE (Non-secure) */
}
END_TEST

START_TEST(test_illegal_return_el2_secure)
{
    hc->sr[SR_SCR_EL3] &= ~SCR_NS;
    check_illegal_return(3, 0x9);  /* EL3 -> EL2h with SCR_EL3.NS = 0 */
}
END_TEST

START_TEST(test_illegal_return_reserved_m)
{
    check_illegal_return(1, 0x1);  /* EL0 with SP_EL1: no such mode */
    check_illegal_return(3, 0x2);  /* M[1] = 1 */
    check_illegal_return(3, 0x7);
}
END_TEST

/* The illegal return keeps PSTATE.SP too: from EL1t the exception uses the SP_EL0 vector. */
START_TEST(test_illegal_return_keeps_sp)
{
    h_to_el(1, 0);
    *h_spsr(1) = 0x9;
    *h_elr(1) = H_CODE + 0x100;
    RUN(0xd69f03e0); /* eret */
    ck_assert_uint_eq(hc->ps.sp, 0);
    ck_assert_uint_eq(hc->ps.il, 1);
    h_step(1);
    h_expect_exc(1, V_CUR_SP0, EC_ILLEGAL_STATE, 0, H_CODE + 0x100);
    ASSERT_HEX(*h_spsr(1), SPSR_IL | 0x4);
}
END_TEST

/* HCR_EL2.TGE has no effect when EL2 is not enabled: a return to Secure EL1 is legal. */
START_TEST(test_legal_return_secure_el1_ignores_tge)
{
    hc->sr[SR_HCR_EL2] |= HCR_TGE;
    hc->sr[SR_SCR_EL3] &= ~SCR_NS;
    *h_spsr(3) = 0x5;
    *h_elr(3) = H_CODE + 0x100;
    RUN(0xd69f03e0); /* eret */
    ck_assert_uint_eq(hc->ps.el, 1);
    ck_assert_uint_eq(hc->ps.il, 0);
}
END_TEST

/* The PE implements only AArch64, so SCR_EL3.RW and HCR_EL2.RW are RAO/WI: clearing them with
 * MSR must not make returns to EL1 illegal. */
START_TEST(test_return_after_rw_cleared)
{
    hc->x[1] = SCR_NS | (1u << 8); /* NS, HCE: RW written as 0 */
    hc->x[2] = 0;                  /* HCR_EL2 = 0 */
    *h_spsr(3) = 0x5;
    *h_elr(3) = H_CODE + 0x100;
    RUN(0xd51e1101,  /* msr scr_el3, x1 */
        0xd51c1102,  /* msr hcr_el2, x2 */
        0xd69f03e0); /* eret */
    ck_assert_uint_eq(hc->ps.el, 1);
    ck_assert_uint_eq(hc->ps.il, 0);
    ASSERT_HEX(hc->pc, H_CODE + 0x100);
}
END_TEST

/* PC alignment faults and Instruction Aborts have priority over the Illegal Execution state
 * exception (Arm ARM D1, "Synchronous exception prioritization"). */
START_TEST(test_illegal_return_to_misaligned_pc)
{
    *h_spsr(3) = 0x10;
    *h_elr(3) = H_CODE + 0x102;
    RUN(0xd69f03e0); /* eret */
    ck_assert_uint_eq(hc->ps.il, 1);
    h_step(1);
    h_expect_exc(3, V_CUR_SPX, EC_PC_ALIGN, 0, H_CODE + 0x102);
    ASSERT_HEX(*h_far(3), H_CODE + 0x102);
    ASSERT_HEX(*h_spsr(3), SPSR_IL | 0xD); /* M is not restored by an illegal return */
}
END_TEST

START_TEST(test_illegal_return_to_unassigned_pc)
{
    *h_spsr(3) = 0x10;
    *h_elr(3) = UNASSIGNED;
    RUN(0xd69f03e0); /* eret */
    h_step(1);
    h_expect_exc(3, V_CUR_SPX, EC_IABT_CUR, FSC_SYNC_EXT, UNASSIGNED);
    ASSERT_HEX(*h_far(3), UNASSIGNED);
}
END_TEST

/* ================================= Faults ================================= */

START_TEST(test_pc_alignment_el1)
{
    h_to_el(1, 1);
    hc->x[1] = H_CODE + 0x102;
    RUN(0xd61f0020); /* br x1 */
    ASSERT_HEX(hc->pc, H_CODE + 0x102);
    h_step(1);
    h_expect_exc(1, V_CUR_SPX, EC_PC_ALIGN, 0, H_CODE + 0x102);
    ASSERT_HEX(*h_far(1), H_CODE + 0x102);
}
END_TEST

START_TEST(test_pc_alignment_el0)
{
    h_to_el(0, 0);
    hc->x[1] = H_CODE + 0x201;
    RUN(0xd61f0020); /* br x1 */
    h_step(1);
    h_expect_exc(1, V_LOWER, EC_PC_ALIGN, 0, H_CODE + 0x201);
    ASSERT_HEX(*h_far(1), H_CODE + 0x201);
}
END_TEST

START_TEST(test_iabt_unassigned_el1)
{
    h_to_el(1, 1);
    hc->x[1] = UNASSIGNED;
    RUN(0xd61f0020); /* br x1 */
    h_step(1);
    h_expect_exc(1, V_CUR_SPX, EC_IABT_CUR, FSC_SYNC_EXT, UNASSIGNED);
    ASSERT_HEX(*h_far(1), UNASSIGNED);
}
END_TEST

START_TEST(test_iabt_unassigned_el0)
{
    h_to_el(0, 0);
    hc->x[1] = UNASSIGNED + 0x10;
    RUN(0xd61f0020); /* br x1 */
    h_step(1);
    h_expect_exc(1, V_LOWER, EC_IABT_LOWER, FSC_SYNC_EXT, UNASSIGNED + 0x10);
    ASSERT_HEX(*h_far(1), UNASSIGNED + 0x10);
}
END_TEST

/* With stage 1 off, a PC beyond the PA size is an Address size fault at level 0 (IFSC 0). */
START_TEST(test_iabt_address_size)
{
    h_to_el(1, 1);
    hc->x[1] = 1ULL << 48;
    RUN(0xd61f0020); /* br x1 */
    h_step(1);
    h_expect_exc(1, V_CUR_SPX, EC_IABT_CUR, FSC_ADDR_SIZE_L0, 1ULL << 48);
    ASSERT_HEX(*h_far(1), 1ULL << 48);
}
END_TEST

/* ERET from EL2 to EL1 (TGE clear) is legal. */
START_TEST(test_eret_el2_to_el1)
{
    h_to_el(2, 1);
    *h_spsr(2) = FLAG_Z | 0x4;
    *h_elr(2) = H_CODE + 0x40;
    hc->sp_el[0] = 0x3330;
    RUN(0xd69f03e0); /* eret */
    ck_assert_uint_eq(hc->ps.el, 1);
    ck_assert_uint_eq(hc->ps.sp, 0);
    ck_assert_uint_eq(hc->ps.il, 0);
    ASSERT_HEX(hc->sp, 0x3330);
    ASSERT_HEX(hc->pc, H_CODE + 0x40);
}
END_TEST

START_TEST(test_iabt_tge_to_el2)
{
    hc->sr[SR_HCR_EL2] |= HCR_TGE;
    h_to_el(0, 0);
    hc->x[1] = UNASSIGNED;
    RUN(0xd61f0020); /* br x1 */
    h_step(1);
    h_expect_exc(2, V_LOWER, EC_IABT_LOWER, FSC_SYNC_EXT, UNASSIGNED);
    ASSERT_HEX(*h_far(2), UNASSIGNED);
}
END_TEST

/* AArch64.InstructionAbort: SCR_EL3.EA routes External aborts on fetch to EL3. */
START_TEST(test_iabt_ea_to_el3)
{
    hc->sr[SR_SCR_EL3] |= SCR_EA;
    h_to_el(1, 1);
    hc->x[1] = UNASSIGNED;
    RUN(0xd61f0020); /* br x1 */
    h_step(1);
    h_expect_exc(3, V_LOWER, EC_IABT_LOWER, FSC_SYNC_EXT, UNASSIGNED);
    ASSERT_HEX(*h_far(3), UNASSIGNED);
    ASSERT_HEX(h_esr(1), 0);
    /* A PC alignment fault is not an External abort: it stays at EL1. */
    h_to_el(1, 1);
    hc->x[1] = H_CODE + 0x102;
    RUN(0xd61f0020); /* br x1 */
    h_step(1);
    h_expect_exc(1, V_CUR_SPX, EC_PC_ALIGN, 0, H_CODE + 0x102);
}
END_TEST

START_TEST(test_dabt_el0_to_el1)
{
    h_to_el(0, 0);
    hc->x[1] = UNASSIGNED;
    RUN(0xf9400022); /* ldr x2, [x1] */
    expect_dabt(1, V_LOWER, EC_DABT_LOWER, FSC_SYNC_EXT, H_CODE, UNASSIGNED);
    h_to_el(0, 0);
    RUN(0xf9000022); /* str x2, [x1] */
    expect_dabt(1, V_LOWER, EC_DABT_LOWER, (1u << 6) | FSC_SYNC_EXT, H_CODE, UNASSIGNED);
}
END_TEST

START_TEST(test_dabt_el1)
{
    h_to_el(1, 1);
    hc->x[1] = UNASSIGNED + 8;
    RUN(0xf9400022); /* ldr x2, [x1] */
    expect_dabt(1, V_CUR_SPX, EC_DABT_CUR, FSC_SYNC_EXT, H_CODE, UNASSIGNED + 8);
}
END_TEST

START_TEST(test_dabt_ea_to_el3)
{
    hc->sr[SR_SCR_EL3] |= SCR_EA;
    h_to_el(1, 1);
    hc->x[1] = UNASSIGNED;
    RUN(0xf9000022); /* str x2, [x1] */
    expect_dabt(3, V_LOWER, EC_DABT_LOWER, (1u << 6) | FSC_SYNC_EXT, H_CODE, UNASSIGNED);
    ASSERT_HEX(h_esr(1), 0);
    /* SCR_EL3.EA does not move alignment faults. */
    h_to_el(1, 1);
    hc->x[1] = H_DATA + 1;
    RUN(0xf9400022); /* ldr x2, [x1] */
    expect_dabt(1, V_CUR_SPX, EC_DABT_CUR, FSC_ALIGN, H_CODE, H_DATA + 1);
}
END_TEST

START_TEST(test_dabt_tge_to_el2)
{
    hc->sr[SR_HCR_EL2] |= HCR_TGE;
    h_to_el(0, 0);
    hc->x[1] = UNASSIGNED;
    RUN(0xf9400022); /* ldr x2, [x1] */
    expect_dabt(2, V_LOWER, EC_DABT_LOWER, FSC_SYNC_EXT, H_CODE, UNASSIGNED);
}
END_TEST

/* ============================== Jam detection ============================= */

/* A vector table in unassigned memory: every exception faults on its own vector. */
START_TEST(test_jam_detection)
{
    hc->sr[SR_VBAR_EL1] = 0x30000000;
    h_to_el(1, 1);
    RUN(0x00000000); /* udf #0 */
    ASSERT_HEX(hc->pc, 0x30000200);
    h_step(100000);
    ck_assert(hc->halted);
    ck_assert_int_eq(hc->halt_reason, HALT_JAM);
    ck_assert_uint_lt(hc->icount, 100001);
    ck_assert_uint_eq(h_ec(1), EC_IABT_CUR);
}
END_TEST

/* A tight HVC loop makes progress: every exception returns. It must not be taken for a jam. */
START_TEST(test_no_jam_hvc_loop)
{
    static const uint32_t handler[] = {0xd69f03e0}; /* eret */
    h_load(H_VBAR + V_LOWER, handler, 1);
    h_to_el(1, 1);
    hc->x[0] = 20000;
    RUN(0xd4000002,  /* hvc #0 */
        0xf1000400,  /* subs x0, x0, #1 */
        0x54ffffc1); /* b.ne .-8 */
    h_step(4 * 20000 - 3); /* 20000 turns of hvc, eret, subs, b.ne in all */
    ck_assert(!hc->halted);
    ASSERT_HEX(hc->x[0], 0);
    ASSERT_HEX(hc->pc, H_CODE + 12);
    ck_assert_uint_eq(hc->ps.el, 1);
}
END_TEST

static Suite *exception_suite(void)
{
    Suite *s = suite_create("exception");
    TCase *tc = tcase_create("entry");
    tcase_add_checked_fixture(tc, h_setup, h_teardown);
    tcase_add_test(tc, test_entry_pstate_el0_to_el1);
    tcase_add_test(tc, test_entry_span_set_keeps_pan);
    tcase_add_test(tc, test_entry_el2_el3_pan_unchanged);
    tcase_add_test(tc, test_entry_host_el2_pan);
    tcase_add_test(tc, test_vector_offsets);
    tcase_add_test(tc, test_vbar_per_el);
    suite_add_tcase(s, tc);

    tc = tcase_create("return");
    tcase_add_checked_fixture(tc, h_setup, h_teardown);
    tcase_add_test(tc, test_eret_restores_state);
    tcase_add_test(tc, test_eret_to_el2h_and_el0);
    tcase_add_test(tc, test_eret_tge_to_el0);
    tcase_add_test(tc, test_eret_el2_to_el1);
    tcase_add_test(tc, test_svc_round_trip);
    tcase_add_test(tc, test_eret_unimplemented_pstate_bits);
    tcase_add_test(tc, test_eret_clears_monitor);
    tcase_add_test(tc, test_eret_el0_undefined);
    tcase_add_test(tc, test_eret_spsr_il);
    tcase_add_test(tc, test_illegal_return_higher_el);
    tcase_add_test(tc, test_illegal_return_aarch32);
    tcase_add_test(tc, test_illegal_return_tge_el1);
    tcase_add_test(tc, test_illegal_return_el2_secure);
    tcase_add_test(tc, test_illegal_return_reserved_m);
    tcase_add_test(tc, test_illegal_return_keeps_sp);
    tcase_add_test(tc, test_legal_return_secure_el1_ignores_tge);
    tcase_add_test(tc, test_return_after_rw_cleared);
    tcase_add_test(tc, test_illegal_return_to_misaligned_pc);
    tcase_add_test(tc, test_illegal_return_to_unassigned_pc);
    suite_add_tcase(s, tc);

    tc = tcase_create("faults");
    tcase_add_checked_fixture(tc, h_setup, h_teardown);
    tcase_add_test(tc, test_pc_alignment_el1);
    tcase_add_test(tc, test_pc_alignment_el0);
    tcase_add_test(tc, test_iabt_unassigned_el1);
    tcase_add_test(tc, test_iabt_unassigned_el0);
    tcase_add_test(tc, test_iabt_address_size);
    tcase_add_test(tc, test_iabt_tge_to_el2);
    tcase_add_test(tc, test_iabt_ea_to_el3);
    tcase_add_test(tc, test_dabt_el0_to_el1);
    tcase_add_test(tc, test_dabt_el1);
    tcase_add_test(tc, test_dabt_ea_to_el3);
    tcase_add_test(tc, test_dabt_tge_to_el2);
    tcase_add_test(tc, test_jam_detection);
    tcase_add_test(tc, test_no_jam_hvc_loop);
    suite_add_tcase(s, tc);
    return s;
}

int main(void) { return h_run_suite(exception_suite()); }
