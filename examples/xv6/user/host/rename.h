/* rename.h -- force-included (-include) when the user library (user/lib)
 * is compiled for the host test (libtest.c): every name of the user library and of the
 * system calls gets a u_ prefix, so that the library under test and the
 * host's C library can live in one program. */
#define _start  u_start
#define main    u_main
#define strcpy  u_strcpy
#define strcmp  u_strcmp
#define strlen  u_strlen
#define strchr  u_strchr
#define memset  u_memset
#define memmove u_memmove
#define memcpy  u_memcpy
#define memcmp  u_memcmp
#define atoi    u_atoi
#define gets    u_gets
#define stat    u_stat
#define printf  u_printf
#define fprintf u_fprintf
#define malloc  u_malloc
#define free    u_free
#define fork    u_fork
#define exit    u_exit
#define wait    u_wait
#define pipe    u_pipe
#define write   u_write
#define read    u_read
#define close   u_close
#define kill    u_kill
#define exec    u_exec
#define open    u_open
#define mknod   u_mknod
#define unlink  u_unlink
#define fstat   u_fstat
#define link    u_link
#define mkdir   u_mkdir
#define chdir   u_chdir
#define dup     u_dup
#define getpid  u_getpid
#define sbrk    u_sbrk
#define sleep   u_sleep
#define uptime  u_uptime
#define halt    u_halt
