/* chain.c - the call chain f -> g -> h as plain C calls, N times.
 *
 * Each function does a little work after its callee returns, so none of the
 * calls is a tail call: the call has to come back, and x has to survive it
 * (in a callee-saved register, which the callee pushes and pops).  Built at
 * -O2 twice: as is (clang inlines the chain into the loop) and with
 * -fno-inline (three real calls per iteration).
 *
 *   chain N        prints the checksum sum(f(i)) for i in [0, N)          */
#include <stdio.h>
#include <stdlib.h>

long h(long x) { return x * 7 + 3; }
long g(long x) { return h(x ^ 5) + x; }
long f(long x) { return g(x + 1) * 3 - x; }

int main(int argc, char **argv)
{
    long n = argc > 1 ? atol(argv[1]) : 10000000;
    long acc = 0;
    for (long i = 0; i < n; i++)
        acc += f(i);
    printf("%ld\n", acc);
    return 0;
}
