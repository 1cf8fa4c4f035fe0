/*
 * decorations.c - declarations decorated with macros the parser cannot
 * know: section and attribute macros before and after the declarator,
 * export macros with and without their ';', declaration macros.
 */
#include "kdefs.h"

struct pt_regs {
    unsigned long di, si, dx, ax;
} __packed __aligned(8);

static int boot_stage __initdata = 1;
static unsigned long counters[4] __aligned(64);
DEFINE_SPINLOCK(tick_lock);
static DECLARE_BITMAP(cpu_online_bits, 128);
static LIST_HEAD(timers);
int warn_count;

static __always_inline int is_kernel_addr(unsigned long a)
{
    return likely(a >= 0xffff800000000000UL);
}

static noinline __cold void report(const char *what, long v)
{
    klog(3, "%s: %ld\n", what, v);
}

asmlinkage long sys_getcount(int __user *where)
{
    unsigned long a = (unsigned long)where;
    if (unlikely(!is_kernel_addr(a) && a == 0))
        return -14;
    return (long)READ_ONCE(counters[0]);
}
EXPORT_SYMBOL(sys_getcount);

long __must_check tick(unsigned cpu)
{
    BUG_ON(cpu >= 128);
    cpu_online_bits[cpu / 64] |= 1UL << (cpu % 64);
    WRITE_ONCE(counters[cpu & 3], counters[cpu & 3] + 1);
    if (WARN_ON(boot_stage > 1))
        report("late tick", cpu);
    return (long)counters[cpu & 3];
}
EXPORT_SYMBOL_GPL(tick)

static int __init timers_init(void)
{
    boot_stage = 2;
    return timers.next == &timers ? 0 : -1;
}
module_init(timers_init)

static void __exit timers_exit(void)
{
    tick_lock.locked = 0;
}
module_exit(timers_exit)

notrace __visible void __noreturn kernel_halt(void)
{
    for (;;)
        __asm__ volatile("" ::: "memory");
}

void __iomem *map_device(unsigned long phys)
{
    return (void __force __iomem *)phys;
}
