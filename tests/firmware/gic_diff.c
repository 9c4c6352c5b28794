/* SPDX-License-Identifier: MIT */
/* Differential test of the GICv3 and the generic timers: firmware started at EL3 programs the
 * distributor, redistributor and CPU interfaces, pends SGIs, PPIs and SPIs, takes them as FIQs
 * at EL3 and IRQs at EL2 and EL1 (physical and virtual), reads IAR/HPPIR/RPR, uses EOImode 0
 * and 1, and runs the EL1 physical, EL1 virtual and EL2 physical timers with small deadlines.
 * It prints which interrupts arrived, in which order, and what the registers said; the output
 * is the same on QEMU (-M virt,gic-version=3 -cpu cortex-a57) and on tetrarch.
 *
 * Only architecturally fixed facts are printed, never times. Where two interrupts may end up
 * pending together (a host stall on QEMU), their priorities are chosen to give the same order
 * as their deadlines. ID register fields where the two implementations legitimately differ
 * (list register count, LPI support) are not printed. */
#include "lib/rt.h"

/* ---- The virt board's GICv3 (IHI 0069) ---- */
#define GICD            0x08000000UL
#define GICR            0x080A0000UL             /* core 0's RD_base */
#define GICR_SGI        (GICR + 0x10000UL)       /* core 0's SGI_base */
#define GICD_CTLR       0x0000
#define GICD_TYPER      0x0004
#define GICD_IGROUPR    0x0080
#define GICD_ISENABLER  0x0100
#define GICD_ICENABLER  0x0180
#define GICD_ISPENDR    0x0200
#define GICD_ICPENDR    0x0280
#define GICD_ISACTIVER  0x0300
#define GICD_ICACTIVER  0x0380
#define GICD_IPRIORITYR 0x0400
#define GICD_ICFGR      0x0C00
#define GICD_IGRPMODR   0x0D00
#define GICD_IROUTER    0x6000
#define GICD_PIDR2      0xFFE8
#define GICR_TYPER      0x0008
#define GICR_WAKER      0x0014
#define CTLR_GRP0       (1u << 0)
#define CTLR_GRP1NS     (1u << 1)
#define CTLR_ARE_S      (1u << 4)
#define CTLR_ARE_NS     (1u << 5)
#define CTLR_RWP        (1u << 31)

#define SCR_NS   (1ul << 0)
#define SCR_IRQ  (1ul << 1)
#define SCR_FIQ  (1ul << 2)
#define SCR_BASE ((3ul << 4) | (1ul << 8) | (1ul << 10))  /* RES1, HCE, RW */
#define HCR_RW   (1ul << 31)
#define HCR_IMO  (1ul << 4)

#define PPI_CNTHP 26
#define PPI_CNTV  27
#define PPI_CNTP  30

static inline uint32_t r32(uint64_t a) { return *(volatile uint32_t *)a; }
static inline void w32(uint64_t a, uint32_t v) { *(volatile uint32_t *)a = v; }
static inline uint8_t r8(uint64_t a) { return *(volatile uint8_t *)a; }
static inline void w8(uint64_t a, uint8_t v) { *(volatile uint8_t *)a = v; }
static inline uint64_t bitreg(unsigned off, unsigned intid)
{
    return (intid < 32 ? GICR_SGI : GICD + 4 * (intid / 32)) + off;
}
static inline uint32_t bit(unsigned intid) { return 1u << (intid % 32); }
static void enable(unsigned intid) { w32(bitreg(GICD_ISENABLER, intid), bit(intid)); }
static void pend(unsigned intid) { w32(bitreg(GICD_ISPENDR, intid), bit(intid)); }
static int is_pending(unsigned intid) { return (r32(bitreg(GICD_ISPENDR, intid)) & bit(intid)) != 0; }
static int is_active(unsigned intid) { return (r32(bitreg(GICD_ISACTIVER, intid)) & bit(intid)) != 0; }
static uint64_t prio_reg(unsigned intid) { return (intid < 32 ? GICR_SGI : GICD) + GICD_IPRIORITYR + intid; }
static void set_prio(unsigned intid, uint8_t p) { w8(prio_reg(intid), p); }
static void set_group0(unsigned intid)
{
    uint64_t a = bitreg(GICD_IGROUPR, intid);
    w32(a, r32(a) & ~bit(intid));
}
static void set_edge(unsigned intid)
{
    uint64_t a = (intid < 32 ? GICR_SGI : GICD) + GICD_ICFGR + 4 * (intid / 16);
    w32(a, r32(a) | 2u << (2 * (intid % 16)));
}
static void gicd_wait(void)
{
    while (r32(GICD + GICD_CTLR) & CTLR_RWP)
        ;
}

#define isb() __asm__ volatile("isb" ::: "memory")
#define MASK_ALL()   __asm__ volatile("msr daifset, #3" ::: "memory")
#define UNMASK_I()   __asm__ volatile("msr daifclr, #2\n isb" ::: "memory")
#define UNMASK_F()   __asm__ volatile("msr daifclr, #1\n isb" ::: "memory")
#define WFI()        __asm__ volatile("wfi" ::: "memory")

/* ---- What the handlers do: set by each phase ---- */
static void (*on_irq)(int el, int vec);
static volatile unsigned seen;          /* interrupts taken in the current phase */

static int hook(struct rt_frame *f, int el, int vec)
{
    int kind = vec & 3;
    if (on_irq && (kind == 1 || kind == 2)) {
        on_irq(el, vec);
        return 0;
    }
    rt_printf("unexpected exception at EL%d vector 0x%03x: ESR=%08lx ELR=%016lx\n", el,
              vec * 0x80, f->esr, f->elr);
    rt_exit(1);
}

static const char *where(int vec)
{
    static const char *const names[] = {"SP0 sync", "IRQ (SP0)", "FIQ (SP0)", "SError",
                                        "sync", "IRQ", "FIQ", "SError",
                                        "sync from below", "IRQ from below", "FIQ from below",
                                        "SError from below"};
    return vec < 12 ? names[vec] : "?";
}

/* ---------------- Identification ---------------- */

static void print_ids(void)
{
    /* ITLinesNumber is not printed: QEMU 7.2 reports 7 for its 288 INTIDs (it subtracted the
     * 32 private INTIDs, fixed in later QEMU), tetrarch 8. Enough for SPI 50 either way. */
    uint32_t typer = r32(GICD + GICD_TYPER);
    rt_printf("GICD_TYPER: SecurityExtn %u, SPIs up to INTID 50 at least: %s\n", (typer >> 10) & 1,
              (typer & 0x1f) >= 1 ? "yes" : "no");
    rt_printf("GICD_PIDR2.ArchRev %u\n", (r32(GICD + GICD_PIDR2) >> 4) & 0xf);
    uint64_t rt = *(volatile uint64_t *)(GICR + GICR_TYPER);
    rt_printf("GICR_TYPER: affinity 0x%lx, Last %lu\n", rt >> 32, (rt >> 4) & 1);
    /* IDbits are not printed either: QEMU has LPIs (24-bit INTIDs), tetrarch does not (16). */
    uint64_t c3 = RT_READ_SYSREG(icc_ctlr_el3);
    rt_printf("ICC_CTLR_EL3: PRIbits %lu, nDS %lu\n", ((c3 >> 8) & 7) + 1, (c3 >> 17) & 1);
    uint64_t vtr = RT_READ_SYSREG(ich_vtr_el2);
    rt_printf("ICH_VTR_EL2: PRIbits %lu, PREbits %lu, at least 4 LRs: %s\n",
              (vtr >> 29) + 1, ((vtr >> 26) & 7) + 1, (vtr & 0x1f) >= 3 ? "yes" : "no");
}

/* ---------------- EL3: Group 0 as FIQ ---------------- */

static unsigned nest_depth, preempt_test, repend_test;

static void el3_fiq(int el, int vec)
{
    uint64_t hppir = RT_READ_SYSREG(icc_hppir0_el1);
    uint64_t iar = RT_READ_SYSREG(icc_iar0_el1) & 0xffffff;
    uint64_t rpr = RT_READ_SYSREG(icc_rpr_el1);
    seen++;
    rt_printf("  EL%d %s: HPPIR0 %lu, IAR0 %lu, RPR 0x%02lx%s\n", el, where(vec), hppir, iar, rpr,
              nest_depth ? " (preempting)" : "");
    if (iar == 40 && preempt_test && !nest_depth) {
        /* Preemption: a higher-priority interrupt while this one is active. */
        pend(41);
        rt_printf("  in 40's handler: 41 pended, HPPIR0 %lu; unmask FIQ\n",
                  RT_READ_SYSREG(icc_hppir0_el1));
        nest_depth++;
        UNMASK_F();
        MASK_ALL();
        nest_depth--;
        rt_printf("  back in 40's handler, RPR 0x%02lx\n", RT_READ_SYSREG(icc_rpr_el1));
    }
    if (iar == 42 && repend_test == 1) {
        pend(42);
        repend_test = 2;
        rt_printf("  42 pended again while active: pending %d, active %d\n", is_pending(42),
                  is_active(42));
    }
    RT_WRITE_SYSREG(icc_eoir0_el1, iar);
}

static void el3_phase(void)
{
    rt_puts("== EL3: Group 0 interrupts as FIQ ==\n");
    /* SCR_EL3.NS = 0 while EL3 uses the banked ICC registers; FIQ = 1 routes Group 0 here. */
    RT_WRITE_SYSREG(scr_el3, SCR_BASE | SCR_FIQ);
    RT_WRITE_SYSREG(icc_pmr_el1, 0xff);
    RT_WRITE_SYSREG(icc_bpr0_el1, 0);
    rt_printf("ICC_BPR0_EL1 after writing 0: %lu; ICC_RPR_EL1 idle: 0x%02lx\n",
              RT_READ_SYSREG(icc_bpr0_el1), RT_READ_SYSREG(icc_rpr_el1));
    RT_WRITE_SYSREG(icc_igrpen0_el1, 1);
    w32(GICD + GICD_CTLR, CTLR_ARE_S | CTLR_ARE_NS | CTLR_GRP0 | CTLR_GRP1NS);
    gicd_wait();
    on_irq = el3_fiq;

    /* An SGI to ourselves (ICC_SGI0R_EL1: Group 0, target list {0}). */
    set_group0(1);
    set_prio(1, 0x40);
    enable(1);
    rt_printf("SGI 1: HPPIR0 before %lu\n", RT_READ_SYSREG(icc_hppir0_el1));
    RT_WRITE_SYSREG(icc_sgi0r_el1, (1ul << 24) | 1);
    rt_printf("SGI 1 sent: pending %d, HPPIR0 %lu; unmask FIQ\n", is_pending(1),
              RT_READ_SYSREG(icc_hppir0_el1));
    seen = 0;
    UNMASK_F();
    MASK_ALL();
    rt_printf("after: taken %u, HPPIR0 %lu, RPR 0x%02lx, active %d\n", seen,
              RT_READ_SYSREG(icc_hppir0_el1), RT_READ_SYSREG(icc_rpr_el1), is_active(1));

    /* Three SPIs pended together: taken in priority order, not INTID order. */
    static const unsigned spi[3] = {40, 41, 42};
    static const uint8_t pr[3] = {0x80, 0x40, 0x60};
    for (unsigned i = 0; i < 3; i++) {
        set_group0(spi[i]);
        set_prio(spi[i], pr[i]);
        set_edge(spi[i]);
        *(volatile uint64_t *)(GICD + GICD_IROUTER + 8 * spi[i]) = 0;
        enable(spi[i]);
        pend(spi[i]);
    }
    rt_printf("SPIs 40 (0x80), 41 (0x40), 42 (0x60) pended: HPPIR0 %lu; unmask FIQ\n",
              RT_READ_SYSREG(icc_hppir0_el1));
    seen = 0;
    UNMASK_F();
    MASK_ALL();
    rt_printf("after: taken %u\n", seen);

    /* Preemption by priority (BPR0 at its minimum: every priority is its own group). */
    rt_puts("SPI 40 pended alone; unmask FIQ\n");
    pend(40);
    seen = 0;
    preempt_test = 1;
    UNMASK_F();
    MASK_ALL();
    preempt_test = 0;
    rt_printf("after: taken %u, RPR 0x%02lx\n", seen, RT_READ_SYSREG(icc_rpr_el1));

    /* An edge SPI pended again while active becomes active and pending: taken again after
     * its EOI. Then, with nothing pending, IAR0 returns the spurious INTID. */
    rt_puts("SPI 42 pended, and pended again in its handler; unmask FIQ\n");
    repend_test = 1;
    pend(42);
    seen = 0;
    UNMASK_F();
    MASK_ALL();
    repend_test = 0;
    rt_printf("after: taken %u; IAR0 with nothing pending %lu\n", seen,
              RT_READ_SYSREG(icc_iar0_el1) & 0xffffff);

    /* The priority mask: an interrupt at or below it is not signalled (HPPIR still shows it). */
    RT_WRITE_SYSREG(icc_pmr_el1, 0x60);
    pend(40);
    rt_printf("PMR 0x60, SPI 40 (0x80) pending: HPPIR0 %lu, IAR0 %lu; ", 
              RT_READ_SYSREG(icc_hppir0_el1) & 0xffffff, RT_READ_SYSREG(icc_iar0_el1) & 0xffffff);
    RT_WRITE_SYSREG(icc_pmr_el1, 0xff);
    uint64_t id40 = RT_READ_SYSREG(icc_iar0_el1) & 0xffffff;
    RT_WRITE_SYSREG(icc_eoir0_el1, id40);
    rt_printf("PMR 0xff: IAR0 %lu\n", id40);

    /* EOImode_EL3 = 1: EOIR only drops the priority; DIR deactivates. */
    RT_WRITE_SYSREG(icc_ctlr_el3, RT_READ_SYSREG(icc_ctlr_el3) | (1ul << 2));
    on_irq = 0;
    pend(42);
    uint64_t iar = RT_READ_SYSREG(icc_iar0_el1) & 0xffffff;
    rt_printf("EOImode 1, SPI 42 acknowledged by polling: IAR0 %lu, RPR 0x%02lx, active %d\n",
              iar, RT_READ_SYSREG(icc_rpr_el1), is_active(42));
    RT_WRITE_SYSREG(icc_eoir0_el1, iar);
    rt_printf("  after EOIR0: RPR 0x%02lx, active %d\n", RT_READ_SYSREG(icc_rpr_el1), is_active(42));
    RT_WRITE_SYSREG(icc_dir_el1, iar);
    rt_printf("  after DIR: active %d\n", is_active(42));
    RT_WRITE_SYSREG(icc_ctlr_el3, RT_READ_SYSREG(icc_ctlr_el3) & ~(1ul << 2));

    /* A Non-secure Group 1 interrupt seen from EL3: the special INTIDs. */
    enable(2);
    set_prio(2, 0xa0);
    pend(2);
    RT_WRITE_SYSREG(icc_igrpen1_el3, 1);   /* EnableGrp1NS */
    rt_printf("SGI 2 (Non-secure Group 1) pending: at EL3 HPPIR0 %lu, HPPIR1 %lu\n",
              RT_READ_SYSREG(icc_hppir0_el1) & 0xffffff, RT_READ_SYSREG(icc_hppir1_el1) & 0xffffff);
}

/* ---------------- EL2: Group 1 as IRQ, the EL2 timer ---------------- */

static void el2_irq(int el, int vec)
{
    uint64_t hppir = RT_READ_SYSREG(icc_hppir1_el1) & 0xffffff;
    uint64_t iar = RT_READ_SYSREG(icc_iar1_el1) & 0xffffff;
    uint64_t rpr = RT_READ_SYSREG(icc_rpr_el1);
    seen++;
    rt_printf("  EL%d %s: HPPIR1 %lu, IAR1 %lu, RPR 0x%02lx", el, where(vec), hppir, iar, rpr);
    if (iar == PPI_CNTHP) {
        uint64_t ctl = RT_READ_SYSREG(cnthp_ctl_el2);
        uint64_t met = RT_READ_SYSREG(cntpct_el0) >= RT_READ_SYSREG(cnthp_cval_el2);
        rt_printf(", CNTHP_CTL_EL2 0x%lx, count >= CVAL %lu", ctl, met);
        RT_WRITE_SYSREG(cnthp_ctl_el2, 0);
    }
    rt_puts("\n");
    RT_WRITE_SYSREG(icc_eoir1_el1, iar);
    if (RT_READ_SYSREG(icc_ctlr_el1) & 2) { /* EOImode 1 */
        rt_printf("    after EOIR1: RPR 0x%02lx, active %d\n", RT_READ_SYSREG(icc_rpr_el1),
                  is_active((unsigned)iar));
        RT_WRITE_SYSREG(icc_dir_el1, iar);
        rt_printf("    after DIR: active %d\n", is_active((unsigned)iar));
    }
}

static uint64_t el1_phys(uint64_t arg);
static uint64_t el1_virt(uint64_t arg);

static uint64_t el2_phase(uint64_t arg)
{
    rt_puts("== EL2: Non-secure Group 1 interrupts as IRQ (HCR_EL2.IMO = 1) ==\n");
    on_irq = el2_irq;
    RT_WRITE_SYSREG(icc_pmr_el1, 0xf0);
    RT_WRITE_SYSREG(icc_igrpen1_el1, 1);
    RT_WRITE_SYSREG(icc_ctlr_el1, 0);
    rt_printf("ICC_PMR_EL1 0x%02lx, ICC_BPR1_EL1 %lu; SGI 2's priority as Non-secure reads it: 0x%02x\n",
              RT_READ_SYSREG(icc_pmr_el1), RT_READ_SYSREG(icc_bpr1_el1), r8(prio_reg(2)));
    rt_printf("SGI 2 still pending: HPPIR1 %lu; unmask IRQ\n", RT_READ_SYSREG(icc_hppir1_el1) & 0xffffff);
    seen = 0;
    UNMASK_I();
    MASK_ALL();

    /* An SGI sent from EL2 (ICC_SGI1R_EL1), with EOImode 1. */
    RT_WRITE_SYSREG(icc_ctlr_el1, 2);
    enable(3);
    set_prio(3, 0x40);   /* a Non-secure write: stored as 0x80 | 0x40 >> 1 */
    rt_printf("EOImode 1; SGI 3's priority written 0x40 by Non-secure, reads 0x%02x\n", r8(prio_reg(3)));
    RT_WRITE_SYSREG(icc_sgi1r_el1, (3ul << 24) | 1);
    UNMASK_I();
    MASK_ALL();
    RT_WRITE_SYSREG(icc_ctlr_el1, 0);

    /* The EL2 physical timer, a short deadline. */
    enable(PPI_CNTHP);
    set_prio(PPI_CNTHP, 0x80);
    RT_WRITE_SYSREG(cnthp_tval_el2, 300);
    RT_WRITE_SYSREG(cnthp_ctl_el2, 1);
    rt_puts("CNTHP_EL2 armed, TVAL 300; WFI\n");
    seen = 0;
    while (!seen) {
        WFI();
        UNMASK_I();
        MASK_ALL();
    }

    /* Physical interrupts to EL1: HCR_EL2.IMO = 0. EL1 may use the physical timer. */
    RT_WRITE_SYSREG(hcr_el2, HCR_RW);
    RT_WRITE_SYSREG(cnthctl_el2, 3);     /* EL1PCTEN | EL1PCEN */
    RT_WRITE_SYSREG(cntvoff_el2, 0);
    RT_WRITE_SYSREG(icc_sre_el1, 7);     /* the Non-secure EL1 uses system registers too */
    uint64_t r = rt_call_lower(el1_phys, arg + 1, RT_SPSR_EL1H);

    /* Virtual interrupts from list registers: HCR_EL2.IMO = 1. */
    rt_puts("== EL2 -> EL1: virtual interrupts from list registers ==\n");
    on_irq = el2_irq;
    RT_WRITE_SYSREG(hcr_el2, HCR_RW | HCR_IMO);
    RT_WRITE_SYSREG(ich_vmcr_el2, 0);
    RT_WRITE_SYSREG(ich_ap1r0_el2, 0);
    /* vINTID 70 (priority 0xa0) and 71 (0x90); 71 should come first. */
    RT_WRITE_SYSREG(ich_lr0_el2, (1ul << 62) | (1ul << 60) | (0xa0ul << 48) | 70);
    RT_WRITE_SYSREG(ich_lr1_el2, (1ul << 62) | (1ul << 60) | (0x90ul << 48) | 71);
    RT_WRITE_SYSREG(ich_hcr_el2, 1);
    rt_printf("LR0 vINTID 70 (0xa0), LR1 vINTID 71 (0x90) pending; ICH_ELRSR_EL2 0x%lx\n",
              RT_READ_SYSREG(ich_elrsr_el2) & 3);
    r = rt_call_lower(el1_virt, r + 1, RT_SPSR_EL1H);
    rt_printf("back at EL2: LR0 state %lu, LR1 state %lu, ICH_ELRSR_EL2 0x%lx, ICH_MISR_EL2 0x%lx\n",
              RT_READ_SYSREG(ich_lr0_el2) >> 62, RT_READ_SYSREG(ich_lr1_el2) >> 62,
              RT_READ_SYSREG(ich_elrsr_el2) & 3, RT_READ_SYSREG(ich_misr_el2));

    /* A physical interrupt handed to the guest: SPI 60 taken at EL2 with EOImode 1 (priority
     * dropped, still active), injected with HW = 1; the guest's EOI deactivates INTID 60. */
    rt_puts("SPI 60 pended; EL2 takes it with EOImode 1 and injects it with HW = 1\n");
    on_irq = 0;
    RT_WRITE_SYSREG(icc_ctlr_el1, 2);
    enable(60);
    set_prio(60, 0x40);
    *(volatile uint64_t *)(GICD + GICD_IROUTER + 8 * 60) = 0;
    pend(60);
    uint64_t p60 = RT_READ_SYSREG(icc_iar1_el1) & 0xffffff;
    RT_WRITE_SYSREG(icc_eoir1_el1, p60);
    rt_printf("EL2: IAR1 %lu, after EOIR1: RPR 0x%02lx, active %d\n", p60,
              RT_READ_SYSREG(icc_rpr_el1), is_active(60));
    RT_WRITE_SYSREG(ich_lr0_el2, (1ul << 62) | (1ul << 61) | (1ul << 60) | (0xa0ul << 48) |
                                 (p60 << 32) | p60);
    r = rt_call_lower(el1_virt, r + 1, RT_SPSR_EL1H);
    rt_printf("back at EL2: LR0 state %lu, INTID 60 active %d, pending %d\n",
              RT_READ_SYSREG(ich_lr0_el2) >> 62, is_active(60), is_pending(60));
    RT_WRITE_SYSREG(icc_ctlr_el1, 0);

    RT_WRITE_SYSREG(ich_hcr_el2, 0);
    RT_WRITE_SYSREG(ich_lr0_el2, 0);
    RT_WRITE_SYSREG(ich_lr1_el2, 0);
    RT_WRITE_SYSREG(hcr_el2, HCR_RW);
    return r + 1;
}

/* ---------------- EL1: physical IRQs, the EL1 timers ---------------- */

static void el1_irq(int el, int vec)
{
    uint64_t iar = RT_READ_SYSREG(icc_iar1_el1) & 0xffffff;
    uint64_t rpr = RT_READ_SYSREG(icc_rpr_el1);
    seen++;
    rt_printf("  EL%d %s: IAR1 %lu, RPR 0x%02lx", el, where(vec), iar, rpr);
    if (iar == PPI_CNTP) {
        rt_printf(", CNTP_CTL_EL0 0x%lx, count >= CVAL %d", RT_READ_SYSREG(cntp_ctl_el0),
                  RT_READ_SYSREG(cntpct_el0) >= RT_READ_SYSREG(cntp_cval_el0));
        RT_WRITE_SYSREG(cntp_ctl_el0, 0);
    } else if (iar == PPI_CNTV) {
        rt_printf(", CNTV_CTL_EL0 0x%lx, count >= CVAL %d", RT_READ_SYSREG(cntv_ctl_el0),
                  RT_READ_SYSREG(cntvct_el0) >= RT_READ_SYSREG(cntv_cval_el0));
        RT_WRITE_SYSREG(cntv_ctl_el0, 0);
    }
    rt_puts("\n");
    RT_WRITE_SYSREG(icc_eoir1_el1, iar);
}

static uint64_t el1_phys(uint64_t arg)
{
    rt_puts("== EL1: physical IRQs (HCR_EL2.IMO = 0) ==\n");
    on_irq = el1_irq;
    /* An SGI and an SPI, both pended while masked: priority decides (SPI 50 is higher). */
    enable(4);
    set_prio(4, 0x60);
    enable(50);
    set_prio(50, 0x20);
    *(volatile uint64_t *)(GICD + GICD_IROUTER + 8 * 50) = 0;
    RT_WRITE_SYSREG(icc_sgi1r_el1, (4ul << 24) | 1);
    pend(50);
    rt_printf("SGI 4 (0x60) sent, SPI 50 (0x20) pended: HPPIR1 %lu; unmask IRQ\n",
              RT_READ_SYSREG(icc_hppir1_el1) & 0xffffff);
    seen = 0;
    UNMASK_I();
    MASK_ALL();
    rt_printf("after: taken %u, RPR 0x%02lx\n", seen, RT_READ_SYSREG(icc_rpr_el1));

    /* The EL1 physical and virtual timers: CNTP due first, and of higher priority, so that
     * the order is the same if both are found pending together. */
    enable(PPI_CNTP);
    enable(PPI_CNTV);
    set_prio(PPI_CNTP, 0x80);
    set_prio(PPI_CNTV, 0x90);
    RT_WRITE_SYSREG(cntv_tval_el0, 4000);
    RT_WRITE_SYSREG(cntv_ctl_el0, 1);
    RT_WRITE_SYSREG(cntp_tval_el0, 200);
    RT_WRITE_SYSREG(cntp_ctl_el0, 1);
    rt_puts("CNTV_EL0 armed (TVAL 4000), CNTP_EL0 armed (TVAL 200); WFI until both fire\n");
    seen = 0;
    while (seen < 2) {
        WFI();
        UNMASK_I();
        MASK_ALL();
    }
    rt_printf("timers: CNTP_CTL_EL0 0x%lx, CNTV_CTL_EL0 0x%lx, CNTP_TVAL_EL0 negative: %s\n",
              RT_READ_SYSREG(cntp_ctl_el0), RT_READ_SYSREG(cntv_ctl_el0),
              (int32_t)RT_READ_SYSREG(cntp_tval_el0) < 0 ? "yes" : "no");
    return arg + 1;
}

/* ---------------- EL1: virtual IRQs ---------------- */

static void el1_virq(int el, int vec)
{
    uint64_t hppir = RT_READ_SYSREG(icc_hppir1_el1) & 0xffffff;
    uint64_t iar = RT_READ_SYSREG(icc_iar1_el1) & 0xffffff;
    uint64_t rpr = RT_READ_SYSREG(icc_rpr_el1);
    seen++;
    rt_printf("  EL%d %s (virtual): ICV_HPPIR1 %lu, ICV_IAR1 %lu, ICV_RPR 0x%02lx\n", el,
              where(vec), hppir, iar, rpr);
    RT_WRITE_SYSREG(icc_eoir1_el1, iar);
}

static uint64_t el1_virt(uint64_t arg)
{
    on_irq = el1_virq;
    RT_WRITE_SYSREG(icc_pmr_el1, 0xff);   /* ICV_PMR_EL1 */
    RT_WRITE_SYSREG(icc_igrpen1_el1, 1);  /* ICV_IGRPEN1_EL1 */
    rt_printf("EL1: ICV_HPPIR1 %lu; unmask IRQ\n", RT_READ_SYSREG(icc_hppir1_el1) & 0xffffff);
    seen = 0;
    UNMASK_I();
    MASK_ALL();
    rt_printf("after: taken %u, ICV_RPR 0x%02lx, ICV_HPPIR1 %lu\n", seen, RT_READ_SYSREG(icc_rpr_el1),
              RT_READ_SYSREG(icc_hppir1_el1) & 0xffffff);
    return arg + 1;
}

/* ---------------- EL3: set-up and the sequence ---------------- */

int main(void)
{
    rt_puts("gic_diff: GICv3 and generic timers\n");
    if (((RT_READ_SYSREG(id_aa64pfr0_el1) >> 24) & 0xf) == 0) {
        rt_puts("no GIC system register interface\n");
        return 1;
    }
    rt_setup_els();
    rt_exc_hook = hook;
    /* System registers at every EL; affinity routing; core 0's redistributor awake; every
     * SGI, PPI and SPI Non-secure Group 1 unless a phase makes it Group 0. */
    RT_WRITE_SYSREG(icc_sre_el3, 0xf);
    RT_WRITE_SYSREG(icc_sre_el2, 0xf);
    w32(GICD + GICD_CTLR, CTLR_ARE_S | CTLR_ARE_NS);
    gicd_wait();
    w32(GICR + GICR_WAKER, r32(GICR + GICR_WAKER) & ~2u);
    while (r32(GICR + GICR_WAKER) & 4)
        ;
    w32(GICR_SGI + GICD_IGROUPR, ~0u);
    w32(GICR_SGI + GICD_IGRPMODR, 0);
    for (unsigned n = 1; n < 9; n++) {
        w32(GICD + GICD_IGROUPR + 4 * n, ~0u);
        w32(GICD + GICD_IGRPMODR + 4 * n, 0);
    }
    print_ids();

    el3_phase();

    /* To EL2 (Non-secure), with IRQs routed there. */
    RT_WRITE_SYSREG(scr_el3, SCR_BASE | SCR_NS);
    RT_WRITE_SYSREG(hcr_el2, HCR_RW | HCR_IMO);
    uint64_t r = rt_call_lower(el2_phase, 1, RT_SPSR_EL2H);
    rt_printf("back at EL3: %lu\n", r);
    return 0;
}
