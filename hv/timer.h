/* SPDX-License-Identifier: MIT */
/* Generic timer helpers for the reference hypervisor: counter reads, CNTx_CTL bits, CNTHCTL_EL2
 * trap controls (Arm ARM D11, "The Generic Timer in AArch64 state"). */
#ifndef HV_TIMER_H
#define HV_TIMER_H

#include <stdint.h>

#include "hv.h"

/* CNTx_CTL_EL0 / CNTHP_CTL_EL2 */
#define CNT_CTL_ENABLE  (1ul << 0)
#define CNT_CTL_IMASK   (1ul << 1)
#define CNT_CTL_ISTATUS (1ul << 2)

/* CNTHCTL_EL2 with HCR_EL2.E2H = 0 (Arm ARM, CNTHCTL_EL2): 0 in these bits traps EL0/EL1
 * accesses to the physical counter (CNTPCT_EL0) and to the EL1 physical timer (CNTP_*_EL0) to
 * EL2 with EC 0x18. */
#define CNTHCTL_EL1PCTEN (1ul << 0)
#define CNTHCTL_EL1PCEN  (1ul << 1)

/* The physical count. The ISB keeps the read from being performed early (Arm ARM D11.2.2,
 * "reads of CNTPCT_EL0 can occur speculatively and out of order"). */
static inline uint64_t cnt_physical(void)
{
    isb();
    return read_sysreg(cntpct_el0);
}

/* The virtual count (CNTVCT_EL0): with CNTVOFF_EL2 = 0 the physical count, and never trapped by
 * CNTHCTL_EL2 without FEAT_ECV, so a guest whose physical counter is scaled still sees real time
 * through it. */
static inline uint64_t cnt_virtual(void)
{
    isb();
    return read_sysreg(cntvct_el0);
}

/* The EL2 physical timer (CNTHP, PPI 26): fire `ticks` from now; and off. */
static inline void cnthp_arm(uint32_t ticks)
{
    write_sysreg(cnthp_tval_el2, ticks);
    write_sysreg(cnthp_ctl_el2, CNT_CTL_ENABLE);
    isb();
}
static inline void cnthp_off(void)
{
    write_sysreg(cnthp_ctl_el2, 0);
    isb();
}

#endif
