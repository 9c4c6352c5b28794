/* SPDX-License-Identifier: MIT */
/* Scenario 14 (seed 002, US 8,875,162, "Efficient virtualization of input/output completions
 * for a virtual device"): the host completes a guest's I/O requests at once, but the hypervisor
 * queues the completions and delivers each one, with the EL2 physical timer and a list
 * register, no earlier than the virtual device's nominal speed allows. */
#include "gic.h"
#include "timer.h"

#define PIO_REQUESTS   4
#define PIO_FIRST_ID   1
#define PIO_VINTID     48        /* the virtual device's interrupt (a virtual SPI) */
#define PIO_PRIORITY   0xa0u
#define HVC_PIO_SUBMIT 1         /* x0 = number of requests, x1 = first request id */
/* ICH_LR<n>_EL2.EOI [41]: with HW = 0, the guest's EOI of the interrupt sets the list
 * register's bit in ICH_EISR_EL2 and so raises the maintenance interrupt (ICH_MISR_EL2.EOI). */
#ifndef ICH_LR_EOI
#define ICH_LR_EOI     (1ul << 41)
#endif
#ifndef ICH_MISR_EOI
#define ICH_MISR_EOI   (1ul << 0)
#endif

#define PIO_GUEST_OK        0
#define PIO_GUEST_WRONG     1

/* ---------------- EL2: the device model and the pacing ---------------- */

static struct {
    uint64_t period;                    /* the device's nominal time per request, in ticks */
    unsigned queued, next;              /* completions held, and the next one to deliver */
    uint64_t id[PIO_REQUESTS];
    uint64_t maturity[PIO_REQUESTS];    /* when the nominal device would have completed it */
    unsigned timer_irqs, maint_irqs;
} pio;

/* The virtual device's completion register: the id of the request whose completion interrupt
 * is being delivered. The guest reads it in its handler. */
static volatile uint64_t pio_completion_reg;

static void pio_arm_timer(uint64_t deadline)
{
    write_sysreg(cnthp_cval_el2, deadline);
    write_sysreg(cnthp_ctl_el2, CNT_CTL_ENABLE);
    isb();
}

/* HVC #1: the guest submits requests. The host completes them at once; the nominal device
 * would have taken one period each, one after the other. */
static void pio_submit(struct trap_frame *f)
{
    uint64_t now = cnt_physical(), n = f->x[0], first = f->x[1];
    if (n != PIO_REQUESTS || pio.queued)
        hv_fail("scenario 14: unexpected submission of %lu requests", n);
    uint64_t done = now;
    for (unsigned i = 0; i < n; i++) {
        pio.id[i] = first + i;
        done += pio.period;
        pio.maturity[i] = done;
    }
    pio.queued = (unsigned)n;
    hv_printf("  hv: HVC #1: requests %lu-%lu submitted; the host completed all of them at once,\n"
              "      the completions are queued: one per nominal period of %lu ticks\n",
              first, first + n - 1, pio.period);
    pio_arm_timer(pio.maturity[0]);
    f->x[0] = 0;
}

/* CNTHP_EL2 fired: the next completion is due. Inject it through ICH_LR0_EL2, with EOI set so
 * that the guest's EOI raises a maintenance interrupt. */
static void pio_timer(void)
{
    cnthp_off(); /* output low until re-armed */
    pio.timer_irqs++;
    unsigned i = pio.next;
    if (i >= pio.queued || (read_sysreg(ich_lr0_el2) & ICH_LR_STATE_MASK))
        hv_fail("scenario 14: timer interrupt with nothing to deliver (%u of %u)", i, pio.queued);
    pio_completion_reg = pio.id[i];
    ich_lr_write(0, ich_lr_pending(PIO_VINTID, PIO_PRIORITY, 0, 0) | ICH_LR_EOI);
    hv_printf("  hv: CNTHP_EL2 interrupt (INTID %u): request %lu's completion is due,\n"
              "      ICH_LR0_EL2 <- vINTID %d pending, Group 1, EOI maintenance\n",
              PPI_CNTHP, pio.id[i], PIO_VINTID);
}

/* Maintenance interrupt: the guest has EOIed the completion. The next one is due at its
 * maturity, but never less than one period after this EOI: the guest may have handled the
 * previous one late, and must still see them no faster than the device's nominal speed. */
static void pio_maintenance(void)
{
    uint64_t misr = read_sysreg(ich_misr_el2), eisr = read_sysreg(ich_eisr_el2);
    uint64_t lr = read_sysreg(ich_lr0_el2);
    pio.maint_irqs++;
    if (!(misr & ICH_MISR_EOI) || eisr != 1 || (lr & ICH_LR_STATE_MASK))
        hv_fail("scenario 14: maintenance interrupt with ICH_MISR_EL2 0x%lx ICH_EISR_EL2 0x%lx "
                "ICH_LR0_EL2 0x%lx", misr, eisr, lr);
    ich_lr_write(0, 0); /* frees the LR and clears EISR: the interrupt goes low */
    unsigned i = pio.next++;
    hv_printf("  hv: maintenance interrupt (INTID %u): ICH_MISR_EL2.EOI, ICH_EISR_EL2 0x%lx:\n"
              "      the guest has EOIed request %lu; ICH_LR0_EL2 <- 0\n", PPI_MAINTENANCE, eisr, pio.id[i]);
    if (pio.next < pio.queued) {
        uint64_t earliest = cnt_physical() + pio.period, due = pio.maturity[pio.next];
        pio_arm_timer(due > earliest ? due : earliest);
    }
}

/* Physical IRQs from the guest (hv_irq_hook). gic_hv_init set EOImode 1: EOIR drops the
 * priority, DIR deactivates. */
static void pio_irq(struct trap_frame *f)
{
    (void)f;
    unsigned intid = gic_ack();
    if (intid == PPI_CNTHP)
        pio_timer();
    else if (intid == PPI_MAINTENANCE)
        pio_maintenance();
    else
        hv_fail("scenario 14: unexpected physical interrupt, INTID %u", intid);
    gic_eoi(intid);
    gic_deactivate(intid);
}

/* The guest's submission hypercall (gic_trap_hook). */
static int pio_trap(struct trap_frame *f)
{
    if (ESR_EC(f->esr) != EC_HVC64 || ESR_ISS(f->esr) != HVC_PIO_SUBMIT)
        return 0;
    pio_submit(f);
    return 1;
}

/* ---------------- EL1: the guest's driver ---------------- */

static volatile unsigned g_count, g_bad;
static volatile uint64_t g_id[PIO_REQUESTS], g_time[PIO_REQUESTS];

/* IRQ at EL1 (a virtual one: HCR_EL2.IMO = 1; guest_irq_hook): acknowledge, read the
 * device's completion register, take the time, EOI. The time is taken before the EOI, which
 * the hypervisor paces the next completion from. */
static void pio_guest_irq(struct trap_frame *f)
{
    (void)f;
    uint64_t intid = read_sysreg(icc_iar1_el1) & 0xffffff;
    if (intid != PIO_VINTID || g_count >= PIO_REQUESTS) {
        g_bad++;
    } else {
        g_id[g_count] = pio_completion_reg;
        g_time[g_count] = cnt_virtual();
        g_count++;
    }
    if (intid < 1020)
        write_sysreg(icc_eoir1_el1, intid);
    isb();
}

static uint64_t pio_hvc_submit(uint64_t n, uint64_t first)
{
    register uint64_t x0 __asm__("x0") = n;
    register uint64_t x1 __asm__("x1") = first;
    __asm__ volatile("hvc #1" : "+r"(x0), "+r"(x1) : : "memory");
    return x0;
}

static void pio_guest(void)
{
    guest_gic_init(0xff);                /* ICV_PMR_EL1, ICV_IGRPEN1_EL1, VBAR_EL1 */
    uint64_t period = read_sysreg(cntfrq_el0) / 1000;
    hv_printf("  guest: virtual CPU interface on; submitting requests %d-%d (HVC #1),\n"
              "        nominal device time 1 ms = %lu ticks each\n",
              PIO_FIRST_ID, PIO_FIRST_ID + PIO_REQUESTS - 1, period);
    uint64_t t_submit = cnt_virtual();
    pio_hvc_submit(PIO_REQUESTS, PIO_FIRST_ID);

    /* Wait with IRQs masked around the check, so that a completion taken between the check
     * and the WFI cannot be missed: a pending interrupt ends WFI even while masked. */
    while (g_count < PIO_REQUESTS && !g_bad)
        __asm__ volatile("wfi\n msr daifclr, #2\n isb\n msr daifset, #2" : : : "memory");

    int wrong = g_bad != 0;
    unsigned in_order = 1, paced = 1;
    uint64_t prev = t_submit;
    for (unsigned i = 0; i < PIO_REQUESTS && !wrong; i++) {
        in_order &= g_id[i] == PIO_FIRST_ID + i;
        paced &= g_time[i] - prev >= period;
        prev = g_time[i];
    }
    hv_printf("  guest: %u completion interrupts (vINTID %d), requests", g_count, PIO_VINTID);
    for (unsigned i = 0; i < g_count; i++)
        hv_printf(" %lu", g_id[i]);
    hv_printf(": %s\n", in_order ? "in order" : "OUT OF ORDER");
    hv_printf("  guest: every completion >= 1 nominal period after the previous one\n"
              "        (the first after the submission): %s\n", paced ? "ok" : "NO");
    wrong |= !in_order || !paced || g_count != PIO_REQUESTS;
    guest_exit(wrong ? PIO_GUEST_WRONG : PIO_GUEST_OK);
}

/* ---------------- EL2: set-up and teardown ---------------- */

int scenario_paced_io(void)
{
    hv_printf("[scenario 14] paced-io: I/O completions paced to the virtual device's speed\n");
    if (((read_sysreg(id_aa64pfr0_el1) >> 24) & 0xf) == 0) {
        hv_printf("[scenario 14] skipped: no GICv3 system registers\n");
        return 1;
    }
    memset(&pio, 0, sizeof(pio));
    pio.period = read_sysreg(cntfrq_el0) / 1000;
    g_count = g_bad = 0;

    /* The physical side: the EL2 timer and the maintenance interrupt (Non-secure Group 1, from
     * gic_el3_init), enabled at core 0's redistributor. The virtual side: list registers empty,
     * the virtual CPU interface on. IRQs from EL1 go to EL2; EL1's ICC_* become ICV_*. */
    gic_hv_init(0);
    cnthp_off();
    write_sysreg(cntvoff_el2, 0);      /* the guest's virtual count is the physical count */
    gic_enable(PPI_MAINTENANCE);
    gic_enable(PPI_CNTHP);
    hv_irq_hook = pio_irq;
    gic_trap_hook = pio_trap;
    guest_irq_hook = pio_guest_irq;
    write_sysreg(hcr_el2, HCR_RW | HCR_IMO);
    isb();
    hv_printf("  hv: INTIDs %u (maintenance) and %u (CNTHP_EL2) enabled, ICH_HCR_EL2.En <- 1,\n"
              "      HCR_EL2.IMO <- 1; ERET to the guest at EL1\n", PPI_MAINTENANCE, PPI_CNTHP);

    el1_guest_prepare();
    struct trap_frame entry;
    guest_frame_init(&entry, pio_guest, SPSR_EL1H);
    uint64_t status = hv_run_guest(&entry);

    write_sysreg(hcr_el2, HCR_RW);
    cnthp_off();
    gic_hv_fini();
    write_sysreg(sctlr_el1, SCTLR_EL1_MMU_OFF);
    isb();
    if (status != PIO_GUEST_OK || pio.next != PIO_REQUESTS || pio.timer_irqs != PIO_REQUESTS ||
        pio.maint_irqs != PIO_REQUESTS)
        hv_fail("scenario 14: guest status %lu, %u delivered, %u timer and %u maintenance "
                "interrupts", status, pio.next, pio.timer_irqs, pio.maint_irqs);
    hv_printf("  hv: guest exited; %u completions delivered with %u timer and %u maintenance "
              "interrupts\n", pio.next, pio.timer_irqs, pio.maint_irqs);
    hv_printf("[scenario 14] ok\n");
    return 0;
}
