"""lock-merge as a git merge driver, in real git repositories.

Each test builds a throwaway repository under tmp_path (with HOME pointed there,
so no user config is read or written), registers the driver with
`lock-merge install`, and runs `git merge` / `git cherry-pick` on branches that
change different or the same packages of uv.lock. Binaries come from
LOCKKIT_BUILD_DIR (default <repo>/build).
"""
import os
import subprocess
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
BUILD = Path(os.environ.get("LOCKKIT_BUILD_DIR", ROOT / "build"))
LOCK_MERGE = BUILD / "tools" / "lock-merge" / "lock-merge"


def lock_text(packages):
    """A uv.lock with an editable root `app` depending on every package; packages: {name: version}."""
    out = 'version = 1\nrevision = 3\nrequires-python = ">=3.12"\n'
    entries = sorted([("app", "0.1.0")] + list(packages.items()))
    for name, version in entries:
        out += f'\n[[package]]\nname = "{name}"\nversion = "{version}"\n'
        if name == "app":
            out += 'source = { editable = "." }\n'
            if packages:
                out += "dependencies = [\n" + "".join(f'    {{ name = "{d}" }},\n' for d in sorted(packages)) + "]\n"
        else:
            out += 'source = { registry = "https://pypi.org/simple" }\n'
            out += (f'sdist = {{ url = "https://files.example/{name}-{version}.tar.gz", '
                    f'hash = "sha256:{(name + version).encode().hex()}", size = 10 }}\n')
    return out


@pytest.fixture
def repo(tmp_path):
    if not LOCK_MERGE.exists():
        pytest.skip(f"{LOCK_MERGE} not built")
    work = tmp_path / "repo"
    work.mkdir()
    env = dict(os.environ, HOME=str(tmp_path), XDG_CONFIG_HOME=str(tmp_path / ".config"),
               GIT_CONFIG_NOSYSTEM="1", GIT_AUTHOR_NAME="t", GIT_AUTHOR_EMAIL="t@example.com",
               GIT_COMMITTER_NAME="t", GIT_COMMITTER_EMAIL="t@example.com")

    def git(*args, check=True):
        return subprocess.run(["git", *args], cwd=work, env=env, capture_output=True, text=True, check=check)

    git("init", "-q", "-b", "main")
    r = subprocess.run([str(LOCK_MERGE), "install"], cwd=work, env=env, capture_output=True, text=True)
    assert r.returncode == 0, r.stderr
    assert (work / ".gitattributes").read_text().splitlines().count("uv.lock merge=uvlock") == 1
    driver = git("config", "merge.uvlock.driver").stdout.strip()
    assert driver.startswith(str(LOCK_MERGE.resolve())) and "%O %A %B %P" in driver
    # Idempotent: a second install adds no second attribute line.
    subprocess.run([str(LOCK_MERGE), "install"], cwd=work, env=env, check=True, capture_output=True)
    assert (work / ".gitattributes").read_text().splitlines().count("uv.lock merge=uvlock") == 1
    (work / "uv.lock").write_text(lock_text({"a": "1.0", "b": "1.0"}))
    git("add", "-A")
    git("commit", "-q", "-m", "base")
    return work, git


def branch(git, work, name, packages, start="main"):
    git("checkout", "-q", "-b", name, start)
    (work / "uv.lock").write_text(lock_text(packages))
    git("commit", "-q", "-am", name)


def test_merge_of_different_packages_is_clean(repo):
    work, git = repo
    branch(git, work, "add-c", {"a": "1.0", "b": "1.0", "c": "2.0"})
    branch(git, work, "bump-b", {"a": "1.1", "b": "1.0"}, start="main")
    git("checkout", "-q", "add-c")
    r = git("merge", "--no-edit", "bump-b", check=False)
    assert r.returncode == 0, r.stdout + r.stderr
    assert (work / "uv.lock").read_text() == lock_text({"a": "1.1", "b": "1.0", "c": "2.0"})


def test_cherry_pick_uses_the_driver(repo):
    work, git = repo
    branch(git, work, "add-c", {"a": "1.0", "b": "1.0", "c": "2.0"})
    branch(git, work, "remove-b", {"a": "1.0"}, start="main")
    r = git("cherry-pick", "add-c", check=False)
    assert r.returncode == 0, r.stdout + r.stderr
    assert (work / "uv.lock").read_text() == lock_text({"a": "1.0", "c": "2.0"})


def test_both_sides_bumping_a_package_conflict_with_markers(repo):
    work, git = repo
    branch(git, work, "a-11", {"a": "1.1", "b": "1.0"})
    branch(git, work, "a-12", {"a": "1.2", "b": "1.0"}, start="main")
    git("checkout", "-q", "a-11")
    r = git("merge", "--no-edit", "a-12", check=False)
    assert r.returncode != 0
    text = (work / "uv.lock").read_text()
    assert "<<<<<<< " in text and "=======\n" in text and ">>>>>>> " in text
    assert 'version = "1.1"' in text and 'version = "1.2"' in text
    # Only the conflicting block is inside the markers.
    inside = text[text.index("<<<<<<< "):text.index(">>>>>>> ")]
    assert 'name = "b"' not in inside
    assert "uv lock" in r.stderr + r.stdout


def test_unparsable_side_falls_back_to_textual_merge(tmp_path):
    if not LOCK_MERGE.exists():
        pytest.skip(f"{LOCK_MERGE} not built")
    base = tmp_path / "base"
    ours = tmp_path / "ours"
    theirs = tmp_path / "theirs"
    base.write_text(lock_text({"a": "1.0"}))
    ours.write_text(lock_text({"a": "1.0"})[:-20])  # truncated
    theirs.write_text(lock_text({"a": "1.0", "z": "1.0"}))  # changes the truncated tail too
    r = subprocess.run([str(LOCK_MERGE), str(base), str(ours), str(theirs), "uv.lock"], capture_output=True, text=True)
    assert r.returncode == 1
    assert "textual merge" in r.stderr
    assert "<<<<<<< ours" in ours.read_text()
    # A textually clean merge of an unparsable side is still not a success.
    ours.write_text(lock_text({"a": "1.0"})[:-20])
    theirs.write_text(lock_text({"a": "1.1"}))
    r = subprocess.run([str(LOCK_MERGE), str(base), str(ours), str(theirs), "uv.lock"], capture_output=True, text=True)
    assert r.returncode == 1


def test_added_on_both_branches_with_empty_base(tmp_path):
    if not LOCK_MERGE.exists():
        pytest.skip(f"{LOCK_MERGE} not built")
    base = tmp_path / "base"
    ours = tmp_path / "ours"
    theirs = tmp_path / "theirs"
    base.write_text("")
    ours.write_text(lock_text({"a": "1.0"}))
    theirs.write_text(lock_text({"b": "1.0"}))
    r = subprocess.run([str(LOCK_MERGE), str(base), str(ours), str(theirs), "uv.lock", "7", "base", "HEAD", "topic"],
                       capture_output=True, text=True)
    assert r.returncode == 0, r.stderr
    assert ours.read_text() == lock_text({"a": "1.0", "b": "1.0"})


def test_conflict_markers_in_a_side_never_exit_zero(tmp_path):
    if not LOCK_MERGE.exists():
        pytest.skip(f"{LOCK_MERGE} not built")
    base = tmp_path / "base"
    ours = tmp_path / "ours"
    theirs = tmp_path / "theirs"
    base.write_text(lock_text({"a": "1.0"}))
    ours.write_text("<<<<<<< HEAD\n" + lock_text({"a": "1.0"}) + "=======\n>>>>>>> x\n")
    theirs.write_text(lock_text({"a": "1.0"}))
    r = subprocess.run([str(LOCK_MERGE), str(base), str(ours), str(theirs), "uv.lock"], capture_output=True, text=True)
    assert r.returncode == 1
