/* SPDX-License-Identifier: MIT */
/* Loads and stores (Arm ARM C4.1, the "Loads and Stores" encoding group): exclusives, ordered,
 * compare-and-swap, literal, pairs, single registers in every addressing mode, unprivileged,
 * LSE atomics and LDAPR. */
#include "cpu/alu.h"
#include "cpu/decode.h"
#include "cpu/exception.h"
#include "cpu/ldst_common.h"
#include "cpu/regbits.h"
#include "mmu/mem.h"

/* ---- Shared helpers ---- */

/* log2 of the access size, from the size field (bits 31:30) of most encodings. */
static inline unsigned insn_size_log2(const Insn *in) { return in->raw >> 30; }
static inline unsigned insn_size(const Insn *in) { return 1u << (in->raw >> 30); }

/* All ones in the low `size` bytes. */
static inline uint64_t size_mask(unsigned size) { return ~0ULL >> (64 - 8 * size); }

/* CheckSPAlignment: SCTLR[].SA0 at EL0, SCTLR[].SA above. */
static bool sp_alignment_checked(const CPU *c)
{
    return (sctlr_regime(c) >> (c->ps.el == 0 ? 4 : 3)) & 1;
}

/* AArch64.SPAlignmentFault: EC 0x26 to the default target, returning to the instruction. */
int __attribute__((noinline, cold)) ldst_sp_alignment_fault(CPU *c)
{
    if (!sp_alignment_checked(c))
        return EXEC_OK;
    return raise_sync(c, sync_target_el(c), EC_SP_ALIGN, 0, insn_pc(c));
}

/* LDRS{B,H,W}: opc<0> (bit 22) set means the 32-bit form. Unallocated: size 11 (a 64-bit
 * source cannot be extended; the size 11 opc 10 slots that are PRFM have their own rows) and
 * size 10 with opc 11 (no LDRSW to a W register). Both are size + opc<0> > 2. */
static inline bool ldrs_unallocated(const Insn *in) { return insn_size_log2(in) + bit(in->raw, 22) > 2; }

/* The loaded value sign-extended from the access size to 64 bits, or to 32 bits and then
 * zero-extended when opc<0> says the destination is a W register. */
static inline uint64_t ldrs_extend(uint64_t v, const Insn *in)
{
    uint64_t x = (uint64_t)sext(v, 8u << insn_size_log2(in));
    return bit(in->raw, 22) ? (uint32_t)x : x;
}

/* What a single-register row does with Rt. */
enum LdStKind { K_STORE, K_LOAD, K_LOADS };

/* One register at `addr`: STR stores Rt (XZR reads as zero), LDR zero-extends into Rt,
 * LDRS sign-extends. No writeback. */
static ALWAYS_INLINE int WUR ldst_single(CPU *c, const Insn *in, uint64_t addr, unsigned acc, enum LdStKind kind)
{
    uint64_t v;
    if (kind == K_STORE)
        return mem_write(c, addr, insn_size(in), acc, X(c, in->rd));
    if (mem_read(c, addr, insn_size(in), acc, &v))
        return EXEC_EXC;
    set_X(c, in->rd, kind == K_LOADS ? ldrs_extend(v, in) : v);
    return EXEC_OK;
}

/* Base register plus a predecoded immediate offset (unsigned offset, unscaled, unprivileged). */
static ALWAYS_INLINE int WUR ldst_offset(CPU *c, const Insn *in, unsigned acc, enum LdStKind kind)
{
    if (kind == K_LOADS && ldrs_unallocated(in))
        return undefined(c);
    if (check_sp(c, in->rn))
        return EXEC_EXC;
    return ldst_single(c, in, X_SP(c, in->rn) + in->imm, acc, kind);
}

/* Immediate post-index (access at the base) or pre-index (at base + imm9); either way the
 * base becomes base + imm9, and only after the access succeeded. With Rt == Rn (CONSTRAINED
 * UNPREDICTABLE) a store stores the old base and a load keeps the loaded value: the base is
 * written before Rt, which is the "writeback suppressed" choice. */
static ALWAYS_INLINE int WUR ldst_indexed(CPU *c, const Insn *in, bool post, enum LdStKind kind)
{
    unsigned n = in->rn, size = insn_size(in);
    uint64_t base, addr, v;
    if (kind == K_LOADS && ldrs_unallocated(in))
        return undefined(c);
    if (check_sp(c, n))
        return EXEC_EXC;
    base = X_SP(c, n);
    addr = post ? base : base + in->imm;
    if (kind == K_STORE) {
        if (mem_write(c, addr, size, ACC_NORMAL, X(c, in->rd)))
            return EXEC_EXC;
        set_X_SP(c, n, base + in->imm);
        return EXEC_OK;
    }
    if (mem_read(c, addr, size, ACC_NORMAL, &v))
        return EXEC_EXC;
    set_X_SP(c, n, base + in->imm);
    set_X(c, in->rd, kind == K_LOADS ? ldrs_extend(v, in) : v);
    return EXEC_OK;
}

/* Register offset (ExtendReg, S scaling by the size: cpu/ldst_common.h). */
static ALWAYS_INLINE int WUR ldst_register(CPU *c, const Insn *in, enum LdStKind kind)
{
    if (reg_offset_unallocated(in->raw) || (kind == K_LOADS && ldrs_unallocated(in)))
        return undefined(c);
    if (check_sp(c, in->rn))
        return EXEC_EXC;
    return ldst_single(c, in, X_SP(c, in->rn) + reg_offset_scaled(c, in->raw, insn_size_log2(in)), ACC_NORMAL, kind);
}

/* ---- Load/store exclusive ----
 * The local monitor records the address and size of the last load-exclusive; a
 * store-exclusive passes only if both match (AArch64.ExclusiveMonitorsPass) and always
 * leaves the monitor open. */

/* AArch64.SetExclusiveMonitors, after the load-exclusive read succeeded. */
static inline void mark_exclusive(CPU *c, uint64_t addr, unsigned size)
{
    c->excl_valid = true;
    c->excl_addr = addr;
    c->excl_size = size;
}

/* AArch64.ExclusiveMonitorsPass up to the store: the alignment fault comes first, even when
 * the monitor would fail. Returns EXEC_EXC for that fault, else EXEC_OK with *pass set. A
 * passing monitor stays set until the store succeeds, so a faulting store can be retried. */
static inline int WUR exclusive_monitors_pass(CPU *c, uint64_t addr, unsigned size, bool *pass)
{
    if (addr & (size - 1))
        return raise_data_abort(c, addr, FSC_ALIGN, true, 0);
    *pass = c->excl_valid && c->excl_addr == addr && c->excl_size == size;
    if (!*pass)
        c->excl_valid = false;
    return EXEC_OK;
}

/* LDXR/LDAXR{B,H}: acquire adds nothing in a sequential interpreter. */
static ALWAYS_INLINE int WUR load_exclusive(CPU *c, const Insn *in)
{
    unsigned size = insn_size(in);
    uint64_t addr, v;
    if (check_sp(c, in->rn))
        return EXEC_EXC;
    addr = X_SP(c, in->rn);
    if (mem_read(c, addr, size, ACC_EXCL, &v))
        return EXEC_EXC;
    mark_exclusive(c, addr, size);
    set_X(c, in->rd, v);
    return EXEC_OK;
}

/* STXR/STLXR{B,H}: Rs = 0 when stored, 1 when not. */
static ALWAYS_INLINE int WUR store_exclusive(CPU *c, const Insn *in)
{
    unsigned size = insn_size(in);
    uint64_t addr;
    bool pass;
    if (check_sp(c, in->rn))
        return EXEC_EXC;
    addr = X_SP(c, in->rn);
    if (exclusive_monitors_pass(c, addr, size, &pass))
        return EXEC_EXC;
    if (pass) {
        if (mem_write(c, addr, size, ACC_EXCL, X(c, in->rd)))
            return EXEC_EXC;
        c->excl_valid = false;
    }
    set_W(c, in->rm, !pass);
    return EXEC_OK;
}

/* LDXP/LDAXP: sz (bit 30) 0 = two W registers read as one 8-byte access, 1 = two X
 * registers, a 16-byte access that must be 16-byte aligned. Rt takes the lower address
 * (little-endian). */
static ALWAYS_INLINE int WUR load_exclusive_pair(CPU *c, const Insn *in)
{
    uint64_t addr, v1, v2;
    if (check_sp(c, in->rn))
        return EXEC_EXC;
    addr = X_SP(c, in->rn);
    if (!bit(in->raw, 30)) {
        if (mem_read(c, addr, 8, ACC_EXCL, &v1))
            return EXEC_EXC;
        mark_exclusive(c, addr, 8);
        set_X(c, in->rd, (uint32_t)v1);
        set_X(c, in->ra, v1 >> 32);
        return EXEC_OK;
    }
    if (addr & 15)
        return raise_data_abort(c, addr, FSC_ALIGN, false, 0);
    if (mem_read(c, addr, 8, ACC_EXCL, &v1) || mem_read(c, addr + 8, 8, ACC_EXCL, &v2))
        return EXEC_EXC;
    mark_exclusive(c, addr, 16);
    set_X(c, in->rd, v1);
    set_X(c, in->ra, v2);
    return EXEC_OK;
}

/* STXP/STLXP: the pair counterpart of store_exclusive. */
static ALWAYS_INLINE int WUR store_exclusive_pair(CPU *c, const Insn *in)
{
    bool x64 = bit(in->raw, 30), pass;
    unsigned size = x64 ? 16 : 8;
    uint64_t addr;
    if (check_sp(c, in->rn))
        return EXEC_EXC;
    addr = X_SP(c, in->rn);
    if (exclusive_monitors_pass(c, addr, size, &pass))
        return EXEC_EXC;
    if (pass) {
        int r = x64 ? (mem_write(c, addr, 8, ACC_EXCL, X(c, in->rd)) ||
                       mem_write(c, addr + 8, 8, ACC_EXCL, X(c, in->ra)))
                    : mem_write(c, addr, 8, ACC_EXCL, (X(c, in->ra) << 32) | W(c, in->rd));
        if (r)
            return EXEC_EXC;
        c->excl_valid = false;
    }
    set_W(c, in->rm, !pass);
    return EXEC_OK;
}

int exec_LDXR(CPU *c, const Insn *in) { return load_exclusive(c, in); }
int exec_LDAXR(CPU *c, const Insn *in) { return load_exclusive(c, in); }
int exec_STXR(CPU *c, const Insn *in) { return store_exclusive(c, in); }
int exec_STLXR(CPU *c, const Insn *in) { return store_exclusive(c, in); }
int exec_LDXP(CPU *c, const Insn *in) { return load_exclusive_pair(c, in); }
int exec_LDAXP(CPU *c, const Insn *in) { return load_exclusive_pair(c, in); }
int exec_STXP(CPU *c, const Insn *in) { return store_exclusive_pair(c, in); }
int exec_STLXP(CPU *c, const Insn *in) { return store_exclusive_pair(c, in); }

/* ---- Load/store ordered: single-copy atomic, must be aligned (ACC_ORDERED). ---- */

int exec_STLR(CPU *c, const Insn *in)
{
    if (check_sp(c, in->rn))
        return EXEC_EXC;
    return ldst_single(c, in, X_SP(c, in->rn), ACC_ORDERED, K_STORE);
}

int exec_LDAR(CPU *c, const Insn *in)
{
    if (check_sp(c, in->rn))
        return EXEC_EXC;
    return ldst_single(c, in, X_SP(c, in->rn), ACC_ORDERED, K_LOAD);
}

/* LDAPR{B,H} (FEAT_LRCPC): RCpc acquire is LDAR for a sequential interpreter. */
int exec_LDAPR(CPU *c, const Insn *in)
{
    if (check_sp(c, in->rn))
        return EXEC_EXC;
    return ldst_single(c, in, X_SP(c, in->rn), ACC_ORDERED, K_LOAD);
}

/* ---- Compare and swap (FEAT_LSE). Cores run one instruction at a time, so the read and
 * the write are trivially atomic. The write happens only when the comparison succeeds, so a
 * failing CAS on a read-only page does not fault (an IMPLEMENTATION DEFINED choice). ---- */

/* CAS{A,L,AL}{B,H}: Rs is the compare value and receives the old value (zero-extended: the
 * sub-64-bit forms write Ws); Rt is the new value. */
int exec_CAS(CPU *c, const Insn *in)
{
    unsigned size = insn_size(in);
    uint64_t addr, old;
    if (check_sp(c, in->rn))
        return EXEC_EXC;
    addr = X_SP(c, in->rn);
    if (mem_read(c, addr, size, ACC_ATOMIC, &old))
        return EXEC_EXC;
    if (old == (X(c, in->rm) & size_mask(size)) && mem_write(c, addr, size, ACC_ATOMIC, X(c, in->rd)))
        return EXEC_EXC;
    set_X(c, in->rm, old);
    return EXEC_OK;
}

/* CASP{A,L,AL}: register pairs <Rs,Rs+1> and <Rt,Rt+1> (odd Rs or Rt is UNDEFINED; Rs or
 * Rt = 30 pairs with XZR). sz 0: W pairs as one 8-byte access; sz 1: X pairs, 16 bytes that
 * must be 16-byte aligned. The first register goes with the lower address. */
int exec_CASP(CPU *c, const Insn *in)
{
    unsigned s = in->rm, t = in->rd;
    uint64_t addr, lo, hi;
    if ((s | t) & 1)
        return undefined(c);
    if (check_sp(c, in->rn))
        return EXEC_EXC;
    addr = X_SP(c, in->rn);
    if (!bit(in->raw, 30)) {
        uint64_t old, cmp = ((uint64_t)W(c, s + 1) << 32) | W(c, s);
        if (mem_read(c, addr, 8, ACC_ATOMIC, &old))
            return EXEC_EXC;
        if (old == cmp && mem_write(c, addr, 8, ACC_ATOMIC, ((uint64_t)W(c, t + 1) << 32) | W(c, t)))
            return EXEC_EXC;
        set_X(c, s, (uint32_t)old);
        set_X(c, s + 1, old >> 32);
        return EXEC_OK;
    }
    if (addr & 15)
        return raise_data_abort(c, addr, FSC_ALIGN, false, 0);
    if (mem_read(c, addr, 8, ACC_ATOMIC, &lo) || mem_read(c, addr + 8, 8, ACC_ATOMIC, &hi))
        return EXEC_EXC;
    if (lo == X(c, s) && hi == X(c, s + 1) &&
        (mem_write(c, addr, 8, ACC_ATOMIC, X(c, t)) || mem_write(c, addr + 8, 8, ACC_ATOMIC, X(c, t + 1))))
        return EXEC_EXC;
    set_X(c, s, lo);
    set_X(c, s + 1, hi);
    return EXEC_OK;
}

/* ---- Load register (literal): in->imm is the byte offset from this instruction. ---- */

/* LDR (literal): z (bit 30) 0 = W, 1 = X. */
int exec_LDR_lit(CPU *c, const Insn *in)
{
    uint64_t v;
    if (mem_read(c, insn_pc(c) + in->imm, 4u << bit(in->raw, 30), ACC_NORMAL, &v))
        return EXEC_EXC;
    set_X(c, in->rd, v);
    return EXEC_OK;
}

int exec_LDRSW_lit(CPU *c, const Insn *in)
{
    uint64_t v;
    if (mem_read(c, insn_pc(c) + in->imm, 4, ACC_NORMAL, &v))
        return EXEC_EXC;
    set_X(c, in->rd, (uint64_t)sext(v, 32));
    return EXEC_OK;
}

/* Prefetches are hints: no access, no fault, no SP alignment check. */
int exec_PRFM_lit(CPU *c, const Insn *in) { return EXEC_OK; }

/* ---- Load/store pair: in->imm is imm7 scaled by the element size, which is 4 << opc<1>
 * (bit 31; LDPSW has opc 01 and 4-byte elements). ---- */

enum PairMode { P_OFFSET, P_POST, P_PRE };
enum PairKind { PK_STORE, PK_LOAD, PK_LOADSW };

/* Two elements at addr and addr + size. Both loads complete before either register is
 * written, so a fault on the second leaves Rt unchanged (a store may have written the
 * first element, which the architecture allows). Writeback as in ldst_indexed. */
static ALWAYS_INLINE int WUR ldst_pair(CPU *c, const Insn *in, enum PairMode mode, enum PairKind kind)
{
    unsigned n = in->rn, size = 4u << (in->raw >> 31);
    uint64_t base, addr, v1, v2;
    if (check_sp(c, n))
        return EXEC_EXC;
    base = X_SP(c, n);
    addr = mode == P_POST ? base : base + in->imm;
    if (kind == PK_STORE) {
        if (mem_write(c, addr, size, ACC_NORMAL, X(c, in->rd)) ||
            mem_write(c, addr + size, size, ACC_NORMAL, X(c, in->ra)))
            return EXEC_EXC;
        if (mode != P_OFFSET)
            set_X_SP(c, n, base + in->imm);
        return EXEC_OK;
    }
    if (mem_read(c, addr, size, ACC_NORMAL, &v1) || mem_read(c, addr + size, size, ACC_NORMAL, &v2))
        return EXEC_EXC;
    if (mode != P_OFFSET)
        set_X_SP(c, n, base + in->imm);
    if (kind == PK_LOADSW) {
        v1 = (uint64_t)sext(v1, 32);
        v2 = (uint64_t)sext(v2, 32);
    }
    set_X(c, in->rd, v1);
    set_X(c, in->ra, v2);
    return EXEC_OK;
}

/* STNP/LDNP: the non-temporal hint changes nothing here. */
int exec_STNP(CPU *c, const Insn *in) { return ldst_pair(c, in, P_OFFSET, PK_STORE); }
int exec_LDNP(CPU *c, const Insn *in) { return ldst_pair(c, in, P_OFFSET, PK_LOAD); }
int exec_STP_off(CPU *c, const Insn *in) { return ldst_pair(c, in, P_OFFSET, PK_STORE); }
int exec_LDP_off(CPU *c, const Insn *in) { return ldst_pair(c, in, P_OFFSET, PK_LOAD); }
int exec_LDPSW_off(CPU *c, const Insn *in) { return ldst_pair(c, in, P_OFFSET, PK_LOADSW); }

/* The indexed pair rows share one pattern; their w bit (24) is 0 for post-index, 1 for
 * pre-index. Each branch inlines ldst_pair with constant arguments. */
int exec_STP(CPU *c, const Insn *in)
{
    return bit(in->raw, 24) ? ldst_pair(c, in, P_PRE, PK_STORE) : ldst_pair(c, in, P_POST, PK_STORE);
}

int exec_LDP(CPU *c, const Insn *in)
{
    return bit(in->raw, 24) ? ldst_pair(c, in, P_PRE, PK_LOAD) : ldst_pair(c, in, P_POST, PK_LOAD);
}

int exec_LDPSW(CPU *c, const Insn *in)
{
    return bit(in->raw, 24) ? ldst_pair(c, in, P_PRE, PK_LOADSW) : ldst_pair(c, in, P_POST, PK_LOADSW);
}

/* ---- Load/store register: unscaled immediate, post-index, unprivileged, pre-index.
 * in->imm is the sign-extended imm9. ---- */

int exec_STUR(CPU *c, const Insn *in) { return ldst_offset(c, in, ACC_NORMAL, K_STORE); }
int exec_LDUR(CPU *c, const Insn *in) { return ldst_offset(c, in, ACC_NORMAL, K_LOAD); }
int exec_LDURS(CPU *c, const Insn *in) { return ldst_offset(c, in, ACC_NORMAL, K_LOADS); }
int exec_PRFUM(CPU *c, const Insn *in) { return EXEC_OK; }

int exec_STR_post(CPU *c, const Insn *in) { return ldst_indexed(c, in, true, K_STORE); }
int exec_LDR_post(CPU *c, const Insn *in) { return ldst_indexed(c, in, true, K_LOAD); }
int exec_LDRS_post(CPU *c, const Insn *in) { return ldst_indexed(c, in, true, K_LOADS); }
int exec_STR_pre(CPU *c, const Insn *in) { return ldst_indexed(c, in, false, K_STORE); }
int exec_LDR_pre(CPU *c, const Insn *in) { return ldst_indexed(c, in, false, K_LOAD); }
int exec_LDRS_pre(CPU *c, const Insn *in) { return ldst_indexed(c, in, false, K_LOADS); }

/* STTR/LDTR/LDTRS: checked as EL0 accesses when executed at EL1 (mem.c applies the rule
 * for ACC_UNPRIV, including PSTATE.UAO and EL2 with E2H+TGE). */
int exec_STTR(CPU *c, const Insn *in) { return ldst_offset(c, in, ACC_UNPRIV, K_STORE); }
int exec_LDTR(CPU *c, const Insn *in) { return ldst_offset(c, in, ACC_UNPRIV, K_LOAD); }
int exec_LDTRS(CPU *c, const Insn *in) { return ldst_offset(c, in, ACC_UNPRIV, K_LOADS); }

/* ---- Atomic memory operations (FEAT_LSE): Rs is the operand, Rt receives the old value
 * zero-extended (Rt == 31 with A == 0 is the ST<op> alias: the old value is discarded).
 * Acquire/release add nothing in a sequential interpreter. ---- */

enum AtomicOp { OP_ADD, OP_CLR, OP_EOR, OP_SET, OP_SMAX, OP_SMIN, OP_UMAX, OP_UMIN, OP_SWP };

/* MemAtomic: read, combine with Rs at the access size, write back. The write is what a
 * read-only page faults on; Rt is written only after it succeeds. */
static ALWAYS_INLINE int WUR atomic_memory_op(CPU *c, const Insn *in, enum AtomicOp op)
{
    unsigned size = insn_size(in), width = 8 * size;
    uint64_t addr, old, s = X(c, in->rm) & size_mask(size), result;
    if (check_sp(c, in->rn))
        return EXEC_EXC;
    addr = X_SP(c, in->rn);
    if (mem_read(c, addr, size, ACC_ATOMIC, &old))
        return EXEC_EXC;
    switch (op) {
    case OP_ADD:  result = old + s; break;
    case OP_CLR:  result = old & ~s; break;
    case OP_EOR:  result = old ^ s; break;
    case OP_SET:  result = old | s; break;
    case OP_SMAX: result = sext(old, width) > sext(s, width) ? old : s; break;
    case OP_SMIN: result = sext(old, width) < sext(s, width) ? old : s; break;
    case OP_UMAX: result = old > s ? old : s; break;
    case OP_UMIN: result = old < s ? old : s; break;
    default:      result = s; break;
    }
    if (mem_write(c, addr, size, ACC_ATOMIC, result))
        return EXEC_EXC;
    set_X(c, in->rd, old);
    return EXEC_OK;
}

int exec_LDADD(CPU *c, const Insn *in) { return atomic_memory_op(c, in, OP_ADD); }
int exec_LDCLR(CPU *c, const Insn *in) { return atomic_memory_op(c, in, OP_CLR); }
int exec_LDEOR(CPU *c, const Insn *in) { return atomic_memory_op(c, in, OP_EOR); }
int exec_LDSET(CPU *c, const Insn *in) { return atomic_memory_op(c, in, OP_SET); }
int exec_LDSMAX(CPU *c, const Insn *in) { return atomic_memory_op(c, in, OP_SMAX); }
int exec_LDSMIN(CPU *c, const Insn *in) { return atomic_memory_op(c, in, OP_SMIN); }
int exec_LDUMAX(CPU *c, const Insn *in) { return atomic_memory_op(c, in, OP_UMAX); }
int exec_LDUMIN(CPU *c, const Insn *in) { return atomic_memory_op(c, in, OP_UMIN); }
int exec_SWP(CPU *c, const Insn *in) { return atomic_memory_op(c, in, OP_SWP); }

/* ---- Load/store register (register offset): option 010 UXTW, 011 LSL, 110 SXTW,
 * 111 SXTX. ---- */

int exec_STR_reg(CPU *c, const Insn *in) { return ldst_register(c, in, K_STORE); }
int exec_LDR_reg(CPU *c, const Insn *in) { return ldst_register(c, in, K_LOAD); }
int exec_LDRS_reg(CPU *c, const Insn *in) { return ldst_register(c, in, K_LOADS); }

/* PRFM (register) shares the sub-word-index decode rule; otherwise a no-op. */
int exec_PRFM_reg(CPU *c, const Insn *in) { return reg_offset_unallocated(in->raw) ? undefined(c) : EXEC_OK; }

/* ---- Load/store register (unsigned immediate): in->imm is imm12 << size. ---- */

int exec_STR_imm(CPU *c, const Insn *in) { return ldst_offset(c, in, ACC_NORMAL, K_STORE); }
int exec_LDR_imm(CPU *c, const Insn *in) { return ldst_offset(c, in, ACC_NORMAL, K_LOAD); }
int exec_LDRS_imm(CPU *c, const Insn *in) { return ldst_offset(c, in, ACC_NORMAL, K_LOADS); }
int exec_PRFM_imm(CPU *c, const Insn *in) { return EXEC_OK; }

/* ---- LDR/STR specialised at decode time ----
 * For the common single-register forms the size, the direction and the addressing mode are
 * fixed per instruction, so prep_ldst_fast picks one of the functions below. Each is the
 * soft-TLB fast path only; SP as the base, a load that writes back into its own base, and
 * soft-TLB misses (including unaligned accesses) go to the generic exec function. */
enum FastMode { FM_UXTW, FM_LSL, FM_SXTW, FM_UOFF, FM_PRE, FM_POST, FM_COUNT };

static ALWAYS_INLINE int ldst_fast(CPU *c, const Insn *in, unsigned size, bool store, enum FastMode mode, ExecFn generic)
{
    uint64_t base = c->x[in->rn], m = c->x[in->rm], va;
    switch (mode) {
    case FM_UXTW: va = base + ((uint64_t)(uint32_t)m << in->imm); break;
    case FM_LSL: va = base + (m << in->imm); break;
    case FM_SXTW: va = base + ((uint64_t)(int64_t)(int32_t)m << in->imm); break;
    case FM_UOFF: case FM_PRE: va = base + in->imm; break;
    default: va = base; break;
    }
    bool wb = mode == FM_PRE || mode == FM_POST;
    const SoftTLBEntry *e = &(store ? c->tlb_write : c->tlb_read)[cpu_mmu_idx(c)][(va >> 12) & (SOFT_TLB_SIZE - 1)];
    if (unlikely(in->rn == 31 || (wb && !store && in->rd == in->rn) ||
                 e->tag != (va & ~(uint64_t)(0xfff ^ (size - 1)))))
        return generic(c, in);
    uint8_t *p = e->host + (va & 0xfff);
    if (store) {
        uint64_t v = c->x[in->rd];
        switch (size) {
        case 1: *p = (uint8_t)v; break;
        case 2: { uint16_t t = (uint16_t)v; memcpy(p, &t, 2); break; }
        case 4: { uint32_t t = (uint32_t)v; memcpy(p, &t, 4); break; }
        default: memcpy(p, &v, 8); break;
        }
    } else {
        uint64_t v;
        switch (size) {
        case 1: v = *p; break;
        case 2: { uint16_t t; memcpy(&t, p, 2); v = t; break; }
        case 4: { uint32_t t; memcpy(&t, p, 4); v = t; break; }
        default: memcpy(&v, p, 8); break;
        }
        set_X(c, in->rd, v);
    }
    if (wb)
        c->x[in->rn] = mode == FM_POST ? base + in->imm : va;
    return EXEC_OK;
}

#define LDST_FAST(mode, generic_ld, generic_st)                                                        \
    static int ld1_##mode(CPU *c, const Insn *in) { return ldst_fast(c, in, 1, false, mode, generic_ld); } \
    static int ld2_##mode(CPU *c, const Insn *in) { return ldst_fast(c, in, 2, false, mode, generic_ld); } \
    static int ld4_##mode(CPU *c, const Insn *in) { return ldst_fast(c, in, 4, false, mode, generic_ld); } \
    static int ld8_##mode(CPU *c, const Insn *in) { return ldst_fast(c, in, 8, false, mode, generic_ld); } \
    static int st1_##mode(CPU *c, const Insn *in) { return ldst_fast(c, in, 1, true, mode, generic_st); }  \
    static int st2_##mode(CPU *c, const Insn *in) { return ldst_fast(c, in, 2, true, mode, generic_st); }  \
    static int st4_##mode(CPU *c, const Insn *in) { return ldst_fast(c, in, 4, true, mode, generic_st); }  \
    static int st8_##mode(CPU *c, const Insn *in) { return ldst_fast(c, in, 8, true, mode, generic_st); }
LDST_FAST(FM_UXTW, exec_LDR_reg, exec_STR_reg)
LDST_FAST(FM_LSL, exec_LDR_reg, exec_STR_reg)
LDST_FAST(FM_SXTW, exec_LDR_reg, exec_STR_reg)
LDST_FAST(FM_UOFF, exec_LDR_imm, exec_STR_imm)
LDST_FAST(FM_PRE, exec_LDR_pre, exec_STR_pre)
LDST_FAST(FM_POST, exec_LDR_post, exec_STR_post)
#undef LDST_FAST

#define LDST_FAST_ROW(mode) {{ld1_##mode, ld2_##mode, ld4_##mode, ld8_##mode}, {st1_##mode, st2_##mode, st4_##mode, st8_##mode}}
static const ExecFn ldst_fast_fn[FM_COUNT][2][4] = {
    LDST_FAST_ROW(FM_UXTW), LDST_FAST_ROW(FM_LSL), LDST_FAST_ROW(FM_SXTW),
    LDST_FAST_ROW(FM_UOFF), LDST_FAST_ROW(FM_PRE), LDST_FAST_ROW(FM_POST),
};
#undef LDST_FAST_ROW

bool prep_ldst_fast(Insn *in)
{
    unsigned size = insn_size_log2(in);
    bool store = !bit(in->raw, 22);
    int mode;
    switch (in->row) {
    case ROW_LDR_reg:
    case ROW_STR_reg: {
        /* in->imm: the shift amount (0, or the access size's log2 when S is set). */
        unsigned option = bits(in->raw, 15, 13);
        mode = option == 2 ? FM_UXTW : (option == 3 || option == 7) ? FM_LSL : option == 6 ? FM_SXTW : -1;
        in->imm = bit(in->raw, 12) ? size : 0;
        break;
    }
    case ROW_LDR_imm:
    case ROW_STR_imm:
        mode = FM_UOFF;
        in->imm = (uint64_t)bits(in->raw, 21, 10) << size;
        break;
    case ROW_LDR_pre:
    case ROW_STR_pre:
    case ROW_LDR_post:
    case ROW_STR_post:
        mode = in->row == ROW_LDR_pre || in->row == ROW_STR_pre ? FM_PRE : FM_POST;
        in->imm = (uint64_t)sext(bits(in->raw, 20, 12), 9);
        break;
    default:
        return true;
    }
    if (mode >= 0)
        in->exec = ldst_fast_fn[mode][store][size];
    return true;
}
