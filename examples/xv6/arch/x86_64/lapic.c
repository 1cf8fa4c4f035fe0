/* lapic.c -- interrupt controllers, the timer, and starting the other CPUs.
 *
 * Every CPU has a local APIC (LAPIC) at the same physical address
 * (0xfee00000, mapped uncached at LAPIC_VA); each CPU reaching it sees its
 * own.  It delivers interrupts to its CPU, takes their end-of-interrupt
 * (EOI), has a timer, and sends inter-processor interrupts (IPIs).  The
 * I/O APIC routes device interrupt lines (GSIs) to a vector on a chosen
 * CPU.  The two 8259 PICs of the original PC are remapped out of the
 * exception vectors and masked: nothing arrives through them.
 *
 * Timer: the LAPIC timer in periodic mode, counting the APIC bus clock
 * divided by 16.  QEMU's APIC bus runs at 1 GHz (in virtual time, so also
 * under -icount), which archtest measured against the PIT: 625000 counts
 * are 10 ms, HZ = 100.  A fixed count saves a calibration at every boot.
 *
 * Starting the others (the MP protocol of Intel's manual): for each CPU the
 * firmware's MADT listed, copy the real-mode trampoline (entry.S) to
 * TRAMPOLINE_PA, leave the CPU's boot stack in it, send INIT then STARTUP
 * twice (vector = the trampoline's page number), and wait until the CPU
 * says it runs (x86_ap_main).  One at a time, since they share the
 * trampoline.  A CPU that never answers is left out.
 */
#include "x86.h"
#include "defs.h"

#define LAPIC_ID      0x020
#define LAPIC_EOI     0x0b0
#define LAPIC_SVR     0x0f0   /* spurious vector; bit 8 enables the LAPIC */
#define LAPIC_ICRLO   0x300
#define LAPIC_ICRHI   0x310
#define LAPIC_TIMER   0x320
#define LAPIC_LINT0   0x350
#define LAPIC_LINT1   0x360
#define LAPIC_ERROR   0x370
#define LAPIC_TICR    0x380   /* timer initial count */
#define LAPIC_TCCR    0x390   /* timer current count */
#define LAPIC_TDCR    0x3e0   /* timer divide configuration */
#define LAPIC_TPR     0x080

#define LVT_MASKED    0x10000
#define TIMER_PERIODIC 0x20000
#define ICR_INIT      0x500
#define ICR_STARTUP   0x600
#define ICR_LEVEL     0x8000
#define ICR_ASSERT    0x4000
#define ICR_BUSY      0x1000

#define TIMER_COUNT_PER_TICK (1000000000 / 16 / HZ)   /* 1 GHz bus, divide by 16 */

#define TRAMPOLINE_PA 0x8000

static inline uint32 lapic_read(int reg)
{
  return *(volatile uint32 *)(LAPIC_VA + reg);
}
static inline void lapic_write(int reg, uint32 v)
{
  *(volatile uint32 *)(LAPIC_VA + reg) = v;
  (void)lapic_read(LAPIC_ID);   /* wait for the write to finish */
}

void x86_lapic_init(void)
{
  lapic_write(LAPIC_SVR, 0x100 | T_SPURIOUS);
  lapic_write(LAPIC_TDCR, 0x3);                 /* divide by 16 */
  lapic_write(LAPIC_TIMER, TIMER_PERIODIC | T_TIMER);
  lapic_write(LAPIC_TICR, TIMER_COUNT_PER_TICK);
  lapic_write(LAPIC_LINT0, LVT_MASKED);
  lapic_write(LAPIC_LINT1, LVT_MASKED);
  lapic_write(LAPIC_ERROR, LVT_MASKED);
  lapic_write(LAPIC_EOI, 0);                    /* anything pending */
  lapic_write(LAPIC_TPR, 0);                    /* accept every priority */
}

void x86_lapic_eoi(void)
{
  lapic_write(LAPIC_EOI, 0);
}

/* ---- I/O APIC ------------------------------------------------------------ */

#define IOAPIC_VER    0x01
#define IOAPIC_REDTBL 0x10

static void ioapic_write(int reg, uint32 v)
{
  volatile uint32 *io = IO2V(x86_ioapic_pa);
  io[0] = reg;          /* IOREGSEL */
  io[4] = v;            /* IOWIN, at +0x10 */
}
static uint32 ioapic_read(int reg)
{
  volatile uint32 *io = IO2V(x86_ioapic_pa);
  io[0] = reg;
  return io[4];
}

/* Edge-triggered, active high (ISA), fixed delivery to one CPU's APIC id. */
void x86_ioapic_route(int gsi, int vector, int cpu)
{
  ioapic_write(IOAPIC_REDTBL + 2 * gsi + 1, (uint32)x86_apicid_of_cpu[cpu] << 24);
  ioapic_write(IOAPIC_REDTBL + 2 * gsi, vector);
}

static void ioapic_mask_all(void)
{
  int n = ((ioapic_read(IOAPIC_VER) >> 16) & 0xff) + 1;
  for (int i = 0; i < n; i++) {
    ioapic_write(IOAPIC_REDTBL + 2 * i, LVT_MASKED | (T_IRQ0 + i));
    ioapic_write(IOAPIC_REDTBL + 2 * i + 1, 0);
  }
}

/* The 8259s: initialize them (ICW1-4) with their vectors at 0xe0..0xef,
 * away from the exceptions, so that even a spurious IRQ 7 cannot look like
 * one, and mask every line. */
void x86_pic_disable(void)
{
  outb(0x20, 0x11); outb(0xa0, 0x11);     /* ICW1: init, ICW4 follows */
  outb(0x21, 0xe0); outb(0xa1, 0xe8);     /* ICW2: vector bases */
  outb(0x21, 0x04); outb(0xa1, 0x02);     /* ICW3: slave on IRQ 2 */
  outb(0x21, 0x01); outb(0xa1, 0x01);     /* ICW4: 8086 mode */
  outb(0x21, 0xff); outb(0xa1, 0xff);     /* mask everything */
  ioapic_mask_all();
}

/* ---- Starting the other CPUs -------------------------------------------- */

extern char trampoline_start[], trampoline_end[], trampoline_stack[];

static uchar ap_stacks[NCPU][KSTACKSIZE] __attribute__((aligned(16)));
static volatile int ap_running;
static int ap_index;            /* the CPU being started */

static void icr_send(uint32 apicid, uint32 low)
{
  lapic_write(LAPIC_ICRHI, apicid << 24);
  lapic_write(LAPIC_ICRLO, low);
  while (lapic_read(LAPIC_ICRLO) & ICR_BUSY)
    pause();
}

/* A rough wait: the MP protocol wants some time between INIT and STARTUP
 * on real hardware; QEMU needs none. */
static void short_delay(int loops)
{
  for (volatile int i = 0; i < loops; i++)
    pause();
}

int arch_start_others(void)
{
  char *tramp = P2V(TRAMPOLINE_PA);
  memmove(tramp, trampoline_start, trampoline_end - trampoline_start);
  uint64 *stack_slot = (uint64 *)(tramp + (trampoline_stack - trampoline_start));

  int n = 1;
  for (int i = 1; i < x86_ncpu_found && i < NCPU; i++) {
    uint32 apicid = x86_apicid_of_cpu[i];
    *stack_slot = (uint64)(ap_stacks[i] + KSTACKSIZE);
    ap_index = i;
    __atomic_store_n(&ap_running, 0, __ATOMIC_SEQ_CST);
    icr_send(apicid, ICR_INIT | ICR_LEVEL | ICR_ASSERT);
    short_delay(1000);
    icr_send(apicid, ICR_INIT | ICR_LEVEL);
    short_delay(1000);
    for (int k = 0; k < 2; k++) {
      icr_send(apicid, ICR_STARTUP | (TRAMPOLINE_PA >> 12));
      short_delay(200);
    }
    /* Wait for it (a generous bound: QEMU takes a few thousand loops). */
    for (long t = 0; t < 100000000 && !__atomic_load_n(&ap_running, __ATOMIC_SEQ_CST); t++)
      pause();
    if (!__atomic_load_n(&ap_running, __ATOMIC_SEQ_CST)) {
      printf("cpu with apic id %d did not start\n", apicid);
      break;          /* indexes must stay dense: stop at the first failure */
    }
    n++;
  }
  ncpu = n;
  return n;
}

/* Another CPU, in 64-bit mode on its boot stack with boot_pml4. */
void x86_ap_main(void)
{
  lcr3(x86_kernel_cr3);
  x86_load_gdt_tss_idt(ap_index);    /* cpuid() works from here */
  __atomic_store_n(&ap_running, 1, __ATOMIC_SEQ_CST);
  mpmain();
}
