/* cbc_lower.h - plain CbC lowering (cbc_lower.c): the base operations,
 * which Gears mode (gears_lower.c) falls back to. */
#ifndef GEARSC_CBC_LOWER_H
#define GEARSC_CBC_LOWER_H

#include "lowering.h"

/* The base operations of the walk (LowerOps). */
void cbc_enter(Lowering *L, Frame *f);
void cbc_leave(Lowering *L, Frame *f);

/* A gear definition's parameter list: no repeated name, no void parameter
 * (reported at the parameter; clang would see them at line 0). */
bool check_param_names(Lowering *L, const Type *sig, const char *gear);

/* The type of parameter p (named), for the cast that unpacks it into its
 * local.  `__code k(T T)` is C (the name hides the typedef from its
 * declarator on), but in `T T = (T)...;` the cast would name the variable:
 * there the variable's own type serves, `(__typeof__(T))`. */
const char *unpacking_cast_type(Lowering *L, const Param *p);

/* Plain CbC: lower_file without --gears. */
void cbc_lower_file(Buf *out, Model *model, const LowerOptions *opt);

#endif
