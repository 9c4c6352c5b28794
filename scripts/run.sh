#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
# Install what is missing, build tetrarch and the bundled hypervisor firmware, and run it.
# Extra arguments go to `tetrarch run` (e.g. --trace-transitions t.txt --stats s.json).
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/deps.sh
[ -d build ] || meson setup build >/dev/null
meson compile -C build >/dev/null
exec build/tetrarch run --kernel build/hv/hv.elf "$@"
