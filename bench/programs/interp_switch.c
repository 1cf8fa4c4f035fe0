/* interp_switch.c - the bytecode program of interp.h run by a C switch loop,
 * the classic interpreter: one dispatch point, a jump table behind it.  The
 * default case is unreachable, so clang drops the range check: this is the
 * strongest plain switch loop, not a strawman.
 *
 *   interp_switch N     prints the result for n = N                       */
#include "interp.h"

static long run(const long *code, long *vars)
{
    long stack[16];
    long *sp = stack;
    const long *pc = code;
    for (;;) {
        switch (*pc) {
        case OP_PUSH: *sp++ = pc[1]; pc += 2; break;
        case OP_LOAD: *sp++ = vars[pc[1]]; pc += 2; break;
        case OP_STORE: vars[pc[1]] = *--sp; pc += 2; break;
        case OP_ADD: sp--; sp[-1] += sp[0]; pc++; break;
        case OP_SUB: sp--; sp[-1] -= sp[0]; pc++; break;
        case OP_XOR: sp--; sp[-1] ^= sp[0]; pc++; break;
        case OP_LT: sp--; sp[-1] = sp[-1] < sp[0]; pc++; break;
        case OP_JZ: pc = *--sp ? pc + 2 : code + pc[1]; break;
        case OP_JMP: pc = code + pc[1]; break;
        case OP_HALT: return sp[-1];
        default: __builtin_unreachable();
        }
    }
}

int main(int argc, char **argv)
{
    long vars[2] = { interp_n(argc, argv), 0 };
    printf("%ld\n", run(program, vars));
    return 0;
}
