/* SPDX-License-Identifier: MIT */
/* Scenario 9 (seed 001, TLB entries tagged with whom they belong to, so that an invalidation
 * applies to some of them only): two VMs whose stage 2 maps the same IPA to different PAs run
 * alternately, switched by VTTBR_EL2 alone; the VMID in every TLB entry keeps their
 * translations apart, and TLBI VMALLS12E1 removes one VM's entries only. */
#include "mmu.h"

#define VM_SCENARIO 9
#define VM_IPA      0x80000000ul      /* the same IPA in both VMs: L1[2] of stage 2 */
#define VM_VA       VM_IPA            /* and the same VA: the guests' stage 1 is identity */
#define VM_VA_BITS  39
#define VM_COUNT    2

/* The guest kernel's EL1 translation context, the same in both VMs (one kernel image, one set
 * of boot tables at the same IPAs): loaded by the hypervisor on every switch to a VM, as a
 * vCPU switch restores the EL1 system registers. With stage 1 on, every TLB entry the guests
 * create combines both stages and is tagged with the VMID (and ASID 0, the same in both). */
static uint64_t vm_s1_root;

struct vm {
    unsigned vmid;
    struct pt s2;
    uint64_t data_pa;                  /* what VM_IPA is in this VM */
};
static struct vm vms[VM_COUNT];

/* The data page: an identity word, a run counter the guest increments, a name. */
struct vm_data {
    uint64_t id;
    uint64_t runs;
    char name[16];
};

/* ---------------- EL1: the guest, the same code in both VMs ---------------- */

/* Stage 1 maps VA VM_VA to IPA VM_IPA in both VMs: only stage 2 decides which page it sees. */
static void vm_guest(void)
{
    volatile struct vm_data *d = (volatile struct vm_data *)VM_VA;
    uint64_t runs = d->runs + 1;
    d->runs = runs;
    hv_printf("  guest: MMU %s, VA 0x%lx (IPA 0x%lx) holds id 0x%lx \"%s\", run %lu\n",
              read_sysreg(sctlr_el1) & SCTLR_M ? "on" : "off", VM_VA, VM_IPA, d->id,
              (const char *)d->name, runs);
    guest_exit(d->id << 8 | runs);
}

/* ---------------- EL2 ---------------- */

/* Make `vm` current: VTTBR_EL2 only. No TLB maintenance: entries of the other VM carry its
 * VMID and cannot match (Arm ARM, "VMID and ASID tagging of TLB entries"). */
static void vm_switch(const struct vm *vm)
{
    write_sysreg(vttbr_el2, VTTBR(vm->vmid, vm->s2.root));
    isb();
}

static void vm_run(unsigned n, uint64_t want_runs)
{
    const struct vm *vm = &vms[n];
    vm_switch(vm);
    hv_printf("  hv: VTTBR_EL2 <- VM%u (VMID %u, stage-2 root 0x%lx), no TLBI; ERET\n", n + 1,
              vm->vmid, (uint64_t)vm->s2.root);
    struct trap_frame entry;
    el1_guest_prepare();
    /* The VM's EL1 context: MAIR, TCR, TTBR0 (ASID 0), then SCTLR_EL1 with the MMU on. */
    write_sysreg(mair_el1, MAIR_VALUE);
    write_sysreg(tcr_el1, TCR_LOWER(64 - VM_VA_BITS));
    write_sysreg(ttbr0_el1, vm_s1_root);
    write_sysreg(sctlr_el1, SCTLR_EL1_MMU_ON);
    isb();
    guest_frame_init(&entry, vm_guest, SPSR_EL1H);
    uint64_t status = hv_run_guest(&entry);
    uint64_t want = (0x11ul * (n + 1)) << 8 | want_runs;
    if (status != want)
        hv_fail("scenario 9: VM%u returned 0x%lx, expected 0x%lx", n + 1, status, want);
}

int scenario_vmids(void)
{
    hv_printf("[scenario 9] vmids: two VMs, one IPA, two PAs, switched by VTTBR_EL2 alone\n");
    page_pool_select(VM_SCENARIO);
    /* The guests' stage 1 (at IPA = PA, which both stage 2s map identically): the UART, RAM
     * identity, and the data window. */
    struct pt s1;
    pt_init(&s1, 1);
    pt_map(&s1, UART_PAGE, UART_PAGE, PAGE_SIZE, 3, S1_DEVICE);
    pt_map(&s1, SZ_1G, SZ_1G, SZ_1G, 1, S1_NORMAL);
    pt_map(&s1, VM_VA, VM_IPA, PAGE_SIZE, 3, S1_NORMAL | PTE_PXN | PTE_UXN);
    vm_s1_root = (uint64_t)s1.root;
    hv_printf("  hv: guest stage 1 (both VMs): root 0x%lx, VA 0x%lx -> IPA 0x%lx\n", vm_s1_root,
              VM_VA, VM_IPA);
    for (unsigned n = 0; n < VM_COUNT; n++) {
        struct vm *vm = &vms[n];
        vm->vmid = VM_SCENARIO + n;
        s2_init_identity(&vm->s2);
        vm->data_pa = (uint64_t)page_alloc();
        struct vm_data *d = (struct vm_data *)vm->data_pa;
        d->id = 0x11ul * (n + 1);
        d->runs = 0;
        memcpy(d->name, n ? "VM2's page" : "VM1's page", 11);
        pt_map(&vm->s2, VM_IPA, vm->data_pa, PAGE_SIZE, 3, S2_NORMAL | S2_XN);
        hv_printf("  hv: VM%u: VMID %u, stage 2 maps IPA 0x%lx -> PA 0x%lx\n", n + 1, vm->vmid,
                  VM_IPA, vm->data_pa);
    }
    /* Both VMIDs are new to these tables: flush each once before its first use (s2_enable does
     * it for VM1; VM2's is done here). */
    vm_switch(&vms[1]);
    tlbi(vmalls12e1);
    dsb(ish);
    s2_enable(&vms[0].s2, vms[0].vmid, 0);

    vm_run(0, 1);
    vm_run(1, 1);
    vm_run(0, 2);

    /* TLBI VMALLS12E1 applies to the VMID in VTTBR_EL2 (Arm ARM, TLBI VMALLS12E1): VM1's. */
    vm_switch(&vms[0]);
    tlbi(vmalls12e1);
    dsb(ish);
    isb();
    hv_printf("  hv: TLBI VMALLS12E1 with VTTBR_EL2.VMID = %u: VM1's stage 1 and 2 entries go,"
              " VM2's (VMID %u) stay\n", vms[0].vmid, vms[1].vmid);

    vm_run(0, 3);
    vm_run(1, 2);

    el1_guest_prepare();
    /* Retire both VMIDs: each one's entries go before VTTBR_EL2 is cleared. */
    vm_switch(&vms[1]);
    tlbi(vmalls12e1);
    dsb(ish);
    vm_switch(&vms[0]);
    s2_disable();
    hv_printf("  hv: both VMs kept their own page; stage 2 off\n");
    hv_printf("[scenario 9] ok\n");
    return 0;
}
