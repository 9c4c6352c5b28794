/* SPDX-License-Identifier: MIT */
/* Builds the decoder from the encoding table (cpu/a64.inc): mask/match pairs from the pattern
 * strings, ordered most specific first and bucketed on op0 (bits 28:25); predecode helpers. */
#include "cpu/decode.h"

#include <stdio.h>
#include <stdlib.h>

#include "cpu/exception.h"

const uint8_t timing_cycles[T_COUNT] = {
    [T_ALU] = 1, [T_BRANCH] = 1, [T_MUL] = 3, [T_DIV] = 12, [T_LOAD] = 2,
    [T_STORE] = 1, [T_ATOMIC] = 4, [T_BARRIER] = 2, [T_SYS] = 1,
};

/* ---- prep functions: predecode Insn.imm and reject reserved encodings ---- */
static bool prep_adr(Insn *in) { in->imm = (uint64_t)sext((bits(in->raw, 23, 5) << 2) | bits(in->raw, 30, 29), 21); return true; }
static bool prep_adrp(Insn *in) { prep_adr(in); in->imm <<= 12; return true; }
static bool prep_addsub_imm(Insn *in) { in->imm = (uint64_t)bits(in->raw, 21, 10) << (bit(in->raw, 22) ? 12 : 0); return true; }
static bool prep_bitmask(Insn *in)
{
    bool sf = bit(in->raw, 31);
    uint64_t wmask, tmask;
    if (!sf && bit(in->raw, 22))
        return false;
    if (!decode_bit_masks(bit(in->raw, 22), bits(in->raw, 15, 10), bits(in->raw, 21, 16), true, sf ? 64 : 32, &wmask, &tmask))
        return false;
    in->imm = wmask;
    return true;
}
static bool prep_movwide(Insn *in)
{
    unsigned hw = bits(in->raw, 22, 21);
    if (!bit(in->raw, 31) && hw >= 2)
        return false;
    in->imm = (uint64_t)bits(in->raw, 20, 5) << (16 * hw);
    return true;
}
static bool prep_bitfield(Insn *in)
{
    bool sf = bit(in->raw, 31);
    if (bit(in->raw, 22) != sf)
        return false;
    if (!sf && (bit(in->raw, 21) || bit(in->raw, 15)))  /* immr or imms >= 32 */
        return false;
    return true;
}
static bool prep_extr(Insn *in)
{
    bool sf = bit(in->raw, 31);
    if (bit(in->raw, 22) != sf)
        return false;
    return sf || !bit(in->raw, 15);
}
static bool prep_imm19(Insn *in) { in->imm = (uint64_t)sext(bits(in->raw, 23, 5), 19) * 4; return true; }
static bool prep_imm26(Insn *in) { in->imm = (uint64_t)sext(bits(in->raw, 25, 0), 26) * 4; return true; }
static bool prep_imm14(Insn *in) { in->imm = (uint64_t)sext(bits(in->raw, 18, 5), 14) * 4; return true; }
/* Pairs: imm7 scaled by the element size (4 bytes for opc 00 and LDPSW, 8 for opc 10). */
static bool prep_pair(Insn *in) { in->imm = (uint64_t)(sext(bits(in->raw, 21, 15), 7) * (bit(in->raw, 31) ? 8 : 4)); return true; }
static bool prep_imm9(Insn *in) { in->imm = (uint64_t)sext(bits(in->raw, 20, 12), 9); return true; }
static bool prep_uimm12(Insn *in) { in->imm = (uint64_t)bits(in->raw, 21, 10) << bits(in->raw, 31, 30); return true; }
static bool prep_crc32(Insn *in) { return bit(in->raw, 31) == (bits(in->raw, 11, 10) == 3); }
static bool prep_shift_imm6(Insn *in) { return bit(in->raw, 31) || !bit(in->raw, 15); }
static bool prep_shift_imm6_arith(Insn *in) { return bits(in->raw, 23, 22) != 3 && prep_shift_imm6(in); }
static bool prep_extend(Insn *in) { return bits(in->raw, 12, 10) <= 4; }

InsnRow a64_rows[ROW_COUNT] = {
#define INSN(name, heading, pattern, prep, timing) {#name, heading, pattern, exec_##name, prep, timing, 0, 0},
#include "cpu/a64.inc"
#undef INSN
};

/* Rows in lookup order, per op0 bucket (bits 28:25). */
static uint16_t bucket_rows[16][ROW_COUNT];
static unsigned bucket_len[16];
static bool decode_ready;

static int by_specificity(const void *a, const void *b)
{
    int ra = *(const uint16_t *)a, rb = *(const uint16_t *)b;
    int pa = __builtin_popcount(a64_rows[ra].mask), pb = __builtin_popcount(a64_rows[rb].mask);
    return pa != pb ? pb - pa : ra - rb;
}

void decode_init(void)
{
    if (decode_ready)
        return;
    for (unsigned r = 0; r < ROW_COUNT; r++) {
        uint32_t mask = 0, match = 0;
        for (unsigned i = 0; i < 32; i++) {
            char ch = a64_rows[r].pattern[i];
            unsigned b = 31 - i;
            if (ch == '0' || ch == '1') {
                mask |= 1u << b;
                match |= (uint32_t)(ch - '0') << b;
            }
        }
        a64_rows[r].mask = mask;
        a64_rows[r].match = match;
    }
    for (unsigned op0 = 0; op0 < 16; op0++) {
        uint32_t probe = op0 << 25, pmask = 0xFu << 25;
        for (unsigned r = 0; r < ROW_COUNT; r++)
            if (((probe ^ a64_rows[r].match) & a64_rows[r].mask & pmask) == 0)
                bucket_rows[op0][bucket_len[op0]++] = (uint16_t)r;
        qsort(bucket_rows[op0], bucket_len[op0], sizeof(uint16_t), by_specificity);
    }
    decode_ready = true;
}

int decode_row(uint32_t raw)
{
    unsigned op0 = bits(raw, 28, 25);
    for (unsigned i = 0; i < bucket_len[op0]; i++) {
        const InsnRow *r = &a64_rows[bucket_rows[op0][i]];
        if ((raw & r->mask) == r->match)
            return bucket_rows[op0][i];
    }
    return ROW_UNDEFINED;
}

void decode_insn(uint32_t raw, Insn *out)
{
    int row = decode_row(raw);
    out->raw = raw;
    out->rd = raw & 31;
    out->rn = (raw >> 5) & 31;
    out->rm = (raw >> 16) & 31;
    out->ra = (raw >> 10) & 31;
    out->imm = 0;
    out->pad = 0;
    /* exec and row are set before prep, which may replace exec with a specialised function. */
    if (row != ROW_UNDEFINED) {
        out->exec = a64_rows[row].exec;
        out->row = (uint16_t)row;
        if (a64_rows[row].prep && !a64_rows[row].prep(out))
            row = ROW_UNDEFINED;
    }
    out->row = (uint16_t)row;
    if (row == ROW_UNDEFINED) {
        out->exec = exec_UNDEFINED;
        out->cycles = timing_cycles[T_ALU];
    } else {
        out->cycles = timing_cycles[a64_rows[row].timing];
    }
}

const char *insn_row_name(int row)
{
    return row >= 0 && row < ROW_COUNT ? a64_rows[row].name : "UNDEFINED";
}

int exec_UNDEFINED(CPU *c, const Insn *in)
{
    bool in_loop = c->undef_valid && insn_pc(c) == c->last_vector;
    int r = undefined(c);
    if (!in_loop) {
        c->undef_word = in->raw;   /* whatever page `in` came from */
        c->undef_word_valid = true;
    }
    return r;
}

bool decode_bit_masks(unsigned n, unsigned imms, unsigned immr, bool immediate, unsigned datasize,
                      uint64_t *wmask, uint64_t *tmask)
{
    /* len = HighestSetBit(N:NOT(imms)) */
    unsigned combined = (n << 6) | (~imms & 0x3f);
    if (combined == 0)
        return false;
    int len = 31 - __builtin_clz(combined);
    if (len < 1)
        return false;
    unsigned esize = 1u << len;
    if (esize > datasize)
        return false;
    unsigned levels = esize - 1;
    if (immediate && (imms & levels) == levels)
        return false;
    unsigned s = imms & levels, r = immr & levels;
    unsigned d = (s - r) & levels;
    uint64_t emask = esize == 64 ? ~0ULL : (1ULL << esize) - 1;
    uint64_t welem = s + 1 == 64 ? ~0ULL : (1ULL << (s + 1)) - 1;
    uint64_t telem = d + 1 == 64 ? ~0ULL : (1ULL << (d + 1)) - 1;
    /* ROR(welem, r) within esize */
    if (r)
        welem = ((welem >> r) | (welem << (esize - r))) & emask;
    uint64_t w = 0, t = 0;
    for (unsigned i = 0; i < datasize; i += esize) {
        w |= welem << i;
        t |= telem << i;
    }
    *wmask = w;
    *tmask = t;
    return true;
}

/* ---- decoded pages ---- */
/* A slot that has not been decoded yet holds exec_decode; executing it decodes the word in
 * place and runs it. Invalidation replaces only the exec pointer, so an instruction that
 * overwrites its own slot (a store onto itself) still reads its own fields to the end. */
DecodedPage *decoded_page_new(uint64_t pa)
{
    DecodedPage *p = calloc(1, sizeof(*p));
    if (!p)
        return NULL; /* the caller halts the core with a host error */
    p->pa = pa;
    for (unsigned i = 0; i < PAGE_INSNS; i++)
        p->insn[i] = (Insn){.exec = exec_decode, .row = ROW_UNDEFINED, .cycles = timing_cycles[T_ALU]};
    return p;
}

void decoded_page_invalidate(DecodedPage *p, unsigned first, unsigned count)
{
    for (unsigned i = first; i < first + count && i < PAGE_INSNS; i++) {
        p->insn[i].exec = exec_decode;
        p->icache[i] = 0;
    }
}
