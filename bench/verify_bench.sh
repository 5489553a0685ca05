#!/usr/bin/env bash
# Whole-process lock-verify offline checks against `uv lock --check --offline`
# on the transformers project (2 MB lock), in one hyperfine run.
# Usage: bench/verify_bench.sh [BUILD_DIR]   (needs hyperfine and uv 0.12.5 from pip)
# uv is called as its own binary with a real interpreter (`--python`), not
# through pyenv shims, which add ~50 ms per call; UV_EXCLUDE_NEWER is the one
# the corpus lock was made with (its META), or uv re-resolves instead of
# checking. The uv cache is empty: a check needs none.
set -euo pipefail
ROOT="$(cd "$(dirname "$0")/.." && pwd)"
BUILD="${1:-$ROOT/build}"
VERIFY="$BUILD/tools/lock-verify/lock-verify"
PROJECT="${LOCKKIT_CORPUS:-$ROOT/../shared/corpus}/uv-ecosystem/transformers"
TMP="$(mktemp -d)"
trap 'rm -rf "$TMP"' EXIT
cp "$PROJECT/pyproject.toml" "$PROJECT/uv.lock" "$TMP/"
UV_BIN="$(python3 -c 'import uv; print(uv.find_uv_bin())')"
PY="$(python3 -c 'import sys; print(sys.executable)')"
export UV_EXCLUDE_NEWER="$(sed -n 's/^exclude-newer = //p' "$PROJECT/META")"
export UV_CACHE_DIR="$TMP/uv-cache" UV_NO_CONFIG=1
cd "$TMP"
"$UV_BIN" lock --check --offline --python "$PY" -q   # must pass: the lock is up to date
"$VERIFY" uv.lock -q                                   # must pass too
hyperfine --warmup 5 --runs "${RUNS:-30}" -N \
    -n "lock-verify --no-stale" "$VERIFY --no-stale uv.lock -q" \
    -n "lock-verify (with staleness)" "$VERIFY uv.lock -q" \
    -n "uv lock --check --offline" "$UV_BIN lock --check --offline --python $PY -q"
