long work(long x) { return x & 7; }
