/* SPDX-License-Identifier: MIT */
/* The board's flattened device tree: generated from the machine as QEMU's virt does, or read
 * from a user's blob (--dtb) and updated with the RAM and /chosen as QEMU does for -dtb. */
#ifndef TETRARCH_FDT_H
#define TETRARCH_FDT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "sim/machine.h"

/* Size of a generated blob (its totalsize; the unused tail is free space for boot loaders
 * that edit the tree, such as U-Boot), as QEMU's virt board. */
#define DTB_GENERATED_SIZE (1u << 20)

/* What the boot adds to the tree besides the board itself. */
typedef struct {
    const char *bootargs;              /* /chosen/bootargs (--append); NULL or "" for none */
    uint64_t initrd_start, initrd_end; /* /chosen/linux,initrd-*; none when equal */
    bool psci;                         /* a /psci node: PSCI 1.1 through SMC (emulated), i.e.
                                        * no EL3 firmware runs (also one flash node for both
                                        * banks, none of them Secure) */
} DtbParams;

/* A blob in host memory (malloc'd, `size` = its totalsize). */
typedef struct {
    uint8_t *data;
    size_t size;
} DtbBlob;

/* Build the device tree of m's board: ncpu cores, the RAM size, the GICv3, the timer, PL011,
 * PL031, the virtio-mmio transports when the board maps them, and `p`. Node names,
 * compatible strings, interrupt specifiers and phandles follow QEMU 7.2's virt machine.
 * Returns false after printing an error (out of host memory, a tree too large). */
bool dtb_build(const Machine *m, const DtbParams *p, DtbBlob *out);

/* Read the blob in `path` (--dtb), check it (header, size against the file, structure),
 * replace its root memory nodes with one describing m's RAM and set /chosen from `p` (as
 * QEMU does with -dtb; `p->psci` is ignored: the user's tree says what it says). Returns
 * EXIT_OK, or EXIT_BAD_IMAGE after printing one line "tetrarch: PATH: problem". */
int dtb_load_file(const Machine *m, const char *path, const DtbParams *p, DtbBlob *out);

void dtb_free(DtbBlob *b);

#endif
