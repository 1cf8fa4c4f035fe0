/* calls.cbc written by hand: musttail C with natural signatures. */
long work(long x);
void done(long n, long acc, long *out);
void step(long n, long acc, long *out)
{
    acc += work(n);
    if (n == 0)
        __attribute__((musttail)) return done(n, acc, out);
    __attribute__((musttail)) return step(n - 1, acc, out);
}
void done(long n, long acc, long *out) { (void)n; *out = acc; }
long run(long n)
{
    long out = 0;
    step(n, 0, &out);
    return out;
}
