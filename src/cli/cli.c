/* cli.c - see cli.h. */
#include "cli.h"

#include "../support/output.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

_Noreturn void usage_error(const char *fmt, const char *arg)
{
    fputs("gearsc: error: ", stderr);
    fprintf(stderr, fmt, arg);
    fputs("\n(run 'gearsc --help' for usage)\n", stderr);
    exit(EXIT_USAGE);
}

const char *option_value(int argc, char **argv, int *i, const char *flag)
{
    size_t n = strlen(flag);
    if (strncmp(argv[*i], flag, n) != 0)
        return NULL;
    if (argv[*i][n] != '\0')
        return argv[*i] + n;
    if (*i + 1 >= argc)
        usage_error("missing argument to '%s'", flag);
    return argv[++*i];
}

void help_option(const char *arg, const char *text)
{
    if (strcmp(arg, "--help") == 0 || strcmp(arg, "-h") == 0) {
        fputs(text, stdout);
        exit(0);
    }
}

int finish_command(Diag *diag, bool ok, const char *path, Buf *buf, const char *const *inputs,
                   int input_count)
{
    OutputFile output = { path, buf, false };
    if (ok)
        write_outputs(&output, 1, inputs, input_count, diag);
    diag_finish(diag);
    buf_free(buf);
    return diag->errors ? 1 : 0;
}
