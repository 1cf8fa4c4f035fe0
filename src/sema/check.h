/* check.h - pass "check": the type checks a goto's gear needs that clang can
 * no longer make once every gear has one C type (docs/lowering.md, "Gear
 * types are checked by gearsc").
 *
 *   conflicting declarations  two declarations (or a declaration and the
 *                  definition) of one gear at file scope, in the file or the
 *                  headers it includes, in any #if branch, whose parameter
 *                  types differ: "conflicting types for 'g'", with a note
 *                  at the earlier one;
 *   conversions    a gear, gear pointer, `__return`, `void *` or other
 *                  pointer converted implicitly to a gear pointer of another
 *                  type: initialisation (with struct and array initialiser
 *                  lists), assignment, an argument of a C call, a gear call
 *                  or a goto, and `return`; an explicit cast is accepted;
 *   signatures     which file-scope gears the file defines and which it
 *                  reaches (Symbol.definition, Symbol.reached), for the
 *                  link-time signature symbols (codegen/signatures.c).
 *
 * Compatibility is signature.h's.  In Gears mode the arguments of gotos are
 * the Gears lowering's to check (Interface calls pass their implementation
 * implicitly), so only declarations, initialisations, assignments, calls
 * and returns are checked here. */
#ifndef GEARSC_CHECK_H
#define GEARSC_CHECK_H

#include "declarations.h"

void check_file(TypeEnv *env, Unit *main_unit, Unit *headers, bool gears_mode);

#endif
