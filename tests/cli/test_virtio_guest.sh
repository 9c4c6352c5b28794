#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
# virtio end to end: a guest drives virtio-blk and virtio-console through tetrarch's
# --drive and --virtio-console; the image file and stdout are checked afterwards.
# Usage: tests/cli/test_virtio_guest.sh path/to/tetrarch
set -u

TETRARCH=${1:?usage: $0 path/to/tetrarch}
here=$(cd "$(dirname "$0")" && pwd)
scratch=$(mktemp -d)
trap 'rm -rf "$scratch"' EXIT
passed=0
failed=0
pass() { passed=$((passed + 1)); echo "ok - $1"; }
fail() { failed=$((failed + 1)); echo "not ok - $1"; }

# Bad --drive/--virtio-console values: usage (2) or bad image (3), one line on stderr, before
# anything runs (the kernel path is never looked at).
bad() {
    local expected=$1 name=$2
    shift 2
    "$TETRARCH" run --kernel /nonexistent.elf "$@" </dev/null >"$scratch/bad.out" 2>"$scratch/bad.err"
    local status=$? lines
    lines=$(wc -l <"$scratch/bad.err")
    if [ "$status" -eq "$expected" ] && [ "$lines" -eq 1 ] && grep -q '^tetrarch: ' "$scratch/bad.err"; then
        pass "$name: status $expected"
    else
        fail "$name: status $status, $lines lines: $(head -c 200 "$scratch/bad.err")"
    fi
}
touch "$scratch/empty.img"
bad 2 "--drive without file=" --drive rw
bad 2 "--drive unknown property" --drive "file=$scratch/empty.img,cache=none"
bad 2 "--drive rw and ro" --drive "file=$scratch/empty.img,rw,ro"
bad 2 "--drive format=qcow2" --drive "file=$scratch/empty.img,format=qcow2"
bad 2 "--virtio-console bad mode" --virtio-console tty
bad 2 "two virtio consoles" --virtio-console stdout --virtio-console stdio
bad 3 "--drive missing file" --drive "file=$scratch/missing.img"
bad 3 "--drive directory" --drive "file=$scratch"

# The guest part needs the cross compiler: without it the test fails (CI installs it), saying
# what to install.
if ! command -v aarch64-linux-gnu-gcc >/dev/null; then
    fail "guest part: aarch64-linux-gnu-gcc not found (Debian package gcc-aarch64-linux-gnu; scripts/deps.sh installs it)"
    echo "$passed passed, $failed failed"
    exit 1
fi
CROSS="aarch64-linux-gnu-gcc -nostdlib -static -fno-pic -Wl,--build-id=none"
$CROSS -O1 -ffreestanding -mgeneral-regs-only -mstrict-align -fno-stack-protector -T "$here/guests/io.ld" \
    -o "$scratch/virtio.elf" "$here/guests/io_start.S" "$here/guests/virtio.c" || { fail "build virtio guest"; exit 1; }

# A 16-sector image: a signature in sector 0, zeros elsewhere.
img="$scratch/disk.img"
head -c 8192 /dev/zero >"$img"
printf 'TETRARCH-DISK-IMAGE' | dd of="$img" conv=notrunc status=none

"$TETRARCH" run -q --kernel "$scratch/virtio.elf" --drive "file=$img,rw,serial=disk0" \
    --virtio-console stdout </dev/null >"$scratch/out" 2>"$scratch/err"
status=$?
[ "$status" -eq 0 ] && pass "guest exits 0" || fail "guest: status $status: $(grep '^FAIL' "$scratch/out" | tr '\n' '|')"
[ "$(grep -c '^PASS' "$scratch/out")" -ge 14 ] && pass "guest checks pass" || fail "guest checks: $(tr '\n' '|' <"$scratch/out")"
grep -qx 'virtio console says hi' "$scratch/out" && pass "virtio-console output on stdout" || fail "console output missing"
grep -qx '!' "$scratch/out" && pass "emergency write" || fail "emerg_wr output missing"
[ "$(dd if="$img" bs=512 skip=3 count=1 status=none | head -c 16)" = "WRITTEN-BY-GUEST" ] &&
    pass "guest write reached the image" || fail "sector 3 of the image is not what the guest wrote"
[ "$(stat -c %s "$img")" -eq 8192 ] && pass "image size unchanged" || fail "image size changed"
[ ! -s "$scratch/err" ] && pass "-q leaves stderr empty" || fail "stderr: $(head -c 200 "$scratch/err")"

# The same drive read-only: writes fail inside the guest, the file is untouched.
cp "$img" "$scratch/before.img"
"$TETRARCH" run -q --kernel "$scratch/virtio.elf" --drive "file=$img" --virtio-console stdout \
    </dev/null >"$scratch/out2" 2>"$scratch/err2"
grep -qx 'FAIL write sector 3' "$scratch/out2" && pass "read-only drive refuses the write" ||
    fail "read-only drive: $(tr '\n' '|' <"$scratch/out2")"
cmp -s "$img" "$scratch/before.img" && pass "read-only image untouched" || fail "read-only image changed"

# Durability: kill tetrarch (SIGKILL) at random points of a guest's write-flush loop; every
# write the guest saw completed with FLUSH must be in the image.
$CROSS -O1 -ffreestanding -mgeneral-regs-only -mstrict-align -fno-stack-protector -DFLUSH_LOOP \
    -T "$here/guests/io.ld" -o "$scratch/flush.elf" "$here/guests/io_start.S" "$here/guests/virtio.c" ||
    fail "build the flush-loop guest"
python3 - "$TETRARCH" "$scratch/flush.elf" "$scratch" <<'EOF'
import os, random, signal, struct, subprocess, sys
tetrarch, elf, d = sys.argv[1:4]
rng = random.Random(20261207)
bad = 0
for trial in range(8):
    img = os.path.join(d, "flush.img")
    with open(img, "wb") as f:
        f.write(bytes(8192))
    p = subprocess.Popen([tetrarch, "run", "-q", "--kernel", elf, "--drive", "file=%s,rw" % img],
                         stdin=subprocess.DEVNULL, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL)
    want, last = rng.randint(50, 3000), 0
    for line in p.stdout:
        if line.startswith(b"flushed "):
            last = int(line.split()[1])
            if last >= want:
                break
    p.send_signal(signal.SIGKILL)
    p.wait()
    data = open(img, "rb").read()
    # The last eight confirmed writes, one per sector: each is there (or a later one).
    for k in range(max(1, last - 7), last + 1):
        got = struct.unpack_from("<Q", data, 512 * (1 + k % 8))[0]
        if got < k or got % 8 != k % 8:
            bad += 1
            print("not ok - killed after 'flushed %d': sector %d holds %d" % (last, 1 + k % 8, got))
    if last == 0:
        bad += 1
        print("not ok - trial %d: the guest confirmed no write" % trial)
print("durability: %d trials, %d problems" % (8, bad))
sys.exit(1 if bad else 0)
EOF
[ $? -eq 0 ] && pass "every FLUSHed write survives SIGKILL (8 random kill points)" || fail "a FLUSHed write was lost"

echo "$passed passed, $failed failed"
[ "$failed" -eq 0 ]
