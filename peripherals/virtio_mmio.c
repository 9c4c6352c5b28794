/* SPDX-License-Identifier: MIT */
/* virtio-mmio transports (virtio 1.2 section 4.2.2, version 2) and split virtqueues (section
 * 2.7): registers, feature negotiation, reset, descriptor chains, used ring, interrupts. */
#include "peripherals/virtio_mmio.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "mmu/phys.h"
#include "peripherals/virtio_blk.h"
#include "peripherals/virtio_console.h"
#include "sim/machine.h"

/* Register offsets within a transport (virtio 1.2 section 4.2.2, table "MMIO Device Register
 * Layout"). Everything below CONFIG is a 32-bit register. */
enum {
    REG_MAGIC = 0x000,
    REG_VERSION = 0x004,
    REG_DEVICE_ID = 0x008,
    REG_VENDOR_ID = 0x00C,
    REG_DEVICE_FEATURES = 0x010,
    REG_DEVICE_FEATURES_SEL = 0x014,
    REG_DRIVER_FEATURES = 0x020,
    REG_DRIVER_FEATURES_SEL = 0x024,
    REG_QUEUE_SEL = 0x030,
    REG_QUEUE_NUM_MAX = 0x034,
    REG_QUEUE_NUM = 0x038,
    REG_QUEUE_READY = 0x044,
    REG_QUEUE_NOTIFY = 0x050,
    REG_INTERRUPT_STATUS = 0x060,
    REG_INTERRUPT_ACK = 0x064,
    REG_STATUS = 0x070,
    REG_QUEUE_DESC_LOW = 0x080,
    REG_QUEUE_DESC_HIGH = 0x084,
    REG_QUEUE_DRIVER_LOW = 0x090,
    REG_QUEUE_DRIVER_HIGH = 0x094,
    REG_QUEUE_DEVICE_LOW = 0x0A0,
    REG_QUEUE_DEVICE_HIGH = 0x0A4,
    REG_SHM_SEL = 0x0AC,
    REG_SHM_LEN_LOW = 0x0B0,
    REG_SHM_LEN_HIGH = 0x0B4,
    REG_SHM_BASE_LOW = 0x0B8,
    REG_SHM_BASE_HIGH = 0x0BC,
    REG_CONFIG_GENERATION = 0x0FC,
    REG_CONFIG = 0x100,
};

#define VIRTIO_MAGIC 0x74726976u   /* "virt" */
#define VIRTIO_VERSION 2u
#define VIRTIO_VENDOR 0x554D4551u  /* "QEMU", as QEMU's transports report */

/* Device status bits (section 2.1). */
enum {
    STATUS_ACKNOWLEDGE = 1,
    STATUS_DRIVER = 2,
    STATUS_DRIVER_OK = 4,
    STATUS_FEATURES_OK = 8,
    STATUS_NEEDS_RESET = 64,
    STATUS_FAILED = 128,
};

/* InterruptStatus bits (section 4.2.2). */
enum { ISR_USED_BUFFER = 1, ISR_CONFIG_CHANGE = 2 };

/* Split virtqueue layout (section 2.7). */
enum {
    DESC_F_NEXT = 1,
    DESC_F_WRITE = 2,
    DESC_F_INDIRECT = 4,
    DESC_SIZE = 16,
    AVAIL_F_NO_INTERRUPT = 1,
};

typedef struct {
    uint32_t num;            /* QueueNum */
    bool ready;
    uint64_t desc, driver, device;  /* descriptor table, available ring, used ring */
    uint8_t *desc_host, *avail_host, *used_host;  /* set when the queue is made ready */
    uint16_t last_avail;     /* next available-ring entry to take */
    uint16_t used_idx;       /* next used-ring entry to fill */
    uint16_t signalled_used; /* used_idx when the driver was last considered for an interrupt */
} VirtQueue;

struct VirtioTransport {
    struct VirtioBus *bus;
    unsigned index;
    const VirtioDeviceOps *ops;   /* NULL: nothing plugged, DeviceID 0 */
    void *dev;
    uint8_t config[VIRTIO_CONFIG_MAX];
    unsigned config_size;
    uint32_t device_features_sel, driver_features_sel;
    uint64_t driver_features;
    uint32_t status, isr, queue_sel;
    bool irq_level;
    bool broken;              /* DEVICE_NEEDS_RESET: no more buffers until reset */
    VirtQueue vq[VIRTIO_MAX_QUEUES];
};

struct VirtioBus {
    Machine *m;
    VirtioTransport t[VIRTIO_TRANSPORTS];
};

/* ---- Little-endian guest memory through host pointers (the host is little-endian) ---- */

static uint16_t ld16(const uint8_t *p) { uint16_t v; memcpy(&v, p, 2); return v; }
static uint32_t ld32(const uint8_t *p) { uint32_t v; memcpy(&v, p, 4); return v; }
static uint64_t ld64(const uint8_t *p) { uint64_t v; memcpy(&v, p, 8); return v; }
static void st16(uint8_t *p, uint16_t v) { memcpy(p, &v, 2); }
static void st32(uint8_t *p, uint32_t v) { memcpy(p, &v, 4); }

/* Host pointer for a device access to [pa, pa+len): Non-secure memory only (the transports sit
 * in the Non-secure address space), and writable memory when the device writes. */
static uint8_t *dma_ptr(PhysMem *pm, uint64_t pa, uint64_t len, bool write)
{
    MemRegion *r = phys_region(pm, pa, len);
    if (!r || r->secure_only || (write && !r->writable))
        return NULL;
    return r->host + (pa - r->base);
}

void virtio_dma_written(VirtioTransport *t, uint64_t pa, uint64_t len)
{
    PhysMem *pm = &t->bus->m->phys;
    if (len == 0)
        return;
    /* As a store through phys_write: stale code stays stale under --strict-icache. */
    if (pm->strict_icache)
        phys_mark_code_written(pm, pa, len);
    else
        phys_invalidate_code(pm, pa, len);
}

/* ---- Interrupts and the device status ---- */

static void update_irq(VirtioTransport *t)
{
    bool level = t->isr != 0;
    if (level != t->irq_level) {
        t->irq_level = level;
        machine_set_spi(t->bus->m, VIRTIO_INTID_BASE + t->index, level);
    }
}

void virtio_set_needs_reset(VirtioTransport *t, const char *why)
{
    if (!t->broken)
        machine_warn(t->bus->m, "virtio-mmio %u (%s): %s; device needs reset", t->index, t->ops ? t->ops->name : "-", why);
    t->broken = true;
    t->status |= STATUS_NEEDS_RESET;
    if (t->status & STATUS_DRIVER_OK) {
        t->isr |= ISR_CONFIG_CHANGE;
        update_irq(t);
    }
}

static bool live(const VirtioTransport *t)
{
    return t->ops && !t->broken && (t->status & STATUS_DRIVER_OK);
}

static uint64_t offered_features(const VirtioTransport *t)
{
    if (!t->ops)
        return 0;
    return t->ops->features | (1ULL << VIRTIO_F_VERSION_1) | (1ULL << VIRTIO_F_INDIRECT_DESC) |
           (1ULL << VIRTIO_F_EVENT_IDX);
}

bool virtio_negotiated(const VirtioTransport *t, unsigned bit)
{
    return (t->status & STATUS_FEATURES_OK) && (t->driver_features >> bit & 1);
}

static void reset_transport(VirtioTransport *t)
{
    if (t->ops && t->ops->reset)
        t->ops->reset(t->dev, t);
    t->device_features_sel = t->driver_features_sel = 0;
    t->driver_features = 0;
    t->status = 0;
    t->queue_sel = 0;
    t->broken = false;
    memset(t->vq, 0, sizeof t->vq);
    t->isr = 0;
    update_irq(t);
}

/* FEATURES_OK is accepted only for a subset of what was offered that includes VERSION_1
 * (section 2.2: a version 2 device does not support legacy drivers). */
static bool features_acceptable(const VirtioTransport *t)
{
    return (t->driver_features & ~offered_features(t)) == 0 && (t->driver_features >> VIRTIO_F_VERSION_1 & 1);
}

/* ---- Queues ---- */

static uint64_t avail_size(uint32_t num) { return 6 + 2ULL * num; }  /* flags, idx, ring, used_event */
static uint64_t used_size(uint32_t num) { return 6 + 8ULL * num; }   /* flags, idx, ring, avail_event */

/* QueueReady = 1: check the layout once and keep host pointers (the memory map is fixed). */
static void enable_queue(VirtioTransport *t, VirtQueue *q)
{
    PhysMem *pm = &t->bus->m->phys;
    const char *why = NULL;
    uint32_t num = q->num;
    if (num == 0 || num > t->ops->queue_num_max || (num & (num - 1)))
        why = "queue size is not a power of two up to QueueNumMax";
    else if ((q->desc & 15) || (q->driver & 1) || (q->device & 3))
        why = "misaligned virtqueue";
    else if (!(q->desc_host = dma_ptr(pm, q->desc, (uint64_t)DESC_SIZE * num, false)) ||
             !(q->avail_host = dma_ptr(pm, q->driver, avail_size(num), false)) ||
             !(q->used_host = dma_ptr(pm, q->device, used_size(num), true)))
        why = "virtqueue outside guest memory";
    q->ready = true;
    q->last_avail = q->used_idx = q->signalled_used = 0;
    if (why) {
        q->desc_host = q->avail_host = q->used_host = NULL;
        virtio_set_needs_reset(t, why);
    }
}

static VirtQueue *usable_queue(VirtioTransport *t, unsigned qi)
{
    if (!live(t) || qi >= t->ops->nqueues)
        return NULL;
    VirtQueue *q = &t->vq[qi];
    return q->ready && q->used_host ? q : NULL;
}

static uint16_t avail_idx(const VirtQueue *q) { return ld16(q->avail_host + 2); }

bool virtq_has_buffers(VirtioTransport *t, unsigned qi)
{
    VirtQueue *q = usable_queue(t, qi);
    return q && avail_idx(q) != q->last_avail;
}

/* Add one descriptor's buffer to the chain (checked), or return a reason it is malformed. */
static const char *add_segment(VirtioTransport *t, VirtioChain *c, const uint8_t *d)
{
    uint64_t addr = ld64(d);
    uint32_t len = ld32(d + 8);
    bool write = ld16(d + 12) & DESC_F_WRITE;
    if (!write && c->writable)
        return "device-readable buffer after a device-writable one";
    if (len == 0)
        return NULL;
    if (c->nseg >= VIRTIO_MAX_SEGS)
        return "descriptor chain too long";
    uint8_t *host = dma_ptr(&t->bus->m->phys, addr, len, write);
    if (!host)
        return "buffer outside guest memory";
    c->seg[c->nseg++] = (VirtioSeg){.host = host, .pa = addr, .len = len, .write = write};
    if (write)
        c->writable += len;
    else
        c->readable += len;
    return NULL;
}

/* Walk a chain in a descriptor table of `size` entries starting at `first`. Each descriptor is
 * visited at most once per table: more steps than entries means a loop. */
static const char *walk_table(VirtioTransport *t, VirtioChain *c, const uint8_t *table, uint32_t size,
                              uint32_t first, bool indirect_allowed)
{
    uint32_t i = first;
    for (uint32_t steps = 0;; steps++) {
        if (steps >= size)
            return "descriptor chain loops or is longer than its table";
        if (i >= size)
            return "descriptor index out of range";
        const uint8_t *d = table + (uint64_t)i * DESC_SIZE;
        uint16_t flags = ld16(d + 12);
        if (flags & DESC_F_INDIRECT) {
            /* Section 2.7.5.3: only a lone descriptor of the main table (QEMU likewise takes it
             * only at the head), never NEXT with it, never nested, and only when negotiated. */
            if (!indirect_allowed || (flags & DESC_F_NEXT) || steps != 0 ||
                !virtio_negotiated(t, VIRTIO_F_INDIRECT_DESC))
                return "misplaced indirect descriptor";
            uint64_t addr = ld64(d);
            uint32_t len = ld32(d + 8);
            if (len == 0 || len % DESC_SIZE || len / DESC_SIZE > VIRTIO_MAX_SEGS)
                return "bad indirect table length";
            const uint8_t *itab = dma_ptr(&t->bus->m->phys, addr, len, false);
            if (!itab)
                return "indirect table outside guest memory";
            return walk_table(t, c, itab, len / DESC_SIZE, 0, false);
        }
        const char *why = add_segment(t, c, d);
        if (why)
            return why;
        if (!(flags & DESC_F_NEXT))
            return NULL;
        i = ld16(d + 14);
    }
}

int virtq_pop(VirtioTransport *t, unsigned qi, VirtioChain *c)
{
    VirtQueue *q = usable_queue(t, qi);
    if (!q)
        return 0;
    uint16_t idx = avail_idx(q);
    if (virtio_negotiated(t, VIRTIO_F_EVENT_IDX)) {
        /* avail_event: tell the driver which entry we will look at next. */
        uint64_t off = 4 + 8ULL * q->num;
        st16(q->used_host + off, q->last_avail);
        virtio_dma_written(t, q->device + off, 2);
    }
    if (idx == q->last_avail)
        return 0;
    if ((uint16_t)(idx - q->last_avail) > q->num) {
        virtio_set_needs_reset(t, "available index moved by more than the queue size");
        return -1;
    }
    uint16_t head = ld16(q->avail_host + 4 + 2ULL * (q->last_avail % q->num));
    q->last_avail++;
    c->head = head;
    c->nseg = 0;
    c->readable = c->writable = 0;
    const char *why = walk_table(t, c, q->desc_host, q->num, head, true);
    if (why) {
        virtio_set_needs_reset(t, why);
        return -1;
    }
    return 1;
}

void virtq_push(VirtioTransport *t, unsigned qi, const VirtioChain *c, uint32_t written)
{
    VirtQueue *q = usable_queue(t, qi);
    if (!q)
        return;
    uint64_t off = 4 + 8ULL * (q->used_idx % q->num);
    st32(q->used_host + off, c->head);
    st32(q->used_host + off + 4, written);
    virtio_dma_written(t, q->device + off, 8);
    q->used_idx++;
    /* The element is in place before the index moves (all of this runs between instructions). */
    st16(q->used_host + 2, q->used_idx);
    virtio_dma_written(t, q->device + 2, 2);
}

void virtq_kick_driver(VirtioTransport *t, unsigned qi)
{
    VirtQueue *q = usable_queue(t, qi);
    if (!q || q->used_idx == q->signalled_used)
        return;
    uint16_t old = q->signalled_used, now = q->used_idx;
    q->signalled_used = now;
    bool notify;
    if (virtio_negotiated(t, VIRTIO_F_EVENT_IDX)) {
        /* Section 2.7.10: interrupt when used_event lies in [old, now). */
        uint16_t used_event = ld16(q->avail_host + 4 + 2ULL * q->num);
        notify = (uint16_t)(now - used_event - 1) < (uint16_t)(now - old);
    } else {
        notify = !(ld16(q->avail_host) & AVAIL_F_NO_INTERRUPT);
    }
    if (notify) {
        t->isr |= ISR_USED_BUFFER;
        update_irq(t);
    }
}

/* Visit [offset, offset+len) of the chain's readable or writable bytes, copying to or from buf. */
static size_t chain_copy(const VirtioChain *c, bool writable, uint64_t offset, uint8_t *buf, size_t len,
                         VirtioTransport *t)
{
    size_t done = 0;
    uint64_t pos = 0;
    for (unsigned i = 0; i < c->nseg && done < len; i++) {
        const VirtioSeg *s = &c->seg[i];
        if (s->write != writable)
            continue;
        uint64_t start = pos, end = pos + s->len;
        pos = end;
        uint64_t want = offset + done;
        if (want >= end)
            continue;
        uint64_t in_seg = want - start;   /* want >= start: earlier segments were passed */
        uint64_t n = s->len - in_seg;
        if (n > len - done)
            n = len - done;
        if (writable) {
            memcpy(s->host + in_seg, buf + done, n);
            virtio_dma_written(t, s->pa + in_seg, n);
        } else {
            memcpy(buf + done, s->host + in_seg, n);
        }
        done += n;
    }
    return done;
}

size_t virtio_chain_read(const VirtioChain *c, uint64_t offset, void *dst, size_t len)
{
    return chain_copy(c, false, offset, dst, len, NULL);
}

size_t virtio_chain_write(VirtioTransport *t, const VirtioChain *c, uint64_t offset, const void *src, size_t len)
{
    return chain_copy(c, true, offset, (uint8_t *)src, len, t);
}

/* ---- Register interface ---- */

static uint32_t read_register(VirtioTransport *t, unsigned reg)
{
    if (!t->ops) {
        /* No device: QEMU's empty transports answer magic, version and vendor, zero otherwise,
         * so a driver probes them without complaint and finds DeviceID 0. */
        switch (reg) {
        case REG_MAGIC: return VIRTIO_MAGIC;
        case REG_VERSION: return VIRTIO_VERSION;
        case REG_VENDOR_ID: return VIRTIO_VENDOR;
        default: return 0;
        }
    }
    VirtQueue *q = t->queue_sel < t->ops->nqueues ? &t->vq[t->queue_sel] : NULL;
    switch (reg) {
    case REG_MAGIC: return VIRTIO_MAGIC;
    case REG_VERSION: return VIRTIO_VERSION;
    case REG_DEVICE_ID: return t->ops->device_id;
    case REG_VENDOR_ID: return VIRTIO_VENDOR;
    case REG_DEVICE_FEATURES:
        return t->device_features_sel < 2 ? (uint32_t)(offered_features(t) >> (32 * t->device_features_sel)) : 0;
    case REG_QUEUE_NUM_MAX: return q ? t->ops->queue_num_max : 0;
    case REG_QUEUE_READY: return q ? q->ready : 0;
    case REG_INTERRUPT_STATUS: return t->isr;
    case REG_STATUS: return t->status;
    /* Section 4.2.2 lists the queue addresses as write-only; QEMU reads them back. */
    case REG_QUEUE_DESC_LOW: return q ? (uint32_t)q->desc : 0;
    case REG_QUEUE_DESC_HIGH: return q ? (uint32_t)(q->desc >> 32) : 0;
    case REG_QUEUE_DRIVER_LOW: return q ? (uint32_t)q->driver : 0;
    case REG_QUEUE_DRIVER_HIGH: return q ? (uint32_t)(q->driver >> 32) : 0;
    case REG_QUEUE_DEVICE_LOW: return q ? (uint32_t)q->device : 0;
    case REG_QUEUE_DEVICE_HIGH: return q ? (uint32_t)(q->device >> 32) : 0;
    /* No shared memory regions: the length of every region reads as -1. */
    case REG_SHM_LEN_LOW:
    case REG_SHM_LEN_HIGH:
    case REG_SHM_BASE_LOW:
    case REG_SHM_BASE_HIGH:
        return 0xFFFFFFFFu;
    case REG_CONFIG_GENERATION: return 0;  /* the configuration never changes under the driver */
    default: return 0;  /* write-only and reserved registers */
    }
}

static void set_half(uint64_t *v, bool high, uint32_t value)
{
    unsigned shift = high ? 32 : 0;
    *v = (*v & ~(0xFFFFFFFFULL << shift)) | ((uint64_t)value << shift);
}

static void write_status(VirtioTransport *t, uint32_t value)
{
    if (value == 0) {
        reset_transport(t);
        return;
    }
    value &= 0xFF & ~(uint32_t)STATUS_NEEDS_RESET;  /* NEEDS_RESET belongs to the device */
    if ((value & STATUS_FEATURES_OK) && !(t->status & STATUS_FEATURES_OK) && !features_acceptable(t))
        value &= ~(uint32_t)STATUS_FEATURES_OK;      /* the driver reads it back and gives up */
    bool start = (value & STATUS_DRIVER_OK) && !(t->status & STATUS_DRIVER_OK);
    t->status = value | (t->status & STATUS_NEEDS_RESET);
    if (start)
        for (unsigned qi = 0; qi < t->ops->nqueues; qi++)
            if (virtq_has_buffers(t, qi))
                t->ops->queue_notify(t->dev, t, qi);
}

static void write_register(VirtioTransport *t, unsigned reg, uint32_t value)
{
    if (!t->ops)
        return;
    VirtQueue *q = t->queue_sel < t->ops->nqueues ? &t->vq[t->queue_sel] : NULL;
    /* The queue's size and addresses are fixed while it is ready. */
    bool q_writable = q && !q->ready;
    switch (reg) {
    case REG_DEVICE_FEATURES_SEL: t->device_features_sel = value; break;
    case REG_DRIVER_FEATURES:
        if (t->driver_features_sel < 2 && !(t->status & STATUS_FEATURES_OK))
            set_half(&t->driver_features, t->driver_features_sel == 1, value);
        break;
    case REG_DRIVER_FEATURES_SEL: t->driver_features_sel = value; break;
    case REG_QUEUE_SEL: t->queue_sel = value; break;
    case REG_QUEUE_NUM:
        if (q_writable)
            q->num = value;
        break;
    case REG_QUEUE_READY:
        if (!q)
            break;
        if ((value & 1) && !q->ready)
            enable_queue(t, q);
        else if (!(value & 1))
            q->ready = false;
        break;
    case REG_QUEUE_NOTIFY:
        if ((value & 0xFFFF) < t->ops->nqueues && virtq_has_buffers(t, value & 0xFFFF))
            t->ops->queue_notify(t->dev, t, value & 0xFFFF);
        break;
    case REG_INTERRUPT_ACK:
        t->isr &= ~value;
        update_irq(t);
        break;
    case REG_STATUS: write_status(t, value); break;
    case REG_QUEUE_DESC_LOW: if (q_writable) set_half(&q->desc, false, value); break;
    case REG_QUEUE_DESC_HIGH: if (q_writable) set_half(&q->desc, true, value); break;
    case REG_QUEUE_DRIVER_LOW: if (q_writable) set_half(&q->driver, false, value); break;
    case REG_QUEUE_DRIVER_HIGH: if (q_writable) set_half(&q->driver, true, value); break;
    case REG_QUEUE_DEVICE_LOW: if (q_writable) set_half(&q->device, false, value); break;
    case REG_QUEUE_DEVICE_HIGH: if (q_writable) set_half(&q->device, true, value); break;
    default: break;  /* read-only and reserved registers ignore writes */
    }
}

/* The 32 transports are one device region; offsets split into transport and register. */
static int virtio_read(void *opaque, uint64_t offset, unsigned size, bool ns, uint64_t *value)
{
    struct VirtioBus *bus = opaque;
    VirtioTransport *t = &bus->t[offset / VIRTIO_MMIO_STRIDE];
    unsigned reg = (unsigned)(offset % VIRTIO_MMIO_STRIDE);
    *value = 0;
    if (offset & (size - 1)) {
        machine_warn(bus->m, "virtio-mmio: misaligned %u-byte read at offset 0x%x", size, reg);
        return 0;
    }
    if (reg >= REG_CONFIG) {
        unsigned off = reg - REG_CONFIG;
        if (t->ops && off < t->config_size) {
            uint64_t v = 0;
            unsigned n = t->config_size - off < size ? t->config_size - off : size;
            memcpy(&v, t->config + off, n);
            *value = v;
        }
        return 0;
    }
    if (size == 8) {
        /* As QEMU, which splits it: two 32-bit registers, the lower address first. */
        *value = read_register(t, reg) | (uint64_t)read_register(t, reg + 4) << 32;
        return 0;
    }
    if (size != 4) {
        machine_warn(bus->m, "virtio-mmio: %u-byte read of register 0x%x (registers are 32-bit)", size, reg);
        return 0;
    }
    *value = read_register(t, reg);
    return 0;
}

static int virtio_write(void *opaque, uint64_t offset, unsigned size, bool ns, uint64_t value)
{
    struct VirtioBus *bus = opaque;
    VirtioTransport *t = &bus->t[offset / VIRTIO_MMIO_STRIDE];
    unsigned reg = (unsigned)(offset % VIRTIO_MMIO_STRIDE);
    if (offset & (size - 1)) {
        machine_warn(bus->m, "virtio-mmio: misaligned %u-byte write at offset 0x%x", size, reg);
        return 0;
    }
    if (reg >= REG_CONFIG) {
        unsigned off = reg - REG_CONFIG;
        if (t->ops && t->ops->config_write && off < t->config_size)
            t->ops->config_write(t->dev, t, off, size, value);
        return 0;
    }
    if (size == 8) {
        write_register(t, reg, (uint32_t)value);
        write_register(t, reg + 4, (uint32_t)(value >> 32));
        return 0;
    }
    if (size != 4) {
        machine_warn(bus->m, "virtio-mmio: %u-byte write of register 0x%x ignored (registers are 32-bit)", size, reg);
        return 0;
    }
    write_register(t, reg, (uint32_t)value);
    return 0;
}

/* ---- Devices on transports ---- */

void virtio_plug(VirtioTransport *t, const VirtioDeviceOps *ops, void *dev, const void *config, unsigned config_size)
{
    t->ops = ops;
    t->dev = dev;
    t->config_size = config_size < VIRTIO_CONFIG_MAX ? config_size : VIRTIO_CONFIG_MAX;
    memset(t->config, 0, sizeof t->config);
    if (config)
        memcpy(t->config, config, t->config_size);
}

uint8_t *virtio_config(VirtioTransport *t) { return t->config; }
Machine *virtio_machine(VirtioTransport *t) { return t->bus->m; }

bool virtio_create_all(Machine *m, const VirtioOptions *o)
{
    struct VirtioBus *bus = calloc(1, sizeof *bus);
    if (!bus) {
        machine_error(m, "out of memory creating the virtio-mmio transports");
        return false;
    }
    bus->m = m;
    for (unsigned n = 0; n < VIRTIO_TRANSPORTS; n++) {
        bus->t[n].bus = bus;
        bus->t[n].index = n;
    }
    m->virtio = bus;
    Device d = {
        .name = "virtio-mmio",
        .base = VIRT_VIRTIO_BASE,
        .size = (uint64_t)VIRTIO_TRANSPORTS * VIRTIO_MMIO_STRIDE,
        .opaque = bus,
        .read = virtio_read,
        .write = virtio_write,
    };
    /* After virtio_free_all the region is still listed (inert): take it back. */
    Device *old = NULL;
    for (int i = 0; i < m->phys.ndev; i++)
        if (m->phys.dev[i].base == d.base && m->phys.dev[i].size == d.size && !m->phys.dev[i].opaque)
            old = &m->phys.dev[i];
    if (old)
        *old = d;
    else if (!phys_add_device(&m->phys, &d)) {
        machine_error(m, "cannot map the virtio-mmio transports at 0x%llx", (unsigned long long)VIRT_VIRTIO_BASE);
        virtio_free_all(m);
        return false;
    }
    for (unsigned k = 0; k < o->ndev && k < VIRTIO_TRANSPORTS; k++) {
        const VirtioDeviceSpec *s = &o->dev[k];
        VirtioTransport *t = &bus->t[virtio_transport_of(k)];
        bool ok = s->kind == VIRTIO_KIND_BLOCK ? virtio_blk_create(t, s) : virtio_console_create(t, s);
        if (!ok) {
            virtio_free_all(m);
            return false;
        }
    }
    return true;
}

void virtio_poll(Machine *m)
{
    struct VirtioBus *bus = m->virtio;
    if (!bus)
        return;
    for (unsigned n = 0; n < VIRTIO_TRANSPORTS; n++) {
        VirtioTransport *t = &bus->t[n];
        if (t->ops && t->ops->poll)
            t->ops->poll(t->dev, t);
    }
}

bool virtio_wait_input(Machine *m)
{
    struct VirtioBus *bus = m->virtio;
    for (unsigned n = 0; bus && n < VIRTIO_TRANSPORTS; n++) {
        VirtioTransport *t = &bus->t[n];
        if (t->ops && t->ops->wait_input && t->ops->wait_input(t->dev, t))
            return true;
    }
    return false;
}

void virtio_free_all(Machine *m)
{
    struct VirtioBus *bus = m->virtio;
    if (!bus)
        return;
    for (unsigned n = 0; n < VIRTIO_TRANSPORTS; n++) {
        VirtioTransport *t = &bus->t[n];
        if (t->ops && t->ops->free)
            t->ops->free(t->dev);
        t->ops = NULL;
        t->dev = NULL;
    }
    /* The region stays in the device list; make it inert rather than dangling. */
    for (int i = 0; i < m->phys.ndev; i++)
        if (m->phys.dev[i].opaque == bus) {
            m->phys.dev[i].read = NULL;
            m->phys.dev[i].write = NULL;
            m->phys.dev[i].opaque = NULL;
        }
    free(bus);
    m->virtio = NULL;
}

/* ---- Options ---- */

static bool fail(char *err, size_t errlen, const char *msg)
{
    snprintf(err, errlen, "%s", msg);
    return false;
}

bool virtio_parse_drive(VirtioOptions *o, const char *value, char *err, size_t errlen)
{
    if (o->ndev >= VIRTIO_TRANSPORTS)
        return fail(err, errlen, "too many virtio devices (32 transports)");
    VirtioDeviceSpec s = {.kind = VIRTIO_KIND_BLOCK};
    size_t vlen = strlen(value);
    char *path = malloc(vlen + 1);
    if (!path)
        return fail(err, errlen, "out of memory");
    bool have_file = false, have_mode = false;
    const char *p = value;
    while (*p) {
        const char *eq = strchr(p, '=');
        const char *comma = strchr(p, ',');
        if (strncmp(p, "file=", 5) == 0) {
            /* The file name runs to the first single comma; ",," stands for one comma. */
            size_t n = 0;
            p += 5;
            for (; *p; p++) {
                if (*p == ',') {
                    if (p[1] != ',')
                        break;
                    p++;
                }
                path[n++] = *p;
            }
            path[n] = '\0';
            if (n == 0) {
                free(path);
                return fail(err, errlen, "file= needs a path");
            }
            have_file = true;
        } else if (strncmp(p, "serial=", 7) == 0) {
            size_t n = comma ? (size_t)(comma - p - 7) : strlen(p + 7);
            if (n > VIRTIO_BLK_ID_BYTES) {
                free(path);
                return fail(err, errlen, "serial= is at most 20 characters");
            }
            memset(s.serial, 0, sizeof s.serial);
            memcpy(s.serial, p + 7, n);
            p += 7 + n;
        } else if (strncmp(p, "format=", 7) == 0) {
            size_t n = comma ? (size_t)(comma - p - 7) : strlen(p + 7);
            if (n != 3 || strncmp(p + 7, "raw", 3) != 0) {
                free(path);
                return fail(err, errlen, "only format=raw images are supported");
            }
            p += 7 + n;
        } else if ((strncmp(p, "rw", 2) == 0 || strncmp(p, "ro", 2) == 0) && (p[2] == ',' || p[2] == '\0')) {
            if (have_mode && s.rw != (p[1] == 'w')) {
                free(path);
                return fail(err, errlen, "rw and ro cannot both be given");
            }
            s.rw = p[1] == 'w';
            have_mode = true;
            p += 2;
        } else {
            size_t n = eq && (!comma || eq < comma) ? (size_t)(eq - p) : comma ? (size_t)(comma - p) : strlen(p);
            snprintf(err, errlen, "unknown drive property '%.*s' (expected file=, rw, ro, serial=, format=raw)",
                     (int)(n > 40 ? 40 : n), p);
            free(path);
            return false;
        }
        if (*p == ',') {
            p++;
            if (*p == '\0') {
                free(path);
                return fail(err, errlen, "trailing comma");
            }
        } else if (*p) {
            free(path);
            return fail(err, errlen, "expected a comma between properties");
        }
    }
    if (!have_file) {
        free(path);
        return fail(err, errlen, "expected file=PATH");
    }
    s.path = path;
    o->dev[o->ndev++] = s;
    return true;
}

bool virtio_parse_console(VirtioOptions *o, const char *value, char *err, size_t errlen)
{
    bool input;
    if (strcmp(value, "stdout") == 0)
        input = false;
    else if (strcmp(value, "stdio") == 0)
        input = true;
    else
        return fail(err, errlen, "expected 'stdout' (output only) or 'stdio' (output and stdin input)");
    for (unsigned k = 0; k < o->ndev; k++)
        if (o->dev[k].kind == VIRTIO_KIND_CONSOLE)
            return fail(err, errlen, "only one virtio console is supported");
    if (o->ndev >= VIRTIO_TRANSPORTS)
        return fail(err, errlen, "too many virtio devices (32 transports)");
    o->dev[o->ndev++] = (VirtioDeviceSpec){.kind = VIRTIO_KIND_CONSOLE, .input = input};
    return true;
}

bool virtio_check_images(const VirtioOptions *o)
{
    for (unsigned k = 0; k < o->ndev; k++) {
        const VirtioDeviceSpec *s = &o->dev[k];
        if (s->kind != VIRTIO_KIND_BLOCK)
            continue;
        char why[160];
        int fd = virtio_blk_open_image(s->path, s->rw, why, sizeof why);
        if (fd < 0) {
            fprintf(stderr, "tetrarch: %s: %s\n", s->path, why);
            return false;
        }
        close(fd);
    }
    return true;
}

bool virtio_console_owns_stdin(const VirtioOptions *o)
{
    for (unsigned k = 0; k < o->ndev; k++)
        if (o->dev[k].kind == VIRTIO_KIND_CONSOLE && o->dev[k].input)
            return true;
    return false;
}

void virtio_options_free(VirtioOptions *o)
{
    for (unsigned k = 0; k < o->ndev; k++) {
        free(o->dev[k].path);
        o->dev[k].path = NULL;
    }
    o->ndev = 0;
}
