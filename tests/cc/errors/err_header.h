/* A header whose inline gear goes to a gear nobody declared. */
#ifndef ERR_HEADER_H
#define ERR_HEADER_H

static inline __code bounce(int x) { goto nowhere(x); }

#endif
