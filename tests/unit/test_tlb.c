/* SPDX-License-Identifier: MIT */
/* TLB model tests: tag matching (regime, security state, VMID, ASID, nG), block entries, every
 * TLBI operation with entries that must go and entries that must stay, and replacement. */
#include "mmu/tlb.h"
#include "tests/unit/harness.h"

enum { NS = 0, SEC = 1 };

static TLB *t;

static void setup(void) { t = tlb_new(TLB_DEFAULT_ENTRIES, TLB_DEFAULT_WAYS); }
static void teardown(void)
{
    tlb_free(t);
    t = NULL;
}

/* A combined (or stage-1-only) translation. The output address encodes what it came from, so
 * a hit proves which entry answered. */
static Translation xlat(uint8_t regime, uint64_t va, unsigned size_log2, uint16_t asid, uint16_t vmid, bool global,
                        uint64_t oa)
{
    Translation tr = {0};
    tr.va = va & ~((1ULL << size_log2) - 1);
    tr.oa = oa;
    tr.ipa = oa;
    tr.size_log2 = (uint8_t)size_log2;
    tr.level = size_log2 == 12 ? 3 : size_log2 == 21 ? 2 : 1;
    tr.regime = regime;
    tr.perm = PERM_PR | PERM_PW | PERM_UR | PERM_UW; /* a stage-1 mapping: never all six */
    tr.s2_perm = S2_R | S2_W | S2_X;
    tr.global = global;
    tr.asid = asid;
    tr.vmid = vmid;
    tr.stage2 = regime == REGIME_EL10 && vmid != 0;
    return tr;
}

static void put(uint8_t regime, bool secure, uint64_t va, unsigned size_log2, uint16_t asid, uint16_t vmid,
                bool global, uint64_t oa)
{
    Translation tr = xlat(regime, va, size_log2, asid, vmid, global, oa);
    tlb_insert(t, &tr, secure);
}

/* A stage-2-only entry: stage 1 off (flat VA == IPA, every permission), stage 2 on. */
static void put_s2_only(uint64_t ipa, unsigned size_log2, uint16_t vmid, uint64_t pa)
{
    Translation tr = xlat(REGIME_EL10, ipa, size_log2, 0, vmid, true, pa);
    tr.ipa = tr.va;
    tr.perm = PERM_PR | PERM_PW | PERM_PX | PERM_UR | PERM_UW | PERM_UX;
    tr.stage2 = true;
    tlb_insert(t, &tr, false);
}

static TLBContext ctx(uint8_t regime, bool secure, uint16_t vmid, uint16_t asid)
{
    return (TLBContext){.regime = regime, .secure = secure, .vmid = vmid, .asid = asid};
}

/* The output address the context sees at `va`, or ~0 on a miss. */
static uint64_t look(uint8_t regime, bool secure, uint16_t vmid, uint16_t asid, uint64_t va)
{
    TLBContext c = ctx(regime, secure, vmid, asid);
    const Translation *tr = tlb_lookup(t, &c, va);
    return tr ? tr->oa + (va - tr->va) : ~0ULL;
}

#define MISS (~0ULL)

/* ---- geometry ---- */

START_TEST(new_rejects_bad_geometry)
{
    ck_assert_ptr_null(tlb_new(1000, 4));  /* not a power of two */
    ck_assert_ptr_null(tlb_new(1024, 3));  /* not a multiple of ways */
    ck_assert_ptr_null(tlb_new(0, 4));
    ck_assert_ptr_null(tlb_new(16, 0));
    ck_assert_ptr_null(tlb_new(16, 32));   /* fewer entries than ways */
    TLB *small = tlb_new(4, 4);            /* fully associative */
    ck_assert_ptr_nonnull(small);
    ck_assert_uint_eq(tlb_count(small), 0);
    tlb_free(small);
    tlb_free(NULL);
    ck_assert_uint_eq(tlb_count(t), 0);
}
END_TEST

/* ---- insert and lookup in each regime ---- */

START_TEST(el10_page_hits_its_page_only)
{
    put(REGIME_EL10, NS, 0x400000, 12, 5, 0, false, 0x80001000);
    ck_assert_uint_eq(tlb_count(t), 1);
    ASSERT_HEX(look(REGIME_EL10, NS, 0, 5, 0x400000), 0x80001000);
    ASSERT_HEX(look(REGIME_EL10, NS, 0, 5, 0x400fff), 0x80001fff);
    ASSERT_HEX(look(REGIME_EL10, NS, 0, 5, 0x401000), MISS);
    ASSERT_HEX(look(REGIME_EL10, NS, 0, 5, 0x3ff000), MISS);
    TLBContext c = ctx(REGIME_EL10, NS, 0, 5);
    const Translation *tr = tlb_lookup(t, &c, 0x400123);
    ck_assert_ptr_nonnull(tr); /* the whole walk result comes back */
    ck_assert_uint_eq(tr->level, 3);
    ck_assert_uint_eq(tr->perm, PERM_PR | PERM_PW | PERM_UR | PERM_UW);
    ck_assert_uint_eq(tr->asid, 5);
    ck_assert(!tr->global);
}
END_TEST

START_TEST(el20_page_is_tagged_with_asid)
{
    put(REGIME_EL20, NS, 0x1000, 12, 7, 0, false, 0x90000000);
    ASSERT_HEX(look(REGIME_EL20, NS, 0, 7, 0x1010), 0x90000010);
    ASSERT_HEX(look(REGIME_EL20, NS, 0, 8, 0x1010), MISS);
    ASSERT_HEX(look(REGIME_EL20, NS, 3, 7, 0x1010), 0x90000010); /* EL2&0 has no VMID */
}
END_TEST

START_TEST(el2_ignores_asid_and_vmid)
{
    /* EL2 without E2H has no ASIDs: even an entry walked with nG = 1 serves every ASID. */
    put(REGIME_EL2, NS, 0x8000, 12, 1, 0, false, 0xa0000000);
    ASSERT_HEX(look(REGIME_EL2, NS, 0, 1, 0x8004), 0xa0000004);
    ASSERT_HEX(look(REGIME_EL2, NS, 0, 99, 0x8004), 0xa0000004);
    ASSERT_HEX(look(REGIME_EL2, NS, 4, 0, 0x8004), 0xa0000004);
}
END_TEST

START_TEST(el3_page_hits)
{
    put(REGIME_EL3, SEC, 0xffff000, 12, 0, 0, true, 0xb000);
    ASSERT_HEX(look(REGIME_EL3, SEC, 0, 0, 0xffff008), 0xb008);
    ASSERT_HEX(look(REGIME_EL3, NS, 0, 0, 0xffff008), MISS);
}
END_TEST

START_TEST(regimes_are_separate)
{
    /* The same VA in four regimes: four entries, each regime sees its own. */
    put(REGIME_EL10, NS, 0x5000, 12, 0, 0, true, 0x10000);
    put(REGIME_EL20, NS, 0x5000, 12, 0, 0, true, 0x20000);
    put(REGIME_EL2, NS, 0x5000, 12, 0, 0, true, 0x30000);
    put(REGIME_EL3, SEC, 0x5000, 12, 0, 0, true, 0x40000);
    ck_assert_uint_eq(tlb_count(t), 4);
    ASSERT_HEX(look(REGIME_EL10, NS, 0, 0, 0x5000), 0x10000);
    ASSERT_HEX(look(REGIME_EL20, NS, 0, 0, 0x5000), 0x20000);
    ASSERT_HEX(look(REGIME_EL2, NS, 0, 0, 0x5000), 0x30000);
    ASSERT_HEX(look(REGIME_EL3, SEC, 0, 0, 0x5000), 0x40000);
}
END_TEST

START_TEST(ttbr1_addresses_match_all_64_bits_on_lookup)
{
    put(REGIME_EL10, NS, 0xffff800000123000ULL, 12, 1, 0, true, 0x50000000);
    ASSERT_HEX(look(REGIME_EL10, NS, 0, 1, 0xffff800000123abcULL), 0x50000abc);
    /* The same VA[55:0] with other upper bits is another address (non-canonical). */
    ASSERT_HEX(look(REGIME_EL10, NS, 0, 1, 0x00ff800000123abcULL), MISS);
}
END_TEST

/* ---- ASIDs and global entries ---- */

START_TEST(non_global_entry_needs_its_asid)
{
    put(REGIME_EL10, NS, 0x2000, 12, 0x1234, 0, false, 0x3000);
    ASSERT_HEX(look(REGIME_EL10, NS, 0, 0x1234, 0x2000), 0x3000);
    ASSERT_HEX(look(REGIME_EL10, NS, 0, 0x1235, 0x2000), MISS);
    ASSERT_HEX(look(REGIME_EL10, NS, 0, 0, 0x2000), MISS);
}
END_TEST

START_TEST(global_entry_serves_every_asid)
{
    put(REGIME_EL10, NS, 0x2000, 12, 0x1234, 0, true, 0x3000);
    ASSERT_HEX(look(REGIME_EL10, NS, 0, 0x1234, 0x2000), 0x3000);
    ASSERT_HEX(look(REGIME_EL10, NS, 0, 0xffff, 0x2000), 0x3000);
    ASSERT_HEX(look(REGIME_EL10, NS, 0, 0, 0x2000), 0x3000);
}
END_TEST

START_TEST(two_asids_at_one_va_coexist)
{
    put(REGIME_EL10, NS, 0x7000, 12, 1, 0, false, 0x11000);
    put(REGIME_EL10, NS, 0x7000, 12, 2, 0, false, 0x22000);
    ck_assert_uint_eq(tlb_count(t), 2);
    ASSERT_HEX(look(REGIME_EL10, NS, 0, 1, 0x7000), 0x11000);
    ASSERT_HEX(look(REGIME_EL10, NS, 0, 2, 0x7000), 0x22000);
    ASSERT_HEX(look(REGIME_EL10, NS, 0, 3, 0x7000), MISS);
}
END_TEST

/* ---- VMIDs ---- */

START_TEST(two_vms_with_same_va_and_ipa_coexist)
{
    /* VM 1 and VM 2 map VA 0x400000 -> IPA 0x40000000, each to its own PA. */
    Translation a = xlat(REGIME_EL10, 0x400000, 12, 1, 1, false, 0x81000000);
    Translation b = xlat(REGIME_EL10, 0x400000, 12, 1, 2, false, 0x82000000);
    a.ipa = b.ipa = 0x40000000;
    tlb_insert(t, &a, NS);
    tlb_insert(t, &b, NS);
    ck_assert_uint_eq(tlb_count(t), 2);
    ASSERT_HEX(look(REGIME_EL10, NS, 1, 1, 0x400008), 0x81000008);
    ASSERT_HEX(look(REGIME_EL10, NS, 2, 1, 0x400008), 0x82000008);
    ASSERT_HEX(look(REGIME_EL10, NS, 3, 1, 0x400008), MISS);
    /* A global entry is global within its VMID only. */
    put(REGIME_EL10, NS, 0x900000, 12, 0, 1, true, 0x83000000);
    ASSERT_HEX(look(REGIME_EL10, NS, 1, 77, 0x900000), 0x83000000);
    ASSERT_HEX(look(REGIME_EL10, NS, 2, 77, 0x900000), MISS);
}
END_TEST

START_TEST(vmalls12e1_of_one_vm_leaves_the_other)
{
    for (unsigned i = 0; i < 8; i++) {
        put(REGIME_EL10, NS, 0x10000 + i * 0x1000, 12, i, 1, i & 1, 0x1000000 + i * 0x1000);
        put(REGIME_EL10, NS, 0x10000 + i * 0x1000, 12, i, 2, i & 1, 0x2000000 + i * 0x1000);
    }
    put_s2_only(0x40000000, 12, 1, 0x3000000);
    put_s2_only(0x40000000, 12, 2, 0x4000000);
    ck_assert_uint_eq(tlb_count(t), 18);
    tlb_inv_vmid(t, NS, 1, false); /* VMALLS12E1 with VMID 1 */
    ck_assert_uint_eq(tlb_count(t), 9);
    for (unsigned i = 0; i < 8; i++) {
        ASSERT_HEX(look(REGIME_EL10, NS, 1, i, 0x10000 + i * 0x1000), MISS);
        ASSERT_HEX(look(REGIME_EL10, NS, 2, i, 0x10000 + i * 0x1000), 0x2000000 + i * 0x1000);
    }
    ASSERT_HEX(look(REGIME_EL10, NS, 1, 0, 0x40000000), MISS); /* stage-2-only entries go too */
    ASSERT_HEX(look(REGIME_EL10, NS, 2, 0, 0x40000000), 0x4000000);
}
END_TEST

START_TEST(vmalle1_removes_every_entry_of_the_vmid)
{
    put(REGIME_EL10, NS, 0x1000, 12, 1, 5, false, 0x10000);   /* combined, non-global */
    put(REGIME_EL10, NS, 0x2000, 12, 0, 5, true, 0x20000);    /* combined, global */
    put_s2_only(0x40000000, 21, 5, 0x60000000);               /* stage 2 only: goes too */
    put_s2_only(0x40000000, 21, 6, 0x61000000);               /* another VM's: stays */
    put(REGIME_EL10, NS, 0x1000, 12, 1, 6, false, 0x30000);   /* another VM */
    put(REGIME_EL20, NS, 0x1000, 12, 1, 0, false, 0x40000);   /* the host */
    put(REGIME_EL2, NS, 0x1000, 12, 0, 0, true, 0x50000);     /* the hypervisor */
    put(REGIME_EL10, SEC, 0x1000, 12, 1, 5, false, 0x70000);  /* Secure EL1&0 */
    ck_assert_uint_eq(tlb_count(t), 8);
    tlb_inv_vmid(t, NS, 5, true); /* VMALLE1 with VMID 5 */
    ck_assert_uint_eq(tlb_count(t), 5);
    ASSERT_HEX(look(REGIME_EL10, NS, 5, 1, 0x1000), MISS);
    ASSERT_HEX(look(REGIME_EL10, NS, 5, 1, 0x2000), MISS);
    /* Kept, it would answer a stage-1 lookup of VA 0x40012345 once the guest's MMU is on. */
    ASSERT_HEX(look(REGIME_EL10, NS, 5, 0, 0x40012345), MISS);
    ASSERT_HEX(look(REGIME_EL10, NS, 6, 0, 0x40012345), 0x61012345);
    ASSERT_HEX(look(REGIME_EL10, NS, 6, 1, 0x1000), 0x30000);
    ASSERT_HEX(look(REGIME_EL20, NS, 0, 1, 0x1000), 0x40000);
    ASSERT_HEX(look(REGIME_EL2, NS, 0, 0, 0x1000), 0x50000);
    ASSERT_HEX(look(REGIME_EL10, SEC, 5, 1, 0x1000), 0x70000);
}
END_TEST

/* ---- security states ---- */

START_TEST(secure_and_non_secure_are_separate)
{
    put(REGIME_EL10, NS, 0x3000, 12, 0, 0, true, 0x100000);
    ASSERT_HEX(look(REGIME_EL10, SEC, 0, 0, 0x3000), MISS);
    put(REGIME_EL10, SEC, 0x3000, 12, 0, 0, true, 0x200000);
    ck_assert_uint_eq(tlb_count(t), 2);
    ASSERT_HEX(look(REGIME_EL10, NS, 0, 0, 0x3000), 0x100000);
    ASSERT_HEX(look(REGIME_EL10, SEC, 0, 0, 0x3000), 0x200000);
    /* A by-VA TLBI in one state leaves the other. */
    TLBContext c = ctx(REGIME_EL10, SEC, 0, 0);
    tlb_inv_va(t, &c, 0x3000, true, false);
    ASSERT_HEX(look(REGIME_EL10, SEC, 0, 0, 0x3000), MISS);
    ASSERT_HEX(look(REGIME_EL10, NS, 0, 0, 0x3000), 0x100000);
}
END_TEST

/* ---- whole-regime invalidation ---- */

START_TEST(alle1_removes_every_vmid_of_one_state)
{
    put(REGIME_EL10, NS, 0x1000, 12, 1, 1, false, 0x10000);
    put(REGIME_EL10, NS, 0x1000, 12, 1, 2, true, 0x20000);
    put(REGIME_EL10, NS, 0x5000, 12, 9, 0, false, 0x30000);
    put_s2_only(0x80000000, 12, 3, 0x40000);
    put(REGIME_EL10, SEC, 0x1000, 12, 1, 0, false, 0x50000);
    put(REGIME_EL20, NS, 0x1000, 12, 1, 0, false, 0x60000);
    put(REGIME_EL2, NS, 0x1000, 12, 0, 0, true, 0x70000);
    put(REGIME_EL3, SEC, 0x1000, 12, 0, 0, true, 0x80000);
    tlb_inv_regime(t, REGIME_EL10, NS); /* ALLE1 from Non-secure EL2 */
    ck_assert_uint_eq(tlb_count(t), 4);
    ASSERT_HEX(look(REGIME_EL10, NS, 1, 1, 0x1000), MISS);
    ASSERT_HEX(look(REGIME_EL10, NS, 2, 1, 0x1000), MISS);
    ASSERT_HEX(look(REGIME_EL10, NS, 0, 9, 0x5000), MISS);
    ASSERT_HEX(look(REGIME_EL10, SEC, 0, 1, 0x1000), 0x50000);
    ASSERT_HEX(look(REGIME_EL20, NS, 0, 1, 0x1000), 0x60000);
    ASSERT_HEX(look(REGIME_EL2, NS, 0, 0, 0x1000), 0x70000);
    ASSERT_HEX(look(REGIME_EL3, SEC, 0, 0, 0x1000), 0x80000);
}
END_TEST

START_TEST(alle2_is_one_call_per_el2_regime)
{
    put(REGIME_EL2, NS, 0x1000, 12, 0, 0, true, 0x10000);
    put(REGIME_EL20, NS, 0x1000, 12, 4, 0, false, 0x20000);
    put(REGIME_EL20, NS, 0x2000, 12, 0, 0, true, 0x30000);
    put(REGIME_EL10, NS, 0x1000, 12, 4, 1, false, 0x40000);
    put(REGIME_EL3, SEC, 0x1000, 12, 0, 0, true, 0x50000);
    put(REGIME_EL2, SEC, 0x1000, 12, 0, 0, true, 0x60000); /* Secure EL2 */
    tlb_inv_regime(t, REGIME_EL2, NS);
    ck_assert_uint_eq(tlb_count(t), 5);
    ASSERT_HEX(look(REGIME_EL2, NS, 0, 0, 0x1000), MISS);
    ASSERT_HEX(look(REGIME_EL20, NS, 0, 4, 0x1000), 0x20000); /* the other EL2 regime stays */
    tlb_inv_regime(t, REGIME_EL20, NS);
    ck_assert_uint_eq(tlb_count(t), 3);
    ASSERT_HEX(look(REGIME_EL20, NS, 0, 4, 0x1000), MISS);
    ASSERT_HEX(look(REGIME_EL20, NS, 0, 4, 0x2000), MISS);
    ASSERT_HEX(look(REGIME_EL10, NS, 1, 4, 0x1000), 0x40000);
    ASSERT_HEX(look(REGIME_EL3, SEC, 0, 0, 0x1000), 0x50000);
    ASSERT_HEX(look(REGIME_EL2, SEC, 0, 0, 0x1000), 0x60000);
}
END_TEST

START_TEST(alle3_removes_el3_only)
{
    put(REGIME_EL3, SEC, 0x1000, 12, 0, 0, true, 0x10000);
    put(REGIME_EL3, SEC, 0x40000000, 30, 0, 0, true, 0x40000000);
    put(REGIME_EL10, SEC, 0x1000, 12, 0, 0, true, 0x20000);
    put(REGIME_EL2, NS, 0x1000, 12, 0, 0, true, 0x30000);
    tlb_inv_regime(t, REGIME_EL3, SEC);
    ck_assert_uint_eq(tlb_count(t), 2);
    ASSERT_HEX(look(REGIME_EL3, SEC, 0, 0, 0x1000), MISS);
    ASSERT_HEX(look(REGIME_EL3, SEC, 0, 0, 0x40001000), MISS);
    ASSERT_HEX(look(REGIME_EL10, SEC, 0, 0, 0x1000), 0x20000);
    ASSERT_HEX(look(REGIME_EL2, NS, 0, 0, 0x1000), 0x30000);
}
END_TEST

START_TEST(inv_all_empties_everything)
{
    for (unsigned r = 0; r < REGIME_COUNT; r++)
        for (unsigned i = 0; i < 16; i++)
            put(r, r == REGIME_EL3, 0x100000 * i, i & 1 ? 21 : 12, i, r == REGIME_EL10 ? i : 0, i & 2, 0x1000 * i);
    ck_assert_uint_eq(tlb_count(t), 4 * 16);
    tlb_inv_all(t);
    ck_assert_uint_eq(tlb_count(t), 0);
    ASSERT_HEX(look(REGIME_EL10, NS, 0, 0, 0), MISS);
    ASSERT_HEX(look(REGIME_EL10, NS, 1, 1, 0x100000), MISS);
    put(REGIME_EL10, NS, 0x1000, 12, 0, 0, true, 0x9000); /* usable again */
    ASSERT_HEX(look(REGIME_EL10, NS, 0, 0, 0x1000), 0x9000);
}
END_TEST

/* ---- by ASID ---- */

START_TEST(aside1_removes_non_global_entries_of_asid_and_vmid)
{
    put(REGIME_EL10, NS, 0x1000, 12, 7, 1, false, 0x10000);  /* goes */
    put(REGIME_EL10, NS, 0x200000, 21, 7, 1, false, 0x200000); /* goes (a block) */
    put(REGIME_EL10, NS, 0x2000, 12, 7, 1, true, 0x20000);   /* global: stays */
    put(REGIME_EL10, NS, 0x3000, 12, 8, 1, false, 0x30000);  /* other ASID: stays */
    put(REGIME_EL10, NS, 0x1000, 12, 7, 2, false, 0x40000);  /* other VMID: stays */
    put(REGIME_EL20, NS, 0x1000, 12, 7, 0, false, 0x50000);  /* host ASID 7: stays */
    put(REGIME_EL10, SEC, 0x1000, 12, 7, 1, false, 0x60000); /* Secure: stays */
    TLBContext c = ctx(REGIME_EL10, NS, 1, 7);
    tlb_inv_asid(t, &c);
    ck_assert_uint_eq(tlb_count(t), 5);
    ASSERT_HEX(look(REGIME_EL10, NS, 1, 7, 0x1000), MISS);
    ASSERT_HEX(look(REGIME_EL10, NS, 1, 7, 0x200000), MISS);
    ASSERT_HEX(look(REGIME_EL10, NS, 1, 7, 0x2000), 0x20000);
    ASSERT_HEX(look(REGIME_EL10, NS, 1, 8, 0x3000), 0x30000);
    ASSERT_HEX(look(REGIME_EL10, NS, 2, 7, 0x1000), 0x40000);
    ASSERT_HEX(look(REGIME_EL20, NS, 0, 7, 0x1000), 0x50000);
    ASSERT_HEX(look(REGIME_EL10, SEC, 1, 7, 0x1000), 0x60000);
}
END_TEST

START_TEST(aside1_e2h_form_targets_el20)
{
    put(REGIME_EL20, NS, 0x1000, 12, 3, 0, false, 0x10000); /* goes */
    put(REGIME_EL20, NS, 0x2000, 12, 3, 0, true, 0x20000);  /* global: stays */
    put(REGIME_EL20, NS, 0x3000, 12, 4, 0, false, 0x30000); /* other ASID: stays */
    put(REGIME_EL10, NS, 0x1000, 12, 3, 0, false, 0x40000); /* EL1&0 ASID 3: stays */
    put(REGIME_EL2, NS, 0x1000, 12, 3, 0, false, 0x50000);  /* EL2: stays */
    TLBContext c = ctx(REGIME_EL20, NS, 0, 3);
    tlb_inv_asid(t, &c);
    ck_assert_uint_eq(tlb_count(t), 4);
    ASSERT_HEX(look(REGIME_EL20, NS, 0, 3, 0x1000), MISS);
    ASSERT_HEX(look(REGIME_EL20, NS, 0, 3, 0x2000), 0x20000);
    ASSERT_HEX(look(REGIME_EL20, NS, 0, 4, 0x3000), 0x30000);
    ASSERT_HEX(look(REGIME_EL10, NS, 0, 3, 0x1000), 0x40000);
    ASSERT_HEX(look(REGIME_EL2, NS, 0, 3, 0x1000), 0x50000);
}
END_TEST

/* ---- by VA ---- */

/* Entries around VA 0x5000 for the by-VA tests, VMID 1. */
static void fill_around_5000(void)
{
    put(REGIME_EL10, NS, 0x5000, 12, 1, 1, false, 0x10000);  /* ASID 1 */
    put(REGIME_EL10, NS, 0x5000, 12, 2, 1, false, 0x20000);  /* ASID 2 */
    put(REGIME_EL10, NS, 0x6000, 12, 1, 1, false, 0x30000);  /* next page */
    put(REGIME_EL10, NS, 0x5000, 12, 1, 2, false, 0x40000);  /* VMID 2 */
    put(REGIME_EL20, NS, 0x5000, 12, 1, 0, false, 0x50000);  /* host */
    put(REGIME_EL10, SEC, 0x5000, 12, 1, 0, false, 0x60000); /* Secure */
}

START_TEST(vae1_removes_the_asid_at_va)
{
    fill_around_5000();
    put(REGIME_EL10, NS, 0x8000, 12, 9, 1, true, 0x70000);
    TLBContext c = ctx(REGIME_EL10, NS, 1, 1);
    tlb_inv_va(t, &c, 0x5000, false, false);
    ck_assert_uint_eq(tlb_count(t), 6);
    ASSERT_HEX(look(REGIME_EL10, NS, 1, 1, 0x5000), MISS);
    ASSERT_HEX(look(REGIME_EL10, NS, 1, 2, 0x5000), 0x20000);
    ASSERT_HEX(look(REGIME_EL10, NS, 1, 1, 0x6000), 0x30000);
    ASSERT_HEX(look(REGIME_EL10, NS, 2, 1, 0x5000), 0x40000);
    ASSERT_HEX(look(REGIME_EL20, NS, 0, 1, 0x5000), 0x50000);
    ASSERT_HEX(look(REGIME_EL10, SEC, 0, 1, 0x5000), 0x60000);
}
END_TEST

START_TEST(vae1_removes_global_entries_whatever_the_asid)
{
    put(REGIME_EL10, NS, 0x5000, 12, 0, 1, true, 0x10000);
    put(REGIME_EL10, NS, 0x6000, 12, 0, 1, true, 0x20000);
    TLBContext c = ctx(REGIME_EL10, NS, 1, 0x55);
    tlb_inv_va(t, &c, 0x5000, false, false);
    ASSERT_HEX(look(REGIME_EL10, NS, 1, 0, 0x5000), MISS);
    ASSERT_HEX(look(REGIME_EL10, NS, 1, 0, 0x6000), 0x20000);
}
END_TEST

START_TEST(vaae1_removes_every_asid_at_va)
{
    fill_around_5000();
    TLBContext c = ctx(REGIME_EL10, NS, 1, 0x99); /* the ASID is not looked at */
    tlb_inv_va(t, &c, 0x5000, true, false);
    ck_assert_uint_eq(tlb_count(t), 4);
    ASSERT_HEX(look(REGIME_EL10, NS, 1, 1, 0x5000), MISS);
    ASSERT_HEX(look(REGIME_EL10, NS, 1, 2, 0x5000), MISS);
    ASSERT_HEX(look(REGIME_EL10, NS, 1, 1, 0x6000), 0x30000);
    ASSERT_HEX(look(REGIME_EL10, NS, 2, 1, 0x5000), 0x40000);
    ASSERT_HEX(look(REGIME_EL20, NS, 0, 1, 0x5000), 0x50000);
    ASSERT_HEX(look(REGIME_EL10, SEC, 0, 1, 0x5000), 0x60000);
}
END_TEST

START_TEST(last_level_forms_remove_our_entries_too)
{
    /* VALE1 / VAALE1: every cached entry is from a page or block descriptor. */
    fill_around_5000();
    put(REGIME_EL10, NS, 0x200000, 21, 1, 1, false, 0x800000);
    TLBContext c = ctx(REGIME_EL10, NS, 1, 1);
    tlb_inv_va(t, &c, 0x5000, false, true);   /* VALE1 */
    ASSERT_HEX(look(REGIME_EL10, NS, 1, 1, 0x5000), MISS);
    ASSERT_HEX(look(REGIME_EL10, NS, 1, 2, 0x5000), 0x20000);
    tlb_inv_va(t, &c, 0x5000, true, true);    /* VAALE1 */
    ASSERT_HEX(look(REGIME_EL10, NS, 1, 2, 0x5000), MISS);
    tlb_inv_va(t, &c, 0x3ff000, true, true);  /* VAALE1 inside the 2M block */
    ASSERT_HEX(look(REGIME_EL10, NS, 1, 1, 0x200000), MISS);
    ck_assert_uint_eq(tlb_count(t), 4);
}
END_TEST

START_TEST(vae2_ignores_asid_and_leaves_el20)
{
    put(REGIME_EL2, NS, 0x5000, 12, 3, 0, false, 0x10000);
    put(REGIME_EL2, NS, 0x6000, 12, 0, 0, true, 0x20000);
    put(REGIME_EL20, NS, 0x5000, 12, 0, 0, true, 0x30000);
    put(REGIME_EL10, NS, 0x5000, 12, 0, 0, true, 0x40000);
    put(REGIME_EL2, SEC, 0x5000, 12, 0, 0, true, 0x50000);
    TLBContext c = ctx(REGIME_EL2, NS, 0, 0x77);
    tlb_inv_va(t, &c, 0x5000, false, false); /* VAE2 with E2H == 0 */
    ck_assert_uint_eq(tlb_count(t), 4);
    ASSERT_HEX(look(REGIME_EL2, NS, 0, 3, 0x5000), MISS);
    ASSERT_HEX(look(REGIME_EL2, NS, 0, 0, 0x6000), 0x20000);
    ASSERT_HEX(look(REGIME_EL20, NS, 0, 0, 0x5000), 0x30000);
    ASSERT_HEX(look(REGIME_EL10, NS, 0, 0, 0x5000), 0x40000);
    ASSERT_HEX(look(REGIME_EL2, SEC, 0, 0, 0x5000), 0x50000);
}
END_TEST

START_TEST(vae2_e2h_form_matches_asid_in_el20)
{
    put(REGIME_EL20, NS, 0x5000, 12, 3, 0, false, 0x10000); /* goes */
    put(REGIME_EL20, NS, 0x5000, 12, 4, 0, false, 0x20000); /* other ASID: stays */
    put(REGIME_EL20, NS, 0x9000, 12, 0, 0, true, 0x30000);  /* global elsewhere: stays */
    put(REGIME_EL2, NS, 0x5000, 12, 0, 0, true, 0x40000);   /* EL2 regime: stays */
    TLBContext c = ctx(REGIME_EL20, NS, 0, 3);
    tlb_inv_va(t, &c, 0x5000, false, false); /* VAE2 with E2H == 1 */
    ck_assert_uint_eq(tlb_count(t), 3);
    ASSERT_HEX(look(REGIME_EL20, NS, 0, 3, 0x5000), MISS);
    ASSERT_HEX(look(REGIME_EL20, NS, 0, 4, 0x5000), 0x20000);
    ASSERT_HEX(look(REGIME_EL2, NS, 0, 0, 0x5000), 0x40000);
    tlb_inv_va(t, &c, 0x9000, false, false); /* the global one goes with any ASID */
    ASSERT_HEX(look(REGIME_EL20, NS, 0, 4, 0x9000), MISS);
}
END_TEST

START_TEST(vae3_removes_el3_at_va)
{
    put(REGIME_EL3, SEC, 0x5000, 12, 0, 0, true, 0x10000);
    put(REGIME_EL3, SEC, 0x6000, 12, 0, 0, true, 0x20000);
    put(REGIME_EL10, SEC, 0x5000, 12, 0, 0, true, 0x30000);
    TLBContext c = ctx(REGIME_EL3, SEC, 0, 0);
    tlb_inv_va(t, &c, 0x5000, false, true); /* VALE3 */
    ck_assert_uint_eq(tlb_count(t), 2);
    ASSERT_HEX(look(REGIME_EL3, SEC, 0, 0, 0x5000), MISS);
    ASSERT_HEX(look(REGIME_EL3, SEC, 0, 0, 0x6000), 0x20000);
    ASSERT_HEX(look(REGIME_EL10, SEC, 0, 0, 0x5000), 0x30000);
}
END_TEST

START_TEST(tlbi_va_names_ttbr1_addresses_by_bits_55_12)
{
    put(REGIME_EL10, NS, 0xffff800000123000ULL, 12, 1, 0, false, 0x50000000);
    put(REGIME_EL10, NS, 0xffff800000124000ULL, 12, 1, 0, false, 0x50001000);
    TLBContext c = ctx(REGIME_EL10, NS, 0, 1);
    /* Xt carries VA[55:12]: the TLBI sees 0x00ff800000123000. */
    tlb_inv_va(t, &c, 0x00ff800000123000ULL, false, false);
    ASSERT_HEX(look(REGIME_EL10, NS, 0, 1, 0xffff800000123000ULL), MISS);
    ASSERT_HEX(look(REGIME_EL10, NS, 0, 1, 0xffff800000124000ULL), 0x50001000);
}
END_TEST

/* ---- blocks ---- */

START_TEST(block_entry_serves_every_page_of_the_block)
{
    put(REGIME_EL10, NS, 0x40200000, 21, 0, 0, true, 0x80200000);
    ck_assert_uint_eq(tlb_count(t), 1);
    ASSERT_HEX(look(REGIME_EL10, NS, 0, 0, 0x40200000), 0x80200000);
    ASSERT_HEX(look(REGIME_EL10, NS, 0, 0, 0x40212345), 0x80212345);
    ASSERT_HEX(look(REGIME_EL10, NS, 0, 0, 0x403fffff), 0x803fffff);
    ASSERT_HEX(look(REGIME_EL10, NS, 0, 0, 0x40400000), MISS);
    ASSERT_HEX(look(REGIME_EL10, NS, 0, 0, 0x401fffff), MISS);
    /* A page entry and a block entry of other sizes at once: each lookup finds its own. */
    put(REGIME_EL10, NS, 0x40400000, 12, 0, 0, true, 0x90000000);
    put(REGIME_EL10, NS, 0x80000000, 30, 0, 0, true, 0xc0000000);
    put(REGIME_EL10, NS, 0x50010000, 16, 0, 0, true, 0xa0010000); /* 64K (contiguous pages) */
    ASSERT_HEX(look(REGIME_EL10, NS, 0, 0, 0x40400010), 0x90000010);
    ASSERT_HEX(look(REGIME_EL10, NS, 0, 0, 0xbfffffff), 0xffffffff);
    ASSERT_HEX(look(REGIME_EL10, NS, 0, 0, 0x5001f000), 0xa001f000);
    ASSERT_HEX(look(REGIME_EL10, NS, 0, 0, 0x50020000), MISS);
}
END_TEST

START_TEST(block_removed_by_tlbi_at_another_page_of_it)
{
    put(REGIME_EL10, NS, 0x40200000, 21, 2, 1, false, 0x80200000);
    put(REGIME_EL10, NS, 0x40000000, 21, 2, 1, false, 0x80000000); /* neighbour block */
    put(REGIME_EL10, NS, 0x80000000, 30, 2, 1, false, 0xc0000000);
    ck_assert_uint_eq(tlb_count(t), 3);
    /* The walk was for 0x40200000; the TLBI names 0x40345000, inside the same block. */
    TLBContext c = ctx(REGIME_EL10, NS, 1, 2);
    tlb_inv_va(t, &c, 0x40345000, false, false);
    ASSERT_HEX(look(REGIME_EL10, NS, 1, 2, 0x40200000), MISS);
    ASSERT_HEX(look(REGIME_EL10, NS, 1, 2, 0x40000000), 0x80000000);
    tlb_inv_va(t, &c, 0xbffff000, false, true); /* the last page of the 1G block */
    ASSERT_HEX(look(REGIME_EL10, NS, 1, 2, 0x80000000), MISS);
    ck_assert_uint_eq(tlb_count(t), 1);
}
END_TEST

/* ---- IPA ---- */

START_TEST(ipas2e1_removes_stage2_only_entries_and_keeps_combined_ones)
{
    /* Guest with stage 1 off at IPA 0x40000000, and a combined entry VA 0x1000 -> IPA
     * 0x40000000; both map to PA 0x90000000 in VM 1. */
    put_s2_only(0x40000000, 12, 1, 0x90000000);
    Translation comb = xlat(REGIME_EL10, 0x1000, 12, 1, 1, false, 0x90000000);
    comb.ipa = 0x40000000;
    tlb_insert(t, &comb, NS);
    put_s2_only(0x40000000, 12, 2, 0x91000000); /* VM 2, same IPA */
    put_s2_only(0x40001000, 12, 1, 0x92000000); /* VM 1, next IPA page */
    tlb_inv_ipa(t, NS, 1, 0x40000000, false);   /* IPAS2E1, VMID 1 */
    ck_assert_uint_eq(tlb_count(t), 3);
    ASSERT_HEX(look(REGIME_EL10, NS, 1, 0, 0x40000000), MISS);
    /* Not required to go: the architecture asks for a VMALLE1 after IPAS2E1. */
    ASSERT_HEX(look(REGIME_EL10, NS, 1, 1, 0x1000), 0x90000000);
    ASSERT_HEX(look(REGIME_EL10, NS, 2, 0, 0x40000000), 0x91000000);
    ASSERT_HEX(look(REGIME_EL10, NS, 1, 0, 0x40001000), 0x92000000);
    tlb_inv_vmid(t, NS, 1, true); /* the VMALLE1 that completes it */
    ASSERT_HEX(look(REGIME_EL10, NS, 1, 1, 0x1000), MISS);
}
END_TEST

START_TEST(ipas2le1_removes_a_stage2_block_by_any_ipa_inside)
{
    put_s2_only(0x40000000, 21, 1, 0x80000000);
    put_s2_only(0x40200000, 21, 1, 0x80200000);
    tlb_inv_ipa(t, NS, 1, 0x401ff000, true);
    ASSERT_HEX(look(REGIME_EL10, NS, 1, 0, 0x40000000), MISS);
    ASSERT_HEX(look(REGIME_EL10, NS, 1, 0, 0x40200000), 0x80200000);
    tlb_inv_ipa(t, NS, 1, 0x40200000, false);
    ck_assert_uint_eq(tlb_count(t), 0);
}
END_TEST

/* ---- replacement ---- */

START_TEST(full_set_evicts_round_robin)
{
    TLB *fa = tlb_new(4, 4); /* one set: every entry competes */
    TLB *saved = t;
    t = fa;
    for (unsigned i = 0; i < 4; i++)
        put(REGIME_EL10, NS, 0x10000 * (i + 1), 12, 0, 0, true, 0x1000 * (i + 1));
    ck_assert_uint_eq(tlb_count(t), 4);
    put(REGIME_EL10, NS, 0x50000, 12, 0, 0, true, 0x5000); /* evicts the first: way 0 */
    ck_assert_uint_eq(tlb_count(t), 4);
    ASSERT_HEX(look(REGIME_EL10, NS, 0, 0, 0x10000), MISS);
    ASSERT_HEX(look(REGIME_EL10, NS, 0, 0, 0x20000), 0x2000);
    put(REGIME_EL10, NS, 0x60000, 12, 0, 0, true, 0x6000); /* then way 1 */
    ASSERT_HEX(look(REGIME_EL10, NS, 0, 0, 0x20000), MISS);
    ASSERT_HEX(look(REGIME_EL10, NS, 0, 0, 0x30000), 0x3000);
    ASSERT_HEX(look(REGIME_EL10, NS, 0, 0, 0x40000), 0x4000);
    ASSERT_HEX(look(REGIME_EL10, NS, 0, 0, 0x50000), 0x5000);
    ASSERT_HEX(look(REGIME_EL10, NS, 0, 0, 0x60000), 0x6000);
    /* A hole left by a TLBI is filled before anything is evicted. */
    TLBContext c = ctx(REGIME_EL10, NS, 0, 0);
    tlb_inv_va(t, &c, 0x50000, true, false); /* way 0 */
    put(REGIME_EL10, NS, 0x70000, 12, 0, 0, true, 0x7000);
    ck_assert_uint_eq(tlb_count(t), 4);
    ASSERT_HEX(look(REGIME_EL10, NS, 0, 0, 0x30000), 0x3000);
    ASSERT_HEX(look(REGIME_EL10, NS, 0, 0, 0x40000), 0x4000);
    /* The pointer still names way 2 (0x30000). */
    put(REGIME_EL10, NS, 0x80000, 12, 0, 0, true, 0x8000);
    ASSERT_HEX(look(REGIME_EL10, NS, 0, 0, 0x30000), MISS);
    ASSERT_HEX(look(REGIME_EL10, NS, 0, 0, 0x40000), 0x4000);
    ASSERT_HEX(look(REGIME_EL10, NS, 0, 0, 0x60000), 0x6000);
    ASSERT_HEX(look(REGIME_EL10, NS, 0, 0, 0x70000), 0x7000);
    ASSERT_HEX(look(REGIME_EL10, NS, 0, 0, 0x80000), 0x8000);
    t = saved;
    tlb_free(fa);
}
END_TEST

START_TEST(sets_evict_independently)
{
    /* 16 entries, 4 ways, 4 sets. With the index (bn ^ bn >> 2 ^ salt) & 3, pages whose
     * number is a multiple of 16 (VA k << 16) share one set; page 1 is in another. */
    TLB *small = tlb_new(16, 4);
    TLB *saved = t;
    t = small;
    put(REGIME_EL10, NS, 0x1000, 12, 0, 0, true, 0xf000);
    for (unsigned k = 1; k <= 5; k++)
        put(REGIME_EL10, NS, (uint64_t)k << 16, 12, 0, 0, true, 0x100000 * k);
    ck_assert_uint_eq(tlb_count(t), 5);
    ASSERT_HEX(look(REGIME_EL10, NS, 0, 0, 0x10000), MISS); /* the set's first entry went */
    for (unsigned k = 2; k <= 5; k++)
        ASSERT_HEX(look(REGIME_EL10, NS, 0, 0, (uint64_t)k << 16), 0x100000 * k);
    ASSERT_HEX(look(REGIME_EL10, NS, 0, 0, 0x1000), 0xf000); /* the other set is untouched */
    t = saved;
    tlb_free(small);
}
END_TEST

START_TEST(consecutive_pages_fill_every_way)
{
    /* 1024 consecutive pages of one regime spread evenly: all stay, then one more evicts one. */
    for (unsigned i = 0; i < TLB_DEFAULT_ENTRIES; i++)
        put(REGIME_EL10, NS, 0x100000000ULL + i * 0x1000ULL, 12, 0, 0, true, 0x1000ULL * i);
    ck_assert_uint_eq(tlb_count(t), TLB_DEFAULT_ENTRIES);
    for (unsigned i = 0; i < TLB_DEFAULT_ENTRIES; i++)
        ASSERT_HEX(look(REGIME_EL10, NS, 0, 0, 0x100000000ULL + i * 0x1000ULL), 0x1000ULL * i);
    put(REGIME_EL2, NS, 0x1000, 12, 0, 0, true, 0x1);
    ck_assert_uint_eq(tlb_count(t), TLB_DEFAULT_ENTRIES);
}
END_TEST

START_TEST(reinsert_replaces_instead_of_duplicating)
{
    put(REGIME_EL10, NS, 0x1000, 12, 3, 1, false, 0x10000);
    put(REGIME_EL10, NS, 0x1000, 12, 3, 1, false, 0x20000); /* the tables changed, re-walked */
    ck_assert_uint_eq(tlb_count(t), 1);
    ASSERT_HEX(look(REGIME_EL10, NS, 1, 3, 0x1000), 0x20000);
    put(REGIME_EL10, NS, 0x1000, 12, 3, 1, true, 0x30000); /* now global: another tag */
    ck_assert_uint_eq(tlb_count(t), 2);
}
END_TEST

/* ---- inspection ---- */

typedef struct {
    unsigned n, secure;
    uint64_t oa_sum;
} VisitSum;

static void sum_visit(void *opaque, const Translation *tr, bool secure)
{
    VisitSum *v = opaque;
    v->n++;
    v->secure += secure;
    v->oa_sum += tr->oa;
}

START_TEST(visit_reports_every_entry)
{
    put(REGIME_EL10, NS, 0x1000, 12, 0, 0, true, 0x1000);
    put(REGIME_EL3, SEC, 0x1000, 12, 0, 0, true, 0x20000);
    put(REGIME_EL10, NS, 0x200000, 21, 0, 0, true, 0x300000);
    VisitSum v = {0};
    tlb_visit(t, sum_visit, &v);
    ck_assert_uint_eq(v.n, 3);
    ck_assert_uint_eq(v.secure, 1);
    ASSERT_HEX(v.oa_sum, 0x321000);
    ck_assert_uint_eq(tlb_count(t), 3);
}
END_TEST

int main(void)
{
    Suite *s = suite_create("tlb");
    TCase *tc = tcase_create("tlb");
    tcase_add_checked_fixture(tc, setup, teardown);
    tcase_add_test(tc, new_rejects_bad_geometry);
    tcase_add_test(tc, el10_page_hits_its_page_only);
    tcase_add_test(tc, el20_page_is_tagged_with_asid);
    tcase_add_test(tc, el2_ignores_asid_and_vmid);
    tcase_add_test(tc, el3_page_hits);
    tcase_add_test(tc, regimes_are_separate);
    tcase_add_test(tc, ttbr1_addresses_match_all_64_bits_on_lookup);
    tcase_add_test(tc, non_global_entry_needs_its_asid);
    tcase_add_test(tc, global_entry_serves_every_asid);
    tcase_add_test(tc, two_asids_at_one_va_coexist);
    tcase_add_test(tc, two_vms_with_same_va_and_ipa_coexist);
    tcase_add_test(tc, vmalls12e1_of_one_vm_leaves_the_other);
    tcase_add_test(tc, vmalle1_removes_every_entry_of_the_vmid);
    tcase_add_test(tc, secure_and_non_secure_are_separate);
    tcase_add_test(tc, alle1_removes_every_vmid_of_one_state);
    tcase_add_test(tc, alle2_is_one_call_per_el2_regime);
    tcase_add_test(tc, alle3_removes_el3_only);
    tcase_add_test(tc, inv_all_empties_everything);
    tcase_add_test(tc, aside1_removes_non_global_entries_of_asid_and_vmid);
    tcase_add_test(tc, aside1_e2h_form_targets_el20);
    tcase_add_test(tc, vae1_removes_the_asid_at_va);
    tcase_add_test(tc, vae1_removes_global_entries_whatever_the_asid);
    tcase_add_test(tc, vaae1_removes_every_asid_at_va);
    tcase_add_test(tc, last_level_forms_remove_our_entries_too);
    tcase_add_test(tc, vae2_ignores_asid_and_leaves_el20);
    tcase_add_test(tc, vae2_e2h_form_matches_asid_in_el20);
    tcase_add_test(tc, vae3_removes_el3_at_va);
    tcase_add_test(tc, tlbi_va_names_ttbr1_addresses_by_bits_55_12);
    tcase_add_test(tc, block_entry_serves_every_page_of_the_block);
    tcase_add_test(tc, block_removed_by_tlbi_at_another_page_of_it);
    tcase_add_test(tc, ipas2e1_removes_stage2_only_entries_and_keeps_combined_ones);
    tcase_add_test(tc, ipas2le1_removes_a_stage2_block_by_any_ipa_inside);
    tcase_add_test(tc, full_set_evicts_round_robin);
    tcase_add_test(tc, sets_evict_independently);
    tcase_add_test(tc, consecutive_pages_fill_every_way);
    tcase_add_test(tc, reinsert_replaces_instead_of_duplicating);
    tcase_add_test(tc, visit_reports_every_entry);
    suite_add_tcase(s, tc);
    return h_run_suite(s);
}
