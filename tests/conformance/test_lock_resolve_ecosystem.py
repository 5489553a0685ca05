"""`lock resolve` against `uv lock` on real projects, online against PyPI.

The projects of ../shared/corpus/uv-ecosystem/ are locked from scratch by real uv 0.12.5 and by
lockkit in the same run, with the `exclude-newer` of their META, and the two uv.lock files must
be byte-identical. The committed locks are not the reference (some were made by other uv
versions or from older locks). Some need builds: sentry and transformers depend on sdists
without static metadata; both tools run the build backends, each with the interpreter it finds.
black's own version is dynamic (hatch-vcs): uv builds black to learn it (the corpus holds only
pyproject.toml, so uv's copy gets the files its build reads, README.md and CHANGES.md, and its
version from SETUPTOOLS_SCM_PRETEND_VERSION; without them uv's build fails), while lockkit reads
black's requirements from `[project]` and builds nothing, since the lock omits that version.

Skipped, with the reason, when PyPI cannot be reached. A subset keeps CI time modest; set
LOCKKIT_ECOSYSTEM=all to run every project that fits the interpreters on this machine.
"""

from __future__ import annotations

import os
import subprocess
import urllib.request
from pathlib import Path

import pytest

from lockkit_build import LOCK_BIN, REPO_ROOT
import uv_oracle
from verify_written import verify_problem

CORPUS = Path(os.environ.get("LOCKKIT_CORPUS") or REPO_ROOT.parent / "shared" / "corpus") / "uv-ecosystem"
UV, _UV_SKIP_REASON = uv_oracle.find_uv(install=True)

# Locked identically by both tools (checked when these tests were written).
IDENTICAL = ["flask", "httpx", "pytest-cov", "cookiecutter", "packse", "llm", "black"]
IDENTICAL_ALL = IDENTICAL + ["openai-python", "github-wikidata-bot", "cibuildwheel", "poetry", "jupyterlab",
                             "semantic-kernel", "sentry", "transformers"]
# What a project's build reads besides pyproject.toml (the corpus holds only that), and the
# environment both tools build with.
EXTRA_FILES = {"black": {"README.md": "# black\n", "CHANGES.md": "# Change log\n"}}
BUILD_ENV = {"black": {"SETUPTOOLS_SCM_PRETEND_VERSION": "24.0.0"}}


def pypi_reachable() -> str:
    try:
        opener = urllib.request.build_opener()
        opener.open("https://pypi.org/simple/idna/", timeout=10).read(100)
        return ""
    except Exception as e:  # noqa: BLE001 - any failure means "offline" here
        return f"PyPI unreachable: {e}"


_OFFLINE = pypi_reachable() if CORPUS.is_dir() else "corpus not found"
pytestmark = [
    pytest.mark.skipif(UV is None, reason=f"uv {uv_oracle.UV_VERSION} unavailable: {_UV_SKIP_REASON}"),
    pytest.mark.skipif(bool(_OFFLINE), reason=_OFFLINE or "-"),
]


def meta(project: str) -> dict[str, str]:
    out = {}
    for line in (CORPUS / project / "META").read_text().splitlines():
        key, _, value = line.partition("=")
        out[key.strip()] = value.strip()
    return out


def interpreter(version: str) -> str | None:
    found = sorted((Path.home() / ".pyenv" / "versions").glob(f"{version}*/bin/python3"))
    return str(found[0]) if found else None


def shared_env(tmp_path_factory) -> dict:
    """uv's and lockkit's caches for every online ecosystem test of the run (this module's and
    test_lock_resolve_ecosystem_edits.py's), so PyPI is asked once per page."""
    if not (LOCK_BIN.is_file() and os.access(LOCK_BIN, os.X_OK)):
        pytest.skip(f"lockkit binary not built: {LOCK_BIN}")
    home = tmp_path_factory.getbasetemp() / "uv-ecosystem-home"
    home.mkdir(exist_ok=True)
    e = uv_oracle.sandbox_env(home)
    e.pop("UV_OFFLINE")
    e["LOCKKIT_CACHE_DIR"] = str(home / "lockkit-cache")
    return e


@pytest.fixture(scope="module")
def env(tmp_path_factory):
    return shared_env(tmp_path_factory)


def run(cmd, cwd, env, attempts=2):
    """Runs a command, once more after a failure that looks like the network's."""
    for attempt in range(attempts):
        proc = subprocess.run([str(c) for c in cmd], cwd=cwd, env=env, capture_output=True, text=True, timeout=900)
        transient = any(w in proc.stderr for w in ("timed out", "Connection reset", "network", "dns error"))
        if proc.returncode == 0 or not transient or attempt + 1 == attempts:
            return proc
    return proc


@pytest.mark.parametrize("project", IDENTICAL_ALL if os.environ.get("LOCKKIT_ECOSYSTEM") == "all" else IDENTICAL)
def test_ecosystem_project_identical_to_uv(tmp_path, env, project):
    m = meta(project)
    env = {**env, **BUILD_ENV.get(project, {})}
    python = interpreter(m.get("python", "3.12"))
    if python is None:
        pytest.skip(f"uv needs Python {m.get('python')}, which this machine lacks")
    cutoff = ["--exclude-newer", m["exclude-newer"]]
    dirs = {}
    for tool in ("uv", "lockkit"):
        d = tmp_path / tool
        d.mkdir()
        (d / "pyproject.toml").write_text((CORPUS / project / "pyproject.toml").read_text())
        for name, text in EXTRA_FILES.get(project, {}).items():
            (d / name).write_text(text)
        dirs[tool] = d
    uv = run([UV, "lock", "--python", python, *cutoff], dirs["uv"], env)
    assert uv.returncode == 0, uv.stderr[-3000:]
    lk = run([LOCK_BIN, "resolve", "--python", python, *cutoff], dirs["lockkit"], env)
    assert lk.returncode == 0, lk.stderr[-3000:]
    assert (dirs["lockkit"] / "uv.lock").read_text() == (dirs["uv"] / "uv.lock").read_text()
    # And uv accepts lockkit's lock as it is.
    checked = run([UV, "lock", "--locked", "--python", python, *cutoff], dirs["lockkit"], env)
    assert checked.returncode == 0, checked.stderr[-3000:]
    problem = verify_problem(LOCK_BIN, dirs["lockkit"], env)
    assert not problem, problem


def test_ecosystem_project_with_a_dynamic_version_needs_no_build(tmp_path, env):
    # black's version comes from git (hatch-vcs). uv 0.12.5 builds black to learn it, and fails
    # in a folder that is no checkout unless SETUPTOOLS_SCM_PRETEND_VERSION stands in; yet the
    # lock omits that version. lockkit reads black's requirements from `[project]` and runs no
    # build: without the stand-in version or the files the build reads, it writes uv's lock.
    python = interpreter(meta("black").get("python", "3.12"))
    if python is None:
        pytest.skip("black's builds need Python 3.12, which this machine lacks")
    cutoff = ["--exclude-newer", meta("black")["exclude-newer"]]
    uv_dir, lk_dir = tmp_path / "uv", tmp_path / "lockkit"
    for d in (uv_dir, lk_dir):
        d.mkdir()
        (d / "pyproject.toml").write_text((CORPUS / "black" / "pyproject.toml").read_text())
    for name, text in EXTRA_FILES["black"].items():
        (uv_dir / name).write_text(text)
    uv = run([UV, "lock", "--python", python, *cutoff], uv_dir, {**env, **BUILD_ENV["black"]})
    assert uv.returncode == 0, uv.stderr[-3000:]
    # No interpreter either: the lockkit run must not need one.
    lk = run([LOCK_BIN, "resolve", *cutoff], lk_dir, {**env, "LOCKKIT_CACHE_DIR": str(tmp_path / "lockkit-cache")})
    assert lk.returncode == 0, lk.stderr[-2000:]
    assert (lk_dir / "uv.lock").read_text() == (uv_dir / "uv.lock").read_text()
    assert 'name = "black"\nsource = { editable = "." }' in (lk_dir / "uv.lock").read_text()
