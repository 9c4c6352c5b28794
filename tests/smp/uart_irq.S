// SPDX-License-Identifier: MIT
// An interrupt-driven console read: the PL011 receive interrupt (INTID 33) as Group 0, taken as
// an FIQ at EL3 (SCR_EL3.FIQ); the core sleeps in WFI until a character arrives from stdin,
// prints "got <c>" and exits through semihosting.
    .equ GICD, 0x08000000
    .equ GICR, 0x080A0000
    .equ UART, 0x09000000

    .global _start
_start:
    ldr     x0, =vectors
    msr     vbar_el3, x0
    mrs     x0, scr_el3
    orr     x0, x0, #4                  // SCR_EL3.FIQ: FIQs to EL3
    msr     scr_el3, x0
    ldr     x1, =GICD
    mov     w0, #0x11                   // ARE_S | EnableGrp0
    str     w0, [x1]
    mov     w0, #2                      // INTID 33: ISENABLER1 bit 1 (group 0 by default)
    str     w0, [x1, #0x104]
    ldr     x1, =GICR
    str     wzr, [x1, #0x14]            // WAKER: ProcessorSleep = 0
    mov     x0, #0xf
    msr     icc_sre_el3, x0
    isb
    mov     x0, #0xff
    msr     icc_pmr_el1, x0
    mov     x0, #1
    msr     icc_igrpen0_el1, x0
    ldr     x1, =UART
    mov     w0, #0x50                   // IMSC: RXIM | RTIM
    str     w0, [x1, #0x38]
    mov     w0, #0x301                  // CR: UARTEN | TXE | RXE
    str     w0, [x1, #0x30]
    msr     daifclr, #1                 // unmask FIQ
1:  wfi
    b       1b

fiq:
    mrs     x2, icc_iar0_el1
    ldr     x1, =UART
    ldr     w3, [x1]                    // the received character
    adr     x4, msg
2:  ldrb    w5, [x4], #1
    cbz     w5, 3f
    strb    w5, [x1]
    b       2b
3:  strb    w3, [x1]
    mov     w5, #'\n'
    strb    w5, [x1]
    msr     icc_eoir0_el1, x2
    adr     x1, exit_block
    mov     w0, #0x18
    hlt     #0xf000

msg: .asciz "got "
    .align 3
exit_block: .quad 0x20026, 0

    .align 11
vectors:
    .space 0x300
    b       fiq
