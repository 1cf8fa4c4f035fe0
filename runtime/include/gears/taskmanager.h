/* gears/taskmanager.h - the hosted task manager behind `par goto`.
 *
 * `par goto f(in..., out..., __exit);` (gearsc --gears) spawns a *task*: a
 * Context of its own on which gear f runs, with f's inputs stored in their
 * homes there.  The task manager runs tasks on worker threads (pthreads, one
 * per CPU unless told otherwise) and orders them by their data gears:
 *
 *  - a task waits until every input data gear has been written: until every
 *    task spawned before it with that data gear as an output has ended;
 *  - a task that writes a data gear also waits for the tasks spawned before
 *    it that read or write it (so a program means what it would mean run
 *    one task at a time, in spawn order);
 *  - a task's outputs count as written when its chain ends (`goto next(out,
 *    ...)` to `__exit`, or a gear that ends without a goto); that wakes the
 *    tasks waiting on them.
 *
 * A task's Context is its own: its data gears start zeroed and its heap
 * (`new` in a task) is reused once the task ends, so results go into the
 * output data gears the spawner passed.  The spawning program waits for all
 * its tasks with gears_taskmanager_wait (a gear may call it, then go on) and
 * ends the workers with gears_taskmanager_shutdown (gears_context_destroy
 * does it too).  The freestanding core (gears/context.h) has no threads;
 * this is part of gears_runtime_hosted only. */
#ifndef GEARS_RUNTIME_TASKMANAGER_H
#define GEARS_RUNTIME_TASKMANAGER_H

#include <gears/context.h>

struct gears_taskmanager;

/* Starts the task manager of `context` (a Context made by gears_setup, not a
 * task's) with `workers` worker threads; workers <= 0: the environment
 * variable GEARS_WORKERS if set, else one per online CPU.  task_heap: the
 * bytes of heap of each task's Context (0: 4096).  Returns 0, or -1 if it is
 * already started, is asked from a task, or cannot start.  The first
 * `par goto` starts one with the defaults. */
int gears_taskmanager_start(struct Context *context, int workers, unsigned long task_heap);

/* The number of workers of context's task manager (0 if none). */
int gears_taskmanager_workers(const struct Context *context);

/* Waits until every task spawned on context's task manager has ended
 * (tasks that tasks spawned included).  Returns 0, or -1 when called from a
 * task (a worker cannot wait for itself). */
int gears_taskmanager_wait(struct Context *context);

/* Waits as gears_taskmanager_wait does, then stops the workers and frees
 * the task manager and its tasks' Contexts. */
void gears_taskmanager_shutdown(struct Context *context);

/* ---- what `par goto` lowers to (not for hand-written code) ---- */

/* A task's Context, on the task manager of parent, to run gear `code`.  The
 * caller stores the arguments into its homes, names its data gears, and
 * spawns it.  Aborts the program if memory runs out. */
struct Context *gears_task_create(struct Context *parent, int code);
/* Data gear `gear` is an input of the task: it waits until it is written. */
void gears_task_input(struct Context *task, const void *gear);
/* Data gear `gear` is an output of the task: written when the task ends. */
void gears_task_output(struct Context *task, const void *gear);
/* Hands the task to the workers: it runs once its inputs are written. */
void gears_task_spawn(struct Context *task);

/* `__exit`: gear number GEARS_CODE_COUNT in a task's code table, which is the
 * program's code table with this gear added at the end; it ends the task. */
__gears_code gears_task_exit;

#endif
