/* util.h - plain C helpers: no gears here. */
#ifndef MULTIFILE_UTIL_H
#define MULTIFILE_UTIL_H

void trace(const char *where, long value);

#endif
