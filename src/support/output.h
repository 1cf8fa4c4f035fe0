/* output.h - write a finished output file all at once.
 *
 * The data goes to a temporary file in the destination's directory, which is
 * renamed over the destination only when every byte is on disk: an interrupted
 * or failed gearsc never leaves a half-written .c file for make to trust.
 * A destination that exists and is not a regular file or a directory
 * (/dev/null, a FIFO) is written in place, never replaced. */
#ifndef GEARSC_OUTPUT_H
#define GEARSC_OUTPUT_H

#include "buf.h"

#include <stdbool.h>

/* path "-" writes to standard output.  On failure returns false with *error
 * set to a message; the destination is then untouched. */
bool write_output(const char *path, const Buf *data, const char **error);
/* The same, but a regular file that already holds exactly `data` is left
 * alone (not even its time stamp changes): for generated headers that
 * make or CMake would otherwise see as new (gearsc link's context.h). */
bool write_output_if_changed(const char *path, const Buf *data, const char **error);

#endif
