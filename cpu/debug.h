/* SPDX-License-Identifier: MIT */
/* Debug: the architecture's self-hosted debug (Arm ARM D2: breakpoint, watchpoint and
 * software-step exceptions, the OS lock), and the debugger's own breakpoints and watchpoints
 * (gdb's Z packets), which stop the core instead of raising exceptions. Both work through the
 * checked loop (cpu_step_checked), so the fast loop never pays for them. */
#ifndef TETRARCH_DEBUG_H
#define TETRARCH_DEBUG_H

#include "cpu/cpu.h"

/* ---- Self-hosted debug (cpu/debug.c) ---- */

/* The INSTR_* bits this core's debug registers call for: INSTR_ARCH_DEBUG when a breakpoint
 * or software step is enabled, INSTR_WATCH when a watchpoint is. */
uint32_t debug_arch_instr(const CPU *c);
/* Before the instruction at c->pc: a software-step or breakpoint exception, recorded in
 * c->exc (EXEC_EXC), or EXEC_OK. */
int debug_before_insn(CPU *c) WUR;
/* After an instruction that completed without an exception: software step advances. */
void debug_after_insn(CPU *c);
/* A data access of `size` bytes at `va` that translated: an architectural watchpoint
 * exception, or EXC_DEBUG_HALT for a gdb watchpoint (both EXEC_EXC), or EXEC_OK. */
int debug_check_watch(CPU *c, uint64_t va, unsigned size, bool write) WUR;

/* ---- The debugger's breakpoints and watchpoints, shared by every core (gdb's are global) ---- */

#define HOST_MAX_BP 64
#define HOST_MAX_WP 16
enum { HOST_WP_WRITE = 2, HOST_WP_READ = 3, HOST_WP_ACCESS = 4 }; /* gdb's Z2, Z3, Z4 */

typedef struct {
    uint64_t addr, len;
    uint8_t kind;            /* HOST_WP_* */
} HostWatch;

typedef struct HostDebug {
    uint64_t bp[HOST_MAX_BP];
    unsigned nbp;
    HostWatch wp[HOST_MAX_WP];
    unsigned nwp;
} HostDebug;

/* Add or remove (false when the table is full, or there is no such entry). Each call updates
 * every core's instrumentation bits. */
bool host_bp_add(Machine *m, uint64_t addr);
bool host_bp_remove(Machine *m, uint64_t addr);
bool host_wp_add(Machine *m, uint64_t addr, uint64_t len, unsigned kind);
bool host_wp_remove(Machine *m, uint64_t addr, uint64_t len, unsigned kind);
bool host_bp_at(const Machine *m, uint64_t pc);

#endif
