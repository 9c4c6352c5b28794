/* SPDX-License-Identifier: MIT */
/* PL031 real-time clock (PrimeCell RTC, DDI 0224): deterministic simulated time by default. */
#ifndef TETRARCH_PL031_H
#define TETRARCH_PL031_H

#include <stdbool.h>
#include <stdint.h>

#include "sim/clock.h"
#include "sim/machine.h"

struct PL031;

/* Create the RTC and register its 4 KiB register block at `base` on m->phys. Returns NULL
 * after printing an error.
 *
 * The counter (DR) is rtc_wall_seconds() plus the offset set by writing LR. DR, MR, LR, CR,
 * IMSC, RIS, MIS, ICR and the PrimeCell ID registers are implemented; CR reads as 1 (the
 * counter always runs). The match interrupt (RIS bit 0) is raised when the counter reaches
 * MR; it is evaluated when the RTC is accessed or pl031_irq_level() is asked.
 * Accesses must be 4 bytes wide and aligned (others are external aborts); reserved offsets
 * read as zero and abort on write; writes to read-only registers are ignored. */
struct PL031 *pl031_create(Machine *m, uint64_t base);
void pl031_free(struct PL031 *rtc);

/* The RTC interrupt output: (RIS & IMSC) != 0. */
bool pl031_irq_level(struct PL031 *rtc);

/* Wall-clock seconds since the Unix epoch as the machine sees them: with `--rtc sim` (the
 * default) TETRARCH_RTC_EPOCH + cpu[0]->cycles / TETRARCH_CPU_HZ, so that runs repeat
 * exactly; with `--rtc host` (m->opt.rtc_host) the host's time(). Also used by SYS_TIME. */
uint64_t rtc_wall_seconds(const Machine *m);

#endif
