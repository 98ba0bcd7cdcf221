#!/usr/bin/env bash
# Runs the cargo-fuzz targets in fuzz/, one after the other, each for SECONDS (default 60).
#   scripts/fuzz.sh [SECONDS] [TARGET...]
# Inputs go up to MAX_LEN bytes (default 16384: past the 4 KB where bugs of long lines and
# large header blocks hide); `lint_large` repeats its input to 64 KiB and more.
# The working corpus grows in fuzz/corpus/<target> (not committed); the small committed seeds
# in fuzz/seeds/<target> are read as a second corpus directory. Crashes land in
# fuzz/artifacts/<target>/ and stop that target with a non-zero exit.
#
# libFuzzer and `-Zsanitizer=address` need nightly: use it when rustup has it, otherwise let
# the stable compiler accept the nightly flags with RUSTC_BOOTSTRAP=1.
set -euo pipefail
cd "$(dirname "$0")/../fuzz"

seconds=${1:-60}
shift || true
targets=("$@")
if [ ${#targets[@]} -eq 0 ]; then
    targets=(read_document lint fix config rule_pack lint_large workspace lsp_framing formats)
fi

if rustup toolchain list 2>/dev/null | grep -q '^nightly'; then
    fuzz=(cargo +nightly fuzz)
else
    export RUSTC_BOOTSTRAP=1
    fuzz=(cargo fuzz)
fi

for target in "${targets[@]}"; do
    mkdir -p "corpus/$target"
    echo "== fuzzing $target for ${seconds}s"
    "${fuzz[@]}" run "$target" "corpus/$target" "seeds/$target" -- \
        -max_total_time="$seconds" -max_len="${MAX_LEN:-16384}" -len_control=0 -timeout=20 -rss_limit_mb=2048 -print_final_stats=1
done
