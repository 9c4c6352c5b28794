/* SPDX-License-Identifier: MIT */
/* CPU state of one AArch64 core, the predecoded instruction record, and the register accessors. */
#ifndef TETRARCH_CPU_H
#define TETRARCH_CPU_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "cpu/sysreg.h"

#define WUR __attribute__((warn_unused_result))
#define likely(x) __builtin_expect(!!(x), 1)
#define unlikely(x) __builtin_expect(!!(x), 0)

typedef struct CPU CPU;
typedef struct Insn Insn;
typedef struct Machine Machine;

/* An exec function returns EXEC_OK, EXEC_EXC after recording an exception in cpu->exc
 * (see cpu/exception.h), or EXEC_JUMP after writing cpu->pc (a taken branch, ERET): the run
 * loop keeps the PC in a register and reloads it only then. UNDEFINED is just
 * `return undefined(cpu);`. */
enum { EXEC_OK = 0, EXEC_EXC = 1, EXEC_JUMP = 2 };
typedef int (*ExecFn)(CPU *cpu, const Insn *in);

/* One predecoded instruction. The decoder fills the register fields from their fixed A64
 * positions whatever the encoding, and a row's optional prep function fills `imm`. */
struct Insn {
    ExecFn exec;
    uint64_t imm;    /* row-specific predecoded value (bitmask immediate, branch offset, ...) */
    uint32_t raw;    /* the instruction word */
    uint16_t row;    /* index into the encoding table (names, timing, statistics) */
    uint8_t rd;      /* bits 4:0   (Rd / Rt) */
    uint8_t rn;      /* bits 9:5   (Rn) */
    uint8_t rm;      /* bits 20:16 (Rm / Rs) */
    uint8_t ra;      /* bits 14:10 (Ra / Rt2) */
    uint8_t cycles;  /* from the row's timing class */
    uint8_t pad;
};

/* Exception record: "exceptions are data". Filled by raise helpers, consumed by
 * take_exception(). */
enum ExcType { EXC_SYNC = 0, EXC_IRQ = 1, EXC_FIQ = 2, EXC_SERROR = 3,
               /* Not architectural: a debugger (gdb) watchpoint stops the core before the
                * access; cpu_step_checked() undoes the instruction and nothing is taken. */
               EXC_DEBUG_HALT = 4 };
typedef struct {
    uint8_t type;      /* enum ExcType */
    uint8_t target_el;
    uint8_t ec;        /* exception class */
    uint8_t il;        /* instruction length bit */
    uint32_t iss;
    uint64_t far;
    bool far_valid;
    bool hpfar_valid;  /* a stage-2 abort taken to EL2: HPFAR_EL2 = hpfar */
    uint64_t hpfar;
    uint64_t elr;      /* preferred return address */
} ExcRecord;

/* Architectural soft-TLB entry for the host fast path: a page tag and the host address of
 * the page. A tag carries no low bits, so an access whose low bits are not aligned to its
 * size misses and takes the slow path, which applies the alignment rules. */
typedef struct {
    uint64_t tag;       /* VA page, or TLB_INVALID */
    uint8_t *host;      /* host pointer to the start of the page */
} SoftTLBEntry;
#define TLB_INVALID (~0ULL)
/* Tag bit of an entry filled while INSTR_SLOW_MEM is set: the inline fast path's compare value
 * never has bit 11, so only mem.c's instrumented path (which still checks watchpoints and
 * reports to the trace) uses such an entry. */
#define SOFT_TLB_INSTR 0x800ULL
#define SOFT_TLB_BITS 8
#define SOFT_TLB_SIZE (1u << SOFT_TLB_BITS)

/* Translation context index: one soft TLB per EL (and one for unprivileged access). */
enum { MMU_IDX_EL0, MMU_IDX_EL1, MMU_IDX_EL2, MMU_IDX_EL3, MMU_IDX_COUNT };

struct DecodedPage;
struct TLB;
struct PhysMem;

/* One 128-bit SIMD&FP register. */
typedef union {
    uint64_t d[2];
    uint32_t s[4];
    uint16_t h[8];
    uint8_t b[16];
} __attribute__((aligned(16))) VReg;

/* PSTATE, unpacked. nzcv holds N,Z,C,V in bits 31:28 as in the NZCV register; daif holds
 * D,A,I,F in bits 9:6 as in the DAIF register. */
typedef struct {
    uint32_t nzcv;
    uint32_t daif;
    uint8_t el;
    uint8_t sp;      /* SPSel: 0 = SP_EL0, 1 = SP_ELx */
    uint8_t ss, il, pan, uao, dit, ssbs;
} PState;

/* Instrumentation: any bit set in CPU.instr sends the core through cpu_step_checked(), one
 * instruction at a time, instead of the fast loop. The bits are recomputed by
 * cpu_instr_update() from the Machine's global bits and the core's own debug state. */
enum {
    INSTR_ARCH_DEBUG = 1u << 0, /* self-hosted debug: breakpoints or software step (cpu/debug.c) */
    INSTR_WATCH = 1u << 1,      /* watchpoints armed (architectural or gdb): data accesses take
                                 * the slow path, which checks them */
    INSTR_HOST = 1u << 2,       /* gdb breakpoints, or a gdb single step of this core */
    INSTR_TRACE = 1u << 3,      /* instruction trace: trace_before_insn/trace_after_insn */
    INSTR_TRACE_MEM = 1u << 4,  /* memory trace: data accesses take the slow path */
};
#define INSTR_SLOW_MEM (INSTR_WATCH | INSTR_TRACE_MEM) /* bits that keep the soft TLB empty */

/* Why a core stopped for the debugger (CPU.dbg_stop); machine_run returns EXIT_DEBUG_STOP. */
enum DebugStop {
    STOP_NONE = 0,
    STOP_STEP,        /* a gdb single step completed */
    STOP_BREAK,       /* a gdb breakpoint at the PC */
    STOP_WATCH,       /* a gdb watchpoint: dbg_watch_addr, dbg_watch_kind */
    STOP_CATCH,       /* monitor catch exception / catch eret, or step-el */
    STOP_USER,        /* Ctrl-C from gdb */
};

struct CPU {
    /* Hot state first. x[31] always reads as zero (XZR); set_X keeps it so. */
    uint64_t x[32];
    uint64_t sp;            /* the SP selected by PSTATE.EL/SP; banked copy in sp_el[] */
    uint64_t pc;
    PState ps;
    uint64_t icount;        /* retired instructions */
    uint64_t cycles;        /* simulated cycles */
    uint64_t stop_at;       /* the inner loop runs while icount < stop_at; 0 forces a check */

    /* Fetch fast path: the current VA page and its decoded instructions. */
    uint64_t fetch_tag;
    struct DecodedPage *fetch_page;

    SoftTLBEntry tlb_read[MMU_IDX_COUNT][SOFT_TLB_SIZE];
    SoftTLBEntry tlb_write[MMU_IDX_COUNT][SOFT_TLB_SIZE];
    /* The physical page of each SOFT_TLB_INSTR entry (for the memory trace). */
    uint64_t tlb_instr_pa[2][MMU_IDX_COUNT][SOFT_TLB_SIZE];

    struct TLB *tlb;        /* the architectural TLB (mmu/tlb.c) */
    struct PhysMem *phys;   /* the physical bus this core reads and writes (mmu/phys.h) */

    uint64_t sp_el[4];
    /* The SIMD&FP registers V0-V31 (element i of size e at byte offset i*e: the host is
     * little-endian, as the register view the Arm ARM numbers elements in). FPCR and FPSR
     * live in sr[] (SR_FPCR, SR_FPSR). Accessors in cpu/simd.h. */
    VReg v[32];
    uint64_t sr[SR_COUNT];  /* system registers, indexed by the table's enum */

    ExcRecord exc;          /* the exception being raised */

    /* Exclusive monitors: the local one by VA (ldst.c), and this core's entry in the global
     * one by PA (mmu/mem.c), which another core's store to the same granule clears. */
    bool excl_valid;
    uint64_t excl_addr;
    unsigned excl_size;
    uint64_t excl_pa;

    bool event_reg;         /* the WFE event register */
    uint8_t wait_state;     /* enum WaitState: the core sleeps in WFI/WFE until a wake-up event */
    uint64_t pmccntr_start[4]; /* el_cycles[] when PMCCNTR_EL0 last folded its count */
    bool halted;            /* stopped for good (semihosting exit, PSCI off, jam) */
    bool off;               /* powered down (PSCI CPU_OFF, or a secondary not started yet) */
    int halt_reason;        /* enum HaltReason in sim/machine.h */
    int exit_code;

    /* Accounting per EL: counts are folded in at every EL change (not per instruction). */
    uint64_t el_icount[4], el_cycles[4];
    uint64_t el_mark_icount, el_mark_cycles;

    /* Jam detection: the same exception vector taken repeatedly with no progress. */
    uint64_t last_vector, last_vector_icount;
    unsigned vector_repeats;
    /* The last UNDEFINED instruction (undefined()), named by a jam on EC 0x00. */
    bool undef_valid, undef_word_valid;
    uint32_t undef_word;
    uint64_t undef_pc;
    uint8_t undef_el;

    /* Instrumentation and the debugger (see INSTR_*, enum DebugStop). */
    uint32_t instr;         /* INSTR_* bits; 0 runs the fast loop */
    uint8_t dbg_stop;       /* enum DebugStop: the core stopped for the debugger */
    bool dbg_step;          /* gdb asked for one step of this core */
    bool dbg_skip_bp;       /* resume: do not stop at a gdb breakpoint on the current PC */
    uint8_t dbg_watch_kind; /* 2 write, 3 read, 4 access (gdb's Z numbers) */
    uint64_t dbg_watch_addr;
    /* Self-hosted software step (cpu/debug.c, SS_* in cpu/debug.h): what the Arm ARM keeps
     * beside PSTATE.SS (ShouldAdvanceSS, SoftwareStep_DidNotStep, SoftwareStep_SteppedEX). */
    uint8_t ss_flags;

    int index;              /* core number */
    Machine *m;
};

enum WaitState { WAIT_NONE = 0, WAIT_WFI, WAIT_WFE };

/* ---- Register accessors (Spike style): honest about XZR vs SP. ---- */
static inline uint64_t X(const CPU *c, unsigned n) { return c->x[n]; }
static inline uint32_t W(const CPU *c, unsigned n) { return (uint32_t)c->x[n]; }
static inline void set_X(CPU *c, unsigned d, uint64_t v) { c->x[d] = v; c->x[31] = 0; }
static inline void set_W(CPU *c, unsigned d, uint32_t v) { c->x[d] = v; c->x[31] = 0; }
static inline uint64_t X_SP(const CPU *c, unsigned n) { return n == 31 ? c->sp : c->x[n]; }
static inline void set_X_SP(CPU *c, unsigned d, uint64_t v)
{
    if (d == 31)
        c->sp = v;
    else
        c->x[d] = v;
}
/* Register by datasize: the 32-bit forms read W and zero-extend on write. */
static inline uint64_t R(const CPU *c, unsigned n, bool sf) { return sf ? c->x[n] : (uint32_t)c->x[n]; }
static inline void set_R(CPU *c, unsigned d, uint64_t v, bool sf)
{
    c->x[d] = sf ? v : (uint32_t)v;
    c->x[31] = 0;
}

/* Instruction field helpers. */
static inline uint32_t bits(uint32_t w, unsigned hi, unsigned lo) { return (w >> lo) & ((2u << (hi - lo)) - 1); }
static inline uint32_t bit(uint32_t w, unsigned b) { return (w >> b) & 1; }
static inline int64_t sext(uint64_t v, unsigned width) { return (int64_t)(v << (64 - width)) >> (64 - width); }

/* The address of the executing instruction: the loop advances pc before calling exec. */
static inline uint64_t insn_pc(const CPU *c) { return c->pc - 4; }

/* ConditionHolds: bit (NZCV nibble) of cond_table[cond] says whether cond holds. */
static const uint16_t cond_table[16] = {
    0xF0F0, 0x0F0F, 0xCCCC, 0x3333, 0xFF00, 0x00FF, 0xAAAA, 0x5555,
    0x0C0C, 0xF3F3, 0xAA55, 0x55AA, 0x0A05, 0xF5FA, 0xFFFF, 0xFFFF,
};
static inline bool cond_holds(const CPU *c, unsigned cond) { return (cond_table[cond & 15] >> (c->ps.nzcv >> 28)) & 1; }

/* NZCV flag helpers */
#define FLAG_N (1u << 31)
#define FLAG_Z (1u << 30)
#define FLAG_C (1u << 29)
#define FLAG_V (1u << 28)

/* Core lifecycle (cpu/cpu.c). */
void cpu_init(CPU *c, Machine *m, int index);
void cpu_reset(CPU *c, uint64_t pc, unsigned el);
/* Run until icount reaches `until`, the core halts, or it waits (WFI/WFE). */
void cpu_run(CPU *c, uint64_t until);
/* Would a waiting core wake now (an interrupt it would take if unmasked, or an event)? */
bool cpu_wake_pending(CPU *c);
/* Ask the run loop to leave its fast path before the next instruction. */
static inline void cpu_request_check(CPU *c) { c->stop_at = 0; }
/* The control API of debuggers (sim/gdbstub.c): forget the cached fetch page (after a change
 * of EL, SP selection or translation regime made from outside), and move the PC. */
static inline void cpu_invalidate_fetch(CPU *c)
{
    c->fetch_tag = TLB_INVALID;
    cpu_request_check(c);
}
static inline void cpu_set_pc(CPU *c, uint64_t pc)
{
    c->pc = pc;
    cpu_invalidate_fetch(c);
}
/* Recompute c->instr after a change to what instruments this core (Machine.instr_global,
 * debug registers, a gdb step). Empties the soft TLB when data accesses must be seen. */
void cpu_instr_update(CPU *c);
/* One instruction (or one interrupt taken) with every instrumentation hook; the unit that
 * gdb steps by. Returns false when the core stopped for the debugger (c->dbg_stop). */
bool cpu_step_checked(CPU *c);

/* PSTATE <-> SPSR packing (AArch64 format). */
uint64_t pstate_to_spsr(const CPU *c);
/* Switch the banked SP for a new EL/SPSel. */
void cpu_set_el_sp(CPU *c, unsigned el, unsigned spsel);
/* Fold per-EL accounting up to now (call before an EL change or at the end). */
void cpu_account_el(CPU *c);

/* Highest EL and security helpers. */
static inline bool el2_enabled(const CPU *c) { return (c->sr[SR_SCR_EL3] & 1) != 0; /* NS: EL2 exists only in Non-secure */ }
static inline bool is_secure(const CPU *c) { return c->ps.el == 3 || !(c->sr[SR_SCR_EL3] & 1); }

#endif
