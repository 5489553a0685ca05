#!/usr/bin/env python3
"""`lock sync --frozen` against `uv sync --frozen`, and against `cp -al`.

For one corpus project (default: flask), with one interpreter, warm caches, and
link mode hardlink for both tools:

  fresh   the environment is deleted (untimed) and created and filled again;
  no-op   the environment is already in sync (and, for lockkit, the same with
          --verify-files, which looks at every installed file);
  cp -al  the floor: hard-linking a complete environment's files into a new
          folder (`cp -al`), the least any installer linking the same unpacked
          files could do.

Each round runs every command once, alternating the order, so load on a shared
machine hits all alike; medians and p90 are printed as a Markdown table. Both
tools fetch everything once before timing (PyPI must be reachable for that),
then run offline. Packages that need a build (lockkit builds nothing yet) are
left out for both with --no-install-package, as are any named with --exclude.

Usage: bench/sync_bench.py [--project flask] [--python PATH] [--rounds 15]
                           [--exclude NAME ...] [--build DIR] [--keep]
"""

from __future__ import annotations

import argparse
import os
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def uv_binary() -> str:
    try:
        import uv

        return uv.find_uv_bin()
    except Exception:
        return shutil.which("uv") or "uv"


def run(argv, env=None, cwd=None, quiet=True) -> float:
    start = time.perf_counter()
    proc = subprocess.run(argv, env=env, cwd=cwd, stdout=subprocess.DEVNULL,
                          stderr=subprocess.DEVNULL if quiet else None)
    elapsed = (time.perf_counter() - start) * 1000
    if proc.returncode != 0:
        subprocess.run(argv, env=env, cwd=cwd)  # show why
        raise SystemExit(f"failed: {' '.join(map(str, argv))}")
    return elapsed


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--project", default="flask")
    ap.add_argument("--python", default=os.path.realpath(sys.executable))
    ap.add_argument("--rounds", type=int, default=15)
    ap.add_argument("--exclude", action="append", default=[])
    ap.add_argument("--build", default=str(ROOT / "build"))
    ap.add_argument("--keep", action="store_true", help="keep the work folder (caches) for another run")
    ap.add_argument("--work", help="work folder (default: a new temporary one)")
    args = ap.parse_args()

    corpus = Path(os.environ.get("LOCKKIT_CORPUS", ROOT.parent / "shared" / "corpus"))
    source = Path(args.project) if "/" in args.project else corpus / "uv-ecosystem" / args.project
    lock_bin = Path(args.build) / "tools" / "lock" / "lock"
    uv = uv_binary()
    work = Path(args.work) if args.work else Path(tempfile.mkdtemp(prefix="lockkit-sync-bench-"))
    project = work / "project"
    project.mkdir(parents=True, exist_ok=True)
    for name in ("pyproject.toml", "uv.lock"):
        shutil.copy(source / name, project / name)

    # What lockkit cannot install without building is left out for both tools.
    probe = subprocess.run([str(lock_bin), "sync", "--frozen", "--dry-run", "--no-install-project", "--python",
                            args.python, "--cache-dir", str(work / "lockkit-cache"), "--venv", str(project / ".probe")],
                           cwd=project, capture_output=True, text=True)
    needs_build = re.findall(r"^  (\S+?)==\S+ (?:has no wheel|comes from git|is the source tree)", probe.stderr, re.M)
    excluded = sorted(set(needs_build) | set(args.exclude))
    selection = ["--no-install-project"] + [x for name in excluded for x in ("--no-install-package", name)]

    env = {k: v for k, v in os.environ.items() if not k.startswith("UV_") and k != "VIRTUAL_ENV"}
    env.update(UV_CACHE_DIR=str(work / "uv-cache"), UV_NO_CONFIG="1", UV_PYTHON_DOWNLOADS="never",
               UV_NO_PROGRESS="1", UV_LINK_MODE="hardlink")
    uv_env = dict(env, UV_PROJECT_ENVIRONMENT=str(project / ".venv-uv"))
    uv_sync = [uv, "sync", "--frozen", "--python", args.python, "-q", *selection]
    # uv installs wheels whose RECORD misstates a hash (decord 0.6.0); lockkit does so when told.
    lock_sync = [str(lock_bin), "sync", "--frozen", "--python", args.python, "-q", "--link-mode", "hardlink",
                 "--allow-record-mismatch",
                 "--cache-dir", str(work / "lockkit-cache"), "--venv", str(project / ".venv-lk"), *selection]

    print(f"project: {source.name}, python: {args.python}, excluded: {', '.join(excluded) or 'none'}", file=sys.stderr)
    print("warming both caches (downloads)...", file=sys.stderr)
    run(uv_sync, env=uv_env, cwd=project, quiet=False)
    run(lock_sync, env=env, cwd=project, quiet=False)
    uv_sync.insert(2, "--offline")
    site = next((project / ".venv-lk").glob("lib/python3*/site-packages"))
    packages = len(list(site.glob("*.dist-info")))
    files = sum(1 for p in (project / ".venv-lk").rglob("*") if p.is_file())
    print(f"{packages} distributions, {files} files in the environment", file=sys.stderr)

    def fresh(venv: Path, argv, e):
        def go():
            shutil.rmtree(venv, ignore_errors=True)
            return run(argv, env=e, cwd=project)
        return go

    floor_src, floor_dst = project / ".venv-lk", project / ".venv-cp"

    def floor():
        shutil.rmtree(floor_dst, ignore_errors=True)
        return run(["cp", "-al", str(floor_src), str(floor_dst)])

    cases = {
        "fresh": {"uv sync --frozen": fresh(project / ".venv-uv", uv_sync, uv_env),
                  "lock sync --frozen": fresh(project / ".venv-lk", lock_sync, env)},
    }
    # cp -al copies the environment lock sync made; time it right after one exists.
    times = {(case, name): [] for case, cmds in cases.items() for name in cmds}
    times[("floor", "cp -al")] = []
    for i in range(args.rounds):
        order = list(cases["fresh"].items())
        for name, go in order if i % 2 == 0 else reversed(order):
            times[("fresh", name)].append(go())
        times[("floor", "cp -al")].append(floor())
    noop = {"uv sync --frozen": lambda: run(uv_sync, env=uv_env, cwd=project),
            "lock sync --frozen": lambda: run(lock_sync, env=env, cwd=project),
            "lock sync --frozen --verify-files": lambda: run(lock_sync + ["--verify-files"], env=env, cwd=project)}
    for name, go in noop.items():
        go()  # the environment exists and is in sync
        times[("no-op", name)] = []
    for i in range(args.rounds * 2):
        order = list(noop.items())
        for name, go in order if i % 2 == 0 else reversed(order):
            times[("no-op", name)].append(go())

    def med(key):
        return statistics.median(times[key])

    print(f"\n{source.name}: {packages} distributions, {files} files; {args.rounds} rounds "
          f"({args.rounds * 2} for no-op), medians in ms\n")
    print("| case | command | median | p90 | ratio |")
    print("|---|---|---:|---:|---:|")
    for (case, name), ts in times.items():
        p90 = statistics.quantiles(ts, n=10, method="inclusive")[-1] if len(ts) > 1 else ts[0]
        if case in ("fresh", "no-op") and name.startswith("lock"):
            ratio = f"{med((case, name)) / med((case, 'uv sync --frozen')):.2f}x uv"
        elif case == "floor":
            ratio = f"lock sync fresh = {med(('fresh', 'lock sync --frozen')) / med(key := (case, name)):.2f}x"
        else:
            ratio = ""
        print(f"| {case} | {name} | {statistics.median(ts):.1f} | {p90:.1f} | {ratio} |")
    if not args.keep and not args.work:
        shutil.rmtree(work, ignore_errors=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
