/* SPDX-License-Identifier: MIT */
/* Guest for tests/cli/test_guest_io.sh: PL011, PL031 and semihosting, checked from EL3. */
typedef unsigned long u64;
typedef unsigned int u32;
typedef unsigned char u8;

#define UART 0x09000000UL
#define RTC 0x09010000UL

static inline u32 rd32(u64 a) { return *(volatile u32 *)a; }
static inline void wr32(u64 a, u32 v) { *(volatile u32 *)a = v; }

static u64 semi(u64 op, u64 arg)
{
    register u64 x0 __asm__("x0") = op;
    register u64 x1 __asm__("x1") = arg;
    __asm__ volatile("hlt #0xf000" : "+r"(x0) : "r"(x1) : "memory");
    return x0;
}

static u64 slen(const char *s) { u64 n = 0; while (s[n]) n++; return n; }
static void puts0(const char *s) { semi(0x04, (u64)s); }
static void uart_puts(const char *s) { while (*s) wr32(UART, (u8)*s++); }
static void put_hex(u64 v)
{
    char b[19] = "0x";
    for (int i = 0; i < 16; i++)
        b[2 + i] = "0123456789abcdef"[(v >> (60 - 4 * i)) & 15];
    b[18] = 0;
    puts0(b);
}

static int failures;
static void check(const char *name, int ok, u64 got)
{
    puts0(ok ? "PASS " : "FAIL ");
    puts0(name);
    if (!ok) { puts0(" got "); put_hex(got); failures++; }
    puts0("\n");
}

static long sh_open(const char *name, u64 mode) { u64 b[3] = { (u64)name, mode, slen(name) }; return (long)semi(0x01, (u64)b); }
static long sh_close(long h) { u64 b[1] = { (u64)h }; return (long)semi(0x02, (u64)b); }
static long sh_write(long h, const void *p, u64 n) { u64 b[3] = { (u64)h, (u64)p, n }; return (long)semi(0x05, (u64)b); }
static long sh_read(long h, void *p, u64 n) { u64 b[3] = { (u64)h, (u64)p, n }; return (long)semi(0x06, (u64)b); }
static long sh_seek(long h, u64 pos) { u64 b[2] = { (u64)h, pos }; return (long)semi(0x0A, (u64)b); }
static long sh_flen(long h) { u64 b[1] = { (u64)h }; return (long)semi(0x0C, (u64)b); }
static long sh_istty(long h) { u64 b[1] = { (u64)h }; return (long)semi(0x09, (u64)b); }
static long sh_remove(const char *n) { u64 b[2] = { (u64)n, slen(n) }; return (long)semi(0x0E, (u64)b); }
static long sh_rename(const char *a, const char *c) { u64 b[4] = { (u64)a, slen(a), (u64)c, slen(c) }; return (long)semi(0x0F, (u64)b); }

extern char __image_end[];

int main(void)
{
    /* PL011 */
    static const u8 uart_id[8] = { 0x11, 0x10, 0x14, 0x00, 0x0D, 0xF0, 0x05, 0xB1 };
    int id_ok = 1;
    for (int i = 0; i < 8; i++)
        id_ok &= rd32(UART + 0xFE0 + 4 * i) == uart_id[i];
    check("uart id", id_ok, 0);
    check("uart cr reset", rd32(UART + 0x30) == 0x300, rd32(UART + 0x30));
    check("uart ifls reset", rd32(UART + 0x34) == 0x12, rd32(UART + 0x34));
    check("uart reserved reads 0", rd32(UART + 0x08) == 0 && rd32(UART + 0x100) == 0, 0);
    wr32(UART + 0x24, 0x1234);
    check("uart ibrd", rd32(UART + 0x24) == 0x1234, rd32(UART + 0x24));
    check("uart byte read of ibrd high", *(volatile u8 *)(UART + 0x25) == 0x12, 0);
    uart_puts("uart says hi\n");
    check("uart txis after write", (rd32(UART + 0x3C) & 0x20) != 0, rd32(UART + 0x3C));
    wr32(UART + 0x44, 0x7FF);
    check("uart icr clears", rd32(UART + 0x3C) == 0, rd32(UART + 0x3C));
    /* input: the script pipes "xy" into stdin */
    char in[3] = { 0 };
    int got = 0;
    for (long spin = 0; spin < 20000000 && got < 2; spin++)
        if (!(rd32(UART + 0x18) & 0x10))
            in[got++] = (char)rd32(UART);
    check("uart input", got == 2 && in[0] == 'x' && in[1] == 'y', (u64)got);
    check("uart fifo empty after input", (rd32(UART + 0x18) & 0x90) == 0x90, rd32(UART + 0x18));

    /* PL031 */
    u32 dr = rd32(RTC);
    check("rtc epoch", dr >= 1704067200u && dr < 1704067200u + 10, dr);
    check("rtc cr", rd32(RTC + 0x0C) == 1, rd32(RTC + 0x0C));
    check("rtc id", rd32(RTC + 0xFE0) == 0x31 && rd32(RTC + 0xFFC) == 0xB1, 0);
    wr32(RTC + 0x08, 1000);
    check("rtc load", rd32(RTC) == 1000 && rd32(RTC + 0x08) == 1000, rd32(RTC));
    wr32(RTC + 0x04, 999);
    check("rtc past match fires", rd32(RTC + 0x14) == 1, rd32(RTC + 0x14));
    wr32(RTC + 0x1C, 1);
    check("rtc icr", rd32(RTC + 0x14) == 0, rd32(RTC + 0x14));

    /* semihosting console */
    long tt = sh_open(":tt", 4);
    check("open :tt", tt > 0, (u64)tt);
    check("write :tt", sh_write(tt, "tt write\n", 9) == 0, 0);
    check("istty :tt", sh_istty(tt) == 1, 0);
    check("close :tt", sh_close(tt) == 0, 0);
    check("close again", sh_close(tt) == -1, 0);
    char c = 'C';
    semi(0x03, (u64)&c);
    semi(0x03, (u64)"\n");
    long feat = sh_open(":semihosting-features", 0);
    u8 fb[8] = { 0 };
    check("features read", feat > 0 && sh_read(feat, fb, 8) == 3, 0);
    check("features bytes", fb[0] == 'S' && fb[1] == 'H' && fb[2] == 'F' && fb[3] == 'B' && fb[4] == 3, fb[4]);
    check("features flen", sh_flen(feat) == 5, 0);
    sh_close(feat);

    /* host files below --semihosting-root */
    long f = sh_open("out.txt", 4);
    check("open for write", f > 0, (u64)f);
    check("write file", sh_write(f, "data!", 5) == 0, 0);
    check("close file", sh_close(f) == 0, 0);
    f = sh_open("out.txt", 0);
    char buf[8] = { 0 };
    check("flen", sh_flen(f) == 5, (u64)sh_flen(f));
    check("read file", sh_read(f, buf, 8) == 3 && buf[0] == 'd' && buf[4] == '!', 0);
    check("seek", sh_seek(f, 2) == 0 && sh_read(f, buf, 2) == 0 && buf[0] == 't' && buf[1] == 'a', 0);
    check("read at eof", sh_read(f, buf, 4) == 3 && buf[0] == '!' && sh_read(f, buf, 4) == 4, 0);
    sh_close(f);
    check("rename", sh_rename("out.txt", "renamed.txt") == 0, 0);
    check("absolute path refused", sh_open("/etc/passwd", 0) == -1, 0);
    check("errno set", semi(0x13, 0) != 0, 0);
    check("dotdot refused", sh_open("../escape.txt", 4) == -1, 0);
    check("dotdot in middle refused", sh_open("sub/../../escape.txt", 4) == -1, 0);
    check("symlink out refused", sh_open("link_out", 0) == -1, 0);
    check("remove dotdot refused", sh_remove("../victim.txt") == -1, 0);
    check("remove missing", sh_remove("nothing-here") == -1, 0);
    check("bad mode", sh_open("x", 12) == -1, 0);
    /* A FIFO under the root (made by the test) is refused at once, in either direction: open
     * must not block waiting for a writer or a reader. */
    check("fifo for reading refused", sh_open("fifo", 0) == -1, 0);
    check("fifo for writing refused", sh_open("fifo", 4) == -1, 0);

    /* clocks and memory layout */
    u64 t = semi(0x11, 0);
    check("sys_time", t >= 1704067200u && t < 1704067200u + 10, t);
    check("sys_clock", semi(0x10, 0) < 100, semi(0x10, 0));
    check("tickfreq", semi(0x31, 0) == 1000000000ul, semi(0x31, 0));
    u64 el = 0;
    check("elapsed", semi(0x30, (u64)&el) == 0 && el > 0, el);
    u64 hi[4] = { 0 };
    u64 hp = (u64)hi;
    check("heapinfo", semi(0x16, (u64)&hp) == 0, 0);
    check("heap base after image", hi[0] >= (u64)__image_end && hi[0] < 0x40100000ul, hi[0]);
    check("heap limit at ram end", hi[1] == 0x60000000ul && hi[2] == hi[1] && hi[3] == hi[0], hi[1]);
    u64 iserr = (u64)-5;
    check("iserror", semi(0x08, (u64)&iserr) == 1, 0);
    check("unknown op", semi(0x99, 0) == (u64)-1, 0);
    check("fault in block", semi(0x05, 0x20000000ul) == (u64)-1, 0);
    u64 cl[2] = { 0x1234, 99 };
    char cmd[4] = { 'z', 'z', 0, 0 };
    cl[0] = (u64)cmd; cl[1] = 4;
    check("get_cmdline", semi(0x15, (u64)cl) == 0 && cmd[0] == 0 && cl[1] == 0, 0);
    return failures ? 1 : 42;
}
