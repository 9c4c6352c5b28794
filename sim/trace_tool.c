/* SPDX-License-Identifier: MIT */
/* Placeholder: replaced by the trace tool. */
#include <stdio.h>
#include "sim/trace.h"
int trace_tool_main(int argc, char **argv) { (void)argc; (void)argv; fprintf(stderr, "tetrarch: trace: not built yet\n"); return EXIT_USAGE; }
