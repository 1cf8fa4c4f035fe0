/* libtest.c -- tests the pure-C parts of the user library on the host.
 *
 * user/lib/ulib.c, printf.c and umalloc.c are compiled with the host cc
 * and rename.h force-included, so their functions are u_strlen, u_printf,
 * u_malloc, ...; this file provides the few system calls they use (write,
 * read, sbrk, open, fstat, close) as fakes: write() appends to a buffer
 * and counts calls, sbrk() moves a break inside a static arena, read()
 * serves a string.  Then it checks the results with the host's libc.
 * Prints "libtest: N checks passed" and exits 0, or lists the failures and
 * exits 1.  Built and run by `make user-hosttest` (user/user.mk). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <stdint.h>

#include "../../kernel/types.h"
#include "../../kernel/stat.h"
#include "../../kernel/fcntl.h"

/* The library under test. */
char *u_strcpy(char *, const char *);
int u_strcmp(const char *, const char *);
uint u_strlen(const char *);
char *u_strchr(const char *, char);
void *u_memset(void *, int, uint);
void *u_memmove(void *, const void *, int);
void *u_memcpy(void *, const void *, uint);
int u_memcmp(const void *, const void *, uint);
int u_atoi(const char *);
char *u_gets(char *, int);
int u_stat(const char *, struct stat *);
void u_printf(const char *, ...);
void u_fprintf(int, const char *, ...);
void *u_malloc(uint);
void u_free(void *);

static int checks, failures;

#define CHECK(cond, ...)                                          \
  do {                                                            \
    checks++;                                                     \
    if (!(cond)) {                                                \
      failures++;                                                 \
      fprintf(stderr, "libtest: line %d: ", __LINE__);            \
      fprintf(stderr, __VA_ARGS__);                               \
      fprintf(stderr, "\n");                                      \
    }                                                             \
  } while (0)

/* ---- fake system calls ---- */

static char out[8192];
static int out_len, writes, last_fd;

int u_write(int fd, const void *p, int n)
{
  last_fd = fd;
  writes++;
  if (out_len + n < (int)sizeof out) {
    memcpy(out + out_len, p, n);
    out_len += n;
  }
  return n;
}

static void reset_out(void)
{
  out_len = writes = 0;
  memset(out, 0, sizeof out);
}

static const char *input;

int u_read(int fd, void *p, int n)
{
  (void)fd;
  int k = 0;
  while (k < n && *input)
    ((char *)p)[k++] = *input++;
  return k;
}

static _Alignas(4096) char arena[8 << 20];
static uint64 brk_off;
static int sbrk_calls;

char *u_sbrk(int n)
{
  sbrk_calls++;
  int64 next = (int64)brk_off + n;
  if (next < 0 || next > (int64)sizeof arena)
    return (char *)-1;
  char *old = arena + brk_off;
  if (n > 0)
    memset(old, 0xAA, n);     /* new memory is garbage: malloc must not assume zeros */
  brk_off = next;
  return old;
}

int u_open(const char *path, int flags)
{
  (void)flags;
  return strcmp(path, "present") == 0 ? 3 : -1;
}

int u_fstat(int fd, struct stat *st)
{
  if (fd != 3)
    return -1;
  st->type = T_FILE;
  st->size = 42;
  return 0;
}

int u_close(int fd)
{
  (void)fd;
  return 0;
}

void u_exit(int status)
{
  fprintf(stderr, "libtest: the library called exit(%d)\n", status);
  abort();
}

int u_main(int argc, char **argv)
{
  (void)argc;
  (void)argv;
  return 0;
}

/* ---- tests ---- */

static void test_strings(void)
{
  char b[64];
  CHECK(u_strlen("") == 0 && u_strlen("abc") == 3, "strlen");
  CHECK(u_strcpy(b, "hello") == b && strcmp(b, "hello") == 0, "strcpy");
  CHECK(u_strcmp("a", "a") == 0, "strcmp equal");
  CHECK(u_strcmp("a", "b") < 0 && u_strcmp("b", "a") > 0, "strcmp order");
  CHECK(u_strcmp("ab", "a") > 0 && u_strcmp("a", "ab") < 0, "strcmp prefix");
  CHECK(u_strcmp("\xff", "a") > 0, "strcmp compares unsigned chars");
  const char *s = "path/to/file";
  CHECK(u_strchr(s, '/') == s + 4, "strchr found");
  CHECK(u_strchr(s, 'z') == 0, "strchr not found");
  CHECK(u_atoi("123") == 123 && u_atoi("-45") == -45 && u_atoi("12ab") == 12 && u_atoi("") == 0,
        "atoi");
  CHECK(u_atoi("2147483647") == 2147483647, "atoi max");
}

static void test_memory(void)
{
  char b[64], c[64];
  CHECK(u_memset(b, 'x', 10) == b && memcmp(b, "xxxxxxxxxx", 10) == 0, "memset");
  u_memset(b, 0x1ff, 4);
  CHECK((uchar)b[0] == 0xff, "memset takes the low byte");
  for (int i = 0; i < 64; i++)
    b[i] = c[i] = (char)i;
  u_memmove(b + 2, b, 20);          /* overlap, forwards */
  memmove(c + 2, c, 20);
  CHECK(memcmp(b, c, 64) == 0, "memmove up");
  u_memmove(b, b + 5, 30);          /* overlap, backwards */
  memmove(c, c + 5, 30);
  CHECK(memcmp(b, c, 64) == 0, "memmove down");
  CHECK(u_memmove(b, c, 0) == b && u_memmove(b, c, -3) == b, "memmove of 0 or negative length");
  CHECK(u_memcpy(b, "abcdef", 6) == b && memcmp(b, "abcdef", 6) == 0, "memcpy");
  CHECK(u_memcmp("abc", "abd", 3) < 0 && u_memcmp("abd", "abc", 3) > 0 && u_memcmp("abc", "abd", 2) == 0,
        "memcmp");
  CHECK(u_memcmp("\x80", "\x01", 1) > 0, "memcmp unsigned");
}

#define EXPECT_OUT(text)                                                            \
  CHECK(out_len == (int)strlen(text) && memcmp(out, text, out_len) == 0,           \
        "printf wrote \"%.*s\", expected \"%s\"", out_len, out, text)

static void test_printf(void)
{
  reset_out();
  u_printf("%d %u %x %s %c %%", -42, 3000000000u, 0xbeef, "str", 'Z');
  EXPECT_OUT("-42 3000000000 beef str Z %");
  CHECK(writes == 1 && last_fd == 1, "one printf, %d writes to fd %d", writes, last_fd);

  reset_out();
  u_printf("%ld %lu %lx %lld", (long)INT64_MIN, (unsigned long)UINT64_MAX, 0x123456789abcdefUL,
           (long long)-1);
  EXPECT_OUT("-9223372036854775808 18446744073709551615 123456789abcdef -1");

  reset_out();
  u_printf("[%5d|%-5d|%05d|%05d|%-6s|%6s|%3c]", 42, 42, 42, -42, "ab", "ab", 'q');
  EXPECT_OUT("[   42|42   |00042|-0042|ab    |    ab|  q]");

  reset_out();
  u_printf("%p %p", (void *)0, (void *)0xffffff8040000000UL);
  EXPECT_OUT("0x0000000000000000 0xffffff8040000000");

  reset_out();
  u_printf("%s|%d|%x|%u", (char *)0, 0, 0, 0);
  EXPECT_OUT("(null)|0|0|0");

  reset_out();
  u_printf("odd %q %");
  EXPECT_OUT("odd %q ");

  reset_out();
  u_fprintf(2, "to %s", "stderr");
  EXPECT_OUT("to stderr");
  CHECK(last_fd == 2, "fprintf wrote to fd %d", last_fd);

  /* Longer than the buffer: several writes, nothing lost. */
  char big[1000];
  memset(big, 'y', sizeof big - 1);
  big[sizeof big - 1] = 0;
  reset_out();
  u_printf("<%s>", big);
  CHECK(out_len == 1001 && out[0] == '<' && out[1000] == '>' && out[500] == 'y', "long printf");
  CHECK(writes > 1, "long printf in %d writes", writes);
}

static void test_gets_stat(void)
{
  char b[16];
  input = "first line\nsecond\nlast without newline";
  CHECK(strcmp(u_gets(b, sizeof b), "first line\n") == 0, "gets line 1: %s", b);
  CHECK(strcmp(u_gets(b, sizeof b), "second\n") == 0, "gets line 2");
  CHECK(strcmp(u_gets(b, sizeof b), "last without ne") == 0, "gets stops at max-1: %s", b);
  CHECK(strcmp(u_gets(b, sizeof b), "wline") == 0, "gets rest: %s", b);
  CHECK(u_gets(b, sizeof b)[0] == 0, "gets at end of input");
  struct stat st;
  CHECK(u_stat("present", &st) == 0 && st.type == T_FILE && st.size == 42, "stat");
  CHECK(u_stat("missing", &st) == -1, "stat of a missing file");
}

static void test_malloc(void)
{
  enum { N = 200 };
  static uchar *blocks[N];
  static uint sizes[N];
  uint seed = 12345;
  for (int round = 0; round < 20; round++) {
    for (int i = 0; i < N; i++) {
      seed = seed * 1103515245 + 12345;
      if (blocks[i] && (seed >> 16) % 3 == 0) {
        for (uint k = 0; k < sizes[i]; k++)
          if (blocks[i][k] != (uchar)i) {
            CHECK(0, "block %d damaged at %u", i, k);
            return;
          }
        u_free(blocks[i]);
        blocks[i] = 0;
      } else if (!blocks[i]) {
        sizes[i] = 1 + (seed >> 8) % ((seed >> 20) % 8 == 0 ? 20000 : 300);
        blocks[i] = u_malloc(sizes[i]);
        CHECK(blocks[i] != 0, "malloc(%u) failed", sizes[i]);
        if (!blocks[i])
          return;
        CHECK(((uintptr_t)blocks[i] & 15) == 0, "malloc result not 16-byte aligned");
        CHECK(blocks[i] >= (uchar *)arena && blocks[i] + sizes[i] <= (uchar *)arena + brk_off,
              "block outside the heap");
        memset(blocks[i], i, sizes[i]);
      }
    }
  }
  for (int i = 0; i < N; i++) {
    if (blocks[i]) {
      for (uint k = 0; k < sizes[i]; k++)
        if (blocks[i][k] != (uchar)i) {
          CHECK(0, "block %d damaged at %u", i, k);
          return;
        }
      u_free(blocks[i]);
      blocks[i] = 0;
    }
  }
  CHECK(brk_off < (1 << 20), "heap not reused: %llu bytes", (unsigned long long)brk_off);

  /* A big block freed at the end of the heap goes back to the kernel. */
  uint64 before = brk_off;
  void *big = u_malloc(500000);
  CHECK(big != 0 && (char *)big + 500000 <= arena + brk_off, "big malloc");
  u_free(big);
  CHECK(brk_off <= before, "big free did not shrink the heap (%llu -> %llu)",
        (unsigned long long)before, (unsigned long long)brk_off);

  /* The program moves the break itself between mallocs. */
  void *a = u_malloc(100);
  char *own = u_sbrk(5000);
  memset(own, 'O', 5000);
  void *b = u_malloc(10000);
  CHECK(a && b, "malloc around a foreign sbrk");
  memset(b, 'B', 10000);
  u_free(a);
  u_free(b);
  void *c = u_malloc(50);
  memset(c, 'C', 50);
  int intact = 1;
  for (int i = 0; i < 5000; i++)
    intact &= own[i] == 'O';
  CHECK(intact, "malloc/free wrote into memory the program sbrk'd itself");
  u_free(c);

  /* The program leaves the break unaligned: results stay aligned. */
  u_sbrk(3);
  void *odd = u_malloc(100000);
  CHECK(odd != 0 && ((uintptr_t)odd & 15) == 0, "malloc after an odd sbrk: %p", odd);
  u_free(odd);

  /* Out of memory: 0, and the heap still works. */
  CHECK(u_malloc(0xffffffffu) == 0, "malloc of 4 GiB");
  void *d = u_malloc(64);
  CHECK(d != 0, "malloc after a failure");
  u_free(d);
  u_free(0);
}

int main(void)
{
  test_strings();
  test_memory();
  test_printf();
  test_gets_stat();
  test_malloc();
  if (failures) {
    printf("libtest: %d of %d checks FAILED\n", failures, checks);
    return 1;
  }
  printf("libtest: %d checks passed\n", checks);
  return 0;
}
