/* SPDX-License-Identifier: MIT */
/* Fuzz target: the boot image loader (sim/loader.c) on ELF, arm64 Image and raw --bios
 * images, with and without --secure off, --initrd and --append. */
#include <stdlib.h>
#include <string.h>

#include "sim/loader.h"
#include "tests/fuzz/fuzz.h"

/* The first byte picks the options; the rest is the image file. */
enum {
    F_BIOS = 1,        /* --bios instead of --kernel */
    F_SECURE_OFF = 2,  /* --secure off */
    F_INITRD = 4,      /* --initrd: the image's last 64 bytes (or fewer) as the initrd */
    F_APPEND = 8,      /* --append */
    F_SMALL_RAM = 16,  /* 16 MiB of RAM instead of 128 MiB: images that nearly fit */
};

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    unsigned flags;
    if (!fuzz_begin(&data, &size, &flags))
        return 0;

    Machine m;
    MachineOptions o = {.ram_size = (flags & F_SMALL_RAM) ? 16ULL << 20 : 128ULL << 20, .quiet = true,
                        .secure_off = (flags & F_SECURE_OFF) != 0};
    if (!machine_init(&m, &o))
        abort();
    BootOptions bo = {.bootargs = (flags & F_APPEND) ? "console=ttyAMA0 earlycon" : NULL};
    if (flags & F_INITRD) {
        size_t n = size < 64 ? size : 64;
        bo.initrd_path = fuzz_file(1, data + size - n, n);
    }
    BootInfo bi;
    int status = load_image(&m, fuzz_file(0, data, size), (flags & F_BIOS) ? IMAGE_BIOS : IMAGE_KERNEL, &bo, &bi);
    if (status == EXIT_OK) {
        machine_reset_cpus(&m, bi.entry, bi.el, !bi.linux_boot);
        boot_setup_cpus(&m, &bi);
        uint64_t base, limit;
        if (loader_free_ram(&m, &base, &limit) && (base >= limit || base < m.phys.ram_base))
            abort(); /* the contract: a non-empty page-aligned stretch of RAM */
        boot_info_free(&bi);
    } else if (status != EXIT_BAD_IMAGE && status != EXIT_USAGE) {
        abort(); /* EXIT_HOST_ERROR would be the host running out of memory: not with these sizes */
    }
    machine_free(&m);
    return 0;
}
