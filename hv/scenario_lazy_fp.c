/* SPDX-License-Identifier: MIT */
/* Scenario 18 (lazy FP context switch): two guests share the core's SIMD&FP registers. The
 * hypervisor never moves FP state on a switch: it sets CPTR_EL2.TFP, and only when the incoming
 * guest uses FP (EC 0x07 to EL2) does it save the previous owner's V0-V31, FPCR and FPSR and
 * load the guest's own. Each guest fills the registers with its pattern, is switched out, and
 * checks on its next run that every register is intact. */
#include "hv.h"

#define CPTR_TFP   (1ul << 10)
#define CPACR_FPEN (3ul << 20)
#define EC_FP      0x07
/* FPCR: RMode = RZ, DN; FPSR: IXC, QC. Each guest adds its own bit so the two differ. */
#define GUEST_FPCR(g) ((3ul << 22) | (1ul << 25) | ((uint64_t)(g) << 24))
#define GUEST_FPSR(g) ((1ul << 4) | (1ul << 27) | ((uint64_t)(g) << 3))

struct __attribute__((aligned(16))) fpstate {
    uint64_t v[32][2];
    uint64_t fpcr, fpsr;
};
_Static_assert(sizeof(struct fpstate) == 528, "layout shared with fpsimd.S");
void fpstate_save(struct fpstate *s);
void fpstate_load(const struct fpstate *s);
uint64_t fp_work(void);

static struct fpstate saved[2];     /* each guest's state while it does not own the registers */
static int owner = -1;              /* whose state the registers hold (-1: nobody's yet) */
static int running;                 /* the guest on the core */
static unsigned traps;
static struct fpstate pattern[2];   /* what guest g puts in the registers */
static struct fpstate seen;         /* guest scratch: what it finds on its second run */

static void make_pattern(unsigned g)
{
    struct fpstate *p = &pattern[g];
    for (unsigned i = 0; i < 32; i++) {
        p->v[i][0] = 0x3FF0000000000000ul + ((uint64_t)(g + 1) << 40) + i;   /* doubles near 1.0 */
        p->v[i][1] = 0xA5A5000000000000ul ^ ((uint64_t)g << 32) ^ ((uint64_t)i << 8);
    }
    p->fpcr = GUEST_FPCR(g);
    p->fpsr = GUEST_FPSR(g);
}

/* ---------------- EL1: the guests (one code, told apart by x0 at entry) ---------------- */

static void guest_fill(void)
{
    unsigned g = (unsigned)read_sysreg(tpidr_el1);
    fpstate_load(&pattern[g]);          /* the first FP instruction traps to EL2 */
    guest_exit(0);
}

static void guest_check(void)
{
    unsigned g = (unsigned)read_sysreg(tpidr_el1);
    fpstate_save(&seen);                /* traps: the hypervisor brings this guest's state back */
    unsigned bad = 0;
    for (unsigned i = 0; i < 32; i++)
        bad += seen.v[i][0] != pattern[g].v[i][0] || seen.v[i][1] != pattern[g].v[i][1];
    bad += (seen.fpcr != pattern[g].fpcr) + (seen.fpsr != pattern[g].fpsr);
    uint64_t work = fp_work();          /* no trap: this guest owns the registers now */
    hv_printf("  guest %c: V0-V31, FPCR, FPSR %s; d0*d1+d2 ^ v31 = 0x%lx\n", 'A' + g,
              bad ? "CHANGED" : "intact", work);
    guest_exit(bad);
}

/* ---------------- EL2 ---------------- */

int lazyfp_handle_trap(struct trap_frame *f)
{
    if (SCENARIO != 0 && SCENARIO != 18)
        return 0;
    if (ESR_EC(f->esr) != EC_FP)
        return 0;
    traps++;
    /* The hypervisor itself may use FP now: CPTR_EL2.TFP traps EL0-EL2 alike. */
    write_sysreg(cptr_el2, read_sysreg(cptr_el2) & ~CPTR_TFP);
    isb();
    if (owner >= 0 && owner != running) {
        fpstate_save(&saved[owner]);
        hv_printf("  hv: EC 0x07 from guest %c: save guest %c's FP state, load guest %c's\n",
                  'A' + running, 'A' + owner, 'A' + running);
    } else {
        hv_printf("  hv: EC 0x07 from guest %c: registers unowned, load guest %c's FP state\n",
                  'A' + running, 'A' + running);
    }
    fpstate_load(&saved[running]);
    owner = running;
    return 1;                           /* ERET to the same instruction, which now runs */
}

static void run(unsigned g, void (*entry)(void))
{
    running = (int)g;
    /* A switch moves no FP state: the next FP instruction of the guest traps instead. */
    write_sysreg(cptr_el2, read_sysreg(cptr_el2) | CPTR_TFP);
    el1_guest_prepare();
    write_sysreg(cpacr_el1, CPACR_FPEN);   /* EL1 itself does not trap FP */
    write_sysreg(tpidr_el1, g);
    isb();
    struct trap_frame frame;
    guest_frame_init(&frame, entry, SPSR_EL1H);
    uint64_t status = hv_run_guest(&frame);
    if (status != 0)
        hv_fail("scenario 18: guest %c found its FP registers changed", 'A' + g);
}

int scenario_lazy_fp(void)
{
    hv_printf("[scenario 18] lazy-fp: two guests, one register file, FP state moved on first use\n");
    make_pattern(0);
    make_pattern(1);
    /* Both guests start from the reset state the hypervisor gives a new vCPU: zeros. */
    memset(saved, 0, sizeof saved);
    run(0, guest_fill);
    run(1, guest_fill);
    run(0, guest_check);
    run(1, guest_check);
    write_sysreg(cptr_el2, read_sysreg(cptr_el2) & ~CPTR_TFP);
    isb();
    if (traps != 4)
        hv_fail("scenario 18: %u FP traps, expected 4 (one per guest run)", traps);
    hv_printf("  hv: 4 runs, 4 FP traps, 3 state swaps; both guests kept their registers\n");
    hv_printf("[scenario 18] ok\n");
    return 0;
}
