/* chaintests -- system calls suspended in the middle, and what may happen
 * to them meanwhile.
 *
 * A system call that blocks (pipe read and write, wait, sleep, console
 * read) stops half-way: as C, its kernel stack holds the rest of the call;
 * as code gears, the continuation saved in the process does (the chain is
 * "suspended in sleep").  These tests make many such calls wait and then
 * disturb them, from user space, so that both versions of the kernel run
 * the same checks:
 *
 *   interrupts   a process blocked in a pipe read and one in sleep() while
 *                other processes take timer interrupts (spinning), system
 *                calls and faults (children killed by the kernel); the
 *                blocked calls then complete with the right results
 *   kill         processes killed while blocked in pipe read, pipe write,
 *                wait and sleep: each dies at once, and the pipe it slept on
 *                still works for the others (no lock or state left behind)
 *   many         40 processes blocked at once, each in its own call (pipe
 *                read, pipe write, wait, sleep), then released, each
 *                checking its result
 *   waits        a parent blocked in wait() while children exit in a
 *                scrambled order, again and again
 *   migrate      processes passing a token round a ring of pipes: every
 *                hop blocks one process and wakes another; with several
 *                CPUs a process sleeps on one CPU and resumes on another.
 *                Where user mode can read its CPU number (aarch64:
 *                TPIDRRO_EL0 = cpu+1, x86-64: a per-CPU segment limit read
 *                with lsl) the test counts those migrations and, with more
 *                than one CPU, requires some; otherwise it checks only
 *                correctness and says so
 *   console      (only when named: it reads the console, which would eat
 *                typed-ahead input) a child blocked in a console read is
 *                killed
 *
 * `chaintests` runs all but console; `chaintests NAME...` runs the named
 * ones.  Each test runs in a child process, killed by a watchdog if it is
 * still running after WATCHDOG ticks (a lost wakeup must fail the test, not
 * hang the run); the summary line is `chaintests: N passed, M failed`. */
#include "user.h"
#include "../kernel/param.h"

/* The GDT selector of the x86-64 per-CPU descriptor whose limit is the CPU
 * number (0: not provided by the kernel): SEG_UCPU with RPL 3. */
#define X86_CPU_SELECTOR 0x2b   /* SEG_UCPU|3, arch/x86_64 */

static const char *current = "?";

#define CHECK(cond, ...)                                                  \
  do {                                                                    \
    if (!(cond)) {                                                        \
      fprintf(2, "chaintests: %s: line %d: ", current, __LINE__);         \
      fprintf(2, __VA_ARGS__);                                            \
      fprintf(2, "\n");                                                   \
      exit(1);                                                            \
    }                                                                     \
  } while (0)

/* The CPU this process runs on, or -1 if user mode cannot tell. */
static int cpu_number(void)
{
#ifdef __aarch64__
  uint64 v;
  __asm__ volatile("mrs %0, tpidrro_el0" : "=r"(v));
  return (int)v - 1;
#else
  uint32 limit = 0;
  uint8 ok = 0;
  if (X86_CPU_SELECTOR == 0)
    return -1;
  __asm__ volatile("lsl %2, %0; setz %1" : "=r"(limit), "=q"(ok) : "r"((uint32)X86_CPU_SELECTOR) : "cc");
  return ok ? (int)limit : -1;
#endif
}

static int reap_status(int pid)
{
  int status = 12345;
  int w = wait(&status);
  CHECK(w == pid, "wait returned %d, expected %d", w, pid);
  return status;
}

/* Children that keep the CPUs and the trap paths busy until killed. */
static int spinner(void)
{
  int pid = fork();
  if (pid == 0) {
    volatile uint64 x = 0;
    for (;;)
      x++;
  }
  return pid;
}

static int syscaller(void)
{
  int pid = fork();
  if (pid == 0) {
    for (;;) {
      getpid();
      uptime();
      int p[2];
      if (pipe(p) == 0) {
        write(p[1], "x", 1);
        char c;
        read(p[0], &c, 1);
        close(p[0]);
        close(p[1]);
      }
    }
  }
  return pid;
}

static int faulter(void)
{
  int pid = fork();
  if (pid == 0) {
    for (;;) {
      int c = fork();
      if (c == 0) {
        volatile int *bad = (int *)0x4000000000ULL;
        *bad = 1;          /* killed by the kernel */
        exit(0);
      }
      if (c > 0)
        wait(0);
      sleep(5);            /* a fault every few ticks: each one is logged */
    }
  }
  return pid;
}

/* ---- interrupts and traps while calls are suspended ---- */

static void test_interrupts(void)
{
  int p[2];
  CHECK(pipe(p) == 0, "pipe");
  int reader = fork();
  if (reader == 0) {
    close(p[1]);
    char b[8];
    int n = read(p[0], b, sizeof b);
    exit(n == 5 && memcmp(b, "gears", 5) == 0 ? 0 : 1);
  }
  int sleeper = fork();
  if (sleeper == 0) {
    int t0 = uptime();
    sleep(40);
    int slept = uptime() - t0;
    exit(slept >= 40 && slept < 40 + 200 ? 0 : 2);
  }
  int busy[4];
  busy[0] = spinner();
  busy[1] = spinner();
  busy[2] = syscaller();
  busy[3] = faulter();
  sleep(25);                   /* the reader and sleeper wait through all that */
  CHECK(write(p[1], "gears", 5) == 5, "write");
  for (int i = 0; i < 4; i++)
    kill(busy[i]);
  int ok_reader = 0, ok_sleeper = 0;
  for (int i = 0; i < 6; i++) {
    int status = -1;
    int w = wait(&status);
    CHECK(w > 0, "lost a child");
    if (w == reader)
      ok_reader = status == 0;
    if (w == sleeper)
      ok_sleeper = status == 0;
  }
  CHECK(ok_reader, "the blocked read returned the wrong data");
  CHECK(ok_sleeper, "sleep(40) did not last 40 ticks (or far longer)");
  close(p[0]);
  close(p[1]);
}

/* ---- kill while suspended ---- */

static void test_kill(void)
{
  char c;
  /* Pipe read: killed, then the pipe still carries data for a new reader. */
  int p[2];
  CHECK(pipe(p) == 0, "pipe");
  int pid = fork();
  if (pid == 0) {
    read(p[0], &c, 1);
    exit(0);
  }
  sleep(3);
  int t0 = uptime();
  CHECK(kill(pid) == 0, "kill reader");
  CHECK(reap_status(pid) != 0, "killed reader exited 0");
  CHECK(uptime() - t0 < 100, "the killed reader took %d ticks to die", uptime() - t0);
  CHECK(write(p[1], "z", 1) == 1 && read(p[0], &c, 1) == 1 && c == 'z', "pipe broken after the kill");

  /* Pipe write on a full pipe. */
  pid = fork();
  if (pid == 0) {
    char b[100];
    memset(b, 'w', sizeof b);
    for (;;)
      write(p[1], b, sizeof b);
  }
  sleep(3);
  CHECK(kill(pid) == 0, "kill writer");
  CHECK(reap_status(pid) != 0, "killed writer exited 0");
  /* Drain what it wrote, then the pipe still works both ways. */
  close(p[1]);
  char b[128];
  int total = 0, n;
  while ((n = read(p[0], b, sizeof b)) > 0)
    total += n;
  CHECK(n == 0 && total > 0, "draining the writer's data: %d bytes, last %d", total, n);
  close(p[0]);

  /* wait for a child that blocks on a pipe. */
  int q[2];
  CHECK(pipe(q) == 0, "pipe");
  pid = fork();
  if (pid == 0) {
    int child = fork();
    if (child == 0) {
      close(q[1]);
      read(q[0], &c, 1);   /* until the test closes q: then init reaps it */
      exit(0);
    }
    wait(0);
    exit(0);
  }
  sleep(3);
  CHECK(kill(pid) == 0, "kill waiter");
  CHECK(reap_status(pid) != 0, "killed waiter exited 0");
  close(q[0]);
  close(q[1]);             /* the orphaned grandchild reads end of file */

  /* sleep(). */
  pid = fork();
  if (pid == 0) {
    sleep(10000);
    exit(0);
  }
  sleep(3);
  t0 = uptime();
  CHECK(kill(pid) == 0, "kill sleeper");
  CHECK(reap_status(pid) != 0, "killed sleeper exited 0");
  CHECK(uptime() - t0 < 100, "the killed sleeper took %d ticks to die", uptime() - t0);

  /* Many at once, on the same pipe, killed together. */
  CHECK(pipe(p) == 0, "pipe");
  int pids[8];
  for (int i = 0; i < 8; i++) {
    pids[i] = fork();
    if (pids[i] == 0) {
      read(p[0], &c, 1);
      exit(0);
    }
  }
  sleep(3);
  for (int i = 0; i < 8; i++)
    kill(pids[i]);
  for (int i = 0; i < 8; i++) {
    int status = 0;
    CHECK(wait(&status) > 0 && status != 0, "one of 8 killed readers exited 0");
  }
  CHECK(write(p[1], "q", 1) == 1 && read(p[0], &c, 1) == 1 && c == 'q', "shared pipe broken");
  close(p[0]);
  close(p[1]);
}

/* ---- many suspended at once ---- */

/* 40 processes, ten of each kind, all blocked at the same time:
 *   readers  in read() of pipe A, until the parent writes their records
 *   writers  in write() of pipe B, full, until the parent drains it
 *   waiters  in wait() for a child of their own, itself blocked reading
 *            pipe C until the parent writes a byte for it
 *   sleepers in sleep(60 + i)
 * Shared pipes keep the parent within NOFILE descriptors. */
enum { PER_KIND = 10, MANY = 4 * PER_KIND, RECORD = 4, WRITES = 20, CHUNK = 64 };

static void test_many(void)
{
  int ready[2], a[2], b[2], c[2];
  CHECK(pipe(ready) == 0 && pipe(a) == 0 && pipe(b) == 0 && pipe(c) == 0, "pipes");
  int pids[MANY];
  for (int i = 0; i < MANY; i++) {
    pids[i] = fork();
    CHECK(pids[i] >= 0, "fork %d", i);
    if (pids[i] != 0)
      continue;
    int kind = i / PER_KIND;
    char r = 'r';
    close(ready[0]);
    if (kind == 0) {                       /* reader */
      write(ready[1], &r, 1);
      char rec[RECORD];
      if (read(a[0], rec, RECORD) != RECORD)
        exit(1);
      for (int k = 1; k < RECORD; k++)
        if (rec[k] != rec[0])
          exit(2);                         /* a record torn apart */
      exit(0);
    }
    if (kind == 1) {                       /* writer */
      char chunk[CHUNK];
      memset(chunk, 'a' + i, CHUNK);
      write(ready[1], &r, 1);
      for (int k = 0; k < WRITES; k++)
        if (write(b[1], chunk, CHUNK) != CHUNK)
          exit(3);
      exit(0);
    }
    if (kind == 2) {                       /* waiter */
      int child = fork();
      if (child == 0) {
        char x;
        exit(read(c[0], &x, 1) == 1 ? 40 : 41);
      }
      write(ready[1], &r, 1);
      int status = 0;
      exit(child > 0 && wait(&status) == child && status == 40 ? 0 : 4);
    }
    write(ready[1], &r, 1);                /* sleeper */
    int t0 = uptime();
    sleep(60 + i);
    exit(uptime() - t0 >= 60 + i ? 0 : 5);
  }
  close(ready[1]);
  char x;
  for (int i = 0; i < MANY; i++)
    CHECK(read(ready[0], &x, 1) == 1, "only %d of %d children got ready", i, MANY);
  close(ready[0]);
  sleep(10);                               /* let them all block */

  /* Release, last kind first. */
  for (int i = 0; i < PER_KIND; i++)
    CHECK(write(c[1], "w", 1) == 1, "release waiter %d", i);
  int count[PER_KIND] = {0};
  int got = 0, n;
  char buf[CHUNK];
  while (got < PER_KIND * WRITES * CHUNK && (n = read(b[0], buf, sizeof buf)) > 0) {
    for (int k = 0; k < n; k++) {
      int id = buf[k] - 'a' - PER_KIND;
      CHECK(id >= 0 && id < PER_KIND, "pipe B carried a stray byte %d", buf[k]);
      count[id]++;
    }
    got += n;
  }
  for (int i = 0; i < PER_KIND; i++)
    CHECK(count[i] == WRITES * CHUNK, "writer %d delivered %d bytes", i, count[i]);
  for (int i = PER_KIND - 1; i >= 0; i--) {
    char rec[RECORD];
    memset(rec, '0' + i, RECORD);
    CHECK(write(a[1], rec, RECORD) == RECORD, "release reader %d", i);
  }
  for (int i = 0; i < MANY; i++) {
    int status = -1;
    int w = wait(&status);
    CHECK(w > 0, "reaped only %d", i);
    int k;
    for (k = 0; k < MANY && pids[k] != w; k++)
      ;
    CHECK(k < MANY && status == 0, "child %d (kind %d) exited with %d", k, k / PER_KIND, status);
  }
}

/* ---- wait while children exit in a scrambled order ---- */

static void test_waits(void)
{
  for (int round = 0; round < 5; round++) {
    int pids[10];
    for (int i = 0; i < 10; i++) {
      pids[i] = fork();
      CHECK(pids[i] >= 0, "fork");
      if (pids[i] == 0) {
        sleep((i * 7 + round * 3) % 10);
        exit(i + 1);
      }
    }
    int seen = 0;
    for (int i = 0; i < 10; i++) {
      int status = 0;
      int w = wait(&status);
      int k;
      for (k = 0; k < 10 && pids[k] != w; k++)
        ;
      CHECK(k < 10 && status == k + 1, "wait returned %d with status %d", w, status);
      seen |= 1 << k;
    }
    CHECK(seen == 0x3ff, "not every child was reaped");
    CHECK(wait(0) == -1, "a child too many");
  }
}

/* ---- a ring of pipes: sleep on one CPU, resume on another ---- */

enum { RING = 5, LAPS = 60 };   /* 5 pipes: the ring and the report pipe fit in NOFILE */

static void test_migrate(void)
{
  int ring[RING][2];
  int counts[2];
  CHECK(pipe(counts) == 0, "pipe");
  for (int i = 0; i < RING; i++)
    CHECK(pipe(ring[i]) == 0, "pipe");
  int pids[RING];
  for (int i = 0; i < RING; i++) {
    pids[i] = fork();
    CHECK(pids[i] >= 0, "fork");
    if (pids[i] == 0) {
      /* Member i reads from ring[i] and writes to ring[i+1]. */
      int in = ring[i][0], out = ring[(i + 1) % RING][1];
      int migrations = 0, cpumask = 0;
      for (int lap = 0; lap < LAPS; lap++) {
        int before = cpu_number();
        uint token;
        if (read(in, &token, sizeof token) != sizeof token)
          exit(1);
        int after = cpu_number();
        if (before >= 0 && after >= 0) {
          cpumask |= 1 << (after & 31);
          if (before != after)
            migrations++;
        }
        if (token != (uint)(lap * RING + i))
          exit(2);
        token++;
        if (i == RING - 1 && lap == LAPS - 1)
          break;                             /* the last hop: nobody reads it */
        if (write(out, &token, sizeof token) != sizeof token)
          exit(3);
      }
      int report[2] = {migrations, cpumask};
      write(counts[1], report, sizeof report);
      exit(0);
    }
  }
  uint token = 0;
  CHECK(write(ring[0][1], &token, sizeof token) == sizeof token, "first token");
  int migrations = 0, cpumask = 0;
  for (int i = 0; i < RING; i++) {
    int status = -1;
    int w = wait(&status);
    CHECK(w > 0 && status == 0, "ring member exited with %d", status);
    int report[2];
    CHECK(read(counts[0], report, sizeof report) == sizeof report, "report");
    migrations += report[0];
    cpumask |= report[1];
  }
  int cpus = 0;
  for (int m = cpumask; m; m >>= 1)
    cpus += m & 1;
  if (cpu_number() < 0) {
    printf("chaintests: migrate: %d blocking hops correct; CPU numbers not readable from user mode, migrations not counted\n",
           RING * LAPS);
  } else {
    printf("chaintests: migrate: %d blocking hops, %d resumed on another CPU, %d CPUs seen\n",
           RING * LAPS, migrations, cpus);
    CHECK(cpus < 2 || migrations > 0, "%d CPUs ran the ring but no call resumed on another CPU", cpus);
  }
}

/* ---- console read, killed (only when named) ---- */

static void test_console(void)
{
  int pid = fork();
  if (pid == 0) {
    char b[16];
    int fd = open("/console", O_RDONLY);
    read(fd, b, sizeof b);
    exit(0);
  }
  sleep(5);
  CHECK(kill(pid) == 0, "kill");
  CHECK(reap_status(pid) != 0, "killed console reader exited 0");
}

struct test {
  const char *name;
  void (*fn)(void);
  int by_default;
};

static const struct test tests[] = {
  {"interrupts", test_interrupts, 1},
  {"kill", test_kill, 1},
  {"many", test_many, 1},
  {"waits", test_waits, 1},
  {"migrate", test_migrate, 1},
  {"console", test_console, 0},
};
#define NTESTS (int)(sizeof tests / sizeof tests[0])

/* Waits for the test child pid, killing it if it runs longer than
 * WATCHDOG ticks (a hung test must not hang the whole run): a watchdog
 * child sleeps that long and kills it.  Returns the test's exit status, or
 * TIMED_OUT. */
#define WATCHDOG  3000
#define TIMED_OUT 0x7fff0000

static int run_with_watchdog(int pid)
{
  int dog = fork();
  if (dog == 0) {
    sleep(WATCHDOG);
    kill(pid);
    exit(0);
  }
  int status = -1, test_status = -1, test_done = 0, dog_done = dog < 0, timed_out = 0;
  while (!test_done || !dog_done) {
    int w = wait(&status);
    if (w < 0)
      break;
    if (w == pid) {
      test_done = 1;
      test_status = status;
      if (!dog_done)
        kill(dog);
    } else if (w == dog) {
      dog_done = 1;
      if (!test_done)
        timed_out = 1;
    }
  }
  return timed_out ? TIMED_OUT : test_status;
}

static int wanted(const struct test *t, int argc, char **argv)
{
  if (argc < 2)
    return t->by_default;
  for (int i = 1; i < argc; i++)
    if (strcmp(argv[i], t->name) == 0)
      return 1;
  return 0;
}

int main(int argc, char **argv)
{
  int passed = 0, failed = 0, start = uptime();
  for (int i = 0; i < NTESTS; i++) {
    const struct test *t = &tests[i];
    if (!wanted(t, argc, argv))
      continue;
    current = t->name;
    int t0 = uptime();
    int pid = fork();
    if (pid < 0) {
      printf("chaintests: %s: fork failed\n", t->name);
      failed++;
      continue;
    }
    if (pid == 0) {
      t->fn();
      exit(0);
    }
    int status = run_with_watchdog(pid);
    if (status == 0) {
      printf("chaintests: %s: ok (%d ticks)\n", t->name, uptime() - t0);
      passed++;
    } else {
      if (status == TIMED_OUT)
        printf("chaintests: %s: FAILED (still running after %d ticks: killed)\n", t->name, WATCHDOG);
      else
        printf("chaintests: %s: FAILED (status %d)\n", t->name, status);
      failed++;
    }
  }
  printf("chaintests: %d passed, %d failed\n", passed, failed);
  printf("chaintests: %d ticks\n", uptime() - start);
  return failed != 0;
}
