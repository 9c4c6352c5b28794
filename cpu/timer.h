/* SPDX-License-Identifier: MIT */
/* The generic timers of one core (cpu/timer.c): system register hooks, output levels driven
 * into the GIC's PPIs, the event stream, and the next cycle at which anything changes. */
#ifndef TETRARCH_TIMER_H
#define TETRARCH_TIMER_H

#include "cpu/cpu.h"

/* The system counter ticks once every 16 core cycles: 62.5 MHz from the 1 GHz clock of
 * sim/clock.h, the value CNTFRQ_EL0 resets to. */
#define TIMER_TICK_SHIFT 4
#define TIMER_FREQ_HZ 62500000u

/* PPI (INTID) of each timer's output, as on QEMU's virt board and in the Server Base System
 * Architecture. */
enum {
    PPI_CNTHP = 26, /* EL2 physical timer (CNTHP_*_EL2) */
    PPI_CNTV = 27,  /* EL1 virtual timer (CNTV_*_EL0) */
    PPI_CNTHV = 28, /* EL2 virtual timer (CNTHV_*_EL2, FEAT_VHE) */
    PPI_CNTPS = 29, /* EL3 secure physical timer (CNTPS_*_EL1) */
    PPI_CNTP = 30,  /* EL1 physical timer (CNTP_*_EL0) */
};

/* CNTx_CTL fields. */
#define CNT_CTL_ENABLE (1u << 0)
#define CNT_CTL_IMASK (1u << 1)
#define CNT_CTL_ISTATUS (1u << 2)

/* CNTKCTL_EL1 fields; CNTHCTL_EL2 has the same layout in bits 9:0 when HCR_EL2.E2H is 1, and
 * EL1PCTEN/EL1PCEN in bits 1:0 (EVNTEN, EVNTDIR, EVNTI alike) when it is 0. */
#define CNTKCTL_EL0PCTEN (1u << 0)
#define CNTKCTL_EL0VCTEN (1u << 1)
#define CNTKCTL_EVNTEN (1u << 2)
#define CNTKCTL_EVNTDIR (1u << 3)
#define CNTKCTL_EVNTI_SHIFT 4
#define CNTKCTL_EL0VTEN (1u << 8)
#define CNTKCTL_EL0PTEN (1u << 9)
#define CNTHCTL_EL1PCTEN (1u << 0)   /* E2H == 0 */
#define CNTHCTL_EL1PCEN (1u << 1)    /* E2H == 0 */
#define CNTHCTL_E2H_EL1PCTEN (1u << 10)
#define CNTHCTL_E2H_EL1PTEN (1u << 11)

/* ---- For the run loop ---- */

/* Bring every timer output (PPIs 26..30 of this core, through machine_set_ppi) and the event
 * stream up to c->cycles. Idempotent, and cheap when nothing changed: a PPI is driven only
 * when its level changes, and an event-stream event (Arm ARM D11.2.3, "Event streams") sets
 * the event register, or ends a WFE wait, at most once per call. */
void timer_update(CPU *c);

/* The smallest cycle count above c->cycles at which a timer output may rise or an
 * event-stream event happens, given the current register values; UINT64_MAX if none.
 * Outputs that are already high, or can only fall, give no deadline. */
uint64_t timer_next_deadline(const CPU *c);
/* The first cycle at which something can end this core's wait: as timer_next_deadline, but a
 * core in WFI does not count the event streams, which wake only WFE. */
uint64_t timer_next_wake(const CPU *c);
/* Is an event stream enabled (CNTKCTL_EL1/CNTHCTL_EL2 EVNTEN) for this core? */
bool timer_event_stream_on(const CPU *c);

/* Before a core reset (cpu_reset re-initializes the registers): lower any timer output that
 * is high, since CNTx_CTL.ENABLE resets to 0. */
void timer_reset(CPU *c);

/* The physical count (CNTPCT_EL0 as EL2 and EL3 read it) at the core's current cycle. */
static inline uint64_t timer_physical_count(const CPU *c) { return c->cycles >> TIMER_TICK_SHIFT; }

/* ---- System register hooks (named in cpu/sysregs.inc) ---- */
uint64_t rd_CNTPCT_EL0(CPU *c, int id);
uint64_t rd_CNTVCT_EL0(CPU *c, int id);
uint64_t rd_CNT_CTL(CPU *c, int id);
void wr_CNT_CTL(CPU *c, int id, uint64_t v);
void wr_CNT_CVAL(CPU *c, int id, uint64_t v);
uint64_t rd_CNT_TVAL(CPU *c, int id);
void wr_CNT_TVAL(CPU *c, int id, uint64_t v);
void wr_CNTKCTL_EL1(CPU *c, int id, uint64_t v);
void wr_CNTHCTL_EL2(CPU *c, int id, uint64_t v);
void wr_CNTVOFF_EL2(CPU *c, int id, uint64_t v);

#endif
