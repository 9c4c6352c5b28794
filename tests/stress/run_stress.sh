#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
# Run one stress firmware (tests/stress/stress.c) with a virtio disk (read-write), a second
# one read-only and a virtio console, no --semihosting-root, stdin empty. Passes when tetrarch
# exits with the firmware's status (0), prints its report, and stderr holds no sanitizer
# report or host error.
# Usage: tests/stress/run_stress.sh path/to/tetrarch path/to/stress-N.elf
set -u
TETRARCH=$(realpath "${1:?usage: $0 tetrarch stress.elf}")
ELF=$(realpath "${2:?usage: $0 tetrarch stress.elf}")
scratch=$(mktemp -d)
trap 'rm -rf "$scratch"' EXIT
head -c 65536 /dev/zero >"$scratch/disk.img"
printf 'TETRARCH-STRESS' | dd of="$scratch/disk.img" conv=notrunc status=none
head -c 4096 /dev/zero >"$scratch/ro.img"
cd "$scratch"   # anything the run writes by mistake lands here
start=$(date +%s%N)
# stdout is the UART's and the virtio console's noise, then the report: keep its end only.
"$TETRARCH" run -q --kernel "$ELF" --drive "file=$scratch/disk.img,rw,serial=stress" \
    --drive "file=$scratch/ro.img" --virtio-console stdout --max-insns 400000000 \
    </dev/null 2>"$scratch/err" | tail -c 65536 >"$scratch/out"
status=${PIPESTATUS[0]}
end=$(date +%s%N)
report=$(grep -ao 'stress: seed .*' "$scratch/out" | tail -1)
echo "${report:-no report}"
echo "status $status in $(((end - start) / 1000000)) ms; last $(wc -c <"$scratch/out") bytes of stdout kept"
fail=0
if [ "$status" -ne 0 ]; then
    echo "FAIL: status $status (6 = host error, 4 = --max-insns reached, 5 = jam)"
    fail=1
fi
if [ -z "$report" ]; then
    echo "FAIL: no report line on stdout"
    fail=1
fi
if grep -aq 'Sanitizer\|runtime error' "$scratch/err"; then
    echo "FAIL: sanitizer report"
    fail=1
fi
if [ -s "$scratch/err" ]; then
    echo "stderr:"
    head -c 4000 "$scratch/err"
fi
[ "$(stat -c %s "$scratch/ro.img")" -eq 4096 ] && cmp -s "$scratch/ro.img" <(head -c 4096 /dev/zero) ||
    { echo "FAIL: the read-only image changed"; fail=1; }
[ "$(stat -c %s "$scratch/disk.img")" -eq 65536 ] || { echo "FAIL: the disk image changed size"; fail=1; }
[ -z "$(ls -A "$scratch" | grep -v '^disk.img$\|^ro.img$\|^out$\|^err$')" ] ||
    { echo "FAIL: files appeared: $(ls "$scratch")"; fail=1; }
exit $fail
