/* SPDX-License-Identifier: MIT */
/* The physical address space: RAM and flash as host mappings, devices as {base, size, read,
 * write}, and everything else unassigned (a synchronous external abort for the CPU). */
#ifndef TETRARCH_PHYS_H
#define TETRARCH_PHYS_H

#include <stdbool.h>
#include <stdint.h>

struct DecodedPage;

typedef struct {
    const char *name;
    uint64_t base, size;
    void *opaque;
    /* Return 0, or -1 for an access the device does not accept (an external abort). `ns` is
     * the access's NS attribute (false = Secure): devices with Secure and Non-secure register
     * views (the GIC) read it; the security state travels with the access. */
    int (*read)(void *opaque, uint64_t offset, unsigned size, bool ns, uint64_t *value);
    int (*write)(void *opaque, uint64_t offset, unsigned size, bool ns, uint64_t value);
} Device;

#define PHYS_MAX_DEVICES 32
#define PAGE_SHIFT 12
#define PAGE_SIZE (1u << PAGE_SHIFT)

/* A region of memory backed by host memory: flash, the Secure-only RAM, RAM. */
typedef struct {
    const char *name;
    uint64_t base, size;
    uint8_t *host;
    /* Decoded-instruction pages, one slot per page (NULL until code runs there). A write to a
     * page with code invalidates the decoded instructions it covers. */
    struct DecodedPage **code;
    bool writable;
    bool secure_only;   /* absent from the Non-secure physical address space */
} MemRegion;

enum { MEM_FLASH, MEM_SECURE_RAM, MEM_RAM, MEM_REGIONS };

typedef struct PhysMem {
    MemRegion mem[MEM_REGIONS];
    uint64_t ram_base, ram_size;     /* mem[MEM_RAM], for convenience */
    Device dev[PHYS_MAX_DEVICES];
    int ndev;
    /* --strict-icache: data writes leave decoded code stale until IC maintenance. */
    bool strict_icache;
    /* The flash's command interface (peripherals/pflash.c; `write` is NULL without one). Flash
     * is never written directly: every write to its region goes to flash_ctl. Reads come
     * straight from memory while every bank is in read-array mode (flash_io == 0), and go to
     * flash_ctl, which answers status, IDs or CFI data, while one is not (bit n: bank n). */
    Device flash_ctl;
    unsigned flash_io;
} PhysMem;

/* Virt board map (QEMU hw/arm/virt.c). */
#define VIRT_FLASH_BASE 0x00000000ULL
#define VIRT_FLASH_SIZE 0x08000000ULL /* two 64 MiB banks */
#define VIRT_SECURE_RAM_BASE 0x0E000000ULL /* Secure-only, as QEMU virt with secure=on */
#define VIRT_SECURE_RAM_SIZE 0x01000000ULL
#define VIRT_GIC_DIST   0x08000000ULL
#define VIRT_GIC_REDIST 0x080A0000ULL
#define VIRT_UART_BASE  0x09000000ULL
#define VIRT_RTC_BASE   0x09010000ULL
#define VIRT_VIRTIO_BASE 0x0A000000ULL
#define VIRT_RAM_BASE   0x40000000ULL

/* Create RAM, Secure RAM and flash; false when the host cannot allocate them. */
bool phys_init(PhysMem *pm, uint64_t ram_size);
void phys_free(PhysMem *pm);
bool phys_add_device(PhysMem *pm, const Device *d);

/* The memory region holding [pa, pa+len), or NULL. */
MemRegion *phys_region(PhysMem *pm, uint64_t pa, uint64_t len);
/* Host pointer for `pa` in memory (any region), or NULL. `len` bytes must stay inside. */
uint8_t *phys_host_ptr(PhysMem *pm, uint64_t pa, uint64_t len);
/* Is [pa, pa+len) memory that a Non-secure access may not reach (the Secure-only RAM)? */
bool phys_secure_only(PhysMem *pm, uint64_t pa, uint64_t len);
/* Is [pa, pa+len) inside the main RAM? */
static inline bool phys_in_main_ram(const PhysMem *pm, uint64_t pa, uint64_t len)
{
    return pa >= pm->ram_base && len <= pm->ram_size && pa - pm->ram_base <= pm->ram_size - len;
}
/* Is [pa, pa+len) writable memory (RAM or Secure RAM), where the soft TLB may point? */
static inline bool phys_in_ram(PhysMem *pm, uint64_t pa, uint64_t len)
{
    const MemRegion *r = phys_region(pm, pa, len);
    return r && r->writable;
}

/* Accesses of 1, 2, 4 or 8 bytes, naturally contained in one region. Return 0 or -1 (an
 * external abort: unassigned address or refused device access). Flash writes go to its
 * command interface (flash_ctl), and abort without one. These do not check security: callers
 * making Non-secure accesses check phys_secure_only(). */
int phys_read(PhysMem *pm, uint64_t pa, unsigned size, uint64_t *value);
int phys_write(PhysMem *pm, uint64_t pa, unsigned size, uint64_t value);
/* The same with the access's NS attribute; phys_read/phys_write make Secure accesses (a
 * debugger's, a device's DMA, the loader's). */
int phys_read_ns(PhysMem *pm, uint64_t pa, unsigned size, bool ns, uint64_t *value);
int phys_write_ns(PhysMem *pm, uint64_t pa, unsigned size, bool ns, uint64_t value);

/* Slot for the decoded page holding `pa`, or NULL when `pa` is not executable memory. */
struct DecodedPage **phys_code_slot(PhysMem *pm, uint64_t pa);
/* Drop decoded instructions covering [pa, pa+len). */
void phys_invalidate_code(PhysMem *pm, uint64_t pa, uint64_t len);
/* --strict-icache: a data write to [pa, pa+len) leaves decoded instructions stale. */
void phys_mark_code_written(PhysMem *pm, uint64_t pa, uint64_t len);
/* Memory in [pa, pa+len) changed behind the CPU's back (a flash program or erase): its decoded
 * instructions go, or turn stale under --strict-icache, as for a store. */
void phys_memory_changed(PhysMem *pm, uint64_t pa, uint64_t len);
/* Take the Secure-only RAM out of the map (a board without Secure world: --secure off). */
void phys_remove_secure_ram(PhysMem *pm);

#endif
