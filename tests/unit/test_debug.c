/* SPDX-License-Identifier: MIT */
/* Unit tests for self-hosted debug (cpu/debug.c, Arm ARM D2): the debug registers and their
 * traps, hardware breakpoints, watchpoints, software step (with exceptions and ERET in the
 * middle of a step), the OS lock, and the routing of debug exceptions. The debug checks run in
 * the checked loop, so most tests advance the core one unit of cpu_step_checked() at a time:
 * an exception taken before an instruction (a breakpoint, a software step) is a unit of its
 * own, and the tests stop there, before the vector's code runs. */
#include <check.h>
#include <stdbool.h>
#include <stdlib.h>

#include "cpu/debug.h"
#include "cpu/exception.h"
#include "tests/unit/harness.h"

#define HCR_TGE (1ULL << 27)
#define SCR_NS (1ULL << 0)
#define MDCR_TDE (1ULL << 8)
#define MDCR_TDA (1ULL << 9)
#define MDCR_TDOSA (1ULL << 10)
#define MDCR_TDRA (1ULL << 11)
#define MDCR3_SDD (1ULL << 16)
#define MDSCR_SS (1ULL << 0)
#define MDSCR_KDE (1ULL << 13)
#define MDSCR_MDE (1ULL << 15)
#define SPSR_SS (1u << 21)
#define SPSR_EL1H 0x3C5u
#define UNASSIGNED 0x20000000ULL /* no RAM, flash or device */

/* ESR ISS of the debug exceptions: IFSC/DFSC = 0x22; software step ISV (24) and EX (6);
 * watchpoint WnR (6). */
#define ISS_DEBUG 0x22u
#define ISS_ISV (1u << 24)
#define ISS_EX (1u << 6)
#define ISS_WNR (1u << 6)

/* PMC/PAC: bit 0 EL1, bit 1 EL0. */
enum { P_EL1 = 1, P_EL0 = 2, P_BOTH = 3 };

/* DBGBCR<n>_EL1: E, PMC, BAS (RES1), HMC, SSC, LBN, BT. */
static uint64_t bcr(unsigned bt, unsigned hmc, unsigned ssc, unsigned pmc, unsigned lbn)
{
    return 1 | (uint64_t)pmc << 1 | 0x1E0 | (uint64_t)hmc << 13 | (uint64_t)ssc << 14 |
           (uint64_t)lbn << 16 | (uint64_t)bt << 20;
}

/* DBGWCR<n>_EL1: E, PAC, LSC (1 load, 2 store, 3 both), BAS, MASK (SSC = HMC = 0). */
static uint64_t wcr(unsigned pac, unsigned lsc, unsigned bas, unsigned mask)
{
    return 1 | (uint64_t)pac << 1 | (uint64_t)lsc << 3 | (uint64_t)bas << 5 | (uint64_t)mask << 24;
}

static void dbg_write(int id, uint64_t v) { sysreg_write(hc, id, v); }

/* Clear the OS lock (locked at reset) and set MDSCR_EL1. */
static void debug_on(uint64_t mdscr)
{
    dbg_write(SR_OSLAR_EL1, 0);
    dbg_write(SR_MDSCR_EL1, mdscr);
}

/* Put words at H_CODE + off and point the PC at H_CODE. */
static void load_at(uint64_t off, const uint32_t *words, unsigned n) { h_load(H_CODE + off, words, n); }
#define LOAD_AT(off, ...)                                                                         \
    do {                                                                                          \
        const uint32_t w_[] = {__VA_ARGS__};                                                      \
        load_at(off, w_, (unsigned)(sizeof w_ / sizeof w_[0]));                                   \
    } while (0)
#define LOAD(...)                                                                                 \
    do {                                                                                          \
        LOAD_AT(0, __VA_ARGS__);                                                                  \
        hc->pc = H_CODE;                                                                          \
    } while (0)

/* One unit of the checked loop: an instruction, or an exception taken before one. */
static void unit(void) { ck_assert(cpu_step_checked(hc)); }

/* The instruction at `pc` ran at `el` (no exception): the PC moved on by 4. */
static void expect_ran(unsigned el, uint64_t pc)
{
    ck_assert_uint_eq(hc->ps.el, el);
    ASSERT_HEX(hc->pc, pc + 4);
}

/* ============================ Registers ============================ */

START_TEST(test_id_and_register_fields)
{
    uint64_t dfr0 = hc->sr[SR_ID_AA64DFR0_EL1];
    ck_assert_uint_eq((dfr0 >> 12) & 15, 5); /* BRPs: 6 breakpoints */
    ck_assert_uint_eq((dfr0 >> 20) & 15, 3); /* WRPs: 4 watchpoints */
    ck_assert_uint_eq((dfr0 >> 28) & 15, 1); /* CTX_CMPs: 2 context-aware */
    ck_assert_int_ge(sysreg_by_name("DBGBCR5_EL1"), 0);
    ck_assert_int_ge(sysreg_by_name("DBGWVR3_EL1"), 0);
    ck_assert_int_lt(sysreg_by_name("DBGBCR6_EL1"), 0);
    ck_assert_int_lt(sysreg_by_name("DBGWCR4_EL1"), 0);

    /* BAS is RES1 without AArch32; RES0 fields read as zero. */
    ASSERT_HEX(sysreg_read(hc, SR_DBGBCR3_EL1), 0x1E0);
    dbg_write(SR_DBGBCR3_EL1, ~0ULL);
    ASSERT_HEX(sysreg_read(hc, SR_DBGBCR3_EL1), 0xFFE1E7);
    dbg_write(SR_DBGBCR3_EL1, 0);
    ASSERT_HEX(sysreg_read(hc, SR_DBGBCR3_EL1), 0x1E0);
    dbg_write(SR_DBGWCR2_EL1, ~0ULL);
    ASSERT_HEX(sysreg_read(hc, SR_DBGWCR2_EL1), 0x1F1FFFFF);
    dbg_write(SR_DBGWVR1_EL1, 0x40001007);
    ASSERT_HEX(sysreg_read(hc, SR_DBGWVR1_EL1), 0x40001004);

    /* OS lock: locked at reset (OSLM = 0b10, OSLK = 1); OSLAR_EL1 sets and clears it. */
    ASSERT_HEX(sysreg_read(hc, SR_OSLSR_EL1), 0xA);
    /* Locked, the EDSCR save/restore fields of MDSCR_EL1 are writable too. */
    dbg_write(SR_MDSCR_EL1, ~0ULL);
    ASSERT_HEX(sysreg_read(hc, SR_MDSCR_EL1), 0x6CE8F041);
    dbg_write(SR_OSLAR_EL1, 0);
    ASSERT_HEX(sysreg_read(hc, SR_OSLSR_EL1), 0x8);
    /* Unlocked, they are read-only: only SS, TDCC, KDE and MDE change. */
    dbg_write(SR_MDSCR_EL1, 0);
    ASSERT_HEX(sysreg_read(hc, SR_MDSCR_EL1), 0x6CE84040);
    dbg_write(SR_OSLAR_EL1, 1);
    ASSERT_HEX(sysreg_read(hc, SR_OSLSR_EL1), 0xA);

    /* The same through MSR at EL1: msr oslar_el1, x0 */
    h_to_el(1, 1);
    hc->x[0] = 0;
    RUN(0xd5101080);
    ASSERT_HEX(hc->sr[SR_OSLSR_EL1], 0x8);
    dbg_write(SR_OSDLR_EL1, ~0ULL);
    ASSERT_HEX(sysreg_read(hc, SR_OSDLR_EL1), 1);
}
END_TEST

/* The instrumentation bits follow the debug registers: software step whatever the locks say,
 * breakpoints and watchpoints only with MDSCR_EL1.MDE and no OS lock or double lock. */
START_TEST(test_instr_bits_follow_registers)
{
    ck_assert_uint_eq(hc->instr & (INSTR_ARCH_DEBUG | INSTR_WATCH), 0);
    dbg_write(SR_DBGBCR1_EL1, bcr(0, 0, 0, P_EL0, 0));
    dbg_write(SR_DBGWCR0_EL1, wcr(P_EL0, 3, 0xFF, 0));
    ck_assert_uint_eq(hc->instr & (INSTR_ARCH_DEBUG | INSTR_WATCH), 0); /* MDE = 0, OS lock */
    dbg_write(SR_MDSCR_EL1, MDSCR_MDE);
    ck_assert_uint_eq(hc->instr & (INSTR_ARCH_DEBUG | INSTR_WATCH), 0); /* still OS-locked */
    dbg_write(SR_OSLAR_EL1, 0);
    ck_assert_uint_eq(hc->instr & (INSTR_ARCH_DEBUG | INSTR_WATCH), INSTR_ARCH_DEBUG | INSTR_WATCH);
    dbg_write(SR_OSDLR_EL1, 1); /* double lock (DBGPRCR_EL1.CORENPDRQ = 0) */
    ck_assert_uint_eq(hc->instr & (INSTR_ARCH_DEBUG | INSTR_WATCH), 0);
    dbg_write(SR_DBGPRCR_EL1, 1); /* CORENPDRQ: the double lock has no effect */
    ck_assert_uint_eq(hc->instr & (INSTR_ARCH_DEBUG | INSTR_WATCH), INSTR_ARCH_DEBUG | INSTR_WATCH);
    dbg_write(SR_DBGWCR0_EL1, 0);
    ck_assert_uint_eq(hc->instr & (INSTR_ARCH_DEBUG | INSTR_WATCH), INSTR_ARCH_DEBUG);
    dbg_write(SR_DBGBCR1_EL1, 0);
    ck_assert_uint_eq(hc->instr & (INSTR_ARCH_DEBUG | INSTR_WATCH), 0);
    /* msr mdscr_el1, x0 at EL1 with SS: stepping needs the checked loop, even OS-locked */
    dbg_write(SR_OSLAR_EL1, 1);
    h_to_el(1, 1);
    hc->x[0] = MDSCR_SS;
    RUN(0xd5100240);
    ck_assert_uint_eq(hc->instr & (INSTR_ARCH_DEBUG | INSTR_WATCH), INSTR_ARCH_DEBUG);
}
END_TEST

/* =========================== Register traps =========================== */

static uint32_t iss_sys(unsigned op0, unsigned op1, unsigned crn, unsigned crm, unsigned op2, unsigned rt, bool read)
{
    return (op0 << 20) | (op2 << 17) | (op1 << 14) | (crn << 10) | (rt << 5) | (crm << 1) | (read ? 1u : 0u);
}

static void run_trap(unsigned el, uint32_t insn, unsigned target, uint32_t iss)
{
    h_to_el(el, 1);
    RUN(insn);
    h_expect_exc(target, target > el ? V_LOWER : V_CUR_SPX, EC_SYSREG, iss, H_CODE);
}

static void run_ok(unsigned el, uint32_t insn)
{
    h_to_el(el, 1);
    RUN(insn);
    expect_ran(el, H_CODE);
}

/* MDCR_EL2.TDA traps the breakpoint registers; TDOSA the OS lock registers; TDE (and HCR_EL2.TGE)
 * behave as both; TDRA traps MDRAR_EL1; MDCR_EL3.TDA traps EL1 and EL2 accesses to EL3. */
START_TEST(test_debug_register_traps)
{
    const uint32_t mrs_bcr0 = 0xd53000a0, msr_oslar = 0xd5101080, mrs_osdlr = 0xd5301383;
    const uint32_t mrs_mdrar = 0xd5301000;
    const uint32_t iss_bcr0 = iss_sys(2, 0, 0, 0, 5, 0, true), iss_oslar = iss_sys(2, 0, 1, 0, 4, 0, false);
    const uint32_t iss_osdlr = iss_sys(2, 0, 1, 3, 4, 3, true), iss_mdrar = iss_sys(2, 0, 1, 0, 0, 0, true);

    run_ok(1, mrs_bcr0);
    hc->sr[SR_MDCR_EL2] = MDCR_TDA;
    run_trap(1, mrs_bcr0, 2, iss_bcr0);
    run_ok(1, msr_oslar);
    run_ok(1, mrs_mdrar);
    run_ok(2, mrs_bcr0);
    hc->sr[SR_MDCR_EL2] = MDCR_TDOSA;
    run_trap(1, msr_oslar, 2, iss_oslar);
    run_trap(1, mrs_osdlr, 2, iss_osdlr);
    run_ok(1, mrs_bcr0);
    hc->sr[SR_MDCR_EL2] = MDCR_TDRA;
    run_trap(1, mrs_mdrar, 2, iss_mdrar);
    run_ok(1, mrs_bcr0);
    hc->sr[SR_MDCR_EL2] = MDCR_TDE;
    run_trap(1, mrs_bcr0, 2, iss_bcr0);
    run_trap(1, msr_oslar, 2, iss_oslar);
    run_trap(1, mrs_mdrar, 2, iss_mdrar);
    hc->sr[SR_MDCR_EL2] = 0;
    hc->sr[SR_HCR_EL2] |= HCR_TGE;
    run_trap(1, mrs_bcr0, 2, iss_bcr0);
    run_trap(1, msr_oslar, 2, iss_oslar);
    hc->sr[SR_HCR_EL2] &= ~HCR_TGE;
    hc->sr[SR_MDCR_EL3] = MDCR_TDA;
    run_trap(2, mrs_bcr0, 3, iss_bcr0);
    run_trap(1, mrs_bcr0, 3, iss_bcr0);
    run_ok(3, mrs_bcr0);
    /* EL0 has no access at all. */
    hc->sr[SR_MDCR_EL3] = 0;
    h_to_el(0, 0);
    RUN(mrs_bcr0);
    h_expect_exc(1, V_LOWER, EC_UNKNOWN, 0, H_CODE);
}
END_TEST

/* ============================ Breakpoints ============================ */

/* An EL0 breakpoint: the instruction before it runs, then the Breakpoint exception is taken to
 * EL1 before the instruction at DBGBVR (EC 0x30, IFSC 0x22, ELR = that instruction), which has
 * not run. FAR is UNKNOWN: left alone. */
START_TEST(test_bp_el0_to_el1)
{
    debug_on(MDSCR_MDE);
    dbg_write(SR_DBGBVR0_EL1, H_CODE + 4);
    dbg_write(SR_DBGBCR0_EL1, bcr(0, 0, 0, P_EL0, 0));
    hc->sr[SR_FAR_EL1] = 0x1234;
    h_to_el(0, 0);
    LOAD(0x91000400, 0x91000400); /* add x0, x0, #1 (twice) */
    unit();
    expect_ran(0, H_CODE);
    ASSERT_HEX(hc->x[0], 1);
    unit();
    h_expect_exc(1, V_LOWER, EC_BKPT_LOWER, ISS_DEBUG, H_CODE + 4);
    ASSERT_HEX(hc->x[0], 1);
    ASSERT_HEX(*h_spsr(1), 0x3C0);
    ASSERT_HEX(*h_far(1), 0x1234);
}
END_TEST

/* At the debug target EL itself only with MDSCR_EL1.KDE = 1 and PSTATE.D = 0: EC 0x31. */
START_TEST(test_bp_same_el_kde)
{
    debug_on(MDSCR_MDE | MDSCR_KDE);
    dbg_write(SR_DBGBVR2_EL1, H_CODE);
    dbg_write(SR_DBGBCR2_EL1, bcr(0, 0, 0, P_EL1, 0));
    h_to_el(1, 1);
    hc->ps.daif = 0;
    LOAD(0x91000400);
    unit();
    h_expect_exc(1, V_CUR_SPX, EC_BKPT_CUR, ISS_DEBUG, H_CODE);
    ASSERT_HEX(*h_spsr(1), SPSR_EL1H & ~0x3C0u);
    ASSERT_HEX(hc->x[0], 0);
}
END_TEST

/* No Breakpoint exception: with the OS lock, the double lock, MDSCR_EL1.MDE = 0, at the target
 * EL with KDE = 0 or PSTATE.D = 1, for another EL (PMC), another Security state (SSC), a
 * reserved control combination, or a disabled breakpoint. */
START_TEST(test_bp_not_taken)
{
    dbg_write(SR_DBGBVR0_EL1, H_CODE);
    dbg_write(SR_DBGBCR0_EL1, bcr(0, 0, 0, P_BOTH, 0));
    dbg_write(SR_MDSCR_EL1, MDSCR_MDE | MDSCR_KDE); /* OS lock still set */
    struct { unsigned el; uint64_t mdscr, daif; bool oslock, dlock; uint64_t ctl; } cases[] = {
        {0, MDSCR_MDE, 0, true, false, bcr(0, 0, 0, P_BOTH, 0)},
        {0, MDSCR_MDE, 0, false, true, bcr(0, 0, 0, P_BOTH, 0)},
        {0, 0, 0, false, false, bcr(0, 0, 0, P_BOTH, 0)},
        {1, MDSCR_MDE, 0, false, false, bcr(0, 0, 0, P_BOTH, 0)},             /* KDE = 0 */
        {1, MDSCR_MDE | MDSCR_KDE, 0x200, false, false, bcr(0, 0, 0, P_BOTH, 0)}, /* D = 1 */
        {0, MDSCR_MDE, 0, false, false, bcr(0, 0, 0, P_EL1, 0)},
        {0, MDSCR_MDE, 0, false, false, bcr(0, 0, 2, P_BOTH, 0)},  /* Secure only */
        {0, MDSCR_MDE, 0, false, false, bcr(0, 0, 3, P_BOTH, 0)},  /* reserved: HMC 0, SSC 11 */
        {0, MDSCR_MDE, 0, false, false, bcr(0, 0, 0, P_BOTH, 0) & ~1ULL},
        {0, MDSCR_MDE, 0, false, false, bcr(4, 0, 0, P_BOTH, 0)},  /* address mismatch: reserved */
    };
    for (unsigned i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        dbg_write(SR_OSLAR_EL1, cases[i].oslock);
        dbg_write(SR_OSDLR_EL1, cases[i].dlock);
        dbg_write(SR_MDSCR_EL1, cases[i].mdscr);
        dbg_write(SR_DBGBCR0_EL1, cases[i].ctl);
        h_to_el(cases[i].el, 1);
        hc->ps.daif = (uint32_t)cases[i].daif;
        LOAD(0x91000400);
        unit();
        expect_ran(cases[i].el, H_CODE);
    }
}
END_TEST

/* Breakpoints are checked on a fetch that translated: an Instruction Abort comes first. */
START_TEST(test_bp_instruction_abort_first)
{
    debug_on(MDSCR_MDE);
    dbg_write(SR_DBGBVR0_EL1, UNASSIGNED);
    dbg_write(SR_DBGBCR0_EL1, bcr(0, 0, 0, P_EL0, 0));
    h_to_el(0, 0);
    hc->pc = UNASSIGNED;
    unit();
    h_expect_exc(1, V_LOWER, EC_IABT_LOWER, FSC_SYNC_EXT, UNASSIGNED);
}
END_TEST

/* MDCR_EL2.TDE and HCR_EL2.TGE take debug exceptions from EL0/EL1 to EL2 (EC 0x30, from a
 * lower EL, whatever KDE says); at EL2 itself they need KDE and PSTATE.D = 0 (EC 0x31); EL3
 * never takes them. */
START_TEST(test_bp_routing)
{
    debug_on(MDSCR_MDE);
    dbg_write(SR_DBGBVR0_EL1, H_CODE);
    dbg_write(SR_DBGBCR0_EL1, bcr(0, 1, 1, P_BOTH, 0)); /* Non-secure EL2, EL1, EL0 */
    hc->sr[SR_MDCR_EL2] = MDCR_TDE;
    h_to_el(1, 1);
    LOAD(0x91000400);
    unit();
    h_expect_exc(2, V_LOWER, EC_BKPT_LOWER, ISS_DEBUG, H_CODE);
    /* EL2, the target: KDE = 0 */
    h_to_el(2, 1);
    hc->ps.daif = 0;
    LOAD(0x91000400);
    unit();
    expect_ran(2, H_CODE);
    dbg_write(SR_MDSCR_EL1, MDSCR_MDE | MDSCR_KDE);
    LOAD(0x91000400);
    unit();
    h_expect_exc(2, V_CUR_SPX, EC_BKPT_CUR, ISS_DEBUG, H_CODE);
    /* TGE from EL0 */
    hc->sr[SR_MDCR_EL2] = 0;
    hc->sr[SR_HCR_EL2] |= HCR_TGE;
    h_to_el(0, 0);
    LOAD(0x91000400);
    unit();
    h_expect_exc(2, V_LOWER, EC_BKPT_LOWER, ISS_DEBUG, H_CODE);
    /* EL3: HMC = 1, SSC = 0 includes EL3, but debug exceptions are never taken from EL3 */
    dbg_write(SR_DBGBCR0_EL1, bcr(0, 1, 0, P_EL1, 0));
    h_to_el(3, 1);
    hc->ps.daif = 0;
    LOAD(0x91000400);
    unit();
    expect_ran(3, H_CODE);
}
END_TEST

/* Secure EL0/EL1 (SCR_EL3.NS = 0): SSC = 0b10 matches there; MDCR_EL3.SDD disables debug
 * exceptions in Secure state. */
START_TEST(test_bp_secure_state)
{
    debug_on(MDSCR_MDE);
    dbg_write(SR_DBGBVR0_EL1, H_CODE);
    dbg_write(SR_DBGBCR0_EL1, bcr(0, 0, 2, P_EL0, 0));
    hc->sr[SR_SCR_EL3] &= ~SCR_NS;
    h_to_el(0, 0);
    LOAD(0x91000400);
    unit();
    h_expect_exc(1, V_LOWER, EC_BKPT_LOWER, ISS_DEBUG, H_CODE);
    hc->sr[SR_MDCR_EL3] = MDCR3_SDD;
    h_to_el(0, 0);
    LOAD(0x91000400);
    unit();
    expect_ran(0, H_CODE);
}
END_TEST

/* Context-aware breakpoints (4 and 5): an unlinked CONTEXTIDR_EL1 match (BT 0b0010) hits any
 * instruction while CONTEXTIDR_EL1 matches; a linked address breakpoint (BT 0b0001) hits only
 * when its linked CONTEXTIDR_EL1 breakpoint (BT 0b0011, LBN) matches; a VMID match (BT 0b1000)
 * compares VTTBR_EL2.VMID. Breakpoints 0 to 3 cannot match contexts (reserved: disabled). */
START_TEST(test_bp_context)
{
    debug_on(MDSCR_MDE);
    h_to_el(0, 0);
    dbg_write(SR_DBGBVR4_EL1, 0x42);
    dbg_write(SR_DBGBCR4_EL1, bcr(2, 0, 0, P_EL0, 0));
    hc->sr[SR_CONTEXTIDR_EL1] = 0x41;
    LOAD(0x91000400);
    unit();
    expect_ran(0, H_CODE);
    hc->sr[SR_CONTEXTIDR_EL1] = 0x42;
    h_to_el(0, 0);
    LOAD(0x91000400);
    unit();
    h_expect_exc(1, V_LOWER, EC_BKPT_LOWER, ISS_DEBUG, H_CODE);
    /* the same on breakpoint 1, which is not context-aware */
    dbg_write(SR_DBGBCR4_EL1, 0);
    dbg_write(SR_DBGBVR1_EL1, 0x42);
    dbg_write(SR_DBGBCR1_EL1, bcr(2, 0, 0, P_EL0, 0));
    h_to_el(0, 0);
    LOAD(0x91000400);
    unit();
    expect_ran(0, H_CODE);
    dbg_write(SR_DBGBCR1_EL1, 0);

    /* linked: address breakpoint 0 -> context breakpoint 5 */
    dbg_write(SR_DBGBVR5_EL1, 0x42);
    dbg_write(SR_DBGBCR5_EL1, bcr(3, 0, 0, P_EL0, 0));
    dbg_write(SR_DBGBVR0_EL1, H_CODE + 4);
    dbg_write(SR_DBGBCR0_EL1, bcr(1, 0, 0, P_EL0, 5));
    hc->sr[SR_CONTEXTIDR_EL1] = 0x41;
    h_to_el(0, 0);
    LOAD(0x91000400, 0x91000400);
    unit();
    unit();
    expect_ran(0, H_CODE + 4); /* neither the context nor the address alone */
    hc->sr[SR_CONTEXTIDR_EL1] = 0x42;
    h_to_el(0, 0);
    LOAD(0x91000400, 0x91000400);
    unit();
    expect_ran(0, H_CODE); /* the linked context breakpoint does not hit on its own */
    unit();
    h_expect_exc(1, V_LOWER, EC_BKPT_LOWER, ISS_DEBUG, H_CODE + 4);
    dbg_write(SR_DBGBCR0_EL1, 0);
    dbg_write(SR_DBGBCR5_EL1, 0);

    /* VMID 5 (8-bit VMIDs: DBGBVR bits [39:32], VTTBR_EL2 bits [55:48]) */
    dbg_write(SR_DBGBVR4_EL1, 5ULL << 32);
    dbg_write(SR_DBGBCR4_EL1, bcr(8, 0, 0, P_EL0, 0));
    hc->sr[SR_VTTBR_EL2] = 4ULL << 48;
    h_to_el(0, 0);
    LOAD(0x91000400);
    unit();
    expect_ran(0, H_CODE);
    hc->sr[SR_VTTBR_EL2] = 5ULL << 48;
    h_to_el(0, 0);
    LOAD(0x91000400);
    unit();
    h_expect_exc(1, V_LOWER, EC_BKPT_LOWER, ISS_DEBUG, H_CODE);
}
END_TEST

/* BRK is always generated and routed like the other debug exceptions, HCR_EL2.TGE included
 * (AArch64.SoftwareBreakpoint): EL1 with TGE goes to EL2. Debug enables play no part. */
START_TEST(test_brk_routing)
{
    hc->sr[SR_HCR_EL2] |= HCR_TGE;
    h_to_el(1, 1);
    RUN(0xd4200840); /* brk #0x42 */
    h_expect_exc(2, V_LOWER, EC_BRK64, 0x42, H_CODE);
    hc->sr[SR_HCR_EL2] &= ~HCR_TGE;
    h_to_el(1, 1);
    RUN(0xd4200840);
    h_expect_exc(1, V_CUR_SPX, EC_BRK64, 0x42, H_CODE);
}
END_TEST

/* ============================ Watchpoints ============================ */

/* A load from EL0 hits a load watchpoint: EC 0x34 to EL1, WnR = 0, DFSC 0x22, FAR = the
 * address, ELR = the load, which has not written its register. */
START_TEST(test_wp_load)
{
    debug_on(MDSCR_MDE);
    dbg_write(SR_DBGWVR0_EL1, H_DATA);
    dbg_write(SR_DBGWCR0_EL1, wcr(P_EL0, 1, 0xFF, 0));
    ck_assert(hc->instr & INSTR_WATCH);
    h_poke(H_DATA, 8, 0x1122334455667788ULL);
    h_to_el(0, 0);
    hc->x[0] = 0x77;
    hc->x[1] = H_DATA;
    LOAD(0xf9400020); /* ldr x0, [x1] */
    unit();
    h_expect_exc(1, V_LOWER, EC_WPT_LOWER, ISS_DEBUG, H_CODE);
    ASSERT_HEX(*h_far(1), H_DATA);
    ASSERT_HEX(hc->x[0], 0x77);
}
END_TEST

/* LSC selects loads, stores or both: a store passes a load-only watchpoint, and a store
 * watchpoint stops the store before memory changes (WnR = 1). */
START_TEST(test_wp_store_lsc)
{
    debug_on(MDSCR_MDE);
    dbg_write(SR_DBGWVR1_EL1, H_DATA);
    dbg_write(SR_DBGWCR1_EL1, wcr(P_EL0, 1, 0xFF, 0));
    h_poke(H_DATA, 8, 0);
    h_to_el(0, 0);
    hc->x[1] = H_DATA;
    hc->x[2] = 0xabcd;
    LOAD(0xf9000022); /* str x2, [x1] */
    unit();
    expect_ran(0, H_CODE);
    ASSERT_HEX(h_peek(H_DATA, 8), 0xabcd);
    dbg_write(SR_DBGWCR1_EL1, wcr(P_EL0, 2, 0xFF, 0));
    hc->x[2] = 0x5555;
    LOAD(0xf9000022);
    unit();
    h_expect_exc(1, V_LOWER, EC_WPT_LOWER, ISS_WNR | ISS_DEBUG, H_CODE);
    ASSERT_HEX(*h_far(1), H_DATA);
    ASSERT_HEX(h_peek(H_DATA, 8), 0xabcd);
}
END_TEST

/* BAS selects bytes of the doubleword at DBGWVR (or of the word when DBGWVR bit 2 is set); an
 * access touching any selected byte hits, whatever its size. */
START_TEST(test_wp_bas_and_size)
{
    debug_on(MDSCR_MDE);
    dbg_write(SR_DBGWVR0_EL1, H_DATA);
    dbg_write(SR_DBGWCR0_EL1, wcr(P_EL0, 3, 0x10, 0)); /* byte 4 */
    h_poke(H_DATA, 8, 0x1122334455667788ULL);
    h_to_el(0, 0);
    hc->x[1] = H_DATA;
    LOAD(0xb9400020); /* ldr w0, [x1]: bytes 0-3 */
    unit();
    expect_ran(0, H_CODE);
    ASSERT_HEX(hc->x[0], 0x55667788);
    LOAD(0x39401020); /* ldrb w0, [x1, #4] */
    unit();
    h_expect_exc(1, V_LOWER, EC_WPT_LOWER, ISS_DEBUG, H_CODE);
    ASSERT_HEX(*h_far(1), H_DATA + 4);
    h_to_el(0, 0);
    LOAD(0xf9400020); /* ldr x0, [x1]: bytes 0-7 */
    unit();
    h_expect_exc(1, V_LOWER, EC_WPT_LOWER, ISS_DEBUG, H_CODE);
    ASSERT_HEX(*h_far(1), H_DATA);
    /* word-aligned DBGWVR: BAS[3:0] select bytes of the word at H_DATA + 4 */
    dbg_write(SR_DBGWVR0_EL1, H_DATA + 4);
    dbg_write(SR_DBGWCR0_EL1, wcr(P_EL0, 3, 0x2, 0)); /* byte 5 */
    h_to_el(0, 0);
    LOAD(0x39401020); /* ldrb w0, [x1, #4] */
    unit();
    expect_ran(0, H_CODE);
    hc->x[2] = 0x99;
    LOAD(0x39001422); /* strb w2, [x1, #5] */
    unit();
    h_expect_exc(1, V_LOWER, EC_WPT_LOWER, ISS_WNR | ISS_DEBUG, H_CODE);
    ASSERT_HEX(*h_far(1), H_DATA + 5);
}
END_TEST

/* MASK watches a 2^MASK-byte aligned block (BAS all ones). */
START_TEST(test_wp_mask)
{
    debug_on(MDSCR_MDE);
    dbg_write(SR_DBGWVR3_EL1, H_DATA);
    dbg_write(SR_DBGWCR3_EL1, wcr(P_EL0, 1, 0xFF, 6)); /* 64 bytes */
    h_to_el(0, 0);
    hc->x[1] = H_DATA;
    LOAD(0xf9402020); /* ldr x0, [x1, #0x40] */
    unit();
    expect_ran(0, H_CODE);
    LOAD(0xf9401c20); /* ldr x0, [x1, #0x38] */
    unit();
    h_expect_exc(1, V_LOWER, EC_WPT_LOWER, ISS_DEBUG, H_CODE);
    ASSERT_HEX(*h_far(1), H_DATA + 0x38);
    /* MASK 1 and 2 are reserved: disabled */
    dbg_write(SR_DBGWCR3_EL1, wcr(P_EL0, 1, 0xFF, 2));
    h_to_el(0, 0);
    LOAD(0xf9401c20);
    unit();
    expect_ran(0, H_CODE);
}
END_TEST

/* Watchpoints at the debug target EL (KDE, PSTATE.D), and routed to EL2 by TDE. */
START_TEST(test_wp_same_el_and_tde)
{
    debug_on(MDSCR_MDE | MDSCR_KDE);
    dbg_write(SR_DBGWVR2_EL1, H_DATA);
    dbg_write(SR_DBGWCR2_EL1, wcr(P_EL1, 3, 0xFF, 0));
    h_to_el(1, 1);
    hc->x[1] = H_DATA;
    LOAD(0xf9400020); /* ldr x0, [x1], PSTATE.D = 1 */
    unit();
    expect_ran(1, H_CODE);
    hc->ps.daif = 0;
    LOAD(0xf9400020);
    unit();
    h_expect_exc(1, V_CUR_SPX, EC_WPT_CUR, ISS_DEBUG, H_CODE);
    ASSERT_HEX(*h_far(1), H_DATA);
    hc->sr[SR_MDCR_EL2] = MDCR_TDE;
    h_to_el(1, 1);
    LOAD(0xf9400020);
    unit();
    h_expect_exc(2, V_LOWER, EC_WPT_LOWER, ISS_DEBUG, H_CODE);
    ASSERT_HEX(*h_far(2), H_DATA);
}
END_TEST

/* LDTR at EL1 is an EL0 access: it matches a watchpoint for EL0 (PAC = EL0 only) that the
 * same LDR at EL1 passes (AArch64.WatchpointMatch's ispriv). */
START_TEST(test_wp_unprivileged_access)
{
    debug_on(MDSCR_MDE);
    dbg_write(SR_DBGWVR3_EL1, H_DATA);
    dbg_write(SR_DBGWCR3_EL1, wcr(P_EL0, 3, 0xFF, 0));
    hc->sr[SR_MDCR_EL2] = MDCR_TDE;
    h_to_el(1, 1);
    hc->x[1] = H_DATA;
    LOAD(0xf9400020); /* ldr x0, [x1] */
    unit();
    expect_ran(1, H_CODE);
    LOAD(0xf8400820); /* ldtr x0, [x1] */
    unit();
    h_expect_exc(2, V_LOWER, EC_WPT_LOWER, ISS_DEBUG, H_CODE);
    ASSERT_HEX(*h_far(2), H_DATA);
}
END_TEST

/* ============================ Software step ============================ */

/* EL2 (the debug target through MDCR_EL2.TDE) steps its EL1 guest: MDSCR_EL1.SS = 1, ERET
 * with SPSR_EL2.SS = 1. Guest code is at H_CODE + 0x100, EL2's ERET at H_CODE. */
static void guest_step_setup(uint32_t spsr)
{
    dbg_write(SR_OSLAR_EL1, 0);
    hc->sr[SR_MDCR_EL2] = MDCR_TDE;
    dbg_write(SR_MDSCR_EL1, MDSCR_SS);
    h_to_el(2, 1);
    *h_spsr(2) = spsr;
    *h_elr(2) = H_CODE + 0x100;
    LOAD(0xd69f03e0); /* eret */
}

/* One instruction per ERET: the step exception comes before the next instruction, EC 0x32
 * (from EL1) with ISV = 1, EX = 0, IFSC 0x22, ELR = the next instruction, SPSR_EL2.SS = 0. */
START_TEST(test_step_guest_one_instruction)
{
    guest_step_setup(SPSR_EL1H | SPSR_SS);
    LOAD_AT(0x100, 0x91000400, 0x91000842, 0x91000400); /* add x0, #1; add x2, #2; add x0, #1 */
    unit();
    ck_assert_uint_eq(hc->ps.el, 1);
    ck_assert_uint_eq(hc->ps.ss, 1);
    ASSERT_HEX(hc->pc, H_CODE + 0x100);
    unit();
    expect_ran(1, H_CODE + 0x100);
    ck_assert_uint_eq(hc->ps.ss, 0);
    unit();
    h_expect_exc(2, V_LOWER, EC_SSTEP_LOWER, ISS_ISV | ISS_DEBUG, H_CODE + 0x104);
    ASSERT_HEX(*h_spsr(2), SPSR_EL1H);
    ASSERT_HEX(hc->x[0], 1);
    ASSERT_HEX(hc->x[2], 0);
    /* the hypervisor steps again: SS back in the SPSR, ERET */
    *h_spsr(2) |= SPSR_SS;
    hc->pc = H_CODE;
    unit();
    unit();
    ASSERT_HEX(hc->x[2], 2);
    unit();
    h_expect_exc(2, V_LOWER, EC_SSTEP_LOWER, ISS_ISV | ISS_DEBUG, H_CODE + 0x108);
    ASSERT_HEX(hc->x[0], 1);
}
END_TEST

/* DebugExceptionReturnSS: an ERET with SPSR.SS = 0 enters active-pending, so the step
 * exception comes before the first instruction (ISV = 0: nothing was stepped); SPSR.SS = 1
 * is not restored when step is disabled at the destination (OS lock, MDSCR_EL1.SS = 0). */
START_TEST(test_step_eret_restores_ss)
{
    guest_step_setup(SPSR_EL1H);
    LOAD_AT(0x100, 0x91000400);
    unit();
    ck_assert_uint_eq(hc->ps.ss, 0);
    unit();
    h_expect_exc(2, V_LOWER, EC_SSTEP_LOWER, ISS_DEBUG, H_CODE + 0x100);
    ASSERT_HEX(hc->x[0], 0);

    guest_step_setup(SPSR_EL1H | SPSR_SS);
    dbg_write(SR_OSLAR_EL1, 1);
    unit();
    ck_assert_uint_eq(hc->ps.el, 1);
    ck_assert_uint_eq(hc->ps.ss, 0);
    unit();
    expect_ran(1, H_CODE + 0x100); /* no debug exception while OS-locked */

    guest_step_setup(SPSR_EL1H | SPSR_SS);
    dbg_write(SR_MDSCR_EL1, 0);
    unit();
    ck_assert_uint_eq(hc->ps.ss, 0);
}
END_TEST

/* ERET executed while stepped (enabled at the source, EL1 with KDE and PSTATE.D = 0, target
 * EL1): PSTATE.SS becomes 0, so the step exception is taken at the first EL0 instruction. */
START_TEST(test_step_eret_stepped)
{
    debug_on(MDSCR_SS | MDSCR_KDE);
    h_to_el(1, 1);
    hc->ps.daif = 0;
    hc->ps.ss = 1;
    *h_spsr(1) = SPSR_SS; /* EL0t */
    *h_elr(1) = H_CODE + 0x100;
    LOAD(0xd69f03e0);
    LOAD_AT(0x100, 0x91000400);
    unit();
    ck_assert_uint_eq(hc->ps.el, 0);
    ck_assert_uint_eq(hc->ps.ss, 0);
    unit();
    h_expect_exc(1, V_LOWER, EC_SSTEP_LOWER, ISS_ISV | ISS_DEBUG, H_CODE + 0x100);
    ASSERT_HEX(*h_spsr(1), 0);
}
END_TEST

/* A stepped SVC counts as stepped: SPSR_EL1.SS = 0. EL1 is below the debug target (EL2), so
 * stepping goes on in the handler: the step exception comes before its first instruction,
 * with ISV = 0 (an exception was taken in between). HVC likewise saves SS = 0 in SPSR_EL2. */
START_TEST(test_step_svc_hvc)
{
    guest_step_setup(SPSR_EL1H | SPSR_SS);
    LOAD_AT(0x100, 0xd4000021); /* svc #1 */
    h_load(H_VBAR + V_CUR_SPX, (const uint32_t[]){0x91000842}, 1);
    unit();
    unit();
    h_expect_exc(1, V_CUR_SPX, EC_SVC64, 1, H_CODE + 0x104);
    ASSERT_HEX(*h_spsr(1), SPSR_EL1H);
    unit();
    h_expect_exc(2, V_LOWER, EC_SSTEP_LOWER, ISS_DEBUG, H_VBAR + V_CUR_SPX);
    ASSERT_HEX(*h_spsr(2), SPSR_EL1H);
    ASSERT_HEX(hc->x[2], 0);

    guest_step_setup(SPSR_EL1H | SPSR_SS);
    LOAD_AT(0x100, 0xd4000002); /* hvc #0 */
    unit();
    unit();
    h_expect_exc(2, V_LOWER, EC_HVC64, 0, H_CODE + 0x104);
    ASSERT_HEX(*h_spsr(2), SPSR_EL1H);
}
END_TEST

/* A stepped load that aborts was not stepped: SPSR_EL1.SS = 1, so returning to it steps it
 * again; the abort handler at EL1 is itself stepped (step exception before its first
 * instruction, ISV = 0). */
START_TEST(test_step_data_abort)
{
    guest_step_setup(SPSR_EL1H | SPSR_SS);
    LOAD_AT(0x100, 0xf9400020); /* ldr x0, [x1] */
    hc->x[1] = UNASSIGNED;
    unit();
    unit();
    ck_assert_uint_eq(hc->ps.el, 1);
    ASSERT_HEX(hc->pc, H_VBAR + V_CUR_SPX);
    ck_assert_uint_eq(h_ec(1), EC_DABT_CUR);
    ASSERT_HEX(*h_elr(1), H_CODE + 0x100);
    ASSERT_HEX(*h_spsr(1), SPSR_EL1H | SPSR_SS);
    unit();
    h_expect_exc(2, V_LOWER, EC_SSTEP_LOWER, ISS_DEBUG, H_VBAR + V_CUR_SPX);
}
END_TEST

/* Stepping EL0 with EL1 the target (KDE = 0): an SVC goes to EL1, where step is disabled and
 * the handler runs normally; its ERET (SPSR.SS = 0) returns to active-pending, and the step
 * exception is taken before the instruction after the SVC. */
START_TEST(test_step_el0_handler_runs_normally)
{
    debug_on(MDSCR_SS);
    h_to_el(1, 1);
    *h_spsr(1) = SPSR_SS; /* EL0t, DAIF clear */
    *h_elr(1) = H_CODE + 0x100;
    LOAD(0xd69f03e0);
    LOAD_AT(0x100, 0xd4000021, 0x91000400); /* svc #1; add x0, x0, #1 */
    h_load(H_VBAR + V_LOWER, (const uint32_t[]){0x91000842, 0xd69f03e0}, 2); /* add x2, #2; eret */
    unit();
    ck_assert_uint_eq(hc->ps.ss, 1);
    unit();
    h_expect_exc(1, V_LOWER, EC_SVC64, 1, H_CODE + 0x104);
    ASSERT_HEX(*h_spsr(1), 0);
    unit();
    expect_ran(1, H_VBAR + V_LOWER);
    ASSERT_HEX(hc->x[2], 2);
    unit();
    ck_assert_uint_eq(hc->ps.el, 0);
    ASSERT_HEX(hc->pc, H_CODE + 0x104);
    unit();
    h_expect_exc(1, V_LOWER, EC_SSTEP_LOWER, ISS_DEBUG, H_CODE + 0x104);
    ASSERT_HEX(hc->x[0], 0);
}
END_TEST

/* A stepped Load-Exclusive sets ESR.EX. */
START_TEST(test_step_load_exclusive)
{
    guest_step_setup(SPSR_EL1H | SPSR_SS);
    LOAD_AT(0x100, 0xc85f7c20, 0xd503201f); /* ldxr x0, [x1]; nop */
    hc->x[1] = H_DATA;
    unit();
    unit();
    unit();
    h_expect_exc(2, V_LOWER, EC_SSTEP_LOWER, ISS_ISV | ISS_EX | ISS_DEBUG, H_CODE + 0x104);
    *h_spsr(2) |= SPSR_SS;
    hc->pc = H_CODE;
    unit();
    unit();
    unit();
    h_expect_exc(2, V_LOWER, EC_SSTEP_LOWER, ISS_ISV | ISS_DEBUG, H_CODE + 0x108);
}
END_TEST

/* HCR_EL2.TGE makes EL2 the debug target of EL0. */
START_TEST(test_step_tge_routing)
{
    debug_on(MDSCR_SS);
    hc->sr[SR_HCR_EL2] |= HCR_TGE;
    h_to_el(2, 1);
    *h_spsr(2) = SPSR_SS; /* EL0t */
    *h_elr(2) = H_CODE + 0x100;
    LOAD(0xd69f03e0);
    LOAD_AT(0x100, 0x91000400);
    unit();
    ck_assert_uint_eq(hc->ps.el, 0);
    unit();
    unit();
    h_expect_exc(2, V_LOWER, EC_SSTEP_LOWER, ISS_ISV | ISS_DEBUG, H_CODE + 0x104);
}
END_TEST

/* At the target EL itself, clearing PSTATE.D with KDE set enables stepping with PSTATE.SS = 0
 * (active-pending): the step exception (EC 0x33) comes before the next instruction, ISV = 0. */
START_TEST(test_step_same_el_unmask)
{
    debug_on(MDSCR_SS | MDSCR_KDE);
    h_to_el(1, 1);
    LOAD(0xd50348ff, 0x91000400); /* msr daifclr, #8; add x0, x0, #1 */
    unit();
    expect_ran(1, H_CODE);
    unit();
    h_expect_exc(1, V_CUR_SPX, EC_SSTEP_CUR, ISS_DEBUG, H_CODE + 4);
    ASSERT_HEX(*h_spsr(1), SPSR_EL1H & ~0x200u);
    ASSERT_HEX(hc->x[0], 0);
}
END_TEST

/* A breakpoint on a stepped instruction: the Breakpoint exception saves SPSR.SS = 1 (the
 * instruction has not been stepped yet). */
START_TEST(test_step_breakpoint_keeps_ss)
{
    guest_step_setup(SPSR_EL1H | SPSR_SS);
    dbg_write(SR_MDSCR_EL1, MDSCR_SS | MDSCR_MDE);
    dbg_write(SR_DBGBVR0_EL1, H_CODE + 0x100);
    dbg_write(SR_DBGBCR0_EL1, bcr(0, 0, 0, P_EL1, 0));
    LOAD_AT(0x100, 0x91000400);
    unit();
    unit();
    h_expect_exc(2, V_LOWER, EC_BKPT_LOWER, ISS_DEBUG, H_CODE + 0x100);
    ASSERT_HEX(*h_spsr(2), SPSR_EL1H | SPSR_SS);
}
END_TEST

static Suite *debug_suite(void)
{
    Suite *s = suite_create("debug");
    TCase *tc = tcase_create("registers");
    tcase_add_checked_fixture(tc, h_setup, h_teardown);
    tcase_add_test(tc, test_id_and_register_fields);
    tcase_add_test(tc, test_instr_bits_follow_registers);
    tcase_add_test(tc, test_debug_register_traps);
    suite_add_tcase(s, tc);

    tc = tcase_create("breakpoints");
    tcase_add_checked_fixture(tc, h_setup, h_teardown);
    tcase_add_test(tc, test_bp_el0_to_el1);
    tcase_add_test(tc, test_bp_same_el_kde);
    tcase_add_test(tc, test_bp_not_taken);
    tcase_add_test(tc, test_bp_instruction_abort_first);
    tcase_add_test(tc, test_bp_routing);
    tcase_add_test(tc, test_bp_secure_state);
    tcase_add_test(tc, test_bp_context);
    tcase_add_test(tc, test_brk_routing);
    suite_add_tcase(s, tc);

    tc = tcase_create("watchpoints");
    tcase_add_checked_fixture(tc, h_setup, h_teardown);
    tcase_add_test(tc, test_wp_load);
    tcase_add_test(tc, test_wp_store_lsc);
    tcase_add_test(tc, test_wp_bas_and_size);
    tcase_add_test(tc, test_wp_mask);
    tcase_add_test(tc, test_wp_same_el_and_tde);
    tcase_add_test(tc, test_wp_unprivileged_access);
    suite_add_tcase(s, tc);

    tc = tcase_create("software step");
    tcase_add_checked_fixture(tc, h_setup, h_teardown);
    tcase_add_test(tc, test_step_guest_one_instruction);
    tcase_add_test(tc, test_step_eret_restores_ss);
    tcase_add_test(tc, test_step_eret_stepped);
    tcase_add_test(tc, test_step_svc_hvc);
    tcase_add_test(tc, test_step_data_abort);
    tcase_add_test(tc, test_step_el0_handler_runs_normally);
    tcase_add_test(tc, test_step_load_exclusive);
    tcase_add_test(tc, test_step_tge_routing);
    tcase_add_test(tc, test_step_same_el_unmask);
    tcase_add_test(tc, test_step_breakpoint_keeps_ss);
    suite_add_tcase(s, tc);
    return s;
}

int main(void) { return h_run_suite(debug_suite()); }
