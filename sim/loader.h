/* SPDX-License-Identifier: MIT */
/* Boot image loaders: AArch64 ELF and raw flash images (and arm64 Linux Image detection). */
#ifndef TETRARCH_LOADER_H
#define TETRARCH_LOADER_H

#include <stdbool.h>
#include <stdint.h>

#include "sim/machine.h"

enum ImageKind {
    IMAGE_KERNEL,  /* --kernel: an ELF64 little-endian AArch64 executable (or an arm64 Image) */
    IMAGE_BIOS,    /* --bios: raw bytes copied to flash at physical address 0 */
};

/* Largest raw --bios image: flash bank 0. */
#define BIOS_MAX_SIZE 0x04000000ULL

/* Load `path` into m's RAM/flash and return the entry point (a physical address: the MMU is
 * off at reset) and the entry EL (3). Returns EXIT_OK, or EXIT_BAD_IMAGE after printing one
 * line "tetrarch: PATH: problem" on stderr, in which case memory may hold part of the image.
 *
 * IMAGE_KERNEL, ELF: every PT_LOAD segment with p_memsz > 0 is copied to p_paddr (p_filesz
 * bytes from the file, the rest up to p_memsz zeroed) and must lie wholly inside RAM or flash.
 * The entry is e_entry, translated to the physical address of the segment whose virtual range
 * holds it (identity when p_vaddr == p_paddr); it must land in RAM or flash.
 * IMAGE_KERNEL, arm64 Linux Image: recognised and rejected (needs a device tree).
 * IMAGE_BIOS: 1 byte to 64 MiB, copied to flash at 0; entry 0. */
int load_image(Machine *m, const char *path, enum ImageKind kind, uint64_t *entry, unsigned *entry_el);

/* The largest stretch of RAM not covered by a loaded image, [*base, *limit), page-aligned.
 * Returns false when nothing is free. Used by semihosting SYS_HEAPINFO. */
bool loader_free_ram(const Machine *m, uint64_t *base, uint64_t *limit);

#endif
