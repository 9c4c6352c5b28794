/* SPDX-License-Identifier: MIT */
/* Placeholder: replaced by the trace recorder. */
#include "sim/trace.h"

#include <stdio.h>

bool trace_options_check(const TraceOptions *o, char *err, size_t errlen) { (void)o; (void)err; (void)errlen; return true; }
struct Trace *trace_open(Machine *m, const TraceOptions *o) { (void)m; (void)o; fprintf(stderr, "tetrarch: tracing is not built yet\n"); return NULL; }
bool trace_close(struct Trace *t) { (void)t; return true; }
void trace_before_insn(struct Trace *t, CPU *c) { (void)t; (void)c; }
void trace_after_insn(struct Trace *t, CPU *c, const Insn *in, int r) { (void)t; (void)c; (void)in; (void)r; }
void trace_mem(struct Trace *t, CPU *c, uint64_t va, uint64_t pa, unsigned size, bool write, uint64_t value) { (void)t; (void)c; (void)va; (void)pa; (void)size; (void)write; (void)value; }
void trace_sysreg(struct Trace *t, CPU *c, int id, uint64_t value) { (void)t; (void)c; (void)id; (void)value; }
void trace_transition(struct Trace *t, const TransitionEvent *ev) { (void)t; (void)ev; }
