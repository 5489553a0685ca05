"""lock-merge's re-resolution under attack: cases built to make it exit 0 with a wrong lock.

Every case is a real git operation through the installed driver on a local find-links
index of wheels (tests/fixtures/wheelmaker.py), with each commit locked by real uv
0.12.5. Real uv is the judge: a driver that exits 0 must leave a lock that `uv lock
--check` accepts for the pyproject.toml git merged, and keep each side's deliberate
changes (an added package, a bump) where the merged requirements allow them. A case
the driver cannot finish must end with markers and a non-zero exit.
"""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parent))
from adversarial_merges import repo  # noqa: E402,F401  (fixtures)
from adversarial_merges import (  # noqa: E402
    bump_foo_on_both_sides, bump_foo_ours_bar_theirs, fresh_uv_versions, judged, merge, merged_or_markers,
    three_commits, versions_at)
from test_lock_merge_reresolve import LOCK_MERGE, UV, pyproject, versions  # noqa: E402


def test_one_side_adds_an_extra(repo):
    base = pyproject(["foo", "baz"])
    ours = base + '\n[project.optional-dependencies]\nfast = ["bar"]\n'
    bump_foo_on_both_sides(repo, {"pyproject.toml": base}, {"pyproject.toml": ours})
    r = merge(repo)
    got = repo.assert_finished(r)
    assert got["foo"] == ["2.1"] and got["bar"] == ["1.0"], got


def test_one_side_adds_a_group_the_other_removes_a_requirement(repo):
    base = pyproject(["foo", "bar", "baz"])
    ours = pyproject(["foo", "bar", "baz"]) + '\n[dependency-groups]\ndev = ["bar"]\n'
    theirs = pyproject(["foo", "baz"])
    bump_foo_on_both_sides(repo, {"pyproject.toml": base}, {"pyproject.toml": ours}, {"pyproject.toml": theirs})
    r = merge(repo)
    got = repo.assert_finished(r)
    assert got["foo"] == ["2.1"] and got["bar"] == ["1.0"], got


def test_one_side_adds_a_constraint(repo):
    base = pyproject(["foo", "baz"])
    ours = base + '\n[tool.uv]\nconstraint-dependencies = ["foo<2.1"]\n'
    bump_foo_on_both_sides(repo, {"pyproject.toml": base}, {"pyproject.toml": ours})
    r = merge(repo)
    got = repo.assert_finished(r)
    assert got["foo"] == ["2.0"], got


def test_one_side_adds_an_override(repo):
    base = pyproject(["foo", "baz"])
    ours = base + '\n[tool.uv]\noverride-dependencies = ["foo==2.0"]\n'
    bump_foo_on_both_sides(repo, {"pyproject.toml": base}, {"pyproject.toml": ours})
    r = merge(repo)
    got = merged_or_markers(repo, r)
    if got is not None:
        assert got["foo"] == ["2.0"], got


def test_one_side_adds_a_uv_toml_constraint(repo):
    base = pyproject(["foo", "baz"])
    bump_foo_on_both_sides(repo, {"pyproject.toml": base}, {"uv.toml": 'constraint-dependencies = ["foo<2.1"]\n'})
    r = merge(repo)
    got = repo.assert_finished(r)
    # uv 0.12.5 reads constraint-dependencies from pyproject.toml only: foo 2.1 stands.
    assert got == fresh_uv_versions(repo), got


def test_one_side_raises_requires_python(repo):
    base = pyproject(["foo", "baz"])
    ours = base.replace('">=3.11"', '">=3.11.1"')
    bump_foo_on_both_sides(repo, {"pyproject.toml": base}, {"pyproject.toml": ours})
    r = merge(repo)
    got = repo.assert_finished(r)
    assert got["foo"] == ["2.1"], got
    assert 'requires-python = ">=3.11.1"' in repo.lock_text()


def test_one_side_adds_a_marker(repo):
    base = pyproject(["foo", "baz"])
    ours = pyproject(["foo", "baz ; sys_platform == 'linux'"])
    bump_foo_on_both_sides(repo, {"pyproject.toml": base}, {"pyproject.toml": ours})
    r = merge(repo)
    got = repo.assert_finished(r)
    assert got["foo"] == ["2.1"], got


def test_lock_in_a_subdirectory(repo):
    """The project and its lock live in sub/: %P is sub/uv.lock."""
    repo.publish(("foo", "1.0"), ("bar", "1.0"))
    sub = repo.work / "sub"
    sub.mkdir()
    repo.write("sub/pyproject.toml", pyproject(["foo", "bar"]))
    def lock_and_commit(msg, *args):
        r = subprocess.run([UV, "lock", *args, "--python", sys.executable], cwd=sub, env=repo.env,
                           capture_output=True, text=True, timeout=300)
        assert r.returncode == 0, r.stderr
        repo.git("add", "-A")
        repo.git("commit", "-qm", msg)
    lock_and_commit("base")
    repo.git("branch", "topic")
    repo.publish(("foo", "2.0"), ("bar", "1.1"))
    repo.write("sub/pyproject.toml", pyproject(["foo", "bar", "baz"]))
    repo.publish(("baz", "1.0"))
    lock_and_commit("ours", "--upgrade-package", "foo")
    repo.git("checkout", "-q", "topic")
    repo.publish(("foo", "2.1"))
    lock_and_commit("theirs", "--upgrade-package", "foo", "--upgrade-package", "bar")
    repo.git("checkout", "-q", "main")
    r = merge(repo)
    text = (sub / "uv.lock").read_text()
    assert r.returncode == 0, r.stderr + text
    assert "<<<<<<<" not in text
    check = subprocess.run([UV, "lock", "--check", "--python", sys.executable], cwd=sub, env=repo.env,
                           capture_output=True, text=True, timeout=300)
    assert check.returncode == 0, check.stderr + text
    got = versions(text)
    assert got["foo"] == ["2.1"] and got["bar"] == ["1.1"] and got["baz"] == ["1.0"], got


def test_workspace_member_added_on_one_side(repo):
    root = lambda deps, src: pyproject(deps, members=["packages/*"], sources=src)  # noqa: E731
    base = {"pyproject.toml": root(["foo", "baz"], [])}
    ours = {"pyproject.toml": root(["foo", "baz", "lib"], ["lib"]),
            "packages/lib/pyproject.toml": pyproject(["bar"], name="lib")}
    bump_foo_on_both_sides(repo, base, ours)
    r = merge(repo)
    got = repo.assert_finished(r)
    assert got["foo"] == ["2.1"] and got["bar"] == ["1.0"] and "lib" in got, got


def test_workspace_member_removed_on_one_side(repo):
    root = lambda deps, src: pyproject(deps, members=["packages/*"], sources=src)  # noqa: E731
    base = {"pyproject.toml": root(["foo", "baz", "lib"], ["lib"]),
            "packages/lib/pyproject.toml": pyproject(["bar"], name="lib")}
    bump_foo_on_both_sides(repo, base)
    repo.git("checkout", "-q", "topic")
    repo.git("rm", "-rq", "packages/lib")
    repo.write("pyproject.toml", root(["foo", "baz"], []))
    repo.uv("lock")
    repo.git("add", "-A")
    repo.git("commit", "-qm", "theirs: drop lib")
    repo.git("checkout", "-q", "main")
    r = merge(repo)
    got = repo.assert_finished(r)
    assert got["foo"] == ["2.1"] and "lib" not in got and "bar" not in got, got


def test_git_am_three_way(repo):
    bump_foo_on_both_sides(repo, {"pyproject.toml": pyproject(["foo", "baz"])},
                           theirs_files={"pyproject.toml": pyproject(["foo", "baz", "bar"])})
    patch = repo.git("format-patch", "--stdout", "main..topic").stdout
    (repo.tmp / "p.mbox").write_text(patch)
    r = repo.git("am", "-3", str(repo.tmp / "p.mbox"), check=False)
    got = merged_or_markers(repo, r)
    if got is not None:
        assert got["foo"] == ["2.1"] and got["bar"] == ["1.0"], got


def test_stash_pop(repo):
    bump_foo_on_both_sides(repo, {"pyproject.toml": pyproject(["foo", "baz"])})
    # theirs' change as uncommitted work on main, stashed, then ours' commit is the HEAD.
    repo.git("checkout", "-q", "main~1")
    repo.git("checkout", "-q", "-b", "wip")
    repo.git("checkout", "-q", "topic", "--", "uv.lock")
    repo.git("stash")
    repo.git("reset", "-q", "--hard", "main")
    r = repo.git("stash", "pop", check=False)
    got = merged_or_markers(repo, r)
    if got is not None:
        assert got["foo"] == ["2.1"], got


def test_rebase_apply_backend(repo):
    bump_foo_on_both_sides(repo, {"pyproject.toml": pyproject(["foo", "baz"])},
                           theirs_files={"pyproject.toml": pyproject(["foo", "baz", "bar"])})
    repo.git("checkout", "-q", "topic")
    r = repo.git("rebase", "--apply", "main", check=False)
    got = merged_or_markers(repo, r)
    if got is not None:
        assert got["foo"] == ["2.1"] and got["bar"] == ["1.0"], got


def test_revert(repo):
    bump_foo_on_both_sides(repo, {"pyproject.toml": pyproject(["foo", "baz"])})
    repo.git("merge", "-q", "--no-edit", "-s", "ours", "topic")  # a history where both bumps exist
    r = repo.git("revert", "--no-edit", "topic", check=False)
    merged_or_markers(repo, r)


def test_driver_by_hand_without_git(repo):
    bump_foo_on_both_sides(repo, {"pyproject.toml": pyproject(["foo", "baz"])},
                           theirs_files={"pyproject.toml": pyproject(["foo", "baz", "bar"])})
    d = repo.tmp / "byhand"
    d.mkdir()
    for name, rev in (("base", "main~1"), ("ours", "main"), ("theirs", "topic")):
        (d / name).write_text(repo.git("show", f"{rev}:uv.lock").stdout)
    (d / "uv.lock").write_text((d / "ours").read_text())
    r = subprocess.run([str(LOCK_MERGE), "base", "uv.lock", "theirs", "uv.lock"], cwd=d, env=repo.env,
                       capture_output=True, text=True, timeout=300)
    text = (d / "uv.lock").read_text()
    if r.returncode == 0:
        got = versions(text)
        assert got["foo"] == ["2.1"] and got["bar"] == ["1.0"], got
    else:
        assert "<<<<<<<" in text, r.stderr + text


def test_symmetry(repo):
    repo.publish(("qux", "1.0"))
    bump_foo_on_both_sides(repo, {"pyproject.toml": pyproject(["foo", "bar", "baz"])},
                           theirs_files={"pyproject.toml": pyproject(["foo", "bar", "baz", "qux"])})
    r1 = merge(repo)
    one = repo.assert_finished(r1)
    repo.git("reset", "-q", "--hard", "HEAD~1")
    repo.git("checkout", "-q", "topic")
    r2 = merge(repo, "main")
    two = repo.assert_finished(r2)
    assert one == two


def test_no_reresolve_keeps_markers(repo):
    bump_foo_on_both_sides(repo, {"pyproject.toml": pyproject(["foo", "baz"])})
    r = merge(repo, LOCKKIT_MERGE_RERESOLVE="0")
    assert r.returncode != 0 and "<<<<<<<" in repo.lock_text()


@pytest.mark.parametrize("setting", ["LOCKKIT_MERGE_BUDGET=soon", "LOCKKIT_MERGE_OFFLINE=maybe",
                                     "git:lockkit.merge.budget=-1", "LOCKKIT_MERGE_BUDGET=nan"])
def test_a_bad_setting_never_leaves_ours_alone(repo, setting):
    """A setting the driver cannot read must not make git keep ours' lock without markers:
    `git add uv.lock` would then drop theirs' bump silently."""
    bump_foo_on_both_sides(repo, {"pyproject.toml": pyproject(["foo", "baz"])})
    env = {}
    if setting.startswith("git:"):
        key, value = setting[4:].split("=")
        repo.git("config", key, value)
    else:
        key, value = setting.split("=")
        env[key] = value
    r = merge(repo, **env)
    text = repo.lock_text()
    assert r.returncode != 0 or "<<<<<<<" not in text
    if r.returncode != 0:
        assert "<<<<<<<" in text, r.stderr + text
    assert "foo" in r.stderr + r.stdout


def driver_with(repo, *options):
    repo.git("config", "merge.uvlock.driver", f"{LOCK_MERGE} %O %A %B %P -L %L " + " ".join(options))


@pytest.mark.parametrize("where", ["command line", "environment", "git config"])
def test_a_budget_of_zero_ends_with_markers_at_once(repo, where):
    """No time to re-resolve: the merge needs one, so markers and the reason, never ours alone."""
    bump_foo_on_both_sides(repo, {"pyproject.toml": pyproject(["foo", "baz"])})
    env = {}
    if where == "command line":
        driver_with(repo, "--budget", "0")
    elif where == "environment":
        env["LOCKKIT_MERGE_BUDGET"] = "0"
    else:
        repo.git("config", "lockkit.merge.budget", "0")
    r = merge(repo, **env)
    text = repo.lock_text()
    assert r.returncode != 0 and "<<<<<<<" in text, r.stderr + text
    assert 'version = "2.0"' in text and 'version = "2.1"' in text  # both sides' foo, between markers
    assert "the time budget is 0 seconds, so no re-resolution was tried" in r.stderr, r.stderr


def test_a_budget_of_zero_leaves_a_merge_without_conflicts_alone(repo):
    """A merge the locks settle by themselves needs no budget: it ends cleanly."""
    bump_foo_ours_bar_theirs(repo)
    driver_with(repo, "--budget", "0")
    got = repo.assert_finished(merge(repo))
    assert got["foo"] == ["2.0"] and got["bar"] == ["2.0"], got


@pytest.mark.parametrize("budget", ["soon", "-1", "nan", "inf", "0x10", "' 5'", "''"])
def test_an_unreadable_budget_on_the_command_line_still_writes_the_merge(repo, budget):
    """A usage error (exit 2), but git must not be left with ours' lock and no markers: that is
    what git shows for a driver that fails without writing (CONFLICT, the file as ours had it),
    and `git add` would then drop theirs' bump silently."""
    bump_foo_on_both_sides(repo, {"pyproject.toml": pyproject(["foo", "baz"])})
    driver_with(repo, "--budget", budget)
    r = merge(repo)
    text = repo.lock_text()
    assert r.returncode != 0
    assert "<<<<<<<" in text and 'version = "2.1"' in text, r.stderr + text
    assert "lock-merge: error: --budget:" in r.stderr and "is not a number of seconds" in r.stderr, r.stderr


def test_an_unreadable_budget_with_a_merge_the_locks_settle(repo):
    """Exit 2 makes git report a conflict, but the file holds both sides' changes, no markers."""
    bump_foo_ours_bar_theirs(repo)
    driver_with(repo, "--budget", "soon")
    r = merge(repo)
    assert r.returncode != 0 and "CONFLICT" in r.stdout + r.stderr
    text = repo.lock_text()
    assert "<<<<<<<" not in text
    got = versions(text)
    assert got["foo"] == ["2.0"] and got["bar"] == ["2.0"], got
    check = repo.uv("lock", "--check", check=False)
    assert check.returncode == 0, check.stderr


def test_one_side_asks_for_an_extra_the_other_sides_version_was_locked_without(repo):
    """Ours asks for foo[ext] (locked with foo 2.0); theirs moved foo to 2.1, locked without the
    extra. foo 2.1 is the merge's foo, and its extra needs bar: no lock records that edge, so the
    locks alone cannot answer."""
    spec = lambda v: dict(name="foo", version=v, requires=["bar ; extra == 'ext'"], extras=["ext"])  # noqa: E731
    three_commits(repo, {"pyproject.toml": pyproject(["foo", "baz"])},
                  {"pyproject.toml": pyproject(["foo[ext]", "baz"])},
                  base=[spec("1.0"), dict(name="bar", version="1.0"), dict(name="baz", version="1.0")],
                  ours=[spec("2.0")], theirs=[spec("2.1")])
    assert "bar" not in versions_at(repo, "topic")
    judged(repo, merge(repo))


def test_one_side_widens_requires_python(repo):
    """Ours lowers requires-python to 3.10, which brings in foo's `tomlish ; python_version <
    '3.11'`; theirs' foo 2.1 was locked for >=3.11 only, without that edge."""
    spec = lambda v: dict(name="foo", version=v, requires=["tomlish ; python_version < '3.11'"])  # noqa: E731
    three_commits(repo, {"pyproject.toml": pyproject(["foo", "baz"])},
                  {"pyproject.toml": pyproject(["foo", "baz"]).replace('">=3.11"', '">=3.10"')},
                  base=[spec("1.0"), dict(name="tomlish", version="1.0"), dict(name="baz", version="1.0")],
                  ours=[spec("2.0")], theirs=[spec("2.1")])
    assert "tomlish" not in versions_at(repo, "main~1")
    assert "tomlish" in versions_at(repo, "main")
    judged(repo, merge(repo))


def drop_a_marker_on_one_side(repo):
    """Base and theirs require foo on Linux only, so their locks never record foo's Windows-only
    edge to winonly; ours requires foo everywhere (locked with foo 2.0 and winonly); theirs moved
    foo to 2.1. foo 2.1 on Windows needs winonly too."""
    spec = lambda v: dict(name="foo", version=v, requires=["winonly ; sys_platform == 'win32'"])  # noqa: E731
    three_commits(repo, {"pyproject.toml": pyproject(["foo ; sys_platform == 'linux'", "baz"])},
                  {"pyproject.toml": pyproject(["foo", "baz"])},
                  base=[spec("1.0"), dict(name="winonly", version="1.0"), dict(name="baz", version="1.0")],
                  ours=[spec("2.0")], theirs=[spec("2.1")])
    assert "winonly" not in versions_at(repo, "main~1")
    assert "winonly" in versions_at(repo, "main")


def test_one_side_drops_a_marker(repo):
    drop_a_marker_on_one_side(repo)
    r = merge(repo)
    got = repo.assert_finished(r)
    assert got == fresh_uv_versions(repo), got
    assert got["foo"] == ["2.1"] and got["winonly"] == ["1.0"], got


def test_one_side_drops_a_marker_offline(repo):
    """With no index to ask, only the locks can answer, and none recorded foo 2.1's edges on
    Windows: markers, and the reason."""
    drop_a_marker_on_one_side(repo)
    shutil.rmtree(repo.links)  # the local find-links directory is an index even offline
    r = merge(repo, LOCKKIT_MERGE_OFFLINE="1")
    assert r.returncode != 0 and "<<<<<<<" in repo.lock_text(), r.stderr
    assert "foo 2.1 is reached where no lock that holds it reached it" in r.stderr, r.stderr


def test_a_new_dependency_does_not_undo_the_other_sides_bump(repo):
    three_commits(repo, {"pyproject.toml": pyproject(["foo", "baz"])},
                  {"pyproject.toml": pyproject(["foo", "baz", "a"])},
                  base=[("foo", "1.0"), ("a", "1.0", "foo>=1"), ("baz", "1.0")], ours=[("foo", "2.0")],
                  theirs=[("foo", "2.1")])
    r = merge(repo)
    got = merged_or_markers(repo, r)
    if got is not None:
        assert got["foo"] == ["2.1"] and got["a"] == ["1.0"], got
