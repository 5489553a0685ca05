"""The real pre-commit runs lockkit's hooks (.pre-commit-hooks.yaml) from this
repository against a temporary git repository: a tampered uv.lock is rejected,
a good one passes."""
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
BUILD = Path(os.environ.get("LOCKKIT_BUILD_DIR", ROOT / "build")).resolve()
EXAMPLE = ROOT / "examples" / "hello"


def pre_commit():
    exe = shutil.which("pre-commit")
    if exe is None:
        proc = subprocess.run([sys.executable, "-m", "pip", "install", "-q", "pre-commit==4.7.0"],
                              capture_output=True, text=True)
        exe = shutil.which("pre-commit")
        if exe is None:
            pytest.skip(f"pre-commit is not installed and could not be: {proc.stderr.strip()[-200:]}")
    return exe


def make_repo(tmp_path, lock_text):
    repo = tmp_path / "project"
    repo.mkdir()
    shutil.copy(EXAMPLE / "pyproject.toml", repo / "pyproject.toml")
    (repo / "uv.lock").write_text(lock_text)
    env = dict(os.environ, GIT_AUTHOR_NAME="t", GIT_AUTHOR_EMAIL="t@example.com",
               GIT_COMMITTER_NAME="t", GIT_COMMITTER_EMAIL="t@example.com", GIT_CONFIG_NOSYSTEM="1")
    subprocess.run(["git", "init", "-q", str(repo)], check=True, env=env)
    subprocess.run(["git", "-C", str(repo), "add", "."], check=True, env=env)
    return repo, env


def try_repo(exe, repo, env, hook, tmp_path):
    env = dict(env, PRE_COMMIT_HOME=str(tmp_path / "pre-commit-home"), LOCKKIT_BUILD_DIR=str(BUILD))
    return subprocess.run([exe, "try-repo", str(ROOT), hook, "--files", "uv.lock"], cwd=repo, env=env,
                          capture_output=True, text=True)


@pytest.mark.parametrize("hook", ["lock-verify", "lock-verify-no-stale", "lock-fmt-check"])
def test_good_lock_passes(hook, tmp_path):
    exe = pre_commit()
    repo, env = make_repo(tmp_path, (EXAMPLE / "uv.lock").read_text())
    proc = try_repo(exe, repo, env, hook, tmp_path)
    assert proc.returncode == 0, proc.stdout + proc.stderr
    assert "Passed" in proc.stdout


def test_version_edited_without_its_wheels_is_rejected(tmp_path):
    exe = pre_commit()
    text = (EXAMPLE / "uv.lock").read_text()
    tampered = text.replace('name = "anyio"\nversion = "4.9.0"', 'name = "anyio"\nversion = "4.9.1"', 1)
    assert tampered != text
    repo, env = make_repo(tmp_path, tampered)
    proc = try_repo(exe, repo, env, "lock-verify", tmp_path)
    assert proc.returncode == 1, proc.stdout + proc.stderr
    assert "Failed" in proc.stdout
    assert "anyio" in proc.stdout and "filename-mismatch" in proc.stdout


def test_stale_requirement_is_rejected(tmp_path):
    exe = pre_commit()
    repo, env = make_repo(tmp_path, (EXAMPLE / "uv.lock").read_text())
    pyproject = repo / "pyproject.toml"
    pyproject.write_text(pyproject.read_text().replace('"httpx>=0.27"', '"httpx>=0.28"'))
    proc = try_repo(exe, repo, env, "lock-verify", tmp_path)
    assert proc.returncode == 1, proc.stdout + proc.stderr
    assert "stale-lock" in proc.stdout
    # The integrity-only hook does not look at pyproject.toml.
    assert try_repo(exe, repo, env, "lock-verify-no-stale", tmp_path).returncode == 0


def test_hand_edited_layout_is_rejected_by_fmt_hook(tmp_path):
    exe = pre_commit()
    repo, env = make_repo(tmp_path, (EXAMPLE / "uv.hand-edited.lock").read_text())
    proc = try_repo(exe, repo, env, "lock-fmt-check", tmp_path)
    assert proc.returncode == 1, proc.stdout + proc.stderr
    assert "not in uv's canonical layout" in proc.stdout


def test_conflicted_lock_is_rejected_naming_each_conflict(tmp_path):
    # What a merge without lockkit's driver leaves: two conflict regions in uv.lock.
    exe = pre_commit()
    text = (EXAMPLE / "uv.lock").read_text()
    conflicted = text.replace('name = "anyio"\nversion = "4.9.0"\n',
                              'name = "anyio"\n<<<<<<< HEAD\nversion = "4.9.0"\n=======\nversion = "4.10.0"\n>>>>>>> topic\n', 1)
    conflicted = conflicted.replace('name = "idna"\nversion = "3.10"\n',
                                    'name = "idna"\n<<<<<<< HEAD\nversion = "3.10"\n=======\nversion = "3.11"\n>>>>>>> topic\n', 1)
    assert conflicted.count("<<<<<<<") == 2
    lines = conflicted.splitlines()
    regions = [(i + 1, lines.index(">>>>>>> topic", i) + 1) for i, l in enumerate(lines) if l == "<<<<<<< HEAD"]
    repo, env = make_repo(tmp_path, conflicted)
    for hook in ("lock-verify", "lock-verify-no-stale"):
        proc = try_repo(exe, repo, env, hook, tmp_path)
        assert proc.returncode == 1, proc.stdout + proc.stderr
        assert "Failed" in proc.stdout
        for first, last in regions:
            assert f"error[conflict-markers] uv.lock:{first}:1: an unresolved git merge conflict at lines {first}-{last}" \
                in proc.stdout, proc.stdout
        assert "could not" not in proc.stdout.lower()  # a finding, not a tool failure
