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
status=0
meson test -C "$dir" --print-errorlogs --num-processes 2 || status=$?
# One plain closing line: "tests: N passed, N failed".
python3 - "$dir/meson-logs/testlog.json" <<'PY'
import json, sys
ok = bad = skip = 0
for line in open(sys.argv[1]):
    r = json.loads(line)["result"]
    if r in ("OK", "EXPECTEDFAIL"): ok += 1
    elif r == "SKIP": skip += 1
    else: bad += 1
print(f"tests: {ok} passed, {bad} failed, {skip} skipped")
PY
exit $status
