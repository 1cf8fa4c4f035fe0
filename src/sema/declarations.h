/* declarations.h - what a file and its headers declare: gears, functions,
 * variables, typedefs and struct tags, entered into scopes for resolution. */
#ifndef GEARSC_DECLARATIONS_H
#define GEARSC_DECLARATIONS_H

#include "types.h"

/* Declares everything a declaration-like node introduces (declaration,
 * function_definition, type_definition, or a bare struct specifier) into
 * scope.  Records are registered as a side effect of building their types. */
void declare_node(TypeEnv *env, Scope *scope, Source *src, TSNode n);

/* The type and name a function_definition declares: the ones declare_node
 * found for it, when it declared that definition. */
Type *function_definition_type(TypeEnv *env, Source *src, TSNode def, const char **name,
                               uint32_t *name_offset);

/* A file being compiled or one of the headers it includes. */
typedef struct Unit {
    Source *src;
    TSTree *tree;
    struct Unit *next;
} Unit;

/* Declares the file scope of `main_unit` and, first, of every header it
 * includes with #include "..." (searched next to the including file, then in
 * include_dirs), transitively, each file once.  Headers that cannot be found
 * are skipped: they are system headers or generated later, and gearsc reports
 * a missing declaration where it needs one.  Returns the list of header units
 * (owned by the caller: free with units_free). */
Unit *declare_file_scope(TypeEnv *env, Unit *main_unit, const char **include_dirs,
                         int include_count);
void units_free(Unit *units);

#endif
