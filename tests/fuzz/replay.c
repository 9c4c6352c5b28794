/* SPDX-License-Identifier: MIT */
/* The replay driver: without libFuzzer, run every file named on the command line (a
 * directory means each regular file in it, in name order) through the target's
 * LLVMFuzzerTestOneInput once. CI runs the seed corpora this way under ASan and UBSan. */
#include <dirent.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "tests/fuzz/fuzz.h"

static unsigned replayed;

static int replay_file(const char *path)
{
    FILE *f = fopen(path, "rb");
    if (!f) {
        fprintf(stderr, "replay: %s: %s\n", path, strerror(errno));
        return 1;
    }
    size_t cap = 4096, len = 0;
    uint8_t *buf = malloc(cap);
    size_t n;
    while (buf && (n = fread(buf + len, 1, cap - len, f)) > 0) {
        len += n;
        if (len == cap) {
            uint8_t *nb = realloc(buf, cap *= 2);
            if (!nb)
                free(buf);
            buf = nb;
        }
    }
    bool err = ferror(f) != 0;
    fclose(f);
    if (!buf || err) {
        fprintf(stderr, "replay: %s: cannot read\n", path);
        free(buf);
        return 1;
    }
    /* An exact-size copy, so that ASan sees a read past the input's end. */
    uint8_t *in = malloc(len ? len : 1);
    if (!in) {
        free(buf);
        return 1;
    }
    memcpy(in, buf, len);
    free(buf);
    if (getenv("FUZZ_REPLAY_VERBOSE"))
        fprintf(stderr, "replay: %s (%zu bytes)\n", path, len);
    LLVMFuzzerTestOneInput(in, len);
    free(in);
    replayed++;
    return 0;
}

static int by_name(const struct dirent **a, const struct dirent **b) { return strcmp((*a)->d_name, (*b)->d_name); }

static int replay_dir(const char *dir)
{
    struct dirent **list;
    int n = scandir(dir, &list, NULL, by_name);
    if (n < 0) {
        fprintf(stderr, "replay: %s: %s\n", dir, strerror(errno));
        return 1;
    }
    int bad = 0;
    for (int i = 0; i < n; i++) {
        char path[4096];
        struct stat st;
        snprintf(path, sizeof path, "%s/%s", dir, list[i]->d_name);
        bool hidden = list[i]->d_name[0] == '.';
        free(list[i]);
        if (hidden)
            continue;
        if (stat(path, &st) != 0) {
            fprintf(stderr, "replay: %s: %s\n", path, strerror(errno));
            bad = 1;
        } else if (S_ISREG(st.st_mode)) {
            bad |= replay_file(path);
        }
    }
    free(list);
    return bad;
}

int main(int argc, char **argv)
{
    if (argc < 2) {
        fprintf(stderr, "usage: %s FILE|DIR...\n", argv[0]);
        return 2;
    }
    /* Absolute paths first: a target may change the working directory (fuzz_quiet_once). */
    char **paths = calloc((size_t)argc, sizeof *paths);
    int bad = !paths;
    for (int i = 1; i < argc && paths; i++) {
        paths[i] = realpath(argv[i], NULL);
        if (!paths[i]) {
            fprintf(stderr, "replay: %s: %s\n", argv[i], strerror(errno));
            bad = 1;
        }
    }
    for (int i = 1; i < argc && paths; i++) {
        struct stat st;
        if (!paths[i])
            continue;
        if (stat(paths[i], &st) != 0) {
            fprintf(stderr, "replay: %s: %s\n", paths[i], strerror(errno));
            bad = 1;
        } else {
            bad |= S_ISDIR(st.st_mode) ? replay_dir(paths[i]) : replay_file(paths[i]);
        }
        free(paths[i]);
    }
    free(paths);
    /* stdout may be /dev/null by now (fuzz_quiet_once): the count goes to stderr. */
    fprintf(stderr, "replay: %u inputs\n", replayed);
    if (replayed == 0)
        bad = 1;
    return bad;
}
