#!/usr/bin/env python3
# SPDX-License-Identifier: MIT
"""Time Debian's arm64 kernel with the busybox initramfs of tests/linux to the shell prompt and
to power-off, on tetrarch and on QEMU side by side: CPU time (user + system) of the simulator
process, best of --runs, runs alternating. The prompt time is the process's CPU time read from
/proc when "/ # " first appears; power-off is the whole process's.

usage: linux_boot_time.py --tetrarch T [--runs 3] [--smp 1] [--cache DIR]"""
import argparse
import os
import resource
import subprocess
import sys
import tempfile

HERE = os.path.dirname(os.path.abspath(__file__))
APPEND = "console=ttyAMA0 panic=-1 quiet"


def proc_cpu(pid):
    with open("/proc/%d/stat" % pid) as f:
        fields = f.read().rsplit(")", 1)[1].split()
    tick = os.sysconf("SC_CLK_TCK")
    return (int(fields[11]) + int(fields[12])) / tick   # utime, stime


def one(cmd):
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    p = subprocess.Popen(cmd, stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL)
    out, prompt = b"", None
    while b"/ # " not in out:
        b = os.read(p.stdout.fileno(), 4096)
        if not b:
            break
        out += b
    if b"/ # " in out:
        prompt = proc_cpu(p.pid)
        p.stdin.write(b"poweroff -f\n")
        p.stdin.flush()
    p.stdin.close()
    p.stdin = None
    p.communicate(timeout=900)
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    total = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    if p.returncode != 0 or prompt is None:
        sys.exit("linux_boot_time: %s: status %d, prompt %s" % (cmd[0], p.returncode, prompt))
    return prompt, total


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--tetrarch", required=True)
    ap.add_argument("--qemu", default="qemu-system-aarch64")
    ap.add_argument("--runs", type=int, default=3)
    ap.add_argument("--smp", default="1")
    ap.add_argument("--cache", default="/var/cache/tetrarch/linux")
    a = ap.parse_args()
    kernel, busybox = os.path.join(a.cache, "Image"), os.path.join(a.cache, "busybox")
    tmp = tempfile.mkdtemp()
    initrd = os.path.join(tmp, "shell.gz")
    subprocess.run([sys.executable, os.path.join(HERE, "..", "linux", "make_initramfs.py"), "--shell", busybox, initrd],
                   check=True)
    cmds = {
        "tetrarch": [a.tetrarch, "run", "-q", "--smp", a.smp, "--kernel", kernel, "--initrd", initrd, "--append", APPEND],
        "QEMU": [a.qemu, "-M", "virt,virtualization=on", "-cpu", "cortex-a57", "-smp", a.smp, "-m", "512M",
                 "-nographic", "-no-reboot", "-kernel", kernel, "-initrd", initrd, "-append", APPEND],
    }
    best = {k: [None, None] for k in cmds}
    for _ in range(a.runs):
        for k, cmd in cmds.items():
            pr, tot = one(cmd)
            b = best[k]
            b[0] = pr if b[0] is None else min(b[0], pr)
            b[1] = tot if b[1] is None else min(b[1], tot)
    print("| simulator | CPU s to the shell prompt | CPU s to power-off |")
    print("| --- | ---: | ---: |")
    for k, (pr, tot) in best.items():
        print("| %s | %.2f | %.2f |" % (k, pr, tot))


if __name__ == "__main__":
    main()
