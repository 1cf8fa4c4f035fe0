/* cbc.h -- system calls as chains of code gears, beside the C ones.
 *
 * (Continuation based C: translated by gearsc, like every kernel .cbc file;
 * the Makefile puts the translated copy of this header first on the include
 * path of the gear objects.)
 *
 * Dispatch (kernel/syscall.c and cbc_syscall.cbc, the paper's listing 6):
 * syscall() asks cbc_dispatch(p, num); if cbccodes[num] holds a gear, the
 * system call runs as `goto (cbccodes[num])(cbc_ret)`, else syscalls[num]()
 * runs as before.  Which numbers have gears is chosen at build time:
 *   make CBC_SYSCALLS="read write pipe"    exactly those (must exist)
 *   make CBC_SYSCALLS=all                  every gear version that exists (default)
 *   make CBC_SYSCALLS=none                 all C
 * The Makefile passes -DCBC_SYS_name for each chosen name; cbccodes[] has
 * an entry for it only then.
 *
 * A gear system call:
 *     __code cbc_NAME(__code (*ret)(uint64 value))
 * fetches its arguments with argint/argaddr/argstr/argfd (C functions,
 * fine to call from a gear) and ends with `goto ret(value)`.  ret is
 * cbc_ret, which stores the value in the trap frame and ends the chain, so
 * control returns through syscall() to the trap path.  The gear version of
 * a system call never calls the C version of the same call (it may call
 * the C helpers below it: the file system, kalloc, copyin...).
 *
 * Blocking: where the C call would sleep(chan, lk), the gear version ends
 * with `goto cbc_sleep(chan, lk, resume_gear)`.  cbc_sleep saves resume_gear
 * (and lk) in p->cbc, marks the process SLEEPING and goes to cbc_sched,
 * which gives the CPU away; when the process runs again -- maybe on another
 * CPU -- cbc_sched takes lk back and continues at the saved gear.  Anything
 * the chain needs after the sleep must be in p->cbc (struct cbc_arg,
 * proc.h) before it sleeps: a gear's parameters do not survive it.  The
 * resume gear starts holding lk, exactly as C code after sleep() returns.
 *
 * Devices: cbc_devsw[major] holds gear versions of a device's read and
 * write (the console's: cbc_consoleread, cbc_consolewrite), beside devsw[].
 * They take a continuation `next` for their result, as the paper's
 * listing 13 does. */
#ifndef XV6_CBC_H
#define XV6_CBC_H

#include "types.h"
#include "param.h"
#include "defs.h"
#include "proc.h"

typedef __code (*cbc_ret_t)(uint64 value);     /* a system call's continuation */
typedef __code (*cbc_next_t)(int value);       /* a file/device operation's continuation */
typedef __code (*cbc_resume_t)(void);          /* what runs after a sleep */

/* The chain's end: stores value as the system call's result. */
__code cbc_ret(uint64 value);

/* Sleeping inside a chain; see above. */
__code cbc_sleep(void *chan, struct spinlock *lk, __code (*resume)(void));
__code cbc_sched(void);

/* Device gears. */
struct cbc_devsw {
  __code (*read)(int user_dst, uint64 dst, int n, __code (*next)(int value));
  __code (*write)(int user_src, uint64 src, int n, __code (*next)(int value));
};
extern struct cbc_devsw cbc_devsw[NDEV];

/* The gear versions of the system calls (each defined in one kernel .cbc
 * file; cbccodes[] refers only to those chosen by CBC_SYSCALLS). */
__code cbc_fork(__code (*ret)(uint64 value));
__code cbc_exit(__code (*ret)(uint64 value));
__code cbc_wait(__code (*ret)(uint64 value));
__code cbc_pipe(__code (*ret)(uint64 value));
__code cbc_read(__code (*ret)(uint64 value));
__code cbc_kill(__code (*ret)(uint64 value));
__code cbc_exec(__code (*ret)(uint64 value));
__code cbc_fstat(__code (*ret)(uint64 value));
__code cbc_chdir(__code (*ret)(uint64 value));
__code cbc_dup(__code (*ret)(uint64 value));
__code cbc_getpid(__code (*ret)(uint64 value));
__code cbc_sbrk(__code (*ret)(uint64 value));
__code cbc_sleep_sys(__code (*ret)(uint64 value));   /* SYS_sleep (cbc_sleep is the primitive) */
__code cbc_uptime(__code (*ret)(uint64 value));
__code cbc_open(__code (*ret)(uint64 value));
__code cbc_write(__code (*ret)(uint64 value));
__code cbc_mknod(__code (*ret)(uint64 value));
__code cbc_unlink(__code (*ret)(uint64 value));
__code cbc_link(__code (*ret)(uint64 value));
__code cbc_mkdir(__code (*ret)(uint64 value));
__code cbc_close(__code (*ret)(uint64 value));
__code cbc_halt(__code (*ret)(uint64 value));

/* Below fork, exit, wait and kill (proc.c): the gear versions use these
 * helpers and the process table directly, never fork()/exit()/wait()/kill(). */
extern struct proc proc[NPROC];
extern struct proc *initproc;
extern struct spinlock wait_lock;
struct proc  *allocproc(void);
void          freeproc(struct proc *p);
void          reparent(struct proc *p);

/* Chains that slept and resumed (cbc_sched), and of those how many resumed
 * on another CPU than they slept on (p->cbc.sleep_cpu / resume_cpu);
 * cbc_report() prints both at halt. */
extern uint64 cbc_sleeps, cbc_migrations;

/* The read chain (cbc_read.cbc), the paper's listings 7-14. */
__code cbc_fileread(struct file *f, uint64 addr, int n, __code (*next)(int value));
__code cbc_fileread1(int value);
__code cbc_readi(struct inode *ip, int user_dst, uint64 dst, uint off, uint n, __code (*next)(int value));
__code cbc_piperead(struct pipe *pi, uint64 addr, int n, __code (*next)(int value));
__code cbc_consoleread(int user_dst, uint64 dst, int n, __code (*next)(int value));
__code cbc_consolewrite(int user_src, uint64 src, int n, __code (*next)(int value));

#endif
