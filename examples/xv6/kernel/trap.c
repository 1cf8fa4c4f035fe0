/* trap.c -- what the shared kernel does with a trap, once the architecture
 * has saved the registers and classified it (arch.h, enum trapcause).
 *
 * From user mode (usertrap): a system call runs with interrupts on; a timer
 * tick makes the process yield the CPU (round-robin preemption); a fault
 * kills the process with a message naming it and the fault -- a user
 * program can never panic the kernel.  A killed process exits here, on its
 * way back to user mode, so it never runs another user instruction.
 *
 * From kernel mode (kerneltrap): a timer tick preempts the kernel thread
 * of a running process too (interrupts are only on when it holds no
 * spinlock); a fault is a kernel bug and panics.
 *
 * The architecture enters both with interrupts off; usertrap returns with
 * interrupts off, so that the register restore cannot be interrupted. */
#include "types.h"
#include "defs.h"
#include "proc.h"

struct spinlock tickslock;
uint ticks;                  /* timer ticks since boot (HZ per second) */

void trapinit(void)
{
  initlock(&tickslock, "ticks");
}

/* Every CPU's timer calls this; only CPU 0 keeps time, so that ticks
 * advance at HZ whatever the number of CPUs. */
void clockintr(void)
{
  if (cpuid() != 0)
    return;
  acquire(&tickslock);
  ticks++;
  wakeup(&ticks);
  release(&tickslock);
}

void usertrap(enum trapcause cause, const char *what, uint64 addr)
{
  struct proc *p = myproc();
  if (p == 0)
    panic("usertrap: no process");

  switch (cause) {
  case TRAP_SYSCALL:
    if (killed(p))
      exit(-1);
    intr_on();
    syscall();
    break;
  case TRAP_TIMER:
    yield();
    break;
  case TRAP_DEVICE:
    break;
  case TRAP_FAULT:
    printf("pid %d %s: %s at 0x%llx\n", p->pid, p->name, what, addr);
    setkilled(p);
    break;
  }

  if (killed(p))
    exit(-1);
  intr_off();
}

void kerneltrap(enum trapcause cause, const char *what, uint64 addr)
{
  switch (cause) {
  case TRAP_FAULT:
    panic("kernel trap: %s at 0x%llx", what, addr);
  case TRAP_SYSCALL:
    panic("kernel trap: system call from kernel mode");
  case TRAP_TIMER: {
    struct proc *p = myproc();
    if (p != 0 && p->state == RUNNING)
      yield();
    break;
  }
  case TRAP_DEVICE:
    break;
  }
}
