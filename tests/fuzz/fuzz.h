/* SPDX-License-Identifier: MIT */
/* Shared pieces of the fuzz targets: the libFuzzer entry point, inputs as files for the
 * readers that take a path, and a byte reader that turns an input into structured values. */
#ifndef TETRARCH_FUZZ_H
#define TETRARCH_FUZZ_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "sim/machine.h"

/* The entry point every target defines (libFuzzer's name and contract: any bytes, never a
 * crash, a leak or a sanitizer report; the return value is 0). */
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

/* Put `size` bytes in an anonymous in-memory file and return a path that opens it
 * ("/proc/self/fd/N"). Each `slot` (0 or 1) is one file, reused by the next call; the path
 * stays valid until then. Aborts when the host cannot make one (not a finding). */
const char *fuzz_file(unsigned slot, const uint8_t *data, size_t size);

/* Once per process: stdin and stdout to /dev/null (the tools print reports, guests may read
 * the console). No target writes a file: the gdb stub refuses `monitor trace`, `trace
 * filter` writes to /dev/null, semihosting has no --semihosting-root. */
void fuzz_quiet_once(void);

/* The start of an input whose first byte is the target's option flags: quiets the process
 * (fuzz_quiet_once), takes the flags byte into *flags and leaves data/size on the rest.
 * False for an empty input (nothing to do). */
bool fuzz_begin(const uint8_t **data, size_t *size, unsigned *flags);

/* A one-core board as the unit tests build it (tests/unit/harness.c): `ram_mib` of RAM,
 * quiet. Aborts when the host cannot build it (not a finding). */
void fuzz_machine_init(Machine *m, unsigned ram_mib);

/* Consume an input front to back; reads past the end give zeros, so every input is valid. */
typedef struct {
    const uint8_t *p;
    size_t left;
} FuzzBytes;

static inline uint8_t fb_u8(FuzzBytes *b)
{
    if (!b->left)
        return 0;
    b->left--;
    return *b->p++;
}

static inline uint64_t fb_le(FuzzBytes *b, unsigned n)
{
    uint64_t v = 0;
    for (unsigned i = 0; i < n; i++)
        v |= (uint64_t)fb_u8(b) << (8 * i);
    return v;
}

static inline uint32_t fb_u32(FuzzBytes *b) { return (uint32_t)fb_le(b, 4); }
static inline uint64_t fb_u64(FuzzBytes *b) { return fb_le(b, 8); }

#endif
