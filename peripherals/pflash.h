/* SPDX-License-Identifier: MIT */
/* CFI parallel flash with the Intel/Sharp command set, as QEMU's pflash_cfi01 on the virt board:
 * the command interface in front of the two 64 MiB flash banks of the physical map. */
#ifndef TETRARCH_PFLASH_H
#define TETRARCH_PFLASH_H

#include <stdbool.h>
#include <stdint.h>

#include "sim/machine.h"

/* The geometry QEMU's hw/arm/virt.c gives both banks: 32 bits wide, made of two x16 devices
 * side by side, 256 KiB sectors (128 KiB per device), IDs 0x89 (Intel) / 0x18. */
#define PFLASH_BANK_SIZE 0x04000000ULL
#define PFLASH_BANKS 2
#define PFLASH_BANK_WIDTH 4
#define PFLASH_DEVICE_WIDTH 2
#define PFLASH_SECTOR_SIZE 0x40000ULL

struct PFlash;

/* Put the command interface in front of m's flash region (m->phys.mem[MEM_FLASH], which must
 * span PFLASH_BANKS banks): from then on every guest write to flash goes to the model, and
 * reads go to it while a bank is out of read-array mode. Both banks start in read-array mode
 * with the status register ready (0x80). Contents live in the region's host memory (what
 * --bios copied there) and are not saved anywhere. Returns NULL after printing an error.
 *
 * Per bank (QEMU 7.2's pflash_cfi01 with width 4, device-width 2):
 *   0xFF / 0xF0 / 0x00  read array        0x70  read status       0x50  clear status
 *   0x90  read identifier (0x89, 0x18; block lock status reads 0: unlocked)
 *   0x98  CFI query ("QRY", Intel command set, 32 MiB and 256 x 128 KiB blocks per device,
 *         2 KiB write buffer per device)
 *   0x40 / 0x10  word program      0x20 + 0xD0  block erase (to 0xFF)
 *   0xE8  buffered program: count, data words, 0xD0 (committed only on confirm)
 *   0x60 + 0xD0 / 0x01  block unlock / lock: accepted, nothing is ever locked
 * Replies are replicated for each x16 device of the bank, and accesses of any width are taken
 * (8-byte ones as two 4-byte halves, as QEMU's memory core splits them). After a program or
 * erase the bank keeps answering reads with the status until 0xFF (or 0x50). Unknown command
 * sequences return the bank to read-array mode, as QEMU does.
 *
 * Programs and erases invalidate the decoded instructions they cover. Instruction fetch always
 * sees the array contents, also while a bank is in a command mode. */
struct PFlash *pflash_create(Machine *m);
void pflash_free(struct PFlash *f);

#endif
