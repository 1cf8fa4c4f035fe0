/* grep -- prints the lines of each file (or of standard input) that match
 * a pattern.  Patterns are the small regular expressions of xv6's grep:
 *   c   a character matches itself
 *   .   matches any character
 *   x*  zero or more of x (x a character or .)
 *   ^   at the start: the match must begin the line
 *   $   at the end: the match must end the line
 * Exit status 0 if some line matched, 1 if none, 2 on an error. */
#include "user.h"

static int match_here(const char *re, const char *text);

/* Does c match the single-character pattern p? */
static int one(char p, char c)
{
  return c != 0 && (p == '.' || p == c);
}

/* x* followed by rest: try the shortest run of x first, then longer ones. */
static int match_star(char x, const char *rest, const char *text)
{
  for (;;) {
    if (match_here(rest, text))
      return 1;
    if (!one(x, *text))
      return 0;
    text++;
  }
}

/* Does re match a prefix of text? */
static int match_here(const char *re, const char *text)
{
  while (*re) {
    if (re[1] == '*')
      return match_star(re[0], re + 2, text);
    if (re[0] == '$' && re[1] == 0)
      return *text == 0;
    if (!one(re[0], *text))
      return 0;
    re++;
    text++;
  }
  return 1;
}

/* Does re match anywhere in text? */
static int match(const char *re, const char *text)
{
  if (re[0] == '^')
    return match_here(re + 1, text);
  do {
    if (match_here(re, text))
      return 1;
  } while (*text++);
  return 0;
}

static char buf[2048];

/* Reads fd to its end, line by line; prints the lines that match. */
static int grep(const char *re, int fd)
{
  int have = 0, n, found = 0;
  while ((n = read(fd, buf + have, sizeof buf - 1 - have)) > 0) {
    have += n;
    char *line = buf, *nl;
    buf[have] = 0;
    while ((nl = strchr(line, '\n')) != 0) {
      *nl = 0;
      if (match(re, line)) {
        *nl = '\n';
        write(1, line, nl + 1 - line);
        found = 1;
      }
      line = nl + 1;
    }
    have -= line - buf;
    if (have == (int)sizeof buf - 1) {   /* a line longer than the buffer: test what we have */
      if (match(re, buf)) {
        write(1, buf, have);
        write(1, "\n", 1);
        found = 1;
      }
      have = 0;
    } else if (have > 0) {
      memmove(buf, line, have);
    }
  }
  if (have > 0) {          /* a last line without a newline */
    buf[have] = 0;
    if (match(re, buf)) {
      write(1, buf, have);
      write(1, "\n", 1);
      found = 1;
    }
  }
  return n < 0 ? -1 : found;
}

int main(int argc, char **argv)
{
  if (argc < 2) {
    fprintf(2, "usage: grep PATTERN [FILE...]\n");
    return 2;
  }
  const char *re = argv[1];
  if (argc == 2) {
    int r = grep(re, 0);
    return r < 0 ? 2 : !r;
  }
  int found = 0, error = 0;
  for (int i = 2; i < argc; i++) {
    int fd = open(argv[i], O_RDONLY);
    if (fd < 0) {
      fprintf(2, "grep: cannot open %s\n", argv[i]);
      error = 1;
      continue;
    }
    int r = grep(re, fd);
    close(fd);
    if (r < 0)
      error = 1;
    else if (r)
      found = 1;
  }
  return error ? 2 : !found;
}
