#!/usr/bin/env python3
"""Compare the diagnostics of two translint binaries on the same files.

usage: scripts/diff_outputs.py OLD_BIN NEW_BIN PATH... [--config FILE | --no-config] [--show N]

Runs `OLD_BIN check --format json PATH...` and the same with NEW_BIN (both from the current
folder), and lists every diagnostic one reports and the other does not, as
`- old only` / `+ new only` lines, grouped by rule. A diagnostic is compared whole: rule,
severity, message, help, notes, location, labels and fix. Exit status: 0 when the outputs
are the same, 1 when they differ, 2 when a binary fails.

Typical use, on the benchmark corpus (built outside the repository by scripts/bench.py):
    python3 scripts/bench.py --keep /tmp/bench50 --runs 1
    scripts/diff_outputs.py /tmp/translint-old target/release/translint /tmp/bench50 --no-config
"""
import argparse
import collections
import json
import subprocess
import sys


def run(binary, paths, config_args):
    # Both binaries lint every file: one with a cache (.translint_cache/) neither reads nor
    # writes it.
    help = subprocess.run([binary, "check", "--help"], capture_output=True, text=True).stdout
    no_cache = ["--no-cache"] if "--no-cache" in help else []
    cmd = [binary, "check", "--format", "json", *no_cache, *config_args, *paths]
    r = subprocess.run(cmd, stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    if r.returncode not in (0, 1):
        sys.stderr.write(f"{' '.join(cmd)} exited {r.returncode}:\n{r.stderr.decode()[:2000]}\n")
        sys.exit(2)
    return json.loads(r.stdout)["diagnostics"]


def key(d):
    return json.dumps(d, sort_keys=True, ensure_ascii=False)


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("old")
    ap.add_argument("new")
    ap.add_argument("paths", nargs="+")
    ap.add_argument("--config")
    ap.add_argument("--no-config", action="store_true")
    ap.add_argument("--show", type=int, default=5, help="differences shown per rule")
    a = ap.parse_args()
    config_args = ["--no-config"] if a.no_config else (["--config", a.config] if a.config else [])
    old = run(a.old, a.paths, config_args)
    new = run(a.new, a.paths, config_args)
    old_c = collections.Counter(map(key, old))
    new_c = collections.Counter(map(key, new))
    only_old = old_c - new_c
    only_new = new_c - old_c
    print(f"old: {len(old)} diagnostics, new: {len(new)} diagnostics")
    if not only_old and not only_new:
        print("identical")
        return 0
    by_rule = collections.defaultdict(lambda: ([], []))
    for k, n in only_old.items():
        by_rule[json.loads(k)["rule"]][0].extend([k] * n)
    for k, n in only_new.items():
        by_rule[json.loads(k)["rule"]][1].extend([k] * n)
    for rule in sorted(by_rule):
        gone, added = by_rule[rule]
        print(f"{rule}: {len(gone)} old only, {len(added)} new only")
        for sign, items in (("-", gone), ("+", added)):
            for k in sorted(items)[: a.show]:
                d = json.loads(k)
                print(f"  {sign} {d['path']}:{d['line']}:{d['column']} {d['message']}")
    return 1


if __name__ == "__main__":
    sys.exit(main())
