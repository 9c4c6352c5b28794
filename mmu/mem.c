/* SPDX-License-Identifier: MIT */
/* Slow paths of virtual memory access: the architectural TLB, then the table walk, then
 * permissions, alignment rules and aborts with their syndromes; refilling the soft TLB and the
 * fetch page; and the --check-tlb audit of TLB hits. */
#include "mmu/mem.h"

#include <inttypes.h>

#include "cpu/decode.h"
#include "cpu/exception.h"
#include "cpu/regbits.h"
#include "mmu/mmu.h"
#include "mmu/phys.h"
#include "mmu/tlb.h"
#include "cpu/debug.h"
#include "sim/machine.h"
#include "sim/trace.h"

void mem_flush_soft_tlb(CPU *c)
{
    for (unsigned i = 0; i < MMU_IDX_COUNT; i++)
        for (unsigned j = 0; j < SOFT_TLB_SIZE; j++)
            c->tlb_read[i][j].tag = c->tlb_write[i][j].tag = TLB_INVALID;
    c->fetch_tag = TLB_INVALID;
    cpu_request_check(c); /* cpu_run caches the fetch page in registers */
}

void mem_flush_soft_tlb_writes(CPU *c)
{
    for (unsigned i = 0; i < MMU_IDX_COUNT; i++)
        for (unsigned j = 0; j < SOFT_TLB_SIZE; j++)
            c->tlb_write[i][j].tag = TLB_INVALID;
}

/* PSTATE.PAN changes what EL1 and EL2 (host) data accesses may do to EL0-accessible pages, so
 * their soft-TLB entries, filled under the old value, go. */
void mem_pan_changed(CPU *c)
{
    for (unsigned i = MMU_IDX_EL1; i <= MMU_IDX_EL2; i++)
        for (unsigned j = 0; j < SOFT_TLB_SIZE; j++)
            c->tlb_read[i][j].tag = c->tlb_write[i][j].tag = TLB_INVALID;
}

/* ---- the regime, the EL whose permissions apply, and the TLB context of an access ---- */

typedef struct {
    enum Regime regime;
    unsigned perm_el;    /* 0 for unprivileged accesses */
    AccessDesc ad;
} AccessCtx;

/* LDTR/STTR check EL0 permissions at EL1, and at EL2 in the host regime, unless PSTATE.UAO. */
static AccessCtx access_ctx(const CPU *c, unsigned acc, bool write, bool fetch)
{
    unsigned el = c->ps.el;
    bool unpriv = acc == ACC_UNPRIV && !c->ps.uao && (el == 1 || (el == 2 && hcr_host_regime(c)));
    AccessCtx a = {.regime = mmu_regime(c, el), .perm_el = unpriv ? 0 : el};
    a.ad.write = write;
    a.ad.fetch = fetch;
    a.ad.unpriv = unpriv;
    a.ad.pan_check = !fetch && !unpriv && c->ps.pan && (el == 1 || (el == 2 && hcr_host_regime(c)));
    a.ad.cache_maint = acc == ACC_DC;
    return a;
}

static bool regime_stage1_enabled(const CPU *c, enum Regime r)
{
    static const int sctlr[REGIME_COUNT] = {SR_SCTLR_EL1, SR_SCTLR_EL2, SR_SCTLR_EL2, SR_SCTLR_EL3};
    return c->sr[sctlr[r]] & 1;
}

/* The ASID of a regime: from TTBR1 when TCR.A1, else TTBR0; 8 bits unless TCR.AS. */
static uint16_t regime_asid(const CPU *c, enum Regime r)
{
    int tcr = r == REGIME_EL10 ? SR_TCR_EL1 : SR_TCR_EL2;
    int ttbr0 = r == REGIME_EL10 ? SR_TTBR0_EL1 : SR_TTBR0_EL2, ttbr1 = r == REGIME_EL10 ? SR_TTBR1_EL1 : SR_TTBR1_EL2;
    if (r != REGIME_EL10 && r != REGIME_EL20)
        return 0;
    uint64_t t = c->sr[tcr];
    uint64_t asid = c->sr[(t >> 22) & 1 ? ttbr1 : ttbr0] >> 48;
    return (uint16_t)((t >> 36) & 1 ? asid : asid & 0xFF);
}

/* The VMID tagging EL1&0 entries when EL2 is enabled: 8 bits unless VTCR_EL2.VS. */
static uint16_t current_vmid(const CPU *c)
{
    if (!el2_enabled(c))
        return 0;
    uint64_t vmid = c->sr[SR_VTTBR_EL2] >> 48;
    return (uint16_t)((c->sr[SR_VTCR_EL2] >> 19) & 1 ? vmid : vmid & 0xFF);
}

TLBContext mem_tlb_context(const CPU *c, unsigned regime)
{
    TLBContext t = {.regime = (uint8_t)regime};
    t.secure = regime == REGIME_EL3 || (regime == REGIME_EL10 && !el2_enabled(c));
    t.asid = regime_asid(c, (enum Regime)regime);
    t.vmid = regime == REGIME_EL10 ? current_vmid(c) : 0;
    return t;
}

/* ---- --check-tlb: a TLB hit that no longer matches the tables ---- */

static const char *regime_name(unsigned r)
{
    static const char *const names[REGIME_COUNT] = {"EL1&0", "EL2&0", "EL2", "EL3"};
    return r < REGIME_COUNT ? names[r] : "?";
}

static bool same_translation(const Translation *a, const Translation *b)
{
    return a->oa == b->oa && a->size_log2 == b->size_log2 && a->perm == b->perm &&
           a->s2_perm == b->s2_perm && a->attr == b->attr && a->ns == b->ns && a->global == b->global;
}

/* Report each stale site (PC) once. */
static bool first_report(CPU *c, uint64_t pc)
{
    Machine *m = c->m;
    for (unsigned i = 0; i < m->n_stale_sites; i++)
        if (m->stale_sites[i] == pc)
            return false;
    if (m->n_stale_sites < sizeof m->stale_sites / sizeof m->stale_sites[0])
        m->stale_sites[m->n_stale_sites++] = pc;
    return true;
}

static void check_tlb_hit(CPU *c, const Translation *hit, const AccessCtx *a, uint64_t va)
{
    Translation now;
    TransFault f;
    AccessDesc ad = a->ad;
    ad.at = true; /* a probe: no side effects */
    bool ok = mmu_walk(c, a->regime, a->perm_el, va, &ad, &now, &f);
    if (ok && same_translation(hit, &now))
        return;
    /* The tables now deny this access: stale only if the cached entry still allows it. */
    TransFault cached;
    if (!ok && f.type == FAULT_PERMISSION && !mmu_check_perms(c, hit, a->perm_el, &a->ad, &cached))
        return;
    uint64_t pc = a->ad.fetch ? va : insn_pc(c);
    if (!first_report(c, pc))
        return;
    uint64_t off = va & (((uint64_t)1 << hit->size_log2) - 1);
    if (ok)
        machine_error(c->m, "check-tlb: stale TLB hit at pc 0x%" PRIx64 " EL%u: va 0x%" PRIx64 " regime %s "
                      "(ASID %u, VMID %u): TLB gives pa 0x%" PRIx64 " (perm 0x%x), tables give pa 0x%" PRIx64 " (perm 0x%x)",
                      pc, c->ps.el, va, regime_name(a->regime), hit->asid, hit->vmid, hit->oa + off, hit->perm,
                      (uint64_t)(now.oa + (va & ((1ULL << now.size_log2) - 1))), now.perm);
    else
        machine_error(c->m, "check-tlb: stale TLB hit at pc 0x%" PRIx64 " EL%u: va 0x%" PRIx64 " regime %s "
                      "(ASID %u, VMID %u): TLB gives pa 0x%" PRIx64 ", tables give a stage-%u %s fault at level %d",
                      pc, c->ps.el, va, regime_name(a->regime), hit->asid, hit->vmid, hit->oa + off, f.stage,
                      f.type == FAULT_TRANSLATION ? "translation" : f.type == FAULT_ACCESS_FLAG ? "access flag"
                      : f.type == FAULT_ADDR_SIZE ? "address size" : "external abort", f.level);
}

/* ---- translation of one access ---- */

/* Translate `va` for an access; on success *pa and *t, which points into the TLB or, for a
 * walk whose result is not cached, at the caller's `scratch` (valid until the next
 * translation either way). mmu/ keeps no state of its own between calls.
 * Only translations made with stage 1 enabled are cached: the TLB's entries combine both
 * stages, and with stage 1 off none of them may answer (the flat stage 1 is walked again,
 * through stage 2 when it applies). */
static bool translate(CPU *c, const AccessCtx *a, uint64_t va, uint64_t *pa, const Translation **t, TransFault *f,
                      Translation *scratch)
{
    bool cacheable = regime_stage1_enabled(c, a->regime);
    TLBContext ctx = mem_tlb_context(c, a->regime);
    const Translation *hit = cacheable ? tlb_lookup(c->tlb, &ctx, mmu_tlb_va(c, a->regime, va)) : NULL;
    if (hit) {
        if (c->m->opt.check_tlb)
            check_tlb_hit(c, hit, a, va);
        if (!mmu_check_perms(c, hit, a->perm_el, &a->ad, f)) {
            if (f->stage == 2) /* the cached mapping gives its base: add the offset */
                f->ipa = hit->ipa | (va & ((1ULL << hit->size_log2) - 1));
            return false;
        }
    } else {
        if (!mmu_walk(c, a->regime, a->perm_el, va, &a->ad, scratch, f))
            return false;
        if (cacheable)
            tlb_insert(c->tlb, scratch, ctx.secure);
        hit = scratch;
    }
    *pa = hit->oa + (va & ((1ULL << hit->size_log2) - 1));
    *t = hit;
    return true;
}

static bool attr_is_device(uint8_t attr) { return (attr & 0xF0) == 0; }

/* ISV syndrome (SAS, SSE, SRT, SF, AR) for a stage-2 data abort: valid for loads and stores
 * of a single general-purpose register, excluding exclusives, atomics and writeback forms. */
static uint32_t isv_syndrome(uint32_t insn)
{
    unsigned size = insn >> 30, rt = insn & 31, opc = bits(insn, 23, 22);
    bool ar = false, load, sign = false, sf;
    /* Bit 26 (V) set: a SIMD&FP register, never a valid syndrome (ISS encoding for an
     * exception from a Data Abort: ISV only for general-purpose registers). */
    if (bit(insn, 26))
        return 0;
    if ((insn & 0x3B000000) == 0x39000000 ||                                   /* unsigned offset */
        ((insn & 0x3B200000) == 0x38000000 && (bits(insn, 11, 10) & 1) == 0) ||  /* unscaled, unprivileged */
        ((insn & 0x3B200C00) == 0x38200800)) {                                  /* register offset */
        if (size == 3 && opc >= 2)
            return 0; /* PRFM, or unallocated */
        load = opc != 0;
        sign = opc >= 2;
        sf = sign ? opc == 2 : size == 3;
    } else if ((insn & 0x3B000000) == 0x18000000) {                             /* literal */
        unsigned lopc = insn >> 30;
        if (lopc == 3)
            return 0;
        load = true;
        sign = lopc == 2;
        size = lopc == 0 ? 2 : lopc == 1 ? 3 : 2;
        sf = lopc != 0;
    } else if ((insn & 0x3FA08000) == 0x08808000) {                             /* LDAR / STLR */
        load = bit(insn, 22);
        ar = true;
        sf = size == 3;
    } else if ((insn & 0x3FFFFC00) == 0x38BFC000) {                             /* LDAPR */
        load = true;
        ar = true;
        sf = size == 3;
    } else {
        return 0;
    }
    (void)load;
    return (1u << 24) | (size << 22) | ((uint32_t)sign << 21) | (rt << 16) | ((uint32_t)sf << 15) | ((uint32_t)ar << 14);
}

/* Raise the abort for a failed translation. */
static int raise_translation_fault(CPU *c, const AccessCtx *a, uint64_t va, const TransFault *f)
{
    unsigned el = c->ps.el, target;
    if (f->stage == 2)
        target = 2;
    else if (f->type == FAULT_EXT_ABORT && (c->sr[SR_SCR_EL3] & SCR_EA))
        target = 3;
    else
        target = sync_target_el(c);
    uint32_t iss = fault_status_code(f) | ((uint32_t)f->s1ptw << 7);
    unsigned ec;
    uint64_t elr = a->ad.fetch ? va : insn_pc(c);
    if (a->ad.fetch) {
        ec = target > el ? EC_IABT_LOWER : EC_IABT_CUR;
    } else {
        ec = target > el ? EC_DABT_LOWER : EC_DABT_CUR;
        if (a->ad.cache_maint)
            iss |= (1u << 8) | (1u << 6); /* CM, and WnR = 1 for cache maintenance */
        else if (f->write) /* the instruction's direction, also when S1PTW (as QEMU) */
            iss |= 1u << 6;
        if (f->stage == 2 && !f->s1ptw && !a->ad.cache_maint && c->fetch_page)
            iss |= isv_syndrome(c->fetch_page->insn[(insn_pc(c) >> 2) & (PAGE_INSNS - 1)].raw);
    }
    c->exc = (ExcRecord){.type = EXC_SYNC, .target_el = (uint8_t)target, .ec = (uint8_t)ec, .il = 1,
                         .iss = iss, .far = va, .far_valid = true, .elr = elr,
                         .hpfar_valid = f->stage == 2, .hpfar = (f->ipa >> 12) << 4};
    return EXEC_EXC;
}

/* Alignment faults that do not depend on the memory type come before translation;
 * SCTLR[].A, exclusives, acquire/release and atomics. */
static bool alignment_fault_before(const CPU *c, uint64_t va, unsigned size, unsigned acc)
{
    if (!(va & (size - 1)))
        return false;
    return acc == ACC_EXCL || acc == ACC_ORDERED || acc == ACC_ATOMIC || (sctlr_regime(c) & 2);
}

int mem_translate(CPU *c, uint64_t va, unsigned acc, bool write, uint64_t *pa, uint8_t *attr)
{
    AccessCtx a = access_ctx(c, acc, write, false);
    const Translation *t;
    TransFault f;
    f.write = write;
    Translation scratch;
    if (!translate(c, &a, va, pa, &t, &f, &scratch))
        return raise_translation_fault(c, &a, va, &f);
    if (attr)
        *attr = t->attr;
    return EXEC_OK;
}

static void fill_soft_tlb(CPU *c, SoftTLBEntry *tlb, uint64_t va, uint64_t pa)
{
    uint8_t *host = phys_host_ptr(&c->m->phys, pa & ~0xFFFULL, PAGE_SIZE);
    if (!host || c->m->opt.check_tlb)
        return;
    unsigned i = (va >> 12) & (SOFT_TLB_SIZE - 1);
    SoftTLBEntry *e = &tlb[i];
    e->tag = va & ~0xFFFULL;
    e->host = host;
    /* Watchpoints and the memory trace must see every access: the entry serves only
     * instrumented_access(). */
    if (unlikely(c->instr & INSTR_SLOW_MEM)) {
        e->tag |= SOFT_TLB_INSTR;
        c->tlb_instr_pa[tlb == c->tlb_write[cpu_mmu_idx(c)]][cpu_mmu_idx(c)][i] = pa & ~0xFFFULL;
    }
}

/* The fast path for instrumented data accesses (INSTR_SLOW_MEM): an aligned ordinary access
 * to a page already translated for this kind of access, with the watchpoint check and the
 * trace report the inline path does not make. Returns -1 on a miss. */
static int instrumented_access(CPU *c, uint64_t va, unsigned size, bool write, uint64_t *val)
{
    unsigned idx = cpu_mmu_idx(c), i = (va >> 12) & (SOFT_TLB_SIZE - 1);
    const SoftTLBEntry *e = write ? &c->tlb_write[idx][i] : &c->tlb_read[idx][i];
    if (e->tag != ((va & ~0xFFFULL) | SOFT_TLB_INSTR))
        return -1;
    if ((c->instr & INSTR_WATCH) && debug_check_watch(c, va, size, write, c->ps.el) != EXEC_OK)
        return EXEC_EXC;
    uint8_t *p = e->host + (va & 0xFFF);
    if (write) {
        memcpy(p, val, size); /* little-endian host: the low `size` bytes */
    } else {
        uint64_t v = 0;
        memcpy(&v, p, size);
        *val = v;
    }
    if (c->instr & INSTR_TRACE_MEM)
        trace_mem(c->m->trace, c, va, c->tlb_instr_pa[write][idx][i] | (va & 0xFFF), size, write, *val);
    return EXEC_OK;
}

/* ---- the global exclusive monitor ---- */

#define EXCL_GRANULE 64 /* CTR_EL0.ERG = 4: 16 words */

/* Another core's reservation on the 4 KiB page of `pa`: stores there must take this path. */
static bool page_reserved_by_other(const CPU *c, uint64_t pa)
{
    const Machine *m = c->m;
    for (int i = 0; i < m->ncpu; i++) {
        const CPU *o = m->cpu[i];
        if (o != c && o->excl_valid && (o->excl_pa >> PAGE_SHIFT) == (pa >> PAGE_SHIFT))
            return true;
    }
    return false;
}

/* A load-exclusive reserves the granule of `pa`: other cores' stores to its page must reach
 * monitor_store(), so their fast-path write entries for it go. */
static void monitor_reserve(CPU *c, uint64_t pa)
{
    c->excl_pa = pa & ~(uint64_t)(EXCL_GRANULE - 1);
    Machine *m = c->m;
    const uint8_t *host = phys_host_ptr(&m->phys, pa & ~0xFFFULL, PAGE_SIZE);
    for (int i = 0; i < m->ncpu && host; i++) {
        CPU *o = m->cpu[i];
        if (o == c)
            continue;
        for (unsigned k = 0; k < MMU_IDX_COUNT; k++)
            for (unsigned j = 0; j < SOFT_TLB_SIZE; j++)
                if (o->tlb_write[k][j].host == host)
                    o->tlb_write[k][j].tag = TLB_INVALID;
    }
}

/* A store clears every other core's reservation on the granules it touches; clearing a
 * core's global monitor is a WFE wake-up event for it. */
static void monitor_store(CPU *c, uint64_t pa, unsigned size)
{
    Machine *m = c->m;
    for (int i = 0; i < m->ncpu; i++) {
        CPU *o = m->cpu[i];
        if (o == c || !o->excl_valid)
            continue;
        if (o->excl_pa + EXCL_GRANULE > pa && pa + size > o->excl_pa) {
            o->excl_valid = false;
            o->event_reg = true;
        }
    }
}

/* The checks before an access's memory type is known: the alignment rules that do not
 * depend on it (AlignmentFaultBefore), then the translation and its permissions. */
static int translate_access(CPU *c, uint64_t va, unsigned size, unsigned acc, bool write, AccessCtx *a,
                            const Translation **t, uint64_t *pa, Translation *scratch)
{
    if (alignment_fault_before(c, va, size, acc))
        return raise_data_abort(c, va, FSC_ALIGN, write, 0);
    *a = access_ctx(c, acc, write, false);
    TransFault f;
    f.write = write;
    if (!translate(c, a, va, pa, t, &f, scratch))
        return raise_translation_fault(c, a, va, &f);
    return EXEC_OK;
}

static int access_slow(CPU *c, uint64_t va, unsigned size, unsigned acc, bool write, uint64_t *val)
{
    if (unlikely(c->instr & INSTR_SLOW_MEM) && acc == ACC_NORMAL && !(va & (size - 1))) {
        int r = instrumented_access(c, va, size, write, val);
        if (r >= 0)
            return r;
    }
    AccessCtx a;
    const Translation *t;
    uint64_t pa;
    Translation scratch;
    if (translate_access(c, va, size, acc, write, &a, &t, &pa, &scratch))
        return EXEC_EXC;
    if (va & (size - 1)) {
        /* Device memory takes an alignment fault; Normal memory is accessed byte by byte,
         * as the access may cross into another page. */
        if (attr_is_device(t->attr))
            return raise_data_abort(c, va, FSC_ALIGN, write, 0);
        uint64_t v = write ? *val : 0;
        for (unsigned i = 0; i < size; i++) {
            uint64_t b = (v >> (8 * i)) & 0xFF;
            if (access_slow(c, va + i, 1, acc, write, &b))
                return EXEC_EXC;
            if (!write)
                *val = (i ? *val : 0) | (b << (8 * i));
        }
        return EXEC_OK;
    }
    /* Watchpoints match translated accesses (AArch64.CheckDebug after the translation). */
    if (unlikely(c->instr & INSTR_WATCH) && debug_check_watch(c, va, size, write, a.perm_el) != EXEC_OK)
        return EXEC_EXC;
    PhysMem *pm = &c->m->phys;
    /* The Secure-only RAM is not in the Non-secure physical address space. */
    if (t->ns && phys_secure_only(pm, pa, size))
        return raise_data_abort(c, va, FSC_SYNC_EXT, write, 0);
    if (write) {
        if (phys_write_ns(pm, pa, size, t->ns, *val))
            return raise_data_abort(c, va, FSC_SYNC_EXT, true, 0);
        bool smp = c->m->ncpu > 1;
        if (smp)
            monitor_store(c, pa, size);
        /* Pages holding decoded code, or reserved by another core's load-exclusive, keep
         * taking this path, so writes invalidate the code and clear the reservation. */
        struct DecodedPage **slot = phys_code_slot(pm, pa);
        if (acc != ACC_UNPRIV && phys_in_ram(pm, pa, size) && !(slot && *slot) &&
            !(smp && page_reserved_by_other(c, pa)))
            fill_soft_tlb(c, c->tlb_write[cpu_mmu_idx(c)], va, pa);
    } else {
        if (phys_read_ns(pm, pa, size, t->ns, val))
            return raise_data_abort(c, va, FSC_SYNC_EXT, false, 0);
        if (acc == ACC_EXCL)
            monitor_reserve(c, pa);
        if (acc != ACC_UNPRIV && phys_in_ram(pm, pa, size))
            fill_soft_tlb(c, c->tlb_read[cpu_mmu_idx(c)], va, pa);
    }
    if (unlikely(c->instr & INSTR_TRACE_MEM))
        trace_mem(c->m->trace, c, va, pa, size, write, *val);
    return EXEC_OK;
}

/* The alignment rules of a 16-byte access before its two halves are made: SCTLR[].A (and
 * the always-aligned access types) against all 16 bytes, then, for an access that is not
 * 16-byte aligned, the memory type of its first byte (Device: alignment fault). A failed
 * translation is the fault the first half would take. */
static int access16_alignment(CPU *c, uint64_t va, unsigned acc, bool write)
{
    if (!(va & 15))
        return EXEC_OK;
    AccessCtx a;
    const Translation *t;
    uint64_t pa;
    Translation scratch;
    if (translate_access(c, va, 16, acc, write, &a, &t, &pa, &scratch))
        return EXEC_EXC;
    if (attr_is_device(t->attr))
        return raise_data_abort(c, va, FSC_ALIGN, write, 0);
    return EXEC_OK;
}

int mem_read16_slow(CPU *c, uint64_t va, unsigned acc, VReg *out)
{
    uint64_t lo, hi;
    if (access16_alignment(c, va, acc, false) || access_slow(c, va, 8, acc, false, &lo) ||
        access_slow(c, va + 8, 8, acc, false, &hi))
        return EXEC_EXC;
    out->d[0] = lo;
    out->d[1] = hi;
    return EXEC_OK;
}

int mem_write16_slow(CPU *c, uint64_t va, unsigned acc, const VReg *val)
{
    uint64_t lo = val->d[0], hi = val->d[1];
    if (access16_alignment(c, va, acc, true) || access_slow(c, va, 8, acc, true, &lo) ||
        access_slow(c, va + 8, 8, acc, true, &hi))
        return EXEC_EXC;
    return EXEC_OK;
}

int mem_read_slow(CPU *c, uint64_t va, unsigned size, unsigned acc, uint64_t *out)
{
    return access_slow(c, va, size, acc, false, out);
}

int mem_write_slow(CPU *c, uint64_t va, unsigned size, unsigned acc, uint64_t val)
{
    return access_slow(c, va, size, acc, true, &val);
}

bool mem_is_device(CPU *c, uint64_t va)
{
    AccessCtx a = access_ctx(c, ACC_DC, true, false);
    const Translation *t;
    TransFault f;
    uint64_t pa;
    Translation scratch;
    return translate(c, &a, va, &pa, &t, &f, &scratch) && attr_is_device(t->attr);
}

static DecodedPage *fetch_fault(CPU *c, uint64_t pc, unsigned ec)
{
    unsigned target = sync_target_el(c);
    c->exc = (ExcRecord){.type = EXC_SYNC, .target_el = (uint8_t)target, .ec = (uint8_t)ec, .il = 1,
                         .iss = 0, .far = pc, .far_valid = true, .elr = pc};
    return NULL;
}

DecodedPage *mem_fetch_page(CPU *c, uint64_t pc)
{
    if (pc & 3)
        return fetch_fault(c, pc, EC_PC_ALIGN);
    AccessCtx a = access_ctx(c, ACC_NORMAL, false, true);
    const Translation *t;
    TransFault f;
    uint64_t pa;
    f.write = false;
    Translation scratch;
    if (!translate(c, &a, pc, &pa, &t, &f, &scratch)) {
        (void)raise_translation_fault(c, &a, pc, &f);
        return NULL;
    }
    PhysMem *pm = &c->m->phys;
    DecodedPage **slot = phys_code_slot(pm, pa);
    if (!slot || (t->ns && phys_secure_only(pm, pa, 4))) {
        /* Nothing executable there: a synchronous external abort on the fetch, routed to EL3
         * by SCR_EL3.EA (AArch64.InstructionAbort). */
        TransFault ext = {.type = FAULT_EXT_ABORT, .level = 0, .stage = 1};
        (void)raise_translation_fault(c, &a, pc, &ext);
        c->exc.iss = FSC_SYNC_EXT;
        return NULL;
    }
    if (!*slot) {
        *slot = decoded_page_new(pa & ~0xFFFULL);
        if (!*slot) {
            /* The host is out of memory: the core stops and the run ends with a host error
             * (the fetch reports an external abort that is never taken). */
            machine_error(c->m, "out of host memory for decoded instructions (cpu%d, pc 0x%llx)", c->index,
                          (unsigned long long)pc);
            c->halted = true;
            c->halt_reason = HALT_HOST_ERROR;
            cpu_request_check(c);
            TransFault ext = {.type = FAULT_EXT_ABORT, .level = 0, .stage = 1};
            (void)raise_translation_fault(c, &a, pc, &ext);
            return NULL;
        }
        /* Stores to this page must now take the slow path that invalidates code. */
        for (int i = 0; i < c->m->ncpu; i++)
            mem_flush_soft_tlb_writes(c->m->cpu[i]);
    }
    return *slot;
}
