#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
# Bad command-line input and bad images: each must fail with its documented exit status and
# exactly one "tetrarch: " line on stderr, never crash, and leave no output file behind.
# Usage: tests/cli/test_bad_input.sh path/to/tetrarch
set -u

TETRARCH=${1:?usage: $0 path/to/tetrarch}
EXIT_USAGE=2
EXIT_BAD_IMAGE=3
EXIT_HOST_ERROR=6

scratch=$(mktemp -d)
trap 'rm -rf "$scratch"' EXIT
passed=0
failed=0
skipped=0

# check NAME EXPECTED_STATUS [PATTERN] -- ARGS...: run tetrarch with ARGS (stdin from /dev/null).
check() {
    local name=$1 expected=$2 pattern=$3
    shift 4
    local out="$scratch/stdout" err="$scratch/stderr" status
    "$TETRARCH" "$@" </dev/null >"$out" 2>"$err"
    status=$?
    local lines problem=""
    lines=$(wc -l <"$err")
    if [ "$status" -ge 128 ]; then
        problem="crashed (status $status)"
    elif [ "$status" -ne "$expected" ]; then
        problem="exit status $status, expected $expected"
    elif [ "$lines" -ne 1 ]; then
        problem="$lines lines on stderr, expected 1"
    elif ! head -n 1 "$err" | grep -q '^tetrarch: '; then
        problem="stderr does not start with 'tetrarch: '"
    elif [ -n "$pattern" ] && ! grep -q -- "$pattern" "$err"; then
        problem="stderr does not mention '$pattern'"
    fi
    if [ -z "$problem" ]; then
        echo "ok - $name: $(head -n 1 "$err")"
        passed=$((passed + 1))
    else
        echo "FAIL - $name: $problem; stderr: $(head -c 300 "$err" | tr '\n' '|')"
        failed=$((failed + 1))
    fi
}

skip() {
    echo "skip - $1"
    skipped=$((skipped + 1))
}

# A real AArch64 ELF, and one linked where the board has nothing (between flash and devices).
have_cross=false
if command -v aarch64-linux-gnu-gcc >/dev/null 2>&1; then
    printf '.global _start\n_start:\n    b _start\n' >"$scratch/spin.S"
    if aarch64-linux-gnu-gcc -nostdlib -static -Wl,--build-id=none -Wl,-Ttext=0x40080000 \
            -o "$scratch/good.elf" "$scratch/spin.S" &&
        aarch64-linux-gnu-gcc -nostdlib -static -Wl,--build-id=none -Wl,-Ttext=0x10000000 \
            -o "$scratch/outside.elf" "$scratch/spin.S"; then
        have_cross=true
        head -c 40 "$scratch/good.elf" >"$scratch/truncated.elf"
    fi
fi

check "missing kernel file" $EXIT_BAD_IMAGE "does-not-exist" -- \
    run --kernel "$scratch/does-not-exist.elf"
if $have_cross; then
    check "truncated ELF (40 bytes)" $EXIT_BAD_IMAGE "truncated" -- run --kernel "$scratch/truncated.elf"
    check "segment outside RAM and flash" $EXIT_BAD_IMAGE "outside RAM and flash" -- \
        run --kernel "$scratch/outside.elf"
    # Malformed variants of the good ELF, patched field by field.
    if command -v python3 >/dev/null 2>&1; then
        python3 - "$scratch/good.elf" "$scratch" <<'EOF'
import struct, sys
good = open(sys.argv[1], "rb").read()
def patch(name, offset, fmt, value):
    b = bytearray(good)
    struct.pack_into(fmt, b, offset, value)
    open(f"{sys.argv[2]}/{name}.elf", "wb").write(b)
phoff = struct.unpack_from("<Q", good, 32)[0]
patch("class32", 4, "B", 1)
patch("bigendian", 5, "B", 2)
patch("phoff_past_end", 32, "<Q", len(good) + 8)
patch("phnum_huge", 56, "<H", 5000)
patch("filesz_gt_memsz", phoff + 32, "<Q", 1 << 40)
patch("offset_past_end", phoff + 8, "<Q", len(good))
EOF
        check "32-bit ELF" $EXIT_BAD_IMAGE "64-bit" -- run --kernel "$scratch/class32.elf"
        check "big-endian ELF" $EXIT_BAD_IMAGE "little-endian" -- run --kernel "$scratch/bigendian.elf"
        check "program headers past end of file" $EXIT_BAD_IMAGE "past the end" -- run --kernel "$scratch/phoff_past_end.elf"
        check "too many program headers for the file" $EXIT_BAD_IMAGE "past the end" -- run --kernel "$scratch/phnum_huge.elf"
        check "p_filesz > p_memsz" $EXIT_BAD_IMAGE "exceeds memory size" -- run --kernel "$scratch/filesz_gt_memsz.elf"
        check "segment data past end of file" $EXIT_BAD_IMAGE "past the end" -- run --kernel "$scratch/offset_past_end.elf"
    else
        skip "malformed ELF variants (no python3)"
    fi
else
    skip "truncated ELF (no aarch64-linux-gnu-gcc)"
    skip "segment outside RAM and flash (no aarch64-linux-gnu-gcc)"
fi
if [ -f /bin/true ] && head -c 4 /bin/true | grep -q ELF; then
    check "x86-64 ELF" $EXIT_BAD_IMAGE "not AArch64" -- run --kernel /bin/true
else
    skip "x86-64 ELF (no /bin/true ELF)"
fi
head -c 4096 /dev/urandom >"$scratch/random.bin"
check "4 KiB of random bytes" $EXIT_BAD_IMAGE "not an AArch64 ELF or arm64 Linux Image" -- \
    run --kernel "$scratch/random.bin"
: >"$scratch/empty.bin"
check "empty --bios" $EXIT_BAD_IMAGE "empty" -- run --bios "$scratch/empty.bin"
# An arm64 Image header with image_size 4 KiB and flags bit 0 set: a big-endian kernel.
{ head -c 16 /dev/zero; printf '\x00\x10\0\0\0\0\0\0\x01'; head -c 31 /dev/zero; printf 'ARM\x64'; head -c 4096 /dev/zero; } >"$scratch/Image"
check "big-endian arm64 Linux Image" $EXIT_BAD_IMAGE "big-endian" -- run --kernel "$scratch/Image"
truncate -s 65M "$scratch/big.bin"
check "--bios larger than 64 MiB" $EXIT_BAD_IMAGE "does not fit" -- run --bios "$scratch/big.bin"
check "directory as --kernel" $EXIT_BAD_IMAGE "not a regular file" -- run --kernel "$scratch"

check "--memory 12Q" $EXIT_USAGE "--memory" -- run --memory 12Q --bios "$scratch/random.bin"
check "--memory 0" $EXIT_USAGE "--memory" -- run --memory 0 --bios "$scratch/random.bin"
check "--memory 128G" $EXIT_USAGE "--memory" -- run --memory 128G --bios "$scratch/random.bin"
check "--max-insns abc" $EXIT_USAGE "--max-insns" -- run --max-insns abc --bios "$scratch/random.bin"
check "--max-insns -5" $EXIT_USAGE "--max-insns" -- run --max-insns -5 --bios "$scratch/random.bin"
check "--max-insns without a value" $EXIT_USAGE "needs a value" -- run --bios "$scratch/random.bin" --max-insns
check "unknown option" $EXIT_USAGE "--frobnicate" -- run --frobnicate --bios "$scratch/random.bin"
check "unknown command" $EXIT_USAGE "frobnicate" -- frobnicate
check "--smp 9" $EXIT_USAGE "at most 8 cores" -- run --smp 9 --bios "$scratch/random.bin"
check "--smp 0" $EXIT_USAGE "at least one core" -- run --smp 0 --bios "$scratch/random.bin"
check "--rtc sideways" $EXIT_USAGE "--rtc" -- run --rtc sideways --bios "$scratch/random.bin"
check "no image" $EXIT_USAGE "required" -- run
check "--kernel and --bios" $EXIT_USAGE "together" -- \
    run --kernel "$scratch/random.bin" --bios "$scratch/random.bin"
check "--semihosting-root not a directory" $EXIT_USAGE "not a directory" -- \
    run --semihosting-root "$scratch/random.bin" --bios "$scratch/random.bin"

check "unwritable --stats" $EXIT_HOST_ERROR "/nonexistent/dir/x.json" -- \
    run --stats /nonexistent/dir/x.json --bios "$scratch/random.bin"
check "unwritable --trace-transitions" $EXIT_HOST_ERROR "/nonexistent/dir/t.txt" -- \
    run --trace-transitions /nonexistent/dir/t.txt --bios "$scratch/random.bin"

# A bad image after the output files were opened must not leave them behind.
check "bad image with --stats" $EXIT_BAD_IMAGE "not an AArch64" -- \
    run --stats "$scratch/stats.json" --trace-transitions "$scratch/trace.txt" --kernel "$scratch/random.bin"
if [ -e "$scratch/stats.json" ] || [ -e "$scratch/trace.txt" ]; then
    echo "FAIL - bad image with --stats: output files left behind"
    failed=$((failed + 1))
else
    echo "ok - bad image with --stats: no output files left behind"
    passed=$((passed + 1))
fi

echo "$passed passed, $failed failed, $skipped skipped"
[ "$failed" -eq 0 ]
