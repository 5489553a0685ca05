#!/usr/bin/env python3
"""lock-merge on transformers-size locks (~2 MB), in one run, against uv's recipe.

Usage: bench/merge_big_bench.py BUILD_DIR [ROUNDS]      (default 7 rounds)
  BASELINE=/path/lock-merge   also time another lock-merge binary on both cases, in the
                              same rounds (before/after on a shared machine)

Two cases, built from ../shared/corpus/uv-ecosystem/transformers ($LOCKKIT_CORPUS):
  clean       ours bumps three packages, theirs three others: no re-resolution. The
              driver alone on the three locks (`lock-merge base ours theirs uv.lock`).
  reresolve   a git repository: ours tightens `requests` to `requests>=2.0` in
              pyproject.toml (and its lock records it) and bumps three packages;
              theirs bumps the same three to other versions. `git merge` through the
              installed driver re-resolves (the three locks answer; no network).
              uv's recipe on the same commits: `git merge` without the driver, then
              `git checkout --theirs uv.lock && uv lock`, with uv's cache warmed by a
              first run (UV_CACHE_DIR=$LOCKKIT_BENCH_CACHE/uv-cache, shared with
              bench/merge_bench.sh); the merged pyproject.toml differs from theirs', so
              uv resolves again.
Bumps are made as bench/merge_bench.sh makes them (version line, edges naming the
version, artifact filenames), so every lock passes lock-verify and uv reads it.
Each round runs every command once, in turn (robust to load changes on a shared
machine); the median and minimum are printed, and the ratios against lock-merge.
"""

from __future__ import annotations

import os
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "tests" / "fixtures"))
import uv_oracle  # noqa: E402

CORPUS = Path(os.environ.get("LOCKKIT_CORPUS", ROOT.parent / "shared" / "corpus"))
PROJECT = CORPUS / "uv-ecosystem" / "transformers"
CACHE = Path(os.environ.get("LOCKKIT_BENCH_CACHE", Path.home() / ".cache" / "lockkit-bench"))
BUMPED = ["aiosignal", "annotated-types", "arrow"]
OTHERS = ["audioread", "babel", "blinker"]


def version_of(text: str, name: str) -> str:
    return re.search(rf'^name = "{re.escape(name)}"\nversion = "([^"]+)"', text, re.M).group(1)


def bump(text: str, name: str, new: str) -> str:
    """`name`'s single version moved to `new`: its block, its artifacts' filenames, the edges to it."""
    old = version_of(text, name)
    start = text.index(f'[[package]]\nname = "{name}"\nversion = "{old}"\n')
    end = text.find("\n\n", start)
    end = len(text) if end < 0 else end
    block = text[start:end].replace(f'version = "{old}"', f'version = "{new}"', 1)
    block = re.sub(rf'-{re.escape(old)}(-[^"/]*\.whl"|\.tar\.gz"|\.zip")', rf"-{new}\1", block)
    text = text[:start] + block + text[end:]
    return text.replace(f'{{ name = "{name}", version = "{old}"', f'{{ name = "{name}", version = "{new}"')


def run(args, cwd, env, check=True):
    r = subprocess.run(args, cwd=cwd, env=env, capture_output=True, text=True, timeout=600)
    if check and r.returncode != 0:
        sys.exit(f"{' '.join(map(str, args))} failed ({r.returncode}):\n{r.stdout}\n{r.stderr}")
    return r


def timed(args, cwd, env):
    t0 = time.perf_counter()
    r = subprocess.run(args, cwd=cwd, env=env, capture_output=True, text=True, timeout=600)
    return time.perf_counter() - t0, r


def main() -> int:
    if len(sys.argv) < 2:
        sys.exit(__doc__)
    build = Path(sys.argv[1]).resolve()
    rounds = int(sys.argv[2]) if len(sys.argv) > 2 else 7
    lock_merge = build / "tools" / "lock-merge" / "lock-merge"
    baseline = os.environ.get("BASELINE")
    if not (PROJECT / "uv.lock").exists():
        print(f"skipped: no corpus at {PROJECT}")
        return 0
    uv, why = uv_oracle.find_uv()
    if uv is not None and shutil.which("pyenv"):
        # pyenv's shims cost ~50 ms a call that are not uv's: its own binary instead.
        r = subprocess.run(["pyenv", "which", "uv"], capture_output=True, text=True)
        if r.returncode == 0:
            uv = r.stdout.strip()
    base = (PROJECT / "uv.lock").read_text()
    exclude_newer = re.search(r"^exclude-newer = (.*)$", (PROJECT / "META").read_text(), re.M).group(1).strip()
    tmp = Path(tempfile.mkdtemp(prefix="merge-big-bench-"))
    env = dict(os.environ, GIT_AUTHOR_NAME="b", GIT_AUTHOR_EMAIL="b@example.com", GIT_COMMITTER_NAME="b",
               GIT_COMMITTER_EMAIL="b@example.com", GIT_CONFIG_NOSYSTEM="1", HOME=str(tmp),
               LOCKKIT_MERGE_OFFLINE="1", UV_CACHE_DIR=str(CACHE / "uv-cache"), UV_EXCLUDE_NEWER=exclude_newer,
               UV_PYTHON=sys.executable)
    try:
        # --- clean: no re-resolution -------------------------------------------------
        ours = base
        for n in BUMPED:
            ours = bump(ours, n, version_of(base, n) + ".post1")
        theirs = base
        for n in OTHERS:
            theirs = bump(theirs, n, version_of(base, n) + ".post1")
        c = tmp / "clean"
        c.mkdir()
        for name, text in (("base", base), ("ours", ours), ("theirs", theirs)):
            (c / name).write_text(text)
        print(f"locks: {len(base) / 1e6:.2f} MB base, {len(ours) / 1e6:.2f} MB ours, {len(theirs) / 1e6:.2f} MB theirs")
        driver = [str(lock_merge), "base", "work", "theirs", "uv.lock"]
        shutil.copy(c / "ours", c / "work")
        r = run(driver, c, env, check=False)
        assert r.returncode == 0, r.stderr
        for n in BUMPED + OTHERS:
            assert version_of((c / "work").read_text(), n).endswith(".post1"), n

        # --- reresolve: a git merge through the driver, and uv's recipe ---------------
        pyproject = (PROJECT / "pyproject.toml").read_text()
        assert '    "requests",\n' in pyproject
        ours_pyproject = pyproject.replace('    "requests",\n', '    "requests>=2.0",\n', 1)
        root_req = '    { name = "requests" },\n'
        assert base.count(root_req) == 1
        r_ours, r_theirs = base.replace(root_req, '    { name = "requests", specifier = ">=2.0" },\n'), base
        for n in BUMPED:
            r_ours = bump(r_ours, n, version_of(base, n) + ".post1")
            r_theirs = bump(r_theirs, n, version_of(base, n) + ".post2")
        repos = {}
        for kind in ("lockkit", "uv") + (("baseline",) if baseline else ()):
            w = tmp / kind
            w.mkdir()
            run(["git", "init", "-q", "-b", "main"], w, env)
            if kind in ("lockkit", "baseline"):
                run([str(lock_merge) if kind == "lockkit" else baseline, "install", "--local"], w, env)
            (w / "pyproject.toml").write_text(pyproject)
            (w / "uv.lock").write_text(base)
            run(["git", "add", "-A"], w, env)
            run(["git", "commit", "-qm", "base"], w, env)
            run(["git", "checkout", "-qb", "topic"], w, env)
            (w / "uv.lock").write_text(r_theirs)
            run(["git", "commit", "-qam", "theirs"], w, env)
            run(["git", "checkout", "-q", "main"], w, env)
            (w / "pyproject.toml").write_text(ours_pyproject)
            (w / "uv.lock").write_text(r_ours)
            run(["git", "commit", "-qam", "ours"], w, env)
            repos[kind] = w

        def lockkit_merge(kind="lockkit"):
            w = repos[kind]
            run(["git", "reset", "-q", "--hard", "main"], w, env)
            run(["git", "checkout", "-q", "--detach", "main"], w, env)
            t, r = timed(["git", "merge", "-q", "--no-edit", "topic"], w, env)
            assert r.returncode == 0, r.stderr
            return t, r

        def uv_recipe():
            w = repos["uv"]
            run(["git", "reset", "-q", "--hard", "main"], w, env)
            run(["git", "checkout", "-q", "--detach", "main"], w, env)
            t0 = time.perf_counter()
            run(["git", "merge", "-q", "--no-edit", "topic"], w, env, check=False)
            run(["git", "checkout", "--theirs", "uv.lock"], w, env)
            t_uv, r = timed([uv, "lock"], w, env)
            assert r.returncode == 0, r.stderr
            return time.perf_counter() - t0, t_uv

        t, r = lockkit_merge()
        merged = (repos["lockkit"] / "uv.lock").read_text()
        assert "<<<<<<<" not in merged and "re-resolved" in r.stderr, r.stderr
        for n in BUMPED:
            assert version_of(merged, n).endswith(".post2"), (n, version_of(merged, n))
        print("lockkit re-resolving merge:", r.stderr.strip().splitlines()[0][:200])
        if uv is not None:
            check = run([uv, "lock", "--check", "--offline"], repos["lockkit"], env, check=False)
            print(f"uv lock --check on lockkit's merge: exit {check.returncode} {check.stderr.strip()[-200:]}")
            uv_recipe()  # warms uv's cache for this case
            kept = [n for n in BUMPED if version_of((repos["uv"] / "uv.lock").read_text(), n).endswith(".post1")]
            print(f"uv's recipe keeps ours' bumps of: {kept or 'none'}")
        else:
            print(f"uv's recipe not measured: {why}")

        times: dict[str, list[float]] = {}
        for _ in range(rounds):
            shutil.copy(c / "ours", c / "work")
            times.setdefault("clean: lock-merge (driver alone, 3 x 2 MB)", []).append(timed(driver, c, env)[0])
            times.setdefault("reresolve: git merge through lock-merge", []).append(lockkit_merge()[0])
            if baseline:
                shutil.copy(c / "ours", c / "work")
                times.setdefault("clean: BASELINE lock-merge", []).append(timed([baseline] + driver[1:], c, env)[0])
                times.setdefault("reresolve: git merge through BASELINE lock-merge", []).append(lockkit_merge("baseline")[0])
            if uv is not None:
                whole, t_uv = uv_recipe()
                times.setdefault("reresolve: uv's recipe (git merge + checkout --theirs + uv lock)", []).append(whole)
                times.setdefault("reresolve: uv lock alone (warm cache)", []).append(t_uv)
        print(f"\n{rounds} interleaved rounds; load average at the end: {os.getloadavg()[0]:.1f} (2 cores, shared)")
        ref = statistics.median(times["reresolve: git merge through lock-merge"])
        for name, ts in times.items():
            med = statistics.median(ts)
            print(f"{name}: median {med * 1000:.0f} ms, min {min(ts) * 1000:.0f} ms, "
                  f"{med / ref:.2f}x the re-resolving lock-merge")
    finally:
        shutil.rmtree(tmp, ignore_errors=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
