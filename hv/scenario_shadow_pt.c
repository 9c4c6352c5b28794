/* SPDX-License-Identifier: MIT */
/* Scenario 8 (seed 002, "Virtualization system using hardware assistance for shadow page table
 * coherence"): the MMU walks a shadow of the guest's stage-1 tables; the guest's table pages are
 * write-protected in stage 2, so each store to them traps and is recorded (a traced write), and
 * the guest's TLB invalidation, the coherency-inducing operation, brings the shadow up to date. */
#include "mmu.h"

#define SP_SCENARIO  8
#define SP_VMID      8
#define SP_VA_BITS   39                        /* T0SZ = 25: guest walks start at level 1 */
#define SP_WINDOW    0x80000000ul              /* the guest's data window, L1[2] */
#define SP_MAGIC     0x5d0000ul                /* data page n holds SP_MAGIC + n */
#define SP_MAX_TABLES 8
#define SP_MAX_WRITES 8

#define SP_GUEST_OK    0
#define SP_GUEST_WRONG 1

/* The hypervisor's knowledge of one guest table: where it is, which level and VA range it
 * translates, and its shadow. */
struct sp_table {
    uint64_t ipa;          /* the guest's table page (IPA = PA here) */
    uint64_t *shadow;      /* the table the MMU really walks */
    uint64_t va;           /* first VA it translates */
    unsigned level;
};
struct sp_write {          /* one traced write: the guest's store, emulated */
    uint64_t ipa, old, new;
};

static struct pt sp_s2;
static struct sp_table sp_tables[SP_MAX_TABLES];
static unsigned sp_ntables;
static struct sp_write sp_log[SP_MAX_WRITES];
static unsigned sp_nlog, sp_ntraced, sp_nsyncs, sp_nchanges;

/* ---------------- EL1: the guest kernel ---------------- */

/* A page-table store with the registers pinned, so the syndrome (SRT) is the same whatever the
 * compiler allocates. A plain STR Xt, [Xn]: a single register, no writeback, so ESR_EL2 carries
 * a valid instruction syndrome (ISV = 1) for the stage-2 fault. */
static void sp_store_pte(uint64_t *pte, uint64_t val)
{
    register uint64_t x9 __asm__("x9") = val;
    register uint64_t *x10 __asm__("x10") = pte;
    __asm__ volatile("str x9, [x10]" : : "r"(x9), "r"(x10) : "memory");
}

/* The guest's coherency point after a change: Arm ARM, "TLB maintenance": DSB so the
 * store is observed by the walker, TLBI by VA, DSB to complete it, ISB for this PE. */
static void sp_tlbi_va(uint64_t va)
{
    __asm__ volatile("dsb ishst\n tlbi vae1, %0\n dsb ish\n isb" : : "r"(va >> 12) : "memory");
}

static uint64_t sp_read(uint64_t va)
{
    return *(volatile uint64_t *)va;
}

static void sp_guest(void)
{
    /* Its own tables, built with its MMU off: L1 -> {L2: UART block, 1 GiB RAM block,
     * L2 -> L3: the data window}. */
    struct pt pt;
    pt_init(&pt, 1);
    pt_map(&pt, UART_PAGE, UART_PAGE, SZ_2M, 2, S1_DEVICE);
    pt_map(&pt, SZ_1G, SZ_1G, SZ_1G, 1, S1_NORMAL);
    uint64_t data[3];
    for (unsigned i = 0; i < 3; i++) {
        data[i] = (uint64_t)page_alloc();
        *(volatile uint64_t *)data[i] = SP_MAGIC + i;
    }
    uint64_t leaf = S1_NORMAL | PTE_PXN | PTE_UXN | PTE_TYPE_PAGE;
    pt_map(&pt, SP_WINDOW, data[0], PAGE_SIZE, 3, S1_NORMAL | PTE_PXN | PTE_UXN);
    unsigned l3level;
    uint64_t *l3 = (uint64_t *)((uint64_t)pt_lookup(&pt, SP_WINDOW, &l3level) & PAGE_MASK);
    hv_printf("  guest: tables built, root 0x%lx; VA 0x%lx -> 0x%lx through L3 table 0x%lx;"
              " MMU on\n", (uint64_t)pt.root, SP_WINDOW, data[0], (uint64_t)l3);
    el1_mmu_on((uint64_t)pt.root, TCR_LOWER(64 - SP_VA_BITS));
    uint64_t v0 = sp_read(SP_WINDOW);
    hv_printf("  guest: MMU on; VA 0x%lx reads 0x%lx\n", SP_WINDOW, v0);

    /* Remap the window page with break-before-make (Arm ARM: invalid, TLBI, then the new
     * entry), and invalidate after the new entry too: every change gets its TLBI. */
    hv_printf("  guest: remap VA 0x%lx -> 0x%lx: L3[0] <- 0, TLBI VAE1, L3[0] <- new, TLBI VAE1\n",
              SP_WINDOW, data[1]);
    sp_store_pte(&l3[0], 0);
    sp_tlbi_va(SP_WINDOW);
    sp_store_pte(&l3[0], data[1] | leaf);
    sp_tlbi_va(SP_WINDOW);
    uint64_t v1 = sp_read(SP_WINDOW);
    hv_printf("  guest: VA 0x%lx reads 0x%lx\n", SP_WINDOW, v1);

    /* A new page: L3[1]. */
    hv_printf("  guest: map VA 0x%lx -> 0x%lx: L3[1] <- new, TLBI VAE1\n", SP_WINDOW + PAGE_SIZE,
              data[2]);
    sp_store_pte(&l3[1], data[2] | leaf);
    sp_tlbi_va(SP_WINDOW + PAGE_SIZE);
    uint64_t v2 = sp_read(SP_WINDOW + PAGE_SIZE);
    hv_printf("  guest: VA 0x%lx reads 0x%lx\n", SP_WINDOW + PAGE_SIZE, v2);

    int wrong = v0 != SP_MAGIC || v1 != SP_MAGIC + 1 || v2 != SP_MAGIC + 2 ||
                l3[0] != (data[1] | leaf) || l3[1] != (data[2] | leaf);
    guest_exit(wrong ? SP_GUEST_WRONG : SP_GUEST_OK);
}

/* ---------------- EL2: the shadow ---------------- */

static struct sp_table *sp_find(uint64_t ipa)
{
    for (unsigned i = 0; i < sp_ntables; i++)
        if (sp_tables[i].ipa == (ipa & PAGE_MASK))
            return &sp_tables[i];
    return 0;
}

static const char *sp_level_name(unsigned level)
{
    return level == 1 ? "L1" : level == 2 ? "L2" : "L3";
}

/* The shadow of one guest descriptor: leaves and invalid entries are copied (the shadow maps
 * VA -> IPA exactly as the guest does; stage 2 still follows), table descriptors point to the
 * shadow of the next table. */
static uint64_t sp_shadow_desc(uint64_t g, unsigned level)
{
    if (!(g & PTE_VALID) || level == 3 || (g & 3) == PTE_TYPE_BLOCK)
        return g;
    struct sp_table *t = sp_find(g & PTE_ADDR_MASK);
    if (!t)
        hv_fail("scenario 8: guest table 0x%lx appeared after TTBR0_EL1 was set (not supported)",
                g & PTE_ADDR_MASK);
    return (uint64_t)t->shadow | (g & ~PTE_ADDR_MASK);
}

/* Register the guest table at `ipa` and everything below it: allocate its shadow and
 * write-protect it in stage 2, so that every store the guest makes to it traps. */
static void sp_adopt(uint64_t ipa, unsigned level, uint64_t va)
{
    if (sp_ntables == SP_MAX_TABLES)
        hv_fail("scenario 8: too many guest tables");
    struct sp_table *t = &sp_tables[sp_ntables++];
    t->ipa = ipa;
    t->level = level;
    t->va = va;
    t->shadow = page_alloc();
    /* Guest table: read-only. Shadow table: read-only too (only the walker reads it; the guest
     * must not be able to write the tables the MMU uses). */
    uint64_t ro = S2_MEMATTR_NORMAL_WB | S2AP_RO | PTE_SH_INNER | PTE_AF | PTE_TYPE_PAGE | S2_XN;
    s2_update_page(pt_entry(&sp_s2, ipa, 3), ipa, ipa | ro);
    s2_update_page(pt_entry(&sp_s2, (uint64_t)t->shadow, 3), (uint64_t)t->shadow,
                   (uint64_t)t->shadow | ro);
    hv_printf("  hv:   guest %s table 0x%lx (VA 0x%lx+) write-protected in stage 2, shadow 0x%lx\n",
              sp_level_name(level), ipa, va, (uint64_t)t->shadow);
    const uint64_t *g = (const uint64_t *)ipa;   /* written by the guest with its MMU off */
    for (unsigned i = 0; i < 512; i++)
        if (level < 3 && (g[i] & 3) == PTE_TYPE_TABLE)
            sp_adopt(g[i] & PTE_ADDR_MASK, level + 1, va + i * level_size(level));
    for (unsigned i = 0; i < 512; i++)
        t->shadow[i] = sp_shadow_desc(g[i], level);
}

/* The coherency point: apply every traced write to the shadow, in order. */
static void sp_sync(void)
{
    sp_nsyncs++;
    if (!sp_nlog)
        hv_printf("  hv:   no traced writes, shadow unchanged\n");
    for (unsigned i = 0; i < sp_nlog; i++) {
        struct sp_write *w = &sp_log[i];
        struct sp_table *t = sp_find(w->ipa);
        unsigned idx = (unsigned)(w->ipa & 0xfff) / 8;
        uint64_t *s = &t->shadow[idx];
        uint64_t before = *s, after = sp_shadow_desc(w->new, t->level);
        *s = after;
        /* EL2 writes Non-cacheable (MMU off); the walker's line for it must go. */
        dcache_clean_inval_poc((uint64_t)s, 8);
        sp_nchanges++;
        hv_printf("  hv:   shadow %s 0x%lx[%u] (VA 0x%lx): 0x%lx -> 0x%lx\n",
                  sp_level_name(t->level), (uint64_t)t->shadow, idx,
                  t->va + idx * level_size(t->level), before, after);
    }
    sp_nlog = 0;
}

/* HCR_EL2.TVM: the guest's writes to its translation controls trap (EC 0x18). All are written
 * through except TTBR0_EL1, which gets the shadow of the tables the guest names. */
static void sp_tvm(struct trap_frame *f, unsigned key, uint64_t v)
{
    switch (key) {
    case SYSREG_KEY(3, 0, 10, 2, 0):
        hv_printf("  hv: EC 0x18 MSR MAIR_EL1, 0x%lx: written through\n", v);
        write_sysreg(mair_el1, v);
        break;
    case SYSREG_KEY(3, 0, 2, 0, 2):
        hv_printf("  hv: EC 0x18 MSR TCR_EL1, 0x%lx: written through\n", v);
        write_sysreg(tcr_el1, v);
        break;
    case SYSREG_KEY(3, 0, 1, 0, 0):
        hv_printf("  hv: EC 0x18 MSR SCTLR_EL1, 0x%lx: written through\n", v);
        write_sysreg(sctlr_el1, v);
        break;
    case SYSREG_KEY(3, 0, 2, 0, 0): {
        if (sp_ntables)
            hv_fail("scenario 8: the guest changed TTBR0_EL1 twice (not supported)");
        hv_printf("  hv: EC 0x18 MSR TTBR0_EL1, 0x%lx: the guest's tables become the shadow's"
                  " source\n", v);
        sp_adopt(v & PTE_ADDR_MASK, 1, 0);
        uint64_t ttbr = (uint64_t)sp_tables[0].shadow | (v & ~PTE_ADDR_MASK);
        write_sysreg(ttbr0_el1, ttbr);
        hv_printf("  hv:   TTBR0_EL1 <- 0x%lx (the shadow root)\n", ttbr);
        break;
    }
    default:
        hv_fail("scenario 8: unexpected trapped register write, ISS 0x%x", (unsigned)ESR_ISS(f->esr));
    }
}

/* HCR_EL2.TTLB: the guest's TLB maintenance traps (EC 0x18) and is the coherency point. Once
 * the shadow is current, the hypervisor performs the guest's invalidation itself: from EL2 it
 * applies to the EL1&0 regime of the VMID in VTTBR_EL2, as the guest's would have. */
static void sp_tlbi(unsigned key, uint64_t xt)
{
    const char *name;
    switch (key) {
    case SYSREG_KEY(1, 0, 8, 7, 0): name = "VMALLE1"; break;
    case SYSREG_KEY(1, 0, 8, 7, 1): name = "VAE1"; break;
    default:
        hv_fail("scenario 8: unexpected trapped TLBI (key 0x%x)", key);
    }
    hv_printf("  hv: EC 0x18 TLBI %s", name);
    if (key == SYSREG_KEY(1, 0, 8, 7, 1))
        hv_printf(", 0x%lx (VA 0x%lx)", xt, (xt & 0xffffffffffful) << 12);
    hv_printf(": coherency point, %u traced write%s\n", sp_nlog, sp_nlog == 1 ? "" : "s");
    sp_sync();
    dsb(ishst);
    if (key == SYSREG_KEY(1, 0, 8, 7, 0))
        tlbi(vmalle1);
    else
        tlbi_va(vae1, xt);
    dsb(ish);
}

/* A stage-2 permission fault on a write to a write-protected guest table: emulate the store
 * from the syndrome (Arm ARM, ISS encoding for a Data Abort: ISV, SAS, SRT, WnR) at the IPA
 * HPFAR_EL2 and FAR_EL2 give, and trace it. */
static void sp_dabt(struct trap_frame *f)
{
    uint32_t iss = ESR_ISS(f->esr);
    uint64_t ipa = hpfar_ipa(read_sysreg(hpfar_el2), f->far);
    unsigned fsc = ISS_FSC(iss), size = 1u << ISS_SAS(iss), srt = ISS_SRT(iss);
    struct sp_table *t = sp_find(ipa);
    if (FSC_TYPE(fsc) != FSC_PERMISSION || !(iss & ISS_ISV) || !(iss & ISS_WNR) ||
        (iss & ISS_S1PTW) || !t || size != 8 || (ipa & 7) || sp_nlog == SP_MAX_WRITES)
        hv_fail("scenario 8: unexpected data abort ESR 0x%lx FAR 0x%lx IPA 0x%lx", f->esr, f->far,
                ipa);
    uint64_t *g = (uint64_t *)ipa, v = frame_reg(f, srt);
    struct sp_write *w = &sp_log[sp_nlog++];
    w->ipa = ipa;
    w->old = *g;
    w->new = v;
    *g = v;
    dcache_clean_inval_poc(ipa, 8);
    sp_ntraced++;
    hv_printf("  hv: EC 0x24 DFSC 0x%02x (stage-2 permission, level %u) ISV=1 SAS=%u SRT=%u WnR=1:"
              " STR x%u=0x%lx to guest %s 0x%lx[%u] (IPA 0x%lx, FAR 0x%lx); traced write %u\n",
              fsc, FSC_LEVEL(fsc), ISS_SAS(iss), srt, srt, v, sp_level_name(t->level), t->ipa,
              (unsigned)(ipa & 0xfff) / 8, ipa, f->far, sp_nlog);
    f->elr += 4;
}

static int sp_trap(struct trap_frame *f)
{
    unsigned ec = ESR_EC(f->esr);
    uint32_t iss = ESR_ISS(f->esr);
    if (ec == EC_DABT_LOW) {
        sp_dabt(f);
        return 1;
    }
    if (ec != EC_SYSREG || SYSREG_ISS_READ(iss))
        return 0;
    unsigned key = SYSREG_ISS_KEY(iss);
    uint64_t v = frame_reg(f, SYSREG_ISS_RT(iss));
    if (SYSREG_ISS_OP0(iss) == 1)
        sp_tlbi(key, v);
    else
        sp_tvm(f, key, v);
    f->elr += 4;   /* a trapped MSR or SYS returns to itself */
    return 1;
}

/* ---------------- EL2: driving the scenario ---------------- */

int scenario_shadow_pt(void)
{
    hv_printf("[scenario 8] shadow-pt: shadow stage-1 tables kept coherent by traced writes\n");
    page_pool_select(SP_SCENARIO);
    s2_init_identity(&sp_s2);
    /* Stage 2 in 4K pages over the pool (and the image), so that single table pages can be
     * write-protected later while stage 2 is live without splitting a block under the guest. */
    (void)pt_entry(&sp_s2, (uint64_t)__pages_start, 3);
    s2_enable(&sp_s2, SP_VMID, HCR_TVM | HCR_TTLB);
    hv_printf("  hv: stage 2 on (VMID %u), HCR_EL2.TVM and TTLB set; ERET to the guest at EL1\n",
              SP_VMID);

    el1_guest_prepare();
    sp_ntables = sp_nlog = sp_ntraced = sp_nsyncs = sp_nchanges = 0;
    mmu_trap_hook = sp_trap;
    struct trap_frame entry;
    guest_frame_init(&entry, sp_guest, SPSR_EL1H);
    uint64_t status = hv_run_guest(&entry);
    mmu_trap_hook = 0;
    el1_guest_prepare();
    s2_disable();

    if (status != SP_GUEST_OK || sp_ntraced != 3 || sp_nsyncs != 4 || sp_nchanges != 3)
        hv_fail("scenario 8: guest status %lu, %u traced writes, %u syncs, %u shadow changes",
                status, sp_ntraced, sp_nsyncs, sp_nchanges);
    hv_printf("  hv: guest exited: %u traced writes, %u coherency points, %u shadow updates\n",
              sp_ntraced, sp_nsyncs, sp_nchanges);
    hv_printf("[scenario 8] ok\n");
    return 0;
}
