/* SPDX-License-Identifier: MIT */
/* Entry for io.c: a stack, main(), then SYS_EXIT with main's return value as the subcode. */
    .global _start
_start:
    ldr x0, =stack_top
    mov sp, x0
    bl main
    adr x1, exit_block
    str x0, [x1, #8]
    mov w0, #0x18
    hlt #0xf000
    b .
    .data
    .align 3
exit_block: .quad 0x20026, 0
    .bss
    .align 4
    .space 16384
stack_top:
