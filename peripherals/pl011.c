/* SPDX-License-Identifier: MIT */
/* PL011 UART (PrimeCell UART TRM, DDI 0183): registers, receive FIFO fed from stdin, console
 * output on stdout, and the terminal's raw mode. */
#include "peripherals/pl011.h"
#include "peripherals/virtio_mmio.h"

#include <errno.h>
#include <poll.h>
#include <stdlib.h>
#include <string.h>
#include <termios.h>
#include <unistd.h>

/* Register offsets (UARTxxx in the TRM). */
enum {
    UART_DR = 0x000,
    UART_RSR = 0x004,    /* RSR on read, ECR on write */
    UART_FR = 0x018,
    UART_ILPR = 0x020,
    UART_IBRD = 0x024,
    UART_FBRD = 0x028,
    UART_LCR_H = 0x02C,
    UART_CR = 0x030,
    UART_IFLS = 0x034,
    UART_IMSC = 0x038,
    UART_RIS = 0x03C,
    UART_MIS = 0x040,
    UART_ICR = 0x044,
    UART_DMACR = 0x048,
    UART_ID_BASE = 0xFE0,  /* UARTPeriphID0..3, UARTPCellID0..3 */
    UART_REG_SIZE = 0x1000,
};

/* Flag register bits. */
enum {
    FR_BUSY = 1u << 3,
    FR_RXFE = 1u << 4,
    FR_TXFF = 1u << 5,
    FR_RXFF = 1u << 6,
    FR_TXFE = 1u << 7,
};

/* Interrupt bits (RIS, MIS, IMSC, ICR). */
enum {
    INT_RX = 1u << 4,
    INT_TX = 1u << 5,
    INT_RT = 1u << 6,
    INT_ALL = 0x7FF,
};

#define LCR_H_FEN (1u << 4)
#define CR_RESET 0x300       /* TXE | RXE */
#define IFLS_RESET 0x12      /* both trigger levels at 1/2 */
#define FIFO_DEPTH 16        /* r1p3 and earlier (PeriphID2 revision 1) */

/* The IDs QEMU's pl011 presents (PL011 r1p3, Arm). */
static const uint8_t pl011_id[8] = { 0x11, 0x10, 0x14, 0x00, 0x0D, 0xF0, 0x05, 0xB1 };

struct PL011 {
    Machine *m;
    uint8_t rx_fifo[FIFO_DEPTH];
    unsigned rx_head, rx_count;
    uint32_t ilpr, ibrd, fbrd, lcr_h, cr, ifls, imsc, ris, dmacr;
    bool stdin_eof;
    bool stdin_is_tty;
};

/* ---- Terminal raw mode ---- */

static struct termios saved_termios;
static volatile sig_atomic_t terminal_is_raw;

void pl011_restore_terminal(void)
{
    if (terminal_is_raw) {
        tcsetattr(STDIN_FILENO, TCSANOW, &saved_termios);
        terminal_is_raw = 0;
    }
}

/* Raw input only: no line editing or echo, CR arrives as CR; output processing and ISIG stay
 * on, so "\n" still starts a new line and Ctrl-C still stops the simulator. A background job
 * leaves the terminal alone (tcsetattr would stop it with SIGTTOU). */
static void enter_raw_mode(void)
{
    if (terminal_is_raw || tcgetpgrp(STDIN_FILENO) != getpgrp())
        return;
    if (tcgetattr(STDIN_FILENO, &saved_termios) != 0)
        return;
    struct termios raw = saved_termios;
    raw.c_lflag &= ~(tcflag_t)(ICANON | ECHO | ECHONL | IEXTEN);
    raw.c_iflag &= ~(tcflag_t)(ICRNL | INLCR | IGNCR | IXON);
    raw.c_cc[VMIN] = 1;
    raw.c_cc[VTIME] = 0;
    if (tcsetattr(STDIN_FILENO, TCSANOW, &raw) == 0) {
        terminal_is_raw = 1;
        static bool registered;
        if (!registered) {
            atexit(pl011_restore_terminal);
            registered = true;
        }
    }
}

/* ---- FIFO and interrupt state ---- */

static unsigned fifo_depth(const struct PL011 *u) { return (u->lcr_h & LCR_H_FEN) ? FIFO_DEPTH : 1; }

/* Receive trigger level: 1/8, 1/4, 1/2, 3/4, 7/8 of the FIFO (IFLS.RXIFLSEL, bits 5:3). */
static unsigned rx_trigger_level(const struct PL011 *u)
{
    if (!(u->lcr_h & LCR_H_FEN))
        return 1;
    static const unsigned eighths[8] = { 1, 2, 4, 6, 7, 4, 4, 4 }; /* reserved -> 1/2 */
    return FIFO_DEPTH * eighths[(u->ifls >> 3) & 7] / 8;
}

/* RXIS follows the FIFO level against the trigger; RTIS (receive timeout) is raised while
 * characters wait below the trigger, since the host delivers input in bursts. */
static void update_rx_interrupts(struct PL011 *u)
{
    u->ris &= ~(uint32_t)(INT_RX | INT_RT);
    if (u->rx_count >= rx_trigger_level(u))
        u->ris |= INT_RX;
    else if (u->rx_count > 0)
        u->ris |= INT_RT;
}

bool irq_level(struct PL011 *u) { return (u->ris & u->imsc) != 0; }

static uint32_t flag_register(const struct PL011 *u)
{
    uint32_t fr = FR_TXFE;  /* the transmitter is always empty */
    if (u->rx_count == 0)
        fr |= FR_RXFE;
    if (u->rx_count >= fifo_depth(u))
        fr |= FR_RXFF;
    return fr;
}

static uint32_t pop_rx(struct PL011 *u)
{
    if (u->rx_count == 0)
        return 0;
    uint32_t ch = u->rx_fifo[u->rx_head];
    u->rx_head = (u->rx_head + 1) % FIFO_DEPTH;
    u->rx_count--;
    update_rx_interrupts(u);
    return ch;  /* no framing, parity, break or overrun errors ever */
}

static void transmit(struct PL011 *u, uint8_t ch)
{
    putc(ch, stdout);
    if (ch == '\n')
        fflush(stdout);
    /* The FIFO drains at once, so it is at or below any trigger level after every write. */
    u->ris |= INT_TX;
}

/* ---- Host input ---- */

void pl011_flush(struct PL011 *u)
{
    (void)u;
    fflush(stdout);
}

static void pl011_poll_input(struct PL011 *u)
{
    fflush(stdout);
    /* With --virtio-console stdio, the virtio console reads stdin instead. */
    if (u->stdin_eof || virtio_console_owns_stdin(&u->m->opt.virtio))
        return;
    unsigned depth = fifo_depth(u);
    if (u->rx_count >= depth)
        return;  /* leave the rest in the host's buffer: flow control, not an overrun */
    if (u->stdin_is_tty && tcgetpgrp(STDIN_FILENO) != getpgrp())
        return;  /* reading from a background job would stop it with SIGTTIN */
    struct pollfd pfd = { .fd = STDIN_FILENO, .events = POLLIN };
    if (poll(&pfd, 1, 0) <= 0 || !(pfd.revents & (POLLIN | POLLHUP | POLLERR)))
        return;
    uint8_t buf[FIFO_DEPTH];
    ssize_t n = read(STDIN_FILENO, buf, depth - u->rx_count);
    if (n == 0 || (n < 0 && errno != EINTR && errno != EAGAIN)) {
        u->stdin_eof = true;
        return;
    }
    for (ssize_t i = 0; i < n; i++) {
        u->rx_fifo[(u->rx_head + u->rx_count) % FIFO_DEPTH] = buf[i];
        u->rx_count++;
    }
    update_rx_interrupts(u);
}

/* ---- Register interface ---- */

/* The 32-bit value of the register at word offset `reg`; false for reserved offsets. */
static bool read_register(struct PL011 *u, uint64_t reg, uint32_t *value)
{
    switch (reg) {
    case UART_DR: *value = pop_rx(u); return true;
    case UART_RSR: *value = 0; return true;
    case UART_FR: *value = flag_register(u); return true;
    case UART_ILPR: *value = u->ilpr; return true;
    case UART_IBRD: *value = u->ibrd; return true;
    case UART_FBRD: *value = u->fbrd; return true;
    case UART_LCR_H: *value = u->lcr_h; return true;
    case UART_CR: *value = u->cr; return true;
    case UART_IFLS: *value = u->ifls; return true;
    case UART_IMSC: *value = u->imsc; return true;
    case UART_RIS: *value = u->ris; return true;
    case UART_MIS: *value = u->ris & u->imsc; return true;
    case UART_DMACR: *value = u->dmacr; return true;
    }
    if (reg >= UART_ID_BASE && reg < UART_REG_SIZE) {
        *value = pl011_id[(reg - UART_ID_BASE) / 4];
        return true;
    }
    return false;
}

static int pl011_reg_read(void *opaque, uint64_t offset, unsigned size, uint64_t *value)
{
    struct PL011 *u = opaque;
    if (size > 4 || (offset & (size - 1)) != 0)
        return -1;
    uint32_t word = 0;
    if (!read_register(u, offset & ~3ULL, &word))
        word = 0;  /* reserved offsets read as zero */
    unsigned shift = (unsigned)(offset & 3) * 8;
    *value = size == 4 ? word : (word >> shift) & ((1u << (size * 8)) - 1);
    return 0;
}

static int pl011_reg_write(void *opaque, uint64_t offset, unsigned size, uint64_t value)
{
    struct PL011 *u = opaque;
    if (size > 4 || (offset & 3) != 0)
        return -1;
    uint32_t v = (uint32_t)value;
    switch (offset) {
    case UART_DR: transmit(u, (uint8_t)v); return 0;
    case UART_RSR: return 0;  /* ECR: clears the (always clear) error flags */
    case UART_ILPR: u->ilpr = v & 0xFF; return 0;
    case UART_IBRD: u->ibrd = v & 0xFFFF; return 0;
    case UART_FBRD: u->fbrd = v & 0x3F; return 0;
    case UART_LCR_H:
        u->lcr_h = v & 0xFF;
        update_rx_interrupts(u);
        return 0;
    case UART_CR: u->cr = v & 0xFF87; return 0;
    case UART_IFLS:
        u->ifls = v & 0x3F;
        update_rx_interrupts(u);
        return 0;
    case UART_IMSC: u->imsc = v & INT_ALL; return 0;
    case UART_ICR:
        u->ris &= ~(v & INT_ALL);
        return 0;
    case UART_DMACR: u->dmacr = v & 0x7; return 0;
    case UART_FR:
    case UART_RIS:
    case UART_MIS:
        return 0;  /* read-only: writes are ignored */
    }
    if (offset >= UART_ID_BASE && offset < UART_REG_SIZE)
        return 0;
    return -1;  /* reserved offset */
}

/* The interrupt output (SPI 1, INTID 33 on the virt board) follows RIS & IMSC after every
 * access and every arrival of input. */
#define PL011_INTID 33
static void update_irq(struct PL011 *u) { machine_set_spi(u->m, PL011_INTID, irq_level(u)); }

static int pl011_read(void *opaque, uint64_t offset, unsigned size, bool ns, uint64_t *value)
{
    int r = pl011_reg_read(opaque, offset, size, value);
    update_irq(opaque);
    return r;
}

static int pl011_write(void *opaque, uint64_t offset, unsigned size, bool ns, uint64_t value)
{
    int r = pl011_reg_write(opaque, offset, size, value);
    update_irq(opaque);
    return r;
}

struct PL011 *pl011_create(Machine *m, uint64_t base)
{
    struct PL011 *u = calloc(1, sizeof(*u));
    if (!u) {
        fprintf(stderr, "tetrarch: out of memory creating the PL011 UART\n");
        return NULL;
    }
    u->m = m;
    u->cr = CR_RESET;
    u->ifls = IFLS_RESET;
    Device d = {
        .name = "pl011",
        .base = base,
        .size = UART_REG_SIZE,
        .opaque = u,
        .read = pl011_read,
        .write = pl011_write,
    };
    if (!phys_add_device(&m->phys, &d)) {
        fprintf(stderr, "tetrarch: cannot map the PL011 UART at 0x%llx\n", (unsigned long long)base);
        free(u);
        return NULL;
    }
    u->stdin_is_tty = isatty(STDIN_FILENO);
    if (u->stdin_is_tty)
        enter_raw_mode();
    return u;
}

void pl011_free(struct PL011 *u)
{
    if (!u)
        return;
    fflush(stdout);
    pl011_restore_terminal();
    free(u);
}

void pl011_poll(struct PL011 *u)
{
    pl011_poll_input(u);
    update_irq(u);
}

bool pl011_wait_input(struct PL011 *u)
{
    if (u->stdin_eof || virtio_console_owns_stdin(&u->m->opt.virtio))
        return false;
    /* Block until the host has input (or a signal asks the run to stop). */
    struct pollfd pfd = {.fd = STDIN_FILENO, .events = POLLIN};
    if (poll(&pfd, 1, -1) < 0)
        return errno == EINTR;
    pl011_poll(u);
    return true;
}
