/* SPDX-License-Identifier: MIT */
/* The gdb stub's state, shared by the protocol side (sim/gdbstub.c) and the monitor commands
 * (sim/gdb_monitor.c). Not an API: nothing outside these two files includes it. */
#ifndef TETRARCH_GDB_INTERNAL_H
#define TETRARCH_GDB_INTERNAL_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "sim/gdbstub.h"

typedef struct GdbStub GdbStub;

/* The largest packet the stub accepts (PacketSize in qSupported), payload only. */
#define GDB_PACKET_SIZE 0x4000
/* Replies are at most twice that (hex of a packet-sized read) plus framing. */
#define GDB_REPLY_MAX (2 * GDB_PACKET_SIZE + 256)

/* gdb's register numbers: x0-x30, sp, pc, cpsr (org.gnu.gdb.aarch64.core); v0-v31, fpsr,
 * fpcr (org.gnu.gdb.aarch64.fpu, the numbers gdb's aarch64 target expects); then the system
 * registers in sysreg_table order, less FPSR and FPCR (org.tetrarch.sysregs). */
enum {
    GDB_REG_SP = 31, GDB_REG_PC = 32, GDB_REG_CPSR = 33,
    GDB_REG_V0 = 34, GDB_REG_FPSR = 66, GDB_REG_FPCR = 67,
    GDB_REG_SYSREG0 = 68,
};

/* Growing text: monitor output, the target description. Allocation failure truncates. */
typedef struct {
    char *buf;
    size_t len, cap;
} GdbText;
void gdb_text_printf(GdbText *t, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
void gdb_text_free(GdbText *t);

/* The monitor's stop conditions, checked on every exception entry and return. */
typedef struct {
    bool exc;            /* catch exception */
    int exc_el;          /* target EL, or -1 for any */
    int exc_ec;          /* exception class (synchronous exceptions and SError), or -1 for any */
    bool eret;           /* catch eret */
    int eret_el;         /* EL returned to, or -1 for any */
    int step_el_cpu;     /* step-el: the core to stop at its next EL change, or -1 */
    unsigned step_el_from;
} GdbCatch;

/* The last stop, as reported to gdb (and again for `?`). */
typedef struct {
    int cpu;
    int sig;             /* 5 SIGTRAP, 2 SIGINT */
    uint8_t why;         /* enum DebugStop */
    uint64_t pc;         /* the core's PC at the stop */
    char extra[48];      /* "swbreak:;", "watch:ADDR;", ... */
} GdbStop;

struct GdbStub {
    Machine *m;
    char host[256];              /* as given (or 127.0.0.1), for messages */
    unsigned port;               /* the port listened on (the chosen one for port 0) */
    int listen_fd;
    int fd;                      /* the connection, or -1 */
    bool wait;                   /* --gdb-wait */
    char *files_dir;             /* resolved --gdb-files DIR (or the start directory) */
    bool unconnected;            /* gdbstub_open_unconnected: no socket, no files written */

    /* Packet input: the state of the framing parser, and bytes received but not parsed. */
    bool no_ack;                 /* QStartNoAckMode */
    int rx_state;
    uint8_t rx_sum, rx_csum;
    bool rx_overflow;
    size_t pkt_len;
    char pkt[GDB_PACKET_SIZE + 1];
    uint8_t rx[4096];
    size_t rx_pos, rx_len;
    bool interrupt;              /* Ctrl-C (0x03) received while running */

    /* Output: the reply being built, and the last framed packet (resent on a NAK). */
    char out[GDB_REPLY_MAX];
    size_t out_len;
    bool out_overflow;
    char tx[GDB_REPLY_MAX + 8];
    size_t tx_len;

    int cur_cpu;                 /* Hg: registers and memory refer to this core */
    GdbStop stop;
    bool attach_stop;            /* the stop was gdb attaching, not Ctrl-C */

    /* gdb's breakpoints by kind (both go to host_bp_*), for swbreak/hwbreak in stop replies. */
    uint64_t sw_bp[HOST_MAX_BP], hw_bp[HOST_MAX_BP];
    unsigned n_sw_bp, n_hw_bp;

    /* Monitor state. */
    GdbCatch catch_;
    char catch_msg[192];         /* what the catch saw, sent as console output with the stop */
    bool phys;                   /* m/M/X take physical addresses */
    bool step_irq_off;           /* interrupts from the GIC are not taken during a step */

    GdbText target_xml;
};

/* Run one monitor command line (qRcmd); its output goes to *out. */
void gdb_monitor(struct GdbStub *g, const char *line, GdbText *out);
/* Does the transition match a catch or step-el? Fills g->catch_msg when it does. */
bool gdb_catch_matches(struct GdbStub *g, const TransitionEvent *ev);
/* The selected core (Hg). */
CPU *gdb_cur_cpu(struct GdbStub *g);

#endif
