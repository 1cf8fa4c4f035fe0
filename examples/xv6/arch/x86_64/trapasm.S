/* trapasm.S -- the way into and out of the kernel on a trap, and swtch().
 *
 * Every IDT entry points at one 16-byte stub of x86_vectors (vector n at
 * x86_vectors + 16*n, which trap.c relies on).  The CPU has already pushed
 * ss rsp rflags cs rip -- on the kernel stack TSS.rsp0 names if it came
 * from user mode, on the current stack (16-byte aligned first) if not --
 * and for some exceptions an error code.  The stub pushes a zero error code
 * where the CPU pushed none, so that every frame has the same shape, then
 * the vector number; alltraps pushes the 15 general registers and calls
 * x86_trap(tf) with rsp pointing at the complete struct trapframe.
 *
 * Every gate is an interrupt gate, so interrupts are off from the first
 * instruction of the stub.  For a trap from user mode the frame is exactly
 * the process's p->tf (TSS.rsp0 = p->tf + 1), and x86_trap never comes
 * back here: it leaves through arch_usertrapret(), which loads rsp from
 * p->tf and falls into x86_trapret's pops.  For a trap from kernel mode
 * x86_trap returns and the same pops and iretq resume the interrupted code.
 *
 * No segment register is saved: in 64-bit mode ds/es are not used, the
 * kernel never touches fs/gs, and cs/ss are part of the iretq frame.
 */
#include "archdefs.h"

  .text
  .balign 16
  .globl x86_vectors
x86_vectors:
  .set n, 0
  .rept 256
  .balign 16
  /* Exceptions 8, 10-14, 17, 21, 29 and 30 come with an error code. */
  .if (n == 8) || ((n >= 10) && (n <= 14)) || (n == 17) || (n == 21) || (n == 29) || (n == 30)
  .else
  pushq $0
  .endif
  pushq $n
  jmp alltraps
  .set n, n + 1
  .endr

alltraps:
  pushq %rax
  pushq %rbx
  pushq %rcx
  pushq %rdx
  pushq %rsi
  pushq %rdi
  pushq %rbp
  pushq %r8
  pushq %r9
  pushq %r10
  pushq %r11
  pushq %r12
  pushq %r13
  pushq %r14
  pushq %r15
  movq %rsp, %rdi
  cld
  call x86_trap
  /* From kernel mode x86_trap returns; restore what it interrupted. */
  movq %rsp, %rdi

/* void x86_trapret(struct trapframe *tf): restore tf and iretq. */
  .globl x86_trapret
x86_trapret:
  movq %rdi, %rsp
  popq %r15
  popq %r14
  popq %r13
  popq %r12
  popq %r11
  popq %r10
  popq %r9
  popq %r8
  popq %rbp
  popq %rdi
  popq %rsi
  popq %rdx
  popq %rcx
  popq %rbx
  popq %rax
  addq $16, %rsp           /* vector and error code */
  iretq

/* void swtch(struct context *old, struct context *new)
 *
 * Saves the callee-saved registers, the stack pointer as it will be after
 * this call returns, and the return address in *old; loads *new and jumps
 * to its rip.  Everything else a C caller expects to survive a call is
 * already saved by the caller (SysV ABI), and there is no FP state. */
  .globl swtch
swtch:
  movq (%rsp), %rax        /* return address */
  leaq 8(%rsp), %rcx       /* rsp once returned */
  movq %rbx, 0(%rdi)
  movq %rbp, 8(%rdi)
  movq %r12, 16(%rdi)
  movq %r13, 24(%rdi)
  movq %r14, 32(%rdi)
  movq %r15, 40(%rdi)
  movq %rcx, 48(%rdi)
  movq %rax, 56(%rdi)

  movq 0(%rsi), %rbx
  movq 8(%rsi), %rbp
  movq 16(%rsi), %r12
  movq 24(%rsi), %r13
  movq 32(%rsi), %r14
  movq 40(%rsi), %r15
  movq 48(%rsi), %rsp
  jmp *56(%rsi)
