/* hostile -- tries to crash the kernel from user space.
 *
 * Part 1, system calls: for every system call number -- the real ones and
 * out-of-range, negative and over-wide ones -- a child process makes a few
 * hundred calls through the raw stub __syscall() with arguments picked at
 * random from a list of adversarial values: null, kernel-half addresses,
 * addresses just past user space, read-only text, unaligned pointers, an
 * unterminated string that runs into the unmapped page at the end of the
 * process's memory, an argv array without a terminator, huge and negative
 * sizes and descriptors, and plain random numbers.  The kernel must answer
 * each call (mostly -1) without crashing; an out-of-range number must give
 * -1.  `halt` is left out (it would end the run).  kill() gets only values
 * that name no other process: hostile must not kill init or the shell.
 *
 * Part 2, faults: children that write through a null pointer, write to
 * their own text, jump into the kernel, execute their heap, use an FP/SIMD
 * instruction, overflow their stack past the guard page, execute an
 * invalid or privileged instruction.  The kernel must kill each of them
 * (printing its message) and nothing else.
 *
 * A watchdog child kills any test child that takes too long (a call that
 * legitimately blocks, say), so the run always ends.  The parent prints
 * `hostile: OK` at the end if every child was reaped and every check held;
 * otherwise `hostile: FAILED`.  `hostile SEED` draws other random values
 * (the default seed makes every run the same).  The children close the console first, so
 * that random buffers are never dumped to it; they report by exit status. */
#include "user.h"
#include "../kernel/syscall.h"

long __syscall(long num, long a0, long a1, long a2, long a3, long a4, long a5);

#define CALLS     200   /* calls per system call number */
#define CALLS_OUT   4   /* per out-of-range number (the kernel logs each one) */
#define CALLS_SBRK 20   /* sbrk: a huge request runs the kernel out of memory, slowly */
#define WATCHDOG  300   /* ticks before a test child is killed */

static int failures;

/* ---- random numbers: xorshift64 ---- */

static uint64 rng_state = 0x9e3779b97f4a7c15ULL;

static uint64 rnd(void)
{
  uint64 x = rng_state;
  x ^= x << 13;
  x ^= x >> 7;
  x ^= x << 17;
  return rng_state = x;
}

/* ---- running children under a watchdog ---- */

/* Runs fn in a child; returns its exit status, or 1000 if the watchdog had
 * to kill it.  Any status is fine for the kernel's sake; callers judge. */
static int run_child(void (*fn)(long), long arg)
{
  int pid = fork();
  if (pid < 0) {
    printf("hostile: fork failed\n");
    failures++;
    return -2;
  }
  if (pid == 0) {
    fn(arg);
    exit(0);
  }
  int dog = fork();
  if (dog == 0) {
    sleep(WATCHDOG);
    kill(pid);
    exit(0);
  }
  int status = 0, timed_out = 0, reaped = 0;
  while (reaped < 2) {
    int st = 0;
    int w = wait(&st);
    if (w < 0) {
      printf("hostile: lost a child\n");
      failures++;
      break;
    }
    if (w == pid) {
      status = st;
      reaped++;
      if (dog > 0 && reaped == 1)
        kill(dog);
    } else if (w == dog) {
      reaped++;
      if (reaped == 1)
        timed_out = 1;   /* the dog finished first: it killed the child */
    }
    /* anything else: an orphan given to us?  (init takes those) */
  }
  return timed_out ? 1000 : status;
}

/* ---- part 1: system calls with hostile arguments ---- */

static char *heap_end;     /* page-aligned end of the process's memory */
static char *unterminated; /* 'A's running into the unmapped page */
static char **argv_open;   /* pointers to "x" running into the unmapped page */
static char buf[4096];
/* Read-only data that is a valid string but names nothing that can exist. */
static const char rodata_text[] = "no/such/dir/x";

static uint64 values[64];
static int nvalues;

static void add(uint64 v)
{
  if (nvalues < (int)(sizeof values / sizeof values[0]))
    values[nvalues++] = v;
}

/* Sets up the child's memory and descriptors, and the value list. */
static void prepare(void)
{
  /* No console: fds 0..2 become a file, a pipe read end whose writer is
   * gone (reads return 0), and a pipe write end whose reader is gone
   * (writes return -1).  Nothing can block or print. */
  close(0);
  close(1);
  close(2);
  open("f", O_CREATE | O_RDWR);           /* fd 0 */
  int p[2];
  pipe(p);                                /* fds 1, 2 */
  close(p[1]);                            /* fd 2 free again */
  int q[2];
  pipe(q);                                /* fds 2, 3 */
  close(q[0]);                            /* fd 2 free: only q[1] = 3 */
  open(".", O_RDONLY);                    /* fd 2: a directory */

  char *end = sbrk(0);
  uint64 pad = (4096 - (uint64)end % 4096) % 4096;
  sbrk((int)pad + 2 * 4096);
  heap_end = end + pad + 2 * 4096;
  char *last = heap_end - 4096;
  memset(last, 'A', 4096);
  unterminated = heap_end - 16;
  argv_open = (char **)(heap_end - 4096 * 2);
  for (int i = 0; i < 4096 / 8; i++)
    argv_open[i] = "x";                   /* the page before: pointers with no 0 */
  argv_open = (char **)(heap_end - 4096 - 64);   /* 8 pointers, then the 'A' page */
  memset(buf, 'B', sizeof buf);

  nvalues = 0;
  add(0);
  add(1);
  add(8);
  add(0xfff);
  add(~0ULL);
  add(~1ULL);
  add(0x7fffffff);
  add(0x80000000ULL);
  add(0xffffffffULL);
  add(0x100000000ULL);
  add(1ULL << 63);
  add(0xffffff8040000000ULL);   /* aarch64 kernel direct map */
  add(0xffffffff80100000ULL);   /* x86-64 kernel text */
  add(0xffff800000000000ULL);
  add(0x0000008000000000ULL);   /* just above aarch64 user space */
  add(0x0000007ffffffff0ULL);
  add(0x00007ffffffff000ULL);
  add(0x0000800000000000ULL);   /* just above x86-64 user space */
  add((uint64)prepare);         /* text: read-only */
  add((uint64)rodata_text);
  add((uint64)buf);
  add((uint64)buf + 1);
  add((uint64)buf + sizeof buf - 1);
  add((uint64)unterminated);
  add((uint64)(heap_end - 1));
  add((uint64)heap_end);        /* first unmapped byte */
  add((uint64)heap_end + 4096);
  add((uint64)argv_open);
  add((uint64)&end);            /* the stack */
  add((uint64)&end - 8192);     /* probably the guard page */
  add(-4096ULL);
  add((uint64)-100);
  add(3);
  add(2);
}

static uint64 pick(void)
{
  uint64 r = rnd();
  if (r % 8 == 0)
    return rnd();                            /* an arbitrary 64-bit number */
  if (r % 8 == 1)
    return rnd() % 64;                       /* a small number: fds, sizes */
  return values[(r >> 8) % nvalues];
}

#define OUT_OF_RANGE_ANSWERED 117   /* exit status: an out-of-range number did something */

static int out_of_range(long n)
{
  return n <= 0 || n >= NSYSCALL;
}

static int calls_for(long num)
{
  return out_of_range(num) ? CALLS_OUT : num == SYS_sbrk ? CALLS_SBRK : CALLS;
}

static void fuzz(long num)
{
  rng_state ^= (uint64)num * 0x2545f4914f6cdd1dULL + (uint64)getpid();
  prepare();
  int me = getpid();
  int calls = calls_for(num);
  for (int i = 0; i < calls; i++) {
    uint64 a[6];
    for (int k = 0; k < 6; k++)
      a[k] = pick();
    switch (num) {
    case SYS_sleep:       /* no long sleeps */
      if ((int)a[0] > 2)
        a[0] = (a[0] & ~0xffffffffULL) | 1;
      break;
    case SYS_kill: {      /* never another process */
      static const uint64 safe[] = {~0ULL, 0, (uint64)-1000, 0x7fffffff, 0x80000000ULL};
      a[0] = safe[a[0] % 5];
      break;
    }
    case SYS_exit:        /* the last call of this child */
      if (i < calls - 1)
        continue;
      break;
    }
    long r = __syscall(num, a[0], a[1], a[2], a[3], a[4], a[5]);
    if (getpid() != me)   /* a fork (real, or a kernel that truncated the number) */
      exit(0);
    if (out_of_range(num) && r != -1)
      exit(OUT_OF_RANGE_ANSWERED);
    if (num == SYS_pipe && r == 0 && a[0] >= (uint64)buf && a[0] + 8 <= (uint64)buf + sizeof buf) {
      int fds[2];
      memmove(fds, (char *)a[0], sizeof fds);
      close(fds[1]);      /* so that reads of the new pipe never block */
    }
    if (num == SYS_fork && r > 0)
      wait(0);
    /* A negative sbrk may have cut away our data: the next access then
     * faults and the kernel kills us, which is fine too. */
  }
  exit(0);
}

/* The explicit checks: each must fail.  The exit status has one bit per
 * failed check (0: all held). */
static void explicit(long unused)
{
  (void)unused;
  prepare();
  int bad = 0;
  char *argv_ok[] = {"echo", "hostile", 0};
  /* Strings that run into the unmapped page at the end of memory. */
  if (open(unterminated, O_RDONLY) != -1) bad |= 1 << 0;
  if (open(unterminated, O_CREATE | O_RDWR) != -1) bad |= 1 << 1;
  if (mkdir(unterminated) != -1 || chdir(unterminated) != -1 || unlink(unterminated) != -1) bad |= 1 << 2;
  if (link(unterminated, "l") != -1 || link("f", unterminated) != -1) bad |= 1 << 3;
  if (mknod(unterminated, 1, 0) != -1) bad |= 1 << 4;
  if (exec(unterminated, argv_ok) != -1) bad |= 1 << 5;
  char *argv_bad[] = {"echo", unterminated, 0};
  if (exec("/echo", argv_bad) != -1) bad |= 1 << 6;       /* an argument without a terminator */
  if (exec("/echo", argv_open) != -1) bad |= 1 << 7;      /* argv holding garbage pointers */
  /* argv with no null pointer, running into the unmapped page. */
  char **argv_end = (char **)(heap_end - 4 * sizeof(char *));
  for (int i = 0; i < 4; i++)
    argv_end[i] = "x";
  if (exec("/echo", argv_end) != -1) bad |= 1 << 8;
  /* Buffers that run off the end of memory, huge and negative sizes. */
  if (write(0, buf, sizeof buf) != sizeof buf) bad |= 1 << 9;
  int rfd = open("f", O_RDONLY);
  int r = read(rfd, heap_end - 8, 4096);
  if (r != -1 && r > 8) bad |= 1 << 10;
  r = write(0, heap_end - 8, 4096);
  if (r != -1 && r > 8) bad |= 1 << 11;
  if (read(rfd, buf, -1) > 0 || write(0, buf, -1) > 0) bad |= 1 << 12;
  if (write(0, buf, 0x7fffffff) == 0x7fffffff) bad |= 1 << 13;
  if (sbrk(0x7fffffff) != (char *)-1) bad |= 1 << 14;
  if (sbrk(-0x7fffffff) != (char *)-1) bad |= 1 << 15;     /* below address 0 */
  /* init must not be killable: its exit would end the system. */
  if (kill(1) != -1) bad |= 1 << 17;
  /* A number whose low 32 bits are a real system call. */
  if (__syscall(SYS_getpid + 0x100000000L, 0, 0, 0, 0, 0, 0) != -1) bad |= 1 << 16;
  exit(bad);
}

/* Many fuzzers at once, on random system calls: races between CPUs. */
static void parallel(long workers)
{
  for (int k = 0; k < workers; k++) {
    long n = 1 + rnd() % (NSYSCALL - 1);
    if (n == SYS_halt || n == SYS_exit || n == SYS_sbrk)
      n = SYS_getpid;
    printf("hostile: fuzzer %d: system call %ld\n", k, n);
    if (fork() == 0)
      fuzz(n);
  }
  while (wait(0) >= 0)
    ;
  exit(0);
}

/* Removes everything under dir (which stray creates may have filled with
 * oddly named files and directories), a few levels deep. */
static void clean(const char *dir, int depth)
{
  int fd = open(dir, O_RDONLY);
  if (fd < 0)
    return;
  struct {
    ushort inum;
    char name[14];
  } de;
  char path[128];
  int len = strlen(dir);
  while (read(fd, &de, sizeof de) == sizeof de) {
    if (de.inum == 0 || strcmp(de.name, ".") == 0 || strcmp(de.name, "..") == 0)
      continue;
    if (len + 16 >= (int)sizeof path)
      continue;
    strcpy(path, dir);
    path[len] = '/';
    memmove(path + len + 1, de.name, 14);
    path[len + 15] = 0;
    if (unlink(path) < 0 && depth > 0) {
      clean(path, depth - 1);
      unlink(path);
    }
  }
  close(fd);
}

/* ---- part 2: children that fault ---- */

enum fault {
  NULL_WRITE, TEXT_WRITE, RODATA_WRITE, UNMAPPED_READ, KERNEL_READ, KERNEL_WRITE,
  KERNEL_JUMP, HEAP_JUMP, NULL_JUMP_DATA, FP_INSTRUCTION, STACK_OVERFLOW,
  INVALID_INSTRUCTION, PRIVILEGED_INSTRUCTION, NFAULTS
};

static const char *fault_names[] = {
  "null write", "write to text", "write to rodata", "read of unmapped memory",
  "read of kernel memory", "write to kernel memory", "jump to a kernel address",
  "jump to the heap", "jump to unmapped memory", "FP/SIMD instruction",
  "stack overflow", "invalid instruction", "privileged instruction",
};

#define SURVIVED 99

static int deep(int n)
{
  volatile char pad[256];
  if (n == -1)
    return 0;
  pad[0] = (char)n;
  pad[255] = (char)n;
  return deep(n + 1) + pad[0] + pad[255];
}

static void fault(long which)
{
  volatile uint64 addr;
  switch ((enum fault)which) {
  case NULL_WRITE:
    addr = 0;
    *(volatile int *)addr = 1;
    break;
  case TEXT_WRITE:
    *(volatile char *)(uint64)fault = 0;
    break;
  case RODATA_WRITE:
    *(volatile char *)(uint64)rodata_text = 0;
    break;
  case UNMAPPED_READ:
    addr = 0x4000000000ULL;      /* 256 GiB: user space on both arches, never mapped */
    (void)*(volatile int *)addr;
    break;
  case KERNEL_READ:
#ifdef __aarch64__
    addr = 0xffffff8040000000ULL;
#else
    addr = 0xffffffff80100000ULL;
#endif
    (void)*(volatile int *)addr;
    break;
  case KERNEL_WRITE:
#ifdef __aarch64__
    addr = 0xffffff8040000000ULL;
#else
    addr = 0xffffffff80100000ULL;
#endif
    *(volatile int *)addr = 0;
    break;
  case KERNEL_JUMP:
#ifdef __aarch64__
    addr = 0xffffff8040080000ULL;
#else
    addr = 0xffffffff80100000ULL;
#endif
    ((void (*)(void))addr)();
    break;
  case HEAP_JUMP: {
    char *p = sbrk(4096);
    memset(p, 0, 4096);          /* zeros: on x86 a run of `add %al,(%rax)` if NX failed */
    addr = (uint64)p;
    ((void (*)(void))addr)();
    break;
  }
  case NULL_JUMP_DATA:
    addr = 0x4000000000ULL;
    ((void (*)(void))addr)();
    break;
  case FP_INSTRUCTION:
#ifdef __aarch64__
    __asm__ volatile(".inst 0x9e6703e0");        /* fmov d0, xzr */
#else
    __asm__ volatile(".byte 0x0f, 0x57, 0xc0");  /* xorps %xmm0, %xmm0 */
#endif
    break;
  case STACK_OVERFLOW:
    deep(0);
    break;
  case INVALID_INSTRUCTION:
#ifdef __aarch64__
    __asm__ volatile(".inst 0x00000000");        /* udf #0 */
#else
    __asm__ volatile("ud2");
#endif
    break;
  case PRIVILEGED_INSTRUCTION:
#ifdef __aarch64__
    __asm__ volatile("mrs x0, sctlr_el1" ::: "x0");
#else
    __asm__ volatile("hlt");
#endif
    break;
  case NFAULTS:
    break;
  }
  exit(SURVIVED);
}

int main(int argc, char **argv)
{
  if (argc > 1)                       /* hostile SEED: another run of random values */
    rng_state ^= (uint64)atoi(argv[1]) * 0x9e3779b97f4a7c15ULL + 1;
  /* A scratch directory, so that stray creates land there. */
  mkdir("/hostile.d");
  if (chdir("/hostile.d") < 0) {
    printf("hostile: cannot use /hostile.d\n");
    return 1;
  }

  int children = 0;
  int start = uptime();
  long numbers[NSYSCALL + 16];
  int nnumbers = 0;
  for (long n = 1; n < NSYSCALL; n++)
    if (n != SYS_halt)
      numbers[nnumbers++] = n;
  static const long extra[] = {0, -1, -1000000, NSYSCALL, NSYSCALL + 1, 1000, 0x7fffffff,
                               (long)0x80000000UL, 1L << 40, -(1L << 40),
                               SYS_getpid + 0x100000000L};
  for (int i = 0; i < (int)(sizeof extra / sizeof extra[0]); i++)
    numbers[nnumbers++] = extra[i];

  for (int i = 0; i < nnumbers; i++) {
    long n = numbers[i];
    int status = run_child(fuzz, n);
    children++;
    if (status == OUT_OF_RANGE_ANSWERED && out_of_range(n)) {
      printf("hostile: system call %ld is out of range but did not return -1\n", n);
      failures++;
    } else {
      printf("hostile: system call %ld: %d calls, %s\n", n, calls_for(n),
             status == 1000 ? "stopped by the watchdog" : "done");
    }
    clean("/hostile.d", 3);
  }

  int status = run_child(explicit, 0);
  children++;
  clean("/hostile.d", 3);
  if (status != 0) {
    printf("hostile: explicit checks failed (status %d: one bit per check)\n", status);
    failures++;
  } else {
    printf("hostile: unterminated strings, open argv, huge sizes: all refused\n");
  }

  status = run_child(parallel, 4);
  children++;
  clean("/hostile.d", 3);
  printf("hostile: 4 fuzzers at once: %s\n", status == 1000 ? "stopped by the watchdog" : "done");

  for (int f = 0; f < NFAULTS; f++) {
    printf("hostile: %s\n", fault_names[f]);
    status = run_child(fault, f);
    children++;
    if (status == SURVIVED || status == 0) {
      printf("hostile: %s: the child was not killed\n", fault_names[f]);
      failures++;
    } else if (status == 1000) {
      printf("hostile: %s: the child hung\n", fault_names[f]);
      failures++;
    }
  }

  chdir("/");
  clean("/hostile.d", 3);
  unlink("/hostile.d");
  if (wait(0) != -1) {
    printf("hostile: an unexpected child\n");
    failures++;
  }
  if (failures == 0)
    printf("hostile: OK (%d children, %d ticks)\n", children, uptime() - start);
  else
    printf("hostile: FAILED (%d problems)\n", failures);
  return failures != 0;
}
