/* SPDX-License-Identifier: MIT */
/* virtio-mmio transports (virtio 1.2 section 4.2, register layout version 2) of the virt board,
 * the split-virtqueue engine their devices share, and the --drive/--virtio-console options. */
#ifndef TETRARCH_VIRTIO_MMIO_H
#define TETRARCH_VIRTIO_MMIO_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

typedef struct Machine Machine;

/* QEMU virt: 32 transports of 0x200 bytes from 0x0A000000; transport n drives SPI 16 + n, which
 * is INTID 48 + n. Every transport exists; one without a device reads DeviceID 0. */
#define VIRTIO_TRANSPORTS 32
#define VIRTIO_MMIO_STRIDE 0x200
#define VIRTIO_INTID_BASE 48

/* ---- Options (filled by sim/main.c, carried in MachineOptions.virtio) ---- */

enum VirtioKind {
    VIRTIO_KIND_BLOCK = 1,   /* --drive: virtio-blk backed by a raw image file */
    VIRTIO_KIND_CONSOLE,     /* --virtio-console: virtio-console, port 0 only */
};

#define VIRTIO_BLK_ID_BYTES 20

typedef struct {
    enum VirtioKind kind;
    char *path;              /* block: image file (owned by the options, see virtio_options_free) */
    bool rw;                 /* block: writable; read-only (VIRTIO_BLK_F_RO) otherwise */
    char serial[VIRTIO_BLK_ID_BYTES + 1]; /* block: the GET_ID string, NUL-padded */
    bool input;              /* console: feed stdin to the receive queue */
} VirtioDeviceSpec;

/* The devices in command-line order. As with QEMU's -device, the first one sits on the LAST
 * transport (31, at 0x0A003E00), the next on 30, and so on downwards. */
typedef struct {
    unsigned ndev;
    VirtioDeviceSpec dev[VIRTIO_TRANSPORTS];
} VirtioOptions;

/* Transport index of the k-th device given on the command line. */
static inline unsigned virtio_transport_of(unsigned k) { return VIRTIO_TRANSPORTS - 1 - k; }

/* Append a drive from a --drive value: "file=PATH[,rw|,ro][,serial=ID][,format=raw]", where a
 * comma inside PATH is written ",,". Returns false with a message in err (without the
 * "tetrarch: " prefix) for a malformed value or when all 32 transports are taken. */
bool virtio_parse_drive(VirtioOptions *o, const char *value, char *err, size_t errlen);
/* Append a console from a --virtio-console value: "stdout" (output only) or "stdio" (output,
 * and stdin as input). False with a message for another value, a second console, or no free
 * transport. */
bool virtio_parse_console(VirtioOptions *o, const char *value, char *err, size_t errlen);
/* Check that every drive's image can be opened as asked (exists, not a directory, writable
 * for rw, not locked by another process). Prints one "tetrarch: PATH: ..." line on stderr and
 * returns false for the first that cannot (the caller exits with EXIT_BAD_IMAGE). */
bool virtio_check_images(const VirtioOptions *o);
/* Does a virtio console take stdin (--virtio-console stdio)? Then the PL011 must not read it. */
bool virtio_console_owns_stdin(const VirtioOptions *o);
/* Release what the parsers allocated. */
void virtio_options_free(VirtioOptions *o);

/* ---- The board side ---- */

/* Map the 32 transports (one device region of 32 * 0x200 bytes) and plug the devices of `o`
 * into them; m->virtio holds the state. Returns false after printing an error (an image that
 * cannot be opened, out of memory, no device slot). Interrupts go through machine_set_spi. */
bool virtio_create_all(Machine *m, const VirtioOptions *o);
/* Called by the run loop between slices: host input for the console's receive queue. */
void virtio_poll(Machine *m);
/* Block until a device's host input arrives (see VirtioDeviceOps.wait_input); false when no
 * device can get any. */
bool virtio_wait_input(Machine *m);
/* Close everything (drives are synced and closed); m->virtio becomes NULL. Safe to call twice.
 * The device region stays listed but inert (accesses abort) until virtio_create_all runs
 * again and takes it back. */
void virtio_free_all(Machine *m);

/* ---- The device side: what virtio_blk.c and virtio_console.c use ---- */

typedef struct VirtioTransport VirtioTransport;

/* Feature bits of the transport and the rings (virtio 1.2 section 6). */
#define VIRTIO_F_INDIRECT_DESC 28
#define VIRTIO_F_EVENT_IDX 29
#define VIRTIO_F_VERSION_1 32

/* A chain longer than this (direct or through an indirect table) is treated as malformed. */
#define VIRTIO_MAX_SEGS 1024

/* One guest buffer of a descriptor chain, already checked to lie in Non-secure memory (and in
 * writable memory when the device writes it). Zero-length descriptors are dropped. */
typedef struct {
    uint8_t *host;
    uint64_t pa;
    uint32_t len;
    bool write;              /* device-writable (VIRTQ_DESC_F_WRITE) */
} VirtioSeg;

/* A popped descriptor chain: the device-readable buffers, then the device-writable ones. */
typedef struct {
    uint16_t head;
    unsigned nseg;
    uint64_t readable, writable;  /* total bytes of each kind */
    VirtioSeg seg[VIRTIO_MAX_SEGS];
} VirtioChain;

typedef struct {
    const char *name;
    uint32_t device_id;           /* 2 block, 3 console */
    unsigned nqueues;             /* at most VIRTIO_MAX_QUEUES */
    uint16_t queue_num_max;       /* a power of two */
    uint64_t features;            /* device-type bits; the transport adds VERSION_1,
                                     INDIRECT_DESC and EVENT_IDX */
    /* Buffers were made available on queue q (QueueNotify, or DRIVER_OK being set). */
    void (*queue_notify)(void *dev, VirtioTransport *t, unsigned q);
    /* A write to the device configuration space (reads come from the transport's copy). */
    void (*config_write)(void *dev, VirtioTransport *t, unsigned offset, unsigned size, uint64_t value);
    /* Host input, from virtio_poll(). May be NULL. */
    void (*poll)(void *dev, VirtioTransport *t);
    /* Every core sleeps with no timer due: block until host input could wake the guest, then
     * deliver it; false when no input can come (end of input, no receive buffers). May be NULL. */
    bool (*wait_input)(void *dev, VirtioTransport *t);
    /* The driver reset the device (Status written 0). May be NULL. */
    void (*reset)(void *dev, VirtioTransport *t);
    void (*free)(void *dev);
} VirtioDeviceOps;

#define VIRTIO_MAX_QUEUES 2
#define VIRTIO_CONFIG_MAX 0x100

/* Put a device on a transport. `config` (config_size bytes, at most VIRTIO_CONFIG_MAX) is the
 * device configuration space the driver reads at offset 0x100; the device may change it
 * later through virtio_config(). */
void virtio_plug(VirtioTransport *t, const VirtioDeviceOps *ops, void *dev, const void *config, unsigned config_size);
uint8_t *virtio_config(VirtioTransport *t);
Machine *virtio_machine(VirtioTransport *t);
/* Was feature `bit` negotiated (FEATURES_OK accepted with it)? */
bool virtio_negotiated(const VirtioTransport *t, unsigned bit);

/* Is a chain waiting on queue q (and the device live: DRIVER_OK, not needing reset)? */
bool virtq_has_buffers(VirtioTransport *t, unsigned q);
/* Take the next available chain of queue q into c. Returns 1 with a chain, 0 when there is
 * none, -1 when the ring or the chain is malformed (an address outside memory, a loop, a bad
 * indirect table, a readable buffer after a writable one): the device is then marked
 * DEVICE_NEEDS_RESET and gives nothing more until the driver resets it. */
int virtq_pop(VirtioTransport *t, unsigned q, VirtioChain *c);
/* Return a chain through the used ring, with `written` bytes written into its writable part. */
void virtq_push(VirtioTransport *t, unsigned q, const VirtioChain *c, uint32_t written);
/* After a batch of virtq_push: raise the used-buffer interrupt unless the driver suppressed it
 * (VIRTQ_AVAIL_F_NO_INTERRUPT, or used_event with VIRTIO_F_EVENT_IDX). */
void virtq_kick_driver(VirtioTransport *t, unsigned q);

/* Copy [offset, offset+len) of the chain's readable bytes to dst; returns the bytes copied. */
size_t virtio_chain_read(const VirtioChain *c, uint64_t offset, void *dst, size_t len);
/* Copy src to [offset, offset+len) of the chain's writable bytes; returns the bytes copied. */
size_t virtio_chain_write(VirtioTransport *t, const VirtioChain *c, uint64_t offset, const void *src, size_t len);
/* The device wrote guest memory [pa, pa+len) directly through a VirtioSeg host pointer: drop
 * decoded instructions there, as a CPU store would. */
void virtio_dma_written(VirtioTransport *t, uint64_t pa, uint64_t len);
/* A fatal device error: set DEVICE_NEEDS_RESET and send a configuration-change interrupt. */
void virtio_set_needs_reset(VirtioTransport *t, const char *why);

#endif
