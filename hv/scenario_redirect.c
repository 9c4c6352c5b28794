/* SPDX-License-Identifier: MIT */
/* Scenario 1 (seed 000, US 2015/0370591): a context switch between hypervisor components
 * through a redirection exception vector at EL1 and an EL2 trampoline (docs/scenarios.md). */
#include "hv.h"

/* EL0 -> VMM B request ABI: SVC #0 with the request in x0 and its argument in x1. */
#define REQ_EXIT   0          /* the command is done; x1 = its status (0 = good) */
#define REQ_VMM_B  1          /* work for VMM B; x1 = argument, answer in x0 */

/* Each VMM runs its own VM: a different HCR_EL2 and VMID. Stage 2 stays off (HCR_EL2.VM=0)
 * because there are no stage 2 tables here; the VMID in VTTBR_EL2[63:48] is the state a
 * real switch would change, and it is checked on the way back. VMM B also forbids SMC from
 * its guests (HCR_EL2.TSC) so that the two HCR_EL2 values differ. */
#define VMID_A     1ul
#define VMID_B     2ul
#define HCR_VMM_A  HCR_RW
#define HCR_VMM_B  (HCR_RW | HCR_TSC)

#define VMM_B_ANSWER(arg)  (0xb0000000ul | (arg))

/* Armed by VMM A before it enters the VM kernel, cleared by the trampoline: entering the
 * trampoline while it is clear means the deactivation did not work. */
static volatile int trampoline_armed;
static volatile unsigned vmm_b_requests;

/* ---------------- EL0: the command the VM kernel runs ---------------- */

static uint64_t el0_svc(uint64_t req, uint64_t arg)
{
    register uint64_t x0 __asm__("x0") = req;
    register uint64_t x1 __asm__("x1") = arg;
    __asm__ volatile("svc #0" : "+r"(x0) : "r"(x1) : "memory");
    return x0;
}

static void el0_command(void)
{
    hv_printf("  el0: command needs VMM B: SVC #0 with x0=1 (REQ_VMM_B), x1=0x2a\n");
    uint64_t answer = el0_svc(REQ_VMM_B, 0x2a);
    hv_printf("  el0: back at EL0 after the SVC, x0=0x%lx\n", answer);
    hv_printf("  el0: command done: SVC #0 with x0=0 (REQ_EXIT)\n");
    el0_svc(REQ_EXIT, answer == VMM_B_ANSWER(0x2a) ? 0 : 1);
    for (;;)
        ;
}

/* ---------------- EL1: the VM kernel ---------------- */

/* The kernel's only job here is the claim's "second privilege level" part: own the
 * redirection exception vector and run commands one level down. */
static void vmk_main(void)
{
    hv_printf("  vmk: VM kernel at EL%u: VBAR_EL1 <- redirection vector,"
              " ERET to a command at EL0\n", current_el());
    write_sysreg(vbar_el1, el1_redirect_vectors);
    isb();
    el1_eret_to_el0(el0_command, el0_stack_top);
}

/* ---------------- EL2: trampoline and VMM B ---------------- */

/* Both the trampoline and VMM B are entered by the redirection vector's HVC for the "lower EL,
 * AArch64, synchronous" entry, i.e. by an EL0 SVC that EL1 bounced up. */
static void check_redirected_svc(const struct trap_frame *f, const char *who)
{
    uint64_t esr_el1 = read_sysreg(esr_el1);
    if (ESR_EC(f->esr) != EC_HVC64 || ESR_ISS(f->esr) != REDIRECT_HVC_BASE + VEC_LOWER64_SYNC)
        hv_fail("%s: expected HVC #0x%x from the redirection vector, ESR_EL2 0x%lx", who,
                REDIRECT_HVC_BASE + VEC_LOWER64_SYNC, f->esr);
    if (ESR_EC(esr_el1) != EC_SVC64 || (f->spsr & 0xf) != 0x5)
        hv_fail("%s: expected an EL0 SVC redirected from EL1h, ESR_EL1 0x%lx SPSR_EL2 0x%lx", who,
                esr_el1, f->spsr);
}

void trampoline_enter(struct trap_frame *f, unsigned vec)
{
    (void)vec;
    if (!trampoline_armed)
        hv_fail("trampoline entered while deactivated");
    check_redirected_svc(f, "tramp");
    uint64_t frame = (uint64_t)f;
    if (frame < (uint64_t)vmm_b_stack_bottom || frame >= (uint64_t)vmm_b_stack_top)
        hv_fail("tramp: trap frame 0x%lx is not on VMM B's stack", frame);
    hv_printf("  tramp: entered at EL%u by HVC #0x%x from the EL1 vector (ESR_EL1.EC=0x%x SVC),"
              " SP_EL2 <- VMM B stack\n",
              current_el(), (unsigned)ESR_ISS(f->esr), ESR_EC(read_sysreg(esr_el1)));

    /* "Configuring a state associated with the first privilege level": VMM B's HCR_EL2,
     * VMID and vectors. Installing VMM B's vectors is also what deactivates the trampoline:
     * from now on a redirected exception reaches VMM B directly. */
    write_sysreg(hcr_el2, HCR_VMM_B);
    write_sysreg(vttbr_el2, VMID_B << 48);
    write_sysreg(vbar_el2, vmm_b_el2_vectors);
    isb();
    trampoline_armed = 0;
    hv_printf("  tramp: HCR_EL2 <- 0x%lx, VTTBR_EL2.VMID <- %lu, VBAR_EL2 <- VMM B vectors;"
              " trampoline deactivated\n",
              read_sysreg(hcr_el2), read_sysreg(vttbr_el2) >> 48);
    vmm_b_sync(f, vec);
}

void vmm_b_sync(struct trap_frame *f, unsigned vec)
{
    (void)vec;
    check_redirected_svc(f, "vmm B");
    if (read_sysreg(vbar_el2) != (uint64_t)vmm_b_el2_vectors || read_sysreg(hcr_el2) != HCR_VMM_B)
        hv_fail("vmm B: running without VMM B's EL2 state");

    switch (f->x[0]) {
    case REQ_VMM_B:
        vmm_b_requests++;
        f->x[0] = VMM_B_ANSWER(f->x[1]);
        hv_printf("  vmm B: at EL%u, request %u from EL0: x1=0x%lx -> x0=0x%lx;"
                  " ERET to the EL1 vector, which ERETs to EL0\n",
                  current_el(), vmm_b_requests, f->x[1], f->x[0]);
        return;
    case REQ_EXIT:
        hv_printf("  vmm B: entered directly (trampoline off): command exit status %lu;"
                  " restoring VMM A's EL2 state\n",
                  f->x[1]);
        write_sysreg(hcr_el2, HCR_VMM_A);
        write_sysreg(vttbr_el2, VMID_A << 48);
        write_sysreg(vbar_el2, hv_el2_vectors);
        isb();
        hv_guest_exit(f->x[1]);
    default:
        hv_fail("vmm B: unknown request 0x%lx", f->x[0]);
    }
}

/* ---------------- EL2: VMM A drives the scenario ---------------- */

int scenario_redirect(void)
{
    hv_printf("[scenario 1] redirect: EL1 kernel -> EL2 trampoline -> VMM B\n");
    el1_guest_prepare();
    write_sysreg(hcr_el2, HCR_VMM_A);
    write_sysreg(vttbr_el2, VMID_A << 48);
    trampoline_armed = 1;
    vmm_b_requests = 0;
    write_sysreg(vbar_el2, tramp_el2_vectors);
    isb();
    hv_printf("  vmm A: VBAR_EL2 <- trampoline vectors, ERET to the VM kernel at EL1\n");

    struct trap_frame entry;
    guest_frame_init(&entry, vmk_main, SPSR_EL1H);
    uint64_t status = hv_run_guest(&entry);

    if (status != 0)
        hv_fail("scenario 1: EL0 command reported status %lu", status);
    if (trampoline_armed || vmm_b_requests != 1)
        hv_fail("scenario 1: trampoline %s, %u VMM B requests",
                trampoline_armed ? "still armed" : "off", vmm_b_requests);
    if (read_sysreg(vbar_el2) != (uint64_t)hv_el2_vectors || read_sysreg(hcr_el2) != HCR_VMM_A ||
        read_sysreg(vttbr_el2) >> 48 != VMID_A)
        hv_fail("scenario 1: VMM A's EL2 state was not restored");
    hv_printf("  vmm A: back at EL%u with VBAR_EL2 = VMM A vectors, VTTBR_EL2.VMID = %lu\n",
              current_el(), read_sysreg(vttbr_el2) >> 48);
    hv_printf("[scenario 1] ok\n");
    return 0;
}
