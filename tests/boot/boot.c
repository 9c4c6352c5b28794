/* SPDX-License-Identifier: MIT */
/* Boot test program: checks what the loader hands over (registers, device tree, initrd) and
 * the PSCI firmware interface, printing everything on the PL011 for comparison with QEMU. */
#include <stdint.h>

#define UART_DR ((volatile uint32_t *)0x09000000)
#define RAM_BASE 0x40000000ULL
#define FDT_MAGIC 0xd00dfeedu

/* PSCI function IDs and SMCCC (Arm DEN0022, DEN0028). */
#define PSCI_VERSION 0x84000000u
#define PSCI_CPU_SUSPEND64 0xC4000001u
#define PSCI_CPU_OFF 0x84000002u
#define PSCI_CPU_ON64 0xC4000003u
#define PSCI_AFFINITY_INFO64 0xC4000004u
#define PSCI_MIGRATE_INFO_TYPE 0x84000006u
#define PSCI_SYSTEM_OFF 0x84000008u
#define PSCI_SYSTEM_RESET 0x84000009u
#define PSCI_FEATURES 0x8400000Au
#define PSCI_SYSTEM_SUSPEND64 0xC400000Eu
#define PSCI_MEM_PROTECT 0x84000013u
#define SMCCC_VERSION 0x80000000u

static void putc_(char ch)
{
    *UART_DR = (uint8_t)ch;
}

static void puts_(const char *s)
{
    while (*s)
        putc_(*s++);
}

static void puthex(uint64_t v)
{
    puts_("0x");
    for (int i = 60; i >= 0; i -= 4)
        putc_("0123456789abcdef"[(v >> i) & 15]);
}

static void line(const char *what, uint64_t v)
{
    puts_(what);
    puts_(" = ");
    puthex(v);
    putc_('\n');
}

static int streq(const char *a, const char *b)
{
    while (*a && *a == *b)
        a++, b++;
    return *a == *b;
}

static uint64_t smc(uint64_t fid, uint64_t a1, uint64_t a2, uint64_t a3)
{
    register uint64_t x0 __asm__("x0") = fid;
    register uint64_t x1 __asm__("x1") = a1;
    register uint64_t x2 __asm__("x2") = a2;
    register uint64_t x3 __asm__("x3") = a3;
    __asm__ volatile("smc #0"
                     : "+r"(x0), "+r"(x1), "+r"(x2), "+r"(x3)
                     :
                     : "x4", "x5", "x6", "x7", "x8", "x9", "x10", "x11", "x12", "x13", "x14",
                       "x15", "x16", "x17", "memory");
    return x0;
}

/* ---- A minimal flattened device tree reader (Devicetree Specification, chapter 5) ---- */

static const uint8_t *fdt;

static uint32_t be32(const void *p)
{
    const uint8_t *b = p;
    return (uint32_t)b[0] << 24 | (uint32_t)b[1] << 16 | (uint32_t)b[2] << 8 | b[3];
}

static uint32_t align4(uint32_t n) { return (n + 3) & ~3u; }

/* Find property `name` of the node at `path` ("/" or "/a/b"); returns its value or 0. */
static const uint8_t *find_prop(const char *path, const char *name, uint32_t *len)
{
    const uint8_t *p = fdt + be32(fdt + 8);
    const char *strings = (const char *)fdt + be32(fdt + 12);
    char cur[128];
    int curlen = 0, depth = 0, saved[16];
    for (;;) {
        uint32_t tag = be32(p);
        p += 4;
        if (tag == 1) { /* FDT_BEGIN_NODE: the root's name is empty */
            const char *nm = (const char *)p;
            uint32_t n = 0;
            while (nm[n])
                n++;
            if (depth < 16)
                saved[depth] = curlen;
            depth++;
            if (curlen != 1)
                cur[curlen++] = '/';
            for (uint32_t i = 0; i < n && curlen < 127; i++)
                cur[curlen++] = nm[i];
            cur[curlen] = 0;
            p += align4(n + 1);
        } else if (tag == 2) { /* FDT_END_NODE */
            depth--;
            curlen = depth < 16 ? saved[depth] : curlen;
            cur[curlen] = 0;
        } else if (tag == 3) { /* FDT_PROP */
            uint32_t l = be32(p), off = be32(p + 4);
            p += 8;
            if (streq(cur, path) && streq(strings + off, name)) {
                *len = l;
                return p;
            }
            p += align4(l);
        } else if (tag == 4) { /* FDT_NOP */
        } else {
            return 0;
        }
    }
}

/* Print a property: strings joined with '|', or cells in hex. */
static void show(const char *path, const char *name, int as_string)
{
    uint32_t len;
    const uint8_t *v = find_prop(path, name, &len);
    puts_(path);
    putc_(' ');
    puts_(name);
    if (!v) {
        puts_(": absent\n");
        return;
    }
    puts_(" =");
    if (as_string) {
        puts_(" \"");
        for (uint32_t i = 0; i + 1 < len; i++)
            putc_(v[i] ? (char)v[i] : '|');
        putc_('"');
    } else {
        for (uint32_t i = 0; i + 4 <= len; i += 4) {
            putc_(' ');
            uint32_t c = be32(v + i);
            puts_("0x");
            for (int s = 28; s >= 0; s -= 4)
                putc_("0123456789abcdef"[(c >> s) & 15]);
        }
    }
    putc_('\n');
}

/* A property of 1 or 2 cells as a number. */
static uint64_t prop_u64(const char *path, const char *name)
{
    uint32_t len;
    const uint8_t *v = find_prop(path, name, &len);
    if (!v)
        return 0;
    return len == 8 ? (uint64_t)be32(v) << 32 | be32(v + 4) : be32(v);
}

static void show_tree(void)
{
    show("/", "compatible", 1);
    show("/", "#address-cells", 0);
    show("/", "#size-cells", 0);
    show("/memory@40000000", "reg", 0);
    show("/chosen", "bootargs", 1);
    show("/chosen", "stdout-path", 1);
    show("/psci", "compatible", 1);
    show("/psci", "method", 1);
    show("/psci", "cpu_on", 0);
    show("/cpus/cpu@0", "reg", 0);
    show("/timer", "compatible", 1);
    show("/timer", "interrupts", 0);
    show("/pl011@9000000", "compatible", 1);
    show("/pl011@9000000", "reg", 0);
    show("/pl011@9000000", "interrupts", 0);
    show("/pl011@9000000", "clock-names", 1);
    show("/pl031@9010000", "interrupts", 0);
}

static void show_initrd(void)
{
    uint64_t start = prop_u64("/chosen", "linux,initrd-start");
    uint64_t end = prop_u64("/chosen", "linux,initrd-end");
    if (!start) {
        puts_("initrd: none\n");
        return;
    }
    line("initrd start", start);
    line("initrd size", end - start);
    puts_("initrd starts with \"");
    const char *d = (const char *)start;
    for (uint64_t i = 0; i < 16 && i < end - start; i++)
        putc_(d[i] >= ' ' && d[i] < 127 ? d[i] : '.');
    puts_("\"\n");
}

static void semihost_exit(uint64_t code)
{
    static uint64_t block[2];
    block[0] = 0x20026; /* ADP_Stopped_ApplicationExit */
    block[1] = code;
    register uint64_t x0 __asm__("x0") = 0x18; /* SYS_EXIT */
    register uint64_t x1 __asm__("x1") = (uint64_t)block;
    __asm__ volatile("hlt #0xf000" : : "r"(x0), "r"(x1) : "memory");
}

static uint64_t current_el(void)
{
    uint64_t v;
    __asm__ volatile("mrs %0, CurrentEL" : "=r"(v));
    return v >> 2;
}

/* ---- Core 1: started with CPU_ON, reports, powers itself off ---- */

extern char secondary_entry[];
static volatile uint64_t core1_context;

static uint64_t read_mpidr(void)
{
    uint64_t v;
    __asm__ volatile("mrs %0, mpidr_el1" : "=r"(v));
    return v;
}

void secondary_main(uint64_t context)
{
    puts_("core 1 up\n");
    line("core 1 CurrentEL", current_el());
    line("core 1 MPIDR.Aff0", read_mpidr() & 0xff);
    line("core 1 x0 (context_id)", context);
    core1_context = context;
    smc(PSCI_CPU_OFF, 0, 0, 0);
    puts_("core 1: CPU_OFF returned\n");
}

/* CPU_ON core 1 with `context`; when it starts, wait until it has reported and is OFF again
 * (by its own flag: QEMU 7.2's AFFINITY_INFO says OFF until the core has actually started). */
static uint64_t run_core1(uint64_t context)
{
    uint64_t r = smc(PSCI_CPU_ON64, 1, (uint64_t)secondary_entry, context);
    if (r == 0) {
        while (core1_context != context)
            ;
        while (smc(PSCI_AFFINITY_INFO64, 1, 0, 0) != 1)
            ;
    }
    return r;
}

/* With one core, core 1 does not exist (INVALID_PARAMETERS); with two, it runs and stops,
 * twice. Core 1 prints while core 0 waits; core 0 prints after that. */
static void start_core1(void)
{
    line("AFFINITY_INFO64(1, 0)", smc(PSCI_AFFINITY_INFO64, 1, 0, 0));
    uint64_t r = run_core1(0x5ca1ab1e);
    line("CPU_ON64(cpu 1)", r);
    if (r != 0)
        return;
    line("AFFINITY_INFO64(1, 0) after its CPU_OFF", smc(PSCI_AFFINITY_INFO64, 1, 0, 0));
    line("CPU_ON64(cpu 1) again", run_core1(0x600d));
}

/* Entered at EL2 as a Linux Image (x0 = DTB), or at EL3 as an ELF (the DTB at RAM's base). */
void boot_main(uint64_t x0, uint64_t x1, uint64_t x2, uint64_t x3)
{
    uint64_t el = current_el();
    puts_("boot test\n");
    line("CurrentEL", el);
    if (el == 3) {
        line("x0", x0);
        fdt = (const uint8_t *)RAM_BASE;
    } else {
        line("x0 (DTB)", x0);
        line("x1|x2|x3", x1 | x2 | x3);
        fdt = (const uint8_t *)x0;
    }
    if (be32(fdt) != FDT_MAGIC) {
        puts_("no device tree\n");
    } else {
        puts_("device tree magic ok\n");
        line("version", be32(fdt + 20));
        show_tree();
        show_initrd();
    }
    uint64_t daif, sctlr;
    __asm__ volatile("mrs %0, daif" : "=r"(daif));
    line("DAIF", daif);
    if (el == 3) {
        puts_("done\n");
        semihost_exit(0);
        return;
    }
    __asm__ volatile("mrs %0, sctlr_el2" : "=r"(sctlr));
    line("SCTLR_EL2.{M,C,I}", (sctlr & 1) | (sctlr >> 1 & 2) | (sctlr >> 10 & 4));

    line("PSCI_VERSION", smc(PSCI_VERSION, 0, 0, 0));
    line("PSCI_FEATURES(PSCI_VERSION)", smc(PSCI_FEATURES, PSCI_VERSION, 0, 0));
    line("PSCI_FEATURES(CPU_ON64)", smc(PSCI_FEATURES, PSCI_CPU_ON64, 0, 0));
    line("PSCI_FEATURES(CPU_OFF)", smc(PSCI_FEATURES, PSCI_CPU_OFF, 0, 0));
    line("PSCI_FEATURES(CPU_SUSPEND64)", smc(PSCI_FEATURES, PSCI_CPU_SUSPEND64, 0, 0));
    line("PSCI_FEATURES(AFFINITY_INFO64)", smc(PSCI_FEATURES, PSCI_AFFINITY_INFO64, 0, 0));
    line("PSCI_FEATURES(SYSTEM_OFF)", smc(PSCI_FEATURES, PSCI_SYSTEM_OFF, 0, 0));
    line("PSCI_FEATURES(SYSTEM_RESET)", smc(PSCI_FEATURES, PSCI_SYSTEM_RESET, 0, 0));
    line("PSCI_FEATURES(PSCI_FEATURES)", smc(PSCI_FEATURES, PSCI_FEATURES, 0, 0));
    line("PSCI_FEATURES(SYSTEM_SUSPEND64)", smc(PSCI_FEATURES, PSCI_SYSTEM_SUSPEND64, 0, 0));
    line("PSCI_FEATURES(SMCCC_VERSION)", smc(PSCI_FEATURES, SMCCC_VERSION, 0, 0));
    line("MIGRATE_INFO_TYPE", smc(PSCI_MIGRATE_INFO_TYPE, 0, 0, 0));
    line("AFFINITY_INFO64(0, 0)", smc(PSCI_AFFINITY_INFO64, 0, 0, 0));
    line("AFFINITY_INFO64(0, 1)", smc(PSCI_AFFINITY_INFO64, 0, 1, 0));
    line("CPU_ON64(cpu 0)", smc(PSCI_CPU_ON64, 0, RAM_BASE, 0));
    start_core1();
    line("CPU_SUSPEND64(bad power_state)", smc(PSCI_CPU_SUSPEND64, 0x00020000, 0, 0));
    line("MEM_PROTECT (not implemented)", smc(PSCI_MEM_PROTECT, 0, 0, 0));
    line("SIP service call 0xC2000000", smc(0xC2000000u, 0, 0, 0));
    puts_("SYSTEM_OFF\n");
    smc(PSCI_SYSTEM_OFF, 0, 0, 0);
    puts_("SYSTEM_OFF returned\n");
}
