/* SPDX-License-Identifier: MIT */
/* --strict-icache test program: at EL1 with the MMU and caches on, runs a two-instruction function in a writable page, overwrites its first instruction with a data store and runs it again; built without maintenance (icache_forgot.elf) and with DC CVAU; DSB ISH; IC IVAU; DSB ISH; ISB (icache_clean.elf) or with IC IALLU (icache_iallu.elf). Prints which instruction ran. */
#include "mmu_common.h"

#define RAM_BASE 0x40000000ul
#define RAM_SIZE 0x01000000ul
#define UART_PA 0x09000000ul

#define MOVZ_X0(imm) (0xd2800000u | ((uint32_t)(imm) << 5))   /* MOVZ X0, #imm */
#define RET 0xd65f03c0u

static uint8_t pool[256 << 10] __attribute__((aligned(4096)));
static volatile uint32_t code[1024] __attribute__((aligned(4096)));

static uint64_t call_code(void)
{
    return ((uint64_t (*)(void))(uintptr_t)code)();
}

static uint64_t el1_main(uint64_t arg)
{
    uint64_t first = call_code();  /* decoded (and cached) as MOVZ X0, #1 */
    code[0] = MOVZ_X0(2);
#if defined(CLEAN)
    __asm__ volatile("dc cvau, %0\n\tdsb ish\n\tic ivau, %0\n\tdsb ish\n\tisb" :: "r"(code) : "memory");
#elif defined(CLEAN_IALLU)
    __asm__ volatile("dc cvau, %0\n\tdsb ish\n\tic iallu\n\tdsb ish\n\tisb" :: "r"(code) : "memory");
#else
    /* The mistake under test: new code written, no cache maintenance (only the ISB). */
    __asm__ volatile("dsb ish\n\tisb" ::: "memory");
#endif
    uint64_t second = call_code();
    rt_printf("first call: %s\n", first == 1 ? "old instruction" : "?");
    rt_printf("second call: %s\n", second == 2 ? "new instruction" : second == 1 ? "old instruction" : "?");
    return arg;
}

int main(void)
{
    rt_setup_els();
    /* The function, written while the MMU is off; no instruction has been fetched from it. */
    code[0] = MOVZ_X0(1);
    code[1] = RET;
    struct mt t;
    mt_pool_init(pool, sizeof(pool));
    mt_init_s1(&t, 12, 39);
    /* Identity map: RAM Normal write-back, read/write/execute at EL1 (WXN off); the UART. */
    mt_map_range(&t, RAM_BASE, RAM_BASE, RAM_SIZE, D_AF | D_AP(AP_RW_EL1) | D_ATTR(ATTR_WB) | D_SH(3));
    mt_map(&t, UART_PA, UART_PA, 3, D_AF | D_AP(AP_RW_EL1) | D_UXN | D_PXN | D_ATTR(ATTR_DEV));
    RT_WRITE_SYSREG(tcr_el1, TCR_T0SZ(25) | TCR_WALK0 | TCR_TG0(12) | TCR_EPD1 | TCR_IPS(PS_40));
    RT_WRITE_SYSREG(mair_el1, MAIR_VALUE);
    RT_WRITE_SYSREG(ttbr0_el1, t.root);
    tlbi_all_el3();
    __asm__ volatile("ic iallu\n\tdsb sy\n\tisb" ::: "memory");
    RT_WRITE_SYSREG(sctlr_el1, SCTLR_EL1_BASE | SCTLR_M | SCTLR_C | SCTLR_I);
    rt_call_lower(el1_main, 0, RT_SPSR_EL1H);
    rt_puts("done\n");
    return 0;
}
