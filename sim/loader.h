/* SPDX-License-Identifier: MIT */
/* Boot image loaders: AArch64 ELF, raw flash images and arm64 Linux Images with their initrd
 * and device tree. */
#ifndef TETRARCH_LOADER_H
#define TETRARCH_LOADER_H

#include <stdbool.h>
#include <stdint.h>

#include "sim/fdt.h"
#include "sim/machine.h"

enum ImageKind {
    IMAGE_KERNEL,  /* --kernel: an ELF64 little-endian AArch64 executable or an arm64 Image */
    IMAGE_BIOS,    /* --bios: raw bytes copied to flash at physical address 0 */
};

/* Largest raw --bios image: flash bank 0. */
#define BIOS_MAX_SIZE 0x04000000ULL

/* What the command line asks of the boot besides the image (sim/main.c). */
typedef struct {
    const char *dtb_path;     /* --dtb: this blob instead of the generated tree (NULL: none) */
    const char *initrd_path;  /* --initrd: loaded for an arm64 Linux Image (NULL: none) */
    const char *bootargs;     /* --append: /chosen/bootargs (NULL: none) */
} BootOptions;

/* How the loaded image is entered, and the device tree as it was placed. */
typedef struct {
    uint64_t entry;           /* physical address (the MMU is off) */
    unsigned el;              /* 3 (ELF, --bios) or 2 (arm64 Linux Image; anything with --secure off) */
    bool linux_boot;          /* Linux boot protocol: X0 = DTB, Non-secure EL2, PSCI emulated */
    uint64_t dtb_addr;        /* where the DTB is in RAM, 0 when it was not placed */
    DtbBlob dtb;              /* the blob (for --dump-dtb); free with boot_info_free() */
    uint64_t initrd_start, initrd_size;
} BootInfo;

/* Load `path` into m's RAM/flash, place the device tree, and fill *bi. Returns EXIT_OK;
 * EXIT_BAD_IMAGE after printing one line "tetrarch: PATH: problem" on stderr (memory may then
 * hold part of the image); EXIT_USAGE for --initrd with something other than a Linux Image;
 * EXIT_HOST_ERROR when the host runs out of memory.
 *
 * IMAGE_KERNEL, ELF: every PT_LOAD segment with p_memsz > 0 is copied to p_paddr (p_filesz
 * bytes from the file, the rest up to p_memsz zeroed) and must lie wholly inside RAM or flash.
 * The entry is e_entry, translated to the physical address of the segment whose virtual range
 * holds it (identity when p_vaddr == p_paddr); it must land in RAM or flash. Entered at EL3.
 * IMAGE_KERNEL, arm64 Linux Image (booting.rst; placement as QEMU's hw/arm/boot.c): the
 * kernel at RAM base + text_offset (+ 2 MiB when text_offset is below 4 KiB; text_offset
 * 0x80000 when image_size is 0), the initrd at RAM base + min(RAM / 2, 128 MiB) or after the
 * kernel's image_size if that is higher (page-aligned), the DTB at the next 2 MiB boundary
 * after the initrd. Entered at EL2 with X0 = the DTB.
 * IMAGE_BIOS: 1 byte to 64 MiB, copied to flash at 0; entry 0, EL3.
 * With m->opt.secure_off (--secure off) an ELF or --bios image is entered at EL2 instead, and its
 * device tree has the /psci node (tetrarch answers PSCI, as QEMU virt with secure=off).
 * For ELF and --bios the DTB goes to the start of RAM (where QEMU's virt puts it and U-Boot
 * looks), unless a loaded segment overlaps that range: then it is not placed (as QEMU). */
int load_image(Machine *m, const char *path, enum ImageKind kind, const BootOptions *bo, BootInfo *bi);

/* Give the cores what the boot protocol promises once machine_reset_cpus() has reset them:
 * for a Linux Image, X0 = the DTB on the boot core, the EL3 firmware's handover state on
 * every core (psci_firmware_handover) and m->psci_emulated. With --secure off, ELF and --bios
 * get the handover state and m->psci_emulated too (X0 stays 0); otherwise nothing. */
void boot_setup_cpus(Machine *m, const BootInfo *bi);

void boot_info_free(BootInfo *bi);

/* The largest stretch of RAM not covered by a loaded image, [*base, *limit), page-aligned.
 * Returns false when nothing is free. Used by semihosting SYS_HEAPINFO. */
bool loader_free_ram(const Machine *m, uint64_t *base, uint64_t *limit);

#endif
