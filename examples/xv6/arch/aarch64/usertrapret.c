/* usertrapret.c -- arch_usertrapret(): back to user mode from the current
 * process's trapframe.  The only AArch64 file that needs the shared kernel's
 * struct proc; the rest of the return is trap.c's arch_return_to_user and
 * vectors.S's user_return. */
#include "archint.h"
#include "proc.h"

void arch_usertrapret(void)
{
  arch_return_to_user(myproc()->tf);
}
