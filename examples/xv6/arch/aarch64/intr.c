/* intr.c -- the GICv2 interrupt controller, the generic timer, the cycle
 * counter, and the per-CPU set-up arch_cpu_init().
 *
 * GICv2 (QEMU virt, gic-version=2) has two parts:
 *   the distributor (GICD, one for the machine) decides which interrupts
 *     are enabled, their priority and, for shared peripheral interrupts
 *     (SPIs), which CPU gets them.  The PL011's SPI (INTID 33) goes to CPU 0
 *     only, so console input is handled in one place.  Private peripheral
 *     interrupts (PPIs, INTID 16..31), such as each CPU's own timer, have
 *     banked enable/priority registers: each CPU enables its own.
 *   the CPU interface (GICC, banked per CPU) hands this CPU its highest
 *     pending interrupt: reading IAR acknowledges it, writing the same value
 *     to EOIR ends it.
 * The GIC here has no security extensions enabled from EL1's point of view,
 * so everything is group 0 and signalled as IRQ.
 *
 * The timer is the EL1 virtual timer (CNTV_*, PPI INTID 27), which counts
 * CNTVCT_EL0 at CNTFRQ_EL0 Hz.  Each tick reloads its down-counter TVAL with
 * CNTFRQ/HZ, which also drops the (level) interrupt before the EOI.
 *
 * Counters readable by user programs (for measurements): CNTKCTL_EL1 lets
 * EL0 read CNTVCT_EL0/CNTPCT_EL0 and CNTFRQ_EL0, and PMUSERENR_EL0.CR lets
 * EL0 read the PMU cycle counter PMCCNTR_EL0 (but not change the PMU).
 * arch_cycles() reads PMCCNTR_EL0 where a PMU exists (QEMU counts it at
 * 1 GHz of virtual time: with -icount shift=0, one per instruction), and
 * CNTVCT_EL0 otherwise -- and also before the boot CPU's arch_cpu_init, so
 * compare only values read after it.  PMCCNTR_EL0 is per CPU and starts
 * when arch_cpu_init enables it, so only values read on the same CPU
 * compare exactly (CNTVCT_EL0 is one clock for all CPUs, but coarser). */
#include "archint.h"

#define GICD_CTLR        0x000
#define GICD_ISENABLER   0x100
#define GICD_ICENABLER   0x180
#define GICD_IPRIORITYR  0x400
#define GICD_ITARGETSR   0x800
#define GICD_ICFGR       0xc00

#define GICC_CTLR        0x000
#define GICC_PMR         0x004
#define GICC_IAR         0x00c
#define GICC_EOIR        0x010

#define IRQ_PRIORITY     0x80   /* the same for all: no preemption among them */
#define SPURIOUS_IRQ     1023

static volatile uint8 *gicd(uint off) { return (volatile uint8 *)GICD_BASE + off; }
static volatile uint8 *gicc(uint off) { return (volatile uint8 *)GICC_BASE + off; }

/* Priority (and, for an SPI, target CPU 0) of one interrupt, then enable. */
static void gic_enable(uint id)
{
  *gicd(GICD_IPRIORITYR + id) = IRQ_PRIORITY;        /* byte-accessible */
  if (id >= 32) {
    *gicd(GICD_ITARGETSR + id) = 0x01;                /* CPU interface 0 */
    /* Level-sensitive: clear bit 1 of the interrupt's 2-bit ICFGR field. */
    volatile uint8 *cfg = gicd(GICD_ICFGR + (id / 16) * 4);
    mmio_write32(cfg, mmio_read32(cfg) & ~(2u << ((id % 16) * 2)));
  }
  mmio_write32(gicd(GICD_ISENABLER + (id / 32) * 4), 1u << (id % 32));
}

/* Once, on CPU 0: every SPI off, the UART's on, the distributor on. */
void gic_init_distributor(void)
{
  mmio_write32(gicd(GICD_CTLR), 0);
  for (uint n = 1; n < 32; n++)           /* SPIs 32..1023: all disabled */
    mmio_write32(gicd(GICD_ICENABLER + n * 4), 0xffffffffu);
  gic_enable(UART0_IRQ);
  mmio_write32(gicd(GICD_CTLR), 1);
}

/* On every CPU: its timer PPI, its CPU interface. */
static void gic_init_cpu(void)
{
  gic_enable(TIMER_IRQ);
  mmio_write32(gicc(GICC_PMR), 0xff);     /* let every priority through */
  mmio_write32(gicc(GICC_CTLR), 1);
}

static uint64 timer_interval;

static void timer_init(void)
{
  timer_interval = READ_SYSREG(cntfrq_el0) / HZ;
  WRITE_SYSREG(cntv_tval_el0, timer_interval);
  WRITE_SYSREG(cntv_ctl_el0, 1);          /* ENABLE, interrupt not masked */
  /* EL0 may read the virtual and physical counters and CNTFRQ_EL0. */
  WRITE_SYSREG(cntkctl_el1, (1 << 1) | (1 << 0));
}

static int have_pmu;

static void cycle_counter_init(void)
{
  uint64 pmuver = (READ_SYSREG(id_aa64dfr0_el1) >> 8) & 0xf;
  have_pmu = pmuver != 0 && pmuver != 0xf;
  if (!have_pmu)
    return;
  WRITE_SYSREG(pmccfiltr_el0, 0);         /* count at EL0 and EL1 */
  WRITE_SYSREG(pmcntenset_el0, 1ULL << 31);
  WRITE_SYSREG(pmcr_el0, READ_SYSREG(pmcr_el0) | 1);   /* E: counters on */
  WRITE_SYSREG(pmuserenr_el0, 1 << 2);    /* CR: EL0 may read PMCCNTR_EL0 */
  ISB();
}

uint64 arch_cycles(void)
{
  if (have_pmu)
    return READ_SYSREG(pmccntr_el0);
  return READ_SYSREG(cntvct_el0);
}

/* The scheduler found nothing to run: sleep until an interrupt (its
 * interrupts are on, so the interrupt is taken right after wfi). */
void arch_idle(void)
{
  __asm__ volatile("wfi" ::: "memory");
}

void arch_cpu_init(void)
{
  WRITE_SYSREG(vbar_el1, vectors);
  ISB();
  if (cpuid() == 0)
    gic_init_distributor();
  gic_init_cpu();
  timer_init();
  cycle_counter_init();
}

/* Acknowledge the highest pending interrupt, handle it, end it. */
enum trapcause handle_irq(void)
{
  uint32 iar = mmio_read32(gicc(GICC_IAR));
  uint32 id = iar & 0x3ff;

  if (id == SPURIOUS_IRQ)                 /* nothing pending after all */
    return TRAP_DEVICE;
  if (id == TIMER_IRQ) {
    WRITE_SYSREG(cntv_tval_el0, timer_interval);
    ISB();
    mmio_write32(gicc(GICC_EOIR), iar);
    clockintr();
    return TRAP_TIMER;
  }
  if (id == UART0_IRQ)
    uart_intr();
  mmio_write32(gicc(GICC_EOIR), iar);
  return TRAP_DEVICE;
}
