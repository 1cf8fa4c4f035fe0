/*
 * sched.c - a small priority round-robin scheduler with per-class
 * operation tables, in the style of a hobby kernel.
 */
#include "kern_types.h"

#define NR_PRIO         32
#define NR_TASKS_MAX    256
#define TASK_COMM_LEN   16
#define DEFAULT_SLICE   10  /* ticks */
#define STACK_SIZE      (8 * 1024)

#ifndef CONFIG_SMP
#define CONFIG_SMP 1
#endif

#if CONFIG_SMP
#define NR_CPUS 4
#else
#define NR_CPUS 1
#endif

enum task_state {
	TASK_RUNNING      = 0x00,
	TASK_INTERRUPTIBLE = 0x01,
	TASK_UNINTERRUPTIBLE = 0x02,
	TASK_STOPPED      = 0x04,
	TASK_ZOMBIE       = 0x08,
	TASK_DEAD         = 0x10,
#ifdef CONFIG_TRACE_STATES
	TASK_TRACED       = 0x20,
#endif
	TASK_STATE_MAX    = 0x40
};

enum sched_policy {
	SCHED_NORMAL = 0,
	SCHED_FIFO   = 1,
	SCHED_RR     = 2,
	SCHED_IDLE   = 5,
};

/* Callee-saved register file for x86-64 switch_to(). */
struct cpu_context {
	u64 rbx, rbp, r12, r13, r14, r15;
	u64 rsp;
	u64 rip;
} __attribute__((aligned(16)));

struct task;

struct sched_class {
	const char *name;
	const struct sched_class *next;
	void (*enqueue)(struct task *t, int flags);
	void (*dequeue)(struct task *t, int flags);
	struct task *(*pick_next)(int cpu);
	void (*tick)(struct task *curr);
	int (*can_migrate)(const struct task *t, int dst_cpu);
};

struct task {
	struct list_node run_link;
	struct cpu_context context;
	int pid;
	int par;                        /* parent pid */
	unsigned int state : 7;
	unsigned int policy : 3;
	unsigned int on_rq : 1;
	unsigned int need_resched : 1;
	unsigned int prio : 5;
	unsigned int static_prio : 5;
	union {
		u32 flags;
		struct {
			u32 kthread : 1;
			u32 exiting : 1;
			u32 frozen : 1;
			u32 reserved : 29;
		};
	};
	int time_slice;
	u64 runtime_ns;
	u64 last_ran;
#if CONFIG_SMP
	int cpu;
	u32 cpus_allowed;
#endif
	const struct sched_class *sched_class;
	void (*entry)(void *data);
	void *data;
	char comm[TASK_COMM_LEN];
	_Alignas(16) u8 stack[STACK_SIZE];
};

struct run_queue {
	struct list_node queue[NR_PRIO];
	u32 bitmap;
	unsigned int nr_running;
	struct task *curr;
	struct task *idle;
	u64 clock __attribute__((aligned(8)));
	volatile int lock;
} __attribute__((aligned(64)));

static struct run_queue runqueues[NR_CPUS];
static __thread int sched_nesting;
static struct task task_pool[NR_TASKS_MAX];
static int next_pid = 1;
#define SCHED_BANNER "sched: " __stringify(NR_PRIO) " prio levels"
__attribute__((unused)) static const char sched_banner[] = SCHED_BANNER;

_Static_assert(NR_PRIO <= 32, "bitmap is a single u32");
_Static_assert(sizeof(struct cpu_context) % 16 == 0, "context must stay 16-byte aligned");

static inline int this_cpu(void)
{
	u32 id;
	__asm__ __volatile__("rdtscp" : "=c"(id) : : "eax", "edx");
	return (int)(id & (NR_CPUS - 1));
}

static inline void spin_lock(volatile int *l)
{
	while (__atomic_exchange_n(l, 1, __ATOMIC_ACQUIRE))
		while (*l)
			cpu_relax();
}

static inline void spin_unlock(volatile int *l)
{
	__atomic_store_n(l, 0, __ATOMIC_RELEASE);
}

static inline struct task *task_of(struct list_node *node)
{
	return (struct task *)((char *)node - offsetof(struct task, run_link));
}

static inline struct run_queue *cpu_rq(int cpu)
{
	return &runqueues[cpu];
}

/* ------------------------------------------------------------------ */
/* Real-time / normal class                                            */
/* ------------------------------------------------------------------ */

static void rr_enqueue(struct task *t, int flags)
{
#if CONFIG_SMP
	struct run_queue *rq = cpu_rq(t->cpu);
#else
	struct run_queue *rq = cpu_rq(0);
#endif
	(void)flags;
	list_add_tail(&t->run_link, &rq->queue[t->prio]);
	rq->bitmap |= 1u << t->prio;
	rq->nr_running++;
	t->on_rq = 1;
}

static void rr_dequeue(struct task *t, int flags)
{
#if CONFIG_SMP
	struct run_queue *rq = cpu_rq(t->cpu);
#else
	struct run_queue *rq = cpu_rq(0);
#endif
	(void)flags;
	list_del(&t->run_link);
	if (list_empty(&rq->queue[t->prio]))
		rq->bitmap &= ~(1u << t->prio);
	rq->nr_running--;
	t->on_rq = 0;
}

static struct task *rr_pick_next(int cpu)
{
	struct run_queue *rq = cpu_rq(cpu);
	int idx;

	if (!rq->bitmap)
		return NULL;
	/* lowest set bit is the highest priority */
	idx = __builtin_ctz(rq->bitmap);
	return task_of(rq->queue[idx].next);
}

static void rr_tick(struct task *curr)
{
	if (curr->policy == SCHED_FIFO)
		return;
	if (--curr->time_slice > 0)
		return;
	curr->time_slice = DEFAULT_SLICE;
	curr->need_resched = 1;
	/* rotate to the tail of its priority list */
	rr_dequeue(curr, 0);
	rr_enqueue(curr, 0);
}

static int rr_can_migrate(const struct task *t, int dst_cpu)
{
#if CONFIG_SMP
	return (t->cpus_allowed >> dst_cpu) & 1;
#else
	(void)t;
	return dst_cpu == 0;
#endif
}

/* ------------------------------------------------------------------ */
/* Idle class                                                          */
/* ------------------------------------------------------------------ */

static void idle_enqueue(struct task *t, int flags) { (void)t; (void)flags; }
static void idle_dequeue(struct task *t, int flags) { (void)t; (void)flags; }
static void idle_tick(struct task *curr) { (void)curr; }
static int idle_can_migrate(const struct task *t, int dst) { (void)t; (void)dst; return 0; }

static struct task *idle_pick_next(int cpu)
{
	return cpu_rq(cpu)->idle;
}

static const struct sched_class idle_sched_class = {
	.name        = "idle",
	.next        = NULL,
	.enqueue     = idle_enqueue,
	.dequeue     = idle_dequeue,
	.pick_next   = idle_pick_next,
	.tick        = idle_tick,
	.can_migrate = idle_can_migrate,
};

static const struct sched_class rr_sched_class = {
	.name        = "rr",
	.next        = &idle_sched_class,
	.enqueue     = rr_enqueue,
	.dequeue     = rr_dequeue,
	.pick_next   = rr_pick_next,
	.tick        = rr_tick,
	.can_migrate = rr_can_migrate,
};

#define for_each_class(class) \
	for (class = &rr_sched_class; class; class = class->next)

/* Priority -> time slice, indexed with designated ranges. */
static const u8 prio_to_slice[NR_PRIO] = {
	[0 ... 7]   = 40,
	[8 ... 15]  = 20,
	[16 ... 23] = DEFAULT_SLICE,
	[24 ... 30] = 5,
	[31]        = 1,
};

/* ------------------------------------------------------------------ */
/* Context switch                                                       */
/* ------------------------------------------------------------------ */

/*
 * Save callee-saved registers of @prev and load those of @next.  The
 * return address is the label at the end of the asm block, so a
 * resumed task continues right after its own call to switch_to().
 */
static void __attribute__((noinline)) switch_to(struct cpu_context *prev,
						struct cpu_context *next)
{
	__asm__ __volatile__(
		"movq %%rbx, 0(%0)\n\t"
		"movq %%rbp, 8(%0)\n\t"
		"movq %%r12, 16(%0)\n\t"
		"movq %%r13, 24(%0)\n\t"
		"movq %%r14, 32(%0)\n\t"
		"movq %%r15, 40(%0)\n\t"
		"movq %%rsp, 48(%0)\n\t"
		"leaq 1f(%%rip), %%rax\n\t"
		"movq %%rax, 56(%0)\n\t"
		"movq 0(%1), %%rbx\n\t"
		"movq 8(%1), %%rbp\n\t"
		"movq 16(%1), %%r12\n\t"
		"movq 24(%1), %%r13\n\t"
		"movq 32(%1), %%r14\n\t"
		"movq 40(%1), %%r15\n\t"
		"movq 48(%1), %%rsp\n\t"
		"jmpq *56(%1)\n"
		"1:\n\t"
		:
		: "D"(prev), "S"(next)
		: "rax", "rcx", "rdx", "r8", "r9", "r10", "r11", "memory", "cc");
}

static inline u64 read_tsc(void)
{
	u32 lo, hi;
	asm volatile("rdtsc" : "=a"(lo), "=d"(hi));
	return ((u64)hi << 32) | lo;
}

static void schedule(void)
{
	int cpu = this_cpu();
	struct run_queue *rq = cpu_rq(cpu);
	struct task *prev, *next = NULL;
	const struct sched_class *class;
	u64 now;

	if (sched_nesting++) {
		sched_nesting--;
		return;         /* no recursive schedule() from a tick */
	}
	spin_lock(&rq->lock);
	prev = rq->curr;
	prev->need_resched = 0;

	for_each_class(class) {
		next = class->pick_next(cpu);
		if (next)
			break;
	}
	if (unlikely(!next))
		panic("schedule: no runnable task on cpu %d", cpu);

	now = read_tsc();
	prev->runtime_ns += now - prev->last_ran;
	next->last_ran = now;

	if (next == prev) {
		spin_unlock(&rq->lock);
		sched_nesting--;
		return;
	}
	rq->curr = next;
	rq->clock = now;
	spin_unlock(&rq->lock);

	sched_nesting--;
	switch_to(&prev->context, &next->context);
}

/* ------------------------------------------------------------------ */
/* Task creation / teardown                                            */
/* ------------------------------------------------------------------ */

static void do_exit(int code) __attribute__((noreturn));

static void do_exit(int code)
{
	struct task *curr = cpu_rq(this_cpu())->curr;

	curr->exiting = 1;
	curr->state = code ? TASK_DEAD : TASK_ZOMBIE;
	for (;;)
		schedule();
}

static _Noreturn void task_trampoline(void)
{
	struct task *curr = cpu_rq(this_cpu())->curr;

	curr->entry(curr->data);
	do_exit(0);
}

static struct task *alloc_task(void)
{
	struct task *t;

	for (t = task_pool; t < task_pool + NR_TASKS_MAX; t++) {
		if (t->pid == 0)
			return t;
	}
	return NULL;
}

static void set_comm(struct task *t, const char *restrict name)
{
	size_t i = 0;

	while (name[i] && i < sizeof(t->comm) - 1) {
		t->comm[i] = name[i];
		i++;
	}
	t->comm[i] = '\0';
}

int kthread_create(void (*fn)(void *), void *data, const char *name, int prio)
{
	struct task *t = alloc_task(), *parent;
	u64 *sp;

	if (!t)
		return -12; /* -ENOMEM */

	parent = cpu_rq(this_cpu())->curr;
	*t = (struct task){
		.pid         = next_pid++,
		.par         = parent ? parent->pid : 0,
		.state       = TASK_RUNNING,
		.policy      = SCHED_RR,
		.prio        = (unsigned)clamp(prio, 0, NR_PRIO - 1),
		.static_prio = (unsigned)clamp(prio, 0, NR_PRIO - 1),
		.flags       = 0,
		.entry       = fn,
		.data        = data,
		.sched_class = &rr_sched_class,
	};
#if CONFIG_SMP
	t->cpus_allowed = (1u << NR_CPUS) - 1;
#endif
	t->kthread = 1;
	t->time_slice = prio_to_slice[t->prio];
	set_comm(t, name);

	sp = (u64 *)(t->stack + sizeof(t->stack));
	*--sp = 0; /* fake return address keeps the ABI alignment */
	t->context.rsp = (u64)(uintptr_t)sp;
	t->context.rip = (u64)(uintptr_t)task_trampoline;

#if CONFIG_SMP
	{
		/* least-loaded cpu that the task may run on */
		int best = 0, c;
		for (c = 1; c < NR_CPUS; c++)
			if (runqueues[c].nr_running < runqueues[best].nr_running &&
			    t->sched_class->can_migrate(t, c))
				best = c;
		t->cpu = best;
	}
#endif
	t->sched_class->enqueue(t, 0);
	return t->pid;
}

void scheduler_tick(void)
{
	struct run_queue *rq = cpu_rq(this_cpu());
	struct task *curr = rq->curr;
	unsigned int load = ({
		unsigned int sum = 0;
		int c;
		for (c = 0; c < NR_CPUS; c++)
			sum += runqueues[c].nr_running;
		sum;
	});

	if (!curr)
		return;
	if (unlikely(load > NR_TASKS_MAX))
		pr_warn("sched: runqueue accounting broken (%u)\n", load);
	rq->clock++;
	curr->sched_class->tick(curr);
	if (curr->need_resched)
		schedule();
}

#if CONFIG_SMP
/* Pull one task from the busiest queue. Returns number moved. */
static int load_balance(int this)
{
	int busiest = -1, c, prio;
	unsigned int most = 0;
	struct run_queue *src;

	for (c = 0; c < NR_CPUS; c++) {
		if (c == this)
			continue;
		if (runqueues[c].nr_running > most + 1) {
			most = runqueues[c].nr_running;
			busiest = c;
		}
	}
	if (busiest < 0)
		return 0;

	src = cpu_rq(busiest);
	spin_lock(&src->lock);
	for (prio = NR_PRIO - 1; prio >= 0; prio--) {
		struct list_node *pos;
		for (pos = src->queue[prio].next; pos != &src->queue[prio]; pos = pos->next) {
			struct task *t = task_of(pos);
			if (t == src->curr || !t->sched_class->can_migrate(t, this))
				continue;
			t->sched_class->dequeue(t, 0);
			t->cpu = this;
			t->sched_class->enqueue(t, 0);
			spin_unlock(&src->lock);
			return 1;
		}
	}
	spin_unlock(&src->lock);
	return 0;
}
#else
static int load_balance(int this) { (void)this; return 0; }
#endif

static void idle_loop(void *unused __attribute__((unused)))
{
	for (;;) {
		if (load_balance(this_cpu()))
			schedule();
		__asm__ volatile("sti; hlt" ::: "memory");
	}
}

void sched_init(void)
{
	int cpu, p;

	_Static_assert(NR_CPUS <= 32, "cpus_allowed is a u32 mask");
	BUILD_BUG_ON(sizeof runqueues[0] % 64);

	for (cpu = 0; cpu < NR_CPUS; cpu++) {
		struct run_queue *rq = &runqueues[cpu];
		struct task *idle = &task_pool[NR_TASKS_MAX - 1 - cpu];

		for (p = 0; p < NR_PRIO; p++)
			list_init(&rq->queue[p]);
		rq->bitmap = 0;
		rq->nr_running = 0;
		idle->pid = -1 - cpu;
		idle->policy = SCHED_IDLE;
		idle->prio = NR_PRIO - 1;
		idle->sched_class = &idle_sched_class;
		idle->entry = idle_loop;
#if CONFIG_SMP
		idle->cpu = cpu;
#endif
		set_comm(idle, "swapper");
		rq->idle = idle;
		rq->curr = idle;
	}
	pr_info("scheduler: %d cpus, %d priorities, slice %d, %s\n",
		NR_CPUS, NR_PRIO, DEFAULT_SLICE,
		_Generic(runqueues[0].clock, u64: "64-bit clock", default: "narrow clock"));
}
