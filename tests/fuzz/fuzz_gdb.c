/* SPDX-License-Identifier: MIT */
/* Fuzz target: the gdb remote protocol stub (sim/gdbstub.c, sim/gdb_monitor.c) without a
 * socket: framing, checksums and acknowledgements, every packet, monitor commands, one-step
 * resumes, on a fresh board for each input. */
#include <stdlib.h>
#include <string.h>

#include "mmu/phys.h"
#include "sim/gdbstub.h"
#include "tests/fuzz/fuzz.h"

/* The first byte picks the setup; the rest is what gdb sends. */
enum {
    F_FRAME = 1,     /* the rest is packet payloads separated by '\n': the harness frames each
                      * one ($payload#checksum), so that most inputs reach the packet handlers */
    F_NO_ACK = 2,    /* start in QStartNoAckMode */
    F_SMP2 = 4,      /* two cores (threads 1 and 2) */
    F_PROGRAM = 8,   /* a small program at the reset PC instead of zeros, for steps to run */
};

/* MOV X0, #1; ADD X0, X0, #1; STR X0, [X1]; B .-8; SVC #0; HVC #0; ERET; BRK #0 */
static const uint32_t program[] = {0xD2800020, 0x91000400, 0xF9000020, 0x17FFFFFE,
                                   0xD4000001, 0xD4000002, 0xD69F03E0, 0xD4200000};

static void feed_framed(struct GdbStub *g, const uint8_t *p, size_t n)
{
    static uint8_t buf[0x8000];
    while (n) {
        const uint8_t *nl = memchr(p, '\n', n);
        size_t len = nl ? (size_t)(nl - p) : n;
        if (len + 4 <= sizeof buf) {
            uint8_t sum = 0;
            buf[0] = '$';
            for (size_t i = 0; i < len; i++) {
                buf[1 + i] = p[i];
                sum = (uint8_t)(sum + p[i]);
            }
            buf[1 + len] = '#';
            buf[2 + len] = (uint8_t)"0123456789abcdef"[sum >> 4];
            buf[3 + len] = (uint8_t)"0123456789abcdef"[sum & 15];
            gdbstub_feed(g, buf, len + 4);
        }
        p += len;
        n -= len;
        if (nl) {
            p++;
            n--;
        }
    }
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    unsigned flags;
    if (!fuzz_begin(&data, &size, &flags))
        return 0;

    Machine m;
    MachineOptions o = {.ram_size = 16ULL << 20, .quiet = true, .smp = (flags & F_SMP2) ? 2 : 1};
    if (!machine_init(&m, &o))
        abort();
    machine_reset_cpus(&m, VIRT_RAM_BASE, 3, true);
    if (flags & F_PROGRAM) {
        uint8_t *host = phys_host_ptr(&m.phys, VIRT_RAM_BASE, sizeof program);
        memcpy(host, program, sizeof program);
        phys_invalidate_code(&m.phys, VIRT_RAM_BASE, sizeof program);
        set_X(m.cpu[0], 1, VIRT_RAM_BASE + 0x1000);
    }
    struct GdbStub *g = gdbstub_open_unconnected(&m);
    if (!g)
        abort();
    m.gdb = g;
    if (flags & F_NO_ACK) {
        static const char noack[] = "$QStartNoAckMode#b0";
        gdbstub_feed(g, (const uint8_t *)noack, sizeof noack - 1);
    }
    if (flags & F_FRAME)
        feed_framed(g, data, size);
    else
        gdbstub_feed(g, data, size);
    m.gdb = NULL;
    gdbstub_close(g);
    machine_free(&m);
    return 0;
}
