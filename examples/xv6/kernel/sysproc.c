/* sysproc.c -- the system calls about processes and time.
 * Each fetches its arguments from the trapframe (syscall.c) and calls the
 * work in proc.c; a bad argument gives -1. */
#include "types.h"
#include "defs.h"
#include "proc.h"

uint64 sys_exit(void)
{
  int status;
  argint(0, &status);
  exit(status);
}

uint64 sys_getpid(void)
{
  return myproc()->pid;
}

uint64 sys_fork(void)
{
  return fork();
}

uint64 sys_wait(void)
{
  uint64 addr;
  argaddr(0, &addr);
  return wait(addr);
}

/* Returns the old end of memory (the start of the new bytes), or -1. */
uint64 sys_sbrk(void)
{
  int n;
  argint(0, &n);
  uint64 old = myproc()->sz;
  if (growproc(n) < 0)
    return -1;
  return old;
}

/* Sleeps n clock ticks; -1 if killed meanwhile.  A negative n sleeps 0. */
uint64 sys_sleep(void)
{
  int n;
  argint(0, &n);
  if (n < 0)
    n = 0;
  acquire(&tickslock);
  uint start = ticks;
  while (ticks - start < (uint)n) {
    if (killed(myproc())) {
      release(&tickslock);
      return -1;
    }
    sleep(&ticks, &tickslock);
  }
  release(&tickslock);
  return 0;
}

uint64 sys_kill(void)
{
  int pid;
  argint(0, &pid);
  return kill(pid);
}

/* Clock ticks since boot. */
uint64 sys_uptime(void)
{
  acquire(&tickslock);
  uint t = ticks;
  release(&tickslock);
  return t;
}

/* Powers the machine off: QEMU exits with status 0. */
uint64 sys_halt(void)
{
#ifndef CBC_NONE
  cbc_report();        /* chain sleeps and migrations (cbc_syscall.cbc) */
#endif
  kstack_report();
  arch_poweroff(0);
}
