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
};

#endif
