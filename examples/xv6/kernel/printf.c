/* printf.c -- the kernel's formatted output, and panic.
 *
 * Output goes byte by byte to the UART with polling (arch_uart_putc), so
 * printf works with interrupts off, from any CPU, before anything else is
 * initialised, and from interrupt handlers.  A spinlock keeps the lines of
 * different CPUs from interleaving.  panic() does not take that lock (the
 * panicking CPU may already hold it, or another CPU may hold it forever);
 * instead it sets `panicked`, after which every other CPU stops dead in its
 * next putc, so the panic message comes out alone, and then powers off.
 *
 * Formats: %d %i %u %x %p %s %c %%, with l / ll (64-bit; %p is always 64),
 * an optional 0 flag and width (%08x). */
#include "types.h"
#include "defs.h"
#include "proc.h"

volatile int panicked;          /* set once by the first panic */
static volatile int panic_cpu = -1;
static struct spinlock pr_lock;
static int pr_locking;          /* 0 until printfinit(): the boot CPU is alone */

static void kputc(int c)
{
  if (panicked) {
    /* Only the panicking CPU may still print; the others stop here. */
    int me;
    push_off();
    me = cpuid();
    pop_off();
    if (me != panic_cpu)
      for (;;)
        ;
  }
  if (c == '\n')
    arch_uart_putc('\r');
  arch_uart_putc(c);
}

static void printnum(uint64 x, int base, int neg, int width, int zero)
{
  static const char digits[] = "0123456789abcdef";
  char buf[24];
  int i = 0;
  do {
    buf[i++] = digits[x % base];
    x /= base;
  } while (x != 0);
  if (neg)
    buf[i++] = '-';
  while (i < width && i < (int)sizeof(buf))
    buf[i++] = zero ? '0' : ' ';
  while (--i >= 0)
    kputc(buf[i]);
}

static void vprintf(const char *fmt, __builtin_va_list ap)
{
  for (; *fmt; fmt++) {
    if (*fmt != '%') {
      kputc(*fmt);
      continue;
    }
    fmt++;
    int zero = 0, width = 0, lng = 0;
    if (*fmt == '0') {
      zero = 1;
      fmt++;
    }
    while (*fmt >= '0' && *fmt <= '9')
      width = width * 10 + (*fmt++ - '0');
    while (*fmt == 'l') {
      lng++;
      fmt++;
    }
    switch (*fmt) {
    case 'd': case 'i': {
      int64 v = lng ? __builtin_va_arg(ap, int64) : __builtin_va_arg(ap, int);
      printnum(v < 0 ? -(uint64)v : (uint64)v, 10, v < 0, width, zero);
      break;
    }
    case 'u':
      printnum(lng ? __builtin_va_arg(ap, uint64) : __builtin_va_arg(ap, uint), 10, 0, width, zero);
      break;
    case 'x':
      printnum(lng ? __builtin_va_arg(ap, uint64) : __builtin_va_arg(ap, uint), 16, 0, width, zero);
      break;
    case 'p':
      kputc('0');
      kputc('x');
      printnum((uint64)__builtin_va_arg(ap, void *), 16, 0, 16, 1);
      break;
    case 's': {
      const char *s = __builtin_va_arg(ap, const char *);
      if (s == 0)
        s = "(null)";
      for (; *s; s++)
        kputc(*s);
      break;
    }
    case 'c':
      kputc(__builtin_va_arg(ap, int));
      break;
    case '%':
      kputc('%');
      break;
    case 0:
      return;
    default:   /* unknown: show it as written */
      kputc('%');
      kputc(*fmt);
      break;
    }
  }
}

void printfinit(void)
{
  initlock(&pr_lock, "printf");
  pr_locking = 1;
}

void printf(const char *fmt, ...)
{
  __builtin_va_list ap;
  int locking = pr_locking && !panicked;
  if (locking)
    acquire(&pr_lock);
  __builtin_va_start(ap, fmt);
  vprintf(fmt, ap);
  __builtin_va_end(ap);
  if (locking)
    release(&pr_lock);
}

void panic(const char *fmt, ...)
{
  __builtin_va_list ap;
  intr_off();
  /* The first panicking CPU wins; a second one stops in kputc. */
  int expected = -1;
  __atomic_compare_exchange_n(&panic_cpu, &expected, cpuid(), 0,
                              __ATOMIC_SEQ_CST, __ATOMIC_SEQ_CST);
  panicked = 1;
  kputc('\n');
  for (const char *s = "panic: "; *s; s++)
    kputc(*s);
  __builtin_va_start(ap, fmt);
  vprintf(fmt, ap);
  __builtin_va_end(ap);
  kputc('\n');
  arch_poweroff(1);
}
