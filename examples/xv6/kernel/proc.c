/* proc.c -- processes, the per-CPU scheduler, sleep/wakeup, fork/exit/wait/kill.
 *
 * The process table is a fixed array of NPROC entries.  Each CPU runs its
 * own scheduler() loop on its boot stack: it picks a RUNNABLE process,
 * marks it RUNNING, switches to its page table and swtch()es to it.  A
 * process gives the CPU back only through sched(), called by yield()
 * (timer), sleep() and exit(), always holding its own p->lock and no other
 * spinlock; the scheduler releases that lock after the switch, so no other
 * CPU can pick up a process whose registers are still being saved.
 *
 * Lost wakeups: sleep(chan, lk) is called holding the lock lk that protects
 * the condition the caller waits for.  It takes p->lock before releasing lk,
 * and wakeup(chan) takes each p->lock, so a wakeup that happens after the
 * condition was tested either sees the process SLEEPING or waits until it is.
 *
 * Locks here: p->lock (state, chan, killed, xstate, pid), wait_lock (every
 * p->parent; taken before any p->lock; it is also the lock wait() sleeps
 * on), pid_lock (nextpid).  Exiting children are reparented to init.
 *
 * Kernel stacks are a static array of NPROC * KSTACKSIZE bytes (contiguous,
 * page-aligned, in the direct map); p->tf is the top of each one. */
#include "types.h"
#include "defs.h"
#include "proc.h"
#include "file.h"

struct cpu cpus[NCPU];
/* proc, initproc, wait_lock, allocproc, freeproc and reparent are also used
 * by the gear versions of fork, exit, wait and kill (kernel/cbc_proc.cbc,
 * declared in cbc.h): the helpers below those system calls, not the calls. */
struct proc proc[NPROC];
static char kstacks[NPROC][KSTACKSIZE] __attribute__((aligned(4096)));
struct proc *initproc;
static int nextpid = 1;
static struct spinlock pid_lock;
struct spinlock wait_lock;

static void forkret(void);

void procinit(void)
{
  initlock(&pid_lock, "nextpid");
  initlock(&wait_lock, "wait_lock");
  for (int i = 0; i < NPROC; i++) {
    struct proc *p = &proc[i];
    initlock(&p->lock, "proc");
    p->state = UNUSED;
    p->kstack = kstacks[i];
    p->tf = (struct trapframe *)(p->kstack + KSTACKSIZE) - 1;
  }
}

/* This CPU's state.  Interrupts must be off, or the caller could move to
 * another CPU between reading cpuid() and using the result. */
struct cpu *mycpu(void)
{
  return &cpus[cpuid()];
}

/* The process running on this CPU, or 0 (in the scheduler). */
struct proc *myproc(void)
{
  push_off();
  struct proc *p = mycpu()->proc;
  pop_off();
  return p;
}

static int allocpid(void)
{
  acquire(&pid_lock);
  int pid = nextpid++;
  release(&pid_lock);
  return pid;
}

/* Frees a process's memory and returns its entry to UNUSED.  p->lock held. */
void freeproc(struct proc *p)
{
  if (p->pagetable)
    uvmfree(p->pagetable, p->sz);
  p->pagetable = 0;
  p->sz = 0;
  p->pid = 0;
  p->parent = 0;
  p->name[0] = 0;
  p->chan = 0;
  p->killed = 0;
  p->xstate = 0;
  p->first = 0;
  p->state = UNUSED;
}

/* Finds an UNUSED entry and prepares it to run forkret() in the kernel:
 * an empty user address space, a fresh kernel context.  Returns it with
 * p->lock held, or 0 if the table or memory is full. */
struct proc *allocproc(void)
{
  struct proc *p;
  for (p = proc; p < &proc[NPROC]; p++) {
    acquire(&p->lock);
    if (p->state == UNUSED)
      goto found;
    release(&p->lock);
  }
  return 0;

found:
  p->pid = allocpid();
  p->state = USED;
  p->pagetable = arch_uvm_create();
  if (p->pagetable == 0) {
    freeproc(p);
    release(&p->lock);
    return 0;
  }
  p->sz = 0;
#ifdef KSTACK_STATS
  /* Paint the stack below the trapframe, so syscall.c can see how deep it went. */
  memset(p->kstack, KSTACK_PAINT, KSTACKSIZE - sizeof(struct trapframe));
#endif
  memset(&p->context, 0, sizeof(p->context));
  arch_context_init(&p->context, (uint64)p->tf, forkret);
  return p;
}

/* The first process.  It has no memory yet: on its first run forkret()
 * mounts the file system and execs /init on its behalf. */
void userinit(void)
{
  struct proc *p = allocproc();
  if (p == 0)
    panic("userinit: no process");
  initproc = p;
  safestrcpy(p->name, "init", sizeof(p->name));
  p->first = 1;
  p->state = RUNNABLE;
  release(&p->lock);
}

/* Where every new process starts, on its own kernel stack, still holding
 * p->lock from the scheduler. */
static void forkret(void)
{
  struct proc *p = myproc();
  release(&p->lock);
  if (p->first) {
    /* The file system is initialised here, not in kmain, because reading
     * blocks takes sleep locks, which need a process. */
    p->first = 0;
    fsinit(ROOTDEV);
    p->cwd = namei("/");
    char *argv[] = { "init", 0 };
    if (exec("/init", argv) < 0)
      panic("forkret: cannot exec /init");
  }
  arch_usertrapret();
}

/* Grows (n > 0) or shrinks (n < 0) the process's memory by n bytes. */
int growproc(int n)
{
  struct proc *p = myproc();
  uint64 sz = p->sz;
  if (n > 0) {
    if (sz + (uint64)n > USERTOP)
      return -1;
    sz = uvmalloc(p->pagetable, sz, sz + n, PTE_WRITE);
    if (sz == 0)
      return -1;
  } else if (n < 0) {
    uint64 less = -(int64)n;
    if (less > sz)
      return -1;
    sz = uvmdealloc(p->pagetable, sz, sz - less);
    arch_uvm_switch(p->pagetable);   /* flush the TLB of the freed pages */
  }
  p->sz = sz;
  return 0;
}

/* Creates a copy of the calling process.  The child returns 0 from the
 * system call; the parent gets the child's pid, or -1. */
int fork(void)
{
  struct proc *p = myproc();
  struct proc *np = allocproc();
  if (np == 0)
    return -1;
  if (uvmcopy(p->pagetable, np->pagetable, p->sz) < 0) {
    freeproc(np);
    release(&np->lock);
    return -1;
  }
  np->sz = p->sz;
  *np->tf = *p->tf;
  arch_tf_set_return(np->tf, 0);
  for (int i = 0; i < NOFILE; i++)
    if (p->ofile[i])
      np->ofile[i] = filedup(p->ofile[i]);
  np->cwd = idup(p->cwd);
  safestrcpy(np->name, p->name, sizeof(np->name));
  int pid = np->pid;
  release(&np->lock);

  acquire(&wait_lock);
  np->parent = p;
  release(&wait_lock);

  acquire(&np->lock);
  np->state = RUNNABLE;
  release(&np->lock);
  return pid;
}

/* Gives p's children to init.  wait_lock held. */
void reparent(struct proc *p)
{
  for (struct proc *pp = proc; pp < &proc[NPROC]; pp++) {
    if (pp->parent == p) {
      pp->parent = initproc;
      wakeup(initproc);
    }
  }
}

/* Ends the calling process.  It stays a ZOMBIE until its parent's wait(). */
void exit(int status)
{
  struct proc *p = myproc();
  if (p == initproc)
    panic("init exiting");

  for (int fd = 0; fd < NOFILE; fd++) {
    if (p->ofile[fd]) {
      fileclose(p->ofile[fd]);
      p->ofile[fd] = 0;
    }
  }
  if (p->cwd)
    iput(p->cwd);
  p->cwd = 0;

  acquire(&wait_lock);
  reparent(p);
  wakeup(p->parent);   /* the parent may be asleep in wait() */
  acquire(&p->lock);
  p->xstate = status;
  p->state = ZOMBIE;
  release(&wait_lock);
  sched();
  panic("exit: zombie ran");
}

/* Waits for a child to exit; stores its status at user address addr (if
 * not 0) and returns its pid; -1 if there are no children (or killed). */
int wait(uint64 addr)
{
  struct proc *p = myproc();
  acquire(&wait_lock);
  for (;;) {
    int havekids = 0;
    for (struct proc *pp = proc; pp < &proc[NPROC]; pp++) {
      if (pp->parent != p)
        continue;
      acquire(&pp->lock);
      havekids = 1;
      if (pp->state == ZOMBIE) {
        int pid = pp->pid;
        if (addr != 0 && copyout(p->pagetable, addr, &pp->xstate, sizeof(pp->xstate)) < 0) {
          release(&pp->lock);
          release(&wait_lock);
          return -1;
        }
        freeproc(pp);
        release(&pp->lock);
        release(&wait_lock);
        return pid;
      }
      release(&pp->lock);
    }
    if (!havekids || killed(p)) {
      release(&wait_lock);
      return -1;
    }
    sleep(p, &wait_lock);   /* exit() of a child wakes us */
  }
}

/* Each CPU's scheduler loop; never returns. */
void scheduler(void)
{
  struct cpu *c = mycpu();
  c->proc = 0;
  for (;;) {
    /* Interrupts on: devices must be able to make a process runnable
     * even when every process is asleep. */
    intr_on();
    int ran = 0;
    for (struct proc *p = proc; p < &proc[NPROC]; p++) {
      acquire(&p->lock);
      if (p->state == RUNNABLE) {
        p->state = RUNNING;
        c->proc = p;
        arch_uvm_switch(p->pagetable);
        swtch(&c->context, &p->context);
        /* The process is back in sched(); leave its page table, which
         * its parent may free as soon as we release p->lock. */
        arch_uvm_switch(0);
        c->proc = 0;
        ran = 1;
      }
      release(&p->lock);
    }
    if (!ran)
      arch_idle();   /* nothing to run: wait for the next interrupt */
  }
}

/* Switches to this CPU's scheduler.  The caller holds p->lock (only) and
 * has changed p->state.  intena belongs to this kernel thread, not the CPU,
 * so it is saved across the switch. */
void sched(void)
{
  struct proc *p = myproc();
  if (!holding(&p->lock))
    panic("sched: p->lock not held");
  if (mycpu()->noff != 1)
    panic("sched: other locks held");
  if (p->state == RUNNING)
    panic("sched: still running");
  if (intr_get())
    panic("sched: interrupts on");
  int intena = mycpu()->intena;
  swtch(&p->context, &mycpu()->context);
  mycpu()->intena = intena;
}

/* Gives up the CPU for one scheduling round (timer interrupt). */
void yield(void)
{
  struct proc *p = myproc();
  acquire(&p->lock);
  p->state = RUNNABLE;
  sched();
  release(&p->lock);
}

/* Atomically releases lk and sleeps on chan; reacquires lk when woken. */
void sleep(void *chan, struct spinlock *lk)
{
  struct proc *p = myproc();
  acquire(&p->lock);
  release(lk);
  p->chan = chan;
  p->state = SLEEPING;
  sched();
  p->chan = 0;
  release(&p->lock);
  acquire(lk);
}

/* Wakes every process sleeping on chan.  Called without any p->lock. */
void wakeup(void *chan)
{
  struct proc *me = myproc();
  for (struct proc *p = proc; p < &proc[NPROC]; p++) {
    if (p == me)
      continue;
    acquire(&p->lock);
    if (p->state == SLEEPING && p->chan == chan)
      p->state = RUNNABLE;
    release(&p->lock);
  }
}

/* Marks process pid killed; it exits the next time it is about to return
 * to user mode (a sleeping one is woken to notice).  init cannot be killed:
 * its exit would leave orphans nobody reaps (and panics). */
int kill(int pid)
{
  if (initproc != 0 && pid == initproc->pid)
    return -1;
  for (struct proc *p = proc; p < &proc[NPROC]; p++) {
    acquire(&p->lock);
    if (p->pid == pid && p->state != UNUSED) {
      p->killed = 1;
      if (p->state == SLEEPING)
        p->state = RUNNABLE;
      release(&p->lock);
      return 0;
    }
    release(&p->lock);
  }
  return -1;
}

void setkilled(struct proc *p)
{
  acquire(&p->lock);
  p->killed = 1;
  release(&p->lock);
}

int killed(struct proc *p)
{
  acquire(&p->lock);
  int k = p->killed;
  release(&p->lock);
  return k;
}

/* Copies to a user address (user_dst) or a kernel address. */
int either_copyout(int user_dst, uint64 dst, const void *src, uint64 len)
{
  if (user_dst)
    return copyout(myproc()->pagetable, dst, src, len);
  memmove((void *)dst, src, len);
  return 0;
}

/* Copies from a user address (user_src) or a kernel address. */
int either_copyin(void *dst, int user_src, uint64 src, uint64 len)
{
  if (user_src)
    return copyin(myproc()->pagetable, dst, src, len);
  memmove(dst, (const void *)src, len);
  return 0;
}

/* ^P on the console: one line per process.  Takes no locks, so that it
 * works even when the kernel is stuck; what it prints may be stale. */
void procdump(void)
{
  static const char *states[] = {
    [UNUSED] = "unused", [USED] = "used", [SLEEPING] = "sleep",
    [RUNNABLE] = "runble", [RUNNING] = "run", [ZOMBIE] = "zombie",
  };
  printf("\n");
  for (struct proc *p = proc; p < &proc[NPROC]; p++) {
    if (p->state == UNUSED)
      continue;
    const char *st = (unsigned)p->state < NELEM(states) ? states[p->state] : "???";
    printf("%d %s %s\n", p->pid, st, p->name);
  }
}
