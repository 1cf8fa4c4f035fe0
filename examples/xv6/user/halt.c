/* halt -- powers the machine off (QEMU exits with status 0). */
#include "user.h"

int main(void)
{
  halt();
  fprintf(2, "halt: failed\n");
  return 1;
}
