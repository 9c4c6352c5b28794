/* SPDX-License-Identifier: MIT */
/* Self-hosted debug (Arm ARM D2) and the debugger's breakpoints and watchpoints. */
#include "cpu/debug.h"

#include "cpu/exception.h"
#include "sim/machine.h"

/* ---- Self-hosted debug ---- */

uint32_t debug_arch_instr(const CPU *c)
{
    (void)c;
    return 0;
}

int debug_before_insn(CPU *c)
{
    (void)c;
    return EXEC_OK;
}

void debug_after_insn(CPU *c)
{
    (void)c;
}

/* ---- The debugger's breakpoints and watchpoints ---- */

static void host_update(Machine *m)
{
    uint32_t g = m->instr_global & ~(uint32_t)(INSTR_HOST | INSTR_WATCH);
    if (m->hostdbg.nbp)
        g |= INSTR_HOST;
    if (m->hostdbg.nwp)
        g |= INSTR_WATCH;
    machine_instr_update(m, g);
}

bool host_bp_at(const Machine *m, uint64_t pc)
{
    for (unsigned i = 0; i < m->hostdbg.nbp; i++)
        if (m->hostdbg.bp[i] == pc)
            return true;
    return false;
}

bool host_bp_add(Machine *m, uint64_t addr)
{
    HostDebug *h = &m->hostdbg;
    if (host_bp_at(m, addr))
        return true;
    if (h->nbp == HOST_MAX_BP)
        return false;
    h->bp[h->nbp++] = addr;
    host_update(m);
    return true;
}

bool host_bp_remove(Machine *m, uint64_t addr)
{
    HostDebug *h = &m->hostdbg;
    for (unsigned i = 0; i < h->nbp; i++)
        if (h->bp[i] == addr) {
            h->bp[i] = h->bp[--h->nbp];
            host_update(m);
            return true;
        }
    return false;
}

bool host_wp_add(Machine *m, uint64_t addr, uint64_t len, unsigned kind)
{
    HostDebug *h = &m->hostdbg;
    if (h->nwp == HOST_MAX_WP || len == 0 || kind < HOST_WP_WRITE || kind > HOST_WP_ACCESS)
        return false;
    h->wp[h->nwp++] = (HostWatch){.addr = addr, .len = len, .kind = (uint8_t)kind};
    host_update(m);
    return true;
}

bool host_wp_remove(Machine *m, uint64_t addr, uint64_t len, unsigned kind)
{
    HostDebug *h = &m->hostdbg;
    for (unsigned i = 0; i < h->nwp; i++)
        if (h->wp[i].addr == addr && h->wp[i].len == len && h->wp[i].kind == kind) {
            h->wp[i] = h->wp[--h->nwp];
            host_update(m);
            return true;
        }
    return false;
}

/* A gdb watchpoint hit: the core halts before the access. */
static int host_watch(CPU *c, uint64_t va, unsigned size, bool write)
{
    const HostDebug *h = &c->m->hostdbg;
    for (unsigned i = 0; i < h->nwp; i++) {
        const HostWatch *w = &h->wp[i];
        bool kind_ok = w->kind == HOST_WP_ACCESS || (w->kind == HOST_WP_WRITE) == write;
        if (kind_ok && va < w->addr + w->len && w->addr < va + size) {
            c->dbg_watch_addr = va > w->addr ? va : w->addr;
            c->dbg_watch_kind = w->kind;
            c->exc = (ExcRecord){.type = EXC_DEBUG_HALT};
            return EXEC_EXC;
        }
    }
    return EXEC_OK;
}

int debug_check_watch(CPU *c, uint64_t va, unsigned size, bool write)
{
    return host_watch(c, va, size, write);
}
