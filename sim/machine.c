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
#include "peripherals/pl011.h"
#include "peripherals/pl031.h"
#include "sim/stats.h"

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
    m->ncpu = 1;
    for (int i = 0; i < m->ncpu; i++) {
        m->cpu[i] = aligned_alloc(64, (sizeof(CPU) + 63) & ~(size_t)63);
        if (!m->cpu[i]) {
            machine_error(m, "out of host memory");
            machine_free(m);
            return false;
        }
        cpu_init(m->cpu[i], m, i);
        m->cpu[i]->tlb = tlb_new(opt->tlb_entries ? opt->tlb_entries : TLB_DEFAULT_ENTRIES,
                                 opt->tlb_ways ? opt->tlb_ways : TLB_DEFAULT_WAYS);
        if (!m->cpu[i]->tlb) {
            machine_error(m, "bad TLB geometry: %u entries, %u ways (entries must be a power of two and a multiple of ways)",
                          opt->tlb_entries, opt->tlb_ways);
            machine_free(m);
            return false;
        }
    }
    m->uart = pl011_create(m, VIRT_UART_BASE);
    m->rtc = pl031_create(m, VIRT_RTC_BASE);
    if (!m->uart || !m->rtc) {
        machine_error(m, "cannot create the board's devices");
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
    phys_free(&m->phys);
}

static uint64_t total_icount(const Machine *m)
{
    uint64_t n = 0;
    for (int i = 0; i < m->ncpu; i++)
        n += m->cpu[i]->icount;
    return n;
}

static int halt_status(Machine *m, const CPU *c)
{
    switch (c->halt_reason) {
    case HALT_SEMIHOST_EXIT:
        return c->exit_code;
    case HALT_SYSTEM_OFF:
        return EXIT_OK;
    default:
        return EXIT_GUEST_JAM;
    }
    (void)m;
}

int machine_run(Machine *m)
{
    uint64_t limit = m->opt.max_insns ? m->opt.max_insns : UINT64_MAX;
    for (;;) {
        if (machine_stop_requested) {
            machine_msg(m, "interrupted after %llu instructions", (unsigned long long)total_icount(m));
            return EXIT_INTERRUPTED;
        }
        bool all_waiting = true;
        for (int i = 0; i < m->ncpu; i++) {
            CPU *c = m->cpu[i];
            uint64_t done = total_icount(m);
            uint64_t budget = limit - done < SLICE_INSNS ? limit - done : SLICE_INSNS;
            cpu_run(c, c->icount + budget);
            if (c->halted)
                return halt_status(m, c);
            if (c->wait_state == WAIT_NONE)
                all_waiting = false;
        }
        pl011_poll(m->uart);
        if (all_waiting) {
            /* No interrupt controller or timer exists yet, so nothing can wake the cores. */
            const CPU *c = m->cpu[0];
            machine_error(m, "guest jammed: %s at pc 0x%llx (EL%u) with nothing that can wake it",
                        c->wait_state == WAIT_WFI ? "WFI" : "WFE", (unsigned long long)(c->pc - 4), c->ps.el);
            return EXIT_GUEST_JAM;
        }
        if (total_icount(m) >= limit) {
            machine_msg(m, "stopped after %llu instructions (--max-insns)", (unsigned long long)total_icount(m));
            return EXIT_INSN_LIMIT;
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
