/* SPDX-License-Identifier: MIT */
/* Leaving the simulation: semihosting SYS_EXIT (Arm semihosting spec, HLT #0xF000 in A64). */
#include "hv.h"

#define SYS_EXIT                       0x18
#define ADP_Stopped_ApplicationExit    0x20026

/* In A64, SYS_EXIT takes a pointer to {reason, exit code}; both QEMU and tetrarch pass the
 * code on as their own exit status. The HLT is trapped by the debugger/simulator, so no
 * exception is taken (and none appears in the transition trace). */
void semihost_exit(uint64_t code)
{
    uint64_t block[2] = { ADP_Stopped_ApplicationExit, code };
    register uint64_t x0 __asm__("x0") = SYS_EXIT;
    register uint64_t x1 __asm__("x1") = (uint64_t)block;
    __asm__ volatile("hlt #0xf000" : : "r"(x0), "r"(x1) : "memory");
    for (;;)
        ;
}
