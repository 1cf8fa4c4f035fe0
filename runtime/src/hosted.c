/* hosted.c - malloc-backed Contexts; see gears/hosted.h. */
#include <gears/hosted.h>
#include <gears/taskmanager.h>

/* Weak: a program that never spawns a task links without taskmanager.c
 * (and its threads); one that does has it, and its Context's task manager
 * is stopped here. */
#pragma weak gears_taskmanager_shutdown

#include <stdlib.h>

/* The Context and its region are one block (gears/context.h), aligned for
 * any data gear up to 64 bytes' alignment. */
struct Context *gears_context_create(size_t size,
                                     int (*setup)(struct Context *, void *, unsigned long))
{
    size_t total = (GEARS_CONTEXT_HEADER + size + 63) / 64 * 64;
    if (size > total)
        return NULL;
    struct Context *context = aligned_alloc(64, total);
    if (!context)
        return NULL;
    if (setup(context, (char *)context + GEARS_CONTEXT_HEADER, size) != 0) {
        free(context);
        return NULL;
    }
    return context;
}

void gears_context_destroy(struct Context *context)
{
    if (!context)
        return;
    if (context->taskManager && gears_taskmanager_shutdown)
        gears_taskmanager_shutdown(context);
    free(context); /* the region is in the same block */
}
