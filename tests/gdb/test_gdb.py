#!/usr/bin/env python3
# SPDX-License-Identifier: MIT
# gdb-multiarch in batch mode against `tetrarch run --gdb 127.0.0.1:0 --gdb-wait`: breakpoints
# and steps across EL3/EL2/EL1, catches, system registers, watchpoints, threads, translate, tlb
# and detach, each checked against gdb's exact output and tetrarch's exit status.
# Usage: test_gdb.py TETRARCH GDB EL_TOUR_ELF HV_DCC_ELF HV_IRQ_WINDOW_ELF SIMD_ELF [CASE...]
import os
import re
import subprocess
import sys
import tempfile

tetrarch, gdb, el_tour, hv_dcc, hv_irq_window, simd = sys.argv[1:7]
only = set(sys.argv[7:])

# el_tour.S at its fixed addresses (link.ld).
EL3_BP, EL2_ENTRY, EL1_ENTRY, EL1_MRS = 0x40000020, 0x40000038, 0x40000100, 0x4000010C
MRS_ID_AA64PFR0_X3 = 0xD5380403


def start(elf, extra):
    """tetrarch waiting for gdb on a port it picks; returns the process and the port."""
    p = subprocess.Popen([tetrarch, "run", "-q", "--kernel", elf, "--gdb", "127.0.0.1:0", "--gdb-wait", *extra],
                         stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    line = p.stderr.readline()
    m = re.search(r"tetrarch: gdb: listening on 127\.0\.0\.1:(\d+) \(waiting for gdb", line)
    if not m:
        p.kill()
        raise RuntimeError(f"no listening line from tetrarch: {line!r}")
    return p, int(m.group(1))


def in_order(lines, expected):
    """Each expected item (a string: an exact line; a compiled regex: a matching line) appears
    after the previous one. Returns the first one missing, or None."""
    i = 0
    for e in expected:
        while i < len(lines) and not (e.fullmatch(lines[i]) if isinstance(e, re.Pattern) else lines[i] == e):
            i += 1
        if i == len(lines):
            return e
        i += 1
    return None


passed = failed = 0


def case(name, cmds, expect, status, elf=None, extra=(), stdout=(), files=None):
    global passed, failed
    if only and name not in only:
        return
    elf = elf or el_tour
    p, port = start(elf, extra)
    args = [gdb, "-nx", "-batch", "-ex", "set architecture aarch64", "-ex", "set pagination off",
            "-ex", f"target remote 127.0.0.1:{port}"]
    for c in cmds:
        args += ["-ex", c]
    args.append(elf)
    try:
        g = subprocess.run(args, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True, timeout=60)
        out, err = p.communicate(timeout=60)
    except subprocess.TimeoutExpired:
        p.kill()
        print(f"FAIL: {name}: timed out")
        failed += 1
        return
    lines = g.stdout.splitlines()
    problems = []
    missing = in_order(lines, expect)
    if missing is not None:
        problems.append(f"gdb output lacks {missing if isinstance(missing, str) else missing.pattern!r} "
                        "(in order)")
    missing = in_order(out.splitlines(), stdout)
    if missing is not None:
        problems.append(f"guest output lacks {missing!r}")
    if p.returncode != status:
        problems.append(f"tetrarch exit status {p.returncode}, expected {status}")
    if "runtime error" in err or "Sanitizer" in err:
        problems.append("sanitizer report")
    for path, (present, absent) in (files or {}).items():
        text = open(path, errors="replace").read() if os.path.exists(path) else ""
        if not text:
            problems.append(f"{path} is missing or empty")
        problems += [f"{path} lacks {s!r}" for s in present if s not in text]
        problems += [f"{path} has {s!r}" for s in absent if s in text]
    if problems:
        failed += 1
        print(f"FAIL: {name}: " + "; ".join(problems))
        print("---- gdb output ----\n" + g.stdout + "---- tetrarch stderr ----\n" + err + "--------------------")
    else:
        passed += 1
        print(f"ok: {name}")


def pc_line(n, addr, sym):
    return f"${n} = (void (*)()) {addr:#x} <{sym}>"


# Breakpoints at EL3, EL2 and EL1: PSTATE and `monitor el` at each.
case("breakpoints-each-el",
     ["break el3_bp", "break el2_entry", "break el1_entry",
      "continue", "p/x $cpsr", "monitor el",
      "continue", "p/x $cpsr", "monitor el",
      "continue", "p/x $cpsr", "monitor el"],
     ["Breakpoint 1, 0x0000000040000020 in el3_bp ()", "$1 = 0x3cd", "* cpu0: EL3h S  pc 0x0000000040000020",
      "Breakpoint 2, 0x0000000040000038 in el2_entry ()", "$2 = 0x3c9", "* cpu0: EL2h NS pc 0x0000000040000038",
      "Breakpoint 3, 0x0000000040000100 in el1_entry ()", "$3 = 0x3c5", "* cpu0: EL1h NS pc 0x0000000040000100",
      "[Inferior 1 (Remote target) detached]"],
     42)

# stepi on ERET stops at the return address at the lower EL; on HVC, SMC and SVC at the vector
# at the target EL, with the syndrome and return address of the exception.
case("stepi-exceptions",
     ["break el3_eret", "break el2_hvc", "break el2_smc", "break el2_eret", "break el1_svc", "break el1_hvc",
      "continue", "stepi", "p $pc", "p/x $cpsr",                                     # $1 $2
      "continue", "stepi", "p $pc == $vbar_el2 + 0x200", "p/x $esr_el2 >> 26", "monitor el",  # $3 $4
      "continue", "stepi", "p $pc == $vbar_el3 + 0x400", "p/x $esr_el3 >> 26", "p $elr_el3", "monitor el",  # $5-$7
      "continue", "stepi", "p $pc", "monitor el",                                    # $8
      "continue", "stepi", "p $pc == $vbar_el1 + 0x200", "p/x $esr_el1 >> 26", "monitor el",  # $9 $10
      "continue", "stepi", "p $pc == $vbar_el2 + 0x400", "p/x $esr_el2 >> 26", "p $elr_el2",  # $11-$13
      "p/x $spsr_el2", "monitor el"],                                               # $14
     ["Breakpoint 1, 0x0000000040000034 in el3_eret ()",
      "0x0000000040000038 in el2_entry ()", pc_line(1, EL2_ENTRY, "el2_entry"), "$2 = 0x3c9",
      "Breakpoint 2, 0x0000000040000050 in el2_hvc ()",
      "$3 = 1", "$4 = 0x16", "* cpu0: EL2h NS pc 0x0000000040001200",
      "Breakpoint 3, 0x0000000040000054 in el2_smc ()",
      "$5 = 1", "$6 = 0x17", pc_line(7, 0x40000058, "el2_after_smc"), "* cpu0: EL3h S  pc 0x0000000040000c00",
      "Breakpoint 4, 0x00000000400000fc in el2_eret ()",
      "0x0000000040000100 in el1_entry ()", pc_line(8, EL1_ENTRY, "el1_entry"),
      "* cpu0: EL1h NS pc 0x0000000040000100",
      "Breakpoint 5, 0x0000000040000104 in el1_svc ()",
      "$9 = 1", "$10 = 0x15", "* cpu0: EL1h NS pc 0x0000000040001a00",
      "Breakpoint 6, 0x0000000040000108 in el1_hvc ()",
      "$11 = 1", "$12 = 0x16", pc_line(13, EL1_MRS, "el1_mrs"), "$14 = 0x3c5",
      "* cpu0: EL2h NS pc 0x0000000040001400"],
     42)

# monitor catch exception el=2 stops at the EL2 vector; setting HCR_EL2.TID3 through gdb makes
# the guest's MRS ID_AA64PFR0_EL1 trap (the guest counts it: exit status 43 instead of 42).
case("catch-exception-hcr",
     ["monitor catch exception el=2", "continue", "p $pc == $vbar_el2 + 0x200", "p/x $esr_el2 >> 26",
      "monitor catch exception el=2 ec=0x18", "break el1_entry", "continue",
      "set $hcr_el2 = $hcr_el2 | (1 << 18)", "p/x $hcr_el2", "continue",
      "p $pc == $vbar_el2 + 0x400", "p/x $esr_el2", "p/x $elr_el2", "monitor catch off", "continue"],
     ["catch exception el=2",
      "tetrarch: cpu0: exception EC 0x16 (HVC) EL2 -> EL2, ELR 0x40000054, vector 0x40001200 (catch exception)",
      "Program received signal SIGTRAP, Trace/breakpoint trap.", "$1 = 1", "$2 = 0x16",
      "catch exception el=2 ec=0x18 (MSR/MRS/system)",
      "Breakpoint 1, 0x0000000040000100 in el1_entry ()", "$3 = 0x80040001",
      "tetrarch: cpu0: exception EC 0x18 (MSR/MRS/system) EL1 -> EL2, ELR 0x4000010c, vector 0x40001400 "
      "(catch exception)",
      "$4 = 1", "$5 = 0x62300069", "$6 = 0x4000010c", "catches removed",
      "[Inferior 1 (Remote target) exited with code 053]"],
     43)

# Watchpoints on a page-table entry (the guest remaps a page) and on a data word stop at the
# writing instruction; gdb steps over it and shows both values.
case("watchpoints",
     ["break el1_entry", "continue", "watch *(long *)0x40103ff8", "watch *(long *)&data_word",
      "continue", "p $pc", "continue", "p $pc", "p/x *(long *)&data_word"],
     ["Hardware watchpoint 2: *(long *)0x40103ff8", "Hardware watchpoint 3: *(long *)&data_word",
      "Hardware watchpoint 2: *(long *)0x40103ff8", "Old value = 1075836679", "New value = 1074808583",
      pc_line(1, 0x4000011C, "pte_store+4"),
      "Hardware watchpoint 3: *(long *)&data_word", "Old value = 0", "New value = 119",
      pc_line(2, 0x40000144, "data_store+4"), "$3 = 0x77"],
     42)

# Two cores are two threads; stepping thread 2 alone (scheduler locking) runs only core 1.
case("smp-threads",
     ["break el1_entry", "continue", "info threads", "set scheduler-locking on", "thread 2",
      "stepi", "stepi", "stepi", "stepi", "info registers pc", "p $x20", "stepi", "stepi", "p $x20",
      "monitor el", "thread 1", "info registers pc", "set scheduler-locking off"],
     ["Thread 1 hit Breakpoint 1, 0x0000000040000100 in el1_entry ()",
      re.compile(r"\* 1    Thread 1 \(cpu0 EL1h NS\) +0x0000000040000100 in el1_entry \(\)"),
      re.compile(r"  2    Thread 2 \(cpu1 EL3h S\) +0x0000000040000000 in _start \(\)"),
      "[Switching to thread 2 (Thread 2)]",
      "0x0000000040000188 in sec_loop ()",
      "pc             0x40000188          0x40000188 <sec_loop>", "$1 = 0", "$2 = 1",
      "  cpu0: EL1h NS pc 0x0000000040000100", "* cpu1: EL3h S  pc 0x0000000040000188",
      "[Switching to thread 1 (Thread 1)]",
      "pc             0x40000100          0x40000100 <el1_entry>"],
     42, extra=["--smp", "2"])

# monitor translate: every descriptor of the stage-1 walk (and the stage-2 walks of its table
# addresses) for the remapped page; faults at stage 1 and stage 2; EL2's flat map; monitor tlb.
case("translate-tlb",
     ["break after_alias", "continue", "monitor translate 0x401ff000", "monitor translate 0x80000000",
      "monitor translate 0x40080018 el=2", "monitor tlb", "x/gx 0x401ff000", "monitor phys on", "x/gx 0x401ff000",
      "monitor phys off", "set *(long *)0x40101010 = 0x80000401", "monitor translate 0x80000000"],
     ["cpu0 VA 0x401ff000, EL1: EL1&0 regime",
      "      stage 2 level 1 (stage-1 table address): descriptor at PA 0x40100008 = 0x00000000400007fd block",
      "  stage 1 level 1: descriptor at PA 0x40101008 = 0x0000000040102003 table",
      "      stage 2 level 1 (stage-1 table address): descriptor at PA 0x40100008 = 0x00000000400007fd block",
      "  stage 1 level 2: descriptor at PA 0x40102000 = 0x0000000040103003 table",
      "      stage 2 level 1 (stage-1 table address): descriptor at PA 0x40100008 = 0x00000000400007fd block",
      "  stage 1 level 3: descriptor at PA 0x40103ff8 = 0x0000000040104707 page",
      "  stage 2 level 1: descriptor at PA 0x40100008 = 0x00000000400007fd block",
      "  stage 1: VA 0x401ff000 -> IPA 0x40104000",
      "  stage 2: IPA 0x40104000 -> PA 0x40104000 (VMID 1)",
      "  PA 0x40104000 NS, 4K page, Normal WB (attr 0xff), inner-shareable, EL1 RWX EL0 --X, stage 2 RWX, global",
      "cpu0 VA 0x80000000, EL1: EL1&0 regime",
      "  stage 1 level 1: descriptor at PA 0x40101010 = 0x0000000000000000 invalid",
      "  translation fault, stage 1 level 1",
      "cpu0 VA 0x40080018, EL2: EL2 regime", "  stage 1 off: VA = PA",
      "  PA 0x40080018 NS, 4K flat, Device-nGnRnE (attr 0x00), outer-shareable, stage 1 off",
      "cpu0 TLB: 5 entries",
      "  EL1&0 NS VMID 1 global: VA 0x40000000 -> PA 0x40000000 4K (IPA 0x40000000, stage 2 RWX) Normal WB, "
      "EL1 RWX EL0 --X",
      "  EL1&0 NS VMID 1 global: VA 0x401ff000 -> PA 0x40104000 4K (IPA 0x40104000, stage 2 RWX) Normal WB, "
      "EL1 RWX EL0 --X",
      "0x401ff000:\t0x5a5a00005a5a1234", "phys on", "0x401ff000:\t0x0000000000000000", "phys off",
      # gdb maps the 2G-3G block at stage 1 (writing the table): stage 2 lacks it.
      "  stage 1 level 1: descriptor at PA 0x40101010 = 0x0000000080000401 block",
      "  stage 2 level 1: descriptor at PA 0x40100010 = 0x0000000000000000 invalid",
      "  translation fault, stage 2 level 1 (IPA 0x80000000)"],
     42)

# monitor translate takes a register of the current core by name (gdb does not expand $far_el1
# in a monitor command), and gdb's eval passes a register's value (docs/debugging.md).
case("translate-register",
     ["break after_alias", "continue", "set $saved = $far_el1", "set $far_el1 = 0x401ff000",
      "monitor translate far_el1", "monitor translate $FAR_EL1", "eval \"monitor translate 0x%lx\", $far_el1",
      "set $far_el1 = $saved", "monitor translate pc el=2", "monitor translate no_such_reg",
      "monitor translate x31"],
     ["cpu0 VA 0x401ff000, EL1: EL1&0 regime", "  stage 1: VA 0x401ff000 -> IPA 0x40104000",
      "cpu0 VA 0x401ff000, EL1: EL1&0 regime", "  stage 1: VA 0x401ff000 -> IPA 0x40104000",
      "cpu0 VA 0x401ff000, EL1: EL1&0 regime", "  stage 1: VA 0x401ff000 -> IPA 0x40104000",
      re.compile(r"cpu0 VA 0x4000[0-9a-f]{4}, EL2: EL2 regime"),
      "translate: 'no_such_reg' is neither a number nor a readable register of cpu0",
      "translate: 'x31' is neither a number nor a readable register of cpu0"],
     42)

# step-el stops at the next EL change; catch eret at the return to EL1.
case("step-el-catch-eret",
     ["break el1_svc", "continue", "monitor step-el", "continue", "monitor el", "monitor catch eret el=1",
      "continue", "p $pc", "monitor el", "monitor catch off"],
     ["Breakpoint 1, 0x0000000040000104 in el1_svc ()",
      "step-el: cpu0 stops at its next change from EL1 (continue to run)",
      "tetrarch: cpu0: exception EC 0x16 (HVC) EL1 -> EL2, ELR 0x4000010c, vector 0x40001400 (step-el)",
      "* cpu0: EL2h NS pc 0x0000000040001400", "catch eret el=1",
      "tetrarch: cpu0: eret EL2 -> EL1 to 0x4000010c (catch eret)",
      pc_line(1, EL1_MRS, "el1_mrs"), "* cpu0: EL1h NS pc 0x000000004000010c", "catches removed"],
     42)

# A BRK written by gdb over code that already ran (decoded) executes as BRK; restoring the
# instruction makes the handler's return run the original MRS again.
case("brk-through-memory",
     ["break el1_entry", "continue", "set $orig = *(unsigned int *)el1_mrs",
      "set *(unsigned int *)el1_mrs = 0xd4200000", "x/i el1_mrs", "delete",
      "monitor catch exception ec=0x3c", "continue", "p/x $esr_el1", "p $elr_el1",
      "set *(unsigned int *)el1_mrs = $orig", "p/x $orig", "x/i el1_mrs", "monitor catch off", "continue"],
     ["   0x4000010c <el1_mrs>:\tbrk\t#0x0",
      "tetrarch: cpu0: exception EC 0x3c (BRK) EL1 -> EL1, ELR 0x4000010c, vector 0x40001a00 (catch exception)",
      "$1 = 0xf2000000", pc_line(2, EL1_MRS, "el1_mrs"), f"$3 = {MRS_ID_AA64PFR0_X3:#x}",
      "   0x4000010c <el1_mrs>:\tmrs\tx3, id_aa64pfr0_el1",
      "[Inferior 1 (Remote target) exited with code 052]"],
     42)

# Writes the core refuses: a read-only system register, an AArch32 PSTATE.
case("register-errors",
     ["break el2_hvc", "continue", "set $midr_el1 = 5", "p/x $midr_el1", "set $cpsr = 0x3d9", "p/x $cpsr",
      "set $cpsr = 0x3c5", "monitor el", "set $cpsr = 0x3c9", "monitor el", "info registers icc_iar1_el1"],
     ["Could not write register \"midr_el1\"; remote failure reply 'E01'", "$1 = 0x411fd050",
      "Could not write register \"cpsr\"; remote failure reply 'E01'", "$2 = 0x3c9",
      "* cpu0: EL1h NS pc 0x0000000040000050", "* cpu0: EL2h NS pc 0x0000000040000050",
      "icc_iar1_el1   <unavailable>"],
     42)

# Detach: breakpoints go, the guest runs to its normal end.
case("detach",
     ["break el2_entry", "break el1_entry", "continue", "detach"],
     ["Breakpoint 1, 0x0000000040000038 in el2_entry ()", "[Inferior 1 (Remote target) detached]"],
     42)

# The reference hypervisor (hv-dcc): the DCC hypercall trap seen from gdb, and MDCR_EL2.TDA
# cleared through gdb so that the guest's MDCCSR_EL0 read no longer traps.
case("hv-dcc-catch",
     ["monitor catch exception el=2 ec=0x18", "continue", "p/x $esr_el2", "info symbol $elr_el2",
      "monitor el", "monitor catch off"],
     [re.compile(r"tetrarch: cpu0: exception EC 0x18 \(MSR/MRS/system\) EL1 -> EL2, ELR 0x[0-9a-f]+, "
                 r"vector 0x[0-9a-f]+400 \(catch exception\)"),
      "$1 = 0x6220c123", re.compile(r"dcc_guest \+ \d+ in section \.text"),
      re.compile(r"\* cpu0: EL2h NS pc 0x[0-9a-f]+400")],
     0, elf=hv_dcc, stdout=["[scenario 2] ok"])
case("hv-dcc-clear-tda",
     ["break dcc_guest", "continue", "set $mdcr_el2 = $mdcr_el2 & ~(1 << 9)", "delete", "continue"],
     [re.compile(r"Breakpoint 1, dcc_guest \(\) at .*"), "[Inferior 1 (Remote target) exited with code 01]"],
     1, elf=hv_dcc,
     stdout=["  guest: MDCCSR_EL0 read did not trap",
             "FAIL: scenario 2: MDCR_EL2.TDA did not trap the MDCCSR_EL0 read"])

# monitor trace: a Tarmac trace of exactly the two instructions stepped while it recorded, and
# a binary trace; a second recording to the same file is refused (only new files are created).
tmp = tempfile.TemporaryDirectory()
tarmac, bintrace = os.path.join(tmp.name, "steps.tarmac"), os.path.join(tmp.name, "rest.trace")
case("monitor-trace",
     ["break el1_entry", "continue", f"monitor trace on {tarmac}", "stepi", "stepi", "monitor trace off",
      f"monitor trace on {bintrace}", f"monitor trace on {bintrace}.2", "monitor trace off", "monitor trace off",
      f"monitor trace on {bintrace}"],
     [f"trace: recording Tarmac to {tarmac}", f"trace: stopped, {tarmac} written",
      f"trace: recording the binary trace to {bintrace}", "trace: already recording (trace off first)",
      f"trace: stopped, {bintrace} written", "trace: not recording",
      f"trace: cannot record to {bintrace} (tetrarch's stderr says why)"],
     42, files={tarmac: (["40000100 d503201f", "40000104 d4000661"], ["40000108 d4000881"]),
                bintrace: ([], [])}, extra=("--gdb-files", tmp.name))

# Files the monitor writes: only new ones, only under --gdb-files.
jail = tempfile.TemporaryDirectory()
jail_dir = os.path.realpath(jail.name)
keep = os.path.join(jail_dir, "keep.trace")
with open(keep, "w") as f:
    f.write("user data\n")
case("monitor-trace-confined",
     [f"monitor trace on {tarmac}.x", "monitor trace on ../escape.trace", "monitor trace on keep.trace",
      "monitor trace on new.tarmac", "stepi", "monitor trace off"],
     [f"trace: {tarmac}.x: outside {jail_dir} (files are created only there; see --gdb-files)",
      f"trace: ../escape.trace: outside {jail_dir} (files are created only there; see --gdb-files)",
      f"trace: cannot record to {keep} (tetrarch's stderr says why)",
      f"trace: recording Tarmac to {jail_dir}/new.tarmac",
      f"trace: stopped, {jail_dir}/new.tarmac written"],
     42, extra=("--gdb-files", jail_dir), files={keep: (["user data"], []), os.path.join(jail_dir, "new.tarmac"): ([], [])})

# Interrupts during a step (hv-irq-window: the guest unmasks PSTATE.I with a virtual interrupt
# pending in the list registers). By default the step after the MSR DAIFClr is the interrupt
# taken; with `monitor step-irq off` it is the next instruction and the interrupt stays pending.
STEP_AT_UNMASK = ["find /w /1 iw_guest, +0x400, 0xd50342ff", "set $unmask = $_", "break *$unmask", "continue",
                  "set scheduler-locking step"]
case("step-irq-on",
     STEP_AT_UNMASK + ["stepi", "stepi", "p $pc == $vbar_el1 + 0x280", "monitor el"],
     ["1 pattern found.", "$1 = 1", re.compile(r"\* cpu0: EL1h NS pc 0x[0-9a-f]+a80")],
     0, elf=hv_irq_window, stdout=["[scenario 12] ok"])
case("step-irq-off",
     STEP_AT_UNMASK + ["monitor step-irq off", "stepi", "stepi", "p $pc == $unmask + 8", "p ($cpsr >> 7) & 1",
                       "p ($isr_el1 >> 7) & 1", "monitor catch exception", "continue", "p $pc == $vbar_el1 + 0x280",
                       "monitor catch off"],
     ["1 pattern found.", "step-irq off", "$1 = 1", "$2 = 0", "$3 = 1",
      re.compile(r"tetrarch: cpu0: IRQ EL1 -> EL1, ELR 0x[0-9a-f]+, vector 0x[0-9a-f]+a80 \(catch exception\)"),
      "$4 = 1"],
     0, elf=hv_irq_window, stdout=["[scenario 12] ok"])

# The SIMD&FP registers (org.gnu.gdb.aarch64.fpu): gdb's V union, its $q/$d/$s views, FPSR
# and FPCR as flags, `info vector`; values written with gdb are what the guest stores next
# (simd.S exits with 0 only when V2 and V3 hold them).
V0_UNION = ("$1 = {d = {f = {7.9499288951273625e-275, 3.6919162048650923e-236}, u = {506097522914230528, "
            "1084818905618843912}, s = {506097522914230528, 1084818905618843912}}, s = {f = {3.82047143e-37, "
            "1.00825135e-34, 2.65846276e-32, 7.00365327e-30}, u = {50462976, 117835012, 185207048, 252579084}, "
            "s = {50462976, 117835012, 185207048, 252579084}}, h = {f = {1.5259e-05, 4.5896e-05, 7.6532e-05, "
            "0.00010717, 0.00015354, 0.00021482, 0.00030804, 0.00043058}, u = {256, 770, 1284, 1798, 2312, 2826, "
            "3340, 3854}, s = {256, 770, 1284, 1798, 2312, 2826, 3340, 3854}}, b = {u = {0, 1, 2, 3, 4, 5, 6, 7, 8, "
            "9, 10, 11, 12, 13, 14, 15}, s = {0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15}}, q = {u = "
            "{20011376718272490338853433276725592320}, s = {20011376718272490338853433276725592320}}}")
case("simd-registers",
     ["break simd_bp", "continue", "p $v0", "p $d1", "p $s2", "p/x $q0.u", "p $fpsr", "p $fpcr",
      "set $v2.d.u[0] = 0x1122334455667788", "set $v2.d.u[1] = 0x99aabbccddeeff00", "set $q3.u = 5",
      "p/x $v2.s.u", "p $q3", "p $d2.f", "set $fpcr = 0x3000000", "p $fpcr", "p/x $fpcr", "info vector",
      "continue"],
     ["Breakpoint 1, 0x0000000040000020 in simd_bp ()", V0_UNION,
      "$2 = {f = 1.5, u = 4609434218613702656, s = 4609434218613702656}",
      "$3 = {f = 3.14159274, u = 1078530011, s = 1078530011}",
      "$4 = 0xf0e0d0c0b0a09080706050403020100", "$5 = [ ]", "$6 = [ RMode=0 ]",
      "$7 = {0x55667788, 0x11223344, 0xddeeff00, 0x99aabbcc}", "$8 = {u = 5, s = 5}",
      "$9 = 3.8414120244717307e-226", "$10 = [ RMode=0 FZ DN ]", "$11 = 0x3000000",
      re.compile(r"v2 +\{d = \{f = \{0x1122334455667788, 0x99aabbccddeeff00\}, .*"),
      re.compile(r"v31 +\{d = \{f = \{0x0, 0x0\}, .*"),
      "q2             {u = 0x99aabbccddeeff001122334455667788, s = 0x99aabbccddeeff001122334455667788} "
      "{u = 204258382862869200743700091125539174280, s = -136023984058069262719674516306229037176}",
      "q3             {u = 0x5, s = 0x5}  {u = 5, s = 5}",
      re.compile(r"s2 +\{f = 0x55667788, u = 0x55667788, s = 0x55667788\} .*"),
      "[Inferior 1 (Remote target) exited normally]"],
     0, elf=simd)
# Without the write to V3 the guest sees its own value there: exit status 2.
case("simd-registers-guest-check",
     ["break simd_bp", "continue", "set $v2.d.u[0] = 0x1122334455667788", "set $v2.d.u[1] = 0x99aabbccddeeff00",
      "continue"],
     ["Breakpoint 1, 0x0000000040000020 in simd_bp ()", "[Inferior 1 (Remote target) exited with code 02]"],
     2, elf=simd)

print(f"{passed} passed, {failed} failed")
sys.exit(1 if failed or not passed else 0)
