// SPDX-License-Identifier: MIT
// A tiny guest for the golden Tarmac test (tests/trace/tiny.tarmac). At EL3: ALU operations,
// a load and a store, SIMD&FP loads (a Q register, and a scalar one that zeroes the rest of
// its V register), a conditional branch that is not taken (IS) and one that is, MSRs, an
// ERET to Secure EL1; at EL1: an SVC taken to EL1 and its ERET, then an SMC to EL3, which
// exits through semihosting. No stack, no MMU.
    .global _start
_start:
    mov     x0, #5
    add     x1, x0, #3              // x1 = 8
    sub     x2, x1, x0              // x2 = 3
    adr     x3, data
    ldr     x4, [x3]                // load 0x1122334455667788
    str     x1, [x3, #8]            // store 8
    ldr     q0, [x3]                // V0 = 0x0000000000000008_1122334455667788
    ldr     s1, [x3, #4]            // V1 = 0x11223344, bits 127:32 zero
    cmp     x2, #3
    b.ne    fail                    // not taken: IS
    cbz     xzr, 1f                 // taken
    b       fail
1:  adr     x5, vectors
    msr     vbar_el3, x5
    msr     vbar_el1, x5
    mov     x6, #0x400              // SCR_EL3.RW: EL1 is AArch64 (and Secure: NS = 0)
    msr     scr_el3, x6
    adr     x6, el1
    msr     elr_el3, x6
    mov     x6, #0x3c5              // EL1h, DAIF masked
    msr     spsr_el3, x6
    eret
el1:
    svc     #0x42                   // to EL1, current EL with SPx: vectors + 0x200
    smc     #0                      // to EL3, lower EL AArch64: vectors + 0x400
fail:
    b       fail

    .balign 16                      // Device memory (MMU off): the Q load must be aligned
data:
    .quad   0x1122334455667788, 0
exit_block:
    .quad   0x20026, 0              // semihosting SYS_EXIT, ADP_Stopped_ApplicationExit

    .balign 2048
vectors:                            // VBAR_EL1 and VBAR_EL3 both point here
    .skip   0x200
    mrs     x7, esr_el1             // +0x200: EL1's SVC
    eret
    .balign 0x400
    adr     x1, exit_block          // +0x400: EL3's SMC
    mov     w0, #0x18
    hlt     #0xf000
