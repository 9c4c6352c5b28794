/* SPDX-License-Identifier: MIT */
/* The virt board: builds memory and devices, runs the cores in deterministic slices, and
 * turns the way a run ends into an exit status; also the transition and message sinks. */
#include "sim/machine.h"

#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

#include "cpu/decode.h"
#include "mmu/mem.h"
#include "mmu/tlb.h"
#include "peripherals/pflash.h"
#include "peripherals/pl011.h"
#include "peripherals/pl031.h"
#include "sim/clock.h"
#include "sim/gdbstub.h"
#include "sim/stats.h"
#include "sim/trace.h"
#include "cpu/timer.h"
#include "peripherals/gic.h"
#include "peripherals/virtio_mmio.h"

volatile sig_atomic_t machine_stop_requested;

/* Instructions a core runs before the board polls devices and signals. */
#define SLICE_INSNS (1u << 16)

bool machine_init(Machine *m, const MachineOptions *opt)
{
    memset(m, 0, sizeof *m);
    m->opt = *opt;
    decode_init();
    if (!phys_init(&m->phys, opt->ram_size)) {
        machine_error(m, "cannot allocate %llu MiB of guest RAM", (unsigned long long)(opt->ram_size >> 20));
        return false;
    }
    m->phys.strict_icache = opt->strict_icache;
    /* secure=off: the Secure-only RAM belongs to the Secure world, which this board lacks. */
    if (opt->secure_off)
        phys_remove_secure_ram(&m->phys);
    m->flash = pflash_create(m);
    if (!m->flash) {
        phys_free(&m->phys);
        return false;
    }
    m->ncpu = opt->smp ? (int)opt->smp : 1;
    for (int i = 0; i < m->ncpu; i++) {
        m->cpu[i] = aligned_alloc(64, (sizeof(CPU) + 63) & ~(size_t)63);
        if (!m->cpu[i]) {
            machine_error(m, "out of host memory");
            machine_free(m);
            return false;
        }
        cpu_init(m->cpu[i], m, i);
        m->cpu[i]->phys = &m->phys; /* the core's bus: walks read it without the board */
        m->cpu[i]->tlb = tlb_new(opt->tlb_entries ? opt->tlb_entries : TLB_DEFAULT_ENTRIES,
                                 opt->tlb_ways ? opt->tlb_ways : TLB_DEFAULT_WAYS);
        if (!m->cpu[i]->tlb) {
            machine_error(m, "bad TLB geometry: %u entries, %u ways (entries must be a power of two and a multiple of ways)",
                          opt->tlb_entries, opt->tlb_ways);
            machine_free(m);
            return false;
        }
    }
    if (!gic_create(m)) {
        machine_error(m, "cannot create the GICv3");
        machine_free(m);
        return false;
    }
    m->uart = pl011_create(m, VIRT_UART_BASE);
    m->rtc = pl031_create(m, VIRT_RTC_BASE);
    if (!m->uart || !m->rtc) {
        machine_error(m, "cannot create the board's devices");
        machine_free(m);
        return false;
    }
    if (!virtio_create_all(m, &opt->virtio)) {
        machine_free(m);
        return false;
    }
    return true;
}

void machine_free(Machine *m)
{
    for (int i = 0; i < m->ncpu; i++) {
        if (m->cpu[i])
            tlb_free(m->cpu[i]->tlb);
        free(m->cpu[i]);
        m->cpu[i] = NULL;
    }
    if (m->uart)
        pl011_free(m->uart);
    if (m->rtc)
        pl031_free(m->rtc);
    m->uart = NULL;
    m->rtc = NULL;
    virtio_free_all(m); /* syncs and closes the drives */
    gic_free(m->intc);
    pflash_free(m->flash);
    m->flash = NULL;
    phys_free(&m->phys);
}

static uint64_t total_icount(const Machine *m)
{
    uint64_t n = 0;
    for (int i = 0; i < m->ncpu; i++)
        n += m->cpu[i]->icount;
    return n;
}

int machine_halt_status(const CPU *c)
{
    switch (c->halt_reason) {
    case HALT_SEMIHOST_EXIT:
        return c->exit_code;
    case HALT_SYSTEM_OFF:
        return EXIT_OK;
    case HALT_SYSTEM_RESET:
        return EXIT_SYSTEM_RESET;
    case HALT_HOST_ERROR:
        return EXIT_HOST_ERROR;
    default:
        return EXIT_GUEST_JAM;
    }
}

void machine_reset_cpus(Machine *m, uint64_t entry, unsigned el, bool secondaries_on)
{
    m->boot_el = el;
    /* Without Secure firmware to configure it (a boot below EL3), the GIC starts the way such
     * firmware would leave it: every interrupt Non-secure Group 1, Redistributors awake. */
    if (el < 3 && m->intc)
        gic_boot_nonsecure(m->intc);
    for (int i = 0; i < m->ncpu; i++) {
        cpu_reset(m->cpu[i], entry, el);
        m->cpu[i]->off = i > 0 && !secondaries_on;
    }
}

static CPU *cpu_by_mpidr(Machine *m, uint64_t mpidr)
{
    for (int i = 0; i < m->ncpu; i++)
        if ((m->cpu[i]->sr[SR_MPIDR_EL1] & 0xFF00FFFFFFULL) == (mpidr & 0xFF00FFFFFFULL))
            return m->cpu[i];
    return NULL;
}

int machine_cpu_on(Machine *m, uint64_t mpidr, uint64_t entry, uint64_t context_id)
{
    CPU *c = cpu_by_mpidr(m, mpidr);
    if (!c)
        return -2; /* INVALID_PARAMETERS */
    if (!c->off)
        return -4; /* ALREADY_ON */
    /* The new core enters where the boot core did, with the EL3 configuration an EL3
     * firmware would have given it (the boot core's SCR_EL3). */
    uint64_t scr = m->cpu[0]->sr[SR_SCR_EL3];
    cpu_reset(c, entry, m->boot_el);
    c->sr[SR_SCR_EL3] = scr;
    c->x[0] = context_id;
    c->off = false;
    /* A core switched on late has lived through the time that passed. */
    c->cycles = c->cycles > m->cpu[0]->cycles ? c->cycles : m->cpu[0]->cycles;
    c->el_mark_cycles = c->cycles;
    return 0;
}

void machine_cpu_off(Machine *m, CPU *c)
{
    (void)m;
    c->off = true;
    c->wait_state = WAIT_NONE;
    cpu_request_check(c);
}

int machine_affinity_info(Machine *m, uint64_t mpidr)
{
    CPU *c = cpu_by_mpidr(m, mpidr);
    return !c ? -2 : c->off ? 1 : 0;
}

/* Cores that wait let time pass: bring their clocks up to the most advanced core's, so the
 * system counter that every core reads stays (nearly) common. */
static void sync_waiting_clocks(Machine *m)
{
    uint64_t now = 0;
    for (int i = 0; i < m->ncpu; i++)
        if (m->cpu[i]->cycles > now)
            now = m->cpu[i]->cycles;
    for (int i = 0; i < m->ncpu; i++) {
        CPU *c = m->cpu[i];
        if ((c->off || c->wait_state != WAIT_NONE) && c->cycles < now)
            c->cycles = now;
    }
}

/* The simulated time now: the most advanced core's cycle count. */
static uint64_t machine_now(const Machine *m)
{
    uint64_t now = 0;
    for (int i = 0; i < m->ncpu; i++)
        if (!m->cpu[i]->off && m->cpu[i]->cycles > now)
            now = m->cpu[i]->cycles;
    return now;
}

static int time_limit_reached(Machine *m)
{
    uint64_t c = machine_now(m);
    machine_msg(m, "stopped at %llu.%09llu s of simulated time after %llu instructions (--max-time)",
                (unsigned long long)(c / TETRARCH_CPU_HZ), (unsigned long long)(c % TETRARCH_CPU_HZ),
                (unsigned long long)total_icount(m));
    return EXIT_INSN_LIMIT;
}

/* Why nothing can wake a waiting core, for the jam message. */
static const char *why_no_wake(const CPU *c)
{
    if (c->wait_state == WAIT_WFI && timer_event_stream_on(c))
        return "no interrupt is pending or due, and the event stream wakes only WFE";
    if (c->wait_state == WAIT_WFE)
        return "no interrupt is pending or due, no event stream, and no other core can send an event";
    return "no interrupt is pending or due (no enabled, unmasked timer; no device that can raise one)";
}

int machine_run(Machine *m)
{
    uint64_t limit = m->opt.max_insns ? m->opt.max_insns : UINT64_MAX;
    uint64_t max_cycles = m->opt.max_cycles ? m->opt.max_cycles : UINT64_MAX;
    uint64_t quantum = m->ncpu > 1 ? MACHINE_QUANTUM : SLICE_INSNS;
    for (;;) {
        if (machine_stop_requested) {
            machine_msg(m, "interrupted after %llu instructions", (unsigned long long)total_icount(m));
            return EXIT_INTERRUPTED;
        }
        if (m->debugger_poll && m->debugger_poll(m))
            return EXIT_DEBUG_STOP;
        bool any_on = false;
        for (int i = 0; i < m->ncpu; i++) {
            CPU *c = m->cpu[i];
            if (c->off)
                continue;
            any_on = true;
            uint64_t done = total_icount(m);
            if (done >= limit)
                break;
            uint64_t budget = limit - done < quantum ? limit - done : quantum;
            /* Every instruction takes at least a cycle: the time limit bounds the slice too. */
            if (c->cycles >= max_cycles)
                continue;
            if (max_cycles - c->cycles < budget)
                budget = max_cycles - c->cycles;
            /* Stop near the next timer event: every instruction takes at least a cycle, so
             * running `gap` instructions reaches it (bounded lateness, deterministic). */
            timer_update(c);
            uint64_t deadline = timer_next_deadline(c);
            if (deadline != UINT64_MAX && deadline > c->cycles && deadline - c->cycles < budget)
                budget = deadline - c->cycles;
            cpu_run(c, c->icount + budget);
            timer_update(c);
            if (c->halted)
                return machine_halt_status(c);
            if (unlikely(c->dbg_stop))
                return EXIT_DEBUG_STOP;
        }
        pl011_poll(m->uart);
        virtio_poll(m);
        if (total_icount(m) >= limit) {
            machine_msg(m, "stopped after %llu instructions (--max-insns)", (unsigned long long)total_icount(m));
            return EXIT_INSN_LIMIT;
        }
        if (!any_on) {
            machine_error(m, "guest jammed: every core is off");
            return EXIT_GUEST_JAM;
        }
        if (machine_now(m) >= max_cycles)
            return time_limit_reached(m);
        sync_waiting_clocks(m);
        /* Idle when every core that is on waits and nothing (another core's SEV or store this
         * round, an interrupt) can wake one. */
        bool idle = true;
        for (int i = 0; i < m->ncpu; i++) {
            CPU *c = m->cpu[i];
            if (!c->off && (c->wait_state == WAIT_NONE || cpu_wake_pending(c)))
                idle = false;
        }
        if (idle) {
            /* Every core sleeps: simulated time jumps to the next timer event (no host
             * busy-wait); with none coming, the guest can never go on. */
            uint64_t next = UINT64_MAX;
            for (int i = 0; i < m->ncpu; i++) {
                uint64_t d = m->cpu[i]->off ? UINT64_MAX : timer_next_wake(m->cpu[i]);
                next = d < next ? d : next;
            }
            /* Waiting for the console (an interrupt-driven UART read, or the virtio
             * console's receive queue) is not a jam while host input can still come. */
            if (next == UINT64_MAX && (pl011_wait_input(m->uart) || virtio_wait_input(m)))
                continue;
            if (next == UINT64_MAX) {
                /* Name the first core that is on (core 0 may be powered off). */
                const CPU *c = m->cpu[0];
                for (int i = 0; i < m->ncpu && c->off; i++)
                    c = m->cpu[i];
                machine_error(m, "guest jammed: cpu%d waits (%s at pc 0x%llx, EL%u) with nothing that can wake it: %s",
                              c->index, c->wait_state == WAIT_WFI ? "WFI" : "WFE", (unsigned long long)(c->pc - 4),
                              c->ps.el, why_no_wake(c));
                return EXIT_GUEST_JAM;
            }
            if (next >= max_cycles) {
                for (int i = 0; i < m->ncpu; i++)
                    if (!m->cpu[i]->off && m->cpu[i]->cycles < max_cycles)
                        m->cpu[i]->cycles = max_cycles;
                return time_limit_reached(m);
            }
            for (int i = 0; i < m->ncpu; i++) {
                CPU *c = m->cpu[i];
                if (!c->off && c->cycles < next)
                    c->cycles = next;
                if (!c->off)
                    timer_update(c);
            }
        }
    }
}

void machine_set_spi(Machine *m, unsigned intid, bool level)
{
    if (m->intc_set_spi)
        m->intc_set_spi(m->intc, intid, level);
}

void machine_set_ppi(Machine *m, int cpu, unsigned intid, bool level)
{
    if (m->intc_set_ppi)
        m->intc_set_ppi(m->intc, cpu, intid, level);
}

void machine_instr_update(Machine *m, uint32_t instr_global)
{
    m->instr_global = instr_global;
    for (int i = 0; i < m->ncpu; i++)
        cpu_instr_update(m->cpu[i]);
}

void machine_transition(Machine *m, const TransitionEvent *ev)
{
    if (ev->is_eret)
        m->eret_counts[ev->from_el][ev->to_el]++;
    else if (ev->type == 0)
        m->exc_counts[ev->from_el][ev->to_el][ev->ec & 63]++;
    else
        m->irq_counts[ev->from_el][ev->to_el][ev->type & 3]++;
    if (unlikely(m->transitions != NULL))
        transitions_write(m->transitions, ev);
    if (unlikely(m->trace != NULL))
        trace_transition(m->trace, ev);
    if (unlikely(m->gdb != NULL))
        gdbstub_transition(m->gdb, ev);
}

static void vmessage(const char *fmt, va_list ap)
{
    fputs("tetrarch: ", stderr);
    vfprintf(stderr, fmt, ap);
    fputc('\n', stderr);
}

void machine_msg(const Machine *m, const char *fmt, ...)
{
    if (m && m->opt.quiet)
        return;
    va_list ap;
    va_start(ap, fmt);
    vmessage(fmt, ap);
    va_end(ap);
}

void machine_error(const Machine *m, const char *fmt, ...)
{
    (void)m;
    va_list ap;
    va_start(ap, fmt);
    vmessage(fmt, ap);
    va_end(ap);
}

void machine_warn(Machine *m, const char *fmt, ...)
{
    if (!m->opt.warn || m->opt.quiet)
        return;
    char buf[256];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(buf, sizeof buf, fmt, ap);
    va_end(ap);
    uint32_t h = 2166136261u; /* FNV-1a: report each distinct message once */
    for (const char *p = buf; *p; p++)
        h = (h ^ (uint8_t)*p) * 16777619u;
    for (unsigned i = 0; i < m->nwarned; i++)
        if (m->warned[i] == h)
            return;
    if (m->nwarned < sizeof m->warned / sizeof m->warned[0])
        m->warned[m->nwarned++] = h;
    fprintf(stderr, "tetrarch: warning: %s\n", buf);
}
