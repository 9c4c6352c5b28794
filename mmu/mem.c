/* SPDX-License-Identifier: MIT */
/* Slow paths of virtual memory access: translation (flat until the MMU issue), alignment
 * rules, aborts with their syndromes, and refilling the soft TLB and the fetch page. */
#include "mmu/mem.h"

#include "cpu/decode.h"
#include "cpu/exception.h"
#include "cpu/regbits.h"
#include "mmu/phys.h"
#include "sim/machine.h"

#define PA_BITS 48

void mem_flush_soft_tlb(CPU *c)
{
    for (unsigned i = 0; i < MMU_IDX_COUNT; i++)
        for (unsigned j = 0; j < SOFT_TLB_SIZE; j++)
            c->tlb_read[i][j].tag = c->tlb_write[i][j].tag = TLB_INVALID;
    c->fetch_tag = TLB_INVALID;
    cpu_request_check(c); /* cpu_run caches the fetch page in registers */
}

void mem_flush_soft_tlb_writes(CPU *c)
{
    for (unsigned i = 0; i < MMU_IDX_COUNT; i++)
        for (unsigned j = 0; j < SOFT_TLB_SIZE; j++)
            c->tlb_write[i][j].tag = TLB_INVALID;
}

/* Stage-1 translation for the current regime. Until the MMU issue this is the flat map of
 * SCTLR.M == 0 (AArch64.TranslateAddressS1Off): the VA is the PA, and a VA beyond the
 * implemented PA size is an address size fault at level 0. Returns the fault status code,
 * or -1 when the translation succeeds. */
static int translate(CPU *c, uint64_t va, uint64_t *pa)
{
    if (va >> PA_BITS)
        return FSC_ADDR_SIZE_L0;
    *pa = va;
    return -1;
}

/* With stage 1 off, data accesses are Device-nGnRnE, where every unaligned access faults;
 * exclusives, acquire/release and atomics must always be aligned; SCTLR.A checks the rest. */
static bool alignment_fault(const CPU *c, uint64_t va, unsigned size, unsigned acc)
{
    if (!(va & (size - 1)))
        return false;
    uint64_t sctlr = sctlr_regime(c);
    bool stage1_off = !(sctlr & 1);
    return stage1_off || acc == ACC_EXCL || acc == ACC_ORDERED || acc == ACC_ATOMIC || (sctlr & 2);
}

bool mem_is_device(const CPU *c, uint64_t va)
{
    (void)va;
    return !(sctlr_regime(c) & 1);
}

int mem_translate(CPU *c, uint64_t va, unsigned acc, bool write, uint64_t *pa)
{
    (void)acc;
    int fsc = translate(c, va, pa);
    if (fsc >= 0)
        return raise_data_abort(c, va, (unsigned)fsc, write, 0);
    return EXEC_OK;
}

static void fill_soft_tlb(CPU *c, SoftTLBEntry *tlb, uint64_t va, uint64_t pa)
{
    uint8_t *host = phys_host_ptr(&c->m->phys, pa & ~0xFFFULL, PAGE_SIZE);
    if (!host)
        return;
    SoftTLBEntry *e = &tlb[(va >> 12) & (SOFT_TLB_SIZE - 1)];
    e->tag = va & ~0xFFFULL;
    e->host = host;
}

int mem_read_slow(CPU *c, uint64_t va, unsigned size, unsigned acc, uint64_t *out)
{
    uint64_t pa;
    if (alignment_fault(c, va, size, acc))
        return raise_data_abort(c, va, FSC_ALIGN, false, 0);
    if (va & (size - 1)) {
        /* Unaligned Normal memory: byte by byte, as it may cross a page. */
        uint64_t v = 0, b;
        for (unsigned i = 0; i < size; i++) {
            if (mem_read_slow(c, va + i, 1, acc, &b))
                return EXEC_EXC;
            v |= b << (8 * i);
        }
        *out = v;
        return EXEC_OK;
    }
    if (mem_translate(c, va, acc, false, &pa))
        return EXEC_EXC;
    if (phys_read(&c->m->phys, pa, size, out))
        return raise_data_abort(c, va, FSC_SYNC_EXT, false, 0);
    if (acc != ACC_UNPRIV && phys_in_ram(&c->m->phys, pa, size))
        fill_soft_tlb(c, c->tlb_read[cpu_mmu_idx(c)], va, pa);
    return EXEC_OK;
}

int mem_write_slow(CPU *c, uint64_t va, unsigned size, unsigned acc, uint64_t val)
{
    uint64_t pa;
    if (alignment_fault(c, va, size, acc))
        return raise_data_abort(c, va, FSC_ALIGN, true, 0);
    if (va & (size - 1)) {
        for (unsigned i = 0; i < size; i++)
            if (mem_write_slow(c, va + i, 1, acc, (val >> (8 * i)) & 0xFF))
                return EXEC_EXC;
        return EXEC_OK;
    }
    if (mem_translate(c, va, acc, true, &pa))
        return EXEC_EXC;
    if (phys_write(&c->m->phys, pa, size, val))
        return raise_data_abort(c, va, FSC_SYNC_EXT, true, 0);
    /* Pages holding decoded code keep taking this path, so writes invalidate the code. */
    struct DecodedPage **slot = phys_code_slot(&c->m->phys, pa);
    if (acc != ACC_UNPRIV && phys_in_ram(&c->m->phys, pa, size) && !(slot && *slot))
        fill_soft_tlb(c, c->tlb_write[cpu_mmu_idx(c)], va, pa);
    return EXEC_OK;
}

static DecodedPage *fetch_abort(CPU *c, uint64_t pc, unsigned ec, unsigned fsc)
{
    unsigned target = sync_target_el(c);
    /* AArch64.InstructionAbort: External aborts go to EL3 when SCR_EL3.EA is set
     * (route_to_el3 = HaveEL(EL3) && SCR_EL3.EA == '1' && IsExternalAbort(fault)). */
    if (ec != EC_PC_ALIGN && fsc == FSC_SYNC_EXT && (c->sr[SR_SCR_EL3] & (1u << 3)))
        target = 3;
    if (ec != EC_PC_ALIGN)
        ec = target > c->ps.el ? EC_IABT_LOWER : EC_IABT_CUR;
    c->exc = (ExcRecord){.type = EXC_SYNC, .target_el = (uint8_t)target, .ec = (uint8_t)ec, .il = 1,
                         .iss = fsc, .far = pc, .far_valid = true, .elr = pc};
    return NULL;
}

DecodedPage *mem_fetch_page(CPU *c, uint64_t pc)
{
    uint64_t pa;
    if (pc & 3)
        return fetch_abort(c, pc, EC_PC_ALIGN, 0);
    int fsc = translate(c, pc, &pa);
    if (fsc >= 0)
        return fetch_abort(c, pc, EC_IABT_CUR, (unsigned)fsc);
    PhysMem *pm = &c->m->phys;
    DecodedPage **slot = phys_code_slot(pm, pa);
    if (!slot)
        return fetch_abort(c, pc, EC_IABT_CUR, FSC_SYNC_EXT);
    if (!*slot) {
        *slot = decoded_page_new(pa & ~0xFFFULL);
        /* Stores to this page must now take the slow path that invalidates code. */
        for (int i = 0; i < c->m->ncpu; i++)
            mem_flush_soft_tlb_writes(c->m->cpu[i]);
    }
    return *slot;
}
