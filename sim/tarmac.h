/* SPDX-License-Identifier: MIT */
/* Tarmac text (the Arm Fast Models dialect, docs/tracing.md) written from trace events: the
 * recorder's --tarmac output and `tetrarch trace convert --to tarmac` share this writer, so
 * the two are byte-identical for the same events. */
#ifndef TETRARCH_TARMAC_H
#define TETRARCH_TARMAC_H

#include <stdbool.h>
#include <stdio.h>

#include "sim/trace_format.h"

typedef struct TarmacWriter TarmacWriter;

/* Write to `f` (which the caller opens and closes). Lines carry "cpuN" when ncpu > 1;
 * `what` (TW_*) says whether STATE events print their registers (TW_REGS). NULL when out of
 * memory. */
TarmacWriter *tarmac_open(FILE *f, unsigned ncpu, unsigned what);
/* The line(s) of one event (CONTEXT and END events print nothing). */
void tarmac_put(TarmacWriter *w, const TraceEvent *ev);
/* Flush and free the writer; false when a write to `f` failed. */
bool tarmac_close(TarmacWriter *w);

/* "LOWER_A64_SYNC", "CURRENT_SPx_IRQ", ...: the vector of a VBAR offset. */
const char *tarmac_vector_name(uint64_t offset);

#endif
