/* echo -- prints its arguments, separated by spaces, and a newline.
 * The whole line goes out in one write() (printf buffers per call, but the
 * arguments are many calls), so it is assembled here first. */
#include "user.h"

int main(int argc, char **argv)
{
  char line[512];
  int n = 0;
  for (int i = 1; i < argc; i++) {
    int len = strlen(argv[i]);
    if (n + len + 2 > (int)sizeof line) {   /* too long for one write: flush */
      write(1, line, n);
      n = 0;
    }
    if (len + 2 > (int)sizeof line) {
      write(1, argv[i], len);
    } else {
      memmove(line + n, argv[i], len);
      n += len;
    }
    if (i + 1 < argc)
      line[n++] = ' ';
  }
  line[n++] = '\n';
  write(1, line, n);
  return 0;
}
