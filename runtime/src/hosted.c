/* hosted.c - malloc-backed Contexts; see gears/hosted.h. */
#include <gears/hosted.h>
#include <gears/taskmanager.h>

/* Weak: a program that never spawns a task links without taskmanager.c
 * (and its threads); one that does has it, and its Context's task manager
 * is stopped here. */
#pragma weak gears_taskmanager_shutdown

#include <stdlib.h>

struct Context *gears_context_create(size_t size,
                                     int (*setup)(struct Context *, void *, unsigned long))
{
    struct Context *context = malloc(sizeof *context);
    void *region = malloc(size);
    if (!context || !region || setup(context, region, size) != 0) {
        free(context);
        free(region);
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
    free(context->region);
    free(context);
}
