/* SPDX-License-Identifier: MIT */
/* Number parsing shared by option, monitor-command and trace readers. */
#ifndef TETRARCH_PARSE_H
#define TETRARCH_PARSE_H

#include <ctype.h>
#include <errno.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdlib.h>

/* A number in C notation (decimal, 0x hexadecimal, leading-0 octal) that is the whole of `s`:
 * no sign, no leading space, no overflow. */
static inline bool parse_number(const char *s, uint64_t *v)
{
    if (!s || !*s || *s == '-' || *s == '+' || isspace((unsigned char)*s))
        return false;
    char *end;
    errno = 0;
    unsigned long long x = strtoull(s, &end, 0);
    if (errno || *end)
        return false;
    *v = x;
    return true;
}

#endif
