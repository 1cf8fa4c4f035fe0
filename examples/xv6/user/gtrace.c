/* gtrace CMD [ARGS...] -- runs CMD and prints the path its Gears-mode
 * system calls took through the kernel, gear by gear (issue 17).
 *
 * Needs a kernel built with GEARS=1 GTRACE=1: its meta gear records every
 * transition of a traced process (kernel/gears/gtrace.cbc).  The device
 * "gtrace" (major 2; made here if missing) is the interface: the child
 * writes "on" to it and execs CMD; the parent waits, writes "show PID" and
 * reads the child's transitions back as lines "COUNTER GEAR" -- the gear
 * names are those `gearsc link` numbered.  Only the system calls that run
 * in Gears mode (read, write, close, sbrk) leave a path; the others are
 * plain CbC or C.  The trace goes to standard error (fd 2) after CMD's own
 * output. */
#include "user.h"

#define GTRACE_MAJOR 2

int main(int argc, char *argv[])
{
  if (argc < 2) {
    fprintf(2, "usage: gtrace CMD [ARGS...]\n");
    exit(1);
  }
  int fd = open("gtrace.dev", O_RDWR);
  if (fd < 0 && mknod("gtrace.dev", GTRACE_MAJOR, 0) == 0)
    fd = open("gtrace.dev", O_RDWR);
  if (fd < 0) {
    fprintf(2, "gtrace: cannot open the gtrace device\n");
    exit(1);
  }
  int pid = fork();
  if (pid < 0) {
    fprintf(2, "gtrace: fork failed\n");
    exit(1);
  }
  if (pid == 0) {
    if (write(fd, "on", 2) != 2) {
      fprintf(2, "gtrace: the kernel has no tracer (build it with GEARS=1 GTRACE=1)\n");
      exit(1);
    }
    close(fd);
    exec(argv[1], argv + 1);
    fprintf(2, "gtrace: exec %s failed\n", argv[1]);
    exit(1);
  }
  int status;
  wait(&status);
  char cmd[24] = "show ";
  int k = 5, digits[12], nd = 0;
  for (int v = pid; v > 0; v /= 10)
    digits[nd++] = v % 10;
  while (nd > 0)
    cmd[k++] = '0' + digits[--nd];
  if (write(fd, cmd, k) != k) {
    fprintf(2, "gtrace: no trace\n");
    exit(1);
  }
  fprintf(2, "gtrace: pid %d, exit status %d; its Gears transitions:\n", pid, status);
  char buf[512];
  int n;
  while ((n = read(fd, buf, sizeof buf)) > 0)
    write(2, buf, n);
  close(fd);
  exit(0);
}
