/* SPDX-License-Identifier: MIT */
/* Unit tests for cpu/sysreg.c and cpu/sysregs.inc: MRS/MSR round trips at the right EL, the
 * UNDEFINED cases, every trap rule with its exact EC 0x18 syndrome, FP/SIMD access traps,
 * virtualized ID registers, PSTATE registers, the reserved ID space, E2H redirection, RAO/WI
 * bits of an AArch64-only PE, and the PMU cycle counter. Expected values follow the access
 * pseudocode of each register in the Arm ARM (chapter D24). */
#include <check.h>
#include <stdbool.h>
#include <stdlib.h>

#include "cpu/decode.h"
#include "cpu/exception.h"
#include "tests/unit/harness.h"


#define HCR_TID3 (1ULL << 18)
#define HCR_TACR (1ULL << 21)
#define HCR_TVM (1ULL << 26)
#define HCR_TGE (1ULL << 27)
#define HCR_TRVM (1ULL << 30)
#define HCR_RW (1ULL << 31)
#define HCR_E2H (1ULL << 34)
#define SCR_NS (1ULL << 0)
#define SCR_HCE (1ULL << 8)
#define SCR_RW (1ULL << 10)
#define SCTLR_UMA (1ULL << 9)
#define SCTLR_DZE (1ULL << 14)
#define SCTLR_UCT (1ULL << 15)
#define MDCR_TPMCR (1ULL << 5)
#define MDCR_TPM (1ULL << 6)
#define MDCR_TDE (1ULL << 8)
#define MDCR_TDA (1ULL << 9)
#define CPTR_TFP (1ULL << 10)
#define CPTR_TCPAC (1ULL << 31)
#define ISS_FP 0x1E00000u /* CV = 1, COND = 0b1110 for traps from AArch64 */






static void expect_undef(unsigned el, unsigned off) { h_expect_exc(el, off, EC_UNKNOWN, 0, H_CODE); }

static void expect_ok(unsigned el, unsigned n)
{
    ck_assert_uint_eq(hc->ps.el, el);
    ASSERT_HEX(hc->pc, H_CODE + 4ull * n);
}

/* ISS of EC 0x18: Op0 [21:20], Op2 [19:17], Op1 [16:14], CRn [13:10], Rt [9:5], CRm [4:1],
 * Direction [0] (1 = read). */
static uint32_t iss_sys(unsigned op0, unsigned op1, unsigned crn, unsigned crm, unsigned op2, unsigned rt, bool read)
{
    return (op0 << 20) | (op2 << 17) | (op1 << 14) | (crn << 10) | (rt << 5) | (crm << 1) | (read ? 1u : 0u);
}

/* Run one instruction at `el` (SP_ELx) and expect it to complete. */
static void run_ok(unsigned el, uint32_t insn)
{
    h_to_el(el, 1);
    RUN(insn);
    expect_ok(el, 1);
}

/* Run one instruction at `el` and expect a trap to `target` (from `el`) with EC 0x18 and `iss`. */
static void run_trap(unsigned el, uint32_t insn, unsigned target, uint32_t iss)
{
    h_to_el(el, 1);
    RUN(insn);
    h_expect_exc(target, target > el ? V_LOWER : V_CUR_SPX, EC_SYSREG, iss, H_CODE);
}

static void run_undef(unsigned el, uint32_t insn)
{
    h_to_el(el, 1);
    RUN(insn);
    expect_undef(el ? el : 1, el ? V_CUR_SPX : V_LOWER);
}

/* ============================== Round trips =============================== */

START_TEST(test_round_trips)
{
    static const struct {
        const char *name;
        unsigned el;
        uint32_t msr, mrs;
        int id;
        uint64_t value;
    } cases[] = {
        {"TPIDR_EL0", 0, 0xd51bd040, 0xd53bd040, SR_TPIDR_EL0, 0x0123456789ABCDEFULL},
        {"TPIDR_EL1", 1, 0xd518d080, 0xd538d080, SR_TPIDR_EL1, 0xFEDCBA9876543210ULL},
        {"VBAR_EL1", 1, 0xd518c000, 0xd538c000, SR_VBAR_EL1, 0xFFFF000012345800ULL},
        {"TTBR0_EL1", 1, 0xd5182000, 0xd5382000, SR_TTBR0_EL1, 0x0001000040000000ULL},
        {"MAIR_EL1", 1, 0xd518a200, 0xd538a200, SR_MAIR_EL1, 0x000000000044FF00ULL},
        {"ELR_EL1", 1, 0xd5184020, 0xd5384020, SR_ELR_EL1, 0xFFFF800000001234ULL},
        {"SPSR_EL1", 1, 0xd5184000, 0xd5384000, SR_SPSR_EL1, 0x600003C5ULL},
        {"SCTLR_EL1", 1, 0xd5181000, 0xd5381000, SR_SCTLR_EL1, 0x0000000030D0180CULL},
        {"HCR_EL2", 2, 0xd51c1100, 0xd53c1100, SR_HCR_EL2, HCR_RW | HCR_TVM | HCR_TID3},
        {"VTTBR_EL2", 2, 0xd51c2100, 0xd53c2100, SR_VTTBR_EL2, 0x0005000041000000ULL},
        {"TPIDR_EL2", 2, 0xd51cd040, 0xd53cd040, SR_TPIDR_EL2, 0x2222},
        {"VPIDR_EL2", 2, 0xd51c0000, 0xd53c0000, SR_VPIDR_EL2, 0x410FD034},
        {"SCR_EL3", 3, 0xd51e1100, 0xd53e1100, SR_SCR_EL3, SCR_NS | SCR_HCE | SCR_RW},
        {"VBAR_EL3", 3, 0xd51ec000, 0xd53ec000, SR_VBAR_EL3, 0x40088000},
        {"TPIDR_EL3", 3, 0xd51ed040, 0xd53ed040, SR_TPIDR_EL3, 0x3333},
        {"CNTFRQ_EL0", 3, 0xd51be000, 0xd53be000, SR_CNTFRQ_EL0, 100000000},
    };
    for (unsigned i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        h_to_el(cases[i].el, 1);
        hc->x[0] = cases[i].value;
        RUN(cases[i].msr);
        ck_assert_msg(hc->pc == H_CODE + 4 && hc->ps.el == cases[i].el, "MSR %s faulted", cases[i].name);
        ck_assert_msg(hc->sr[cases[i].id] == cases[i].value, "MSR %s stored 0x%llx", cases[i].name,
                      (unsigned long long)hc->sr[cases[i].id]);
        hc->x[0] = 0;
        RUN(cases[i].mrs);
        ck_assert_msg(hc->pc == H_CODE + 4 && hc->x[0] == cases[i].value, "MRS %s read 0x%llx", cases[i].name,
                      (unsigned long long)hc->x[0]);
    }
}
END_TEST

/* Higher ELs reach lower-EL registers. */
START_TEST(test_lower_el_registers_from_above)
{
    hc->sr[SR_TPIDR_EL1] = 0x1111;
    hc->sr[SR_SCTLR_EL2] = 0x30C50830;
    h_to_el(3, 1);
    RUN(0xd538d080); /* mrs x0, tpidr_el1 */
    ASSERT_HEX(hc->x[0], 0x1111);
    RUN(0xd53c1000); /* mrs x0, sctlr_el2 */
    ASSERT_HEX(hc->x[0], 0x30C50830);
    h_to_el(2, 1);
    RUN(0xd538d080); /* mrs x0, tpidr_el1 */
    ASSERT_HEX(hc->x[0], 0x1111);
}
END_TEST

START_TEST(test_tpidrro_el0)
{
    hc->sr[SR_TPIDRRO_EL0] = 0xABC;
    h_to_el(0, 0);
    RUN(0xd53bd060); /* mrs x0, tpidrro_el0 */
    expect_ok(0, 1);
    ASSERT_HEX(hc->x[0], 0xABC);
    run_undef(0, 0xd51bd060); /* msr tpidrro_el0, x0 */
    hc->x[0] = 0xDEF;
    run_ok(1, 0xd51bd060); /* msr tpidrro_el0, x0 */
    ASSERT_HEX(hc->sr[SR_TPIDRRO_EL0], 0xDEF);
}
END_TEST

START_TEST(test_cntfrq_write_highest_el_only)
{
    hc->x[0] = 1000;
    run_undef(1, 0xd51be000); /* msr cntfrq_el0, x0 */
    run_undef(2, 0xd51be000); /* msr cntfrq_el0, x0 */
    ASSERT_HEX(hc->sr[SR_CNTFRQ_EL0], 62500000);
    run_ok(1, 0xd53be000); /* mrs x0, cntfrq_el0 */
    ASSERT_HEX(hc->x[0], 62500000);
}
END_TEST

/* =============================== UNDEFINED ================================ */

START_TEST(test_undefined_by_el)
{
    run_undef(1, 0xd53c1100); /* mrs x0, hcr_el2 */
    run_undef(1, 0xd51c1100); /* msr hcr_el2, x0 */
    run_undef(1, 0xd53c4100); /* mrs x0, sp_el1 */
    run_undef(2, 0xd53e1100); /* mrs x0, scr_el3 */
    run_undef(2, 0xd51ec000); /* msr vbar_el3, x0 */
    run_undef(2, 0xd53e4100); /* mrs x0, sp_el2 */
    run_undef(0, 0xd5381000); /* mrs x0, sctlr_el1 */
    run_undef(0, 0xd538d080); /* mrs x0, tpidr_el1 */
    run_undef(0, 0xd5384240); /* mrs x0, currentel */
    run_undef(0, 0xd5384200); /* mrs x0, spsel */
    run_undef(0, 0xd5384100); /* mrs x0, sp_el0 */
    run_undef(0, 0xd5380000); /* mrs x0, midr_el1 (no FEAT_IDST) */
    ASSERT_HEX(h_esr(3), 0); /* nothing went to EL3 */
}
END_TEST

START_TEST(test_undefined_encodings)
{
    run_undef(1, 0xd539f200); /* mrs x0, s3_1_c15_c2_0: not implemented */
    run_undef(3, 0xd539f200); /* mrs x0, s3_1_c15_c2_0 */
    run_undef(1, 0xd5180000); /* msr midr_el1, x0: read-only */
    run_undef(1, 0xd5384240 & ~(1u << 21)); /* msr currentel, x0: read-only */
    run_undef(1, 0xd5301080); /* mrs x0, oslar_el1: write-only */
}
END_TEST

/* ================================= Traps ================================== */

START_TEST(test_tvm_trvm)
{
    hc->sr[SR_HCR_EL2] |= HCR_TVM;
    hc->x[3] = 0x30D00800;
    run_trap(1, 0xd5181003, 2, iss_sys(3, 0, 1, 0, 0, 3, false)); /* msr sctlr_el1, x3 */
    run_ok(1, 0xd5381000);                                        /* mrs x0, sctlr_el1: TVM traps writes only */
    run_trap(1, 0xd5182044, 2, iss_sys(3, 0, 2, 0, 2, 4, false)); /* msr tcr_el1, x4 */
    run_ok(2, 0xd5181003);                                        /* msr sctlr_el1, x3 at EL2 */

    hc->sr[SR_HCR_EL2] = (hc->sr[SR_HCR_EL2] & ~HCR_TVM) | HCR_TRVM;
    run_trap(1, 0xd5381000, 2, iss_sys(3, 0, 1, 0, 0, 0, true));  /* mrs x0, sctlr_el1 */
    run_trap(1, 0xd5386007, 2, iss_sys(3, 0, 6, 0, 0, 7, true));  /* mrs x7, far_el1 */
    run_ok(1, 0xd5181003);                                        /* msr sctlr_el1, x3 */
    ASSERT_HEX(hc->sr[SR_SCTLR_EL1], 0x30D00800);
}
END_TEST

/* HCR_EL2 traps need EL2 enabled: Secure EL1 is not trapped. */
START_TEST(test_tvm_secure_el1)
{
    hc->sr[SR_HCR_EL2] |= HCR_TVM | HCR_TRVM | HCR_TID3;
    hc->sr[SR_SCR_EL3] &= ~SCR_NS;
    run_ok(1, 0xd5381000); /* mrs x0, sctlr_el1 */
    run_ok(1, 0xd5380405); /* mrs x5, id_aa64pfr0_el1 */
}
END_TEST

START_TEST(test_tid3)
{
    run_ok(1, 0xd5380405); /* mrs x5, id_aa64pfr0_el1 */
    ASSERT_HEX(hc->x[5], 0x0000000001111111ULL); /* AArch64-only EL0-3, FP and AdvSIMD with FP16, GICv3 */
    run_ok(1, 0xd5380605); /* mrs x5, id_aa64isar0_el1 */
    ASSERT_HEX(hc->x[5], 0x0000100010211120ULL); /* DP, RDM, Atomic=2, CRC32, SHA2, SHA1, AES=2 (PMULL) */
    hc->sr[SR_HCR_EL2] |= HCR_TID3;
    run_trap(1, 0xd5380405, 2, iss_sys(3, 0, 0, 4, 0, 5, true)); /* mrs x5, id_aa64pfr0_el1 */
    run_trap(1, 0xd53807e0, 2, iss_sys(3, 0, 0, 7, 7, 0, true)); /* mrs x0, s3_0_c0_c7_7 (reserved) */
    run_ok(2, 0xd5380405);                                       /* mrs x5, id_aa64pfr0_el1 at EL2 */
}
END_TEST

START_TEST(test_tacr)
{
    hc->sr[SR_HCR_EL2] |= HCR_TACR;
    run_trap(1, 0xd5381020, 2, iss_sys(3, 0, 1, 0, 1, 0, true));  /* mrs x0, actlr_el1 */
    run_trap(1, 0xd5181020, 2, iss_sys(3, 0, 1, 0, 1, 0, false)); /* msr actlr_el1, x0 */
    run_ok(2, 0xd5381020);                                        /* mrs x0, actlr_el1 */
}
END_TEST

START_TEST(test_mdcr_el2_tda)
{
    hc->sr[SR_MDCR_EL2] |= MDCR_TDA;
    run_trap(0, 0xd5330100, 2, iss_sys(2, 3, 0, 1, 0, 0, true));  /* mrs x0, mdccsr_el0 */
    run_trap(1, 0xd5300240, 2, iss_sys(2, 0, 0, 2, 2, 0, true));  /* mrs x0, mdscr_el1 */
    run_trap(1, 0xd5100240, 2, iss_sys(2, 0, 0, 2, 2, 0, false)); /* msr mdscr_el1, x0 */
    run_trap(1, 0xd5130403, 2, iss_sys(2, 3, 0, 4, 0, 3, false)); /* msr dbgdtr_el0, x3 */
    run_ok(2, 0xd5300240);                                        /* mrs x0, mdscr_el1 */
}
END_TEST

/* MDCR_EL2.TDE makes TDA behave as 1. */
START_TEST(test_mdcr_el2_tde)
{
    hc->sr[SR_MDCR_EL2] |= MDCR_TDE;
    run_trap(1, 0xd5300240, 2, iss_sys(2, 0, 0, 2, 2, 0, true)); /* mrs x0, mdscr_el1 */
}
END_TEST

START_TEST(test_mdcr_el3_tda)
{
    hc->sr[SR_MDCR_EL3] |= MDCR_TDA;
    run_trap(2, 0xd5300240, 3, iss_sys(2, 0, 0, 2, 2, 0, true));  /* mrs x0, mdscr_el1 */
    run_trap(1, 0xd5300240, 3, iss_sys(2, 0, 0, 2, 2, 0, true));  /* mrs x0, mdscr_el1 */
    run_trap(0, 0xd5330102, 3, iss_sys(2, 3, 0, 1, 0, 2, true));  /* mrs x2, mdccsr_el0 */
    run_ok(3, 0xd5300240);                                        /* mrs x0, mdscr_el1 */
}
END_TEST

/* MDSCR_EL1.TDCC traps EL0 DCC accesses to EL1 before MDCR_EL2.TDA is looked at. */
START_TEST(test_mdscr_tdcc)
{
    hc->sr[SR_MDSCR_EL1] = 1u << 12;
    hc->sr[SR_MDCR_EL2] |= MDCR_TDA;
    run_trap(0, 0xd5330102, 1, iss_sys(2, 3, 0, 1, 0, 2, true)); /* mrs x2, mdccsr_el0 */
}
END_TEST

START_TEST(test_pmu_traps)
{
    hc->sr[SR_MDCR_EL2] |= MDCR_TPMCR;
    run_trap(1, 0xd53b9c00, 2, iss_sys(3, 3, 9, 12, 0, 0, true));  /* mrs x0, pmcr_el0 */
    run_trap(1, 0xd51b9c00, 2, iss_sys(3, 3, 9, 12, 0, 0, false)); /* msr pmcr_el0, x0 */
    run_ok(1, 0xd53b9d00);                                         /* mrs x0, pmccntr_el0: not TPMCR */

    hc->sr[SR_MDCR_EL2] = MDCR_TPM;
    run_trap(1, 0xd53b9c00, 2, iss_sys(3, 3, 9, 12, 0, 0, true));  /* mrs x0, pmcr_el0 */
    run_trap(1, 0xd53b9d00, 2, iss_sys(3, 3, 9, 13, 0, 0, true));  /* mrs x0, pmccntr_el0 */
    run_ok(2, 0xd53b9c00);                                         /* mrs x0, pmcr_el0 at EL2 */

    /* EL0 needs PMUSERENR_EL0.EN first; that trap goes to EL1. */
    run_trap(0, 0xd53b9c00, 1, iss_sys(3, 3, 9, 12, 0, 0, true));  /* mrs x0, pmcr_el0 */
    hc->sr[SR_PMUSERENR_EL0] = 1;
    run_trap(0, 0xd53b9c00, 2, iss_sys(3, 3, 9, 12, 0, 0, true));  /* mrs x0, pmcr_el0 */

    hc->sr[SR_MDCR_EL2] = 0;
    hc->sr[SR_MDCR_EL3] = MDCR_TPM;
    run_trap(2, 0xd53b9c00, 3, iss_sys(3, 3, 9, 12, 0, 0, true));  /* mrs x0, pmcr_el0 */
}
END_TEST

/* PMUSERENR_EL0.CR alone lets EL0 read (not write) the cycle counter. */
START_TEST(test_pmuserenr_cr)
{
    hc->sr[SR_PMUSERENR_EL0] = 4;
    run_ok(0, 0xd53b9d00);                                         /* mrs x0, pmccntr_el0 */
    run_trap(0, 0xd51b9d00, 1, iss_sys(3, 3, 9, 13, 0, 0, false)); /* msr pmccntr_el0, x0 */
    run_trap(0, 0xd53b9c00, 1, iss_sys(3, 3, 9, 12, 0, 0, true));  /* mrs x0, pmcr_el0 */
    hc->sr[SR_PMUSERENR_EL0] = 0;
    run_trap(0, 0xd53b9d00, 1, iss_sys(3, 3, 9, 13, 0, 0, true));  /* mrs x0, pmccntr_el0 */
}
END_TEST

/* Counter access: CNTKCTL_EL1.EL0VCTEN/EL0PCTEN at EL0, CNTHCTL_EL2.EL1PCTEN (E2H = 0) for
 * EL0 and EL1. */
START_TEST(test_counter_traps)
{
    run_trap(0, 0xd53be041, 1, iss_sys(3, 3, 14, 0, 2, 1, true)); /* mrs x1, cntvct_el0 */
    run_trap(0, 0xd53be021, 1, iss_sys(3, 3, 14, 0, 1, 1, true)); /* mrs x1, cntpct_el0 */
    hc->sr[SR_CNTKCTL_EL1] = 3;
    run_ok(0, 0xd53be041); /* mrs x1, cntvct_el0 */
    run_ok(0, 0xd53be021); /* mrs x1, cntpct_el0 */
    run_ok(1, 0xd53be021); /* mrs x1, cntpct_el0 */
    hc->sr[SR_CNTHCTL_EL2] = 0;
    run_trap(1, 0xd53be021, 2, iss_sys(3, 3, 14, 0, 1, 1, true)); /* mrs x1, cntpct_el0 */
    run_trap(0, 0xd53be021, 2, iss_sys(3, 3, 14, 0, 1, 1, true)); /* mrs x1, cntpct_el0 */
    run_ok(1, 0xd53be041); /* mrs x1, cntvct_el0: not trapped by EL1PCTEN */
    run_ok(2, 0xd53be021); /* mrs x1, cntpct_el0 */
}
END_TEST

START_TEST(test_cpacr_traps)
{
    hc->sr[SR_CPTR_EL2] |= CPTR_TCPAC;
    run_trap(1, 0xd5381040, 2, iss_sys(3, 0, 1, 0, 2, 0, true));  /* mrs x0, cpacr_el1 */
    run_trap(1, 0xd5181040, 2, iss_sys(3, 0, 1, 0, 2, 0, false)); /* msr cpacr_el1, x0 */
    run_ok(2, 0xd5381040);                                        /* mrs x0, cpacr_el1 at EL2 */

    hc->sr[SR_CPTR_EL2] &= ~CPTR_TCPAC;
    hc->sr[SR_CPTR_EL3] |= CPTR_TCPAC;
    run_trap(1, 0xd5381040, 3, iss_sys(3, 0, 1, 0, 2, 0, true));  /* mrs x0, cpacr_el1 */
    run_trap(2, 0xd5381040, 3, iss_sys(3, 0, 1, 0, 2, 0, true));  /* mrs x0, cpacr_el1 */
    run_ok(3, 0xd5381040);                                        /* mrs x0, cpacr_el1 at EL3 */
}
END_TEST

/* CPTR_EL3.TCPAC also traps EL2 accesses to CPTR_EL2. */
START_TEST(test_cptr_el2_tcpac)
{
    run_ok(2, 0xd53c1140); /* mrs x0, cptr_el2 */
    hc->sr[SR_CPTR_EL3] |= CPTR_TCPAC;
    run_trap(2, 0xd53c1140, 3, iss_sys(3, 4, 1, 1, 2, 0, true));  /* mrs x0, cptr_el2 */
    run_trap(2, 0xd51c1140, 3, iss_sys(3, 4, 1, 1, 2, 0, false)); /* msr cptr_el2, x0 */
    run_ok(3, 0xd53c1140);                                        /* mrs x0, cptr_el2 at EL3 */
}
END_TEST

START_TEST(test_ctr_el0_uct)
{
    run_trap(0, 0xd53b0024, 1, iss_sys(3, 3, 0, 0, 1, 4, true)); /* mrs x4, ctr_el0 */
    hc->sr[SR_SCTLR_EL1] |= SCTLR_UCT;
    run_ok(0, 0xd53b0024); /* mrs x4, ctr_el0 */
    ASSERT_HEX(hc->x[4], 0x0000000084448004ULL);
    run_ok(1, 0xd53b0020); /* mrs x0, ctr_el0 */
    ASSERT_HEX(hc->x[0], 0x0000000084448004ULL);
}
END_TEST

START_TEST(test_daif_uma)
{
    run_trap(0, 0xd53b4220, 1, iss_sys(3, 3, 4, 2, 1, 0, true));  /* mrs x0, daif */
    run_trap(0, 0xd51b4220, 1, iss_sys(3, 3, 4, 2, 1, 0, false)); /* msr daif, x0 */
    run_trap(0, 0xd50342df, 1, iss_sys(0, 3, 4, 2, 6, 31, false)); /* msr daifset, #2 */

    hc->sr[SR_SCTLR_EL1] |= SCTLR_UMA;
    h_to_el(0, 0);
    hc->ps.daif = 0x0C0;
    RUN(0xd53b4220); /* mrs x0, daif */
    expect_ok(0, 1);
    ASSERT_HEX(hc->x[0], 0x0C0);
    hc->x[0] = 0xFFFFFFFFFFFFFFFFULL;
    RUN(0xd51b4220); /* msr daif, x0 */
    expect_ok(0, 1);
    ASSERT_HEX(hc->ps.daif, 0x3C0);

    /* With TGE the EL0 trap goes to EL2. */
    hc->sr[SR_SCTLR_EL1] &= ~SCTLR_UMA;
    hc->sr[SR_HCR_EL2] |= HCR_TGE;
    run_trap(0, 0xd53b4220, 2, iss_sys(3, 3, 4, 2, 1, 0, true)); /* mrs x0, daif */
}
END_TEST

/* ============================ FP/SIMD access ============================== */

START_TEST(test_fp_traps_el1)
{
    /* CPACR_EL1.FPEN resets to 0: every FP access from EL1 traps to EL1 with EC 0x07. */
    h_to_el(1, 1);
    RUN(0xd53b4400); /* mrs x0, fpcr */
    h_expect_exc(1, V_CUR_SPX, EC_FP_ACCESS, ISS_FP, H_CODE);
    h_to_el(1, 1);
    RUN(0xd51b4400); /* msr fpcr, x0 */
    h_expect_exc(1, V_CUR_SPX, EC_FP_ACCESS, ISS_FP, H_CODE);
    h_to_el(1, 1);
    RUN(0x9e670020); /* fmov d0, x1 */
    h_expect_exc(1, V_CUR_SPX, EC_FP_ACCESS, ISS_FP, H_CODE);
    h_to_el(1, 1);
    RUN(0x3dc00020); /* ldr q0, [x1] */
    h_expect_exc(1, V_CUR_SPX, EC_FP_ACCESS, ISS_FP, H_CODE);
}
END_TEST

START_TEST(test_fp_traps_el0)
{
    hc->sr[SR_CPACR_EL1] = 1u << 20; /* FPEN = 01: EL0 traps, EL1 does not */
    h_to_el(0, 0);
    RUN(0x9e670020); /* fmov d0, x1 */
    h_expect_exc(1, V_LOWER, EC_FP_ACCESS, ISS_FP, H_CODE);
    h_to_el(0, 0);
    RUN(0xd53b4420); /* mrs x0, fpsr */
    h_expect_exc(1, V_LOWER, EC_FP_ACCESS, ISS_FP, H_CODE);
    hc->sr[SR_HCR_EL2] |= HCR_TGE;
    h_to_el(0, 0);
    RUN(0x9e670020); /* fmov d0, x1 */
    h_expect_exc(2, V_LOWER, EC_FP_ACCESS, ISS_FP, H_CODE);
}
END_TEST

/* fmov d0, x1 (0x9e670020) completed at `el`: d0 holds x1, the rest of V0 is zero. */
static void expect_fmov_done(unsigned el)
{
    expect_ok(el, 1);
    ASSERT_HEX(hc->v[0].d[0], hc->x[1]);
    ASSERT_HEX(hc->v[0].d[1], 0);
}

/* With the traps off, the FP instructions execute (cpu/fp_cvt.c's FMOV (general) here). */
START_TEST(test_fp_enabled_executes)
{
    hc->sr[SR_CPACR_EL1] = 3u << 20;
    hc->x[1] = 0x0123456789abcdefULL;
    hc->v[0].d[1] = 0x5a5a;
    h_to_el(1, 1);
    RUN(0x9e670020); /* fmov d0, x1 */
    expect_fmov_done(1);
    hc->v[0].d[1] = 0x5a5a;
    h_to_el(0, 0);
    RUN(0x9e670020); /* fmov d0, x1 */
    expect_fmov_done(0);
}
END_TEST

START_TEST(test_fp_cptr_traps)
{
    hc->sr[SR_CPACR_EL1] = 3u << 20;
    hc->sr[SR_CPTR_EL2] |= CPTR_TFP;
    h_to_el(1, 1);
    RUN(0x9e670020); /* fmov d0, x1 */
    h_expect_exc(2, V_LOWER, EC_FP_ACCESS, ISS_FP, H_CODE);
    h_to_el(0, 0);
    RUN(0xd53b4400); /* mrs x0, fpcr */
    h_expect_exc(2, V_LOWER, EC_FP_ACCESS, ISS_FP, H_CODE);

    /* CPACR_EL1 is checked first. */
    hc->sr[SR_CPACR_EL1] = 0;
    h_to_el(1, 1);
    RUN(0x9e670020); /* fmov d0, x1 */
    h_expect_exc(1, V_CUR_SPX, EC_FP_ACCESS, ISS_FP, H_CODE);

    hc->sr[SR_CPTR_EL2] &= ~CPTR_TFP;
    hc->sr[SR_CPTR_EL3] |= CPTR_TFP;
    h_to_el(2, 1);
    RUN(0x9e670020); /* fmov d0, x1 */
    h_expect_exc(3, V_LOWER, EC_FP_ACCESS, ISS_FP, H_CODE);
    /* CPTR_EL3.TFP traps every EL, EL3 itself included (AArch64.CheckFPAdvSIMDTrap). */
    h_to_el(3, 1);
    RUN(0x9e670020); /* fmov d0, x1: CPTR_EL3.TFP traps EL3 too ("from all Exception levels") */
    h_expect_exc(3, V_CUR_SPX, EC_FP_ACCESS, ISS_FP, H_CODE);
}
END_TEST

/* FPCR/FPSR: trapped where CPACR/CPTR say (as FP instructions), otherwise plain registers
 * with their RES0 and RAZ/WI bits (no trapped FP exceptions: FPCR's enables read as zero). */
START_TEST(test_fp_regs_when_enabled)
{
    hc->sr[SR_CPACR_EL1] = 3u << 20;
    h_to_el(1, 1);
    hc->x[1] = ~0ull;
    RUN(0xd51b4401,  /* msr fpcr, x1 */
        0xd51b4421,  /* msr fpsr, x1 */
        0xd53b4402,  /* mrs x2, fpcr */
        0xd53b4423); /* mrs x3, fpsr */
    ASSERT_HEX(hc->x[2], 0x07C80000);  /* AHP, DN, FZ, RMode, FZ16 */
    ASSERT_HEX(hc->x[3], 0xF800009F);  /* NZCV, QC, IDC, IXC, UFC, OFC, DZC, IOC */
    ck_assert_uint_eq(hc->ps.el, 1);
}
END_TEST

/* With HCR_EL2.E2H, CPTR_EL2 has CPACR's FPEN layout; EL0 in the host regime ignores
 * CPACR_EL1 and is trapped by CPTR_EL2.FPEN = 01. */
START_TEST(test_fp_traps_e2h)
{
    hc->sr[SR_HCR_EL2] |= HCR_E2H | HCR_TGE;
    hc->sr[SR_CPACR_EL1] = 0;                 /* would trap EL0 if it applied */
    hc->sr[SR_CPTR_EL2] = 3u << 20;           /* FPEN = 11: no traps */
    h_to_el(0, 0);
    RUN(0x9e670020); /* fmov d0, x1 */
    expect_fmov_done(0);
    hc->sr[SR_CPTR_EL2] = 1u << 20;           /* FPEN = 01: host EL0 traps */
    h_to_el(0, 0);
    RUN(0x9e670020); /* fmov d0, x1 */
    h_expect_exc(2, V_LOWER, EC_FP_ACCESS, ISS_FP, H_CODE);
    h_to_el(2, 1);
    RUN(0x9e670020); /* fmov d0, x1: FPEN = 01 does not trap EL2 */
    expect_fmov_done(2);
    hc->sr[SR_CPTR_EL2] = 0;                  /* FPEN = 00: EL2 traps too */
    h_to_el(2, 1);
    RUN(0x9e670020); /* fmov d0, x1 */
    h_expect_exc(2, V_CUR_SPX, EC_FP_ACCESS, ISS_FP, H_CODE);
}
END_TEST

/* EL0 in the host regime takes its counter enables from CNTHCTL_EL2 (EL0PCTEN, EL0VCTEN) and
 * traps to EL2; CNTKCTL_EL1 does not apply. */
START_TEST(test_host_el0_counters)
{
    hc->sr[SR_HCR_EL2] |= HCR_E2H | HCR_TGE;
    hc->sr[SR_CNTKCTL_EL1] = 3;
    hc->sr[SR_CNTHCTL_EL2] = 0;
    h_to_el(0, 0);
    RUN(0xd53be020); /* mrs x0, cntpct_el0 */
    h_expect_exc(2, V_LOWER, EC_SYSREG, iss_sys(3, 3, 14, 0, 1, 0, true), H_CODE);
    h_to_el(0, 0);
    RUN(0xd53be040); /* mrs x0, cntvct_el0 */
    h_expect_exc(2, V_LOWER, EC_SYSREG, iss_sys(3, 3, 14, 0, 2, 0, true), H_CODE);
    hc->sr[SR_CNTKCTL_EL1] = 0;
    hc->sr[SR_CNTHCTL_EL2] = 1;               /* EL0PCTEN */
    h_to_el(0, 0);
    RUN(0xd53be020); /* mrs x0, cntpct_el0 */
    expect_ok(0, 1);
}
END_TEST

/* With E2H, CNTHCTL_EL2.EL1PCTEN is bit 10: EL1 reads of CNTPCT_EL0 trap to EL2 when it is 0. */
START_TEST(test_el1_counter_e2h_layout)
{
    hc->sr[SR_HCR_EL2] |= HCR_E2H;
    hc->sr[SR_CNTHCTL_EL2] = 1;               /* bit 0 is EL0PCTEN in this layout */
    h_to_el(1, 1);
    RUN(0xd53be020); /* mrs x0, cntpct_el0 */
    h_expect_exc(2, V_LOWER, EC_SYSREG, iss_sys(3, 3, 14, 0, 1, 0, true), H_CODE);
    hc->sr[SR_CNTHCTL_EL2] = 1u << 10;
    run_ok(1, 0xd53be020);
}
END_TEST

/* *_EL12 at EL3 reach the EL1 registers only when EL2 is enabled (Non-secure) with E2H. */
START_TEST(test_el12_at_el3_needs_el2)
{
    hc->sr[SR_HCR_EL2] |= HCR_E2H;
    hc->sr[SR_SCTLR_EL1] = 0x30D00801;
    run_ok(3, 0xd53d1000); /* mrs x0, sctlr_el12 */
    ASSERT_HEX(hc->x[0], 0x30D00801);
    hc->sr[SR_SCR_EL3] &= ~SCR_NS;
    run_undef(3, 0xd53d1000);
}
END_TEST

/* PMCCFILTR_EL0 selects the ELs whose cycles PMCCNTR_EL0 counts: at reset (0) Non-secure EL2
 * is not counted (NSH = 0); NSH = 1 counts it; P = 1 stops EL1. Between two reads, exactly the
 * cycles of the first MRS (1) and two NOPs (1 each) are counted. */
START_TEST(test_pmccntr_filter)
{
    hc->sr[SR_PMCR_EL0] |= 1;
    hc->sr[SR_PMCNTENSET_EL0] = 1ULL << 31;
    static const uint32_t prog[] = {0xd53b9d01,  /* mrs x1, pmccntr_el0 */
                                    0xd503201f,  /* nop */
                                    0xd503201f,  /* nop */
                                    0xd53b9d02}; /* mrs x2, pmccntr_el0 */
    h_to_el(1, 1);
    h_run(prog, 4);
    ASSERT_HEX(hc->x[2] - hc->x[1], 3);
    h_to_el(2, 1);
    h_run(prog, 4);
    ASSERT_HEX(hc->x[2] - hc->x[1], 0);
    hc->x[0] = 1ULL << 27; /* NSH */
    RUN(0xd51befe0);       /* msr pmccfiltr_el0, x0 */
    h_run(prog, 4);
    ASSERT_HEX(hc->x[2] - hc->x[1], 3);
    hc->sr[SR_PMCCFILTR_EL0] = 1ULL << 31 | 1ULL << 29; /* P = NSK = 1: Non-secure EL1 counted */
    h_to_el(1, 1);
    h_run(prog, 4);
    ASSERT_HEX(hc->x[2] - hc->x[1], 3);
    hc->sr[SR_PMCCFILTR_EL0] = 1ULL << 31;              /* P = 1, NSK = 0: not counted */
    h_run(prog, 4);
    ASSERT_HEX(hc->x[2] - hc->x[1], 0);
}
END_TEST

/* ======================== Virtualized ID registers ======================== */

START_TEST(test_midr_mpidr_virtualized)
{
    hc->sr[SR_VPIDR_EL2] = 0x410FD034;
    hc->sr[SR_VMPIDR_EL2] = 0x80000103;
    run_ok(1, 0xd5380000); /* mrs x0, midr_el1 */
    ASSERT_HEX(hc->x[0], 0x410FD034);
    run_ok(1, 0xd53800a0); /* mrs x0, mpidr_el1 */
    ASSERT_HEX(hc->x[0], 0x80000103);
    run_ok(2, 0xd5380000); /* mrs x0, midr_el1 */
    ASSERT_HEX(hc->x[0], 0x411FD050);
    run_ok(3, 0xd53800a0); /* mrs x0, mpidr_el1 */
    ASSERT_HEX(hc->x[0], 0x80000000);
    /* Secure EL1 (EL2 not enabled) sees the real values. */
    hc->sr[SR_SCR_EL3] &= ~SCR_NS;
    run_ok(1, 0xd5380000); /* mrs x0, midr_el1 */
    ASSERT_HEX(hc->x[0], 0x411FD050);
}
END_TEST

/* The reserved ID space (op0=3, op1=0, CRn=0, CRm=1..7) reads as zero at EL1 and above. */
START_TEST(test_reserved_id_space)
{
    hc->x[0] = 0xdead;
    run_ok(1, 0xd53807e0); /* mrs x0, s3_0_c0_c7_7 */
    ASSERT_HEX(hc->x[0], 0);
    hc->x[0] = 0xdead;
    run_ok(3, 0xd53803e0); /* mrs x0, s3_0_c0_c3_7 */
    ASSERT_HEX(hc->x[0], 0);
    run_undef(1, 0xd51807e0); /* msr s3_0_c0_c7_7, x0 */
    run_undef(0, 0xd53807e0); /* mrs x0, s3_0_c0_c7_7 */
}
END_TEST

/* ============================ PSTATE registers ============================ */

START_TEST(test_currentel)
{
    for (unsigned el = 1; el <= 3; el++) {
        run_ok(el, 0xd5384240); /* mrs x0, currentel */
        ASSERT_HEX(hc->x[0], el << 2);
    }
}
END_TEST

START_TEST(test_spsel_register)
{
    h_to_el(1, 1);
    hc->sp = 0x1110;
    hc->sp_el[0] = 0x2220;
    RUN(0xd5384200); /* mrs x0, spsel */
    ASSERT_HEX(hc->x[0], 1);
    hc->x[0] = 0;
    RUN(0xd5184200); /* msr spsel, x0 */
    ck_assert_uint_eq(hc->ps.sp, 0);
    ASSERT_HEX(hc->sp, 0x2220);
    RUN(0xd5384200); /* mrs x0, spsel */
    ASSERT_HEX(hc->x[0], 0);
    expect_ok(1, 1);
}
END_TEST

START_TEST(test_sp_el0)
{
    h_to_el(1, 1);
    hc->sp_el[0] = 0x4440;
    RUN(0xd5384100); /* mrs x0, sp_el0 */
    expect_ok(1, 1);
    ASSERT_HEX(hc->x[0], 0x4440);
    hc->x[0] = 0x5550;
    RUN(0xd5184100); /* msr sp_el0, x0 */
    ASSERT_HEX(hc->sp_el[0], 0x5550);
    ASSERT_HEX(hc->sp, H_STACK + 0x10000); /* SP_EL1 untouched */

    /* With SPSel = 0, SP_EL0 is the current SP and MRS/MSR SP_EL0 are UNDEFINED. */
    h_to_el(1, 0);
    RUN(0xd5384100); /* mrs x0, sp_el0 */
    expect_undef(1, V_CUR_SP0);
    h_to_el(1, 0);
    RUN(0xd5184100); /* msr sp_el0, x0 */
    expect_undef(1, V_CUR_SP0);
}
END_TEST

/* SP_EL1 from EL2 and SP_EL2 from EL3, while the current SP is another one. */
START_TEST(test_sp_elx_from_above)
{
    h_to_el(2, 1);
    hc->sp_el[1] = 0x6660;
    RUN(0xd53c4100); /* mrs x0, sp_el1 */
    ASSERT_HEX(hc->x[0], 0x6660);
    hc->x[0] = 0x7770;
    RUN(0xd51c4100); /* msr sp_el1, x0 */
    ASSERT_HEX(hc->sp_el[1], 0x7770);
    ASSERT_HEX(hc->sp, H_STACK + 0x20000);
    h_to_el(3, 1);
    hc->x[0] = 0x8880;
    RUN(0xd51e4100); /* msr sp_el2, x0 */
    h_to_el(2, 1);
    ASSERT_HEX(hc->sp, 0x8880);
}
END_TEST

START_TEST(test_nzcv_register)
{
    h_to_el(0, 0);
    hc->x[0] = 0xFFFFFFFFFFFFFFFFULL;
    RUN(0xd51b4200); /* msr nzcv, x0 */
    expect_ok(0, 1);
    ASSERT_HEX(hc->ps.nzcv, 0xF0000000);
    hc->ps.nzcv = FLAG_Z | FLAG_V;
    RUN(0xd53b4200); /* mrs x0, nzcv */
    ASSERT_HEX(hc->x[0], FLAG_Z | FLAG_V);
}
END_TEST

START_TEST(test_daif_register)
{
    h_to_el(1, 1);
    hc->x[0] = 0x280 | 0x1F;
    RUN(0xd51b4220); /* msr daif, x0 */
    ASSERT_HEX(hc->ps.daif, 0x280);
    RUN(0xd53b4220); /* mrs x0, daif */
    ASSERT_HEX(hc->x[0], 0x280);
}
END_TEST

START_TEST(test_pan_register)
{
    h_to_el(1, 1);
    hc->x[0] = 1u << 22;
    RUN(0xd5184260); /* msr pan, x0 */
    ck_assert_uint_eq(hc->ps.pan, 1);
    hc->x[0] = 0;
    RUN(0xd5384260); /* mrs x0, pan */
    ASSERT_HEX(hc->x[0], 1u << 22);
    RUN(0xd5384280); /* mrs x0, uao */
    ASSERT_HEX(hc->x[0], 0);
}
END_TEST

/* ============================= E2H redirection ============================ */

START_TEST(test_e2h_redirection)
{
    hc->sr[SR_HCR_EL2] |= HCR_E2H;
    hc->sr[SR_SCTLR_EL1] = 0x30D00800;
    hc->sr[SR_SCTLR_EL2] = 0x30C50830;
    h_to_el(2, 1);
    hc->x[0] = 0x30D5198C;
    RUN(0xd5181000); /* msr sctlr_el1, x0: SCTLR_EL2 */
    expect_ok(2, 1);
    ASSERT_HEX(hc->sr[SR_SCTLR_EL2], 0x30D5198C);
    ASSERT_HEX(hc->sr[SR_SCTLR_EL1], 0x30D00800);
    RUN(0xd53d1000); /* mrs x0, sctlr_el12: SCTLR_EL1 */
    expect_ok(2, 1);
    ASSERT_HEX(hc->x[0], 0x30D00800);
    hc->x[0] = 0x30D00804;
    RUN(0xd51d1000); /* msr sctlr_el12, x0 */
    ASSERT_HEX(hc->sr[SR_SCTLR_EL1], 0x30D00804);
    RUN(0xd5381000); /* mrs x0, sctlr_el1 */
    ASSERT_HEX(hc->x[0], 0x30D5198C);

    hc->sr[SR_ELR_EL1] = 0x1234;
    hc->sr[SR_ELR_EL2] = 0x5678;
    RUN(0xd53d4020); /* mrs x0, elr_el12 */
    ASSERT_HEX(hc->x[0], 0x1234);
    RUN(0xd5384020); /* mrs x0, elr_el1 */
    ASSERT_HEX(hc->x[0], 0x5678);

    /* EL3 reaches the EL1 register through _EL12 when E2H is set, and *_EL1 is not redirected. */
    run_ok(3, 0xd53d1000); /* mrs x0, sctlr_el12 */
    ASSERT_HEX(hc->x[0], 0x30D00804);
    run_ok(3, 0xd5381000); /* mrs x0, sctlr_el1 */
    ASSERT_HEX(hc->x[0], 0x30D00804);
}
END_TEST

START_TEST(test_el12_without_e2h_undefined)
{
    run_undef(2, 0xd53d1000); /* mrs x0, sctlr_el12 */
    run_undef(2, 0xd51d4020); /* msr elr_el12, x0 */
    run_undef(3, 0xd53d1000); /* mrs x0, sctlr_el12 */
    hc->sr[SR_HCR_EL2] |= HCR_E2H;
    run_undef(1, 0xd53d1000); /* mrs x0, sctlr_el12 at EL1 */
    /* Without E2H, sctlr_el1 at EL2 is SCTLR_EL1. */
    hc->sr[SR_HCR_EL2] &= ~HCR_E2H;
    hc->x[0] = 0x30D00804;
    run_ok(2, 0xd5181000); /* msr sctlr_el1, x0 */
    ASSERT_HEX(hc->sr[SR_SCTLR_EL1], 0x30D00804);
}
END_TEST

/* In the EL2&0 host regime (E2H = TGE = 1) EL0's controls come from SCTLR_EL2 (SCTLR[] with
 * ELIsInHost(EL0)), and HCR_EL2 traps meant for the EL1&0 guest do not apply. */
START_TEST(test_host_el0_ctr)
{
    hc->sr[SR_HCR_EL2] |= HCR_E2H | HCR_TGE | (1ULL << 17); /* TID2 */
    hc->sr[SR_SCTLR_EL1] &= ~SCTLR_UCT;
    hc->sr[SR_SCTLR_EL2] |= SCTLR_UCT;
    run_ok(0, 0xd53b0024); /* mrs x4, ctr_el0 */
    ASSERT_HEX(hc->x[4], 0x0000000084448004ULL);

    hc->sr[SR_SCTLR_EL1] |= SCTLR_UCT;
    hc->sr[SR_SCTLR_EL2] &= ~SCTLR_UCT;
    run_trap(0, 0xd53b0024, 2, iss_sys(3, 3, 0, 0, 1, 4, true)); /* mrs x4, ctr_el0 */
}
END_TEST

START_TEST(test_host_el0_daif_dczid)
{
    hc->sr[SR_HCR_EL2] |= HCR_E2H | HCR_TGE;
    hc->sr[SR_SCTLR_EL1] &= ~(SCTLR_UMA | SCTLR_DZE);
    hc->sr[SR_SCTLR_EL2] |= SCTLR_UMA | SCTLR_DZE;
    run_ok(0, 0xd53b4220); /* mrs x0, daif */
    run_ok(0, 0xd53b00e0); /* mrs x0, dczid_el0 */
    ASSERT_HEX(hc->x[0], 0x4); /* DZP = 0: DC ZVA permitted */
}
END_TEST

START_TEST(test_dczid_dzp)
{
    run_ok(0, 0xd53b00e0); /* mrs x0, dczid_el0: SCTLR_EL1.DZE = 0 */
    ASSERT_HEX(hc->x[0], 0x14);
    hc->sr[SR_SCTLR_EL1] |= SCTLR_DZE;
    run_ok(0, 0xd53b00e0); /* mrs x0, dczid_el0 */
    ASSERT_HEX(hc->x[0], 0x4);
    run_ok(1, 0xd53b00e0); /* mrs x0, dczid_el0 */
    ASSERT_HEX(hc->x[0], 0x4);
}
END_TEST

/* ====================== RAO/WI bits of an AArch64-only PE ================= */

/* No EL below EL3 can use AArch32 (ID_AA64PFR0_EL1.EL0..EL2 = 1), so SCR_EL3.RW and
 * HCR_EL2.RW are RAO/WI. */
START_TEST(test_rw_bits_rao_wi)
{
    hc->x[0] = SCR_NS | SCR_HCE;
    run_ok(3, 0xd51e1100); /* msr scr_el3, x0 */
    run_ok(3, 0xd53e1100); /* mrs x0, scr_el3 */
    ASSERT_HEX(hc->x[0], SCR_NS | SCR_HCE | SCR_RW);
    hc->x[0] = 0;
    run_ok(2, 0xd51c1100); /* msr hcr_el2, x0 */
    run_ok(2, 0xd53c1100); /* mrs x0, hcr_el2 */
    ASSERT_HEX(hc->x[0], HCR_RW);
}
END_TEST

START_TEST(test_rw_bits_reset)
{
    cpu_reset(hc, H_CODE, 3);
    ASSERT_HEX(sysreg_read(hc, SR_SCR_EL3) & SCR_RW, SCR_RW);
    ASSERT_HEX(sysreg_read(hc, SR_HCR_EL2) & HCR_RW, HCR_RW);
}
END_TEST

/* ============================ PMU cycle counter =========================== */

START_TEST(test_pmccntr_enable)
{
    h_to_el(1, 1);
    hc->x[1] = 0;
    RUN(0xd503201f,  /* nop */
        0xd53b9d01); /* mrs x1, pmccntr_el0 */
    ASSERT_HEX(hc->x[1], 0);

    /* PMCR_EL0.E alone does not start the cycle counter. */
    hc->x[1] = 1;
    RUN(0xd51b9c01,  /* msr pmcr_el0, x1 */
        0xd503201f,  /* nop */
        0xd503201f,  /* nop */
        0xd53b9d02); /* mrs x2, pmccntr_el0 */
    ASSERT_HEX(hc->x[2], 0);

    /* PMCNTENSET_EL0.C as well: it counts. */
    hc->x[0] = 1ULL << 31;
    RUN(0xd51b9c20,  /* msr pmcntenset_el0, x0 */
        0xd503201f,  /* nop */
        0xd53b9d01,  /* mrs x1, pmccntr_el0 */
        0xd503201f,  /* nop */
        0xd503201f,  /* nop */
        0xd53b9d02); /* mrs x2, pmccntr_el0 */
    ck_assert_uint_gt(hc->x[1], 0);
    ck_assert_uint_gt(hc->x[2], hc->x[1]);
    ASSERT_HEX(hc->sr[SR_PMCNTENSET_EL0], 1ULL << 31);

    /* PMCR_EL0.E cleared: frozen. */
    hc->x[1] = 0;
    RUN(0xd51b9c01,  /* msr pmcr_el0, x1 */
        0xd53b9d01,  /* mrs x1, pmccntr_el0 */
        0xd503201f,  /* nop */
        0xd53b9d02); /* mrs x2, pmccntr_el0 */
    ck_assert_uint_gt(hc->x[1], 0);
    ASSERT_HEX(hc->x[2], hc->x[1]);
}
END_TEST

START_TEST(test_pmccntr_disable_and_reset)
{
    h_to_el(1, 1);
    hc->x[1] = 1;
    hc->x[0] = 1ULL << 31;
    RUN(0xd51b9c01,  /* msr pmcr_el0, x1 */
        0xd51b9c20,  /* msr pmcntenset_el0, x0 */
        0xd503201f,  /* nop */
        0xd51b9c40,  /* msr pmcntenclr_el0, x0 */
        0xd53b9d01,  /* mrs x1, pmccntr_el0 */
        0xd503201f,  /* nop */
        0xd53b9d02); /* mrs x2, pmccntr_el0 */
    ck_assert_uint_gt(hc->x[1], 0);
    ASSERT_HEX(hc->x[2], hc->x[1]);
    ASSERT_HEX(hc->sr[SR_PMCNTENSET_EL0], 0);

    hc->x[1] = 4; /* PMCR_EL0.C: reset the cycle counter */
    RUN(0xd51b9c01,  /* msr pmcr_el0, x1 */
        0xd53b9d02); /* mrs x2, pmccntr_el0 */
    ASSERT_HEX(hc->x[2], 0);

    hc->x[0] = 1000;
    RUN(0xd51b9d00,  /* msr pmccntr_el0, x0 */
        0xd503201f,  /* nop */
        0xd53b9d02); /* mrs x2, pmccntr_el0 */
    ASSERT_HEX(hc->x[2], 1000);
}
END_TEST

static Suite *sysreg_suite(void)
{
    Suite *s = suite_create("sysreg");
    TCase *tc = tcase_create("access");
    tcase_add_checked_fixture(tc, h_setup, h_teardown);
    tcase_add_test(tc, test_round_trips);
    tcase_add_test(tc, test_lower_el_registers_from_above);
    tcase_add_test(tc, test_tpidrro_el0);
    tcase_add_test(tc, test_cntfrq_write_highest_el_only);
    tcase_add_test(tc, test_undefined_by_el);
    tcase_add_test(tc, test_undefined_encodings);
    suite_add_tcase(s, tc);

    tc = tcase_create("traps");
    tcase_add_checked_fixture(tc, h_setup, h_teardown);
    tcase_add_test(tc, test_tvm_trvm);
    tcase_add_test(tc, test_tvm_secure_el1);
    tcase_add_test(tc, test_tid3);
    tcase_add_test(tc, test_tacr);
    tcase_add_test(tc, test_mdcr_el2_tda);
    tcase_add_test(tc, test_mdcr_el2_tde);
    tcase_add_test(tc, test_mdcr_el3_tda);
    tcase_add_test(tc, test_mdscr_tdcc);
    tcase_add_test(tc, test_pmu_traps);
    tcase_add_test(tc, test_pmuserenr_cr);
    tcase_add_test(tc, test_counter_traps);
    tcase_add_test(tc, test_cpacr_traps);
    tcase_add_test(tc, test_cptr_el2_tcpac);
    tcase_add_test(tc, test_ctr_el0_uct);
    tcase_add_test(tc, test_daif_uma);
    suite_add_tcase(s, tc);

    tc = tcase_create("fp");
    tcase_add_checked_fixture(tc, h_setup, h_teardown);
    tcase_add_test(tc, test_fp_traps_el1);
    tcase_add_test(tc, test_fp_traps_el0);
    tcase_add_test(tc, test_fp_enabled_executes);
    tcase_add_test(tc, test_fp_cptr_traps);
    suite_add_tcase(s, tc);

    tc = tcase_create("registers");
    tcase_add_checked_fixture(tc, h_setup, h_teardown);
    tcase_add_test(tc, test_midr_mpidr_virtualized);
    tcase_add_test(tc, test_reserved_id_space);
    tcase_add_test(tc, test_currentel);
    tcase_add_test(tc, test_spsel_register);
    tcase_add_test(tc, test_sp_el0);
    tcase_add_test(tc, test_sp_elx_from_above);
    tcase_add_test(tc, test_nzcv_register);
    tcase_add_test(tc, test_daif_register);
    tcase_add_test(tc, test_pan_register);
    tcase_add_test(tc, test_e2h_redirection);
    tcase_add_test(tc, test_el12_without_e2h_undefined);
    tcase_add_test(tc, test_host_el0_ctr);
    tcase_add_test(tc, test_host_el0_daif_dczid);
    tcase_add_test(tc, test_dczid_dzp);
    tcase_add_test(tc, test_rw_bits_rao_wi);
    tcase_add_test(tc, test_rw_bits_reset);
    tcase_add_test(tc, test_pmccntr_enable);
    tcase_add_test(tc, test_pmccntr_disable_and_reset);
    tcase_add_test(tc, test_fp_regs_when_enabled);
    tcase_add_test(tc, test_fp_traps_e2h);
    tcase_add_test(tc, test_host_el0_counters);
    tcase_add_test(tc, test_el1_counter_e2h_layout);
    tcase_add_test(tc, test_el12_at_el3_needs_el2);
    tcase_add_test(tc, test_pmccntr_filter);
    suite_add_tcase(s, tc);
    return s;
}

int main(void) { return h_run_suite(sysreg_suite()); }
