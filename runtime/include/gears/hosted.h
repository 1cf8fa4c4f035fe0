/* gears/hosted.h - Contexts backed by malloc, for hosted programs. */
#ifndef GEARS_RUNTIME_HOSTED_H
#define GEARS_RUNTIME_HOSTED_H

#include <gears/context.h>

/* A Context with `size` bytes of data gears and heap, set up by the
 * program's gears_setup (from `gearsc link`).  NULL if out of memory. */
struct Context *gears_context_create(size_t size,
                                     int (*setup)(struct Context *, void *, unsigned long));
void gears_context_destroy(struct Context *context);

#endif
