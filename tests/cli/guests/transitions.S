/* SPDX-License-Identifier: MIT */
/* Privilege transitions for the trace test: EL3 -> EL2 (eret), SMC back to EL3, eret, HVC at EL2, eret, semihosting exit 0. */
    .global _start
_start:
    adr x0, vec3
    msr vbar_el3, x0
    adr x0, vec2
    msr vbar_el2, x0
    mov x0, #(1 << 0) | (1 << 8) | (1 << 10)   // NS, HCE, RW
    msr scr_el3, x0
    mov x0, #0x3c9                              // EL2h, DAIF masked
    msr spsr_el3, x0
    adr x0, el2_entry
    msr elr_el3, x0
    ldr x0, =0x40090000
    mov sp, x0
    eret
el2_entry:
    ldr x0, =0x40091000
    mov sp, x0
    smc #0x11
    hvc #0x22
    adr x1, exit_block
    mov w0, #0x18
    hlt #0xf000
    b .

    .balign 2048
vec3:
    .skip 0x400
    eret                 // lower EL, sync: return after the SMC
    .balign 2048
vec2:
    .skip 0x200
    mrs x0, elr_el2      // current EL with SPx, sync: return after the HVC
    msr elr_el2, x0
    eret
    .balign 8
exit_block: .quad 0x20026, 0
