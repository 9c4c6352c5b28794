/* SPDX-License-Identifier: MIT */
/* TEMPORARY during bring-up: weak UNDEFINED fallbacks for exec functions not yet written.
 * Removed once every row has its exec function (a missing one is then a link error). */
#include "cpu/decode.h"
#include "cpu/exception.h"

#define INSN(name, heading, pattern, prep, timing) \
    __attribute__((weak)) int exec_##name(CPU *c, const Insn *in) { (void)in; return undefined(c); }
#include "cpu/a64.inc"
#undef INSN
