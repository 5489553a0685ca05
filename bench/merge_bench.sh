#!/usr/bin/env bash
# Whole-process lock-merge on three ~2 MB locks vs uv's recipe for the same case.
# Usage: bench/merge_bench.sh [BUILD_DIR]   (needs hyperfine; uv optional)
# base = transformers' uv.lock; ours bumps some packages, theirs bumps others
# (sed on copies in a temp dir). uv's recipe: take one side's lock, then
# `uv lock --offline` in a copy of the project (UV_CACHE_DIR empty and
# temporary, so uv may not be able to re-lock offline: then we say so and time
# `uv lock --offline --check` instead, labelled as such).
set -euo pipefail
ROOT="$(cd "$(dirname "$0")/.." && pwd)"
BUILD="${1:-$ROOT/build}"
LOCK_MERGE="$BUILD/tools/lock-merge/lock-merge"
PROJECT="${LOCKKIT_CORPUS:-$ROOT/../shared/corpus}/uv-ecosystem/transformers"
TMP="$(mktemp -d)"
trap 'rm -rf "$TMP"' EXIT
cp "$PROJECT/uv.lock" "$TMP/base.uv.lock"
# ours: bump three packages' versions (entry and every edge naming that version).
bump() { # file name old new
    sed -i -E "/^name = \"$2\"$/{n;s/^version = \"$3\"$/version = \"$4\"/}; s/\\{ name = \"$2\", version = \"$3\"/{ name = \"$2\", version = \"$4\"/g" "$1"
}
version_of() { grep -A1 -x "name = \"$1\"" "$TMP/base.uv.lock" | sed -n 's/^version = "\(.*\)"$/\1/p' | head -1; }
cp "$TMP/base.uv.lock" "$TMP/ours.uv.lock"
cp "$TMP/base.uv.lock" "$TMP/theirs.uv.lock"
for p in aiosignal annotated-types arrow; do v=$(version_of $p); bump "$TMP/ours.uv.lock" $p "$v" "$v.post1"; done
for p in audioread babel blinker; do v=$(version_of $p); bump "$TMP/theirs.uv.lock" $p "$v" "$v.post1"; done
ls -l "$TMP"/*.uv.lock | awk '{print $5, $9}'
# Sanity: the merge is clean.
cp "$TMP/ours.uv.lock" "$TMP/work.uv.lock"
"$LOCK_MERGE" "$TMP/base.uv.lock" "$TMP/work.uv.lock" "$TMP/theirs.uv.lock" uv.lock --no-verify  # versions edited without renaming files: verify would flag filename-mismatch
echo "lock-merge exit 0 (clean)"

hyperfine --warmup 3 --runs "${RUNS:-30}" -N -i \
    --prepare "cp $TMP/ours.uv.lock $TMP/work.uv.lock" \
    -n "lock-merge (verify on)" "$LOCK_MERGE $TMP/base.uv.lock $TMP/work.uv.lock $TMP/theirs.uv.lock uv.lock" \
    -n "lock-merge --no-verify" "$LOCK_MERGE $TMP/base.uv.lock $TMP/work.uv.lock $TMP/theirs.uv.lock uv.lock --no-verify" \
    -n "lock-merge --report" "$LOCK_MERGE $TMP/base.uv.lock $TMP/work.uv.lock $TMP/theirs.uv.lock uv.lock --report $TMP/report.json"

if ! command -v uv >/dev/null; then
    echo "uv not installed: uv's recipe not measured"
    exit 0
fi
mkdir "$TMP/proj"
cp "$PROJECT/pyproject.toml" "$TMP/proj/"
cp "$PROJECT/uv.lock" "$TMP/proj/uv.lock"
export UV_CACHE_DIR="$TMP/uv-cache"
if (cd "$TMP/proj" && uv lock --offline >/dev/null 2>"$TMP/uv.err"); then
    hyperfine --warmup 1 --runs 10 -N --prepare "cp $TMP/ours.uv.lock $TMP/proj/uv.lock" \
        -n "uv lock --offline (take ours, re-lock)" "uv lock --offline --directory $TMP/proj"
else
    echo "uv cannot re-lock offline with an empty cache ($(tail -1 "$TMP/uv.err")):"
    echo "measuring 'uv lock --offline --check' on one side's lock instead (NOT a re-lock)"
    hyperfine --warmup 1 --runs 10 -N -i \
        -n "uv lock --offline --check (not a re-lock)" "uv lock --offline --check --directory $TMP/proj"
fi
