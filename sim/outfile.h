/* SPDX-License-Identifier: MIT */
/* Output files that never destroy a user's data: written beside the target as NAME.partial and
 * renamed into place only when complete; special files written in place; inputs never
 * overwritten. Every file tetrarch writes (statistics, transition lists, traces, device-tree
 * dumps, trace tool outputs, files the gdb monitor creates) goes through here. */
#ifndef TETRARCH_OUTFILE_H
#define TETRARCH_OUTFILE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdio.h>
#include <sys/types.h>

typedef enum {
    OUT_REPLACE,    /* write NAME.partial, rename over NAME on success (a run's outputs) */
    OUT_CREATE_NEW, /* create NAME, which must not exist yet (files the gdb monitor writes) */
} OutMode;

typedef struct {
    char *target;   /* where the output ends up (symbolic links followed) */
    char *partial;  /* the file being written, or NULL when written in place */
    int fd;         /* -1 once handed over (outfile_stdio) or closed */
    FILE *f;        /* set by outfile_stdio */
    bool in_place;  /* a special file (device, FIFO, /dev/stdout): never renamed or removed */
} OutFile;

/* Open `path` for writing; false with a one-line reason in err. The descriptor is o->fd. */
bool outfile_open(OutFile *o, const char *path, OutMode mode, char *err, size_t errlen);
/* A stdio stream on o->fd (fully buffered, `bufsize` bytes; 0 for the default). NULL on error. */
FILE *outfile_stdio(OutFile *o, size_t bufsize);
/* Close the stream or descriptor (unless `closed` says the caller already did) and, when the
 * data was written (`ok`), move the file into place. When not, the partial file stays, and a
 * message names it. Returns false after printing an error when the data could not be written
 * or moved; `ok` false always gives false. Safe on an OutFile that was never opened. */
bool outfile_finish(OutFile *o, bool ok, bool closed);
/* Give up an output before anything was written to it: close it and remove the partial file
 * this run created (a special file or a file created in place is left alone). */
void outfile_discard(OutFile *o, bool closed);
/* The name to show the user for this output (the target). */
static inline const char *outfile_name(const OutFile *o) { return o->target ? o->target : "(none)"; }

/* Is `path` (an output) the same file as `input` (both existing, same device and inode), or do
 * two outputs name the same file? Used to refuse `--stats fw.elf --kernel fw.elf` before
 * anything runs. Special files may be shared (two outputs to /dev/null). */
bool outfile_same_file(const char *a, const char *b);

/* Inputs are opened with O_NONBLOCK, so that a FIFO or a device with nothing behind it cannot
 * hang the run before the regular-file check; this puts the descriptor back in blocking mode
 * once the check has passed. */
void fd_clear_nonblock(int fd);

/* `path` confined to the directory `dir` (both resolved): a new path in *out (malloc'd), or
 * false with a reason. Used for files created on a debugger's request. */
bool path_within(const char *dir, const char *path, char **out, char *err, size_t errlen);

#endif
