/* mkfs -- builds the file system image the kernel uses as its RAM disk,
 * and reads one back to check it.  A host program (built with the host cc).
 *
 *   mkfs IMAGE FILE...      makes IMAGE (FSSIZE blocks, the format of
 *                           kernel/fs.h) holding each FILE in the root
 *                           directory under its base name; a leading '_'
 *                           of the name is dropped, and FILE may be written
 *                           SRC:NAME to choose the name.
 *   mkfs --check IMAGE      checks the image (superblock, root directory,
 *                           inodes, block bitmap) and lists its files:
 *                           "name type inode size".
 *
 * Layout (kernel/fs.h): block 0 unused, block 1 the superblock, then the
 * inode blocks, then the free bitmap, then data.  The root directory is
 * inode ROOTINO with "." and ".." both naming itself.  Files are written
 * as consecutive data blocks, the first NDIRECT named in the inode and the
 * rest in one indirect block.  As in xv6, a directory's nlink counts the
 * entries naming it from its parent, not its own "." (so the root has 1).
 *
 * The whole image is built in memory and written at the end, so a failure
 * (file too big, disk or inodes full, name too long, duplicate name) leaves
 * no half-made image: mkfs says what went wrong and exits with status 1.
 * All on-disk integers are little-endian, as on both targets and the host. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <errno.h>
#include <stdarg.h>

#include "../kernel/types.h"
#include "../kernel/param.h"
#include "../kernel/stat.h"
#include "../kernel/fs.h"

#define NINODES 200                            /* inodes in the image */
#define NINODEBLOCKS ((NINODES + IPB - 1) / IPB)
#define NBITMAP (FSSIZE / BPB + 1)

_Static_assert(BSIZE % sizeof(struct dinode) == 0, "dinodes tile a block");
_Static_assert(sizeof(struct dirent) == 16, "dirent is 16 bytes");

static uchar image[FSSIZE][BSIZE];
static struct superblock sb;
static uint next_inode = ROOTINO;  /* next free inode number */
static uint next_block;            /* next free data block */
static const char *image_name;

__attribute__((format(printf, 1, 2), noreturn))
static void fail(const char *fmt, ...)
{
  va_list ap;
  va_start(ap, fmt);
  fprintf(stderr, "mkfs: ");
  vfprintf(stderr, fmt, ap);
  fprintf(stderr, "\n");
  va_end(ap);
  exit(1);
}

static struct dinode *inode(uint inum)
{
  return (struct dinode *)image[IBLOCK(inum, sb)] + inum % IPB;
}

static uint alloc_inode(short type, const char *what)
{
  if (next_inode >= NINODES)
    fail("too many files: no inode left for %s (the image has %d inodes)", what, NINODES);
  uint inum = next_inode++;
  struct dinode *d = inode(inum);
  memset(d, 0, sizeof *d);
  d->type = type;
  d->nlink = 1;
  return inum;
}

static uint alloc_block(const char *what)
{
  if (next_block >= FSSIZE)
    fail("file system full while writing %s (%d blocks)", what, FSSIZE);
  return next_block++;
}

/* The disk block holding byte offset off of inode inum, allocated if new. */
static uint block_of(uint inum, uint off, const char *what)
{
  struct dinode *d = inode(inum);
  uint bn = off / BSIZE;
  if (bn < NDIRECT) {
    if (d->addrs[bn] == 0)
      d->addrs[bn] = alloc_block(what);
    return d->addrs[bn];
  }
  bn -= NDIRECT;
  if (bn >= NINDIRECT)
    fail("%s is too big (more than %d blocks)", what, (int)MAXFILE);
  if (d->addrs[NDIRECT] == 0)
    d->addrs[NDIRECT] = alloc_block(what);
  uint *ind = (uint *)image[d->addrs[NDIRECT]];
  if (ind[bn] == 0)
    ind[bn] = alloc_block(what);
  return ind[bn];
}

/* Appends n bytes to inode inum. */
static void append(uint inum, const void *data, uint n, const char *what)
{
  const uchar *p = data;
  while (n > 0) {
    struct dinode *d = inode(inum);
    uint off = d->size;
    uint b = block_of(inum, off, what);
    uint chunk = BSIZE - off % BSIZE;
    if (chunk > n)
      chunk = n;
    memcpy(image[b] + off % BSIZE, p, chunk);
    inode(inum)->size = off + chunk;
    p += chunk;
    n -= chunk;
  }
}

static void add_entry(uint dir, uint inum, const char *name)
{
  struct dirent de;
  memset(&de, 0, sizeof de);
  de.inum = (ushort)inum;
  memcpy(de.name, name, strlen(name));   /* at most DIRSIZ: checked by the caller */
  append(dir, &de, sizeof de, "the root directory");
}

/* Is name already in the root directory? */
static int in_root(const char *name)
{
  struct dinode *root = inode(ROOTINO);
  for (uint off = 0; off < root->size; off += sizeof(struct dirent)) {
    uint bn = off / BSIZE;
    uint b = bn < NDIRECT ? root->addrs[bn] : ((uint *)image[root->addrs[NDIRECT]])[bn - NDIRECT];
    struct dirent *de = (struct dirent *)(image[b] + off % BSIZE);
    if (de->inum && strncmp(de->name, name, DIRSIZ) == 0)
      return 1;
  }
  return 0;
}

static void add_file(const char *arg)
{
  char src[4096];
  const char *name;
  const char *colon = strrchr(arg, ':');
  if (colon) {                  /* SRC:NAME */
    if ((size_t)(colon - arg) >= sizeof src)
      fail("path too long: %s", arg);
    memcpy(src, arg, colon - arg);
    src[colon - arg] = 0;
    name = colon + 1;
  } else {
    if (strlen(arg) >= sizeof src)
      fail("path too long: %s", arg);
    strcpy(src, arg);
    const char *slash = strrchr(arg, '/');
    name = slash ? slash + 1 : arg;
    if (name[0] == '_')
      name++;
  }
  if (name[0] == 0 || strchr(name, '/'))
    fail("bad file name \"%s\" for %s", name, src);
  if (strlen(name) > DIRSIZ)
    fail("name too long: \"%s\" (at most %d characters)", name, DIRSIZ);
  if (strcmp(name, ".") == 0 || strcmp(name, "..") == 0 || in_root(name))
    fail("duplicate name \"%s\" (from %s)", name, src);

  FILE *f = fopen(src, "rb");
  if (!f)
    fail("cannot open %s: %s", src, strerror(errno));
  uint inum = alloc_inode(T_FILE, name);
  uchar buf[BSIZE];
  size_t n;
  unsigned long total = 0;
  while ((n = fread(buf, 1, sizeof buf, f)) > 0) {
    total += n;
    if (total > (unsigned long)MAXFILE * BSIZE)
      fail("%s is too big (more than %d blocks of %d bytes)", src, (int)MAXFILE, BSIZE);
    append(inum, buf, (uint)n, src);
  }
  if (ferror(f))
    fail("cannot read %s: %s", src, strerror(errno));
  fclose(f);
  add_entry(ROOTINO, inum, name);
}

static int make(int argc, char **argv)
{
  image_name = argv[1];
  sb.magic = FSMAGIC;
  sb.size = FSSIZE;
  sb.ninodes = NINODES;
  sb.inodestart = 2;
  sb.bmapstart = 2 + NINODEBLOCKS;
  next_block = sb.bmapstart + NBITMAP;
  sb.nblocks = FSSIZE - next_block;
  memcpy(image[1], &sb, sizeof sb);

  uint root = alloc_inode(T_DIR, "/");
  if (root != ROOTINO)
    fail("root inode is not ROOTINO");
  add_entry(root, root, ".");
  add_entry(root, root, "..");
  for (int i = 2; i < argc; i++)
    add_file(argv[i]);

  /* Mark every block below next_block in use: metadata and data alike. */
  for (uint b = 0; b < next_block; b++)
    image[BBLOCK(b, sb)][(b % BPB) / 8] |= (uchar)(1 << (b % 8));

  FILE *out = fopen(image_name, "wb");
  if (!out)
    fail("cannot create %s: %s", image_name, strerror(errno));
  if (fwrite(image, BSIZE, FSSIZE, out) != FSSIZE || fclose(out) != 0) {
    remove(image_name);
    fail("cannot write %s: %s", image_name, strerror(errno));
  }
  printf("mkfs: %s: %u files, %u of %u blocks used, %u of %u inodes\n", image_name,
         (uint)(argc - 2), next_block, (uint)FSSIZE, next_inode - 1, (uint)NINODES - 1);
  return 0;
}

/* ---- --check: read an image back ---- */

static int problems;

__attribute__((format(printf, 1, 2)))
static void problem(const char *fmt, ...)
{
  va_list ap;
  va_start(ap, fmt);
  fprintf(stderr, "mkfs --check: ");
  vfprintf(stderr, fmt, ap);
  fprintf(stderr, "\n");
  va_end(ap);
  problems++;
}

static uchar seen[FSSIZE];   /* blocks found in use by some inode */

static void claim(uint b, uint inum)
{
  if (b < sb.bmapstart + NBITMAP || b >= sb.size) {
    problem("inode %u points to block %u outside the data area", inum, b);
    return;
  }
  if (seen[b])
    problem("block %u used twice (again by inode %u)", b, inum);
  seen[b] = 1;
}

/* The data block index bn of inode d (0 if none), noting the blocks seen. */
static uint data_block(struct dinode *d, uint bn)
{
  if (bn < NDIRECT)
    return d->addrs[bn];
  if (d->addrs[NDIRECT] == 0 || d->addrs[NDIRECT] >= FSSIZE)
    return 0;
  return ((uint *)image[d->addrs[NDIRECT]])[bn - NDIRECT];
}

static void check_inode_blocks(uint inum)
{
  struct dinode *d = inode(inum);
  uint nblocks = (d->size + BSIZE - 1) / BSIZE;
  if (nblocks > MAXFILE) {
    problem("inode %u: size %u is beyond MAXFILE", inum, d->size);
    return;
  }
  for (uint bn = 0; bn < nblocks; bn++) {
    if (bn == NDIRECT && d->addrs[NDIRECT])
      claim(d->addrs[NDIRECT], inum);
    uint b = data_block(d, bn);
    if (b == 0)
      problem("inode %u: no block for block %u of the file", inum, bn);
    else
      claim(b, inum);
  }
}

static int check(const char *path)
{
  FILE *f = fopen(path, "rb");
  if (!f) {
    fprintf(stderr, "mkfs --check: cannot open %s: %s\n", path, strerror(errno));
    return 1;
  }
  size_t n = fread(image, BSIZE, FSSIZE, f);
  fclose(f);
  if (n != FSSIZE) {
    fprintf(stderr, "mkfs --check: %s: %zu blocks, expected %d\n", path, n, FSSIZE);
    return 1;
  }
  memcpy(&sb, image[1], sizeof sb);
  if (sb.magic != FSMAGIC || sb.size != FSSIZE || sb.ninodes == 0 ||
      sb.inodestart < 2 || sb.bmapstart < sb.inodestart || sb.bmapstart >= FSSIZE ||
      IBLOCK(sb.ninodes - 1, sb) >= sb.bmapstart) {
    fprintf(stderr, "mkfs --check: %s: bad superblock\n", path);
    return 1;
  }

  struct dinode *root = inode(ROOTINO);
  if (root->type != T_DIR) {
    fprintf(stderr, "mkfs --check: root inode is not a directory\n");
    return 1;
  }
  check_inode_blocks(ROOTINO);
  uint nfiles = 0;
  unsigned long bytes = 0;
  uint *links = calloc(sb.ninodes, sizeof *links);
  for (uint off = 0; off < root->size; off += sizeof(struct dirent)) {
    uint b = data_block(root, off / BSIZE);
    if (b == 0 || b >= FSSIZE)
      break;
    struct dirent *de = (struct dirent *)(image[b] + off % BSIZE);
    if (de->inum == 0)
      continue;
    char name[DIRSIZ + 1];
    memcpy(name, de->name, DIRSIZ);
    name[DIRSIZ] = 0;
    if (de->inum >= sb.ninodes) {
      problem("entry with inode %u out of range (entry at offset %u)", de->inum, off);
      continue;
    }
    links[de->inum]++;
    if (strcmp(name, ".") == 0 || strcmp(name, "..") == 0) {
      if (de->inum != ROOTINO)
        problem("root's . or .. is inode %u, not %u", de->inum, ROOTINO);
      continue;
    }
    struct dinode *d = inode(de->inum);
    if (d->type == 0)
      problem("entry at offset %u names free inode %u", off, de->inum);
    if (d->type == T_FILE)
      check_inode_blocks(de->inum);
    printf("%-14s %d %u %u\n", name, d->type, de->inum, d->size);
    nfiles++;
    bytes += d->size;
  }
  for (uint i = ROOTINO + 1; i < sb.ninodes; i++) {
    struct dinode *d = inode(i);
    if (d->type != 0 && links[i] != (uint)d->nlink && d->type != T_DIR)
      problem("inode %u: nlink %d but %u entries in / name it", i, d->nlink, links[i]);
  }
  free(links);
  for (uint b = 0; b < FSSIZE; b++) {
    int marked = (image[BBLOCK(b, sb)][(b % BPB) / 8] >> (b % 8)) & 1;
    if (seen[b] && !marked)
      problem("block %u is in use but free in the bitmap", b);
  }
  printf("%s: %u files, %lu bytes\n", path, nfiles, bytes);
  if (problems) {
    fprintf(stderr, "mkfs --check: %d problems\n", problems);
    return 1;
  }
  return 0;
}

int main(int argc, char **argv)
{
  if (argc == 3 && strcmp(argv[1], "--check") == 0)
    return check(argv[2]);
  if (argc < 2 || argv[1][0] == '-') {
    fprintf(stderr, "usage: mkfs IMAGE [FILE | SRC:NAME]...\n       mkfs --check IMAGE\n");
    return 2;
  }
  return make(argc, argv);
}
