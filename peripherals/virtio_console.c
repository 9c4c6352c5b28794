/* SPDX-License-Identifier: MIT */
/* virtio-console (virtio 1.2 section 5.3): port 0's transmitq to stdout, its receiveq from
 * stdin when asked, and the emergency write register. */
#include "peripherals/virtio_console.h"

#include <errno.h>
#include <poll.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "sim/machine.h"

#define CONSOLE_QUEUE_SIZE 128
#define RX_CHUNK 4096          /* at most this many bytes are read from stdin at once */

enum { CONSOLE_F_EMERG_WRITE = 2 };   /* section 5.3.3 */
enum { RECEIVEQ = 0, TRANSMITQ = 1 };
/* struct virtio_console_config: le16 cols, le16 rows, le32 max_nr_ports, le32 emerg_wr. */
enum { CFG_MAX_NR_PORTS = 4, CFG_EMERG_WR = 8, CONSOLE_CONFIG_SIZE = 12 };

typedef struct {
    bool input;
    bool stdin_eof;
    bool stdin_is_tty;
    uint8_t pending[RX_CHUNK];   /* read from stdin, not yet in a receive buffer */
    size_t pending_off, pending_len;
    VirtioChain chain;
} Console;

static void put_output(const uint8_t *p, size_t n)
{
    fwrite(p, 1, n, stdout);
}

/* Move pending input into receive buffers, as many as it takes. */
static void deliver_input(Console *con, VirtioTransport *t)
{
    VirtioChain *c = &con->chain;
    bool pushed = false;
    while (con->pending_off < con->pending_len && virtq_pop(t, RECEIVEQ, c) == 1) {
        size_t n = con->pending_len - con->pending_off;
        if (n > c->writable)
            n = (size_t)c->writable;
        n = virtio_chain_write(t, c, 0, con->pending + con->pending_off, n);
        con->pending_off += n;
        virtq_push(t, RECEIVEQ, c, (uint32_t)n);
        pushed = true;
    }
    if (pushed)
        virtq_kick_driver(t, RECEIVEQ);
}

static void console_queue_notify(void *dev, VirtioTransport *t, unsigned q)
{
    Console *con = dev;
    if (q == RECEIVEQ) {
        deliver_input(con, t);  /* otherwise the buffers wait in the ring for console_poll */
        return;
    }
    VirtioChain *c = &con->chain;
    while (virtq_pop(t, TRANSMITQ, c) == 1) {
        for (unsigned i = 0; i < c->nseg; i++)
            if (!c->seg[i].write)
                put_output(c->seg[i].host, c->seg[i].len);
        virtq_push(t, TRANSMITQ, c, 0);
    }
    fflush(stdout);
    virtq_kick_driver(t, TRANSMITQ);
}

static void console_config_write(void *dev, VirtioTransport *t, unsigned offset, unsigned size, uint64_t value)
{
    /* emerg_wr (section 5.3.6.1): usable at any time, even before the feature is acknowledged;
     * the character is the low byte of a write at its offset. */
    if (offset == CFG_EMERG_WR) {
        uint8_t ch = (uint8_t)value;
        put_output(&ch, 1);
        if (ch == '\n')
            fflush(stdout);
    }
}

static void console_poll(void *dev, VirtioTransport *t)
{
    Console *con = dev;
    if (!con->input || !virtq_has_buffers(t, RECEIVEQ))
        return;
    if (con->pending_off == con->pending_len && !con->stdin_eof) {
        if (con->stdin_is_tty && tcgetpgrp(STDIN_FILENO) != getpgrp())
            return;  /* a background job reading the terminal would be stopped by SIGTTIN */
        struct pollfd pfd = {.fd = STDIN_FILENO, .events = POLLIN};
        if (poll(&pfd, 1, 0) <= 0 || !(pfd.revents & (POLLIN | POLLHUP | POLLERR)))
            return;
        ssize_t n = read(STDIN_FILENO, con->pending, sizeof con->pending);
        if (n == 0 || (n < 0 && errno != EINTR && errno != EAGAIN))
            con->stdin_eof = true;
        con->pending_off = 0;
        con->pending_len = n > 0 ? (size_t)n : 0;
    }
    deliver_input(con, t);
}

/* The guest waits for console input: block on stdin (a signal ends the wait), then deliver. */
static bool console_wait_input(void *dev, VirtioTransport *t)
{
    Console *con = dev;
    if (!con->input || con->stdin_eof || !virtq_has_buffers(t, RECEIVEQ))
        return false;
    struct pollfd pfd = {.fd = STDIN_FILENO, .events = POLLIN};
    if (poll(&pfd, 1, -1) < 0)
        return errno == EINTR;
    console_poll(dev, t);
    return true;
}

static void console_free(void *dev)
{
    fflush(stdout);
    free(dev);
}

static const VirtioDeviceOps console_ops = {
    .name = "virtio-console",
    .device_id = 3,
    .nqueues = 2,
    .queue_num_max = CONSOLE_QUEUE_SIZE,
    .features = 1ULL << CONSOLE_F_EMERG_WRITE,
    .queue_notify = console_queue_notify,
    .config_write = console_config_write,
    .poll = console_poll,
    .wait_input = console_wait_input,
    .free = console_free,
};

bool virtio_console_create(VirtioTransport *t, const VirtioDeviceSpec *spec)
{
    Console *con = calloc(1, sizeof *con);
    if (!con) {
        machine_error(virtio_machine(t), "out of memory creating virtio-console");
        return false;
    }
    con->input = spec->input;
    con->stdin_is_tty = isatty(STDIN_FILENO);
    uint8_t config[CONSOLE_CONFIG_SIZE] = {0};
    uint32_t ports = 1;
    memcpy(config + CFG_MAX_NR_PORTS, &ports, 4);
    virtio_plug(t, &console_ops, con, config, sizeof config);
    return true;
}
