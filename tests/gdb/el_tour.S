// SPDX-License-Identifier: MIT
// The gdb tests' guest: core 0 starts at EL3, ERETs to EL2 (HVC to itself, SMC to EL3), builds
// stage-2 and EL1 stage-1 tables, ERETs to EL1 (SVC, HVC to EL2, an MRS that HCR_EL2.TID3
// traps), remaps a page by writing its last-level entry, writes a data word, and exits through
// semihosting with status 42 + the number of trapped MRS (99: the remapped page read wrong).
// Other cores count in a loop at EL3. Labels (one per address) mark what the tests break, step and watch at.
    .equ S2_L1,   0x40100000        // stage 2: level 1, 1 GiB blocks (32-bit IPA)
    .equ S1_L1,   0x40101000        // EL1 stage 1: 39-bit VA, level 1
    .equ S1_L2,   0x40102000
    .equ S1_L3,   0x40103000        // 4K pages for 0x40000000-0x401fffff
    .equ DATA_PAGE, 0x40104000
    .equ ALIAS_VA, 0x401ff000       // the last page of S1_L3, remapped to DATA_PAGE
    .equ MAGIC,   0x5a5a00005a5a1234

    .text
    .global _start
_start:
    mrs     x0, mpidr_el1
    and     x0, x0, #0xff
    cbnz    x0, secondary
    adr     x0, vectors_el3
    msr     vbar_el3, x0
    mov     x0, #(1 << 0) | (1 << 8) | (1 << 10)   // SCR_EL3: NS, HCE, RW
    msr     scr_el3, x0
    isb
    .global el3_bp
el3_bp:
    nop
    adr     x0, el2_entry
    msr     elr_el3, x0
    mov     x0, #0x3c9                  // EL2h, DAIF masked
    msr     spsr_el3, x0
    .global el3_eret
el3_eret:
    eret

    .global el2_entry
el2_entry:
    nop
    adr     x0, vectors_el2
    msr     vbar_el2, x0
    mov     x0, #(1 << 31)              // HCR_EL2.RW
    msr     hcr_el2, x0
    isb
    .global el2_hvc
el2_hvc:
    hvc     #0x11                       // to EL2 itself: vector +0x200
    .global el2_smc
el2_smc:
    smc     #0x22                       // to EL3: vector +0x400
    .global el2_after_smc
el2_after_smc:
    // Stage 2: IPA 0-1G Device, 1G-2G Normal read/write, identity.
    ldr     x0, =S2_L1
    mov     x1, #0x4c1                  // AF, S2AP RW, Device-nGnRnE, block
    str     x1, [x0]
    ldr     x1, =0x40000000 | 0x7fd     // AF, inner shareable, S2AP RW, Normal WB, block
    str     x1, [x0, #8]
    // Stage 1: 0-1G Device block; 1G-2G through L2 and L3 pages (identity).
    ldr     x0, =S1_L1
    mov     x1, #0x401                  // AF, AttrIndx 0 (Device), block
    str     x1, [x0]
    ldr     x1, =S1_L2 | 3
    str     x1, [x0, #8]
    ldr     x0, =S1_L2
    ldr     x1, =S1_L3 | 3
    str     x1, [x0]
    ldr     x0, =S1_L3
    ldr     x1, =0x40000000 | 0x707     // AF, inner shareable, AttrIndx 1 (Normal), page
    mov     x2, #512
1:  str     x1, [x0], #8
    add     x1, x1, #0x1000
    subs    x2, x2, #1
    b.ne    1b
    // Translation controls.
    ldr     x0, =(32 << 0) | (1 << 6) | (1 << 8) | (1 << 10) | (3 << 12) | (1 << 31)
    msr     vtcr_el2, x0                // T0SZ 32, SL0 level 1, WB, inner shareable, 4K, PS 32 bits
    ldr     x0, =S2_L1 | (1 << 48)      // VMID 1
    msr     vttbr_el2, x0
    ldr     x0, =0xff00                 // MAIR_EL1: attr0 Device-nGnRnE, attr1 Normal WB
    msr     mair_el1, x0
    ldr     x0, =(25 << 0) | (1 << 8) | (1 << 10) | (3 << 12) | (1 << 23)
    msr     tcr_el1, x0                 // T0SZ 25, WB, inner shareable, 4K, EPD1
    ldr     x0, =S1_L1
    msr     ttbr0_el1, x0
    adr     x0, vectors_el1
    msr     vbar_el1, x0
    mov     x0, #(1 << 0) | (1 << 2) | (1 << 12)   // SCTLR_EL1: M, C, I
    msr     sctlr_el1, x0
    ldr     x0, =(1 << 31) | (1 << 0)   // HCR_EL2: RW, VM
    msr     hcr_el2, x0
    isb
    adr     x0, el1_entry
    msr     elr_el2, x0
    mov     x0, #0x3c5                  // EL1h, DAIF masked
    msr     spsr_el2, x0
    .global el2_eret
el2_eret:
    eret

    .global el1_entry
el1_entry:
    nop
    .global el1_svc
el1_svc:
    svc     #0x33                       // to EL1 itself: vector +0x200
    .global el1_hvc
el1_hvc:
    hvc     #0x44                       // to EL2: vector +0x400
    .global el1_mrs
el1_mrs:
    mrs     x3, id_aa64pfr0_el1         // traps to EL2 with HCR_EL2.TID3
    ldr     x0, =S1_L3 + 511 * 8
    ldr     x1, =DATA_PAGE | 0x707
    .global pte_store
pte_store:
    str     x1, [x0]                    // remap ALIAS_VA to DATA_PAGE
    dsb     ish
    ldr     x0, =ALIAS_VA >> 12
    tlbi    vae1, x0
    dsb     ish
    isb
    ldr     x0, =ALIAS_VA
    ldr     x2, [x0]
    .global after_alias
after_alias:
    ldr     x4, =data_word
    mov     x5, #0x77
    .global data_store
data_store:
    str     x5, [x4]
    ldr     x6, =MAGIC
    mov     x0, #99
    cmp     x2, x6
    b.ne    exit
    ldr     x0, =trap_count
    ldr     x0, [x0]
    add     x0, x0, #42
    .global el1_exit
el1_exit:
    b       exit

// exit(x0) through semihosting (SYS_EXIT, ADP_Stopped_ApplicationExit).
exit:
    adr     x1, exit_block
    str     x0, [x1, #8]
    mov     w0, #0x18
    hlt     #0xf000
    b       .

fail:
    mov     x0, #98
    b       exit

    .global spin_forever
spin_forever:
    b       spin_forever

    .global secondary
secondary:
    mov     x20, #0
    .global sec_loop
sec_loop:
    add     x20, x20, #1
    b       sec_loop

// ---- Vectors: 16 entries of 0x80 bytes; unexpected ones fail. ----
    .macro  vector target
    .balign 0x80
    b       \target
    .endm

    .balign 2048
vectors_el3:
    .rept 8
    vector  fail
    .endr
    vector  el3_lower_sync              // +0x400: SMC from EL2
    .rept 7
    vector  fail
    .endr

    .balign 2048
vectors_el2:
    .rept 4
    vector  fail
    .endr
    vector  el2_self_sync               // +0x200: HVC at EL2
    .rept 3
    vector  fail
    .endr
    vector  el2_lower_sync              // +0x400: HVC and traps from EL1
    .rept 7
    vector  fail
    .endr

    .balign 2048
vectors_el1:
    .rept 4
    vector  fail
    .endr
    vector  el1_self_sync               // +0x200: SVC at EL1
    .rept 11
    vector  fail
    .endr

el3_lower_sync:
    eret
el2_self_sync:
    eret
el1_self_sync:
    eret
// EC 0x16 (HVC): return; EC 0x18 (trapped MRS): count it and skip the instruction.
el2_lower_sync:
    mrs     x9, esr_el2
    lsr     x9, x9, #26
    cmp     x9, #0x16
    b.eq    1f
    cmp     x9, #0x18
    b.ne    fail
    adr     x10, trap_count
    ldr     x11, [x10]
    add     x11, x11, #1
    str     x11, [x10]
    mrs     x10, elr_el2
    add     x10, x10, #4
    msr     elr_el2, x10
1:  eret

    .ltorg

    .data
    .balign 8
exit_block:
    .quad   0x20026, 0
    .global trap_count
trap_count:
    .quad   0
    .global data_word
data_word:
    .quad   0

    .section .tables, "aw", %progbits
    .balign 4096
    .space  4 * 4096                    // S2_L1, S1_L1, S1_L2, S1_L3 (filled at run time)
    .quad   0x5a5a00005a5a1234          // DATA_PAGE
    .space  4096 - 8
