"""uv settings that change what `lock resolve` and `lock sync` do, judged by real uv 0.12.5:
`no-sources` (`--no-sources`, UV_NO_SOURCES, `[tool.uv]`, uv.toml), the lock flags
(`--check`, `--locked`, `--frozen` / `--check-exists`, UV_LOCKED, UV_FROZEN), and the
installer's `compile-bytecode` and `link-mode` (`reflink` among its values) from the settings
files.

A local index serves wheels (tests/fixtures/wheelmaker.py): leaf 1.0 and 2.0, other 1.0, and
`mem` 5.0 under the name of a workspace member. The projects take leaf from a local source
(a source tree, or a wheel on disk) that the index does not have. Each case runs uv and lockkit
on copies of one project with one environment: the locks must be byte for byte the same, exit
codes the same, uv's `error:` and `warning:` lines the same, and the environments hold the same
distributions.

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

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "fixtures"))
from lockkit_build import LOCK_BIN as LOCK  # noqa: E402
import local_index  # noqa: E402
import uv_oracle  # noqa: E402
import wheelmaker  # noqa: E402

UV, _UV_SKIP = uv_oracle.find_uv()
PYTHON = os.path.realpath(sys.executable)
pytestmark = [
    pytest.mark.skipif(UV is None, reason=_UV_SKIP),
    pytest.mark.skipif(not LOCK.exists(), reason=f"{LOCK} not built (set LOCKKIT_BUILD_DIR)"),
]


@pytest.fixture(scope="module")
def index(tmp_path_factory):
    folder = tmp_path_factory.mktemp("index")
    for name, version in (("leaf", "1.0"), ("leaf", "2.0"), ("other", "1.0"), ("mem", "5.0")):
        wheelmaker.make_wheel(folder, name, version)
    served = local_index.LocalIndex(folder)
    yield served
    served.close()


# A workspace: the root takes leaf from a source tree and the member `mem` from the workspace.
WORKSPACE = {
    "pyproject.toml": """\
        [project]
        name = "proj"
        version = "0.1.0"
        requires-python = ">=3.9"
        dependencies = ["leaf", "mem"]

        [tool.uv.sources]
        leaf = { path = "leafsrc" }
        mem = { workspace = true }

        [tool.uv.workspace]
        members = ["packages/mem"]
        """,
    "leafsrc/pyproject.toml": """\
        [project]
        name = "leaf"
        version = "3.0"
        requires-python = ">=3.9"
        """,
    "packages/mem/pyproject.toml": """\
        [project]
        name = "mem"
        version = "0.3"
        requires-python = ">=3.9"
        dependencies = ["other"]
        """,
}

# A project with nothing to build (no build system: uv installs it as virtual), leaf from a wheel on disk.
VIRTUAL = {
    "pyproject.toml": """\
        [project]
        name = "proj"
        version = "0.1.0"
        requires-python = ">=3.9"
        dependencies = ["leaf"]

        [tool.uv.sources]
        leaf = { path = "wheels/leaf-9.0-py3-none-any.whl" }
        """,
}


class Pair:
    """One project, copied for uv (`uv/`) and for lockkit (`ours/`), run with one environment."""

    def __init__(self, tmp: Path, index, files: dict[str, str]):
        self.tmp = tmp
        self.env = uv_oracle.sandbox_env(tmp / "home", UV_OFFLINE="0", UV_DEFAULT_INDEX=index.simple,
                                         **uv_oracle.LOOPBACK_NO_PROXY)
        # The project's [tool.uv] and uv.toml are part of what is tested.
        self.env.pop("UV_NO_CONFIG")
        self.env.pop("UV_PROJECT_ENVIRONMENT", None)
        for side in ("uv", "ours"):
            for name, text in files.items():
                (tmp / side / name).parent.mkdir(parents=True, exist_ok=True)
                (tmp / side / name).write_text(textwrap.dedent(text))
            if "wheels" in files.get("pyproject.toml", ""):
                wheelmaker.make_wheel(tmp / side / "wheels", "leaf", "9.0")

    def path(self, side: str, name: str = "uv.lock") -> Path:
        return self.tmp / side / name

    def edit(self, name: str, old: str, new: str) -> None:
        for side in ("uv", "ours"):
            text = self.path(side, name).read_text()
            assert old in text
            self.path(side, name).write_text(text.replace(old, new))

    def write(self, name: str, text: str, append: bool = False) -> None:
        """Writes (or appends to) the same file on both sides."""
        for side in ("uv", "ours"):
            with self.path(side, name).open("a" if append else "w") as f:
                f.write(text)

    def set_setting(self, where: str, line: str, variable: tuple[str, str]) -> dict:
        """One setting, given where uv reads it: `line` in [tool.uv] or uv.toml, or `variable`
        (name, value) in the environment, which is returned for the runs."""
        if where == "tool.uv":
            self.write("pyproject.toml", f"\n[tool.uv]\n{line}\n", append=True)
        elif where == "uv.toml":
            self.write("uv.toml", f"{line}\n")
        else:
            return dict([variable])
        return {}

    def run(self, side: str, command: list[str], env: dict | None = None) -> subprocess.CompletedProcess:
        return subprocess.run(command, capture_output=True, text=True, env={**self.env, **(env or {})},
                              cwd=self.tmp / side, timeout=300)

    def both(self, command: str, *args: str, env: dict | None = None):
        """`uv <command>` and lockkit's (`lock resolve` for `lock`, `lock sync` for `sync`)."""
        ours = [str(LOCK), "resolve" if command == "lock" else "sync", "--cache-dir", str(self.tmp / "lockkit-cache")]
        extra = ["--python", PYTHON] if command == "sync" else []
        return (self.run("uv", [UV, command, *extra, *args], env), self.run("ours", [*ours, *extra, *args], env))

    def lock_with_uv(self) -> None:
        r = self.run("uv", [UV, "lock"])
        assert r.returncode == 0, r.stderr
        shutil.copy(self.path("uv"), self.path("ours"))

    def same_lock(self) -> str:
        theirs = self.path("uv").read_text()
        assert self.path("ours").read_text() == theirs
        return theirs

    def installed(self, side: str) -> list[str]:
        return sorted(p.name for p in (self.tmp / side / ".venv").glob("lib/python3*/site-packages/*.dist-info"))


def said(proc: subprocess.CompletedProcess) -> list[str]:
    """The `error:` and `warning:` lines, the words uv and lockkit must share."""
    return [line for line in proc.stderr.splitlines() if line.startswith(("error:", "warning:"))]


# --- no-sources -----------------------------------------------------------------------------------

NO_SOURCES_WAYS = {
    "flag": ((["--no-sources"], {}), {}),
    "variable": (([], {"UV_NO_SOURCES": "true"}), {}),
    "tool.uv": (([], {}), {"pyproject.toml": ("[tool.uv.workspace]", "[tool.uv]\nno-sources = true\n\n[tool.uv.workspace]")}),
    "uv.toml": (([], {}), {"uv.toml": "no-sources = true\n"}),
}


@pytest.mark.parametrize("way", sorted(NO_SOURCES_WAYS))
def test_no_sources_locks_every_requirement_from_the_index(tmp_path, index, way):
    """uv locks leaf from the index (2.0, not the 3.0 of its source tree); the member `mem`
    stays the workspace's, though the index has a `mem` too."""
    (args, env), files = NO_SOURCES_WAYS[way]
    pair = Pair(tmp_path, index, WORKSPACE)
    for name, change in files.items():
        if isinstance(change, tuple):
            pair.edit(name, *change)
        else:
            pair.write(name, change)
    theirs, ours = pair.both("lock", *args, env=env)
    assert theirs.returncode == 0, theirs.stderr
    assert ours.returncode == 0, ours.stderr
    lock = pair.same_lock()
    assert 'name = "leaf"\nversion = "2.0"' in lock and 'source = { editable = "packages/mem" }' in lock
    # The sources' lock does not do for a no-sources lock, nor the other way round.
    theirs, ours = pair.both("lock", "--check", *args, env=env)
    assert theirs.returncode == ours.returncode == 0, (theirs.stderr, ours.stderr)
    if way in ("flag", "variable"):
        theirs, ours = pair.both("lock", "--check")
        assert theirs.returncode == ours.returncode == 1, (theirs.stderr, ours.stderr)
        assert said(ours) == said(theirs)


def test_no_sources_in_a_sync(tmp_path, index):
    """`uv sync --no-sources` re-locks leaf from the index and installs it; under `--frozen`
    the lock is installed as it is, its wheel on disk with it."""
    pair = Pair(tmp_path, index, VIRTUAL)
    pair.lock_with_uv()
    # The two flags exclude each other, the variable standing for the flag whatever its value;
    # UV_FROZEN is not the flag's variable to uv's option parser, and goes with either.
    for args, env in ((["--frozen", "--no-sources"], {}), (["--frozen"], {"UV_NO_SOURCES": "0"})):
        theirs, ours = pair.both("sync", *args, env=env)
        assert theirs.returncode == ours.returncode == 2
        assert said(ours) == said(theirs) == ["error: the argument '--frozen' cannot be used with '--no-sources'"]
    theirs, ours = pair.both("sync", "--no-sources", env={"UV_FROZEN": "1"})
    assert theirs.returncode == ours.returncode == 0, (theirs.stderr, ours.stderr)
    assert pair.installed("ours") == pair.installed("uv") == ["leaf-9.0.dist-info"]
    theirs, ours = pair.both("sync", "--no-sources")
    assert theirs.returncode == ours.returncode == 0, (theirs.stderr, ours.stderr)
    pair.same_lock()
    assert pair.installed("ours") == pair.installed("uv") == ["leaf-2.0.dist-info"]


# --- the lock flags ----------------------------------------------------------------------------

def stale(pair: Pair) -> None:
    pair.edit("pyproject.toml", 'dependencies = ["leaf", "mem"]', 'dependencies = ["leaf", "mem", "other"]')


def missing(pair: Pair) -> None:
    for side in ("uv", "ours"):
        pair.path(side).unlink()


def new_member(pair: Pair) -> None:
    pair.edit("pyproject.toml", 'members = ["packages/mem"]', 'members = ["packages/mem", "packages/newm"]')
    for side in ("uv", "ours"):
        pair.path(side, "packages/newm").mkdir(parents=True)
        pair.path(side, "packages/newm/pyproject.toml").write_text(
            '[project]\nname = "newm"\nversion = "1.0"\nrequires-python = ">=3.9"\n')


LOCK_CASES = [
    # (state, arguments, variables, exit code)
    (None, [], {"UV_LOCKED": "1"}, 0),
    (None, [], {"UV_FROZEN": "1"}, 0),
    (None, ["--frozen"], {}, 0),
    (None, ["--check-exists"], {}, 0),
    (None, ["--check"], {"UV_FROZEN": "1"}, 0),
    (None, [], {"UV_LOCKED": "1", "UV_FROZEN": "1"}, 2),
    (None, ["--locked"], {"UV_FROZEN": "1"}, 2),
    (None, ["--frozen"], {"UV_LOCKED": "yes"}, 2),
    (None, ["--frozen", "--check"], {}, 2),
    (None, ["--check", "--check-exists"], {}, 2),
    (stale, [], {"UV_LOCKED": "1"}, 1),
    (stale, ["--check"], {}, 1),
    (stale, ["--locked"], {}, 1),
    (stale, [], {"UV_FROZEN": "1"}, 0),
    (stale, [], {"UV_LOCKED": "0", "UV_FROZEN": "off"}, 0),
    (missing, [], {"UV_LOCKED": "1"}, 2),
    (missing, [], {"UV_FROZEN": "1"}, 2),
    (missing, ["--check"], {}, 2),
    (missing, ["--frozen"], {}, 2),
    (new_member, [], {"UV_FROZEN": "1"}, 2),
    # `--upgrade` excludes `--check` and `--locked` on the command line, not UV_LOCKED
    (stale, ["-U", "--check"], {}, 2),
    (stale, ["--locked", "--upgrade"], {}, 2),
    (None, ["--frozen", "-U"], {}, 0),
    (None, ["-U"], {"UV_LOCKED": "1"}, 0),
]


@pytest.mark.parametrize("state, args, variables, code", LOCK_CASES,
                         ids=[f"{s.__name__ if s else 'fresh'}-{' '.join(a)}-{v}" for s, a, v, _ in LOCK_CASES])
def test_lock_flags_of_lock_resolve(tmp_path, index, state, args, variables, code):
    pair = Pair(tmp_path, index, WORKSPACE)
    pair.lock_with_uv()
    if state:
        state(pair)
    theirs, ours = pair.both("lock", *args, env=variables)
    assert theirs.returncode == code, theirs.stderr
    assert ours.returncode == code, ours.stderr
    assert said(ours) == said(theirs), (ours.stderr, theirs.stderr)
    if pair.path("uv").exists():
        pair.same_lock()  # written or left alone alike
    else:
        assert not pair.path("ours").exists()


SYNC_CASES = [
    (stale, [], {"UV_LOCKED": "1"}, 1),
    (stale, ["--locked"], {}, 1),
    (stale, [], {"UV_FROZEN": "1"}, 0),
    (None, [], {"UV_LOCKED": "1", "UV_FROZEN": "1"}, 2),
    (None, ["--locked"], {"UV_FROZEN": "1"}, 2),
    (None, ["--frozen"], {"UV_LOCKED": "1"}, 2),
    (None, ["--frozen", "--locked"], {}, 2),
    (missing, [], {"UV_FROZEN": "1"}, 2),
    (missing, [], {"UV_LOCKED": "1"}, 2),
    (missing, ["--locked"], {}, 2),
]


@pytest.mark.parametrize("state, args, variables, code", SYNC_CASES,
                         ids=[f"{s.__name__ if s else 'fresh'}-{' '.join(a)}-{v}" for s, a, v, _ in SYNC_CASES])
def test_lock_flags_of_lock_sync(tmp_path, index, state, args, variables, code):
    pair = Pair(tmp_path, index, VIRTUAL)
    pair.lock_with_uv()
    if state is stale:
        pair.edit("pyproject.toml", 'dependencies = ["leaf"]', 'dependencies = ["leaf", "other"]')
    elif state:
        state(pair)
    before = pair.path("uv").read_text() if pair.path("uv").exists() else None
    theirs, ours = pair.both("sync", *args, env=variables)
    assert theirs.returncode == code, theirs.stderr
    assert ours.returncode == code, ours.stderr
    assert said(ours) == said(theirs), (ours.stderr, theirs.stderr)
    if before is not None:
        assert pair.path("ours").read_text() == pair.path("uv").read_text() == before
    if code == 0:
        assert pair.installed("ours") == pair.installed("uv") == ["leaf-9.0.dist-info"]


# --- the installer's settings ---------------------------------------------------------------------

def compiled(pair: Pair, side: str) -> bool:
    return bool(list((pair.tmp / side / ".venv").glob("lib/python3*/site-packages/leaf/__pycache__/*.pyc")))


@pytest.mark.parametrize("where", ["tool.uv", "uv.toml", "variable"])
def test_compile_bytecode_from_the_settings(tmp_path, index, where):
    pair = Pair(tmp_path, index, VIRTUAL)
    env = pair.set_setting(where, "compile-bytecode = true", ("UV_COMPILE_BYTECODE", "1"))
    pair.lock_with_uv()
    theirs, ours = pair.both("sync", "--frozen", env=env)
    assert theirs.returncode == ours.returncode == 0, (theirs.stderr, ours.stderr)
    assert compiled(pair, "uv") and compiled(pair, "ours")
    if where == "variable":
        # uv's option parser takes the variable for the flag that `--no-compile-bytecode` excludes.
        theirs, ours = pair.both("sync", "--frozen", "--no-compile-bytecode", env=env)
        assert theirs.returncode == ours.returncode == 2
        assert said(ours) == said(theirs)
        return
    # The flag's negation wins over the files; so does --no-config, which reads none of them.
    for args, env in ((["--no-compile-bytecode"], {}), ([], {"UV_NO_CONFIG": "1"})):
        for side in ("uv", "ours"):
            shutil.rmtree(pair.tmp / side / ".venv")
        theirs, ours = pair.both("sync", "--frozen", *args, env=env)
        assert theirs.returncode == ours.returncode == 0, (theirs.stderr, ours.stderr)
        assert not compiled(pair, "uv") and not compiled(pair, "ours")


def links(pair: Pair, side: str) -> int:
    (init,) = (pair.tmp / side / ".venv").glob("lib/python3*/site-packages/leaf/__init__.py")
    return init.stat().st_nlink


@pytest.mark.parametrize("where", ["tool.uv", "uv.toml", "variable"])
def test_link_mode_reflink_is_clone(tmp_path, index, where):
    """`reflink` is uv's other name for `clone`: where the filesystem cannot clone (ext4, tmpfs),
    uv falls back to hard links with the cache, silently, and so does lockkit."""
    pair = Pair(tmp_path, index, VIRTUAL)
    env = pair.set_setting(where, 'link-mode = "reflink"', ("UV_LINK_MODE", "reflink"))
    pair.lock_with_uv()
    theirs, ours = pair.both("sync", "--frozen", env=env)
    assert theirs.returncode == ours.returncode == 0, (theirs.stderr, ours.stderr)
    assert said(ours) == said(theirs) == []
    assert (links(pair, "ours") > 1) == (links(pair, "uv") > 1)


def test_link_mode_from_the_files_and_a_bad_one(tmp_path, index):
    pair = Pair(tmp_path, index, VIRTUAL)
    pair.write("uv.toml", 'link-mode = "copy"\n')
    pair.lock_with_uv()
    theirs, ours = pair.both("sync", "--frozen")
    assert theirs.returncode == ours.returncode == 0, (theirs.stderr, ours.stderr)
    assert links(pair, "uv") == links(pair, "ours") == 1
    pair.write("uv.toml", 'link-mode = "wormhole"\n')
    theirs, ours = pair.both("sync", "--frozen")
    assert theirs.returncode == ours.returncode == 2
    words = "unknown variant `wormhole`, expected one of `clone`, `reflink`, `copy`, `hardlink`, `symlink`"
    assert words in theirs.stderr and words in ours.stderr, ours.stderr
    theirs, ours = pair.both("sync", "--frozen", env={"UV_LINK_MODE": "wormhole"})
    assert theirs.returncode == ours.returncode == 2
    words = "invalid value 'wormhole' for '--link-mode <LINK_MODE>'\n  [possible values: clone, copy, hardlink, symlink]"
    assert words in theirs.stderr and words in ours.stderr, ours.stderr


@pytest.mark.parametrize("args", [["--frozen"], []], ids=["frozen", "checked"])
def test_sync_warns_of_a_skipped_tool_uv_as_uv_does(tmp_path, index, args):
    # A wrong type in [tool.uv] skips the table with a warning. `--frozen` locks nothing, so the
    # sync itself must report what the settings reader said.
    pair = Pair(tmp_path, index, VIRTUAL)
    pair.lock_with_uv()
    pair.write("pyproject.toml", '\n[tool.uv]\ncompile-bytecode = "yes"\n', append=True)
    theirs, ours = pair.both("sync", *args)
    assert theirs.returncode == ours.returncode == 0, (theirs.stderr, ours.stderr)
    assert said(theirs) == ["warning: Failed to parse `pyproject.toml` during settings discovery:"]
    assert said(ours) == said(theirs), (ours.stderr, theirs.stderr)
