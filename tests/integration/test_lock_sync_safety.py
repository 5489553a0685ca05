"""`lock sync` against hostile wheels and sudden death.

Hostile wheels: a project depends on a path wheel that real uv locked while it was
harmless; then the file is replaced by a hostile one and the lock's hash updated to
match (an attacker who controlled the file when the lock was written). Every case
must be refused before anything is written: the sync exits 2 naming the reason, the
environment is exactly as before, nothing lands outside it, and nothing of the wheel
is published in the cache.

Sudden death: `lock sync` is killed with SIGKILL at many moments of a fresh install
and of an upgrade (uninstall, then install). After each kill `lock-verify --venv`
must describe the environment truthfully (it is clean exactly when an independent
check finds every selected distribution complete), and the next `lock sync` must
leave a complete, verified environment.
"""

from __future__ import annotations

import base64
import hashlib
import io
import os
import shutil
import signal
import subprocess
import sys
import textwrap
import time
import zipfile
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
BUILD = Path(os.environ.get("LOCKKIT_BUILD_DIR") or ROOT / "build").resolve()
LOCK = BUILD / "tools" / "lock" / "lock"
VERIFY = BUILD / "tools" / "lock-verify" / "lock-verify"
sys.path.insert(0, str(ROOT / "tests" / "fixtures"))
import uv_oracle  # noqa: E402
import wheelmaker  # noqa: E402

UV, _UV_SKIP = uv_oracle.find_uv()
PYTHON = os.path.realpath(sys.executable)
PYVER = f"{sys.version_info[0]}.{sys.version_info[1]}"
pytestmark = [
    pytest.mark.skipif(UV is None, reason=_UV_SKIP),
    pytest.mark.skipif(not LOCK.exists(), reason=f"{LOCK} not built (set LOCKKIT_BUILD_DIR)"),
]


def record_hash(data: bytes) -> str:
    return "sha256=" + base64.urlsafe_b64encode(hashlib.sha256(data).digest()).rstrip(b"=").decode()


def uv(cwd: Path, home: Path, *args: str) -> None:
    proc = subprocess.run([UV, *args], capture_output=True, text=True, cwd=cwd, timeout=300,
                          env=uv_oracle.sandbox_env(home))
    assert proc.returncode == 0, proc.stderr


def lock_sync(cwd: Path, cache: Path, *args: str) -> subprocess.CompletedProcess:
    return subprocess.run([str(LOCK), "sync", "--frozen", "--python", PYTHON, "--cache-dir", str(cache), *args],
                          capture_output=True, text=True, cwd=cwd, timeout=300)


def verify(cwd: Path, venv: Path) -> subprocess.CompletedProcess:
    return subprocess.run([str(VERIFY), "uv.lock", "--venv", str(venv)], capture_output=True, text=True, cwd=cwd,
                          timeout=120)


def tree_state(root: Path) -> dict[str, bytes | str]:
    """Every file (content) and link (target) below root."""
    out = {}
    for p in sorted(root.rglob("*")):
        rel = str(p.relative_to(root))
        if p.is_symlink():
            out[rel] = "-> " + os.readlink(p)
        elif p.is_file():
            out[rel] = p.read_bytes()
    return out


# ---------------------------------------------------------------------------
# Hostile wheels

def wheel_members(name="hostile", version="1.0", files=None) -> list[tuple[zipfile.ZipInfo, bytes]]:
    """A valid wheel's members, to be spoiled by each case."""
    files = dict(files or {f"{name}/__init__.py": b"VALUE = 1\n"})
    dist = f"{name}-{version}.dist-info"
    files[f"{dist}/METADATA"] = f"Metadata-Version: 2.1\nName: {name}\nVersion: {version}\n\n".encode()
    files[f"{dist}/WHEEL"] = b"Wheel-Version: 1.0\nGenerator: test\nRoot-Is-Purelib: true\nTag: py3-none-any\n"
    rows = [f"{arc},{record_hash(data)},{len(data)}" for arc, data in files.items()] + [f"{dist}/RECORD,,"]
    files[f"{dist}/RECORD"] = ("\n".join(rows) + "\n").encode()
    out = []
    for arc, data in files.items():
        info = zipfile.ZipInfo(arc, date_time=(1980, 1, 1, 0, 0, 0))
        info.external_attr = 0o100644 << 16
        info.create_system = 3
        info.compress_type = zipfile.ZIP_DEFLATED
        out.append((info, data))
    return out


def write_zip(path: Path, members) -> None:
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as zf:
        for info, data in members:
            if callable(data):
                with zf.open(info, "w", force_zip64=True) as out:
                    data(out)
            else:
                zf.writestr(info, data)
    path.write_bytes(buf.getvalue())


def member(arc: str, data, mode: int = 0o100644) -> tuple[zipfile.ZipInfo, bytes]:
    info = zipfile.ZipInfo(arc, date_time=(1980, 1, 1, 0, 0, 0))
    info.external_attr = mode << 16
    info.create_system = 3
    info.compress_type = zipfile.ZIP_DEFLATED
    return info, data


def replace_member(members, arc, data):
    return [(i, data if i.filename == arc else d) for i, d in members]


def escape_target(tmp: Path) -> Path:
    return tmp / "escaped.txt"


def zeros(total: int):
    def write(out):
        chunk = b"\0" * (1 << 20)
        for _ in range(total >> 20):
            out.write(chunk)
    return write


HOSTILE = {
    "traversal": (lambda tmp: wheel_members() + [member("../../../escaped.txt", b"pwned\n")],
                  "climbs out of the wheel with `..`"),
    "absolute": (lambda tmp: wheel_members() + [member(str(escape_target(tmp)), b"pwned\n")],
                 "has an absolute or Windows path"),
    "symlink-outside": (lambda tmp: wheel_members() + [member("hostile/passwd", b"../../../../../../etc/passwd",
                                                              mode=0o120777)],
                        "is a symbolic link pointing outside the wheel"),
    "record-hash-lie": (lambda tmp: replace_member(wheel_members(), "hostile/__init__.py", b"VALUE = 2\n"),
                        "says hostile/__init__.py has hash sha256="),
    "record-size-lie": (lambda tmp: [(i, d.replace(b"/__init__.py," + record_hash(b"VALUE = 1\n").encode() + b",10",
                                                    b"/__init__.py," + record_hash(b"VALUE = 1\n").encode() + b",99"))
                                     for i, d in wheel_members()],
                        "says hostile/__init__.py has 99 bytes, but the archive's file has 10"),
    "other-name": (lambda tmp: [(zipfile.ZipInfo(i.filename.replace("hostile-1.0.dist-info", "pip-23.0.dist-info"),
                                                 date_time=(1980, 1, 1, 0, 0, 0)), d) for i, d in wheel_members()],
                   "its metadata folder pip-23.0.dist-info is for `pip`, not `hostile`"),
    "zip-bomb": (lambda tmp: wheel_members() + [member("hostile/bomb.bin", zeros(200 << 20))],
                 "times its size (a zip bomb?"),
    "duplicate": (lambda tmp: wheel_members() + [member("hostile/__init__.py", b"import os\n")],
                  "appears twice"),
    "reserved-script": (lambda tmp: wheel_members() + [member("hostile-1.0.data/scripts/python3", b"#!/bin/sh\n")],
                        "would replace the environment's `python3`"),
    "unknown-data": (lambda tmp: wheel_members() + [member("hostile-1.0.data/etc/passwd", b"x\n")],
                     "unknown wheel data type `etc`"),
    "metadata-version": (lambda tmp: replace_member(
        wheel_members(), "hostile-1.0.dist-info/METADATA",
        b"Metadata-Version: 2.1\nName: hostile\nVersion: 6.6\n\n"), "its METADATA says version 6.6"),
}


@pytest.fixture(scope="module")
def hostile_base(tmp_path_factory):
    """A project locked by uv with a harmless `hostile` path wheel, and an environment
    holding its other dependency."""
    base = tmp_path_factory.mktemp("hostile")
    links = base / "links"
    wheelmaker.make_wheel(links, "beta", "1.0")
    proj = base / "proj"
    (proj / "wheels").mkdir(parents=True)
    write_zip(proj / "wheels" / "hostile-1.0-py3-none-any.whl", wheel_members())
    (proj / "pyproject.toml").write_text(textwrap.dedent("""
        [project]
        name = "proj"
        version = "0.1.0"
        requires-python = ">=3.9"
        dependencies = ["beta", "hostile"]

        [tool.uv.sources]
        hostile = { path = "wheels/hostile-1.0-py3-none-any.whl" }
    """).lstrip())
    uv(proj, base / "home", "lock", "--offline", "--no-index", "--find-links", str(links), "--python", PYTHON)
    return base


@pytest.mark.parametrize("case", sorted(HOSTILE))
def test_hostile_wheel_is_refused_before_anything_is_written(case, hostile_base, tmp_path):
    proj = tmp_path / "proj"
    shutil.copytree(hostile_base / "proj", proj)
    shutil.copytree(hostile_base / "links", tmp_path / "links")
    cache = tmp_path / "cache"
    r = lock_sync(proj, cache, "--no-install-package", "hostile")
    assert r.returncode == 0, r.stderr
    before = tree_state(proj / ".venv")

    build, reason = HOSTILE[case]
    wheel = proj / "wheels" / "hostile-1.0-py3-none-any.whl"
    old_hash = hashlib.sha256(wheel.read_bytes()).hexdigest()
    write_zip(wheel, build(tmp_path))
    new_hash = hashlib.sha256(wheel.read_bytes()).hexdigest()
    lock = proj / "uv.lock"
    lock.write_text(lock.read_text().replace(old_hash, new_hash))

    r = lock_sync(proj, cache)
    assert r.returncode == 2, r.stdout + r.stderr
    assert "refusing wheel hostile-1.0-py3-none-any.whl: " in r.stderr and reason in r.stderr, r.stderr
    assert "nothing was installed" in r.stderr
    assert tree_state(proj / ".venv") == before
    assert not escape_target(tmp_path).exists() and not (tmp_path / "escaped.txt").exists()
    assert not list(cache.glob(f"unpacked-v1/sha256/*/{new_hash}"))
    assert not list((cache / "tmp").glob("*")) if (cache / "tmp").exists() else True


# ---------------------------------------------------------------------------
# Sudden death

PACKAGES = 40
FILES_PER_PACKAGE = 60


def make_many(links: Path, version: str) -> None:
    for i in range(PACKAGES):
        name = f"pkg{i:02d}"
        files = {f"{name}/mod{j:03d}.py": f"# {name} {version} {j}\nVALUE = {j}\n".encode() * 20
                 for j in range(FILES_PER_PACKAGE)}
        files[f"{name}-{version}.dist-info/entry_points.txt"] = f"[console_scripts]\n{name}-run = {name}.cli:main\n".encode()
        files[f"{name}/cli.py"] = b"def main():\n    return 0\n"
        wheelmaker.make_wheel(links, name, version, extra_files=files)


def make_project(root: Path, links: Path, home: Path, version: str) -> Path:
    root.mkdir(parents=True)
    deps = ", ".join(f'"pkg{i:02d}=={version}"' for i in range(PACKAGES))
    (root / "pyproject.toml").write_text(
        f'[project]\nname = "many"\nversion = "0.1.0"\nrequires-python = ">=3.9"\ndependencies = [{deps}]\n')
    uv(root, home, "lock", "--offline", "--no-index", "--find-links", str(links), "--python", PYTHON)
    return root


def complete(venv: Path, version: str) -> bool:
    """An independent judgement: every package installed once, at `version`, with every
    RECORD row's file present and hashing as RECORD says."""
    site = venv / "lib" / f"python{PYVER}" / "site-packages"
    if not site.is_dir():
        return False
    for i in range(PACKAGES):
        dists = list(site.glob(f"pkg{i:02d}-*.dist-info"))
        if len(dists) != 1 or dists[0].name != f"pkg{i:02d}-{version}.dist-info":
            return False
        record = dists[0] / "RECORD"
        if not record.is_file():
            return False
        for line in record.read_text().splitlines():
            path, digest, _ = line.rsplit(",", 2)
            f = site / path
            if not f.is_file() or (digest and record_hash(f.read_bytes()) != digest):
                return False
    return True


def kill_after(cmd: list[str], cwd: Path, delay: float) -> int | None:
    proc = subprocess.Popen(cmd, cwd=cwd, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    time.sleep(delay)
    if proc.poll() is None:
        proc.send_signal(signal.SIGKILL)
    return proc.wait()


@pytest.fixture(scope="module")
def many(tmp_path_factory):
    base = tmp_path_factory.mktemp("many")
    links = base / "links"
    make_many(links, "1.0")
    make_many(links, "2.0")
    one = make_project(base / "one", links, base / "home", "1.0")
    two = make_project(base / "two", links, base / "home", "2.0")
    return base, one, two


def test_killed_sync_is_described_truthfully_and_repaired(many, tmp_path):
    base, one, two = many
    cache = tmp_path / "cache"
    venv = tmp_path / "venv"
    cmd = lambda project: [str(LOCK), "sync", "--frozen", "--python", PYTHON, "--cache-dir", str(cache),
                           "--venv", str(venv), "--link-mode", "copy", "-q"]
    # How long an undisturbed fresh install and upgrade take, with a warm cache.
    assert lock_sync(one, cache, "--venv", str(venv)).returncode == 0
    shutil.rmtree(venv)
    start = time.monotonic()
    assert subprocess.run(cmd(one), cwd=one).returncode == 0
    fresh = time.monotonic() - start
    start = time.monotonic()
    assert subprocess.run(cmd(two), cwd=two).returncode == 0
    upgrade = time.monotonic() - start

    outcomes = []
    for phase, project, version, duration in (("fresh", one, "1.0", fresh), ("upgrade", two, "2.0", upgrade)):
        for k in range(1, 9):
            if phase == "fresh":
                shutil.rmtree(venv, ignore_errors=True)
            else:
                assert subprocess.run(cmd(one), cwd=one).returncode == 0  # back to 1.0, then upgrade
            code = kill_after(cmd(project), project, duration * k / 8)
            outcomes.append((phase, k, code))
            report = verify(project, venv)
            if venv.exists() and (venv / "pyvenv.cfg").exists():
                assert report.returncode in (0, 1), report.stderr
                assert (report.returncode == 0) == complete(venv, version), (phase, k, report.stdout)
            again = subprocess.run(cmd(project), cwd=project, capture_output=True, text=True)
            assert again.returncode == 0, again.stderr
            assert complete(venv, version), (phase, k)
            clean = verify(project, venv)
            assert clean.returncode == 0, (phase, k, clean.stdout)
            imported = subprocess.run([str(venv / "bin" / "python"), "-c",
                                       "import pkg00, pkg39; print(pkg00.__version__, pkg39.__version__)"],
                                      capture_output=True, text=True)
            assert imported.stdout.split() == [version, version], imported.stderr
    # At least some kills must have landed mid-sync, or the test proved nothing.
    killed = [o for o in outcomes if o[2] == -signal.SIGKILL]
    assert len(killed) >= 6, outcomes


def test_a_wrong_record_can_be_accepted_as_uv_accepts_it(hostile_base, tmp_path):
    """Some published wheels state a wrong hash in RECORD (decord 0.6.0): refused by
    default, installed as uv installs them with --allow-record-mismatch, and then
    lock-verify --venv reports the row that does not match."""
    proj = tmp_path / "proj"
    shutil.copytree(hostile_base / "proj", proj)
    shutil.copytree(hostile_base / "links", tmp_path / "links")
    build, _ = HOSTILE["record-hash-lie"]
    wheel = proj / "wheels" / "hostile-1.0-py3-none-any.whl"
    old_hash = hashlib.sha256(wheel.read_bytes()).hexdigest()
    write_zip(wheel, build(tmp_path))
    lock = proj / "uv.lock"
    lock.write_text(lock.read_text().replace(old_hash, hashlib.sha256(wheel.read_bytes()).hexdigest()))
    r = lock_sync(proj, tmp_path / "cache")
    assert r.returncode == 2 and "hint: the archive itself matches the lock's hash" in r.stderr, r.stderr
    r = lock_sync(proj, tmp_path / "cache", "--allow-record-mismatch")
    assert r.returncode == 0, r.stderr
    site = proj / ".venv" / "lib" / f"python{PYVER}" / "site-packages"
    assert (site / "hostile" / "__init__.py").read_bytes() == b"VALUE = 2\n"
    assert record_hash(b"VALUE = 1\n") in (site / "hostile-1.0.dist-info" / "RECORD").read_text()
    report = verify(proj, proj / ".venv")
    assert report.returncode == 1 and "venv-record-mismatch" in report.stdout
