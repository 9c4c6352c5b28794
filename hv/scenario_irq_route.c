/* SPDX-License-Identifier: MIT */
/* Scenario 11 (seed 001, "multiplex blocks"): a per-line configuration value routes each
 * interrupt either to the hypervisor, which handles it at EL2, or to the guest's interrupt
 * controller, the GIC's virtual CPU interface fed through list registers (docs/scenarios.md). */
#include "gic.h"
#include "timer.h"

#define IR_TICK        PPI_CNTHP  /* the hypervisor's tick: EL2 physical timer, INTID 26 */
#define IR_SPI         40u        /* a device line, SPI 8, raised by software (GICD_ISPENDR1) */
#define IR_SGI         3u         /* the guest's IPI, SGI 3 */
#define IR_TICK_TICKS  6250u      /* 100 us at 62.5 MHz; only its expiry matters */
#define IR_SPIN        1000000u   /* bound on the guest's polling loops */

#define IR_GUEST_OK    0
#define IR_GUEST_WRONG 1

/* The multiplex blocks: one per interrupt line, each with its current configuration value. On a
 * GICv3 with HCR_EL2.IMO = 1 every physical IRQ reaches EL2 first, so the block is the
 * hypervisor's routing decision made on each acknowledge; an SGI the guest sends traps (there
 * are no ICV_ SGI registers) and its block is consulted in the trap handler. */
enum { TO_HV, TO_GUEST };
struct mux_block {
    unsigned intid;
    unsigned route;
    const char *line;
};
static struct mux_block ir_mux[] = {
    {IR_TICK, TO_HV, "PPI, EL2 physical timer (the hypervisor's tick)"},
    {IR_SPI, TO_GUEST, "SPI, a device line raised through GICD_ISPENDR1"},
    {IR_SGI, TO_GUEST, "SGI, the guest's IPI (ICC_SGI1R_EL1, trapped)"},
};
#define IR_NMUX (sizeof(ir_mux) / sizeof(ir_mux[0]))

static const char *const route_name[] = {"hypervisor", "guest"};

static struct mux_block *ir_block(unsigned intid)
{
    for (unsigned i = 0; i < IR_NMUX; i++)
        if (ir_mux[i].intid == intid)
            return &ir_mux[i];
    return 0;
}

/* What each side saw. */
static volatile unsigned ir_guest_seen[48];   /* virtual interrupts the guest acknowledged */
static unsigned ir_hv_handled[48];            /* physical interrupts EL2 handled itself */
static unsigned ir_forwarded;                 /* ... and those it forwarded */

/* ICC_SGI1R_EL1 is op0 3, op1 0, CRn 12, CRm 11, op2 5. */
#define KEY_ICC_SGI1R SYSREG_KEY(3, 0, 12, 11, 5)

/* ---------------- EL1: the guest ---------------- */

static void ir_guest_irq(struct trap_frame *f)
{
    (void)f;
    unsigned intid = (unsigned)read_sysreg(icc_iar1_el1) & 0xFFFFFF; /* ICV_IAR1_EL1 */
    isb();
    if (intid >= 48) {
        hv_printf("  guest: vIRQ, ICV_IAR1_EL1 = %u: not mine\n", intid);
        return;
    }
    if (intid == IR_SPI) {
        /* The hypervisor only dropped the physical interrupt's priority: it stays active in the
         * Distributor until the guest's deactivation reaches it through the HW = 1 link. */
        hv_printf("  guest: vIRQ, ICV_IAR1_EL1 = %u; physical INTID %u active: %s\n", intid, IR_SPI,
                  gic_is_active(IR_SPI) ? "yes" : "no");
        write_sysreg(icc_eoir1_el1, intid); /* ICV_EOIR1_EL1, EOImode 0: drop and deactivate */
        isb();
        hv_printf("  guest: ICV_EOIR1_EL1 <- %u; physical INTID %u active: %s\n", intid, IR_SPI,
                  gic_is_active(IR_SPI) ? "yes" : "no");
    } else {
        write_sysreg(icc_eoir1_el1, intid);
        isb();
        hv_printf("  guest: vIRQ, ICV_IAR1_EL1 = %u, ICV_EOIR1_EL1 <- %u\n", intid, intid);
    }
    ir_guest_seen[intid]++;
}

static int ir_wait_seen(unsigned intid, unsigned n)
{
    for (unsigned i = 0; i < IR_SPIN; i++)
        if (ir_guest_seen[intid] >= n)
            return 1;
    return 0;
}

/* SGI 3 to the PE itself: TargetList bit 0 with Aff3.Aff2.Aff1 = 0, IRM = 0 (IHI 0069
 * 12.8.24). Rt is pinned to x9 so that the printed ISS does not depend on register allocation. */
static void ir_send_sgi(unsigned intid)
{
    register uint64_t x9 __asm__("x9") = ((uint64_t)intid << 24) | 1;
    __asm__ volatile("msr icc_sgi1r_el1, %0\n isb" : : "r"(x9) : "memory");
}

static void ir_guest(void)
{
    guest_gic_init(GIC_HV_PMR);
    irq_unmask();
    hv_printf("  guest: at EL%u, ICV_PMR_EL1 <- 0x%x, ICV_IGRPEN1_EL1 <- 1, PSTATE.I <- 0\n",
              current_el(), GIC_HV_PMR);

    hv_printf("  guest: raise INTID %u (GICD_ISPENDR1 bit %u)\n", IR_SPI, IR_SPI % 32);
    gic_set_pending(IR_SPI);
    __asm__ volatile("dsb sy\n isb" : : : "memory");
    if (!ir_wait_seen(IR_SPI, 1))
        guest_exit(IR_GUEST_WRONG);

    hv_printf("  guest: SGI %u to itself: MSR ICC_SGI1R_EL1, x9\n", IR_SGI);
    ir_send_sgi(IR_SGI);
    if (!ir_wait_seen(IR_SGI, 1))
        guest_exit(IR_GUEST_WRONG);

    hv_printf("  guest: nothing to do: WFI\n");
    __asm__ volatile("wfi" : : : "memory");
    hv_printf("  guest: WFI completed\n");

    hv_printf("  guest: raise INTID %u again\n", IR_SPI);
    gic_set_pending(IR_SPI);
    __asm__ volatile("dsb sy\n isb" : : : "memory");
    unsigned i;
    for (i = 0; i < IR_SPIN && (gic_is_pending(IR_SPI) || gic_is_active(IR_SPI)); i++)
        ;
    unsigned hppir = (unsigned)read_sysreg(icc_hppir1_el1) & 0xFFFFFF; /* ICV_HPPIR1_EL1 */
    hv_printf("  guest: INTID %u gone from the Distributor, ICV_HPPIR1_EL1 = %u: nothing for me"
              " (vINTID %u taken %u time(s))\n", IR_SPI, hppir, IR_SPI, ir_guest_seen[IR_SPI]);
    int ok = i < IR_SPIN && hppir == INTID_SPURIOUS && ir_guest_seen[IR_SPI] == 1 &&
             ir_guest_seen[IR_SGI] == 1;
    hv_printf("  guest: done, HVC #0 to exit\n");
    guest_exit(ok ? IR_GUEST_OK : IR_GUEST_WRONG);
}

/* ---------------- EL2: the hypervisor ---------------- */

/* Physical IRQs, all of which HCR_EL2.IMO brings here while the guest runs. */
static void ir_hv_irq(struct trap_frame *f)
{
    (void)f;
    unsigned intid = gic_ack();
    struct mux_block *b = intid < 48 ? ir_block(intid) : 0;
    if (!b)
        hv_fail("scenario 11: ICC_IAR1_EL1 = %u at EL2, which no multiplex block routes", intid);
    hv_printf("  hv: IRQ, ICC_IAR1_EL1 = %u -> multiplex block: %s\n", intid, route_name[b->route]);
    if (b->route == TO_GUEST) {
        /* Forward with HW = 1: the guest's deactivation of the virtual interrupt deactivates
         * the physical one (IHI 0069 4.4.x, "Virtual interrupts with hardware backing"). EOImode
         * = 1, so this EOIR only drops the running priority; the physical interrupt stays
         * active and cannot be signalled again until the guest is done with it. */
        int lr = ich_free_lr();
        if (lr < 0)
            hv_fail("scenario 11: no free list register");
        ich_lr_write((unsigned)lr, ich_lr_pending(intid, GIC_DEFAULT_PRIO, 1, intid));
        gic_eoi(intid);
        ir_forwarded++;
        hv_printf("  hv: LR%d <- vINTID %u pending, HW=1 pINTID %u; ICC_EOIR1_EL1 <- %u"
                  " (priority drop only)\n", lr, intid, intid, intid);
        return;
    }
    if (intid == IR_TICK) {
        cnthp_off(); /* the timer's output is a level: off before deactivation */
        /* The hypervisor's policy changes: the device line is its own from now on. */
        struct mux_block *spi = ir_block(IR_SPI);
        spi->route = TO_HV;
        hv_printf("  hv: tick handled at EL2 (CNTHP_CTL_EL2 <- 0); multiplex block of INTID %u <- %s\n",
                  IR_SPI, route_name[spi->route]);
    } else {
        hv_printf("  hv: INTID %u handled at EL2, the guest sees nothing\n", intid);
    }
    gic_eoi(intid);
    gic_deactivate(intid);
    hv_printf("  hv: ICC_EOIR1_EL1 <- %u, ICC_DIR_EL1 <- %u\n", intid, intid);
    ir_hv_handled[intid]++;
}

static int ir_trap(struct trap_frame *f)
{
    uint32_t iss = ESR_ISS(f->esr);
    if (ESR_EC(f->esr) == EC_SYSREG && iss_sysreg_key(iss) == KEY_ICC_SGI1R && !iss_is_read(iss)) {
        /* ICC_SGI1R_EL1 from EL1 traps to EL2 whenever HCR_EL2.IMO or FMO is 1 (IHI 0069
         * 12.8.24: there is no virtual SGI register); the hypervisor emulates it. */
        uint64_t v = trap_rt_value(f);
        unsigned intid = (unsigned)(v >> 24) & 0xF;
        f->elr += 4;
        hv_printf("  hv: EC 0x18 ISS 0x%06x = MSR ICC_SGI1R_EL1, x%u = 0x%lx: SGI %u to CPU 0\n",
                  iss, iss_rt(iss), v, intid);
        if ((v & 0xFFFF) != 1 || (v >> 40) & 1 || (v & 0xFF00FF0000ul))
            hv_fail("scenario 11: the guest's SGI is not for itself");
        struct mux_block *b = ir_block(intid);
        if (!b || b->route != TO_GUEST)
            hv_fail("scenario 11: SGI %u is not routed to the guest", intid);
        /* A purely virtual interrupt: HW = 0, no physical SGI is ever made pending. */
        int lr = ich_free_lr();
        if (lr < 0)
            hv_fail("scenario 11: no free list register");
        ich_lr_write((unsigned)lr, ich_lr_pending(intid, GIC_DEFAULT_PRIO, 0, 0));
        ir_forwarded++;
        hv_printf("  hv: multiplex block: guest; LR%d <- vINTID %u pending, HW=0 (virtual only)\n",
                  lr, intid);
        return 1;
    }
    if (ESR_EC(f->esr) == EC_WFX && !(iss & 1)) {
        /* HCR_EL2.TWI: the guest idles. The hypervisor uses the time for itself: it runs its
         * tick and waits for it (WFI at EL2 wakes on the pending IRQ although PSTATE.I masks
         * it); the IRQ is taken to EL2 as soon as the guest runs again. */
        f->elr += 4;
        hv_printf("  hv: EC 0x01 WFI trapped (HCR_EL2.TWI): the guest idles; arm the EL2 physical"
                  " timer, wait for its IRQ\n");
        cnthp_arm(IR_TICK_TICKS);
        while (!(read_sysreg(isr_el1) & 0x80)) /* ISR_EL1.I: a physical IRQ is pending */
            __asm__ volatile("wfi" : : : "memory");
        hv_printf("  hv: ISR_EL1.I = 1, back to the guest\n");
        return 1;
    }
    return 0;
}

int scenario_irq_route(void)
{
    hv_printf("[scenario 11] irq-route: multiplex blocks route each interrupt to the hypervisor"
              " or to the guest\n");
    /* The Non-secure view of GICD_CTLR: EnableGrp1A (bit 1) and ARE_NS (bit 4), as EL3 left
     * them; IGROUPR and the Secure bits are invisible from here. */
    hv_printf("  hv: GICD_CTLR = 0x%x (Non-secure view): EL3 made every INTID Non-secure Group 1\n",
              *gicd_reg(GICD_CTLR));
    gic_hv_init(0);
    for (unsigned i = 0; i < IR_NMUX; i++) {
        hv_printf("  hv: multiplex block INTID %u (%s) -> %s\n", ir_mux[i].intid, ir_mux[i].line,
                  route_name[ir_mux[i].route]);
        if (ir_mux[i].intid >= 16) /* SGI 3 is never made pending physically */
            gic_enable(ir_mux[i].intid);
    }
    for (unsigned i = 0; i < 48; i++) {
        ir_guest_seen[i] = 0;
        ir_hv_handled[i] = 0;
    }
    ir_forwarded = 0;
    ir_block(IR_SPI)->route = TO_GUEST;
    hv_irq_hook = ir_hv_irq;
    guest_irq_hook = ir_guest_irq;
    gic_trap_hook = ir_trap;
    write_sysreg(hcr_el2, HCR_RW | HCR_IMO | HCR_TWI);
    isb();
    hv_printf("  hv: HCR_EL2.IMO <- 1, TWI <- 1, ICH_HCR_EL2.En <- 1, ERET to the guest at EL1\n");

    el1_guest_prepare();
    struct trap_frame entry;
    guest_frame_init(&entry, ir_guest, SPSR_EL1H);
    uint64_t status = hv_run_guest(&entry);

    write_sysreg(hcr_el2, HCR_RW);
    isb();
    cnthp_off();
    gic_hv_fini();
    if (status != IR_GUEST_OK || ir_forwarded != 2 || ir_hv_handled[IR_TICK] != 1 ||
        ir_hv_handled[IR_SPI] != 1)
        hv_fail("scenario 11: guest status %lu, %u forwarded, tick %u, INTID %u at EL2 %u", status,
                ir_forwarded, ir_hv_handled[IR_TICK], IR_SPI, ir_hv_handled[IR_SPI]);
    hv_printf("  hv: guest exited; 2 interrupts forwarded to it, 2 handled at EL2\n");
    hv_printf("[scenario 11] ok\n");
    return 0;
}
