"""Minimal changes: after a one-line pyproject.toml edit, `lock resolve` changes the lock exactly
as `uv lock` 0.12.5 does.

The projects are the random projects of the differential test that both tools lock
identically (tests/fixtures/random_projects.py over local indexes). For each, every edit of
tests/fixtures/project_edits.py that applies (add a dependency, tighten a bound, drop an extra)
is made to two copies that start from the same uv-written lock; uv re-locks one, lockkit the
other, and the results must be byte-identical (or both tools fail); each lock lockkit writes must
pass `lock-verify --strict --check-stale` and `uv lock --check`. Disagreements would be listed
with their reason in lock_resolve_edits.tsv. The same on real projects, online:
test_lock_resolve_ecosystem_edits.py.
"""

from __future__ import annotations

import os
import shutil
import subprocess
from pathlib import Path

import pytest

from lockkit_build import LOCK_BIN
import differential
import failure_text
import project_edits
import random_projects
import uv_oracle
from verify_written import verify_problem

UV, _UV_SKIP_REASON = uv_oracle.find_uv(install=True)
pytestmark = pytest.mark.skipif(UV is None, reason=f"uv {uv_oracle.UV_VERSION} unavailable: {_UV_SKIP_REASON}")

SEEDS = range(40)
KNOWN = differential.read_known(Path(__file__).with_name("lock_resolve_edits.tsv"))


def run(cmd, cwd, env):
    return subprocess.run([str(c) for c in cmd], cwd=cwd, env=env, capture_output=True, text=True, timeout=300)


def test_one_line_edits_change_what_uv_changes(tmp_path):
    if not (LOCK_BIN.is_file() and os.access(LOCK_BIN, os.X_OK)):
        pytest.skip(f"lockkit binary not built: {LOCK_BIN}")
    python = differential.python_for_uv()
    if python is None:
        pytest.skip("no Python >= 3.12 for uv")
    env = differential.sandbox(tmp_path / "home")
    tried, changed, verified, problems = 0, 0, 0, []
    for seed in SEEDS:
        base = differential.run_seed(seed, tmp_path / "base", tmp_path / "indexes", UV, str(LOCK_BIN), python, env)
        if base.status != "identical":
            continue
        start = tmp_path / "base" / f"seed-{seed}" / "uv"
        index = differential.index_for(seed, tmp_path / "indexes")
        versions = {n: list(p["versions"]) for n, p in
                    random_projects.packages_of(random_projects.universe(random_projects.universe_seed(seed))).items()}
        for kind in project_edits.EDITS:
            edited = project_edits.apply(kind, (start / "pyproject.toml").read_text(), versions)
            if edited is None:
                continue
            tried += 1
            dirs = []
            for tool in ("uv", "lockkit"):
                d = tmp_path / "edits" / f"{seed}-{kind}" / tool
                shutil.copytree(start, d)
                (d / "pyproject.toml").write_text(edited)
                dirs.append(d)
            args = ["--index-url", index.as_uri()]
            u = run([UV, "lock", "--python", python, *args], dirs[0], env)
            k = run([LOCK_BIN, "resolve", *args], dirs[1], env)
            key = f"{seed}-{kind}"
            if u.returncode != 0 or k.returncode != 0:
                if (u.returncode == 0) != (k.returncode == 0):
                    problems.append(f"{key}: uv {u.returncode}, lockkit {k.returncode}: {u.stderr[-200:]} {k.stderr[-200:]}")
                continue
            theirs, ours = (dirs[0] / "uv.lock").read_text(), (dirs[1] / "uv.lock").read_text()
            changed += theirs != (start / "uv.lock").read_text()
            if ours != theirs:
                if seed not in KNOWN:
                    problems.append(f"{key}: {failure_text.first_difference(theirs, ours)}")
                continue
            # Every lock lockkit writes: lock-verify finds nothing, and uv calls it up to date.
            problem = verify_problem(LOCK_BIN, dirs[1], env)
            if problem:
                problems.append(f"{key}: {problem}")
            checked = run([UV, "lock", "--check", "--python", python, *args], dirs[1], env)
            if checked.returncode != 0:
                problems.append(f"{key}: uv lock --check: {checked.stderr[-400:]}")
            verified += 1
    print(f"{tried} edits, {changed} changed the lock, {verified} of lockkit's locks verified")
    assert tried >= 20, f"only {tried} edits applied"
    assert changed >= 15, f"only {changed} edits changed the lock"
    assert not problems, "\n".join(problems)
