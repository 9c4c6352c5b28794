/* SPDX-License-Identifier: MIT */
/* Fuzz target: the --dtb reader (sim/fdt.c dtb_load_file): check a user's blob, replace its
 * memory nodes and set /chosen. What it accepts must come out as a valid tree. */
#include <libfdt.h>
#include <stdlib.h>
#include <string.h>

#include "sim/fdt.h"
#include "tests/fuzz/fuzz.h"

/* The first byte picks the boot parameters; the rest is the blob. */
enum {
    F_BOOTARGS = 1,    /* /chosen/bootargs */
    F_INITRD = 2,      /* linux,initrd-start/end */
    F_INITRD_HIGH = 4, /* ... above 4 GiB (64-bit properties) */
    F_BIG_RAM = 8,     /* RAM the board describes: 5 GiB (needs #size-cells = 2) vs 64 MiB */
};

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    static Machine small, big;
    static bool ready;
    if (!ready) {
        fuzz_quiet_once();
        fuzz_machine_init(&small, 64);
        /* dtb_load_file only reads phys.ram_base and ram_size: describe a large board
         * without allocating its RAM. */
        big = small;
        big.phys.ram_size = 5ULL << 30;
        ready = true;
    }
    if (size < 1)
        return 0;
    unsigned flags = data[0];
    DtbParams p = {.bootargs = (flags & F_BOOTARGS) ? "console=ttyAMA0 root=/dev/vda rw" : NULL};
    if (flags & F_INITRD) {
        p.initrd_start = (flags & F_INITRD_HIGH) ? 0x140000000ULL : 0x48000000ULL;
        p.initrd_end = p.initrd_start + 0x12345;
    }
    DtbBlob out;
    const Machine *m = (flags & F_BIG_RAM) ? &big : &small;
    int status = dtb_load_file(m, fuzz_file(0, data + 1, size - 1), &p, &out);
    if (status == EXIT_OK) {
        /* The updated tree: valid, its size as given, the memory node and /chosen present. */
        if (out.size != fdt_totalsize(out.data) || fdt_check_full(out.data, out.size) != 0)
            abort();
        if (fdt_path_offset(out.data, "/chosen") < 0)
            abort();
        dtb_free(&out);
    } else if (status != EXIT_BAD_IMAGE) {
        abort();
    }
    return 0;
}
