#!/usr/bin/env python3
# SPDX-License-Identifier: MIT
# Checks tetrarch's --check-tlb reports on tlb_forgot.elf (one stale hit) and tlb_clean.elf (none).
"""Usage: check_tlb.py TETRARCH DIR

DIR holds tlb_forgot.elf and tlb_clean.elf (tests/mmu/tlb.c). Each runs as
`TETRARCH run --kernel ELF --check-tlb -q` and must exit with status 0 after printing "done".
tlb_forgot re-points the mapping of VA 0x1000000000 without a TLBI and reads it again: stderr
must hold exactly one line starting "tetrarch: check-tlb: stale TLB hit", naming EL1, that VA
and the EL1&0 regime. tlb_clean does the same with DSB ISHST; TLBI VAE1IS; DSB ISH; ISB: no
report, and the second read must see the new page."""

import os
import re
import subprocess
import sys

TIMEOUT = 60
VA = 0x1000000000
REPORT = "tetrarch: check-tlb: stale TLB hit"


def run(tetrarch, elf):
    cmd = [tetrarch, "run", "--kernel", elf, "--check-tlb", "-q"]
    try:
        p = subprocess.run(cmd, stdin=subprocess.DEVNULL, capture_output=True, timeout=TIMEOUT)
    except subprocess.TimeoutExpired:
        return cmd, "timeout", "", ""
    return cmd, p.returncode, p.stdout.decode("utf-8", "replace"), p.stderr.decode("utf-8", "replace")


def check(tetrarch, elf, forgot):
    cmd, status, out, err = run(tetrarch, elf)
    problems = []
    if status != 0:
        problems.append("exit status %s (want 0)" % status)
    if not out.endswith("done\n"):
        problems.append("stdout does not end with 'done'")
    reports = [line for line in err.splitlines() if line.startswith(REPORT)]
    if forgot:
        if len(reports) != 1:
            problems.append("%d stale-hit reports (want exactly 1)" % len(reports))
        else:
            r = reports[0]
            if not re.search(r"\bva 0x0*%x\b" % VA, r):
                problems.append("the report does not name va 0x%x" % VA)
            if not re.search(r"\bEL1\b", r):
                problems.append("the report does not name EL1")
            if "EL1&0" not in r:
                problems.append("the report does not name the EL1&0 regime")
            if not re.search(r"\bpc 0x[0-9a-f]+", r):
                problems.append("the report has no pc")
    else:
        if reports:
            problems.append("%d stale-hit reports (want none)" % len(reports))
        if "second read: new page" not in out:
            problems.append("after the TLBI the second read did not see the new page")
    print("%s: %s" % ("FAIL" if problems else "ok", " ".join(cmd)))
    for p in problems:
        print("  " + p)
    if problems:
        print("  stdout:\n    " + "\n    ".join(out.splitlines()))
        print("  stderr:\n    " + "\n    ".join(err.splitlines()[:20]))
    else:
        for line in out.splitlines() + reports:
            print("  " + line)
    return not problems


def main():
    if len(sys.argv) != 3:
        print(__doc__)
        return 2
    tetrarch, d = sys.argv[1:]
    ok = check(tetrarch, os.path.join(d, "tlb_forgot.elf"), True)
    ok = check(tetrarch, os.path.join(d, "tlb_clean.elf"), False) and ok
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
