#!/usr/bin/env python3
# SPDX-License-Identifier: MIT
"""The Linux test: Debian's arm64 cloud kernel with a busybox-static initramfs whose /init runs
FP- and SIMD-using commands (awk, sha256sum, md5sum, gzip, sort) and powers off. Runs on
tetrarch and on QEMU (-M virt,virtualization=on -cpu cortex-a57, the oracle) with the same
initramfs, and compares what /init printed between its markers. The only line that differs
by design is the CPU feature list: it is checked against what tetrarch's ID registers say.

usage: run_linux.py TETRARCH SMP (the kernel and busybox from scripts/deps.sh test, in
/var/cache/tetrarch/linux or ~/.cache/tetrarch/linux)"""
import os
import shutil
import subprocess
import sys
import tempfile

HERE = os.path.dirname(os.path.abspath(__file__))
APPEND = "console=ttyAMA0 panic=-1 quiet"
# What Linux 6.1 reports for tetrarch's ID registers (a Cortex-A55's features: FP16, RDM,
# DotProd, the Crypto extension, LSE, LRCPC; and SB).
TETRARCH_FEATURES = "Features\t: fp asimd evtstrm aes pmull sha1 sha2 crc32 atomics fphp asimdhp cpuid asimdrdm lrcpc asimddp sb"


def section(out):
    lines = out.replace("\r", "").splitlines()
    try:
        a = lines.index("== tetrarch-linux-test begin")
        b = lines.index("== tetrarch-linux-test end")
    except ValueError:
        return None
    return lines[a + 1:b]


def interactive(tetrarch, kernel, busybox, tmp, smp):
    """Boot to the shell prompt and type commands at it, as a user would; returns problems."""
    initrd = os.path.join(tmp, "shell.gz")
    subprocess.run([sys.executable, os.path.join(HERE, "make_initramfs.py"), "--shell", busybox, initrd], check=True)
    p = subprocess.Popen([tetrarch, "run", "-q", "--smp", smp, "--kernel", kernel, "--initrd", initrd,
                          "--append", APPEND, "--max-insns", "40000000000"],
                         stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    out = b""

    def until(marker):
        nonlocal out
        while marker not in out:
            b = os.read(p.stdout.fileno(), 4096)
            if not b:
                return False
            out += b
        return True

    problems = []
    dialogue = [("echo typed-$((6*7))", b"typed-42"), ("awk 'BEGIN { printf \"%.6f\\n\", 22/7 }'", b"3.142857"),
                ("echo tetrarch | sha256sum", b"fe1274c80bcc6d59bad694d6654c695d3b255b54a6d73b7435f471a1a44dc750")]
    if not until(b"/ # "):
        problems.append("interactive: no shell prompt; console tail: %r" % out[-500:])
    else:
        for cmd, want in dialogue:
            out = b""
            p.stdin.write(cmd.encode() + b"\n")
            p.stdin.flush()
            if not until(b"/ # ") or want not in out:
                problems.append("interactive: %r answered %r" % (cmd, out[-300:]))
                break
        p.stdin.write(b"poweroff -f\n")
        p.stdin.flush()
    try:
        p.stdin.close()
        p.stdin = None
        rest, err = p.communicate(timeout=600)
    except subprocess.TimeoutExpired:
        p.kill()
        rest, err = p.communicate()
        problems.append("interactive: no power-off")
    if p.returncode != 0:
        problems.append("interactive: exit status %d (%s)" % (p.returncode, err.decode(errors="replace")[-200:]))
    return problems


def main():
    tetrarch, smp = sys.argv[1], sys.argv[2]
    cands = ["/var/cache/tetrarch/linux",
             os.path.join(os.environ.get("XDG_CACHE_HOME") or os.path.expanduser("~/.cache"), "tetrarch", "linux")]
    cache = next((c for c in cands if os.path.isfile(os.path.join(c, "Image"))), cands[0])
    kernel, busybox = os.path.join(cache, "Image"), os.path.join(cache, "busybox")
    if not (os.path.isfile(kernel) and os.path.isfile(busybox)):
        print("FAIL: %s or %s missing: run scripts/deps.sh test" % (kernel, busybox))
        return 1
    tmp = tempfile.mkdtemp()
    try:
        initrd = os.path.join(tmp, "initrd.gz")
        subprocess.run([sys.executable, os.path.join(HERE, "make_initramfs.py"), busybox, initrd], check=True)
        t = subprocess.run([tetrarch, "run", "-q", "--smp", smp, "--kernel", kernel, "--initrd", initrd,
                            "--append", APPEND, "--max-insns", "40000000000"],
                           stdin=subprocess.DEVNULL, stdout=subprocess.PIPE, stderr=subprocess.PIPE, timeout=1500)
        tout = t.stdout.decode(errors="replace")
        problems = []
        if t.returncode != 0:
            problems.append("tetrarch exit status %d (%s)" % (t.returncode, t.stderr.decode(errors="replace")[-300:]))
        ts = section(tout)
        if ts is None:
            problems.append("tetrarch: /init's markers not found; console tail:\n" + "\n".join(tout.splitlines()[-25:]))
        qemu = shutil.which("qemu-system-aarch64")
        q = subprocess.run([qemu, "-M", "virt,virtualization=on", "-cpu", "cortex-a57", "-smp", smp, "-m", "512M",
                            "-nographic", "-no-reboot", "-kernel", kernel, "-initrd", initrd, "-append", APPEND],
                           stdin=subprocess.DEVNULL, stdout=subprocess.PIPE, stderr=subprocess.PIPE, timeout=600)
        qs = section(q.stdout.decode(errors="replace"))
        if q.returncode != 0 or qs is None:
            problems.append("QEMU did not complete the test (status %d)" % q.returncode)
        if ts is not None and qs is not None:
            def strip(lines):
                return [l for l in lines if not l.startswith("Features")]
            if strip(ts) != strip(qs):
                problems.append("output differs from QEMU's:\n  tetrarch: %r\n  QEMU:     %r" % (strip(ts), strip(qs)))
            feats = [l for l in ts if l.startswith("Features")]
            if feats != [TETRARCH_FEATURES]:
                problems.append("feature line %r, expected %r" % (feats, TETRARCH_FEATURES))
            if ts[ts.index("-- cpus") + 1] != smp:
                problems.append("/proc/cpuinfo lists %s cores, expected %s" % (ts[ts.index("-- cpus") + 1], smp))
        problems += interactive(tetrarch, kernel, busybox, tmp, smp)
        for p in problems:
            print("FAIL:", p)
        if not problems:
            print("PASS: Linux %s on %s core(s): /init's output matches QEMU's (%d lines); commands typed at the shell prompt answered" % (
                open(os.path.join(cache, "VERSION")).read().strip(), smp, len(ts)))
        return 1 if problems else 0
    finally:
        shutil.rmtree(tmp)


if __name__ == "__main__":
    sys.exit(main())
