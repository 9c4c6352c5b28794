// SPDX-License-Identifier: MIT
// Every core adds 1 to a shared counter 20000 times with LDAXR/STLXR (the global exclusive
// monitor must make the sum exact), then counts itself done and sends an event; core 0 waits
// with WFE for all NCPU cores and prints the counter, then exits through semihosting.
    .equ NCPU, 4
    .equ ITER, 20000
    .equ UART, 0x09000000

    .global _start
_start:
    mrs     x19, mpidr_el1
    and     x19, x19, #0xff             // core number
    ldr     x1, =counter
    ldr     x2, =ITER
1:  ldaxr   x3, [x1]
    add     x3, x3, #1
    stlxr   w4, x3, [x1]
    cbnz    w4, 1b
    subs    x2, x2, #1
    b.ne    1b
    ldr     x5, =done
2:  ldaxr   x6, [x5]
    add     x6, x6, #1
    stlxr   w7, x6, [x5]
    cbnz    w7, 2b
    sev
    cbnz    x19, park
3:  ldr     x6, [x5]                    // core 0: wait for every core
    cmp     x6, #NCPU
    b.eq    4f
    wfe
    b       3b
4:  ldr     x0, [x1]                    // print the counter in hex
    ldr     x8, =UART
    mov     x9, #60
5:  lsr     x10, x0, x9
    and     x10, x10, #0xf
    cmp     x10, #10
    add     x11, x10, #'0'
    add     x12, x10, #('a' - 10)
    csel    x10, x11, x12, lo
    strb    w10, [x8]
    subs    x9, x9, #4
    b.pl    5b
    mov     w10, #'\n'
    strb    w10, [x8]
    adr     x1, exit_block
    mov     w0, #0x18
    hlt     #0xf000
park:
    wfi
    b       park

    .align 3
exit_block:
    .quad   0x20026, 0
    .data
    .align 6
counter: .quad 0
    .align 6
done:    .quad 0
