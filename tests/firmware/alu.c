/* SPDX-License-Identifier: MIT */
/* Integer data-processing instructions on corner-case operands, results printed in hex
 * (expected output recorded on QEMU; every instruction here is Armv8.0 + CRC32). */
#include "lib/rt.h"

static const uint64_t vals[] = {
    0, 1, 0x7fffffff, 0x80000000, 0xffffffff,
    0x8000000000000000, 0xffffffffffffffff, 0x9abcdef012345678,
};
#define NVALS (sizeof(vals) / sizeof(vals[0]))

/* Output format: one line per instruction and first operand,
 *   "<insn> <a>: <result for each b in vals>"
 * with "/<nzcv nibble>" appended to results of flag-setting instructions. */
static void line_start(const char *name, uint64_t a)
{
    rt_printf("%s %lx:", name, a);
}

/* d = insn(a, b) for all pairs. */
#define BIN(name, insn)                                                    \
    do {                                                                   \
        for (unsigned i = 0; i < NVALS; i++) {                             \
            line_start(name, vals[i]);                                     \
            for (unsigned j = 0; j < NVALS; j++) {                         \
                uint64_t d;                                                \
                __asm__ volatile(insn : "=r"(d) : "r"(vals[i]), "r"(vals[j])); \
                rt_printf(" %lx", d);                                      \
            }                                                              \
            rt_puts("\n");                                                 \
        }                                                                  \
    } while (0)

/* d = insn(a, b), flags printed; carry in from `cin`. */
#define BINF(name, insn, cin)                                              \
    do {                                                                   \
        for (unsigned i = 0; i < NVALS; i++) {                             \
            line_start(name, vals[i]);                                     \
            for (unsigned j = 0; j < NVALS; j++) {                         \
                uint64_t d, f;                                             \
                __asm__ volatile("msr nzcv, %3\n\t" insn "\n\tmrs %1, nzcv" \
                                 : "=&r"(d), "=&r"(f)                      \
                                 : "r"(vals[i]), "r"((uint64_t)(cin) << 29), "r"(vals[j])); \
                rt_printf(" %lx/%x", d, (unsigned)(f >> 28));              \
            }                                                              \
            rt_puts("\n");                                                 \
        }                                                                  \
    } while (0)

/* d = insn(a) for all a, one line. */
#define UN(name, insn)                                                     \
    do {                                                                   \
        rt_printf("%s:", name);                                            \
        for (unsigned i = 0; i < NVALS; i++) {                             \
            uint64_t d;                                                    \
            __asm__ volatile(insn : "=r"(d) : "r"(vals[i]));               \
            rt_printf(" %lx", d);                                          \
        }                                                                  \
        rt_puts("\n");                                                     \
    } while (0)

/* d = insn(a, b, c) for all pairs with fixed c. */
#define TRI(name, insn, c)                                                 \
    do {                                                                   \
        for (unsigned i = 0; i < NVALS; i++) {                             \
            line_start(name, vals[i]);                                     \
            for (unsigned j = 0; j < NVALS; j++) {                         \
                uint64_t d;                                                \
                __asm__ volatile(insn : "=r"(d)                            \
                                 : "r"(vals[i]), "r"(vals[j]), "r"((uint64_t)(c))); \
                rt_printf(" %lx", d);                                      \
            }                                                              \
            rt_puts("\n");                                                 \
        }                                                                  \
    } while (0)

/* For each NZCV input 0-15: whether `cond` holds (as a 16-character string), and the
 * flags that ccmp/ccmn produce. */
#define COND(cc)                                                           \
    do {                                                                   \
        rt_printf("cond %s:", #cc);                                        \
        for (uint64_t n = 0; n < 16; n++) {                                \
            uint64_t d;                                                    \
            __asm__ volatile("msr nzcv, %1\n\tcsel %0, %2, xzr, " #cc : "=r"(d) : "r"(n << 28), "r"(1ul));\
            rt_printf("%u", (unsigned)d);                                  \
        }                                                                  \
        rt_puts(" ccmp:");                                                 \
        for (uint64_t n = 0; n < 16; n++) {                                \
            uint64_t f;                                                    \
            __asm__ volatile("msr nzcv, %1\n\tccmp %2, %3, #0x5, " #cc "\n\tmrs %0, nzcv" \
                             : "=r"(f) : "r"(n << 28), "r"(vals[1]), "r"(vals[3])); \
            rt_printf("%x", (unsigned)(f >> 28));                          \
        }                                                                  \
        rt_puts(" ccmn:");                                                 \
        for (uint64_t n = 0; n < 16; n++) {                                \
            uint64_t f;                                                    \
            __asm__ volatile("msr nzcv, %1\n\tccmn %w2, #31, #0xa, " #cc "\n\tmrs %0, nzcv" \
                             : "=r"(f) : "r"(n << 28), "r"(vals[6]));      \
            rt_printf("%x", (unsigned)(f >> 28));                          \
        }                                                                  \
        rt_puts("\n");                                                     \
    } while (0)

/* Conditional selects with a fixed flag setting. */
#define CSEL(name, insn, nzcv)                                             \
    do {                                                                   \
        line_start(name, nzcv);                                            \
        for (unsigned i = 0; i < NVALS; i += 2) {                          \
            uint64_t d;                                                    \
            __asm__ volatile("msr nzcv, %3\n\t" insn                       \
                             : "=r"(d) : "r"(vals[i]), "r"(vals[i + 1]), "r"((uint64_t)(nzcv) << 28)); \
            rt_printf(" %lx", d);                                          \
        }                                                                  \
        rt_puts("\n");                                                     \
    } while (0)

static void arith(void)
{
    BIN("add", "add %0, %1, %2");
    BIN("sub", "sub %0, %1, %2");
    BIN("add-w", "add %w0, %w1, %w2");
    BIN("sub-w", "sub %w0, %w1, %w2");
    BINF("adds", "adds %0, %2, %4", 0);
    BINF("subs", "subs %0, %2, %4", 0);
    BINF("adds-w", "adds %w0, %w2, %w4", 0);
    BINF("subs-w", "subs %w0, %w2, %w4", 0);
    BINF("adcs-c0", "adcs %0, %2, %4", 0);
    BINF("adcs-c1", "adcs %0, %2, %4", 1);
    BINF("sbcs-c0", "sbcs %0, %2, %4", 0);
    BINF("sbcs-c1", "sbcs %0, %2, %4", 1);
    BINF("adcs-w-c1", "adcs %w0, %w2, %w4", 1);
    BINF("sbcs-w-c0", "sbcs %w0, %w2, %w4", 0);
    BINF("adc-c1", "adc %0, %2, %4", 1);
    BINF("sbc-w-c1", "sbc %w0, %w2, %w4", 1);
    BINF("negs", "negs %0, %4", 0);
    BINF("ngcs-w", "ngcs %w0, %w4", 1);
    BIN("add-lsl", "add %0, %1, %2, lsl #13");
    BIN("sub-asr", "sub %0, %1, %2, asr #63");
    BIN("add-w-lsr", "add %w0, %w1, %w2, lsr #31");
    BINF("subs-lsr", "subs %0, %2, %4, lsr #1", 0);
    BIN("add-sxtb", "add %0, %1, %w2, sxtb #1");
    BIN("add-uxth", "add %0, %1, %w2, uxth #4");
    BIN("sub-sxtw", "sub %0, %1, %w2, sxtw #2");
    BIN("add-uxtx", "add %0, %1, %2, uxtx #3");
    BINF("adds-w-sxth", "adds %w0, %w2, %w4, sxth", 0);
    BINF("cmp-uxtw", "subs xzr, %2, %w4, uxtw #1\n\tmov %0, #0", 0);
    UN("add-imm", "add %0, %1, #0xabc");
    UN("add-imm12", "add %0, %1, #0xfff, lsl #12");
    UN("sub-w-imm", "sub %w0, %w1, #1");
}

static void flags_imm(void)
{
    /* Flag-setting immediates, printed per input. */
    rt_printf("adds-imm/subs-imm/cmn-w:");
    for (unsigned i = 0; i < NVALS; i++) {
        uint64_t d1, f1, d2, f2, f3;
        __asm__ volatile("adds %0, %5, #1\n\tmrs %1, nzcv\n\t"
                         "subs %2, %5, #0x10, lsl #12\n\tmrs %3, nzcv\n\t"
                         "cmn %w5, #1\n\tmrs %4, nzcv"
                         : "=&r"(d1), "=&r"(f1), "=&r"(d2), "=&r"(f2), "=&r"(f3) : "r"(vals[i]));
        rt_printf(" %lx/%x,%lx/%x,%x", d1, (unsigned)(f1 >> 28), d2, (unsigned)(f2 >> 28),
                  (unsigned)(f3 >> 28));
    }
    rt_puts("\n");
}

static void logical(void)
{
    BIN("and", "and %0, %1, %2");
    BIN("orr", "orr %0, %1, %2");
    BIN("eor-w", "eor %w0, %w1, %w2");
    BIN("bic", "bic %0, %1, %2");
    BIN("orn-w", "orn %w0, %w1, %w2");
    BIN("eon", "eon %0, %1, %2, ror #17");
    BIN("orr-asr", "orr %0, %1, %2, asr #7");
    BINF("ands", "ands %0, %2, %4", 1);
    BINF("bics-w", "bics %w0, %w2, %w4", 1);
    BINF("ands-lsl", "ands %0, %2, %4, lsl #1", 0);
    UN("and-imm", "and %0, %1, #0x00ff00ff00ff00ff");
    UN("orr-imm", "orr %0, %1, #0xaaaaaaaaaaaaaaaa");
    UN("eor-w-imm", "eor %w0, %w1, #0xfffffffe");
    UN("and-imm-rot", "and %0, %1, #0xe00000000000003f");
    UN("tst-imm", "tst %1, #0x8000000000000001\n\tmrs %0, nzcv");
    UN("mvn", "mvn %0, %1");
}

static void shifts_bitfield(void)
{
    BIN("lslv", "lsl %0, %1, %2");
    BIN("lsrv", "lsr %0, %1, %2");
    BIN("asrv", "asr %0, %1, %2");
    BIN("rorv", "ror %0, %1, %2");
    BIN("lslv-w", "lsl %w0, %w1, %w2");
    BIN("asrv-w", "asr %w0, %w1, %w2");
    BIN("rorv-w", "ror %w0, %w1, %w2");
    UN("lsl-63", "lsl %0, %1, #63");
    UN("lsr-w-5", "lsr %w0, %w1, #5");
    UN("asr-17", "asr %0, %1, #17");
    UN("ror-w-9", "ror %w0, %w1, #9");
    UN("ubfx", "ubfx %0, %1, #28, #12");
    UN("sbfx", "sbfx %0, %1, #31, #2");
    UN("sbfx-w", "sbfx %w0, %w1, #4, #28");
    UN("ubfiz", "ubfiz %0, %1, #60, #4");
    UN("sbfiz-w", "sbfiz %w0, %w1, #3, #29");
    UN("sxtb", "sxtb %0, %w1");
    UN("sxth-w", "sxth %w0, %w1");
    UN("sxtw", "sxtw %0, %w1");
    UN("uxtb", "uxtb %w0, %w1");
    UN("uxth", "uxth %w0, %w1");
    BIN("bfi", "mov %0, %2\n\tbfi %0, %1, #8, #16");
    BIN("bfxil-w", "mov %0, %2\n\tbfxil %w0, %w1, #20, #12");
    BIN("bfm-wrap", "mov %0, %2\n\tbfm %0, %1, #60, #3");
    BIN("extr", "extr %0, %1, %2, #13");
    BIN("extr-w", "extr %w0, %w1, %w2, #31");
    UN("clz", "clz %0, %1");
    UN("cls", "cls %0, %1");
    UN("clz-w", "clz %w0, %w1");
    UN("cls-w", "cls %w0, %w1");
    UN("rbit", "rbit %0, %1");
    UN("rbit-w", "rbit %w0, %w1");
    UN("rev", "rev %0, %1");
    UN("rev16", "rev16 %0, %1");
    UN("rev32", "rev32 %0, %1");
    UN("rev-w", "rev %w0, %w1");
    UN("rev16-w", "rev16 %w0, %w1");
}

static void muldiv(void)
{
    BIN("mul", "mul %0, %1, %2");
    BIN("mul-w", "mul %w0, %w1, %w2");
    TRI("madd", "madd %0, %1, %2, %3", 0x1111111111111111);
    TRI("msub-w", "msub %w0, %w1, %w2, %w3", 0x22222222);
    BIN("smulh", "smulh %0, %1, %2");
    BIN("umulh", "umulh %0, %1, %2");
    TRI("smaddl", "smaddl %0, %w1, %w2, %3", 0x100000000);
    TRI("umaddl", "umaddl %0, %w1, %w2, %3", 0x100000000);
    TRI("smsubl", "smsubl %0, %w1, %w2, %3", 5);
    TRI("umsubl", "umsubl %0, %w1, %w2, %3", 5);
    BIN("mneg", "mneg %0, %1, %2");
    BIN("udiv", "udiv %0, %1, %2");
    BIN("sdiv", "sdiv %0, %1, %2");
    BIN("udiv-w", "udiv %w0, %w1, %w2");
    BIN("sdiv-w", "sdiv %w0, %w1, %w2");
}

static void crc(void)
{
    BIN("crc32b", "crc32b %w0, %w1, %w2");
    BIN("crc32h", "crc32h %w0, %w1, %w2");
    BIN("crc32w", "crc32w %w0, %w1, %w2");
    BIN("crc32x", "crc32x %w0, %w1, %2");
    BIN("crc32cb", "crc32cb %w0, %w1, %w2");
    BIN("crc32ch", "crc32ch %w0, %w1, %w2");
    BIN("crc32cw", "crc32cw %w0, %w1, %w2");
    BIN("crc32cx", "crc32cx %w0, %w1, %2");
    /* The classic check value: CRC-32 of "123456789" is cbf43926, CRC-32C e3069283. */
    const char *s = "123456789";
    uint32_t c1 = 0xffffffff, c2 = 0xffffffff;
    for (const char *p = s; *p; p++) {
        __asm__("crc32b %w0, %w0, %w1" : "+r"(c1) : "r"((uint32_t)*p));
        __asm__("crc32cb %w0, %w0, %w1" : "+r"(c2) : "r"((uint32_t)*p));
    }
    rt_printf("crc32(\"%s\") = %08x crc32c = %08x\n", s, ~c1, ~c2);
}

static void conditional(void)
{
    COND(eq); COND(ne); COND(cs); COND(cc); COND(mi); COND(pl); COND(vs); COND(vc);
    COND(hi); COND(ls); COND(ge); COND(lt); COND(gt); COND(le); COND(al); COND(nv);
    for (unsigned n = 0; n < 16; n += 5) {
        CSEL("csel-gt", "csel %0, %1, %2, gt", n);
        CSEL("csinc-eq", "csinc %0, %1, %2, eq", n);
        CSEL("csinv-w-hs", "csinv %w0, %w1, %w2, hs", n);
        CSEL("csneg-vs", "csneg %0, %1, %2, vs", n);
        CSEL("cneg-mi", "cneg %0, %2, mi", n);
        CSEL("csetm-le", "csetm %w0, le", n);
        CSEL("cinc-lo", "cinc %0, %1, lo", n);
    }
}

static void moves(void)
{
    uint64_t a, b, c, d, e;
    __asm__ volatile("movz %0, #0xbeef, lsl #48\n\t"
                     "movk %0, #0x1234, lsl #16\n\t"
                     "movn %1, #0x5678, lsl #32\n\t"
                     "movn %w2, #0x9\n\t"
                     "movz %w3, #0xffff, lsl #16\n\t"
                     "mov %4, #-2\n\t"
                     "movk %w4, #0xabcd"
                     : "=&r"(a), "=&r"(b), "=&r"(c), "=&r"(d), "=&r"(e));
    rt_printf("moves: %lx %lx %lx %lx %lx\n", a, b, c, d, e);
    uint64_t p, q;
    __asm__ volatile("adr %0, .\n\tadrp %1, .\n\tsub %0, %0, %1" : "=&r"(p), "=&r"(q));
    rt_printf("adr-adrp page offset below 4096: %d\n", p < 4096);
}

int main(void)
{
    rt_puts("alu: start\n");
    arith();
    flags_imm();
    logical();
    shifts_bitfield();
    muldiv();
    crc();
    conditional();
    moves();
    rt_puts("alu: done\n");
    return 0;
}
