/* sysbench -- the cost of each system call, measured from user space.
 *
 *   sysbench [N]        N calls of each (default 200)
 *
 * Each measured call is bracketed by two reads of the architecture's
 * counter that user mode may read -- AArch64 PMCCNTR_EL0, x86-64 the time
 * stamp counter (rdtsc) -- and the differences are summed; setup and
 * cleanup calls around it (the close after a timed open, say) are not
 * counted.  The cost of the two counter reads themselves is measured first
 * and subtracted.  Under QEMU with `-icount shift=0` both counters advance
 * by one per guest instruction, so the figures are instruction counts and
 * the same on every run -- the way to compare two kernels (the C and the
 * code-gear system calls) on an emulator.  Run it on one CPU (CPUS=1): the
 * counters of different CPUs need not agree, and a call that blocks (wait,
 * exec) may resume on another CPU.
 *
 * Output, one line per measured call (counts per call, after the overhead):
 *   sysbench: NAME CALLS COUNTS
 * and `sysbench: done` at the end.  Some rows time a call on a particular
 * path: read_pipe/write_pipe on a pipe, read/write on a file, pingpong is
 * a one-byte round trip through another process (two blocking reads: the
 * sleep/wakeup path), wait includes the child's exit and the switch to it,
 * exec runs from the exec call to the new program's main. */
#include "user.h"

static inline uint64 counter(void)
{
  uint64 v;
#ifdef __aarch64__
  __asm__ volatile("isb; mrs %0, pmccntr_el0" : "=r"(v) :: "memory");
#else
  uint32 lo, hi;
  __asm__ volatile("rdtsc" : "=a"(lo), "=d"(hi) :: "memory");
  v = ((uint64)hi << 32) | lo;
#endif
  return v;
}

static uint64 overhead;   /* counts of an empty measurement */
static int calls = 200;

/* TIMED(total, call): runs call between two counter reads, adds the difference. */
#define TIMED(total, call)             \
  do {                                 \
    uint64 t0_ = counter();            \
    call;                              \
    uint64 t1_ = counter();            \
    (total) += t1_ - t0_;              \
  } while (0)

static void report(const char *name, uint64 total, int n)
{
  uint64 per = n > 0 ? total / n : 0;
  per = per > overhead ? per - overhead : 0;
  printf("sysbench: %-12s %6d %10lu\n", name, n, (unsigned long)per);
}

static void fail(const char *what)
{
  printf("sysbench: %s failed\n", what);
  exit(1);
}

static char buf[64];

/* Decimal digits of v into s (for passing a counter value through exec). */
static void utoa(uint64 v, char *s)
{
  char tmp[24];
  int n = 0;
  do {
    tmp[n++] = '0' + v % 10;
    v /= 10;
  } while (v);
  while (n > 0)
    *s++ = tmp[--n];
  *s = 0;
}

static uint64 atou(const char *s)
{
  uint64 v = 0;
  while (*s >= '0' && *s <= '9')
    v = v * 10 + (uint64)(*s++ - '0');
  return v;
}

int main(int argc, char **argv)
{
  /* The exec measurement's second half: the new image reports the time
   * since the parent's exec call through the pipe whose fd it was given. */
  if (argc == 4 && strcmp(argv[1], "--exec-end") == 0) {
    uint64 now = counter();
    uint64 delta = now - atou(argv[2]);
    write(atoi(argv[3]), &delta, sizeof delta);
    exit(0);
  }
  if (argc > 1)
    calls = atoi(argv[1]);
  if (calls < 1)
    calls = 1;
  int n = calls;
  uint64 t;

  /* The counter's own cost: the smallest of a few empty measurements. */
  overhead = ~0ULL;
  for (int i = 0; i < 20; i++) {
    uint64 e = 0;
    TIMED(e, (void)0);
    if (e < overhead)
      overhead = e;
  }
#ifdef __aarch64__
  printf("sysbench: counter pmccntr_el0, overhead %lu, %d calls each\n", (unsigned long)overhead, n);
#else
  printf("sysbench: counter rdtsc, overhead %lu, %d calls each\n", (unsigned long)overhead, n);
#endif
  printf("sysbench: %-12s %6s %10s\n", "call", "calls", "counts");

  t = 0;
  for (int i = 0; i < n; i++)
    TIMED(t, getpid());
  report("getpid", t, n);

  t = 0;
  for (int i = 0; i < n; i++)
    TIMED(t, uptime());
  report("uptime", t, n);

  t = 0;
  for (int i = 0; i < n; i++) {
    TIMED(t, sbrk(4096));
    TIMED(t, sbrk(-4096));
  }
  report("sbrk", t, 2 * n);

  t = 0;
  for (int i = 0; i < n; i++)
    TIMED(t, sleep(0));
  report("sleep", t, n);

  /* Files in a scratch directory. */
  mkdir("/sysbench.d");
  if (chdir("/sysbench.d") < 0)
    fail("chdir");
  int fd = open("f", O_CREATE | O_RDWR);
  if (fd < 0)
    fail("create");

  t = 0;
  for (int i = 0; i < n; i++)
    TIMED(t, write(fd, buf, 16));
  report("write", t, n);
  close(fd);

  t = 0;
  for (int i = 0; i < n; i++) {
    int f2;
    TIMED(t, f2 = open("f", O_RDONLY));
    close(f2);
  }
  report("open", t, n);

  fd = open("f", O_RDONLY);
  t = 0;
  for (int i = 0; i < n; i++)
    TIMED(t, read(fd, buf, 16));
  report("read", t, n);

  struct stat st;
  t = 0;
  for (int i = 0; i < n; i++)
    TIMED(t, fstat(fd, &st));
  report("fstat", t, n);

  t = 0;
  for (int i = 0; i < n; i++) {
    int d;
    TIMED(t, d = dup(fd));
    close(d);
  }
  report("dup", t, n);

  t = 0;
  for (int i = 0; i < n; i++) {
    int d = dup(fd);
    TIMED(t, close(d));
  }
  report("close", t, n);
  close(fd);

  t = 0;
  for (int i = 0; i < n; i++)
    TIMED(t, chdir("."));
  report("chdir", t, n);

  t = 0;
  for (int i = 0; i < n; i++) {
    TIMED(t, link("f", "l"));
    unlink("l");
  }
  report("link", t, n);

  t = 0;
  for (int i = 0; i < n; i++) {
    link("f", "l");
    TIMED(t, unlink("l"));
  }
  report("unlink", t, n);

  t = 0;
  for (int i = 0; i < n; i++) {
    TIMED(t, mkdir("d"));
    unlink("d");
  }
  report("mkdir", t, n);

  t = 0;
  for (int i = 0; i < n; i++) {
    TIMED(t, mknod("n", 1, 0));
    unlink("n");
  }
  report("mknod", t, n);
  unlink("f");

  /* Pipes. */
  int p[2];
  t = 0;
  for (int i = 0; i < n; i++) {
    TIMED(t, pipe(p));
    close(p[0]);
    close(p[1]);
  }
  report("pipe", t, n);

  if (pipe(p) < 0)
    fail("pipe");
  uint64 tw = 0, tr = 0;
  for (int i = 0; i < n; i++) {
    TIMED(tw, write(p[1], buf, 16));
    TIMED(tr, read(p[0], buf, 16));
  }
  report("write_pipe", tw, n);
  report("read_pipe", tr, n);

  /* A round trip through another process: both reads block, so each round
   * is two sleeps, two wakeups and two switches -- the suspended-chain path. */
  int back[2];
  if (pipe(back) < 0)
    fail("pipe");
  int echo_pid = fork();
  if (echo_pid == 0) {
    char c;
    while (read(p[0], &c, 1) == 1)
      write(back[1], &c, 1);
    exit(0);
  }
  t = 0;
  for (int i = 0; i < n; i++) {
    char c = (char)i;
    TIMED(t, write(p[1], &c, 1); read(back[0], &c, 1));
  }
  report("pingpong", t, n);
  close(back[0]);
  close(back[1]);
  kill(echo_pid);
  wait(0);

  /* Processes: fewer rounds, each is much dearer. */
  int np = n / 10 > 0 ? n / 10 : 1;
  uint64 tf = 0, twait = 0;
  for (int i = 0; i < np; i++) {
    int pid;
    TIMED(tf, pid = fork());
    if (pid == 0)
      exit(0);
    if (pid < 0)
      fail("fork");
    TIMED(twait, wait(0));
  }
  report("fork", tf, np);
  report("wait", twait, np);

  t = 0;
  for (int i = 0; i < np; i++) {
    int pid = fork();
    if (pid == 0) {
      sleep(1000);
      exit(0);
    }
    TIMED(t, kill(pid));
    wait(0);
  }
  report("kill", t, np);

  t = 0;
  for (int i = 0; i < np; i++) {
    int pid = fork();
    if (pid == 0) {
      char start[24], fdtext[8];
      utoa(p[1], fdtext);
      char *args[] = {"sysbench", "--exec-end", start, fdtext, 0};
      utoa(counter(), start);
      exec("/sysbench", args);
      exit(1);
    }
    uint64 delta = 0;
    if (read(p[0], &delta, sizeof delta) != sizeof delta)
      fail("exec");
    wait(0);
    t += delta;
  }
  report("exec", t, np);
  close(p[0]);
  close(p[1]);

  chdir("/");
  unlink("/sysbench.d");
  printf("sysbench: done\n");
  return 0;
}
