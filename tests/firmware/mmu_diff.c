/* SPDX-License-Identifier: MIT */
/* MMU differential program: stage-1 and stage-2 tables in every granule, AT in every regime (PAR printed) and translation, permission, access-flag and address-size faults at EL1, EL0, EL2 and EL3 (ESR/FAR/HPFAR printed). Expected output recorded on QEMU. */
#include "mmu_common.h"

/* PAR bits the architecture leaves open (see docs/testing.md, "MMU tests"): with F = 1,
 * bits [63:48] are IMPLEMENTATION DEFINED; with F = 0, bit 10 is IMPLEMENTATION DEFINED
 * (Armv8.0) and NS (bit 9) is UNKNOWN for a result from a Non-secure translation regime. */
static uint64_t par_mask(uint64_t par, int secure_regime)
{
    if (par & 1)
        return par & ~(0xfffful << 48);
    par &= ~(1ul << 10);
    if (!secure_regime)
        par &= ~(1ul << 9);
    return par;
}

/* Tables and target pages come from this pool, reset for every configuration. */
#define POOL_SIZE (4ul << 20)
static uint8_t pool[POOL_SIZE] __attribute__((aligned(65536)));
/* Pages that the fault tests really access (through aliases). */
static uint64_t data_pages[8][8192] __attribute__((aligned(65536)));

extern char __ro_end[], __image_end[];
#define RAM_BASE 0x40000000ul
#define RAM_SIZE 0x01000000ul
#define UART_PA 0x09000000ul

/* Output addresses for AT: nothing needs to be there. */
#define PA_BASE 0x12340000ul

/* ---- The list of addresses each configuration tries ---- */
struct vcase {
    const char *name;
    int idx;
    uint64_t va;
};
static struct vcase cases[64];
static int ncases;

static void add_case(const char *name, int idx, uint64_t va)
{
    if (ncases == (int)(sizeof(cases) / sizeof(cases[0]))) {
        rt_puts("too many cases\n");
        rt_exit(3);
    }
    cases[ncases++] = (struct vcase){name, idx, va};
}

static void print_case_name(const struct vcase *c)
{
    rt_printf("  %s", c->name);
    if (c->idx >= 0)
        rt_printf("%d", c->idx);
    rt_printf(" va=%lx", c->va);
}

/* ---- Part 1: stage 1 of the EL1&0 regime, AT S1E1R/W and S1E0R/W from EL3 ---- */
struct s1cfg {
    unsigned gran, t0sz, ips;
    int tbi0, epd;
};

static const struct s1cfg s1_cfgs[] = {
#ifdef MMU_16K
    {14, 17, PS_40, 0, 0}, {14, 16, PS_40, 1, 0}, {14, 28, PS_36, 0, 1},
#else
    {12, 16, PS_40, 0, 0}, {12, 25, PS_40, 1, 0}, {12, 34, PS_40, 0, 1}, {12, 39, PS_40, 0, 0},
    {12, 25, PS_32, 0, 0}, {16, 22, PS_40, 1, 0}, {16, 16, PS_40, 0, 0}, {16, 39, PS_36, 0, 1},
#endif
};

static const unsigned sh_cycle[3] = {0, 2, 3};

/* Shareability for a stage-1 descriptor with MAIR index `attr`: the architecture reports
 * PAR.SH = 0b10 for Device and Normal Non-cacheable memory whatever the descriptor says
 * (PAREncodeShareability); QEMU 7.2 reports the descriptor's SH, so those cases are in
 * mmu_arch and here Device/NC mappings always use SH = 0b10. */
static unsigned sh_for(unsigned attr, unsigned sh)
{
    return attr >= 1 && attr <= 5 ? 2 : sh;
}

static void s1_run_cases(void)
{
    for (int i = 0; i < ncases; i++) {
        uint64_t va = cases[i].va;
        print_case_name(&cases[i]);
        rt_printf(" e1r=%lx e1w=%lx e0r=%lx e0w=%lx\n", par_mask(at_s1e1r(va), 0),
                  par_mask(at_s1e1w(va), 0), par_mask(at_s1e0r(va), 0), par_mask(at_s1e0w(va), 0));
    }
}

static void s1_config(const struct s1cfg *c)
{
    unsigned g = c->gran, ia = 64 - c->t0sz;
    uint64_t P = 1ul << g, off = P / 2 + 0x128;
    struct mt t0, t1;
    mt_pool_init(pool, POOL_SIZE);
    mt_init_s1(&t0, g, ia);
    mt_init_s1(&t1, g, ia);
    rt_printf("s1 el1&0: granule %luK T0SZ=T1SZ=%u (start level %d) IPS=%u TBI0=%d EPD1=%d\n",
              P >> 10, c->t0sz, t0.start, c->ips, c->tbi0, c->epd);
    ncases = 0;
    uint64_t R = 1ul << (ia - 1);

    /* Every AP x UXN x PXN, with AttrIndx and SH cycling. */
    for (int i = 0; i < 16; i++) {
        mt_map(&t0, R + i * P, PA_BASE + i * P, 3,
               D_AF | D_AP(i & 3) | ((i & 4) ? D_UXN : 0) | ((i & 8) ? D_PXN : 0) |
               D_ATTR(i & 7) | D_SH(sh_for(i & 7, sh_cycle[i % 3])));
        add_case("page", i, R + i * P + off);
    }
    mt_map(&t0, R + 16 * P, PA_BASE + 16 * P, 3, D_AP(AP_RW_ALL) | D_SH(3));  /* AF = 0 */
    add_case("af0", -1, R + 16 * P + off);
    mt_map(&t0, R + 17 * P, PA_BASE + 17 * P, 3, D_AF | D_NG | D_AP(AP_RW_ALL) | D_ATTR(ATTR_NC) | D_SH(2));
    add_case("ng", -1, R + 17 * P + off);
    add_case("inval3", -1, R + 18 * P + off);  /* an invalid entry in a live table */
    mt_map(&t0, R + 19 * P, 1ul << 40, 3, D_AF | D_AP(AP_RW_ALL) | D_SH(3));
    add_case("oa40", -1, R + 19 * P + off);
    mt_map(&t0, R + 20 * P, 0x1000000000ul, 3, D_AF | D_AP(AP_RW_ALL) | D_SH(3));
    add_case("oa36", -1, R + 20 * P + off);

    if (t0.start <= 2) {
        uint64_t B2 = 1ul << mt_shift(g, 2);
        /* Hierarchical permissions: APTable 1 (no EL0), 2 (read-only), 3 (both). */
        for (unsigned ap = 1; ap <= 3; ap++) {
            uint64_t *d = mt_slot(&t0, R + ap * B2, 3, T_AP(ap) | (ap == 1 ? T_UXN : 0) | (ap == 2 ? T_PXN : 0));
            *d = (PA_BASE + 0x100000 * ap) | D_TABLE | D_AF | D_AP(AP_RW_ALL) | D_SH(3);
            add_case("aptable", (int)ap, R + ap * B2 + off);
        }
        add_case("inval2", -1, R + 4 * B2 + off);
        mt_map(&t0, R + 5 * B2, 0x200000000ul, 2, D_AF | D_AP(AP_RW_ALL) | D_ATTR(6) | D_SH(2));
        add_case("block2", -1, R + 5 * B2 + 3 * P + off);
        mt_map(&t0, R + 6 * B2, 0x400000000ul, 2, D_AP(AP_RW_EL1) | D_SH(3));
        add_case("block2af0", -1, R + 6 * B2 + off);
        *mt_slot(&t0, R + 7 * B2, 2, 0) = (1ul << 40) | D_TABLE;  /* next table beyond IPS */
        add_case("table_oa", -1, R + 7 * B2 + off);
    }
    if (g == 12 && t0.start <= 1) {
        uint64_t B1 = 1ul << 30;
        mt_map(&t0, R + 2 * B1, 0x4000000000ul, 1, D_AF | D_AP(AP_RO_ALL) | D_ATTR(7) | D_SH(3));
        add_case("block1", -1, R + 2 * B1 + 0x1234000 + off);
    }
    mt_map(&t0, (1ul << ia) - P, PA_BASE + 0x200000, 3, D_AF | D_AP(AP_RW_ALL) | D_SH(3));
    add_case("top0", -1, (1ul << ia) - P + off);
    add_case("above0", -1, (1ul << ia) + off);
    add_case("tagged", -1, (R + off) | 0x5a00000000000000ul);
    /* TTBR1: the last page of the range is mapped, the first is not. */
    mt_map(&t1, -P, PA_BASE + 0x300000, 3, D_AF | D_NG | D_AP(AP_RO_EL1) | D_ATTR(ATTR_NC) | D_SH(2));
    add_case("top1", -1, -P + off);
    add_case("low1", -1, -(1ul << ia) + off);
    add_case("hole", -1, 0x0080000000000000ul + off);

    uint64_t tcr = TCR_T0SZ(c->t0sz) | TCR_WALK0 | TCR_TG0(g) | TCR_T1SZ(c->t0sz) | TCR_WALK1 |
                   TCR_TG1(g) | TCR_IPS(c->ips) | (c->tbi0 ? TCR_TBI0 : 0) | (c->epd ? TCR_EPD1 : 0);
    RT_WRITE_SYSREG(tcr_el1, tcr);
    RT_WRITE_SYSREG(mair_el1, MAIR_VALUE);
    RT_WRITE_SYSREG(ttbr0_el1, t0.root | (3ul << 48));
    RT_WRITE_SYSREG(ttbr1_el1, t1.root | (3ul << 48));
    RT_WRITE_SYSREG(sctlr_el1, SCTLR_EL1_BASE | SCTLR_M | SCTLR_C | SCTLR_I);
    tlbi_all_el3();
    s1_run_cases();

    if (c->epd) {
        /* EPD0 as well: no walk for either half. */
        RT_WRITE_SYSREG(tcr_el1, tcr | TCR_EPD0);
        tlbi_all_el3();
        rt_printf("  EPD0=1 page0 e1r=%lx\n", par_mask(at_s1e1r(R + off), 0));
        RT_WRITE_SYSREG(tcr_el1, tcr);
    }
    if (c->ips == PS_32) {
        /* A translation table base beyond the output size. */
        RT_WRITE_SYSREG(ttbr0_el1, 0x200000000ul);
        tlbi_all_el3();
        rt_printf("  ttbr0 above IPS: page0 e1r=%lx\n", par_mask(at_s1e1r(R + off), 0));
    }
    RT_WRITE_SYSREG(sctlr_el1, SCTLR_EL1_BASE);
    tlbi_all_el3();
}

static void part_s1(void)
{
    for (unsigned i = 0; i < sizeof(s1_cfgs) / sizeof(s1_cfgs[0]); i++)
        s1_config(&s1_cfgs[i]);
    /* Stage 1 off: flat mapping, Device-nGnRnE for data (AArch64.TranslateAddressS1Off). */
    /* (The PAR of a successful one is in mmu_arch: QEMU 7.2 reports SH = 0 for it.) */
#ifndef MMU_16K  /* QEMU's max CPU has 52-bit PAs, tetrarch 48 */
    rt_printf("s1 el1&0 off: e0w above PAMax=%lx\n", par_mask(at_s1e0w(0x1234567890000ul), 0));
#endif
}

/* ---- Part 2: stage 2, AT S12E1R/W, S12E0R/W (and S1E1R, which gives the IPA) from EL3 ---- */
struct s2cfg {
    unsigned gran, t0sz, sl0, ps;
};

static const struct s2cfg s2_cfgs[] = {
#ifdef MMU_16K
    {14, 25, 1, PS_40}, {14, 17, 2, PS_48}, {14, 28, 1, PS_40},
#else
    {12, 24, 1, PS_40}, {12, 25, 1, PS_40}, {12, 30, 0, PS_40}, {12, 20, 2, PS_44},
    {16, 22, 1, PS_44}, {16, 33, 0, PS_40}, {16, 32, 0, PS_32},
#endif
};

#define S1_VA 0x1000000000ul   /* stage-1 test VAs (4K granule, T0SZ = 25) */
#define S2_IPA 0x48000000ul    /* the IPAs they map to, one per 64 KiB */

static void s2_run_cases(void)
{
    for (int i = 0; i < ncases; i++) {
        uint64_t va = cases[i].va;
        print_case_name(&cases[i]);
        rt_printf(" s1e1r=%lx e1r=%lx e1w=%lx e0r=%lx e0w=%lx\n", par_mask(at_s1e1r(va), 0),
                  par_mask(at_s12e1r(va), 0), par_mask(at_s12e1w(va), 0),
                  par_mask(at_s12e0r(va), 0), par_mask(at_s12e0w(va), 0));
    }
}

static void s2_config(const struct s2cfg *c)
{
    /* Stage-2 MemAttr for s2attr<i>, combined with stage-1 AttrIndx i & 7. Stage-1 Device-nGRE
     * or -GRE with a stage-2 Normal type whose inner part is Non-cacheable is in mmu_arch:
     * QEMU 7.2 combines them into Device-nGnRE. */
    static const unsigned memattrs[10] = {0x0, 0x1, 0x2, 0x3, 0xa, 0xf, 0x5, 0xd, 0x7, 0xe};
    unsigned g = c->gran, ia = 64 - c->t0sz;
    uint64_t P = 1ul << g;
    struct mt s1, s2;
    mt_pool_init(pool, POOL_SIZE);
    unsigned concat = mt_init_s2(&s2, g, ia, c->sl0);
    mt_init_s1(&s1, 12, 39);
    rt_printf("s2: granule %luK T0SZ=%u SL0=%u (start level %d, %u tables) PS=%u\n", P >> 10,
              c->t0sz, c->sl0, s2.start, concat, c->ps);
    ncases = 0;

    /* Stage 1: page i maps S1_VA + i * 4K to S2_IPA + i * 64K, RW at EL1 and EL0. */
    for (int i = 0; i < 17; i++) {
        mt_map(&s1, S1_VA + i * 0x1000ul, S2_IPA + i * 0x10000ul, 3,
               D_AF | D_AP(AP_RW_ALL) | D_ATTR(i < 4 ? ATTR_WB : (i - 4) & 7) | D_SH(i < 4 ? sh_cycle[i % 3] : 2));
    }
    for (int i = 0; i < 4; i++)
        add_case("s2ap", i, S1_VA + i * 0x1000ul + 0x128);
    for (int i = 0; i < 10; i++)
        add_case("s2attr", i, S1_VA + (4 + i) * 0x1000ul + 0x128);
    add_case("s2inval", -1, S1_VA + 14 * 0x1000ul + 0x128);
    add_case("s2af0", -1, S1_VA + 15 * 0x1000ul + 0x128);
    add_case("s2oa40", -1, S1_VA + 16 * 0x1000ul + 0x128);
    /* A stage-1 level-3 table at an IPA that stage 2 does not map. */
    *mt_slot(&s1, S1_VA + 0x200000, 2, 0) = 0x4f000000ul | D_TABLE;
    add_case("s1ptw_s2inval", -1, S1_VA + 0x200000 + 0x128);
    /* A stage-1 level-3 table at an IPA that stage 2 maps as Device memory (HCR_EL2.PTW). */
    uint64_t *dev_table = mt_alloc(P, P);
    *mt_slot(&s1, S1_VA + 0x400000, 2, 0) = 0x4e000000ul | D_TABLE;
    dev_table[(0x400000 >> 12) & 511] = (S2_IPA + 3 * 0x10000ul) | D_TABLE | D_AF | D_AP(AP_RW_ALL) | D_SH(3);
    add_case("s1ptw_dev", -1, S1_VA + 0x400000 + 0x128);
    /* A stage-2 block (or page) at IPA 0, and an IPA beyond the stage-2 input size. */
    mt_map(&s1, S1_VA + 0x600000, 0x12345000ul, 3, D_AF | D_AP(AP_RW_ALL) | D_SH(3));
    add_case("s2block", -1, S1_VA + 0x600000 + 0x128);
    if (ia < 40) {
        mt_map(&s1, S1_VA + 0x800000, 1ul << ia, 3, D_AF | D_AP(AP_RW_ALL) | D_SH(3));
        add_case("ipa_above", -1, S1_VA + 0x800000 + 0x128);
    }

    if (concat) {
        /* The stage-1 tables (in the pool) and the test IPAs. */
        mt_map_range(&s2, RAM_BASE, RAM_BASE, RAM_SIZE, D_AF | D_AP(S2AP_RW) | D_MEMATTR(0xf) | D_SH(3));
        for (int i = 0; i < 4; i++)
            mt_map(&s2, S2_IPA + i * 0x10000ul, PA_BASE + i * P, 3,
                   D_AF | D_AP(i) | D_MEMATTR(0xf) | D_SH(sh_cycle[(i + 1) % 3]));
        for (int i = 0; i < 10; i++)
            mt_map(&s2, S2_IPA + (4 + i) * 0x10000ul, PA_BASE + (4 + i) * P, 3,
                   D_AF | D_AP(S2AP_RW) | D_MEMATTR(memattrs[i]) | D_SH(2));
        mt_slot(&s2, S2_IPA + 14 * 0x10000ul, 3, 0);  /* invalid */
        mt_map(&s2, S2_IPA + 15 * 0x10000ul, PA_BASE + 15 * P, 3, D_AP(S2AP_RW) | D_MEMATTR(0xf) | D_SH(3));
        mt_map(&s2, S2_IPA + 16 * 0x10000ul, 1ul << 40, 3, D_AF | D_AP(S2AP_RW) | D_MEMATTR(0xf) | D_SH(3));
        mt_map(&s2, 0x4e000000ul, (uint64_t)dev_table, 3, D_AF | D_AP(S2AP_RW) | D_MEMATTR(0x1));
        /* A neighbour of the unmapped table IPA 0x4f000000, so that its stage-2 fault is at
         * level 3 like the stage-1 lookup (QEMU 7.2 reports the stage-1 level: mmu_arch). */
        mt_map(&s2, 0x4f010000ul, 0x4f010000ul, 3, D_AF | D_AP(S2AP_RW) | D_MEMATTR(0xf) | D_SH(3));
        int lb = s2.start;
        while (!mt_block_ok(g, lb))
            lb++;
        uint64_t base = 0x12345000ul & ~((1ul << mt_shift(g, lb)) - 1);
        mt_map(&s2, base, 0x100000000ul + base, lb, D_AF | D_AP(S2AP_RO) | D_MEMATTR(0xa) | D_SH(2));
    }

    RT_WRITE_SYSREG(tcr_el1, TCR_T0SZ(25) | TCR_WALK0 | TCR_TG0(12) | TCR_EPD1 | TCR_IPS(PS_40));
    RT_WRITE_SYSREG(mair_el1, MAIR_VALUE);
    RT_WRITE_SYSREG(ttbr0_el1, s1.root | (7ul << 48));
    RT_WRITE_SYSREG(sctlr_el1, SCTLR_EL1_BASE | SCTLR_M | SCTLR_C | SCTLR_I);
    RT_WRITE_SYSREG(vtcr_el2, VTCR_RES1 | TCR_T0SZ(c->t0sz) | VTCR_SL0(c->sl0) | TCR_WALK0 |
                              TCR_TG0(g) | TCR_PS(c->ps));
    RT_WRITE_SYSREG(vttbr_el2, s2.root | (5ul << 48));
    RT_WRITE_SYSREG(hcr_el2, HCR_RW | HCR_VM);
    tlbi_all_el3();
    s2_run_cases();

    if (concat) {
        RT_WRITE_SYSREG(hcr_el2, HCR_RW | HCR_VM | HCR_PTW);
        tlbi_all_el3();
        uint64_t va = S1_VA + 0x400000 + 0x128;
        rt_printf("  HCR_EL2.PTW=1 s1ptw_dev s1e1r=%lx e1r=%lx\n", par_mask(at_s1e1r(va), 0),
                  par_mask(at_s12e1r(va), 0));
        /* HCR_EL2.DC with stage 1 off: Normal write-back, then stage 2. */
        RT_WRITE_SYSREG(sctlr_el1, SCTLR_EL1_BASE);
        RT_WRITE_SYSREG(hcr_el2, HCR_RW | HCR_VM | HCR_DC);
        tlbi_all_el3();
        rt_printf("  HCR_EL2.DC=1 s1 off: s1e1r=%lx e1r=%lx e0w=%lx dev=%lx\n",
                  par_mask(at_s1e1r(S2_IPA + 0x10000 * 5 + 0x128), 0),
                  par_mask(at_s12e1r(S2_IPA + 0x10000 * 5 + 0x128), 0),
                  par_mask(at_s12e0w(S2_IPA + 0x10000 * 6 + 0x128), 0),
                  par_mask(at_s12e1r(S2_IPA + 0x10000 * 4 + 0x128), 0));
        /* Stage 1 off without DC: Device-nGnRnE combined with stage 2. */
        RT_WRITE_SYSREG(hcr_el2, HCR_RW | HCR_VM);
        tlbi_all_el3();
        rt_printf("  s1 off: e1r=%lx e1w(ro)=%lx\n", par_mask(at_s12e1r(S2_IPA + 0x10000 * 10 + 0x128), 0),
                  par_mask(at_s12e1w(S2_IPA + 0x10000 * 1 + 0x128), 0));
    }
    RT_WRITE_SYSREG(hcr_el2, HCR_RW);
    RT_WRITE_SYSREG(sctlr_el1, SCTLR_EL1_BASE);
    tlbi_all_el3();
}

static void part_s2(void)
{
    for (unsigned i = 0; i < sizeof(s2_cfgs) / sizeof(s2_cfgs[0]); i++)
        s2_config(&s2_cfgs[i]);
}

/* ---- Part 3: the EL2 regime, AT S1E2R/W from EL3 ---- */
struct el2cfg {
    unsigned gran, t0sz, ps;
    int tbi;
};

static const struct el2cfg el2_cfgs[] = {
#ifdef MMU_16K
    {14, 17, PS_40, 1},
#else
    {12, 16, PS_40, 0}, {16, 22, PS_40, 1}, {12, 33, PS_32, 0}, {16, 36, PS_36, 0},
#endif
};

static void el2_config(const struct el2cfg *c)
{
    unsigned g = c->gran, ia = 64 - c->t0sz;
    uint64_t P = 1ul << g, off = P / 2 + 0x128;
    struct mt t;
    mt_pool_init(pool, POOL_SIZE);
    mt_init_s1(&t, g, ia);
    rt_printf("el2: granule %luK T0SZ=%u (start level %d) PS=%u TBI=%d\n", P >> 10, c->t0sz,
              t.start, c->ps, c->tbi);
    ncases = 0;
    uint64_t R = 1ul << (ia - 1);
    /* AP[1] is RES1 in the EL2 regime: AP 1 is read/write, 3 read-only. */
    for (int i = 0; i < 8; i++) {
        mt_map(&t, R + i * P, PA_BASE + i * P, 3,
               D_AF | D_AP((i & 1) ? AP_RO_ALL : AP_RW_ALL) | ((i & 2) ? D_XN : 0) | D_ATTR(i) |
               D_SH(sh_for(i, sh_cycle[i % 3])));
        add_case("page", i, R + i * P + off);
    }
    mt_map(&t, R + 8 * P, PA_BASE + 8 * P, 3, D_AP(AP_RW_ALL) | D_SH(3));
    add_case("af0", -1, R + 8 * P + off);
    add_case("inval3", -1, R + 9 * P + off);
    mt_map(&t, R + 10 * P, 1ul << 40, 3, D_AF | D_AP(AP_RW_ALL));
    add_case("oa40", -1, R + 10 * P + off);
    if (t.start <= 2) {
        uint64_t B2 = 1ul << mt_shift(g, 2);
        mt_map(&t, R + B2, 0x200000000ul, 2, D_AF | D_AP(AP_RO_ALL) | D_ATTR(1) | D_SH(2));
        add_case("block2", -1, R + B2 + 5 * P + off);
        uint64_t *d = mt_slot(&t, R + 2 * B2, 3, T_AP(2));  /* APTable[1]: read-only */
        *d = PA_BASE | D_TABLE | D_AF | D_AP(AP_RW_ALL) | D_SH(3);
        add_case("aptable", 2, R + 2 * B2 + off);
    }
    add_case("above", -1, (1ul << ia) + off);
    add_case("tagged", -1, (R + off) | 0xa500000000000000ul);

    RT_WRITE_SYSREG(tcr_el2, TCR_EL23_RES1 | TCR_T0SZ(c->t0sz) | TCR_WALK0 | TCR_TG0(g) |
                             TCR_PS(c->ps) | (c->tbi ? TCR_TBI : 0));
    RT_WRITE_SYSREG(mair_el2, MAIR_VALUE);
    RT_WRITE_SYSREG(ttbr0_el2, t.root);
    RT_WRITE_SYSREG(sctlr_el2, SCTLR_EL2_BASE | SCTLR_M | SCTLR_C | SCTLR_I);
    tlbi_all_el3();
    for (int i = 0; i < ncases; i++) {
        print_case_name(&cases[i]);
        rt_printf(" e2r=%lx e2w=%lx\n", par_mask(at_s1e2r(cases[i].va), 0),
                  par_mask(at_s1e2w(cases[i].va), 0));
    }
    RT_WRITE_SYSREG(sctlr_el2, SCTLR_EL2_BASE);
    tlbi_all_el3();
}

/* ---- Fault recording: every EL's handler stores the abort and resumes ---- */
#define FAULT_MARK 0xfa17fa17ul

static volatile struct {
    int n, el;
    uint64_t esr, far, hpfar, elr;
} rec;

static int fault_hook(struct rt_frame *f, int el, int vec)
{
    unsigned ec = ESR_EC(f->esr);
    if (ec != 0x20 && ec != 0x21 && ec != 0x24 && ec != 0x25) {
        rt_printf("unexpected exception at EL%d vector 0x%03x: ESR=%08lx ELR=%lx FAR=%lx\n", el,
                  vec * 0x80, f->esr, f->elr, f->far);
        rt_exit(1);
    }
    rec.n++;
    rec.el = el;
    rec.esr = f->esr;
    rec.far = f->far;
    rec.elr = f->elr;
    rec.hpfar = el == 2 ? RT_READ_SYSREG(hpfar_el2) : 0;
    /* Instruction aborts: back to probe_exec's caller; data aborts: skip the access. */
    f->elr = (ec == 0x20 || ec == 0x21) ? f->x[30] : f->elr + 4;
    f->x[0] = FAULT_MARK;
    if (rec.n > 3) {
        rt_puts("fault loop\n");
        rt_exit(1);
    }
    return 0;
}

static const char *probe_name(probe_fn fn)
{
    return fn == probe_ldr ? "ldr" : fn == probe_str ? "str" : fn == probe_ldp ? "ldp" :
           fn == probe_stp ? "stp" : fn == probe_ldtr ? "ldtr" : fn == probe_sttr ? "sttr" :
           fn == probe_at_s1e1r ? "at_s1e1r" : fn == probe_at_s1e0w ? "at_s1e0w" : "exec";
}

/* For EL0: the probe to run, set by EL1 before dropping to EL0. */
static volatile probe_fn el0_fn;
static volatile uint64_t el0_va;

static uint64_t el0_probe(uint64_t val)
{
    return el0_fn(el0_va, val);
}

/* Run one probe at the current EL (or at EL0 with `el0`) and print the outcome. */
static void probe(const char *what, probe_fn fn, uint64_t va, int el0)
{
    uint64_t val = 0x5eed0000ul | (va & 0xffff);
    rec.n = 0;
    uint64_t r;
    if (el0) {
        el0_fn = fn;
        el0_va = va;
        r = rt_call_lower(el0_probe, val, RT_SPSR_EL0T);
    } else {
        r = fn(va, val);
    }
    rt_printf("  %s%s %s va=%lx:", el0 ? "el0 " : "", what, probe_name(fn), va);
    if (!rec.n) {
        rt_printf(" ok %lx\n", r);
        return;
    }
    unsigned ec = ESR_EC(rec.esr);
    uint64_t esr = rec.esr;
    /* WnR with S1PTW = 1 is left open here (docs/testing.md): QEMU reports the instruction's
     * direction (1 for AT), the pseudocode the walk's (a read). */
    if ((ec == 0x24 || ec == 0x25) && (esr & (1ul << 7)))
        esr &= ~(1ul << 6);
    rt_printf(" -> EL%d ESR=%08lx FAR=%lx", rec.el, esr, rec.far);
    /* HPFAR_EL2 is valid for stage-2 faults (and stage-1 walk faults at stage 2) only. */
    if (rec.el == 2 && (ec == 0x20 || ec == 0x24))
        rt_printf(" HPFAR=%lx", rec.hpfar);
    if (rec.elr == (uint64_t)fn)
        rt_puts(" ELR=probe");
    else if (rec.elr == va)
        rt_puts(" ELR=va");
    else
        rt_printf(" ELR=%lx", rec.elr);
    if (rec.n != 1)
        rt_printf(" (%d faults)", rec.n);
    rt_puts("\n");
}

/* ---- Part 4: the EL3 regime, AT S1E3R/W with the MMU on at EL3, and EL3 faults ---- */
#define EL3_VA 0x4000000000ul

static void part_el3(void)
{
    struct mt t;
    mt_pool_init(pool, POOL_SIZE);
    mt_init_s1(&t, 12, 39);
    rt_printf("el3: granule 4K T0SZ=25 (start level %d) PS=%u\n", t.start, PS_40);
    /* Identity: RAM (code read-only, data execute-never) and the UART. */
    uint64_t ro = (uint64_t)__ro_end;
    mt_map_range(&t, RAM_BASE, RAM_BASE, ro - RAM_BASE, D_AF | D_AP(AP_RO_ALL) | D_ATTR(ATTR_WB) | D_SH(3));
    mt_map_range(&t, ro, ro, RAM_BASE + RAM_SIZE - ro, D_AF | D_AP(AP_RW_ALL) | D_XN | D_ATTR(ATTR_WB) | D_SH(3));
    mt_map(&t, UART_PA, UART_PA, 3, D_AF | D_AP(AP_RW_ALL) | D_XN | D_ATTR(ATTR_DEV));
    ncases = 0;
    /* AP (RW/RO) x NS */
    for (int i = 0; i < 4; i++) {
        mt_map(&t, EL3_VA + i * 0x1000ul, PA_BASE + i * 0x1000ul, 3,
               D_AF | D_AP((i & 1) ? AP_RO_ALL : AP_RW_ALL) | ((i & 2) ? D_NS : 0) | D_ATTR(i) |
               D_SH(sh_for(i, 3)));
        add_case("page", i, EL3_VA + i * 0x1000ul + 0x128);
    }
    mt_map(&t, EL3_VA + 0x4000, PA_BASE + 0x4000, 3, D_AP(AP_RW_ALL) | D_SH(3));
    add_case("af0", -1, EL3_VA + 0x4000 + 0x128);
    add_case("inval3", -1, EL3_VA + 0x5000 + 0x128);
    mt_map(&t, EL3_VA + 0x6000, (uint64_t)data_pages[0], 3, D_AF | D_AP(AP_RO_ALL) | D_XN | D_SH(3));
    mt_map(&t, EL3_VA + 0x7000, (uint64_t)exec_page, 3, D_AF | D_AP(AP_RO_ALL) | D_XN | D_SH(3));
    mt_map(&t, EL3_VA + 0x8000, (uint64_t)exec_page, 3, D_AF | D_AP(AP_RO_ALL) | D_SH(3));
    /* NSTable: every lookup below is Non-secure. APTable[1]: read-only. */
    uint64_t *d = mt_slot(&t, EL3_VA + 0x200000, 3, T_NS);
    *d = (PA_BASE + 0x10000) | D_TABLE | D_AF | D_AP(AP_RW_ALL) | D_SH(3);
    add_case("nstable", -1, EL3_VA + 0x200000 + 0x128);
    d = mt_slot(&t, EL3_VA + 0x400000, 3, T_AP(2));
    *d = (PA_BASE + 0x20000) | D_TABLE | D_AF | D_AP(AP_RW_ALL) | D_NS | D_SH(3);
    add_case("aptable", 2, EL3_VA + 0x400000 + 0x128);
    mt_map(&t, EL3_VA + 0x600000, 0xc0000000ul, 2, D_AF | D_AP(AP_RW_ALL) | D_ATTR(5) | D_SH(2));
    add_case("block2", -1, EL3_VA + 0x600000 + 0x3000 + 0x128);

    RT_WRITE_SYSREG(tcr_el3, TCR_EL23_RES1 | TCR_T0SZ(25) | TCR_WALK0 | TCR_TG0(12) | TCR_PS(PS_40));
    RT_WRITE_SYSREG(mair_el3, MAIR_VALUE);
    RT_WRITE_SYSREG(ttbr0_el3, t.root);
    tlbi_all_el3();
    RT_WRITE_SYSREG(sctlr_el3, SCTLR_EL3_BASE | SCTLR_M | SCTLR_C | SCTLR_I);
    for (int i = 0; i < ncases; i++) {
        print_case_name(&cases[i]);
        rt_printf(" e3r=%lx e3w=%lx\n", par_mask(at_s1e3r(cases[i].va), 1),
                  par_mask(at_s1e3w(cases[i].va), 1));
    }
    probe("inval3", probe_ldr, EL3_VA + 0x5000, 0);
    probe("af0", probe_str, EL3_VA + 0x4000, 0);
    probe("ro", probe_str, EL3_VA + 0x6000, 0);
    probe("ro", probe_ldr, EL3_VA + 0x6000, 0);
    probe("xn", probe_exec, EL3_VA + 0x7000, 0);
    probe("x", probe_exec, EL3_VA + 0x8000, 0);
    probe("inval3", probe_exec, EL3_VA + 0x5000, 0);
    RT_WRITE_SYSREG(sctlr_el3, SCTLR_EL3_BASE);
    tlbi_all_el3();
}

#ifndef MMU_16K
/* ---- Part 5: real accesses at EL2 (own regime) and at EL1/EL0 (two stages) ---- */
#define EL2_VA 0x10000000000ul  /* 64K granule, T0SZ = 22 */
#define EL1_VA 0x1000000000ul   /* 4K granule, T0SZ = 25, IPS 32 bits */
#define IPA_T 0x50000000ul      /* test IPAs */

static uint64_t el1_main(uint64_t arg)
{
    uint64_t T = EL1_VA;
    rt_puts("faults at EL1 (stage 1 and stage 2):\n");
    probe("s2ro", probe_ldr, T, 0);
    probe("s2ro", probe_str, T, 0);
    probe("s2ro", probe_stp, T, 0);
    probe("s2inval", probe_ldr, T + 0x1000, 0);
    probe("s2inval", probe_exec, T + 0x1000, 0);
    probe("s2af0", probe_str, T + 0x2000, 0);
    probe("s2xn", probe_ldr, T + 0x3000, 0);
    probe("s2xn", probe_exec, T + 0x3000, 0);
    probe("s1inval", probe_ldr, T + 0x4000, 0);
    probe("s1inval", probe_ldp, T + 0x4000, 0);
    probe("s1inval", probe_exec, T + 0x4000, 0);
    probe("s1ro_el1", probe_ldr, T + 0x5000, 0);
    probe("s1ro_el1", probe_str, T + 0x5000, 0);
    probe("s1ro_el1", probe_ldtr, T + 0x5000, 0);
    probe("s1af0", probe_ldr, T + 0x6000, 0);
    probe("s1af0", probe_exec, T + 0x6000, 0);
    probe("s1pxn", probe_exec, T + 0x7000, 0);
    probe("s1uxn", probe_exec, T + 0x8000, 0);
    probe("s1el0w", probe_exec, T + 0x9000, 0);
    probe("s1oa32", probe_ldr, T + 0xa000, 0);
    probe("s1rw", probe_sttr, T + 0xb000, 0);
    probe("s1rw", probe_ldtr, T + 0xb000, 0);
    probe("s1ptw_s2inval", probe_ldr, T + 0x200000, 0);
    probe("s1ptw_s2inval", probe_str, T + 0x200000, 0);
    probe("s1ptw_s2inval", probe_exec, T + 0x200000, 0);
    probe("s2s1af0", probe_ldr, T + 0x400000, 0);
    /* AT at EL1: stage-1 results in PAR (an IPA), but a stage-2 fault on the stage-1 walk is
     * taken to EL2 (AArch64.AT: CM = 1, WnR = 1, S1PTW = 1). */
    probe("s2ro", probe_at_s1e1r, T, 0);
    probe("s1inval", probe_at_s1e1r, T + 0x4000, 0);
    probe("s1ro_el1", probe_at_s1e0w, T + 0x5000, 0);
    probe("s1rw", probe_at_s1e0w, T + 0xb000, 0);
    probe("s1oa32", probe_at_s1e1r, T + 0xa000, 0);
    probe("s1ptw_s2inval", probe_at_s1e1r, T + 0x200000, 0);
    probe("s1ptw_s2inval", probe_at_s1e0w, T + 0x200000, 0);
    rt_puts("faults at EL0:\n");
    probe("s2ro", probe_ldr, T, 1);
    probe("s2ro", probe_str, T, 1);
    probe("s2inval", probe_exec, T + 0x1000, 1);
    probe("s1inval", probe_ldr, T + 0x4000, 1);
    probe("s1ro_el1", probe_ldr, T + 0x5000, 1);
    probe("s1pxn", probe_exec, T + 0x7000, 1);
    probe("s1uxn", probe_exec, T + 0x8000, 1);
    probe("s1el0w", probe_exec, T + 0x9000, 1);
    probe("s1rw", probe_str, T + 0xb000, 1);
    probe("s1rw", probe_ldr, T + 0xb000, 1);
    probe("s1ptw_s2inval", probe_ldr, T + 0x200000, 1);
    return arg + 1;
}

static uint64_t el2_main(uint64_t arg)
{
    uint64_t T = EL2_VA, P = 0x10000;
    rt_puts("faults at EL2 (EL2 regime, 64K granule):\n");
    probe("inval3", probe_ldp, T, 0);
    probe("inval3", probe_exec, T, 0);
    probe("ro", probe_ldp, T + P, 0);
    probe("ro", probe_stp, T + P, 0);
    probe("af0", probe_ldp, T + 2 * P, 0);
    probe("af0", probe_exec, T + 2 * P, 0);
    probe("xn", probe_exec, T + 3 * P, 0);
    probe("x", probe_exec, T + 4 * P, 0);
    probe("oa32", probe_stp, T + 5 * P, 0);
    probe("above", probe_ldp, 1ul << 42, 0);
    uint64_t r = rt_call_lower(el1_main, arg + 1, RT_SPSR_EL1H);
    rt_printf("back at EL2 from EL1: %lx\n", r);
    return r + 1;
}

static void part_faults(void)
{
    uint64_t ro = (uint64_t)__ro_end;
    mt_pool_init(pool, POOL_SIZE);

    /* EL2: 64K granule, T0SZ = 22 (start level 2), PS 32 bits. */
    struct mt e2;
    mt_init_s1(&e2, 16, 42);
    mt_map_range(&e2, RAM_BASE, RAM_BASE, ro - RAM_BASE, D_AF | D_AP(AP_RO_ALL) | D_ATTR(ATTR_WB) | D_SH(3));
    mt_map_range(&e2, ro, ro, RAM_BASE + RAM_SIZE - ro, D_AF | D_AP(AP_RW_ALL) | D_XN | D_ATTR(ATTR_WB) | D_SH(3));
    mt_map(&e2, UART_PA, UART_PA, 3, D_AF | D_AP(AP_RW_ALL) | D_XN | D_ATTR(ATTR_DEV));
    uint64_t T = EL2_VA, P = 0x10000;
    mt_map(&e2, T + P, (uint64_t)data_pages[0], 3, D_AF | D_AP(AP_RO_ALL) | D_XN | D_SH(3));
    mt_map(&e2, T + 2 * P, (uint64_t)exec_page, 3, D_AP(AP_RO_ALL) | D_SH(3));
    mt_map(&e2, T + 3 * P, (uint64_t)exec_page, 3, D_AF | D_AP(AP_RO_ALL) | D_XN | D_SH(3));
    mt_map(&e2, T + 4 * P, (uint64_t)exec_page, 3, D_AF | D_AP(AP_RO_ALL) | D_SH(3));
    mt_map(&e2, T + 5 * P, 0x100000000ul, 3, D_AF | D_AP(AP_RW_ALL) | D_XN | D_SH(3));
    RT_WRITE_SYSREG(tcr_el2, TCR_EL23_RES1 | TCR_T0SZ(22) | TCR_WALK0 | TCR_TG0(16) | TCR_PS(PS_32));
    RT_WRITE_SYSREG(mair_el2, MAIR_VALUE);
    RT_WRITE_SYSREG(ttbr0_el2, e2.root);

    /* Stage 2: 4K granule, T0SZ = 24, SL0 = 1 (two concatenated level-1 tables). */
    struct mt s2;
    mt_init_s2(&s2, 12, 40, 1);
    mt_map_range(&s2, RAM_BASE, RAM_BASE, RAM_SIZE, D_AF | D_AP(S2AP_RW) | D_MEMATTR(0xf) | D_SH(3));
    mt_map_range(&s2, UART_PA, UART_PA, 0x200000, D_AF | D_AP(S2AP_RW) | D_XN | D_MEMATTR(0x0));
    mt_map(&s2, IPA_T, (uint64_t)data_pages[1], 3, D_AF | D_AP(S2AP_RO) | D_MEMATTR(0xf) | D_SH(3));
    /* IPA_T + 0x1000: invalid */
    mt_map(&s2, IPA_T + 0x2000, (uint64_t)data_pages[2], 3, D_AP(S2AP_RW) | D_MEMATTR(0xf) | D_SH(3));
    mt_map(&s2, IPA_T + 0x3000, (uint64_t)exec_page, 3, D_AF | D_AP(S2AP_RW) | D_XN | D_MEMATTR(0xf) | D_SH(3));
    mt_map(&s2, IPA_T + 0x5000, (uint64_t)data_pages[3], 3, D_AF | D_AP(S2AP_RW) | D_MEMATTR(0xf) | D_SH(3));
    mt_map(&s2, IPA_T + 0x6000, (uint64_t)exec_page, 3, D_AF | D_AP(S2AP_RW) | D_MEMATTR(0xf) | D_SH(3));
    mt_map(&s2, IPA_T + 0xb000, (uint64_t)data_pages[4], 3, D_AF | D_AP(S2AP_RW) | D_MEMATTR(0xf) | D_SH(3));
    /* IPA_T + 0x10000 (a stage-1 table's IPA): invalid */
    RT_WRITE_SYSREG(vtcr_el2, VTCR_RES1 | TCR_T0SZ(24) | VTCR_SL0(1) | TCR_WALK0 | TCR_TG0(12) | TCR_PS(PS_40));
    RT_WRITE_SYSREG(vttbr_el2, s2.root | (9ul << 48));

    /* EL1&0: 4K granule, T0SZ = 25 (start level 1), IPS 32 bits; code read-only for both
     * ELs, data read/write for both (so execute-never at EL1). */
    struct mt e1;
    mt_init_s1(&e1, 12, 39);
    mt_map_range(&e1, RAM_BASE, RAM_BASE, ro - RAM_BASE, D_AF | D_AP(AP_RO_ALL) | D_ATTR(ATTR_WB) | D_SH(3));
    for (uint64_t a = ro; a < RAM_BASE + RAM_SIZE; a += 0x1000)
        mt_map(&e1, a, a, 3, D_AF | D_AP(AP_RW_ALL) | D_UXN | D_PXN | D_ATTR(ATTR_WB) | D_SH(3));
    mt_map(&e1, UART_PA, UART_PA, 3, D_AF | D_AP(AP_RW_ALL) | D_UXN | D_PXN | D_ATTR(ATTR_DEV));
    T = EL1_VA;
    uint64_t pg = D_AF | D_ATTR(ATTR_WB) | D_SH(3);
    mt_map(&e1, T, IPA_T, 3, pg | D_AP(AP_RW_ALL));
    mt_map(&e1, T + 0x1000, IPA_T + 0x1000, 3, pg | D_AP(AP_RO_ALL));
    mt_map(&e1, T + 0x2000, IPA_T + 0x2000, 3, pg | D_AP(AP_RW_ALL));
    mt_map(&e1, T + 0x3000, IPA_T + 0x3000, 3, pg | D_AP(AP_RO_ALL));
    /* T + 0x4000: invalid */
    mt_map(&e1, T + 0x5000, IPA_T + 0x5000, 3, pg | D_AP(AP_RO_EL1));
    mt_map(&e1, T + 0x6000, IPA_T + 0x6000, 3, D_ATTR(ATTR_WB) | D_SH(3) | D_AP(AP_RO_ALL));  /* AF = 0 */
    mt_map(&e1, T + 0x7000, IPA_T + 0x6000, 3, pg | D_AP(AP_RO_ALL) | D_PXN);
    mt_map(&e1, T + 0x8000, IPA_T + 0x6000, 3, pg | D_AP(AP_RO_ALL) | D_UXN);
    mt_map(&e1, T + 0x9000, IPA_T + 0x6000, 3, pg | D_AP(AP_RW_ALL));
    mt_map(&e1, T + 0xa000, 0x100000000ul, 3, pg | D_AP(AP_RW_ALL));
    mt_map(&e1, T + 0xb000, IPA_T + 0xb000, 3, pg | D_AP(AP_RW_ALL));
    *mt_slot(&e1, T + 0x200000, 2, 0) = (IPA_T + 0x10000) | D_TABLE;
    /* Stage 1 AF = 0 behind a stage-2 fault-free walk: the stage-1 fault wins. */
    mt_map(&e1, T + 0x400000, IPA_T + 0x1000, 3, D_ATTR(ATTR_WB) | D_SH(3) | D_AP(AP_RW_ALL));
    RT_WRITE_SYSREG(tcr_el1, TCR_T0SZ(25) | TCR_WALK0 | TCR_TG0(12) | TCR_EPD1 | TCR_IPS(PS_32));
    RT_WRITE_SYSREG(mair_el1, MAIR_VALUE);
    RT_WRITE_SYSREG(ttbr0_el1, e1.root | (1ul << 48));

    RT_WRITE_SYSREG(hcr_el2, HCR_RW | HCR_VM);
    tlbi_all_el3();
    RT_WRITE_SYSREG(sctlr_el2, SCTLR_EL2_BASE | SCTLR_M | SCTLR_C | SCTLR_I);
    RT_WRITE_SYSREG(sctlr_el1, SCTLR_EL1_BASE | SCTLR_M | SCTLR_C | SCTLR_I);
    uint64_t r = rt_call_lower(el2_main, 0x100, RT_SPSR_EL2H);
    rt_printf("back at EL3 from EL2: %lx\n", r);
    RT_WRITE_SYSREG(sctlr_el1, SCTLR_EL1_BASE);
    RT_WRITE_SYSREG(sctlr_el2, SCTLR_EL2_BASE);
    RT_WRITE_SYSREG(hcr_el2, HCR_RW);
    tlbi_all_el3();
}
#endif

int main(void)
{
    rt_puts("mmu_diff: start\n");
    rt_setup_els();
    rt_exc_hook = fault_hook;
    for (int i = 0; i < 8; i++)
        for (int j = 0; j < 8192; j++)
            data_pages[i][j] = 0xd0d00000ul | (uint64_t)i << 16 | (uint64_t)j;
    part_s1();
    part_s2();
    for (unsigned i = 0; i < sizeof(el2_cfgs) / sizeof(el2_cfgs[0]); i++)
        el2_config(&el2_cfgs[i]);
    part_el3();
#ifndef MMU_16K
    part_faults();
#endif
    rt_puts("mmu_diff: done\n");
    return 0;
}
