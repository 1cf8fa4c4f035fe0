/* taskmanager.c - the hosted task manager behind `par goto`; see
 * gears/taskmanager.h.
 *
 * One mutex guards the whole state: the ready queue, the free list of task
 * Contexts, and the table of data gears (address -> its last writer and the
 * readers since).  A task's `deps` counts the unfinished tasks it waits for
 * when it is spawned; each of those lists it among its
 * dependents, and ending decrements theirs.  Tasks are reused: a reference
 * to a task carries the task's `seq` when it was taken, so a reference to a
 * task that has ended, or ended and was reused, is not pending. */
#define _GNU_SOURCE /* CPU_COUNT, sched_getaffinity */
#include <gears/taskmanager.h>

#include <pthread.h>
#include <sched.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

typedef struct gears_task Task;

typedef struct Ref {
    Task *task;
    uint64_t seq;
} Ref;

struct gears_task {
    struct Context *context;    /* at the start of `region`; its task is this */
    struct gears_taskmanager *tm;
    void *region;               /* the Context and its region: one block */
    int code;                   /* the gear it runs */
    uint64_t seq;               /* which spawn this is (see Ref) */
    int finished;
    int deps;                   /* unfinished tasks it waits for */
    Task **dependents;          /* tasks waiting for this one */
    int ndependents, capdependents;
    const void **ins, **outs;   /* its data gears */
    int nins, capins, nouts, capouts;
    Task *next;                 /* the ready queue or the free list */
};

typedef struct GearState {
    const void *gear;           /* NULL: a free slot */
    Ref writer;                 /* the last task that writes it */
    Ref *readers;               /* tasks reading it since that writer */
    int nreaders, capreaders;
} GearState;

struct gears_taskmanager {
    pthread_mutex_t lock;
    pthread_cond_t work;        /* the queue has a task, or stopping */
    pthread_cond_t done;        /* a task ended (waiters, spawn throttle) */
    Task *head, *tail;          /* ready tasks */
    Task *free;                 /* ended tasks, for reuse */
    long live;                  /* spawned and not ended */
    long max_live;              /* a spawner outside the workers waits above it */
    int waiting;                /* threads waiting on `done` */
    int idle;                   /* workers waiting on `work` */
    int stopping;
    uint64_t seq;
    GearState *gears;           /* open addressing, a power of two */
    size_t gear_cap, gear_count;
    __gears_code **code;        /* the program's code table + gears_task_exit */
    int code_count, data_count;
    size_t data_size, data_align, region_size;
    pthread_t *threads;
    int workers;
};

/* The task manager the current thread works for, if it is a worker. */
static _Thread_local struct gears_taskmanager *worker_of;

static void die(const char *what)
{
    fprintf(stderr, "gears task manager: %s\n", what);
    abort();
}

static void *xcalloc(size_t n, size_t size)
{
    void *p = calloc(n ? n : 1, size);
    if (!p)
        die("out of memory");
    return p;
}

static void *grow(void *array, int *cap, size_t size)
{
    *cap = *cap ? *cap * 2 : 4;
    void *p = realloc(array, (size_t)*cap * size);
    if (!p)
        die("out of memory");
    return p;
}

static int pending(Ref r)
{
    return r.task && r.task->seq == r.seq && !r.task->finished;
}

/* ---- the table of data gears ---- */

static size_t hash_of(const void *gear, size_t cap)
{
    uint64_t h = (uint64_t)(uintptr_t)gear * 0x9E3779B97F4A7C15u;
    return (size_t)(h >> 17) & (cap - 1);
}

static GearState *gear_slot(GearState *table, size_t cap, const void *gear)
{
    size_t i = hash_of(gear, cap);
    while (table[i].gear && table[i].gear != gear)
        i = (i + 1) & (cap - 1);
    return &table[i];
}

static GearState *gear_state(struct gears_taskmanager *tm, const void *gear)
{
    if ((tm->gear_count + 1) * 2 > tm->gear_cap) {
        size_t cap = tm->gear_cap ? tm->gear_cap * 2 : 256;
        GearState *table = xcalloc(cap, sizeof *table);
        for (size_t i = 0; i < tm->gear_cap; i++)
            if (tm->gears[i].gear)
                *gear_slot(table, cap, tm->gears[i].gear) = tm->gears[i];
        free(tm->gears);
        tm->gears = table;
        tm->gear_cap = cap;
    }
    GearState *s = gear_slot(tm->gears, tm->gear_cap, gear);
    if (!s->gear) {
        s->gear = gear;
        tm->gear_count++;
    }
    return s;
}

/* Nothing is pending: forget every data gear. */
static void gears_forget(struct gears_taskmanager *tm)
{
    for (size_t i = 0; i < tm->gear_cap; i++) {
        free(tm->gears[i].readers);
        memset(&tm->gears[i], 0, sizeof tm->gears[i]);
    }
    tm->gear_count = 0;
}

/* ---- tasks ---- */

static void depend(Task *t, Task *on)
{
    if (on == t)
        return;
    if (on->ndependents == on->capdependents)
        on->dependents = grow(on->dependents, &on->capdependents, sizeof *on->dependents);
    on->dependents[on->ndependents++] = t;
    t->deps++;
}

static void enqueue(struct gears_taskmanager *tm, Task *t)
{
    t->next = NULL;
    if (tm->tail)
        tm->tail->next = t;
    else
        tm->head = t;
    tm->tail = t;
    if (tm->idle)
        pthread_cond_signal(&tm->work);
}

/* The dependencies of t on the tasks spawned before it (lock held). */
static void add_dependencies(struct gears_taskmanager *tm, Task *t)
{
    Ref self = { t, t->seq };
    for (int i = 0; i < t->nins; i++) {
        GearState *s = gear_state(tm, t->ins[i]);
        if (pending(s->writer))
            depend(t, s->writer.task);
        if (s->nreaders == s->capreaders) { /* drop the readers that ended first */
            int k = 0;
            for (int j = 0; j < s->nreaders; j++)
                if (pending(s->readers[j]))
                    s->readers[k++] = s->readers[j];
            s->nreaders = k;
            if (s->nreaders == s->capreaders)
                s->readers = grow(s->readers, &s->capreaders, sizeof *s->readers);
        }
        s->readers[s->nreaders++] = self;
    }
    for (int i = 0; i < t->nouts; i++) {
        GearState *s = gear_state(tm, t->outs[i]);
        if (pending(s->writer))
            depend(t, s->writer.task);
        for (int j = 0; j < s->nreaders; j++)
            if (pending(s->readers[j]))
                depend(t, s->readers[j].task);
        s->nreaders = 0;
        s->writer = self;
    }
}

/* t's chain has ended (lock held): wake its dependents, recycle it. */
static void finish(struct gears_taskmanager *tm, Task *t)
{
    t->finished = 1;
    for (int i = 0; i < t->ndependents; i++)
        if (--t->dependents[i]->deps == 0)
            enqueue(tm, t->dependents[i]);
    t->ndependents = 0;
    t->next = tm->free;
    tm->free = t;
    if (--tm->live == 0)
        gears_forget(tm);
    if (tm->waiting)
        pthread_cond_broadcast(&tm->done);
}

static void *worker(void *arg)
{
    struct gears_taskmanager *tm = arg;
    worker_of = tm;
    pthread_mutex_lock(&tm->lock);
    for (;;) {
        while (!tm->head && !tm->stopping) {
            tm->idle++;
            pthread_cond_wait(&tm->work, &tm->lock);
            tm->idle--;
        }
        if (!tm->head)
            break;
        Task *t = tm->head;
        tm->head = t->next;
        if (!tm->head)
            tm->tail = NULL;
        pthread_mutex_unlock(&tm->lock);
        gears_run(t->context, t->code);
        pthread_mutex_lock(&tm->lock);
        finish(tm, t);
    }
    pthread_mutex_unlock(&tm->lock);
    return NULL;
}

void gears_task_exit(struct Context *context)
{
    (void)context; /* returning ends the task's chain */
}

/* ---- the task manager ---- */

static int default_workers(void)
{
    const char *env = getenv("GEARS_WORKERS");
    if (env && *env) {
        char *end;
        long n = strtol(env, &end, 10);
        if (*end == '\0' && n > 0 && n <= 1024)
            return (int)n;
    }
    cpu_set_t set;
    if (sched_getaffinity(0, sizeof set, &set) == 0 && CPU_COUNT(&set) > 0)
        return CPU_COUNT(&set);
    long n = sysconf(_SC_NPROCESSORS_ONLN);
    return n > 0 ? (int)n : 1;
}

int gears_taskmanager_start(struct Context *context, int workers, unsigned long task_heap)
{
    if (context->taskManager || worker_of)
        return -1;
    struct gears_taskmanager *tm = xcalloc(1, sizeof *tm);
    tm->workers = workers > 0 ? workers : default_workers();
    tm->max_live = 1024 + 64L * tm->workers;
    tm->code_count = context->codeNum; /* the program's; the table has one more */
    tm->code = xcalloc((size_t)tm->code_count + 1, sizeof *tm->code);
    for (int i = 0; i < context->codeNum; i++)
        tm->code[i] = context->code[i];
    tm->code[context->codeNum] = gears_task_exit;
    tm->data_count = context->dataNum;
    tm->data_size = context->scratchSize;
    tm->data_align = context->dataAlign ? context->dataAlign : 16;
    /* what gears_context_init lays out before the heap, with room to align:
     * the dispatch table (code_count + 1 entries), the data table, the data
     * gears and the scratch one */
    tm->region_size = (size_t)(tm->code_count + 1) * sizeof(void *) + (size_t)tm->data_count * sizeof(void *)
                    + (size_t)(tm->data_count + 1) * tm->data_size + 3 * tm->data_align + 64
                    + (task_heap ? task_heap : 4096);
    pthread_mutex_init(&tm->lock, NULL);
    pthread_cond_init(&tm->work, NULL);
    pthread_cond_init(&tm->done, NULL);
    tm->threads = xcalloc((size_t)tm->workers, sizeof *tm->threads);
    for (int i = 0; i < tm->workers; i++)
        if (pthread_create(&tm->threads[i], NULL, worker, tm) != 0) {
            tm->workers = i;
            gears_taskmanager_shutdown(&(struct Context){ .taskManager = tm });
            return -1;
        }
    context->taskManager = tm;
    return 0;
}

int gears_taskmanager_workers(const struct Context *context)
{
    return context->taskManager ? context->taskManager->workers : 0;
}

int gears_taskmanager_wait(struct Context *context)
{
    struct gears_taskmanager *tm = context->taskManager;
    if (!tm)
        return 0;
    if (worker_of == tm)
        return -1;
    pthread_mutex_lock(&tm->lock);
    tm->waiting++;
    while (tm->live > 0)
        pthread_cond_wait(&tm->done, &tm->lock);
    tm->waiting--;
    pthread_mutex_unlock(&tm->lock);
    return 0;
}

void gears_taskmanager_shutdown(struct Context *context)
{
    struct gears_taskmanager *tm = context->taskManager;
    if (!tm || worker_of == tm)
        return;
    gears_taskmanager_wait(context);
    pthread_mutex_lock(&tm->lock);
    tm->stopping = 1;
    pthread_cond_broadcast(&tm->work);
    pthread_mutex_unlock(&tm->lock);
    for (int i = 0; i < tm->workers; i++)
        pthread_join(tm->threads[i], NULL);
    while (tm->free) {
        Task *t = tm->free;
        tm->free = t->next;
        free(t->dependents);
        free(t->ins);
        free(t->outs);
        free(t->region);
        free(t);
    }
    gears_forget(tm);
    free(tm->gears);
    free(tm->threads);
    free(tm->code);
    pthread_cond_destroy(&tm->done);
    pthread_cond_destroy(&tm->work);
    pthread_mutex_destroy(&tm->lock);
    free(tm);
    context->taskManager = NULL;
}

/* ---- spawning ---- */

struct Context *gears_task_create(struct Context *parent, int code)
{
    if (!parent->taskManager && gears_taskmanager_start(parent, 0, 0) != 0)
        die("cannot start (par goto from a Context without a task manager)");
    struct gears_taskmanager *tm = parent->taskManager;
    pthread_mutex_lock(&tm->lock);
    if (worker_of != tm) { /* a spawner outside the workers waits for room */
        tm->waiting++;
        while (tm->live >= tm->max_live)
            pthread_cond_wait(&tm->done, &tm->lock);
        tm->waiting--;
    }
    Task *t = tm->free;
    if (t)
        tm->free = t->next;
    tm->live++; /* counted from here: a wait cannot miss a task being made */
    pthread_mutex_unlock(&tm->lock);
    if (!t) {
        t = xcalloc(1, sizeof *t);
        /* the Context, then its region (gears/context.h) */
        size_t align = tm->data_align > 16 ? tm->data_align : 16;
        size_t total = (GEARS_CONTEXT_HEADER + tm->region_size + align - 1) / align * align;
        t->region = aligned_alloc(align, total);
        if (!t->region)
            die("out of memory");
        t->context = t->region;
    }
    if (gears_context_init(t->context, (char *)t->region + GEARS_CONTEXT_HEADER, tm->region_size,
                           (__gears_code *const *)tm->code, tm->code_count, tm->data_count,
                           tm->data_size, tm->data_align) != 0)
        die("a task's region cannot hold its data gears");
    /* gear number code_count is the task's exit (__exit) */
    GEARS_CONTEXT_DISPATCH(t->context)[tm->code_count] = gears_task_exit;
    t->context->taskManager = tm;
    t->context->task = t;
    t->tm = tm;
    t->code = code; /* finished stays 1 (if reused) until the spawn, under the lock */
    t->deps = 0;
    t->nins = t->nouts = 0;
    t->ndependents = 0;
    t->next = NULL;
    return t->context;
}

void gears_task_input(struct Context *task, const void *gear)
{
    Task *t = task->task;
    if (!gear)
        return;
    if (t->nins == t->capins)
        t->ins = grow((void *)t->ins, &t->capins, sizeof *t->ins);
    t->ins[t->nins++] = gear;
}

void gears_task_output(struct Context *task, const void *gear)
{
    Task *t = task->task;
    if (!gear)
        return;
    if (t->nouts == t->capouts)
        t->outs = grow((void *)t->outs, &t->capouts, sizeof *t->outs);
    t->outs[t->nouts++] = gear;
}

void gears_task_spawn(struct Context *task)
{
    Task *t = task->task;
    struct gears_taskmanager *tm = t->tm;
    pthread_mutex_lock(&tm->lock);
    t->seq = ++tm->seq;
    t->finished = 0;
    add_dependencies(tm, t);
    if (t->deps == 0)
        enqueue(tm, t);
    pthread_mutex_unlock(&tm->lock);
}
