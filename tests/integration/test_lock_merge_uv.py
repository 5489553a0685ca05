"""lock-merge judged by real uv.

Each case builds a small virtual project, publishes wheels (made by
tests/fixtures/wheelmaker.py) into a local --find-links directory in stages, and
lets real uv 0.12.5 lock three sides: base, ours and theirs. lock-merge merges
the three locks. Then:

* a merge that exits 0 must be right: with the merged pyproject.toml in place,
  `uv lock --check` accepts the lock, `uv sync --locked` installs it and
  `uv pip check` finds every requirement satisfied, and every change either
  side made survives;
* a merge that cannot be decided without the packages' metadata must not exit
  0 from the lock merge alone (`--no-reresolve`): it exits 1 and leaves
  conflict markers in the file; by default the driver then re-resolves the
  requirements the three locks record (no git context here), and that result
  is judged like any clean merge.

Which outcome each case must have is argued in its docstring; uv is the judge
of every clean result.
"""

from __future__ import annotations

import os
import re
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT / "tests" / "fixtures"))
import uv_oracle  # noqa: E402
import wheelmaker  # noqa: E402

BUILD = Path(os.environ.get("LOCKKIT_BUILD_DIR", ROOT / "build")).resolve()
LOCK_MERGE = BUILD / "tools" / "lock-merge" / "lock-merge"
LOCK_VERIFY = BUILD / "tools" / "lock-verify" / "lock-verify"

UV, _WHY_NO_UV = uv_oracle.find_uv()
if UV is None:
    pytest.skip(f"real uv unavailable: {_WHY_NO_UV}", allow_module_level=True)


def pyproject(deps=(), groups=None, constraints=()):
    text = textwrap.dedent("""\
        [project]
        name = "app"
        version = "0.1.0"
        requires-python = ">=3.11"
        dependencies = [{deps}]
        """).format(deps=", ".join(f'"{d}"' for d in deps))
    if groups:
        text += "\n[dependency-groups]\n"
        for name, reqs in groups.items():
            text += f"{name} = [{', '.join(repr(r).replace(chr(39), chr(34)) for r in reqs)}]\n"
    if constraints:
        text += f"\n[tool.uv]\nconstraint-dependencies = [{', '.join(repr(c).replace(chr(39), chr(34)) for c in constraints)}]\n"
    return text


class Lab:
    """One project directory, one find-links directory, real uv."""

    def __init__(self, tmp_path: Path):
        if not LOCK_MERGE.exists():
            pytest.skip(f"{LOCK_MERGE} not built")
        self.tmp = tmp_path
        self.links = tmp_path / "links"
        self.links.mkdir()
        self.proj = tmp_path / "proj"
        self.proj.mkdir()
        self.env = uv_oracle.sandbox_env(tmp_path / "uv-home")

    def publish(self, *specs):
        """Each spec: (name, version, *requires)."""
        wheelmaker.build_index(self.links, [dict(name=s[0], version=s[1], requires=list(s[2:])) for s in specs])

    def uv(self, *args, check=True):
        proc = subprocess.run([UV, *args, "--offline", "--no-index", "--find-links", os.path.relpath(self.links, self.proj),
                               "--python", sys.executable], cwd=self.proj, env=self.env, capture_output=True, text=True,
                              timeout=300)
        if check and proc.returncode != 0:
            pytest.fail(f"uv {' '.join(args)} failed:\n{proc.stderr}")
        return proc

    def lock(self, project_text, start_from=None, *args):
        (self.proj / "pyproject.toml").write_text(project_text)
        lock = self.proj / "uv.lock"
        if start_from is None:
            lock.unlink(missing_ok=True)
        else:
            lock.write_text(start_from)
        self.uv("lock", *args)
        return lock.read_text()

    def merge(self, base, ours, theirs, *options, env=None):
        paths = []
        for name, text in (("base", base), ("ours", ours), ("theirs", theirs)):
            p = self.tmp / f"{name}.lock"
            p.write_text(text)
            paths.append(str(p))
        r = subprocess.run([str(LOCK_MERGE), *paths, "uv.lock", *options], cwd=self.proj, env=env or self.env,
                           capture_output=True, text=True, timeout=60)
        return r.returncode, Path(paths[1]).read_text(), r.stderr

    def judge(self, merged_pyproject, merged_lock):
        """Real uv accepts the merged lock for the merged pyproject.toml and installs a consistent environment."""
        (self.proj / "pyproject.toml").write_text(merged_pyproject)
        (self.proj / "uv.lock").write_text(merged_lock)
        check = self.uv("lock", "--check", check=False)
        assert check.returncode == 0, f"uv lock --check rejects the merged lock:\n{check.stderr}\n{merged_lock}"
        self.uv("sync", "--locked", "--all-groups")
        pip_check = subprocess.run([UV, "pip", "check", "--python", str(self.proj / ".venv" / "bin" / "python")],
                                   cwd=self.proj, env=self.env, capture_output=True, text=True, timeout=120)
        assert pip_check.returncode == 0, pip_check.stdout + pip_check.stderr
        if LOCK_VERIFY.exists():
            v = subprocess.run([str(LOCK_VERIFY), "--no-stale", str(self.proj / "uv.lock")], capture_output=True, text=True)
            assert v.returncode == 0, v.stdout + v.stderr


def versions(lock_text):
    """{name: [versions]} of a lock's packages."""
    out = {}
    for name, version in re.findall(r'\[\[package\]\]\nname = "([^"]+)"\nversion = "([^"]+)"', lock_text):
        out.setdefault(name, []).append(version)
    return out


def assert_conflicted(code, text, stderr, *names):
    assert code == 1, f"expected a conflict (exit 1), got {code}:\n{stderr}\n{text}"
    assert "<<<<<<< " in text and "\n=======\n" in text and ">>>>>>> " in text, text
    for name in names:
        assert name in stderr, stderr


@pytest.fixture
def lab(tmp_path):
    return Lab(tmp_path)


def test_retargeted_edge_that_breaks_a_requirement_is_a_conflict(lab):
    """Ours upgrades foo to 2.0; theirs adds bar, whose metadata requires foo<2.
    Pointing bar's edge at foo 2.0 would give a lock uv accepts but that
    installs bar with a foo it rejects; the lock does not record bar's
    requirement, so the merge must not decide."""
    lab.publish(("foo", "1.0"))
    base = lab.lock(pyproject(["foo"]))
    lab.publish(("foo", "2.0"), ("bar", "1.0", "foo<2"))
    ours = lab.lock(pyproject(["foo"]), base, "--upgrade-package", "foo")
    theirs = lab.lock(pyproject(["foo", "bar"]), base)
    assert versions(ours)["foo"] == ["2.0"] and versions(theirs)["foo"] == ["1.0"]
    code, text, err = lab.merge(base, ours, theirs, "--no-reresolve")
    assert_conflicted(code, text, err, "bar")
    # The packages between the markers are both sides' foo.
    inside = text[text.index("<<<<<<< "):text.index(">>>>>>> ")]
    assert 'name = "foo"\nversion = "2.0"' in inside and 'name = "foo"\nversion = "1.0"' in inside
    # Re-resolving offline: the locks pair bar only with foo 1.0, but they cannot tell whether bar
    # accepts foo 2.0, so dropping ours' bump would be a guess: markers, and the reason.
    code, text, err = lab.merge(base, ours, theirs)
    assert code == 1 and "<<<<<<< " in text, err + text
    assert "the locks alone cannot decide: they do not keep foo 2.0" in err, err
    # With the index at hand the resolver reads bar's requirement foo<2: foo 1.0, decided.
    online = {**lab.env, "UV_NO_INDEX": "1", "UV_FIND_LINKS": os.path.relpath(lab.links, lab.proj)}
    code, text, err = lab.merge(base, ours, theirs, env=online)
    assert code == 0, err + text
    lab.judge(pyproject(["foo", "bar"]), text)
    assert versions(text)["foo"] == ["1.0"] and versions(text)["bar"] == ["1.0"]


def test_the_judge_rejects_a_retarget_that_breaks_a_requirement(lab):
    """The judge itself must be able to fail: the merge lock-merge used to
    write for the case above (bar pointed at foo 2.0) passes `uv lock --check`
    but `uv pip check` rejects the environment."""
    lab.publish(("foo", "1.0"))
    base = lab.lock(pyproject(["foo"]))
    lab.publish(("foo", "2.0"), ("bar", "1.0", "foo<2"))
    theirs = lab.lock(pyproject(["foo", "bar"]), base)
    wrong = theirs.replace('version = "1.0"\nsource = { registry = "../links" }\nwheels = [\n    { path = "foo-1.0',
                           'version = "2.0"\nsource = { registry = "../links" }\nwheels = [\n    { path = "foo-2.0')
    wrong = wrong.replace('{ name = "foo", version = "1.0"', '{ name = "foo", version = "2.0"')
    assert wrong != theirs and 'foo-2.0' in wrong
    with pytest.raises(AssertionError, match="requires foo<2|foo<2"):
        lab.judge(pyproject(["foo", "bar"]), wrong)


def test_retarget_backed_by_a_side_is_clean(lab):
    """Both sides add qux (which requires any foo); ours also upgrades foo to
    2.0. qux differs between the sides only in which foo its edge points at, and
    ours' lock, made by uv, pairs qux with foo 2.0: following ours' bump is
    proven safe, so the merge is clean."""
    lab.publish(("foo", "1.0"), ("qux", "1.0", "foo"))
    base = lab.lock(pyproject(["foo"]))
    lab.publish(("foo", "2.0"))
    ours = lab.lock(pyproject(["foo", "qux"]), base, "--upgrade-package", "foo")
    theirs = lab.lock(pyproject(["foo", "qux"]), base)
    code, text, err = lab.merge(base, ours, theirs)
    # Both sides added qux; ours with foo 2.0: the identity of qux is the same,
    # its edges differ only in foo's version, and ours proves qux accepts 2.0.
    assert code == 0, err + text
    lab.judge(pyproject(["foo", "qux"]), text)
    assert versions(text)["foo"] == ["2.0"]


def test_narrowed_specifier_against_removed_dependency_conflicts(lab):
    """Ours narrows foo>=1 to foo>=1,<3; theirs removes foo. Keeping the
    narrowed requirement without its edge (or the edge without the
    requirement) loses one side: a conflict for both."""
    lab.publish(("foo", "1.0"), ("baz", "1.0"))
    base = lab.lock(pyproject(["foo>=1", "baz"]))
    ours = lab.lock(pyproject(["foo>=1,<3", "baz"]), base)
    theirs = lab.lock(pyproject(["baz"]), base)
    code, text, err = lab.merge(base, ours, theirs)
    assert_conflicted(code, text, err, "foo")


def test_narrowed_specifier_against_added_marker_conflicts(lab):
    """Ours narrows the specifier, theirs adds a marker to the same requirement."""
    lab.publish(("foo", "1.0"))
    base = lab.lock(pyproject(["foo>=1"]))
    ours = lab.lock(pyproject(["foo>=1,<3"]), base)
    theirs = lab.lock(pyproject(["foo>=1; sys_platform != 'win32'"]), base)
    code, text, err = lab.merge(base, ours, theirs)
    assert_conflicted(code, text, err, "foo")


def test_specifier_and_marker_edits_on_different_dependencies_merge(lab):
    """Ours narrows foo's specifier, theirs puts a marker on baz and adds qux:
    three decisions on three names, all kept."""
    lab.publish(("foo", "1.0"), ("baz", "1.0"), ("qux", "1.0"))
    base = lab.lock(pyproject(["foo", "baz"]))
    ours = lab.lock(pyproject(["foo<3", "baz"]), base)
    theirs = lab.lock(pyproject(["foo", "baz; sys_platform == 'linux'", "qux"]), base)
    code, text, err = lab.merge(base, ours, theirs)
    assert code == 0, err + text
    merged = pyproject(["foo<3", "baz; sys_platform == 'linux'", "qux"])
    lab.judge(merged, text)
    assert 'specifier = "<3"' in text and "sys_platform == 'linux'" in text and 'name = "qux"' in text


def test_group_deleted_against_group_edited_conflicts(lab):
    """Ours adds cov to the dev group, theirs deletes the dev group."""
    lab.publish(("foo", "1.0"), ("pytestish", "1.0"), ("cov", "1.0"))
    base = lab.lock(pyproject(["foo"], {"dev": ["pytestish"]}))
    ours = lab.lock(pyproject(["foo"], {"dev": ["pytestish", "cov"]}), base)
    theirs = lab.lock(pyproject(["foo"]), base)
    code, text, err = lab.merge(base, ours, theirs)
    assert_conflicted(code, text, err, "dev")


def test_edits_to_two_groups_merge(lab):
    """Ours adds cov to dev, theirs adds a lint group."""
    lab.publish(("foo", "1.0"), ("pytestish", "1.0"), ("cov", "1.0"), ("qux", "1.0"))
    base = lab.lock(pyproject(["foo"], {"dev": ["pytestish"]}))
    ours = lab.lock(pyproject(["foo"], {"dev": ["pytestish", "cov"]}), base)
    theirs = lab.lock(pyproject(["foo"], {"dev": ["pytestish"], "lint": ["qux"]}), base)
    code, text, err = lab.merge(base, ours, theirs)
    assert code == 0, err + text
    lab.judge(pyproject(["foo"], {"dev": ["pytestish", "cov"], "lint": ["qux"]}), text)


def test_manifest_constraints_changed_on_both_sides_conflict(lab):
    """Ours constrains foo<2.5, theirs foo<2.8: both lock foo 2.0, but the
    manifest must not hold both constraints."""
    lab.publish(("foo", "1.0"), ("foo", "2.0"))
    base = lab.lock(pyproject(["foo"]))
    ours = lab.lock(pyproject(["foo"], constraints=["foo<2.5"]), base)
    theirs = lab.lock(pyproject(["foo"], constraints=["foo<2.8"]), base)
    code, text, err = lab.merge(base, ours, theirs)
    assert_conflicted(code, text, err, "foo")
    assert "foo<2.5" not in text.split("<<<<<<<")[0]


def test_manifest_constraints_on_different_names_merge(lab):
    lab.publish(("foo", "1.0"), ("baz", "1.0"))
    base = lab.lock(pyproject(["foo", "baz"]))
    ours = lab.lock(pyproject(["foo", "baz"], constraints=["foo<3"]), base)
    theirs = lab.lock(pyproject(["foo", "baz"], constraints=["baz<2"]), base)
    code, text, err = lab.merge(base, ours, theirs)
    assert code == 0, err + text
    lab.judge(pyproject(["foo", "baz"], constraints=["foo<3", "baz<2"]), text)


def test_two_requirements_on_one_name_are_not_a_conflict(lab):
    """uv records `baz==1.0` and `baz>=0.5` in one group as two entries; neither
    side touches them. Each side adds a different dependency."""
    lab.publish(("foo", "1.0"), ("baz", "1.0"), ("qux", "1.0"), ("cov", "1.0"))
    base = lab.lock(pyproject(["foo"], {"dev": ["baz==1.0", "baz>=0.5"]}))
    ours = lab.lock(pyproject(["foo", "qux"], {"dev": ["baz==1.0", "baz>=0.5"]}), base)
    theirs = lab.lock(pyproject(["foo", "cov"], {"dev": ["baz==1.0", "baz>=0.5"]}), base)
    code, text, err = lab.merge(base, ours, theirs)
    assert code == 0, err + text
    lab.judge(pyproject(["foo", "qux", "cov"], {"dev": ["baz==1.0", "baz>=0.5"]}), text)


def test_removed_dependency_that_the_other_side_bumped_is_removed(lab):
    """Ours removes baz, theirs upgrades it: the dependency is gone, so is the bump."""
    lab.publish(("foo", "1.0"), ("baz", "1.0"))
    base = lab.lock(pyproject(["foo", "baz"]))
    lab.publish(("baz", "1.1"))
    ours = lab.lock(pyproject(["foo"]), base)
    theirs = lab.lock(pyproject(["foo", "baz"]), base, "--upgrade-package", "baz")
    code, text, err = lab.merge(base, ours, theirs)
    assert code == 0, err + text
    lab.judge(pyproject(["foo"]), text)
    assert "baz" not in versions(text)


def test_both_sides_bump_with_prefer_keeps_dependents_consistent(lab):
    """Both sides bump foo (ours 2.0, theirs 2.1); qux depends on foo on every
    side. --prefer ours must take ours' foo and leave qux pointing at it, which
    ours' lock proves qux accepts."""
    lab.publish(("foo", "1.0"), ("qux", "1.0", "foo"))
    base = lab.lock(pyproject(["foo", "qux"]))
    lab.publish(("foo", "2.0"))
    ours = lab.lock(pyproject(["foo", "qux"]), base, "--upgrade-package", "foo")
    lab.publish(("foo", "2.1"))
    theirs = lab.lock(pyproject(["foo", "qux"]), base, "--upgrade-package", "foo")
    code, text, err = lab.merge(base, ours, theirs, "--no-reresolve")
    assert_conflicted(code, text, err, "foo")
    # Re-resolving keeps the newer bump; qux accepts it (theirs' lock pairs them).
    code, text, err = lab.merge(base, ours, theirs)
    assert code == 0, err + text
    lab.judge(pyproject(["foo", "qux"]), text)
    assert versions(text)["foo"] == ["2.1"]
    code, text, err = lab.merge(base, ours, theirs, "--prefer", "ours")
    assert code == 0, err + text
    lab.judge(pyproject(["foo", "qux"]), text)
    assert versions(text)["foo"] == ["2.0"]


def test_package_changed_on_one_side_and_removed_on_the_other_conflicts(lab):
    """Ours drops qux (and with it its dependency foo); theirs upgrades foo,
    which changes qux's entry (its edge now points at foo 2.0). A package
    changed on one side and deleted on the other is a conflict."""
    lab.publish(("foo", "1.0"), ("qux", "1.0", "foo"), ("baz", "1.0"))
    base = lab.lock(pyproject(["qux", "baz"]))
    lab.publish(("foo", "2.0"))
    ours = lab.lock(pyproject(["baz"]), base)
    theirs = lab.lock(pyproject(["qux", "baz"]), base, "--upgrade-package", "foo")
    assert "qux" not in versions(ours) and versions(theirs)["foo"] == ["2.0"]
    code, text, err = lab.merge(base, ours, theirs, "--no-reresolve")
    assert_conflicted(code, text, err, "qux")
    # The merged requirements drop qux, and with it foo and theirs' bump of it.
    code, text, err = lab.merge(base, ours, theirs)
    assert code == 0, err + text
    lab.judge(pyproject(["baz"]), text)
    assert "qux" not in versions(text) and "foo" not in versions(text)


def test_manifest_constraint_changed_on_one_side_and_removed_on_the_other_conflicts(lab):
    lab.publish(("foo", "1.0"), ("foo", "2.0"))
    base = lab.lock(pyproject(["foo"], constraints=["foo<2.5"]))
    ours = lab.lock(pyproject(["foo"], constraints=["foo<3"]), base)
    theirs = lab.lock(pyproject(["foo"]), base)
    code, text, err = lab.merge(base, ours, theirs)
    assert_conflicted(code, text, err, "foo")
