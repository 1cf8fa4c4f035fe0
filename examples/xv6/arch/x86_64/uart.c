/* uart.c -- the console: a 16550 UART at COM1 (I/O port 0x3f8, ISA IRQ 4).
 *
 * Output is polled: wait until the transmit holding register is empty
 * (LSR bit 5), then write the byte; that works from the first instruction
 * (QEMU's UART needs no set-up to send) and from panic with interrupts
 * off.  Input is interrupt-driven: the UART raises IRQ 4 when a byte
 * arrives (IER bit 0; MCR.OUT2 gates the line on a PC), the I/O APIC turns
 * it into vector T_COM1 on CPU 0, and x86_uart_intr hands every waiting
 * byte to consoleintr().
 */
#include "x86.h"
#include "defs.h"

#define COM1 0x3f8
#define RBR  (COM1 + 0)   /* receive buffer (read) / transmit (write) */
#define IER  (COM1 + 1)   /* interrupt enable */
#define FCR  (COM1 + 2)   /* FIFO control */
#define LCR  (COM1 + 3)   /* line control */
#define MCR  (COM1 + 4)   /* modem control */
#define LSR  (COM1 + 5)   /* line status */
#define LSR_DATA  0x01
#define LSR_THRE  0x20

void arch_uart_init(void)
{
  outb(IER, 0x00);
  outb(LCR, 0x80);        /* DLAB: the next two are the divisor */
  outb(COM1 + 0, 1);      /* 115200 baud */
  outb(COM1 + 1, 0);
  outb(LCR, 0x03);        /* 8 bits, no parity, one stop bit */
  /* No FIFOs (16450 mode): enabling them would clear a byte that arrived
   * during boot, and QEMU then waits for a read of RBR before it feeds the
   * UART again -- piped input would stall.  One byte per interrupt is
   * plenty for a console. */
  outb(FCR, 0x00);
  outb(MCR, 0x0b);        /* DTR, RTS, OUT2 (the IRQ line) */
  outb(IER, 0x01);        /* interrupt when a byte arrives */
  x86_ioapic_route(x86_com1_gsi, T_COM1, 0);
  /* A byte that arrived during boot raised the (edge-triggered) IRQ line
   * while the I/O APIC entry was still masked; real hardware forgets such
   * an edge, so take what is waiting now (consoleinit() has run). */
  x86_uart_intr();
}

void arch_uart_putc(int c)
{
  for (int i = 0; i < 100000 && !(inb(LSR) & LSR_THRE); i++)
    pause();
  outb(RBR, c);
}

void x86_uart_intr(void)
{
  while (inb(LSR) & LSR_DATA)
    consoleintr(inb(RBR));
}

void x86_puts(const char *s)
{
  for (; *s; s++) {
    if (*s == '\n')
      arch_uart_putc('\r');
    arch_uart_putc(*s);
  }
}

void x86_puthex(uint64 v)
{
  char buf[19];
  buf[0] = '0';
  buf[1] = 'x';
  for (int i = 0; i < 16; i++)
    buf[2 + i] = "0123456789abcdef"[(v >> (60 - 4 * i)) & 15];
  buf[18] = 0;
  x86_puts(buf);
}
