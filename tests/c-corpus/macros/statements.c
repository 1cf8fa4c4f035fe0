/*
 * statements.c - macros that expand to statements, take types or
 * operators as arguments, or open and close a block between them.
 */
#include "kdefs.h"

struct task {
    struct list_head node;
    int pid;
    long runtime;
};

static struct list_head run_queue = { &run_queue, &run_queue };
static void *recovery[5];

static long sum_runtime(struct list_head *head)
{
    struct list_head *pos;
    long total = 0;
    list_for_each(pos, head) {
        struct task *t = container_of(pos, struct task, node);
        KLOG(7, "task %d\n", t->pid)
        total = intop(+, total, t->runtime);
    }
    return total;
}

static int find_pid(int pid)
{
    struct list_head *pos;
    RETURN_IF(pid < 0, -22)
    list_for_each(pos, &run_queue)
        if (cast(struct task *, pos)->pid == pid)
            return pid;
    return -3;
}

static long scaled(long a, long b)
{
    long r;
    TRY(recovery, r = intop(*, a, b);)
        r = 0;
    return r;
}

void enqueue(struct task *t)
{
    ENTER_CRITICAL
    t->node.next = &run_queue;
    t->node.prev = run_queue.prev;
    run_queue.prev->next = &t->node;
    run_queue.prev = &t->node;
    LEAVE_CRITICAL
}

long stats(void)
{
    return sum_runtime(&run_queue) + find_pid(1) + scaled(2, 3);
}
