/* cli.h - what gearsc's command lines share: usage errors, option values,
 * and the common end of a subcommand.  The subcommands, each in its own
 * file, are dispatched from main (src/main.c). */
#ifndef GEARSC_CLI_H
#define GEARSC_CLI_H

#include "../support/buf.h"
#include "../support/diag.h"

#include <stdbool.h>

enum { EXIT_USAGE = 2 };

/* "gearsc: error: " fmt (with arg), a hint at --help, and exit 2. */
_Noreturn void usage_error(const char *fmt, const char *arg);

/* `-o FILE` or `-oFILE`: returns the value and advances *i, or NULL if argv[*i]
 * is not this option. */
const char *option_value(int argc, char **argv, int *i, const char *flag);

/* If argv[i] is --help or -h: prints text to standard output and exits 0. */
void help_option(const char *arg, const char *text);

/* Writes buf to path if ok (refusing a path that is one of the inputs),
 * finishes the diagnostics and frees buf: the common end of the
 * subcommands.  Returns the exit status. */
int finish_command(Diag *diag, bool ok, const char *path, Buf *buf, const char *const *inputs,
                   int input_count);

/* The subcommands: argv[1] is the subcommand's name. */
int link_command(int argc, char **argv);
int skeleton_command(int argc, char **argv);
int graph_command(int argc, char **argv);

#endif
