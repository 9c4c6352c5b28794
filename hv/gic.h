/* SPDX-License-Identifier: MIT */
/* The reference hypervisor's GICv3 toolkit: register map of the virt board's GIC, the EL3 set-up,
 * the EL2 physical CPU interface, list registers, and the IRQ/trap hooks of the interrupt
 * scenarios (11..13). References: Arm IHI 0069 (GICv3/v4 architecture), Arm ARM DDI 0487. */
#ifndef HV_GIC_H
#define HV_GIC_H

#include <stdint.h>

#include "hv.h"

/* ---- HCR_EL2 bits beyond hv.h's (Arm ARM, HCR_EL2); guarded, as other headers may add them ---- */
#ifndef HCR_IMO
#define HCR_IMO  (1ul << 4)   /* physical IRQs to EL2; EL1's ICC_* accesses reach ICV_* */
#endif
#ifndef HCR_TWI
#define HCR_TWI  (1ul << 13)  /* trap WFI from EL0/EL1 (when it would sleep) */
#endif

/* ---- Memory map (QEMU virt and tetrarch: GICv3 with one Redistributor per core) ---- */
#define GICD_BASE        0x08000000ul
#define GICR_BASE        0x080A0000ul     /* RD_base of core 0; SGI_base is RD_base + 64 KiB */
#define GICR_STRIDE      0x20000ul
#define GICR_SGI_OFFSET  0x10000ul

/* Distributor and Redistributor (SGI_base) registers (IHI 0069 12.9, 12.11). The seven
 * bit-per-interrupt registers have the same offsets in both frames. */
#define GICD_CTLR        0x0000
#define GICD_TYPER       0x0004
#define GICD_IGROUPR     0x0080
#define GICD_ISENABLER   0x0100
#define GICD_ICENABLER   0x0180
#define GICD_ISPENDR     0x0200
#define GICD_ICPENDR     0x0280
#define GICD_ISACTIVER   0x0300
#define GICD_ICACTIVER   0x0380
#define GICD_IPRIORITYR  0x0400
#define GICD_IGRPMODR    0x0D00
#define GICD_IROUTER     0x6000           /* 64-bit, INTID n at + 8 * n (n >= 32) */
#define GICR_WAKER       0x0014

/* GICD_CTLR, Secure view with two Security states (IHI 0069 12.9.4). */
#define GICD_CTLR_ENABLE_G1NS (1u << 1)
#define GICD_CTLR_ARE_S       (1u << 4)
#define GICD_CTLR_ARE_NS      (1u << 5)
#define GICD_CTLR_RWP         (1u << 31)
#define GICR_WAKER_PROCESSOR_SLEEP (1u << 1)
#define GICR_WAKER_CHILDREN_ASLEEP (1u << 2)

/* The priority EL3 gives every interrupt (Secure view, so unshifted), and the EL2 priority
 * mask: 5 priority bits on both models (cortex-a57's GIC CPU interface, tetrarch), so
 * priorities are multiples of 8. */
#define GIC_DEFAULT_PRIO 0xA0u
#define GIC_HV_PMR       0xF0u

/* Special INTIDs (IHI 0069 2.2.1). */
#define INTID_SPURIOUS   1023u

/* PPIs of the virt board (INTIDs): the GIC maintenance interrupt and the generic timers
 * (Arm ARM D11.2 and the Server Base System Architecture's PPI assignment). */
#define PPI_MAINTENANCE  25u
#define PPI_CNTHP        26u              /* EL2 physical timer */
#define PPI_CNTV         27u              /* EL1 virtual timer */
#define PPI_CNTHV        28u              /* EL2 virtual timer */
#define PPI_CNTP         30u              /* EL1 physical timer */

/* ICC_SRE_ELx: SRE (system register interface), DFB, DIB, Enable (lower ELs may use SRE). */
#define ICC_SRE_ALL      0xFul
/* ICC_CTLR_EL1.EOImode: EOIR only drops the priority; ICC_DIR_EL1 deactivates. */
#define ICC_CTLR_EOIMODE (1ul << 1)

/* ICH_HCR_EL2 (IHI 0069 12.5.6) */
#define ICH_HCR_EN       (1ul << 0)
#define ICH_HCR_UIE      (1ul << 1)       /* underflow: at most one list register valid */
#define ICH_HCR_NPIE     (1ul << 3)       /* no pending: no list register in the pending state */
/* ICH_MISR_EL2 */
#define ICH_MISR_U       (1ul << 1)
#define ICH_MISR_NP      (1ul << 3)
/* ICH_VTR_EL2.ListRegs: the number of list registers minus one. */
#define ICH_VTR_LISTREGS(v) ((unsigned)((v) & 0x1F))

/* ICH_LR<n>_EL2 (IHI 0069 12.5.12) */
#define ICH_LR_STATE_PENDING (1ul << 62)
#define ICH_LR_STATE_ACTIVE  (1ul << 63)
#define ICH_LR_STATE_MASK    (3ul << 62)
#define ICH_LR_HW            (1ul << 61)  /* hardware interrupt: pINTID is deactivated with it */
#define ICH_LR_GROUP1        (1ul << 60)
#define ICH_LR_PRIO(p)       ((uint64_t)(p) << 48)
#define ICH_LR_PINTID(i)     ((uint64_t)(i) << 32)

/* A pending Group 1 virtual interrupt. hw: link it to physical INTID `pintid`, so that the
 * guest's deactivation of `vintid` also deactivates the physical interrupt. */
static inline uint64_t ich_lr_pending(unsigned vintid, unsigned prio, int hw, unsigned pintid)
{
    return ICH_LR_STATE_PENDING | ICH_LR_GROUP1 | ICH_LR_PRIO(prio) | vintid |
           (hw ? ICH_LR_HW | ICH_LR_PINTID(pintid) : 0);
}

/* The list registers the helpers use: min(ICH_VTR_EL2.ListRegs + 1, 4). cortex-a57 on QEMU has
 * four, tetrarch sixteen; four are enough for every scenario here. */
#define HV_MAX_LRS 4
unsigned ich_num_lrs(void);
uint64_t ich_lr_read(unsigned n);
void ich_lr_write(unsigned n, uint64_t v);
/* The lowest-numbered free list register (ICH_ELRSR_EL2), or -1. */
int ich_free_lr(void);

/* ---- MMIO ---- */
static inline volatile uint32_t *gicd_reg(unsigned off) { return (volatile uint32_t *)(GICD_BASE + off); }
static inline volatile uint32_t *gicr_rd_reg(unsigned cpu, unsigned off)
{
    return (volatile uint32_t *)(GICR_BASE + GICR_STRIDE * cpu + off);
}
static inline volatile uint32_t *gicr_sgi_reg(unsigned cpu, unsigned off)
{
    return (volatile uint32_t *)(GICR_BASE + GICR_STRIDE * cpu + GICR_SGI_OFFSET + off);
}
/* A bit-per-interrupt register for `intid` on core 0: SGIs and PPIs in the Redistributor,
 * SPIs in the Distributor (affinity routing). */
static inline volatile uint32_t *gic_bitreg(unsigned off, unsigned intid)
{
    return intid < 32 ? gicr_sgi_reg(0, off) : gicd_reg(off + 4 * (intid / 32));
}
static inline uint32_t gic_bit(unsigned intid) { return 1u << (intid % 32); }
static inline void gic_enable(unsigned intid) { *gic_bitreg(GICD_ISENABLER, intid) = gic_bit(intid); }
static inline void gic_disable(unsigned intid) { *gic_bitreg(GICD_ICENABLER, intid) = gic_bit(intid); }
static inline void gic_set_pending(unsigned intid) { *gic_bitreg(GICD_ISPENDR, intid) = gic_bit(intid); }
static inline int gic_is_pending(unsigned intid) { return (*gic_bitreg(GICD_ISPENDR, intid) & gic_bit(intid)) != 0; }
static inline int gic_is_active(unsigned intid) { return (*gic_bitreg(GICD_ISACTIVER, intid) & gic_bit(intid)) != 0; }

/* ---- Physical CPU interface at EL2 (never virtualized there) ---- */
static inline unsigned gic_ack(void) { return (unsigned)read_sysreg(icc_iar1_el1) & 0xFFFFFF; }
/* With EOImode = 1 (set by gic_hv_init): priority drop only. */
static inline void gic_eoi(unsigned intid) { write_sysreg(icc_eoir1_el1, intid); isb(); }
static inline void gic_deactivate(unsigned intid) { write_sysreg(icc_dir_el1, intid); isb(); }

/* ---- Set-up ---- */
/* EL3, Secure, at reset (el3_main): system register interface for EL3 and EL2, every SGI, PPI
 * and SPI Non-secure Group 1, disabled, priority GIC_DEFAULT_PRIO, SPIs routed to core 0
 * (affinity 0.0.0.0), affinity routing and Group 1 Non-secure enabled in GICD_CTLR, core 0's
 * Redistributor awake. Prints nothing. */
void gic_el3_init(void);
/* EL2 before running an interrupt scenario's guest: VBAR_EL2 = hv_irq_el2_vectors, the
 * physical CPU interface (ICC_PMR_EL1 = GIC_HV_PMR, EOImode = 1, Group 1 enabled), the virtual
 * CPU interface on (ICH_HCR_EL2 = En | hcr_extra, ICH_VMCR_EL2 = 0, list registers empty). */
void gic_hv_init(uint64_t hcr_extra);
/* Afterwards: every interrupt disabled, not pending, inactive; list registers, ICH_HCR_EL2,
 * ICH_VMCR_EL2 and the active priorities cleared; Group 1 off; VBAR_EL2 back to VMM A's vectors
 * and the hooks cleared. */
void gic_hv_fini(void);

/* ---- Hooks, installed by the running scenario ---- */
/* Physical IRQ taken to EL2 from a guest (vector 0x480 of hv_irq_el2_vectors). */
extern void (*hv_irq_hook)(struct trap_frame *f);
/* IRQ (physical or virtual) taken by the guest at EL1 (vector 0x280 of el1_irq_vectors). */
extern void (*guest_irq_hook)(struct trap_frame *f);
/* Lower-EL synchronous exceptions at EL2 not claimed before (hv_el2_sync); 1 = handled. */
extern int (*gic_trap_hook)(struct trap_frame *f);
int gic_handle_trap(struct trap_frame *f);
/* Called by the vector tables. */
void hv_el2_irq(struct trap_frame *f, unsigned vec);
void el1_irq(struct trap_frame *f, unsigned vec);
extern char hv_irq_el2_vectors[], el1_irq_vectors[];

/* ---- Guest side ---- */
/* At EL1 under HCR_EL2.IMO = 1, where ICC_* accesses reach the virtual CPU interface (ICV_*):
 * priority mask, Group 1 on, and VBAR_EL1 = el1_irq_vectors. PSTATE.I stays as it is. */
void guest_gic_init(unsigned pmr);
static inline void irq_unmask(void) { __asm__ volatile("msr daifclr, #2\n isb" : : : "memory"); }
static inline void irq_mask(void) { __asm__ volatile("msr daifset, #2" : : : "memory"); }

/* ---- Trapped system register accesses (EC 0x18): ISS decoding (Arm ARM, ESR_ELx, ISS encoding
 * for an exception from MSR, MRS or System instruction execution) ---- */
/* op0:op1:CRn:CRm:op2 packed as in the MSR/MRS encoding, the key the scenarios compare. */
#define SYSREG_KEY(op0, op1, crn, crm, op2) \
    (((op0) << 14) | ((op1) << 11) | ((crn) << 7) | ((crm) << 3) | (op2))
static inline unsigned iss_sysreg_key(uint32_t iss)
{
    return SYSREG_KEY((iss >> 20) & 3, (iss >> 14) & 7, (iss >> 10) & 0xf, (iss >> 1) & 0xf,
                      (iss >> 17) & 7);
}
static inline unsigned iss_rt(uint32_t iss) { return (iss >> 5) & 0x1f; }
static inline int iss_is_read(uint32_t iss) { return iss & 1; }
/* The value an MSR wrote (Rt = 31 is XZR). */
static inline uint64_t trap_rt_value(const struct trap_frame *f)
{
    unsigned rt = iss_rt(ESR_ISS(f->esr));
    return rt == 31 ? 0 : f->x[rt];
}
/* Complete an MRS: the result goes to Rt; step over the instruction. */
static inline void trap_complete_read(struct trap_frame *f, uint64_t v)
{
    unsigned rt = iss_rt(ESR_ISS(f->esr));
    if (rt != 31)
        f->x[rt] = v;
    f->elr += 4;
}

/* ---- The interrupt scenarios ---- */
int scenario_irq_route(void);
int scenario_irq_window(void);
int scenario_time_scale(void);

#endif
