/* SPDX-License-Identifier: MIT */
/* The generic timers of a core (Arm ARM D11, "The Generic Timer in AArch64 state"): counters,
 * the five timers with their PPI outputs, the event streams, and the next deadline. */
#include "cpu/timer.h"

#include <stdbool.h>
#include <stdint.h>

#include "cpu/regbits.h"
#include "sim/machine.h"

/* One row per timer: its registers, its PPI, and whether it compares against the virtual
 * count. The Offset of "Operation of the CompareValue views of the timers" (D11.2.4) is
 * CNTVOFF_EL2 for the EL1 virtual timer and zero for every other timer, the EL2 virtual
 * timer included: it is the host's timer, which must not move with a guest's offset. */
typedef struct {
    int16_t ctl, cval, tval;
    uint8_t ppi;
    bool virt_offset;
} TimerDesc;

enum { T_PHYS, T_VIRT, T_HYP_PHYS, T_HYP_VIRT, T_SEC_PHYS, T_COUNT };

static const TimerDesc timers[T_COUNT] = {
    [T_PHYS] = {SR_CNTP_CTL_EL0, SR_CNTP_CVAL_EL0, SR_CNTP_TVAL_EL0, PPI_CNTP, false},
    [T_VIRT] = {SR_CNTV_CTL_EL0, SR_CNTV_CVAL_EL0, SR_CNTV_TVAL_EL0, PPI_CNTV, true},
    [T_HYP_PHYS] = {SR_CNTHP_CTL_EL2, SR_CNTHP_CVAL_EL2, SR_CNTHP_TVAL_EL2, PPI_CNTHP, false},
    [T_HYP_VIRT] = {SR_CNTHV_CTL_EL2, SR_CNTHV_CVAL_EL2, SR_CNTHV_TVAL_EL2, PPI_CNTHV, false},
    [T_SEC_PHYS] = {SR_CNTPS_CTL_EL1, SR_CNTPS_CVAL_EL1, SR_CNTPS_TVAL_EL1, PPI_CNTPS, false},
};

/* The storage of CNTPCT_EL0 is otherwise unused (reads go through rd_CNTPCT_EL0): it holds
 * the physical count at the last timer_update, where the event streams start looking for
 * their next trigger. */
#define EVENT_MARK SR_CNTPCT_EL0

static int timer_of(int id)
{
    for (int t = 0; t < T_COUNT; t++)
        if (id == timers[t].ctl || id == timers[t].cval || id == timers[t].tval)
            return t;
    return T_PHYS; /* not reached: the hooks are only on the timers' rows */
}

/* The count timer t compares its CompareValue with. */
static uint64_t timer_count(const CPU *c, int t)
{
    return timer_physical_count(c) - (timers[t].virt_offset ? c->sr[SR_CNTVOFF_EL2] : 0);
}

/* TimerConditionMet: (Counter - Offset) - CompareValue >= 0, as unsigned 64-bit values (the
 * CompareValue "is treated as zero-extended in all counter calculations"). */
static bool condition_met(const CPU *c, int t) { return timer_count(c, t) >= c->sr[timers[t].cval]; }

/* The timer output: asserted when ENABLE and ISTATUS are 1 and IMASK is 0. */
static bool output_level(uint64_t ctl)
{
    return (ctl & (CNT_CTL_ENABLE | CNT_CTL_IMASK | CNT_CTL_ISTATUS)) == (CNT_CTL_ENABLE | CNT_CTL_ISTATUS);
}

/* Set timer t's ENABLE and IMASK to those of `ctl` and recompute ISTATUS. The stored CTL always
 * describes the level the PPI was last driven to, so the PPI is driven only on a change. When
 * ENABLE is 0, ISTATUS is UNKNOWN: it reads as 0. */
static void evaluate(CPU *c, int t, uint64_t ctl)
{
    const TimerDesc *d = &timers[t];
    ctl &= CNT_CTL_ENABLE | CNT_CTL_IMASK;
    if ((ctl & CNT_CTL_ENABLE) && condition_met(c, t))
        ctl |= CNT_CTL_ISTATUS;
    uint64_t old = c->sr[d->ctl];
    c->sr[d->ctl] = ctl;
    if (output_level(old) != output_level(ctl))
        machine_set_ppi(c->m, c->index, d->ppi, output_level(ctl));
}

/* ---- Event streams (D11.2.3): an event each time the trigger bit EVNTI of the counter makes
 * the transition EVNTDIR selects (0: 0 to 1, 1: 1 to 0). ---- */
typedef struct {
    unsigned bit;     /* EVNTI */
    bool falling;     /* EVNTDIR */
    uint64_t offset;  /* the stream's counter is CNTPCT - offset */
} EventStream;

/* The streams that are on. CNTKCTL_EL1's counts the virtual counter and is off in the host
 * regime (HCR_EL2.{E2H,TGE} effectively {1,1}); CNTHCTL_EL2's counts the physical counter and
 * has no effect unless EL2 is enabled in the current Security state. */
static unsigned event_streams(const CPU *c, EventStream s[2])
{
    unsigned n = 0;
    uint64_t k = c->sr[SR_CNTKCTL_EL1], h = c->sr[SR_CNTHCTL_EL2];
    if ((k & CNTKCTL_EVNTEN) && !(el2_enabled(c) && hcr_host_regime(c)))
        s[n++] = (EventStream){(k >> CNTKCTL_EVNTI_SHIFT) & 15, (k & CNTKCTL_EVNTDIR) != 0, c->sr[SR_CNTVOFF_EL2]};
    if ((h & CNTKCTL_EVNTEN) && el2_enabled(c))
        s[n++] = (EventStream){(h >> CNTKCTL_EVNTI_SHIFT) & 15, (h & CNTKCTL_EVNTDIR) != 0, 0};
    return n;
}

/* How many ticks after the stream's count `from` its trigger bit next makes the transition:
 * to 1 at counts k with k mod 2^(EVNTI+1) == 2^EVNTI, to 0 at k mod 2^(EVNTI+1) == 0. */
static uint64_t ticks_to_trigger(uint64_t from, const EventStream *s)
{
    uint64_t period = 2ULL << s->bit, target = s->falling ? 0 : period >> 1;
    return 1 + ((target - from - 1) & (period - 1));
}

/* An event-stream event: set the event register and end a WFE wait (as SEV does). */
static void signal_event(CPU *c)
{
    c->event_reg = true;
    if (c->wait_state == WAIT_WFE)
        c->wait_state = WAIT_NONE;
}

/* The first cycle at which the physical count is `phys`, or UINT64_MAX beyond the counter. */
static uint64_t cycle_of_count(uint64_t phys)
{
    return phys > (UINT64_MAX >> TIMER_TICK_SHIFT) ? UINT64_MAX : phys << TIMER_TICK_SHIFT;
}

void timer_update(CPU *c)
{
    for (int t = 0; t < T_COUNT; t++)
        evaluate(c, t, c->sr[timers[t].ctl]);

    uint64_t now = timer_physical_count(c), last = c->sr[EVENT_MARK];
    c->sr[EVENT_MARK] = now;
    if (now <= last)
        return; /* no tick since the last update (or the clock was set back: start afresh) */
    EventStream s[2];
    unsigned n = event_streams(c, s);
    for (unsigned i = 0; i < n; i++) {
        if (ticks_to_trigger(last - s[i].offset, &s[i]) <= now - last) {
            signal_event(c); /* several events in one interval are one event register set */
            break;
        }
    }
}

static uint64_t next_deadline(const CPU *c, bool events)
{
    uint64_t best = UINT64_MAX, now = timer_physical_count(c);
    uint64_t soon = c->cycles + 1; /* for a change that timer_update has not applied yet */

    for (int t = 0; t < T_COUNT; t++) {
        uint64_t ctl = c->sr[timers[t].ctl];
        if ((ctl & (CNT_CTL_ENABLE | CNT_CTL_IMASK)) != CNT_CTL_ENABLE)
            continue; /* disabled or masked: the output stays low */
        uint64_t count = timer_count(c, t), cval = c->sr[timers[t].cval], at;
        if (count >= cval)
            at = ctl & CNT_CTL_ISTATUS ? UINT64_MAX : soon; /* already high, or due now */
        else if (cval - count > (UINT64_MAX >> TIMER_TICK_SHIFT) - now)
            at = UINT64_MAX;
        else
            at = cycle_of_count(now + (cval - count));
        if (at < best)
            best = at;
    }

    if (!events)
        return best;
    EventStream s[2];
    unsigned n = event_streams(c, s);
    uint64_t last = c->sr[EVENT_MARK] <= now ? c->sr[EVENT_MARK] : now;
    for (unsigned i = 0; i < n; i++) {
        uint64_t ticks = ticks_to_trigger(last - s[i].offset, &s[i]), at;
        if (ticks > UINT64_MAX - last)
            at = UINT64_MAX;
        else
            at = last + ticks <= now ? soon : cycle_of_count(last + ticks);
        if (at < best)
            best = at;
    }
    return best;
}

uint64_t timer_next_deadline(const CPU *c) { return next_deadline(c, true); }

/* Event-stream events wake WFE only (D11.2.3); a core in WFI waits for an interrupt. */
uint64_t timer_next_wake(const CPU *c) { return next_deadline(c, c->wait_state != WAIT_WFI); }

bool timer_event_stream_on(const CPU *c)
{
    EventStream s[2];
    return event_streams(c, s) != 0;
}

void timer_reset(CPU *c)
{
    for (int t = 0; t < T_COUNT; t++) {
        if (output_level(c->sr[timers[t].ctl]))
            machine_set_ppi(c->m, c->index, timers[t].ppi, false);
        c->sr[timers[t].ctl] = 0;
    }
}

/* ---- System register hooks ---- */

uint64_t rd_CNTPCT_EL0(CPU *c, int id)
{
    (void)id;
    return timer_physical_count(c);
}

/* CNTVCT_EL0 (its access pseudocode): PhysicalCountInt() - CNTVOFF_EL2, except from EL2 with
 * HCR_EL2.E2H == 1 (ELIsInHost(EL2)) and from EL0 in the host regime (ELIsInHost(EL0)), which
 * read the physical count. EL1 and EL3 always subtract the offset. */
uint64_t rd_CNTVCT_EL0(CPU *c, int id)
{
    (void)id;
    bool host = c->ps.el == 2 ? (c->sr[SR_HCR_EL2] & HCR_E2H) != 0 : el0_in_host(c);
    return timer_physical_count(c) - (host ? 0 : c->sr[SR_CNTVOFF_EL2]);
}

/* CNTx_CTL: ENABLE and IMASK are written, ISTATUS (read-only) is the timer condition now. */
uint64_t rd_CNT_CTL(CPU *c, int id)
{
    evaluate(c, timer_of(id), c->sr[id]);
    return c->sr[id];
}

void wr_CNT_CTL(CPU *c, int id, uint64_t v)
{
    evaluate(c, timer_of(id), v);
}

void wr_CNT_CVAL(CPU *c, int id, uint64_t v)
{
    int t = timer_of(id);
    c->sr[id] = v;
    evaluate(c, t, c->sr[timers[t].ctl]);
}

/* CNTx_TVAL: the TimerValue view, bits [31:0] of CompareValue - (Counter - Offset), bits
 * [63:32] RES0. A write sets CompareValue to (Counter - Offset) + SignExtend(TimerValue). */
uint64_t rd_CNT_TVAL(CPU *c, int id)
{
    int t = timer_of(id);
    return (uint32_t)(c->sr[timers[t].cval] - timer_count(c, t));
}

void wr_CNT_TVAL(CPU *c, int id, uint64_t v)
{
    int t = timer_of(id);
    c->sr[timers[t].cval] = timer_count(c, t) + (uint64_t)sext(v, 32);
    evaluate(c, t, c->sr[timers[t].ctl]);
}

/* The event-stream controls and the virtual offset: settle events up to now under the old
 * values, then apply the new ones. */
void wr_CNTKCTL_EL1(CPU *c, int id, uint64_t v)
{
    timer_update(c);
    c->sr[id] = v & 0x3FF; /* EL0PTEN..EL0PCTEN; the rest is RES0 without FEAT_ECV */
}

void wr_CNTHCTL_EL2(CPU *c, int id, uint64_t v)
{
    timer_update(c);
    c->sr[id] = v & 0xFFF; /* both layouts (E2H 0 and 1) share the storage */
}

void wr_CNTVOFF_EL2(CPU *c, int id, uint64_t v)
{
    timer_update(c);
    c->sr[id] = v;
    timer_update(c);
}
