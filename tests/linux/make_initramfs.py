#!/usr/bin/env python3
# SPDX-License-Identifier: MIT
"""Build the initramfs of the Linux test: Debian's static busybox as /bin/busybox, its applet
links, and an /init that runs FP- and SIMD-using commands between markers, then powers off.

usage: make_initramfs.py [--shell] BUSYBOX OUT.cpio.gz
--shell: /init runs the same commands, then an interactive shell on the console (the test types
commands at its prompt and ends with poweroff -f)."""
import gzip
import sys

INIT = r"""#!/bin/busybox sh
/bin/busybox --install -s /bin
export PATH=/bin
mkdir -p /proc /sys /tmp
mount -t proc proc /proc
mount -t sysfs sys /sys
echo "== tetrarch-linux-test begin"
echo "-- ls /"
ls /
echo "-- awk"
awk 'BEGIN { print 1/3; printf "%.10f %.3e %d\n", 2/7, 1e300*1e10, 7.9 }'
awk 'BEGIN { s = 0; for (i = 1; i <= 1000; i++) s += i / (i + 0.5) - 1 / (3 * i); printf "%.12f %g %g\n", s, 1e-300 / 1e10, -1 / 3e307 / 7 }'
echo "-- sha256sum"
echo "tetrarch" > /tmp/t
sha256sum /tmp/t
busybox seq 1 2000 > /tmp/n
sha256sum /tmp/n
md5sum /tmp/n
echo "-- gzip"
gzip -c /tmp/n > /tmp/n.gz
gunzip -c /tmp/n.gz | sha256sum
echo "-- sort"
busybox seq 1 3000 | sort -n -r | md5sum
busybox seq 1 50 | sort -r | head -3
echo "-- cpus"
grep -c ^processor /proc/cpuinfo
echo "-- features"
grep -m1 ^Features /proc/cpuinfo
echo "== tetrarch-linux-test end"
@SHELL@poweroff -f
"""


def cpio_entry(name, mode, data=b"", ino=1):
    name_b = name.encode() + b"\0"
    hdr = "070701" + "".join("%08X" % v for v in (ino, mode, 0, 0, 1, 0, len(data), 0, 0, 0, 0, len(name_b), 0))
    out = hdr.encode() + name_b
    out += b"\0" * (-len(out) % 4)
    out += data + b"\0" * (-len(data) % 4)
    return out


def main():
    args = sys.argv[1:]
    shell = args[0] == "--shell"
    if shell:
        args = args[1:]
    busybox, out = args
    bb = open(busybox, "rb").read()
    init = INIT.replace("@SHELL@", "echo '== shell'\nexec setsid cttyhack sh\n" if shell else "")
    parts = [cpio_entry("bin", 0o40755, ino=1), cpio_entry("dev", 0o40755, ino=2),
             cpio_entry("bin/busybox", 0o100755, bb, ino=3),
             cpio_entry("init", 0o100755, init.encode(), ino=4),
             cpio_entry("bin/sh", 0o120777, b"busybox", ino=5),
             cpio_entry("dev/console", 0o20600, ino=6)]
    # dev/console as a character device 5:1 (rdevmajor/rdevminor fields)
    parts[-1] = ("070701" + "".join("%08X" % v for v in (6, 0o20600, 0, 0, 1, 0, 0, 0, 0, 5, 1, 12, 0))).encode() \
        + b"dev/console\0" + b"\0" * (-(110 + 12) % 4)
    parts.append(cpio_entry("TRAILER!!!", 0, ino=0))
    with open(out, "wb") as f:
        f.write(gzip.compress(b"".join(parts), mtime=0))


if __name__ == "__main__":
    main()
