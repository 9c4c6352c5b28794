/* SPDX-License-Identifier: MIT */
/* The smallest test program: one line on the UART, then semihosting exit 0. */
#include "lib/rt.h"

int main(void)
{
    rt_puts("hello from tetrarch firmware\n");
    return 0;
}
