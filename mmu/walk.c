/* SPDX-License-Identifier: MIT */
/* The VMSAv8-64 table walker: regimes, stage 1 and stage 2 walks, attributes and permissions
 * (Arm ARM D8, pseudocode AArch64.FullTranslate and the functions it calls). */
#include "mmu/mmu.h"

#include "cpu/regbits.h"
#include "mmu/phys.h"

/* ID_AA64MMFR0_EL1.PARange = 0b0101: 48-bit physical addresses. No FEAT_LPA/LPA2, FEAT_TTST,
 * FEAT_HAFDBS, FEAT_HPDS, FEAT_XNX, FEAT_S2FWB: the Armv8.0 walk with VHE and PAN. */
#define PA_MAX 48

/* Descriptor fields (stage 1 and stage 2; AttrIndx/MemAttr are bits 5:2, SH bits 9:8). */
#define DESC_VALID (1ULL << 0)
#define DESC_TABLE (1ULL << 1)       /* bit 1 at levels 0-2: table (1) or block (0) */
#define DESC_NS (1ULL << 5)          /* stage 1, Secure regimes only */
#define DESC_AP1 (1ULL << 6)         /* stage 1 AP[1] (EL0 access); stage 2 S2AP[0] (read) */
#define DESC_AP2 (1ULL << 7)         /* stage 1 AP[2] (read-only); stage 2 S2AP[1] (write) */
#define DESC_AF (1ULL << 10)
#define DESC_NG (1ULL << 11)
#define DESC_PXN (1ULL << 53)        /* stage 1 two-privilege regimes only */
#define DESC_UXN (1ULL << 54)        /* UXN, or XN in EL2/EL3; stage 2 XN[1] */
#define TABLE_PXN (1ULL << 59)
#define TABLE_XN (1ULL << 60)        /* UXNTable, or XNTable in EL2/EL3 */
#define TABLE_AP0 (1ULL << 61)       /* APTable[0]: no EL0 access below */
#define TABLE_AP1 (1ULL << 62)       /* APTable[1]: no write access below */
#define TABLE_NS (1ULL << 63)

/* Register fields. */
#define SCTLR_M (1ULL << 0)
#define SCTLR_I (1ULL << 12)
#define SCTLR_WXN (1ULL << 19)
#define SCR_SIF (1ULL << 9)
#define TCR_EPD0 (1ULL << 7)
#define TCR_A1 (1ULL << 22)
#define TCR_EPD1 (1ULL << 23)
#define TCR_AS (1ULL << 36)
#define TCR_TBI0 (1ULL << 37)
#define TCR_TBI1 (1ULL << 38)
#define TCR_ELX_TBI (1ULL << 20)     /* TCR_EL2 (E2H == 0) and TCR_EL3 */
#define VTCR_VS (1ULL << 19)
#define HCR_PTW (1ULL << 2)
#define HCR_DC (1ULL << 12)

/* A stage-1 translation never grants all six permissions (EL0 write implies privileged
 * execute-never), so PERM_ALL marks a disabled stage 1, where no stage-1 check applies. */
#define PERM_ALL (PERM_PR | PERM_PW | PERM_PX | PERM_UR | PERM_UW | PERM_UX)
#define S2_ALL (S2_R | S2_W | S2_X)

/* Shareability (SH[1:0]) and MAIR-format attribute bytes used as defaults. */
enum { SH_NSH = 0, SH_OSH = 2, SH_ISH = 3 };
#define ATTR_DEVICE_nGnRnE 0x00
#define ATTR_NORMAL_NC 0x44
#define ATTR_NORMAL_WT_RA 0xAA
#define ATTR_NORMAL_WB_RWA 0xFF

static inline uint64_t bits64(uint64_t v, unsigned hi, unsigned lo)
{
    return (v >> lo) & (hi - lo >= 63 ? ~0ULL : (2ULL << (hi - lo)) - 1);
}
/* Mask of bits hi..lo (hi >= lo). */
static inline uint64_t mask64(unsigned hi, unsigned lo)
{
    return (hi >= 63 ? ~0ULL : (2ULL << hi) - 1) & ~((1ULL << lo) - 1);
}

/* ============================== Faults ==================================== */

unsigned fault_status_code(const TransFault *f)
{
    unsigned level = (unsigned)f->level & 3;
    switch (f->type) {
    case FAULT_ADDR_SIZE: return 0x00 | level;
    case FAULT_TRANSLATION: return 0x04 | level;
    case FAULT_ACCESS_FLAG: return 0x08 | level;
    case FAULT_PERMISSION: return 0x0C | level;
    /* On a table walk the level is known (0b0101LL); level -1 marks an external abort that is
     * not on a walk (0b010000), since level -1 lookups need FEAT_LPA2. */
    case FAULT_EXT_ABORT: return f->level < 0 ? 0x10 : 0x14 | level;
    case FAULT_ALIGNMENT: return 0x21;
    default: return 0;
    }
}

/* Fill *f and return false, so that fault sites read `return fault(...)`. WnR is 1 for cache
 * maintenance and AT instructions (ISS encoding for a Data Abort, WnR). */
static bool fault(TransFault *f, enum FaultType type, int level, unsigned stage, bool s1ptw, uint64_t ipa,
                  const AccessDesc *ad)
{
    *f = (TransFault){.type = (uint8_t)type, .level = (int8_t)level, .stage = (uint8_t)stage, .s1ptw = s1ptw,
                      .write = ad->write || ad->cache_maint || ad->at, .ipa = stage == 2 ? ipa : 0};
    return false;
}

/* ============================== Regimes =================================== */

enum Regime mmu_regime(const CPU *c, unsigned el)
{
    uint64_t hcr = c->sr[SR_HCR_EL2];
    switch (el) {
    case 0:
    case 1:
        /* ELIsInHost(EL0): EL0 uses the EL2&0 regime when {E2H, TGE} = {1, 1}. */
        return el == 0 && el2_enabled(c) && hcr_host_regime(c) ? REGIME_EL20 : REGIME_EL10;
    case 2: return (hcr & HCR_E2H) ? REGIME_EL20 : REGIME_EL2;
    default: return REGIME_EL3;
    }
}

/* The EL2 and EL3 regimes have one privilege level: one XN bit, AP[1] and nG ignored. */
static bool regime_single_priv(enum Regime r) { return r == REGIME_EL2 || r == REGIME_EL3; }

/* Security state of the regime: EL3's is Secure, EL1&0 follows SCR_EL3.NS, and EL2 exists
 * only in Non-secure state here (no FEAT_SEL2). */
static bool regime_secure(const CPU *c, enum Regime r)
{
    return r == REGIME_EL3 || (r == REGIME_EL10 && !(c->sr[SR_SCR_EL3] & SCR_NS));
}

static uint64_t regime_sctlr(const CPU *c, enum Regime r)
{
    return c->sr[r == REGIME_EL10 ? SR_SCTLR_EL1 : r == REGIME_EL3 ? SR_SCTLR_EL3 : SR_SCTLR_EL2];
}

static uint64_t regime_mair(const CPU *c, enum Regime r)
{
    return c->sr[r == REGIME_EL10 ? SR_MAIR_EL1 : r == REGIME_EL3 ? SR_MAIR_EL3 : SR_MAIR_EL2];
}

/* HCR_EL2.DC (default cacheable) in effect for the Non-secure EL1&0 regime: stage 1 off with
 * Normal Write-Back defaults, stage 2 on. TGE makes the PE ignore it. */
static bool hcr_dc(const CPU *c, enum Regime r)
{
    uint64_t hcr = c->sr[SR_HCR_EL2];
    return r == REGIME_EL10 && el2_enabled(c) && (hcr & HCR_DC) && !(hcr & HCR_TGE);
}

/* Stage 2 applies to the Non-secure EL1&0 regime when HCR_EL2.VM (or DC, which behaves as if VM
 * were set) is 1; with {E2H, TGE} = {1, 1} VM behaves as 0 for all purposes other than a direct
 * read. */
static bool s2_enabled(const CPU *c, enum Regime r)
{
    return r == REGIME_EL10 && el2_enabled(c) && ((c->sr[SR_HCR_EL2] & HCR_VM) || hcr_dc(c, r)) &&
           !hcr_host_regime(c);
}

/* AArch64.FirstStageTranslate: s1_enabled. HCR_EL2.TGE and HCR_EL2.DC disable stage 1 of EL1&0
 * whatever SCTLR_EL1.M says. */
static bool s1_enabled(const CPU *c, enum Regime r)
{
    if (r == REGIME_EL10 && el2_enabled(c) && (c->sr[SR_HCR_EL2] & (HCR_TGE | HCR_DC)))
        return false;
    return regime_sctlr(c, r) & SCTLR_M;
}

static bool regime_two_ranges(enum Regime r) { return r == REGIME_EL10 || r == REGIME_EL20; }

static uint64_t regime_tcr(const CPU *c, enum Regime r)
{
    return c->sr[r == REGIME_EL10 ? SR_TCR_EL1 : r == REGIME_EL3 ? SR_TCR_EL3 : SR_TCR_EL2];
}

/* AddrTop: 55 when the top byte is ignored (TBI; without FEAT_PAuth there is no TBID, so this
 * holds for instruction addresses too), else 63. */
static unsigned addr_top(const CPU *c, enum Regime r, uint64_t va)
{
    uint64_t tcr = regime_tcr(c, r);
    bool tbi;
    if (regime_two_ranges(r))
        tbi = tcr & ((va >> 55) & 1 ? TCR_TBI1 : TCR_TBI0);
    else
        tbi = tcr & TCR_ELX_TBI;
    return tbi ? 55 : 63;
}

/* The current ASID of a regime with ASIDs: from TTBR1 when TCR.A1, else TTBR0; 8 bits unless
 * TCR.AS. */
static uint16_t regime_asid(const CPU *c, enum Regime r)
{
    if (!regime_two_ranges(r))
        return 0;
    uint64_t tcr = regime_tcr(c, r);
    int ttbr = r == REGIME_EL10 ? ((tcr & TCR_A1) ? SR_TTBR1_EL1 : SR_TTBR0_EL1)
                                : ((tcr & TCR_A1) ? SR_TTBR1_EL2 : SR_TTBR0_EL2);
    uint16_t asid = (uint16_t)(c->sr[ttbr] >> 48);
    return (tcr & TCR_AS) ? asid : (uint16_t)(asid & 0xFF);
}

/* VTTBR_EL2.VMID: 16 bits when VTCR_EL2.VS, else 8. */
static uint16_t current_vmid(const CPU *c)
{
    uint16_t vmid = (uint16_t)(c->sr[SR_VTTBR_EL2] >> 48);
    return (c->sr[SR_VTCR_EL2] & VTCR_VS) ? vmid : (uint16_t)(vmid & 0xFF);
}

/* A VA as the TLB keys it: the tag byte replaced by copies of bit 55. Whatever TBI says, a
 * successful translation has bits 63:56 equal to bit 55 or ignored, so this loses nothing. */
static uint64_t canonical_va(uint64_t va) { return (uint64_t)sext(va, 56); }

/* ============================== Walk parameters =========================== */

/* Everything a walk needs, decoded from TCR/VTCR and TTBR/VTTBR (the first part of
 * AArch64.TranslationTableWalk). */
typedef struct {
    unsigned stage;          /* 1 or 2 */
    bool s1ptw;              /* a stage-2 walk for a stage-1 descriptor fetch */
    bool secure;             /* lookupsecure */
    bool single_priv;
    bool s2_tables;          /* stage 1 whose descriptor addresses go through stage 2 */
    unsigned grainsize;      /* 12, 14, 16 */
    unsigned stride;         /* grainsize - 3 */
    unsigned inputsize;
    unsigned outputsize;
    int start_level;
    int firstblocklevel;
    uint64_t base;           /* start table address */
    uint64_t ia;             /* the input address (VA or IPA) */
    WalkTrace *trace;        /* records each descriptor read, or NULL */
} WalkParams;

/* TG0 encoding: 00 4KB, 01 64KB, 10 16KB. The reserved 11 is treated as 4KB (IMPLEMENTATION
 * DEFINED choice among the implemented sizes). */
static unsigned tg0_grainsize(unsigned tg) { return tg == 1 ? 16 : tg == 2 ? 14 : 12; }
/* TG1 encodes differently: 01 16KB, 10 4KB, 11 64KB (00 reserved: 4KB). */
static unsigned tg1_grainsize(unsigned tg) { return tg == 1 ? 14 : tg == 3 ? 16 : 12; }

/* PS/IPS: output address size, capped at PAMax (the reserved 0b110/0b111 act as PAMax). */
static unsigned pa_size(unsigned ps)
{
    static const unsigned size[8] = {32, 36, 40, 42, 44, 48, 48, 48};
    unsigned s = size[ps & 7];
    return s > PA_MAX ? PA_MAX : s;
}

/* An output (or table, or TTBR) address with bits [47:outputsize] set: an Address size fault. */
static bool oa_out_of_range(uint64_t addr, unsigned outputsize)
{
    return outputsize < 48 && bits64(addr, 47, outputsize) != 0;
}

/* T*SZ outside 16..39 is CONSTRAINED UNPREDICTABLE without FEAT_TTST/LVA: clamped (FORCE). */
static unsigned input_size(unsigned txsz)
{
    unsigned s = 64 - txsz;
    return s > 48 ? 48 : s < 25 ? 25 : s;
}

/* Number of strides needed for the rest of the input address: the stage-1 start level. */
static int s1_start_level(unsigned inputsize, unsigned grainsize)
{
    unsigned stride = grainsize - 3;
    return 4 - (int)((inputsize - grainsize + stride - 1) / stride);
}

static int first_block_level(unsigned grainsize) { return grainsize == 12 ? 1 : 2; }

/* The start table address: TTBR.BADDR aligned to the size of the start table (for stage 2, of
 * the concatenated tables); lower BADDR bits are RES0 and ignored. */
static uint64_t start_table_base(uint64_t ttbr, const WalkParams *p)
{
    unsigned baselowerbound = 3 + p->inputsize - ((3 - p->start_level) * p->stride + p->grainsize);
    return ttbr & mask64(47, baselowerbound);
}

/* Stage 1: select TTBR0/TTBR1, check the VA range and EPD, decode the granule and sizes. */
static bool s1_walk_params(const CPU *c, enum Regime r, uint64_t va, const AccessDesc *ad, WalkParams *p,
                           TransFault *f)
{
    uint64_t tcr = regime_tcr(c, r);
    unsigned top = addr_top(c, r, va);
    bool upper = false, disabled = false;
    uint64_t ttbr;
    unsigned txsz, ps;
    if (regime_two_ranges(r)) {
        /* Bit 55 selects the range whatever TBI says; bits top..inputsize must then match it. */
        upper = (va >> 55) & 1;
        txsz = upper ? bits64(tcr, 21, 16) : bits64(tcr, 5, 0);
        p->grainsize = upper ? tg1_grainsize(bits64(tcr, 31, 30)) : tg0_grainsize(bits64(tcr, 15, 14));
        disabled = tcr & (upper ? TCR_EPD1 : TCR_EPD0);
        ps = bits64(tcr, 34, 32);
        if (r == REGIME_EL10)
            ttbr = c->sr[upper ? SR_TTBR1_EL1 : SR_TTBR0_EL1];
        else
            ttbr = c->sr[upper ? SR_TTBR1_EL2 : SR_TTBR0_EL2];
    } else {
        txsz = bits64(tcr, 5, 0);
        p->grainsize = tg0_grainsize(bits64(tcr, 15, 14));
        ps = bits64(tcr, 18, 16);
        ttbr = c->sr[r == REGIME_EL3 ? SR_TTBR0_EL3 : SR_TTBR0_EL2];
    }
    p->stage = 1;
    p->s1ptw = false;
    p->secure = regime_secure(c, r);
    p->single_priv = regime_single_priv(r);
    p->s2_tables = s2_enabled(c, r);
    p->stride = p->grainsize - 3;
    p->inputsize = input_size(txsz);
    p->outputsize = pa_size(ps);
    p->firstblocklevel = first_block_level(p->grainsize);
    p->start_level = s1_start_level(p->inputsize, p->grainsize);
    p->ia = va;

    /* A VA outside the selected range, or a disabled walk: Translation fault, level 0. */
    uint64_t range = bits64(va, top, p->inputsize);
    uint64_t ones = bits64(~0ULL, top, p->inputsize);
    if ((upper ? range != ones : range != 0) || disabled)
        return fault(f, FAULT_TRANSLATION, 0, 1, false, 0, ad);
    if (oa_out_of_range(ttbr, p->outputsize))
        return fault(f, FAULT_ADDR_SIZE, 0, 1, false, 0, ad);
    p->base = start_table_base(ttbr, p);
    return true;
}

/* Stage 2: VTCR_EL2 and VTTBR_EL2, with the start level from SL0 and its consistency checks
 * (at most 16 concatenated tables, at least 2 entries, levels the PA size allows). */
static bool s2_walk_params(const CPU *c, uint64_t ipa, bool s1ptw, const AccessDesc *ad, WalkParams *p,
                           TransFault *f)
{
    uint64_t vtcr = c->sr[SR_VTCR_EL2];
    unsigned sl0 = bits64(vtcr, 7, 6);
    p->stage = 2;
    p->s1ptw = s1ptw;
    p->secure = false;
    p->single_priv = true;
    p->s2_tables = false;
    p->grainsize = tg0_grainsize(bits64(vtcr, 15, 14));
    p->stride = p->grainsize - 3;
    p->inputsize = input_size(bits64(vtcr, 5, 0));
    p->outputsize = pa_size(bits64(vtcr, 18, 16));
    p->firstblocklevel = first_block_level(p->grainsize);
    p->start_level = p->grainsize == 12 ? 2 - (int)sl0 : 3 - (int)sl0;
    p->ia = ipa;

    bool basefound = bits64(ipa, 63, p->inputsize) == 0;
    /* Level 0 only with 4KB (and PAMax > 42); level 1 with 16KB/64KB needs PAMax > 40/42. */
    if (p->grainsize == 12 ? p->start_level < 0 || (p->start_level == 0 && PA_MAX <= 42)
                           : p->start_level == 0 || (p->start_level == 1 && PA_MAX <= (p->grainsize == 14 ? 40 : 42)))
        basefound = false;
    else {
        int startsizecheck = (int)p->inputsize - ((3 - p->start_level) * (int)p->stride + (int)p->grainsize);
        if (startsizecheck < 1 || startsizecheck > (int)p->stride + 4)
            basefound = false;
    }
    if (!basefound)
        return fault(f, FAULT_TRANSLATION, 0, 2, s1ptw, ipa, ad);
    uint64_t vttbr = c->sr[SR_VTTBR_EL2];
    if (oa_out_of_range(vttbr, p->outputsize))
        return fault(f, FAULT_ADDR_SIZE, 0, 2, s1ptw, ipa, ad);
    p->base = start_table_base(vttbr, p);
    return true;
}

/* ============================== The walk ================================== */

/* The final descriptor of a walk and what the tables above it contributed. */
typedef struct {
    uint64_t desc;
    uint64_t desc_pa;        /* PA the descriptor was read from */
    int level;
    unsigned size_log2;      /* size of the block or page */
    uint64_t oa;             /* output address of p->ia */
    unsigned ap_table;       /* APTable[1:0] accumulated (stage 1) */
    bool xn_table, pxn_table, ns_table;
} WalkResult;

/* The stage-2 part of a translation. */
typedef struct {
    uint64_t pa;             /* output address of the IPA */
    int level;
    unsigned size_log2;
    uint8_t perm;            /* S2_* */
    uint8_t memattr;         /* MemAttr[3:0] */
    uint8_t sh;
} S2Result;

static bool second_stage_translate(CPU *c, uint64_t ipa, const AccessDesc *ad, unsigned el, bool s1ptw,
                                   S2Result *out, TransFault *f, WalkTrace *trace);

/* Append one descriptor read to the walk trace (gdb `monitor translate`). */
static void trace_step(const WalkParams *p, int level, uint64_t desc_addr, uint64_t desc_pa, uint64_t desc)
{
    WalkTrace *t = p->trace;
    if (t->n < WALK_TRACE_MAX)
        t->step[t->n++] = (WalkStep){.stage = (uint8_t)p->stage, .level = (int8_t)level, .s1ptw = p->s1ptw,
                                     .ia = p->ia, .desc_addr = desc_addr, .desc_pa = desc_pa, .desc = desc};
}

/* AArch64.TranslationTableWalk, from the start table to the final descriptor: descriptor
 * kinds, table and output address sizes, the block levels the granule allows, and the access
 * flag (FEAT_HAFDBS is not implemented, so AF == 0 always faults and nothing is written). */
static bool translation_table_walk(CPU *c, const WalkParams *p, const AccessDesc *ad, unsigned el,
                                   WalkResult *r, TransFault *f)
{
    int level = p->start_level;
    uint64_t base = p->base;
    unsigned top = p->inputsize - 1;
    /* Secure lookups start in the Secure PA space; NSTable moves the rest of the walk out. */
    bool ns_table = !p->secure;
    unsigned ap_table = 0;
    bool xn_table = false, pxn_table = false;
    uint64_t desc, desc_pa;
    unsigned bottom;
    for (;;) {
        bottom = (3 - level) * p->stride + p->grainsize;
        uint64_t desc_addr = base | (bits64(p->ia, top, bottom) << 3);
        desc_pa = desc_addr;
        if (p->s2_tables) {
            /* Stage-1 descriptor addresses are IPAs: translate them, needing stage-2 read
             * permission (AArch64.SecondStageWalk). */
            S2Result s2;
            if (!second_stage_translate(c, desc_addr, ad, el, true, &s2, f, p->trace))
                return false;
            desc_pa = s2.pa;
        }
        if (phys_read(c->phys, desc_pa, 8, &desc))
            return fault(f, FAULT_EXT_ABORT, level, p->stage, p->s1ptw, p->ia, ad);
        if (unlikely(p->trace != NULL))
            trace_step(p, level, desc_addr, desc_pa, desc);
        /* Invalid (x0), or the reserved block encoding (01) at level 3. */
        if (!(desc & DESC_VALID) || (!(desc & DESC_TABLE) && level == 3))
            return fault(f, FAULT_TRANSLATION, level, p->stage, p->s1ptw, p->ia, ad);
        if (!(desc & DESC_TABLE) || level == 3)
            break; /* block or page */
        if (oa_out_of_range(desc, p->outputsize))
            return fault(f, FAULT_ADDR_SIZE, level, p->stage, p->s1ptw, p->ia, ad);
        base = desc & mask64(47, p->grainsize);
        if (p->stage == 1) {
            ns_table |= (desc & TABLE_NS) != 0;
            ap_table |= (desc & TABLE_AP1) ? 2 : 0;
            xn_table |= (desc & TABLE_XN) != 0;
            /* PXNTable and APTable[0] exist only in the regimes with two privilege levels. */
            if (!p->single_priv) {
                ap_table |= (desc & TABLE_AP0) ? 1 : 0;
                pxn_table |= (desc & TABLE_PXN) != 0;
            }
        }
        level++;
        top = bottom - 1;
    }
    if (level < p->firstblocklevel)
        return fault(f, FAULT_TRANSLATION, level, p->stage, p->s1ptw, p->ia, ad);
    if (oa_out_of_range(desc, p->outputsize))
        return fault(f, FAULT_ADDR_SIZE, level, p->stage, p->s1ptw, p->ia, ad);
    if (!(desc & DESC_AF))
        return fault(f, FAULT_ACCESS_FLAG, level, p->stage, p->s1ptw, p->ia, ad);
    *r = (WalkResult){.desc = desc, .desc_pa = desc_pa, .level = level, .size_log2 = bottom,
                      .oa = (desc & mask64(47, bottom)) | (p->ia & ((1ULL << bottom) - 1)),
                      .ap_table = ap_table, .xn_table = xn_table, .pxn_table = pxn_table, .ns_table = ns_table};
    return true;
}

/* ============================== Permissions =============================== */

/* Stage-1 permissions of a final descriptor with the hierarchical controls, WXN, the rule that
 * EL0-writable memory is privileged execute-never, and SCR_EL3.SIF (AArch64.CheckPermission,
 * the parts that do not depend on the access). */
static uint8_t s1_permissions(const CPU *c, enum Regime r, const WalkResult *w, bool secure, bool out_ns)
{
    bool wxn = regime_sctlr(c, r) & SCTLR_WXN;
    bool ro = (w->desc & DESC_AP2) || (w->ap_table & 2);
    uint8_t perm = PERM_PR;
    if (!ro)
        perm |= PERM_PW;
    if (regime_single_priv(r)) {
        /* One XN bit (bit 54); AP[1] is RES1 and PXN RES0 here. */
        bool xn = (w->desc & DESC_UXN) || w->xn_table;
        if (!xn && !(!ro && wxn))
            perm |= PERM_PX;
    } else {
        bool user = (w->desc & DESC_AP1) && !(w->ap_table & 1);
        bool user_w = user && !ro;
        bool uxn = (w->desc & DESC_UXN) || w->xn_table || (user_w && wxn);
        bool pxn = (w->desc & DESC_PXN) || w->pxn_table || (!ro && wxn) || user_w;
        if (user)
            perm |= PERM_UR;
        if (user_w)
            perm |= PERM_UW;
        if (!uxn)
            perm |= PERM_UX;
        if (!pxn)
            perm |= PERM_PX;
    }
    /* Secure instruction fetch from Non-secure memory is not permitted when SCR_EL3.SIF. */
    if (secure && out_ns && (c->sr[SR_SCR_EL3] & SCR_SIF))
        perm &= (uint8_t)~(PERM_PX | PERM_UX);
    return perm;
}

/* The stage-1 check for one access (AArch64.CheckPermission): EL0 permissions for EL0 and
 * unprivileged accesses in two-privilege regimes, PAN for privileged loads and stores (and
 * AT S1E1xP) to EL0-readable memory, execute for fetches, write for stores (and DC IVAC); other
 * DC/IC by VA only need read permission at EL0 and never fault above it. */
static bool s1_permission_fault(const CPU *c, enum Regime r, uint8_t perm, unsigned el, const AccessDesc *ad)
{
    if (perm == PERM_ALL)
        return false; /* stage 1 disabled: no stage-1 check */
    bool rd, wr, ex;
    if (regime_single_priv(r)) {
        rd = perm & PERM_PR;
        wr = perm & PERM_PW;
        ex = perm & PERM_PX;
    } else {
        bool priv = el != 0 && !ad->unpriv;
        if (priv) {
            rd = perm & PERM_PR;
            wr = perm & PERM_PW;
            ex = perm & PERM_PX;
            if (ad->pan_check && c->ps.pan && (perm & PERM_UR) && !ad->fetch && !ad->cache_maint)
                rd = wr = false;
        } else {
            rd = perm & PERM_UR;
            wr = perm & PERM_UW;
            ex = perm & PERM_UX;
        }
    }
    if (ad->fetch)
        return !ex;
    if (ad->write)
        return !wr;
    if (ad->cache_maint && el != 0)
        return false;
    return !rd;
}

/* AArch64.CheckS2Permission: a stage-1 walk needs read; otherwise as at stage 1 (XN[1] alone
 * applies to EL0 and EL1 without FEAT_XNX). */
static bool s2_permission_fault(uint8_t s2_perm, unsigned el, bool s1ptw, const AccessDesc *ad)
{
    if (s1ptw)
        return !(s2_perm & S2_R);
    if (ad->fetch)
        return !(s2_perm & S2_X);
    if (ad->write)
        return !(s2_perm & S2_W);
    if (ad->cache_maint && el != 0)
        return false;
    return !(s2_perm & S2_R);
}

bool mmu_check_perms(const CPU *c, const Translation *t, unsigned el, const AccessDesc *ad, TransFault *f)
{
    if (s1_permission_fault(c, (enum Regime)t->regime, t->perm, el, ad))
        return fault(f, FAULT_PERMISSION, t->level, 1, false, 0, ad);
    if (t->stage2 && s2_permission_fault(t->s2_perm, el, false, ad))
        return fault(f, FAULT_PERMISSION, t->s2_level, 2, false, t->ipa, ad);
    return true;
}

/* ============================== Attributes ================================ */

/* One half (inner or outer) of a Normal memory attribute: cacheability, allocation hints,
 * transience (MemAttrHints). */
enum { CACHE_NC = 0, CACHE_WT = 1, CACHE_WB = 2 };
typedef struct {
    uint8_t cache;
    uint8_t hints;       /* R:W allocate, bits 1:0 of the MAIR nibble */
    bool transient;
} MemAttrHints;

/* A MAIR nibble of Normal memory (LongConvertAttrsHints). The reserved inner 0b0000 is taken
 * as Non-cacheable. */
static MemAttrHints decode_nibble(unsigned n)
{
    if (n == 0x4 || n == 0x0)
        return (MemAttrHints){.cache = CACHE_NC};
    switch (n >> 2) {
    case 0: return (MemAttrHints){.cache = CACHE_WT, .hints = n & 3, .transient = true};
    case 1: return (MemAttrHints){.cache = CACHE_WB, .hints = n & 3, .transient = true};
    case 2: return (MemAttrHints){.cache = CACHE_WT, .hints = n & 3};
    default: return (MemAttrHints){.cache = CACHE_WB, .hints = n & 3};
    }
}

static unsigned encode_nibble(MemAttrHints h)
{
    if (h.cache == CACHE_NC)
        return 0x4;
    if (h.cache == CACHE_WT)
        return (h.transient ? 0x0 : 0x8) | h.hints;
    return (h.transient ? 0x4 : 0xC) | h.hints;
}

static bool attr_is_device(uint8_t attr) { return (attr >> 4) == 0; }

/* Device memory and fully Non-cacheable Normal memory are always Outer Shareable
 * (MemAttrDefaults). */
static uint8_t effective_sh(uint8_t attr, unsigned sh)
{
    if (attr_is_device(attr) || attr == ATTR_NORMAL_NC)
        return SH_OSH;
    return (uint8_t)(sh == 1 ? SH_NSH : sh); /* 0b01 is reserved */
}

/* AArch64.S1AttrDecode: the MAIR_ELx byte selected by AttrIndx. Reserved encodings are kept
 * as read; only their Device/Normal kind matters to the simulator. */
static uint8_t s1_attr_decode(const CPU *c, enum Regime r, uint64_t desc)
{
    unsigned idx = bits64(desc, 4, 2);
    return (uint8_t)(regime_mair(c, r) >> (8 * idx));
}

/* The more shareable of two SH fields: Outer > Inner > Non-shareable. */
static unsigned combine_sh(unsigned a, unsigned b)
{
    if (a == SH_OSH || b == SH_OSH)
        return SH_OSH;
    if (a == SH_ISH || b == SH_ISH)
        return SH_ISH;
    return SH_NSH;
}

/* S2CombineS1MemAttrs: Device wins with the more restrictive Device type (nGnRnE < nGnRE <
 * nGRE < GRE); two Normal attributes take the weaker cacheability per half (NC < WT < WB)
 * with stage 1's allocation hints. `s2` is stage-2 MemAttr[3:0]. */
static uint8_t s2_combine_s1_memattrs(uint8_t s1, unsigned s2)
{
    bool s2_device = (s2 >> 2) == 0;
    if (attr_is_device(s1) || s2_device) {
        unsigned t1 = attr_is_device(s1) ? bits64(s1, 3, 2) : 3;
        unsigned t2 = s2_device ? (s2 & 3) : 3;
        return (uint8_t)((t1 < t2 ? t1 : t2) << 2);
    }
    /* Stage-2 Normal halves: 01 NC, 10 WT, 11 WB (00 inner is reserved: NC). */
    static const uint8_t s2_cache[4] = {CACHE_NC, CACHE_NC, CACHE_WT, CACHE_WB};
    MemAttrHints outer = decode_nibble(s1 >> 4), inner = decode_nibble(s1 & 0xF);
    if (s2_cache[s2 >> 2] < outer.cache)
        outer.cache = s2_cache[s2 >> 2];
    if (s2_cache[s2 & 3] < inner.cache)
        inner.cache = s2_cache[s2 & 3];
    return (uint8_t)(encode_nibble(outer) << 4 | encode_nibble(inner));
}

/* ============================== Stage 2 =================================== */

/* AArch64.SecondStageTranslate for one IPA: the walk, then the stage-2 permission check
 * (s1ptw: the access is a stage-1 descriptor fetch, which needs read permission). */
static bool second_stage_translate(CPU *c, uint64_t ipa, const AccessDesc *ad, unsigned el, bool s1ptw,
                                   S2Result *out, TransFault *f, WalkTrace *trace)
{
    WalkParams p;
    WalkResult w;
    if (!s2_walk_params(c, ipa, s1ptw, ad, &p, f))
        return false;
    p.trace = trace;
    if (!translation_table_walk(c, &p, ad, el, &w, f))
        return false;
    uint8_t perm = 0;
    if (w.desc & DESC_AP1)
        perm |= S2_R;
    if (w.desc & DESC_AP2)
        perm |= S2_W;
    if (!(w.desc & DESC_UXN))
        perm |= S2_X;
    if (s2_permission_fault(perm, el, s1ptw, ad))
        return fault(f, FAULT_PERMISSION, w.level, 2, s1ptw, ipa, ad);
    /* Protected table walk: with HCR_EL2.PTW, a stage-1 walk that stage 2 maps to Device memory
     * is a stage-2 Permission fault. */
    if (s1ptw && (c->sr[SR_HCR_EL2] & HCR_PTW) && bits64(w.desc, 5, 4) == 0)
        return fault(f, FAULT_PERMISSION, w.level, 2, true, ipa, ad);
    *out = (S2Result){.pa = w.oa, .level = w.level, .size_log2 = w.size_log2, .perm = perm,
                      .memattr = (uint8_t)bits64(w.desc, 5, 2), .sh = (uint8_t)bits64(w.desc, 9, 8)};
    return true;
}

/* ============================== Stage 1 =================================== */

/* AArch64.TranslateAddressS1Off: the flat map. With HCR_EL2.DC everything is Normal Write-Back
 * Read/Write-Allocate, Non-shareable; otherwise data is Device-nGnRnE and instruction fetches are
 * Normal, Write-Through Read-Allocate when SCTLR_ELx.I, else Non-cacheable, Outer Shareable. A VA
 * with bits above PAMax (below the ignored top byte) is an Address size fault. */
static bool s1_off(const CPU *c, enum Regime r, uint64_t va, const AccessDesc *ad, Translation *t, TransFault *f)
{
    if (bits64(va, addr_top(c, r, va), PA_MAX) != 0)
        return fault(f, FAULT_ADDR_SIZE, 0, 1, false, 0, ad);
    uint8_t attr = ATTR_DEVICE_nGnRnE, sh = SH_OSH;
    if (hcr_dc(c, r)) {
        attr = ATTR_NORMAL_WB_RWA;
        sh = SH_NSH;
    } else if (ad->fetch) {
        attr = (regime_sctlr(c, r) & SCTLR_I) ? ATTR_NORMAL_WT_RA : ATTR_NORMAL_NC;
    }
    t->va = canonical_va(va) & ~0xFFFULL;
    t->oa = va & mask64(PA_MAX - 1, 12);
    t->size_log2 = 12;
    t->level = 3;
    t->perm = PERM_ALL;
    t->attr = attr;
    t->sh = sh;
    t->ns = !regime_secure(c, r);
    t->global = true;
    t->s1_desc_pa = 0;
    return true;
}

/* AArch64.FirstStageTranslate with the walk: the result is the stage-1 output (an IPA when
 * stage 2 follows), with permissions and attributes, before the access is checked. */
static bool s1_walk(CPU *c, enum Regime r, uint64_t va, const AccessDesc *ad, unsigned el, Translation *t,
                    TransFault *f, WalkTrace *trace)
{
    WalkParams p;
    WalkResult w;
    if (!s1_walk_params(c, r, va, ad, &p, f))
        return false;
    p.trace = trace;
    if (!translation_table_walk(c, &p, ad, el, &w, f))
        return false;
    bool ns = !p.secure || (w.desc & DESC_NS) || w.ns_table;
    t->va = canonical_va(va) & ~((1ULL << w.size_log2) - 1);
    t->oa = w.oa & ~((1ULL << w.size_log2) - 1);
    t->size_log2 = (uint8_t)w.size_log2;
    t->level = (uint8_t)w.level;
    t->perm = s1_permissions(c, r, &w, p.secure, ns);
    t->attr = s1_attr_decode(c, r, w.desc);
    t->sh = (uint8_t)bits64(w.desc, 9, 8);
    t->ns = ns;
    /* nG exists only with ASIDs; in Secure EL1&0, memory reached through Non-secure tables is
     * treated as not global. */
    t->global = p.single_priv || !((w.desc & DESC_NG) || (p.secure && w.ns_table));
    t->s1_desc_pa = w.desc_pa;
    return true;
}

/* ============================== The translation =========================== */

bool mmu_walk(CPU *c, enum Regime regime, unsigned el, uint64_t va, const AccessDesc *ad, Translation *out,
              TransFault *f)
{
    return mmu_walk_traced(c, regime, el, va, ad, out, f, NULL);
}

bool mmu_walk_traced(CPU *c, enum Regime regime, unsigned el, uint64_t va, const AccessDesc *ad,
                     Translation *out, TransFault *f, WalkTrace *trace)
{
    if (trace)
        trace->n = 0;
    Translation t = {0};
    t.regime = (uint8_t)regime;
    t.asid = regime_asid(c, regime);
    bool s1 = s1_enabled(c, regime);
    if (!(s1 ? s1_walk(c, regime, va, ad, el, &t, f, trace) : s1_off(c, regime, va, ad, &t, f)))
        return false;
    /* Stage-1 permission faults come before anything stage 2 says about the output. */
    if (s1_permission_fault(c, regime, t.perm, el, ad))
        return fault(f, FAULT_PERMISSION, t.level, 1, false, 0, ad);

    uint64_t ia = t.oa | (va & ((1ULL << t.size_log2) - 1)); /* the stage-1 output of va */
    t.ipa = t.oa;
    t.s2_perm = S2_ALL;
    bool s2 = s2_enabled(c, regime);
    /* EL1&0 translations are tagged with the current VMID whenever EL2 is enabled, whether or
     * not stage 2 is (so VMs switched by VTTBR_EL2 never share entries). */
    if (regime == REGIME_EL10 && el2_enabled(c))
        t.vmid = current_vmid(c);
    if (s2 && !ad->s1_only) {
        S2Result s2r;
        if (!second_stage_translate(c, ia, ad, el, false, &s2r, f, trace))
            return false;
        /* The combined mapping is the smaller of the two: a TLB entry must not cover
         * addresses whose translation the other stage maps elsewhere. */
        unsigned size = t.size_log2 < s2r.size_log2 ? t.size_log2 : s2r.size_log2;
        uint64_t align = ~((1ULL << size) - 1);
        t.size_log2 = (uint8_t)size;
        t.va = canonical_va(va) & align;
        t.ipa = ia & align;
        t.oa = s2r.pa & align;
        t.s2_perm = s2r.perm;
        t.s2_level = (uint8_t)s2r.level;
        t.s2_size_log2 = (uint8_t)s2r.size_log2;
        unsigned s1_sh = effective_sh(t.attr, t.sh);
        t.attr = s2_combine_s1_memattrs(t.attr, s2r.memattr);
        t.sh = (uint8_t)combine_sh(s1_sh, s2r.sh);
        t.stage2 = true;
    }
    t.sh = effective_sh(t.attr, t.sh);
    *out = t;
    return true;
}

uint64_t mmu_tlb_va(const CPU *c, enum Regime r, uint64_t va)
{
    return addr_top(c, r, va) == 55 ? canonical_va(va) : va;
}
