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

/* Where the symbols mean something: ELF objects (clang's x86_64-elf target,
 * the bare-metal one kernels use, defines no __ELF__). */
#define SIGNATURE_CONDITION                                                                      \
    "#if (defined(__ELF__) || (defined(__x86_64__) && !defined(_WIN32) && !defined(__APPLE__))) " \
    "&& !defined(CBC_NO_SIGNATURE_CHECK) && !defined(CBC_NO_LINK_CHECKS)\n"

static const char use_section[] = "\".pushsection .gearsc_signature_use,\\\"aR\\\",%progbits\\n\"";

/* The references, at the end of the file: the #if conditions of the uses
 * are evaluated where the C compiler has seen everything they depend on. */
static void print_references(Lowering *L, Symbol **syms, size_t n)
{
    Buf out = { 0 };
    bool any = false;
    for (size_t i = 0; i < n; i++)
        if (!syms[i]->definition && syms[i]->reached_if && !*syms[i]->reached_if) {
            buf_puts(&out, any ? "" : "__asm__(");
            if (!any)
                buf_puts(&out, use_section);
            any = true;
            buf_puts(&out, "\n        \".long ");
            print_symbol_name(&out, L, syms[i], syms[i]->type);
            buf_puts(&out, " - .\\n\"");
        }
    if (any)
        buf_puts(&out, "\n        \".popsection\");\n");
    for (size_t i = 0; i < n; i++)
        if (!syms[i]->definition && syms[i]->reached_if && *syms[i]->reached_if) {
            buf_printf(&out, "#if %s\n__asm__(", syms[i]->reached_if);
            buf_puts(&out, use_section);
            buf_puts(&out, "\n        \".long ");
            print_symbol_name(&out, L, syms[i], syms[i]->type);
            buf_puts(&out, " - .\\n.popsection\");\n#endif\n");
        }
    if (out.len) {
        Buf all = { 0 };
        buf_puts(&all, "\n" SIGNATURE_CONDITION);
        buf_append(&all, out.data, out.len);
        buf_puts(&all, "#endif\n");
        uint32_t end = (uint32_t)L->src->len;
        edits_add(&L->edits, end, end, arena_strndup(L->arena, all.data, all.len));
        buf_free(&all);
    }
    buf_free(&out);
}

void print_signature_symbols(Lowering *L, Buf *out)
{
    Scope *fs = L->env->file_scope;
    Symbol **syms = xmalloc((fs->symbols.count + 1) * sizeof *syms);
    size_t n = 0, defs = 0;
    for (unsigned i = 0; i < fs->symbols.bucket_count; i++)
        for (HashLink *e = fs->symbols.buckets[i]; e; e = e->next) {
            Symbol *s = (Symbol *)e;
            Type *g = s->type;
            if (s->kind != SYM_GEAR || s->is_static) /* static: no other file reaches it */
                continue;
            if (s->definition || (s->reached_if && g && g->kind == TYPE_GEAR && !g->unprototyped))
                syms[n++] = s;
            defs += s->definition != NULL;
        }
    qsort(syms, n, sizeof *syms, compare_names);
    if (defs > 0) {
        buf_puts(out, SIGNATURE_CONDITION "__asm__(\".pushsection .gearsc_signature,\\\"aR\\\",%progbits\\n\"");
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
        buf_puts(out, "\n        \".popsection\");\n#endif\n");
    }
    print_references(L, syms, n);
    free(syms);
}
