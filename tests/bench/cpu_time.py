#!/usr/bin/env python3
# SPDX-License-Identifier: MIT
"""Run commands several times each and report the best CPU time (user + system, of the process
and its children) per command: the figure docs/performance.md uses, since wall time on a
shared machine varies twice over. The commands run alternately, so load changes hit each alike.

usage: cpu_time.py [--runs N] [--stdin FILE] -- LABEL=COMMAND [LABEL=COMMAND ...]
(COMMAND is split on spaces; output goes to /dev/null; every run must exit with status 0.)"""
import argparse
import os
import resource
import subprocess
import sys


def cpu_of(cmd, stdin):
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    with open(stdin or os.devnull, "rb") as inp:
        p = subprocess.run(cmd, stdin=inp, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    if p.returncode != 0:
        sys.exit("cpu_time: %s exited with %d" % (" ".join(cmd), p.returncode))
    return (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--runs", type=int, default=3)
    ap.add_argument("--stdin")
    ap.add_argument("cmds", nargs="+")
    a = ap.parse_args()
    jobs = [(c.split("=", 1)[0], c.split("=", 1)[1].split()) for c in a.cmds]
    best = {label: None for label, _ in jobs}
    for _ in range(a.runs):
        for label, cmd in jobs:
            t = cpu_of(cmd, a.stdin)
            best[label] = t if best[label] is None else min(best[label], t)
    for label, _ in jobs:
        print("%-24s %8.3f s CPU (best of %d)" % (label, best[label], a.runs))


if __name__ == "__main__":
    main()
