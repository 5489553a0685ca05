"""Which commits lie behind a merge driver run, for every git operation that
runs merge drivers.

A test driver (build/tests/merge_context_probe) records what
lockkit::git::find_merge_commits() finds; each test runs a real git operation
in a throw-away repository and compares it with the commits git actually
used. The file also checks git's merge of pyproject.toml at those commits.
"""

from __future__ import annotations

import json
import os
import subprocess
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
BUILD = Path(os.environ.get("LOCKKIT_BUILD_DIR", ROOT / "build"))
PROBE = BUILD / "tests" / "merge_context_probe"

def lines(*changed):
    """A nine-line stand-in for uv.lock; `changed` maps line numbers to new text."""
    out = [str(i) for i in range(1, 10)]
    for number, text in changed:
        out[number - 1] = text
    return "\n".join(out) + "\n"


# Edits two lines apart merge cleanly, so git calls the driver and goes on.
LOCK = {
    "base": lines(),
    "topic1": lines((2, "B")),
    "topic2": lines((2, "B"), (5, "E")),
    "main": lines((8, "H")),
}


def pyproject(*deps):
    """One dependency per line with an untouched one between the first and the
    last, so that edits to those two merge cleanly (git conflicts on adjacent lines)."""
    first, last = deps
    return f"[project]\nname = 'app'\ndependencies = [\n  '{first}',\n  'middle',\n  '{last}',\n]\n"


@pytest.fixture
def repo(tmp_path):
    if not PROBE.exists():
        pytest.skip(f"{PROBE} not built")
    work = tmp_path / "repo"
    log = tmp_path / "probe.log"
    env = dict(os.environ, HOME=str(tmp_path), GIT_CONFIG_NOSYSTEM="1", GIT_AUTHOR_NAME="t",
               GIT_AUTHOR_EMAIL="t@example.com", GIT_COMMITTER_NAME="t", GIT_COMMITTER_EMAIL="t@example.com",
               PROBE_LOG=str(log), PROBE_MERGE_FILE="pyproject.toml", GIT_SEQUENCE_EDITOR="true")

    def git(*args, check=True):
        return subprocess.run(["git", *args], cwd=work, env=env, capture_output=True, text=True, check=check)

    def write(name, text):
        (work / name).write_text(text)

    work.mkdir()
    git("init", "-q", "-b", "main")
    git("config", "merge.uvlock.driver", f"{PROBE} %O %A %B %P")
    write(".gitattributes", "uv.lock merge=uvlock\n")
    write("uv.lock", LOCK["base"])
    write("pyproject.toml", pyproject("a", "b"))
    git("add", "-A")
    git("commit", "-qm", "base")
    git("checkout", "-qb", "topic")
    write("uv.lock", LOCK["topic1"])
    write("pyproject.toml", pyproject("a>=2", "b"))
    git("commit", "-qam", "topic1")
    write("uv.lock", LOCK["topic2"])
    git("commit", "-qam", "topic2")
    git("checkout", "-q", "main")
    write("uv.lock", LOCK["main"])
    write("pyproject.toml", pyproject("a", "b<3"))
    git("commit", "-qam", "main change")

    def rev(spec):
        return git("rev-parse", spec).stdout.strip()

    def runs():
        if not log.exists():
            return []
        return [json.loads(line) for line in log.read_text().splitlines()]

    return work, git, rev, runs, write


def expect(run, operation, base, ours, theirs):
    assert run["found"], run
    assert run["operation"] == operation
    assert (run["base"], run["ours"], run["theirs"]) == (base, ours, theirs)


def test_merge(repo):
    work, git, rev, runs, _ = repo
    base, main, topic = rev("main~1"), rev("main"), rev("topic")
    git("merge", "--no-edit", "topic")
    [run] = runs()
    expect(run, "merge", base, main, topic)
    # git's merge of pyproject.toml at those commits: both edits, no conflict.
    assert run["merged_conflicted"] is False
    assert run["merged"] == pyproject("a>=2", "b<3")


def test_cherry_pick_of_one_commit(repo):
    _, git, rev, runs, _ = repo
    topic1, main = rev("topic~1"), rev("main")
    git("cherry-pick", "topic~1")
    [run] = runs()
    expect(run, "cherry-pick", rev("topic~2"), main, topic1)


def test_cherry_pick_of_a_range(repo):
    _, git, rev, runs, _ = repo
    topic1, topic2, main = rev("topic~1"), rev("topic"), rev("main")
    git("cherry-pick", "main~1..topic")
    first, second = runs()
    expect(first, "cherry-pick", rev("topic~2"), main, topic1)
    expect(second, "cherry-pick", topic1, rev("HEAD~1"), topic2)


@pytest.mark.parametrize("backend", ["--merge", "--apply", "-i"])
def test_rebase(repo, backend):
    _, git, rev, runs, _ = repo
    topic1, topic2, main = rev("topic~1"), rev("topic"), rev("main")
    git("checkout", "-q", "topic")
    git("rebase", backend, "main")
    first, second = runs()
    expect(first, "rebase", rev("main~1"), main, topic1)
    expect(second, "rebase", topic1, rev("HEAD~1"), topic2)


def test_revert(repo):
    _, git, rev, runs, write = repo
    git("checkout", "-q", "topic")
    write("uv.lock", lines((2, "B"), (5, "E"), (9, "later")))
    git("commit", "-qam", "later")
    reverted = rev("HEAD~1")
    head = rev("HEAD")
    git("revert", "--no-edit", "HEAD~1")
    [run] = runs()
    expect(run, "revert", reverted, head, rev(reverted + "~1"))


def test_stash_pop(repo):
    _, git, rev, runs, write = repo
    git("checkout", "-q", "topic~1")
    write("uv.lock", lines((2, "B"), (5, "stashed")))
    git("stash")
    stash, stash_base = rev("refs/stash"), rev("refs/stash^1")
    git("checkout", "-q", "main")
    main = rev("main")
    git("stash", "pop")
    [run] = runs()
    expect(run, "stash", stash_base, main, stash)


def test_am_three_way_has_no_context(repo, tmp_path):
    work, git, rev, runs, _ = repo
    git("format-patch", "-1", "topic~1", "-o", str(tmp_path / "patches"))
    patch = next((tmp_path / "patches").iterdir())
    git("am", "-3", str(patch))
    [run] = runs()
    assert run["found"] is False


def test_driver_run_by_hand_has_no_context(repo, tmp_path):
    work, git, rev, runs, _ = repo
    for name in ("base", "ours", "theirs"):
        (tmp_path / name).write_text(LOCK["topic1"] if name == "theirs" else LOCK["base"])
    env = dict(os.environ, PROBE_LOG=str(tmp_path / "probe.log"))
    subprocess.run([str(PROBE), str(tmp_path / "base"), str(tmp_path / "ours"), str(tmp_path / "theirs"), "uv.lock"],
                   cwd=work, env=env, check=False)
    [run] = runs()
    assert run["found"] is False


def test_conflicting_pyproject_is_reported(repo):
    work, git, rev, runs, write = repo
    git("checkout", "-q", "topic")
    write("pyproject.toml", pyproject("a>=2", "b>=5"))
    write("uv.lock", lines((2, "B"), (5, "E"), (6, "T")))
    git("commit", "-qam", "topic3")
    git("checkout", "-q", "main")
    git("merge", "--no-edit", "topic", check=False)
    [run] = runs()
    assert run["found"]
    assert run["merged_conflicted"] is True
    assert "<<<<<<<" in run["merged"]
