/* SPDX-License-Identifier: MIT */
/* Helpers shared by the fuzz targets (see fuzz.h). */
#include "tests/fuzz/fuzz.h"

#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>

static int memfd[2] = {-1, -1};
static char memfd_path[2][32];

const char *fuzz_file(unsigned slot, const uint8_t *data, size_t size)
{
    if (slot > 1)
        abort();
    if (memfd[slot] < 0) {
        memfd[slot] = memfd_create("tetrarch-fuzz", MFD_CLOEXEC);
        if (memfd[slot] < 0) {
            perror("fuzz: memfd_create");
            abort();
        }
        snprintf(memfd_path[slot], sizeof memfd_path[slot], "/proc/self/fd/%d", memfd[slot]);
    }
    if (ftruncate(memfd[slot], 0) != 0) {
        perror("fuzz: ftruncate");
        abort();
    }
    size_t done = 0;
    while (done < size) {
        ssize_t n = pwrite(memfd[slot], data + done, size - done, (off_t)done);
        if (n <= 0) {
            perror("fuzz: pwrite");
            abort();
        }
        done += (size_t)n;
    }
    return memfd_path[slot];
}

void fuzz_quiet_once(void)
{
    static bool done;
    if (done)
        return;
    done = true;
    /* stdin too: a guest's semihosting SYS_READC or SYS_READ of ":tt" must see an end of
     * file, not wait for a terminal. */
    int fd = open("/dev/null", O_RDWR | O_CLOEXEC);
    if (fd < 0 || dup2(fd, STDOUT_FILENO) < 0 || dup2(fd, STDIN_FILENO) < 0) {
        perror("fuzz: /dev/null");
        abort();
    }
    close(fd);
}

void fuzz_machine_init(Machine *m, unsigned ram_mib)
{
    MachineOptions o = {.ram_size = (uint64_t)ram_mib << 20, .quiet = true};
    if (!machine_init(m, &o)) {
        fprintf(stderr, "fuzz: cannot build the board\n");
        abort();
    }
}

bool fuzz_begin(const uint8_t **data, size_t *size, unsigned *flags)
{
    fuzz_quiet_once();
    if (*size < 1)
        return false;
    *flags = (*data)[0];
    (*data)++;
    (*size)--;
    return true;
}
