/* SPDX-License-Identifier: MIT */
/* The architectural TLB model: set-associative, entries tagged with translation regime,
 * security state, VMID, ASID and nG, and every TLBI operation of the A64 instruction set.
 * Because accesses go through it, stale entries behave as on hardware until invalidated. */
#ifndef TETRARCH_TLB_H
#define TETRARCH_TLB_H

#include <stdbool.h>
#include <stdint.h>

#include "mmu/mmu.h"

typedef struct TLB TLB;

/* Default geometry: a Cortex-A55-like unified L2 TLB of 1024 entries, 4-way. */
#define TLB_DEFAULT_ENTRIES 1024
#define TLB_DEFAULT_WAYS 4

/* entries must be a power of two and a multiple of ways; returns NULL otherwise. */
TLB *tlb_new(unsigned entries, unsigned ways);
void tlb_free(TLB *t);

/* The context a lookup or a context-specific invalidation applies to. */
typedef struct {
    uint8_t regime;      /* enum Regime */
    bool secure;
    uint16_t vmid;       /* used for REGIME_EL10 when stage 2 is enabled, else 0 */
    uint16_t asid;       /* current ASID for regimes with ASIDs (EL10, EL20) */
} TLBContext;

/* Find a valid entry covering `va` for the context: global entries match any ASID. Returns
 * NULL on a miss. The pointer is valid until the next insert or invalidation. */
const Translation *tlb_lookup(TLB *t, const TLBContext *ctx, uint64_t va);
/* Cache a walk result (it carries regime, asid, vmid and global); `secure` is the security
 * state of the regime. Evicts by round robin within the set. */
void tlb_insert(TLB *t, const Translation *tr, bool secure);

/* TLBI operations. `va` is the address from Xt (already shifted: VA[55:12] << 12, sign
 * extension not needed for matching), `last_level` selects the *L* forms (only entries from a
 * last-level descriptor are required to go; entries from blocks are removed too, as allowed). */
void tlb_inv_all(TLB *t);                                            /* power-on state */
void tlb_inv_regime(TLB *t, uint8_t regime, bool secure);            /* ALLE2 (EL2 and EL20), ALLE3, ALLE1 (all VMIDs) */
void tlb_inv_vmid(TLB *t, bool secure, uint16_t vmid, bool stage1_only); /* VMALLE1 (stage1_only), VMALLS12E1 */
void tlb_inv_asid(TLB *t, const TLBContext *ctx);                    /* ASIDE1: non-global entries of ASID in ctx's VMID */
void tlb_inv_va(TLB *t, const TLBContext *ctx, uint64_t va, bool all_asids, bool last_level); /* VAE1/VALE1/VAAE1/VAALE1, VAE2.., VAE3.. */
void tlb_inv_ipa(TLB *t, bool secure, uint16_t vmid, uint64_t ipa, bool last_level); /* IPAS2E1/IPAS2LE1: stage-2-only entries */

/* Statistics and inspection (gdb `tlb`, tests). */
typedef void (*TLBVisitFn)(void *opaque, const Translation *tr, bool secure);
void tlb_visit(const TLB *t, TLBVisitFn fn, void *opaque);
unsigned tlb_count(const TLB *t);

#endif
