"""lock-verify's staleness check against real uv's `uv lock --check` (the oracle).

uv 0.12.5 locks a small project from an offline find-links directory; then
each case edits pyproject.toml in a copy of the project, and lock-verify must
call the lock stale exactly when `uv lock --check` does (uv re-resolves to
decide; lock-verify compares the requirements the lock records without
resolving). Cases cover edits that matter (a new, removed or re-specified
requirement, a marker, requires-python, groups, extras, constraints, the
project's version) and edits that do not (comments, order, name spelling).

Shares uv discovery, the wheel index and uv's sandboxed environment with
test_uv_conformance.py; nothing uses the network.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
from pathlib import Path

import pytest

from lockkit_build import BUILD_DIR
import test_uv_conformance as conf
from test_uv_conformance import index_dir, uv_env  # noqa: F401  (fixtures)

VERIFY_BIN = BUILD_DIR / "tools" / "lock-verify" / "lock-verify"

BASE = """
[project]
name = "stale-demo"
version = "0.1.0"
requires-python = ">=3.9"
dependencies = [
    "alpha>=1",
    "gamma==0.5",
]

[project.optional-dependencies]
fast = ["delta"]

[dependency-groups]
dev = ["beta"]

[build-system]
requires = ["uv_build>=0.8,<0.13"]
build-backend = "uv_build"
"""

# (case id, old text, new text, what uv 0.12.5 says): applied to BASE with str.replace.
# The recorded verdict keeps the test from passing vacuously (both tools always
# saying "fresh"); if a new uv changes its mind, the test says so.
EDITS = [
    ("add-dependency", '"gamma==0.5",\n', '"gamma==0.5",\n    "epsilon",\n', True),
    ("remove-dependency", '    "gamma==0.5",\n', "", True),
    ("change-specifier", '"alpha>=1"', '"alpha>=2"', True),
    ("add-marker", '"gamma==0.5"', "\"gamma==0.5; sys_platform == 'linux'\"", True),
    ("requires-python", 'requires-python = ">=3.9"', 'requires-python = ">=3.10"', True),
    ("group-member", 'dev = ["beta"]', 'dev = ["beta", "epsilon"]', True),
    ("new-group", 'dev = ["beta"]', 'dev = ["beta"]\nlint = ["gamma"]', True),
    ("new-extra", 'fast = ["delta"]', 'fast = ["delta"]\nslow = ["epsilon"]', True),
    ("constraint", "[build-system]", '[tool.uv]\nconstraint-dependencies = ["beta<1.2"]\n\n[build-system]', True),
    ("project-version", 'version = "0.1.0"', 'version = "0.2.0"', True),
    ("comment-only", "[project]\n", "[project]\n# a comment changes nothing\n", False),
    ("reorder", '    "alpha>=1",\n    "gamma==0.5",\n', '    "gamma==0.5",\n    "alpha>=1",\n', False),
    ("name-spelling", '"alpha>=1"', '"Alpha>=1"', False),
    ("specifier-spacing", '"alpha>=1"', '"alpha >= 1"', False),
]


@pytest.fixture(scope="module")
def locked_project(tmp_path_factory, index_dir, uv_env):  # noqa: F811
    if not VERIFY_BIN.is_file():
        pytest.skip(f"{VERIFY_BIN} not built")
    root = tmp_path_factory.mktemp("stale") / "project"
    conf.write_project(root, {"pyproject.toml": BASE, "src/stale_demo/__init__.py": ""})
    conf.uv_lock(root, index_dir, uv_env)
    return root


def uv_says_stale(project: Path, index_dir: Path, uv_env: dict) -> bool:  # noqa: F811
    links = os.path.relpath(index_dir, project)
    proc = subprocess.run(
        [conf.UV, "lock", "--check", "--offline", "--no-index", "--find-links", links, "--python", conf.sys.executable],
        capture_output=True, text=True, env=uv_env, cwd=project, timeout=300,
    )
    assert proc.returncode in (0, 1), proc.stderr
    return proc.returncode != 0


def lock_verify_stale(project: Path) -> tuple[bool, list[str]]:
    proc = subprocess.run([str(VERIFY_BIN), "uv.lock", "--format", "json"], capture_output=True, text=True,
                          cwd=project, timeout=60)
    assert proc.returncode in (0, 1), proc.stderr
    stale = [f["message"] for f in json.loads(proc.stdout)["findings"] if f["rule"] == "stale-lock"]
    return bool(stale), stale


def test_fresh_lock_is_not_stale(locked_project, index_dir, uv_env):  # noqa: F811
    assert not uv_says_stale(locked_project, index_dir, uv_env)
    stale, messages = lock_verify_stale(locked_project)
    assert not stale, messages


@pytest.mark.parametrize("case,old,new,uv_verdict", EDITS, ids=[e[0] for e in EDITS])
def test_stale_verdict_matches_uv(case, old, new, uv_verdict, locked_project, index_dir, uv_env, tmp_path):  # noqa: F811
    project = tmp_path / "project"
    shutil.copytree(locked_project, project)
    text = (project / "pyproject.toml").read_text()
    assert old in text, f"edit {case} does not apply"
    (project / "pyproject.toml").write_text(text.replace(old, new, 1))
    expected = uv_says_stale(project, index_dir, uv_env)
    assert expected == uv_verdict, f"{case}: uv {conf.UV_VERSION} now says {'stale' if expected else 'fresh'}"
    actual, messages = lock_verify_stale(project)
    assert actual == expected, (
        f"{case}: uv lock --check says {'stale' if expected else 'up to date'}, "
        f"lock-verify says {'stale' if actual else 'up to date'}: {messages}"
    )
