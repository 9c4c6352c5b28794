/* SPDX-License-Identifier: MIT */
/* The contract between the EL3 firmware (hv/firmware.c) and the software it starts: the SMC
 * services it offers and the CPU descriptor table it publishes. */
#ifndef HV_FIRMWARE_H
#define HV_FIRMWARE_H

#include <stdint.h>

#include "hv.h"

/* ---- SMC services (SMC Calling Convention, DEN 0028: x0 = function ID, results in x0) ---- */
#define PSCI_VERSION          0x84000000u   /* returns 0x10000: PSCI 1.0 */
#define PSCI_CPU_ON_64        0xC4000003u   /* x1 target MPIDR, x2 entry, x3 context id */
#define PSCI_SUCCESS          0
#define PSCI_INVALID_PARAMS   (-2)
#define PSCI_ALREADY_ON       (-4)
/* SiP (silicon provider) fast calls, SMC64: the monitor's PCI ECAM emulation (scenario 16). */
#define FW_SIP_ECAM_ON        0xC2000001u   /* x1 ECAM base: claim the window, SCR_EL3.EA <- 1 */
#define FW_SIP_ECAM_OFF       0xC2000002u   /* release it; returns the number of accesses */
#define SMCCC_NOT_SUPPORTED   (-1)

static inline uint64_t smc_call(uint64_t fid, uint64_t a1, uint64_t a2, uint64_t a3)
{
    register uint64_t x0 __asm__("x0") = fid;
    register uint64_t x1 __asm__("x1") = a1;
    register uint64_t x2 __asm__("x2") = a2;
    register uint64_t x3 __asm__("x3") = a3;
    __asm__ volatile("smc #0" : "+r"(x0), "+r"(x1), "+r"(x2), "+r"(x3) : : "memory");
    return x0;
}

/* ---- The CPU descriptor table (a minimal stand-in for ACPI's MADT or a device tree's cpu
 * nodes): which cores exist and how system software brings each one up. The firmware builds
 * it at reset from the GIC redistributors (one per core); system software may rewrite the
 * enable methods for the software it starts in turn (scenario 15). ---- */
#define FW_TABLE_SIG     0x53555043u       /* "CPUS" */
#define FW_MAX_CPUS      4
enum { CPU_METHOD_NONE = 0, CPU_METHOD_PSCI = 1, CPU_METHOD_MAILBOX = 2 };
struct fw_cpu_desc {
    uint64_t mpidr;        /* affinity fields of MPIDR_EL1 (Aff3 at [39:32], Aff2..Aff0) */
    uint64_t method;       /* CPU_METHOD_*: PSCI CPU_ON through SMC, or a mailbox */
    uint64_t mailbox;      /* CPU_METHOD_MAILBOX: the mailbox's address */
};
struct fw_cpu_table {
    uint32_t signature;    /* FW_TABLE_SIG */
    uint32_t count;        /* entries used; cpu[0] is the boot CPU */
    struct fw_cpu_desc cpu[FW_MAX_CPUS];
};
/* Where the firmware puts it. Real firmware hands system software a pointer; the image is
 * linked as one, so the symbol is the pointer. */
extern struct fw_cpu_table fw_cpu_table;

/* ---- hv/firmware.c ---- */
/* Reset-time work on core 0 (el3_main, after gic_el3_init): build the CPU table. */
void fw_init_boot_cpu(void);
/* Core 1 from reset (entry.S): park until PSCI CPU_ON. */
void el3_secondary_main(void) __attribute__((noreturn));

/* ---- The monitor's ECAM emulation (hv/scenario_ecam.c), called at EL3 ---- */
uint64_t ecam_monitor_on(uint64_t base);
uint64_t ecam_monitor_off(void);
/* A data abort from below: 1 when it was an access to the emulated ECAM window (emulated, ELR
 * advanced), 0 otherwise. */
int ecam_handle_abort(struct trap_frame *f);

#endif
