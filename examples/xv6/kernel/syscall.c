/* syscall.c -- system call dispatch and argument fetching.
 *
 * The architecture's trap entry saved the user registers in p->tf; the
 * number and up to six arguments are read from it through arch_tf_sysnum
 * and arch_tf_arg, so this file is the same on both architectures.  The
 * handlers take no parameters and fetch their own arguments (argint,
 * argaddr, argstr, argfd in sysfile.c); a user address is only ever used
 * through copyin/copyout/copyinstr, which check it against the page table.
 * syscalls[] is indexed by number.  Gear versions of the system calls live
 * beside these C ones (cbc.h): a number chosen by CBC_SYSCALLS runs as a
 * chain of code gears through cbc_dispatch() instead.  With GEARS=1
 * (kernel/gears/) read, write, close and sbrk run in Gears mode first,
 * through gears_dispatch(), on the process's Context.
 *
 * KSTACK_STATS builds measure the kernel stack: every stack is painted with
 * KSTACK_PAINT; before each system call the part below the current frame is
 * repainted, and afterwards the lowest overwritten byte gives the deepest
 * use of that call (trap frame included).  kstack_report() prints the
 * maximum per system call at halt. */
#include "types.h"
#include "defs.h"
#include "proc.h"
#include "syscall.h"

static uint64 argraw(int n)
{
  return arch_tf_arg(myproc()->tf, n);
}

void argint(int n, int *ip)
{
  *ip = (int)argraw(n);
}

void argaddr(int n, uint64 *ip)
{
  *ip = argraw(n);
}

/* Fetches argument n as a string of at most max bytes (with NUL) into buf.
 * Returns its length, or -1. */
int argstr(int n, char *buf, int max)
{
  uint64 addr;
  argaddr(n, &addr);
  return fetchstr(addr, buf, max);
}

/* Fetches the 64-bit word at user address addr. */
int fetchaddr(uint64 addr, uint64 *ip)
{
  return copyin(myproc()->pagetable, ip, addr, sizeof(*ip));
}

int fetchstr(uint64 addr, char *buf, int max)
{
  if (copyinstr(myproc()->pagetable, buf, addr, max) < 0)
    return -1;
  return strlen(buf);
}

uint64 sys_fork(void), sys_exit(void), sys_wait(void), sys_pipe(void),
       sys_read(void), sys_kill(void), sys_exec(void), sys_fstat(void),
       sys_chdir(void), sys_dup(void), sys_getpid(void), sys_sbrk(void),
       sys_sleep(void), sys_uptime(void), sys_open(void), sys_write(void),
       sys_mknod(void), sys_unlink(void), sys_link(void), sys_mkdir(void),
       sys_close(void), sys_halt(void);

static uint64 (*syscalls[])(void) = {
  [SYS_fork] = sys_fork,     [SYS_exit] = sys_exit,     [SYS_wait] = sys_wait,
  [SYS_pipe] = sys_pipe,     [SYS_read] = sys_read,     [SYS_kill] = sys_kill,
  [SYS_exec] = sys_exec,     [SYS_fstat] = sys_fstat,   [SYS_chdir] = sys_chdir,
  [SYS_dup] = sys_dup,       [SYS_getpid] = sys_getpid, [SYS_sbrk] = sys_sbrk,
  [SYS_sleep] = sys_sleep,   [SYS_uptime] = sys_uptime, [SYS_open] = sys_open,
  [SYS_write] = sys_write,   [SYS_mknod] = sys_mknod,   [SYS_unlink] = sys_unlink,
  [SYS_link] = sys_link,     [SYS_mkdir] = sys_mkdir,   [SYS_close] = sys_close,
  [SYS_halt] = sys_halt,
};

static const char *syscallnames[] = {
  [SYS_fork] = "fork",     [SYS_exit] = "exit",     [SYS_wait] = "wait",
  [SYS_pipe] = "pipe",     [SYS_read] = "read",     [SYS_kill] = "kill",
  [SYS_exec] = "exec",     [SYS_fstat] = "fstat",   [SYS_chdir] = "chdir",
  [SYS_dup] = "dup",       [SYS_getpid] = "getpid", [SYS_sbrk] = "sbrk",
  [SYS_sleep] = "sleep",   [SYS_uptime] = "uptime", [SYS_open] = "open",
  [SYS_write] = "write",   [SYS_mknod] = "mknod",   [SYS_unlink] = "unlink",
  [SYS_link] = "link",     [SYS_mkdir] = "mkdir",   [SYS_close] = "close",
  [SYS_halt] = "halt",
};

#ifdef KSTACK_STATS
#define PAINT_WORD (0x0101010101010101ULL * KSTACK_PAINT)
static uint64 kstack_max[NSYSCALL];   /* deepest use in bytes, per number */

/* Repaints the stack below this frame (less a margin for the frames of
 * the code doing it).  Inlined, and a plain loop: it calls nothing. */
static inline __attribute__((always_inline)) void kstack_repaint(struct proc *p)
{
  char here;
  uint64 *lo = (uint64 *)p->kstack;
  uint64 *hi = (uint64 *)(((uint64)&here - 256) & ~7ULL);
  for (volatile uint64 *q = lo; q < hi; q++)
    *q = PAINT_WORD;
}

static void kstack_measure(struct proc *p, uint64 num)
{
  uint64 *q = (uint64 *)p->kstack;
  uint64 *top = (uint64 *)(p->kstack + KSTACKSIZE);
  while (q < top && *q == PAINT_WORD)
    q++;
  uint64 used = (uint64)top - (uint64)q;
  if (q == (uint64 *)p->kstack)
    printf("pid %d %s: kernel stack overflow in sys call %lld?\n", p->pid, p->name, num);
  uint64 old = __atomic_load_n(&kstack_max[num], __ATOMIC_RELAXED);
  while (used > old &&
         !__atomic_compare_exchange_n(&kstack_max[num], &old, used, 0,
                                      __ATOMIC_RELAXED, __ATOMIC_RELAXED))
    ;
}
#endif

void kstack_report(void)
{
#ifdef KSTACK_STATS
  for (int i = 1; i < NSYSCALL; i++)
    if (kstack_max[i] != 0)
      printf("kstack %s %lld\n", syscallnames[i], kstack_max[i]);
#endif
}

void syscall(void)
{
  struct proc *p = myproc();
  uint64 num = arch_tf_sysnum(p->tf);
  uint64 ret;
#ifdef KSTACK_STATS
  kstack_repaint(p);
#endif
#ifdef GEARS
  if (gears_dispatch(p, num)) {
    /* It ran in Gears mode (kernel/gears/gears_syscall.cbc); sysReturn
     * has already stored the result. */
  } else
#endif
#ifndef CBC_NONE
  if (cbc_dispatch(p, num)) {
    /* It ran as a chain of code gears (cbc_syscall.cbc); cbc_ret has
     * already stored the result. */
  } else
#endif
  {
    if (num > 0 && num < NELEM(syscalls) && syscalls[num]) {
      ret = syscalls[num]();
    } else {
      printf("pid %d %s: unknown sys call %lld\n", p->pid, p->name, (int64)num);
      ret = -1;
    }
    arch_tf_set_return(p->tf, ret);
  }
#ifdef KSTACK_STATS
  if (num > 0 && num < NSYSCALL)
    kstack_measure(p, num);
#else
  (void)syscallnames;
#endif
}
