#!/usr/bin/env python3
"""The cache's effect: `translint check` over the benchmark corpus without the cache, cold
(no cache yet: lints everything and writes it), warm (nothing changed) and after one file
changed, with the findings of every run compared to the run without the cache.

usage: scripts/cache_bench.py [--dir /tmp/translint-cache-bench] [--mb 50] [--runs 3]
                              [--bin target/release/translint]

The corpus is the one scripts/bench.py builds (built in DIR/corpus if missing). The cache is
written in the corpus folder (`--no-config`, run from there) and removed before every cold run.
Prints the median wall time, CPU time and peak RSS of each kind of run.
"""
import argparse, hashlib, os, shutil, statistics, subprocess, sys, tempfile, time

ap = argparse.ArgumentParser()
ap.add_argument("--dir", default="/tmp/translint-cache-bench")
ap.add_argument("--mb", type=float, default=50)
ap.add_argument("--runs", type=int, default=3)
ap.add_argument("--bin", default="target/release/translint")
a = ap.parse_args()

binary = os.path.abspath(a.bin)
corpus = os.path.join(a.dir, "corpus")
if not os.path.isdir(os.path.join(corpus, "rep0")):
    os.makedirs(a.dir, exist_ok=True)
    bench = os.path.join(os.path.dirname(os.path.abspath(__file__)), "bench.py")
    subprocess.run([sys.executable, bench, "--keep", corpus, "--mb", str(a.mb), "--runs", "1",
                    "--bin", binary], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    if not os.path.isdir(os.path.join(corpus, "rep0")):
        sys.exit(f"could not build the corpus in {corpus}")
cache = os.path.join(corpus, ".translint_cache")


def measured(*extra):
    """Wall, CPU, peak RSS (MB), the digest of the JSON output and standard error of one run."""
    cmd = [binary, "check", "--no-config", "--format", "json", *extra, "."]
    with tempfile.TemporaryFile() as out, tempfile.TemporaryFile() as err:
        start = time.perf_counter()
        p = subprocess.Popen(cmd, cwd=corpus, stdout=out, stderr=err)
        _, status, usage = os.wait4(p.pid, 0)
        wall = time.perf_counter() - start
        p.returncode = os.waitstatus_to_exitcode(status)
        out.seek(0)
        err.seek(0)
        # Hashed a block at a time: a forked child's peak RSS starts from this process's, so
        # holding the whole report here (38 MB for the 51 MB corpus) raised every run's figure.
        h = hashlib.sha256()
        for block in iter(lambda: out.read(1 << 20), b""):
            h.update(block)
        digest, errors = h.hexdigest(), err.read().decode()
    if p.returncode not in (0, 1):
        sys.exit(f"translint failed ({p.returncode}): {errors[:500]}")
    return wall, usage.ru_utime + usage.ru_stime, usage.ru_maxrss / 1024, digest, errors


def median(rows):
    return [statistics.median(col) for col in zip(*[r[:3] for r in rows])]


files = sum(len(f) for _, _, f in os.walk(corpus) if ".translint_cache" not in _)
size = sum(os.path.getsize(os.path.join(d, f)) for d, _, fs in os.walk(corpus)
           if ".translint_cache" not in d for f in fs)
print(f"corpus: {size / 1e6:.1f} MB in {files} files ({corpus}); {a.runs} runs each, medians")

reference = measured("--no-cache")
rows = {"--no-cache": [reference] + [measured("--no-cache") for _ in range(a.runs - 1)]}
rows["cold (writes the cache)"] = []
for _ in range(a.runs):
    shutil.rmtree(cache, ignore_errors=True)
    rows["cold (writes the cache)"].append(measured())
rows["warm, nothing changed"] = [measured("--verbose") for _ in range(a.runs)]
victim = os.path.join(corpus, "rep0", sorted(os.listdir(os.path.join(corpus, "rep0")))[0])
original = open(victim, "rb").read()
rows["warm, one file changed"] = []
try:
    for i in range(a.runs):
        with open(victim, "wb") as f:
            f.write(original + f"Edit {i}.\n".encode())
        rows["warm, one file changed"].append(measured("--verbose"))
finally:
    with open(victim, "wb") as f:
        f.write(original)
    after = measured()  # the restored file, so the corpus and its cache are as they were

cache_mb = sum(os.path.getsize(os.path.join(d, f)) for d, _, fs in os.walk(cache) for f in fs) / 1e6
print(f"{'run':28} {'wall':>8} {'CPU':>8} {'RSS':>8}  same output as --no-cache")
cold_wall = None
for name, rs in rows.items():
    wall, cpu, rss = median(rs)
    same = all(r[3] == reference[3] for r in rs) if name != "warm, one file changed" else "n/a (edited)"
    if name.startswith("cold"):
        cold_wall, cold_cpu = wall, cpu
    ratio = f"  ({wall / cold_wall:.0%} of cold wall, {cpu / cold_cpu:.0%} of cold CPU)" if cold_wall and not name.startswith("cold") else ""
    print(f"{name:28} {wall:7.3f}s {cpu:7.3f}s {rss:6.0f}MB  {same}{ratio}")
print(f"restored corpus, warm: same output as --no-cache: {after[3] == reference[3]}")
print(f"cache size: {cache_mb:.1f} MB")
for name in ("warm, nothing changed", "warm, one file changed"):
    line = next((l for l in rows[name][-1][4].splitlines() if l.startswith("info: linted")), "?")
    print(f"{name}: {line}")
