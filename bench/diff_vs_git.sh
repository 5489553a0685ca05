#!/usr/bin/env bash
# Whole-process lock-diff against `git diff --no-index` on the same pair of large locks.
#
# For each project (default: transformers and semantic-kernel from the corpus),
# B is a copy of the lock with ~20 version bumps applied by sed: for each of 20
# registry packages (every 8th one locked once with a plain X.Y.Z version) the `version =`
# line and every artifact URL/filename of that version move to X.Y.(Z+1); hashes
# are left alone (the diff does not verify them). Then one hyperfine run times
#   lock-diff A B           (text output, no colour)
#   git diff --no-index A B
# and a Markdown table (means, ratio lock-diff/git; target <= 2.0) is printed on
# stdout. Progress and hyperfine's own output go to stderr.
#
# Usage: bench/diff_vs_git.sh [PROJECT ...]
# Environment:
#   LOCKKIT_BUILD_DIR  meson build dir (default: <repo>/build); binary tools/lock-diff/lock-diff
#   CORPUS             default: /work/shared/corpus/uv-ecosystem (else LOCKKIT_CORPUS/uv-ecosystem)
#   WARMUP, RUNS       hyperfine --warmup / --runs (default 3 / 20)
#   BUMPS              how many packages to bump (default 20)
#   KEEP_LOCKS         keep the pairs (<project>.a.lock, <project>.b.lock) in this
#                      directory, e.g. for bench/interleave.py
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
BUILD="${LOCKKIT_BUILD_DIR:-$ROOT/build}"
LOCK_DIFF="$BUILD/tools/lock-diff/lock-diff"
if [ -z "${CORPUS:-}" ]; then
  if [ -n "${LOCKKIT_CORPUS:-}" ]; then CORPUS="$LOCKKIT_CORPUS/uv-ecosystem"; else CORPUS=/work/shared/corpus/uv-ecosystem; fi
fi
WARMUP="${WARMUP:-3}"
RUNS="${RUNS:-20}"
BUMPS="${BUMPS:-20}"
PROJECTS=("$@")
[ "${#PROJECTS[@]}" -gt 0 ] || PROJECTS=(transformers semantic-kernel)

command -v hyperfine >/dev/null || { echo "hyperfine not found (apt-get install hyperfine)" >&2; exit 2; }
[ -x "$LOCK_DIFF" ] || { echo "lock-diff not built at $LOCK_DIFF (ninja -C $BUILD)" >&2; exit 2; }

if [ -n "${KEEP_LOCKS:-}" ]; then
  WORK="$KEEP_LOCKS"
  mkdir -p "$WORK"
else
  WORK="$(mktemp -d "${TMPDIR:-/tmp}/lockkit-diff-bench.XXXXXX")"
  trap 'rm -rf "$WORK"' EXIT
fi

# Writes the sed script bumping $BUMPS packages of lock $1 to stdout.
bump_script() {
  awk -v want="$BUMPS" '
    # First pass: names locked more than once (forks) are skipped, their edges name versions.
    FNR == NR { if ($0 ~ /^name = "/) { split($0, q, "\""); count[q[2]]++ } next }
    /^\[\[package\]\]/ { name = ""; next }
    /^name = "/ { split($0, q, "\""); name = q[2]; next }
    /^version = "[0-9]+\.[0-9]+\.[0-9]+"$/ && name != "" {
      split($0, q, "\""); v = q[2]
      if (count[name] > 1) next
      if (++n % 8 != 0 || done >= want) next
      split(v, p, ".")
      nv = p[1] "." p[2] "." (p[3] + 1)
      # Escape dots for the regex side.
      ev = v; gsub(/\./, "\\.", ev)
      # The package line pair: name line followed by the version line.
      printf "/^name = \"%s\"$/{n;s/^version = \"%s\"$/version = \"%s\"/}\n", name, ev, nv
      # Artifact URLs and filenames: <name with _ or ->-<version>[-.]
      en = name; gsub(/-/, "[-_]", en); gsub(/\./, "\\.", en)
      printf "s/\\(\\/%s-\\)%s\\([-.]\\)/\\1%s\\2/Ig\n", en, ev, nv
      done++
    }
  ' "$1" "$1"
}

rows=()
for project in "${PROJECTS[@]}"; do
  src="$CORPUS/$project/uv.lock"
  [ -f "$src" ] || { echo "missing $src" >&2; exit 2; }
  a="$WORK/$project.a.lock"
  b="$WORK/$project.b.lock"
  cp "$src" "$a"
  bump_script "$a" > "$WORK/$project.sed"
  sed -f "$WORK/$project.sed" "$a" > "$b"
  moved="$("$LOCK_DIFF" --format json "$a" "$b" | python3 -c 'import json,sys; print(json.load(sys.stdin)["summary"]["upgraded"])')"
  lines="$(git diff --no-index --numstat "$a" "$b" | awk '{print $1 "+/" $2 "-"}' || true)"
  echo "== $project: $(wc -c < "$a") bytes, $moved packages upgraded, git changes $lines lines" >&2
  json="$WORK/$project.json"
  hyperfine --warmup "$WARMUP" --runs "$RUNS" -N --ignore-failure --export-json "$json" \
    -n lock-diff "$LOCK_DIFF --color never $a $b" \
    -n "git diff" "git diff --no-index --no-color $a $b" >&2
  rows+=("$(python3 - "$json" "$project" "$(wc -c < "$a")" "$moved" <<'PY'
import json, sys
res = {r["command"]: r for r in json.load(open(sys.argv[1]))["results"]}
ld, git = res["lock-diff"], res["git diff"]
ms = lambda r: f'{r["mean"] * 1000:.1f} ± {r["stddev"] * 1000:.1f}'
ratio = ld["mean"] / git["mean"]
print(f'| {sys.argv[2]} | {int(sys.argv[3]) / 1e6:.2f} MB | {sys.argv[4]} | {ms(ld)} | {ms(git)} | {ratio:.2f}x | {"yes" if ratio <= 2 else "NO"} |')
PY
)")
done

echo "| lock | size | packages bumped | lock-diff (ms) | git diff --no-index (ms) | lock-diff / git | <= 2x |"
echo "|---|---|---|---|---|---|---|"
printf '%s\n' "${rows[@]}"
