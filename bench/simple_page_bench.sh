#!/usr/bin/env bash
# Simple-API page reading speed: fetches the project pages of large projects
# from PyPI once (JSON with the PEP 691 Accept header, and HTML) into a
# temporary folder, then runs build/bench/simple_page_bench on them.
# Usage: bench/simple_page_bench.sh [BUILD_DIR] [PROJECT ...]   (default: boto3 botocore)
# Environment: ROUNDS (default 30), INDEX_URL (default https://pypi.org/simple).
# The pages are never kept: they change with every release.
set -euo pipefail
ROOT="$(cd "$(dirname "$0")/.." && pwd)"
BUILD="${1:-$ROOT/build}"
shift || true
PROJECTS=("$@")
[ "${#PROJECTS[@]}" -gt 0 ] || PROJECTS=(boto3 botocore)
INDEX_URL="${INDEX_URL:-https://pypi.org/simple}"
TMP="$(mktemp -d)"
trap 'rm -rf "$TMP"' EXIT
for p in "${PROJECTS[@]}"; do
  curl -sSf --compressed -H 'Accept: application/vnd.pypi.simple.v1+json' -o "$TMP/$p.json" "$INDEX_URL/$p/"
  curl -sSf --compressed -H 'Accept: text/html' -o "$TMP/$p.html" "$INDEX_URL/$p/"
done
"$BUILD/bench/simple_page_bench" "$TMP" "${ROUNDS:-30}"
