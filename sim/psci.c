/* SPDX-License-Identifier: MIT */
/* PSCI 1.1 firmware emulated by tetrarch for a Linux Image boot: the function dispatcher and
 * the EL3 state that firmware would leave behind. */
#include "sim/psci.h"

#include <stdio.h>

#include "cpu/regbits.h"
#include "cpu/sysreg.h"
#include "mmu/mem.h"
#include "sim/machine.h"

/* Bit 30 of a function ID selects the SMC64 calling convention (SMCCC). */
#define SMCCC_64BIT 0x40000000u

/* CPU_SUSPEND power_state, original format: bits 31:17 must be zero here. Like QEMU, only
 * power level 0 is accepted, and a powerdown request (bit 16) is treated as standby. */
#define POWER_STATE_RESERVED 0xFFFE0000u

static bool implemented(uint32_t fid)
{
    switch (fid) {
    case PSCI_FN_VERSION:
    case PSCI_FN_CPU_SUSPEND:
    case PSCI_FN64_CPU_SUSPEND:
    case PSCI_FN_CPU_OFF:
    case PSCI_FN_CPU_ON:
    case PSCI_FN64_CPU_ON:
    case PSCI_FN_AFFINITY_INFO:
    case PSCI_FN64_AFFINITY_INFO:
    case PSCI_FN_MIGRATE_INFO_TYPE:
    case PSCI_FN_SYSTEM_OFF:
    case PSCI_FN_SYSTEM_RESET:
    case PSCI_FN_FEATURES:
        return true;
    default:
        return false;
    }
}

/* CPU_SUSPEND to a standby state: a WFI that returns SUCCESS when the core wakes. */
static int64_t cpu_suspend(CPU *c, uint64_t power_state)
{
    if (power_state & POWER_STATE_RESERVED)
        return PSCI_INVALID_PARAMETERS;
    c->wait_state = WAIT_WFI;
    cpu_request_check(c);
    return PSCI_SUCCESS;
}

/* SYSTEM_OFF and SYSTEM_RESET end the run (the board has nothing to reset into). */
static void system_stop(CPU *c, int reason)
{
    fflush(stdout);
    c->halted = true;
    c->halt_reason = reason;
    cpu_request_check(c);
}

int psci_call(CPU *c)
{
    Machine *m = c->m;
    uint32_t fid = W(c, 0);
    uint64_t a1 = X(c, 1), a2 = X(c, 2), a3 = X(c, 3);
    if (!(fid & SMCCC_64BIT)) {
        a1 = (uint32_t)a1;
        a2 = (uint32_t)a2;
        a3 = (uint32_t)a3;
    }
    int64_t r;
    switch (fid) {
    case PSCI_FN_VERSION:
        r = PSCI_VERSION_1_1;
        break;
    case PSCI_FN_FEATURES:
        /* 0 for an implemented function: no feature flags (CPU_SUSPEND: platform-coordinated
         * mode, original power_state format). */
        r = implemented((uint32_t)a1) ? PSCI_SUCCESS : PSCI_NOT_SUPPORTED;
        break;
    case PSCI_FN_CPU_SUSPEND:
    case PSCI_FN64_CPU_SUSPEND:
        r = cpu_suspend(c, a1);
        break;
    case PSCI_FN_CPU_OFF:
        machine_cpu_off(m, c);
        r = PSCI_DENIED; /* seen only if the core ever ran on without a CPU_ON */
        break;
    case PSCI_FN_CPU_ON:
    case PSCI_FN64_CPU_ON:
        r = machine_cpu_on(m, a1, a2, a3);
        break;
    case PSCI_FN_AFFINITY_INFO:
    case PSCI_FN64_AFFINITY_INFO:
        /* Levels above 0 (clusters) are always on, as QEMU answers. */
        r = a2 == 0 ? machine_affinity_info(m, a1) : PSCI_AFF_ON;
        break;
    case PSCI_FN_MIGRATE_INFO_TYPE:
        r = PSCI_TOS_NOT_PRESENT;
        break;
    case PSCI_FN_SYSTEM_OFF:
        system_stop(c, HALT_SYSTEM_OFF);
        r = PSCI_SUCCESS;
        break;
    case PSCI_FN_SYSTEM_RESET:
        machine_msg(m, "the guest asked for a system reset (PSCI SYSTEM_RESET): stopping");
        system_stop(c, HALT_SYSTEM_RESET);
        r = PSCI_SUCCESS;
        break;
    default:
        machine_warn(m, "PSCI/SMCCC function 0x%08x is not implemented: returning NOT_SUPPORTED", fid);
        r = PSCI_NOT_SUPPORTED;
        break;
    }
    set_X(c, 0, (uint64_t)r);
    return EXEC_OK;
}

/* ICC_SRE_EL3: SRE, DFB, DIB and Enable (booting.rst asks for Enable and SRE when EL3 exists,
 * so that EL2 may use the GICv3 system register interface). */
#define ICC_SRE_EL3_HANDOVER 0xFu

void psci_firmware_handover(CPU *c)
{
    c->sr[SR_SCR_EL3] = SCR_NS | SCR_HCE | SCR_RW;
    sysreg_write(c, SR_ICC_SRE_EL3, ICC_SRE_EL3_HANDOVER);
    /* NS selects the EL1&0 translation context: drop anything cached under the old one. */
    mem_flush_soft_tlb(c);
    cpu_request_check(c);
}
