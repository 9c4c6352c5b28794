/* SPDX-License-Identifier: MIT */
/* Accessors for the SIMD&FP registers (the Arm ARM's V[], Vpart[] and Elem[]), and the access
 * check every FP/SIMD exec function starts with. Shared by cpu/fp_*.c, cpu/simd_*.c,
 * cpu/crypto.c and cpu/ldst_simd.c. */
#ifndef TETRARCH_SIMD_H
#define TETRARCH_SIMD_H

#include <string.h>

#include "cpu/cpu.h"
#include "cpu/fpu.h"
#include "cpu/sysreg.h"

/* CheckFPAdvSIMDEnabled64: the CPACR_EL1/CPTR_EL2/CPTR_EL3 trap, else go on. */
#define FP_CHECK(c)                                  \
    do {                                             \
        if (unlikely(fp_check_access(c)))            \
            return EXEC_EXC;                         \
    } while (0)

/* Elem[V[n], i, esize] for esize 8, 16, 32 or 64 bits. */
static inline uint64_t velem(const CPU *c, unsigned n, unsigned i, unsigned esize)
{
    switch (esize) {
    case 8: return c->v[n].b[i];
    case 16: return c->v[n].h[i];
    case 32: return c->v[n].s[i];
    default: return c->v[n].d[i];
    }
}
static inline void set_velem(CPU *c, unsigned d, unsigned i, unsigned esize, uint64_t val)
{
    switch (esize) {
    case 8: c->v[d].b[i] = (uint8_t)val; break;
    case 16: c->v[d].h[i] = (uint16_t)val; break;
    case 32: c->v[d].s[i] = (uint32_t)val; break;
    default: c->v[d].d[i] = val; break;
    }
}
/* Signed element. */
static inline int64_t velem_s(const CPU *c, unsigned n, unsigned i, unsigned esize)
{
    return sext(velem(c, n, i, esize), esize);
}

/* V[d] = value of `esize` bits with the rest of the register zeroed (a scalar write). */
static inline void set_vscalar(CPU *c, unsigned d, unsigned esize, uint64_t val)
{
    c->v[d].d[0] = esize == 64 ? val : val & ((1ULL << esize) - 1);
    c->v[d].d[1] = 0;
}
/* V[d] = a whole register; datasize 64 zeroes the upper half (Q = 0 forms). */
static inline void set_vreg(CPU *c, unsigned d, const VReg *val, unsigned datasize)
{
    c->v[d] = *val;
    if (datasize == 64)
        c->v[d].d[1] = 0;
}

/* FPCR as a 32-bit value, and FPSR's cumulative flags. */
static inline uint32_t fpcr(const CPU *c) { return (uint32_t)c->sr[SR_FPCR]; }
static inline void fpsr_or(CPU *c, uint32_t flags) { c->sr[SR_FPSR] |= flags; }

#endif
