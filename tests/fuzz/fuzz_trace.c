/* SPDX-License-Identifier: MIT */
/* Fuzz target: the trace readers (sim/trace_format.c for binary traces, the Tarmac parser in
 * sim/trace_tool.c) through `tetrarch trace summary|convert|filter`, as a user runs them. */
#include <stdlib.h>

#include "sim/trace.h"
#include "tests/fuzz/fuzz.h"

/* The first byte picks the command; the rest is the trace file. */
enum {
    CMD_MASK = 3,        /* 0 summary, 1 convert --to tarmac, 2 convert --to chrome, 3 filter */
    F_CPU = 4,           /* filter --cpu 1 */
    F_EL = 8,            /* filter --el 2 */
    F_PC = 16,           /* filter --pc-range 0x40000000-0x40001000 */
    F_TIME = 32,         /* filter --from 100 --to 5000 */
};

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    unsigned flags;
    if (!fuzz_begin(&data, &size, &flags))
        return 0;
    char *path = (char *)fuzz_file(0, data, size);
    char *argv[16];
    int argc = 0;
    switch (flags & CMD_MASK) {
    case 0:
        argv[argc++] = "summary";
        argv[argc++] = path;
        break;
    case 1:
    case 2:
        argv[argc++] = "convert";
        argv[argc++] = path;
        argv[argc++] = "--to";
        argv[argc++] = (flags & CMD_MASK) == 1 ? "tarmac" : "chrome";
        argv[argc++] = "-o";
        argv[argc++] = "/dev/null";
        break;
    default:
        argv[argc++] = "filter";
        argv[argc++] = path;
        if (flags & F_CPU) {
            argv[argc++] = "--cpu";
            argv[argc++] = "1";
        }
        if (flags & F_EL) {
            argv[argc++] = "--el";
            argv[argc++] = "2";
        }
        if (flags & F_PC) {
            argv[argc++] = "--pc-range";
            argv[argc++] = "0x40000000-0x40001000";
        }
        if (flags & F_TIME) {
            argv[argc++] = "--from";
            argv[argc++] = "100";
            argv[argc++] = "--to";
            argv[argc++] = "5000";
        }
        argv[argc++] = "-o";
        argv[argc++] = "/dev/null";
        break;
    }
    argv[argc] = NULL;
    int status = trace_tool_main(argc, argv);
    /* 0, or 3 for a corrupt input; 2 (usage) only for --cpu 1 on a trace of one core (the
     * header decides); 6 (output error) would be the host's fault. */
    if (status != 0 && status != EXIT_BAD_IMAGE && !(status == EXIT_USAGE && (flags & F_CPU)))
        abort();
    return 0;
}
