#!/usr/bin/env python3
"""Differential run of `lock resolve` against `uv lock` 0.12.5 on seeded random projects.

    scripts/differential.py [--seeds N] [--start S] [--build DIR] [--keep DIR]

Locks projects S .. S+N-1 of tests/fixtures/random_projects.py (default 0-299) with both tools
from the same local index, prints every disagreement, the agreement rate (byte-identical locks,
or both failing with the same normalised report), and whether the disagreements are exactly
those listed, with the same outcome, in tests/conformance/lock_resolve_differential.tsv for the
seeds run (exit 0), or not (exit 1). `random_projects.py show SEED` prints a project.
"""

from __future__ import annotations

import argparse
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "tests" / "fixtures"))
import differential  # noqa: E402
import uv_oracle  # noqa: E402


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--seeds", type=int, default=300)
    ap.add_argument("--start", type=int, default=0)
    ap.add_argument("--build", default=str(ROOT / "build"))
    ap.add_argument("--keep", help="keep the projects and indexes in this directory")
    args = ap.parse_args()
    uv, why = uv_oracle.find_uv(install=True)
    if uv is None:
        print(f"error: {why}", file=sys.stderr)
        return 2
    python = differential.python_for_uv()
    if python is None:
        print("error: no Python >= 3.12 for uv", file=sys.stderr)
        return 2
    lock_bin = Path(args.build) / "tools" / "lock" / "lock"
    known = differential.read_known(ROOT / "tests" / "conformance" / "lock_resolve_differential.tsv")
    with tempfile.TemporaryDirectory() as tmp:
        work = Path(args.keep) if args.keep else Path(tmp)
        env = differential.sandbox(work / "home")
        started = time.monotonic()
        counts: dict[str, int] = {}
        surprises = 0
        seeds = range(args.start, args.start + args.seeds)
        for seed in seeds:
            o = differential.run_seed(seed, work / "projects", work / "indexes", uv, str(lock_bin), python, env)
            counts[o.status] = counts.get(o.status, 0) + 1
            listed = known.get(seed, ("", ""))[0]
            if o.agrees and listed:
                surprises += 1
                print(f"seed {seed}: agrees now, but is listed as {listed}")
            elif not o.agrees:
                surprises += listed != o.status
                mark = " (listed)" if listed == o.status else f" (LISTED AS {listed})" if listed else " (NOT LISTED)"
                print(f"seed {seed}: {o.status}{mark}: {o.detail}")
        agree = sum(counts.get(s, 0) for s in differential.AGREE)
        print(f"{agree}/{len(seeds)} agree ({100.0 * agree / len(seeds):.1f}%): "
              + ", ".join(f"{k} {v}" for k, v in sorted(counts.items()))
              + f"; {time.monotonic() - started:.0f}s")
    return 1 if surprises else 0


if __name__ == "__main__":
    sys.exit(main())
