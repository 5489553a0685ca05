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
python3 - "$LOCK" "$TMP" <<'PY'
import re, sys
text = open(sys.argv[1]).read()
out = sys.argv[2]
names, metadata = set(), []
for block in text.split("[[package]]")[1:]:
    if 'source = { registry = "https://pypi.org/simple" }' not in block:
        continue
    names.add(re.search(r'name = "([^"]+)"', block).group(1))
    wheel = re.search(r'\{ url = "(https://files\.pythonhosted\.org/[^"]+\.whl)"', block)
    if wheel:
        metadata.append(wheel.group(1) + ".metadata")
urls = [f"https://pypi.org/simple/{n}/" for n in sorted(names)] + metadata
open(f"{out}/urls.txt", "w").write("\n".join(urls) + "\n")
with open(f"{out}/urls.curl", "w") as f:
    for u in urls:
        f.write(f'url = "{u}"\noutput = "/dev/null"\n')
print(f"{len(names)} simple pages, {len(metadata)} metadata files", file=sys.stderr)
PY
ACCEPT="application/vnd.pypi.simple.v1+json"
hyperfine --runs "$RUNS" --warmup 1 -i \
    -n "curl --parallel --parallel-max 50" "curl -s --parallel --parallel-max 50 --compressed -H 'Accept: $ACCEPT' -K $TMP/urls.curl" \
    -n "lockkit HttpClient (50)" "$BUILD/bench/http_fetch $TMP/urls.txt --accept '$ACCEPT' --concurrency 50"
