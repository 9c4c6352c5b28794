/* SPDX-License-Identifier: MIT */
/* Operand helpers shared by the scalar floating-point classes (cpu/fp_dp.c, cpu/fp_cvt.c). */
#ifndef TETRARCH_FP_SCALAR_H
#define TETRARCH_FP_SCALAR_H

#include "cpu/simd.h"

/* The size in bits of an ftype/ptype value (bits 23:22): 00 single, 01 double, 11 half
 * (FEAT_FP16, which a Cortex-A55 has). 10 gives 0: the prep functions reject it, so no
 * exec function sees it, except FMOV (general) where it names the top half of V (its own
 * decode). */
static inline unsigned fp_type_esize(unsigned type)
{
    static const uint8_t esize[4] = {32, 64, 0, 16};
    return esize[type & 3];
}

/* The operand size of a scalar FP encoding, from its ftype field. */
static inline unsigned fp_esize(const Insn *in) { return fp_type_esize(bits(in->raw, 23, 22)); }

/* V[n] read at esize bits (the low element; the rest of the register is ignored). */
static inline uint64_t vscalar(const CPU *c, unsigned n, unsigned esize) { return velem(c, n, 0, esize); }

#endif
