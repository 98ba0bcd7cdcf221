#!/usr/bin/env python3
"""Per-rule firing rates of translint on machine translation versus human references.

usage: scripts/rule_rates.py [--corpus ../shared/corpus/wmt] [--bin target/release/translint]
                             [--sets wmt21 wmt22] [--pairs zh-en ja-en] [--chunk 40]

Reads the WMT news-systems text snapshots (TXT_DIR/{system-outputs,references}) at run time and
never copies them into the repo. Each system's output and each human reference is linted as its
own corpus (one publication's batch: corpus-scope style rules compare within it), cut into
documents of CHUNK lines as in ../shared/tools/wmt_eval.py. Prints, for every rule in the
registry, how often it fires per 1,000 lines on the references (a false-alarm proxy: they are
human translations of the same sources) and on the MT output, per data set and overall.
"""
import argparse, collections, glob, json, os, subprocess, tempfile

ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
here = os.path.dirname(os.path.abspath(__file__))
ap.add_argument("--corpus", default=os.path.join(here, "..", "..", "shared", "corpus", "wmt"))
ap.add_argument("--bin", default=os.path.join(here, "..", "target", "release", "translint"))
ap.add_argument("--sets", nargs="+", default=["wmt21", "wmt22"])
ap.add_argument("--pairs", nargs="+", default=["zh-en", "ja-en"])
ap.add_argument("--chunk", type=int, default=40)
a = ap.parse_args()
binary = os.path.abspath(a.bin)


def registry():
    """(id, default severity) of every rule, from `translint rules`."""
    out = subprocess.run([binary, "rules", "--no-config"], capture_output=True, text=True, check=True).stdout
    return [(line.split()[0], line.split()[1]) for line in out.splitlines() if line.strip()]


def lint_file(path):
    """Rule ids fired on one file, linted as its own corpus of CHUNK-line documents; and its line count."""
    lines = open(path, encoding="utf-8").read().split("\n")
    with tempfile.TemporaryDirectory() as tmp:
        for c in range(0, len(lines), a.chunk):
            with open(os.path.join(tmp, f"{c // a.chunk:04d}.txt"), "w", encoding="utf-8") as f:
                f.write("\n".join(lines[c:c + a.chunk]) + "\n")
        out = subprocess.run([binary, "check", "--no-config", "--format", "json", "--fail-on", "never", "."],
                             cwd=tmp, capture_output=True, text=True, timeout=600)
    diags = json.loads(out.stdout)["diagnostics"]
    return collections.Counter(d["rule"] for d in diags), len(lines)


rules = registry()
columns = []   # (label, {"ref": (Counter, lines), "mt": (Counter, lines)})
for s in a.sets:
    for pair in a.pairs:
        txt = os.path.join(a.corpus, s, "txt")
        kinds = {"ref": sorted(glob.glob(f"{txt}/references/*.{pair}.ref.*.en")),
                 "mt": sorted(glob.glob(f"{txt}/system-outputs/*.{pair}.hyp.*.en"))}
        if not kinds["ref"] or not kinds["mt"]:
            print(f"# skipped {s} {pair}: no references or system outputs under {txt}")
            continue
        col = {}
        for kind, files in kinds.items():
            total, n = collections.Counter(), 0
            for f in files:
                c, k = lint_file(f)
                total += c
                n += k
            col[kind] = (total, n)
        columns.append((f"{s} {pair}", col))
        print(f"# {s} {pair}: {len(kinds['mt'])} systems ({col['mt'][1]} lines), "
              f"{len(kinds['ref'])} references ({col['ref'][1]} lines)")

overall = {k: (sum((c[k][0] for _, c in columns), collections.Counter()), sum(c[k][1] for _, c in columns))
           for k in ("ref", "mt")}
rate = lambda counter, n, rule: 1000 * counter[rule] / n if n else 0.0
head = ["rule", "severity", "ref", "MT"] + [f"{label} ref/MT" for label, _ in columns]
print("\nFirings per 1,000 lines (ref = human references, MT = system outputs):\n")
print("| " + " | ".join(head) + " |")
print("|" + "|".join("---" for _ in head) + "|")
for rule, sev in rules:
    cells = [f"`{rule}`", sev, f"{rate(*overall['ref'], rule):.2f}", f"{rate(*overall['mt'], rule):.2f}"]
    cells += [f"{rate(*c['ref'], rule):.2f} / {rate(*c['mt'], rule):.2f}" for _, c in columns]
    print("| " + " | ".join(cells) + " |")
