/* SPDX-License-Identifier: MIT */
/* The reference hypervisor's MMU toolkit: VMSAv8-64 descriptor bits, translation-control values, a
 * page pool, a table builder shared by stage 1 and stage 2, barriers/TLBI/AT/cache helpers, and
 * the hook through which the MMU scenarios (4..10) receive their traps. */
#ifndef HV_MMU_H
#define HV_MMU_H

#include <stdint.h>

#include "hv.h"

#define PAGE_SIZE  4096ul
#define PAGE_MASK  (~(PAGE_SIZE - 1))
#define SZ_2M      0x200000ul
#define SZ_1G      0x40000000ul

/* ---- Descriptors, 4K granule (Arm ARM D8.3 "Translation table descriptor formats") ---- */
#define PTE_VALID      (1ul << 0)
#define PTE_TYPE_TABLE (3ul << 0)           /* levels 0..2: next-level table */
#define PTE_TYPE_BLOCK (1ul << 0)           /* levels 1..2 */
#define PTE_TYPE_PAGE  (3ul << 0)           /* level 3 */
#define PTE_ADDR_MASK  0x0000fffffffff000ul /* output address / next-level table, OA[47:12] */
/* Stage 1 attributes (lower: [11:2], upper: [63:51]). */
#define PTE_ATTRINDX(i) ((uint64_t)(i) << 2) /* index into MAIR_ELx */
#define PTE_AP_EL0     (1ul << 6)            /* AP[1]: EL0 may access (stage 1, regimes with EL0) */
#define PTE_AP_RO      (1ul << 7)            /* AP[2]: read-only */
#define PTE_SH_INNER   (3ul << 8)
#define PTE_AF         (1ul << 10)           /* access flag: set, no hardware AF management here */
#define PTE_NG         (1ul << 11)           /* not global: tagged with the ASID */
#define PTE_PXN        (1ul << 53)
#define PTE_UXN        (1ul << 54)           /* UXN, or XN in single-range regimes (EL2, EL3) */
/* Stage 2 attributes (Arm ARM D8.5 "Stage 2 memory region attributes"; no FEAT_S2FWB). */
#define S2_MEMATTR_DEVICE_nGnRE (1ul << 2)   /* MemAttr[3:0] = 0b0001 */
#define S2_MEMATTR_NORMAL_WB    (0xful << 2) /* MemAttr[3:0] = 0b1111: Normal, Inner/Outer WB */
#define S2AP_RO        (1ul << 6)            /* S2AP[1:0] = 0b01: read-only */
#define S2AP_RW        (3ul << 6)            /* S2AP[1:0] = 0b11: read/write */
#define S2AP_MASK      (3ul << 6)
#define S2_XN          (1ul << 54)           /* XN[1] (XN[1:0] = 0b10 with FEAT_XNX): no execution */

/* MAIR_ELx (Arm ARM, MAIR_EL1): the stage-1 AttrIndx values used by every table here. */
#define MT_NORMAL      0                     /* 0xff: Normal, Inner/Outer Write-Back RW-allocate */
#define MT_DEVICE      1                     /* 0x04: Device-nGnRE (the UART) */
#define MT_NORMAL_NC   2                     /* 0x44: Normal Non-cacheable */
#define MAIR_VALUE     (0xfful | (0x04ul << 8) | (0x44ul << 16))

/* Ready-made stage-1 attribute sets: data accesses to RAM are Normal (unaligned accesses are
 * permitted, unlike on Device memory), the UART is Device and never executable. */
#define S1_NORMAL      (PTE_ATTRINDX(MT_NORMAL) | PTE_SH_INNER | PTE_AF)
#define S1_DEVICE      (PTE_ATTRINDX(MT_DEVICE) | PTE_AF | PTE_PXN | PTE_UXN)
/* Stage 2: RAM Normal WB read/write executable; devices Device-nGnRE, not executable. */
#define S2_NORMAL      (S2_MEMATTR_NORMAL_WB | S2AP_RW | PTE_SH_INNER | PTE_AF)
#define S2_DEVICE      (S2_MEMATTR_DEVICE_nGnRE | S2AP_RW | PTE_AF | S2_XN)

/* ---- TCR_EL1 (and TCR_EL2 with E2H = 1, same layout): Arm ARM, TCR_EL1 ---- */
#define TCR_T0SZ(n)    ((uint64_t)(n) << 0)
#define TCR_EPD0       (1ul << 7)
#define TCR_IRGN0_WBWA (1ul << 8)
#define TCR_ORGN0_WBWA (1ul << 10)
#define TCR_SH0_INNER  (3ul << 12)
#define TCR_TG0_4K     (0ul << 14)
#define TCR_T1SZ(n)    ((uint64_t)(n) << 16)
#define TCR_A1         (1ul << 22)           /* ASID from TTBR1 (0: from TTBR0) */
#define TCR_EPD1       (1ul << 23)           /* no walks for the TTBR1 range */
#define TCR_IRGN1_WBWA (1ul << 24)
#define TCR_ORGN1_WBWA (1ul << 26)
#define TCR_SH1_INNER  (3ul << 28)
#define TCR_TG1_4K     (2ul << 30)           /* TG1 encodes 4K as 0b10 */
#define TCR_IPS_40BIT  (2ul << 32)           /* 1 TB of PA: within cortex-a57's and tetrarch's */
/* The common lower range: 4K granule, walks Inner/Outer WB Inner-shareable, 40-bit PA, no TTBR1
 * walks unless a scenario turns them on. */
#define TCR_LOWER(t0sz) (TCR_T0SZ(t0sz) | TCR_IRGN0_WBWA | TCR_ORGN0_WBWA | TCR_SH0_INNER | \
                         TCR_TG0_4K | TCR_EPD1 | TCR_IPS_40BIT)
#define TCR_UPPER(t1sz) (TCR_T1SZ(t1sz) | TCR_IRGN1_WBWA | TCR_ORGN1_WBWA | TCR_SH1_INNER | \
                         TCR_TG1_4K)
#define TTBR_ASID(a)   ((uint64_t)(a) << 48)

/* ---- Stage 2: VTCR_EL2, VTTBR_EL2 (Arm ARM, VTCR_EL2) ---- */
/* 39-bit IPA space (T0SZ = 25) starting at level 1 (SL0 = 1) with one 4K root table, walks
 * Inner/Outer WB Inner-shareable, 40-bit PA, RES1 bit 31. VS = 0: 8-bit VMIDs. */
#define VTCR_VALUE     (25ul | (1ul << 6) | (1ul << 8) | (1ul << 10) | (3ul << 12) | (2ul << 16) | \
                        (1ul << 31))
#define S2_START_LEVEL 1
#define S2_IPA_BITS    39
#define VTTBR(vmid, root) (((uint64_t)(vmid) << 48) | (uint64_t)(root))

/* ---- HCR_EL2 bits beyond hv.h's (Arm ARM, HCR_EL2) ---- */
#define HCR_VM   (1ul << 0)   /* stage 2 translation for EL1&0 */
#define HCR_TTLB (1ul << 25)  /* trap EL1 TLB maintenance instructions (EC 0x18) */
#define HCR_TVM  (1ul << 26)  /* trap EL1 writes to the virtual-memory control registers */
#define HCR_TGE  (1ul << 27)  /* EL0 is the host's: its exceptions go to EL2 */
#define HCR_E2H  (1ul << 34)  /* FEAT_VHE: EL2 host, EL2&0 regime */

/* ---- SCTLR bits (Arm ARM, SCTLR_EL1) ---- */
#define SCTLR_M  (1ul << 0)
#define SCTLR_C  (1ul << 2)
#define SCTLR_I  (1ul << 12)
/* A guest kernel with its MMU and caches on. */
#define SCTLR_EL1_MMU_ON (SCTLR_EL1_MMU_OFF | SCTLR_M | SCTLR_C | SCTLR_I)

/* ---- ESR_ELx: abort syndromes (Arm ARM, ISS encoding for a Data/Instruction Abort) ---- */
#define EC_IABT_LOW   0x20
#define EC_DABT_LOW   0x24
#define EC_DABT_CUR   0x25
#define ISS_ISV       (1u << 24)
#define ISS_SAS(iss)  (((iss) >> 22) & 3)
#define ISS_SRT(iss)  (((iss) >> 16) & 0x1f)
#define ISS_S1PTW     (1u << 7)
#define ISS_WNR       (1u << 6)
#define ISS_FSC(iss)  ((iss) & 0x3f)
/* Fault status codes (DFSC/IFSC, PAR_EL1.FST): type in [5:2], level in [1:0]. */
#define FSC_TRANSLATION 0x04
#define FSC_PERMISSION  0x0c
#define FSC_TYPE(fsc)   ((fsc) & 0x3c)
#define FSC_LEVEL(fsc)  ((fsc) & 3)
/* EC 0x18 ISS fields (Arm ARM, ISS encoding for an exception from MSR, MRS or System
 * instruction execution). */
#define SYSREG_ISS_OP0(i)  (((i) >> 20) & 3)
#define SYSREG_ISS_OP2(i)  (((i) >> 17) & 7)
#define SYSREG_ISS_OP1(i)  (((i) >> 14) & 7)
#define SYSREG_ISS_CRN(i)  (((i) >> 10) & 0xf)
#define SYSREG_ISS_RT(i)   (((i) >> 5) & 0x1f)
#define SYSREG_ISS_CRM(i)  (((i) >> 1) & 0xf)
#define SYSREG_ISS_READ(i) ((i) & 1)
/* Key of a trapped system register or instruction: op0:op1:CRn:CRm:op2 (the MSR encoding). */
#define SYSREG_KEY(op0, op1, crn, crm, op2) \
    (((op0) << 14) | ((op1) << 11) | ((crn) << 7) | ((crm) << 3) | (op2))
#define SYSREG_ISS_KEY(i) SYSREG_KEY(SYSREG_ISS_OP0(i), SYSREG_ISS_OP1(i), SYSREG_ISS_CRN(i), \
                                     SYSREG_ISS_CRM(i), SYSREG_ISS_OP2(i))

/* HPFAR_EL2.FIPA [43:4] holds IPA[51:12] of a stage-2 fault (Arm ARM, HPFAR_EL2). */
static inline uint64_t hpfar_ipa(uint64_t hpfar, uint64_t far)
{
    return ((hpfar & 0x00000ffffffffff0ul) << 8) | (far & 0xfff);
}
/* A trapped register's value: x31 in an ISS is XZR. */
static inline uint64_t frame_reg(const struct trap_frame *f, unsigned r)
{
    return r == 31 ? 0 : f->x[r];
}

/* ---- Barriers, TLB and cache maintenance, address translation ---- */
#define dsb(opt) __asm__ volatile("dsb " #opt : : : "memory")
#define tlbi(op) __asm__ volatile("tlbi " #op : : : "memory")
#define tlbi_va(op, arg) __asm__ volatile("tlbi " #op ", %0" : : "r"((uint64_t)(arg)) : "memory")

/* AT S1E1R from EL2 (the EL1&0 regime of whatever guest context is loaded) and the PAR_EL1 it
 * produces. The ISB orders the AT before the PAR_EL1 read (Arm ARM, "Ordering and completion of
 * the AT instruction" — a direct read of PAR_EL1 needs a context synchronization event). */
static inline uint64_t at_s1e1r(uint64_t va)
{
    __asm__ volatile("at s1e1r, %0" : : "r"(va) : "memory");
    isb();
    return read_sysreg(par_el1);
}
#define PAR_F            1ul
#define PAR_FST(par)     ((unsigned)((par) >> 1) & 0x3f)
#define PAR_PA(par)      ((par) & PTE_ADDR_MASK)
#define PAR_ATTR(par)    ((unsigned)((par) >> 56))

/* DC CVAU + DSB ISH + IC IVAU + DSB ISH + ISB over [start, start + size): what new code needs on
 * a CPU whose instruction and data caches are not unified (Arm ARM, "Concurrent modification
 * and execution of instructions" and the seed 003 claim). Line sizes from CTR_EL0. */
void sync_icache_range(uint64_t start, uint64_t size);
/* DC CIVAC over [start, start + size) and DSB SY: push to and drop from every cache level. */
void dcache_clean_inval_poc(uint64_t start, uint64_t size);

/* ---- Page pool: zeroed 4K pages in the image's .pages section (link.ld), never freed ---- */
/* Each MMU scenario n (4..10) allocates from its own slice of the pool, selected by
 * page_pool_select(n) before it builds anything: its addresses are then the same whichever
 * image runs it, and no page is ever reused (so no cache line of an earlier user can be stale). */
#define POOL_PAGES_PER_SCENARIO 32ul
void page_pool_select(unsigned scenario);
void *page_alloc(void);
extern char __pages_start[], __pages_end[];

/* ---- Table builder (stage 1 and stage 2 share the descriptor shapes) ---- */
struct pt {
    uint64_t *root;        /* the start-level table (a 4K page) */
    unsigned start_level;  /* 0..3 */
};
/* A fresh, empty hierarchy. */
void pt_init(struct pt *pt, unsigned start_level);
/* Map [va, va + size) to [pa, pa + size) with leaves at `level` (1: 1 GiB blocks, 2: 2 MiB
 * blocks, 3: 4 KiB pages); `attrs` holds every descriptor bit except the address and the type.
 * Missing tables are allocated; a block in the way is split into a table of the next level that
 * maps the same range with the same attributes. The hierarchy must not be live (no TLBI). */
void pt_map(struct pt *pt, uint64_t va, uint64_t pa, uint64_t size, unsigned level,
            uint64_t attrs);
/* Install an existing table as the entry for `va` at `level` (levels below the start). */
void pt_link(struct pt *pt, uint64_t va, unsigned level, const void *table);
/* The descriptor that finally maps `va` (a block or page), or NULL if a level is invalid; the
 * level it lives at goes to *level. Never allocates. */
uint64_t *pt_lookup(const struct pt *pt, uint64_t va, unsigned *level);
/* The entry for `va` at exactly `level`, allocating (or splitting blocks) down to it. */
uint64_t *pt_entry(struct pt *pt, uint64_t va, unsigned level);
static inline uint64_t level_size(unsigned level)
{
    return 1ul << (12 + 9 * (3 - level));
}

/* ---- Stage 2 for a guest ---- */
/* A stage-2 hierarchy mapping IPA = PA: the first GiB (flash, UART, RTC) as Device-nGnRE,
 * RAM's first GiB (0x40000000) as Normal WB, read/write, executable: level-1 blocks, which
 * pt_map() splits where a scenario needs finer control. */
void s2_init_identity(struct pt *s2);
/* Change the stage-2 leaf for `ipa` (4K page, split down to it beforehand with pt_entry) while
 * the hierarchy may be live: write the descriptor, then TLBI IPAS2E1 + DSB + TLBI VMALLE1 +
 * DSB + ISB for the VMID in VTTBR_EL2 (Arm ARM, "TLB maintenance requirements and the TLB
 * maintenance instructions": stage-2 changes also invalidate combined stage-1 entries). */
void s2_update_page(uint64_t *desc, uint64_t ipa, uint64_t value);
/* Enter a guest's stage 2: VTCR_EL2, VTTBR_EL2 (root, VMID), HCR_EL2 = RW | VM | extra, and
 * TLBI VMALLS12E1 for the VMID (it may hold entries of an earlier user of the same VMID). */
void s2_enable(const struct pt *s2, unsigned vmid, uint64_t hcr_extra);
/* Leave: HCR_EL2 = RW, TLBI VMALLS12E1 for the VMID in VTTBR_EL2, VTTBR_EL2 = 0. */
void s2_disable(void);

/* ---- EL1 (guest kernel) side ---- */
/* Turn the EL1&0 stage 1 on: MAIR_EL1, TCR_EL1, TTBR0_EL1 (with its ASID), TLBI VMALLE1 (the
 * VMID's stage-1 entries could predate these tables), then SCTLR_EL1 = SCTLR_EL1_MMU_ON. */
void el1_mmu_on(uint64_t ttbr0, uint64_t tcr);
/* The UART's page (uart.c prints through it by its physical address). */
#define UART_PAGE 0x09000000ul

/* ---- Trap routing for the MMU scenarios ---- */
/* The scenario that is running installs its handler here; hv_el2_sync() calls it for any
 * lower-EL synchronous exception the guest-exit HVC and scenarios 2/3 did not claim. */
extern int (*mmu_trap_hook)(struct trap_frame *f);
int mmu_handle_trap(struct trap_frame *f);

/* ---- mmu_asm.S ---- */
/* Scenario 5: switch TTBR0_EL1 A -> C (x0) while executing the double-mapped code, jump to its
 * B alias (+delta), switch TTBR0_EL1 -> B (x1), move SP to its B alias and continue in `cont`
 * (its A address; called at A + delta) with x0 = pcs, where pcs[0..2] were filled with the PCs
 * seen in A, in C at the A address, and in C at the B address, pcs[3] with the PC in B. */
void remap_switch(uint64_t ttbr_c, uint64_t ttbr_b, uint64_t delta, void (*cont)(uint64_t *),
                  uint64_t *pcs) __attribute__((noreturn));
extern char remap_text_start[], remap_text_end[];
/* Scenario 6: with HCR_EL2 = E2H | TGE | RW and the EL2&0 tables loaded, turn EL2's MMU on
 * (SCTLR_EL2 <- sctlr), move PC, SP and VBAR_EL2 to their upper aliases (+delta), call fn(arg)
 * there, then move back to the identity alias and turn EL2's MMU off before returning fn's
 * result (the caller clears E2H). */
uint64_t vhe_call_high(uint64_t sctlr, uint64_t delta, uint64_t (*fn)(uint64_t), uint64_t arg);
/* Scenario 6: the EL0 program, position independent, alone in its page. */
extern char vhe_user_start[], vhe_user_end[], vhe_user_main[];
/* Scenario 7: the code the hypervisor copies into the guest's lazily mapped page. */
extern char lazy_code_start[], lazy_code_end[];

/* ---- An EL1 guest under a VMID of its own with stage 2 off ---- */
/* Tag the guest's TLB entries with `vmid` (VTTBR_EL2, no stage-2 tables) and drop any entries
 * an earlier user of the VMID left (TLBI VMALLS12E1). */
void vmid_enter(unsigned vmid);
/* Run the EL1 guest at `entry` (EL1h) until it exits; returns its exit status. */
uint64_t run_el1_guest(void (*entry)(void));
/* Drop the guest's entries and go back to VMID 0. */
void vmid_leave(void);

/* ---- The MMU scenarios ---- */
int scenario_gva_scan(void);
int scenario_remap(void);
int scenario_vhe_widths(void);
int scenario_lazy_cmo(void);
int scenario_shadow_pt(void);
int scenario_vmids(void);
int scenario_prda(void);

#endif
