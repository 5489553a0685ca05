"""The real pre-commit runs lockkit's hooks (.pre-commit-hooks.yaml) from a
snapshot of this checkout against a temporary git repository: a tampered
uv.lock is rejected, uv's own passes.

* `language: python` hooks: pre-commit installs lockkit itself (`pip install .`
  through meson-python) into an environment of its own, with nothing of the
  build tree on PATH. `try-repo` does that into a fresh store at every call, so
  two calls use it (uv's lock passes, a tampered one fails); the other cases run
  `pre-commit run` with the README's .pre-commit-config.yaml and one shared
  PRE_COMMIT_HOME, hence one build. A build from scratch takes minutes; the
  compiler cache makes the later ones (and those after
  tests/integration/test_wheel.py's build of the same sources) about half a
  minute. Skipped, with the reason, when pip cannot fetch meson-python.
* `language: system` variants: the programs and hook scripts found on PATH (here
  the build tree's), nothing installed.
"""
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT / "tests" / "fixtures"))
import lockkit_wheel  # noqa: E402

BUILD = Path(os.environ.get("LOCKKIT_BUILD_DIR", ROOT / "build")).resolve()
EXAMPLE = ROOT / "examples" / "hello"

# pip could not fetch the build backend: no network or no PyPI, not a lockkit failure.
OFFLINE_SIGNS = ("No matching distribution found for meson-python", "Failed to establish a new connection",
                 "Network is unreachable", "Temporary failure in name resolution")


def pre_commit_cmd() -> list[str]:
    try:
        import pre_commit  # noqa: F401
    except ImportError:
        proc = subprocess.run([sys.executable, "-m", "pip", "install", "-q", "pre-commit==4.7.0"],
                              capture_output=True, text=True)
        if proc.returncode != 0:
            pytest.skip(f"pre-commit is not installed and could not be: {proc.stderr.strip()[-200:]}")
    return [sys.executable, "-m", "pre_commit"]


@pytest.fixture(scope="module")
def hook_repo(tmp_path_factory):
    """This checkout's files, committed once: pre-commit keys its environments by repository and revision."""
    return lockkit_wheel.snapshot_repo(tmp_path_factory.mktemp("hook-repo") / "lockkit")


@pytest.fixture(scope="module")
def pre_commit_home(tmp_path_factory):
    return tmp_path_factory.mktemp("pre-commit-home")


def make_repo(tmp_path, lock_text, config=None):
    repo = tmp_path / "project"
    repo.mkdir()
    shutil.copy(EXAMPLE / "pyproject.toml", repo / "pyproject.toml")
    (repo / "uv.lock").write_text(lock_text)
    if config is not None:
        (repo / ".pre-commit-config.yaml").write_text(config)
    env = lockkit_wheel.clean_env(tmp_path)
    subprocess.run(["git", "init", "-q", str(repo)], check=True, env=env)
    subprocess.run(["git", "-C", str(repo), "add", "."], check=True, env=env)
    return repo


def ccache_dir() -> str | None:
    proc = subprocess.run(["ccache", "--get-config", "cache_dir"], capture_output=True, text=True) \
        if shutil.which("ccache") else None
    return proc.stdout.strip() if proc and proc.returncode == 0 else None


def pre_commit(args, home, repo, *bin_dirs):
    env = lockkit_wheel.clean_env(repo.parent, Path(sys.executable).parent, *bin_dirs, PRE_COMMIT_HOME=str(home))
    if (cache := ccache_dir()) is not None:
        # pre-commit's `pip install .` compiles lockkit: reuse the objects of earlier builds.
        env.update(CCACHE_DIR=cache, CCACHE_BASEDIR=str(home.parent))
    return subprocess.run([*pre_commit_cmd(), *args], cwd=repo, env=env, capture_output=True, text=True, timeout=1800)


def python_hook(args, home, repo):
    proc = pre_commit(args, home, repo)
    if proc.returncode not in (0, 1):
        log = home / "pre-commit.log"
        text = proc.stdout + proc.stderr + (log.read_text() if log.exists() else "")
        if any(sign in text for sign in OFFLINE_SIGNS):
            pytest.skip("pre-commit could not install the python hooks: pip cannot fetch meson-python")
        raise AssertionError(f"pre-commit failed (exit {proc.returncode}):\n{text[-6000:]}")
    return proc


# --- language: python -------------------------------------------------------------------------------------------


@pytest.mark.parametrize("tampered", [False, True], ids=["uvs-lock", "tampered-lock"])
def test_try_repo_with_the_python_hook(tampered, hook_repo, tmp_path):
    # try-repo builds into a store of its own at every call (about half a minute
    # with a warm compiler cache), so only these two calls use it.
    text = (EXAMPLE / "uv.lock").read_text()
    if tampered:
        text = text.replace('name = "anyio"\nversion = "4.9.0"', 'name = "anyio"\nversion = "4.9.1"', 1)
        assert text != (EXAMPLE / "uv.lock").read_text()
    repo = make_repo(tmp_path, text)
    proc = python_hook(["try-repo", str(hook_repo), "lock-verify", "--files", "uv.lock"], tmp_path / "home", repo)
    if tampered:
        assert proc.returncode == 1, proc.stdout + proc.stderr
        assert "Failed" in proc.stdout and "anyio" in proc.stdout and "filename-mismatch" in proc.stdout
    else:
        assert proc.returncode == 0, proc.stdout + proc.stderr
        assert "Passed" in proc.stdout


def readme_config(hook_repo: Path) -> str:
    """The README's .pre-commit-config.yaml for the python hooks, pointed at the snapshot."""
    readme = (ROOT / "README.md").read_text()
    block = readme.split("<!-- pre-commit-config -->", 1)[1].split("```yaml\n", 1)[1].split("```", 1)[0]
    rev = subprocess.run(["git", "-C", str(hook_repo), "rev-parse", "HEAD"], capture_output=True, text=True,
                         check=True).stdout.strip()
    config = re.sub(r"repo: .*", f"repo: {hook_repo}", block, count=1)
    config = re.sub(r"rev: .*", f"rev: {rev}", config, count=1)
    assert str(hook_repo) in config and rev in config, block
    return config


@pytest.mark.parametrize("lock, verdict", [("uv.lock", "Passed"), ("uv.hand-edited.lock", "not in uv's canonical layout"),
                                           ("tampered", "filename-mismatch")])
def test_readme_config_runs_the_python_hooks(lock, verdict, hook_repo, pre_commit_home, tmp_path):
    text = (EXAMPLE / ("uv.lock" if lock == "tampered" else lock)).read_text()
    if lock == "tampered":
        text = text.replace('name = "anyio"\nversion = "4.9.0"', 'name = "anyio"\nversion = "4.9.1"', 1)
    repo = make_repo(tmp_path, text, readme_config(hook_repo))
    proc = python_hook(["run", "--files", "uv.lock"], pre_commit_home, repo)
    assert proc.returncode == (0 if lock == "uv.lock" else 1), proc.stdout + proc.stderr
    assert verdict in proc.stdout, proc.stdout
    # One environment for every hook and every run, built by pre-commit itself:
    # the programs in it are native executables, not the build tree's.
    envs = list(pre_commit_home.glob("repo*/py_env-*"))
    assert len(envs) == 1, envs
    assert (envs[0] / "bin" / "lock-verify").read_bytes()[:4] == b"\x7fELF"


# --- language: system -------------------------------------------------------------------------------------------


def system_hook(hook_repo, tmp_path, repo, hook):
    """The `-system` variant with the build tree's programs and the hook scripts on PATH."""
    bins = [ROOT / "hooks", BUILD / "tools" / "lock", BUILD / "tools" / "lock-verify"]
    return pre_commit(["try-repo", str(hook_repo), hook, "--files", "uv.lock"], tmp_path / "pre-commit-home", repo,
                      *bins)


@pytest.mark.parametrize("hook", ["lock-verify-system", "lock-verify-no-stale-system", "lock-fmt-check-system"])
def test_system_hook_accepts_uvs_lock(hook, hook_repo, tmp_path):
    repo = make_repo(tmp_path, (EXAMPLE / "uv.lock").read_text())
    proc = system_hook(hook_repo, tmp_path, repo, hook)
    assert proc.returncode == 0, proc.stdout + proc.stderr
    assert "Passed" in proc.stdout


def test_system_hook_rejects_a_version_edited_without_its_wheels(hook_repo, tmp_path):
    text = (EXAMPLE / "uv.lock").read_text()
    tampered = text.replace('name = "anyio"\nversion = "4.9.0"', 'name = "anyio"\nversion = "4.9.1"', 1)
    repo = make_repo(tmp_path, tampered)
    proc = system_hook(hook_repo, tmp_path, repo, "lock-verify-system")
    assert proc.returncode == 1, proc.stdout + proc.stderr
    assert "Failed" in proc.stdout
    assert "anyio" in proc.stdout and "filename-mismatch" in proc.stdout


def test_system_hook_rejects_a_stale_requirement(hook_repo, tmp_path):
    repo = make_repo(tmp_path, (EXAMPLE / "uv.lock").read_text())
    pyproject = repo / "pyproject.toml"
    pyproject.write_text(pyproject.read_text().replace('"httpx>=0.27"', '"httpx>=0.28"'))
    proc = system_hook(hook_repo, tmp_path, repo, "lock-verify-system")
    assert proc.returncode == 1, proc.stdout + proc.stderr
    assert "stale-lock" in proc.stdout
    # The integrity-only hook does not look at pyproject.toml.
    assert system_hook(hook_repo, tmp_path, repo, "lock-verify-no-stale-system").returncode == 0


def test_system_hook_rejects_a_hand_edited_layout(hook_repo, tmp_path):
    repo = make_repo(tmp_path, (EXAMPLE / "uv.hand-edited.lock").read_text())
    proc = system_hook(hook_repo, tmp_path, repo, "lock-fmt-check-system")
    assert proc.returncode == 1, proc.stdout + proc.stderr
    assert "not in uv's canonical layout" in proc.stdout


def test_conflicted_lock_is_rejected_naming_each_conflict(hook_repo, tmp_path):
    # What a merge without lockkit's driver leaves: two conflict regions in uv.lock.
    text = (EXAMPLE / "uv.lock").read_text()
    conflicted = text.replace('name = "anyio"\nversion = "4.9.0"\n',
                              'name = "anyio"\n<<<<<<< HEAD\nversion = "4.9.0"\n=======\nversion = "4.10.0"\n>>>>>>> topic\n', 1)
    conflicted = conflicted.replace('name = "idna"\nversion = "3.10"\n',
                                    'name = "idna"\n<<<<<<< HEAD\nversion = "3.10"\n=======\nversion = "3.11"\n>>>>>>> topic\n', 1)
    assert conflicted.count("<<<<<<<") == 2
    lines = conflicted.splitlines()
    regions = [(i + 1, lines.index(">>>>>>> topic", i) + 1) for i, l in enumerate(lines) if l == "<<<<<<< HEAD"]
    repo = make_repo(tmp_path, conflicted)
    for hook in ("lock-verify-system", "lock-verify-no-stale-system"):
        proc = system_hook(hook_repo, tmp_path, repo, hook)
        assert proc.returncode == 1, proc.stdout + proc.stderr
        assert "Failed" in proc.stdout
        for first, last in regions:
            assert f"error[conflict-markers] uv.lock:{first}:1: an unresolved git merge conflict at lines {first}-{last}" \
                in proc.stdout, proc.stdout
        assert "could not" not in proc.stdout.lower()  # a finding, not a tool failure
