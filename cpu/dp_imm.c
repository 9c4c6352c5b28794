/* SPDX-License-Identifier: MIT */
/* Data processing -- immediate (A64 encoding index): PC-relative addressing, add/subtract,
 * logical and move-wide immediates, bitfield moves and extract. */
#include "cpu/alu.h"
#include "cpu/decode.h"

/* ---- PC-rel. addressing: in->imm is the signed byte offset (ADRP: already << 12). ---- */

int exec_ADR(CPU *c, const Insn *in)
{
    set_X(c, in->rd, insn_pc(c) + in->imm);
    return EXEC_OK;
}

int exec_ADRP(CPU *c, const Insn *in)
{
    /* The base is the 4 KiB page of the instruction itself. */
    set_X(c, in->rd, (insn_pc(c) & ~0xfffULL) + in->imm);
    return EXEC_OK;
}

/* ---- Add/subtract (immediate): in->imm is imm12, already shifted by sh.
 * Rn is SP; Rd is SP except for the flag-setting forms, where it is XZR (CMP, CMN). ---- */

int exec_ADD_imm(CPU *c, const Insn *in)
{
    set_X_SP(c, in->rd, trunc_sf(X_SP(c, in->rn) + in->imm, insn_sf(in)));
    return EXEC_OK;
}

int exec_SUB_imm(CPU *c, const Insn *in)
{
    set_X_SP(c, in->rd, trunc_sf(X_SP(c, in->rn) - in->imm, insn_sf(in)));
    return EXEC_OK;
}

int exec_ADDS_imm(CPU *c, const Insn *in)
{
    bool sf = insn_sf(in);
    set_X(c, in->rd, add_with_carry(X_SP(c, in->rn), in->imm, 0, sf, &c->ps.nzcv));
    return EXEC_OK;
}

int exec_SUBS_imm(CPU *c, const Insn *in)
{
    bool sf = insn_sf(in);
    set_X(c, in->rd, sub_with_flags(X_SP(c, in->rn), in->imm, sf, &c->ps.nzcv));
    return EXEC_OK;
}

/* ---- Logical (immediate): in->imm is DecodeBitMasks' wmask, cut to the datasize by
 * prep_bitmask. Rn is XZR; Rd is SP except for ANDS (TST). ---- */

int exec_AND_imm(CPU *c, const Insn *in)
{
    /* The mask has no bits above the datasize, so the result is already cut. */
    set_X_SP(c, in->rd, X(c, in->rn) & in->imm);
    return EXEC_OK;
}

int exec_ORR_imm(CPU *c, const Insn *in)
{
    set_X_SP(c, in->rd, R(c, in->rn, insn_sf(in)) | in->imm);
    return EXEC_OK;
}

int exec_EOR_imm(CPU *c, const Insn *in)
{
    set_X_SP(c, in->rd, R(c, in->rn, insn_sf(in)) ^ in->imm);
    return EXEC_OK;
}

int exec_ANDS_imm(CPU *c, const Insn *in)
{
    uint64_t result = X(c, in->rn) & in->imm;
    c->ps.nzcv = logic_nzcv(result, insn_sf(in));
    set_X(c, in->rd, result);
    return EXEC_OK;
}

/* ---- Move wide (immediate): in->imm is imm16 << (hw * 16). ---- */

int exec_MOVN(CPU *c, const Insn *in)
{
    set_R(c, in->rd, ~in->imm, insn_sf(in));
    return EXEC_OK;
}

int exec_MOVZ(CPU *c, const Insn *in)
{
    set_X(c, in->rd, in->imm);
    return EXEC_OK;
}

int exec_MOVK(CPU *c, const Insn *in)
{
    /* Keep every bit of Rd but the 16 at hw*16; the 32-bit form zeroes the top half. */
    uint64_t keep = ~(0xffffULL << (16 * bits(in->raw, 22, 21)));
    set_R(c, in->rd, (X(c, in->rd) & keep) | in->imm, insn_sf(in));
    return EXEC_OK;
}

/* ---- Bitfield. prep_bitfield guarantees N == sf and immr, imms < datasize, so the element
 * size of DecodeBitMasks(immediate=FALSE) is the datasize and the masks have a closed form:
 *   wmask = ROR(Ones(imms+1), immr)        tmask = Ones(((imms - immr) MOD datasize) + 1)
 * and the pseudocode is
 *   bot = (dst AND NOT(wmask)) OR (ROR(src, immr) AND wmask)
 *   top = extend ? Replicate(src<imms>) : dst
 *   Rd  = (top AND NOT(tmask)) OR (bot AND tmask)
 * with dst = Rd for BFM and 0 for SBFM/UBFM. ---- */

typedef struct {
    uint64_t wmask, tmask;
    uint64_t rotated;   /* ROR(src, immr) */
    unsigned imms;
} BitfieldOperands;

static inline BitfieldOperands bitfield_operands(const CPU *c, const Insn *in, bool sf)
{
    unsigned immr = bits(in->raw, 21, 16), imms = bits(in->raw, 15, 10);
    unsigned dmask = sf ? 63 : 31;
    uint64_t welem = ~0ULL >> (63 - imms);   /* Ones(imms + 1) */
    return (BitfieldOperands){
        .wmask = ror_sf(welem, immr, sf),
        .tmask = ~0ULL >> (63 - ((imms - immr) & dmask)),
        .rotated = ror_sf(R(c, in->rn, sf), immr, sf),
        .imms = imms,
    };
}

int exec_SBFM(CPU *c, const Insn *in)
{
    bool sf = insn_sf(in);
    BitfieldOperands b = bitfield_operands(c, in, sf);
    uint64_t top = -(uint64_t)((X(c, in->rn) >> b.imms) & 1);   /* Replicate(src<imms>) */
    uint64_t bot = b.rotated & b.wmask;
    set_R(c, in->rd, (top & ~b.tmask) | (bot & b.tmask), sf);
    return EXEC_OK;
}

int exec_BFM(CPU *c, const Insn *in)
{
    bool sf = insn_sf(in);
    BitfieldOperands b = bitfield_operands(c, in, sf);
    uint64_t dst = X(c, in->rd);
    uint64_t bot = (dst & ~b.wmask) | (b.rotated & b.wmask);
    set_R(c, in->rd, (dst & ~b.tmask) | (bot & b.tmask), sf);
    return EXEC_OK;
}

int exec_UBFM(CPU *c, const Insn *in)
{
    bool sf = insn_sf(in);
    BitfieldOperands b = bitfield_operands(c, in, sf);
    /* wmask and rotated are within the datasize, so the result is already cut. */
    set_X(c, in->rd, b.rotated & b.wmask & b.tmask);
    return EXEC_OK;
}

/* ---- Extract: Rd = (Rn:Rm)<lsb+datasize-1:lsb>, lsb = imms < datasize (prep_extr). ---- */

int exec_EXTR(CPU *c, const Insn *in)
{
    unsigned lsb = bits(in->raw, 15, 10);
    uint64_t result;
    if (insn_sf(in)) {
        uint64_t lo = X(c, in->rm), hi = X(c, in->rn);
        result = lsb ? (lo >> lsb) | (hi << (64 - lsb)) : lo;
    } else {
        uint64_t concat = ((uint64_t)W(c, in->rn) << 32) | W(c, in->rm);
        result = (uint32_t)(concat >> lsb);
    }
    set_X(c, in->rd, result);
    return EXEC_OK;
}
