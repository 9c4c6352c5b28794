/* SPDX-License-Identifier: MIT */
/* Asynchronous exceptions: which EL an IRQ, FIQ or SError is taken to (SCR_EL3.{IRQ,FIQ,EA},
 * HCR_EL2.{IMO,FMO,AMO,TGE}), whether PSTATE masks it there, the virtual interrupts of
 * HCR_EL2 and the GIC's list registers, and taking them (AArch64.TakePhysicalIRQException,
 * AArch64.TakeVirtualIRQException and the FIQ/SError equivalents). */
#include "cpu/irq.h"

#include "cpu/exception.h"
#include "cpu/regbits.h"
#include "sim/machine.h"

#define DAIF_A (1u << 8)
#define DAIF_I (1u << 7)
#define DAIF_F (1u << 6)

unsigned cpu_lines(CPU *c)
{
    Machine *m = c->m;
    unsigned l = m->intc_cpu_lines ? m->intc_cpu_lines(m->intc, c) : 0;
    uint64_t hcr = c->sr[SR_HCR_EL2];
    if (hcr & HCR_VI)
        l |= LINE_VIRQ;
    if (hcr & HCR_VF)
        l |= LINE_VFIQ;
    if (hcr & HCR_VSE)
        l |= LINE_VSERROR;
    return l;
}

/* A pending asynchronous exception and where it would go. */
typedef struct {
    int target;      /* EL, or -1 when it cannot be taken at the current EL */
    bool masked;     /* by PSTATE */
} Routing;

/* Physical interrupts: SCR_EL3 routes to EL3; else, with EL2 enabled, HCR_EL2's routing bit
 * or TGE routes to EL2; else EL1. One targeting the current EL is masked by PSTATE, as is one
 * targeting EL1 from EL0 and (in the host regime) EL2 from EL0; one targeting a higher EL is
 * not; one targeting a lower EL waits. */
static Routing route_physical(const CPU *c, uint64_t scr_bit, uint64_t hcr_bit, unsigned daif_bit)
{
    unsigned el = c->ps.el;
    uint64_t hcr = c->sr[SR_HCR_EL2];
    Routing r;
    if (c->sr[SR_SCR_EL3] & scr_bit)
        r.target = 3;
    else if (el2_enabled(c) && (hcr & (hcr_bit | HCR_TGE)))
        r.target = 2;
    else
        r.target = 1;
    bool pmask = (c->ps.daif & daif_bit) != 0;
    if ((unsigned)r.target < el) {
        r.target = -1;
        r.masked = true;
    } else if ((unsigned)r.target == el || (r.target == 1 && el == 0) ||
               (r.target == 2 && el == 0 && hcr_host_regime(c))) {
        r.masked = pmask;
    } else {
        r.masked = false;
    }
    return r;
}

/* Virtual interrupts reach EL1 and EL0 only, when EL2 is enabled, the HCR_EL2 routing bit is
 * set and TGE is not; they are masked by PSTATE at both. */
static Routing route_virtual(const CPU *c, uint64_t hcr_bit, unsigned daif_bit)
{
    uint64_t hcr = c->sr[SR_HCR_EL2];
    Routing r = {-1, true};
    if (c->ps.el <= 1 && el2_enabled(c) && (hcr & hcr_bit) && !(hcr & HCR_TGE)) {
        r.target = 1;
        r.masked = (c->ps.daif & daif_bit) != 0;
    }
    return r;
}

static void take_async(CPU *c, unsigned type, unsigned target, unsigned ec)
{
    c->exc = (ExcRecord){.type = (uint8_t)type, .target_el = (uint8_t)target, .ec = (uint8_t)ec,
                         .il = 1, .elr = c->pc};
    take_exception(c);
}

/* In the order QEMU checks them (the architecture leaves the order IMPLEMENTATION DEFINED):
 * physical FIQ, IRQ, SError, then virtual IRQ, FIQ, SError. */
bool cpu_take_interrupt(CPU *c)
{
    unsigned l = cpu_lines(c);
    if (!l)
        return false;
    Routing r;
    if (l & LINE_FIQ) {
        r = route_physical(c, SCR_FIQ, HCR_FMO, DAIF_F);
        if (r.target >= 0 && !r.masked) {
            take_async(c, EXC_FIQ, (unsigned)r.target, 0);
            return true;
        }
    }
    if (l & LINE_IRQ) {
        r = route_physical(c, SCR_IRQ, HCR_IMO, DAIF_I);
        if (r.target >= 0 && !r.masked) {
            take_async(c, EXC_IRQ, (unsigned)r.target, 0);
            return true;
        }
    }
    if (l & LINE_SERROR) {
        r = route_physical(c, SCR_EA, HCR_AMO, DAIF_A);
        if (r.target >= 0 && !r.masked) {
            take_async(c, EXC_SERROR, (unsigned)r.target, EC_SERROR);
            return true;
        }
    }
    if (l & LINE_VIRQ) {
        r = route_virtual(c, HCR_IMO, DAIF_I);
        if (r.target >= 0 && !r.masked) {
            take_async(c, EXC_IRQ, 1, 0);
            return true;
        }
    }
    if (l & LINE_VFIQ) {
        r = route_virtual(c, HCR_FMO, DAIF_F);
        if (r.target >= 0 && !r.masked) {
            take_async(c, EXC_FIQ, 1, 0);
            return true;
        }
    }
    if (l & LINE_VSERROR) {
        r = route_virtual(c, HCR_AMO, DAIF_A);
        if (r.target >= 0 && !r.masked) {
            /* Taking the virtual SError clears HCR_EL2.VSE; without FEAT_RAS its syndrome is
             * IMPLEMENTATION DEFINED: 0. */
            c->sr[SR_HCR_EL2] &= ~HCR_VSE;
            take_async(c, EXC_SERROR, 1, EC_SERROR);
            return true;
        }
    }
    return false;
}

/* WFI and WFE wake on an interrupt that would be taken at the current EL or above if PSTATE
 * did not mask it. */
bool cpu_interrupt_pending(CPU *c)
{
    unsigned l = cpu_lines(c);
    if (!l)
        return false;
    if ((l & LINE_FIQ) && route_physical(c, SCR_FIQ, HCR_FMO, DAIF_F).target >= 0)
        return true;
    if ((l & LINE_IRQ) && route_physical(c, SCR_IRQ, HCR_IMO, DAIF_I).target >= 0)
        return true;
    if ((l & LINE_SERROR) && route_physical(c, SCR_EA, HCR_AMO, DAIF_A).target >= 0)
        return true;
    if ((l & LINE_VIRQ) && route_virtual(c, HCR_IMO, DAIF_I).target >= 0)
        return true;
    if ((l & LINE_VFIQ) && route_virtual(c, HCR_FMO, DAIF_F).target >= 0)
        return true;
    return (l & LINE_VSERROR) && route_virtual(c, HCR_AMO, DAIF_A).target >= 0;
}
