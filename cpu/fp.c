/* SPDX-License-Identifier: MIT */
/* FP and Advanced SIMD: until the FP/SIMD issue, the whole encoding space takes the
 * CPACR/CPTR access trap where it applies, and is otherwise UNDEFINED. */
#include "cpu/decode.h"
#include "cpu/exception.h"
#include "cpu/sysreg.h"
#include "sim/machine.h"

int exec_FP_SIMD(CPU *c, const Insn *in)
{
    if (fp_check_access(c))
        return EXEC_EXC;
    machine_warn(c->m, "FP/SIMD instruction 0x%08x at pc 0x%llx is not implemented yet", in->raw,
                 (unsigned long long)insn_pc(c));
    return undefined(c);
}
