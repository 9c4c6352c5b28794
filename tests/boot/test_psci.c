/* SPDX-License-Identifier: MIT */
/* Unit tests of the emulated PSCI firmware: which SMCs it answers, arguments, results, and the
 * traps that keep priority over it. */
#include "tests/unit/harness.h"

#include "sim/psci.h"

#define SMC0 0xd4000003u /* smc #0 */
#define HVC0 0xd4000002u /* hvc #0 */

#define HCR_TSC (1ULL << 19)

static void setup(void)
{
    h_setup();
    /* A Linux Image boot: the firmware's handover state, then the kernel at EL2. */
    hm->psci_emulated = true;
    psci_firmware_handover(hc);
    h_set_el(2);
}

/* One SMC at the current EL with X0-X3 = fid, a1, a2, a3. */
static void smc(uint64_t fid, uint64_t a1, uint64_t a2, uint64_t a3)
{
    hc->x[0] = fid;
    hc->x[1] = a1;
    hc->x[2] = a2;
    hc->x[3] = a3;
    RUN(SMC0);
}

/* The call was answered in place: no exception, the next instruction, the same EL. */
static void expect_answered(unsigned el, uint64_t x0)
{
    ck_assert_uint_eq(hc->ps.el, el);
    ASSERT_HEX(hc->pc, H_CODE + 4);
    ASSERT_HEX(hc->x[0], x0);
}

START_TEST(handover_state)
{
    ASSERT_HEX(hc->sr[SR_SCR_EL3], 0x501); /* NS | HCE | RW, SMD clear */
}
END_TEST

START_TEST(version_at_el2)
{
    smc(PSCI_FN_VERSION, 0, 0, 0);
    expect_answered(2, 0x10001);
}
END_TEST

START_TEST(features)
{
    smc(PSCI_FN_FEATURES, PSCI_FN64_CPU_ON, 0, 0);
    expect_answered(2, 0);
    smc(PSCI_FN_FEATURES, 0xC400000E /* SYSTEM_SUSPEND */, 0, 0);
    expect_answered(2, (uint64_t)-1);
    /* SMC32: only W1 counts. */
    smc(PSCI_FN_FEATURES, 0xFFFFFFFF00000000ULL | PSCI_FN_SYSTEM_OFF, 0, 0);
    expect_answered(2, 0);
}
END_TEST

START_TEST(unknown_function_keeps_x1_x3)
{
    smc(0xC2000001, 11, 22, 33); /* an SiP call */
    expect_answered(2, (uint64_t)-1);
    ASSERT_HEX(hc->x[1], 11);
    ASSERT_HEX(hc->x[2], 22);
    ASSERT_HEX(hc->x[3], 33);
}
END_TEST

START_TEST(from_el1_without_tsc)
{
    hc->sr[SR_HCR_EL2] &= ~HCR_TSC;
    h_set_el(1);
    smc(PSCI_FN_MIGRATE_INFO_TYPE, 0, 0, 0);
    expect_answered(1, 2);
}
END_TEST

/* HCR_EL2.TSC traps the SMC to EL2 before any firmware sees it (returning to the SMC). */
START_TEST(tsc_trap_has_priority)
{
    hc->sr[SR_HCR_EL2] |= HCR_TSC;
    h_set_el(1);
    smc(PSCI_FN_VERSION, 0, 0, 0);
    h_expect_exc(2, V_LOWER, EC_SMC64, 0, H_CODE);
    ASSERT_HEX(hc->x[0], PSCI_FN_VERSION);
}
END_TEST

/* HVC is the kernel's (KVM's), never a firmware call. */
START_TEST(hvc_is_not_psci)
{
    h_set_el(1);
    hc->x[0] = PSCI_FN_VERSION;
    RUN(HVC0);
    h_expect_exc(2, V_LOWER, EC_HVC64, 0, H_CODE + 4);
    ASSERT_HEX(hc->x[0], PSCI_FN_VERSION);
}
END_TEST

/* Without emulation (ELF and --bios: the image is the EL3 firmware) the SMC goes to EL3. */
START_TEST(not_emulated_goes_to_el3)
{
    hm->psci_emulated = false;
    smc(PSCI_FN_VERSION, 0, 0, 0);
    h_expect_exc(3, V_LOWER, EC_SMC64, 0, H_CODE + 4);
}
END_TEST

START_TEST(affinity_info)
{
    smc(PSCI_FN64_AFFINITY_INFO, 0x80000000, 0, 0); /* core 0, MPIDR with the RES1 bit */
    expect_answered(2, PSCI_AFF_ON);
    smc(PSCI_FN64_AFFINITY_INFO, 7, 0, 0);
    expect_answered(2, (uint64_t)PSCI_INVALID_PARAMETERS);
    smc(PSCI_FN64_AFFINITY_INFO, 0, 1, 0); /* clusters are always on */
    expect_answered(2, PSCI_AFF_ON);
}
END_TEST

START_TEST(cpu_on_self_is_already_on)
{
    smc(PSCI_FN64_CPU_ON, 0, H_CODE, 0);
    expect_answered(2, (uint64_t)PSCI_ALREADY_ON);
}
END_TEST

START_TEST(cpu_suspend)
{
    smc(PSCI_FN64_CPU_SUSPEND, 0x00020000, H_CODE, 0); /* power level 1: not supported */
    expect_answered(2, (uint64_t)PSCI_INVALID_PARAMETERS);
    ck_assert_uint_eq(hc->wait_state, WAIT_NONE);
    smc(PSCI_FN64_CPU_SUSPEND, 0x00010000, H_CODE, 0); /* powerdown: treated as standby */
    expect_answered(2, 0);
    ck_assert_uint_eq(hc->wait_state, WAIT_WFI);
}
END_TEST

START_TEST(cpu_off)
{
    smc(PSCI_FN_CPU_OFF, 0, 0, 0);
    ck_assert(hc->off);
}
END_TEST

START_TEST(system_off)
{
    smc(PSCI_FN_SYSTEM_OFF, 0, 0, 0);
    ck_assert(hc->halted);
    ck_assert_int_eq(hc->halt_reason, HALT_SYSTEM_OFF);
}
END_TEST

START_TEST(system_reset)
{
    smc(PSCI_FN_SYSTEM_RESET, 0, 0, 0);
    ck_assert(hc->halted);
    ck_assert_int_eq(hc->halt_reason, HALT_SYSTEM_RESET);
}
END_TEST

int main(void)
{
    Suite *s = suite_create("psci");
    TCase *tc = tcase_create("psci");
    tcase_add_checked_fixture(tc, setup, h_teardown);
    tcase_add_test(tc, handover_state);
    tcase_add_test(tc, version_at_el2);
    tcase_add_test(tc, features);
    tcase_add_test(tc, unknown_function_keeps_x1_x3);
    tcase_add_test(tc, from_el1_without_tsc);
    tcase_add_test(tc, tsc_trap_has_priority);
    tcase_add_test(tc, hvc_is_not_psci);
    tcase_add_test(tc, not_emulated_goes_to_el3);
    tcase_add_test(tc, affinity_info);
    tcase_add_test(tc, cpu_on_self_is_already_on);
    tcase_add_test(tc, cpu_suspend);
    tcase_add_test(tc, cpu_off);
    tcase_add_test(tc, system_off);
    tcase_add_test(tc, system_reset);
    suite_add_tcase(s, tc);
    return h_run_suite(s);
}
