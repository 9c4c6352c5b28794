/* SPDX-License-Identifier: MIT */
/* Scenario 2 (seed 003, US 2021/0224089): hypercalls through the trapped read of the DCC
 * status register MDCCSR_EL0, with MDCR_EL2.TDA set (docs/scenarios.md). */
#include "hv.h"

/* Hypercall ABI: x0 = number, x1..x3 = arguments, then any "MRS Xt, MDCCSR_EL0". The result
 * comes back in Xt and in x0. */
#define HC_VERSION  0
#define HC_ADD      1         /* x1 + x2 + x3 */
#define HC_UNKNOWN  0x7f      /* deliberately unassigned */
#define HC_ENOSYS   (~0ul)
#define HV_VERSION  0x00010000ul

/* Guest exit statuses (HVC #0, x0). */
#define DCC_GUEST_OK        0
#define DCC_GUEST_WRONG     1
#define DCC_GUEST_NO_TRAP   2

static unsigned dcc_calls;

/* MDCCSR_EL0 is op0=2, op1=3, CRn=0, CRm=1, op2=0 (Arm ARM, MDCCSR_EL0). */
#define MDCCSR_OP0 2
#define MDCCSR_OP1 3
#define MDCCSR_CRN 0
#define MDCCSR_CRM 1
#define MDCCSR_OP2 0

/* ---------------- EL1: the guest ---------------- */

/* One hypercall with the result register pinned to `rt`, so that the ISS the hypervisor
 * decodes (and prints) does not depend on the compiler's register allocation. */
#define DCC_HYPERCALL(rt, nr, a1, a2, a3, x0_out)                                           \
    ({                                                                                       \
        register uint64_t x0_ __asm__("x0") = (nr);                                          \
        register uint64_t x1_ __asm__("x1") = (a1);                                          \
        register uint64_t x2_ __asm__("x2") = (a2);                                          \
        register uint64_t x3_ __asm__("x3") = (a3);                                          \
        register uint64_t rt_ __asm__(#rt);                                                  \
        __asm__ volatile("mrs %0, mdccsr_el0"                                                \
                         : "=r"(rt_), "+r"(x0_)                                              \
                         : "r"(x1_), "r"(x2_), "r"(x3_)                                      \
                         : "memory");                                                        \
        (x0_out) = x0_;                                                                      \
        rt_;                                                                                 \
    })

static void dcc_guest(void)
{
    uint64_t x0, r;
    int wrong = 0;

    hv_printf("  guest: at EL%u, hypercall = x0 number, x1-x3 args, MRS Xt, MDCCSR_EL0\n",
              current_el());

    r = DCC_HYPERCALL(x9, HC_VERSION, 0, 0, 0, x0);
    /* Untrapped, MDCCSR_EL0 reads the real DCC status (0 with no debugger attached) and
     * x0 keeps the hypercall number. */
    if (r == 0 && x0 == HC_VERSION) {
        hv_printf("  guest: MDCCSR_EL0 read did not trap\n");
        guest_exit(DCC_GUEST_NO_TRAP);
    }
    hv_printf("  guest: version -> x9=0x%lx x0=0x%lx\n", r, x0);
    wrong |= r != HV_VERSION || x0 != r;

    r = DCC_HYPERCALL(x5, HC_ADD, 40, 2, 0x100, x0);
    hv_printf("  guest: add(40, 2, 0x100) -> x5=0x%lx x0=0x%lx\n", r, x0);
    wrong |= r != 40 + 2 + 0x100 || x0 != r;

    r = DCC_HYPERCALL(x17, HC_UNKNOWN, 1, 2, 3, x0);
    hv_printf("  guest: hypercall 0x7f -> x17=0x%lx x0=0x%lx\n", r, x0);
    wrong |= r != HC_ENOSYS || x0 != r;

    hv_printf("  guest: done, HVC #0 to exit\n");
    guest_exit(wrong ? DCC_GUEST_WRONG : DCC_GUEST_OK);
}

/* ---------------- EL2: the hypercall handler ---------------- */

/* Called for every lower-EL synchronous exception VMM A takes. EC 0x18 with the ISS of a
 * read of MDCCSR_EL0 is a hypercall (Arm ARM, ESR_EL2, ISS encoding for EC 0x18:
 * Op0[21:20] Op2[19:17] Op1[16:14] CRn[13:10] Rt[9:5] CRm[4:1] Direction[0], 1 = read). */
int dcc_handle_trap(struct trap_frame *f)
{
    if (ESR_EC(f->esr) != EC_SYSREG)
        return 0;
    uint32_t iss = ESR_ISS(f->esr);
    unsigned op0 = (iss >> 20) & 3, op2 = (iss >> 17) & 7, op1 = (iss >> 14) & 7;
    unsigned crn = (iss >> 10) & 0xf, rt = (iss >> 5) & 0x1f, crm = (iss >> 1) & 0xf;
    unsigned is_read = iss & 1;
    if (op0 != MDCCSR_OP0 || op1 != MDCCSR_OP1 || crn != MDCCSR_CRN || crm != MDCCSR_CRM ||
        op2 != MDCCSR_OP2 || !is_read)
        return 0;

    /* The arguments are the guest's registers, as saved in the trap frame. */
    uint64_t nr = f->x[0], result;
    const char *name;
    switch (nr) {
    case HC_VERSION:
        name = "version";
        result = HV_VERSION;
        break;
    case HC_ADD:
        name = "add";
        result = f->x[1] + f->x[2] + f->x[3];
        break;
    default:
        name = "unknown";
        result = HC_ENOSYS;
        break;
    }
    dcc_calls++;
    hv_printf("  hv: EC 0x18 ISS 0x%06x = MRS x%u, MDCCSR_EL0: hypercall %lu (%s)"
              " x1=0x%lx x2=0x%lx x3=0x%lx -> 0x%lx\n",
              iss, rt, nr, name, f->x[1], f->x[2], f->x[3], result);
    if (rt != 31) /* Rt = 31 is XZR: the result only goes to x0 */
        f->x[rt] = result;
    f->x[0] = result;
    /* A trapped MRS returns to the MRS itself (preferred return address): step over it. */
    f->elr += 4;
    return 1;
}

/* ---------------- EL2: VMM A drives the scenario ---------------- */

int scenario_dcc(void)
{
    hv_printf("[scenario 2] dcc: hypercalls through the trapped MDCCSR_EL0 read\n");
    uint64_t mdcr = read_sysreg(mdcr_el2);
    /* Read-modify-write: MDCR_EL2.HPMN must keep its reset value (PMCR_EL0.N); writing 0 to it
     * is CONSTRAINED UNPREDICTABLE before FEAT_HPMN0. */
    write_sysreg(mdcr_el2, mdcr | MDCR_TDA);
    isb();
    hv_printf("  hv: MDCR_EL2.TDA <- 1, ERET to the guest at EL1\n");

    el1_guest_prepare();
    dcc_calls = 0;
    struct trap_frame entry;
    guest_frame_init(&entry, dcc_guest, SPSR_EL1H);
    uint64_t status = hv_run_guest(&entry);

    write_sysreg(mdcr_el2, mdcr);
    isb();
    if (status == DCC_GUEST_NO_TRAP)
        hv_fail("scenario 2: MDCR_EL2.TDA did not trap the MDCCSR_EL0 read");
    if (status != DCC_GUEST_OK || dcc_calls != 3)
        hv_fail("scenario 2: guest status %lu after %u hypercalls", status, dcc_calls);
    hv_printf("  hv: guest exited after %u hypercalls, MDCR_EL2.TDA <- 0\n", dcc_calls);
    hv_printf("[scenario 2] ok\n");
    return 0;
}
