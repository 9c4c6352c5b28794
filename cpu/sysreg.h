/* SPDX-License-Identifier: MIT */
/* System registers: the enum and descriptors generated from cpu/sysregs.inc, and MRS/MSR. */
#ifndef TETRARCH_SYSREG_H
#define TETRARCH_SYSREG_H

#include <stdbool.h>
#include <stdint.h>

enum SysRegId {
#define SR(name, op0, op1, crn, crm, op2, el, acc, trap, reset, rd, wr) SR_##name,
#include "cpu/sysregs.inc"
#undef SR
    SR_COUNT
};

/* Trap rules: which control bits can trap an access, applied by sysreg_check_access(). */
enum SysRegTrap {
    TR_NONE,
    TR_TVM,       /* HCR_EL2.TVM (writes) / TRVM (reads): virtual memory controls */
    TR_TID1,      /* HCR_EL2.TID1 */
    TR_TID2,      /* HCR_EL2.TID2: cache identification */
    TR_TID3,      /* HCR_EL2.TID3: ID group 3 */
    TR_TACR,      /* HCR_EL2.TACR: ACTLR_EL1 */
    TR_CPAC,      /* CPTR_EL3.TCPAC / CPTR_EL2.TCPAC: CPACR_EL1 */
    TR_CTR,       /* CTR_EL0: SCTLR_EL1.UCT at EL0, HCR_EL2.TID2 */
    TR_UMA,       /* DAIF at EL0: SCTLR_EL1.UMA */
    TR_FP,        /* FPCR/FPSR: CPACR/CPTR FP traps */
    TR_SP_EL0,    /* SP_EL0: UNDEFINED when PSTATE.SP == 0 */
    TR_TPIDRRO,   /* TPIDRRO_EL0: read-only at EL0 */
    TR_CNTFRQ,    /* CNTFRQ_EL0: writable at the highest EL only; EL0 per CNTKCTL */
    TR_CNTPCT,    /* CNTPCT_EL0: CNTKCTL_EL1.EL0PCTEN, CNTHCTL_EL2.EL1PCTEN */
    TR_CNTVCT,    /* CNTVCT_EL0: CNTKCTL_EL1.EL0VCTEN */
    TR_CNTP,      /* CNTP_*_EL0: CNTKCTL_EL1.EL0PTEN, CNTHCTL_EL2.EL1PCEN / EL1PTEN (E2H) */
    TR_CNTV,      /* CNTV_*_EL0: CNTKCTL_EL1.EL0VTEN (CNTHCTL_EL2's in the host regime) */
    TR_CNTPS,     /* CNTPS_*_EL1: EL3, or Secure EL1 with SCR_EL3.ST (else trapped to EL3) */
    TR_DBG,       /* debug registers: MDCR_EL2.TDA / MDCR_EL3.TDA (and TDE) */
    TR_DCC,       /* DCC registers: MDSCR_EL1.TDCC at EL0, then MDCR_EL2.TDA/TDCC, MDCR_EL3.TDA */
    TR_OSL,       /* OS lock registers: MDCR_EL2.TDOSA / MDCR_EL3.TDOSA */
    TR_PMU,       /* PMU: PMUSERENR_EL0 at EL0, MDCR_EL2.TPM, MDCR_EL3.TPM */
    TR_PMCR,      /* PMCR_EL0: as TR_PMU plus MDCR_EL2.TPMCR */
    TR_PMUSERENR, /* PMUSERENR_EL0: read-only at EL0, then TR_PMU */
    TR_E2H,       /* EL2 register that exists only with FEAT_VHE; no extra trap */
    TR_EL12,      /* *_EL12/_EL02 aliases: only at EL2 with HCR_EL2.E2H == 1 */
    TR_GIC,       /* GICv3 CPU interface: gic_check_access() in peripherals/gic.c */
};

enum SysRegAccess { RO = 1, WO = 2, RW = 3 };

typedef struct CPU CPU;
typedef uint64_t (*SysRegReadFn)(CPU *c, int id);
typedef void (*SysRegWriteFn)(CPU *c, int id, uint64_t v);

typedef struct {
    const char *name;
    uint8_t op0, op1, crn, crm, op2;
    uint8_t min_el;
    uint8_t access;
    uint8_t trap;
    uint64_t reset;
    SysRegReadFn read;
    SysRegWriteFn write;
} SysRegInfo;

extern const SysRegInfo sysreg_table[SR_COUNT];

/* Pack op0..op2 as in the MRS/MSR encoding (bits 20:5 of the instruction, Rt excluded). */
static inline uint32_t sysreg_key(unsigned op0, unsigned op1, unsigned crn, unsigned crm, unsigned op2)
{
    return (op0 << 14) | (op1 << 11) | (crn << 7) | (crm << 3) | op2;
}

/* Look up a register by encoding; returns -1 when it is not implemented. */
int sysreg_lookup(uint32_t key);
/* Look up by name (case-insensitive); returns -1 when unknown. Used by gdb and tests. */
int sysreg_by_name(const char *name);

/* Reset every register to its table value. */
void sysreg_reset(CPU *c);

/* Read and write through hooks, with no access checks (gdb, loaders, tests). */
uint64_t sysreg_read(CPU *c, int id);
void sysreg_write(CPU *c, int id, uint64_t v);

/* MRS (read) / MSR (register) with every access check and trap; `insn` is the instruction
 * word (its bits 20:5 name the register, and it forms the EC 0x18 syndrome). Returns EXEC_OK
 * or EXEC_EXC with the exception recorded. */
int sysreg_access(CPU *c, uint32_t insn, bool read, uint64_t *value) __attribute__((warn_unused_result));
/* FP/SIMD access check (CPACR_EL1.FPEN, CPTR_EL2.TFP, CPTR_EL3.TFP): EXEC_OK or the trap. */
int fp_check_access(CPU *c) __attribute__((warn_unused_result));

#endif
