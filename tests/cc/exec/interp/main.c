/* main.c - runs bytecode: a C file that includes the gear header. */
#include "interp.h"

#include <stdio.h>

int main(void)
{
    /* r0 = 10; r1 = 1; loop: r1 *= r0; r0--; jnz r0 loop; halt r1  (10!) */
    static const uint8_t fact[] = { OP_CONST, 0, 10, OP_CONST, 1, 1,
                                    OP_MUL, 1, 0, OP_DEC, 0, OP_JNZ, 0, (uint8_t)-8,
                                    OP_HALT, 1 };
    /* r0 = 100000; r1 = 0; r2 = 3; loop: r1 += r2; r0--; jnz r0 loop; halt r1 */
    static const uint8_t sum[] = { OP_CONST, 0, 100, OP_CONST, 3, 100, OP_MUL, 0, 3,
                                   OP_CONST, 3, 10, OP_MUL, 0, 3,
                                   OP_CONST, 1, 0, OP_CONST, 2, 3,
                                   OP_ADD, 1, 2, OP_DEC, 0, OP_JNZ, 0, (uint8_t)-8,
                                   OP_MOVE, 4, 1, OP_HALT, 4 };
    printf("10! = %lld\n", (long long)run(fact));
    printf("3 * 100000 = %lld\n", (long long)run(sum));
    return 0;
}
