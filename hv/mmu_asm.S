/* SPDX-License-Identifier: MIT */
/* Code that must run while translation changes under it (scenario 5's address-space switch,
 * scenario 6's move of EL2 to its upper alias) and code that runs somewhere other than where
 * it was linked (scenario 6's EL0 program, scenario 7's lazily loaded page). */

/* ---- Scenario 5 (remap): boot loader A -> C -> B ----
 * void remap_switch(ttbr_c x0, ttbr_b x1, delta x2, cont x3, pcs x4)
 * Alone at the start of its own page: address space C maps just this page, at its A address
 * and at its B address (A + delta). From the first MSR on, no load or store may happen until
 * TTBR0_EL1 holds B (C maps no data, no stack, no UART), so the PCs stay in registers.
 * Each space has its own ASID (carried in TTBR0_EL1[63:48], TCR_EL1.A1 = 0) and all of their
 * mappings are non-global, so no TLB entry of one space can be used in another and the
 * switches need no TLBI (Arm ARM, "Use of ASIDs"); the ISB after each MSR makes the new
 * TTBR0_EL1 apply to the following instruction fetches (Arm ARM, "Synchronization
 * requirements for AArch64 System registers"). */
    .section .text.remap, "ax"
    .balign 4096
    .global remap_text_start
remap_text_start:
    .global remap_switch
    .type remap_switch, %function
remap_switch:
    adr     x5, remap_switch        /* PC in address space A (identity) */
    msr     ttbr0_el1, x0           /* -> address space C: this page is mapped in C too */
    isb
1:  adr     x6, 1b                  /* PC in C, still at the A address */
    adr     x9, 2f
    add     x9, x9, x2
    br      x9                      /* jump to the B alias of the same code, in C */
2:  adr     x7, 2b                  /* PC in C, at the B address */
    msr     ttbr0_el1, x1           /* -> address space B: the A addresses are gone */
    isb
3:  adr     x8, 3b                  /* PC in B */
    add     sp, sp, x2              /* the stack's B alias (B maps the whole image) */
    add     x4, x4, x2
    stp     x5, x6, [x4]
    stp     x7, x8, [x4, #16]
    add     x3, x3, x2              /* cont's B alias */
    mov     x0, x4
    mov     x30, xzr                /* no way back: A is not mapped any more */
    br      x3
    .size remap_switch, . - remap_switch
    .global remap_text_end
remap_text_end:
    .balign 4096

/* ---- Scenario 6 (vhe-widths): EL2 in its upper range ----
 * uint64_t vhe_call_high(sctlr x0, delta x1, fn x2, arg x3)
 * HCR_EL2.E2H = 1 and the EL2&0 tables are loaded: the identity alias of this code is mapped
 * in the lower range (kernel only), the upper alias at identity + delta through TTBR1_EL2. */
    .text
    .global vhe_call_high
    .type vhe_call_high, %function
vhe_call_high:
    stp     x29, x30, [sp, #-32]!
    stp     x19, x20, [sp, #16]
    mov     x19, x1                 /* delta */
    mrs     x20, vbar_el2           /* VBAR_EL2 at the identity alias */
    msr     sctlr_el2, x0           /* EL2&0 stage 1 on; the next fetch is through the identity alias */
    isb
    adr     x9, 1f
    add     x9, x9, x19
    br      x9
1:  add     sp, sp, x19             /* from here on only upper-range addresses are used */
    add     x9, x20, x19
    msr     vbar_el2, x9
    isb
    add     x2, x2, x19
    mov     x0, x3
    blr     x2                      /* fn(arg), returns to its upper-alias caller (here) */
    msr     vbar_el2, x20
    sub     sp, sp, x19
    adr     x9, 2f
    sub     x9, x9, x19
    br      x9
2:  mrs     x9, sctlr_el2           /* back at the identity alias: EL2's MMU off */
    bic     x9, x9, #1
    msr     sctlr_el2, x9
    isb
    ldp     x19, x20, [sp, #16]
    ldp     x29, x30, [sp], #32
    ret
    .size vhe_call_high, . - vhe_call_high

/* ---- Scenario 6: the EL0 program ----
 * Runs at EL0 in the EL2&0 regime's lower (39-bit) range, where only this page, its data page
 * and its stack page are EL0-accessible. Entered with x0 = its data page, x1 = an address
 * beyond the 39-bit range. SVC ABI: #0 exit (x0 = status: bit 0 the kernel's answer was
 * wrong, bit 1 the out-of-range load was not emulated), #1 hello (x0 = PC, x1 = SP),
 * #2 "read my page" (x0 = VA of a doubleword; the kernel stores its complement at x0 + 8). */
    .section .text.vhe_user, "ax"
    .balign 4096
    .global vhe_user_start
vhe_user_start:
    .global vhe_user_main
vhe_user_main:
    mov     x19, x0
    mov     x20, x1
    adr     x0, vhe_user_main
    mov     x1, sp
    svc     #1
    ldr     x1, 9f
    str     x1, [x19]
    mov     x0, x19
    svc     #2
    ldr     x1, 9f
    mvn     x1, x1
    ldr     x2, [x19, #8]
    cmp     x2, x1
    cset    x21, ne
    ldr     x4, [x20]               /* beyond T0SZ's range: translation fault to EL2 (TGE) */
    mov     x5, #0xfa17
    cmp     x4, x5
    cset    x6, ne
    orr     x21, x21, x6, lsl #1
    mov     x0, x21
    svc     #0
8:  b       8b
    .balign 8
9:  .quad   0x0123456789abcdef
    .global vhe_user_end
vhe_user_end:
    .balign 4096                    /* nothing else shares the page EL0 can see */

/* ---- Scenario 7 (lazy-cmo): the code the hypervisor loads on the first fetch ----
 * uint64_t lazy_fn(uint64_t x) { return 2 * x + 1; }, position independent. */
    .section .rodata.lazy, "a"
    .balign 4
    .global lazy_code_start
lazy_code_start:
    add     x0, x0, x0
    add     x0, x0, #1
    ret
    .global lazy_code_end
lazy_code_end:
