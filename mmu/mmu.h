/* SPDX-License-Identifier: MIT */
/* Address translation (Arm ARM AArch64.TranslateAddress and friends): translation regimes,
 * the stage-1 and stage-2 table walker, and the records it shares with the TLB model. */
#ifndef TETRARCH_MMU_H
#define TETRARCH_MMU_H

#include <stdbool.h>
#include <stdint.h>

#include "cpu/cpu.h"

/* Translation regimes. */
enum Regime {
    REGIME_EL10,    /* EL1&0: TTBR0/1_EL1, TCR_EL1, stage 2 when HCR_EL2.VM (Non-secure) */
    REGIME_EL20,    /* EL2&0 with HCR_EL2.E2H: TTBR0/1_EL2, ASIDs, no stage 2 */
    REGIME_EL2,     /* EL2: TTBR0_EL2 only */
    REGIME_EL3,     /* EL3: TTBR0_EL3 */
    REGIME_COUNT
};

/* What the access is, for permissions, the access flag and syndromes. */
typedef struct {
    bool write;         /* a store, or the write half of an atomic */
    bool fetch;         /* instruction fetch */
    bool unpriv;        /* checked with EL0 permissions (LDTR/STTR, AT S1E0*) */
    bool pan_check;     /* apply PSTATE.PAN (EL1/EL2-host data accesses that are not unpriv) */
    bool at;            /* from an AT instruction: no access flag update side effects beyond the walk */
    bool s1_only;       /* AT S1E1*: stop after stage 1 (the result is an IPA) */
    bool cache_maint;   /* DC/IC by VA (CM=1 in the syndrome; read permission suffices) */
} AccessDesc;

/* Stage-1 permission bits of a translation (AP, UXN, PXN, hierarchical controls and WXN
 * applied). PAN is not folded in: it depends on PSTATE at the time of the access. */
enum {
    PERM_PR = 1 << 0,   /* privileged read */
    PERM_PW = 1 << 1,   /* privileged write */
    PERM_PX = 1 << 2,   /* privileged execute */
    PERM_UR = 1 << 3,   /* EL0 read */
    PERM_UW = 1 << 4,   /* EL0 write */
    PERM_UX = 1 << 5,   /* EL0 execute */
};

/* Stage-2 permission bits (S2AP and XN). */
enum { S2_R = 1 << 0, S2_W = 1 << 1, S2_X = 1 << 2 };

/* A successful translation: exactly what an architectural TLB entry caches. */
typedef struct {
    uint64_t va;         /* input address, aligned down to the mapping size */
    uint64_t oa;         /* output address (PA) of the mapping's first byte */
    uint64_t ipa;        /* intermediate physical address when stage 2 applied, else oa */
    uint8_t size_log2;   /* mapping size: 12 (4K page) ... 42 (4TB block) */
    uint8_t level;       /* level of the final descriptor (stage 1) */
    uint8_t regime;      /* enum Regime */
    uint8_t perm;        /* stage-1 PERM_* (all set when stage 1 is off) */
    uint8_t s2_perm;     /* stage-2 S2_* (all set when stage 2 does not apply) */
    uint8_t attr;        /* MAIR-format memory attributes (stage 1 combined with stage 2) */
    uint8_t sh;          /* shareability */
    bool ns;             /* output in the Non-secure PA space */
    bool global;         /* nG == 0 (applies to every ASID) */
    bool stage2;         /* stage 2 was applied */
    uint16_t asid;       /* ASID of the walk (meaningful when !global) */
    uint16_t vmid;       /* VMID (REGIME_EL10 with stage 2 enabled, else 0) */
    uint8_t s2_level;    /* level of the final stage-2 descriptor */
    uint8_t s2_size_log2;
    uint64_t s1_desc_pa; /* PA of the final stage-1 descriptor (for --check-tlb reports) */
} Translation;

/* Fault kinds (the type part of a fault status code). */
enum FaultType {
    FAULT_NONE = 0,
    FAULT_ADDR_SIZE,     /* DFSC 0b0000LL */
    FAULT_TRANSLATION,   /* DFSC 0b0001LL */
    FAULT_ACCESS_FLAG,   /* DFSC 0b0010LL */
    FAULT_PERMISSION,    /* DFSC 0b0011LL */
    FAULT_EXT_ABORT,     /* DFSC 0b010000 (or 0b0101LL on a table walk) */
    FAULT_ALIGNMENT,     /* DFSC 0b100001 */
};

/* A failed translation. */
typedef struct {
    uint8_t type;        /* enum FaultType */
    int8_t level;        /* level of the lookup that faulted (-1 .. 3) */
    uint8_t stage;       /* 1 or 2 */
    bool s1ptw;          /* stage-2 fault on a stage-1 table walk access */
    bool write;          /* WnR to report */
    uint64_t ipa;        /* faulting IPA for stage-2 faults (HPFAR_EL2 and PAR); from
                          * mmu_check_perms, the base of the cached mapping (add the offset) */
} TransFault;

/* Fault status code (DFSC/IFSC and PAR_EL1.FST) for a fault. */
unsigned fault_status_code(const TransFault *f);

/* The regime an access at `el` uses (with `unpriv`, the EL0 view of EL1 or of the host). */
enum Regime mmu_regime(const CPU *c, unsigned el);

/* Walk the tables for `va` in `regime` (stage 1, then stage 2 when it applies), reading
 * descriptors from physical memory. No TLB is consulted or filled. Permissions are checked
 * for `ad` at `el` (the EL whose permissions apply). Returns true with *out filled, or false
 * with *fault filled. With stage 1 disabled it returns the flat mapping with the default
 * attributes (AArch64.TranslateAddressS1Off). */
bool mmu_walk(CPU *c, enum Regime regime, unsigned el, uint64_t va, const AccessDesc *ad,
              Translation *out, TransFault *fault);

/* One descriptor read by a walk, for `monitor translate` in the gdb stub. */
typedef struct {
    uint8_t stage;       /* 1 or 2 */
    int8_t level;
    bool s1ptw;          /* a stage-2 lookup of a stage-1 table address */
    uint64_t ia;         /* the walk's input address: the VA (stage 1) or the IPA (stage 2) */
    uint64_t desc_addr;  /* the descriptor's address: an IPA for stage-1 tables under stage 2 */
    uint64_t desc_pa;    /* the PA it was read from */
    uint64_t desc;
} WalkStep;
#define WALK_TRACE_MAX 32
typedef struct {
    unsigned n;          /* steps recorded (a walk that faulted stops at the faulting read) */
    WalkStep step[WALK_TRACE_MAX];
} WalkTrace;

/* mmu_walk that also records, in order, every descriptor it reads (stage 1, the stage-2 walks
 * of stage-1 table addresses, then the final stage 2) in *trace; trace->n is reset first. */
bool mmu_walk_traced(CPU *c, enum Regime regime, unsigned el, uint64_t va, const AccessDesc *ad,
                     Translation *out, TransFault *fault, WalkTrace *trace);

/* The VA as the TLB keys it: with top-byte-ignore in force for `va`, bits 63:56 replaced by
 * copies of bit 55 (Translation.va is canonical); otherwise unchanged, so that a non-canonical
 * address misses and its walk faults. */
uint64_t mmu_tlb_va(const CPU *c, enum Regime r, uint64_t va);

/* Check a cached translation's permissions (and PAN) for an access. Returns true when allowed;
 * else fills *fault with the permission fault at the right stage and level. */
bool mmu_check_perms(const CPU *c, const Translation *t, unsigned el, const AccessDesc *ad, TransFault *fault);

#endif
