/* SPDX-License-Identifier: MIT */
/* Loads and stores of SIMD&FP registers (Arm ARM C4.1, "Loads and Stores" with V = 1, and
 * "Advanced SIMD load/store multiple structures / single structure"): LDR/STR/LDUR/STUR of
 * B, H, S, D and Q in every addressing mode, LDR (literal), LDP/STP/LDNP/STNP, LD1-LD4 and
 * ST1-ST4 (multiple structures, single structure) and LD1R-LD4R.
 *
 * Every access is an ordinary one (AccType_VEC): the same mem_read/mem_write as the general
 * registers, so alignment (SCTLR[].A; Device memory, where any unaligned access faults),
 * translation faults, watchpoints and the memory trace behave as for cpu/ldst.c. A 16-byte
 * element is mem_read16/mem_write16 (mmu/mem.h). Loads read everything before writing any
 * register and write back the base last, so a fault leaves every register as it was. */
#include "cpu/decode.h"
#include "cpu/exception.h"
#include "cpu/ldst_common.h"
#include "cpu/simd.h"
#include "mmu/mem.h"

/* ---- Field decoding ---- */

/* log2 of the access size of the single-register and pair forms:
 * single register (literal excluded): opc<1>:size, 0 (B) to 4 (Q); 5-7 are unallocated;
 * pairs and literal: opc (bits 31:30) + 2 for S, D, Q; opc 11 is unallocated. */
static inline unsigned single_scale(uint32_t raw) { return ((raw >> 21) & 4) | (raw >> 30); }
static inline unsigned pair_scale(uint32_t raw) { return (raw >> 30) + 2; }

bool prep_simd_imm9(Insn *in)
{
    in->imm = (uint64_t)sext(bits(in->raw, 20, 12), 9);
    return single_scale(in->raw) <= 4;
}

bool prep_simd_uimm12(Insn *in)
{
    unsigned scale = single_scale(in->raw);
    in->imm = (uint64_t)bits(in->raw, 21, 10) << scale;
    return scale <= 4;
}

bool prep_simd_reg(Insn *in) { return single_scale(in->raw) <= 4 && !reg_offset_unallocated(in->raw); }

bool prep_simd_lit(Insn *in)
{
    in->imm = (uint64_t)sext(bits(in->raw, 23, 5), 19) * 4;
    return (in->raw >> 30) != 3;
}

bool prep_simd_pair(Insn *in)
{
    if ((in->raw >> 30) == 3)
        return false;
    in->imm = (uint64_t)(sext(bits(in->raw, 21, 15), 7) * (1 << pair_scale(in->raw)));
    return true;
}

/* ---- One SIMD&FP register of 1 << scale bytes ---- */

/* A scalar load: the element in the low bits, the rest of the register zero. */
static ALWAYS_INLINE int WUR vload(CPU *c, uint64_t addr, unsigned scale, VReg *v)
{
    uint64_t x;
    if (scale == 4)
        return mem_read16(c, addr, ACC_NORMAL, v);
    if (mem_read(c, addr, 1u << scale, ACC_NORMAL, &x))
        return EXEC_EXC;
    v->d[0] = x;
    v->d[1] = 0;
    return EXEC_OK;
}

static ALWAYS_INLINE int WUR vstore(CPU *c, uint64_t addr, unsigned scale, const VReg *v)
{
    if (scale == 4)
        return mem_write16(c, addr, ACC_NORMAL, v);
    return mem_write(c, addr, 1u << scale, ACC_NORMAL, v->d[0]);
}

enum VMode { VM_OFFSET, VM_POST, VM_PRE };

/* One register at base + offset (VM_OFFSET, VM_PRE) or at the base (VM_POST); the indexed
 * modes write base + offset back after the access succeeded. Rt and Rn are in different
 * register files, so the integer forms' Rt == Rn question does not arise. */
static ALWAYS_INLINE int WUR vldst_one(CPU *c, const Insn *in, uint64_t offset, enum VMode mode, bool load)
{
    unsigned n = in->rn, scale = single_scale(in->raw);
    FP_CHECK(c);
    if (check_sp(c, n))
        return EXEC_EXC;
    uint64_t base = X_SP(c, n), addr = mode == VM_POST ? base : base + offset;
    if (load) {
        VReg v;
        if (vload(c, addr, scale, &v))
            return EXEC_EXC;
        c->v[in->rd] = v;
    } else if (vstore(c, addr, scale, &c->v[in->rd])) {
        return EXEC_EXC;
    }
    if (mode != VM_OFFSET)
        set_X_SP(c, n, base + offset);
    return EXEC_OK;
}

/* ---- Load/store register (unscaled, post-index, pre-index, register offset, unsigned
 * offset). in->imm: imm9, or imm12 scaled by the size (prep_simd_*). ---- */

int exec_STUR_simd(CPU *c, const Insn *in) { return vldst_one(c, in, in->imm, VM_OFFSET, false); }
int exec_LDUR_simd(CPU *c, const Insn *in) { return vldst_one(c, in, in->imm, VM_OFFSET, true); }
int exec_STR_simd_post(CPU *c, const Insn *in) { return vldst_one(c, in, in->imm, VM_POST, false); }
int exec_LDR_simd_post(CPU *c, const Insn *in) { return vldst_one(c, in, in->imm, VM_POST, true); }
int exec_STR_simd_pre(CPU *c, const Insn *in) { return vldst_one(c, in, in->imm, VM_PRE, false); }
int exec_LDR_simd_pre(CPU *c, const Insn *in) { return vldst_one(c, in, in->imm, VM_PRE, true); }
int exec_STR_simd_imm(CPU *c, const Insn *in) { return vldst_one(c, in, in->imm, VM_OFFSET, false); }
int exec_LDR_simd_imm(CPU *c, const Insn *in) { return vldst_one(c, in, in->imm, VM_OFFSET, true); }

/* Register offset: ExtendReg(m, option, S ? scale : 0), read before the access. */
int exec_STR_simd_reg(CPU *c, const Insn *in)
{
    return vldst_one(c, in, reg_offset_scaled(c, in->raw, single_scale(in->raw)), VM_OFFSET, false);
}

int exec_LDR_simd_reg(CPU *c, const Insn *in)
{
    return vldst_one(c, in, reg_offset_scaled(c, in->raw, single_scale(in->raw)), VM_OFFSET, true);
}

/* LDR (literal): S, D or Q at this instruction's address + imm19 * 4. */
int exec_LDR_simd_lit(CPU *c, const Insn *in)
{
    VReg v;
    FP_CHECK(c);
    if (vload(c, insn_pc(c) + in->imm, pair_scale(in->raw), &v))
        return EXEC_EXC;
    c->v[in->rd] = v;
    return EXEC_OK;
}

/* ---- Load/store pair: S, D or Q; in->imm is imm7 scaled by the size. ---- */

/* Two registers at addr and addr + size; writeback as vldst_one. Both loads complete before
 * either register is written. LDP with Rt == Rt2 is CONSTRAINED UNPREDICTABLE: Rt2's value
 * wins (the register is UNKNOWN), as for the general-register LDP. A Q pair in one RAM page
 * with 16-byte alignment (glibc's memcpy: ldp q0, q1, [x1]) is one 32-byte copy. */
static ALWAYS_INLINE int WUR vldst_pair(CPU *c, const Insn *in, enum VMode mode, bool load)
{
    unsigned n = in->rn, scale = pair_scale(in->raw), size = 1u << scale;
    unsigned t = in->rd, t2 = in->ra;
    FP_CHECK(c);
    if (check_sp(c, n))
        return EXEC_EXC;
    uint64_t base = X_SP(c, n), addr = mode == VM_POST ? base : base + in->imm;
    if (scale == 4) {
        uint8_t *p = mem_fast_ptr(c, addr, 32, 16, !load);
        if (p) {
            if (load) {
                memcpy(&c->v[t], p, 16);
                memcpy(&c->v[t2], p + 16, 16);
            } else {
                memcpy(p, &c->v[t], 16);
                memcpy(p + 16, &c->v[t2], 16);
            }
            goto writeback;
        }
    }
    if (load) {
        VReg v1, v2;
        if (vload(c, addr, scale, &v1) || vload(c, addr + size, scale, &v2))
            return EXEC_EXC;
        c->v[t] = v1;
        c->v[t2] = v2;
    } else if (vstore(c, addr, scale, &c->v[t]) || vstore(c, addr + size, scale, &c->v[t2])) {
        return EXEC_EXC;
    }
writeback:
    if (mode != VM_OFFSET)
        set_X_SP(c, n, base + in->imm);
    return EXEC_OK;
}

int exec_STNP_simd(CPU *c, const Insn *in) { return vldst_pair(c, in, VM_OFFSET, false); }
int exec_LDNP_simd(CPU *c, const Insn *in) { return vldst_pair(c, in, VM_OFFSET, true); }
int exec_STP_simd_post(CPU *c, const Insn *in) { return vldst_pair(c, in, VM_POST, false); }
int exec_LDP_simd_post(CPU *c, const Insn *in) { return vldst_pair(c, in, VM_POST, true); }
int exec_STP_simd_off(CPU *c, const Insn *in) { return vldst_pair(c, in, VM_OFFSET, false); }
int exec_LDP_simd_off(CPU *c, const Insn *in) { return vldst_pair(c, in, VM_OFFSET, true); }
int exec_STP_simd_pre(CPU *c, const Insn *in) { return vldst_pair(c, in, VM_PRE, false); }
int exec_LDP_simd_pre(CPU *c, const Insn *in) { return vldst_pair(c, in, VM_PRE, true); }

/* ---- Advanced SIMD load/store structures ----
 * Fields: Q (bit 30), post-index (bit 23), L (bit 22), Rm (20:16; 31 = the immediate post-index
 * form), size (11:10); Rt is the first of up to four consecutive registers (modulo 32). The
 * forms without post-index have bits 20:16 = 00000 (prep rejects anything else). */

/* The base register after a post-index form: + the bytes transferred, or + X[m]. */
static inline void structure_writeback(CPU *c, const Insn *in, uint64_t base, uint64_t bytes)
{
    if (bit(in->raw, 23))
        set_X_SP(c, in->rn, base + (in->rm == 31 ? bytes : X(c, in->rm)));
}

/* Element `e` of `ebytes` bytes of a register image (elements numbered from the low end; the
 * host is little-endian). */
static inline void elem_put(VReg *v, unsigned e, unsigned ebytes, uint64_t x) { memcpy(&v->b[e * ebytes], &x, ebytes); }
static inline uint64_t elem_get(const VReg *v, unsigned e, unsigned ebytes)
{
    uint64_t x = 0;
    memcpy(&x, &v->b[e * ebytes], ebytes);
    return x;
}

/* Multiple structures: opcode (15:12) gives the repeat count and the structure size. */
static bool mult_layout(uint32_t raw, unsigned *rpt, unsigned *selem)
{
    switch (bits(raw, 15, 12)) {
    case 0x0: *rpt = 1; *selem = 4; return true;   /* LD4/ST4 */
    case 0x2: *rpt = 4; *selem = 1; return true;   /* LD1/ST1, four registers */
    case 0x4: *rpt = 1; *selem = 3; return true;   /* LD3/ST3 */
    case 0x6: *rpt = 3; *selem = 1; return true;   /* LD1/ST1, three registers */
    case 0x7: *rpt = 1; *selem = 1; return true;   /* LD1/ST1, one register */
    case 0x8: *rpt = 1; *selem = 2; return true;   /* LD2/ST2 */
    case 0xA: *rpt = 2; *selem = 1; return true;   /* LD1/ST1, two registers */
    default: return false;
    }
}

/* No-offset forms need Rm = 0; the .1D arrangement (size:Q = 110) exists only for LD1/ST1. */
bool prep_simd_mult(Insn *in)
{
    unsigned rpt, selem;
    uint32_t raw = in->raw;
    if (!bit(raw, 23) && in->rm != 0)
        return false;
    if (!mult_layout(raw, &rpt, &selem))
        return false;
    return !(bits(raw, 11, 10) == 3 && !bit(raw, 30) && selem != 1);
}

/* LD1-LD4/ST1-ST4 (multiple structures): for each repeat r, each element e, each structure
 * member s, element e of register t + r + s moves at the next ebytes of memory. A load keeps
 * the other elements of the registers it writes and zeroes their upper halves when Q = 0
 * (V[] = a 64-bit value). */
static int ldst_multiple(CPU *c, const Insn *in, bool load)
{
    uint32_t raw = in->raw;
    unsigned rpt = 1, selem = 1;
    (void)mult_layout(raw, &rpt, &selem);
    unsigned ebytes = 1u << bits(raw, 11, 10), dbytes = bit(raw, 30) ? 16 : 8;
    unsigned elements = dbytes / ebytes, nregs = rpt * selem, t = in->rd;
    uint64_t bytes = (uint64_t)nregs * dbytes;
    FP_CHECK(c);
    if (check_sp(c, in->rn))
        return EXEC_EXC;
    uint64_t addr = X_SP(c, in->rn);
    VReg regs[4];
    for (unsigned i = 0; i < nregs; i++)
        regs[i] = c->v[(t + i) & 31];
    uint8_t *p = selem == 1 ? mem_fast_ptr(c, addr, (unsigned)bytes, ebytes, !load) : NULL;
    if (p) {
        /* LD1/ST1: each register's bytes are contiguous in memory. */
        for (unsigned i = 0; i < nregs; i++) {
            if (load)
                memcpy(&regs[i], p + i * dbytes, dbytes);
            else
                memcpy(p + i * dbytes, &regs[i], dbytes);
        }
    } else {
        uint64_t offs = 0;
        for (unsigned r = 0; r < rpt; r++) {
            for (unsigned e = 0; e < elements; e++) {
                for (unsigned s = 0; s < selem; s++, offs += ebytes) {
                    uint64_t x;
                    if (load) {
                        if (mem_read(c, addr + offs, ebytes, ACC_NORMAL, &x))
                            return EXEC_EXC;
                        elem_put(&regs[r + s], e, ebytes, x);
                    } else if (mem_write(c, addr + offs, ebytes, ACC_NORMAL, elem_get(&regs[r + s], e, ebytes))) {
                        return EXEC_EXC;
                    }
                }
            }
        }
    }
    if (load) {
        for (unsigned i = 0; i < nregs; i++)
            set_vreg(c, (t + i) & 31, &regs[i], dbytes * 8);
    }
    structure_writeback(c, in, addr, bytes);
    return EXEC_OK;
}

int exec_ST1_mult1(CPU *c, const Insn *in) { return ldst_multiple(c, in, false); }
int exec_ST1_mult2(CPU *c, const Insn *in) { return ldst_multiple(c, in, false); }
int exec_ST1_mult3(CPU *c, const Insn *in) { return ldst_multiple(c, in, false); }
int exec_ST1_mult4(CPU *c, const Insn *in) { return ldst_multiple(c, in, false); }
int exec_ST2_mult(CPU *c, const Insn *in) { return ldst_multiple(c, in, false); }
int exec_ST3_mult(CPU *c, const Insn *in) { return ldst_multiple(c, in, false); }
int exec_ST4_mult(CPU *c, const Insn *in) { return ldst_multiple(c, in, false); }
int exec_LD1_mult1(CPU *c, const Insn *in) { return ldst_multiple(c, in, true); }
int exec_LD1_mult2(CPU *c, const Insn *in) { return ldst_multiple(c, in, true); }
int exec_LD1_mult3(CPU *c, const Insn *in) { return ldst_multiple(c, in, true); }
int exec_LD1_mult4(CPU *c, const Insn *in) { return ldst_multiple(c, in, true); }
int exec_LD2_mult(CPU *c, const Insn *in) { return ldst_multiple(c, in, true); }
int exec_LD3_mult(CPU *c, const Insn *in) { return ldst_multiple(c, in, true); }
int exec_LD4_mult(CPU *c, const Insn *in) { return ldst_multiple(c, in, true); }

/* Single structure: opcode (15:13) bits 2:1 give the element size (11: replicate, size from
 * the size field), opcode<0>:R (R = bit 21) + 1 the number of registers; the lane comes from
 * Q:S:size. Returns log2 of the element size and the lane, or false when unallocated. */
static bool single_layout(uint32_t raw, unsigned *scale, unsigned *index)
{
    unsigned q = bit(raw, 30), s = bit(raw, 12), size = bits(raw, 11, 10);
    switch (bits(raw, 15, 14)) {
    case 0:
        *scale = 0;
        *index = q << 3 | s << 2 | size;
        return true;
    case 1:
        *scale = 1;
        *index = q << 2 | s << 1 | size >> 1;
        return !(size & 1);
    case 2:
        if (size & 2)
            return false;
        if (!(size & 1)) {
            *scale = 2;
            *index = q << 1 | s;
            return true;
        }
        *scale = 3;
        *index = q;
        return !s;
    default: /* replicate: loads only, S = 0 */
        *scale = size;
        *index = 0;
        return bit(raw, 22) && !s;
    }
}

bool prep_simd_single(Insn *in)
{
    unsigned scale, index;
    if (!bit(in->raw, 23) && in->rm != 0)
        return false;
    return single_layout(in->raw, &scale, &index);
}

/* LD1-LD4/ST1-ST4 (single structure): lane `index` of `selem` consecutive registers, the
 * other lanes and the upper half unchanged. LD1R-LD4R: each element read once and
 * replicated across the register (datasize 64 zeroes the upper half). */
static int ldst_single_structure(CPU *c, const Insn *in, bool load, unsigned selem, bool replicate)
{
    uint32_t raw = in->raw;
    unsigned scale = 0, index = 0, t = in->rd;
    (void)single_layout(raw, &scale, &index);
    unsigned ebytes = 1u << scale, dbytes = bit(raw, 30) ? 16 : 8;
    FP_CHECK(c);
    if (check_sp(c, in->rn))
        return EXEC_EXC;
    uint64_t addr = X_SP(c, in->rn);
    VReg regs[4];
    for (unsigned s = 0; s < selem; s++) {
        uint64_t x;
        const VReg *v = &c->v[(t + s) & 31];
        if (!load) {
            if (mem_write(c, addr + s * ebytes, ebytes, ACC_NORMAL, elem_get(v, index, ebytes)))
                return EXEC_EXC;
            continue;
        }
        if (mem_read(c, addr + s * ebytes, ebytes, ACC_NORMAL, &x))
            return EXEC_EXC;
        regs[s] = *v;
        if (replicate) {
            for (unsigned e = 0; e < dbytes / ebytes; e++)
                elem_put(&regs[s], e, ebytes, x);
            if (dbytes == 8)
                regs[s].d[1] = 0;
        } else {
            elem_put(&regs[s], index, ebytes, x);
        }
    }
    if (load) {
        for (unsigned s = 0; s < selem; s++)
            c->v[(t + s) & 31] = regs[s];
    }
    structure_writeback(c, in, addr, (uint64_t)selem * ebytes);
    return EXEC_OK;
}

int exec_ST1_single(CPU *c, const Insn *in) { return ldst_single_structure(c, in, false, 1, false); }
int exec_ST2_single(CPU *c, const Insn *in) { return ldst_single_structure(c, in, false, 2, false); }
int exec_ST3_single(CPU *c, const Insn *in) { return ldst_single_structure(c, in, false, 3, false); }
int exec_ST4_single(CPU *c, const Insn *in) { return ldst_single_structure(c, in, false, 4, false); }
int exec_LD1_single(CPU *c, const Insn *in) { return ldst_single_structure(c, in, true, 1, false); }
int exec_LD2_single(CPU *c, const Insn *in) { return ldst_single_structure(c, in, true, 2, false); }
int exec_LD3_single(CPU *c, const Insn *in) { return ldst_single_structure(c, in, true, 3, false); }
int exec_LD4_single(CPU *c, const Insn *in) { return ldst_single_structure(c, in, true, 4, false); }
int exec_LD1R(CPU *c, const Insn *in) { return ldst_single_structure(c, in, true, 1, true); }
int exec_LD2R(CPU *c, const Insn *in) { return ldst_single_structure(c, in, true, 2, true); }
int exec_LD3R(CPU *c, const Insn *in) { return ldst_single_structure(c, in, true, 3, true); }
int exec_LD4R(CPU *c, const Insn *in) { return ldst_single_structure(c, in, true, 4, true); }
