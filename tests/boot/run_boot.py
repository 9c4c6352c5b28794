#!/usr/bin/env python3
# SPDX-License-Identifier: MIT
# Boot tests: the arm64 Image and ELF boot protocols, the generated device tree, --dtb, PSCI.
"""Usage:
  run_boot.py run TETRARCH IMAGE ELF DIR       boot test program on tetrarch vs DIR/*.expected
  run_boot.py qemu IMAGE ELF DIR               the same program on QEMU (the oracle)
  run_boot.py dtb TETRARCH IMAGE               --dump-dtb: nodes and properties, against QEMU
  run_boot.py bad TETRARCH IMAGE ELF           bad --dtb, --initrd and Image input
  add --regen after the command to rewrite the expected files from QEMU's output.

IMAGE is the boot test program as an arm64 Image (linked at 0x40200000, where QEMU and tetrarch
put an Image with text_offset 0), ELF the same program as an ELF at the same address. A tool it needs (qemu-system-aarch64, dtc)
missing is a failure, named with the Debian package to install: CI installs them all."""

import os
import re
import shutil
import subprocess
import sys
import tempfile

TIMEOUT = 120
APPEND = "console=ttyAMA0 earlycon tetrarch-boot-test"
INITRD = b"INITRD-CONTENT-0123456789abcdef" + bytes(range(256)) * 20

# name : (program, extra tetrarch args, extra QEMU args); the initrd and --append are common
# to the Image cases.
CASES = {
    "image": ("image", [], ["-M", "virt,virtualization=on,gic-version=3"]),
    "image-smp2": ("image", ["--smp", "2"], ["-M", "virt,virtualization=on,gic-version=3", "-smp", "2"]),
    "elf": ("elf", [], ["-M", "virt,secure=on,virtualization=on,gic-version=3", "-semihosting"]),
}

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


def missing_tool(tool, package):
    report(False, "%s not found" % tool, "install the Debian package %s (scripts/deps.sh test does)" % package)


def finish():
    print("%d passed, %d failed" % (passed, failed))
    return 1 if failed else 0


def run(cmd, timeout=TIMEOUT):
    try:
        p = subprocess.run(cmd, stdin=subprocess.DEVNULL, stdout=subprocess.PIPE,
                           stderr=subprocess.PIPE, timeout=timeout)
        return p.returncode, p.stdout.decode("utf-8", "replace"), p.stderr.decode("utf-8", "replace")
    except subprocess.TimeoutExpired as e:
        return "timeout", (e.stdout or b"").decode("utf-8", "replace"), (e.stderr or b"").decode()


def read_expected(path):
    with open(path, encoding="utf-8") as f:
        lines = f.read().splitlines(True)
    while lines and lines[0].startswith("# "):
        lines.pop(0)
    return "".join(lines)


def write_expected(path, text, what):
    with open(path, "w", encoding="utf-8") as f:
        f.write("# SPDX-License-Identifier: MIT\n# %s\n" % what)
        f.write(text)


def case_args(name, image, elf, initrd):
    prog, targs, qargs = CASES[name]
    if prog == "image":
        return image, targs + ["--initrd", initrd], qargs + ["-initrd", initrd]
    return elf, targs, qargs


def diff(want, got):
    import difflib
    return "".join(list(difflib.unified_diff(want.splitlines(True), got.splitlines(True),
                                             "expected", "got"))[:80])


# ---- run / qemu: the boot test program ----

def cmd_run(tetrarch, image, elf, outdir, tmp, qemu=None, regen=False):
    initrd = os.path.join(tmp, "initrd.bin")
    with open(initrd, "wb") as f:
        f.write(INITRD)
    for name in CASES:
        prog, targs, qargs = case_args(name, image, elf, initrd)
        if qemu:
            cmd = [qemu, "-cpu", "cortex-a57", "-m", "512M", "-nographic", "-kernel", prog,
                   "-append", APPEND] + qargs
        else:
            cmd = [tetrarch, "run", "-q", "--kernel", prog, "--append", APPEND] + targs
        status, out, err = run(cmd)
        expected = os.path.join(outdir, "boot-%s.expected" % name)
        if regen:
            write_expected(expected, out, "Expected output of the boot test program (%s), recorded on QEMU 7.2." % name)
            print("wrote %s (exit status %s)" % (expected, status))
            continue
        want = read_expected(expected)
        if out != want:
            report(False, name, "output differs from %s:\n%s%s" % (expected, diff(want, out), err[-2000:]))
        elif status != 0:
            report(False, name, "exit status %s; stderr: %s" % (status, err[-2000:]))
        else:
            report(True, "%s on %s" % (name, "QEMU" if qemu else "tetrarch"))


# ---- dtb: the generated tree ----

def parse_dts(text):
    """dtc -O dts output -> {"/path": {prop: value text}} (values as dtc prints them)."""
    nodes, stack = {}, []
    for raw in text.splitlines():
        line = raw.strip()
        m = re.match(r"^([\w,.@+-]*|/)\s*\{$", line)
        if m:
            name = m.group(1)
            if name == "/":
                path = "/"
            else:
                path = (stack[-1].rstrip("/") if stack else "") + "/" + name
            stack.append(path)
            nodes.setdefault(path, {})
            continue
        if line == "};":
            stack.pop()
            continue
        m = re.match(r"^([#\w,.@+-]+)(?:\s*=\s*(.*))?;$", line)
        if m and stack:
            nodes[stack[-1]][m.group(1)] = m.group(2) if m.group(2) is not None else True
    return nodes


def dts_of(dtc, blob):
    status, out, err = run([dtc, "-q", "-I", "dtb", "-O", "dts", blob])
    if status != 0:
        return None, err
    return parse_dts(out), ""


# What the generated tree must say (tetrarch, --smp 2, --memory 1G, the Image boot).
EXPECTED_TREE = {
    "/": {"compatible": '"linux,dummy-virt"', "model": '"linux,dummy-virt"', "#address-cells": "<0x02>",
          "#size-cells": "<0x02>", "interrupt-parent": "<0x8003>"},
    "/psci": {"compatible": '"arm,psci-1.0\\0arm,psci-0.2\\0arm,psci"', "method": '"smc"',
              "cpu_on": "<0xc4000003>", "cpu_off": "<0x84000002>", "cpu_suspend": "<0xc4000001>",
              "migrate": "<0xc4000005>"},
    "/memory@40000000": {"device_type": '"memory"', "reg": "<0x00 0x40000000 0x00 0x40000000>"},
    "/cpus": {"#address-cells": "<0x01>", "#size-cells": "<0x00>"},
    "/cpus/cpu@0": {"device_type": '"cpu"', "compatible": '"arm,cortex-a55"', "reg": "<0x00>",
                    "enable-method": '"psci"', "phandle": "<0x8002>"},
    "/cpus/cpu@1": {"device_type": '"cpu"', "compatible": '"arm,cortex-a55"', "reg": "<0x01>",
                    "enable-method": '"psci"', "phandle": "<0x8001>"},
    "/cpus/cpu-map/socket0/cluster0/core0": {"cpu": "<0x8002>"},
    "/cpus/cpu-map/socket0/cluster0/core1": {"cpu": "<0x8001>"},
    "/intc@8000000": {"compatible": '"arm,gic-v3"', "#interrupt-cells": "<0x03>", "interrupt-controller": True,
                      "reg": "<0x00 0x8000000 0x00 0x10000 0x00 0x80a0000 0x00 0x40000>",
                      "interrupts": "<0x01 0x09 0x04>", "phandle": "<0x8003>", "#redistributor-regions": "<0x01>",
                      "#address-cells": "<0x02>", "#size-cells": "<0x02>", "ranges": True},
    "/timer": {"compatible": '"arm,armv8-timer\\0arm,armv7-timer"', "always-on": True,
               "interrupts": "<0x01 0x0d 0x04 0x01 0x0e 0x04 0x01 0x0b 0x04 0x01 0x0a 0x04>"},
    "/pl011@9000000": {"compatible": '"arm,pl011\\0arm,primecell"', "reg": "<0x00 0x9000000 0x00 0x1000>",
                       "interrupts": "<0x00 0x01 0x04>", "clocks": "<0x8000 0x8000>",
                       "clock-names": '"uartclk\\0apb_pclk"'},
    "/pl031@9010000": {"compatible": '"arm,pl031\\0arm,primecell"', "reg": "<0x00 0x9010000 0x00 0x1000>",
                       "interrupts": "<0x00 0x02 0x04>", "clocks": "<0x8000>", "clock-names": '"apb_pclk"'},
    "/apb-pclk": {"compatible": '"fixed-clock"', "#clock-cells": "<0x00>", "clock-frequency": "<0x16e3600>",
                  "phandle": "<0x8000>"},
    "/secram@e000000": {"device_type": '"memory"', "status": '"disabled"', "secure-status": '"okay"',
                        "reg": "<0x00 0xe000000 0x00 0x1000000>"},
    "/chosen": {"bootargs": '"%s"' % APPEND, "stdout-path": '"/pl011@9000000"',
                "linux,initrd-start": "<0x48000000>",
                "linux,initrd-end": "<0x%x>" % (0x48000000 + len(INITRD))},
}

# Where tetrarch's tree differs from QEMU 7.2's (-M virt,virtualization=on,gic-version=3), and why.
QEMU_DIFFERENCES = {
    ("/cpus/cpu@0", "compatible"): "tetrarch models a Cortex-A55, the oracle runs cortex-a57",
    ("/cpus/cpu@1", "compatible"): "tetrarch models a Cortex-A55, the oracle runs cortex-a57",
    ("/intc@8000000", "reg"): "redistributors: one 128 KiB frame per core, QEMU gives its whole 0xf60000 region",
}
# Nodes QEMU has only with secure=on (the Image oracle runs with secure off).
SECURE_ONLY = {"/secram@e000000"}


def cmd_dtb(tetrarch, image, tmp):
    dtc = shutil.which("dtc")
    if not dtc:
        missing_tool("dtc", "device-tree-compiler")
        return finish()
    initrd = os.path.join(tmp, "initrd.bin")
    with open(initrd, "wb") as f:
        f.write(INITRD)
    ours = os.path.join(tmp, "tetrarch.dtb")
    args = ["--kernel", image, "--memory", "1G", "--smp", "2", "--initrd", initrd, "--append", APPEND]
    status, out, err = run([tetrarch, "run"] + args + ["--dump-dtb", ours])
    report(status == 0 and out == "" and os.path.exists(ours), "--dump-dtb writes the tree and runs nothing",
           "status %s, stdout %r, stderr %s" % (status, out[:200], err))
    if not os.path.exists(ours):
        return finish()
    with open(ours, "rb") as f:
        blob = f.read()
    report(blob[:4] == b"\xd0\x0d\xfe\xed" and int.from_bytes(blob[4:8], "big") == len(blob) == 1 << 20,
           "the blob has the FDT magic and QEMU's 1 MiB totalsize")
    tree, err = dts_of(dtc, ours)
    report(tree is not None, "dtc decompiles the blob", err)
    if tree is None:
        return finish()
    for path, props in EXPECTED_TREE.items():
        node = tree.get(path)
        if node is None:
            report(False, path, "node missing")
            continue
        bad = ["%s = %s (expected %s)" % (k, node.get(k), v) for k, v in props.items() if node.get(k) != v]
        report(not bad, path, "; ".join(bad))
    # The board always has the 32 transports: each must be in the tree, none may be missing.
    virtio = ["/virtio_mmio@%x" % (0xa000000 + 0x200 * n) for n in range(32)]
    bad = [p for n, p in enumerate(virtio)
           if p not in tree or tree[p].get("interrupts") != "<0x00 0x%02x 0x01>" % (16 + n)
           or tree[p].get("compatible") != '"virtio,mmio"' or tree[p].get("dma-coherent") is not True]
    extra = [p for p in tree if p.startswith("/virtio_mmio@") and p not in virtio]
    report(not bad and not extra, "32 virtio-mmio transports, SPI 16+n edge-triggered, dma-coherent",
           "missing or wrong: %s; unexpected: %s" % (", ".join(bad[:8]) or "none", ", ".join(extra[:8]) or "none"))

    # The same machine on QEMU: every node and property tetrarch writes must be QEMU's.
    qemu = shutil.which("qemu-system-aarch64")
    if not qemu:
        missing_tool("qemu-system-aarch64", "qemu-system-arm")
    else:
        compare_with_qemu(qemu, dtc, tree, image, initrd, tmp)
    user_dtb_and_bios(tetrarch, dtc, image, tmp)
    return finish()


def compare_with_qemu(qemu, dtc, tree, image, initrd, tmp):
    theirs = os.path.join(tmp, "qemu.dtb")
    status, out, err = run([qemu, "-M", "virt,virtualization=on,gic-version=3,dumpdtb=" + theirs,
                            "-cpu", "cortex-a57", "-smp", "2", "-m", "1G", "-nographic", "-kernel", image,
                            "-initrd", initrd, "-append", APPEND])
    qtree, err2 = dts_of(dtc, theirs) if os.path.exists(theirs) else (None, err)
    if qtree is None:
        report(False, "QEMU dumpdtb", err2)
        return
    bad = []
    for path, props in tree.items():
        if path in SECURE_ONLY:
            continue
        if path not in qtree:
            bad.append("%s: not in QEMU's tree" % path)
            continue
        for k, v in props.items():
            if (path, k) in QEMU_DIFFERENCES:
                continue
            if qtree[path].get(k) != v:
                bad.append("%s %s = %s, QEMU: %s" % (path, k, v, qtree[path].get(k)))
    report(not bad, "every node and property matches QEMU's (less %d documented differences)"
           % len(QEMU_DIFFERENCES), "; ".join(bad[:20]))
    missing = sorted(p for p in qtree if p not in tree and (p.rsplit("/", 1)[0] or "/") in tree)
    nvirtio = len([p for p in missing if p.startswith("/virtio_mmio@")])
    print("note: QEMU nodes tetrarch does not model: %s%s" % (
        ", ".join(p for p in missing if not p.startswith("/virtio_mmio@")),
        " and %d virtio_mmio transports" % nvirtio if nvirtio else ""))


def user_dtb_and_bios(tetrarch, dtc, image, tmp):
    # --dtb: a user's tree gets the RAM and /chosen of this boot, as QEMU does.
    user = os.path.join(tmp, "user.dtb")
    src = os.path.join(tmp, "user.dts")
    with open(src, "w") as f:
        f.write('/dts-v1/;\n/ {\n\t#address-cells = <2>;\n\t#size-cells = <2>;\n\tmodel = "user";\n'
                '\tmemory@80000000 { device_type = "memory"; reg = <0 0x80000000 0 0x1000>; };\n'
                '\tmemory { device_type = "memory"; reg = <0 0x90000000 0 0x1000>; };\n};\n')
    status, out, err = run([dtc, "-q", "-I", "dts", "-O", "dtb", "-o", user, src])
    patched = os.path.join(tmp, "patched.dtb")
    status, out, err = run([tetrarch, "run", "--kernel", image, "--memory", "256M", "--dtb", user,
                            "--append", "user args", "--dump-dtb", patched])
    ptree, err = dts_of(dtc, patched) if status == 0 else (None, err)
    want = {"/": {"model": '"user"'}, "/memory@40000000": {"reg": "<0x00 0x40000000 0x00 0x10000000>"},
            "/chosen": {"bootargs": '"user args"'}}
    good = ptree is not None and all(ptree.get(n, {}).get(k) == v for n, p in want.items() for k, v in p.items()) \
        and "/memory@80000000" not in ptree and "/memory" not in ptree
    report(good, "--dtb: the user's tree, its memory nodes replaced, /chosen/bootargs set",
           "status %s %s %s" % (status, err, ptree))

    # --bios: firmware gets a tree without /psci (EL3 firmware provides PSCI), as QEMU secure=on.
    bios = os.path.join(tmp, "fw.bin")
    with open(bios, "wb") as f:
        f.write(b"\x00\x00\x00\x14")  # b .
    fwdtb = os.path.join(tmp, "fw.dtb")
    status, out, err = run([tetrarch, "run", "--bios", bios, "--smp", "2", "--dump-dtb", fwdtb])
    ftree, err = dts_of(dtc, fwdtb) if status == 0 else (None, err)
    good = ftree is not None and "/psci" not in ftree and \
        ftree.get("/cpus/cpu@1", {}).get("enable-method") == '"psci"' and \
        "linux,initrd-start" not in ftree.get("/chosen", {})
    report(good, "--bios: no /psci node, cores still say enable-method = \"psci\"", "status %s %s" % (status, err))


# ---- bad: bad input, each with its exit status and one stderr line ----

def check(name, tetrarch, expected, pattern, args, leaves=None):
    status, out, err = run([tetrarch] + args)
    lines = err.splitlines()
    problem = ""
    if status != expected:
        problem = "exit status %s, expected %s" % (status, expected)
    elif len(lines) != 1 or not lines[0].startswith("tetrarch: "):
        problem = "stderr is not one 'tetrarch: ' line: %r" % err[:300]
    elif pattern and pattern not in err:
        problem = "stderr does not mention %r: %r" % (pattern, err[:300])
    elif leaves and os.path.exists(leaves):
        problem = "left %s behind" % leaves
    report(not problem, "%s: %s" % (name, lines[0] if lines else ""), problem)


def set_root_prop(dtb, name, value):
    """A copy of the blob with the root node's 4-byte property `name` set to `value`."""
    b = bytearray(dtb)
    off_struct, off_strings = int.from_bytes(b[8:12], "big"), int.from_bytes(b[12:16], "big")
    pos = off_struct + 4                                   # FDT_BEGIN_NODE of the root
    pos += (b.index(0, pos) - pos + 4) & ~3                # its name, NUL, padding
    while int.from_bytes(b[pos:pos + 4], "big") == 3:      # FDT_PROP: len, nameoff, value
        ln, noff = int.from_bytes(b[pos + 4:pos + 8], "big"), int.from_bytes(b[pos + 8:pos + 12], "big")
        pname = bytes(b[off_strings + noff:b.index(0, off_strings + noff)]).decode()
        if pname == name and ln == 4:
            b[pos + 12:pos + 16] = value.to_bytes(4, "big")
            return bytes(b)
        pos += 12 + ((ln + 3) & ~3)
    raise ValueError("no root property " + name)


def cmd_bad(tetrarch, image, elf, tmp):
    def path(name, data):
        p = os.path.join(tmp, name)
        with open(p, "wb") as f:
            f.write(data)
        return p

    with open(image, "rb") as f:
        img = f.read()
    good_dtb = os.path.join(tmp, "good.dtb")
    status, _, err = run([tetrarch, "run", "--kernel", image, "--dump-dtb", good_dtb])
    with open(good_dtb, "rb") as f:
        dtb = f.read()
    k = ["run", "--kernel", image]
    out = os.path.join(tmp, "out.dtb")

    check("missing --dtb file", tetrarch, 3, "cannot open", k + ["--dtb", os.path.join(tmp, "nope.dtb")])
    check("--dtb of random bytes", tetrarch, 3, "not a valid device tree blob",
          k + ["--dtb", path("random.dtb", os.urandom(4096))])
    check("--dtb of 20 bytes", tetrarch, 3, "not a valid device tree blob", k + ["--dtb", path("tiny.dtb", dtb[:20])])
    check("--dtb truncated", tetrarch, 3, "truncated", k + ["--dtb", path("trunc.dtb", dtb[:2000])])
    corrupt = bytearray(dtb)
    struct_off = int.from_bytes(corrupt[8:12], "big")
    corrupt[struct_off:struct_off + 4] = b"\x00\x00\x00\x07"  # not a tag
    check("--dtb with a corrupt structure block", tetrarch, 3, "not a valid device tree blob",
          k + ["--dtb", path("corrupt.dtb", bytes(corrupt))])
    check("--dtb that is a directory", tetrarch, 3, "not a regular file", k + ["--dtb", tmp])
    # The root's #address-cells = <5>: libfdt's error is named, not printed as a number.
    cells = set_root_prop(dtb, "#address-cells", 5)
    check("--dtb with #address-cells = <5>", tetrarch, 3, "#address-cells or #size-cells is unreadable (FDT_ERR_BADNCELLS)",
          k + ["--dtb", path("cells.dtb", cells)])
    check("bad --dtb with --dump-dtb leaves no file", tetrarch, 3, "not a valid",
          k + ["--dtb", os.path.join(tmp, "random.dtb"), "--dump-dtb", out], leaves=out)
    check("--initrd with --bios", tetrarch, 2, "--initrd", ["run", "--bios", image, "--initrd", image])
    check("--initrd with an ELF", tetrarch, 2, "--initrd", ["run", "--kernel", elf, "--initrd", image])
    check("missing --initrd file", tetrarch, 3, "cannot open", k + ["--initrd", os.path.join(tmp, "nope")])
    check("--initrd too large for RAM", tetrarch, 3, "does not fit",
          k + ["--memory", "16M", "--initrd", path("big.rd", bytes(9 << 20))])
    check("no room for the DTB after the initrd", tetrarch, 3, "no room for",
          k + ["--memory", "16M", "--initrd", path("7m.rd", bytes(7 << 20))])
    be = bytearray(img)
    be[0x18] |= 1
    check("big-endian Image", tetrarch, 3, "big-endian", ["run", "--kernel", path("be.Image", bytes(be))])
    huge = bytearray(img)
    huge[0x10:0x18] = (1 << 40).to_bytes(8, "little")
    check("Image whose image_size exceeds RAM", tetrarch, 3, "image_size",
          ["run", "--kernel", path("huge.Image", bytes(huge))])
    import gzip
    check("gzip-compressed Image", tetrarch, 3, "gzip-compressed",
          ["run", "--kernel", path("Image.gz", gzip.compress(img))])
    check("--dump-dtb into a missing directory", tetrarch, 6, "cannot create",
          k + ["--dump-dtb", os.path.join(tmp, "no", "such", "dir.dtb")])
    return finish()


def main():
    args = sys.argv[1:]
    regen = "--regen" in args
    args = [a for a in args if a != "--regen"]
    if not args:
        print(__doc__)
        return 2
    cmd, rest = args[0], args[1:]
    with tempfile.TemporaryDirectory() as tmp:
        if cmd == "run" and len(rest) == 4:
            cmd_run(rest[0], rest[1], rest[2], rest[3], tmp)
            return finish()
        if cmd == "qemu" and len(rest) == 3:
            qemu = shutil.which("qemu-system-aarch64")
            if not qemu:
                missing_tool("qemu-system-aarch64", "qemu-system-arm")
                return finish()
            cmd_run(None, rest[0], rest[1], rest[2], tmp, qemu=qemu, regen=regen)
            return 0 if regen else finish()
        if cmd == "dtb" and len(rest) == 2:
            return cmd_dtb(rest[0], rest[1], tmp)
        if cmd == "bad" and len(rest) == 3:
            return cmd_bad(rest[0], rest[1], rest[2], tmp)
    print(__doc__)
    return 2


if __name__ == "__main__":
    sys.exit(main())
