/* SPDX-License-Identifier: MIT */
/* System registers: the table built from cpu/sysregs.inc, the access checks that apply each
 * register's trap rule (kept apart from the value hooks), and MRS/MSR. */
#include "cpu/sysreg.h"
#include "cpu/fpu.h"

#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "cpu/cpu.h"
#include "cpu/debug.h"
#include "cpu/exception.h"
#include "cpu/irq.h"
#include "cpu/regbits.h"
#include "cpu/timer.h"
#include "peripherals/gic_sysreg.h"
#include "mmu/mem.h"
#include "sim/machine.h"
#include "sim/trace.h"

/* ---- value hooks ---- */
static unsigned live_sp_index(const CPU *c) { return c->ps.sp ? c->ps.el : 0; }
static uint64_t sp_get(CPU *c, unsigned n) { return n == live_sp_index(c) ? c->sp : c->sp_el[n]; }
static void sp_set(CPU *c, unsigned n, uint64_t v)
{
    if (n == live_sp_index(c))
        c->sp = v;
    else
        c->sp_el[n] = v;
}
static uint64_t rd_SP_EL0(CPU *c, int id) { (void)id; return sp_get(c, 0); }
static uint64_t rd_SP_EL1(CPU *c, int id) { (void)id; return sp_get(c, 1); }
static uint64_t rd_SP_EL2(CPU *c, int id) { (void)id; return sp_get(c, 2); }
static void wr_SP_EL0(CPU *c, int id, uint64_t v) { (void)id; sp_set(c, 0, v); }
static void wr_SP_EL1(CPU *c, int id, uint64_t v) { (void)id; sp_set(c, 1, v); }
static void wr_SP_EL2(CPU *c, int id, uint64_t v) { (void)id; sp_set(c, 2, v); }
static uint64_t rd_SPSel(CPU *c, int id) { (void)id; return c->ps.sp; }
static void wr_SPSel(CPU *c, int id, uint64_t v) { (void)id; cpu_set_el_sp(c, c->ps.el, v & 1); }
static uint64_t rd_CurrentEL(CPU *c, int id) { (void)id; return (uint64_t)c->ps.el << 2; }
static uint64_t rd_PAN(CPU *c, int id) { (void)id; return (uint64_t)c->ps.pan << 22; }
static void wr_PAN(CPU *c, int id, uint64_t v)
{
    (void)id;
    if (c->ps.pan != ((v >> 22) & 1))
        mem_pan_changed(c);
    c->ps.pan = (v >> 22) & 1;
}
static uint64_t rd_UAO(CPU *c, int id) { (void)id; return (uint64_t)c->ps.uao << 23; }
static void wr_UAO(CPU *c, int id, uint64_t v) { (void)id; c->ps.uao = (v >> 23) & 1; }
static uint64_t rd_NZCV(CPU *c, int id) { (void)id; return c->ps.nzcv; }
static void wr_NZCV(CPU *c, int id, uint64_t v) { (void)id; c->ps.nzcv = (uint32_t)v & 0xF0000000u; }
/* FPCR: AHP, DN, FZ, RMode, FZ16; the trap enables are RAZ/WI (no trapped FP exceptions, as a
 * Cortex-A55). FPSR: the AArch32 NZCV, QC and the cumulative flags. */
static void wr_FPCR(CPU *c, int id, uint64_t v) { c->sr[id] = v & FPCR_WRITE_MASK; }
static void wr_FPSR(CPU *c, int id, uint64_t v) { c->sr[id] = v & FPSR_WRITE_MASK; }
static uint64_t rd_DAIF(CPU *c, int id) { (void)id; return c->ps.daif; }
static void wr_DAIF(CPU *c, int id, uint64_t v)
{
    (void)id;
    c->ps.daif = (uint32_t)v & 0x3C0u;
    cpu_request_check(c); /* an unmasked interrupt may now be taken */
}
/* MIDR/MPIDR read at EL1 with EL2 enabled return the virtualized values (VPIDR/VMPIDR). */
static uint64_t rd_MIDR_EL1(CPU *c, int id)
{
    return c->ps.el == 1 && el2_enabled(c) ? c->sr[SR_VPIDR_EL2] : c->sr[id];
}
static uint64_t rd_MPIDR_EL1(CPU *c, int id)
{
    return c->ps.el == 1 && el2_enabled(c) ? c->sr[SR_VMPIDR_EL2] : c->sr[id];
}
/* L1 caches of 32 KiB: 64-byte lines, 4 ways, 128 sets (CSSELR selects I or D). */
static uint64_t rd_CCSIDR_EL1(CPU *c, int id)
{
    (void)id;
    unsigned level = (c->sr[SR_CSSELR_EL1] >> 1) & 7;
    return level == 0 ? (127u << 13) | (3u << 3) | 2u : 0;
}

static uint64_t rd_DCZID_EL0(CPU *c, int id)
{
    bool prohibited = (c->ps.el == 0 && !(el0_sctlr(c) & (1u << 14))) ||
                      (c->ps.el < 2 && el2_enabled(c) && !el0_in_host(c) && (c->sr[SR_HCR_EL2] & HCR_TDZ));
    return c->sr[id] | (prohibited ? 0x10 : 0);
}
static void wr_mmu_ctl(CPU *c, int id, uint64_t v)
{
    c->sr[id] = v;
    mem_flush_soft_tlb(c); /* the soft TLB caches translations these registers control */
}
/* HCR_EL2.RW and SCR_EL3.RW are RAO/WI when no lower EL can use AArch32 (Arm ARM, the RW field
 * descriptions; ID_AA64PFR0_EL1.EL0..EL2 = 1 here). Storing 0 would make every later return to
 * EL1 an illegal exception return. */
static void wr_HCR_EL2(CPU *c, int id, uint64_t v)
{
    c->sr[id] = v | HCR_RW;
    mem_flush_soft_tlb(c); /* VM, DC, TGE, E2H change the EL1&0 and EL2 translations */
    cpu_request_check(c);
}
static void wr_SCR_EL3(CPU *c, int id, uint64_t v)
{
    mem_flush_soft_tlb(c); /* NS selects the security state, hence the TLB context, of EL1&0 */
    c->sr[id] = v | SCR_RW;
    cpu_request_check(c);
}
/* ISR_EL1: the pending IRQ, FIQ and SError, virtual ones at EL1 when HCR_EL2 routes them. */
static uint64_t rd_ISR_EL1(CPU *c, int id)
{
    (void)id;
    unsigned l = cpu_lines(c);
    uint64_t hcr = c->sr[SR_HCR_EL2];
    bool virt = c->ps.el == 1 && el2_enabled(c) && !(hcr & HCR_TGE);
    bool i = virt && (hcr & HCR_IMO) ? l & LINE_VIRQ : l & LINE_IRQ;
    bool f = virt && (hcr & HCR_FMO) ? l & LINE_VFIQ : l & LINE_FIQ;
    bool a = virt && (hcr & HCR_AMO) ? l & LINE_VSERROR : l & LINE_SERROR;
    return ((uint64_t)a << 8) | ((uint64_t)i << 7) | ((uint64_t)f << 6);
}
/* ---- Self-hosted debug registers (Arm ARM D17.3; their effect is cpu/debug.c's) ----
 * A write that may change the INSTR_* bits debug_arch_instr() derives from these registers
 * recomputes the core's instrumentation, so the run loop starts (or stops) calling the debug
 * hooks. */
static void wr_debug_ctl(CPU *c, int id, uint64_t v)
{
    uint32_t before = debug_arch_instr(c);
    c->sr[id] = v;
    if (debug_arch_instr(c) != before)
        cpu_instr_update(c);
}
/* MDSCR_EL1: SS, TDCC, KDE and MDE are always writable. The fields that save and restore the
 * external debugger's EDSCR bits (ERR, HDE, SC2, TDA, INTdis, TXU, RXO, TXfull, RXfull) are
 * writable only while the OS lock is locked (OSLSR_EL1.OSLK), and read-only otherwise; the
 * rest is RES0. */
#define MDSCR_RW_BITS 0xB001ULL
#define MDSCR_OSLK_BITS 0x6CE84040ULL
static void wr_MDSCR_EL1(CPU *c, int id, uint64_t v)
{
    uint64_t mask = MDSCR_RW_BITS | (c->sr[SR_OSLSR_EL1] & 2 ? MDSCR_OSLK_BITS : 0);
    wr_debug_ctl(c, id, (c->sr[id] & ~mask) | (v & mask));
}
/* DBGBCR<n>_EL1: E, PMC, BAS, HMC, SSC, LBN, BT; BAS is RES1 without AArch32. */
static void wr_DBGBCR(CPU *c, int id, uint64_t v) { wr_debug_ctl(c, id, (v & 0xFFE007ULL) | 0x1E0); }
/* DBGWCR<n>_EL1: E, PAC, LSC, BAS, HMC, SSC, LBN, WT, MASK. */
static void wr_DBGWCR(CPU *c, int id, uint64_t v) { wr_debug_ctl(c, id, v & 0x1F1FFFFFULL); }
/* DBGWVR<n>_EL1: bits [1:0] are RES0. */
static void wr_DBGWVR(CPU *c, int id, uint64_t v) { c->sr[id] = v & ~3ULL; }
/* OSLAR_EL1.OSLK sets or clears the OS lock, OSLSR_EL1.OSLK. */
static void wr_OSLAR_EL1(CPU *c, int id, uint64_t v)
{
    (void)id;
    wr_debug_ctl(c, SR_OSLSR_EL1, (c->sr[SR_OSLSR_EL1] & ~2ULL) | ((v & 1) << 1));
}
/* OSDLR_EL1.DLK and DBGPRCR_EL1.CORENPDRQ: the double lock (DoubleLockStatus()). */
static void wr_OSDLR_EL1(CPU *c, int id, uint64_t v) { wr_debug_ctl(c, id, v & 1); }
static void wr_DBGPRCR_EL1(CPU *c, int id, uint64_t v) { wr_debug_ctl(c, id, v & 1); }
/* The generic counter and timer hooks (rd_CNTPCT_EL0, rd_CNT_CTL, ...) are in cpu/timer.c. */

/* PMU cycle counter: counts while PMCR_EL0.E and PMCNTENSET_EL0.C are set, in the ELs that
 * PMCCFILTR_EL0 allows; PMCR.D counts every 64th cycle. Cycles are attributed per EL from the
 * per-EL accounting, and folded into the stored value whenever the counting rules change. */
static bool pmccntr_running(const CPU *c)
{
    return (c->sr[SR_PMCR_EL0] & 1) && (c->sr[SR_PMCNTENSET_EL0] >> 31 & 1);
}
/* The PMU filtering rule for the cycle counter (PMCCFILTR_EL0 P, U, NSK, NSU, NSH, M). */
static bool pmccfiltr_counts(const CPU *c, unsigned el)
{
    uint64_t f = c->sr[SR_PMCCFILTR_EL0];
    bool p = f >> 31 & 1, u = f >> 30 & 1, nsk = f >> 29 & 1, nsu = f >> 28 & 1, nsh = f >> 27 & 1, m = f >> 26 & 1;
    bool ns = c->sr[SR_SCR_EL3] & SCR_NS;
    switch (el) {
    case 0: return !(ns ? u != nsu : u);
    case 1: return !(ns ? p != nsk : p);
    case 2: return nsh;
    default: return m == p;
    }
}
static uint64_t pmccntr_now(CPU *c)
{
    if (!pmccntr_running(c))
        return c->sr[SR_PMCCNTR_EL0];
    cpu_account_el(c);
    uint64_t delta = 0;
    for (unsigned el = 0; el < 4; el++)
        if (pmccfiltr_counts(c, el))
            delta += c->el_cycles[el] - c->pmccntr_start[el];
    if (c->sr[SR_PMCR_EL0] & 8)
        delta /= 64;
    return c->sr[SR_PMCCNTR_EL0] + delta;
}
static void pmccntr_restart(CPU *c)
{
    cpu_account_el(c);
    for (unsigned el = 0; el < 4; el++)
        c->pmccntr_start[el] = c->el_cycles[el];
}
static void pmccntr_fold(CPU *c) { c->sr[SR_PMCCNTR_EL0] = pmccntr_now(c); pmccntr_restart(c); }
static uint64_t rd_PMCCNTR_EL0(CPU *c, int id) { (void)id; return pmccntr_now(c); }
static void wr_PMCCNTR_EL0(CPU *c, int id, uint64_t v) { (void)id; c->sr[SR_PMCCNTR_EL0] = v; pmccntr_restart(c); }
static void wr_PMCCFILTR_EL0(CPU *c, int id, uint64_t v) { pmccntr_fold(c); c->sr[id] = v & 0xFC000000ULL; }
static void wr_PMCR_EL0(CPU *c, int id, uint64_t v)
{
    pmccntr_fold(c);
    if (v & 4) /* C: reset the cycle counter */
        c->sr[SR_PMCCNTR_EL0] = 0;
    c->sr[id] = (c->sr[id] & ~0x7FULL) | (v & 0x6B); /* E, D, X, DP, LC writable; P, C write-only */
}
static void wr_PMCNTENSET_EL0(CPU *c, int id, uint64_t v) { pmccntr_fold(c); c->sr[id] |= v & (1ULL << 31); }
static void wr_PMCNTENCLR_EL0(CPU *c, int id, uint64_t v) { (void)id; pmccntr_fold(c); c->sr[SR_PMCNTENSET_EL0] &= ~(v & (1ULL << 31)); }
static uint64_t rd_PMCNTENCLR_EL0(CPU *c, int id) { (void)id; return c->sr[SR_PMCNTENSET_EL0]; }
static void wr_PMOVSCLR_EL0(CPU *c, int id, uint64_t v) { c->sr[id] &= ~(v & (1ULL << 31)); }
static void wr_PMOVSSET_EL0(CPU *c, int id, uint64_t v) { (void)id; c->sr[SR_PMOVSCLR_EL0] |= v & (1ULL << 31); }
static uint64_t rd_PMOVSSET_EL0(CPU *c, int id) { (void)id; return c->sr[SR_PMOVSCLR_EL0]; }
static void wr_PMINTENSET_EL1(CPU *c, int id, uint64_t v) { c->sr[id] |= v & (1ULL << 31); }
static void wr_PMINTENCLR_EL1(CPU *c, int id, uint64_t v) { (void)id; c->sr[SR_PMINTENSET_EL1] &= ~(v & (1ULL << 31)); }
static uint64_t rd_PMINTENCLR_EL1(CPU *c, int id) { (void)id; return c->sr[SR_PMINTENSET_EL1]; }

const SysRegInfo sysreg_table[SR_COUNT] = {
#define SR(name, op0, op1, crn, crm, op2, el, acc, trap, reset, rd, wr) \
    [SR_##name] = {#name, op0, op1, crn, crm, op2, el, acc, trap, reset, rd, wr},
#include "cpu/sysregs.inc"
#undef SR
};

/* ---- lookup ---- */
static int16_t lookup_table[1 << 16];
static bool lookup_ready;

static void build_lookup(void)
{
    for (unsigned i = 0; i < (1u << 16); i++)
        lookup_table[i] = -1;
    for (int id = 0; id < SR_COUNT; id++) {
        const SysRegInfo *r = &sysreg_table[id];
        lookup_table[sysreg_key(r->op0, r->op1, r->crn, r->crm, r->op2)] = (int16_t)id;
    }
    lookup_ready = true;
}

int sysreg_lookup(uint32_t key)
{
    if (!lookup_ready)
        build_lookup();
    return key < (1u << 16) ? lookup_table[key] : -1;
}

int sysreg_by_name(const char *name)
{
    for (int id = 0; id < SR_COUNT; id++)
        if (strcasecmp(sysreg_table[id].name, name) == 0)
            return id;
    return -1;
}

void sysreg_reset(CPU *c)
{
    for (int id = 0; id < SR_COUNT; id++)
        c->sr[id] = sysreg_table[id].reset;
    c->sr[SR_MPIDR_EL1] = 0x80000000ULL | (uint64_t)c->index;
    c->sr[SR_VMPIDR_EL2] = c->sr[SR_MPIDR_EL1];
}

uint64_t sysreg_read(CPU *c, int id)
{
    const SysRegInfo *r = &sysreg_table[id];
    return r->read ? r->read(c, id) : c->sr[id];
}

void sysreg_write(CPU *c, int id, uint64_t v)
{
    const SysRegInfo *r = &sysreg_table[id];
    if (r->write)
        r->write(c, id, v);
    else
        c->sr[id] = v;
}

/* ---- E2H redirection (FEAT_VHE): at EL2 with HCR_EL2.E2H, *_EL1 names reach the EL2
 * registers and *_EL12 names reach the EL1 ones. ---- */
static const int16_t vhe_pairs[][3] = {
    /* EL1 register, its EL2 counterpart, its EL12 alias */
    {SR_SCTLR_EL1, SR_SCTLR_EL2, SR_SCTLR_EL12},
    {SR_CPACR_EL1, SR_CPTR_EL2, SR_CPACR_EL12},
    {SR_TTBR0_EL1, SR_TTBR0_EL2, SR_TTBR0_EL12},
    {SR_TTBR1_EL1, SR_TTBR1_EL2, SR_TTBR1_EL12},
    {SR_TCR_EL1, SR_TCR_EL2, SR_TCR_EL12},
    {SR_AFSR0_EL1, SR_AFSR0_EL2, SR_AFSR0_EL12},
    {SR_AFSR1_EL1, SR_AFSR1_EL2, SR_AFSR1_EL12},
    {SR_ESR_EL1, SR_ESR_EL2, SR_ESR_EL12},
    {SR_FAR_EL1, SR_FAR_EL2, SR_FAR_EL12},
    {SR_MAIR_EL1, SR_MAIR_EL2, SR_MAIR_EL12},
    {SR_AMAIR_EL1, SR_AMAIR_EL2, SR_AMAIR_EL12},
    {SR_VBAR_EL1, SR_VBAR_EL2, SR_VBAR_EL12},
    {SR_CONTEXTIDR_EL1, SR_CONTEXTIDR_EL2, SR_CONTEXTIDR_EL12},
    {SR_CNTKCTL_EL1, SR_CNTHCTL_EL2, SR_CNTKCTL_EL12},
    {SR_SPSR_EL1, SR_SPSR_EL2, SR_SPSR_EL12},
    {SR_ELR_EL1, SR_ELR_EL2, SR_ELR_EL12},
    /* The EL1 timers' names reach the EL2 timers (also from EL0 in the host regime). */
    {SR_CNTP_TVAL_EL0, SR_CNTHP_TVAL_EL2, SR_CNTP_TVAL_EL02},
    {SR_CNTP_CTL_EL0, SR_CNTHP_CTL_EL2, SR_CNTP_CTL_EL02},
    {SR_CNTP_CVAL_EL0, SR_CNTHP_CVAL_EL2, SR_CNTP_CVAL_EL02},
    {SR_CNTV_TVAL_EL0, SR_CNTHV_TVAL_EL2, SR_CNTV_TVAL_EL02},
    {SR_CNTV_CTL_EL0, SR_CNTHV_CTL_EL2, SR_CNTV_CTL_EL02},
    {SR_CNTV_CVAL_EL0, SR_CNTHV_CVAL_EL2, SR_CNTV_CVAL_EL02},
};

static int vhe_redirect(const CPU *c, int id)
{
    bool e2h = (c->sr[SR_HCR_EL2] & HCR_E2H) != 0;
    for (unsigned i = 0; i < sizeof vhe_pairs / sizeof vhe_pairs[0]; i++) {
        if (id == vhe_pairs[i][0]) /* only the timers' names are accessible at EL0 */
            return (c->ps.el == 2 || el0_in_host(c)) && e2h ? vhe_pairs[i][1] : id;
        if (id == vhe_pairs[i][2])
            return (c->ps.el == 2 || (c->ps.el == 3 && el2_enabled(c))) && e2h ? vhe_pairs[i][0] : -1;
    }
    return id;
}

/* MDCR_EL2.TDRA: traps MDRAR_EL1 (the other MDCR bits the rules read are in cpu/regbits.h). */
#define MDCR_TDRA (1ULL << 11)

/* ---- access checks, in the Arm ARM's order: UNDEFINED, EL0 traps to EL1 (EL2 with TGE),
 * then traps to EL2, then traps to EL3. Returns EXEC_OK or the raised exception. ---- */
static int trap_to(CPU *c, unsigned el, uint32_t insn)
{
    /* An EL0 access trapped "to EL1" goes to EL2 when HCR_EL2.TGE routes EL0 exceptions. */
    if (el == 1 && c->ps.el == 0)
        el = sync_target_el(c);
    return raise_sysreg_trap(c, el, insn);
}

static int fp_access_trap(CPU *c, unsigned el)
{
    if (el == 1 && c->ps.el == 0)
        el = sync_target_el(c);
    return raise_sync(c, el, EC_FP_ACCESS, 0x1E00000, insn_pc(c));
}

/* CPACR_EL1.FPEN / CPTR_EL2.TFP / CPTR_EL3.TFP: used by MRS/MSR of FPCR/FPSR and by FP/SIMD
 * instructions. Returns EXEC_OK when FP/SIMD is accessible. */
int fp_check_access(CPU *c)
{
    unsigned el = c->ps.el;
    /* CPACR_EL1.FPEN governs the EL1&0 regime (not EL0 in the host regime). */
    if (el <= 1 && !el0_in_host(c)) {
        unsigned fpen = (c->sr[SR_CPACR_EL1] >> 20) & 3;
        if (fpen == 0 || fpen == 2 || (fpen == 1 && el == 0))
            return fp_access_trap(c, 1);
    }
    if (el <= 2 && el2_enabled(c)) {
        bool trap;
        if (c->sr[SR_HCR_EL2] & HCR_E2H) {
            /* With E2H, CPTR_EL2 has CPACR's layout: FPEN=01 traps only EL0 in the host regime. */
            unsigned fpen = (c->sr[SR_CPTR_EL2] >> 20) & 3;
            trap = fpen == 0 || fpen == 2 || (fpen == 1 && el0_in_host(c));
        } else {
            trap = (c->sr[SR_CPTR_EL2] >> 10) & 1; /* TFP */
        }
        if (trap)
            return fp_access_trap(c, 2);
    }
    /* CPTR_EL3.TFP traps from every Exception level, EL3 included. */
    if (c->sr[SR_CPTR_EL3] & (1u << 10))
        return fp_access_trap(c, 3);
    return EXEC_OK;
}

/* EL0PCTEN (bit 0), EL0VCTEN (bit 1), EL0VTEN (bit 8), EL0PTEN (bit 9): CNTKCTL_EL1's, or
 * CNTHCTL_EL2's (E2H layout) in the host regime. */
static uint64_t el0_counter_enables(const CPU *c)
{
    return c->sr[el0_in_host(c) ? SR_CNTHCTL_EL2 : SR_CNTKCTL_EL1];
}

static int check_access(CPU *c, const SysRegInfo *r, bool read, uint32_t insn)
{
    unsigned el = c->ps.el;
    bool el2 = el < 2 && el2_enabled(c);
    uint64_t hcr = c->sr[SR_HCR_EL2], mdcr2 = c->sr[SR_MDCR_EL2], mdcr3 = c->sr[SR_MDCR_EL3];

    if (el < r->min_el || (read ? !(r->access & RO) : !(r->access & WO)))
        return undefined(c);
    switch (r->trap) {
    case TR_NONE:
    case TR_E2H:
    case TR_EL12:
        break;
    case TR_GIC: /* no GIC, ICH_HCR_EL2, ICC_SRE_ELx.Enable, SCR_EL3.IRQ/FIQ (peripherals/gic.c) */
        return gic_check_access(c, (int)(r - sysreg_table), read, insn);
    case TR_SP_EL0:
        if (c->ps.sp == 0)
            return undefined(c);
        break;
    case TR_TPIDRRO:
        if (el == 0 && !read)
            return undefined(c);
        break;
    case TR_TVM:
        if (el2 && (read ? (hcr & HCR_TRVM) : (hcr & HCR_TVM)))
            return trap_to(c, 2, insn);
        break;
    case TR_TID1:
        if (el2 && (hcr & HCR_TID1))
            return trap_to(c, 2, insn);
        break;
    case TR_TID2:
        if (el2 && (hcr & HCR_TID2))
            return trap_to(c, 2, insn);
        break;
    case TR_TID3:
        if (el2 && (hcr & HCR_TID3))
            return trap_to(c, 2, insn);
        break;
    case TR_TACR:
        if (el2 && (hcr & HCR_TACR))
            return trap_to(c, 2, insn);
        break;
    case TR_CPAC: /* CPACR_EL1, and CPTR_EL2 (EL2 only, so only CPTR_EL3.TCPAC can trap it) */
        if (el == 1 && el2 && (c->sr[SR_CPTR_EL2] & (1u << 31)))
            return trap_to(c, 2, insn);
        if (el <= 2 && (c->sr[SR_CPTR_EL3] & (1u << 31)))
            return trap_to(c, 3, insn);
        break;
    case TR_CTR: /* SCTLR[].UCT at EL0 (SCTLR_EL2 in the host regime, see el0_in_host) */
        if (el == 0 && !(el0_sctlr(c) & (1u << 15)))
            return trap_to(c, 1, insn);
        if (el2 && !el0_in_host(c) && (hcr & HCR_TID2))
            return trap_to(c, 2, insn);
        break;
    case TR_UMA:
        if (el == 0 && !(el0_sctlr(c) & (1u << 9)))
            return trap_to(c, 1, insn);
        break;
    case TR_FP:
        /* FPCR/FPSR: the CPACR_EL1.FPEN, CPTR_EL2 and CPTR_EL3 traps of FP instructions. */
        if (fp_check_access(c))
            return EXEC_EXC;
        break;
    case TR_CNTFRQ:
        if (!read && el < 3)
            return undefined(c);
        if (el == 0 && !(el0_counter_enables(c) & 3))
            return trap_to(c, el0_in_host(c) ? 2 : 1, insn);
        break;
    case TR_CNTPCT:
        if (el == 0 && !(el0_counter_enables(c) & 1))
            return trap_to(c, el0_in_host(c) ? 2 : 1, insn);
        /* CNTHCTL_EL2.EL1PCTEN: bit 0, or bit 10 in the E2H layout. */
        if (el2 && !el0_in_host(c) && !((c->sr[SR_CNTHCTL_EL2] >> (hcr & HCR_E2H ? 10 : 0)) & 1))
            return trap_to(c, 2, insn);
        break;
    case TR_CNTVCT:
        if (el == 0 && !(el0_counter_enables(c) & 2))
            return trap_to(c, el0_in_host(c) ? 2 : 1, insn);
        break;
    case TR_CNTP:
        if (el == 0 && !(el0_counter_enables(c) & CNTKCTL_EL0PTEN))
            return trap_to(c, el0_in_host(c) ? 2 : 1, insn);
        /* CNTHCTL_EL2.EL1PCEN (bit 1), or EL1PTEN (bit 11) in the E2H layout, for EL1 and for EL0
         * outside the host regime. */
        if (el2 && !el0_in_host(c) &&
            !(c->sr[SR_CNTHCTL_EL2] & (hcr & HCR_E2H ? CNTHCTL_E2H_EL1PTEN : CNTHCTL_EL1PCEN)))
            return trap_to(c, 2, insn);
        break;
    case TR_CNTV:
        if (el == 0 && !(el0_counter_enables(c) & CNTKCTL_EL0VTEN))
            return trap_to(c, el0_in_host(c) ? 2 : 1, insn);
        break;
    case TR_CNTPS: /* without FEAT_SEL2: UNDEFINED at EL2 and in Non-secure EL1 */
        if (el == 2 || (el == 1 && !is_secure(c)))
            return undefined(c);
        if (el == 1 && !((c->sr[SR_SCR_EL3] >> 11) & 1)) /* SCR_EL3.ST */
            return trap_to(c, 3, insn);
        break;
    case TR_DCC:
        if (el == 0 && (c->sr[SR_MDSCR_EL1] & (1u << 12)))
            return trap_to(c, 1, insn);
        /* DCC registers are also debug registers for TDA */
        __attribute__((fallthrough));
    case TR_DBG:
        /* MDCR_EL2.TDE, and HCR_EL2.TGE, make TDA, TDRA and TDOSA behave as 1. MDRAR_EL1 has
         * its own control, TDRA; at EL3 MDCR_EL3.TDA covers it too. */
        if (el2 && ((mdcr2 & (r == &sysreg_table[SR_MDRAR_EL1] ? MDCR_TDRA : MDCR_TDA)) ||
                    (mdcr2 & MDCR_TDE) || (hcr & HCR_TGE)))
            return trap_to(c, 2, insn);
        if (el <= 2 && (mdcr3 & MDCR_TDA))
            return trap_to(c, 3, insn);
        break;
    case TR_OSL:
        if (el2 && ((mdcr2 & (MDCR_TDOSA | MDCR_TDE)) || (hcr & HCR_TGE)))
            return trap_to(c, 2, insn);
        if (el <= 2 && (mdcr3 & MDCR_TDOSA))
            return trap_to(c, 3, insn);
        break;
    case TR_PMUSERENR:
        if (el == 0 && !read)
            return undefined(c);
        goto pmu_el2;
    case TR_PMU:
    case TR_PMCR:
        /* PMUSERENR_EL0.EN enables EL0 access; CR (bit 2) also enables EL0 reads of the cycle
         * counter (MRS PMCCNTR_EL0 pseudocode: PMUSERENR_EL0.<CR,EN> == '00' traps). */
        if (el == 0 && !(c->sr[SR_PMUSERENR_EL0] & 1) &&
            !(read && r == &sysreg_table[SR_PMCCNTR_EL0] && (c->sr[SR_PMUSERENR_EL0] & 4)))
            return trap_to(c, 1, insn);
    pmu_el2:
        if (el2 && ((mdcr2 & MDCR_TPM) || (r->trap == TR_PMCR && (mdcr2 & MDCR_TPMCR))))
            return trap_to(c, 2, insn);
        if (el <= 2 && (mdcr3 & MDCR_TPM))
            return trap_to(c, 3, insn);
        break;
    }
    return EXEC_OK;
}

/* The reserved ID register space (op0=3, op1=0, CRn=0, CRm=1..7) reads as zero. */
static bool is_reserved_id_reg(uint32_t key)
{
    unsigned op0 = key >> 14, op1 = (key >> 11) & 7, crn = (key >> 7) & 15, crm = (key >> 3) & 15;
    return op0 == 3 && op1 == 0 && crn == 0 && crm >= 1 && crm <= 7;
}

/* MRS/MSR (register): `insn` is the instruction word; `read` selects MRS. */
int sysreg_access(CPU *c, uint32_t insn, bool read, uint64_t *value)
{
    uint32_t key = bits(insn, 20, 5);
    int id = sysreg_lookup(key);
    if (id < 0) {
        if (is_reserved_id_reg(key) && read && c->ps.el >= 1) {
            if (c->ps.el == 1 && el2_enabled(c) && (c->sr[SR_HCR_EL2] & HCR_TID3))
                return raise_sysreg_trap(c, 2, insn);
            *value = 0;
            return EXEC_OK;
        }
        machine_warn(c->m, "unimplemented system register S%u_%u_C%u_C%u_%u (%s) at pc 0x%llx",
                     key >> 14, (key >> 11) & 7, (key >> 7) & 15, (key >> 3) & 15, key & 7,
                     read ? "MRS" : "MSR", (unsigned long long)insn_pc(c));
        return undefined(c);
    }
    if (check_access(c, &sysreg_table[id], read, insn))
        return EXEC_EXC;
    int target = vhe_redirect(c, id);
    if (target < 0)
        return undefined(c);
    if (read)
        *value = sysreg_read(c, target);
    else
        sysreg_write(c, target, *value);
    if (unlikely(c->instr & INSTR_TRACE) && !read)
        trace_sysreg(c->m->trace, c, target, *value);
    return EXEC_OK;
}
