/*
 * conditionals.c - #if inside expressions, argument lists, initializers,
 * enumerations, struct members and if / else if chains.
 */
#include "kdefs.h"

#define CONFIG_SMP 1
#define CONFIG_NR_CPUS 8

enum irq_kind {
    IRQ_TIMER,
#if CONFIG_SMP
    IRQ_IPI,
#endif
    IRQ_UART,
    IRQ_COUNT
};

struct cpu_info {
    int id;
#ifdef CONFIG_SMP
    int online;
    struct cpu_info *next;
#endif
    long ticks;
};

static const int irq_priority[] = {
    [IRQ_TIMER] = 1,
#if CONFIG_SMP
    [IRQ_IPI] = 0,
#endif
    [IRQ_UART] = 3
};

static struct cpu_info boot_cpu = {
    .id = 0,
#ifdef CONFIG_SMP
    .online = 1,
    .next = NULL,
#endif
    .ticks = 0
};

static long weight(long x)
{
    return x
#if CONFIG_NR_CPUS > 4
        * 2
#endif
        + 1;
}

static int pick(int irq)
{
    int r = irq_priority[irq];
    if (irq == IRQ_TIMER)
        r += 10;
#if CONFIG_SMP
    else if (irq == IRQ_IPI)
        r += 20;
#endif
    else
        r += 30;
    return r;
}

long cpu_load(int cpu)
{
    long l = weight(boot_cpu.ticks
#ifdef CONFIG_SMP
                    + cpu
#endif
    );
    return l + pick(cpu % IRQ_COUNT) + klog(1, "load %ld\n",
#if CONFIG_NR_CPUS > 1
                                             l
#else
                                             0L
#endif
                                             );
}
