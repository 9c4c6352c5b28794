/* SPDX-License-Identifier: MIT */
/* Advanced SIMD table lookup (TBL, TBX), permute (UZP1/UZP2, TRN1/TRN2, ZIP1/ZIP2), extract
 * (EXT), scalar pairwise (ADDP (scalar)) and scalar copy (DUP (element), scalar). */
#include "cpu/simd_int.h"

/* TBL/TBX: each byte of Vm indexes the table of len+1 consecutive registers from Vn (wrapping
 * after V31); an index past the table gives 0 (TBL) or keeps Vd's byte (TBX). */
static int table_lookup(CPU *c, const Insn *in, bool tbx)
{
    FP_CHECK(c);
    unsigned datasize = f_datasize(in), regs = bits(in->raw, 14, 13) + 1;
    const VReg *m = &c->v[in->rm], *d = &c->v[in->rd];
    VReg r = {{0}};
    for (unsigned i = 0; i < datasize / 8; i++) {
        unsigned index = m->b[i];
        if (index < 16 * regs)
            r.b[i] = c->v[(in->rn + index / 16) % 32].b[index % 16];
        else
            r.b[i] = tbx ? d->b[i] : 0;
    }
    set_vreg(c, in->rd, &r, datasize);
    return EXEC_OK;
}
int exec_TBL(CPU *c, const Insn *in) { return table_lookup(c, in, false); }
int exec_TBX(CPU *c, const Insn *in) { return table_lookup(c, in, true); }

/* UZP1/UZP2: the even (part 0) or odd (part 1) elements of the concatenation Vm:Vn. */
static int unzip(CPU *c, const Insn *in, unsigned part)
{
    FP_CHECK(c);
    unsigned esize = f_esize(in), datasize = f_datasize(in), elements = datasize / esize;
    const VReg *src[2] = {&c->v[in->rn], &c->v[in->rm]};
    VReg r = {{0}};
    for (unsigned e = 0; e < elements; e++) {
        unsigned i = 2 * e + part;
        vset(&r, e, esize, vget(src[i / elements], i % elements, esize));
    }
    set_vreg(c, in->rd, &r, datasize);
    return EXEC_OK;
}
/* TRN1/TRN2: even (part 0) or odd (part 1) elements of Vn and Vm, interleaved. */
static int transpose(CPU *c, const Insn *in, unsigned part)
{
    FP_CHECK(c);
    unsigned esize = f_esize(in), datasize = f_datasize(in);
    const VReg *n = &c->v[in->rn], *m = &c->v[in->rm];
    VReg r = {{0}};
    for (unsigned p = 0; p < datasize / esize / 2; p++) {
        vset(&r, 2 * p, esize, vget(n, 2 * p + part, esize));
        vset(&r, 2 * p + 1, esize, vget(m, 2 * p + part, esize));
    }
    set_vreg(c, in->rd, &r, datasize);
    return EXEC_OK;
}
/* ZIP1/ZIP2: the low (part 0) or high (part 1) halves of Vn and Vm, interleaved. */
static int zip(CPU *c, const Insn *in, unsigned part)
{
    FP_CHECK(c);
    unsigned esize = f_esize(in), datasize = f_datasize(in), pairs = datasize / esize / 2;
    const VReg *n = &c->v[in->rn], *m = &c->v[in->rm];
    VReg r = {{0}};
    for (unsigned p = 0; p < pairs; p++) {
        vset(&r, 2 * p, esize, vget(n, part * pairs + p, esize));
        vset(&r, 2 * p + 1, esize, vget(m, part * pairs + p, esize));
    }
    set_vreg(c, in->rd, &r, datasize);
    return EXEC_OK;
}
int exec_UZP1(CPU *c, const Insn *in) { return unzip(c, in, 0); }
int exec_UZP2(CPU *c, const Insn *in) { return unzip(c, in, 1); }
int exec_TRN1(CPU *c, const Insn *in) { return transpose(c, in, 0); }
int exec_TRN2(CPU *c, const Insn *in) { return transpose(c, in, 1); }
int exec_ZIP1(CPU *c, const Insn *in) { return zip(c, in, 0); }
int exec_ZIP2(CPU *c, const Insn *in) { return zip(c, in, 1); }

/* EXT: a 64-bit form may not start past its eighth byte (imm4<3> = 1 with Q = 0). */
bool prep_simd_ext(Insn *in) { return bit(in->raw, 30) || !bit(in->raw, 14); }
/* Bytes position.. of the concatenation Vm:Vn (Vn the low datasize bits). */
int exec_EXT(CPU *c, const Insn *in)
{
    FP_CHECK(c);
    unsigned datasize = f_datasize(in), bytes = datasize / 8, position = bits(in->raw, 14, 11);
    const VReg *n = &c->v[in->rn], *m = &c->v[in->rm];
    VReg r = {{0}};
    for (unsigned i = 0; i < bytes; i++) {
        unsigned j = i + position;
        r.b[i] = j < bytes ? n->b[j] : m->b[j - bytes];
    }
    set_vreg(c, in->rd, &r, datasize);
    return EXEC_OK;
}

/* ADDP (scalar): the sum of Vn's two 64-bit elements. */
int exec_ADDP_scalar(CPU *c, const Insn *in)
{
    FP_CHECK(c);
    set_vscalar(c, in->rd, 64, c->v[in->rn].d[0] + c->v[in->rn].d[1]);
    return EXEC_OK;
}

/* DUP (element), scalar (the MOV (scalar) alias): one element of Vn as a scalar. */
int exec_DUP_elem_scalar(CPU *c, const Insn *in)
{
    FP_CHECK(c);
    set_vscalar(c, in->rd, c_esize(in), vget(&c->v[in->rn], c_index(in), c_esize(in)));
    return EXEC_OK;
}
