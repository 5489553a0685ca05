#!/usr/bin/env bash
# Start-up of the programs installed from the wheel, against the build tree's,
# in one hyperfine run:
#   build tree   $LOCKKIT_BUILD_DIR/tools/lock-diff/lock-diff --version
#   pip venv     <venv>/bin/lock-diff --version      (pip install WHEEL into a fresh venv)
#   uv tool      <bin>/lock-diff --version           (uv tool install WHEEL: a link into uv's tool environment)
# and the same three for `lock fmt --check examples/hello/uv.lock` (a whole small
# run), plus the instructions each executes (callgrind, when valgrind is
# installed: independent of other load on the machine). Prints a Markdown table
# (mean, median, CPU time, instructions, ratios to the build tree) and the
# wheel's size (file, and installed) on stdout; hyperfine's output on stderr.
# Target: the wheel's programs start at most 1.2x slower than the build tree's.
#
# Usage: bench/wheel_startup.sh [WHEEL]   (default: the newest dist/lockkit-*.whl;
#                                          scripts/dev.sh wheel makes it)
# Environment: LOCKKIT_BUILD_DIR (default <repo>/build), RUNS (1000), WARMUP (100)
set -euo pipefail

repo=$(cd -- "$(dirname -- "${BASH_SOURCE[0]}")/.." && pwd -P)
build_dir=${LOCKKIT_BUILD_DIR:-$repo/build}
runs=${RUNS:-1000}
warmup=${WARMUP:-100}
wheel=${1:-$(ls -t "$repo"/dist/lockkit-*.whl 2>/dev/null | head -1 || true)}
[[ -n $wheel && -f $wheel ]] || { echo "wheel_startup.sh: no wheel; run scripts/dev.sh wheel first" >&2; exit 2; }
command -v hyperfine >/dev/null || { echo "wheel_startup.sh: hyperfine is not installed" >&2; exit 2; }
uv=$(python3 -c 'import uv; print(uv.find_uv_bin())' 2>/dev/null || command -v uv || true)
[[ -n $uv ]] || { echo "wheel_startup.sh: uv is not installed" >&2; exit 2; }

tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
python3 -m venv "$tmp/venv"
"$tmp/venv/bin/python" -m pip install -q --no-index "$wheel" >&2
UV_TOOL_DIR="$tmp/tools" UV_TOOL_BIN_DIR="$tmp/bin" UV_CACHE_DIR="$tmp/cache" UV_NO_CONFIG=1 \
  "$uv" tool install -q --offline "$wheel" >&2

example="$repo/examples/hello/uv.lock"
declare -A dirs=([build]="$build_dir/tools/lock-diff" [pip]="$tmp/venv/bin" [uvtool]="$tmp/bin")
cmds=()
for what in build pip uvtool; do cmds+=("${dirs[$what]}/lock-diff --version"); done
for what in build pip uvtool; do
  if [[ $what == build ]]; then lock="$build_dir/tools/lock/lock"; else lock="${dirs[$what]}/lock"; fi
  cmds+=("$lock fmt --check $example")
done
hyperfine -N --warmup "$warmup" --runs "$runs" --export-json "$tmp/times.json" "${cmds[@]}" >&2
# Instructions executed (dynamic loader included), counted by callgrind: the
# same on a quiet and on a busy machine, unlike times.
: > "$tmp/instructions"
if command -v valgrind >/dev/null; then
  for c in "${cmds[@]}"; do
    # shellcheck disable=SC2086  # the command is split on spaces, as hyperfine -N does
    valgrind --tool=callgrind --callgrind-out-file=/dev/null $c 2>&1 >/dev/null \
      | sed -n 's/.*Collected : \([0-9]*\).*/\1/p' >> "$tmp/instructions"
  done
fi

installed=$(du -sk --apparent-size "$tmp/venv/lib"/python3*/site-packages/{lockkit*,.lockkit*} "$tmp/venv/bin"/lock* \
  | awk '{s += $1} END {printf "%.1f", s / 1024}')
python3 - "$tmp/times.json" "$wheel" "$installed" "$tmp/instructions" <<'PY'
import json, os, sys
results = json.load(open(sys.argv[1]))["results"]
counts = open(sys.argv[4]).read().split()
for r, n in zip(results, counts):
    r["instructions"] = int(n)
names = ["build tree", "pip venv", "uv tool link"]
# Medians: on a shared machine a few slow runs move the means, not the medians.
# CPU time (user + system) is less disturbed by other load than wall time.
print("| command | installed as | mean (ms) | median (ms) | CPU (ms) | median vs build tree "
      "| instructions | vs build tree |")
print("| --- | --- | ---: | ---: | ---: | ---: | ---: | ---: |")
for group, label in ((results[:3], "lock-diff --version"), (results[3:], "lock fmt --check hello/uv.lock")):
    base = group[0]
    for name, r in zip(names, group):
        n = r.get("instructions")
        ins = f"{n / 1e6:.2f} M | {n / base['instructions']:.2f}x" if n and base.get("instructions") else "– | –"
        print(f"| {label} | {name} | {r['mean'] * 1e3:.2f} ± {r['stddev'] * 1e3:.2f} | {r['median'] * 1e3:.2f} "
              f"| {(r['user'] + r['system']) * 1e3:.2f} | {r['median'] / base['median']:.2f}x | {ins} |")
size = os.path.getsize(sys.argv[2]) / 2**20
print(f"\nwheel {os.path.basename(sys.argv[2])}: {size:.1f} MiB; installed: {sys.argv[3]} MiB")
PY
