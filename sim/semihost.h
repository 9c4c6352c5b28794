/* SPDX-License-Identifier: MIT */
/* Arm semihosting (Semihosting for AArch32 and AArch64, version 2.0) for A64 guests. */
#ifndef TETRARCH_SEMIHOST_H
#define TETRARCH_SEMIHOST_H

#include "cpu/cpu.h"

/* Perform the semihosting call of an `HLT #0xF000` on core c: the operation number is W0,
 * X1 holds the parameter (usually the address of a block of 64-bit words), the result goes
 * to X0. Guest memory is read and written through the current translation regime; when an
 * access faults the call returns X0 = -1 and no exception is taken.
 *
 * Implemented: SYS_OPEN, CLOSE, WRITEC, WRITE0, WRITE, READ, READC, ISERROR, ISTTY, SEEK,
 * FLEN, REMOVE, RENAME, CLOCK, TIME, ERRNO, GET_CMDLINE (always empty), HEAPINFO, EXIT,
 * SYNCCACHE, EXIT_EXTENDED, ELAPSED, TICKFREQ. Anything else: X0 = -1 and a -W warning.
 *
 * The console handles come from SYS_OPEN(":tt") — mode r* is stdin, w* stdout, a* stderr —
 * and ":semihosting-features" reports EXIT_EXTENDED and STDOUT_STDERR. Host files are
 * reachable only when m->opt.semihost_root is set, and only below it: absolute names and ".."
 * components are refused, and the resolved location must stay inside the root.
 *
 * SYS_EXIT / SYS_EXIT_EXTENDED halt the core (halted, HALT_SEMIHOST_EXIT) with exit_code =
 * the block's subcode when the reason is ADP_Stopped_ApplicationExit (0x20026), else 1 — as
 * QEMU does, including that only the subcode's low 8 bits reach the exit status.
 *
 * Returns EXEC_OK: a semihosting call never raises an exception itself. */
int semihost_call(CPU *c);

/* Close every host file the guest left open (at the end of a run). */
void semihost_close_all(void);

#endif
