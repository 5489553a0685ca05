"""lock-merge finishes merges by resolving again, judged by real uv.

Each test builds a git repository on a local find-links index of wheels made by
tests/fixtures/wheelmaker.py, locks every commit with real uv 0.12.5, installs
the driver with `lock-merge install`, and runs a real `git merge`, `git rebase`
or `git cherry-pick`. Both sides change the same packages, so the semantic merge
alone ends in conflicts; the driver re-resolves the merged requirements. Each
case must end without markers, with a lock that `uv lock --check` accepts for
the merged pyproject.toml, and with every bump a side made kept wherever the
merged requirements allow it.

When pyproject.toml itself conflicts, the driver leaves markers around the
conflicting packages only and says how to finish; the test resolves
pyproject.toml and `lock resolve` finishes the merge.
"""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT / "tests" / "fixtures"))
import uv_oracle  # noqa: E402
import wheelmaker  # noqa: E402

BUILD = Path(os.environ.get("LOCKKIT_BUILD_DIR", ROOT / "build")).resolve()
LOCK_MERGE = BUILD / "tools" / "lock-merge" / "lock-merge"
LOCK = BUILD / "tools" / "lock" / "lock"

UV, _WHY_NO_UV = uv_oracle.find_uv()
if UV is None:
    pytest.skip(f"real uv unavailable: {_WHY_NO_UV}", allow_module_level=True)


def pyproject(deps, name="app", members=None, sources=None):
    """One dependency per line, so that edits at the two ends merge cleanly in git."""
    lines = "".join(f'    "{d}",\n' for d in deps)
    text = (f'[project]\nname = "{name}"\nversion = "0.1.0"\nrequires-python = ">=3.11"\n'
            f"dependencies = [\n{lines}]\n")
    if members:
        text += "\n[tool.uv.workspace]\nmembers = [" + ", ".join(f'"{m}"' for m in members) + "]\n"
    if sources:
        text += "\n[tool.uv.sources]\n" + "".join(f"{k} = {{ workspace = true }}\n" for k in sources)
    return text


def versions(lock_text):
    out = {}
    for name, version in re.findall(r'\[\[package\]\]\nname = "([^"]+)"\nversion = "([^"]+)"', lock_text):
        out.setdefault(name, []).append(version)
    return out


class Repo:
    """A git repository locked by real uv on a local find-links index, with lock-merge installed."""

    def __init__(self, tmp: Path):
        for tool in (LOCK_MERGE, LOCK):
            if not tool.exists():
                pytest.skip(f"{tool} not built")
        self.tmp = tmp
        self.links = tmp / "links"
        self.links.mkdir()
        self.work = tmp / "repo"
        self.work.mkdir()
        self.env = uv_oracle.sandbox_env(
            tmp / "uv-home", UV_FIND_LINKS=str(self.links), UV_NO_INDEX="1",
            HOME=str(tmp), GIT_CONFIG_NOSYSTEM="1", GIT_AUTHOR_NAME="t", GIT_AUTHOR_EMAIL="t@example.com",
            GIT_COMMITTER_NAME="t", GIT_COMMITTER_EMAIL="t@example.com", GIT_EDITOR="true",
            GIT_SEQUENCE_EDITOR="true", LOCKKIT_CACHE_DIR=str(tmp / "lockkit-cache"))
        self.git("init", "-q", "-b", "main")
        r = subprocess.run([str(LOCK_MERGE), "install"], cwd=self.work, env=self.env, capture_output=True, text=True)
        assert r.returncode == 0, r.stderr
        self.git("add", "-A")
        self.git("commit", "-qm", "driver")

    def git(self, *args, check=True):
        r = subprocess.run(["git", *args], cwd=self.work, env=self.env, capture_output=True, text=True, timeout=300)
        if check and r.returncode != 0:
            pytest.fail(f"git {' '.join(args)} failed:\n{r.stdout}\n{r.stderr}")
        return r

    def publish(self, *specs):
        wheelmaker.build_index(self.links, [dict(name=s[0], version=s[1], requires=list(s[2:])) for s in specs])

    def uv(self, *args, check=True):
        r = subprocess.run([UV, *args, "--python", sys.executable], cwd=self.work, env=self.env,
                           capture_output=True, text=True, timeout=300)
        if check and r.returncode != 0:
            pytest.fail(f"uv {' '.join(args)} failed:\n{r.stderr}")
        return r

    def write(self, path, text):
        p = self.work / path
        p.parent.mkdir(parents=True, exist_ok=True)
        p.write_text(text)

    def commit(self, message, files, *lock_args):
        """Writes the files, locks with real uv (keeping the current lock's versions) and commits."""
        for path, text in files.items():
            self.write(path, text)
        self.uv("lock", *lock_args)
        self.git("add", "-A")
        self.git("commit", "-qm", message)
        return (self.work / "uv.lock").read_text()

    def lock_text(self):
        return (self.work / "uv.lock").read_text()

    def assert_finished(self, result):
        """No markers, git saw no conflict, and real uv accepts the lock for the merged pyproject.toml."""
        text = self.lock_text()
        assert result.returncode == 0, f"{result.stdout}\n{result.stderr}\n{text}"
        assert "<<<<<<<" not in text and ">>>>>>>" not in text
        check = self.uv("lock", "--check", check=False)
        assert check.returncode == 0, f"uv lock --check rejects the merged lock:\n{check.stderr}\n{text}"
        return versions(text)


@pytest.fixture
def repo(tmp_path):
    return Repo(tmp_path)


def both_bump(repo):
    """Base locks foo 1.0, bar 1.0 and qux 1.0 (which needs foo). Ours (main) bumps foo to
    2.0 and bar to 1.1; theirs (topic) bumps foo to 2.1. Requirements are unchanged."""
    repo.publish(("foo", "1.0"), ("bar", "1.0"), ("qux", "1.0", "foo"))
    repo.commit("base", {"pyproject.toml": pyproject(["foo", "bar", "qux"])})
    repo.git("branch", "topic")
    repo.publish(("foo", "2.0"), ("bar", "1.1"))
    repo.commit("ours: bump foo and bar", {}, "--upgrade-package", "foo", "--upgrade-package", "bar")
    repo.git("checkout", "-q", "topic")
    repo.publish(("foo", "2.1"))
    # Theirs sees 2.1 and 2.0 published and takes 2.1; bar stays.
    repo.commit("theirs: bump foo", {}, "--upgrade-package", "foo")
    repo.git("checkout", "-q", "main")


def test_both_sides_bump_the_same_package_merge(repo):
    both_bump(repo)
    r = repo.git("merge", "-q", "--no-edit", "topic", check=False)
    got = repo.assert_finished(r)
    # Both bumped foo: the newer of the two; bar: ours' bump; qux untouched.
    assert got["foo"] == ["2.1"] and got["bar"] == ["1.1"] and got["qux"] == ["1.0"], got
    assert "re-resolved" in r.stderr


def test_both_sides_bump_rebase(repo):
    both_bump(repo)
    repo.git("checkout", "-q", "topic")
    r = repo.git("rebase", "main", check=False)
    got = repo.assert_finished(r)
    assert got["foo"] == ["2.1"] and got["bar"] == ["1.1"], got


def test_both_sides_bump_cherry_pick(repo):
    both_bump(repo)
    r = repo.git("cherry-pick", "topic", check=False)
    got = repo.assert_finished(r)
    assert got["foo"] == ["2.1"] and got["bar"] == ["1.1"], got


def test_prefer_ours_keeps_ours_bump(repo):
    both_bump(repo)
    repo.git("config", "merge.uvlock.driver", f"{LOCK_MERGE} %O %A %B %P --prefer ours")
    r = repo.git("merge", "-q", "--no-edit", "topic", check=False)
    got = repo.assert_finished(r)
    assert got["foo"] == ["2.0"] and got["bar"] == ["1.1"], got


def test_new_dependencies_sharing_a_transitive_one(repo):
    """Ours adds a (needs c, locked c 1.0); later c 2.0 and b (needs c>=2) appear and theirs
    adds b (c 2.0). The locks never pair a with c 2.0, so the index answers: a accepts it."""
    repo.publish(("x", "1.0"), ("y", "1.0"), ("z", "1.0"), ("c", "1.0"), ("a", "1.0", "c"))
    repo.commit("base", {"pyproject.toml": pyproject(["x", "y", "z"])})
    repo.git("branch", "topic")
    repo.commit("ours: add a", {"pyproject.toml": pyproject(["a", "x", "y", "z"])})
    assert versions(repo.lock_text())["c"] == ["1.0"]
    repo.git("checkout", "-q", "topic")
    repo.publish(("c", "2.0"), ("b", "1.0", "c>=2"))
    repo.commit("theirs: add b", {"pyproject.toml": pyproject(["x", "y", "z", "b"])})
    repo.git("checkout", "-q", "main")
    r = repo.git("merge", "-q", "--no-edit", "topic", check=False)
    got = repo.assert_finished(r)
    assert got["a"] == ["1.0"] and got["b"] == ["1.0"] and got["c"] == ["2.0"], got
    assert "with the indexes" in r.stderr


def test_removed_dependency_that_the_other_side_bumps(repo):
    repo.publish(("foo", "1.0"), ("baz", "1.0"), ("bar", "1.0"), ("x", "1.0"))
    repo.commit("base", {"pyproject.toml": pyproject(["baz", "x", "foo"])})
    repo.git("branch", "topic")
    repo.publish(("foo", "2.0"), ("baz", "1.1"))
    # Ours drops baz and bumps foo.
    repo.commit("ours", {"pyproject.toml": pyproject(["x", "foo"])}, "--upgrade-package", "foo")
    repo.git("checkout", "-q", "topic")
    repo.publish(("foo", "2.1"))
    repo.commit("theirs", {}, "--upgrade-package", "baz", "--upgrade-package", "foo")
    repo.git("checkout", "-q", "main")
    r = repo.git("merge", "-q", "--no-edit", "topic", check=False)
    got = repo.assert_finished(r)
    assert "baz" not in got and got["foo"] == ["2.1"], got


def test_workspace_members_changed_on_both_sides(repo):
    repo.publish(("foo", "1.0"), ("bar", "1.0"), ("qux", "1.0"), ("x", "1.0"))
    root = lambda deps: pyproject(deps, members=["packages/*"], sources=["lib"])  # noqa: E731
    lib = lambda deps: pyproject(deps, name="lib")  # noqa: E731
    repo.commit("base", {"pyproject.toml": root(["lib", "x", "foo"]), "packages/lib/pyproject.toml": lib(["x", "foo"])})
    repo.git("branch", "topic")
    repo.publish(("foo", "2.0"))
    repo.commit("ours", {"packages/lib/pyproject.toml": lib(["bar", "x", "foo"])}, "--upgrade-package", "foo")
    repo.git("checkout", "-q", "topic")
    repo.publish(("foo", "2.1"))
    repo.commit("theirs", {"pyproject.toml": root(["lib", "x", "foo", "qux"])}, "--upgrade-package", "foo")
    repo.git("checkout", "-q", "main")
    r = repo.git("merge", "-q", "--no-edit", "topic", check=False)
    got = repo.assert_finished(r)
    assert got["foo"] == ["2.1"] and got["bar"] == ["1.0"] and got["qux"] == ["1.0"], got


def test_conflicting_pyproject_then_lock_resolve(repo):
    """Both sides edit foo's requirement line: git cannot merge pyproject.toml. The driver
    leaves markers around foo only (bar, bumped by ours alone, is merged) and says how to
    finish; with pyproject.toml resolved, `lock resolve` keeps theirs' foo (ours' does not fit)
    and ours' bar."""
    repo.publish(("foo", "1.0"), ("bar", "1.0"), ("x", "1.0"))
    repo.commit("base", {"pyproject.toml": pyproject(["foo", "x", "bar"])})
    repo.git("branch", "topic")
    repo.publish(("foo", "1.5"), ("foo", "2.0"), ("bar", "1.1"))
    repo.commit("ours", {"pyproject.toml": pyproject(["foo>=1.5", "x", "bar"])}, "--upgrade-package", "bar")
    assert versions(repo.lock_text())["foo"] == ["2.0"]
    repo.git("checkout", "-q", "topic")
    repo.commit("theirs", {"pyproject.toml": pyproject(["foo>=1,<2", "x", "bar"])}, "--upgrade-package", "foo")
    assert versions(repo.lock_text())["foo"] == ["1.5"]
    repo.git("checkout", "-q", "main")
    r = repo.git("merge", "-q", "--no-edit", "topic", check=False)
    assert r.returncode != 0
    text = repo.lock_text()
    assert "<<<<<<<" in text
    outside = re.sub(r"<<<<<<<.*?>>>>>>>[^\n]*\n", "", text, flags=re.S)
    assert 'name = "bar"\nversion = "1.1"' in outside
    assert "resolve pyproject.toml, then run `lock resolve`" in r.stdout + r.stderr
    repo.write("pyproject.toml", pyproject(["foo>=1.5,<2", "x", "bar"]))
    done = subprocess.run([str(LOCK), "resolve"], cwd=repo.work, env=repo.env, capture_output=True, text=True,
                          timeout=300)
    assert done.returncode == 0, done.stderr
    got = versions(repo.lock_text())
    assert got["foo"] == ["1.5"] and got["bar"] == ["1.1"], got
    check = repo.uv("lock", "--check", check=False)
    assert check.returncode == 0, check.stderr


def test_report_says_where_each_version_came_from(repo):
    both_bump(repo)
    report = repo.tmp / "report.json"
    repo.git("config", "merge.uvlock.driver", f"{LOCK_MERGE} %O %A %B %P --report {report}")
    r = repo.git("merge", "-q", "--no-edit", "topic", check=False)
    repo.assert_finished(r)
    doc = json.loads(report.read_text())
    res = doc["resolution"]
    assert res["resolved"] is True and res["from_locks_only"] is True
    by_name = {p["name"]: p for p in res["packages"]}
    assert by_name["bar"]["from"] == "ours" and by_name["foo"]["from"] == "theirs"
    assert by_name["qux"]["from"] == "both" and by_name["qux"]["reason"] == "unchanged on both sides"


def test_budget_ends_with_markers(repo):
    both_bump(repo)
    env_budget = dict(repo.env, LOCKKIT_MERGE_BUDGET="0.000001")
    r = subprocess.run(["git", "merge", "-q", "--no-edit", "topic"], cwd=repo.work, env=env_budget,
                       capture_output=True, text=True, timeout=300)
    assert r.returncode != 0
    assert "<<<<<<<" in repo.lock_text()
    assert "time budget" in r.stderr + r.stdout


def test_budget_on_the_command_line_wins_over_the_environment(repo):
    """The environment's settings are read when the merge re-resolves, after the command
    line: `--budget` must still win over LOCKKIT_MERGE_BUDGET."""
    both_bump(repo)
    repo.git("config", "merge.uvlock.driver", f"{LOCK_MERGE} %O %A %B %P --budget 120")
    env_budget = dict(repo.env, LOCKKIT_MERGE_BUDGET="0.000001")
    r = subprocess.run(["git", "merge", "-q", "--no-edit", "topic"], cwd=repo.work, env=env_budget,
                       capture_output=True, text=True, timeout=300)
    got = repo.assert_finished(r)
    assert got["foo"] == ["2.1"] and got["bar"] == ["1.1"], got


def test_settings_are_read_only_for_a_re_resolution(repo):
    """A clean merge needs no re-resolution settings: a bad one in git config neither delays
    nor troubles it, and the merge that does re-resolve names it and leaves markers."""
    repo.publish(("foo", "1.0"), ("bar", "1.0"))
    repo.commit("base", {"pyproject.toml": pyproject(["foo", "bar"])})
    repo.git("branch", "topic")
    repo.publish(("foo", "2.0"))
    repo.commit("ours: bump foo", {}, "--upgrade-package", "foo")
    repo.git("checkout", "-q", "topic")
    repo.publish(("bar", "2.0"))
    repo.commit("theirs: bump bar", {}, "--upgrade-package", "bar")
    repo.git("checkout", "-q", "main")
    repo.git("config", "lockkit.merge.offline", "maybe")
    r = repo.git("merge", "-q", "--no-edit", "topic", check=False)
    got = repo.assert_finished(r)
    assert got["foo"] == ["2.0"] and got["bar"] == ["2.0"], got
    assert "maybe" not in r.stderr and "error" not in r.stderr, r.stderr


def test_a_bad_setting_is_named_when_the_merge_re_resolves(repo):
    both_bump(repo)
    repo.git("config", "lockkit.merge.offline", "maybe")
    r = repo.git("merge", "-q", "--no-edit", "topic", check=False)
    assert r.returncode != 0 and "<<<<<<<" in repo.lock_text()
    assert "lockkit.merge.offline: `maybe` is not a boolean; merging without re-resolution" in r.stderr, r.stderr
