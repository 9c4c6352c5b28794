#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
# Install what is missing, build everything with -Werror, AddressSanitizer and UBSan, and run
# every test (unit, decode table, firmware, integration, QEMU oracle, differential).
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/deps.sh test
dir=build-test
[ -d "$dir" ] || meson setup "$dir" -Dbuildtype=debugoptimized -Dwerror=true \
    -Db_sanitize=address,undefined -Db_lundef=false >/dev/null
meson compile -C "$dir"
export ASAN_OPTIONS=abort_on_error=1:detect_leaks=1
export UBSAN_OPTIONS=halt_on_error=1:print_stacktrace=1
# The test drivers fail (rather than skip) on a missing tool; TETRARCH_CI also makes the
# root-only checks of cli-bad-input fail when not run as root.
export TETRARCH_CI=1
status=0
meson test -C "$dir" --print-errorlogs --num-processes 2 || status=$?
# One plain closing line: "tests: N passed, N failed, N skipped". CI installs every tool the
# tests use, so a skipped test (exit status 77) fails the run unless tests/allowed_skips.txt
# names it ("name: reason" lines; see docs/testing.md, "Allowed skips").
python3 - "$dir/meson-logs/testlog.json" tests/allowed_skips.txt <<'PY' || status=1
import json, sys
allowed = {}
for line in open(sys.argv[2], encoding="utf-8"):
    line = line.strip()
    if not line or line.startswith("#"):
        continue
    name, sep, reason = line.partition(":")
    if not sep or not reason.strip():
        sys.exit("tests/allowed_skips.txt: %r is not 'name: reason'" % line)
    allowed[name.strip()] = reason.strip()
ok = bad = skip = 0
unexpected = []
for line in open(sys.argv[1]):
    t = json.loads(line)
    r = t["result"]
    if r in ("OK", "EXPECTEDFAIL"): ok += 1
    elif r == "SKIP":
        skip += 1
        name = t["name"].split(":", 1)[-1]  # meson may prefix "project:"
        if name not in allowed:
            unexpected.append(name)
    else: bad += 1
for name in unexpected:
    print(f"tetrarch: test {name} was skipped: CI installs every tool the tests use, so a skip "
          f"is a failure (allowed skips are listed in tests/allowed_skips.txt)")
print(f"tests: {ok} passed, {bad} failed, {skip} skipped")
sys.exit(1 if unexpected else 0)
PY
exit $status
