/* console.h -- the console's input buffer (console.c; the gear read in
 * cbc_read.cbc uses it too). */
#ifndef XV6_CONSOLE_H
#define XV6_CONSOLE_H

#include "spinlock.h"

#define INPUT_BUF 4096
#define BACKSPACE 0x100
#define CTRL(x) ((x) - '@')

struct cons_state {
  struct spinlock lock;
  char buf[INPUT_BUF];
  uint r;   /* next to read */
  uint w;   /* end of the complete lines */
  uint e;   /* end of what was typed */
  struct spinlock outlock;
};
extern struct cons_state cons;

void consputc(int c);

#endif
