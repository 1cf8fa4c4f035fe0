/* The other half of calls_hand.c. */
long work(long x);
void step(long n, long acc, long *out);
void step_b(long n, long acc, long *out)
{
    acc += work(n);
    __attribute__((musttail)) return step(n - 1, acc, out);
}
