/* SPDX-License-Identifier: MIT */
/* Virtual memory access for the CPU: an inline soft-TLB fast path and an out-of-line slow path
 * that translates, applies alignment rules and raises aborts. */
#ifndef TETRARCH_MEM_H
#define TETRARCH_MEM_H

#include <string.h>

#include "cpu/cpu.h"
#include "mmu/tlb.h"

/* Access types; they select alignment rules, the translation regime, and syndromes. */
enum AccType {
    ACC_NORMAL = 0,
    ACC_UNPRIV,     /* LDTR/STTR: checked as EL0 when executed at EL1 (or EL2 with E2H+TGE) */
    ACC_EXCL,       /* exclusives: must be aligned to the access size */
    ACC_ORDERED,    /* load-acquire / store-release: must be aligned */
    ACC_ATOMIC,     /* LSE atomics and CAS: must be aligned */
    ACC_DC,         /* DC ZVA and friends */
};

/* The soft TLB index for ordinary accesses at the current EL. */
static inline unsigned cpu_mmu_idx(const CPU *c) { return c->ps.el; }

int mem_read_slow(CPU *c, uint64_t va, unsigned size, unsigned acc, uint64_t *out) WUR;
int mem_write_slow(CPU *c, uint64_t va, unsigned size, unsigned acc, uint64_t val) WUR;

/* Read `size` bytes (1, 2, 4 or 8) at `va`, zero-extended into *out. Returns EXEC_OK, or
 * EXEC_EXC with the abort recorded in c->exc. */
static inline int WUR mem_read(CPU *c, uint64_t va, unsigned size, unsigned acc, uint64_t *out)
{
    const SoftTLBEntry *e = &c->tlb_read[cpu_mmu_idx(c)][(va >> 12) & (SOFT_TLB_SIZE - 1)];
    if (likely(acc == ACC_NORMAL && e->tag == (va & ~(uint64_t)(0xfff ^ (size - 1))))) {
        const uint8_t *p = e->host + (va & 0xfff);
        switch (size) {
        case 1: *out = *p; break;
        case 2: { uint16_t v; memcpy(&v, p, 2); *out = v; break; }
        case 4: { uint32_t v; memcpy(&v, p, 4); *out = v; break; }
        default: { uint64_t v; memcpy(&v, p, 8); *out = v; break; }
        }
        return EXEC_OK;
    }
    return mem_read_slow(c, va, size, acc, out);
}

static inline int WUR mem_write(CPU *c, uint64_t va, unsigned size, unsigned acc, uint64_t val)
{
    const SoftTLBEntry *e = &c->tlb_write[cpu_mmu_idx(c)][(va >> 12) & (SOFT_TLB_SIZE - 1)];
    if (likely(acc == ACC_NORMAL && e->tag == (va & ~(uint64_t)(0xfff ^ (size - 1))))) {
        uint8_t *p = e->host + (va & 0xfff);
        switch (size) {
        case 1: *p = (uint8_t)val; break;
        case 2: { uint16_t v = (uint16_t)val; memcpy(p, &v, 2); break; }
        case 4: { uint32_t v = (uint32_t)val; memcpy(p, &v, 4); break; }
        default: memcpy(p, &val, 8); break;
        }
        return EXEC_OK;
    }
    return mem_write_slow(c, va, size, acc, val);
}

int mem_read16_slow(CPU *c, uint64_t va, unsigned acc, VReg *out) WUR;
int mem_write16_slow(CPU *c, uint64_t va, unsigned acc, const VReg *val) WUR;

/* A 16-byte SIMD&FP access (a Q register), as the Arm ARM's Mem[] does it for AccType_VEC:
 * alignment is that of all 16 bytes (SCTLR[].A, and Device memory, where any unaligned access
 * faults); the data moves as two 8-byte single-copy atomic accesses, lower address first, each
 * seen by watchpoints and the memory trace. A load changes *out only when both halves were
 * read; a store whose second half faults may have written the first (the architecture allows
 * it, as for pairs). */
static inline int WUR mem_read16(CPU *c, uint64_t va, unsigned acc, VReg *out)
{
    const SoftTLBEntry *e = &c->tlb_read[cpu_mmu_idx(c)][(va >> 12) & (SOFT_TLB_SIZE - 1)];
    if (likely(acc == ACC_NORMAL && e->tag == (va & ~(uint64_t)0xff0))) {
        memcpy(out, e->host + (va & 0xfff), 16);
        return EXEC_OK;
    }
    return mem_read16_slow(c, va, acc, out);
}

static inline int WUR mem_write16(CPU *c, uint64_t va, unsigned acc, const VReg *val)
{
    const SoftTLBEntry *e = &c->tlb_write[cpu_mmu_idx(c)][(va >> 12) & (SOFT_TLB_SIZE - 1)];
    if (likely(acc == ACC_NORMAL && e->tag == (va & ~(uint64_t)0xff0))) {
        memcpy(e->host + (va & 0xfff), val, 16);
        return EXEC_OK;
    }
    return mem_write16_slow(c, va, acc, val);
}

/* The host address of `len` bytes at `va` for an ordinary access, when the soft TLB already
 * maps its page for reads (or writes), `va` is aligned to `align` (a power of two) and the
 * bytes do not leave the page; else NULL and the caller takes the per-access path. Lets a
 * multi-register access (LDP Q, LD1 of several registers) move its bytes with one copy: with
 * every element aligned and in one RAM page, none of its accesses can fault. */
static inline uint8_t *mem_fast_ptr(CPU *c, uint64_t va, unsigned len, unsigned align, bool write)
{
    const SoftTLBEntry *e = &(write ? c->tlb_write : c->tlb_read)[cpu_mmu_idx(c)][(va >> 12) & (SOFT_TLB_SIZE - 1)];
    if (e->tag != (va & ~(uint64_t)(0xfff ^ (align - 1))) || (va & 0xfff) + len > 0x1000)
        return NULL;
    return e->host + (va & 0xfff);
}

/* The TLB context (regime, security state, ASID, VMID) of the current register values. */
TLBContext mem_tlb_context(const CPU *c, unsigned regime);

/* Drop every soft-TLB entry of this core (after TLBI, translation-control writes, ...). */
void mem_flush_soft_tlb(CPU *c);
/* Drop only write entries (a page just gained decoded code). */
void mem_flush_soft_tlb_writes(CPU *c);

/* Translate a VA for instruction fetch at the current EL and return the decoded page, or
 * record an instruction abort / PC alignment fault and return NULL. */
struct DecodedPage *mem_fetch_page(CPU *c, uint64_t pc);

/* Is `va` Device memory for data accesses in the current regime? (false when it does not
 * translate: the access that follows raises the fault) */
bool mem_is_device(CPU *c, uint64_t va);
/* PSTATE.PAN changed: drop the soft-TLB entries of the privileged ELs. */
void mem_pan_changed(CPU *c);

/* Translate `va` for a data access at the current EL without accessing memory (DC and IC by
 * VA): EXEC_OK with the PA (and the MAIR-format attributes when attr is not NULL), or EXEC_EXC
 * with the abort recorded. */
int mem_translate(CPU *c, uint64_t va, unsigned acc, bool write, uint64_t *pa, uint8_t *attr) WUR;

#endif
