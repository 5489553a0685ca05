"""The steps test_lock_merge_adversarial.py and test_lock_merge_adversarial_edges.py share:
building the three commits a case merges, running the merge, and judging its result.

A case is a Repo (test_lock_merge_reresolve.py: a git repository with the driver installed,
every commit locked by real uv 0.12.5 on a local find-links index). Real uv is the judge: a
driver that exits 0 must leave a lock that `uv lock --check` accepts for the merged
pyproject.toml; a case it cannot finish must end with markers and a non-zero exit.
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parent))
from test_lock_merge_reresolve import Repo, pyproject, versions  # noqa: E402
import wheelmaker  # noqa: E402  (on sys.path through test_lock_merge_reresolve)


@pytest.fixture
def repo(tmp_path):
    return Repo(tmp_path)


def publish(repo, packages):
    """Wheels on the repository's find-links index: each package a wheelmaker spec (a dict) or a
    `(name, version, *requires)` tuple as Repo.publish takes it."""
    specs = [p if isinstance(p, dict) else dict(name=p[0], version=p[1], requires=list(p[2:])) for p in packages]
    if specs:
        wheelmaker.build_index(repo.links, specs)


def three_commits(repo, base_files, ours_files=None, theirs_files=None, *, base=(), ours=(), theirs=(),
                  ours_upgrade=("foo",), theirs_upgrade=("foo",)):
    """The history a case merges: `base` published and base_files committed on main, branch
    topic made there; then ours on main and theirs on topic, each publishing its packages first
    and locking with `--upgrade-package` for each name it upgrades. Ends on main, so that
    main~1 is base, main is ours and topic is theirs."""
    def side(message, packages, files, upgrade):
        publish(repo, packages)
        repo.commit(message, files or {}, *[arg for name in upgrade for arg in ("--upgrade-package", name)])

    publish(repo, base)
    repo.commit("base", base_files)
    repo.git("branch", "topic")
    side("ours", ours, ours_files, ours_upgrade)
    repo.git("checkout", "-q", "topic")
    side("theirs", theirs, theirs_files, theirs_upgrade)
    repo.git("checkout", "-q", "main")


def bump_foo_on_both_sides(repo, base_files, ours_files=None, theirs_files=None):
    """Base locks foo 1.0 and bar 1.0 (plus what base_files need); ours bumps foo to 2.0, theirs to
    2.1, each side also writing its files. The locks' foo conflicts, so the driver re-resolves."""
    three_commits(repo, base_files, ours_files, theirs_files, base=[("foo", "1.0"), ("bar", "1.0"), ("baz", "1.0")],
                  ours=[("foo", "2.0")], theirs=[("foo", "2.1")])


def bump_foo_ours_bar_theirs(repo):
    """Ours moves foo, theirs moves bar: a merge the locks settle by themselves."""
    three_commits(repo, {"pyproject.toml": pyproject(["foo", "bar"])}, base=[("foo", "1.0"), ("bar", "1.0")],
                  ours=[("foo", "2.0")], theirs=[("bar", "2.0")], theirs_upgrade=("bar",))


def versions_at(repo, rev):
    """The versions the lock committed at `rev` holds."""
    return versions(repo.git("show", f"{rev}:uv.lock").stdout)


def merge(repo, branch="topic", **env):
    """`git merge <branch>` through the installed driver, with `env` added to the repository's
    environment; the result is returned whatever git's exit code."""
    return subprocess.run(["git", "merge", "-q", "--no-edit", branch], cwd=repo.work, env=dict(repo.env, **env),
                          capture_output=True, text=True, timeout=300)


def merged_or_markers(repo, r):
    """Exit 0 means a lock uv accepts; otherwise markers must be there."""
    text = repo.lock_text()
    if r.returncode == 0:
        return repo.assert_finished(r)
    assert "<<<<<<<" in text, f"non-zero exit without markers:\n{r.stderr}\n{text}"
    return None


def fresh_uv_versions(repo):
    """What real uv locks from scratch for the merged pyproject.toml (the newest versions fit
    in these cases, so this is what the merge must give), leaving the merged lock in place."""
    merged = repo.lock_text()
    (repo.work / "uv.lock").unlink()
    repo.uv("lock")
    fresh = repo.lock_text()
    (repo.work / "uv.lock").write_text(merged)
    return versions(fresh)


def judged(repo, r):
    """merged_or_markers, and a finished merge must hold what a fresh `uv lock` gives."""
    got = merged_or_markers(repo, r)
    if got is not None:
        assert got == fresh_uv_versions(repo), got
    return got
