/* lower.c - lower_file: plain CbC (cbc_lower.c), or Gears mode
 * (gears_lower.c), which wraps it. */
#include "lower.h"

#include "cbc_lower.h"
#include "gears_lower.h"

void lower_file(Buf *out, Lowered *lowered, Model *model, const LowerOptions *opt)
{
    if (opt->gears)
        gears_lower_file(out, lowered, model, opt);
    else
        cbc_lower_file(out, model, opt);
}
