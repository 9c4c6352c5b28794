#!/usr/bin/env python3
# SPDX-License-Identifier: MIT
# Run a guest image on tetrarch and check its exit status, exact UART output and exact
# privilege-transition sequence against expected files.
"""usage: check_transitions.py TETRARCH IMAGE EXPECTED_UART EXPECTED_TRANSITIONS [--show] [--smp N]

Runs `TETRARCH run --kernel IMAGE -q --trace-transitions T --stats S [--smp N]` and checks that
  * the exit status is 0,
  * stdout equals EXPECTED_UART byte for byte,
  * the transition trace, reduced to one token line per event, equals EXPECTED_TRANSITIONS.

Trace lines are space-separated key=value pairs. Reduction:
  kind=exception  ->  "exception FROM TO EC"   (EC as 0x%02x; for an asynchronous exception
                                              the type, e.g. "irq", stands in for the EC)
  kind=eret       ->  "eret FROM TO"
Expected transition files may hold blank lines and '#' comments, also after a token line.
--show prints the reduced actual sequence (a starting point for a new expected file; check
every line of it by hand against the firmware before trusting it). --smp N runs N cores; the
trace of all cores is then one sequence, in the order the events happened.
Only the Python standard library is used. Exit status: 0 pass, 1 fail.
"""

import difflib
import os
import subprocess
import sys
import tempfile

TIMEOUT_S = 300


def read_expected_tokens(path):
    """Token lines of an expected .transitions file, comments and blank lines dropped.
    A missing file yields a single line saying so, which then shows up in the diff."""
    tokens = []
    try:
        f = open(path, encoding="utf-8")
    except OSError as e:
        return ["cannot read expected file: %s" % e]
    with f:
        for line in f:
            line = line.split("#", 1)[0].split()
            if line:
                tokens.append(" ".join(line))
    return tokens


def normalize_ec(value):
    return "0x%02x" % int(value, 0)


def tetrarch_tokens(trace_text):
    """Reduce tetrarch's --trace-transitions output to token lines."""
    tokens = []
    for lineno, line in enumerate(trace_text.splitlines(), 1):
        if not line.strip():
            continue
        fields = dict(kv.split("=", 1) for kv in line.split() if "=" in kv)
        kind = fields.get("kind")
        try:
            if kind == "eret":
                tokens.append("eret %s %s" % (fields["from"], fields["to"]))
            elif kind == "exception":
                etype = fields.get("type", "sync")
                last = normalize_ec(fields["ec"]) if etype == "sync" else etype
                tokens.append("exception %s %s %s" % (fields["from"], fields["to"], last))
            else:
                tokens.append("unknown-kind %s" % kind)
        except (KeyError, ValueError) as e:
            tokens.append("malformed line %d (%s): %s" % (lineno, e, line))
    return tokens


def diff_lines(expected, actual, exp_name, act_name):
    """Unified diff of two lists of lines, or "" when equal."""
    if expected == actual:
        return ""
    return "\n".join(difflib.unified_diff(expected, actual, exp_name, act_name, lineterm="", n=3))


def read_bytes(path):
    """The expected UART output, or a placeholder that cannot match when it is missing."""
    try:
        with open(path, "rb") as f:
            return f.read()
    except OSError as e:
        return ("cannot read expected file: %s\n" % e).encode()


def compare_uart(expected_bytes, actual_bytes, exp_name, act_name):
    """Return a readable report of a UART mismatch, or "" when equal."""
    if expected_bytes == actual_bytes:
        return ""
    exp = expected_bytes.decode("utf-8", "backslashreplace").splitlines()
    act = actual_bytes.decode("utf-8", "backslashreplace").splitlines()
    report = diff_lines(exp, act, exp_name, act_name)
    if not report:  # same lines: the difference is in line endings or the final newline
        report = "outputs differ only in line endings or the final newline: expected %r..., got %r..." % (
            expected_bytes[-40:], actual_bytes[-40:])
    return report


def main(argv):
    args = [a for a in argv[1:] if a != "--show"]
    show = len(args) != len(argv) - 1
    smp = []
    if "--smp" in args[:-1]:
        i = args.index("--smp")
        smp = args[i:i + 2]
        del args[i:i + 2]
    if len(args) != 4:
        sys.stderr.write(__doc__)
        return 2
    tetrarch, image, exp_uart, exp_trans = args
    name = os.path.basename(image)

    with tempfile.TemporaryDirectory(prefix="tetrarch-it-") as tmp:
        trace = os.path.join(tmp, "transitions.txt")
        stats = os.path.join(tmp, "stats.txt")
        cmd = [tetrarch, "run", "--kernel", image, "-q", "--trace-transitions", trace, "--stats", stats] + smp
        try:
            proc = subprocess.run(cmd, stdin=subprocess.DEVNULL, stdout=subprocess.PIPE,
                                  stderr=subprocess.PIPE, timeout=TIMEOUT_S)
        except subprocess.TimeoutExpired as e:
            print("FAIL %s: tetrarch did not finish in %d s; output so far:" % (name, TIMEOUT_S))
            sys.stdout.write((e.stdout or b"").decode("utf-8", "backslashreplace"))
            return 1
        trace_text = ""
        if os.path.exists(trace):
            with open(trace, encoding="utf-8", errors="backslashreplace") as f:
                trace_text = f.read()

    failed = False
    print("$ " + " ".join(cmd))
    if proc.returncode != 0:
        failed = True
        print("FAIL %s: exit status %d, expected 0" % (name, proc.returncode))
        if proc.stderr:
            print("stderr:\n" + proc.stderr.decode("utf-8", "backslashreplace").rstrip())

    report = compare_uart(read_bytes(exp_uart), proc.stdout, exp_uart, "tetrarch stdout")
    if report:
        failed = True
        print("FAIL %s: UART output differs from %s:\n%s" % (name, exp_uart, report))

    actual = tetrarch_tokens(trace_text)
    report = diff_lines(read_expected_tokens(exp_trans), actual, exp_trans, "tetrarch transitions")
    if report:
        failed = True
        print("FAIL %s: transitions differ from %s:\n%s" % (name, exp_trans, report))
    if show:
        print("actual transitions:\n" + "\n".join(actual))

    if not failed:
        print("PASS %s: exit 0, %d bytes of UART output, %d transitions as expected" % (
            name, len(proc.stdout), len(actual)))
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
