/*
 * kdefs.h - the macros a kernel's C is written in, defined here so that the
 * files beside it compile: decorations (__init, __user, asmlinkage,
 * noinline), branch hints, export and declaration macros, statement macros.
 * Source mode reads the files without expanding any of them.
 */
#ifndef KDEFS_H
#define KDEFS_H

#include <stddef.h>

#define __init          __attribute__((section(".text.init"), cold))
#define __exit          __attribute__((section(".text.exit"), cold))
#define __initdata      __attribute__((section(".data.init")))
#define __user          /* an address in user space */
#define __iomem         /* an address of device memory */
#define __force
#define __must_check    __attribute__((warn_unused_result))
#define __cold          __attribute__((cold))
#define __packed        __attribute__((packed))
#define __aligned(n)    __attribute__((aligned(n)))
#define __section(s)    __attribute__((section(s)))
#define __maybe_unused  __attribute__((unused))
#define __printf(a, b)  __attribute__((format(printf, a, b)))
#define asmlinkage      __attribute__((used))
#define noinline        __attribute__((noinline))
#define __always_inline inline __attribute__((always_inline))
#define notrace         __attribute__((no_instrument_function))
#define __noreturn      __attribute__((noreturn))
#define __visible       __attribute__((visibility("default")))

#define likely(x)   __builtin_expect(!!(x), 1)
#define unlikely(x) __builtin_expect(!!(x), 0)

#define EXPORT_SYMBOL(sym)     extern __typeof__(sym) sym
#define EXPORT_SYMBOL_GPL(sym) extern __typeof__(sym) sym;
#define module_init(fn)        static int (*__initcall_##fn)(void) __maybe_unused = fn;
#define module_exit(fn)        static void (*__exitcall_##fn)(void) __maybe_unused = fn;
#define DEFINE_SPINLOCK(name)  struct spinlock name = { 0, #name }
#define DECLARE_BITMAP(name, bits) unsigned long name[((bits) + 63) / 64]
#define LIST_HEAD(name)        struct list_head name = { &(name), &(name) }
#define BUILD_BUG_ON(c)        _Static_assert(!(c), #c)

#define READ_ONCE(x)     (*(const volatile __typeof__(x) *)&(x))
#define WRITE_ONCE(x, v) do { *(volatile __typeof__(x) *)&(x) = (v); } while (0)
#define BUG_ON(c)        do { if (unlikely(c)) __builtin_trap(); } while (0)
#define WARN_ON(c)       ({ int __w = !!(c); if (unlikely(__w)) warn_count++; unlikely(__w); })
#define ARRAY_SIZE(a)    (sizeof(a) / sizeof((a)[0]))
#define min(a, b)        ((a) < (b) ? (a) : (b))
#define cast(t, e)       ((t)(e))
#define intop(op, a, b)  ((long)((unsigned long)(a) op (unsigned long)(b)))
#define container_of(p, type, member) ((type *)((char *)(p) - offsetof(type, member)))

/* statement macros: a whole statement, with or without its ';' */
#define KLOG(lvl, ...)   klog(lvl, __VA_ARGS__);
#define RETURN_IF(c, v)  if (c) return (v);
#define TRY(jb, body)    if (__builtin_setjmp(jb) == 0) { body } else
#define ENTER_CRITICAL   { unsigned long __flags = irq_save();
#define LEAVE_CRITICAL   irq_restore(__flags); }

#define list_for_each(pos, head) for ((pos) = (head)->next; (pos) != (head); (pos) = (pos)->next)

struct list_head {
    struct list_head *next, *prev;
};

struct spinlock {
    int locked;
    const char *name;
};

extern int warn_count;
int klog(int level, const char *fmt, ...) __printf(2, 3);
unsigned long irq_save(void);
void irq_restore(unsigned long flags);

#endif
