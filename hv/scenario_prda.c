/* SPDX-License-Identifier: MIT */
/* Scenario 10 (seed 003, "Implementing per-processor memory areas with non-preemptible
 * operations using virtual aliases"): each CPU's private data area (PRDA) is mapped at one fixed
 * VA by that CPU's own translation tables, so a context that obtained the PRDA's address on one
 * CPU and then migrated to another operates on the new CPU's PRDA with the same address. */
#include "mmu.h"

#define PR_SCENARIO 10
#define PR_VMID     11
#define PR_VA_BITS  39                 /* T0SZ = 25: walks start at level 1 */
#define PR_VA       0xc0000000ul       /* the PRDA alias: L1[3], the same VA on every CPU */
#define PR_CPUS     2

/* One CPU's private data area. */
struct prda {
    uint64_t cpu;                      /* which CPU owns it */
    uint64_t counter;                  /* per-CPU event counter */
    uint64_t pa;                       /* where it really is, for the printout */
};

#define PR_GUEST_OK    0
#define PR_GUEST_WRONG 1

/* ---------------- EL1: the kernel ---------------- */

static uint64_t pr_roots[PR_CPUS];

/* "Migration": the context continues on `cpu`. On hardware that CPU's TTBR0_EL1 already holds
 * its own root; here one PE plays every CPU, so the switch loads it. The roots differ only in
 * the PRDA mapping, which is non-global, and each root has its own ASID (cpu + 1), so the old
 * CPU's PRDA translation cannot be used after the switch and no TLBI is needed (Arm ARM, "Use
 * of ASIDs"); the ISB makes the new TTBR0_EL1 apply to what follows. */
static void pr_migrate(unsigned cpu)
{
    write_sysreg(ttbr0_el1, pr_roots[cpu] | TTBR_ASID(cpu + 1));
    isb();
}

/* A non-preemptible PRDA operation: with interrupts masked (DAIF, as everything here runs)
 * nothing can migrate the context between the load and the store. */
static uint64_t pr_count_event(volatile struct prda *p)
{
    uint64_t v = p->counter + 1;
    p->counter = v;
    return v;
}

static uint64_t pr_pa_of(uint64_t va)
{
    uint64_t par;
    __asm__ volatile("at s1e1r, %1\n isb\n mrs %0, par_el1" : "=r"(par) : "r"(va) : "memory");
    return par & PAR_F ? ~0ul : PAR_PA(par) | (va & 0xfff);
}

static void pr_kernel(void)
{
    /* One root per CPU. Shared, global: the UART and RAM (identity). Per CPU, non-global:
     * L1[3] -> L2 -> L3 -> that CPU's PRDA at PR_VA. */
    struct pt shared;
    pt_init(&shared, 1);
    pt_map(&shared, UART_PAGE, UART_PAGE, SZ_2M, 2, S1_DEVICE);
    uint64_t uart_l2 = shared.root[0];
    uint64_t prda_pa[PR_CPUS];
    for (unsigned cpu = 0; cpu < PR_CPUS; cpu++) {
        struct pt root;
        pt_init(&root, 1);
        root.root[0] = uart_l2;
        pt_map(&root, SZ_1G, SZ_1G, SZ_1G, 1, S1_NORMAL);
        prda_pa[cpu] = (uint64_t)page_alloc();
        pt_map(&root, PR_VA, prda_pa[cpu], PAGE_SIZE, 3, S1_NORMAL | PTE_NG | PTE_PXN | PTE_UXN);
        struct prda *p = (struct prda *)prda_pa[cpu];
        p->cpu = cpu;
        p->counter = 0;
        p->pa = prda_pa[cpu];
        pr_roots[cpu] = (uint64_t)root.root;
        hv_printf("  kernel: CPU %u: root 0x%lx (ASID %u) maps the PRDA VA 0x%lx -> PA 0x%lx\n",
                  cpu, pr_roots[cpu], cpu + 1, PR_VA, prda_pa[cpu]);
    }

    el1_mmu_on(pr_roots[0] | TTBR_ASID(1), TCR_LOWER(64 - PR_VA_BITS));
    /* "While a context executes on a first CPU, the context obtains the address of the PRDA." */
    volatile struct prda *p = (volatile struct prda *)PR_VA;
    int wrong = 0;
    static const unsigned path[] = { 0, 1, 0 };
    uint64_t want_counter[PR_CPUS] = { 0, 0 };
    for (unsigned step = 0; step < sizeof(path) / sizeof(path[0]); step++) {
        unsigned cpu = path[step];
        if (step) {
            pr_migrate(cpu);
            hv_printf("  kernel: context migrated to CPU %u (TTBR0_EL1 <- its root, ASID %u)\n",
                      cpu, cpu + 1);
        } else {
            hv_printf("  kernel: context on CPU 0, MMU on; PRDA address obtained: 0x%lx\n",
                      (uint64_t)p);
        }
        /* "...performs one or more operations on the PRDA belonging to the second CPU using
         * the address obtained while the context executed on the first CPU." */
        uint64_t n = pr_count_event(p);
        hv_printf("  kernel:   PRDA at 0x%lx -> PA 0x%lx: cpu %lu, pa 0x%lx, counter now %lu\n",
                  (uint64_t)p, pr_pa_of((uint64_t)p), p->cpu, p->pa, n);
        wrong |= p->cpu != cpu || p->pa != prda_pa[cpu] || n != ++want_counter[cpu] ||
                 pr_pa_of((uint64_t)p) != prda_pa[cpu];
    }
    guest_exit(wrong ? PR_GUEST_WRONG : PR_GUEST_OK);
}

/* ---------------- EL2 ---------------- */

int scenario_prda(void)
{
    hv_printf("[scenario 10] prda: per-CPU data areas behind one virtual alias\n");
    page_pool_select(PR_SCENARIO);
    /* Stage 2 off; the VMID still tags the kernel's TLB entries (see scenario 5). */
    vmid_enter(PR_VMID);
    hv_printf("  hv: ERET to the kernel at EL1 (stage 2 off, VMID %u)\n", PR_VMID);

    uint64_t status = run_el1_guest(pr_kernel);
    vmid_leave();

    if (status != PR_GUEST_OK)
        hv_fail("scenario 10: kernel status %lu", status);
    hv_printf("  hv: kernel exited: one VA, a different PRDA on each CPU\n");
    hv_printf("[scenario 10] ok\n");
    return 0;
}
