#!/usr/bin/env python3
# SPDX-License-Identifier: MIT
# Random FP/Advanced SIMD/Crypto block generator for the QEMU differential test (stdlib only).
"""Emit an assembly file of random FP, Advanced SIMD and Crypto instructions for tests/diff/.

Same frame as gen.py (linked with diff_main.c; QEMU runs it with -cpu max): each block loads
x0-x30, NZCV, V0-V31 (random special values: signed zeros, infinities, quiet and signalling
NaNs with payloads, denormals, extreme normals, in half, single and double lanes), a random
FPCR (rounding mode, FZ, FZ16, DN, AHP), clears FPSR, runs --block-len random instructions and
calls diff_block_end, which hashes x0-x30, NZCV, the scratch memory, V0-V31 and FPSR.

Only instructions a Cortex-A55 has (Armv8.2 FP16, RDM, DotProd, AES/SHA1/SHA2/PMULL) and that
QEMU's -cpu max implements. x28 is the scratch base and is never written; loads and stores use
aligned offsets, because with the MMU off memory is Device memory.
"""

import argparse

import gen as intgen

SCRATCH_SIZE = intgen.SCRATCH_SIZE
XDEST = [r for r in range(28)]          # X registers instructions may write (not x28-x30)


def f16_specials():
    return [0x0000, 0x8000, 0x7c00, 0xfc00, 0x7e00, 0x7d01, 0xfe55, 0x0001, 0x03ff, 0x0400, 0x7bff,
            0xfbff, 0x3c00, 0xbc00, 0x3555, 0x3800, 0x4000, 0x3bff]


def f32_specials():
    return [0x00000000, 0x80000000, 0x7f800000, 0xff800000, 0x7fc00000, 0x7f800001, 0xffc12345,
            0x7fa00000, 0x00000001, 0x007fffff, 0x00800000, 0x7f7fffff, 0xff7fffff, 0x3f800000,
            0xbf800000, 0x3eaaaaab, 0x3f000000, 0x4f000000, 0xcf000000, 0x4effffff, 0x5f000000,
            0x3f7fffff, 0x3fc00000, 0x40490fdb]


def f64_specials():
    return [0, 1 << 63, 0x7ff0000000000000, 0xfff0000000000000, 0x7ff8000000000000,
            0x7ff0000000000001, 0xfff8000000abcdef, 0x7ff4000000000000, 1, 0x000fffffffffffff,
            0x0010000000000000, 0x7fefffffffffffff, 0xffefffffffffffff, 0x3ff0000000000000,
            0xbff0000000000000, 0x3fd5555555555555, 0x3fe0000000000000, 0x43e0000000000000,
            0xc3e0000000000000, 0x41dfffffffc00000, 0x3fefffffffffffff, 0x400921fb54442d18,
            0x3810000000000000, 0x3690000000000000]


class FpGen(intgen.Gen):
    def vreg_value(self):
        """128 bits built from lanes of one size, each a special value or random bits."""
        r = self.r.random()
        if r < 0.3:
            size, pool = 64, f64_specials()
        elif r < 0.65:
            size, pool = 32, f32_specials()
        elif r < 0.85:
            size, pool = 16, f16_specials()
        else:
            return self.r.getrandbits(128)
        v = 0
        for i in range(128 // size):
            lane = self.r.choice(pool) if self.r.random() < 0.7 else self.r.getrandbits(size)
            if self.r.random() < 0.2:
                lane ^= self.r.getrandbits(3)      # near a special value
            v |= (lane & ((1 << size) - 1)) << (i * size)
        return v

    def fpcr(self):
        v = self.r.randrange(4) << 22                      # RMode
        for bit in (24, 25, 19, 26):                       # FZ, DN, FZ16, AHP
            if self.r.random() < 0.25:
                v |= 1 << bit
        return v

    # ---- operands -----------------------------------------------------------------------
    def v(self):
        return self.r.randrange(32)

    def x(self, w=False):
        n = self.r.choice(XDEST)
        return ("w%d" if w else "x%d") % n

    def xsrc(self, w=False):
        n = self.r.randrange(31)
        return ("w%d" if w else "x%d") % n

    def ftype(self, half=True):
        return self.r.choice(["h", "s", "d"] if half else ["s", "d"])

    def farr(self, half=True):
        return self.r.choice(["4h", "8h", "2s", "4s", "2d"] if half else ["2s", "4s", "2d"])

    # ---- scalar floating point ------------------------------------------------------------
    def fp_scalar(self, b):
        t = self.ftype()
        d, n, m, a = self.v(), self.v(), self.v(), self.v()
        k = self.r.randrange(9)
        if k == 0:
            op = self.r.choice(["fadd", "fsub", "fmul", "fdiv", "fmax", "fmin", "fmaxnm", "fminnm", "fnmul"])
            b.emit("%s %s%d, %s%d, %s%d" % (op, t, d, t, n, t, m))
        elif k == 1:
            op = self.r.choice(["fmadd", "fmsub", "fnmadd", "fnmsub"])
            b.emit("%s %s%d, %s%d, %s%d, %s%d" % (op, t, d, t, n, t, m, t, a))
        elif k == 2:
            op = self.r.choice(["fabs", "fneg", "fsqrt", "fmov", "frintn", "frintp", "frintm", "frintz",
                                "frinta", "frintx", "frinti"])
            b.emit("%s %s%d, %s%d" % (op, t, d, t, n))
        elif k == 3:
            t2 = self.r.choice([x for x in "hsd" if x != t])
            b.emit("fcvt %s%d, %s%d" % (t2, d, t, n))
        elif k == 4:
            op = self.r.choice(["fcmp", "fcmpe"])
            if self.r.random() < 0.25:
                b.emit("%s %s%d, #0.0" % (op, t, n))
            else:
                b.emit("%s %s%d, %s%d" % (op, t, n, t, m))
        elif k == 5:
            op = self.r.choice(["fccmp", "fccmpe"])
            b.emit("%s %s%d, %s%d, #%d, %s" % (op, t, n, t, m, self.r.randrange(16), self.r.choice(intgen.CONDS)))
        elif k == 6:
            b.emit("fcsel %s%d, %s%d, %s%d, %s" % (t, d, t, n, t, m, self.r.choice(intgen.CONDS)))
        elif k == 7:
            imm = self.r.choice(["1.0", "-2.0", "0.5", "31.0", "0.125", "-1.9375", "3.0"])
            b.emit("fmov %s%d, #%s" % (t, d, imm))
        else:
            self.fp_int(b, t)

    def fp_int(self, b, t):
        w = self.r.random() < 0.5
        k = self.r.randrange(4)
        if k == 0:
            op = self.r.choice(["fcvtns", "fcvtnu", "fcvtps", "fcvtpu", "fcvtms", "fcvtmu", "fcvtzs",
                                "fcvtzu", "fcvtas", "fcvtau"])
            b.emit("%s %s, %s%d" % (op, self.x(w), t, self.v()))
        elif k == 1:
            op = self.r.choice(["scvtf", "ucvtf"])
            b.emit("%s %s%d, %s" % (op, t, self.v(), self.xsrc(w)))
        elif k == 2:
            fb = self.r.randrange(1, 33 if w else 65)
            if self.r.random() < 0.5:
                op = self.r.choice(["fcvtzs", "fcvtzu"])
                b.emit("%s %s, %s%d, #%d" % (op, self.x(w), t, self.v(), fb))
            else:
                op = self.r.choice(["scvtf", "ucvtf"])
                b.emit("%s %s%d, %s, #%d" % (op, t, self.v(), self.xsrc(w), fb))
        else:
            c = self.r.randrange(5)
            if c == 0:
                b.emit("fmov %s, d%d" % (self.x(), self.v()))
            elif c == 1:
                b.emit("fmov d%d, %s" % (self.v(), self.xsrc()))
            elif c == 2:
                b.emit("fmov %s, s%d" % (self.x(True), self.v()))
            elif c == 3:
                b.emit("fmov v%d.d[1], %s" % (self.v(), self.xsrc()))
            else:
                b.emit("fmov %s, v%d.d[1]" % (self.x(), self.v()))

    # ---- Advanced SIMD floating point ----------------------------------------------------------
    def simd_fp(self, b):
        arr = self.farr()
        d, n, m = self.v(), self.v(), self.v()
        k = self.r.randrange(7)
        if k == 0:
            op = self.r.choice(["fadd", "fsub", "fmul", "fdiv", "fmax", "fmin", "fmaxnm", "fminnm", "fmla",
                                "fmls", "fmulx", "fabd", "frecps", "frsqrts", "faddp", "fmaxp", "fminp",
                                "fmaxnmp", "fminnmp", "fcmeq", "fcmge", "fcmgt", "facge", "facgt"])
            b.emit("%s v%d.%s, v%d.%s, v%d.%s" % (op, d, arr, n, arr, m, arr))
        elif k == 1:
            op = self.r.choice(["fabs", "fneg", "fsqrt", "frintn", "frintp", "frintm", "frintz", "frinta",
                                "frintx", "frinti", "frecpe", "frsqrte", "fcvtns", "fcvtnu", "fcvtms", "fcvtmu",
                                "fcvtas", "fcvtau", "fcvtps", "fcvtpu", "fcvtzs", "fcvtzu", "scvtf", "ucvtf"])
            b.emit("%s v%d.%s, v%d.%s" % (op, d, arr, n, arr))
        elif k == 2:
            op = self.r.choice(["fcmeq", "fcmge", "fcmgt", "fcmle", "fcmlt"])
            b.emit("%s v%d.%s, v%d.%s, #0.0" % (op, d, arr, n, arr))
        elif k == 3:
            c = self.r.randrange(5)
            if c == 0:
                b.emit("fcvtn%s v%d.%s, v%d.%s" % (self.r.choice(["", "2"]), d, self.r.choice(["4h", "2s"]), n,
                                                   "4s" if self.r.random() < 0.5 else "2d"))
                # fix the pairing: 4h/8h come from 4s, 2s/4s from 2d
                line = b.lines.pop()
                b.count -= 1
                two = "2" if "fcvtn2" in line else ""
                src = self.r.choice(["4s", "2d"])
                dst = {("4s", ""): "4h", ("4s", "2"): "8h", ("2d", ""): "2s", ("2d", "2"): "4s"}[(src, two)]
                b.emit("fcvtn%s v%d.%s, v%d.%s" % (two, d, dst, n, src))
            elif c == 1:
                two = self.r.choice(["", "2"])
                src = self.r.choice(["4h", "2s"]) if not two else self.r.choice(["8h", "4s"])
                dst = {"4h": "4s", "8h": "4s", "2s": "2d", "4s": "2d"}[src]
                b.emit("fcvtl%s v%d.%s, v%d.%s" % (two, d, dst, n, src))
            elif c == 2:
                b.emit("fcvtxn%s v%d.%s, v%d.2d" % ("2" if self.r.random() < 0.5 else "", d, "4s" if False else "2s", n)
                       if False else "fcvtxn v%d.2s, v%d.2d" % (d, n))
            elif c == 3:
                op = self.r.choice(["fmaxv", "fminv", "fmaxnmv", "fminnmv"])
                a = self.r.choice(["4s", "4h", "8h"])
                t = "s" if a == "4s" else "h"
                b.emit("%s %s%d, v%d.%s" % (op, t, d, n, a))
            else:
                t = self.r.choice(["s", "d", "h"])
                op = self.r.choice(["faddp", "fmaxp", "fminp", "fmaxnmp", "fminnmp"])
                src = {"s": "2s", "d": "2d", "h": "2h"}[t]
                b.emit("%s %s%d, v%d.%s" % (op, t, d, n, src))
        elif k == 4:
            op = self.r.choice(["fmla", "fmls", "fmul", "fmulx"])
            a = self.r.choice(["2s", "4s", "2d", "4h", "8h"])
            et = {"2s": "s", "4s": "s", "2d": "d", "4h": "h", "8h": "h"}[a]
            idx = self.r.randrange({"s": 4, "d": 2, "h": 8}[et])
            mm = self.r.randrange(16) if et == "h" else m
            b.emit("%s v%d.%s, v%d.%s, v%d.%s[%d]" % (op, d, a, n, a, mm, et, idx))
        elif k == 5:
            t = self.ftype()
            op = self.r.choice(["fmulx", "fcmeq", "fcmge", "fcmgt", "facge", "facgt", "fabd", "frecps", "frsqrts"])
            b.emit("%s %s%d, %s%d, %s%d" % (op, t, d, t, n, t, m))
        else:
            a = self.r.choice(["2s", "4s", "2d", "4h", "8h"])
            esz = {"2s": 32, "4s": 32, "2d": 64, "4h": 16, "8h": 16}[a]
            op = self.r.choice(["scvtf", "ucvtf", "fcvtzs", "fcvtzu"])
            b.emit("%s v%d.%s, v%d.%s, #%d" % (op, d, a, n, a, self.r.randrange(1, esz + 1)))

    # ---- Advanced SIMD integer --------------------------------------------------------------
    def simd_int(self, b):
        d, n, m = self.v(), self.v(), self.v()
        arr = self.r.choice(["8b", "16b", "4h", "8h", "2s", "4s"])
        arr64 = self.r.choice(["8b", "16b", "4h", "8h", "2s", "4s", "2d"])
        k = self.r.randrange(12)
        if k == 0:
            op = self.r.choice(["add", "sub", "sqadd", "uqadd", "sqsub", "uqsub", "cmeq", "cmgt", "cmhi",
                                "cmge", "cmhs", "cmtst", "sshl", "ushl", "sqshl", "uqshl", "srshl", "urshl",
                                "sqrshl", "uqrshl"])
            b.emit("%s v%d.%s, v%d.%s, v%d.%s" % (op, d, arr64, n, arr64, m, arr64))
        elif k == 1:
            op = self.r.choice(["mul", "mla", "mls", "shadd", "uhadd", "srhadd", "urhadd", "shsub", "uhsub",
                                "smax", "umax", "smin", "umin", "sabd", "uabd", "saba", "uaba", "addp",
                                "smaxp", "uminp"])
            b.emit("%s v%d.%s, v%d.%s, v%d.%s" % (op, d, arr, n, arr, m, arr))
        elif k == 2:
            op = self.r.choice(["and", "bic", "orr", "orn", "eor", "bsl", "bit", "bif"])
            a = self.r.choice(["8b", "16b"])
            b.emit("%s v%d.%s, v%d.%s, v%d.%s" % (op, d, a, n, a, m, a))
        elif k == 3:
            a = self.r.choice(["4h", "8h", "2s", "4s"])
            op = self.r.choice(["sqdmulh", "sqrdmulh", "sqrdmlah", "sqrdmlsh"])
            b.emit("%s v%d.%s, v%d.%s, v%d.%s" % (op, d, a, n, a, m, a))
        elif k == 4:
            op = self.r.choice(["abs", "neg", "sqabs", "sqneg", "cls", "clz", "cmeq", "cmge", "cmgt", "cmle",
                                "cmlt"])
            if op.startswith("cm"):
                b.emit("%s v%d.%s, v%d.%s, #0" % (op, d, arr64, n, arr64))
            elif op in ("cls", "clz"):
                b.emit("%s v%d.%s, v%d.%s" % (op, d, arr, n, arr))
            else:
                b.emit("%s v%d.%s, v%d.%s" % (op, d, arr64, n, arr64))
        elif k == 5:
            c = self.r.randrange(6)
            if c == 0:
                a = self.r.choice(["8b", "16b"])
                op = self.r.choice(["cnt", "not", "rbit", "rev16", "rev32", "rev64"])
                b.emit("%s v%d.%s, v%d.%s" % (op, d, a, n, a))
            elif c == 1:
                op = self.r.choice(["xtn", "sqxtn", "uqxtn", "sqxtun"])
                src, dst = self.r.choice([("8h", "8b"), ("4s", "4h"), ("2d", "2s")])
                b.emit("%s v%d.%s, v%d.%s" % (op, d, dst, n, src))
            elif c == 2:
                op = self.r.choice(["saddlp", "uaddlp", "sadalp", "uadalp"])
                src, dst = self.r.choice([("16b", "8h"), ("8h", "4s"), ("4s", "2d")])
                b.emit("%s v%d.%s, v%d.%s" % (op, d, dst, n, src))
            elif c == 3:
                op = self.r.choice(["addv", "smaxv", "umaxv", "sminv", "uminv", "saddlv", "uaddlv"])
                a, t, tl = self.r.choice([("16b", "b", "h"), ("8h", "h", "s"), ("4s", "s", "d")])
                b.emit("%s %s%d, v%d.%s" % (op, tl if "l" in op[-3:-1] or op.endswith("lv") else t, d, n, a))
            elif c == 4:
                b.emit("urecpe v%d.%s, v%d.%s" % (d, "4s", n, "4s"))
            else:
                b.emit("ursqrte v%d.2s, v%d.2s" % (d, n))
        elif k == 6:
            c = self.r.randrange(7)
            a, esz = self.r.choice([("8b", 8), ("16b", 8), ("4h", 16), ("8h", 16), ("2s", 32), ("4s", 32), ("2d", 64)])
            if c == 0:
                op = self.r.choice(["sshr", "ushr", "ssra", "usra", "srshr", "urshr", "srsra", "ursra", "sri"])
                b.emit("%s v%d.%s, v%d.%s, #%d" % (op, d, a, n, a, self.r.randrange(1, esz + 1)))
            elif c == 1:
                op = self.r.choice(["shl", "sli", "sqshl", "uqshl", "sqshlu"])
                b.emit("%s v%d.%s, v%d.%s, #%d" % (op, d, a, n, a, self.r.randrange(esz)))
            elif c == 2:
                op = self.r.choice(["shrn", "rshrn", "sqshrn", "uqshrn", "sqrshrn", "uqrshrn", "sqshrun", "sqrshrun"])
                src, dst, e = self.r.choice([("8h", "8b", 8), ("4s", "4h", 16), ("2d", "2s", 32)])
                b.emit("%s v%d.%s, v%d.%s, #%d" % (op, d, dst, n, src, self.r.randrange(1, e + 1)))
            elif c == 3:
                op = self.r.choice(["sshll", "ushll"])
                src, dst, e = self.r.choice([("8b", "8h", 8), ("4h", "4s", 16), ("2s", "2d", 32)])
                b.emit("%s v%d.%s, v%d.%s, #%d" % (op, d, dst, n, src, self.r.randrange(e)))
            elif c == 4:
                op = self.r.choice(["sshr", "ushr", "srshr", "shl", "sqshl", "uqshl"])
                sh = self.r.randrange(1, 64) if op != "shl" else self.r.randrange(64)
                b.emit("%s d%d, d%d, #%d" % (op, d, n, sh))
            elif c == 5:
                op = self.r.choice(["movi", "mvni"])
                imm = self.r.randrange(256)
                at = self.r.choice(["4h", "8h", "2s", "4s"])
                sh = self.r.choice([0, 8]) if "h" in at else self.r.choice([0, 8, 16, 24])
                b.emit("%s v%d.%s, #%d, lsl #%d" % (op, d, at, imm, sh))
            else:
                b.emit("movi v%d.2d, #0x%016x" % (d, int("".join(self.r.choice(["ff", "00"]) for _ in range(8)), 16)))
        elif k == 7:
            op = self.r.choice(["saddl", "uaddl", "ssubl", "usubl", "smull", "umull", "smlal", "umlal", "sabdl",
                                "uabdl", "sqdmull", "sqdmlal"])
            src, dst = self.r.choice([("8b", "8h"), ("4h", "4s"), ("2s", "2d")])
            if op.startswith("sqd") and src == "8b":
                src, dst = "4h", "4s"
            two = "2" if self.r.random() < 0.3 else ""
            if two:
                src = {"8b": "16b", "4h": "8h", "2s": "4s"}[src]
            b.emit("%s%s v%d.%s, v%d.%s, v%d.%s" % (op, two, d, dst, n, src, m, src))
        elif k == 8:
            c = self.r.randrange(6)
            if c == 0:
                op = self.r.choice(["zip1", "zip2", "uzp1", "uzp2", "trn1", "trn2"])
                b.emit("%s v%d.%s, v%d.%s, v%d.%s" % (op, d, arr64, n, arr64, m, arr64))
            elif c == 1:
                a = self.r.choice(["8b", "16b"])
                b.emit("ext v%d.%s, v%d.%s, v%d.%s, #%d" % (d, a, n, a, m, a, self.r.randrange(8 if a == "8b" else 16)))
            elif c == 2:
                nreg = self.r.randrange(1, 5)
                regs = ", ".join("v%d.16b" % ((n + i) % 32) for i in range(nreg))
                b.emit("%s v%d.%s, {%s}, v%d.%s" % (self.r.choice(["tbl", "tbx"]), d, self.r.choice(["8b", "16b"]), regs,
                                                    m, "16b" if False else self.r.choice(["8b", "16b"])))
                line = b.lines.pop()
                b.count -= 1
                a = self.r.choice(["8b", "16b"])
                b.emit("%s v%d.%s, {%s}, v%d.%s" % ("tbl" if "tbl" in line else "tbx", d, a, regs, m, a))
            elif c == 3:
                t, lanes = self.r.choice([("b", 16), ("h", 8), ("s", 4), ("d", 2)])
                b.emit("ins v%d.%s[%d], v%d.%s[%d]" % (d, t, self.r.randrange(lanes), n, t, self.r.randrange(lanes)))
            elif c == 4:
                t, lanes, a = self.r.choice([("b", 16, "16b"), ("h", 8, "8h"), ("s", 4, "4s"), ("d", 2, "2d")])
                b.emit("dup v%d.%s, v%d.%s[%d]" % (d, a, n, t, self.r.randrange(lanes)))
            else:
                t, lanes = self.r.choice([("b", 16), ("h", 8), ("s", 4)])
                op = self.r.choice(["umov", "smov"])
                dst = self.x(op == "umov" or (t != "s" and self.r.random() < 0.5))
                b.emit("%s %s, v%d.%s[%d]" % (op, dst, n, t, self.r.randrange(lanes)))
        elif k == 9:
            c = self.r.randrange(3)
            if c == 0:
                op = self.r.choice(["sdot", "udot"])
                a = self.r.choice([("2s", "8b"), ("4s", "16b")])
                if self.r.random() < 0.5:
                    b.emit("%s v%d.%s, v%d.%s, v%d.%s" % (op, d, a[0], n, a[1], m, a[1]))
                else:
                    b.emit("%s v%d.%s, v%d.%s, v%d.4b[%d]" % (op, d, a[0], n, a[1], m, self.r.randrange(4)))
            elif c == 1:
                op = self.r.choice(["mul", "mla", "mls", "sqdmulh", "sqrdmulh", "sqrdmlah"])
                a, t, lanes = self.r.choice([("4h", "h", 8), ("8h", "h", 8), ("2s", "s", 4), ("4s", "s", 4)])
                mm = self.r.randrange(16) if t == "h" else m
                b.emit("%s v%d.%s, v%d.%s, v%d.%s[%d]" % (op, d, a, n, a, mm, t, self.r.randrange(lanes)))
            else:
                op = self.r.choice(["smull", "umull", "smlal", "sqdmull"])
                b.emit("%s v%d.4s, v%d.4h, v%d.h[%d]" % (op, d, n, self.r.randrange(16), self.r.randrange(8)))
        elif k == 10:
            c = self.r.randrange(3)
            if c == 0:
                b.emit("pmull%s v%d.8h, v%d.%s, v%d.%s" % (("2", d, n, "16b", m, "16b") if self.r.random() < 0.5
                                                           else ("", d, n, "8b", m, "8b")))
            elif c == 1:
                b.emit("pmull%s v%d.1q, v%d.%s, v%d.%s" % (("2", d, n, "2d", m, "2d") if self.r.random() < 0.5
                                                           else ("", d, n, "1d", m, "1d")))
            else:
                op = self.r.choice(["add", "sub", "cmeq", "cmgt", "sqadd", "uqsub", "sqdmulh", "sqrdmulh"])
                t = "d" if op in ("add", "sub", "cmeq", "cmgt") else self.r.choice(["h", "s"])
                if op in ("sqadd", "uqsub"):
                    t = self.r.choice(["b", "h", "s", "d"])
                b.emit("%s %s%d, %s%d, %s%d" % (op, t, d, t, n, t, m))
        else:
            c = self.r.randrange(4)
            if c == 0:
                b.emit("%s v%d.16b, v%d.16b" % (self.r.choice(["aese", "aesd"]), d, n))
            elif c == 1:
                b.emit("%s v%d.16b, v%d.16b" % (self.r.choice(["aesmc", "aesimc"]), d, n))
            elif c == 2:
                op = self.r.choice(["sha256h", "sha256h2", "sha256su1", "sha1su0"])
                if op == "sha1su0":
                    b.emit("sha1su0 v%d.4s, v%d.4s, v%d.4s" % (d, n, m))
                elif op == "sha256su1":
                    b.emit("sha256su1 v%d.4s, v%d.4s, v%d.4s" % (d, n, m))
                else:
                    b.emit("%s q%d, q%d, v%d.4s" % (op, d, n, m))
            else:
                op = self.r.choice(["sha1c", "sha1p", "sha1m"])
                b.emit("%s q%d, s%d, v%d.4s" % (op, d, n, m))

    # ---- loads and stores -------------------------------------------------------------------
    def simd_mem(self, b):
        k = self.r.randrange(5)
        d = self.v()
        if k == 0:
            t, size = self.r.choice([("b", 1), ("h", 2), ("s", 4), ("d", 8), ("q", 16)])
            off = self.r.randrange(0, SCRATCH_SIZE - 16, size) if size > 1 else self.r.randrange(SCRATCH_SIZE - 16)
            b.emit("%s %s%d, [x28, #%d]" % (self.r.choice(["ldr", "str"]), t, d, off))
        elif k == 1:
            t, size = self.r.choice([("s", 4), ("d", 8), ("q", 16)])
            off = self.r.randrange(0, min(64 * size, SCRATCH_SIZE - 2 * size), size)
            d2 = (d + 1 + self.r.randrange(31)) % 32
            op = self.r.choice(["ldp", "stp"])
            if op == "ldp" and d2 == d:
                d2 = (d + 1) % 32
            b.emit("%s %s%d, %s%d, [x28, #%d]" % (op, t, d, t, d2, off))
        elif k == 2:
            nreg = self.r.randrange(1, 5)
            a = self.r.choice(["8b", "16b", "4h", "8h", "2s", "4s", "2d"])
            esz = {"8b": 1, "16b": 1, "4h": 2, "8h": 2, "2s": 4, "4s": 4, "2d": 8}[a]
            op = self.r.choice(["ld1", "st1"] + (["ld%d" % nreg, "st%d" % nreg] if nreg > 1 and a != "1d" else []))
            regs = ", ".join("v%d.%s" % ((d + i) % 32, a) for i in range(nreg))
            b.emit("add x27, x28, #%d" % self.r.randrange(0, 512, 16))
            b.emit("%s {%s}, [x27]" % (op, regs))
        elif k == 3:
            t, lanes, esz = self.r.choice([("b", 16, 1), ("h", 8, 2), ("s", 4, 4), ("d", 2, 8)])
            nreg = self.r.randrange(1, 5)
            regs = ", ".join("v%d.%s" % ((d + i) % 32, t) for i in range(nreg))
            b.emit("add x27, x28, #%d" % self.r.randrange(0, 512, 16))
            b.emit("%s%d {%s}[%d], [x27]" % (self.r.choice(["ld", "st"]), nreg, regs, self.r.randrange(lanes)))
        else:
            a = self.r.choice(["8b", "16b", "4h", "8h", "2s", "4s", "2d"])
            nreg = self.r.randrange(1, 5)
            regs = ", ".join("v%d.%s" % ((d + i) % 32, a) for i in range(nreg))
            b.emit("add x27, x28, #%d" % self.r.randrange(0, 512, 16))
            b.emit("ld%dr {%s}, [x27]" % (nreg, regs))

    def block_kinds(self):
        return [(0.30, self.fp_scalar), (0.55, self.simd_fp), (0.85, self.simd_int), (1.0, self.simd_mem)]

    # ---- the extra state: V0-V31 and FPCR in, V0-V31 and FPSR out ----------------------------
    SCRIPT = "gen_fp.py"
    ARCH = "armv8.2-a+fp16+rdm+dotprod+crypto"

    def extra_init(self):
        quads = ["0x%016x, 0x%016x" % (v & (2**64 - 1), v >> 64) for v in (self.vreg_value() for _ in range(32))]
        return quads + ["0x%x, 0" % self.fpcr()]

    def emit_extra_load(self, w, n):
        for r in range(0, 32, 2):
            w("    ldp q%d, q%d, [x30, #%d]" % (r, r + 1, 256 + r * 16))
        w("    ldr x0, [x30, #768]")
        w("    msr fpcr, x0")
        w("    msr fpsr, xzr")

    def emit_extra_save(self, w, n):
        w("    adrp x1, diff_vstate")
        w("    add x1, x1, :lo12:diff_vstate")
        for r in range(0, 32, 2):
            w("    stp q%d, q%d, [x1, #%d]" % (r, r + 1, r * 16))
        w("    mrs x0, fpsr")
        w("    add x1, x1, #512")
        w("    str x0, [x1]")
        w("    msr fpcr, xzr")

    def emit_extra_data(self, w):
        w("    .global diff_vstate_size")
        w("diff_vstate_size:")
        w("    .quad 520")
        w("    .bss")
        w("    .balign 16")
        w("    .global diff_vstate")
        w("diff_vstate:")
        w("    .skip 528")
        w("    .section .rodata")
        w("    .balign 8")
        w("    .global diff_exc_table")   # no exception triggers in FP programs
        w("diff_exc_table:")
        w("    .global diff_exc_count")
        w("diff_exc_count:")
        w("    .quad 0")


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--seed", type=int, required=True)
    ap.add_argument("--blocks", type=int, default=100)
    ap.add_argument("--block-len", type=int, default=24)
    ap.add_argument("-o", "--output", help="output file (default: stdout)")
    args = ap.parse_args()
    g = FpGen(args.seed)
    intgen.write_program(g.program(args.seed, args.blocks, args.block_len, False), args.output)


if __name__ == "__main__":
    main()
