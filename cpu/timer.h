/* SPDX-License-Identifier: MIT */
/* The generic timers of one core (cpu/timer.c): system register hooks, output levels driven
 * into the GIC's PPIs, the event stream, and the next cycle at which anything changes. */
#ifndef TETRARCH_TIMER_H
#define TETRARCH_TIMER_H

#include "cpu/cpu.h"

#endif
