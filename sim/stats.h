/* SPDX-License-Identifier: MIT */
/* Run statistics: the privilege-transition trace format, the --stats JSON, and the summary. */
#ifndef TETRARCH_STATS_H
#define TETRARCH_STATS_H

#include <stdbool.h>
#include <stdio.h>

#include "sim/machine.h"

/* Write one line for one transition (format in docs/transitions.md):
 *   cpu=0 icount=123 cycle=456 kind=exception type=sync from=EL1 from_ns=1 to=EL2 to_ns=1
 *     ec=0x16 iss=0x0000000 far=0x0 elr=0x40001000 vector=0x400 pc=0x40000400
 *   cpu=0 icount=130 cycle=470 kind=eret from=EL2 from_ns=1 to=EL1 to_ns=1 elr=0x40001004
 *     pc=0x40001004
 * (each on a single line). Write errors are left in ferror(f) for the caller to check. */
void transitions_write(FILE *f, const TransitionEvent *ev);

/* Short name of an exception class ("HVC64", "SYSREG", "DABT_LOWER", ...; "EC_0x2a" for
 * classes without one). Never NULL. */
const char *ec_name(unsigned ec);
/* "sync", "irq", "fiq" or "serror". */
const char *exc_type_name(unsigned type);

/* Write the statistics as JSON (schema in docs/transitions.md) to `f`. Folds per-EL
 * accounting first (cpu_account_el). Returns false after a write error. */
bool stats_write_json_file(const Machine *m, FILE *f, double host_seconds);

/* Human-readable summary: instructions and cycles per EL, every kind of privilege transition
 * with its count, and the EL-to-EL transition matrix with totals. */
void stats_print_summary(const Machine *m, FILE *f);

#endif
