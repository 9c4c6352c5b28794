/* SPDX-License-Identifier: MIT */
/* The tetrarch command line: parse options, build the board, load the image, run, report. */
#include <errno.h>
#include <limits.h>
#include <signal.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "peripherals/pl011.h"
#include "peripherals/virtio_mmio.h"
#include "mmu/tlb.h"
#include "sim/gdbstub.h"
#include "sim/loader.h"
#include "sim/clock.h"
#include "sim/machine.h"
#include "sim/semihost.h"
#include "sim/stats.h"
#include "sim/outfile.h"
#include "sim/trace.h"

#ifndef TETRARCH_VERSION
#define TETRARCH_VERSION "0.1.0"
#endif

#define MEMORY_DEFAULT (512ULL << 20)
#define MEMORY_MIN (16ULL << 20)
#define MEMORY_MAX (64ULL << 30)

#define STRINGIFY_(x) #x
#define STRINGIFY(x) STRINGIFY_(x)

static const char usage_text[] =
    "usage: tetrarch run (--kernel FILE | --bios FILE) [options]\n"
    "       tetrarch trace summary|convert|filter FILE [options]  (tetrarch trace help)\n"
    "       tetrarch --version\n"
    "       tetrarch help  (or --help after any command)\n"
    "\n"
    "Image (exactly one):\n"
    "  --kernel FILE            AArch64 ELF executable, loaded by physical address, entered at EL3\n"
    "                           (EL2 with --secure off); or an arm64 Linux Image, entered at EL2\n"
    "                           with a device tree\n"
    "  --bios FILE              raw firmware image copied to flash at 0 (up to 64M), entered at EL3\n"
    "                           (EL2 with --secure off)\n"
    "Options:\n"
    "  --memory SIZE            RAM size at 0x40000000, with suffix K, M or G (default 512M,\n"
    "                           16M to 64G)\n"
    "  --max-insns N            stop after N instructions with status 4 (0: no limit)\n"
    "  --smp N                  number of cores (default 1, at most " STRINGIFY(MAX_CPUS) ")\n"
    "  --trace-transitions FILE write one line per exception entry and return to FILE\n"
    "  --stats FILE             write run statistics as JSON to FILE\n"
    "Debugging and tracing (docs/debugging.md, docs/tracing.md):\n"
    "  --gdb [HOST:]PORT        serve gdb's remote protocol on PORT (127.0.0.1 unless HOST)\n"
    "  --gdb-wait               with --gdb: wait for gdb before the first instruction\n"
    "  --tarmac FILE            write a Tarmac trace (Arm Fast Models format) to FILE\n"
    "  --trace FILE             write the compact binary trace (zstd blocks) to FILE\n"
    "  --trace-start TRIGGER    start recording at pc=ADDR, el=N, ec=0xNN or insn=N\n"
    "  --trace-stop TRIGGER     stop recording at pc=ADDR, el=N, ec=0xNN or insn=N\n"
    "  --trace-what LIST        what to record: transitions,insns,regs,mem (default: all)\n"
    "  --semihosting-root DIR   let semihosting open files below DIR (default: no host files)\n"
    "  --rtc sim|host           RTC time: simulated from 2024-01-01 (default) or the host clock\n"
    "  --secure on|off          on (default): EL3 and the Secure world exist, firmware starts at\n"
    "                           EL3; off: as QEMU virt secure=off, firmware starts at EL2\n"
    "                           Non-secure and tetrarch answers PSCI\n"
    "  -q, --quiet              no summary or diagnostics, only errors\n"
    "  -W, --warn               report unimplemented instructions and registers\n"
    "  --check-tlb              re-walk the tables on every TLB hit; report stale hits\n"
    "  --strict-icache          fetch may see stale code until DC CVAU + IC IVAU\n"
    "  --tlb-entries N          architectural TLB entries (power of two, default 1024)\n"
    "  --tlb-ways N             TLB associativity (power of two, default 4)\n"
    "  --drive file=PATH[,rw]   virtio-blk disk from a raw image, read-only unless rw\n"
    "                           (also serial=ID, ro, format=raw; repeatable)\n"
    "  --virtio-console MODE    virtio-console: stdout (output only) or stdio (also input)\n"
    "Boot:\n"
    "  --append STR             kernel command line (/chosen/bootargs in the device tree)\n"
    "  --initrd FILE            initial ramdisk, loaded for an arm64 Linux Image\n"
    "  --dtb FILE               this device tree blob instead of the generated one\n"
    "  --dump-dtb FILE          write the device tree blob to FILE and exit without running\n"
    "\n"
    "Exit status: 0 ok (or the guest's semihosting exit code), 2 usage, 3 bad image,\n"
    "4 --max-insns reached, 5 guest jammed, 6 host error, 7 guest reset. See docs/cli.md.\n";

typedef struct {
    MachineOptions mo;
    const char *kernel, *bios;
    const char *trace_path, *stats_path;
    char *semihost_root;  /* realpath, owned */
    BootOptions boot;     /* --append, --initrd, --dtb */
    const char *dump_dtb_path;
    TraceOptions trace;   /* --tarmac, --trace, --trace-start/stop/what */
    GdbOptions gdb;       /* --gdb, --gdb-wait */
} RunOptions;

static int usage_error(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
static int usage_error(const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    fputs("tetrarch: ", stderr);
    vfprintf(stderr, fmt, ap);
    fputs(" (see 'tetrarch help')\n", stderr);
    va_end(ap);
    return EXIT_USAGE;
}

/* ---- Value parsers: the whole string must be consumed ---- */

static bool parse_u64(const char *s, uint64_t *out)
{
    if (*s < '0' || *s > '9')
        return false;
    uint64_t v = 0;
    for (; *s >= '0' && *s <= '9'; s++) {
        unsigned d = (unsigned)(*s - '0');
        if (v > (UINT64_MAX - d) / 10)
            return false;
        v = v * 10 + d;
    }
    if (*s)
        return false;
    *out = v;
    return true;
}

/* A size: decimal digits with an optional K, M or G suffix (binary multiples). */
static bool parse_size(const char *s, uint64_t *out)
{
    size_t len = strlen(s);
    if (len == 0 || len > 30)
        return false;
    char digits[32];
    memcpy(digits, s, len + 1);
    unsigned shift = 0;
    switch (digits[len - 1]) {
    case 'K': case 'k': shift = 10; break;
    case 'M': case 'm': shift = 20; break;
    case 'G': case 'g': shift = 30; break;
    }
    if (shift)
        digits[len - 1] = '\0';
    uint64_t v;
    if (!parse_u64(digits, &v) || v > (UINT64_MAX >> shift))
        return false;
    *out = v << shift;
    return true;
}

/* Simulated seconds, with up to nine decimals, as cycles of the nominal clock (sim/clock.h). */
static bool parse_seconds(const char *s, uint64_t *cycles)
{
    char whole[32];
    const char *dot = strchr(s, '.');
    size_t wl = dot ? (size_t)(dot - s) : strlen(s);
    if (wl == 0 || wl >= sizeof whole)
        return false;
    memcpy(whole, s, wl);
    whole[wl] = '\0';
    uint64_t sec, frac = 0;
    if (!parse_u64(whole, &sec) || sec > UINT64_MAX / TETRARCH_CPU_HZ - 1)
        return false;
    if (dot) {
        const char *f = dot + 1;
        size_t fl = strlen(f);
        if (fl == 0 || fl > 9)
            return false;
        for (size_t i = 0; i < 9; i++) {
            if (i < fl && (f[i] < '0' || f[i] > '9'))
                return false;
            frac = frac * 10 + (i < fl ? (uint64_t)(f[i] - '0') : 0);
        }
    }
    uint64_t c = sec * TETRARCH_CPU_HZ + frac * (TETRARCH_CPU_HZ / 1000000000ULL);
    if (c == 0)
        return false;
    *cycles = c;
    return true;
}

/* ---- Option parsing ---- */

enum OptId {
    OPT_KERNEL, OPT_BIOS, OPT_MEMORY, OPT_MAX_INSNS, OPT_SMP, OPT_TRACE, OPT_STATS, OPT_SEMIROOT,
    OPT_RTC, OPT_QUIET, OPT_WARN, OPT_HELP, OPT_CHECK_TLB, OPT_STRICT_ICACHE, OPT_TLB_ENTRIES,
    OPT_TLB_WAYS, OPT_DRIVE, OPT_VIRTIO_CONSOLE, OPT_APPEND, OPT_INITRD, OPT_DTB, OPT_DUMP_DTB,
    OPT_SECURE, OPT_GDB, OPT_GDB_WAIT, OPT_TARMAC, OPT_BINTRACE, OPT_TRACE_START, OPT_TRACE_STOP,
    OPT_TRACE_WHAT, OPT_MAX_TIME, OPT_GDB_FILES,
};

static const struct {
    const char *name, *alias;
    enum OptId id;
    bool takes_value;
} options[] = {
    { "--kernel", NULL, OPT_KERNEL, true },
    { "--bios", NULL, OPT_BIOS, true },
    { "--memory", NULL, OPT_MEMORY, true },
    { "--max-insns", NULL, OPT_MAX_INSNS, true },
    { "--max-time", NULL, OPT_MAX_TIME, true },
    { "--gdb-files", NULL, OPT_GDB_FILES, true },
    { "--smp", NULL, OPT_SMP, true },
    { "--trace-transitions", NULL, OPT_TRACE, true },
    { "--stats", NULL, OPT_STATS, true },
    { "--semihosting-root", NULL, OPT_SEMIROOT, true },
    { "--rtc", NULL, OPT_RTC, true },
    { "--quiet", "-q", OPT_QUIET, false },
    { "--warn", "-W", OPT_WARN, false },
    { "--help", "-h", OPT_HELP, false },
    { "--check-tlb", NULL, OPT_CHECK_TLB, false },
    { "--strict-icache", NULL, OPT_STRICT_ICACHE, false },
    { "--tlb-entries", NULL, OPT_TLB_ENTRIES, true },
    { "--tlb-ways", NULL, OPT_TLB_WAYS, true },
    { "--drive", NULL, OPT_DRIVE, true },
    { "--virtio-console", NULL, OPT_VIRTIO_CONSOLE, true },
    { "--append", NULL, OPT_APPEND, true },
    { "--initrd", NULL, OPT_INITRD, true },
    { "--dtb", NULL, OPT_DTB, true },
    { "--dump-dtb", NULL, OPT_DUMP_DTB, true },
    { "--secure", NULL, OPT_SECURE, true },
    { "--gdb", NULL, OPT_GDB, true },
    { "--gdb-wait", NULL, OPT_GDB_WAIT, false },
    { "--tarmac", NULL, OPT_TARMAC, true },
    { "--trace", NULL, OPT_BINTRACE, true },
    { "--trace-start", NULL, OPT_TRACE_START, true },
    { "--trace-stop", NULL, OPT_TRACE_STOP, true },
    { "--trace-what", NULL, OPT_TRACE_WHAT, true },
};

static int apply_option(RunOptions *ro, enum OptId id, const char *name, const char *value)
{
    uint64_t n;
    switch (id) {
    case OPT_KERNEL: ro->kernel = value; break;
    case OPT_BIOS: ro->bios = value; break;
    case OPT_MEMORY:
        if (!parse_size(value, &n))
            return usage_error("%s '%s': expected a size such as 512M or 2G", name, value);
        if (n < MEMORY_MIN)
            return usage_error("%s '%s': must be at least 16M", name, value);
        if (n > MEMORY_MAX)
            return usage_error("%s '%s': must be at most 64G", name, value);
        if (n % PAGE_SIZE)
            return usage_error("%s '%s': must be a multiple of 4K", name, value);
        ro->mo.ram_size = n;
        break;
    case OPT_MAX_INSNS:
        if (!parse_u64(value, &n))
            return usage_error("%s '%s': expected a number of instructions", name, value);
        ro->mo.max_insns = n;
        break;
    case OPT_MAX_TIME:
        if (!parse_seconds(value, &n))
            return usage_error("%s '%s': expected simulated seconds, such as 10 or 0.5", name, value);
        ro->mo.max_cycles = n;
        break;
    case OPT_GDB_FILES: ro->gdb.files_dir = value; break;
    case OPT_SMP:
        if (!parse_u64(value, &n))
            return usage_error("%s '%s': expected a number of cores", name, value);
        if (n == 0)
            return usage_error("%s '%s': at least one core is needed", name, value);
        if (n > MAX_CPUS)
            return usage_error("%s '%s': at most %d cores", name, value, MAX_CPUS);
        ro->mo.smp = (unsigned)n;
        break;
    case OPT_TRACE: ro->trace_path = value; break;
    case OPT_STATS: ro->stats_path = value; break;
    case OPT_SEMIROOT: {
        struct stat st;
        if (stat(value, &st) != 0 || !S_ISDIR(st.st_mode))
            return usage_error("%s '%s': not a directory", name, value);
        free(ro->semihost_root);
        ro->semihost_root = realpath(value, NULL);
        if (!ro->semihost_root)
            return usage_error("%s '%s': %s", name, value, strerror(errno));
        ro->mo.semihost_root = ro->semihost_root;
        break;
    }
    case OPT_RTC:
        if (strcmp(value, "host") == 0)
            ro->mo.rtc_host = true;
        else if (strcmp(value, "sim") == 0)
            ro->mo.rtc_host = false;
        else
            return usage_error("%s '%s': expected 'sim' or 'host'", name, value);
        break;
    case OPT_SECURE:
        if (strcmp(value, "on") == 0)
            ro->mo.secure_off = false;
        else if (strcmp(value, "off") == 0)
            ro->mo.secure_off = true;
        else
            return usage_error("%s '%s': expected 'on' or 'off'", name, value);
        break;
    case OPT_QUIET: ro->mo.quiet = true; break;
    case OPT_WARN: ro->mo.warn = true; break;
    case OPT_CHECK_TLB: ro->mo.check_tlb = true; break;
    case OPT_STRICT_ICACHE: ro->mo.strict_icache = true; break;
    case OPT_TLB_ENTRIES:
    case OPT_TLB_WAYS:
        if (!parse_u64(value, &n) || n == 0 || n > 65536 || (n & (n - 1)))
            return usage_error("%s '%s': expected a power of two from 1 to 65536", name, value);
        if (id == OPT_TLB_ENTRIES)
            ro->mo.tlb_entries = (unsigned)n;
        else
            ro->mo.tlb_ways = (unsigned)n;
        break;
    case OPT_DRIVE:
    case OPT_VIRTIO_CONSOLE: {
        char err[160];
        bool ok = id == OPT_DRIVE ? virtio_parse_drive(&ro->mo.virtio, value, err, sizeof err)
                                  : virtio_parse_console(&ro->mo.virtio, value, err, sizeof err);
        if (!ok)
            return usage_error("%s '%s': %s", name, value, err);
        break;
    }
    case OPT_APPEND: ro->boot.bootargs = value; break;
    case OPT_INITRD: ro->boot.initrd_path = value; break;
    case OPT_DTB: ro->boot.dtb_path = value; break;
    case OPT_DUMP_DTB: ro->dump_dtb_path = value; break;
    case OPT_GDB: ro->gdb.listen = value; break;
    case OPT_GDB_WAIT: ro->gdb.wait = true; break;
    case OPT_TARMAC: ro->trace.tarmac_path = value; break;
    case OPT_BINTRACE: ro->trace.binary_path = value; break;
    case OPT_TRACE_START: ro->trace.start = value; break;
    case OPT_TRACE_STOP: ro->trace.stop = value; break;
    case OPT_TRACE_WHAT: ro->trace.what = value; break;
    case OPT_HELP:
        fputs(usage_text, stdout);
        exit(EXIT_OK);
    }
    return EXIT_OK;
}

static int check_file_roles(const RunOptions *ro);

/* Parse the arguments after "run". Accepts "--opt VALUE" and "--opt=VALUE". */
static int parse_run_options(int argc, char **argv, RunOptions *ro)
{
    ro->mo.ram_size = MEMORY_DEFAULT;
    for (int i = 0; i < argc; i++) {
        const char *arg = argv[i];
        if (arg[0] != '-')
            return usage_error("unexpected argument '%s'", arg);
        const char *eq = strncmp(arg, "--", 2) == 0 ? strchr(arg, '=') : NULL;
        size_t name_len = eq ? (size_t)(eq - arg) : strlen(arg);
        int found = -1;
        for (size_t k = 0; k < sizeof(options) / sizeof(options[0]); k++) {
            const char *nm = options[k].name, *al = options[k].alias;
            if ((strlen(nm) == name_len && strncmp(arg, nm, name_len) == 0) ||
                (al && strlen(al) == name_len && strncmp(arg, al, name_len) == 0))
                found = (int)k;
        }
        if (found < 0)
            return usage_error("unknown option '%.*s'", (int)name_len, arg);
        const char *name = options[found].name;
        const char *value = NULL;
        if (options[found].takes_value) {
            if (eq)
                value = eq + 1;
            else if (i + 1 < argc)
                value = argv[++i];
            else
                return usage_error("option %s needs a value", name);
            if (value[0] == '\0')
                return usage_error("option %s needs a value", name);
        } else if (eq) {
            return usage_error("option %s takes no value", name);
        }
        int status = apply_option(ro, options[found].id, name, value);
        if (status != EXIT_OK)
            return status;
    }
    if (ro->kernel && ro->bios)
        return usage_error("--kernel and --bios cannot be used together");
    if (!ro->kernel && !ro->bios)
        return usage_error("one of --kernel FILE or --bios FILE is required");
    if (ro->bios && ro->boot.initrd_path)
        return usage_error("--initrd needs an arm64 Linux Image as --kernel, not --bios");
    char err[200];
    if (!trace_options_check(&ro->trace, err, sizeof err))
        return usage_error("%s", err);
    if (ro->gdb.wait && !ro->gdb.listen)
        return usage_error("--gdb-wait needs --gdb PORT");
    if (ro->gdb.files_dir && !ro->gdb.listen)
        return usage_error("--gdb-files needs --gdb PORT");
    unsigned entries = ro->mo.tlb_entries ? ro->mo.tlb_entries : TLB_DEFAULT_ENTRIES;
    unsigned ways = ro->mo.tlb_ways ? ro->mo.tlb_ways : TLB_DEFAULT_WAYS;
    if (ways > entries)
        return usage_error("--tlb-ways %u is more than the %u TLB entries (--tlb-entries)", ways, entries);
    int same = check_file_roles(ro);
    if (same != EXIT_OK)
        return same;
    if (ro->gdb.listen && !gdb_options_check(&ro->gdb, err, sizeof err))
        return usage_error("%s", err);
    return virtio_check_images(&ro->mo.virtio) ? EXIT_OK : EXIT_BAD_IMAGE;
}

/* An output that is also an input, or two outputs that are one file, would destroy data:
 * refused before anything runs. */
typedef struct {
    const char *opt, *path;
} FileRole;

static int check_file_roles(const RunOptions *ro)
{
    FileRole in[4 + VIRTIO_TRANSPORTS], out[5];
    unsigned ni = 0, no = 0;
    in[ni++] = (FileRole){"--kernel", ro->kernel};
    in[ni++] = (FileRole){"--bios", ro->bios};
    in[ni++] = (FileRole){"--initrd", ro->boot.initrd_path};
    in[ni++] = (FileRole){"--dtb", ro->boot.dtb_path};
    for (unsigned k = 0; k < ro->mo.virtio.ndev; k++)
        if (ro->mo.virtio.dev[k].kind == VIRTIO_KIND_BLOCK)
            in[ni++] = (FileRole){"--drive", ro->mo.virtio.dev[k].path};
    out[no++] = (FileRole){"--trace-transitions", ro->trace_path};
    out[no++] = (FileRole){"--stats", ro->stats_path};
    out[no++] = (FileRole){"--dump-dtb", ro->dump_dtb_path};
    out[no++] = (FileRole){"--tarmac", ro->trace.tarmac_path};
    out[no++] = (FileRole){"--trace", ro->trace.binary_path};
    for (unsigned o = 0; o < no; o++) {
        if (!out[o].path)
            continue;
        for (unsigned i = 0; i < ni; i++)
            if (in[i].path && outfile_same_file(out[o].path, in[i].path))
                return usage_error("%s '%s' is the %s input: an output may not overwrite an input",
                                   out[o].opt, out[o].path, in[i].opt);
        for (unsigned p = 0; p < o; p++)
            if (out[p].path && outfile_same_file(out[o].path, out[p].path))
                return usage_error("%s '%s' is also the %s output", out[o].opt, out[o].path, out[p].opt);
    }
    return EXIT_OK;
}

/* ---- Output files ---- */

/* Open a run's output (see sim/outfile.h): false after printing why. */
static bool open_output(OutFile *o, const char *path, FILE **f)
{
    char err[512];
    *f = NULL;
    memset(o, 0, sizeof *o);
    o->fd = -1;
    if (!path)
        return true;
    if (!outfile_open(o, path, OUT_REPLACE, err, sizeof err)) {
        fprintf(stderr, "tetrarch: %s\n", err);
        return false;
    }
    *f = outfile_stdio(o, 1 << 16);
    if (!*f) {
        fprintf(stderr, "tetrarch: %s: %s\n", path, strerror(errno));
        outfile_discard(o, false);
        return false;
    }
    return true;
}

/* ---- Signals ---- */

/* The first SIGINT/SIGTERM/SIGHUP asks machine_run to stop, so that traces and statistics
 * are written; a second one restores the terminal and dies of the signal at once. */
static void on_stop_signal(int sig)
{
    if (machine_stop_requested) {
        pl011_restore_terminal();
        signal(sig, SIG_DFL);
        raise(sig);
        return;
    }
    machine_stop_requested = sig;
}

/* Signals that end the process at once (Ctrl-\, a crash) must not leave the terminal raw. */
static void on_fatal_signal(int sig)
{
    pl011_restore_terminal();
    signal(sig, SIG_DFL);
    raise(sig);
}

static void install_signal_handlers(void)
{
    struct sigaction sa;
    memset(&sa, 0, sizeof(sa));
    sigemptyset(&sa.sa_mask);
    sa.sa_handler = on_stop_signal;
    sigaction(SIGINT, &sa, NULL);
    sigaction(SIGTERM, &sa, NULL);
    sigaction(SIGHUP, &sa, NULL);
    sa.sa_handler = on_fatal_signal;
    static const int fatal[] = { SIGQUIT, SIGSEGV, SIGBUS, SIGABRT, SIGFPE, SIGILL };
    for (size_t i = 0; i < sizeof(fatal) / sizeof(fatal[0]); i++)
        sigaction(fatal[i], &sa, NULL);
}

static double now_seconds(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec * 1e-9;
}

/* ---- tetrarch run ---- */

static int run(RunOptions *ro)
{
    install_signal_handlers();
    Machine *m = calloc(1, sizeof(*m));
    if (!m || !machine_init(m, &ro->mo)) {
        if (!m)
            fprintf(stderr, "tetrarch: out of memory\n");
        free(m);
        return EXIT_HOST_ERROR;
    }

    /* Outputs are opened only once the image has loaded: a bad image touches no file. */
    BootInfo boot;
    int status = ro->kernel ? load_image(m, ro->kernel, IMAGE_KERNEL, &ro->boot, &boot)
                            : load_image(m, ro->bios, IMAGE_BIOS, &ro->boot, &boot);
    if (status != EXIT_OK) {
        machine_free(m);
        free(m);
        return status;
    }
    if (ro->dump_dtb_path) {
        /* --dump-dtb: write the tree this boot would use, as QEMU's dumpdtb, and stop. */
        OutFile dump;
        FILE *f;
        status = open_output(&dump, ro->dump_dtb_path, &f) ? EXIT_OK : EXIT_HOST_ERROR;
        if (status == EXIT_OK) {
            fwrite(boot.dtb.data, 1, boot.dtb.size, f);
            status = outfile_finish(&dump, true, false) ? EXIT_OK : EXIT_HOST_ERROR;
        }
        if (status == EXIT_OK)
            machine_msg(m, "device tree (%zu bytes) written to %s; not running (--dump-dtb)",
                        boot.dtb.size, ro->dump_dtb_path);
        boot_info_free(&boot);
        machine_free(m);
        free(m);
        return status;
    }
    OutFile trace, stats;
    FILE *trace_f, *stats_f;
    if (!open_output(&trace, ro->trace_path, &trace_f)) {
        status = EXIT_HOST_ERROR;
    } else if (!open_output(&stats, ro->stats_path, &stats_f)) {
        outfile_discard(&trace, false);
        status = EXIT_HOST_ERROR;
    }
    if (status != EXIT_OK) {
        boot_info_free(&boot);
        machine_free(m);
        free(m);
        return status;
    }

    m->transitions = trace_f;
    /* A bare-metal image entered at EL3 starts every core at its entry, as QEMU's virt does;
     * when tetrarch answers PSCI (a Linux Image, --secure off) the secondaries wait for CPU_ON,
     * as QEMU starts them powered off when it emulates PSCI. */
    machine_reset_cpus(m, boot.entry, boot.el, boot.el == 3);
    boot_setup_cpus(m, &boot);
    boot_info_free(&boot);

    /* The trace and the gdb stub start before the first instruction. */
    bool tracing = ro->trace.tarmac_path || ro->trace.binary_path;
    if (tracing && !(m->trace = trace_open(m, &ro->trace)))
        status = EXIT_HOST_ERROR;
    if (status == EXIT_OK && ro->gdb.listen && !(m->gdb = gdbstub_open(m, &ro->gdb)))
        status = EXIT_HOST_ERROR;

    double start = now_seconds();
    if (status == EXIT_OK)
        status = m->gdb ? gdbstub_run(m->gdb) : machine_run(m);
    double host_seconds = now_seconds() - start;
    if (m->gdb) {
        gdbstub_close(m->gdb);
        m->gdb = NULL;
    }
    if (m->trace) {
        struct Trace *t = m->trace;
        m->trace = NULL;
        if (!trace_close(t))
            status = EXIT_HOST_ERROR;
    }

    if (m->uart)
        pl011_flush(m->uart);
    fflush(stdout);
    pl011_restore_terminal();

    /* machine_run has said why it stopped (--max-insns, a jam, a signal) unless -q. */
    if (!ro->mo.quiet) {
        stats_print_summary(m, stderr);
        double mips = host_seconds > 0 ? (double)m->cpu[0]->icount / host_seconds / 1e6 : 0;
        fprintf(stderr, "  host time %.3f s, %.2f MIPS\n", host_seconds, mips);
    }

    /* The outputs of a run that failed (a jam, a limit) are still written: they say why. */
    bool stats_ok = !stats_f || stats_write_json_file(m, stats_f, host_seconds);
    if (!stats_ok)
        fprintf(stderr, "tetrarch: %s: cannot write statistics: %s\n", ro->stats_path, strerror(errno));
    if (!outfile_finish(&stats, stats_ok, false))
        status = EXIT_HOST_ERROR;
    m->transitions = NULL;
    if (!outfile_finish(&trace, true, false))
        status = EXIT_HOST_ERROR;

    semihost_close_all();
    machine_free(m);
    free(m);
    return status;
}

int main(int argc, char **argv)
{
    if (argc < 2)
        return usage_error("missing command: try 'tetrarch run --kernel FILE'");
    const char *cmd = argv[1];
    if (strcmp(cmd, "--version") == 0 || strcmp(cmd, "version") == 0) {
        printf("tetrarch %s\n", TETRARCH_VERSION);
        return EXIT_OK;
    }
    if (strcmp(cmd, "help") == 0 || strcmp(cmd, "--help") == 0 || strcmp(cmd, "-h") == 0) {
        fputs(usage_text, stdout);
        return EXIT_OK;
    }
    if (strcmp(cmd, "trace") == 0)
        return trace_tool_main(argc - 2, argv + 2);
    if (strcmp(cmd, "run") != 0) {
        if (cmd[0] == '-')
            return usage_error("unknown option '%s'; options follow the command 'run'", cmd);
        return usage_error("unknown command '%s'", cmd);
    }
    RunOptions ro;
    memset(&ro, 0, sizeof(ro));
    int status = parse_run_options(argc - 2, argv + 2, &ro);
    if (status == EXIT_OK)
        status = run(&ro);
    free(ro.semihost_root);
    virtio_options_free(&ro.mo.virtio);
    return status;
}
