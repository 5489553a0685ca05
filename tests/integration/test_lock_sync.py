"""`lock sync` judged by real uv 0.12.5.

A small package index runs on the loopback interface (tests/fixtures/local_index.py)
with wheels made by tests/fixtures/wheelmaker.py: entry points, a `#!python` script,
`.data` headers and data files, a platform wheel beside a pure one, a path wheel and
a direct URL wheel. Real uv locks a project against it. Then, with the same
interpreter, `uv sync --frozen` and `lock sync --frozen` each install into `.venv`
(one after the other, so launchers carry the same paths) and the environments must
hold the same distributions, the same files with the same hashes (RECORD row for
RECORD row), the same entry points and the same direct_url.json; `lock-verify --venv`
must be clean on both, the packages must import, and pip must see a consistent
environment. Further tests tamper, kill, and feed hostile wheels.

Two deliberate differences are checked rather than ignored: INSTALLER says `lockkit`
(uv writes `uv`), and uv's private `uv_cache.json` is not written.

Nothing here leaves the machine. uv 0.12.5 is looked up but never installed; without
it the module is skipped.
"""

from __future__ import annotations

import hashlib
import json
import os
import re
import shutil
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
BUILD = Path(os.environ.get("LOCKKIT_BUILD_DIR") or ROOT / "build").resolve()
LOCK = BUILD / "tools" / "lock" / "lock"
VERIFY = BUILD / "tools" / "lock-verify" / "lock-verify"
sys.path.insert(0, str(ROOT / "tests" / "fixtures"))
import local_index  # noqa: E402
from env_snapshot import assert_same_installs, snapshot  # noqa: E402
import uv_oracle  # noqa: E402
from terminal import run_with_terminal_stderr  # noqa: E402
import wheelmaker  # noqa: E402
from sync_project import Project  # noqa: E402

UV, _UV_SKIP = uv_oracle.find_uv()
PYTHON = os.path.realpath(sys.executable)
PYVER = f"{sys.version_info[0]}.{sys.version_info[1]}"
CP = f"cp{sys.version_info[0]}{sys.version_info[1]}"
pytestmark = [
    pytest.mark.skipif(UV is None, reason=_UV_SKIP),
    pytest.mark.skipif(not LOCK.exists(), reason=f"{LOCK} not built (set LOCKKIT_BUILD_DIR)"),
]
NO_PROXY = uv_oracle.LOOPBACK_NO_PROXY


# ---------------------------------------------------------------------------
# The index and the project

ALPHA_FILES = {
    "alpha/cli.py": b"def main():\n    print('alpha-cli ran')\n    return 0\n",
    "alpha/sub.py": b"def run():\n    return 0\n",
    "alpha-1.0.data/scripts/alpha-tool": b"#!python\nprint('alpha-tool ran')\n",
    "alpha-1.0.data/scripts/plain-tool": b"#!/bin/sh\necho plain\n",
    "alpha-1.0.data/data/share/alpha/alpha.txt": b"data file\n",
    "alpha-1.0.data/headers/alpha.h": b"int alpha;\n",
    "alpha-1.0.dist-info/entry_points.txt": (
        b"[console_scripts]\nalpha-cli = alpha.cli:main\n\n[gui_scripts]\nalpha-gui = alpha.sub:run [extra]\n"
    ),
}


def make_index(folder: Path) -> None:
    wheelmaker.make_wheel(folder, "alpha", "1.0", requires_dist=["beta>=1"], extra_files=ALPHA_FILES)
    wheelmaker.make_wheel(folder, "beta", "1.0")
    wheelmaker.make_wheel(folder, "beta", "2.0")
    wheelmaker.make_wheel(folder, "gamma", "0.5")
    wheelmaker.make_wheel(folder, "delta", "3.1")
    wheelmaker.make_wheel(folder, "stranger", "1.0")
    # A platform wheel beside a pure one: the interpreter's own tag must win.
    wheelmaker.make_wheel(folder, "native", "1.0", extra_files={"native/kind.py": b"KIND = 'pure'\n"})
    wheelmaker.make_wheel(folder, "native", "1.0", tag=f"{CP}-{CP}-manylinux_2_17_x86_64",
                          extra_files={"native/kind.py": b"KIND = 'platform'\n"})
    wheelmaker.make_wheel(folder, "urly", "1.0")
    wheelmaker.make_wheel(folder, "winonly", "1.0")


@pytest.fixture(scope="module")
def index(tmp_path_factory):
    folder = tmp_path_factory.mktemp("index")
    make_index(folder)
    served = local_index.LocalIndex(folder)
    yield served
    served.close()


PYPROJECT = """
[project]
name = "proj"
version = "0.1.0"
requires-python = ">=3.9"
dependencies = ["alpha", "native; sys_platform == 'linux'", "pathy", "urly", "winonly; sys_platform == 'win32'"]

[project.optional-dependencies]
fast = ["delta"]

[dependency-groups]
dev = ["gamma"]

[tool.uv.sources]
pathy = {{ path = "wheels/pathy-1.0-py3-none-any.whl" }}
urly = {{ url = "{urly}" }}
"""


def new_project(root: Path, index, home: Path, pyproject: str | None = None) -> Project:
    root.mkdir(parents=True)
    (root / "wheels").mkdir()
    wheelmaker.make_wheel(root / "wheels", "pathy", "1.0")
    text = pyproject if pyproject is not None else PYPROJECT.format(urly=index.direct("urly-1.0-py3-none-any.whl"))
    (root / "pyproject.toml").write_text(textwrap.dedent(text).lstrip())
    p = Project(root, index, home)
    p.lock()
    return p


@pytest.fixture
def project(tmp_path, index) -> Project:
    return new_project(tmp_path / "proj", index, tmp_path / "home")


VERIFY_FLAGS = {"--all-extras": "--venv-all-extras", "--no-dev": "--venv-no-group dev", "--extra": "--venv-extra",
                "--only-group": "--venv-only-group", "--no-install-package": "--venv-no-install-package",
                "--all-groups": "--venv-all-groups", "--group": "--venv-group"}


def verify_flags(selection) -> list[str]:
    """lock sync's selection options as lock-verify --venv spells them."""
    out = []
    for arg in selection:
        out.extend(VERIFY_FLAGS.get(arg, arg).split())
    return out


def assert_consistent(p: Project, *selection: str) -> None:
    """lock-verify --venv clean, every recorded file as RECORD says, imports work,
    pip sees the distributions and a consistent environment."""
    r = p.verify(*verify_flags(selection))
    assert r.returncode == 0, r.stdout + r.stderr
    snap = snapshot(p.venv)
    for dist in snap.values():
        for path, digest in dist["files"].items():
            row = next(r for r in dist["record"] if r[0] == path)
            if row[1]:
                assert digest == row[1], f"{path}: {digest} != {row[1]}"
    if "--no-install-package" not in selection:  # leaving a dependency out is meant to break this
        pip = subprocess.run([sys.executable, "-m", "pip", "--python", str(p.venv / "bin" / "python"), "check"],
                             capture_output=True, text=True, timeout=120)
        assert pip.returncode == 0 and "No broken requirements found" in pip.stdout, pip.stdout + pip.stderr
    listed = subprocess.run([sys.executable, "-m", "pip", "--python", str(p.venv / "bin" / "python"), "list",
                             "--format", "json"], capture_output=True, text=True, timeout=120)
    assert listed.returncode == 0, listed.stderr
    names = {d["name"] for d in json.loads(listed.stdout)}
    assert {d.split("-")[0] for d in snap} == {n.replace("-", "_") for n in names}


def differential(p: Project, *selection: str) -> tuple[dict, dict]:
    """uv sync then lock sync of the same selection into the same .venv path."""
    shutil.rmtree(p.venv, ignore_errors=True)
    p.uv_sync(*selection)
    uv_snap = snapshot(p.venv)
    assert_consistent(p, *selection)
    shutil.rmtree(p.venv)
    p.lock_sync("--frozen", *selection)
    ours = snapshot(p.venv)
    assert_consistent(p, *selection)
    assert_same_installs(ours, uv_snap)
    return uv_snap, ours


# ---------------------------------------------------------------------------


def test_same_environment_as_uv(project):
    uv_snap, ours = differential(project)
    assert set(ours) == {"alpha-1.0.dist-info", "beta-2.0.dist-info", "gamma-0.5.dist-info",
                         "native-1.0.dist-info", "pathy-1.0.dist-info", "urly-1.0.dist-info"}
    # The sources that are no index's record where they came from, exactly as uv does.
    assert json.loads(ours["urly-1.0.dist-info"]["direct_url"]) == {
        "url": project.index.direct("urly-1.0-py3-none-any.whl"), "archive_info": {}}
    pathy = (project.root / "wheels" / "pathy-1.0-py3-none-any.whl").resolve()
    assert json.loads(ours["pathy-1.0.dist-info"]["direct_url"]) == {"url": pathy.as_uri(), "archive_info": {}}
    assert ours["alpha-1.0.dist-info"]["direct_url"] is None
    # Scripts, data and headers went where uv puts them, and run.
    site = project.site
    assert (project.venv / "share" / "alpha" / "alpha.txt").read_bytes() == b"data file\n"
    assert (project.venv / "include" / "site" / f"python{PYVER}" / "alpha" / "alpha.h").exists()
    assert (project.venv / "bin" / "alpha-tool").read_text().startswith(f"#!{project.venv}/bin/python\n")
    for script in ("alpha-cli", "alpha-tool"):
        run = subprocess.run([str(project.venv / "bin" / script)], capture_output=True, text=True, timeout=60)
        assert run.returncode == 0 and f"{script} ran" in run.stdout, run.stderr
    assert subprocess.run([str(project.venv / "bin" / "plain-tool")], capture_output=True, text=True).stdout == "plain\n"
    imported = project.python("import alpha, beta, gamma, native.kind, pathy, urly; print(native.kind.KIND)")
    assert imported.returncode == 0, imported.stderr
    assert imported.stdout.strip() == "platform"
    meta = project.python("import importlib.metadata as m; print(m.version('beta'), m.distribution('urly').read_text('INSTALLER'))")
    assert meta.stdout.split() == ["2.0", "lockkit"]
    assert not (site / "_virtualenv.pth").exists()


@pytest.mark.parametrize("selection", [
    ("--all-extras", "--no-dev"),
    ("--only-group", "dev"),
    ("--extra", "fast", "--no-install-package", "beta"),
])
def test_same_selection_as_uv(project, selection):
    differential(project, *selection)


def test_noop_sync_and_check(project):
    project.lock_sync("--frozen")
    again = project.lock_sync("--frozen")
    assert re.search(r"Audited 6 packages in \d+ ms", again.stderr), again.stderr
    assert project.lock_sync("--frozen", "--check").returncode == 0
    # Another selection would change it: --check says so with exit 1 and changes nothing.
    before = snapshot(project.venv)
    check = project.lock_sync("--frozen", "--check", "--no-dev", check=False)
    assert check.returncode == 1, check.stderr
    assert " - gamma==0.5" in check.stderr and "out of date" in check.stderr
    dry = project.lock_sync("--frozen", "--dry-run", "--all-extras")
    assert dry.stdout == " + delta==3.1\n"
    assert snapshot(project.venv) == before


def test_tampered_file_is_found_and_repaired(project):
    project.lock_sync("--frozen", "--link-mode", "hardlink")
    target = project.site / "beta" / "__init__.py"
    original = target.read_bytes()
    assert target.stat().st_nlink > 1  # a hard link into the cache
    with open(target, "ab") as f:  # edits the cache's copy too, through the link
        f.write(b"import os  # injected\n")
    r = project.verify()
    assert r.returncode == 1 and "venv-record-mismatch" in r.stdout and "beta/__init__.py" in r.stdout
    # A plain sync trusts what it installed, as uv does; --verify-files looks at every file.
    assert project.lock_sync("--frozen", "--check").returncode == 0
    assert project.lock_sync("--frozen", "--check", "--verify-files", check=False).returncode == 1
    fixed = project.lock_sync("--frozen", "--link-mode", "hardlink", "--verify-files")
    assert "beta==2.0 (lib/python" in fixed.stderr and "beta/__init__.py was modified" in fixed.stderr
    assert target.read_bytes() == original
    assert project.verify().returncode == 0
    # The cache was healed too: a new environment gets the original file.
    other = project.root / "other-venv"
    project.lock_sync("--frozen", "--link-mode", "hardlink", "--venv", str(other))
    assert (other / "lib" / f"python{PYVER}" / "site-packages" / "beta" / "__init__.py").read_bytes() == original


def test_deleted_file_and_deleted_record_are_repaired(project):
    project.lock_sync("--frozen")
    (project.site / "gamma" / "__init__.py").unlink()
    (project.site / "urly-1.0.dist-info" / "RECORD").unlink()
    fixed = project.lock_sync("--frozen", "--verify-files")
    assert "gamma" in fixed.stderr and "urly" in fixed.stderr
    assert_consistent(project)


def test_exact_removes_and_inexact_keeps_extraneous(project):
    project.lock_sync("--frozen")
    project.uv("pip", "install", "--python", str(project.venv / "bin" / "python"), "--default-index",
               project.index.simple, "stranger")
    assert (project.site / "stranger").exists()
    kept = project.lock_sync("--frozen", "--inexact")
    assert "Audited" in kept.stderr and (project.site / "stranger").exists()
    removed = project.lock_sync("--frozen")
    assert "Uninstalled 1 package" in removed.stderr and " - stranger==1.0" in removed.stderr
    assert not (project.site / "stranger").exists() and not list(project.site.glob("stranger*"))
    assert_consistent(project)


def test_version_change_and_uv_environment_taken_over(project):
    project.uv_sync()
    # lock sync takes over uv's environment: nothing to do (files checked by hash once).
    first = project.lock_sync("--frozen")
    assert "Audited 6 packages" in first.stderr, first.stderr
    pyproject = project.root / "pyproject.toml"
    pyproject.write_text(pyproject.read_text().replace('"alpha",', '"alpha", "beta<2",'))
    project.lock()
    changed = project.lock_sync("--locked", env={"UV_DEFAULT_INDEX": project.index.simple})
    assert " - beta==2.0" in changed.stderr and " + beta==1.0" in changed.stderr
    assert_consistent(project)


def test_stale_lock(project):
    pyproject = project.root / "pyproject.toml"
    pyproject.write_text(pyproject.read_text().replace('"alpha",', '"alpha", "delta",'))
    lock_file = project.root / "uv.lock"
    before = lock_file.read_bytes()
    index = {"UV_DEFAULT_INDEX": project.index.simple}
    locked = project.lock_sync("--locked", check=False, env=index)
    assert locked.returncode == 1  # as `uv sync --locked`
    assert locked.stderr.startswith("error: The lockfile at `uv.lock` needs to be updated, but `--locked` was provided.\n")
    assert "hint:" in locked.stderr
    assert lock_file.read_bytes() == before and not project.venv.exists()
    # A dry run resolves without writing, and plans with the new lock.
    dry = project.lock_sync("--dry-run", env=index)
    assert "Would update uv.lock" in dry.stderr and "+ delta==" in dry.stdout, dry.stderr + dry.stdout
    assert lock_file.read_bytes() == before and not project.venv.exists()
    # By default the lock is re-resolved and written, then installed, as `uv sync` does.
    default = project.lock_sync(env=index)
    assert "Updated uv.lock" in default.stderr, default.stderr
    assert list(project.site.glob("delta-*.dist-info")), default.stderr
    ours = lock_file.read_bytes()
    assert ours != before
    project.lock()  # uv finds nothing to change in the lock lockkit wrote
    assert lock_file.read_bytes() == ours
    assert_consistent(project)
    project.lock_sync("--frozen")  # --frozen does not look


def test_hash_mismatches_install_nothing(project):
    project.lock_sync("--frozen", "--no-dev", "--no-install-package", "pathy")
    before = snapshot(project.venv)
    # A path wheel replaced after locking.
    wheel = project.root / "wheels" / "pathy-1.0-py3-none-any.whl"
    good = wheel.read_bytes()
    wheelmaker.make_wheel(project.root / "elsewhere", "pathy", "1.0", summary="tampered")
    wheel.write_bytes((project.root / "elsewhere" / wheel.name).read_bytes())
    r = project.lock_sync("--frozen", check=False)
    assert r.returncode == 2
    actual = hashlib.sha256(wheel.read_bytes()).hexdigest()
    expected = hashlib.sha256(good).hexdigest()
    assert f"{wheel}` (pathy==1.0) has hash sha256:{actual}, but the lock expects sha256:{expected}" in r.stderr
    assert "nothing was installed" in r.stderr
    assert snapshot(project.venv) == before  # gamma (the dev group) was not installed either
    wheel.write_bytes(good)
    # A download that does not match: the index serves other bytes for urly.
    shutil.rmtree(project.venv)
    project.index.swap("urly-1.0-py3-none-any.whl", b"PK\x05\x06" + b"\0" * 18)
    try:
        # A new cache: the one above already holds urly, unpacked, and would not download it.
        r = project.lock_sync("--frozen", "--cache-dir", str(project.root / "fresh-cache"), check=False)
    finally:
        project.index.swap("urly-1.0-py3-none-any.whl", None)
    assert r.returncode == 2
    assert re.search(r"`urly-1\.0-py3-none-any\.whl` \(urly==1\.0\) downloaded from http://127\.0\.0\.1:\d+/direct/"
                     r"urly-1\.0-py3-none-any\.whl has hash sha256:[0-9a-f]{64}, but the lock expects sha256:[0-9a-f]{64}",
                     r.stderr), r.stderr
    assert not project.venv.exists()


def test_interpreter_choice_and_errors(project):
    r = project.lock_sync("--frozen", "--python", "3.99", check=False)
    assert r.returncode == 2
    assert "no Python interpreter found for Python 3.99 (from --python) and requires-python `>=3.9`; looked at:" \
        in r.stderr
    assert "hint: lockkit downloads no interpreters" in r.stderr
    (project.root / ".python-version").write_text("3.98\n")
    env = {"PATH": os.environ.get("PATH", "")}
    r = subprocess.run([str(LOCK), "sync", "--frozen", "--cache-dir", str(project.cache)], capture_output=True,
                       text=True, cwd=project.root, env={**os.environ, **NO_PROXY, **env}, timeout=120)
    assert r.returncode == 2 and "Python 3.98 (from " in r.stderr and ".python-version" in r.stderr
    (project.root / ".python-version").unlink()
    # A folder that is not an environment is never taken over.
    project.venv.mkdir()
    (project.venv / "precious.txt").write_text("keep me")
    r = project.lock_sync("--frozen", check=False)
    assert r.returncode == 2 and "is not a virtual environment" in r.stderr
    assert (project.venv / "precious.txt").read_text() == "keep me"


def other_interpreter() -> str | None:
    """Another CPython 3.9+ on this machine (not the one running the tests), if any."""
    for candidate in sorted(Path.home().glob(".pyenv/versions/3.*/bin/python3"), reverse=True):
        real = os.path.realpath(candidate)
        if real != PYTHON and re.search(r"versions/3\.(9|1\d)\.", str(candidate)):
            return str(candidate)
    return None


@pytest.mark.skipif(other_interpreter() is None, reason="needs a second CPython 3.9+ (pyenv)")
def test_environment_recreated_when_interpreter_changes(project):
    project.lock_sync("--frozen")
    other = other_interpreter()
    r = project.lock_sync("--frozen", "--python", other)
    assert "Recreating virtual environment at: .venv" in r.stderr, r.stderr
    version = subprocess.run([str(project.venv / "bin" / "python"), "-c", "import sys; print(sys.version_info[:2])"],
                             capture_output=True, text=True).stdout
    assert version != str(sys.version_info[:2])
    r = project.verify()
    assert r.returncode == 0, r.stdout + r.stderr


def two_pyenv_interpreters() -> tuple[Path, Path] | None:
    """Two pyenv CPython 3.10+ folders of different minor versions (the first one on PATH wins)."""
    found = {}
    for candidate in sorted(Path.home().glob(".pyenv/versions/3.1*/bin/python3"), reverse=True):
        m = re.search(r"versions/(3\.\d+)\.", str(candidate))
        if m and m.group(1) not in found:
            found[m.group(1)] = candidate.parent
    bins = list(found.values())
    return (bins[0], bins[1]) if len(bins) >= 2 else None


def version_file_project(root: Path, requires_python: str, interpreters, **extra) -> dict:
    """Project `q` (no dependencies) in root/proj, and the environment both tools run it in:
    the given interpreter folders first on PATH, the user's uv folder in root/config, and
    UV_NO_CONFIG only when `extra` sets it."""
    (root / "proj").mkdir(parents=True)
    (root / "proj" / "pyproject.toml").write_text(
        f'[project]\nname = "q"\nversion = "0.1.0"\nrequires-python = "{requires_python}"\ndependencies = []\n')
    path = ":".join(str(d) for d in interpreters)
    env = uv_oracle.sandbox_env(root / "home", XDG_CONFIG_HOME=str(root / "config"),
                                PATH=f"{path}:/usr/bin:/bin", **NO_PROXY, **extra)
    if "UV_NO_CONFIG" not in extra:
        del env["UV_NO_CONFIG"]
    env.pop("UV_PROJECT_ENVIRONMENT", None)
    return env


def sync_command(tool: str, root: Path) -> list[str]:
    """`uv sync --frozen`, or lock sync's with its cache beside uv's."""
    if tool == "uv":
        return [UV, "sync", "--frozen"]
    return [str(LOCK), "sync", "--frozen", "--cache-dir", str(root / "home" / "lockkit-cache")]


def venv_python_version(root: Path) -> str:
    """`X.Y` of the Python in root/proj/.venv."""
    return subprocess.run([str(root / "proj" / ".venv" / "bin" / "python"), "-c",
                           "import sys; print('%d.%d' % sys.version_info[:2])"],
                          capture_output=True, text=True).stdout.strip()


@pytest.mark.skipif(two_pyenv_interpreters() is None, reason="needs two CPython 3.10+ of different versions (pyenv)")
def test_python_version_files_read_as_uv_sync_reads_them(tmp_path):
    """Which `.python-version` `uv sync` obeys (uv 0.12.5): the project's, or else the global one
    in the user's uv folder (when it fits requires-python); none above the project, and none
    under UV_NO_CONFIG. Both tools make the environment; its Python must be the same."""
    first, second = two_pyenv_interpreters()
    wanted = re.search(r"versions/(3\.\d+)\.", str(second)).group(1)
    cases = [
        ({"proj/.python-version": wanted}, {}),
        ({"proj/.python-version": wanted}, {"UV_NO_CONFIG": "1"}),
        ({".python-version": wanted}, {}),                                   # above the project: not read
        ({"config/uv/.python-version": wanted}, {}),                         # the global pin
        ({"config/uv/.python-version": wanted}, {"UV_NO_CONFIG": "1"}),
        ({"config/uv/.python-version": "3.8"}, {}),                          # outside requires-python: skipped
        ({"proj/.python-versions": f"{wanted}\n3.99"}, {}),                  # the plural file: its first line
    ]
    for i, (files, extra) in enumerate(cases):
        versions = {}
        for tool in ("uv", "lockkit"):
            root = tmp_path / str(i) / tool
            env = version_file_project(root, ">=3.10", (first, second), **extra)
            for rel, text in files.items():
                (root / rel).parent.mkdir(parents=True, exist_ok=True)
                (root / rel).write_text(text + "\n")
            lock = subprocess.run([UV, "lock"], cwd=root / "proj", env=env, capture_output=True, text=True, timeout=120)
            assert lock.returncode == 0, lock.stderr
            r = subprocess.run(sync_command(tool, root), cwd=root / "proj", env=env, capture_output=True, text=True,
                               timeout=300)
            assert r.returncode == 0, (files, extra, r.stderr)
            versions[tool] = venv_python_version(root)
        assert versions["lockkit"] == versions["uv"], (files, extra)


@pytest.mark.skipif(two_pyenv_interpreters() is None, reason="needs two CPython 3.10+ of different versions (pyenv)")
@pytest.mark.parametrize("name", [".python-version", ".python-versions"])
def test_a_global_pin_outside_requires_python(tmp_path, name):
    """uv 0.12.5 skips a global pin outside requires-python only when it is the user's
    `.python-version` (PythonVersionFile::is_global): a global `.python-versions` is obeyed, and
    `uv sync` then fails on the interpreter it names. lock sync does the same."""
    first, second = two_pyenv_interpreters()
    newer = re.search(r"versions/(3\.\d+)\.", str(first)).group(1)
    older = re.search(r"versions/(3\.\d+)\.", str(second)).group(1)
    results = {}
    for tool in ("uv", "lockkit"):
        root = tmp_path / tool
        env = version_file_project(root, f">={newer}", (first, second))
        lock = subprocess.run([UV, "lock", "--python", str(first / "python3")], cwd=root / "proj", env=env,
                              capture_output=True, text=True, timeout=120)
        assert lock.returncode == 0, lock.stderr
        (root / "config" / "uv").mkdir(parents=True)
        (root / "config" / "uv" / name).write_text(older + "\n")
        results[tool] = subprocess.run(sync_command(tool, root), cwd=root / "proj", env=env, capture_output=True, text=True, timeout=300)
    u, k = results["uv"], results["lockkit"]
    if name == ".python-version":
        assert u.returncode == 0, u.stderr
        assert k.returncode == 0, k.stderr
    else:
        assert u.returncode == 2, u.stderr
        assert "incompatible with the project's Python requirement" in u.stderr, u.stderr
        assert k.returncode != 0, k.stderr
        assert name in k.stderr, k.stderr
        assert not (tmp_path / "lockkit" / "proj" / ".venv").exists()


@pytest.mark.skipif(two_pyenv_interpreters() is None, reason="needs two CPython 3.10+ of different versions (pyenv)")
@pytest.mark.parametrize("where", ["proj/.python-version", "config/uv/.python-version"])
def test_version_file_lines_uv_cannot_use_are_skipped_with_its_warning(tmp_path, where):
    """uv 0.12.5 reads every line of a version file; one it takes as an executable's name (a
    name, or a form it cannot read such as `3.x`) is skipped with a warning, and the first
    other request is used. lock sync does the same, with uv's warnings, for the project's file
    and the global pin."""
    first, second = two_pyenv_interpreters()
    wanted = re.search(r"versions/(3\.\d+)\.", str(second)).group(1)
    outcome = {}
    for tool in ("uv", "lockkit"):
        root = tmp_path / tool
        env = version_file_project(root, ">=3.10", (first, second))
        lock = subprocess.run([UV, "lock", "--python", str(first / "python3")], cwd=root / "proj", env=env,
                              capture_output=True, text=True, timeout=120)
        assert lock.returncode == 0, lock.stderr
        (root / where).parent.mkdir(parents=True, exist_ok=True)
        (root / where).write_text(f"foo\n3.x\n# a comment\n{wanted}\nbar\n")
        r = subprocess.run(sync_command(tool, root), cwd=root / "proj", env=env, capture_output=True, text=True,
                           timeout=300)
        assert r.returncode == 0, r.stderr
        version = venv_python_version(root)
        warnings = [line.replace(str(root), "[ROOT]") for line in r.stderr.splitlines()
                    if line.startswith("warning: Ignoring unsupported Python request")]
        outcome[tool] = (version, warnings)
    assert outcome["uv"][0] == wanted
    assert len(outcome["uv"][1]) == 3, outcome
    assert outcome["lockkit"] == outcome["uv"]


def test_venv_matches_python_m_venv(tmp_path, index):
    """Without uv: the environment lock sync creates has what `python -m venv
    --without-pip` creates (same layout, same pyvenv.cfg keys, same activate scripts
    up to paths)."""
    p = new_project(tmp_path / "proj", index, tmp_path / "home")
    p.lock_sync("--frozen", "--no-install-workspace", "--venv", "envdir")
    subprocess.run([PYTHON, "-m", "venv", "--without-pip", str(tmp_path / "envdir")], check=True)
    ours, theirs = p.root / "envdir", tmp_path / "envdir"

    def layout(root: Path) -> set[str]:
        skip = ("site-packages/", ".lockkit", ".gitignore", "bin/alpha", "bin/plain-tool")
        return {str(f.relative_to(root)) for f in root.rglob("*")
                if not any(s in str(f.relative_to(root)) for s in skip)}

    theirs_layout = layout(theirs)
    assert {x for x in layout(ours) if "site-packages" not in x} >= {x for x in theirs_layout if "site-packages" not in x}
    cfg = lambda root: dict(line.split(" = ", 1) for line in (root / "pyvenv.cfg").read_text().splitlines())
    ours_cfg, theirs_cfg = cfg(ours), cfg(theirs)
    for key in ("home", "include-system-site-packages", "version", "executable"):
        assert ours_cfg[key] == theirs_cfg[key], key
    for script in ("activate", "activate.csh", "activate.fish"):
        assert (ours / "bin" / script).read_text() == (theirs / "bin" / script).read_text().replace(str(theirs), str(ours))
    assert os.readlink(ours / "bin" / "python3") == os.readlink(theirs / "bin" / "python3")
    r = subprocess.run([str(ours / "bin" / "python"), "-c", "import sys; print(sys.prefix)"], capture_output=True,
                       text=True)
    assert r.stdout.strip() == str(ours)


def test_link_modes_and_bytecode(project):
    project.lock_sync("--frozen", "--link-mode", "copy", "--compile-bytecode")
    init = project.site / "alpha" / "__init__.py"
    assert init.stat().st_nlink == 1
    assert list((project.site / "alpha" / "__pycache__").glob("__init__.*.pyc"))
    assert project.verify().returncode == 0
    shutil.rmtree(project.venv)
    project.lock_sync("--frozen", "--link-mode", "hardlink")
    assert init.stat().st_nlink > 1
    assert not (project.site / "alpha" / "__pycache__").exists()
    # uv's option parser's words (uv sync --link-mode wormhole says the same, then its usage).
    r = project.lock_sync("--frozen", "--link-mode", "wormhole", check=False)
    assert r.returncode == 2 and r.stderr == ("error: invalid value 'wormhole' for '--link-mode <LINK_MODE>'\n"
                                              "  [possible values: clone, copy, hardlink, symlink]\n"), r.stderr


def test_progress_on_a_terminal_only(project):
    proc, tty_err = run_with_terminal_stderr(
        [str(LOCK), "sync", "--frozen", "--python", PYTHON, "--cache-dir", str(project.cache)],
        cwd=project.root, timeout=300, env={**os.environ, **NO_PROXY})
    assert proc.returncode == 0, tty_err
    assert "Installing 6/6" in tty_err and "\r\x1b[K" in tty_err
    assert re.search(r"Installed 6 packages in \d+ ms", tty_err)
    shutil.rmtree(project.venv)
    piped = project.lock_sync("--frozen")
    assert "\x1b" not in piped.stderr and "Installing" not in piped.stderr
    assert re.search(r"Installed 6 packages in \d+ ms", piped.stderr)


def test_lock_alone_resolves_then_syncs(project):
    """`lock` with no subcommand: the main job (re-resolve the stale lock, then install)."""
    pyproject = project.root / "pyproject.toml"
    pyproject.write_text(pyproject.read_text().replace('"alpha",', '"alpha", "delta",'))
    env = {**os.environ, **NO_PROXY, "UV_DEFAULT_INDEX": project.index.simple, "UV_PYTHON": PYTHON,
           "LOCKKIT_CACHE_DIR": str(project.cache)}
    env.pop("UV_PROJECT_ENVIRONMENT", None)
    proc = subprocess.run([str(LOCK)], capture_output=True, text=True, cwd=project.root, env=env, timeout=300)
    assert proc.returncode == 0, proc.stderr
    assert "Updated uv.lock" in proc.stderr and "Installed" in proc.stderr, proc.stderr
    assert list(project.site.glob("delta-*.dist-info")) and list(project.site.glob("alpha-*.dist-info"))
    again = subprocess.run([str(LOCK)], capture_output=True, text=True, cwd=project.root, env=env, timeout=300)
    assert again.returncode == 0 and "Updated uv.lock" not in again.stderr and "Audited" in again.stderr, again.stderr
    assert_consistent(project)


def test_boolean_variables_read_as_uv_sync_reads_them(tmp_path):
    """`uv sync` 0.12.5 reads its boolean variables as clap's booleans (y, yes, t, true, on, 1 and
    n, no, f, false, off, 0 in any case): UV_COMPILE_BYTECODE as its `--compile-bytecode`, the
    resolver's UV_NO_BUILD as `--no-build`, and the environment's own (UV_OFFLINE, UV_NO_PROGRESS,
    ...) for every command, even with --frozen. Any other value, an empty one too, stops it
    (exit 2) before the environment is made, in uv's words; lock sync does the same. A good value
    is taken: compiling leaves the site-packages' `__pycache__` behind, `0` does not compile."""
    flag = "invalid value '{value}' for '{flag}': value was not a boolean"
    env_own = "Failed to parse environment variable `{name}` with invalid value `{value}`: expected a boolish value"
    bad = [
        ("UV_COMPILE_BYTECODE", "maybe", flag.format(value="maybe", flag="--compile-bytecode")),
        ("UV_COMPILE_BYTECODE", "", flag.format(value="", flag="--compile-bytecode")),
        ("UV_NO_BUILD", "2", flag.format(value="2", flag="--no-build")),
        ("UV_NO_PROGRESS", "", env_own.format(name="UV_NO_PROGRESS", value="")),
        ("UV_OFFLINE", "maybe", env_own.format(name="UV_OFFLINE", value="maybe")),
    ]
    python_dir = Path(os.path.realpath(sys.executable)).parent
    for i, (name, value, wording) in enumerate(bad):
        for tool in ("uv", "lockkit"):
            root = tmp_path / f"bad{i}" / tool
            env = version_file_project(root, ">=3.8", (python_dir,), UV_NO_CONFIG="1")
            lock = subprocess.run([UV, "lock"], cwd=root / "proj", env=env, capture_output=True, text=True, timeout=120)
            assert lock.returncode == 0, lock.stderr
            r = subprocess.run(sync_command(tool, root), cwd=root / "proj", env={**env, name: value},
                               capture_output=True, text=True, timeout=300)
            assert r.returncode == 2, (tool, name, value, r.stderr)
            expected = f"error: {wording}\n" if tool == "uv" else f"error: {name}: {wording}\n"
            assert r.stderr.startswith(expected), (tool, r.stderr)
            assert not (root / "proj" / ".venv").exists()
    wheel = wheelmaker.make_wheel(tmp_path / "wheels", "foo", "1.0")
    for value, compiled in (("Yes", True), ("T", True), ("0", False), ("off", False)):
        for tool in ("uv", "lockkit"):
            root = tmp_path / f"good-{value}" / tool
            env = version_file_project(root, ">=3.8", (python_dir,), UV_NO_CONFIG="1")
            project = root / "proj" / "pyproject.toml"
            project.write_text(project.read_text().replace("dependencies = []", 'dependencies = ["foo"]') +
                               f'\n[tool.uv.sources]\nfoo = {{ path = "{wheel}" }}\n')
            lock = subprocess.run([UV, "lock"], cwd=root / "proj", env=env, capture_output=True, text=True, timeout=120)
            assert lock.returncode == 0, lock.stderr
            r = subprocess.run(sync_command(tool, root), cwd=root / "proj",
                               env={**env, "UV_COMPILE_BYTECODE": value, "UV_NO_PROGRESS": value},
                               capture_output=True, text=True, timeout=300)
            assert r.returncode == 0, (tool, value, r.stderr)
            caches = list((root / "proj" / ".venv").glob("lib/python3*/site-packages/foo/__pycache__/*.pyc"))
            assert bool(caches) == compiled, (tool, value, caches)
