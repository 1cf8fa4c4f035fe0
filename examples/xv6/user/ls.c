/* ls -- lists files: for a directory, one line per entry; for anything
 * else, one line about it.  Each line: name (padded to DIRSIZ), type
 * (1 dir, 2 file, 3 device), inode number, size in bytes. */
#include "user.h"
#include "../kernel/fs.h"

static void show(const char *name, const struct stat *st)
{
  printf("%-14s %d %d %lu\n", name, st->type, st->ino, (unsigned long)st->size);
}

/* The last component of path, for printing a file named on the command line. */
static const char *basename(const char *path)
{
  const char *p = path + strlen(path);
  while (p > path && p[-1] != '/')
    p--;
  return *p ? p : path;
}

static int list(const char *path)
{
  int fd = open(path, O_RDONLY);
  if (fd < 0) {
    fprintf(2, "ls: cannot open %s\n", path);
    return -1;
  }
  struct stat st;
  if (fstat(fd, &st) < 0) {
    fprintf(2, "ls: cannot stat %s\n", path);
    close(fd);
    return -1;
  }
  if (st.type != T_DIR) {
    show(basename(path), &st);
    close(fd);
    return 0;
  }

  /* A directory: read its entries and stat each through "path/name". */
  char full[128];
  int plen = strlen(path);
  if (plen + 1 + DIRSIZ + 1 > (int)sizeof full) {
    fprintf(2, "ls: path too long\n");
    close(fd);
    return -1;
  }
  strcpy(full, path);
  full[plen] = '/';
  struct dirent de;
  while (read(fd, &de, sizeof de) == sizeof de) {
    if (de.inum == 0)
      continue;
    char name[DIRSIZ + 1];
    memmove(name, de.name, DIRSIZ);
    name[DIRSIZ] = 0;
    strcpy(full + plen + 1, name);
    struct stat est;
    if (stat(full, &est) < 0) {
      fprintf(2, "ls: cannot stat %s\n", full);
      continue;
    }
    show(name, &est);
  }
  close(fd);
  return 0;
}

int main(int argc, char **argv)
{
  if (argc < 2)
    return list(".") < 0;
  int status = 0;
  for (int i = 1; i < argc; i++)
    if (list(argv[i]) < 0)
      status = 1;
  return status;
}
