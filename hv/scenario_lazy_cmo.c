/* SPDX-License-Identifier: MIT */
/* Scenario 7 (seed 003, "Non-unified cache coherency maintenance for virtual machines"): a guest
 * fetches from a page stage 2 does not map yet; the hypervisor loads the code, cleans the data
 * cache and invalidates the instruction cache to the PoU, maps the page executable and resumes
 * the guest, which runs the new code. */
#include "mmu.h"

#define LZ_SCENARIO 7
#define LZ_VMID     7
#define LZ_VA_BITS  39
#define LZ_ARG1     20ul
#define LZ_ARG2     100ul

#define LZ_GUEST_OK    0
#define LZ_GUEST_WRONG 1

static struct pt lz_s2;
static uint64_t lz_ipa, *lz_desc;
static unsigned lz_faults;

/* ---------------- EL1: the guest ---------------- */

/* Entered with x0 = the IPA of the not-yet-present code page. The guest kernel runs with its
 * MMU and caches on (identity stage 1: VA = IPA), so its instruction fetches are cacheable and
 * its translations, combining both stages, are cached in the TLB: a stale instruction cache line
 * or TLB entry would be a real hazard without the hypervisor's maintenance. */
static void lz_guest(uint64_t ipa)
{
    struct pt pt;
    pt_init(&pt, 1);
    pt_map(&pt, UART_PAGE, UART_PAGE, PAGE_SIZE, 3, S1_DEVICE);
    pt_map(&pt, SZ_1G, SZ_1G, SZ_1G, 1, S1_NORMAL);
    el1_mmu_on((uint64_t)pt.root, TCR_LOWER(64 - LZ_VA_BITS));
    uint64_t (*fn)(uint64_t) = (uint64_t (*)(uint64_t))ipa;
    hv_printf("  guest: at EL%u, MMU on (identity, root 0x%lx); calling the code at 0x%lx"
              " (not present yet)\n", current_el(), (uint64_t)pt.root, ipa);
    uint64_t r1 = fn(LZ_ARG1);
    hv_printf("  guest: back from 0x%lx: f(%lu) = %lu\n", ipa, LZ_ARG1, r1);
    uint64_t r2 = fn(LZ_ARG2);
    hv_printf("  guest: second call, no trap: f(%lu) = %lu\n", LZ_ARG2, r2);
    guest_exit(r1 == 2 * LZ_ARG1 + 1 && r2 == 2 * LZ_ARG2 + 1 ? LZ_GUEST_OK : LZ_GUEST_WRONG);
}

/* ---------------- EL2: the stage-2 fault handler ---------------- */

static int lz_trap(struct trap_frame *f)
{
    if (ESR_EC(f->esr) != EC_IABT_LOW)
        return 0;
    uint32_t iss = ESR_ISS(f->esr);
    uint64_t hpfar = read_sysreg(hpfar_el2);
    uint64_t ipa = hpfar_ipa(hpfar, f->far);
    unsigned fsc = ISS_FSC(iss);
    lz_faults++;
    hv_printf("  hv: EC 0x20 (instruction abort, lower EL) IFSC 0x%02x = stage-2 translation fault"
              " level %u, FAR_EL2 0x%lx, HPFAR_EL2 0x%lx -> IPA 0x%lx\n",
              fsc, FSC_LEVEL(fsc), f->far, hpfar, ipa);
    /* S1PTW = 0: the fetch itself faulted, not a stage-1 table walk. */
    if (FSC_TYPE(fsc) != FSC_TRANSLATION || (iss & ISS_S1PTW) || (ipa & PAGE_MASK) != lz_ipa ||
        lz_faults != 1)
        hv_fail("scenario 7: unexpected instruction abort ESR 0x%lx IPA 0x%lx", f->esr, ipa);

    /* "Trapping access to a memory page ... not mapped in a second stage page table": load its
     * contents (IPA = PA here). */
    uint64_t size = (uint64_t)(lazy_code_end - lazy_code_start);
    memcpy((void *)lz_ipa, lazy_code_start, size);
    hv_printf("  hv: copied %lu bytes of code to PA 0x%lx\n", size, lz_ipa);
    /* "Performing cache coherency maintenance for instruction and data caches": new
     * instructions written as data must reach the point of unification before the instruction
     * cache is invalidated for them (Arm ARM, "Concurrent modification and execution of
     * instructions" and "Instruction cache maintenance"). */
    sync_icache_range(lz_ipa, size);
    hv_printf("  hv: DC CVAU, DSB ISH, IC IVAU, DSB ISH, ISB over [0x%lx, 0x%lx)\n", lz_ipa,
              lz_ipa + size);
    /* "Mapping the memory page in the second stage page table with execute permission":
     * read-only and executable (XN = 0). The stage-2 entry was invalid, and a TLB never holds a
     * translation that faulted, so no entry can be stale; the invalidation is what a remap of a
     * previously mapped page would need, kept so the path is the same. */
    s2_update_page(lz_desc, lz_ipa,
                   lz_ipa | S2_MEMATTR_NORMAL_WB | S2AP_RO | PTE_SH_INNER | PTE_AF | PTE_TYPE_PAGE);
    hv_printf("  hv: stage 2 maps IPA 0x%lx read-only, executable; TLBI IPAS2E1, DSB ISH,"
              " TLBI VMALLE1, DSB ISH, ISB; ERET to retry the fetch\n", lz_ipa);
    return 1;   /* ELR_EL2 = the faulting fetch: the guest retries it */
}

/* ---------------- EL2: driving the scenario ---------------- */

int scenario_lazy_cmo(void)
{
    hv_printf("[scenario 7] lazy-cmo: load guest code on its first stage-2 fetch fault\n");
    page_pool_select(LZ_SCENARIO);
    s2_init_identity(&lz_s2);
    lz_ipa = (uint64_t)page_alloc();
    lz_desc = pt_entry(&lz_s2, lz_ipa, 3);   /* splits RAM's 1 GiB block down to pages */
    *lz_desc = 0;
    s2_enable(&lz_s2, LZ_VMID, 0);
    hv_printf("  hv: stage 2 on (VMID %u): IPA = PA except page 0x%lx, left unmapped;"
              " ERET to the guest at EL1\n", LZ_VMID, lz_ipa);

    el1_guest_prepare();
    lz_faults = 0;
    mmu_trap_hook = lz_trap;
    struct trap_frame entry;
    guest_frame_init(&entry, (void (*)(void))lz_guest, SPSR_EL1H);
    entry.x[0] = lz_ipa;
    uint64_t status = hv_run_guest(&entry);
    mmu_trap_hook = 0;
    el1_guest_prepare();
    s2_disable();

    if (status != LZ_GUEST_OK || lz_faults != 1)
        hv_fail("scenario 7: guest status %lu after %u faults", status, lz_faults);
    hv_printf("  hv: guest exited after %u stage-2 fault, stage 2 off\n", lz_faults);
    hv_printf("[scenario 7] ok\n");
    return 0;
}
