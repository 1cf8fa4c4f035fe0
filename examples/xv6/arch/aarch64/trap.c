/* trap.c -- what an exception means, for the shared kernel.
 *
 * vectors.S saves the registers and calls one of the handlers below with the
 * saved frame.  They read the Exception Syndrome Register (ESR_EL1: its EC
 * field says what happened, its ISS field the details) and the Fault
 * Address Register (FAR_EL1), and turn the exception into the portable
 * causes of arch.h:
 *
 *   from EL0 (a user program), el0_sync_handler / el0_irq_handler:
 *     SVC                          TRAP_SYSCALL
 *     timer interrupt              TRAP_TIMER (after clockintr())
 *     UART or other interrupt      TRAP_DEVICE (already handled)
 *     anything else                TRAP_FAULT, with a description ("data
 *                                  abort (write, permission)") and the
 *                                  faulting address (FAR for aborts, the pc
 *                                  otherwise): the kernel kills the process.
 *                                  This includes FP/SIMD instructions, which
 *                                  CPACR_EL1 traps at EL0: no user FP state
 *                                  is ever kept.
 *     then usertrap(), then arch_usertrapret() back to user mode.
 *   from EL1 (the kernel itself), el1_irq_handler / el1_sync_handler:
 *     an interrupt                 kerneltrap(TRAP_TIMER or TRAP_DEVICE),
 *                                  which may yield; then back to the
 *                                  interrupted code (vectors.S)
 *     anything else                a kernel bug: ESR, ELR and FAR are
 *                                  printed and kerneltrap(TRAP_FAULT)
 *                                  panics.
 *
 * The accessors of arch.h for the system call ABI (syscall.h: number in x8,
 * arguments in x0..x5, result in x0) are here too. */
#include "archint.h"

/* Exception classes (ESR_EL1 bits 31..26) that can come from EL0. */
#define EC_UNKNOWN        0x00   /* undefined instruction */
#define EC_WFX            0x01
#define EC_FP             0x07   /* FP/SIMD access, trapped by CPACR_EL1 (EL0 only) */
#define EC_ILLEGAL        0x0e   /* illegal execution state */
#define EC_SVC64          0x15
#define EC_SYSREG         0x18   /* MSR/MRS/system instruction trapped */
#define EC_IABT_LOW       0x20   /* instruction abort from EL0 */
#define EC_IABT_CUR       0x21
#define EC_PC_ALIGN       0x22
#define EC_DABT_LOW       0x24   /* data abort from EL0 */
#define EC_DABT_CUR       0x25
#define EC_SP_ALIGN       0x26
#define EC_BRK            0x3c

static const char *describe_abort(uint64 esr, int instruction)
{
  uint64 fsc = esr & 0x3f;         /* fault status code */
  int write = (esr >> 6) & 1;      /* WnR (data aborts only) */
  int kind = (int)(fsc >> 2);      /* 1: translation, 2: access flag, 3: permission */

  if (instruction) {
    if (kind == 1) return "instruction abort (not mapped)";
    if (kind == 3) return "instruction abort (not executable)";
    return "instruction abort";
  }
  if (fsc == 0x21) return "data abort (alignment)";
  if (kind == 1) return write ? "data abort (write, not mapped)" : "data abort (read, not mapped)";
  if (kind == 3) return write ? "data abort (write, permission)" : "data abort (read, permission)";
  return write ? "data abort (write)" : "data abort (read)";
}

/* A synchronous exception from EL0. */
void el0_sync_handler(struct trapframe *tf, int kind)
{
  (void)kind;
  uint64 esr = READ_SYSREG(esr_el1);
  uint64 far = READ_SYSREG(far_el1);

  switch (esr >> 26) {
  case EC_SVC64:
    usertrap(TRAP_SYSCALL, 0, 0);
    break;
  case EC_DABT_LOW:
    usertrap(TRAP_FAULT, describe_abort(esr, 0), far);
    break;
  case EC_IABT_LOW:
    usertrap(TRAP_FAULT, describe_abort(esr, 1), far);
    break;
  case EC_PC_ALIGN:
    usertrap(TRAP_FAULT, "misaligned pc", far);
    break;
  case EC_SP_ALIGN:
    usertrap(TRAP_FAULT, "misaligned stack pointer", tf->sp);
    break;
  case EC_FP:
    usertrap(TRAP_FAULT, "FP/SIMD instruction (not supported)", tf->elr);
    break;
  case EC_UNKNOWN:
    usertrap(TRAP_FAULT, "undefined instruction", tf->elr);
    break;
  case EC_BRK:
    usertrap(TRAP_FAULT, "breakpoint (brk)", tf->elr);
    break;
  case EC_SYSREG:
    usertrap(TRAP_FAULT, "privileged system register access", tf->elr);
    break;
  case EC_WFX:
    usertrap(TRAP_FAULT, "wfi/wfe (not allowed)", tf->elr);
    break;
  case EC_ILLEGAL:
    usertrap(TRAP_FAULT, "illegal execution state", tf->elr);
    break;
  default:
    usertrap(TRAP_FAULT, "unexpected exception", tf->elr);
    break;
  }
  arch_usertrapret();
}

/* An IRQ while in user mode. */
void el0_irq_handler(struct trapframe *tf, int kind)
{
  (void)tf, (void)kind;
  usertrap(handle_irq(), 0, 0);
  arch_usertrapret();
}

/* An IRQ while in the kernel: handled, then kerneltrap() may yield. */
void el1_irq_handler(struct trapframe *frame, int kind)
{
  (void)frame, (void)kind;
  kerneltrap(handle_irq(), 0, 0);
}

static void print_registers(struct trapframe *frame, uint64 esr, uint64 far)
{
  arch_puts("\nkernel exception on cpu ");
  arch_puthex((uint64)cpuid());
  arch_puts(": ESR ");
  arch_puthex(esr);
  arch_puts(" (EC ");
  arch_puthex(esr >> 26);
  arch_puts(") ELR ");
  arch_puthex(frame->elr);
  arch_puts(" FAR ");
  arch_puthex(far);
  arch_puts(" SPSR ");
  arch_puthex(frame->spsr);
  arch_puts(" LR ");
  arch_puthex(frame->x[30]);
  arch_puts(" SP ");
  arch_puthex((uint64)(frame + 1));
  arch_puts("\n");
}

/* A synchronous exception in the kernel: always a bug. */
void el1_sync_handler(struct trapframe *frame, int kind)
{
  (void)kind;
  uint64 esr = READ_SYSREG(esr_el1);
  uint64 far = READ_SYSREG(far_el1);
  const char *what;

  if (arch_poweroff_started)    /* the semihosting exit trapped: see psci.c */
    arch_poweroff(0);

  print_registers(frame, esr, far);
  switch (esr >> 26) {
  case EC_DABT_CUR: what = describe_abort(esr, 0); break;
  case EC_IABT_CUR: what = describe_abort(esr, 1); break;
  case EC_FP:       what = "FP/SIMD instruction in the kernel"; break;
  case EC_SP_ALIGN: what = "misaligned kernel stack pointer"; break;
  case EC_UNKNOWN:  what = "undefined instruction in the kernel"; far = frame->elr; break;
  case EC_BRK:      what = "brk in the kernel"; far = frame->elr; break;
  default:          what = "unexpected kernel exception"; far = frame->elr; break;
  }
  kerneltrap(TRAP_FAULT, what, far);
  arch_poweroff(1);             /* kerneltrap panics; never get here */
}

/* FIQ, SError, AArch32 or SP_EL0 vectors: none of them should ever fire. */
void bad_exception(struct trapframe *frame, int kind)
{
  static const char *names[16] = {
    "EL1t sync", "EL1t IRQ", "EL1t FIQ", "EL1t SError",
    "EL1h sync", "EL1h IRQ", "EL1h FIQ", "EL1h SError",
    "EL0 sync", "EL0 IRQ", "EL0 FIQ", "EL0 SError",
    "AArch32 sync", "AArch32 IRQ", "AArch32 FIQ", "AArch32 SError",
  };
  print_registers(frame, READ_SYSREG(esr_el1), READ_SYSREG(far_el1));
  arch_puts("unexpected exception vector: ");
  arch_puts(names[kind & 15]);
  arch_puts("\n");
  kerneltrap(TRAP_FAULT, names[kind & 15], frame->elr);
  arch_poweroff(1);
}

/* ---- The system call ABI and fresh user state --------------------------- */

uint64 arch_tf_sysnum(struct trapframe *tf) { return tf->x[8]; }

uint64 arch_tf_arg(struct trapframe *tf, int n)
{
  return (n >= 0 && n < 6) ? tf->x[n] : 0;
}

void arch_tf_set_return(struct trapframe *tf, uint64 value) { tf->x[0] = value; }

void arch_tf_init_user(struct trapframe *tf, uint64 pc, uint64 sp, uint64 a0, uint64 a1)
{
  memset(tf, 0, sizeof *tf);
  tf->elr = pc;
  tf->sp = sp;
  tf->x[0] = a0;
  tf->x[1] = a1;
  tf->spsr = 0;                 /* EL0t, AArch64, IRQs taken, flags clear */
}

/* The first swtch() to a new thread "returns" to entry with sp at the top
 * of its kernel stack (16-byte aligned, as AAPCS64 requires). */
void arch_context_init(struct context *c, uint64 kstack_top, void (*entry)(void))
{
  memset(c, 0, sizeof *c);
  c->sp = kstack_top & ~(uint64)15;
  c->lr = (uint64)entry;
}

/* The part of arch_usertrapret() that does not need struct proc: make the
 * saved PSTATE safe (EL0t, AArch64, interrupts unmasked, only the condition
 * flags kept from the user) and leave through user_return. */
void arch_return_to_user(struct trapframe *tf)
{
  intr_off();
  tf->spsr &= 0xf0000000ULL;    /* NZCV */
  user_return(tf);
}
