#!/usr/bin/env python3
"""The URLs the network benches fetch for a lock: the simple page of every package from PyPI's
registry, then the `.metadata` file of the first wheel of every locked version.

Usage: bench/pypi_url_list.py LOCK OUT_DIR
Writes OUT_DIR/urls.txt (one URL a line, for build/bench/http_fetch) and OUT_DIR/urls.curl (a
`curl -K` config sending each response to /dev/null); says how many of each on stderr.
Used by bench/http_fetch_bench.sh and bench/registry_bench.sh.
"""

import re
import sys


def main() -> int:
    if len(sys.argv) != 3:
        print(__doc__, file=sys.stderr)
        return 2
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
    return 0


if __name__ == "__main__":
    sys.exit(main())
