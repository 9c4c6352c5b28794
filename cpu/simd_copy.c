/* SPDX-License-Identifier: MIT */
/* Advanced SIMD copy: DUP (element), DUP (general), INS (general), INS (element), SMOV, UMOV.
 * imm5 names the element size by its lowest set bit and the index by the bits above it. */
#include "cpu/simd_int.h"

/* size = LowestSetBit(imm5), reserved when imm5 is x0000; false then. */
static bool decode_imm5(Insn *in, unsigned *size)
{
    unsigned imm5 = bits(in->raw, 20, 16);
    if ((imm5 & 0xF) == 0)
        return false;
    *size = (unsigned)__builtin_ctz(imm5);
    unsigned index2 = bits(in->raw, 14, 11) >> *size;
    in->imm = (8u << *size) | (imm5 >> (*size + 1)) << 8 | index2 << 16;
    return true;
}
/* DUP (element), DUP (general): 64-bit elements need Q = 1. */
bool prep_simd_dup(Insn *in)
{
    unsigned size;
    return decode_imm5(in, &size) && !(size == 3 && !bit(in->raw, 30));
}
bool prep_simd_dup_scalar(Insn *in)
{
    unsigned size;
    return decode_imm5(in, &size);
}
/* SMOV: to W (Q = 0) from B or H, to X (Q = 1) from B, H or S. */
bool prep_simd_smov(Insn *in)
{
    unsigned size;
    return decode_imm5(in, &size) && size < (bit(in->raw, 30) ? 3u : 2u);
}
/* UMOV: to W (Q = 0) from B, H or S, to X (Q = 1) from D only. */
bool prep_simd_umov(Insn *in)
{
    unsigned size;
    return decode_imm5(in, &size) && (bit(in->raw, 30) ? size == 3 : size < 3);
}
bool prep_simd_ins(Insn *in)
{
    unsigned size;
    return decode_imm5(in, &size);
}

static int dup(CPU *c, const Insn *in, uint64_t element)
{
    unsigned esize = c_esize(in), datasize = f_datasize(in);
    VReg r = {{0}};
    for (unsigned e = 0; e < datasize / esize; e++)
        vset(&r, e, esize, element);
    set_vreg(c, in->rd, &r, datasize);
    return EXEC_OK;
}
int exec_DUP_elem(CPU *c, const Insn *in)
{
    FP_CHECK(c);
    return dup(c, in, vget(&c->v[in->rn], c_index(in), c_esize(in)));
}
int exec_DUP_gen(CPU *c, const Insn *in)
{
    FP_CHECK(c);
    return dup(c, in, X(c, in->rn));
}

int exec_SMOV(CPU *c, const Insn *in)
{
    FP_CHECK(c);
    int64_t x = sext(vget(&c->v[in->rn], c_index(in), c_esize(in)), c_esize(in));
    set_R(c, in->rd, (uint64_t)x, f_q(in));
    return EXEC_OK;
}
int exec_UMOV(CPU *c, const Insn *in)
{
    FP_CHECK(c);
    set_X(c, in->rd, vget(&c->v[in->rn], c_index(in), c_esize(in)));
    return EXEC_OK;
}

/* INS: one element of Vd replaced, the rest kept (a 128-bit write). */
int exec_INS_gen(CPU *c, const Insn *in)
{
    FP_CHECK(c);
    vset(&c->v[in->rd], c_index(in), c_esize(in), X(c, in->rn));
    return EXEC_OK;
}
int exec_INS_elem(CPU *c, const Insn *in)
{
    FP_CHECK(c);
    vset(&c->v[in->rd], c_index(in), c_esize(in), vget(&c->v[in->rn], c_index2(in), c_esize(in)));
    return EXEC_OK;
}
