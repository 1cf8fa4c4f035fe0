/* syscall.h -- system call numbers, shared by the kernel and user/usys.
 *
 * The numbering is xv6's (a fact of its user ABI), plus halt.  How a user
 * program traps into the kernel is per architecture:
 *   AArch64: number in x8, arguments in x0..x5, `svc #0`, result in x0.
 *   x86-64:  number in rax, arguments in rdi rsi rdx r10 r8 r9, `int $64`,
 *            result in rax (every other register preserved). */
#ifndef XV6_SYSCALL_H
#define XV6_SYSCALL_H

#define SYS_fork    1
#define SYS_exit    2
#define SYS_wait    3
#define SYS_pipe    4
#define SYS_read    5
#define SYS_kill    6
#define SYS_exec    7
#define SYS_fstat   8
#define SYS_chdir   9
#define SYS_dup    10
#define SYS_getpid 11
#define SYS_sbrk   12
#define SYS_sleep  13
#define SYS_uptime 14
#define SYS_open   15
#define SYS_write  16
#define SYS_mknod  17
#define SYS_unlink 18
#define SYS_link   19
#define SYS_mkdir  20
#define SYS_close  21
#define SYS_halt   22
#define NSYSCALL   23   /* one more than the highest number */

#endif
