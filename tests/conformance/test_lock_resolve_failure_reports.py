"""`lock resolve` failing as `uv lock` 0.12.5 fails, and locking a project without
`requires-python` as uv does: both tools run on the same project, with the same interpreter.

Failure reports are compared whole (header, explanation, hints), once tests/fixtures/
failure_text.py has removed uv's terminal framing (UV_NO_WRAP, the `×`/`╰─▶` markers) and
lockkit's `error: ` prefix; uv exits 1 on a failed resolution, lockkit 2 (its "could not do its
job"), and neither writes a lock.

Without any `requires-python` uv locks for `>=X.Y` of the interpreter it finds (`--python`,
$UV_PYTHON, `.python-version`, then PATH) and warns "No `requires-python` value found in the
workspace. Defaulting to `>=X.Y`." (crates/uv/src/commands/project/lock.rs).
"""

from __future__ import annotations

import os
import subprocess
from pathlib import Path

import pytest

from lockkit_build import LOCK_BIN
import differential
import failure_text
import packse_index
import uv_oracle
import wheelmaker

UV, _UV_SKIP_REASON = uv_oracle.find_uv(install=True)
PYTHON = differential.python_for_uv()
pytestmark = [
    pytest.mark.skipif(UV is None, reason=f"uv {uv_oracle.UV_VERSION} unavailable: {_UV_SKIP_REASON}"),
    pytest.mark.skipif(PYTHON is None, reason="no Python >= 3.12 for uv"),
    pytest.mark.skipif(not LOCK_BIN.is_file(), reason=f"lockkit binary not built: {LOCK_BIN}"),
]


def python_minor(exe: str) -> str:
    return subprocess.run([exe, "-c", "import sys; print('%d.%d' % sys.version_info[:2])"], capture_output=True,
                          text=True).stdout.strip()


@pytest.fixture(scope="module")
def places(tmp_path_factory) -> dict[str, Path]:
    root = tmp_path_factory.mktemp("places")
    wheels = root / "wheels"
    wheelmaker.make_wheel(wheels, "foo", "1.0")
    wheelmaker.make_wheel(wheels, "newpy", "1.0", requires_python=">=3.12")
    wheelmaker.make_wheel(wheels, "pre", "0.5")
    wheelmaker.make_wheel(wheels, "pre", "2.0a1")
    site = root / "index"
    packse_index.build_index({"name": "x", "packages": {"foo": {"versions": {"1.0": {"requires_python": ""}}}}}, site)
    return {"wheels": wheels, "index": site / "simple"}


def project(dir: Path, dependencies: list[str], requires_python: str | None = ">=3.10") -> Path:
    dir.mkdir(parents=True)
    rp = f'requires-python = "{requires_python}"\n' if requires_python else ""
    deps = ", ".join(f'"{d}"' for d in dependencies)
    (dir / "pyproject.toml").write_text(f'[project]\nname = "p"\nversion = "0.1.0"\n{rp}dependencies = [{deps}]\n')
    return dir


def run_both(tmp: Path, dependencies: list[str], args: list[str], *, requires_python: str | None = ">=3.10",
             python: list[str] | None = None, env: dict | None = None, files: dict | None = None):
    python = ["--python", PYTHON] if python is None else python
    e = uv_oracle.sandbox_env(tmp / "home", UV_NO_WRAP="1", LOCKKIT_CACHE_DIR=str(tmp / "home" / "lockkit-cache"))
    e.pop("UV_OFFLINE")
    e.update(env or {})
    e = {k: v for k, v in e.items() if v is not None}  # None: unset
    dirs = {tool: project(tmp / tool, dependencies, requires_python) for tool in ("uv", "lockkit")}
    for d in dirs.values():
        for name, text in (files or {}).items():
            (d / name).write_text(text)
    u = subprocess.run([UV, "lock", *python, *args], cwd=dirs["uv"], env=e, capture_output=True, text=True, timeout=300)
    k = subprocess.run([str(LOCK_BIN), "resolve", *python, *args], cwd=dirs["lockkit"], env=e, capture_output=True,
                       text=True, timeout=300)
    return u, k, dirs


CASES = {
    # A package in no --find-links folder: no "no additional package locations" hint.
    "missing-from-find-links": (["bar"], lambda p: ["--offline", "--no-index", "--find-links", p["wheels"]]),
    # The control: with no --find-links at all, that hint is right.
    "no-index-and-no-find-links": (["bar"], lambda p: ["--offline", "--no-index"]),
    "missing-from-an-index": (["bar"], lambda p: ["--index-url", p["index"].as_uri()]),
    # Offline, a package no index has is "not found in the cache", even on a local index.
    "missing-from-an-index-offline": (["bar"], lambda p: ["--offline", "--index-url", p["index"].as_uri()]),
    "offline-with-nothing-cached": (["foo"], lambda p: ["--offline", "--index-url", "http://127.0.0.1:9/simple"]),
    # The failing fork leaves out the active interpreter: uv's hint names its version.
    "requires-python-too-low": (["newpy"], lambda p: ["--offline", "--no-index", "--find-links", p["wheels"]]),
    "pre-release-available": (["pre>=1"],
                              lambda p: ["--offline", "--no-index", "--find-links", p["wheels"], "--prerelease", "disallow"]),
}


@pytest.mark.parametrize("case", sorted(CASES))
def test_failure_reports_read_as_uvs(tmp_path, places, case):
    dependencies, args = CASES[case]
    u, k, dirs = run_both(tmp_path, dependencies, [str(a) for a in args(places)])
    assert u.returncode == 1, u.stderr
    assert k.returncode == 2, k.stderr
    assert k.stderr.startswith("error: No solution found"), k.stderr
    theirs, ours = (failure_text.normalise(p.stderr) for p in (u, k))
    assert ours == theirs, f"{failure_text.first_difference(theirs, ours)}\nuv:\n{u.stderr}\nlockkit:\n{k.stderr}"
    assert not (dirs["uv"] / "uv.lock").exists() and not (dirs["lockkit"] / "uv.lock").exists()


def defaulting_warning(stderr: str) -> list[str]:
    return [line for line in stderr.splitlines() if "requires-python` value found" in line]


@pytest.mark.parametrize("how", ["--python", "UV_PYTHON", ".python-version"])
def test_no_requires_python_takes_the_interpreters_version(tmp_path, places, how):
    python, env, files = [], {}, {}
    if how == "--python":
        python = ["--python", PYTHON]
    elif how == "UV_PYTHON":
        env["UV_PYTHON"] = PYTHON
    else:
        files[".python-version"] = python_minor(PYTHON) + "\n"
        env["UV_NO_CONFIG"] = None  # uv reads no .python-version under --no-config
        # Both look for `python3.X` on PATH first: that name is this interpreter (a version
        # manager's shim there may refuse to run it).
        bin_dir = tmp_path / "bin"
        bin_dir.mkdir()
        (bin_dir / f"python{python_minor(PYTHON)}").symlink_to(Path(PYTHON).resolve())
        env["PATH"] = f"{bin_dir}{os.pathsep}{os.environ.get('PATH', '')}"
    u, k, dirs = run_both(tmp_path, ["foo"], ["--offline", "--no-index", "--find-links", str(places["wheels"])],
                          requires_python=None, python=python, env=env, files=files)
    assert u.returncode == 0, u.stderr
    assert k.returncode == 0, k.stderr
    expected = f'requires-python = ">={python_minor(PYTHON)}"'
    assert expected in (dirs["uv"] / "uv.lock").read_text()
    assert (dirs["lockkit"] / "uv.lock").read_text() == (dirs["uv"] / "uv.lock").read_text()
    assert defaulting_warning(k.stderr) == defaulting_warning(u.stderr) == [
        f"warning: No `requires-python` value found in the workspace. Defaulting to `>={python_minor(PYTHON)}`."]
    # Run again: the lock answers (same interpreter, same default), nothing is rewritten.
    again = subprocess.run([str(LOCK_BIN), "resolve", "--check", *python, "--offline", "--no-index", "--find-links",
                            str(places["wheels"])], cwd=dirs["lockkit"],
                           env={k: v for k, v in {**uv_oracle.sandbox_env(tmp_path / "home"), **env,
                                "LOCKKIT_CACHE_DIR": str(tmp_path / "home" / "lockkit-cache")}.items() if v is not None},
                           capture_output=True, text=True, timeout=300)
    assert again.returncode == 0, again.stderr


def test_no_requires_python_and_no_interpreter_is_an_error(tmp_path, places):
    # Nowhere to find a Python: an empty PATH and a home without version managers.
    empty = tmp_path / "empty"
    empty.mkdir()
    env = {"PATH": str(empty), "HOME": str(tmp_path / "nohome"), "PYENV_ROOT": str(empty)}
    u, k, dirs = run_both(tmp_path, ["foo"], ["--offline", "--no-index", "--find-links", str(places["wheels"])],
                          requires_python=None, python=[], env=env)
    assert u.returncode == 2, u.stderr
    assert "No interpreter found" in u.stderr, u.stderr
    assert k.returncode == 2, k.stderr
    assert "no `requires-python` in the workspace, and no Python interpreter was found" in k.stderr, k.stderr
    assert "hint: add `requires-python" in k.stderr
    assert sorted(p.name for p in dirs["lockkit"].iterdir()) == ["pyproject.toml"]


def test_member_python_version_is_found_from_the_member_folder(tmp_path, places):
    """Run in a workspace member's folder, `uv lock` takes the member's `.python-version`
    (it looks from the project folder up to the workspace root), not the first Python on PATH."""
    other = next((str(p) for p in sorted((Path.home() / ".pyenv" / "versions").glob("3.1[0-9]*/bin/python3"))
                  if python_minor(str(p)) not in ("", python_minor(PYTHON))), None)
    if other is None:
        pytest.skip("no second Python minor version under ~/.pyenv/versions")
    # PYTHON comes first on PATH under every name; `other` only as its own `python3.X`.
    bin_dir = tmp_path / "bin"
    bin_dir.mkdir()
    for name in ("python3", "python", f"python{python_minor(PYTHON)}"):
        (bin_dir / name).symlink_to(Path(PYTHON).resolve())
    (bin_dir / f"python{python_minor(other)}").symlink_to(Path(other).resolve())
    e = uv_oracle.sandbox_env(tmp_path / "home", UV_NO_WRAP="1", LOCKKIT_CACHE_DIR=str(tmp_path / "home" / "lockkit-cache"),
                              PATH=f"{bin_dir}{os.pathsep}{os.environ.get('PATH', '')}")
    e.pop("UV_OFFLINE")
    e = {k: v for k, v in e.items() if k != "UV_NO_CONFIG"}  # uv reads no .python-version under --no-config
    args = ["--offline", "--no-index", "--find-links", str(places["wheels"])]
    dirs = {}
    for tool in ("uv", "lockkit"):
        root = tmp_path / tool
        root.mkdir()
        (root / "pyproject.toml").write_text('[project]\nname = "root"\nversion = "0.1.0"\ndependencies = ["m"]\n\n'
                                             '[tool.uv.sources]\nm = { workspace = true }\n\n'
                                             '[tool.uv.workspace]\nmembers = ["m"]\n')
        (root / "m").mkdir()
        (root / "m" / "pyproject.toml").write_text('[project]\nname = "m"\nversion = "0.1.0"\ndependencies = ["foo"]\n')
        (root / "m" / ".python-version").write_text(python_minor(other) + "\n")
        dirs[tool] = root
    u = subprocess.run([UV, "lock", *args], cwd=dirs["uv"] / "m", env=e, capture_output=True, text=True, timeout=300)
    k = subprocess.run([str(LOCK_BIN), "resolve", *args], cwd=dirs["lockkit"] / "m", env=e, capture_output=True,
                       text=True, timeout=300)
    assert u.returncode == 0, u.stderr
    assert k.returncode == 0, k.stderr
    assert f'requires-python = ">={python_minor(other)}"' in (dirs["uv"] / "uv.lock").read_text()
    assert (dirs["lockkit"] / "uv.lock").read_text() == (dirs["uv"] / "uv.lock").read_text()
    assert defaulting_warning(k.stderr) == defaulting_warning(u.stderr)


def test_version_file_lines_uv_cannot_use_are_skipped_with_its_warning(tmp_path, places):
    """A workspace without requires-python: both look for the interpreter, read `.python-version`
    line by line, skip what uv takes as an executable's name with uv's warning, and use the
    next request."""
    bin_dir = tmp_path / "bin"
    bin_dir.mkdir()
    (bin_dir / f"python{python_minor(PYTHON)}").symlink_to(Path(PYTHON).resolve())
    env = {"UV_NO_CONFIG": None, "PATH": f"{bin_dir}{os.pathsep}{os.environ.get('PATH', '')}"}
    files = {".python-version": f"foo\n3.x\n{python_minor(PYTHON)}\n"}
    u, k, dirs = run_both(tmp_path, ["foo"], ["--offline", "--no-index", "--find-links", str(places["wheels"])],
                          requires_python=None, python=[], env=env, files=files)
    assert u.returncode == 0, u.stderr
    assert k.returncode == 0, k.stderr

    def ignored(stderr: str, root: Path) -> list[str]:
        return [line.replace(str(root), "[ROOT]") for line in stderr.splitlines()
                if line.startswith("warning: Ignoring unsupported Python request")]

    assert ignored(u.stderr, dirs["uv"]) == [
        "warning: Ignoring unsupported Python request `foo` in version file: [ROOT]/.python-version",
        "warning: Ignoring unsupported Python request `3.x` in version file: [ROOT]/.python-version"]
    assert ignored(k.stderr, dirs["lockkit"]) == ignored(u.stderr, dirs["uv"])
    assert (dirs["lockkit"] / "uv.lock").read_text() == (dirs["uv"] / "uv.lock").read_text()
