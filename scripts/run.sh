#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
# Install what is missing, build tetrarch and the bundled hypervisor firmware, and run it.
# Extra arguments go to `tetrarch run` (e.g. --trace-transitions t.txt --stats s.json).
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/deps.sh
# The build's progress (meson's and ninja's output) goes to stderr, so that a first build,
# which takes minutes, shows what it is doing, and stdout stays the guest's.
[ -d build ] || { echo "tetrarch: configuring build/ (first run)" >&2; meson setup build >&2; }
echo "tetrarch: building (the first build takes a few minutes)" >&2
meson compile -C build >&2
exec build/tetrarch run --kernel build/hv/hv.elf "$@"
