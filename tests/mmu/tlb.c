/* SPDX-License-Identifier: MIT */
/* --check-tlb test program: at EL1, reads a page through a mapping, re-points the mapping to another page and reads again; built without the TLBI (tlb_forgot.elf, a stale TLB hit) and with DSB ISHST; TLBI VAE1IS; DSB ISH; ISB (tlb_clean.elf). */
#include "mmu_common.h"

#define RAM_BASE 0x40000000ul
#define RAM_SIZE 0x01000000ul
#define UART_PA 0x09000000ul
#define TEST_VA 0x1000000000ul
#define ASID 5ul

static uint8_t pool[256 << 10] __attribute__((aligned(4096)));
static uint64_t page_old[512] __attribute__((aligned(4096)));
static uint64_t page_new[512] __attribute__((aligned(4096)));
static volatile uint64_t *test_desc;  /* the level-3 descriptor of TEST_VA */

static uint64_t el1_main(uint64_t arg)
{
    volatile uint64_t *p = (volatile uint64_t *)TEST_VA;
    uint64_t first = *p;  /* fills the TLB */
    uint64_t desc = *test_desc;
    *test_desc = (desc & ~0xfffffffff000ul) | (uint64_t)page_new;
#ifdef CLEAN
    __asm__ volatile("dsb ishst\n\ttlbi vae1is, %0\n\tdsb ish\n\tisb"
                     :: "r"((TEST_VA >> 12) | (ASID << 48)) : "memory");
#else
    /* The mistake under test: the descriptor changed, the TLB was not told. */
    __asm__ volatile("dsb ish\n\tisb" ::: "memory");
#endif
    uint64_t second = *p;
    rt_printf("first read: %s\n", first == page_old[0] ? "old page" : "?");
    rt_printf("second read: %s\n", second == page_new[0] ? "new page" : second == page_old[0] ? "old page" : "?");
    return arg;
}

int main(void)
{
    rt_setup_els();
    for (int i = 0; i < 512; i++) {
        page_old[i] = 0x01d0000000000000ul | (uint64_t)i;
        page_new[i] = 0x0e30000000000000ul | (uint64_t)i;
    }
    struct mt t;
    mt_pool_init(pool, sizeof(pool));
    mt_init_s1(&t, 12, 39);
    /* Identity map, all of RAM read/write/execute at EL1 (WXN off), and the UART. */
    mt_map_range(&t, RAM_BASE, RAM_BASE, RAM_SIZE, D_AF | D_AP(AP_RW_EL1) | D_ATTR(ATTR_WB) | D_SH(3));
    mt_map(&t, UART_PA, UART_PA, 3, D_AF | D_AP(AP_RW_EL1) | D_UXN | D_PXN | D_ATTR(ATTR_DEV));
    mt_map(&t, TEST_VA, (uint64_t)page_old, 3, D_AF | D_NG | D_AP(AP_RW_EL1) | D_ATTR(ATTR_WB) | D_SH(3));
    test_desc = mt_slot(&t, TEST_VA, 3, 0);
    RT_WRITE_SYSREG(tcr_el1, TCR_T0SZ(25) | TCR_WALK0 | TCR_TG0(12) | TCR_EPD1 | TCR_IPS(PS_40));
    RT_WRITE_SYSREG(mair_el1, MAIR_VALUE);
    RT_WRITE_SYSREG(ttbr0_el1, t.root | (ASID << 48));
    tlbi_all_el3();
    RT_WRITE_SYSREG(sctlr_el1, SCTLR_EL1_BASE | SCTLR_M | SCTLR_C | SCTLR_I);
    rt_call_lower(el1_main, 0, RT_SPSR_EL1H);
    rt_puts("done\n");
    return 0;
}
