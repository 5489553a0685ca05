"""`lock sync` builds what the lock has no usable wheel for, judged by real uv 0.12.5.

A workspace whose root project and member are installed editable (PEP 660), with a
path dependency on a project folder and a dependency that the index serves only as a
source distribution. Every project builds with a tiny backend the project carries
itself (`backend-path`, tests/fixtures/tiny_backend), so nothing needs an index for
build requirements. Real uv locks it; `uv sync --frozen` and `lock sync --frozen`
then install it into the same `.venv` path one after the other, and the environments
must hold the same distributions, the same files with the same hashes (RECORD row for
RECORD row) and the same direct_url.json (tests/fixtures/env_snapshot.py).

Then hostile backends: one that fails (its output must be in the error), one whose
wheel holds a `../` path, one that names a wheel it never wrote, one without
build_editable; each leaves the environment as it was. And the build cache: a second
sync into a fresh environment builds nothing.

uv 0.12.5 is looked up, never installed; without it the module is skipped. Nothing
leaves the machine.
"""

from __future__ import annotations

import json
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
from env_snapshot import assert_same_installs, snapshot
from failure_text import build_failure_report
from lockkit_build import PYTHON, VERIFY_BIN as VERIFY, against_uv
from sync_project import Project

BACKEND = Path(tiny_backend.__file__).resolve().parent
UV, _UV_SKIP = uv_oracle.find_uv()
PYVER = f"{sys.version_info[0]}.{sys.version_info[1]}"
pytestmark = against_uv(UV, _UV_SKIP, tiny_backend=True)
NO_PROXY = uv_oracle.LOOPBACK_NO_PROXY


def make_tiny_project(root: Path, name: str, version: str = "1.0", dependencies=(), scripts=None, tiny=None,
                      extra: str = "") -> Path:
    """A project built by the tiny backend it carries in `_backend/`."""
    root.mkdir(parents=True, exist_ok=True)
    (root / "_backend").mkdir(exist_ok=True)
    shutil.copy(BACKEND / "tiny_backend.py", root / "_backend" / "tiny_backend.py")
    module = tiny_backend._dist(name)
    (root / "src" / module).mkdir(parents=True, exist_ok=True)
    (root / "src" / module / "__init__.py").write_text(f"NAME = {name!r}\ndef main():\n    print({name!r} + ' ran')\n")
    deps = ", ".join(json.dumps(d) for d in dependencies)
    text = textwrap.dedent(f"""\
        [build-system]
        requires = []
        build-backend = "tiny_backend"
        backend-path = ["_backend"]

        [project]
        name = "{name}"
        version = "{version}"
        requires-python = ">=3.9"
        dependencies = [{deps}]
        """)
    if scripts:
        text += "\n[project.scripts]\n" + "".join(f'{k} = "{v}"\n' for k, v in scripts.items())
    if tiny:
        text += "\n[tool.tiny]\n" + "".join(f"{k} = {json.dumps(v)}\n" for k, v in tiny.items())
    (root / "pyproject.toml").write_text(text + extra)
    return root


@pytest.fixture(scope="module")
def index(tmp_path_factory):
    folder = tmp_path_factory.mktemp("index")
    wheelmaker.make_wheel(folder, "leaf", "1.0")
    # A dependency the index has only as a source distribution.
    source = make_tiny_project(tmp_path_factory.mktemp("sdonly") / "sdonly", "sdonly", "2.0", dependencies=["leaf"])
    tiny_backend.make_sdist(str(source), str(folder))
    served = local_index.LocalIndex(folder)
    yield served
    served.close()


class Workspace(Project):
    """test_lock_sync.py's project, whose build requirements come from the local index."""

    def lock_sync(self, *args: str, check: bool = True) -> subprocess.CompletedProcess:
        # Build requirements come from the local index (never PyPI) and --find-links.
        return super().lock_sync(*args, check=check, env={"UV_DEFAULT_INDEX": self.index.simple})

    def python(self, code: str) -> subprocess.CompletedProcess:
        # From `/`: run in the workspace, `python -c` would import its sources, not what was installed.
        return subprocess.run([str(self.venv / "bin" / "python"), "-c", code], capture_output=True, text=True,
                              timeout=60, cwd="/")


def new_workspace(root: Path, index, home: Path, member_tiny=None) -> Workspace:
    make_tiny_project(root, "app", "0.1.0", dependencies=["member", "pathdep", "sdonly"], scripts={"app-run": "app:main"},
                      extra=textwrap.dedent("""
        [tool.uv.workspace]
        members = ["packages/*"]

        [tool.uv.sources]
        member = { workspace = true }
        pathdep = { path = "libs/pathdep" }
        """))
    make_tiny_project(root / "packages" / "member", "member", "0.2.0", tiny=member_tiny)
    make_tiny_project(root / "libs" / "pathdep", "pathdep", "0.3.0", dependencies=["leaf"])
    w = Workspace(root, index, home)
    w.lock()
    return w


@pytest.fixture
def workspace(tmp_path, index) -> Workspace:
    return new_workspace(tmp_path / "ws", index, tmp_path / "home")


def test_same_environment_as_uv(workspace):
    lock = (workspace.root / "uv.lock").read_text()
    assert 'source = { editable = "." }' in lock and 'source = { editable = "packages/member" }' in lock
    assert 'source = { directory = "libs/pathdep" }' in lock
    workspace.uv("sync", "--frozen", "--python", PYTHON)
    theirs = snapshot(workspace.venv)
    shutil.rmtree(workspace.venv)
    done = workspace.lock_sync("--frozen")
    assert "Built 4 packages" in done.stderr, done.stderr
    ours = snapshot(workspace.venv)
    assert_same_installs(ours, theirs)
    # What each kind of source records, as the spec says (and uv wrote, compared above).
    urls = {name.split("-")[0]: json.loads(d["direct_url"]) if d["direct_url"] else None for name, d in ours.items()}
    assert urls["app"] == {"url": (workspace.root).as_uri(), "dir_info": {"editable": True}}
    assert urls["member"]["dir_info"] == {"editable": True}
    assert urls["pathdep"] == {"url": (workspace.root / "libs" / "pathdep").as_uri(), "dir_info": {"editable": False}}
    assert urls["sdonly"] is None and urls["leaf"] is None
    # The editables run from the tree, the built ones from site-packages.
    ran = workspace.python("import app, member, pathdep, sdonly; print(app.__file__); print(pathdep.__file__)")
    assert ran.returncode == 0, ran.stderr
    app_file, pathdep_file = ran.stdout.split()
    assert app_file == str(workspace.root / "src" / "app" / "__init__.py")
    assert pathdep_file.startswith(str(workspace.site))
    assert subprocess.run([str(workspace.venv / "bin" / "app-run")], capture_output=True, text=True).stdout == "app ran\n"
    verify = subprocess.run([str(VERIFY), "uv.lock", "--venv", str(workspace.venv)], capture_output=True, text=True,
                            cwd=workspace.root)
    assert verify.returncode == 0, verify.stdout + verify.stderr


def test_builds_are_cached_and_a_noop_sync_builds_nothing(workspace):
    workspace.lock_sync("--frozen")
    again = workspace.lock_sync("--frozen")
    assert "Audited" in again.stderr and "Built" not in again.stderr, again.stderr
    shutil.rmtree(workspace.venv)
    fresh = workspace.lock_sync("--frozen")
    assert "Built" not in fresh.stderr and "Installed 5 packages" in fresh.stderr, fresh.stderr
    # An edited source tree is a new build: pathdep's, and the root project's, whose tree holds it.
    (workspace.root / "libs" / "pathdep" / "src" / "pathdep" / "extra.py").write_text("X = 1\n")
    shutil.rmtree(workspace.venv)
    rebuilt = workspace.lock_sync("--frozen")
    assert "Built 2 packages" in rebuilt.stderr, rebuilt.stderr
    assert (workspace.site / "pathdep" / "extra.py").is_file()


def tree_state(root: Path) -> dict:
    return {str(p.relative_to(root)): (p.read_bytes() if p.is_file() and not p.is_symlink() else None)
            for p in sorted(root.rglob("*"))}


@pytest.mark.parametrize("mode, expected", [
    ("fail", ["tiny_backend: the compiler exploded (on purpose)", "RuntimeError: tiny_backend failed on purpose",
              "`tiny_backend.build_editable` failed"]),
    ("escape", ["../escaped.txt", "refused"]),
    ("no-wheel", ["reported `member-0.2.0-py3-none-any.whl`, but wrote no such file"]),
    ("no-editable", ["has no `build_editable` hook", "hint: the build backend `tiny_backend` cannot make editable"]),
])
def test_hostile_backends_leave_the_environment_untouched(tmp_path, index, mode, expected):
    w = new_workspace(tmp_path / "ws", index, tmp_path / "home", member_tiny={"mode": mode})
    # A working environment first (the member left out), then the member's build fails.
    w.lock_sync("--frozen", "--no-install-package", "member")
    before = tree_state(w.venv)
    failed = w.lock_sync("--frozen", check=False)
    assert failed.returncode == 2, failed.stderr
    for text in expected:
        assert text in failed.stderr, failed.stderr
    assert "cannot build member==0.2.0" in failed.stderr and "nothing was installed" in failed.stderr
    assert tree_state(w.venv) == before
    assert not (tmp_path / "ws" / "escaped.txt").exists()
    assert not any(tmp_path.rglob("escaped.txt"))


def test_failed_build_is_reported_as_uv_reports_it(tmp_path, index):
    w = new_workspace(tmp_path / "ws", index, tmp_path / "home", member_tiny={"mode": "fail"})
    w.env["UV_NO_WRAP"] = "1"
    uv = w.uv("sync", "--frozen", "--python", PYTHON, check=False)
    assert uv.returncode != 0, uv.stderr
    ours = w.lock_sync("--frozen", check=False)
    assert ours.returncode == 2, ours.stderr
    theirs, mine = build_failure_report(uv.stderr), build_failure_report(ours.stderr)
    member = f"member @ {(w.root / 'packages' / 'member').as_uri()}"
    assert theirs["header"] == f"  × Failed to build `{member}`", uv.stderr
    assert mine["header"] == f"error: Failed to build `{member}`", ours.stderr
    assert mine["causes"] == theirs["causes"] == [
        "  ├─▶ The build backend returned an error",
        "  ╰─▶ Call to `tiny_backend.build_editable` failed (exit status: 1)"]
    assert mine["stdout"] == theirs["stdout"] == ["tiny_backend: about to fail on purpose"]
    assert mine["stderr"][0] == theirs["stderr"][0] == "tiny_backend: the compiler exploded (on purpose)"
    assert mine["stderr"][-1] == theirs["stderr"][-1] == "RuntimeError: tiny_backend failed on purpose"
    hint = "hint: Build failures usually indicate a problem with the package or the build environment"
    assert uv.stderr.rstrip().endswith(hint) and ours.stderr.rstrip().endswith(hint)


def test_build_requirements_from_find_links(tmp_path, index):
    """get_requires_for_build_* answers are resolved by lockkit's resolver and installed
    into the build environment from --find-links; a requirement nothing serves is a
    clear error."""
    helper_wheels = tmp_path / "wheels"
    wheelmaker.make_wheel(helper_wheels, "buildhelper", "1.0")
    w = new_workspace(tmp_path / "ws", index, tmp_path / "home",
                      member_tiny={"requires": ["buildhelper>=1"], "imports": ["buildhelper"]})
    missing = w.lock_sync("--frozen", check=False)
    assert missing.returncode == 2
    assert "cannot install the requirements the build backend asked for" in missing.stderr, missing.stderr
    assert "buildhelper" in missing.stderr and "nothing was installed" in missing.stderr, missing.stderr
    done = w.lock_sync("--frozen", "--find-links", str(helper_wheels))
    assert "Built" in done.stderr
    assert not (w.site / "buildhelper").exists()  # only in the build environment


# ---------------------------------------------------------------------------
# Real backends: setuptools and hatchling, their wheels fetched from PyPI once.


@pytest.fixture(scope="module")
def backend_wheels(tmp_path_factory):
    folder = tmp_path_factory.mktemp("backend-wheels")
    try:
        proc = subprocess.run([sys.executable, "-m", "pip", "download", "--quiet", "--only-binary=:all:", "--dest",
                               str(folder), "setuptools", "hatchling", "editables"], capture_output=True, text=True, timeout=180)
    except subprocess.TimeoutExpired:
        pytest.skip("PyPI did not answer in time: cannot fetch setuptools and hatchling")
    if proc.returncode != 0:
        pytest.skip(f"cannot fetch setuptools and hatchling from PyPI: {proc.stderr.strip()[-300:]}")
    return folder


def write_real_backend_project(root: Path, name: str, backend: str) -> None:
    module = name.replace("-", "_")
    (root / "src" / module).mkdir(parents=True)
    (root / "src" / module / "__init__.py").write_text(f"WHO = {backend!r}\n")
    system = {"setuptools": 'requires = ["setuptools>=61"]\nbuild-backend = "setuptools.build_meta"',
              "hatchling": 'requires = ["hatchling"]\nbuild-backend = "hatchling.build"'}[backend]
    (root / "pyproject.toml").write_text(
        f'[build-system]\n{system}\n\n[project]\nname = "{name}"\nversion = "1.5"\nrequires-python = ">=3.9"\n'
        f'dependencies = ["leaf"]\n')


def test_setuptools_and_hatchling_builds_match_uv(tmp_path, index, backend_wheels):
    root = tmp_path / "proj"
    make_tiny_project(root, "proj", "0.1.0", dependencies=["tools-pkg", "hatch-member"], extra=textwrap.dedent("""
        [tool.uv.workspace]
        members = ["packages/*"]

        [tool.uv.sources]
        hatch-member = { workspace = true }
        tools-pkg = { path = "libs/tools-pkg" }
        """))
    write_real_backend_project(root / "libs" / "tools-pkg", "tools-pkg", "setuptools")
    write_real_backend_project(root / "packages" / "hatch-member", "hatch-member", "hatchling")
    w = Workspace(root, index, tmp_path / "home")
    w.lock()
    w.uv("sync", "--frozen", "--python", PYTHON, "--no-index", "--find-links", str(backend_wheels))
    theirs = snapshot(w.venv)
    shutil.rmtree(w.venv)
    # Build artifacts setuptools left in the tree (uv's build) must not matter.
    done = w.lock_sync("--frozen", "--find-links", str(backend_wheels))
    assert "Built 3 packages" in done.stderr, done.stderr
    assert_same_installs(snapshot(w.venv), theirs)
    ran = w.python("import tools_pkg, hatch_member; print(tools_pkg.WHO, hatch_member.WHO, hatch_member.__file__)")
    assert ran.returncode == 0, ran.stderr
    assert ran.stdout.split() == ["setuptools", "hatchling",
                                  str(root / "packages" / "hatch-member" / "src" / "hatch_member" / "__init__.py")]


def test_git_source_matches_uv(tmp_path, index):
    repo = make_tiny_project(tmp_path / "repo", "gitdep", "3.0")
    git_env = {**os.environ, "GIT_AUTHOR_NAME": "t", "GIT_AUTHOR_EMAIL": "t@e", "GIT_COMMITTER_NAME": "t",
               "GIT_COMMITTER_EMAIL": "t@e"}
    for args in (["init", "-q", "-b", "main"], ["add", "."], ["commit", "-q", "-m", "one"], ["tag", "v3"]):
        subprocess.run(["git", *args], cwd=repo, check=True, env=git_env, capture_output=True)
    root = make_tiny_project(tmp_path / "proj", "proj", "0.1.0", dependencies=["gitdep"],
                             extra=f'\n[tool.uv.sources]\ngitdep = {{ git = "{repo.as_uri()}", tag = "v3" }}\n')
    w = Workspace(root, index, tmp_path / "home")
    w.lock()
    assert 'source = { git = "file://' in (root / "uv.lock").read_text()
    w.uv("sync", "--frozen", "--python", PYTHON)
    theirs = snapshot(w.venv)
    shutil.rmtree(w.venv)
    w.lock_sync("--frozen")
    ours = snapshot(w.venv)
    assert_same_installs(ours, theirs)
    url = json.loads(next(d for n, d in ours.items() if n.startswith("gitdep-"))["direct_url"])
    assert url["vcs_info"]["vcs"] == "git" and len(url["vcs_info"]["commit_id"]) == 40
    assert url["vcs_info"]["requested_revision"] == "v3" and url["url"] == repo.as_uri()


def test_settings_warnings_of_builds_are_printed(workspace):
    """A root `[tool.uv]` that does not read is skipped with uv's warning, also when only
    the builds read the settings (--frozen locks nothing)."""
    pyproject = workspace.root / "pyproject.toml"
    pyproject.write_text(pyproject.read_text() + "\n[tool.uv]\nnot-a-setting = 1\n")
    done = workspace.lock_sync("--frozen")
    assert "Built 4 packages" in done.stderr, done.stderr
    warnings = [line for line in done.stderr.splitlines() if line.startswith("warning:")]
    assert len(warnings) == 1 and "not-a-setting" in done.stderr, done.stderr
