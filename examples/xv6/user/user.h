/* user.h -- everything a user program of this kernel includes.
 *
 * The system calls, with xv6-riscv's user-level signatures, and the small
 * user library (ulib.c, printf.c, umalloc.c). */
#ifndef XV6_USER_H
#define XV6_USER_H

#include "../kernel/types.h"
#include "../kernel/stat.h"
#include "../kernel/fcntl.h"

/* System calls (usys) */
int fork(void);
int exit(int status) __attribute__((noreturn));
int wait(int *status);
int pipe(int *fds);
int write(int fd, const void *buf, int n);
int read(int fd, void *buf, int n);
int close(int fd);
int kill(int pid);
int exec(const char *path, char **argv);
int open(const char *path, int flags);
int mknod(const char *path, short major, short minor);
int unlink(const char *path);
int fstat(int fd, struct stat *st);
int link(const char *old, const char *new);
int mkdir(const char *path);
int chdir(const char *path);
int dup(int fd);
int getpid(void);
char *sbrk(int n);
int sleep(int ticks);
int uptime(void);
int halt(void);

/* The user library */
int stat(const char *path, struct stat *st);
char *strcpy(char *dst, const char *src);
void *memmove(void *dst, const void *src, int n);
char *strchr(const char *s, char c);
int strcmp(const char *a, const char *b);
void fprintf(int fd, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
void printf(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
char *gets(char *buf, int max);
uint strlen(const char *s);
void *memset(void *dst, int c, uint n);
int atoi(const char *s);
int memcmp(const void *a, const void *b, uint n);
void *memcpy(void *dst, const void *src, uint n);
void *malloc(uint n);
void free(void *p);

#endif
