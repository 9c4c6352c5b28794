/* SPDX-License-Identifier: MIT */
/* Scenario 12 (seed 001, "informed of an open event window"): virtual interrupts stay pending
 * while the guest masks them, with PSTATE.I or its virtual priority mask, and the GIC's
 * maintenance interrupt tells the hypervisor when the guest's window has opened, so that it can
 * inject the next one (docs/scenarios.md). */
#include "gic.h"

#define IW_PRIO       GIC_DEFAULT_PRIO
#define IW_GUEST_PMR  0xF0u
#define IW_MASK_PMR   0x80u     /* masks every priority numerically >= 0x80 */

#define IW_GUEST_OK    0
#define IW_GUEST_WRONG 1

/* The hypervisor's queue of virtual interrupts for the guest: {vINTID, priority}. */
struct viq {
    unsigned intid, prio;
};
static const struct viq iw_batch1[] = {{48, IW_PRIO}, {49, IW_PRIO}};
static const struct viq iw_batch2[] = {{50, 0x90}, {51, 0xA0}, {52, 0xB0}};
static const struct viq *iw_queue;
static unsigned iw_queued, iw_next;

static unsigned iw_maintenance;     /* maintenance interrupts the hypervisor took */
static unsigned iw_wfi_traps;

/* What the guest took, in order. */
static volatile unsigned iw_taken[8];
static volatile unsigned iw_ntaken;

/* ---------------- EL1: the guest ---------------- */

static void iw_guest_irq(struct trap_frame *f)
{
    (void)f;
    unsigned intid = (unsigned)read_sysreg(icc_iar1_el1) & 0xFFFFFF; /* ICV_IAR1_EL1 */
    isb(); /* a maintenance interrupt this acknowledge causes is taken here */
    hv_printf("  guest: vIRQ, ICV_IAR1_EL1 = %u\n", intid);
    if (intid == INTID_SPURIOUS)
        return;
    if (iw_ntaken < 8)
        iw_taken[iw_ntaken] = intid;
    iw_ntaken++;
    write_sysreg(icc_eoir1_el1, intid); /* ICV_EOIR1_EL1 */
    isb(); /* ... or here, for one this deactivation causes */
}

static uint64_t iw_hvc(unsigned nr)
{
    register uint64_t x0 __asm__("x0") = nr;
    __asm__ volatile("hvc #1" : "+r"(x0) : : "memory");
    return x0;
}

static unsigned hppir1(void) { return (unsigned)read_sysreg(icc_hppir1_el1) & 0xFFFFFF; }
static unsigned isr_i(void) { return (unsigned)(read_sysreg(isr_el1) >> 7) & 1; }

static int iw_taken_is(unsigned from, const struct viq *batch, unsigned n)
{
    if (iw_ntaken != from + n)
        return 0;
    for (unsigned i = 0; i < n; i++)
        if (iw_taken[from + i] != batch[i].intid)
            return 0;
    return 1;
}

static void iw_guest(void)
{
    int ok = 1;
    guest_gic_init(IW_GUEST_PMR);
    hv_printf("  guest: at EL%u, ICV_PMR_EL1 <- 0x%x, ICV_IGRPEN1_EL1 <- 1, PSTATE.I = 1\n",
              current_el(), IW_GUEST_PMR);

    /* Window 1: PSTATE.I. */
    hv_printf("  guest: HVC: my device has two interrupts for me\n");
    iw_hvc(1);
    hv_printf("  guest: PSTATE.I = 1: ICV_HPPIR1_EL1 = %u, ISR_EL1.I = %u: pending, not taken\n",
              hppir1(), isr_i());
    ok &= hppir1() == 48 && isr_i() == 1;
    /* The idle pattern of an OS: with interrupts masked, WFI; a pending interrupt, even a masked
     * one, is a WFI wake-up event, so WFI completes at once and, as it would not have entered a
     * low-power state, HCR_EL2.TWI does not trap it. */
    __asm__ volatile("wfi" : : : "memory");
    hv_printf("  guest: WFI with PSTATE.I = 1 completed at once; open the window: PSTATE.I <- 0\n");
    irq_unmask();
    hv_printf("  guest: PSTATE.I = 1 again, took %u interrupt(s)\n", iw_ntaken);
    irq_mask();
    ok &= iw_taken_is(0, iw_batch1, 2);

    /* Window 2: the virtual priority mask, with PSTATE.I = 0. */
    write_sysreg(icc_pmr_el1, IW_MASK_PMR); /* ICV_PMR_EL1 */
    isb();
    irq_unmask();
    hv_printf("  guest: ICV_PMR_EL1 <- 0x%x, PSTATE.I <- 0; HVC: three more\n", IW_MASK_PMR);
    iw_hvc(2);
    hv_printf("  guest: ICV_PMR_EL1 = 0x%x: ICV_HPPIR1_EL1 = %u, ISR_EL1.I = %u: pending, masked\n",
              IW_MASK_PMR, hppir1(), isr_i());
    ok &= hppir1() == 50 && isr_i() == 0;
    /* Now nothing the guest could take is pending: WFI would sleep, so it traps. */
    __asm__ volatile("wfi" : : : "memory");
    hv_printf("  guest: WFI returned; open the window: ICV_PMR_EL1 <- 0x%x\n", IW_GUEST_PMR);
    write_sysreg(icc_pmr_el1, IW_GUEST_PMR);
    isb();
    irq_mask();
    hv_printf("  guest: took %u interrupt(s) in all\n", iw_ntaken);
    ok &= iw_taken_is(2, iw_batch2, 3);

    hv_printf("  guest: done, HVC #0 to exit\n");
    guest_exit(ok ? IW_GUEST_OK : IW_GUEST_WRONG);
}

/* ---------------- EL2: the hypervisor ---------------- */

/* Put the next queued interrupt in a free list register. */
static void iw_inject_next(void)
{
    const struct viq *q = &iw_queue[iw_next++];
    int lr = ich_free_lr();
    if (lr < 0)
        hv_fail("scenario 12: no free list register");
    ich_lr_write((unsigned)lr, ich_lr_pending(q->intid, q->prio, 0, 0));
    hv_printf("  hv: LR%d <- vINTID %u pending, priority 0x%x\n", lr, q->intid, q->prio);
}

static void iw_queue_batch(const struct viq *batch, unsigned n)
{
    iw_queue = batch;
    iw_queued = n;
    iw_next = 0;
}

/* The maintenance interrupt (PPI 25): a level, high while ICH_HCR_EL2.En and ICH_MISR_EL2 != 0
 * (IHI 0069 4.9 / 12.5.x). The hypervisor removes its cause (injects, or disables the condition)
 * before deactivating it, or it would be signalled again at once. */
static void iw_hv_irq(struct trap_frame *f)
{
    (void)f;
    unsigned intid = gic_ack();
    if (intid != PPI_MAINTENANCE)
        hv_fail("scenario 12: ICC_IAR1_EL1 = %u at EL2", intid);
    uint64_t misr = read_sysreg(ich_misr_el2), hcr = read_sysreg(ich_hcr_el2);
    iw_maintenance++;
    if (misr == ICH_MISR_NP) {
        hv_printf("  hv: maintenance IRQ (INTID %u), ICH_MISR_EL2 = 0x%lx (NP): no virtual interrupt"
                  " pending, the guest's window opened\n", intid, misr);
    } else if (misr == ICH_MISR_U) {
        hv_printf("  hv: maintenance IRQ (INTID %u), ICH_MISR_EL2 = 0x%lx (U): at most one list"
                  " register in use\n", intid, misr);
    } else {
        hv_fail("scenario 12: maintenance with ICH_MISR_EL2 = 0x%lx", misr);
    }
    if (iw_next < iw_queued)
        iw_inject_next();
    if (iw_next == iw_queued) {
        hcr &= ~(ICH_HCR_NPIE | ICH_HCR_UIE);
        write_sysreg(ich_hcr_el2, hcr);
        isb();
        hv_printf("  hv: queue empty: ICH_HCR_EL2 <- 0x%lx\n", hcr);
    }
    gic_eoi(intid);
    gic_deactivate(intid);
}

static int iw_trap(struct trap_frame *f)
{
    if (ESR_EC(f->esr) == EC_HVC64 && ESR_ISS(f->esr) == 1) {
        uint64_t hcr = read_sysreg(ich_hcr_el2);
        if (f->x[0] == 1) {
            /* One at a time, and be told when the guest has taken it. */
            hv_printf("  hv: HVC #1, x0 = 1: queue vINTIDs 48, 49; inject the first, ICH_HCR_EL2.NPIE <- 1\n");
            iw_queue_batch(iw_batch1, 2);
            iw_inject_next();
            hcr |= ICH_HCR_NPIE;
        } else {
            /* Two at a time, refilled when at most one list register is still in use. */
            hv_printf("  hv: HVC #1, x0 = 2: queue vINTIDs 50, 51, 52; inject two, ICH_HCR_EL2.UIE <- 1\n");
            iw_queue_batch(iw_batch2, 3);
            iw_inject_next();
            iw_inject_next();
            hcr |= ICH_HCR_UIE;
        }
        /* The list registers first: set before them, NPIE or UIE would raise the maintenance
         * interrupt for a moment (harmless here, EL2 runs with PSTATE.I = 1, but pointless). */
        write_sysreg(ich_hcr_el2, hcr);
        isb();
        f->x[0] = 0;
        return 1;
    }
    if (ESR_EC(f->esr) == EC_WFX && !(ESR_ISS(f->esr) & 1)) {
        /* WFI trapped by HCR_EL2.TWI: only when it would have slept, i.e. with nothing the guest
         * can take pending. A real hypervisor would deschedule the vCPU until one of its
         * interrupts arrives; here the guest only learns that its WFI returned. */
        f->elr += 4;
        iw_wfi_traps++;
        hv_printf("  hv: EC 0x01 WFI trapped (HCR_EL2.TWI): the guest would sleep, as it masks"
                  " everything pending (ICH_MISR_EL2 = 0x%lx)\n", read_sysreg(ich_misr_el2));
        return 1;
    }
    return 0;
}

int scenario_irq_window(void)
{
    hv_printf("[scenario 12] irq-window: the maintenance interrupt tells the hypervisor when the"
              " guest's interrupt window opens\n");
    gic_hv_init(0);
    gic_enable(PPI_MAINTENANCE);
    iw_maintenance = 0;
    iw_wfi_traps = 0;
    iw_ntaken = 0;
    hv_irq_hook = iw_hv_irq;
    guest_irq_hook = iw_guest_irq;
    gic_trap_hook = iw_trap;
    write_sysreg(hcr_el2, HCR_RW | HCR_IMO | HCR_TWI);
    isb();
    hv_printf("  hv: HCR_EL2.IMO <- 1, TWI <- 1, ICH_HCR_EL2.En <- 1, maintenance INTID %u enabled,"
              " ERET to the guest at EL1\n", PPI_MAINTENANCE);

    el1_guest_prepare();
    struct trap_frame entry;
    guest_frame_init(&entry, iw_guest, SPSR_EL1H);
    uint64_t status = hv_run_guest(&entry);

    write_sysreg(hcr_el2, HCR_RW);
    isb();
    gic_hv_fini();
    if (status != IW_GUEST_OK || iw_maintenance != 2 || iw_wfi_traps != 1)
        hv_fail("scenario 12: guest status %lu, %u maintenance interrupts, %u WFI traps", status,
                iw_maintenance, iw_wfi_traps);
    hv_printf("  hv: guest exited; 5 interrupts delivered, 2 maintenance interrupts, 1 WFI trap\n");
    hv_printf("[scenario 12] ok\n");
    return 0;
}
