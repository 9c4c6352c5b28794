/* SPDX-License-Identifier: MIT */
/* PSCI 1.1 (Arm DEN0022) answered by tetrarch itself when no EL3 firmware runs (a Linux
 * Image boot), and the state in which that firmware hands a core over to the kernel. */
#ifndef TETRARCH_PSCI_H
#define TETRARCH_PSCI_H

#include <stdint.h>

#include "cpu/cpu.h"

/* Function IDs (DEN0022 section 5): 0x84... are SMC32 calls, 0xC4... their SMC64 forms. */
enum {
    PSCI_FN_VERSION = 0x84000000,
    PSCI_FN_CPU_SUSPEND = 0x84000001,
    PSCI_FN64_CPU_SUSPEND = 0xC4000001,
    PSCI_FN_CPU_OFF = 0x84000002,
    PSCI_FN_CPU_ON = 0x84000003,
    PSCI_FN64_CPU_ON = 0xC4000003,
    PSCI_FN_AFFINITY_INFO = 0x84000004,
    PSCI_FN64_AFFINITY_INFO = 0xC4000004,
    PSCI_FN_MIGRATE_INFO_TYPE = 0x84000006,
    PSCI_FN_SYSTEM_OFF = 0x84000008,
    PSCI_FN_SYSTEM_RESET = 0x84000009,
    PSCI_FN_FEATURES = 0x8400000A,
};

/* Return codes (DEN0022 section 5.2.2). */
enum {
    PSCI_SUCCESS = 0,
    PSCI_NOT_SUPPORTED = -1,
    PSCI_INVALID_PARAMETERS = -2,
    PSCI_DENIED = -3,
    PSCI_ALREADY_ON = -4,
    PSCI_ON_PENDING = -5,
    PSCI_INTERNAL_FAILURE = -6,
    PSCI_NOT_PRESENT = -7,
    PSCI_DISABLED = -8,
    PSCI_INVALID_ADDRESS = -9,
};

/* AFFINITY_INFO results. */
enum { PSCI_AFF_ON = 0, PSCI_AFF_OFF = 1, PSCI_AFF_ON_PENDING = 2 };

/* PSCI_VERSION: major << 16 | minor. QEMU 7.2 reports 1.1 too. */
#define PSCI_VERSION_1_1 0x00010001u
/* MIGRATE_INFO_TYPE: "Trusted OS not present or does not require migration". */
#define PSCI_TOS_NOT_PRESENT 2

/* The SMC that core c just executed (PC already past it), answered as firmware would: the
 * function ID in W0, arguments in X1-X3 (their low 32 bits for SMC32 IDs), the result in X0;
 * X1-X17 are preserved. Every function ID gets an answer: one that is not implemented
 * returns NOT_SUPPORTED (-1), which SMCCC also prescribes for unknown IDs of other services.
 * Returns EXEC_OK. exec_SMC calls it when m->psci_emulated, after the HCR_EL2.TSC trap. */
int psci_call(CPU *c);

/* Give core c the EL3 configuration that firmware leaves when it hands over to a Non-secure
 * kernel (booting.rst): SCR_EL3 = NS | HCE | RW, SMD = 0, no traps; ICC_SRE_EL3.{Enable,SRE}
 * set (the GICv3 system registers usable at EL2); EL3 itself never runs.
 * Call after cpu_reset(); the rest of the boot state (EL2h, MMU off, DAIF masked) is reset's.
 * Power management (CPU_ON, CPU_OFF, AFFINITY_INFO) goes to the board: machine_cpu_on(),
 * machine_cpu_off() and machine_affinity_info() in sim/machine.h. */
void psci_firmware_handover(CPU *c);

#endif
