/* SPDX-License-Identifier: MIT */
/* Safe output files and non-blocking input opens (see sim/outfile.h). */
#include "sim/outfile.h"

#include <errno.h>
#include <fcntl.h>
#include <libgen.h>
#include <limits.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

/* Paths under these directories name special files (devices, /dev/stdout, /proc/self/fd/N)
 * whatever they resolve to: written in place, never renamed over. */
static bool special_dir(const char *p)
{
    return strncmp(p, "/dev/", 5) == 0 || strncmp(p, "/proc/", 6) == 0;
}

static char *join_dir(const char *base_of, const char *rel)
{
    if (rel[0] == '/')
        return strdup(rel);
    char *copy = strdup(base_of);
    if (!copy)
        return NULL;
    const char *dir = dirname(copy);
    size_t n = strlen(dir) + strlen(rel) + 2;
    char *out = malloc(n);
    if (out)
        snprintf(out, n, "%s/%s", dir, rel);
    free(copy);
    return out;
}

/* Follow symbolic links from `path` to the file they finally name (which may not exist yet).
 * *special is set when any step lies under /dev or /proc. */
static char *resolve_links(const char *path, bool *special)
{
    char *cur = strdup(path);
    *special = cur && special_dir(cur);
    for (int depth = 0; cur && depth < 40; depth++) {
        struct stat st;
        if (lstat(cur, &st) != 0 || !S_ISLNK(st.st_mode))
            return cur;
        char link[PATH_MAX];
        ssize_t n = readlink(cur, link, sizeof link - 1);
        if (n < 0)
            return cur;
        link[n] = '\0';
        char *next = join_dir(cur, link);
        free(cur);
        cur = next;
        if (cur && special_dir(cur))
            *special = true;
    }
    return cur;
}

bool outfile_open(OutFile *o, const char *path, OutMode mode, char *err, size_t errlen)
{
    memset(o, 0, sizeof *o);
    o->fd = -1;
    bool special = false;
    o->target = resolve_links(path, &special);
    if (!o->target) {
        snprintf(err, errlen, "%s: out of memory", path);
        return false;
    }
    struct stat st;
    bool exists = stat(o->target, &st) == 0;
    if (exists && S_ISDIR(st.st_mode)) {
        snprintf(err, errlen, "%s: is a directory", path);
        goto fail;
    }
    if (mode == OUT_CREATE_NEW) {
        o->fd = open(o->target, O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC, 0644);
        if (o->fd < 0) {
            snprintf(err, errlen, "%s: cannot create: %s", path,
                     errno == EEXIST ? "the file exists (only new files are created here)" : strerror(errno));
            goto fail;
        }
        o->in_place = true; /* created by this run: written where it is */
        return true;
    }
    if (special || (exists && !S_ISREG(st.st_mode))) {
        /* A device, FIFO or /dev/stdout: write in place, never truncate, never remove. A FIFO
         * with no reader would block the open: say so instead. */
        o->in_place = true;
        o->fd = open(o->target, O_WRONLY | O_NONBLOCK | O_NOCTTY | O_CLOEXEC);
        if (o->fd < 0) {
            snprintf(err, errlen, "%s: cannot open for writing: %s", path,
                     errno == ENXIO ? "a FIFO with no reader" : strerror(errno));
            goto fail;
        }
        fd_clear_nonblock(o->fd);
        return true;
    }
    /* A regular file, or a new one: write NAME.partial (or NAME.partial.N when that is taken:
     * an existing file is never overwritten) and rename it over NAME when complete. */
    size_t n = strlen(o->target) + 32;
    o->partial = malloc(n);
    if (!o->partial) {
        snprintf(err, errlen, "%s: out of memory", path);
        goto fail;
    }
    for (int i = 0; i < 1000; i++) {
        if (i == 0)
            snprintf(o->partial, n, "%s.partial", o->target);
        else
            snprintf(o->partial, n, "%s.partial.%d", o->target, i);
        o->fd = open(o->partial, O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC, 0644);
        if (o->fd >= 0 || errno != EEXIST)
            break;
    }
    if (o->fd < 0) {
        snprintf(err, errlen, "%s: cannot create: %s", path, strerror(errno));
        goto fail;
    }
    if (exists)
        (void)fchmod(o->fd, st.st_mode & 07777); /* the replacement keeps the file's mode */
    return true;
fail:
    free(o->target);
    free(o->partial);
    o->target = o->partial = NULL;
    return false;
}

FILE *outfile_stdio(OutFile *o, size_t bufsize)
{
    o->f = fdopen(o->fd, "w");
    if (!o->f)
        return NULL;
    o->fd = -1;
    if (bufsize)
        setvbuf(o->f, NULL, _IOFBF, bufsize);
    return o->f;
}

bool outfile_finish(OutFile *o, bool ok, bool closed)
{
    if (!o->target)
        return ok;
    int saved = 0;
    if (!closed) {
        /* A write error the caller has not reported yet is reported here, once. */
        bool failed = false;
        if (o->f) {
            failed = ferror(o->f) != 0;
            saved = failed ? EIO : 0;
            if (fclose(o->f) != 0 && !failed)
                failed = true, saved = errno;
        } else if (o->fd >= 0 && close(o->fd) != 0) {
            failed = true, saved = errno;
        }
        if (!ok || !failed)
            saved = 0;
        if (failed)
            ok = false;
    }
    o->f = NULL;
    o->fd = -1;
    if (saved)
        fprintf(stderr, "tetrarch: %s: cannot write: %s\n", o->target, strerror(saved));
    if (o->partial) {
        if (ok && rename(o->partial, o->target) != 0) {
            fprintf(stderr, "tetrarch: %s: cannot move %s into place: %s\n", o->target, o->partial,
                    strerror(errno));
            ok = false;
        }
        if (!ok)
            fprintf(stderr, "tetrarch: %s: incomplete output kept as %s\n", o->target, o->partial);
    }
    free(o->target);
    free(o->partial);
    o->target = o->partial = NULL;
    return ok;
}

void outfile_discard(OutFile *o, bool closed)
{
    if (!closed) {
        if (o->f)
            fclose(o->f);
        else if (o->fd >= 0)
            close(o->fd);
    }
    if (o->partial)
        unlink(o->partial);
    free(o->target);
    free(o->partial);
    memset(o, 0, sizeof *o);
    o->fd = -1;
}

bool outfile_same_file(const char *a, const char *b)
{
    struct stat sa, sb;
    if (stat(a, &sa) == 0 && stat(b, &sb) == 0) {
        if (!S_ISREG(sa.st_mode) && !S_ISBLK(sa.st_mode))
            return false; /* character devices, FIFOs: may be shared */
        return sa.st_dev == sb.st_dev && sa.st_ino == sb.st_ino;
    }
    /* Not both existing: the same when both resolve to the same path. */
    bool s1, s2;
    char *ra = resolve_links(a, &s1), *rb = resolve_links(b, &s2);
    bool same = false;
    if (ra && rb) {
        char *da = strdup(ra), *db = strdup(rb);
        char *pa = da ? realpath(dirname(da), NULL) : NULL, *pb = db ? realpath(dirname(db), NULL) : NULL;
        char *ba = strdup(ra), *bb = strdup(rb);
        same = pa && pb && ba && bb && strcmp(pa, pb) == 0 && strcmp(basename(ba), basename(bb)) == 0;
        free(da), free(db), free(pa), free(pb), free(ba), free(bb);
    }
    free(ra);
    free(rb);
    return same;
}

void fd_clear_nonblock(int fd)
{
    int fl = fcntl(fd, F_GETFL);
    if (fl >= 0 && (fl & O_NONBLOCK))
        fcntl(fd, F_SETFL, fl & ~O_NONBLOCK);
}

bool path_within(const char *dir, const char *path, char **out, char *err, size_t errlen)
{
    char *root = realpath(dir, NULL);
    if (!root) {
        snprintf(err, errlen, "%s: %s", dir, strerror(errno));
        return false;
    }
    char *full = path[0] == '/' ? strdup(path) : NULL;
    if (!full) {
        size_t n = strlen(root) + strlen(path) + 2;
        full = malloc(n);
        if (full)
            snprintf(full, n, "%s/%s", root, path);
    }
    char *d = full ? strdup(full) : NULL, *b = full ? strdup(full) : NULL;
    char *parent = d ? realpath(dirname(d), NULL) : NULL;
    const char *base = b ? basename(b) : "";
    size_t rl = strlen(root);
    bool inside = parent && (strcmp(parent, root) == 0 ||
                             (strncmp(parent, root, rl) == 0 && (parent[rl] == '/' || rl == 1)));
    bool ok = inside && base[0] && strcmp(base, ".") != 0 && strcmp(base, "..") != 0;
    if (ok) {
        size_t n = strlen(parent) + strlen(base) + 2;
        *out = malloc(n);
        if (*out)
            snprintf(*out, n, "%s/%s", parent, base);
        ok = *out != NULL;
    } else {
        snprintf(err, errlen, "%s: outside %s (files are created only there; see --gdb-files)", path, root);
    }
    free(root), free(full), free(d), free(b), free(parent);
    return ok;
}
