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
/* A data access of `size` bytes at `va` that translated, with the privilege of `el` (0 for
 * LDTR/STTR at EL1): an architectural watchpoint exception, or EXC_DEBUG_HALT for a gdb
 * watchpoint (both EXEC_EXC), or EXEC_OK. */
int debug_check_watch(CPU *c, uint64_t va, unsigned size, bool write, unsigned el) WUR;

/* The EL a debug exception (breakpoint, watchpoint, software step, BRK) from the current
 * state is taken to: EL2 from EL0/EL1 when EL2 is enabled and HCR_EL2.TGE or MDCR_EL2.TDE is
 * set, EL1 from EL0, otherwise the current EL (AArch64.SoftwareBreakpoint and friends). */
unsigned debug_exception_target(const CPU *c);
/* SSAdvance(): SVC, HVC and SMC complete the step before their exception is taken, so the
 * SPSR they save has SS = 0. Call just before raising the exception. */
void debug_ss_advance(CPU *c);
/* DebugExceptionReturnSS(): the PSTATE.SS an exception return of `spsr` leaves (SPSR.SS only
 * when software step is disabled at the source and enabled at the destination); `illegal`
 * when the return is illegal (the destination is then the current EL). Call before PSTATE
 * changes. An exception return does not advance the step state machine. */
unsigned debug_exception_return_ss(CPU *c, uint64_t spsr, bool illegal);

/* CPU.ss_flags */
enum {
    SS_ADVANCE = 1u << 0,    /* ShouldAdvanceSS: the running instruction may advance the step */
    SS_STEPPED = 1u << 1,    /* the last instruction ran active-not-pending (ESR.ISV = 1) */
    SS_STEPPED_EX = 1u << 2, /* ... and was a Load-Exclusive (ESR.EX = 1) */
};
/* Exception entry: the Software Step exception that may follow one reports no stepped
 * instruction (ISV = 0), one of the choices SoftwareStep_DidNotStep() leaves open. */
static inline void debug_exception_entry(CPU *c) { c->ss_flags = 0; }

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
