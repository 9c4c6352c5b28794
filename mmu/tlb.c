/* SPDX-License-Identifier: MIT */
/* The architectural TLB model: a set-associative cache of final translations, tagged and
 * invalidated by the rules of the Arm ARM's TLB maintenance instructions (D8, TLBIMatch). */
#include "mmu/tlb.h"

#include <stdlib.h>
#include <string.h>

/*
 * What is cached, and how the tags are used
 * -----------------------------------------
 * Every entry is a complete walk result (stage 1 combined with stage 2 when it applied), as
 * mmu_walk returns it. Nothing from intermediate table levels is cached, so:
 *   - every entry is a "last level" entry (it came from a page or block descriptor): the *L*
 *     TLBI forms (VALE1, VAALE1, VALE2, VALE3, IPAS2LE1) remove exactly what their non-L forms
 *     remove. The leaf flag is kept in the tag so that a future walk cache fits the same rules;
 *   - VMALLE1 ("stage 1 entries") and VMALLS12E1 ("stage 1 or stage 2 entries") both remove
 *     every EL1&0 entry of the VMID: combined entries hold stage-1 information, so both must
 *     remove them. Stage-2-only entries (stage 2 applied while stage 1 was off) are removed by
 *     VMALLE1 too, although hardware may keep its IPA->PA entries: ours are keyed by VA (==
 *     IPA), and a TLBContext does not say whether stage 1 is on, so after the usual
 *     "TLBI VMALLE1; enable the MMU" a kept flat entry would answer a stage-1 lookup;
 *   - IPAS2E1 is required to remove stage-2-only entries, and "is not required to apply to
 *     caching structures that combine stage 1 and stage 2". Combined entries therefore stay:
 *     a hypervisor that changes stage 2 must follow IPAS2E1 with VMALLE1 (or use
 *     VMALLS12E1), and one that forgets sees the stale translation here, as on hardware.
 *
 * An entry is stage-2-only when stage 2 applied and stage 1 was off. A Translation has no
 * flag for "stage 1 off"; it is recognised by the flat mapping (va == ipa) with all six
 * PERM_* bits set. A stage-1 walk of EL1&0 (or EL2&0) can never give that permission set:
 * EL0-writable memory is never privileged-executable (AArch64.S1DirectBasePermissions).
 *
 * Matching (a lookup, or a TLBI with a context):
 *   - regime and security state always match exactly;
 *   - EL1&0 entries carry tr->vmid and match only the same VMID. The walker and whoever
 *     builds a TLBContext must use one rule; the architectural one is "the VMID in force
 *     when EL2 is enabled in the security state, 0 when it is not", so that two VMs with
 *     overlapping VAs and IPAs coexist, and entries made with HCR_EL2.VM == 0 still belong
 *     to a VMID for VMALLE1/VMALLS12E1. EL2&0, EL2 and EL3 entries have no VMID;
 *   - EL1&0 and EL2&0 entries match the ASID unless they are global; EL2 and EL3 have no
 *     ASIDs, so their entries match every ASID whatever nG said;
 *   - the address lies in [va, va + 2^size_log2). Lookups compare all 64 bits of the VA;
 *     TLBI by VA compares VA[55:12] only, since that is all the instruction carries (a TTBR1
 *     address arrives without its upper byte).
 *
 * Organisation
 * ------------
 * sets = entries / ways. An entry of size 2^s is stored in the set chosen from its block
 * number bn = VA[55:0] >> s:
 *     set = (bn ^ (bn >> set_bits) ^ salt(regime, secure, s)) & (sets - 1)
 * so consecutive pages spread over consecutive sets and the regimes (and sizes) are salted
 * apart. A lookup probes one set per mapping size currently held (usually 1-3 of them, kept
 * in a bit mask), so a 2M block entry serves every page of the block, lookups stay
 * O(sizes x ways) without allocation, and a TLBI by VA finds every entry covering its
 * address (in any page of a block) the same way, without scanning.
 *
 * The mmu.h interface gives tlb_insert only the aligned translation, not the address that
 * missed, so storing a block at the set of the accessed page ("splintering") is not
 * possible; indexing blocks by block number gives the same architectural behaviour.
 *
 * Replacement: an insert whose tag and range equal a valid entry's overwrites it (a re-walk
 * after a miss never duplicates); otherwise the lowest invalid way of the set is filled;
 * otherwise the set's round-robin pointer names the victim and advances. The pointer moves
 * only on evictions, so filling an empty set then overflowing it evicts in insertion order.
 */

#define VA_TLBI_MASK 0x00ffffffffffffffULL /* VA[55:0]: what a TLBI by VA can name */
#define MIN_SIZE_LOG2 12
#define MAX_SIZE_LOG2 63

/* All six PERM_* bits: the permission set of a translation with stage 1 off. */
#ifndef PERM_ALL
#define PERM_ALL (PERM_PR | PERM_PW | PERM_PX | PERM_UR | PERM_UW | PERM_UX)
#endif

typedef struct {
    Translation tr;      /* the cached walk result, tr.va aligned to the mapping size */
    uint64_t va_mask;    /* ~(2^size_log2 - 1) */
    bool valid;
    bool secure;         /* security state of the regime */
    bool leaf;           /* from a page or block descriptor (always, see above) */
    bool s2_only;        /* stage 2 with stage 1 off: an IPA->PA mapping only */
} TLBEntry;

struct TLB {
    TLBEntry *e;              /* sets * ways entries, set by set */
    unsigned *next_victim;    /* per set: the way the next eviction replaces */
    unsigned sets, ways, set_bits;
    uint32_t size_count[64];  /* valid entries of each size_log2 */
    uint64_t sizes;           /* bit s set while size_count[s] != 0 */
};

static bool regime_has_asid(unsigned regime) { return regime == REGIME_EL10 || regime == REGIME_EL20; }

static uint64_t size_to_mask(unsigned s) { return ~((1ULL << s) - 1); }

static unsigned set_index(const TLB *t, unsigned regime, bool secure, unsigned s, uint64_t va)
{
    uint64_t bn = (va & VA_TLBI_MASK) >> s;
    uint64_t salt = (regime * 0x9e5u) ^ (secure ? 0x3c7u : 0) ^ ((s - MIN_SIZE_LOG2) * 0x61u);
    return (unsigned)((bn ^ (bn >> t->set_bits) ^ salt) & (t->sets - 1));
}

static TLBEntry *set_of(TLB *t, unsigned regime, bool secure, unsigned s, uint64_t va)
{
    return &t->e[(size_t)set_index(t, regime, secure, s, va) * t->ways];
}

static void count_in(TLB *t, unsigned s)
{
    if (t->size_count[s]++ == 0)
        t->sizes |= 1ULL << s;
}

static void drop(TLB *t, TLBEntry *e)
{
    unsigned s = e->tr.size_log2;
    e->valid = false;
    if (--t->size_count[s] == 0)
        t->sizes &= ~(1ULL << s);
}

TLB *tlb_new(unsigned entries, unsigned ways)
{
    if (entries == 0 || ways == 0 || (entries & (entries - 1)) != 0 || entries % ways != 0)
        return NULL;
    TLB *t = calloc(1, sizeof *t);
    if (!t)
        return NULL;
    t->ways = ways;
    t->sets = entries / ways; /* a power of two: ways divides a power of two */
    while ((1u << t->set_bits) < t->sets)
        t->set_bits++;
    t->e = calloc(entries, sizeof *t->e);
    t->next_victim = calloc(t->sets, sizeof *t->next_victim);
    if (!t->e || !t->next_victim) {
        tlb_free(t);
        return NULL;
    }
    return t;
}

void tlb_free(TLB *t)
{
    if (!t)
        return;
    free(t->e);
    free(t->next_victim);
    free(t);
}

/* The ASID/VMID part of the tag against a context (TLBIMatch's asid and vmid terms). */
static bool context_matches(const TLBEntry *e, const TLBContext *ctx, bool all_asids)
{
    if (e->tr.regime == REGIME_EL10 && e->tr.vmid != ctx->vmid)
        return false;
    if (all_asids || !regime_has_asid(e->tr.regime) || e->tr.global)
        return true;
    return e->tr.asid == ctx->asid;
}

const Translation *tlb_lookup(TLB *t, const TLBContext *ctx, uint64_t va)
{
    for (uint64_t m = t->sizes; m; m &= m - 1) {
        unsigned s = (unsigned)__builtin_ctzll(m);
        TLBEntry *set = set_of(t, ctx->regime, ctx->secure, s, va);
        for (unsigned w = 0; w < t->ways; w++) {
            TLBEntry *e = &set[w];
            if (e->valid && e->tr.size_log2 == s && e->tr.regime == ctx->regime &&
                e->secure == ctx->secure && (va & e->va_mask) == e->tr.va && context_matches(e, ctx, false))
                return &e->tr;
        }
    }
    return NULL;
}

/* Would `e` and a new entry for `tr` answer exactly the same lookups? */
static bool same_tag(const TLBEntry *e, const Translation *tr, bool secure)
{
    if (!e->valid || e->secure != secure || e->tr.regime != tr->regime || e->tr.size_log2 != tr->size_log2 ||
        e->tr.va != (tr->va & size_to_mask(tr->size_log2)))
        return false;
    if (tr->regime == REGIME_EL10 && e->tr.vmid != tr->vmid)
        return false;
    if (!regime_has_asid(tr->regime))
        return true;
    return e->tr.global == tr->global && (tr->global || e->tr.asid == tr->asid);
}

void tlb_insert(TLB *t, const Translation *tr, bool secure)
{
    /* A walk never yields these; caching them would need wider size bookkeeping. */
    if (tr->size_log2 < MIN_SIZE_LOG2 || tr->size_log2 > MAX_SIZE_LOG2 || tr->regime >= REGIME_COUNT)
        return;
    unsigned s = tr->size_log2;
    unsigned idx = set_index(t, tr->regime, secure, s, tr->va);
    TLBEntry *set = &t->e[(size_t)idx * t->ways], *victim = NULL;
    for (unsigned w = 0; w < t->ways && !victim; w++)
        if (same_tag(&set[w], tr, secure))
            victim = &set[w];
    for (unsigned w = 0; w < t->ways && !victim; w++)
        if (!set[w].valid)
            victim = &set[w];
    if (!victim) {
        victim = &set[t->next_victim[idx]];
        t->next_victim[idx] = (t->next_victim[idx] + 1) % t->ways;
    }
    if (victim->valid)
        drop(t, victim);

    victim->tr = *tr;
    victim->va_mask = size_to_mask(s);
    victim->tr.va &= victim->va_mask;
    victim->secure = secure;
    victim->leaf = true;
    victim->s2_only = tr->regime == REGIME_EL10 && tr->stage2 && ((tr->va ^ tr->ipa) & victim->va_mask) == 0 &&
                      (tr->perm & PERM_ALL) == PERM_ALL;
    victim->valid = true;
    count_in(t, s);
}

void tlb_inv_all(TLB *t)
{
    size_t n = (size_t)t->sets * t->ways;
    for (size_t i = 0; i < n; i++)
        t->e[i].valid = false;
    memset(t->next_victim, 0, t->sets * sizeof *t->next_victim);
    memset(t->size_count, 0, sizeof t->size_count);
    t->sizes = 0;
}

/* Remove every valid entry `match` accepts: the whole-TLB scan of the by-context
 * operations (they are rare, and their entries are spread over all sets). */
static void inv_scan(TLB *t, bool (*match)(const TLBEntry *, const void *), const void *arg)
{
    size_t n = (size_t)t->sets * t->ways;
    for (size_t i = 0; i < n; i++)
        if (t->e[i].valid && match(&t->e[i], arg))
            drop(t, &t->e[i]);
}

typedef struct {
    uint8_t regime;
    bool secure;
    uint16_t vmid;
    uint16_t asid;
    bool last_level;
    uint64_t ipa;
} ScanArg;

static bool match_regime(const TLBEntry *e, const void *arg)
{
    const ScanArg *a = arg;
    return e->tr.regime == a->regime && e->secure == a->secure;
}

void tlb_inv_regime(TLB *t, uint8_t regime, bool secure)
{
    ScanArg a = {.regime = regime, .secure = secure};
    inv_scan(t, match_regime, &a);
}

static bool match_vmid(const TLBEntry *e, const void *arg)
{
    const ScanArg *a = arg;
    return e->tr.regime == REGIME_EL10 && e->secure == a->secure && e->tr.vmid == a->vmid;
}

/* VMALLE1 and VMALLS12E1 remove the same entries here (see the top of the file). */
void tlb_inv_vmid(TLB *t, bool secure, uint16_t vmid, bool stage1_only)
{
    ScanArg a = {.secure = secure, .vmid = vmid};
    inv_scan(t, match_vmid, &a);
}

static bool match_asid(const TLBEntry *e, const void *arg)
{
    const ScanArg *a = arg;
    return e->tr.regime == a->regime && e->secure == a->secure && !e->tr.global && e->tr.asid == a->asid &&
           (a->regime != REGIME_EL10 || e->tr.vmid == a->vmid);
}

void tlb_inv_asid(TLB *t, const TLBContext *ctx)
{
    if (!regime_has_asid(ctx->regime))
        return; /* EL2 and EL3 have no ASIDs: nothing is "non-global with this ASID" */
    ScanArg a = {.regime = ctx->regime, .secure = ctx->secure, .vmid = ctx->vmid, .asid = ctx->asid};
    inv_scan(t, match_asid, &a);
}

void tlb_inv_va(TLB *t, const TLBContext *ctx, uint64_t va, bool all_asids, bool last_level)
{
    /* An entry covering `va` sits in the set of va's block number at its own size, so one
     * set per size held finds them all (see the index function above). */
    for (uint64_t m = t->sizes; m; m &= m - 1) {
        unsigned s = (unsigned)__builtin_ctzll(m);
        TLBEntry *set = set_of(t, ctx->regime, ctx->secure, s, va);
        for (unsigned w = 0; w < t->ways; w++) {
            TLBEntry *e = &set[w];
            if (e->valid && e->tr.size_log2 == s && e->tr.regime == ctx->regime && e->secure == ctx->secure &&
                ((e->tr.va ^ va) & e->va_mask & VA_TLBI_MASK) == 0 && (!last_level || e->leaf) &&
                context_matches(e, ctx, all_asids))
                drop(t, e);
        }
    }
}

static bool match_ipa(const TLBEntry *e, const void *arg)
{
    const ScanArg *a = arg;
    return e->s2_only && e->secure == a->secure && e->tr.vmid == a->vmid &&
           ((e->tr.ipa ^ a->ipa) & e->va_mask) == 0 && (!a->last_level || e->leaf);
}

void tlb_inv_ipa(TLB *t, bool secure, uint16_t vmid, uint64_t ipa, bool last_level)
{
    /* Entries are indexed by VA; for a stage-2-only entry VA == IPA, but a scan keeps this
     * independent of that (IPAS2E1 is rare next to lookups). */
    ScanArg a = {.secure = secure, .vmid = vmid, .ipa = ipa, .last_level = last_level};
    inv_scan(t, match_ipa, &a);
}

void tlb_visit(const TLB *t, TLBVisitFn fn, void *opaque)
{
    size_t n = (size_t)t->sets * t->ways;
    for (size_t i = 0; i < n; i++)
        if (t->e[i].valid)
            fn(opaque, &t->e[i].tr, t->e[i].secure);
}

unsigned tlb_count(const TLB *t)
{
    unsigned n = 0;
    for (unsigned s = 0; s < 64; s++)
        n += t->size_count[s];
    return n;
}
