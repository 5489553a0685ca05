#!/usr/bin/env python3
"""Online differential of `lock resolve` against `uv lock` 0.12.5 on real projects from the corpus.

    scripts/real_differential.py [--sides merged] [--only SUBSTRING ...] [--build DIR]
                                 [--keep DIR] [--write-tsv]

Locks every case of tests/fixtures/real_projects.py (the merge cases' pyproject.toml files, side
by side, and the uv-ecosystem projects tests/conformance/test_lock_resolve_ecosystem.py does not
cover) from scratch with both tools against PyPI, with the case's exclude-newer, and compares
the uv.lock files byte for byte. Prints one line per case and whether the outcomes match
tests/conformance/lock_resolve_real_projects.tsv (exit 0) or not (exit 1). --write-tsv rewrites
the outcome column of that file for the cases run (reasons of listed cases are kept; new
disagreements get the tool's message, to be replaced by the cause once it is known).
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
import real_projects  # noqa: E402
import uv_oracle  # noqa: E402

TSV = ROOT / "tests" / "conformance" / "lock_resolve_real_projects.tsv"
HEADER = """# Real projects on which `lock resolve` and `uv lock` 0.12.5 were compared online (scripts/real_differential.py).
# case<TAB>outcome (tests/fixtures/real_projects.py)<TAB>reason. Every case of the corpus is listed;
# identical cases have no reason. tests/conformance/test_lock_resolve_real_projects.py re-runs a few.
"""


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--sides", default=",".join(real_projects.SIDES), help="merge sides to lock (comma-separated)")
    ap.add_argument("--only", nargs="*", default=[], help="cases whose name contains one of these")
    ap.add_argument("--build", default=str(ROOT / "build"))
    ap.add_argument("--keep", help="keep the projects and both tools' caches in this directory")
    ap.add_argument("--timeout", type=int, default=1200, help="seconds per tool and case")
    ap.add_argument("--write-tsv", action="store_true")
    args = ap.parse_args()
    uv, why = uv_oracle.find_uv(install=True)
    if uv is None:
        print(f"error: {why}", file=sys.stderr)
        return 2
    corpus = real_projects.corpus_dir(ROOT)
    if not corpus.is_dir():
        print(f"error: corpus not found at {corpus}", file=sys.stderr)
        return 2
    cases = real_projects.all_cases(corpus, args.sides.split(","))
    if args.only:
        cases = [c for c in cases if any(o in c.name for o in args.only)]
    lock_bin = Path(args.build) / "tools" / "lock" / "lock"
    known = real_projects.read_outcomes(TSV)
    outcomes = []
    with tempfile.TemporaryDirectory() as tmp:
        work = Path(args.keep) if args.keep else Path(tmp)
        env = differential.sandbox(work / "home")
        started = time.monotonic()
        for case in cases:
            o = real_projects.run_case(case, work / "projects", uv, str(lock_bin), env, args.timeout)
            outcomes.append(o)
            listed = known.get(o.case, ("unlisted", ""))[0]
            mark = "" if listed == o.status else f" (listed as {listed})"
            print(f"{o.case}: {o.status}{mark} {o.seconds:.0f}s {o.detail}", flush=True)
    counts: dict[str, int] = {}
    for o in outcomes:
        counts[o.status] = counts.get(o.status, 0) + 1
    ran = [o for o in outcomes if o.status != "skipped"]
    agree = sum(o.agrees for o in ran)
    print(f"{agree}/{len(ran)} locked cases agree; " + ", ".join(f"{k} {v}" for k, v in sorted(counts.items()))
          + f"; {time.monotonic() - started:.0f}s")
    if args.write_tsv:
        merged = dict(known)
        for o in outcomes:
            old_status, old_reason = known.get(o.case, ("", ""))
            reason = "" if o.status == "identical" else old_reason if old_status == o.status and old_reason else o.detail
            merged[o.case] = (o.status, reason.replace("\t", " ").replace("\n", " "))
        TSV.write_text(HEADER + "".join(f"{k}\t{s}\t{r}\n" for k, (s, r) in sorted(merged.items())))
    surprises = [o for o in outcomes if known.get(o.case, ("",))[0] != o.status]
    return 1 if surprises else 0


if __name__ == "__main__":
    sys.exit(main())
