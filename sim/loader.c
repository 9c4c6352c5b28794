/* SPDX-License-Identifier: MIT */
/* Boot image loaders: validate an AArch64 ELF, a raw flash image or an arm64 Linux Image
 * against the file size and the physical memory map before copying anything, then place it,
 * the initrd and the device tree in RAM or flash. */
#include "sim/loader.h"
#include "sim/outfile.h"

#include <errno.h>
#include <fcntl.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

#include "sim/psci.h"

/* ELF constants (ELF-64 Object File Format; AArch64 ELF ABI). */
enum {
    EI_NIDENT = 16,
    ELFCLASS64 = 2,
    ELFDATA2LSB = 1,
    EV_CURRENT = 1,
    ET_EXEC = 2,
    ET_DYN = 3,
    EM_AARCH64 = 183,
    PT_LOAD = 1,
    PN_XNUM = 0xFFFF,
    ELF64_EHDR_SIZE = 64,
    ELF64_PHDR_SIZE = 56,
};

/* arm64 Linux Image header (Documentation/arch/arm64/booting.rst). */
enum {
    IMAGE_TEXT_OFFSET = 0x08,
    IMAGE_SIZE = 0x10,
    IMAGE_FLAGS = 0x18,
    IMAGE_MAGIC = 0x38,
    IMAGE_HEADER_SIZE = 0x40,
};
#define IMAGE_FLAG_BE 1ULL                /* flags bit 0: kernel endianness, 1 = big */
#define IMAGE_OLD_TEXT_OFFSET 0x80000ULL  /* image_size 0: a kernel older than 3.17 */
/* QEMU (hw/arm/boot.c) keeps its boot stub in the first 4 KiB of RAM and moves an Image whose
 * text_offset falls there up by 2 MiB; with today's text_offset 0 the kernel is at +2 MiB. */
#define QEMU_BOOTLOADER_SIZE 0x1000ULL
#define SZ_2M 0x200000ULL
#define SZ_128M 0x8000000ULL
static const uint8_t arm64_image_magic[4] = { 'A', 'R', 'M', 0x64 };

/* Images loaded into RAM so far, for loader_free_ram(). */
#define MAX_LOADED 64
static struct {
    const Machine *m;
    int n;
    uint64_t start[MAX_LOADED], end[MAX_LOADED];
} loaded;

/* A whole file mapped read-only. */
typedef struct {
    const uint8_t *data;
    uint64_t size;
} ImageFile;

static int image_error(const char *path, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
static int image_error(const char *path, const char *fmt, ...)
{
    char msg[512];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(msg, sizeof(msg), fmt, ap);
    va_end(ap);
    fprintf(stderr, "tetrarch: %s: %s\n", path, msg);
    return EXIT_BAD_IMAGE;
}

static uint16_t le16(const uint8_t *p) { return (uint16_t)(p[0] | p[1] << 8); }
static uint32_t le32(const uint8_t *p) { return (uint32_t)p[0] | (uint32_t)p[1] << 8 | (uint32_t)p[2] << 16 | (uint32_t)p[3] << 24; }
static uint64_t le64(const uint8_t *p) { return le32(p) | (uint64_t)le32(p + 4) << 32; }

static int open_image(const char *path, ImageFile *f)
{
    int fd = open(path, O_RDONLY | O_NONBLOCK | O_NOCTTY | O_CLOEXEC); /* a FIFO must not block */
    if (fd < 0)
        return image_error(path, "cannot open: %s", strerror(errno));
    struct stat st;
    if (fstat(fd, &st) != 0) {
        int e = errno;
        close(fd);
        return image_error(path, "cannot stat: %s", strerror(e));
    }
    if (!S_ISREG(st.st_mode)) {
        close(fd);
        return image_error(path, "not a regular file");
    }
    fd_clear_nonblock(fd);
    f->size = (uint64_t)st.st_size;
    f->data = NULL;
    if (f->size > 0) {
        void *p = mmap(NULL, f->size, PROT_READ, MAP_PRIVATE, fd, 0);
        if (p == MAP_FAILED) {
            int e = errno;
            close(fd);
            return image_error(path, "cannot read: %s", strerror(e));
        }
        f->data = p;
    }
    close(fd);
    return EXIT_OK;
}

static void close_image(ImageFile *f)
{
    if (f->data)
        munmap((void *)f->data, f->size);
    f->data = NULL;
}

static void remember_ram_range(const Machine *m, uint64_t pa, uint64_t len)
{
    if (loaded.m != m) {
        loaded.m = m;
        loaded.n = 0;
    }
    if (len == 0 || !phys_in_main_ram(&m->phys, pa, len) || loaded.n == MAX_LOADED)
        return;
    loaded.start[loaded.n] = pa;
    loaded.end[loaded.n] = pa + len;
    loaded.n++;
}

/* Is [pa, pa+len) wholly inside one memory region (RAM, Secure RAM or flash)? */
static bool in_ram_or_flash(Machine *m, uint64_t pa, uint64_t len)
{
    return phys_host_ptr(&m->phys, pa, len) != NULL;
}

/* ---- ELF ---- */

typedef struct {
    uint32_t type;
    uint64_t offset, vaddr, paddr, filesz, memsz;
} Segment;

static Segment read_phdr(const ImageFile *f, uint64_t phoff, unsigned i)
{
    const uint8_t *p = f->data + phoff + (uint64_t)i * ELF64_PHDR_SIZE;
    return (Segment){
        .type = le32(p + 0),
        .offset = le64(p + 8),
        .vaddr = le64(p + 16),
        .paddr = le64(p + 24),
        .filesz = le64(p + 32),
        .memsz = le64(p + 40),
    };
}

static int load_elf(Machine *m, const char *path, const ImageFile *f, uint64_t *entry)
{
    const uint8_t *h = f->data;
    if (f->size < ELF64_EHDR_SIZE)
        return image_error(path, "truncated ELF header (%llu bytes)", (unsigned long long)f->size);
    if (h[4] != ELFCLASS64)
        return image_error(path, "not a 64-bit ELF (EI_CLASS %u)", h[4]);
    if (h[5] != ELFDATA2LSB)
        return image_error(path, "not a little-endian ELF (EI_DATA %u)", h[5]);
    if (h[6] != EV_CURRENT)
        return image_error(path, "unknown ELF version %u", h[6]);
    uint16_t type = le16(h + 16), machine = le16(h + 18);
    if (machine != EM_AARCH64)
        return image_error(path, "ELF machine %u is not AArch64 (%u)", machine, EM_AARCH64);
    if (type != ET_EXEC && type != ET_DYN)
        return image_error(path, "ELF type %u is not an executable", type);
    uint64_t e_entry = le64(h + 24), phoff = le64(h + 32);
    uint16_t phentsize = le16(h + 54), phnum = le16(h + 56);
    if (phnum == 0)
        return image_error(path, "ELF has no program headers");
    if (phnum == PN_XNUM)
        return image_error(path, "ELF with more than 65534 program headers is not supported");
    if (phentsize != ELF64_PHDR_SIZE)
        return image_error(path, "ELF program header size %u is not %u", phentsize, ELF64_PHDR_SIZE);
    if (phoff > f->size || (uint64_t)phnum * ELF64_PHDR_SIZE > f->size - phoff)
        return image_error(path, "ELF program headers (offset 0x%llx, %u entries) extend past the end of the file",
                           (unsigned long long)phoff, phnum);

    /* Validate every segment before touching memory. */
    unsigned nload = 0;
    for (unsigned i = 0; i < phnum; i++) {
        Segment s = read_phdr(f, phoff, i);
        if (s.type != PT_LOAD || s.memsz == 0)
            continue;
        nload++;
        if (s.filesz > s.memsz)
            return image_error(path, "segment %u: file size 0x%llx exceeds memory size 0x%llx", i,
                               (unsigned long long)s.filesz, (unsigned long long)s.memsz);
        if (s.offset > f->size || s.filesz > f->size - s.offset)
            return image_error(path, "segment %u: file data (offset 0x%llx, size 0x%llx) extends past the end of the file",
                               i, (unsigned long long)s.offset, (unsigned long long)s.filesz);
        if (!in_ram_or_flash(m, s.paddr, s.memsz))
            return image_error(path, "segment %u at 0x%llx (size 0x%llx) is outside RAM and flash", i,
                               (unsigned long long)s.paddr, (unsigned long long)s.memsz);
    }
    if (nload == 0)
        return image_error(path, "ELF has no loadable segments");

    /* The MMU is off at reset: the entry runs at the physical address its segment is loaded
     * at (as QEMU's ELF loader does when it loads by physical address). */
    uint64_t entry_pa = e_entry;
    for (unsigned i = 0; i < phnum; i++) {
        Segment s = read_phdr(f, phoff, i);
        if (s.type == PT_LOAD && s.memsz > 0 && e_entry - s.vaddr < s.memsz) {
            entry_pa = s.paddr + (e_entry - s.vaddr);
            break;
        }
    }
    if (!in_ram_or_flash(m, entry_pa, 4))
        return image_error(path, "entry point 0x%llx is outside RAM and flash", (unsigned long long)entry_pa);

    for (unsigned i = 0; i < phnum; i++) {
        Segment s = read_phdr(f, phoff, i);
        if (s.type != PT_LOAD || s.memsz == 0)
            continue;
        uint8_t *dst = phys_host_ptr(&m->phys, s.paddr, s.memsz);
        memcpy(dst, f->data + s.offset, s.filesz);
        memset(dst + s.filesz, 0, s.memsz - s.filesz);
        phys_invalidate_code(&m->phys, s.paddr, s.memsz);
        remember_ram_range(m, s.paddr, s.memsz);
    }
    *entry = entry_pa;
    return EXIT_OK;
}

/* ---- arm64 Linux Image ---- */

static bool is_arm64_image(const ImageFile *f)
{
    return f->size >= IMAGE_HEADER_SIZE && memcmp(f->data + IMAGE_MAGIC, arm64_image_magic, 4) == 0;
}

static uint64_t align_up(uint64_t v, uint64_t a) { return (v + a - 1) & ~(a - 1); }

/* Copy bytes into RAM that the caller has checked lie inside it. */
static void copy_to_ram(Machine *m, uint64_t pa, const void *data, uint64_t len)
{
    if (len == 0)
        return;
    memcpy(phys_host_ptr(&m->phys, pa, len), data, len);
    phys_invalidate_code(&m->phys, pa, len);
}

/* The device tree for this boot: the user's (--dtb) or the generated one. */
static int make_dtb(Machine *m, const BootOptions *bo, const DtbParams *p, DtbBlob *out)
{
    if (bo->dtb_path)
        return dtb_load_file(m, bo->dtb_path, p, out);
    return dtb_build(m, p, out) ? EXIT_OK : EXIT_HOST_ERROR;
}

/* Where QEMU's hw/arm/boot.c puts an arm64 Image: at text_offset from the start of RAM (see
 * QEMU_BOOTLOADER_SIZE), or 0x80000 for an Image without image_size. */
static uint64_t arm64_image_offset(uint64_t text_offset, uint64_t image_size)
{
    if (image_size == 0)
        return IMAGE_OLD_TEXT_OFFSET;
    return text_offset < QEMU_BOOTLOADER_SIZE ? text_offset + SZ_2M : text_offset;
}

static int load_arm64_image(Machine *m, const char *path, const ImageFile *f, const BootOptions *bo,
                            BootInfo *bi)
{
    uint64_t text_offset = le64(f->data + IMAGE_TEXT_OFFSET);
    uint64_t image_size = le64(f->data + IMAGE_SIZE);
    uint64_t flags = le64(f->data + IMAGE_FLAGS);
    if (image_size != 0 && (flags & IMAGE_FLAG_BE))
        return image_error(path, "big-endian arm64 Image (flags 0x%llx) is not supported", (unsigned long long)flags);
    const uint64_t ram = m->phys.ram_base, ram_size = m->phys.ram_size, ram_end = ram + ram_size;

    /* The kernel needs image_size bytes from its start (booting.rst), at least the file. */
    uint64_t offset = arm64_image_offset(text_offset, image_size);
    uint64_t span = image_size > f->size ? image_size : f->size;
    if (offset >= ram_size || span > ram_size - offset)
        return image_error(path, "Image at 0x%llx needs 0x%llx bytes (file 0x%llx, image_size 0x%llx): more than the %llu MiB of RAM has there",
                           (unsigned long long)(ram + offset), (unsigned long long)span,
                           (unsigned long long)f->size, (unsigned long long)image_size,
                           (unsigned long long)(ram_size >> 20));
    uint64_t kernel = ram + offset;

    /* The initrd: far enough into RAM not to be clobbered by the kernel, as QEMU. */
    uint64_t initrd = ram + (ram_size / 2 < SZ_128M ? ram_size / 2 : SZ_128M);
    if (initrd < kernel + span)
        initrd = kernel + span;
    initrd = align_up(initrd, PAGE_SIZE);
    ImageFile rd = { NULL, 0 };
    if (bo->initrd_path) {
        int status = open_image(bo->initrd_path, &rd);
        if (status != EXIT_OK)
            return status;
        if (initrd > ram_end || rd.size > ram_end - initrd) {
            close_image(&rd);
            return image_error(bo->initrd_path, "initrd of %llu bytes does not fit in RAM at 0x%llx (after the kernel; see --memory)",
                               (unsigned long long)rd.size, (unsigned long long)initrd);
        }
    }

    /* The DTB: at the next 2 MiB boundary after the initrd (the kernel maps it with a 2 MiB
     * block, so it must not share one with the initrd). */
    DtbParams p = {
        .bootargs = bo->bootargs,
        .initrd_start = initrd,
        .initrd_end = initrd + rd.size,
        .psci = true,
    };
    int status = make_dtb(m, bo, &p, &bi->dtb);
    if (status != EXIT_OK) {
        close_image(&rd);
        return status;
    }
    uint64_t dtb = align_up(initrd + rd.size, SZ_2M);
    if (dtb >= ram_end || bi->dtb.size > ram_end - dtb) {
        close_image(&rd);
        return image_error(path, "no room for the %zu-byte device tree at 0x%llx after the kernel and initrd (see --memory)",
                           bi->dtb.size, (unsigned long long)dtb);
    }

    copy_to_ram(m, kernel, f->data, f->size);
    remember_ram_range(m, kernel, span);
    copy_to_ram(m, initrd, rd.data, rd.size);
    remember_ram_range(m, initrd, rd.size);
    close_image(&rd);
    copy_to_ram(m, dtb, bi->dtb.data, bi->dtb.size);
    remember_ram_range(m, dtb, bi->dtb.size);

    bi->entry = kernel;
    bi->el = 2;
    bi->linux_boot = true;
    bi->dtb_addr = dtb;
    bi->initrd_start = initrd;
    bi->initrd_size = rd.size;
    return EXIT_OK;
}

/* ELF and --bios: the DTB at the start of RAM, where QEMU's virt puts it for firmware (and
 * U-Boot looks for it), unless the image already occupies that range. */
static int place_firmware_dtb(Machine *m, const BootOptions *bo, BootInfo *bi)
{
    /* With --secure off tetrarch answers PSCI for the firmware, and the tree says so (QEMU's
     * psci node whenever it emulates PSCI). */
    DtbParams p = { .bootargs = bo->bootargs, .psci = m->opt.secure_off };
    int status = make_dtb(m, bo, &p, &bi->dtb);
    if (status != EXIT_OK)
        return status;
    uint64_t base = m->phys.ram_base, end = base + bi->dtb.size;
    if (bi->dtb.size > m->phys.ram_size)
        return EXIT_OK;
    for (int i = 0; loaded.m == m && i < loaded.n; i++)
        if (loaded.start[i] < end && base < loaded.end[i]) {
            machine_warn(m, "the image covers the start of RAM: no device tree placed at 0x%llx",
                         (unsigned long long)base);
            return EXIT_OK;
        }
    copy_to_ram(m, base, bi->dtb.data, bi->dtb.size);
    remember_ram_range(m, base, bi->dtb.size);
    bi->dtb_addr = base;
    return EXIT_OK;
}

/* ---- raw flash image ---- */

static int load_bios(Machine *m, const char *path, const ImageFile *f)
{
    if (f->size == 0)
        return image_error(path, "empty firmware image");
    if (f->size > BIOS_MAX_SIZE)
        return image_error(path, "firmware image of %llu bytes does not fit in the 64 MiB flash bank",
                           (unsigned long long)f->size);
    uint8_t *dst = phys_host_ptr(&m->phys, VIRT_FLASH_BASE, f->size);
    if (!dst)
        return image_error(path, "the board has no flash at 0x%llx", (unsigned long long)VIRT_FLASH_BASE);
    memcpy(dst, f->data, f->size);
    phys_invalidate_code(&m->phys, VIRT_FLASH_BASE, f->size);
    return EXIT_OK;
}

int load_image(Machine *m, const char *path, enum ImageKind kind, const BootOptions *bo, BootInfo *bi)
{
    memset(bi, 0, sizeof *bi);
    bi->el = 3;
    ImageFile f = { NULL, 0 };
    int status = open_image(path, &f);
    if (status != EXIT_OK)
        return status;

    bool linux_image = kind == IMAGE_KERNEL && !(f.size >= 4 && memcmp(f.data, "\177ELF", 4) == 0) &&
                       is_arm64_image(&f);
    if (bo->initrd_path && !linux_image) {
        close_image(&f);
        fprintf(stderr, "tetrarch: --initrd needs an arm64 Linux Image as --kernel, and %s is not one (see 'tetrarch help')\n",
                path);
        return EXIT_USAGE;
    }
    if (kind == IMAGE_BIOS) {
        bi->entry = VIRT_FLASH_BASE;
        status = load_bios(m, path, &f);
    } else if (f.size >= 4 && memcmp(f.data, "\177ELF", 4) == 0) {
        status = load_elf(m, path, &f, &bi->entry);
    } else if (linux_image) {
        status = load_arm64_image(m, path, &f, bo, bi);
    } else if (f.size >= 2 && f.data[0] == 0x1f && f.data[1] == 0x8b) {
        /* QEMU gunzips an Image.gz (Debian's vmlinuz); tetrarch does not link zlib. */
        status = image_error(path, "gzip-compressed kernel: decompress it first (gunzip -c %s > Image)", path);
    } else {
        status = image_error(path, "not an AArch64 ELF or arm64 Linux Image");
    }
    close_image(&f);
    /* --secure off: no EL3 firmware, so an ELF or --bios image starts where QEMU virt with
     * secure=off,virtualization=on starts it: Non-secure EL2. */
    if (!bi->linux_boot && m->opt.secure_off)
        bi->el = 2;
    if (status == EXIT_OK && !bi->linux_boot)
        status = place_firmware_dtb(m, bo, bi);
    if (status != EXIT_OK)
        boot_info_free(bi);
    return status;
}

void boot_setup_cpus(Machine *m, const BootInfo *bi)
{
    /* No EL3 firmware runs for a Linux Image or with --secure off: tetrarch plays its part. */
    m->psci_emulated = bi->linux_boot || m->opt.secure_off;
    if (!m->psci_emulated)
        return;
    for (int i = 0; i < m->ncpu; i++)
        psci_firmware_handover(m->cpu[i]);
    /* Only the Linux boot protocol passes the tree in X0; firmware finds it at RAM base. */
    if (bi->linux_boot)
        set_X(m->cpu[0], 0, bi->dtb_addr);
}

void boot_info_free(BootInfo *bi)
{
    dtb_free(&bi->dtb);
}

bool loader_free_ram(const Machine *m, uint64_t *base, uint64_t *limit)
{
    const uint64_t page = PAGE_SIZE;
    uint64_t ram_lo = m->phys.ram_base, ram_hi = m->phys.ram_base + m->phys.ram_size;
    int n = loaded.m == m ? loaded.n : 0;
    uint64_t best_lo = 0, best_hi = 0;
    /* Candidate gaps start at RAM's base or at the end of an image; each ends at the nearest
     * image start above it (or RAM's end). */
    for (int i = -1; i < n; i++) {
        uint64_t lo = i < 0 ? ram_lo : loaded.end[i];
        bool covered = false;
        for (int j = 0; j < n; j++)
            if (loaded.start[j] <= lo && lo < loaded.end[j])
                covered = true;
        if (covered)
            continue;
        uint64_t hi = ram_hi;
        for (int j = 0; j < n; j++)
            if (loaded.start[j] >= lo && loaded.start[j] < hi)
                hi = loaded.start[j];
        lo = (lo + page - 1) & ~(page - 1);
        hi &= ~(page - 1);
        if (hi > lo && hi - lo > best_hi - best_lo) {
            best_lo = lo;
            best_hi = hi;
        }
    }
    if (best_hi <= best_lo)
        return false;
    *base = best_lo;
    *limit = best_hi;
    return true;
}
