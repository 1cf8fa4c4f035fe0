/* types.h -- the kernel's fixed-width integer names.
 *
 * Shared by the kernel, the user library (through user/user.h) and the host
 * mkfs tool, so that the on-disk structures in fs.h mean the same bytes on
 * every side.  Both targets are LP64. */
#ifndef XV6_TYPES_H
#define XV6_TYPES_H

typedef unsigned char       uchar;
typedef unsigned short      ushort;
typedef unsigned int        uint;
typedef unsigned long long  uint64;
typedef unsigned int        uint32;
typedef unsigned short      uint16;
typedef unsigned char       uint8;
typedef long long           int64;

#endif
