#!/usr/bin/env python3
# SPDX-License-Identifier: MIT
# Trace tests: golden Tarmac, Tarmac line checks, binary/Tarmac round trips, truncated and
# corrupt files (with a fuzzer), SIGKILL, triggers and --trace-what, summary, Chrome JSON,
# filter and the command line of `tetrarch trace`. One case per invocation.
"""Usage: test_trace.py CASE TETRARCH [FILES...]

  golden TINY_ELF GOLDEN        tiny.S's Tarmac equals GOLDEN (less its "# " header lines)
  version1 V1_TRACE V1_TARMAC   a version 1 binary trace still converts, summarises and filters
  parse DCC_ELF SMP_ELF         every line of the Tarmac of hv-dcc and a 2-core run passes
                                tarmac_check.py --strict
  roundtrip TINY DCC SMP        convert --to tarmac of a binary trace equals --tarmac
  truncated HV_ELF DCC_ELF      cut, corrupt and fuzzed binary traces
  sigkill LONG_ELF              a run killed with SIGKILL leaves a readable trace
  triggers DCC_ELF              --trace-start/--trace-stop/--trace-what
  summary DCC_ELF               exact transition counts, per-EL totals, round trips
  chrome DCC_ELF SMP_ELF        Chrome JSON: valid, one track per core
  filter DCC_ELF SMP_ELF        filter --el/--cpu/--pc-range/--from/--to
  cli DCC_ELF                   tetrarch trace help and usage errors
"""

import json
import os
import random
import re
import shutil
import signal
import struct
import subprocess
import sys
import tempfile
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import tarmac_check  # noqa: E402

TIMEOUT = 240
SMP_ARGS = ["--smp", "2", "--max-insns", "30000"]   # smp_counter needs 4 cores to finish


class Checks:
    def __init__(self):
        self.passed = 0
        self.failed = 0

    def ok(self, cond, what, detail=""):
        if cond:
            self.passed += 1
            print("ok - " + what)
        else:
            self.failed += 1
            print("FAIL - " + what + (": " + detail if detail else ""))
        return cond

    def done(self):
        print("%d passed, %d failed" % (self.passed, self.failed))
        return 1 if self.failed else 0


def run(cmd, **kw):
    return subprocess.run(cmd, capture_output=True, timeout=TIMEOUT, **kw)


def text(b):
    return b.decode("utf-8", "replace")


def read(path):
    with open(path, "rb") as f:
        return f.read()


def write(path, data):
    with open(path, "wb") as f:
        f.write(data)


def record(tetrarch, elf, d, name, extra=(), tarmac=True, binary=True, ok_status=(0,)):
    """Run ELF with --tarmac/--trace into d; returns (tarmac path, binary path, process)."""
    t = os.path.join(d, name + ".tarmac") if tarmac else None
    b = os.path.join(d, name + ".trace") if binary else None
    cmd = [tetrarch, "run", "-q", "--kernel", elf] + list(extra)
    if t:
        cmd += ["--tarmac", t]
    if b:
        cmd += ["--trace", b]
    p = run(cmd)
    if p.returncode not in ok_status:
        print("note: %s exited %d: %s" % (" ".join(cmd), p.returncode, text(p.stderr).strip()))
    return t, b, p


def convert(tetrarch, trace, to, out):
    return run([tetrarch, "trace", "convert", trace, "--to", to, "-o", out])


def strip_header(data):
    lines = data.splitlines(True)
    while lines and lines[0].startswith(b"# "):
        lines.pop(0)
    return b"".join(lines)


def first_difference(a, b):
    al, bl = a.splitlines(), b.splitlines()
    for i, (x, y) in enumerate(zip(al, bl)):
        if x != y:
            return "line %d: %r != %r" % (i + 1, x, y)
    return "lengths %d and %d lines" % (len(al), len(bl))


# ---- golden ----

def case_golden(c, tetrarch, tiny, golden):
    want = strip_header(read(golden))
    with tempfile.TemporaryDirectory() as d:
        t, b, p = record(tetrarch, tiny, d, "tiny")
        c.ok(p.returncode == 0, "tiny.elf runs to its semihosting exit", "exit %d" % p.returncode)
        got = read(t)
        c.ok(got == want, "Tarmac of tiny.elf equals tiny.tarmac", first_difference(got, want))
        out = os.path.join(d, "conv.tarmac")
        p = convert(tetrarch, b, "tarmac", out)
        c.ok(p.returncode == 0 and read(out) == want, "binary trace of tiny.elf converts to tiny.tarmac",
             text(p.stderr) or first_difference(read(out), want))


# ---- version 1 ----

def case_version1(c, tetrarch, v1_trace, v1_tarmac):
    """A binary trace from before the SIMD&FP registers (format version 1) stays readable."""
    want = strip_header(read(v1_tarmac))
    with tempfile.TemporaryDirectory() as d:
        out = os.path.join(d, "v1.tarmac")
        p = convert(tetrarch, v1_trace, "tarmac", out)
        c.ok(p.returncode == 0 and read(out) == want, "version 1 trace converts to its Tarmac as before",
             text(p.stderr) or first_difference(read(out), want))
        p = run([tetrarch, "trace", "summary", v1_trace])
        c.ok(p.returncode == 0 and b"binary version 1, 1 core" in p.stdout and b"26 instructions" in p.stdout
             and not p.stderr and b"end marker" not in p.stdout,
             "summary reads version 1 (which has no end marker: no warning)", text(p.stdout[:200]) + text(p.stderr))
        # filter writes the current version; its conversion is the same text.
        f = os.path.join(d, "v1-filtered.trace")
        p = run([tetrarch, "trace", "filter", v1_trace, "--cpu", "0", "-o", f])
        out2 = os.path.join(d, "v1-filtered.tarmac")
        q = convert(tetrarch, f, "tarmac", out2)
        hdr = read(f)[:10]
        c.ok(p.returncode == 0 and q.returncode == 0 and hdr[8] == 3 and read(out2) == want,
             "filter of a version 1 trace writes version 3 with the same Tarmac",
             text(p.stderr) + text(q.stderr) + repr(hdr))


# ---- parse ----

def case_parse(c, tetrarch, dcc, smp):
    with tempfile.TemporaryDirectory() as d:
        t1, _, p1 = record(tetrarch, dcc, d, "dcc", binary=False)
        t2, _, p2 = record(tetrarch, smp, d, "smp", SMP_ARGS, binary=False, ok_status=(4,))
        c.ok(p1.returncode == 0 and p2.returncode == 4, "both runs end as expected (0, and 4 at --max-insns)")
        for path, kinds in ((t1, ["insn", "xreg", "sp", "cpsr", "sysreg", "mem", "exception", "eret"]),
                            (t2, ["insn", "xreg", "cpsr", "mem"])):
            lines, counts, problems = tarmac_check.check_file(path, strict=True)
            detail = "; ".join("line %d: %s: %s" % p for p in problems[:3])
            c.ok(lines > 1000 and not problems, "%s: all %d lines pass the strict per-kind rules"
                 % (os.path.basename(path), lines), detail)
            missing = [k for k in kinds if not counts.get(k)]
            c.ok(not missing, "%s has every expected line kind" % os.path.basename(path), "missing %s" % missing)
        data = text(read(t2))
        cpus = set(re.findall(r"^\d+ clk (cpu\d+) ", data, re.M))
        c.ok(cpus == {"cpu0", "cpu1"}, "2-core Tarmac names cpu0 and cpu1 on every line",
             "found %s" % sorted(cpus))
        c.ok(not re.search(r"^\d+ clk (?!cpu)", data, re.M), "no 2-core line lacks its cpuN")
        # Every line an instruction produced shares its IT line's timestamp.
        lines = text(read(t1)).splitlines()
        bad = [l for prev, l in zip(lines, lines[1:]) if " IT " not in l and " IS " not in l
               and int(l.split()[0]) < int(prev.split()[0])]
        c.ok(not bad, "timestamps never go back on one core", bad[:1] and bad[0])


# ---- roundtrip ----

def case_roundtrip(c, tetrarch, tiny, dcc, smp):
    with tempfile.TemporaryDirectory() as d:
        runs = [("tiny", tiny, [], (0,)), ("dcc", dcc, [], (0,)), ("smp", smp, SMP_ARGS, (4,)),
                ("dcc-tm", dcc, ["--trace-what", "transitions,mem"], (0,)),
                ("dcc-window", dcc, ["--trace-start", "el=1", "--trace-stop", "ec=0x16"], (0,))]
        for name, elf, extra, status in runs:
            t, b, p = record(tetrarch, elf, d, name, extra, ok_status=status)
            out = os.path.join(d, name + ".conv")
            q = convert(tetrarch, b, "tarmac", out)
            same = q.returncode == 0 and read(out) == read(t)
            c.ok(same and len(read(t)) > 0, "%s: convert --to tarmac of --trace equals --tarmac of the same run"
                 % name, text(q.stderr) or first_difference(read(out), read(t)))
        # Separate runs: the simulator is deterministic, so the two recordings agree.
        for name, elf, extra, status in (("dcc", dcc, [], (0,)), ("smp", smp, SMP_ARGS, (4,))):
            t, _, _ = record(tetrarch, elf, d, name + "-a", extra, binary=False, ok_status=status)
            _, b, _ = record(tetrarch, elf, d, name + "-b", extra, tarmac=False, ok_status=status)
            out = os.path.join(d, name + "-b.conv")
            q = convert(tetrarch, b, "tarmac", out)
            c.ok(q.returncode == 0 and read(out) == read(t),
                 "%s: --trace and --tarmac recorded in separate runs convert to the same text" % name,
                 first_difference(read(out), read(t)))


# ---- truncated, corrupt, fuzzed ----

def blocks(data):
    """(offset, header+frame length, raw size) of each whole block: the format in
    docs/tracing.md. A block cut short (a killed run) is not counted."""
    out, o = [], 32
    while o + 16 <= len(data):
        magic, csize, rsize, _ = struct.unpack_from("<4sIII", data, o)
        if magic != b"TBLK" or o + 16 + csize > len(data):
            break
        out.append((o, 16 + csize, rsize))
        o += 16 + csize
    return out


def summary(tetrarch, path):
    p = run([tetrarch, "trace", "summary", path])
    m = re.search(r"records: (\d+) instructions", text(p.stdout))
    return p, int(m.group(1)) if m else -1


def block_check(csize, rsize):
    m = 0xFFFFFFFF
    h = 0x54424C4B ^ ((csize * 0x9E3779B1) & m)
    h = ((h ^ (h >> 15)) * 0x85EBCA77) & m
    h ^= (rsize * 0xC2B2AE3D) & m
    return h ^ (h >> 13)


def raw_zstd_frame(raw):
    """A zstd frame holding `raw` in one raw (stored) block: lets the fuzzer feed chosen record
    bytes to the decoder."""
    assert len(raw) < 128 * 1024
    return (struct.pack("<IB", 0xFD2FB528, 0xA0) + struct.pack("<I", len(raw)) +
            struct.pack("<I", 1 | (len(raw) << 3))[:3] + raw)


def make_block(raw):
    frame = raw_zstd_frame(raw)
    return b"TBLK" + struct.pack("<III", len(frame), len(raw), block_check(len(frame), len(raw))) + frame


def decompress_blocks(data):
    """The raw record bytes of each block, with the zstd tool (None without it)."""
    if not shutil.which("zstd"):
        return None
    out = []
    for o, n, rsize in blocks(data):
        p = subprocess.run(["zstd", "-d", "-c", "-q"], input=data[o + 16:o + n], capture_output=True, timeout=60)
        if p.returncode != 0 or len(p.stdout) != rsize:
            return None
        out.append(p.stdout)
    return out


def decode_records(raw, ncpu):
    """Decode one block's records as docs/tracing.md describes them; returns a dict of
    counts by record name. Raises ValueError on anything the document does not allow."""
    pos = 0

    def u8():
        nonlocal pos
        if pos >= len(raw):
            raise ValueError("record past the end")
        pos += 1
        return raw[pos - 1]

    def varint():
        v = shift = 0
        while True:
            b = u8()
            v |= (b & 0x7F) << shift
            if not b & 0x80:
                return v
            shift += 7
            if shift > 63:
                raise ValueError("varint too long")

    def zz(v):
        return (v >> 1) ^ -(v & 1)

    counts, cpu, names, opslot = {}, None, {}, {}
    pcs, mode = {}, {}
    while pos < len(raw):
        tag = u8()
        if tag == 0x0C:
            if pos != len(raw):
                raise ValueError("records after the end marker")
            counts["FINISH"] = counts.get("FINISH", 0) + 1
            continue
        if tag != 0x01 and cpu is None:
            raise ValueError("no core")
        if tag >= 0x80:
            name = "INSN"
            if cpu not in mode:
                raise ValueError("INSN before MODE")
            pc = pcs.get(cpu, 0) + 4
            if tag & 2:
                pc += zz(varint())
            if tag & 4:
                zz(varint())
            if (tag >> 3) & 7 == 7:
                varint()
            pc &= (1 << 64) - 1
            if tag & 0x40:
                if opslot.get((pc >> 2) & 1023, (None,))[0] != pc:
                    raise ValueError("no cached opcode")
            else:
                op = bytes(u8() for _ in range(4))
                opslot[(pc >> 2) & 1023] = (pc, op)
            pcs[cpu] = pc
        elif 0x20 <= tag <= 0x3E:
            name = "REG"
            varint()
        elif 0x40 <= tag <= 0x5F:
            name = "VREG"
            varint(), varint()
        elif 0x10 <= tag <= 0x17:
            name = "MEM"
            varint(), varint(), varint()
        elif tag == 0x01:
            name, cpu = "CPU", u8()
            if cpu >= ncpu:
                raise ValueError("core out of range")
        elif tag == 0x02:
            name = "TIME"
            varint()
        elif tag == 0x03:
            name = "MODE"
            mode[cpu] = u8()
        elif tag == 0x04:
            name = "SP"
            u8(), varint()
        elif tag == 0x05:
            name = "CPSR"
            varint()
        elif tag == 0x06:
            name = "SYSREG"
            if varint() not in names:
                raise ValueError("SYSREG without NAME")
            varint()
        elif tag == 0x07:
            name = "NAME"
            i, n = varint(), u8()
            names[i] = bytes(u8() for _ in range(n))
        elif tag == 0x08:
            name = "TRANSITION"
            u8(), u8(), u8()
            for _ in range(7):
                varint()
        elif tag == 0x09:
            name = "STATE"
            flags, _ = u8(), u8()
            if flags > 3:
                raise ValueError("bad STATE flags")
            for _ in range(4 + 31 + 2 + (64 if flags & 2 else 0)):
                varint()
        elif tag == 0x0A:
            name = "CONTEXT"
            varint(), varint(), varint()
        elif tag == 0x0B:
            name = "END"
            varint()
        else:
            raise ValueError("unknown tag 0x%02x" % tag)
        counts[name] = counts.get(name, 0) + 1
    return counts


def case_truncated(c, tetrarch, hv, dcc):
    with tempfile.TemporaryDirectory() as d:
        _, full, p = record(tetrarch, hv, d, "hv", tarmac=False)
        data = read(full)
        bl = blocks(data)
        c.ok(len(bl) >= 3 and bl[-1][0] + bl[-1][1] == len(data), "hv.elf's trace is %d whole blocks" % len(bl))
        p, n_full = summary(tetrarch, full)
        c.ok(p.returncode == 0 and n_full > 100000 and not p.stderr, "the whole trace reads cleanly",
             text(p.stderr))

        cut = os.path.join(d, "cut.trace")
        o, n, _ = bl[-2]
        write(cut, data[:o + n // 2])
        p, n_cut = summary(tetrarch, cut)
        err = text(p.stderr)
        c.ok(p.returncode == 0, "cut in the middle of a block: exit 0", "exit %d" % p.returncode)
        c.ok(0 < n_cut < n_full, "cut in the middle of a block: read up to the last complete block",
             "%d of %d instructions" % (n_cut, n_full))
        c.ok(err.count("\n") == 1 and "truncated" in err and "last complete block" in err,
             "cut in the middle of a block: one warning line", err)
        conv = os.path.join(d, "cut.tarmac")
        q = convert(tetrarch, cut, "tarmac", conv)
        c.ok(q.returncode == 0 and read(conv).endswith(b"\n"), "a truncated trace converts to Tarmac (exit 0)")

        write(cut, data[:o])
        p, n_edge = summary(tetrarch, cut)
        err = text(p.stderr)
        c.ok(p.returncode == 0 and n_edge == n_cut and err.count("\n") == 1 and "no end marker" in err
             and "no end marker: the run did not finish cleanly" in text(p.stdout),
             "cut at a block boundary: 'no end marker' on stderr and in the summary", err)
        f = os.path.join(d, "cut-filtered.trace")
        q = run([tetrarch, "trace", "filter", cut, "--el", "2", "-o", f])
        p, _ = summary(tetrarch, f)
        c.ok(q.returncode == 0 and "no end marker" in text(q.stderr) and "no end marker" in text(p.stderr),
             "filter keeps the missing end marker missing", text(q.stderr) + text(p.stderr))
        p, _ = summary(tetrarch, full)
        c.ok("end marker" not in text(p.stdout), "a whole trace: nothing said about the end marker")
        write(cut, data[:o + 7])
        p, _ = summary(tetrarch, cut)
        c.ok(p.returncode == 0 and "truncated" in text(p.stderr), "cut inside a block header: a warning")

        def expect_error(name, contents, want, status=3):
            path = os.path.join(d, name)
            if contents is not None:
                write(path, contents)
            p = run([tetrarch, "trace", "summary", path])
            err = text(p.stderr)
            c.ok(p.returncode == status and err.count("\n") == 1 and want in err and not p.stdout,
                 "%s: one-line error, exit %d" % (name, status), "exit %d: %s" % (p.returncode, err.strip()))

        rnd = random.Random(1)
        expect_error("garbage", bytes(rnd.randrange(256) for _ in range(4096)), "not a tetrarch binary trace")
        expect_error("empty", b"", "not a tetrarch binary trace")
        expect_error("missing", None, "No such file")
        expect_error("short-header", data[:20], "truncated or corrupt trace header")
        bad = bytearray(data)
        bad[8] = 99
        expect_error("version", bytes(bad), "unsupported trace version 99")
        bad = bytearray(data)
        bad[bl[0][0] + 40] ^= 0x55
        expect_error("bad-frame", bytes(bad), "corrupt block at offset 32")
        bad = bytearray(data)
        bad[bl[1][0]] = ord("X")
        expect_error("bad-block-magic", bytes(bad), "corrupt block header at offset %d" % bl[1][0])

        # Fuzz: mutated files must give exit 0 (with or without a warning) or 3 and one
        # error line, never a crash. Some mutations hit the zstd frames (checksums catch
        # them); the rest feed mutated records to the decoder in stored zstd blocks.
        _, small, _ = record(tetrarch, dcc, d, "dcc", tarmac=False)
        sdata = read(small)
        raws = decompress_blocks(sdata)
        if raws is None:
            raws = [bytes(rnd.randrange(256) for _ in range(3000))]
            print("note: no zstd tool: fuzzing records with random bytes only, format not decoded here")
        else:
            # The records decode as docs/tracing.md says, to the counts `summary` gives.
            total = {}
            try:
                for r in raws:
                    for k, v in decode_records(r, struct.unpack_from("<I", sdata, 16)[0]).items():
                        total[k] = total.get(k, 0) + v
                why = ""
            except ValueError as e:
                why = str(e)
            p = run([tetrarch, "trace", "summary", small])
            m = re.search(r"records: (\d+) instructions, (\d+) register writes, (\d+) memory accesses, (\d+) "
                          r"transitions", text(p.stdout))
            want = tuple(int(x) for x in m.groups()) if m else None
            got = (total.get("INSN", 0), sum(total.get(k, 0) for k in ("REG", "VREG", "SP", "CPSR", "SYSREG")),
                   total.get("MEM", 0), total.get("TRANSITION", 0))
            c.ok(not why and got == want, "a decoder written from docs/tracing.md reads the trace: %s records"
                 % (got,), why or "summary says %s" % (want,))
            c.ok(total.get("FINISH") == 1 and decode_records(raws[-1], 1 << 30).get("FINISH") == 1,
                 "the trace of a run that ended ends with one end marker record", str(total.get("FINISH")))
            # The stored-block frames must decode as the real ones do.
            redone = sdata[:32] + b"".join(make_block(r[:120000]) for r in raws)
            path = os.path.join(d, "stored.trace")
            write(path, redone)
            p, n = summary(tetrarch, path)
            c.ok(p.returncode == 0 and n > 1000, "records re-wrapped in stored zstd blocks decode", text(p.stderr))
        crashes, bad_exit, runs = [], [], 0
        fuzz = os.path.join(d, "fuzz.trace")
        for i in range(250):
            kind = i % 5
            if kind == 0:        # flip bytes anywhere in the file
                m = bytearray(sdata)
                for _ in range(rnd.randrange(1, 8)):
                    m[rnd.randrange(len(m))] ^= 1 << rnd.randrange(8)
                m = bytes(m)
            elif kind == 1:      # truncate anywhere
                m = sdata[:rnd.randrange(len(sdata))]
            else:                # mutated record bytes in a valid block
                raw = bytearray(raws[rnd.randrange(len(raws))][:100000])
                for _ in range(rnd.randrange(1, 20)):
                    op = rnd.randrange(3)
                    pos = rnd.randrange(len(raw))
                    if op == 0:
                        raw[pos] = rnd.randrange(256)
                    elif op == 1:
                        del raw[pos:pos + rnd.randrange(1, 16)]
                    else:
                        raw[pos:pos] = bytes(rnd.randrange(256) for _ in range(rnd.randrange(1, 16)))
                if not raw:
                    raw = bytearray(b"\x01")
                m = sdata[:32] + make_block(bytes(raw))
            write(fuzz, m)
            for cmd in (["summary", fuzz], ["convert", fuzz, "--to", "tarmac", "-o", os.devnull],
                        ["convert", fuzz, "--to", "chrome", "-o", os.devnull],
                        ["filter", fuzz, "--el", "1", "-o", os.path.join(d, "f.out")])[: 4 if i % 10 == 0 else 1]:
                p = run([tetrarch, "trace"] + cmd)
                runs += 1
                if p.returncode < 0:
                    crashes.append((i, cmd[0], p.returncode))
                elif p.returncode not in (0, 3) or text(p.stderr).count("\n") > 1:
                    bad_exit.append((i, cmd[0], p.returncode, text(p.stderr)[:200]))
        c.ok(not crashes, "fuzzing: no crash in %d runs" % runs, str(crashes[:5]))
        c.ok(not bad_exit, "fuzzing: exit 0 or 3 with at most one line on stderr", str(bad_exit[:3]))


# ---- sigkill ----

def start_long_trace(tetrarch, long_elf, path, extra=()):
    """Start a long traced run and return once its trace has some complete blocks. While the
    run goes on the trace is PATH.partial (renamed to PATH when the run ends)."""
    p = subprocess.Popen([tetrarch, "run", "-q", "--kernel", long_elf, "--trace", path] + list(extra),
                         stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    deadline = time.time() + 60
    while time.time() < deadline and p.poll() is None:
        if os.path.exists(path + ".partial") and os.path.getsize(path + ".partial") > 300000:
            break
        time.sleep(0.05)
    return p


def case_sigkill(c, tetrarch, long_elf):
    with tempfile.TemporaryDirectory() as d:
        b = os.path.join(d, "killed.trace")
        p = start_long_trace(tetrarch, long_elf, b)
        time.sleep(0.2)
        still_running = p.poll() is None
        p.send_signal(signal.SIGKILL)
        p.wait()
        c.ok(still_running and p.returncode == -signal.SIGKILL, "the run was killed with SIGKILL while tracing")
        c.ok(not os.path.exists(b), "SIGKILL leaves the trace as killed.trace.partial, not killed.trace")
        q, n = summary(tetrarch, b + ".partial")
        err = text(q.stderr)
        c.ok(q.returncode == 0 and n > 100000, "summary reads the killed run's trace (%d instructions)" % n,
             "exit %d: %s" % (q.returncode, err))
        c.ok(err.count("\n") == 1 and ("truncated" in err or "no end marker" in err),
             "a truncation or missing end marker warning", err)
        # The same file cut at its last block boundary: as a kill between two blocks leaves it.
        data = read(b + ".partial")
        bl = blocks(data)
        edge = os.path.join(d, "edge.trace")
        write(edge, data[:bl[-1][0] + bl[-1][1]] if bl else data)
        q, n = summary(tetrarch, edge)
        c.ok(q.returncode == 0 and n > 0 and "no end marker" in text(q.stderr) and "truncated" not in text(q.stderr),
             "killed, cut at a block boundary: 'no end marker', not complete", text(q.stderr))

    # SIGINT and SIGTERM stop the run (status 130) and flush everything: the trace ends with
    # its last record, so it reads back without a truncation warning.
    for sig in (signal.SIGINT, signal.SIGTERM):
        with tempfile.TemporaryDirectory() as d:
            b, st = os.path.join(d, "stopped.trace"), os.path.join(d, "stats.json")
            p = start_long_trace(tetrarch, long_elf, b, ["--stats", st])
            p.send_signal(sig)
            p.wait(timeout=60)
            c.ok(p.returncode == 130, "%s: status 130" % sig.name, "status %d" % p.returncode)
            q, n = summary(tetrarch, b)
            err = text(q.stderr)
            with open(st) as f:
                ran = json.load(f)["instructions"]
            ran = ran["total"] if isinstance(ran, dict) else ran
            c.ok(q.returncode == 0 and n == ran and err == "",
                 "%s: every instruction that ran is in the trace (%d of %d), no truncation" % (sig.name, n, ran),
                 "exit %d: %s" % (q.returncode, err))


# ---- triggers ----

def tarmac_lines(path):
    return text(read(path)).splitlines()


def case_triggers(c, tetrarch, dcc):
    with tempfile.TemporaryDirectory() as d:
        full, _, _ = record(tetrarch, dcc, d, "full", binary=False)
        fl = tarmac_lines(full)

        t, _, p = record(tetrarch, dcc, d, "window", ["--trace-start", "el=1", "--trace-stop", "ec=0x16"],
                         binary=False)
        w = tarmac_lines(t)
        elines = [l for l in w if " E " in l]
        c.ok(p.returncode == 0 and w and re.search(r" E [0-9a-f]{16} 00000000 CoreEvent_ERET from=EL2_ns to=EL1_ns$",
                                                    w[0]), "el=1: the window opens with the ERET to EL1", w[:1])
        c.ok(len(elines) == 8 and "ec=0x16" in elines[-1], "the window closes at the HVC (EC 0x16): 8 E lines",
             "%d E lines, last %r" % (len(elines), elines[-1:]))
        after = w[w.index(elines[-1]) + 1:]
        c.ok(after and all(re.match(r"\d+ clk R ", l) for l in after), "nothing but its register writes after the HVC")
        modes = set(re.findall(r" O (EL\d[ht]_n?s) : ", "\n".join(w)))
        c.ok(modes == {"EL1h_ns", "EL2h_ns"}, "only EL1 and EL2 instructions in the window", str(modes))
        # The window's instruction lines are those of the full trace, timestamps and all.
        its = [l for l in w if re.search(r" I[TS] \(", l)]
        it_full = [l for l in fl if re.search(r" I[TS] \(", l)]
        k = it_full.index(its[0]) if its and its[0] in it_full else -1
        c.ok(len(its) > 1000 and k >= 0 and it_full[k:k + len(its)] == its,
             "the window's instructions are a slice of the full trace (%d lines)" % len(its))

        t, _, _ = record(tetrarch, dcc, d, "trans", ["--trace-what", "transitions"], binary=False)
        tl = tarmac_lines(t)
        c.ok(len(tl) == 9 and all(" E " in l for l in tl), "--trace-what transitions: the 9 E lines only",
             "%d lines" % len(tl))
        t, _, _ = record(tetrarch, dcc, d, "im", ["--trace-what", "insns,mem"], binary=False)
        kinds = {l.split()[2] if not l.split()[2].startswith("cpu") else l.split()[3] for l in tarmac_lines(t)}
        c.ok({k[:2] for k in kinds} == {"IT", "IS", "MR", "MW"}, "--trace-what insns,mem: IT/IS and MR/MW only",
             str(sorted(kinds)))

        # pc= starts at the first execution of that PC; insn=N stops after N instructions.
        pick = it_full[500].split()
        pc = pick[4]
        first = next(l for l in it_full if l.split()[4] == pc)
        start_n = int(first.split()[3].strip("()"))
        stop_n = start_n + 300
        t, _, _ = record(tetrarch, dcc, d, "pc", ["--trace-start", "pc=0x" + pc, "--trace-stop",
                                                  "insn=%d" % stop_n], binary=False)
        it_w = [l for l in tarmac_lines(t) if re.search(r" I[TS] \(", l)]
        c.ok(it_w and it_w[0] == first, "pc=0x%s: recording starts at its first execution" % pc, it_w[:1])
        c.ok(it_w and int(it_w[-1].split()[3].strip("()")) == stop_n and len(it_w) == 301,
             "insn=%d: recording stops after that instruction" % stop_n, it_w[-1:])

        for opt, value, want in (("--trace-start", "pc=xyz", "--trace-start 'pc=xyz': expected pc=ADDR, el=N, ec=N "
                                  "or insn=N"),
                                 ("--trace-stop", "el=4", "--trace-stop 'el=4': the EL must be 0 to 3"),
                                 ("--trace-stop", "ec=0x40", "the exception class must be 0 to 63"),
                                 ("--trace-start", "when=1", "expected pc=ADDR"),
                                 ("--trace-what", "insns,bogus", "unknown item 'bogus'")):
            p = run([tetrarch, "run", "-q", "--kernel", dcc, "--tarmac", os.path.join(d, "x"), opt, value])
            err = text(p.stderr)
            c.ok(p.returncode == 2 and want in err and err.count("\n") == 1, "%s %s: usage error" % (opt, value),
                 "exit %d: %s" % (p.returncode, err.strip()))
        p = run([tetrarch, "run", "-q", "--kernel", dcc, "--trace-start", "el=1"])
        c.ok(p.returncode == 2 and "needs --tarmac FILE or --trace FILE" in text(p.stderr),
             "--trace-start without an output: usage error", text(p.stderr).strip())


# ---- summary ----

def parse_summary(out):
    sections, cur = {}, None
    for line in out.splitlines():
        if line and not line.startswith(" "):
            cur = line
            sections[cur] = []
        elif cur and line.strip():
            sections[cur].append(line.split())
    return sections


def section(sections, prefix):
    for k, v in sections.items():
        if k.startswith(prefix):
            return v[1:]   # less the column titles
    return []


def case_summary(c, tetrarch, dcc):
    with tempfile.TemporaryDirectory() as d:
        stats = os.path.join(d, "stats.json")
        t, b, p = record(tetrarch, dcc, d, "dcc", ["--stats", stats])
        q = run([tetrarch, "trace", "summary", b])
        out = text(q.stdout)
        c.ok(q.returncode == 0 and not q.stderr, "summary of hv-dcc's trace: exit 0, nothing on stderr")
        s = parse_summary(out)
        rows = {tuple(r[:4]): int(r[-1]) for r in section(s, "Transitions by") if r[0].startswith("EL")}
        want = {("EL1", "EL2", "sync", "0x16"): 1, ("EL1", "EL2", "sync", "0x18"): 3,
                ("EL2", "EL1", "eret", "-"): 4, ("EL3", "EL2", "eret", "-"): 1}
        c.ok(rows == want, "transition counts by EC are exact", str(rows))
        rt = {r[3]: r for r in section(s, "Exception round trips")}
        c.ok("0x18" in rt and rt["0x18"][5] == "3" and float(rt["0x18"][6]) > 0,
             "the round-trip table lists EC 0x18 (3 hypercalls) with its average cost", str(rt))
        c.ok("0x16" not in rt, "the exit HVC never returns: no round trip for EC 0x16")
        vec = section(s, "Hottest exception vectors")
        c.ok(vec and vec[0][:4] == ["EL2", "0x400", "LOWER_A64_SYNC", "4"], "hottest vector: EL2 +0x400, 4 times",
             str(vec[:1]))
        st = json.load(open(stats))
        per_el = {r[0]: (int(r[1]), int(r[2])) for r in section(s, "Instructions and cycles per EL")}
        want_el = {"EL%d" % el: (st["instructions"]["el%d" % el], st["cycles"]["el%d" % el]) for el in range(4)}
        c.ok(per_el == want_el, "instructions and cycles per EL equal --stats", "%s vs %s" % (per_el, want_el))
        vm = {r[0]: int(r[1]) for r in section(s, "Per VMID")}
        c.ok(sum(vm.values()) == st["instructions"]["total"] and vm.get("EL2/EL3") == want_el["EL2"][0] + want_el["EL3"][0],
             "the VMID table accounts for every instruction", str(vm))

        # The same numbers from a transitions-only trace (the fast loop) and from Tarmac text.
        _, b2, _ = record(tetrarch, dcc, d, "tonly", ["--trace-what", "transitions"], tarmac=False)
        q2 = run([tetrarch, "trace", "summary", b2])
        s2 = parse_summary(text(q2.stdout))
        for sec in ("Transitions by", "Instructions and cycles per EL", "Per VMID", "Exception round trips"):
            c.ok(section(s2, sec) == section(s, sec), "transitions-only trace: same '%s' table" % sec)
        q3 = run([tetrarch, "trace", "summary", t])
        s3 = parse_summary(text(q3.stdout))
        c.ok(q3.returncode == 0 and section(s3, "Transitions by") == section(s, "Transitions by"),
             "summary of the Tarmac file: same transition table", text(q3.stderr))


# ---- chrome ----

def case_chrome(c, tetrarch, dcc, smp):
    with tempfile.TemporaryDirectory() as d:
        for name, elf, extra, status, ncpu in (("dcc", dcc, [], (0,), 1), ("smp", smp, SMP_ARGS, (4,), 2)):
            _, b, _ = record(tetrarch, elf, d, name, extra, tarmac=False, ok_status=status)
            j = os.path.join(d, name + ".json")
            p = convert(tetrarch, b, "chrome", j)
            try:
                doc = json.load(open(j))
            except (OSError, ValueError) as e:
                c.ok(False, "%s: Chrome JSON loads" % name, str(e))
                continue
            ev = doc["traceEvents"]
            c.ok(p.returncode == 0, "%s: Chrome JSON loads with json.load (%d events)" % (name, len(ev)))
            names = {e["tid"]: e["args"]["name"] for e in ev if e.get("ph") == "M" and e["name"] == "thread_name"}
            c.ok(names == {i: "cpu%d" % i for i in range(ncpu)}, "%s: one named track per core" % name, str(names))
            xs = [e for e in ev if e.get("ph") == "X"]
            ok = bool(xs)
            for tid in range(ncpu):
                mine = sorted((e for e in xs if e["tid"] == tid), key=lambda e: e["ts"])
                ok = ok and bool(mine) and all(e["dur"] >= 0 and re.match(r"EL[0-3]", e["name"]) for e in mine)
                ok = ok and all(a["ts"] + a["dur"] <= bz["ts"] + 1e-6 for a, bz in zip(mine, mine[1:]))
            c.ok(ok, "%s: each track is a sequence of EL slices that do not overlap" % name)
            inst = [e for e in ev if e.get("ph") == "i"]
            if name == "dcc":
                kinds = sorted(e["name"] for e in inst)
                c.ok(kinds == ["ERET"] * 5 + ["HVC64"] + ["SYSREG"] * 3, "dcc: an instant event per exception and "
                     "return", str(kinds))
                els = [e["name"] for e in sorted(xs, key=lambda e: e["ts"])]
                c.ok(els[:3] == ["EL3 Secure", "EL2", "EL1"], "dcc: EL3, then EL2, then EL1", str(els[:3]))


# ---- filter ----

def it_lines(path):
    return [l for l in tarmac_lines(path) if re.search(r" I[TS] \(", l)]


def per_el(stdout):
    """[(instructions, cycles)] for EL0-EL3 from a summary, or None."""
    rows = re.findall(r"^  EL([0-3])\s+(\d+)\s+(\d+)$", text(stdout), re.M)
    return [(int(i), int(cy)) for _, i, cy in rows[:4]] if len(rows) >= 4 else None


def case_filter(c, tetrarch, dcc, smp):
    with tempfile.TemporaryDirectory() as d:
        t, b, _ = record(tetrarch, dcc, d, "dcc")
        full = it_lines(t)

        def filtered(name, args, trace=b):
            out = os.path.join(d, name + ".trace")
            p = run([tetrarch, "trace", "filter", trace] + args + ["-o", out])
            conv = os.path.join(d, name + ".tarmac")
            q = convert(tetrarch, out, "tarmac", conv)
            if p.returncode or q.returncode:
                print("note: filter %s: %s %s" % (args, text(p.stderr), text(q.stderr)))
            return p.returncode, conv

        rc, conv = filtered("el1", ["--el", "1"])
        got = it_lines(conv)
        want = [l for l in full if " O EL1" in l]
        c.ok(rc == 0 and got == want and len(want) > 1000, "--el 1 keeps exactly the EL1 instructions (%d)" % len(want))
        text_el1 = tarmac_lines(conv)
        c.ok(any(" R X" in l for l in text_el1) and any(" MW" in l or " MR" in l for l in text_el1),
             "--el 1 keeps their register and memory lines")

        pcs = [int(l.split()[4], 16) for l in full]
        lo, hi = sorted(pcs)[len(pcs) // 3], sorted(pcs)[len(pcs) // 2]
        rc, conv = filtered("pc", ["--pc-range", "0x%x-0x%x" % (lo, hi)])
        want = [l for l in full if lo <= int(l.split()[4], 16) <= hi]
        c.ok(rc == 0 and it_lines(conv) == want and want, "--pc-range keeps the instructions in the range")

        ts = [int(l.split()[0]) for l in full]
        a, z = ts[len(ts) // 4], ts[len(ts) // 2]
        rc, conv = filtered("cyc", ["--from", str(a), "--to", str(z)])
        want = [l for l in full if a <= int(l.split()[0]) <= z]
        c.ok(rc == 0 and it_lines(conv) == want and want, "--from/--to keep the instructions in the cycle window")

        t2, b2, _ = record(tetrarch, smp, d, "smp", SMP_ARGS, ok_status=(4,))
        rc, conv = filtered("cpu1", ["--cpu", "1"], b2)
        lines = tarmac_lines(conv)
        want = [l for l in tarmac_lines(t2) if " cpu1 " in l]
        c.ok(rc == 0 and lines == want and want, "--cpu 1 keeps exactly core 1's lines (%d)" % len(want))

        # Per-EL counts of a filtered trace are those of the instructions it keeps.
        full_el = per_el(run([tetrarch, "trace", "summary", b]).stdout)
        for el in range(4):
            out = os.path.join(d, "only-el%d.trace" % el)
            p = run([tetrarch, "trace", "filter", b, "--el", str(el), "-o", out])
            q = run([tetrarch, "trace", "summary", out])
            got = per_el(q.stdout)
            kept = len([l for l in full if " O EL%d" % el in l])
            c.ok(p.returncode == 0 and q.returncode == 0 and got is not None and got[el][0] == kept
                 and all(got[e] == (0, 0) for e in range(4) if e != el) and b"filtered" in q.stdout,
                 "summary of filter --el %d: EL%d has the %d kept instructions, the other ELs none" % (el, el, kept),
                 "%s (unfiltered %s) %s" % (got, full_el, text(q.stderr)))
        out = os.path.join(d, "window.trace")
        ts = [int(l.split()[0]) for l in full]
        a, z = ts[len(ts) // 4], ts[len(ts) // 2]
        run([tetrarch, "trace", "filter", b, "--from", str(a), "--to", str(z), "-o", out])
        got = per_el(run([tetrarch, "trace", "summary", out]).stdout)
        c.ok(got is not None and sum(n for n, _ in got) == len([t for t in ts if a <= t <= z])
             and sum(cy for _, cy in got) <= z - a,
             "summary of filter --from/--to: the window's instructions, at most its cycles", str(got))

        for args, what in ((["--el", "1"], "missing -o"), (["--cpu", "9", "-o", os.path.join(d, "x")], "--cpu 9"),
                           (["--pc-range", "5-1", "-o", os.path.join(d, "x")], "--pc-range 5-1"),
                           (["--bogus", "1", "-o", os.path.join(d, "x")], "unknown option")):
            p = run([tetrarch, "trace", "filter", b] + args)
            c.ok(p.returncode == 2 and text(p.stderr).count("\n") == 1, "filter %s: usage error" % what,
                 "exit %d: %s" % (p.returncode, text(p.stderr)))


# ---- cli ----

def case_cli(c, tetrarch, dcc):
    with tempfile.TemporaryDirectory() as d:
        p = run([tetrarch, "trace", "help"])
        c.ok(p.returncode == 0 and b"summary" in p.stdout and b"filter" in p.stdout, "tetrarch trace help")
        for args in (["summary", "--help"], ["convert", "--help"], ["filter", "--help"], ["filter", "-h"],
                     ["summary", "x.trace", "--help"], ["--help"]):
            p = run([tetrarch, "trace"] + args)
            c.ok(p.returncode == 0 and b"usage: tetrarch trace" in p.stdout and not p.stderr,
                 "tetrarch trace %s: usage on stdout, exit 0" % " ".join(args), "exit %d: %s" % (p.returncode, text(p.stderr)))
        for args in (["help"], ["--help"], ["-h"], ["run", "--help"]):
            p = run([tetrarch] + args)
            c.ok(p.returncode == 0 and b"usage: tetrarch run" in p.stdout and b"only 1 for now" not in p.stdout,
                 "tetrarch %s: usage, exit 0" % " ".join(args), "exit %d" % p.returncode)
        for args, status, want in (([], 2, "missing subcommand"), (["frob"], 2, "unknown subcommand 'frob'"),
                                   (["summary"], 2, "missing FILE"), (["convert", "x.trace"], 2, "missing --to"),
                                   (["convert", "x.trace", "--to", "xml"], 2, "expected tarmac or chrome"),
                                   (["summary", os.path.join(d, "none")], 3, "No such file")):
            p = run([tetrarch, "trace"] + args)
            err = text(p.stderr)
            c.ok(p.returncode == status and want in err and err.count("\n") == 1,
                 "tetrarch trace %s: exit %d" % (" ".join(args), status), "exit %d: %s" % (p.returncode, err))
        t, b, _ = record(tetrarch, dcc, d, "dcc")
        p = run([tetrarch, "trace", "convert", t, "--to", "tarmac"])
        c.ok(p.returncode == 3 and b"needs a binary trace" in p.stderr, "convert --to tarmac of Tarmac: error")
        j = os.path.join(d, "t.json")
        p = convert(tetrarch, t, "chrome", j)
        c.ok(p.returncode == 0 and json.load(open(j))["traceEvents"], "convert --to chrome of a Tarmac file")
        p = run([tetrarch, "trace", "convert", b, "--to", "tarmac"])
        c.ok(p.returncode == 0 and p.stdout == read(t), "convert writes to standard output without -o")
        p = run([tetrarch, "trace", "convert", b, "--to", "tarmac", "-o", os.path.join(d, "no", "such", "dir")])
        c.ok(p.returncode == 6 and b"cannot create" in p.stderr, "an output that cannot be created: exit 6")
        p = run([tetrarch, "run", "-q", "--kernel", dcc, "--trace", os.path.join(d, "no", "dir", "t")])
        c.ok(p.returncode == 6 and b"cannot create" in p.stderr, "run --trace into a missing directory: exit 6",
             text(p.stderr))


def case_many_ids(c, tetrarch, gen):
    with tempfile.TemporaryDirectory() as d:
        n = 200000
        b = os.path.join(d, "ids.trace")
        g = run([gen, b, str(n)])
        c.ok(g.returncode == 0, "generated a trace with %d distinct ASIDs" % n, text(g.stderr))
        q = run([tetrarch, "trace", "summary", b])
        s = parse_summary(text(q.stdout))
        # Besides the IDs, one "none" row: the core's state before its first context record.
        asids = [r for r in section(s, "Per ASID") if r[0] != "none"]
        vmids = [r for r in section(s, "Per VMID") if r[0] != "none"]
        c.ok(q.returncode == 0 and len(asids) == n, "every ASID has its row (%d)" % len(asids), text(q.stderr)[:300])
        c.ok(len(vmids) == 65536, "VMIDs repeat past 65536: 65536 rows (%d)" % len(vmids))
        c.ok(all(r[1:3] == ["1", "2"] for r in asids[:-1]) and sum(int(r[1]) for r in asids) == n,
             "each ASID ran one instruction in 2 cycles", str([r for r in asids if r[1:3] != ["1", "2"]][:3]))


CASES = {"many-ids": case_many_ids, "golden": case_golden, "parse": case_parse, "roundtrip": case_roundtrip, "truncated": case_truncated,
         "sigkill": case_sigkill, "triggers": case_triggers, "summary": case_summary, "chrome": case_chrome,
         "filter": case_filter, "cli": case_cli, "version1": case_version1}


def main():
    if len(sys.argv) < 3 or sys.argv[1] not in CASES:
        print(__doc__)
        return 2
    c = Checks()
    CASES[sys.argv[1]](c, *sys.argv[2:])
    return c.done()


if __name__ == "__main__":
    sys.exit(main())
