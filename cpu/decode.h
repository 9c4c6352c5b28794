/* SPDX-License-Identifier: MIT */
/* The decoder generated from cpu/a64.inc, and the per-page cache of decoded instructions. */
#ifndef TETRARCH_DECODE_H
#define TETRARCH_DECODE_H

#include "cpu/cpu.h"

/* Timing classes: the cycles an instruction of the class adds when it retires. A simple
 * in-order model; see docs/architecture.md. */
enum TimingClass { T_ALU, T_BRANCH, T_MUL, T_DIV, T_LOAD, T_STORE, T_ATOMIC, T_BARRIER, T_SYS, T_COUNT };
extern const uint8_t timing_cycles[T_COUNT];

/* Row ids, one per INSN() row, plus ROW_UNDEFINED for encodings no row matches. */
enum InsnRowId {
#define INSN(name, heading, pattern, prep, timing) ROW_##name,
#include "cpu/a64.inc"
#undef INSN
    ROW_COUNT,
    ROW_UNDEFINED = ROW_COUNT
};

typedef bool (*PrepFn)(Insn *in);

/* prep functions that live with their exec functions (they may also replace in->exec with
 * a variant specialised on fields known at decode time). */
bool prep_ldst_fast(Insn *in);

/* cpu/ldst_simd.c */
bool prep_simd_imm9(Insn *in);
bool prep_simd_uimm12(Insn *in);
bool prep_simd_reg(Insn *in);
bool prep_simd_lit(Insn *in);
bool prep_simd_pair(Insn *in);
bool prep_simd_mult(Insn *in);
bool prep_simd_single(Insn *in);

/* cpu/fp_dp.c, cpu/fp_cvt.c */
bool prep_fp_type(Insn *in);          /* ftype 10 is reserved */
bool prep_fmov_scalar_imm(Insn *in);  /* Insn.imm = VFPExpandImm(imm8) */
bool prep_fcvt(Insn *in);             /* source and destination types valid and different */
bool prep_fp_fixed(Insn *in);         /* also: scale < 32 with sf = 0 is reserved */
bool prep_fmov_gen(Insn *in);         /* the FMOV (general) size combinations */

/* cpu/simd_*.c (integer and permute) */
bool prep_simd_no_d(Insn *in);
bool prep_simd_q_d(Insn *in);
bool prep_simd_hs(Insn *in);
bool prep_simd_d(Insn *in);
bool prep_simd_b(Insn *in);
bool prep_simd_s(Insn *in);
bool prep_simd_rev(Insn *in);
bool prep_simd_pmull(Insn *in);
bool prep_simd_across(Insn *in);
bool prep_simd_dup(Insn *in);
bool prep_simd_dup_scalar(Insn *in);
bool prep_simd_smov(Insn *in);
bool prep_simd_umov(Insn *in);
bool prep_simd_ins(Insn *in);
bool prep_simd_mod_imm(Insn *in);
bool prep_simd_shr_vec(Insn *in);
bool prep_simd_shl_vec(Insn *in);
bool prep_simd_shrn_vec(Insn *in);
bool prep_simd_shll_vec(Insn *in);
bool prep_simd_shr_d(Insn *in);
bool prep_simd_shl_d(Insn *in);
bool prep_simd_shl_scalar(Insn *in);
bool prep_simd_shrn_scalar(Insn *in);
bool prep_simd_elem(Insn *in);
bool prep_simd_elem_dot(Insn *in);
bool prep_simd_ext(Insn *in);

/* cpu/simd_fp.c */
bool prep_simd_fp_vec(Insn *in);
bool prep_simd_fp_fcvtxn(Insn *in);
bool prep_simd_fp_across(Insn *in);
bool prep_simd_fp_fmov(Insn *in);
bool prep_simd_fp_elem(Insn *in);
bool prep_simd_fp_fixed(Insn *in);

/* cpu/crypto.c */

typedef struct {
    const char *name;     /* e.g. "ADD_imm" */
    const char *heading;  /* the Arm ARM heading, e.g. "ADD (immediate)" */
    const char *pattern;  /* 32 characters, bit 31 first */
    ExecFn exec;
    PrepFn prep;
    uint8_t timing;
    uint32_t mask, match; /* computed by decode_init() */
} InsnRow;

extern InsnRow a64_rows[ROW_COUNT];

/* Build mask/match pairs and the lookup order. Idempotent. */
void decode_init(void);
/* The row that decodes `raw` (most specific match), or ROW_UNDEFINED. */
int decode_row(uint32_t raw);
/* Decode `raw` into `out`, ready to execute. Never fails: unallocated or reserved encodings
 * get the UNDEFINED exec function. */
void decode_insn(uint32_t raw, Insn *out);
/* Name of a row for traces ("UNDEFINED" for ROW_UNDEFINED). */
const char *insn_row_name(int row);

/* Exec functions, one per row (cpu/dp_imm.c, dp_reg.c, branch_sys.c, ldst.c, fp.c). */
#define INSN(name, heading, pattern, prep, timing) int exec_##name(CPU *c, const Insn *in);
#include "cpu/a64.inc"
#undef INSN
int exec_UNDEFINED(CPU *c, const Insn *in);

/* ---- Decoded-instruction cache: one page of 1024 slots per 4 KiB of physical memory. ---- */
#define PAGE_INSNS 1024
typedef struct DecodedPage {
    Insn insn[PAGE_INSNS];
    uint64_t pa;          /* physical address of the page */
    /* --strict-icache: per slot, stale/dirty state and the exec function a stale slot runs. */
    uint8_t icache[PAGE_INSNS];
    ExecFn saved_exec[PAGE_INSNS];
} DecodedPage;

/* The exec function of a slot not decoded yet (cpu/cpu.c). */
int exec_decode(CPU *c, const Insn *in);

/* A fresh page: every slot decodes itself on first execution. NULL when the host is out of
 * memory. */
DecodedPage *decoded_page_new(uint64_t pa);
/* Return slots [first, first+count) to the decode-on-execute state. */
void decoded_page_invalidate(DecodedPage *p, unsigned first, unsigned count);

/* ---- Immediate decoding shared by exec functions and tests ---- */
/* DecodeBitMasks (Arm ARM shared pseudocode): false when the encoding is reserved. */
bool decode_bit_masks(unsigned n, unsigned imms, unsigned immr, bool immediate, unsigned datasize,
                      uint64_t *wmask, uint64_t *tmask);

#endif
