/* SPDX-License-Identifier: MIT */
/* PL011 UART (Arm PrimeCell UART, DDI 0183): the console, on stdout and stdin. */
#ifndef TETRARCH_PL011_H
#define TETRARCH_PL011_H

#include <stdbool.h>
#include <stdint.h>

#include "sim/machine.h"

struct PL011;

/* Create the UART and register its 4 KiB register block at `base` on m->phys. Returns NULL
 * after printing an error (no device slot left, out of memory).
 *
 * Output: every byte written to DR goes to stdout at once (the transmitter is infinitely
 * fast: TXFE is always 1, TXFF and BUSY always 0), whatever CR.UARTEN/TXE say, as QEMU does.
 * The console shares the C library's stdout stream with semihosting output, so the two
 * interleave in program order; pl011_poll() and pl011_flush() push it out.
 *
 * Input: when stdin is a terminal it is switched to raw mode (no line editing, no echo;
 * Ctrl-C still interrupts the simulator) and restored at exit and on SIGINT/SIGTERM through
 * pl011_restore_terminal(). When stdin is not a terminal it is read as a stream; end of file
 * means no more input. Input is only read by pl011_poll(), never blocking.
 *
 * Register accesses: 1, 2 or 4 bytes (an 8-byte access is an external abort). A narrower
 * access reads the addressed bytes of the register; a narrower write must start at the
 * register's offset and writes the register zero-extended. Reads of reserved offsets return 0;
 * writes to reserved offsets abort; writes to read-only registers are ignored. */
struct PL011 *pl011_create(Machine *m, uint64_t base);
void pl011_free(struct PL011 *u);

/* Called periodically by the run loop: flush pending output, move available stdin bytes
 * into the receive FIFO (without blocking), and update the interrupt state. */
void pl011_poll(struct PL011 *u);
/* Every core sleeps with no timer to wake it: wait for host input (which can raise the UART's
 * interrupt). False when no input can ever come (stdin at end of file, or read by virtio). */
bool pl011_wait_input(struct PL011 *u);

/* Push buffered console output to the host now (at halt, before diagnostics on stderr). */
void pl011_flush(struct PL011 *u);

/* The UART's combined interrupt output: (RIS & IMSC) != 0. For the GIC. */
bool irq_level(struct PL011 *u);

/* Restore the terminal if pl011_create() put it in raw mode. Async-signal-safe; safe to call
 * more than once. */
void pl011_restore_terminal(void);

#endif
