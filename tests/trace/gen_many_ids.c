/* SPDX-License-Identifier: MIT */
/* Writes a binary trace in which one core runs under N distinct VMIDs and ASIDs, one instruction
 * each: the input of the summary's scaling test (trace-many-ids). Usage: gen_many_ids FILE N */
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>

#include "sim/trace_format.h"

int main(int argc, char **argv)
{
    if (argc != 3)
        return 2;
    unsigned long n = strtoul(argv[2], NULL, 10);
    int fd = open(argv[1], O_WRONLY | O_CREAT | O_TRUNC, 0644);
    char err[256];
    TraceInfo info = {.version = TRACE_VERSION, .what = TW_INSNS, .ncpu = 1};
    TraceWriter *w = fd >= 0 ? trace_writer_open(fd, argv[1], &info, err, sizeof err) : NULL;
    if (!w) {
        fprintf(stderr, "gen_many_ids: cannot write %s\n", argv[1]);
        return 1;
    }
    uint64_t x[31] = {0};
    TraceEvent ev = {.kind = TEV_STATE, .cpu = 0, .ts = 0};
    ev.state.pc = 0x40000000;
    ev.state.x = x;
    ev.state.mode = trace_mode(1, 1, false);
    ev.state.vmid = ev.state.asid = TRACE_NO_ID;
    trace_writer_put(w, &ev);
    for (unsigned long i = 0; i < n; i++) {
        TraceEvent c = {.kind = TEV_CONTEXT, .cpu = 0, .ts = 2 * i};
        c.ctx.icount = i;
        c.ctx.vmid = (uint32_t)(i * 7919u) & 0xFFFF;   /* 16-bit VMIDs: they repeat past 65536 */
        c.ctx.asid = (uint32_t)i;
        trace_writer_put(w, &c);
        TraceEvent in = {.kind = TEV_INSN, .cpu = 0, .ts = 2 * i + 1};
        in.insn.pc = 0x40000000 + 4 * (i & 1023);
        in.insn.icount = i + 1;
        in.insn.opcode = 0xd503201f; /* nop */
        in.insn.mode = trace_mode(1, 1, false);
        trace_writer_put_insn(w, &in);
    }
    return trace_writer_close(w, err, sizeof err) ? 0 : 1;
}
