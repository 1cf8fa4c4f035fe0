/* gears/context.h - the Gears runtime: the Context every Gears-mode gear runs on.
 *
 * gearsc --gears lowers every code gear to `void g(struct Context *context)`
 * and every transition to a musttail call; `gearsc link` writes the program's
 * context header, which includes this one and adds enum Code, enum DataType
 * and union Data.  The core (context.c) is freestanding: no libc, memory comes
 * from a region the caller supplies. */
#ifndef GEARS_RUNTIME_CONTEXT_H
#define GEARS_RUNTIME_CONTEXT_H

#include <stddef.h>

/* The runtime itself builds with any C11 compiler; the context header that
 * `gearsc link` writes checks for musttail where the gears are compiled. */

union Data;
struct Context;

/* The one C type of every Gears-mode code gear. */
typedef void __gears_code(struct Context *context);

enum gears_status {
    GEARS_RUNNING = 0,
    GEARS_HEAP_EXHAUSTED = 1,   /* gears_alloc could not satisfy a request */
    GEARS_UNBOUND = 2,          /* a transition reached gear number 0: an
                                 * Interface method or continuation never set */
};

/* A Context is one block: this struct, then (GEARS_CONTEXT_HEADER bytes
 * from its start) the region gears_context_init lays out.  The region begins
 * with the dispatch table and the data gears, at offsets fixed for the
 * program (GEARS_CONTEXT_DISPATCH, GEARS_CONTEXT_DATA_OFFSET), so a gear finds
 * both at a constant offset from its `context` and loads no pointer. */
struct Context {
    int next;                       /* the gear meta runs next (enum Code) */
    __gears_code *const *code;      /* code table: gear number -> gear */
    /* Which table transitions dispatch through: `code` while the Context
     * runs; once the heap is exhausted, `exhausted`, a table whose every
     * entry is gears_heap_exhausted, so the default dispatch needs no status
     * test.  The default dispatch jumps through the dispatch table in the
     * region (GEARS_CONTEXT_DISPATCH), which holds the code table's entries
     * until the heap runs out and then is the exhausted table. */
    __gears_code *const *dispatch;
    __gears_code *const *exhausted; /* that table (in the region) */
    int codeNum;
    union Data *gears;              /* the data gears, one per type: an array
                                     * (at GEARS_CONTEXT_DATA_OFFSET) */
    union Data **data;              /* data table: data[t] == &gears[t] */
    int dataNum;
    void *region;                   /* what gears_context_init was given */
    unsigned char *heapStart, *heap, *heapLimit;
    void *scratch;                  /* handed out when the heap is exhausted */
    size_t scratchSize;
    int status;                     /* enum gears_status */
    size_t dataAlign;               /* the alignment of the data gears */
    /* The task manager `par goto` spawns on (gears/taskmanager.h, hosted
     * only); NULL until the first task or gears_taskmanager_start. */
    struct gears_taskmanager *taskManager;
    struct gears_task *task;        /* the task this Context runs, or NULL */
};

/* Where the region begins: GEARS_CONTEXT_HEADER bytes after the Context. */
#define GEARS_CONTEXT_HEADER ((sizeof(struct Context) + 15) & ~(size_t)15)

/* The dispatch table: code_count + 1 entries (the last is a task's exit,
 * gears/taskmanager.h) at the region's start. */
#define GEARS_CONTEXT_DISPATCH(context) \
    ((__gears_code **)((char *)(context) + GEARS_CONTEXT_HEADER))

/* The offset of the data gears (an array of union Data aligned to `align`)
 * from the Context, for a program of code_count gears. */
#define GEARS_CONTEXT_DATA_OFFSET(code_count, align)                                  \
    ((GEARS_CONTEXT_HEADER + ((size_t)(code_count) + 1) * sizeof(__gears_code *) + (align) - 1) \
     / (align) * (align))

/* Lays a Context out over [region, region + size), which must begin
 * GEARS_CONTEXT_HEADER bytes after the Context (one block, whose start is
 * aligned to data_align): the dispatch table, the data gears (an array of
 * data_count union Data of data_size bytes, aligned to data_align), the data
 * table, a scratch data gear, and the heap.  Returns 0, or -1 if the region is not where it must be or cannot
 * hold all but the heap. */
int gears_context_init(struct Context *context, void *region, size_t size,
                       __gears_code *const *code, int code_count, int data_count,
                       size_t data_size, size_t data_align);

/* Bump allocation from the Context's heap (new T()).  When the heap is
 * exhausted it sets context->status to GEARS_HEAP_EXHAUSTED, fills the
 * dispatch table with gears_heap_exhausted (context->dispatch then points to
 * it as the exhausted table), and returns the scratch area (or
 * NULL if size exceeds it), so the gear that asked can finish; the next
 * transition through meta (or the default dispatch) reaches
 * gears_heap_exhausted.  A direct goto to a named gear does not look. */
void *gears_alloc(struct Context *context, size_t size, size_t align);

/* Empties the Context's heap, for a Context that runs one chain after
 * another (a kernel's system calls): what the last chain allocated is
 * gone, the status is GEARS_RUNNING again and transitions dispatch through
 * the code table.  The data gears keep their contents. */
void gears_heap_reset(struct Context *context);

/* The gear meta continues to when the heap is exhausted: it ends the chain,
 * returning to the C code that started it. */
__gears_code gears_heap_exhausted;

/* Gear number 0 (enum Code's GEARS_NO_GEAR) in every program: a transition
 * through a method or continuation field that was never set (data gears
 * start zeroed) lands here.  It sets context->status to GEARS_UNBOUND and
 * ends the chain, where the program's first gear would otherwise have run. */
__gears_code gears_unbound;

/* Runs gear `code` on the Context until the chain ends. */
void gears_run(struct Context *context, int code);

#endif
