"""Conformance of `lock fmt` against real uv (the oracle).

Each test writes a small project, builds an offline find-links directory of
wheels/sdists with tests/fixtures/wheelmaker.py, has uv 0.12.5 write uv.lock
(`uv lock --offline --no-index --find-links DIR`), and then checks that
lockkit's `lock fmt` agrees byte for byte with uv's layout:

  * `lock fmt --check uv.lock` exits 0;
  * `lock fmt --stdout uv.lock` reproduces the file exactly.

Further tests damage a uv-written lock (reordering, spacing, CRLF) and check
that `lock fmt --check` notices (exit 1) and `lock fmt` restores uv's bytes,
and that a file with git conflict markers is refused (exit 2) untouched.

Environment:
  LOCKKIT_BUILD_DIR          meson build dir (default: <repo>/build); the binary
                             is $LOCKKIT_BUILD_DIR/tools/lock/lock.
  LOCKKIT_REQUIRE_LOCK=1     fail instead of skip when that binary is missing
                             (also implied by CI=true).
  LOCKKIT_CONFORMANCE_OUT    if set, every uv-written lock is copied there as
                             <test-name>.uv.lock (for inspecting / adding to a corpus).

Nothing here uses the network: uv runs with --offline --no-index and a private
cache; only if uv 0.12.5 is missing is it installed with pip (module skipped if
that fails).

Run:  python3 -m pytest -q tests/conformance
"""

from __future__ import annotations

import difflib
import hashlib
import http.server
import json
import os
import re
import shutil
import subprocess
import sys
import textwrap
import threading
from pathlib import Path

import pytest

from lockkit_build import LOCK_BIN
import uv_oracle
import wheelmaker

UV_VERSION = uv_oracle.UV_VERSION

# --------------------------------------------------------------------------
# Locating uv (installing the pinned version if needed) and lockkit's `lock`.
# --------------------------------------------------------------------------


UV, _UV_SKIP_REASON = uv_oracle.find_uv(install=True)
if UV is None:
    pytest.skip(f"uv {UV_VERSION} unavailable: {_UV_SKIP_REASON}", allow_module_level=True)



@pytest.fixture(scope="session")
def lock_bin() -> Path:
    if not (LOCK_BIN.is_file() and os.access(LOCK_BIN, os.X_OK)):
        msg = f"lockkit binary not built: {LOCK_BIN} (set LOCKKIT_BUILD_DIR or run `ninja -C build`)"
        if os.environ.get("LOCKKIT_REQUIRE_LOCK") == "1" or os.environ.get("CI") == "true":
            pytest.fail(msg)
        pytest.skip(msg)
    return LOCK_BIN


def run_lock(lock_bin: Path, *args: str, cwd: Path | None = None) -> subprocess.CompletedProcess:
    return subprocess.run([str(lock_bin), *map(str, args)], capture_output=True, cwd=cwd, timeout=120)


# --------------------------------------------------------------------------
# The offline package index.
# --------------------------------------------------------------------------

LINUX = "cp{v}-cp{v}-manylinux_2_17_x86_64.manylinux2014_x86_64"
MACOS = "cp{v}-cp{v}-macosx_11_0_arm64"
WIN = "cp{v}-cp{v}-win_amd64"

INDEX = [
    # a small tree with transitive deps
    {"name": "alpha", "version": "1.0", "requires": ["beta>=1.0", "gamma; extra == 'fast'"], "extras": ["fast"]},
    {"name": "alpha", "version": "2.0", "requires": ["beta>=1.1", "delta<3", "gamma>=0.5; extra == 'fast'"],
     "extras": ["fast"], "requires_python": ">=3.8"},
    {"name": "beta", "version": "1.0"},
    {"name": "beta", "version": "1.2", "requires": ["epsilon"]},
    {"name": "gamma", "version": "0.5"},
    {"name": "delta", "version": "2.5", "requires": ["epsilon>=1; python_version < '3.12'"]},
    {"name": "delta", "version": "3.0"},
    {"name": "epsilon", "version": "1.0"},
    {"name": "epsilon", "version": "1.1"},
    # marker-only deps
    {"name": "winonly", "version": "0.9", "requires": ["colorama-ish; sys_platform == 'win32'"]},
    {"name": "colorama-ish", "version": "0.4.6"},
    {"name": "Typing_Backport", "version": "4.12.2"},  # non-normalized name on purpose
    {"name": "richish", "version": "13.0", "requires": ["pygments-ish>=2", "mdurl-ish; extra == 'markdown'",
                                                       "colorama-ish; extra == 'win' and sys_platform == 'win32'"],
     "extras": ["markdown", "win"]},
    {"name": "pygments-ish", "version": "2.18.0"},
    {"name": "mdurl-ish", "version": "0.1.2"},
    # forks: 1.x for old Pythons, 2.x (native, many wheels) for >= 3.11
    {"name": "numpyish", "version": "1.26.4", "requires_python": ">=3.9",
     "tags": [t.format(v=v) for v in ("39", "310") for t in (LINUX, MACOS, WIN)]},
    {"name": "numpyish", "version": "1.26.4", "kind": "sdist", "requires_python": ">=3.9"},
    {"name": "numpyish", "version": "2.1.0", "requires_python": ">=3.11",
     "tags": [t.format(v=v) for v in ("313", "311", "312") for t in (WIN, LINUX, MACOS)]},
    {"name": "numpyish", "version": "2.1.0", "kind": "sdist", "requires_python": ">=3.11"},
    {"name": "scipyish", "version": "1.13.0", "requires": ["numpyish>=1.22"], "requires_python": ">=3.9"},
    # many wheel tags, to pin down uv's wheel order (it sorts parsed tags, not text)
    {"name": "wheelzoo", "version": "1.0", "requires_python": ">=3.9", "kind": "both",
     "tags": ["py2.py3-none-any", "cp312-abi3-manylinux_2_28_aarch64", "cp39-abi3-macosx_10_9_universal2",
              "cp313-cp313t-musllinux_1_2_x86_64", "cp312-cp312-win_arm64", "cp312-cp312-win32",
              "pp310-pypy310_pp73-manylinux_2_17_x86_64", "cp311-cp311-linux_x86_64",
              "cp38-cp38-win_amd64", "cp310-cp310-macosx_14_0_x86_64", "cp310-cp310-macosx_10_12_x86_64",
              "cp312-cp312-manylinux_2_17_x86_64.manylinux2014_x86_64", "cp312-cp312-manylinux_2_5_i686.manylinux1_i686",
              "cp314-cp314-ios_13_0_arm64_iphoneos", "cp313-cp313-android_21_arm64_v8a"]},
    # conflicts
    {"name": "torchish", "version": "1.0"},
    {"name": "torchish", "version": "2.0", "requires": ["alpha>=2"]},
    # sdist-only
    {"name": "srconly", "version": "0.3", "kind": "sdist", "requires": ["beta"], "requires_python": ">=3.8"},
    {"name": "both-kinds", "version": "1.5", "kind": "both", "requires": ["gamma"]},
    # constraints / overrides
    {"name": "legacy", "version": "1.0", "requires": ["epsilon<1.1"]},
    {"name": "pinned", "version": "1.0"},
    {"name": "pinned", "version": "1.1"},
    {"name": "pinned", "version": "1.2"},
]


@pytest.fixture(scope="session")
def index_dir(tmp_path_factory) -> Path:
    d = tmp_path_factory.mktemp("find-links")
    wheelmaker.build_index(d, INDEX)
    return d


@pytest.fixture(scope="session")
def uv_env(tmp_path_factory) -> dict:
    """An environment that keeps uv off the network and away from user config."""
    return uv_oracle.sandbox_env(tmp_path_factory.mktemp("uv-home"))

def uv_lock(project: Path, index_dir: Path, uv_env: dict, *extra: str, absolute: bool = False) -> bytes:
    """Run uv lock in project. The find-links directory is passed relative to the
    project (uv then writes `registry = "../.."` relative to the project and
    artifact paths relative to the registry) unless absolute=True (then uv
    writes the registry and every artifact path absolute)."""
    links = str(index_dir) if absolute else os.path.relpath(index_dir, project)
    cmd = [UV, "lock", "--offline", "--no-index", "--find-links", links, "--python", sys.executable, *extra]
    proc = subprocess.run(cmd, capture_output=True, text=True, env=uv_env, timeout=300, cwd=project)
    if proc.returncode != 0:
        pytest.fail(f"uv lock failed in {project} (exit {proc.returncode}):\n{proc.stderr}")
    lock = project / "uv.lock"
    assert lock.is_file(), f"uv did not write {lock}"
    return lock.read_bytes()


def write_project(root: Path, files: dict[str, str]) -> Path:
    for rel, text in files.items():
        p = root / rel
        p.parent.mkdir(parents=True, exist_ok=True)
        p.write_text(textwrap.dedent(text).lstrip())
    return root


# --------------------------------------------------------------------------
# A loopback PEP 691 (JSON simple API) index, so that uv writes locks shaped
# like real PyPI ones: url, hash, size and upload-time on every artifact.
# It listens on 127.0.0.1 only and serves the find-links directory.
# --------------------------------------------------------------------------


def _index_handler(files_dir: Path):
    by_project: dict[str, list[Path]] = {}
    # Reverse order on purpose: the lock's order must come from uv, not the server.
    for f in sorted(files_dir.iterdir(), reverse=True):
        proj = wheelmaker.normalize(f.name.split("-")[0])
        by_project.setdefault(proj, []).append(f)
    meta = {}
    for i, f in enumerate(sorted(files_dir.iterdir())):
        data = f.read_bytes()
        meta[f.name] = {
            "sha256": hashlib.sha256(data).hexdigest(),
            "size": len(data),
            # distinct, fixed upload times; the fractions (0-6 digits, trailing
            # zeros, sub-millisecond parts) exercise uv's timestamp formatting
            "upload-time": f"2024-0{1 + i % 9}-1{i % 10}T0{i % 10}:{10 + i % 50:02d}:0{i % 10}"
                           + ["", ".5", ".120", ".123456", ".000789", ".9999", ".010"][i % 7] + "Z",
        }

    class Handler(http.server.BaseHTTPRequestHandler):
        def log_message(self, *a):  # keep test output quiet
            pass

        def _send(self, code: int, body: bytes, ctype: str) -> None:
            self.send_response(code)
            self.send_header("Content-Type", ctype)
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            if self.command != "HEAD":
                self.wfile.write(body)

        def do_HEAD(self):
            self.do_GET()

        def do_GET(self):
            host = self.headers.get("Host")
            parts = [p for p in self.path.split("?")[0].split("/") if p]
            if len(parts) == 2 and parts[0] == "simple":
                proj = wheelmaker.normalize(parts[1])
                if proj not in by_project:
                    return self._send(404, b"not found", "text/plain")
                files = [{
                    "filename": f.name,
                    "url": f"http://{host}/files/{f.name}",
                    "hashes": {"sha256": meta[f.name]["sha256"]},
                    "size": meta[f.name]["size"],
                    "upload-time": meta[f.name]["upload-time"],
                } for f in by_project[proj]]
                body = json.dumps({"meta": {"api-version": "1.1"}, "name": proj, "files": files}).encode()
                return self._send(200, body, "application/vnd.pypi.simple.v1+json")
            if len(parts) == 2 and parts[0] == "files" and (files_dir / parts[1]).is_file():
                return self._send(200, (files_dir / parts[1]).read_bytes(), "application/octet-stream")
            return self._send(404, b"not found", "text/plain")

    return Handler


@pytest.fixture(scope="session")
def http_index(index_dir):
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), _index_handler(index_dir))
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}/simple"
    finally:
        server.shutdown()
        server.server_close()


def uv_lock_http(project: Path, index_url: str, uv_env: dict) -> bytes:
    env = {k: v for k, v in uv_env.items() if k != "UV_OFFLINE"}
    uv_oracle.without_proxies(env)
    cmd = [UV, "lock", "--default-index", index_url, "--python", sys.executable]
    proc = subprocess.run(cmd, capture_output=True, text=True, env=env, timeout=300, cwd=project)
    if proc.returncode != 0:
        pytest.fail(f"uv lock (loopback index) failed in {project} (exit {proc.returncode}):\n{proc.stderr}")
    return (project / "uv.lock").read_bytes()


# --------------------------------------------------------------------------
# Byte comparison helpers.
# --------------------------------------------------------------------------


def first_diff(expected: bytes, actual: bytes, context: int = 3, limit: int = 60) -> str:
    """A unified diff (repr'd lines, so CR and trailing spaces show) of the first differences."""
    e = expected.decode("utf-8", "replace").splitlines(keepends=True)
    a = actual.decode("utf-8", "replace").splitlines(keepends=True)
    lines = list(difflib.unified_diff([repr(x) + "\n" for x in e], [repr(x) + "\n" for x in a],
                                      "uv (expected)", "lockkit (actual)", n=context))
    if not lines:
        return f"(no line difference; lengths {len(expected)} vs {len(actual)})"
    more = f"\n... {len(lines) - limit} more diff lines" if len(lines) > limit else ""
    return "".join(lines[:limit]) + more


def first_diff_line(expected: bytes, actual: bytes) -> int:
    e, a = expected.split(b"\n"), actual.split(b"\n")
    for i, (x, y) in enumerate(zip(e, a), start=1):
        if x != y:
            return i
    return min(len(e), len(a)) + 1


def assert_canonical(lock_bin: Path, lock: Path) -> None:
    original = lock.read_bytes()
    check = run_lock(lock_bin, "fmt", "--check", lock)
    out = run_lock(lock_bin, "fmt", "--stdout", lock)
    assert lock.read_bytes() == original, "`lock fmt --check/--stdout` modified the file"
    problems = []
    if out.returncode != 0:
        problems.append(f"`lock fmt --stdout` exited {out.returncode}: {out.stderr.decode(errors='replace')}")
    elif out.stdout != original:
        problems.append("`lock fmt --stdout` differs from uv's bytes:\n" + first_diff(original, out.stdout))
    if check.returncode != 0:
        problems.append(f"`lock fmt --check` exited {check.returncode} on a uv-written lock "
                        f"(expected 0): {check.stderr.decode(errors='replace')}")
    assert not problems, "\n\n".join(problems)


def save_artifact(name: str, data: bytes) -> None:
    out = os.environ.get("LOCKKIT_CONFORMANCE_OUT")
    if out:
        Path(out).mkdir(parents=True, exist_ok=True)
        (Path(out) / f"{name}.uv.lock").write_bytes(data)


# --------------------------------------------------------------------------
# The projects.
# --------------------------------------------------------------------------

BUILD_SYSTEM = """
[build-system]
requires = ["uv_build>=0.8,<0.13"]
build-backend = "uv_build"
"""


def proj_basic(root: Path, idx: Path) -> None:
    write_project(root, {"pyproject.toml": """
        [project]
        name = "basic"
        version = "0.1.0"
        requires-python = ">=3.9"
        dependencies = ["alpha>=1", "gamma==0.5", "Typing_Backport"]
    """ + BUILD_SYSTEM, "src/basic/__init__.py": ""})


def proj_markers_extras(root: Path, idx: Path) -> None:
    write_project(root, {"pyproject.toml": """
        [project]
        name = "markers-extras"
        version = "1.0.0"
        requires-python = ">=3.9"
        dependencies = [
            "alpha[fast]>=2",
            "winonly ; sys_platform == 'win32'",
            "typing-backport>=4 ; python_version < '3.12'",
            "richish[markdown,win]",
            "epsilon ; platform_machine == 'x86_64' and sys_platform == 'linux'",
        ]
    """})


def proj_groups(root: Path, idx: Path) -> None:
    write_project(root, {"pyproject.toml": """
        [project]
        name = "groups"
        version = "0.2.0"
        requires-python = ">=3.10"
        dependencies = ["beta"]

        [project.optional-dependencies]
        docs = ["pygments-ish>=2", "mdurl-ish"]
        speed = ["alpha[fast]"]
        empty-extra = []

        [dependency-groups]
        dev = ["gamma", "delta<3"]
        empty = []
        lint = ["richish"]
        all = [{include-group = "dev"}, {include-group = "lint"}, "epsilon"]

        [tool.uv]
        default-groups = ["dev"]
    """ + BUILD_SYSTEM, "src/groups/__init__.py": ""})


def proj_forks(root: Path, idx: Path) -> None:
    write_project(root, {"pyproject.toml": """
        [project]
        name = "forks"
        version = "0.1.0"
        requires-python = ">=3.9"
        dependencies = [
            "numpyish>=2 ; python_version >= '3.11'",
            "numpyish<2 ; python_version < '3.11'",
            "scipyish",
            "delta ; python_version >= '3.12'",
            "delta<3 ; python_version < '3.12'",
        ]
    """})


def proj_wheel_tags(root: Path, idx: Path) -> None:
    write_project(root, {"pyproject.toml": """
        [project]
        name = "wheel-tags"
        version = "0.1.0"
        requires-python = ">=3.9"
        dependencies = ["wheelzoo", "numpyish"]
    """})


def proj_environments(root: Path, idx: Path) -> None:
    write_project(root, {"pyproject.toml": """
        [project]
        name = "environments"
        version = "0.1.0"
        requires-python = ">=3.10"
        dependencies = ["wheelzoo", "numpyish", "winonly ; sys_platform == 'win32'", "richish[win]"]

        [tool.uv]
        environments = ["sys_platform == 'linux'", "sys_platform == 'darwin' and platform_machine == 'arm64'"]
        required-environments = ["sys_platform == 'linux' and platform_machine == 'x86_64'"]
    """})


# Many requirements on one package that differ only in their markers (and, with no
# marker, in their specifiers): uv writes each list in the order of its `Ord` on
# requirements, whose last keys compare markers as decision diagrams. Build
# constraints do not fork the resolution, so they carry the widest mix of marker
# kinds: versions, strings (ordered and not), `in` and contains tests, PEP 751
# lists, extras, complements, the always-false marker, `platform_system` rewrites.
MARKER_ORDER_CONSTRAINTS = [
    "sys_platform == 'linux'", "sys_platform != 'linux'", "python_version < '3.10'",
    "python_version >= '3.12'", "python_version != '3.10'", "python_full_version == '3.9.*'",
    "implementation_version > '3.9'", "os_name in 'posix nt'", "platform_machine in 'x86_64 aarch64'",
    "implementation_name not in 'pypy'", "'linux' in sys_platform", "'x' in platform_version",
    "'SMP' not in platform_version", "platform_release >= '5'", "platform_release < '5' or platform_release >= '6'",
    "platform_machine == 'x86_64' or platform_machine == 'aarch64'",
    "implementation_name == 'cpython' and python_version < '3.11'",
    "python_full_version >= '3.9.1' and python_full_version < '3.9.5'", "os_name == 'nt'",
    "os_name == 'nt' and sys_platform == 'linux'", "platform_system == 'Windows'", "platform_system == 'FreeBSD'",
    "platform_version < '2'", "extra == 'x'", "extra != 'x'", "extra == 'y' or extra == 'x'",
    "(os_name == 'nt' and extra == 'a') or extra == 'b'", "sys_platform != 'linux' and python_version < '3.12'",
    "sys_platform == 'linux' or python_version >= '3.12'", "sys_platform == 'darwin' and platform_machine == 'arm64'",
    "sys_platform == 'darwin' and platform_machine != 'arm64'", "'x' in extras", "'dev' in dependency_groups",
    "'dev' not in dependency_groups", "python_version < '0'",
]


def proj_marker_order(root: Path, idx: Path) -> None:
    constraints = [f"gamma>=0.1 ; {m}" for m in MARKER_ORDER_CONSTRAINTS]
    constraints += ["gamma>=0.2", "gamma<5", "gamma==0.*", "gamma~=0.5", "gamma~=0.5.0", "gamma!=0.4",
                    "gamma>=0.1,<3", "gamma[x]>=0.1", "gamma[x,y]>=0.1 ; sys_platform == 'linux'"]
    listed = "".join(f"    {json.dumps(c)},\n" for c in constraints)
    write_project(root, {"pyproject.toml": """
        [project]
        name = "marker-order"
        version = "0.1.0"
        requires-python = ">=3.9"
        dependencies = [
            "epsilon ; sys_platform == 'linux'",
            "epsilon ; sys_platform != 'linux' and python_version < '3.12'",
            "gamma",
        ]

        [project.optional-dependencies]
        x = ["gamma ; sys_platform == 'win32'", "gamma ; python_version >= '3.10'"]

        [dependency-groups]
        dev = ["beta ; os_name == 'nt'", "beta ; platform_machine == 'x86_64'", "beta"]

        [tool.uv]
    """ + "build-constraint-dependencies = [\n" + listed + "]\n"})


def proj_git(root: Path, idx: Path) -> None:
    if not shutil.which("git"):
        pytest.skip("git not installed")
    repo = root.parent / "gitpkg"
    write_project(repo, {"pyproject.toml": """
        [project]
        name = "gitpkg"
        version = "0.4.0"
        dependencies = ["gamma"]
    """ + BUILD_SYSTEM, "src/gitpkg/__init__.py": ""})
    env = dict(os.environ, GIT_AUTHOR_NAME="t", GIT_AUTHOR_EMAIL="t@example.com", GIT_COMMITTER_NAME="t",
               GIT_COMMITTER_EMAIL="t@example.com", GIT_AUTHOR_DATE="2020-01-01T00:00:00Z",
               GIT_COMMITTER_DATE="2020-01-01T00:00:00Z", GIT_CONFIG_NOSYSTEM="1", HOME=str(root.parent))
    for cmd in (["init", "-q", "-b", "main"], ["add", "-A"], ["commit", "-q", "-m", "init"], ["tag", "v0.4.0"]):
        subprocess.run(["git", *cmd], cwd=repo, env=env, check=True, capture_output=True)
    write_project(root, {"pyproject.toml": f"""
        [project]
        name = "git-source"
        version = "0.1.0"
        requires-python = ">=3.9"
        dependencies = ["gitpkg", "gamma"]

        [tool.uv.sources]
        gitpkg = {{ git = "{repo.as_uri()}", tag = "v0.4.0" }}
    """})


def proj_workspace(root: Path, idx: Path) -> None:
    write_project(root, {
        "pyproject.toml": """
            [project]
            name = "ws-root"
            version = "0.1.0"
            requires-python = ">=3.9"
            dependencies = ["member-a", "member-b[extra1]", "outside"]

            [tool.uv.sources]
            member-a = { workspace = true }
            member-b = { workspace = true }
            outside = { path = "../outside", editable = true }

            [tool.uv.workspace]
            members = ["packages/*"]
        """ + BUILD_SYSTEM,
        "src/ws_root/__init__.py": "",
        "packages/member-a/pyproject.toml": """
            [project]
            name = "member-a"
            version = "1.0.0"
            requires-python = ">=3.9"
            dependencies = ["alpha", "member-b"]

            [tool.uv.sources]
            member-b = { workspace = true }
        """ + BUILD_SYSTEM,
        "packages/member-a/src/member_a/__init__.py": "",
        "packages/member-b/pyproject.toml": """
            [project]
            name = "member-b"
            version = "2.0.0"
            requires-python = ">=3.9"
            dependencies = ["beta"]

            [project.optional-dependencies]
            extra1 = ["gamma"]

            [dependency-groups]
            test = ["epsilon"]
        """ + BUILD_SYSTEM,
        "packages/member-b/src/member_b/__init__.py": "",
        "../outside/pyproject.toml": """
            [project]
            name = "outside"
            version = "0.0.1"
            dependencies = ["delta"]
        """ + BUILD_SYSTEM,
        "../outside/src/outside/__init__.py": "",
    })


def proj_virtual(root: Path, idx: Path) -> None:
    write_project(root, {"pyproject.toml": """
        [project]
        name = "virtual-app"
        version = "0.0.0"
        requires-python = ">=3.11"
        dependencies = ["alpha<2", "richish"]

        [dependency-groups]
        dev = ["gamma"]

        [tool.uv]
        package = false
    """})


def proj_conflicts(root: Path, idx: Path) -> None:
    write_project(root, {"pyproject.toml": """
        [project]
        name = "conflicts"
        version = "0.1.0"
        requires-python = ">=3.9"
        dependencies = ["beta"]

        [project.optional-dependencies]
        old = ["torchish==1.0"]
        new = ["torchish==2.0"]

        [dependency-groups]
        g1 = ["pinned==1.0"]
        g2 = ["pinned==1.2"]

        [tool.uv]
        conflicts = [
            [{ extra = "old" }, { extra = "new" }],
            [{ group = "g1" }, { group = "g2" }],
        ]
    """})


def proj_sdist_only(root: Path, idx: Path) -> None:
    write_project(root, {"pyproject.toml": """
        [project]
        name = "sdist-only"
        version = "0.1.0"
        requires-python = ">=3.9"
        dependencies = ["srconly", "both-kinds"]
    """})


def proj_constraints_overrides(root: Path, idx: Path) -> None:
    write_project(root, {"pyproject.toml": """
        [project]
        name = "constraints"
        version = "0.1.0"
        requires-python = ">=3.9"
        dependencies = ["legacy", "pinned", "alpha"]

        [tool.uv]
        constraint-dependencies = ["pinned<1.2", "beta!=1.2"]
        override-dependencies = ["epsilon>=1.1", "delta==2.5 ; python_version < '3.13'"]
    """})


def proj_direct_path(root: Path, idx: Path) -> None:
    wheels = root / "wheels"
    wheelmaker.make_wheel(wheels, "localwheel", "3.1.4", requires_dist=["beta"])
    wheelmaker.make_sdist(wheels, "localsdist", "0.2", requires_dist=["gamma"])
    url = (wheels / "localwheel-3.1.4-py3-none-any.whl").as_uri()
    write_project(root, {"pyproject.toml": f"""
        [project]
        name = "direct-path"
        version = "0.1.0"
        requires-python = ">=3.9"
        dependencies = ["localwheel @ {url}", "localsdist", "gamma"]

        [tool.uv.sources]
        localsdist = {{ path = "wheels/localsdist-0.2.tar.gz" }}
    """})


PROJECTS = {
    "basic": proj_basic,
    "basic-absolute-find-links": proj_basic,
    "markers-extras": proj_markers_extras,
    "groups": proj_groups,
    "forks": proj_forks,
    "workspace": proj_workspace,
    "virtual": proj_virtual,
    "conflicts": proj_conflicts,
    "sdist-only": proj_sdist_only,
    "constraints-overrides": proj_constraints_overrides,
    "direct-path": proj_direct_path,
    "wheel-tags": proj_wheel_tags,
    "environments": proj_environments,
    "git-source": proj_git,
    "marker-order": proj_marker_order,
}

# What each project's lock must show, so a test cannot pass on a lock that
# silently lost the feature it is meant to exercise.
EXPECT = {
    "basic": [b'source = { editable = "." }', b'name = "typing-backport"', b'registry = "../../find-links'],
    "basic-absolute-find-links": [b'source = { registry = "/', b'{ path = "/'],
    "markers-extras": [b"sys_platform == 'win32'", b'extra = ["fast"]', b"[package.optional-dependencies]"],
    "groups": [b"[package.dev-dependencies]", b"[package.metadata.requires-dev]", b"empty = []",
               b'provides-extras = ["docs", "speed", "empty-extra"]'],
    "forks": [b"resolution-markers = [", b'version = "1.26.4"', b'version = "2.1.0"'],
    "workspace": [b"[manifest]", b"members = [", b'source = { editable = "../outside" }'],
    "virtual": [b'source = { virtual = "." }'],
    "conflicts": [b"conflicts = [", b'version = "1.0"', b'version = "2.0"'],
    "sdist-only": [b'sdist = { path = "srconly-0.3.tar.gz" }'],
    "constraints-overrides": [b"constraints = [", b"overrides = ["],
    "direct-path": [b"source = { path = ", b"localwheel"],
    "wheel-tags": [b"wheelzoo-1.0-py2.py3-none-any.whl", b"pypy310_pp73"],
    "environments": [b"supported-markers = [", b"required-markers = ["],
    "git-source": [b'source = { git = "file://'],
    "marker-order": [b"build-constraints = [", b"[package.metadata.requires-dev]",
                     b"marker = \"'dev' in dependency_groups\"", b"marker = \"python_version < '0'\""],
}


# Projects also locked against the loopback HTTP index (name + "-http").
HTTP_PROJECTS = ["basic", "forks", "wheel-tags", "sdist-only", "conflicts"]
for _n in HTTP_PROJECTS:
    EXPECT[_n + "-http"] = [b'source = { registry = "http://127.0.0.1:', b'hash = "sha256:', b"size = ",
                            b"upload-time = "]


@pytest.fixture(scope="module")
def uv_locks(tmp_path_factory, index_dir, uv_env, request) -> dict:
    """Lazily lock each project once per module; cache keyed by project name."""
    cache: dict[str, Path] = {}

    def get(name: str) -> Path:
        if name not in cache:
            base = tmp_path_factory.mktemp(name)
            root = base / "proj"
            root.mkdir()
            if name.endswith("-http"):
                PROJECTS[name[: -len("-http")]](root, index_dir)
                uv_lock_http(root, request.getfixturevalue("http_index"), uv_env)
            else:
                PROJECTS[name](root, index_dir)
                uv_lock(root, index_dir, uv_env, absolute=name.endswith("-absolute-find-links"))
            cache[name] = root / "uv.lock"
            save_artifact(name, cache[name].read_bytes())
        return cache[name]

    return get


# --------------------------------------------------------------------------
# Tests.
# --------------------------------------------------------------------------


ALL_LOCKS = list(PROJECTS) + [n + "-http" for n in HTTP_PROJECTS]


@pytest.mark.parametrize("name", ALL_LOCKS)
def test_uv_writes_expected_features(name, uv_locks):
    """Sanity check of the fixtures themselves (needs only uv, not lockkit)."""
    data = uv_locks(name).read_bytes()
    missing = [m.decode() for m in EXPECT[name] if m not in data]
    assert not missing, f"uv lock for {name!r} lacks {missing}:\n{data.decode()}"


@pytest.mark.parametrize("name", ALL_LOCKS)
def test_fmt_is_identity_on_uv_lock(name, uv_locks, lock_bin):
    assert_canonical(lock_bin, uv_locks(name))


@pytest.mark.parametrize("name", ["basic", "workspace"])
def test_fmt_in_place_keeps_canonical_file(name, uv_locks, lock_bin, tmp_path):
    original = uv_locks(name).read_bytes()
    f = tmp_path / "uv.lock"
    f.write_bytes(original)
    r = run_lock(lock_bin, "fmt", f)
    assert r.returncode == 0, r.stderr.decode(errors="replace")
    assert f.read_bytes() == original, first_diff(original, f.read_bytes())


# ---- non-canonical edits -------------------------------------------------


def _split_packages(text: str) -> tuple[str, list[str]]:
    parts = re.split(r"(?m)^(?=\[\[package\]\]\n)", text)
    return parts[0], parts[1:]


def edit_reorder_packages(text: str) -> str:
    head, pkgs = _split_packages(text)
    assert len(pkgs) >= 3
    pkgs = [p if p.endswith("\n\n") else p + "\n" for p in pkgs]
    out = head + "".join(reversed(pkgs))
    return out.rstrip("\n") + "\n"


def edit_extra_spaces(text: str) -> str:
    text = text.replace('name = "', 'name  =   "', 3)
    text = text.replace("{ name = ", "{  name = ", 1)
    text = re.sub(r'(?m)^(version = "[^"]*")$', r"\1   ", text, count=1)
    return text


def edit_crlf(text: str) -> str:
    return text.replace("\n", "\r\n")


def edit_dependency_order(text: str) -> str:
    # swap the first two entries of the first multi-entry dependencies array
    m = re.search(r"(?m)^dependencies = \[\n(    \{[^\n]*\},\n)(    \{[^\n]*\},\n)", text)
    assert m, "no dependencies array with two entries"
    return text[: m.start(1)] + m.group(2) + m.group(1) + text[m.end(2):]


def edit_blank_lines(text: str) -> str:
    return text.replace("\n\n[[package]]\n", "\n\n\n[[package]]\n", 2).rstrip("\n") + "\n\n"


EDITS = {
    "reorder-packages": edit_reorder_packages,
    "extra-spaces": edit_extra_spaces,
    "crlf": edit_crlf,
    "dependency-order": edit_dependency_order,
    "blank-lines": edit_blank_lines,
}


@pytest.mark.parametrize("edit", list(EDITS))
@pytest.mark.parametrize("name", ["markers-extras", "forks-http"])
def test_fmt_restores_uv_bytes(name, edit, uv_locks, lock_bin, tmp_path):
    original = uv_locks(name).read_bytes()
    damaged = EDITS[edit](original.decode()).encode()
    assert damaged != original
    f = tmp_path / "uv.lock"
    f.write_bytes(damaged)

    check = run_lock(lock_bin, "fmt", "--check", f)
    assert check.returncode == 1, (
        f"`lock fmt --check` on a non-canonical file ({edit}) exited {check.returncode}, expected 1; "
        f"stderr: {check.stderr.decode(errors='replace')}")
    assert f.read_bytes() == damaged, "`lock fmt --check` modified the file"
    err = check.stderr.decode(errors="replace")
    line = first_diff_line(original, damaged)
    line_text = damaged.split(b"\n")[line - 1].decode(errors="replace").strip()
    assert re.search(rf"\b{line}\b", err) or (line_text and line_text in err), (
        f"`lock fmt --check` should name the first differing line ({line}: {line_text!r}); stderr was: {err!r}")

    out = run_lock(lock_bin, "fmt", "--stdout", f)
    assert out.returncode == 0, out.stderr.decode(errors="replace")
    assert out.stdout == original, "`lock fmt --stdout` did not restore uv's bytes:\n" + first_diff(original, out.stdout)
    assert f.read_bytes() == damaged, "`lock fmt --stdout` modified the file"

    r = run_lock(lock_bin, "fmt", f)
    assert r.returncode == 0, r.stderr.decode(errors="replace")
    assert f.read_bytes() == original, "`lock fmt` did not restore uv's bytes:\n" + first_diff(original, f.read_bytes())
    again = run_lock(lock_bin, "fmt", "--check", f)
    assert again.returncode == 0, again.stderr.decode(errors="replace")


# ---- ties broken by markers ------------------------------------------------


def edit_reverse_entry_lists(text: str) -> str:
    """Reverses every multi-line array of inline tables except `wheels` (whose
    order uv takes from the index): dependency edges, requirement lists,
    groups, build constraints. Entries that agree on everything but their
    marker are then in the wrong order, and only uv's marker order restores them."""
    lines = text.split("\n")
    out: list[str] = []
    i = 0
    while i < len(lines):
        out.append(lines[i])
        m = re.match(r"^([A-Za-z0-9_.-]+) = \[$", lines[i])
        if m and m.group(1) != "wheels":
            j = i + 1
            while lines[j] != "]":
                j += 1
            items = lines[i + 1:j]
            out.extend(reversed(items) if all(x.startswith("    {") for x in items) else items)
            out.append("]")
            i = j + 1
            continue
        i += 1
    return "\n".join(out)


@pytest.mark.parametrize("name", ["marker-order", "forks", "groups", "conflicts", "environments", "markers-extras"])
def test_fmt_restores_uv_marker_order(name, uv_locks, lock_bin, tmp_path):
    original = uv_locks(name).read_bytes()
    damaged = edit_reverse_entry_lists(original.decode()).encode()
    assert damaged != original
    f = tmp_path / "uv.lock"
    f.write_bytes(damaged)
    out = run_lock(lock_bin, "fmt", "--stdout", f)
    assert out.returncode == 0, out.stderr.decode(errors="replace")
    assert out.stdout == original, "`lock fmt --stdout` did not restore uv's order:\n" + first_diff(original, out.stdout)


# ---- refusals ------------------------------------------------------------


def with_conflict_markers(text: str) -> str:
    head, pkgs = _split_packages(text)
    victim = pkgs[0]
    ours = victim
    theirs = re.sub(r'(?m)^version = "([^"]*)"$', r'version = "\g<1>.post1"', victim, count=1)
    block = f"<<<<<<< HEAD\n{ours}=======\n{theirs}>>>>>>> feature-branch\n"
    return head + block + "".join(pkgs[1:])


@pytest.mark.parametrize("mode", [[], ["--check"], ["--stdout"]])
def test_fmt_refuses_conflict_markers(mode, uv_locks, lock_bin, tmp_path):
    original = uv_locks("basic").read_bytes()
    conflicted = with_conflict_markers(original.decode()).encode()
    f = tmp_path / "uv.lock"
    f.write_bytes(conflicted)
    before = os.stat(f)
    r = run_lock(lock_bin, "fmt", *mode, f)
    err = r.stderr.decode(errors="replace")
    assert r.returncode == 2, f"`lock fmt {' '.join(mode)}` on conflict markers exited {r.returncode}, expected 2: {err}"
    assert "merge conflict markers" in err, f"stderr should say 'merge conflict markers': {err!r}"
    assert f.read_bytes() == conflicted, "file with conflict markers was modified"
    assert os.stat(f).st_ino == before.st_ino, "file with conflict markers was replaced"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["uv.lock"], "temporary files left behind"
    if mode == ["--stdout"]:
        assert r.stdout == b"", "nothing should be written to stdout on error"


def test_fmt_check_exit_2_on_unparsable(lock_bin, tmp_path):
    f = tmp_path / "uv.lock"
    f.write_bytes(b'version = 1\nrevision = 3\n[[package]\nname = "x"\n')
    r = run_lock(lock_bin, "fmt", "--check", f)
    assert r.returncode == 2, r.stderr.decode(errors="replace")
    r = run_lock(lock_bin, "fmt", f)
    assert r.returncode == 2, r.stderr.decode(errors="replace")
    assert f.read_bytes() == b'version = 1\nrevision = 3\n[[package]\nname = "x"\n'


def test_fmt_check_exit_2_on_missing_file(lock_bin, tmp_path):
    r = run_lock(lock_bin, "fmt", "--check", tmp_path / "nope" / "uv.lock")
    assert r.returncode == 2
