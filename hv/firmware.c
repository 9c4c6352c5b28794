/* SPDX-License-Identifier: MIT */
/* The EL3 firmware's runtime: the CPU descriptor table, the parking of secondary cores and
 * their release by PSCI CPU_ON, and the dispatch of SMCs and external aborts taken to EL3.
 * (The GIC set-up for the normal world is gic_el3_init, hv/gic.c.) */
#include "firmware.h"
#include "gic.h"

struct fw_cpu_table fw_cpu_table;

/* Where CPU_ON sends each secondary core, 0 until then. In .data, not .bss: core 1 polls its
 * slot from reset, while core 0 may still be clearing .bss. */
static volatile uint64_t fw_on_entry[FW_MAX_CPUS] __attribute__((section(".data")));
static volatile uint64_t fw_on_context[FW_MAX_CPUS] __attribute__((section(".data")));

/* GICR_TYPER (IHI 0069 12.11.35): Affinity_Value [63:32] (Aff3.Aff2.Aff1.Aff0), Last [4]. */
#define GICR_TYPER       0x0008
#define GICR_TYPER_LAST  (1ul << 4)

/* The CPU table, from the redistributors: one per core, in order, the last one marked. Core 0
 * boots; core 1 parks here and is started with PSCI CPU_ON; further cores have no stacks in
 * this image and are listed without an enable method. */
static void fw_build_cpu_table(void)
{
    struct fw_cpu_table *t = &fw_cpu_table;
    t->signature = FW_TABLE_SIG;
    t->count = 0;
    if (((read_sysreg(id_aa64pfr0_el1) >> 24) & 0xf) == 0)
        return; /* no GICv3 CPU interface: no redistributors to count either */
    for (uint64_t rd = GICR_BASE; t->count < FW_MAX_CPUS; rd += GICR_STRIDE) {
        uint64_t typer = *(volatile uint64_t *)(rd + GICR_TYPER), aff = typer >> 32;
        struct fw_cpu_desc *d = &t->cpu[t->count];
        d->mpidr = (aff & 0xffffff) | ((aff >> 24) & 0xff) << 32;
        d->method = t->count < 2 ? CPU_METHOD_PSCI : CPU_METHOD_NONE;
        d->mailbox = 0;
        t->count++;
        if (typer & GICR_TYPER_LAST)
            break;
    }
}

void fw_init_boot_cpu(void)
{
    fw_build_cpu_table();
}

/* ---- Secondary cores ---- */

/* ERET to a PSCI entry point: Non-secure EL2h, MMU off, interrupts masked, x0 = context id. */
static void __attribute__((noreturn)) fw_enter_el2(uint64_t entry, uint64_t context)
{
    write_sysreg(elr_el3, entry);
    write_sysreg(spsr_el3, SPSR_EL2H);
    register uint64_t x0 __asm__("x0") = context;
    __asm__ volatile("eret" : : "r"(x0) : "memory");
    __builtin_unreachable();
}

/* Core 1 from reset (entry.S, on its own EL3 stack): the per-core EL3 set-up of el3_main (core
 * 1 does not use the GIC, so its CPU interface stays as it is), then WFE until CPU_ON gives it
 * an entry point. A WFE right after the SEV that follows the store returns at once (the event
 * register is set), so no wake-up is lost. */
void el3_secondary_main(void)
{
    unsigned cpu = (unsigned)(read_sysreg(mpidr_el1) & 0xff);
    write_sysreg(vbar_el3, el3_vectors);
    write_sysreg(mdcr_el3, 0);
    write_sysreg(sctlr_el2, SCTLR_EL2_MMU_OFF);
    write_sysreg(scr_el3, SCR_EL3_VALUE);
    isb();
    uint64_t entry;
    while (!(entry = fw_on_entry[cpu]))
        __asm__ volatile("wfe" : : : "memory");
    fw_enter_el2(entry, fw_on_context[cpu]);
}

/* PSCI CPU_ON (DEN 0022): release a parked core to `entry` with `context` in x0. It may start
 * before this returns. */
static int64_t fw_cpu_on(uint64_t target, uint64_t entry, uint64_t context)
{
    target &= 0xff00fffffful;
    for (unsigned i = 0; i < fw_cpu_table.count; i++) {
        if (fw_cpu_table.cpu[i].mpidr != target)
            continue;
        if (i == 0 || fw_on_entry[i])
            return PSCI_ALREADY_ON;
        if (i != 1 || !entry)
            return PSCI_INVALID_PARAMS;
        fw_on_context[i] = context;
        __asm__ volatile("dsb sy" : : : "memory");
        fw_on_entry[i] = entry;
        __asm__ volatile("dsb sy\n sev" : : : "memory");
        return PSCI_SUCCESS;
    }
    return PSCI_INVALID_PARAMS;
}

/* ---- Exceptions taken to EL3 from below ---- */

#define EC_SMC64       0x17
#define EC_DABT_LOWER  0x24

static void fw_smc(struct trap_frame *f)
{
    uint32_t fid = (uint32_t)f->x[0];
    int64_t r;
    switch (fid) {
    case PSCI_VERSION:    r = 0x10000; break;
    case PSCI_CPU_ON_64:  r = fw_cpu_on(f->x[1], f->x[2], f->x[3]); break;
    case FW_SIP_ECAM_ON:  r = (int64_t)ecam_monitor_on(f->x[1]); break;
    case FW_SIP_ECAM_OFF: r = (int64_t)ecam_monitor_off(); break;
    default:              r = SMCCC_NOT_SUPPORTED; break;
    }
    f->x[0] = (uint64_t)r;
    /* ELR_EL3 already points after the SMC (its preferred return address). */
}

void el3_lower_sync(struct trap_frame *f, unsigned vec)
{
    switch (ESR_EC(f->esr)) {
    case EC_SMC64:
        fw_smc(f);
        return;
    case EC_DABT_LOWER:
        if (ecam_handle_abort(f))
            return;
        break;
    }
    el3_unexpected(f, vec);
}
