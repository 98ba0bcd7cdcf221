#!/usr/bin/env python3
"""Builds the hostile-input corpus at full size and runs translint on each case.

    scripts/hostile_corpus.py OUT_DIR [--bin target/release/translint] [--build-only]

Each case is a folder OUT_DIR/<case>/ holding the hostile input and `good.txt`, a clean
neighbour with one known finding. The run is `translint check --no-config --format json`;
the table says, per case, the exit status, what was reported for the hostile input, whether
good.txt was still linted, wall time and peak RSS. tests/hostile.rs checks the same outcomes
at sizes that keep `cargo test` fast. Nothing here is committed: it is all generated.
"""
import argparse
import json
import os
import pathlib
import shutil
import subprocess
import sys
import time

GOOD = "ok text , here\n"
EXPECTED = {
    "invalid-utf8": "error io/invalid-utf8, exit 2",
    "utf16-bom": "error io/read-error (UTF-16), exit 2",
    "nul-bytes": "skipped as binary (-v says so)",
    "long-line-10mb": "linted; human output names the line",
    "100k-files": "linted",
    "nested-quotes": "linted",
    "nested-lists": "linted",
    "nested-indent": "linted",
    "nested-brackets": "linted",
    "rtl-zero-width": "linted",
    "combining-marks": "linted",
    "crlf-lone-cr": "linted",
    "symlink-loop-walked": "not followed, not linted",
    "symlink-loop-named": "error io/read-error (symbolic links), exit 2",
    "unreadable": "error io/read-error (permission), exit 2; root: linted",
    "deleted-mid-run": "linted or io/read-error (not found), exit 2",
}


def write(path: pathlib.Path, data) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(data if isinstance(data, bytes) else data.encode("utf-8"))


def build(out: pathlib.Path) -> None:
    if out.exists():
        shutil.rmtree(out)
    for case in EXPECTED:
        write(out / case / "good.txt", GOOD)
    write(out / "invalid-utf8/bad.txt", b"valid , start \xff\xfe\xc3( then more\n")
    write(out / "utf16-bom/utf16.txt", b"\xff\xfe" + "hi , there\n".encode("utf-16-le"))
    write(out / "nul-bytes/nul.txt", b"text , \x00 binary")
    unit = "The minister said , the talks went on through the night in Tokyo today. "
    write(out / "long-line-10mb/long.txt", unit * (10_000_000 // len(unit)))
    many = out / "100k-files/many"
    for i in range(100_000):
        write(many / f"d{i // 1000:03}" / f"f{i:06}.txt", "a , b\n")
    write(out / "nested-quotes/q.md", ">" * 10_000 + " deep , quote\n")
    write(out / "nested-lists/l.md", "- " * 10_000 + "item ,\n" + "1. " * 5_000 + "> " * 5_000 + "x ,\n")
    write(out / "nested-indent/i.md", "".join("  " * i + "- item ,\n" for i in range(2_000)))
    write(out / "nested-brackets/b.md", "[" * 10_000 + "t ," + "]" * 10_000 + "\n" + "*_" * 5_000 + "t ," + "_*" * 5_000 + "\n")
    write(out / "rtl-zero-width/r.txt", "\u05e9\u05dc\u05d5\u05dd \u202ex , y\u202c \u200b\u200d\u2066z ,\u2069\n\u0627\u0644\u0633\u0644\u0627\u0645 , \ufeffmid\n")
    write(out / "combining-marks/c.txt", "cafe\u0301 , na\u0308ive" + "a" + "\u0301" * 10_000 + " ,\n")
    write(out / "crlf-lone-cr/e.txt", "one\r\ntwo\rthree , x\r\nfour , y\r" * 1000)
    for case in ("symlink-loop-walked", "symlink-loop-named"):
        os.symlink("loop_b.txt", out / case / "loop_a.txt")
        os.symlink("loop_a.txt", out / case / "loop_b.txt")
        os.symlink("..", out / case / "up")
    write(out / "unreadable/secret.txt", "a , b\n")
    os.chmod(out / "unreadable/secret.txt", 0)
    for i in range(20_000):
        write(out / "deleted-mid-run/many" / f"f{i:05}.txt", "a , b\n")


def run(binary: str, case_dir: pathlib.Path, args, delete=None):
    cmd = [binary, "check", "--no-config", "--format", "json", "-v", *args]
    timed = ["/usr/bin/time", "-f", "%M"] if os.path.exists("/usr/bin/time") else []
    start = time.monotonic()
    proc = subprocess.Popen(timed + cmd, cwd=case_dir, stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    if delete is not None:
        time.sleep(0.05)
        delete.unlink()
    stdout, stderr = proc.communicate()
    elapsed = time.monotonic() - start
    err = stderr.decode("utf-8", "replace").strip().splitlines()
    rss = f"{int(err[-1]) // 1024} MB" if timed and err and err[-1].isdigit() else "?"
    return proc.returncode, stdout, err, elapsed, rss


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("out", type=pathlib.Path)
    ap.add_argument("--bin", default=str(pathlib.Path(__file__).resolve().parents[1] / "target/release/translint"))
    ap.add_argument("--build-only", action="store_true")
    args = ap.parse_args()
    build(args.out)
    if args.build_only:
        return 0
    print("| case | expected | exit | reported for the hostile input | good.txt linted | time | peak RSS |")
    print("|---|---|---|---|---|---|---|")
    ok = True
    for case, expected in EXPECTED.items():
        d = args.out / case
        paths, delete = ["."], None
        if case == "symlink-loop-named":
            paths = ["loop_a.txt", "good.txt"]
        if case == "deleted-mid-run":
            delete = d / "many/f19999.txt"
        code, stdout, stderr, elapsed, rss = run(args.bin, d, paths, delete)
        try:
            out = json.loads(stdout)
        except ValueError:
            out = {"diagnostics": []}
            ok = False
        diags = out["diagnostics"]
        good = [x for x in diags if x["path"] == "good.txt"]
        other = [x for x in diags if x["path"] != "good.txt"]
        rules = sorted({x["rule"] for x in other})
        first_io = next((x for x in other if x["rule"].startswith("io/")), None)
        said = f"{len(other)} findings {', '.join(rules)}" if other else "nothing"
        if first_io:
            said += f"; `{first_io['path']}`: {first_io['message']}"
        skipped = [line for line in stderr if "skipped" in line]
        if skipped:
            said += f"; stderr: {skipped[0]}"
        linted = len(good) == 1 and good[0]["line"] == 1 and good[0]["column"] == 8
        ok &= linted and code in (0, 1, 2)
        print(f"| {case} | {expected} | {code} | {said} | {'yes' if linted else 'NO'} | {elapsed:.2f} s | {rss} |")
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
