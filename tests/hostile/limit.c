/* limit.c - run a command under a wall-clock limit and a peak-memory limit.
 *
 *     limit [--seconds=N] [--max-rss-kb=K] [--report=FILE] -- COMMAND ARGS...
 *
 * Exits with the command's status, or 124 (and a message on stderr) if it ran
 * longer than N seconds (it is killed), 125 if its peak resident set size
 * went over K KiB, 128+SIG if a signal killed it.  --report writes the peak
 * RSS in KiB and the wall time to FILE.  The hostile-input and memory-bound
 * tests run gearsc through this, so "no hang" and "bounded memory" are
 * checked, not assumed.  RSS is what the kernel reports in ru_maxrss
 * (wait4), so the measure also works under AddressSanitizer, whose virtual
 * reservations make `ulimit -v` useless. */
#define _DEFAULT_SOURCE
#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/time.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

static volatile sig_atomic_t timed_out;
static pid_t child;

static void on_alarm(int sig)
{
    (void)sig;
    timed_out = 1;
    kill(child, SIGKILL);
}

int main(int argc, char **argv)
{
    long seconds = 0, max_kb = 0;
    const char *report = NULL;
    int i = 1;
    for (; i < argc && strcmp(argv[i], "--") != 0; i++) {
        if (strncmp(argv[i], "--seconds=", 10) == 0)
            seconds = atol(argv[i] + 10);
        else if (strncmp(argv[i], "--max-rss-kb=", 13) == 0)
            max_kb = atol(argv[i] + 13);
        else if (strncmp(argv[i], "--report=", 9) == 0)
            report = argv[i] + 9;
        else {
            fprintf(stderr, "limit: unknown option '%s'\n", argv[i]);
            return 2;
        }
    }
    if (i + 1 >= argc) {
        fputs("usage: limit [--seconds=N] [--max-rss-kb=K] [--report=FILE] -- COMMAND ARGS...\n",
              stderr);
        return 2;
    }
    char **cmd = argv + i + 1;
    struct timespec t0, t1;
    clock_gettime(CLOCK_MONOTONIC, &t0);
    child = fork();
    if (child < 0) {
        perror("limit: fork");
        return 2;
    }
    if (child == 0) {
        execvp(cmd[0], cmd);
        fprintf(stderr, "limit: cannot run '%s': %s\n", cmd[0], strerror(errno));
        _exit(127);
    }
    struct sigaction sa;
    memset(&sa, 0, sizeof sa);
    sa.sa_handler = on_alarm;
    sigaction(SIGALRM, &sa, NULL);
    if (seconds > 0)
        alarm((unsigned)seconds);
    int status;
    struct rusage ru;
    while (wait4(child, &status, 0, &ru) < 0) {
        if (errno != EINTR) {
            perror("limit: wait4");
            return 2;
        }
    }
    alarm(0);
    clock_gettime(CLOCK_MONOTONIC, &t1);
    double wall = (double)(t1.tv_sec - t0.tv_sec) + (double)(t1.tv_nsec - t0.tv_nsec) / 1e9;
    if (report) {
        FILE *f = fopen(report, "w");
        if (!f) {
            perror("limit: report");
            return 2;
        }
        fprintf(f, "%ld %.3f\n", ru.ru_maxrss, wall);
        fclose(f);
    }
    if (timed_out) {
        fprintf(stderr, "limit: '%s' ran longer than %ld s and was killed\n", cmd[0], seconds);
        return 124;
    }
    if (max_kb > 0 && ru.ru_maxrss > max_kb) {
        fprintf(stderr, "limit: '%s' used %ld KiB at its peak, more than the %ld KiB allowed\n",
                cmd[0], ru.ru_maxrss, max_kb);
        return 125;
    }
    if (WIFSIGNALED(status)) {
        fprintf(stderr, "limit: '%s' was killed by signal %d\n", cmd[0], WTERMSIG(status));
        return 128 + WTERMSIG(status);
    }
    return WEXITSTATUS(status);
}
