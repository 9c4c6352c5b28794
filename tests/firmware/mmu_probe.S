/* SPDX-License-Identifier: MIT */
/* Probes for the MMU test programs: one memory access or branch each, at the function's first instruction, so a fault's ELR is the function's address. */

    .text
    .balign 4
/* uint64_t probe_ldr(uint64_t va, uint64_t val): x0 = [va] */
    .global probe_ldr
probe_ldr:
    ldr     x0, [x0]
    ret

/* uint64_t probe_str(uint64_t va, uint64_t val): [va] = val, returns 0 */
    .global probe_str
probe_str:
    str     x1, [x0]
    mov     x0, #0
    ret

/* uint64_t probe_ldp(uint64_t va, uint64_t val): x0 = [va] (pair: no instruction syndrome) */
    .global probe_ldp
probe_ldp:
    ldp     x0, x1, [x0]
    ret

/* uint64_t probe_stp(uint64_t va, uint64_t val): [va] = {val, val}, returns 0 */
    .global probe_stp
probe_stp:
    stp     x1, x1, [x0]
    mov     x0, #0
    ret

/* uint64_t probe_ldtr(uint64_t va, uint64_t val): unprivileged load */
    .global probe_ldtr
probe_ldtr:
    ldtr    x0, [x0]
    ret

/* uint64_t probe_sttr(uint64_t va, uint64_t val): unprivileged store, returns 0 */
    .global probe_sttr
probe_sttr:
    sttr    x1, [x0]
    mov     x0, #0
    ret

/* uint64_t probe_exec(uint64_t va, uint64_t val): calls va (an alias of exec_page). An
 * instruction abort handler resumes at the return address in x30 with x0 set. */
    .global probe_exec
probe_exec:
    stp     x29, x30, [sp, #-16]!
    blr     x0
    ldp     x29, x30, [sp], #16
    ret

/* uint64_t probe_at_s1e1r(uint64_t va, uint64_t val): AT S1E1R, returns PAR_EL1 */
    .global probe_at_s1e1r
probe_at_s1e1r:
    at      s1e1r, x0
    isb
    mrs     x0, par_el1
    ret

/* uint64_t probe_at_s1e0w(uint64_t va, uint64_t val): AT S1E0W, returns PAR_EL1 */
    .global probe_at_s1e0w
probe_at_s1e0w:
    at      s1e0w, x0
    isb
    mrs     x0, par_el1
    ret

/* A page of code for the execute tests, on its own 64 KiB page so that it can be mapped with
 * any granule: returns 0x5a. */
    .balign 65536
    .global exec_page
exec_page:
    mov     x0, #0x5a
    ret
    .balign 65536
