/*
 * kapi.h - a header in the style of a kernel or library API: linkage and
 * decoration macros on every prototype, parenthesised names, C++ guards.
 */
#ifndef KAPI_H
#define KAPI_H

#include "kdefs.h"

#ifdef __cplusplus
#define KAPI_BEGIN extern "C" {
#define KAPI_END }
#else
#define KAPI_BEGIN
#define KAPI_END
#endif

#define KAPI extern
#define KAPI_DATA extern
#define KFUNC __attribute__((visibility("hidden"))) extern
#define k_noret void __noreturn

KAPI_BEGIN

KAPI int (kapi_version) (void);
KAPI long sys_getcount(int __user *where);
KAPI long __must_check tick(unsigned cpu);
KFUNC k_noret kapi_panic (const char *msg);
KAPI_DATA const char *kapi_name;
KAPI void *kapi_alloc (size_t n) __attribute__((malloc));
static __always_inline int kapi_ok(long r) { return likely(r >= 0); }

KAPI_END

#endif
