/* ulib.c -- the entry point and the string/memory routines of user space.
 *
 * A user program is linked freestanding: there is no C library, so the few
 * routines programs need are here, written plainly (byte at a time; user
 * programs here move little data, and the kernel is what is measured).
 * The compiler may also call memset/memcpy/memmove itself (for struct
 * copies and zeroing), which is why they are real functions with the
 * standard signatures.
 *
 * _start is what exec() jumps to: the kernel passes argc and argv in the
 * first two argument registers (x0/x1, rdi/rsi) with sp on a 16-byte
 * boundary and no return address.  _start calls main and hands its result
 * to exit(), so `return n` from main is `exit(n)`. */
#include "../user.h"

int main(int argc, char **argv);

/* The kernel enters with sp 16-byte aligned, but C on x86-64 expects sp+8
 * to be aligned at a function's entry (a call just pushed a return
 * address); force_align_arg_pointer realigns so either is fine. */
#ifdef __x86_64__
__attribute__((force_align_arg_pointer))
#endif
__attribute__((section(".text._start"), noreturn, used))
void _start(int argc, char **argv)
{
  exit(main(argc, argv));
}

char *strcpy(char *dst, const char *src)
{
  char *d = dst;
  while ((*d++ = *src++) != 0)
    ;
  return dst;
}

int strcmp(const char *a, const char *b)
{
  while (*a && *a == *b) {
    a++;
    b++;
  }
  return (uchar)*a - (uchar)*b;
}

uint strlen(const char *s)
{
  uint n = 0;
  while (s[n])
    n++;
  return n;
}

char *strchr(const char *s, char c)
{
  for (; *s; s++)
    if (*s == c)
      return (char *)s;
  return 0;
}

void *memset(void *dst, int c, uint n)
{
  uchar *d = dst;
  while (n-- > 0)
    *d++ = (uchar)c;
  return dst;
}

/* Copies n bytes, correctly when the areas overlap: forwards when the
 * destination is below the source, backwards otherwise. */
void *memmove(void *dst, const void *src, int n)
{
  uchar *d = dst;
  const uchar *s = src;
  if (n <= 0 || d == s)
    return dst;
  if (d < s) {
    while (n-- > 0)
      *d++ = *s++;
  } else {
    d += n;
    s += n;
    while (n-- > 0)
      *--d = *--s;
  }
  return dst;
}

void *memcpy(void *dst, const void *src, uint n)
{
  return memmove(dst, src, (int)n);
}

int memcmp(const void *a, const void *b, uint n)
{
  const uchar *x = a, *y = b;
  for (; n > 0; n--, x++, y++)
    if (*x != *y)
      return *x - *y;
  return 0;
}

/* Decimal, with an optional leading '-'; stops at the first non-digit. */
int atoi(const char *s)
{
  int sign = 1, n = 0;
  if (*s == '-') {
    sign = -1;
    s++;
  }
  while (*s >= '0' && *s <= '9')
    n = n * 10 + (*s++ - '0');
  return sign * n;
}

/* Reads one line from fd 0 into buf (at most max-1 bytes, newline kept),
 * NUL-terminated.  An empty buf means end of file. */
char *gets(char *buf, int max)
{
  int i = 0;
  char c;
  while (i + 1 < max) {
    if (read(0, &c, 1) < 1)
      break;
    buf[i++] = c;
    if (c == '\n' || c == '\r')
      break;
  }
  buf[i] = 0;
  return buf;
}

int stat(const char *path, struct stat *st)
{
  int fd = open(path, O_RDONLY);
  if (fd < 0)
    return -1;
  int r = fstat(fd, st);
  close(fd);
  return r;
}
