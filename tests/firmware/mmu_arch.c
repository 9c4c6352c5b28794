/* SPDX-License-Identifier: MIT */
/* MMU cases where QEMU 7.2 diverges from the Arm ARM (see docs/testing.md): PAR.SH for Device and Non-cacheable memory, the fault level of a stage-2 fault on a stage-1 walk, stage-2 configuration checks and Device/Normal attribute combining. Expected output written by hand from the Arm ARM. */
#include "mmu_common.h"

#define POOL_SIZE (1ul << 20)
static uint8_t pool[POOL_SIZE] __attribute__((aligned(65536)));

#define RAM_BASE 0x40000000ul
#define RAM_SIZE 0x01000000ul
#define PA_BASE 0x12340000ul
#define VA_A 0x4000000000ul     /* part A pages */
#define S1_VA 0x1000000000ul    /* parts C and D */
#define IPA_T 0x48030000ul

/* PAR bits left open by the architecture, as in mmu_diff.c. */
static uint64_t par_mask(uint64_t par, int secure_regime)
{
    if (par & 1)
        return par & ~(0xfffful << 48);
    par &= ~(1ul << 10);
    if (!secure_regime)
        par &= ~(1ul << 9);
    return par;
}

/* Part A: PAR.SH is 0b10 for Device memory and for Normal Inner and Outer Non-cacheable memory,
 * whatever the descriptor's SH field (PAR_EL1.SH; pseudocode PAREncodeShareability). */
static void part_sh(void)
{
    static const struct {
        const char *name;
        unsigned attr, sh;
    } pages[] = {
        {"dev_ngnrne_sh3", 2, 3}, {"dev_ngnre_sh0", 3, 0}, {"dev_gre_sh3", 5, 3},
        {"nc_sh3", 1, 3}, {"nc_sh0", 1, 0}, {"wb_sh0", 0, 0}, {"owb_inc_sh0", 7, 0},
    };
    struct mt t;
    mt_pool_init(pool, POOL_SIZE);
    mt_init_s1(&t, 12, 39);
    for (unsigned i = 0; i < sizeof(pages) / sizeof(pages[0]); i++)
        mt_map(&t, VA_A + i * 0x1000ul, PA_BASE + i * 0x1000ul, 3,
               D_AF | D_AP(AP_RW_ALL) | D_ATTR(pages[i].attr) | D_SH(pages[i].sh));
    RT_WRITE_SYSREG(tcr_el1, TCR_T0SZ(25) | TCR_WALK0 | TCR_TG0(12) | TCR_EPD1 | TCR_IPS(PS_40));
    RT_WRITE_SYSREG(mair_el1, MAIR_VALUE);
    RT_WRITE_SYSREG(ttbr0_el1, t.root);
    RT_WRITE_SYSREG(sctlr_el1, SCTLR_EL1_BASE | SCTLR_M | SCTLR_C | SCTLR_I);
    RT_WRITE_SYSREG(tcr_el2, TCR_EL23_RES1 | TCR_T0SZ(25) | TCR_WALK0 | TCR_TG0(12) | TCR_PS(PS_40));
    RT_WRITE_SYSREG(mair_el2, MAIR_VALUE);
    RT_WRITE_SYSREG(ttbr0_el2, t.root);
    RT_WRITE_SYSREG(sctlr_el2, SCTLR_EL2_BASE | SCTLR_M | SCTLR_C | SCTLR_I);
    tlbi_all_el3();
    rt_puts("PAR.SH for Device and Non-cacheable memory:\n");
    for (unsigned i = 0; i < sizeof(pages) / sizeof(pages[0]); i++) {
        uint64_t va = VA_A + i * 0x1000ul + 0x128;
        rt_printf("  %s e1r=%lx e2r=%lx\n", pages[i].name, par_mask(at_s1e1r(va), 0),
                  par_mask(at_s1e2r(va), 0));
    }
    /* Stage 1 off: data accesses are Device-nGnRnE (AArch64.S1DisabledOutput). */
    RT_WRITE_SYSREG(sctlr_el1, SCTLR_EL1_BASE);
    RT_WRITE_SYSREG(sctlr_el2, SCTLR_EL2_BASE);
    tlbi_all_el3();
    rt_printf("  s1 off e1r=%lx e2r=%lx\n", par_mask(at_s1e1r(0x12345678ul), 0),
              par_mask(at_s1e2r(0x12345678ul), 0));
}

/* Stage 1 for parts C and D: S1_VA -> IPA_T (4K granule, T0SZ = 25), Normal WB. */
static void s1_setup(struct mt *s1)
{
    mt_init_s1(s1, 12, 39);
    mt_map(s1, S1_VA, IPA_T, 3, D_AF | D_AP(AP_RW_ALL) | D_ATTR(ATTR_WB) | D_SH(3));
    RT_WRITE_SYSREG(tcr_el1, TCR_T0SZ(25) | TCR_WALK0 | TCR_TG0(12) | TCR_EPD1 | TCR_IPS(PS_40));
    RT_WRITE_SYSREG(mair_el1, MAIR_VALUE);
    RT_WRITE_SYSREG(ttbr0_el1, s1->root);
    RT_WRITE_SYSREG(sctlr_el1, SCTLR_EL1_BASE | SCTLR_M | SCTLR_C | SCTLR_I);
}

static void s2_enable(const struct mt *s2, unsigned t0sz, unsigned sl0, unsigned ps, uint64_t hcr)
{
    RT_WRITE_SYSREG(vtcr_el2, VTCR_RES1 | TCR_T0SZ(t0sz) | VTCR_SL0(sl0) | TCR_WALK0 |
                              TCR_TG0(s2->gran) | TCR_PS(ps));
    RT_WRITE_SYSREG(vttbr_el2, s2->root);
    RT_WRITE_SYSREG(hcr_el2, HCR_RW | HCR_VM | hcr);
    tlbi_all_el3();
}

static void s2_off(void)
{
    RT_WRITE_SYSREG(hcr_el2, HCR_RW);
    RT_WRITE_SYSREG(sctlr_el1, SCTLR_EL1_BASE);
    tlbi_all_el3();
}

/* Part C: a stage-2 fault on a stage-1 table walk reports the level of the stage-2 lookup
 * (AArch64.S2Translate called from the stage-1 walk); QEMU 7.2 reports the stage-1 level. */
static void part_s1ptw_level(void)
{
    struct mt s1, s2;
    mt_pool_init(pool, POOL_SIZE);
    mt_init_s2(&s2, 12, 40, 1);
    s1_setup(&s1);
    mt_map_range(&s2, RAM_BASE, RAM_BASE, RAM_SIZE, D_AF | D_AP(S2AP_RW) | D_MEMATTR(0xf) | D_SH(3));
    mt_map(&s2, 0x48110000ul, PA_BASE, 3, D_AF | D_AP(S2AP_RW) | D_MEMATTR(0xf) | D_SH(3));
    /* Stage-1 level-3 table at IPA 0x5fe00000: stage 2 has no level-3 table there (level 2). */
    *mt_slot(&s1, S1_VA + 0x200000, 2, 0) = 0x5fe00000ul | D_TABLE;
    s2_enable(&s2, 24, 1, PS_40, 0);
    rt_puts("stage-2 fault on a stage-1 walk:\n");
    uint64_t va = S1_VA + 0x200000 + 0x128;
    rt_printf("  s1_l3 s2_l2 s1e1r=%lx e1r=%lx\n", par_mask(at_s1e1r(va), 0), par_mask(at_s12e1r(va), 0));
    /* The stage-1 root at IPA 0x48100000: stage 2 has a level-3 table there, entry invalid. */
    RT_WRITE_SYSREG(ttbr0_el1, 0x48100000ul);
    tlbi_all_el3();
    rt_printf("  s1_l1 s2_l3 s1e1r=%lx e1r=%lx\n", par_mask(at_s1e1r(S1_VA), 0), par_mask(at_s12e1r(S1_VA), 0));
    s2_off();
}

/* Part D: stage-2 configurations. An inconsistent T0SZ/SL0 is a stage-2 level-0 Translation
 * fault (AArch64.S2InconsistentSL); an IPA size larger than VTCR_EL2.PS is valid (PS limits
 * output addresses; the checks use PAMax). QEMU 7.2 reports the stage-1 level for the first and
 * faults the second. */
static void part_s2cfg(void)
{
    static const struct {
        unsigned gran, t0sz, sl0, ps;
    } cfgs[] = {
        {12, 34, 2, PS_40}, {12, 26, 0, PS_40}, {16, 22, 2, PS_40}, {12, 25, 1, PS_36}, {16, 25, 1, PS_32},
    };
    rt_puts("stage-2 configurations:\n");
    for (unsigned i = 0; i < sizeof(cfgs) / sizeof(cfgs[0]); i++) {
        struct mt s1, s2;
        mt_pool_init(pool, POOL_SIZE);
        unsigned concat = mt_init_s2(&s2, cfgs[i].gran, 64 - cfgs[i].t0sz, cfgs[i].sl0);
        s1_setup(&s1);
        if (concat) {
            mt_map_range(&s2, RAM_BASE, RAM_BASE, RAM_SIZE, D_AF | D_AP(S2AP_RW) | D_MEMATTR(0xf) | D_SH(3));
            mt_map(&s2, IPA_T & ~((1ul << cfgs[i].gran) - 1), PA_BASE, 3,
                   D_AF | D_AP(S2AP_RW) | D_MEMATTR(0xf) | D_SH(3));
        }
        s2_enable(&s2, cfgs[i].t0sz, cfgs[i].sl0, cfgs[i].ps, 0);
        uint64_t va = S1_VA + 0x128;
        rt_printf("  granule %luK T0SZ=%u SL0=%u PS=%u: s1e1r=%lx e1r=%lx", 1ul << (cfgs[i].gran - 10),
                  cfgs[i].t0sz, cfgs[i].sl0, cfgs[i].ps, par_mask(at_s1e1r(va), 0), par_mask(at_s12e1r(va), 0));
        /* HCR_EL2.DC: stage 1 off (whatever SCTLR_EL1.M says), so no stage-1 walk; the IPA
         * goes to stage 2 directly. */
        RT_WRITE_SYSREG(hcr_el2, HCR_RW | HCR_VM | HCR_DC);
        tlbi_all_el3();
        rt_printf(" dc e1r=%lx\n", par_mask(at_s12e1r(IPA_T + 0x128), 0));
        s2_off();
    }
}

/* Part E: combining stage-1 Device memory with stage-2 Normal memory gives the stage-1 Device
 * type (S2CombineS1MemAttrs); QEMU 7.2 takes a stage-2 Normal inner Non-cacheable attribute
 * (MAIR low nibble 0b0100) for Device-nGnRE and returns Device-nGnRE. */
static void part_combine(void)
{
    static const struct {
        const char *name;
        unsigned s1attr, s2memattr;
    } cases[] = {
        {"s1_ngre_s2_nc", 4, 0x5}, {"s1_gre_s2_nc", 5, 0x5}, {"s1_gre_s2_owb_inc", 5, 0xd},
        {"s1_ngre_s2_wb", 4, 0xf},
    };
    struct mt s1, s2;
    mt_pool_init(pool, POOL_SIZE);
    mt_init_s2(&s2, 12, 40, 1);
    mt_init_s1(&s1, 12, 39);
    mt_map_range(&s2, RAM_BASE, RAM_BASE, RAM_SIZE, D_AF | D_AP(S2AP_RW) | D_MEMATTR(0xf) | D_SH(3));
    for (unsigned i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
        mt_map(&s1, S1_VA + i * 0x1000ul, IPA_T + i * 0x1000ul, 3,
               D_AF | D_AP(AP_RW_ALL) | D_ATTR(cases[i].s1attr) | D_SH(2));
        mt_map(&s2, IPA_T + i * 0x1000ul, PA_BASE + i * 0x1000ul, 3,
               D_AF | D_AP(S2AP_RW) | D_MEMATTR(cases[i].s2memattr) | D_SH(2));
    }
    RT_WRITE_SYSREG(tcr_el1, TCR_T0SZ(25) | TCR_WALK0 | TCR_TG0(12) | TCR_EPD1 | TCR_IPS(PS_40));
    RT_WRITE_SYSREG(mair_el1, MAIR_VALUE);
    RT_WRITE_SYSREG(ttbr0_el1, s1.root);
    RT_WRITE_SYSREG(sctlr_el1, SCTLR_EL1_BASE | SCTLR_M | SCTLR_C | SCTLR_I);
    s2_enable(&s2, 24, 1, PS_40, 0);
    rt_puts("stage-1 Device with stage-2 Normal:\n");
    for (unsigned i = 0; i < sizeof(cases) / sizeof(cases[0]); i++)
        rt_printf("  %s e1r=%lx\n", cases[i].name, par_mask(at_s12e1r(S1_VA + i * 0x1000ul), 0));
    s2_off();
}

int main(void)
{
    rt_puts("mmu_arch: start\n");
    rt_setup_els();
    part_sh();
    part_s1ptw_level();
    part_s2cfg();
    part_combine();
    rt_puts("mmu_arch: done\n");
    return 0;
}
