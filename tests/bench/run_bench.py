#!/usr/bin/env python3
# SPDX-License-Identifier: MIT
# Runs the integer benchmark on tetrarch and on qemu-system-aarch64, checks that both print the
# same checksums, and prints a markdown table of medians; --expected makes it the smoke test.
"""Benchmark runner for tests/bench.

Full comparison (builds the full ELF unless --elf is given):
    tests/bench/run_bench.py --tetrarch build-bench/tetrarch --runs 5

MMU on and off side by side (builds three full ELFs: MMU off, MMU on with identity-mapped 4K
pages, and MMU on plus a phase that touches more pages than a 1024-entry TLB holds):
    tests/bench/run_bench.py --tetrarch build-bench/tetrarch --mmu --runs 3

Tracing costs (no trace, a transitions-only binary trace, a full binary trace, Tarmac) on the
benchmark at scale 10 plus 200,000 SVC round trips (-DBENCH_EXC), with QEMU timed on the same
ELF in the same run:
    tests/bench/run_bench.py --tetrarch build-bench/tetrarch --trace --runs 3

Smoke test (what `meson test bench-smoke` runs): one tetrarch run, output compared with a file:
    tests/bench/run_bench.py --tetrarch T --elf bench-smoke.elf --expected bench-smoke.expected
"""
import argparse
import json
import os
import platform
import shutil
import statistics
import subprocess
import sys
import tempfile
import time

HERE = os.path.dirname(os.path.abspath(__file__))
FULL_SCALE = 280  # keep in step with tests/bench/meson.build
CFLAGS = ['-nostdlib', '-ffreestanding', '-mgeneral-regs-only', '-mstrict-align', '-O2',
          '-fno-pic', '-static', '-march=armv8-a+crc', '-Wall', '-Wextra',
          '-Wl,--build-id=none', '-Wl,--no-warn-rwx-segments']
QEMU_ARGS = ['-M', 'virt,secure=on,virtualization=on', '-cpu', 'cortex-a57', '-semihosting',
             '-nographic']
TIMEOUT = 1800
# --mmu variants: name, extra sources, defines
MMU_VARIANTS = [('off', [], []),
                ('on', ['bench_mmu.c'], ['-DBENCH_MMU']),
                ('tlbx', ['bench_mmu.c'], ['-DBENCH_MMU', '-DBENCH_TLBX'])]
MMU_MAX_SLOWDOWN = 0.15  # MMU on may cost at most 15% of the MIPS with it off
# --trace variants: name, tetrarch options (TRACE is replaced by a file in the temporary dir)
TRACE_VARIANTS = [('no trace', []),
                  ('--trace, transitions only', ['--trace', 'TRACE', '--trace-what', 'transitions']),
                  ('--trace, everything', ['--trace', 'TRACE']),
                  ('--tarmac', ['--tarmac', 'TRACE'])]
TRACE_SCALE = 10  # --trace builds a smaller workload: a full trace of it is about 80 MB
TRACE_MAX_TRANSITIONS_COST = 0.05  # a transitions-only trace may cost at most 5%
TRACE_MIN_FULL_MIPS = 20.0         # a full binary trace must run at 20 MIPS or more


def die(msg):
    print(f'run_bench: {msg}', file=sys.stderr)
    sys.exit(2)


def build_elf(cc, scale, out, srcs=(), defines=()):
    """Build the benchmark; defines are -D flags (e.g. -DBENCH_EXC for the trace workload)."""
    cmd = [cc] + CFLAGS + list(defines) + [f'-DBENCH_SCALE={scale}', '-T', os.path.join(HERE, 'link.ld'),
                                           os.path.join(HERE, 'start.S'), os.path.join(HERE, 'bench.c')]
    cmd += [os.path.join(HERE, f) for f in srcs] + ['-o', out]
    r = subprocess.run(cmd, capture_output=True, text=True)
    if r.returncode != 0:
        die('building the benchmark failed:\n' + ' '.join(cmd) + '\n' + r.stderr)
    return out


def check_output(who, out, rc):
    if rc != 0:
        die(f'{who} exited with status {rc}; output:\n{out}')
    if not out.rstrip().endswith('bench: done'):
        die(f'{who} did not finish the benchmark; output:\n{out}')


def stat_total(v):
    """Stats counters are either a number or an object with a 'total' field."""
    return v['total'] if isinstance(v, dict) else v


def run_tetrarch(tetrarch, elf, stats_path, extra=()):
    cmd = [tetrarch, 'run', '-q', '--kernel', elf, '--stats', stats_path] + list(extra)
    t0 = time.monotonic()
    r = subprocess.run(cmd, stdin=subprocess.DEVNULL, capture_output=True, text=True,
                       timeout=TIMEOUT)
    wall = time.monotonic() - t0
    if r.stderr:
        sys.stderr.write(r.stderr)
    check_output('tetrarch', r.stdout, r.returncode)
    with open(stats_path) as f:
        st = json.load(f)
    return {'out': r.stdout, 'insns': int(stat_total(st['instructions'])),
            'host_seconds': float(st['host_seconds']), 'wall': wall}


def run_qemu(qemu, elf, icount):
    cmd = [qemu] + QEMU_ARGS + (['-icount', 'shift=0'] if icount else []) + ['-kernel', elf]
    t0 = time.monotonic()
    r = subprocess.run(cmd, stdin=subprocess.DEVNULL, capture_output=True, text=True,
                       timeout=TIMEOUT)
    wall = time.monotonic() - t0
    check_output('qemu' + (' -icount' if icount else ''), r.stdout, r.returncode)
    return {'out': r.stdout, 'wall': wall}


def smoke(args, elf):
    """One tetrarch run; its UART output must equal the expected file."""
    name = os.path.basename(elf).rsplit('.', 1)[0]
    with tempfile.TemporaryDirectory() as tmp:
        res = run_tetrarch(args.tetrarch, elf, os.path.join(tmp, 'stats.json'))
    with open(args.expected) as f:
        # Lines starting with '#' are the file's header (licence, purpose), not output.
        want = ''.join(line for line in f if not line.startswith('#'))
    if res['out'] != want:
        import difflib
        sys.stdout.writelines(difflib.unified_diff(want.splitlines(True), res['out'].splitlines(True),
                                                   'expected', 'tetrarch'))
        print(f'{name}: output differs from ' + args.expected)
        return 1
    print(f"{name}: {res['insns']} instructions, output matches")
    return 0


def load_note():
    try:
        return 'load average before runs: ' + ' '.join(open('/proc/loadavg').read().split()[:3])
    except OSError:
        return ''


def measure(args, elf, tmp, label=''):
    """args.runs interleaved runs of tetrarch and QEMU (and QEMU -icount) on one ELF; checks that
    every run prints QEMU's output and that the instruction count does not vary."""
    tet, qemu, qemu_ic = [], [], []
    for i in range(args.runs):
        tet.append(run_tetrarch(args.tetrarch, elf, os.path.join(tmp, 'stats.json')))
        qemu.append(run_qemu(args.qemu, elf, False))
        if args.icount:
            qemu_ic.append(run_qemu(args.qemu, elf, True))
        t, q = tet[-1], qemu[-1]
        print(f"{label}run {i + 1}/{args.runs}: tetrarch {t['host_seconds']:.3f} s run loop, "
              f"{t['wall']:.3f} s wall; qemu {q['wall']:.3f} s wall"
              + (f"; qemu -icount {qemu_ic[-1]['wall']:.3f} s" if args.icount else ''),
              file=sys.stderr)
    ref = qemu[0]['out']
    for who, runs in (('tetrarch', tet), ('qemu', qemu), ('qemu -icount', qemu_ic)):
        for r in runs:
            if r['out'] != ref:
                import difflib
                sys.stderr.writelines(difflib.unified_diff(ref.splitlines(True), r['out'].splitlines(True),
                                                           'qemu', who))
                die(f'{label}{who} output differs from QEMU')
    insns = {r['insns'] for r in tet}
    if len(insns) != 1:
        die(f'{label}instruction count differs between runs: {sorted(insns)}')
    return tet, qemu, qemu_ic, insns.pop(), ref


def mmu_main(args, tmp, note):
    """--mmu: MMU off, on and on with the TLB-unfriendly phase, side by side."""
    med = statistics.median
    rows, mips = [], {}
    for name, srcs, defines in MMU_VARIANTS:
        elf = build_elf(args.cc, args.scale, os.path.join(tmp, f'bench-{name}-{args.scale}.elf'), srcs, defines)
        tet, qemu, qemu_ic, n, ref = measure(args, elf, tmp, f'[mmu {name}] ')
        t_loop = med(r['host_seconds'] for r in tet)
        t_wall = med(r['wall'] for r in tet)
        q_wall = med(r['wall'] for r in qemu)
        mips[name] = n / t_loop / 1e6
        row = [f'MMU {name}', f'{n:,}', f'{t_loop:.3f}', f'{mips[name]:.1f}', f'{t_wall:.3f}',
               f'{q_wall:.3f}', f'{t_wall / q_wall:.2f}']
        if args.icount:
            row.append(f"{med(r['wall'] for r in qemu_ic):.3f}")
        rows.append(row)
    cols = ['variant', 'instructions', 'tetrarch s (run loop)', 'tetrarch MIPS', 'tetrarch s (wall)',
            'QEMU s (wall)', 'time ratio tetrarch/QEMU (wall)']
    if args.icount:
        cols.append('QEMU -icount shift=0 s (wall)')
    print(f'Medians of {args.runs} run(s) each; each variant prints the same output on tetrarch '
          f'and QEMU. MMU off/on run the same workload; tlbx adds one access per 4K page over 8 MiB.')
    print()
    print('| ' + ' | '.join(cols) + ' |')
    print('|' + '|'.join(['---'] + ['---:'] * (len(cols) - 1)) + '|')
    for row in rows:
        print('| ' + ' | '.join(row) + ' |')
    slowdown = 1 - mips['on'] / mips['off']
    ok = slowdown <= MMU_MAX_SLOWDOWN
    print()
    print(f"MMU on: {mips['on']:.1f} MIPS vs {mips['off']:.1f} off: {100 * slowdown:.1f}% slower "
          f"(limit {100 * MMU_MAX_SLOWDOWN:.0f}%): {'ok' if ok else 'TOO SLOW'}")
    if args.json:
        with open(args.json, 'w') as f:
            json.dump({'machine': platform.machine(), 'note': note, 'mips': mips,
                       'slowdown': slowdown}, f, indent=2)
    return 0 if ok else 1


def trace_main(args, elf, tmp, note):
    """--trace: the same ELF without a trace and with each kind of trace, QEMU alongside."""
    med = statistics.median
    trace_path = os.path.join(tmp, 'trace.out')
    runs = {name: [] for name, _ in TRACE_VARIANTS}
    qemu = []
    for i in range(args.runs):
        for name, opts in TRACE_VARIANTS:
            extra = [trace_path if o == 'TRACE' else o for o in opts]
            if os.path.exists(trace_path):
                os.unlink(trace_path)  # truncating the last large trace would be timed
            runs[name].append(run_tetrarch(args.tetrarch, elf, os.path.join(tmp, 'stats.json'), extra))
            size = os.path.getsize(trace_path) if opts else 0
            runs[name][-1]['trace_bytes'] = size
        qemu.append(run_qemu(args.qemu, elf, False))
        print(f'run {i + 1}/{args.runs} done', file=sys.stderr)
    ref = qemu[0]['out']
    for name, rs in runs.items():
        for r in rs:
            if r['out'] != ref:
                die(f'tetrarch ({name}) output differs from QEMU')
    n = runs['no trace'][0]['insns']
    q_wall = med(r['wall'] for r in qemu)
    mips = {}
    print(f'Medians of {args.runs} run(s) each; {n:,} instructions; outputs identical on tetrarch '
          f'and QEMU. QEMU (no trace) takes {q_wall:.3f} s wall.')
    print()
    print('| tetrarch | run loop s | MIPS | wall s | cost vs no trace (wall) | trace bytes | bytes/insn |')
    print('|---|---:|---:|---:|---:|---:|---:|')
    base_wall = med(r['wall'] for r in runs['no trace'])
    for name, _ in TRACE_VARIANTS:
        rs = runs[name]
        wall = med(r['wall'] for r in rs)
        mips[name] = n / wall / 1e6
        size = rs[0]['trace_bytes']
        print(f"| {name} | {med(r['host_seconds'] for r in rs):.3f} | {mips[name]:.1f} | {wall:.3f} | "
              f"{100 * (wall / base_wall - 1):+.1f}% | {size:,} | {size / n:.2f} |")
    cost = 1 - mips['--trace, transitions only'] / mips['no trace']
    full = mips['--trace, everything']
    ok = cost <= TRACE_MAX_TRANSITIONS_COST and full >= TRACE_MIN_FULL_MIPS
    print()
    print(f'MIPS from wall time (the trace is flushed and closed inside it). Transitions-only '
          f'trace: {100 * cost:+.1f}% (limit {100 * TRACE_MAX_TRANSITIONS_COST:.0f}%); full binary '
          f'trace: {full:.1f} MIPS (at least {TRACE_MIN_FULL_MIPS:.0f}): {"ok" if ok else "TOO SLOW"}')
    if args.json:
        with open(args.json, 'w') as f:
            json.dump({'machine': platform.machine(), 'note': note, 'instructions': n, 'mips': mips,
                       'qemu_wall': q_wall}, f, indent=2)
    return 0 if ok else 1


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument('--tetrarch', required=True, help='path to the tetrarch binary')
    ap.add_argument('--runs', type=int, default=3, help='runs of each simulator (default 3)')
    ap.add_argument('--elf', help='benchmark ELF to use (default: build the full one)')
    ap.add_argument('--scale', type=int,
                    help=f'BENCH_SCALE when building (default {FULL_SCALE}; {TRACE_SCALE} with --trace)')
    ap.add_argument('--cc', default='aarch64-linux-gnu-gcc', help='cross compiler')
    ap.add_argument('--qemu', default='qemu-system-aarch64', help='QEMU binary')
    ap.add_argument('--icount', action='store_true', help='also time QEMU with -icount shift=0')
    ap.add_argument('--expected', help='smoke test: compare one tetrarch run with this file')
    ap.add_argument('--json', help='also write the raw per-run figures here')
    ap.add_argument('--mmu', action='store_true',
                    help='build and compare MMU off, on, and on with a TLB-unfriendly phase '
                         '(exit status 1 if MMU on is more than 15%% slower than off)')
    ap.add_argument('--trace', action='store_true',
                    help='compare no trace, a transitions-only and a full binary trace, and Tarmac '
                         '(exit status 1 if the transitions-only trace costs over 5%% or the full '
                         'trace runs under 20 MIPS)')
    args = ap.parse_args()
    if args.runs < 1:
        die('--runs must be at least 1')
    if not os.access(args.tetrarch, os.X_OK):
        die(f'{args.tetrarch} is not an executable')

    if args.scale is None:
        args.scale = TRACE_SCALE if args.trace else FULL_SCALE
    if args.mmu and (args.elf or args.expected):
        die('--mmu builds its own ELFs: no --elf or --expected with it')
    with tempfile.TemporaryDirectory() as tmp:
        if args.mmu:
            if not shutil.which(args.qemu):
                die(f'{args.qemu} not found')
            note = load_note()
            print(note, file=sys.stderr)
            return mmu_main(args, tmp, note)
        elf = args.elf or build_elf(args.cc, args.scale, os.path.join(tmp, f'bench-{args.scale}.elf'),
                                    defines=['-DBENCH_EXC'] if args.trace else [])
        if args.expected:
            return smoke(args, elf)
        if not shutil.which(args.qemu):
            die(f'{args.qemu} not found')
        if args.trace:
            note = load_note()
            print(note, file=sys.stderr)
            return trace_main(args, elf, tmp, note)

        note = load_note()
        print(note, file=sys.stderr)
        # Interleaved runs, outputs checked against QEMU (measure() above).
        tet, qemu, qemu_ic, n, ref = measure(args, elf, tmp)

    med = statistics.median
    t_loop = med(r['host_seconds'] for r in tet)
    t_wall = med(r['wall'] for r in tet)
    q_wall = med(r['wall'] for r in qemu)
    cols = ['workload instructions', 'tetrarch s (run loop)', 'tetrarch MIPS', 'tetrarch s (wall)',
            'QEMU s (wall)', 'time ratio tetrarch/QEMU (wall)']
    vals = [f'{n:,}', f'{t_loop:.3f}', f'{n / t_loop / 1e6:.1f}', f'{t_wall:.3f}', f'{q_wall:.3f}',
            f'{t_wall / q_wall:.2f}']
    if args.icount:
        q_ic = med(r['wall'] for r in qemu_ic)
        cols += ['QEMU -icount shift=0 s (wall)', 'ratio tetrarch/QEMU-icount']
        vals += [f'{q_ic:.3f}', f'{t_wall / q_ic:.2f}']
    print(f'Medians of {args.runs} run(s) each; outputs identical on tetrarch and QEMU '
          f'({len(ref.splitlines())} lines).')
    print()
    print('| ' + ' | '.join(cols) + ' |')
    print('|' + '|'.join('---:' for _ in cols) + '|')
    print('| ' + ' | '.join(vals) + ' |')

    if args.json:
        with open(args.json, 'w') as f:
            json.dump({'instructions': n, 'machine': platform.machine(), 'note': note,
                       'tetrarch': [{k: v for k, v in r.items() if k != 'out'} for r in tet],
                       'qemu': [r['wall'] for r in qemu], 'qemu_icount': [r['wall'] for r in qemu_ic]},
                      f, indent=2)
    return 0


if __name__ == '__main__':
    sys.exit(main())
