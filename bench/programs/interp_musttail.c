/* interp_musttail.c - the bytecode program of interp.h run by hand-written
 * C with __attribute__((musttail)): one function per instruction, each
 * ending with a tail call through the table (what gearsc's output is, written
 * by hand with the natural signature).  A reference for interp_gears.cbc.
 *
 *   interp_musttail N   prints the result for n = N                       */
#include "interp.h"

#define TAIL __attribute__((musttail)) return

typedef void op_fn(const long *pc, long *sp, long *vars);
static op_fn op_push, op_load, op_store, op_add, op_sub, op_xor, op_lt, op_jz, op_jmp, op_halt;
static op_fn *const ops[] = { op_push, op_load, op_store, op_add, op_sub,
                              op_xor,  op_lt,   op_jz,    op_jmp, op_halt };

static const long *code_base;

static void op_push(const long *pc, long *sp, long *vars)
{
    *sp++ = pc[1];
    pc += 2;
    TAIL ops[*pc](pc, sp, vars);
}

static void op_load(const long *pc, long *sp, long *vars)
{
    *sp++ = vars[pc[1]];
    pc += 2;
    TAIL ops[*pc](pc, sp, vars);
}

static void op_store(const long *pc, long *sp, long *vars)
{
    vars[pc[1]] = *--sp;
    pc += 2;
    TAIL ops[*pc](pc, sp, vars);
}

static void op_add(const long *pc, long *sp, long *vars)
{
    sp--;
    sp[-1] += sp[0];
    pc++;
    TAIL ops[*pc](pc, sp, vars);
}

static void op_sub(const long *pc, long *sp, long *vars)
{
    sp--;
    sp[-1] -= sp[0];
    pc++;
    TAIL ops[*pc](pc, sp, vars);
}

static void op_xor(const long *pc, long *sp, long *vars)
{
    sp--;
    sp[-1] ^= sp[0];
    pc++;
    TAIL ops[*pc](pc, sp, vars);
}

static void op_lt(const long *pc, long *sp, long *vars)
{
    sp--;
    sp[-1] = sp[-1] < sp[0];
    pc++;
    TAIL ops[*pc](pc, sp, vars);
}

static void op_jz(const long *pc, long *sp, long *vars)
{
    pc = *--sp ? pc + 2 : code_base + pc[1];
    TAIL ops[*pc](pc, sp, vars);
}

static void op_jmp(const long *pc, long *sp, long *vars)
{
    pc = code_base + pc[1];
    TAIL ops[*pc](pc, sp, vars);
}

static void op_halt(const long *pc, long *sp, long *vars)
{
    (void)pc;
    vars[V_S] = sp[-1];
}

static long run(const long *code, long *vars)
{
    long stack[16];
    code_base = code;
    ops[code[0]](code, stack, vars);
    return vars[V_S];
}

int main(int argc, char **argv)
{
    long vars[2] = { interp_n(argc, argv), 0 };
    printf("%ld\n", run(program, vars));
    return 0;
}
