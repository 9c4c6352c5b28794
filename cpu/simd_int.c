/* SPDX-License-Identifier: MIT */
/* Reserved-size checks shared by the Advanced SIMD integer classes (cpu/simd_*.c): the
 * "if size == '11' then UNDEFINED" lines of their decode pseudocode, as prep functions. */
#include "cpu/simd_int.h"

/* 8-, 16- and 32-bit elements only (size = 11 reserved). */
bool prep_simd_no_d(Insn *in) { return f_size(in) != 3; }
/* Any element size, but 64-bit elements only in a 128-bit vector (size:Q = 110 reserved). */
bool prep_simd_q_d(Insn *in) { return !(f_size(in) == 3 && !f_q(in)); }
/* 16- and 32-bit elements only (the doubling multiplies, RDM). */
bool prep_simd_hs(Insn *in) { return f_size(in) == 1 || f_size(in) == 2; }
/* Scalar forms with 64-bit elements only. */
bool prep_simd_d(Insn *in) { return f_size(in) == 3; }
/* 8-bit elements only (PMUL, CNT). */
bool prep_simd_b(Insn *in) { return f_size(in) == 0; }
/* 32-bit elements only (SDOT/UDOT, URECPE/URSQRTE). */
bool prep_simd_s(Insn *in) { return f_size(in) == 2; }
/* REV16/REV32/REV64: UInt(o0:U) + UInt(size) >= 3 is reserved; op 0 is REV64, 1 REV32, 2 REV16. */
bool prep_simd_rev(Insn *in)
{
    unsigned op = (bit(in->raw, 12) << 1) | f_u(in);
    return op + f_size(in) < 3;
}
/* PMULL: 8-bit elements (8B to 8H) or 64-bit (1D to 1Q, FEAT_PMULL). */
bool prep_simd_pmull(Insn *in) { return f_size(in) == 0 || f_size(in) == 3; }
/* Across lanes: size = 11 and 4-lane operations on 2 lanes (size:Q = 100) are reserved. */
bool prep_simd_across(Insn *in) { return f_size(in) != 3 && !(f_size(in) == 2 && !f_q(in)); }
