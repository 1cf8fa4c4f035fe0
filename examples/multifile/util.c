/* util.c - plain C with no CbC: gearsc cc hands it to the compiler as it is. */
#include "util.h"

#include <stdio.h>

void trace(const char *where, long value)
{
    printf("  %-6s %ld\n", where, value);
}
