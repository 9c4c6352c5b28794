#!/usr/bin/env python3
# SPDX-License-Identifier: MIT
# The gdb stub at the packet level, over a raw socket: garbage, bad checksums, oversized and
# malformed packets get NAKs or error replies and the stub keeps answering; the target
# description, threads, registers, memory, breakpoints, Ctrl-C, kill, and attaching to (and
# detaching from) a guest that is already running.
# Usage: test_protocol.py TETRARCH EL_TOUR_ELF SPIN_ELF
import re
import socket
import subprocess
import sys
import time
import xml.etree.ElementTree as ET

tetrarch, el_tour, spin = sys.argv[1:4]
passed = failed = 0


def check(name, ok, detail=""):
    global passed, failed
    if ok:
        passed += 1
    else:
        failed += 1
        print(f"FAIL: {name} {detail}")


def start(elf, wait):
    args = [tetrarch, "run", "-q", "--kernel", elf, "--gdb", "127.0.0.1:0"] + (["--gdb-wait"] if wait else [])
    p = subprocess.Popen(args, stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    line = p.stderr.readline().decode()
    m = re.search(r"listening on 127\.0\.0\.1:(\d+)", line)
    if not m:
        p.kill()
        sys.exit(f"FAIL: no listening line: {line!r}")
    return p, int(m.group(1))


def frame(data: bytes) -> bytes:
    return b"$" + data + b"#%02x" % (sum(data) & 0xFF)


def le64(v):
    return v.to_bytes(8, "little").hex().encode()


class Client:
    def __init__(self, port):
        self.s = socket.create_connection(("127.0.0.1", port), timeout=10)
        self.buf = b""
        self.ack = True

    def byte(self):
        while not self.buf:
            d = self.s.recv(65536)
            if not d:
                raise EOFError("connection closed")
            self.buf += d
        b, self.buf = self.buf[:1], self.buf[1:]
        return b

    def reply(self):
        """The next packet's payload (acks and noise before it are skipped), acknowledged."""
        while self.byte() != b"$":
            pass
        data = b""
        while (b := self.byte()) != b"#":
            data += b
        csum = self.byte() + self.byte()
        if int(csum, 16) != sum(data) & 0xFF:
            raise ValueError(f"bad checksum from the stub: {data!r}")
        if self.ack:
            self.s.sendall(b"+")
        return data

    def cmd(self, data):
        """Send a packet; return the reply, with console output (O packets) collected."""
        self.s.sendall(frame(data))
        self.console = b""
        while True:
            r = self.reply()
            if r.startswith(b"O") and r != b"OK":
                self.console += bytes.fromhex(r[1:].decode())
                continue
            return r

    def close(self):
        self.s.close()


def monitor(c, text):
    r = c.cmd(b"qRcmd," + text.encode().hex().encode())
    return r, c.console.decode()


# ---------------- Hostile input, then everything still works ----------------
p, port = start(el_tour, True)
c = Client(port)

c.s.sendall(b"hello\x00\xff\x03}}##+-")          # noise outside packets: ignored
c.s.sendall(b"$g#00")                            # bad checksum: NAK
check("bad checksum NAK", c.byte() == b"-")
c.s.sendall(b"$g#zz")                            # checksum not hex: NAK
check("non-hex checksum NAK", c.byte() == b"-")
r = c.cmd(b"qSupported:multiprocess+;swbreak+;hwbreak+;vContSupported+")
check("qSupported", r == b"PacketSize=4000;qXfer:features:read+;swbreak+;hwbreak+;vContSupported+;QStartNoAckMode+",
      repr(r))
check("oversized packet", c.cmd(b"m" * 20000) == b"E01")
c.s.sendall(b"$garbage" + frame(b"?"))            # a packet cut short by a new one
check("packet cut by '$'", c.reply() == b"T05thread:1;")

bad = [b"mzz,4", b"m40000000", b"m40000000,", b"m40000000,4x", b"m11111111111111111,4", b"p1000", b"pzz",
       b"p", b"P0=12", b"P0=001122334455667788", b"P0=zz11223344556677", b"P21=0011", b"P5000=00", b"G00",
       b"G" + b"0" * 535, b"Z0,zz,4", b"Z9,0,4", b"Z2,40000000,0", b"Z2,ffffffffffffffff,2", b"Z0,4000,4,5",
       b"Hg99", b"Hx1", b"Hg", b"T99", b"T-1", b"qRcmd,zzz", b"qRcmd,6", b"qRcmd,00", b"vCont;x", b"vCont;s:99",
       b"vCont", b"vCont;", b"X40000000,4:ab", b"X40000000,1:ab", b"M40000000,4:0011", b"M40000000,1:zz",
       b"qThreadExtraInfo,99", b"qXfer:features:read:target.xml:zz", b"Cxx", b"c12345678901234567", b"sq"]
for pk in bad:
    r = c.cmd(pk)
    check(f"error reply to {pk[:40]!r}", r == b"E01", repr(r))
for pk in [b"m0009000000,4", b"M09000000,4:41424344", b"X09000000,1:A", b"mffff000000000000,8"]:
    r = c.cmd(pk)
    check(f"E14 for {pk!r}", r == b"E14", repr(r))
for pk in [b"Qbogus", b"vMustReplyEmpty", b"bxyz", b"qOffsets", b"!", b"qXfer:bogus:read::0,10"]:
    check(f"empty reply to {pk!r}", c.cmd(pk) == b"", "")
check("Secure RAM from EL3", c.cmd(b"m0e000000,4") == b"00000000")
check("qXfer other annex", c.cmd(b"qXfer:features:read:other.xml:0,100") == b"E00")

# The session, after all that.
check("stop reason", c.cmd(b"?") == b"T05thread:1;")
g = c.cmd(b"g")
check("g length", len(g) == 2 * (33 * 8 + 4), str(len(g)))
check("g pc", g[32 * 16:33 * 16] == le64(0x40000000), repr(g[32 * 16:33 * 16]))
check("g cpsr", g[33 * 16:] == b"cd030000", repr(g[33 * 16:]))
check("P x5", c.cmd(b"P5=" + le64(0x1122334455667788)) == b"OK")
check("p x5", c.cmd(b"p5") == le64(0x1122334455667788))
check("G round trip", c.cmd(b"G" + c.cmd(b"g")) == b"OK")
check("p x5 after G", c.cmd(b"p5") == le64(0x1122334455667788))
check("m code", c.cmd(b"m40000000,4") == b"a00038d5")     # mrs x0, mpidr_el1
check("M and m", c.cmd(b"M40080018,8:" + le64(0xABCD)) == b"OK" and c.cmd(b"m40080018,8") == le64(0xABCD))
# X with the escaped bytes '#', '$', '}' and a plain 'A'.
check("X binary", c.cmd(b"X40080018,4:}\x03}\x04}]A") == b"OK")
check("X escaped bytes", c.cmd(b"m40080018,4") == b"23247d41")
check("X probe", c.cmd(b"X40080018,0:") == b"OK")
check("threads", c.cmd(b"qfThreadInfo") == b"m1" and c.cmd(b"qsThreadInfo") == b"l")
check("thread alive", c.cmd(b"T1") == b"OK")
check("extra info", bytes.fromhex(c.cmd(b"qThreadExtraInfo,1").decode()) == b"cpu0 EL3h S")
check("attached", c.cmd(b"qAttached") == b"1")
r, out = monitor(c, "el")
check("monitor el", r == b"OK" and out == "* cpu0: EL3h S  pc 0x0000000040000000\n", repr(out))
r, out = monitor(c, "frobnicate")
check("monitor unknown", r == b"OK" and out == "unknown monitor command 'frobnicate' (try: monitor help)\n", out)

# The target description, read in small pieces as gdb may.
xml, off = b"", 0
while True:
    r = c.cmd(b"qXfer:features:read:target.xml:%x,%x" % (off, 0x333))
    body = re.sub(rb"}(.)", lambda m: bytes([m.group(1)[0] ^ 0x20]), r[1:])
    xml += body
    off += len(body)
    if r[:1] == b"l":
        break
    check("qXfer chunk", r[:1] == b"m", repr(r[:10]))
root = ET.fromstring(xml)
feats = {f.get("name"): f for f in root.iter("feature")}
core = [(r.get("name"), r.get("bitsize")) for r in feats["org.gnu.gdb.aarch64.core"].iter("reg")]
check("core registers", core == [(f"x{i}", "64") for i in range(31)] + [("sp", "64"), ("pc", "64"), ("cpsr", "32")],
      repr(core))
# The FPU feature with the numbers gdb's aarch64 target expects: v0-v31 34-65, fpsr 66, fpcr 67.
fpu = [(r.get("name"), r.get("bitsize"), int(r.get("regnum"))) for r in feats["org.gnu.gdb.aarch64.fpu"].iter("reg")]
check("fpu registers", fpu == [(f"v{i}", "128", 34 + i) for i in range(32)] + [("fpsr", "32", 66), ("fpcr", "32", 67)],
      repr(fpu))
check("fpu types", {u.get("id") for u in feats["org.gnu.gdb.aarch64.fpu"].iter("union")} ==
      {"vnd", "vns", "vnh", "vnb", "vnq", "aarch64v"})
v5 = bytes(range(16)).hex().encode()
check("P v5", c.cmd(b"P27=" + v5) == b"OK" and c.cmd(b"p27") == v5)
check("P v5 short", c.cmd(b"P27=" + le64(1)) == b"E01")
check("P fpcr", c.cmd(b"P43=00000003") == b"OK" and c.cmd(b"p43") == b"00000003")  # DN|FZ (bits 25, 24)
check("P fpsr", c.cmd(b"P42=ff000008") == b"OK" and c.cmd(b"p42") == b"9f000008")  # RES0 bits 5, 6 stay 0
check("P fpcr back", c.cmd(b"P43=00000000") == b"OK" and c.cmd(b"P42=00000000") == b"OK")
sysregs = list(feats["org.tetrarch.sysregs"].iter("reg"))
names = [r.get("name") for r in sysregs]
check("sysregs", "hcr_el2" in names and "vttbr_el2" in names and "esr_el2" in names and len(names) > 150 and
      "fpsr" not in names and "fpcr" not in names, str(len(names)))
check("sysreg numbers", [int(r.get("regnum")) for r in sysregs] == list(range(68, 68 + len(names))))
hcr = 68 + names.index("hcr_el2")
check("P hcr_el2", c.cmd(b"P%x=" % hcr + le64(0x80000000)) == b"OK" and c.cmd(b"p%x" % hcr) == le64(0x80000000))
check("P hcr_el2 back", c.cmd(b"P%x=" % hcr + le64(0)) == b"OK")
check("P read-only", c.cmd(b"P%x=" % (68 + names.index("midr_el1")) + le64(5)) == b"E01")
check("p write-only", c.cmd(b"p%x" % (68 + names.index("oslar_el1"))) == b"xxxxxxxxxxxxxxxx")
check("p beyond", c.cmd(b"p%x" % (68 + len(names))) == b"E01")

# NAK: the last packet comes again.
c.s.sendall(frame(b"qC"))
first = c.reply()
c.s.sendall(b"-")
check("NAK resend", first == b"QC1" and c.reply() == b"QC1")

# Breakpoints of both kinds, and a watchpoint.
check("Z1", c.cmd(b"Z1,40000020,4") == b"OK")
check("hwbreak stop", c.cmd(b"vCont;c") == b"T05thread:1;hwbreak:;")
check("z1", c.cmd(b"z1,40000020,4") == b"OK")
check("Z0", c.cmd(b"Z0,40000034,4") == b"OK")
check("swbreak stop", c.cmd(b"c") == b"T05thread:1;swbreak:;")
check("pc at the breakpoint", c.cmd(b"p20") == le64(0x40000034))
check("z0", c.cmd(b"z0,40000034,4") == b"OK" and c.cmd(b"z0,40000034,4") == b"OK")
check("step", c.cmd(b"vCont;s:1") == b"T05thread:1;" and c.cmd(b"p20") == le64(0x40000038))
check("Z2", c.cmd(b"Z2,40080010,8") == b"OK")                     # trap_count: not written
check("Z2 data_word", c.cmd(b"Z2,40080018,8") == b"OK")           # data_word: written at EL1
r = c.cmd(b"c")
check("watch stop", r == b"T05thread:1;watch:40080018;", repr(r))
check("watch pc", c.cmd(b"p20") == le64(0x40000140))
check("z2", c.cmd(b"z2,40080018,8") == b"OK" and c.cmd(b"z2,40080010,8") == b"OK")

# Ctrl-C: the guest spins; 0x03 stops it with SIGINT.
check("P pc", c.cmd(b"P20=" + le64(0x40000180)) == b"OK")             # spin_forever
c.s.sendall(frame(b"vCont;c"))
time.sleep(0.3)
c.s.sendall(b"\x03")
r = c.reply()
check("Ctrl-C", r == b"T02thread:1;", repr(r))
check("pc after Ctrl-C", c.cmd(b"p20") == le64(0x40000180))
c.s.sendall(frame(b"k"))
try:
    p.wait(timeout=10)
except subprocess.TimeoutExpired:
    p.kill()
check("kill exit status", p.returncode == 130, str(p.returncode))
out, err = p.stdout.read(), p.stderr.read()
check("no device side effects", b"A" not in out, repr(out))
check("no sanitizer report", b"runtime error" not in err and b"Sanitizer" not in err, err.decode()[-2000:])
c.close()

# ---------------- Attach to a running guest, then detach ----------------
p, port = start(spin, False)
time.sleep(0.2)
c = Client(port)
c.cmd(b"qSupported")
check("no-ack mode", c.cmd(b"QStartNoAckMode") == b"OK")
c.ack = False
check("attach stop", c.cmd(b"?") == b"T05thread:1;")
pc = int.from_bytes(bytes.fromhex(c.cmd(b"p20").decode()), "little")
x1 = int.from_bytes(bytes.fromhex(c.cmd(b"p1").decode()), "little")
check("attached while running", pc in (0x40000010, 0x40000014) and 0 < x1 < 1 << 40, f"pc {pc:#x} x1 {x1:#x}")
check("shorten the loop", c.cmd(b"P1=" + le64(3)) == b"OK")
check("detach", c.cmd(b"D") == b"OK")
try:
    p.wait(timeout=10)
except subprocess.TimeoutExpired:
    p.kill()
check("exit status after detach", p.returncode == 7, str(p.returncode))
err = p.stderr.read()
check("no sanitizer report", b"runtime error" not in err and b"Sanitizer" not in err, err.decode()[-2000:])
c.close()

print(f"{passed} passed, {failed} failed")
sys.exit(1 if failed else 0)
