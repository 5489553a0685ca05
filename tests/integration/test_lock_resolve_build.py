"""`lock resolve` runs build backends for metadata that is not static, judged by real uv 0.12.5.

A workspace whose member has a dynamic version (read from `[project]`: lockkit does not build
it, and its backend fails in lockkit's copy to prove it), with a path dependency whose version,
dependencies and extras are all dynamic, and a dependency the local index serves only as
a source distribution whose dependencies are dynamic (so neither its pyproject.toml nor
its PKG-INFO, Metadata-Version 2.1, is static). Every project builds with the tiny backend
it carries (`backend-path`, tests/fixtures/tiny_backend), so builds need no index. Real uv
locks it; lockkit locks a copy; the two uv.lock files must be byte-identical.

An sdist whose build gives another version than its filename is unusable at that version (uv
calls it inconsistent metadata) and both tools fall back to the version below it.

An sdist whose build fails stops both tools (uv does not try the version below it).

An interpreter asked for with `--python` that lies outside requires-python (here a member's) stops
both tools, though nothing is built: uv checks the interpreter it is given on every run.

Then: a project with nothing to build locks without any interpreter to be found (none is
looked for), the same project made dynamic cannot (the error says an interpreter was
needed), and a backend that fails leaves uv.lock as it was, with its output in the error.

uv 0.12.5 is looked up, never installed; without it the module is skipped. Nothing leaves
the machine.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

import local_index
import tiny_backend
import uv_oracle
import wheelmaker
from failure_text import build_failure_report
from lockkit_build import LOCK_BIN as LOCK, PYTHON, against_uv

BACKEND = Path(tiny_backend.__file__).resolve().parent
UV, _UV_SKIP = uv_oracle.find_uv()
pytestmark = against_uv(UV, _UV_SKIP, tiny_backend=True)
NO_PROXY = uv_oracle.LOOPBACK_NO_PROXY


def tiny_project(root: Path, name: str, project: str, tiny: str = "", extra: str = "") -> Path:
    """A project built by the tiny backend it carries; `project` is the body of `[project]`."""
    root.mkdir(parents=True, exist_ok=True)
    (root / "_backend").mkdir(exist_ok=True)
    shutil.copy(BACKEND / "tiny_backend.py", root / "_backend" / "tiny_backend.py")
    module = tiny_backend._dist(name)
    (root / "src" / module).mkdir(parents=True, exist_ok=True)
    (root / "src" / module / "__init__.py").write_text(f"NAME = {name!r}\n")
    text = textwrap.dedent("""\
        [build-system]
        requires = []
        build-backend = "tiny_backend"
        backend-path = ["_backend"]

        [project]
        """) + f'name = "{name}"\nrequires-python = ">=3.9"\n' + textwrap.dedent(project)
    if tiny:
        text += "\n[tool.tiny]\n" + textwrap.dedent(tiny)
    (root / "pyproject.toml").write_text(text + textwrap.dedent(extra))
    return root


@pytest.fixture(scope="module")
def index(tmp_path_factory):
    folder = tmp_path_factory.mktemp("index")
    for version in ("1.0", "2.0"):
        wheelmaker.make_wheel(folder, "leaf", version)
    wheelmaker.make_wheel(folder, "other", "1.0")
    # Only an sdist, whose dependencies only its backend knows.
    source = tiny_project(tmp_path_factory.mktemp("sdyn") / "sdyn", "sdyn", """\
        version = "3.0"
        dynamic = ["dependencies"]
        """, tiny='dependencies = ["leaf<2", "other; python_version >= \'3.10\'"]\n')
    tiny_backend.make_sdist(str(source), str(folder))
    served = local_index.LocalIndex(folder)
    yield served
    served.close()


def dynamic_workspace(root: Path, member_tiny: str = 'version = "1.2.3"\n', pathdep_tiny: str = "") -> Path:
    tiny_project(root, "app", """\
        version = "0.1.0"
        dependencies = ["member", "pathdep[fast]", "sdyn"]
        """, extra="""
        [tool.uv.workspace]
        members = ["packages/*"]

        [tool.uv.sources]
        member = { workspace = true }
        pathdep = { path = "vendor/pathdep" }
        """)
    # Only the member's version is dynamic: uv builds it when it resolves, lockkit reads
    # `[project]` (the lock omits the version either way).
    tiny_project(root / "packages" / "member", "member", """\
        dynamic = ["version"]
        dependencies = ["leaf"]
        [project.optional-dependencies]
        zeta = ["other; sys_platform == 'linux'"]
        alpha = ["leaf>=1"]
        """, tiny=member_tiny)
    tiny_project(root / "vendor" / "pathdep", "pathdep", """\
        dynamic = ["version", "dependencies", "optional-dependencies"]
        """, tiny=pathdep_tiny + textwrap.dedent("""\
        version = "0.5"
        dependencies = ["leaf>=1"]
        [tool.tiny.optional-dependencies]
        fast = ["other>=1; sys_platform == 'linux'"]
        """))
    return root


def uv_lock(root: Path, index, home: Path) -> None:
    env = uv_oracle.sandbox_env(home, UV_OFFLINE="0", **NO_PROXY)
    proc = subprocess.run([UV, "lock", "--default-index", index.simple, "--python", PYTHON], capture_output=True,
                          text=True, env=env, cwd=root, timeout=300)
    assert proc.returncode == 0, proc.stderr


def lock_resolve(root: Path, index, cache: Path, *args: str, env=None) -> subprocess.CompletedProcess:
    if env is None:
        env = {**os.environ, **NO_PROXY}
        env.pop("UV_PYTHON", None)
    return subprocess.run([str(LOCK), "resolve", "--default-index", index.simple, "--cache-dir", str(cache), *args],
                          capture_output=True, text=True, cwd=root, env=env, timeout=300)


def no_python_env(home: Path) -> dict:
    """An environment in which no interpreter can be found: nothing on PATH, no version managers."""
    home.mkdir(parents=True, exist_ok=True)
    env = {"PATH": str(home / "empty-bin"), "HOME": str(home), "XDG_DATA_HOME": str(home / "data"), **NO_PROXY}
    (home / "empty-bin").mkdir(exist_ok=True)
    return env


def test_dynamic_metadata_locks_like_uv(tmp_path, index):
    theirs = dynamic_workspace(tmp_path / "uv")
    uv_lock(theirs, index, tmp_path / "uv-home")
    ours = tmp_path / "ours"
    shutil.copytree(theirs, ours, ignore=shutil.ignore_patterns("uv.lock", ".venv"))
    # The member's backend fails in lockkit's copy: its metadata must come from `[project]`.
    member = ours / "packages" / "member" / "pyproject.toml"
    member.write_text(member.read_text().replace('[tool.tiny]\n', '[tool.tiny]\nmode = "fail-metadata"\n'))
    proc = lock_resolve(ours, index, tmp_path / "cache", "--python", PYTHON)
    assert proc.returncode == 0, proc.stderr
    expected = (theirs / "uv.lock").read_text()
    assert (ours / "uv.lock").read_text() == expected
    # The facts the builds gave, as uv recorded them (so the comparison above saw them).
    assert 'name = "member"\nsource = { editable = "packages/member" }' in expected  # no version: dynamic
    assert 'name = "sdyn"\nversion = "3.0"' in expected
    assert '{ name = "other", marker = "python_full_version >= \'3.10\'" }' in expected
    # Locked again: the lock satisfies the project and stays as it is.
    again = lock_resolve(ours, index, tmp_path / "cache", "--python", PYTHON, "--check")
    assert again.returncode == 0, again.stderr


def test_no_interpreter_is_looked_for_when_nothing_is_built(tmp_path, index):
    root = tmp_path / "static"
    tiny_project(root, "app", """\
        version = "0.1.0"
        dependencies = ["leaf"]
        """)
    proc = lock_resolve(root, index, tmp_path / "cache", env=no_python_env(tmp_path / "home"))
    assert proc.returncode == 0, proc.stderr
    assert 'name = "leaf"\nversion = "2.0"' in (root / "uv.lock").read_text()

    dynamic = dynamic_workspace(tmp_path / "dynamic")
    proc = lock_resolve(dynamic, index, tmp_path / "cache", env=no_python_env(tmp_path / "home"))
    assert proc.returncode == 2
    assert "a build backend must run, but no Python interpreter found" in proc.stderr
    assert not (dynamic / "uv.lock").exists()

    # A member whose only dynamic field is its version is read from `[project]`: no interpreter.
    version_only = tmp_path / "version-only"
    tiny_project(version_only, "app", """\
        version = "0.1.0"
        dependencies = ["member"]
        """, extra="""
        [tool.uv.workspace]
        members = ["packages/*"]

        [tool.uv.sources]
        member = { workspace = true }
        """)
    tiny_project(version_only / "packages" / "member", "member", """\
        dynamic = ["version"]
        dependencies = ["leaf<2"]
        """, tiny='mode = "fail-metadata"\n')
    proc = lock_resolve(version_only, index, tmp_path / "cache", env=no_python_env(tmp_path / "home"))
    assert proc.returncode == 0, proc.stderr
    text = (version_only / "uv.lock").read_text()
    assert 'name = "member"\nsource = { editable = "packages/member" }\ndependencies = [\n    { name = "leaf" },' in text
    assert 'name = "leaf"\nversion = "1.0"' in text


def test_failing_build_leaves_the_lock(tmp_path, index):
    root = dynamic_workspace(tmp_path / "ws")
    first = lock_resolve(root, index, tmp_path / "cache", "--python", PYTHON)
    assert first.returncode == 0, first.stderr
    before = (root / "uv.lock").read_bytes()
    # The path dependency changes and its backend now fails: the lock must be redone, and cannot.
    dynamic_workspace(root, pathdep_tiny='mode = "fail-metadata"\n')
    proc = lock_resolve(root, index, tmp_path / "cache", "--python", PYTHON)
    assert proc.returncode == 2, proc.stdout + proc.stderr
    assert "cannot build the metadata of pathdep" in proc.stderr
    assert "the compiler exploded (on purpose)" in proc.stderr
    assert str(root / "vendor" / "pathdep" / "pyproject.toml") in proc.stderr
    assert (root / "uv.lock").read_bytes() == before
    # uv, locking the same tree afresh, fails with the same report: header, causes, output blocks.
    # (With a uv.lock to validate it words it otherwise: "Failed to generate package metadata".)
    fresh = tmp_path / "uv-copy"
    shutil.copytree(root, fresh, ignore=shutil.ignore_patterns("uv.lock", ".venv"))
    env = uv_oracle.sandbox_env(tmp_path / "uv-home", UV_OFFLINE="0", UV_NO_WRAP="1", **NO_PROXY)
    uv = subprocess.run([UV, "lock", "--default-index", index.simple, "--python", PYTHON], capture_output=True,
                        text=True, env=env, cwd=fresh, timeout=300)
    assert uv.returncode != 0, uv.stderr
    theirs, ours = build_failure_report(uv.stderr), build_failure_report(proc.stderr)
    assert theirs["header"] == f"  × Failed to build `pathdep @ {(fresh / 'vendor' / 'pathdep').as_uri()}`", uv.stderr
    assert ours["header"] == f"error: Failed to build `pathdep @ {(root / 'vendor' / 'pathdep').as_uri()}`", proc.stderr
    assert ours["causes"] == theirs["causes"] and ours["stdout"] == theirs["stdout"], proc.stderr
    assert ours["stderr"][-1] == theirs["stderr"][-1] == "RuntimeError: tiny_backend failed on purpose"


def test_sdist_whose_build_gives_another_version_is_passed_over(tmp_path):
    # drift-2.0.tar.gz builds as drift 9.9 (its PKG-INFO, Metadata-Version 2.1, is not trusted),
    # so 2.0 is unusable and drift 1.0 is locked, as uv does.
    folder = tmp_path / "index"
    folder.mkdir()
    wheelmaker.make_wheel(folder, "drift", "1.0")
    # Dynamic dependencies too: a dynamic version alone is taken from the sdist's filename.
    source = tiny_project(tmp_path / "src" / "drift", "drift", 'dynamic = ["version", "dependencies"]\n',
                          tiny='version = "9.9"\ndependencies = []\n')
    built = tiny_backend.make_sdist(str(source), str(folder))
    (folder / built).rename(folder / "drift-2.0.tar.gz")
    served = local_index.LocalIndex(folder)
    try:
        theirs = tiny_project(tmp_path / "uv", "app", 'version = "0.1.0"\ndependencies = ["drift"]\n')
        uv_lock(theirs, served, tmp_path / "uv-home")
        ours = tmp_path / "ours"
        shutil.copytree(theirs, ours, ignore=shutil.ignore_patterns("uv.lock", ".venv"))
        proc = lock_resolve(ours, served, tmp_path / "cache", "--python", PYTHON)
        assert proc.returncode == 0, proc.stderr
        expected = (theirs / "uv.lock").read_text()
        assert 'name = "drift"\nversion = "1.0"' in expected
        assert (ours / "uv.lock").read_text() == expected
    finally:
        served.close()


@pytest.mark.parametrize("mode, reported", [("fail-metadata", "prepare_metadata_for_build_wheel"),
                                             # uv names a failed get_requires_for_build_wheel `build_wheel`
                                             ("fail-requires", "build_wheel")])
def test_sdist_whose_build_fails_stops_the_resolution(tmp_path, mode, reported):
    # broken-2.0's backend fails; broken 1.0 is a wheel that would fit, but uv ends with the
    # build's error instead of passing 2.0 over, and so must lockkit.
    folder = tmp_path / "index"
    folder.mkdir()
    wheelmaker.make_wheel(folder, "broken", "1.0")
    source = tiny_project(tmp_path / "src" / "broken", "broken", 'version = "2.0"\ndynamic = ["dependencies"]\n',
                          tiny=f'mode = "{mode}"\ndependencies = []\n')
    tiny_backend.make_sdist(str(source), str(folder))
    served = local_index.LocalIndex(folder)
    try:
        root = tiny_project(tmp_path / "app", "app", 'version = "0.1.0"\ndependencies = ["broken"]\n')
        env = uv_oracle.sandbox_env(tmp_path / "uv-home", UV_OFFLINE="0", UV_NO_WRAP="1", **NO_PROXY)
        uv = subprocess.run([UV, "lock", "--default-index", served.simple, "--python", PYTHON], capture_output=True,
                            text=True, env=env, cwd=root, timeout=300)
        assert uv.returncode != 0 and "Failed to build `broken==2.0`" in uv.stderr, uv.stderr
        assert not (root / "uv.lock").exists()
        proc = lock_resolve(root, served, tmp_path / "cache", "--python", PYTHON)
        assert proc.returncode == 2, proc.stderr
        assert "source distribution `broken-2.0.tar.gz`" in proc.stderr, proc.stderr
        assert not (root / "uv.lock").exists()
        # The report has uv's shape: its header, causes and the backend's output blocks, line for
        # line, but for the traceback's frames (file paths and the hook runner's own lines).
        theirs, ours = build_failure_report(uv.stderr), build_failure_report(proc.stderr)
        assert theirs["header"] == "  × Failed to build `broken==2.0`", uv.stderr
        assert ours["header"] == "error: Failed to build `broken==2.0`", proc.stderr
        assert ours["causes"] == theirs["causes"] == [
            "  ├─▶ The build backend returned an error",
            f"  ╰─▶ Call to `tiny_backend.{reported}` failed (exit status: 1)"]
        assert ours["stdout"] == theirs["stdout"] == ["tiny_backend: about to fail on purpose"]
        assert ours["stderr"][:2] == theirs["stderr"][:2] == [
            "tiny_backend: the compiler exploded (on purpose)", "Traceback (most recent call last):"]
        assert ours["stderr"][-1] == theirs["stderr"][-1] == "RuntimeError: tiny_backend failed on purpose"
        hint = "hint: Build failures usually indicate a problem with the package or the build environment"
        assert uv.stderr.rstrip().endswith(hint) and proc.stderr.rstrip().endswith(hint)
        # Both say why broken is in the resolution, before the build's own hint.
        assert hints(proc.stderr) == hints(uv.stderr) == [
            "hint: `broken` (v2.0) was included because `app` (v0.1.0) depends on `broken`", hint]
    finally:
        served.close()


def hints(stderr: str) -> list[str]:
    return [line for line in stderr.splitlines() if line.startswith("hint: ")]


@pytest.mark.parametrize("needs, why", [
    # through an extra of mid, with ranges on the way
    ('dependencies = ["mid[fast]>=0.5"]\n',
     "`app` (v0.1.0) depends on `mid[fast]>=0.5` (v1.0) which depends on `broken>=1.5`"),
    # through a dependency group of app's
    ('dependencies = []\n[dependency-groups]\ndev = ["mid[fast]"]\n',
     "`app:dev` (v0.1.0) depends on `mid[fast]` (v1.0) which depends on `broken>=1.5`"),
    # through an extra of app's
    ('dependencies = []\n[project.optional-dependencies]\nx = ["broken>1"]\n', "`app[x]` (v0.1.0) depends on `broken>1`"),
], ids=["extra-of-a-dependency", "group", "extra"])
def test_failing_build_report_shows_all_output_and_why_the_package_is_there(tmp_path, needs, why):
    # broken 2.0's backend prints 60 lines to stdout and to stderr before it fails, and app needs
    # broken only indirectly. uv's report holds every line of the output and names the path.
    folder = tmp_path / "index"
    folder.mkdir()
    wheelmaker.make_wheel(folder, "broken", "1.0")
    wheelmaker.make_wheel(folder, "mid", "1.0", requires_dist=["broken>=1.5; extra == 'fast'"], provides_extra=["fast"])
    source = tiny_project(tmp_path / "src" / "broken", "broken", 'version = "2.0"\ndynamic = ["dependencies"]\n',
                          tiny='mode = "fail-metadata"\ndependencies = []\nnoise = 60\n')
    tiny_backend.make_sdist(str(source), str(folder))
    served = local_index.LocalIndex(folder)
    try:
        root = tiny_project(tmp_path / "app", "app", 'version = "0.1.0"\n' + needs)
        env = uv_oracle.sandbox_env(tmp_path / "uv-home", UV_OFFLINE="0", UV_NO_WRAP="1", **NO_PROXY)
        uv = subprocess.run([UV, "lock", "--default-index", served.simple, "--python", PYTHON], capture_output=True,
                            text=True, env=env, cwd=root, timeout=300)
        assert uv.returncode != 0 and "Failed to build `broken==2.0`" in uv.stderr, uv.stderr
        proc = lock_resolve(root, served, tmp_path / "cache", "--python", PYTHON)
        assert proc.returncode == 2, proc.stderr
        theirs, ours = build_failure_report(uv.stderr), build_failure_report(proc.stderr)
        noise = [f"tiny_backend: {stream} line {i}" for stream in ("stdout", "stderr") for i in range(1, 61)]
        assert theirs["stdout"] == noise[:60] + ["tiny_backend: about to fail on purpose"], uv.stderr
        assert ours["stdout"] == theirs["stdout"], proc.stderr
        # stderr: the same lines up to the traceback, whose frames name each tool's hook runner.
        assert ours["stderr"][:61] == theirs["stderr"][:61] == noise[60:] + [
            "tiny_backend: the compiler exploded (on purpose)"], proc.stderr
        assert ours["stderr"][-1] == theirs["stderr"][-1] == "RuntimeError: tiny_backend failed on purpose"
        assert hints(proc.stderr) == hints(uv.stderr) == [
            f"hint: `broken` (v2.0) was included because {why}",
            "hint: Build failures usually indicate a problem with the package or the build environment"], uv.stderr
    finally:
        served.close()


def test_requested_interpreter_outside_requires_python_is_refused(tmp_path, index):
    # The root allows this interpreter; a member's requires-python does not.
    major, minor = sys.version_info[:2]
    root = tiny_project(tmp_path / "ws", "app", 'version = "0.1.0"\ndependencies = ["member"]\n', extra="""
        [tool.uv.workspace]
        members = ["packages/*"]

        [tool.uv.sources]
        member = { workspace = true }
        """)
    tiny_project(root / "packages" / "member", "member", 'version = "1.0"\ndependencies = ["leaf"]\n')
    member = root / "packages" / "member" / "pyproject.toml"
    member.write_text(member.read_text().replace('requires-python = ">=3.9"', f'requires-python = ">={major}.{minor + 1}"'))
    env = uv_oracle.sandbox_env(tmp_path / "uv-home", UV_OFFLINE="0", **NO_PROXY)
    uv = subprocess.run([UV, "lock", "--default-index", index.simple, "--python", PYTHON], capture_output=True,
                        text=True, env=env, cwd=root, timeout=300)
    assert uv.returncode != 0 and "incompatible with the project's Python requirement" in uv.stderr, uv.stderr
    assert not (root / "uv.lock").exists()
    proc = lock_resolve(root, index, tmp_path / "cache", "--python", PYTHON)
    assert proc.returncode == 2, proc.stderr
    assert "--python: the requested interpreter does not fit the project" in proc.stderr
    assert "is outside the project's requires-python" in proc.stderr
    assert not (root / "uv.lock").exists()
    # Without a request nothing is looked for, and the universal lock is written.
    proc = lock_resolve(root, index, tmp_path / "cache")
    assert proc.returncode == 0, proc.stderr


def test_the_interpreter_is_looked_for_once_per_run(tmp_path, index):
    """No requires-python in the workspace and a path dependency with dynamic metadata: the
    interpreter is needed twice, for the default requires-python (with uv's warning) and to run
    the build backend. uv 0.12.5 looks for it once per command, so `.python-version` is read
    once and a line it cannot use is warned about once; lockkit looks once per run as well, and
    both lock the same."""
    minor = f"{sys.version_info[0]}.{sys.version_info[1]}"
    warnings, locks = {}, {}
    for tool in ("uv", "lockkit"):
        root = tmp_path / tool
        tiny_project(root, "app", 'version = "0.1.0"\ndependencies = ["pathdep"]\n',
                     extra='\n[tool.uv.sources]\npathdep = { path = "vendor/pathdep" }\n')
        project = root / "pyproject.toml"
        project.write_text(project.read_text().replace('requires-python = ">=3.9"\n', ""))
        tiny_project(root / "vendor" / "pathdep", "pathdep", 'dynamic = ["version", "dependencies"]\n',
                     tiny='version = "0.5"\ndependencies = ["leaf>=1"]\n')
        (root / ".python-version").write_text(f"foo\n{minor}\n")
        bin_dir = tmp_path / f"{tool}-bin"
        bin_dir.mkdir()
        (bin_dir / f"python{minor}").symlink_to(PYTHON)
        env = uv_oracle.sandbox_env(tmp_path / f"{tool}-home", UV_OFFLINE="0", **NO_PROXY,
                                    PATH=f"{bin_dir}{os.pathsep}{os.environ.get('PATH', '')}")
        del env["UV_NO_CONFIG"]  # uv reads no .python-version under it
        if tool == "uv":
            proc = subprocess.run([UV, "lock", "--default-index", index.simple], capture_output=True, text=True,
                                  env=env, cwd=root, timeout=300)
        else:
            proc = lock_resolve(root, index, tmp_path / "cache", env=env)
        assert proc.returncode == 0, (tool, proc.stderr)
        warnings[tool] = [line.replace(str(root), "[ROOT]") for line in proc.stderr.splitlines()
                          if line.startswith("warning: ")]
        locks[tool] = (root / "uv.lock").read_text()
    assert warnings["uv"] == [
        "warning: Ignoring unsupported Python request `foo` in version file: [ROOT]/.python-version",
        f"warning: No `requires-python` value found in the workspace. Defaulting to `>={minor}`."], warnings["uv"]
    assert warnings["lockkit"] == warnings["uv"]
    # pathdep's dependencies come from its build.
    assert 'name = "pathdep"\nsource = { directory = "vendor/pathdep" }\ndependencies = [\n    { name = "leaf" },' in locks["uv"]
    assert locks["lockkit"] == locks["uv"]
