/* SPDX-License-Identifier: MIT */
/* Scenario 15 (seed 003, US 2017/0364365, "Multiprocessor initialization via firmware
 * configuration"): the hypervisor reads the firmware's CPU table (PSCI for core 1), starts
 * core 1 with PSCI into its own secondary initialization code, which implements a mailbox boot
 * protocol, rewrites the table to name the mailbox, and the guest OS brings core 1 up through
 * the mailbox: entry address, SEV, and core 1 runs the guest's code at EL1. Needs two cores. */
#include "firmware.h"

/* The mailbox protocol (one mailbox per secondary core, in hypervisor memory): the core polls
 * `entry` with WFE; the OS writes `arg`, then `entry`, then SEV; the core leaves for `entry`
 * at EL1 with x0 = `arg`. `state` tells the hypervisor how far the core got. */
enum { MB_OFF = 0, MB_PARKED = 1, MB_JUMPED = 2 };
struct mailbox {
    volatile uint64_t entry;
    volatile uint64_t arg;
    volatile uint64_t state;
};

/* What PSCI CPU_ON hands mb_secondary_entry in x0 (its context id). */
struct mb_boot_ctx {
    uint64_t sp;                /* first: the entry stub loads it before anything else */
    struct mailbox *mailbox;
};

/* The guest's context for its secondary core (the mailbox's `arg`). */
struct mb_guest_ctx {
    uint64_t sp;                /* first, as above */
};

#define MB_GUEST_OK     0
#define MB_GUEST_WRONG  1

static struct mailbox mb_cpu1;
static struct mb_boot_ctx mb_boot;
static struct mb_guest_ctx mb_guest_cpu1;
static volatile uint64_t g_cpu1_online, g_cpu1_mpidr, g_cpu1_el;

static inline void dsb_sev(void) { __asm__ volatile("dsb sy\n sev" : : : "memory"); }
static inline void wfe(void) { __asm__ volatile("wfe" : : : "memory"); }

/* Entry stubs (x0 = a context whose first doubleword is the stack top): the hypervisor's
 * secondary initialization code at EL2, and the guest's secondary entry at EL1. */
void mb_secondary_entry(void);
void mb_guest_secondary_entry(void);
void mb_secondary_main(struct mb_boot_ctx *ctx) __attribute__((noreturn));
void mb_guest_secondary_main(struct mb_guest_ctx *ctx) __attribute__((noreturn));
__asm__(".text\n"
        ".global mb_secondary_entry\n"
        ".type mb_secondary_entry, %function\n"
        "mb_secondary_entry:\n"
        "    ldr x1, [x0]\n"
        "    mov sp, x1\n"
        "    b mb_secondary_main\n"
        ".size mb_secondary_entry, . - mb_secondary_entry\n"
        ".global mb_guest_secondary_entry\n"
        ".type mb_guest_secondary_entry, %function\n"
        "mb_guest_secondary_entry:\n"
        "    ldr x1, [x0]\n"
        "    mov sp, x1\n"
        "    b mb_guest_secondary_main\n"
        ".size mb_guest_secondary_entry, . - mb_guest_secondary_entry\n");

static const char *method_name(uint64_t m)
{
    return m == CPU_METHOD_PSCI ? "PSCI" : m == CPU_METHOD_MAILBOX ? "mailbox" : "none";
}

/* The rest of a line: each CPU's MPIDR affinity and boot protocol. */
static void print_cpus(const struct fw_cpu_table *t)
{
    for (unsigned i = 0; i < t->count; i++)
        hv_printf("%s cpu%u MPIDR 0x%lx %s", i ? "," : "", i, t->cpu[i].mpidr,
                  method_name(t->cpu[i].method));
    hv_printf("\n");
}

/* ---------------- Core 1 ---------------- */

/* The hypervisor's secondary initialization code, core 1 at EL2 (released by the firmware):
 * its own EL2 state, then the mailbox protocol. Core 0 prints nothing until `state` says
 * PARKED, so the two cores never print at once. */
void mb_secondary_main(struct mb_boot_ctx *ctx)
{
    struct mailbox *mb = ctx->mailbox;
    write_sysreg(vbar_el2, mb_el2_vectors);
    write_sysreg(hcr_el2, HCR_RW);
    write_sysreg(sctlr_el1, SCTLR_EL1_MMU_OFF);
    write_sysreg(vmpidr_el2, read_sysreg(mpidr_el1));
    isb();
    hv_printf("  hv [cpu 1]: up at EL%u (PSCI CPU_ON), MPIDR_EL1 0x%lx; polling its mailbox with WFE\n",
              current_el(), read_sysreg(mpidr_el1));
    mb->state = MB_PARKED;
    dsb_sev();
    uint64_t entry;
    while (!(entry = mb->entry))
        wfe();
    uint64_t arg = mb->arg;
    mb->state = MB_JUMPED;
    __asm__ volatile("dsb sy" : : : "memory");
    write_sysreg(elr_el2, entry);
    write_sysreg(spsr_el2, SPSR_EL1H);
    register uint64_t x0 __asm__("x0") = arg;
    __asm__ volatile("eret" : : "r"(x0) : "memory");
    __builtin_unreachable();
}

/* The guest's secondary core at EL1: report in, then idle for good. */
void mb_guest_secondary_main(struct mb_guest_ctx *ctx)
{
    (void)ctx;
    write_sysreg(vbar_el1, el1_guest_vectors);
    isb();
    uint64_t mpidr = read_sysreg(mpidr_el1);
    hv_printf("  guest [cpu 1]: online at EL%u through the mailbox, MPIDR_EL1 0x%lx\n",
              current_el(), mpidr);
    g_cpu1_mpidr = mpidr;
    g_cpu1_el = current_el();
    __asm__ volatile("dsb sy" : : : "memory");
    g_cpu1_online = 1;
    dsb_sev();
    for (;;)
        __asm__ volatile("wfi");
}

/* ---------------- Core 0: the guest OS ---------------- */

static void mb_guest(void)
{
    const struct fw_cpu_table *t = &fw_cpu_table; /* the table the hypervisor passed on */
    hv_printf("  guest [cpu 0]: CPU table:");
    print_cpus(t);
    const struct fw_cpu_desc *d = &t->cpu[1];
    if (t->count < 2 || d->method != CPU_METHOD_MAILBOX || !d->mailbox)
        guest_exit(MB_GUEST_WRONG);
    struct mailbox *mb = (struct mailbox *)d->mailbox;
    hv_printf("  guest [cpu 0]: starting cpu1: mailbox arg, entry <- its secondary entry; SEV\n");
    mb_guest_cpu1.sp = (uint64_t)cpu1_el1_stack_top;
    mb->arg = (uint64_t)&mb_guest_cpu1;
    __asm__ volatile("dsb sy" : : : "memory");
    mb->entry = (uint64_t)mb_guest_secondary_entry;
    dsb_sev();
    while (!g_cpu1_online)
        wfe();
    hv_printf("  guest [cpu 0]: cpu1 reported in (MPIDR_EL1 0x%lx, EL%lu)\n", g_cpu1_mpidr, g_cpu1_el);
    guest_exit(g_cpu1_el == 1 && (g_cpu1_mpidr & 0xff00fffffful) == d->mpidr ? MB_GUEST_OK
                                                                             : MB_GUEST_WRONG);
}

/* ---------------- Core 0: the hypervisor ---------------- */

int scenario_mailbox_smp(void)
{
    hv_printf("[scenario 15] mailbox-smp: secondary bring-up through a mailbox instead of PSCI\n");
    struct fw_cpu_table *t = &fw_cpu_table;
    if (t->signature != FW_TABLE_SIG || t->count < 2) {
        hv_printf("[scenario 15] skipped: the firmware lists %u CPU(s), two are needed\n", t->count);
        return 1;
    }
    hv_printf("  hv: firmware CPU table, %u CPUs:", t->count);
    print_cpus(t);
    if (t->cpu[1].method != CPU_METHOD_PSCI)
        hv_fail("scenario 15: cpu1's boot protocol is %s, not PSCI", method_name(t->cpu[1].method));

    /* The mailbox protocol's structures, then core 1 into the secondary initialization code
     * that implements it, through the firmware's own protocol. */
    mb_cpu1.entry = 0;
    mb_cpu1.arg = 0;
    mb_cpu1.state = MB_OFF;
    mb_boot.sp = (uint64_t)cpu1_el2_stack_top;
    mb_boot.mailbox = &mb_cpu1;
    hv_printf("  hv: cpu1 mailbox created; PSCI CPU_ON(MPIDR 0x%lx, secondary init code) via SMC\n",
              t->cpu[1].mpidr);
    int64_t r = (int64_t)smc_call(PSCI_CPU_ON_64, t->cpu[1].mpidr, (uint64_t)mb_secondary_entry,
                                  (uint64_t)&mb_boot);
    if (r != PSCI_SUCCESS)
        hv_fail("scenario 15: PSCI CPU_ON returned %ld", r);
    while (mb_cpu1.state != MB_PARKED)
        wfe();
    hv_printf("  hv: CPU_ON returned %ld; cpu1 is parked on its mailbox\n", r);

    /* Describe the new protocol to the guest in place of the old one. */
    t->cpu[1].method = CPU_METHOD_MAILBOX;
    t->cpu[1].mailbox = (uint64_t)&mb_cpu1;
    hv_printf("  hv: CPU table rewritten: cpu1 -> mailbox; ERET to the guest OS at EL1 on cpu0\n");

    el1_guest_prepare();
    struct trap_frame entry;
    guest_frame_init(&entry, mb_guest, SPSR_EL1H);
    uint64_t status = hv_run_guest(&entry);
    if (status != MB_GUEST_OK || mb_cpu1.state != MB_JUMPED)
        hv_fail("scenario 15: guest status %lu, mailbox state %lu", status, mb_cpu1.state);
    hv_printf("  hv: guest exited; cpu1 left its mailbox for the guest (and idles there)\n");
    hv_printf("[scenario 15] ok\n");
    return 0;
}
