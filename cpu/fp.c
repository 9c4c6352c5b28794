/* SPDX-License-Identifier: MIT */
/* The FP and Advanced SIMD encodings that no row of the table decodes: unallocated encodings and
 * the features a Cortex-A55 lacks (FEAT_FCMA, FEAT_FHM, FEAT_FRINTTS, FEAT_BF16, SHA512, SHA3,
 * SM3, SM4, ...). They are UNDEFINED whatever CPACR/CPTR say: an unallocated encoding is not an
 * FP instruction, so the access trap does not apply to it. */
#include "cpu/decode.h"
#include "cpu/exception.h"
#include "sim/machine.h"

int exec_FP_SIMD(CPU *c, const Insn *in)
{
    machine_warn(c->m, "FP/SIMD encoding 0x%08x at pc 0x%llx is unallocated or not implemented (UNDEFINED)",
                 in->raw, (unsigned long long)insn_pc(c));
    return undefined(c);
}
