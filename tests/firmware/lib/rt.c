/* SPDX-License-Identifier: MIT */
/* Tiny runtime for the bare-metal test programs (see rt.h). */
#include <stdarg.h>
#include "rt.h"

#define UART_DR (*(volatile uint32_t *)(UART_BASE + 0x00))
#define UART_FR (*(volatile uint32_t *)(UART_BASE + 0x18))
#define UART_FR_TXFF (1u << 5)

rt_exc_hook_fn rt_exc_hook;

void rt_putc(char c)
{
    while (UART_FR & UART_FR_TXFF)
        ;
    UART_DR = (uint32_t)(unsigned char)c;
}

void rt_puts(const char *s)
{
    while (*s)
        rt_putc(*s++);
}

static void put_num(uint64_t v, unsigned base, int width, char pad, int neg)
{
    char buf[24];
    int n = 0;
    do {
        unsigned d = (unsigned)(v % base);
        buf[n++] = (char)(d < 10 ? '0' + d : 'a' + d - 10);
        v /= base;
    } while (v);
    if (neg)
        buf[n++] = '-';
    for (int i = n; i < width; i++)
        rt_putc(pad);
    while (n)
        rt_putc(buf[--n]);
}

void rt_printf(const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    for (; *fmt; fmt++) {
        if (*fmt != '%') {
            rt_putc(*fmt);
            continue;
        }
        fmt++;
        char pad = ' ';
        int width = 0, lng = 0;
        if (*fmt == '0') {
            pad = '0';
            fmt++;
        }
        while (*fmt >= '0' && *fmt <= '9')
            width = width * 10 + (*fmt++ - '0');
        while (*fmt == 'l') {
            lng++;
            fmt++;
        }
        switch (*fmt) {
        case 's': rt_puts(va_arg(ap, const char *)); break;
        case 'c': rt_putc((char)va_arg(ap, int)); break;
        case 'd': {
            int64_t v = lng ? va_arg(ap, int64_t) : va_arg(ap, int);
            put_num(v < 0 ? -(uint64_t)v : (uint64_t)v, 10, width, pad, v < 0);
            break;
        }
        case 'u': put_num(lng ? va_arg(ap, uint64_t) : va_arg(ap, unsigned), 10, width, pad, 0); break;
        case 'x': put_num(lng ? va_arg(ap, uint64_t) : va_arg(ap, unsigned), 16, width, pad, 0); break;
        case 'p': put_num((uint64_t)va_arg(ap, void *), 16, 16, '0', 0); break;
        case '%': rt_putc('%'); break;
        default: rt_putc('?'); break;
        }
    }
    va_end(ap);
}

void rt_exit(int code)
{
    /* AArch64 semihosting SYS_EXIT takes a pointer to {reason, subcode}. */
    static volatile uint64_t block[2];
    block[0] = 0x20026; /* ADP_Stopped_ApplicationExit */
    block[1] = (uint64_t)(int64_t)code;
    register uint64_t x0 __asm__("x0") = 0x18;
    register uint64_t x1 __asm__("x1") = (uint64_t)block;
    __asm__ volatile("hlt #0xf000" : "+r"(x0) : "r"(x1) : "memory");
    for (;;)
        __asm__ volatile("wfi");
}

/* Called by the vectors in start.S. Returns 1 when a lower EL finished an rt_call_lower. */
int rt_exception(struct rt_frame *f, int el, int vec)
{
    unsigned ec = ESR_EC(f->esr);
    if (vec == RT_VEC_LOWER64 && (f->esr & 0xffff) == RT_RETURN_IMM &&
        ((el == 1 && ec == 0x15) || (el == 2 && ec == 0x16) || (el == 3 && ec == 0x17)))
        return 1;
    if (rt_exc_hook)
        return rt_exc_hook(f, el, vec);
    rt_printf("unexpected exception at EL%d vector 0x%03x: ESR=%08lx ELR=%016lx FAR=%016lx SPSR=%08lx\n",
              el, vec * 0x80, f->esr, f->elr, f->far, f->spsr);
    rt_exit(1);
}

extern char rt_vectors_el1[], rt_vectors_el2[], rt_vectors_el3[];
extern char __stack_el0_top[], __stack_el1_top[], __stack_el2_top[];

void rt_setup_els(void)
{
    /* SCR_EL3: NS, RES1 bits 5:4, HCE (HVC enabled), RW (lower ELs AArch64); SMD = 0. */
    RT_WRITE_SYSREG(scr_el3, (1u << 0) | (3u << 4) | (1u << 8) | (1u << 10));
    /* HCR_EL2: RW (EL1 is AArch64); no traps, stage 2 off. */
    RT_WRITE_SYSREG(hcr_el2, 1ul << 31);
    /* SCTLRs: the Armv8.0 RES1 bits, MMU/caches/alignment checks off, little-endian. */
    RT_WRITE_SYSREG(sctlr_el2, 0x30c50830);
    RT_WRITE_SYSREG(sctlr_el1, 0x30d00800);
    RT_WRITE_SYSREG(vbar_el2, rt_vectors_el2);
    RT_WRITE_SYSREG(vbar_el1, rt_vectors_el1);
    RT_WRITE_SYSREG(sp_el2, __stack_el2_top);
    RT_WRITE_SYSREG(sp_el1, __stack_el1_top);
    RT_WRITE_SYSREG(sp_el0, __stack_el0_top);
}

void *memset(void *d, int c, size_t n)
{
    unsigned char *p = d;
    while (n--)
        *p++ = (unsigned char)c;
    return d;
}

void *memcpy(void *d, const void *s, size_t n)
{
    unsigned char *p = d;
    const unsigned char *q = s;
    while (n--)
        *p++ = *q++;
    return d;
}

void *memmove(void *d, const void *s, size_t n)
{
    unsigned char *p = d;
    const unsigned char *q = s;
    if (p < q) {
        while (n--)
            *p++ = *q++;
    } else {
        while (n--)
            p[n] = q[n];
    }
    return d;
}

int memcmp(const void *a, const void *b, size_t n)
{
    const unsigned char *p = a, *q = b;
    for (; n; n--, p++, q++)
        if (*p != *q)
            return *p - *q;
    return 0;
}
