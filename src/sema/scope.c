/* scope.c - scopes: names to Symbols, in the one hash table
 * (src/support/hashtab.c); lookups go outward through the parents.
 * Declared in types.h. */
#include "types.h"

#include <string.h>

Scope *scope_new(Arena *arena, Scope *parent)
{
    Scope *s = arena_alloc(arena, sizeof *s);
    s->parent = parent;
    return s;
}

static Symbol *scope_find_here(const Scope *s, const char *name, size_t len)
{
    uint64_t h = hash_bytes(name, len);
    for (HashLink *e = hash_find(&s->symbols, h); e; e = hash_next(e, h)) {
        Symbol *sym = (Symbol *)e;
        if (strlen(sym->name) == len && memcmp(sym->name, name, len) == 0)
            return sym;
    }
    return NULL;
}

Symbol *scope_lookup(const Scope *scope, const char *name, size_t len)
{
    for (const Scope *s = scope; s; s = s->parent) {
        Symbol *sym = scope_find_here(s, name, len);
        if (sym)
            return sym;
    }
    return NULL;
}

void scope_suggest(const Scope *scope, Suggestion *s, bool (*accept)(void *ctx, const Symbol *sym),
                   void *ctx)
{
    for (const Scope *sc = scope; sc; sc = sc->parent)
        for (unsigned b = 0; b < sc->symbols.bucket_count; b++)
            for (HashLink *e = sc->symbols.buckets[b]; e; e = e->next) {
                const Symbol *sym = (const Symbol *)e;
                if (!accept || accept(ctx, sym))
                    suggestion_offer(s, sym->name, strlen(sym->name));
            }
}

Symbol *scope_declare(Arena *arena, Scope *scope, const char *name, SymbolKind kind, Type *type,
                      Source *src, uint32_t offset)
{
    size_t len = strlen(name);
    Symbol *sym = scope_find_here(scope, name, len);
    if (sym) {
        /* Keep the first declaration's place for notes, but let a later,
         * more informative declaration (a definition, a prototype after an
         * unprototyped one, a gear after the plain C prototype that a
         * Gears context header gives it: `__gears_code g;`) supply the type. */
        if (type && (!sym->type || (sym->type->unprototyped && !type->unprototyped)
                     || (kind == SYM_GEAR && sym->kind != SYM_GEAR)))
            sym->type = type;
        sym->kind = kind;
        return sym;
    }
    sym = arena_alloc(arena, sizeof *sym);
    sym->name = name;
    sym->kind = kind;
    sym->type = type;
    sym->src = src;
    sym->offset = offset;
    hash_insert(arena, &scope->symbols, &sym->link, hash_bytes(name, len));
    return sym;
}
