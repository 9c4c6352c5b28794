/* SPDX-License-Identifier: MIT */
/* Guest for test_virtio_guest.sh: drives virtio-blk (transport 31) and virtio-console
 * (transport 30) through their MMIO registers from EL3, and prints PASS/FAIL lines on the
 * PL011. Returns the number of failures (the semihosting exit status). */
#include <stdint.h>

#define UART_DR ((volatile uint32_t *)0x09000000)
#define BLK 0x0A003E00UL
#define CONSOLE 0x0A003C00UL

enum {
    MAGIC = 0x000, VERSION = 0x004, DEVICE_ID = 0x008, DEV_FEAT = 0x010, DEV_FEAT_SEL = 0x014,
    DRV_FEAT = 0x020, DRV_FEAT_SEL = 0x024, QUEUE_SEL = 0x030, QUEUE_NUM = 0x038,
    QUEUE_READY = 0x044, QUEUE_NOTIFY = 0x050, ISR = 0x060, ISR_ACK = 0x064, STATUS = 0x070,
    DESC_LO = 0x080, DESC_HI = 0x084, DRIVER_LO = 0x090, DRIVER_HI = 0x094, DEVICE_LO = 0x0A0,
    DEVICE_HI = 0x0A4, CONFIG = 0x100,
};
enum { F_NEXT = 1, F_WRITE = 2 };
#define QSIZE 8

struct desc { uint64_t addr; uint32_t len; uint16_t flags, next; };
struct avail { uint16_t flags, idx, ring[QSIZE], used_event; };
struct used { uint16_t flags, idx; struct { uint32_t id, len; } ring[QSIZE]; uint16_t avail_event; };
struct queue {
    struct desc d[QSIZE] __attribute__((aligned(16)));
    struct avail a __attribute__((aligned(4)));
    struct used u __attribute__((aligned(4)));
};

static struct queue blkq, rxq, txq;
static uint8_t sector[512] __attribute__((aligned(16)));
static struct { uint32_t type, reserved; uint64_t sector; } hdr;
static volatile uint8_t status;
static int failures;

static void put(const char *s) { while (*s) *UART_DR = (uint8_t)*s++; }
static void check(int ok, const char *what)
{
    put(ok ? "PASS " : "FAIL ");
    put(what);
    put("\n");
    failures += !ok;
}

static uint32_t rd(uint64_t base, unsigned off) { return *(volatile uint32_t *)(base + off); }
static void wr(uint64_t base, unsigned off, uint32_t v) { *(volatile uint32_t *)(base + off) = v; }
static void barrier(void) { __asm__ volatile("dsb sy" ::: "memory"); }

static void setup_queue(uint64_t base, unsigned index, struct queue *q)
{
    wr(base, QUEUE_SEL, index);
    wr(base, QUEUE_NUM, QSIZE);
    wr(base, DESC_LO, (uint32_t)(uint64_t)q->d);
    wr(base, DESC_HI, 0);
    wr(base, DRIVER_LO, (uint32_t)(uint64_t)&q->a);
    wr(base, DRIVER_HI, 0);
    wr(base, DEVICE_LO, (uint32_t)(uint64_t)&q->u);
    wr(base, DEVICE_HI, 0);
    wr(base, QUEUE_READY, 1);
}

static int start(uint64_t base, unsigned nqueues, struct queue *q0, struct queue *q1)
{
    wr(base, STATUS, 0);
    wr(base, STATUS, 1);
    wr(base, STATUS, 3);
    wr(base, DEV_FEAT_SEL, 1);
    if (!(rd(base, DEV_FEAT) & 1))
        return 0;
    wr(base, DRV_FEAT_SEL, 1);
    wr(base, DRV_FEAT, 1);       /* VIRTIO_F_VERSION_1 only */
    wr(base, DRV_FEAT_SEL, 0);
    wr(base, DRV_FEAT, 0);
    wr(base, STATUS, 0xB);
    if (rd(base, STATUS) != 0xB)
        return 0;
    setup_queue(base, 0, q0);
    if (nqueues > 1)
        setup_queue(base, 1, q1);
    wr(base, STATUS, 0xF);
    return 1;
}

/* One request in descriptors 0..2 (header, data, status); returns the status byte. */
static int blk_request(uint32_t type, uint64_t sec, int has_data, int data_written)
{
    hdr.type = type;
    hdr.reserved = 0;
    hdr.sector = sec;
    status = 0xFF;
    struct desc *d = blkq.d;
    d[0] = (struct desc){(uint64_t)&hdr, 16, F_NEXT, 1};
    d[1] = (struct desc){(uint64_t)sector, 512, (uint16_t)(F_NEXT | (data_written ? F_WRITE : 0)), 2};
    d[2] = (struct desc){(uint64_t)&status, 1, F_WRITE, 0};
    if (!has_data)
        d[0].next = 2;
    uint16_t before = blkq.u.idx;
    blkq.a.ring[blkq.a.idx % QSIZE] = 0;
    barrier();
    blkq.a.idx++;
    barrier();
    wr(BLK, QUEUE_NOTIFY, 0);
    barrier();
    if (blkq.u.idx != (uint16_t)(before + 1))
        return -1;
    return status;
}

/* A board without the transports aborts the first access: say FAIL and exit 1 from the
 * vector (current EL with SP_ELx, synchronous, offset 0x200). tetrarch's board always has
 * them, so their absence is a failure, never a reason to skip. */
void fail_no_transports(void);
void fail_no_transports(void)
{
    static const uint64_t block[2] = {0x20026, 1};
    put("FAIL no virtio-mmio transports on this board\n");
    register uint64_t op __asm__("x0") = 0x18;
    register const uint64_t *arg __asm__("x1") = block;
    __asm__ volatile("hlt #0xf000" : : "r"(op), "r"(arg) : "memory");
    for (;;) {
    }
}
__asm__(".balign 2048\n"
        "fail_vectors:\n"
        ".space 0x200\n"
        "    b fail_no_transports\n");

#ifdef FLUSH_LOOP
/* The durability guest: forever, write counter k into sector 1 + k % 8, FLUSH, and only then
 * say "flushed k". Whatever point tetrarch is killed at, every k it said is on disk. */
static void put_dec(uint64_t v)
{
    char buf[24];
    int n = 0;
    do
        buf[n++] = (char)('0' + v % 10);
    while (v /= 10);
    while (n)
        *UART_DR = (uint8_t)buf[--n];
}

static int flush_loop(void)
{
    for (uint64_t k = 1;; k++) {
        for (int i = 0; i < 512; i += 8)
            *(uint64_t *)(sector + i) = k;
        if (blk_request(1, 1 + k % 8, 1, 0) != 0 || blk_request(4, 0, 0, 0) != 0) {
            put("FAIL write or flush\n");
            return 1;
        }
        put("flushed ");
        put_dec(k);
        put("\n");
    }
}
#endif

int main(void)
{
    extern char fail_vectors[];
    __asm__ volatile("msr vbar_el3, %0\n isb" : : "r"(fail_vectors));
    if (rd(BLK, DEVICE_ID) == 0) {
        put("FAIL no virtio-blk device on transport 31 (--drive was given)\n");
        return 1;
    }
    check(rd(BLK, MAGIC) == 0x74726976 && rd(BLK, VERSION) == 2, "magic and version");
    check(rd(BLK, DEVICE_ID) == 2 && rd(CONSOLE, DEVICE_ID) == 3, "blk on 31, console on 30");
    check(rd(0x0A000000, DEVICE_ID) == 0, "transport 0 empty");
    check(start(BLK, 1, &blkq, 0), "blk negotiation");
    check(rd(BLK, CONFIG) == 16, "capacity 16 sectors");
#ifdef FLUSH_LOOP
    return flush_loop();
#endif

    check(blk_request(0, 0, 1, 1) == 0, "read sector 0");
    static const char expect[] = "TETRARCH-DISK-IMAGE";
    int same = 1;
    for (int i = 0; expect[i]; i++)
        same &= sector[i] == (uint8_t)expect[i];
    check(same, "sector 0 contents");
    check((rd(BLK, ISR) & 1) == 1, "used-buffer interrupt status");
    wr(BLK, ISR_ACK, 1);
    check(rd(BLK, ISR) == 0, "interrupt acknowledged");

    static const char text[] = "WRITTEN-BY-GUEST";
    for (int i = 0; i < 512; i++)
        sector[i] = i < (int)sizeof text - 1 ? (uint8_t)text[i] : (uint8_t)i;
    check(blk_request(1, 3, 1, 0) == 0, "write sector 3");
    check(blk_request(4, 0, 0, 0) == 0, "flush");
    check(blk_request(1, 16, 1, 0) == 1, "write past the end fails");

    check(start(CONSOLE, 2, &rxq, &txq), "console negotiation");
    static const char hello[] = "virtio console says hi\n";
    txq.d[0] = (struct desc){(uint64_t)hello, sizeof hello - 1, 0, 0};
    txq.a.ring[0] = 0;
    barrier();
    txq.a.idx = 1;
    barrier();
    wr(CONSOLE, QUEUE_NOTIFY, 1);
    check(txq.u.idx == 1, "console transmit used");
    wr(CONSOLE, CONFIG + 8, '!');
    wr(CONSOLE, CONFIG + 8, '\n');
    return failures;
}
