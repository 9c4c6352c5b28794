/* SPDX-License-Identifier: MIT */
/* Translation-table builder for the MMU test programs: stage-1 and stage-2 tables in any granule, blocks and pages, from a bump allocator. */
#ifndef MMU_TABLES_H
#define MMU_TABLES_H

#include <stdint.h>
#include <stddef.h>

/* Descriptor bits (Arm ARM D8.3, "Translation table descriptor formats"). */
#define D_VALID     (1ul << 0)
#define D_TABLE     (3ul << 0)          /* table (levels 0-2) or page (level 3) */
#define D_BLOCK     (1ul << 0)
#define D_ATTR(i)   ((uint64_t)(i) << 2) /* stage 1 AttrIndx */
#define D_MEMATTR(m) ((uint64_t)(m) << 2) /* stage 2 MemAttr[3:0] */
#define D_NS        (1ul << 5)
#define D_AP(ap)    ((uint64_t)(ap) << 6) /* stage 1 AP[2:1]; stage 2 S2AP */
#define D_SH(sh)    ((uint64_t)(sh) << 8)
#define D_AF        (1ul << 10)
#define D_NG        (1ul << 11)
#define D_CONT      (1ul << 52)
#define D_PXN       (1ul << 53)
#define D_UXN       (1ul << 54)         /* XN in the EL2/EL3 regimes and at stage 2 */
#define D_XN        (1ul << 54)
/* Table descriptor attributes (stage 1 only). */
#define T_PXN       (1ul << 59)
#define T_UXN       (1ul << 60)
#define T_AP(ap)    ((uint64_t)(ap) << 61)
#define T_NS        (1ul << 63)

/* AP[2:1] */
#define AP_RW_EL1   0   /* EL1 read/write, EL0 none */
#define AP_RW_ALL   1   /* read/write at EL1 and EL0 */
#define AP_RO_EL1   2   /* EL1 read-only, EL0 none */
#define AP_RO_ALL   3   /* read-only at EL1 and EL0 */
/* S2AP */
#define S2AP_NONE   0
#define S2AP_RO     1
#define S2AP_WO     2
#define S2AP_RW     3

/* One set of tables: granule, input-address size and start level; `root` holds the
 * concatenated root tables at stage 2. */
struct mt {
    unsigned gran;      /* log2 of the granule: 12, 14 or 16 */
    unsigned ia_bits;   /* input address size (64 - TxSZ) */
    int start;          /* initial lookup level */
    uint64_t root;      /* physical address of the root table(s) */
    size_t root_size;   /* bytes */
};

/* The allocator: tables and other page-aligned memory come from [base, base + size). */
void mt_pool_init(void *base, size_t size);
/* Zeroed, aligned to `align` (a power of two). Exits with a message when the pool is full. */
void *mt_alloc(size_t size, size_t align);
/* Bytes left in the pool. */
size_t mt_pool_left(void);

/* Address bits resolved below level `level`: the size of a block or page at that level. */
unsigned mt_shift(unsigned gran, int level);
/* Stage 1: the start level follows from the granule and input size. */
void mt_init_s1(struct mt *t, unsigned gran, unsigned ia_bits);
/* Stage 2: start level from VTCR_EL2.SL0, root tables concatenated as the input size needs.
 * Returns the number of concatenated tables, or 0 when T0SZ/SL0 are inconsistent (then a
 * single root table is allocated all the same, so the configuration can be tried). */
unsigned mt_init_s2(struct mt *t, unsigned gran, unsigned ia_bits, unsigned sl0);
/* The descriptor slot for `va` at `level`, creating table descriptors (with `tbits`, the
 * T_* attributes) in the levels above it where they are invalid. */
uint64_t *mt_slot(struct mt *t, uint64_t va, int level, uint64_t tbits);
/* Write a block (level < 3) or page (level 3) descriptor mapping `va` to `pa`. */
void mt_map(struct mt *t, uint64_t va, uint64_t pa, int level, uint64_t attrs);
/* Map [va, va + size) to pa with the largest blocks that fit and `attrs`. va, pa and size
 * must be multiples of the granule. */
void mt_map_range(struct mt *t, uint64_t va, uint64_t pa, uint64_t size, uint64_t attrs);
/* Whether the granule allows a block at `level` (no 52-bit addresses). */
int mt_block_ok(unsigned gran, int level);

/* TCR_ELx.TG0 and VTCR_EL2.TG0 encodings of a granule, and TCR_EL1.TG1. */
unsigned mt_tg0(unsigned gran);
unsigned mt_tg1(unsigned gran);

#endif
