/* SPDX-License-Identifier: MIT */
/* Trace recording: Tarmac text (--tarmac) and the compact binary trace (--trace), with
 * triggers and a choice of what to record. The CPU calls the hooks below only while tracing
 * needs them (INSTR_TRACE, INSTR_TRACE_MEM); transitions come through machine_transition. */
#ifndef TETRARCH_TRACE_H
#define TETRARCH_TRACE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "sim/machine.h"

struct Trace;

/* The command-line options; NULL means not given. */
typedef struct {
    const char *tarmac_path;   /* --tarmac FILE */
    const char *binary_path;   /* --trace FILE */
    const char *start;         /* --trace-start TRIGGER */
    const char *stop;          /* --trace-stop TRIGGER */
    const char *what;          /* --trace-what LIST */
    bool create_new;           /* create new files only (the gdb monitor), never replace one */
} TraceOptions;

/* Check the option values without opening anything; false with a message in err. */
bool trace_options_check(const TraceOptions *o, char *err, size_t errlen);
/* Open the outputs and set the machine's instrumentation bits. NULL after printing a
 * one-line error. */
struct Trace *trace_open(Machine *m, const TraceOptions *o);
/* Flush everything and close; false after printing an error (the data could not be written).
 * Clears the machine's trace instrumentation bits. */
bool trace_close(struct Trace *t);

/* Hooks (cpu/cpu.c cpu_step_checked, mmu/mem.c, cpu/sysreg.c, sim/machine.c). */
void trace_before_insn(struct Trace *t, CPU *c);
/* `in` is the instruction that ran (NULL when none did: an interrupt or a fetch abort was
 * taken); `r` is its EXEC_* result (EXEC_OK for a conditional branch means not taken). */
void trace_after_insn(struct Trace *t, CPU *c, const Insn *in, int r);
void trace_mem(struct Trace *t, CPU *c, uint64_t va, uint64_t pa, unsigned size, bool write, uint64_t value);
void trace_sysreg(struct Trace *t, CPU *c, int id, uint64_t value);
void trace_transition(struct Trace *t, const TransitionEvent *ev);

/* `tetrarch trace SUBCOMMAND ...` (sim/trace_tool.c): argv[0] is the subcommand. */
int trace_tool_main(int argc, char **argv);

#endif
