/* SPDX-License-Identifier: MIT */
/* C side of the exception-trigger stubs (lib/trig.h): declarations, and a runner that checks
 * that exactly one exception was taken and prints its syndrome. */
#ifndef TRIG_C_H
#define TRIG_C_H

#include "rt.h"

#define TRIG_DECL(n) \
    void trig_##n(void); \
    extern char trig_##n##_fault[], trig_##n##_resume[]

/* Run trigger `n` (declared with TRIG_DECL) at the current EL. */
#define TRIG_RUN(n) trig_run(#n, trig_##n, trig_##n##_fault, trig_##n##_resume)

void trig_run(const char *name, void (*fn)(void), char *fault, char *resume);
/* 64 bytes that triggers may access; FARs inside it print as scratch+offset. */
extern uint8_t trig_scratch[64];
/* The number of triggers that did not take exactly one exception. */
extern int trig_failures;
/* Install the printing handler as rt_exc_hook. */
void trig_install(void);

#endif
