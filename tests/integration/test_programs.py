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


def test_lock_sync_without_a_lock_names_the_file(tmp_path):
    proc = subprocess.run([os.path.abspath(binary("lock")), "sync"], capture_output=True, text=True, cwd=tmp_path)
    assert proc.returncode == 2
    assert "uv.lock" in proc.stderr


def test_help_lists_the_subcommands():
    out = subprocess.run([binary("lock"), "--help"], capture_output=True, text=True).stdout
    subcommands = out.split("Subcommands:")[1]
    listed = [line.split()[0].rstrip(",") for line in subcommands.splitlines()
              if line.startswith("  ") and not line.startswith("   ") and line.strip()[:1].isalpha()]
    assert "fmt" in listed and "resolve" in listed and "sync" in listed, subcommands


@pytest.mark.parametrize("damage, named", [
    (lambda t: t.rstrip("\n"), "no newline at end of file"),
    (lambda t: t.replace("\n", "\r\n"), "CRLF line ending (uv writes LF)"),
    (lambda t: t.replace('requires-python = ">=3.10"\n', 'requires-python = ">=3.10"  \n'), "trailing whitespace"),
    (lambda t: t.replace('requires-python = ">=3.10"\n', 'requires-python = ">=3.10"\t\n'), "trailing whitespace"),
])
def test_fmt_check_names_an_invisible_difference(tmp_path, damage, named):
    lock = tmp_path / "uv.lock"
    lock.write_bytes(damage((ROOT / "examples" / "hello" / "uv.lock").read_text()).encode())
    proc = subprocess.run([binary("lock"), "fmt", "--check", str(lock)], capture_output=True, text=True)
    assert proc.returncode == 1
    first = proc.stderr.splitlines()[0]
    assert first.startswith(f"{lock}:") and first.endswith(f"not in uv's canonical layout: {named}"), proc.stderr


@pytest.mark.parametrize("raw, shown", [(b"\x1b[31m", b"\\x1b[31m"), (b"\xff\xfe", b"\\xff\\xfe")])
def test_errors_escape_bytes_a_terminal_would_interpret(tmp_path, raw, shown):
    # An escape sequence or invalid UTF-8 in a lock must not reach the terminal raw.
    lock = tmp_path / "uv.lock"
    text = (ROOT / "examples" / "hello" / "uv.lock").read_bytes()
    lock.write_bytes(text.replace(b'requires-python = ">=3.10"', b'requires-python = ">=3.10' + raw + b'"'))
    proc = subprocess.run([binary("lock"), "fmt", "--check", str(lock)], capture_output=True)
    assert proc.returncode == 2
    assert raw not in proc.stderr and shown in proc.stderr, proc.stderr
    proc.stderr.decode("utf-8")  # what is printed is valid UTF-8
