#!/usr/bin/env python3
"""Builds a large benchmark corpus from the WMT MT outputs in ../shared/corpus/wmt.

    scripts/big_corpus.py OUT_DIR SIZE_MB [--wmt DIR]

Every system output (one segment per line) is cut into article-sized documents of 30
segments, written as OUT_DIR/rNNN/<system-file>/<NNNN>.txt; the whole set is repeated (rNNN)
until SIZE_MB megabytes are written. The corpus stays outside the repository: the WMT text
may not be redistributed.
"""
import argparse
import pathlib
import sys

LINES_PER_DOC = 30


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("out", type=pathlib.Path)
    ap.add_argument("size_mb", type=float)
    ap.add_argument("--wmt", type=pathlib.Path,
                    default=pathlib.Path(__file__).resolve().parents[1] / "../shared/corpus/wmt")
    args = ap.parse_args()
    outputs = sorted(args.wmt.glob("*/txt/system-outputs/*.en"))
    if not outputs:
        print(f"no system outputs under {args.wmt}", file=sys.stderr)
        return 2
    docs = []
    for path in outputs:
        lines = path.read_text(encoding="utf-8").splitlines(keepends=True)
        for i in range(0, len(lines), LINES_PER_DOC):
            docs.append((path.name, i // LINES_PER_DOC, "".join(lines[i:i + LINES_PER_DOC])))
    target = int(args.size_mb * 1_000_000)
    written, files, rep = 0, 0, 0
    while written < target:
        for name, n, text in docs:
            folder = args.out / f"r{rep:03}" / name
            folder.mkdir(parents=True, exist_ok=True)
            data = text.encode("utf-8")
            (folder / f"{n:04}.txt").write_bytes(data)
            written += len(data)
            files += 1
            if written >= target:
                break
        rep += 1
    print(f"{args.out}: {files} files, {written / 1e6:.1f} MB")
    return 0


if __name__ == "__main__":
    sys.exit(main())
