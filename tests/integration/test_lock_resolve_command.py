"""`lock resolve` run the way a user runs it: writing, re-running as a no-op, `--check`, offline
from a warm cache, and every kind of bad input leaving uv.lock exactly as it was.

The projects resolve from a local find-links folder or the local test index
(tests/fixtures/wheelmaker.py, packse_index.py); no network and no uv are needed here (the
conformance suite compares with uv).
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT / "tests" / "fixtures"))
import packse_index  # noqa: E402
import wheelmaker  # noqa: E402

BUILD = Path(os.environ.get("LOCKKIT_BUILD_DIR", ROOT / "build")).resolve()
LOCK = BUILD / "tools" / "lock" / "lock"

PYPROJECT = """[project]
name = "demo"
version = "0.1.0"
requires-python = ">=3.10"
dependencies = ["alpha>=1", "beta ; sys_platform == 'win32'"]

[project.optional-dependencies]
extra = ["gamma"]

[dependency-groups]
dev = ["gamma<2"]
"""


@pytest.fixture
def wheels(tmp_path) -> Path:
    out = tmp_path / "wheels"
    wheelmaker.make_wheel(out, "alpha", "1.0", requires_dist=["beta>=1"])
    wheelmaker.make_wheel(out, "alpha", "1.1", requires_dist=["beta>=1"])
    wheelmaker.make_wheel(out, "beta", "1.0")
    wheelmaker.make_wheel(out, "gamma", "1.5")
    wheelmaker.make_wheel(out, "gamma", "2.0")
    return out


@pytest.fixture
def project(tmp_path) -> Path:
    p = tmp_path / "demo"
    p.mkdir()
    (p / "pyproject.toml").write_text(PYPROJECT)
    return p


def resolve(project: Path, *args, env=None, cache: Path | None = None) -> subprocess.CompletedProcess:
    e = {k: v for k, v in os.environ.items() if not k.startswith("UV_")}
    e.update(UV_NO_CONFIG="1", LOCKKIT_CACHE_DIR=str(cache or project.parent / "cache"), NO_PROXY="*", no_proxy="*")
    e.update(env or {})
    return subprocess.run([str(LOCK), "resolve", *map(str, args)], cwd=project, env=e, capture_output=True, text=True,
                          timeout=120)


def offline_args(wheels: Path) -> list:
    return ["--offline", "--no-index", "--find-links", wheels]


def test_writes_then_is_a_no_op(project, wheels):
    first = resolve(project, *offline_args(wheels))
    assert first.returncode == 0, first.stderr
    lock = project / "uv.lock"
    text = lock.read_text()
    assert 'name = "alpha"\nversion = "1.1"' in text
    assert "[package.optional-dependencies]" in text and "[package.dev-dependencies]" in text
    assert first.stdout == ""  # stdout carries data only
    before = lock.stat().st_mtime_ns
    again = resolve(project, *offline_args(wheels))
    assert again.returncode == 0, again.stderr
    assert "up to date" in again.stderr
    assert lock.stat().st_mtime_ns == before and lock.read_text() == text
    assert resolve(project, "--check", *offline_args(wheels)).returncode == 0
    # `lock lock` is the same command.
    assert subprocess.run([str(LOCK), "lock", "--locked", *map(str, offline_args(wheels))], cwd=project,
                          capture_output=True, env=dict(os.environ, UV_NO_CONFIG="1")).returncode == 0


def test_check_exits_1_and_writes_nothing(project, wheels):
    assert resolve(project, *offline_args(wheels)).returncode == 0
    lock = project / "uv.lock"
    text = lock.read_text()
    (project / "pyproject.toml").write_text(PYPROJECT.replace('"alpha>=1"', '"alpha<1.1"'))
    proc = resolve(project, "--check", *offline_args(wheels))
    assert proc.returncode == 1, proc.stderr
    assert "needs to be updated" in proc.stderr and "alpha" in proc.stderr
    assert "hint:" in proc.stderr
    assert lock.read_text() == text
    proc = resolve(project, *offline_args(wheels))
    assert proc.returncode == 0
    assert 'name = "alpha"\nversion = "1.0"' in lock.read_text()


def test_upgrade_package_moves_only_that_package(project, wheels):
    # Lock against an older folder, then offer newer versions of alpha and beta.
    old = wheels.parent / "old"
    wheelmaker.make_wheel(old, "alpha", "1.0", requires_dist=["beta>=1"])
    wheelmaker.make_wheel(old, "beta", "1.0")
    wheelmaker.make_wheel(old, "gamma", "1.5")
    assert resolve(project, *offline_args(old)).returncode == 0
    wheelmaker.make_wheel(wheels, "beta", "1.1")
    proc = resolve(project, "--upgrade-package", "beta", *offline_args(wheels))
    assert proc.returncode == 0, proc.stderr
    text = (project / "uv.lock").read_text()
    assert 'name = "beta"\nversion = "1.1"' in text
    assert 'name = "alpha"\nversion = "1.0"' in text  # kept at its locked version
    proc = resolve(project, "--upgrade-package", "alpha==1.0", *offline_args(wheels))
    assert proc.returncode == 0, proc.stderr
    assert resolve(project, "--upgrade", *offline_args(wheels)).returncode == 0
    assert 'name = "alpha"\nversion = "1.1"' in (project / "uv.lock").read_text()


@pytest.mark.parametrize("damage, expect", [
    (lambda t: t.replace('"alpha>=1"', '"alpha>>1"'), "pyproject.toml:5:"),
    (lambda t: t.replace('"alpha>=1"', '"alpha>=5"'), "No solution found"),
    (lambda t: t + '\n[tool.uv.sources]\nalpha = { git = "https://example.invalid/alpha" }\n', "git"),
    # Only a build can tell dynamic dependencies, and offline there is no build backend to run.
    (lambda t: t.replace('dependencies = ["alpha>=1", "beta ; sys_platform == \'win32\'"]', 'dynamic = ["dependencies"]'),
     "dynamic dependencies"),
    # A group including both groups of a conflicting pair: uv would infer a set of one item.
    (lambda t: t.replace('dev = ["gamma<2"]', 'dev = ["gamma<2"]\nall = [{include-group = "dev"}, {include-group = "new"}]\n'
                         'new = ["gamma>=2"]')
     + '\n[tool.uv]\nconflicts = [[{group = "dev"}, {group = "new"}]]\n', "of a single item"),
])
def test_bad_input_leaves_the_lock_as_it_was(project, wheels, damage, expect):
    assert resolve(project, *offline_args(wheels)).returncode == 0
    lock = project / "uv.lock"
    before = lock.read_bytes()
    (project / "pyproject.toml").write_text(damage(PYPROJECT))
    proc = resolve(project, *offline_args(wheels))
    assert proc.returncode == 2, proc.stderr
    assert expect in proc.stderr, proc.stderr
    assert proc.stderr.startswith("error: ")
    assert lock.read_bytes() == before
    assert sorted(p.name for p in project.iterdir()) == ["pyproject.toml", "uv.lock"]  # no temporary left behind


def test_bad_exclude_newer_package_flag_names_flag_and_package(project, wheels):
    assert resolve(project, *offline_args(wheels)).returncode == 0
    lock = project / "uv.lock"
    before = lock.read_bytes()
    proc = resolve(project, "--exclude-newer-package", "alpha=soon", *offline_args(wheels))
    assert proc.returncode == 2, proc.stderr
    assert "--exclude-newer-package" in proc.stderr and "package `alpha`" in proc.stderr, proc.stderr
    assert "`soon` is neither a timestamp nor a span" in proc.stderr, proc.stderr
    assert lock.read_bytes() == before
    assert sorted(p.name for p in project.iterdir()) == ["pyproject.toml", "uv.lock"]


def test_no_requires_python_and_no_interpreter_leaves_the_lock_as_it_was(project, wheels, tmp_path):
    # Without requires-python the interpreter's version is taken (as uv does; the conformance
    # suite compares); with no interpreter anywhere, that is an error.
    assert resolve(project, *offline_args(wheels)).returncode == 0
    lock = project / "uv.lock"
    before = lock.read_bytes()
    (project / "pyproject.toml").write_text(PYPROJECT.replace('requires-python = ">=3.10"\n', ""))
    empty = tmp_path / "empty"
    empty.mkdir()
    proc = resolve(project, *offline_args(wheels), env={"PATH": str(empty), "HOME": str(empty), "PYENV_ROOT": str(empty)})
    assert proc.returncode == 2, proc.stderr
    assert proc.stderr.startswith("error: "), proc.stderr
    assert "no `requires-python` in the workspace, and no Python interpreter was found" in proc.stderr
    assert "hint: add `requires-python" in proc.stderr
    assert lock.read_bytes() == before
    assert sorted(p.name for p in project.iterdir()) == ["pyproject.toml", "uv.lock"]


def test_a_lock_with_conflict_markers_is_refused(project, wheels):
    assert resolve(project, *offline_args(wheels)).returncode == 0
    lock = project / "uv.lock"
    broken = lock.read_text().replace("[[package]]", "<<<<<<< HEAD\n[[package]]\n=======\n>>>>>>> theirs", 1)
    lock.write_text(broken)
    proc = resolve(project, *offline_args(wheels))
    assert proc.returncode == 2
    assert "conflict" in proc.stderr
    assert lock.read_text() == broken


def test_no_project_is_an_error_with_a_hint(tmp_path):
    proc = subprocess.run([str(LOCK), "resolve", "--offline"], cwd=tmp_path, capture_output=True, text=True)
    assert proc.returncode == 2
    assert "no pyproject.toml" in proc.stderr and "hint:" in proc.stderr


def test_offline_from_a_warm_cache(tmp_path, project):
    site = tmp_path / "index"
    packse_index.build_index({"name": "demo", "packages": {
        "alpha": {"versions": {"1.0": {"requires": ["beta>=1"], "requires_python": ""}}},
        "beta": {"versions": {"1.0": {"requires_python": ""}}},
        "gamma": {"versions": {"1.5": {"requires_python": ""}}},
    }}, site)
    cache = tmp_path / "cache"
    with packse_index.IndexServer(site) as server:
        url = f"{server.url}/simple/"
        online = resolve(project, "--index-url", url, cache=cache)
        assert online.returncode == 0, online.stderr
        text = (project / "uv.lock").read_text()
    # The server is gone: the cache answers every page and metadata file.
    (project / "uv.lock").unlink()
    offline = resolve(project, "--offline", "--index-url", url, cache=cache)
    assert offline.returncode == 0, offline.stderr
    assert (project / "uv.lock").read_text() == text
    # With an empty cache, offline cannot work, and says why.
    (project / "uv.lock").unlink()
    cold = resolve(project, "--offline", "--index-url", url, cache=tmp_path / "empty")
    assert cold.returncode == 2
    assert "not found in the cache" in cold.stderr, cold.stderr
    assert not (project / "uv.lock").exists()
