/* usys-x86_64.S -- the user side of the system calls on x86-64.
 *
 * Each system call of syscall.h is a small stub, made by the SYSCALL macro
 * below: the number goes in rax, the arguments stay in rdi rsi rdx where
 * the C calling convention put them -- except the fourth, which C passes in
 * rcx and the trap ABI takes in r10 -- and `int $64` enters the kernel,
 * which leaves the result in rax (the C return register) and preserves
 * every other register.  The stub is a leaf: it touches no stack.
 *
 * __syscall(num, a0, ..., a5) is the raw form, for programs (hostile) that
 * call any number -- out-of-range ones included -- with any arguments; its
 * seventh C argument (a5) arrives on the stack. */
#include "../../kernel/syscall.h"

.macro SYSCALL name, number
  .text
  .global \name
  .type \name, @function
  .balign 16
\name:
  mov $\number, %eax
  mov %rcx, %r10
  int $64
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
  .type __syscall, @function
  .balign 16
__syscall:
  mov %rdi, %rax
  mov %rsi, %rdi
  mov %rdx, %rsi
  mov %rcx, %rdx
  mov %r8, %r10
  mov %r9, %r8
  mov 8(%rsp), %r9
  int $64
  ret
  .size __syscall, . - __syscall
