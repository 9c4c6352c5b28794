#!/usr/bin/env python3
# SPDX-License-Identifier: MIT
# Differential test: runs gen.py programs on QEMU (the oracle) and tetrarch, compares output.
"""Generate, build and run random A64 programs on QEMU and tetrarch and compare their output.

For each seed: gen.py writes the program, the cross compiler links it with the firmware
runtime, both simulators run it, and their UART output is compared line by line. On the
first difference the script prints the differing block's instructions and initial
registers, then rebuilds the program with --dump and shows which registers or memory
words differ. Exit status: 0 all equal, 1 a difference or a failure, 77 QEMU (or the cross
compiler) missing, so that meson counts the test as skipped.
"""

import argparse
import os
import re
import shutil
import subprocess
import sys
import tempfile

HERE = os.path.dirname(os.path.abspath(__file__))
FW = os.path.normpath(os.path.join(HERE, "..", "firmware"))

# Keep in sync with tests/firmware/meson.build.
CFLAGS = ["-nostdlib", "-ffreestanding", "-mgeneral-regs-only", "-mstrict-align", "-O2",
          "-march=armv8.2-a+crc+lse+rcpc", "-fno-pic", "-static", "-no-pie",
          "-fno-tree-loop-distribute-patterns", "-Wl,--build-id=none",
          "-Wl,--no-warn-rwx-segments", "-z", "max-page-size=4096"]
QEMU_ARGS = ["-M", "virt,secure=on,virtualization=on", "-cpu", "cortex-a57", "-semihosting",
             "-nographic", "-kernel"]
# FP/SIMD programs (--fp, gen_fp.py) need FEAT_FP16, RDM and DotProd: QEMU's "max" CPU.
QEMU_ARGS_FP = ["-M", "virt,secure=on,virtualization=on", "-cpu", "max", "-semihosting",
                "-nographic", "-kernel"]


def skip(msg):
    print("SKIP: " + msg)
    sys.exit(77)


def build(cc, src, elf):
    cmd = [cc] + CFLAGS + ["-I", FW, "-I", HERE, "-T", os.path.join(FW, "lib", "link.ld"),
                           "-o", elf, os.path.join(FW, "lib", "start.S"),
                           os.path.join(FW, "lib", "rt.c"), os.path.join(FW, "lib", "trig.c"),
                           os.path.join(HERE, "diff_main.c"), src]
    p = subprocess.run(cmd, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
    if p.returncode != 0:
        print("build failed: " + " ".join(cmd))
        print(p.stdout)
        sys.exit(1)


def run(cmd, timeout):
    """(exit status or None on timeout, stdout lines)."""
    try:
        p = subprocess.run(cmd, stdin=subprocess.DEVNULL, stdout=subprocess.PIPE,
                           stderr=subprocess.PIPE, timeout=timeout)
        status = p.returncode
        out = p.stdout
    except subprocess.TimeoutExpired as e:
        status = None
        out = e.stdout or b""
    return status, out.decode("utf-8", "replace").replace("\r\n", "\n").splitlines()


def block_text(asm_path, n, fp=False):
    """The initial state and the instructions of block n, from the generated file (for FP
    programs the V registers and FPCR follow x0-x30 and NZCV)."""
    with open(asm_path) as f:
        text = f.read()
    body = re.search(r"^diff_body_%d:\n(.*?)^\s+\.global diff_body_end_%d" % (n, n), text, re.S | re.M)
    init = re.search(r"^diff_init_%d:\n((?:\s+\.quad .*\n){%d})" % (n, 65 if fp else 32), text, re.M)
    lines = []
    if init:
        quads = [q.strip()[6:] for q in init.group(1).splitlines()]
        regs = ["x%d=%s" % (i, v) for i, v in enumerate(quads[:31])]
        lines.append("initial registers (x27/x28 are then set to scratch+512/scratch):")
        for i in range(0, 31, 4):
            lines.append("  " + " ".join(regs[i:i + 4]))
        lines.append("  nzcv=%s" % quads[31])
        if fp:
            lines.extend("  v%d = %s" % (i, q) for i, q in enumerate(quads[32:64]))
            lines.append("  fpcr = " + quads[64])
    if body:
        lines.append("instructions:")
        lines.extend(body.group(1).rstrip("\n").splitlines())
    return lines


def dump_section(lines, n):
    """The --dump lines that follow 'block n:'."""
    out = []
    start = None
    for i, l in enumerate(lines):
        if l.startswith("block %d:" % n):
            start = i + 1
            break
    if start is None:
        return {}
    for l in lines[start:]:
        if not l.startswith("  "):
            break
        out.append(l)
    vals = {}
    for l in out:
        for k, v in re.findall(r"(x\d+|mem\[[0-9a-f]+\])=([0-9a-f]+)", l):
            vals[k] = v
    return vals


def explain_block(args, work, seed, n, qemu, tetrarch_cmd):
    asm = os.path.join(work, "diff_%d_dump.S" % seed)
    elf = os.path.join(work, "diff_%d_dump.elf" % seed)
    subprocess.run([sys.executable, os.path.join(HERE, "gen.py"), "--seed", str(seed),
                    "--blocks", str(args.blocks), "--block-len", str(args.block_len),
                    "--exceptions", str(args.exceptions), "--dump", "-o", asm], check=True)
    build(args.cc, asm, elf)
    _, ql = run([qemu] + QEMU_ARGS + [elf], args.timeout)
    _, tl = run(tetrarch_cmd + [elf], args.timeout)
    q, t = dump_section(ql, n), dump_section(tl, n)
    keys = sorted(set(q) | set(t), key=lambda k: (k[0] != "x", int(re.sub(r"\D", "", k) or 0, 16 if k[0] == "m" else 10)))
    print("state after block %d (qemu vs tetrarch):" % n)
    for k in keys:
        if q.get(k, "0") != t.get(k, "0"):
            print("  %-9s qemu=%s tetrarch=%s" % (k, q.get(k, "-"), t.get(k, "-")))


def one_seed(args, work, seed, qemu):
    asm = os.path.join(work, "diff_%s%d.S" % ("fp" if args.fp else "", seed))
    elf = os.path.join(work, "diff_%s%d.elf" % ("fp" if args.fp else "", seed))
    if args.fp:
        subprocess.run([sys.executable, os.path.join(HERE, "gen_fp.py"), "--seed", str(seed),
                        "--blocks", str(args.blocks), "--block-len", str(args.block_len), "-o", asm], check=True)
    else:
        subprocess.run([sys.executable, os.path.join(HERE, "gen.py"), "--seed", str(seed),
                        "--blocks", str(args.blocks), "--block-len", str(args.block_len),
                        "--exceptions", str(args.exceptions), "-o", asm], check=True)
    build(args.cc, asm, elf)
    qs, ql = run([qemu] + (QEMU_ARGS_FP if args.fp else QEMU_ARGS) + [elf], args.timeout)
    if qs != 0 or not ql or not ql[-1].startswith("diff: done, 0 failures"):
        print("seed %d: QEMU did not run the program to completion (status %s): generator bug?"
              % (seed, qs))
        print("\n".join(ql[-10:]))
        return False
    tetrarch_cmd = [args.tetrarch, "run", "-q", "--kernel"]
    ts, tl = run(tetrarch_cmd + [elf], args.timeout)
    for i in range(max(len(ql), len(tl))):
        a = ql[i] if i < len(ql) else "<end of output>"
        b = tl[i] if i < len(tl) else "<end of output>"
        if a == b:
            continue
        print("seed %d: first difference at output line %d" % (seed, i + 1))
        print("  qemu:     " + a)
        print("  tetrarch: " + b)
        m = re.match(r"block (\d+):", a)
        if m:
            n = int(m.group(1))
            print("\n".join(block_text(asm, n, args.fp)))
            if not args.no_explain and not args.fp:
                explain_block(args, work, seed, n, qemu, tetrarch_cmd)
        else:
            # An exception line: show the trigger it belongs to.
            for j in range(i, -1, -1):
                if re.match(r"d\d{3} ", ql[j]):
                    print("  trigger: " + ql[j])
                    break
        print("  (program kept in %s)" % asm)
        return False
    if ts != 0:
        print("seed %d: outputs equal but tetrarch exited with %s" % (seed, ts))
        return False
    print("seed %d: %d lines equal" % (seed, len(ql)))
    return True


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--tetrarch", required=True, help="path of the tetrarch executable")
    ap.add_argument("--seed", type=int, action="append", required=True,
                    help="generator seed (repeat for several programs)")
    ap.add_argument("--blocks", type=int, default=100)
    ap.add_argument("--block-len", type=int, default=32)
    ap.add_argument("--exceptions", type=int, default=40)
    ap.add_argument("--cc", default="aarch64-linux-gnu-gcc", help="cross compiler")
    ap.add_argument("--qemu", default="qemu-system-aarch64")
    ap.add_argument("--timeout", type=float, default=60)
    ap.add_argument("--workdir", help="keep generated files here (default: a temporary directory)")
    ap.add_argument("--fp", action="store_true",
                    help="FP, Advanced SIMD and Crypto programs (gen_fp.py, QEMU -cpu max)")
    ap.add_argument("--no-explain", action="store_true",
                    help="on a difference, do not rebuild with --dump to show the registers")
    args = ap.parse_args()

    qemu = shutil.which(args.qemu)
    if not qemu:
        skip("%s not found" % args.qemu)
    if not shutil.which(args.cc):
        skip("cross compiler %s not found" % args.cc)
    if args.workdir:
        os.makedirs(args.workdir, exist_ok=True)
        work = args.workdir
    else:
        work = tempfile.mkdtemp(prefix="tetrarch-diff-")
    results = [one_seed(args, work, s, qemu) for s in args.seed]
    passed = sum(results)
    print("%d passed, %d failed" % (passed, len(results) - passed))
    if all(results) and not args.workdir:
        shutil.rmtree(work, ignore_errors=True)
    sys.exit(0 if all(results) else 1)


if __name__ == "__main__":
    main()
