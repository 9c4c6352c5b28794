/* SPDX-License-Identifier: MIT */
/* The gdb remote serial protocol stub: TCP, packet framing, registers (the core and every
 * system register), memory through the current translation regime without side effects,
 * breakpoints, watchpoints, threads (one per core) and run control over machine_run. */
#include "sim/gdbstub.h"

#include <errno.h>
#include <fcntl.h>
#include <netdb.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <poll.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <unistd.h>

#include "cpu/debug.h"
#include "cpu/timer.h"
#include "mmu/mem.h"
#include "mmu/mmu.h"
#include "mmu/phys.h"
#include "sim/gdb_internal.h"

#define CORE_G_BYTES (33 * 8 + 4) /* x0-x30, sp, pc (8 bytes each), cpsr (4 bytes) */
#define POLL_MS 250               /* blocking waits look at SIGINT/SIGTERM this often */

/* What serving packets while stopped ends with. */
enum Resume {
    R_NONE,          /* keep serving */
    R_CONTINUE,      /* run the machine (maybe with one core stepping among the others) */
    R_STEP_LOCKED,   /* step one core while the others stay stopped */
    R_DETACH,        /* D: remove everything and let the guest run to its end */
    R_CLOSED,        /* the connection went away: as detach */
    R_KILL,          /* k, vKill: end the run */
    R_SIGNAL,        /* SIGINT/SIGTERM to tetrarch while waiting for gdb */
};

enum { RX_IDLE, RX_DATA, RX_CSUM1, RX_CSUM2 };

static const char hexdigits[] = "0123456789abcdef";

/* ============================== Small helpers ============================= */

void gdb_text_printf(GdbText *t, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    int n = vsnprintf(NULL, 0, fmt, ap);
    va_end(ap);
    if (n < 0)
        return;
    if (t->len + (size_t)n + 1 > t->cap) {
        size_t cap = t->cap ? t->cap : 1024;
        while (cap < t->len + (size_t)n + 1)
            cap *= 2;
        char *b = realloc(t->buf, cap);
        if (!b)
            return;
        t->buf = b;
        t->cap = cap;
    }
    va_start(ap, fmt);
    vsnprintf(t->buf + t->len, t->cap - t->len, fmt, ap);
    va_end(ap);
    t->len += (size_t)n;
}

void gdb_text_free(GdbText *t)
{
    free(t->buf);
    *t = (GdbText){0};
}

static int hexval(int ch)
{
    if (ch >= '0' && ch <= '9')
        return ch - '0';
    if (ch >= 'a' && ch <= 'f')
        return ch - 'a' + 10;
    if (ch >= 'A' && ch <= 'F')
        return ch - 'A' + 10;
    return -1;
}

/* A hex number of 1..16 digits at *p; advances *p. */
static bool parse_hex(const char **p, uint64_t *v)
{
    const char *s = *p;
    uint64_t x = 0;
    int n = 0;
    for (; hexval((unsigned char)*s) >= 0; s++, n++) {
        if (n == 16)
            return false;
        x = x << 4 | (uint64_t)hexval((unsigned char)*s);
    }
    if (n == 0)
        return false;
    *v = x;
    *p = s;
    return true;
}

static bool expect(const char **p, char ch)
{
    if (**p != ch)
        return false;
    (*p)++;
    return true;
}

/* `n` bytes of hex at s (exactly 2n digits) into buf. */
static bool hex_to_bytes(const char *s, size_t n, uint8_t *buf)
{
    for (size_t i = 0; i < n; i++) {
        int hi = hexval((unsigned char)s[2 * i]), lo = hi < 0 ? -1 : hexval((unsigned char)s[2 * i + 1]);
        if (hi < 0 || lo < 0)
            return false;
        buf[i] = (uint8_t)(hi << 4 | lo);
    }
    return true;
}

CPU *gdb_cur_cpu(struct GdbStub *g)
{
    return g->m->cpu[g->cur_cpu];
}

/* ============================== Connection ================================ */

static bool split_listen(const char *s, char *host, size_t hostlen, unsigned *port)
{
    const char *colon = strrchr(s, ':');
    const char *ps = colon ? colon + 1 : s;
    if (colon) {
        const char *h = s;
        size_t n = (size_t)(colon - s);
        bool bracketed = n >= 2 && h[0] == '[' && h[n - 1] == ']';
        if (bracketed) {
            h++;
            n -= 2;
        }
        /* An IPv6 address needs brackets: [::1]:1234. */
        if (n == 0 || n >= hostlen || (!bracketed && memchr(h, ':', n) != NULL))
            return false;
        memcpy(host, h, n);
        host[n] = 0;
    } else {
        snprintf(host, hostlen, "127.0.0.1");
    }
    if (!*ps || strlen(ps) > 5)
        return false;
    unsigned long v = 0;
    for (const char *q = ps; *q; q++) {
        if (*q < '0' || *q > '9')
            return false;
        v = v * 10 + (unsigned long)(*q - '0');
    }
    if (v > 65535)
        return false;
    *port = (unsigned)v;
    return true;
}

bool gdb_options_check(const GdbOptions *o, char *err, size_t errlen)
{
    char host[256];
    unsigned port;
    if (!o->listen)
        return true;
    if (!split_listen(o->listen, host, sizeof host, &port)) {
        snprintf(err, errlen, "--gdb: expected PORT or HOST:PORT with PORT 0-65535 (IPv6: [ADDR]:PORT), got '%s'",
                 o->listen);
        return false;
    }
    struct addrinfo hints = {.ai_family = AF_UNSPEC, .ai_socktype = SOCK_STREAM, .ai_flags = AI_PASSIVE}, *res;
    int rc = getaddrinfo(host, NULL, &hints, &res);
    if (rc != 0) {
        snprintf(err, errlen, "--gdb: cannot resolve '%s': %s", host, gai_strerror(rc));
        return false;
    }
    freeaddrinfo(res);
    struct stat st;
    if (o->files_dir && (stat(o->files_dir, &st) != 0 || !S_ISDIR(st.st_mode))) {
        snprintf(err, errlen, "--gdb-files '%s': not a directory", o->files_dir);
        return false;
    }
    return true;
}

static void close_conn(GdbStub *g)
{
    if (g->fd >= 0)
        close(g->fd);
    g->fd = -1;
}

static void build_target_xml(GdbStub *g);

/* A stub with no socket yet: stopped, nothing caught, the target description built. */
static GdbStub *stub_new(Machine *m)
{
    GdbStub *g = calloc(1, sizeof *g);
    if (!g) {
        machine_error(m, "gdb: out of memory");
        return NULL;
    }
    g->m = m;
    g->fd = -1;
    g->listen_fd = -1;
    g->catch_.step_el_cpu = -1;
    build_target_xml(g);
    return g;
}

struct GdbStub *gdbstub_open(Machine *m, const GdbOptions *o)
{
    GdbStub *g = stub_new(m);
    if (!g)
        return NULL;
    g->wait = o->wait;
    g->files_dir = realpath(o->files_dir ? o->files_dir : ".", NULL);
    if (!g->files_dir) {
        machine_error(m, "gdb: --gdb-files '%s': %s", o->files_dir ? o->files_dir : ".", strerror(errno));
        gdbstub_close(g);
        return NULL;
    }
    unsigned port = 0;
    if (!split_listen(o->listen, g->host, sizeof g->host, &port)) {
        machine_error(m, "gdb: bad listen address '%s'", o->listen);
        gdbstub_close(g);
        return NULL;
    }
    char portstr[8];
    snprintf(portstr, sizeof portstr, "%u", port);
    struct addrinfo hints = {.ai_family = AF_UNSPEC, .ai_socktype = SOCK_STREAM,
                             .ai_flags = AI_PASSIVE | AI_NUMERICSERV}, *res;
    int rc = getaddrinfo(g->host, portstr, &hints, &res);
    if (rc != 0) {
        machine_error(m, "gdb: cannot resolve '%s': %s", g->host, gai_strerror(rc));
        gdbstub_close(g);
        return NULL;
    }
    int err = 0;
    for (struct addrinfo *a = res; a && g->listen_fd < 0; a = a->ai_next) {
        int fd = socket(a->ai_family, a->ai_socktype | SOCK_CLOEXEC, a->ai_protocol);
        if (fd < 0) {
            err = errno;
            continue;
        }
        int one = 1;
        setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &one, sizeof one);
        if (bind(fd, a->ai_addr, a->ai_addrlen) == 0 && listen(fd, 1) == 0) {
            g->listen_fd = fd;
            struct sockaddr_storage ss;
            socklen_t sl = sizeof ss;
            if (getsockname(fd, (struct sockaddr *)&ss, &sl) == 0)
                port = ntohs(ss.ss_family == AF_INET6 ? ((struct sockaddr_in6 *)&ss)->sin6_port
                                                      : ((struct sockaddr_in *)&ss)->sin_port);
        } else {
            err = errno;
            close(fd);
        }
    }
    freeaddrinfo(res);
    if (g->listen_fd < 0) {
        machine_error(m, "gdb: cannot listen on %s:%s: %s", g->host, portstr, strerror(err));
        gdbstub_close(g);
        return NULL;
    }
    fcntl(g->listen_fd, F_SETFL, fcntl(g->listen_fd, F_GETFL) | O_NONBLOCK);
    g->port = port;
    /* With port 0 the line is the only way to learn the port: printed even with -q. */
    bool v6 = strchr(g->host, ':') != NULL;
    if (!m->opt.quiet || strcmp(portstr, "0") == 0)
        fprintf(stderr, "tetrarch: gdb: listening on %s%s%s:%u%s\n", v6 ? "[" : "", g->host, v6 ? "]" : "", port,
                g->wait ? " (waiting for gdb before the first instruction)" : "");
    return g;
}

void gdbstub_close(struct GdbStub *g)
{
    if (!g)
        return;
    close_conn(g);
    if (g->listen_fd >= 0)
        close(g->listen_fd);
    g->m->debugger_poll = NULL;
    gdb_text_free(&g->target_xml);
    free(g->files_dir);
    free(g);
}

/* A new connection: the protocol starts afresh. */
static void setup_conn(GdbStub *g, int fd)
{
    int one = 1;
    setsockopt(fd, IPPROTO_TCP, TCP_NODELAY, &one, sizeof one);
    fcntl(fd, F_SETFL, fcntl(fd, F_GETFL) & ~O_NONBLOCK);
    g->fd = fd;
    g->no_ack = false;
    g->rx_state = RX_IDLE;
    g->rx_pos = g->rx_len = 0;
    g->tx_len = 0;
    g->interrupt = false;
    g->cur_cpu = 0;
    for (int i = 0; i < g->m->ncpu; i++)
        if (!g->m->cpu[i]->off) {
            g->cur_cpu = i;
            break;
        }
    machine_msg(g->m, "gdb: connected");
}

static bool try_accept(GdbStub *g)
{
    int fd = accept4(g->listen_fd, NULL, NULL, SOCK_CLOEXEC);
    if (fd < 0)
        return false;
    setup_conn(g, fd);
    return true;
}

/* --gdb-wait: block until gdb connects (false on SIGINT/SIGTERM). */
static bool accept_blocking(GdbStub *g)
{
    while (!machine_stop_requested) {
        struct pollfd p = {.fd = g->listen_fd, .events = POLLIN};
        if (poll(&p, 1, POLL_MS) > 0 && try_accept(g))
            return true;
    }
    return false;
}

/* ============================== Packet output ============================= */

static void send_raw(GdbStub *g, const char *buf, size_t len)
{
    while (len && g->fd >= 0) {
        ssize_t n = send(g->fd, buf, len, MSG_NOSIGNAL);
        if (n < 0 && errno == EINTR)
            continue;
        if (n <= 0) {
            close_conn(g); /* the serving loop sees the connection gone */
            return;
        }
        buf += n;
        len -= (size_t)n;
    }
}

/* Frame and send `data`; it is kept for a retransmission on NAK. */
static void send_packet(GdbStub *g, const char *data, size_t len)
{
    if (len > GDB_REPLY_MAX)
        len = GDB_REPLY_MAX;
    uint8_t sum = 0;
    g->tx[0] = '$';
    for (size_t i = 0; i < len; i++) {
        g->tx[1 + i] = data[i];
        sum = (uint8_t)(sum + (uint8_t)data[i]);
    }
    g->tx[1 + len] = '#';
    g->tx[2 + len] = hexdigits[sum >> 4];
    g->tx[3 + len] = hexdigits[sum & 15];
    g->tx_len = len + 4;
    send_raw(g, g->tx, g->tx_len);
}

static void send_str(GdbStub *g, const char *s)
{
    send_packet(g, s, strlen(s));
}

static void out_reset(GdbStub *g)
{
    g->out_len = 0;
    g->out_overflow = false;
}

static void out_add(GdbStub *g, const char *s, size_t n)
{
    if (g->out_len + n > sizeof g->out) {
        g->out_overflow = true;
        return;
    }
    memcpy(g->out + g->out_len, s, n);
    g->out_len += n;
}

static void out_str(GdbStub *g, const char *s)
{
    out_add(g, s, strlen(s));
}

static void out_printf(GdbStub *g, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
static void out_printf(GdbStub *g, const char *fmt, ...)
{
    char tmp[256];
    va_list ap;
    va_start(ap, fmt);
    int n = vsnprintf(tmp, sizeof tmp, fmt, ap);
    va_end(ap);
    if (n > 0)
        out_add(g, tmp, (size_t)n < sizeof tmp ? (size_t)n : sizeof tmp - 1);
}

static void out_hex_bytes(GdbStub *g, const uint8_t *b, size_t n)
{
    for (size_t i = 0; i < n; i++) {
        char h[2] = {hexdigits[b[i] >> 4], hexdigits[b[i] & 15]};
        out_add(g, h, 2);
    }
}

static void send_out(GdbStub *g)
{
    send_packet(g, g->out, g->out_len);
}

/* Console output for gdb (O packets, hex), in pieces that fit a packet. */
static void send_console(GdbStub *g, const char *text, size_t len)
{
    while (len) {
        size_t n = len < 2000 ? len : 2000;
        out_reset(g);
        out_str(g, "O");
        out_hex_bytes(g, (const uint8_t *)text, n);
        send_out(g);
        text += n;
        len -= n;
    }
}

/* ============================== Packet input ============================== */

/* Read more bytes into rx (blocking up to POLL_MS). -1: connection closed; 0: nothing yet. */
static int fill_rx(GdbStub *g, bool block)
{
    if (g->fd < 0)
        return -1;
    if (g->rx_pos == g->rx_len)
        g->rx_pos = g->rx_len = 0;
    if (g->rx_len == sizeof g->rx) {
        memmove(g->rx, g->rx + g->rx_pos, g->rx_len - g->rx_pos);
        g->rx_len -= g->rx_pos;
        g->rx_pos = 0;
        if (g->rx_len == sizeof g->rx)
            return 0; /* full of bytes sent while running: read on once they are parsed */
    }
    if (block) {
        struct pollfd p = {.fd = g->fd, .events = POLLIN};
        int r = poll(&p, 1, POLL_MS);
        if (r <= 0)
            return 0;
    }
    ssize_t n = recv(g->fd, g->rx + g->rx_len, sizeof g->rx - g->rx_len, block ? 0 : MSG_DONTWAIT);
    if (n == 0 || (n < 0 && errno != EINTR && errno != EAGAIN && errno != EWOULDBLOCK)) {
        close_conn(g);
        return -1;
    }
    if (n > 0)
        g->rx_len += (size_t)n;
    return n > 0 ? 1 : 0;
}

/* Feed one byte to the framing parser; true when g->pkt holds a complete, checked packet. */
static bool rx_byte(GdbStub *g, uint8_t b)
{
    switch (g->rx_state) {
    case RX_IDLE:
        if (b == '$') {
            g->rx_state = RX_DATA;
            g->pkt_len = 0;
            g->rx_sum = 0;
            g->rx_overflow = false;
        } else if (b == '-' && !g->no_ack && g->tx_len) {
            send_raw(g, g->tx, g->tx_len); /* NAK: send the last packet again */
        }
        /* '+' acknowledgements, a stray Ctrl-C while stopped, and noise are dropped. */
        return false;
    case RX_DATA:
        if (b == '#') {
            g->rx_state = RX_CSUM1;
        } else if (b == '$') {
            g->pkt_len = 0; /* a new packet starts: the previous one was cut short */
            g->rx_sum = 0;
            g->rx_overflow = false;
        } else {
            g->rx_sum = (uint8_t)(g->rx_sum + b);
            if (g->pkt_len < GDB_PACKET_SIZE)
                g->pkt[g->pkt_len++] = (char)b;
            else
                g->rx_overflow = true;
        }
        return false;
    case RX_CSUM1:
        if (hexval(b) < 0) {
            g->rx_state = RX_IDLE;
            if (!g->no_ack)
                send_raw(g, "-", 1);
            return false;
        }
        g->rx_csum = (uint8_t)(hexval(b) << 4);
        g->rx_state = RX_CSUM2;
        return false;
    default:
        g->rx_state = RX_IDLE;
        if (hexval(b) < 0 || (uint8_t)(g->rx_csum | hexval(b)) != g->rx_sum) {
            if (!g->no_ack)
                send_raw(g, "-", 1);
            return false;
        }
        if (!g->no_ack)
            send_raw(g, "+", 1);
        g->pkt[g->pkt_len] = 0;
        return true;
    }
}

/* Block until a packet arrives: 1, or 0 when the connection closed, -1 on SIGINT/SIGTERM. */
static int read_packet(GdbStub *g)
{
    for (;;) {
        while (g->rx_pos < g->rx_len)
            if (rx_byte(g, g->rx[g->rx_pos++]))
                return 1;
        if (machine_stop_requested)
            return -1;
        if (fill_rx(g, true) < 0)
            return 0;
    }
}

/* ============================== Target description ======================== */

/* gdb numbers the system registers after the FPU's, without FPSR and FPCR (which the fpu
 * feature has): the table order, compacted. */
static int16_t sysreg_ids[SR_COUNT];
static int n_sysreg_ids = -1;

static int sysreg_count(void)
{
    if (n_sysreg_ids < 0) {
        n_sysreg_ids = 0;
        for (int id = 0; id < SR_COUNT; id++)
            if (id != SR_FPSR && id != SR_FPCR)
                sysreg_ids[n_sysreg_ids++] = (int16_t)id;
    }
    return n_sysreg_ids;
}

/* The sysreg_table id of a gdb register number from GDB_REG_SYSREG0 on, or -1. */
static int sysreg_of_regnum(uint64_t n)
{
    if (n < GDB_REG_SYSREG0 || n >= (uint64_t)GDB_REG_SYSREG0 + (uint64_t)sysreg_count())
        return -1;
    return sysreg_ids[n - GDB_REG_SYSREG0];
}

/* org.gnu.gdb.aarch64.fpu with the types of gdb's own aarch64-fpu.xml: each V register a union
 * of its views as doubles, words, halfwords, bytes and one quadword (d, s, h, b, q), each of
 * them float, unsigned and signed (no float for b and q); FPSR and FPCR as flags. gdb derives
 * $q0, $d0, $s0, $h0, $b0 from these. */
static void build_fpu_feature(GdbText *t)
{
    static const struct { const char *view; int count; const char *fl, *u, *s; } views[] = {
        {"d", 2, "ieee_double", "uint64", "int64"}, {"s", 4, "ieee_single", "uint32", "int32"},
        {"h", 8, "ieee_half", "uint16", "int16"}, {"b", 16, NULL, "uint8", "int8"},
        {"q", 1, NULL, "uint128", "int128"},
    };
    gdb_text_printf(t, "<feature name=\"org.gnu.gdb.aarch64.fpu\">\n");
    for (size_t i = 0; i < sizeof views / sizeof views[0]; i++) {
        int n = views[i].count;
        if (views[i].fl)
            gdb_text_printf(t, "<vector id=\"v%d%s\" type=\"%s\" count=\"%d\"/>\n", n,
                            n == 2 ? "d" : "f", views[i].fl, n);
        gdb_text_printf(t, "<vector id=\"v%du\" type=\"%s\" count=\"%d\"/>\n", n, views[i].u, n);
        gdb_text_printf(t, "<vector id=\"v%di\" type=\"%s\" count=\"%d\"/>\n", n, views[i].s, n);
    }
    for (size_t i = 0; i < sizeof views / sizeof views[0]; i++) {
        int n = views[i].count;
        gdb_text_printf(t, "<union id=\"vn%s\">\n", views[i].view);
        if (views[i].fl)
            gdb_text_printf(t, "  <field name=\"f\" type=\"v%d%s\"/>\n", n, n == 2 ? "d" : "f");
        gdb_text_printf(t, "  <field name=\"u\" type=\"v%du\"/>\n  <field name=\"s\" type=\"v%di\"/>\n"
                           "</union>\n", n, n);
    }
    gdb_text_printf(t, "<union id=\"aarch64v\">\n");
    for (size_t i = 0; i < sizeof views / sizeof views[0]; i++)
        gdb_text_printf(t, "  <field name=\"%s\" type=\"vn%s\"/>\n", views[i].view, views[i].view);
    gdb_text_printf(t, "</union>\n");
    for (int i = 0; i < 32; i++)
        gdb_text_printf(t, "<reg name=\"v%d\" bitsize=\"128\" type=\"aarch64v\" regnum=\"%d\"/>\n", i,
                        GDB_REG_V0 + i);
    /* FPSR: the cumulative exception flags, QC, the AArch32 NZCV. FPCR: the trap enables (RAZ
     * here), FZ16, RMode, FZ, DN, AHP. */
    static const struct { const char *name; int lo, hi; } fpsr_fields[] = {
        {"IOC", 0, 0}, {"DZC", 1, 1}, {"OFC", 2, 2}, {"UFC", 3, 3}, {"IXC", 4, 4}, {"IDC", 7, 7},
        {"QC", 27, 27}, {"V", 28, 28}, {"C", 29, 29}, {"Z", 30, 30}, {"N", 31, 31},
    }, fpcr_fields[] = {
        {"IOE", 8, 8}, {"DZE", 9, 9}, {"OFE", 10, 10}, {"UFE", 11, 11}, {"IXE", 12, 12}, {"IDE", 15, 15},
        {"FZ16", 19, 19}, {"RMode", 22, 23}, {"FZ", 24, 24}, {"DN", 25, 25}, {"AHP", 26, 26},
    };
    gdb_text_printf(t, "<flags id=\"fpsr_flags\" size=\"4\">\n");
    for (size_t i = 0; i < sizeof fpsr_fields / sizeof fpsr_fields[0]; i++)
        gdb_text_printf(t, "  <field name=\"%s\" start=\"%d\" end=\"%d\"/>\n", fpsr_fields[i].name,
                        fpsr_fields[i].lo, fpsr_fields[i].hi);
    gdb_text_printf(t, "</flags>\n<reg name=\"fpsr\" bitsize=\"32\" type=\"fpsr_flags\" regnum=\"%d\"/>\n",
                    GDB_REG_FPSR);
    gdb_text_printf(t, "<flags id=\"fpcr_flags\" size=\"4\">\n");
    for (size_t i = 0; i < sizeof fpcr_fields / sizeof fpcr_fields[0]; i++)
        gdb_text_printf(t, "  <field name=\"%s\" start=\"%d\" end=\"%d\"/>\n", fpcr_fields[i].name,
                        fpcr_fields[i].lo, fpcr_fields[i].hi);
    gdb_text_printf(t, "</flags>\n<reg name=\"fpcr\" bitsize=\"32\" type=\"fpcr_flags\" regnum=\"%d\"/>\n"
                       "</feature>\n", GDB_REG_FPCR);
}

static void build_target_xml(GdbStub *g)
{
    GdbText *t = &g->target_xml;
    gdb_text_printf(t, "<?xml version=\"1.0\"?>\n<!DOCTYPE target SYSTEM \"gdb-target.dtd\">\n"
                       "<target version=\"1.0\">\n<architecture>aarch64</architecture>\n"
                       "<feature name=\"org.gnu.gdb.aarch64.core\">\n");
    /* The PSTATE fields as gdb's own aarch64-core.xml describes them. */
    gdb_text_printf(t, "<flags id=\"cpsr_flags\" size=\"4\">\n");
    static const struct { const char *name; int lo, hi; } fields[] = {
        {"SP", 0, 0}, {"EL", 2, 3}, {"nRW", 4, 4}, {"F", 6, 6}, {"I", 7, 7}, {"A", 8, 8}, {"D", 9, 9},
        {"SSBS", 12, 12}, {"IL", 20, 20}, {"SS", 21, 21}, {"PAN", 22, 22}, {"UAO", 23, 23}, {"DIT", 24, 24},
        {"V", 28, 28}, {"C", 29, 29}, {"Z", 30, 30}, {"N", 31, 31},
    };
    for (size_t i = 0; i < sizeof fields / sizeof fields[0]; i++)
        gdb_text_printf(t, "  <field name=\"%s\" start=\"%d\" end=\"%d\"/>\n", fields[i].name, fields[i].lo,
                        fields[i].hi);
    gdb_text_printf(t, "</flags>\n");
    for (int i = 0; i < 31; i++)
        gdb_text_printf(t, "<reg name=\"x%d\" bitsize=\"64\" type=\"int\" regnum=\"%d\"/>\n", i, i);
    gdb_text_printf(t, "<reg name=\"sp\" bitsize=\"64\" type=\"data_ptr\" regnum=\"%d\"/>\n", GDB_REG_SP);
    gdb_text_printf(t, "<reg name=\"pc\" bitsize=\"64\" type=\"code_ptr\" regnum=\"%d\"/>\n", GDB_REG_PC);
    gdb_text_printf(t, "<reg name=\"cpsr\" bitsize=\"32\" type=\"cpsr_flags\" regnum=\"%d\"/>\n", GDB_REG_CPSR);
    gdb_text_printf(t, "</feature>\n");
    build_fpu_feature(t);
    gdb_text_printf(t, "<feature name=\"org.tetrarch.sysregs\">\n");
    /* Every system register of the table but FPSR and FPCR (in the fpu feature), lower case as
     * gdb spells registers ($hcr_el2). Not saved and restored around inferior calls: writing
     * some has side effects. */
    for (int k = 0; k < sysreg_count(); k++) {
        int id = sysreg_of_regnum(GDB_REG_SYSREG0 + k);
        char name[64];
        const char *s = sysreg_table[id].name;
        size_t n = 0;
        for (; s[n] && n < sizeof name - 1; n++)
            name[n] = (char)(s[n] >= 'A' && s[n] <= 'Z' ? s[n] - 'A' + 'a' : s[n]);
        name[n] = 0;
        const char *type = strncmp(name, "elr_", 4) == 0 || strncmp(name, "vbar_", 5) == 0 ? "code_ptr"
                           : strncmp(name, "sp_el", 5) == 0                                ? "data_ptr"
                                                                                           : "uint64";
        gdb_text_printf(t, "<reg name=\"%s\" bitsize=\"64\" type=\"%s\" regnum=\"%d\" group=\"system\" "
                           "save-restore=\"no\"/>\n", name, type, GDB_REG_SYSREG0 + k);
    }
    gdb_text_printf(t, "</feature>\n</target>\n");
}

/* ============================== Registers ================================= */

/* System registers whose read has an effect (acknowledging an interrupt), and write-only ones:
 * gdb sees them as unavailable. */
static bool sysreg_readable(int id)
{
    return id >= 0 && sysreg_table[id].access != WO && id != SR_ICC_IAR0_EL1 && id != SR_ICC_IAR1_EL1;
}

static unsigned reg_size(int n)
{
    if (n >= GDB_REG_V0 && n < GDB_REG_V0 + 32)
        return 16;
    return n == GDB_REG_CPSR || n == GDB_REG_FPSR || n == GDB_REG_FPCR ? 4 : 8;
}

static bool reg_valid(uint64_t n)
{
    return n < GDB_REG_SYSREG0 || sysreg_of_regnum(n) >= 0;
}

/* The value of register n in target (little-endian) byte order, reg_size(n) bytes; false when
 * it cannot be read (write-only, or reading it would change the guest). */
static bool reg_read(CPU *c, int n, uint8_t *out)
{
    uint64_t v;
    if (n >= GDB_REG_V0 && n < GDB_REG_V0 + 32) {
        memcpy(out, &c->v[n - GDB_REG_V0], 16); /* little-endian host */
        return true;
    }
    if (n < 31)
        v = c->x[n];
    else if (n == GDB_REG_SP)
        v = c->sp;
    else if (n == GDB_REG_PC)
        v = c->pc;
    else if (n == GDB_REG_CPSR)
        v = (uint32_t)pstate_to_spsr(c);
    else if (n == GDB_REG_FPSR || n == GDB_REG_FPCR)
        v = c->sr[n == GDB_REG_FPSR ? SR_FPSR : SR_FPCR];
    else if (sysreg_readable(sysreg_of_regnum((uint64_t)n)))
        v = sysreg_read(c, sysreg_of_regnum((uint64_t)n));
    else
        return false;
    for (unsigned i = 0; i < reg_size(n); i++)
        out[i] = (uint8_t)(v >> (8 * i));
    return true;
}

/* PSTATE from a CPSR value. EL and SP selection change through cpu_set_el_sp, and only to a
 * mode the core has (AArch64, an implemented EL, EL2 only in Non-secure state). */
static bool write_cpsr(CPU *c, uint32_t v)
{
    unsigned el = (v >> 2) & 3, spsel = v & 1;
    if ((v & 0x12) || (el == 0 && spsel) || (el == 3 && c->m->opt.secure_off) ||
        (el == 2 && !el2_enabled(c) && !c->m->opt.secure_off))
        return false;
    c->ps.nzcv = v & 0xF0000000u;
    c->ps.daif = v & 0x3C0u;
    if (c->ps.pan != ((v >> 22) & 1)) {
        c->ps.pan = (v >> 22) & 1;
        mem_pan_changed(c);
    }
    c->ps.uao = (v >> 23) & 1;
    c->ps.ss = (v >> 21) & 1;
    c->ps.il = (v >> 20) & 1;
    if (el != c->ps.el || spsel != c->ps.sp) {
        cpu_set_el_sp(c, el, spsel);
        cpu_invalidate_fetch(c);
    }
    return true;
}

/* Register n from reg_size(n) bytes in target byte order. false: a read-only or unknown
 * register, or a CPSR the core cannot take. */
static bool reg_write(CPU *c, int n, const uint8_t *b)
{
    uint64_t v = 0;
    if (n >= GDB_REG_V0 && n < GDB_REG_V0 + 32) {
        memcpy(&c->v[n - GDB_REG_V0], b, 16);
        cpu_request_check(c);
        return true;
    }
    for (int i = (int)reg_size(n) - 1; i >= 0; i--)
        v = v << 8 | b[i];
    if (n < 31) {
        set_X(c, (unsigned)n, v);
    } else if (n == GDB_REG_SP) {
        c->sp = v;
    } else if (n == GDB_REG_PC) {
        cpu_set_pc(c, v);
    } else if (n == GDB_REG_CPSR) {
        if (!write_cpsr(c, (uint32_t)v))
            return false;
    } else if (n == GDB_REG_FPSR || n == GDB_REG_FPCR) {
        sysreg_write(c, n == GDB_REG_FPSR ? SR_FPSR : SR_FPCR, v); /* the RES0 bits stay 0 */
    } else {
        int id = sysreg_of_regnum((uint64_t)n);
        if (sysreg_table[id].access == RO)
            return false;
        sysreg_write(c, id, v);
        /* Translation controls may have changed: no stale soft-TLB entry or fetch page; debug
         * controls may have too: the instrumentation bits follow. */
        mem_flush_soft_tlb(c);
        cpu_instr_update(c);
    }
    cpu_request_check(c);
    return true;
}

static void handle_g(GdbStub *g)
{
    CPU *c = gdb_cur_cpu(g);
    out_reset(g);
    for (int n = 0; n <= GDB_REG_CPSR; n++) {
        uint8_t b[16] = {0};
        (void)reg_read(c, n, b);
        out_hex_bytes(g, b, reg_size(n));
    }
    send_out(g);
}

static void handle_G(GdbStub *g, const char *p)
{
    CPU *c = gdb_cur_cpu(g);
    uint8_t b[CORE_G_BYTES];
    /* Exactly the core registers, as the g reply gave them (gdb writes the rest with P). */
    if (strlen(p) != 2 * CORE_G_BYTES || !hex_to_bytes(p, CORE_G_BYTES, b)) {
        send_str(g, "E01");
        return;
    }
    uint32_t cpsr = (uint32_t)b[264] | (uint32_t)b[265] << 8 | (uint32_t)b[266] << 16 | (uint32_t)b[267] << 24;
    if (!write_cpsr(c, cpsr)) {
        send_str(g, "E01");
        return;
    }
    for (int n = 0; n < GDB_REG_CPSR; n++)
        (void)reg_write(c, n, &b[n * 8]);
    send_str(g, "OK");
}

static void handle_p(GdbStub *g, const char *p)
{
    uint64_t n;
    uint8_t b[16];
    if (!parse_hex(&p, &n) || *p || !reg_valid(n)) {
        send_str(g, "E01");
        return;
    }
    out_reset(g);
    if (reg_read(gdb_cur_cpu(g), (int)n, b))
        out_hex_bytes(g, b, reg_size((int)n));
    else
        out_str(g, "xxxxxxxxxxxxxxxx"); /* unavailable */
    send_out(g);
}

static void handle_P(GdbStub *g, const char *p)
{
    uint64_t n;
    uint8_t b[16];
    if (!parse_hex(&p, &n) || !expect(&p, '=') || !reg_valid(n) || strlen(p) != 2 * reg_size((int)n) ||
        !hex_to_bytes(p, reg_size((int)n), b)) {
        send_str(g, "E01");
        return;
    }
    send_str(g, reg_write(gdb_cur_cpu(g), (int)n, b) ? "OK" : "E01");
}

/* ============================== Memory ==================================== */

/* The host bytes behind [va, va+len) (len within one 4K page) for the debugger: translated in
 * the selected core's current regime without TLBs, permission checks or access-flag updates
 * (or taken as a PA with `monitor phys on`). RAM, Secure RAM and flash only: device registers
 * are refused, as reading them can change them. */
static uint8_t *debug_host_ptr(GdbStub *g, uint64_t va, uint64_t len, uint64_t *pa_out)
{
    CPU *c = gdb_cur_cpu(g);
    PhysMem *pm = &g->m->phys;
    uint64_t pa = va;
    bool ns = false;
    if (!g->phys) {
        unsigned el = c->ps.el;
        /* A DC-like probe: permissions never fault at EL1 and above (the debugger may look at
         * memory the current EL cannot read), and nothing is written. */
        AccessDesc ad = {.at = true, .cache_maint = true};
        Translation t;
        TransFault f;
        if (!mmu_walk(c, mmu_regime(c, el), el ? el : 1, va, &ad, &t, &f))
            return NULL;
        pa = t.oa | (va & ((1ULL << t.size_log2) - 1));
        ns = t.ns;
    }
    if (ns && phys_secure_only(pm, pa, len))
        return NULL;
    *pa_out = pa;
    return phys_host_ptr(pm, pa, len);
}

static bool mem_args(const char **p, uint64_t *addr, uint64_t *len)
{
    return parse_hex(p, addr) && expect(p, ',') && parse_hex(p, len);
}

static void handle_m(GdbStub *g, const char *p)
{
    uint64_t addr, len, pa;
    if (!mem_args(&p, &addr, &len) || *p) {
        send_str(g, "E01");
        return;
    }
    if (len > GDB_PACKET_SIZE / 2)
        len = GDB_PACKET_SIZE / 2; /* a shorter reply is allowed */
    out_reset(g);
    uint64_t done = 0;
    while (done < len) {
        uint64_t va = addr + done, n = PAGE_SIZE - (va & (PAGE_SIZE - 1));
        if (n > len - done)
            n = len - done;
        const uint8_t *h = debug_host_ptr(g, va, n, &pa);
        if (!h)
            break;
        out_hex_bytes(g, h, n);
        done += n;
    }
    if (done == 0 && len > 0)
        send_str(g, "E14"); /* EFAULT */
    else
        send_out(g);
}

/* Write `len` bytes to guest memory at `addr`: all of it or nothing. Decoded instructions of
 * the written range go, whatever --strict-icache says: a debugger's write (a BRK, a patch)
 * takes effect at once. */
static bool debug_write(GdbStub *g, uint64_t addr, const uint8_t *data, uint64_t len)
{
    uint64_t pa;
    for (uint64_t done = 0; done < len;) {
        uint64_t va = addr + done, n = PAGE_SIZE - (va & (PAGE_SIZE - 1));
        if (n > len - done)
            n = len - done;
        if (!debug_host_ptr(g, va, n, &pa))
            return false;
        done += n;
    }
    for (uint64_t done = 0; done < len;) {
        uint64_t va = addr + done, n = PAGE_SIZE - (va & (PAGE_SIZE - 1));
        if (n > len - done)
            n = len - done;
        uint8_t *h = debug_host_ptr(g, va, n, &pa);
        memcpy(h, data + done, n);
        phys_invalidate_code(&g->m->phys, pa, n);
        done += n;
    }
    return true;
}

static void handle_M(GdbStub *g, const char *p)
{
    uint64_t addr, len;
    static uint8_t buf[GDB_PACKET_SIZE / 2];
    if (!mem_args(&p, &addr, &len) || !expect(&p, ':') || len > sizeof buf || strlen(p) != 2 * len ||
        !hex_to_bytes(p, len, buf)) {
        send_str(g, "E01");
        return;
    }
    send_str(g, debug_write(g, addr, buf, len) ? "OK" : "E14");
}

/* X: binary data, with '}' escaping the next byte (xor 0x20). */
static void handle_X(GdbStub *g, const char *p, size_t pkt_len)
{
    uint64_t addr, len;
    static uint8_t buf[GDB_PACKET_SIZE];
    const char *start = p;
    if (!mem_args(&p, &addr, &len) || !expect(&p, ':') || len > sizeof buf) {
        send_str(g, "E01");
        return;
    }
    const char *end = start + pkt_len;
    uint64_t n = 0;
    while (p < end && n < len) {
        uint8_t b = (uint8_t)*p++;
        if (b == '}') {
            if (p == end)
                break;
            b = (uint8_t)(*p++ ^ 0x20);
        }
        buf[n++] = b;
    }
    if (n != len || p != end) {
        send_str(g, "E01");
        return;
    }
    send_str(g, debug_write(g, addr, buf, len) ? "OK" : "E14");
}

/* ============================== Breakpoints =============================== */

static bool bp_listed(const uint64_t *list, unsigned n, uint64_t addr)
{
    for (unsigned i = 0; i < n; i++)
        if (list[i] == addr)
            return true;
    return false;
}

static void bp_unlist(uint64_t *list, unsigned *n, uint64_t addr)
{
    for (unsigned i = 0; i < *n; i++)
        if (list[i] == addr) {
            list[i] = list[--*n];
            return;
        }
}

/* Z0/Z1 (software and hardware breakpoints: both are the debugger's own, guest memory is never
 * touched) and Z2/Z3/Z4 (write, read, access watchpoints). */
static void handle_Z(GdbStub *g, const char *p, bool insert)
{
    uint64_t type, addr, kind;
    if (!parse_hex(&p, &type) || !expect(&p, ',') || !mem_args(&p, &addr, &kind) || *p || type > 4) {
        send_str(g, "E01");
        return;
    }
    Machine *m = g->m;
    bool ok = true;
    if (type <= 1) {
        uint64_t *list = type == 0 ? g->sw_bp : g->hw_bp, *other = type == 0 ? g->hw_bp : g->sw_bp;
        unsigned *n = type == 0 ? &g->n_sw_bp : &g->n_hw_bp, n_other = type == 0 ? g->n_hw_bp : g->n_sw_bp;
        if (insert) {
            if (!bp_listed(list, *n, addr)) {
                ok = *n < HOST_MAX_BP && host_bp_add(m, addr);
                if (ok)
                    list[(*n)++] = addr;
            }
        } else if (bp_listed(list, *n, addr)) {
            bp_unlist(list, n, addr);
            if (!bp_listed(other, n_other, addr))
                (void)host_bp_remove(m, addr);
        }
    } else {
        if (kind == 0 || addr + kind < addr) {
            send_str(g, "E01");
            return;
        }
        if (insert)
            ok = host_wp_add(m, addr, kind, (unsigned)type);
        else
            (void)host_wp_remove(m, addr, kind, (unsigned)type); /* removing nothing is fine */
    }
    send_str(g, ok ? "OK" : "E01");
}

static void remove_all_breakpoints(GdbStub *g)
{
    Machine *m = g->m;
    while (m->hostdbg.nbp)
        (void)host_bp_remove(m, m->hostdbg.bp[0]);
    while (m->hostdbg.nwp) {
        HostWatch w = m->hostdbg.wp[0];
        (void)host_wp_remove(m, w.addr, w.len, w.kind);
    }
    g->n_sw_bp = g->n_hw_bp = 0;
}

/* ============================== Threads and stops ========================= */

/* A thread id (core + 1) that names one core, or -1 / 0 (all / any): *cpu is -1 for those. */
static bool parse_thread(GdbStub *g, const char **p, int *cpu)
{
    if ((*p)[0] == '-' && (*p)[1] == '1') {
        *p += 2;
        *cpu = -1;
        return true;
    }
    uint64_t t;
    if (!parse_hex(p, &t) || t > (uint64_t)g->m->ncpu)
        return false;
    *cpu = (int)t - 1;
    return true;
}

/* The stop reply for g->stop. */
static void send_stop(GdbStub *g)
{
    out_reset(g);
    out_printf(g, "T%02xthread:%x;%s", g->stop.sig, g->stop.cpu + 1, g->stop.extra);
    send_out(g);
}

/* After machine_run returned EXIT_DEBUG_STOP: which core stopped and why. */
static void take_stop(GdbStub *g)
{
    Machine *m = g->m;
    int cpu = -1;
    for (int i = 0; i < m->ncpu; i++)
        if (m->cpu[i]->dbg_stop != STOP_NONE && (cpu < 0 || m->cpu[cpu]->dbg_stop == STOP_USER))
            cpu = i;
    if (cpu < 0)
        cpu = g->cur_cpu;
    CPU *c = m->cpu[cpu];
    GdbStop *s = &g->stop;
    *s = (GdbStop){.cpu = cpu, .sig = 5, .why = c->dbg_stop, .pc = c->pc};
    switch (c->dbg_stop) {
    case STOP_BREAK: {
        bool hw = bp_listed(g->hw_bp, g->n_hw_bp, c->pc) && !bp_listed(g->sw_bp, g->n_sw_bp, c->pc);
        snprintf(s->extra, sizeof s->extra, "%s", hw ? "hwbreak:;" : "swbreak:;");
        break;
    }
    case STOP_WATCH: {
        unsigned k = c->dbg_watch_kind;
        snprintf(s->extra, sizeof s->extra, "%s:%llx;",
                 k == HOST_WP_READ ? "rwatch" : k == HOST_WP_ACCESS ? "awatch" : "watch",
                 (unsigned long long)c->dbg_watch_addr);
        break;
    }
    case STOP_USER:
        s->sig = g->attach_stop ? 5 : 2;
        break;
    default:
        break;
    }
    g->attach_stop = false;
    g->cur_cpu = cpu;
    if (c->dbg_stop == STOP_CATCH && g->catch_msg[0]) {
        send_console(g, g->catch_msg, strlen(g->catch_msg));
        g->catch_msg[0] = 0;
    }
}

/* Before running again: no core is stopped or stepping, except the one asked to step. A core
 * resumed at the breakpoint it stopped at does not stop there again at once. */
static void prepare_resume(GdbStub *g, int step_cpu)
{
    Machine *m = g->m;
    for (int i = 0; i < m->ncpu; i++) {
        CPU *c = m->cpu[i];
        bool was_stepping = c->dbg_step;
        c->dbg_stop = STOP_NONE;
        c->dbg_step = false;
        c->dbg_skip_bp = false;
        if (was_stepping)
            cpu_instr_update(c);
    }
    if (g->stop.why == STOP_BREAK && m->cpu[g->stop.cpu]->pc == g->stop.pc)
        m->cpu[g->stop.cpu]->dbg_skip_bp = true;
    g->stop.why = STOP_NONE;
    if (step_cpu >= 0) {
        CPU *c = m->cpu[step_cpu];
        c->dbg_skip_bp = true; /* a step executes the instruction at the PC */
        c->dbg_step = true;
        cpu_instr_update(c);
    }
}

/* `monitor step-irq off`: the GIC's lines read as idle while a step runs, so the step is
 * never an interrupt being taken; the interrupt stays pending and is taken later. */
static unsigned no_lines(void *intc, CPU *c)
{
    (void)intc;
    (void)c;
    return 0;
}

/* ============================== Packets =================================== */

/* Resume actions of c/s/C/S/vCont, decided in handle_packet and carried out by gdbstub_run. */
typedef struct {
    int step_cpu;        /* the core to step, or -1 */
    bool others_run;     /* the other cores run while it steps */
} ResumeReq;

static int parse_vcont(GdbStub *g, const char *p, ResumeReq *rq)
{
    /* vCont[;action[:thread]]...: the first step action names the core stepped; any continue
     * action lets every other core run (a continue of one thread runs them all: there is no
     * scheduler locking for continue). */
    rq->step_cpu = -1;
    rq->others_run = false;
    bool any = false;
    while (*p == ';') {
        p++;
        char a = *p++;
        if (a == 'C' || a == 'S') {
            uint64_t sig;
            if (!parse_hex(&p, &sig))
                return -1;
        } else if (a != 'c' && a != 's') {
            return -1;
        }
        int cpu = -1;
        if (*p == ':') {
            p++;
            if (!parse_thread(g, &p, &cpu))
                return -1;
        }
        any = true;
        if (a == 'c' || a == 'C') {
            rq->others_run = true;
        } else if (rq->step_cpu < 0) {
            rq->step_cpu = cpu >= 0 ? cpu : g->cur_cpu;
            if (cpu < 0)
                rq->others_run = true; /* s with no thread: every thread steps; run them */
        }
    }
    return any && *p == 0 ? 0 : -1;
}

static void handle_qxfer(GdbStub *g, const char *p)
{
    static const char prefix[] = "features:read:target.xml:";
    uint64_t off, len;
    if (strncmp(p, prefix, sizeof prefix - 1) != 0) {
        send_str(g, strncmp(p, "features:read:", 14) == 0 ? "E00" : "");
        return;
    }
    p += sizeof prefix - 1;
    if (!mem_args(&p, &off, &len) || *p) {
        send_str(g, "E01");
        return;
    }
    const GdbText *t = &g->target_xml;
    if (len > GDB_PACKET_SIZE / 2)
        len = GDB_PACKET_SIZE / 2;
    out_reset(g);
    if (off >= t->len) {
        out_str(g, "l");
    } else {
        uint64_t n = t->len - off < len ? t->len - off : len;
        out_str(g, off + n >= t->len ? "l" : "m");
        for (uint64_t i = 0; i < n; i++) {
            char ch = t->buf[off + i];
            if (ch == '#' || ch == '$' || ch == '}' || ch == '*') {
                char e[2] = {'}', (char)(ch ^ 0x20)};
                out_add(g, e, 2);
            } else {
                out_add(g, &ch, 1);
            }
        }
    }
    send_out(g);
}

static void handle_rcmd(GdbStub *g, const char *p)
{
    size_t n = strlen(p);
    char line[1024];
    if (n % 2 || n / 2 >= sizeof line || !hex_to_bytes(p, n / 2, (uint8_t *)line)) {
        send_str(g, "E01");
        return;
    }
    line[n / 2] = 0;
    if (memchr(line, 0, n / 2)) {
        send_str(g, "E01");
        return;
    }
    if (g->unconnected && strncmp(line + strspn(line, " \t"), "trace", 5) == 0) {
        send_str(g, "E01"); /* no files from a stub that is being fed bytes */
        return;
    }
    GdbText out = {0};
    gdb_monitor(g, line, &out);
    if (out.len)
        send_console(g, out.buf, out.len);
    gdb_text_free(&out);
    send_str(g, "OK");
}

static void thread_extra_info(GdbStub *g, int cpu)
{
    CPU *c = g->m->cpu[cpu];
    char s[96];
    snprintf(s, sizeof s, "cpu%d EL%u%c %s%s", cpu, c->ps.el, c->ps.sp ? 'h' : 't', is_secure(c) ? "S" : "NS",
             c->off ? " off" : c->halted ? " halted" : c->wait_state == WAIT_WFI ? " WFI"
                              : c->wait_state == WAIT_WFE ? " WFE" : "");
    out_reset(g);
    out_hex_bytes(g, (const uint8_t *)s, strlen(s));
    send_out(g);
}

static int handle_query(GdbStub *g, const char *p)
{
    if (strncmp(p, "qSupported", 10) == 0) {
        out_reset(g);
        out_printf(g, "PacketSize=%x;qXfer:features:read+;swbreak+;hwbreak+;vContSupported+;QStartNoAckMode+",
                   GDB_PACKET_SIZE);
        send_out(g);
    } else if (strncmp(p, "qXfer:", 6) == 0) {
        handle_qxfer(g, p + 6);
    } else if (strcmp(p, "qC") == 0) {
        out_reset(g);
        out_printf(g, "QC%x", g->cur_cpu + 1);
        send_out(g);
    } else if (strcmp(p, "qfThreadInfo") == 0) {
        out_reset(g);
        out_str(g, "m");
        for (int i = 0; i < g->m->ncpu; i++)
            out_printf(g, i ? ",%x" : "%x", i + 1);
        send_out(g);
    } else if (strcmp(p, "qsThreadInfo") == 0) {
        send_str(g, "l");
    } else if (strncmp(p, "qThreadExtraInfo,", 17) == 0) {
        const char *q = p + 17;
        int cpu;
        if (!parse_thread(g, &q, &cpu) || *q || cpu < 0)
            send_str(g, "E01");
        else
            thread_extra_info(g, cpu);
    } else if (strncmp(p, "qAttached", 9) == 0) {
        send_str(g, "1"); /* quitting gdb detaches: the guest runs on to its end */
    } else if (strncmp(p, "qRcmd,", 6) == 0) {
        handle_rcmd(g, p + 6);
    } else if (strcmp(p, "QStartNoAckMode") == 0) {
        send_str(g, "OK");
        g->no_ack = true;
    } else {
        send_str(g, "");
    }
    return R_NONE;
}

/* One packet (g->pkt); returns what to do next. */
static int handle_packet(GdbStub *g, ResumeReq *rq)
{
    const char *p = g->pkt;
    if (g->rx_overflow) {
        send_str(g, "E01"); /* longer than PacketSize */
        return R_NONE;
    }
    rq->step_cpu = -1;
    rq->others_run = true;
    switch (p[0]) {
    case '?':
        send_stop(g);
        return R_NONE;
    case 'g':
        if (p[1])
            break;
        handle_g(g);
        return R_NONE;
    case 'G':
        handle_G(g, p + 1);
        return R_NONE;
    case 'p':
        handle_p(g, p + 1);
        return R_NONE;
    case 'P':
        handle_P(g, p + 1);
        return R_NONE;
    case 'm':
        handle_m(g, p + 1);
        return R_NONE;
    case 'M':
        handle_M(g, p + 1);
        return R_NONE;
    case 'X':
        handle_X(g, p + 1, g->pkt_len - 1);
        return R_NONE;
    case 'Z':
    case 'z':
        handle_Z(g, p + 1, p[0] == 'Z');
        return R_NONE;
    case 'H': {
        const char *q = p + 2;
        int cpu;
        if ((p[1] != 'g' && p[1] != 'c') || !parse_thread(g, &q, &cpu) || *q) {
            send_str(g, "E01");
            return R_NONE;
        }
        if (p[1] == 'g' && cpu >= 0)
            g->cur_cpu = cpu;
        send_str(g, "OK");
        return R_NONE;
    }
    case 'T': {
        const char *q = p + 1;
        int cpu;
        send_str(g, parse_thread(g, &q, &cpu) && !*q && cpu >= 0 ? "OK" : "E01");
        return R_NONE;
    }
    case 'q':
    case 'Q':
        return handle_query(g, p);
    case 'c':
    case 's':
    case 'C':
    case 'S': {
        /* [sig][;addr] or [addr]: resume (at addr). A step is of the Hg core alone. */
        const char *q = p + 1;
        uint64_t v;
        if (p[0] == 'C' || p[0] == 'S') {
            if (!parse_hex(&q, &v)) {
                send_str(g, "E01");
                return R_NONE;
            }
            if (*q == ';')
                q++;
        }
        if (*q) {
            if (!parse_hex(&q, &v) || *q) {
                send_str(g, "E01");
                return R_NONE;
            }
            cpu_set_pc(gdb_cur_cpu(g), v);
        }
        if (p[0] == 's' || p[0] == 'S') {
            rq->step_cpu = g->cur_cpu;
            rq->others_run = false;
            return R_STEP_LOCKED;
        }
        return R_CONTINUE;
    }
    case 'v':
        if (strcmp(p, "vCont?") == 0) {
            send_str(g, "vCont;c;C;s;S");
            return R_NONE;
        }
        if (strncmp(p, "vCont", 5) == 0) {
            if (parse_vcont(g, p + 5, rq) < 0) {
                send_str(g, "E01");
                return R_NONE;
            }
            if (rq->step_cpu >= 0 && !rq->others_run)
                return R_STEP_LOCKED;
            return R_CONTINUE;
        }
        if (strncmp(p, "vKill", 5) == 0) {
            send_str(g, "OK");
            return R_KILL;
        }
        break;
    case 'D':
        send_str(g, "OK");
        return R_DETACH;
    case 'k':
        return R_KILL;
    default:
        break;
    }
    send_str(g, ""); /* not supported */
    return R_NONE;
}

/* Serve packets while the machine is stopped, until one resumes it. */
static int serve(GdbStub *g, ResumeReq *rq)
{
    for (;;) {
        int r = read_packet(g);
        if (r == 0)
            return R_CLOSED;
        if (r < 0)
            return R_SIGNAL;
        int act = handle_packet(g, rq);
        if (g->fd < 0)
            return R_CLOSED;
        if (act != R_NONE)
            return act;
    }
}

/* ============================== Running =================================== */

static void detach(GdbStub *g);

/* machine_run's poll between rounds: a connection to accept, or Ctrl-C from gdb. */
static bool gdb_poll(Machine *m)
{
    GdbStub *g = m->gdb;
    if (!g)
        return false;
    if (g->fd < 0) {
        if (!try_accept(g))
            return false;
        g->attach_stop = true; /* gdb expects the target stopped when it connects */
    } else {
        if (fill_rx(g, false) < 0) {
            detach(g); /* gdb went away: the guest runs on without its breakpoints */
            return false;
        }
        /* Only Ctrl-C is expected while running (all-stop); other bytes wait for later. */
        size_t w = g->rx_pos;
        for (size_t r = g->rx_pos; r < g->rx_len; r++) {
            if (g->rx[r] == 0x03 && g->rx_state == RX_IDLE)
                g->interrupt = true;
            else
                g->rx[w++] = g->rx[r];
        }
        g->rx_len = w;
        if (!g->interrupt)
            return false;
        g->interrupt = false;
    }
    gdb_cur_cpu(g)->dbg_stop = STOP_USER;
    return true;
}

void gdbstub_transition(struct GdbStub *g, const TransitionEvent *ev)
{
    if (!g || (g->fd < 0 && !g->unconnected) || ev->cpu < 0 || ev->cpu >= g->m->ncpu)
        return;
    if (gdb_catch_matches(g, ev)) {
        CPU *c = g->m->cpu[ev->cpu];
        c->dbg_stop = STOP_CATCH;
        cpu_request_check(c);
    }
}

/* Forget the debugger: breakpoints, watchpoints, catches, stops; close the connection. */
static void detach(GdbStub *g)
{
    Machine *m = g->m;
    remove_all_breakpoints(g);
    g->catch_ = (GdbCatch){.step_el_cpu = -1};
    g->phys = false;
    g->step_irq_off = false;
    for (int i = 0; i < m->ncpu; i++) {
        CPU *c = m->cpu[i];
        c->dbg_stop = STOP_NONE;
        c->dbg_step = false;
        c->dbg_skip_bp = false;
        cpu_instr_update(c);
    }
    g->stop.why = STOP_NONE;
    g->attach_stop = false;
    if (g->fd >= 0)
        machine_msg(m, "gdb: detached");
    else
        machine_msg(m, "gdb: connection closed; the guest runs on");
    close_conn(g);
}

/* Step one core while the others stay stopped (gdb stepping over a breakpoint, stepi with
 * scheduler locking). Returns EXIT_DEBUG_STOP with the core stopped, or the exit status when
 * the step ended the guest. */
static int step_locked(GdbStub *g, int cpu)
{
    Machine *m = g->m;
    CPU *c = m->cpu[cpu];
    prepare_resume(g, cpu);
    if (c->off || c->halted) {
        c->dbg_stop = STOP_STEP; /* nothing to step: report the core as it is */
        return EXIT_DEBUG_STOP;
    }
    unsigned (*lines)(void *, CPU *) = m->intc_cpu_lines;
    if (g->step_irq_off)
        m->intc_cpu_lines = no_lines;
    timer_update(c);
    (void)cpu_step_checked(c);
    timer_update(c);
    m->intc_cpu_lines = lines;
    cpu_request_check(c);
    if (c->halted)
        return machine_halt_status(c);
    if (c->dbg_stop == STOP_NONE)
        c->dbg_stop = STOP_STEP;
    return EXIT_DEBUG_STOP;
}

/* The guest ended: tell gdb (W), then hang up. */
static int finish(GdbStub *g, int status)
{
    if (g->fd >= 0) {
        char w[8];
        snprintf(w, sizeof w, "W%02x", status & 0xFF);
        send_str(g, w);
        close_conn(g);
    }
    return status;
}

int gdbstub_run(struct GdbStub *g)
{
    Machine *m = g->m;
    m->debugger_poll = gdb_poll;
    bool stopped = false;
    if (g->wait) {
        if (!accept_blocking(g)) {
            machine_error(m, "interrupted while waiting for gdb");
            return EXIT_INTERRUPTED;
        }
        g->stop = (GdbStop){.cpu = g->cur_cpu, .sig = 5, .pc = gdb_cur_cpu(g)->pc};
        stopped = true;
    }
    for (;;) {
        int status;
        if (stopped) {
            ResumeReq rq = {.step_cpu = -1, .others_run = true};
            int act = serve(g, &rq);
            switch (act) {
            case R_KILL:
                close_conn(g);
                machine_msg(m, "gdb: killed the guest");
                return EXIT_INTERRUPTED;
            case R_SIGNAL:
                machine_error(m, "interrupted while stopped for gdb");
                return finish(g, EXIT_INTERRUPTED);
            case R_DETACH:
            case R_CLOSED:
                detach(g);
                break;
            default:
                break;
            }
            stopped = false;
            CPU *sc = rq.step_cpu >= 0 ? m->cpu[rq.step_cpu] : NULL;
            /* A core that waits (WFI/WFE) steps within the machine: others must run to wake it.
             * A core that is off or halted has nothing to step: it stops at once. */
            if (sc && ((act == R_STEP_LOCKED && sc->wait_state == WAIT_NONE) || sc->off || sc->halted)) {
                status = step_locked(g, rq.step_cpu);
            } else {
                prepare_resume(g, rq.step_cpu);
                unsigned (*lines)(void *, CPU *) = m->intc_cpu_lines;
                bool mask = sc && g->step_irq_off && sc->wait_state == WAIT_NONE;
                if (mask)
                    m->intc_cpu_lines = no_lines;
                status = machine_run(m);
                m->intc_cpu_lines = lines;
            }
        } else {
            status = machine_run(m);
        }
        if (status != EXIT_DEBUG_STOP)
            return finish(g, status);
        if (g->fd < 0) {
            /* gdb went away while the guest ran (or the stop was meant for it): run on. */
            detach(g);
            continue;
        }
        /* gdb that just connected asks with `?`; any other stop is reported at once. */
        bool attached_now = g->attach_stop;
        take_stop(g);
        if (!attached_now)
            send_stop(g);
        if (g->fd < 0)
            continue; /* the send failed: the next round detaches */
        stopped = true;
    }
}

/* ============================== Without a socket ========================== */

struct GdbStub *gdbstub_open_unconnected(Machine *m)
{
    GdbStub *g = stub_new(m);
    if (g) {
        g->unconnected = true;
        g->stop = (GdbStop){.cpu = 0, .sig = 5, .pc = m->cpu[0]->pc};
    }
    return g;
}

void gdbstub_feed(struct GdbStub *g, const uint8_t *data, size_t len)
{
    for (size_t i = 0; i < len; i++) {
        if (!rx_byte(g, data[i]))
            continue;
        ResumeReq rq = {.step_cpu = -1, .others_run = true};
        switch (handle_packet(g, &rq)) {
        case R_STEP_LOCKED:
        case R_CONTINUE:
            if (rq.step_cpu >= 0) {
                if (step_locked(g, rq.step_cpu) != EXIT_DEBUG_STOP)
                    break; /* the step ended the guest */
            } else {
                prepare_resume(g, -1);
                gdb_cur_cpu(g)->dbg_stop = STOP_USER;
            }
            take_stop(g);
            send_stop(g);
            break;
        case R_DETACH:
        case R_KILL:
            detach(g);
            break;
        default:
            break;
        }
    }
}
