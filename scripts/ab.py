#!/usr/bin/env python3
"""Compares translint builds, or one build under different arguments, by alternating runs.

    python3 scripts/ab.py --dir CORPUS --bin OLD --bin NEW [--rounds 21]
    python3 scripts/ab.py --dir CORPUS --bin BIN --args "" --args "--ignore names"
    python3 scripts/ab.py --dir CORPUS --bin BIN --args="" --args=--statistics

Each variant runs `check --no-config --no-cache --format short [ARGS] .` in CORPUS (a corpus
built by `scripts/bench.py --keep DIR`), once a round, in an order that alternates every
round: a machine whose speed drifts during the comparison then slows every variant alike,
where timing one variant's runs, then the other's, compares two moments. Prints each
variant's median wall time, median CPU time (user + system, of the run and its threads) and
fastest wall time. An argument of one word that starts with `-` is given as `--args=WORD`
(argparse reads `--args --statistics` as two options). A binary named by a path is run by
its absolute path, as the runs start in CORPUS.
"""
import argparse
import os
import shlex
import subprocess
import sys
import time


def run(binary, args, corpus):
    """Wall and CPU seconds of one run."""
    command = [binary, "check", "--no-config", "--no-cache", "--format", "short", *args, "."]
    start = time.perf_counter()
    child = subprocess.Popen(command, cwd=corpus, stdout=subprocess.DEVNULL,
                             stderr=subprocess.DEVNULL)
    _, status, usage = os.wait4(child.pid, 0)
    wall = time.perf_counter() - start
    # 0: no findings, 1: findings; anything else is a failed run, not a time.
    if os.waitstatus_to_exitcode(status) not in (0, 1):
        sys.exit(f"{shlex.join(command)} failed in {corpus}")
    return wall, usage.ru_utime + usage.ru_stime


def median(xs):
    xs = sorted(xs)
    return xs[len(xs) // 2]


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--dir", required=True, help="the corpus folder")
    ap.add_argument("--bin", action="append", required=True, help="a translint binary")
    ap.add_argument("--args", action="append", default=None,
                    help="extra arguments of a variant (with one --bin)")
    ap.add_argument("--rounds", type=int, default=21)
    a = ap.parse_args()
    if not os.path.isdir(a.dir):
        ap.error(f"{a.dir} is not a folder (build one with scripts/bench.py --keep DIR)")
    if a.args and len(a.bin) > 1:
        ap.error("--args compares one binary under several arguments: give one --bin")
    # Runs start in the corpus: a relative path would be looked up there.
    binaries = [os.path.abspath(b) if os.sep in b else b for b in a.bin]
    variants = [(b, []) for b in binaries] if not a.args else \
        [(binaries[0], shlex.split(v)) for v in a.args]
    if len(variants) < 2:
        ap.error("give two --bin, or two --args")
    times = [([], []) for _ in variants]
    for r in range(a.rounds):
        order = range(len(variants)) if r % 2 == 0 else reversed(range(len(variants)))
        for i in order:
            wall, cpu = run(*variants[i], a.dir)
            times[i][0].append(wall)
            times[i][1].append(cpu)
    print(f"{a.rounds} rounds, alternated, in {a.dir}")
    for (binary, args), (walls, cpus) in zip(variants, times):
        label = f"{binary} {shlex.join(args)}".strip()
        print(f"{label:50} wall {median(walls):.3f}s  cpu {median(cpus):.3f}s  "
              f"fastest {min(walls):.3f}s")


if __name__ == "__main__":
    main()
