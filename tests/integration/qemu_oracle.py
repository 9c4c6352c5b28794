#!/usr/bin/env python3
# SPDX-License-Identifier: MIT
# Run guest images on qemu-system-aarch64, the oracle, and check their UART output and
# privilege transitions (from QEMU's -d int log) against the same expected files as tetrarch.
"""usage: qemu_oracle.py EXPECTED_DIR IMAGE...

For each IMAGE (NAME.elf) runs
  qemu-system-aarch64 -M virt,secure=on,virtualization=on,gic-version=3 -semihosting -nographic
                      -icount shift=0 -cpu cortex-a57 -kernel IMAGE -d int -D LOG
and checks exit status 0, stdout == EXPECTED_DIR/NAME.uart and the transitions in LOG ==
EXPECTED_DIR/NAME.transitions (same token format as check_transitions.py).

Where QEMU knowingly diverges from the architecture, EXPECTED_DIR/qemu/NAME.uart or
.transitions replaces the common file. The divergences today:
  * QEMU implements WFE as a yield that never sleeps, so it never takes the HCR_EL2.TWE trap
    (target/arm op_helper.c, HELPER(wfe)); the Arm ARM only requires the trap when WFE would
    enter a low-power state, so this is permitted, and scenario 3 reports itself skipped.
  * QEMU (7.2) takes a synchronous external abort to the EL the fault would otherwise go to
    and ignores SCR_EL3.EA (target/arm tlb_helper.c, arm_deliver_fault), where the Arm ARM
    routes it to EL3 (AArch64.DataAbort: route_to_el3 = SCR_EL3.EA == 1 && IsExternalAbort).
    Scenario 16's driver sees its first ECAM abort at EL1 and the scenario reports itself
    skipped.

Images run on cortex-a57 (Armv8.0) unless QEMU_CPU below names another CPU: scenario 6
needs FEAT_VHE (Armv8.1), which tetrarch implements and cortex-a57 does not, so its own image
runs on cortex-a76 and checks the common expected files. hv.elf stays on cortex-a57, where
scenario 6 reports itself skipped (expected/qemu/hv.uart). Images named in QEMU_SMP run
with that many cores (-smp N): scenario 15 needs two.

Exit status: 0 pass, 1 fail, 77 (meson's "skipped") when qemu-system-aarch64 is missing.
Set QEMU=/path/to/qemu-system-aarch64 to pick another binary.
"""

import os
import re
import shutil
import subprocess
import sys
import tempfile

from check_transitions import compare_uart, diff_lines, normalize_ec, read_bytes, read_expected_tokens

TIMEOUT_S = 120
# gic-version=3: tetrarch's GIC is a GICv3 with virtualization (the interrupt scenarios, 11 and
# up, use its system registers, list registers and maintenance interrupt); virt's default is v2.
# -icount: QEMU's timers follow its instruction count, not the host clock, so the interrupt
# scenarios take their interrupts at the same points on a loaded machine as on an idle one.
QEMU_ARGS = ["-M", "virt,secure=on,virtualization=on,gic-version=3", "-semihosting", "-nographic",
             "-icount", "shift=0"]
DEFAULT_CPU = "cortex-a57"
QEMU_CPU = {"hv-vhe-widths": "cortex-a76"}  # image name -> CPU with the features it needs
QEMU_SMP = {"hv-mailbox-smp": 2}  # image name -> cores, for the images that need more than one

RE_ERET = re.compile(r"^Exception return from AArch64 EL(\d) to AArch64 EL(\d)")
RE_TAKE = re.compile(r"^Taking exception \d+ \[(.*)\]")
RE_FROM = re.compile(r"^\.\.\.from EL(\d) to EL(\d)")
RE_ESR = re.compile(r"^\.\.\.with ESR (0x[0-9a-fA-F]+)/")
ASYNC = {"IRQ": "irq", "FIQ": "fiq", "Virtual IRQ": "irq", "Virtual FIQ": "fiq",
         "SError": "serror", "Virtual SError": "serror"}


def qemu_tokens(log_text):
    """Reduce QEMU's -d int log to check_transitions.py's token lines. Semihosting calls are
    logged as exceptions by QEMU but are not architectural exceptions: they are dropped."""
    tokens = []
    pending = None  # [name, from, to] of a "Taking exception" block still being read
    for line in log_text.splitlines():
        m = RE_ERET.match(line)
        if m:
            tokens.append("eret EL%s EL%s" % m.groups())
            pending = None
            continue
        m = RE_TAKE.match(line)
        if m:
            pending = None if m.group(1) == "Semihosting call" else [m.group(1), None, None]
            continue
        if pending is None:
            continue
        m = RE_FROM.match(line)
        if m:
            pending[1], pending[2] = m.groups()
            if pending[0] in ASYNC:  # no ESR line follows an interrupt
                tokens.append("exception EL%s EL%s %s" % (pending[1], pending[2], ASYNC[pending[0]]))
                pending = None
            continue
        m = RE_ESR.match(line)
        if m and pending[1] is not None:
            tokens.append("exception EL%s EL%s %s" % (pending[1], pending[2], normalize_ec(m.group(1))))
            pending = None
    return tokens


def expected_file(exp_dir, name, ext):
    override = os.path.join(exp_dir, "qemu", name + ext)
    return override if os.path.exists(override) else os.path.join(exp_dir, name + ext)


def check_image(qemu, exp_dir, image):
    name = os.path.basename(image)
    if name.endswith(".elf"):
        name = name[:-4]
    with tempfile.TemporaryDirectory(prefix="tetrarch-qemu-") as tmp:
        log = os.path.join(tmp, "int.log")
        cmd = [qemu] + QEMU_ARGS + ["-cpu", QEMU_CPU.get(name, DEFAULT_CPU), "-kernel", image,
                                    "-d", "int", "-D", log]
        if name in QEMU_SMP:
            cmd += ["-smp", str(QEMU_SMP[name])]
        print("$ " + " ".join(cmd))
        try:
            proc = subprocess.run(cmd, stdin=subprocess.DEVNULL, stdout=subprocess.PIPE,
                                  stderr=subprocess.PIPE, timeout=TIMEOUT_S)
        except subprocess.TimeoutExpired:
            print("FAIL %s: QEMU did not finish in %d s" % (name, TIMEOUT_S))
            return False
        log_text = ""
        if os.path.exists(log):
            with open(log, encoding="utf-8", errors="backslashreplace") as f:
                log_text = f.read()

    ok = True
    if proc.returncode != 0:
        ok = False
        print("FAIL %s: QEMU exit status %d, expected 0" % (name, proc.returncode))
        if proc.stderr:
            print("stderr:\n" + proc.stderr.decode("utf-8", "backslashreplace").rstrip())
    exp_uart = expected_file(exp_dir, name, ".uart")
    report = compare_uart(read_bytes(exp_uart), proc.stdout, exp_uart, "QEMU stdout")
    if report:
        ok = False
        print("FAIL %s: UART output differs from %s:\n%s" % (name, exp_uart, report))
    exp_trans = expected_file(exp_dir, name, ".transitions")
    actual = qemu_tokens(log_text)
    report = diff_lines(read_expected_tokens(exp_trans), actual, exp_trans, "QEMU -d int transitions")
    if report:
        ok = False
        print("FAIL %s: transitions differ from %s:\n%s" % (name, exp_trans, report))
    if ok:
        print("PASS %s: matches %s and %s" % (name, exp_uart, exp_trans))
    return ok


def main(argv):
    if len(argv) < 3:
        sys.stderr.write(__doc__)
        return 2
    qemu = os.environ.get("QEMU") or shutil.which("qemu-system-aarch64")
    if not qemu or not os.path.exists(qemu):
        print("SKIP: qemu-system-aarch64 not found")
        return 77
    results = [check_image(qemu, argv[1], image) for image in argv[2:]]
    return 0 if all(results) else 1


if __name__ == "__main__":
    sys.exit(main(sys.argv))
