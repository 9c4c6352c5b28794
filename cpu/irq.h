/* SPDX-License-Identifier: MIT */
/* The interrupt lines between the interrupt controller and a core, and the core's model of
 * asynchronous exceptions (Arm ARM: AArch64.TakePhysicalIRQException and friends, with the
 * routing of SCR_EL3 and HCR_EL2 and the masking of PSTATE). */
#ifndef TETRARCH_IRQ_H
#define TETRARCH_IRQ_H

#include "cpu/cpu.h"

/* Lines into one core. The physical IRQ/FIQ lines are what the GIC CPU interface signals for
 * the core's current state; the virtual ones are what the GIC virtual CPU interface (list
 * registers) signals. HCR_EL2.VI/VF/VSE are added by the core itself. */
enum {
    LINE_IRQ = 1 << 0,
    LINE_FIQ = 1 << 1,
    LINE_VIRQ = 1 << 2,
    LINE_VFIQ = 1 << 3,
    LINE_SERROR = 1 << 4,
    LINE_VSERROR = 1 << 5,  /* HCR_EL2.VSE (the core adds it) */
};

/* The lines as the core sees them now: the controller's plus HCR_EL2.VI/VF/VSE. */
unsigned cpu_lines(CPU *c);

/* The interrupt controller: called by the core whenever it checks for interrupts (after every
 * exception entry and return, MSR to DAIF/SCR/HCR, a GIC register access, or a request). NULL
 * when the board has none. The controller calls cpu_request_check() on a core whose lines
 * may have changed. */
typedef unsigned (*IrqLinesFn)(void *opaque, CPU *c);

/* Take a pending, unmasked asynchronous exception if there is one (called from cpu_run's
 * slow path). Returns true when one was taken. */
bool cpu_take_interrupt(CPU *c);
/* Is any interrupt pending for the core, masked or not (a WFI wake-up event)? */
bool cpu_interrupt_pending(CPU *c);

#endif
