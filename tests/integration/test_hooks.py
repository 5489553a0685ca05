"""The git pre-commit hook rejects a staged non-canonical uv.lock and accepts uv's bytes."""
import os
import subprocess
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
BUILD = Path(os.environ.get("LOCKKIT_BUILD_DIR", ROOT / "build"))
EXAMPLE = ROOT / "examples" / "hello"


def git(repo, *args):
    return subprocess.run(["git", "-C", str(repo), *args], capture_output=True, text=True, check=True)


def run_hook(repo):
    env = dict(os.environ, LOCKKIT_LOCK=str(BUILD / "tools" / "lock" / "lock"))
    return subprocess.run([str(ROOT / "hooks" / "pre-commit-lock-fmt")], cwd=repo, env=env,
                          capture_output=True, text=True)


def test_pre_commit_hook(tmp_path):
    repo = tmp_path / "repo"
    repo.mkdir()
    git(repo, "init", "-q")
    (repo / "uv.lock").write_bytes((EXAMPLE / "uv.hand-edited.lock").read_bytes())
    git(repo, "add", "uv.lock")
    bad = run_hook(repo)
    assert bad.returncode == 1
    assert "uv.lock:9:" in bad.stderr
    assert "lock fmt" in bad.stderr
    # The staged content is what counts: fixing only the work tree is not enough.
    (repo / "uv.lock").write_bytes((EXAMPLE / "uv.lock").read_bytes())
    assert run_hook(repo).returncode == 1
    git(repo, "add", "uv.lock")
    good = run_hook(repo)
    assert good.returncode == 0, good.stderr
