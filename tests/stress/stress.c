/* SPDX-License-Identifier: MIT */
/* Guest-side random stress: from EL3, a seeded stream of random MMIO accesses to every device
 * of the virt board, random virtqueues (descriptor loops, addresses outside RAM, bad indices)
 * and random semihosting calls with bad pointers, then a clean semihosting exit. Aborts are
 * expected: the exception hook skips the faulting instruction and counts. tetrarch must end
 * with this program's status (0) and the host must not notice (tests/stress/run_stress.sh). */
#include <stdbool.h>
#include <stdint.h>

#include "lib/rt.h"

#ifndef STRESS_SEED
#define STRESS_SEED 1
#endif
#ifndef STRESS_OPS
#define STRESS_OPS 100000
#endif

/* The board (docs/devices.md): where each device's registers are and how far they reach. */
#define FLASH0 0x00000000UL
#define FLASH1 0x04000000UL
#define GICD 0x08000000UL
#define GICR 0x080A0000UL
#define UART 0x09000000UL
#define RTC 0x09010000UL
#define VIRTIO 0x0A000000UL
#define VIRTIO_STRIDE 0x200UL
#define VIRTIO_N 32
#define UNASSIGNED 0x0B000000UL
#define RAM_END 0x60000000UL              /* tetrarch's default 512 MiB */
/* The only RAM the devices and semihosting may be told to write: well clear of this image. */
#define SCRATCH 0x50000000UL
#define SCRATCH_SIZE 0x100000UL

/* virtio-mmio registers (virtio 1.2, 4.2.2) and ring flags. */
enum {
    V_MAGIC = 0x000, V_DEVICE_ID = 0x008, V_DEV_FEAT = 0x010, V_DEV_FEAT_SEL = 0x014,
    V_DRV_FEAT = 0x020, V_DRV_FEAT_SEL = 0x024, V_QUEUE_SEL = 0x030, V_QUEUE_NUM_MAX = 0x034,
    V_QUEUE_NUM = 0x038, V_QUEUE_READY = 0x044, V_QUEUE_NOTIFY = 0x050, V_ISR = 0x060,
    V_ISR_ACK = 0x064, V_STATUS = 0x070, V_DESC_LO = 0x080, V_DESC_HI = 0x084,
    V_DRIVER_LO = 0x090, V_DRIVER_HI = 0x094, V_DEVICE_LO = 0x0A0, V_DEVICE_HI = 0x0A4,
    V_CONFIG = 0x100,
};
enum { D_NEXT = 1, D_WRITE = 2, D_INDIRECT = 4 };

/* Semihosting operations that may run in the middle: no SYS_EXIT(_EXTENDED); SYS_OPEN,
 * SYS_REMOVE and SYS_RENAME reach no host file (the test gives no --semihosting-root). */
static const uint8_t semihost_ops[] = {0x01, 0x02, 0x03, 0x04, 0x05, 0x06, 0x07, 0x08, 0x09, 0x0A,
                                       0x0C, 0x0E, 0x0F, 0x10, 0x11, 0x13, 0x15, 0x16, 0x19, 0x30,
                                       0x31, 0x0B, 0x12, 0x17, 0x40, 0xFF};

static uint64_t rng = STRESS_SEED * 0x9E3779B97F4A7C15ULL + 1;

/* xorshift64*: deterministic for a seed. */
static uint64_t rnd(void)
{
    rng ^= rng >> 12;
    rng ^= rng << 25;
    rng ^= rng >> 27;
    return rng * 0x2545F4914F6CDD1DULL;
}
static uint64_t below(uint64_t n) { return rnd() % n; }

/* What happened, reported at the end. */
static struct {
    uint64_t ops, mmio, virtq, tidy, semihost;
    uint64_t sync_exc[64];   /* by exception class */
    uint64_t async_exc;
} count;

/* Every exception: count it, and for a synchronous one go on after the instruction. */
static int on_exception(struct rt_frame *f, int el, int vec)
{
    (void)el;
    if ((vec & 3) == 0) {
        count.sync_exc[ESR_EC(f->esr)]++;
        f->elr += 4;
    } else {
        count.async_exc++;
    }
    return 0;
}

/* An address that the board may be told to write to: the scratch area, or somewhere it cannot
 * write (unassigned, a device, past the end of RAM, the top of the address space). Never this
 * program's own RAM. */
static uint64_t wild_pointer(void)
{
    switch (below(10)) {
    case 0: return UNASSIGNED + below(0x1000000);
    case 1: return RAM_END - below(64);
    case 2: return RAM_END + below(1ULL << 40);
    case 3: return ~0ULL - below(4096);
    case 4: return UART + below(0x1000);
    case 5: return below(1ULL << 48) | (1ULL << 47);  /* beyond any PA */
    default: return SCRATCH + below(SCRATCH_SIZE - 64);
    }
}

/* ---- Accesses ---- */

static uint64_t mmio_read(uint64_t a, unsigned size)
{
    switch (size) {
    case 1: return *(volatile uint8_t *)a;
    case 2: return *(volatile uint16_t *)a;
    case 4: return *(volatile uint32_t *)a;
    default: return *(volatile uint64_t *)a;
    }
}

static void mmio_write(uint64_t a, unsigned size, uint64_t v)
{
    switch (size) {
    case 1: *(volatile uint8_t *)a = (uint8_t)v; break;
    case 2: *(volatile uint16_t *)a = (uint16_t)v; break;
    case 4: *(volatile uint32_t *)a = (uint32_t)v; break;
    default: *(volatile uint64_t *)a = v; break;
    }
}

static uint32_t vrd(uint64_t t, unsigned off) { return *(volatile uint32_t *)(t + off); }
static void vwr(uint64_t t, unsigned off, uint32_t v) { *(volatile uint32_t *)(t + off) = v; }

/* A random value for a register, biased towards the interesting ones. */
static uint64_t random_value(void)
{
    switch (below(6)) {
    case 0: return 0;
    case 1: return ~0ULL;
    case 2: return 1ULL << below(64);
    case 3: return below(16);
    default: return rnd();
    }
}

/* One access to a random register of a random device. */
static void random_mmio(void)
{
    static const struct { uint64_t base, size; } dev[] = {
        {FLASH0, 0x4000000}, {FLASH1, 0x4000000}, {GICD, 0x10000}, {GICR, 0x20000},
        {UART, 0x1000}, {RTC, 0x1000}, {VIRTIO, VIRTIO_N * VIRTIO_STRIDE}, {UNASSIGNED, 0x1000},
    };
    unsigned d = (unsigned)below(sizeof dev / sizeof dev[0]);
    unsigned size = 1u << below(4);
    /* Mostly the first registers of a device (where they are), sometimes anywhere in it. */
    uint64_t off = below(4) ? below(0x200) : below(dev[d].size);
    off &= below(8) ? ~(uint64_t)(size - 1) : ~0ULL;   /* sometimes unaligned */
    if (off + size > dev[d].size)
        off = dev[d].size - size;
    uint64_t a = dev[d].base + off;
    uint64_t v = random_value();
    /* A virtqueue address register would let the device write anywhere: keep such values to
     * the scratch area or to places it cannot write. */
    uint64_t reg = off & (VIRTIO_STRIDE - 1);
    if (dev[d].base == VIRTIO && reg >= V_DESC_LO && reg < V_DEVICE_HI + 4)
        v = (reg & 4) ? (wild_pointer() >> 32) : wild_pointer();
    if (below(2))
        (void)mmio_read(a, size);
    else
        mmio_write(a, size, v);
    count.mmio++;
}

/* ---- Virtqueues ---- */

struct desc { uint64_t addr; uint32_t len; uint16_t flags, next; };

static uint64_t transports[VIRTIO_N];
static uint32_t device_id[VIRTIO_N];
static unsigned n_transports;

static void find_transports(void)
{
    for (unsigned i = 0; i < VIRTIO_N; i++) {
        uint64_t t = VIRTIO + i * VIRTIO_STRIDE;
        if (vrd(t, V_MAGIC) == 0x74726976 && vrd(t, V_DEVICE_ID) != 0) {
            device_id[n_transports] = vrd(t, V_DEVICE_ID);
            transports[n_transports++] = t;
        }
    }
}

/* A place for a ring: mostly the scratch area (aligned or not), sometimes a wild one. */
static uint64_t ring_address(unsigned align)
{
    if (below(6) == 0)
        return wild_pointer();
    uint64_t a = SCRATCH + below(SCRATCH_SIZE / 2);
    return below(8) ? a & ~(uint64_t)(align - 1) : a;
}

/* One well-formed request, so that the devices' paths past the checks run too: a disk read,
 * write, flush or GET_ID of a random sector (beyond the disk sometimes), or a line on the
 * console, on a freshly negotiated queue of eight entries in the scratch area. */
static void tidy_request(void)
{
    unsigned k = (unsigned)below(n_transports);
    uint64_t t = transports[k];
    bool console = device_id[k] == 3;
    vwr(t, V_STATUS, 0);
    vwr(t, V_STATUS, 3);
    vwr(t, V_DEV_FEAT_SEL, 1);
    if (!(vrd(t, V_DEV_FEAT) & 1))
        return;
    vwr(t, V_DRV_FEAT_SEL, 1);
    vwr(t, V_DRV_FEAT, 1);   /* VIRTIO_F_VERSION_1 */
    vwr(t, V_DRV_FEAT_SEL, 0);
    vwr(t, V_DRV_FEAT, 0);
    vwr(t, V_STATUS, 0xB);
    unsigned q = console ? 1 : 0;   /* the console's transmit queue, the disk's only one */
    uint64_t ring = SCRATCH + 0x1000 * below(64);
    struct desc *d = (struct desc *)ring;
    volatile uint16_t *avail = (volatile uint16_t *)(ring + 0x100);
    uint64_t used = ring + 0x200, buf = SCRATCH + SCRATCH_SIZE / 2 + 0x1000 * below(64);
    vwr(t, V_QUEUE_SEL, q);
    vwr(t, V_QUEUE_NUM, 8);
    vwr(t, V_DESC_LO, (uint32_t)ring);
    vwr(t, V_DESC_HI, 0);
    vwr(t, V_DRIVER_LO, (uint32_t)(uint64_t)avail);
    vwr(t, V_DRIVER_HI, 0);
    vwr(t, V_DEVICE_LO, (uint32_t)used);
    vwr(t, V_DEVICE_HI, 0);
    vwr(t, V_QUEUE_READY, 1);
    vwr(t, V_STATUS, 0xF);
    if (console) {
        static const char line[] = "stress: virtio console line\n";
        memcpy((void *)buf, line, sizeof line - 1);
        d[0] = (struct desc){buf, sizeof line - 1, 0, 0};
    } else {
        static const uint32_t types[] = {0, 1, 4, 8};   /* IN, OUT, FLUSH, GET_ID */
        uint32_t type = types[below(4)];
        *(volatile uint32_t *)buf = type;
        *(volatile uint32_t *)(buf + 4) = 0;
        *(volatile uint64_t *)(buf + 8) = below(4) ? below(128) : below(1ULL << 40);
        uint32_t len = type == 8 ? 20 : 512 * (uint32_t)(1 + below(4));
        d[0] = (struct desc){buf, 16, D_NEXT, 1};
        d[1] = (struct desc){buf + 0x100, len, (uint16_t)(D_NEXT | (type == 1 ? 0 : D_WRITE)), 2};
        d[2] = (struct desc){buf + 0x100 + len, 1, D_WRITE, 0};
        if (type == 4)
            d[0].next = 2;   /* FLUSH: no data */
    }
    avail[0] = 0;
    avail[2] = 0;
    avail[1] = 1;    /* the queue was just set up: its first entry */
    __asm__ volatile("dsb sy" ::: "memory");
    vwr(t, V_QUEUE_NOTIFY, q);
    vwr(t, V_ISR_ACK, vrd(t, V_ISR));
    count.tidy++;
}

/* Set up one queue of one device with random (mostly valid) choices, fill its descriptors and
 * its available ring with random entries, and notify. */
static void random_virtqueue(void)
{
    if (!n_transports)
        return;
    count.virtq++;
    if (below(3) == 0) {
        tidy_request();
        return;
    }
    unsigned k = (unsigned)below(n_transports);
    uint64_t t = transports[k];
    /* A console sends every byte a buffer holds to stdout: keep its buffers small, and no
     * indirect tables (whose entries would be whatever the scratch area holds). */
    bool console = device_id[k] == 3;
    if (below(3) == 0) {
        /* Renegotiate: reset, ACKNOWLEDGE | DRIVER, features, FEATURES_OK. */
        vwr(t, V_STATUS, 0);
        vwr(t, V_STATUS, 3);
        for (unsigned sel = 0; sel < 2; sel++) {
            vwr(t, V_DEV_FEAT_SEL, sel);
            uint32_t f = vrd(t, V_DEV_FEAT);
            vwr(t, V_DRV_FEAT_SEL, sel);
            vwr(t, V_DRV_FEAT, below(8) ? f & (uint32_t)rnd() : (uint32_t)rnd());
        }
        vwr(t, V_STATUS, 0xB);
    }
    unsigned q = (unsigned)below(4);   /* queues 0 and 1 exist on the console, 0 on the disk */
    vwr(t, V_QUEUE_SEL, q);
    uint32_t max = vrd(t, V_QUEUE_NUM_MAX);
    uint32_t num = below(8) ? 1u << below(7) : (uint32_t)random_value();
    if (max && num > max && below(2))
        num = max;
    uint64_t desc = ring_address(16), avail = ring_address(2), used = ring_address(4);
    if (below(4)) {
        vwr(t, V_QUEUE_READY, 0);
        vwr(t, V_QUEUE_NUM, num);
        vwr(t, V_DESC_LO, (uint32_t)desc);
        vwr(t, V_DESC_HI, (uint32_t)(desc >> 32));
        vwr(t, V_DRIVER_LO, (uint32_t)avail);
        vwr(t, V_DRIVER_HI, (uint32_t)(avail >> 32));
        vwr(t, V_DEVICE_LO, (uint32_t)used);
        vwr(t, V_DEVICE_HI, (uint32_t)(used >> 32));
        vwr(t, V_QUEUE_READY, 1);
    }
    vwr(t, V_STATUS, below(8) ? 0xF : (uint32_t)rnd());
    /* Descriptors and ring entries, where they are in the scratch area (aligned enough for
     * this program's own stores: the MMU is off, so RAM is Device memory). */
    if (desc >= SCRATCH && desc < SCRATCH + SCRATCH_SIZE / 2 && !(desc & 15)) {
        struct desc *d = (struct desc *)desc;
        unsigned n = num && num <= 64 ? num : 16;
        for (unsigned i = 0; i < n; i++) {
            d[i].addr = below(3) ? SCRATCH + SCRATCH_SIZE / 2 + below(SCRATCH_SIZE / 2 - 4096) : wild_pointer();
            /* Huge lengths only where the device fails at once: a console sends what a
             * buffer in RAM holds, all of it (up to the end of RAM) to stdout. */
            bool in_ram = d[i].addr >= SCRATCH && d[i].addr < RAM_END;
            d[i].len = below(4) || in_ram ? (uint32_t)below(4096) : (uint32_t)random_value();
            d[i].flags = (uint16_t)(below(4) ? below(8) : rnd());
            if (console)
                d[i].flags &= (uint16_t)~D_INDIRECT;
            /* A chain onwards, or back (a loop), or past the end of the table. */
            d[i].next = (uint16_t)(below(3) ? i + 1 : below(2) ? below(i + 1) : rnd());
            if (below(4) == 0 && d[i].addr >= SCRATCH && d[i].addr < SCRATCH + SCRATCH_SIZE) {
                /* A virtio-blk header: IN, OUT, FLUSH, GET_ID, or nonsense; a random sector. */
                static const uint32_t types[] = {0, 1, 4, 8, 11, 13, 0xFFFFFFFF};
                uint64_t h = d[i].addr & ~15ULL;
                *(volatile uint32_t *)h = types[below(7)];
                *(volatile uint32_t *)(h + 4) = 0;
                *(volatile uint64_t *)(h + 8) = below(2) ? below(64) : rnd();
            }
        }
    }
    if (avail >= SCRATCH && avail < SCRATCH + SCRATCH_SIZE / 2 && !(avail & 1)) {
        volatile uint16_t *a = (volatile uint16_t *)avail;
        unsigned n = num && num <= 64 ? num : 16;
        for (unsigned i = 0; i < n; i++)
            a[2 + i] = (uint16_t)(below(4) ? below(n) : rnd());
        a[0] = (uint16_t)below(2);   /* flags: NO_INTERRUPT or not */
        a[1] = (uint16_t)(a[1] + (below(4) ? 1 + below(4) : rnd()));
    }
    __asm__ volatile("dsb sy" ::: "memory");
    vwr(t, V_QUEUE_NOTIFY, below(8) ? q : (uint32_t)rnd());
    uint32_t isr = vrd(t, V_ISR);
    vwr(t, V_ISR_ACK, below(4) ? isr : (uint32_t)rnd());
    (void)vrd(t, V_CONFIG + (unsigned)below(0x100 / 4) * 4);
}

/* ---- Semihosting ---- */

static uint64_t semihost(uint64_t op, uint64_t arg)
{
    register uint64_t x0 __asm__("x0") = op;
    register uint64_t x1 __asm__("x1") = arg;
    __asm__ volatile("hlt #0xf000" : "+r"(x0) : "r"(x1) : "memory");
    return x0;
}

/* A random call with a parameter block of random words: pointers (wild or into the scratch
 * area), lengths (small, or huge where the pointer makes the call fail at once), handles. */
static void random_semihost(void)
{
    uint64_t op = semihost_ops[below(sizeof semihost_ops)];
    /* In the half of the scratch area that holds buffers, not rings. */
    uint64_t block = below(4) ? SCRATCH + SCRATCH_SIZE / 2 + (below(SCRATCH_SIZE / 2 - 64) & ~7ULL) : wild_pointer();
    if (block >= SCRATCH && block < SCRATCH + SCRATCH_SIZE) {
        volatile uint64_t *b = (volatile uint64_t *)block;
        for (unsigned i = 0; i < 4; i++) {
            switch (below(5)) {
            case 0: b[i] = below(70); break;                /* a handle, a mode */
            case 1: b[i] = below(4096); break;              /* a length */
            case 2: b[i] = wild_pointer(); break;
            case 3: b[i] = ~0ULL - below(2); break;         /* a huge length */
            default: b[i] = SCRATCH + SCRATCH_SIZE / 2 + below(SCRATCH_SIZE / 2 - 8192); break;
            }
        }
        /* A huge length only with a pointer that fails at once: below the end of RAM are
         * flash, devices and RAM, which SYS_WRITE would copy to stdout, up to 128 MiB of
         * flash status bytes. */
        if (b[2] > 8192 && b[1] < RAM_END)
            b[2] &= 0xFFF;
    }
    if (op == 0x03 || op == 0x04) {
        /* WRITEC and WRITE0 take the pointer in X1 itself: a string in the scratch area, or
         * a wild pointer (never flash, which reads as a string of 128 MiB without a NUL). */
        if (below(2))
            block = wild_pointer();
        else if (block >= SCRATCH && block < SCRATCH + SCRATCH_SIZE)
            *(volatile uint64_t *)(block + 8 * below(4)) = 0;
    }
    (void)semihost(op, block);
    count.semihost++;
}

/* ---- Report ---- */

static char *put_str(char *p, const char *s)
{
    while (*s)
        *p++ = *s++;
    return p;
}

static char *put_dec(char *p, uint64_t v)
{
    char tmp[24];
    int n = 0;
    do {
        tmp[n++] = (char)('0' + v % 10);
        v /= 10;
    } while (v);
    while (n)
        *p++ = tmp[--n];
    return p;
}

/* Through semihosting SYS_WRITE0: the random accesses may have turned the UART off. */
static void report(void)
{
    static char line[512];
    char *p = put_str(line, "stress: seed ");
    p = put_dec(p, STRESS_SEED);
    p = put_str(p, ": ");
    p = put_dec(p, count.ops);
    p = put_str(p, " operations (");
    p = put_dec(p, count.mmio);
    p = put_str(p, " MMIO, ");
    p = put_dec(p, count.virtq);
    p = put_str(p, " virtqueue (");
    p = put_dec(p, count.tidy);
    p = put_str(p, " well-formed), ");
    p = put_dec(p, count.semihost);
    p = put_str(p, " semihosting), exceptions:");
    for (unsigned ec = 0; ec < 64; ec++)
        if (count.sync_exc[ec]) {
            p = put_str(p, " EC");
            p = put_dec(p, ec);
            p = put_str(p, "=");
            p = put_dec(p, count.sync_exc[ec]);
        }
    p = put_str(p, " async=");
    p = put_dec(p, count.async_exc);
    p = put_str(p, "\n");
    *p = 0;
    semihost(0x04, (uint64_t)line);
}

int main(void)
{
    rt_exc_hook = on_exception;
    find_transports();
    for (count.ops = 0; count.ops < STRESS_OPS; count.ops++) {
        unsigned k = (unsigned)below(16);
        if (k < 10)
            random_mmio();
        else if (k < 13)
            random_virtqueue();
        else
            random_semihost();
    }
    report();
    return 0;
}
