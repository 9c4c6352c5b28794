/* SPDX-License-Identifier: MIT */
/* What the core produces for the board: why a core stopped for good, and the privilege
 * transitions it makes (exception entries and returns). Defined here, below sim/, so that the
 * core does not need the board's headers to name them. */
#ifndef TETRARCH_EVENTS_H
#define TETRARCH_EVENTS_H

#include <stdbool.h>
#include <stdint.h>

enum HaltReason {
    HALT_NONE = 0,
    HALT_SEMIHOST_EXIT,      /* exit_code holds the guest's status */
    HALT_SYSTEM_OFF,
    HALT_SYSTEM_RESET,       /* PSCI SYSTEM_RESET: the run ends with EXIT_SYSTEM_RESET */
    HALT_JAM,
    HALT_WAIT,               /* WFI/WFE with nothing that could ever wake it */
    HALT_HOST_ERROR,         /* the host failed (out of memory): the run ends with EXIT_HOST_ERROR */
};

/* One privilege transition (exception entry or exception return). */
typedef struct {
    int cpu;
    uint64_t icount, cycles;
    bool is_eret;
    unsigned from_el, to_el;
    bool from_secure, to_secure;
    unsigned type;           /* enum ExcType (exceptions only) */
    unsigned ec;
    uint32_t iss;
    uint64_t far, elr;       /* elr: ELR written on entry, or the return address for eret */
    uint64_t vector;         /* vector offset (exceptions only) */
    uint64_t pc;             /* the new PC */
} TransitionEvent;

#endif
