/* SPDX-License-Identifier: MIT */
/* The SYS-space maintenance instructions' effects: address translation (AT), TLB maintenance
 * (TLBI) and cache maintenance by VA (DC, IC), including the --strict-icache model in which
 * decoded instructions play the part of a non-unified instruction cache. */
#include "mmu/maint.h"

#include <inttypes.h>

#include "cpu/decode.h"
#include "cpu/exception.h"
#include "cpu/regbits.h"
#include "mmu/mem.h"
#include "mmu/mmu.h"
#include "mmu/phys.h"
#include "mmu/tlb.h"
#include "sim/machine.h"

/* ---- AT ---- */

/* PAR_EL1 for a successful translation (the F = 0 format). */
static uint64_t par_success(const Translation *t, uint64_t pa)
{
    return ((uint64_t)t->attr << 56) | (pa & 0x0000FFFFFFFFF000ULL) | (1u << 11) |
           ((uint64_t)t->ns << 9) | ((uint64_t)(t->sh & 3) << 7);
}

/* PAR_EL1 for a fault (F = 1): FST, PTW (stage-2 fault on a stage-1 walk), S (stage 2). */
static uint64_t par_fault(const TransFault *f)
{
    return 1 | ((uint64_t)fault_status_code(f) << 1) | ((uint64_t)f->s1ptw << 8) |
           ((uint64_t)(f->stage == 2) << 9) | (1u << 11);
}

int mmu_at(CPU *c, uint32_t raw, uint64_t va)
{
    unsigned op1 = bits(raw, 18, 16), crm = bits(raw, 11, 8), op2 = bits(raw, 7, 5), el = c->ps.el;
    bool host = el == 2 && hcr_host_regime(c);
    AccessDesc ad = {.write = op2 & 1, .at = true};
    enum Regime regime;
    unsigned perm_el;
    switch (op1) {
    case 0: /* S1E1R/W, S1E0R/W, and S1E1RP/WP (FEAT_PAN2: PSTATE.PAN applies): stage 1 of
             * EL1&0 (of EL2&0 from the host) */
        regime = host ? REGIME_EL20 : REGIME_EL10;
        perm_el = op2 >= 2 ? 0 : (host ? 2 : 1);
        ad.unpriv = op2 >= 2;
        ad.pan_check = crm == 9 && c->ps.pan;
        ad.s1_only = true;
        break;
    case 4:
        if (op2 < 2) { /* S1E2R/W */
            regime = (c->sr[SR_HCR_EL2] & HCR_E2H) ? REGIME_EL20 : REGIME_EL2;
            perm_el = 2;
        } else {        /* S12E1R/W, S12E0R/W: both stages of EL1&0 */
            regime = REGIME_EL10;
            perm_el = op2 >= 6 ? 0 : 1;
            ad.unpriv = op2 >= 6;
        }
        break;
    default: /* 6: S1E3R/W */
        regime = REGIME_EL3;
        perm_el = 3;
        break;
    }
    Translation t;
    TransFault f;
    if (mmu_walk(c, regime, perm_el, va, &ad, &t, &f)) {
        c->sr[SR_PAR_EL1] = par_success(&t, t.oa + (va & ((1ULL << t.size_log2) - 1)));
        return EXEC_OK;
    }
    /* A stage-2 fault on the stage-1 walk of an AT S1E1* or S1E0* executed at EL1 is taken
     * to EL2 as a Data Abort, not reported in PAR_EL1. */
    if (el == 1 && f.stage == 2 && f.s1ptw) {
        /* CM = 1 and WnR = 1: faults on address translation instructions report both. */
        int r = raise_sync(c, 2, EC_DABT_LOWER, (1u << 8) | (1u << 7) | (1u << 6) | fault_status_code(&f), insn_pc(c));
        c->exc.far = va;
        c->exc.far_valid = true;
        c->exc.hpfar_valid = true;
        c->exc.hpfar = (f.ipa >> 12) << 4;
        return r;
    }
    c->sr[SR_PAR_EL1] = par_fault(&f);
    return EXEC_OK;
}

/* ---- TLBI ---- */

/* Xt[43:0] holds VA[55:12]; bit 55 selects the upper range, so sign-extend from it. */
static uint64_t tlbi_va(uint64_t xt) { return (uint64_t)sext((xt & 0xFFFFFFFFFFFULL) << 12, 56); }
static uint64_t tlbi_ipa(uint64_t xt) { return (xt & 0xFFFFFFFFFFULL) << 12; }

static void tlbi_one(CPU *c, const CPU *issuer, unsigned op1, unsigned crm, unsigned op2, uint64_t xt)
{
    TLB *t = c->tlb;
    /* Contexts come from the issuing core's registers (VMID, security state). */
    bool secure = !el2_enabled(issuer);
    bool host = issuer->ps.el == 2 && hcr_host_regime(issuer);
    if (op1 == 0) {
        /* EL1 operations; from EL2 in the host regime they apply to EL2&0. */
        TLBContext ctx = mem_tlb_context(issuer, host ? REGIME_EL20 : REGIME_EL10);
        ctx.asid = (uint16_t)(xt >> 48);
        switch (op2) {
        case 0: /* VMALLE1 */
            if (host)
                tlb_inv_regime(t, REGIME_EL20, false);
            else if (el2_enabled(issuer))
                tlb_inv_vmid(t, false, ctx.vmid, true);
            else
                tlb_inv_regime(t, REGIME_EL10, secure);
            break;
        case 1: tlb_inv_va(t, &ctx, tlbi_va(xt), false, false); break; /* VAE1 */
        case 2: tlb_inv_asid(t, &ctx); break;                           /* ASIDE1 */
        case 3: tlb_inv_va(t, &ctx, tlbi_va(xt), true, false); break;  /* VAAE1 */
        case 5: tlb_inv_va(t, &ctx, tlbi_va(xt), false, true); break;  /* VALE1 */
        case 7: tlb_inv_va(t, &ctx, tlbi_va(xt), true, true); break;   /* VAALE1 */
        }
    } else if (op1 == 4) {
        uint16_t vmid = mem_tlb_context(issuer, REGIME_EL10).vmid;
        bool e2h = (issuer->sr[SR_HCR_EL2] & HCR_E2H) != 0;
        TLBContext ctx = mem_tlb_context(issuer, e2h ? REGIME_EL20 : REGIME_EL2);
        ctx.asid = (uint16_t)(xt >> 48);
        if (crm == 0 || crm == 4) { /* IPAS2E1, IPAS2LE1 */
            tlb_inv_ipa(t, false, vmid, tlbi_ipa(xt), op2 == 5);
            return;
        }
        switch (op2) {
        case 0: /* ALLE2: both EL2 regimes */
            tlb_inv_regime(t, REGIME_EL2, false);
            tlb_inv_regime(t, REGIME_EL20, false);
            break;
        case 1: tlb_inv_va(t, &ctx, tlbi_va(xt), !e2h, false); break;  /* VAE2 */
        case 4: tlb_inv_regime(t, REGIME_EL10, false); break;          /* ALLE1 */
        case 5: tlb_inv_va(t, &ctx, tlbi_va(xt), !e2h, true); break;   /* VALE2 */
        case 6: tlb_inv_vmid(t, false, vmid, false); break;             /* VMALLS12E1 */
        }
    } else { /* op1 == 6: EL3 */
        TLBContext ctx = mem_tlb_context(issuer, REGIME_EL3);
        if (op2 == 0)
            tlb_inv_regime(t, REGIME_EL3, true);
        else
            tlb_inv_va(t, &ctx, tlbi_va(xt), true, op2 == 5);
    }
}

void mmu_tlbi(CPU *c, uint32_t raw, uint64_t xt)
{
    unsigned op1 = bits(raw, 18, 16), crm = bits(raw, 11, 8), op2 = bits(raw, 7, 5);
    /* Inner Shareable forms (CRm 3, and 0 for IPAS2) reach every core; HCR_EL2.FB forces
     * broadcast of EL1 operations. */
    bool broadcast = crm == 3 || crm == 0 ||
                     (c->ps.el == 1 && el2_enabled(c) && (c->sr[SR_HCR_EL2] & (1ULL << 9)));
    for (int i = 0; i < c->m->ncpu; i++) {
        CPU *target = c->m->cpu[i];
        if (target != c && !broadcast)
            continue;
        tlbi_one(target, c, op1, crm, op2, xt);
        mem_flush_soft_tlb(target);
    }
}

/* ---- cache maintenance by VA and the strict instruction cache ---- */

/* Slot states in DecodedPage.icache (strict mode only). */
enum { IC_STALE = 1, IC_DIRTY = 2 };
#define LINE_BYTES 64

/* A slot whose word was overwritten after it was decoded still runs the old instruction (the
 * instruction cache has not been invalidated): report the first such fetch of each site. */
int exec_stale_fetch(CPU *c, const Insn *in)
{
    DecodedPage *p = c->fetch_page;
    unsigned i = (unsigned)((insn_pc(c) >> 2) & (PAGE_INSNS - 1));
    Insn *slot = (Insn *)in;
    slot->exec = p->saved_exec[i];
    bool first = true;
    for (unsigned k = 0; k < c->m->n_stale_sites; k++)
        if (c->m->stale_sites[k] == insn_pc(c))
            first = false;
    if (first) {
        if (c->m->n_stale_sites < sizeof c->m->stale_sites / sizeof c->m->stale_sites[0])
            c->m->stale_sites[c->m->n_stale_sites++] = insn_pc(c);
        machine_error(c->m, "strict-icache: stale fetch at pc 0x%" PRIx64 " EL%u: running the instruction "
                      "fetched before a data write to it (no DC CVAU + IC IVAU since)", insn_pc(c), c->ps.el);
    }
    return slot->exec(c, slot);
}

void icache_data_written(DecodedPage *p, unsigned first, unsigned count)
{
    for (unsigned i = first; i < first + count && i < PAGE_INSNS; i++) {
        p->icache[i] |= IC_DIRTY;
        if (p->insn[i].exec != exec_decode && !(p->icache[i] & IC_STALE)) {
            p->saved_exec[i] = p->insn[i].exec;
            p->insn[i].exec = exec_stale_fetch;
            p->icache[i] |= IC_STALE;
        }
    }
}

/* Apply `fn` to the slots of the 64-byte line holding `pa`, if that page has decoded code. */
static void for_line(CPU *c, uint64_t pa, void (*fn)(DecodedPage *, unsigned))
{
    DecodedPage **slot = phys_code_slot(&c->m->phys, pa);
    if (!slot || !*slot)
        return;
    unsigned first = (unsigned)((pa & (PAGE_SIZE - 1) & ~(uint64_t)(LINE_BYTES - 1)) >> 2);
    for (unsigned i = first; i < first + LINE_BYTES / 4; i++)
        fn(*slot, i);
}

static void clean_slot(DecodedPage *p, unsigned i) { p->icache[i] &= (uint8_t)~IC_DIRTY; }

/* IC invalidation: a line whose data was cleaned to the PoU refetches (decodes) the new
 * code; a line still dirty in the data cache would refetch the old data, so it stays stale. */
static void invalidate_slot(DecodedPage *p, unsigned i)
{
    if (p->icache[i] & IC_DIRTY)
        return;
    p->icache[i] = 0;
    p->insn[i].exec = exec_decode;
}

int mmu_cache_maint(CPU *c, unsigned kind, uint64_t va)
{
    uint64_t pa;
    /* By-VA maintenance translates the address and can fault (CM = 1 in the syndrome). DC
     * IVAC needs write permission, the others read permission. */
    if (mem_translate(c, va, ACC_DC, kind == MAINT_DC_IVAC, &pa, NULL))
        return EXEC_EXC;
    if (!c->m->opt.strict_icache)
        return EXEC_OK;
    if (kind == MAINT_DC_CLEAN)
        for_line(c, pa, clean_slot);
    else if (kind == MAINT_IC_IVAU)
        for_line(c, pa, invalidate_slot);
    return EXEC_OK;
}

/* Apply `fn` to every slot of every decoded page (strict mode only). */
static void for_all_slots(CPU *c, void (*fn)(DecodedPage *, unsigned))
{
    PhysMem *pm = &c->m->phys;
    for (unsigned k = 0; k < MEM_REGIONS; k++)
        for (uint64_t pg = 0; pg < pm->mem[k].size >> PAGE_SHIFT; pg++) {
            DecodedPage *p = pm->mem[k].code[pg];
            if (p)
                for (unsigned i = 0; i < PAGE_INSNS; i++)
                    if (p->icache[i])
                        fn(p, i);
        }
}

void mmu_ic_iallu(CPU *c)
{
    if (c->m->opt.strict_icache)
        for_all_slots(c, invalidate_slot);
}

void mmu_dc_clean_all(CPU *c)
{
    if (c->m->opt.strict_icache)
        for_all_slots(c, clean_slot);
}
