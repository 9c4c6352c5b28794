/* SPDX-License-Identifier: MIT */
/* Start-up code of the benchmark: stack, BSS clear, main(), semihosting exit with its result. */

    .section .text.boot, "ax"
    .global _start
_start:
    /* Entered at EL3 with the MMU off (QEMU -kernel with secure=on, and tetrarch run --kernel). */
    ldr     x0, =__stack_top
    mov     sp, x0
    ldr     x0, =__bss_start
    ldr     x1, =__bss_end
1:  cmp     x0, x1
    b.hs    2f
    stp     xzr, xzr, [x0], #16
    b       1b
2:
#ifdef BENCH_MMU
    bl      bench_mmu_on            /* bench_mmu.c: identity-mapped 4K pages, MMU and caches on */
#endif
    bl      main
    b       bench_exit

    .text
/* void bench_exit(int code): semihosting SYS_EXIT (0x18) with ADP_Stopped_ApplicationExit. */
    .global bench_exit
bench_exit:
    sub     sp, sp, #16
    mov     x2, #0x0026
    movk    x2, #0x2, lsl #16
    sxtw    x3, w0
    stp     x2, x3, [sp]
    mov     x1, sp
    mov     w0, #0x18
    hlt     #0xf000
3:  wfi
    b       3b

#ifdef BENCH_EXC
/* bench.c phase_exc: a synchronous exception from EL3 with SP_EL3 (offset 0x200) returns at
 * once, adding 1 to x0; ELR already points after the SVC. */
    .balign 2048
    .global bench_exc_vectors
bench_exc_vectors:
    .space 0x200
    add     x0, x0, #1
    eret
#endif
