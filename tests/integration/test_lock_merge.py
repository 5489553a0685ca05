"""lock-merge as a git merge driver, in real git repositories.

Each test builds a throwaway repository under tmp_path (with HOME pointed there,
so no user config is read or written), registers the driver with
`lock-merge install`, and runs `git merge` / `git cherry-pick` on branches that
change different or the same packages of uv.lock. Binaries come from
LOCKKIT_BUILD_DIR (default <repo>/build).
"""
import hashlib
import json
import os
import shutil
import subprocess
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
BUILD = Path(os.environ.get("LOCKKIT_BUILD_DIR", ROOT / "build"))
LOCK_MERGE = BUILD / "tools" / "lock-merge" / "lock-merge"
LOCK_VERIFY = BUILD / "tools" / "lock-verify" / "lock-verify"
CORPUS = Path(os.environ.get("LOCKKIT_CORPUS", ROOT.parent / "shared" / "corpus"))


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
                    f'hash = "sha256:{hashlib.sha256((name + version).encode()).hexdigest()}", size = 10 }}\n')
    return out


def side_files(tmp_path, base, ours, theirs, *others):
    """tmp_path/base, ours and theirs holding those texts (None: left unwritten), and the paths of
    `others` beside them."""
    paths = [tmp_path / n for n in ("base", "ours", "theirs", *others)]
    for path, text in zip(paths, (base, ours, theirs)):
        if text is not None:
            path.write_text(text)
    return paths


def run_driver(base, ours, theirs, *args, cwd=None):
    """The driver by hand, as git runs it: lock-merge BASE OURS THEIRS ARGS..., the result in OURS."""
    return subprocess.run([str(LOCK_MERGE), str(base), str(ours), str(theirs), *args], cwd=cwd, capture_output=True,
                          text=True)


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
    base, ours, theirs = side_files(tmp_path, lock_text({"a": "1.0"}),
                                    lock_text({"a": "1.0"})[:-20],  # truncated
                                    lock_text({"a": "1.0", "z": "1.0"}))  # changes the truncated tail too
    r = run_driver(base, ours, theirs, "uv.lock")
    assert r.returncode == 1
    assert "textual merge" in r.stderr
    assert "<<<<<<< ours" in ours.read_text()
    # A textually clean merge of an unparsable side is still not a success.
    ours.write_text(lock_text({"a": "1.0"})[:-20])
    theirs.write_text(lock_text({"a": "1.1"}))
    r = run_driver(base, ours, theirs, "uv.lock")
    assert r.returncode == 1


def test_added_on_both_branches_with_empty_base(tmp_path):
    if not LOCK_MERGE.exists():
        pytest.skip(f"{LOCK_MERGE} not built")
    base, ours, theirs = side_files(tmp_path, "", lock_text({"a": "1.0"}), lock_text({"b": "1.0"}))
    r = run_driver(base, ours, theirs, "uv.lock", "7", "base", "HEAD", "topic")
    assert r.returncode == 0, r.stderr
    assert ours.read_text() == lock_text({"a": "1.0", "b": "1.0"})


@pytest.mark.parametrize("size", ["-5", "0", "7abc", "", "101", "99999999999999999999"])
def test_a_bad_marker_size_is_refused_and_changes_nothing(tmp_path, size):
    if not LOCK_MERGE.exists():
        pytest.skip(f"{LOCK_MERGE} not built")
    base, ours, theirs = side_files(tmp_path, lock_text({"a": "1.0"}), lock_text({"a": "1.1"}), lock_text({"a": "1.2"}))
    before = ours.read_bytes()
    for args in (["uv.lock", size], ["uv.lock", "-L", size]):  # git's %L, and the flag
        r = run_driver(base, ours, theirs, *args)
        assert r.returncode == 2, (args, r.stderr)
        assert "marker size" in r.stderr and "1 to 100" in r.stderr, r.stderr
        assert ours.read_bytes() == before


def test_marker_size_from_git_sets_the_markers(tmp_path):
    if not LOCK_MERGE.exists():
        pytest.skip(f"{LOCK_MERGE} not built")
    base, ours, theirs = side_files(tmp_path, lock_text({"a": "1.0"}), lock_text({"a": "1.1"}), lock_text({"a": "1.2"}))
    r = run_driver(base, ours, theirs, "uv.lock", "9")
    assert r.returncode == 1, r.stderr
    lines = ours.read_text().splitlines()
    assert any(l.startswith("<" * 9 + " ") for l in lines) and "=" * 9 in lines
    assert any(l.startswith(">" * 9 + " ") for l in lines)


def test_conflict_markers_in_a_side_never_exit_zero(tmp_path):
    if not LOCK_MERGE.exists():
        pytest.skip(f"{LOCK_MERGE} not built")
    base, ours, theirs = side_files(tmp_path, lock_text({"a": "1.0"}),
                                    "<<<<<<< HEAD\n" + lock_text({"a": "1.0"}) + "=======\n>>>>>>> x\n",
                                    lock_text({"a": "1.0"}))
    r = run_driver(base, ours, theirs, "uv.lock")
    assert r.returncode == 1


def verify(path):
    """lock-verify accepts the merged lock; a build without lock-verify fails here rather than pass unchecked."""
    assert LOCK_VERIFY.exists(), f"{LOCK_VERIFY} not built: the merged lock cannot be verified"
    r = subprocess.run([str(LOCK_VERIFY), str(path)], capture_output=True, text=True)
    assert r.returncode == 0, r.stdout + r.stderr


def test_rebase_of_a_bump_over_an_addition_is_clean(repo):
    work, git = repo
    branch(git, work, "bump-a", {"a": "1.1", "b": "1.0"})
    git("checkout", "-q", "main")
    (work / "uv.lock").write_text(lock_text({"a": "1.0", "b": "1.0", "c": "3.0"}))
    git("commit", "-q", "-am", "main adds c")
    git("checkout", "-q", "bump-a")
    r = git("rebase", "main", check=False)
    assert r.returncode == 0, r.stdout + r.stderr
    assert (work / "uv.lock").read_text() == lock_text({"a": "1.1", "b": "1.0", "c": "3.0"})
    verify(work / "uv.lock")


def test_clean_results_pass_lock_verify(repo):
    work, git = repo
    branch(git, work, "add-c", {"a": "1.0", "b": "1.0", "c": "2.0"})
    branch(git, work, "bump-b", {"a": "1.0", "b": "1.5"}, start="main")
    r = git("cherry-pick", "add-c", check=False)
    assert r.returncode == 0, r.stdout + r.stderr
    assert (work / "uv.lock").read_text() == lock_text({"a": "1.0", "b": "1.5", "c": "2.0"})
    verify(work / "uv.lock")
    git("checkout", "-q", "-b", "merge-target", "main")
    r = git("merge", "--no-edit", "add-c", check=False)
    assert r.returncode == 0, r.stdout + r.stderr
    verify(work / "uv.lock")


def test_report_json(tmp_path):
    if not LOCK_MERGE.exists():
        pytest.skip(f"{LOCK_MERGE} not built")
    base, ours, theirs, report = side_files(tmp_path, lock_text({"a": "1.0", "b": "1.0"}),
                                            lock_text({"a": "1.0", "b": "1.0", "c": "2.0"}), lock_text({"a": "1.1"}),
                                            "report.json")
    r = run_driver(base, ours, theirs, "uv.lock", "--report", str(report))
    assert r.returncode == 0, r.stderr
    assert "from ours" in r.stderr and "from theirs" in r.stderr and "dropped" in r.stderr
    doc = json.loads(report.read_text())
    assert doc["schema_version"] == 1 and doc["outcome"] == "clean" and doc["exit_code"] == 0
    prov = {p["name"]: p["provenance"] for p in doc["packages"]}
    assert prov == {"a": "theirs", "app": "merged", "c": "ours"}
    removed = {(p["name"], p["version"]): p["reason"] for p in doc["removed"]}
    assert removed[("b", "1.0")] == "removed-by-theirs"
    assert removed[("a", "1.0")] == "removed-by-theirs"
    assert doc["diff"]["ours"]["schema_version"] == 1
    # The diffs say what the merge did to each side: ours gains theirs' bump of `a` and loses `b`
    # (theirs removed it); theirs gains ours' new `c`; `app`'s edges follow on both.
    def changes(side):
        return sorted((c["name"], c["change"], c["old_version"], c["new_version"]) for c in doc["diff"][side]["packages"])
    assert changes("ours") == [("a", "upgraded", "1.0", "1.1"), ("app", "changed", "0.1.0", "0.1.0"),
                               ("b", "removed", "1.0", None)]
    assert changes("theirs") == [("app", "changed", "0.1.0", "0.1.0"), ("c", "added", None, "2.0")]
    assert doc["conflicts"] == [] and doc["verify"] == []
    # A conflict is reported too.
    ours.write_text(lock_text({"a": "1.2", "b": "1.0"}))
    r = run_driver(base, ours, theirs, "uv.lock", "--report", str(report))
    assert r.returncode == 1
    doc = json.loads(report.read_text())
    assert doc["outcome"] == "conflict" and doc["conflicts"][0]["package"] == "a"
    assert doc["conflicts"][0]["ours_versions"] == ["1.2"] and doc["conflicts"][0]["theirs_versions"] == ["1.1"]


def test_project_version_from_the_merged_pyproject(tmp_path):
    if not LOCK_MERGE.exists():
        pytest.skip(f"{LOCK_MERGE} not built")

    def with_app_version(text, v):
        return text.replace('name = "app"\nversion = "0.1.0"', f'name = "app"\nversion = "{v}"')

    proj = tmp_path / "proj"
    proj.mkdir()
    def run():
        base, ours, theirs = side_files(tmp_path, lock_text({"a": "1.0"}),
                                        with_app_version(lock_text({"a": "1.0"}), "0.3.0"),
                                        with_app_version(lock_text({"a": "1.0"}), "0.2.0"))
        r = run_driver(base, ours, theirs, "uv.lock", cwd=proj)
        assert r.returncode == 0, r.stderr
        return ours.read_text(), r.stderr
    text, err = run()  # no pyproject.toml: the higher version
    assert 'name = "app"\nversion = "0.3.0"' in text and "took the higher" in err
    (proj / "pyproject.toml").write_text('[project]\nname = "app"\nversion = "0.2.5"\n')
    text, err = run()  # a merged pyproject.toml beside %P (not a git repo): its version
    assert 'name = "app"\nversion = "0.2.5"' in text and "pyproject.toml" in err


def test_requirement_not_satisfied_after_merge_is_a_conflict(tmp_path):
    if not LOCK_MERGE.exists():
        pytest.skip(f"{LOCK_MERGE} not built")
    def lock(a_version, spec):
        text = lock_text({"a": a_version})
        return text.replace('dependencies = [\n    { name = "a" },\n]\n',
                            'dependencies = [\n    { name = "a" },\n]\n\n[package.metadata]\n'
                            f'requires-dist = [{{ name = "a", specifier = "{spec}" }}]\n')
    base, ours, theirs = side_files(tmp_path, lock("1.0", ">=1.0"),
                                    lock("2.0", ">=2.0"),    # ours requires a>=2 and bumps a
                                    lock("1.5", ">=1.0"))    # theirs moves a to 1.5
    r = run_driver(base, ours, theirs, "uv.lock", "--prefer", "theirs", "--no-reresolve")
    assert r.returncode == 1, r.stderr
    assert "requires a>=2.0" in r.stderr and "re-lock" in r.stderr
    assert "<<<<<<< ours" in ours.read_text()
    # Re-resolving the requirements the locks record: theirs' 1.5 does not fit a>=2.0, so a
    # moves to the version that does, which ours locked.
    ours.write_text(lock("2.0", ">=2.0"))
    r = run_driver(base, ours, theirs, "uv.lock", "--prefer", "theirs", cwd=tmp_path)
    assert r.returncode == 0, r.stderr
    assert 'name = "a"\nversion = "2.0"' in ours.read_text()
    assert "does not fit the merged requirements" in r.stderr


def test_doctor_and_install_local(tmp_path):
    if not LOCK_MERGE.exists():
        pytest.skip(f"{LOCK_MERGE} not built")
    work = tmp_path / "r"
    work.mkdir()
    env = dict(os.environ, HOME=str(tmp_path), XDG_CONFIG_HOME=str(tmp_path / ".config"), GIT_CONFIG_NOSYSTEM="1")
    run = lambda *a: subprocess.run(list(a), cwd=work, env=env, capture_output=True, text=True)
    run("git", "init", "-q")
    r = run(str(LOCK_MERGE), "doctor")
    assert r.returncode == 1 and "merge.uvlock.driver" in r.stdout and "lock-merge install" in r.stdout
    r = run(str(LOCK_MERGE), "install", "--local")
    assert r.returncode == 0, r.stderr
    assert not (work / ".gitattributes").exists()
    assert "uv.lock merge=uvlock" in (work / ".git" / "info" / "attributes").read_text()
    r = run(str(LOCK_MERGE), "doctor")
    assert r.returncode == 0, r.stdout
    assert run("git", "check-attr", "merge", "uv.lock").stdout.strip() == "uv.lock: merge: uvlock"
    # A relative program path and missing arguments are reported with a fix.
    run("git", "config", "merge.uvlock.driver", "lock-merge %A %O %B")
    r = run(str(LOCK_MERGE), "doctor")
    assert r.returncode == 1 and "absolute path" in r.stdout and "%O %A %B" in r.stdout
    # A non-executable program.
    fake = tmp_path / "lock-merge"
    fake.write_text("")
    run("git", "config", "merge.uvlock.driver", f"{fake} %O %A %B %P -L %L")
    r = run(str(LOCK_MERGE), "doctor")
    assert r.returncode == 1 and "not executable" in r.stdout
    # The attribute overridden by another line.
    run(str(LOCK_MERGE), "install", "--local")
    (work / ".gitattributes").write_text("uv.lock merge=binary\n")
    r = run(str(LOCK_MERGE), "doctor")
    assert r.returncode == 0, r.stdout  # .git/info/attributes has precedence over .gitattributes


def merge_cases():
    d = CORPUS / "merges"
    return sorted(p for p in d.iterdir() if (p / "ours.uv.lock").exists()) if d.is_dir() else []


def test_swapping_sides_through_the_cli_gives_the_same_packages(tmp_path):
    if not LOCK_MERGE.exists():
        pytest.skip(f"{LOCK_MERGE} not built")
    cases = merge_cases()
    if not cases:
        pytest.skip("corpus not found")
    clean = 0
    for case in cases:
        outs = []
        for a, b in (("ours", "theirs"), ("theirs", "ours")):
            out = tmp_path / f"{case.name}.{a}"
            shutil.copy(case / f"{a}.uv.lock", out)
            r = run_driver(case / "base.uv.lock", out, case / f"{b}.uv.lock", "uv.lock")
            outs.append((r.returncode, out.read_text()))
        assert outs[0][0] == outs[1][0], case.name
        if outs[0][0] == 0:
            clean += 1
            pkgs = [[l for l in t.splitlines() if not l.startswith("revision")] for _, t in outs]
            # Same packages: the headers and version lines agree (tie orders inside members may differ).
            names = [sorted(l for l in p if l.startswith(("name = ", "version = "))) for p in pkgs]
            assert names[0] == names[1], case.name
            verify(out)
    assert clean > 0
