/* SPDX-License-Identifier: MIT */
/* Scenario 17 (seed 001): the hypervisor single-steps its EL1 guest with the architecture's
 * software step, getting control back after every instruction (docs/scenarios.md). */
#include "hv.h"

/* MDSCR_EL1.SS (bit 0) enables software step; MDCR_EL2.TDE (bit 8) makes EL2 the target of
 * debug exceptions from EL0/EL1; SPSR_EL2.SS (bit 21) makes the ERET enter the
 * active-not-pending state, so the guest runs one instruction and then takes a Software Step
 * exception (EC 0x32, from a lower EL) to EL2 (Arm ARM D2.12, "Software Step exceptions"). */
#define MDSCR_SS        (1ul << 0)
#define MDCR_TDE        (1ul << 8)
#define SPSR_SS         (1ul << 21)
#define EC_SSTEP_LOWER  0x32
/* ISS of a Software Step exception: ISV (bit 24) says EX (bit 6) is valid, EX = a
 * Load-Exclusive was stepped; IFSC (bits 5:0) = 0x22, debug exception. */
#define SS_ISS_ISV      (1u << 24)
#define SS_ISS_EX       (1u << 6)

#define SSTEP_MAX       32          /* a runaway guest fails the scenario */
#define SSTEP_EXPECTED  8           /* instructions before the exit HVC, see sstep_guest */
#define SSTEP_VALUE     37          /* the doubleword the guest loads */
#define SSTEP_RESULT    42

/* The guest: a fixed instruction sequence (so that every offset printed is the same on every
 * build) with a load, a taken branch, a Load-Exclusive, and an HVC #0 exit whose x0 = 0 when
 * the result is right. x0 = the address of a doubleword holding SSTEP_VALUE. */
extern const uint32_t sstep_guest[];
__asm__(".text\n"
        ".balign 4\n"
        ".global sstep_guest\n"
        ".type sstep_guest, %function\n"
        "sstep_guest:\n"
        "    mov   x1, #5\n"
        "    ldr   x2, [x0]\n"
        "    cmp   x2, #0\n"
        "    b.ne  1f\n"
        "    mov   x1, #0\n"
        "1:  add   x1, x1, x2\n"
        "    ldxr  x3, [x0]\n"
        "    clrex\n"
        "    sub   x0, x1, #42\n"
        "    hvc   #0\n"
        ".size sstep_guest, . - sstep_guest\n");

/* What is at each offset, for the log. */
static const char *const sstep_insn[] = {
    "mov x1, #5", "ldr x2, [x0]", "cmp x2, #0", "b.ne +0x14", "mov x1, #0",
    "add x1, x1, x2", "ldxr x3, [x0]", "clrex", "sub x0, x1, #42", "hvc #0",
};
#define SSTEP_INSNS (sizeof(sstep_insn) / sizeof(sstep_insn[0]))

static uint64_t sstep_data = SSTEP_VALUE;
static int sstep_on;                    /* the scenario's step handler is armed */
static unsigned sstep_count;
static uint64_t sstep_pc;               /* guest offset of the instruction being stepped */
static uint64_t sstep_trace[SSTEP_MAX]; /* the guest offsets that ran, in order */

static const char *insn_at(uint64_t off)
{
    return off % 4 == 0 && off / 4 < SSTEP_INSNS ? sstep_insn[off / 4] : "?";
}

/* ---------------- EL2: the Software Step exception handler ---------------- */

/* EC 0x32: the guest completed one instruction; ELR_EL2 is the next one. Log it, and ERET
 * with SPSR_EL2.SS = 1 again (taking the exception cleared PSTATE.SS, so the saved SPSR has
 * SS = 0) to step the next one. */
int sstep_handle_trap(struct trap_frame *f)
{
    if (!sstep_on || ESR_EC(f->esr) != EC_SSTEP_LOWER)
        return 0;
    uint32_t iss = ESR_ISS(f->esr);
    uint64_t next = f->elr - (uint64_t)sstep_guest;
    if (sstep_count == SSTEP_MAX)
        hv_fail("scenario 17: more than %d steps, ELR_EL2 0x%lx", SSTEP_MAX, f->elr);
    if (f->spsr & SPSR_SS)
        hv_fail("scenario 17: SPSR_EL2.SS = 1 at a Software Step exception");
    sstep_trace[sstep_count++] = sstep_pc;
    hv_printf("  hv: step %u: guest +0x%02lx %s, EC 0x32 ISS 0x%x (ISV=%u EX=%u), next +0x%02lx\n",
              sstep_count, sstep_pc, insn_at(sstep_pc), iss, (iss >> 24) & 1, (iss >> 6) & 1, next);
    sstep_pc = next;
    f->spsr |= SPSR_SS;
    return 1;
}

/* ---------------- EL2: VMM A drives the scenario ---------------- */

static uint64_t run_sstep_guest(uint64_t spsr)
{
    struct trap_frame entry;
    guest_frame_init(&entry, (void (*)(void))sstep_guest, spsr);
    entry.x[0] = (uint64_t)&sstep_data;
    sstep_count = 0;
    sstep_pc = 0;
    return hv_run_guest(&entry);
}

int scenario_single_step(void)
{
    static const uint64_t expected[SSTEP_EXPECTED] = {0x00, 0x04, 0x08, 0x0c, 0x14, 0x18, 0x1c, 0x20};
    hv_printf("[scenario 17] single-step: the guest runs one instruction per ERET, EC 0x32 after each\n");
    uint64_t mdcr = read_sysreg(mdcr_el2);
    /* The OS lock is set at reset and disables every debug exception (OSLSR_EL1.OSLK);
     * MDCR_EL2 read-modify-write keeps HPMN (see scenario 2). */
    write_sysreg(oslar_el1, 0);
    write_sysreg(mdcr_el2, mdcr | MDCR_TDE);
    write_sysreg(mdscr_el1, MDSCR_SS);
    isb();
    hv_printf("  hv: OSLAR_EL1 <- 0 (OS lock off), MDCR_EL2.TDE <- 1, MDSCR_EL1.SS <- 1\n");
    hv_printf("  hv: ERET to the guest at EL1 with SPSR_EL2.SS = 1\n");

    el1_guest_prepare();
    sstep_on = 1;
    uint64_t status = run_sstep_guest(SPSR_EL1H | SPSR_SS);
    sstep_on = 0;
    uint64_t exit_spsr = read_sysreg(spsr_el2), exit_elr = read_sysreg(elr_el2);
    /* The HVC was stepped too: it completed (SSAdvance) before its exception, so
     * SPSR_EL2.SS = 0 and ELR_EL2 is the instruction after it. */
    hv_printf("  hv: guest +0x%02lx %s: EC 0x16, exit status %lu, SPSR_EL2.SS = %lu, ELR_EL2 = +0x%02lx\n",
              sstep_pc, insn_at(sstep_pc), status, (exit_spsr >> 21) & 1,
              exit_elr - (uint64_t)sstep_guest);
    if (status != 0)
        hv_fail("scenario 17: guest status %lu", status);
    if (sstep_count != SSTEP_EXPECTED || (exit_spsr & SPSR_SS))
        hv_fail("scenario 17: %u steps, SPSR_EL2 0x%lx at the exit", sstep_count, exit_spsr);
    for (unsigned i = 0; i < SSTEP_EXPECTED; i++)
        if (sstep_trace[i] != expected[i])
            hv_fail("scenario 17: step %u ran guest +0x%lx, expected +0x%lx", i + 1, sstep_trace[i],
                    expected[i]);

    /* Stepping off: the same routine runs to its exit without a Software Step exception. */
    write_sysreg(mdscr_el1, 0);
    write_sysreg(mdcr_el2, mdcr);
    write_sysreg(oslar_el1, 1);
    isb();
    hv_printf("  hv: MDSCR_EL1.SS <- 0, MDCR_EL2 restored, OS lock on; the guest again, unstepped\n");
    sstep_on = 1;
    status = run_sstep_guest(SPSR_EL1H);
    sstep_on = 0;
    if (status != 0 || sstep_count != 0)
        hv_fail("scenario 17: unstepped guest: status %lu after %u steps", status, sstep_count);
    hv_printf("  hv: guest exited with status 0 after 0 steps\n");
    hv_printf("[scenario 17] ok\n");
    return 0;
}
