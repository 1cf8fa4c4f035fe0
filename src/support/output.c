/* output.c - see output.h. */
#define _POSIX_C_SOURCE 200809L
#include "output.h"

#include "arena.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

/* The temporary's name, beside the target: one short component, so that a
 * target whose own name is as long as the file system allows still works. */
#define TEMP_NAME "/.gearsc-XXXXXX"
/* As the kernel's limit on symbolic links followed in one lookup. */
enum { MAX_LINK_HOPS = 40 };

static bool write_all(int fd, const char *data, size_t len)
{
    while (len > 0) {
        ssize_t n = write(fd, data, len);
        if (n < 0) {
            if (errno == EINTR)
                continue;
            return false;
        }
        data += n;
        len -= (size_t)n;
    }
    return true;
}

static const char *data_of(const Buf *b)
{
    return b->data ? b->data : "";
}

/* True when path is a regular file holding exactly data. */
static bool same_content(const char *path, const Buf *data)
{
    struct stat st;
    if (stat(path, &st) != 0 || !S_ISREG(st.st_mode) || (size_t)st.st_size != data->len)
        return false;
    FILE *f = fopen(path, "rb");
    if (!f)
        return false;
    char chunk[65536];
    size_t at = 0, n;
    bool same = true;
    while (same && (n = fread(chunk, 1, sizeof chunk, f)) > 0) {
        same = at + n <= data->len && memcmp(chunk, data->data + at, n) == 0;
        at += n;
    }
    same = same && !ferror(f) && at == data->len;
    fclose(f);
    return same;
}

static char *dup_str(const char *s, size_t n)
{
    char *d = xmalloc(n + 1);
    memcpy(d, s, n);
    d[n] = '\0';
    return d;
}

/* The directory part of path ("." when it has none). */
static char *dir_of(const char *path)
{
    const char *slash = strrchr(path, '/');
    if (!slash)
        return dup_str(".", 1);
    return slash == path ? dup_str("/", 1) : dup_str(path, (size_t)(slash - path));
}

/* The file a path names once every symbolic link at its end is followed
 * (malloc'd), or NULL with errno set (ELOOP for a cycle).  A dangling
 * link gives the path it points to: writing through it creates that file. */
static char *final_target(const char *path)
{
    char *p = dup_str(path, strlen(path));
    for (int hop = 0;; hop++) {
        struct stat st;
        if (lstat(p, &st) != 0) {
            if (errno == ENOENT)
                return p;
            free(p);
            return NULL;
        }
        if (!S_ISLNK(st.st_mode))
            return p;
        if (hop == MAX_LINK_HOPS) {
            free(p);
            errno = ELOOP;
            return NULL;
        }
        size_t cap = st.st_size > 0 ? (size_t)st.st_size + 1 : 256;
        char *link;
        ssize_t n;
        for (;;) {
            link = xmalloc(cap);
            n = readlink(p, link, cap);
            if (n < 0 || (size_t)n < cap)
                break;
            free(link);
            cap *= 2;
        }
        if (n < 0) {
            int saved = errno;
            free(link);
            free(p);
            errno = saved;
            return NULL;
        }
        link[n] = '\0';
        char *next;
        if (link[0] == '/' || !strchr(p, '/')) {
            next = link;
        } else {
            char *dir = dir_of(p);
            size_t dl = strlen(dir);
            next = xmalloc(dl + (size_t)n + 2);
            memcpy(next, dir, dl);
            next[dl] = '/';
            memcpy(next + dl + 1, link, (size_t)n + 1);
            free(dir);
            free(link);
        }
        free(p);
        p = next;
    }
}

/* Why the outputs were not written: the output, and a reason (strerror's
 * text), or two files that are one. */
typedef struct Failure {
    const char *path;
    const char *reason;
    const char *input;      /* the output is this input */
    const char *output;     /* the output is this earlier output */
} Failure;

static bool fail(Failure *f, const char *path, int err)
{
    f->path = path;
    f->reason = strerror(err);
    return false;
}

typedef enum Way { WAY_STDOUT, WAY_UNCHANGED, WAY_REPLACE, WAY_IN_PLACE } Way;

typedef struct Plan {
    const OutputFile *file;
    Way way;
    char *target;       /* the file written (through symbolic links) */
    bool exists;        /* target exists */
    struct stat st;     /* target's, when it exists */
    struct stat dir;    /* its directory's, when it does not */
    char *temp;         /* WAY_REPLACE: the temporary, once created */
} Plan;

static const char *base_of(const char *path)
{
    const char *slash = strrchr(path, '/');
    return slash ? slash + 1 : path;
}

/* Do plans a and b write one file?  Existing files by device and inode;
 * files still to be created by their directory's and their name. */
static bool same_file(const Plan *a, const Plan *b)
{
    if (a->way == WAY_STDOUT || b->way == WAY_STDOUT)
        return a->way == b->way;
    if (a->exists != b->exists)
        return false;
    if (a->exists)
        return S_ISREG(a->st.st_mode) && a->st.st_dev == b->st.st_dev && a->st.st_ino == b->st.st_ino;
    return a->dir.st_dev == b->dir.st_dev && a->dir.st_ino == b->dir.st_ino
        && strcmp(base_of(a->target), base_of(b->target)) == 0;
}

/* Where plan p will write; false after reporting. */
static bool plan_output(Plan *p, Failure *f)
{
    const char *path = p->file->path;
    if (strcmp(path, "-") == 0) {
        p->way = WAY_STDOUT;
        return true;
    }
    p->target = final_target(path);
    if (!p->target) {
        return fail(f, path, errno);
    }
    if (stat(p->target, &p->st) == 0) {
        p->exists = true;
        if (S_ISDIR(p->st.st_mode)) {
            return fail(f, path, EISDIR);
        }
        /* /dev/null, a FIFO, a terminal: not a file to replace (renaming
         * over /dev/null as root would turn it into a regular file). */
        if (!S_ISREG(p->st.st_mode))
            p->way = WAY_IN_PLACE;
        else if (p->file->if_changed && same_content(p->target, p->file->data))
            p->way = WAY_UNCHANGED;
        else
            p->way = WAY_REPLACE;
        return true;
    }
    if (errno != ENOENT) {
        return fail(f, path, errno);
    }
    char *dir = dir_of(p->target);
    int ok = stat(dir, &p->dir);
    int saved = errno;
    free(dir);
    if (ok != 0 || !S_ISDIR(p->dir.st_mode)) {
        return fail(f, path, ok != 0 ? saved : ENOTDIR);
    }
    p->way = WAY_REPLACE;
    return true;
}

/* Writes p's data to a new temporary beside its target; false after reporting. */
static bool write_temp(Plan *p, Failure *f)
{
    char *dir = dir_of(p->target);
    size_t dl = strlen(dir);
    p->temp = xmalloc(dl + sizeof TEMP_NAME);
    memcpy(p->temp, dir, dl);
    memcpy(p->temp + dl, TEMP_NAME, sizeof TEMP_NAME);
    free(dir);
    int fd = mkstemp(p->temp);
    if (fd < 0) {
        fail(f, p->file->path, errno);
        free(p->temp);
        p->temp = NULL;
        return false;
    }
    /* mkstemp creates 0600: give the file the permissions of the one it
     * replaces, or those a plain create would. */
    mode_t mode;
    if (p->exists) {
        mode = p->st.st_mode & 07777;
    } else {
        mode_t mask = umask(0);
        umask(mask);
        mode = 0666 & ~mask;
    }
    bool ok = fchmod(fd, mode) == 0 && write_all(fd, data_of(p->file->data), p->file->data->len);
    int saved = errno;
    if (close(fd) != 0 && ok) {
        ok = false;
        saved = errno;
    }
    return ok || fail(f, p->file->path, saved);
}

static bool write_stream(int fd, const Buf *data)
{
    return write_all(fd, data_of(data), data->len);
}

static bool write_all_outputs(const OutputFile *files, int count, const char *const *inputs,
                              int input_count, Failure *f)
{
    Plan *plans = xmalloc((size_t)(count > 0 ? count : 1) * sizeof *plans);
    memset(plans, 0, (size_t)(count > 0 ? count : 1) * sizeof *plans);
    bool ok = true;
    for (int i = 0; i < count; i++) {
        plans[i].file = &files[i];
        ok = ok && plan_output(&plans[i], f);
    }
    /* An output that is an input, or another output, would lose one of
     * them: refused before anything is written. */
    for (int i = 0; ok && i < count; i++) {
        Plan *p = &plans[i];
        if (p->way == WAY_STDOUT || !p->exists || !S_ISREG(p->st.st_mode))
            continue;
        for (int k = 0; k < input_count; k++) {
            struct stat in;
            if (strcmp(inputs[k], "-") != 0 && stat(inputs[k], &in) == 0
                && in.st_dev == p->st.st_dev && in.st_ino == p->st.st_ino) {
                f->path = p->file->path;
                f->input = inputs[k];
                ok = false;
                break;
            }
        }
    }
    for (int i = 0; ok && i < count; i++)
        for (int k = 0; k < i; k++)
            if (same_file(&plans[k], &plans[i])) {
                f->path = plans[i].file->path;
                f->output = plans[k].file->path;
                ok = false;
                break;
            }
    /* Every replaced file first goes whole to its temporary; only when all
     * are written are they renamed, so the outputs appear together. */
    for (int i = 0; ok && i < count; i++)
        if (plans[i].way == WAY_REPLACE)
            ok = write_temp(&plans[i], f);
    for (int i = 0; ok && i < count; i++)
        if (plans[i].way == WAY_REPLACE && rename(plans[i].temp, plans[i].target) != 0) {
            ok = fail(f, plans[i].file->path, errno);
        } else if (plans[i].way == WAY_REPLACE) {
            free(plans[i].temp);
            plans[i].temp = NULL;
        }
    /* Streams last: what went to them cannot be taken back. */
    for (int i = 0; ok && i < count; i++) {
        Plan *p = &plans[i];
        if (p->way == WAY_STDOUT) {
            if (!write_stream(STDOUT_FILENO, p->file->data))
                ok = fail(f, p->file->path, errno);
        } else if (p->way == WAY_IN_PLACE) {
            int fd = open(p->target, O_WRONLY | O_TRUNC);
            bool good = fd >= 0 && write_stream(fd, p->file->data);
            int saved = errno;
            if (fd >= 0 && close(fd) != 0 && good) {
                good = false;
                saved = errno;
            }
            if (!good)
                ok = fail(f, p->file->path, saved);
        }
    }
    for (int i = 0; i < count; i++) {
        if (plans[i].temp) {
            unlink(plans[i].temp);
            free(plans[i].temp);
        }
        free(plans[i].target);
    }
    free(plans);
    return ok;
}

bool write_outputs(const OutputFile *files, int count, const char *const *inputs,
                   int input_count, Diag *d)
{
    Failure f = { 0 };
    if (write_all_outputs(files, count, inputs, input_count, &f))
        return true;
    if (f.input)
        diag_plain(d, "output '%s' is the same file as the input '%s': refusing to overwrite an "
                      "input", f.path, f.input);
    else if (f.output)
        diag_plain(d, "outputs '%s' and '%s' are the same file: each output needs a file of its "
                      "own", f.output, f.path);
    else
        diag_plain(d, "cannot write '%s': %s", f.path, f.reason);
    return false;
}

bool write_output(const char *path, const Buf *data, const char **error)
{
    OutputFile file = { path, data, false };
    Failure f = { 0 };
    bool ok = write_all_outputs(&file, 1, NULL, 0, &f);
    if (!ok)
        *error = f.reason;
    return ok;
}

bool write_output_if_changed(const char *path, const Buf *data, const char **error)
{
    OutputFile file = { path, data, true };
    Failure f = { 0 };
    bool ok = write_all_outputs(&file, 1, NULL, 0, &f);
    if (!ok)
        *error = f.reason;
    return ok;
}
