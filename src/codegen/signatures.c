/* signatures.c - the link-time check of gear signatures across files.
 *
 * Every lowered gear has one C type, so a gear defined as sink(double, int)
 * in a.cbc and declared sink(int, double) in b.cbc links and runs with wrong
 * values.  So each file defines, for each gear it defines, a symbol named
 * after the gear's normalised parameter types (sema/signature.h), and
 * references the symbol its own declaration implies for each gear it
 * reaches; a mismatch is an undefined symbol that names the gear and both
 * sides can read:
 *
 *     ld.lld: error: undefined symbol: __gearsc_sig:sink(int, double)
 *     ld.bfd: b.o:(.gearsc_signature_use+0x0): undefined reference to
 *             `__gearsc_sig:sink(int, double)'
 *
 * The definitions are labels in an empty section; each reference is four
 * bytes (`.long SYM - .`) in a section no code reads, kept by --gc-sections
 * ("R").  Nothing runs.  -DCBC_NO_SIGNATURE_CHECK leaves both out (for
 * linkers that object); non-ELF targets never get them.  The same device
 * as the slot layout marker (cbc_lower.c, print_layout_marker). */
#include "lowering.h"

#include "../sema/signature.h"

#include <stdlib.h>
#include <string.h>

static int compare_names(const void *a, const void *b)
{
    return strcmp((*(Symbol *const *)a)->name, (*(Symbol *const *)b)->name);
}

static void print_symbol_name(Buf *out, Lowering *L, const Symbol *s, const Type *g)
{
    buf_printf(out, "\\\"__gearsc_sig:%s%s\\\"", s->name, gear_signature_text(L->env, g));
}

void print_signature_symbols(Lowering *L, Buf *out)
{
    Scope *fs = L->env->file_scope;
    Symbol **syms = xmalloc((fs->symbols.count + 1) * sizeof *syms);
    size_t n = 0;
    for (unsigned i = 0; i < fs->symbols.bucket_count; i++)
        for (HashLink *e = fs->symbols.buckets[i]; e; e = e->next) {
            Symbol *s = (Symbol *)e;
            Type *g = s->type;
            if (s->kind != SYM_GEAR || s->is_static) /* static: no other file reaches it */
                continue;
            if (s->definition || (s->reached && g && g->kind == TYPE_GEAR && !g->unprototyped))
                syms[n++] = s;
        }
    if (n > 0) {
        qsort(syms, n, sizeof *syms, compare_names);
        size_t defs = 0;
        for (size_t i = 0; i < n; i++)
            defs += syms[i]->definition != NULL;
        buf_puts(out, "#if defined(__ELF__) && !defined(CBC_NO_SIGNATURE_CHECK)\n__asm__(");
        if (defs > 0) {
            buf_puts(out, "\".pushsection .gearsc_signature,\\\"aR\\\",%progbits\\n\"");
            for (size_t i = 0; i < n; i++)
                if (syms[i]->definition) {
                    Symbol *s = syms[i];
                    buf_puts(out, "\n        \".globl ");
                    print_symbol_name(out, L, s, s->definition);
                    buf_puts(out, "\\n.hidden ");
                    print_symbol_name(out, L, s, s->definition);
                    buf_puts(out, "\\n");
                    print_symbol_name(out, L, s, s->definition);
                    buf_puts(out, ":\\n\"");
                }
            buf_puts(out, "\n        \".popsection\\n\"");
        }
        if (defs < n) {
            buf_puts(out, defs ? "\n        " : "");
            buf_puts(out, "\".pushsection .gearsc_signature_use,\\\"aR\\\",%progbits\\n\"");
            for (size_t i = 0; i < n; i++)
                if (!syms[i]->definition) {
                    buf_puts(out, "\n        \".long ");
                    print_symbol_name(out, L, syms[i], syms[i]->type);
                    buf_puts(out, " - .\\n\"");
                }
            buf_puts(out, "\n        \".popsection\"");
        }
        buf_puts(out, ");\n#endif\n");
    }
    free(syms);
}
