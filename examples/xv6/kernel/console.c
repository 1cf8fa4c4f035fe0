/* console.c -- the console device: the UART seen as a terminal.
 *
 * Output is polled (arch_uart_putc), a whole write() at a time under
 * cons.outlock so that the output of different processes (and the echo of
 * typed input) does not interleave within one write.  Input arrives one byte per UART interrupt
 * in consoleintr(), which implements the line discipline:
 *   backspace / DEL   erase the last character of the line being typed
 *   ^U                erase the whole line
 *   ^D                end of file: a read() returns what was typed so far,
 *                     or 0 at the start of a line
 *   ^P                list the processes (procdump)
 *   CR                is taken as newline
 * and echoes what it keeps.  Bytes become readable only when the line is
 * complete (newline or ^D, or the buffer is full); consoleread() sleeps
 * until then.  cons.lock protects the input buffer; the interrupt handler
 * takes it too, with interrupts off as every spinlock holder.
 *
 * The buffer is [r, w) ready to read and [w, e) being edited, as indices
 * that only grow (modulo INPUT_BUF when used).  It is large (input piped
 * into QEMU at boot arrives faster than the shell reads it). */
#include "types.h"
#include "defs.h"
#include "proc.h"
#include "spinlock.h"
#include "sleeplock.h"
#include "file.h"
#include "console.h"

struct cons_state cons;

/* One character to the UART; BACKSPACE erases the last one on screen. */
void consputc(int c)
{
  if (c == BACKSPACE) {
    arch_uart_putc('\b');
    arch_uart_putc(' ');
    arch_uart_putc('\b');
  } else if (c == '\n') {
    arch_uart_putc('\r');
    arch_uart_putc('\n');
  } else {
    arch_uart_putc(c);
  }
}

/* write() to the console: copies in chunks, prints them. */
static int consolewrite(int user_src, uint64 src, int n)
{
  char chunk[64];
  int i = 0;
  acquire(&cons.outlock);
  while (i < n) {
    int m = n - i < (int)sizeof(chunk) ? n - i : (int)sizeof(chunk);
    if (either_copyin(chunk, user_src, src + i, m) < 0)
      break;
    for (int k = 0; k < m; k++)
      consputc(chunk[k]);
    i += m;
  }
  release(&cons.outlock);
  return i == 0 && n > 0 ? -1 : i;
}

/* read() from the console: up to n bytes of one line. */
static int consoleread(int user_dst, uint64 dst, int n)
{
  int target = n;
  acquire(&cons.lock);
  while (n > 0) {
    while (cons.r == cons.w) {
      if (killed(myproc())) {
        release(&cons.lock);
        return -1;
      }
      sleep(&cons.r, &cons.lock);
    }
    char c = cons.buf[cons.r++ % INPUT_BUF];
    if (c == CTRL('D')) {
      if (n < target)
        cons.r--;   /* keep ^D for the next read, which then returns 0 */
      break;
    }
    if (either_copyout(user_dst, dst, &c, 1) < 0) {
      if (n == target) {
        release(&cons.lock);
        return -1;
      }
      break;
    }
    dst++;
    n--;
    if (c == '\n')
      break;
  }
  release(&cons.lock);
  return target - n;
}

/* A byte from the UART (interrupt context).  The echo takes cons.outlock
 * too, so that it never lands inside another CPU's write(); the lock order
 * is cons.lock, then cons.outlock. */
void consoleintr(int c)
{
  acquire(&cons.lock);
  acquire(&cons.outlock);
  switch (c) {
  case CTRL('P'):
    procdump();
    break;
  case CTRL('U'):
    while (cons.e != cons.w && cons.buf[(cons.e - 1) % INPUT_BUF] != '\n') {
      cons.e--;
      consputc(BACKSPACE);
    }
    break;
  case CTRL('H'):
  case 0x7f:
    if (cons.e != cons.w) {
      cons.e--;
      consputc(BACKSPACE);
    }
    break;
  default:
    if (c != 0 && cons.e - cons.r < INPUT_BUF) {
      if (c == '\r')
        c = '\n';
      if (c != CTRL('D'))
        consputc(c);
      cons.buf[cons.e++ % INPUT_BUF] = c;
      if (c == '\n' || c == CTRL('D') || cons.e - cons.r == INPUT_BUF) {
        cons.w = cons.e;
        wakeup(&cons.r);
      }
    }
    break;
  }
  release(&cons.outlock);
  release(&cons.lock);
}

void consoleinit(void)
{
  initlock(&cons.lock, "cons");
  initlock(&cons.outlock, "consout");
  devsw[CONSOLE].read = consoleread;
  devsw[CONSOLE].write = consolewrite;
}
