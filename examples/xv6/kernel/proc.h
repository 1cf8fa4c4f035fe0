/* proc.h -- processes and CPUs.
 *
 * struct cpu is per-CPU state, indexed by cpuid(); only its own CPU touches
 * it, with interrupts off (so the process cannot move to another CPU while
 * it reads mycpu()).
 *
 * struct proc: p->lock protects state, chan, killed, xstate and pid; the
 * global wait_lock (proc.c) protects parent.  The rest is private to the
 * process while it runs (its kernel stack, trapframe, page table, files),
 * or is set before the process becomes RUNNABLE.  The kernel stack is
 * KSTACKSIZE bytes at kstack; the user registers saved at a trap, p->tf,
 * sit at its very top:  p->tf == (struct trapframe *)(p->kstack + KSTACKSIZE) - 1,
 * and the kernel-mode stack grows down from p->tf.  (The architecture keeps
 * sizeof(struct trapframe) a multiple of 16.)
 *
 * The next phase adds gear versions of the system calls; fields they need
 * go at the end of struct proc. */
#ifndef XV6_PROC_H
#define XV6_PROC_H

#include "arch.h"
#include "param.h"
#include "spinlock.h"

/* KSTACK_STATS builds paint each kernel stack with this byte (syscall.c). */
#define KSTACK_PAINT 0x5a

struct cpu {
  struct proc *proc;          /* running on this CPU, or 0 */
  struct context context;     /* swtch() here to enter the scheduler */
  int noff;                   /* depth of push_off() nesting */
  int intena;                 /* were interrupts on before the first push_off()? */
};
extern struct cpu cpus[NCPU];

enum procstate { UNUSED, USED, SLEEPING, RUNNABLE, RUNNING, ZOMBIE };

/* A system call running as a chain of code gears (kernel/cbc.h) keeps here
 * what must survive a sleep: its continuations and its working variables.
 * Gear pointers are stored as void * because this header is plain C; the
 * gears cast them back (cbc.h, CBC_RET/CBC_NEXT/CBC_RESUME).  The paper's
 * cbc_arg had a single `next`, which consoleread overwrote with its own
 * continuation; here each level has its own field:
 *   ret     where the system call's result goes (cbc_ret; set by syscall)
 *   next    where the current file/device operation's result goes
 *           (e.g. cbc_fileread1), saved by a device gear before it sleeps
 *   resume  the gear that continues after wakeup (set by cbc_sleep). */
struct cbc_arg {
  void *ret;
  void *next;
  void *resume;
  struct spinlock *lk;     /* released by cbc_sleep, held again when resume runs */
  struct file *f;          /* scratch kept across a sleep: */
  uint64 addr;
  int n;
  int target;
  uint64 x0, x1;
  int sleep_cpu;           /* the CPU the chain last slept on (cbc_sleep) */
  int resume_cpu;          /* and the one it resumed on (cbc_sched) */
};

struct Context;

struct proc {
  struct spinlock lock;

  /* p->lock must be held to use these: */
  enum procstate state;
  void *chan;                 /* sleeping on chan, if SLEEPING */
  int killed;                 /* kill() was called */
  int xstate;                 /* exit status, for the parent's wait() */
  int pid;

  /* wait_lock must be held to use this: */
  struct proc *parent;

  /* private to the process: */
  char *kstack;               /* bottom of its kernel stack (kernel virtual address) */
  struct trapframe *tf;       /* user registers, at the top of the kernel stack */
  struct context context;     /* swtch() here to run the process */
  pagetable_t pagetable;      /* user half of its address space */
  uint64 sz;                  /* user memory is [0, sz) (with holes: unmapped pages) */
  struct file *ofile[NOFILE];
  struct inode *cwd;
  char name[16];              /* for procdump and fault messages */
  int first;                  /* the first process: exec("/init") on its first return to user */
  struct cbc_arg cbc;         /* the state of a system call running as code gears */
  struct Context *gctx;       /* Gears mode: the slot's Context (kernel/gears/gears_syscall.cbc) */
};

#endif
