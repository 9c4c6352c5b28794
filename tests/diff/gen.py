#!/usr/bin/env python3
# SPDX-License-Identifier: MIT
# Random A64 integer-instruction generator for the QEMU differential test (stdlib only).
"""Emit an assembly file of random A64 base integer instructions for tests/diff/.

The program (linked with tests/diff/diff_main.c and the firmware runtime) runs B blocks at
EL3. Each block loads x0-x30 and NZCV from a table, runs --block-len random instructions
and calls diff_block_end, which prints an FNV-1a hash of x0-x30, NZCV and the 1 KiB scratch
buffer. The instructions are those that both QEMU's cortex-a57 (Armv8.0 + CRC32) and
tetrarch implement, used only in ways whose result the architecture defines.

A second part lists exception triggers (SVC/HVC/SMC/UDF/BRK, trapped MSR/MRS, WFI traps,
UNDEFINED system-register accesses, external data aborts, PC alignment) with the EL and the
HCR_EL2 traps to run them with; diff_main.c runs them and prints ESR/ELR/SPSR/FAR.

Register use inside blocks: x28 is the scratch-buffer base and x27 a moving pointer into it
(pre/post-index writeback); neither is ever written by a random instruction. SP is not used.
"""

import argparse
import random
import sys

SCRATCH_SIZE = 1024
DEST = [r for r in range(31) if r not in (27, 28)]   # registers random instructions write
SRC = list(range(31))                                  # registers they may read
CONDS = ["eq", "ne", "cs", "cc", "mi", "pl", "vs", "vc",
         "hi", "ls", "ge", "lt", "gt", "le", "al", "nv"]
CONDS_NO_ALNV = CONDS[:14]

INTERESTING = [0, 1, 2, 0x7f, 0x80, 0xff, 0x7fff, 0x8000, 0xffff, 0x7fffffff, 0x80000000,
               0xffffffff, 0x100000000, 0x7fffffffffffffff, 0x8000000000000000,
               0xffffffffffffffff, 0xfffffffffffffffe, 0xffffffff80000000]

# Unassigned physical addresses on the virt board (between the virtio-mmio transports at
# 0x0a000000-0x0a003fff and the platform bus at 0x0c000000) in QEMU and tetrarch alike.
UNASSIGNED_BASE = 0x0b000000
UNASSIGNED_SIZE = 0x01000000


class Block:
    """Instructions of one block, with the offset of x27 inside the scratch buffer."""

    def __init__(self, index):
        self.index = index
        self.lines = []
        self.count = 0
        self.x27 = SCRATCH_SIZE // 2
        self.labels = 0

    def emit(self, text, n=1):
        self.lines.append("    " + text)
        self.count += n

    def label(self):
        self.labels += 1
        return ".Lb%d_%d" % (self.index, self.labels)


class Gen:
    SCRIPT = "gen.py"

    def __init__(self, seed):
        self.r = random.Random(seed)

    # ---- operands ---------------------------------------------------------------------
    def value64(self):
        r = self.r.random()
        if r < 0.35:
            v = self.r.choice(INTERESTING)
        elif r < 0.5:
            v = self.r.randrange(0, 256)
        elif r < 0.6:
            v = (1 << self.r.randrange(64)) ^ self.r.choice([0, 0xffffffffffffffff])
        else:
            v = self.r.getrandbits(64)
        return v & 0xffffffffffffffff

    def dst(self):
        return self.r.choice(DEST)

    def src(self, zr_ok=True):
        if zr_ok and self.r.random() < 0.04:
            return 31
        return self.r.choice(SRC)

    def src_nozr(self):
        # For Rn of ADD/SUB (immediate, extended register): 31 would be SP.
        return self.r.choice(SRC)

    @staticmethod
    def reg(n, w):
        if n == 31:
            return "wzr" if w else "xzr"
        return ("w%d" if w else "x%d") % n

    def pick_w(self):
        return self.r.random() < 0.4

    def bitmask_imm(self, w):
        """A valid logical immediate (not all ones) for a 32- or 64-bit operation."""
        size = self.r.choice([2, 4, 8, 16, 32] if w else [2, 4, 8, 16, 32, 64])
        ones = self.r.randrange(1, size)
        rot = self.r.randrange(size)
        elem = (1 << ones) - 1
        elem = ((elem >> rot) | (elem << (size - rot))) & ((1 << size) - 1)
        width = 32 if w else 64
        v = 0
        for i in range(width // size):
            v |= elem << (i * size)
        return v

    # ---- instruction classes ----------------------------------------------------------
    def addsub_imm(self, b):
        w = self.pick_w()
        op = self.r.choice(["add", "adds", "sub", "subs"])
        imm = self.r.randrange(4096)
        sh = ", lsl #12" if self.r.random() < 0.3 else ""
        if op.endswith("s") and self.r.random() < 0.2:
            rd = "wzr" if w else "xzr"      # CMP/CMN
        else:
            rd = self.reg(self.dst(), w)
        b.emit("%s %s, %s, #%d%s" % (op, rd, self.reg(self.src_nozr(), w), imm, sh))

    def addsub_shift(self, b):
        w = self.pick_w()
        op = self.r.choice(["add", "adds", "sub", "subs"])
        sh = self.r.choice(["lsl", "lsr", "asr"])
        amt = self.r.randrange(32 if w else 64)
        rd = self.dst() if self.r.random() < 0.9 else 31
        b.emit("%s %s, %s, %s, %s #%d" % (op, self.reg(rd, w), self.reg(self.src(), w),
                                           self.reg(self.src(), w), sh, amt))

    def addsub_ext(self, b):
        w = self.pick_w()
        op = self.r.choice(["add", "adds", "sub", "subs"])
        ext = self.r.choice(["uxtb", "uxth", "uxtw", "uxtx", "sxtb", "sxth", "sxtw", "sxtx"])
        rm_w = w or ext not in ("uxtx", "sxtx")
        amt = self.r.randrange(5)
        b.emit("%s %s, %s, %s, %s #%d" % (op, self.reg(self.dst(), w), self.reg(self.src_nozr(), w),
                                           self.reg(self.src(), rm_w), ext, amt))

    def addsub_carry(self, b):
        w = self.pick_w()
        op = self.r.choice(["adc", "adcs", "sbc", "sbcs", "ngc", "ngcs"])
        if op.startswith("ngc"):
            b.emit("%s %s, %s" % (op, self.reg(self.dst(), w), self.reg(self.src(), w)))
        else:
            b.emit("%s %s, %s, %s" % (op, self.reg(self.dst(), w), self.reg(self.src(), w),
                                      self.reg(self.src(), w)))

    def logical_imm(self, b):
        w = self.pick_w()
        op = self.r.choice(["and", "orr", "eor", "ands"])
        imm = self.bitmask_imm(w)
        if op == "ands" and self.r.random() < 0.3:
            b.emit("tst %s, #0x%x" % (self.reg(self.src(), w), imm))
            return
        # Rd = 31 is SP for AND/ORR/EOR (immediate): never generated (31 not in DEST).
        b.emit("%s %s, %s, #0x%x" % (op, self.reg(self.dst(), w), self.reg(self.src(), w), imm))

    def logical_reg(self, b):
        w = self.pick_w()
        op = self.r.choice(["and", "orr", "eor", "bic", "orn", "eon", "ands", "bics"])
        sh = self.r.choice(["lsl", "lsr", "asr", "ror"])
        amt = self.r.randrange(32 if w else 64)
        rd = self.dst() if self.r.random() < 0.9 else 31
        b.emit("%s %s, %s, %s, %s #%d" % (op, self.reg(rd, w), self.reg(self.src(), w),
                                           self.reg(self.src(), w), sh, amt))

    def move_wide(self, b):
        w = self.pick_w()
        op = self.r.choice(["movz", "movn", "movk"])
        hw = self.r.randrange(2 if w else 4) * 16
        b.emit("%s %s, #0x%x, lsl #%d" % (op, self.reg(self.dst(), w), self.r.randrange(65536), hw))

    def bitfield(self, b):
        w = self.pick_w()
        n = 32 if w else 64
        op = self.r.choice(["sbfm", "ubfm", "bfm", "extr", "sbfx", "ubfx", "bfi", "bfxil",
                            "sbfiz", "ubfiz", "lsl", "lsr", "asr", "ror"])
        rd, rn = self.reg(self.dst(), w), self.reg(self.src(), w)
        if op in ("sbfm", "ubfm", "bfm"):
            b.emit("%s %s, %s, #%d, #%d" % (op, rd, rn, self.r.randrange(n), self.r.randrange(n)))
        elif op == "extr":
            b.emit("extr %s, %s, %s, #%d" % (rd, rn, self.reg(self.src(), w), self.r.randrange(n)))
        elif op in ("lsl", "lsr", "asr", "ror"):
            b.emit("%s %s, %s, #%d" % (op, rd, rn, self.r.randrange(n)))
        else:
            lsb = self.r.randrange(n)
            width = self.r.randrange(1, n - lsb + 1)
            b.emit("%s %s, %s, #%d, #%d" % (op, rd, rn, lsb, width))

    def shift_reg(self, b):
        w = self.pick_w()
        op = self.r.choice(["lslv", "lsrv", "asrv", "rorv"])
        b.emit("%s %s, %s, %s" % (op, self.reg(self.dst(), w), self.reg(self.src(), w),
                                  self.reg(self.src(), w)))

    def one_source(self, b):
        w = self.pick_w()
        ops = ["rbit", "rev16", "rev", "clz", "cls"] + ([] if w else ["rev32"])
        op = self.r.choice(ops)
        b.emit("%s %s, %s" % (op, self.reg(self.dst(), w), self.reg(self.src(), w)))

    def muldiv(self, b):
        op = self.r.choice(["madd", "msub", "mul", "mneg", "smaddl", "umaddl", "smsubl",
                            "umsubl", "smull", "umull", "smulh", "umulh", "udiv", "sdiv",
                            "udiv", "sdiv"])
        if op in ("smaddl", "umaddl", "smsubl", "umsubl"):
            b.emit("%s %s, %s, %s, %s" % (op, self.reg(self.dst(), False), self.reg(self.src(), True),
                                          self.reg(self.src(), True), self.reg(self.src(), False)))
        elif op in ("smull", "umull"):
            b.emit("%s %s, %s, %s" % (op, self.reg(self.dst(), False), self.reg(self.src(), True),
                                      self.reg(self.src(), True)))
        elif op in ("smulh", "umulh"):
            b.emit("%s %s, %s, %s" % (op, self.reg(self.dst(), False), self.reg(self.src(), False),
                                      self.reg(self.src(), False)))
        else:
            w = self.pick_w()
            regs = [self.reg(self.dst(), w), self.reg(self.src(), w), self.reg(self.src(), w)]
            if op in ("madd", "msub"):
                regs.append(self.reg(self.src(), w))
            b.emit("%s %s" % (op, ", ".join(regs)))

    def crc(self, b):
        sz = self.r.choice("bhwx")
        c = self.r.choice(["", "c"])
        b.emit("crc32%s%s %s, %s, %s" % (c, sz, self.reg(self.dst(), True), self.reg(self.src(), True),
                                         self.reg(self.src(), sz != "x")))

    def cond_select(self, b):
        w = self.pick_w()
        op = self.r.choice(["csel", "csinc", "csinv", "csneg", "cset", "csetm", "cinc", "cneg"])
        rd = self.reg(self.dst(), w)
        if op in ("cset", "csetm"):
            b.emit("%s %s, %s" % (op, rd, self.r.choice(CONDS_NO_ALNV)))
        elif op in ("cinc", "cneg"):
            b.emit("%s %s, %s, %s" % (op, rd, self.reg(self.src(), w), self.r.choice(CONDS_NO_ALNV)))
        else:
            b.emit("%s %s, %s, %s, %s" % (op, rd, self.reg(self.src(), w), self.reg(self.src(), w),
                                          self.r.choice(CONDS)))

    def cond_compare(self, b):
        w = self.pick_w()
        op = self.r.choice(["ccmp", "ccmn"])
        if self.r.random() < 0.5:
            second = "#%d" % self.r.randrange(32)
        else:
            second = self.reg(self.src(), w)
        b.emit("%s %s, %s, #%d, %s" % (op, self.reg(self.src(), w), second, self.r.randrange(16),
                                       self.r.choice(CONDS)))

    def flags_move(self, b):
        r = self.r.random()
        if r < 0.4:
            b.emit("mrs %s, nzcv" % self.reg(self.dst(), False))
        elif r < 0.8:
            b.emit("msr nzcv, %s" % self.reg(self.src(), False))
        else:
            # Other PSTATE fields, fixed while the blocks run at EL3 (h, DAIF all masked).
            b.emit("mrs %s, %s" % (self.reg(self.dst(), False),
                                   self.r.choice(["currentel", "spsel", "daif"])))

    def hint_barrier(self, b):
        """Instructions with no effect on the state hashed: hints (allocated or not, never
        WFE/WFI), barriers, CLREX."""
        r = self.r.random()
        if r < 0.5:
            b.emit("hint #%d" % self.r.choice([0, 1, 4, 5] + list(range(6, 128))))
        else:
            b.emit(self.r.choice(["dmb ish", "dmb sy", "dmb ld", "dsb sy", "dsb ishst", "isb",
                                  "clrex", "nop", "yield"]))

    def branch_skip(self, b):
        """A forward branch over one or two instructions (never leaves the block)."""
        kind = self.r.choice(["bcond", "cbz", "cbnz", "tbz", "tbnz"])
        lab = b.label()
        w = self.pick_w()
        rt = self.reg(self.src(zr_ok=False), w)
        if kind == "bcond":
            b.emit("b.%s %s" % (self.r.choice(CONDS), lab))
        elif kind in ("cbz", "cbnz"):
            b.emit("%s %s, %s" % (kind, rt, lab))
        else:
            bit = self.r.randrange(32 if w else 64)
            b.emit("%s %s, #%d, %s" % (kind, rt, bit, lab))
        for _ in range(self.r.randrange(1, 3)):
            self.simple(b)
        b.lines.append("%s:" % lab)

    # ---- loads and stores -------------------------------------------------------------
    LOADS = [("ldrb", 1, True), ("ldrh", 2, True), ("ldr", 4, True), ("ldr", 8, False),
             ("ldrsb", 1, True), ("ldrsb", 1, False), ("ldrsh", 2, True), ("ldrsh", 2, False),
             ("ldrsw", 4, False)]
    STORES = [("strb", 1, True), ("strh", 2, True), ("str", 4, True), ("str", 8, False)]

    def mem_transfer(self):
        """(mnemonic, size, is_w, is_load, Rt)."""
        if self.r.random() < 0.55:
            op, size, w = self.r.choice(self.LOADS)
            return op, size, w, True, self.dst()
        op, size, w = self.r.choice(self.STORES)
        rt = self.r.choice([r for r in SRC if r not in (27, 28)] + [31])
        return op, size, w, False, rt

    def mem_offset(self, b):
        op, size, w, load, rt = self.mem_transfer()
        form = self.r.random()
        if load and form < 0.08 and op in ("ldr", "ldrsw"):
            # PC-relative literal: a word of this block's initial-register table.
            off = self.r.randrange(32) * 8 + (4 if size == 4 and self.r.random() < 0.5 else 0)
            b.emit("%s %s, diff_init_%d+%d" % (op, self.reg(rt, w), b.index, off))
        elif form < 0.4:
            off = self.r.randrange(SCRATCH_SIZE // size) * size
            b.emit("%s %s, [x28, #%d]" % (op, self.reg(rt, w), off))
        elif form < 0.6:
            # Unscaled offset from x27 (still aligned: MMU off means Device memory).
            lo = max(-256, -b.x27)
            hi = min(255, SCRATCH_SIZE - size - b.x27)
            off = self.r.randrange(lo // size, hi // size + 1) * size
            uop = op.replace("ldr", "ldur").replace("str", "stur")
            b.emit("%s %s, [x27, #%d]" % (uop, self.reg(rt, w), off))
        else:
            # Register offset, with the index masked to an aligned offset inside the buffer.
            idx = self.dst()
            scaled = self.r.random() < 0.6
            shift = {1: 0, 2: 1, 4: 2, 8: 3}[size]
            ext = self.r.choice(["lsl", "uxtw", "sxtw", "sxtx"])
            mask = SCRATCH_SIZE // size - 1 if scaled else (SCRATCH_SIZE - 1) & ~(size - 1)
            b.emit("and %s, %s, #0x%x" % (self.reg(idx, False), self.reg(self.src(), False), mask))
            index = self.reg(idx, ext in ("uxtw", "sxtw"))
            if scaled:
                mode = ", %s #%d" % (ext, shift)
            else:
                mode = "" if ext == "lsl" else ", " + ext
            b.emit("%s %s, [x28, %s%s]" % (op, self.reg(rt, w), index, mode))

    def mem_writeback(self, b):
        op, size, w, load, rt = self.mem_transfer()
        pre = self.r.random() < 0.5
        # x27 stays 16-byte aligned, so every access through it is aligned.
        lo = max(-256, -b.x27) // 16
        hi = min(240, SCRATCH_SIZE - 16 - b.x27) // 16
        delta = self.r.randrange(lo, hi + 1) * 16
        if pre:
            b.emit("%s %s, [x27, #%d]!" % (op, self.reg(rt, w), delta))
        else:
            b.emit("%s %s, [x27], #%d" % (op, self.reg(rt, w), delta))
        b.x27 += delta

    def mem_pair(self, b):
        kind = self.r.choice(["ldp", "stp", "ldp", "stp", "ldpsw"])
        w = kind == "ldpsw" or self.pick_w()
        size = 4 if w else 8
        if kind == "stp":
            pool = [r for r in SRC if r not in (27, 28)] + [31]
            rt, rt2 = self.r.choice(pool), self.r.choice(pool)
        else:
            rt = self.dst()
            rt2 = self.dst()
            while rt2 == rt:            # LDP with Rt == Rt2 is CONSTRAINED UNPREDICTABLE
                rt2 = self.dst()
        regw = w and kind != "ldpsw"
        r1, r2 = self.reg(rt, regw), self.reg(rt2, regw)
        form = self.r.random()
        if form < 0.4:
            off = self.r.randrange(64) * size      # inside imm7 and inside the buffer
            b.emit("%s %s, %s, [x28, #%d]" % (kind, r1, r2, off))
        else:
            lo = max(-64 * size, -b.x27) // 16
            hi = min(63 * size, SCRATCH_SIZE - 16 - b.x27) // 16
            delta = self.r.randrange(lo, hi + 1) * 16
            if form < 0.55:
                b.emit("%s %s, %s, [x27, #%d]" % (kind, r1, r2, delta))
            elif form < 0.8:
                b.emit("%s %s, %s, [x27, #%d]!" % (kind, r1, r2, delta))
                b.x27 += delta
            else:
                b.emit("%s %s, %s, [x27], #%d" % (kind, r1, r2, delta))
                b.x27 += delta

    # ---- blocks -----------------------------------------------------------------------
    def simple(self, b):
        fn = self.r.choices(
            [self.addsub_imm, self.addsub_shift, self.addsub_ext, self.addsub_carry,
             self.logical_imm, self.logical_reg, self.move_wide, self.bitfield,
             self.shift_reg, self.one_source, self.muldiv, self.crc, self.cond_select,
             self.cond_compare, self.flags_move, self.hint_barrier],
            weights=[8, 8, 5, 5, 6, 7, 4, 8, 3, 3, 5, 3, 6, 5, 1, 1])[0]
        fn(b)

    def block_kinds(self):
        """(cumulative probability, generator) pairs: what a block is made of."""
        return [(0.62, self.simple), (0.74, self.mem_offset), (0.80, self.mem_writeback),
                (0.90, self.mem_pair), (1.0, self.branch_skip)]

    def block(self, index, length):
        b = Block(index)
        kinds = self.block_kinds()
        while b.count < length:
            r = self.r.random()
            next(fn for p, fn in kinds if r < p)(b)
        return b

    # ---- exception triggers -------------------------------------------------------------
    TVM_REGS = ["sctlr_el1", "ttbr0_el1", "ttbr1_el1", "tcr_el1", "esr_el1", "far_el1",
                "afsr0_el1", "afsr1_el1", "mair_el1", "amair_el1", "contextidr_el1"]
    TID3_REGS = ["id_aa64pfr0_el1", "id_aa64pfr1_el1", "id_aa64isar0_el1", "id_aa64isar1_el1",
                 "id_aa64mmfr0_el1", "id_aa64mmfr1_el1", "id_aa64dfr0_el1"]
    UNDEF_REGS = {0: ["sctlr_el1", "vbar_el1", "ttbr0_el1", "elr_el1", "mpidr_el1"],
                  1: ["hcr_el2", "vbar_el2", "sctlr_el2", "elr_el2", "scr_el3", "vbar_el3"],
                  2: ["scr_el3", "vbar_el3", "sctlr_el3", "elr_el3"]}
    HCR = {"TVM": 1 << 26, "TRVM": 1 << 30, "TSC": 1 << 19, "TWI": 1 << 13, "TID3": 1 << 18}

    def trigger(self, i):
        """One exception trigger: (el, hcr names, description, body lines before the fault,
        fault lines)."""
        el = self.r.randrange(4)
        hcr = []
        pre = []
        kinds = ["svc", "smc", "udf", "brk", "dabt", "pcalign"]
        if el < 3:
            kinds.append("mrs_undef")           # every register is accessible at EL3
        if el in (1, 2):
            kinds += ["hvc", "illegal_eret"]
        if el == 1:
            kinds += ["tvm", "trvm", "tsc", "twi", "tid3"]
        if el == 0:
            kinds += ["hvc", "wfi_el0", "daif_el0", "ctr_el0", "eret_el0"]
        kind = self.r.choice(kinds)
        imm = self.r.randrange(0xffff)          # 0xffff is the runtime's return call
        if kind in ("svc", "hvc", "smc"):
            pre = ["mov x0, #0"]                # never a PSCI function ID
            fault = ["%s #0x%x" % (kind, imm)]
        elif kind == "udf":
            fault = ["udf #0x%x" % imm]
        elif kind == "brk":
            fault = ["brk #0x%x" % imm]
        elif kind == "mrs_undef":
            # A register of a higher EL: UNDEFINED, EC 0 at the current EL (EL1 from EL0).
            reg = self.r.choice(self.UNDEF_REGS[el])
            if self.r.random() < 0.5:
                fault = ["mrs %s, %s" % (self.reg(self.r.randrange(18), False), reg)]
            else:
                fault = ["msr %s, %s" % (reg, self.reg(self.r.randrange(32), False))]
        elif kind == "dabt":
            addr = UNASSIGNED_BASE + self.r.randrange(UNASSIGNED_SIZE // 16) * 16
            base = self.r.choice([9, 11, 12, 13, 14, 15])
            rt = self.r.choice([r for r in range(18) if r not in (10, base)])
            pairs = [("ldp", 8, False), ("stp", 4, True), ("ldp", 4, True), ("stp", 8, False)]
            singles = [("ldrb", 1, True), ("ldrh", 2, True), ("ldr", 4, True), ("ldr", 8, False),
                       ("ldrsb", 1, False), ("ldrsh", 2, True), ("ldrsw", 4, False),
                       ("strb", 1, True), ("strh", 2, True), ("str", 4, True), ("str", 8, False)]
            # At EL2 only pairs: QEMU 7.2 gives single-register aborts taken to EL2 an
            # instruction syndrome (ISV = 1) that the architecture reserves for stage 2 faults.
            op, size, w = self.r.choice(pairs if el == 2 else singles + pairs)
            pre = ["movz x%d, #0x%x, lsl #16" % (base, addr >> 16),
                   "movk x%d, #0x%x" % (base, addr & 0xffff)]
            off = self.r.randrange(0, 8) * size * (2 if op in ("ldp", "stp") else 1)
            if op in ("ldp", "stp"):
                rt2 = self.r.choice([r for r in range(18) if r not in (10, base, rt)])
                fault = ["%s %s, %s, [x%d, #%d]" % (op, self.reg(rt, w), self.reg(rt2, w), base, off)]
            else:
                fault = ["%s %s, [x%d, #%d]" % (op, self.reg(rt, w), base, off)]
        elif kind == "pcalign":
            low = self.r.randrange(1, 4)
            reg = self.r.choice([9, 11, 12])
            pre = ["adr x%d, trig_d%d_resume" % (reg, i), "orr x%d, x%d, #%d" % (reg, reg, low)]
            fault = [self.r.choice(["br x%d", "ret x%d"]) % reg]
        elif kind == "tvm":
            hcr = ["TVM"]
            # Writes back what the register holds, in case the trap is missed.
            reg, rt = self.r.choice(self.TVM_REGS), self.r.randrange(11, 18)
            pre = ["mrs x%d, %s" % (rt, reg)]
            fault = ["msr %s, x%d" % (reg, rt)]
        elif kind == "trvm":
            hcr = ["TRVM"]
            fault = ["mrs %s, %s" % (self.reg(self.r.randrange(18), False), self.r.choice(self.TVM_REGS))]
        elif kind == "tid3":
            hcr = ["TID3"]
            fault = ["mrs %s, %s" % (self.reg(self.r.randrange(18), False), self.r.choice(self.TID3_REGS))]
        elif kind == "tsc":
            hcr = ["TSC"]
            pre = ["mov x0, #0"]
            fault = ["smc #0x%x" % imm]
        elif kind == "twi":
            hcr = ["TWI"]
            fault = ["wfi"]
        elif kind == "wfi_el0":
            fault = ["wfi"]                     # SCTLR_EL1.nTWI = 0: trapped to EL1
        elif kind == "daif_el0":
            # SCTLR_EL1.UMA = 0. Not MSR DAIFSet/DAIFClr: QEMU 7.2 swaps Op1 and Op2 in their
            # syndrome (tests/firmware/exceptions_arch covers them).
            rt = self.r.randrange(18)
            fault = [self.r.choice(["mrs x%d, daif" % rt, "msr daif, x%d" % rt])]
        elif kind == "illegal_eret":
            # ERET to a higher EL: PSTATE.IL is set, NZCV and DAIF still come from the SPSR,
            # and the next instruction takes an Illegal Execution State exception (EC 0x0e).
            # M[4] stays 0: returning to AArch32 would be legal on QEMU's cortex-a57.
            target = self.r.choice([m for m in (0x9, 0xd) if (m >> 2) > el])
            spsr = (self.r.randrange(16) << 28) | (self.r.randrange(16) << 6) | target
            pre = ["adr x9, .Lill_%d" % i, "msr elr_el%d, x9" % el,
                   "movz x9, #0x%x, lsl #16" % (spsr >> 16), "movk x9, #0x%x" % (spsr & 0xffff),
                   "msr spsr_el%d, x9" % el]
            fault = ["eret", ".Lill_%d: nop" % i]
        elif kind == "eret_el0":
            fault = ["eret"]                    # UNDEFINED at EL0
        elif kind == "ctr_el0":
            fault = ["mrs x%d, ctr_el0" % self.r.randrange(18)]  # SCTLR_EL1.UCT = 0
        desc = "d%03d EL%d %s%s: %s" % (i, el, kind, (" hcr=" + "+".join(hcr)) if hcr else "",
                                         "; ".join(fault))
        return el, hcr, desc, pre, fault

    # ---- output ---------------------------------------------------------------------
    # ---- hooks for other block kinds (gen_fp.py): extra state loaded and saved per block ----
    ARCH = None            # an .arch directive for the program, or None

    def extra_init(self):
        """Initial values beyond x0-x30 and NZCV, as .quad words after them (none here)."""
        return []

    def emit_extra_load(self, w, n):
        """Load the extra state, with x30 = the block's init table (before x0-x30 are loaded)."""

    def emit_extra_save(self, w, n):
        """Save the extra state after the block (x0-x30 and NZCV are already on the stack)."""

    def emit_extra_data(self, w):
        """Extra symbols in .rodata/.bss."""

    def program(self, seed, blocks, length, dump):
        out = []
        w = out.append
        w("/* SPDX-License-Identifier: MIT */")
        w("/* Generated by tests/diff/%s --seed %d --blocks %d --block-len %d: do not edit. */"
          % (self.SCRIPT, seed, blocks, length))
        w('#include "lib/trig.h"')
        if self.ARCH:
            w("    .arch " + self.ARCH)
        w("")
        w("    .text")
        w("    .global diff_run_blocks")
        w("    .type diff_run_blocks, %function")
        w("diff_run_blocks:")
        w("    stp x29, x30, [sp, #-96]!")
        w("    stp x19, x20, [sp, #16]")
        w("    stp x21, x22, [sp, #32]")
        w("    stp x23, x24, [sp, #48]")
        w("    stp x25, x26, [sp, #64]")
        w("    stp x27, x28, [sp, #80]")
        inits = []
        for n in range(blocks):
            b = self.block(n, length)
            vals = [self.value64() for _ in range(31)]
            nzcv = self.r.randrange(16) << 28
            inits.append((vals, nzcv, self.extra_init()))
            w("/* block %d */" % n)
            w("    .global diff_block_%d" % n)
            w("diff_block_%d:" % n)
            w("    adrp x30, diff_init_%d" % n)
            w("    add x30, x30, :lo12:diff_init_%d" % n)
            self.emit_extra_load(w, n)
            w("    ldr x0, [x30, #248]")
            w("    msr nzcv, x0")
            for r in range(0, 30, 2):
                w("    ldp x%d, x%d, [x30, #%d]" % (r, r + 1, r * 8))
            w("    ldr x30, [x30, #240]")
            w("    adrp x28, diff_scratch")
            w("    add x28, x28, :lo12:diff_scratch")
            w("    add x27, x28, #%d" % (SCRATCH_SIZE // 2))
            w("    .global diff_body_%d" % n)
            w("diff_body_%d:" % n)
            out.extend(b.lines)
            w("    .global diff_body_end_%d" % n)
            w("diff_body_end_%d:" % n)
            w("    sub sp, sp, #256")
            for r in range(0, 30, 2):
                w("    stp x%d, x%d, [sp, #%d]" % (r, r + 1, r * 8))
            w("    mrs x0, nzcv")
            w("    stp x30, x0, [sp, #240]")
            self.emit_extra_save(w, n)
            w("    mov x0, sp")
            w("    mov x1, #%d" % n)
            w("    bl diff_block_end")
            w("    add sp, sp, #256")
        w("    ldp x19, x20, [sp, #16]")
        w("    ldp x21, x22, [sp, #32]")
        w("    ldp x23, x24, [sp, #48]")
        w("    ldp x25, x26, [sp, #64]")
        w("    ldp x27, x28, [sp, #80]")
        w("    ldp x29, x30, [sp], #96")
        w("    ret")
        w("")
        w("    .section .rodata")
        for n, (vals, nzcv, extra) in enumerate(inits):
            w("    .balign 16")
            w("diff_init_%d:" % n)
            for v in vals:
                w("    .quad 0x%016x" % v)
            w("    .quad 0x%x" % nzcv)
            out.extend("    .quad " + q for q in extra)
        w("    .global diff_block_count")
        w("diff_block_count:")
        w("    .quad %d" % blocks)
        w("    .global diff_dump")
        w("diff_dump:")
        w("    .quad %d" % (1 if dump else 0))
        self.emit_extra_data(w)
        w("")
        w("    .bss")
        w("    .balign 64")
        w("    .global diff_scratch")
        w("diff_scratch:")
        w("    .skip %d" % SCRATCH_SIZE)
        w("")
        return out

    def exceptions(self, count):
        out = []
        w = out.append
        table = []
        for i in range(count):
            el, hcr, desc, pre, fault = self.trigger(i)
            name = "d%d" % i
            w("/* %s */" % desc)
            w("trig_begin %s, 0x%x" % (name, self.r.randrange(16)))
            for line in pre:
                w("    " + line)
            w("trig_fault %s" % name)
            for line in fault:
                w("    " + line)
            w("trig_end %s" % name)
            mask = 0
            for h in hcr:
                mask |= self.HCR[h]
            table.append((name, desc, el, mask))
        w("")
        w("    .section .rodata")
        for name, desc, _, _ in table:
            w(".Lname_%s: .asciz \"%s\"" % (name, desc))
        w("    .balign 8")
        w("    .global diff_exc_table")
        w("diff_exc_table:")
        for name, _, el, mask in table:
            w("    .quad .Lname_%s, trig_%s, trig_%s_fault, trig_%s_resume, %d, 0x%x"
              % (name, name, name, name, el, mask))
        w("    .global diff_exc_count")
        w("diff_exc_count:")
        w("    .quad %d" % count)
        return out


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--seed", type=int, required=True)
    ap.add_argument("--blocks", type=int, default=100)
    ap.add_argument("--block-len", type=int, default=32)
    ap.add_argument("--exceptions", type=int, default=40, help="number of exception triggers")
    ap.add_argument("--dump", action="store_true", help="print every register after each block")
    ap.add_argument("-o", "--output", help="output file (default: stdout)")
    args = ap.parse_args()
    g = Gen(args.seed)
    lines = g.program(args.seed, args.blocks, args.block_len, args.dump)
    lines += g.exceptions(args.exceptions)
    write_program(lines, args.output)


def write_program(lines, path):
    """The generated lines to `path`, or to stdout without one."""
    text = "\n".join(lines) + "\n"
    if path:
        with open(path, "w") as f:
            f.write(text)
    else:
        sys.stdout.write(text)


if __name__ == "__main__":
    main()
