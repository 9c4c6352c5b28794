/* SPDX-License-Identifier: MIT */
/* Entry of the boot test program: the arm64 Image header, a placement check, stack, BSS, C. */

    .section .head, "ax"
    .global _start
_start:
    /* Image header (Linux Documentation/arch/arm64/booting.rst). code0 jumps over it. */
    b       entry               /* code0 */
    .long   0                   /* code1 */
    .quad   0                   /* text_offset: 0, so the loader adds 2 MiB as QEMU does */
    .quad   _image_size         /* image_size: file plus BSS and stack */
    .quad   0x2                 /* flags: little-endian, 4K pages, 2 MiB aligned base */
    .quad   0, 0, 0             /* res2-res4 */
    .ascii  "ARM\x64"           /* magic */
    .long   0                   /* res5 */

entry:
    /* The program is linked at the address the loader must choose; anywhere else, say so
     * with position-independent code only, and stop. */
    adr     x9, _start
    ldr     x10, =_start
    cmp     x9, x10
    b.ne    misplaced
    ldr     x9, =__stack_top
    mov     sp, x9
    ldr     x9, =__bss_start
    ldr     x10, =__bss_end
1:  cmp     x9, x10
    b.hs    2f
    str     xzr, [x9], #8
    b       1b
2:  bl      boot_main           /* x0-x3 as the loader left them */
3:  wfi
    b       3b

/* Core 1, started by PSCI CPU_ON with x0 = context_id. */
    .global secondary_entry
secondary_entry:
    ldr     x9, =__stack1_top
    mov     sp, x9
    bl      secondary_main
6:  wfi
    b       6b

misplaced:
    adr     x1, misplaced_msg
    movz    x2, #0x0900, lsl #16        /* PL011 data register */
4:  ldrb    w3, [x1], #1
    cbz     w3, 5f
    str     w3, [x2]
    b       4b
5:  wfi
    b       5b
misplaced_msg:
    .asciz  "boot test: loaded at the wrong address\n"
