#!/usr/bin/env python3
"""lock-merge's re-resolving merge against uv's usual recipe, on the corpus merges.

Usage: bench/merge_reresolve_bench.py BUILD_DIR [CASE ...]

For each case of ../shared/corpus/merges, in one run:
  lockkit  the case replayed as a real `git merge` through the installed driver
           (tests/integration/corpus_replay.py); `lock resolve` after a pyproject.toml
           conflict. Offline: the three locks and lockkit's cache only.
  uv       the recipe users are told: `git merge` without the driver, then
           `git checkout --theirs uv.lock && uv lock` (with the committed merged
           pyproject.toml files where git could not merge them). uv reads PyPI; its
           cache is warmed by a first run, and the second run is timed.
Prints one line per case: outcome, wall time, validity, and how many of each
side's bumps survive (bumps the other side did not move elsewhere). Needs real uv
0.12.5 and the network for uv's side; prints the totals at the end.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "tests" / "integration"))
sys.path.insert(0, str(ROOT / "tests" / "fixtures"))
import corpus_replay as cr  # noqa: E402
import uv_oracle  # noqa: E402


def uv_recipe(case: str, work: Path, env: dict, uv: str) -> tuple[str, float, bool, int, int, int, int]:
    repo = cr.CorpusRepo(case, work, Path("/nonexistent"), env)
    repo.build_repo(install_driver=False)
    _, conflict = repo.merge()
    if conflict:
        repo.put_merged_pyprojects()
    repo.git("checkout", "--theirs", "--", str(repo.project / "uv.lock"), check=False)
    project = repo.project
    saved = (project / "uv.lock").read_text()
    cmd = [uv, "lock", "--python-preference", "only-system"]
    subprocess.run(cmd, cwd=project, env=env, capture_output=True, text=True, timeout=900)  # warms the cache
    (project / "uv.lock").write_text(saved)
    start = time.perf_counter()
    r = subprocess.run(cmd, cwd=project, env=env, capture_output=True, text=True, timeout=900)
    elapsed = time.perf_counter() - start
    if r.returncode != 0:
        return "failed: " + (r.stderr.strip().splitlines() or ["?"])[-1][:120], elapsed, False, 0, 0, 0, 0
    text = (project / "uv.lock").read_text()
    base = (repo.case / "base.uv.lock").read_text()
    ours = (repo.case / "ours.uv.lock").read_text()
    theirs = (repo.case / "theirs.uv.lock").read_text()
    bo, bt = cr.bumps(base, ours), cr.bumps(base, theirs)
    bo, bt = cr.keepable(bo, bt), cr.keepable(bt, bo)
    return "locked", elapsed, True, cr.kept(bo, text), len(bo), cr.kept(bt, text), len(bt)


def main() -> int:
    build = Path(sys.argv[1]).resolve()
    only = sys.argv[2:]
    uv, why = uv_oracle.find_uv()
    tmp = Path(tempfile.mkdtemp(prefix="merge-bench-"))
    base_env = dict(os.environ, HOME=str(tmp), XDG_CONFIG_HOME=str(tmp / "config"))
    lk_env = dict(base_env, LOCKKIT_MERGE_OFFLINE="1", LOCKKIT_CACHE_DIR=str(tmp / "lockkit-cache"))
    uv_env = {k: v for k, v in base_env.items() if not k.startswith("UV_")}
    uv_env.update(UV_CACHE_DIR=str(tmp / "uv-cache"), UV_PYTHON_DOWNLOADS="never", UV_NO_PROGRESS="1")
    totals = {"lk_kept": 0, "lk_bumps": 0, "uv_kept": 0, "uv_bumps": 0}
    print("case\tlockkit outcome\tlockkit s\tlockkit kept ours/theirs\tuv recipe\tuv s\tuv kept ours/theirs")
    for case in cr.cases():
        if only and case not in only:
            continue
        start = time.perf_counter()
        r = cr.replay(case, tmp / ("lk-" + case), build, lk_env)
        lk_time = time.perf_counter() - start
        lk = f"{r.outcome}\t{lk_time:.2f}\t{r.kept_ours}/{r.bumps_ours} {r.kept_theirs}/{r.bumps_theirs}"
        uv_col = "skipped: " + why if uv is None else ""
        if uv is not None:
            try:
                outcome, t, _, ko, bo, kt, bt = uv_recipe(case, tmp / ("uv-" + case), uv_env, uv)
                uv_col = f"{outcome}\t{t:.2f}\t{ko}/{bo} {kt}/{bt}"
                if outcome == "locked" and r.valid:
                    totals["uv_kept"] += ko + kt
                    totals["uv_bumps"] += bo + bt
                    totals["lk_kept"] += r.kept_ours + r.kept_theirs
                    totals["lk_bumps"] += r.bumps_ours + r.bumps_theirs
            except subprocess.TimeoutExpired:
                uv_col = "timeout"
            finally:
                shutil.rmtree(tmp / ("uv-" + case), ignore_errors=True)
        print(f"{case}\t{lk}\t{uv_col}", flush=True)
    print(f"# bumps kept where both finished: lockkit {totals['lk_kept']}/{totals['lk_bumps']}, "
          f"uv recipe {totals['uv_kept']}/{totals['uv_bumps']}")
    shutil.rmtree(tmp, ignore_errors=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
