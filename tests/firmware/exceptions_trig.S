/* SPDX-License-Identifier: MIT */
/* Exception triggers for the `exceptions` program (the architectural behaviour that QEMU
 * models too); each runs at the EL that exceptions.c calls it from. */
#include "lib/trig.h"

/* Calls, with X0 = 0 so that no PSCI function ID reaches a firmware-less PSCI-over-SMC
 * implementation (QEMU's, when there is no -bios). */
.macro trig_call name, nzcv, insn:vararg
    trig_begin \name, \nzcv
    mov     x0, #0
    trig_fault \name
    \insn
    trig_end \name
.endm
trig_call svc, 0x9, svc #0x1234
trig_call hvc, 0x6, hvc #0x5678
trig_call smc, 0x3, smc #0x9abc
trig_simple udf, 0x8, udf #0
trig_simple brk, 0x4, brk #0x42
trig_simple eret_el0, 0x0, eret
trig_simple wfi, 0x1, wfi

/* MSR to SCTLR_EL1 (trapped by HCR_EL2.TVM); writes back the same value if not trapped. */
trig_begin msr_sctlr, 0x2
    mrs     x11, sctlr_el1
    trig_fault msr_sctlr
    msr     sctlr_el1, x11
    trig_end msr_sctlr

/* Register accesses that are UNDEFINED from the current EL. */
trig_simple mrs_scr_el3, 0x5, mrs x12, scr_el3
trig_simple mrs_hcr_el2, 0x5, mrs x13, hcr_el2
trig_simple mrs_sctlr_el1, 0x5, mrs x14, sctlr_el1

/* Loads and stores to an address with nothing behind it on the virt board (between the
 * virtio-mmio transports and the platform bus): synchronous external abort. */
trig_begin dabt_load, 0x2
    mov     x9, #0x0b000000
    trig_fault dabt_load
    ldr     x0, [x9]
    trig_end dabt_load

trig_begin dabt_store, 0xa
    mov     x9, #0x0b000000
    trig_fault dabt_store
    str     w10, [x9, #8]
    trig_end dabt_store

/* Branch to an address with bit 1 set: PC alignment fault on the next fetch. */
trig_begin pcalign, 0x4
    adr     x9, trig_pcalign_resume
    orr     x9, x9, #2
    trig_fault pcalign
    br      x9
    trig_end pcalign

/* ERET at EL1 with SPSR_EL1.M = EL2h: an illegal exception return, which sets PSTATE.IL and
 * continues at ELR_EL1, where the next instruction takes an Illegal Execution State exception. */
trig_begin illegal_eret, 0xf
    adr     x9, 1f
    msr     elr_el1, x9
    mov     x9, #0x3c9
    msr     spsr_el1, x9
    trig_fault illegal_eret
    eret
1:  nop
    trig_end illegal_eret
