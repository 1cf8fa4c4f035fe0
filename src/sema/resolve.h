/* resolve.h - the declared type of an expression, as far as gearsc needs it:
 * enough to find the gear a `goto e(...)` reaches (docs/lowering.md: where
 * it cannot, gearsc asks for a declaration or a cast).  Identifiers, parentheses, `*`, `&`, `->`, `.`, subscripts,
 * casts, calls, `?:` and `,`.  Anything else has no known type (NULL). */
#ifndef GEARSC_RESOLVE_H
#define GEARSC_RESOLVE_H

#include "types.h"

typedef struct Resolver {
    TypeEnv *env;
    Source *src;
    Scope *scope;           /* innermost scope at the expression */
    /* The type of CbC's __return in the enclosing C function, or NULL when
     * the expression is not inside a C function. */
    Type *return_gear;
} Resolver;

Type *expr_type(const Resolver *r, TSNode e);
/* Is e nested deeper than expr_type follows (256 levels), so that its
 * type is unknown for that reason alone? */
bool expr_too_deep(TSNode e);

/* CbC's special identifiers: __return (or _CbC_return), __environment
 * (or _CbC_environment). */
typedef enum CbcIdentifier { CBC_NOT_SPECIAL, CBC_RETURN, CBC_ENVIRONMENT } CbcIdentifier;

/* Which special identifier n is; CBC_NOT_SPECIAL for anything else,
 * including nodes that are not identifiers. */
CbcIdentifier cbc_identifier(const Source *src, TSNode n);

static inline bool is_cbc_return(const Source *src, TSNode n)
{
    return cbc_identifier(src, n) == CBC_RETURN;
}

#endif
