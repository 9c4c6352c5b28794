#!/usr/bin/env python3
# SPDX-License-Identifier: MIT
# SMP test: a 4-core firmware sums a shared counter with exclusives (the exact total proves the
# global exclusive monitor), and two runs give identical stats and transition traces
# (deterministic scheduling). Usage: check_smp.py TETRARCH ELF
import json, os, subprocess, sys, tempfile

tetrarch, elf = sys.argv[1], sys.argv[2]
failed = 0
runs = []
with tempfile.TemporaryDirectory() as d:
    for n in range(2):
        stats, trace = os.path.join(d, f"s{n}.json"), os.path.join(d, f"t{n}.txt")
        p = subprocess.run([tetrarch, "run", "-q", "--smp", "4", "--kernel", elf, "--stats", stats,
                            "--trace-transitions", trace], capture_output=True, text=True, timeout=120)
        runs.append((p.returncode, p.stdout, json.load(open(stats)), open(trace).read()))
expected = "%016x\n" % (4 * 20000)
for n, (rc, out, st, tr) in enumerate(runs):
    if rc != 0 or out != expected:
        print(f"FAIL: run {n}: exit {rc}, output {out!r}, expected {expected!r}")
        failed += 1
a, b = runs
for key in ("instructions", "cycles"):
    if a[2][key] != b[2][key]:
        print(f"FAIL: {key} differ between runs: {a[2][key]} vs {b[2][key]}")
        failed += 1
if a[3] != b[3]:
    print("FAIL: the transition traces differ between runs")
    failed += 1
print(f"{4 - failed} passed, {failed} failed")
sys.exit(1 if failed else 0)
