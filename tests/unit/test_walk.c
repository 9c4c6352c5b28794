/* SPDX-License-Identifier: MIT */
/* Unit tests for mmu/walk.c: translation tables built by hand in RAM, walked with mmu_walk, and
 * every Translation field or fault asserted. Expected values follow the Arm ARM pseudocode
 * (AArch64.TranslationTableWalk, AArch64.CheckPermission, AArch64.CheckS2Permission,
 * S2CombineS1MemAttrs, AArch64.TranslateAddressS1Off). */
#include <check.h>
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>

#include "cpu/regbits.h"
#include "mmu/mmu.h"
#include "mmu/phys.h"
#include "tests/unit/harness.h"

/* ============================== Table builder ============================= */

#define POOL_BASE 0x40400000ULL  /* above the harness code, data and stacks */
#define RAM_END 0x44000000ULL
#define UNASSIGNED_PA 0x100000000ULL

static uint64_t pool;

/* Table memory from a bump allocator, aligned to its size (at least a 4KB page). */
static uint64_t tt_alloc(uint64_t size)
{
    uint64_t align = size < 0x1000 ? 0x1000 : size;
    pool = (pool + align - 1) & ~(align - 1);
    uint64_t pa = pool;
    pool += size;
    ck_assert(pool <= RAM_END);
    return pa;
}

/* One set of tables: granule, input size and start level are given by each test (not derived
 * by the same formula the walker uses). */
typedef struct {
    unsigned grain;       /* log2 of the granule */
    unsigned inputsize;
    int start;
    uint64_t root;        /* PA of the start table (or of the concatenated tables) */
    uint64_t ipa_off;     /* table descriptors hold PA + ipa_off (stage-1 tables behind stage 2) */
} Tables;

static Tables tt_new(unsigned grain, unsigned inputsize, int start)
{
    unsigned stride = grain - 3;
    unsigned entries_log2 = inputsize - ((3 - start) * stride + grain);
    Tables t = {.grain = grain, .inputsize = inputsize, .start = start};
    t.root = tt_alloc(8ULL << entries_log2);
    return t;
}

/* PA of the descriptor for `ia` at `level`, creating the tables above it. */
static uint64_t tt_slot(const Tables *t, uint64_t ia, int level)
{
    unsigned stride = t->grain - 3;
    uint64_t table = t->root;
    for (int l = t->start;; l++) {
        unsigned bottom = (3 - l) * stride + t->grain;
        unsigned width = l == t->start ? t->inputsize - bottom : stride;
        uint64_t slot = table + ((ia >> bottom) & ((1ULL << width) - 1)) * 8;
        if (l == level)
            return slot;
        uint64_t d = h_peek(slot, 8);
        if (!(d & 1)) {
            d = (tt_alloc(1ULL << t->grain) + t->ipa_off) | 3;
            h_poke(slot, 8, d);
        }
        table = (d & 0xFFFFFFFFF000ULL & ~((1ULL << t->grain) - 1)) - t->ipa_off;
    }
}

static uint64_t tt_map(const Tables *t, uint64_t ia, int level, uint64_t desc)
{
    uint64_t slot = tt_slot(t, ia, level);
    h_poke(slot, 8, desc);
    return slot;
}

/* OR attribute bits into the table descriptor at `level` on the way to `ia`. */
static void tt_table_bits(const Tables *t, uint64_t ia, int level, uint64_t bits)
{
    uint64_t slot = tt_slot(t, ia, level);
    h_poke(slot, 8, h_peek(slot, 8) | bits);
}

/* Descriptor fields. */
#define AF (1ULL << 10)
#define PAGE(pa) ((uint64_t)(pa) | 3 | AF)
#define BLOCK(pa) ((uint64_t)(pa) | 1 | AF)
#define ATTRIDX(i) ((uint64_t)(i) << 2)
#define NS_BIT (1ULL << 5)
#define AP(x) ((uint64_t)(x) << 6)
#define SH(x) ((uint64_t)(x) << 8)
#define NG (1ULL << 11)
#define PXN (1ULL << 53)
#define UXN (1ULL << 54)
#define XN UXN
#define PXN_TABLE (1ULL << 59)
#define XN_TABLE (1ULL << 60)
#define AP_TABLE(x) ((uint64_t)(x) << 61)
#define NS_TABLE (1ULL << 63)
/* Stage 2. */
#define MEMATTR(x) ((uint64_t)(x) << 2)
#define S2AP(x) ((uint64_t)(x) << 6)
#define S2_NONE S2AP(0)
#define S2_RO S2AP(1)
#define S2_WO S2AP(2)
#define S2_RW S2AP(3)
#define S2PAGE(pa, ap) (PAGE(pa) | (ap) | MEMATTR(0xF) | SH(3))
#define S2BLOCK(pa, ap) (BLOCK(pa) | (ap) | MEMATTR(0xF) | SH(3))

/* Registers. */
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
#define TCR_ELX_TBI (1ULL << 20)
#define VTCR_VS (1ULL << 19)
#define HCR_DC (1ULL << 12)
enum { TG0_4K = 0, TG0_64K = 1, TG0_16K = 2 };
enum { TG1_16K = 1, TG1_4K = 2, TG1_64K = 3 };
enum { PS_32 = 0, PS_40 = 2, PS_48 = 5 };
/* MAIR: 0 Normal WB RW-alloc, 1 Device-nGnRnE, 2 Normal NC, 3 Device-nGnRE, 4 Normal WT RW-alloc,
 * 5 Device-GRE, 6 Normal WB transient RW-alloc, 7 outer WB / inner NC. */
#define MAIR 0xF4770CBB044400FFULL

static uint64_t tcr_el1(unsigned t0sz, unsigned tg0, unsigned t1sz, unsigned tg1, unsigned ips)
{
    return t0sz | ((uint64_t)tg0 << 14) | ((uint64_t)t1sz << 16) | ((uint64_t)tg1 << 30) | ((uint64_t)ips << 32);
}
/* TCR_EL2 (E2H == 0), TCR_EL3 and VTCR_EL2 share T0SZ, TG0 and PS. */
static uint64_t tcr_elx(unsigned t0sz, unsigned tg0, unsigned ps)
{
    return t0sz | ((uint64_t)tg0 << 14) | ((uint64_t)ps << 16);
}
static unsigned tg0_of(unsigned grain) { return grain == 12 ? TG0_4K : grain == 14 ? TG0_16K : TG0_64K; }

/* EL1&0 with stage 1 on: TTBR0 tables of `grain` and T0SZ; TTBR1 4KB T1SZ=16; IPS 48 bits. */
static Tables setup_el1(unsigned grain, unsigned t0sz, int start)
{
    Tables t = tt_new(grain, 64 - t0sz, start);
    hc->sr[SR_TCR_EL1] = tcr_el1(t0sz, tg0_of(grain), 16, TG1_4K, PS_48);
    hc->sr[SR_TTBR0_EL1] = t.root;
    hc->sr[SR_MAIR_EL1] = MAIR;
    hc->sr[SR_SCTLR_EL1] |= SCTLR_M;
    return t;
}

/* Stage 2 on (HCR_EL2.VM) with VMID 0x12. */
static Tables setup_s2(unsigned grain, unsigned t0sz, unsigned sl0, int start)
{
    Tables t = tt_new(grain, 64 - t0sz, start);
    hc->sr[SR_VTCR_EL2] = tcr_elx(t0sz, tg0_of(grain), PS_48) | (sl0 << 6);
    hc->sr[SR_VTTBR_EL2] = t.root | (0x12ULL << 48);
    hc->sr[SR_HCR_EL2] |= HCR_VM;
    return t;
}

/* The usual stage 2: 4KB, 39-bit IPA, start level 1, the table pool mapped flat by a 2MB block
 * (IPA 0x40400000), so stage-1 tables can be read. */
static Tables setup_s2_flat_pool(void)
{
    Tables s2 = setup_s2(12, 25, 1, 1);
    tt_map(&s2, POOL_BASE, 2, S2BLOCK(POOL_BASE, S2_RW));
    return s2;
}

/* ============================== Walk helpers ============================== */

static Translation tr;
static TransFault tf;

#define RD ((AccessDesc){0})
#define WR ((AccessDesc){.write = true})
#define EX ((AccessDesc){.fetch = true})

static bool xlate(unsigned el, uint64_t va, AccessDesc ad)
{
    memset(&tr, 0xA5, sizeof tr);
    memset(&tf, 0xA5, sizeof tf);
    return mmu_walk(hc, mmu_regime(hc, el), el, va, &ad, &tr, &tf);
}

static void ok_at(int line, unsigned el, uint64_t va, AccessDesc ad)
{
    bool r = xlate(el, va, ad);
    ck_assert_msg(r, "line %d: fault type %u level %d stage %u s1ptw %d", line, tf.type, tf.level, tf.stage,
                  tf.s1ptw);
}

static void fault_at(int line, unsigned el, uint64_t va, AccessDesc ad, unsigned type, int level, unsigned stage)
{
    bool r = xlate(el, va, ad);
    ck_assert_msg(!r, "line %d: translated to 0x%llx", line, (unsigned long long)tr.oa);
    ck_assert_msg(tf.type == type && tf.level == level && tf.stage == stage,
                  "line %d: fault type %u level %d stage %u, expected %u %d %u", line, tf.type, tf.level, tf.stage,
                  type, level, stage);
}

#define OK(el, va, ad) ok_at(__LINE__, el, va, ad)
#define FAULT(el, va, ad, type, level, stage) fault_at(__LINE__, el, va, ad, type, level, stage)
#define PERM_FAULT(el, va, ad) FAULT(el, va, ad, FAULT_PERMISSION, 3, 1)

static void walk_setup(void)
{
    h_setup();
    pool = POOL_BASE;
}

/* ============================== Fault codes, regimes ====================== */

START_TEST(test_fault_status_codes)
{
    TransFault f = {.type = FAULT_ADDR_SIZE, .level = 2};
    ck_assert_uint_eq(fault_status_code(&f), 0x02);
    f = (TransFault){.type = FAULT_TRANSLATION, .level = 3};
    ck_assert_uint_eq(fault_status_code(&f), 0x07);
    f = (TransFault){.type = FAULT_ACCESS_FLAG, .level = 1};
    ck_assert_uint_eq(fault_status_code(&f), 0x09);
    f = (TransFault){.type = FAULT_PERMISSION, .level = 3};
    ck_assert_uint_eq(fault_status_code(&f), 0x0F);
    f = (TransFault){.type = FAULT_EXT_ABORT, .level = 1};
    ck_assert_uint_eq(fault_status_code(&f), 0x15);
    f = (TransFault){.type = FAULT_EXT_ABORT, .level = -1};   /* not on a walk */
    ck_assert_uint_eq(fault_status_code(&f), 0x10);
    f = (TransFault){.type = FAULT_ALIGNMENT, .level = 0};
    ck_assert_uint_eq(fault_status_code(&f), 0x21);
    f = (TransFault){.type = FAULT_TRANSLATION, .level = 0};
    ck_assert_uint_eq(fault_status_code(&f), 0x04);
}
END_TEST

START_TEST(test_regime_selection)
{
    ck_assert_uint_eq(mmu_regime(hc, 0), REGIME_EL10);
    ck_assert_uint_eq(mmu_regime(hc, 1), REGIME_EL10);
    ck_assert_uint_eq(mmu_regime(hc, 2), REGIME_EL2);
    ck_assert_uint_eq(mmu_regime(hc, 3), REGIME_EL3);
    hc->sr[SR_HCR_EL2] |= HCR_E2H;
    ck_assert_uint_eq(mmu_regime(hc, 0), REGIME_EL10);
    ck_assert_uint_eq(mmu_regime(hc, 2), REGIME_EL20);
    hc->sr[SR_HCR_EL2] |= HCR_TGE;
    ck_assert_uint_eq(mmu_regime(hc, 0), REGIME_EL20);
    ck_assert_uint_eq(mmu_regime(hc, 1), REGIME_EL10);
    /* TGE without E2H: EL0 stays in EL1&0. */
    hc->sr[SR_HCR_EL2] &= ~HCR_E2H;
    ck_assert_uint_eq(mmu_regime(hc, 0), REGIME_EL10);
    /* Secure state has no EL2 here: the host regime cannot apply. */
    hc->sr[SR_HCR_EL2] |= HCR_E2H;
    hc->sr[SR_SCR_EL3] &= ~SCR_NS;
    ck_assert_uint_eq(mmu_regime(hc, 0), REGIME_EL10);
}
END_TEST

/* ============================== Stage 1 off =============================== */

START_TEST(test_s1_off_data)
{
    OK(1, 0x40123456, RD);
    ASSERT_HEX(tr.va, 0x40123000);
    ASSERT_HEX(tr.oa, 0x40123000);
    ASSERT_HEX(tr.ipa, 0x40123000);
    ck_assert_uint_eq(tr.size_log2, 12);
    ck_assert_uint_eq(tr.regime, REGIME_EL10);
    ASSERT_HEX(tr.perm, 0x3F);
    ASSERT_HEX(tr.s2_perm, 7);
    ASSERT_HEX(tr.attr, 0x00);       /* Device-nGnRnE */
    ck_assert_uint_eq(tr.sh, 2);     /* Outer Shareable */
    ck_assert(tr.ns);
    ck_assert(tr.global);
    ck_assert(!tr.stage2);
    ck_assert_uint_eq(tr.vmid, 0);
    ASSERT_HEX(tr.s1_desc_pa, 0);
    /* Every access is allowed, at EL0 too, and PAN does not apply. */
    OK(0, 0x40123456, WR);
    OK(0, 0x40123456, EX);
    hc->ps.pan = 1;
    OK(1, 0x40123456, ((AccessDesc){.pan_check = true}));
}
END_TEST

START_TEST(test_s1_off_fetch_attributes)
{
    OK(1, 0x40000000, EX);
    ASSERT_HEX(tr.attr, 0x44);       /* SCTLR.I == 0: Normal Non-cacheable */
    ck_assert_uint_eq(tr.sh, 2);
    hc->sr[SR_SCTLR_EL1] |= SCTLR_I;
    OK(1, 0x40000000, EX);
    ASSERT_HEX(tr.attr, 0xAA);       /* Normal Write-Through Read-Allocate */
    OK(1, 0x40000000, RD);
    ASSERT_HEX(tr.attr, 0x00);
    /* The regime's SCTLR decides: EL2 with SCTLR_EL2.I. */
    hc->sr[SR_SCTLR_EL2] |= SCTLR_I;
    OK(2, 0x40000000, EX);
    ASSERT_HEX(tr.attr, 0xAA);
    ck_assert_uint_eq(tr.regime, REGIME_EL2);
}
END_TEST

START_TEST(test_s1_off_address_size)
{
    FAULT(1, 1ULL << 48, RD, FAULT_ADDR_SIZE, 0, 1);
    FAULT(1, 0xFF00000040000000ULL, RD, FAULT_ADDR_SIZE, 0, 1);
    /* With TBI0 the tag byte is not part of the check (nor of the output). */
    hc->sr[SR_TCR_EL1] |= TCR_TBI0;
    OK(1, 0x5A00000040001234ULL, RD);
    ASSERT_HEX(tr.oa, 0x40001000);
    ASSERT_HEX(tr.va, 0x40001000);
    OK(1, 0x5A00000040001234ULL, EX);  /* no TBID without FEAT_PAuth: fetches too */
    /* Bits 55:48 still count. */
    FAULT(1, 0x0080000040000000ULL, RD, FAULT_ADDR_SIZE, 0, 1);
    /* EL2 without E2H: TCR_EL2.TBI. */
    FAULT(2, 0x5A00000040001234ULL, RD, FAULT_ADDR_SIZE, 0, 1);
    hc->sr[SR_TCR_EL2] |= TCR_ELX_TBI;
    OK(2, 0x5A00000040001234ULL, RD);
    ASSERT_HEX(tr.oa, 0x40001000);
    /* Secure state: the output is in the Secure PA space. */
    OK(3, 0x40001000, RD);
    ck_assert(!tr.ns);
}
END_TEST

START_TEST(test_tge_disables_el10_stage1)
{
    Tables t = setup_el1(12, 16, 0);
    tt_map(&t, 0x40000000, 1, BLOCK(0x80000000) | AP(1));
    OK(0, 0x40000000, RD);
    ASSERT_HEX(tr.oa, 0x80000000);
    hc->sr[SR_HCR_EL2] |= HCR_TGE;
    OK(0, 0x40000000, RD);
    ASSERT_HEX(tr.oa, 0x40000000);   /* flat */
    ASSERT_HEX(tr.perm, 0x3F);
}
END_TEST

/* ============================== 4KB granule ================================ */

START_TEST(test_4k_level0_start_page)
{
    Tables t = setup_el1(12, 16, 0);
    uint64_t slot = tt_map(&t, 0x123456789000ULL, 3, PAGE(0x40ABC000) | ATTRIDX(0) | SH(3));
    ASSERT_HEX(slot & 0xFFF, 0x189 * 8); /* VA[20:12] = 0x189 */
    OK(1, 0x123456789ABCULL, RD);
    ASSERT_HEX(tr.va, 0x123456789000ULL);
    ASSERT_HEX(tr.oa, 0x40ABC000);
    ASSERT_HEX(tr.ipa, 0x40ABC000);
    ck_assert_uint_eq(tr.size_log2, 12);
    ck_assert_uint_eq(tr.level, 3);
    ck_assert_uint_eq(tr.regime, REGIME_EL10);
    ASSERT_HEX(tr.perm, PERM_PR | PERM_PW | PERM_PX | PERM_UX);
    ASSERT_HEX(tr.s2_perm, 7);
    ASSERT_HEX(tr.attr, 0xFF);
    ck_assert_uint_eq(tr.sh, 3);
    ck_assert(tr.ns);
    ck_assert(tr.global);
    ck_assert(!tr.stage2);
    ck_assert_uint_eq(tr.asid, 0);
    ck_assert_uint_eq(tr.vmid, 0);
    ck_assert_uint_eq(tr.s2_level, 0);
    ck_assert_uint_eq(tr.s2_size_log2, 0);
    ASSERT_HEX(tr.s1_desc_pa, slot);
    /* Neighbours are unmapped: translation faults at the level that is missing. */
    FAULT(1, 0x12345678A000ULL, RD, FAULT_TRANSLATION, 3, 1);   /* VA[13:12] */
    FAULT(1, 0x123456589000ULL, RD, FAULT_TRANSLATION, 2, 1);   /* VA[21] */
    FAULT(1, 0x123416789000ULL, RD, FAULT_TRANSLATION, 1, 1);   /* VA[30] */
    FAULT(1, 0x12B456789000ULL, RD, FAULT_TRANSLATION, 0, 1);   /* VA[39] */
}
END_TEST

START_TEST(test_4k_level1_start_block)
{
    Tables t = setup_el1(12, 25, 1); /* 39-bit VA: the walk starts at level 1 */
    uint64_t slot = tt_map(&t, 0x7FC0000000ULL, 1, BLOCK(0x40000000) | ATTRIDX(2));
    ASSERT_HEX(slot, t.root + 0x1FF * 8);
    OK(1, 0x7FC0123456ULL, RD);
    ASSERT_HEX(tr.va, 0x7FC0000000ULL);
    ASSERT_HEX(tr.oa, 0x40000000);
    ck_assert_uint_eq(tr.size_log2, 30);
    ck_assert_uint_eq(tr.level, 1);
    ASSERT_HEX(tr.attr, 0x44);
    ck_assert_uint_eq(tr.sh, 2);     /* Non-cacheable Normal is Outer Shareable */
    ASSERT_HEX(tr.s1_desc_pa, slot);
    /* Bit 39 is outside the 39-bit range. */
    FAULT(1, 0x8000000000ULL, RD, FAULT_TRANSLATION, 0, 1);
}
END_TEST

START_TEST(test_4k_level2_start_block)
{
    Tables t = setup_el1(12, 34, 2); /* 30-bit VA: level 2 */
    uint64_t slot = tt_map(&t, 0x3FE00000, 2, BLOCK(0x40200000) | ATTRIDX(3));
    ASSERT_HEX(slot, t.root + 0x1FF * 8);
    OK(1, 0x3FE01234, RD);
    ASSERT_HEX(tr.va, 0x3FE00000);
    ASSERT_HEX(tr.oa, 0x40200000);
    ck_assert_uint_eq(tr.size_log2, 21);
    ck_assert_uint_eq(tr.level, 2);
    ASSERT_HEX(tr.attr, 0x04);
    FAULT(1, 0x40000000, RD, FAULT_TRANSLATION, 0, 1);
}
END_TEST

START_TEST(test_txsz_clamped)
{
    /* T0SZ < 16 is treated as 16 (CONSTRAINED UNPREDICTABLE, FORCE). */
    Tables t = setup_el1(12, 16, 0);
    hc->sr[SR_TCR_EL1] = (hc->sr[SR_TCR_EL1] & ~0x3FULL) | 8;
    tt_map(&t, 0x800000000000ULL, 3, PAGE(0x40001000));
    OK(1, 0x800000000000ULL, RD);
    ASSERT_HEX(tr.oa, 0x40001000);
    FAULT(1, 1ULL << 48, RD, FAULT_TRANSLATION, 0, 1);
    /* T0SZ > 39 is treated as 39: 25-bit VAs starting at level 2. */
    Tables u = setup_el1(12, 39, 2);
    tt_map(&u, 0x1FFF000, 3, PAGE(0x40002000));
    hc->sr[SR_TCR_EL1] = (hc->sr[SR_TCR_EL1] & ~0x3FULL) | 48;
    OK(1, 0x1FFF000, RD);
    ASSERT_HEX(tr.oa, 0x40002000);
    FAULT(1, 0x2000000, RD, FAULT_TRANSLATION, 0, 1);
}
END_TEST

START_TEST(test_4k_descriptor_kinds)
{
    Tables t = setup_el1(12, 16, 0);
    /* A block at level 0 does not exist with 4KB: Translation fault, level 0. */
    tt_map(&t, 0x8000000000ULL, 0, BLOCK(0));
    FAULT(1, 0x8000000000ULL, RD, FAULT_TRANSLATION, 0, 1);
    /* The block encoding at level 3 is reserved. */
    tt_map(&t, 0x1000, 3, BLOCK(0x40001000));
    FAULT(1, 0x1000, RD, FAULT_TRANSLATION, 3, 1);
    /* Reserved 0b10 encoding (bit 0 clear): invalid. */
    tt_map(&t, 0x2000, 3, PAGE(0x40002000) & ~1ULL);
    FAULT(1, 0x2000, RD, FAULT_TRANSLATION, 3, 1);
    /* Blocks at levels 1 and 2. */
    tt_map(&t, 0x40000000, 1, BLOCK(0xC0000000));
    OK(1, 0x40000000, RD);
    ck_assert_uint_eq(tr.size_log2, 30);
    tt_map(&t, 0x200000, 2, BLOCK(0x40600000));
    OK(1, 0x3FFFFF, RD);
    ck_assert_uint_eq(tr.level, 2);
    ASSERT_HEX(tr.oa, 0x40600000);
    /* Bits of a block address below the block size are ignored (RES0). */
    tt_map(&t, 0x80000000, 1, BLOCK(0x40000000 | 0x1234000));
    OK(1, 0x80000000, RD);
    ASSERT_HEX(tr.oa, 0x40000000);
}
END_TEST

START_TEST(test_ttbr_low_bits_ignored)
{
    Tables t = setup_el1(12, 16, 0);
    tt_map(&t, 0x5000, 3, PAGE(0x40005000));
    hc->sr[SR_TTBR0_EL1] = t.root | 0xFFE | (0x77ULL << 48); /* BADDR[11:1] RES0, CnP, ASID */
    OK(1, 0x5000, RD);
    ASSERT_HEX(tr.oa, 0x40005000);
}
END_TEST

/* ============================== 16KB and 64KB granules ==================== */

START_TEST(test_16k_level0_start)
{
    Tables t = setup_el1(14, 16, 0);  /* 48 bits with 16KB: a 2-entry level-0 table */
    uint64_t slot = tt_map(&t, 0x800012344000ULL, 3, PAGE(0x40AB8000));
    ASSERT_HEX(h_peek(t.root + 8, 8) & 3, 3); /* VA[47] = 1: the second level-0 entry */
    OK(1, 0x800012345678ULL, RD);
    ASSERT_HEX(tr.va, 0x800012344000ULL);
    ASSERT_HEX(tr.oa, 0x40AB8000);
    ck_assert_uint_eq(tr.size_log2, 14);
    ck_assert_uint_eq(tr.level, 3);
    ASSERT_HEX(tr.s1_desc_pa, slot);
    /* Blocks: none at level 0 or 1, 32MB at level 2. */
    tt_map(&t, 0x2000000, 2, BLOCK(0x42000000));
    OK(1, 0x3FFFFFF, RD);
    ASSERT_HEX(tr.oa, 0x42000000);
    ck_assert_uint_eq(tr.size_log2, 25);
    ck_assert_uint_eq(tr.level, 2);
    tt_map(&t, 0x1000000000ULL, 1, BLOCK(0));
    FAULT(1, 0x1000000000ULL, RD, FAULT_TRANSLATION, 1, 1);
    tt_map(&t, 0, 0, BLOCK(0));
    FAULT(1, 0, RD, FAULT_TRANSLATION, 0, 1);
}
END_TEST

START_TEST(test_16k_level1_and_level3_start)
{
    Tables t = setup_el1(14, 17, 1);  /* 47 bits: level 1 */
    tt_map(&t, 0x7FFFFE000000ULL, 2, BLOCK(0x42000000));
    OK(1, 0x7FFFFE000010ULL, RD);
    ASSERT_HEX(tr.oa, 0x42000000);
    ck_assert_uint_eq(tr.level, 2);
    /* 25 bits: the walk starts at level 3 in a 2048-entry table. */
    Tables u = setup_el1(14, 39, 3);
    uint64_t slot = tt_map(&u, 0x1FFC000, 3, PAGE(0x40004000));
    ASSERT_HEX(slot, u.root + 0x7FF * 8);
    OK(1, 0x1FFC123, RD);
    ASSERT_HEX(tr.oa, 0x40004000);
    ck_assert_uint_eq(tr.level, 3);
    tt_map(&u, 0x4000, 3, BLOCK(0x40004000));
    FAULT(1, 0x4000, RD, FAULT_TRANSLATION, 3, 1);
}
END_TEST

START_TEST(test_64k_level1_start)
{
    Tables t = setup_el1(16, 16, 1);  /* 48 bits with 64KB: a 64-entry level-1 table */
    uint64_t slot = tt_map(&t, 0xFC0000010000ULL, 3, PAGE(0x40010000) | ATTRIDX(4));
    ASSERT_HEX(slot & 0xFFFF, 1 * 8);
    OK(1, 0xFC000001ABCDULL, RD);
    ASSERT_HEX(tr.va, 0xFC0000010000ULL);
    ASSERT_HEX(tr.oa, 0x40010000);
    ck_assert_uint_eq(tr.size_log2, 16);
    ck_assert_uint_eq(tr.level, 3);
    ASSERT_HEX(tr.attr, 0xBB);
    /* 512MB blocks at level 2; level-1 blocks need 52-bit PAs. */
    tt_map(&t, 0x40020000000ULL, 2, BLOCK(0x40000000));
    OK(1, 0x4003FFFFFFFULL, RD);
    ASSERT_HEX(tr.oa, 0x40000000);
    ASSERT_HEX(tr.va, 0x40020000000ULL);
    ck_assert_uint_eq(tr.size_log2, 29);
    tt_map(&t, 0x80000000000ULL, 1, BLOCK(0));
    FAULT(1, 0x80000000000ULL, RD, FAULT_TRANSLATION, 1, 1);
}
END_TEST

START_TEST(test_64k_level2_start)
{
    Tables t = setup_el1(16, 22, 2);  /* 42 bits: level 2, 8192 entries */
    uint64_t slot = tt_map(&t, 0x3FFE0010000ULL, 3, PAGE(0x40020000));
    OK(1, 0x3FFE0010000ULL, RD);
    ASSERT_HEX(tr.oa, 0x40020000);
    ASSERT_HEX(tr.s1_desc_pa, slot);
    ASSERT_HEX(h_peek(t.root + 0x1FFF * 8, 8) & 3, 3);
    FAULT(1, 0x40000000000ULL, RD, FAULT_TRANSLATION, 0, 1);
}
END_TEST

/* ============================== TTBR0/TTBR1 =============================== */

START_TEST(test_ttbr1_selection_and_hole)
{
    Tables lo = setup_el1(12, 25, 1);
    Tables hi = tt_new(12, 39, 1);
    hc->sr[SR_TCR_EL1] = tcr_el1(25, TG0_4K, 25, TG1_4K, PS_48);
    hc->sr[SR_TTBR1_EL1] = hi.root;
    tt_map(&lo, 0x1000, 3, PAGE(0x40001000));
    tt_map(&hi, 0xFFFFFF8000001000ULL, 3, PAGE(0x40002000));
    OK(1, 0x1000, RD);
    ASSERT_HEX(tr.oa, 0x40001000);
    OK(1, 0xFFFFFF8000001000ULL, RD);
    ASSERT_HEX(tr.oa, 0x40002000);
    ASSERT_HEX(tr.va, 0xFFFFFF8000001000ULL);
    /* The hole between the two ranges: Translation fault, level 0. */
    FAULT(1, 0x0000008000000000ULL, RD, FAULT_TRANSLATION, 0, 1);
    FAULT(1, 0xFFFFFF0000000000ULL, RD, FAULT_TRANSLATION, 0, 1);
    FAULT(1, 0x8000000000001000ULL, RD, FAULT_TRANSLATION, 0, 1);
    FAULT(1, 0x0080000000001000ULL, RD, FAULT_TRANSLATION, 0, 1);
}
END_TEST

START_TEST(test_tg1_encoding)
{
    /* TG1 = 0b01 is 16KB (TG0 = 0b01 would be 64KB). */
    setup_el1(12, 16, 0);
    Tables hi = tt_new(14, 47, 1);
    hc->sr[SR_TCR_EL1] = tcr_el1(16, TG0_4K, 17, TG1_16K, PS_48);
    hc->sr[SR_TTBR1_EL1] = hi.root;
    tt_map(&hi, 0xFFFF800000004000ULL, 3, PAGE(0x40004000));
    OK(1, 0xFFFF800000004000ULL, RD);
    ck_assert_uint_eq(tr.size_log2, 14);
    ASSERT_HEX(tr.oa, 0x40004000);
    /* TG1 = 0b11: 64KB. */
    Tables hi64 = tt_new(16, 48, 1);
    hc->sr[SR_TCR_EL1] = tcr_el1(16, TG0_4K, 16, TG1_64K, PS_48);
    hc->sr[SR_TTBR1_EL1] = hi64.root;
    tt_map(&hi64, 0xFFFF000000010000ULL, 3, PAGE(0x40010000));
    OK(1, 0xFFFF000000010000ULL, RD);
    ck_assert_uint_eq(tr.size_log2, 16);
}
END_TEST

START_TEST(test_epd)
{
    Tables lo = setup_el1(12, 16, 0);
    Tables hi = tt_new(12, 48, 0);
    hc->sr[SR_TTBR1_EL1] = hi.root;
    tt_map(&lo, 0x1000, 3, PAGE(0x40001000));
    tt_map(&hi, 0xFFFF000000001000ULL, 3, PAGE(0x40002000));
    hc->sr[SR_TCR_EL1] |= TCR_EPD0;
    FAULT(1, 0x1000, RD, FAULT_TRANSLATION, 0, 1);
    OK(1, 0xFFFF000000001000ULL, RD);
    hc->sr[SR_TCR_EL1] ^= TCR_EPD0 | TCR_EPD1;
    OK(1, 0x1000, RD);
    FAULT(1, 0xFFFF000000001000ULL, RD, FAULT_TRANSLATION, 0, 1);
}
END_TEST

START_TEST(test_tbi)
{
    Tables lo = setup_el1(12, 16, 0);
    Tables hi = tt_new(12, 48, 0);
    hc->sr[SR_TTBR1_EL1] = hi.root;
    tt_map(&lo, 0x1000, 3, PAGE(0x40001000));
    tt_map(&hi, 0xFFFFFFFFFFFFF000ULL, 3, PAGE(0x40002000));
    FAULT(1, 0xAB00000000001000ULL, RD, FAULT_TRANSLATION, 0, 1);
    hc->sr[SR_TCR_EL1] |= TCR_TBI0;
    OK(1, 0xAB00000000001234ULL, RD);
    ASSERT_HEX(tr.oa, 0x40001000);
    ASSERT_HEX(tr.va, 0x1000);       /* the tag is not part of the mapping */
    OK(1, 0xAB00000000001234ULL, EX);
    /* TBI0 does not cover TTBR1 addresses. */
    FAULT(1, 0x12FFFFFFFFFFF000ULL, RD, FAULT_TRANSLATION, 0, 1);
    hc->sr[SR_TCR_EL1] |= TCR_TBI1;
    OK(1, 0x12FFFFFFFFFFF000ULL, RD);
    ASSERT_HEX(tr.oa, 0x40002000);
    ASSERT_HEX(tr.va, 0xFFFFFFFFFFFFF000ULL);
}
END_TEST

/* ============================== Stage-1 permissions ======================= */

START_TEST(test_ap_combinations)
{
    Tables t = setup_el1(12, 16, 0);
    for (unsigned ap = 0; ap < 4; ap++)
        tt_map(&t, 0x10000 + ap * 0x1000, 3, PAGE(0x40010000 + ap * 0x1000) | AP(ap));
    static const uint8_t perm[4] = {
        PERM_PR | PERM_PW | PERM_PX | PERM_UX,                       /* 00: EL1 RW */
        PERM_PR | PERM_PW | PERM_UR | PERM_UW | PERM_UX,             /* 01: RW both; EL0 W -> PXN */
        PERM_PR | PERM_PX | PERM_UX,                                 /* 10: EL1 RO */
        PERM_PR | PERM_PX | PERM_UR | PERM_UX,                       /* 11: RO both */
    };
    for (unsigned ap = 0; ap < 4; ap++) {
        OK(1, 0x10000 + ap * 0x1000, RD);
        ASSERT_HEX(tr.perm, perm[ap]);
    }
    /* EL1 */
    OK(1, 0x10000, WR);
    OK(1, 0x11000, WR);
    PERM_FAULT(1, 0x12000, WR);
    ck_assert(tf.write);
    PERM_FAULT(1, 0x13000, WR);
    /* EL0 */
    PERM_FAULT(0, 0x10000, RD);
    ck_assert(!tf.write);
    PERM_FAULT(0, 0x10000, WR);
    OK(0, 0x11000, RD);
    OK(0, 0x11000, WR);
    PERM_FAULT(0, 0x12000, RD);
    OK(0, 0x13000, RD);
    PERM_FAULT(0, 0x13000, WR);
    /* LDTR/STTR at EL1 use the EL0 permissions. */
    PERM_FAULT(1, 0x10000, ((AccessDesc){.unpriv = true}));
    OK(1, 0x11000, ((AccessDesc){.unpriv = true, .write = true}));
    PERM_FAULT(1, 0x13000, ((AccessDesc){.unpriv = true, .write = true}));
}
END_TEST

START_TEST(test_uxn_pxn)
{
    Tables t = setup_el1(12, 16, 0);
    /* Read-only for both ELs, so that EL0 write does not imply PXN. */
    tt_map(&t, 0x20000, 3, PAGE(0x40020000) | AP(3));
    tt_map(&t, 0x21000, 3, PAGE(0x40021000) | AP(3) | UXN);
    tt_map(&t, 0x22000, 3, PAGE(0x40022000) | AP(3) | PXN);
    tt_map(&t, 0x23000, 3, PAGE(0x40023000) | AP(3) | UXN | PXN);
    OK(0, 0x20000, EX);
    OK(1, 0x20000, EX);
    PERM_FAULT(0, 0x21000, EX);
    ck_assert(!tf.write);
    OK(1, 0x21000, EX);
    OK(0, 0x22000, EX);
    PERM_FAULT(1, 0x22000, EX);
    PERM_FAULT(0, 0x23000, EX);
    PERM_FAULT(1, 0x23000, EX);
    /* XN does not stop data accesses. */
    OK(0, 0x23000, RD);
    /* EL0 may execute what it cannot read (AP = 00). */
    tt_map(&t, 0x24000, 3, PAGE(0x40024000) | AP(0));
    OK(0, 0x24000, EX);
    PERM_FAULT(0, 0x24000, RD);
}
END_TEST

START_TEST(test_el0_writable_is_pxn)
{
    Tables t = setup_el1(12, 16, 0);
    tt_map(&t, 0x30000, 3, PAGE(0x40030000) | AP(1));
    OK(0, 0x30000, EX);
    PERM_FAULT(1, 0x30000, EX);
    /* Not when APTable makes it read-only. */
    Tables u = setup_el1(12, 16, 0);
    tt_map(&u, 0x30000, 3, PAGE(0x40030000) | AP(1));
    tt_table_bits(&u, 0x30000, 2, AP_TABLE(2));
    OK(1, 0x30000, EX);
}
END_TEST

START_TEST(test_ap_table)
{
    Tables t = setup_el1(12, 16, 0);
    /* APTable = 01 at level 1: no EL0 access below. */
    tt_map(&t, 0x1000, 3, PAGE(0x40001000) | AP(1));
    tt_table_bits(&t, 0x1000, 1, AP_TABLE(1));
    OK(1, 0x1000, WR);
    ASSERT_HEX(tr.perm, PERM_PR | PERM_PW | PERM_PX | PERM_UX);
    PERM_FAULT(0, 0x1000, RD);
    /* APTable = 10 at level 2: read-only below. */
    tt_map(&t, 0x8000000000ULL, 3, PAGE(0x40002000) | AP(1));
    tt_table_bits(&t, 0x8000000000ULL, 2, AP_TABLE(2));
    OK(0, 0x8000000000ULL, RD);
    ASSERT_HEX(tr.perm, PERM_PR | PERM_PX | PERM_UR | PERM_UX);
    PERM_FAULT(0, 0x8000000000ULL, WR);
    PERM_FAULT(1, 0x8000000000ULL, WR);
    /* Both at level 0. */
    tt_map(&t, 0x10000000000ULL, 3, PAGE(0x40003000) | AP(1));
    tt_table_bits(&t, 0x10000000000ULL, 0, AP_TABLE(3));
    OK(1, 0x10000000000ULL, RD);
    ASSERT_HEX(tr.perm, PERM_PR | PERM_PX | PERM_UX);
}
END_TEST

START_TEST(test_xn_table)
{
    Tables t = setup_el1(12, 16, 0);
    tt_map(&t, 0x1000, 3, PAGE(0x40001000) | AP(3));
    tt_table_bits(&t, 0x1000, 2, XN_TABLE);        /* UXNTable */
    PERM_FAULT(0, 0x1000, EX);
    OK(1, 0x1000, EX);
    tt_map(&t, 0x40000000, 3, PAGE(0x40002000) | AP(3));
    tt_table_bits(&t, 0x40000000, 1, PXN_TABLE);
    OK(0, 0x40000000, EX);
    PERM_FAULT(1, 0x40000000, EX);
}
END_TEST

START_TEST(test_wxn)
{
    Tables t = setup_el1(12, 16, 0);
    tt_map(&t, 0x1000, 3, PAGE(0x40001000) | AP(0));
    tt_map(&t, 0x2000, 3, PAGE(0x40002000) | AP(2));
    tt_map(&t, 0x3000, 3, PAGE(0x40003000) | AP(1));
    tt_map(&t, 0x4000, 3, PAGE(0x40004000) | AP(3));
    OK(1, 0x1000, EX);
    OK(0, 0x3000, EX);
    hc->sr[SR_SCTLR_EL1] |= SCTLR_WXN;
    PERM_FAULT(1, 0x1000, EX);                 /* writable at EL1 */
    OK(1, 0x2000, EX);                         /* read-only */
    PERM_FAULT(0, 0x3000, EX);                 /* writable at EL0 */
    OK(0, 0x4000, EX);
    OK(1, 0x4000, EX);
    OK(1, 0x1000, WR);
    ASSERT_HEX(tr.perm, PERM_PR | PERM_PW | PERM_UX);
}
END_TEST

START_TEST(test_pan)
{
    Tables t = setup_el1(12, 16, 0);
    tt_map(&t, 0x1000, 3, PAGE(0x40001000) | AP(1));   /* EL0 RW */
    tt_map(&t, 0x2000, 3, PAGE(0x40002000) | AP(3));   /* EL0 RO */
    tt_map(&t, 0x3000, 3, PAGE(0x40003000) | AP(0));   /* EL1 only */
    AccessDesc pan_rd = {.pan_check = true}, pan_wr = {.pan_check = true, .write = true};
    OK(1, 0x1000, pan_rd);                             /* PSTATE.PAN clear */
    hc->ps.pan = 1;
    PERM_FAULT(1, 0x1000, pan_rd);
    PERM_FAULT(1, 0x1000, pan_wr);
    PERM_FAULT(1, 0x2000, pan_rd);
    OK(1, 0x3000, pan_wr);
    OK(1, 0x1000, RD);                                 /* no pan_check: not a PAN access */
    OK(1, 0x1000, ((AccessDesc){.unpriv = true}));     /* LDTR: EL0 permissions */
    OK(1, 0x2000, ((AccessDesc){.fetch = true, .pan_check = true}));
    OK(1, 0x1000, ((AccessDesc){.cache_maint = true, .pan_check = true}));
    OK(0, 0x1000, pan_rd);                             /* EL0 is not privileged */
    /* mmu_check_perms applies the same rule to a cached translation. */
    OK(1, 0x1000, RD);
    Translation cached = tr;
    ck_assert(!mmu_check_perms(hc, &cached, 1, &pan_rd, &tf));
    ck_assert_uint_eq(tf.type, FAULT_PERMISSION);
    ck_assert_int_eq(tf.level, 3);
    hc->ps.pan = 0;
    ck_assert(mmu_check_perms(hc, &cached, 1, &pan_rd, &tf));
}
END_TEST

START_TEST(test_access_flag)
{
    Tables t = setup_el1(12, 16, 0);
    tt_map(&t, 0x1000, 3, PAGE(0x40001000) & ~AF);
    FAULT(1, 0x1000, RD, FAULT_ACCESS_FLAG, 3, 1);
    ck_assert(h_peek(tt_slot(&t, 0x1000, 3), 8) == (PAGE(0x40001000) & ~AF)); /* not set by hardware */
    tt_map(&t, 0x40000000, 2, BLOCK(0x40000000) & ~AF);
    FAULT(1, 0x40000000, RD, FAULT_ACCESS_FLAG, 2, 1);
    /* The access flag fault comes before the permission fault. */
    tt_map(&t, 0x2000, 3, (PAGE(0x40002000) | AP(0)) & ~AF);
    FAULT(0, 0x2000, WR, FAULT_ACCESS_FLAG, 3, 1);
    ck_assert(tf.write);
}
END_TEST

START_TEST(test_ng_and_asid)
{
    Tables t = setup_el1(12, 16, 0);
    tt_map(&t, 0x1000, 3, PAGE(0x40001000) | NG);
    tt_map(&t, 0x2000, 3, PAGE(0x40002000));
    hc->sr[SR_TTBR0_EL1] |= 0x1234ULL << 48;
    hc->sr[SR_TTBR1_EL1] = 0x5678ULL << 48;
    hc->sr[SR_TCR_EL1] |= TCR_AS;
    OK(1, 0x1000, RD);
    ck_assert(!tr.global);
    ASSERT_HEX(tr.asid, 0x1234);
    OK(1, 0x2000, RD);
    ck_assert(tr.global);
    hc->sr[SR_TCR_EL1] |= TCR_A1;              /* ASID from TTBR1 */
    OK(1, 0x1000, RD);
    ASSERT_HEX(tr.asid, 0x5678);
    hc->sr[SR_TCR_EL1] &= ~TCR_AS;             /* 8-bit ASIDs */
    OK(1, 0x1000, RD);
    ASSERT_HEX(tr.asid, 0x78);
    hc->sr[SR_TCR_EL1] &= ~TCR_A1;
    OK(1, 0x1000, RD);
    ASSERT_HEX(tr.asid, 0x34);
}
END_TEST

START_TEST(test_mair_index)
{
    Tables t = setup_el1(12, 16, 0);
    static const uint8_t expect_attr[8] = {0xFF, 0x00, 0x44, 0x04, 0xBB, 0x0C, 0x77, 0xF4};
    static const uint8_t expect_sh[8] = {3, 2, 2, 2, 3, 2, 3, 3};
    for (unsigned i = 0; i < 8; i++)
        tt_map(&t, 0x100000 + i * 0x1000, 3, PAGE(0x40100000 + i * 0x1000) | ATTRIDX(i) | SH(3));
    for (unsigned i = 0; i < 8; i++) {
        OK(1, 0x100000 + i * 0x1000, RD);
        ck_assert_msg(tr.attr == expect_attr[i], "AttrIndx %u: attr 0x%x", i, tr.attr);
        ck_assert_msg(tr.sh == expect_sh[i], "AttrIndx %u: sh %u", i, tr.sh);
    }
    tt_map(&t, 0x200000, 3, PAGE(0x40200000) | SH(0));
    OK(1, 0x200000, RD);
    ck_assert_uint_eq(tr.sh, 0);
    tt_map(&t, 0x201000, 3, PAGE(0x40201000) | SH(2));
    OK(1, 0x201000, RD);
    ck_assert_uint_eq(tr.sh, 2);
}
END_TEST

START_TEST(test_output_address_size)
{
    Tables t = setup_el1(12, 16, 0);
    hc->sr[SR_TCR_EL1] = tcr_el1(16, TG0_4K, 16, TG1_4K, PS_32);
    tt_map(&t, 0x1000, 3, PAGE(0x100001000ULL));
    FAULT(1, 0x1000, RD, FAULT_ADDR_SIZE, 3, 1);
    tt_map(&t, 0x40000000, 1, BLOCK(0x140000000ULL));
    FAULT(1, 0x40000000, RD, FAULT_ADDR_SIZE, 1, 1);
    /* A table address beyond the output size: faults at the level holding it. */
    tt_map(&t, 0x8000000000ULL, 0, 0x100000000ULL | 3);
    FAULT(1, 0x8000000000ULL, RD, FAULT_ADDR_SIZE, 0, 1);
    tt_map(&t, 0x80000000, 1, 0x200000000ULL | 3);
    FAULT(1, 0x80000000, RD, FAULT_ADDR_SIZE, 1, 1);
    /* The address size check comes after the block-level check, before the access flag. */
    tt_map(&t, 0x2000, 3, PAGE(0x100002000ULL) & ~AF);
    FAULT(1, 0x2000, RD, FAULT_ADDR_SIZE, 3, 1);
    /* Within 32 bits it translates; IPS 40 admits the large output. */
    tt_map(&t, 0x3000, 3, PAGE(0x40003000));
    OK(1, 0x3000, RD);
    hc->sr[SR_TCR_EL1] = tcr_el1(16, TG0_4K, 16, TG1_4K, PS_40);
    OK(1, 0x1000, RD);
    ASSERT_HEX(tr.oa, 0x100001000ULL);
    /* TTBR beyond the output size: level 0. */
    hc->sr[SR_TCR_EL1] = tcr_el1(16, TG0_4K, 16, TG1_4K, PS_32);
    hc->sr[SR_TTBR0_EL1] = 0x100000000ULL;
    FAULT(1, 0x3000, RD, FAULT_ADDR_SIZE, 0, 1);
}
END_TEST

START_TEST(test_external_abort_on_walk)
{
    Tables t = setup_el1(12, 16, 0);
    hc->sr[SR_TTBR0_EL1] = UNASSIGNED_PA;
    FAULT(1, 0x1000, RD, FAULT_EXT_ABORT, 0, 1);
    ck_assert_uint_eq(fault_status_code(&tf), 0x14);
    hc->sr[SR_TTBR0_EL1] = t.root;
    tt_map(&t, 0x40000000, 1, 0x200000000ULL | 3);     /* level-2 table not in RAM */
    FAULT(1, 0x40000000, RD, FAULT_EXT_ABORT, 2, 1);
    ck_assert_uint_eq(fault_status_code(&tf), 0x16);
    ck_assert(!tf.s1ptw);
}
END_TEST

/* ============================== Other regimes ============================= */

START_TEST(test_el2_regime)
{
    Tables t = tt_new(12, 48, 0);
    hc->sr[SR_TCR_EL2] = tcr_elx(16, TG0_4K, PS_48);
    hc->sr[SR_TTBR0_EL2] = t.root | (0x55ULL << 48);
    hc->sr[SR_MAIR_EL2] = MAIR;
    hc->sr[SR_SCTLR_EL2] |= SCTLR_M;
    tt_map(&t, 0x1000, 3, PAGE(0x40001000) | AP(1) | NG | PXN | ATTRIDX(4));
    tt_map(&t, 0x2000, 3, PAGE(0x40002000) | XN);
    tt_map(&t, 0x3000, 3, PAGE(0x40003000) | AP(2));
    OK(2, 0x1000, EX);                         /* AP[1] and PXN (bit 53) are ignored */
    ck_assert_uint_eq(tr.regime, REGIME_EL2);
    ASSERT_HEX(tr.perm, PERM_PR | PERM_PW | PERM_PX);
    ck_assert(tr.global);                      /* nG is ignored without ASIDs */
    ck_assert_uint_eq(tr.asid, 0);
    ASSERT_HEX(tr.attr, 0xBB);
    PERM_FAULT(2, 0x2000, EX);                 /* XN is bit 54 */
    OK(2, 0x2000, WR);
    PERM_FAULT(2, 0x3000, WR);
    OK(2, 0x3000, EX);
    /* Only one VA range: TTBR1-looking addresses fault. */
    FAULT(2, 0xFFFF000000001000ULL, RD, FAULT_TRANSLATION, 0, 1);
    /* Table bits: XNTable and APTable[1] apply; PXNTable and APTable[0] are ignored. */
    tt_map(&t, 0x40000000, 3, PAGE(0x40004000));
    tt_table_bits(&t, 0x40000000, 2, PXN_TABLE | AP_TABLE(1));
    OK(2, 0x40000000, EX);
    OK(2, 0x40000000, WR);
    tt_table_bits(&t, 0x40000000, 1, XN_TABLE | AP_TABLE(2));
    PERM_FAULT(2, 0x40000000, EX);
    PERM_FAULT(2, 0x40000000, WR);
    /* WXN with the single XN bit. */
    hc->sr[SR_SCTLR_EL2] |= SCTLR_WXN;
    PERM_FAULT(2, 0x1000, EX);
    OK(2, 0x3000, EX);
}
END_TEST

START_TEST(test_el3_regime_secure)
{
    Tables t = tt_new(16, 48, 1);              /* 64KB at EL3 */
    hc->sr[SR_TCR_EL3] = tcr_elx(16, TG0_64K, PS_48);
    hc->sr[SR_TTBR0_EL3] = t.root;
    hc->sr[SR_MAIR_EL3] = MAIR;
    hc->sr[SR_SCTLR_EL3] |= SCTLR_M;
    tt_map(&t, 0x10000, 3, PAGE(0x40010000));
    tt_map(&t, 0x20000, 3, PAGE(0x40020000) | NS_BIT);
    tt_map(&t, 0x40000000000ULL, 3, PAGE(0x40030000));
    tt_table_bits(&t, 0x40000000000ULL, 1, NS_TABLE);
    OK(3, 0x10000, RD);
    ck_assert_uint_eq(tr.regime, REGIME_EL3);
    ck_assert(!tr.ns);
    ck_assert(tr.global);
    ck_assert_uint_eq(tr.size_log2, 16);
    OK(3, 0x20000, RD);
    ck_assert(tr.ns);
    OK(3, 0x40000000000ULL, RD);
    ck_assert(tr.ns);                          /* NSTable */
    ck_assert(tr.global);
    /* SCR_EL3.SIF: no Secure fetch from Non-secure memory. */
    OK(3, 0x20000, EX);
    hc->sr[SR_SCR_EL3] |= SCR_SIF;
    PERM_FAULT(3, 0x20000, EX);
    OK(3, 0x10000, EX);
    /* TCR_EL3.TBI */
    FAULT(3, 0x7700000000010000ULL, RD, FAULT_TRANSLATION, 0, 1);
    hc->sr[SR_TCR_EL3] |= TCR_ELX_TBI;
    OK(3, 0x7700000000010000ULL, RD);
}
END_TEST

START_TEST(test_secure_el10)
{
    hc->sr[SR_SCR_EL3] &= ~SCR_NS;
    hc->sr[SR_HCR_EL2] |= HCR_VM;              /* no stage 2 in Secure state */
    Tables t = setup_el1(12, 16, 0);
    tt_map(&t, 0x1000, 3, PAGE(0x40001000));
    tt_map(&t, 0x2000, 3, PAGE(0x40002000) | NS_BIT);
    tt_map(&t, 0x8000000000ULL, 3, PAGE(0x40003000));
    tt_table_bits(&t, 0x8000000000ULL, 2, NS_TABLE);
    OK(1, 0x1000, RD);
    ck_assert(!tr.ns);
    ck_assert(!tr.stage2);
    ck_assert_uint_eq(tr.vmid, 0);
    OK(1, 0x2000, RD);
    ck_assert(tr.ns);
    ck_assert(tr.global);
    OK(1, 0x8000000000ULL, RD);
    ck_assert(tr.ns);
    ck_assert(!tr.global);                     /* reached through Non-secure tables */
    /* In Non-secure state NS and NSTable are ignored: always Non-secure. */
    hc->sr[SR_SCR_EL3] |= SCR_NS;
    hc->sr[SR_HCR_EL2] &= ~HCR_VM;
    OK(1, 0x8000000000ULL, RD);
    ck_assert(tr.ns);
    ck_assert(tr.global);
}
END_TEST

START_TEST(test_e2h_regime)
{
    hc->sr[SR_HCR_EL2] |= HCR_E2H;
    Tables lo = tt_new(12, 48, 0), hi = tt_new(12, 39, 1);
    hc->sr[SR_TCR_EL2] = tcr_el1(16, TG0_4K, 25, TG1_4K, PS_48);
    hc->sr[SR_TTBR0_EL2] = lo.root | (0x42ULL << 48);
    hc->sr[SR_TTBR1_EL2] = hi.root | (0x99ULL << 48);
    hc->sr[SR_MAIR_EL2] = MAIR;
    hc->sr[SR_SCTLR_EL2] |= SCTLR_M;
    tt_map(&lo, 0x1000, 3, PAGE(0x40001000) | AP(1) | NG);
    tt_map(&lo, 0x2000, 3, PAGE(0x40002000) | AP(0));
    tt_map(&hi, 0xFFFFFF8000003000ULL, 3, PAGE(0x40003000) | ATTRIDX(2));
    OK(2, 0x1000, RD);
    ck_assert_uint_eq(tr.regime, REGIME_EL20);
    ck_assert(!tr.global);
    ASSERT_HEX(tr.asid, 0x42);
    ASSERT_HEX(tr.perm, PERM_PR | PERM_PW | PERM_UR | PERM_UW | PERM_UX);
    PERM_FAULT(2, 0x1000, EX);                 /* two privilege levels: EL0-writable is PXN */
    OK(2, 0xFFFFFF8000003000ULL, RD);
    ASSERT_HEX(tr.oa, 0x40003000);
    ASSERT_HEX(tr.attr, 0x44);
    hc->sr[SR_TCR_EL2] |= TCR_A1;
    OK(2, 0x1000, RD);
    ASSERT_HEX(tr.asid, 0x99);
    /* PAN applies to EL2 in the EL2&0 regime. */
    hc->ps.pan = 1;
    PERM_FAULT(2, 0x1000, ((AccessDesc){.pan_check = true}));
    hc->ps.pan = 0;
    /* EL0 in the host regime ({E2H, TGE} = {1, 1}). */
    hc->sr[SR_HCR_EL2] |= HCR_TGE;
    OK(0, 0x1000, WR);
    ck_assert_uint_eq(tr.regime, REGIME_EL20);
    PERM_FAULT(0, 0x2000, RD);
    /* Without the host regime EL0 uses EL1&0, whose stage 1 is off here. */
    hc->sr[SR_HCR_EL2] &= ~HCR_TGE;
    OK(0, 0x2000, RD);
    ck_assert_uint_eq(tr.regime, REGIME_EL10);
    ASSERT_HEX(tr.oa, 0x2000);
}
END_TEST

/* ============================== Stage 2 =================================== */

START_TEST(test_s2_after_s1_off)
{
    Tables s2 = setup_s2(12, 25, 1, 1);        /* SL0 = 1: level 1 */
    uint64_t slot = tt_map(&s2, 0x40000000, 1, S2BLOCK(0x100000000ULL, S2_RW));
    ASSERT_HEX(slot, s2.root + 8);
    OK(1, 0x40123456, RD);
    ck_assert(tr.stage2);
    ASSERT_HEX(tr.va, 0x40123000);
    ASSERT_HEX(tr.ipa, 0x40123000);
    ASSERT_HEX(tr.oa, 0x100123000ULL);
    ck_assert_uint_eq(tr.size_log2, 12);
    ASSERT_HEX(tr.perm, 0x3F);
    ASSERT_HEX(tr.s2_perm, S2_R | S2_W | S2_X);
    ck_assert_uint_eq(tr.s2_level, 1);
    ck_assert_uint_eq(tr.s2_size_log2, 30);
    ck_assert_uint_eq(tr.vmid, 0x12);
    ASSERT_HEX(tr.attr, 0x00);                 /* Device (stage 1 off) wins over Normal WB */
    ck_assert_uint_eq(tr.sh, 2);
    ck_assert(tr.ns);
    ASSERT_HEX(tr.s1_desc_pa, 0);
    OK(1, 0x40123456, EX);
    ASSERT_HEX(tr.attr, 0x44);
    /* IPA outside the mapping, and outside the 39-bit IPA space. */
    FAULT(1, 0x80000000, RD, FAULT_TRANSLATION, 1, 2);
    ASSERT_HEX(tf.ipa, 0x80000000);
    ck_assert(!tf.s1ptw);
    FAULT(1, 0x8000000000ULL, RD, FAULT_TRANSLATION, 0, 2);
    ASSERT_HEX(tf.ipa, 0x8000000000ULL);
}
END_TEST

START_TEST(test_s2_level2_start)
{
    /* 4KB, SL0 = 0: level 2 (30-bit IPA, 512 entries). */
    Tables a = setup_s2(12, 34, 0, 2);
    uint64_t slot = tt_map(&a, 0x3FFFF000, 3, S2PAGE(0x7FFFF000, S2_RW));
    ASSERT_HEX(h_peek(a.root + 0x1FF * 8, 8) & 3, 3);
    OK(1, 0x3FFFF123, RD);
    ASSERT_HEX(tr.oa, 0x7FFFF000);
    ck_assert_uint_eq(tr.s2_level, 3);
    ck_assert_uint_eq(tr.s2_size_log2, 12);
    ASSERT_HEX(slot & 0xFFF, 0x1FF * 8);
    FAULT(1, 0x40000000, RD, FAULT_TRANSLATION, 0, 2);
}
END_TEST

START_TEST(test_s2_level0_start)
{
    Tables b = setup_s2(12, 16, 2, 0);
    uint64_t slot = tt_map(&b, 0x40000000, 2, S2BLOCK(0x80000000, S2_RW));
    OK(1, 0x40001000, RD);
    ASSERT_HEX(tr.oa, 0x80001000);
    ck_assert_uint_eq(tr.s2_level, 2);
    ck_assert_uint_eq(tr.s2_size_log2, 21);
    ASSERT_HEX(h_peek(b.root, 8) & 3, 3);      /* IPA[47:39] = 0: first level-0 entry */
    (void)slot;
}
END_TEST

START_TEST(test_s2_concatenated_tables)
{
    /* 40-bit IPA starting at level 1: 1024 entries, two concatenated tables. */
    Tables a = setup_s2(12, 24, 1, 1);
    ASSERT_HEX(a.root & 0x1FFF, 0);
    uint64_t slot = tt_map(&a, 0x8040000000ULL, 1, S2BLOCK(0x40000000, S2_RW));
    ASSERT_HEX(slot, a.root + 513 * 8);        /* in the second table */
    Tables s1 = setup_el1(12, 16, 0);
    tt_map(&a, POOL_BASE, 2, S2BLOCK(POOL_BASE, S2_RW));
    tt_map(&s1, 0x1000, 3, PAGE(0x8040001000ULL));
    OK(1, 0x1000, RD);
    ASSERT_HEX(tr.ipa, 0x8040001000ULL);
    ASSERT_HEX(tr.oa, 0x40001000);
    /* 43-bit IPA at level 1: sixteen tables, the most allowed. */
    pool = 0x41000000;
    Tables b = setup_s2(12, 21, 1, 1);
    ASSERT_HEX(b.root & 0xFFFF, 0);
    tt_map(&b, 0x7FFC0000000ULL, 1, S2BLOCK(0x40000000, S2_RW));
    tt_map(&b, POOL_BASE, 2, S2BLOCK(POOL_BASE, S2_RW));
    tt_map(&s1, 0x2000, 3, PAGE(0x7FFC0002000ULL));
    OK(1, 0x2000, RD);
    ASSERT_HEX(tr.oa, 0x40002000);
    ASSERT_HEX(h_peek(b.root + 0x1FFF * 8, 8) & 3, 1);
    /* 44 bits at level 1 would need 32 tables: a stage-2 translation fault at level 0. */
    hc->sr[SR_VTCR_EL2] = (hc->sr[SR_VTCR_EL2] & ~0x3FULL) | 20;
    hc->sr[SR_SCTLR_EL1] &= ~SCTLR_M;
    FAULT(1, 0x1000, RD, FAULT_TRANSLATION, 0, 2);
}
END_TEST

START_TEST(test_s2_inconsistent_sl0)
{
    /* 4KB with SL0 = 3 is reserved (level -1 without FEAT_LPA2/TTST). */
    setup_s2(12, 25, 3, 1);
    FAULT(1, 0x1000, RD, FAULT_TRANSLATION, 0, 2);
    ASSERT_HEX(tf.ipa, 0x1000);
    /* 4KB, SL0 = 0 (level 2) with a 40-bit IPA: 2^19 entries, too many. */
    hc->sr[SR_VTCR_EL2] = tcr_elx(24, TG0_4K, PS_48) | (0 << 6);
    FAULT(1, 0x1000, RD, FAULT_TRANSLATION, 0, 2);
    /* 4KB, SL0 = 2 (level 0) with a 30-bit IPA: fewer than two entries. */
    hc->sr[SR_VTCR_EL2] = tcr_elx(34, TG0_4K, PS_48) | (2 << 6);
    FAULT(1, 0x1000, RD, FAULT_TRANSLATION, 0, 2);
    /* 16KB and 64KB: level 0 (SL0 = 3) is not supported. */
    hc->sr[SR_VTCR_EL2] = tcr_elx(16, TG0_16K, PS_48) | (3 << 6);
    FAULT(1, 0x1000, RD, FAULT_TRANSLATION, 0, 2);
    hc->sr[SR_VTCR_EL2] = tcr_elx(16, TG0_64K, PS_48) | (3 << 6);
    FAULT(1, 0x1000, RD, FAULT_TRANSLATION, 0, 2);
}
END_TEST

START_TEST(test_s2_16k_and_64k)
{
    /* 16KB, SL0 = 1: level 2 (36-bit IPA, 2048 entries). */
    Tables a = setup_s2(14, 28, 1, 2);
    tt_map(&a, 0x40000000, 2, S2BLOCK(0x80000000, S2_RW));
    OK(1, 0x40001000, RD);
    ASSERT_HEX(tr.oa, 0x80001000);
    ck_assert_uint_eq(tr.s2_size_log2, 25);
    /* 16KB, SL0 = 2: level 1 (47-bit IPA). */
    Tables b = setup_s2(14, 17, 2, 1);
    tt_map(&b, 0x40004000, 3, S2PAGE(0x90004000, S2_RW));
    OK(1, 0x40005000, RD);
    ASSERT_HEX(tr.oa, 0x90005000);
    ck_assert_uint_eq(tr.s2_level, 3);
    ck_assert_uint_eq(tr.s2_size_log2, 14);
    /* 64KB, SL0 = 1: level 2 (42-bit IPA). */
    Tables c = setup_s2(16, 22, 1, 2);
    tt_map(&c, 0x40000000, 2, S2BLOCK(0x60000000, S2_RW));
    OK(1, 0x40000000, RD);
    ASSERT_HEX(tr.oa, 0x60000000);
    ck_assert_uint_eq(tr.s2_size_log2, 29);
    /* 64KB, SL0 = 2: level 1 (48-bit IPA; PAMax 48 > 42 allows it). */
    Tables d = setup_s2(16, 16, 2, 1);
    tt_map(&d, 0x40010000, 3, S2PAGE(0xA0010000, S2_RW));
    OK(1, 0x40010000, RD);
    ASSERT_HEX(tr.oa, 0xA0010000);
    ck_assert_uint_eq(tr.s2_level, 3);
    ck_assert_uint_eq(tr.s2_size_log2, 16);
    /* Level-1 blocks: not with 64KB. */
    tt_map(&d, 0x40000000000ULL, 1, S2BLOCK(0, S2_RW));
    FAULT(1, 0x40000000000ULL, RD, FAULT_TRANSLATION, 1, 2);
}
END_TEST

START_TEST(test_s2ap_and_xn)
{
    Tables s2 = setup_s2(12, 25, 1, 1);
    tt_map(&s2, 0x40000000, 3, S2PAGE(0x50000000, S2_NONE));
    tt_map(&s2, 0x40001000, 3, S2PAGE(0x50001000, S2_RO));
    tt_map(&s2, 0x40002000, 3, S2PAGE(0x50002000, S2_WO));
    tt_map(&s2, 0x40003000, 3, S2PAGE(0x50003000, S2_RW) | XN);
    FAULT(1, 0x40000010, RD, FAULT_PERMISSION, 3, 2);
    ASSERT_HEX(tf.ipa, 0x40000010);
    ck_assert(!tf.s1ptw);
    ck_assert(!tf.write);
    OK(1, 0x40001000, RD);
    ASSERT_HEX(tr.s2_perm, S2_R | S2_X);
    FAULT(0, 0x40001008, WR, FAULT_PERMISSION, 3, 2);
    ck_assert(tf.write);
    ASSERT_HEX(tf.ipa, 0x40001008);
    OK(1, 0x40002000, WR);
    ASSERT_HEX(tr.s2_perm, S2_W | S2_X);
    FAULT(1, 0x40002000, RD, FAULT_PERMISSION, 3, 2);
    OK(1, 0x40003000, WR);
    ASSERT_HEX(tr.s2_perm, S2_R | S2_W);
    FAULT(1, 0x40003000, EX, FAULT_PERMISSION, 3, 2);
    FAULT(0, 0x40003000, EX, FAULT_PERMISSION, 3, 2);
    /* Bit 53 (XN[0], FEAT_XNX) is ignored. */
    tt_map(&s2, 0x40004000, 3, S2PAGE(0x50004000, S2_RO) | PXN);
    OK(0, 0x40004000, EX);
    /* A cached translation gives the same stage-2 fault. */
    OK(1, 0x40001000, RD);
    Translation cached = tr;
    AccessDesc wr = WR;
    ck_assert(!mmu_check_perms(hc, &cached, 1, &wr, &tf));
    ck_assert_uint_eq(tf.type, FAULT_PERMISSION);
    ck_assert_uint_eq(tf.stage, 2);
    ck_assert_int_eq(tf.level, 3);
    ASSERT_HEX(tf.ipa, 0x40001000);
}
END_TEST

START_TEST(test_s2_access_flag_and_ps)
{
    Tables s2 = setup_s2(12, 25, 1, 1);
    tt_map(&s2, 0x40000000, 3, S2PAGE(0x50000000, S2_RW) & ~AF);
    FAULT(1, 0x40000000, RD, FAULT_ACCESS_FLAG, 3, 2);
    ASSERT_HEX(tf.ipa, 0x40000000);
    tt_map(&s2, 0x40001000, 3, S2PAGE(0x100001000ULL, S2_RW));
    OK(1, 0x40001000, RD);
    hc->sr[SR_VTCR_EL2] = (hc->sr[SR_VTCR_EL2] & ~(7ULL << 16)) | ((uint64_t)PS_32 << 16);
    FAULT(1, 0x40001000, RD, FAULT_ADDR_SIZE, 3, 2);
    ASSERT_HEX(tf.ipa, 0x40001000);
    hc->sr[SR_VTTBR_EL2] |= 0x100000000ULL;
    FAULT(1, 0x40001000, RD, FAULT_ADDR_SIZE, 0, 2);
}
END_TEST

START_TEST(test_s1ptw_translation_fault)
{
    Tables s2 = setup_s2_flat_pool();
    Tables s1 = setup_el1(12, 16, 0);
    pool = 0x40800000;                         /* the deeper stage-1 tables: not mapped at stage 2 */
    tt_map(&s1, 0x4040203000ULL, 3, PAGE(0x40401000));
    FAULT(1, 0x4040203000ULL, RD, FAULT_TRANSLATION, 2, 2);
    ck_assert(tf.s1ptw);
    ASSERT_HEX(tf.ipa, 0x40800000 + 0x101 * 8); /* the level-1 descriptor's IPA */
    ck_assert(!tf.write);
    FAULT(1, 0x4040203000ULL, WR, FAULT_TRANSLATION, 2, 2);
    ck_assert(tf.s1ptw);
    ck_assert(tf.write);
    /* Once stage 2 maps the tables, the walk completes. */
    tt_map(&s2, 0x40800000, 2, S2BLOCK(0x40800000, S2_RW));
    OK(1, 0x4040203000ULL, RD);
    ASSERT_HEX(tr.oa, 0x40401000);
}
END_TEST

START_TEST(test_s1ptw_permission_and_af)
{
    Tables s2 = setup_s2(12, 25, 1, 1);
    Tables s1 = setup_el1(12, 16, 0);
    tt_map(&s1, 0x1000, 3, PAGE(0x40401000));
    uint64_t s1_root = s1.root;
    /* Stage-1 tables readable only through a write-only stage-2 mapping. */
    tt_map(&s2, POOL_BASE, 2, S2BLOCK(POOL_BASE, S2_WO));
    FAULT(1, 0x1000, WR, FAULT_PERMISSION, 2, 2);
    ck_assert(tf.s1ptw);
    ASSERT_HEX(tf.ipa, s1_root);
    /* Execute-never does not matter for walks. */
    tt_map(&s2, POOL_BASE, 2, S2BLOCK(POOL_BASE, S2_RO) | XN);
    OK(1, 0x1000, RD);
    FAULT(1, 0x1000, WR, FAULT_PERMISSION, 2, 2);   /* the output is in the read-only block */
    ck_assert(!tf.s1ptw);
    /* Access flag clear on the mapping of the tables. */
    tt_map(&s2, POOL_BASE, 2, S2BLOCK(POOL_BASE, S2_RW) & ~AF);
    FAULT(1, 0x1000, RD, FAULT_ACCESS_FLAG, 2, 2);
    ck_assert(tf.s1ptw);
    /* HCR_EL2.PTW: stage-1 tables in stage-2 Device memory give a Permission fault. */
    tt_map(&s2, POOL_BASE, 2, S2BLOCK(POOL_BASE, S2_RW) & ~MEMATTR(0xF));
    OK(1, 0x1000, RD);
    ASSERT_HEX(tr.attr, 0x00);
    hc->sr[SR_HCR_EL2] |= 1ULL << 2;
    FAULT(1, 0x1000, RD, FAULT_PERMISSION, 2, 2);
    ck_assert(tf.s1ptw);
    ASSERT_HEX(tf.ipa, s1_root);
    tt_map(&s2, POOL_BASE, 2, S2BLOCK(POOL_BASE, S2_RW));
    OK(1, 0x1000, RD);
    /* External abort on a stage-2 descriptor read during the stage-1 walk. */
    tt_map(&s2, POOL_BASE, 2, S2BLOCK(POOL_BASE, S2_RW));
    hc->sr[SR_VTTBR_EL2] = UNASSIGNED_PA;
    FAULT(1, 0x1000, RD, FAULT_EXT_ABORT, 1, 2);
    ck_assert(tf.s1ptw);
    ASSERT_HEX(tf.ipa, s1_root);
}
END_TEST

START_TEST(test_s1_tables_through_stage2)
{
    /* Stage 2 maps IPA 0x80000000 (1GB) to PA 0x40000000: stage-1 descriptors hold IPAs. */
    Tables s2 = setup_s2(12, 25, 1, 1);
    tt_map(&s2, 0x80000000, 1, S2BLOCK(0x40000000, S2_RW));
    Tables s1 = setup_el1(12, 16, 0);
    s1.ipa_off = 0x40000000;
    hc->sr[SR_TTBR0_EL1] = s1.root + s1.ipa_off;
    uint64_t slot = tt_map(&s1, 0x1000, 3, PAGE(0x80200000) | ATTRIDX(0) | SH(3));
    OK(1, 0x1234, RD);
    ASSERT_HEX(tr.s1_desc_pa, slot);
    ASSERT_HEX(tr.va, 0x1000);
    ASSERT_HEX(tr.ipa, 0x80200000);
    ASSERT_HEX(tr.oa, 0x40200000);
    ck_assert_uint_eq(tr.level, 3);
    ck_assert_uint_eq(tr.s2_level, 1);
    ck_assert_uint_eq(tr.s2_size_log2, 30);
    ck_assert(tr.stage2);
    ASSERT_HEX(tr.attr, 0xFF);
    ck_assert_uint_eq(tr.sh, 3);
    ck_assert_uint_eq(tr.vmid, 0x12);
    /* AT S1E1R: stop after stage 1, the output is the IPA. */
    AccessDesc at = {.at = true, .s1_only = true};
    ck_assert(mmu_walk(hc, REGIME_EL10, 1, 0x1234, &at, &tr, &tf));
    ASSERT_HEX(tr.oa, 0x80200000);
    ck_assert(!tr.stage2);
    ASSERT_HEX(tr.s2_perm, 7);
    /* A stage-1 fault is reported as stage 1 even with stage 2 on. */
    FAULT(1, 0x2000, RD, FAULT_TRANSLATION, 3, 1);
    ASSERT_HEX(tf.ipa, 0);
}
END_TEST

START_TEST(test_combined_size)
{
    Tables s2 = setup_s2_flat_pool();
    Tables s1 = setup_el1(12, 16, 0);
    /* Stage-1 2MB block, stage-2 4KB pages: 4KB. */
    tt_map(&s1, 0x200000, 2, BLOCK(0x40200000));
    tt_map(&s2, 0x40203000, 3, S2PAGE(0x70003000, S2_RW));
    OK(1, 0x203ABC, RD);
    ck_assert_uint_eq(tr.size_log2, 12);
    ASSERT_HEX(tr.va, 0x203000);
    ASSERT_HEX(tr.ipa, 0x40203000);
    ASSERT_HEX(tr.oa, 0x70003000);
    ck_assert_uint_eq(tr.level, 2);
    ck_assert_uint_eq(tr.s2_level, 3);
    ck_assert_uint_eq(tr.s2_size_log2, 12);
    /* Stage-1 1GB block, stage-2 2MB block: 2MB. */
    tt_map(&s1, 0x40000000, 1, BLOCK(0x80000000));
    tt_map(&s2, 0x80600000, 2, S2BLOCK(0x100600000ULL, S2_RW));
    OK(1, 0x40612345, RD);
    ck_assert_uint_eq(tr.size_log2, 21);
    ASSERT_HEX(tr.va, 0x40600000);
    ASSERT_HEX(tr.ipa, 0x80600000);
    ASSERT_HEX(tr.oa, 0x100600000ULL);
    ck_assert_uint_eq(tr.level, 1);
    ck_assert_uint_eq(tr.s2_level, 2);
    /* Stage-1 4KB page, stage-2 1GB block: 4KB. */
    tt_map(&s2, 0xC0000000, 1, S2BLOCK(0x0, S2_RW));
    tt_map(&s1, 0x5000, 3, PAGE(0xC0345000));
    OK(1, 0x5010, RD);
    ck_assert_uint_eq(tr.size_log2, 12);
    ASSERT_HEX(tr.oa, 0x345000);
    ck_assert_uint_eq(tr.s2_size_log2, 30);
}
END_TEST

START_TEST(test_s2_attribute_combining)
{
    Tables s2 = setup_s2_flat_pool();
    Tables s1 = setup_el1(12, 16, 0);
    static const struct {
        unsigned idx, s1_sh, s2_memattr, s2_sh;
        uint8_t attr, sh;
    } cases[] = {
        {0, 3, 0x1, 3, 0x04, 2},   /* Normal WB + Device-nGnRE: Device-nGnRE */
        {0, 3, 0x5, 3, 0x44, 2},   /* + Normal NC: NC, Outer Shareable */
        {0, 3, 0xA, 3, 0xBB, 3},   /* + WT: WT with stage 1's allocation hints */
        {0, 3, 0xF, 2, 0xFF, 2},   /* Inner + Outer Shareable: Outer */
        {3, 3, 0x0, 3, 0x00, 2},   /* Device-nGnRE + Device-nGnRnE: nGnRnE */
        {5, 3, 0xF, 3, 0x0C, 2},   /* Device-GRE + Normal: stage 1's Device */
        {6, 0, 0xA, 0, 0x33, 0},   /* WB transient + WT: WT transient */
        {0, 0, 0xD, 0, 0xF4, 0},   /* + outer WB inner NC */
        {7, 3, 0xF, 3, 0xF4, 3},
        {4, 0, 0x7, 0, 0x4B, 0},   /* WT + outer NC, inner WB: outer NC, inner WT */
    };
    for (unsigned i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        uint64_t va = 0x10000 + i * 0x1000, ipa = 0x40600000 + i * 0x1000;
        tt_map(&s1, va, 3, PAGE(ipa) | ATTRIDX(cases[i].idx) | SH(cases[i].s1_sh));
        tt_map(&s2, ipa, 3, (PAGE(0x50000000 + i * 0x1000) | S2_RW | MEMATTR(cases[i].s2_memattr) | SH(cases[i].s2_sh)));
        OK(1, va, RD);
        ck_assert_msg(tr.attr == cases[i].attr, "case %u: attr 0x%02x, expected 0x%02x", i, tr.attr, cases[i].attr);
        ck_assert_msg(tr.sh == cases[i].sh, "case %u: sh %u, expected %u", i, tr.sh, cases[i].sh);
    }
}
END_TEST

START_TEST(test_host_regime_ignores_vm)
{
    Tables s2 = setup_s2(12, 25, 1, 1);
    tt_map(&s2, 0x40000000, 1, S2BLOCK(0x80000000, S2_RW));
    ck_assert(mmu_walk(hc, REGIME_EL10, 1, 0x40001000, &(AccessDesc){0}, &tr, &tf));
    ck_assert(tr.stage2);
    ASSERT_HEX(tr.oa, 0x80001000);
    hc->sr[SR_HCR_EL2] |= HCR_E2H | HCR_TGE;  /* VM behaves as 0 */
    ck_assert(mmu_walk(hc, REGIME_EL10, 1, 0x40001000, &(AccessDesc){0}, &tr, &tf));
    ck_assert(!tr.stage2);
    ASSERT_HEX(tr.oa, 0x40001000);
    /* EL1&0 entries carry the current VMID whenever EL2 is enabled, stage 2 or not. */
    ck_assert_uint_eq(tr.vmid, (uint16_t)(hc->sr[SR_VTTBR_EL2] >> 48));
}
END_TEST

START_TEST(test_hcr_dc)
{
    /* HCR_EL2.DC: stage 1 off whatever SCTLR_EL1.M says, Normal Write-Back Non-shareable
     * defaults for data and fetches, and stage 2 on even with VM clear. */
    Tables s1 = setup_el1(12, 16, 0);
    tt_map(&s1, 0x40001000, 3, PAGE(0x50001000));
    Tables s2 = setup_s2(12, 25, 1, 1);
    tt_map(&s2, 0x40000000, 2, BLOCK(0x60000000) | S2_RW | MEMATTR(0xF) | SH(3));
    hc->sr[SR_HCR_EL2] = (hc->sr[SR_HCR_EL2] & ~HCR_VM) | HCR_DC;
    OK(1, 0x40001234, RD);
    ck_assert(tr.stage2);
    ASSERT_HEX(tr.ipa, 0x40001000);
    ASSERT_HEX(tr.oa, 0x60001000);
    ASSERT_HEX(tr.attr, 0xFF);
    ck_assert_uint_eq(tr.sh, 3);               /* Non-shareable + Inner Shareable */
    ASSERT_HEX(tr.perm, 0x3F);
    OK(0, 0x40001234, EX);
    ASSERT_HEX(tr.attr, 0xFF);
    /* A stage-2 fault is on the access itself, not on a stage-1 walk. */
    FAULT(1, 0x80000000, RD, FAULT_TRANSLATION, 1, 2);
    ck_assert(!tf.s1ptw);
    /* With stage-2 Normal Non-cacheable, the result is Non-cacheable, Outer Shareable. */
    tt_map(&s2, 0x40000000, 2, BLOCK(0x60000000) | S2_RW | MEMATTR(0x5) | SH(0));
    OK(1, 0x40001234, RD);
    ASSERT_HEX(tr.attr, 0x44);
    ck_assert_uint_eq(tr.sh, 2);
    /* TGE makes the PE ignore DC: stage 1 off with the usual Device default, no stage 2. */
    hc->sr[SR_HCR_EL2] |= HCR_TGE;
    OK(0, 0x40001234, RD);
    ck_assert(!tr.stage2);
    ASSERT_HEX(tr.attr, 0x00);
    /* Not in Secure state. */
    hc->sr[SR_HCR_EL2] &= ~HCR_TGE;
    hc->sr[SR_SCR_EL3] &= ~SCR_NS;
    OK(1, 0x40001234, RD);
    ASSERT_HEX(tr.oa, 0x50001000);
    ck_assert(!tr.stage2);
}
END_TEST

START_TEST(test_vmid_width)
{
    Tables s2 = setup_s2(12, 25, 1, 1);
    tt_map(&s2, 0x40000000, 1, S2BLOCK(0x40000000, S2_RW));
    hc->sr[SR_VTTBR_EL2] = s2.root | (0xABCDULL << 48);
    OK(1, 0x40000000, RD);
    ASSERT_HEX(tr.vmid, 0xCD);
    hc->sr[SR_VTCR_EL2] |= VTCR_VS;
    OK(1, 0x40000000, RD);
    ASSERT_HEX(tr.vmid, 0xABCD);
    /* EL2 and EL3 translations carry no VMID. */
    OK(2, 0x40000000, RD);
    ck_assert_uint_eq(tr.vmid, 0);
    ck_assert(!tr.stage2);
}
END_TEST

START_TEST(test_cache_maintenance)
{
    Tables s1 = setup_el1(12, 16, 0);
    Tables s2 = setup_s2_flat_pool();
    tt_map(&s1, 0x1000, 3, PAGE(0x40601000) | AP(0));   /* EL1 only */
    tt_map(&s1, 0x2000, 3, PAGE(0x40602000) | AP(2));   /* EL1 read-only */
    tt_map(&s2, 0x40601000, 3, S2PAGE(0x50001000, S2_NONE));
    tt_map(&s2, 0x40602000, 3, S2PAGE(0x50002000, S2_RW));
    AccessDesc dc_cvac = {.cache_maint = true}, dc_ivac = {.cache_maint = true, .write = true};
    /* DC CVAC at EL1 never faults on permissions, at either stage. */
    OK(1, 0x1000, dc_cvac);
    /* At EL0 it needs read permission. */
    PERM_FAULT(0, 0x1000, dc_cvac);
    ck_assert(tf.write);                      /* WnR is 1 for cache maintenance */
    /* DC IVAC needs write permission. */
    PERM_FAULT(1, 0x2000, dc_ivac);
    tt_map(&s1, 0x3000, 3, PAGE(0x40601000));
    FAULT(1, 0x3000, dc_ivac, FAULT_PERMISSION, 3, 2);
    /* Translation faults still happen. */
    FAULT(1, 0x4000, dc_cvac, FAULT_TRANSLATION, 3, 1);
}
END_TEST

START_TEST(test_check_perms_matches_walk)
{
    Tables t = setup_el1(12, 16, 0);
    tt_map(&t, 0x1000, 3, PAGE(0x40001000) | AP(2) | UXN);
    OK(1, 0x1000, RD);
    Translation cached = tr;
    struct { unsigned el; AccessDesc ad; } cases[] = {
        {1, RD}, {1, WR}, {1, EX}, {0, RD}, {0, WR}, {0, EX},
        {1, {.unpriv = true}}, {1, {.cache_maint = true}}, {0, {.cache_maint = true}},
    };
    for (unsigned i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        bool walked = xlate(cases[i].el, 0x1000, cases[i].ad);
        TransFault walk_fault = tf, check_fault;
        memset(&check_fault, 0xA5, sizeof check_fault);
        bool checked = mmu_check_perms(hc, &cached, cases[i].el, &cases[i].ad, &check_fault);
        ck_assert_msg(walked == checked, "case %u: walk %d, check %d", i, walked, checked);
        if (!walked) {
            ck_assert_uint_eq(check_fault.type, walk_fault.type);
            ck_assert_int_eq(check_fault.level, walk_fault.level);
            ck_assert_uint_eq(check_fault.stage, walk_fault.stage);
            ck_assert_uint_eq(check_fault.write, walk_fault.write);
            ck_assert_uint_eq(check_fault.s1ptw, walk_fault.s1ptw);
        }
    }
}
END_TEST

static Suite *walk_suite(void)
{
    Suite *s = suite_create("walk");
    TCase *tc = tcase_create("basics");
    tcase_add_checked_fixture(tc, walk_setup, h_teardown);
    tcase_add_test(tc, test_fault_status_codes);
    tcase_add_test(tc, test_regime_selection);
    tcase_add_test(tc, test_s1_off_data);
    tcase_add_test(tc, test_s1_off_fetch_attributes);
    tcase_add_test(tc, test_s1_off_address_size);
    tcase_add_test(tc, test_tge_disables_el10_stage1);
    suite_add_tcase(s, tc);

    tc = tcase_create("stage1");
    tcase_add_checked_fixture(tc, walk_setup, h_teardown);
    tcase_add_test(tc, test_4k_level0_start_page);
    tcase_add_test(tc, test_4k_level1_start_block);
    tcase_add_test(tc, test_4k_level2_start_block);
    tcase_add_test(tc, test_txsz_clamped);
    tcase_add_test(tc, test_4k_descriptor_kinds);
    tcase_add_test(tc, test_ttbr_low_bits_ignored);
    tcase_add_test(tc, test_16k_level0_start);
    tcase_add_test(tc, test_16k_level1_and_level3_start);
    tcase_add_test(tc, test_64k_level1_start);
    tcase_add_test(tc, test_64k_level2_start);
    tcase_add_test(tc, test_ttbr1_selection_and_hole);
    tcase_add_test(tc, test_tg1_encoding);
    tcase_add_test(tc, test_epd);
    tcase_add_test(tc, test_tbi);
    tcase_add_test(tc, test_ng_and_asid);
    tcase_add_test(tc, test_mair_index);
    tcase_add_test(tc, test_output_address_size);
    tcase_add_test(tc, test_external_abort_on_walk);
    suite_add_tcase(s, tc);

    tc = tcase_create("permissions");
    tcase_add_checked_fixture(tc, walk_setup, h_teardown);
    tcase_add_test(tc, test_ap_combinations);
    tcase_add_test(tc, test_uxn_pxn);
    tcase_add_test(tc, test_el0_writable_is_pxn);
    tcase_add_test(tc, test_ap_table);
    tcase_add_test(tc, test_xn_table);
    tcase_add_test(tc, test_wxn);
    tcase_add_test(tc, test_pan);
    tcase_add_test(tc, test_access_flag);
    tcase_add_test(tc, test_cache_maintenance);
    tcase_add_test(tc, test_check_perms_matches_walk);
    suite_add_tcase(s, tc);

    tc = tcase_create("regimes");
    tcase_add_checked_fixture(tc, walk_setup, h_teardown);
    tcase_add_test(tc, test_el2_regime);
    tcase_add_test(tc, test_el3_regime_secure);
    tcase_add_test(tc, test_secure_el10);
    tcase_add_test(tc, test_e2h_regime);
    suite_add_tcase(s, tc);

    tc = tcase_create("stage2");
    tcase_add_checked_fixture(tc, walk_setup, h_teardown);
    tcase_add_test(tc, test_s2_after_s1_off);
    tcase_add_test(tc, test_s2_level2_start);
    tcase_add_test(tc, test_s2_level0_start);
    tcase_add_test(tc, test_s2_concatenated_tables);
    tcase_add_test(tc, test_s2_inconsistent_sl0);
    tcase_add_test(tc, test_s2_16k_and_64k);
    tcase_add_test(tc, test_s2ap_and_xn);
    tcase_add_test(tc, test_s2_access_flag_and_ps);
    tcase_add_test(tc, test_s1ptw_translation_fault);
    tcase_add_test(tc, test_s1ptw_permission_and_af);
    tcase_add_test(tc, test_s1_tables_through_stage2);
    tcase_add_test(tc, test_combined_size);
    tcase_add_test(tc, test_s2_attribute_combining);
    tcase_add_test(tc, test_host_regime_ignores_vm);
    tcase_add_test(tc, test_hcr_dc);
    tcase_add_test(tc, test_vmid_width);
    suite_add_tcase(s, tc);
    return s;
}

int main(void) { return h_run_suite(walk_suite()); }
