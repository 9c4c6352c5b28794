/* SPDX-License-Identifier: MIT */
/* Scenario 18's FP/SIMD state movers: the whole SIMD&FP register file (V0-V31, FPCR, FPSR) to
 * and from memory. The rest of hv/ is built with -mgeneral-regs-only and never touches it. */
    .arch armv8-a+simd

/* struct fpstate { uint64_t v[32][2]; uint64_t fpcr, fpsr; }: 528 bytes, 16-byte aligned (with
 * the MMU off, memory is Device memory, where a Q register access must be aligned). */

/* void fpstate_save(struct fpstate *s) */
    .global fpstate_save
fpstate_save:
    stp q0, q1, [x0, #0]
    stp q2, q3, [x0, #32]
    stp q4, q5, [x0, #64]
    stp q6, q7, [x0, #96]
    stp q8, q9, [x0, #128]
    stp q10, q11, [x0, #160]
    stp q12, q13, [x0, #192]
    stp q14, q15, [x0, #224]
    stp q16, q17, [x0, #256]
    stp q18, q19, [x0, #288]
    stp q20, q21, [x0, #320]
    stp q22, q23, [x0, #352]
    stp q24, q25, [x0, #384]
    stp q26, q27, [x0, #416]
    stp q28, q29, [x0, #448]
    stp q30, q31, [x0, #480]
    mrs x1, fpcr
    mrs x2, fpsr
    add x0, x0, #512
    stp x1, x2, [x0]
    ret

/* void fpstate_load(const struct fpstate *s) */
    .global fpstate_load
fpstate_load:
    ldp q0, q1, [x0, #0]
    ldp q2, q3, [x0, #32]
    ldp q4, q5, [x0, #64]
    ldp q6, q7, [x0, #96]
    ldp q8, q9, [x0, #128]
    ldp q10, q11, [x0, #160]
    ldp q12, q13, [x0, #192]
    ldp q14, q15, [x0, #224]
    ldp q16, q17, [x0, #256]
    ldp q18, q19, [x0, #288]
    ldp q20, q21, [x0, #320]
    ldp q22, q23, [x0, #352]
    ldp q24, q25, [x0, #384]
    ldp q26, q27, [x0, #416]
    ldp q28, q29, [x0, #448]
    ldp q30, q31, [x0, #480]
    add x0, x0, #512
    ldp x1, x2, [x0]
    msr fpcr, x1
    msr fpsr, x2
    ret

/* uint64_t fp_work(void): the guest's arithmetic on its own registers, so that a lost register
 * shows in the result: d0 = d0 * d1 + d2 (fused), then the low 64 bits of v0 ^ v31. */
    .global fp_work
fp_work:
    fmadd d0, d0, d1, d2
    eor v0.16b, v0.16b, v31.16b
    fmov x0, d0
    ret
