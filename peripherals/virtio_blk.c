/* SPDX-License-Identifier: MIT */
/* virtio-blk (virtio 1.2 section 5.2): a raw image file as a disk, requests served
 * synchronously with pread/pwrite straight into guest memory. */
#include "peripherals/virtio_blk.h"

#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <unistd.h>

#include "sim/machine.h"
#include "sim/outfile.h"

#define SECTOR_SIZE 512u
#define BLK_QUEUE_SIZE 256
#define BLK_CONFIG_SIZE 60     /* through max_write_zeroes_seg..write_zeroes_may_unmap */
#define BLK_REQ_HEADER 16      /* le32 type, le32 reserved, le64 sector */

/* Feature bits (section 5.2.3). */
enum {
    BLK_F_SEG_MAX = 2,
    BLK_F_RO = 5,
    BLK_F_BLK_SIZE = 6,
    BLK_F_FLUSH = 9,
};

/* Request types and status values (section 5.2.6). */
enum {
    BLK_T_IN = 0,
    BLK_T_OUT = 1,
    BLK_T_FLUSH = 4,
    BLK_T_GET_ID = 8,
};
enum { BLK_S_OK = 0, BLK_S_IOERR = 1, BLK_S_UNSUPP = 2 };

/* Configuration layout offsets (struct virtio_blk_config). */
enum { CFG_CAPACITY = 0, CFG_SEG_MAX = 12, CFG_BLK_SIZE = 20 };

typedef struct {
    int fd;
    bool rw;
    bool dirty;              /* written since the last fdatasync */
    uint64_t capacity;       /* in sectors */
    char serial[VIRTIO_BLK_ID_BYTES];
    VirtioChain chain;
} Blk;

int virtio_blk_open_image(const char *path, bool rw, char *why, size_t whylen)
{
    int fd = open(path, (rw ? O_RDWR : O_RDONLY) | O_NONBLOCK | O_NOCTTY | O_CLOEXEC); /* a FIFO must not block */
    if (fd < 0) {
        snprintf(why, whylen, "cannot open%s: %s", rw ? " for reading and writing" : "", strerror(errno));
        return -1;
    }
    struct stat st;
    if (fstat(fd, &st) != 0) {
        snprintf(why, whylen, "cannot stat: %s", strerror(errno));
        close(fd);
        return -1;
    }
    if (!S_ISREG(st.st_mode) && !S_ISBLK(st.st_mode)) {
        snprintf(why, whylen, "%s", S_ISDIR(st.st_mode) ? "is a directory, not a disk image" : "not a regular file or block device");
        close(fd);
        return -1;
    }
    fd_clear_nonblock(fd);
    /* As QEMU's image locking: two writers, or a reader and a writer, corrupt each other.
     * Filesystems without flock support are not an error. */
    if (flock(fd, (rw ? LOCK_EX : LOCK_SH) | LOCK_NB) != 0 && errno == EWOULDBLOCK) {
        snprintf(why, whylen, "image is locked by another process%s", rw ? "" : " writing it");
        close(fd);
        return -1;
    }
    return fd;
}

/* ---- Guest memory <-> file ---- */

/* Move [start, start+len) of the chain's data stream (readable bytes after the header for OUT,
 * writable bytes before the status for IN) to or from the file at `pos`. */
static bool transfer(Blk *b, VirtioTransport *t, bool to_guest, uint64_t start, uint64_t len, uint64_t pos)
{
    const VirtioChain *c = &b->chain;
    uint64_t stream = 0, end = start + len;
    for (unsigned i = 0; i < c->nseg; i++) {
        const VirtioSeg *s = &c->seg[i];
        if (s->write != to_guest)
            continue;
        uint64_t s0 = stream, s1 = stream + s->len;
        stream = s1;
        uint64_t a = s0 > start ? s0 : start, z = s1 < end ? s1 : end;
        if (a >= z)
            continue;
        uint8_t *host = s->host + (a - s0);
        uint64_t n = z - a, file_pos = pos + (a - start);
        for (uint64_t done = 0; done < n;) {
            ssize_t r = to_guest ? pread(b->fd, host + done, n - done, (off_t)(file_pos + done))
                                 : pwrite(b->fd, host + done, n - done, (off_t)(file_pos + done));
            if (r < 0 && errno == EINTR)
                continue;
            if (r < 0)
                return false;
            if (r == 0) {
                if (!to_guest)
                    return false;
                /* Past the end of the file, inside the last, partial sector: zeros. */
                memset(host + done, 0, n - done);
                break;
            }
            done += (uint64_t)r;
        }
        if (to_guest)
            virtio_dma_written(t, s->pa + (a - s0), n);
    }
    return true;
}

/* Is [sector, sector + bytes/512) a whole number of sectors inside the disk? */
static bool range_ok(const Blk *b, uint64_t sector, uint64_t bytes)
{
    return bytes % SECTOR_SIZE == 0 && sector <= b->capacity && bytes / SECTOR_SIZE <= b->capacity - sector;
}

/* Serve one request; returns false when it is malformed (no header or no status byte). */
static bool handle_request(Blk *b, VirtioTransport *t)
{
    VirtioChain *c = &b->chain;
    if (c->readable < BLK_REQ_HEADER || c->writable < 1)
        return false;
    uint8_t hdr[BLK_REQ_HEADER];
    virtio_chain_read(c, 0, hdr, sizeof hdr);
    uint32_t type;
    uint64_t sector;
    memcpy(&type, hdr, 4);
    memcpy(&sector, hdr + 8, 8);
    uint64_t in_len = c->writable - 1;            /* data the device writes, before the status */
    uint64_t out_len = c->readable - BLK_REQ_HEADER;  /* data the device reads, after the header */
    uint8_t status = BLK_S_OK;
    uint64_t written = 0;                          /* bytes of data written before the status */

    switch (type) {
    case BLK_T_IN:
        if (!range_ok(b, sector, in_len) || !transfer(b, t, true, 0, in_len, sector * SECTOR_SIZE)) {
            status = BLK_S_IOERR;
            /* Leave no stale or partial data behind the error: the whole buffer is written. */
            for (unsigned i = 0; i < c->nseg; i++)
                if (c->seg[i].write) {
                    memset(c->seg[i].host, 0, c->seg[i].len);
                    virtio_dma_written(t, c->seg[i].pa, c->seg[i].len);
                }
        }
        written = in_len;
        break;
    case BLK_T_OUT:
        if (!b->rw || !range_ok(b, sector, out_len)) {
            status = BLK_S_IOERR;
            break;
        }
        b->dirty = b->dirty || out_len > 0;
        if (!transfer(b, t, false, BLK_REQ_HEADER, out_len, sector * SECTOR_SIZE))
            status = BLK_S_IOERR;  /* writing the last, partial sector extends the file */
        break;
    case BLK_T_FLUSH:
        if (b->rw && b->dirty) {
            if (fdatasync(b->fd) != 0)
                status = BLK_S_IOERR;
            else
                b->dirty = false;
        }
        break;
    case BLK_T_GET_ID:
        written = in_len < VIRTIO_BLK_ID_BYTES ? in_len : VIRTIO_BLK_ID_BYTES;
        virtio_chain_write(t, c, 0, b->serial, written);
        break;
    default:
        status = BLK_S_UNSUPP;
        break;
    }
    virtio_chain_write(t, c, c->writable - 1, &status, 1);
    virtq_push(t, 0, c, (uint32_t)(written + 1 > UINT32_MAX ? UINT32_MAX : written + 1));
    return true;
}

static void blk_queue_notify(void *dev, VirtioTransport *t, unsigned q)
{
    Blk *b = dev;
    if (q != 0)
        return;
    while (virtq_pop(t, 0, &b->chain) == 1)
        if (!handle_request(b, t)) {
            virtio_set_needs_reset(t, "block request without a header or a status byte");
            break;
        }
    virtq_kick_driver(t, 0);
}

static void blk_free(void *dev)
{
    Blk *b = dev;
    if (b->rw && b->dirty)
        fdatasync(b->fd);
    close(b->fd);
    free(b);
}

static const VirtioDeviceOps blk_ops_ro = {
    .name = "virtio-blk",
    .device_id = 2,
    .nqueues = 1,
    .queue_num_max = BLK_QUEUE_SIZE,
    .features = 1ULL << BLK_F_SEG_MAX | 1ULL << BLK_F_BLK_SIZE | 1ULL << BLK_F_FLUSH | 1ULL << BLK_F_RO,
    .queue_notify = blk_queue_notify,
    .free = blk_free,
};

static const VirtioDeviceOps blk_ops_rw = {
    .name = "virtio-blk",
    .device_id = 2,
    .nqueues = 1,
    .queue_num_max = BLK_QUEUE_SIZE,
    .features = 1ULL << BLK_F_SEG_MAX | 1ULL << BLK_F_BLK_SIZE | 1ULL << BLK_F_FLUSH,
    .queue_notify = blk_queue_notify,
    .free = blk_free,
};

bool virtio_blk_create(VirtioTransport *t, const VirtioDeviceSpec *spec)
{
    Machine *m = virtio_machine(t);
    char why[160];
    int fd = virtio_blk_open_image(spec->path, spec->rw, why, sizeof why);
    if (fd < 0) {
        machine_error(m, "%s: %s", spec->path, why);
        return false;
    }
    off_t size = lseek(fd, 0, SEEK_END);
    if (size < 0) {
        machine_error(m, "%s: cannot find the image size: %s", spec->path, strerror(errno));
        close(fd);
        return false;
    }
    Blk *b = calloc(1, sizeof *b);
    if (!b) {
        machine_error(m, "out of memory creating virtio-blk for %s", spec->path);
        close(fd);
        return false;
    }
    b->fd = fd;
    b->rw = spec->rw;
    b->capacity = ((uint64_t)size + SECTOR_SIZE - 1) / SECTOR_SIZE;
    memcpy(b->serial, spec->serial, VIRTIO_BLK_ID_BYTES);

    uint8_t config[BLK_CONFIG_SIZE] = {0};
    uint32_t seg_max = BLK_QUEUE_SIZE - 2, blk_size = SECTOR_SIZE;  /* header and status take two */
    memcpy(config + CFG_CAPACITY, &b->capacity, 8);
    memcpy(config + CFG_SEG_MAX, &seg_max, 4);
    memcpy(config + CFG_BLK_SIZE, &blk_size, 4);
    virtio_plug(t, spec->rw ? &blk_ops_rw : &blk_ops_ro, b, config, sizeof config);
    return true;
}
