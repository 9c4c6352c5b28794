/* SPDX-License-Identifier: MIT */
/* The virt-compatible board: cores, physical memory map, devices, options, and the run loop
 * that schedules cores and ends the run with a documented exit status. */
#ifndef TETRARCH_MACHINE_H
#define TETRARCH_MACHINE_H

#include <signal.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>

#include "cpu/cpu.h"
#include "cpu/events.h"
#include "cpu/debug.h"
#include "mmu/phys.h"
#include "peripherals/virtio_mmio.h"

#define MAX_CPUS 8

/* Exit statuses of `tetrarch run` (documented in README.md and docs/cli.md). A guest's
 * semihosting exit code is passed through unchanged. */
enum {
    EXIT_OK = 0,             /* PSCI SYSTEM_OFF, or semihosting exit with code 0 */
    EXIT_USAGE = 2,          /* bad option or option value */
    EXIT_BAD_IMAGE = 3,      /* missing, truncated, malformed, or misplaced image */
    EXIT_INSN_LIMIT = 4,     /* --max-insns reached */
    EXIT_GUEST_JAM = 5,      /* the guest cannot make progress (exception loop, WFI forever) */
    EXIT_HOST_ERROR = 6,     /* host failure: out of memory, cannot write an output file */
    EXIT_SYSTEM_RESET = 7,   /* the guest asked for a reset (PSCI SYSTEM_RESET) */
    EXIT_INTERRUPTED = 130,  /* stopped by SIGINT or SIGTERM (outputs flushed) */
    /* Not an exit status: machine_run returns it when a core stopped for the debugger
     * (CPU.dbg_stop); calling machine_run again resumes. */
    EXIT_DEBUG_STOP = -1,
};

/* enum HaltReason and TransitionEvent, which the core produces, are in cpu/events.h. */

typedef struct {
    uint64_t ram_size;
    uint64_t max_insns;      /* 0 = no limit */
    uint64_t max_cycles;     /* --max-time as cycles of the nominal clock; 0 = no limit */
    bool quiet;
    bool warn;               /* -W: report unimplemented instructions/registers */
    const char *semihost_root; /* directory for semihosting file access, NULL = disabled */
    bool check_tlb;          /* --check-tlb: re-walk on every TLB hit and report stale hits */
    bool strict_icache;      /* --strict-icache: fetch may see stale code until IC maintenance */
    unsigned tlb_entries, tlb_ways; /* architectural TLB geometry (0 = defaults) */
    unsigned smp;            /* cores (1..MAX_CPUS; 0 = 1) */
    bool rtc_host;           /* --rtc host: the PL031 and SYS_TIME follow the host clock */
    VirtioOptions virtio;    /* --drive, --virtio-console: devices on the virtio-mmio transports */
    bool secure_off;         /* --secure off: no Secure world or EL3 firmware (QEMU virt secure=off) */
} MachineOptions;

struct Machine {
    MachineOptions opt;
    PhysMem phys;
    CPU *cpu[MAX_CPUS];
    int ncpu;
    unsigned boot_el;        /* the EL the boot image started at (PSCI CPU_ON enters there) */
    bool psci_emulated;      /* no EL3 firmware (Linux Image): SMCs go to psci_call() */

    /* Privilege-transition instrumentation: NULL when off, so exceptions pay one test. */
    FILE *transitions;
    /* Transition matrix for --stats: counts[from_el][to_el][ec] (ec 0..63) and by type. */
    uint64_t exc_counts[4][4][64];
    uint64_t irq_counts[4][4][4];
    uint64_t eret_counts[4][4];

    /* Instrumentation: INSTR_* bits every core gets (trace, gdb breakpoints and watchpoints);
     * change them with machine_instr_update(). */
    uint32_t instr_global;
    HostDebug hostdbg;         /* gdb's breakpoints and watchpoints (cpu/debug.h) */
    struct Trace *trace;       /* --tarmac / --trace recording (sim/trace.h), or NULL */
    struct GdbStub *gdb;       /* the gdb stub (sim/gdbstub.h), or NULL */
    /* Called by machine_run between rounds while a debugger is attached: true stops the run
     * with EXIT_DEBUG_STOP (gdb's Ctrl-C). */
    bool (*debugger_poll)(Machine *m);

    /* Devices the CPU side talks to directly. */
    struct PL011 *uart;
    struct PL031 *rtc;
    struct VirtioBus *virtio;  /* the 32 virtio-mmio transports (peripherals/virtio_mmio.c) */
    struct PFlash *flash;      /* the two CFI flash banks' command interface (peripherals/pflash.c) */

    /* The interrupt controller's side of the wiring (filled in by gic_create; NULL without). */
    void *intc;
    void (*intc_set_spi)(void *intc, unsigned intid, bool level);
    void (*intc_set_ppi)(void *intc, int cpu, unsigned intid, bool level);
    unsigned (*intc_cpu_lines)(void *intc, CPU *c);   /* LINE_* (cpu/irq.h) for c's state */

    /* --check-tlb and --strict-icache report each site (PC) once. */
    uint64_t stale_sites[256];
    unsigned n_stale_sites;

    /* machine_warn() reports each distinct message once. */
    uint32_t warned[256];
    unsigned nwarned;
};

/* Set by the SIGINT/SIGTERM handler (sim/main.c); machine_run polls it and stops. */
extern volatile sig_atomic_t machine_stop_requested;

/* Build the board with RAM and the virt devices. Returns false after printing an error. */
bool machine_init(Machine *m, const MachineOptions *opt);
void machine_free(Machine *m);
/* Reset every core to `entry` at `el`. With `secondaries_on` false (a Linux Image), cores other
 * than 0 stay off until PSCI CPU_ON. */
void machine_reset_cpus(Machine *m, uint64_t entry, unsigned el, bool secondaries_on);
/* Run every core until halt, the instruction limit, or a jam; returns the exit status. Cores
 * take turns in a fixed order, MACHINE_QUANTUM instructions each (deterministic). */
#define MACHINE_QUANTUM 4096
int machine_run(Machine *m);
/* The exit status for a core that halted (semihosting exit code, SYSTEM_OFF, reset, jam). */
int machine_halt_status(const CPU *c);

/* Power management for PSCI (PSCI return codes: 0 success, -2 invalid parameters, -4 already
 * on). CPU_ON starts the core at `entry` in the boot EL with x0 = context_id. */
int machine_cpu_on(Machine *m, uint64_t mpidr, uint64_t entry, uint64_t context_id);
void machine_cpu_off(Machine *m, CPU *c);
/* AFFINITY_INFO for one core: 0 on, 1 off, -2 no such core. */
int machine_affinity_info(Machine *m, uint64_t mpidr);
/* Set Machine.instr_global and recompute every core's instrumentation bits. */
void machine_instr_update(Machine *m, uint32_t instr_global);
/* Called by take_exception/exception_return (cpu/exception.c). */
void machine_transition(Machine *m, const TransitionEvent *ev);
/* ---- Interrupt wiring (the GIC issue). Devices and timers drive interrupt inputs; the
 * interrupt controller (peripherals/gic.c, when present) turns them into each core's lines.
 * Every call is cheap when the level does not change. ---- */
/* A shared peripheral interrupt input, INTID 32..1019 (the virt board's PL011 is INTID 33). */
void machine_set_spi(Machine *m, unsigned intid, bool level);
/* A private peripheral interrupt input of one core, INTID 16..31 (timers: 30 EL1 physical,
 * 27 EL1 virtual, 26 EL2 physical, 28 EL2 virtual, 29 EL3 secure physical; 25 maintenance). */
void machine_set_ppi(Machine *m, int cpu, unsigned intid, bool level);

/* One-line diagnostic on stderr unless -q (printf-style). */
void machine_msg(const Machine *m, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
/* One-line error on stderr, printed even with -q (the run cannot continue as asked). */
void machine_error(const Machine *m, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
/* Warning for unimplemented features, only with -W; each distinct message once. */
void machine_warn(Machine *m, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

#endif
