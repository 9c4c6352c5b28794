/* SPDX-License-Identifier: MIT */
/* Advanced SIMD vector x indexed element and scalar x indexed element, integer forms: every
 * element of Vn with one element of Vm. For 16-bit elements the index is H:L:M and Vm is one of
 * V0-V15; for 32-bit elements the index is H:L and M is Vm's top bit. */
#include "cpu/simd_int.h"

/* Insn.imm = index, Insn.rm = the register the element comes from. */
bool prep_simd_elem(Insn *in)
{
    unsigned h = bit(in->raw, 11), l = bit(in->raw, 21), m = bit(in->raw, 20), rm = bits(in->raw, 19, 16);
    switch (bits(in->raw, 23, 22)) {
    case 1: in->imm = h << 2 | l << 1 | m; in->rm = (uint8_t)rm; return true;
    case 2: in->imm = h << 1 | l; in->rm = (uint8_t)(m << 4 | rm); return true;
    default: return false;
    }
}
/* SDOT/UDOT (by element): 32-bit groups only, the index selects one 4-byte group of Vm. */
bool prep_simd_elem_dot(Insn *in) { return bits(in->raw, 23, 22) == 2 && prep_simd_elem(in); }

static inline __attribute__((always_inline)) int elem_vec(CPU *c, const Insn *in, SameFn fn)
{
    FP_CHECK(c);
    unsigned esize = f_esize(in), datasize = f_datasize(in);
    uint64_t b = vget(&c->v[in->rm], (unsigned)in->imm, esize);
    const VReg *n = &c->v[in->rn], *d = &c->v[in->rd];
    VReg r = {{0}};
    for (unsigned e = 0; e < datasize / esize; e++)
        vset(&r, e, esize, fn(c, vget(n, e, esize), b, vget(d, e, esize), esize, false));
    set_vreg(c, in->rd, &r, datasize);
    return EXEC_OK;
}
static inline __attribute__((always_inline)) int elem_scalar(CPU *c, const Insn *in, SameFn fn)
{
    FP_CHECK(c);
    unsigned esize = f_esize(in);
    uint64_t b = vget(&c->v[in->rm], (unsigned)in->imm, esize);
    set_vscalar(c, in->rd, esize, fn(c, vget(&c->v[in->rn], 0, esize), b, vget(&c->v[in->rd], 0, esize), esize, false));
    return EXEC_OK;
}

int exec_MLA_elem(CPU *c, const Insn *in) { return elem_vec(c, in, op_mla); }
int exec_MLS_elem(CPU *c, const Insn *in) { return elem_vec(c, in, op_mls); }
int exec_MUL_elem(CPU *c, const Insn *in) { return elem_vec(c, in, op_mul); }
int exec_SQDMULH_elem(CPU *c, const Insn *in) { return elem_vec(c, in, op_sqdmulh); }
int exec_SQRDMULH_elem(CPU *c, const Insn *in) { return elem_vec(c, in, op_sqrdmulh); }
int exec_SQRDMLAH_elem(CPU *c, const Insn *in) { return elem_vec(c, in, op_sqrdmlah); }
int exec_SQRDMLSH_elem(CPU *c, const Insn *in) { return elem_vec(c, in, op_sqrdmlsh); }
int exec_SQDMULH_elem_scalar(CPU *c, const Insn *in) { return elem_scalar(c, in, op_sqdmulh); }
int exec_SQRDMULH_elem_scalar(CPU *c, const Insn *in) { return elem_scalar(c, in, op_sqrdmulh); }
int exec_SQRDMLAH_elem_scalar(CPU *c, const Insn *in) { return elem_scalar(c, in, op_sqrdmlah); }
int exec_SQRDMLSH_elem_scalar(CPU *c, const Insn *in) { return elem_scalar(c, in, op_sqrdmlsh); }

/* The long forms: the elements of Vpart[n, Q] with the indexed element, into 2*esize bits. */
static inline __attribute__((always_inline)) int elem_long_vec(CPU *c, const Insn *in, LongFn fn, bool u)
{
    FP_CHECK(c);
    unsigned esize = f_esize(in), elements = 64 / esize, base = f_q(in) * elements;
    i128 b = vint(&c->v[in->rm], (unsigned)in->imm, esize, u);
    const VReg *n = &c->v[in->rn], *d = &c->v[in->rd];
    VReg r;
    for (unsigned e = 0; e < elements; e++)
        vset(&r, e, 2 * esize, fn(c, vint(n, base + e, esize, u), b, vget(d, e, 2 * esize), esize));
    c->v[in->rd] = r;
    return EXEC_OK;
}
static inline __attribute__((always_inline)) int elem_long_scalar(CPU *c, const Insn *in, LongFn fn)
{
    FP_CHECK(c);
    unsigned esize = f_esize(in);
    i128 b = vint(&c->v[in->rm], (unsigned)in->imm, esize, false);
    uint64_t r = fn(c, vint(&c->v[in->rn], 0, esize, false), b, vget(&c->v[in->rd], 0, 2 * esize), esize);
    set_vscalar(c, in->rd, 2 * esize, r);
    return EXEC_OK;
}

int exec_SMLAL_elem(CPU *c, const Insn *in) { return elem_long_vec(c, in, op_mla_long, false); }
int exec_UMLAL_elem(CPU *c, const Insn *in) { return elem_long_vec(c, in, op_mla_long, true); }
int exec_SMLSL_elem(CPU *c, const Insn *in) { return elem_long_vec(c, in, op_mls_long, false); }
int exec_UMLSL_elem(CPU *c, const Insn *in) { return elem_long_vec(c, in, op_mls_long, true); }
int exec_SMULL_elem(CPU *c, const Insn *in) { return elem_long_vec(c, in, op_mul_long, false); }
int exec_UMULL_elem(CPU *c, const Insn *in) { return elem_long_vec(c, in, op_mul_long, true); }
int exec_SQDMLAL_elem(CPU *c, const Insn *in) { return elem_long_vec(c, in, op_sqdmlal_long, false); }
int exec_SQDMLSL_elem(CPU *c, const Insn *in) { return elem_long_vec(c, in, op_sqdmlsl_long, false); }
int exec_SQDMULL_elem(CPU *c, const Insn *in) { return elem_long_vec(c, in, op_sqdmull_long, false); }
int exec_SQDMLAL_elem_scalar(CPU *c, const Insn *in) { return elem_long_scalar(c, in, op_sqdmlal_long); }
int exec_SQDMLSL_elem_scalar(CPU *c, const Insn *in) { return elem_long_scalar(c, in, op_sqdmlsl_long); }
int exec_SQDMULL_elem_scalar(CPU *c, const Insn *in) { return elem_long_scalar(c, in, op_sqdmull_long); }

/* SDOT/UDOT (by element): each 32-bit element of Vd accumulates the products of its four
 * bytes of Vn with the four bytes of Vm's indexed 32-bit group. */
static int dot_elem(CPU *c, const Insn *in, bool u)
{
    FP_CHECK(c);
    unsigned datasize = f_datasize(in), index = (unsigned)in->imm;
    const VReg *n = &c->v[in->rn], *m = &c->v[in->rm];
    VReg r = {{0}};
    for (unsigned e = 0; e < datasize / 32; e++) {
        uint32_t sum = c->v[in->rd].s[e];
        for (unsigned i = 0; i < 4; i++)
            sum += (uint32_t)(vint(n, 4 * e + i, 8, u) * vint(m, 4 * index + i, 8, u));
        r.s[e] = sum;
    }
    set_vreg(c, in->rd, &r, datasize);
    return EXEC_OK;
}
int exec_SDOT_elem(CPU *c, const Insn *in) { return dot_elem(c, in, false); }
int exec_UDOT_elem(CPU *c, const Insn *in) { return dot_elem(c, in, true); }
