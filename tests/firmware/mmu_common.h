/* SPDX-License-Identifier: MIT */
/* Shared pieces of the MMU test programs: system-register bits, AT wrappers, TLB maintenance, the memory probes and a fault recorder. */
#ifndef MMU_COMMON_H
#define MMU_COMMON_H

#include "lib/rt.h"
#include "mmu_tables.h"

/* SCTLR_ELx */
#define SCTLR_M     (1ul << 0)
#define SCTLR_C     (1ul << 2)
#define SCTLR_I     (1ul << 12)
#define SCTLR_WXN   (1ul << 19)
/* The RES1 bits, as lib/rt.c writes them. */
#define SCTLR_EL1_BASE 0x30d00800ul
#define SCTLR_EL2_BASE 0x30c50830ul
#define SCTLR_EL3_BASE 0x30c50830ul

/* HCR_EL2 */
#define HCR_VM      (1ul << 0)
#define HCR_PTW     (1ul << 2)
#define HCR_DC      (1ul << 12)
#define HCR_RW      (1ul << 31)

/* TCR_EL1 */
#define TCR_T0SZ(n) ((uint64_t)(n))
#define TCR_EPD0    (1ul << 7)
#define TCR_WALK0   ((1ul << 8) | (1ul << 10) | (3ul << 12))   /* IRGN0/ORGN0 WB WA, SH0 inner */
#define TCR_TG0(g)  ((uint64_t)mt_tg0(g) << 14)
#define TCR_T1SZ(n) ((uint64_t)(n) << 16)
#define TCR_EPD1    (1ul << 23)
#define TCR_WALK1   ((1ul << 24) | (1ul << 26) | (3ul << 28))
#define TCR_TG1(g)  ((uint64_t)mt_tg1(g) << 30)
#define TCR_IPS(n)  ((uint64_t)(n) << 32)
#define TCR_TBI0    (1ul << 37)
#define TCR_TBI1    (1ul << 38)
/* TCR_EL2 (E2H = 0) and TCR_EL3: RES1 bits 31 and 23, PS at 18:16, TBI at 20. */
#define TCR_EL23_RES1 ((1ul << 31) | (1ul << 23))
#define TCR_PS(n)   ((uint64_t)(n) << 16)
#define TCR_TBI     (1ul << 20)
/* VTCR_EL2 */
#define VTCR_SL0(n) ((uint64_t)(n) << 6)
#define VTCR_RES1   (1ul << 31)

/* PA sizes (TCR.IPS, TCR_ELx.PS, VTCR_EL2.PS) */
#define PS_32 0
#define PS_36 1
#define PS_40 2
#define PS_44 4
#define PS_48 5

/* MAIR: 0 Normal WB RW-allocate, 1 Normal NC, 2 Device-nGnRnE, 3 Device-nGnRE,
 * 4 Device-nGRE, 5 Device-GRE, 6 Normal WT RW-allocate, 7 outer WB / inner NC. */
#define MAIR_VALUE  0xf4bb0c08040044fful
#define ATTR_WB     0
#define ATTR_NC     1
#define ATTR_DEV    2

/* Invalidate every TLB entry of every regime (from EL3) and synchronise. */
static inline void tlbi_all_el3(void)
{
    __asm__ volatile("dsb sy\n\ttlbi alle3\n\ttlbi alle2\n\ttlbi alle1\n\tdsb sy\n\tisb" ::: "memory");
}

#define AT_FN(op) \
    static inline uint64_t at_##op(uint64_t va) \
    { \
        __asm__ volatile("at " #op ", %0\n\tisb\n\tmrs %0, par_el1" : "+r"(va) :: "memory"); \
        return va; \
    }
AT_FN(s1e1r) AT_FN(s1e1w) AT_FN(s1e0r) AT_FN(s1e0w)
AT_FN(s12e1r) AT_FN(s12e1w) AT_FN(s12e0r) AT_FN(s12e0w)
AT_FN(s1e2r) AT_FN(s1e2w) AT_FN(s1e3r) AT_FN(s1e3w)

/* Probes in mmu_probe.S: one access at the function's first instruction. */
typedef uint64_t (*probe_fn)(uint64_t va, uint64_t val);
uint64_t probe_ldr(uint64_t va, uint64_t val);
uint64_t probe_str(uint64_t va, uint64_t val);
uint64_t probe_ldp(uint64_t va, uint64_t val);
uint64_t probe_stp(uint64_t va, uint64_t val);
uint64_t probe_ldtr(uint64_t va, uint64_t val);
uint64_t probe_sttr(uint64_t va, uint64_t val);
uint64_t probe_exec(uint64_t va, uint64_t val);
uint64_t probe_at_s1e1r(uint64_t va, uint64_t val);   /* returns PAR_EL1 */
uint64_t probe_at_s1e0w(uint64_t va, uint64_t val);
extern char exec_page[];

#endif
