/* SPDX-License-Identifier: MIT */
/* Effects of the maintenance instructions: AT, TLBI, and DC/IC by VA (mmu/maint.c). */
#ifndef TETRARCH_MAINT_H
#define TETRARCH_MAINT_H

#include "cpu/cpu.h"

struct DecodedPage;

/* AT <op>, Xt: translate `va` and write PAR_EL1 (or take the stage-2 Data Abort that an AT
 * from EL1 takes for a fault on its stage-1 walk). `raw` is the SYS instruction word. */
int mmu_at(CPU *c, uint32_t raw, uint64_t va) WUR;
/* TLBI <op>{, Xt}: invalidate this core's TLB, or every core's for the broadcast forms. */
void mmu_tlbi(CPU *c, uint32_t raw, uint64_t xt);

/* DC/IC by VA. */
enum MaintKind { MAINT_DC_CLEAN, MAINT_DC_IVAC, MAINT_IC_IVAU };
int mmu_cache_maint(CPU *c, unsigned kind, uint64_t va) WUR;
/* IC IALLU / IALLUIS. */
void mmu_ic_iallu(CPU *c);
/* DC CSW / CISW (by set/way): clean every line, as far as --strict-icache is concerned. */
void mmu_dc_clean_all(CPU *c);

/* --strict-icache: a data write covered slots [first, first+count) of a decoded page. */
void icache_data_written(struct DecodedPage *p, unsigned first, unsigned count);
int exec_stale_fetch(CPU *c, const Insn *in);

#endif
