/* SPDX-License-Identifier: MIT */
/* Asynchronous exceptions (cpu/irq.c): routing by SCR_EL3 and HCR_EL2, PSTATE masking at each
 * EL, the virtual IRQ/FIQ/SError of HCR_EL2, WFI wake-up, and ISR_EL1. The physical lines come
 * from a fake interrupt controller. */
#include <check.h>

#include "cpu/irq.h"
#include "cpu/regbits.h"
#include "tests/unit/harness.h"

#define NOP 0xd503201f
#define WFI 0xd503207f

static unsigned fake_lines;
static unsigned fake_cpu_lines(void *intc, CPU *c) { (void)intc; (void)c; return fake_lines; }

static void setup(void)
{
    h_setup();
    fake_lines = 0;
    hm->intc_cpu_lines = fake_cpu_lines;
    /* Park every vector on `b .`: taking an interrupt is not a step, so a run goes on into
     * the vector, and the tests look at where it went. */
    static uint32_t park[0x800 / 4];
    for (unsigned i = 0; i < sizeof park / sizeof park[0]; i++)
        park[i] = 0x14000000; /* b . */
    h_load(H_VBAR, park, sizeof park / sizeof park[0]);
}

/* Put the core at `el` with PSTATE.DAIF = `daif` (bits 9:6). */
static void at_el(unsigned el, unsigned daif)
{
    h_to_el(el, 1);
    hc->ps.daif = daif;
}

static void expect_async(unsigned el, unsigned off, uint64_t ret)
{
    ck_assert_uint_eq(hc->ps.el, el);
    ASSERT_HEX(hc->pc, H_VBAR + off);
    ASSERT_HEX(*h_elr(el), ret);
    ASSERT_HEX(hc->ps.daif, 0x3C0);
}

START_TEST(test_virq_taken_at_el1)
{
    hc->sr[SR_HCR_EL2] = HCR_RW | HCR_IMO | HCR_VI;
    at_el(1, 0);
    RUN(NOP, NOP);
    /* Taken before the first instruction: IRQ from the current EL with SP_EL1. */
    expect_async(1, 0x280, H_CODE);
}
END_TEST

START_TEST(test_virq_masked_by_pstate_i)
{
    hc->sr[SR_HCR_EL2] = HCR_RW | HCR_IMO | HCR_VI;
    at_el(1, 0x80); /* I */
    RUN(NOP, NOP);
    ck_assert_uint_eq(hc->ps.el, 1);
    ASSERT_HEX(hc->pc, H_CODE + 8);
}
END_TEST

/* Virtual interrupts need HCR_EL2.IMO and are not delivered with TGE, nor at EL2. */
START_TEST(test_virq_needs_imo_not_tge)
{
    hc->sr[SR_HCR_EL2] = HCR_RW | HCR_VI;
    at_el(1, 0);
    RUN(NOP);
    ASSERT_HEX(hc->pc, H_CODE + 4);
    hc->sr[SR_HCR_EL2] = HCR_RW | HCR_IMO | HCR_VI;
    at_el(2, 0);
    RUN(NOP);
    ASSERT_HEX(hc->pc, H_CODE + 4);
}
END_TEST

/* A virtual SError from EL0: to EL1's lower-EL vector, EC 0x2F, and HCR_EL2.VSE cleared. */
START_TEST(test_vserror_from_el0)
{
    hc->sr[SR_HCR_EL2] = HCR_RW | HCR_AMO | HCR_VSE;
    at_el(0, 0);
    RUN(NOP);
    expect_async(1, 0x580, H_CODE);
    ASSERT_HEX(h_esr(1) >> 26, EC_SERROR);
    ASSERT_HEX(hc->sr[SR_HCR_EL2] & HCR_VSE, 0);
}
END_TEST

START_TEST(test_vfiq)
{
    hc->sr[SR_HCR_EL2] = HCR_RW | HCR_FMO | HCR_VF;
    at_el(0, 0);
    RUN(NOP);
    expect_async(1, 0x500, H_CODE);
}
END_TEST

/* A physical IRQ routed to EL2 by HCR_EL2.IMO is taken from EL1 even with PSTATE.I set. */
START_TEST(test_phys_irq_to_el2_ignores_el1_mask)
{
    hc->sr[SR_HCR_EL2] = HCR_RW | HCR_IMO;
    fake_lines = LINE_IRQ;
    at_el(1, 0x3C0);
    RUN(NOP);
    expect_async(2, 0x480, H_CODE);
}
END_TEST

/* Without routing, a physical IRQ goes to EL1, where PSTATE.I masks it; at EL2 it waits. */
START_TEST(test_phys_irq_to_el1)
{
    fake_lines = LINE_IRQ;
    at_el(1, 0x80);
    RUN(NOP);
    ASSERT_HEX(hc->pc, H_CODE + 4);
    at_el(0, 0);
    RUN(NOP);
    expect_async(1, 0x480, H_CODE);
    at_el(2, 0);
    RUN(NOP);
    ck_assert_uint_eq(hc->ps.el, 2);
    ASSERT_HEX(hc->pc, H_CODE + 4);
}
END_TEST

/* SCR_EL3.FIQ routes FIQs to EL3: taken from EL1 and EL2 whatever PSTATE.F, masked at EL3. */
START_TEST(test_phys_fiq_to_el3)
{
    hc->sr[SR_SCR_EL3] |= SCR_FIQ;
    fake_lines = LINE_FIQ;
    at_el(2, 0x3C0);
    RUN(NOP);
    expect_async(3, 0x500, H_CODE);
    at_el(3, 0x40);
    RUN(NOP);
    ck_assert_uint_eq(hc->ps.el, 3);
    ASSERT_HEX(hc->pc, H_CODE + 4);
    at_el(3, 0);
    RUN(NOP);
    expect_async(3, 0x300, H_CODE); /* FIQ, current EL with SP_EL3 */
}
END_TEST

/* WFI waits with nothing pending, and wakes on a pending interrupt even when PSTATE masks it
 * (then execution goes on after the WFI). */
START_TEST(test_wfi_wakes_on_masked_interrupt)
{
    at_el(1, 0x80);
    RUN(WFI, NOP); /* the WFI waits: the run stops after it */
    ck_assert_uint_eq(hc->wait_state, WAIT_WFI);
    ASSERT_HEX(hc->pc, H_CODE + 4);
    cpu_run(hc, hc->icount + 1); /* nothing pending: still waiting */
    ck_assert_uint_eq(hc->wait_state, WAIT_WFI);
    fake_lines = LINE_IRQ;
    cpu_run(hc, hc->icount + 1); /* wakes (the IRQ stays masked) and runs the NOP */
    ck_assert_uint_eq(hc->wait_state, WAIT_NONE);
    ck_assert_uint_eq(hc->ps.el, 1);
    ASSERT_HEX(hc->pc, H_CODE + 8);
}
END_TEST

/* HCR_EL2.TWI traps only a WFI that would wait: with an interrupt pending (here masked by
 * PSTATE.I) the WFI completes at once, untrapped; with nothing pending it traps to EL2. */
START_TEST(test_wfi_not_trapped_with_interrupt_pending)
{
    hc->sr[SR_HCR_EL2] = HCR_RW | HCR_TWI;
    fake_lines = LINE_IRQ;
    at_el(1, 0x80);
    RUN(WFI);
    ck_assert_uint_eq(hc->ps.el, 1);
    ck_assert_uint_eq(hc->wait_state, WAIT_NONE);
    ASSERT_HEX(hc->pc, H_CODE + 4);
    fake_lines = 0;
    at_el(1, 0x80);
    RUN(WFI);
    ck_assert_uint_eq(hc->ps.el, 2);
    ASSERT_HEX(h_esr(2) >> 26, EC_WFX);
}
END_TEST

START_TEST(test_isr_el1)
{
    hc->sr[SR_HCR_EL2] = HCR_RW | HCR_IMO | HCR_VI;
    fake_lines = LINE_FIQ;
    at_el(1, 0x3C0);
    RUN(0xd538c100); /* mrs x0, isr_el1: virtual I (IMO), physical F */
    ASSERT_HEX(hc->x[0], (1u << 7) | (1u << 6));
    hc->sr[SR_HCR_EL2] = HCR_RW | HCR_VI;
    at_el(1, 0x3C0);
    RUN(0xd538c100); /* without IMO: the physical IRQ line (clear) */
    ASSERT_HEX(hc->x[0], 1u << 6);
}
END_TEST

static Suite *irq_suite(void)
{
    Suite *s = suite_create("irq");
    TCase *tc = tcase_create("async");
    tcase_add_checked_fixture(tc, setup, h_teardown);
    tcase_add_test(tc, test_virq_taken_at_el1);
    tcase_add_test(tc, test_virq_masked_by_pstate_i);
    tcase_add_test(tc, test_virq_needs_imo_not_tge);
    tcase_add_test(tc, test_vserror_from_el0);
    tcase_add_test(tc, test_vfiq);
    tcase_add_test(tc, test_phys_irq_to_el2_ignores_el1_mask);
    tcase_add_test(tc, test_phys_irq_to_el1);
    tcase_add_test(tc, test_phys_fiq_to_el3);
    tcase_add_test(tc, test_wfi_wakes_on_masked_interrupt);
    tcase_add_test(tc, test_wfi_not_trapped_with_interrupt_pending);
    tcase_add_test(tc, test_isr_el1);
    suite_add_tcase(s, tc);
    return s;
}

int main(void) { return h_run_suite(irq_suite()); }
