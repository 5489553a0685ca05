"""Every program answers --help and --version, and unbuilt parts exit 2 with a message."""
import os
import subprocess
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
BUILD = Path(os.environ.get("LOCKKIT_BUILD_DIR", ROOT / "build"))
PROGRAMS = ["lock", "lock-diff", "lock-verify", "lock-merge"]


def binary(name):
    path = BUILD / "tools" / name / name
    if not path.exists():
        pytest.fail(f"{path} is not built")
    return str(path)


@pytest.mark.parametrize("name", PROGRAMS)
def test_help_teaches_and_exits_0(name):
    proc = subprocess.run([binary(name), "--help"], capture_output=True, text=True)
    assert proc.returncode == 0
    assert name in proc.stdout
    assert "Exit codes" in proc.stdout or "exit code" in proc.stdout.lower()


@pytest.mark.parametrize("name", PROGRAMS)
def test_version(name):
    proc = subprocess.run([binary(name), "--version"], capture_output=True, text=True)
    assert proc.returncode == 0
    assert "lockkit" in proc.stdout
    assert proc.stdout.strip().split()[-1].count(".") == 2


def test_lock_lock_is_not_available_yet():
    proc = subprocess.run([binary("lock"), "lock"], capture_output=True, text=True)
    assert proc.returncode == 2
    assert "not available yet: the resolver" in proc.stderr


def test_lock_sync_without_a_lock_names_the_file(tmp_path):
    proc = subprocess.run([os.path.abspath(binary("lock")), "sync"], capture_output=True, text=True, cwd=tmp_path)
    assert proc.returncode == 2
    assert "uv.lock" in proc.stderr


def test_unknown_option_is_an_error():
    proc = subprocess.run([binary("lock"), "fmt", "--no-such-flag"], capture_output=True, text=True)
    assert proc.returncode == 2


def test_fmt_missing_file_names_it(tmp_path):
    missing = tmp_path / "uv.lock"
    proc = subprocess.run([binary("lock"), "fmt", "--check", str(missing)], capture_output=True, text=True)
    assert proc.returncode == 2
    assert str(missing) in proc.stderr


def test_fmt_rejects_unknown_version_and_leaves_file(tmp_path):
    lock = tmp_path / "uv.lock"
    original = 'version = 2\nrequires-python = ">=3.12"\n'
    lock.write_text(original)
    proc = subprocess.run([binary("lock"), "fmt", str(lock)], capture_output=True, text=True)
    assert proc.returncode == 2
    assert "lockfile version 2 is not supported; this build reads version 1" in proc.stderr
    assert f"{lock}:1:11" in proc.stderr
    assert lock.read_text() == original
    assert sorted(p.name for p in tmp_path.iterdir()) == ["uv.lock"]


def test_fmt_bundled_example_roundtrip(tmp_path):
    example = ROOT / "examples" / "hello"
    damaged = tmp_path / "uv.lock"
    damaged.write_bytes((example / "uv.hand-edited.lock").read_bytes())
    damaged.chmod(0o640)
    check = subprocess.run([binary("lock"), "fmt", "--check", str(damaged)], capture_output=True, text=True)
    assert check.returncode == 1
    assert f"{damaged}:9:" in check.stderr
    fix = subprocess.run([binary("lock"), "fmt", str(damaged)], capture_output=True, text=True)
    assert fix.returncode == 0
    assert damaged.read_bytes() == (example / "uv.lock").read_bytes()
    assert damaged.stat().st_mode & 0o777 == 0o640  # the atomic rewrite keeps permissions
    assert sorted(p.name for p in tmp_path.iterdir()) == ["uv.lock"]  # no temporary file left
