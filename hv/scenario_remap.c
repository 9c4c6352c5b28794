/* SPDX-License-Identifier: MIT */
/* Scenario 5 (seed 004, second abstract): a boot loader running with its MMU on moves itself
 * from address space A to address space B through a third space C that maps its switch code at
 * both addresses. */
#include "mmu.h"

#define RM_SCENARIO  5
#define RM_VMID      5
#define RM_VA_BITS   48                           /* T0SZ = 16: the walk starts at level 0 */
/* "Determining a difference in a virtual address of the boot loader image in the first and
 * second address spaces": B is A moved up by 128 TiB, still in the TTBR0_EL1 range. */
#define RM_DELTA     0x0000800000000000ul
#define RM_IMAGE     0x40000000ul                 /* the image's first 2 MiB, identity in A */
#define ASID_A 1
#define ASID_B 2
#define ASID_C 3

#define RM_GUEST_OK    0
#define RM_GUEST_WRONG 1

/* The continuation's own link address, as an absolute value in memory (volatile: GCC would
 * otherwise fold it): taking a function's address in code is PC-relative (ADRP), so at B it
 * yields the B alias. */
static void rm_in_b(uint64_t *pcs) __attribute__((noreturn));
static void (*volatile rm_in_b_link)(uint64_t *) = rm_in_b;
static volatile uint64_t rm_marker = 0xb007ul;

/* ---------------- EL1: the boot loader ---------------- */

/* Runs in address space B, at the B alias of its code, data and stack. */
static void rm_in_b(uint64_t *pcs)
{
    /* Exceptions must find their vectors in B too. */
    write_sysreg(vbar_el1, (uint64_t)el1_guest_vectors);   /* ADRP: the B alias */
    isb();
    hv_printf("  loader: PC 0x%016lx in A (TTBR0_EL1 = A): MSR TTBR0_EL1 <- C\n", pcs[0]);
    hv_printf("  loader: PC 0x%016lx in C, A alias: BR to the B alias\n", pcs[1]);
    hv_printf("  loader: PC 0x%016lx in C, B alias: MSR TTBR0_EL1 <- B\n", pcs[2]);
    hv_printf("  loader: PC 0x%016lx in B: SP and VBAR_EL1 moved by +0x%lx\n", pcs[3], RM_DELTA);

    /* The switch code's page: its A address must not translate any more, its B alias must. */
    uint64_t self = (uint64_t)rm_in_b, link = (uint64_t)rm_in_b_link;
    uint64_t b_addr = (uint64_t)remap_text_start, a_addr = b_addr - RM_DELTA;
    uint64_t par_a = 0, par_b = 0;
    __asm__ volatile("at s1e1r, %2\n isb\n mrs %0, par_el1\n"
                     "at s1e1r, %3\n isb\n mrs %1, par_el1"
                     : "=&r"(par_a), "=&r"(par_b)
                     : "r"(a_addr), "r"(b_addr)
                     : "memory");
    hv_printf("  loader: running at B: this function is at its link address + 0x%lx\n",
              self - link);
    hv_printf("  loader: AT S1E1R 0x%lx (A): PAR_EL1.F=%lu FST=0x%02x, A is gone;"
              " 0x%lx (B) -> PA 0x%lx\n",
              a_addr, par_a & PAR_F, PAR_FST(par_a), b_addr, PAR_PA(par_b));
    int wrong = self - link != RM_DELTA || !(par_a & PAR_F) || (par_b & PAR_F) ||
                PAR_PA(par_b) != a_addr || rm_marker != 0xb007ul || pcs[0] != a_addr ||
                pcs[3] < RM_DELTA;
    hv_printf("  loader: done, HVC #0 to exit\n");
    guest_exit(wrong ? RM_GUEST_WRONG : RM_GUEST_OK);
}

static void rm_loader(void)
{
    struct pt a, b, c;
    uint64_t code = (uint64_t)remap_text_start;

    /* A: the identity map the loader was started with. */
    pt_init(&a, 0);
    pt_map(&a, UART_PAGE, UART_PAGE, PAGE_SIZE, 3, S1_DEVICE | PTE_NG);
    pt_map(&a, RM_IMAGE, RM_IMAGE, SZ_2M, 2, S1_NORMAL | PTE_NG);
    /* B: the image at A + delta, and the UART (its address is absolute in uart.c). */
    pt_init(&b, 0);
    pt_map(&b, UART_PAGE, UART_PAGE, PAGE_SIZE, 3, S1_DEVICE | PTE_NG);
    pt_map(&b, RM_IMAGE + RM_DELTA, RM_IMAGE, SZ_2M, 2, S1_NORMAL | PTE_NG);
    /* C: "maps a code section within the boot loader image at first and second address ranges
     * separated by the difference": only the switch code's page, twice, read-only. */
    pt_init(&c, 0);
    pt_map(&c, code, code, PAGE_SIZE, 3, S1_NORMAL | PTE_AP_RO | PTE_NG);
    pt_map(&c, code + RM_DELTA, code, PAGE_SIZE, 3, S1_NORMAL | PTE_AP_RO | PTE_NG);
    if ((uint64_t)remap_text_end - code > PAGE_SIZE)
        hv_fail("scenario 5: the switch code does not fit in one page");

    el1_mmu_on((uint64_t)a.root | TTBR_ASID(ASID_A), TCR_LOWER(64 - RM_VA_BITS));
    hv_printf("  loader: at EL%u, MMU on in A (ASID %u, TTBR0_EL1 0x%lx): identity image\n",
              current_el(), ASID_A, (uint64_t)a.root);
    hv_printf("  loader: B (ASID %u, 0x%lx): image at +0x%lx; C (ASID %u, 0x%lx): page 0x%lx"
              " at 0x%lx and 0x%lx\n",
              ASID_B, (uint64_t)b.root, RM_DELTA, ASID_C, (uint64_t)c.root, code, code,
              code + RM_DELTA);
    uint64_t pcs[4];
    remap_switch((uint64_t)c.root | TTBR_ASID(ASID_C), (uint64_t)b.root | TTBR_ASID(ASID_B),
                 RM_DELTA, rm_in_b, pcs);
}

/* ---------------- EL2 ---------------- */

int scenario_remap(void)
{
    hv_printf("[scenario 5] remap: boot loader moves from address space A to B through C\n");
    page_pool_select(RM_SCENARIO);
    /* No stage 2 here (HCR_EL2.VM = 0), but a VMID of its own still tags the guest's TLB
     * entries; TLBI VMALLS12E1 before and after keeps other users of VMID 5 out. */
    vmid_enter(RM_VMID);
    hv_printf("  hv: ERET to the boot loader at EL1 (stage 2 off, VMID %u)\n", RM_VMID);

    uint64_t status = run_el1_guest(rm_loader);
    vmid_leave();

    if (status != RM_GUEST_OK)
        hv_fail("scenario 5: boot loader status %lu", status);
    hv_printf("  hv: boot loader exited from B\n");
    hv_printf("[scenario 5] ok\n");
    return 0;
}
