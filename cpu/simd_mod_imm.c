/* SPDX-License-Identifier: MIT */
/* Advanced SIMD modified immediate, integer forms: MOVI, MVNI, ORR (vector, immediate) and
 * BIC (vector, immediate). The FMOV forms (cmode = 1111) belong to cpu/simd_fp.c.
 *
 * The table has one row per cmode value (MOVI_32_lsl8 is cmode 0010): with cmode fixed, each
 * row's words lie inside a shift-by-immediate row (where they are its immh = 0000 values), a
 * nesting the table allows; rows spanning several cmode values would overlap those rows
 * partially. */
#include "cpu/simd_int.h"

/* AdvSIMDExpandImm(op, cmode, imm8): the 64-bit pattern, repeated in both halves. */
static uint64_t expand_imm(unsigned op, unsigned cmode, uint64_t imm8)
{
    switch (cmode >> 1) {
    case 0: return imm8 * 0x0000000100000001ULL;
    case 1: return (imm8 << 8) * 0x0000000100000001ULL;
    case 2: return (imm8 << 16) * 0x0000000100000001ULL;
    case 3: return (imm8 << 24) * 0x0000000100000001ULL;
    case 4: return imm8 * 0x0001000100010001ULL;
    case 5: return (imm8 << 8) * 0x0001000100010001ULL;
    case 6: /* shifting ones (MSL) */
        return (cmode & 1 ? (imm8 << 16) | 0xFFFF : (imm8 << 8) | 0xFF) * 0x0000000100000001ULL;
    default:
        if (op == 0)
            return imm8 * 0x0101010101010101ULL;
        uint64_t r = 0; /* MOVI (64-bit): each bit of imm8 becomes a byte */
        for (unsigned i = 0; i < 8; i++)
            if ((imm8 >> i) & 1)
                r |= 0xFFULL << (8 * i);
        return r;
    }
}

/* Insn.imm = the operand: the expanded immediate, inverted for MVNI and BIC. */
bool prep_simd_mod_imm(Insn *in)
{
    unsigned op = bit(in->raw, 29), cmode = bits(in->raw, 15, 12);
    uint64_t imm8 = (bits(in->raw, 18, 16) << 5) | bits(in->raw, 9, 5);
    uint64_t imm = expand_imm(op, cmode, imm8);
    in->imm = op && cmode != 0xE ? ~imm : imm;
    return true;
}

typedef enum { IMM_MOVE, IMM_ORR, IMM_AND } ImmOp;
static int mod_imm(CPU *c, const Insn *in, ImmOp op)
{
    FP_CHECK(c);
    VReg r;
    for (unsigned h = 0; h < 2; h++) {
        uint64_t d = c->v[in->rd].d[h];
        r.d[h] = op == IMM_MOVE ? in->imm : op == IMM_ORR ? d | in->imm : d & in->imm;
    }
    set_vreg(c, in->rd, &r, f_datasize(in));
    return EXEC_OK;
}

int exec_MOVI_32_lsl0(CPU *c, const Insn *in) { return mod_imm(c, in, IMM_MOVE); }
int exec_MOVI_32_lsl8(CPU *c, const Insn *in) { return mod_imm(c, in, IMM_MOVE); }
int exec_MOVI_32_lsl16(CPU *c, const Insn *in) { return mod_imm(c, in, IMM_MOVE); }
int exec_MOVI_32_lsl24(CPU *c, const Insn *in) { return mod_imm(c, in, IMM_MOVE); }
int exec_MOVI_16_lsl0(CPU *c, const Insn *in) { return mod_imm(c, in, IMM_MOVE); }
int exec_MOVI_16_lsl8(CPU *c, const Insn *in) { return mod_imm(c, in, IMM_MOVE); }
int exec_MOVI_32_msl(CPU *c, const Insn *in) { return mod_imm(c, in, IMM_MOVE); }
int exec_MOVI_8(CPU *c, const Insn *in) { return mod_imm(c, in, IMM_MOVE); }
int exec_MOVI_64(CPU *c, const Insn *in) { return mod_imm(c, in, IMM_MOVE); }
int exec_MVNI_32_lsl0(CPU *c, const Insn *in) { return mod_imm(c, in, IMM_MOVE); }
int exec_MVNI_32_lsl8(CPU *c, const Insn *in) { return mod_imm(c, in, IMM_MOVE); }
int exec_MVNI_32_lsl16(CPU *c, const Insn *in) { return mod_imm(c, in, IMM_MOVE); }
int exec_MVNI_32_lsl24(CPU *c, const Insn *in) { return mod_imm(c, in, IMM_MOVE); }
int exec_MVNI_16_lsl0(CPU *c, const Insn *in) { return mod_imm(c, in, IMM_MOVE); }
int exec_MVNI_16_lsl8(CPU *c, const Insn *in) { return mod_imm(c, in, IMM_MOVE); }
int exec_MVNI_32_msl(CPU *c, const Insn *in) { return mod_imm(c, in, IMM_MOVE); }
int exec_ORR_32_lsl0(CPU *c, const Insn *in) { return mod_imm(c, in, IMM_ORR); }
int exec_ORR_32_lsl8(CPU *c, const Insn *in) { return mod_imm(c, in, IMM_ORR); }
int exec_ORR_32_lsl16(CPU *c, const Insn *in) { return mod_imm(c, in, IMM_ORR); }
int exec_ORR_32_lsl24(CPU *c, const Insn *in) { return mod_imm(c, in, IMM_ORR); }
int exec_ORR_16_lsl0(CPU *c, const Insn *in) { return mod_imm(c, in, IMM_ORR); }
int exec_ORR_16_lsl8(CPU *c, const Insn *in) { return mod_imm(c, in, IMM_ORR); }
int exec_BIC_32_lsl0(CPU *c, const Insn *in) { return mod_imm(c, in, IMM_AND); }
int exec_BIC_32_lsl8(CPU *c, const Insn *in) { return mod_imm(c, in, IMM_AND); }
int exec_BIC_32_lsl16(CPU *c, const Insn *in) { return mod_imm(c, in, IMM_AND); }
int exec_BIC_32_lsl24(CPU *c, const Insn *in) { return mod_imm(c, in, IMM_AND); }
int exec_BIC_16_lsl0(CPU *c, const Insn *in) { return mod_imm(c, in, IMM_AND); }
int exec_BIC_16_lsl8(CPU *c, const Insn *in) { return mod_imm(c, in, IMM_AND); }
