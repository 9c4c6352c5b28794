#!/usr/bin/env python3
# SPDX-License-Identifier: MIT
# Checks Tarmac files line by line: every line must be one that Arm's Tarmac Trace Utilities
# (lib/parser.cpp) accept with the meaning we intend, and, with --strict, one of the line
# kinds of tetrarch's dialect (docs/tracing.md) with exact field widths.
"""Usage: tarmac_check.py [--strict] FILE...

Without --strict, a line passes when the Tarmac Trace Utilities' parser would take it
without a parse error: an instruction (IT/IS), a register write (R) whose value has the
width the parser expects for that register, a memory access (M<R|W><size>), an event (E),
or a text-only event of a known type. --strict also requires each line to be one of
tetrarch's line kinds, field for field; per core, timestamps must not decrease and the
instruction counts in brackets must increase. Prints the first problems and a count;
exits 1 when any line fails."""

import re
import sys

# ---- The Tarmac Trace Utilities' rules (lib/parser.cpp, lib/registers.cpp) ----

TIMESTAMP_UNITS = {"clk", "ns", "cs", "cyc", "tic", "ps"}
WORD_CHARS = re.compile(r"[A-Za-z0-9_\-.#]+")
HEX = re.compile(r"[0-9A-Fa-f]+")
REGVALUE = re.compile(r"[0-9A-Fa-f_\-]+")
TEXT_EVENTS = {"CADI", "E", "P", "CACHE", "TTW", "BR", "INFO_EXCEPTION_REASON", "SIGNAL", "EXC"}
# name: (bytes, count); count 1 means a singleton accepted without a number.
REG_PREFIXES = {"r": (4, 16), "w": (4, 31), "x": (8, 31), "wsp": (4, 1), "xsp": (8, 1), "v": (16, 32),
                "q": (16, 32), "d": (8, 32), "s": (4, 32), "psr": (4, 1), "fpscr": (4, 1), "fpcr": (4, 1),
                "fpsr": (4, 1), "vpr": (4, 1)}


def lex(line):
    """Tokens as the parser's lexer makes them: words and single punctuation characters.
    Returns None where it would raise 'Unrecognised token'."""
    toks, i = [], 0
    while i < len(line):
        c = line[i]
        if c.isspace():
            i += 1
        elif c in ":()[],<>":
            toks.append(c)
            i += 1
        else:
            m = WORD_CHARS.match(line, i)
            if not m:
                return toks, i
            toks.append(m.group(0))
            i = m.end()
    return toks, None


def lookup_reg(name):
    """lookup_reg_name: (bytes) of a register the utilities know, or None."""
    m = re.match(r"[^0-9_]*", name)
    prefix, suffix = m.group(0).lower(), name[m.end():]
    if prefix in REG_PREFIXES:
        size, count = REG_PREFIXES[prefix]
        if not suffix and count == 1:
            return size
        if suffix and count > 1 and suffix.isdigit() and int(suffix) < count:
            return size
    if prefix in ("msp", "lr", "cpsr"):
        return 4
    if prefix == "e":
        return 8
    return None


def utilities_accept(line):
    """None when the Tarmac Trace Utilities' parser accepts the line, else why not. Only the
    tokens that the parser actually lexes are lexed here."""
    toks, bad_at = lex(line)
    # The parser lexes lazily; a bad character only matters where it reads tokens, so lex
    # the prefix and check each kind's needs below.
    k = 0
    if not toks:
        return "empty line"
    if toks[0].isdigit():
        k = 1
        if k < len(toks) and toks[k] in TIMESTAMP_UNITS:
            k += 1
    else:
        m = re.match(r"(\d+)(.*)$", toks[0])
        if m and m.group(2) in TIMESTAMP_UNITS:
            k = 1
    if k < len(toks) and toks[k].startswith("cpu"):
        k += 1
    if k >= len(toks):
        return "no event type"
    kind = toks[k]
    rest = toks[k + 1:]
    if kind in ("IT", "IS"):
        # IT (N) ADDR BITS O MODE : disassembly   (the disassembly's first token is lexed)
        if len(rest) < 8 or rest[0] != "(" or not (rest[1].isdigit() or HEX.fullmatch(rest[1])) or rest[2] != ")":
            return "bad bracketed instruction count"
        if not HEX.fullmatch(rest[3]) or not HEX.fullmatch(rest[4]):
            return "bad address or bit pattern"
        if rest[5] != "O":
            return "instruction set state is not O (A64)"
        if not WORD_CHARS.fullmatch(rest[6]) or rest[7] != ":":
            return "bad CPU mode or missing ':'"
        if len(rest) < 9:
            return "no disassembly"
        return None
    if kind == "R":
        if len(rest) < 2 or not WORD_CHARS.fullmatch(rest[0]):
            return "bad register name"
        name, vals = rest[0], rest[1:]
        if name in ("DC", "IC", "TLBI", "AT"):
            return None
        size = lookup_reg(name)
        lname = name.lower()
        special = lname == "cpsr" or lname == "sp" or lname.startswith("sp_") or lname == "fpcr"
        if special:
            if not REGVALUE.fullmatch(vals[0]):
                return "bad register contents"
            digits = vals[0].replace("_", "")
            if lname.startswith("sp") and len(digits) not in (8, 16):
                return "SP value is neither 32 nor 64 bits"
            return None
        if size is None:
            return None   # an unknown (system) register: ignored by the utilities
        digits = ""
        for v in vals:
            if v == ":":
                continue
            if not REGVALUE.fullmatch(v):
                return "bad register contents"
            digits += v.replace("_", "")
        if len(digits) != 2 * size:
            return "register %s takes %d hex digits, got %d" % (name, 2 * size, len(digits))
        return None
    if kind.startswith("M") or kind in ("R01", "R02", "R04", "R08", "W01", "W02", "W04", "W08"):
        m = re.fullmatch(r"M([RW])(\d+)", kind)
        if not m:
            return "bad memory access kind"
        if len(rest) < 4 or not HEX.fullmatch(rest[0]) or rest[1] != ":":
            return "bad memory address"
        if not re.fullmatch(r"[0-9A-Fa-f]+(_S|_NS)?", rest[2]):
            return "bad physical address"
        if not HEX.fullmatch(rest[3].replace("_", "")):
            return "bad memory contents"
        if len(rest[3].replace("_", "")) > 16:
            return "memory contents wider than 64 bits"
        return None
    if kind == "E":
        if not rest:
            return "E without a value"
        return None
    if kind == "Tarmac":
        return None
    if kind in TEXT_EVENTS:
        return None
    return "unknown event type '%s'" % kind


# ---- tetrarch's dialect, strictly ----

TS = r"(?P<ts>0|[1-9]\d*) clk (?:cpu(?P<cpu>0|[1-9]\d*) )?"
MODE = r"EL[0-3][ht]_n?s"
ELSEC = r"EL[0-3]_n?s"
ADDR = r"(?:[0-9a-f]{8}|[0-9a-f]{16})"
STRICT = [
    ("insn", re.compile(TS + r"(?P<k>IT|IS) \((?P<n>[1-9]\d*)\) (?P<pc>" + ADDR + r") [0-9a-f]{8} O (?P<mode>"
                        + MODE + r") : (?P<dis>[a-z0-9.]+(?: {1,8}\S.*)?)$")),
    ("xreg", re.compile(TS + r"R X(?:[0-9]|[12][0-9]|30) [0-9A-F]{16}$")),
    ("vreg", re.compile(TS + r"R q(?:[0-9]|[12][0-9]|3[01]) [0-9A-F]{32}$")),
    ("sp", re.compile(TS + r"R SP_EL[0-3] [0-9A-F]{16}$")),
    ("cpsr", re.compile(TS + r"R cpsr [0-9a-f]{8}$")),
    ("sysreg", re.compile(TS + r"R (?P<name>[A-Z][A-Za-z0-9_]*) (?P<v>[0-9a-f]{16}|[0-9a-f]{8})$")),
    ("mem", re.compile(TS + r"M[RW](?P<size>[1248]) " + ADDR + r":(?:[0-9a-f]{12}|[0-9a-f]{16}) "
                       r"(?P<v>[0-9a-f]{8}_[0-9a-f]{8}|[0-9a-f]{2,8})$")),
    ("exception", re.compile(TS + r"E [0-9a-f]{16} [0-9a-f]{5}[0-9a-f]{3} CoreEvent_(?:CURRENT_SP0|CURRENT_SPx|"
                             r"LOWER_A64|LOWER_A32)_(?:SYNC|IRQ|FIQ|SERROR) ec=0x[0-9a-f]{2} iss=0x[0-9a-f]{7} "
                             r"far=0x[0-9a-f]{16} from=" + ELSEC + " to=" + ELSEC + "$")),
    ("eret", re.compile(TS + r"E [0-9a-f]{16} 00000000 CoreEvent_ERET from=" + ELSEC + " to=" + ELSEC + "$")),
]


def strict_kind(line):
    for kind, rx in STRICT:
        m = rx.match(line)
        if m:
            return kind, m
    return None, None


def check_file(path, strict):
    problems, counts, lines = [], {}, 0
    last_ts, last_n = {}, {}
    with open(path, encoding="ascii", errors="replace") as f:
        for lineno, raw in enumerate(f, 1):
            lines += 1
            if not raw.endswith("\n"):
                problems.append((lineno, "no newline at the end", raw))
            line = raw.rstrip("\n")
            why = utilities_accept(line)
            if why:
                problems.append((lineno, "Tarmac Trace Utilities: " + why, line))
                continue
            if not strict:
                continue
            kind, m = strict_kind(line)
            if not kind:
                problems.append((lineno, "not a line of tetrarch's dialect", line))
                continue
            counts[kind] = counts.get(kind, 0) + 1
            cpu, ts = m.group("cpu"), int(m.group("ts"))
            if ts < last_ts.get(cpu, 0):
                problems.append((lineno, "timestamp goes back on this core", line))
            last_ts[cpu] = ts
            if kind == "insn":
                n = int(m.group("n"))
                if n <= last_n.get(cpu, 0):
                    problems.append((lineno, "instruction count does not increase", line))
                last_n[cpu] = n
            elif kind == "sysreg":
                name, v = m.group("name"), m.group("v")
                want = 8 if name in ("FPCR", "FPSR") else 16
                if len(v) != want or lookup_reg(name) is not None and name not in ("FPCR", "FPSR"):
                    problems.append((lineno, "system register written with the wrong width or as a core register",
                                     line))
            elif kind == "mem":
                size, v = int(m.group("size")), m.group("v")
                if len(v.replace("_", "")) != 2 * size or (size == 8) != ("_" in v):
                    problems.append((lineno, "memory value does not match the access size", line))
    cpus = set(last_ts) if strict else set()
    if strict and len(cpus) > 1 and None in cpus:
        problems.append((0, "some lines have cpuN and some do not", ""))
    return lines, counts, problems


def main():
    args = sys.argv[1:]
    strict = False
    if args and args[0] == "--strict":
        strict = True
        args = args[1:]
    if not args:
        print(__doc__)
        return 2
    failed = 0
    for path in args:
        lines, counts, problems = check_file(path, strict)
        for lineno, why, line in problems[:10]:
            print("%s:%d: %s: %s" % (path, lineno, why, line))
        if problems:
            failed += 1
            print("FAIL: %s: %d of %d lines rejected" % (path, len(problems), lines))
        else:
            kinds = ", ".join("%d %s" % (counts[k], k) for k in sorted(counts))
            print("ok: %s: %d lines%s" % (path, lines, " (" + kinds + ")" if kinds else ""))
        if strict and not problems and not counts.get("insn") and lines:
            print("note: %s has no instruction lines" % path)
    print("%d passed, %d failed" % (len(args) - failed, failed))
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
