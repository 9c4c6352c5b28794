/* SPDX-License-Identifier: MIT */
/* The GICv3 interrupt controller (IHI 0069): Distributor, Redistributors, CPU interfaces. */
#ifndef TETRARCH_GIC_H
#define TETRARCH_GIC_H

#include <stdbool.h>

#include "sim/machine.h"

/* What tetrarch implements (each choice is visible to software through an ID register):
 *  - 288 INTIDs: SGIs 0-15 and PPIs 16-31 per core, SPIs 32-287 (GICD_TYPER.ITLinesNumber = 8);
 *    no LPIs, no ITS, no extended ranges, 16-bit INTID fields (IDbits).
 *  - Two Security states (GICD_CTLR.DS is RAZ/WI, ICC_CTLR_EL3.nDS = 1) and affinity routing
 *    only (ARE_S and ARE_NS are RAO/WI): the GICv2 compatibility registers are RAZ/WI.
 *  - 5 bits of priority and of preemption, physical and virtual (ICC_CTLR_EL1.PRIbits = 4,
 *    ICH_VTR_EL2.PRIbits = PREbits = 4): priorities are multiples of 8, 32 levels, one
 *    ICC_AP0R0/AP1R0 (and ICH_AP0R0/AP1R0) register each, minimum BPR0 2 and BPR1 3.
 *  - 16 list registers (ICH_VTR_EL2.ListRegs = 15); GICv4 direct injection is not implemented.
 *  - GICD_NSACR and GICR_NSACR are RAZ/WI: Non-secure software cannot touch Secure interrupts.
 * Every change is deterministic and immediate: RWP and UWP always read 0 and
 * GICR_WAKER.ChildrenAsleep follows ProcessorSleep at once. */
enum {
    GIC_NUM_SPIS = 256,
    GIC_NUM_IRQS = 32 + GIC_NUM_SPIS,
    GIC_NUM_LRS = 16,
    GIC_MAINTENANCE_PPI = 25,
    GIC_DIST_SIZE = 0x10000,
    GIC_REDIST_FRAME = 0x20000,    /* RD_base and SGI_base, 64 KiB each */
};

struct GIC;

/* Create the GIC for m's m->ncpu cores: the Distributor at VIRT_GIC_DIST (64 KiB) and one
 * Redistributor per core at VIRT_GIC_REDIST + GIC_REDIST_FRAME * cpu (the last one has
 * GICR_TYPER.Last), registered on m->phys; sets m->intc and the intc_* callbacks. Core i has
 * affinity 0.0.0.i. Returns NULL (after an error message) when it cannot be created. */
struct GIC *gic_create(Machine *m);
/* Release it (m->intc and the callbacks are cleared; the devices stay on m->phys). */
void gic_free(struct GIC *g);

/* What Secure firmware does before it starts a Non-secure OS, for a direct kernel boot with no
 * firmware of its own: every interrupt becomes Non-secure Group 1 and every Redistributor is
 * woken (GICR_WAKER.ProcessorSleep = 0), both of which only Secure accesses can do. */
void gic_boot_nonsecure(struct GIC *g);

#endif
