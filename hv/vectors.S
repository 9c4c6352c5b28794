/* SPDX-License-Identifier: MIT */
/* Vector tables for EL3, EL2 (VMM A, the trampoline, VMM B) and EL1 (guest), with the full
 * trap-frame save and restore around the C handlers (Arm ARM, "Exception vectors"). */

#define FRAME_SIZE 288          /* sizeof(struct trap_frame), checked in hv.h */

/* One 0x80-byte vector entry: open a trap frame, save x0..x3 so there is room to work, and
 * jump to the EL's common save with x1 = vector index and x2 = C handler. */
.macro VENTRY el, idx, handler
    .balign 0x80
    sub     sp, sp, #FRAME_SIZE
    stp     x0, x1, [sp, #0]
    stp     x2, x3, [sp, #16]
    mov     x1, #\idx
    adr     x2, \handler
    b       el\el\()_save
.endm

/* A 2 KiB-aligned table (VBAR_ELx bits [10:0] are RES0) whose "lower EL, AArch64,
 * synchronous" entry (0x400) calls `lower_sync` and every other entry calls `other`. */
.macro VTABLE name, el, lower_sync, other
    .balign 0x800
    .global \name
\name:
    VENTRY \el, 0, \other
    VENTRY \el, 1, \other
    VENTRY \el, 2, \other
    VENTRY \el, 3, \other
    VENTRY \el, 4, \other
    VENTRY \el, 5, \other
    VENTRY \el, 6, \other
    VENTRY \el, 7, \other
    VENTRY \el, 8, \lower_sync
    VENTRY \el, 9, \other
    VENTRY \el, 10, \other
    VENTRY \el, 11, \other
    VENTRY \el, 12, \other
    VENTRY \el, 13, \other
    VENTRY \el, 14, \other
    VENTRY \el, 15, \other
.endm

/* Save x4..x30 and the exception syndrome of ELx, call handler(frame, index), then restore
 * everything (handlers may change x[], ELR and SPSR in the frame) and ERET.
 * el<n>_return is also the way into a guest for hv_run_guest (entry.S). */
.macro SAVE_CALL_RESTORE el
el\el\()_save:
    stp     x4, x5, [sp, #32]
    stp     x6, x7, [sp, #48]
    stp     x8, x9, [sp, #64]
    stp     x10, x11, [sp, #80]
    stp     x12, x13, [sp, #96]
    stp     x14, x15, [sp, #112]
    stp     x16, x17, [sp, #128]
    stp     x18, x19, [sp, #144]
    stp     x20, x21, [sp, #160]
    stp     x22, x23, [sp, #176]
    stp     x24, x25, [sp, #192]
    stp     x26, x27, [sp, #208]
    stp     x28, x29, [sp, #224]
    mrs     x3, elr_el\el
    stp     x30, x3, [sp, #240]
    mrs     x3, spsr_el\el
    mrs     x4, esr_el\el
    stp     x3, x4, [sp, #256]
    mrs     x3, far_el\el
    str     x3, [sp, #272]
    mov     x0, sp
    blr     x2
    .global el\el\()_return
el\el\()_return:
    ldp     x30, x3, [sp, #240]
    msr     elr_el\el, x3
    ldr     x3, [sp, #256]
    msr     spsr_el\el, x3
    ldp     x0, x1, [sp, #0]
    ldp     x2, x3, [sp, #16]
    ldp     x4, x5, [sp, #32]
    ldp     x6, x7, [sp, #48]
    ldp     x8, x9, [sp, #64]
    ldp     x10, x11, [sp, #80]
    ldp     x12, x13, [sp, #96]
    ldp     x14, x15, [sp, #112]
    ldp     x16, x17, [sp, #128]
    ldp     x18, x19, [sp, #144]
    ldp     x20, x21, [sp, #160]
    ldp     x22, x23, [sp, #176]
    ldp     x24, x25, [sp, #192]
    ldp     x26, x27, [sp, #208]
    ldp     x28, x29, [sp, #224]
    add     sp, sp, #FRAME_SIZE
    eret
.endm

    .text
    SAVE_CALL_RESTORE 3
    SAVE_CALL_RESTORE 2
    SAVE_CALL_RESTORE 1

    .section .text.vectors, "ax"

/* EL3, the firmware (hv/firmware.c): SMCs from the normal world (PSCI CPU_ON, the ECAM
 * service) and the external aborts it emulates arrive at the lower-EL sync entry; anything
 * else taken to EL3 is a bug. */
    VTABLE el3_vectors, 3, el3_lower_sync, el3_unexpected

/* VMM A, the hypervisor's normal EL2 personality: guest exits, DCC and WFE traps. */
    VTABLE hv_el2_vectors, 2, hv_el2_sync, el2_unexpected

/* VMM B's vectors, installed by the trampoline (scenario 1). */
    VTABLE vmm_b_el2_vectors, 2, vmm_b_sync, el2_unexpected

/* The trampoline vectors (scenario 1): VBAR_EL2 points here only while the trampoline is
 * armed. Its lower-EL sync entry first moves SP_EL2 to VMM B's stack (TPIDR_EL2 lends a
 * register, as no memory may be touched yet) so the trap frame lands in VMM B's context. */
    .balign 0x800
    .global tramp_el2_vectors
tramp_el2_vectors:
    VENTRY 2, 0, el2_unexpected
    VENTRY 2, 1, el2_unexpected
    VENTRY 2, 2, el2_unexpected
    VENTRY 2, 3, el2_unexpected
    VENTRY 2, 4, el2_unexpected
    VENTRY 2, 5, el2_unexpected
    VENTRY 2, 6, el2_unexpected
    VENTRY 2, 7, el2_unexpected
    .balign 0x80
    msr     tpidr_el2, x0
    adrp    x0, vmm_b_stack_top
    add     x0, x0, :lo12:vmm_b_stack_top
    mov     sp, x0
    mrs     x0, tpidr_el2
    sub     sp, sp, #FRAME_SIZE
    stp     x0, x1, [sp, #0]
    stp     x2, x3, [sp, #16]
    mov     x1, #8
    adr     x2, trampoline_enter
    b       el2_save
    VENTRY 2, 9, el2_unexpected
    VENTRY 2, 10, el2_unexpected
    VENTRY 2, 11, el2_unexpected
    VENTRY 2, 12, el2_unexpected
    VENTRY 2, 13, el2_unexpected
    VENTRY 2, 14, el2_unexpected
    VENTRY 2, 15, el2_unexpected

/* The guest's ordinary EL1 vectors (scenarios 2 and 3): nothing should reach them. */
    VTABLE el1_guest_vectors, 1, el1_unexpected, el1_unexpected

/* Scenario 15 (mailbox-smp): core 1's EL2 expects no exception at all. */
    VTABLE mb_el2_vectors, 2, el2_unexpected, el2_unexpected

/* Scenario 16 (ecam): the PCI driver's EL1 vectors. Its ECAM accesses should abort to EL3;
 * ecam_el1_sync notices when one is taken at EL1 instead (0x200, current EL with SP_ELx). */
    VTABLE ecam_el1_vectors, 1, el1_unexpected, ecam_el1_sync

/* Scenarios 11-13 (hv/gic.h): VMM A with interrupts. Lower-EL synchronous exceptions (0x400)
 * go to hv_el2_sync as usual, IRQs from the guest (0x480, "lower EL using AArch64, IRQ") to
 * hv_el2_irq. EL2 itself always runs with PSTATE.I = 1, so 0x280 stays unexpected. */
    .balign 0x800
    .global hv_irq_el2_vectors
hv_irq_el2_vectors:
    .irp idx, 0, 1, 2, 3, 4, 5, 6, 7
    VENTRY 2, \idx, el2_unexpected
    .endr
    VENTRY 2, 8, hv_el2_sync
    VENTRY 2, 9, hv_el2_irq
    .irp idx, 10, 11, 12, 13, 14, 15
    VENTRY 2, \idx, el2_unexpected
    .endr

/* The interrupt scenarios' guest: IRQs taken at EL1 from EL1 with SP_EL1 (0x280, "current EL
 * with SP_ELx, IRQ") go to el1_irq; anything else is unexpected. */
    .balign 0x800
    .global el1_irq_vectors
el1_irq_vectors:
    .irp idx, 0, 1, 2, 3, 4
    VENTRY 1, \idx, el1_unexpected
    .endr
    VENTRY 1, 5, el1_irq
    .irp idx, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15
    VENTRY 1, \idx, el1_unexpected
    .endr

/* Scenario 1's redirection exception vector for EL1. Every entry bounces straight to EL2 with
 * an HVC whose immediate names the entry; no EL1 state is touched, so x0..x30 still hold the
 * interrupted (EL0) context when EL2 sees them, and ELR_EL1/SPSR_EL1 still describe the
 * return to EL0. EL2 returns to the instruction after the HVC (the preferred return address
 * of an exception-generating instruction is the next one), whose ERET goes back to EL0. */
.macro REDIRECT idx
    .balign 0x80
    hvc     #(0x100 + \idx)             /* REDIRECT_HVC_BASE + index, see hv.h */
    eret
.endm
    .balign 0x800
    .global el1_redirect_vectors
el1_redirect_vectors:
    .irp idx, 0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15
    REDIRECT \idx
    .endr
