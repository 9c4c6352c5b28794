/* SPDX-License-Identifier: MIT */
/* Device tree of the virt board, written with libfdt's sequential-write API, and the checks
 * and edits applied to a user's blob (--dtb). */
#include "sim/fdt.h"

#include <errno.h>
#include <fcntl.h>
#include <libfdt.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "mmu/phys.h"
#include "peripherals/pflash.h"
#include "sim/outfile.h"

/* Interrupt specifiers of "arm,gic-v3" (#interrupt-cells = 3): type, number, flags. */
enum {
    GIC_SPI = 0,
    GIC_PPI = 1,
    IRQ_EDGE_RISING = 1,
    IRQ_LEVEL_HIGH = 4,
};

/* The board's interrupt numbers as QEMU virt wires them (PPIs and SPIs count from 0). */
enum {
    PPI_GIC_MAINTENANCE = 9,
    PPI_TIMER_NS_EL2 = 10,
    PPI_TIMER_VIRT = 11,
    PPI_TIMER_SECURE = 13,
    PPI_TIMER_NS_EL1 = 14,
    SPI_UART = 1,
    SPI_RTC = 2,
    SPI_VIRTIO = 16,
};

#define GIC_DIST_SIZE 0x10000u
#define GIC_REDIST_FRAME 0x20000u /* RD_base + SGI_base of one core */
#define DEV_PAGE 0x1000u
#define VIRTIO_COUNT 32
#define VIRTIO_SIZE 0x200u
#define APB_CLOCK_HZ 24000000u
/* phandles as QEMU allocates them: the clock first, then the cores (last core first), then
 * the interrupt controller. */
#define PHANDLE_BASE 0x8000u

/* PSCI 0.2 function IDs that the /psci node names for old kernels (DEN0022). */
#define PSCI_FN64_CPU_SUSPEND 0xC4000001u
#define PSCI_FN_CPU_OFF 0x84000002u
#define PSCI_FN64_CPU_ON 0xC4000003u
#define PSCI_FN64_MIGRATE 0xC4000005u

/* ---- Sequential writer: the first libfdt error sticks and later calls do nothing ---- */

typedef struct {
    void *fdt;
    int err;
} Writer;

static void w_check(Writer *w, int rc)
{
    if (rc < 0 && !w->err)
        w->err = rc;
}

static void w_begin(Writer *w, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
static void w_begin(Writer *w, const char *fmt, ...)
{
    char name[64];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(name, sizeof name, fmt, ap);
    va_end(ap);
    if (!w->err)
        w_check(w, fdt_begin_node(w->fdt, name));
}

static void w_end(Writer *w)
{
    if (!w->err)
        w_check(w, fdt_end_node(w->fdt));
}

static void w_prop(Writer *w, const char *name, const void *val, int len)
{
    if (!w->err)
        w_check(w, fdt_property(w->fdt, name, val, len));
}

static void w_empty(Writer *w, const char *name) { w_prop(w, name, NULL, 0); }
static void w_str(Writer *w, const char *name, const char *s) { w_prop(w, name, s, (int)strlen(s) + 1); }

static void w_u32(Writer *w, const char *name, uint32_t v)
{
    fdt32_t be = cpu_to_fdt32(v);
    w_prop(w, name, &be, sizeof be);
}

/* A list of 32-bit cells. */
static void w_cells(Writer *w, const char *name, const uint32_t *v, unsigned n)
{
    fdt32_t be[24];
    for (unsigned i = 0; i < n && i < 24; i++)
        be[i] = cpu_to_fdt32(v[i]);
    w_prop(w, name, be, (int)(n * sizeof be[0]));
}

/* reg = <base size> with #address-cells = #size-cells = 2 (the root's). */
static void w_reg(Writer *w, uint64_t base, uint64_t size)
{
    uint32_t v[4] = { (uint32_t)(base >> 32), (uint32_t)base, (uint32_t)(size >> 32), (uint32_t)size };
    w_cells(w, "reg", v, 4);
}

static void w_irq(Writer *w, uint32_t type, uint32_t num, uint32_t flags)
{
    uint32_t v[3] = { type, num, flags };
    w_cells(w, "interrupts", v, 3);
}

/* A 32-bit value when it fits (as QEMU writes initrd addresses), else 64-bit. */
static void w_addr(Writer *w, const char *name, uint64_t v)
{
    if (v >> 32) {
        fdt64_t be = cpu_to_fdt64(v);
        w_prop(w, name, &be, sizeof be);
    } else {
        w_u32(w, name, (uint32_t)v);
    }
}

/* ---- The board ---- */

/* Does the physical map have a device at pa? */
static bool board_has_device(const Machine *m, uint64_t pa)
{
    for (int i = 0; i < m->phys.ndev; i++)
        if (pa - m->phys.dev[i].base < m->phys.dev[i].size)
            return true;
    return false;
}

static void add_psci(Writer *w)
{
    static const char compat[] = "arm,psci-1.0\0arm,psci-0.2\0arm,psci";
    w_begin(w, "psci");
    w_u32(w, "migrate", PSCI_FN64_MIGRATE);
    w_u32(w, "cpu_on", PSCI_FN64_CPU_ON);
    w_u32(w, "cpu_off", PSCI_FN_CPU_OFF);
    w_u32(w, "cpu_suspend", PSCI_FN64_CPU_SUSPEND);
    /* Firmware answers SMC: the kernel runs at EL2, so HVC belongs to it (QEMU uses "smc"
     * with virtualization=on for the same reason). */
    w_str(w, "method", "smc");
    w_prop(w, "compatible", compat, sizeof compat);
    w_end(w);
}

static void add_memory(Writer *w, const Machine *m)
{
    w_begin(w, "memory@%llx", (unsigned long long)m->phys.ram_base);
    w_reg(w, m->phys.ram_base, m->phys.ram_size);
    w_str(w, "device_type", "memory");
    w_end(w);
}

/* The Secure-only RAM: memory for the Secure world only (QEMU virt with secure=on). */
static void add_secure_ram(Writer *w)
{
    w_begin(w, "secram@%llx", (unsigned long long)VIRT_SECURE_RAM_BASE);
    w_str(w, "secure-status", "okay");
    w_str(w, "status", "disabled");
    w_reg(w, VIRT_SECURE_RAM_BASE, VIRT_SECURE_RAM_SIZE);
    w_str(w, "device_type", "memory");
    w_end(w);
}

/* 32 virtio-mmio transports, SPI 16 + n, edge-triggered and DMA-coherent as in QEMU. */
static void add_virtio(Writer *w)
{
    for (unsigned i = 0; i < VIRTIO_COUNT; i++) {
        uint64_t base = VIRT_VIRTIO_BASE + (uint64_t)i * VIRTIO_SIZE;
        w_begin(w, "virtio_mmio@%llx", (unsigned long long)base);
        w_empty(w, "dma-coherent");
        w_irq(w, GIC_SPI, SPI_VIRTIO + i, IRQ_EDGE_RISING);
        w_reg(w, base, VIRTIO_SIZE);
        w_str(w, "compatible", "virtio,mmio");
        w_end(w);
    }
}

static void add_rtc(Writer *w, uint32_t clock)
{
    static const char compat[] = "arm,pl031\0arm,primecell";
    w_begin(w, "pl031@%llx", (unsigned long long)VIRT_RTC_BASE);
    w_str(w, "clock-names", "apb_pclk");
    w_u32(w, "clocks", clock);
    w_irq(w, GIC_SPI, SPI_RTC, IRQ_LEVEL_HIGH);
    w_reg(w, VIRT_RTC_BASE, DEV_PAGE);
    w_prop(w, "compatible", compat, sizeof compat);
    w_end(w);
}

static void add_uart(Writer *w, uint32_t clock)
{
    static const char compat[] = "arm,pl011\0arm,primecell";
    static const char clock_names[] = "uartclk\0apb_pclk";
    uint32_t clocks[2] = { clock, clock };
    w_begin(w, "pl011@%llx", (unsigned long long)VIRT_UART_BASE);
    w_prop(w, "clock-names", clock_names, sizeof clock_names);
    w_cells(w, "clocks", clocks, 2);
    w_irq(w, GIC_SPI, SPI_UART, IRQ_LEVEL_HIGH);
    w_reg(w, VIRT_UART_BASE, DEV_PAGE);
    w_prop(w, "compatible", compat, sizeof compat);
    w_end(w);
}

/* GICv3: distributor, then one redistributor region with a frame per core. No ITS. */
static void add_gic(Writer *w, const Machine *m, uint32_t phandle)
{
    uint32_t reg[8] = {
        0, (uint32_t)VIRT_GIC_DIST, 0, GIC_DIST_SIZE,
        0, (uint32_t)VIRT_GIC_REDIST, 0, GIC_REDIST_FRAME * (uint32_t)m->ncpu,
    };
    w_begin(w, "intc@%llx", (unsigned long long)VIRT_GIC_DIST);
    w_u32(w, "phandle", phandle);
    /* The virtual CPU interface's maintenance interrupt: EL2 exists. */
    w_irq(w, GIC_PPI, PPI_GIC_MAINTENANCE, IRQ_LEVEL_HIGH);
    w_cells(w, "reg", reg, 8);
    w_u32(w, "#redistributor-regions", 1);
    w_str(w, "compatible", "arm,gic-v3");
    w_empty(w, "ranges");
    w_u32(w, "#size-cells", 2);
    w_u32(w, "#address-cells", 2);
    w_empty(w, "interrupt-controller");
    w_u32(w, "#interrupt-cells", 3);
    w_end(w);
}

/* The two CFI flash banks (peripherals/pflash.c), 32 bits wide, as QEMU's create_flash(): one
 * node for both, or, when EL3 firmware runs (QEMU: secure=on with firmware), bank 0 as the
 * Secure world's (secflash@0) and bank 1 alone. tetrarch lets both worlds reach either bank;
 * the tree only says who should use which. */
static void add_flash(Writer *w, bool secure_firmware)
{
    const uint64_t bank = PFLASH_BANK_SIZE;
    if (!secure_firmware) {
        uint32_t reg[8] = { 0, (uint32_t)VIRT_FLASH_BASE, 0, (uint32_t)bank,
                            0, (uint32_t)(VIRT_FLASH_BASE + bank), 0, (uint32_t)bank };
        w_begin(w, "flash@%llx", (unsigned long long)VIRT_FLASH_BASE);
        w_u32(w, "bank-width", PFLASH_BANK_WIDTH);
        w_cells(w, "reg", reg, 8);
        w_str(w, "compatible", "cfi-flash");
        w_end(w);
        return;
    }
    w_begin(w, "flash@%llx", (unsigned long long)(VIRT_FLASH_BASE + bank));
    w_u32(w, "bank-width", PFLASH_BANK_WIDTH);
    w_reg(w, VIRT_FLASH_BASE + bank, bank);
    w_str(w, "compatible", "cfi-flash");
    w_end(w);
    w_begin(w, "secflash@%llx", (unsigned long long)VIRT_FLASH_BASE);
    w_str(w, "secure-status", "okay");
    w_str(w, "status", "disabled");
    w_u32(w, "bank-width", PFLASH_BANK_WIDTH);
    w_reg(w, VIRT_FLASH_BASE, bank);
    w_str(w, "compatible", "cfi-flash");
    w_end(w);
}

/* Core n's MPIDR affinity: Aff0 = n (QEMU virt: up to 8 cores per cluster). */
static uint32_t cpu_phandle(const Machine *m, int n) { return PHANDLE_BASE + (uint32_t)(m->ncpu - n); }

static void add_cpus(Writer *w, const Machine *m)
{
    w_begin(w, "cpus");
    w_u32(w, "#size-cells", 0);
    w_u32(w, "#address-cells", 1);
    w_begin(w, "cpu-map");
    w_begin(w, "socket0");
    w_begin(w, "cluster0");
    for (int n = 0; n < m->ncpu; n++) {
        w_begin(w, "core%d", n);
        w_u32(w, "cpu", cpu_phandle(m, n));
        w_end(w);
    }
    w_end(w);
    w_end(w);
    w_end(w);
    for (int n = 0; n < m->ncpu; n++) {
        w_begin(w, "cpu@%d", n);
        w_u32(w, "phandle", cpu_phandle(m, n));
        w_u32(w, "reg", (uint32_t)n);
        /* As QEMU: the secondaries are started through PSCI CPU_ON (by tetrarch, or by the
         * EL3 firmware when one runs). */
        if (m->ncpu > 1)
            w_str(w, "enable-method", "psci");
        w_str(w, "compatible", "arm,cortex-a55");
        w_str(w, "device_type", "cpu");
        w_end(w);
    }
    w_end(w);
}

/* The generic timer's PPIs in the binding's order: secure EL1, non-secure EL1, virtual,
 * hypervisor; level-triggered, active high (what QEMU 7.2 says for virt-2.9 and later). */
static void add_timer(Writer *w)
{
    static const char compat[] = "arm,armv8-timer\0arm,armv7-timer";
    uint32_t irqs[12] = {
        GIC_PPI, PPI_TIMER_SECURE, IRQ_LEVEL_HIGH, GIC_PPI, PPI_TIMER_NS_EL1, IRQ_LEVEL_HIGH,
        GIC_PPI, PPI_TIMER_VIRT, IRQ_LEVEL_HIGH, GIC_PPI, PPI_TIMER_NS_EL2, IRQ_LEVEL_HIGH,
    };
    w_begin(w, "timer");
    w_cells(w, "interrupts", irqs, 12);
    w_empty(w, "always-on");
    w_prop(w, "compatible", compat, sizeof compat);
    w_end(w);
}

static void add_clock(Writer *w, uint32_t phandle)
{
    w_begin(w, "apb-pclk");
    w_u32(w, "phandle", phandle);
    w_str(w, "clock-output-names", "clk24mhz");
    w_u32(w, "clock-frequency", APB_CLOCK_HZ);
    w_u32(w, "#clock-cells", 0);
    w_str(w, "compatible", "fixed-clock");
    w_end(w);
}

static void add_chosen(Writer *w, const DtbParams *p)
{
    char stdout_path[32];
    snprintf(stdout_path, sizeof stdout_path, "/pl011@%llx", (unsigned long long)VIRT_UART_BASE);
    w_begin(w, "chosen");
    if (p->initrd_end > p->initrd_start) {
        w_addr(w, "linux,initrd-end", p->initrd_end);
        w_addr(w, "linux,initrd-start", p->initrd_start);
    }
    if (p->bootargs && *p->bootargs)
        w_str(w, "bootargs", p->bootargs);
    w_str(w, "stdout-path", stdout_path);
    w_end(w);
}

bool dtb_build(const Machine *m, const DtbParams *p, DtbBlob *out)
{
    out->data = NULL;
    out->size = 0;
    Writer w = { malloc(DTB_GENERATED_SIZE), 0 };
    if (!w.fdt) {
        machine_error(m, "out of host memory for the device tree");
        return false;
    }
    const uint32_t clock = PHANDLE_BASE, gic = PHANDLE_BASE + 1 + (uint32_t)m->ncpu;

    w_check(&w, fdt_create(w.fdt, DTB_GENERATED_SIZE));
    if (!w.err)
        w_check(&w, fdt_finish_reservemap(w.fdt));
    /* Nodes in the order QEMU's tree shows them, so the two compare line by line. */
    w_begin(&w, "%s", "");
    w_u32(&w, "interrupt-parent", gic);
    w_str(&w, "model", "linux,dummy-virt");
    w_u32(&w, "#size-cells", 2);
    w_u32(&w, "#address-cells", 2);
    w_str(&w, "compatible", "linux,dummy-virt");
    if (p->psci)
        add_psci(&w);
    add_memory(&w, m);
    if (m->phys.mem[MEM_SECURE_RAM].host) /* not with --secure off */
        add_secure_ram(&w);
    if (board_has_device(m, VIRT_VIRTIO_BASE))
        add_virtio(&w);
    add_rtc(&w, clock);
    add_uart(&w, clock);
    add_gic(&w, m, gic);
    /* EL3 firmware runs exactly when tetrarch does not answer PSCI (p->psci), which is also
     * QEMU's condition (secure=on with firmware) both for leaving out /psci and for the
     * Secure flash bank. */
    if (m->flash)
        add_flash(&w, !p->psci);
    add_cpus(&w, m);
    add_timer(&w);
    add_clock(&w, clock);
    add_chosen(&w, p);
    w_end(&w);
    if (!w.err)
        w_check(&w, fdt_finish(w.fdt));
    /* The finished tree is compact; give it QEMU's totalsize so editors have room. */
    if (!w.err)
        w_check(&w, fdt_open_into(w.fdt, w.fdt, DTB_GENERATED_SIZE));
    if (w.err) {
        machine_error(m, "cannot build the device tree: %s", fdt_strerror(w.err));
        free(w.fdt);
        return false;
    }
    out->data = w.fdt;
    out->size = fdt_totalsize(w.fdt);
    return true;
}

/* ---- A user's blob ---- */

static int blob_error(const char *path, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
static int blob_error(const char *path, const char *fmt, ...)
{
    char msg[256];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(msg, sizeof msg, fmt, ap);
    va_end(ap);
    fprintf(stderr, "tetrarch: %s: %s\n", path, msg);
    return EXIT_BAD_IMAGE;
}

/* Read a whole regular file of at most `max` bytes. */
static int read_file(const char *path, size_t max, uint8_t **data, size_t *size)
{
    int fd = open(path, O_RDONLY | O_NONBLOCK | O_NOCTTY | O_CLOEXEC); /* a FIFO must not block */
    if (fd < 0)
        return blob_error(path, "cannot open: %s", strerror(errno));
    struct stat st;
    if (fstat(fd, &st) != 0 || !S_ISREG(st.st_mode)) {
        close(fd);
        return blob_error(path, "not a regular file");
    }
    fd_clear_nonblock(fd);
    FILE *f = fdopen(fd, "rb");
    if (!f) {
        close(fd);
        return blob_error(path, "cannot open: %s", strerror(errno));
    }
    if ((uint64_t)st.st_size > max) {
        fclose(f);
        return blob_error(path, "%llu bytes is larger than a device tree may be (%zu)",
                          (unsigned long long)st.st_size, max);
    }
    *size = (size_t)st.st_size;
    *data = malloc(*size ? *size : 1);
    if (!*data) {
        fclose(f);
        return blob_error(path, "out of host memory");
    }
    if (fread(*data, 1, *size, f) != *size) {
        int e = ferror(f) ? errno : EIO;
        fclose(f);
        free(*data);
        return blob_error(path, "cannot read: %s", strerror(e));
    }
    fclose(f);
    return EXIT_OK;
}

/* Linux's limit (booting.rst): "must not exceed 2 megabytes in size". */
#define DTB_MAX_SIZE (2u << 20)

/* Remove every root node named "memory" or "memory@...", then describe RAM. */
static int set_memory(void *fdt, const Machine *m, int acells, int scells)
{
    for (;;) {
        int node, found = -1;
        fdt_for_each_subnode(node, fdt, 0) {
            const char *name = fdt_get_name(fdt, node, NULL);
            if (name && (strcmp(name, "memory") == 0 || strncmp(name, "memory@", 7) == 0)) {
                found = node;
                break;
            }
        }
        if (found < 0)
            break;
        int rc = fdt_del_node(fdt, found);
        if (rc < 0)
            return rc;
    }
    char name[32];
    snprintf(name, sizeof name, "memory@%llx", (unsigned long long)m->phys.ram_base);
    int node = fdt_add_subnode(fdt, 0, name);
    if (node < 0)
        return node;
    fdt32_t reg[4];
    int n = 0;
    if (acells == 2)
        reg[n++] = cpu_to_fdt32((uint32_t)(m->phys.ram_base >> 32));
    reg[n++] = cpu_to_fdt32((uint32_t)m->phys.ram_base);
    if (scells == 2)
        reg[n++] = cpu_to_fdt32((uint32_t)(m->phys.ram_size >> 32));
    reg[n++] = cpu_to_fdt32((uint32_t)m->phys.ram_size);
    int rc = fdt_setprop_string(fdt, node, "device_type", "memory");
    return rc < 0 ? rc : fdt_setprop(fdt, node, "reg", reg, n * (int)sizeof reg[0]);
}

static int set_addr(void *fdt, int node, const char *name, uint64_t v)
{
    return v >> 32 ? fdt_setprop_u64(fdt, node, name, v) : fdt_setprop_u32(fdt, node, name, (uint32_t)v);
}

static int set_chosen(void *fdt, const DtbParams *p)
{
    int node = fdt_path_offset(fdt, "/chosen");
    if (node == -FDT_ERR_NOTFOUND)
        node = fdt_add_subnode(fdt, 0, "chosen");
    if (node < 0)
        return node;
    int rc = 0;
    if (p->bootargs && *p->bootargs)
        rc = fdt_setprop_string(fdt, node, "bootargs", p->bootargs);
    if (rc >= 0 && p->initrd_end > p->initrd_start) {
        rc = set_addr(fdt, node, "linux,initrd-start", p->initrd_start);
        if (rc >= 0)
            rc = set_addr(fdt, node, "linux,initrd-end", p->initrd_end);
    }
    return rc;
}

int dtb_load_file(const Machine *m, const char *path, const DtbParams *p, DtbBlob *out)
{
    out->data = NULL;
    out->size = 0;
    uint8_t *file = NULL;
    size_t size = 0;
    int status = read_file(path, DTB_MAX_SIZE, &file, &size);
    if (status != EXIT_OK)
        return status;
    int rc = size < sizeof(struct fdt_header) ? -FDT_ERR_TRUNCATED : fdt_check_header(file);
    if (rc == 0 && fdt_totalsize(file) > size) {
        status = blob_error(path, "truncated device tree blob: header says %u bytes, the file has %zu",
                            fdt_totalsize(file), size);
        free(file);
        return status;
    }
    /* Versions before 16 (2007: full paths in node names, 8-byte aligned property values)
     * are refused: dtc has written 17 since, and Debian 12's libfdt 1.6.1 fdt_check_full
     * dereferences NULL on some version-13 blobs (tests/fuzz/corpus/fdt/crash-v13-*). */
    if (rc == 0 && fdt_version(file) < 16) {
        status = blob_error(path, "device tree blob version %u is not supported (16 or later; dtc writes 17)",
                            fdt_version(file));
        free(file);
        return status;
    }
    if (rc == 0)
        rc = fdt_check_full(file, size);
    if (rc < 0) {
        free(file);
        return blob_error(path, "not a valid device tree blob (%s)", fdt_strerror(rc));
    }
    int acells = fdt_address_cells(file, 0), scells = fdt_size_cells(file, 0);
    if (acells < 0 || scells < 0) {
        free(file);
        return blob_error(path, "the root's #address-cells or #size-cells is unreadable (%s)",
                          fdt_strerror(acells < 0 ? acells : scells));
    }
    if (acells < 1 || acells > 2 || scells < 1 || scells > 2) {
        free(file);
        return blob_error(path, "the root's #address-cells and #size-cells must be 1 or 2 (they are %d and %d)",
                          acells, scells);
    }
    if (scells == 1 && m->phys.ram_size > 0xFFFFFFFFull) {
        free(file);
        return blob_error(path, "#size-cells = 1 cannot describe %llu MiB of RAM",
                          (unsigned long long)(m->phys.ram_size >> 20));
    }

    /* Room for the edits, as QEMU's load_device_tree: (size + 10000) * 2, plus bootargs. */
    size_t bufsize = (fdt_totalsize(file) + 10000) * 2 + (p->bootargs ? strlen(p->bootargs) + 64 : 0);
    uint8_t *fdt = malloc(bufsize);
    if (!fdt) {
        free(file);
        return blob_error(path, "out of host memory");
    }
    rc = fdt_open_into(file, fdt, (int)bufsize);
    free(file);
    if (rc >= 0)
        rc = set_memory(fdt, m, acells, scells);
    if (rc >= 0)
        rc = set_chosen(fdt, p);
    if (rc < 0) {
        free(fdt);
        return blob_error(path, "cannot update the device tree (%s)", fdt_strerror(rc));
    }
    out->data = fdt;
    out->size = fdt_totalsize(fdt);
    return EXIT_OK;
}

void dtb_free(DtbBlob *b)
{
    free(b->data);
    b->data = NULL;
    b->size = 0;
}
