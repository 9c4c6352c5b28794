/* SPDX-License-Identifier: MIT */
/* Scenario 13 (seed 003, "Guest time scaling for a virtual machine", US 2023/0195484): the
 * hypervisor traps the guest's accesses to the physical counter and timer and performs them on
 * its behalf, presenting a guest time that runs at half the speed of the system counter; the
 * guest's timer interrupt arrives at the scaled time (docs/scenarios.md). */
#include "gic.h"
#include "timer.h"

/* Guest time: g(t) = base' + (t - base) / 2 for a physical count t >= base; base = base' = the
 * physical count when scaling starts, so guest time is continuous there. A guest compare value
 * c corresponds to the physical compare value base + 2 * (c - base'): g(t) >= c exactly when
 * t >= that value, so the real timer's condition (and ISTATUS) is the guest's. */
#define TS_SHIFT      1          /* half speed */
#define TS_WAIT1      200000u    /* guest ticks, through CNTP_TVAL_EL0 */
#define TS_WAIT2      300000u    /* guest ticks, through CNTP_CVAL_EL0 */

#define TS_GUEST_OK    0
#define TS_GUEST_WRONG 1

static uint64_t ts_base;         /* physical count at the start (also base') */
static uint64_t ts_guest_cval;   /* the guest's CNTP_CVAL_EL0 */

/* Trapped accesses, by register. */
enum { R_CNTPCT, R_CTL, R_CVAL, R_TVAL, R_COUNT };
static const char *const ts_reg_name[R_COUNT] = {"CNTPCT_EL0", "CNTP_CTL_EL0", "CNTP_CVAL_EL0",
                                                 "CNTP_TVAL_EL0"};
static unsigned ts_reads[R_COUNT], ts_writes[R_COUNT];
static unsigned ts_forwarded;

/* The encodings: op0 3, op1 3, CRn 14; CNTPCT_EL0 is CRm 0 op2 1, CNTP_TVAL/CTL/CVAL_EL0 CRm 2
 * op2 0/1/2. */
#define KEY_CNTPCT    SYSREG_KEY(3, 3, 14, 0, 1)
#define KEY_CNTP_TVAL SYSREG_KEY(3, 3, 14, 2, 0)
#define KEY_CNTP_CTL  SYSREG_KEY(3, 3, 14, 2, 1)
#define KEY_CNTP_CVAL SYSREG_KEY(3, 3, 14, 2, 2)

/* ---------------- EL1: the guest ---------------- */

/* The guest uses the physical counter and timer (as the patent's hypervisor configures it to)
 * exactly as on hardware; each access below traps. CNTVCT_EL0 is not trapped: with CNTVOFF_EL2
 * = 0 it shows real time, which the guest uses only as a witness. */
static volatile int ts_fired;
static volatile uint64_t ts_irq_ctl, ts_irq_g, ts_irq_v, ts_irq_cval;

static void ts_guest_irq(struct trap_frame *f)
{
    (void)f;
    unsigned intid = (unsigned)read_sysreg(icc_iar1_el1) & 0xFFFFFF; /* ICV_IAR1_EL1 */
    isb();
    if (intid != PPI_CNTP) {
        hv_printf("  guest: vIRQ, ICV_IAR1_EL1 = %u: not my timer\n", intid);
        return;
    }
    ts_irq_ctl = read_sysreg(cntp_ctl_el0);
    ts_irq_cval = read_sysreg(cntp_cval_el0);
    ts_irq_g = cnt_physical();
    ts_irq_v = cnt_virtual();
    /* Off before deactivating: the timer's output is a level. */
    write_sysreg(cntp_ctl_el0, 0);
    isb();
    write_sysreg(icc_eoir1_el1, intid); /* ICV_EOIR1_EL1: deactivates INTID 30 too (HW = 1) */
    isb();
    hv_printf("  guest: vIRQ, ICV_IAR1_EL1 = %u (my timer): CNTP_CTL_EL0 was 0x%lx; CNTP_CTL_EL0 <- 0,"
              " ICV_EOIR1_EL1 <- %u\n", intid, ts_irq_ctl, intid);
    ts_fired = 1;
}

static void ts_wait_irq(void)
{
    while (!ts_fired)
        __asm__ volatile("wfi" : : : "memory");
    ts_fired = 0;
}

static const char *yes(int c) { return c ? "yes" : "NO"; }

static void ts_guest(void)
{
    int ok = 1;
    guest_gic_init(GIC_HV_PMR);
    irq_unmask();
    hv_printf("  guest: at EL%u, ICV_PMR_EL1 <- 0x%x, ICV_IGRPEN1_EL1 <- 1, PSTATE.I <- 0\n",
              current_el(), GIC_HV_PMR);

    /* Wait 1: a relative deadline. */
    hv_printf("  guest: CNTP_TVAL_EL0 <- %u, CNTP_CTL_EL0 <- 1, WFI until the timer IRQ\n", TS_WAIT1);
    uint64_t v0 = cnt_virtual();
    uint64_t g0 = cnt_physical();
    write_sysreg(cntp_tval_el0, TS_WAIT1);
    write_sysreg(cntp_ctl_el0, CNT_CTL_ENABLE);
    isb();
    ts_wait_irq();
    uint64_t dg = ts_irq_g - g0, dv = ts_irq_v - v0;
    /* Guaranteed by the scaling, whatever the timing: at least TS_WAIT1 guest ticks passed,
     * while at least twice as many real ones did (less one for rounding), and the guest clock
     * never ran faster than half the real one. */
    int c1 = ts_irq_ctl == (CNT_CTL_ENABLE | CNT_CTL_ISTATUS);
    int c2 = dg >= TS_WAIT1, c3 = dv >= 2ul * TS_WAIT1 - 1, c4 = 2 * dg <= dv + 1;
    hv_printf("  guest: CNTP_CTL_EL0 = ENABLE|ISTATUS: %s; guest ticks elapsed >= %u: %s\n", yes(c1),
              TS_WAIT1, yes(c2));
    hv_printf("  guest: real ticks (CNTVCT_EL0) elapsed >= 2 x %u - 1: %s; guest clock at most half"
              " speed: %s\n", TS_WAIT1, yes(c3), yes(c4));
    ok &= c1 && c2 && c3 && c4;

    /* Wait 2: an absolute deadline. The timer is enabled last, so that it cannot fire before
     * the guest starts waiting. */
    hv_printf("  guest: CNTP_CVAL_EL0 <- CNTPCT_EL0 + %u, read CNTP_TVAL_EL0, CNTP_CTL_EL0 <- 1, WFI\n",
              TS_WAIT2);
    uint64_t cval = cnt_physical() + TS_WAIT2;
    write_sysreg(cntp_cval_el0, cval);
    isb();
    int32_t tval = (int32_t)read_sysreg(cntp_tval_el0);
    write_sysreg(cntp_ctl_el0, CNT_CTL_ENABLE);
    isb();
    ts_wait_irq();
    int c5 = tval <= (int32_t)TS_WAIT2, c6 = ts_irq_cval == cval, c7 = ts_irq_g >= cval;
    hv_printf("  guest: CNTP_TVAL_EL0 was <= %u: %s; CNTP_CVAL_EL0 reads back: %s; fired at"
              " CNTPCT_EL0 >= CNTP_CVAL_EL0: %s\n", TS_WAIT2, yes(c5), yes(c6), yes(c7));
    ok &= c5 && c6 && c7;

    hv_printf("  guest: done, HVC #0 to exit\n");
    guest_exit(ok ? TS_GUEST_OK : TS_GUEST_WRONG);
}

/* ---------------- EL2: the hypervisor ---------------- */

static uint64_t ts_guest_time(uint64_t t) { return ts_base + ((t - ts_base) >> TS_SHIFT); }

/* The physical compare value for guest compare value c (a deadline before the start of
 * scaling is simply in the past). */
static uint64_t ts_physical_cval(uint64_t c)
{
    if (c < ts_base)
        return c;
    uint64_t d = c - ts_base;
    if (d > (~0ul - ts_base) >> TS_SHIFT)
        return ~0ul; /* beyond the counter's range: never */
    return ts_base + (d << TS_SHIFT);
}

static void ts_set_guest_cval(uint64_t c)
{
    ts_guest_cval = c;
    write_sysreg(cntp_cval_el0, ts_physical_cval(c));
    isb();
}

static int ts_trap(struct trap_frame *f)
{
    if (ESR_EC(f->esr) != EC_SYSREG)
        return 0;
    uint32_t iss = ESR_ISS(f->esr);
    unsigned key = iss_sysreg_key(iss), reg;
    int rd = iss_is_read(iss);
    switch (key) {
    case KEY_CNTPCT: reg = R_CNTPCT; break;
    case KEY_CNTP_CTL: reg = R_CTL; break;
    case KEY_CNTP_CVAL: reg = R_CVAL; break;
    case KEY_CNTP_TVAL: reg = R_TVAL; break;
    default: return 0;
    }
    /* The real EL1 physical timer holds the physical image of the guest's timer: EL2 reaches
     * it through the same CNTP_*_EL0 names (HCR_EL2.E2H = 0). */
    uint64_t now = cnt_physical(), g = ts_guest_time(now), v = rd ? 0 : trap_rt_value(f);
    const char *what = "";
    switch (reg) {
    case R_CNTPCT:
        if (!rd)
            return 0;
        v = g;
        what = "base' + (CNTPCT_EL0 - base) / 2";
        break;
    case R_CTL:
        if (rd) {
            v = read_sysreg(cntp_ctl_el0); /* ISTATUS is the guest's condition (see above) */
            what = "the real CNTP_CTL_EL0";
        } else {
            write_sysreg(cntp_ctl_el0, v & (CNT_CTL_ENABLE | CNT_CTL_IMASK));
            isb();
            what = "the real CNTP_CTL_EL0";
        }
        break;
    case R_CVAL:
        if (rd) {
            v = ts_guest_cval;
            what = "the guest's compare value";
        } else {
            ts_set_guest_cval(v);
            what = "CNTP_CVAL_EL0 <- base + 2 x (value - base')";
        }
        break;
    case R_TVAL:
        if (rd) {
            v = (uint32_t)(ts_guest_cval - g);
            what = "(guest compare value - guest count)[31:0]";
        } else {
            /* TimerValue writes set CompareValue = count + SignExtend(value, 32) (Arm ARM
             * D11.2.4), here in guest time. */
            ts_set_guest_cval(g + (uint64_t)(int64_t)(int32_t)v);
            what = "CNTP_CVAL_EL0 <- base + 2 x (guest count + value - base')";
        }
        break;
    }
    if (rd) {
        ts_reads[reg]++;
        trap_complete_read(f, v);
        hv_printf("  hv: EC 0x18 MRS %s -> %s\n", ts_reg_name[reg], what);
    } else {
        ts_writes[reg]++;
        f->elr += 4;
        if (reg == R_CTL)
            hv_printf("  hv: EC 0x18 MSR %s, 0x%lx -> %s\n", ts_reg_name[reg], v, what);
        else
            hv_printf("  hv: EC 0x18 MSR %s -> %s\n", ts_reg_name[reg], what);
    }
    return 1;
}

/* The EL1 physical timer's PPI is a hardware interrupt of the guest: forward it with HW = 1, so
 * that the guest's EOI deactivates it, after the guest has turned the timer's output off. */
static void ts_hv_irq(struct trap_frame *f)
{
    (void)f;
    unsigned intid = gic_ack();
    if (intid != PPI_CNTP)
        hv_fail("scenario 13: ICC_IAR1_EL1 = %u at EL2", intid);
    int lr = ich_free_lr();
    if (lr < 0)
        hv_fail("scenario 13: no free list register");
    ich_lr_write((unsigned)lr, ich_lr_pending(intid, GIC_DEFAULT_PRIO, 1, intid));
    gic_eoi(intid);
    ts_forwarded++;
    hv_printf("  hv: IRQ, ICC_IAR1_EL1 = %u (the guest's timer) -> LR%d <- vINTID %u HW=1 pINTID %u,"
              " ICC_EOIR1_EL1 <- %u\n", intid, lr, intid, intid, intid);
}

int scenario_time_scale(void)
{
    hv_printf("[scenario 13] time-scale: the guest's physical counter and timer run at half speed\n");
    uint64_t cnthctl = read_sysreg(cnthctl_el2);
    write_sysreg(cntvoff_el2, 0);
    write_sysreg(cnthctl_el2, cnthctl & ~(CNTHCTL_EL1PCTEN | CNTHCTL_EL1PCEN));
    write_sysreg(cntp_ctl_el0, 0);
    isb();
    ts_base = cnt_physical();
    ts_guest_cval = 0;
    for (unsigned r = 0; r < R_COUNT; r++)
        ts_reads[r] = ts_writes[r] = 0;
    ts_forwarded = 0;
    hv_printf("  hv: CNTHCTL_EL2.EL1PCTEN <- 0, EL1PCEN <- 0 (E2H = 0): the guest's CNTPCT_EL0 and"
              " CNTP_*_EL0 accesses trap\n");
    hv_printf("  hv: guest time = base' + (CNTPCT_EL0 - base) / 2, base = base' = CNTPCT_EL0 now\n");

    gic_hv_init(0);
    gic_enable(PPI_CNTP);
    hv_irq_hook = ts_hv_irq;
    guest_irq_hook = ts_guest_irq;
    gic_trap_hook = ts_trap;
    write_sysreg(hcr_el2, HCR_RW | HCR_IMO);
    isb();
    hv_printf("  hv: HCR_EL2.IMO <- 1, ICH_HCR_EL2.En <- 1, INTID %u enabled, ERET to the guest at EL1\n",
              PPI_CNTP);

    el1_guest_prepare();
    struct trap_frame entry;
    guest_frame_init(&entry, ts_guest, SPSR_EL1H);
    uint64_t status = hv_run_guest(&entry);

    write_sysreg(hcr_el2, HCR_RW);
    write_sysreg(cntp_ctl_el0, 0);
    write_sysreg(cnthctl_el2, cnthctl);
    isb();
    gic_hv_fini();
    hv_printf("  hv: trapped reads: CNTPCT_EL0 %u, CNTP_CTL_EL0 %u, CNTP_CVAL_EL0 %u, CNTP_TVAL_EL0 %u;"
              " writes: CNTP_CTL_EL0 %u, CNTP_CVAL_EL0 %u, CNTP_TVAL_EL0 %u\n",
              ts_reads[R_CNTPCT], ts_reads[R_CTL], ts_reads[R_CVAL], ts_reads[R_TVAL],
              ts_writes[R_CTL], ts_writes[R_CVAL], ts_writes[R_TVAL]);
    if (status != TS_GUEST_OK || ts_forwarded != 2)
        hv_fail("scenario 13: guest status %lu, %u timer interrupts forwarded", status, ts_forwarded);
    hv_printf("  hv: guest exited; 2 timer interrupts forwarded, CNTHCTL_EL2 restored\n");
    hv_printf("[scenario 13] ok\n");
    return 0;
}
