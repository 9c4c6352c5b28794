#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
# End-to-end checks of the front end with small guests built by the cross compiler: PL011,
# PL031 and semihosting (tests/cli/guests/io.c), the transition trace and --stats JSON
# (guests/transitions.S), --bios, --max-insns, and SIGINT flushing the outputs.
# Usage: tests/cli/test_guest_io.sh path/to/tetrarch
set -u

TETRARCH=${1:?usage: $0 path/to/tetrarch}
here=$(cd "$(dirname "$0")" && pwd)
scratch=$(mktemp -d)
trap 'rm -rf "$scratch"' EXIT
passed=0
failed=0

pass() { echo "ok - $1"; passed=$((passed + 1)); }
fail() { echo "FAIL - $1"; failed=$((failed + 1)); }

# Every check here runs a guest: without the cross compiler the test fails (CI installs it),
# saying what to install.
if ! command -v aarch64-linux-gnu-gcc >/dev/null 2>&1; then
    fail "all guest tests: aarch64-linux-gnu-gcc not found (Debian package gcc-aarch64-linux-gnu; scripts/deps.sh installs it)"
    echo "0 passed, 1 failed"
    exit 1
fi
CROSS="aarch64-linux-gnu-gcc -nostdlib -static -fno-pic -Wl,--build-id=none"
$CROSS -O1 -ffreestanding -mgeneral-regs-only -fno-stack-protector -T "$here/guests/io.ld" \
    -o "$scratch/io.elf" "$here/guests/io_start.S" "$here/guests/io.c" || { fail "build io guest"; exit 1; }
$CROSS -Wl,-Ttext=0x40080000 -o "$scratch/transitions.elf" "$here/guests/transitions.S" ||
    { fail "build transitions guest"; exit 1; }
printf '.global _start\n_start:\n    b _start\n' >"$scratch/spin.S"
$CROSS -Wl,-Ttext=0x40080000 -o "$scratch/spin.elf" "$scratch/spin.S" || { fail "build spin guest"; exit 1; }
# A flash image: print through the UART, exit 3 through semihosting.
cat >"$scratch/bios.S" <<'EOF'
    .global _start
_start:
    ldr x1, =0x09000000
    adr x2, msg
1:  ldrb w3, [x2], #1
    cbz w3, 2f
    str w3, [x1]
    b 1b
2:  adr x1, block
    mov w0, #0x20
    hlt #0xf000
    .balign 8
block: .quad 0x20026, 3
msg: .asciz "bios ok\n"
EOF
$CROSS -Wl,-Ttext=0 -o "$scratch/bios.elf" "$scratch/bios.S" &&
    aarch64-linux-gnu-objcopy -O binary "$scratch/bios.elf" "$scratch/bios.bin" || { fail "build bios"; exit 1; }

# ---- PL011, PL031, semihosting ----
root="$scratch/root"
mkdir -p "$root/sub"
ln -s /etc/passwd "$root/link_out"
mkfifo "$root/fifo"
printf xy | timeout 120 "$TETRARCH" run -q --semihosting-root "$root" --kernel "$scratch/io.elf" \
    >"$scratch/io.out" 2>"$scratch/io.err"
status=$?
[ "$status" -eq 42 ] && pass "io guest exits 42 through SYS_EXIT" || fail "io guest: status $status, expected 42"
if grep -q '^FAIL' "$scratch/io.out"; then
    fail "io guest checks: $(grep '^FAIL' "$scratch/io.out" | tr '\n' '|')"
else
    pass "io guest checks ($(grep -c '^PASS' "$scratch/io.out") passed inside the guest)"
fi
grep -qx 'uart says hi' "$scratch/io.out" && grep -qx 'tt write' "$scratch/io.out" && grep -qx 'C' "$scratch/io.out" &&
    pass "PL011 and semihosting output interleave in order" || fail "console output missing or out of order"
[ ! -s "$scratch/io.err" ] && pass "-q leaves stderr empty" || fail "-q: stderr: $(head -c 200 "$scratch/io.err")"
[ "$(cat "$root/renamed.txt" 2>/dev/null)" = "data!" ] && pass "semihosting file written and renamed" ||
    fail "semihosting file: renamed.txt missing or wrong"
[ ! -e "$scratch/escape.txt" ] && pass "no file escaped the semihosting root" || fail "escape.txt was created"

# ---- transition trace and --stats ----
"$TETRARCH" run --kernel "$scratch/transitions.elf" --trace-transitions "$scratch/trace.txt" \
    --stats "$scratch/stats.json" >"$scratch/tr.out" 2>"$scratch/tr.err"
status=$?
[ "$status" -eq 0 ] && pass "transitions guest exits 0" || fail "transitions guest: status $status"
sed -E 's/ icount=[0-9]+ cycle=[0-9]+//' "$scratch/trace.txt" >"$scratch/trace.norm"
cat >"$scratch/trace.expected" <<'EOF'
cpu=0 kind=eret from=EL3 from_ns=0 to=EL2 to_ns=1 elr=0x40080034 pc=0x40080034
cpu=0 kind=exception type=sync from=EL2 from_ns=1 to=EL3 to_ns=0 ec=0x17 iss=0x0000011 far=0x0 elr=0x40080040 vector=0x400 pc=0x40080c00
cpu=0 kind=eret from=EL3 from_ns=0 to=EL2 to_ns=1 elr=0x40080040 pc=0x40080040
cpu=0 kind=exception type=sync from=EL2 from_ns=1 to=EL2 to_ns=1 ec=0x16 iss=0x0000022 far=0x0 elr=0x40080044 vector=0x200 pc=0x40081200
cpu=0 kind=eret from=EL2 from_ns=1 to=EL2 to_ns=1 elr=0x40080044 pc=0x40080044
EOF
if diff -u "$scratch/trace.expected" "$scratch/trace.norm" >"$scratch/trace.diff"; then
    pass "transition trace matches"
else
    fail "transition trace differs: $(tr '\n' '|' <"$scratch/trace.diff" | head -c 600)"
fi
grep -Eq '^cpu=0 icount=[0-9]+ cycle=[0-9]+ kind=' "$scratch/trace.txt" && pass "trace lines start cpu icount cycle kind" ||
    fail "trace line prefix"
if python3 - "$scratch/stats.json" <<'EOF'
import json, sys
s = json.load(open(sys.argv[1]))
assert s["transition_matrix"] == [[0, 0, 0, 0], [0, 0, 0, 0], [0, 0, 2, 1], [0, 0, 2, 0]], s["transition_matrix"]
exc = {(e["from"], e["to"], e["ec_name"]): e["count"] for e in s["exceptions"]}
assert exc == {(2, 2, "HVC64"): 1, (2, 3, "SMC64"): 1}, exc
assert {(e["from"], e["to"]): e["count"] for e in s["erets"]} == {(3, 2): 2, (2, 2): 1}
i = s["instructions"]
assert i["total"] == i["el0"] + i["el1"] + i["el2"] + i["el3"] and i["el2"] > 0 and i["el3"] > 0, i
c = s["cycles"]
assert c["total"] == c["el0"] + c["el1"] + c["el2"] + c["el3"], c
assert s["host_seconds"] >= 0 and s["mips"] >= 0
EOF
then pass "--stats JSON content"; else fail "--stats JSON content"; fi
grep -q 'SMC64' "$scratch/tr.err" && grep -q 'transition matrix' "$scratch/tr.err" &&
    pass "summary on stderr names the transitions" || fail "summary missing from stderr"
[ ! -s "$scratch/tr.out" ] && pass "summary stays off stdout" || fail "stdout not empty"

# ---- --bios ----
"$TETRARCH" run -q --bios "$scratch/bios.bin" >"$scratch/bios.out" 2>"$scratch/bios.err"
status=$?
[ "$status" -eq 3 ] && [ "$(cat "$scratch/bios.out")" = "bios ok" ] && pass "--bios runs from flash, SYS_EXIT_EXTENDED 3" ||
    fail "--bios: status $status, output '$(head -c 100 "$scratch/bios.out")'"

# ---- --max-insns ----
"$TETRARCH" run --max-insns 1000 --kernel "$scratch/spin.elf" --stats "$scratch/limit.json" \
    >/dev/null 2>"$scratch/limit.err"
status=$?
[ "$status" -eq 4 ] && grep -q '^tetrarch: stopped after 1000 instructions (--max-insns)' "$scratch/limit.err" &&
    pass "--max-insns stops with status 4 and says so" || fail "--max-insns: status $status: $(head -n 1 "$scratch/limit.err")"
grep -q '"total": 1000,' "$scratch/limit.json" && pass "--max-insns runs exactly N instructions" ||
    fail "--max-insns count: $(grep instructions "$scratch/limit.json")"

# ---- SIGINT flushes the outputs ----
"$TETRARCH" run -q --kernel "$scratch/spin.elf" --stats "$scratch/int.json" --trace-transitions "$scratch/int.txt" \
    </dev/null >/dev/null 2>"$scratch/int.err" &
pid=$!
sleep 0.5
kill -INT "$pid"
wait "$pid"
status=$?
[ "$status" -eq 130 ] && pass "SIGINT stops the run with status 130" || fail "SIGINT: status $status"
python3 -c 'import json,sys; json.load(open(sys.argv[1]))' "$scratch/int.json" 2>/dev/null &&
    pass "SIGINT still writes --stats" || fail "SIGINT: --stats not written"
[ -e "$scratch/int.txt" ] && pass "SIGINT keeps the trace file" || fail "SIGINT: trace file missing"

echo "$passed passed, $failed failed"
[ "$failed" -eq 0 ]
