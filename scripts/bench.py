#!/usr/bin/env python3
"""Throughput benchmark: translint's default rules against ripgrep (and typos, if installed)
on the same corpus of real machine-translated prose.

usage: scripts/bench.py [--corpus ../shared/corpus/wmt] [--mb 50] [--bin target/release/translint]
                        [--keep DIR] [--runs 3]

Builds a corpus of at least --mb MB over thousands of article-sized files by cutting every
system output under CORPUS/*/txt/system-outputs into 40-line documents, repeated into folders
rep0, rep1, ... until the size is reached. Nothing is copied into the repository: the corpus
lives in a temporary folder (or --keep DIR). Prints, per tool, the median of --runs runs of
wall time, CPU time (user + system) and peak RSS, MB/s of wall time, and ratios. The tools'
runs alternate, one of each a round, so a machine whose speed drifts slows them alike. On a
shared machine the CPU column is the steadier one: other processes stretch the wall time.

--bin may be given several times (say, the binary before and after a change): each is
measured in the same run, beside the same ripgrep and typos runs.
"""
import argparse, glob, os, shutil, subprocess, sys, tempfile, time

ap = argparse.ArgumentParser()
ap.add_argument("--corpus", default=os.path.join(os.path.dirname(__file__), "../../shared/corpus/wmt"))
ap.add_argument("--mb", type=float, default=50)
ap.add_argument("--bin", action="append", help="default: target/release/translint")
ap.add_argument("--keep", help="build the corpus here and keep it")
ap.add_argument("--runs", type=int, default=3)
a = ap.parse_args()

# ~50 ASCII word patterns, comparable in number to translint's data rules.
PATTERNS = [
    r" [.,;:!?]", r"  ", r"[a-z][.][A-Z][a-z]", r"original comfort women", r"the original",
    r"local time", r"the Japanese side", r"the South Korean side", r"the Chinese side",
    r"Photo by", r"reporter", r"relevant departments", r"the two sides", r"labour", r"labor",
    r"colour", r"color", r"centre", r"center", r"organisation", r"organization", r"U\.S\.", r" US ",
    r"January [0-9]+th", r"February [0-9]+th", r"March [0-9]+th", r"April [0-9]+th",
    r"May [0-9]+th", r"June [0-9]+th", r"July [0-9]+th", r"August [0-9]+th", r"September [0-9]+th",
    r"October [0-9]+th", r"November [0-9]+th", r"December [0-9]+th", r"[0-9]-[A-Z][a-z]",
    r"the the", r"a a", r"in in", r"of of", r"to to", r"and and", r"Xinhua", r"Kyodo",
    r"China News Service", r"China News Agency", r"Blinken", r"Brinken", r"Moon Jae-in",
    r"defence", r"defense", r"travelled", r"traveled",
]

def build(root):
    outputs = sorted(glob.glob(os.path.join(a.corpus, "*/txt/system-outputs/*")))
    if not outputs:
        sys.exit(f"no system outputs under {a.corpus}/*/txt/system-outputs")
    size, files, rep = 0, 0, 0
    while size < a.mb * 1e6:
        d = os.path.join(root, f"rep{rep}")
        os.makedirs(d)
        for path in outputs:
            lines = open(path, encoding="utf-8").read().split("\n")
            stem = os.path.basename(path)
            for c in range(0, len(lines), 40):
                body = "\n".join(lines[c:c + 40]) + "\n"
                with open(os.path.join(d, f"{stem}.{c // 40:04d}.txt"), "w", encoding="utf-8") as f:
                    f.write(body)
                size += len(body.encode())
                files += 1
        rep += 1
    return size, files

def median(xs):
    xs = sorted(xs)
    return xs[len(xs) // 2]


def run_once(cmd, cwd):
    """(wall s, CPU s, peak RSS MB) of one run."""
    t0 = time.perf_counter()
    p = subprocess.Popen(cmd, cwd=cwd, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    err = p.stderr.read()
    _, status, usage = os.wait4(p.pid, 0)
    wall = time.perf_counter() - t0
    code = os.waitstatus_to_exitcode(status)
    if code not in (0, 1, 2) or (code == 2 and os.path.basename(cmd[0]) != "typos"):
        sys.exit(f"{cmd[0]} failed ({code}): {err.decode()[:500]}")
    return wall, usage.ru_utime + usage.ru_stime, usage.ru_maxrss / 1024


def measure(commands, cwd):
    """Median (wall s, CPU s, peak RSS MB) of a.runs runs of each command, by name. The runs
    alternate, one of each command a round, in an order reversed every other round: a machine
    whose speed drifts meanwhile slows every tool alike, where timing one tool's runs, then
    the next's, would compare two moments."""
    runs = {name: [] for name in commands}
    names = list(commands)
    for r in range(a.runs):
        for name in names if r % 2 == 0 else names[::-1]:
            runs[name].append(run_once(commands[name], cwd))
    return {name: tuple(median([run[i] for run in rs]) for i in range(3))
            for name, rs in runs.items()}

root = a.keep or tempfile.mkdtemp(prefix="translint-bench-")
try:
    if a.keep and os.path.isdir(a.keep) and os.listdir(a.keep):
        # Only the rep* folders `build` makes: anything else (a .translint_cache/ left by a run
        # without --no-cache) would be counted as corpus and searched by ripgrep and typos.
        extra = sorted(n for n in os.listdir(root) if not n.startswith("rep"))
        if extra:
            sys.exit(f"{root} holds {', '.join(extra)}, which bench.py does not build: "
                     "remove it, or give --keep a new folder")
        size = sum(os.path.getsize(os.path.join(dp, f)) for dp, _, fs in os.walk(root) for f in fs)
        files = sum(len(fs) for _, _, fs in os.walk(root))
    else:
        os.makedirs(root, exist_ok=True)
        size, files = build(root)
    mb = size / 1e6
    binaries = [os.path.abspath(b) for b in (a.bin or ["target/release/translint"])]
    print(f"corpus: {mb:.1f} MB in {files} files ({root})")
    subprocess.run(["cat"] + [os.path.join(root, "rep0", f) for f in os.listdir(os.path.join(root, "rep0"))[:1]], stdout=subprocess.DEVNULL)
    commands = {}
    for binary in binaries:
        name = "translint" if len(binaries) == 1 else f"translint {binary}"
        # Every run lints: a binary with a cache (.translint_cache/) is told not to use it.
        help = subprocess.run([binary, "check", "--help"], capture_output=True, text=True).stdout
        no_cache = ["--no-cache"] if "--no-cache" in help else []
        commands[name] = [binary, "check", "--no-config", *no_cache, "--format", "short", "."]
    pat = os.path.join(root, "..", f"{os.path.basename(root)}.patterns")
    if shutil.which("rg"):
        open(pat, "w").write("\n".join(PATTERNS) + "\n")
        commands[f"ripgrep ({len(PATTERNS)} ASCII patterns)"] = ["rg", "-c", "-f", pat, "."]
    else:
        print("ripgrep not found (apt-get install ripgrep): no baseline")
    if shutil.which("typos"):
        commands["typos"] = ["typos", "--format", "brief", "."]
    else:
        print("typos not installed: skipped (cargo install typos-cli)")
    try:
        results = measure(commands, root)
    finally:
        if os.path.exists(pat):
            os.remove(pat)
    width = max(len(n) for n in results)
    print(f"{'':{width}}  {'wall':>8}  {'MB/s':>7}  {'CPU':>8}  {'peak RSS':>9}   (medians of {a.runs}, alternated)")
    for name, (wall, cpu, rss) in results.items():
        print(f"{name:{width}}  {wall:7.3f}s  {mb / wall:7.1f}  {cpu:7.3f}s  {rss:6.0f} MB")
    for name, (wall, cpu, _) in results.items():
        if not name.startswith("translint"):
            continue
        for other, (owall, ocpu, _) in results.items():
            if not other.startswith("translint"):
                print(f"{name} / {other}: {wall / owall:.2f}x the wall time, {cpu / ocpu:.2f}x the CPU")
finally:
    if not a.keep:
        shutil.rmtree(root, ignore_errors=True)
