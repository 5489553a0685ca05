"""lock-merge's re-resolution under attack, continued: changes to where and how the project
requires a package, on one side, while both sides move that package.

Same judge as test_lock_merge_adversarial.py: every commit is locked by real uv 0.12.5 on a local
find-links index; a driver that exits 0 must leave a lock that `uv lock --check` accepts for the
merged pyproject.toml, with the versions a fresh `uv lock` gives wherever the newest versions fit
(as they do here); a case it cannot finish ends with markers, a non-zero exit and the reason.
"""

from __future__ import annotations

import shutil
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from adversarial_merges import repo  # noqa: E402,F401  (fixtures)
from adversarial_merges import (  # noqa: E402
    bump_foo_on_both_sides, fresh_uv_versions, judged, merge, merged_or_markers, three_commits, versions_at)
from test_lock_merge_reresolve import pyproject, versions  # noqa: E402
import wheelmaker  # noqa: E402


def foo_with(repo, requires):
    """foo 1.0 (base), 2.0 (ours) and 2.1 (theirs), each with `requires`; ours and theirs are
    made by the caller with the versions published in between."""
    return lambda v: dict(name="foo", version=v, requires=list(requires))  # noqa: E731


def foo_moved_on_both_sides(repo, spec, others, base, ours, theirs):
    """The three commits with foo `spec(v)` at 1.0 (published with `others`), 2.0 and 2.1."""
    three_commits(repo, base, ours, theirs, base=[spec("1.0"), *others], ours=[spec("2.0")], theirs=[spec("2.1")])


def test_one_side_widens_a_marker(repo):
    """`foo ; linux` becomes `foo ; linux or win32` on ours; theirs' foo 2.1 was locked for
    Linux only, without its Windows-only edge."""
    spec = foo_with(repo, ["winonly ; sys_platform == 'win32'"])
    foo_moved_on_both_sides(repo, spec, [dict(name="winonly", version="1.0"), dict(name="baz", version="1.0")],
                            {"pyproject.toml": pyproject(["foo ; sys_platform == 'linux'", "baz"])},
                            {"pyproject.toml": pyproject(["foo ; sys_platform == 'linux' or sys_platform == 'win32'",
                                                          "baz"])},
                            {})
    got = judged(repo, merge(repo))
    assert got is None or got.get("winonly") == ["1.0"], got


def test_a_new_dependency_reaches_a_package_in_more_environments(repo):
    """Ours adds `a`, which needs foo everywhere, while the project needs foo on Linux only;
    theirs' foo 2.1 was locked for Linux only."""
    spec = foo_with(repo, ["winonly ; sys_platform == 'win32'"])
    foo_moved_on_both_sides(repo, spec, [dict(name="winonly", version="1.0"), dict(name="baz", version="1.0"),
                                         dict(name="a", version="1.0", requires=["foo"])],
                            {"pyproject.toml": pyproject(["foo ; sys_platform == 'linux'", "baz"])},
                            {"pyproject.toml": pyproject(["foo ; sys_platform == 'linux'", "baz", "a"])},
                            {})
    got = judged(repo, merge(repo))
    assert got is None or got.get("winonly") == ["1.0"], got


def test_a_dependency_group_drops_a_marker(repo):
    spec = foo_with(repo, ["winonly ; sys_platform == 'win32'"])
    group = lambda m: pyproject(["baz"]) + f'\n[dependency-groups]\ndev = ["foo{m}"]\n'  # noqa: E731
    foo_moved_on_both_sides(repo, spec, [dict(name="winonly", version="1.0"), dict(name="baz", version="1.0")],
                            {"pyproject.toml": group(" ; sys_platform == 'linux'")}, {"pyproject.toml": group("")}, {})
    got = judged(repo, merge(repo))
    assert got is None or got.get("winonly") == ["1.0"], got


def test_a_transitive_requirement_that_differs_by_python(repo):
    """p needs q<2 before Python 3.12 and q>=2 from it: the locks pair p with both q versions,
    one under each marker. Both sides move foo, so the locks answer again; they must not give
    one q everywhere."""
    wheelmaker.build_index(repo.links, [
        dict(name="q", version="1.0"), dict(name="q", version="2.0"), dict(name="baz", version="1.0"),
        dict(name="p", version="1.0", requires=["q<2 ; python_version < '3.12'", "q>=2 ; python_version >= '3.12'"])])
    three_commits(repo, {"pyproject.toml": pyproject(["foo", "p", "baz"])}, base=[("foo", "1.0")],
                  ours=[("foo", "2.0")], theirs=[("foo", "2.1")])
    assert versions_at(repo, "main~1")["q"] == ["1.0", "2.0"]
    got = judged(repo, merge(repo))
    assert got is None or (got["q"] == ["1.0", "2.0"] and got["foo"] == ["2.1"]), got


def test_one_side_moves_a_requirement_into_a_dependency_group(repo):
    """Ours moves bar from the project's dependencies into the dev group; theirs bumps bar."""
    base = pyproject(["foo", "bar", "baz"])
    ours = pyproject(["foo", "baz"]) + '\n[dependency-groups]\ndev = ["bar"]\n'
    three_commits(repo, {"pyproject.toml": base}, {"pyproject.toml": ours},
                  base=[("foo", "1.0"), ("bar", "1.0"), ("baz", "1.0")],
                  ours=[("foo", "2.0")], theirs=[("foo", "2.1"), ("bar", "1.1")], theirs_upgrade=("foo", "bar"))
    got = judged(repo, merge(repo))
    assert got is None or (got["foo"] == ["2.1"] and got["bar"] == ["1.1"]), got


def test_one_side_takes_the_package_from_a_path(repo):
    """Ours takes foo from a directory (`[tool.uv.sources]`); theirs bumps the registry's foo."""
    repo.write("vendor/foo/pyproject.toml",
               '[project]\nname = "foo"\nversion = "3.0"\n\n[build-system]\nrequires = ["hatchling"]\n'
               'build-backend = "hatchling.build"\n')
    repo.write("vendor/foo/foo/__init__.py", "")
    ours = pyproject(["foo", "baz"]) + '\n[tool.uv.sources]\nfoo = { path = "vendor/foo" }\n'
    bump_foo_on_both_sides(repo, {"pyproject.toml": pyproject(["foo", "baz"])}, {"pyproject.toml": ours})
    r = merge(repo)
    got = merged_or_markers(repo, r)
    if got is not None:
        assert got["foo"] == ["3.0"], got
        assert 'source = { directory = "vendor/foo" }' in repo.lock_text()


def test_both_sides_change_requires_python(repo):
    """The same line changed on both sides: git cannot merge pyproject.toml, so markers."""
    base = pyproject(["foo", "baz"])
    bump_foo_on_both_sides(repo, {"pyproject.toml": base},
                           {"pyproject.toml": base.replace('">=3.11"', '">=3.11.1"')},
                           {"pyproject.toml": base.replace('">=3.11"', '">=3.11, <4"')})
    r = merge(repo)
    assert r.returncode != 0 and "<<<<<<<" in repo.lock_text(), r.stderr


def test_one_side_limits_the_environments(repo):
    spec = foo_with(repo, ["winonly ; sys_platform == 'win32'"])
    base = pyproject(["foo", "baz"])
    foo_moved_on_both_sides(repo, spec, [dict(name="winonly", version="1.0"), dict(name="baz", version="1.0")],
                            {"pyproject.toml": base},
                            {"pyproject.toml": base + "\n[tool.uv]\nenvironments = [\"sys_platform == 'linux'\"]\n"},
                            {})
    got = judged(repo, merge(repo))
    assert got is None or "winonly" not in got, got


def test_one_side_removes_a_constraint(repo):
    """Base constrains bar<1.1; ours drops the constraint and takes bar 1.1."""
    base = pyproject(["foo", "bar", "baz"]) + '\n[tool.uv]\nconstraint-dependencies = ["bar<1.1"]\n'
    three_commits(repo, {"pyproject.toml": base}, {"pyproject.toml": pyproject(["foo", "bar", "baz"])},
                  base=[("foo", "1.0"), ("bar", "1.0"), ("bar", "1.1"), ("baz", "1.0")], ours=[("foo", "2.0")],
                  ours_upgrade=("foo", "bar"), theirs=[("foo", "2.1")])
    assert versions_at(repo, "main~1")["bar"] == ["1.0"]
    assert versions_at(repo, "main")["bar"] == ["1.1"]
    got = judged(repo, merge(repo))
    assert got is None or (got["foo"] == ["2.1"] and got["bar"] == ["1.1"]), got


def test_a_lock_that_reached_a_version_in_fewer_environments_adds_nothing(repo):
    """foo 1.0 is in all three locks: base and theirs reach it on Linux only (no edges), ours
    everywhere (with its Windows-only edge). Both sides move bar. Ours' record of foo answers for
    every environment and the others add nothing to it, so the locks alone finish the merge,
    with no index to ask."""
    three_commits(repo, {"pyproject.toml": pyproject(["foo ; sys_platform == 'linux'", "bar"])},
                  {"pyproject.toml": pyproject(["foo", "bar"])},
                  base=[dict(name="foo", version="1.0", requires=["winonly ; sys_platform == 'win32'"]),
                        dict(name="winonly", version="1.0"), dict(name="bar", version="1.0")],
                  ours=[("bar", "2.0")], ours_upgrade=("bar",), theirs=[("bar", "2.1")], theirs_upgrade=("bar",))
    hidden = repo.tmp / "links-away"
    shutil.move(repo.links, hidden)
    r = merge(repo, LOCKKIT_MERGE_OFFLINE="1")
    shutil.move(hidden, repo.links)
    got = repo.assert_finished(r)
    assert "from the three locks alone" in r.stderr, r.stderr
    assert got["foo"] == ["1.0"] and got["winonly"] == ["1.0"] and got["bar"] == ["2.1"], got


def test_one_side_widens_an_extras_marker(repo):
    """The project asks for foo[ext] on Linux only, and foo's extra needs extradep on Windows;
    ours asks for foo[ext] everywhere. Theirs' foo 2.1 records its extra as reached on Linux."""
    spec = lambda v: dict(name="foo", version=v, extras=["ext"],  # noqa: E731
                          requires=["bar ; extra == 'ext'", "extradep ; sys_platform == 'win32' and extra == 'ext'"])
    foo_moved_on_both_sides(repo, spec, [dict(name="bar", version="1.0"), dict(name="extradep", version="1.0"),
                                         dict(name="baz", version="1.0")],
                            {"pyproject.toml": pyproject(["foo", "foo[ext] ; sys_platform == 'linux'", "baz"])},
                            {"pyproject.toml": pyproject(["foo", "foo[ext]", "baz"])}, {})
    got = judged(repo, merge(repo))
    assert got is None or got.get("extradep") == ["1.0"], got


def test_a_transitive_requirement_split_by_platform_when_both_sides_change_the_forks(repo):
    """p needs q<2 on Linux and q>=2 elsewhere; the locks pair p with q 1.0 under the Linux edge
    and q 2.1 under the other. Each side adds a requirement that splits the project's forks in
    its own way, so the merge starts from no fork: the locks' pairings are all that keep q 2.1
    off Linux."""
    wheelmaker.build_index(repo.links, [
        dict(name="q", version="1.0"), dict(name="q", version="2.0"), dict(name="baz", version="1.0"),
        dict(name="s", version="1.0"), dict(name="s", version="2.0"),
        dict(name="t", version="1.0"), dict(name="t", version="2.0"),
        dict(name="p", version="1.0", requires=["q<2 ; sys_platform == 'linux'", "q>=2 ; sys_platform != 'linux'"])])
    base = ["foo", "p", "baz"]
    three_commits(repo, {"pyproject.toml": pyproject(base)},
                  {"pyproject.toml": pyproject(base + ["s<2 ; python_version < '3.12'",
                                                       "s>=2 ; python_version >= '3.12'"])},
                  {"pyproject.toml": pyproject(["t<2 ; os_name == 'nt'", "t>=2 ; os_name != 'nt'"] + base)},
                  base=[("foo", "1.0")], ours=[("foo", "2.0")], theirs=[("foo", "2.1"), ("q", "2.1")],
                  theirs_upgrade=("foo", "q"))
    assert versions_at(repo, "topic")["q"] == ["1.0", "2.1"]
    got = judged(repo, merge(repo))
    assert got is None or (got["q"] == ["1.0", "2.1"] and got["foo"] == ["2.1"]), got


def ours_drops_an_override(repo, theirs=(("foo", "2.1"),), theirs_upgrade=("foo",)):
    """p needs q<2 on Linux and q>=2 elsewhere; base overrides that with q>=2 everywhere, ours
    drops the override, theirs publishes `theirs` and upgrades `theirs_upgrade`."""
    wheelmaker.build_index(repo.links, [
        dict(name="q", version="1.0"), dict(name="q", version="2.0"), dict(name="baz", version="1.0"),
        dict(name="p", version="1.0", requires=["q<2 ; sys_platform == 'linux'", "q>=2 ; sys_platform != 'linux'"])])
    plain = pyproject(["foo", "p", "baz"])
    overridden = plain + '\n[tool.uv]\noverride-dependencies = ["q>=2"]\n'
    three_commits(repo, {"pyproject.toml": overridden}, {"pyproject.toml": plain}, base=[("foo", "1.0")],
                  ours=[("foo", "2.0")], theirs=theirs, theirs_upgrade=theirs_upgrade)


def test_one_side_removes_an_override(repo):
    """Base overrides p's requirement on q (q>=2 everywhere); ours drops the override, so p's
    own q<2 holds on Linux again; theirs keeps it and moves foo. The edges theirs' and base's
    locks record for p are the overridden ones, not p's."""
    ours_drops_an_override(repo)
    assert versions_at(repo, "main~1")["q"] == ["2.0"]
    assert versions_at(repo, "main")["q"] == ["1.0", "2.0"]
    got = judged(repo, merge(repo))
    assert got is None or (got["q"] == ["1.0", "2.0"] and got["foo"] == ["2.1"]), got


def test_one_side_adds_an_override_of_a_transitive_requirement(repo):
    wheelmaker.build_index(repo.links, [
        dict(name="q", version="1.0"), dict(name="q", version="2.0"), dict(name="baz", version="1.0"),
        dict(name="p", version="1.0", requires=["q<2"])])
    plain = pyproject(["foo", "p", "baz"])
    three_commits(repo, {"pyproject.toml": plain},
                  {"pyproject.toml": plain + '\n[tool.uv]\noverride-dependencies = ["q>=2"]\n'},
                  base=[("foo", "1.0")], ours=[("foo", "2.0")], theirs=[("foo", "2.1")])
    assert versions_at(repo, "main")["q"] == ["2.0"]
    got = judged(repo, merge(repo))
    assert got is None or (got["q"] == ["2.0"] and got["foo"] == ["2.1"]), got


def test_one_side_removes_an_override_the_other_bumps_its_target(repo):
    """As above, but theirs also moves q to 2.1 (under the override, everywhere). Without the
    override p still needs q<2 on Linux: theirs' q 2.1 fits only elsewhere."""
    ours_drops_an_override(repo, theirs=[("foo", "2.1"), ("q", "2.1")], theirs_upgrade=("foo", "q"))
    assert versions_at(repo, "topic")["q"] == ["2.1"]
    got = judged(repo, merge(repo))
    assert got is None or (got["q"] == ["1.0", "2.1"] and got["foo"] == ["2.1"]), got


def test_one_side_pins_the_package_to_another_index(repo):
    """Ours takes foo from an explicit second index (`[tool.uv.sources]` foo = { index = "alt" }),
    which has foo 1.5 only; theirs bumps the default index's foo to 2.1. The merged project pins
    foo to alt, so theirs' 2.1 cannot be taken."""
    alt = repo.tmp / "alt"
    alt.mkdir()
    wheelmaker.build_index(alt, [dict(name="foo", version="1.5")])
    ours = pyproject(["foo", "baz"]) + (
        f'\n[[tool.uv.index]]\nname = "alt"\nurl = "{alt.as_uri()}"\nformat = "flat"\nexplicit = true\n'
        '\n[tool.uv.sources]\nfoo = { index = "alt" }\n')
    bump_foo_on_both_sides(repo, {"pyproject.toml": pyproject(["foo", "baz"])}, {"pyproject.toml": ours})
    assert versions(repo.lock_text())["foo"] == ["1.5"]
    r = merge(repo)
    got = repo.assert_finished(r)
    assert got == fresh_uv_versions(repo) and got["foo"] == ["1.5"], got
    assert "from the three locks alone" in r.stderr, r.stderr


def test_one_side_unpins_the_package_the_other_bumps_on_the_pinned_index(repo):
    """Base takes foo from an explicit index alt; ours drops the pin (foo 2.0 from the default
    index), theirs moves alt's foo to 3.0. Without the pin, alt cannot serve foo at all."""
    alt = repo.tmp / "alt"
    alt.mkdir()
    wheelmaker.build_index(alt, [dict(name="foo", version="1.5")])
    index = f'\n[[tool.uv.index]]\nname = "alt"\nurl = "{alt.as_uri()}"\nformat = "flat"\nexplicit = true\n'
    pinned = pyproject(["foo", "baz"]) + index + '\n[tool.uv.sources]\nfoo = { index = "alt" }\n'
    repo.publish(("foo", "1.0"), ("baz", "1.0"))
    repo.commit("base", {"pyproject.toml": pinned})
    repo.git("branch", "topic")
    repo.publish(("foo", "2.0"))
    repo.commit("ours", {"pyproject.toml": pyproject(["foo", "baz"]) + index}, "--upgrade-package", "foo")
    assert versions(repo.lock_text())["foo"] == ["2.0"]
    repo.git("checkout", "-q", "topic")
    wheelmaker.build_index(alt, [dict(name="foo", version="3.0")])
    repo.commit("theirs", {}, "--upgrade-package", "foo")
    assert versions(repo.lock_text())["foo"] == ["3.0"]
    repo.git("checkout", "-q", "main")
    got = judged(repo, merge(repo))
    assert got is None or got["foo"] == ["2.0"], got
