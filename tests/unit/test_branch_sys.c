/* SPDX-License-Identifier: MIT */
/* Unit tests for cpu/branch_sys.c: branches, exception generation (SVC/HVC/SMC/BRK/HLT), WFI/WFE
 * and their traps, hints and barriers, MSR (immediate), the SYS space (DC/IC/AT/TLBI) with its
 * traps, and self-modifying code. Expected values come from the Arm ARM pseudocode
 * (AArch64.CallSupervisor, AArch64.CallHypervisor, AArch64.CheckForSMCUndefOrTrap,
 * AArch64.CheckForWFxTrap, AArch64.SystemAccessTrap) and are asserted exactly. */
#include <check.h>
#include <stdbool.h>
#include <stdlib.h>

#include "cpu/decode.h"
#include "cpu/exception.h"
#include "tests/unit/harness.h"

/* Vector offsets (AArch64 vector table): current EL with SP_EL0, current EL with SP_ELx, lower
 * EL using AArch64. */

#define HCR_TWI (1ULL << 13)
#define HCR_TWE (1ULL << 14)
#define HCR_TID3 (1ULL << 18)
#define HCR_TSC (1ULL << 19)
#define HCR_TPCP (1ULL << 23)
#define HCR_TPU (1ULL << 24)
#define HCR_TTLB (1ULL << 25)
#define HCR_TGE (1ULL << 27)
#define HCR_TDZ (1ULL << 28)
#define HCR_E2H (1ULL << 34)
#define SCR_NS (1ULL << 0)
#define SCR_SMD (1ULL << 7)
#define SCR_HCE (1ULL << 8)
#define SCR_TWI (1ULL << 12)
#define SCR_TWE (1ULL << 13)
#define SCTLR_UMA (1ULL << 9)
#define SCTLR_DZE (1ULL << 14)
#define SCTLR_UCT (1ULL << 15)
#define SCTLR_NTWI (1ULL << 16)
#define SCTLR_NTWE (1ULL << 18)
#define SCTLR_UCI (1ULL << 26)
#define MDCR_TDE (1ULL << 8)





/* A synchronous exception was taken to `el` at vector offset `off` with this EC/ISS and ELR.
 * ESR.IL is 1: every instruction here is 32 bits wide. */

/* UNDEFINED: EC 0, ISS 0, returning to the instruction at `at`. */
static void expect_undef(unsigned el, unsigned off, uint64_t at) { h_expect_exc(el, off, EC_UNKNOWN, 0, at); }

/* No exception: still at `el`, the PC just past `n` instructions. */
static void expect_ok(unsigned el, unsigned n)
{
    ck_assert_uint_eq(hc->ps.el, el);
    ASSERT_HEX(hc->pc, H_CODE + 4ull * n);
}

/* ISS of EC 0x18 (MSR, MRS or System instruction): Op0, Op2, Op1, CRn, Rt, CRm, Direction. */
static uint32_t iss_sys(unsigned op0, unsigned op1, unsigned crn, unsigned crm, unsigned op2, unsigned rt, bool read)
{
    return (op0 << 20) | (op2 << 17) | (op1 << 14) | (crn << 10) | (rt << 5) | (crm << 1) | (read ? 1u : 0u);
}

/* ================================ Branches ================================ */

START_TEST(test_b_forward_backward)
{
    RUN(0x14000002); /* b .+8 */
    ASSERT_HEX(hc->pc, H_CODE + 8);
    RUN(0x17fffffe); /* b .-8 */
    ASSERT_HEX(hc->pc, H_CODE - 8);
    RUN(0x17fffff9); /* b .-28 */
    ASSERT_HEX(hc->pc, H_CODE - 28);
}
END_TEST

START_TEST(test_bl)
{
    hc->x[30] = 0xdead;
    RUN(0x94000003); /* bl .+12 */
    ASSERT_HEX(hc->pc, H_CODE + 12);
    ASSERT_HEX(hc->x[30], H_CODE + 4);
    RUN(0x97fffffc); /* bl .-16 */
    ASSERT_HEX(hc->pc, H_CODE - 16);
    ASSERT_HEX(hc->x[30], H_CODE + 4);
}
END_TEST

/* A counted loop: the backward CBNZ is taken twice, then falls through. */
START_TEST(test_loop)
{
    RUN(0xd2800060,  /* mov x0, #3 */
        0xd1000400,  /* sub x0, x0, #1 */
        0xb5ffffe0); /* cbnz x0, .-4 */
    h_step(4);       /* two more turns: sub, cbnz, sub, cbnz (falls through) */
    ASSERT_HEX(hc->x[0], 0);
    ASSERT_HEX(hc->pc, H_CODE + 12);
    ASSERT_HEX(hc->icount, 7);
}
END_TEST

/* ConditionHolds() written out from the Arm ARM, independently of cpu.h's table. */
static bool ref_cond(unsigned cond, unsigned nzcv)
{
    bool n = (nzcv >> 3) & 1, z = (nzcv >> 2) & 1, c = (nzcv >> 1) & 1, v = nzcv & 1, r;
    switch (cond >> 1) {
    case 0: r = z; break;               /* EQ/NE */
    case 1: r = c; break;               /* CS/CC */
    case 2: r = n; break;               /* MI/PL */
    case 3: r = v; break;               /* VS/VC */
    case 4: r = c && !z; break;         /* HI/LS */
    case 5: r = n == v; break;          /* GE/LT */
    case 6: r = n == v && !z; break;    /* GT/LE */
    default: r = true; break;           /* AL/NV */
    }
    if ((cond & 1) && cond != 15)
        r = !r;
    return r;
}

/* Every condition under every NZCV value, with the flags set by MSR NZCV. */
START_TEST(test_b_cond_all)
{
    for (unsigned cond = 0; cond < 16; cond++) {
        for (unsigned nzcv = 0; nzcv < 16; nzcv++) {
            hc->x[1] = (uint64_t)nzcv << 28;
            RUN(0xd51b4201,            /* msr nzcv, x1 */
                0x54000040 | cond);    /* b.<cond> .+8 */
            uint64_t want = ref_cond(cond, nzcv) ? H_CODE + 12 : H_CODE + 8;
            ck_assert_msg(hc->pc == want, "b.cond %u with NZCV=%x: pc 0x%llx, expected 0x%llx", cond, nzcv,
                          (unsigned long long)hc->pc, (unsigned long long)want);
            ASSERT_HEX(hc->ps.nzcv, (uint32_t)nzcv << 28);
        }
    }
}
END_TEST

START_TEST(test_b_cond_backward)
{
    hc->x[1] = 0; /* Z clear: NE holds */
    RUN(0xd51b4201,  /* msr nzcv, x1 */
        0x54ffff81); /* b.ne .-16 */
    ASSERT_HEX(hc->pc, H_CODE + 4 - 16);
}
END_TEST

START_TEST(test_cbz_cbnz)
{
    hc->x[1] = 0xFFFFFFFF00000000ULL; /* W1 is zero, X1 is not */
    RUN(0x34000041); /* cbz w1, .+8 */
    ASSERT_HEX(hc->pc, H_CODE + 8);
    RUN(0xb4000041); /* cbz x1, .+8 */
    ASSERT_HEX(hc->pc, H_CODE + 4);
    RUN(0x35000041); /* cbnz w1, .+8 */
    ASSERT_HEX(hc->pc, H_CODE + 4);
    RUN(0xb5000041); /* cbnz x1, .+8 */
    ASSERT_HEX(hc->pc, H_CODE + 8);
    hc->x[1] = 0;
    RUN(0xb4ffffa1); /* cbz x1, .-12 */
    ASSERT_HEX(hc->pc, H_CODE - 12);
    ASSERT_HEX(hc->x[1], 0);
}
END_TEST

START_TEST(test_tbz_tbnz)
{
    static const struct { uint32_t insn; uint64_t x1; bool taken; } cases[] = {
        {0x36000041, 1, false},                          /* tbz w1, #0, .+8 */
        {0x36000041, ~1ULL, true},
        {0x36f80041, 1ULL << 31, false},                 /* tbz w1, #31, .+8 */
        {0x36f80041, ~(1ULL << 31), true},
        {0xb6f80041, 1ULL << 63, false},                 /* tbz x1, #63, .+8 */
        {0xb6f80041, ~(1ULL << 63), true},
        {0x37000041, 1, true},                           /* tbnz w1, #0, .+8 */
        {0x37000041, ~1ULL, false},
        {0x37f80041, 1ULL << 31, true},                  /* tbnz w1, #31, .+8 */
        {0x37f80041, 1ULL << 63, false},
        {0xb7f80041, 1ULL << 63, true},                  /* tbnz x1, #63, .+8 */
        {0xb7f80041, 0x7FFFFFFFFFFFFFFFULL, false},
    };
    for (unsigned i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        hc->x[1] = cases[i].x1;
        RUN(cases[i].insn);
        ck_assert_msg(hc->pc == H_CODE + (cases[i].taken ? 8 : 4), "case %u (0x%08x, x1=0x%llx)", i,
                      cases[i].insn, (unsigned long long)cases[i].x1);
    }
    hc->x[1] = 2;
    RUN(0x3607ffc1); /* tbz w1, #0, .-8 */
    ASSERT_HEX(hc->pc, H_CODE - 8);
}
END_TEST

START_TEST(test_br_blr_ret)
{
    hc->x[1] = H_CODE + 0x100;
    hc->x[30] = 0x1111;
    RUN(0xd61f0020); /* br x1 */
    ASSERT_HEX(hc->pc, H_CODE + 0x100);
    ASSERT_HEX(hc->x[30], 0x1111);

    RUN(0xd63f0020); /* blr x1 */
    ASSERT_HEX(hc->pc, H_CODE + 0x100);
    ASSERT_HEX(hc->x[30], H_CODE + 4);

    /* BLR X30 branches to the old X30, then writes the return address. */
    hc->x[30] = H_CODE + 0x200;
    RUN(0xd63f03c0); /* blr x30 */
    ASSERT_HEX(hc->pc, H_CODE + 0x200);
    ASSERT_HEX(hc->x[30], H_CODE + 4);

    hc->x[30] = H_CODE + 0x300;
    RUN(0xd65f03c0); /* ret */
    ASSERT_HEX(hc->pc, H_CODE + 0x300);
    ASSERT_HEX(hc->x[30], H_CODE + 0x300);

    hc->x[2] = H_CODE + 0x400;
    RUN(0xd65f0040); /* ret x2 */
    ASSERT_HEX(hc->pc, H_CODE + 0x400);
}
END_TEST

/* A call and its return, through real code. */
START_TEST(test_call_return)
{
    static const uint32_t callee[] = {
        0x91004000, /* add x0, x0, #0x10 */
        0xd65f03c0, /* ret */
    };
    h_load(H_CODE + 0x800, callee, 2);
    hc->x[1] = H_CODE + 0x800;
    RUN(0xd63f0020,  /* blr x1 */
        0x91000400); /* add x0, x0, #1 */
    h_step(2);
    ASSERT_HEX(hc->x[0], 0x11);
    ASSERT_HEX(hc->pc, H_CODE + 8);
    ASSERT_HEX(hc->x[30], H_CODE + 4);
}
END_TEST

/* ========================== Exception generation ========================== */

START_TEST(test_svc_from_el0)
{
    h_to_el(0, 0);
    hc->ps.nzcv = FLAG_N | FLAG_C;
    hc->ps.daif = 0;
    hc->sp = 0x5550;
    RUN(0xd4024681); /* svc #0x1234 */
    h_expect_exc(1, V_LOWER, EC_SVC64, 0x1234, H_CODE + 4);
    ASSERT_HEX(*h_spsr(1), FLAG_N | FLAG_C); /* M = EL0t, DAIF clear */
    ASSERT_HEX(hc->ps.nzcv, FLAG_N | FLAG_C);
    ASSERT_HEX(hc->sp, H_STACK + 0x10000); /* SP_EL1 */
    ASSERT_HEX(hc->sp_el[0], 0x5550);
    ASSERT_HEX(h_esr(2), 0); /* nothing went to EL2 or EL3 */
    ASSERT_HEX(h_esr(3), 0);
}
END_TEST

START_TEST(test_svc_at_el1_sp0)
{
    h_to_el(1, 0);
    hc->ps.daif = 0x140;
    RUN(0xd4024681); /* svc #0x1234 */
    h_expect_exc(1, V_CUR_SP0, EC_SVC64, 0x1234, H_CODE + 4);
    ASSERT_HEX(*h_spsr(1), 0x140 | 0x4); /* EL1t */
}
END_TEST

START_TEST(test_svc_at_el1_spx)
{
    h_to_el(1, 1);
    hc->ps.daif = 0x080;
    RUN(0xd4024681); /* svc #0x1234 */
    h_expect_exc(1, V_CUR_SPX, EC_SVC64, 0x1234, H_CODE + 4);
    ASSERT_HEX(*h_spsr(1), 0x080 | 0x5); /* EL1h */
}
END_TEST

START_TEST(test_svc_tge_to_el2)
{
    hc->sr[SR_HCR_EL2] |= HCR_TGE;
    h_to_el(0, 0);
    hc->ps.daif = 0;
    RUN(0xd4000001); /* svc #0 */
    h_expect_exc(2, V_LOWER, EC_SVC64, 0, H_CODE + 4);
    ASSERT_HEX(*h_spsr(2), 0);
    ASSERT_HEX(h_esr(1), 0);
}
END_TEST

/* SVC at EL2 and EL3 are taken to the same EL. */
START_TEST(test_svc_el2_el3)
{
    h_to_el(2, 1);
    RUN(0xd4024681); /* svc #0x1234 */
    h_expect_exc(2, V_CUR_SPX, EC_SVC64, 0x1234, H_CODE + 4);
    h_to_el(3, 0);
    RUN(0xd4024681); /* svc #0x1234 */
    h_expect_exc(3, V_CUR_SP0, EC_SVC64, 0x1234, H_CODE + 4);
}
END_TEST

START_TEST(test_hvc_from_el1)
{
    h_to_el(1, 1);
    hc->ps.daif = 0;
    RUN(0xd40acf02); /* hvc #0x5678 */
    h_expect_exc(2, V_LOWER, EC_HVC64, 0x5678, H_CODE + 4);
    ASSERT_HEX(*h_spsr(2), 0x5);
}
END_TEST

START_TEST(test_hvc_at_el2_el3)
{
    h_to_el(2, 1);
    RUN(0xd40acf02); /* hvc #0x5678 */
    h_expect_exc(2, V_CUR_SPX, EC_HVC64, 0x5678, H_CODE + 4);
    h_to_el(3, 1);
    RUN(0xd40acf02); /* hvc #0x5678 */
    h_expect_exc(3, V_CUR_SPX, EC_HVC64, 0x5678, H_CODE + 4);
}
END_TEST

START_TEST(test_hvc_el0_undefined)
{
    h_to_el(0, 0);
    RUN(0xd40acf02); /* hvc #0x5678 */
    expect_undef(1, V_LOWER, H_CODE);
    ASSERT_HEX(h_esr(2), 0);
}
END_TEST

START_TEST(test_hvc_hce0_undefined)
{
    hc->sr[SR_SCR_EL3] &= ~SCR_HCE;
    h_to_el(1, 1);
    RUN(0xd40acf02); /* hvc #0x5678 */
    expect_undef(1, V_CUR_SPX, H_CODE);
    h_to_el(2, 1);
    RUN(0xd40acf02); /* hvc #0x5678 */
    expect_undef(2, V_CUR_SPX, H_CODE);
    h_to_el(3, 1);
    RUN(0xd40acf02); /* hvc #0x5678 */
    expect_undef(3, V_CUR_SPX, H_CODE);
}
END_TEST

/* Secure EL1 without Secure EL2: HVC is UNDEFINED. */
START_TEST(test_hvc_secure_el1_undefined)
{
    hc->sr[SR_SCR_EL3] &= ~SCR_NS;
    h_to_el(1, 1);
    RUN(0xd40acf02); /* hvc #0x5678 */
    expect_undef(1, V_CUR_SPX, H_CODE);
}
END_TEST

START_TEST(test_smc_from_el1)
{
    h_to_el(1, 1);
    RUN(0xd4135783); /* smc #0x9abc */
    h_expect_exc(3, V_LOWER, EC_SMC64, 0x9abc, H_CODE + 4);
    ASSERT_HEX(*h_spsr(3), 0x3C5);
}
END_TEST

START_TEST(test_smc_from_el2_el3)
{
    h_to_el(2, 1);
    RUN(0xd4135783); /* smc #0x9abc */
    h_expect_exc(3, V_LOWER, EC_SMC64, 0x9abc, H_CODE + 4);
    h_to_el(3, 1);
    RUN(0xd4135783); /* smc #0x9abc */
    h_expect_exc(3, V_CUR_SPX, EC_SMC64, 0x9abc, H_CODE + 4);
}
END_TEST

/* HCR_EL2.TSC traps SMC from EL1 to EL2; the preferred return is the SMC itself. */
START_TEST(test_smc_tsc_traps_to_el2)
{
    hc->sr[SR_HCR_EL2] |= HCR_TSC;
    h_to_el(1, 1);
    RUN(0xd4135783); /* smc #0x9abc */
    h_expect_exc(2, V_LOWER, EC_SMC64, 0x9abc, H_CODE);
    ASSERT_HEX(h_esr(3), 0);
}
END_TEST

/* The TSC trap has priority over SCR_EL3.SMD. */
START_TEST(test_smc_tsc_beats_smd)
{
    hc->sr[SR_HCR_EL2] |= HCR_TSC;
    hc->sr[SR_SCR_EL3] |= SCR_SMD;
    h_to_el(1, 1);
    RUN(0xd4135783); /* smc #0x9abc */
    h_expect_exc(2, V_LOWER, EC_SMC64, 0x9abc, H_CODE);
}
END_TEST

/* TSC only applies when EL2 is enabled: from Secure EL1 the SMC goes to EL3. */
START_TEST(test_smc_tsc_secure_el1)
{
    hc->sr[SR_HCR_EL2] |= HCR_TSC;
    hc->sr[SR_SCR_EL3] &= ~SCR_NS;
    h_to_el(1, 1);
    RUN(0xd4135783); /* smc #0x9abc */
    h_expect_exc(3, V_LOWER, EC_SMC64, 0x9abc, H_CODE + 4);
}
END_TEST

START_TEST(test_smc_smd_undefined)
{
    hc->sr[SR_SCR_EL3] |= SCR_SMD;
    h_to_el(1, 1);
    RUN(0xd4135783); /* smc #0x9abc */
    expect_undef(1, V_CUR_SPX, H_CODE);
    h_to_el(2, 1);
    RUN(0xd4135783); /* smc #0x9abc */
    expect_undef(2, V_CUR_SPX, H_CODE);
    h_to_el(3, 1);
    RUN(0xd4135783); /* smc #0x9abc */
    expect_undef(3, V_CUR_SPX, H_CODE);
}
END_TEST

START_TEST(test_smc_el0_undefined)
{
    hc->sr[SR_HCR_EL2] |= HCR_TSC;
    h_to_el(0, 0);
    RUN(0xd4135783); /* smc #0x9abc */
    expect_undef(1, V_LOWER, H_CODE);
}
END_TEST

START_TEST(test_brk)
{
    h_to_el(1, 1);
    RUN(0xd4200840); /* brk #0x42 */
    h_expect_exc(1, V_CUR_SPX, EC_BRK64, 0x42, H_CODE);
    h_to_el(0, 0);
    RUN(0xd4200840); /* brk #0x42 */
    h_expect_exc(1, V_LOWER, EC_BRK64, 0x42, H_CODE);
    h_to_el(2, 0);
    RUN(0xd4200840); /* brk #0x42 */
    h_expect_exc(2, V_CUR_SP0, EC_BRK64, 0x42, H_CODE);
    h_to_el(3, 1);
    RUN(0xd4200840); /* brk #0x42 */
    h_expect_exc(3, V_CUR_SPX, EC_BRK64, 0x42, H_CODE);
}
END_TEST

/* MDCR_EL2.TDE and HCR_EL2.TGE route debug exceptions from EL0/EL1 to EL2. */
START_TEST(test_brk_routed_to_el2)
{
    hc->sr[SR_MDCR_EL2] |= MDCR_TDE;
    h_to_el(1, 1);
    RUN(0xd4200840); /* brk #0x42 */
    h_expect_exc(2, V_LOWER, EC_BRK64, 0x42, H_CODE);
    hc->sr[SR_MDCR_EL2] = 0;
    hc->sr[SR_HCR_EL2] |= HCR_TGE;
    h_to_el(0, 0);
    RUN(0xd4200840); /* brk #0x42 */
    h_expect_exc(2, V_LOWER, EC_BRK64, 0x42, H_CODE);
}
END_TEST

START_TEST(test_hlt_undefined)
{
    h_to_el(1, 1);
    RUN(0xd4400020); /* hlt #0x1 */
    expect_undef(1, V_CUR_SPX, H_CODE);
    h_to_el(0, 0);
    RUN(0xd45e0000); /* hlt #0xf000: semihosting is not available at EL0 */
    expect_undef(1, V_LOWER, H_CODE);
}
END_TEST

START_TEST(test_udf_undefined)
{
    h_to_el(1, 1);
    RUN(0x00000000); /* udf #0 */
    expect_undef(1, V_CUR_SPX, H_CODE);
}
END_TEST

/* ================================= WFI/WFE ================================ */

#define ISS_WFI 0x1E00000u
#define ISS_WFE 0x1E00001u

START_TEST(test_wfi_wait)
{
    RUN(0xd503207f); /* wfi */
    expect_ok(3, 1);
    ck_assert_uint_eq(hc->wait_state, WAIT_WFI);
}
END_TEST

START_TEST(test_wfe_wait)
{
    RUN(0xd503205f); /* wfe */
    expect_ok(3, 1);
    ck_assert_uint_eq(hc->wait_state, WAIT_WFE);
}
END_TEST

START_TEST(test_wfi_el0_ntwi)
{
    hc->sr[SR_SCTLR_EL1] &= ~SCTLR_NTWI;
    h_to_el(0, 0);
    RUN(0xd503207f); /* wfi */
    h_expect_exc(1, V_LOWER, EC_WFX, ISS_WFI, H_CODE);
    ck_assert_uint_eq(hc->wait_state, WAIT_NONE);
}
END_TEST

START_TEST(test_wfe_el0_ntwe)
{
    hc->sr[SR_SCTLR_EL1] &= ~SCTLR_NTWE;
    h_to_el(0, 0);
    RUN(0xd503205f); /* wfe */
    h_expect_exc(1, V_LOWER, EC_WFX, ISS_WFE, H_CODE);
}
END_TEST

START_TEST(test_wfx_el0_allowed)
{
    hc->sr[SR_SCTLR_EL1] |= SCTLR_NTWI | SCTLR_NTWE;
    h_to_el(0, 0);
    RUN(0xd503207f); /* wfi */
    expect_ok(0, 1);
    ck_assert_uint_eq(hc->wait_state, WAIT_WFI);
    RUN(0xd503205f); /* wfe */
    expect_ok(0, 1);
    ck_assert_uint_eq(hc->wait_state, WAIT_WFE);
}
END_TEST

/* The EL1 trap is checked first; with TGE it goes to EL2. */
START_TEST(test_wfi_el0_priority_and_tge)
{
    hc->sr[SR_SCTLR_EL1] &= ~SCTLR_NTWI;
    hc->sr[SR_HCR_EL2] |= HCR_TWI;
    hc->sr[SR_SCR_EL3] |= SCR_TWI;
    h_to_el(0, 0);
    RUN(0xd503207f); /* wfi */
    h_expect_exc(1, V_LOWER, EC_WFX, ISS_WFI, H_CODE);

    hc->sr[SR_HCR_EL2] |= HCR_TGE;
    h_to_el(0, 0);
    RUN(0xd503207f); /* wfi */
    h_expect_exc(2, V_LOWER, EC_WFX, ISS_WFI, H_CODE);
}
END_TEST

START_TEST(test_wfx_el1_hcr)
{
    hc->sr[SR_HCR_EL2] |= HCR_TWI;
    h_to_el(1, 1);
    RUN(0xd503207f); /* wfi */
    h_expect_exc(2, V_LOWER, EC_WFX, ISS_WFI, H_CODE);
    ASSERT_HEX(h_esr(1), 0);

    hc->sr[SR_HCR_EL2] = (hc->sr[SR_HCR_EL2] & ~HCR_TWI) | HCR_TWE;
    h_to_el(1, 1);
    RUN(0xd503207f); /* wfi: only WFE is trapped now */
    expect_ok(1, 1);
    RUN(0xd503205f); /* wfe */
    h_expect_exc(2, V_LOWER, EC_WFX, ISS_WFE, H_CODE);
}
END_TEST

/* HCR_EL2 traps apply only when EL2 is enabled: Secure EL1 goes on to the SCR_EL3 check. */
START_TEST(test_wfx_el1_secure_scr)
{
    hc->sr[SR_HCR_EL2] |= HCR_TWI;
    hc->sr[SR_SCR_EL3] = (hc->sr[SR_SCR_EL3] & ~SCR_NS) | SCR_TWI;
    h_to_el(1, 1);
    RUN(0xd503207f); /* wfi */
    h_expect_exc(3, V_LOWER, EC_WFX, ISS_WFI, H_CODE);
}
END_TEST

START_TEST(test_wfx_el2_scr)
{
    hc->sr[SR_SCR_EL3] |= SCR_TWI | SCR_TWE;
    hc->sr[SR_HCR_EL2] |= HCR_TWI | HCR_TWE; /* no effect at EL2 */
    h_to_el(2, 1);
    RUN(0xd503207f); /* wfi */
    h_expect_exc(3, V_LOWER, EC_WFX, ISS_WFI, H_CODE);
    h_to_el(2, 1);
    RUN(0xd503205f); /* wfe */
    h_expect_exc(3, V_LOWER, EC_WFX, ISS_WFE, H_CODE);
}
END_TEST

/* SCR_EL3.TWx never traps EL3 itself. */
START_TEST(test_wfx_el3_not_trapped)
{
    hc->sr[SR_SCR_EL3] |= SCR_TWI | SCR_TWE;
    RUN(0xd503207f); /* wfi */
    expect_ok(3, 1);
    ck_assert_uint_eq(hc->wait_state, WAIT_WFI);
}
END_TEST

/* A WFE that finds the event register set clears it and completes: no trap, no wait. */
START_TEST(test_wfe_after_sevl)
{
    hc->sr[SR_SCTLR_EL1] &= ~SCTLR_NTWE;
    h_to_el(0, 0);
    RUN(0xd50320bf,  /* sevl */
        0xd503205f); /* wfe */
    expect_ok(0, 2);
    ck_assert_uint_eq(hc->wait_state, WAIT_NONE);
    ck_assert(!hc->event_reg);
    /* The event is consumed: the next WFE traps. */
    RUN(0xd503205f); /* wfe */
    h_expect_exc(1, V_LOWER, EC_WFX, ISS_WFE, H_CODE);
}
END_TEST

START_TEST(test_wfe_after_sev)
{
    hc->sr[SR_HCR_EL2] |= HCR_TWE;
    h_to_el(1, 1);
    RUN(0xd503209f,  /* sev */
        0xd503205f); /* wfe */
    expect_ok(1, 2);
    ck_assert_uint_eq(hc->wait_state, WAIT_NONE);
}
END_TEST

/* An exception return sets the event register, so a WFE right after an ERET completes. */
START_TEST(test_wfe_after_eret)
{
    static const uint32_t el0_code[] = {0xd503205f}; /* wfe */
    h_load(H_CODE + 0x100, el0_code, 1);
    hc->sr[SR_SCTLR_EL1] &= ~SCTLR_NTWE;
    hc->sr[SR_HCR_EL2] |= HCR_TWE;
    hc->sr[SR_SCR_EL3] |= SCR_TWE;
    h_to_el(1, 1);
    hc->sr[SR_SPSR_EL1] = 0; /* EL0t */
    hc->sr[SR_ELR_EL1] = H_CODE + 0x100;
    RUN(0xd69f03e0); /* eret */
    ck_assert_uint_eq(hc->ps.el, 0);
    h_step(1);
    ck_assert_uint_eq(hc->ps.el, 0);
    ASSERT_HEX(hc->pc, H_CODE + 0x104);
    ck_assert_uint_eq(hc->wait_state, WAIT_NONE);
    ck_assert(!hc->event_reg);
}
END_TEST

/* ============================ Hints and barriers ========================== */

START_TEST(test_hints_barriers)
{
    hc->ps.nzcv = FLAG_Z;
    hc->x[0] = 5;
    RUN(0xd503201f,  /* nop */
        0xd503203f,  /* yield */
        0xd503245f,  /* bti c (a hint: NOP without FEAT_BTI) */
        0xd50320ff,  /* xpaclri (a hint: NOP without FEAT_PAuth) */
        0xd5033bbf,  /* dmb ish */
        0xd5033b9f,  /* dsb ish */
        0xd5033fdf,  /* isb */
        0xd50330ff); /* sb */
    expect_ok(3, 8);
    ASSERT_HEX(hc->x[0], 5);
    ASSERT_HEX(hc->ps.nzcv, FLAG_Z);
    ck_assert_uint_eq(hc->wait_state, WAIT_NONE);
}
END_TEST

START_TEST(test_clrex)
{
    hc->excl_valid = true;
    RUN(0xd5033f5f); /* clrex */
    expect_ok(3, 1);
    ck_assert(!hc->excl_valid);
}
END_TEST

/* ============================= MSR (immediate) ============================ */

START_TEST(test_msr_daif_imm)
{
    h_to_el(1, 1);
    hc->ps.daif = 0;
    RUN(0xd5034fdf); /* msr daifset, #0xf */
    ASSERT_HEX(hc->ps.daif, 0x3C0);
    RUN(0xd50342ff); /* msr daifclr, #2 (I) */
    ASSERT_HEX(hc->ps.daif, 0x340);
    RUN(0xd5034fff,  /* msr daifclr, #0xf */
        0xd50341df); /* msr daifset, #1 (F) */
    ASSERT_HEX(hc->ps.daif, 0x040);
    expect_ok(1, 2);
}
END_TEST

START_TEST(test_msr_spsel_imm)
{
    h_to_el(1, 1);
    hc->sp = 0x1110;                 /* SP_EL1 */
    hc->sp_el[0] = 0x2220;
    RUN(0xd50040bf); /* msr spsel, #0 */
    ck_assert_uint_eq(hc->ps.sp, 0);
    ASSERT_HEX(hc->sp, 0x2220);
    RUN(0xd50041bf); /* msr spsel, #1 */
    ck_assert_uint_eq(hc->ps.sp, 1);
    ASSERT_HEX(hc->sp, 0x1110);
    ASSERT_HEX(hc->sp_el[0], 0x2220);
}
END_TEST

START_TEST(test_msr_pan_uao_imm)
{
    h_to_el(1, 1);
    RUN(0xd500419f); /* msr pan, #1 */
    ck_assert_uint_eq(hc->ps.pan, 1);
    RUN(0xd500409f); /* msr pan, #0 */
    ck_assert_uint_eq(hc->ps.pan, 0);
    RUN(0xd500417f); /* msr uao, #1 */
    ck_assert_uint_eq(hc->ps.uao, 1);
    RUN(0xd500407f); /* msr uao, #0 */
    ck_assert_uint_eq(hc->ps.uao, 0);
    expect_ok(1, 1);
}
END_TEST

START_TEST(test_msr_imm_el0_undefined)
{
    static const uint32_t insns[] = {
        0xd50040bf, /* msr spsel, #0 */
        0xd500419f, /* msr pan, #1 */
        0xd500417f, /* msr uao, #1 */
    };
    for (unsigned i = 0; i < 3; i++) {
        h_to_el(0, 0);
        RUN(insns[i]);
        expect_undef(1, V_LOWER, H_CODE);
    }
}
END_TEST

/* DAIFSet/DAIFClr at EL0: allowed by SCTLR_EL1.UMA, else trapped to EL1 with EC 0x18. */
START_TEST(test_msr_daif_imm_el0)
{
    h_to_el(0, 0);
    hc->ps.daif = 0;
    RUN(0xd5034fdf); /* msr daifset, #0xf */
    h_expect_exc(1, V_LOWER, EC_SYSREG, iss_sys(0, 3, 4, 0xF, 6, 31, false), H_CODE);

    hc->sr[SR_SCTLR_EL1] |= SCTLR_UMA;
    h_to_el(0, 0);
    hc->ps.daif = 0;
    RUN(0xd5034fdf); /* msr daifset, #0xf */
    expect_ok(0, 1);
    ASSERT_HEX(hc->ps.daif, 0x3C0);
}
END_TEST

/* In the EL2&0 host regime (HCR_EL2.{E2H,TGE} = {1,1}), EL0's controls are SCTLR_EL2's
 * (SCTLR[] with ELIsInHost(EL0)), and HCR_EL2 traps of the EL1&0 regime do not apply. */
START_TEST(test_host_el0_controls)
{
    hc->sr[SR_HCR_EL2] |= HCR_E2H | HCR_TGE | HCR_TWI | HCR_TPCP;
    hc->sr[SR_SCTLR_EL1] &= ~(SCTLR_NTWI | SCTLR_UCI | SCTLR_UMA);
    hc->sr[SR_SCTLR_EL2] |= SCTLR_NTWI | SCTLR_UCI | SCTLR_UMA;
    hc->x[1] = H_DATA;
    h_to_el(0, 0);
    hc->ps.daif = 0;
    RUN(0xd50b7a21,  /* dc cvac, x1 */
        0xd5034fdf,  /* msr daifset, #0xf */
        0xd503207f); /* wfi */
    expect_ok(0, 3);
    ASSERT_HEX(hc->ps.daif, 0x3C0);
    ck_assert_uint_eq(hc->wait_state, WAIT_WFI);

    hc->sr[SR_SCTLR_EL2] &= ~(SCTLR_NTWI | SCTLR_UCI);
    h_to_el(0, 0);
    RUN(0xd503207f); /* wfi */
    h_expect_exc(2, V_LOWER, EC_WFX, ISS_WFI, H_CODE);
    h_to_el(0, 0);
    RUN(0xd50b7a21); /* dc cvac, x1 */
    h_expect_exc(2, V_LOWER, EC_SYSREG, iss_sys(1, 3, 7, 10, 1, 1, false), H_CODE);
}
END_TEST

/* ================================ SYS space =============================== */

/* With the MMU off, data memory is Device-nGnRnE and DC ZVA takes an Alignment fault. */
START_TEST(test_dc_zva_mmu_off)
{
    h_poke(H_DATA + 0x40, 8, 0x1122334455667788ULL);
    hc->x[1] = H_DATA + 0x40;
    h_to_el(1, 1);
    RUN(0xd50b7421); /* dc zva, x1 */
    h_expect_exc(1, V_CUR_SPX, EC_DABT_CUR, (1u << 6) | FSC_ALIGN, H_CODE);
    ASSERT_HEX(*h_far(1), H_DATA + 0x40);
    ASSERT_HEX(h_peek(H_DATA + 0x40, 8), 0x1122334455667788ULL);
}
END_TEST

START_TEST(test_dc_zva_el0)
{
    hc->x[1] = H_DATA;
    h_to_el(0, 0);
    RUN(0xd50b7421); /* dc zva, x1: SCTLR_EL1.DZE = 0 */
    h_expect_exc(1, V_LOWER, EC_SYSREG, iss_sys(1, 3, 7, 4, 1, 1, false), H_CODE);

    hc->sr[SR_SCTLR_EL1] |= SCTLR_DZE;
    h_to_el(0, 0);
    RUN(0xd50b7421); /* dc zva, x1: allowed, then the Device-memory alignment fault */
    h_expect_exc(1, V_LOWER, EC_DABT_LOWER, (1u << 6) | FSC_ALIGN, H_CODE);
    ASSERT_HEX(*h_far(1), H_DATA);
}
END_TEST

START_TEST(test_dc_zva_tdz)
{
    hc->sr[SR_HCR_EL2] |= HCR_TDZ;
    hc->x[2] = H_DATA;
    h_to_el(1, 1);
    RUN(0xd50b7422); /* dc zva, x2 */
    h_expect_exc(2, V_LOWER, EC_SYSREG, iss_sys(1, 3, 7, 4, 1, 2, false), H_CODE);
}
END_TEST

START_TEST(test_dc_cvac_el0)
{
    hc->x[1] = H_DATA;
    h_to_el(0, 0);
    RUN(0xd50b7a21); /* dc cvac, x1: SCTLR_EL1.UCI = 0 */
    h_expect_exc(1, V_LOWER, EC_SYSREG, iss_sys(1, 3, 7, 10, 1, 1, false), H_CODE);

    hc->sr[SR_SCTLR_EL1] |= SCTLR_UCI;
    h_to_el(0, 0);
    RUN(0xd50b7a21,  /* dc cvac, x1 */
        0xd50b7e21,  /* dc civac, x1 */
        0xd50b7b21); /* dc cvau, x1 */
    expect_ok(0, 3);
}
END_TEST

START_TEST(test_dc_cvac_tpcp)
{
    hc->sr[SR_HCR_EL2] |= HCR_TPCP;
    hc->sr[SR_SCTLR_EL1] |= SCTLR_UCI;
    hc->x[1] = H_DATA;
    h_to_el(0, 0);
    RUN(0xd50b7a21); /* dc cvac, x1: UCI allows it at EL0, TPCP traps it to EL2 */
    h_expect_exc(2, V_LOWER, EC_SYSREG, iss_sys(1, 3, 7, 10, 1, 1, false), H_CODE);
}
END_TEST

START_TEST(test_dc_ivac_el0_undefined)
{
    hc->sr[SR_SCTLR_EL1] |= SCTLR_UCI;
    h_to_el(0, 0);
    RUN(0xd5087621); /* dc ivac, x1 */
    expect_undef(1, V_LOWER, H_CODE);
    h_to_el(0, 0);
    RUN(0xd5087641); /* dc isw, x1 */
    expect_undef(1, V_LOWER, H_CODE);
}
END_TEST

/* A fault on a by-VA cache maintenance instruction reports CM = 1 and WnR = 1 (ISS encoding
 * for a Data Abort). With stage 1 off, a VA above the PA size is an Address size fault. */
START_TEST(test_dc_civac_fault_syndrome)
{
    hc->x[1] = 1ULL << 52;
    h_to_el(1, 1);
    RUN(0xd50b7e21); /* dc civac, x1 */
    h_expect_exc(1, V_CUR_SPX, EC_DABT_CUR, (1u << 8) | (1u << 6) | FSC_ADDR_SIZE_L0, H_CODE);
    ASSERT_HEX(*h_far(1), 1ULL << 52);
}
END_TEST

START_TEST(test_ic_ivau_el0)
{
    hc->x[1] = H_CODE;
    h_to_el(0, 0);
    RUN(0xd50b7521); /* ic ivau, x1: UCI = 0 */
    h_expect_exc(1, V_LOWER, EC_SYSREG, iss_sys(1, 3, 7, 5, 1, 1, false), H_CODE);

    hc->sr[SR_SCTLR_EL1] |= SCTLR_UCI;
    h_to_el(0, 0);
    RUN(0xd50b7521); /* ic ivau, x1 */
    expect_ok(0, 1);

    h_to_el(0, 0);
    RUN(0xd508751f); /* ic iallu: EL1 only */
    expect_undef(1, V_LOWER, H_CODE);
}
END_TEST

START_TEST(test_ic_tpu)
{
    hc->sr[SR_HCR_EL2] |= HCR_TPU;
    h_to_el(1, 1);
    RUN(0xd508751f); /* ic iallu */
    h_expect_exc(2, V_LOWER, EC_SYSREG, iss_sys(1, 0, 7, 5, 0, 31, false), H_CODE);
}
END_TEST

START_TEST(test_tlbi_ttlb)
{
    hc->sr[SR_HCR_EL2] |= HCR_TTLB;
    h_to_el(1, 1);
    RUN(0xd508871f); /* tlbi vmalle1 */
    h_expect_exc(2, V_LOWER, EC_SYSREG, iss_sys(1, 0, 8, 7, 0, 31, false), H_CODE);
    hc->x[1] = 0x1234;
    h_to_el(1, 1);
    RUN(0xd5088721); /* tlbi vae1, x1 */
    h_expect_exc(2, V_LOWER, EC_SYSREG, iss_sys(1, 0, 8, 7, 1, 1, false), H_CODE);
}
END_TEST

START_TEST(test_tlbi_levels)
{
    h_to_el(1, 1);
    RUN(0xd508871f,  /* tlbi vmalle1 */
        0xd508831f); /* tlbi vmalle1is */
    expect_ok(1, 2);
    RUN(0xd50c871f); /* tlbi alle2: EL2 and up */
    expect_undef(1, V_CUR_SPX, H_CODE);
    h_to_el(2, 1);
    RUN(0xd50c871f,  /* tlbi alle2 */
        0xd50c879f); /* tlbi alle1 */
    expect_ok(2, 2);
    h_to_el(0, 0);
    hc->sr[SR_SCTLR_EL1] |= SCTLR_UCI;
    RUN(0xd508871f); /* tlbi vmalle1 */
    expect_undef(1, V_LOWER, H_CODE);
}
END_TEST

/* AT with stage 1 off: the flat map, Device-nGnRnE (ATTR 0), Outer Shareable (SH 0b10); PAR_EL1
 * bit 11 is RES1. */
START_TEST(test_at_flat)
{
    hc->x[1] = 0x40123456;
    RUN(0xd50e7801); /* at s1e3r, x1: the Secure EL3 regime, so NS = 0 */
    expect_ok(3, 1);
    ASSERT_HEX(hc->sr[SR_PAR_EL1], 0x40123000ULL | (1u << 11) | (2u << 7));

    h_to_el(1, 1);
    RUN(0xd5087801,  /* at s1e1r, x1 */
        0xd5387400); /* mrs x0, par_el1 */
    expect_ok(1, 2);
    /* NS (bit 9) is UNKNOWN for a Non-secure regime, bit 10 IMPLEMENTATION DEFINED. */
    ASSERT_HEX(hc->x[0] & ~0x600ULL, 0x40123000ULL | (1u << 11) | (2u << 7));
}
END_TEST

START_TEST(test_at_address_size_fault)
{
    hc->x[1] = 1ULL << 50;
    h_to_el(1, 1);
    RUN(0xd5087801); /* at s1e1r, x1 */
    expect_ok(1, 1);
    ASSERT_HEX(hc->sr[SR_PAR_EL1], (1u << 11) | 1u); /* F = 1, FST = Address size fault level 0 */
}
END_TEST

START_TEST(test_at_levels)
{
    h_to_el(0, 0);
    RUN(0xd5087801); /* at s1e1r, x1 */
    expect_undef(1, V_LOWER, H_CODE);
    h_to_el(1, 1);
    RUN(0xd50c7801); /* at s1e2r, x1 */
    expect_undef(1, V_CUR_SPX, H_CODE);
    h_to_el(2, 1);
    RUN(0xd50e7801); /* at s1e3r, x1 */
    expect_undef(2, V_CUR_SPX, H_CODE);
}
END_TEST

START_TEST(test_sys_unknown_undefined)
{
    h_to_el(1, 1);
    RUN(0xd5092380); /* sys #1, c2, c3, #4, x0 */
    expect_undef(1, V_CUR_SPX, H_CODE);
    h_to_el(3, 1);
    RUN(0xd5292380); /* sysl x0, #1, c2, c3, #4 */
    expect_undef(3, V_CUR_SPX, H_CODE);
}
END_TEST

/* =========================== Self-modifying code ========================== */

/* Overwrite an instruction that already ran, with the architected maintenance sequence, and
 * run it again: the new instruction executes. */
START_TEST(test_self_modifying_loop)
{
    hc->x[1] = H_CODE;
    hc->x[2] = 0x91004000; /* add x0, x0, #0x10 */
    RUN(0x91000400,  /* add x0, x0, #1 */
        0xb9000022,  /* str w2, [x1] */
        0xd50b7b21,  /* dc cvau, x1 */
        0xd5033b9f,  /* dsb ish */
        0xd50b7521,  /* ic ivau, x1 */
        0xd5033b9f,  /* dsb ish */
        0xd5033fdf,  /* isb */
        0x17fffff9); /* b .-28 */
    ASSERT_HEX(hc->x[0], 1);
    ASSERT_HEX(hc->pc, H_CODE);
    h_step(1);
    ASSERT_HEX(hc->x[0], 0x11);
    ASSERT_HEX(h_peek(H_CODE, 4), 0x91004000);
}
END_TEST

/* A page written before it ever held code (so its stores may use the fast path), then executed,
 * then rewritten and executed again. */
START_TEST(test_self_modifying_other_page)
{
    static const uint32_t ret[] = {0xd65f03c0}; /* ret */
    uint64_t page = H_CODE + 0x1000;
    h_load(page + 4, ret, 1);
    hc->x[1] = page;
    hc->x[2] = 0xd2800060; /* mov x0, #3 */
    hc->x[3] = 0xd28000e0; /* mov x0, #7 */
    RUN(0xb9000022,  /* str w2, [x1] */
        0xd63f0020,  /* blr x1 */
        0xb9000023,  /* str w3, [x1] */
        0xd63f0020); /* blr x1 */
    /* Four steps: str, blr, then the callee's mov x0, #3 and ret. */
    ASSERT_HEX(hc->x[0], 3);
    ASSERT_HEX(hc->pc, H_CODE + 8);
    h_step(4); /* str, blr, mov x0, #7, ret */
    ASSERT_HEX(hc->x[0], 7);
    ASSERT_HEX(hc->pc, H_CODE + 16);
    ASSERT_HEX(hc->icount, 8);
}
END_TEST

/* A store that overwrites itself completes as the instruction that was fetched: its
 * writeback and second register still come from the old encoding (invalidation replaces only
 * the slot's exec pointer). */
START_TEST(test_store_over_itself)
{
    hc->x[1] = H_CODE;
    hc->x[2] = 0xd503201f; /* nop */
    RUN(0xf8008422); /* str x2, [x1], #8 */
    expect_ok(3, 1);
    ASSERT_HEX(hc->x[1], H_CODE + 8);
    ASSERT_HEX(h_peek(H_CODE, 4), 0xd503201f);

    hc->x[1] = H_CODE + 16;
    hc->x[3] = 0x1234;
    RUN(0xa9bf0c22); /* stp x2, x3, [x1, #-16]! */
    expect_ok(3, 1);
    ASSERT_HEX(hc->x[1], H_CODE);
    ASSERT_HEX(h_peek(H_CODE + 8, 8), 0x1234);
}
END_TEST

static Suite *branch_sys_suite(void)
{
    Suite *s = suite_create("branch_sys");
    TCase *tc = tcase_create("branches");
    tcase_add_checked_fixture(tc, h_setup, h_teardown);
    tcase_add_test(tc, test_b_forward_backward);
    tcase_add_test(tc, test_bl);
    tcase_add_test(tc, test_loop);
    tcase_add_test(tc, test_b_cond_all);
    tcase_add_test(tc, test_b_cond_backward);
    tcase_add_test(tc, test_cbz_cbnz);
    tcase_add_test(tc, test_tbz_tbnz);
    tcase_add_test(tc, test_br_blr_ret);
    tcase_add_test(tc, test_call_return);
    suite_add_tcase(s, tc);

    tc = tcase_create("exception_generation");
    tcase_add_checked_fixture(tc, h_setup, h_teardown);
    tcase_add_test(tc, test_svc_from_el0);
    tcase_add_test(tc, test_svc_at_el1_sp0);
    tcase_add_test(tc, test_svc_at_el1_spx);
    tcase_add_test(tc, test_svc_tge_to_el2);
    tcase_add_test(tc, test_svc_el2_el3);
    tcase_add_test(tc, test_hvc_from_el1);
    tcase_add_test(tc, test_hvc_at_el2_el3);
    tcase_add_test(tc, test_hvc_el0_undefined);
    tcase_add_test(tc, test_hvc_hce0_undefined);
    tcase_add_test(tc, test_hvc_secure_el1_undefined);
    tcase_add_test(tc, test_smc_from_el1);
    tcase_add_test(tc, test_smc_from_el2_el3);
    tcase_add_test(tc, test_smc_tsc_traps_to_el2);
    tcase_add_test(tc, test_smc_tsc_beats_smd);
    tcase_add_test(tc, test_smc_tsc_secure_el1);
    tcase_add_test(tc, test_smc_smd_undefined);
    tcase_add_test(tc, test_smc_el0_undefined);
    tcase_add_test(tc, test_brk);
    tcase_add_test(tc, test_brk_routed_to_el2);
    tcase_add_test(tc, test_hlt_undefined);
    tcase_add_test(tc, test_udf_undefined);
    suite_add_tcase(s, tc);

    tc = tcase_create("wfx");
    tcase_add_checked_fixture(tc, h_setup, h_teardown);
    tcase_add_test(tc, test_wfi_wait);
    tcase_add_test(tc, test_wfe_wait);
    tcase_add_test(tc, test_wfi_el0_ntwi);
    tcase_add_test(tc, test_wfe_el0_ntwe);
    tcase_add_test(tc, test_wfx_el0_allowed);
    tcase_add_test(tc, test_wfi_el0_priority_and_tge);
    tcase_add_test(tc, test_wfx_el1_hcr);
    tcase_add_test(tc, test_wfx_el1_secure_scr);
    tcase_add_test(tc, test_wfx_el2_scr);
    tcase_add_test(tc, test_wfx_el3_not_trapped);
    tcase_add_test(tc, test_wfe_after_sevl);
    tcase_add_test(tc, test_wfe_after_sev);
    tcase_add_test(tc, test_wfe_after_eret);
    suite_add_tcase(s, tc);

    tc = tcase_create("hints_pstate");
    tcase_add_checked_fixture(tc, h_setup, h_teardown);
    tcase_add_test(tc, test_hints_barriers);
    tcase_add_test(tc, test_clrex);
    tcase_add_test(tc, test_msr_daif_imm);
    tcase_add_test(tc, test_msr_spsel_imm);
    tcase_add_test(tc, test_msr_pan_uao_imm);
    tcase_add_test(tc, test_msr_imm_el0_undefined);
    tcase_add_test(tc, test_msr_daif_imm_el0);
    tcase_add_test(tc, test_host_el0_controls);
    suite_add_tcase(s, tc);

    tc = tcase_create("sys");
    tcase_add_checked_fixture(tc, h_setup, h_teardown);
    tcase_add_test(tc, test_dc_zva_mmu_off);
    tcase_add_test(tc, test_dc_zva_el0);
    tcase_add_test(tc, test_dc_zva_tdz);
    tcase_add_test(tc, test_dc_cvac_el0);
    tcase_add_test(tc, test_dc_cvac_tpcp);
    tcase_add_test(tc, test_dc_ivac_el0_undefined);
    tcase_add_test(tc, test_dc_civac_fault_syndrome);
    tcase_add_test(tc, test_ic_ivau_el0);
    tcase_add_test(tc, test_ic_tpu);
    tcase_add_test(tc, test_tlbi_ttlb);
    tcase_add_test(tc, test_tlbi_levels);
    tcase_add_test(tc, test_at_flat);
    tcase_add_test(tc, test_at_address_size_fault);
    tcase_add_test(tc, test_at_levels);
    tcase_add_test(tc, test_sys_unknown_undefined);
    tcase_add_test(tc, test_self_modifying_loop);
    tcase_add_test(tc, test_self_modifying_other_page);
    tcase_add_test(tc, test_store_over_itself);
    suite_add_tcase(s, tc);
    return s;
}

int main(void) { return h_run_suite(branch_sys_suite()); }
