#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
# Run every libFuzzer target (or the ones named) for SECONDS each, outside CI: builds
# build-fuzz with clang (-Dfuzzing=true, ASan and UBSan) if needed, grows a working corpus
# from the seeds in tests/fuzz/corpus/, and keeps crashing inputs. Exit status 1 if any
# target crashed. See docs/testing.md, "Fuzzing".
#
# Usage: tests/fuzz/run_fuzzers.sh SECONDS [loader|fdt|gdb|trace|cpu ...]
# Environment: FUZZ_BUILD (build directory, default build-fuzz), FUZZ_PARALLEL (targets run
# at once, default 1), FUZZ_ARGS (more libFuzzer options, e.g. -jobs=2).
set -euo pipefail
cd "$(dirname "$0")/../.."
secs=${1:-}
if ! [[ "$secs" =~ ^[0-9]+$ ]] || [ "$secs" -eq 0 ]; then
    echo "usage: $0 SECONDS [TARGET...]" >&2
    exit 2
fi
shift
targets=("$@")
[ ${#targets[@]} -gt 0 ] || targets=(loader fdt gdb trace cpu)
build=${FUZZ_BUILD:-build-fuzz}
parallel=${FUZZ_PARALLEL:-1}

command -v clang >/dev/null || { echo "run_fuzzers: needs clang (and libFuzzer: Debian's libclang-rt-dev)" >&2; exit 2; }
if [ ! -d "$build" ]; then
    CC=clang meson setup "$build" -Dfuzzing=true -Dbuildtype=debugoptimized \
        -Db_sanitize=address,undefined -Db_lundef=false >/dev/null
fi
meson compile -C "$build" >/dev/null

export ASAN_OPTIONS=${ASAN_OPTIONS:-detect_leaks=1}
export UBSAN_OPTIONS=${UBSAN_OPTIONS:-halt_on_error=1:print_stacktrace=1}

run_one() {
    local t=$1 work="$build/fuzz-corpus/$t" crashes="$build/fuzz-crashes/$t" log="$build/fuzz-logs/$t.log"
    mkdir -p "$work" "$crashes" "$(dirname "$log")"
    # New inputs go to the working corpus (first directory); the seeds are only read.
    nice -n 10 "$build/tests/fuzz/fuzz-$t" -max_total_time="$secs" -timeout=10 -rss_limit_mb=4096 \
        -print_final_stats=1 -artifact_prefix="$crashes/" ${FUZZ_ARGS:-} \
        "$work" "tests/fuzz/corpus/$t" >"$log" 2>&1
}

status=0
pids=()
names=()
for t in "${targets[@]}"; do
    if [ ! -x "$build/tests/fuzz/fuzz-$t" ]; then
        echo "run_fuzzers: no target '$t'" >&2
        exit 2
    fi
    run_one "$t" &
    pids+=($!)
    names+=("$t")
    if [ ${#pids[@]} -ge "$parallel" ]; then
        wait "${pids[0]}" || true
        pids=("${pids[@]:1}")
    fi
done
for p in "${pids[@]}"; do wait "$p" || true; done

for t in "${names[@]}"; do
    log="$build/fuzz-logs/$t.log"
    execs=$(sed -n 's/^stat::number_of_executed_units: *//p' "$log" | tail -1 || true)
    cov=$( (grep -o 'cov: [0-9]*' "$log" || true) | tail -1 | cut -d' ' -f2)
    found=$(find "$build/fuzz-crashes/$t" -type f | wc -l)
    if grep -q '^ERROR: no interesting inputs' "$log"; then
        echo "$t: libFuzzer found no coverage (see $log)"
        status=1
    fi
    echo "$t: ${execs:-?} runs, coverage ${cov:-?} edges, $found crashing inputs in $build/fuzz-crashes/$t (log $log)"
    [ "$found" -eq 0 ] || status=1
done
exit $status
