#!/usr/bin/env python3
# SPDX-License-Identifier: MIT
# Debian's U-Boot for QEMU's arm64 virt board, booted with --bios --secure off and driven at its prompt.
"""Usage:
  run_uboot.py tetrarch TETRARCH    boot U-Boot on tetrarch, run commands, check the answers
  run_uboot.py qemu TETRARCH        the same session on QEMU (the oracle) and on tetrarch: the
                                    answers must agree (fewer devices on tetrarch)
  run_uboot.py dtb TETRARCH         the device trees --secure on and off give firmware

U-Boot is Debian's u-boot-qemu package's usr/lib/u-boot/qemu_arm64/u-boot.bin, which
scripts/deps.sh test extracts into /var/cache/tetrarch/u-boot-qemu (or ~/.cache/tetrarch). The
file can also be named with TETRARCH_UBOOT. The tests never use the network: they exit 77
(skipped) when the file, or QEMU for the oracle, is missing."""

import os
import re
import select
import shutil
import subprocess
import sys
import tempfile
import time

UBOOT_REL = "u-boot-qemu/usr/lib/u-boot/qemu_arm64/u-boot.bin"
# Host seconds to wait for one answer. U-Boot reaches its prompt after about 100 million
# instructions; sanitizer builds run several times slower than release ones.
STEP_TIMEOUT = 120
PROMPT = b"=> "
# tetrarch and QEMU get the same RAM, so addresses U-Boot prints (relocation) compare.
MEMORY = "128M"

failed = 0
passed = 0


def report(ok, name, why=""):
    global failed, passed
    if ok:
        passed += 1
        print("ok - %s" % name)
    else:
        failed += 1
        print("FAIL - %s%s" % (name, ": " + why if why else ""))


def finish():
    print("%d passed, %d failed" % (passed, failed))
    return 1 if failed else 0


def find_uboot():
    env = os.environ.get("TETRARCH_UBOOT")
    cands = [env] if env else []
    cands += [os.path.join("/var/cache/tetrarch", UBOOT_REL),
              os.path.join(os.environ.get("XDG_CACHE_HOME") or os.path.expanduser("~/.cache"), "tetrarch", UBOOT_REL),
              "/usr/lib/u-boot/qemu_arm64/u-boot.bin"]  # the package installed
    for c in cands:
        if c and os.path.isfile(c):
            return c
    return None


class Console:
    """A guest console on a subprocess's pipes: expect() text, send() keys (stdin is a pipe, so
    tetrarch's PL011 reads it as a stream)."""

    def __init__(self, cmd):
        self.p = subprocess.Popen(cmd, stdin=subprocess.PIPE, stdout=subprocess.PIPE,
                                  stderr=subprocess.PIPE)
        self.buf = b""
        self.log = b""

    def expect(self, pattern, timeout=STEP_TIMEOUT):
        """Everything up to and including the first match of `pattern` (bytes regex), or None."""
        end = time.time() + timeout
        while True:
            m = re.search(pattern, self.buf)
            if m:
                out, self.buf = self.buf[:m.end()], self.buf[m.end():]
                return out.decode("utf-8", "replace").replace("\r", "")
            left = end - time.time()
            if left <= 0:
                return None
            r, _, _ = select.select([self.p.stdout], [], [], min(left, 1.0))
            if r:
                data = os.read(self.p.stdout.fileno(), 65536)
                if not data:
                    return None
                self.buf += data
                self.log += data

    def send(self, text):
        try:
            self.p.stdin.write(text.encode())
            self.p.stdin.flush()
        except BrokenPipeError:
            pass

    def command(self, cmd):
        """Type a command; its output up to the next prompt (without the echo), or None."""
        self.send(cmd + "\r")
        out = self.expect(re.escape(PROMPT))
        if out is None:
            return None
        out = out[:-len(PROMPT)]
        lines = out.split("\n")
        return "\n".join(lines[1:]) if lines and lines[0].strip() == cmd else out

    def finish(self, timeout=STEP_TIMEOUT):
        """Close stdin, wait for the exit: (status, rest of stdout, stderr)."""
        try:
            self.p.stdin.close()
        except BrokenPipeError:
            pass
        self.p.stdin = None  # communicate() must not touch it again
        try:
            out, err = self.p.communicate(timeout=timeout)
        except subprocess.TimeoutExpired:
            self.p.kill()
            out, err = self.p.communicate()
            return "timeout", (self.buf + out).decode("utf-8", "replace"), err.decode("utf-8", "replace")
        return self.p.returncode, (self.buf + out).decode("utf-8", "replace").replace("\r", ""), \
            err.decode("utf-8", "replace")


def session(cmd, commands):
    """Boot U-Boot with `cmd`, stop autoboot, run `commands`, then poweroff. Returns
    (banner, {command: output}, (status, tail, stderr)); outputs are None where U-Boot did not
    answer."""
    con = Console(cmd)
    # U-Boot counts down bootdelay (2 s) before its boot command: any key stops it.
    banner = con.expect(rb"Hit any key to stop autoboot")
    answers = {}
    if banner is not None:
        con.send(" ")
        if con.expect(re.escape(PROMPT)) is not None:
            for c in commands:
                answers[c] = con.command(c)
                if answers[c] is None:
                    break
        con.send("poweroff\r")
    return banner, answers, con.finish()


def tetrarch_cmd(tetrarch, uboot, *extra):
    # -W (not -q, which silences it): anything unimplemented that U-Boot touches is named.
    return [tetrarch, "run", "-W", "--secure", "off", "--bios", uboot, "--memory", MEMORY] + list(extra)


def qemu_cmd(qemu, uboot):
    return [qemu, "-M", "virt,virtualization=on,gic-version=3", "-cpu", "cortex-a57", "-m", MEMORY,
            "-nographic", "-nic", "none", "-bios", uboot]


# ---- tetrarch: the prompt, the answers, flash writes, poweroff ----

FLASH_TEST = [
    # saveenv erases the environment's sectors in bank 1 and programs it with buffered writes.
    "saveenv",
    "erase 0x04100000 +0x80000",
    "md.l 0x04100000 4",
    # 12 KiB: several 2 KiB write buffers, across the 4 KiB that QEMU 7.2 manages (see docs).
    "cp.b 0x40000000 0x04100000 0x3000",
    "cmp.b 0x40000000 0x04100000 0x3000",
    # An odd address: U-Boot programs the unaligned head with a word program (0x40).
    "cp.b 0x40000000 0x04140001 0x21",
    "cmp.b 0x40000000 0x04140001 0x21",
    "md.b 0x04140000 4",
]


def check_common(answers, label):
    """What both tetrarch and QEMU must answer."""
    v = answers.get("version")
    report(v is not None and re.search(r"^U-Boot 20\d\d\.\d\d", v, re.M) is not None,
           "%s: version prints the U-Boot banner" % label, repr(v))
    b = answers.get("bdinfo")
    report(b is not None and "-> start    = 0x0000000040000000" in b and
           "-> size     = 0x0000000008000000" in b and "flashstart  = 0x0000000000000000" in b,
           "%s: bdinfo: the DRAM bank at 0x40000000 (128 MiB), flash at 0" % label, repr(b))
    d = answers.get("dm tree") or ""
    # " Class     Index  Probed  Driver                Name"
    drivers = {m.group(1) for m in re.finditer(r"^ \S+ +\d+ +\[ .? \] +(\S+) ", d, re.M)}
    nvirtio = len(re.findall(r"^ virtio +\d+ +\[ \+ \] +virtio-mmio +.*virtio_mmio@a0", d, re.M))
    report({"serial_pl01x", "virtio-mmio", "cfi_flash", "psci", "psci-sysreset"} <= drivers and nvirtio == 32,
           "%s: dm tree: serial_pl01x, 32 probed virtio-mmio, cfi_flash, psci" % label, repr(d[:3000]))
    f = answers.get("flinfo") or ""
    report(f.count("CFI conformant flash (16 x 16)  Size: 32 MB in 256 Sectors") == 2 and
           f.count("Intel Extended command set, Manufacturer ID: 0x89, Device ID: 0x0018") == 2,
           "%s: flinfo: two CFI banks, Intel command set, IDs 0x89/0x18" % label, repr(f[:600]))


def cmd_tetrarch(tetrarch, uboot):
    commands = ["version", "bdinfo", "dm tree", "flinfo"] + FLASH_TEST
    banner, answers, (status, tail, err) = session(tetrarch_cmd(tetrarch, uboot), commands)
    report(banner is not None and "U-Boot 20" in banner and "DRAM:  128 MiB" in banner and
           "Flash: 64 MiB" in banner, "U-Boot boots to the autoboot prompt (DRAM 128 MiB, Flash 64 MiB)",
           repr(banner))
    if banner is None:
        print(tail[-2000:], err[-2000:])
        return finish()
    check_common(answers, "tetrarch")
    a = answers
    report(a.get("saveenv") is not None and "Writing to Flash... done" in a["saveenv"] and
           a["saveenv"].rstrip().endswith("OK"), "saveenv: erase and buffered program of the environment",
           repr(a.get("saveenv")))
    report("04100000: ffffffff ffffffff ffffffff ffffffff" in (a.get("md.l 0x04100000 4") or ""),
           "erase: the sectors read 0xff", repr(a.get("md.l 0x04100000 4")))
    report("Total of 12288 byte(s) were the same" in (a.get("cmp.b 0x40000000 0x04100000 0x3000") or ""),
           "cp.b 12 KiB to flash with buffered writes, read back", repr(a.get("cmp.b 0x40000000 0x04100000 0x3000")))
    report("Total of 33 byte(s) were the same" in (a.get("cmp.b 0x40000000 0x04140001 0x21") or "") and
           re.search(r"04140000: ff d0 0d fe", a.get("md.b 0x04140000 4") or "") is not None,
           "cp.b to an odd flash address (word program), the byte before it still erased",
           repr((a.get("cmp.b 0x40000000 0x04140001 0x21"), a.get("md.b 0x04140000 4"))))
    everything = "\n".join(v or "" for v in answers.values())
    bad = re.findall(r".*(?:Synchronous Abort|Unknown command|timeout at address|Failed|not Erased).*", everything)
    report(not bad, "no aborts, unknown commands or flash errors", "\n".join(bad[:10]))
    report(status == 0 and "poweroff ..." in tail, "poweroff: PSCI SYSTEM_OFF ends the run with status 0",
           "status %s, tail %r, stderr %r" % (status, tail[-300:], err[-500:]))
    report("warning" not in err, "-W reports nothing unimplemented (no FP/SIMD, no unknown registers)", err[-1000:])
    return finish()


# ---- QEMU: the same answers ----

def cmd_qemu(tetrarch, uboot, qemu):
    # The source is U-Boot's relocated code (the same address on both with the same RAM), not
    # the device trees, which differ. Flash writes only inside the first 4 KiB of a sector: QEMU 7.2 places its write buffer
    # by the sector address U-Boot gives the command, so later buffers fail there (docs/cli.md).
    commands = ["version", "bdinfo", "dm tree", "flinfo", "erase 0x04100000 +0x40000",
                "cp.b 0x47f00000 0x04100800 0x800", "cmp.b 0x47f00000 0x04100800 0x800", "md.l 0x04100ff0 8"]
    qb, qa, (qs, qtail, qerr) = session(qemu_cmd(qemu, uboot), commands)
    report(qb is not None and qs == 0, "QEMU: U-Boot boots and powers off", "status %s %r" % (qs, qerr[-300:]))
    if qb is None:
        return finish()
    check_common(qa, "QEMU")
    tb, ta, (ts, ttail, terr) = session(tetrarch_cmd(tetrarch, uboot), commands)
    report(tb is not None and ts == 0, "tetrarch: U-Boot boots and powers off", "status %s %r" % (ts, terr[-300:]))
    if tb is None:
        return finish()
    same = ["version", "flinfo", "erase 0x04100000 +0x40000", "cp.b 0x47f00000 0x04100800 0x800",
            "cmp.b 0x47f00000 0x04100800 0x800", "md.l 0x04100ff0 8"]
    for c in same:
        report(qa.get(c) == ta.get(c), "'%s' answers as on QEMU" % c, "QEMU %r, tetrarch %r" % (qa.get(c), ta.get(c)))
    # bdinfo: QEMU's board has a network device and more devices (early malloc usage).
    skip = re.compile(r"^(current eth|ethaddr|Early malloc usage)\b")
    qlines = [l for l in (qa.get("bdinfo") or "").splitlines() if not skip.match(l)]
    tlines = [l for l in (ta.get("bdinfo") or "").splitlines() if not skip.match(l)]
    report(qlines == tlines, "bdinfo answers as on QEMU (less the network lines)",
           "\n".join(l for l in tlines if l not in qlines))
    # dm tree: every device tetrarch's U-Boot finds, QEMU's finds too, with the same driver,
    # index and probe state (QEMU's board also has fw-cfg, PCIe and a platform bus).
    qset = set((qa.get("dm tree") or "").splitlines())
    tl = (ta.get("dm tree") or "").splitlines()
    # A last child on tetrarch may have later siblings on QEMU: `-- there is |-- here.
    extra = [l for l in tl if l not in qset and l.replace("`--", "|--") not in qset]
    report(len(tl) > 40 and not extra, "dm tree: every tetrarch device as on QEMU", "\n".join(extra[:20]))
    return finish()


# ---- the device tree firmware gets ----

def cmd_dtb(tetrarch, tmp):
    fw = os.path.join(tmp, "fw.bin")
    with open(fw, "wb") as f:
        f.write(b"\x00\x00\x00\x14")  # b .
    blobs = {}
    for mode in ("on", "off"):
        out = os.path.join(tmp, "secure-%s.dtb" % mode)
        p = subprocess.run([tetrarch, "run", "--bios", fw, "--secure", mode, "--dump-dtb", out],
                           stdout=subprocess.PIPE, stderr=subprocess.PIPE, timeout=60)
        report(p.returncode == 0 and os.path.exists(out), "--secure %s --dump-dtb" % mode, p.stderr.decode())
        blobs[mode] = open(out, "rb").read() if os.path.exists(out) else b""
    # Node and property names are plain strings in the blob: no dtc needed.
    on, off = blobs["on"], blobs["off"]
    report(b"secram@e000000\0" in on and b"secflash@0\0" in on and b"flash@4000000\0" in on and
           b"psci\0" not in on, "--secure on: Secure RAM, Secure flash bank 0, flash@4000000, no /psci (as QEMU secure=on)")
    report(b"secram@" not in off and b"secflash" not in off and b"flash@0\0" in off and b"psci\0" in off
           and b"smc\0" in off, "--secure off: no Secure RAM, one flash node, /psci with method smc (as QEMU secure=off)")
    # A usage error for a bad value.
    p = subprocess.run([tetrarch, "run", "--bios", fw, "--secure", "maybe"], stdout=subprocess.PIPE,
                       stderr=subprocess.PIPE, timeout=60)
    report(p.returncode == 2 and b"expected 'on' or 'off'" in p.stderr, "--secure maybe is a usage error",
           p.stderr.decode())
    return finish()


def main():
    args = sys.argv[1:]
    if len(args) != 2 or args[0] not in ("tetrarch", "qemu", "dtb"):
        print(__doc__)
        return 2
    mode, tetrarch = args
    if mode == "dtb":
        with tempfile.TemporaryDirectory() as tmp:
            return cmd_dtb(tetrarch, tmp)
    uboot = find_uboot()
    if not uboot:
        print("SKIP: u-boot.bin of Debian's u-boot-qemu not found (run scripts/deps.sh test, or set TETRARCH_UBOOT)")
        return 77
    print("# U-Boot: %s" % uboot)
    if mode == "tetrarch":
        return cmd_tetrarch(tetrarch, uboot)
    qemu = shutil.which("qemu-system-aarch64")
    if not qemu:
        print("SKIP: qemu-system-aarch64 not found")
        return 77
    return cmd_qemu(tetrarch, uboot, qemu)


if __name__ == "__main__":
    sys.exit(main())
