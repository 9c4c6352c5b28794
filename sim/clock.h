/* SPDX-License-Identifier: MIT */
/* The simulated clock: how machine cycles become simulated time (RTC, semihosting clocks). */
#ifndef TETRARCH_CLOCK_H
#define TETRARCH_CLOCK_H

/* One simulated cycle is one nanosecond: the cores run at a nominal 1 GHz. */
#define TETRARCH_CPU_HZ 1000000000ULL

/* Wall-clock time at cycle 0 with `--rtc sim` (the default): 2024-01-01T00:00:00Z, in seconds
 * since the Unix epoch. Simulated wall time is this plus cpu[0]->cycles / TETRARCH_CPU_HZ. */
#define TETRARCH_RTC_EPOCH 1704067200ULL

#endif
