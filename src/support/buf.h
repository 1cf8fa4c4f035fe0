/* buf.h - a growable byte buffer, the unit of all generated text.
 *
 * Output is assembled in memory and written only when the whole compilation
 * has succeeded, so a failed run never leaves a half-written file. */
#ifndef GEARSC_BUF_H
#define GEARSC_BUF_H

#include <stddef.h>

typedef struct Buf {
    char *data;
    size_t len;
    size_t cap;
} Buf;

void buf_append(Buf *b, const void *data, size_t len);
void buf_puts(Buf *b, const char *s);
void buf_putc(Buf *b, char c);
void buf_put_uint(Buf *b, unsigned long v); /* in decimal */
void buf_printf(Buf *b, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
void buf_free(Buf *b);

#endif
