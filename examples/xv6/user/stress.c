/* stress -- many processes forking, piping and writing files at once.
 *
 *   stress [WORKERS [SECONDS]]      defaults: 8 workers, 3 seconds
 *
 * Each worker repeats, until the time is up:
 *   - fork a child and send it a block of data through one pipe; the child
 *     sends every byte back, plus one, through a second pipe; the worker
 *     checks what returns (data integrity across processes and CPUs);
 *   - create its own file, write a few blocks of a pattern, read them back
 *     and check them, unlink it (the file system and buffer cache under
 *     concurrent use).
 * A worker that sees a wrong byte, or a failing call, exits with a status
 * saying what; one that finishes writes its counts to the parent through a
 * pipe.  The parent prints `stress: OK` with the totals if every worker
 * finished cleanly, `stress: FAILED` otherwise.  Time is measured in timer
 * ticks (uptime(), HZ a second). */
#include "user.h"
#include "../kernel/param.h"

#define CHUNK  300         /* bytes per pipe round trip: below a pipe's buffer */
#define ROUNDS 8           /* round trips per child */
#define FILEBLOCKS 3

struct counts {
  int forks;
  int bytes;
  int files;
};

static char out[CHUNK], back[CHUNK], block[1024];

/* The child: echoes every byte plus one until end of file. */
static void echo_plus_one(int in, int outfd)
{
  char c[CHUNK];
  int n;
  while ((n = read(in, c, sizeof c)) > 0) {
    for (int i = 0; i < n; i++)
      c[i]++;
    if (write(outfd, c, n) != n)
      exit(1);
  }
  exit(0);
}

static int read_full(int fd, char *p, int n)
{
  int got = 0, r;
  while (got < n && (r = read(fd, p + got, n - got)) > 0)
    got += r;
  return got;
}

/* One round of piping through a child: returns bytes checked, or exits. */
static int pipe_round(int worker, int round)
{
  int to[2], from[2];
  if (pipe(to) < 0 || pipe(from) < 0)
    exit(10);
  int pid = fork();
  if (pid < 0)
    exit(11);
  if (pid == 0) {
    close(to[1]);
    close(from[0]);
    echo_plus_one(to[0], from[1]);
  }
  close(to[0]);
  close(from[1]);
  int total = 0;
  for (int r = 0; r < ROUNDS; r++) {
    for (int i = 0; i < CHUNK; i++)
      out[i] = (char)(worker * 31 + round * 7 + r * 3 + i);
    if (write(to[1], out, CHUNK) != CHUNK)
      exit(12);
    if (read_full(from[0], back, CHUNK) != CHUNK)
      exit(13);
    for (int i = 0; i < CHUNK; i++)
      if (back[i] != (char)(out[i] + 1))
        exit(14);
    total += CHUNK;
  }
  close(to[1]);
  char c;
  if (read(from[0], &c, 1) != 0)    /* the child sends nothing more */
    exit(15);
  close(from[0]);
  int status = -1;
  if (wait(&status) != pid || status != 0)
    exit(16);
  return total;
}

static void file_round(int worker, int round)
{
  char name[16] = "stress.w.";
  name[7] = 'a' + worker % 26;
  name[9] = 'a' + round % 26;
  name[10] = 0;
  int fd = open(name, O_CREATE | O_RDWR | O_TRUNC);
  if (fd < 0)
    exit(20);
  for (int b = 0; b < FILEBLOCKS; b++) {
    for (int i = 0; i < (int)sizeof block; i++)
      block[i] = (char)(worker + round + b + i);
    if (write(fd, block, sizeof block) != sizeof block)
      exit(21);
  }
  close(fd);
  fd = open(name, O_RDONLY);
  if (fd < 0)
    exit(22);
  for (int b = 0; b < FILEBLOCKS; b++) {
    if (read_full(fd, block, sizeof block) != sizeof block)
      exit(23);
    for (int i = 0; i < (int)sizeof block; i++)
      if (block[i] != (char)(worker + round + b + i))
        exit(24);
  }
  close(fd);
  if (unlink(name) < 0)
    exit(25);
}

static void worker(int id, int deadline, int report)
{
  struct counts c = {0, 0, 0};
  for (int round = 0; uptime() < deadline; round++) {
    c.bytes += pipe_round(id, round);
    c.forks++;
    file_round(id, round);
    c.files++;
  }
  if (write(report, &c, sizeof c) != sizeof c)
    exit(30);
  exit(0);
}

static const char *why(int status)
{
  switch (status / 10) {
  case 1: return "pipe round trip";
  case 2: return "file write/read";
  case 3: return "report";
  default: return "killed or crashed";
  }
}

int main(int argc, char **argv)
{
  int workers = argc > 1 ? atoi(argv[1]) : 8;
  int seconds = argc > 2 ? atoi(argv[2]) : 3;
  if (workers < 1 || workers > NPROC / 3 || seconds < 0) {
    fprintf(2, "usage: stress [WORKERS (1..%d) [SECONDS]]\n", NPROC / 3);
    return 2;
  }
  int report[2];
  if (pipe(report) < 0) {
    fprintf(2, "stress: pipe failed\n");
    return 1;
  }
  int start = uptime();
  int deadline = start + seconds * HZ;
  for (int k = 0; k < workers; k++) {
    int pid = fork();
    if (pid < 0) {
      fprintf(2, "stress: fork of worker %d failed\n", k);
      return 1;
    }
    if (pid == 0) {
      close(report[0]);
      worker(k, deadline, report[1]);
    }
  }
  close(report[1]);

  struct counts total = {0, 0, 0}, c;
  int failed = 0;
  for (int k = 0; k < workers; k++) {
    int status = -1;
    int pid = wait(&status);
    if (pid < 0) {
      failed++;
      break;
    }
    if (status != 0) {
      printf("stress: worker (pid %d) failed: status %d (%s)\n", pid, status, why(status));
      failed++;
    }
  }
  int reports = 0;
  while (read_full(report[0], (char *)&c, sizeof c) == sizeof c) {
    total.forks += c.forks;
    total.bytes += c.bytes;
    total.files += c.files;
    reports++;
  }
  int ticks = uptime() - start;
  if (failed || reports != workers) {
    printf("stress: FAILED (%d workers failed, %d reports)\n", failed, reports);
    return 1;
  }
  printf("stress: OK: %d workers, %d ticks, %d forks, %d KB piped, %d files written, read and removed\n",
         workers, ticks, total.forks, total.bytes / 1024, total.files);
  return 0;
}
