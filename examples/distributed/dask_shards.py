#!/usr/bin/env python3
"""Lint a corpus past one machine with Dask: every shard of files is linted by a task of a
Dask cluster (`translint check --emit-summary DIR SHARD...`), then one run decides the corpus
over all the shards' summaries (`translint check --from-summaries DIR`) and prints the report
a single run over every file would print.

usage: examples/distributed/dask_shards.py [--bin translint] [--shards 4] [--workers 2]
           [--scheduler ADDRESS] [--summaries DIR] [--compare] [--format json] PATH...

Without --scheduler, a local cluster (`dask.distributed.LocalCluster`) of --workers processes
is started; with it, the tasks go to that cluster, whose workers must see the files and DIR at
the same paths (a shared file system) and have translint installed. Run it from the folder the
paths are relative to: files are named in the report as the command line names them.

--compare also runs `translint check` over every file on this machine and exits 3 unless the
two reports (and exit codes) are identical (what tests/distributed.rs checks).

The report goes to standard output; the exit code is translint's (0 clean, 1 findings, 2 errors).
"""
import argparse
import contextlib
import logging
import os
import shutil
import subprocess
import sys
import tempfile

from dask.distributed import Client, LocalCluster

# The formats translint lints as monolingual text, which shards summarise.
SUFFIXES = (".txt", ".md", ".markdown")


def files_under(paths):
    """Every file to lint under `paths`, sorted, named relative to the current folder."""
    found = []
    for path in paths:
        if os.path.isfile(path):
            found.append(path)
            continue
        for folder, dirs, names in os.walk(path):
            dirs[:] = [d for d in dirs if not d.startswith(".")]
            found += [os.path.join(folder, n) for n in names if n.endswith(SUFFIXES)]
    return sorted(set(os.path.normpath(f) for f in found))


def lint_shard(binary, cwd, summaries, files, check_args):
    """One task: lint a shard and write its summaries. Returns translint's exit code and its
    standard error (the shard's own report is not needed: the decision is made over all)."""
    cmd = [binary, "check", "--quiet", "--no-cache", "--emit-summary", summaries,
           "--format", "short", *check_args, *files]
    p = subprocess.run(cmd, cwd=cwd, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
    return p.returncode, p.stderr


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("paths", nargs="+")
    ap.add_argument("--bin", default=shutil.which("translint") or "translint")
    ap.add_argument("--shards", type=int, default=4)
    ap.add_argument("--workers", type=int, default=2)
    ap.add_argument("--scheduler", help="address of a running Dask scheduler")
    ap.add_argument("--summaries", help="folder for the summaries (default: a temporary one)")
    ap.add_argument("--format", default="json")
    ap.add_argument("--compare", action="store_true")
    a = ap.parse_args()

    binary = os.path.abspath(a.bin) if os.path.sep in a.bin else a.bin
    cwd = os.getcwd()
    files = files_under(a.paths)
    if not files:
        sys.exit("no .txt or .md files under the paths given")
    # Contiguous shards: each task lints neighbouring files, as a split archive would.
    size = -(-len(files) // a.shards)
    shards = [files[i:i + size] for i in range(0, len(files), size)]
    summaries = a.summaries or tempfile.mkdtemp(prefix="translint-summaries-")
    summaries = os.path.abspath(summaries)

    with contextlib.ExitStack() as stack:
        if a.scheduler:
            client = stack.enter_context(Client(a.scheduler))
        else:
            cluster = stack.enter_context(LocalCluster(
                n_workers=a.workers, threads_per_worker=1, processes=True,
                dashboard_address=None, silence_logs=logging.ERROR))
            client = stack.enter_context(Client(cluster))
        tasks = [client.submit(lint_shard, binary, cwd, summaries, shard, [], pure=False)
                 for shard in shards]
        results = client.gather(tasks)
    for shard, (code, err) in zip(shards, results):
        if code not in (0, 1):
            sys.exit(f"a shard of {len(shard)} files failed ({code}):\n{err}")
    print(f"linted {len(files)} files in {len(shards)} shards on Dask; summaries in {summaries}",
          file=sys.stderr)

    merged = subprocess.run([binary, "check", "--from-summaries", summaries, "--format", a.format,
                             "--color", "never"], capture_output=True, text=True)
    sys.stdout.write(merged.stdout)
    sys.stderr.write(merged.stderr)
    if not a.summaries:
        shutil.rmtree(summaries, ignore_errors=True)
    if a.compare:
        single = subprocess.run([binary, "check", "--no-cache", "--format", a.format, "--color",
                                 "never", *files], capture_output=True, text=True)
        if (single.stdout, single.returncode) != (merged.stdout, merged.returncode):
            print("the merged report differs from a single run's", file=sys.stderr)
            return 3
        print(f"same report as a single run over the {len(files)} files "
              f"(exit code {single.returncode})", file=sys.stderr)
    return merged.returncode


if __name__ == "__main__":
    sys.exit(main())
