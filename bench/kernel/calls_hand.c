/* calls.cbc written by hand: musttail C with natural signatures. */
long work(long x);
void step_b(long n, long acc, long *out);
void step(long n, long acc, long *out)
{
    acc += work(n);
    if (n != 0)
        __attribute__((musttail)) return step_b(n - 1, acc, out);
    *out = acc;
}
long run(long n)
{
    long out = 0;
    step(n, 0, &out);
    return out;
}
