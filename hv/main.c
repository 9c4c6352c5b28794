/* SPDX-License-Identifier: MIT */
/* Boot flow (EL3 -> EL2), the EL2 trap dispatcher of VMM A, guest set-up, and the scenario
 * sequence that decides the image's exit status. */
#include "firmware.h"
#include "gic.h"
#include "hv.h"
#include "mmu.h"

void el3_main(void);

/* Reset path at EL3, Secure, MMU off. Configure just enough for a Non-secure AArch64 EL2 and
 * leave: the hypervisor proper runs at EL2. */
void el3_main(void)
{
    hv_printf("hv: EL%u reset, SCR_EL3 <- NS|RW|HCE, ERET to EL2\n", current_el());
    write_sysreg(vbar_el3, el3_vectors);
    /* MDCR_EL3.TDA would route scenario 2's DCC reads to EL3 instead of EL2; its reset
     * value is UNKNOWN on hardware, so clear it (and every other debug trap to EL3). */
    write_sysreg(mdcr_el3, 0);
    /* SCTLR_EL2 resets to an UNKNOWN value on hardware (Arm ARM, SCTLR_EL2): make sure EL2
     * starts with the MMU and alignment checks off before ERET. */
    write_sysreg(sctlr_el2, SCTLR_EL2_MMU_OFF);
    /* The interrupt scenarios (11 and up) need the GIC handed to the Non-secure world, which
     * only Secure software can do (hv/gic.c). */
    if (SCENARIO == 0 || SCENARIO >= 11)
        gic_el3_init();
    /* The firmware's CPU table (hv/firmware.c), which scenario 15 reads. */
    fw_init_boot_cpu();
    write_sysreg(scr_el3, SCR_EL3_VALUE);
    isb();
    el3_eret_to_el2();
}

void el2_main(void)
{
    write_sysreg(vbar_el2, hv_el2_vectors);
    write_sysreg(hcr_el2, HCR_RW);
    write_sysreg(sctlr_el1, SCTLR_EL1_MMU_OFF);
    isb();
    hv_printf("hv: EL%u hypervisor up, HCR_EL2.RW=1, VBAR_EL2 <- VMM A vectors\n", current_el());

    int skipped = 0;
    if (SCENARIO == 0 || SCENARIO == 1)
        skipped += scenario_redirect();
    if (SCENARIO == 0 || SCENARIO == 2)
        skipped += scenario_dcc();
    if (SCENARIO == 0 || SCENARIO == 3)
        skipped += scenario_wfe();
    /* The MMU scenarios (hv/mmu.h). */
    if (SCENARIO == 0 || SCENARIO == 4)
        skipped += scenario_gva_scan();
    if (SCENARIO == 0 || SCENARIO == 5)
        skipped += scenario_remap();
    if (SCENARIO == 0 || SCENARIO == 6)
        skipped += scenario_vhe_widths();
    if (SCENARIO == 0 || SCENARIO == 7)
        skipped += scenario_lazy_cmo();
    if (SCENARIO == 0 || SCENARIO == 8)
        skipped += scenario_shadow_pt();
    if (SCENARIO == 0 || SCENARIO == 9)
        skipped += scenario_vmids();
    if (SCENARIO == 0 || SCENARIO == 10)
        skipped += scenario_prda();
    /* The interrupt scenarios (hv/gic.h). */
    if (SCENARIO == 0 || SCENARIO == 11)
        skipped += scenario_irq_route();
    if (SCENARIO == 0 || SCENARIO == 12)
        skipped += scenario_irq_window();
    if (SCENARIO == 0 || SCENARIO == 13)
        skipped += scenario_time_scale();
    /* Scenarios 14-16 (hv/firmware.c: the EL3 services 15 and 16 use). 15 needs two cores
     * (--smp 2 / -smp 2), so only its own image runs it. */
    if (SCENARIO == 0 || SCENARIO == 14)
        skipped += scenario_paced_io();
    if (SCENARIO == 15)
        skipped += scenario_mailbox_smp();
    if (SCENARIO == 0 || SCENARIO == 16)
        skipped += scenario_ecam();
    /* Scenario 17: software step (self-hosted debug). */
    if (SCENARIO == 0 || SCENARIO == 17)
        skipped += scenario_single_step();
    /* Scenario 18: lazy FP context switching. */
    if (SCENARIO == 0 || SCENARIO == 18)
        skipped += scenario_lazy_fp();

    if (skipped)
        hv_printf("hv: all scenarios passed (%d skipped)\n", skipped);
    else
        hv_printf("hv: all scenarios passed\n");
    semihost_exit(0);
}

void guest_frame_init(struct trap_frame *f, void (*entry)(void), uint64_t spsr)
{
    memset(f, 0, sizeof(*f));
    f->elr = (uint64_t)entry;
    f->spsr = spsr;
}

void el1_guest_prepare(void)
{
    write_sysreg(sctlr_el1, SCTLR_EL1_MMU_OFF);
    write_sysreg(sp_el1, el1_stack_top);
    write_sysreg(vbar_el1, el1_guest_vectors);
    isb();
}

/* VMM A's lower-EL synchronous exceptions: the guest-exit HVC, then whatever the running
 * scenario trapped. Anything else is a failure. */
void hv_el2_sync(struct trap_frame *f, unsigned vec)
{
    if (ESR_EC(f->esr) == EC_HVC64 && ESR_ISS(f->esr) == HVC_GUEST_EXIT)
        hv_guest_exit(f->x[0]);
    if (dcc_handle_trap(f) || wfe_handle_trap(f) || mmu_handle_trap(f) || gic_handle_trap(f) ||
        sstep_handle_trap(f) || lazyfp_handle_trap(f))
        return;
    el2_unexpected(f, vec);
}

void el2_unexpected(struct trap_frame *f, unsigned vec)
{
    hv_fail("unexpected exception at EL2: vector 0x%x ESR_EL2 0x%lx ELR_EL2 0x%lx FAR_EL2 0x%lx",
            vec * 0x80, f->esr, f->elr, f->far);
}

void el3_unexpected(struct trap_frame *f, unsigned vec)
{
    hv_fail("unexpected exception at EL3: vector 0x%x ESR_EL3 0x%lx ELR_EL3 0x%lx FAR_EL3 0x%lx",
            vec * 0x80, f->esr, f->elr, f->far);
}

void el1_unexpected(struct trap_frame *f, unsigned vec)
{
    hv_fail("unexpected exception at EL1: vector 0x%x ESR_EL1 0x%lx ELR_EL1 0x%lx FAR_EL1 0x%lx",
            vec * 0x80, f->esr, f->elr, f->far);
}
