/* SPDX-License-Identifier: MIT */
/* Exclusives, LSE atomics (CAS/CASP/LD<op>/SWP), LDAPR and SB, results printed in hex.
 * Needs LSE/RCpc/SB, which QEMU's cortex-a57 lacks: the expected output is recorded with
 * QEMU's `-cpu max`, and the oracle test runs it that way. MMU off: the data is Device
 * memory, which tetrarch (like QEMU) supports for exclusives and atomics. */
#include "lib/rt.h"

static volatile uint64_t mem[4] __attribute__((aligned(16)));

static const uint64_t init_val = 0x80000000fffffffful;
static const uint64_t operands[] = {1, 0x7fffffff00000001ul, 0x8000000000000000ul, 0xfffffffffffffffful};
#define NOPS (sizeof(operands) / sizeof(operands[0]))

/* old = OP(mem, operand) for each operand, starting from init_val each time. */
#define LSE(name, insn)                                                     \
    do {                                                                    \
        rt_printf("%s:", name);                                             \
        for (unsigned i = 0; i < NOPS; i++) {                               \
            mem[0] = init_val;                                              \
            uint64_t old;                                                   \
            __asm__ volatile(insn : "=&r"(old) : "r"(operands[i]), "r"(&mem[0]) : "memory"); \
            rt_printf(" %lx>%lx", old, mem[0]);                             \
        }                                                                   \
        rt_puts("\n");                                                      \
    } while (0)

static void lse_ops(void)
{
    LSE("ldadd", "ldadd %1, %0, [%2]");
    LSE("ldadda-w", "ldadda %w1, %w0, [%2]");
    LSE("ldaddl-h", "ldaddlh %w1, %w0, [%2]");
    LSE("ldaddal-b", "ldaddalb %w1, %w0, [%2]");
    LSE("ldclr", "ldclr %1, %0, [%2]");
    LSE("ldclral-w", "ldclral %w1, %w0, [%2]");
    LSE("ldeor", "ldeor %1, %0, [%2]");
    LSE("ldeora-h", "ldeorah %w1, %w0, [%2]");
    LSE("ldset", "ldset %1, %0, [%2]");
    LSE("ldsetl-b", "ldsetlb %w1, %w0, [%2]");
    LSE("ldsmax", "ldsmax %1, %0, [%2]");
    LSE("ldsmax-w", "ldsmax %w1, %w0, [%2]");
    LSE("ldsmax-b", "ldsmaxb %w1, %w0, [%2]");
    LSE("ldsmin", "ldsmin %1, %0, [%2]");
    LSE("ldsmin-h", "ldsminh %w1, %w0, [%2]");
    LSE("ldumax", "ldumax %1, %0, [%2]");
    LSE("ldumax-w", "ldumaxa %w1, %w0, [%2]");
    LSE("ldumin", "lduminal %1, %0, [%2]");
    LSE("ldumin-b", "lduminb %w1, %w0, [%2]");
    LSE("swp", "swp %1, %0, [%2]");
    LSE("swpal-w", "swpal %w1, %w0, [%2]");
    LSE("swpa-h", "swpah %w1, %w0, [%2]");
    LSE("swpl-b", "swplb %w1, %w0, [%2]");
    /* ST<op> aliases: no result register (Rt = XZR). */
    LSE("stadd", "mov %0, #0\n\tstadd %1, [%2]");
    LSE("stsmin-w", "mov %0, #0\n\tstsmin %w1, [%2]");
    /* Rt = XZR in the LD<op> form with acquire is still an acquire: same memory result. */
    LSE("ldaddal-xzr", "mov %0, #0\n\tldaddal %1, xzr, [%2]");
}

static void cas_ops(void)
{
    for (unsigned i = 0; i < 2; i++) {
        uint64_t expect = i ? init_val : 5, v;
        mem[0] = init_val;
        v = expect;
        __asm__ volatile("cas %0, %1, [%2]" : "+r"(v) : "r"(0x1234ul), "r"(&mem[0]) : "memory");
        rt_printf("cas expect=%lx: old=%lx mem=%lx\n", expect, v, mem[0]);
        mem[0] = init_val;
        v = expect;
        __asm__ volatile("casal %w0, %w1, [%2]" : "+r"(v) : "r"(0x5678ul), "r"(&mem[0]) : "memory");
        rt_printf("casal-w expect=%lx: old=%lx mem=%lx\n", expect, v, mem[0]);
        mem[0] = init_val;
        v = expect;
        __asm__ volatile("casah %w0, %w1, [%2]" : "+r"(v) : "r"(0xabcdul), "r"(&mem[0]) : "memory");
        rt_printf("casah expect=%lx: old=%lx mem=%lx\n", expect, v, mem[0]);
        mem[0] = init_val;
        v = i ? 0xff : 0x7f;
        __asm__ volatile("caslb %w0, %w1, [%2]" : "+r"(v) : "r"(0x11ul), "r"(&mem[0]) : "memory");
        rt_printf("caslb: old=%lx mem=%lx\n", v, mem[0]);
    }
    for (unsigned i = 0; i < 2; i++) {
        mem[0] = 0x1111111111111111ul;
        mem[1] = 0x2222222222222222ul;
        register uint64_t x0 __asm__("x0") = 0x1111111111111111ul;
        register uint64_t x1 __asm__("x1") = i ? 0x2222222222222222ul : 0;
        register uint64_t x2 __asm__("x2") = 0xaaaaaaaaaaaaaaaaul;
        register uint64_t x3 __asm__("x3") = 0xbbbbbbbbbbbbbbbbul;
        __asm__ volatile("caspal x0, x1, x2, x3, [%4]"
                         : "+r"(x0), "+r"(x1) : "r"(x2), "r"(x3), "r"(&mem[0]) : "memory");
        rt_printf("caspal: old=%lx,%lx mem=%lx,%lx\n", x0, x1, mem[0], mem[1]);
    }
    mem[0] = 0x0000000100000002ul;
    register uint64_t w4 __asm__("x4") = 2;
    register uint64_t w5 __asm__("x5") = 1;
    register uint64_t w6 __asm__("x6") = 0x33;
    register uint64_t w7 __asm__("x7") = 0x44;
    __asm__ volatile("casp w4, w5, w6, w7, [%4]"
                     : "+r"(w4), "+r"(w5) : "r"(w6), "r"(w7), "r"(&mem[0]) : "memory");
    rt_printf("casp-w: old=%lx,%lx mem=%lx\n", w4, w5, mem[0]);
}

static void exclusives(void)
{
    uint64_t v, st;
    mem[0] = 41;
    __asm__ volatile("ldxr %0, [%2]\n\tadd %0, %0, #1\n\tstxr %w1, %0, [%2]"
                     : "=&r"(v), "=&r"(st) : "r"(&mem[0]) : "memory");
    rt_printf("ldxr/stxr: status=%lu mem=%lx\n", st, mem[0]);
    __asm__ volatile("stxr %w0, %1, [%2]" : "=&r"(st) : "r"(7ul), "r"(&mem[0]) : "memory");
    rt_printf("stxr after a completed pair: status=%lu mem=%lx\n", st, mem[0]);
    __asm__ volatile("ldaxr %w0, [%2]\n\tclrex\n\tstlxr %w1, %w0, [%2]"
                     : "=&r"(v), "=&r"(st) : "r"(&mem[1]) : "memory");
    rt_printf("ldaxr/clrex/stlxr: status=%lu\n", st);
    mem[0] = 0x1122334455667788ul;
    __asm__ volatile("ldxrb %w0, [%2]\n\tadd %w0, %w0, #0x10\n\tstxrb %w1, %w0, [%2]"
                     : "=&r"(v), "=&r"(st) : "r"(&mem[0]) : "memory");
    rt_printf("ldxrb/stxrb: status=%lu mem=%lx\n", st, mem[0]);
    __asm__ volatile("ldaxrh %w0, [%2]\n\teor %w0, %w0, #0xff00\n\tstlxrh %w1, %w0, [%2]"
                     : "=&r"(v), "=&r"(st) : "r"((uintptr_t)&mem[0] + 2) : "memory");
    rt_printf("ldaxrh/stlxrh: status=%lu mem=%lx\n", st, mem[0]);
    uint64_t a, b;
    mem[2] = 0x1010101010101010ul;
    mem[3] = 0x2020202020202020ul;
    __asm__ volatile("ldxp %0, %1, [%3]\n\tstxp %w2, %1, %0, [%3]"
                     : "=&r"(a), "=&r"(b), "=&r"(st) : "r"(&mem[2]) : "memory");
    rt_printf("ldxp/stxp swap: status=%lu mem=%lx,%lx\n", st, mem[2], mem[3]);
    mem[2] = 0x1111111122222222ul;
    __asm__ volatile("ldaxp %w0, %w1, [%3]\n\tstlxp %w2, %w1, %w0, [%3]"
                     : "=&r"(a), "=&r"(b), "=&r"(st) : "r"(&mem[2]) : "memory");
    rt_printf("ldaxp/stlxp w swap: status=%lu mem=%lx\n", st, mem[2]);
    /* A retry loop as compilers emit it. */
    mem[0] = 100;
    for (int i = 0; i < 10; i++) {
        __asm__ volatile("1: ldaxr %0, [%2]\n\tadd %0, %0, #3\n\tstlxr %w1, %0, [%2]\n\tcbnz %w1, 1b"
                         : "=&r"(v), "=&r"(st) : "r"(&mem[0]) : "memory");
    }
    rt_printf("ldaxr/stlxr loop: mem=%lu\n", mem[0]);
}

static void ordering(void)
{
    uint64_t a, b, c, d;
    mem[0] = 0xfedcba9876543210ul;
    __asm__ volatile("ldapr %0, [%4]\n\tldaprb %w1, [%4]\n\tldaprh %w2, [%4]\n\tldapr %w3, [%4]"
                     : "=&r"(a), "=&r"(b), "=&r"(c), "=&r"(d) : "r"(&mem[0]) : "memory");
    rt_printf("ldapr: %lx %lx %lx %lx\n", a, b, c, d);
    __asm__ volatile("stlr %1, [%2]\n\tsb\n\tldar %0, [%2]" : "=&r"(a) : "r"(0x55aa55aa55aa55aaul), "r"(&mem[1]) : "memory");
    rt_printf("stlr/sb/ldar: %lx\n", a);
    __asm__ volatile("stlrh %w1, [%2]\n\tldarb %w0, [%2]" : "=&r"(a) : "r"(0x1234ul), "r"(&mem[1]) : "memory");
    rt_printf("stlrh/ldarb: %lx mem=%lx\n", a, mem[1]);
}

int main(void)
{
    rt_puts("atomics: start\n");
    lse_ops();
    cas_ops();
    exclusives();
    ordering();
    rt_puts("atomics: done\n");
    return 0;
}
