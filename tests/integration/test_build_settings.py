"""uv's build settings (`no-build-isolation`, `no-build-isolation-package`,
`extra-build-dependencies`, `extra-build-variables`) in `lock resolve` and `lock sync`,
judged by real uv 0.12.5.

A local index serves source distributions only (each carries the tiny backend,
tests/fixtures/tiny_backend, and declares its dependencies dynamic, so both tools must
build them to lock):

  needshelp    its backend imports `helper`, which it does not declare: it builds only
               when `extra-build-dependencies` adds `helper` (a wheel on the index)
  envdep       its backend adds the value of TINY_EXTRA_DEP to its dependencies: what
               `extra-build-variables` gives its build shows in the lock
  sharedbuild  its build backend `tinyback` is on no index: it builds only without
               isolation, in an environment that holds the backend
  statichelp   static metadata (locked without a build), but its build imports
               `rthelper.v1`, which only rthelper 1.0 has: a sync builds it only when
               `match-runtime` pins rthelper to the version the sync installs

Each case runs uv and lockkit on copies of one project; the uv.lock files must be byte
for byte the same, the environments `uv sync` and `lock sync` make must hold the same
files, and where uv fails lockkit fails with the same essential words.

uv 0.12.5 is looked up, never installed; without it the module is skipped. Nothing leaves
the machine.
"""

from __future__ import annotations

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
from lockkit_build import LOCK_BIN as LOCK, PYTHON, against_uv

BACKEND = Path(tiny_backend.__file__).resolve().parent
UV, _UV_SKIP = uv_oracle.find_uv()
PYVER = f"{sys.version_info[0]}.{sys.version_info[1]}"
pytestmark = against_uv(UV, _UV_SKIP, tiny_backend=True)


def source_tree(root: Path, name: str, build_system: str, tiny: str) -> Path:
    """A project at `root` whose dependencies only its backend knows (`[tool.tiny]`)."""
    module = tiny_backend._dist(name)
    (root / "src" / module).mkdir(parents=True)
    (root / "src" / module / "__init__.py").write_text(f"NAME = {name!r}\n")
    (root / "pyproject.toml").write_text(textwrap.dedent(build_system) + textwrap.dedent(f"""
        [project]
        name = "{name}"
        version = "1.0"
        requires-python = ">=3.9"
        dynamic = ["dependencies"]

        [tool.tiny]
        """) + textwrap.dedent(tiny))
    return root


IN_TREE_BACKEND = """\
    [build-system]
    requires = []
    build-backend = "tiny_backend"
    backend-path = ["_backend"]
    """


@pytest.fixture(scope="module")
def index(tmp_path_factory):
    folder = tmp_path_factory.mktemp("index")
    wheelmaker.make_wheel(folder, "leaf", "1.0")
    wheelmaker.make_wheel(folder, "helper", "1.0")
    # Only rthelper 1.0 has `rthelper.v1`: a build that imports it needs 1.0, not the newest.
    wheelmaker.make_wheel(folder, "rthelper", "1.0", extra_files={"rthelper/v1.py": b""})
    wheelmaker.make_wheel(folder, "rthelper", "2.0")
    sources = tmp_path_factory.mktemp("sources")
    for name, build_system, tiny in [
        ("needshelp", IN_TREE_BACKEND, 'dependencies = ["leaf"]\nmetadata-imports = ["helper"]\n'),
        ("envdep", IN_TREE_BACKEND, 'dependencies = []\nenv-dependencies = "TINY_EXTRA_DEP"\n'),
        # Static metadata (nothing is built to lock it), but its build imports `rthelper.v1`.
        ("statichelp", IN_TREE_BACKEND, 'metadata-imports = ["rthelper.v1"]\n'),
        # get_requires would ask for a package no index has: a build without isolation must not ask.
        ("sharedbuild", '[build-system]\nrequires = ["tinyback"]\nbuild-backend = "tinyback"\n',
         'dependencies = ["leaf"]\nrequires = ["not-on-any-index"]\n'),
    ]:
        root = source_tree(sources / name, name, build_system, tiny)
        if name == "statichelp":
            text = (root / "pyproject.toml").read_text()
            (root / "pyproject.toml").write_text(text.replace('dynamic = ["dependencies"]', "dependencies = []"))
        if "backend-path" in build_system:
            (root / "_backend").mkdir()
            shutil.copy(BACKEND / "tiny_backend.py", root / "_backend" / "tiny_backend.py")
        tiny_backend.make_sdist(str(root), str(folder))
    served = local_index.LocalIndex(folder)
    yield served
    served.close()


class Pair:
    """One project, copied for uv (`uv/`) and for lockkit (`ours/`), run with one environment."""

    def __init__(self, tmp: Path, index, dependencies: list[str], tool_uv: str = ""):
        self.tmp = tmp
        self.env = uv_oracle.sandbox_env(tmp / "home", UV_OFFLINE="0", UV_LINK_MODE="copy",
                                         UV_DEFAULT_INDEX=index.simple, UV_NO_WRAP="1", **uv_oracle.LOOPBACK_NO_PROXY)
        # The project's [tool.uv] is what is tested: uv must read it.
        self.env.pop("UV_NO_CONFIG")
        self.env.pop("UV_PROJECT_ENVIRONMENT", None)
        deps = ", ".join(f'"{d}"' for d in dependencies)
        text = textwrap.dedent(f"""\
            [project]
            name = "app"
            version = "0.1.0"
            requires-python = ">=3.9"
            dependencies = [{deps}]
            """)
        if tool_uv:
            text += "\n[tool.uv]\n" + textwrap.dedent(tool_uv)
        for side in ("uv", "ours"):
            (tmp / side).mkdir(parents=True)
            (tmp / side / "pyproject.toml").write_text(text)

    def run(self, side: str, *args: str) -> subprocess.CompletedProcess:
        return subprocess.run(list(args), capture_output=True, text=True, env=self.env, cwd=self.tmp / side,
                              timeout=300)

    def uv_lock(self, *args: str) -> subprocess.CompletedProcess:
        return self.run("uv", UV, "lock", *args)

    def lock_resolve(self, *args: str) -> subprocess.CompletedProcess:
        return self.run("ours", str(LOCK), "resolve", "--cache-dir", str(self.tmp / "lockkit-cache"), *args)

    def lock_both(self, *args: str) -> str:
        theirs = self.uv_lock(*args)
        assert theirs.returncode == 0, theirs.stderr
        ours = self.lock_resolve(*args)
        assert ours.returncode == 0, ours.stderr
        expected = (self.tmp / "uv" / "uv.lock").read_text()
        assert (self.tmp / "ours" / "uv.lock").read_text() == expected
        return expected

    def fail_both(self, *args: str) -> tuple[str, str]:
        theirs = self.uv_lock(*args)
        assert theirs.returncode != 0, theirs.stderr
        ours = self.lock_resolve(*args)
        assert ours.returncode == 2, ours.stderr
        assert not (self.tmp / "ours" / "uv.lock").exists()
        return theirs.stderr, ours.stderr

    def sync_both(self, *args: str, prepare_venv=None) -> None:
        """`uv sync --frozen` and `lock sync --frozen` (lockkit's copy takes uv's lock), each
        into a `.venv` made by uv (and given to `prepare_venv`); the installs must match."""
        shutil.copy(self.tmp / "uv" / "uv.lock", self.tmp / "ours" / "uv.lock")
        snapshots = []
        for side, command in (("uv", [UV, "sync", "--frozen"]),
                              ("ours", [str(LOCK), "sync", "--frozen", "--cache-dir", str(self.tmp / "lockkit-cache")])):
            venv = self.tmp / side / ".venv"
            made = self.run(side, UV, "venv", str(venv), "--python", PYTHON)
            assert made.returncode == 0, made.stderr
            if prepare_venv:
                prepare_venv(venv)
            proc = self.run(side, *command, "--python", PYTHON, *args)
            assert proc.returncode == 0, proc.stdout + proc.stderr
            snapshots.append(snapshot(venv))
        assert_same_installs(snapshots[1], snapshots[0])


def essential(text: str, words: str) -> bool:
    return words in " ".join(text.split())


def missing_module_hint(stderr: str) -> str:
    """uv's hint for a module a build could not import, from its first line to its last."""
    start = stderr.index("hint: This error likely indicates that")
    end = stderr.index("re-run with `--no-build-isolation`.", start)
    return stderr[start:end]


def with_tinyback(venv: Path) -> Path:
    """The backend `tinyback` put into an environment's site-packages, as a bare module (no
    distribution: no installer sees it, none removes it)."""
    (site,) = venv.glob("lib/python3*/site-packages")
    shutil.copy(BACKEND / "tiny_backend.py", site / "tinyback.py")
    return venv


def test_extra_build_dependencies_reach_the_isolated_environment(tmp_path, index):
    bare = Pair(tmp_path / "bare", index, ["needshelp"])
    theirs, ours = bare.fail_both("--python", PYTHON)
    assert essential(theirs, "No module named 'helper'"), theirs
    assert essential(ours, "No module named 'helper'"), ours
    # uv's hint names the setting that fixes it; lockkit gives the same words.
    assert missing_module_hint(ours) == missing_module_hint(theirs)
    assert 'needshelp = ["helper"]' in missing_module_hint(ours)

    pair = Pair(tmp_path / "extra", index, ["needshelp"], 'extra-build-dependencies = { needshelp = ["helper"] }\n')
    lock = pair.lock_both("--python", PYTHON)
    assert 'name = "needshelp"\nversion = "1.0"' in lock and '{ name = "leaf" }' in lock
    # A sync builds the sdist again (no wheel is locked), with `helper` in its environment.
    pair.sync_both()


def test_match_runtime_extra_build_dependency_cannot_lock(tmp_path, index):
    pair = Pair(tmp_path / "runtime", index, ["needshelp"],
                'extra-build-dependencies = { needshelp = [{ requirement = "helper", match-runtime = true }] }\n')
    theirs, ours = pair.fail_both("--python", PYTHON)
    words = "`helper` was declared with `match-runtime = true`, but `needshelp` does not declare static metadata"
    assert essential(theirs, words), theirs
    assert essential(ours, words), ours


def test_match_runtime_extra_build_dependency_takes_the_synced_version(tmp_path, index):
    # statichelp locks without a build; its sync build gets `rthelper` at the version the sync
    # installs (1.0, the only one with `rthelper.v1`, though 2.0 is newer), as uv pins it.
    setting = 'extra-build-dependencies = { statichelp = [{ requirement = "%s", match-runtime = true }] }\n'
    pair = Pair(tmp_path / "runtime-sync", index, ["statichelp", "rthelper==1.0"], setting % "rthelper")
    lock = pair.lock_both("--python", PYTHON)
    assert 'name = "rthelper"\nversion = "1.0"' in lock
    pair.sync_both()
    # Not pinned, the newest is taken, and the build fails in both.
    plain = Pair(tmp_path / "runtime-plain", index, ["statichelp", "rthelper==1.0"],
                 'extra-build-dependencies = { statichelp = ["rthelper"] }\n')
    plain.lock_both("--python", PYTHON)
    shutil.copy(plain.tmp / "uv" / "uv.lock", plain.tmp / "ours" / "uv.lock")
    theirs = plain.run("uv", UV, "sync", "--frozen", "--python", PYTHON)
    ours = plain.run("ours", str(LOCK), "sync", "--frozen", "--python", PYTHON, "--cache-dir", str(plain.tmp / "c"))
    assert theirs.returncode != 0 and ours.returncode == 2, ours.stderr
    assert essential(theirs.stderr, "No module named 'rthelper.v1'"), theirs.stderr
    assert essential(ours.stderr, "No module named 'rthelper.v1'"), ours.stderr
    # A version of its own is refused at sync time, with uv's words.
    bad = Pair(tmp_path / "runtime-spec", index, ["statichelp", "rthelper==1.0"], setting % "rthelper>=1")
    bad.lock_both("--python", PYTHON)
    shutil.copy(bad.tmp / "uv" / "uv.lock", bad.tmp / "ours" / "uv.lock")
    theirs = bad.run("uv", UV, "sync", "--frozen", "--python", PYTHON)
    ours = bad.run("ours", str(LOCK), "sync", "--frozen", "--python", PYTHON, "--cache-dir", str(bad.tmp / "c"))
    assert theirs.returncode != 0 and ours.returncode == 2, ours.stderr
    words = "Dependencies marked with `match-runtime = true` cannot include version specifiers, but found: `rthelper"
    assert essential(theirs.stderr, words), theirs.stderr
    assert essential(ours.stderr, words), ours.stderr


def test_extra_build_variables_reach_the_build(tmp_path, index):
    pair = Pair(tmp_path / "vars", index, ["envdep"], textwrap.dedent("""\
        extra-build-variables = { envdep = { TINY_EXTRA_DEP = "leaf" }, other = { TINY_EXTRA_DEP = "helper" } }
        """))
    lock = pair.lock_both("--python", PYTHON)
    # The variable the build got made `leaf` a dependency; the other package's did not leak.
    assert 'name = "envdep"\nversion = "1.0"' in lock and '{ name = "leaf" }' in lock
    assert 'name = "helper"' not in lock
    # Without the setting the build sees no variable (and lockkit's cached metadata is not reused).
    plain = Pair(tmp_path / "plain", index, ["envdep"])
    plain.env["TINY_EXTRA_DEP"] = ""
    lock = plain.lock_both("--python", PYTHON)
    assert 'name = "leaf"' not in lock


def test_no_build_isolation_package_without_the_backend_fails_like_uv(tmp_path, index):
    pair = Pair(tmp_path / "absent", index, ["sharedbuild"], 'no-build-isolation-package = ["sharedbuild"]\n')
    theirs, ours = pair.fail_both("--python", PYTHON)
    assert essential(theirs, "No module named 'tinyback'"), theirs
    assert essential(ours, "No module named 'tinyback'"), ours
    assert "not-on-any-index" not in theirs + ours  # get_requires was not asked
    # The same report: uv's call line (the prepare hook, run in the interpreter's environment) and hint.
    call = "Call to `tinyback.prepare_metadata_for_build_wheel` failed (exit status: 1)"
    assert call in theirs and call in ours, ours
    assert missing_module_hint(ours) == missing_module_hint(theirs)
    # Isolated, the backend is on no index: both fail to find it.
    isolated = Pair(tmp_path / "isolated", index, ["sharedbuild"])
    theirs, ours = isolated.fail_both("--python", PYTHON)
    assert "tinyback" in theirs and "tinyback" in ours


@pytest.mark.parametrize("how", ["setting", "flag", "all"])
def test_no_build_isolation_runs_in_the_interpreters_environment(tmp_path, index, how):
    tool_uv = 'no-build-isolation-package = ["sharedbuild"]\n' if how == "setting" else ""
    pair = Pair(tmp_path / how, index, ["sharedbuild"], tool_uv)
    venv = tmp_path / "backend-venv"
    made = pair.run("uv", UV, "venv", str(venv), "--python", PYTHON)
    assert made.returncode == 0, made.stderr
    with_tinyback(venv)
    args = {"setting": [], "flag": ["--no-build-isolation-package", "sharedbuild"], "all": ["--no-build-isolation"]}[how]
    lock = pair.lock_both("--python", str(venv / "bin" / "python"), *args)
    assert 'name = "sharedbuild"\nversion = "1.0"' in lock and '{ name = "leaf" }' in lock


def test_no_build_isolation_sync_builds_in_the_project_environment(tmp_path, index):
    pair = Pair(tmp_path / "sync", index, ["sharedbuild"], 'no-build-isolation-package = ["sharedbuild"]\n')
    venv = tmp_path / "backend-venv"
    made = pair.run("uv", UV, "venv", str(venv), "--python", PYTHON)
    assert made.returncode == 0, made.stderr
    with_tinyback(venv)
    pair.lock_both("--python", str(venv / "bin" / "python"))
    # The project's own environment holds the backend: both build there and install the same.
    pair.sync_both(prepare_venv=with_tinyback)


def test_build_isolation_flag_overrides_the_setting(tmp_path, index):
    pair = Pair(tmp_path / "override", index, ["sharedbuild"], "no-build-isolation = true\n")
    venv = tmp_path / "backend-venv"
    made = pair.run("uv", UV, "venv", str(venv), "--python", PYTHON)
    assert made.returncode == 0, made.stderr
    with_tinyback(venv)
    # --build-isolation (uv's hidden flag) isolates again: the backend is on no index.
    theirs, ours = pair.fail_both("--python", str(venv / "bin" / "python"), "--build-isolation")
    assert "tinyback" in theirs and "tinyback" in ours
    # Of the two flags the last wins.
    pair.lock_both("--python", str(venv / "bin" / "python"), "--build-isolation", "--no-build-isolation")
    # UV_NO_BUILD_ISOLATION=0 is no setting at all: the project's `no-build-isolation = true` stays.
    again = Pair(tmp_path / "env-false", index, ["sharedbuild"], "no-build-isolation = true\n")
    again.env["UV_NO_BUILD_ISOLATION"] = "0"
    again.lock_both("--python", str(venv / "bin" / "python"))


def test_lock_builds_without_isolation_in_the_projects_environment(tmp_path, index):
    # No --python: `uv lock` takes the interpreter of the project's `.venv`, which holds the backend.
    pair = Pair(tmp_path / "venv", index, ["sharedbuild"], 'no-build-isolation-package = ["sharedbuild"]\n')
    for side in ("uv", "ours"):
        made = pair.run(side, UV, "venv", ".venv", "--python", PYTHON)
        assert made.returncode == 0, made.stderr
        with_tinyback(pair.tmp / side / ".venv")
    lock = pair.lock_both()
    assert 'name = "sharedbuild"\nversion = "1.0"' in lock
