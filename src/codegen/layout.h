/* layout.h - the slot layout of the uniform gear signature, per target ABI.
 *
 * Every code gear is lowered to one C function type: the chain pointer, then
 * `words` integer slots (__cbc_word), then `floats` double slots.  The layout
 * says how many of each, chosen from the argument registers the target really
 * has (docs/lowering.md, "Slot layouts"):
 *
 *     portable     5 word + 8 float   x86-64 SysV or AArch64 (the default)
 *     x86_64       5 word + 8 float   x86-64 SysV: rdi = chain, rsi..r9, xmm0-7
 *     aarch64      7 word + 8 float   AAPCS64: x0 = chain, x1..x7, d0-d7
 *     x86_64-int   5 word + 0 float   kernel builds: -mgeneral-regs-only, -mno-sse
 *     aarch64-int  7 word + 0 float   kernel builds: -mgeneral-regs-only
 *
 * Every file of one program must use layouts of one shape (the same numbers
 * of slots and CBC_SPILL_BYTES): the generated prelude makes the linker refuse
 * a mix (a marker symbol per shape in a COMDAT group) and the compiler refuse a
 * file compiled for another architecture, or without FP registers when its
 * layout has float slots. */
#ifndef GEARSC_LAYOUT_H
#define GEARSC_LAYOUT_H

#include <stdbool.h>

enum { MAX_WORD_SLOTS = 7, MAX_FLOAT_SLOTS = 8 };

typedef enum LayoutArch { ARCH_ANY, ARCH_X86_64, ARCH_AARCH64 } LayoutArch;

typedef struct SlotLayout {
    const char *name;   /* as --layout= spells it */
    LayoutArch arch;    /* the architecture the output must be compiled for */
    int words;          /* integer slots after the chain pointer */
    int floats;         /* double slots */
} SlotLayout;

/* The layout called name, or NULL. */
const SlotLayout *slot_layout_named(const char *name);
/* The default layout of source mode: "portable". */
const SlotLayout *slot_layout_default(void);
/* The layout for a compiler's target triple (NULL or "": the host) and its
 * flags (argv-style, as `gearsc cc` receives them): the integer-only layout
 * of the triple's architecture when the flags take the FP registers away
 * (-mgeneral-regs-only, -mno-sse, -mno-sse2, -msoft-float, -mfloat-abi=soft,
 * -march=...+nofp), else its full layout; NULL for an architecture gearsc
 * does not lower for.  Later flags win over earlier ones (-msse2 after
 * -mno-sse). */
const SlotLayout *slot_layout_for_target(const char *triple, int flagc, const char *const *flagv);

#endif
