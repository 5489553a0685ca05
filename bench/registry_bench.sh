#!/usr/bin/env bash
# The registry client on the transformers ecosystem lock (bench/registry_bench):
# the simple page (JSON) of every registry package and the metadata of the
# first wheel of every locked version.
#
#   cold: an empty cache each run, against `curl --parallel --parallel-max 50`
#         on the same URL list (the pages and those wheels' `.metadata`
#         files), in one hyperfine session;
#   warm: the cache those runs filled, read offline (any age: the PyPI reached
#         from here sends no caching headers, so a page would otherwise be
#         revalidated, that is fetched again); the in-process time from the
#         first question to the last answer, over RUNS fresh processes.
#
# Needs the network (PyPI) and hyperfine. Usage: bench/registry_bench.sh [BUILD_DIR]   RUNS=10
set -euo pipefail
ROOT="$(cd "$(dirname "$0")/.." && pwd)"
BUILD="${1:-$ROOT/build}"
LOCK="${LOCKKIT_CORPUS:-$ROOT/../shared/corpus}/uv-ecosystem/transformers/uv.lock"
RUNS="${RUNS:-10}"
TMP="$(mktemp -d)"
trap 'rm -rf "$TMP"' EXIT
python3 "$ROOT/bench/pypi_url_list.py" "$LOCK" "$TMP"
ACCEPT="application/vnd.pypi.simple.v1+json, application/vnd.pypi.simple.v1+html;q=0.2, text/html;q=0.01"
echo "== cold (empty cache each run)"
hyperfine --runs "$RUNS" --warmup 1 -i --prepare "rm -rf $TMP/cache" \
    -n "curl --parallel --parallel-max 50" "curl -s --parallel --parallel-max 50 --compressed -H '$ACCEPT' -K $TMP/urls.curl" \
    -n "lockkit registry client" "$BUILD/bench/registry_bench $LOCK --cache $TMP/cache --wheels-only"
echo "== warm (offline, from the cache), in-process ms per fresh process"
"$BUILD/bench/registry_bench" "$LOCK" --cache "$TMP/cache" --wheels-only > /dev/null 2>&1 || true
for _ in $(seq "$RUNS"); do
    "$BUILD/bench/registry_bench" "$LOCK" --cache "$TMP/cache" --wheels-only --offline 2> /dev/null
done | sort -n | awk '{ v[NR] = $1 } END { printf "min %.1f ms, median %.1f ms, max %.1f ms over %d runs\n", v[1], v[int((NR + 1) / 2)], v[NR], NR }'
"$BUILD/bench/registry_bench" "$LOCK" --cache "$TMP/cache" --wheels-only --offline > /dev/null
