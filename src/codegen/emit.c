/* emit.c - C emission.
 *
 * Not yet a lowering: until code gears are lowered to musttail calls, the C
 * output is the input unchanged, which is exactly right for the plain C parts
 * (they are kept byte-for-byte) and says so in --help. */
#include "emit.h"

void emit_c(Buf *out, Source *src, TSTree *tree, const EmitOptions *opt, Diag *d)
{
    (void)tree;
    (void)opt;
    (void)d;
    buf_append(out, src->text, src->len);
}
