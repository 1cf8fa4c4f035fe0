/* string.c -- the few string and memory routines the kernel needs.
 *
 * The kernel is built with -fno-builtin and without a C library, but the
 * compiler may still emit calls to memset/memcpy/memmove for structure
 * copies and zeroing, so these names must exist.  Plain byte loops, with a
 * word loop for the common aligned case (user pages and buffer copies). */
#include "types.h"
#include "defs.h"

void *memset(void *dst, int c, uint64 n)
{
  uchar *d = dst;
  if (((uint64)d & 7) == 0 && (n & 7) == 0) {
    uint64 w = (uchar)c;
    w |= w << 8; w |= w << 16; w |= w << 32;
    for (uint64 *q = dst; n > 0; n -= 8)
      *q++ = w;
    return dst;
  }
  while (n-- > 0)
    *d++ = (uchar)c;
  return dst;
}

int memcmp(const void *a, const void *b, uint64 n)
{
  const uchar *x = a, *y = b;
  for (; n > 0; n--, x++, y++)
    if (*x != *y)
      return *x - *y;
  return 0;
}

/* Copies correctly when the areas overlap: backwards if dst is above src. */
void *memmove(void *dst, const void *src, uint64 n)
{
  const uchar *s = src;
  uchar *d = dst;
  if (n == 0)
    return dst;
  if (s < d && s + n > d) {
    s += n; d += n;
    while (n-- > 0)
      *--d = *--s;
    return dst;
  }
  if ((((uint64)s | (uint64)d | n) & 7) == 0) {
    const uint64 *ws = (const uint64 *)s;
    uint64 *wd = (uint64 *)d;
    for (; n > 0; n -= 8)
      *wd++ = *ws++;
    return dst;
  }
  while (n-- > 0)
    *d++ = *s++;
  return dst;
}

void *memcpy(void *dst, const void *src, uint64 n)
{
  return memmove(dst, src, n);
}

int strncmp(const char *a, const char *b, uint n)
{
  while (n > 0 && *a && *a == *b)
    n--, a++, b++;
  if (n == 0)
    return 0;
  return (uchar)*a - (uchar)*b;
}

/* Like C's strncpy: pads with NULs, may leave dst unterminated. */
char *strncpy(char *dst, const char *src, int n)
{
  char *d = dst;
  while (n > 0 && (*d = *src) != 0)
    n--, d++, src++;
  while (n-- > 0)
    *d++ = 0;
  return dst;
}

/* Copies at most n-1 characters and always terminates dst. */
char *safestrcpy(char *dst, const char *src, int n)
{
  char *d = dst;
  if (n <= 0)
    return dst;
  while (--n > 0 && (*d = *src) != 0)
    d++, src++;
  *d = 0;
  return dst;
}

int strlen(const char *s)
{
  int n = 0;
  while (s[n])
    n++;
  return n;
}
