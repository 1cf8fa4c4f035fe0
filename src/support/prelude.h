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

#endif
