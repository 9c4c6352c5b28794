/* SPDX-License-Identifier: MIT */
/* Tiny runtime for the bare-metal test programs: PL011 output, printf, semihosting exit,
 * exception-level set-up, lower-EL calls and exception hooks. */
#ifndef RT_H
#define RT_H

#include <stdint.h>
#include <stddef.h>
#include "rt_asm.h"

#define UART_BASE 0x09000000UL

/* Output on the PL011 (polls FR.TXFF). */
void rt_putc(char c);
void rt_puts(const char *s);
/* printf subset: %s %c %d %u %x with optional 0-padding width and l/ll; %p is %016lx. */
void rt_printf(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

/* Semihosting SYS_EXIT (ADP_Stopped_ApplicationExit) with `code`. Not from EL0. */
__attribute__((noreturn)) void rt_exit(int code);

/* The saved state of an exception, as laid out by the vectors in start.S. */
struct rt_frame {
    uint64_t x[31];
    uint64_t elr, spsr, esr, far;
    uint64_t pad;
};
_Static_assert(sizeof(struct rt_frame) == RT_FRAME_SIZE, "frame layout");

/* Vector index: 0-3 current EL with SP_EL0, 4-7 current EL with SP_ELx, 8-11 lower EL
 * AArch64, 12-15 lower EL AArch32; within each group sync, IRQ, FIQ, SError. */
enum { RT_VEC_CUR_SP0 = 0, RT_VEC_CUR_SPX = 4, RT_VEC_LOWER64 = 8, RT_VEC_LOWER32 = 12 };

/* Called for every exception that is not a lower-EL return. Return 0 to ERET with the frame
 * (possibly edited). Without a hook, an exception prints its syndrome and exits with 1. */
typedef int (*rt_exc_hook_fn)(struct rt_frame *f, int el, int vec);
extern rt_exc_hook_fn rt_exc_hook;

/* SPSR values for rt_call_lower: target EL, SP_ELx (h) or SP_EL0 (EL0t), DAIF masked. */
#define RT_SPSR_EL0T 0x3c0UL
#define RT_SPSR_EL1H 0x3c5UL
#define RT_SPSR_EL2H 0x3c9UL
/* Run fn(arg) at a lower EL (see start.S) and return its result. */
uint64_t rt_call_lower(uint64_t (*fn)(uint64_t), uint64_t arg, uint64_t spsr);

/* From EL3: Non-secure EL2 and EL1 in AArch64, HVC enabled, SMC enabled, SCTLRs with the
 * MMU and caches off and all RES1 bits, vectors and stacks for every EL, HCR_EL2 = RW. */
void rt_setup_els(void);

static inline unsigned rt_current_el(void)
{
    uint64_t v;
    __asm__ volatile("mrs %0, CurrentEL" : "=r"(v));
    return (unsigned)(v >> 2) & 3;
}

#define RT_READ_SYSREG(name) ({ uint64_t _v; __asm__ volatile("mrs %0, " #name : "=r"(_v)); _v; })
#define RT_WRITE_SYSREG(name, v) __asm__ volatile("msr " #name ", %0\n\tisb" :: "r"((uint64_t)(v)) : "memory")

/* ESR fields. */
#define ESR_EC(esr) ((unsigned)((esr) >> 26) & 0x3f)
#define ESR_ISS(esr) ((unsigned)(esr) & 0x1ffffff)

/* Freestanding C needs these (GCC may emit calls to them). */
void *memset(void *d, int c, size_t n);
void *memcpy(void *d, const void *s, size_t n);
void *memmove(void *d, const void *s, size_t n);
int memcmp(const void *a, const void *b, size_t n);

#endif
