/* SPDX-License-Identifier: MIT */
/* Bit positions of the control registers that routing and trap rules read (Arm ARM D17),
 * and the regime predicates built from them. */
#ifndef TETRARCH_REGBITS_H
#define TETRARCH_REGBITS_H

#include "cpu/cpu.h"

/* HCR_EL2 */
#define HCR_VM (1ULL << 0)
#define HCR_FMO (1ULL << 3)
#define HCR_IMO (1ULL << 4)
#define HCR_AMO (1ULL << 5)
#define HCR_VF (1ULL << 6)
#define HCR_VI (1ULL << 7)
#define HCR_VSE (1ULL << 8)
#define HCR_TWI (1ULL << 13)
#define HCR_TWE (1ULL << 14)
#define HCR_TID1 (1ULL << 16)
#define HCR_TID2 (1ULL << 17)
#define HCR_TID3 (1ULL << 18)
#define HCR_TSC (1ULL << 19)
#define HCR_TACR (1ULL << 21)
#define HCR_TSW (1ULL << 22)
#define HCR_TPCP (1ULL << 23)
#define HCR_TPU (1ULL << 24)
#define HCR_TTLB (1ULL << 25)
#define HCR_TVM (1ULL << 26)
#define HCR_TGE (1ULL << 27)
#define HCR_TDZ (1ULL << 28)
#define HCR_TRVM (1ULL << 30)
#define HCR_RW (1ULL << 31)
#define HCR_E2H (1ULL << 34)
/* SCR_EL3 */
#define SCR_NS (1ULL << 0)
#define SCR_IRQ (1ULL << 1)
#define SCR_FIQ (1ULL << 2)
#define SCR_EA (1ULL << 3)
#define SCR_SMD (1ULL << 7)
#define SCR_HCE (1ULL << 8)
#define SCR_RW (1ULL << 10)
#define SCR_TWI (1ULL << 12)
#define SCR_TWE (1ULL << 13)
/* MDCR_EL2 / MDCR_EL3 */
#define MDCR_TPMCR (1ULL << 5)
#define MDCR_TPM (1ULL << 6)
#define MDCR_TDE (1ULL << 8)
#define MDCR_TDA (1ULL << 9)
#define MDCR_TDOSA (1ULL << 10)

/* HCR_EL2.{E2H,TGE} = {1,1}: the EL2&0 (host) regime. */
static inline bool hcr_host_regime(const CPU *c)
{
    return (c->sr[SR_HCR_EL2] & (HCR_E2H | HCR_TGE)) == (HCR_E2H | HCR_TGE);
}

/* ELIsInHost(EL0): EL0 in the EL2&0 regime. EL0's controls (SCTLR[] in the Arm ARM pseudocode:
 * UCT, UCI, DZE, UMA, nTWI, nTWE, SA0) are then in SCTLR_EL2, and the HCR_EL2 traps that belong
 * to the EL1&0 regime (TWI, TWE, TPCP, TPU, TDZ, TID2, ...) do not apply to EL0. */
static inline bool el0_in_host(const CPU *c)
{
    return c->ps.el == 0 && el2_enabled(c) && hcr_host_regime(c);
}
static inline uint64_t el0_sctlr(const CPU *c) { return c->sr[el0_in_host(c) ? SR_SCTLR_EL2 : SR_SCTLR_EL1]; }

/* SCTLR[]: the SCTLR_ELx of the current translation regime. */
static inline uint64_t sctlr_regime(const CPU *c)
{
    switch (c->ps.el) {
    case 0: return el0_sctlr(c);
    case 1: return c->sr[SR_SCTLR_EL1];
    case 2: return c->sr[SR_SCTLR_EL2];
    default: return c->sr[SR_SCTLR_EL3];
    }
}

#endif
