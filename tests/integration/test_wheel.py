"""lockkit installed from its wheel the way users install it: `pip install` into a
fresh virtual environment, and `uv tool install` (with real uv 0.12.5). The
programs run with PATH holding only that environment's bin and the system's, HOME
in a temporary directory, no LD_LIBRARY_PATH, from a directory outside the
checkout: no build tree, no -dev package is used (LD_DEBUG shows which shared
objects a run loads; everything outside the manylinux policy must come from the
wheel). The wheel is built once per run by scripts/wheel.sh
(tests/fixtures/lockkit_wheel.py; LOCKKIT_WHEEL=<path> reuses one).
"""

import hashlib
import http.server
import json
import os
import shutil
import subprocess
import sys
import threading
import zipfile
from dataclasses import dataclass
from functools import partial
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT / "tests" / "fixtures"))
import lockkit_wheel  # noqa: E402
import uv_oracle  # noqa: E402

EXAMPLE = ROOT / "examples" / "hello"
PROGRAMS = ["lock", "lock-diff", "lock-verify", "lock-merge"]


@dataclass
class Install:
    how: str
    bin: Path  # the directory the installer put on PATH
    prefix: Path  # the environment holding site-packages

    def run(self, home: Path, *args, cwd: Path, **extra) -> subprocess.CompletedProcess:
        return subprocess.run([str(a) for a in args], cwd=cwd, env=lockkit_wheel.clean_env(home, self.bin, **extra),
                              capture_output=True, text=True, timeout=300)

    def metadata_version(self) -> str:
        code = "import importlib.metadata as m; print(m.version('lockkit'))"
        return subprocess.run([str(self.prefix / "bin" / "python"), "-c", code], capture_output=True, text=True,
                              check=True, env=lockkit_wheel.clean_env(self.prefix)).stdout.strip()


@pytest.fixture(scope="module")
def wheel():
    return lockkit_wheel.built_wheel()


def uv_tool_install(wheel: Path, home: Path, requirement: str | None = None) -> Install:
    uv, why_not = uv_oracle.find_uv()
    if uv is None:
        pytest.skip(why_not)
    links = home / "links"
    links.mkdir(parents=True, exist_ok=True)
    shutil.copy(wheel, links)
    env = uv_oracle.sandbox_env(home, UV_TOOL_BIN_DIR=str(home / "bin"))
    # From a find-links directory, as from an index: `uv tool upgrade` looks there again.
    proc = subprocess.run([uv, "tool", "install", requirement or "lockkit", "--no-index", "--find-links", str(links)],
                          env=env, capture_output=True, text=True)
    assert proc.returncode == 0, proc.stderr
    return Install("uv tool", home / "bin", home / "tools" / "lockkit")


@pytest.fixture(scope="module")
def pip_venv(wheel, tmp_path_factory):
    venv = tmp_path_factory.mktemp("pip") / "venv"
    subprocess.run([sys.executable, "-m", "venv", str(venv)], check=True)
    proc = subprocess.run([str(venv / "bin" / "python"), "-m", "pip", "install", "--no-index", "--quiet", str(wheel)],
                          capture_output=True, text=True, env=lockkit_wheel.clean_env(venv.parent))
    assert proc.returncode == 0, proc.stderr
    return Install("pip", venv / "bin", venv)


@pytest.fixture(scope="module")
def uv_tool(wheel, tmp_path_factory):
    return uv_tool_install(wheel, tmp_path_factory.mktemp("uv-tool"))


@pytest.fixture(params=["pip", "uv tool"])
def installed(request):
    return request.getfixturevalue("pip_venv" if request.param == "pip" else "uv_tool")


def test_auditwheel_report_kept_and_clean(wheel):
    assert "-manylinux_" in wheel.name and wheel.name.startswith(f"lockkit-{lockkit_wheel.project_version()}-py3-none-")
    report = Path(f"{wheel}.auditwheel.txt").read_text()
    assert 'is consistent with\nthe following platform tag: "manylinux_' in report, report
    show = json.loads(Path(f"{wheel}.auditwheel.json").read_text())
    assert show["overall_tag"].startswith("manylinux_")
    assert show["external_libs"] == {}, "libraries outside the manylinux policy: " + ", ".join(show["external_libs"])


def test_programs_are_native_not_python_shims(wheel):
    # auditwheel turns a program that needs a library outside the policy into a
    # Python script that execs it: tens of milliseconds at every start.
    with zipfile.ZipFile(wheel) as z:
        scripts = {Path(n).name: z.read(n) for n in z.namelist() if "/scripts/" in n and not n.endswith("/")}
        assert set(scripts) == set(PROGRAMS) | {"lock-verify-hook", "lock-fmt-hook"}
        for name in PROGRAMS:
            assert scripts[name][:4] == b"\x7fELF", f"{name} is not the program itself"
        assert {Path(n).name for n in z.namelist() if n.startswith(".lockkit.mesonpy.libs/")} >= {
            "lockkit-libgit2.so", "lockkit-libcurl.so"}
        grafted = [Path(n).name for n in z.namelist() if n.startswith("lockkit.libs/")]
        assert any(n.startswith("libgit2-") for n in grafted) and any(n.startswith("libcurl-") for n in grafted)


def test_version_is_the_project_version(installed, tmp_path):
    version = lockkit_wheel.project_version()
    for program in PROGRAMS:
        r = installed.run(tmp_path, program, "--version", cwd=tmp_path)
        assert r.returncode == 0, r.stderr
        assert r.stdout.strip().endswith(f"(lockkit) {version}"), r.stdout
    assert installed.metadata_version() == version


def project(tmp_path: Path, lock: str = "uv.lock") -> Path:
    work = tmp_path / "project"
    work.mkdir(parents=True)
    shutil.copy(EXAMPLE / "pyproject.toml", work / "pyproject.toml")
    shutil.copy(EXAMPLE / lock, work / "uv.lock")
    return work


def test_fmt_and_verify(installed, tmp_path):
    good = project(tmp_path)
    r = installed.run(tmp_path, "lock", "fmt", "--check", "uv.lock", cwd=good)
    assert r.returncode == 0, r.stderr
    r = installed.run(tmp_path, "lock-verify", cwd=good)
    assert r.returncode == 0, r.stdout + r.stderr
    # The pre-commit hook scripts are installed beside the programs and use them.
    assert installed.run(tmp_path, "lock-verify-hook", "uv.lock", cwd=good).returncode == 0
    assert installed.run(tmp_path, "lock-fmt-hook", "uv.lock", cwd=good).returncode == 0

    hand_edited = project(tmp_path / "hand", "uv.hand-edited.lock")
    r = installed.run(tmp_path, "lock", "fmt", "--check", "uv.lock", cwd=hand_edited)
    assert r.returncode == 1 and "canonical layout" in r.stderr, r.stderr
    assert installed.run(tmp_path, "lock-fmt-hook", "uv.lock", cwd=hand_edited).returncode == 1

    text = (good / "uv.lock").read_text()
    (good / "uv.lock").write_text(text.replace('name = "anyio"\nversion = "4.9.0"', 'name = "anyio"\nversion = "4.9.1"'))
    r = installed.run(tmp_path, "lock-verify", cwd=good)
    assert r.returncode == 1 and "filename-mismatch" in r.stdout + r.stderr, r.stdout + r.stderr


def lock_text(packages: dict) -> str:
    """A small lock: an editable root `app` depending on every package of {name: version}."""
    out = 'version = 1\nrevision = 3\nrequires-python = ">=3.12"\n'
    for name, version in sorted([("app", "0.1.0"), *packages.items()]):
        out += f'\n[[package]]\nname = "{name}"\nversion = "{version}"\n'
        if name == "app":
            out += 'source = { editable = "." }\n'
            out += "dependencies = [\n" + "".join(f'    {{ name = "{d}" }},\n' for d in sorted(packages)) + "]\n"
        else:
            digest = hashlib.sha256((name + version).encode()).hexdigest()
            out += 'source = { registry = "https://pypi.org/simple" }\n'
            out += (f'sdist = {{ url = "https://files.example/{name}-{version}.tar.gz", '
                    f'hash = "sha256:{digest}", size = 10 }}\n')
    return out


def merge_repo(installed: Install, tmp_path: Path) -> tuple[Path, callable]:
    """A repository with the driver installed by `lock-merge install --local` and
    two branches that change different packages."""
    work = tmp_path / "repo"
    work.mkdir()

    def git(*args):
        r = installed.run(tmp_path, "git", *args, cwd=work)
        assert r.returncode == 0, f"git {' '.join(args)}: {r.stdout}{r.stderr}"
        return r

    git("init", "-q", "-b", "main")
    r = installed.run(tmp_path, "lock-merge", "install", "--local", cwd=work)
    assert r.returncode == 0, r.stderr
    assert "warning" not in r.stderr, r.stderr
    (work / "uv.lock").write_text(lock_text({"a": "1.0", "b": "1.0"}))
    git("add", "uv.lock")
    git("commit", "-q", "-m", "base")
    for name, packages in (("add-c", {"a": "1.0", "b": "1.0", "c": "2.0"}), ("bump-a", {"a": "1.1", "b": "1.0"})):
        git("checkout", "-q", "-b", name, "main")
        (work / "uv.lock").write_text(lock_text(packages))
        git("commit", "-q", "-am", name)
    git("checkout", "-q", "add-c")
    return work, git


def test_git_merge_through_the_installed_driver(installed, tmp_path):
    work, git = merge_repo(installed, tmp_path)
    # git is given the program as the installer put it on PATH (for uv tool, its link).
    driver = git("config", "merge.uvlock.driver").stdout.strip()
    assert driver == f"{installed.bin / 'lock-merge'} %O %A %B %P -L %L"
    r = installed.run(tmp_path, "lock-merge", "doctor", cwd=work)
    assert r.returncode == 0 and "warn" not in r.stdout, r.stdout
    # Without PATH: git runs the driver by its absolute path, as GUI clients do.
    r = subprocess.run(["git", "merge", "--no-edit", "bump-a"], cwd=work, capture_output=True, text=True,
                       env=lockkit_wheel.clean_env(tmp_path, PATH="/usr/bin:/bin"))
    assert r.returncode == 0, r.stdout + r.stderr
    assert (work / "uv.lock").read_text() == lock_text({"a": "1.1", "b": "1.0", "c": "2.0"})


def outside_the_wheel(installed: Install, stderr: str) -> set[str]:
    """Names (as loaded: sonames) of the shared objects a run loaded from outside the installation."""
    prefix = installed.prefix.resolve()
    loaded = [Path(p) for p in lockkit_wheel.loaded_libraries(stderr)]
    return {p.name for p in loaded if not p.resolve().is_relative_to(prefix)}


def test_libgit2_comes_from_the_wheel(installed, tmp_path):
    work, git = merge_repo(installed, tmp_path)
    r = installed.run(tmp_path, "lock-diff", "main", "bump-a", cwd=work, LD_DEBUG="libs")
    assert r.returncode == 0, r.stderr[-3000:]
    assert "1.0 -> 1.1" in r.stdout, r.stdout
    libs = lockkit_wheel.loaded_libraries(r.stderr)
    assert any("/lockkit.libs/libgit2-" in p for p in libs), libs
    assert outside_the_wheel(installed, r.stderr) <= lockkit_wheel.SYSTEM_LIBRARIES


class QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, *args):
        pass


def test_libcurl_comes_from_the_wheel(installed, tmp_path):
    files = tmp_path / "files"
    files.mkdir()
    wheel = b"not really a wheel, but its hash is recorded"
    (files / "tiny-1.0-py3-none-any.whl").write_bytes(wheel)
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), partial(QuietHandler, directory=str(files)))
    threading.Thread(target=server.serve_forever, daemon=True).start()
    try:
        base = f"http://127.0.0.1:{server.server_port}"
        work = tmp_path / "project"
        work.mkdir()
        (work / "uv.lock").write_text(f'''version = 1
revision = 3
requires-python = ">=3.12"

[[package]]
name = "app"
version = "0.1.0"
source = {{ virtual = "." }}
dependencies = [
    {{ name = "tiny" }},
]

[package.metadata]
requires-dist = [{{ name = "tiny" }}]

[[package]]
name = "tiny"
version = "1.0"
source = {{ registry = "{base}/simple" }}
wheels = [
    {{ url = "{base}/tiny-1.0-py3-none-any.whl", hash = "sha256:{hashlib.sha256(wheel).hexdigest()}", size = {len(wheel)} }},
]
''')
        r = installed.run(tmp_path, "lock-verify", "--no-stale", "--download", "--cache-dir", tmp_path / "cache",
                          "uv.lock", cwd=work, LD_DEBUG="libs", no_proxy="127.0.0.1", NO_PROXY="127.0.0.1")
    finally:
        server.shutdown()
        server.server_close()
    assert r.returncode == 0, r.stdout + r.stderr[-3000:]
    libs = lockkit_wheel.loaded_libraries(r.stderr)
    assert any("/lockkit.libs/libcurl-" in p for p in libs), libs
    assert outside_the_wheel(installed, r.stderr) <= lockkit_wheel.SYSTEM_LIBRARIES


def test_the_driver_survives_uv_tool_upgrade(wheel, tmp_path):
    home = tmp_path / "uv-home"
    before = uv_tool_install(wheel, home)
    work, git = merge_repo(before, tmp_path)
    driver = git("config", "merge.uvlock.driver").stdout.strip()
    newer = lockkit_wheel.project_version() + ".post1"
    lockkit_wheel.reversioned_wheel(wheel, newer, home / "links")
    uv, _ = uv_oracle.find_uv()
    env = uv_oracle.sandbox_env(home, UV_TOOL_BIN_DIR=str(home / "bin"))
    r = subprocess.run([uv, "tool", "upgrade", "lockkit"], env=env, capture_output=True, text=True)
    assert r.returncode == 0, r.stderr
    assert before.metadata_version() == newer, r.stderr
    assert git("config", "merge.uvlock.driver").stdout.strip() == driver
    r = before.run(tmp_path, "lock-merge", "doctor", cwd=work)
    assert r.returncode == 0, r.stdout
    r = subprocess.run(["git", "merge", "--no-edit", "bump-a"], cwd=work, capture_output=True, text=True,
                       env=lockkit_wheel.clean_env(tmp_path, PATH="/usr/bin:/bin"))
    assert r.returncode == 0, r.stdout + r.stderr
    assert (work / "uv.lock").read_text() == lock_text({"a": "1.1", "b": "1.0", "c": "2.0"})


# --- scripts/install-lockkit.sh, the GitHub Action's install step ------------------------------------------------


def install_script(tmp_path: Path, what: str, **extra) -> subprocess.CompletedProcess:
    # The runner's python3 first (a fresh Debian's has no pytest: dev.sh would apt-get it).
    env = lockkit_wheel.clean_env(tmp_path, Path(sys.executable).parent, PIP_NO_INDEX="1", **extra)
    return subprocess.run(["bash", str(ROOT / "scripts" / "install-lockkit.sh"), str(tmp_path / "lockkit"), what],
                          env=env, capture_output=True, text=True, timeout=1800)


def test_action_installs_the_wheel(wheel, tmp_path):
    r = install_script(tmp_path, str(wheel))
    assert r.returncode == 0, r.stderr
    bin_dir = Path(r.stdout.strip())
    assert bin_dir == tmp_path / "lockkit" / "bin"
    for program in PROGRAMS:
        assert (bin_dir / program).resolve() == (tmp_path / "lockkit" / "venv" / "bin" / program).resolve()
    version = subprocess.run([str(bin_dir / "lock-diff"), "--version"], capture_output=True, text=True)
    assert version.stdout.strip() == f"lock-diff (lockkit) {lockkit_wheel.project_version()}"


def test_action_falls_back_to_the_build(tmp_path):
    build = Path(os.environ.get("LOCKKIT_BUILD_DIR", ROOT / "build")).resolve()
    if not (build / "build.ninja").exists():
        pytest.skip(f"no build directory at {build}")
    # No index (PIP_NO_INDEX): the version cannot be installed, so the build
    # directory (up to date: a no-op ninja) provides the programs.
    r = install_script(tmp_path, "99.0.0", LOCKKIT_BUILD_DIR=str(build))
    assert r.returncode == 0, r.stderr
    assert "building lockkit" in r.stderr
    bin_dir = Path(r.stdout.strip())
    for program in PROGRAMS:
        assert (bin_dir / program).resolve() == (build / "tools" / program / program).resolve()
