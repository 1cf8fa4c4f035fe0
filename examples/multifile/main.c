/* main.c - a C file that includes the gear header and enters the chain
 * through compute(). */
#include "gears.h"

#include <stdio.h>

int main(void)
{
    for (long n = 1; n <= 3; n++)
        printf("compute(%ld) = %ld\n", n, compute(n));
    return 0;
}
