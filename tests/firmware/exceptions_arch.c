/* SPDX-License-Identifier: MIT */
/* Tetrarch-only exception checks: architectural behaviour that QEMU 7.2 gets wrong, so
 * the expected output is written from the Arm ARM (see docs/testing.md, "QEMU divergences"). */
#include "lib/trig_c.h"

TRIG_DECL(hvc);
TRIG_DECL(sp_align);
TRIG_DECL(unaligned_ldr);
TRIG_DECL(unaligned_str);
TRIG_DECL(dabt_el2);
TRIG_DECL(daifset_el0);
TRIG_DECL(daifclr_el0);

#define SCTLR_SA0 (1ul << 4)

static uint64_t el0_tests(uint64_t arg)
{
    rt_puts("== EL0 ==\n");
    TRIG_RUN(sp_align);     /* EC 0x26 to EL1 */
    TRIG_RUN(unaligned_ldr);
    TRIG_RUN(daifset_el0);  /* EC 0x18 to EL1 (SCTLR_EL1.UMA = 0) */
    TRIG_RUN(daifclr_el0);
    return arg;
}

static uint64_t el1_tests(uint64_t arg)
{
    rt_puts("== EL1 ==\n");
    TRIG_RUN(unaligned_ldr); /* EC 0x25, DFSC 0x21 */
    TRIG_RUN(unaligned_str);
    RT_WRITE_SYSREG(sctlr_el1, RT_READ_SYSREG(sctlr_el1) | SCTLR_SA0);
    rt_call_lower(el0_tests, 0, RT_SPSR_EL0T);
    RT_WRITE_SYSREG(sctlr_el1, RT_READ_SYSREG(sctlr_el1) & ~SCTLR_SA0);
    return arg;
}

static uint64_t el2_tests(uint64_t arg)
{
    rt_puts("== EL2 ==\n");
    TRIG_RUN(dabt_el2);     /* EC 0x25, ISV = 0 */
    return arg;
}

int main(void)
{
    rt_puts("exceptions_arch: start\n");
    rt_setup_els();
    trig_install();
    rt_puts("== EL3 ==\n");
#ifndef PROBE_ON_QEMU /* -DPROBE_ON_QEMU skips the one case that derails the rest on QEMU */
    TRIG_RUN(hvc);          /* EC 0x16 to EL3 */
#endif
    rt_call_lower(el2_tests, 0, RT_SPSR_EL2H);
    rt_call_lower(el1_tests, 0, RT_SPSR_EL1H);
    rt_printf("exceptions_arch: done, %d failures\n", trig_failures);
    return trig_failures != 0;
}
