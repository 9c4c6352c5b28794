/* SPDX-License-Identifier: MIT */
/* The MMU toolkit of the reference hypervisor: page pool, translation-table builder for stage 1
 * and stage 2, stage-2 enable/update with the TLB maintenance the Arm ARM requires, cache
 * maintenance by VA, and the trap hook of the MMU scenarios. */
#include "mmu.h"

/* EL2 runs with its MMU off (as the rest of hv/ does), so its loads and stores are
 * Non-cacheable and go straight to memory. Tables it builds before a guest or walk can use them
 * therefore need no cache maintenance (pages are never reused, so no stale lines can exist),
 * but descriptors it changes while they are live are followed by DC CIVAC: the table walks are
 * Inner/Outer Write-Back (TCR/VTCR IRGN/ORGN) and may otherwise keep using an old line. */

static uint64_t pages_next, pages_limit;

void page_pool_select(unsigned scenario)
{
    uint64_t slice = POOL_PAGES_PER_SCENARIO * PAGE_SIZE;
    pages_next = (uint64_t)__pages_start + (scenario - 4) * slice;
    pages_limit = pages_next + slice;
    if (scenario < 4 || pages_limit > (uint64_t)__pages_end)
        hv_fail("no page pool slice for scenario %u", scenario);
}

void *page_alloc(void)
{
    if (pages_next + PAGE_SIZE > pages_limit)
        hv_fail("page pool slice exhausted (%lu pages)", POOL_PAGES_PER_SCENARIO);
    uint64_t *p = (uint64_t *)pages_next;
    pages_next += PAGE_SIZE;
    /* Aligned 8-byte stores: fine on Device memory too (MMU off). */
    for (unsigned i = 0; i < PAGE_SIZE / 8; i++)
        p[i] = 0;
    return p;
}

/* ---------------- Table builder ---------------- */

static inline unsigned level_index(unsigned level, uint64_t va)
{
    return (unsigned)(va >> (12 + 9 * (3 - level))) & 511;
}

void pt_init(struct pt *pt, unsigned start_level)
{
    pt->root = page_alloc();
    pt->start_level = start_level;
}

/* Replace the block descriptor *e at `level` with a table mapping the same range with the same
 * attributes one level down (Arm ARM: only valid while the hierarchy is not in use, otherwise
 * break-before-make would be needed). */
static void split_block(uint64_t *e, unsigned level)
{
    uint64_t *t = page_alloc();
    uint64_t attrs = *e & ~(PTE_ADDR_MASK | 3ul);
    uint64_t base = *e & PTE_ADDR_MASK;
    uint64_t type = level + 1 == 3 ? PTE_TYPE_PAGE : PTE_TYPE_BLOCK;
    for (unsigned i = 0; i < 512; i++)
        t[i] = (base + i * level_size(level + 1)) | attrs | type;
    *e = (uint64_t)t | PTE_TYPE_TABLE;
}

uint64_t *pt_entry(struct pt *pt, uint64_t va, unsigned level)
{
    uint64_t *table = pt->root;
    for (unsigned l = pt->start_level;; l++) {
        uint64_t *e = &table[level_index(l, va)];
        if (l == level)
            return e;
        if (!(*e & PTE_VALID))
            *e = (uint64_t)page_alloc() | PTE_TYPE_TABLE;
        else if ((*e & 3) == PTE_TYPE_BLOCK)
            split_block(e, l);
        table = (uint64_t *)(*e & PTE_ADDR_MASK);
    }
}

void pt_map(struct pt *pt, uint64_t va, uint64_t pa, uint64_t size, unsigned level,
            uint64_t attrs)
{
    uint64_t step = level_size(level);
    if (level < 1 || level > 3 || level < pt->start_level || ((va | pa | size) & (step - 1)))
        hv_fail("pt_map: bad mapping va 0x%lx pa 0x%lx size 0x%lx level %u", va, pa, size, level);
    for (uint64_t off = 0; off < size; off += step)
        *pt_entry(pt, va + off, level) =
            (pa + off) | attrs | (level == 3 ? PTE_TYPE_PAGE : PTE_TYPE_BLOCK);
}

void pt_link(struct pt *pt, uint64_t va, unsigned level, const void *table)
{
    *pt_entry(pt, va, level) = (uint64_t)table | PTE_TYPE_TABLE;
}

uint64_t *pt_lookup(const struct pt *pt, uint64_t va, unsigned *level)
{
    uint64_t *table = pt->root;
    for (unsigned l = pt->start_level; l <= 3; l++) {
        uint64_t *e = &table[level_index(l, va)];
        if (!(*e & PTE_VALID))
            return 0;
        if (l == 3 || (*e & 3) == PTE_TYPE_BLOCK) {
            *level = l;
            return e;
        }
        table = (uint64_t *)(*e & PTE_ADDR_MASK);
    }
    return 0;
}

/* ---------------- Stage 2 ---------------- */

void s2_init_identity(struct pt *s2)
{
    pt_init(s2, S2_START_LEVEL);
    pt_map(s2, 0, 0, SZ_1G, 1, S2_DEVICE);
    pt_map(s2, SZ_1G, SZ_1G, SZ_1G, 1, S2_NORMAL);
}

void s2_update_page(uint64_t *desc, uint64_t ipa, uint64_t value)
{
    uint64_t old = *desc;
    /* A change of output address between two valid descriptors needs break-before-make
     * (Arm ARM, "Using break-before-make when updating translation table entries"); the
     * scenarios only change validity and permissions, which do not. */
    if ((old & PTE_VALID) && (value & PTE_VALID) && ((old ^ value) & PTE_ADDR_MASK))
        hv_fail("s2_update_page: IPA 0x%lx would change output address without BBM", ipa);
    *desc = value;
    dcache_clean_inval_poc((uint64_t)desc, 8);
    /* DSB: the descriptor write is visible to the walker before the invalidation. TLBI
     * IPAS2E1 only removes stage-2-only entries for the IPA; entries that combine stage 1 and
     * stage 2 are not tagged by IPA, so TLBI VMALLE1 must follow once the first has completed
     * (Arm ARM, "TLB maintenance instructions", the requirements for stage 2 changes). The final
     * DSB and ISB complete it before the guest runs again. One PE: the non-shareable forms. */
    dsb(ishst);
    tlbi_va(ipas2e1, ipa >> 12);
    dsb(ish);
    tlbi(vmalle1);
    dsb(ish);
    isb();
}

void s2_enable(const struct pt *s2, unsigned vmid, uint64_t hcr_extra)
{
    write_sysreg(vtcr_el2, VTCR_VALUE);
    write_sysreg(vttbr_el2, VTTBR(vmid, s2->root));
    isb();
    /* The VMID may have been used before (by an earlier scenario, with other tables): its TLB
     * entries, stage 1 and stage 2, must go before the new tables are used. The ISB above made
     * the new VTTBR_EL2.VMID the one TLBI VMALLS12E1 applies to. */
    tlbi(vmalls12e1);
    dsb(ish);
    write_sysreg(hcr_el2, HCR_RW | HCR_VM | hcr_extra);
    isb();
}

void s2_disable(void)
{
    write_sysreg(hcr_el2, HCR_RW);
    isb();
    tlbi(vmalls12e1);
    dsb(ish);
    write_sysreg(vttbr_el2, 0);
    isb();
}

/* ---------------- EL1 ---------------- */

void el1_mmu_on(uint64_t ttbr0, uint64_t tcr)
{
    write_sysreg(mair_el1, MAIR_VALUE);
    write_sysreg(tcr_el1, tcr);
    write_sysreg(ttbr0_el1, ttbr0);
    isb();
    tlbi(vmalle1);
    dsb(ish);
    isb();
    write_sysreg(sctlr_el1, SCTLR_EL1_MMU_ON);
    isb();
}

/* ---------------- Cache maintenance ---------------- */

/* CTR_EL0.DminLine [19:16] and IminLine [3:0]: log2 of the line size in words. */
static uint64_t dline(void) { return 4ul << ((read_sysreg(ctr_el0) >> 16) & 0xf); }
static uint64_t iline(void) { return 4ul << (read_sysreg(ctr_el0) & 0xf); }

void sync_icache_range(uint64_t start, uint64_t size)
{
    uint64_t end = start + size, d = dline(), i = iline();
    for (uint64_t a = start & ~(d - 1); a < end; a += d)
        __asm__ volatile("dc cvau, %0" : : "r"(a) : "memory");
    dsb(ish);
    for (uint64_t a = start & ~(i - 1); a < end; a += i)
        __asm__ volatile("ic ivau, %0" : : "r"(a) : "memory");
    dsb(ish);
    isb();
}

void dcache_clean_inval_poc(uint64_t start, uint64_t size)
{
    uint64_t end = start + size, d = dline();
    for (uint64_t a = start & ~(d - 1); a < end; a += d)
        __asm__ volatile("dc civac, %0" : : "r"(a) : "memory");
    dsb(sy);
}

/* ---------------- Trap routing ---------------- */

int (*mmu_trap_hook)(struct trap_frame *f);

int mmu_handle_trap(struct trap_frame *f)
{
    return mmu_trap_hook ? mmu_trap_hook(f) : 0;
}

void vmid_enter(unsigned vmid)
{
    write_sysreg(vttbr_el2, VTTBR(vmid, 0));
    isb();
    tlbi(vmalls12e1);
    dsb(ish);
}

uint64_t run_el1_guest(void (*entry)(void))
{
    el1_guest_prepare();
    struct trap_frame frame;
    guest_frame_init(&frame, entry, SPSR_EL1H);
    uint64_t status = hv_run_guest(&frame);
    el1_guest_prepare();
    return status;
}

void vmid_leave(void)
{
    tlbi(vmalls12e1);
    dsb(ish);
    write_sysreg(vttbr_el2, 0);
    isb();
}
