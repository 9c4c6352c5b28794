/* SPDX-License-Identifier: MIT */
/* Unit-test harness: a one-core machine with 64 MiB of RAM that runs a few instruction words. */
#ifndef TETRARCH_HARNESS_H
#define TETRARCH_HARNESS_H

#include <check.h>
#include <stdint.h>

#include "cpu/cpu.h"
#include "cpu/decode.h"
#include "cpu/exception.h"
#include "cpu/sysreg.h"
#include "sim/machine.h"

#define H_CODE 0x40000000ULL   /* where h_run places the words */
#define H_VBAR 0x40080000ULL   /* VBAR_EL1/2/3 */
#define H_DATA 0x40100000ULL   /* scratch data */
#define H_STACK 0x40200000ULL  /* SP_ELn = H_STACK + n * 0x10000 */

extern Machine *hm;
extern CPU *hc;

/* Fresh machine: core at EL3 with SPSel=1, SCR_EL3 = NS|RW|HCE, HCR_EL2.RW = 1, vectors at
 * H_VBAR, stacks set, every X register zero. Use as a checked fixture. */
void h_setup(void);
void h_teardown(void);
/* Move the core to `el` using SP_ELx (no transition event). */
void h_set_el(unsigned el);
/* Copy `n` words to H_CODE, point the PC there and execute exactly n steps. */
void h_run(const uint32_t *words, unsigned n);
/* Execute `steps` steps from the current PC (after h_load). */
void h_step(unsigned steps);
void h_load(uint64_t pa, const uint32_t *words, unsigned n);
uint64_t h_peek(uint64_t pa, unsigned size);
void h_poke(uint64_t pa, unsigned size, uint64_t value);
/* ESR of the EL the last exception went to, and its EC. */
uint64_t h_esr(unsigned el);
unsigned h_ec(unsigned el);

/* Run a suite and return the process exit status (the body of every test program's main). */
int h_run_suite(Suite *s);

#define RUN(...)                                                               \
    do {                                                                       \
        const uint32_t h_words_[] = {__VA_ARGS__};                             \
        h_run(h_words_, (unsigned)(sizeof h_words_ / sizeof h_words_[0]));     \
    } while (0)

#endif
