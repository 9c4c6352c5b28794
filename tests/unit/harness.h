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

/* Vector offsets from VBAR_ELx (the type adds 0x80 per IRQ/FIQ/SError). */
enum { V_CUR_SP0 = 0x000, V_CUR_SPX = 0x200, V_LOWER = 0x400 };

/* Compare two values as 64-bit hex, naming the expression on failure. */
#define ASSERT_HEX(a, b)                                                                          \
    do {                                                                                          \
        unsigned long long a_ = (unsigned long long)(a), b_ = (unsigned long long)(b);            \
        ck_assert_msg(a_ == b_, "%s == 0x%llx, expected 0x%llx", #a, a_, b_);                     \
    } while (0)

/* Put the core at `el` with SPSel = `spsel` (EL0 always uses SP_EL0). */
void h_to_el(unsigned el, unsigned spsel);
/* ELR_ELx / SPSR_ELx / FAR_ELx of `el` (EL0 maps to EL1's), writable. */
uint64_t *h_elr(unsigned el);
uint64_t *h_spsr(unsigned el);
uint64_t *h_far(unsigned el);
/* A synchronous exception was taken to `el` at vector offset `off` with this EC/ISS and ELR:
 * SPSel = 1, DAIF all masked, PSTATE.IL clear, ESR.IL = 1 (every A64 instruction is 32-bit). */
void h_expect_exc(unsigned el, unsigned off, unsigned ec, uint32_t iss, uint64_t ret);

/* Run a suite and return the process exit status (the body of every test program's main). */
int h_run_suite(Suite *s);

#define RUN(...)                                                               \
    do {                                                                       \
        const uint32_t h_words_[] = {__VA_ARGS__};                             \
        h_run(h_words_, (unsigned)(sizeof h_words_ / sizeof h_words_[0]));     \
    } while (0)

#endif
