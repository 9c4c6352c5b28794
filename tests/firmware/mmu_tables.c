/* SPDX-License-Identifier: MIT */
/* Translation-table builder for the MMU test programs (see mmu_tables.h). */
#include "mmu_tables.h"
#include "lib/rt.h"

static uintptr_t pool_next, pool_end;

void mt_pool_init(void *base, size_t size)
{
    pool_next = (uintptr_t)base;
    pool_end = pool_next + size;
}

void *mt_alloc(size_t size, size_t align)
{
    uintptr_t p = (pool_next + align - 1) & ~(uintptr_t)(align - 1);
    if (p + size > pool_end || p + size < p) {
        rt_printf("mt_alloc: pool exhausted (%lu bytes)\n", (uint64_t)size);
        rt_exit(3);
    }
    pool_next = p + size;
    memset((void *)p, 0, size);
    return (void *)p;
}

size_t mt_pool_left(void)
{
    return pool_end - pool_next;
}

unsigned mt_shift(unsigned gran, int level)
{
    return gran + (unsigned)(3 - level) * (gran - 3);
}

static void init_root(struct mt *t, size_t entries)
{
    size_t bytes = entries * 8;
    size_t align = bytes < 64 ? 64 : bytes;
    if (bytes < 64)
        bytes = 64;
    t->root_size = bytes;
    t->root = (uint64_t)mt_alloc(bytes, align);
}

void mt_init_s1(struct mt *t, unsigned gran, unsigned ia_bits)
{
    unsigned per = gran - 3;
    unsigned levels = (ia_bits - gran + per - 1) / per;
    t->gran = gran;
    t->ia_bits = ia_bits;
    t->start = 4 - (int)levels;
    init_root(t, (size_t)1 << (ia_bits - mt_shift(gran, t->start)));
}

unsigned mt_init_s2(struct mt *t, unsigned gran, unsigned ia_bits, unsigned sl0)
{
    unsigned per = gran - 3;
    t->gran = gran;
    t->ia_bits = ia_bits;
    t->start = (gran == 12 ? 2 : 3) - (int)sl0;
    unsigned shift = mt_shift(gran, t->start);
    /* Inconsistent: the start level resolves no address bit, or would need more than 16
     * concatenated tables (AArch64.S2InconsistentSL / AArch64.S2InvalidSL). */
    if (ia_bits <= shift || ia_bits > shift + per + 4) {
        init_root(t, (size_t)1 << per);
        return 0;
    }
    size_t entries = (size_t)1 << (ia_bits - shift);
    if (entries < ((size_t)1 << per))
        entries = (size_t)1 << per;  /* one full table even when fewer entries are used */
    init_root(t, entries);
    return (unsigned)(entries >> per);
}

int mt_block_ok(unsigned gran, int level)
{
    if (level == 3)
        return 1;
    if (gran == 12)
        return level == 1 || level == 2;
    return level == 2;  /* 16K: 32 MiB; 64K: 512 MiB (level-1 blocks need 52-bit PAs) */
}

static unsigned index_at(const struct mt *t, uint64_t va, int level)
{
    unsigned shift = mt_shift(t->gran, level);
    unsigned bits = level == t->start ? t->ia_bits - shift : t->gran - 3;
    if (level == t->start && bits > 30)
        bits = 30;
    return (unsigned)((va >> shift) & ((1ul << bits) - 1));
}

uint64_t *mt_slot(struct mt *t, uint64_t va, int level, uint64_t tbits)
{
    uint64_t *table = (uint64_t *)t->root;
    uint64_t oa_mask = ((1ul << 48) - 1) & ~((1ul << t->gran) - 1);
    for (int l = t->start; l < level; l++) {
        uint64_t *d = &table[index_at(t, va, l)];
        if ((*d & 3) != 3) {
            void *next = mt_alloc(1ul << t->gran, 1ul << t->gran);
            *d = (uint64_t)next | D_TABLE | tbits;
        }
        table = (uint64_t *)(*d & oa_mask);
    }
    return &table[index_at(t, va, level)];
}

void mt_map(struct mt *t, uint64_t va, uint64_t pa, int level, uint64_t attrs)
{
    uint64_t *d = mt_slot(t, va, level, 0);
    *d = pa | attrs | (level == 3 ? D_TABLE : D_BLOCK);
}

void mt_map_range(struct mt *t, uint64_t va, uint64_t pa, uint64_t size, uint64_t attrs)
{
    while (size) {
        int level = 3;
        for (int l = t->start; l < 3; l++) {
            uint64_t bsize = 1ul << mt_shift(t->gran, l);
            if (mt_block_ok(t->gran, l) && !(va & (bsize - 1)) && !(pa & (bsize - 1)) && size >= bsize) {
                level = l;
                break;
            }
        }
        uint64_t bsize = 1ul << mt_shift(t->gran, level);
        mt_map(t, va, pa, level, attrs);
        va += bsize;
        pa += bsize;
        size -= bsize;
    }
}

unsigned mt_tg0(unsigned gran)
{
    return gran == 12 ? 0 : gran == 16 ? 1 : 2;
}

unsigned mt_tg1(unsigned gran)
{
    return gran == 12 ? 2 : gran == 16 ? 3 : 1;
}
