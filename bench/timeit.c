/* timeit - run commands in alternation and report each run's wall time and
 * peak memory.
 *
 *   timeit ROUNDS NAME CMD [ARG...] [:: NAME CMD [ARG...]]...
 *
 * Runs round 1 (every command once, in the order given), then round 2, ...:
 * A B C A B C ..., so slow drift of a shared machine hits every command
 * alike.  Each command's stdout goes to /dev/null (stderr is kept).  Prints
 * one line per run:
 *
 *     ROUND NAME WALL_NS MAXRSS_KB
 *
 * WALL_NS is CLOCK_MONOTONIC around fork..wait4; MAXRSS_KB is the child's
 * ru_maxrss from wait4 (what GNU time's %M reports).  Exits 1 if any run
 * fails (it prints which). */
#define _GNU_SOURCE
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

typedef struct Command {
    const char *name;
    char **argv;
} Command;

static long long now_ns(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (long long)ts.tv_sec * 1000000000LL + ts.tv_nsec;
}

int main(int argc, char **argv)
{
    if (argc < 4) {
        fprintf(stderr, "usage: timeit ROUNDS NAME CMD [ARG...] [:: NAME CMD [ARG...]]...\n");
        return 2;
    }
    int rounds = atoi(argv[1]);
    Command *cmds = calloc((size_t)argc, sizeof *cmds);
    int n = 0;
    for (int i = 2; i < argc;) {
        if (i + 1 >= argc) {
            fprintf(stderr, "timeit: '%s' has no command\n", argv[i]);
            return 2;
        }
        cmds[n].name = argv[i];
        cmds[n].argv = &argv[i + 1];
        int j = i + 1;
        while (j < argc && strcmp(argv[j], "::") != 0)
            j++;
        if (j < argc)
            argv[j] = NULL; /* ends this command's argv */
        n++;
        i = j + 1;
    }
    int devnull = open("/dev/null", O_WRONLY);
    int status_all = 0;
    for (int r = 1; r <= rounds; r++) {
        for (int c = 0; c < n; c++) {
            fflush(stdout);
            long long t0 = now_ns();
            pid_t pid = fork();
            if (pid < 0) {
                perror("timeit: fork");
                return 1;
            }
            if (pid == 0) {
                dup2(devnull, 1);
                execvp(cmds[c].argv[0], cmds[c].argv);
                perror(cmds[c].argv[0]);
                _exit(127);
            }
            int status;
            struct rusage ru;
            if (wait4(pid, &status, 0, &ru) < 0) {
                perror("timeit: wait4");
                return 1;
            }
            long long t1 = now_ns();
            if (!WIFEXITED(status) || WEXITSTATUS(status) != 0) {
                fprintf(stderr, "timeit: %s failed (status %#x)\n", cmds[c].name, status);
                status_all = 1;
            }
            printf("%d %s %lld %ld\n", r, cmds[c].name, t1 - t0, ru.ru_maxrss);
        }
    }
    return status_all;
}
