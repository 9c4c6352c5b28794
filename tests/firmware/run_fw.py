#!/usr/bin/env python3
# SPDX-License-Identifier: MIT
# Runs one firmware test program on tetrarch and compares its UART output with the expected file.
"""Usage: run_fw.py TETRARCH ELF EXPECTED

Runs `TETRARCH run --kernel ELF -q`, requires exit status 0 and stdout equal to EXPECTED
(less its leading "# " header lines) byte for byte; prints a unified diff otherwise."""

import difflib
import subprocess
import sys

TIMEOUT = 120
HEADER = "# "


def read_expected(path):
    """The expected output: the file less its leading header lines (SPDX and purpose), which
    start with "# " and which no test program prints first."""
    with open(path, encoding="utf-8") as f:
        lines = f.read().splitlines(True)
    while lines and lines[0].startswith(HEADER):
        lines.pop(0)
    return "".join(lines)


def write_expected(path, output, what):
    with open(path, "w", encoding="utf-8") as f:
        f.write("# SPDX-License-Identifier: MIT\n# %s\n" % what)
        f.write(output)


def main():
    if len(sys.argv) != 4:
        print(__doc__)
        return 2
    tetrarch, elf, expected = sys.argv[1:]
    want = read_expected(expected)
    cmd = [tetrarch, "run", "--kernel", elf, "-q"]
    try:
        p = subprocess.run(cmd, stdin=subprocess.DEVNULL, stdout=subprocess.PIPE,
                           stderr=subprocess.PIPE, timeout=TIMEOUT)
        status, out, err = p.returncode, p.stdout, p.stderr
    except subprocess.TimeoutExpired as e:
        status, out, err = "timeout after %d s" % TIMEOUT, e.stdout or b"", e.stderr or b""
    got = out.decode("utf-8", "replace")
    ok = True
    if got != want:
        ok = False
        print("output differs from %s:" % expected)
        diff = list(difflib.unified_diff(want.splitlines(True), got.splitlines(True),
                                         "expected", "tetrarch"))
        sys.stdout.writelines(diff[:200])
        if len(diff) > 200:
            print("... (%d more diff lines)" % (len(diff) - 200))
    if status != 0:
        ok = False
        print("tetrarch exit status: %s" % status)
    if err:
        print("tetrarch stderr:\n" + err.decode("utf-8", "replace")[-4000:])
    if ok:
        print("ok: %s" % " ".join(cmd))
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
