/* SPDX-License-Identifier: MIT */
/* virtio-console (virtio 1.2 section 5.3) with one port: output to stdout, input from stdin. */
#ifndef TETRARCH_VIRTIO_CONSOLE_H
#define TETRARCH_VIRTIO_CONSOLE_H

#include <stdbool.h>

#include "peripherals/virtio_mmio.h"

/* Plug a console for spec into t. Returns false after printing an error.
 *
 * Port 0 only (no MULTIPORT, no SIZE): queue 0 is the receiveq, queue 1 the transmitq, 128
 * entries each. Feature VIRTIO_CONSOLE_F_EMERG_WRITE: a write to emerg_wr (config offset 8)
 * prints its low byte.
 *
 * Output: the readable bytes of every transmitq buffer go to stdout, the C library stream
 * the PL011 and semihosting also use, so all console output keeps program order; it is
 * flushed after each QueueNotify. Input (spec->input, --virtio-console stdio only): at each
 * virtio_poll(), when the receiveq has a buffer and stdin is readable, one read() of up to
 * 4 KiB is spread over as many receive buffers as it needs (the rest waits for more buffers);
 * no buffer is ever returned empty. Without input the receiveq's buffers stay with the
 * device. */
bool virtio_console_create(VirtioTransport *t, const VirtioDeviceSpec *spec);

#endif
