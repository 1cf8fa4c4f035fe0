/* uart.c -- the PL011 UART at 0x09000000, the console.
 *
 * Output is polled: arch_uart_putc waits until the transmit FIFO has room,
 * so it works at any time -- before arch_uart_init, with interrupts off,
 * from a panic.  (QEMU's PL011 transmits even before the UART is enabled.)
 * Input is interrupt-driven: the receive and receive-timeout interrupts
 * (SPI 33, routed to CPU 0 by intr.c) call uart_intr, which hands every
 * byte waiting in the receiver to the shared kernel's consoleintr().
 *
 * arch_puts/arch_puthex are the architecture's own output, for the reports
 * of trap.c that must not depend on the shared kernel's printf. */
#include "archint.h"

#define UART_DR     0x00   /* data */
#define UART_FR     0x18   /* flags */
#define UART_LCR_H  0x2c   /* line control */
#define UART_CR     0x30   /* control */
#define UART_IMSC   0x38   /* interrupt mask set/clear */
#define UART_ICR    0x44   /* interrupt clear */

#define FR_RXFE     (1 << 4)   /* receive FIFO empty */
#define FR_TXFF     (1 << 5)   /* transmit FIFO full */
#define LCR_WLEN8   (3 << 5)   /* 8 data bits */
#define CR_UARTEN   (1 << 0)
#define CR_TXE      (1 << 8)
#define CR_RXE      (1 << 9)
#define INT_RX      (1 << 4)
#define INT_RT      (1 << 6)   /* receive timeout: bytes wait below the trigger level */

static volatile uint8 *uart(uint off) { return (volatile uint8 *)UART0_BASE + off; }

void arch_uart_init(void)
{
  mmio_write32(uart(UART_CR), 0);
  /* No FIFO (one byte at a time is plenty for a console): switching the
   * FIFO on would make QEMU drop bytes that arrived before this point. */
  mmio_write32(uart(UART_LCR_H), LCR_WLEN8);
  /* Clear old interrupts, but not receive: a byte may already wait. */
  mmio_write32(uart(UART_ICR), 0x7ff & ~(INT_RX | INT_RT));
  mmio_write32(uart(UART_IMSC), INT_RX | INT_RT);
  mmio_write32(uart(UART_CR), CR_UARTEN | CR_TXE | CR_RXE);
}

void arch_uart_putc(int c)
{
  while (mmio_read32(uart(UART_FR)) & FR_TXFF)
    ;
  mmio_write32(uart(UART_DR), (uint32)(c & 0xff));
}

/* Clear the interrupt first, then drain: a byte that arrives after the
 * last read raises it again. */
void uart_intr(void)
{
  mmio_write32(uart(UART_ICR), INT_RX | INT_RT);
  while ((mmio_read32(uart(UART_FR)) & FR_RXFE) == 0)
    consoleintr((int)(mmio_read32(uart(UART_DR)) & 0xff));
}

void arch_puts(const char *s)
{
  while (*s)
    arch_uart_putc(*s++);
}

void arch_puthex(uint64 v)
{
  arch_puts("0x");
  for (int shift = 60; shift >= 0; shift -= 4)
    arch_uart_putc("0123456789abcdef"[(v >> shift) & 0xf]);
}
