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

# A check that cannot run for want of a tool is a failure: CI installs every tool, and a
# developer without one is told what is missing.
skip() {
    echo "FAIL - $1 (not run: a tool is missing)"
    failed=$((failed + 1))
}

# The only exception: the checks that need root (mknod) are skipped, not failed, for a developer
# who is not root. CI runs as root, and with TETRARCH_CI set (scripts/test.sh) they fail there.
root_skip() {
    if [ -n "${TETRARCH_CI:-}" ]; then
        echo "FAIL - $1 (not run: needs root, and TETRARCH_CI is set)"
        failed=$((failed + 1))
    else
        echo "skip - $1 (needs root; runs in CI)"
        skipped=$((skipped + 1))
    fi
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
        skip "malformed ELF variants (python3 not found)"
    fi
else
    skip "truncated ELF (aarch64-linux-gnu-gcc not found: Debian package gcc-aarch64-linux-gnu)"
    skip "segment outside RAM and flash (aarch64-linux-gnu-gcc not found)"
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

# ---- Never destroy a user's file, never hang on odd input ----

# verdict NAME CONDITION_STATUS DETAIL: record a check made with `test`/`cmp` just before.
verdict() {
    if [ "$2" -eq 0 ]; then
        echo "ok - $1"
        passed=$((passed + 1))
    else
        echo "FAIL - $1: $3"
        failed=$((failed + 1))
    fi
}

# Character devices as outputs (copies of /dev/null and /dev/full made with mknod, as root):
# written in place, never removed, whatever happens to the run.
if [ "$(id -u)" -ne 0 ]; then
    root_skip "device outputs (mknod)"
elif ! { mknod "$scratch/null" c 1 3 && mknod "$scratch/full" c 1 7; }; then
    echo "FAIL - device outputs: mknod failed as root"
    failed=$((failed + 1))
else
    check "bad image with --stats to a device" $EXIT_BAD_IMAGE "not an AArch64" -- \
        run --stats "$scratch/null" --kernel "$scratch/random.bin"
    [ -c "$scratch/null" ]; verdict "the /dev/null copy survives a failed run" $? "it is gone"
    if $have_cross; then
        check "--stats on a full device" $EXIT_HOST_ERROR "No space left" -- \
            run -q --max-insns 100 --stats "$scratch/full" --kernel "$scratch/good.elf"
        [ -c "$scratch/full" ]; verdict "the /dev/full copy survives a failed write" $? "it is gone"
    else
        skip "--stats on a full device (no aarch64-linux-gnu-gcc)"
    fi
fi

if $have_cross; then
    # An output that is an input: refused before anything runs, the input untouched.
    cp "$scratch/good.elf" "$scratch/fw.elf"
    check "--stats is the --kernel" $EXIT_USAGE "may not overwrite an input" -- \
        run --kernel "$scratch/fw.elf" --stats "$scratch/fw.elf"
    cmp -s "$scratch/good.elf" "$scratch/fw.elf"; verdict "the kernel image is untouched" $? "it changed"
    ln -s fw.elf "$scratch/fw-link"
    check "--tarmac is the --kernel through a link" $EXIT_USAGE "may not overwrite an input" -- \
        run --kernel "$scratch/fw.elf" --tarmac "$scratch/fw-link"
    head -c 1048576 /dev/zero >"$scratch/disk.img"
    check "--trace-transitions is the --drive" $EXIT_USAGE "may not overwrite an input" -- \
        run --kernel "$scratch/fw.elf" --drive "file=$scratch/disk.img,rw" --trace-transitions "$scratch/disk.img"
    [ "$(wc -c <"$scratch/disk.img")" -eq 1048576 ]; verdict "the disk image is untouched" $? "its size changed"
    check "two outputs to one file" $EXIT_USAGE "also the --stats output" -- \
        run --kernel "$scratch/fw.elf" --stats "$scratch/o.json" --dump-dtb "$scratch/o.json"

    # A symbolic link as output is followed, never replaced; a failed run leaves its target alone.
    echo "precious" >"$scratch/target.dtb"
    ln -s target.dtb "$scratch/link.dtb"
    check "bad image with --dump-dtb to a link" $EXIT_BAD_IMAGE "not an AArch64" -- \
        run --kernel "$scratch/random.bin" --dump-dtb "$scratch/link.dtb"
    [ -L "$scratch/link.dtb" ] && [ "$(cat "$scratch/target.dtb")" = precious ]
    verdict "the link and its target survive a failed run" $? "changed"
    "$TETRARCH" run -q --kernel "$scratch/fw.elf" --dump-dtb "$scratch/link.dtb" </dev/null
    [ -L "$scratch/link.dtb" ] && [ "$(head -c 4 "$scratch/target.dtb" | od -An -tx1 | tr -d ' ')" = d00dfeed ]
    verdict "--dump-dtb writes through the link, which stays a link" $? "link replaced or target not a dtb"

    # FIFOs as inputs: a clear error at once, no blocking open.
    mkfifo "$scratch/fifo"
    for opt in --kernel --bios --dtb --initrd --drive; do
        case $opt in
        --dtb|--initrd) args=(--kernel "$scratch/fw.elf" "$opt" "$scratch/fifo") ;;
        --drive) args=(--kernel "$scratch/fw.elf" --drive "file=$scratch/fifo") ;;
        *) args=("$opt" "$scratch/fifo") ;;
        esac
        [ $opt = --initrd ] && continue # needs an arm64 Image kernel: checked below with the Image
        want=$EXIT_BAD_IMAGE
        check "FIFO as $opt" $want "not a regular file" -- run --max-insns 1000 "${args[@]}"
    done

    # Sleeps that cannot end are jams; --max-time bounds simulated time even while cores sleep.
    cat >"$scratch/evwfi.S" <<'ASM'
.global _start
_start:
    mov x0, #(1 << 2)          // CNTKCTL_EL1.EVNTEN, EVNTI = 0: an event every other tick
    msr cntkctl_el1, x0
    isb
1:  wfi                        // the event stream wakes WFE, never WFI
    b 1b
ASM
    cat >"$scratch/evwfe.S" <<'ASM'
.global _start
_start:
    mov x0, #(1 << 2)
    msr cntkctl_el1, x0
    isb
1:  wfe
    b 1b
ASM
    aarch64-linux-gnu-gcc -nostdlib -static -Wl,--build-id=none -Wl,-Ttext=0x40080000 -o "$scratch/evwfi.elf" "$scratch/evwfi.S"
    aarch64-linux-gnu-gcc -nostdlib -static -Wl,--build-id=none -Wl,-Ttext=0x40080000 -o "$scratch/evwfe.elf" "$scratch/evwfe.S"
    check "WFI with only an event stream" 5 "event stream wakes only WFE" -- run -q --kernel "$scratch/evwfi.elf"
    # A jam on an UNDEFINED loop names the instruction that started it, without -W: here an
    # MRS of an unimplemented register, whose exception goes to VBAR_EL3 = 0, where the
    # (empty) flash is UNDEFINED too.
    printf '.global _start\n_start:\n    nop\n    mrs x1, s3_3_c15_c15_7\n    b _start\n' >"$scratch/undef.S"
    aarch64-linux-gnu-gcc -nostdlib -static -Wl,--build-id=none -Wl,-Ttext=0x40080000 -o "$scratch/undef.elf" "$scratch/undef.S"
    check "jam on an unimplemented register names it" 5 \
        "EC 0x00.*UNDEFINED instruction was 0xd53bffe1 at pc 0x40080004 (EL3), an MRS of S3_3_C15_C15_7" -- \
        run -q --kernel "$scratch/undef.elf"
    printf '.global _start\n_start:\n    .inst 0x00000000\n' >"$scratch/udf.S"
    aarch64-linux-gnu-gcc -nostdlib -static -Wl,--build-id=none -Wl,-Ttext=0x40080000 -o "$scratch/udf.elf" "$scratch/udf.S"
    check "jam on UDF names the word" 5 "UNDEFINED instruction was 0x00000000 at pc 0x40080000 (EL3)" -- \
        run -q --kernel "$scratch/udf.elf"
    for g in evwfe good; do
        timeout 60 "$TETRARCH" run --max-time 0.001 --kernel "$scratch/$g.elf" </dev/null >/dev/null 2>"$scratch/err"
        st=$?
        [ $st -eq 4 ] && grep -q "stopped at 0.00100.* s of simulated time.*(--max-time)" "$scratch/err"
        verdict "--max-time 0.001 stops a $g guest (status 4)" $? "status $st: $(head -n 1 "$scratch/err")"
    done
    check "--max-time abc" $EXIT_USAGE "--max-time" -- run --max-time abc --kernel "$scratch/good.elf"
    check "--max-time 0" $EXIT_USAGE "--max-time" -- run --max-time 0 --kernel "$scratch/good.elf"
else
    skip "file-safety cases with a real ELF (aarch64-linux-gnu-gcc not found)"
fi
# The initrd FIFO, with a minimal arm64 Image (little-endian) as the kernel.
{ head -c 56 /dev/zero; printf 'ARM\x64'; head -c 4036 /dev/zero; } >"$scratch/le.Image"
mkfifo "$scratch/fifo2"
check "FIFO as --initrd" $EXIT_BAD_IMAGE "not a regular file" -- \
    run --max-insns 10 --kernel "$scratch/le.Image" --initrd "$scratch/fifo2"
check "--tlb-ways above --tlb-entries" $EXIT_USAGE "--tlb-ways" -- \
    run --tlb-entries 1 --tlb-ways 65536 --bios "$scratch/random.bin"
check "--gdb-files without --gdb" $EXIT_USAGE "--gdb-files" -- \
    run --gdb-files "$scratch" --bios "$scratch/random.bin"

echo "$passed passed, $failed failed, $skipped skipped"
[ "$failed" -eq 0 ]
