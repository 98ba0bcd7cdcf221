#!/usr/bin/env python3
"""translint against pofilter (translate-toolkit) on the same PO files, in one run.

    pip install translate-toolkit
    cargo build --release
    python3 scripts/pofilter_compare.py --bin target/release/translint ../shared/corpus/po/*.po

Prints the wall time of each tool on the same files, then for every check both run (pofilter
test -> translint rule) how many units each flags, how many both flag, and a sample of the
units only one of them flags, with source and target, to judge by hand.

Timing (best of --repeat runs of each, all in this one run, so a loaded machine slows both):
  translint  one process over every file, with only the rules that the compared pofilter tests
             check (--select), and with every rule (what `translint check` runs by default);
  pofilter   one process per file with the compared tests (-t ...), as a translator checks a
             catalogue, and one process over a folder holding every file (its batch mode).
"""
import argparse, ast, collections, json, os, random, subprocess, sys, tempfile, time

# pofilter test -> translint rule that checks the same thing.
CHECKS = {
    "printf": "source/placeholders",
    "pythonbraceformat": "source/placeholders",
    "numbers": "source/numbers",
    "endpunc": "source/end-punctuation",
    "startwhitespace": "source/whitespace",
    "endwhitespace": "source/whitespace",
    "unchanged": "source/untranslated",
    "doublewords": "typography/doubled-word",
    "brackets": "source/brackets",
    "urls": "source/urls",
    "xmltags": "source/markup",
}

ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
ap.add_argument("files", nargs="+")
ap.add_argument("--bin", default="target/release/translint")
ap.add_argument("--sample", type=int, default=4, help="disagreements shown per check and side")
ap.add_argument("--seed", type=int, default=1)
ap.add_argument("--repeat", type=int, default=3, help="timed runs of each tool; the best counts")
a = ap.parse_args()


def c_string(s):
    """The value of a PO string line's quoted part."""
    s = s.strip()
    try:
        return ast.literal_eval(s)
    except (ValueError, SyntaxError):
        return s.strip('"')


def units_by_line(path):
    """(first line of each msgid, key) in file order; key = (msgctxt, first msgid)."""
    lines = open(path, encoding="utf-8").read().split("\n")
    out = []
    for i, line in enumerate(lines):
        if not line.startswith("msgid "):
            continue
        j, msgid = i, c_string(line[6:])
        while j + 1 < len(lines) and lines[j + 1].startswith('"'):
            j += 1
            msgid += c_string(lines[j])
        ctxt = ""
        k = i - 1
        while k >= 0 and lines[k].startswith('"'):
            k -= 1
        if k >= 0 and lines[k].startswith("msgctxt "):
            ctxt = c_string(lines[k][8:]) + "".join(c_string(l) for l in lines[k + 1:i])
        out.append((i + 1, (ctxt, msgid)))
    return out


def key_at(index, line):
    """The unit whose msgid starts at or before `line`."""
    best = None
    for start, key in index:
        if start > line:
            break
        best = key
    return best


def best(run):
    """The least wall time of --repeat calls of `run`, and the last call's result."""
    times, result = [], None
    for _ in range(max(a.repeat, 1)):
        t0 = time.perf_counter()
        result = run()
        times.append(time.perf_counter() - t0)
    return min(times), result


# translint: one run over every file, with the compared rules only and with every rule.
files = [os.path.abspath(f) for f in a.files]
translint = [os.path.abspath(a.bin), "check", "--no-config", "--format", "json"]
selected = ",".join(sorted(set(CHECKS.values())))
t_selected, _ = best(lambda: subprocess.run(translint + ["--select", selected, *files],
                                            capture_output=True, text=True))
t_translint, r = best(lambda: subprocess.run(translint + files, capture_output=True, text=True))
if r.returncode not in (0, 1):
    sys.exit(f"translint exited {r.returncode}: {r.stderr[-400:]}")
flagged = collections.defaultdict(set)  # rule -> {(file, key)}
indexes = {f: units_by_line(f) for f in files}
for d in json.loads(r.stdout)["diagnostics"]:
    f = os.path.abspath(d["path"])
    if f in indexes:
        flagged[d["rule"]].add((f, key_at(indexes[f], d["line"])))

# pofilter: one run per file with every compared test, as a translator would run it.
from translate.storage import factory  # noqa: E402  (after the tool check, for a clear error)

tests = sorted(CHECKS)
pofilter = ["pofilter", "--progress=none", "--nofuzzy"] + [x for t in tests for x in ("-t", t)]
with tempfile.TemporaryDirectory() as tmp:
    def per_file():
        outs = []
        for i, f in enumerate(files):
            out = os.path.join(tmp, f"{i}.po")
            subprocess.run(pofilter + [f, out], check=True, capture_output=True)
            outs.append((f, out))
        return outs

    t_pofilter, outs = best(per_file)
    batch_in = os.path.join(tmp, "in")
    os.mkdir(batch_in)
    for i, f in enumerate(files):
        os.symlink(f, os.path.join(batch_in, f"{i}.po"))

    def batch():
        out = os.path.join(tmp, "batch")
        subprocess.run(["rm", "-rf", out], check=True)
        subprocess.run(pofilter + [batch_in, out], check=True, capture_output=True)

    t_batch, _ = best(batch)
    pf = collections.defaultdict(set)  # test -> {(file, key)}
    texts = {}
    for f, out in outs:
        if not os.path.exists(out):
            continue
        for unit in factory.getobject(out).units:
            key = (unit.getcontext() or "", str(unit.source.strings[0] if hasattr(unit.source, "strings") else unit.source))
            texts[(f, key)] = (str(unit.source), str(unit.target))
            for note in unit.getnotes("translator").split("\n"):
                if note.startswith("(pofilter) "):
                    test = note[len("(pofilter) "):].split(":")[0].strip()
                    pf[test].add((f, key))
for f in files:
    for unit in factory.getobject(f).units:
        key = (unit.getcontext() or "", str(unit.source.strings[0] if hasattr(unit.source, "strings") else unit.source))
        texts.setdefault((f, key), (str(unit.source), str(unit.target)))

units = sum(len(v) for v in indexes.values())
print(f"{len(files)} files, {units} units")
print(f"time (best of {max(a.repeat, 1)}), seconds:")
print(f"  translint, the compared rules only: {t_selected:.3f}")
print(f"  translint, every rule:              {t_translint:.3f}")
print(f"  pofilter, one process per file:     {t_pofilter:.3f}")
print(f"  pofilter, one process for all:      {t_batch:.3f}")
for what, t in (("the compared rules", t_selected), ("every rule", t_translint)):
    print(f"translint with {what} is {t_pofilter / max(t, 1e-9):.0f}x faster than pofilter per file, "
          f"{t_batch / max(t, 1e-9):.0f}x faster than pofilter in one process")
print()
print(f"{'pofilter test':<20} {'translint rule':<26} {'pofilter':>8} {'translint':>9} {'both':>6}")
random.seed(a.seed)
samples = []
for test in tests:
    rule = CHECKS[test]
    p, t = pf.get(test, set()), flagged.get(rule, set())
    # A rule that covers two tests (whitespace at either end) is compared with their union.
    if list(CHECKS.values()).count(rule) > 1:
        p = set().union(*(pf.get(x, set()) for x, r2 in CHECKS.items() if r2 == rule))
    print(f"{test:<20} {rule:<26} {len(p):>8} {len(t):>9} {len(p & t):>6}")
    for who, only in (("only pofilter", p - t), ("only translint", t - p)):
        for item in random.sample(sorted(only), min(a.sample, len(only))):
            samples.append((test, who, item))
print()
print("sample of disagreements (judge each by hand):")
for test, who, (f, key) in samples:
    source, target = texts.get((f, key), (key[1], "?"))
    print(f"[{test}] {who}: {os.path.basename(f)}")
    print(f"    source: {source[:150]!r}")
    print(f"    target: {target[:150]!r}")
