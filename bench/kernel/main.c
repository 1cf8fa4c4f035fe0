#include <stdio.h>
#include <stdlib.h>
long run(long n);
int main(int argc, char **argv) { printf("%ld\n", run(argc > 1 ? atol(argv[1]) : 10)); return 0; }
