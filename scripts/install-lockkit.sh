#!/usr/bin/env bash
# Installs lockkit's programs for CI (action.yml uses it). WHAT is
#   a wheel file or URL  pip installs it into a virtual environment;
#   a version (1.2.0)    pip installs lockkit==VERSION from the index pip is set up with;
#   empty                the version of this checkout (meson.build);
#   build                builds this checkout with scripts/dev.sh build.
# When pip fails (no such version on the index, no network), it falls back to
# the build, so a runner with the build dependencies' packages always ends with
# the programs. Prints DEST/bin, which holds lock, lock-diff, lock-verify and
# lock-merge (links into the build tree after a build); progress on stderr.
# Usage: scripts/install-lockkit.sh DEST [WHAT]
# Environment: LOCKKIT_BUILD_DIR  build directory of the fallback (default DEST/build)
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
DEST="$(mkdir -p "$1" && cd "$1" && pwd)"
WHAT="${2:-}"
PROGRAMS=(lock lock-diff lock-verify lock-merge)

if [ -z "$WHAT" ]; then
  WHAT="$(sed -n "s/^  version : '\([^']*\)',\$/\1/p" "$ROOT/meson.build")"
fi
case "$WHAT" in
  build) spec="" ;;
  *.whl|*/*) spec="$WHAT" ;;
  *) spec="lockkit==$WHAT" ;;
esac

if [ -n "$spec" ]; then
  echo "installing $spec" >&2
  if { python3 -m venv "$DEST/venv" && "$DEST/venv/bin/python" -m pip install -q "$spec"; } >&2; then
    mkdir -p "$DEST/bin"
    for p in "${PROGRAMS[@]}"; do ln -sf "$DEST/venv/bin/$p" "$DEST/bin/$p"; done
    echo "$DEST/bin"
    exit 0
  fi
  echo "could not install $spec; building lockkit from $ROOT instead" >&2
fi
export LOCKKIT_BUILD_DIR="${LOCKKIT_BUILD_DIR:-$DEST/build}"
"$ROOT/scripts/dev.sh" build >&2
mkdir -p "$DEST/bin"
for p in "${PROGRAMS[@]}"; do ln -sf "$LOCKKIT_BUILD_DIR/tools/$p/$p" "$DEST/bin/$p"; done
echo "$DEST/bin"
