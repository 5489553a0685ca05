#!/usr/bin/env bash
# Compare a whole-process read of a large uv.lock by lockkit and by uv.
#
#   lockkit:  lock fmt --check uv.lock
#   uv:       uv export --frozen --no-header --format requirements-txt --quiet -o <temp file>
# (never `-o /dev/null`: uv writes its output by temp file + rename, and as
# root that replaces /dev/null itself with a regular file)
#
# on copies of the corpus projects (pyproject.toml + uv.lock) of
# transformers and semantic-kernel, timed in one hyperfine run per project,
# and prints a Markdown table (means and the ratio uv/lockkit) on stdout.
# Progress and hyperfine's own output go to stderr.
#
# Usage: bench/compare_uv.sh [--uv-only] [PROJECT ...]
#   PROJECT      names under $CORPUS (default: transformers semantic-kernel)
#   --uv-only    time only uv (works before lockkit's `lock` is built)
# Environment:
#   LOCKKIT_BUILD_DIR  meson build dir (default: <repo>/build); binary tools/lock/lock
#   UV                 uv binary (default: the pinned uv 0.12.5 from pip, else PATH)
#   CORPUS             default: /work/shared/corpus/uv-ecosystem
#   WARMUP, RUNS       hyperfine --warmup / --runs (default 3 / 20)
set -euo pipefail

UV_VERSION=0.12.5
here=$(cd -- "$(dirname -- "${BASH_SOURCE[0]}")" && pwd -P)
repo=$(cd -- "$here/.." && pwd -P)
build_dir=${LOCKKIT_BUILD_DIR:-$repo/build}
lock_bin=$build_dir/tools/lock/lock
corpus=${CORPUS:-/work/shared/corpus/uv-ecosystem}
warmup=${WARMUP:-3}
runs=${RUNS:-20}

uv_only=0
projects=()
for arg in "$@"; do
    case $arg in
        --uv-only) uv_only=1 ;;
        -h|--help) sed -n '2,22p' "${BASH_SOURCE[0]}" | sed 's/^# \{0,1\}//'; exit 0 ;;
        -*) echo "compare_uv.sh: unknown option $arg" >&2; exit 2 ;;
        *) projects+=("$arg") ;;
    esac
done
[[ ${#projects[@]} -gt 0 ]] || projects=(transformers semantic-kernel)

die() { echo "compare_uv.sh: $*" >&2; exit 1; }

# --- tools ------------------------------------------------------------------
if ! command -v hyperfine >/dev/null 2>&1; then
    echo "installing hyperfine ..." >&2
    { apt-get update -qq && apt-get install -y -qq hyperfine; } >&2 || die "hyperfine missing and could not be installed"
fi

uv_version() { "$1" --version 2>/dev/null | awk '{print $2}'; }
# Resolve the real uv binary: a pyenv shim (a bash script) would add tens of
# milliseconds of its own to every uv run and make the comparison unfair.
find_uv() {
    local c
    for c in "${UV:-}" \
             "$(python3 -c 'import uv; print(uv.find_uv_bin())' 2>/dev/null || true)" \
             "$(command -v uv 2>/dev/null || true)"; do
        [[ -n $c && -x $c ]] || continue
        if [[ $(uv_version "$c") == "$UV_VERSION" ]]; then echo "$c"; return 0; fi
    done
    return 1
}
if ! uv_bin=$(find_uv); then
    echo "installing uv==$UV_VERSION ..." >&2
    python3 -m pip install --quiet "uv==$UV_VERSION" >&2 || die "uv $UV_VERSION missing and could not be installed"
    uv_bin=$(find_uv) || die "cannot find uv $UV_VERSION after installing it"
fi
if [[ -n ${UV:-} && $uv_bin != "$UV" ]]; then
    echo "note: \$UV=$UV is not uv $UV_VERSION; using $uv_bin" >&2
fi
if [[ $(head -c2 "$uv_bin") == '#!' ]]; then
    echo "warning: $uv_bin is a script, not the uv binary; timings include its overhead" >&2
fi

if [[ $uv_only == 0 && ! -x $lock_bin ]]; then
    die "lockkit binary not found: $lock_bin (build with 'ninja -C $build_dir', set LOCKKIT_BUILD_DIR, or pass --uv-only)"
fi

# --- a sealed environment for uv: offline, no user config, private cache ---
work=$(mktemp -d "${TMPDIR:-/tmp}/lockkit-bench.XXXXXX")
trap 'rm -rf "$work"' EXIT
while IFS='=' read -r name _; do
    case $name in UV_*|PIP_*|VIRTUAL_ENV|CONDA_PREFIX) unset "$name" ;; esac
done < <(env)
export UV_OFFLINE=1 UV_NO_CONFIG=1 UV_PYTHON_DOWNLOADS=never UV_NO_PROGRESS=1 NO_COLOR=1
export UV_CACHE_DIR=$work/uv-cache
export XDG_CONFIG_HOME=$work/config XDG_DATA_HOME=$work/data XDG_CACHE_HOME=$work/xdg-cache

# Commands as hyperfine runs them: -N (no intermediate shell), so the strings
# are split like shell words but nothing is expanded: paths are put in quoted.
uv_cmd="$(printf '%q' "$uv_bin") export --frozen --no-header --format requirements-txt --quiet -o $(printf '%q' "$work/export.txt")"
lock_cmd="$(printf '%q' "$lock_bin") fmt --check uv.lock"

rows=()
for p in "${projects[@]}"; do
    src=$corpus/$p
    [[ -f $src/pyproject.toml && -f $src/uv.lock ]] || die "$src lacks pyproject.toml or uv.lock"
    dir=$work/$p
    mkdir -p "$dir"
    cp "$src/pyproject.toml" "$src/uv.lock" "$dir/"
    chmod u+w "$dir"/*
    size_kib=$(( $(wc -c < "$dir/uv.lock") / 1024 ))
    npkg=$(grep -c '^\[\[package\]\]$' "$dir/uv.lock" || true)
    sum_before=$(sha256sum "$dir/uv.lock")

    # Sanity: both commands must succeed, uv must not touch the network,
    # and neither may change the lock.
    (cd "$dir" && eval "$uv_cmd") || die "uv export failed on $p"
    if command -v strace >/dev/null 2>&1; then
        (cd "$dir" && strace -f -qq -e trace=connect -o "$work/strace.$p" \
            "$uv_bin" export --frozen --no-header --format requirements-txt --quiet -o "$work/export.txt")
        if grep -E 'AF_INET6?' "$work/strace.$p" >&2; then die "uv tried to open a network connection on $p"; fi
    fi
    (cd "$dir" && "$uv_bin" export --frozen --no-header --format requirements-txt --quiet -o "$work/$p.txt") \
        || die "uv export failed on $p"
    [[ -s $work/$p.txt ]] || die "uv export wrote nothing for $p"
    if [[ $uv_only == 0 ]]; then
        set +e
        (cd "$dir" && eval "$lock_cmd") >/dev/null 2>"$work/lock.err.$p"
        rc=$?
        set -e
        if [[ $rc != 0 ]]; then
            cat "$work/lock.err.$p" >&2
            die "'lock fmt --check uv.lock' exited $rc on $p (expected 0 on a uv-written lock)"
        fi
    fi
    [[ $(sha256sum "$dir/uv.lock") == "$sum_before" ]] || die "uv.lock of $p changed during the sanity runs"

    cmds=(-n "uv export" "$uv_cmd")
    [[ $uv_only == 1 ]] || cmds=(-n "lockkit fmt --check" "$lock_cmd" "${cmds[@]}")
    echo "== $p (uv.lock: $size_kib KiB, $npkg packages)" >&2
    (cd "$dir" && hyperfine -N --style basic --warmup "$warmup" --runs "$runs" \
        --export-json "$work/$p.json" "${cmds[@]}") >&2 || die "hyperfine failed on $p"
    [[ $(sha256sum "$dir/uv.lock") == "$sum_before" ]] || die "uv.lock of $p changed during the benchmark"

    row=$(python3 - "$work/$p.json" "$p" "$size_kib" "$npkg" "$uv_only" <<'EOF'
import json, sys
data = json.load(open(sys.argv[1]))
name, kib, npkg, uv_only = sys.argv[2], sys.argv[3], sys.argv[4], sys.argv[5] == "1"
res = {r["command"]: r for r in data["results"]}
uv = res["uv export"]
ms = lambda r: f'{r["mean"] * 1000:.1f} ± {r["stddev"] * 1000:.1f}'
if uv_only:
    print(f"| {name} | {kib} KiB, {npkg} pkgs | n/a | {ms(uv)} | n/a |")
else:
    lk = res["lockkit fmt --check"]
    print(f'| {name} | {kib} KiB, {npkg} pkgs | {ms(lk)} | {ms(uv)} | {uv["mean"] / lk["mean"]:.1f}× |')
EOF
)
    rows+=("$row")
done

lock_desc="\`lock fmt --check uv.lock\`"
[[ $uv_only == 0 ]] || lock_desc="(not run: --uv-only)"
echo "Whole-process read of uv.lock, mean ± σ over $runs runs ($warmup warm-up) with hyperfine;"
echo "lockkit: $lock_desc; uv $UV_VERSION: \`uv export --frozen --no-header --format requirements-txt --quiet -o FILE\` (offline)."
echo "Machine: $(nproc) cores, $(uname -m), $(date -u +%Y-%m-%d)."
echo
echo "| project | uv.lock | lockkit (ms) | uv (ms) | uv / lockkit |"
echo "| --- | --- | ---: | ---: | ---: |"
printf '%s\n' "${rows[@]}"
