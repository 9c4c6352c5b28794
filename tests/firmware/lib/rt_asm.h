/* SPDX-License-Identifier: MIT */
/* Constants shared by the runtime's assembly and C (kept free of C syntax). */
#ifndef RT_ASM_H
#define RT_ASM_H

/* struct rt_frame: x0-x30, elr, spsr, esr, far, padding to a multiple of 16. */
#define RT_FRAME_SIZE 288
/* SVC/HVC/SMC immediate with which a lower-EL function returns to rt_call_lower. */
#define RT_RETURN_IMM 0xffff

#endif
