"""`lock resolve` against `uv lock` on real projects, online against PyPI.

The projects of ../shared/corpus/uv-ecosystem/ are locked from scratch by real uv 0.12.5 and by
lockkit in the same run, with the `exclude-newer` of their META, and the two uv.lock files must
be byte-identical. The committed locks are not the reference (some were made by other uv
versions or from older locks). Some need builds: black's own version is dynamic (hatch-vcs),
sentry and transformers depend on sdists without static metadata; both tools run the build
backends, each with the interpreter it finds. The corpus holds only pyproject.toml, so black
gets the files its build reads (README.md, CHANGES.md) and its version from
SETUPTOOLS_SCM_PRETEND_VERSION, the same for both tools; without the version its build fails,
for uv as for lockkit, and lockkit must say so and write nothing.

Skipped, with the reason, when PyPI cannot be reached. A subset keeps CI time modest; set
LOCKKIT_ECOSYSTEM=all to run every project that fits the interpreters on this machine.
"""

from __future__ import annotations

import os
import subprocess
import sys
import urllib.request
from pathlib import Path

import pytest

REPO_ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(REPO_ROOT / "tests" / "fixtures"))
import uv_oracle  # noqa: E402
from verify_written import verify_problem  # noqa: E402

BUILD_DIR = Path(os.environ.get("LOCKKIT_BUILD_DIR") or REPO_ROOT / "build").resolve()
LOCK_BIN = BUILD_DIR / "tools" / "lock" / "lock"
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


@pytest.fixture(scope="module")
def env(tmp_path_factory):
    if not (LOCK_BIN.is_file() and os.access(LOCK_BIN, os.X_OK)):
        pytest.skip(f"lockkit binary not built: {LOCK_BIN}")
    home = tmp_path_factory.mktemp("home")
    e = uv_oracle.sandbox_env(home)
    e.pop("UV_OFFLINE")
    e["LOCKKIT_CACHE_DIR"] = str(home / "lockkit-cache")
    return e


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


def test_ecosystem_project_whose_build_fails_is_refused(tmp_path, env):
    # black's version comes from git (hatch-vcs); a folder that is no checkout has none, and
    # uv 0.12.5 fails the same way (setuptools-scm: "unable to detect version").
    python = interpreter(meta("black").get("python", "3.12"))
    if python is None:
        pytest.skip("black's builds need Python 3.12, which this machine lacks")
    # A cache of its own: builds are cached by source, and the identical-lock test built this
    # very tree with SETUPTOOLS_SCM_PRETEND_VERSION set.
    env = {**env, "LOCKKIT_CACHE_DIR": str(tmp_path / "lockkit-cache")}
    project = tmp_path / "black"
    project.mkdir()
    for name, text in {"pyproject.toml": (CORPUS / "black" / "pyproject.toml").read_text(), **EXTRA_FILES["black"]}.items():
        (project / name).write_text(text)
    lk = run([LOCK_BIN, "resolve", "--python", python, "--exclude-newer", meta("black")["exclude-newer"]], project, env)
    assert lk.returncode == 2, lk.stderr[-2000:]
    assert "cannot build the metadata of black" in lk.stderr, lk.stderr[-2000:]
    assert "setuptools-scm" in lk.stderr or "setuptools_scm" in lk.stderr, lk.stderr[-2000:]
    assert not (project / "uv.lock").exists()
