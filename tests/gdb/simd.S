// SPDX-License-Identifier: MIT
// The gdb tests' SIMD&FP guest: loads V0-V3 from memory, stops at simd_bp for gdb to read and
// change them, then stores V2 and V3 back and exits through semihosting with status 0 when
// they hold what the test wrote with gdb (1: V2 differs, 2: V3 differs). Runs at EL3, where
// no CPACR/CPTR bit traps FP/SIMD after reset.
    .text
    .global _start
_start:
    mrs     x0, mpidr_el1
    and     x0, x0, #0xff
    cbnz    x0, park
    adr     x1, vdata
    ldr     q0, [x1]
    ldr     d1, [x1, #16]
    ldr     s2, [x1, #24]
    ldr     q3, [x1, #32]
    .global simd_bp
simd_bp:
    nop
    adr     x1, vout
    stp     q2, q3, [x1]
    ldp     x2, x3, [x1]
    ldp     x4, x5, [x1, #16]
    ldr     x6, =0x1122334455667788
    ldr     x7, =0x99aabbccddeeff00
    mov     x0, #1
    cmp     x2, x6
    ccmp    x3, x7, #0, eq
    b.ne    exit
    mov     x0, #2
    cmp     x4, #5
    ccmp    x5, #0, #0, eq
    b.ne    exit
    mov     x0, #0
exit:
    adr     x1, exit_block
    str     x0, [x1, #8]
    mov     w0, #0x18
    hlt     #0xf000
park:
    wfi
    b       park
    .ltorg

    .balign 16
vdata:
    .quad   0x0706050403020100, 0x0f0e0d0c0b0a0908   // v0
    .quad   0x3ff8000000000000                       // d1: 1.5
    .word   0x40490fdb, 0                            // s2: 3.14159274
    .quad   0xfedcba9876543210, 0x0123456789abcdef   // v3
vout:
    .quad   0, 0, 0, 0
exit_block:
    .quad   0x20026, 0
