/* cc.h - `gearsc cc`, a compiler driver over the preprocessed file.
 *
 *     gearsc cc [clang/gcc options] [--cc=PROG] [--gears] FILE...
 *     gearsc --preprocess [preprocessing options] X.cbc [-o X.c]
 *
 * For every .cbc input (and every .c input whose preprocessed text uses CbC)
 * it runs the backend's preprocessor with the user's preprocessing, target
 * and dependency options, lowers the preprocessed translation unit with
 * gearsc's own passes (in this process), and compiles the lowered C with the
 * backend and the remaining options.  Everything else (.S, .o, .a, the link
 * step) goes to the backend unchanged.  docs/driver.md is the user's guide. */
#ifndef GEARSC_DRIVER_CC_H
#define GEARSC_DRIVER_CC_H

/* argv[0] is "cc" (or any name); the options and files follow.  Returns the
 * exit status: the backend's when it fails, 1 for gearsc's own errors. */
int cc_main(int argc, char **argv);

/* gearsc --preprocess ...: cc_main with -E (writes the lowered C). */
int cc_preprocess_main(int argc, char **argv);

#endif
