/* pipe.h -- a pipe's ring buffer (pipe.c; the gear read in cbc_read.cbc). */
#ifndef XV6_PIPE_H
#define XV6_PIPE_H

#include "spinlock.h"

#define PIPESIZE 512

struct pipe {
  struct spinlock lock;
  char data[PIPESIZE];
  uint nread;       /* bytes read */
  uint nwrite;      /* bytes written */
  int readopen;     /* the read end is still open */
  int writeopen;    /* the write end is still open */
};

#endif
