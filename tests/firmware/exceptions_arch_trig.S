/* SPDX-License-Identifier: MIT */
/* Exception triggers for `exceptions_arch`: architectural behaviour that QEMU 7.2 does not
 * model (see docs/testing.md). */
#include "lib/trig.h"

/* HVC at EL3 (SCR_EL3.HCE = 1) is taken to EL3 itself (QEMU 7.2 takes it to EL2). */
trig_begin hvc, 0x6
    mov     x0, #0
    trig_fault hvc
    hvc     #0x5678
    trig_end hvc

/* SP alignment check (SCTLR_ELx.SA/SA0): a load through an SP that is not 16-byte aligned.
 * Run at EL0 so that the handler at EL1 has an aligned SP_EL1. */
trig_begin sp_align, 0xc
    mov     x11, sp
    sub     sp, sp, #8
    trig_fault sp_align
    ldr     x12, [sp]
    .global trig_sp_align_resume
trig_sp_align_resume:                   /* the handler resumes here: restore SP first */
    mov     sp, x11
    ret
    .size trig_sp_align, . - trig_sp_align

/* With the MMU off every data access is to Device memory, where an unaligned access takes
 * an alignment fault (DFSC 0x21) whatever SCTLR_ELx.A says. */
trig_begin unaligned_ldr, 0x0
    adrp    x9, trig_scratch
    add     x9, x9, :lo12:trig_scratch
    trig_fault unaligned_ldr
    ldr     w12, [x9, #2]
    trig_end unaligned_ldr

trig_begin unaligned_str, 0x0
    adrp    x9, trig_scratch
    add     x9, x9, :lo12:trig_scratch
    trig_fault unaligned_str
    str     x12, [x9, #4]
    trig_end unaligned_str


/* A data abort taken to EL2 that is not a stage 2 fault reports no instruction syndrome
 * (ISV = 0, Arm ARM "ISS encoding for an exception from a Data Abort"); QEMU 7.2 reports
 * ISV = 1 with SAS/SRT/SF for every single-register load/store abort taken to EL2. */
trig_begin dabt_el2, 0x2
    mov     x9, #0x0b000000
    trig_fault dabt_el2
    ldrsh   w3, [x9, #6]
    trig_end dabt_el2

/* MSR DAIFSet at EL0 with SCTLR_EL1.UMA = 0 traps to EL1 with EC 0x18 and ISS
 * Op0=0 Op2=6 Op1=3 CRn=4 CRm=imm Rt=31 (QEMU 7.2 swaps Op1 and Op2). */
trig_simple daifset_el0, 0x5, msr daifset, #5
trig_simple daifclr_el0, 0xa, msr daifclr, #0xf
