/* SPDX-License-Identifier: MIT */
/* Fuzz target: decode and execute a few instructions (cpu/decode.c and every exec_*) from a
 * random but reachable CPU state on a fresh one-core board, as tests/unit/harness.c builds
 * it: random X registers and stack pointers, random values in the writable system registers,
 * then an exception return from EL3 to a random PSTATE (so the EL, SPSel and execution state
 * are ones an ERET can produce, or an illegal return). Nothing the guest does may crash the
 * host. */
#include <stdlib.h>
#include <string.h>

#include "cpu/cpu.h"
#include "cpu/exception.h"
#include "cpu/sysreg.h"
#include "cpu/timer.h"
#include "mmu/mem.h"
#include "mmu/phys.h"
#include "tests/fuzz/fuzz.h"

#define CODE (VIRT_RAM_BASE + 0x10000)   /* the instructions, and ELR_EL3 */
#define DATA (VIRT_RAM_BASE + 0x100000)  /* the input's tail: page tables, data to load */
#define DATA_MAX 0x2000
#define MAX_INSNS 8
#define MAX_SYSREG_WRITES 24

/* Input layout, front to back (missing bytes read as zero):
 *   flags (u8): bits 2:0 = instructions - 1; bit 3 = run through cpu_step_checked (the
 *     instrumented loop) instead of cpu_run; bit 4 = the unit-test harness's EL3 setup first
 *   the instructions (u32 each)
 *   SPSR for the exception return (u32)
 *   ram mask (u32): bit n set = Xn points into RAM (DATA + low 16 bits of its value)
 *   X0-X30 (u64 each)
 *   SP mask (u8, as the ram mask for SP_EL0-SP_EL3) and SP_EL0-SP_EL3 (u64 each)
 *   writes (u8, at most MAX_SYSREG_WRITES), each: register index (u16, into the writable
 *     registers) and value (u64)
 *   the rest: copied to DATA (at most DATA_MAX bytes). */

static int writable[SR_COUNT];
static unsigned n_writable;

static void pick_writable(void)
{
    for (int id = 0; id < SR_COUNT; id++) {
        const SysRegInfo *r = &sysreg_table[id];
        /* Writable by MSR at some EL. The *_EL12/_EL02 aliases are left out: they reach the
         * EL1 registers, which are in the list. */
        if ((r->access & WO) && r->trap != TR_EL12)
            writable[n_writable++] = id;
    }
}

static uint64_t maybe_ram(uint64_t v, bool ram)
{
    return ram ? DATA + (v & 0xFFF8) + (v >> 62) : v; /* aligned, or not by 1-3 */
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (!n_writable) {
        fuzz_quiet_once();
        pick_writable();
    }
    FuzzBytes in = {data, size};
    unsigned flags = fb_u8(&in);
    unsigned n = (flags & 7) + 1;
    uint32_t insn[MAX_INSNS];
    for (unsigned i = 0; i < n; i++)
        insn[i] = fb_u32(&in);

    Machine m;
    fuzz_machine_init(&m, 16);
    machine_reset_cpus(&m, CODE, 3, true);
    CPU *c = m.cpu[0];
    uint8_t *code = phys_host_ptr(&m.phys, CODE, sizeof insn);
    memcpy(code, insn, 4 * n);
    phys_invalidate_code(&m.phys, CODE, 4 * n);

    if (flags & 16) {
        c->sr[SR_SCR_EL3] = 0x501;          /* NS, RW, HCE */
        c->sr[SR_HCR_EL2] = 1ULL << 31;     /* RW */
        c->sr[SR_VBAR_EL1] = c->sr[SR_VBAR_EL2] = c->sr[SR_VBAR_EL3] = VIRT_RAM_BASE + 0x80000;
    }
    uint32_t spsr = fb_u32(&in);
    uint32_t ram_mask = fb_u32(&in);
    for (unsigned r = 0; r < 31; r++)
        set_X(c, r, maybe_ram(fb_u64(&in), (ram_mask >> r) & 1));
    unsigned sp_mask = fb_u8(&in);
    for (unsigned el = 0; el < 4; el++)
        c->sp_el[el] = maybe_ram(fb_u64(&in), (sp_mask >> el) & 1);
    c->sp = c->sp_el[3];
    unsigned writes = fb_u8(&in) % (MAX_SYSREG_WRITES + 1);
    for (unsigned i = 0; i < writes; i++) {
        unsigned k = (unsigned)fb_le(&in, 2) % n_writable;
        sysreg_write(c, writable[k], fb_u64(&in));
    }
    if (in.left) {
        size_t len = in.left < DATA_MAX ? in.left : DATA_MAX;
        memcpy(phys_host_ptr(&m.phys, DATA, len), in.p, len);
    }
    /* As after gdb writes a register: translation and debug controls may have changed. */
    mem_flush_soft_tlb(c);
    cpu_instr_update(c);
    timer_update(c);

    /* Into the random state the way software gets there: ERET from EL3. */
    c->sr[SR_SPSR_EL3] = spsr;
    c->sr[SR_ELR_EL3] = CODE;
    exception_return(c);

    /* The instructions, an exception they take, and a step or two of whatever follows. */
    unsigned steps = n + 2;
    if (flags & 8) {
        for (unsigned i = 0; i < steps && !c->halted && !c->off; i++) {
            c->wait_state = WAIT_NONE;
            (void)cpu_step_checked(c);
        }
    } else {
        c->wait_state = WAIT_NONE;
        cpu_run(c, c->icount + steps);
    }
    machine_free(&m);
    return 0;
}
