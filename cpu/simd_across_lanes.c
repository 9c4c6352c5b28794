/* SPDX-License-Identifier: MIT */
/* Advanced SIMD across lanes, integer forms: ADDV, SADDLV/UADDLV, SMAXV/UMAXV, SMINV/UMINV.
 * The result is a scalar: the rest of Vd is zeroed. */
#include "cpu/simd_int.h"

typedef enum { ACROSS_ADD, ACROSS_MAX, ACROSS_MIN } AcrossOp;

/* Reduce the elements of Vn as integers (signed or unsigned); the sum is exact here, and the
 * caller keeps esize (ADDV) or 2*esize (the long forms) bits of it. */
static i128 reduce(const CPU *c, const Insn *in, AcrossOp op, bool u)
{
    unsigned esize = f_esize(in), elements = f_datasize(in) / esize;
    const VReg *n = &c->v[in->rn];
    i128 acc = vint(n, 0, esize, u);
    for (unsigned e = 1; e < elements; e++) {
        i128 x = vint(n, e, esize, u);
        switch (op) {
        case ACROSS_ADD: acc += x; break;
        case ACROSS_MAX: acc = x > acc ? x : acc; break;
        case ACROSS_MIN: acc = x < acc ? x : acc; break;
        }
    }
    return acc;
}

static int across(CPU *c, const Insn *in, AcrossOp op, bool u, bool long_result)
{
    FP_CHECK(c);
    unsigned esize = f_esize(in);
    set_vscalar(c, in->rd, long_result ? 2 * esize : esize, (uint64_t)reduce(c, in, op, u));
    return EXEC_OK;
}

int exec_ADDV(CPU *c, const Insn *in) { return across(c, in, ACROSS_ADD, false, false); }
int exec_SADDLV(CPU *c, const Insn *in) { return across(c, in, ACROSS_ADD, false, true); }
int exec_UADDLV(CPU *c, const Insn *in) { return across(c, in, ACROSS_ADD, true, true); }
int exec_SMAXV(CPU *c, const Insn *in) { return across(c, in, ACROSS_MAX, false, false); }
int exec_UMAXV(CPU *c, const Insn *in) { return across(c, in, ACROSS_MAX, true, false); }
int exec_SMINV(CPU *c, const Insn *in) { return across(c, in, ACROSS_MIN, false, false); }
int exec_UMINV(CPU *c, const Insn *in) { return across(c, in, ACROSS_MIN, true, false); }
