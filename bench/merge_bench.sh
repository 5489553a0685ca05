#!/usr/bin/env bash
# Whole-process lock-merge on three ~2 MB locks against uv's recipe for the
# same case (take one side's lock, then `uv lock --offline`), in one hyperfine run.
#
# Usage: bench/merge_bench.sh [BUILD_DIR]        (needs hyperfine and jq; uv 0.12.5 optional)
#   RUNS=30                 runs per command
#   BASELINE=/path/lock-merge   also time another lock-merge binary (before/after in one run)
#   LOCKKIT_BENCH_CACHE=~/.cache/lockkit-bench   uv's cache, warmed once online, kept across runs
#   INTERLEAVE=N            then N interleaved rounds (bench/interleave.py), robust to load changes
#
# base = transformers' uv.lock; ours bumps three leaf packages, theirs three
# others (the version line, edges naming that version, and the artifact
# filenames, so every side and the merge pass lock-verify and uv parses them).
# The merge is clean, so the lock-merge rows measure the whole clean path:
# three reads, merge, verification, write.
#
# uv is run with UV_EXCLUDE_NEWER from the project's META, as the corpus lock
# was made, so uv sees an unchanged project. The first run resolves the project
# once online into LOCKKIT_BENCH_CACHE (uv's cache); later runs are offline.
# Under pyenv, `uv` on PATH is a shell shim, and so is the python3 uv queries:
# together some 50 ms per call that are not uv's, so uv's own binary and
# interpreter are named instead.
set -euo pipefail
ROOT="$(cd "$(dirname "$0")/.." && pwd)"
BUILD="${1:-$ROOT/build}"
LOCK_MERGE="$BUILD/tools/lock-merge/lock-merge"
PROJECT="${LOCKKIT_CORPUS:-$ROOT/../shared/corpus}/uv-ecosystem/transformers"
CACHE="${LOCKKIT_BENCH_CACHE:-$HOME/.cache/lockkit-bench}"
RUNS="${RUNS:-30}"
TMP="$(mktemp -d)"
trap 'rm -rf "$TMP"' EXIT

cp "$PROJECT/uv.lock" "$TMP/base.uv.lock"
chmod u+w "$TMP/base.uv.lock"
bump() { # file name old new
    local v=${3//./\\.}
    sed -i -E -e "/^name = \"$2\"$/,/^$/{s/-$v(-[^\"\\/]*\\.whl\"|\\.tar\\.gz\"|\\.zip\")/-$4\\1/g}" \
        -e "/^name = \"$2\"$/{n;s/^version = \"$v\"$/version = \"$4\"/}" \
        -e "s/\\{ name = \"$2\", version = \"$v\"/{ name = \"$2\", version = \"$4\"/g" "$1"
}
version_of() { grep -A1 -x "name = \"$1\"" "$TMP/base.uv.lock" | sed -n 's/^version = "\(.*\)"$/\1/p' | head -1; }
cp "$TMP/base.uv.lock" "$TMP/ours.uv.lock"
cp "$TMP/base.uv.lock" "$TMP/theirs.uv.lock"
THEIRS_PACKAGES="audioread babel blinker"
for p in aiosignal annotated-types arrow; do v=$(version_of $p); bump "$TMP/ours.uv.lock" $p "$v" "$v.post1"; done
for p in $THEIRS_PACKAGES; do v=$(version_of $p); bump "$TMP/theirs.uv.lock" $p "$v" "$v.post1"; done
ls -l "$TMP"/*.uv.lock | awk '{print $5, $9}'

# Sanity: the merge is clean and verified (exit 0).
cp "$TMP/ours.uv.lock" "$TMP/merged.uv.lock"
"$LOCK_MERGE" "$TMP/base.uv.lock" "$TMP/merged.uv.lock" "$TMP/theirs.uv.lock" uv.lock
echo "lock-merge: exit 0 (clean, verified)"
ARGS="$TMP/base.uv.lock $TMP/work.uv.lock $TMP/theirs.uv.lock uv.lock"
PREPARE="cp $TMP/ours.uv.lock $TMP/work.uv.lock"
commands=(-n "lock-merge" --prepare "$PREPARE" "$LOCK_MERGE $ARGS"
          -n "lock-merge --no-verify" --prepare "$PREPARE" "$LOCK_MERGE $ARGS --no-verify"
          -n "lock-merge --report" --prepare "$PREPARE" "$LOCK_MERGE $ARGS --report $TMP/report.json")
if [ -n "${BASELINE:-}" ]; then
    commands+=(-n "baseline lock-merge" --prepare "$PREPARE" "$BASELINE $ARGS")
fi

UV="$(command -v uv || true)"
if [ -n "$UV" ] && command -v pyenv >/dev/null && pyenv which uv >/dev/null 2>&1; then
    UV="$(pyenv which uv)"
    UV_PYTHON="$(pyenv which python3)"
    export UV_PYTHON
fi
if [ -n "$UV" ]; then
    "$UV" --version
    export UV_CACHE_DIR="$CACHE/uv-cache"
    UV_EXCLUDE_NEWER="$(sed -n 's/^exclude-newer = //p' "$PROJECT/META")"
    export UV_EXCLUDE_NEWER
    mkdir -p "$CACHE"
    if [ ! -f "$CACHE/transformers.warm" ]; then
        # Once, online: resolve the project from scratch, which fetches every
        # package's metadata into uv's cache (about 40 s; several hundred MB).
        rm -rf "$CACHE/transformers-fresh"
        mkdir -p "$CACHE/transformers-fresh"
        cp "$PROJECT/pyproject.toml" "$CACHE/transformers-fresh/"
        if "$UV" lock --directory "$CACHE/transformers-fresh" 2>"$CACHE/warm.err"; then
            touch "$CACHE/transformers.warm"
        else
            echo "could not warm uv's cache online: $(tail -1 "$CACHE/warm.err")"
        fi
    fi
    mkdir "$TMP/proj"
    cp "$PROJECT/pyproject.toml" "$TMP/proj/"
    UV_PREPARE="cp $TMP/ours.uv.lock $TMP/proj/uv.lock"
    UPGRADE=""
    for p in $THEIRS_PACKAGES; do UPGRADE="$UPGRADE --upgrade-package $p"; done
    # uv's recipe: take ours, re-lock. The lock still satisfies pyproject.toml,
    # so uv keeps ours as it is (theirs' bumps are not in the result).
    # With theirs' packages upgraded, uv re-resolves them (from the cache).
    for variant in "" "$UPGRADE"; do
        name="uv lock --offline (take ours)"
        [ -n "$variant" ] && name="uv lock --offline --upgrade-package x3 (take ours, redo theirs)"
        $UV_PREPARE
        if "$UV" lock --offline --directory "$TMP/proj" $variant 2>"$TMP/uv.err"; then
            if cmp -s "$TMP/proj/uv.lock" "$TMP/merged.uv.lock"; then same=yes; else same=no; fi
            echo "$name: result identical to lock-merge's: $same"
            commands+=(-n "$name" --prepare "$UV_PREPARE" "$UV lock --offline --directory $TMP/proj$variant")
        else
            echo "$name: uv cannot run it offline: $(tail -1 "$TMP/uv.err")"
        fi
    done
else
    echo "uv not installed: uv's recipe not measured"
fi

hyperfine --warmup 3 --runs "$RUNS" -N --export-json "$TMP/times.json" "${commands[@]}"
jq -r '.results as $r | ($r[] | select(.command == "lock-merge") | .mean) as $base |
       $r[] | "\(.command): mean \(.mean * 1000 | . * 10 | round / 10) ms = \(.mean / $base | . * 10 | round / 10)x lock-merge"' \
    "$TMP/times.json"

if [ -n "${INTERLEAVE:-}" ]; then
    # Each round runs every command once. There is no per-run copy here: from
    # the second run on, %A holds the previous merge's result, and merging
    # (base, result, theirs) does the same reads, merge, checks and write; uv
    # keeps ours as it is, so each of its runs does the same work too.
    cp "$TMP/ours.uv.lock" "$TMP/work.uv.lock"
    rounds=(lock-merge="$LOCK_MERGE $ARGS")
    [ -n "${BASELINE:-}" ] && rounds+=(baseline="$BASELINE $ARGS")
    if [ -n "$UV" ]; then
        cp "$TMP/ours.uv.lock" "$TMP/proj/uv.lock"
        rounds+=("uv-take-ours=$UV lock --offline --directory $TMP/proj")
    fi
    python3 "$ROOT/bench/interleave.py" "$INTERLEAVE" "${rounds[@]}"
fi
