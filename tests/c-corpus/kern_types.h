/*
 * kern_types.h - shared fixed-width types and helper macros for the
 * gearsc C corpus.  Everything here is freestanding: no libc headers
 * beyond what the compiler itself ships (stddef/stdint/stdarg).
 */
#ifndef GEARSC_CORPUS_KERN_TYPES_H
#define GEARSC_CORPUS_KERN_TYPES_H

#include <stddef.h>
#include <stdint.h>
#include <stdarg.h>

#if !defined(__GNUC__) && !defined(__clang__)
#error "this corpus needs a GNU C compatible compiler"
#endif

typedef unsigned char      u8;
typedef unsigned short     u16;
typedef unsigned int       u32;
typedef unsigned long long u64;
typedef signed char        s8;
typedef signed short       s16;
typedef signed int         s32;
typedef signed long long   s64;

typedef unsigned long      ulong;
typedef long               ssize;
typedef _Bool              kbool;
typedef u64                phys_addr_t;
typedef unsigned long      virt_addr_t;

__extension__ typedef unsigned long long u64_ext;

/* Little-endian wire types: just documentation for the reader. */
typedef u16 le16;
typedef u32 le32;
typedef u64 le64;

#define KTRUE  ((kbool)1)
#define KFALSE ((kbool)0)

#define ARRAY_SIZE(a)   (sizeof(a) / sizeof((a)[0]))
#define BIT(n)          (1UL << (n))
#define BIT_ULL(n)      (1ULL << (n))
#define GENMASK(h, l)   (((~0UL) << (l)) & (~0UL >> (sizeof(long) * 8 - 1 - (h))))
#define ALIGN_UP(x, a)  (((x) + ((a) - 1)) & ~((__typeof__(x))(a) - 1))
#define ALIGN_DOWN(x, a) ((x) & ~((__typeof__(x))(a) - 1))
#define IS_ALIGNED(x, a) (((x) & ((__typeof__(x))(a) - 1)) == 0)
#define DIV_ROUND_UP(n, d) (((n) + (d) - 1) / (d))

#define likely(x)       __builtin_expect(!!(x), 1)
#define unlikely(x)     __builtin_expect(!!(x), 0)

#define barrier()       __asm__ __volatile__("" ::: "memory")
#define cpu_relax()     __asm__ __volatile__("pause" ::: "memory")

#define READ_ONCE(x)    (*(const volatile __typeof__(x) *)&(x))
#define WRITE_ONCE(x, v) do { *(volatile __typeof__(x) *)&(x) = (v); } while (0)

#define min(a, b) ({                    \
	__typeof__(a) _min_a = (a);     \
	__typeof__(b) _min_b = (b);     \
	(void)(&_min_a == &_min_b);     \
	_min_a < _min_b ? _min_a : _min_b; })

#define max(a, b) ({                    \
	__typeof__(a) _max_a = (a);     \
	__typeof__(b) _max_b = (b);     \
	(void)(&_max_a == &_max_b);     \
	_max_a > _max_b ? _max_a : _max_b; })

#define clamp(v, lo, hi) min(max(v, lo), hi)

#define swap(a, b) do {                 \
	__typeof__(a) _swap_tmp = (a);  \
	(a) = (b);                      \
	(b) = _swap_tmp;                \
} while (0)

#define container_of(ptr, type, member) ({                      \
	const __typeof__(((type *)0)->member) *_mptr = (ptr);   \
	(type *)((char *)_mptr - offsetof(type, member)); })

#define BUILD_BUG_ON(cond) ((void)sizeof(char[1 - 2 * !!(cond)]))

#define __stringify_1(x) #x
#define __stringify(x)   __stringify_1(x)
#define __concat_1(a, b) a##b
#define __concat(a, b)   __concat_1(a, b)
#define UNIQUE_ID(pfx)   __concat(pfx, __COUNTER__)

#define pr_fmt(fmt) "[kern] " fmt
#define pr_info(fmt, ...)  kprintf(pr_fmt(fmt), ##__VA_ARGS__)
#define pr_warn(fmt, ...)  kprintf(pr_fmt("warning: " fmt), ##__VA_ARGS__)
#define pr_debug(...)      do { if (KDEBUG) kprintf(__VA_ARGS__); } while (0)

#ifndef KDEBUG
#define KDEBUG 0
#endif

/* Intrusive doubly linked list, used by several files. */
struct list_node {
	struct list_node *next;
	struct list_node *prev;
};

static inline void list_init(struct list_node *head)
{
	head->next = head;
	head->prev = head;
}

static inline kbool list_empty(const struct list_node *head)
{
	return head->next == head;
}

static inline void __list_link(struct list_node *node,
			       struct list_node *prev,
			       struct list_node *next)
{
	next->prev = node;
	node->next = next;
	node->prev = prev;
	prev->next = node;
}

static inline void list_add_tail(struct list_node *node, struct list_node *head)
{
	__list_link(node, head->prev, head);
}

static inline void list_add(struct list_node *node, struct list_node *head)
{
	__list_link(node, head, head->next);
}

static inline void list_del(struct list_node *node)
{
	node->prev->next = node->next;
	node->next->prev = node->prev;
	node->next = node;
	node->prev = node;
}

extern int kprintf(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
extern _Noreturn void panic(const char *fmt, ...) __attribute__((format(printf, 1, 2), cold));

#endif /* GEARSC_CORPUS_KERN_TYPES_H */
