/* interp.h - the bytecode program the three interpreters run.
 *
 * A stack machine: PUSH k, LOAD v, STORE v, ADD, SUB, XOR, LT, JZ t, JMP t,
 * HALT.  The program computes, for n = N down to 1,
 *
 *     s = (s ^ n) + 7;  if (s < n) s = s + n;
 *
 * and halts with s on the stack: 17 bytecode instructions per iteration
 * (21 when s < n, which is rare: 31 times for N = 2*10^6).  The
 * interpreters (interp_switch.c, interp_gears.cbc, interp_musttail.c,
 * interp_gears_threaded.cbc) have the same state -- pc, stack pointer,
 * variables -- and print the same result. */
#ifndef BENCH_INTERP_H
#define BENCH_INTERP_H

#include <stdio.h>
#include <stdlib.h>

enum { OP_PUSH, OP_LOAD, OP_STORE, OP_ADD, OP_SUB, OP_XOR, OP_LT, OP_JZ, OP_JMP, OP_HALT };

enum { V_N, V_S };  /* variables */

static const long program[] = {
    /*  0 */ OP_PUSH, 0, OP_STORE, V_S,
    /*  4 */ OP_LOAD, V_N, OP_JZ, 41,                                  /* while (n) */
    /*  8 */ OP_LOAD, V_S, OP_LOAD, V_N, OP_XOR, OP_PUSH, 7, OP_ADD, OP_STORE, V_S,
    /* 18 */ OP_LOAD, V_S, OP_LOAD, V_N, OP_LT, OP_JZ, 32,             /* if (s < n) */
    /* 25 */ OP_LOAD, V_S, OP_LOAD, V_N, OP_ADD, OP_STORE, V_S,
    /* 32 */ OP_LOAD, V_N, OP_PUSH, 1, OP_SUB, OP_STORE, V_N, OP_JMP, 4,
    /* 41 */ OP_LOAD, V_S, OP_HALT,
};

static long interp_n(int argc, char **argv)
{
    return argc > 1 ? atol(argv[1]) : 2000000;
}

#endif
