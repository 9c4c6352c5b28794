/* SPDX-License-Identifier: MIT */
/* virtio-mmio transports, virtio-blk and virtio-console: the tests play the driver, building
 * split virtqueues by hand in guest RAM and programming the registers with phys_read/write. */
#include <check.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "mmu/phys.h"
#include "peripherals/gic.h"
#include "peripherals/virtio_mmio.h"
#include "tests/unit/harness.h"

/* Register offsets (virtio 1.2 section 4.2.2). */
enum {
    R_MAGIC = 0x000, R_VERSION = 0x004, R_DEVICE_ID = 0x008, R_VENDOR_ID = 0x00C,
    R_DEV_FEAT = 0x010, R_DEV_FEAT_SEL = 0x014, R_DRV_FEAT = 0x020, R_DRV_FEAT_SEL = 0x024,
    R_QUEUE_SEL = 0x030, R_QUEUE_NUM_MAX = 0x034, R_QUEUE_NUM = 0x038, R_QUEUE_READY = 0x044,
    R_QUEUE_NOTIFY = 0x050, R_ISR = 0x060, R_ISR_ACK = 0x064, R_STATUS = 0x070,
    R_DESC_LO = 0x080, R_DESC_HI = 0x084, R_DRIVER_LO = 0x090, R_DRIVER_HI = 0x094,
    R_DEVICE_LO = 0x0A0, R_DEVICE_HI = 0x0A4, R_SHM_SEL = 0x0AC, R_SHM_LEN_LO = 0x0B0,
    R_CONFIG_GEN = 0x0FC, R_CONFIG = 0x100,
};
enum { S_ACK = 1, S_DRIVER = 2, S_DRIVER_OK = 4, S_FEATURES_OK = 8, S_NEEDS_RESET = 64 };
enum { F_NEXT = 1, F_WRITE = 2, F_INDIRECT = 4 };
enum { T_IN = 0, T_OUT = 1, T_FLUSH = 4, T_GET_ID = 8 };
enum { ST_OK = 0, ST_IOERR = 1, ST_UNSUPP = 2 };

#define F_VERSION_1 (1ULL << 32)
#define F_INDIRECT_DESC (1ULL << 28)
#define F_EVENT_IDX (1ULL << 29)
#define BLK_F_SEG_MAX (1ULL << 2)
#define BLK_F_RO (1ULL << 5)
#define BLK_F_BLK_SIZE (1ULL << 6)
#define BLK_F_FLUSH (1ULL << 9)
#define CONSOLE_F_EMERG_WRITE (1ULL << 2)

/* The first device on the command line sits on the last transport, the second below it. */
#define FIRST 31
#define SECOND 30

/* Guest memory the tests use: queues, request headers, data. */
#define QMEM 0x40100000ULL      /* queue k of a test: QMEM + k * 0x10000 */
#define HDR 0x40300000ULL
#define STATUS 0x40300100ULL
#define DATA 0x40400000ULL
#define SECTORS 64

static Machine *m;
static char image[64], image2[64];
static bool spi_level[1024];
static unsigned spi_changes;

static void fake_set_spi(void *intc, unsigned intid, bool level)
{
    (void)intc;
    if (intid < 1024 && spi_level[intid] != level) {
        spi_level[intid] = level;
        spi_changes++;
    }
}

static uint8_t pattern(uint64_t sector, unsigned i) { return (uint8_t)(sector * 31 + i * 7 + 1); }

/* A temp image of `bytes` bytes holding the pattern. */
static void make_image(char *path, uint64_t bytes)
{
    strcpy(path, "/tmp/tetrarch-virtio-XXXXXX");
    int fd = mkstemp(path);
    ck_assert_int_ge(fd, 0);
    uint8_t *buf = malloc(bytes);
    for (uint64_t i = 0; i < bytes; i++)
        buf[i] = pattern(i / 512, (unsigned)(i % 512));
    ck_assert_int_eq(write(fd, buf, bytes), (ssize_t)bytes);
    free(buf);
    close(fd);
}

static void file_bytes(const char *path, uint64_t off, void *buf, size_t n)
{
    int fd = open(path, O_RDONLY);
    ck_assert_int_ge(fd, 0);
    ck_assert_int_eq(pread(fd, buf, n, (off_t)off), (ssize_t)n);
    close(fd);
}

static void setup(void)
{
    make_image(image, SECTORS * 512);
    make_image(image2, SECTORS * 512);
    memset(spi_level, 0, sizeof spi_level);
    spi_changes = 0;
    m = NULL;
}

static void teardown(void)
{
    if (m) {
        virtio_free_all(m);
        machine_free(m);
        free(m);
        m = NULL;
    }
    unlink(image);
    unlink(image2);
}

/* Build the machine with the devices of `o` (machine_init creates them once the board calls
 * virtio_create_all; until then the test does). */
static void boot(const VirtioOptions *o)
{
    MachineOptions mo = {.ram_size = 64ULL << 20, .quiet = true};
    mo.virtio = *o;
    m = calloc(1, sizeof *m);
    ck_assert(machine_init(m, &mo));
    if (!m->virtio)
        ck_assert(virtio_create_all(m, &mo.virtio));
    /* Replace the board's GIC by a recorder of the interrupt lines. */
    gic_free(m->intc);
    m->intc_set_spi = fake_set_spi;
}

static VirtioOptions opts;

static void add_drive(const char *spec)
{
    char err[160];
    ck_assert_msg(virtio_parse_drive(&opts, spec, err, sizeof err), "%s", err);
}

/* One read-only drive of `image` on transport 31 (serial "tetrarch-disk-0"). */
static void boot_ro(void)
{
    memset(&opts, 0, sizeof opts);
    char spec[128];
    snprintf(spec, sizeof spec, "file=%s,serial=tetrarch-disk-0", image);
    add_drive(spec);
    boot(&opts);
    virtio_options_free(&opts);
}

static void boot_rw(void)
{
    memset(&opts, 0, sizeof opts);
    char spec[128];
    snprintf(spec, sizeof spec, "file=%s,rw", image);
    add_drive(spec);
    boot(&opts);
    virtio_options_free(&opts);
}

/* ---- Register and memory access ---- */

static uint64_t reg_pa(unsigned n, unsigned off) { return VIRT_VIRTIO_BASE + (uint64_t)n * VIRTIO_MMIO_STRIDE + off; }

static uint64_t rd_sized(unsigned n, unsigned off, unsigned size)
{
    uint64_t v = 0;
    ck_assert_int_eq(phys_read(&m->phys, reg_pa(n, off), size, &v), 0);
    return v;
}
static uint32_t rd(unsigned n, unsigned off) { return (uint32_t)rd_sized(n, off, 4); }
static void wr(unsigned n, unsigned off, uint32_t v) { ck_assert_int_eq(phys_write(&m->phys, reg_pa(n, off), 4, v), 0); }

static uint64_t peek(uint64_t pa, unsigned size)
{
    uint64_t v = 0;
    ck_assert_int_eq(phys_read(&m->phys, pa, size, &v), 0);
    return v;
}
static void poke(uint64_t pa, unsigned size, uint64_t v) { ck_assert_int_eq(phys_write(&m->phys, pa, size, v), 0); }
static uint8_t *host(uint64_t pa, uint64_t len)
{
    uint8_t *p = phys_host_ptr(&m->phys, pa, len);
    ck_assert_ptr_nonnull(p);
    return p;
}

static uint64_t device_features(unsigned n)
{
    wr(n, R_DEV_FEAT_SEL, 0);
    uint64_t lo = rd(n, R_DEV_FEAT);
    wr(n, R_DEV_FEAT_SEL, 1);
    return lo | (uint64_t)rd(n, R_DEV_FEAT) << 32;
}

/* ---- The driver side of a split virtqueue ---- */

typedef struct {
    unsigned n, index, num;
    uint64_t desc, avail, used;
    uint16_t avail_idx;
} Q;

static Q queues[2];

static Q *setup_queue(unsigned n, unsigned index, unsigned num)
{
    Q *q = &queues[index];
    *q = (Q){.n = n, .index = index, .num = num};
    q->desc = QMEM + index * 0x10000ULL;
    q->avail = q->desc + 0x1000;
    q->used = q->desc + 0x2000;
    memset(host(q->desc, 0x3000), 0, 0x3000);
    wr(n, R_QUEUE_SEL, index);
    ck_assert_uint_eq(rd(n, R_QUEUE_READY), 0);
    ck_assert_uint_ge(rd(n, R_QUEUE_NUM_MAX), num);
    wr(n, R_QUEUE_NUM, num);
    wr(n, R_DESC_LO, (uint32_t)q->desc);
    wr(n, R_DESC_HI, (uint32_t)(q->desc >> 32));
    wr(n, R_DRIVER_LO, (uint32_t)q->avail);
    wr(n, R_DRIVER_HI, 0);
    wr(n, R_DEVICE_LO, (uint32_t)q->used);
    wr(n, R_DEVICE_HI, 0);
    wr(n, R_QUEUE_READY, 1);
    return q;
}

/* Virtio initialisation (section 3.1.1) with `features`, `nq` queues of `num` entries. */
static void driver_start(unsigned n, uint64_t features, unsigned nq, unsigned num)
{
    wr(n, R_STATUS, 0);
    wr(n, R_STATUS, S_ACK);
    wr(n, R_STATUS, S_ACK | S_DRIVER);
    ck_assert_uint_eq(features & ~device_features(n), 0);
    wr(n, R_DRV_FEAT_SEL, 0);
    wr(n, R_DRV_FEAT, (uint32_t)features);
    wr(n, R_DRV_FEAT_SEL, 1);
    wr(n, R_DRV_FEAT, (uint32_t)(features >> 32));
    wr(n, R_STATUS, S_ACK | S_DRIVER | S_FEATURES_OK);
    ck_assert_uint_eq(rd(n, R_STATUS), S_ACK | S_DRIVER | S_FEATURES_OK);
    for (unsigned i = 0; i < nq; i++)
        setup_queue(n, i, num);
    wr(n, R_STATUS, S_ACK | S_DRIVER | S_FEATURES_OK | S_DRIVER_OK);
}

static void put_desc(const Q *q, uint64_t table, unsigned i, uint64_t addr, uint32_t len, uint16_t flags, uint16_t next)
{
    uint64_t d = table + 16ULL * i;
    poke(d, 8, addr);
    poke(d + 8, 4, len);
    poke(d + 12, 2, flags);
    poke(d + 14, 2, next);
    (void)q;
}

/* Make chain `head` available (without notifying). */
static void make_available(Q *q, uint16_t head)
{
    poke(q->avail + 4 + 2ULL * (q->avail_idx % q->num), 2, head);
    q->avail_idx++;
    poke(q->avail + 2, 2, q->avail_idx);
}

static void notify(const Q *q) { wr(q->n, R_QUEUE_NOTIFY, q->index); }

static uint16_t used_idx(const Q *q) { return (uint16_t)peek(q->used + 2, 2); }
static uint32_t used_id(const Q *q, unsigned k) { return (uint32_t)peek(q->used + 4 + 8ULL * k, 4); }
static uint32_t used_len(const Q *q, unsigned k) { return (uint32_t)peek(q->used + 8 + 8ULL * k, 4); }

typedef struct {
    uint64_t addr;
    uint32_t len;
    bool write;
} Buf;

/* Submit the buffers as one chain in descriptors 0..nb-1 and notify. */
static void submit(Q *q, const Buf *b, unsigned nb)
{
    for (unsigned i = 0; i < nb; i++)
        put_desc(q, q->desc, i, b[i].addr, b[i].len, (uint16_t)((b[i].write ? F_WRITE : 0) | (i + 1 < nb ? F_NEXT : 0)),
                 (uint16_t)(i + 1));
    make_available(q, 0);
    notify(q);
}

static void write_header(uint32_t type, uint64_t sector)
{
    poke(HDR, 4, type);
    poke(HDR + 4, 4, 0);
    poke(HDR + 8, 8, sector);
    poke(STATUS, 1, 0xFF);
}

/* A three-descriptor request: header, data, status. Returns the status byte. */
static uint8_t blk_request(Q *q, uint32_t type, uint64_t sector, uint32_t len, bool data_written)
{
    write_header(type, sector);
    uint16_t before = used_idx(q);
    Buf b[3] = {{HDR, 16, false}, {DATA, len, data_written}, {STATUS, 1, true}};
    if (len)
        submit(q, b, 3);
    else {
        b[1] = b[2];
        submit(q, b, 2);
    }
    ck_assert_uint_eq(used_idx(q), (uint16_t)(before + 1));
    return (uint8_t)peek(STATUS, 1);
}

static void start_blk(uint64_t extra)
{
    driver_start(FIRST, F_VERSION_1 | extra, 1, 16);
}

/* ---- Transport ---- */

START_TEST(test_empty_transports)
{
    memset(&opts, 0, sizeof opts);
    boot(&opts);
    for (unsigned n = 0; n < VIRTIO_TRANSPORTS; n++) {
        ASSERT_HEX(rd(n, R_MAGIC), 0x74726976);
        ASSERT_HEX(rd(n, R_VERSION), 2);
        ASSERT_HEX(rd(n, R_DEVICE_ID), 0);
        ASSERT_HEX(rd(n, R_VENDOR_ID), 0x554D4551);
        ASSERT_HEX(device_features(n), 0);
        ASSERT_HEX(rd(n, R_QUEUE_NUM_MAX), 0);
        wr(n, R_STATUS, S_ACK); /* ignored */
        ASSERT_HEX(rd(n, R_STATUS), 0);
    }
    /* Only the 32 transports: the byte after the last one is unassigned. */
    uint64_t v;
    ck_assert_int_eq(phys_read(&m->phys, VIRT_VIRTIO_BASE + 32 * 0x200, 4, &v), -1);
}
END_TEST

START_TEST(test_devices_fill_from_the_last_transport)
{
    memset(&opts, 0, sizeof opts);
    char spec[128];
    snprintf(spec, sizeof spec, "file=%s", image);
    add_drive(spec);
    char err[160];
    ck_assert(virtio_parse_console(&opts, "stdout", err, sizeof err));
    snprintf(spec, sizeof spec, "file=%s", image2);
    add_drive(spec);
    boot(&opts);
    virtio_options_free(&opts);
    ASSERT_HEX(reg_pa(FIRST, 0), 0x0A003E00);
    ASSERT_HEX(rd(31, R_DEVICE_ID), 2);
    ASSERT_HEX(rd(30, R_DEVICE_ID), 3);
    ASSERT_HEX(rd(29, R_DEVICE_ID), 2);
    ASSERT_HEX(rd(28, R_DEVICE_ID), 0);
    ASSERT_HEX(rd(0, R_DEVICE_ID), 0);
    ck_assert_uint_eq(virtio_transport_of(0), 31);
    ck_assert_uint_eq(virtio_transport_of(2), 29);
}
END_TEST

START_TEST(test_register_layout)
{
    boot_ro();
    ASSERT_HEX(rd(FIRST, R_MAGIC), 0x74726976);
    ASSERT_HEX(rd(FIRST, R_VERSION), 2);
    ASSERT_HEX(rd(FIRST, R_DEVICE_ID), 2);
    ASSERT_HEX(rd(FIRST, R_VENDOR_ID), 0x554D4551);
    wr(FIRST, R_QUEUE_SEL, 0);
    ASSERT_HEX(rd(FIRST, R_QUEUE_NUM_MAX), 256);
    wr(FIRST, R_QUEUE_SEL, 1); /* virtio-blk has one queue */
    ASSERT_HEX(rd(FIRST, R_QUEUE_NUM_MAX), 0);
    ASSERT_HEX(rd(FIRST, R_CONFIG_GEN), 0);
    wr(FIRST, R_SHM_SEL, 0);
    ASSERT_HEX(rd(FIRST, R_SHM_LEN_LO), 0xFFFFFFFF); /* no shared memory regions */
    /* Queue addresses read back, and a 64-bit access covers Low and High. */
    wr(FIRST, R_QUEUE_SEL, 0);
    wr(FIRST, R_DESC_LO, 0x40001000);
    wr(FIRST, R_DESC_HI, 0x1);
    ASSERT_HEX(rd_sized(FIRST, R_DESC_LO, 8), 0x140001000ULL);
    /* Registers are 32-bit: a byte read is zero, a byte write changes nothing. */
    ASSERT_HEX(rd_sized(FIRST, R_MAGIC, 1), 0);
    ck_assert_int_eq(phys_write(&m->phys, reg_pa(FIRST, R_STATUS), 1, S_ACK), 0);
    ASSERT_HEX(rd(FIRST, R_STATUS), 0);
}
END_TEST

START_TEST(test_blk_features_and_config)
{
    boot_ro();
    uint64_t f = device_features(FIRST);
    ASSERT_HEX(f, F_VERSION_1 | F_INDIRECT_DESC | F_EVENT_IDX | BLK_F_SEG_MAX | BLK_F_RO | BLK_F_BLK_SIZE | BLK_F_FLUSH);
    wr(FIRST, R_DEV_FEAT_SEL, 2);
    ASSERT_HEX(rd(FIRST, R_DEV_FEAT), 0);
    /* capacity (le64 at 0), seg_max (le32 at 12), blk_size (le32 at 20) */
    ASSERT_HEX(rd(FIRST, R_CONFIG + 0), SECTORS);
    ASSERT_HEX(rd(FIRST, R_CONFIG + 4), 0);
    ASSERT_HEX(rd_sized(FIRST, R_CONFIG, 8), SECTORS);
    ASSERT_HEX(rd(FIRST, R_CONFIG + 12), 254);
    ASSERT_HEX(rd(FIRST, R_CONFIG + 20), 512);
    ASSERT_HEX(rd_sized(FIRST, R_CONFIG + 21, 1), 2);
    ASSERT_HEX(rd_sized(FIRST, R_CONFIG + 20, 2), 512);
    ASSERT_HEX(rd(FIRST, R_CONFIG + 0x80), 0); /* past the configuration: zero */
}
END_TEST

START_TEST(test_blk_rw_has_no_ro_feature)
{
    boot_rw();
    ck_assert(!(device_features(FIRST) & BLK_F_RO));
    ck_assert(device_features(FIRST) & BLK_F_FLUSH);
}
END_TEST

START_TEST(test_capacity_rounds_up)
{
    unlink(image);
    make_image(image, 1000);
    boot_ro();
    ASSERT_HEX(rd(FIRST, R_CONFIG), 2);
    Q *q;
    start_blk(0);
    q = &queues[0];
    memset(host(DATA, 512), 0xAA, 512);
    ck_assert_uint_eq(blk_request(q, T_IN, 1, 512, true), ST_OK);
    uint8_t *d = host(DATA, 512);
    for (unsigned i = 0; i < 512; i++)
        ck_assert_uint_eq(d[i], i < 1000 - 512 ? pattern(1, i) : 0);
}
END_TEST

START_TEST(test_feature_negotiation)
{
    boot_ro();
    /* Without VERSION_1 a version 2 device refuses FEATURES_OK. */
    wr(FIRST, R_STATUS, S_ACK | S_DRIVER);
    wr(FIRST, R_DRV_FEAT_SEL, 0);
    wr(FIRST, R_DRV_FEAT, (uint32_t)BLK_F_FLUSH);
    wr(FIRST, R_STATUS, S_ACK | S_DRIVER | S_FEATURES_OK);
    ASSERT_HEX(rd(FIRST, R_STATUS), S_ACK | S_DRIVER);
    /* Nor a bit it did not offer (bit 0 is not offered). */
    wr(FIRST, R_STATUS, 0);
    wr(FIRST, R_STATUS, S_ACK | S_DRIVER);
    wr(FIRST, R_DRV_FEAT_SEL, 1);
    wr(FIRST, R_DRV_FEAT, 1);
    wr(FIRST, R_DRV_FEAT_SEL, 0);
    wr(FIRST, R_DRV_FEAT, 1);
    wr(FIRST, R_STATUS, S_ACK | S_DRIVER | S_FEATURES_OK);
    ASSERT_HEX(rd(FIRST, R_STATUS), S_ACK | S_DRIVER);
    /* A proper subset is accepted; later feature writes are ignored. */
    wr(FIRST, R_DRV_FEAT, (uint32_t)(BLK_F_FLUSH | F_INDIRECT_DESC));
    wr(FIRST, R_STATUS, S_ACK | S_DRIVER | S_FEATURES_OK);
    ASSERT_HEX(rd(FIRST, R_STATUS), S_ACK | S_DRIVER | S_FEATURES_OK);
    wr(FIRST, R_DRV_FEAT, 0xFFFFFFFF);
    wr(FIRST, R_STATUS, S_ACK | S_DRIVER | S_FEATURES_OK | S_DRIVER_OK);
    ASSERT_HEX(rd(FIRST, R_STATUS), S_ACK | S_DRIVER | S_FEATURES_OK | S_DRIVER_OK);
}
END_TEST

/* ---- virtio-blk requests ---- */

START_TEST(test_blk_read_sectors)
{
    boot_ro();
    start_blk(0);
    Q *q = &queues[0];
    ck_assert_uint_eq(blk_request(q, T_IN, 5, 3 * 512, true), ST_OK);
    uint8_t *d = host(DATA, 3 * 512);
    for (unsigned i = 0; i < 3 * 512; i++)
        ck_assert_uint_eq(d[i], pattern(5 + i / 512, i % 512));
    ck_assert_uint_eq(used_id(q, 0), 0);
    ck_assert_uint_eq(used_len(q, 0), 3 * 512 + 1);
    /* The last sector of the disk, then one past it. */
    ck_assert_uint_eq(blk_request(q, T_IN, SECTORS - 1, 512, true), ST_OK);
    ck_assert_uint_eq(host(DATA, 1)[0], pattern(SECTORS - 1, 0));
    ck_assert_uint_eq(blk_request(q, T_IN, SECTORS - 1, 1024, true), ST_IOERR);
    ck_assert_uint_eq(blk_request(q, T_IN, UINT64_MAX, 512, true), ST_IOERR);
    /* Not a whole number of sectors. */
    ck_assert_uint_eq(blk_request(q, T_IN, 0, 100, true), ST_IOERR);
}
END_TEST

START_TEST(test_blk_write_reaches_file_after_flush)
{
    boot_rw();
    start_blk(BLK_F_FLUSH);
    Q *q = &queues[0];
    uint8_t *d = host(DATA, 1024);
    for (unsigned i = 0; i < 1024; i++)
        d[i] = (uint8_t)(0xC0 ^ i);
    ck_assert_uint_eq(blk_request(q, T_OUT, 7, 1024, false), ST_OK);
    ck_assert_uint_eq(used_len(q, 0), 1);
    ck_assert_uint_eq(blk_request(q, T_FLUSH, 0, 0, false), ST_OK);
    uint8_t f[1536];
    file_bytes(image, 7 * 512, f, sizeof f);
    for (unsigned i = 0; i < 1024; i++)
        ck_assert_uint_eq(f[i], (uint8_t)(0xC0 ^ i));
    for (unsigned i = 1024; i < 1536; i++)
        ck_assert_uint_eq(f[i], pattern(9, i - 1024)); /* the next sector untouched */
    /* And the guest reads it back. */
    memset(d, 0, 1024);
    ck_assert_uint_eq(blk_request(q, T_IN, 8, 512, true), ST_OK);
    ck_assert_uint_eq(d[0], (uint8_t)(0xC0 ^ 512));
}
END_TEST

START_TEST(test_blk_write_to_ro_drive_fails)
{
    boot_ro();
    start_blk(0);
    Q *q = &queues[0];
    memset(host(DATA, 512), 0x5A, 512);
    ck_assert_uint_eq(blk_request(q, T_OUT, 0, 512, false), ST_IOERR);
    ck_assert_uint_eq(blk_request(q, T_FLUSH, 0, 0, false), ST_OK);
    uint8_t f[512];
    file_bytes(image, 0, f, sizeof f);
    for (unsigned i = 0; i < 512; i++)
        ck_assert_uint_eq(f[i], pattern(0, i));
}
END_TEST

START_TEST(test_blk_get_id_and_unsupported)
{
    boot_ro();
    start_blk(0);
    Q *q = &queues[0];
    memset(host(DATA, 20), 0xEE, 20);
    ck_assert_uint_eq(blk_request(q, T_GET_ID, 0, 20, true), ST_OK);
    ck_assert_mem_eq(host(DATA, 20), "tetrarch-disk-0\0\0\0\0\0", 20);
    ck_assert_uint_eq(used_len(q, 0), 21);
    ck_assert_uint_eq(blk_request(q, 99, 0, 0, false), ST_UNSUPP);
}
END_TEST

START_TEST(test_blk_chained_request)
{
    boot_ro();
    start_blk(0);
    Q *q = &queues[0];
    write_header(T_IN, 2);
    /* The header in two pieces, the data in three (the last shared with the status byte). */
    Buf b[5] = {
        {HDR, 8, false}, {HDR + 8, 8, false},
        {DATA, 100, true}, {DATA + 0x1000, 600, true}, {DATA + 0x2000, 325, true},
    };
    submit(q, b, 5);
    ck_assert_uint_eq(used_idx(q), 1);
    ck_assert_uint_eq(used_len(q, 0), 1025);
    ck_assert_uint_eq(host(DATA + 0x2000 + 324, 1)[0], ST_OK);
    uint8_t got[1024];
    memcpy(got, host(DATA, 100), 100);
    memcpy(got + 100, host(DATA + 0x1000, 600), 600);
    memcpy(got + 700, host(DATA + 0x2000, 324), 324);
    for (unsigned i = 0; i < 1024; i++)
        ck_assert_uint_eq(got[i], pattern(2 + i / 512, i % 512));
    /* Chains may use any descriptor order: head 9 -> 3 -> 12. */
    write_header(T_IN, 4);
    put_desc(q, q->desc, 9, HDR, 16, F_NEXT, 3);
    put_desc(q, q->desc, 3, DATA, 512, F_NEXT | F_WRITE, 12);
    put_desc(q, q->desc, 12, STATUS, 1, F_WRITE, 0);
    make_available(q, 9);
    notify(q);
    ck_assert_uint_eq(used_idx(q), 2);
    ck_assert_uint_eq(used_id(q, 1), 9);
    ck_assert_uint_eq(peek(STATUS, 1), ST_OK);
    ck_assert_uint_eq(host(DATA, 1)[0], pattern(4, 0));
}
END_TEST

START_TEST(test_blk_indirect_descriptors)
{
    boot_ro();
    start_blk(F_INDIRECT_DESC);
    Q *q = &queues[0];
    write_header(T_IN, 6);
    uint64_t table = 0x40500000;
    put_desc(q, table, 0, HDR, 16, F_NEXT, 1);
    put_desc(q, table, 1, DATA, 512, F_NEXT | F_WRITE, 2);
    put_desc(q, table, 2, STATUS, 1, F_WRITE, 0);
    put_desc(q, q->desc, 0, table, 3 * 16, F_INDIRECT, 0);
    make_available(q, 0);
    notify(q);
    ck_assert_uint_eq(used_idx(q), 1);
    ck_assert_uint_eq(used_len(q, 0), 513);
    ck_assert_uint_eq(peek(STATUS, 1), ST_OK);
    ck_assert_uint_eq(host(DATA, 1)[0], pattern(6, 0));
    ck_assert_uint_eq(rd(FIRST, R_STATUS) & S_NEEDS_RESET, 0);
}
END_TEST

START_TEST(test_indirect_without_negotiation_needs_reset)
{
    boot_ro();
    start_blk(0);
    Q *q = &queues[0];
    write_header(T_IN, 0);
    uint64_t table = 0x40500000;
    put_desc(q, table, 0, HDR, 16, F_NEXT, 1);
    put_desc(q, table, 1, STATUS, 1, F_WRITE, 0);
    put_desc(q, q->desc, 0, table, 2 * 16, F_INDIRECT, 0);
    make_available(q, 0);
    notify(q);
    ck_assert_uint_eq(used_idx(q), 0);
    ck_assert(rd(FIRST, R_STATUS) & S_NEEDS_RESET);
}
END_TEST

/* A malformed chain sets DEVICE_NEEDS_RESET, returns nothing, touches nothing; after a reset
 * the device works again. */
static void expect_needs_reset_then_recover(Q *q)
{
    ck_assert_uint_eq(used_idx(q), 0);
    ck_assert(rd(FIRST, R_STATUS) & S_NEEDS_RESET);
    ck_assert(rd(FIRST, R_ISR) & 2);  /* configuration change notification */
    ck_assert(spi_level[VIRTIO_INTID_BASE + FIRST]);
    /* Further notifications are ignored until the reset. */
    make_available(q, 0);
    notify(q);
    ck_assert_uint_eq(used_idx(q), 0);
    start_blk(0);
    ck_assert(!spi_level[VIRTIO_INTID_BASE + FIRST]);
    ck_assert_uint_eq(rd(FIRST, R_STATUS) & S_NEEDS_RESET, 0);
    ck_assert_uint_eq(blk_request(&queues[0], T_IN, 1, 512, true), ST_OK);
}

START_TEST(test_malicious_address_outside_ram)
{
    boot_ro();
    start_blk(0);
    Q *q = &queues[0];
    write_header(T_IN, 0);
    Buf b[3] = {{HDR, 16, false}, {0x30000000, 512, true}, {STATUS, 1, true}};
    submit(q, b, 3);
    ck_assert_uint_eq(peek(STATUS, 1), 0xFF);
    expect_needs_reset_then_recover(q);
}
END_TEST

START_TEST(test_malicious_huge_length)
{
    boot_ro();
    start_blk(0);
    Q *q = &queues[0];
    write_header(T_IN, 0);
    /* Starts in RAM, runs 4 GiB past its end. */
    Buf b[3] = {{HDR, 16, false}, {DATA, 0xFFFFFFFF, true}, {STATUS, 1, true}};
    submit(q, b, 3);
    expect_needs_reset_then_recover(q);
}
END_TEST

START_TEST(test_malicious_wrapping_address)
{
    boot_ro();
    start_blk(0);
    Q *q = &queues[0];
    write_header(T_IN, 0);
    Buf b[3] = {{HDR, 16, false}, {UINT64_MAX - 16, 512, true}, {STATUS, 1, true}};
    submit(q, b, 3);
    expect_needs_reset_then_recover(q);
}
END_TEST

START_TEST(test_malicious_loop_in_chain)
{
    boot_ro();
    start_blk(0);
    Q *q = &queues[0];
    write_header(T_IN, 0);
    put_desc(q, q->desc, 0, HDR, 16, F_NEXT, 1);
    put_desc(q, q->desc, 1, DATA, 512, F_NEXT | F_WRITE, 2);
    put_desc(q, q->desc, 2, STATUS, 1, F_NEXT | F_WRITE, 1);  /* back to 1 */
    make_available(q, 0);
    notify(q);
    expect_needs_reset_then_recover(q);
}
END_TEST

START_TEST(test_malicious_indexes)
{
    boot_ro();
    start_blk(0);
    Q *q = &queues[0];
    /* A head past the queue size (16). */
    make_available(q, 200);
    notify(q);
    expect_needs_reset_then_recover(q);
    /* A next index past it. */
    q = &queues[0];
    write_header(T_IN, 0);
    put_desc(q, q->desc, 0, HDR, 16, F_NEXT, 17);
    make_available(q, 0);
    notify(q);
    ck_assert(rd(FIRST, R_STATUS) & S_NEEDS_RESET);
    /* The driver claiming more buffers than the ring holds. */
    start_blk(0);
    q = &queues[0];
    poke(q->avail + 2, 2, 40);
    notify(q);
    ck_assert(rd(FIRST, R_STATUS) & S_NEEDS_RESET);
    ck_assert_uint_eq(used_idx(q), 0);
}
END_TEST

START_TEST(test_malicious_chain_shapes)
{
    boot_ro();
    /* A readable buffer after a writable one. */
    start_blk(0);
    Q *q = &queues[0];
    write_header(T_IN, 0);
    Buf b[3] = {{DATA, 512, true}, {HDR, 16, false}, {STATUS, 1, true}};
    submit(q, b, 3);
    ck_assert(rd(FIRST, R_STATUS) & S_NEEDS_RESET);
    /* No status byte. */
    start_blk(0);
    q = &queues[0];
    Buf c[1] = {{HDR, 16, false}};
    submit(q, c, 1);
    ck_assert(rd(FIRST, R_STATUS) & S_NEEDS_RESET);
    /* Nested indirect tables, and an indirect table that is not whole descriptors. */
    start_blk(F_INDIRECT_DESC);
    q = &queues[0];
    uint64_t table = 0x40500000;
    put_desc(q, table, 0, table, 16, F_INDIRECT, 0);
    put_desc(q, q->desc, 0, table, 16, F_INDIRECT, 0);
    make_available(q, 0);
    notify(q);
    ck_assert(rd(FIRST, R_STATUS) & S_NEEDS_RESET);
    start_blk(F_INDIRECT_DESC);
    q = &queues[0];
    put_desc(q, q->desc, 0, table, 20, F_INDIRECT, 0);
    make_available(q, 0);
    notify(q);
    ck_assert(rd(FIRST, R_STATUS) & S_NEEDS_RESET);
    /* A device-writable buffer in the Secure-only RAM. */
    start_blk(0);
    q = &queues[0];
    write_header(T_IN, 0);
    Buf s[3] = {{HDR, 16, false}, {VIRT_SECURE_RAM_BASE, 512, true}, {STATUS, 1, true}};
    submit(q, s, 3);
    ck_assert(rd(FIRST, R_STATUS) & S_NEEDS_RESET);
    ck_assert_uint_eq(used_idx(q), 0);
}
END_TEST

START_TEST(test_bad_queue_layout)
{
    boot_ro();
    wr(FIRST, R_STATUS, S_ACK | S_DRIVER);
    wr(FIRST, R_DRV_FEAT_SEL, 1);
    wr(FIRST, R_DRV_FEAT, 1);
    wr(FIRST, R_STATUS, S_ACK | S_DRIVER | S_FEATURES_OK);
    wr(FIRST, R_QUEUE_SEL, 0);
    wr(FIRST, R_QUEUE_NUM, 16);
    wr(FIRST, R_DESC_LO, 0x20000000); /* not memory */
    wr(FIRST, R_DRIVER_LO, (uint32_t)QMEM);
    wr(FIRST, R_DEVICE_LO, (uint32_t)QMEM + 0x1000);
    wr(FIRST, R_QUEUE_READY, 1);
    ck_assert(rd(FIRST, R_STATUS) & S_NEEDS_RESET);
    wr(FIRST, R_QUEUE_NOTIFY, 0);  /* harmless */
    /* A queue size that is not a power of two. */
    wr(FIRST, R_STATUS, 0);
    ASSERT_HEX(rd(FIRST, R_STATUS), 0);
    wr(FIRST, R_STATUS, S_ACK | S_DRIVER);
    wr(FIRST, R_DRV_FEAT_SEL, 1);
    wr(FIRST, R_DRV_FEAT, 1);
    wr(FIRST, R_STATUS, S_ACK | S_DRIVER | S_FEATURES_OK);
    wr(FIRST, R_QUEUE_NUM, 12);
    wr(FIRST, R_DESC_LO, (uint32_t)QMEM);
    wr(FIRST, R_QUEUE_READY, 1);
    ck_assert(rd(FIRST, R_STATUS) & S_NEEDS_RESET);
}
END_TEST

/* ---- Interrupts, reset ---- */

START_TEST(test_interrupt_raised_and_acknowledged)
{
    boot_ro();
    start_blk(0);
    Q *q = &queues[0];
    unsigned intid = VIRTIO_INTID_BASE + FIRST;
    ck_assert_uint_eq(intid, 79);
    ck_assert(!spi_level[intid]);
    ck_assert_uint_eq(blk_request(q, T_IN, 0, 512, true), ST_OK);
    ck_assert(spi_level[intid]);
    ASSERT_HEX(rd(FIRST, R_ISR), 1);
    wr(FIRST, R_ISR_ACK, 1);
    ck_assert(!spi_level[intid]);
    ASSERT_HEX(rd(FIRST, R_ISR), 0);
    /* Two requests in one notification: one more interrupt. */
    unsigned changes = spi_changes;
    write_header(T_IN, 1);
    put_desc(q, q->desc, 0, HDR, 16, F_NEXT, 1);
    put_desc(q, q->desc, 1, STATUS, 1, F_WRITE, 0);
    put_desc(q, q->desc, 2, HDR, 16, F_NEXT, 3);
    put_desc(q, q->desc, 3, STATUS + 1, 1, F_WRITE, 0);
    make_available(q, 0);
    make_available(q, 2);
    notify(q);
    ck_assert_uint_eq(used_idx(q), 3);
    ck_assert_uint_eq(spi_changes, changes + 1);
    ck_assert(spi_level[intid]);
    /* The other transports' lines never moved. */
    for (unsigned n = 0; n < VIRTIO_TRANSPORTS - 1; n++)
        ck_assert(!spi_level[VIRTIO_INTID_BASE + n]);
}
END_TEST

START_TEST(test_interrupt_suppression)
{
    boot_ro();
    start_blk(0);
    Q *q = &queues[0];
    unsigned intid = VIRTIO_INTID_BASE + FIRST;
    poke(q->avail, 2, 1); /* VIRTQ_AVAIL_F_NO_INTERRUPT */
    ck_assert_uint_eq(blk_request(q, T_IN, 0, 512, true), ST_OK);
    ck_assert(!spi_level[intid]);
    ASSERT_HEX(rd(FIRST, R_ISR), 0);
    /* EVENT_IDX: interrupt only when used_event is passed. */
    start_blk(F_EVENT_IDX);
    q = &queues[0];
    poke(q->avail + 4 + 2 * 16, 2, 1); /* used_event = 1: after the second buffer */
    ck_assert_uint_eq(blk_request(q, T_IN, 0, 512, true), ST_OK);
    ck_assert(!spi_level[intid]);
    ck_assert_uint_eq(peek(q->used + 4 + 8 * 16, 2), 1); /* avail_event: next entry we read */
    ck_assert_uint_eq(blk_request(q, T_IN, 0, 512, true), ST_OK);
    ck_assert(spi_level[intid]);
}
END_TEST

START_TEST(test_reset_clears_state)
{
    boot_ro();
    start_blk(F_INDIRECT_DESC);
    Q *q = &queues[0];
    ck_assert_uint_eq(blk_request(q, T_IN, 0, 512, true), ST_OK);
    ck_assert(spi_level[VIRTIO_INTID_BASE + FIRST]);
    wr(FIRST, R_STATUS, 0);
    ASSERT_HEX(rd(FIRST, R_STATUS), 0);
    ASSERT_HEX(rd(FIRST, R_ISR), 0);
    ck_assert(!spi_level[VIRTIO_INTID_BASE + FIRST]);
    wr(FIRST, R_QUEUE_SEL, 0);
    ASSERT_HEX(rd(FIRST, R_QUEUE_READY), 0);
    ASSERT_HEX(rd(FIRST, R_DESC_LO), 0);
    /* A notification now does nothing. */
    make_available(q, 0);
    notify(q);
    ck_assert_uint_eq(used_idx(q), 1);
}
END_TEST

START_TEST(test_requests_wait_for_driver_ok)
{
    boot_ro();
    wr(FIRST, R_STATUS, S_ACK | S_DRIVER);
    wr(FIRST, R_DRV_FEAT_SEL, 1);
    wr(FIRST, R_DRV_FEAT, 1);
    wr(FIRST, R_STATUS, S_ACK | S_DRIVER | S_FEATURES_OK);
    Q *q = setup_queue(FIRST, 0, 16);
    write_header(T_IN, 3);
    Buf b[3] = {{HDR, 16, false}, {DATA, 512, true}, {STATUS, 1, true}};
    submit(q, b, 3);
    ck_assert_uint_eq(used_idx(q), 0);
    wr(FIRST, R_STATUS, S_ACK | S_DRIVER | S_FEATURES_OK | S_DRIVER_OK);
    ck_assert_uint_eq(used_idx(q), 1);
    ck_assert_uint_eq(peek(STATUS, 1), ST_OK);
    ck_assert_uint_eq(host(DATA, 1)[0], pattern(3, 0));
}
END_TEST

/* ---- virtio-console ---- */

static void boot_console(const char *mode)
{
    memset(&opts, 0, sizeof opts);
    char err[160];
    ck_assert(virtio_parse_console(&opts, mode, err, sizeof err));
    boot(&opts);
}

/* Redirect stdout to a temp file until capture_end, which returns what was written. */
static int saved_stdout = -1;
static char capture_path[64];

static void capture_begin(void)
{
    fflush(stdout);
    strcpy(capture_path, "/tmp/tetrarch-virtio-out-XXXXXX");
    int fd = mkstemp(capture_path);
    ck_assert_int_ge(fd, 0);
    saved_stdout = dup(STDOUT_FILENO);
    dup2(fd, STDOUT_FILENO);
    close(fd);
}

static size_t capture_end(char *buf, size_t cap)
{
    fflush(stdout);
    dup2(saved_stdout, STDOUT_FILENO);
    close(saved_stdout);
    int fd = open(capture_path, O_RDONLY);
    ssize_t n = read(fd, buf, cap);
    close(fd);
    unlink(capture_path);
    return n > 0 ? (size_t)n : 0;
}

START_TEST(test_console_output_to_stdout)
{
    boot_console("stdout");
    ASSERT_HEX(rd(FIRST, R_DEVICE_ID), 3);
    ASSERT_HEX(device_features(FIRST), F_VERSION_1 | F_INDIRECT_DESC | F_EVENT_IDX | CONSOLE_F_EMERG_WRITE);
    wr(FIRST, R_QUEUE_SEL, 1);
    ASSERT_HEX(rd(FIRST, R_QUEUE_NUM_MAX), 128);
    wr(FIRST, R_QUEUE_SEL, 2);
    ASSERT_HEX(rd(FIRST, R_QUEUE_NUM_MAX), 0);
    driver_start(FIRST, F_VERSION_1, 2, 8);
    Q *tx = &queues[1];
    memcpy(host(DATA, 6), "hello ", 6);
    memcpy(host(DATA + 0x100, 7), "world!\n", 7);
    capture_begin();
    Buf b[2] = {{DATA, 6, false}, {DATA + 0x100, 7, false}};
    submit(tx, b, 2);
    char out[64];
    size_t n = capture_end(out, sizeof out);
    ck_assert_uint_eq(n, 13);
    ck_assert_mem_eq(out, "hello world!\n", 13);
    ck_assert_uint_eq(used_idx(tx), 1);
    ck_assert_uint_eq(used_len(tx, 0), 0);
    ck_assert(spi_level[VIRTIO_INTID_BASE + FIRST]);
}
END_TEST

START_TEST(test_console_emergency_write)
{
    boot_console("stdout");
    capture_begin();
    wr(FIRST, R_CONFIG + 8, 'O');
    ck_assert_int_eq(phys_write(&m->phys, reg_pa(FIRST, R_CONFIG + 8), 1, 'K'), 0);
    char out[8];
    size_t n = capture_end(out, sizeof out);
    ck_assert_uint_eq(n, 2);
    ck_assert_mem_eq(out, "OK", 2);
    ASSERT_HEX(rd(FIRST, R_CONFIG + 4), 1); /* max_nr_ports */
}
END_TEST

START_TEST(test_console_input_from_stdin)
{
    boot_console("stdio");
    driver_start(FIRST, F_VERSION_1, 2, 8);
    Q *rx = &queues[0];
    int p[2];
    ck_assert_int_eq(pipe(p), 0);
    int saved = dup(STDIN_FILENO);
    dup2(p[0], STDIN_FILENO);
    close(p[0]);
    ck_assert_int_eq(write(p[1], "abcdefghij", 10), 10);
    /* Two receive buffers of 4 bytes: the input fills them, the rest waits. */
    put_desc(rx, rx->desc, 0, DATA, 4, F_WRITE, 0);
    put_desc(rx, rx->desc, 1, DATA + 0x10, 4, F_WRITE, 0);
    make_available(rx, 0);
    make_available(rx, 1);
    notify(rx);
    ck_assert_uint_eq(used_idx(rx), 0); /* nothing before a poll */
    virtio_poll(m);
    ck_assert_uint_eq(used_idx(rx), 2);
    ck_assert_uint_eq(used_len(rx, 0), 4);
    ck_assert_uint_eq(used_len(rx, 1), 4);
    ck_assert_mem_eq(host(DATA, 4), "abcd", 4);
    ck_assert_mem_eq(host(DATA + 0x10, 4), "efgh", 4);
    ck_assert(spi_level[VIRTIO_INTID_BASE + FIRST]);
    /* The rest arrives when the driver posts another buffer. */
    put_desc(rx, rx->desc, 2, DATA + 0x20, 16, F_WRITE, 0);
    make_available(rx, 2);
    notify(rx);
    ck_assert_uint_eq(used_idx(rx), 3);
    ck_assert_uint_eq(used_len(rx, 2), 2);
    ck_assert_mem_eq(host(DATA + 0x20, 2), "ij", 2);
    /* End of input: further buffers stay with the device. */
    close(p[1]);
    put_desc(rx, rx->desc, 3, DATA + 0x40, 16, F_WRITE, 0);
    make_available(rx, 3);
    virtio_poll(m);
    virtio_poll(m);
    ck_assert_uint_eq(used_idx(rx), 3);
    dup2(saved, STDIN_FILENO);
    close(saved);
}
END_TEST

START_TEST(test_console_without_input_ignores_stdin)
{
    boot_console("stdout");
    driver_start(FIRST, F_VERSION_1, 2, 8);
    Q *rx = &queues[0];
    int p[2];
    ck_assert_int_eq(pipe(p), 0);
    int saved = dup(STDIN_FILENO);
    dup2(p[0], STDIN_FILENO);
    close(p[0]);
    ck_assert_int_eq(write(p[1], "xyz", 3), 3);
    put_desc(rx, rx->desc, 0, DATA, 4, F_WRITE, 0);
    make_available(rx, 0);
    notify(rx);
    virtio_poll(m);
    ck_assert_uint_eq(used_idx(rx), 0);
    char left[4];
    ck_assert_int_eq(read(STDIN_FILENO, left, 3), 3); /* still there for the PL011 */
    dup2(saved, STDIN_FILENO);
    close(saved);
    close(p[1]);
}
END_TEST

/* ---- Options ---- */

START_TEST(test_parse_drive_options)
{
    VirtioOptions o = {0};
    char err[160];
    ck_assert(virtio_parse_drive(&o, "file=a,,b.img,rw,serial=SN1", err, sizeof err));
    ck_assert_str_eq(o.dev[0].path, "a,b.img");
    ck_assert(o.dev[0].rw);
    ck_assert_str_eq(o.dev[0].serial, "SN1");
    ck_assert(virtio_parse_drive(&o, "format=raw,ro,file=disk", err, sizeof err));
    ck_assert_str_eq(o.dev[1].path, "disk");
    ck_assert(!o.dev[1].rw);
    ck_assert_uint_eq(o.ndev, 2);
    static const char *bad[] = {
        "", "rw", "file=", "file=x,", "file=x,bogus=1", "file=x,rw,ro", "file=x,format=qcow2",
        "file=x,serial=123456789012345678901", "file=x,rwx",
    };
    for (unsigned i = 0; i < sizeof bad / sizeof bad[0]; i++)
        ck_assert_msg(!virtio_parse_drive(&o, bad[i], err, sizeof err), "accepted '%s'", bad[i]);
    ck_assert_uint_eq(o.ndev, 2);
    ck_assert(!virtio_parse_console(&o, "tty", err, sizeof err));
    ck_assert(virtio_parse_console(&o, "stdio", err, sizeof err));
    ck_assert(o.dev[2].input);
    ck_assert(!virtio_parse_console(&o, "stdout", err, sizeof err)); /* one console */
    while (o.ndev < VIRTIO_TRANSPORTS)
        ck_assert(virtio_parse_drive(&o, "file=d", err, sizeof err));
    ck_assert(!virtio_parse_drive(&o, "file=d", err, sizeof err));
    virtio_options_free(&o);
    ck_assert_uint_eq(o.ndev, 0);
}
END_TEST

START_TEST(test_check_images)
{
    VirtioOptions o = {0};
    char err[160], spec[128];
    snprintf(spec, sizeof spec, "file=%s,rw", image);
    ck_assert(virtio_parse_drive(&o, spec, err, sizeof err));
    ck_assert(virtio_check_images(&o));
    virtio_options_free(&o);
    ck_assert(virtio_parse_drive(&o, "file=/nonexistent/disk.img", err, sizeof err));
    ck_assert(!virtio_check_images(&o));
    virtio_options_free(&o);
    ck_assert(virtio_parse_drive(&o, "file=/tmp", err, sizeof err));
    ck_assert(!virtio_check_images(&o));
    /* virtio_create_all refuses it too, and leaves no state behind. */
    memset(&opts, 0, sizeof opts);
    boot(&opts);
    virtio_free_all(m);
    ck_assert(!virtio_create_all(m, &o));
    ck_assert_ptr_null(m->virtio);
    virtio_options_free(&o);
    /* The region comes back with a later successful create. */
    ck_assert(virtio_create_all(m, &o));
    ASSERT_HEX(rd(3, R_MAGIC), 0x74726976);
}
END_TEST

START_TEST(test_free_is_idempotent)
{
    boot_rw();
    virtio_free_all(m);
    ck_assert_ptr_null(m->virtio);
    virtio_free_all(m);
    uint64_t v;
    ck_assert_int_eq(phys_read(&m->phys, reg_pa(FIRST, R_MAGIC), 4, &v), -1);
}
END_TEST

static Suite *virtio_suite(void)
{
    Suite *s = suite_create("virtio");
    TCase *tc = tcase_create("transport");
    tcase_add_checked_fixture(tc, setup, teardown);
    tcase_add_test(tc, test_empty_transports);
    tcase_add_test(tc, test_devices_fill_from_the_last_transport);
    tcase_add_test(tc, test_register_layout);
    tcase_add_test(tc, test_feature_negotiation);
    tcase_add_test(tc, test_bad_queue_layout);
    tcase_add_test(tc, test_interrupt_raised_and_acknowledged);
    tcase_add_test(tc, test_interrupt_suppression);
    tcase_add_test(tc, test_reset_clears_state);
    tcase_add_test(tc, test_requests_wait_for_driver_ok);
    tcase_add_test(tc, test_free_is_idempotent);
    suite_add_tcase(s, tc);

    tc = tcase_create("blk");
    tcase_add_checked_fixture(tc, setup, teardown);
    tcase_add_test(tc, test_blk_features_and_config);
    tcase_add_test(tc, test_blk_rw_has_no_ro_feature);
    tcase_add_test(tc, test_capacity_rounds_up);
    tcase_add_test(tc, test_blk_read_sectors);
    tcase_add_test(tc, test_blk_write_reaches_file_after_flush);
    tcase_add_test(tc, test_blk_write_to_ro_drive_fails);
    tcase_add_test(tc, test_blk_get_id_and_unsupported);
    tcase_add_test(tc, test_blk_chained_request);
    tcase_add_test(tc, test_blk_indirect_descriptors);
    suite_add_tcase(s, tc);

    tc = tcase_create("malicious");
    tcase_add_checked_fixture(tc, setup, teardown);
    tcase_add_test(tc, test_indirect_without_negotiation_needs_reset);
    tcase_add_test(tc, test_malicious_address_outside_ram);
    tcase_add_test(tc, test_malicious_huge_length);
    tcase_add_test(tc, test_malicious_wrapping_address);
    tcase_add_test(tc, test_malicious_loop_in_chain);
    tcase_add_test(tc, test_malicious_indexes);
    tcase_add_test(tc, test_malicious_chain_shapes);
    suite_add_tcase(s, tc);

    tc = tcase_create("console");
    tcase_add_checked_fixture(tc, setup, teardown);
    tcase_add_test(tc, test_console_output_to_stdout);
    tcase_add_test(tc, test_console_emergency_write);
    tcase_add_test(tc, test_console_input_from_stdin);
    tcase_add_test(tc, test_console_without_input_ignores_stdin);
    suite_add_tcase(s, tc);

    tc = tcase_create("options");
    tcase_add_checked_fixture(tc, setup, teardown);
    tcase_add_test(tc, test_parse_drive_options);
    tcase_add_test(tc, test_check_images);
    suite_add_tcase(s, tc);
    return s;
}

int main(void) { return h_run_suite(virtio_suite()); }
