/* SPDX-License-Identifier: MIT */
/* GICv3 (IHI 0069): the Distributor, one Redistributor per core, the physical CPU interface
 * (ICC_*) and the virtual CPU interface with its list registers (ICH_*, ICV_*). */
#include "peripherals/gic.h"

#include <stdlib.h>
#include <string.h>

#include "cpu/exception.h"
#include "cpu/irq.h"
#include "cpu/regbits.h"
#include "mmu/phys.h"
#include "peripherals/gic_sysreg.h"

/* ============================== Constants ================================= */

#define NUM_WORDS (GIC_NUM_IRQS / 32)
#define PRI_BITS 5
#define PRI_MASK 0xF8u               /* the implemented priority bits */
#define MIN_BPR (7 - PRI_BITS)       /* BPR0 = 2: group priority bits [7:3] */
#define APR_SHIFT (8 - PRI_BITS)     /* a group priority's bit in the AP registers */
#define IDLE_PRIORITY 0xFFu

/* Special INTIDs (IHI 0069 2.2.1). */
enum { INTID_SECURE = 1020, INTID_NONSECURE = 1021, INTID_SPURIOUS = 1023 };

/* Interrupt groups. */
enum { G0, G1S, G1NS };

/* GICD_CTLR (Secure view; the Non-secure view shows EnableGrp1NS at bit 1 as EnableGrp1A). */
#define CTLR_ENABLE_G0 (1u << 0)
#define CTLR_ENABLE_G1NS (1u << 1)
#define CTLR_ENABLE_G1S (1u << 2)
#define CTLR_ARE_S (1u << 4)
#define CTLR_ARE_NS (1u << 5)
#define CTLR_NS_VIEW_ARE_NS (1u << 4)  /* ARE_NS where Non-secure accesses see it */

#define IROUTER_IRM (1ull << 31)
#define IROUTER_MASK 0x80FFFFFFull   /* Aff2.Aff1.Aff0 and IRM; Aff3 is RES0 (A3V = 0) */

/* ICC_CTLR_EL1 and ICC_CTLR_EL3 */
#define ICC_CTLR_CBPR (1u << 0)
#define ICC_CTLR_EOIMODE (1u << 1)
#define ICC_CTLR_PRIBITS ((PRI_BITS - 1u) << 8)
#define ICC_CTLR_EL3_CBPR_EL1S (1u << 0)
#define ICC_CTLR_EL3_CBPR_EL1NS (1u << 1)
#define ICC_CTLR_EL3_EOIMODE_EL3 (1u << 2)
#define ICC_CTLR_EL3_EOIMODE_EL1S (1u << 3)
#define ICC_CTLR_EL3_EOIMODE_EL1NS (1u << 4)
#define ICC_CTLR_EL3_NDS (1u << 17)
/* ICC_SRE_ELx: SRE, DFB and DIB are RAO/WI (no legacy interface, no bypass). */
#define ICC_SRE_FIXED 0x7u
#define ICC_SRE_ENABLE (1u << 3)

/* ICH_HCR_EL2 */
#define HCR_EN (1u << 0)
#define HCR_UIE (1u << 1)
#define HCR_LRENPIE (1u << 2)
#define HCR_NPIE (1u << 3)
#define HCR_VGRP0EIE (1u << 4)
#define HCR_VGRP0DIE (1u << 5)
#define HCR_VGRP1EIE (1u << 6)
#define HCR_VGRP1DIE (1u << 7)
#define HCR_TC (1u << 10)
#define HCR_TALL0 (1u << 11)
#define HCR_TALL1 (1u << 12)
#define HCR_TDIR (1u << 14)
#define HCR_EOICOUNT_SHIFT 27
#define HCR_WRITABLE 0xF8005CFFull   /* TSEI is RES0 without SEIS, DVIM without GICv4 */
/* ICH_VTR_EL2: PRIbits, PREbits = 4, IDbits = 16 bits, nV4 (no direct vLPI injection), TDS
 * (ICH_HCR_EL2.TDIR is supported), ListRegs = 15. */
#define ICH_VTR ((uint64_t)(PRI_BITS - 1) << 29 | (uint64_t)(PRI_BITS - 1) << 26 | 1u << 20 | 1u << 19 | (GIC_NUM_LRS - 1))
/* ICH_VMCR_EL2 */
#define VMCR_VENG0 (1u << 0)
#define VMCR_VENG1 (1u << 1)
#define VMCR_VFIQEN (1u << 3)        /* RES1 with system register access */
#define VMCR_VCBPR (1u << 4)
#define VMCR_VEOIM (1u << 9)
#define VMCR_VBPR1_SHIFT 18
#define VMCR_VBPR0_SHIFT 21
#define VMCR_VPMR_SHIFT 24
/* ICH_MISR_EL2 */
#define MISR_EOI (1u << 0)
#define MISR_U (1u << 1)
#define MISR_LRENP (1u << 2)
#define MISR_NP (1u << 3)
#define MISR_VGRP0E (1u << 4)
#define MISR_VGRP0D (1u << 5)
#define MISR_VGRP1E (1u << 6)
#define MISR_VGRP1D (1u << 7)
/* ICH_LR<n>_EL2 */
#define LR_VINTID 0xFFFFull                      /* 16 bits of INTID are implemented */
#define LR_PINTID_SHIFT 32
#define LR_PINTID (0x1FFFull << LR_PINTID_SHIFT)
#define LR_EOI (1ull << 41)                      /* with HW == 0 */
#define LR_PRIORITY_SHIFT 48
#define LR_GROUP (1ull << 60)
#define LR_HW (1ull << 61)
#define LR_PENDING (1ull << 62)
#define LR_ACTIVE (1ull << 63)
#define LR_STATE (LR_PENDING | LR_ACTIVE)
#define LR_WRITABLE (LR_STATE | LR_HW | LR_GROUP | ((uint64_t)PRI_MASK << LR_PRIORITY_SHIFT) | LR_PINTID | LR_VINTID)

/* ================================= State ================================== */

/* The state of 32 interrupts, one bit each. Pending is the latch (set by an edge, a write to
 * ISPENDR or an SGI; cleared by ICPENDR and acknowledgement) or, for a level-sensitive
 * interrupt, the input level. */
typedef struct {
    uint32_t group;    /* IGROUPR: 1 = Non-secure Group 1 */
    uint32_t grpmod;   /* IGRPMODR: with group 0, 1 = Secure Group 1 */
    uint32_t enable;
    uint32_t latch;
    uint32_t active;
    uint32_t level;    /* the input line */
    uint32_t edge;     /* ICFGR: 1 = edge-triggered */
} IrqWord;

/* The highest priority pending interrupt forwarded to a CPU interface. */
typedef struct {
    int intid;         /* -1 when there is none */
    uint8_t prio;
    uint8_t grp;
} Pending;

typedef struct {
    /* Redistributor */
    IrqWord priv;      /* SGIs and PPIs */
    uint8_t prio[32];
    bool asleep;       /* GICR_WAKER.ProcessorSleep (ChildrenAsleep follows at once) */
    /* Physical CPU interface; by group: BPR0/Secure BPR1/Non-secure BPR1 and so on */
    uint8_t pmr;
    uint8_t bpr[3];
    uint32_t apr[3];   /* ICC_AP0R0_EL1, Secure and Non-secure ICC_AP1R0_EL1 */
    bool igrpen[3];
    uint32_t ctlr_el1[2]; /* CBPR, EOImode of ICC_CTLR_EL1: [0] Secure, [1] Non-secure copy */
    uint32_t ctlr_el3;    /* EOImode_EL3 */
    bool sre_enable_el2, sre_enable_el3;
    /* Virtual CPU interface */
    uint64_t ich_hcr, ich_vmcr;
    uint64_t ich_lr[GIC_NUM_LRS];
    uint32_t ich_apr[2];  /* ICH_AP0R0_EL2, ICH_AP1R0_EL2 */
    bool maintenance;     /* the level driven into PPI 25 */
    Pending hppi;         /* valid while !GIC.dirty */
} GicCpu;

struct GIC {
    Machine *m;
    int ncpu;
    uint32_t ctlr;                 /* EnableGrp0, EnableGrp1NS, EnableGrp1S */
    IrqWord spi[NUM_WORDS];        /* word 0 is unused: SGIs and PPIs are per Redistributor */
    uint8_t prio[GIC_NUM_IRQS];
    uint64_t irouter[GIC_NUM_IRQS];
    bool dirty;                    /* some hppi needs recomputing */
    GicCpu cpu[MAX_CPUS];
};
typedef struct GIC GIC;

static GIC *gic_of(const CPU *c) { return (GIC *)c->m->intc; }
static GicCpu *cpu_if(const CPU *c)
{
    GIC *g = gic_of(c);
    return g && c->index < g->ncpu ? &g->cpu[c->index] : NULL;
}

/* ========================= Interrupt state helpers ======================== */

static IrqWord *irq_word(GIC *g, int cpu, unsigned intid) { return intid < 32 ? &g->cpu[cpu].priv : &g->spi[intid / 32]; }
static uint8_t *irq_prio(GIC *g, int cpu, unsigned intid) { return intid < 32 ? &g->cpu[cpu].prio[intid] : &g->prio[intid]; }
static uint32_t pending_bits(const IrqWord *w) { return w->latch | (w->level & ~w->edge); }

/* The group from IGROUPR and IGRPMODR (IGRPMODR = 1 with IGROUPR = 1 is reserved: Group 1 NS). */
static unsigned word_group(const IrqWord *w, unsigned bit)
{
    if ((w->group >> bit) & 1)
        return G1NS;
    return (w->grpmod >> bit) & 1 ? G1S : G0;
}
static unsigned irq_group(GIC *g, int cpu, unsigned intid) { return word_group(irq_word(g, cpu, intid), intid % 32); }

/* Something that can change what is pending, enabled or signalled changed: every core looks at
 * its lines again (cpu_request_check) and the HPPI caches are rebuilt on the next look. */
static void gic_changed(GIC *g)
{
    g->dirty = true;
    for (int i = 0; i < g->ncpu; i++)
        cpu_request_check(g->m->cpu[i]);
}

/* An input line of an interrupt: a rising edge latches an edge-triggered interrupt pending;
 * a level-sensitive one is pending while the level is high. */
static void drive_input(GIC *g, IrqWord *w, unsigned bit, bool level)
{
    uint32_t b = 1u << bit;
    if (((w->level & b) != 0) == level)
        return;
    if (level) {
        w->level |= b;
        if (w->edge & b)
            w->latch |= b;
    } else {
        w->level &= ~b;
    }
    gic_changed(g);
}

static void gic_set_spi(void *opaque, unsigned intid, bool level)
{
    GIC *g = opaque;
    if (intid >= 32 && intid < GIC_NUM_IRQS)
        drive_input(g, &g->spi[intid / 32], intid % 32, level);
}

static void gic_set_ppi(void *opaque, int cpu, unsigned intid, bool level)
{
    GIC *g = opaque;
    if (cpu >= 0 && cpu < g->ncpu && intid >= 16 && intid < 32)
        drive_input(g, &g->cpu[cpu].priv, intid, level);
}

/* ================== Highest priority pending interrupt ==================== */

static bool group_enabled(const GIC *g, unsigned grp)
{
    static const uint32_t enable[3] = {CTLR_ENABLE_G0, CTLR_ENABLE_G1S, CTLR_ENABLE_G1NS};
    return (g->ctlr & enable[grp]) != 0;
}

/* Is an interrupt of `grp` forwarded to core `cpu`'s CPU interface? Its Redistributor must be
 * awake (a sleeping one only asks for a wake-up) and the group enabled in GICD_CTLR and in the
 * CPU interface (a disabled group's interrupts are released to the Distributor, which then
 * forwards the next one: the stream protocol's "Release"). */
static bool forwarded(const GIC *g, int cpu, unsigned grp)
{
    const GicCpu *ci = &g->cpu[cpu];
    return !ci->asleep && group_enabled(g, grp) && ci->igrpen[grp];
}

/* The core an SPI goes to (GICD_IROUTER): the one whose affinity matches with IRM = 0; with
 * IRM = 1 ("any participating PE") the lowest-numbered core that would take it. -1: none. */
static int spi_target(const GIC *g, unsigned intid, unsigned grp)
{
    uint64_t r = g->irouter[intid];
    if (r & IROUTER_IRM) {
        for (int i = 0; i < g->ncpu; i++)
            if (forwarded(g, i, grp))
                return i;
        return -1;
    }
    if (r & 0xFFFF00) /* Aff2.Aff1: every core has Aff1 = Aff2 = 0 */
        return -1;
    return (r & 0xFF) < (unsigned)g->ncpu ? (int)(r & 0xFF) : -1;
}

/* Lower priority value wins; among equals the lowest INTID (IMPLEMENTATION DEFINED). */
static void consider(Pending *p, unsigned intid, uint8_t prio, unsigned grp)
{
    if (prio < p->prio || p->intid < 0) {
        p->intid = (int)intid;
        p->prio = prio;
        p->grp = (uint8_t)grp;
    }
}

static void recompute_hppi(GIC *g)
{
    for (int i = 0; i < g->ncpu; i++) {
        GicCpu *ci = &g->cpu[i];
        ci->hppi = (Pending){-1, IDLE_PRIORITY, 0};
        IrqWord *w = &ci->priv;
        uint32_t cand = pending_bits(w) & w->enable & ~w->active;
        for (unsigned b = 0; cand; b++, cand >>= 1)
            if ((cand & 1) && forwarded(g, i, word_group(w, b)))
                consider(&ci->hppi, b, ci->prio[b], word_group(w, b));
    }
    for (unsigned n = 1; n < NUM_WORDS; n++) {
        IrqWord *w = &g->spi[n];
        uint32_t cand = pending_bits(w) & w->enable & ~w->active;
        for (unsigned b = 0; cand; b++, cand >>= 1) {
            if (!(cand & 1))
                continue;
            unsigned intid = n * 32 + b, grp = word_group(w, b);
            int t = spi_target(g, intid, grp);
            if (t >= 0 && forwarded(g, t, grp))
                consider(&g->cpu[t].hppi, intid, g->prio[intid], grp);
        }
    }
    g->dirty = false;
}

static const Pending *cpu_hppi(GIC *g, int cpu)
{
    if (g->dirty)
        recompute_hppi(g);
    return &g->cpu[cpu].hppi;
}

/* ====================== Physical CPU interface logic ====================== */

/* The banked registers (ICC_CTLR_EL1, BPR1, IGRPEN1, AP1R) of the current Security state; at
 * EL3, SCR_EL3.NS selects the copy. */
static bool use_ns_bank(const CPU *c) { return (c->sr[SR_SCR_EL3] & SCR_NS) != 0; }

/* HCR_EL2.{IMO,FMO} as they act at Non-secure EL1: TGE forces them to 1, or to 0 with E2H. */
static uint64_t hcr_routing(const CPU *c)
{
    if (!el2_enabled(c))
        return 0;
    uint64_t hcr = c->sr[SR_HCR_EL2];
    if (hcr & HCR_TGE)
        return hcr & HCR_E2H ? 0 : HCR_IMO | HCR_FMO;
    return hcr & (HCR_IMO | HCR_FMO);
}

/* Does an ICC_* access at the current state reach the virtual interface instead? */
static bool icv_access(const CPU *c, uint64_t hcr_bits) { return c->ps.el == 1 && (hcr_routing(c) & hcr_bits); }

/* GroupBits(): the mask of an interrupt's group priority, from the BPR its group uses. */
static uint32_t group_priority_mask(const GicCpu *ci, unsigned grp)
{
    unsigned bpr;
    if (grp == G0 || (grp == G1S && (ci->ctlr_el1[0] & ICC_CTLR_CBPR)) ||
        (grp == G1NS && (ci->ctlr_el1[1] & ICC_CTLR_CBPR)))
        bpr = ci->bpr[G0];
    else
        bpr = ci->bpr[grp] - 1u;
    return (0xFFu << (bpr + 1)) & 0xFF;
}

/* The running priority: the highest active group priority in the AP registers. */
static unsigned running_priority(const GicCpu *ci)
{
    uint32_t apr = ci->apr[G0] | ci->apr[G1S] | ci->apr[G1NS];
    return apr ? (unsigned)__builtin_ctz(apr) << APR_SHIFT : IDLE_PRIORITY;
}

/* Can the HPPI be signalled: above the priority mask, and its group priority above the running
 * priority (preemption ignores subpriority). */
static bool hppi_can_preempt(GIC *g, int cpu)
{
    const Pending *p = cpu_hppi(g, cpu);
    const GicCpu *ci = &g->cpu[cpu];
    if (p->intid < 0 || p->prio >= ci->pmr)
        return false;
    unsigned rp = running_priority(ci);
    if (rp == IDLE_PRIORITY)
        return true;
    uint32_t mask = group_priority_mask(ci, p->grp);
    return (p->prio & mask) < (rp & mask);
}

/* Interrupt signalling (IHI 0069 4.6.2): Group 0 is always FIQ; Group 1 of the current
 * Security state is IRQ, of the other state FIQ; at EL3 everything is FIQ. */
static bool signalled_as_fiq(const CPU *c, unsigned grp)
{
    switch (grp) {
    case G0: return true;
    case G1S: return !is_secure(c) || c->ps.el == 3;
    default: return is_secure(c);
    }
}

/* ICC_HPPIR0_EL1 value (CheckGroup0ForSpecialIdentifiers): EL3 learns of a Group 1 interrupt
 * through INTID 1020 (Secure) or 1021 (Non-secure). */
static unsigned hppir0_value(GIC *g, const CPU *c)
{
    const Pending *p = cpu_hppi(g, c->index);
    if (p->intid < 0)
        return INTID_SPURIOUS;
    bool irq_secure = p->grp != G1NS;
    if (p->grp != G0 && c->ps.el != 3)
        return INTID_SPURIOUS;
    if (irq_secure && !is_secure(c))
        return INTID_SPURIOUS;
    if (p->grp != G0)
        return irq_secure ? INTID_SECURE : INTID_NONSECURE;
    return (unsigned)p->intid;
}

/* ICC_HPPIR1_EL1 value: Group 1 of the current Security state, either state at EL3. */
static unsigned hppir1_value(GIC *g, const CPU *c)
{
    const Pending *p = cpu_hppi(g, c->index);
    if (p->intid < 0 || p->grp == G0)
        return INTID_SPURIOUS;
    if (p->grp == G1S ? !is_secure(c) : (is_secure(c) && c->ps.el != 3))
        return INTID_SPURIOUS;
    return (unsigned)p->intid;
}

/* Acknowledge: pending -> active (a level still asserted keeps it pending), and the group
 * priority's bit set in the AP register of its group. */
static void activate(GIC *g, int cpu, const Pending *p)
{
    GicCpu *ci = &g->cpu[cpu];
    unsigned intid = (unsigned)p->intid;
    ci->apr[p->grp] |= 1u << ((p->prio & group_priority_mask(ci, p->grp)) >> APR_SHIFT);
    IrqWord *w = irq_word(g, cpu, intid);
    w->active |= 1u << (intid % 32);
    w->latch &= ~(1u << (intid % 32));
    gic_changed(g);
}

static uint64_t acknowledge(GIC *g, CPU *c, bool group1)
{
    if (!hppi_can_preempt(g, c->index))
        return INTID_SPURIOUS;
    unsigned intid = group1 ? hppir1_value(g, c) : hppir0_value(g, c);
    if (intid < INTID_SECURE) {
        Pending p = *cpu_hppi(g, c->index);
        activate(g, c->index, &p);
    }
    return intid;
}

static void deactivate(GIC *g, int cpu, unsigned intid)
{
    if (intid >= GIC_NUM_IRQS)
        return;
    irq_word(g, cpu, intid)->active &= ~(1u << (intid % 32));
    gic_changed(g);
}

/* The group whose active priority is highest (lowest bit set; Group 0 wins a tie). */
static int highest_active_group(const GicCpu *ci)
{
    int best = -1;
    unsigned best_bit = 32;
    for (int grp = G0; grp <= G1NS; grp++) {
        if (ci->apr[grp] && (unsigned)__builtin_ctz(ci->apr[grp]) < best_bit) {
            best_bit = (unsigned)__builtin_ctz(ci->apr[grp]);
            best = grp;
        }
    }
    return best;
}

/* Whether EOIR only drops priority (EOImode 1) for the current state. */
static bool eoi_mode_split(const CPU *c, const GicCpu *ci)
{
    if (c->ps.el == 3)
        return ci->ctlr_el3 & ICC_CTLR_EL3_EOIMODE_EL3;
    return ci->ctlr_el1[use_ns_bank(c)] & ICC_CTLR_EOIMODE;
}

/* ICC_EOIR0/1_EL1: priority drop of the highest active priority, when it belongs to a group
 * the register and the Security state may end; then deactivation unless EOImode is 1. */
static void end_of_interrupt(GIC *g, CPU *c, bool group1, uint64_t v)
{
    GicCpu *ci = &g->cpu[c->index];
    unsigned intid = (unsigned)(v & 0xFFFFFF);
    if (intid >= GIC_NUM_IRQS) /* the special INTIDs, and INTIDs that do not exist */
        return;
    int grp = highest_active_group(ci);
    bool ok;
    switch (grp) {
    case G0: ok = !group1 && is_secure(c); break;
    case G1S: ok = group1 && is_secure(c); break;
    case G1NS: ok = group1 && (!is_secure(c) || c->ps.el == 3); break;
    default: ok = false; break;
    }
    if (!ok)
        return;
    ci->apr[grp] &= ci->apr[grp] - 1; /* clear the lowest set bit */
    if (!eoi_mode_split(c, ci))
        deactivate(g, c->index, intid);
    gic_changed(g);
}

/* ICC_DIR_EL1 (EOImode 1 only): deactivation, when the interrupt's group may be handled in
 * the current state (the ICC_DIR_EL1 pseudocode's checks, with two Security states). */
static void deactivate_interrupt(GIC *g, CPU *c, uint64_t v)
{
    GicCpu *ci = &g->cpu[c->index];
    unsigned intid = (unsigned)(v & 0xFFFFFF);
    if (intid >= GIC_NUM_IRQS || !eoi_mode_split(c, ci))
        return;
    unsigned grp = irq_group(g, c->index, intid);
    uint64_t scr = c->sr[SR_SCR_EL3], hcr = hcr_routing(c);
    bool secure_irq = grp != G1NS;
    bool ok;
    switch (c->ps.el) {
    case 3:
        ok = true;
        break;
    case 2:
        ok = !secure_irq && !(scr & SCR_IRQ);
        break;
    default:
        if (!is_secure(c))
            ok = !secure_irq && !(scr & SCR_IRQ) && !(hcr & HCR_IMO);
        else
            ok = grp == G0 ? !(scr & SCR_FIQ) : !(scr & SCR_IRQ);
        break;
    }
    if (ok)
        deactivate(g, c->index, intid);
}

/* ICC_SGI0R/SGI1R/ASGI1R_EL1 delivery to one core (IHI 0069 12.1.x "Forwarding an SGI to a
 * target PE"): the target's configuration must match the requested group, a Secure Group 1
 * request also reaching a Group 0 SGI; Non-secure requests reach Secure SGIs only through
 * GICR_NSACR, which is RAZ/WI here. */
static void send_sgi(GIC *g, int cpu, unsigned intid, unsigned grp, bool ns)
{
    IrqWord *w = &g->cpu[cpu].priv;
    unsigned target_grp = word_group(w, intid);
    if (grp == G1S && target_grp == G0)
        grp = G0;
    if (grp != target_grp || (ns && target_grp != G1NS))
        return;
    w->latch |= 1u << intid;
    gic_changed(g);
}

/* The targets of an SGI register write: every other core with IRM, else Aff3.Aff2.Aff1.<n>
 * for each bit n of TargetList (RS selects n's range of 16). */
static void generate_sgi(GIC *g, CPU *c, uint64_t v, unsigned grp)
{
    unsigned intid = (v >> 24) & 0xF;
    bool irm = (v >> 40) & 1;
    unsigned rs = (v >> 44) & 0xF;
    bool aff_zero = ((v >> 16) & 0xFF) == 0 && ((v >> 32) & 0xFF) == 0 && ((v >> 48) & 0xFF) == 0;
    for (int i = 0; i < g->ncpu; i++) {
        if (irm ? i == c->index : !(aff_zero && (unsigned)i / 16 == rs && ((v >> (i % 16)) & 1)))
            continue;
        send_sgi(g, i, intid, grp, !is_secure(c));
    }
}

/* ======================= Virtual CPU interface logic ====================== */

static unsigned lr_prio(uint64_t lr) { return (lr >> LR_PRIORITY_SHIFT) & 0xFF; }
static unsigned lr_vintid(uint64_t lr) { return (unsigned)(lr & LR_VINTID); }
static unsigned lr_pintid(uint64_t lr) { return (unsigned)((lr & LR_PINTID) >> LR_PINTID_SHIFT); }
static unsigned vmcr_vpmr(const GicCpu *ci) { return (ci->ich_vmcr >> VMCR_VPMR_SHIFT) & 0xFF; }
static unsigned vmcr_vbpr0(const GicCpu *ci) { return (ci->ich_vmcr >> VMCR_VBPR0_SHIFT) & 7; }
static unsigned vmcr_vbpr1(const GicCpu *ci) { return (ci->ich_vmcr >> VMCR_VBPR1_SHIFT) & 7; }

/* HighestPriorityVirtualInterrupt: the list register holding the highest priority pending
 * (not active) virtual interrupt of an enabled virtual group, or -1. */
static int hppvi_index(const GicCpu *ci)
{
    int idx = -1;
    unsigned prio = IDLE_PRIORITY;
    for (int i = 0; i < GIC_NUM_LRS; i++) {
        uint64_t lr = ci->ich_lr[i];
        if ((lr & LR_STATE) != LR_PENDING)
            continue;
        if (!(ci->ich_vmcr & (lr & LR_GROUP ? VMCR_VENG1 : VMCR_VENG0)))
            continue;
        if (lr_prio(lr) < prio) {
            prio = lr_prio(lr);
            idx = i;
        }
    }
    return idx;
}

/* VGroupBits(): the virtual group priority mask (VCBPR makes group 1 use VBPR0). */
static uint32_t vgroup_priority_mask(const GicCpu *ci, bool group1)
{
    unsigned bpr = group1 && !(ci->ich_vmcr & VMCR_VCBPR) ? vmcr_vbpr1(ci) - 1u : vmcr_vbpr0(ci);
    return (0xFFu << (bpr + 1)) & 0xFF;
}

static unsigned vrunning_priority(const GicCpu *ci)
{
    uint32_t apr = ci->ich_apr[0] | ci->ich_apr[1];
    return apr ? (unsigned)__builtin_ctz(apr) << APR_SHIFT : IDLE_PRIORITY;
}

/* CanSignalVirtualInterrupt: the virtual interface is enabled, the priority is above VPMR and
 * its group priority above the virtual running priority. */
static bool vhppi_can_preempt(const GicCpu *ci, uint64_t lr)
{
    if (!(ci->ich_hcr & HCR_EN) || lr_prio(lr) >= vmcr_vpmr(ci))
        return false;
    unsigned rp = vrunning_priority(ci);
    if (rp == IDLE_PRIORITY)
        return true;
    uint32_t mask = vgroup_priority_mask(ci, lr & LR_GROUP);
    return (lr_prio(lr) & mask) < (rp & mask);
}

/* ICH_EISR_EL2: list registers whose interrupt was deactivated with EOI maintenance asked. */
static uint32_t ich_eisr(const GicCpu *ci)
{
    uint32_t v = 0;
    for (int i = 0; i < GIC_NUM_LRS; i++)
        if ((ci->ich_lr[i] & (LR_STATE | LR_HW | LR_EOI)) == LR_EOI)
            v |= 1u << i;
    return v;
}

/* ICH_ELRSR_EL2: list registers free for a new interrupt. */
static uint32_t ich_elrsr(const GicCpu *ci)
{
    uint32_t v = 0;
    for (int i = 0; i < GIC_NUM_LRS; i++) {
        uint64_t lr = ci->ich_lr[i];
        if (!(lr & LR_STATE) && ((lr & LR_HW) || !(lr & LR_EOI)))
            v |= 1u << i;
    }
    return v;
}

/* ICH_MISR_EL2: the maintenance interrupt conditions that hold and are enabled. */
static uint32_t ich_misr(const GicCpu *ci)
{
    uint64_t hcr = ci->ich_hcr, vmcr = ci->ich_vmcr;
    unsigned valid = 0;
    bool any_pending = false;
    for (int i = 0; i < GIC_NUM_LRS; i++) {
        if (ci->ich_lr[i] & LR_STATE)
            valid++;
        if ((ci->ich_lr[i] & LR_STATE) == LR_PENDING)
            any_pending = true;
    }
    uint32_t v = 0;
    if (ich_eisr(ci))
        v |= MISR_EOI;
    if ((hcr & HCR_UIE) && valid <= 1)
        v |= MISR_U;
    if ((hcr & HCR_LRENPIE) && (hcr >> HCR_EOICOUNT_SHIFT) & 0x1F)
        v |= MISR_LRENP;
    if ((hcr & HCR_NPIE) && !any_pending)
        v |= MISR_NP;
    if ((hcr & HCR_VGRP0EIE) && (vmcr & VMCR_VENG0))
        v |= MISR_VGRP0E;
    if ((hcr & HCR_VGRP0DIE) && !(vmcr & VMCR_VENG0))
        v |= MISR_VGRP0D;
    if ((hcr & HCR_VGRP1EIE) && (vmcr & VMCR_VENG1))
        v |= MISR_VGRP1E;
    if ((hcr & HCR_VGRP1DIE) && !(vmcr & VMCR_VENG1))
        v |= MISR_VGRP1D;
    return v;
}

/* After any change of the virtual interface: the maintenance interrupt (PPI 25, level
 * ICH_HCR_EL2.En && ICH_MISR_EL2 != 0) and the core's virtual lines. */
static void virtual_changed(GIC *g, int cpu)
{
    GicCpu *ci = &g->cpu[cpu];
    bool level = (ci->ich_hcr & HCR_EN) && ich_misr(ci) != 0;
    if (level != ci->maintenance) {
        ci->maintenance = level;
        drive_input(g, &ci->priv, GIC_MAINTENANCE_PPI, level);
    }
    cpu_request_check(g->m->cpu[cpu]);
}

static void increment_eoicount(GicCpu *ci)
{
    uint64_t count = ((ci->ich_hcr >> HCR_EOICOUNT_SHIFT) + 1) & 0x1F;
    ci->ich_hcr = (ci->ich_hcr & ~(0x1Full << HCR_EOICOUNT_SHIFT)) | count << HCR_EOICOUNT_SHIFT;
}

/* FindActiveVirtualInterrupt */
static int find_active_lr(const GicCpu *ci, unsigned intid)
{
    for (int i = 0; i < GIC_NUM_LRS; i++)
        if ((ci->ich_lr[i] & LR_ACTIVE) && lr_vintid(ci->ich_lr[i]) == intid)
            return i;
    return -1;
}

/* Deactivate a virtual interrupt; with HW = 1 its physical interrupt (pINTID) too. */
static void vdeactivate(GIC *g, int cpu, int idx)
{
    GicCpu *ci = &g->cpu[cpu];
    uint64_t lr = ci->ich_lr[idx];
    if ((lr & LR_HW) && lr_pintid(lr) < INTID_SECURE)
        deactivate(g, cpu, lr_pintid(lr));
    ci->ich_lr[idx] = lr & ~LR_ACTIVE;
}

/* ICV_IAR0/1_EL1 */
static uint64_t vacknowledge(GIC *g, int cpu, bool group1)
{
    GicCpu *ci = &g->cpu[cpu];
    int idx = hppvi_index(ci);
    uint64_t intid = INTID_SPURIOUS;
    if (idx >= 0 && ((ci->ich_lr[idx] & LR_GROUP) != 0) == group1 && vhppi_can_preempt(ci, ci->ich_lr[idx])) {
        uint64_t lr = ci->ich_lr[idx];
        intid = lr_vintid(lr);
        if (intid >= INTID_SECURE && intid <= INTID_SPURIOUS) {
            ci->ich_lr[idx] = lr & ~LR_PENDING; /* a special INTID is not activated */
        } else {
            ci->ich_lr[idx] = (lr & ~LR_PENDING) | LR_ACTIVE;
            ci->ich_apr[group1] |= 1u << ((lr_prio(lr) & vgroup_priority_mask(ci, group1)) >> APR_SHIFT);
        }
    }
    virtual_changed(g, cpu);
    return intid;
}

/* Virtual priority drop: clears the lowest set active priority bit (Group 0 first on a tie);
 * returns that priority, or IDLE_PRIORITY when nothing was active. */
static unsigned vdrop_priority(GicCpu *ci)
{
    uint32_t a0 = ci->ich_apr[0], a1 = ci->ich_apr[1];
    if (!(a0 | a1))
        return IDLE_PRIORITY;
    unsigned b0 = a0 ? (unsigned)__builtin_ctz(a0) : 32, b1 = a1 ? (unsigned)__builtin_ctz(a1) : 32;
    if (b0 <= b1) {
        ci->ich_apr[0] &= a0 - 1;
        return b0 << APR_SHIFT;
    }
    ci->ich_apr[1] &= a1 - 1;
    return b1 << APR_SHIFT;
}

/* ICV_EOIR0/1_EL1: priority drop, then (EOImode 0) deactivation of the matching list register;
 * an EOI with no matching list register counts in ICH_HCR_EL2.EOIcount. */
static void vend_of_interrupt(GIC *g, int cpu, bool group1, uint64_t v)
{
    GicCpu *ci = &g->cpu[cpu];
    unsigned intid = (unsigned)(v & 0xFFFFFF);
    if (intid >= INTID_SECURE && intid <= INTID_SPURIOUS)
        return;
    unsigned dropped = vdrop_priority(ci);
    if (dropped != IDLE_PRIORITY) {
        int idx = find_active_lr(ci, intid);
        if (idx < 0) {
            increment_eoicount(ci);
        } else {
            uint64_t lr = ci->ich_lr[idx];
            bool match = ((lr & LR_GROUP) != 0) == group1 &&
                         (lr_prio(lr) & vgroup_priority_mask(ci, group1)) == dropped;
            if (match && !(ci->ich_vmcr & VMCR_VEOIM))
                vdeactivate(g, cpu, idx);
        }
    }
    virtual_changed(g, cpu);
}

/* ICV_DIR_EL1 (VEOIM = 1 only) */
static void vdeactivate_interrupt(GIC *g, int cpu, uint64_t v)
{
    GicCpu *ci = &g->cpu[cpu];
    unsigned intid = (unsigned)(v & 0xFFFFFF);
    if (intid >= INTID_SECURE || !(ci->ich_vmcr & VMCR_VEOIM))
        return;
    int idx = find_active_lr(ci, intid);
    if (idx < 0)
        increment_eoicount(ci);
    else
        vdeactivate(g, cpu, idx);
    virtual_changed(g, cpu);
}

static void write_vbpr(GicCpu *ci, bool group1, uint64_t v)
{
    unsigned min = MIN_BPR + (group1 ? 1 : 0), bpr = (unsigned)(v & 7);
    unsigned shift = group1 ? VMCR_VBPR1_SHIFT : VMCR_VBPR0_SHIFT;
    if (bpr < min)
        bpr = min;
    ci->ich_vmcr = (ci->ich_vmcr & ~(7ull << shift)) | (uint64_t)bpr << shift;
}

/* ============================== The lines ================================= */

/* LINE_IRQ/LINE_FIQ from the physical HPPI for the core's current state, LINE_VIRQ/LINE_VFIQ
 * from the list registers (virtual Group 0 is always vFIQ). The core applies routing and
 * PSTATE masking. */
static unsigned gic_cpu_lines(void *opaque, CPU *c)
{
    GIC *g = opaque;
    if (c->index >= g->ncpu)
        return 0;
    unsigned l = 0;
    const Pending *p = cpu_hppi(g, c->index);
    if (p->intid >= 0 && hppi_can_preempt(g, c->index))
        l |= signalled_as_fiq(c, p->grp) ? LINE_FIQ : LINE_IRQ;
    const GicCpu *ci = &g->cpu[c->index];
    int idx = hppvi_index(ci);
    if (idx >= 0 && vhppi_can_preempt(ci, ci->ich_lr[idx]))
        l |= ci->ich_lr[idx] & LR_GROUP ? LINE_VIRQ : LINE_VFIQ;
    return l;
}

/* ============================ Access checks =============================== */

enum AccessClass { AC_NONE, AC_GROUP0, AC_GROUP1, AC_COMMON, AC_DIR, AC_SGI, AC_SRE_EL1, AC_SRE_EL2 };

static enum AccessClass access_class(int id)
{
    switch (id) {
    case SR_ICC_IAR0_EL1: case SR_ICC_EOIR0_EL1: case SR_ICC_HPPIR0_EL1: case SR_ICC_BPR0_EL1:
    case SR_ICC_AP0R0_EL1: case SR_ICC_IGRPEN0_EL1:
        return AC_GROUP0;
    case SR_ICC_IAR1_EL1: case SR_ICC_EOIR1_EL1: case SR_ICC_HPPIR1_EL1: case SR_ICC_BPR1_EL1:
    case SR_ICC_AP1R0_EL1: case SR_ICC_IGRPEN1_EL1:
        return AC_GROUP1;
    case SR_ICC_PMR_EL1: case SR_ICC_RPR_EL1: case SR_ICC_CTLR_EL1:
        return AC_COMMON;
    case SR_ICC_DIR_EL1:
        return AC_DIR;
    case SR_ICC_SGI0R_EL1: case SR_ICC_SGI1R_EL1: case SR_ICC_ASGI1R_EL1:
        return AC_SGI;
    case SR_ICC_SRE_EL1:
        return AC_SRE_EL1;
    case SR_ICC_SRE_EL2:
        return AC_SRE_EL2;
    default:
        return AC_NONE; /* EL3 registers and ICH_*: the minimum EL is their only check */
    }
}

/* SCR_EL3.IRQ/FIQ routing the interrupts a register handles to EL3 traps it there from EL2,
 * and from EL1 unless HCR_EL2 virtualizes it (then the ICV_ register is accessed). */
static bool scr_traps(const CPU *c, uint64_t scr_bits, uint64_t hcr_bits)
{
    uint64_t scr = c->sr[SR_SCR_EL3];
    if ((scr & scr_bits) != scr_bits || c->ps.el == 3)
        return false;
    return c->ps.el == 2 || !(hcr_routing(c) & hcr_bits);
}

int gic_check_access(CPU *c, int id, bool read, uint32_t insn)
{
    (void)read;
    GicCpu *ci = cpu_if(c);
    if (!ci)
        return undefined(c);
    bool ns_el1 = c->ps.el == 1 && el2_enabled(c);
    uint64_t ich = ci->ich_hcr;
    switch (access_class(id)) {
    case AC_NONE:
        break;
    case AC_SRE_EL1:
        if (ns_el1 && !ci->sre_enable_el2)
            return raise_sysreg_trap(c, 2, insn);
        if (c->ps.el < 3 && !ci->sre_enable_el3)
            return raise_sysreg_trap(c, 3, insn);
        break;
    case AC_SRE_EL2:
        if (c->ps.el == 2 && !ci->sre_enable_el3)
            return raise_sysreg_trap(c, 3, insn);
        break;
    case AC_SGI:
        /* There are no ICV_ SGI registers: a virtualized EL1 traps to EL2. */
        if (c->ps.el == 1 && (hcr_routing(c) & (HCR_IMO | HCR_FMO)))
            return raise_sysreg_trap(c, 2, insn);
        goto common;
    case AC_DIR:
        if (ns_el1 && (ich & HCR_TDIR))
            return raise_sysreg_trap(c, 2, insn);
        __attribute__((fallthrough));
    case AC_COMMON:
    common:
        if (ns_el1 && (ich & HCR_TC))
            return raise_sysreg_trap(c, 2, insn);
        if (scr_traps(c, SCR_IRQ | SCR_FIQ, HCR_IMO | HCR_FMO))
            return raise_sysreg_trap(c, 3, insn);
        break;
    case AC_GROUP0:
        if (ns_el1 && (ich & HCR_TALL0))
            return raise_sysreg_trap(c, 2, insn);
        if (scr_traps(c, SCR_FIQ, HCR_FMO))
            return raise_sysreg_trap(c, 3, insn);
        break;
    case AC_GROUP1:
        if (ns_el1 && (ich & HCR_TALL1))
            return raise_sysreg_trap(c, 2, insn);
        if (scr_traps(c, SCR_IRQ, HCR_IMO))
            return raise_sysreg_trap(c, 3, insn);
        break;
    }
    return EXEC_OK;
}

/* ================= ICC_* hooks (ICV_* when virtualized) =================== */

/* The Non-secure view of priorities (IHI 0069 4.8.6): with Group 0 owned by EL3
 * (SCR_EL3.FIQ), Non-secure software sees the Non-secure half of the range shifted up. */
static bool ns_priority_view(const CPU *c) { return !is_secure(c) && (c->sr[SR_SCR_EL3] & SCR_FIQ); }

uint64_t rd_ICC_PMR_EL1(CPU *c, int id)
{
    (void)id;
    GicCpu *ci = cpu_if(c);
    if (!ci)
        return 0;
    if (icv_access(c, HCR_IMO | HCR_FMO))
        return vmcr_vpmr(ci);
    unsigned v = ci->pmr;
    if (ns_priority_view(c))
        v = !(v & 0x80) ? 0 : (v << 1) & 0xFF;
    return v;
}

void wr_ICC_PMR_EL1(CPU *c, int id, uint64_t v)
{
    (void)id;
    GicCpu *ci = cpu_if(c);
    if (!ci)
        return;
    if (icv_access(c, HCR_IMO | HCR_FMO)) {
        ci->ich_vmcr = (ci->ich_vmcr & ~(0xFFull << VMCR_VPMR_SHIFT)) | (v & PRI_MASK) << VMCR_VPMR_SHIFT;
        virtual_changed(gic_of(c), c->index);
        return;
    }
    if (ns_priority_view(c)) {
        if (!(ci->pmr & 0x80)) /* a Secure mask stays */
            return;
        v = (v >> 1) | 0x80;
    }
    ci->pmr = (uint8_t)(v & PRI_MASK);
    gic_changed(gic_of(c));
}

uint64_t rd_ICC_IAR0_EL1(CPU *c, int id)
{
    (void)id;
    GIC *g = gic_of(c);
    if (!cpu_if(c))
        return INTID_SPURIOUS;
    if (icv_access(c, HCR_FMO))
        return vacknowledge(g, c->index, false);
    return acknowledge(g, c, false);
}

uint64_t rd_ICC_IAR1_EL1(CPU *c, int id)
{
    (void)id;
    GIC *g = gic_of(c);
    if (!cpu_if(c))
        return INTID_SPURIOUS;
    if (icv_access(c, HCR_IMO))
        return vacknowledge(g, c->index, true);
    return acknowledge(g, c, true);
}

void wr_ICC_EOIR0_EL1(CPU *c, int id, uint64_t v)
{
    (void)id;
    if (!cpu_if(c))
        return;
    if (icv_access(c, HCR_FMO))
        vend_of_interrupt(gic_of(c), c->index, false, v);
    else
        end_of_interrupt(gic_of(c), c, false, v);
}

void wr_ICC_EOIR1_EL1(CPU *c, int id, uint64_t v)
{
    (void)id;
    if (!cpu_if(c))
        return;
    if (icv_access(c, HCR_IMO))
        vend_of_interrupt(gic_of(c), c->index, true, v);
    else
        end_of_interrupt(gic_of(c), c, true, v);
}

/* ICV_HPPIR0/1_EL1: the highest priority pending virtual interrupt if it is of the group. */
static uint64_t vhppir(const GicCpu *ci, bool group1)
{
    int idx = hppvi_index(ci);
    if (idx < 0 || ((ci->ich_lr[idx] & LR_GROUP) != 0) != group1)
        return INTID_SPURIOUS;
    return lr_vintid(ci->ich_lr[idx]);
}

uint64_t rd_ICC_HPPIR0_EL1(CPU *c, int id)
{
    (void)id;
    GicCpu *ci = cpu_if(c);
    if (!ci)
        return INTID_SPURIOUS;
    return icv_access(c, HCR_FMO) ? vhppir(ci, false) : hppir0_value(gic_of(c), c);
}

uint64_t rd_ICC_HPPIR1_EL1(CPU *c, int id)
{
    (void)id;
    GicCpu *ci = cpu_if(c);
    if (!ci)
        return INTID_SPURIOUS;
    return icv_access(c, HCR_IMO) ? vhppir(ci, true) : hppir1_value(gic_of(c), c);
}

uint64_t rd_ICC_BPR0_EL1(CPU *c, int id)
{
    (void)id;
    GicCpu *ci = cpu_if(c);
    if (!ci)
        return 0;
    return icv_access(c, HCR_FMO) ? vmcr_vbpr0(ci) : ci->bpr[G0];
}

void wr_ICC_BPR0_EL1(CPU *c, int id, uint64_t v)
{
    (void)id;
    GicCpu *ci = cpu_if(c);
    if (!ci)
        return;
    if (icv_access(c, HCR_FMO)) {
        write_vbpr(ci, false, v);
        virtual_changed(gic_of(c), c->index);
        return;
    }
    ci->bpr[G0] = (uint8_t)((v & 7) < MIN_BPR ? MIN_BPR : (v & 7));
    gic_changed(gic_of(c));
}

/* ICC_BPR1_EL1 is banked. With the Secure copy's CBPR, Secure EL1 reaches BPR0 through it;
 * with the Non-secure copy's CBPR, Non-secure reads return BPR0 + 1 (at most 7) and writes
 * are ignored. */
uint64_t rd_ICC_BPR1_EL1(CPU *c, int id)
{
    (void)id;
    GicCpu *ci = cpu_if(c);
    if (!ci)
        return 0;
    if (icv_access(c, HCR_IMO)) {
        if (ci->ich_vmcr & VMCR_VCBPR)
            return vmcr_vbpr0(ci) < 7 ? vmcr_vbpr0(ci) + 1 : 7;
        return vmcr_vbpr1(ci);
    }
    if (!use_ns_bank(c))
        return c->ps.el != 3 && (ci->ctlr_el1[0] & ICC_CTLR_CBPR) ? ci->bpr[G0] : ci->bpr[G1S];
    if (c->ps.el != 3 && (ci->ctlr_el1[1] & ICC_CTLR_CBPR))
        return ci->bpr[G0] < 7 ? ci->bpr[G0] + 1u : 7;
    return ci->bpr[G1NS];
}

void wr_ICC_BPR1_EL1(CPU *c, int id, uint64_t v)
{
    (void)id;
    GicCpu *ci = cpu_if(c);
    if (!ci)
        return;
    if (icv_access(c, HCR_IMO)) {
        if (!(ci->ich_vmcr & VMCR_VCBPR))
            write_vbpr(ci, true, v);
        virtual_changed(gic_of(c), c->index);
        return;
    }
    unsigned grp = use_ns_bank(c) ? G1NS : G1S, min = grp == G1NS ? MIN_BPR + 1 : MIN_BPR;
    if (grp == G1S && c->ps.el != 3 && (ci->ctlr_el1[0] & ICC_CTLR_CBPR))
        grp = G0;
    else if (grp == G1NS && c->ps.el != 3 && (ci->ctlr_el1[1] & ICC_CTLR_CBPR))
        return;
    ci->bpr[grp] = (uint8_t)((v & 7) < min ? min : (v & 7));
    gic_changed(gic_of(c));
}

uint64_t rd_ICC_AP0R0_EL1(CPU *c, int id)
{
    (void)id;
    GicCpu *ci = cpu_if(c);
    if (!ci)
        return 0;
    return icv_access(c, HCR_FMO) ? ci->ich_apr[0] : ci->apr[G0];
}

void wr_ICC_AP0R0_EL1(CPU *c, int id, uint64_t v)
{
    (void)id;
    GicCpu *ci = cpu_if(c);
    if (!ci)
        return;
    if (icv_access(c, HCR_FMO)) {
        ci->ich_apr[0] = (uint32_t)v;
        virtual_changed(gic_of(c), c->index);
        return;
    }
    ci->apr[G0] = (uint32_t)v;
    gic_changed(gic_of(c));
}

uint64_t rd_ICC_AP1R0_EL1(CPU *c, int id)
{
    (void)id;
    GicCpu *ci = cpu_if(c);
    if (!ci)
        return 0;
    return icv_access(c, HCR_IMO) ? ci->ich_apr[1] : ci->apr[use_ns_bank(c) ? G1NS : G1S];
}

void wr_ICC_AP1R0_EL1(CPU *c, int id, uint64_t v)
{
    (void)id;
    GicCpu *ci = cpu_if(c);
    if (!ci)
        return;
    if (icv_access(c, HCR_IMO)) {
        ci->ich_apr[1] = (uint32_t)v;
        virtual_changed(gic_of(c), c->index);
        return;
    }
    ci->apr[use_ns_bank(c) ? G1NS : G1S] = (uint32_t)v;
    gic_changed(gic_of(c));
}

void wr_ICC_DIR_EL1(CPU *c, int id, uint64_t v)
{
    (void)id;
    if (!cpu_if(c))
        return;
    if (icv_access(c, HCR_IMO | HCR_FMO))
        vdeactivate_interrupt(gic_of(c), c->index, v);
    else
        deactivate_interrupt(gic_of(c), c, v);
}

uint64_t rd_ICC_RPR_EL1(CPU *c, int id)
{
    (void)id;
    GicCpu *ci = cpu_if(c);
    if (!ci)
        return IDLE_PRIORITY;
    if (icv_access(c, HCR_IMO | HCR_FMO))
        return vrunning_priority(ci);
    unsigned rp = running_priority(ci);
    if (ns_priority_view(c) && rp != IDLE_PRIORITY)
        rp = !(rp & 0x80) ? 0 : (rp << 1) & 0xFF;
    return rp;
}

void wr_ICC_SGI0R_EL1(CPU *c, int id, uint64_t v)
{
    (void)id;
    if (cpu_if(c))
        generate_sgi(gic_of(c), c, v, G0);
}

void wr_ICC_SGI1R_EL1(CPU *c, int id, uint64_t v)
{
    (void)id;
    if (cpu_if(c))
        generate_sgi(gic_of(c), c, v, is_secure(c) ? G1S : G1NS);
}

void wr_ICC_ASGI1R_EL1(CPU *c, int id, uint64_t v)
{
    (void)id;
    if (cpu_if(c))
        generate_sgi(gic_of(c), c, v, is_secure(c) ? G1NS : G1S);
}

/* ICC_CTLR_EL1 (banked): only EOImode is writable; CBPR and PMHE belong to EL3 (two Security
 * states). ICV_CTLR_EL1 shows VEOIM and VCBPR. */
uint64_t rd_ICC_CTLR_EL1(CPU *c, int id)
{
    (void)id;
    GicCpu *ci = cpu_if(c);
    if (!ci)
        return 0;
    if (icv_access(c, HCR_IMO | HCR_FMO))
        return ICC_CTLR_PRIBITS | (ci->ich_vmcr & VMCR_VEOIM ? ICC_CTLR_EOIMODE : 0) |
               (ci->ich_vmcr & VMCR_VCBPR ? ICC_CTLR_CBPR : 0);
    return ICC_CTLR_PRIBITS | ci->ctlr_el1[use_ns_bank(c)];
}

void wr_ICC_CTLR_EL1(CPU *c, int id, uint64_t v)
{
    (void)id;
    GicCpu *ci = cpu_if(c);
    if (!ci)
        return;
    if (icv_access(c, HCR_IMO | HCR_FMO)) {
        ci->ich_vmcr &= ~(uint64_t)(VMCR_VEOIM | VMCR_VCBPR);
        ci->ich_vmcr |= (v & ICC_CTLR_EOIMODE ? VMCR_VEOIM : 0) | (v & ICC_CTLR_CBPR ? VMCR_VCBPR : 0);
        virtual_changed(gic_of(c), c->index);
        return;
    }
    uint32_t *ctlr = &ci->ctlr_el1[use_ns_bank(c)];
    *ctlr = (*ctlr & ~ICC_CTLR_EOIMODE) | ((uint32_t)v & ICC_CTLR_EOIMODE);
    gic_changed(gic_of(c));
}

/* ICC_CTLR_EL3: EOImode_EL3, and aliases of both ICC_CTLR_EL1 copies' CBPR and EOImode. */
uint64_t rd_ICC_CTLR_EL3(CPU *c, int id)
{
    (void)id;
    GicCpu *ci = cpu_if(c);
    if (!ci)
        return 0;
    uint32_t s = ci->ctlr_el1[0], ns = ci->ctlr_el1[1];
    return ICC_CTLR_EL3_NDS | ICC_CTLR_PRIBITS | ci->ctlr_el3 |
           (s & ICC_CTLR_CBPR ? ICC_CTLR_EL3_CBPR_EL1S : 0) | (ns & ICC_CTLR_CBPR ? ICC_CTLR_EL3_CBPR_EL1NS : 0) |
           (s & ICC_CTLR_EOIMODE ? ICC_CTLR_EL3_EOIMODE_EL1S : 0) | (ns & ICC_CTLR_EOIMODE ? ICC_CTLR_EL3_EOIMODE_EL1NS : 0);
}

void wr_ICC_CTLR_EL3(CPU *c, int id, uint64_t v)
{
    (void)id;
    GicCpu *ci = cpu_if(c);
    if (!ci)
        return;
    ci->ctlr_el1[0] = (v & ICC_CTLR_EL3_CBPR_EL1S ? ICC_CTLR_CBPR : 0) | (v & ICC_CTLR_EL3_EOIMODE_EL1S ? ICC_CTLR_EOIMODE : 0);
    ci->ctlr_el1[1] = (v & ICC_CTLR_EL3_CBPR_EL1NS ? ICC_CTLR_CBPR : 0) | (v & ICC_CTLR_EL3_EOIMODE_EL1NS ? ICC_CTLR_EOIMODE : 0);
    ci->ctlr_el3 = (uint32_t)v & ICC_CTLR_EL3_EOIMODE_EL3;
    gic_changed(gic_of(c));
}

uint64_t rd_ICC_SRE_EL1(CPU *c, int id) { (void)c; (void)id; return ICC_SRE_FIXED; }
void wr_ICC_SRE_EL1(CPU *c, int id, uint64_t v) { (void)c; (void)id; (void)v; }

/* ICC_SRE_EL2 and ICC_SRE_EL3: SRE, DFB, DIB fixed; Enable (lower-EL access to ICC_SRE) kept. */
static bool *sre_enable(GicCpu *ci, int id) { return id == SR_ICC_SRE_EL3 ? &ci->sre_enable_el3 : &ci->sre_enable_el2; }

uint64_t rd_ICC_SRE_ELx(CPU *c, int id)
{
    GicCpu *ci = cpu_if(c);
    return ICC_SRE_FIXED | (ci && *sre_enable(ci, id) ? ICC_SRE_ENABLE : 0);
}

void wr_ICC_SRE_ELx(CPU *c, int id, uint64_t v)
{
    GicCpu *ci = cpu_if(c);
    if (ci)
        *sre_enable(ci, id) = (v & ICC_SRE_ENABLE) != 0;
}

uint64_t rd_ICC_IGRPEN0_EL1(CPU *c, int id)
{
    (void)id;
    GicCpu *ci = cpu_if(c);
    if (!ci)
        return 0;
    return icv_access(c, HCR_FMO) ? (ci->ich_vmcr & VMCR_VENG0) != 0 : ci->igrpen[G0];
}

void wr_ICC_IGRPEN0_EL1(CPU *c, int id, uint64_t v)
{
    (void)id;
    GicCpu *ci = cpu_if(c);
    if (!ci)
        return;
    if (icv_access(c, HCR_FMO)) {
        ci->ich_vmcr = (ci->ich_vmcr & ~(uint64_t)VMCR_VENG0) | (v & 1 ? VMCR_VENG0 : 0);
        virtual_changed(gic_of(c), c->index);
        return;
    }
    ci->igrpen[G0] = v & 1;
    gic_changed(gic_of(c));
}

uint64_t rd_ICC_IGRPEN1_EL1(CPU *c, int id)
{
    (void)id;
    GicCpu *ci = cpu_if(c);
    if (!ci)
        return 0;
    if (icv_access(c, HCR_IMO))
        return (ci->ich_vmcr & VMCR_VENG1) != 0;
    return ci->igrpen[use_ns_bank(c) ? G1NS : G1S];
}

void wr_ICC_IGRPEN1_EL1(CPU *c, int id, uint64_t v)
{
    (void)id;
    GicCpu *ci = cpu_if(c);
    if (!ci)
        return;
    if (icv_access(c, HCR_IMO)) {
        ci->ich_vmcr = (ci->ich_vmcr & ~(uint64_t)VMCR_VENG1) | (v & 1 ? VMCR_VENG1 : 0);
        virtual_changed(gic_of(c), c->index);
        return;
    }
    ci->igrpen[use_ns_bank(c) ? G1NS : G1S] = v & 1;
    gic_changed(gic_of(c));
}

/* ICC_IGRPEN1_EL3: EnableGrp1NS (bit 0) and EnableGrp1S (bit 1), aliases of the two copies. */
uint64_t rd_ICC_IGRPEN1_EL3(CPU *c, int id)
{
    (void)id;
    GicCpu *ci = cpu_if(c);
    if (!ci)
        return 0;
    return (uint64_t)ci->igrpen[G1NS] | (uint64_t)ci->igrpen[G1S] << 1;
}

void wr_ICC_IGRPEN1_EL3(CPU *c, int id, uint64_t v)
{
    (void)id;
    GicCpu *ci = cpu_if(c);
    if (!ci)
        return;
    ci->igrpen[G1NS] = v & 1;
    ci->igrpen[G1S] = (v >> 1) & 1;
    gic_changed(gic_of(c));
}

/* ============================== ICH_* hooks =============================== */

/* ICH_AP0R0_EL2 and ICH_AP1R0_EL2: the virtual active priorities of group 0 and group 1. */
static unsigned ich_apr_group(int id) { return id == SR_ICH_AP1R0_EL2; }

uint64_t rd_ICH_APR_EL2(CPU *c, int id)
{
    GicCpu *ci = cpu_if(c);
    return ci ? ci->ich_apr[ich_apr_group(id)] : 0;
}

void wr_ICH_APR_EL2(CPU *c, int id, uint64_t v)
{
    GicCpu *ci = cpu_if(c);
    if (!ci)
        return;
    ci->ich_apr[ich_apr_group(id)] = (uint32_t)v;
    virtual_changed(gic_of(c), c->index);
}

uint64_t rd_ICH_HCR_EL2(CPU *c, int id)
{
    (void)id;
    GicCpu *ci = cpu_if(c);
    return ci ? ci->ich_hcr : 0;
}

void wr_ICH_HCR_EL2(CPU *c, int id, uint64_t v)
{
    (void)id;
    GicCpu *ci = cpu_if(c);
    if (!ci)
        return;
    ci->ich_hcr = v & HCR_WRITABLE;
    virtual_changed(gic_of(c), c->index);
}

uint64_t rd_ICH_VTR_EL2(CPU *c, int id) { (void)c; (void)id; return ICH_VTR; }

uint64_t rd_ICH_MISR_EL2(CPU *c, int id)
{
    (void)id;
    GicCpu *ci = cpu_if(c);
    return ci ? ich_misr(ci) : 0;
}

uint64_t rd_ICH_EISR_EL2(CPU *c, int id)
{
    (void)id;
    GicCpu *ci = cpu_if(c);
    return ci ? ich_eisr(ci) : 0;
}

uint64_t rd_ICH_ELRSR_EL2(CPU *c, int id)
{
    (void)id;
    GicCpu *ci = cpu_if(c);
    return ci ? ich_elrsr(ci) : 0;
}

uint64_t rd_ICH_VMCR_EL2(CPU *c, int id)
{
    (void)id;
    GicCpu *ci = cpu_if(c);
    return ci ? ci->ich_vmcr : 0;
}

/* ICH_VMCR_EL2: VFIQEn is RES1, VPMR keeps the implemented bits, VBPR0/1 their minimums. */
void wr_ICH_VMCR_EL2(CPU *c, int id, uint64_t v)
{
    (void)id;
    GicCpu *ci = cpu_if(c);
    if (!ci)
        return;
    ci->ich_vmcr = (v & (VMCR_VENG0 | VMCR_VENG1 | VMCR_VCBPR | VMCR_VEOIM)) | VMCR_VFIQEN |
                   (v & ((uint64_t)PRI_MASK << VMCR_VPMR_SHIFT));
    write_vbpr(ci, false, v >> VMCR_VBPR0_SHIFT);
    write_vbpr(ci, true, v >> VMCR_VBPR1_SHIFT);
    virtual_changed(gic_of(c), c->index);
}

uint64_t rd_ICH_LR_EL2(CPU *c, int id)
{
    GicCpu *ci = cpu_if(c);
    return ci ? ci->ich_lr[id - SR_ICH_LR0_EL2] : 0;
}

/* ICH_LR<n>_EL2: unimplemented priority and INTID bits are RES0, as is every bit of pINTID
 * but EOI (bit 41) when HW = 0. */
void wr_ICH_LR_EL2(CPU *c, int id, uint64_t v)
{
    GicCpu *ci = cpu_if(c);
    if (!ci)
        return;
    v &= LR_WRITABLE;
    if (!(v & LR_HW))
        v &= ~(LR_PINTID & ~LR_EOI);
    ci->ich_lr[id - SR_ICH_LR0_EL2] = v;
    virtual_changed(gic_of(c), c->index);
}

/* ========================= Memory-mapped registers ======================== */

/* Distributor (GICD_*) and Redistributor (GICR_*, SGI_base) offsets. The seven bit-per-
 * interrupt registers from IGROUPR to ICACTIVER are 0x80 apart in both. */
enum {
    GICD_CTLR = 0x0000,
    GICD_TYPER = 0x0004,
    GICD_IIDR = 0x0008,
    GICD_IGROUPR = 0x0080,
    GICD_IPRIORITYR = 0x0400,
    GICD_ICFGR = 0x0C00,
    GICD_IGRPMODR = 0x0D00,
    GICD_IROUTER = 0x6000,
    GIC_ID_REGS = 0xFFD0,      /* PIDR4..7, PIDR0..3, CIDR0..3 */
    GICR_CTLR = 0x0000,
    GICR_IIDR = 0x0004,
    GICR_TYPER = 0x0008,
    GICR_WAKER = 0x0014,
    GICR_SGI_BASE = 0x10000,
    GICR_ICFGR0 = 0x0C00,
    GICR_ICFGR1 = 0x0C04,
};

enum BitReg { BR_IGROUPR, BR_ISENABLER, BR_ICENABLER, BR_ISPENDR, BR_ICPENDR, BR_ISACTIVER, BR_ICACTIVER, BR_IGRPMODR };

/* Implementer Arm (JEP106 0x43B), product 0, revision 0. */
#define GIC_IIDR 0x0000043Bu
#define GICR_WAKER_PROCESSOR_SLEEP (1u << 1)
#define GICR_WAKER_CHILDREN_ASLEEP (1u << 2)

/* The CoreSight-style ID registers; PIDR2.ArchRev = 3 (GICv3). */
static uint32_t id_register(uint64_t off)
{
    static const uint8_t ids[12] = {0x04, 0x00, 0x00, 0x00, 0x00, 0xB0, 0x3B, 0x00, 0x0D, 0xF0, 0x05, 0xB1};
    return ids[(off - GIC_ID_REGS) / 4];
}

/* Non-secure accesses (GICD_CTLR.DS = 0) see and change only Non-secure Group 1 interrupts;
 * the group registers are Secure only. */
static uint32_t bitreg_read(const IrqWord *w, enum BitReg r, bool ns)
{
    uint32_t visible = ns ? w->group : ~0u;
    switch (r) {
    case BR_IGROUPR: return ns ? 0 : w->group;
    case BR_IGRPMODR: return ns ? 0 : w->grpmod;
    case BR_ISENABLER: case BR_ICENABLER: return w->enable & visible;
    case BR_ISPENDR: case BR_ICPENDR: return pending_bits(w) & visible;
    default: return w->active & visible;
    }
}

static void bitreg_write(GIC *g, IrqWord *w, enum BitReg r, uint32_t v, bool ns)
{
    if (ns) {
        if (r == BR_IGROUPR || r == BR_IGRPMODR)
            return;
        v &= w->group;
    }
    switch (r) {
    case BR_IGROUPR: w->group = v; break;
    case BR_IGRPMODR: w->grpmod = v; break;
    case BR_ISENABLER: w->enable |= v; break;
    case BR_ICENABLER: w->enable &= ~v; break;
    case BR_ISPENDR: w->latch |= v; break;
    case BR_ICPENDR: w->latch &= ~v; break;
    case BR_ISACTIVER: w->active |= v; break;
    case BR_ICACTIVER: w->active &= ~v; break;
    }
    gic_changed(g);
}

/* GICD_IPRIORITYR/GICR_IPRIORITYR: Non-secure accesses see the Non-secure view of Non-secure
 * Group 1 priorities (shifted; the top bit always set) and nothing of Secure ones. */
static uint8_t priority_read(GIC *g, int cpu, unsigned intid, bool ns)
{
    uint8_t p = *irq_prio(g, cpu, intid);
    if (!ns)
        return p;
    return irq_group(g, cpu, intid) == G1NS ? (uint8_t)(p << 1) : 0;
}

static void priority_write(GIC *g, int cpu, unsigned intid, uint8_t v, bool ns)
{
    if (ns) {
        if (irq_group(g, cpu, intid) != G1NS)
            return;
        v = (uint8_t)(0x80 | (v >> 1));
    }
    *irq_prio(g, cpu, intid) = v & PRI_MASK;
    gic_changed(g);
}

/* ICFGR: two bits per interrupt, bit 1 = edge-triggered. */
static uint32_t icfgr_read(const IrqWord *w, unsigned first_bit, bool ns)
{
    uint32_t v = 0;
    for (unsigned i = 0; i < 16; i++) {
        unsigned b = first_bit + i;
        if (((w->edge >> b) & 1) && (!ns || ((w->group >> b) & 1)))
            v |= 2u << (2 * i);
    }
    return v;
}

static void icfgr_write(GIC *g, IrqWord *w, unsigned first_bit, uint32_t v, bool ns)
{
    for (unsigned i = 0; i < 16; i++) {
        unsigned b = first_bit + i;
        if (ns && !((w->group >> b) & 1))
            continue;
        w->edge = (w->edge & ~(1u << b)) | (((v >> (2 * i + 1)) & 1) << b);
    }
    gic_changed(g);
}

/* The security of the access in progress (the translation's NS attribute, mmu/mem.c). */

/* IPRIORITYR is byte-accessible as well as word-accessible. */
static uint64_t priority_bytes_read(GIC *g, int cpu, unsigned intid, unsigned size, bool ns)
{
    uint64_t v = 0;
    for (unsigned i = 0; i < size; i++)
        v |= (uint64_t)priority_read(g, cpu, intid + i, ns) << (8 * i);
    return v;
}

static void priority_bytes_write(GIC *g, int cpu, unsigned intid, unsigned size, uint64_t v, bool ns)
{
    for (unsigned i = 0; i < size; i++)
        priority_write(g, cpu, intid + i, (uint8_t)(v >> (8 * i)), ns);
}

static uint32_t gicd_ctlr_read(const GIC *g, bool ns)
{
    if (ns)
        return (g->ctlr & CTLR_ENABLE_G1NS) | CTLR_NS_VIEW_ARE_NS; /* EnableGrp1A is bit 1 */
    return g->ctlr | CTLR_ARE_S | CTLR_ARE_NS;
}

static void gicd_ctlr_write(GIC *g, uint32_t v, bool ns)
{
    if (ns)
        g->ctlr = (g->ctlr & ~CTLR_ENABLE_G1NS) | (v & CTLR_ENABLE_G1NS);
    else
        g->ctlr = v & (CTLR_ENABLE_G0 | CTLR_ENABLE_G1NS | CTLR_ENABLE_G1S);
    gic_changed(g);
}

/* GICD_TYPER: ITLinesNumber = 8 (INTIDs up to 287), SecurityExtn, IDbits = 10 bits. CPUNumber
 * is 0: it counts PEs for legacy (non-affinity) routing, which is not implemented. */
static uint32_t gicd_typer(void) { return (GIC_NUM_IRQS / 32 - 1) | 1u << 10 | 9u << 19; }

static uint32_t gicd_read32(GIC *g, uint64_t off, bool ns)
{
    if (off == GICD_CTLR)
        return gicd_ctlr_read(g, ns);
    if (off == GICD_TYPER)
        return gicd_typer();
    if (off == GICD_IIDR)
        return GIC_IIDR;
    if (off >= GICD_IGROUPR && off < GICD_IPRIORITYR) {
        unsigned n = (unsigned)(off & 0x7F) / 4;
        /* Word 0 (SGIs, PPIs) lives in the Redistributors with affinity routing. */
        return n == 0 || n >= NUM_WORDS ? 0 : bitreg_read(&g->spi[n], (enum BitReg)((off - GICD_IGROUPR) / 0x80), ns);
    }
    if (off >= GICD_ICFGR && off < GICD_ICFGR + 0x100) {
        unsigned n = (unsigned)(off - GICD_ICFGR) / 4; /* 16 interrupts each */
        return n < 2 || n >= 2 * NUM_WORDS ? 0 : icfgr_read(&g->spi[n / 2], (n % 2) * 16, ns);
    }
    if (off >= GICD_IGRPMODR && off < GICD_IGRPMODR + 0x80) {
        unsigned n = (unsigned)(off - GICD_IGRPMODR) / 4;
        return n == 0 || n >= NUM_WORDS ? 0 : bitreg_read(&g->spi[n], BR_IGRPMODR, ns);
    }
    if (off >= GIC_ID_REGS)
        return id_register(off);
    return 0; /* reserved, and the GICv2 compatibility registers: RAZ/WI */
}

static void gicd_write32(GIC *g, uint64_t off, uint32_t v, bool ns)
{
    if (off == GICD_CTLR) {
        gicd_ctlr_write(g, v, ns);
    } else if (off >= GICD_IGROUPR && off < GICD_IPRIORITYR) {
        unsigned n = (unsigned)(off & 0x7F) / 4;
        if (n != 0 && n < NUM_WORDS)
            bitreg_write(g, &g->spi[n], (enum BitReg)((off - GICD_IGROUPR) / 0x80), v, ns);
    } else if (off >= GICD_ICFGR && off < GICD_ICFGR + 0x100) {
        unsigned n = (unsigned)(off - GICD_ICFGR) / 4;
        if (n >= 2 && n < 2 * NUM_WORDS)
            icfgr_write(g, &g->spi[n / 2], (n % 2) * 16, v, ns);
    } else if (off >= GICD_IGRPMODR && off < GICD_IGRPMODR + 0x80) {
        unsigned n = (unsigned)(off - GICD_IGRPMODR) / 4;
        if (n != 0 && n < NUM_WORDS)
            bitreg_write(g, &g->spi[n], BR_IGRPMODR, v, ns);
    }
}

/* GICD_IROUTER<n> (n = 32..287): 64-bit, or either 32-bit half. */
static bool irouter_intid(uint64_t off, unsigned *intid)
{
    if (off < GICD_IROUTER + 8 * 32 || off >= GICD_IROUTER + 8ull * GIC_NUM_IRQS)
        return false;
    *intid = (unsigned)(off - GICD_IROUTER) / 8;
    return true;
}

static int gicd_read(void *opaque, uint64_t off, unsigned size, bool ns, uint64_t *value)
{
    GIC *g = opaque;
    unsigned intid;
    *value = 0;
    if (off & (size - 1))
        return 0;
    if (off >= GICD_IPRIORITYR && off < GICD_IPRIORITYR + GIC_NUM_IRQS && (size == 1 || size == 4)) {
        intid = (unsigned)(off - GICD_IPRIORITYR);
        if (intid >= 32)
            *value = priority_bytes_read(g, 0, intid, size, ns);
    } else if (irouter_intid(off, &intid) && (size == 8 || size == 4)) {
        uint64_t r = ns && irq_group(g, 0, intid) != G1NS ? 0 : g->irouter[intid];
        *value = size == 8 ? r : (uint32_t)(r >> (8 * (off & 4)));
    } else if (size == 4) {
        *value = gicd_read32(g, off, ns);
    }
    return 0;
}

static int gicd_write(void *opaque, uint64_t off, unsigned size, bool ns, uint64_t value)
{
    GIC *g = opaque;
    unsigned intid;
    if (off & (size - 1))
        return 0;
    if (off >= GICD_IPRIORITYR && off < GICD_IPRIORITYR + GIC_NUM_IRQS && (size == 1 || size == 4)) {
        intid = (unsigned)(off - GICD_IPRIORITYR);
        if (intid >= 32)
            priority_bytes_write(g, 0, intid, size, value, ns);
    } else if (irouter_intid(off, &intid) && (size == 8 || size == 4)) {
        if (ns && irq_group(g, 0, intid) != G1NS)
            return 0;
        uint64_t r = g->irouter[intid];
        if (size == 8)
            r = value;
        else if (off & 4)
            r = (r & 0xFFFFFFFFull) | value << 32;
        else
            r = (r & ~0xFFFFFFFFull) | (uint32_t)value;
        g->irouter[intid] = r & IROUTER_MASK;
        gic_changed(g);
    } else if (size == 4) {
        gicd_write32(g, off, (uint32_t)value, ns);
    }
    return 0;
}

/* GICR_TYPER: affinity 0.0.0.cpu, Processor_Number = cpu, Last on the last Redistributor;
 * no physical or virtual LPIs. */
static uint64_t gicr_typer(const GIC *g, int cpu)
{
    return (uint64_t)cpu << 32 | (uint64_t)cpu << 8 | (cpu == g->ncpu - 1 ? 1u << 4 : 0);
}

static uint32_t gicr_read32(GIC *g, int cpu, uint64_t off, bool ns)
{
    GicCpu *ci = &g->cpu[cpu];
    if (off < GICR_SGI_BASE) {
        switch (off) {
        case GICR_IIDR: return GIC_IIDR;
        case GICR_TYPER: return (uint32_t)gicr_typer(g, cpu);
        case GICR_TYPER + 4: return (uint32_t)(gicr_typer(g, cpu) >> 32);
        case GICR_WAKER:
            /* Secure only with two Security states: RAZ/WI to Non-secure accesses. */
            return ns || !ci->asleep ? 0 : GICR_WAKER_PROCESSOR_SLEEP | GICR_WAKER_CHILDREN_ASLEEP;
        default: return off >= GIC_ID_REGS ? id_register(off) : 0; /* GICR_CTLR and LPI registers: RAZ/WI */
        }
    }
    off -= GICR_SGI_BASE;
    if (off >= GICD_IGROUPR && off < GICD_IPRIORITYR && (off & 0x7F) == 0)
        return bitreg_read(&ci->priv, (enum BitReg)((off - GICD_IGROUPR) / 0x80), ns);
    if (off == GICD_IGRPMODR)
        return bitreg_read(&ci->priv, BR_IGRPMODR, ns);
    if (off == GICR_ICFGR0 || off == GICR_ICFGR1)
        return icfgr_read(&ci->priv, off == GICR_ICFGR0 ? 0 : 16, ns);
    if (off >= GIC_ID_REGS)
        return id_register(off);
    return 0;
}

static void gicr_write32(GIC *g, int cpu, uint64_t off, uint32_t v, bool ns)
{
    GicCpu *ci = &g->cpu[cpu];
    if (off < GICR_SGI_BASE) {
        if (off == GICR_WAKER && !ns) {
            ci->asleep = (v & GICR_WAKER_PROCESSOR_SLEEP) != 0;
            gic_changed(g);
        }
        return;
    }
    off -= GICR_SGI_BASE;
    if (off >= GICD_IGROUPR && off < GICD_IPRIORITYR && (off & 0x7F) == 0)
        bitreg_write(g, &ci->priv, (enum BitReg)((off - GICD_IGROUPR) / 0x80), v, ns);
    else if (off == GICD_IGRPMODR)
        bitreg_write(g, &ci->priv, BR_IGRPMODR, v, ns);
    else if (off == GICR_ICFGR1) /* PPIs; the SGIs' ICFGR0 is read-only, edge-triggered */
        icfgr_write(g, &ci->priv, 16, v, ns);
}

static int gicr_read(void *opaque, uint64_t off, unsigned size, bool ns, uint64_t *value)
{
    GIC *g = opaque;
    int cpu = (int)(off / GIC_REDIST_FRAME);
    uint64_t rel = off % GIC_REDIST_FRAME;
    *value = 0;
    if (off & (size - 1))
        return 0;
    if (rel >= GICR_SGI_BASE + GICD_IPRIORITYR && rel < GICR_SGI_BASE + GICD_IPRIORITYR + 32 && (size == 1 || size == 4))
        *value = priority_bytes_read(g, cpu, (unsigned)(rel - GICR_SGI_BASE - GICD_IPRIORITYR), size, ns);
    else if (rel == GICR_TYPER && size == 8)
        *value = gicr_typer(g, cpu);
    else if (size == 4)
        *value = gicr_read32(g, cpu, rel, ns);
    return 0;
}

static int gicr_write(void *opaque, uint64_t off, unsigned size, bool ns, uint64_t value)
{
    GIC *g = opaque;
    int cpu = (int)(off / GIC_REDIST_FRAME);
    uint64_t rel = off % GIC_REDIST_FRAME;
    if (off & (size - 1))
        return 0;
    if (rel >= GICR_SGI_BASE + GICD_IPRIORITYR && rel < GICR_SGI_BASE + GICD_IPRIORITYR + 32 && (size == 1 || size == 4))
        priority_bytes_write(g, cpu, (unsigned)(rel - GICR_SGI_BASE - GICD_IPRIORITYR), size, value, ns);
    else if (size == 4)
        gicr_write32(g, cpu, rel, (uint32_t)value, ns);
    return 0;
}

/* ============================ Creation, reset ============================= */

/* The reset state: everything Group 0, disabled, inactive, priority 0, level-sensitive (SGIs
 * edge-triggered), routed to core 0; Redistributors asleep; the CPU interfaces masked (PMR 0),
 * their groups disabled, BPRs at their minimum; ICC_SRE_EL2/EL3.Enable set (their reset value
 * is UNKNOWN; 1 lets firmware that never writes them reach ICC_SRE_EL1). */
static void gic_reset(GIC *g)
{
    Machine *m = g->m;
    int ncpu = g->ncpu;
    memset(g, 0, sizeof *g);
    g->m = m;
    g->ncpu = ncpu;
    for (int i = 0; i < ncpu; i++) {
        GicCpu *ci = &g->cpu[i];
        ci->priv.edge = 0xFFFF;
        ci->asleep = true;
        ci->bpr[G0] = MIN_BPR;
        ci->bpr[G1S] = MIN_BPR;
        ci->bpr[G1NS] = MIN_BPR + 1;
        ci->sre_enable_el2 = ci->sre_enable_el3 = true;
        ci->ich_vmcr = VMCR_VFIQEN | (uint64_t)(MIN_BPR + 1) << VMCR_VBPR1_SHIFT | (uint64_t)MIN_BPR << VMCR_VBPR0_SHIFT;
    }
    g->dirty = true;
}

struct GIC *gic_create(Machine *m)
{
    if (m->ncpu < 1 || m->ncpu > MAX_CPUS) {
        machine_error(m, "the GIC supports 1 to %d cores", MAX_CPUS);
        return NULL;
    }
    GIC *g = calloc(1, sizeof *g);
    if (!g) {
        machine_error(m, "out of host memory");
        return NULL;
    }
    g->m = m;
    g->ncpu = m->ncpu;
    gic_reset(g);
    Device dist = {"gicv3-dist", VIRT_GIC_DIST, GIC_DIST_SIZE, g, gicd_read, gicd_write};
    Device redist = {"gicv3-redist", VIRT_GIC_REDIST, (uint64_t)GIC_REDIST_FRAME * (uint64_t)m->ncpu, g, gicr_read, gicr_write};
    if (!phys_add_device(&m->phys, &dist) || !phys_add_device(&m->phys, &redist)) {
        machine_error(m, "cannot map the GIC");
        free(g);
        return NULL;
    }
    m->intc = g;
    m->intc_set_spi = gic_set_spi;
    m->intc_set_ppi = gic_set_ppi;
    m->intc_cpu_lines = gic_cpu_lines;
    for (int i = 0; i < g->ncpu; i++)
        cpu_request_check(m->cpu[i]);
    return g;
}

void gic_free(struct GIC *g)
{
    if (!g)
        return;
    Machine *m = g->m;
    if (m->intc == g) {
        m->intc = NULL;
        m->intc_set_spi = NULL;
        m->intc_set_ppi = NULL;
        m->intc_cpu_lines = NULL;
    }
    free(g);
}

void gic_boot_nonsecure(struct GIC *g)
{
    for (unsigned n = 1; n < NUM_WORDS; n++)
        g->spi[n].group = ~0u;
    for (int i = 0; i < g->ncpu; i++) {
        g->cpu[i].priv.group = ~0u;
        g->cpu[i].asleep = false;
    }
    gic_changed(g);
}
