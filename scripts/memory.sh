#!/usr/bin/env bash
# Peak RSS of `translint check --no-config` on the 50 MB benchmark corpus and on 10x of it.
#   scripts/memory.sh [WORK_DIR]        (default: /tmp/translint-memory)
# The corpora are built by scripts/bench.py --keep from ../shared/corpus/wmt, outside the
# repository (the WMT text may not be redistributed), and reused when already there.
set -euo pipefail
cd "$(dirname "$0")/.."
work=${1:-/tmp/translint-memory}
mkdir -p "$work"
cargo build --release --quiet
if ! [ -x /usr/bin/time ]; then
    echo "needs GNU time: apt-get install time" >&2
    exit 2
fi
printf '%-8s %8s %10s %8s %14s\n' corpus files "peak RSS" wall "RSS / corpus"
for mb in 50 500; do
    dir=$work/corpus$mb
    # bench.py builds the corpus first, then times the tools; only the corpus is needed here,
    # so a baseline tool failing (typos missing its config, say) does not matter.
    [ -d "$dir" ] || python3 scripts/bench.py --keep "$dir" --mb "$mb" --runs 1 >/dev/null 2>&1 || true
    [ -d "$dir/rep0" ] || { echo "could not build the corpus in $dir" >&2; exit 1; }
    # "$dir/": a corpus folder that is a link to one is measured as the folder it points to.
    bytes=$(du -sb --apparent-size "$dir/" | cut -f1)
    files=$(find "$dir/" -type f | wc -l)
    status=0
    # A cold run: the cache (.translint_cache/) would make every run after the first a warm one.
    /usr/bin/time -f '%M %e' -o "$work/time" target/release/translint check --no-config \
        --no-cache --format json "$dir" >/dev/null || status=$?
    [ "$status" -le 1 ] || { echo "translint failed with exit $status" >&2; exit 1; }
    # GNU time puts "Command exited with non-zero status 1" first when there are findings.
    read -r kb secs < <(tail -n 1 "$work/time")
    awk -v mb="$mb" -v f="$files" -v kb="$kb" -v s="$secs" -v b="$bytes" 'BEGIN {
        printf "%-8s %8d %7.0f MB %7.1fs %13.2fx\n", mb " MB", f, kb / 1024, s, kb * 1024 / b }'
done
