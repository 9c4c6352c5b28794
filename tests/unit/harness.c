/* SPDX-License-Identifier: MIT */
/* Unit-test harness implementation (see harness.h). */
#include "tests/unit/harness.h"

#include <stdlib.h>
#include <string.h>

#include "mmu/mem.h"
#include "mmu/phys.h"

Machine *hm;
CPU *hc;
static Machine machine;

void h_setup(void)
{
    MachineOptions o = {.ram_size = 64ULL << 20, .quiet = true};
    if (!machine_init(&machine, &o))
        abort();
    hm = &machine;
    hc = hm->cpu[0];
    cpu_reset(hc, H_CODE, 3);
    hc->sr[SR_SCR_EL3] = 0x501;
    hc->sr[SR_HCR_EL2] = 1ULL << 31;
    hc->sr[SR_VBAR_EL1] = hc->sr[SR_VBAR_EL2] = hc->sr[SR_VBAR_EL3] = H_VBAR;
    for (unsigned el = 0; el < 4; el++)
        hc->sp_el[el] = H_STACK + el * 0x10000;
    hc->sp = hc->sp_el[3];
}

void h_teardown(void)
{
    machine_free(&machine);
    hm = NULL;
    hc = NULL;
}

void h_set_el(unsigned el)
{
    cpu_set_el_sp(hc, el, 1);
}

void h_load(uint64_t pa, const uint32_t *words, unsigned n)
{
    uint8_t *host = phys_host_ptr(&hm->phys, pa, 4ULL * n);
    ck_assert_ptr_nonnull(host);
    memcpy(host, words, 4ULL * n);
    phys_invalidate_code(&hm->phys, pa, 4ULL * n);
}

void h_step(unsigned steps)
{
    hc->wait_state = WAIT_NONE;
    cpu_run(hc, hc->icount + steps);
}

void h_run(const uint32_t *words, unsigned n)
{
    h_load(H_CODE, words, n);
    hc->pc = H_CODE;
    h_step(n);
}

uint64_t h_peek(uint64_t pa, unsigned size)
{
    uint64_t v = 0;
    ck_assert_int_eq(phys_read(&hm->phys, pa, size, &v), 0);
    return v;
}

void h_poke(uint64_t pa, unsigned size, uint64_t value)
{
    ck_assert_int_eq(phys_write(&hm->phys, pa, size, value), 0);
}

uint64_t h_esr(unsigned el)
{
    static const int esr[4] = {SR_ESR_EL1, SR_ESR_EL1, SR_ESR_EL2, SR_ESR_EL3};
    return hc->sr[esr[el]];
}

unsigned h_ec(unsigned el) { return (unsigned)(h_esr(el) >> 26); }

int h_run_suite(Suite *s)
{
    SRunner *sr = srunner_create(s);
    srunner_run_all(sr, CK_NORMAL);
    int failed = srunner_ntests_failed(sr);
    srunner_free(sr);
    return failed ? EXIT_FAILURE : EXIT_SUCCESS;
}

void h_to_el(unsigned el, unsigned spsel) { cpu_set_el_sp(hc, el, el ? spsel : 0); }

static uint64_t *banked(const int ids[4], unsigned el) { return &hc->sr[ids[el]]; }
uint64_t *h_elr(unsigned el) { static const int id[4] = {SR_ELR_EL1, SR_ELR_EL1, SR_ELR_EL2, SR_ELR_EL3}; return banked(id, el); }
uint64_t *h_spsr(unsigned el) { static const int id[4] = {SR_SPSR_EL1, SR_SPSR_EL1, SR_SPSR_EL2, SR_SPSR_EL3}; return banked(id, el); }
uint64_t *h_far(unsigned el) { static const int id[4] = {SR_FAR_EL1, SR_FAR_EL1, SR_FAR_EL2, SR_FAR_EL3}; return banked(id, el); }

void h_expect_exc(unsigned el, unsigned off, unsigned ec, uint32_t iss, uint64_t ret)
{
    ck_assert_uint_eq(hc->ps.el, el);
    ck_assert_uint_eq(hc->ps.sp, 1);
    ASSERT_HEX(hc->pc, H_VBAR + off);
    ASSERT_HEX(h_esr(el), ((uint64_t)ec << 26) | (1u << 25) | iss);
    ASSERT_HEX(*h_elr(el), ret);
    ASSERT_HEX(hc->ps.daif, 0x3C0);
    ck_assert_uint_eq(hc->ps.il, 0);
}
