/* SPDX-License-Identifier: MIT */
/* GICv3 set-up at EL3 and EL2, list register access, and the IRQ and trap dispatch of the
 * interrupt scenarios (hv/gic.h). */
#include "gic.h"

void (*hv_irq_hook)(struct trap_frame *f);
void (*guest_irq_hook)(struct trap_frame *f);
int (*gic_trap_hook)(struct trap_frame *f);

/* ---------------- EL3 ---------------- */

/* A write to GICD_CTLR takes effect when RWP reads 0 (IHI 0069 12.9.4). */
static void gicd_wait_rwp(void)
{
    while (*gicd_reg(GICD_CTLR) & GICD_CTLR_RWP)
        ;
}

/* What Secure firmware does for a Non-secure hypervisor (IHI 0069 4.x "Interrupt grouping" and
 * the boot requirements of the Linux arm64 booting document, which this mirrors): only Secure
 * accesses can change IGROUPR/IGRPMODR and GICR_WAKER, so EL3 must do it before leaving. All
 * accesses here are Secure: EL3 runs with its MMU off, where the NS attribute is 0. */
void gic_el3_init(void)
{
    /* System register interface at EL3 and EL2, and let the lower levels use theirs
     * (ICC_SRE_EL3/EL2.Enable); the ISB makes SRE take effect before any other ICC_ access. */
    write_sysreg(icc_sre_el3, ICC_SRE_ALL);
    isb();
    write_sysreg(icc_sre_el2, ICC_SRE_ALL);
    isb();

    /* Affinity routing for both Security states, every group disabled while configuring. */
    *gicd_reg(GICD_CTLR) = GICD_CTLR_ARE_S | GICD_CTLR_ARE_NS;
    gicd_wait_rwp();

    /* Core 0's Redistributor: wake it (ProcessorSleep = 0, then ChildrenAsleep reads 0). */
    volatile uint32_t *waker = gicr_rd_reg(0, GICR_WAKER);
    *waker &= ~GICR_WAKER_PROCESSOR_SLEEP;
    while (*waker & GICR_WAKER_CHILDREN_ASLEEP)
        ;

    /* SGIs and PPIs: Non-secure Group 1 (IGROUPR = 1, IGRPMODR = 0), disabled, not pending. */
    *gicr_sgi_reg(0, GICD_ICENABLER) = ~0u;
    *gicr_sgi_reg(0, GICD_ICPENDR) = ~0u;
    *gicr_sgi_reg(0, GICD_ICACTIVER) = ~0u;
    *gicr_sgi_reg(0, GICD_IGROUPR) = ~0u;
    *gicr_sgi_reg(0, GICD_IGRPMODR) = 0;
    for (unsigned i = 0; i < 32; i += 4)
        *gicr_sgi_reg(0, GICD_IPRIORITYR + i) = GIC_DEFAULT_PRIO * 0x01010101u;

    /* SPIs: the same, routed to affinity 0.0.0.0 (GICD_IROUTER.IRM = 0). GICD_TYPER.ITLinesNumber
     * gives the number of implemented 32-INTID blocks minus one. */
    unsigned blocks = (*gicd_reg(GICD_TYPER) & 0x1F) + 1;
    for (unsigned n = 1; n < blocks; n++) {
        *gicd_reg(GICD_ICENABLER + 4 * n) = ~0u;
        *gicd_reg(GICD_ICPENDR + 4 * n) = ~0u;
        *gicd_reg(GICD_ICACTIVER + 4 * n) = ~0u;
        *gicd_reg(GICD_IGROUPR + 4 * n) = ~0u;
        *gicd_reg(GICD_IGRPMODR + 4 * n) = 0;
        for (unsigned i = 0; i < 32; i += 4)
            *gicd_reg(GICD_IPRIORITYR + 32 * n + i) = GIC_DEFAULT_PRIO * 0x01010101u;
        for (unsigned i = 0; i < 32; i++)
            *(volatile uint64_t *)(GICD_BASE + GICD_IROUTER + 8 * (32 * n + i)) = 0;
    }

    *gicd_reg(GICD_CTLR) = GICD_CTLR_ARE_S | GICD_CTLR_ARE_NS | GICD_CTLR_ENABLE_G1NS;
    gicd_wait_rwp();
}

/* ---------------- EL2 ---------------- */

unsigned ich_num_lrs(void)
{
    unsigned n = ICH_VTR_LISTREGS(read_sysreg(ich_vtr_el2)) + 1;
    return n < HV_MAX_LRS ? n : HV_MAX_LRS;
}

/* The list registers are separate system registers: one case each. */
uint64_t ich_lr_read(unsigned n)
{
    switch (n) {
    case 0: return read_sysreg(ich_lr0_el2);
    case 1: return read_sysreg(ich_lr1_el2);
    case 2: return read_sysreg(ich_lr2_el2);
    case 3: return read_sysreg(ich_lr3_el2);
    default: hv_fail("ich_lr_read(%u): only %d list registers are used", n, HV_MAX_LRS);
    }
}

void ich_lr_write(unsigned n, uint64_t v)
{
    switch (n) {
    case 0: write_sysreg(ich_lr0_el2, v); break;
    case 1: write_sysreg(ich_lr1_el2, v); break;
    case 2: write_sysreg(ich_lr2_el2, v); break;
    case 3: write_sysreg(ich_lr3_el2, v); break;
    default: hv_fail("ich_lr_write(%u): only %d list registers are used", n, HV_MAX_LRS);
    }
    isb();
}

int ich_free_lr(void)
{
    uint64_t elrsr = read_sysreg(ich_elrsr_el2);
    for (unsigned n = 0; n < ich_num_lrs(); n++)
        if (elrsr & (1ul << n))
            return (int)n;
    return -1;
}

void gic_hv_init(uint64_t hcr_extra)
{
    write_sysreg(vbar_el2, hv_irq_el2_vectors);
    /* The physical CPU interface, as EL2 sees it (Non-secure copies of the banked registers).
     * PMR: SCR_EL3.FIQ = 0, so Non-secure writes are not shifted (IHI 0069 4.8.6). EOImode = 1
     * separates priority drop (EOIR) from deactivation (DIR), which a hypervisor needs to hand
     * a physical interrupt to a guest through a HW = 1 list register. */
    write_sysreg(icc_pmr_el1, GIC_HV_PMR);
    write_sysreg(icc_ctlr_el1, ICC_CTLR_EOIMODE);
    write_sysreg(icc_igrpen1_el1, 1);
    /* The virtual CPU interface: empty list registers, nothing active, the guest's view
     * (ICH_VMCR_EL2) reset; the guest programs its ICV_PMR_EL1 and ICV_IGRPEN1_EL1 itself. */
    for (unsigned n = 0; n < ich_num_lrs(); n++)
        ich_lr_write(n, 0);
    write_sysreg(ich_ap1r0_el2, 0);
    write_sysreg(ich_vmcr_el2, 0);
    write_sysreg(ich_hcr_el2, ICH_HCR_EN | hcr_extra);
    isb();
}

void gic_hv_fini(void)
{
    write_sysreg(ich_hcr_el2, 0);
    for (unsigned n = 0; n < ich_num_lrs(); n++)
        ich_lr_write(n, 0);
    write_sysreg(ich_ap1r0_el2, 0);
    write_sysreg(ich_vmcr_el2, 0);
    /* Non-secure writes reach every interrupt: EL3 made them all Non-secure Group 1. */
    unsigned blocks = (*gicd_reg(GICD_TYPER) & 0x1F) + 1;
    for (unsigned n = 0; n < blocks; n++) {
        volatile uint32_t *base = n == 0 ? gicr_sgi_reg(0, 0) : gicd_reg(4 * n);
        base[GICD_ICENABLER / 4] = ~0u;
        base[GICD_ICPENDR / 4] = ~0u;
        base[GICD_ICACTIVER / 4] = ~0u;
    }
    write_sysreg(icc_igrpen1_el1, 0);
    write_sysreg(icc_ctlr_el1, 0);
    write_sysreg(vbar_el2, hv_el2_vectors);
    isb();
    hv_irq_hook = 0;
    guest_irq_hook = 0;
    gic_trap_hook = 0;
}

int gic_handle_trap(struct trap_frame *f)
{
    return gic_trap_hook ? gic_trap_hook(f) : 0;
}

void hv_el2_irq(struct trap_frame *f, unsigned vec)
{
    if (hv_irq_hook)
        hv_irq_hook(f);
    else
        el2_unexpected(f, vec);
}

/* ---------------- EL1 ---------------- */

void guest_gic_init(unsigned pmr)
{
    write_sysreg(vbar_el1, el1_irq_vectors);
    write_sysreg(icc_pmr_el1, pmr);
    write_sysreg(icc_igrpen1_el1, 1);
    isb();
}

void el1_irq(struct trap_frame *f, unsigned vec)
{
    if (guest_irq_hook)
        guest_irq_hook(f);
    else
        el1_unexpected(f, vec);
}
