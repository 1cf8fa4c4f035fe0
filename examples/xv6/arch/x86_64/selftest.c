/* selftest.c -- a boot test of the x86-64 part alone: `make ARCH=x86_64 archtest`.
 *
 * Linked with the arch/x86_64 objects only, instead of the shared kernel,
 * it stands in for everything the kernel provides (kmain, mpmain, usertrap,
 * kerneltrap, clockintr, consoleintr, myproc, kalloc, memset, ...) and
 * checks, printing one line per step:
 *   - every CPU starts (INIT/SIPI), knows its index, and takes timer ticks;
 *   - a byte on the UART raises an interrupt (pipe something into QEMU);
 *   - a user page table maps a page of code at 0, iretq enters ring 3;
 *     `int $64` comes back with the number and arguments in place and the
 *     result gets back to rax; timer ticks arrive in user mode too; rdtsc
 *     works in user mode;
 *   - SSE (#UD), x87 (#NM), a write to a read-only page, `int $32`, `hlt`
 *     in user mode all come back as TRAP_FAULT;
 *   - the LAPIC timer against the PIT (the fixed count in lapic.c);
 *   - arch_poweroff(0) makes QEMU exit with status 0.
 * It prints "archtest: ok" before powering off, or "archtest: FAIL ...".
 */
#include "x86.h"
#include "defs.h"
#include "proc.h"

int ncpu = 1;
static volatile int ticks_of[NCPU];
static volatile int user_ticks;
static volatile int rx_count;
static int failures;

/* ---- Stand-ins for the shared kernel ------------------------------------ */

static char heap[64 * PGSIZE] __attribute__((aligned(PGSIZE)));
static int heap_used;
void *kalloc(void)
{
  if (heap_used >= 64)
    return 0;
  return &heap[PGSIZE * heap_used++];
}
void kfree(void *p) { (void)p; }
void *memset(void *d, int c, uint64 n)
{
  uchar *p = d;
  while (n--) *p++ = c;
  return d;
}
void *memmove(void *d, const void *s, uint64 n)
{
  uchar *a = d;
  const uchar *b = s;
  if (a < b) { while (n--) *a++ = *b++; }
  else { while (n--) a[n] = b[n]; }
  return d;
}
void *memcpy(void *d, const void *s, uint64 n) { return memmove(d, s, n); }

static void say(const char *s) { x86_puts(s); }
static void sayn(uint64 n)
{
  char b[24];
  int i = 23;
  b[i] = 0;
  do { b[--i] = '0' + n % 10; n /= 10; } while (n);
  say(b + i);
}
static void check(int ok, const char *what)
{
  say(ok ? "archtest: ok   " : "archtest: FAIL ");
  say(what);
  say("\n");
  if (!ok)
    failures++;
}

/* printf is only used by lapic.c for a CPU that does not start. */
void printf(const char *fmt, ...) { say(fmt); }
void panic(const char *fmt, ...) { say("panic: "); say(fmt); arch_poweroff(1); }

static struct proc the_proc;
static char the_kstack[KSTACKSIZE] __attribute__((aligned(16)));
struct proc *myproc(void) { return &the_proc; }

void clockintr(void) { ticks_of[cpuid()]++; }
void consoleintr(int c)
{
  rx_count++;
  say("archtest: uart rx '");
  arch_uart_putc(c >= ' ' && c < 127 ? c : '?');
  say("'\n");
}
void kerneltrap(enum trapcause cause, const char *what, uint64 addr)
{
  if (cause == TRAP_FAULT) {
    say("archtest: FAIL kernel fault: ");
    say(what);
    say(" at ");
    x86_puthex(addr);
    say("\n");
    arch_poweroff(1);
  }
}

/* ---- The user program ------------------------------------------------------
 * Position-independent code copied to user address 0. */
extern char ucode_start[], ucode_end[], u_sse[], u_x87[], u_write_ro[], u_int32[], u_hlt[];
__asm__(
  ".section .rodata\n"
  ".globl ucode_start, ucode_end, u_sse, u_x87, u_write_ro, u_int32, u_hlt\n"
  "ucode_start:\n"
  "  mov $1, %eax\n  mov $11, %rdi\n  mov $22, %rsi\n  mov $33, %rdx\n"
  "  mov $44, %r10\n  mov $55, %r8\n  mov $66, %r9\n  mov $77, %rbx\n"
  "  int $64\n"                         /* sys 1: checks the arguments, returns 1234 */
  "  mov %rax, %rdi\n  mov %rbx, %rsi\n  mov $2, %eax\n  int $64\n"   /* sys 2: rax, rbx back */
  "  rdtsc\n"
  "1: mov $3, %eax\n  int $64\n  test %rax, %rax\n  jnz 2f\n"      /* sys 3: enough user ticks? */
  "  mov $100000, %ecx\n3: dec %ecx\n  jnz 3b\n  jmp 1b\n"
  "2: mov $0x2b, %ecx\n  mov $99, %edi\n  lsl %ecx, %edi\n  setz %sil\n"
  "  mov $5, %eax\n  int $64\n"        /* sys 5: the CPU number lsl read */
  "  mov $4, %eax\n  int $64\n"        /* sys 4: on to the faults */
  "u_sse:      xorps %xmm0, %xmm0\n"
  "u_x87:      fld1\n"
  "u_write_ro: movq $1, (0)\n"
  "u_int32:    int $32\n"
  "u_hlt:      hlt\n"
  "ucode_end:\n"
  ".text\n");

#define UOFF(sym) ((uint64)((sym) - ucode_start))

static const char *fault_expect[] = {
  "illegal instruction (#UD)", "FP instruction (#NM)", "page fault (write)",
  "general protection fault (#GP)", "general protection fault (#GP)",
};
static int fault_step;

static int same(const char *a, const char *b)
{
  while (*a && *a == *b) a++, b++;
  return *a == *b;
}

static void next_fault_test(void)
{
  uint64 pcs[] = { UOFF(u_sse), UOFF(u_x87), UOFF(u_write_ro), UOFF(u_int32), UOFF(u_hlt) };
  arch_tf_init_user(the_proc.tf, pcs[fault_step], 2 * PGSIZE, 0, 0);
}

static void finish(void);

void usertrap(enum trapcause cause, const char *what, uint64 addr)
{
  struct trapframe *tf = the_proc.tf;
  if (cause == TRAP_TIMER) {
    user_ticks++;
    return;
  }
  if (cause == TRAP_DEVICE)
    return;
  if (cause == TRAP_SYSCALL) {
    switch (arch_tf_sysnum(tf)) {
    case 1:
      check(arch_tf_arg(tf, 0) == 11 && arch_tf_arg(tf, 1) == 22 && arch_tf_arg(tf, 2) == 33 &&
            arch_tf_arg(tf, 3) == 44 && arch_tf_arg(tf, 4) == 55 && arch_tf_arg(tf, 5) == 66,
            "int $64 from ring 3: number in rax, arguments rdi rsi rdx r10 r8 r9");
      arch_tf_set_return(tf, 1234);
      return;
    case 2:
      check(arch_tf_arg(tf, 0) == 1234 && arch_tf_arg(tf, 1) == 77,
            "result in rax, rbx preserved across int $64");
      return;
    case 3:
      arch_tf_set_return(tf, user_ticks >= 3);
      return;
    case 5:
      check(arch_tf_arg(tf, 0) == (uint64)cpuid() && (arch_tf_arg(tf, 1) & 0xff) == 1,
            "user mode reads its CPU number: lsl of SEG_UCPU");
      return;
    case 4:
      check(user_ticks >= 3, "timer interrupts in user mode");
      fault_step = 0;
      next_fault_test();
      return;
    }
    check(0, "unknown system call");
    return;
  }
  /* TRAP_FAULT */
  say("archtest: user fault: ");
  say(what);
  say(" at ");
  x86_puthex(addr);
  say("\n");
  check(same(what, fault_expect[fault_step]), fault_expect[fault_step]);
  if (++fault_step < 5) {
    next_fault_test();
    return;
  }
  finish();
}

/* ---- The PIT, to measure the LAPIC timer --------------------------------- */

static uint32 measure_lapic_per_10ms(void)
{
  /* PIT channel 2, gated by port 0x61 bit 0, output on bit 5: one-shot
   * count of 11932 at 1.193182 MHz = 10 ms. */
  volatile uint32 *lapic = (volatile uint32 *)LAPIC_VA;
  outb(0x61, (inb(0x61) & ~0x02) | 0x01);
  outb(0x43, 0xb0);                 /* channel 2, lo/hi, mode 0 */
  outb(0x42, 11932 & 0xff);
  outb(0x42, 11932 >> 8);
  uint32 saved = lapic[0x380 / 4];
  lapic[0x380 / 4] = 0xffffffff;    /* the periodic timer restarts from here */
  uint32 start = lapic[0x390 / 4];
  outb(0x61, inb(0x61) & ~0x01);    /* gate low, then high: start */
  outb(0x61, inb(0x61) | 0x01);
  while (!(inb(0x61) & 0x20))
    ;
  uint32 stop = lapic[0x390 / 4];
  lapic[0x380 / 4] = saved;
  return start - stop;
}

/* ---- Boot ---------------------------------------------------------------------- */

static volatile int cpus_up;

static void wait_ticks(int n)
{
  int t0 = ticks_of[cpuid()];
  while (ticks_of[cpuid()] < t0 + n)
    __asm__ volatile("sti; hlt; cli");
}

void mpmain(void)
{
  arch_cpu_init();
  int id = cpuid();
  wait_ticks(3);
  __atomic_fetch_add(&cpus_up, 1, __ATOMIC_SEQ_CST);
  say("archtest: cpu ");
  sayn(id);
  say(" running, 3 timer ticks\n");
  for (;;)
    __asm__ volatile("sti; hlt");
}

void kmain(void)
{
  say("archtest: x86_64 boot CPU in 64-bit mode\n");
  arch_uart_init();
  arch_kvm_init();
  arch_cpu_init();
  check(cpuid() == 0, "boot CPU is cpu 0");
  int n = arch_start_others();
  say("archtest: ");
  sayn(n);
  say(" CPUs\n");
  uint32 per10 = measure_lapic_per_10ms();
  say("archtest: LAPIC timer counts per 10 ms: ");
  sayn(per10);
  say(" (lapic.c uses 625000)\n");
  wait_ticks(3);
  check(ticks_of[0] >= 3, "timer ticks on cpu 0");
  for (int t = 0; t < 200 && cpus_up < n - 1; t++)
    wait_ticks(1);
  check(cpus_up == n - 1, "every other CPU took timer ticks");
  /* Give piped input a moment to arrive. */
  for (int t = 0; t < 500 && rx_count == 0; t++)
    wait_ticks(1);
  if (rx_count == 0) {
    say("archtest: LSR ");
    x86_puthex(inb(0x3f8 + 5));
    say(" IER ");
    x86_puthex(inb(0x3f8 + 1));
    say(" IIR ");
    x86_puthex(inb(0x3f8 + 2));
    say(" gsi ");
    x86_puthex(x86_com1_gsi);
    say(" ioapic ");
    x86_puthex(x86_ioapic_pa);
    say("\n");
  }
  check(rx_count > 0, "UART receive interrupt");

  /* Ring 3: a page of code at 0 (read-only, executable), a stack page. */
  pagetable_t pt = arch_uvm_create();
  char *code = kalloc(), *stack = kalloc();
  memset(code, 0, PGSIZE);
  memset(stack, 0, PGSIZE);
  memmove(code, ucode_start, ucode_end - ucode_start);
  *arch_walk(pt, 0, 1) = arch_pte_make(V2P(code), PTE_VALID | PTE_USER | PTE_EXEC);
  *arch_walk(pt, PGSIZE, 1) = arch_pte_make(V2P(stack), PTE_VALID | PTE_USER | PTE_WRITE);
  check(arch_pte_perm(*arch_walk(pt, PGSIZE, 0)) == (PTE_VALID | PTE_USER | PTE_WRITE),
        "arch_pte_perm(arch_pte_make(...))");
  check(arch_walk(pt, USERTOP, 0) == 0 && arch_walk(pt, 5 * PGSIZE, 0) != 0 &&
        *arch_walk(pt, 5 * PGSIZE, 0) == 0, "arch_walk");
  the_proc.kstack = the_kstack;
  the_proc.tf = (struct trapframe *)(the_kstack + KSTACKSIZE) - 1;
  the_proc.pagetable = pt;
  arch_tf_init_user(the_proc.tf, 0, 2 * PGSIZE, 0, 0);
  arch_uvm_switch(pt);
  say("archtest: entering ring 3\n");
  arch_usertrapret();
}

static void finish(void)
{
  arch_uvm_switch(0);
  if (failures) {
    say("archtest: FAILED\n");
    arch_poweroff(1);
  }
  say("archtest: all passed; powering off (QEMU exits 0)\n");
  arch_poweroff(0);
}
