/* selftest.c -- a boot test of the AArch64 part alone (make ARCH=aarch64 archtest).
 *
 * It links the architecture's files (all but usertrapret.c, which needs the
 * shared kernel's struct proc) with this file instead of the shared kernel,
 * which it stands in for: kmain, mpmain, usertrap, kerneltrap, clockintr,
 * consoleintr, a bump page allocator.  It checks, printing one line each:
 *
 *   - every CPU boots (PSCI CPU_ON), reaches C at its high address with its
 *     own stack and cpuid(), and takes its own timer interrupts;
 *   - the UART's receive interrupt delivers a byte typed on the console
 *     (the archtest target pipes one in);
 *   - swtch() and arch_context_init() run a second thread and come back;
 *   - a user page table with a code page and a stack page: EL0 runs, system
 *     calls (svc) pass arguments and results, the counters CNTVCT_EL0 and
 *     PMCCNTR_EL0 are readable from EL0, timer interrupts arrive from EL0;
 *   - every kind of user fault comes back as TRAP_FAULT with the right
 *     description: FP/SIMD, reads and writes of kernel memory, a write to
 *     read-only text, an unmapped address, udf, brk, a privileged register,
 *     wfi, a branch to a misaligned pc, a semihosting call (QEMU must
 *     refuse it from EL0: it would reach the host), PSCI SYSTEM_OFF by hvc
 *     and by smc (undefined at EL0: a user cannot power the machine off);
 *   - arch_poweroff: status 0 (PSCI SYSTEM_OFF) -- or, when the byte typed
 *     was 'e', status 7 (semihosting SYS_EXIT).
 * It ends with "archtest: PASS" or "archtest: FAIL (n)". */
#include "archint.h"

int ncpu;

/* ---- Stand-ins for the shared kernel ------------------------------------ */

extern char end[];
static uint64 next_free;
static int alloc_lock;

void *kalloc(void)
{
  while (__atomic_exchange_n(&alloc_lock, 1, __ATOMIC_ACQUIRE))
    ;
  if (!next_free)
    next_free = PGROUNDUP((uint64)end);
  void *page = 0;
  if (V2P(next_free) < PHYSTOP) {
    page = (void *)next_free;
    next_free += PGSIZE;
  }
  __atomic_store_n(&alloc_lock, 0, __ATOMIC_RELEASE);
  return page;
}

void kfree(void *page) { (void)page; }

void *memset(void *dst, int c, uint64 n)
{
  uint8 *d = dst;
  while (n--)
    *d++ = (uint8)c;
  return dst;
}

static int print_lock;
static void lock_print(void)   { while (__atomic_exchange_n(&print_lock, 1, __ATOMIC_ACQUIRE)) ; }
static void unlock_print(void) { __atomic_store_n(&print_lock, 0, __ATOMIC_RELEASE); }

static void putdec(uint64 v)
{
  char buf[24];
  int i = 0;
  do buf[i++] = (char)('0' + v % 10); while ((v /= 10) != 0);
  while (i > 0)
    arch_uart_putc(buf[--i]);
}

static int failures;

static void check(int ok, const char *what)
{
  lock_print();
  arch_puts(ok ? "archtest: ok   " : "archtest: FAIL ");
  arch_puts(what);
  arch_puts("\n");
  unlock_print();
  if (!ok)
    failures++;
}

static volatile uint64 cpu_ticks[NCPU];
static volatile int typed;

void clockintr(void) { cpu_ticks[cpuid()]++; }
void consoleintr(int c) { typed = c; }

void kerneltrap(enum trapcause cause, const char *what, uint64 addr)
{
  if (cause != TRAP_FAULT)
    return;
  arch_puts("archtest: kernel fault: ");
  arch_puts(what);
  arch_puts(" at ");
  arch_puthex(addr);
  arch_puts("\narchtest: FAIL\n");
  arch_poweroff(1);
}

/* ---- The user program: position-independent code copied to address 0 -- */

__asm__(
  ".section .rodata.usercode, \"a\"\n"
  ".balign 4\n"
  "usercode:\n"
  "  add x0, x0, x1\n"            /* a0 + a1 */
  "  mov x8, #1\n"
  "  svc #0\n"                    /* 1: check 15, returns 100 */
  "  add x0, x0, #1\n"
  "  mov x8, #2\n"
  "  svc #0\n"                    /* 2: check 101 */
  "  mrs x0, cntvct_el0\n"
  "  mov x8, #3\n"
  "  svc #0\n"                    /* 3: a counter value */
  "  mrs x0, pmccntr_el0\n"
  "  mov x8, #3\n"
  "  svc #0\n"
  "1: add x3, x3, #1\n"           /* spin until a timer IRQ arrives from EL0 */
  "  mov x8, #4\n"
  "  svc #0\n"
  "  cbz x0, 1b\n"
  "  mov x8, #5\n"
  "  svc #0\n"                    /* 5: on to the faults */
  "u_fp:     .inst 0x9e670000\n"  /* fmov d0, x0 */
  "u_kread:  ldr x1, [x2]\n"
  "u_kwrite: str x1, [x2]\n"
  "u_rowrite: str x1, [x2]\n"
  "u_unmapped: ldr x1, [x2]\n"
  "u_udf:    .inst 0x00000000\n"
  "u_brk:    brk #1\n"
  "u_sysreg: msr daifset, #2\n"
  "u_wfi:    wfi\n"
  "u_pcalign: br x2\n"
  "u_semihost: mov x0, #0x18\n"  /* semihosting SYS_EXIT from EL0: must not work */
  "  mov x1, #0x20000\n"
  "  hlt #0xf000\n"
  "u_hvc:    movz x0, #0x0008\n"   /* PSCI SYSTEM_OFF by hvc/smc from EL0: */
  "  movk x0, #0x8400, lsl #16\n"  /* must be undefined, not a power-off */
  "  hvc #0\n"
  "u_smc:    movz x0, #0x0008\n"
  "  movk x0, #0x8400, lsl #16\n"
  "  smc #0\n"
  "u_done:   mov x8, #9\n"
  "  svc #0\n"
  "usercode_end:\n"
  ".text\n");

#define USER_OFFSET(label) ({ extern char label[], usercode[]; (uint64)(label - usercode); })

struct fault_case {
  uint64 pc;
  uint64 x2;
  const char *expect;
};

/* The user program's kernel stack, with its trapframe at the top (the C
 * handlers run on the stack below it, as in the real kernel). */
static char user_kstack[KSTACKSIZE] __attribute__((aligned(16)));
#define user_tf (*((struct trapframe *)(user_kstack + KSTACKSIZE) - 1))
static int fault_step;
#define NFAULTS 13
static struct fault_case faults[NFAULTS];
static volatile uint64 el0_timer_irqs;

void arch_usertrapret(void)
{
  arch_return_to_user(&user_tf);
}

static int same(const char *a, const char *b)
{
  while (*a && *a == *b)
    a++, b++;
  return *a == *b;
}

static void next_fault(void)
{
  if (fault_step < NFAULTS) {
    user_tf.elr = faults[fault_step].pc;
    user_tf.x[2] = faults[fault_step].x2;
    user_tf.sp = 0x2000;
  } else {
    user_tf.elr = USER_OFFSET(u_done);
  }
}

void usertrap(enum trapcause cause, const char *what, uint64 addr)
{
  struct trapframe *tf = &user_tf;
  if (cause == TRAP_TIMER) {
    el0_timer_irqs++;
    return;
  }
  if (cause == TRAP_DEVICE)
    return;
  if (cause == TRAP_FAULT) {
    struct fault_case *f = &faults[fault_step];
    int ok = what && same(what, f->expect);
    lock_print();
    arch_puts(ok ? "archtest: ok   user fault: " : "archtest: FAIL user fault: ");
    arch_puts(what ? what : "(null)");
    arch_puts(" at ");
    arch_puthex(addr);
    if (!ok) {
      arch_puts(", expected ");
      arch_puts(f->expect);
    }
    arch_puts("\n");
    unlock_print();
    if (!ok)
      failures++;
    fault_step++;
    next_fault();
    return;
  }
  /* A system call. */
  switch (arch_tf_sysnum(tf)) {
  case 1:
    check(arch_tf_arg(tf, 0) == 15, "svc from EL0 with arguments (7 + 8)");
    arch_tf_set_return(tf, 100);
    break;
  case 2:
    check(arch_tf_arg(tf, 0) == 101, "svc result returned in x0");
    break;
  case 3:
    check(arch_tf_arg(tf, 0) != 0, "EL0 reads a counter (CNTVCT_EL0 / PMCCNTR_EL0)");
    break;
  case 4:
    arch_tf_set_return(tf, el0_timer_irqs);
    break;
  case 5:
    check(el0_timer_irqs > 0, "timer interrupt taken from EL0");
    fault_step = 0;
    next_fault();
    break;
  case 9: {
    check(fault_step == NFAULTS, "all user faults reported");
    arch_uvm_switch(0);
    lock_print();
    if (failures == 0) {
      arch_puts("archtest: PASS\n");
    } else {
      arch_puts("archtest: FAIL (");
      putdec((uint64)failures);
      arch_puts(")\n");
    }
    unlock_print();
    arch_poweroff(failures ? 1 : typed == 'e' ? 7 : 0);
  }
  default:
    check(0, "unknown system call");
  }
}

/* ---- Boot ---------------------------------------------------------------- */

static struct context main_context, thread_context;
static volatile int thread_ran;
static char thread_stack[4096] __attribute__((aligned(16)));

static void thread_entry(void)
{
  thread_ran = cpuid() + 1;
  swtch(&thread_context, &main_context);
}

static int wait_ticks(volatile uint64 *counter, uint64 want, uint64 limit_ticks)
{
  uint64 start = cpu_ticks[0];
  while (*counter < want && cpu_ticks[0] - start < limit_ticks)
    __asm__ volatile("wfi");
  return *counter >= want;
}

void mpmain(void)
{
  arch_cpu_init();
  lock_print();
  arch_puts("archtest: cpu ");
  putdec((uint64)cpuid());
  arch_puts(" up, sp ");
  uint64 sp;
  __asm__ volatile("mov %0, sp" : "=r"(sp));
  arch_puthex(sp);
  arch_puts("\n");
  unlock_print();
  intr_on();
  for (;;)
    __asm__ volatile("wfi");
}

void kmain(void)
{
  arch_puts("\narchtest: cpu 0 in kmain at ");
  arch_puthex((uint64)kmain);
  arch_puts("\n");
  arch_kvm_init();
  arch_uart_init();
  arch_cpu_init();
  check(cpuid() == 0, "boot CPU is cpuid 0");
  check((uint64)&ncpu >= KERNBASE, "kernel runs at its high address");

  int n = arch_start_others();
  lock_print();
  arch_puts("archtest: arch_start_others: ");
  putdec((uint64)n);
  arch_puts(" CPUs\n");
  unlock_print();
  check(n == ncpu && n >= 1, "ncpu set");

  intr_on();
  for (int c = 0; c < n; c++)
    check(wait_ticks(&cpu_ticks[c], 3, 300), "timer ticks on every CPU");

  lock_print();
  arch_puts("archtest: waiting for a byte on the console\n");
  unlock_print();
  uint64 start = cpu_ticks[0];
  while (!typed && cpu_ticks[0] - start < 300)
    __asm__ volatile("wfi");
  check(typed != 0, "UART receive interrupt");

  arch_context_init(&thread_context, (uint64)thread_stack + sizeof thread_stack, thread_entry);
  swtch(&main_context, &thread_context);
  check(thread_ran == 1, "swtch to a new context and back");
  check(intr_get(), "interrupts still on");
  intr_off();
  check(!intr_get(), "intr_off");

  /* A user address space: code at 0 (read-only, executable), stack page at
   * 0x1000 (read/write), nothing else. */
  pagetable_t pt = arch_uvm_create();
  char *code = kalloc(), *stack = kalloc();
  extern char usercode[], usercode_end[];
  for (long i = 0; i < usercode_end - usercode; i++)
    code[i] = usercode[i];
  *arch_walk(pt, 0, 1) = arch_pte_make(V2P(code), PTE_VALID | PTE_USER | PTE_EXEC);
  *arch_walk(pt, 0x1000, 1) = arch_pte_make(V2P(stack), PTE_VALID | PTE_USER | PTE_WRITE);
  check(arch_walk(pt, 0x5000, 0) != 0 && *arch_walk(pt, 0x5000, 0) == 0, "arch_walk finds an unmapped slot");
  check(arch_walk(pt, 0x40000000, 0) == 0, "arch_walk without alloc");
  check(arch_walk(pt, USERTOP, 1) == 0, "arch_walk refuses USERTOP");
  check(arch_pte_perm(*arch_walk(pt, 0, 0)) == (PTE_VALID | PTE_USER | PTE_EXEC), "arch_pte_perm (text)");
  check(arch_pte_perm(*arch_walk(pt, 0x1000, 0)) == (PTE_VALID | PTE_USER | PTE_WRITE), "arch_pte_perm (stack)");
  check(arch_pte_pa(*arch_walk(pt, 0x1000, 0)) == V2P(stack), "arch_pte_pa");

  uint64 kernel_address = (uint64)&ncpu;
  struct fault_case cases[NFAULTS] = {
    { USER_OFFSET(u_fp), 0, "FP/SIMD instruction (not supported)" },
    { USER_OFFSET(u_kread), kernel_address, "data abort (read, permission)" },
    { USER_OFFSET(u_kwrite), kernel_address, "data abort (write, permission)" },
    { USER_OFFSET(u_rowrite), 0x10, "data abort (write, permission)" },
    { USER_OFFSET(u_unmapped), 0x100000, "data abort (read, not mapped)" },
    { USER_OFFSET(u_udf), 0, "undefined instruction" },
    { USER_OFFSET(u_brk), 0, "breakpoint (brk)" },
    { USER_OFFSET(u_sysreg), 0, "privileged system register access" },
    { USER_OFFSET(u_wfi), 0, "wfi/wfe (not allowed)" },
    { USER_OFFSET(u_pcalign), 0x102, "misaligned pc" },
    { USER_OFFSET(u_semihost), 0, "undefined instruction" },
    { USER_OFFSET(u_hvc), 0, "undefined instruction" },
    { USER_OFFSET(u_smc), 0, "undefined instruction" },
  };
  for (int i = 0; i < NFAULTS; i++)
    faults[i] = cases[i];

  arch_uvm_switch(pt);
  arch_tf_init_user(&user_tf, 0, 0x2000, 7, 8);
  lock_print();
  arch_puts("archtest: entering user mode\n");
  unlock_print();
  arch_usertrapret();
}
