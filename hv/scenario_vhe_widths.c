/* SPDX-License-Identifier: MIT */
/* Scenario 6 (seed 004, third abstract): with VHE, the hypervisor kernel at EL2 and an EL0
 * program share one translation table hierarchy with different VA widths: 48 bits for the
 * kernel's upper range (TTBR1_EL2), 39 bits for EL0's lower range (TTBR0_EL2). */
#include "mmu.h"

#define VW_SCENARIO   6
#define VW_KERNEL_BITS 48                         /* TCR_EL2.T1SZ = 16: walk from level 0 */
#define VW_USER_BITS   39                         /* TCR_EL2.T0SZ = 25: walk from level 1 */
/* The kernel runs at the upper alias of its image: the lower range seen through TTBR1_EL2's
 * L0[0], which is the very table TTBR0_EL2 points at. */
#define VW_DELTA      0xffff000000000000ul
#define VW_KPRIV_VA   0xffff800000000000ul        /* kernel-only: L0[256], beyond 39 bits */
#define VW_USER_CODE  0x400000ul
#define VW_USER_DATA  0x401000ul
#define VW_USER_STACK 0x410000ul                  /* one page; SP_EL0 starts at its top */
#define VW_USER_OOR   (1ul << VW_USER_BITS)       /* the first VA beyond the user range */
#define VW_ASID       0x42
#define VW_EMULATED   0xfa17ul                    /* what the out-of-range load returns */
/* SCTLR_EL2 with E2H = 1 has SCTLR_EL1's layout. Data caching off (C = 0, Normal memory is
 * then Non-cacheable): EL2 turns its MMU off again at the end of the scenario, and with C = 0 no
 * dirty line can be left behind for the MMU-off code to miss. */
#define VW_SCTLR_ON   (SCTLR_EL1_MMU_OFF | SCTLR_M | SCTLR_I)
/* ID_AA64MMFR1_EL1.VH [11:8]: FEAT_VHE. */
#define ID_VH(mmfr1)  (((mmfr1) >> 8) & 0xf)

struct vw_ctx {
    uint64_t *user_l1, *kernel_l0;
    uint64_t data_pa, kpriv_pa;
};
static struct vw_ctx vw;
static unsigned vw_svcs, vw_aborts;

static uint64_t at_s1e2r(uint64_t va)
{
    __asm__ volatile("at s1e2r, %0" : : "r"(va) : "memory");
    isb();
    return read_sysreg(par_el1);
}

/* ---------------- EL2 (upper range): the kernel's trap handler ---------------- */

static int vw_trap(struct trap_frame *f)
{
    unsigned ec = ESR_EC(f->esr);
    uint32_t iss = ESR_ISS(f->esr);
    if ((f->spsr & 0xf) != 0)
        return 0;                                /* only EL0 traps belong to this scenario */
    if (ec == EC_SVC64) {
        vw_svcs++;
        switch (iss & 0xffff) {
        case 0:
            hv_printf("  kernel: SVC #0 from EL0: exit, status %lu\n", f->x[0]);
            hv_guest_exit(f->x[0]);
        case 1:
            hv_printf("  kernel: SVC #1 from EL0 at PC 0x%lx: its PC 0x%lx, SP_EL0 0x%lx"
                      " (39-bit range, ASID 0x%lx)\n",
                      f->elr - 4, f->x[0], f->x[1], read_sysreg(ttbr0_el2) >> 48);
            return 1;
        case 2: {
            /* The user's page through the kernel's own alias of it: same table, upper range. */
            volatile uint64_t *alias = (volatile uint64_t *)(VW_DELTA + f->x[0]);
            uint64_t v = alias[0];
            alias[1] = ~v;
            hv_printf("  kernel: SVC #2: EL0 VA 0x%lx = kernel VA 0x%lx holds 0x%lx;"
                      " stored its complement at +8\n",
                      f->x[0], (uint64_t)alias, v);
            return 1;
        }
        default:
            hv_fail("scenario 6: unknown SVC #%u from EL0", (unsigned)(iss & 0xffff));
        }
    }
    if (ec == EC_DABT_LOW) {
        /* With HCR_EL2.TGE = 1, EL0's aborts come to EL2 (EC 0x24). A VA above the 39-bit range
         * has no table to walk: a translation fault at level 0 (Arm ARM, AArch64.S1Translate:
         * an input address out of range faults at level 0). This is a stage-1 abort, for which
         * ESR_EL2 carries no instruction syndrome (ISV = 0: the Arm ARM gives one only for
         * stage-2 aborts), so the kernel decodes the load through its alias of the user's
         * code: LDR Xt, [Xn, #imm] is 0xf9400000 | imm12 << 10 | Rn << 5 | Rt. */
        vw_aborts++;
        unsigned fsc = ISS_FSC(iss);
        uint32_t insn = *(volatile uint32_t *)(VW_DELTA + f->elr);
        if ((iss & ISS_WNR) || FSC_TYPE(fsc) != FSC_TRANSLATION || (insn & 0xffc00000) != 0xf9400000)
            hv_fail("scenario 6: unexpected EL0 abort ESR 0x%lx FAR 0x%lx insn 0x%x", f->esr,
                    f->far, insn);
        unsigned rt = insn & 0x1f;
        hv_printf("  kernel: EC 0x24 from EL0: load from 0x%lx (beyond %u bits), DFSC 0x%02x ="
                  " translation fault level %u, ISV=%u; LDR x%u emulated: <- 0x%lx\n",
                  f->far, VW_USER_BITS, fsc, FSC_LEVEL(fsc), (iss & ISS_ISV) ? 1 : 0, rt,
                  VW_EMULATED);
        if (rt != 31)
            f->x[rt] = VW_EMULATED;
        f->elr += 4;
        return 1;
    }
    return 0;
}

/* ---------------- EL2 (upper range): the kernel ---------------- */

static uint64_t vw_kernel(uint64_t arg)
{
    (void)arg;
    uint64_t pc;
    __asm__ volatile("adr %0, ." : "=r"(pc));
    hv_printf("  kernel: EL%u with E2H=1 TGE=1, MMU on, running in the upper range (PC bits"
              " [63:48] = 0x%lx)\n", current_el(), pc >> 48);

    /* The 48-bit part only the kernel can reach. */
    volatile uint64_t *kpriv = (volatile uint64_t *)VW_KPRIV_VA;
    *kpriv = 0x4b45524e454c;                     /* "KERNEL" */
    uint64_t par_k = at_s1e2r(VW_KPRIV_VA);
    uint64_t par_u = at_s1e2r(VW_USER_DATA), par_ua = at_s1e2r(VW_DELTA + VW_USER_DATA);
    hv_printf("  kernel: AT S1E2R 0x%lx -> PA 0x%lx (wrote 0x%lx there)\n", VW_KPRIV_VA,
              PAR_PA(par_k), *kpriv);
    hv_printf("  kernel: AT S1E2R 0x%lx (EL0's range) and 0x%lx (kernel alias) -> PA 0x%lx and"
              " 0x%lx\n", VW_USER_DATA, VW_DELTA + VW_USER_DATA, PAR_PA(par_u), PAR_PA(par_ua));
    if ((par_k | par_u | par_ua) & PAR_F || PAR_PA(par_k) != vw.kpriv_pa ||
        PAR_PA(par_u) != vw.data_pa || PAR_PA(par_ua) != vw.data_pa)
        hv_fail("scenario 6: EL2&0 translations are wrong");

    mmu_trap_hook = vw_trap;
    vw_svcs = vw_aborts = 0;
    write_sysreg(sp_el0, VW_USER_STACK + PAGE_SIZE);
    struct trap_frame entry;
    guest_frame_init(&entry, (void (*)(void))(VW_USER_CODE + (vhe_user_main - vhe_user_start)),
                     SPSR_EL0T);
    entry.x[0] = VW_USER_DATA;
    entry.x[1] = VW_USER_OOR;
    hv_printf("  kernel: ERET to EL0 at 0x%lx (data page 0x%lx, stack 0x%lx)\n", entry.elr,
              VW_USER_DATA, VW_USER_STACK);
    uint64_t status = hv_run_guest(&entry);
    mmu_trap_hook = 0;
    if (vw_svcs != 3 || vw_aborts != 1)
        hv_fail("scenario 6: %u SVCs and %u aborts from EL0", vw_svcs, vw_aborts);
    return status;
}

/* ---------------- EL2 (MMU off): building and entering the EL2&0 regime ---------------- */

int scenario_vhe_widths(void)
{
    hv_printf("[scenario 6] vhe-widths: EL2 kernel (48-bit VAs) and EL0 (39-bit VAs) share one"
              " table hierarchy\n");
    uint64_t mmfr1 = read_sysreg(id_aa64mmfr1_el1);
    if (!ID_VH(mmfr1)) {
        hv_printf("[scenario 6] skipped: no FEAT_VHE (ID_AA64MMFR1_EL1.VH = 0)\n");
        return 1;
    }
    page_pool_select(VW_SCENARIO);

    /* The user's L1 table: TTBR0_EL2's root (39 bits from level 1) and TTBR1_EL2's L0[0]. */
    struct pt user, kernel;
    pt_init(&user, 1);
    uint64_t user_ro = S1_NORMAL | PTE_AP_EL0 | PTE_AP_RO | PTE_NG | PTE_PXN;
    uint64_t user_rw = S1_NORMAL | PTE_AP_EL0 | PTE_NG | PTE_PXN | PTE_UXN;
    uint64_t data = (uint64_t)page_alloc(), stack = (uint64_t)page_alloc();
    pt_map(&user, VW_USER_CODE, (uint64_t)vhe_user_start, PAGE_SIZE, 3, user_ro);
    pt_map(&user, VW_USER_DATA, data, PAGE_SIZE, 3, user_rw);
    pt_map(&user, VW_USER_STACK, stack, PAGE_SIZE, 3, user_rw);
    /* Kernel-only (AP[1] = 0, UXN) and global: the UART at its physical address and RAM's first
     * GiB, which holds the image at its identity address (needed while the MMU goes on and off)
     * and, through L0[0], at its upper alias. */
    pt_map(&user, UART_PAGE, UART_PAGE, SZ_2M, 2, S1_DEVICE);
    pt_map(&user, SZ_1G, SZ_1G, SZ_1G, 1, S1_NORMAL | PTE_UXN);

    pt_init(&kernel, 0);
    pt_link(&kernel, VW_DELTA, 0, user.root);                /* L0[0] -> the user's L1 */
    uint64_t kpriv = (uint64_t)page_alloc();
    pt_map(&kernel, VW_KPRIV_VA, kpriv, PAGE_SIZE, 3, S1_NORMAL | PTE_UXN);
    vw.user_l1 = user.root;
    vw.kernel_l0 = kernel.root;
    vw.data_pa = data;
    vw.kpriv_pa = kpriv;

    uint64_t tcr = TCR_T0SZ(64 - VW_USER_BITS) | TCR_IRGN0_WBWA | TCR_ORGN0_WBWA |
                   TCR_SH0_INNER | TCR_TG0_4K | TCR_UPPER(64 - VW_KERNEL_BITS) | TCR_IPS_40BIT;
    hv_printf("  hv: TTBR1_EL2 0x%lx (T1SZ=%u: kernel, upper %u-bit range);"
              " TTBR0_EL2 0x%lx = its L0[0] table (T0SZ=%u: EL0, %u-bit range), ASID 0x%x\n",
              (uint64_t)kernel.root, 64 - VW_KERNEL_BITS, VW_KERNEL_BITS, (uint64_t)user.root,
              64 - VW_USER_BITS, VW_USER_BITS, VW_ASID);

    /* E2H changes what the EL2 registers mean (TCR_EL2 and SCTLR_EL2 take the EL1 layouts):
     * set it, and TGE, with EL2's MMU off, then load the EL2&0 regime. TLBI ALLE2 covers the
     * EL2&0 regime's entries (Arm ARM, TLBI ALLE2). */
    write_sysreg(hcr_el2, HCR_RW | HCR_E2H | HCR_TGE);
    isb();
    write_sysreg(mair_el2, MAIR_VALUE);
    write_sysreg(tcr_el2, tcr);
    write_sysreg(ttbr0_el2, (uint64_t)user.root | TTBR_ASID(VW_ASID));
    /* TTBR1_EL2 (FEAT_VHE) by its encoding: the assembler only names it for armv8.1-a. */
    write_sysreg(S3_4_C2_C0_1, (uint64_t)kernel.root);
    isb();
    tlbi(alle2);
    dsb(ish);
    isb();
    hv_printf("  hv: HCR_EL2 <- RW|E2H|TGE, SCTLR_EL2.M <- 1, continue at the upper alias"
              " (+0x%lx)\n", VW_DELTA);

    uint64_t status = vhe_call_high(VW_SCTLR_ON, VW_DELTA, vw_kernel, 0);

    /* Back at the identity alias with EL2's MMU off: leave VHE. */
    write_sysreg(hcr_el2, HCR_RW);
    isb();
    write_sysreg(sctlr_el2, SCTLR_EL2_MMU_OFF);
    isb();
    tlbi(alle2);
    dsb(ish);
    isb();
    if (status != 0)
        hv_fail("scenario 6: EL0 program status %lu", status);
    hv_printf("  hv: EL2 MMU off, HCR_EL2 <- RW\n");
    hv_printf("[scenario 6] ok\n");
    return 0;
}
