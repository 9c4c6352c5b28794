/* SPDX-License-Identifier: MIT */
/* Branches, exception generation, hints, barriers, PSTATE access, MRS/MSR and the SYS space
 * (DC, IC, AT, TLBI): the Arm ARM's "Branches, exception generating and system instructions". */
#include <string.h>

#include "cpu/cpu.h"
#include "cpu/debug.h"
#include "cpu/decode.h"
#include "cpu/exception.h"
#include "cpu/irq.h"
#include "cpu/regbits.h"
#include "cpu/sysreg.h"
#include "mmu/maint.h"
#include "mmu/mem.h"
#include "sim/machine.h"
#include "sim/psci.h"
#include "sim/semihost.h"



/* ---- Unconditional and conditional branches (immediate) ---- */
int exec_B(CPU *c, const Insn *in) { c->pc += in->imm - 4; return EXEC_JUMP; }
int exec_BL(CPU *c, const Insn *in) { set_X(c, 30, c->pc); c->pc += in->imm - 4; return EXEC_JUMP; }
int exec_B_cond(CPU *c, const Insn *in)
{
    if (cond_holds(c, in->raw & 15))
    {
        c->pc += in->imm - 4;
        return EXEC_JUMP;
    }
    return EXEC_OK;
}
int exec_CBZ(CPU *c, const Insn *in)
{
    if (R(c, in->rd, bit(in->raw, 31)) == 0)
    {
        c->pc += in->imm - 4;
        return EXEC_JUMP;
    }
    return EXEC_OK;
}
int exec_CBNZ(CPU *c, const Insn *in)
{
    if (R(c, in->rd, bit(in->raw, 31)) != 0)
    {
        c->pc += in->imm - 4;
        return EXEC_JUMP;
    }
    return EXEC_OK;
}
static unsigned tb_bit(const Insn *in) { return (bit(in->raw, 31) << 5) | bits(in->raw, 23, 19); }
int exec_TBZ(CPU *c, const Insn *in)
{
    if (!((X(c, in->rd) >> tb_bit(in)) & 1))
    {
        c->pc += in->imm - 4;
        return EXEC_JUMP;
    }
    return EXEC_OK;
}
int exec_TBNZ(CPU *c, const Insn *in)
{
    if ((X(c, in->rd) >> tb_bit(in)) & 1)
    {
        c->pc += in->imm - 4;
        return EXEC_JUMP;
    }
    return EXEC_OK;
}

/* ---- Unconditional branch (register) ---- */
int exec_BR(CPU *c, const Insn *in) { c->pc = X(c, in->rn); return EXEC_JUMP; }
int exec_BLR(CPU *c, const Insn *in)
{
    uint64_t target = X(c, in->rn);
    set_X(c, 30, c->pc);
    c->pc = target;
    return EXEC_JUMP;
}
int exec_RET(CPU *c, const Insn *in) { c->pc = X(c, in->rn); return EXEC_JUMP; }
int exec_ERET(CPU *c, const Insn *in)
{
    (void)in;
    if (c->ps.el == 0)
        return undefined(c);
    exception_return(c);
    return EXEC_JUMP;
}

/* ---- Exception generation ---- */
static uint32_t imm16(const Insn *in) { return bits(in->raw, 20, 5); }

/* SVC, HVC and SMC that are executed (not UNDEFINED, not trapped) count as stepped: the
 * software step state machine advances before their exception (AArch64.CallSupervisor,
 * AArch64.CallHypervisor, AArch64.CallSecureMonitor call SSAdvance()), so the SPSR holds SS = 0. */
int exec_SVC(CPU *c, const Insn *in)
{
    debug_ss_advance(c);
    return raise_sync(c, sync_target_el(c), EC_SVC64, imm16(in), c->pc);
}

/* HVC is UNDEFINED at EL0, when SCR_EL3.HCE is 0, and in Secure EL1 (no Secure EL2). */
int exec_HVC(CPU *c, const Insn *in)
{
    unsigned el = c->ps.el;
    if (el == 0 || !(c->sr[SR_SCR_EL3] & SCR_HCE) || (el == 1 && !el2_enabled(c)))
        return undefined(c);
    debug_ss_advance(c);
    return raise_sync(c, el == 3 ? 3 : 2, EC_HVC64, imm16(in), c->pc);
}

/* SMC: UNDEFINED at EL0; trapped to EL2 by HCR_EL2.TSC from EL1 (returning to the SMC itself);
 * UNDEFINED when SCR_EL3.SMD is set; otherwise taken to EL3 (AArch64.CheckForSMCUndefOrTrap).
 * With no EL3 firmware (a Linux Image boot) tetrarch plays the firmware: the call that would
 * reach EL3 is answered by psci_call() (sim/psci.c). */
int exec_SMC(CPU *c, const Insn *in)
{
    unsigned el = c->ps.el;
    if (el == 0)
        return undefined(c);
    if (el == 1 && el2_enabled(c) && (c->sr[SR_HCR_EL2] & HCR_TSC))
        return raise_sync(c, 2, EC_SMC64, imm16(in), insn_pc(c));
    if (unlikely(c->m->psci_emulated))
        return psci_call(c);
    if (c->sr[SR_SCR_EL3] & SCR_SMD)
        return undefined(c);
    debug_ss_advance(c);
    return raise_sync(c, 3, EC_SMC64, imm16(in), c->pc);
}

/* BRK (AArch64.SoftwareBreakpoint): always generated, whatever the debug enables say, and
 * routed like the other debug exceptions: to EL2 from EL0/EL1 when EL2 is enabled and
 * HCR_EL2.TGE or MDCR_EL2.TDE is set, else to EL1 from EL0, else to the current EL. ISS =
 * the immediate, ELR = the BRK itself. */
int exec_BRK(CPU *c, const Insn *in)
{
    return raise_sync(c, debug_exception_target(c), EC_BRK64, imm16(in), insn_pc(c));
}

/* HLT #0xF000 is the A64 semihosting call (above EL0, as QEMU). Halting debug is not
 * implemented, so any other HLT is UNDEFINED. */
int exec_HLT(CPU *c, const Insn *in)
{
    if (imm16(in) == 0xF000 && c->ps.el > 0)
        return semihost_call(c);
    return undefined(c);
}

/* ---- Hints ---- */
int exec_NOP(CPU *c, const Insn *in) { (void)c; (void)in; return EXEC_OK; }
int exec_YIELD(CPU *c, const Insn *in) { (void)c; (void)in; return EXEC_OK; }
/* Unallocated hints, and hints of features not implemented (PAuth, BTI, ESB...), are NOPs. */
int exec_HINT(CPU *c, const Insn *in) { (void)c; (void)in; return EXEC_OK; }

/* WFI/WFE traps (AArch64.CheckForWFxTrap): SCTLR_EL1.nTWx at EL0, HCR_EL2.TWx below EL2,
 * SCR_EL3.TWx below EL3. A trapped WFx returns to itself; ISS has CV=1, COND=0xE and TI. */
static int check_wfx_trap(CPU *c, bool wfe)
{
    unsigned el = c->ps.el;
    uint32_t iss = (1u << 24) | (0xEu << 20) | (wfe ? 1 : 0);
    if (el == 0 && !(el0_sctlr(c) & (wfe ? 1u << 18 : 1u << 16)))
        return raise_sync(c, sync_target_el(c), EC_WFX, iss, insn_pc(c));
    if (el <= 1 && el2_enabled(c) && !el0_in_host(c) && (c->sr[SR_HCR_EL2] & (wfe ? HCR_TWE : HCR_TWI)))
        return raise_sync(c, 2, EC_WFX, iss, insn_pc(c));
    if (el <= 2 && (c->sr[SR_SCR_EL3] & (wfe ? SCR_TWE : SCR_TWI)))
        return raise_sync(c, 3, EC_WFX, iss, insn_pc(c));
    return EXEC_OK;
}

int exec_WFI(CPU *c, const Insn *in)
{
    (void)in;
    /* With an interrupt pending (even one PSTATE masks) WFI would not enter a low-power state,
     * so it completes at once and is not trapped (HCR_EL2.TWI and the other controls trap only
     * a WFI that would wait), as WFE with its event register set. */
    if (cpu_interrupt_pending(c))
        return EXEC_OK;
    if (check_wfx_trap(c, false))
        return EXEC_EXC;
    c->wait_state = WAIT_WFI;
    cpu_request_check(c);
    return EXEC_OK;
}

/* WFE consumes a set event register without waiting (and without trapping). */
int exec_WFE(CPU *c, const Insn *in)
{
    (void)in;
    if (c->event_reg) {
        c->event_reg = false;
        return EXEC_OK;
    }
    if (check_wfx_trap(c, true))
        return EXEC_EXC;
    c->wait_state = WAIT_WFE;
    cpu_request_check(c);
    return EXEC_OK;
}

int exec_SEV(CPU *c, const Insn *in)
{
    (void)in;
    for (int i = 0; i < c->m->ncpu; i++) {
        c->m->cpu[i]->event_reg = true;
        if (c->m->cpu[i]->wait_state == WAIT_WFE)
            c->m->cpu[i]->wait_state = WAIT_NONE;
    }
    return EXEC_OK;
}
int exec_SEVL(CPU *c, const Insn *in) { (void)in; c->event_reg = true; return EXEC_OK; }

/* ---- Barriers: the interpreter completes every access in order, so they only cost time. ---- */
int exec_CLREX(CPU *c, const Insn *in) { (void)in; c->excl_valid = false; return EXEC_OK; }
int exec_DSB(CPU *c, const Insn *in) { (void)c; (void)in; return EXEC_OK; }
int exec_DMB(CPU *c, const Insn *in) { (void)c; (void)in; return EXEC_OK; }
int exec_ISB(CPU *c, const Insn *in) { (void)c; (void)in; return EXEC_OK; }
int exec_SB(CPU *c, const Insn *in) { (void)c; (void)in; return EXEC_OK; }

/* ---- MSR (immediate): PSTATE fields SPSel, DAIFSet, DAIFClr, PAN, UAO ---- */
int exec_MSR_imm(CPU *c, const Insn *in)
{
    unsigned op1 = bits(in->raw, 18, 16), op2 = bits(in->raw, 7, 5), crm = bits(in->raw, 11, 8);
    unsigned field = (op1 << 3) | op2;
    switch (field) {
    case 005: /* SPSel */
        if (c->ps.el == 0)
            return undefined(c);
        cpu_set_el_sp(c, c->ps.el, crm & 1);
        return EXEC_OK;
    case 036: /* DAIFSet */
    case 037: /* DAIFClr */
        if (c->ps.el == 0 && !(el0_sctlr(c) & (1u << 9)))
            return raise_sysreg_trap(c, sync_target_el(c), in->raw);
        if (field == 036)
            c->ps.daif |= crm << 6;
        else
            c->ps.daif &= ~(crm << 6);
        cpu_request_check(c);
        return EXEC_OK;
    case 004: /* PAN */
        if (c->ps.el == 0)
            return undefined(c);
        if (c->ps.pan != (crm & 1))
            mem_pan_changed(c);
        c->ps.pan = crm & 1;
        return EXEC_OK;
    case 003: /* UAO */
        if (c->ps.el == 0)
            return undefined(c);
        c->ps.uao = crm & 1;
        return EXEC_OK;
    default:
        return undefined(c);
    }
}

/* ---- System register moves ---- */
int exec_MRS(CPU *c, const Insn *in)
{
    uint64_t v;
    if (sysreg_access(c, in->raw, true, &v))
        return EXEC_EXC;
    set_X(c, in->rd, v);
    return EXEC_OK;
}

int exec_MSR_reg(CPU *c, const Insn *in)
{
    uint64_t v = X(c, in->rd);
    return sysreg_access(c, in->raw, false, &v);
}

/* ---- SYS: cache maintenance, address translation and TLB maintenance ---- */
enum SysOpKind { SYS_IC_ALL, SYS_IC_VA, SYS_DC_POC, SYS_DC_IVAC, SYS_DC_POU, SYS_DC_SW, SYS_DC_ZVA,
                 SYS_AT, SYS_TLBI };

typedef struct {
    uint16_t key;       /* op1:CRn:CRm:op2 */
    uint8_t kind;
    uint8_t min_el;
    const char *name;
} SysOp;

#define SYSOP(op1, crn, crm, op2, kind, el, name) {(op1 << 11) | (crn << 7) | (crm << 3) | op2, kind, el, name}
static const SysOp sys_ops[] = {
    SYSOP(0, 7, 1, 0, SYS_IC_ALL, 1, "IC IALLUIS"),
    SYSOP(0, 7, 5, 0, SYS_IC_ALL, 1, "IC IALLU"),
    SYSOP(3, 7, 5, 1, SYS_IC_VA, 0, "IC IVAU"),
    SYSOP(0, 7, 6, 1, SYS_DC_IVAC, 1, "DC IVAC"),
    SYSOP(0, 7, 6, 2, SYS_DC_SW, 1, "DC ISW"),
    SYSOP(0, 7, 10, 2, SYS_DC_SW, 1, "DC CSW"),
    SYSOP(0, 7, 14, 2, SYS_DC_SW, 1, "DC CISW"),
    SYSOP(3, 7, 4, 1, SYS_DC_ZVA, 0, "DC ZVA"),
    SYSOP(3, 7, 10, 1, SYS_DC_POC, 0, "DC CVAC"),
    SYSOP(3, 7, 11, 1, SYS_DC_POU, 0, "DC CVAU"),
    SYSOP(3, 7, 14, 1, SYS_DC_POC, 0, "DC CIVAC"),
    SYSOP(0, 7, 8, 0, SYS_AT, 1, "AT S1E1R"),
    SYSOP(0, 7, 8, 1, SYS_AT, 1, "AT S1E1W"),
    SYSOP(0, 7, 8, 2, SYS_AT, 1, "AT S1E0R"),
    SYSOP(0, 7, 8, 3, SYS_AT, 1, "AT S1E0W"),
    SYSOP(0, 7, 9, 0, SYS_AT, 1, "AT S1E1RP"),
    SYSOP(0, 7, 9, 1, SYS_AT, 1, "AT S1E1WP"),
    SYSOP(4, 7, 8, 0, SYS_AT, 2, "AT S1E2R"),
    SYSOP(4, 7, 8, 1, SYS_AT, 2, "AT S1E2W"),
    SYSOP(4, 7, 8, 4, SYS_AT, 2, "AT S12E1R"),
    SYSOP(4, 7, 8, 5, SYS_AT, 2, "AT S12E1W"),
    SYSOP(4, 7, 8, 6, SYS_AT, 2, "AT S12E0R"),
    SYSOP(4, 7, 8, 7, SYS_AT, 2, "AT S12E0W"),
    SYSOP(6, 7, 8, 0, SYS_AT, 3, "AT S1E3R"),
    SYSOP(6, 7, 8, 1, SYS_AT, 3, "AT S1E3W"),
    SYSOP(0, 8, 3, 0, SYS_TLBI, 1, "TLBI VMALLE1IS"),
    SYSOP(0, 8, 3, 1, SYS_TLBI, 1, "TLBI VAE1IS"),
    SYSOP(0, 8, 3, 2, SYS_TLBI, 1, "TLBI ASIDE1IS"),
    SYSOP(0, 8, 3, 3, SYS_TLBI, 1, "TLBI VAAE1IS"),
    SYSOP(0, 8, 3, 5, SYS_TLBI, 1, "TLBI VALE1IS"),
    SYSOP(0, 8, 3, 7, SYS_TLBI, 1, "TLBI VAALE1IS"),
    SYSOP(0, 8, 7, 0, SYS_TLBI, 1, "TLBI VMALLE1"),
    SYSOP(0, 8, 7, 1, SYS_TLBI, 1, "TLBI VAE1"),
    SYSOP(0, 8, 7, 2, SYS_TLBI, 1, "TLBI ASIDE1"),
    SYSOP(0, 8, 7, 3, SYS_TLBI, 1, "TLBI VAAE1"),
    SYSOP(0, 8, 7, 5, SYS_TLBI, 1, "TLBI VALE1"),
    SYSOP(0, 8, 7, 7, SYS_TLBI, 1, "TLBI VAALE1"),
    SYSOP(4, 8, 0, 1, SYS_TLBI, 2, "TLBI IPAS2E1IS"),
    SYSOP(4, 8, 0, 5, SYS_TLBI, 2, "TLBI IPAS2LE1IS"),
    SYSOP(4, 8, 3, 0, SYS_TLBI, 2, "TLBI ALLE2IS"),
    SYSOP(4, 8, 3, 1, SYS_TLBI, 2, "TLBI VAE2IS"),
    SYSOP(4, 8, 3, 4, SYS_TLBI, 2, "TLBI ALLE1IS"),
    SYSOP(4, 8, 3, 5, SYS_TLBI, 2, "TLBI VALE2IS"),
    SYSOP(4, 8, 3, 6, SYS_TLBI, 2, "TLBI VMALLS12E1IS"),
    SYSOP(4, 8, 4, 1, SYS_TLBI, 2, "TLBI IPAS2E1"),
    SYSOP(4, 8, 4, 5, SYS_TLBI, 2, "TLBI IPAS2LE1"),
    SYSOP(4, 8, 7, 0, SYS_TLBI, 2, "TLBI ALLE2"),
    SYSOP(4, 8, 7, 1, SYS_TLBI, 2, "TLBI VAE2"),
    SYSOP(4, 8, 7, 4, SYS_TLBI, 2, "TLBI ALLE1"),
    SYSOP(4, 8, 7, 5, SYS_TLBI, 2, "TLBI VALE2"),
    SYSOP(4, 8, 7, 6, SYS_TLBI, 2, "TLBI VMALLS12E1"),
    SYSOP(6, 8, 3, 0, SYS_TLBI, 3, "TLBI ALLE3IS"),
    SYSOP(6, 8, 3, 1, SYS_TLBI, 3, "TLBI VAE3IS"),
    SYSOP(6, 8, 3, 5, SYS_TLBI, 3, "TLBI VALE3IS"),
    SYSOP(6, 8, 7, 0, SYS_TLBI, 3, "TLBI ALLE3"),
    SYSOP(6, 8, 7, 1, SYS_TLBI, 3, "TLBI VAE3"),
    SYSOP(6, 8, 7, 5, SYS_TLBI, 3, "TLBI VALE3"),
};
#undef SYSOP

static const SysOp *find_sys_op(uint32_t raw)
{
    uint16_t key = (uint16_t)bits(raw, 18, 5);
    for (unsigned i = 0; i < sizeof sys_ops / sizeof sys_ops[0]; i++)
        if (sys_ops[i].key == key)
            return &sys_ops[i];
    return NULL;
}

/* Traps of the SYS space, in priority order: EL0 enables in SCTLR_EL1 (UCI, DZE), then
 * HCR_EL2 (TPCP, TPU, TSW, TTLB, TDZ). Returns EXEC_OK when the operation may run. */
static int check_sys_trap(CPU *c, const SysOp *op, uint32_t raw)
{
    unsigned el = c->ps.el;
    uint64_t sctlr1 = el0_sctlr(c), hcr = c->sr[SR_HCR_EL2];
    bool el2 = el < 2 && el2_enabled(c) && !el0_in_host(c);
    if (el < op->min_el)
        return undefined(c);
    if (el == 0) {
        bool enabled = op->kind == SYS_DC_ZVA ? (sctlr1 >> 14) & 1 : (sctlr1 >> 26) & 1; /* DZE / UCI */
        if (!enabled)
            return raise_sysreg_trap(c, sync_target_el(c), raw);
    }
    if (!el2)
        return EXEC_OK;
    switch (op->kind) {
    case SYS_DC_POC:
    case SYS_DC_IVAC:
        if (hcr & HCR_TPCP)
            return raise_sysreg_trap(c, 2, raw);
        break;
    case SYS_DC_POU:
    case SYS_IC_VA:
    case SYS_IC_ALL:
        if (hcr & HCR_TPU)
            return raise_sysreg_trap(c, 2, raw);
        break;
    case SYS_DC_SW:
        if (hcr & HCR_TSW)
            return raise_sysreg_trap(c, 2, raw);
        break;
    case SYS_TLBI:
        if (hcr & HCR_TTLB)
            return raise_sysreg_trap(c, 2, raw);
        break;
    case SYS_DC_ZVA:
        if (hcr & HCR_TDZ)
            return raise_sysreg_trap(c, 2, raw);
        break;
    }
    return EXEC_OK;
}

/* DC ZVA: zero the DCZID_EL0-sized (64-byte) aligned block holding the address. */
static int dc_zva(CPU *c, uint64_t va)
{
    uint64_t base = va & ~63ULL;
    /* DC ZVA to any type of Device memory is an alignment fault (with stage 1 off, all data
     * memory is Device-nGnRnE). */
    if (mem_is_device(c, va))
        return raise_data_abort(c, va, FSC_ALIGN, true, 0);
    for (unsigned i = 0; i < 64; i += 8)
        if (mem_write(c, base + i, 8, ACC_NORMAL, 0)) /* a store: CM = 0 in the syndrome */
            return EXEC_EXC;
    return EXEC_OK;
}

int exec_SYS(CPU *c, const Insn *in)
{
    const SysOp *op = find_sys_op(in->raw);
    if (!op) {
        machine_warn(c->m, "unimplemented system instruction SYS #%u, C%u, C%u, #%u at pc 0x%llx",
                     bits(in->raw, 18, 16), bits(in->raw, 15, 12), bits(in->raw, 11, 8),
                     bits(in->raw, 7, 5), (unsigned long long)insn_pc(c));
        return undefined(c);
    }
    if (check_sys_trap(c, op, in->raw))
        return EXEC_EXC;
    uint64_t arg = X(c, in->rd);
    switch (op->kind) {
    case SYS_DC_ZVA:
        return dc_zva(c, arg);
    case SYS_DC_POC:
    case SYS_DC_POU:
        /* Caches are not modelled except the instruction side of --strict-icache; the
         * translation can fault (CM = 1, WnR = 1 in the syndrome). */
        return mmu_cache_maint(c, MAINT_DC_CLEAN, arg);
    case SYS_DC_IVAC:
        return mmu_cache_maint(c, MAINT_DC_IVAC, arg);
    case SYS_IC_VA:
        return mmu_cache_maint(c, MAINT_IC_IVAU, arg);
    case SYS_IC_ALL:
        mmu_ic_iallu(c);
        return EXEC_OK;
    case SYS_DC_SW:
        /* A clean by set/way (CSW, CISW; CRm 10 and 14) reaches lines we cannot name by
         * address: the strict instruction-cache model treats it as cleaning every line. */
        if (bits(in->raw, 11, 8) != 6)
            mmu_dc_clean_all(c);
        return EXEC_OK;
    case SYS_AT:
        return mmu_at(c, in->raw, arg);
    case SYS_TLBI:
        mmu_tlbi(c, in->raw, arg);
        return EXEC_OK;
    }
    return undefined(c);
}

/* No SYSL encodings are allocated in the implemented feature set. */
int exec_SYSL(CPU *c, const Insn *in) { (void)in; return undefined(c); }
