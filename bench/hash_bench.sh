#!/usr/bin/env bash
# Hashing throughput of `lock-verify --artifacts` against OpenSSL's own SHA-256
# speed on this machine, in one run.
# Usage: bench/hash_bench.sh [BUILD_DIR]   (needs hyperfine, openssl, python3)
# Makes FILES wheel-sized files of SIZE_MIB MiB each (random bytes, in page
# cache after the first read) and a uv.lock naming them with their hashes, then
# times lock-verify with one thread and with every core. Throughput = bytes /
# mean wall time of the whole process (parsing the small lock is noise).
# Target (issue 4): one thread >= 80% of `openssl speed -evp sha256`, and
# all cores together close to cores x one thread.
set -euo pipefail
ROOT="$(cd "$(dirname "$0")/.." && pwd)"
BUILD="${1:-$ROOT/build}"
VERIFY="$BUILD/tools/lock-verify/lock-verify"
FILES="${FILES:-24}"
SIZE_MIB="${SIZE_MIB:-32}"
CORES="$(nproc)"
TMP="$(mktemp -d)"
trap 'rm -rf "$TMP"' EXIT

python3 - "$TMP" "$FILES" "$SIZE_MIB" <<'PY'
import hashlib, os, sys
tmp, files, size = sys.argv[1], int(sys.argv[2]), int(sys.argv[3]) << 20
os.makedirs(f"{tmp}/wheels")
deps, packages = [], []
for i in range(files):
    name = f"pkg{i:03d}"
    data = os.urandom(size)
    filename = f"{name}-1.0-py3-none-any.whl"
    with open(f"{tmp}/wheels/{filename}", "wb") as f:
        f.write(data)
    deps.append(f'    {{ name = "{name}" }},\n')
    packages.append(f'''
[[package]]
name = "{name}"
version = "1.0"
source = {{ registry = "https://pypi.org/simple" }}
wheels = [
    {{ url = "https://files.example.org/{filename}", hash = "sha256:{hashlib.sha256(data).hexdigest()}", size = {size} }},
]
''')
with open(f"{tmp}/uv.lock", "w") as f:
    f.write('version = 1\nrevision = 3\nrequires-python = ">=3.12"\n\n[[package]]\nname = "app"\n'
            'version = "0.1.0"\nsource = { virtual = "." }\ndependencies = [\n' + "".join(deps) + "]\n"
            + "".join(packages))
PY
TOTAL_BYTES=$((FILES * SIZE_MIB * 1048576))
"$VERIFY" "$TMP/uv.lock" --no-stale --artifacts "$TMP/wheels" -q  # warm the page cache, and must pass

# OpenSSL's single-core figure for 1 MiB blocks (our read size), in bytes/s.
OPENSSL_BPS=$(openssl speed -evp sha256 -seconds 3 -bytes 1048576 2>/dev/null |
    awk '/^sha256/ { v = $2; sub(/k$/, "", v); printf "%.0f", v * 1000 }')

hyperfine --warmup 1 --runs "${RUNS:-10}" -N --export-json "$TMP/h.json" \
    -n "1 thread" "$VERIFY $TMP/uv.lock --no-stale --artifacts $TMP/wheels -q -j 1" \
    -n "$CORES threads" "$VERIFY $TMP/uv.lock --no-stale --artifacts $TMP/wheels -q -j $CORES"

python3 - "$TMP/h.json" "$TOTAL_BYTES" "$OPENSSL_BPS" "$CORES" <<'PY'
import json, sys
results = json.load(open(sys.argv[1]))["results"]
total, openssl, cores = int(sys.argv[2]), int(sys.argv[3]), int(sys.argv[4])
one = total / results[0]["mean"]
many = total / results[1]["mean"]
print(f"openssl speed -evp sha256 (1 MiB blocks, 1 core): {openssl / 1e6:8.1f} MB/s")
print(f"lock-verify --artifacts -j 1:                      {one / 1e6:8.1f} MB/s  ({100 * one / openssl:.0f}% of openssl)")
print(f"lock-verify --artifacts -j {cores}:                      {many / 1e6:8.1f} MB/s  "
      f"({100 * many / (openssl * cores):.0f}% of openssl x {cores} cores, {many / one:.2f}x one thread)")
PY
