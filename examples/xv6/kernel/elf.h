/* elf.h -- the parts of the ELF64 format that exec() reads
 * (System V ABI, "ELF-64 Object File Format"). */
#ifndef XV6_ELF_H
#define XV6_ELF_H

#define ELF_MAGIC 0x464C457FU   /* "\x7FELF", little-endian */

struct elfhdr {
  uint32 magic;
  uchar  ident[12];     /* ident[0]: class (2 = 64-bit); ident[1]: data (1 = little-endian) */
  uint16 type;          /* 2 = executable */
  uint16 machine;
  uint32 version;
  uint64 entry;
  uint64 phoff;
  uint64 shoff;
  uint32 flags;
  uint16 ehsize;
  uint16 phentsize;
  uint16 phnum;
  uint16 shentsize;
  uint16 shnum;
  uint16 shstrndx;
};

struct proghdr {
  uint32 type;
  uint32 flags;
  uint64 off;
  uint64 vaddr;
  uint64 paddr;
  uint64 filesz;
  uint64 memsz;
  uint64 align;
};

#define ELF_CLASS64    2
#define ELF_DATA_LSB   1
#define ELF_ET_EXEC    2
#define ELF_EM_X86_64  62
#define ELF_EM_AARCH64 183
#define ELF_PT_LOAD    1
#define ELF_PF_X       1
#define ELF_PF_W       2
#define ELF_PF_R       4

#endif
