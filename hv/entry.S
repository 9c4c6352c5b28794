/* SPDX-License-Identifier: MIT */
/* Reset entry at EL3, the per-EL stacks, and the helpers that move between exception levels
 * with ERET (Arm ARM, "Exception return", AArch64.ExceptionReturn). */

#define FRAME_SIZE 288          /* sizeof(struct trap_frame), checked in hv.h */
#define HOST_SAVE  96           /* x19..x30 saved by hv_run_guest */

/* ---- Stacks: NOLOAD, 16-byte aligned as SP must be at every EL (Arm ARM, SP alignment
 * checking) ---- */
    .section .stacks, "aw", %nobits
    .balign 16
    .space 8192
    .global el3_stack_top
el3_stack_top:
    .space 8192
    .global el2_stack_top
el2_stack_top:
    /* VMM B gets its own EL2 stack: scenario 1's trampoline switches SP to it. */
    .global vmm_b_stack_bottom
vmm_b_stack_bottom:
    .space 8192
    .global vmm_b_stack_top
vmm_b_stack_top:
    .space 8192
    .global el1_stack_top
el1_stack_top:
    .space 8192
    .global el0_stack_top
el0_stack_top:
    /* Core 1's stacks (scenario 15, mailbox-smp): its EL3 stack from reset, and the EL2 and
     * EL1 stacks the hypervisor and the guest give it. Not in .bss: core 1 runs while core 0
     * clears .bss. */
    .space 4096
    .global cpu1_el3_stack_top
cpu1_el3_stack_top:
    .space 4096
    .global cpu1_el2_stack_top
cpu1_el2_stack_top:
    .space 4096
    .global cpu1_el1_stack_top
cpu1_el1_stack_top:

    .bss
    .balign 8
hv_host_sp:                     /* SP of the hv_run_guest() caller while a guest runs */
    .space 8

/* ---- Reset: QEMU -kernel (secure=on) and tetrarch both start here at EL3, MMU off ---- */
    .section .text.boot, "ax"
    .global _start
    .type _start, %function
_start:
    /* Every core starts here (QEMU without PSCI, tetrarch --smp N). Only core 0 (affinity
     * 0.0.0.0) runs the boot path; the others go to the firmware's parking code. */
    mrs     x0, mpidr_el1
    mov     x1, #0xffffff
    orr     x1, x1, #0xff00000000       /* Aff3..Aff0 */
    ands    x0, x0, x1
    b.ne    secondary_reset
    adrp    x0, el3_stack_top
    add     x0, x0, :lo12:el3_stack_top
    mov     sp, x0                      /* SPSel is 1 out of reset: this is SP_EL3 */
    adrp    x0, __bss_start
    add     x0, x0, :lo12:__bss_start
    adrp    x1, __bss_end
    add     x1, x1, :lo12:__bss_end
1:  cmp     x0, x1                      /* the linker script aligns .bss to 16 */
    b.hs    2f
    stp     xzr, xzr, [x0], #16         /* no DC ZVA: it faults on Device memory (MMU off) */
    b       1b
2:  bl      el3_main
3:  b       3b

/* Core 1 (x0 = its affinity, Aff0 = 1) parks in the firmware (hv/firmware.c) on its own EL3
 * stack. Any other secondary core has no stack and no role: it sleeps for good. */
secondary_reset:
    cmp     x0, #1
    b.ne    5f
    adrp    x1, cpu1_el3_stack_top
    add     x1, x1, :lo12:cpu1_el3_stack_top
    mov     sp, x1
    bl      el3_secondary_main
5:  wfi
    b       5b
    .size _start, . - _start

    .text
/* void el3_eret_to_el2(void): enter el2_main at EL2h with SP_EL2 = el2_stack_top.
 * SCR_EL3 must already say NS=1, RW=1 (AArch64.ExceptionReturn: an ERET to an EL that is not
 * enabled, or in the wrong execution state, is an illegal exception return). */
    .global el3_eret_to_el2
    .type el3_eret_to_el2, %function
el3_eret_to_el2:
    adrp    x0, el2_stack_top
    add     x0, x0, :lo12:el2_stack_top
    msr     sp_el2, x0
    adrp    x0, el2_main
    add     x0, x0, :lo12:el2_main
    msr     elr_el3, x0
    mov     x0, #0x3c9                  /* SPSR: EL2h, DAIF masked */
    msr     spsr_el3, x0
    eret
    .size el3_eret_to_el2, . - el3_eret_to_el2

/* void el1_eret_to_el0(void (*entry)(void), void *sp): run `entry` at EL0t. */
    .global el1_eret_to_el0
    .type el1_eret_to_el0, %function
el1_eret_to_el0:
    msr     sp_el0, x1
    msr     elr_el1, x0
    mov     x2, #0x3c0                  /* SPSR: EL0t, DAIF masked */
    msr     spsr_el1, x2
    eret
    .size el1_eret_to_el0, . - el1_eret_to_el0

/* uint64_t hv_run_guest(const struct trap_frame *entry)
 * Save what the AAPCS64 says a callee must preserve, remember SP, then build a trap frame
 * from `entry` on the stack and leave through the common EL2 exception return (vectors.S),
 * exactly as if returning from a trap. hv_guest_exit() comes back here. */
    .global hv_run_guest
    .type hv_run_guest, %function
hv_run_guest:
    stp     x29, x30, [sp, #-HOST_SAVE]!
    stp     x19, x20, [sp, #16]
    stp     x21, x22, [sp, #32]
    stp     x23, x24, [sp, #48]
    stp     x25, x26, [sp, #64]
    stp     x27, x28, [sp, #80]
    mov     x9, sp
    adrp    x10, hv_host_sp
    str     x9, [x10, :lo12:hv_host_sp]
    sub     sp, sp, #FRAME_SIZE
    mov     x9, sp
    mov     x12, #(FRAME_SIZE / 16)
1:  ldp     x10, x11, [x0], #16
    stp     x10, x11, [x9], #16
    subs    x12, x12, #1
    b.ne    1b
    b       el2_return
    .size hv_run_guest, . - hv_run_guest

/* void hv_guest_exit(uint64_t code): longjmp back into hv_run_guest's caller. The trap frame
 * (and, in scenario 1, the whole VMM B stack) is simply abandoned. */
    .global hv_guest_exit
    .type hv_guest_exit, %function
hv_guest_exit:
    adrp    x10, hv_host_sp
    ldr     x9, [x10, :lo12:hv_host_sp]
    mov     sp, x9
    ldp     x19, x20, [sp, #16]
    ldp     x21, x22, [sp, #32]
    ldp     x23, x24, [sp, #48]
    ldp     x25, x26, [sp, #64]
    ldp     x27, x28, [sp, #80]
    ldp     x29, x30, [sp], #HOST_SAVE
    ret
    .size hv_guest_exit, . - hv_guest_exit
