/* SPDX-License-Identifier: MIT */
/* Self-hosted debug (Arm ARM D2) and the debugger's breakpoints and watchpoints. */
#include "cpu/debug.h"

#include <string.h>

#include "cpu/decode.h"
#include "cpu/exception.h"
#include "cpu/regbits.h"
#include "mmu/mem.h"
#include "mmu/phys.h"
#include "sim/machine.h"

/* ---- Self-hosted debug (Arm ARM D2) ----
 * Breakpoints (D2.8) and software step (D2.12) are checked before each instruction by
 * debug_before_insn, watchpoints (D2.9) on each data access that translated by
 * debug_check_watch; both run only while cpu_instr_update() has set the INSTR_* bits that
 * debug_arch_instr() asks for, so the fast loop never sees them. Implemented: Armv8.0 debug
 * with the Virtualization Host Extensions' context types, six breakpoints (the last two
 * context-aware) and four watchpoints; no AArch32, no halting debug, no Secure EL2, no
 * FEAT_BWE/FEAT_ABLE (address mismatch breakpoints are reserved). */

/* The register fields read here (Arm ARM D17: MDSCR_EL1, OSLSR_EL1, OSDLR_EL1, DBGPRCR_EL1,
 * MDCR_EL3, VTCR_EL2, PSTATE.D in the SPSR layout). */
#define MDSCR_SS (1ULL << 0)
#define MDSCR_KDE (1ULL << 13)
#define MDSCR_MDE (1ULL << 15)
#define OSLSR_OSLK (1ULL << 1)
#define OSDLR_DLK (1ULL << 0)
#define DBGPRCR_CORENPDRQ (1ULL << 0)
#define MDCR3_SDD (1ULL << 16)
#define VTCR_VS (1ULL << 19)
#define PSTATE_D (1u << 9)
/* DebugAddrTop(): breakpoints and watchpoints compare VA bits [48:2] (no FEAT_LVA). */
#define DEBUG_VA_MASK(lsb) ((((1ULL << 49) - 1) >> (lsb)) << (lsb))

enum { NUM_BRPS = 6, NUM_WRPS = 4, NUM_CTX_BRPS = 2 };
_Static_assert(SR_DBGBVR5_EL1 - SR_DBGBVR0_EL1 == NUM_BRPS - 1, "DBGBVR rows are consecutive");
_Static_assert(SR_DBGBCR5_EL1 - SR_DBGBCR0_EL1 == NUM_BRPS - 1, "DBGBCR rows are consecutive");
_Static_assert(SR_DBGWVR3_EL1 - SR_DBGWVR0_EL1 == NUM_WRPS - 1, "DBGWVR rows are consecutive");
_Static_assert(SR_DBGWCR3_EL1 - SR_DBGWCR0_EL1 == NUM_WRPS - 1, "DBGWCR rows are consecutive");

static uint64_t bcr(const CPU *c, unsigned n) { return c->sr[SR_DBGBCR0_EL1 + n]; }
static uint64_t bvr(const CPU *c, unsigned n) { return c->sr[SR_DBGBVR0_EL1 + n]; }
static uint64_t wcr(const CPU *c, unsigned n) { return c->sr[SR_DBGWCR0_EL1 + n]; }
static uint64_t wvr(const CPU *c, unsigned n) { return c->sr[SR_DBGWVR0_EL1 + n]; }
static unsigned field(uint64_t v, unsigned hi, unsigned lo) { return (unsigned)(v >> lo) & ((2u << (hi - lo)) - 1); }

/* SecurityStateAtEL(): EL3 is Secure; below it SCR_EL3.NS decides. */
static bool secure_at(const CPU *c, unsigned el) { return el == 3 || !(c->sr[SR_SCR_EL3] & SCR_NS); }

/* IsInHost(): EL2, or EL0 with TGE, in the EL2&0 regime (HCR_EL2.E2H). */
static bool in_host(const CPU *c)
{
    uint64_t hcr = c->sr[SR_HCR_EL2];
    return (hcr & HCR_E2H) && el2_enabled(c) && (c->ps.el == 2 || (c->ps.el == 0 && (hcr & HCR_TGE)));
}

/* DoubleLockStatus(), and the OS lock: either one disables every debug exception. */
static bool double_lock_status(const CPU *c)
{
    return (c->sr[SR_OSDLR_EL1] & OSDLR_DLK) && !(c->sr[SR_DBGPRCR_EL1] & DBGPRCR_CORENPDRQ);
}
static bool os_locked(const CPU *c) { return (c->sr[SR_OSLSR_EL1] & OSLSR_OSLK) || double_lock_status(c); }

/* AArch64.GenerateDebugExceptionsFrom(): debug exceptions are taken to the debug target, EL2
 * when MDCR_EL2.TDE or HCR_EL2.TGE route them there from Non-secure state, else EL1. They are
 * enabled from a lower EL than the target, from the target itself only with MDSCR_EL1.KDE set
 * and PSTATE.D clear, never from a higher EL (so never from EL3), and not in Secure state when
 * MDCR_EL3.SDD is set. */
static bool generate_debug_exceptions_from(const CPU *c, unsigned from_el, bool secure, bool mask)
{
    if (os_locked(c))
        return false;
    bool route_to_el2 = !secure && ((c->sr[SR_HCR_EL2] & HCR_TGE) || (c->sr[SR_MDCR_EL2] & MDCR_TDE));
    unsigned target = route_to_el2 ? 2 : 1;
    bool enabled = !secure || !(c->sr[SR_MDCR_EL3] & MDCR3_SDD);
    if (from_el == target)
        return enabled && (c->sr[SR_MDSCR_EL1] & MDSCR_KDE) && !mask;
    return enabled && target > from_el;
}

/* AArch64.GenerateDebugExceptions() */
static bool generate_debug_exceptions(const CPU *c)
{
    return generate_debug_exceptions_from(c, c->ps.el, secure_at(c, c->ps.el), c->ps.daif & PSTATE_D);
}

unsigned debug_exception_target(const CPU *c)
{
    unsigned el = c->ps.el;
    if (el >= 2)
        return el;
    bool route_to_el2 = el2_enabled(c) && ((c->sr[SR_HCR_EL2] & HCR_TGE) || (c->sr[SR_MDCR_EL2] & MDCR_TDE));
    return route_to_el2 ? 2 : 1;
}

/* A debug exception of class `ec_lower` (taken from a lower EL; the same-EL class is the next
 * one) at the debug exception target: AArch64.BreakpointException, AArch64.WatchpointException,
 * AArch64.SoftwareStepException. */
static int debug_exception(CPU *c, unsigned ec_lower, uint32_t iss, uint64_t elr)
{
    unsigned target = debug_exception_target(c);
    return raise_sync(c, target, target > c->ps.el ? ec_lower : ec_lower + 1, iss, elr);
}

#define FSC_DEBUG 0x22 /* IFSC/DFSC "Debug exception" */

/* CheckValidStateMatch(): the {HMC, SSC, PxC} combinations reserved in this PE (EL2 and EL3,
 * no Secure EL2, no AArch32, no RME). A reserved combination behaves as disabled, one of the
 * two behaviours the Arm ARM allows. */
static bool state_match_reserved(unsigned hmc, unsigned ssc, unsigned pxc)
{
    unsigned v = hmc << 4 | ssc << 2 | pxc;
    /* Not allocated in any architecture version: 0 11 10, 1 00 x0, 1 01 10, 1 1x 10. */
    if (v == 0x0E || (v & 0x1D) == 0x10 || v == 0x16 || (v & 0x1B) == 0x1A)
        return true;
    /* PxC = 00 with HMC = 0 matches AArch32 modes only. */
    if (hmc == 0 && pxc == 0 && ssc != 3)
        return true;
    /* Secure EL2 is not implemented: 0 11 00, 1 01 00, x 11 x1. */
    return v == 0x0C || v == 0x14 || (v & 0x0D) == 0x0D;
}

static bool bp_value_match(const CPU *c, unsigned n, uint64_t va, bool linked_to);

/* AArch64.StateMatch(): the Exception level (`el`: the current one, or EL0 for an unprivileged
 * access) and Security state conditions of DBGBCR<n>.{HMC, SSC, PMC} or DBGWCR<n>.{HMC, SSC,
 * PAC}, and for a linked breakpoint or watchpoint the context breakpoint it links to (LBN). */
static bool state_match(const CPU *c, uint64_t ctl, bool linked, unsigned el)
{
    unsigned hmc = field(ctl, 13, 13), ssc = field(ctl, 15, 14), pxc = field(ctl, 2, 1);
    if (state_match_reserved(hmc, ssc, pxc))
        return false;
    bool el3_match = hmc && !(ssc & 1);
    bool el2_match = (hmc && !(ssc == 2 && pxc == 0)) || ssc == 3;
    bool el1_match = pxc & 1, el0_match = pxc & 2;
    bool priv_match = el == 3 ? el3_match : el == 2 ? el2_match : el == 1 ? el1_match : el0_match;
    bool secure = secure_at(c, c->ps.el);
    bool ss_match = ssc == 0 || (ssc == 1 && !secure) || (ssc == 2 && secure) || (ssc == 3 && (hmc || secure));
    if (!priv_match || !ss_match)
        return false;
    if (!linked)
        return true;
    /* LBN must name a context-aware breakpoint; linking to another one is CONSTRAINED
     * UNPREDICTABLE, and behaves as disabled here. */
    unsigned lbn = field(ctl, 19, 16);
    if (lbn < NUM_BRPS - NUM_CTX_BRPS || lbn >= NUM_BRPS)
        return false;
    return bp_value_match(c, lbn, 0, true);
}

/* AArch64.BreakpointValueMatch(): the comparison of breakpoint n. Address breakpoints compare
 * VA bits [48:2] with DBGBVR<n> (DBGBCR<n>.BAS is RES1 without AArch32). Context breakpoints
 * (context-aware ones only) compare CONTEXTIDR_EL1, CONTEXTIDR_EL2 and the VMID. `linked_to`:
 * called by StateMatch for the breakpoint a linked breakpoint or watchpoint names. */
static bool bp_value_match(const CPU *c, unsigned n, uint64_t va, bool linked_to)
{
    uint64_t ctl = bcr(c, n), value = bvr(c, n);
    if (!(ctl & 1))
        return false;
    unsigned bt = field(ctl, 23, 20), el = c->ps.el;
    bool match_addr = (bt & 0xA) == 0;                             /* 0x0x */
    /* Reserved types (AArch64.ReservedBreakpointType) behave as disabled: address mismatch
     * (010x) needs AArch32 or FEAT_BWE, and context types need a context-aware breakpoint. */
    if ((bt & 0xE) == 0x4 || (!match_addr && n < NUM_BRPS - NUM_CTX_BRPS))
        return false;
    bool match_vmid = (bt & 0xC) == 0x8;                           /* 10xx */
    bool match_cid = (bt & 0xE) == 0x2;                            /* 001x */
    bool match_cid1 = (bt & 0xE) == 0xA || (bt & 0x6) == 0x6;      /* 101x, x11x */
    bool match_cid2 = (bt & 0xC) == 0xC;                           /* 11xx */
    bool linked = bt & 1;
    /* A linked breakpoint or watchpoint links to a linked context type; an unlinked search
     * ignores linked context types. */
    if (linked_to && (!linked || match_addr))
        return false;
    if (!linked_to && linked && !match_addr)
        return false;

    bool bvr_match = false, bxvr_match = false;
    uint32_t cid1 = (uint32_t)c->sr[SR_CONTEXTIDR_EL1], cid2 = (uint32_t)c->sr[SR_CONTEXTIDR_EL2];
    if (match_addr)
        bvr_match = ((va ^ value) & DEBUG_VA_MASK(2)) == 0;
    else if (match_cid)
        bvr_match = in_host(c) ? cid2 == (uint32_t)value : el <= 1 && cid1 == (uint32_t)value;
    else if (match_cid1)
        bvr_match = el <= 1 && !in_host(c) && cid1 == (uint32_t)value;
    if (match_vmid) {
        uint64_t vttbr = c->sr[SR_VTTBR_EL2];
        bool vmid16 = c->sr[SR_VTCR_EL2] & VTCR_VS;
        unsigned vmid = vmid16 ? field(vttbr, 63, 48) : field(vttbr, 55, 48);
        unsigned bvr_vmid = vmid16 ? field(value, 47, 32) : field(value, 39, 32);
        bxvr_match = el <= 1 && el2_enabled(c) && !in_host(c) && vmid == bvr_vmid;
    } else if (match_cid2) {
        bxvr_match = el != 3 && el2_enabled(c) && (uint32_t)(value >> 32) == cid2;
    }
    bool bvr_valid = match_addr || match_cid || match_cid1, bxvr_valid = match_vmid || match_cid2;
    return (!bxvr_valid || bxvr_match) && (!bvr_valid || bvr_match);
}

/* AArch64.BreakpointMatch(): breakpoint n matches the instruction at `pc`. A linked address
 * breakpoint (BT = 0b0001) also needs its context breakpoint to match. */
static bool breakpoint_match(const CPU *c, unsigned n, uint64_t pc)
{
    uint64_t ctl = bcr(c, n);
    if (!(ctl & 1))
        return false;
    bool linked = field(ctl, 23, 20) == 0x1;
    return state_match(c, ctl, linked, c->ps.el) && bp_value_match(c, n, pc, false);
}

/* AArch64.WatchpointByteMatch(): DBGWCR<n>.BAS selects bytes of the doubleword (or, when
 * DBGWVR<n> bit 2 is set, the word) at DBGWVR<n>; MASK instead watches a 2^MASK-byte block.
 * CONSTRAINED UNPREDICTABLE cases: a reserved MASK (1 or 2) disables the watchpoint; with a
 * MASK, a BAS other than all ones, or non-contiguous BAS bits, select bytes as the BAS bits
 * say; masked DBGWVR bits that are not zero are ignored. */
static bool watchpoint_byte_match(const CPU *c, unsigned n, uint64_t va)
{
    uint64_t ctl = wcr(c, n), value = wvr(c, n);
    unsigned bottom = (value & 4) ? 2 : 3;
    unsigned bas = field(ctl, 12, 5), mask = field(ctl, 28, 24);
    bool byte_select_match = (bas >> (va & ((1u << bottom) - 1))) & 1;
    if (mask == 1 || mask == 2)
        return false;
    unsigned lsb = mask > bottom ? mask : bottom;
    return byte_select_match && ((va ^ value) & DEBUG_VA_MASK(lsb)) == 0;
}

/* AArch64.WatchpointMatch(): watchpoint n matches an access of `size` bytes at `va` made at
 * `el`: enabled, the state conditions, the load/store control (LSC) and any byte. */
static bool watchpoint_match(const CPU *c, unsigned n, uint64_t va, unsigned size, bool write, unsigned el)
{
    uint64_t ctl = wcr(c, n);
    if (!(ctl & 1) || !state_match(c, ctl, field(ctl, 20, 20), el))
        return false;
    if (!((ctl >> (write ? 4 : 3)) & 1))
        return false;
    for (unsigned i = 0; i < size; i++)
        if (watchpoint_byte_match(c, n, va + i))
            return true;
    return false;
}

uint32_t debug_arch_instr(const CPU *c)
{
    uint64_t mdscr = c->sr[SR_MDSCR_EL1];
    /* Software step is followed whatever the locks say: SSAdvance() looks at MDSCR_EL1.SS
     * alone. Breakpoints and watchpoints need MDSCR_EL1.MDE and no OS lock or double lock. */
    uint32_t bits = (mdscr & MDSCR_SS) ? INSTR_ARCH_DEBUG : 0;
    if (!(mdscr & MDSCR_MDE) || os_locked(c))
        return bits;
    for (unsigned n = 0; n < NUM_BRPS; n++)
        if (bcr(c, n) & 1)
            bits |= INSTR_ARCH_DEBUG;
    for (unsigned n = 0; n < NUM_WRPS; n++)
        if (wcr(c, n) & 1)
            bits |= INSTR_WATCH;
    return bits;
}

/* The word at `pc` is a Load-Exclusive (LDXR, LDAXR, LDXP, LDAXP: bits 29:22 = 0b00100001),
 * for ESR.EX of the Software Step exception that follows it. Reads the decoded slot, or the
 * memory the slot will be decoded from; a fetch that faults steps nothing. */
static bool is_load_exclusive_at(CPU *c, uint64_t pc)
{
    const DecodedPage *p = (pc & ~0xFFCULL) == c->fetch_tag ? c->fetch_page : mem_fetch_page(c, pc);
    if (!p)
        return false;
    const Insn *slot = &p->insn[(pc >> 2) & (PAGE_INSNS - 1)];
    uint32_t word = slot->raw;
    if (slot->exec == exec_decode) {
        const uint8_t *host = phys_host_ptr(&c->m->phys, p->pa + (pc & 0xFFF), 4);
        if (!host)
            return false;
        memcpy(&word, host, 4);
    }
    return (word & 0x3FC00000u) == 0x08400000u;
}

/* AArch64.SoftwareStepException(), taken in the active-pending state before the instruction
 * at c->pc, which is the preferred return address. ISV says whether the previous instruction
 * was stepped (SoftwareStep_DidNotStep() is FALSE), and EX whether it was a Load-Exclusive. */
static int software_step_exception(CPU *c, uint8_t prev)
{
    uint32_t iss = FSC_DEBUG;
    if (prev & SS_STEPPED)
        iss |= (1u << 24) | ((prev & SS_STEPPED_EX) ? 1u << 6 : 0);
    return debug_exception(c, EC_SSTEP_LOWER, iss, c->pc);
}

/* AArch64.BreakpointException() for the instruction at c->pc. The breakpoint is checked on an
 * instruction fetch that translated, so a PC alignment fault or an Instruction Abort on the
 * fetch wins (the fetch is tried first; its fault is what gets taken). FAR is UNKNOWN and is
 * left alone. */
static int breakpoint_exception(CPU *c)
{
    if ((c->pc & ~0xFFCULL) != c->fetch_tag && !mem_fetch_page(c, c->pc))
        return EXEC_EXC;
    return debug_exception(c, EC_BKPT_LOWER, FSC_DEBUG, c->pc);
}

static bool breakpoint_hit(const CPU *c)
{
    for (unsigned n = 0; n < NUM_BRPS; n++)
        if (breakpoint_match(c, n, c->pc))
            return true;
    return false;
}

int debug_before_insn(CPU *c)
{
    uint8_t prev = c->ss_flags;
    c->ss_flags = SS_ADVANCE; /* ShouldAdvanceSS: set at the start of every instruction */
    bool enabled = generate_debug_exceptions(c);
    bool step = enabled && (c->sr[SR_MDSCR_EL1] & MDSCR_SS);
    /* CheckSoftwareStep(): active-pending, the previous instruction completed its step (or
     * the state was entered by an exception return or by enabling debug). Software step
     * exceptions come before every other synchronous exception of the instruction. */
    if (step && !c->ps.ss)
        return software_step_exception(c, prev);
    if (enabled && (c->sr[SR_MDSCR_EL1] & MDSCR_MDE) && breakpoint_hit(c))
        return breakpoint_exception(c);
    /* Active-not-pending: this instruction is stepped. */
    if (step)
        c->ss_flags |= SS_STEPPED | (is_load_exclusive_at(c, c->pc) ? SS_STEPPED_EX : 0);
    return EXEC_OK;
}

/* SSAdvance() at the end of an instruction that completed: active-not-pending becomes
 * active-pending, so the Software Step exception is taken before the next instruction. An
 * exception return leaves PSTATE.SS as DebugExceptionReturnSS() set it (SS_ADVANCE cleared). */
void debug_after_insn(CPU *c)
{
    if ((c->ss_flags & SS_ADVANCE) && (c->sr[SR_MDSCR_EL1] & MDSCR_SS))
        c->ps.ss = 0;
    c->ss_flags &= (uint8_t)~SS_ADVANCE;
}

void debug_ss_advance(CPU *c)
{
    if (c->sr[SR_MDSCR_EL1] & MDSCR_SS)
        c->ps.ss = 0;
    c->ss_flags &= (uint8_t)~SS_ADVANCE;
}

unsigned debug_exception_return_ss(CPU *c, uint64_t spsr, bool illegal)
{
    c->ss_flags &= (uint8_t)~SS_ADVANCE;
    if (!(c->sr[SR_MDSCR_EL1] & MDSCR_SS))
        return 0;
    bool enabled_at_source = generate_debug_exceptions(c);
    unsigned dest_el = illegal ? c->ps.el : (unsigned)(spsr >> 2) & 3;
    bool enabled_at_dest = generate_debug_exceptions_from(c, dest_el, secure_at(c, dest_el), spsr & PSTATE_D);
    return !enabled_at_source && enabled_at_dest ? (unsigned)(spsr >> 21) & 1 : 0;
}

/* AArch64.CheckWatchpoint() then AArch64.WatchpointException(): EC 0x34/0x35 with WnR and
 * DFSC = 0x22, FAR = the address accessed (any address of the access may be reported), ELR =
 * the instruction. Accesses are matched with the privilege of `el`: EL0 for an unprivileged
 * LDTR/STTR (AArch64.WatchpointMatch's ispriv). */
static int arch_watch(CPU *c, uint64_t va, unsigned size, bool write, unsigned el)
{
    if (!(c->sr[SR_MDSCR_EL1] & MDSCR_MDE) || !generate_debug_exceptions(c))
        return EXEC_OK;
    for (unsigned n = 0; n < NUM_WRPS; n++)
        if (watchpoint_match(c, n, va, size, write, el)) {
            int r = debug_exception(c, EC_WPT_LOWER, (write ? 1u << 6 : 0) | FSC_DEBUG, insn_pc(c));
            c->exc.far = va;
            c->exc.far_valid = true;
            return r;
        }
    return EXEC_OK;
}

/* ---- The debugger's breakpoints and watchpoints ---- */

static void host_update(Machine *m)
{
    uint32_t g = m->instr_global & ~(uint32_t)(INSTR_HOST | INSTR_WATCH);
    if (m->hostdbg.nbp)
        g |= INSTR_HOST;
    if (m->hostdbg.nwp)
        g |= INSTR_WATCH;
    machine_instr_update(m, g);
}

bool host_bp_at(const Machine *m, uint64_t pc)
{
    for (unsigned i = 0; i < m->hostdbg.nbp; i++)
        if (m->hostdbg.bp[i] == pc)
            return true;
    return false;
}

bool host_bp_add(Machine *m, uint64_t addr)
{
    HostDebug *h = &m->hostdbg;
    if (host_bp_at(m, addr))
        return true;
    if (h->nbp == HOST_MAX_BP)
        return false;
    h->bp[h->nbp++] = addr;
    host_update(m);
    return true;
}

bool host_bp_remove(Machine *m, uint64_t addr)
{
    HostDebug *h = &m->hostdbg;
    for (unsigned i = 0; i < h->nbp; i++)
        if (h->bp[i] == addr) {
            h->bp[i] = h->bp[--h->nbp];
            host_update(m);
            return true;
        }
    return false;
}

bool host_wp_add(Machine *m, uint64_t addr, uint64_t len, unsigned kind)
{
    HostDebug *h = &m->hostdbg;
    if (h->nwp == HOST_MAX_WP || len == 0 || kind < HOST_WP_WRITE || kind > HOST_WP_ACCESS)
        return false;
    h->wp[h->nwp++] = (HostWatch){.addr = addr, .len = len, .kind = (uint8_t)kind};
    host_update(m);
    return true;
}

bool host_wp_remove(Machine *m, uint64_t addr, uint64_t len, unsigned kind)
{
    HostDebug *h = &m->hostdbg;
    for (unsigned i = 0; i < h->nwp; i++)
        if (h->wp[i].addr == addr && h->wp[i].len == len && h->wp[i].kind == kind) {
            h->wp[i] = h->wp[--h->nwp];
            host_update(m);
            return true;
        }
    return false;
}

/* A gdb watchpoint hit: the core halts before the access. */
static int host_watch(CPU *c, uint64_t va, unsigned size, bool write)
{
    const HostDebug *h = &c->m->hostdbg;
    for (unsigned i = 0; i < h->nwp; i++) {
        const HostWatch *w = &h->wp[i];
        bool kind_ok = w->kind == HOST_WP_ACCESS || (w->kind == HOST_WP_WRITE) == write;
        if (kind_ok && va < w->addr + w->len && w->addr < va + size) {
            c->dbg_watch_addr = va > w->addr ? va : w->addr;
            c->dbg_watch_kind = w->kind;
            c->exc = (ExcRecord){.type = EXC_DEBUG_HALT};
            return EXEC_EXC;
        }
    }
    return EXEC_OK;
}

/* Architectural watchpoints first, then gdb's. */
int debug_check_watch(CPU *c, uint64_t va, unsigned size, bool write, unsigned el)
{
    if (arch_watch(c, va, size, write, el))
        return EXEC_EXC;
    return host_watch(c, va, size, write);
}
