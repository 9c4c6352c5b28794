/* SPDX-License-Identifier: MIT */
/* The gdb remote serial protocol stub: cores are threads, the system registers are a target
 * feature that gdb reads and writes, and monitor commands serve hypervisor work. */
#ifndef TETRARCH_GDBSTUB_H
#define TETRARCH_GDBSTUB_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "sim/machine.h"

struct GdbStub;

typedef struct {
    const char *listen;        /* --gdb PORT or HOST:PORT (127.0.0.1 unless a host is given) */
    bool wait;                 /* --gdb-wait: stop before the first instruction until gdb attaches */
    const char *files_dir;     /* --gdb-files DIR: where monitor commands may create files (the
                                * directory the run started in by default) */
} GdbOptions;

/* Check the option values; false with a message in err. */
bool gdb_options_check(const GdbOptions *o, char *err, size_t errlen);
/* Listen. NULL after printing an error. gdbstub_run accepts connections: with wait, the first
 * one before the first instruction (SIGINT/SIGTERM while waiting ends the run with 130); without,
 * between rounds of machine_run. Port 0 picks a free port; the "listening on HOST:PORT" line on
 * stderr names it even with -q. */
struct GdbStub *gdbstub_open(Machine *m, const GdbOptions *o);
/* Run the machine under the debugger until the guest ends; returns the exit status as
 * machine_run would (130 when gdb kills the guest). */
int gdbstub_run(struct GdbStub *g);
void gdbstub_close(struct GdbStub *g);
/* The protocol without a socket (tests/fuzz/fuzz_gdb.c): a stub that is stopped, listens
 * nowhere and has no connection; NULL when out of memory. Close it with gdbstub_close. */
struct GdbStub *gdbstub_open_unconnected(Machine *m);
/* Give such a stub bytes as gdb would send them while the machine is stopped: framing,
 * checksums, then each complete packet as `serve` handles it. Replies are built and dropped.
 * The machine never runs: a step (s, S, or vCont with a step) executes one instruction of the
 * stepped core as a scheduler-locked step does; a continue stops at once, as if gdb had sent
 * Ctrl-C; D, k and vKill detach. `monitor trace` is refused (it would write a file). */
void gdbstub_feed(struct GdbStub *g, const uint8_t *data, size_t len);
/* Every exception entry and return (catch exception, catch eret, step-el). */
void gdbstub_transition(struct GdbStub *g, const TransitionEvent *ev);

#endif
