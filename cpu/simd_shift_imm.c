/* SPDX-License-Identifier: MIT */
/* Advanced SIMD shift by immediate and scalar shift by immediate: right shifts (with rounding,
 * accumulating, inserting, narrowing and saturating forms), left shifts (with inserting and
 * saturating forms) and the lengthening SSHLL/USHLL. The fixed-point conversions of these
 * groups (SCVTF, UCVTF, FCVTZS, FCVTZU) are in cpu/simd_fp.c.
 *
 * immh:immb gives both the element size (the highest set bit of immh) and the shift: right
 * shifts by 2*esize - immh:immb (1 to esize), left shifts by immh:immb - esize (0 to esize-1). */
#include "cpu/simd_int.h"

/* Predecoded: Insn.imm = esize | shift << 8. */
static inline unsigned s_esize(const Insn *in) { return (unsigned)(in->imm & 0xFF); }
static inline unsigned s_shift(const Insn *in) { return (unsigned)(in->imm >> 8); }

/* Decode immh:immb into esize and shift; false for immh = 0000 (not a shift) and, where
 * `no_d` (narrowing, lengthening and vector Q = 0 forms), immh = 1xxx. */
static bool decode_shift(Insn *in, bool right, bool no_d)
{
    unsigned immh = bits(in->raw, 22, 19), immhb = bits(in->raw, 22, 16);
    if (immh == 0 || (no_d && (immh & 8)))
        return false;
    unsigned esize = 8u << (31 - __builtin_clz(immh));
    unsigned shift = right ? 2 * esize - immhb : immhb - esize;
    in->imm = esize | shift << 8;
    return true;
}
static bool q_or_no_d(const Insn *in) { return !bit(in->raw, 30); }
bool prep_simd_shr_vec(Insn *in) { return decode_shift(in, true, q_or_no_d(in)); }
bool prep_simd_shl_vec(Insn *in) { return decode_shift(in, false, q_or_no_d(in)); }
bool prep_simd_shrn_vec(Insn *in) { return decode_shift(in, true, true); }
bool prep_simd_shll_vec(Insn *in) { return decode_shift(in, false, true); }
/* The scalar forms that exist only for 64-bit elements: immh must be 1xxx. */
bool prep_simd_shr_d(Insn *in) { return bit(in->raw, 22) && decode_shift(in, true, false); }
bool prep_simd_shl_d(Insn *in) { return bit(in->raw, 22) && decode_shift(in, false, false); }
bool prep_simd_shl_scalar(Insn *in) { return decode_shift(in, false, false); }
bool prep_simd_shrn_scalar(Insn *in) { return decode_shift(in, true, true); }

/* One element: a = Elem[operand], d = the destination's old element. */
typedef uint64_t (*ShiftFn)(CPU *c, uint64_t a, uint64_t d, unsigned esize, unsigned shift, bool u);

static inline __attribute__((always_inline)) int shift_vec(CPU *c, const Insn *in, ShiftFn fn, bool u)
{
    FP_CHECK(c);
    unsigned esize = s_esize(in), shift = s_shift(in), datasize = f_datasize(in);
    const VReg *n = &c->v[in->rn], *d = &c->v[in->rd];
    VReg r = {{0}};
    for (unsigned e = 0; e < datasize / esize; e++)
        vset(&r, e, esize, fn(c, vget(n, e, esize), vget(d, e, esize), esize, shift, u));
    set_vreg(c, in->rd, &r, datasize);
    return EXEC_OK;
}
static inline __attribute__((always_inline)) int shift_scalar(CPU *c, const Insn *in, ShiftFn fn, bool u)
{
    FP_CHECK(c);
    unsigned esize = s_esize(in);
    uint64_t r = fn(c, vget(&c->v[in->rn], 0, esize), vget(&c->v[in->rd], 0, esize), esize, s_shift(in), u);
    set_vscalar(c, in->rd, esize, r);
    return EXEC_OK;
}

static uint64_t op_shr(CPU *c, uint64_t a, uint64_t d, unsigned es, unsigned sh, bool u)
{
    return (uint64_t)shift_round(as_int(a, es, u), -(int)sh, false, es);
}
static uint64_t op_rshr(CPU *c, uint64_t a, uint64_t d, unsigned es, unsigned sh, bool u)
{
    return (uint64_t)shift_round(as_int(a, es, u), -(int)sh, true, es);
}
static uint64_t op_sra(CPU *c, uint64_t a, uint64_t d, unsigned es, unsigned sh, bool u) { return d + op_shr(c, a, d, es, sh, u); }
static uint64_t op_rsra(CPU *c, uint64_t a, uint64_t d, unsigned es, unsigned sh, bool u) { return d + op_rshr(c, a, d, es, sh, u); }
/* SRI: the shifted element replaces the bits it covers; a shift by esize keeps Vd. */
static uint64_t op_sri(CPU *c, uint64_t a, uint64_t d, unsigned es, unsigned sh, bool u)
{
    uint64_t mask = sh >= 64 ? 0 : emask(es) >> sh;
    return (d & ~mask) | (sh >= 64 ? 0 : a >> sh);
}
static uint64_t op_shl(CPU *c, uint64_t a, uint64_t d, unsigned es, unsigned sh, bool u) { return a << sh; }
static uint64_t op_sli(CPU *c, uint64_t a, uint64_t d, unsigned es, unsigned sh, bool u)
{
    uint64_t mask = emask(es) << sh;
    return (d & ~mask) | (a << sh);
}
/* SQSHL/UQSHL (immediate): saturate as the source is signed or not; SQSHLU: signed source,
 * unsigned saturation. */
static uint64_t op_qshl(CPU *c, uint64_t a, uint64_t d, unsigned es, unsigned sh, bool u)
{
    return sat(c, shift_round(as_int(a, es, u), (int)sh, false, es), es, u);
}
static uint64_t op_qshlu(CPU *c, uint64_t a, uint64_t d, unsigned es, unsigned sh, bool u)
{
    return sat(c, shift_round(as_int(a, es, false), (int)sh, false, es), es, true);
}

int exec_SSHR_vec(CPU *c, const Insn *in) { return shift_vec(c, in, op_shr, false); }
int exec_USHR_vec(CPU *c, const Insn *in) { return shift_vec(c, in, op_shr, true); }
int exec_SSRA_vec(CPU *c, const Insn *in) { return shift_vec(c, in, op_sra, false); }
int exec_USRA_vec(CPU *c, const Insn *in) { return shift_vec(c, in, op_sra, true); }
int exec_SRSHR_vec(CPU *c, const Insn *in) { return shift_vec(c, in, op_rshr, false); }
int exec_URSHR_vec(CPU *c, const Insn *in) { return shift_vec(c, in, op_rshr, true); }
int exec_SRSRA_vec(CPU *c, const Insn *in) { return shift_vec(c, in, op_rsra, false); }
int exec_URSRA_vec(CPU *c, const Insn *in) { return shift_vec(c, in, op_rsra, true); }
int exec_SRI_vec(CPU *c, const Insn *in) { return shift_vec(c, in, op_sri, true); }
int exec_SHL_vec(CPU *c, const Insn *in) { return shift_vec(c, in, op_shl, false); }
int exec_SLI_vec(CPU *c, const Insn *in) { return shift_vec(c, in, op_sli, false); }
int exec_SQSHLU_vec(CPU *c, const Insn *in) { return shift_vec(c, in, op_qshlu, false); }
int exec_SQSHL_imm_vec(CPU *c, const Insn *in) { return shift_vec(c, in, op_qshl, false); }
int exec_UQSHL_imm_vec(CPU *c, const Insn *in) { return shift_vec(c, in, op_qshl, true); }

int exec_SSHR_scalar(CPU *c, const Insn *in) { return shift_scalar(c, in, op_shr, false); }
int exec_USHR_scalar(CPU *c, const Insn *in) { return shift_scalar(c, in, op_shr, true); }
int exec_SSRA_scalar(CPU *c, const Insn *in) { return shift_scalar(c, in, op_sra, false); }
int exec_USRA_scalar(CPU *c, const Insn *in) { return shift_scalar(c, in, op_sra, true); }
int exec_SRSHR_scalar(CPU *c, const Insn *in) { return shift_scalar(c, in, op_rshr, false); }
int exec_URSHR_scalar(CPU *c, const Insn *in) { return shift_scalar(c, in, op_rshr, true); }
int exec_SRSRA_scalar(CPU *c, const Insn *in) { return shift_scalar(c, in, op_rsra, false); }
int exec_URSRA_scalar(CPU *c, const Insn *in) { return shift_scalar(c, in, op_rsra, true); }
int exec_SRI_scalar(CPU *c, const Insn *in) { return shift_scalar(c, in, op_sri, true); }
int exec_SHL_scalar(CPU *c, const Insn *in) { return shift_scalar(c, in, op_shl, false); }
int exec_SLI_scalar(CPU *c, const Insn *in) { return shift_scalar(c, in, op_sli, false); }
int exec_SQSHLU_scalar(CPU *c, const Insn *in) { return shift_scalar(c, in, op_qshlu, false); }
int exec_SQSHL_imm_scalar(CPU *c, const Insn *in) { return shift_scalar(c, in, op_qshl, false); }
int exec_UQSHL_imm_scalar(CPU *c, const Insn *in) { return shift_scalar(c, in, op_qshl, true); }

/* The narrowing right shifts: 2*esize-bit source elements shifted right (rounded for the R
 * forms), then truncated (SHRN, RSHRN) or saturated: signed to signed (SQ..N), unsigned to
 * unsigned (UQ..N), signed to unsigned (SQ..UN). */
typedef enum { NARROW_TRUNC, NARROW_SS, NARROW_UU, NARROW_SU } NarrowKind;
static uint64_t narrow_shift(CPU *c, uint64_t a, unsigned es, unsigned sh, bool round, NarrowKind k)
{
    i128 x = shift_round(as_int(a, 2 * es, k == NARROW_UU), -(int)sh, round, 2 * es);
    switch (k) {
    case NARROW_SS: return sat(c, x, es, false);
    case NARROW_UU:
    case NARROW_SU: return sat(c, x, es, true);
    default: return (uint64_t)x & emask(es);
    }
}
/* Vector: into Vpart[d, Q] (the "2" forms write the upper half). */
static int narrow_vec(CPU *c, const Insn *in, bool round, NarrowKind k)
{
    FP_CHECK(c);
    unsigned esize = s_esize(in), shift = s_shift(in);
    const VReg *n = &c->v[in->rn];
    VReg r = {{0}};
    for (unsigned e = 0; e < 64 / esize; e++)
        vset(&r, e, esize, narrow_shift(c, vget(n, e, 2 * esize), esize, shift, round, k));
    set_vpart(c, in->rd, f_q(in), r.d[0]);
    return EXEC_OK;
}
static int narrow_scalar(CPU *c, const Insn *in, bool round, NarrowKind k)
{
    FP_CHECK(c);
    unsigned esize = s_esize(in);
    uint64_t r = narrow_shift(c, vget(&c->v[in->rn], 0, 2 * esize), esize, s_shift(in), round, k);
    set_vscalar(c, in->rd, esize, r);
    return EXEC_OK;
}
int exec_SHRN_vec(CPU *c, const Insn *in) { return narrow_vec(c, in, false, NARROW_TRUNC); }
int exec_RSHRN_vec(CPU *c, const Insn *in) { return narrow_vec(c, in, true, NARROW_TRUNC); }
int exec_SQSHRN_vec(CPU *c, const Insn *in) { return narrow_vec(c, in, false, NARROW_SS); }
int exec_SQRSHRN_vec(CPU *c, const Insn *in) { return narrow_vec(c, in, true, NARROW_SS); }
int exec_UQSHRN_vec(CPU *c, const Insn *in) { return narrow_vec(c, in, false, NARROW_UU); }
int exec_UQRSHRN_vec(CPU *c, const Insn *in) { return narrow_vec(c, in, true, NARROW_UU); }
int exec_SQSHRUN_vec(CPU *c, const Insn *in) { return narrow_vec(c, in, false, NARROW_SU); }
int exec_SQRSHRUN_vec(CPU *c, const Insn *in) { return narrow_vec(c, in, true, NARROW_SU); }
int exec_SQSHRN_scalar(CPU *c, const Insn *in) { return narrow_scalar(c, in, false, NARROW_SS); }
int exec_SQRSHRN_scalar(CPU *c, const Insn *in) { return narrow_scalar(c, in, true, NARROW_SS); }
int exec_UQSHRN_scalar(CPU *c, const Insn *in) { return narrow_scalar(c, in, false, NARROW_UU); }
int exec_UQRSHRN_scalar(CPU *c, const Insn *in) { return narrow_scalar(c, in, true, NARROW_UU); }
int exec_SQSHRUN_scalar(CPU *c, const Insn *in) { return narrow_scalar(c, in, false, NARROW_SU); }
int exec_SQRSHRUN_scalar(CPU *c, const Insn *in) { return narrow_scalar(c, in, true, NARROW_SU); }

/* SSHLL/USHLL (SXTL/UXTL with shift 0): the elements of Vpart[n, Q] extended to 2*esize bits
 * and shifted left. */
static int shll_vec(CPU *c, const Insn *in, bool u)
{
    FP_CHECK(c);
    unsigned esize = s_esize(in), shift = s_shift(in), elements = 64 / esize, base = f_q(in) * elements;
    const VReg *n = &c->v[in->rn];
    VReg r;
    for (unsigned e = 0; e < elements; e++)
        vset(&r, e, 2 * esize, (uint64_t)vint(n, base + e, esize, u) << shift);
    c->v[in->rd] = r;
    return EXEC_OK;
}
int exec_SSHLL_vec(CPU *c, const Insn *in) { return shll_vec(c, in, false); }
int exec_USHLL_vec(CPU *c, const Insn *in) { return shll_vec(c, in, true); }
