// SPDX-License-Identifier: MIT
// The gdb protocol tests' long-running guest: core 0 counts x1 down from 2^40 (practically
// forever, until gdb writes a small x1) and exits through semihosting with status 7; other
// cores sleep. Lets a test attach to a running guest and interrupt it.
    .text
    .global _start
_start:
    mrs     x0, mpidr_el1
    and     x0, x0, #0xff
    cbnz    x0, park
    mov     x1, #(1 << 40)
    .global spin
spin:
    subs    x1, x1, #1
    b.ne    spin
    adr     x1, exit_block
    mov     w0, #0x18
    hlt     #0xf000
park:
    wfi
    b       park

    .balign 8
exit_block:
    .quad   0x20026, 7
