/* SPDX-License-Identifier: MIT */
/* The physical address space: memory regions as host mappings (flash, Secure RAM, RAM), the
 * device list, and the
 * invalidation of decoded instructions when memory they came from is written. */
#include "mmu/phys.h"

#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>

#include "cpu/decode.h"
#include "mmu/maint.h"

/* Guest memory is an anonymous mapping: zero pages come lazily, so untouched memory costs
 * nothing, and (unlike a calloc of the same size) a sanitizer's allocator does not poison
 * and unpoison the shadow of all of it when a board is built and freed (tests/fuzz builds
 * one per input). */
static uint8_t *host_map(uint64_t size)
{
    void *p = mmap(NULL, size, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
    return p == MAP_FAILED ? NULL : p;
}

static void host_unmap(MemRegion *r)
{
    if (r->host)
        munmap(r->host, r->size);
    r->host = NULL;
}

static bool region_init(MemRegion *r, const char *name, uint64_t base, uint64_t size, bool writable, bool secure_only)
{
    *r = (MemRegion){.name = name, .base = base, .size = size, .writable = writable, .secure_only = secure_only};
    r->host = host_map(size);
    r->code = calloc(size >> PAGE_SHIFT, sizeof *r->code);
    return r->host && r->code;
}

bool phys_init(PhysMem *pm, uint64_t ram_size)
{
    memset(pm, 0, sizeof *pm);
    pm->ram_base = VIRT_RAM_BASE;
    pm->ram_size = ram_size;
    bool ok = region_init(&pm->mem[MEM_FLASH], "flash", VIRT_FLASH_BASE, VIRT_FLASH_SIZE, false, false) &&
              region_init(&pm->mem[MEM_SECURE_RAM], "secure RAM", VIRT_SECURE_RAM_BASE, VIRT_SECURE_RAM_SIZE, true, true) &&
              region_init(&pm->mem[MEM_RAM], "RAM", VIRT_RAM_BASE, ram_size, true, false);
    if (!ok)
        phys_free(pm);
    return ok;
}

void phys_free(PhysMem *pm)
{
    for (unsigned k = 0; k < MEM_REGIONS; k++) {
        MemRegion *r = &pm->mem[k];
        if (r->code)
            for (uint64_t i = 0; i < r->size >> PAGE_SHIFT; i++)
                if (r->code[i]) /* most pages never ran: skip the allocator's free(NULL) */
                    free(r->code[i]);
        free(r->code);
        host_unmap(r);
        r->code = NULL;
    }
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

MemRegion *phys_region(PhysMem *pm, uint64_t pa, uint64_t len)
{
    for (unsigned k = 0; k < MEM_REGIONS; k++)
        if (pm->mem[k].host && in_region(pa, len, pm->mem[k].base, pm->mem[k].size))
            return &pm->mem[k];
    return NULL;
}

uint8_t *phys_host_ptr(PhysMem *pm, uint64_t pa, uint64_t len)
{
    MemRegion *r = phys_region(pm, pa, len);
    return r ? r->host + (pa - r->base) : NULL;
}

bool phys_secure_only(PhysMem *pm, uint64_t pa, uint64_t len)
{
    MemRegion *r = phys_region(pm, pa, len);
    return r && r->secure_only;
}

static Device *find_device(PhysMem *pm, uint64_t pa, unsigned size)
{
    for (int i = 0; i < pm->ndev; i++)
        if (in_region(pa, size, pm->dev[i].base, pm->dev[i].size))
            return &pm->dev[i];
    return NULL;
}

int phys_read_ns(PhysMem *pm, uint64_t pa, unsigned size, bool ns, uint64_t *value)
{
    MemRegion *r = phys_region(pm, pa, size);
    if (r) {
        /* A flash bank out of read-array mode answers with its status, IDs or CFI data. */
        if (r == &pm->mem[MEM_FLASH] && pm->flash_io)
            return pm->flash_ctl.read(pm->flash_ctl.opaque, pa - r->base, size, ns, value);
        uint64_t v = 0;
        memcpy(&v, r->host + (pa - r->base), size); /* little-endian host */
        *value = v;
        return 0;
    }
    Device *d = find_device(pm, pa, size);
    if (d && d->read)
        return d->read(d->opaque, pa - d->base, size, ns, value);
    return -1;
}

int phys_read(PhysMem *pm, uint64_t pa, unsigned size, uint64_t *value) { return phys_read_ns(pm, pa, size, false, value); }

int phys_write_ns(PhysMem *pm, uint64_t pa, unsigned size, bool ns, uint64_t value)
{
    MemRegion *r = phys_region(pm, pa, size);
    if (r) {
        if (!r->writable) /* flash: commands for its model, which programs the memory */
            return r == &pm->mem[MEM_FLASH] && pm->flash_ctl.write
                       ? pm->flash_ctl.write(pm->flash_ctl.opaque, pa - r->base, size, ns, value) : -1;
        memcpy(r->host + (pa - r->base), &value, size);
        if (r->code[(pa - r->base) >> PAGE_SHIFT] || r->code[(pa + size - 1 - r->base) >> PAGE_SHIFT]) {
            if (pm->strict_icache)
                phys_mark_code_written(pm, pa, size);
            else
                phys_invalidate_code(pm, pa, size);
        }
        return 0;
    }
    Device *d = find_device(pm, pa, size);
    if (d && d->write)
        return d->write(d->opaque, pa - d->base, size, ns, value);
    return -1;
}

int phys_write(PhysMem *pm, uint64_t pa, unsigned size, uint64_t value) { return phys_write_ns(pm, pa, size, false, value); }

struct DecodedPage **phys_code_slot(PhysMem *pm, uint64_t pa)
{
    MemRegion *r = phys_region(pm, pa, 4);
    return r ? &r->code[(pa - r->base) >> PAGE_SHIFT] : NULL;
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

void phys_memory_changed(PhysMem *pm, uint64_t pa, uint64_t len)
{
    if (pm->strict_icache)
        phys_mark_code_written(pm, pa, len);
    else
        phys_invalidate_code(pm, pa, len);
}

void phys_remove_secure_ram(PhysMem *pm)
{
    MemRegion *r = &pm->mem[MEM_SECURE_RAM];
    free(r->code); /* nothing has run there yet: no decoded pages to free */
    r->code = NULL;
    host_unmap(r); /* phys_region() skips a region without memory */
}
