/*
 * xmacros.c - X-macros: one list, expanded into an enum, a name table,
 * a dispatch switch and prototypes; string pasting with macros.
 */
#include "kdefs.h"

#define SYSCALLS(X)   \
    X(read, 0, 3)     \
    X(write, 1, 3)    \
    X(open, 2, 2)     \
    X(close, 3, 1)

#define SYS_ENUM(name, nr, args) SYS_##name = nr,
#define SYS_NAME(name, nr, args) [nr] = #name,
#define SYS_ARGS(name, nr, args) [nr] = args,
#define SYS_PROTO(name, nr, args) long sys_##name(long a, long b, long c);
#define SYS_CASE(name, nr, args) case nr: return sys_##name(a, b, c);
#define SYS_DEF(name, nr, args) \
    long sys_##name(long a, long b, long c) { return a + b + c + nr; }

#define PREFIX "sys_"
#define SEP    ":"

enum syscall_nr { SYSCALLS(SYS_ENUM) SYS_MAX };

SYSCALLS(SYS_PROTO)

static const char *const syscall_names[] = { SYSCALLS(SYS_NAME) };
static const unsigned char syscall_args[] = { SYSCALLS(SYS_ARGS) };

SYSCALLS(SYS_DEF)

long dispatch(int nr, long a, long b, long c)
{
    switch (nr) {
        SYSCALLS(SYS_CASE)
    default:
        return -38;
    }
}

const char *describe(int nr)
{
    static const char banner[] = PREFIX "table" SEP " " PREFIX "calls";
    if (nr < 0 || (unsigned)nr >= ARRAY_SIZE(syscall_names))
        return banner;
    return syscall_args[nr] > 2 ? syscall_names[nr] : banner + 4;
}
