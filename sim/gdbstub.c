/* SPDX-License-Identifier: MIT */
/* Placeholder: replaced by the gdb stub. */
#include <stdio.h>
#include "sim/gdbstub.h"
bool gdb_options_check(const GdbOptions *o, char *err, size_t errlen) { (void)o; (void)err; (void)errlen; return true; }
struct GdbStub *gdbstub_open(Machine *m, const GdbOptions *o) { (void)m; (void)o; fprintf(stderr, "tetrarch: gdb stub not built yet\n"); return NULL; }
int gdbstub_run(struct GdbStub *g) { (void)g; return EXIT_HOST_ERROR; }
void gdbstub_close(struct GdbStub *g) { (void)g; }
void gdbstub_transition(struct GdbStub *g, const TransitionEvent *ev) { (void)g; (void)ev; }
