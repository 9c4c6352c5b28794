/* SPDX-License-Identifier: MIT */
/* The physical address space: RAM and flash host mappings, the device list, and the
 * invalidation of decoded instructions when memory they came from is written. */
#include "mmu/phys.h"

#include <stdlib.h>
#include <string.h>

#include "cpu/decode.h"
#include "mmu/maint.h"

bool phys_init(PhysMem *pm, uint64_t ram_size)
{
    memset(pm, 0, sizeof *pm);
    pm->ram_base = VIRT_RAM_BASE;
    pm->ram_size = ram_size;
    pm->flash_base = VIRT_FLASH_BASE;
    pm->flash_size = VIRT_FLASH_SIZE;
    /* calloc of this size maps zero pages lazily: untouched RAM costs nothing. */
    pm->ram = calloc(1, ram_size);
    pm->flash = calloc(1, pm->flash_size);
    pm->ram_code = calloc(ram_size >> PAGE_SHIFT, sizeof *pm->ram_code);
    pm->flash_code = calloc(pm->flash_size >> PAGE_SHIFT, sizeof *pm->flash_code);
    if (!pm->ram || !pm->flash || !pm->ram_code || !pm->flash_code) {
        phys_free(pm);
        return false;
    }
    return true;
}

void phys_free(PhysMem *pm)
{
    if (pm->ram_code)
        for (uint64_t i = 0; i < pm->ram_size >> PAGE_SHIFT; i++)
            free(pm->ram_code[i]);
    if (pm->flash_code)
        for (uint64_t i = 0; i < pm->flash_size >> PAGE_SHIFT; i++)
            free(pm->flash_code[i]);
    free(pm->ram_code);
    free(pm->flash_code);
    free(pm->ram);
    free(pm->flash);
    pm->ram = pm->flash = NULL;
    pm->ram_code = pm->flash_code = NULL;
}

bool phys_add_device(PhysMem *pm, const Device *d)
{
    if (pm->ndev >= PHYS_MAX_DEVICES)
        return false;
    pm->dev[pm->ndev++] = *d;
    return true;
}

static bool in_region(uint64_t pa, uint64_t len, uint64_t base, uint64_t size)
{
    return pa >= base && len <= size && pa - base <= size - len;
}

uint8_t *phys_host_ptr(PhysMem *pm, uint64_t pa, uint64_t len)
{
    if (in_region(pa, len, pm->ram_base, pm->ram_size))
        return pm->ram + (pa - pm->ram_base);
    if (in_region(pa, len, pm->flash_base, pm->flash_size))
        return pm->flash + (pa - pm->flash_base);
    return NULL;
}

static Device *find_device(PhysMem *pm, uint64_t pa, unsigned size)
{
    for (int i = 0; i < pm->ndev; i++)
        if (in_region(pa, size, pm->dev[i].base, pm->dev[i].size))
            return &pm->dev[i];
    return NULL;
}

int phys_read(PhysMem *pm, uint64_t pa, unsigned size, uint64_t *value)
{
    uint8_t *host = phys_host_ptr(pm, pa, size);
    if (host) {
        uint64_t v = 0;
        memcpy(&v, host, size); /* little-endian host */
        *value = v;
        return 0;
    }
    Device *d = find_device(pm, pa, size);
    if (d && d->read)
        return d->read(d->opaque, pa - d->base, size, value);
    return -1;
}

int phys_write(PhysMem *pm, uint64_t pa, unsigned size, uint64_t value)
{
    if (in_region(pa, size, pm->ram_base, pm->ram_size)) {
        memcpy(pm->ram + (pa - pm->ram_base), &value, size);
        if (pm->ram_code[(pa - pm->ram_base) >> PAGE_SHIFT] ||
            pm->ram_code[(pa + size - 1 - pm->ram_base) >> PAGE_SHIFT]) {
            if (pm->strict_icache)
                phys_mark_code_written(pm, pa, size);
            else
                phys_invalidate_code(pm, pa, size);
        }
        return 0;
    }
    if (in_region(pa, size, pm->flash_base, pm->flash_size))
        return -1; /* flash is read-only until the flash device model exists */
    Device *d = find_device(pm, pa, size);
    if (d && d->write)
        return d->write(d->opaque, pa - d->base, size, value);
    return -1;
}

struct DecodedPage **phys_code_slot(PhysMem *pm, uint64_t pa)
{
    if (in_region(pa, 4, pm->ram_base, pm->ram_size))
        return &pm->ram_code[(pa - pm->ram_base) >> PAGE_SHIFT];
    if (in_region(pa, 4, pm->flash_base, pm->flash_size))
        return &pm->flash_code[(pa - pm->flash_base) >> PAGE_SHIFT];
    return NULL;
}

/* Visit the decoded slots covering [pa, pa+len), page by page. */
static void for_code_slots(PhysMem *pm, uint64_t pa, uint64_t len, void (*fn)(struct DecodedPage *, unsigned, unsigned))
{
    uint64_t end = pa + len;
    for (uint64_t a = pa & ~3ULL; a < end;) {
        struct DecodedPage **slot = phys_code_slot(pm, a);
        uint64_t page_end = (a | (PAGE_SIZE - 1)) + 1;
        uint64_t stop = end < page_end ? end : page_end;
        if (slot && *slot) {
            unsigned first = (unsigned)((a & (PAGE_SIZE - 1)) >> 2);
            unsigned last = (unsigned)(((stop - 1) & (PAGE_SIZE - 1)) >> 2);
            fn(*slot, first, last - first + 1);
        }
        a = stop;
    }
}

void phys_invalidate_code(PhysMem *pm, uint64_t pa, uint64_t len)
{
    for_code_slots(pm, pa, len, decoded_page_invalidate);
}

void phys_mark_code_written(PhysMem *pm, uint64_t pa, uint64_t len)
{
    for_code_slots(pm, pa, len, icache_data_written);
}
