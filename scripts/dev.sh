#!/usr/bin/env bash
# One entry point for a fresh Debian machine (root, or a user with sudo).
#   scripts/dev.sh example   install what is needed, build, run `lock` (resolve + install) on the bundled example
#   scripts/dev.sh test      install what is needed, build, run the whole test suite
#   scripts/dev.sh build     install and build only
#   scripts/dev.sh wheel     install, then build the self-contained wheel into dist/ (scripts/wheel.sh)
# Idempotent: packages, uv and the build directory are only set up when missing
# or out of date, so a second run costs a no-op ninja call.
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
BUILD="${LOCKKIT_BUILD_DIR:-$ROOT/build}"
UV_VERSION="0.12.5"   # the uv whose output lockkit reproduces (and the corpus was written with)
PRE_COMMIT_VERSION="4.7.0"   # for the test of .pre-commit-hooks.yaml
JSONSCHEMA_VERSION="4.26.0"  # for the SARIF structure test (tests/fixtures/sarif_check.py)

DEBIAN_PACKAGES=(g++ meson ninja-build pkg-config git python3 python3-pip python3-pytest
  libtomlplusplus-dev libcli11-dev libgit2-dev libssl-dev libre2-dev catch2
  libcurl4-openssl-dev libarchive-dev nlohmann-json3-dev hyperfine
  ccache python3-venv)   # ccache: the wheel and pre-commit tests rebuild the same sources elsewhere

as_root() {
  if [ "$(id -u)" -eq 0 ]; then "$@"; else sudo "$@"; fi
}

install_packages() {
  local missing=()
  for p in "${DEBIAN_PACKAGES[@]}"; do
    dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
  done
  # A pip-installed pytest counts too (Debian's python3-pytest may be shadowed by pyenv).
  if python3 -c "import pytest" 2>/dev/null; then
    local kept=()
    for p in "${missing[@]}"; do [ "$p" = python3-pytest ] || kept+=("$p"); done
    missing=("${kept[@]}")
  fi
  if command -v pip3 >/dev/null 2>&1 || python3 -m pip --version >/dev/null 2>&1; then
    local kept=()
    for p in "${missing[@]}"; do [ "$p" = python3-pip ] || kept+=("$p"); done
    missing=("${kept[@]}")
  fi
  if [ "${#missing[@]}" -gt 0 ]; then
    echo "installing: ${missing[*]}" >&2
    as_root apt-get update -qq
    as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${missing[@]}" >&2
  fi
}

install_uv() {
  if python3 -c "import uv, sys; from importlib.metadata import version; sys.exit(version('uv') != '$UV_VERSION')" 2>/dev/null; then
    return
  fi
  echo "installing uv==$UV_VERSION" >&2
  python3 -m pip install -q "uv==$UV_VERSION" 2>/dev/null \
    || python3 -m pip install -q --break-system-packages "uv==$UV_VERSION"
}

install_pre_commit() {
  if command -v pre-commit >/dev/null 2>&1; then
    return
  fi
  echo "installing pre-commit==$PRE_COMMIT_VERSION" >&2
  python3 -m pip install -q "pre-commit==$PRE_COMMIT_VERSION" 2>/dev/null \
    || python3 -m pip install -q --break-system-packages "pre-commit==$PRE_COMMIT_VERSION" \
    || echo "warning: could not install pre-commit; its test will be skipped" >&2
}

install_jsonschema() {
  if python3 -c "import jsonschema" 2>/dev/null; then
    return
  fi
  echo "installing jsonschema==$JSONSCHEMA_VERSION" >&2
  python3 -m pip install -q "jsonschema==$JSONSCHEMA_VERSION" 2>/dev/null \
    || python3 -m pip install -q --break-system-packages "jsonschema==$JSONSCHEMA_VERSION" \
    || echo "warning: could not install jsonschema; the SARIF tests will be skipped" >&2
}

build() {
  if [ ! -f "$BUILD/build.ninja" ]; then
    meson setup "$BUILD" "$ROOT" --buildtype=release >&2
  fi
  ninja -C "$BUILD" >&2
}

cmd="${1:-}"
case "$cmd" in
  build)
    install_packages; build ;;
  example)
    install_packages; build
    example="$ROOT/examples/hello"
    echo "\$ lock fmt --check examples/hello/uv.lock   # written by uv $UV_VERSION: canonical"
    "$BUILD/tools/lock/lock" fmt --check "$example/uv.lock" && echo "ok: canonical"
    echo "\$ lock fmt --check examples/hello/uv.hand-edited.lock   # the same lock after a careless hand edit"
    "$BUILD/tools/lock/lock" fmt --check "$example/uv.hand-edited.lock" || true
    echo "\$ lock fmt --stdout examples/hello/uv.hand-edited.lock | cmp - examples/hello/uv.lock"
    "$BUILD/tools/lock/lock" fmt --stdout "$example/uv.hand-edited.lock" | cmp - "$example/uv.lock" \
      && echo "ok: lock fmt restores uv's exact bytes"
    echo "\$ lock-diff examples/hello/uv.hand-edited.lock examples/hello/uv.lock   # reordering means nothing"
    "$BUILD/tools/lock-diff/lock-diff" "$example/uv.hand-edited.lock" "$example/uv.lock"
    echo "\$ lock-verify examples/hello/uv.lock   # integrity, and staleness against pyproject.toml"
    "$BUILD/tools/lock-verify/lock-verify" "$example/uv.lock"
    # The example's dependencies live on PyPI, so a full re-resolution needs the network; offline,
    # `lock resolve` checks that uv.lock still answers pyproject.toml, which needs no index at all.
    echo "\$ lock resolve --check --offline --project examples/hello   # uv.lock still answers pyproject.toml"
    "$BUILD/tools/lock/lock" resolve --check --offline --project "$example"
    # The main job, in a copy without uv.lock so the checkout stays clean: resolve pyproject.toml
    # against PyPI, then install into .venv (downloads on the first run, then from lockkit's
    # cache). The example pins exclude-newer, so the fresh lock must be uv's, byte for byte.
    work="$BUILD/example-hello"
    rm -rf "$work" && mkdir -p "$work" && cp "$example/pyproject.toml" "$work/"
    echo "\$ cd $work && lock   # resolve pyproject.toml into uv.lock, then sync .venv"
    (cd "$work" && "$BUILD/tools/lock/lock")
    echo "\$ cmp uv.lock examples/hello/uv.lock   # the lock uv wrote for the same pyproject.toml"
    cmp "$work/uv.lock" "$example/uv.lock" && echo "ok: lock resolve wrote uv's lock byte for byte"
    echo "\$ .venv/bin/python -c 'import httpx, rich; ...'"
    "$work/.venv/bin/python" -c 'import httpx, rich; print(f"ok: httpx {httpx.__version__} and rich import from the environment lock made")' ;;
  test)
    install_packages; install_uv; install_pre_commit; install_jsonschema; build
    python3 "$ROOT/tests/run_all.py" "$BUILD" ;;
  wheel)
    install_packages
    "$ROOT/scripts/wheel.sh" "${LOCKKIT_DIST_DIR:-$ROOT/dist}" ;;
  *)
    echo "usage: scripts/dev.sh example|test|build|wheel" >&2; exit 2 ;;
esac
