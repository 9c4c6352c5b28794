/* SPDX-License-Identifier: MIT */
/* virtio-blk (virtio 1.2 section 5.2) backed by a raw disk image file: --drive. */
#ifndef TETRARCH_VIRTIO_BLK_H
#define TETRARCH_VIRTIO_BLK_H

#include <stdbool.h>
#include <stddef.h>

#include "peripherals/virtio_mmio.h"

/* Open an image as --drive asks: read-only, or read-write for rw; a regular file or a block
 * device, not a directory; locked (shared for ro, exclusive for rw) against other processes
 * that lock it. Returns the descriptor, or -1 with the reason in why. */
int virtio_blk_open_image(const char *path, bool rw, char *why, size_t whylen);

/* Plug a block device for spec into t. Returns false after printing an error.
 *
 * The disk: capacity is the file size in 512-byte sectors, rounded up (reads past the end of
 * the file give zeros). Features: VERSION_1, INDIRECT_DESC, EVENT_IDX, SEG_MAX (queue size
 * - 2), BLK_SIZE (512), FLUSH, and RO unless rw. One request queue of 256 entries.
 *
 * Requests complete synchronously on QueueNotify: IN (pread into guest memory), OUT (pwrite
 * through to the file at once, so a normal exit, SYSTEM_OFF or SIGTERM loses nothing), FLUSH
 * (fdatasync), GET_ID (the serial, NUL-padded to 20 bytes). A write to a read-only drive, a
 * length that is not a whole number of sectors, a range past the end of the disk, or a host
 * I/O error completes with VIRTIO_BLK_S_IOERR; an unknown type with VIRTIO_BLK_S_UNSUPP. A
 * request without a 16-byte header or a status byte marks the device DEVICE_NEEDS_RESET. The
 * file is synced and closed by virtio_free_all(). */
bool virtio_blk_create(VirtioTransport *t, const VirtioDeviceSpec *spec);

#endif
