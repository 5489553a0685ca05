"""`lock resolve` against real uv 0.12.5 on small projects of our own: workspaces with members,
path dependencies (a directory and a wheel), extras, dependency groups (with `include-group`
and the legacy `dev-dependencies`), a virtual workspace root, constraints, overrides,
environments (and the wheels each one needs), required environments, a pinned explicit index,
find-links folders and `file://` indexes, then edits to an existing lock (a new dependency,
`--upgrade-package`, `--upgrade`), and exclude-newer cutoffs (between the files of one version, and
on an upload time, where both tools fail for the same reason).

Each project is written twice; uv locks one copy and lockkit the other, from the same local
index (tests/fixtures/packse_index.py, HTTP with `.metadata` files, or its file:// and
find-links forms). The two uv.lock files must be byte-identical, and each tool must accept the
other's lock with `--locked`.
"""

from __future__ import annotations

import os
import shutil
import subprocess
from pathlib import Path

import pytest

from lockkit_build import LOCK_BIN
import failure_text
import packse_index
import uv_oracle
from verify_written import verify_problem
import wheelmaker

UV, _UV_SKIP_REASON = uv_oracle.find_uv(install=True)
pytestmark = pytest.mark.skipif(UV is None, reason=f"uv {uv_oracle.UV_VERSION} unavailable: {_UV_SKIP_REASON}")

ANY = ""  # no Requires-Python on the files


def v(requires=(), extras=None, requires_python=ANY, **more):
    out = {"requires": list(requires), "requires_python": requires_python, **more}
    if extras:
        out["extras"] = extras
    return out


# A small ecosystem: extras, markers, Python-bounded versions, platform wheels, pre-releases.
PACKAGES = {
    "anyio": {"versions": {
        "3.7.1": v(["idna>=2.8", "sniffio>=1.1"]),
        "4.2.0": v(["idna>=2.8", "sniffio>=1.1", "exceptiongroup>=1.0.2 ; python_version < '3.11'"],
                   extras={"trio": ["trio>=0.23"]}, requires_python=">=3.8"),
    }},
    "idna": {"versions": {"3.4": v(), "3.6": v(), "3.7": v()}},
    "sniffio": {"versions": {"1.3.0": v(), "1.3.1": v()}},
    "exceptiongroup": {"versions": {"1.2.0": v(requires_python=">=3.7")}},
    "trio": {"versions": {"0.24.0": v(["sniffio>=1.3.0", "idna", "outcome"])}},
    "outcome": {"versions": {"1.3.0": v(["attrs>=19.2.0"])}},
    "attrs": {"versions": {"23.2.0": v(), "24.1.0b1": v()}},
    "colorama": {"versions": {"0.4.6": v(wheel_tags=["py2.py3-none-any"])}},
    "iniconfig": {"versions": {"2.0.0": v(requires_python=">=3.7")}},
    "packaging": {"versions": {"23.2": v(), "24.0": v()}},
    "pytest": {"versions": {
        "8.0.0": v(["colorama ; sys_platform == 'win32'", "iniconfig", "packaging"]),
        "8.1.0": v(["colorama ; sys_platform == 'win32'", "iniconfig", "packaging>=24"]),
    }},
    "numpy": {"versions": {
        "1.26.4": v(requires_python=">=3.9", sdist=True,
                    wheel_tags=["cp310-cp310-manylinux_2_17_x86_64", "cp311-cp311-win_amd64",
                                "cp312-cp312-macosx_11_0_arm64", "cp312-cp312-manylinux_2_17_x86_64",
                                "cp39-cp39-manylinux_2_17_aarch64"]),
        "2.1.0": v(requires_python=">=3.11",
                   wheel_tags=["cp311-cp311-manylinux_2_17_x86_64", "cp312-cp312-win_amd64",
                               "cp312-cp312-manylinux_2_17_aarch64"]),
    }},
    "tomli": {"versions": {"2.0.1": v(requires_python=">=3.7")}},
    # The newest version has Linux wheels only and no sdist.
    "lxml": {"versions": {
        "4.9.4": v(),
        "5.2.0": v(sdist=False, wheel_tags=["cp311-abi3-manylinux_2_17_x86_64", "cp311-abi3-manylinux_2_28_aarch64"]),
    }},
}


def files_of(tree: dict[str, str], root: Path) -> None:
    for rel, text in tree.items():
        path = root / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text)


BUILD = '\n[build-system]\nrequires = ["hatchling"]\nbuild-backend = "hatchling.build"\n'

PROJECTS: dict[str, dict[str, str]] = {
    "workspace": {
        "pyproject.toml": """
[project]
name = "app"
version = "1.0.0"
requires-python = ">=3.10"
dependencies = ["lib", "anyio>=4", "tomli ; python_version < '3.11'"]

[project.optional-dependencies]
test = ["pytest>=8"]
speed = ["numpy"]

[dependency-groups]
dev = ["pytest", {include-group = "lint"}]
lint = ["colorama"]
empty = []

[tool.uv]
dev-dependencies = ["iniconfig"]

[tool.uv.workspace]
members = ["packages/*"]

[tool.uv.sources]
lib = { workspace = true }
""",
        "packages/lib/pyproject.toml": """
[project]
name = "lib"
version = "0.3.0"
requires-python = ">=3.9"
dependencies = ["anyio[trio]>=3 ; sys_platform != 'win32'", "sniffio"]

[project.optional-dependencies]
fast = ["numpy>=1.26"]
""" + BUILD,
        "packages/tool/pyproject.toml": """
[project]
name = "tool"
version = "2.0.0"
requires-python = ">=3.10"
dependencies = ["lib[fast]", "packaging"]

[tool.uv.sources]
lib = { workspace = true }
""" + BUILD,
    },
    "path-dependencies": {
        "pyproject.toml": """
[project]
name = "uses-paths"
version = "0.1.0"
requires-python = ">=3.11"
dependencies = ["helper", "vendored", "idna>=3.5"]

[tool.uv.sources]
helper = { path = "../helper", editable = true }
vendored = { path = "wheels/vendored-1.0.0-py3-none-any.whl" }
""",
        "../helper/pyproject.toml": """
[project]
name = "helper"
version = "0.9.0"
requires-python = ">=3.8"
dependencies = ["sniffio", "attrs ; extra == 'x'"]

[project.optional-dependencies]
x = ["attrs"]
""" + BUILD,
    },
    "virtual-root": {
        "pyproject.toml": """
[tool.uv.workspace]
members = ["member"]

[dependency-groups]
docs = ["idna<3.7"]
checks = ["pytest", "packaging<24"]
""",
        "member/pyproject.toml": """
[project]
name = "member"
version = "1.2.3"
requires-python = ">=3.12"
dependencies = ["anyio"]
""",
    },
    "constraints-overrides-environments": {
        "pyproject.toml": """
[project]
name = "constrained"
version = "0.1.0"
requires-python = ">=3.10"
dependencies = ["anyio", "numpy", "pytest"]

[tool.uv]
constraint-dependencies = ["idna<3.7", "numpy<2 ; python_version < '3.11'"]
override-dependencies = ["packaging==23.2"]
environments = ["sys_platform == 'linux'", "sys_platform == 'darwin'"]
""",
    },
    # lxml 5.2.0 has Linux wheels only: each listed environment needs a usable file, so the
    # macOS fork takes 4.9.4 and lxml is locked twice.
    "environments-wheel-coverage": {
        "pyproject.toml": """
[project]
name = "covered"
version = "0.1.0"
requires-python = ">=3.11"
dependencies = ["lxml>=4", "anyio"]

[tool.uv]
environments = ["sys_platform == 'linux'", "sys_platform == 'darwin'"]
""",
    },
    # A required environment without an lxml 5.2.0 wheel splits the resolution on it.
    "required-environments": {
        "pyproject.toml": """
[project]
name = "required"
version = "0.1.0"
requires-python = ">=3.11"
dependencies = ["lxml"]

[tool.uv]
required-environments = ["sys_platform == 'darwin'"]
""",
    },
    "prerelease-and-markers": {
        "pyproject.toml": """
[project]
name = "markers"
version = "0.1.0"
requires-python = ">=3.9"
dependencies = [
    "attrs>=24.0b1",
    "numpy>=2 ; python_version >= '3.12'",
    "numpy<2 ; python_version < '3.12'",
    "colorama ; os_name == 'nt'",
    "exceptiongroup ; python_full_version < '3.11.2'",
]
""",
    },
    # Declared conflicts (`tool.uv.conflicts`): the resolver forks on each set, and uv's
    # conflict markers (pseudo-extras such as `extra == 'extra-9-conflicts-old'`) appear in
    # `resolution-markers`, on package forks and on dependency edges.
    "conflicting-extras": {
        "pyproject.toml": """
[project]
name = "conflicts"
version = "0.1.0"
requires-python = ">=3.10"
dependencies = ["anyio"]

[project.optional-dependencies]
old = ["idna<3.5"]
new = ["idna>=3.6", "sniffio==1.3.0"]
other = ["packaging"]

[tool.uv]
conflicts = [[{extra = "old"}, {extra = "new"}]]
""",
    },
    "conflicting-groups": {
        "pyproject.toml": """
[project]
name = "grouped"
version = "0.1.0"
requires-python = ">=3.10"
dependencies = ["iniconfig"]

[dependency-groups]
a = ["packaging<24", "pytest ; sys_platform == 'win32'"]
b = ["packaging>=24", "pytest"]
c = ["colorama"]

[tool.uv]
conflicts = [[{group = "a"}, {group = "b"}]]
""",
    },
    "extras-and-groups": {
        "pyproject.toml": """
[project]
name = "proj"
version = "0.1.0"
requires-python = ">=3.10"
dependencies = ["anyio"]

[project.optional-dependencies]
old = ["idna<3.5"]
new = ["idna>=3.6"]

[dependency-groups]
a = ["packaging<24"]
b = ["packaging>=24"]
lint = ["idna==3.7"]

[tool.uv]
conflicts = [
    [{extra = "old"}, {extra = "new"}],
    [{group = "a"}, {group = "b"}],
    [{extra = "old"}, {group = "lint"}],
]
""",
    },
    "member-conflicts": {
        "pyproject.toml": """
[project]
name = "root-app"
version = "1.0.0"
requires-python = ">=3.10"
dependencies = ["worker", "sniffio"]

[tool.uv.workspace]
members = ["packages/*"]

[tool.uv.sources]
worker = { workspace = true }
""",
        "packages/worker/pyproject.toml": """
[project]
name = "worker"
version = "0.2.0"
requires-python = ">=3.10"
dependencies = ["anyio"]

[project.optional-dependencies]
numpy1 = ["numpy<2"]
numpy2 = ["numpy>=2 ; python_version >= '3.11'"]

[dependency-groups]
old = ["attrs<24"]
new = ["attrs>=24.0b1"]

[tool.uv]
conflicts = [[{extra = "numpy1"}, {extra = "numpy2"}], [{group = "old"}, {group = "new"}]]
""" + BUILD,
    },

    "three-way": {"pyproject.toml": """
[project]
name = "tri"
version = "0.1.0"
requires-python = ">=3.10"
dependencies = ["anyio"]

[project.optional-dependencies]
a = ["idna==3.4"]
b = ["idna==3.6"]
c = ["idna==3.7", "anyio[trio]"]

[tool.uv]
conflicts = [[{extra = "a"}, {extra = "b"}, {extra = "c"}]]
"""},
    "virtual-root-conflicts": {"pyproject.toml": """
[tool.uv.workspace]
members = ["m1", "m2"]

[dependency-groups]
dev = ["pytest"]

[tool.uv]
conflicts = [[{package = "m1", extra = "x"}, {package = "m2", extra = "y"}]]
""", "m1/pyproject.toml": """
[project]
name = "m1"
version = "1.0.0"
requires-python = ">=3.10"
dependencies = []

[project.optional-dependencies]
x = ["packaging<24"]
""", "m2/pyproject.toml": """
[project]
name = "m2"
version = "1.0.0"
requires-python = ">=3.10"
dependencies = ["iniconfig"]

[project.optional-dependencies]
y = ["packaging>=24"]
"""},
    "extra-vs-group-markers": {"pyproject.toml": """
[project]
name = "mk"
version = "0.1.0"
requires-python = ">=3.9"
dependencies = ["sniffio"]

[project.optional-dependencies]
win = ["numpy<2 ; sys_platform == 'win32'", "colorama ; sys_platform == 'win32'"]

[dependency-groups]
modern = ["numpy>=2 ; python_version >= '3.11'", "tomli ; python_version < '3.11'"]

[tool.uv]
conflicts = [[{extra = "win"}, {group = "modern"}]]
"""},
    # Whole workspace members that conflict (`{ package = ... }`): each member gets its own
    # fork, and uv marks their dependencies with `project-…` pseudo-extras. `gamma` is required
    # by `alpha` through a workspace source.
    "package-conflicts": {"pyproject.toml": """
[project]
name = "root"
version = "0.1.0"
requires-python = ">=3.10"
dependencies = ["sniffio"]

[tool.uv.workspace]
members = ["packages/*"]

[tool.uv]
conflicts = [[{package = "alpha"}, {package = "beta"}]]
""", "packages/alpha/pyproject.toml": """
[project]
name = "alpha"
version = "1.0.0"
requires-python = ">=3.10"
dependencies = ["idna<3.5", "anyio", "gamma"]

[tool.uv.sources]
gamma = { workspace = true }
""" + BUILD, "packages/beta/pyproject.toml": """
[project]
name = "beta"
version = "1.0.0"
requires-python = ">=3.10"
dependencies = ["idna>=3.6", "packaging"]
""" + BUILD, "packages/gamma/pyproject.toml": """
[project]
name = "gamma"
version = "1.0.0"
requires-python = ">=3.10"
dependencies = ["idna"]
""" + BUILD},
    # Three members, markers, a member's extra and group (a group stays in the forks that
    # exclude its project), and a second set of extras.
    "package-conflicts-with-extras": {"pyproject.toml": """
[tool.uv.workspace]
members = ["alpha", "beta", "gamma"]

[tool.uv]
conflicts = [
    [{package = "alpha"}, {package = "beta"}, {package = "gamma"}],
    [{package = "beta", extra = "a"}, {package = "beta", extra = "b"}],
]
""", "alpha/pyproject.toml": """
[project]
name = "alpha"
version = "1.0.0"
requires-python = ">=3.10"
dependencies = ["numpy<2", "colorama ; sys_platform == 'win32'", "idna==3.4"]

[project.optional-dependencies]
io = ["anyio"]
""" + BUILD, "beta/pyproject.toml": """
[project]
name = "beta"
version = "1.0.0"
requires-python = ">=3.10"
dependencies = ["numpy>=2 ; python_version >= '3.11'", "tomli ; python_version < '3.11'"]

[project.optional-dependencies]
a = ["packaging<24"]
b = ["packaging>=24", "pytest"]

[dependency-groups]
dev = ["iniconfig"]
""" + BUILD, "gamma/pyproject.toml": """
[project]
name = "gamma"
version = "1.0.0"
requires-python = ">=3.10"
dependencies = ["idna==3.7", "sniffio"]
""" + BUILD},
    # A member against another member's group, and against another member's extra.
    "package-vs-group-conflict": {"pyproject.toml": """
[tool.uv.workspace]
members = ["alpha", "beta", "gamma"]

[tool.uv]
conflicts = [
    [{package = "alpha"}, {package = "beta", group = "old"}],
    [{package = "gamma"}, {package = "beta", extra = "new"}],
]
""", "alpha/pyproject.toml": """
[project]
name = "alpha"
version = "1.0.0"
requires-python = ">=3.10"
dependencies = ["packaging>=24"]
""" + BUILD, "beta/pyproject.toml": """
[project]
name = "beta"
version = "1.0.0"
requires-python = ">=3.10"
dependencies = ["sniffio"]

[project.optional-dependencies]
new = ["idna>=3.6"]

[dependency-groups]
old = ["packaging<24"]
new = ["packaging"]
""" + BUILD, "gamma/pyproject.toml": """
[project]
name = "gamma"
version = "1.0.0"
requires-python = ">=3.10"
dependencies = ["idna<3.5"]
""" + BUILD},
    # A group of the root project that includes a conflicting group conflicts too: uv adds the
    # set `[all, new]` to the lock's `conflicts` and forks on it.
    "include-group-conflicts": {"pyproject.toml": """
[project]
name = "app"
version = "0.1.0"
requires-python = ">=3.10"
dependencies = ["sniffio"]

[dependency-groups]
dev = ["packaging<24"]
new = ["packaging>=24", "pytest"]
all = [{include-group = "dev"}, "iniconfig"]
lint = ["colorama"]

[tool.uv]
conflicts = [[{group = "dev"}, {group = "new"}]]
"""},
    # uv matches the root project's groups to conflicting groups by name alone: the root's `all`
    # includes the root's `dev`, and uv adds `[app:all, beta:new]` for the member's `dev`.
    "include-group-by-name": {"pyproject.toml": """
[project]
name = "app"
version = "0.1.0"
requires-python = ">=3.10"
dependencies = []

[dependency-groups]
dev = ["iniconfig"]
all = [{include-group = "dev"}, "sniffio"]

[tool.uv.workspace]
members = ["beta"]
""", "beta/pyproject.toml": """
[project]
name = "beta"
version = "1.0.0"
requires-python = ">=3.10"
dependencies = []

[dependency-groups]
dev = ["packaging<24"]
new = ["packaging>=24"]

[tool.uv]
conflicts = [[{group = "dev"}, {group = "new"}]]
""" + BUILD},
    # Groups including items of two conflicting pairs: uv infers eight sets and appends them in
    # the order its hash tables give them.
    "include-group-hash-order": {"pyproject.toml": """
[project]
name = "app"
version = "0.1.0"
requires-python = ">=3.10"
dependencies = ["sniffio"]

[dependency-groups]
dev = ["packaging<24"]
new = ["packaging>=24"]
old = ["idna<3.5"]
fresh = ["idna>=3.6"]
all = [{include-group = "dev"}, {include-group = "old"}]
test = [{include-group = "new"}]
docs = [{include-group = "fresh"}, {include-group = "dev"}]

[tool.uv]
conflicts = [[{group = "dev"}, {group = "new"}], [{group = "old"}, {group = "fresh"}]]
"""},
}


def project_index_args(kind: str, server, sites: Path, name: str) -> list[str]:
    if kind == "http":
        return ["--index-url", f"{server.url}/{name}/simple/"]
    if kind == "http-no-metadata":
        return ["--index-url", f"{server.url}/nometa/simple/"]
    if kind == "file":
        return ["--index-url", (sites / name / "simple").as_uri()]
    return ["--no-index", "--find-links", str(sites / name / "files")]


@pytest.fixture(scope="module")
def env(tmp_path_factory):
    if not (LOCK_BIN.is_file() and os.access(LOCK_BIN, os.X_OK)):
        pytest.skip(f"lockkit binary not built: {LOCK_BIN}")
    home = tmp_path_factory.mktemp("home")
    e = uv_oracle.sandbox_env(home)
    e.pop("UV_OFFLINE")
    uv_oracle.without_proxies(e).update(LOCKKIT_CACHE_DIR=str(home / "lockkit-cache"))
    return e


@pytest.fixture(scope="module")
def index(tmp_path_factory):
    sites = tmp_path_factory.mktemp("sites")
    packse_index.build_index({"name": "projects", "packages": PACKAGES}, sites / "main")
    # The same packages without `.metadata` files: metadata comes from the wheels (by ranges).
    packse_index.build_index({"name": "projects", "packages": PACKAGES}, sites / "nometa", metadata=False)
    # A second index that only the pinned package may use.
    packse_index.build_index({"name": "pinned", "packages": {"idna": {"versions": {"3.5": v()}}}}, sites / "pinned")
    with packse_index.IndexServer(sites, sites=True) as server:
        yield server, sites


def run(cmd, cwd, env):
    return subprocess.run([str(c) for c in cmd], cwd=cwd, env=env, capture_output=True, text=True, timeout=300)


def make(tmp: Path, name: str, extra_files: dict[str, str] | None = None) -> tuple[Path, Path]:
    """Two copies of a project (uv's and lockkit's); returns their project directories."""
    dirs = []
    for tool in ("uv", "lockkit"):
        root = tmp / tool / "work"
        files_of(PROJECTS[name] | (extra_files or {}), root)
        if name == "path-dependencies":
            wheelmaker.make_wheel(root / "wheels", "vendored", "1.0.0", requires_dist=["attrs>=23"])
        dirs.append(root)
    return dirs[0], dirs[1]


def lock_both(uv_dir, lk_dir, args, env, python, *, uv_args=(), lk_args=()):
    uv = run([UV, "lock", "--python", python, *args, *uv_args], uv_dir, env)
    lk = run([LOCK_BIN, "resolve", *args, *lk_args], lk_dir, env)
    assert uv.returncode == 0, uv.stderr
    assert lk.returncode == 0, lk.stderr
    ours, theirs = (lk_dir / "uv.lock").read_text(), (uv_dir / "uv.lock").read_text()
    assert ours == theirs, (f"{failure_text.first_difference(theirs, ours)}\n"
                            f"--- uv.lock (uv):\n{theirs}\n--- uv.lock (lockkit):\n{ours}")
    return uv, lk


def cross_check(uv_dir, lk_dir, args, env, python):
    """Each tool accepts the other's lock as up to date, and lock-verify finds nothing in ours."""
    assert run([LOCK_BIN, "resolve", "--locked", *args], uv_dir, env).returncode == 0
    checked = run([UV, "lock", "--locked", "--python", python, *args], lk_dir, env)
    assert checked.returncode == 0, checked.stderr
    problem = verify_problem(LOCK_BIN, lk_dir, env)
    assert not problem, problem


@pytest.mark.parametrize("name", sorted(PROJECTS))
@pytest.mark.parametrize("kind", ["http", "http-no-metadata", "file", "find-links"])
def test_project_lock_identical_to_uv(tmp_path, index, env, python, name, kind):
    server, sites = index
    if kind != "http" and name != "workspace":
        pytest.skip("the local index forms are checked on one project")
    uv_dir, lk_dir = make(tmp_path, name)
    args = project_index_args(kind, server, sites, "main")
    lock_both(uv_dir, lk_dir, args, env, python)
    cross_check(uv_dir, lk_dir, args, env, python)


def test_pinned_explicit_index(tmp_path, index, env, python):
    server, sites = index
    pinned = f"{server.url}/pinned/simple/"
    pyproject = f"""
[project]
name = "pinning"
version = "0.1.0"
requires-python = ">=3.10"
dependencies = ["anyio", "idna"]

[[tool.uv.index]]
name = "pinned"
url = "{pinned}"
explicit = true

[tool.uv.sources]
idna = {{ index = "pinned" }}
"""
    PROJECTS["pinning"] = {"pyproject.toml": pyproject}
    try:
        uv_dir, lk_dir = make(tmp_path, "pinning")
    finally:
        del PROJECTS["pinning"]
    args = ["--index-url", f"{server.url}/main/simple/"]
    lock_both(uv_dir, lk_dir, args, env, python)
    assert f'registry = "{pinned}"' in (lk_dir / "uv.lock").read_text()
    cross_check(uv_dir, lk_dir, args, env, python)


def test_edits_of_an_existing_lock(tmp_path, index, env, python):
    """From the same lock, a new dependency, --upgrade-package and --upgrade change what uv changes."""
    server, _ = index
    args = ["--index-url", f"{server.url}/main/simple/"]
    uv_dir, lk_dir = make(tmp_path, "workspace")
    # Start from an old state: every package at its lowest version.
    lock_both(uv_dir, lk_dir, args, env, python, uv_args=["--resolution", "lowest-direct"],
              lk_args=["--resolution", "lowest-direct"])
    # The lock is re-used without the lowest-direct option: the mode changed, so it is discarded.
    lock_both(uv_dir, lk_dir, args, env, python)
    shutil.copy(uv_dir / "uv.lock", lk_dir / "uv.lock")
    for d in (uv_dir, lk_dir):
        text = (d / "pyproject.toml").read_text().replace('"anyio>=4",', '"anyio>=4", "idna<3.7",')
        (d / "pyproject.toml").write_text(text)
    lock_both(uv_dir, lk_dir, args, env, python)
    lock_both(uv_dir, lk_dir, args, env, python, uv_args=["--upgrade-package", "sniffio==1.3.0"],
              lk_args=["--upgrade-package", "sniffio==1.3.0"])
    lock_both(uv_dir, lk_dir, args, env, python, uv_args=["--upgrade"], lk_args=["--upgrade"])
    cross_check(uv_dir, lk_dir, args, env, python)


def test_edits_of_a_lock_with_conflicts(tmp_path, index, env, python):
    """A lock with conflict markers is kept where it still fits; a changed set re-resolves."""
    server, _ = index
    args = ["--index-url", f"{server.url}/main/simple/"]
    uv_dir, lk_dir = make(tmp_path, "extras-and-groups")
    lock_both(uv_dir, lk_dir, args, env, python)
    shutil.copy(uv_dir / "uv.lock", lk_dir / "uv.lock")
    # A new dependency of one extra: the other versions stay where the lock has them.
    for d in (uv_dir, lk_dir):
        text = (d / "pyproject.toml").read_text().replace('new = ["idna>=3.6"]', 'new = ["idna>=3.6", "sniffio"]')
        (d / "pyproject.toml").write_text(text)
    lock_both(uv_dir, lk_dir, args, env, python)
    # One set fewer: the conflicts changed, so both tools resolve from scratch.
    for d in (uv_dir, lk_dir):
        text = (d / "pyproject.toml").read_text().replace('    [{extra = "old"}, {group = "lint"}],\n', "")
        text = text.replace('lint = ["idna==3.7"]', 'lint = ["idna"]')
        (d / "pyproject.toml").write_text(text)
    lock_both(uv_dir, lk_dir, args, env, python)
    cross_check(uv_dir, lk_dir, args, env, python)


def test_edits_of_a_lock_with_package_conflicts(tmp_path, index, env, python):
    """One-line edits of a workspace whose members conflict: both tools change the same lines."""
    server, _ = index
    args = ["--index-url", f"{server.url}/main/simple/"]
    uv_dir, lk_dir = make(tmp_path, "package-conflicts")
    lock_both(uv_dir, lk_dir, args, env, python)
    edits = [
        # A new dependency of one conflicting member.
        ("packages/beta/pyproject.toml", '"idna>=3.6", "packaging"', '"idna>=3.6", "packaging", "attrs"'),
        # A tighter bound in the other.
        ("packages/alpha/pyproject.toml", '"anyio"', '"anyio<4"'),
        # A third member joins the set.
        ("pyproject.toml", '{package = "beta"}]]', '{package = "beta"}, {package = "gamma"}]]'),
    ]
    for path, old, new in edits:
        shutil.copy(uv_dir / "uv.lock", lk_dir / "uv.lock")
        for d in (uv_dir, lk_dir):
            text = (d / path).read_text()
            assert old in text, (path, old)
            (d / path).write_text(text.replace(old, new))
        lock_both(uv_dir, lk_dir, args, env, python)
        cross_check(uv_dir, lk_dir, args, env, python)


def test_exclude_newer(tmp_path, index, env, python):
    """A cutoff between the files of one version: numpy 2.1.0 keeps the one wheel uploaded before
    it, and both tools write the same lock (with the cutoff in `[options]`)."""
    server, _ = index
    args = ["--index-url", f"{server.url}/main/simple/"]
    uv_dir, lk_dir = make(tmp_path, "prerelease-and-markers")
    # The fixture uploads files one second apart from 2024-03-24T00:00:00Z, in name order, every
    # odd one 0.123456 s later: numpy 2.1.0's three wheels are at :30.000, :31.123 and :32.000.
    cutoff = ["--exclude-newer", "2024-03-24T00:00:31Z"]
    lock_both(uv_dir, lk_dir, [*args, *cutoff], env, python)
    lock = (lk_dir / "uv.lock").read_text()
    assert 'exclude-newer = "2024-03-24T00:00:31Z"' in lock
    numpy = lock[lock.index('name = "numpy"\nversion = "2.1.0"'):]
    numpy = numpy.split("\n\n")[0]
    assert numpy.count(".whl") == 1 and "cp311-cp311-manylinux_2_17_x86_64" in numpy, numpy
    cross_check(uv_dir, lk_dir, [*args, *cutoff], env, python)


def test_exclude_newer_on_an_upload_time_leaves_nothing(tmp_path, index, env, python):
    """A cutoff exactly at numpy 2.1.0's first upload excludes that file too: no numpy>=2 is left,
    and both tools fail for that reason."""
    server, _ = index
    args = ["--index-url", f"{server.url}/main/simple/", "--exclude-newer", "2024-03-24T00:00:30Z"]
    uv_dir, lk_dir = make(tmp_path, "prerelease-and-markers")
    uv = run([UV, "lock", "--python", python, *args], uv_dir, env)
    # The same interpreter for lockkit: its failure hints name the active Python version, as uv's do.
    lk = run([LOCK_BIN, "resolve", "--python", python, *args], lk_dir, env)
    assert uv.returncode != 0 and lk.returncode != 0, (uv.stderr, lk.stderr)
    # Compared as words: this environment leaves UV_NO_WRAP unset, so uv wraps its lines.
    theirs, ours = (failure_text.normalise(p.stderr, words=True) for p in (uv, lk))
    assert ours == theirs, (uv.stderr, lk.stderr)
    # The cause: numpy 2.1.0 exists but is newer than the cutoff (uv's exclude-newer hint).
    assert "2.1.0, published at 2024-03-24T00:00:30Z" in theirs, uv.stderr
    assert not (lk_dir / "uv.lock").exists()


def test_direct_url_dependencies(tmp_path, index, env, python):
    """A PEP 508 URL (a wheel) and a `{ url = ... }` source (an sdist), downloaded and hashed."""
    server, _ = index
    files = f"{server.url}/main/files"
    PROJECTS["urls"] = {"pyproject.toml": f"""
[project]
name = "urls"
version = "0.1.0"
requires-python = ">=3.10"
dependencies = ["attrs @ {files}/attrs-23.2.0-py3-none-any.whl", "idna", "anyio"]

[tool.uv.sources]
idna = {{ url = "{files}/idna-3.6.tar.gz" }}
"""}
    try:
        uv_dir, lk_dir = make(tmp_path, "urls")
    finally:
        del PROJECTS["urls"]
    args = ["--index-url", f"{server.url}/main/simple/"]
    lock_both(uv_dir, lk_dir, args, env, python)
    text = (lk_dir / "uv.lock").read_text()
    assert f'source = {{ url = "{files}/attrs-23.2.0-py3-none-any.whl" }}' in text
    cross_check(uv_dir, lk_dir, args, env, python)


def git(args, cwd):
    env = dict(os.environ, GIT_AUTHOR_NAME="t", GIT_AUTHOR_EMAIL="t@example.com", GIT_COMMITTER_NAME="t",
               GIT_COMMITTER_EMAIL="t@example.com", GIT_AUTHOR_DATE="2024-01-01T00:00:00Z",
               GIT_COMMITTER_DATE="2024-01-01T00:00:00Z")
    out = subprocess.run(["git", *args], cwd=cwd, env=env, capture_output=True, text=True, check=True)
    return out.stdout.strip()


def make_git_repository(root: Path) -> dict[str, str]:
    """A repository with a package at the top and one in a subdirectory, a tag, a branch and
    three commits; returns the commits by name."""
    root.mkdir(parents=True)
    git(["init", "-q", "-b", "main"], root)
    files_of({"pyproject.toml": '[project]\nname = "gitpkg"\nversion = "1.0.0"\nrequires-python = ">=3.8"\n'
                                'dependencies = ["sniffio"]\n' + BUILD,
              "sub/pyproject.toml": '[project]\nname = "subpkg"\nversion = "0.5.0"\nrequires-python = ">=3.8"\n'
                                    'dependencies = ["idna<3.7"]\n' + BUILD}, root)
    git(["add", "-A"], root)
    git(["commit", "-q", "-m", "one"], root)
    commits = {"one": git(["rev-parse", "HEAD"], root)}
    git(["tag", "v1"], root)
    (root / "pyproject.toml").write_text((root / "pyproject.toml").read_text().replace('"1.0.0"', '"1.1.0"'))
    git(["commit", "-q", "-am", "two"], root)
    commits["two"] = git(["rev-parse", "HEAD"], root)
    git(["checkout", "-q", "-b", "feature"], root)
    (root / "sub" / "pyproject.toml").write_text((root / "sub" / "pyproject.toml").read_text().replace('"0.5.0"', '"0.6.0"'))
    git(["commit", "-q", "-am", "three"], root)
    commits["three"] = git(["rev-parse", "HEAD"], root)
    git(["checkout", "-q", "main"], root)
    return commits


@pytest.mark.parametrize("reference", ["default", "tag", "branch", "rev", "pep508"])
def test_git_sources(tmp_path, index, env, python, reference):
    """`tool.uv.sources` git with a branch, tag, full rev or nothing, and a subdirectory; a PEP 508
    `git+` reference."""
    server, _ = index
    commits = make_git_repository(tmp_path / "repo")
    repo = (tmp_path / "repo").as_uri()
    top = {"default": "", "tag": ', tag = "v1"', "branch": ', branch = "main"', "rev": f', rev = "{commits["one"]}"',
           "pep508": ""}[reference]
    sub = ', branch = "feature"' if reference != "rev" else f', rev = "{commits["three"]}"'
    gitpkg = f"gitpkg @ git+{repo}@v1" if reference == "pep508" else "gitpkg"
    source = "" if reference == "pep508" else f'gitpkg = {{ git = "{repo}"{top} }}'
    PROJECTS["git"] = {"pyproject.toml": f"""
[project]
name = "uses-git"
version = "0.1.0"
requires-python = ">=3.10"
dependencies = ["{gitpkg}", "subpkg", "anyio"]

[tool.uv.sources]
{source}
subpkg = {{ git = "{repo}", subdirectory = "sub"{sub} }}
"""}
    try:
        uv_dir, lk_dir = make(tmp_path, "git")
    finally:
        del PROJECTS["git"]
    args = ["--index-url", f"{server.url}/main/simple/"]
    lock_both(uv_dir, lk_dir, args, env, python)
    text = (lk_dir / "uv.lock").read_text()
    assert "#" + commits["three"] in text
    cross_check(uv_dir, lk_dir, args, env, python)
    # Offline, from the cache: the same lock.
    (lk_dir / "uv.lock").unlink()
    lk = run([LOCK_BIN, "resolve", "--offline", *args], lk_dir, env)
    assert lk.returncode == 0, lk.stderr
    assert (lk_dir / "uv.lock").read_text() == text
