/* SPDX-License-Identifier: MIT */
/* System register hooks of the GICv3 CPU interface (ICC_*, ICV_*, ICH_*), for cpu/sysreg.c. */
#ifndef TETRARCH_GIC_SYSREG_H
#define TETRARCH_GIC_SYSREG_H

#include <stdbool.h>
#include <stdint.h>

#include "cpu/cpu.h"

/* The TR_GIC trap rule: UNDEFINED when the board has no GIC; then, in the order of the
 * registers' access pseudocode, ICH_HCR_EL2.TC/TALL0/TALL1/TDIR and HCR_EL2.IMO/FMO (the SGI
 * registers) trap Non-secure EL1 to EL2, ICC_SRE_EL2.Enable traps ICC_SRE_EL1 to EL2,
 * ICC_SRE_EL3.Enable traps ICC_SRE_EL1/EL2 to EL3, and SCR_EL3.IRQ/FIQ trap the group's
 * registers at EL1 (unless virtualized) and EL2 to EL3. Returns EXEC_OK or the exception. */
int gic_check_access(CPU *c, int id, bool read, uint32_t insn) WUR;

/* The hooks: at Non-secure EL1 with HCR_EL2.IMO (group 1 registers), FMO (group 0) or either
 * (PMR, RPR, CTLR, DIR) set, the ICC_*_EL1 names reach the virtual interface (ICV_*). */
uint64_t rd_ICC_PMR_EL1(CPU *c, int id);
void wr_ICC_PMR_EL1(CPU *c, int id, uint64_t v);
uint64_t rd_ICC_IAR0_EL1(CPU *c, int id);
uint64_t rd_ICC_IAR1_EL1(CPU *c, int id);
void wr_ICC_EOIR0_EL1(CPU *c, int id, uint64_t v);
void wr_ICC_EOIR1_EL1(CPU *c, int id, uint64_t v);
uint64_t rd_ICC_HPPIR0_EL1(CPU *c, int id);
uint64_t rd_ICC_HPPIR1_EL1(CPU *c, int id);
uint64_t rd_ICC_BPR0_EL1(CPU *c, int id);
void wr_ICC_BPR0_EL1(CPU *c, int id, uint64_t v);
uint64_t rd_ICC_BPR1_EL1(CPU *c, int id);
void wr_ICC_BPR1_EL1(CPU *c, int id, uint64_t v);
uint64_t rd_ICC_AP0R0_EL1(CPU *c, int id);
void wr_ICC_AP0R0_EL1(CPU *c, int id, uint64_t v);
uint64_t rd_ICC_AP1R0_EL1(CPU *c, int id);
void wr_ICC_AP1R0_EL1(CPU *c, int id, uint64_t v);
void wr_ICC_DIR_EL1(CPU *c, int id, uint64_t v);
uint64_t rd_ICC_RPR_EL1(CPU *c, int id);
void wr_ICC_SGI0R_EL1(CPU *c, int id, uint64_t v);
void wr_ICC_SGI1R_EL1(CPU *c, int id, uint64_t v);
void wr_ICC_ASGI1R_EL1(CPU *c, int id, uint64_t v);
uint64_t rd_ICC_CTLR_EL1(CPU *c, int id);
void wr_ICC_CTLR_EL1(CPU *c, int id, uint64_t v);
uint64_t rd_ICC_CTLR_EL3(CPU *c, int id);
void wr_ICC_CTLR_EL3(CPU *c, int id, uint64_t v);
uint64_t rd_ICC_SRE_EL1(CPU *c, int id);
void wr_ICC_SRE_EL1(CPU *c, int id, uint64_t v);
uint64_t rd_ICC_SRE_ELx(CPU *c, int id); /* ICC_SRE_EL2 and ICC_SRE_EL3 */
void wr_ICC_SRE_ELx(CPU *c, int id, uint64_t v);
uint64_t rd_ICC_IGRPEN0_EL1(CPU *c, int id);
void wr_ICC_IGRPEN0_EL1(CPU *c, int id, uint64_t v);
uint64_t rd_ICC_IGRPEN1_EL1(CPU *c, int id);
void wr_ICC_IGRPEN1_EL1(CPU *c, int id, uint64_t v);
uint64_t rd_ICC_IGRPEN1_EL3(CPU *c, int id);
void wr_ICC_IGRPEN1_EL3(CPU *c, int id, uint64_t v);

uint64_t rd_ICH_APR_EL2(CPU *c, int id); /* ICH_AP0R0_EL2 and ICH_AP1R0_EL2 */
void wr_ICH_APR_EL2(CPU *c, int id, uint64_t v);
uint64_t rd_ICH_HCR_EL2(CPU *c, int id);
void wr_ICH_HCR_EL2(CPU *c, int id, uint64_t v);
uint64_t rd_ICH_VTR_EL2(CPU *c, int id);
uint64_t rd_ICH_MISR_EL2(CPU *c, int id);
uint64_t rd_ICH_EISR_EL2(CPU *c, int id);
uint64_t rd_ICH_ELRSR_EL2(CPU *c, int id);
uint64_t rd_ICH_VMCR_EL2(CPU *c, int id);
void wr_ICH_VMCR_EL2(CPU *c, int id, uint64_t v);
/* ICH_LR0_EL2..ICH_LR15_EL2 (consecutive rows: n = id - SR_ICH_LR0_EL2). */
uint64_t rd_ICH_LR_EL2(CPU *c, int id);
void wr_ICH_LR_EL2(CPU *c, int id, uint64_t v);

#endif
