#!/usr/bin/env bash
# The first commit through the wheel hook, as a user meets it: builds the release wheel
# (maturin), serves it to pip from a folder (as PyPI would), makes a scratch hook repository
# from pre-commit/ and a user repository, and times the commit that installs the hook's
# environment and runs it, then a second commit. Needs git, maturin and pre-commit.
#   scripts/wheel_hook_time.sh
set -euo pipefail
cd "$(dirname "$0")/.."
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

ms() { echo $(( ($(date +%s%N) - $1) / 1000000 )); }
start=$(date +%s%N)
maturin build --release --quiet --out "$work/wheels" >/dev/null
echo "release wheel built in $(ms "$start") ms: $(ls "$work/wheels")"

export GIT_CONFIG_GLOBAL=/dev/null GIT_AUTHOR_NAME=t GIT_AUTHOR_EMAIL=t@example.invalid
export GIT_COMMITTER_NAME=t GIT_COMMITTER_EMAIL=t@example.invalid
export PRE_COMMIT_HOME="$work/cache" PIP_FIND_LINKS="$work/wheels" PIP_NO_INDEX=1
# pip reads PIP_NO_BUILD_ISOLATION=0 as --no-build-isolation: the hook repository's package
# builds with the environment's setuptools, offline.
export PIP_NO_BUILD_ISOLATION=0

mkdir "$work/hooks" "$work/repo"
cp pre-commit/.pre-commit-hooks.yaml pre-commit/pyproject.toml "$work/hooks/"
git -C "$work/hooks" init -q && git -C "$work/hooks" add . && git -C "$work/hooks" commit -qm hooks
rev=$(git -C "$work/hooks" rev-parse HEAD)
cd "$work/repo"
git init -q
printf 'repos:\n  - repo: %s\n    rev: %s\n    hooks:\n      - id: translint\n' "$work/hooks" "$rev" \
    > .pre-commit-config.yaml
git add . && git commit -qm start && pre-commit install >/dev/null

for n in first second; do
    printf 'The %s commit.\n' "$n" > "$n.md"
    git add "$n.md"
    start=$(date +%s%N)
    git commit -qm "$n" >/dev/null
    echo "$n commit through the wheel hook: $(ms "$start") ms"
done
