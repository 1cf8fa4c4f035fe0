/* output.h - write a command's finished output files, all or nothing.
 *
 * Each file goes to a temporary beside its destination (".gearsc-XXXXXX" in
 * the same directory: a short name, so any destination name the file
 * system accepts works), and the temporaries are renamed over the
 * destinations only when every one of them is on disk: an interrupted or
 * failed gearsc never leaves a half-written .c file for make to trust, nor
 * one output of a command without the others.
 *
 * A destination that is a symbolic link is written through: the temporary
 * goes beside the link's final target and is renamed onto it, and the link
 * stays.  A destination that exists and is not a regular file or a
 * directory (/dev/null, a FIFO) is written in place, never replaced.
 * An output that is the same file as an input or as another output of the
 * command (by device and inode, or by directory and name for a file still
 * to be created) is refused before anything is written. */
#ifndef GEARSC_OUTPUT_H
#define GEARSC_OUTPUT_H

#include "buf.h"
#include "diag.h"

#include <stdbool.h>

typedef struct OutputFile {
    const char *path;       /* "-" is standard output */
    const Buf *data;
    bool if_changed;        /* a regular file holding exactly data is left
                               alone (not even its time stamp changes): for
                               generated headers that make would see as new */
} OutputFile;

/* Writes every file, or none (standard output and in-place streams are
 * written last, once the files are in place), refusing an output that is
 * one of inputs.  On failure reports to d ("cannot write 'F': REASON")
 * and returns false. */
bool write_outputs(const OutputFile *files, int count, const char *const *inputs,
                   int input_count, Diag *d);

/* One file.  On failure returns false with *error set to a message; the
 * destination is then untouched. */
bool write_output(const char *path, const Buf *data, const char **error);
bool write_output_if_changed(const char *path, const Buf *data, const char **error);

#endif
