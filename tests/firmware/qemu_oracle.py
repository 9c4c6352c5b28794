#!/usr/bin/env python3
# SPDX-License-Identifier: MIT
# Checks that QEMU (the oracle) still produces the expected output of the firmware programs.
"""Usage: qemu_oracle.py CPU ELF EXPECTED [CPU ELF EXPECTED ...]

Runs each ELF as `qemu-system-aarch64 -M virt,secure=on,virtualization=on,gic-version=3 -cpu CPU
-semihosting -nographic -kernel ELF` and compares stdout with EXPECTED and the exit status
with 0. Exits 77 (skipped) when qemu-system-aarch64 is not installed. Use it after editing
a program to regenerate its expected file: `--regen` writes QEMU's output instead."""

import os
import shutil
import subprocess
import sys

sys.dont_write_bytecode = True  # no __pycache__ in the source tree
from run_fw import read_expected, write_expected  # noqa: E402

TIMEOUT = 60


def main():
    args = sys.argv[1:]
    regen = False
    if args and args[0] == "--regen":
        regen, args = True, args[1:]
    if not args or len(args) % 3:
        print(__doc__)
        return 2
    qemu = shutil.which("qemu-system-aarch64")
    if not qemu:
        print("SKIP: qemu-system-aarch64 not found")
        return 77
    failed = 0
    for i in range(0, len(args), 3):
        cpu, elf, expected = args[i:i + 3]
        # gic-version=3: tetrarch's interrupt controller (virt's default is a GICv2).
        cmd = [qemu, "-M", "virt,secure=on,virtualization=on,gic-version=3", "-cpu", cpu, "-semihosting",
               "-nographic", "-kernel", elf]
        try:
            p = subprocess.run(cmd, stdin=subprocess.DEVNULL, stdout=subprocess.PIPE,
                               stderr=subprocess.PIPE, timeout=TIMEOUT)
            status, out = p.returncode, p.stdout.decode("utf-8", "replace")
        except subprocess.TimeoutExpired as e:
            status, out = "timeout", (e.stdout or b"").decode("utf-8", "replace")
        if regen:
            name = os.path.basename(expected).rsplit(".", 1)[0]
            write_expected(expected, out, "Expected UART output of %s, recorded on QEMU -cpu %s." % (name, cpu))
            print("wrote %s (QEMU exit status %s)" % (expected, status))
            continue
        want = read_expected(expected)
        if out == want and status == 0:
            print("ok: %s on QEMU -cpu %s" % (elf, cpu))
        else:
            failed += 1
            print("FAIL: %s on QEMU -cpu %s: exit status %s, output %s"
                  % (elf, cpu, status, "equal" if out == want else "differs from " + expected))
    n = len(args) // 3
    print("%d passed, %d failed" % (n - failed, failed))
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
