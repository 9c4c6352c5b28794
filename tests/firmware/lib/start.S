/* SPDX-License-Identifier: MIT */
/* Start-up code, exception vectors for EL1-EL3 and the lower-EL call primitive of the runtime. */

#include "rt_asm.h"

    .section .text.boot, "ax"
    .global _start
_start:
    /* Entered at EL3 with the MMU off, as QEMU -kernel with secure=on and tetrarch do. */
    ldr     x0, =__stack_el3_top
    mov     sp, x0
    ldr     x0, =__bss_start
    ldr     x1, =__bss_end
1:  cmp     x0, x1
    b.hs    2f
    str     xzr, [x0], #8
    b       1b
2:  adr     x0, rt_vectors_el3
    msr     vbar_el3, x0
    isb
    bl      main
    b       rt_exit

/*
 * Vector tables. Every entry saves x0/x1, loads its index (0-15) and branches to the common
 * code of its EL, which saves the rest of struct rt_frame and calls rt_exception(frame, el,
 * index). A non-zero result means "the lower-EL call has finished": unwind to rt_call_lower's
 * caller instead of returning.
 */
.macro vector_entry el, idx
    .balign 0x80
    sub     sp, sp, #RT_FRAME_SIZE
    stp     x0, x1, [sp]
    mov     x0, #\idx
    b       rt_vector_common_el\el
.endm

.macro vector_table el
    .balign 0x800
    .global rt_vectors_el\el
rt_vectors_el\el:
    vector_entry \el, 0
    vector_entry \el, 1
    vector_entry \el, 2
    vector_entry \el, 3
    vector_entry \el, 4
    vector_entry \el, 5
    vector_entry \el, 6
    vector_entry \el, 7
    vector_entry \el, 8
    vector_entry \el, 9
    vector_entry \el, 10
    vector_entry \el, 11
    vector_entry \el, 12
    vector_entry \el, 13
    vector_entry \el, 14
    vector_entry \el, 15

rt_vector_common_el\el:
    stp     x2, x3, [sp, #16]
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
    mrs     x2, elr_el\el
    stp     x30, x2, [sp, #240]
    mrs     x2, spsr_el\el
    mrs     x3, esr_el\el
    stp     x2, x3, [sp, #256]
    mrs     x2, far_el\el
    str     x2, [sp, #272]
    mov     x2, x0
    mov     x0, sp
    mov     x1, #\el
    bl      rt_exception
    cbnz    x0, 1f
    ldp     x30, x2, [sp, #240]
    msr     elr_el\el, x2
    ldr     x2, [sp, #256]
    msr     spsr_el\el, x2
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
    ldp     x0, x1, [sp]
    add     sp, sp, #RT_FRAME_SIZE
    eret
1:  ldr     x0, [sp]                /* the lower-EL function's result */
    mov     x1, #\el
    b       rt_call_lower_unwind
.endm

    .text
    vector_table 1
    vector_table 2
    vector_table 3

/*
 * uint64_t rt_call_lower(uint64_t (*fn)(uint64_t), uint64_t arg, uint64_t spsr)
 * Runs fn(arg) at the exception level and stack pointer selected by spsr (ERET from the
 * current EL) and returns its result once fn has returned. The lower EL comes back with
 * SVC/HVC/SMC #0xffff, chosen by the caller's EL: EL1 <- EL0 by SVC, EL2 <- EL1 by HVC,
 * EL3 <- EL1/EL2 by SMC.
 */
    .global rt_call_lower
rt_call_lower:
    sub     sp, sp, #96
    stp     x19, x20, [sp]
    stp     x21, x22, [sp, #16]
    stp     x23, x24, [sp, #32]
    stp     x25, x26, [sp, #48]
    stp     x27, x28, [sp, #64]
    stp     x29, x30, [sp, #80]
    mrs     x9, CurrentEL
    lsr     x9, x9, #2
    adrp    x10, rt_saved_sp
    add     x10, x10, :lo12:rt_saved_sp
    mov     x11, sp
    str     x11, [x10, x9, lsl #3]
    mov     x19, x0
    mov     x20, x9
    mov     x0, x1
    adr     x12, rt_lower_trampoline
    cmp     x9, #3
    b.eq    3f
    cmp     x9, #2
    b.eq    2f
    msr     elr_el1, x12
    msr     spsr_el1, x2
    eret
2:  msr     elr_el2, x12
    msr     spsr_el2, x2
    eret
3:  msr     elr_el3, x12
    msr     spsr_el3, x2
    eret

rt_lower_trampoline:
    blr     x19
    cmp     x20, #3
    b.eq    3f
    cmp     x20, #2
    b.eq    2f
    svc     #RT_RETURN_IMM
    b       .
2:  hvc     #RT_RETURN_IMM
    b       .
3:  smc     #RT_RETURN_IMM
    b       .

/* x0 = result, x1 = EL whose rt_call_lower returns. */
rt_call_lower_unwind:
    adrp    x10, rt_saved_sp
    add     x10, x10, :lo12:rt_saved_sp
    ldr     x11, [x10, x1, lsl #3]
    mov     sp, x11
    ldp     x19, x20, [sp]
    ldp     x21, x22, [sp, #16]
    ldp     x23, x24, [sp, #32]
    ldp     x25, x26, [sp, #48]
    ldp     x27, x28, [sp, #64]
    ldp     x29, x30, [sp, #80]
    add     sp, sp, #96
    ret

    .bss
    .balign 8
rt_saved_sp:
    .skip   32
