/* wc -- counts lines, words and bytes of each named file (or of standard
 * input), like Unix wc: "lines words bytes name". */
#include "user.h"

static char buf[1024];

static int count(int fd, const char *name)
{
  int lines = 0, words = 0, bytes = 0, inword = 0, n;
  while ((n = read(fd, buf, sizeof buf)) > 0) {
    bytes += n;
    for (int i = 0; i < n; i++) {
      char c = buf[i];
      if (c == '\n')
        lines++;
      if (c == ' ' || c == '\n' || c == '\t' || c == '\r' || c == '\v' || c == '\f') {
        inword = 0;
      } else if (!inword) {
        inword = 1;
        words++;
      }
    }
  }
  if (n < 0) {
    fprintf(2, "wc: cannot read %s\n", name);
    return -1;
  }
  printf("%d %d %d %s\n", lines, words, bytes, name);
  return 0;
}

int main(int argc, char **argv)
{
  if (argc < 2)
    return count(0, "") < 0;
  int status = 0;
  for (int i = 1; i < argc; i++) {
    int fd = open(argv[i], O_RDONLY);
    if (fd < 0) {
      fprintf(2, "wc: cannot open %s\n", argv[i]);
      status = 1;
      continue;
    }
    if (count(fd, argv[i]) < 0)
      status = 1;
    close(fd);
  }
  return status;
}
