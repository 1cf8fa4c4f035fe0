/* psci.c -- starting the other CPUs and powering off, through PSCI.
 *
 * QEMU virt implements the Power State Coordination Interface itself; at
 * EL1 without EL2/EL3 firmware the conduit is the `hvc #0` instruction
 * (function id in x0, arguments in x1..x3, result in x0; SMCCC lets the
 * call clobber x0..x17).  With virtualization=on QEMU enters the kernel at
 * EL2 and takes PSCI calls by `smc #0` instead; boot.S drops to EL1 and
 * sets psci_use_smc.
 *
 *   CPU_ON(target MPIDR, entry physical address, context id)
 *     starts a powered-off CPU at entry with the MMU off and x0 = context
 *     id.  On virt, CPU n has MPIDR affinity 0.0.n, so the target is n and
 *     the context id is n too: boot.S makes it the CPU's index (TPIDR_EL1).
 *     For a CPU that does not exist it returns INVALID_PARAMETERS, which is
 *     how arch_start_others counts the CPUs QEMU was given (-smp N).
 *   SYSTEM_OFF
 *     QEMU exits with status 0.
 *
 * A non-zero exit status has no PSCI call.  QEMU's semihosting (enabled by
 * -semihosting in arch.mk's QEMU_OPTS; only EL1 may use it, user programs
 * cannot) has SYS_EXIT, whose "application exit" reason carries an exit
 * code that QEMU exits with.  Without -semihosting the `hlt #0xf000` is an
 * undefined instruction; el1_sync_handler sees arch_poweroff_started and
 * powers off with PSCI instead (status 0, but the machine stops).
 *
 * arch_start_others starts one CPU at a time and waits until it has
 * reached C (secondary_main) before it asks for the next, so that the count
 * is exact and the boot stacks are handed out in order. */
#include "archint.h"

#define PSCI_CPU_ON      0xc4000003ULL   /* SMC64 */
#define PSCI_SYSTEM_OFF  0x84000008ULL

extern int psci_use_smc;             /* boot.S: 1 if we came in at EL2 */

#define PSCI_CLOBBERS "x4", "x5", "x6", "x7", "x8", "x9", "x10", "x11", "x12", \
                      "x13", "x14", "x15", "x16", "x17", "memory"

static int64 psci_call(uint64 function, uint64 a1, uint64 a2, uint64 a3)
{
  register uint64 x0 __asm__("x0") = function;
  register uint64 x1 __asm__("x1") = a1;
  register uint64 x2 __asm__("x2") = a2;
  register uint64 x3 __asm__("x3") = a3;
  if (psci_use_smc)
    __asm__ volatile("smc #0" : "+r"(x0), "+r"(x1), "+r"(x2), "+r"(x3) :: PSCI_CLOBBERS);
  else
    __asm__ volatile("hvc #0" : "+r"(x0), "+r"(x1), "+r"(x2), "+r"(x3) :: PSCI_CLOBBERS);
  return (int64)x0;
}

extern char secondary_entry[];        /* boot.S */
static volatile int last_started;     /* index of the last CPU to reach C */

/* Each other CPU's first C code, on its boot stack, MMU on (boot.S). */
void secondary_main(void)
{
  kvm_switch();                       /* from boot.S's table to the final one */
  __atomic_store_n(&last_started, cpuid(), __ATOMIC_RELEASE);
  mpmain();
}

int arch_start_others(void)
{
  int count = 1;
  uint64 second = READ_SYSREG(cntfrq_el0);
  for (int n = 1; n < NCPU; n++) {
    if (psci_call(PSCI_CPU_ON, (uint64)n, V2P(secondary_entry), (uint64)n) != 0)
      break;                          /* no CPU n: QEMU was given n CPUs */
    uint64 start = READ_SYSREG(cntvct_el0);
    while (__atomic_load_n(&last_started, __ATOMIC_ACQUIRE) != n) {
      if (READ_SYSREG(cntvct_el0) - start > second) {
        arch_puts("arch_start_others: a CPU did not start\n");
        ncpu = count;
        return count;
      }
    }
    count++;
  }
  ncpu = count;
  return count;
}

volatile int arch_poweroff_started;

void arch_poweroff(int status)
{
  intr_off();
  if (status != 0 && !arch_poweroff_started) {
    arch_poweroff_started = 1;
    /* SYS_EXIT (0x18) with a block {ADP_Stopped_ApplicationExit, code}. */
    uint64 block[2] = { 0x20026, (uint64)status };
    register uint64 x0 __asm__("x0") = 0x18;
    register uint64 x1 __asm__("x1") = (uint64)block;
    __asm__ volatile("hlt #0xf000" : "+r"(x0) : "r"(x1) : "memory");
  }
  arch_poweroff_started = 1;
  psci_call(PSCI_SYSTEM_OFF, 0, 0, 0);
  for (;;)
    __asm__ volatile("wfi");
}
