/* SPDX-License-Identifier: MIT */
/* MMU set-up for the benchmark variants: identity-mapped 4K pages at EL3 (Normal write-back for RAM, Device for the UART), then SCTLR_EL3.M/C/I on. */
#include <stddef.h>
#include <stdint.h>

#define RAM_BASE 0x40000000ul
#define RAM_SIZE (64ul << 20)   /* the image's link region (link.ld) */
#define UART_PA 0x09000000ul

/* 4K granule, T0SZ = 32 (4 GiB of VA): level-1 root, one level-2 table per GiB used, one
 * level-3 table per 2 MiB: 32 for RAM, one for the UART. */
#define L3_TABLES (RAM_SIZE >> 21)
static uint64_t l1[512] __attribute__((aligned(4096)));
static uint64_t l2_ram[512] __attribute__((aligned(4096)));
static uint64_t l2_dev[512] __attribute__((aligned(4096)));
static uint64_t l3_ram[L3_TABLES][512] __attribute__((aligned(4096)));
static uint64_t l3_dev[512] __attribute__((aligned(4096)));

#define DESC_TABLE 3ul
#define DESC_PAGE 3ul
#define ATTR_IDX(i) ((uint64_t)(i) << 2)
#define AP_RW (1ul << 6)       /* AP[2:1] = 01; AP[1] is RES1 at EL3 */
#define SH_INNER (3ul << 8)
#define AF (1ul << 10)
#define XN (1ul << 54)

void bench_mmu_on(void)
{
    l1[RAM_BASE >> 30] = (uint64_t)l2_ram | DESC_TABLE;
    l1[UART_PA >> 30] = (uint64_t)l2_dev | DESC_TABLE;
    for (uint64_t t = 0; t < L3_TABLES; t++) {
        l2_ram[((RAM_BASE >> 21) & 511) + t] = (uint64_t)l3_ram[t] | DESC_TABLE;
        for (uint64_t i = 0; i < 512; i++)
            l3_ram[t][i] = (RAM_BASE + (t << 21) + (i << 12)) | DESC_PAGE | ATTR_IDX(0) | AP_RW | SH_INNER | AF;
    }
    l2_dev[(UART_PA >> 21) & 511] = (uint64_t)l3_dev | DESC_TABLE;
    l3_dev[(UART_PA >> 12) & 511] = UART_PA | DESC_PAGE | ATTR_IDX(1) | AP_RW | AF | XN;

    uint64_t mair = 0xff | (0x00ul << 8);   /* 0: Normal WB RW-allocate, 1: Device-nGnRnE */
    /* TCR_EL3: RES1 bits 31 and 23, T0SZ = 32, walks inner/outer WB WA inner shareable, 4K,
     * PS = 32 bits. */
    uint64_t tcr = (1ul << 31) | (1ul << 23) | 32 | (1ul << 8) | (1ul << 10) | (3ul << 12);
    __asm__ volatile("msr mair_el3, %0\n\tmsr tcr_el3, %1\n\tmsr ttbr0_el3, %2\n\t"
                     "dsb sy\n\ttlbi alle3\n\tic iallu\n\tdsb sy\n\tisb"
                     :: "r"(mair), "r"(tcr), "r"((uint64_t)l1) : "memory");
    uint64_t sctlr;
    __asm__ volatile("mrs %0, sctlr_el3" : "=r"(sctlr));
    sctlr |= 1ul | (1ul << 2) | (1ul << 12);  /* M, C, I */
    __asm__ volatile("msr sctlr_el3, %0\n\tisb" :: "r"(sctlr) : "memory");
}
