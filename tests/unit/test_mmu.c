/* SPDX-License-Identifier: MIT */
/* MMU integration tests: accesses through the architectural TLB (stale until TLBI), VMID
 * tagging, stage-2 abort syndromes (ISV, HPFAR), unprivileged and PAN permissions, AT,
 * unaligned Normal accesses across pages, --check-tlb and --strict-icache. The walker itself
 * is tested in test_walk.c and the TLB model in test_tlb.c. */
#include <check.h>

#include "mmu/mem.h"
#include "mmu/phys.h"
#include "mmu/tlb.h"
#include "tests/unit/harness.h"

/* Memory layout in the 64 MiB of test RAM. */
#define L1 0x40400000ULL      /* stage-1 level 1 (T0SZ = 25: 39-bit VA, start level 1) */
#define L2_LOW 0x40401000ULL  /* VA 0x40000000-0x7FFFFFFF */
#define L2_TEST 0x40402000ULL /* VA 0x80000000- */
#define L3_TEST 0x40403000ULL /* VA 0x80000000-0x801FFFFF */
#define S2_VM1 0x40410000ULL  /* stage-2 level 1 (4 pages of tables per VM) */
#define S2_VM2 0x40420000ULL
#define PAGE_A 0x40600000ULL
#define PAGE_B 0x40601000ULL
#define PAGE_C 0x40700000ULL
#define TEST_VA 0x80000000ULL

/* Stage-1 descriptor fields (4K granule). */
#define D_TABLE 3ULL
#define D_BLOCK 1ULL
#define D_PAGE 3ULL
#define D_AF (1ULL << 10)
#define D_ISH (3ULL << 8)
#define D_AP(ap) ((uint64_t)(ap) << 6)
#define D_NORMAL (0ULL << 2) /* MAIR attr 0 = 0xFF */
/* Stage-2: MemAttr Normal write-back, S2AP, AF. */
#define S2_NORMAL (0xFULL << 2)
#define S2AP(ap) ((uint64_t)(ap) << 6)

static void enable_stage1_el1(void)
{
    /* L1[1] -> identity 2 MiB block at 0x40000000 (code, vectors, scratch) through L2_LOW;
     * L1[2] -> L2_TEST -> L3_TEST for the test pages. */
    h_poke(L1 + 8 * 1, 8, L2_LOW | D_TABLE);
    h_poke(L1 + 8 * 2, 8, L2_TEST | D_TABLE);
    h_poke(L2_LOW + 0, 8, 0x40000000ULL | D_BLOCK | D_AF | D_ISH | D_NORMAL | D_AP(0));
    h_poke(L2_TEST + 0, 8, L3_TEST | D_TABLE);
    h_poke(L3_TEST + 0, 8, PAGE_A | D_PAGE | D_AF | D_ISH | D_NORMAL | D_AP(0));
    sysreg_write(hc, SR_MAIR_EL1, 0x00FF);
    sysreg_write(hc, SR_TCR_EL1, 25 | (1ULL << 8) | (1ULL << 10) | (3ULL << 12) | (1ULL << 23) | (5ULL << 32));
    sysreg_write(hc, SR_TTBR0_EL1, L1);
    sysreg_write(hc, SR_SCTLR_EL1, hc->sr[SR_SCTLR_EL1] | 1);
}

/* A stage-2 table set for one VM at `base`: IPA 0x40000000-0x407FFFFF identity (code,
 * vectors, scratch, stage-1 tables) in 2 MiB blocks, and the page at IPA `ipa` -> `page`. */
#define TEST_IPA 0x80000000ULL
static uint64_t build_stage2(uint64_t base, uint64_t page, unsigned s2ap)
{
    uint64_t l2_low = base + 0x1000, l2_test = base + 0x2000, l3 = base + 0x3000;
    h_poke(base + 8 * 1, 8, l2_low | D_TABLE);
    h_poke(base + 8 * 2, 8, l2_test | D_TABLE);
    for (uint64_t i = 0; i < 4; i++)
        h_poke(l2_low + 8 * i, 8, (0x40000000ULL + (i << 21)) | D_BLOCK | D_AF | D_ISH | S2_NORMAL | S2AP(3));
    h_poke(l2_test, 8, l3 | D_TABLE);
    h_poke(l3, 8, page | D_PAGE | D_AF | D_ISH | S2_NORMAL | S2AP(s2ap));
    return base;
}

static void enable_stage2(uint64_t tables, uint16_t vmid)
{
    sysreg_write(hc, SR_VTCR_EL2, 25 | (1ULL << 6) | (1ULL << 8) | (1ULL << 10) | (3ULL << 12) | (5ULL << 16) | (1ULL << 19));
    sysreg_write(hc, SR_VTTBR_EL2, tables | ((uint64_t)vmid << 48));
    sysreg_write(hc, SR_HCR_EL2, hc->sr[SR_HCR_EL2] | 1); /* VM */
}

typedef struct {
    uint16_t vmid;
    unsigned n;
} VmidCount;

static void count_vmid(void *opaque, const Translation *tr, bool secure)
{
    VmidCount *v = opaque;
    (void)secure;
    if (tr->regime == REGIME_EL10 && tr->vmid == v->vmid)
        v->n++;
}

static unsigned entries_of_vmid(uint16_t vmid)
{
    VmidCount v = {vmid, 0};
    tlb_visit(hc->tlb, count_vmid, &v);
    return v.n;
}

/* ============================== stage 1 ================================ */

/* A descriptor changed without TLB maintenance: the TLB keeps the old translation (as hardware
 * may), until TLBI VAE1 removes it. */
START_TEST(test_tlb_stale_until_tlbi)
{
    h_poke(PAGE_A, 8, 0xAAAA);
    h_poke(PAGE_B, 8, 0xBBBB);
    enable_stage1_el1();
    h_to_el(1, 1);
    hc->x[1] = TEST_VA;
    RUN(0xf9400020); /* ldr x0, [x1] */
    ASSERT_HEX(hc->x[0], 0xAAAA);
    h_poke(L3_TEST, 8, PAGE_B | D_PAGE | D_AF | D_ISH | D_NORMAL | D_AP(0));
    RUN(0xf9400020); /* ldr x0, [x1] */
    ASSERT_HEX(hc->x[0], 0xAAAA);
    hc->x[2] = TEST_VA >> 12;
    RUN(0xd5088722,  /* tlbi vae1, x2 */
        0xd5033b9f,  /* dsb ish */
        0xd5033fdf,  /* isb */
        0xf9400020); /* ldr x0, [x1] */
    ASSERT_HEX(hc->x[0], 0xBBBB);
}
END_TEST

/* With --check-tlb the stale hit is reported once (per site), and not after the TLBI. */
START_TEST(test_check_tlb_reports_stale_hit)
{
    hm->opt.check_tlb = true;
    h_poke(PAGE_A, 8, 0xAAAA);
    h_poke(PAGE_B, 8, 0xBBBB);
    enable_stage1_el1();
    h_to_el(1, 1);
    hc->x[1] = TEST_VA;
    RUN(0xf9400020); /* ldr x0, [x1] */
    ck_assert_uint_eq(hm->n_stale_sites, 0);
    h_poke(L3_TEST, 8, PAGE_B | D_PAGE | D_AF | D_ISH | D_NORMAL | D_AP(0));
    RUN(0xf9400020); /* ldr x0, [x1]: a stale hit */
    ASSERT_HEX(hc->x[0], 0xAAAA);
    ck_assert_uint_eq(hm->n_stale_sites, 1);
    ASSERT_HEX(hm->stale_sites[0], H_CODE);
    hc->x[2] = TEST_VA >> 12;
    RUN(0xd5088722,  /* tlbi vae1, x2 */
        0xf9400420,  /* ldr x0, [x1, #8]: same page, fresh walk */
        0xf9400020); /* ldr x0, [x1] */
    ASSERT_HEX(hc->x[0], 0xBBBB);
    ck_assert_uint_eq(hm->n_stale_sites, 1);
}
END_TEST

/* With the MMU on, unaligned accesses to Normal memory work, even across two pages that map
 * to unrelated physical pages. */
START_TEST(test_unaligned_normal_across_pages)
{
    h_poke(PAGE_A + 0xFF8, 8, 0x1122334455667788ULL);
    h_poke(PAGE_C, 8, 0x99AABBCCDDEEFF00ULL);
    enable_stage1_el1();
    h_poke(L3_TEST + 8, 8, PAGE_C | D_PAGE | D_AF | D_ISH | D_NORMAL | D_AP(0));
    h_to_el(1, 1);
    hc->x[1] = TEST_VA + 0xFFC;
    RUN(0xf9400020); /* ldr x0, [x1] */
    ASSERT_HEX(hc->x[0], 0xDDEEFF0011223344ULL);
}
END_TEST

/* LDTR at EL1 is checked with EL0 permissions: AP = 00 (EL1 only) faults, LDR does not. */
START_TEST(test_ldtr_uses_el0_permissions)
{
    enable_stage1_el1();
    h_to_el(1, 1);
    hc->x[1] = TEST_VA;
    RUN(0xf9400020); /* ldr x0, [x1] */
    ASSERT_HEX(hc->pc, H_CODE + 4);
    h_to_el(1, 1);
    RUN(0xf8400820); /* ldtr x0, [x1] */
    h_expect_exc(1, V_CUR_SPX, EC_DABT_CUR, 0x0F, H_CODE); /* permission fault, level 3 */
    ASSERT_HEX(*h_far(1), TEST_VA);
}
END_TEST

/* PSTATE.PAN: a privileged access to an EL0-accessible page (AP = 01) faults. */
START_TEST(test_pan_blocks_el0_pages)
{
    enable_stage1_el1();
    h_poke(L3_TEST, 8, PAGE_A | D_PAGE | D_AF | D_ISH | D_NORMAL | D_AP(1));
    h_to_el(1, 1);
    hc->x[1] = TEST_VA;
    RUN(0xf9400020); /* ldr x0, [x1]: PAN = 0 */
    ASSERT_HEX(hc->pc, H_CODE + 4);
    h_to_el(1, 1);
    hc->ps.pan = 1;
    mem_pan_changed(hc);
    RUN(0xf9400020); /* ldr x0, [x1] */
    h_expect_exc(1, V_CUR_SPX, EC_DABT_CUR, 0x0F, H_CODE);
}
END_TEST

/* AT S1E1R: PAR_EL1 holds the PA and attributes, or F = 1 with the fault status. */
START_TEST(test_at_s1e1r)
{
    enable_stage1_el1();
    h_to_el(1, 1);
    hc->x[1] = TEST_VA + 0x123;
    RUN(0xd5087801); /* at s1e1r, x1 */
    uint64_t par = hc->sr[SR_PAR_EL1];
    ASSERT_HEX(par & 1, 0);
    ASSERT_HEX(par & 0x0000FFFFFFFFF000ULL, PAGE_A);
    ASSERT_HEX(par >> 56, 0xFF);
    ASSERT_HEX((par >> 7) & 3, 3);
    hc->x[1] = TEST_VA + 0x200000; /* L2_TEST[1] is invalid */
    RUN(0xd5087801); /* at s1e1r, x1 */
    ASSERT_HEX(hc->sr[SR_PAR_EL1] & 0xFFF, 0x800 | (0x06 << 1) | 1);
}
END_TEST

/* AT S1E1RP (FEAT_PAN2) applies PSTATE.PAN; AT S1E1R does not. */
START_TEST(test_at_s1e1rp_pan)
{
    enable_stage1_el1();
    h_poke(L3_TEST, 8, PAGE_A | D_PAGE | D_AF | D_ISH | D_NORMAL | D_AP(1)); /* EL0 accessible */
    h_to_el(1, 1);
    hc->ps.pan = 1;
    hc->x[1] = TEST_VA;
    RUN(0xd5087801); /* at s1e1r, x1 */
    ASSERT_HEX(hc->sr[SR_PAR_EL1] & 1, 0);
    RUN(0xd5087901); /* at s1e1rp, x1 */
    ASSERT_HEX(hc->sr[SR_PAR_EL1] & 0xFFF, 0x800 | (0x0F << 1) | 1); /* permission fault, level 3 */
    hc->ps.pan = 0;
    RUN(0xd5087901); /* at s1e1rp, x1 */
    ASSERT_HEX(hc->sr[SR_PAR_EL1] & 1, 0);
}
END_TEST

/* ============================== stage 2 ================================ */

/* Two VMs whose stage 1 maps TEST_VA to the same IPA, which their stage 2 maps to different
 * PAs, switched by VTTBR_EL2 alone: the TLB keeps both VMIDs' entries, and VMALLS12E1 drops
 * one VM's entries only. */
START_TEST(test_vmids_coexist_and_vmalls12e1)
{
    h_poke(PAGE_A, 8, 0x1111);
    h_poke(PAGE_C, 8, 0x2222);
    enable_stage1_el1();
    h_poke(L3_TEST, 8, TEST_IPA | D_PAGE | D_AF | D_ISH | D_NORMAL | D_AP(0));
    build_stage2(S2_VM1, PAGE_A, 3);
    build_stage2(S2_VM2, PAGE_C, 3);
    enable_stage2(S2_VM1, 1);
    h_to_el(1, 1);
    hc->x[1] = TEST_VA;
    RUN(0xf9400020); /* ldr x0, [x1]: VM 1 */
    ASSERT_HEX(hc->x[0], 0x1111);
    sysreg_write(hc, SR_VTTBR_EL2, S2_VM2 | (2ULL << 48));
    h_to_el(1, 1);
    RUN(0xf9400020); /* ldr x0, [x1]: VM 2, no TLB maintenance */
    ASSERT_HEX(hc->x[0], 0x2222);
    ck_assert_uint_gt(entries_of_vmid(1), 0);
    ck_assert_uint_gt(entries_of_vmid(2), 0);
    unsigned vm2 = entries_of_vmid(2);

    sysreg_write(hc, SR_VTTBR_EL2, S2_VM1 | (1ULL << 48));
    h_to_el(2, 1);
    RUN(0xd50c87df); /* tlbi vmalls12e1 (VMID 1) */
    ck_assert_uint_eq(entries_of_vmid(1), 0);
    ck_assert_uint_eq(entries_of_vmid(2), vm2);

    h_to_el(1, 1);
    RUN(0xf9400020); /* ldr x0, [x1]: VM 1 again, refilled */
    ASSERT_HEX(hc->x[0], 0x1111);
}
END_TEST

/* A store to a page that stage 2 maps read-only: Data Abort to EL2 with the ISV syndrome
 * (SAS = word, SRT = 1, WnR), the permission fault at level 3, FAR and HPFAR. */
START_TEST(test_stage2_abort_isv_hpfar)
{
    build_stage2(S2_VM1, PAGE_A, 1); /* S2AP = 01: read-only; stage 1 off: IPA = VA */
    enable_stage2(S2_VM1, 1);
    h_to_el(1, 1);
    hc->x[0] = TEST_VA + 0x10;
    hc->x[1] = 0x5555;
    RUN(0xb9000001); /* str w1, [x0] */
    uint32_t iss = (1u << 24) | (2u << 22) | (1u << 16) | (1u << 6) | 0x0F;
    h_expect_exc(2, V_LOWER, EC_DABT_LOWER, iss, H_CODE);
    ASSERT_HEX(*h_far(2), TEST_VA + 0x10);
    ASSERT_HEX(hc->sr[SR_HPFAR_EL2], (TEST_VA >> 12) << 4);
    ASSERT_HEX(h_peek(PAGE_A + 0x10, 4), 0);
}
END_TEST

/* A writeback form gets no ISV syndrome (the hypervisor cannot emulate it from ESR alone). */
START_TEST(test_stage2_abort_writeback_no_isv)
{
    build_stage2(S2_VM1, PAGE_A, 1);
    enable_stage2(S2_VM1, 1);
    h_to_el(1, 1);
    hc->x[0] = TEST_VA;
    RUN(0xb8004401); /* str w1, [x0], #4 */
    h_expect_exc(2, V_LOWER, EC_DABT_LOWER, (1u << 6) | 0x0F, H_CODE);
    ASSERT_HEX(hc->x[0], TEST_VA);
}
END_TEST

/* ============================== Secure RAM ================================ */

/* The Secure-only RAM (0x0E000000, as QEMU virt with secure=on) is reachable from Secure state
 * (EL3, Secure EL1) and absent from the Non-secure physical address space: an external abort. */
START_TEST(test_secure_ram_only_from_secure_state)
{
    h_poke(VIRT_SECURE_RAM_BASE, 8, 0x5EC);
    hc->x[1] = VIRT_SECURE_RAM_BASE;
    RUN(0xf9400020); /* ldr x0, [x1] at EL3 */
    ASSERT_HEX(hc->x[0], 0x5EC);
    hc->sr[SR_SCR_EL3] &= ~1ULL; /* Secure EL1 */
    h_to_el(1, 1);
    hc->x[0] = 0;
    RUN(0xf9400020); /* ldr x0, [x1] */
    ASSERT_HEX(hc->x[0], 0x5EC);
    sysreg_write(hc, SR_SCR_EL3, hc->sr[SR_SCR_EL3] | 1); /* Non-secure EL1 */
    h_to_el(1, 1);
    hc->x[0] = 0;
    RUN(0xf9400020); /* ldr x0, [x1] */
    h_expect_exc(1, V_CUR_SPX, EC_DABT_CUR, 0x10, H_CODE);
    ASSERT_HEX(hc->x[0], 0);
}
END_TEST

/* ========================== strict instruction cache ====================== */

/* Load `n` words at H_CODE and execute `steps` steps from there (loops run past the end). */
static void run_steps(const uint32_t *words, unsigned n, unsigned steps)
{
    h_load(H_CODE, words, n);
    hc->pc = H_CODE;
    h_step(steps);
}

static const uint32_t smc_prog[] = {
    0xd2800020, /* mov x0, #1 */
    0xb9000083, /* str w3, [x4]: overwrite the mov with "mov x0, #2" */
    0x17fffffe, /* b .-8 */
};

START_TEST(test_default_icache_is_coherent)
{
    hc->x[3] = 0xd2800040; /* mov x0, #2 */
    hc->x[4] = H_CODE;
    run_steps(smc_prog, 3, 4);
    ASSERT_HEX(hc->x[0], 2);
}
END_TEST

/* --strict-icache: without DC CVAU + IC IVAU, the old instruction still runs, and the stale
 * fetch is reported once. */
START_TEST(test_strict_icache_stale_fetch)
{
    hm->opt.strict_icache = hm->phys.strict_icache = true;
    hc->x[3] = 0xd2800040;
    hc->x[4] = H_CODE;
    run_steps(smc_prog, 3, 4);
    ASSERT_HEX(hc->x[0], 1);
    ck_assert_uint_eq(hm->n_stale_sites, 1);
    ASSERT_HEX(hm->stale_sites[0], H_CODE);
}
END_TEST

/* With the maintenance sequence the new instruction runs. IC IVAU alone (no DC CVAU) is not
 * enough: the line is still dirty in the data cache. */
START_TEST(test_strict_icache_maintenance)
{
    hm->opt.strict_icache = hm->phys.strict_icache = true;
    static const uint32_t prog[] = {
        0xd2800020, /* mov x0, #1 */
        0xb9000083, /* str w3, [x4] */
        0xd50b7b24, /* dc cvau, x4 */
        0xd5033b9f, /* dsb ish */
        0xd50b7524, /* ic ivau, x4 */
        0xd5033b9f, /* dsb ish */
        0xd5033fdf, /* isb */
        0x17fffff9, /* b .-28 */
    };
    hc->x[3] = 0xd2800040;
    hc->x[4] = H_CODE;
    run_steps(prog, 8, 9);
    ASSERT_HEX(hc->x[0], 2);
    ck_assert_uint_eq(hm->n_stale_sites, 0);

    static const uint32_t no_clean[] = {
        0xd2800020, /* mov x0, #1 */
        0xb9000083, /* str w3, [x4] */
        0xd50b7524, /* ic ivau, x4 */
        0xd5033fdf, /* isb */
        0x17fffffc, /* b .-16 */
    };
    run_steps(no_clean, 5, 6);
    ASSERT_HEX(hc->x[0], 1);
    ck_assert_uint_eq(hm->n_stale_sites, 1);
}
END_TEST

/* A clean by set/way then IC IALLU also makes the new instruction visible. */
START_TEST(test_strict_icache_set_way_and_iallu)
{
    hm->opt.strict_icache = hm->phys.strict_icache = true;
    static const uint32_t prog[] = {
        0xd2800020, /* mov x0, #1 */
        0xb9000083, /* str w3, [x4] */
        0xd5087e45, /* dc cisw, x5 */
        0xd5033b9f, /* dsb ish */
        0xd508751f, /* ic iallu */
        0xd5033fdf, /* isb */
        0x17fffffa, /* b .-24 */
    };
    hc->x[3] = 0xd2800040;
    hc->x[4] = H_CODE;
    run_steps(prog, 7, 8);
    ASSERT_HEX(hc->x[0], 2);
    ck_assert_uint_eq(hm->n_stale_sites, 0);
}
END_TEST

static Suite *mmu_suite(void)
{
    Suite *s = suite_create("mmu");
    TCase *tc = tcase_create("integration");
    tcase_add_checked_fixture(tc, h_setup, h_teardown);
    tcase_add_test(tc, test_tlb_stale_until_tlbi);
    tcase_add_test(tc, test_check_tlb_reports_stale_hit);
    tcase_add_test(tc, test_unaligned_normal_across_pages);
    tcase_add_test(tc, test_ldtr_uses_el0_permissions);
    tcase_add_test(tc, test_pan_blocks_el0_pages);
    tcase_add_test(tc, test_at_s1e1r);
    tcase_add_test(tc, test_at_s1e1rp_pan);
    tcase_add_test(tc, test_vmids_coexist_and_vmalls12e1);
    tcase_add_test(tc, test_stage2_abort_isv_hpfar);
    tcase_add_test(tc, test_stage2_abort_writeback_no_isv);
    tcase_add_test(tc, test_secure_ram_only_from_secure_state);
    tcase_add_test(tc, test_default_icache_is_coherent);
    tcase_add_test(tc, test_strict_icache_stale_fetch);
    tcase_add_test(tc, test_strict_icache_maintenance);
    tcase_add_test(tc, test_strict_icache_set_way_and_iallu);
    suite_add_tcase(s, tc);
    return s;
}

int main(void) { return h_run_suite(mmu_suite()); }
