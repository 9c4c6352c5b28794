/* SPDX-License-Identifier: MIT */
/* A64 disassembly through capstone, for traces and the decode-table tests. */
#ifndef TETRARCH_DISASM_H
#define TETRARCH_DISASM_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* Disassemble one instruction word at `pc` into buf as "mnemonic operands" (capstone's
 * spelling, lower case), or ".inst 0x%08x" when capstone cannot decode it, or
 * "<no disassembler>" when capstone cannot be opened. Always NUL-terminates (len > 0) and
 * returns buf. Not thread-safe (one shared capstone handle). */
const char *disasm_a64(uint32_t word, uint64_t pc, char *buf, size_t len);

/* Only the mnemonic (e.g. "add", "b.ne"). Returns false, with buf = "", when capstone cannot
 * decode the word. */
bool disasm_mnemonic(uint32_t word, char *buf, size_t len);

#endif
