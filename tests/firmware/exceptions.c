/* SPDX-License-Identifier: MIT */
/* Synchronous exceptions at every EL: calls (SVC/HVC/SMC), UNDEFINED, BRK, EL2 traps (TVM,
 * TWI, TSC), external data aborts, PC alignment and an illegal exception return, with their
 * ESR/ELR/SPSR/FAR printed. Expected output recorded on QEMU. */
#include "lib/trig_c.h"

TRIG_DECL(svc);
TRIG_DECL(hvc);
TRIG_DECL(smc);
TRIG_DECL(udf);
TRIG_DECL(brk);
TRIG_DECL(eret_el0);
TRIG_DECL(wfi);
TRIG_DECL(msr_sctlr);
TRIG_DECL(mrs_scr_el3);
TRIG_DECL(mrs_hcr_el2);
TRIG_DECL(mrs_sctlr_el1);
TRIG_DECL(dabt_load);
TRIG_DECL(dabt_store);
TRIG_DECL(pcalign);
TRIG_DECL(illegal_eret);

#define HCR_RW (1ul << 31)
#define HCR_TVM (1ul << 26)
#define HCR_TSC (1ul << 19)
#define HCR_TWI (1ul << 13)

static uint64_t el0_tests(uint64_t arg)
{
    rt_puts("== EL0 ==\n");
    TRIG_RUN(svc);          /* EC 0x15 to EL1 */
    TRIG_RUN(udf);
    TRIG_RUN(brk);
    TRIG_RUN(hvc);          /* UNDEFINED at EL0 */
    TRIG_RUN(smc);          /* UNDEFINED at EL0 */
    TRIG_RUN(eret_el0);     /* UNDEFINED at EL0 */
    TRIG_RUN(mrs_sctlr_el1);
    TRIG_RUN(dabt_load);    /* EC 0x24: data abort from a lower EL */
    TRIG_RUN(pcalign);
    return arg + 1;
}

static uint64_t el1_tests(uint64_t arg)
{
    rt_puts("== EL1 ==\n");
    TRIG_RUN(hvc);          /* EC 0x16 to EL2 */
    TRIG_RUN(smc);          /* EC 0x17 to EL3 */
    TRIG_RUN(svc);          /* to EL1 itself */
    TRIG_RUN(udf);
    TRIG_RUN(brk);
    TRIG_RUN(mrs_hcr_el2);
    TRIG_RUN(dabt_load);    /* EC 0x25, FAR = 0x0b000000 */
    TRIG_RUN(dabt_store);
    TRIG_RUN(pcalign);
    TRIG_RUN(illegal_eret); /* EC 0x0e */
    uint64_t r = rt_call_lower(el0_tests, arg + 1, RT_SPSR_EL0T);
    rt_printf("back at EL%u from EL0: %lx\n", rt_current_el(), r);
    return r + 1;
}

static uint64_t el1_tvm(uint64_t arg)
{
    TRIG_RUN(msr_sctlr);    /* EC 0x18 to EL2 */
    return arg;
}

static uint64_t el1_twi(uint64_t arg)
{
    TRIG_RUN(wfi);          /* EC 0x01 to EL2 */
    return arg;
}

static uint64_t el1_tsc(uint64_t arg)
{
    TRIG_RUN(smc);          /* EC 0x17 to EL2, ELR = the SMC itself */
    return arg;
}

static uint64_t el2_tests(uint64_t arg)
{
    rt_puts("== EL2 ==\n");
    TRIG_RUN(smc);          /* EC 0x17 to EL3 */
    TRIG_RUN(hvc);          /* to EL2 itself */
    TRIG_RUN(svc);
    TRIG_RUN(udf);
    TRIG_RUN(brk);
    TRIG_RUN(mrs_scr_el3);
    /* No external abort here: QEMU 7.2 reports ISV = 1 for it (see exceptions_arch). */

    rt_puts("== EL1 with EL2 traps ==\n");
    RT_WRITE_SYSREG(hcr_el2, HCR_RW | HCR_TVM);
    rt_call_lower(el1_tvm, 0, RT_SPSR_EL1H);
    RT_WRITE_SYSREG(hcr_el2, HCR_RW | HCR_TWI);
    rt_call_lower(el1_twi, 0, RT_SPSR_EL1H);
    RT_WRITE_SYSREG(hcr_el2, HCR_RW | HCR_TSC);
    rt_call_lower(el1_tsc, 0, RT_SPSR_EL1H);
    RT_WRITE_SYSREG(hcr_el2, HCR_RW);

    uint64_t r = rt_call_lower(el1_tests, arg + 1, RT_SPSR_EL1H);
    rt_printf("back at EL%u from EL1: %lx\n", rt_current_el(), r);
    return r + 1;
}

int main(void)
{
    rt_puts("exceptions: start\n");
    rt_setup_els();
    trig_install();
    rt_puts("== EL3 ==\n");
    TRIG_RUN(svc);
    TRIG_RUN(smc);
    TRIG_RUN(udf);
    TRIG_RUN(brk);
    TRIG_RUN(dabt_store);
    TRIG_RUN(pcalign);
    uint64_t r = rt_call_lower(el2_tests, 0x100, RT_SPSR_EL2H);
    rt_printf("back at EL%u from EL2: %lx\n", rt_current_el(), r);
    rt_printf("exceptions: done, %d failures\n", trig_failures);
    return trig_failures != 0;
}
