/* SPDX-License-Identifier: MIT */
/* Console output on the virt board's PL011 (Arm DDI 0183: DR at 0x00, FR at 0x18). */
#include "hv.h"

#define UART_BASE 0x09000000ul
#define UART_DR   0x00
#define UART_FR   0x18
#define FR_TXFF   (1u << 5)   /* transmit FIFO full */

static inline volatile uint32_t *uart_reg(unsigned off)
{
    return (volatile uint32_t *)(UART_BASE + off);
}

/* Bytes go out as written ('\n' is not expanded), so the output compares byte for byte with
 * the expected files on QEMU and tetrarch alike. No initialisation: both models accept
 * writes to DR out of reset, and real firmware would have been handed a set-up console. */
void uart_putc(char c)
{
    while (*uart_reg(UART_FR) & FR_TXFF)
        ;
    *uart_reg(UART_DR) = (uint8_t)c;
}

void uart_puts(const char *s)
{
    while (*s)
        uart_putc(*s++);
}
