/* init -- the first user process (pid 1).
 *
 * It opens the console device as file descriptors 0, 1 and 2 (making the
 * device file /console, major 1, first if the file system lacks it), then
 * runs the shell.  Whenever the shell exits (^D at its prompt) init starts
 * a new one.  Processes whose parent exits are given to init by the kernel;
 * init's wait() loop reaps them, so they never stay zombies. */
#include "user.h"

#define CONSOLE_MAJOR 1

static char *sh_argv[] = {"sh", 0};
#define QUICK_EXIT 10   /* ticks: a shell that dies faster than this is failing */

int main(void)
{
  if (open("console", O_RDWR) < 0) {
    mknod("console", CONSOLE_MAJOR, 0);
    if (open("console", O_RDWR) < 0)
      exit(1);   /* nowhere to complain: no console */
  }
  dup(0);   /* stdout */
  dup(0);   /* stderr */

  for (;;) {
    printf("init: starting sh\n");
    int started = uptime();
    int pid = fork();
    if (pid < 0) {
      printf("init: fork failed\n");
      sleep(100);
      continue;
    }
    if (pid == 0) {
      exec("/sh", sh_argv);
      printf("init: exec sh failed\n");
      exit(1);
    }
    /* Reap children until the shell itself exits; the others are orphans. */
    int status = 0;
    for (;;) {
      int w = wait(&status);
      if (w == pid)
        break;
      if (w < 0) {   /* no children at all: should not happen with sh running */
        printf("init: wait failed\n");
        break;
      }
    }
    if (status != 0 && uptime() - started < QUICK_EXIT)
      sleep(100);   /* do not spin if sh cannot even start */
  }
}
