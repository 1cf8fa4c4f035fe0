/* signature.h - the type of a gear as a checker sees it: its parameter
 * types after typedef resolution, with top-level qualifiers stripped.
 *
 * After lowering every gear has one C type (__cbc_code), so neither clang
 * nor the linker can see a mismatch between a goto and the gear it reaches:
 * these are the types gearsc compares instead (check.c), and the spelling
 * the link-time signature symbols carry (codegen/signatures.c).
 *
 * Two gear types are compatible when both have the same number of
 * parameters and each pair of parameter types is compatible: the same type
 * once typedefs are followed (`uint` and `unsigned int`), qualifiers on the
 * parameter itself ignored (`const int` and `int`), qualifiers below it
 * compared (`const char *` and `char *` differ), and integer spellings
 * normalised (`unsigned` is `unsigned int`, `long int` is `long`).  A gear
 * type without a parameter list, `__code (*)()`, is compatible with every
 * gear type (docs/lowering.md, "Gear types"), and so is a
 * Gears continuation `__code next(...)`.  A typedef gearsc cannot resolve
 * (declared in a header it did not read) is compatible with anything, except
 * the standard ones (uint32_t, size_t, ...), which it knows as LP64 does. */
#ifndef GEARSC_SIGNATURE_H
#define GEARSC_SIGNATURE_H

#include "types.h"

/* The gear type t is or points to (following typedefs), or NULL. */
Type *gear_type_of(TypeEnv *env, Type *t);

/* Are the gear types a and b compatible (see above)? */
bool gear_types_compatible(TypeEnv *env, const Type *a, const Type *b);

/* Are the types of two parameters (or two objects) compatible? */
bool types_compatible(TypeEnv *env, const Type *a, const Type *b);

/* The normalised spelling of gear type g's parameter list, "(double, int)",
 * "(const char *, code(int) *)": what the link-time signature symbol of a
 * gear carries.  Only bytes an assembler takes inside a quoted symbol name. */
const char *gear_signature_text(TypeEnv *env, const Type *g);

#endif
