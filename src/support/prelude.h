/* prelude.h - the C text that gearsc's outputs share, written once: the
 * output of plain CbC lowering (src/codegen/cbc_lower.c) and the context
 * header of `gearsc link` (src/gears/link.c), which Gears mode's output
 * includes, both stop a compiler without musttail and define these macros. */
#ifndef GEARSC_PRELUDE_H
#define GEARSC_PRELUDE_H

/* A compiler without __attribute__((musttail)) (gcc before 15) stops here
 * with a clear #error, not with a build whose gotos grow the stack. */
#define PRELUDE_MUSTTAIL_CHECK                                                                   \
    "#if !defined(__has_attribute)\n"                                                            \
    "#error \"gearsc output needs __attribute__((musttail)): use clang >= 14 or gcc >= 15\"\n"   \
    "#elif !__has_attribute(musttail)\n"                                                         \
    "#error \"gearsc output needs __attribute__((musttail)): use clang >= 14 or gcc >= 15\"\n"   \
    "#endif\n"

/* A transition: `__CBC_TAIL g(...);` is a guaranteed tail call. */
#define PRELUDE_DEFINE_TAIL "#define __CBC_TAIL __attribute__((musttail)) return\n"
/* A gear's unpacked parameter may go unused, as a C function's may. */
#define PRELUDE_DEFINE_UNUSED "#define __CBC_UNUSED __attribute__((unused))\n"

/* __return through nested chains (src/codegen/cbc_lower.c, "__return").
 * A chain frame's `ret` is where __return stores the value (even: the
 * result is aligned to 2), or, for the frame of a gear called like a
 * function where __return may leave, the enclosing chain's address | 1
 * (chains are 16-aligned), | 2 once __return leaves through it: its call
 * site then returns at once.  The return gear calls __cbc_return_escape
 * only when env is not its own chain; the walk reaches env through linked
 * frames, or the program stops with a message (a C frame in between would
 * need longjmp).  Freestanding, a program may define gearsc_return_failed
 * to print the message; then it traps. */
#define PRELUDE_RETURN_ESCAPE                                                                     \
    "#define __CBC_RESULT_ALIGN __attribute__((aligned(2)))\n"                                    \
    "#define __CBC_NESTED(chain) ((void *)((__UINTPTR_TYPE__)(chain) | 1))\n"                     \
    "#define __CBC_LEFT(chain) ((__UINTPTR_TYPE__)(chain)->ret & 2)\n"                             \
    "#define __CBC_ESCAPE_MSG \"gearsc: __return was reached from a chain that is not nested in " \
    "the chain of its C function through gear calls (a C function between them, or that "        \
    "function has returned): gearsc cannot return through C frames (docs/lowering.md)\\n\"\n"     \
    "#if __STDC_HOSTED__\n"                                                                       \
    "static __attribute__((noreturn, cold, unused)) void __cbc_return_failed(void) {\n"           \
    "#if defined(__linux__) && defined(__x86_64__)\n"                                             \
    "  long __cbc_r; __asm__ __volatile__(\"syscall\" : \"=a\"(__cbc_r) : \"0\"(1L), \"D\"(2L), " \
    "\"S\"(__CBC_ESCAPE_MSG), \"d\"(sizeof __CBC_ESCAPE_MSG - 1) : \"rcx\", \"r11\", "            \
    "\"memory\"); (void)__cbc_r;\n"                                                               \
    "#elif defined(__linux__) && defined(__aarch64__)\n"                                          \
    "  register long __cbc_x0 __asm__(\"x0\") = 2; register const char *__cbc_x1 __asm__(\"x1\") " \
    "= __CBC_ESCAPE_MSG; register long __cbc_x2 __asm__(\"x2\") = sizeof __CBC_ESCAPE_MSG - 1; "  \
    "register long __cbc_x8 __asm__(\"x8\") = 64;\n"                                              \
    "  __asm__ __volatile__(\"svc #0\" : \"+r\"(__cbc_x0) : \"r\"(__cbc_x1), \"r\"(__cbc_x2), "   \
    "\"r\"(__cbc_x8) : \"memory\");\n"                                                            \
    "#endif\n"                                                                                    \
    "  __builtin_abort();\n"                                                                      \
    "}\n"                                                                                         \
    "#else\n"                                                                                     \
    "void gearsc_return_failed(const char *message) __attribute__((weak));\n"                     \
    "static __attribute__((noreturn, cold, unused)) void __cbc_return_failed(void) {\n"           \
    "  if (gearsc_return_failed) gearsc_return_failed(__CBC_ESCAPE_MSG);\n"                       \
    "  __builtin_trap();\n"                                                                       \
    "}\n"                                                                                         \
    "#endif\n"                                                                                    \
    "static __attribute__((noinline, cold, unused)) void "                                        \
    "__cbc_return_escape(struct __cbc_chain *__cbc_c, void *__cbc_env) {\n"                       \
    "  while ((void *)__cbc_c != __cbc_env) {\n"                                                  \
    "    __UINTPTR_TYPE__ __cbc_r = (__UINTPTR_TYPE__)__cbc_c->ret;\n"                            \
    "    if (!(__cbc_r & 1)) __cbc_return_failed();\n"                                            \
    "    __cbc_c->ret = (void *)(__cbc_r | 2);\n"                                                 \
    "    __cbc_c = (struct __cbc_chain *)(__cbc_r & ~(__UINTPTR_TYPE__)3);\n"                     \
    "  }\n"                                                                                       \
    "}\n"

#endif
