#!/usr/bin/env python3
# SPDX-License-Identifier: MIT
# Checks tetrarch's --strict-icache model on icache_forgot.elf and icache_clean.elf.
"""Usage: strict_icache.py TETRARCH DIR

DIR holds icache_forgot.elf, icache_clean.elf and icache_iallu.elf (tests/mmu/icache.c),
which overwrite an executed instruction (MOVZ X0, #1 -> #2) and call it again, without
maintenance, with DC CVAU; DSB ISH; IC IVAU; DSB ISH; ISB, and with IC IALLU instead of IC IVAU. Each runs with `TETRARCH run --kernel ELF -q`, with and without
--strict-icache, and must exit with status 0 after printing "done". Then:
  default (coherent), both programs: "second call: new instruction", no report;
  --strict-icache, icache_forgot: "second call: old instruction" and exactly one stderr line
    starting "tetrarch: strict-icache: stale fetch" naming a pc and EL1;
  --strict-icache, icache_clean and icache_iallu: "second call: new instruction", no report."""

import os
import re
import subprocess
import sys

TIMEOUT = 60
REPORT = "tetrarch: strict-icache: stale fetch"


def check(tetrarch, elf, strict, want_old):
    cmd = [tetrarch, "run", "--kernel", elf, "-q"] + (["--strict-icache"] if strict else [])
    problems = []
    try:
        p = subprocess.run(cmd, stdin=subprocess.DEVNULL, capture_output=True, timeout=TIMEOUT)
        status, out, err = p.returncode, p.stdout.decode("utf-8", "replace"), p.stderr.decode("utf-8", "replace")
    except subprocess.TimeoutExpired:
        status, out, err = "timeout", "", ""
    if status != 0:
        problems.append("exit status %s (want 0)" % status)
    if not out.endswith("done\n"):
        problems.append("stdout does not end with 'done'")
    if "first call: old instruction" not in out:
        problems.append("the first call did not run the original instruction")
    want = "second call: %s instruction" % ("old" if want_old else "new")
    if want not in out:
        problems.append("want '%s'" % want)
    reports = [line for line in err.splitlines() if line.startswith(REPORT)]
    if want_old:
        if len(reports) != 1:
            problems.append("%d stale-fetch reports (want exactly 1)" % len(reports))
        elif not re.search(r"\bpc 0x[0-9a-f]+", reports[0]) or not re.search(r"\bEL1\b", reports[0]):
            problems.append("the report does not name a pc and EL1")
    elif reports:
        problems.append("%d stale-fetch reports (want none)" % len(reports))
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
    forgot, clean, iallu = (os.path.join(d, "icache_%s.elf" % n) for n in ("forgot", "clean", "iallu"))
    ok = True
    for elf, strict, old in ((forgot, False, False), (clean, False, False), (iallu, False, False),
                             (forgot, True, True), (clean, True, False), (iallu, True, False)):
        ok = check(tetrarch, elf, strict, old) and ok
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
