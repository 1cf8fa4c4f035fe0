/* printf.c -- formatted output for user programs.
 *
 * printf(fmt, ...) writes to fd 1, fprintf(fd, fmt, ...) to any fd.  The
 * text of one call is gathered in a buffer on the stack and written with a
 * single write() at the end (or whenever the buffer fills), so that lines
 * printed by concurrent processes do not interleave character by character.
 *
 * Conversions: %d %u %x %p %s %c %%, with an `l` or `ll` size prefix for
 * d/u/x (64-bit), an optional `-` (left-justify), `0` (zero-pad) and a
 * decimal field width, e.g. "%5d", "%-14s", "%08lx".  %p prints 0x and 16
 * hex digits.  Nothing floating-point: user code is built without FP. */
#include "../user.h"

typedef __builtin_va_list va_list;
#define va_start(ap, last) __builtin_va_start(ap, last)
#define va_arg(ap, type)   __builtin_va_arg(ap, type)
#define va_end(ap)         __builtin_va_end(ap)

#define OUTBUF 256

struct out {
  int fd;
  int len;
  char buf[OUTBUF];
};

static void flush(struct out *o)
{
  if (o->len > 0)
    write(o->fd, o->buf, o->len);
  o->len = 0;
}

static void putc(struct out *o, char c)
{
  if (o->len == OUTBUF)
    flush(o);
  o->buf[o->len++] = c;
}

/* Puts s (n bytes) in a field of `width`, padded with `pad` on the left or
 * with spaces on the right when `left`. */
static void field(struct out *o, const char *s, int n, int width, int left, char pad)
{
  int fill = width > n ? width - n : 0;
  if (!left) {
    /* Zero padding goes after a sign: "-0042", not "00-42". */
    if (pad == '0' && n > 0 && s[0] == '-') {
      putc(o, '-');
      s++;
      n--;
    }
    while (fill-- > 0)
      putc(o, pad);
  }
  for (int i = 0; i < n; i++)
    putc(o, s[i]);
  if (left)
    while (fill-- > 0)
      putc(o, ' ');
}

/* The digits of v in base (10 or 16), with a '-' if neg; into buf's end. */
static int number(char *buf, int size, uint64 v, int base, int neg)
{
  static const char digits[] = "0123456789abcdef";
  int i = size;
  do {
    buf[--i] = digits[v % base];
    v /= base;
  } while (v != 0);
  if (neg)
    buf[--i] = '-';
  return i;
}

static void vformat(int fd, const char *fmt, va_list ap)
{
  struct out o;
  char num[24];
  o.fd = fd;
  o.len = 0;

  for (; *fmt; fmt++) {
    if (*fmt != '%') {
      putc(&o, *fmt);
      continue;
    }
    fmt++;
    int left = 0, width = 0, longs = 0;
    char pad = ' ';
    if (*fmt == '-') {
      left = 1;
      fmt++;
    }
    if (*fmt == '0') {
      pad = '0';
      fmt++;
    }
    while (*fmt >= '0' && *fmt <= '9')
      width = width * 10 + (*fmt++ - '0');
    while (*fmt == 'l') {
      longs++;
      fmt++;
    }

    int start;
    switch (*fmt) {
    case 'd': {
      int64 v = longs ? va_arg(ap, int64) : va_arg(ap, int);
      uint64 mag = v < 0 ? -(uint64)v : (uint64)v;
      start = number(num, sizeof num, mag, 10, v < 0);
      field(&o, num + start, sizeof num - start, width, left, pad);
      break;
    }
    case 'u':
    case 'x': {
      uint64 v = longs ? va_arg(ap, uint64) : va_arg(ap, uint);
      start = number(num, sizeof num, v, *fmt == 'u' ? 10 : 16, 0);
      field(&o, num + start, sizeof num - start, width, left, pad);
      break;
    }
    case 'p': {
      uint64 v = (uint64)va_arg(ap, void *);
      putc(&o, '0');
      putc(&o, 'x');
      for (int shift = 60; shift >= 0; shift -= 4)
        putc(&o, "0123456789abcdef"[(v >> shift) & 15]);
      break;
    }
    case 's': {
      const char *s = va_arg(ap, const char *);
      if (s == 0)
        s = "(null)";
      field(&o, s, strlen(s), width, left, ' ');
      break;
    }
    case 'c':
      num[0] = (char)va_arg(ap, int);
      field(&o, num, 1, width, left, ' ');
      break;
    case '%':
      putc(&o, '%');
      break;
    case 0:     /* a lone '%' at the end */
      fmt--;
      break;
    default:    /* unknown: print it as written */
      putc(&o, '%');
      putc(&o, *fmt);
      break;
    }
  }
  flush(&o);
}

void fprintf(int fd, const char *fmt, ...)
{
  va_list ap;
  va_start(ap, fmt);
  vformat(fd, fmt, ap);
  va_end(ap);
}

void printf(const char *fmt, ...)
{
  va_list ap;
  va_start(ap, fmt);
  vformat(1, fmt, ap);
  va_end(ap);
}
