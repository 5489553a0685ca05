#!/usr/bin/env bash
# Cold fetch of every simple page (JSON) and one .metadata file per locked
# version of the transformers ecosystem lock: lockkit's HTTP client
# (build/bench/http_fetch) against `curl --parallel --parallel-max 50` on the
# same URL list, in one hyperfine run. Needs the network (PyPI) and hyperfine.
#
# Usage: bench/http_fetch_bench.sh [BUILD_DIR]     RUNS=5 by default
set -euo pipefail
ROOT="$(cd "$(dirname "$0")/.." && pwd)"
BUILD="${1:-$ROOT/build}"
LOCK="${LOCKKIT_CORPUS:-$ROOT/../shared/corpus}/uv-ecosystem/transformers/uv.lock"
RUNS="${RUNS:-5}"
TMP="$(mktemp -d)"
trap 'rm -rf "$TMP"' EXIT
python3 "$ROOT/bench/pypi_url_list.py" "$LOCK" "$TMP"
ACCEPT="application/vnd.pypi.simple.v1+json"
hyperfine --runs "$RUNS" --warmup 1 -i \
    -n "curl --parallel --parallel-max 50" "curl -s --parallel --parallel-max 50 --compressed -H 'Accept: $ACCEPT' -K $TMP/urls.curl" \
    -n "lockkit HttpClient (50)" "$BUILD/bench/http_fetch $TMP/urls.txt --accept '$ACCEPT' --concurrency 50"
