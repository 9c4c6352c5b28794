/* SPDX-License-Identifier: MIT */
/* Scenario 4 (seed 004, first abstract): the hypervisor scans a guest's virtual address space
 * with AT S1E1R and skips each hole by the size of the table level that faulted. */
#include "mmu.h"

#define GS_SCENARIO  4
#define GS_VMID      4
#define GS_VA_BITS   39                /* T0SZ = 25: the walk starts at level 1 */
#define HVC_GS_SCAN  1                 /* guest -> hypervisor: "scan my address space" */

/* The guest's address space: a UART page, its image as one 2 MiB block (identity: code, data
 * and stacks all lie in it, link.ld checks), and a few data pages, one of them the very last page
 * of the 39-bit range. Everything else is a hole. */
struct gs_region {
    uint64_t va;
    unsigned pages;      /* 4K data pages; 0 for the two fixed mappings */
};
#define GS_IMAGE_VA  0x40000000ul
static const struct gs_region gs_data[] = {
    { 0x0000000080000000ul, 2 },       /* two pages, consecutive in PA: one range */
    { 0x0000000080205000ul, 1 },
    { 0x0000007ffffff000ul, 1 },       /* the last page below 2^39 */
};
#define GS_NDATA     (sizeof(gs_data) / sizeof(gs_data[0]))
#define GS_NRANGES   (2 + GS_NDATA)
#define GS_MAGIC     0x5ca40000ul

#define GS_GUEST_OK    0
#define GS_GUEST_WRONG 1

static unsigned gs_scans;

/* ---------------- EL1: the guest kernel ---------------- */

static void gs_guest(void)
{
    struct pt pt;
    pt_init(&pt, 1);
    pt_map(&pt, UART_PAGE, UART_PAGE, PAGE_SIZE, 3, S1_DEVICE);
    pt_map(&pt, GS_IMAGE_VA, GS_IMAGE_VA, SZ_2M, 2, S1_NORMAL);
    for (unsigned i = 0; i < GS_NDATA; i++) {
        uint64_t pa = 0;
        for (unsigned p = 0; p < gs_data[i].pages; p++) {
            uint64_t page = (uint64_t)page_alloc();   /* consecutive pages: consecutive PAs */
            if (!p)
                pa = page;
        }
        pt_map(&pt, gs_data[i].va, pa, gs_data[i].pages * PAGE_SIZE, 3,
               S1_NORMAL | PTE_PXN | PTE_UXN);
    }
    el1_mmu_on((uint64_t)pt.root, TCR_LOWER(64 - GS_VA_BITS));
    hv_printf("  guest: EL1 stage 1 on: %u-bit VAs, 4K granule, TTBR0_EL1 0x%lx;"
              " a UART page, a 2 MiB block and %u data ranges\n",
              GS_VA_BITS, (uint64_t)pt.root, (unsigned)GS_NDATA);
    for (unsigned i = 0; i < GS_NDATA; i++)
        for (unsigned p = 0; p < gs_data[i].pages; p++)
            *(volatile uint64_t *)(gs_data[i].va + p * PAGE_SIZE) = GS_MAGIC + i;

    hv_printf("  guest: HVC #%u: scan my address space\n", HVC_GS_SCAN);
    register uint64_t x0 __asm__("x0");
    __asm__ volatile("hvc #1" : "=r"(x0) : : "memory");
    hv_printf("  guest: the hypervisor found %lu ranges\n", x0);
    int wrong = x0 != GS_NRANGES;
    for (unsigned i = 0; i < GS_NDATA; i++)
        wrong |= *(volatile uint64_t *)gs_data[i].va != GS_MAGIC + i;
    guest_exit(wrong ? GS_GUEST_WRONG : GS_GUEST_OK);
}

/* ---------------- EL2: the scan ---------------- */

struct gs_range {
    uint64_t va, end, pa;   /* [va, end) -> pa */
    unsigned attr;          /* PAR_EL1.ATTR: MAIR encoding of the stage-1 attributes */
};

static const char *gs_attr_name(unsigned attr)
{
    return attr == 0xff ? "Normal WB" : attr == 0x04 ? "Device-nGnRE" : "other";
}

static unsigned gs_flush(struct gs_range *r, unsigned n)
{
    if (r->end == r->va)
        return n;
    uint64_t pages = (r->end - r->va) / PAGE_SIZE;
    hv_printf("  hv: range %u: VA 0x%010lx-0x%010lx -> IPA 0x%08lx, %lu page%s, %s\n", n, r->va,
              r->end - 1, r->pa, pages, pages == 1 ? "" : "s", gs_attr_name(r->attr));
    r->va = r->end;
    return n + 1;
}

/* The seed's method: set the current GVA to the first one, translate it with the ISA's
 * address translation instruction, and on an error read the level of the faulting table from
 * the syndrome and continue at the next GVA that the next entry of that table maps. AT S1E1R
 * at EL2 translates with the guest's own EL1&0 stage-1 registers (and, with HCR_EL2.VM set,
 * the stage-2 translation of every stage-1 table access); PAR_EL1.F = 1 reports a fault with
 * its status code in FST (Arm ARM, PAR_EL1). A successful translation does not say the size
 * of the block it came from, so mapped memory advances one page at a time. */
static uint64_t gs_scan(void)
{
    struct gs_range cur = { 0, 0, 0, 0 };
    unsigned ranges = 0, ats = 0, faults[4] = { 0, 0, 0, 0 };
    uint64_t va = 0, end = 1ul << GS_VA_BITS;
    /* PAR_EL1 belongs to the guest: the scan's ATs must not change what it reads there. */
    uint64_t guest_par = read_sysreg(par_el1);

    while (va < end) {
        uint64_t par = at_s1e1r(va);
        ats++;
        if (!(par & PAR_F)) {
            if (cur.end != va || cur.pa + (cur.end - cur.va) != PAR_PA(par) ||
                cur.attr != PAR_ATTR(par)) {
                ranges = gs_flush(&cur, ranges);
                cur.va = va;
                cur.pa = PAR_PA(par);
                cur.attr = PAR_ATTR(par);
            }
            cur.end = va + PAGE_SIZE;
            va += PAGE_SIZE;
            continue;
        }
        ranges = gs_flush(&cur, ranges);
        unsigned fst = PAR_FST(par);
        /* PAR_EL1.S (bit 9) = 1 would be a stage-2 fault on a table access: not expected. */
        if (FSC_TYPE(fst) != FSC_TRANSLATION || (par & (1ul << 9)))
            hv_fail("scenario 4: AT S1E1R 0x%lx: PAR_EL1 0x%lx is not a stage-1 translation fault",
                    va, par);
        unsigned level = FSC_LEVEL(fst);
        faults[level]++;
        uint64_t size = level_size(level);
        va = (va + size) & ~(size - 1);
    }
    ranges = gs_flush(&cur, ranges);
    write_sysreg(par_el1, guest_par);
    hv_printf("  hv: %u AT S1E1R: %u mapped pages, translation faults at level 1: %u (1 GiB"
              " skips), level 2: %u (2 MiB), level 3: %u (4 KiB)\n",
              ats, ats - faults[0] - faults[1] - faults[2] - faults[3], faults[1], faults[2],
              faults[3]);
    hv_printf("  hv: a page-by-page scan of the %u-bit space would take %lu AT S1E1R\n", GS_VA_BITS,
              end / PAGE_SIZE);
    if (faults[0] || ats > 8192)
        hv_fail("scenario 4: unexpected scan cost");
    return ranges;
}

static int gs_trap(struct trap_frame *f)
{
    if (ESR_EC(f->esr) != EC_HVC64 || ESR_ISS(f->esr) != HVC_GS_SCAN)
        return 0;
    gs_scans++;
    hv_printf("  hv: HVC #%u: scanning the guest's VA space [0, 2^%u) with AT S1E1R\n",
              HVC_GS_SCAN, GS_VA_BITS);
    f->x[0] = gs_scan();   /* the HVC returns to the next instruction: ELR needs no change */
    return 1;
}

/* ---------------- EL2: driving the scenario ---------------- */

int scenario_gva_scan(void)
{
    hv_printf("[scenario 4] gva-scan: scanning a guest's address space with AT S1E1R\n");
    page_pool_select(GS_SCENARIO);
    struct pt s2;
    s2_init_identity(&s2);
    s2_enable(&s2, GS_VMID, 0);
    hv_printf("  hv: stage 2 on (VMID %u, IPA = PA), ERET to the guest at EL1\n", GS_VMID);

    el1_guest_prepare();
    gs_scans = 0;
    mmu_trap_hook = gs_trap;
    struct trap_frame entry;
    guest_frame_init(&entry, gs_guest, SPSR_EL1H);
    uint64_t status = hv_run_guest(&entry);
    mmu_trap_hook = 0;
    el1_guest_prepare();
    s2_disable();

    if (status != GS_GUEST_OK || gs_scans != 1)
        hv_fail("scenario 4: guest status %lu after %u scans", status, gs_scans);
    hv_printf("  hv: guest exited, stage 2 off\n");
    hv_printf("[scenario 4] ok\n");
    return 0;
}
