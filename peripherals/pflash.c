/* SPDX-License-Identifier: MIT */
/* CFI parallel flash, Intel/Sharp command set: the state machine of QEMU's pflash_cfi01 as the
 * virt board configures it, over the flash memory region of the physical map. */
#include "peripherals/pflash.h"

#include <stdlib.h>
#include <string.h>

#include "mmu/phys.h"

/* Commands (first write cycle), Intel StrataFlash / CFI Intel command set. */
enum {
    CMD_READ_ARRAY = 0xFF,
    CMD_READ_ARRAY_QEMU = 0x00,  /* QEMU's own "read array" state and command (not CFI) */
    CMD_AMD_RESET = 0xF0,        /* probe for AMD flash: an Intel part returns to read array */
    CMD_PROGRAM = 0x40,
    CMD_PROGRAM_ALT = 0x10,
    CMD_ERASE = 0x20,
    CMD_ERASE_ALT = 0x28,        /* only ever reached as a state, as in QEMU */
    CMD_CLEAR_STATUS = 0x50,
    CMD_LOCK = 0x60,
    CMD_READ_STATUS = 0x70,
    CMD_READ_ID = 0x90,
    CMD_CFI_QUERY = 0x98,
    CMD_WRITE_BUFFER = 0xE8,
    CMD_CONFIRM = 0xD0,
    CMD_LOCK_SET = 0x01,
};

/* Status register bits. */
enum {
    SR_READY = 0x80,       /* write state machine ready */
    SR_ERASE_ERROR = 0x20,
    SR_PROGRAM_ERROR = 0x10,
};

#define NUM_DEVICES (PFLASH_BANK_WIDTH / PFLASH_DEVICE_WIDTH)
#define SECTORS (PFLASH_BANK_SIZE / PFLASH_SECTOR_SIZE)
#define CFI_TABLE_SIZE 0x52
/* The write buffer: 2^11 bytes per device (CFI 0x2A), all devices of the bank together. */
#define WRITE_BUFFER_SIZE ((1u << 11) * NUM_DEVICES)
/* Query and identifier addresses count in device words of the bank: byte offset >> 2. */
#define QUERY_SHIFT 2

typedef struct {
    uint8_t *storage;        /* the bank's bytes in the flash region's host memory */
    uint64_t base;           /* physical address */
    uint8_t cmd, wcycle, status;
    uint32_t counter;        /* buffered program: words still to come, less one */
    uint8_t buffer[WRITE_BUFFER_SIZE];
    int64_t buffer_offset;   /* bank offset of the buffer's block, -1 when no program is open */
} Bank;

struct PFlash {
    Machine *m;
    PhysMem *pm;
    Bank bank[PFLASH_BANKS];
    uint8_t cfi[CFI_TABLE_SIZE];
};

/* The query table one x16 device answers (QEMU's pflash_cfi01_fill_cfi_table). Each device
 * holds half of every sector: 256 blocks of 128 KiB, 32 MiB. */
static void fill_cfi_table(uint8_t *t)
{
    const uint32_t blocks = (uint32_t)SECTORS;
    const uint32_t sector = (uint32_t)(PFLASH_SECTOR_SIZE / NUM_DEVICES);
    memset(t, 0, CFI_TABLE_SIZE);
    t[0x10] = 'Q', t[0x11] = 'R', t[0x12] = 'Y';
    t[0x13] = 0x01, t[0x14] = 0x00;  /* primary command set: Intel/Sharp extended */
    t[0x15] = 0x31, t[0x16] = 0x00;  /* primary extended table at 0x31 */
    t[0x1B] = 0x45, t[0x1C] = 0x55;  /* Vcc 4.5 V .. 5.5 V, no Vpp */
    t[0x1F] = 0x07;                  /* typical word program: 2^7 us */
    t[0x20] = 0x07;                  /* typical buffer program: 2^7 us */
    t[0x21] = 0x0A;                  /* typical block erase: 2^10 ms */
    t[0x23] = 0x04, t[0x24] = 0x04, t[0x25] = 0x04; /* maxima: 2^4 times typical */
    t[0x27] = 25;                    /* device size 2^25 bytes */
    t[0x28] = 0x02, t[0x29] = 0x00;  /* interface: x8/x16 */
    t[0x2A] = 11;                    /* write buffer 2^11 bytes */
    t[0x2C] = 0x01;                  /* one erase block region: */
    t[0x2D] = (uint8_t)(blocks - 1), t[0x2E] = (uint8_t)((blocks - 1) >> 8);
    t[0x2F] = (uint8_t)(sector >> 8), t[0x30] = (uint8_t)(sector >> 16);
    t[0x31] = 'P', t[0x32] = 'R', t[0x33] = 'I', t[0x34] = '1', t[0x35] = '0';
    t[0x3F] = 0x01;                  /* one protection field */
}

/* The bank answers reads from memory again (read-array mode). */
static void set_io(struct PFlash *f, unsigned n, bool io)
{
    if (io)
        f->pm->flash_io |= 1u << n;
    else
        f->pm->flash_io &= ~(1u << n);
}

static void read_array_mode(struct PFlash *f, unsigned n)
{
    Bank *b = &f->bank[n];
    b->wcycle = 0;
    b->cmd = CMD_READ_ARRAY_QEMU;
    b->buffer_offset = -1;
    set_io(f, n, false);
}

/* One device's reply replicated across the bank (device 0 in the low half). */
static uint32_t replicate(uint32_t v)
{
    return (v & 0xFFFF) | (v & 0xFFFF) << 16;
}

static uint64_t load_le(const uint8_t *p, unsigned size)
{
    uint64_t v = 0;
    memcpy(&v, p, size); /* little-endian host */
    return v;
}

/* A read of at most 4 bytes inside one bank. */
static uint32_t bank_read(struct PFlash *f, Bank *b, uint64_t off, unsigned size)
{
    uint32_t v;
    switch (b->cmd) {
    case CMD_READ_ARRAY_QEMU:
        return (uint32_t)load_le(b->storage + off, size);
    case CMD_PROGRAM: case CMD_PROGRAM_ALT: case CMD_ERASE: case CMD_ERASE_ALT:
    case CMD_CLEAR_STATUS: case CMD_LOCK: case CMD_READ_STATUS: case CMD_WRITE_BUFFER:
        /* The status register, from each device of the bank that the access covers. */
        v = b->status;
        if (size > PFLASH_DEVICE_WIDTH)
            v |= (uint32_t)b->status << 16;
        return v;
    case CMD_READ_ID:
        switch ((off >> QUERY_SHIFT) & 0xFF) {
        case 0: v = replicate(0x89); break;  /* manufacturer: Intel */
        case 1: v = replicate(0x18); break;  /* device */
        default: v = 0; break;               /* block lock status and the rest: 0, unlocked */
        }
        break;
    case CMD_CFI_QUERY: {
        uint64_t i = off >> QUERY_SHIFT;
        v = i < CFI_TABLE_SIZE ? replicate(f->cfi[i]) : 0;
        break;
    }
    default:
        /* Cannot happen: QEMU resets to read array and reads memory. */
        return (uint32_t)load_le(b->storage + off, size);
    }
    return size == 4 ? v : v & ((1u << (8 * size)) - 1);
}

/* Store into the bank (a program): into the open write buffer when there is one. */
static void program(struct PFlash *f, Bank *b, uint64_t off, uint32_t value, unsigned size)
{
    if (b->buffer_offset >= 0) {
        if (off < (uint64_t)b->buffer_offset || off + size > (uint64_t)b->buffer_offset + WRITE_BUFFER_SIZE) {
            b->status |= SR_PROGRAM_ERROR;
            return;
        }
        memcpy(b->buffer + (off - (uint64_t)b->buffer_offset), &value, size);
        return;
    }
    memcpy(b->storage + off, &value, size);
    phys_memory_changed(f->pm, b->base + off, size);
}

/* A write of at most 4 bytes inside bank n: one cycle of a command sequence. The sequences and
 * their quirks are QEMU 7.2's (hw/block/pflash_cfi01.c, pflash_write). */
static void bank_write(struct PFlash *f, unsigned n, uint64_t off, uint32_t value, unsigned size)
{
    Bank *b = &f->bank[n];
    uint8_t cmd = (uint8_t)value;
    if (b->wcycle == 0)
        set_io(f, n, true); /* any command leaves read-array mode until one returns to it */
    switch (b->wcycle) {
    case 0:
        switch (cmd) {
        case CMD_READ_ARRAY_QEMU:
        case CMD_AMD_RESET:
        case CMD_READ_ARRAY:
            read_array_mode(f, n);
            return;
        case CMD_PROGRAM:
        case CMD_PROGRAM_ALT:
        case CMD_LOCK:
        case CMD_CFI_QUERY:
            break;
        case CMD_ERASE: {
            /* QEMU erases at the setup cycle; the confirm only completes the sequence. */
            uint64_t start = off & ~(PFLASH_SECTOR_SIZE - 1);
            memset(b->storage + start, 0xFF, PFLASH_SECTOR_SIZE);
            phys_memory_changed(f->pm, b->base + start, PFLASH_SECTOR_SIZE);
            b->status |= SR_READY;
            break;
        }
        case CMD_CLEAR_STATUS:
            b->status = 0;
            read_array_mode(f, n);
            return;
        case CMD_READ_STATUS:
        case CMD_READ_ID:
            b->cmd = cmd; /* a read mode: the next write is a new command */
            return;
        case CMD_WRITE_BUFFER:
            b->status |= SR_READY; /* the buffer is available at once */
            break;
        default:
            machine_warn(f->m, "pflash: unknown command 0x%02x at 0x%llx", cmd,
                         (unsigned long long)(b->base + off));
            read_array_mode(f, n);
            return;
        }
        b->wcycle = 1;
        b->cmd = cmd;
        return;
    case 1:
        switch (b->cmd) {
        case CMD_PROGRAM:
        case CMD_PROGRAM_ALT:
            program(f, b, off, value, size);
            b->status |= SR_READY;
            b->wcycle = 0; /* cmd stays: reads return the status until read array */
            return;
        case CMD_ERASE:
        case CMD_ERASE_ALT:
            if (cmd == CMD_CONFIRM) {
                b->wcycle = 0;
                b->status |= SR_READY;
                return;
            }
            break; /* 0xFF, or an error: read array */
        case CMD_WRITE_BUFFER:
            /* The word count less one, in one device's width. */
            b->counter = value & 0xFFFF;
            b->wcycle = 2;
            return;
        case CMD_LOCK:
            if (cmd == CMD_CONFIRM || cmd == CMD_LOCK_SET) {
                b->wcycle = 0; /* nothing is locked: lock bits are not modelled */
                b->status |= SR_READY;
                return;
            }
            break;
        case CMD_CFI_QUERY:
            if (cmd != CMD_READ_ARRAY)
                return; /* QEMU stays in query mode for anything else */
            break;
        }
        read_array_mode(f, n);
        return;
    case 2:
        if (b->cmd == CMD_WRITE_BUFFER) {
            /* The block of the first data word is the buffer's (QEMU opens it only for counts
             * above zero, then fails a one-word program; here one word works too). */
            if (b->buffer_offset < 0) {
                b->buffer_offset = (int64_t)(off & ~(uint64_t)(WRITE_BUFFER_SIZE - 1));
                memcpy(b->buffer, b->storage + b->buffer_offset, WRITE_BUFFER_SIZE);
            }
            program(f, b, off, value, size);
            b->status |= SR_READY;
            if (b->counter == 0)
                b->wcycle = 3;
            else
                b->counter--;
            return;
        }
        read_array_mode(f, n);
        return;
    case 3:
        if (b->cmd == CMD_WRITE_BUFFER && cmd == CMD_CONFIRM && !(b->status & SR_PROGRAM_ERROR)) {
            memcpy(b->storage + b->buffer_offset, b->buffer, WRITE_BUFFER_SIZE);
            phys_memory_changed(f->pm, b->base + (uint64_t)b->buffer_offset, WRITE_BUFFER_SIZE);
            b->buffer_offset = -1;
            b->wcycle = 0;
            b->status |= SR_READY;
            return;
        }
        read_array_mode(f, n); /* the buffer is dropped */
        return;
    default:
        read_array_mode(f, n);
        return;
    }
}

/* Accesses come in at any width; 8-byte ones are split into 4-byte halves, as QEMU's memory
 * core splits them for this device (at most 4 bytes per access). */
static int pflash_read(void *opaque, uint64_t offset, unsigned size, bool ns, uint64_t *value)
{
    struct PFlash *f = opaque;
    unsigned n = (unsigned)(offset / PFLASH_BANK_SIZE);
    uint64_t off = offset % PFLASH_BANK_SIZE;
    if (n >= PFLASH_BANKS)
        return -1;
    Bank *b = &f->bank[n];
    if (size == 8)
        *value = bank_read(f, b, off, 4) | (uint64_t)bank_read(f, b, off + 4, 4) << 32;
    else
        *value = bank_read(f, b, off, size);
    return 0;
}

static int pflash_write(void *opaque, uint64_t offset, unsigned size, bool ns, uint64_t value)
{
    struct PFlash *f = opaque;
    unsigned n = (unsigned)(offset / PFLASH_BANK_SIZE);
    uint64_t off = offset % PFLASH_BANK_SIZE;
    if (n >= PFLASH_BANKS)
        return -1;
    if (size == 8) {
        bank_write(f, n, off, (uint32_t)value, 4);
        bank_write(f, n, off + 4, (uint32_t)(value >> 32), 4);
    } else {
        bank_write(f, n, off, (uint32_t)value, size);
    }
    return 0;
}

struct PFlash *pflash_create(Machine *m)
{
    MemRegion *r = &m->phys.mem[MEM_FLASH];
    if (!r->host || r->size < PFLASH_BANKS * PFLASH_BANK_SIZE) {
        machine_error(m, "the board's flash region cannot hold %d flash banks", PFLASH_BANKS);
        return NULL;
    }
    struct PFlash *f = calloc(1, sizeof *f);
    if (!f) {
        machine_error(m, "out of host memory for the flash");
        return NULL;
    }
    f->m = m;
    f->pm = &m->phys;
    fill_cfi_table(f->cfi);
    for (unsigned n = 0; n < PFLASH_BANKS; n++) {
        Bank *b = &f->bank[n];
        b->base = r->base + n * PFLASH_BANK_SIZE;
        b->storage = r->host + n * PFLASH_BANK_SIZE;
        b->status = SR_READY;
        read_array_mode(f, n);
    }
    m->phys.flash_ctl = (Device){
        .name = "pflash", .base = r->base, .size = PFLASH_BANKS * PFLASH_BANK_SIZE,
        .opaque = f, .read = pflash_read, .write = pflash_write,
    };
    return f;
}

void pflash_free(struct PFlash *f)
{
    if (!f)
        return;
    f->pm->flash_ctl = (Device){0};
    f->pm->flash_io = 0;
    free(f);
}
