/* usys-aarch64.S -- the user side of the system calls on AArch64.
 *
 * Each system call of syscall.h is a three-instruction stub, made by the
 * SYSCALL macro below: the number goes in x8, the arguments are already in
 * x0..x5 where the C calling convention put them, `svc #0` traps to EL1,
 * and the kernel leaves the result in x0, which is also the C return
 * register.  The stub is a leaf: no stack, no saved registers.
 *
 * __syscall(num, a0, ..., a5) is the raw form, for programs (hostile) that
 * call any number -- out-of-range ones included -- with any arguments. */
#include "../../kernel/syscall.h"

.macro SYSCALL name, number
  .text
  .global \name
  .type \name, %function
  .balign 4
\name:
  mov x8, #\number
  svc #0
  ret
  .size \name, . - \name
.endm

SYSCALL fork,   SYS_fork
SYSCALL exit,   SYS_exit
SYSCALL wait,   SYS_wait
SYSCALL pipe,   SYS_pipe
SYSCALL read,   SYS_read
SYSCALL kill,   SYS_kill
SYSCALL exec,   SYS_exec
SYSCALL fstat,  SYS_fstat
SYSCALL chdir,  SYS_chdir
SYSCALL dup,    SYS_dup
SYSCALL getpid, SYS_getpid
SYSCALL sbrk,   SYS_sbrk
SYSCALL sleep,  SYS_sleep
SYSCALL uptime, SYS_uptime
SYSCALL open,   SYS_open
SYSCALL write,  SYS_write
SYSCALL mknod,  SYS_mknod
SYSCALL unlink, SYS_unlink
SYSCALL link,   SYS_link
SYSCALL mkdir,  SYS_mkdir
SYSCALL close,  SYS_close
SYSCALL halt,   SYS_halt

/* long __syscall(long num, long a0, long a1, long a2, long a3, long a4, long a5) */
  .text
  .global __syscall
  .type __syscall, %function
  .balign 4
__syscall:
  mov x8, x0
  mov x0, x1
  mov x1, x2
  mov x2, x3
  mov x3, x4
  mov x4, x5
  mov x5, x6
  svc #0
  ret
  .size __syscall, . - __syscall
