/* SPDX-License-Identifier: MIT */
/* Unit tests for cpu/timer.c: the counters, the CompareValue and TimerValue views of the five
 * timers, their PPI outputs as cycles advance, E2H redirection and the _EL02 aliases, the EL0,
 * EL1 and Secure access traps, the event streams and timer_next_deadline. Expected values
 * follow the Arm ARM (D11, "The Generic Timer in AArch64 state", and the CNT* register pages). */
#include <check.h>
#include <stdbool.h>
#include <stdint.h>
#include <string.h>

#include "cpu/exception.h"
#include "cpu/timer.h"
#include "tests/unit/harness.h"

#define HCR_TGE (1ULL << 27)
#define HCR_E2H (1ULL << 34)
#define SCR_ST (1ULL << 11)

/* A fake interrupt controller that records every PPI call. */
static struct {
    unsigned calls;
    int cpu;
    bool level[32];
} rec;
static void *saved_intc;
static void (*saved_set_ppi)(void *, int, unsigned, bool);

static void fake_set_ppi(void *intc, int cpu, unsigned intid, bool level)
{
    ck_assert_ptr_eq(intc, &rec);
    ck_assert_uint_lt(intid, 32);
    rec.calls++;
    rec.cpu = cpu;
    rec.level[intid] = level;
}

static void setup(void)
{
    h_setup();
    memset(&rec, 0, sizeof rec);
    rec.cpu = -1;
    saved_intc = hm->intc;
    saved_set_ppi = hm->intc_set_ppi;
    hm->intc = &rec;
    hm->intc_set_ppi = fake_set_ppi;
}

static void teardown(void)
{
    hm->intc = saved_intc;
    hm->intc_set_ppi = saved_set_ppi;
    h_teardown();
}

/* Registers through their hooks, as MSR/MRS reach them once the access checks pass. */
static uint64_t rd(int id) { return sysreg_read(hc, id); }
static void wr(int id, uint64_t v) { sysreg_write(hc, id, v); }

/* Advance the core's clock to `cycles` and bring the timers up to date, as the run loop does. */
static void at_cycle(uint64_t cycles)
{
    hc->cycles = cycles;
    timer_update(hc);
}

/* ISS of EC 0x18: Op0 [21:20], Op2 [19:17], Op1 [16:14], CRn [13:10], Rt [9:5], CRm [4:1],
 * Direction [0] (1 = read). */
static uint32_t iss_sys(unsigned op0, unsigned op1, unsigned crn, unsigned crm, unsigned op2, unsigned rt, bool read)
{
    return (op0 << 20) | (op2 << 17) | (op1 << 14) | (crn << 10) | (rt << 5) | (crm << 1) | (read ? 1u : 0u);
}

/* Run one instruction at `el` (EL0 on SP_EL0, else SP_ELx) and expect it to complete. */
static void run_ok(unsigned el, uint32_t insn)
{
    h_to_el(el, 1);
    RUN(insn);
    ck_assert_uint_eq(hc->ps.el, el);
    ASSERT_HEX(hc->pc, H_CODE + 4);
}

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
    h_expect_exc(el ? el : 1, el ? V_CUR_SPX : V_LOWER, EC_UNKNOWN, 0, H_CODE);
}

/* The timers: the CTL/CVAL/TVAL rows and the PPI of each. */
static const struct {
    int ctl, cval, tval;
    unsigned ppi;
} T[5] = {
    {SR_CNTP_CTL_EL0, SR_CNTP_CVAL_EL0, SR_CNTP_TVAL_EL0, 30},
    {SR_CNTV_CTL_EL0, SR_CNTV_CVAL_EL0, SR_CNTV_TVAL_EL0, 27},
    {SR_CNTHP_CTL_EL2, SR_CNTHP_CVAL_EL2, SR_CNTHP_TVAL_EL2, 26},
    {SR_CNTHV_CTL_EL2, SR_CNTHV_CVAL_EL2, SR_CNTHV_TVAL_EL2, 28},
    {SR_CNTPS_CTL_EL1, SR_CNTPS_CVAL_EL1, SR_CNTPS_TVAL_EL1, 29},
};

/* ============================== Counters =============================== */

/* CNTPCT_EL0 = cycles / 16 (62.5 MHz from the 1 GHz clock), from every EL. */
START_TEST(test_cntpct_from_cycles)
{
    hc->sr[SR_CNTKCTL_EL1] = CNTKCTL_EL0PCTEN;
    for (unsigned el = 0; el < 4; el++) {
        hc->cycles = 0x123456789ULL;
        run_ok(el, 0xd53be020); /* mrs x0, cntpct_el0 */
        ASSERT_HEX(hc->x[0], 0x12345678ULL);
    }
    hc->cycles = 15;
    run_ok(3, 0xd53be020); /* mrs x0, cntpct_el0 */
    ASSERT_HEX(hc->x[0], 0);
    ASSERT_HEX(hc->sr[SR_CNTFRQ_EL0], TIMER_FREQ_HZ);
}
END_TEST

/* CNTVCT_EL0 = CNTPCT_EL0 - CNTVOFF_EL2 from EL0, EL1 and EL3 and from EL2 without E2H; EL2
 * with E2H and EL0 in the host regime read the physical count (CNTVCT_EL0 access pseudocode). */
START_TEST(test_cntvct_offset)
{
    hc->sr[SR_CNTKCTL_EL1] = CNTKCTL_EL0VCTEN;
    wr(SR_CNTVOFF_EL2, 0x100);
    const unsigned els[] = {0, 1, 2, 3};
    for (unsigned i = 0; i < 4; i++) {
        hc->cycles = 0x10000;
        run_ok(els[i], 0xd53be040); /* mrs x0, cntvct_el0 */
        ASSERT_HEX(hc->x[0], 0x1000 - 0x100);
    }
    hc->sr[SR_HCR_EL2] |= HCR_E2H;
    hc->cycles = 0x10000;
    run_ok(2, 0xd53be040); /* mrs x0, cntvct_el0 */
    ASSERT_HEX(hc->x[0], 0x1000);
    hc->cycles = 0x10000;
    run_ok(0, 0xd53be040); /* mrs x0, cntvct_el0: E2H without TGE still offsets EL0 */
    ASSERT_HEX(hc->x[0], 0x1000 - 0x100);
    hc->sr[SR_HCR_EL2] |= HCR_TGE;
    hc->sr[SR_CNTHCTL_EL2] = CNTKCTL_EL0VCTEN;
    hc->cycles = 0x10000;
    run_ok(0, 0xd53be040); /* mrs x0, cntvct_el0 in the host regime */
    ASSERT_HEX(hc->x[0], 0x1000);
}
END_TEST

/* ============================ Timer registers ========================== */

/* ISTATUS: the timer condition (Counter - Offset >= CompareValue) while ENABLE is 1. */
START_TEST(test_cval_istatus)
{
    wr(SR_CNTP_CVAL_EL0, 100);
    wr(SR_CNTP_CTL_EL0, CNT_CTL_ENABLE);
    hc->cycles = 100 * 16 - 1;
    ASSERT_HEX(rd(SR_CNTP_CTL_EL0), CNT_CTL_ENABLE);
    hc->cycles = 100 * 16;
    ASSERT_HEX(rd(SR_CNTP_CTL_EL0), CNT_CTL_ENABLE | CNT_CTL_ISTATUS);
    hc->cycles = 1ULL << 40;
    ASSERT_HEX(rd(SR_CNTP_CTL_EL0), CNT_CTL_ENABLE | CNT_CTL_ISTATUS);
    wr(SR_CNTP_CTL_EL0, 0); /* disabled: ISTATUS reads as 0 */
    ASSERT_HEX(rd(SR_CNTP_CTL_EL0), 0);
    ASSERT_HEX(rd(SR_CNTP_CVAL_EL0), 100);
}
END_TEST

/* CTL: ISTATUS is read-only and bits [63:3] are RES0. */
START_TEST(test_ctl_write_mask)
{
    hc->cycles = 0x1000;
    wr(SR_CNTP_CVAL_EL0, ~0ULL);
    wr(SR_CNTP_CTL_EL0, ~0ULL);
    ASSERT_HEX(rd(SR_CNTP_CTL_EL0), CNT_CTL_ENABLE | CNT_CTL_IMASK);
    run_ok(3, 0xd53be220); /* mrs x0, cntp_ctl_el0 */
    ASSERT_HEX(hc->x[0], CNT_CTL_ENABLE | CNT_CTL_IMASK);
}
END_TEST

/* TVAL reads CompareValue - Counter, 32 bits, bits [63:32] RES0. */
START_TEST(test_tval_read)
{
    hc->cycles = 1000 * 16 + 7;
    wr(SR_CNTP_CVAL_EL0, 1250);
    ASSERT_HEX(rd(SR_CNTP_TVAL_EL0), 250);
    wr(SR_CNTP_CVAL_EL0, 990); /* in the past: negative, as a 32-bit value */
    ASSERT_HEX(rd(SR_CNTP_TVAL_EL0), 0xFFFFFFF6ULL);
    wr(SR_CNTP_CVAL_EL0, 1000 + 0x100000000ULL + 5); /* only the low 32 bits */
    ASSERT_HEX(rd(SR_CNTP_TVAL_EL0), 5);
}
END_TEST

/* A TVAL write sets CompareValue = Counter + SignExtend(TimerValue<31:0>): negative values
 * put it in the past (the condition is met at once), bits [63:32] are ignored. */
START_TEST(test_tval_write_signed)
{
    hc->cycles = 1000 * 16;
    wr(SR_CNTP_TVAL_EL0, 24);
    ASSERT_HEX(rd(SR_CNTP_CVAL_EL0), 1024);
    wr(SR_CNTP_TVAL_EL0, 0xFFFFFFFBULL); /* -5 */
    ASSERT_HEX(rd(SR_CNTP_CVAL_EL0), 995);
    wr(SR_CNTP_CTL_EL0, CNT_CTL_ENABLE);
    ASSERT_HEX(rd(SR_CNTP_CTL_EL0), CNT_CTL_ENABLE | CNT_CTL_ISTATUS);
    ASSERT_HEX(rd(SR_CNTP_TVAL_EL0), 0xFFFFFFFBULL);
    wr(SR_CNTP_TVAL_EL0, 0xFFFFFFFF00000010ULL); /* +16: the upper half is RES0 */
    ASSERT_HEX(rd(SR_CNTP_CVAL_EL0), 1016);
    wr(SR_CNTP_TVAL_EL0, 0x80000000ULL); /* the most negative value */
    ASSERT_HEX(rd(SR_CNTP_CVAL_EL0), 1000 - 0x80000000ULL);
}
END_TEST

/* The TimerValue view counts down as the counter advances; through MSR/MRS at EL1. */
START_TEST(test_tval_counts_down)
{
    hc->cycles = 0;
    hc->x[1] = 100;
    run_ok(1, 0xd51be201); /* msr cntp_tval_el0, x1 */
    ASSERT_HEX(hc->sr[SR_CNTP_CVAL_EL0], 100);
    hc->cycles = 40 * 16;
    run_ok(1, 0xd53be200); /* mrs x0, cntp_tval_el0 */
    ASSERT_HEX(hc->x[0], 60);
    hc->cycles = 130 * 16;
    run_ok(1, 0xd53be200); /* mrs x0, cntp_tval_el0 */
    ASSERT_HEX(hc->x[0], (uint32_t)-30);
}
END_TEST

/* ============================== Outputs ================================= */

/* The output rises when the count reaches CVAL and stays up; timer_update is idempotent and
 * drives the PPI only when its level changes. */
START_TEST(test_output_rises)
{
    wr(SR_CNTP_CVAL_EL0, 50);
    wr(SR_CNTP_CTL_EL0, CNT_CTL_ENABLE);
    ck_assert_uint_eq(rec.calls, 0);
    at_cycle(50 * 16 - 1);
    ck_assert_uint_eq(rec.calls, 0);
    ck_assert(!rec.level[30]);
    at_cycle(50 * 16);
    ck_assert_uint_eq(rec.calls, 1);
    ck_assert(rec.level[30]);
    ck_assert_int_eq(rec.cpu, 0);
    at_cycle(50 * 16);
    at_cycle(60 * 16);
    ck_assert_uint_eq(rec.calls, 1);
    ASSERT_HEX(hc->sr[SR_CNTP_CTL_EL0], CNT_CTL_ENABLE | CNT_CTL_ISTATUS);
}
END_TEST

/* IMASK masks the output but not ISTATUS; clearing it raises the output at once. */
START_TEST(test_imask)
{
    wr(SR_CNTP_CVAL_EL0, 10);
    wr(SR_CNTP_CTL_EL0, CNT_CTL_ENABLE | CNT_CTL_IMASK);
    at_cycle(20 * 16);
    ck_assert_uint_eq(rec.calls, 0);
    ASSERT_HEX(rd(SR_CNTP_CTL_EL0), CNT_CTL_ENABLE | CNT_CTL_IMASK | CNT_CTL_ISTATUS);
    wr(SR_CNTP_CTL_EL0, CNT_CTL_ENABLE);
    ck_assert_uint_eq(rec.calls, 1);
    ck_assert(rec.level[30]);
    wr(SR_CNTP_CTL_EL0, CNT_CTL_ENABLE | CNT_CTL_IMASK);
    ck_assert_uint_eq(rec.calls, 2);
    ck_assert(!rec.level[30]);
}
END_TEST

/* Clearing ENABLE, or moving CVAL into the future, lowers the output. */
START_TEST(test_output_falls)
{
    wr(SR_CNTV_CVAL_EL0, 10);
    wr(SR_CNTV_CTL_EL0, CNT_CTL_ENABLE);
    at_cycle(10 * 16);
    ck_assert(rec.level[27]);
    wr(SR_CNTV_CTL_EL0, 0);
    ck_assert(!rec.level[27]);
    wr(SR_CNTV_CTL_EL0, CNT_CTL_ENABLE);
    ck_assert(rec.level[27]);
    wr(SR_CNTV_CVAL_EL0, 1000);
    ck_assert(!rec.level[27]);
    ck_assert_uint_eq(rec.calls, 4);
}
END_TEST

/* An MSR to a timer register drives the output immediately (the hook updates the timer). */
START_TEST(test_msr_drives_output)
{
    hc->cycles = 500 * 16;
    hc->x[1] = 400;
    run_ok(1, 0xd51be341); /* msr cntv_cval_el0, x1 */
    ck_assert_uint_eq(rec.calls, 0);
    hc->x[1] = CNT_CTL_ENABLE;
    run_ok(1, 0xd51be321); /* msr cntv_ctl_el0, x1 */
    ck_assert_uint_eq(rec.calls, 1);
    ck_assert(rec.level[27]);
    run_ok(1, 0xd53be320); /* mrs x0, cntv_ctl_el0 */
    ASSERT_HEX(hc->x[0], CNT_CTL_ENABLE | CNT_CTL_ISTATUS);
}
END_TEST

/* Each timer drives its own PPI: 30 EL1 physical, 27 EL1 virtual, 26 EL2 physical,
 * 28 EL2 virtual, 29 EL3 secure physical. */
START_TEST(test_ppi_numbers)
{
    for (unsigned i = 0; i < 5; i++) {
        wr(T[i].cval, 100 + 10 * i);
        wr(T[i].ctl, CNT_CTL_ENABLE);
    }
    for (unsigned i = 0; i < 5; i++) {
        at_cycle((100 + 10 * i) * 16);
        ck_assert_uint_eq(rec.calls, i + 1);
        for (unsigned j = 0; j < 5; j++)
            ck_assert_msg(rec.level[T[j].ppi] == (j <= i), "timer %u: PPI %u", i, T[j].ppi);
    }
    ck_assert(!rec.level[25] && !rec.level[31]);
}
END_TEST

/* The EL1 virtual timer compares against CNTPCT - CNTVOFF_EL2; the other four, the EL2
 * virtual timer included, against the physical count (offset zero, D11.2.4). */
START_TEST(test_virtual_offset)
{
    hc->cycles = 1500 * 16;
    wr(SR_CNTVOFF_EL2, 1000);
    for (unsigned i = 0; i < 5; i++) {
        wr(T[i].cval, 2000);
        wr(T[i].ctl, CNT_CTL_ENABLE);
    }
    ck_assert_uint_eq(rec.calls, 0);
    ASSERT_HEX(rd(SR_CNTV_TVAL_EL0), 1500);  /* CVAL - (CNTPCT - CNTVOFF) */
    ASSERT_HEX(rd(SR_CNTHV_TVAL_EL2), 500);  /* CVAL - CNTPCT */
    at_cycle(2000 * 16);
    ck_assert(rec.level[30] && rec.level[26] && rec.level[28] && rec.level[29]);
    ck_assert(!rec.level[27]);
    at_cycle(2999 * 16);
    ck_assert(!rec.level[27]);
    at_cycle(3000 * 16);
    ck_assert(rec.level[27]);
}
END_TEST

/* The comparison is unsigned: while CNTPCT < CNTVOFF_EL2 the virtual count has wrapped to a
 * huge value, which meets any CompareValue. */
START_TEST(test_virtual_count_wraps)
{
    hc->cycles = 10 * 16;
    wr(SR_CNTVOFF_EL2, 20);
    wr(SR_CNTV_CVAL_EL0, 5);
    wr(SR_CNTV_CTL_EL0, CNT_CTL_ENABLE);
    ck_assert(rec.level[27]);
    at_cycle(20 * 16); /* virtual count 0 */
    ck_assert(!rec.level[27]);
    ASSERT_HEX(timer_next_deadline(hc), 25 * 16);
}
END_TEST

/* A CNTVOFF_EL2 write re-evaluates the virtual timer at once. */
START_TEST(test_cntvoff_write)
{
    hc->cycles = 100 * 16;
    wr(SR_CNTV_CVAL_EL0, 100);
    wr(SR_CNTV_CTL_EL0, CNT_CTL_ENABLE);
    ck_assert(rec.level[27]);
    hc->x[1] = 1;
    run_ok(2, 0xd51ce061); /* msr cntvoff_el2, x1 */
    ck_assert(!rec.level[27]);
    ASSERT_HEX(rd(SR_CNTV_TVAL_EL0), 1);
}
END_TEST

/* A core reset lowers the outputs that were high. */
START_TEST(test_timer_reset)
{
    wr(SR_CNTHP_CVAL_EL2, 0);
    wr(SR_CNTHP_CTL_EL2, CNT_CTL_ENABLE);
    ck_assert(rec.level[26]);
    timer_reset(hc);
    ck_assert(!rec.level[26]);
    ASSERT_HEX(hc->sr[SR_CNTHP_CTL_EL2], 0);
    timer_update(hc);
    ck_assert_uint_eq(rec.calls, 2);
}
END_TEST

/* ============================ Redirection =============================== */

/* At EL2 with E2H, CNTP_* reach CNTHP_* and CNTV_* reach CNTHV_*; without E2H they are the
 * EL1 timers; EL3 always reaches the EL1 timers. */
START_TEST(test_e2h_redirect)
{
    hc->x[1] = 0x1234;
    run_ok(2, 0xd51be241); /* msr cntp_cval_el0, x1 */
    ASSERT_HEX(hc->sr[SR_CNTP_CVAL_EL0], 0x1234);
    ASSERT_HEX(hc->sr[SR_CNTHP_CVAL_EL2], 0);

    hc->sr[SR_HCR_EL2] |= HCR_E2H;
    hc->x[1] = 0x5678;
    run_ok(2, 0xd51be241); /* msr cntp_cval_el0, x1 */
    ASSERT_HEX(hc->sr[SR_CNTHP_CVAL_EL2], 0x5678);
    ASSERT_HEX(hc->sr[SR_CNTP_CVAL_EL0], 0x1234);
    hc->x[1] = 0x9abc;
    run_ok(2, 0xd51be341); /* msr cntv_cval_el0, x1 */
    ASSERT_HEX(hc->sr[SR_CNTHV_CVAL_EL2], 0x9abc);
    ASSERT_HEX(hc->sr[SR_CNTV_CVAL_EL0], 0);
    hc->x[1] = CNT_CTL_ENABLE;
    run_ok(2, 0xd51be321); /* msr cntv_ctl_el0, x1: the EL2 virtual timer, PPI 28 */
    ck_assert(rec.level[28] == false && rec.level[27] == false);
    at_cycle(0x9abc * 16);
    ck_assert(rec.level[28]);
    run_ok(2, 0xd53be340); /* mrs x0, cntv_cval_el0 */
    ASSERT_HEX(hc->x[0], 0x9abc);

    run_ok(3, 0xd53be240); /* mrs x0, cntp_cval_el0 at EL3 */
    ASSERT_HEX(hc->x[0], 0x1234);
}
END_TEST

/* CNTP_*_EL02 / CNTV_*_EL02 reach the EL1 timers from EL2 with E2H (and from EL3 when EL2 is
 * enabled with E2H); otherwise they are UNDEFINED, as they are at EL0 and EL1. */
START_TEST(test_el02_aliases)
{
    hc->x[1] = 77;
    run_undef(2, 0xd51de241); /* msr cntp_cval_el02, x1 without E2H */
    hc->sr[SR_HCR_EL2] |= HCR_E2H;
    run_ok(2, 0xd51de241);    /* msr cntp_cval_el02, x1 */
    ASSERT_HEX(hc->sr[SR_CNTP_CVAL_EL0], 77);
    ASSERT_HEX(hc->sr[SR_CNTHP_CVAL_EL2], 0);
    hc->x[1] = 88;
    run_ok(3, 0xd51de341);    /* msr cntv_cval_el02, x1 at EL3 */
    ASSERT_HEX(hc->sr[SR_CNTV_CVAL_EL0], 88);
    run_undef(1, 0xd53de220); /* mrs x0, cntp_ctl_el02 */
    hc->sr[SR_HCR_EL2] &= ~HCR_E2H;
    run_undef(3, 0xd51de341); /* msr cntv_cval_el02, x1 */
}
END_TEST

/* EL0 in the host regime: CNTP_* and CNTV_* reach the EL2 timers. */
START_TEST(test_host_el0_redirect)
{
    hc->sr[SR_HCR_EL2] |= HCR_E2H | HCR_TGE;
    hc->sr[SR_CNTHCTL_EL2] = CNTKCTL_EL0PTEN | CNTKCTL_EL0VTEN;
    hc->x[1] = 4242;
    run_ok(0, 0xd51be241); /* msr cntp_cval_el0, x1 */
    ASSERT_HEX(hc->sr[SR_CNTHP_CVAL_EL2], 4242);
    ASSERT_HEX(hc->sr[SR_CNTP_CVAL_EL0], 0);
    run_ok(0, 0xd51be341); /* msr cntv_cval_el0, x1 */
    ASSERT_HEX(hc->sr[SR_CNTHV_CVAL_EL2], 4242);
    /* E2H without TGE: EL0 uses the EL1 timers. */
    hc->sr[SR_HCR_EL2] &= ~HCR_TGE;
    hc->sr[SR_CNTKCTL_EL1] = CNTKCTL_EL0PTEN;
    hc->sr[SR_CNTHCTL_EL2] = CNTHCTL_E2H_EL1PTEN;
    hc->x[1] = 99;
    run_ok(0, 0xd51be241); /* msr cntp_cval_el0, x1 */
    ASSERT_HEX(hc->sr[SR_CNTP_CVAL_EL0], 99);
}
END_TEST

/* =============================== Traps ================================== */

/* CNTKCTL_EL1.EL0PTEN / EL0VTEN trap EL0 timer accesses to EL1 (to EL2 with HCR_EL2.TGE). */
START_TEST(test_el0_traps_cntkctl)
{
    hc->sr[SR_CNTKCTL_EL1] = CNTKCTL_EL0PCTEN | CNTKCTL_EL0VCTEN;
    run_trap(0, 0xd53be220, 1, iss_sys(3, 3, 14, 2, 1, 0, true));  /* mrs x0, cntp_ctl_el0 */
    run_trap(0, 0xd51be321, 1, iss_sys(3, 3, 14, 3, 1, 1, false)); /* msr cntv_ctl_el0, x1 */
    hc->sr[SR_CNTKCTL_EL1] = CNTKCTL_EL0PTEN;
    run_ok(0, 0xd53be220);                                         /* mrs x0, cntp_ctl_el0 */
    run_trap(0, 0xd53be300, 1, iss_sys(3, 3, 14, 3, 0, 0, true));  /* mrs x0, cntv_tval_el0 */
    hc->sr[SR_CNTKCTL_EL1] = CNTKCTL_EL0VTEN;
    run_ok(0, 0xd53be300);                                         /* mrs x0, cntv_tval_el0 */
    run_trap(0, 0xd53be240, 1, iss_sys(3, 3, 14, 2, 2, 0, true));  /* mrs x0, cntp_cval_el0 */
    hc->sr[SR_HCR_EL2] |= HCR_TGE;
    run_trap(0, 0xd53be240, 2, iss_sys(3, 3, 14, 2, 2, 0, true));  /* mrs x0, cntp_cval_el0 */
    /* EL1 is not affected by CNTKCTL_EL1. */
    hc->sr[SR_HCR_EL2] &= ~HCR_TGE;
    hc->sr[SR_CNTKCTL_EL1] = 0;
    run_ok(1, 0xd53be220); /* mrs x0, cntp_ctl_el0 */
    run_ok(1, 0xd53be320); /* mrs x0, cntv_ctl_el0 */
}
END_TEST

/* CNTHCTL_EL2 with E2H = 0: EL1PCEN (bit 1) traps EL1 and EL0 physical timer accesses to EL2;
 * the virtual timer has no EL2 trap. */
START_TEST(test_cnthctl_el1pcen)
{
    hc->sr[SR_CNTHCTL_EL2] = CNTHCTL_EL1PCTEN;
    run_trap(1, 0xd53be220, 2, iss_sys(3, 3, 14, 2, 1, 0, true));  /* mrs x0, cntp_ctl_el0 */
    run_trap(1, 0xd51be201, 2, iss_sys(3, 3, 14, 2, 0, 1, false)); /* msr cntp_tval_el0, x1 */
    run_ok(1, 0xd53be320);                                         /* mrs x0, cntv_ctl_el0 */
    run_ok(1, 0xd53be020);                                         /* mrs x0, cntpct_el0 */
    hc->sr[SR_CNTKCTL_EL1] = CNTKCTL_EL0PTEN;
    run_trap(0, 0xd53be220, 2, iss_sys(3, 3, 14, 2, 1, 0, true));  /* mrs x0, cntp_ctl_el0 */
    run_ok(2, 0xd53be220);                                         /* mrs x0, cntp_ctl_el0 */
    hc->sr[SR_CNTHCTL_EL2] = CNTHCTL_EL1PCEN;
    run_ok(1, 0xd53be220);                                         /* mrs x0, cntp_ctl_el0 */
    run_ok(0, 0xd53be220);                                         /* mrs x0, cntp_ctl_el0 */
    /* Bit 11 is EL1PTEN only in the E2H layout. */
    hc->sr[SR_CNTHCTL_EL2] = CNTHCTL_E2H_EL1PTEN;
    run_trap(1, 0xd53be220, 2, iss_sys(3, 3, 14, 2, 1, 0, true));  /* mrs x0, cntp_ctl_el0 */
    /* Secure EL1 (EL2 not enabled): no EL2 trap. */
    hc->sr[SR_SCR_EL3] &= ~1ULL;
    run_ok(1, 0xd53be220);                                         /* mrs x0, cntp_ctl_el0 */
}
END_TEST

/* CNTHCTL_EL2 with E2H = 1 and TGE = 0: EL1PTEN (bit 11) traps EL1 and EL0 physical timer
 * accesses; bit 1 does not. */
START_TEST(test_cnthctl_el1pten_e2h)
{
    hc->sr[SR_HCR_EL2] |= HCR_E2H;
    hc->sr[SR_CNTHCTL_EL2] = CNTHCTL_EL1PCEN;
    run_trap(1, 0xd53be240, 2, iss_sys(3, 3, 14, 2, 2, 0, true));  /* mrs x0, cntp_cval_el0 */
    hc->sr[SR_CNTKCTL_EL1] = CNTKCTL_EL0PTEN;
    run_trap(0, 0xd53be240, 2, iss_sys(3, 3, 14, 2, 2, 0, true));  /* mrs x0, cntp_cval_el0 */
    hc->sr[SR_CNTHCTL_EL2] = CNTHCTL_E2H_EL1PTEN;
    run_ok(1, 0xd53be240);                                         /* mrs x0, cntp_cval_el0 */
    run_ok(0, 0xd53be240);                                         /* mrs x0, cntp_cval_el0 */
}
END_TEST

/* EL0 in the host regime: CNTHCTL_EL2.EL0PTEN (bit 9) / EL0VTEN (bit 8) trap to EL2, and
 * CNTKCTL_EL1 does not apply. */
START_TEST(test_host_el0_traps)
{
    hc->sr[SR_HCR_EL2] |= HCR_E2H | HCR_TGE;
    hc->sr[SR_CNTKCTL_EL1] = CNTKCTL_EL0PTEN | CNTKCTL_EL0VTEN;
    hc->sr[SR_CNTHCTL_EL2] = 0;
    run_trap(0, 0xd53be220, 2, iss_sys(3, 3, 14, 2, 1, 0, true));  /* mrs x0, cntp_ctl_el0 */
    run_trap(0, 0xd53be320, 2, iss_sys(3, 3, 14, 3, 1, 0, true));  /* mrs x0, cntv_ctl_el0 */
    hc->sr[SR_CNTKCTL_EL1] = 0;
    hc->sr[SR_CNTHCTL_EL2] = CNTKCTL_EL0VTEN;
    run_ok(0, 0xd53be320);                                         /* mrs x0, cntv_ctl_el0 */
    run_trap(0, 0xd53be220, 2, iss_sys(3, 3, 14, 2, 1, 0, true));  /* mrs x0, cntp_ctl_el0 */
    hc->sr[SR_CNTHCTL_EL2] = CNTKCTL_EL0PTEN;
    run_ok(0, 0xd53be220);                                         /* mrs x0, cntp_ctl_el0 */
}
END_TEST

/* CNTPS_*_EL1: EL3; Secure EL1 when SCR_EL3.ST is 1, else trapped to EL3; UNDEFINED at EL0,
 * EL2 and Non-secure EL1. */
START_TEST(test_cntps_access)
{
    run_ok(3, 0xd53fe220);    /* mrs x0, cntps_ctl_el1 */
    run_undef(1, 0xd53fe220); /* Non-secure EL1 */
    run_undef(2, 0xd53fe220);
    run_undef(0, 0xd53fe220);
    hc->sr[SR_SCR_EL3] &= ~1ULL; /* Secure */
    run_trap(1, 0xd53fe220, 3, iss_sys(3, 7, 14, 2, 1, 0, true));  /* mrs x0, cntps_ctl_el1 */
    run_trap(1, 0xd51fe241, 3, iss_sys(3, 7, 14, 2, 2, 1, false)); /* msr cntps_cval_el1, x1 */
    hc->sr[SR_SCR_EL3] |= SCR_ST;
    hc->x[1] = 321;
    run_ok(1, 0xd51fe241); /* msr cntps_cval_el1, x1 */
    ASSERT_HEX(hc->sr[SR_CNTPS_CVAL_EL1], 321);
    run_undef(0, 0xd53fe220);
}
END_TEST

/* The EL2 timers are UNDEFINED below EL2 and accessible at EL2 and EL3. */
START_TEST(test_el2_timers_access)
{
    run_undef(1, 0xd53ce220); /* mrs x0, cnthp_ctl_el2 */
    run_undef(0, 0xd53ce320); /* mrs x0, cnthv_ctl_el2 */
    run_undef(1, 0xd53ce320); /* mrs x0, cnthv_ctl_el2 */
    hc->x[1] = 5;
    run_ok(2, 0xd51ce241);    /* msr cnthp_cval_el2, x1 */
    run_ok(3, 0xd51ce341);    /* msr cnthv_cval_el2, x1 */
    ASSERT_HEX(hc->sr[SR_CNTHP_CVAL_EL2], 5);
    ASSERT_HEX(hc->sr[SR_CNTHV_CVAL_EL2], 5);
}
END_TEST

/* ============================ Event streams ============================= */

/* CNTKCTL_EL1: EVNTEN, EVNTDIR = 0 (0 to 1), EVNTI = 2: events at virtual counts 4, 12, 20... */
START_TEST(test_event_stream_rising)
{
    at_cycle(0);
    hc->x[1] = CNTKCTL_EVNTEN | (2u << CNTKCTL_EVNTI_SHIFT);
    run_ok(1, 0xd518e101); /* msr cntkctl_el1, x1 */
    hc->cycles = 0;
    ASSERT_HEX(timer_next_deadline(hc), 4 * 16);
    at_cycle(4 * 16 - 1);
    ck_assert(!hc->event_reg);
    at_cycle(4 * 16);
    ck_assert(hc->event_reg);
    hc->event_reg = false;
    ASSERT_HEX(timer_next_deadline(hc), 12 * 16);
    at_cycle(11 * 16 + 15);
    ck_assert(!hc->event_reg);
    at_cycle(12 * 16);
    ck_assert(hc->event_reg);
}
END_TEST

/* EVNTDIR = 1: the 1 to 0 transitions, at counts 8, 16, 24... for EVNTI = 2. */
START_TEST(test_event_stream_falling)
{
    at_cycle(5 * 16);
    wr(SR_CNTKCTL_EL1, CNTKCTL_EVNTEN | CNTKCTL_EVNTDIR | (2u << CNTKCTL_EVNTI_SHIFT));
    ASSERT_HEX(timer_next_deadline(hc), 8 * 16);
    at_cycle(7 * 16);
    ck_assert(!hc->event_reg);
    at_cycle(9 * 16);
    ck_assert(hc->event_reg);
    ASSERT_HEX(timer_next_deadline(hc), 16 * 16);
    /* EVNTI = 15: every 65536 ticks. */
    wr(SR_CNTKCTL_EL1, CNTKCTL_EVNTEN | CNTKCTL_EVNTDIR | (15u << CNTKCTL_EVNTI_SHIFT));
    ASSERT_HEX(timer_next_deadline(hc), 65536ULL * 16);
}
END_TEST

/* An event ends a WFE wait. */
START_TEST(test_event_stream_wakes_wfe)
{
    at_cycle(0);
    wr(SR_CNTKCTL_EL1, CNTKCTL_EVNTEN); /* EVNTI = 0: every other tick */
    hc->wait_state = WAIT_WFE;
    at_cycle(16 - 1);
    ck_assert_uint_eq(hc->wait_state, WAIT_WFE);
    at_cycle(16);
    ck_assert_uint_eq(hc->wait_state, WAIT_NONE);
    ck_assert(hc->event_reg);
    /* A WFI wait is not ended by events. */
    hc->event_reg = false;
    hc->wait_state = WAIT_WFI;
    at_cycle(1000 * 16);
    ck_assert_uint_eq(hc->wait_state, WAIT_WFI);
    ck_assert(hc->event_reg);
}
END_TEST

/* CNTKCTL_EL1's stream counts the virtual counter: CNTVOFF_EL2 moves its phase. */
START_TEST(test_event_stream_virtual)
{
    at_cycle(0);
    wr(SR_CNTVOFF_EL2, 3); /* virtual count = physical - 3 */
    wr(SR_CNTKCTL_EL1, CNTKCTL_EVNTEN | (2u << CNTKCTL_EVNTI_SHIFT));
    /* Virtual 4 (bit 2 rises) is physical 7. */
    ASSERT_HEX(timer_next_deadline(hc), 7 * 16);
    at_cycle(6 * 16);
    ck_assert(!hc->event_reg);
    at_cycle(7 * 16);
    ck_assert(hc->event_reg);
}
END_TEST

/* CNTHCTL_EL2's stream counts the physical counter; it has no effect when EL2 is not enabled
 * (Secure state). CNTKCTL_EL1's is off in the host regime. */
START_TEST(test_event_stream_cnthctl)
{
    at_cycle(0);
    wr(SR_CNTVOFF_EL2, 3);
    wr(SR_CNTHCTL_EL2, CNTHCTL_EL1PCTEN | CNTHCTL_EL1PCEN | CNTKCTL_EVNTEN | (2u << CNTKCTL_EVNTI_SHIFT));
    ASSERT_HEX(timer_next_deadline(hc), 4 * 16);
    hc->sr[SR_SCR_EL3] &= ~1ULL;
    ASSERT_HEX(timer_next_deadline(hc), UINT64_MAX);
    at_cycle(4 * 16);
    ck_assert(!hc->event_reg);
    hc->sr[SR_SCR_EL3] |= 1;
    at_cycle(12 * 16);
    ck_assert(hc->event_reg);

    hc->event_reg = false;
    wr(SR_CNTHCTL_EL2, 0);
    wr(SR_CNTKCTL_EL1, CNTKCTL_EVNTEN);
    hc->sr[SR_HCR_EL2] |= HCR_E2H | HCR_TGE;
    ASSERT_HEX(timer_next_deadline(hc), UINT64_MAX);
    at_cycle(100 * 16);
    ck_assert(!hc->event_reg);
    hc->sr[SR_HCR_EL2] &= ~HCR_TGE;
    ck_assert_uint_ne(timer_next_deadline(hc), UINT64_MAX);
}
END_TEST

/* Enabling the stream starts it from now: transitions before the enable give no event. */
START_TEST(test_event_stream_enable_from_now)
{
    at_cycle(0);
    hc->cycles = 100 * 16; /* many transitions of bit 0 since the last update */
    wr(SR_CNTKCTL_EL1, CNTKCTL_EVNTEN);
    ck_assert(!hc->event_reg);
    at_cycle(100 * 16 + 15);
    ck_assert(!hc->event_reg);
    at_cycle(101 * 16); /* count 101: bit 0 rises */
    ck_assert(hc->event_reg);
}
END_TEST

/* ============================= Deadlines ================================ */

START_TEST(test_deadline_values)
{
    hc->cycles = 1000;
    ASSERT_HEX(timer_next_deadline(hc), UINT64_MAX);            /* nothing enabled */
    wr(SR_CNTP_CVAL_EL0, 500);
    wr(SR_CNTP_CTL_EL0, CNT_CTL_ENABLE);
    ASSERT_HEX(timer_next_deadline(hc), 500 * 16);
    wr(SR_CNTHV_CVAL_EL2, 300);
    wr(SR_CNTHV_CTL_EL2, CNT_CTL_ENABLE | CNT_CTL_IMASK);      /* masked: cannot rise */
    ASSERT_HEX(timer_next_deadline(hc), 500 * 16);
    wr(SR_CNTHV_CTL_EL2, CNT_CTL_ENABLE);
    ASSERT_HEX(timer_next_deadline(hc), 300 * 16);
    wr(SR_CNTVOFF_EL2, 50);
    wr(SR_CNTV_CVAL_EL0, 200);                                  /* virtual 200 = physical 250 */
    wr(SR_CNTV_CTL_EL0, CNT_CTL_ENABLE);
    ASSERT_HEX(timer_next_deadline(hc), 250 * 16);
    at_cycle(250 * 16);                                         /* the virtual timer is high now */
    ck_assert(rec.level[27]);
    ASSERT_HEX(timer_next_deadline(hc), 300 * 16);
    at_cycle(600 * 16);                                         /* all high: no deadline */
    ASSERT_HEX(timer_next_deadline(hc), UINT64_MAX);
}
END_TEST

/* A condition met since the last update is due at once; far-away values give no deadline. */
START_TEST(test_deadline_edges)
{
    wr(SR_CNTPS_CVAL_EL1, 10);
    wr(SR_CNTPS_CTL_EL1, CNT_CTL_ENABLE);
    hc->cycles = 20 * 16 + 3;                                   /* no timer_update yet */
    ASSERT_HEX(timer_next_deadline(hc), 20 * 16 + 4);
    timer_update(hc);
    ck_assert(rec.level[29]);
    ASSERT_HEX(timer_next_deadline(hc), UINT64_MAX);
    wr(SR_CNTPS_CVAL_EL1, UINT64_MAX);                          /* beyond the 64-bit cycle count */
    ck_assert(!rec.level[29]);
    ASSERT_HEX(timer_next_deadline(hc), UINT64_MAX);
    wr(SR_CNTPS_CVAL_EL1, UINT64_MAX >> 4);                     /* the last reachable count */
    ASSERT_HEX(timer_next_deadline(hc), (UINT64_MAX >> 4) << 4);
}
END_TEST

/* The earliest of timers and event stream. */
START_TEST(test_deadline_min_with_stream)
{
    at_cycle(0);
    wr(SR_CNTP_CVAL_EL0, 40);
    wr(SR_CNTP_CTL_EL0, CNT_CTL_ENABLE);
    wr(SR_CNTHCTL_EL2, CNTKCTL_EVNTEN | (5u << CNTKCTL_EVNTI_SHIFT)); /* bit 5 rises at 32 */
    ASSERT_HEX(timer_next_deadline(hc), 32 * 16);
    at_cycle(32 * 16);
    ck_assert(hc->event_reg);
    ASSERT_HEX(timer_next_deadline(hc), 40 * 16);
    at_cycle(40 * 16);
    ck_assert(rec.level[30]);
    ASSERT_HEX(timer_next_deadline(hc), 96 * 16);
}
END_TEST

/* Control registers keep only their defined bits. */
START_TEST(test_control_res0)
{
    wr(SR_CNTKCTL_EL1, ~0ULL);
    ASSERT_HEX(hc->sr[SR_CNTKCTL_EL1], 0x3FF);
    wr(SR_CNTHCTL_EL2, ~0ULL);
    ASSERT_HEX(hc->sr[SR_CNTHCTL_EL2], 0xFFF);
    /* With E2H, CNTKCTL_EL1 at EL2 is CNTHCTL_EL2. */
    hc->sr[SR_HCR_EL2] |= HCR_E2H;
    hc->x[1] = 0x5;
    run_ok(2, 0xd518e101); /* msr cntkctl_el1, x1 */
    ASSERT_HEX(hc->sr[SR_CNTHCTL_EL2], 0x5);
    ASSERT_HEX(hc->sr[SR_CNTKCTL_EL1], 0x3FF);
}
END_TEST

static Suite *timer_suite(void)
{
    Suite *s = suite_create("timer");
    TCase *tc = tcase_create("timer");
    tcase_add_checked_fixture(tc, setup, teardown);
    tcase_add_test(tc, test_cntpct_from_cycles);
    tcase_add_test(tc, test_cntvct_offset);
    tcase_add_test(tc, test_cval_istatus);
    tcase_add_test(tc, test_ctl_write_mask);
    tcase_add_test(tc, test_tval_read);
    tcase_add_test(tc, test_tval_write_signed);
    tcase_add_test(tc, test_tval_counts_down);
    tcase_add_test(tc, test_output_rises);
    tcase_add_test(tc, test_imask);
    tcase_add_test(tc, test_output_falls);
    tcase_add_test(tc, test_msr_drives_output);
    tcase_add_test(tc, test_ppi_numbers);
    tcase_add_test(tc, test_virtual_offset);
    tcase_add_test(tc, test_virtual_count_wraps);
    tcase_add_test(tc, test_cntvoff_write);
    tcase_add_test(tc, test_timer_reset);
    tcase_add_test(tc, test_e2h_redirect);
    tcase_add_test(tc, test_el02_aliases);
    tcase_add_test(tc, test_host_el0_redirect);
    tcase_add_test(tc, test_el0_traps_cntkctl);
    tcase_add_test(tc, test_cnthctl_el1pcen);
    tcase_add_test(tc, test_cnthctl_el1pten_e2h);
    tcase_add_test(tc, test_host_el0_traps);
    tcase_add_test(tc, test_cntps_access);
    tcase_add_test(tc, test_el2_timers_access);
    tcase_add_test(tc, test_event_stream_rising);
    tcase_add_test(tc, test_event_stream_falling);
    tcase_add_test(tc, test_event_stream_wakes_wfe);
    tcase_add_test(tc, test_event_stream_virtual);
    tcase_add_test(tc, test_event_stream_cnthctl);
    tcase_add_test(tc, test_event_stream_enable_from_now);
    tcase_add_test(tc, test_deadline_values);
    tcase_add_test(tc, test_deadline_edges);
    tcase_add_test(tc, test_deadline_min_with_stream);
    tcase_add_test(tc, test_control_res0);
    suite_add_tcase(s, tc);
    return s;
}

int main(void) { return h_run_suite(timer_suite()); }
