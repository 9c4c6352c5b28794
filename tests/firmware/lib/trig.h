/* SPDX-License-Identifier: MIT */
/* Assembler macros for exception-trigger stubs: trig_<name> sets NZCV to a known value, then
 * runs the instruction at trig_<name>_fault; the handler resumes at trig_<name>_resume. */
#ifndef TRIG_H
#define TRIG_H

.macro trig_begin name, nzcv
    .text
    .balign 16
    .global trig_\name
    .type trig_\name, %function
trig_\name:
    mov     x10, #(\nzcv << 28)
.endm

.macro trig_fault name
    msr     nzcv, x10
    .global trig_\name\()_fault
trig_\name\()_fault:
.endm

.macro trig_end name
    .global trig_\name\()_resume
trig_\name\()_resume:
    ret
    .size trig_\name, . - trig_\name
.endm

/* A stub whose whole body is one faulting instruction. */
.macro trig_simple name, nzcv, insn:vararg
    trig_begin \name, \nzcv
    trig_fault \name
    \insn
    trig_end \name
.endm

#endif
