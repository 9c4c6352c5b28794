/* SPDX-License-Identifier: MIT */
/* Scenario 3 (seed 003, US 2016/0170816): a watchdog communication channel from EL1 to EL2
 * through trapped WFE instructions, with HCR_EL2.TWE set (docs/scenarios.md). */
#include "hv.h"

/* The special sequences: the guest stores WDOG_REQUEST in x0 and its kick count in x1, then
 * executes WFE; the hypervisor answers WDOG_ACK in x2 and its own kick count in x3. */
#define WDOG_REQUEST  0x57444F47ul    /* "WDOG" */
#define WDOG_ACK      0x5741434Bul    /* "WACK" */
#define WDOG_KICKS    3
/* WFE only traps when it would sleep (Arm ARM, HCR_EL2.TWE), and it does not sleep
 * when the event register is set; an ERET sets it (AArch64.ExceptionReturn ->
 * SendEventLocal). So one kick can take two WFEs: the first consumes the event, the second
 * traps. The guest retries a few times and then concludes that WFE does not trap at all. */
#define WFE_TRIES     8

#define WFE_GUEST_OK       0
#define WFE_GUEST_WRONG    1
#define WFE_GUEST_NO_TRAP  2

static uint64_t hv_kicks;

/* ---------------- EL1: the guest ---------------- */

/* One watchdog kick. Returns 1 when the hypervisor answered; *hv_count = its kick count. */
static int wdog_kick(uint64_t count, uint64_t *hv_count)
{
    register uint64_t x0 __asm__("x0") = WDOG_REQUEST;
    register uint64_t x1 __asm__("x1") = count;
    register uint64_t x2 __asm__("x2") = 0;
    register uint64_t x3 __asm__("x3") = 0;
    register uint64_t x4 __asm__("x4") = 0;
    __asm__ volatile("1:  add  x4, x4, #1\n"
                     "    wfe\n"
                     "    cmp  x2, %[ack]\n"
                     "    b.eq 2f\n"
                     "    cmp  x4, #%[tries]\n"
                     "    b.lo 1b\n"
                     "2:\n"
                     : "+r"(x0), "+r"(x1), "+r"(x2), "+r"(x3), "+r"(x4)
                     : [ack] "r"(WDOG_ACK), [tries] "i"(WFE_TRIES)
                     : "cc", "memory");
    *hv_count = x3;
    return x2 == WDOG_ACK;
}

static void wfe_guest(void)
{
    hv_printf("  guest: at EL%u, kick = x0 \"WDOG\", x1 count, WFE until x2 = \"WACK\"\n",
              current_el());
    for (uint64_t i = 1; i <= WDOG_KICKS; i++) {
        uint64_t hv_count;
        if (!wdog_kick(i, &hv_count)) {
            hv_printf("  guest: no answer after %d WFEs: WFE did not trap\n", WFE_TRIES);
            guest_exit(WFE_GUEST_NO_TRAP);
        }
        hv_printf("  guest: kick %lu acknowledged, hypervisor counted %lu\n", i, hv_count);
        if (hv_count != i)
            guest_exit(WFE_GUEST_WRONG);
    }
    hv_printf("  guest: done, HVC #0 to exit\n");
    guest_exit(WFE_GUEST_OK);
}

/* ---------------- EL2: the channel's agent ---------------- */

/* EC 0x01 (WFI/WFE trap): ISS.TI, bit 0, is 1 for WFE (Arm ARM, ESR_EL2, ISS encoding for an
 * exception from a WFI or WFE instruction). */
int wfe_handle_trap(struct trap_frame *f)
{
    if (ESR_EC(f->esr) != EC_WFX || !(ESR_ISS(f->esr) & 1))
        return 0;
    /* A trapped WFE returns to the WFE itself: step over it either way. A WFE without the
     * special sequence is an ordinary wait, which may complete spuriously. */
    f->elr += 4;
    if (f->x[0] != WDOG_REQUEST)
        return 1;
    hv_kicks++;
    f->x[2] = WDOG_ACK;
    f->x[3] = hv_kicks;
    hv_printf("  hv: EC 0x01 TI=1 (WFE), x0=0x%lx \"WDOG\" x1=%lu -> x2=0x%lx \"WACK\" x3=%lu\n",
              f->x[0], f->x[1], f->x[2], f->x[3]);
    return 1;
}

/* ---------------- EL2: VMM A drives the scenario ---------------- */

int scenario_wfe(void)
{
    hv_printf("[scenario 3] wfe: watchdog kicks through trapped WFE\n");
    write_sysreg(hcr_el2, HCR_RW | HCR_TWE);
    isb();
    hv_printf("  hv: HCR_EL2.TWE <- 1, ERET to the guest at EL1\n");

    el1_guest_prepare();
    hv_kicks = 0;
    struct trap_frame entry;
    guest_frame_init(&entry, wfe_guest, SPSR_EL1H);
    uint64_t status = hv_run_guest(&entry);

    write_sysreg(hcr_el2, HCR_RW);
    isb();
    /* Not trapping is architecturally allowed when WFE never sleeps (QEMU implements WFE as a
     * yield and never takes the trap); the channel is then unavailable, not broken. */
    if (status == WFE_GUEST_NO_TRAP && hv_kicks == 0) {
        hv_printf("[scenario 3] skipped: WFE never trapped (WFE does not sleep here)\n");
        return 1;
    }
    if (status != WFE_GUEST_OK || hv_kicks != WDOG_KICKS)
        hv_fail("scenario 3: guest status %lu after %lu kicks", status, hv_kicks);
    hv_printf("  hv: guest exited after %lu kicks, HCR_EL2.TWE <- 0\n", hv_kicks);
    hv_printf("[scenario 3] ok\n");
    return 0;
}
