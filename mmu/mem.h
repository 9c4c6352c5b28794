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
