"""A source tree whose version is dynamic gets its real version when a requirement needs it,
judged by real uv 0.12.5.

uv builds every source tree whose version is dynamic when it resolves, and its lock omits that
version. A requirement that is lowered to the tree itself (a workspace or path source) loses its
specifier, so the version matters only to a requirement from elsewhere: a registry requirement of
another local package that does not share the tree's source (langgraph-cli's `langgraph-sdk>=0.1.0`
beside langgraph's path source for langgraph-sdk) or of an index package. lockkit reads such a tree
from `[project]` and builds it only then, so these projects carry both kinds of requirement:

- `cli` (a path package with its own sources) requires `sdk>=0.1.0`, and `api` from the index has
  1.0 requiring `sdk>=0.1` and 2.0 requiring `sdk>=5`: both tools build sdk (0.2.0), lock api 1.0,
  and write the same bytes;
- `cli` requires `sdk<0.1`, which the stand-in version would meet and the built one does not: both
  tools find no solution, with the same report;
- the build is needed and cannot happen (no interpreter, a failing backend): both tools stop, and
  lockkit's error names the package and its pyproject.toml, where it once reported no solution.

Every project builds with the tiny backend it carries (tests/fixtures/tiny_backend), so builds
need no index. uv 0.12.5 is looked up, never installed; without it the module is skipped.
"""

from __future__ import annotations

import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parent))
from test_lock_resolve_build import (  # noqa: E402
    LOCK, NO_PROXY, PYTHON, UV, _UV_SKIP, lock_resolve, no_python_env, tiny_project, uv_lock)

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "fixtures"))
import local_index  # noqa: E402
import uv_oracle  # noqa: E402
import wheelmaker  # noqa: E402

pytestmark = [
    pytest.mark.skipif(UV is None, reason=_UV_SKIP),
    pytest.mark.skipif(not LOCK.exists(), reason=f"{LOCK} not built (set LOCKKIT_BUILD_DIR)"),
    pytest.mark.skipif(sys.version_info < (3, 11), reason="the tiny backend reads pyproject.toml with tomllib"),
]

SDK_VERSION = 'version = "0.2.0"\n'


@pytest.fixture(scope="module")
def index(tmp_path_factory):
    folder = tmp_path_factory.mktemp("index")
    wheelmaker.make_wheel(folder, "leaf", "1.0")
    # With sdk at its built version 0.2.0 only api 1.0 fits; with a stand-in version 0, neither.
    wheelmaker.make_wheel(folder, "api", "1.0", requires_dist=["sdk>=0.1"])
    wheelmaker.make_wheel(folder, "api", "2.0", requires_dist=["sdk>=5"])
    served = local_index.LocalIndex(folder)
    yield served
    served.close()


def project(root: Path, cli_requires: str, app_requires: str = '"sdk", "cli"', sdk_tiny: str = SDK_VERSION) -> Path:
    """app with path sources for sdk (dynamic version) and cli (static, requiring `cli_requires`)."""
    tiny_project(root, "app", f'version = "0.1.0"\ndependencies = [{app_requires}]\n', extra="""
        [tool.uv.sources]
        sdk = { path = "sdk", editable = true }
        cli = { path = "cli", editable = true }
        """)
    tiny_project(root / "sdk", "sdk", 'dynamic = ["version"]\ndependencies = ["leaf"]\n', tiny=sdk_tiny)
    # cli is outside any workspace and has no sources: its requirement on sdk keeps its specifier.
    tiny_project(root / "cli", "cli", f'version = "0.3.0"\ndependencies = ["{cli_requires}"]\n')
    return root


def uv_lock_failure(root: Path, index, home: Path) -> str:
    env = uv_oracle.sandbox_env(home, UV_OFFLINE="0", **NO_PROXY)
    proc = subprocess.run([UV, "lock", "--default-index", index.simple, "--python", PYTHON], capture_output=True,
                          text=True, env=env, cwd=root, timeout=300)
    assert proc.returncode != 0, proc.stderr
    assert not (root / "uv.lock").exists()
    return proc.stderr


def report_sentences(text: str) -> list[str]:
    """A failure report's sentences, without uv's progress lines, tree drawing and line wrapping."""
    assert "No solution found" in text, text
    text = text[text.index("No solution found"):]
    text = re.sub(r"[×╰─▶├│]", " ", text.replace("error:", " "))
    return [s.strip() for s in re.split(r"(?<=[.,])\s+", " ".join(text.split())) if s.strip()]


def copy_of(theirs: Path, ours: Path) -> Path:
    shutil.copytree(theirs, ours, ignore=shutil.ignore_patterns("uv.lock", ".venv"))
    return ours


def test_constrained_dynamic_version_is_built_like_uv(tmp_path, index):
    theirs = project(tmp_path / "uv", "sdk>=0.1.0", app_requires='"sdk", "cli", "api"')
    uv_lock(theirs, index, tmp_path / "uv-home")
    ours = copy_of(theirs, tmp_path / "ours")
    proc = lock_resolve(ours, index, tmp_path / "cache", "--python", PYTHON)
    assert proc.returncode == 0, proc.stderr
    expected = (theirs / "uv.lock").read_text()
    assert (ours / "uv.lock").read_text() == expected
    # What the build told both tools: sdk is 0.2.0, so api 2.0 (sdk>=5) is out and api 1.0 in.
    assert 'name = "api"\nversion = "1.0"' in expected
    assert 'name = "sdk"\nsource = { editable = "sdk" }' in expected  # the version stays omitted
    assert 'requires-dist = [{ name = "sdk", specifier = ">=0.1.0" }]' in expected
    again = lock_resolve(ours, index, tmp_path / "cache", "--python", PYTHON, "--check")
    assert again.returncode == 0, again.stderr


def test_specifier_excluding_the_built_version_fails_like_uv(tmp_path, index):
    # `<0.1` admits a stand-in version 0; only the build shows that sdk is 0.2.0.
    theirs = project(tmp_path / "uv", "sdk<0.1")
    uv_error = uv_lock_failure(theirs, index, tmp_path / "uv-home")
    assert f"Built sdk @ {(theirs / 'sdk').as_uri()}" in uv_error, uv_error
    uv_report = report_sentences(uv_error)
    assert "And because only sdk>=0.1 is available and your project depends on cli," in uv_report, uv_report
    ours = copy_of(theirs, tmp_path / "ours")
    proc = lock_resolve(ours, index, tmp_path / "cache", "--python", PYTHON)
    assert proc.returncode == 2, proc.stderr
    assert report_sentences(proc.stderr) == uv_report
    assert not (ours / "uv.lock").exists()


def test_needed_build_without_interpreter_names_the_tree(tmp_path, index):
    # Unconstrained, the tree is read from `[project]`: no interpreter is looked for.
    free = project(tmp_path / "free", "sdk")
    proc = lock_resolve(free, index, tmp_path / "cache", env=no_python_env(tmp_path / "home"))
    assert proc.returncode == 0, proc.stderr
    assert 'name = "sdk"\nsource = { editable = "sdk" }' in (free / "uv.lock").read_text()

    constrained = project(tmp_path / "constrained", "sdk>=0.1.0")
    proc = lock_resolve(constrained, index, tmp_path / "cache", env=no_python_env(tmp_path / "home"))
    assert proc.returncode == 2, proc.stderr
    assert f"`sdk` ({constrained / 'sdk' / 'pyproject.toml'}) declares its version dynamic" in proc.stderr
    assert "a build backend must run, but no Python interpreter found" in proc.stderr
    assert "No solution found" not in proc.stderr
    assert not (constrained / "uv.lock").exists()


def test_failing_build_of_a_constrained_tree_stops_both(tmp_path, index):
    theirs = project(tmp_path / "uv", "sdk>=0.1.0", sdk_tiny=SDK_VERSION + 'mode = "fail-metadata"\n')
    uv_error = uv_lock_failure(theirs, index, tmp_path / "uv-home")
    uv_error = "".join(re.sub("[│]", "", uv_error).split())  # uv wraps long lines
    assert f"Failedtobuild`sdk@{(theirs / 'sdk').as_uri()}`" in uv_error, uv_error
    assert "tiny_backendfailedonpurpose" in uv_error
    ours = copy_of(theirs, tmp_path / "ours")
    proc = lock_resolve(ours, index, tmp_path / "cache", "--python", PYTHON)
    assert proc.returncode == 2, proc.stderr
    assert f"`sdk` ({ours / 'sdk' / 'pyproject.toml'}) declares its version dynamic" in proc.stderr
    assert "its build failed" in proc.stderr and "tiny_backend failed on purpose" in proc.stderr
    assert not (ours / "uv.lock").exists()
