/* SPDX-License-Identifier: MIT */
/* Arm semihosting for A64 guests: console I/O, simulated clocks, exit, and host files confined
 * to --semihosting-root. */
#include "sim/semihost.h"
#include "sim/outfile.h"

#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "mmu/mem.h"
#include "peripherals/pl031.h"
#include "sim/clock.h"
#include "sim/loader.h"
#include "sim/machine.h"

/* Operation numbers (Semihosting v2.0, chapter 6). */
enum {
    SYS_OPEN = 0x01,
    SYS_CLOSE = 0x02,
    SYS_WRITEC = 0x03,
    SYS_WRITE0 = 0x04,
    SYS_WRITE = 0x05,
    SYS_READ = 0x06,
    SYS_READC = 0x07,
    SYS_ISERROR = 0x08,
    SYS_ISTTY = 0x09,
    SYS_SEEK = 0x0A,
    SYS_FLEN = 0x0C,
    SYS_REMOVE = 0x0E,
    SYS_RENAME = 0x0F,
    SYS_CLOCK = 0x10,
    SYS_TIME = 0x11,
    SYS_ERRNO = 0x13,
    SYS_GET_CMDLINE = 0x15,
    SYS_HEAPINFO = 0x16,
    SYS_EXIT = 0x18,
    SYS_SYNCCACHE = 0x19,
    SYS_EXIT_EXTENDED = 0x20,
    SYS_ELAPSED = 0x30,
    SYS_TICKFREQ = 0x31,
};

#define ADP_STOPPED_APPLICATION_EXIT 0x20026
#define RESULT_ERROR UINT64_MAX   /* -1 in X0 */
#define OPEN_MODES 12             /* r rb r+ r+b w wb w+ w+b a ab a+ a+b */

/* ":semihosting-features": magic "SHFB", then feature byte 0 = EXIT_EXTENDED | STDOUT_STDERR. */
static const uint8_t features_file[5] = { 'S', 'H', 'F', 'B', 0x03 };

enum HandleKind { H_FREE, H_STDIN, H_STDOUT, H_STDERR, H_FILE, H_FEATURES };
typedef struct {
    enum HandleKind kind;
    int fd;          /* H_FILE */
    uint64_t pos;    /* H_FEATURES */
} Handle;

/* Handles are indices into this table; 0 is never handed out (the spec wants non-zero). */
#define MAX_HANDLES 64
static Handle handles[MAX_HANDLES];
static int semihost_errno;

/* ---- Guest memory ---- */

static bool guest_read_u64(CPU *c, uint64_t va, uint64_t *v) { return mem_read(c, va, 8, ACC_NORMAL, v) == EXEC_OK; }
static bool guest_write_u64(CPU *c, uint64_t va, uint64_t v) { return mem_write(c, va, 8, ACC_NORMAL, v) == EXEC_OK; }

static bool guest_read_bytes(CPU *c, uint64_t va, void *buf, size_t len)
{
    uint8_t *p = buf;
    for (size_t i = 0; i < len; i++) {
        uint64_t v;
        if (mem_read(c, va + i, 1, ACC_NORMAL, &v) != EXEC_OK)
            return false;
        p[i] = (uint8_t)v;
    }
    return true;
}

static bool guest_write_bytes(CPU *c, uint64_t va, const void *buf, size_t len)
{
    const uint8_t *p = buf;
    for (size_t i = 0; i < len; i++)
        if (mem_write(c, va + i, 1, ACC_NORMAL, p[i]) != EXEC_OK)
            return false;
    return true;
}

/* Read parameter block words 0..n-1 at X1. */
static bool read_args(CPU *c, uint64_t *args, unsigned n)
{
    for (unsigned i = 0; i < n; i++)
        if (!guest_read_u64(c, X(c, 1) + 8 * i, &args[i]))
            return false;
    return true;
}

/* A guest string of `len` bytes (a name for SYS_OPEN etc.) into buf; false on fault, when it
 * does not fit, or when it holds a NUL. */
static bool read_name(CPU *c, uint64_t va, uint64_t len, char *buf, size_t size)
{
    if (len >= size) {
        semihost_errno = ENAMETOOLONG;
        return false;
    }
    if (!guest_read_bytes(c, va, buf, len)) {
        semihost_errno = EFAULT;
        return false;
    }
    buf[len] = '\0';
    if (strlen(buf) != len) {
        semihost_errno = EINVAL;
        return false;
    }
    return true;
}

/* ---- Console ---- */

/* The console shares stdout's stdio buffer with the PL011 so the two stay in order. */
static void console_write(enum HandleKind kind, const void *buf, size_t len)
{
    if (kind == H_STDERR) {
        fflush(stdout);
        fwrite(buf, 1, len, stderr);
    } else {
        fwrite(buf, 1, len, stdout);
        if (memchr(buf, '\n', len))
            fflush(stdout);
    }
}

/* Blocking read from stdin; returns the byte count, 0 at end of file, -1 on error. */
static ssize_t console_read(void *buf, size_t len)
{
    fflush(stdout);
    ssize_t n;
    do
        n = read(STDIN_FILENO, buf, len);
    while (n < 0 && errno == EINTR);
    if (n < 0)
        semihost_errno = errno;
    return n;
}

/* ---- Handles ---- */

static int alloc_handle(enum HandleKind kind, int fd)
{
    for (int h = 1; h < MAX_HANDLES; h++) {
        if (handles[h].kind == H_FREE) {
            handles[h] = (Handle){ .kind = kind, .fd = fd, .pos = 0 };
            return h;
        }
    }
    semihost_errno = EMFILE;
    return -1;
}

static Handle *lookup_handle(uint64_t h)
{
    if (h == 0 || h >= MAX_HANDLES || handles[h].kind == H_FREE) {
        semihost_errno = EBADF;
        return NULL;
    }
    return &handles[h];
}

void semihost_close_all(void)
{
    for (int h = 1; h < MAX_HANDLES; h++) {
        if (handles[h].kind == H_FILE)
            close(handles[h].fd);
        handles[h].kind = H_FREE;
    }
}

/* ---- Host files under --semihosting-root ---- */

static bool inside(const char *path, const char *root)
{
    size_t n = strlen(root);
    return strncmp(path, root, n) == 0 && (path[n] == '\0' || path[n] == '/' || (n > 0 && root[n - 1] == '/'));
}

/* Resolve the guest's relative `name` to a host path below the root, in `out`. The parent
 * directory is resolved with realpath and must lie inside the root; a final component that
 * is a symbolic link must resolve inside it too (when `follow`). */
static bool confine(const Machine *m, const char *name, bool follow, char *out, size_t size)
{
    const char *root = m->opt.semihost_root;
    if (!root) {
        semihost_errno = EACCES;
        return false;
    }
    char root_real[PATH_MAX];
    if (!realpath(root, root_real)) {
        semihost_errno = errno;
        return false;
    }
    if (name[0] == '\0' || name[0] == '/') {
        semihost_errno = EACCES;
        return false;
    }
    /* No ".." anywhere; an empty final component ("dir/") names no file. */
    for (const char *p = name; *p;) {
        const char *end = strchr(p, '/');
        size_t len = end ? (size_t)(end - p) : strlen(p);
        if (len == 2 && p[0] == '.' && p[1] == '.') {
            semihost_errno = EACCES;
            return false;
        }
        if (!end)
            break;
        p = end + 1;
        if (*p == '\0') {
            semihost_errno = EISDIR;
            return false;
        }
    }
    const char *slash = strrchr(name, '/');
    const char *base = slash ? slash + 1 : name;
    char parent[PATH_MAX], parent_real[PATH_MAX];
    int n = snprintf(parent, sizeof(parent), "%s/%.*s", root_real, slash ? (int)(slash - name) : 0, name);
    if (n < 0 || (size_t)n >= sizeof(parent)) {
        semihost_errno = ENAMETOOLONG;
        return false;
    }
    if (!realpath(parent, parent_real)) {
        semihost_errno = errno;
        return false;
    }
    if (!inside(parent_real, root_real) || strcmp(base, ".") == 0) {
        semihost_errno = EACCES;
        return false;
    }
    n = snprintf(out, size, "%s/%s", parent_real, base);
    if (n < 0 || (size_t)n >= size) {
        semihost_errno = ENAMETOOLONG;
        return false;
    }
    struct stat st;
    if (follow && lstat(out, &st) == 0 && S_ISLNK(st.st_mode)) {
        char target[PATH_MAX];
        if (!realpath(out, target) || !inside(target, root_real)) {
            semihost_errno = EACCES;
            return false;
        }
        if (strlen(target) >= size) {
            semihost_errno = ENAMETOOLONG;
            return false;
        }
        strcpy(out, target);
    }
    return true;
}

static int open_host_file(const Machine *m, const char *name, unsigned mode)
{
    static const int flags[OPEN_MODES / 2] = {
        O_RDONLY, O_RDWR,
        O_WRONLY | O_CREAT | O_TRUNC, O_RDWR | O_CREAT | O_TRUNC,
        O_WRONLY | O_CREAT | O_APPEND, O_RDWR | O_CREAT | O_APPEND,
    };
    char path[PATH_MAX];
    if (!confine(m, name, true, path, sizeof(path)))
        return -1;
    /* O_NONBLOCK: a FIFO under the root must not stall the simulator in open(). */
    int fd = open(path, flags[mode / 2] | O_NOFOLLOW | O_NONBLOCK | O_NOCTTY | O_CLOEXEC, 0644);
    if (fd < 0) {
        semihost_errno = errno;
        return -1;
    }
    struct stat st;
    if (fstat(fd, &st) != 0 || !S_ISREG(st.st_mode)) {
        close(fd);
        semihost_errno = EACCES;
        return -1;
    }
    fd_clear_nonblock(fd);
    int h = alloc_handle(H_FILE, fd);
    if (h < 0)
        close(fd);
    return h;
}

/* ---- Operations ---- */

static uint64_t sys_open(CPU *c)
{
    uint64_t a[3];
    char name[PATH_MAX];
    if (!read_args(c, a, 3) || !read_name(c, a[0], a[2], name, sizeof(name)))
        return RESULT_ERROR;
    uint64_t mode = a[1];
    if (mode >= OPEN_MODES) {
        semihost_errno = EINVAL;
        return RESULT_ERROR;
    }
    if (strcmp(name, ":tt") == 0)
        return (uint64_t)(int64_t)alloc_handle(mode < 4 ? H_STDIN : mode < 8 ? H_STDOUT : H_STDERR, -1);
    if (strcmp(name, ":semihosting-features") == 0) {
        if (mode > 1) {
            semihost_errno = EACCES;
            return RESULT_ERROR;
        }
        return (uint64_t)(int64_t)alloc_handle(H_FEATURES, -1);
    }
    return (uint64_t)(int64_t)open_host_file(c->m, name, (unsigned)mode);
}

static uint64_t sys_close(CPU *c)
{
    uint64_t a[1];
    if (!read_args(c, a, 1))
        return RESULT_ERROR;
    Handle *h = lookup_handle(a[0]);
    if (!h)
        return RESULT_ERROR;
    int rc = 0;
    if (h->kind == H_FILE && close(h->fd) != 0) {
        semihost_errno = errno;
        rc = -1;
    }
    h->kind = H_FREE;
    return (uint64_t)(int64_t)rc;
}

/* SYS_WRITE: returns the number of bytes NOT written. */
static uint64_t sys_write(CPU *c)
{
    uint64_t a[3];
    if (!read_args(c, a, 3))
        return RESULT_ERROR;
    Handle *h = lookup_handle(a[0]);
    if (!h)
        return RESULT_ERROR;
    uint64_t va = a[1], len = a[2], done = 0;
    uint8_t buf[4096];
    while (done < len) {
        size_t chunk = len - done < sizeof(buf) ? (size_t)(len - done) : sizeof(buf);
        if (!guest_read_bytes(c, va + done, buf, chunk)) {
            semihost_errno = EFAULT;
            return RESULT_ERROR;
        }
        switch (h->kind) {
        case H_STDOUT:
        case H_STDERR:
            console_write(h->kind, buf, chunk);
            break;
        case H_FILE: {
            ssize_t n = write(h->fd, buf, chunk);
            if (n < 0) {
                semihost_errno = errno;
                return len - done;
            }
            done += (uint64_t)n;
            if ((size_t)n < chunk)
                return len - done;
            continue;
        }
        default:
            semihost_errno = EBADF;
            return len - done;
        }
        done += chunk;
    }
    return 0;
}

/* SYS_READ: returns the number of bytes NOT read (len at end of file). */
static uint64_t sys_read(CPU *c)
{
    uint64_t a[3];
    if (!read_args(c, a, 3))
        return RESULT_ERROR;
    Handle *h = lookup_handle(a[0]);
    if (!h)
        return RESULT_ERROR;
    uint64_t va = a[1], len = a[2], done = 0;
    uint8_t buf[4096];
    while (done < len) {
        size_t chunk = len - done < sizeof(buf) ? (size_t)(len - done) : sizeof(buf);
        ssize_t n;
        switch (h->kind) {
        case H_STDIN:
            n = console_read(buf, chunk);
            break;
        case H_FILE:
            n = read(h->fd, buf, chunk);
            if (n < 0)
                semihost_errno = errno;
            break;
        case H_FEATURES:
            n = h->pos < sizeof(features_file) ? (ssize_t)(sizeof(features_file) - h->pos) : 0;
            if ((size_t)n > chunk)
                n = (ssize_t)chunk;
            memcpy(buf, features_file + h->pos, (size_t)n);
            h->pos += (uint64_t)n;
            break;
        default:
            semihost_errno = EBADF;
            n = -1;
            break;
        }
        if (n <= 0)
            break;
        if (!guest_write_bytes(c, va + done, buf, (size_t)n)) {
            semihost_errno = EFAULT;
            return RESULT_ERROR;
        }
        done += (uint64_t)n;
        if (h->kind == H_STDIN)
            break;  /* a console read returns what one line (or burst) delivered */
    }
    return len - done;
}

static uint64_t sys_istty(CPU *c)
{
    uint64_t a[1];
    if (!read_args(c, a, 1))
        return RESULT_ERROR;
    Handle *h = lookup_handle(a[0]);
    if (!h)
        return RESULT_ERROR;
    /* The console handles are the debug console by definition, whatever stdin/stdout are. */
    return h->kind == H_STDIN || h->kind == H_STDOUT || h->kind == H_STDERR;
}

static uint64_t sys_seek(CPU *c)
{
    uint64_t a[2];
    if (!read_args(c, a, 2))
        return RESULT_ERROR;
    Handle *h = lookup_handle(a[0]);
    if (!h)
        return RESULT_ERROR;
    if (h->kind == H_FILE) {
        if (a[1] > INT64_MAX || lseek(h->fd, (off_t)a[1], SEEK_SET) < 0) {
            semihost_errno = a[1] > INT64_MAX ? EINVAL : errno;
            return RESULT_ERROR;
        }
        return 0;
    }
    if (h->kind == H_FEATURES && a[1] <= sizeof(features_file)) {
        h->pos = a[1];
        return 0;
    }
    semihost_errno = h->kind == H_FEATURES ? EINVAL : ESPIPE;
    return RESULT_ERROR;
}

static uint64_t sys_flen(CPU *c)
{
    uint64_t a[1];
    if (!read_args(c, a, 1))
        return RESULT_ERROR;
    Handle *h = lookup_handle(a[0]);
    if (!h)
        return RESULT_ERROR;
    if (h->kind == H_FEATURES)
        return sizeof(features_file);
    struct stat st;
    if (h->kind != H_FILE || fstat(h->fd, &st) != 0) {
        semihost_errno = h->kind != H_FILE ? EBADF : errno;
        return RESULT_ERROR;
    }
    return (uint64_t)st.st_size;
}

static uint64_t sys_remove(CPU *c)
{
    uint64_t a[2];
    char name[PATH_MAX], path[PATH_MAX];
    if (!read_args(c, a, 2) || !read_name(c, a[0], a[1], name, sizeof(name)))
        return RESULT_ERROR;
    if (!confine(c->m, name, false, path, sizeof(path)))
        return RESULT_ERROR;
    if (unlink(path) != 0) {
        semihost_errno = errno;
        return RESULT_ERROR;
    }
    return 0;
}

static uint64_t sys_rename(CPU *c)
{
    uint64_t a[4];
    char from_name[PATH_MAX], to_name[PATH_MAX], from[PATH_MAX], to[PATH_MAX];
    if (!read_args(c, a, 4) || !read_name(c, a[0], a[1], from_name, sizeof(from_name)) ||
        !read_name(c, a[2], a[3], to_name, sizeof(to_name)))
        return RESULT_ERROR;
    if (!confine(c->m, from_name, false, from, sizeof(from)) || !confine(c->m, to_name, false, to, sizeof(to)))
        return RESULT_ERROR;
    if (rename(from, to) != 0) {
        semihost_errno = errno;
        return RESULT_ERROR;
    }
    return 0;
}

/* SYS_HEAPINFO: X1 points to a word holding the address of four words to fill in: heap base,
 * heap limit, stack base, stack limit. Like QEMU: the heap is the largest free stretch of
 * RAM, and the stack grows down from its top toward the heap. */
static uint64_t sys_heapinfo(CPU *c)
{
    uint64_t a[1];
    if (!read_args(c, a, 1))
        return RESULT_ERROR;
    uint64_t base = 0, limit = 0;
    if (!loader_free_ram(c->m, &base, &limit))
        base = limit = 0;  /* 0 tells the C library to use its own defaults */
    uint64_t info[4] = { base, limit, limit, base };
    for (unsigned i = 0; i < 4; i++)
        if (!guest_write_u64(c, a[0] + 8 * i, info[i]))
            return RESULT_ERROR;
    return 0;
}

/* SYS_GET_CMDLINE: tetrarch passes no command line to the guest: an empty string. */
static uint64_t sys_get_cmdline(CPU *c)
{
    uint64_t a[2];
    if (!read_args(c, a, 2))
        return RESULT_ERROR;
    if (a[1] < 1) {
        semihost_errno = E2BIG;
        return RESULT_ERROR;
    }
    if (!guest_write_bytes(c, a[0], "", 1) || !guest_write_u64(c, X(c, 1) + 8, 0))
        return RESULT_ERROR;
    return 0;
}

/* SYS_EXIT and SYS_EXIT_EXTENDED: in A64 both take a block {reason, subcode}. */
static uint64_t sys_exit(CPU *c)
{
    uint64_t a[2];
    if (!read_args(c, a, 2))
        return RESULT_ERROR;
    uint32_t status = a[0] == ADP_STOPPED_APPLICATION_EXIT ? (uint32_t)a[1] : 1;
    fflush(stdout);
    c->halted = true;
    c->halt_reason = HALT_SEMIHOST_EXIT;
    c->exit_code = (int)(status & 0xFF);  /* what QEMU's exit(status) leaves to the shell */
    cpu_request_check(c);
    return X(c, 0);
}

int semihost_call(CPU *c)
{
    uint32_t op = W(c, 0);
    uint64_t result = X(c, 0);  /* "corrupted" results leave X0 alone */
    uint64_t a[1], v;
    switch (op) {
    case SYS_OPEN: result = sys_open(c); break;
    case SYS_CLOSE: result = sys_close(c); break;
    case SYS_WRITEC:
        if (mem_read(c, X(c, 1), 1, ACC_NORMAL, &v) != EXEC_OK) {
            result = RESULT_ERROR;
            break;
        }
        console_write(H_STDOUT, &(uint8_t){ (uint8_t)v }, 1);
        break;
    case SYS_WRITE0: {
        uint8_t buf[256];
        size_t n = 0;
        for (uint64_t va = X(c, 1);; va++) {
            if (mem_read(c, va, 1, ACC_NORMAL, &v) != EXEC_OK) {
                result = RESULT_ERROR;
                break;
            }
            if (v == 0)
                break;
            buf[n++] = (uint8_t)v;
            if (n == sizeof(buf)) {
                console_write(H_STDOUT, buf, n);
                n = 0;
            }
        }
        console_write(H_STDOUT, buf, n);
        break;
    }
    case SYS_WRITE: result = sys_write(c); break;
    case SYS_READ: result = sys_read(c); break;
    case SYS_READC: {
        uint8_t ch;
        result = console_read(&ch, 1) == 1 ? ch : RESULT_ERROR;
        break;
    }
    case SYS_ISERROR:
        result = read_args(c, a, 1) ? (uint64_t)((int64_t)a[0] < 0) : RESULT_ERROR;
        break;
    case SYS_ISTTY: result = sys_istty(c); break;
    case SYS_SEEK: result = sys_seek(c); break;
    case SYS_FLEN: result = sys_flen(c); break;
    case SYS_REMOVE: result = sys_remove(c); break;
    case SYS_RENAME: result = sys_rename(c); break;
    case SYS_CLOCK: result = c->cycles / (TETRARCH_CPU_HZ / 100); break;
    case SYS_TIME: result = rtc_wall_seconds(c->m); break;
    case SYS_ERRNO: result = (uint64_t)semihost_errno; break;
    case SYS_GET_CMDLINE: result = sys_get_cmdline(c); break;
    case SYS_HEAPINFO: result = sys_heapinfo(c); break;
    case SYS_EXIT:
    case SYS_EXIT_EXTENDED: result = sys_exit(c); break;
    case SYS_SYNCCACHE: result = 0; break;  /* stores already invalidate decoded code */
    case SYS_ELAPSED:
        result = guest_write_u64(c, X(c, 1), c->cycles) ? 0 : RESULT_ERROR;
        break;
    case SYS_TICKFREQ: result = TETRARCH_CPU_HZ; break;
    default:
        machine_warn(c->m, "semihosting operation 0x%x is not implemented", op);
        result = RESULT_ERROR;
        break;
    }
    set_X(c, 0, result);
    return EXEC_OK;
}
