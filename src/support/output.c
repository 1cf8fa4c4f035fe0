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

bool write_output(const char *path, const Buf *data, const char **error)
{
    if (strcmp(path, "-") == 0) {
        if (!write_all(STDOUT_FILENO, data->data ? data->data : "", data->len)) {
            *error = strerror(errno);
            return false;
        }
        return true;
    }
    /* /dev/null, a FIFO, a terminal: not a file to replace (renaming over
     * /dev/null as root would turn it into a regular file), so write to it. */
    struct stat st;
    if (stat(path, &st) == 0 && !S_ISREG(st.st_mode) && !S_ISDIR(st.st_mode)) {
        int fd = open(path, O_WRONLY | O_TRUNC);
        bool ok = fd >= 0 && write_all(fd, data->data ? data->data : "", data->len);
        int saved = errno;
        if (fd >= 0 && close(fd) != 0 && ok) {
            ok = false;
            saved = errno;
        }
        if (!ok)
            *error = strerror(saved);
        return ok;
    }
    size_t n = strlen(path);
    char *tmp = xmalloc(n + sizeof ".gearsc-XXXXXX");
    memcpy(tmp, path, n);
    memcpy(tmp + n, ".gearsc-XXXXXX", sizeof ".gearsc-XXXXXX");
    int fd = mkstemp(tmp);
    if (fd < 0) {
        *error = strerror(errno);
        free(tmp);
        return false;
    }
    /* mkstemp creates 0600; give the file the permissions a plain create would. */
    mode_t mask = umask(0);
    umask(mask);
    bool ok = fchmod(fd, 0666 & ~mask) == 0
           && write_all(fd, data->data ? data->data : "", data->len);
    int saved = errno;
    if (close(fd) != 0 && ok) {
        ok = false;
        saved = errno;
    }
    if (ok && rename(tmp, path) != 0) {
        ok = false;
        saved = errno;
    }
    if (!ok) {
        unlink(tmp);
        *error = strerror(saved);
    }
    free(tmp);
    return ok;
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

bool write_output_if_changed(const char *path, const Buf *data, const char **error)
{
    if (strcmp(path, "-") != 0 && same_content(path, data))
        return true;
    return write_output(path, data, error);
}
