"""lock-verify on locks that cannot be read: every problem is an error finding
with its rule, line and column, in text, JSON and SARIF (checked against SARIF
2.1.0, see tests/fixtures/sarif_check.py), and the exit code is 1. Exit 2 stays
for failures of the tool itself."""
import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent.parent
BUILD = Path(os.environ.get("LOCKKIT_BUILD_DIR", ROOT / "build"))
BINARY = BUILD / "tools" / "lock-verify" / "lock-verify"
sys.path.insert(0, str(ROOT / "tests" / "fixtures"))

jsonschema = pytest.importorskip("jsonschema")
from sarif_check import check_sarif  # noqa: E402

pytestmark = pytest.mark.skipif(not BINARY.exists(), reason=f"{BINARY} not built")

# A small lock as uv writes it: a virtual root with two registry dependencies.
LOCK = '''version = 1
revision = 3
requires-python = ">=3.12"

[[package]]
name = "demo"
version = "0.1.0"
source = { virtual = "." }
dependencies = [
    { name = "idna" },
    { name = "six" },
]

[[package]]
name = "idna"
version = "3.6"
source = { registry = "https://pypi.org/simple" }
sdist = { url = "https://files.pythonhosted.org/packages/bf/3f/idna-3.6.tar.gz", hash = "sha256:9ecdbbd083b06798ae1e86adcbfe8ab1479cf864e4ee30fe4e46a003d12491ca", size = 175426 }

[[package]]
name = "six"
version = "1.17.0"
source = { registry = "https://pypi.org/simple" }
sdist = { url = "https://files.pythonhosted.org/packages/94/e7/six-1.17.0.tar.gz", hash = "sha256:ff70335d468e7eb6ec65b95b99d3a2836546063f63acc5171de367e834932a81", size = 34031 }
'''


def run(*args):
    return subprocess.run([str(BINARY), "--no-stale", *map(str, args)], capture_output=True, text=True, timeout=60)


def line_of(text, needle, nth=1):
    """1-based line of the nth line containing `needle`."""
    hits = [i + 1 for i, line in enumerate(text.splitlines()) if needle in line]
    return hits[nth - 1]


def edit(old, new, text=LOCK):
    assert old in text
    return text.replace(old, new, 1)


# name -> (broken text, [(rule, line needle, column)])
CASES = {
    "conflict-markers": (
        edit('version = "1.17.0"\n', '<<<<<<< HEAD\nversion = "1.17.0"\n=======\nversion = "1.16.0"\n>>>>>>> topic\n'),
        [("conflict-markers", "<<<<<<< HEAD", 1)]),
    "invalid-toml": (
        edit('version = "3.6"', 'version = "3.6'),
        [("invalid-toml", 'version = "3.6', None)]),
    "missing-field": (
        edit('source = { registry = "https://pypi.org/simple" }\nsdist = { url = "https://files.pythonhosted.org/packages/94',
             'sdist = { url = "https://files.pythonhosted.org/packages/94'),
        [("invalid-field", '[[package]]', 1)]),
    "wrong-type": (
        edit('version = "3.6"', 'version = 3'),
        [("invalid-field", "version = 3", 11)]),
    "dangling-dependency": (
        edit('    { name = "six" },\n', '    { name = "six" },\n    { name = "no-such-package-xyz" },\n'),
        [("dangling-dependency", "no-such-package-xyz", 5)]),
    "duplicate-package": (
        LOCK + LOCK[LOCK.index("\n[[package]]\nname = \"six\""):],
        [("duplicate-package", '[[package]]', 1)]),
    "unsupported-version": (
        edit("version = 1\n", "version = 2\n"),
        [("unsupported-version", "version = 2", 11)]),
}

# The line of the expected finding, for the cases where the needle is not unique.
NTH = {"missing-field": 3, "duplicate-package": 4}


@pytest.mark.parametrize("case", sorted(CASES))
def test_each_structural_problem_is_a_located_finding_in_every_format(tmp_path, case):
    text, expected = CASES[case]
    lock = tmp_path / "uv.lock"
    lock.write_text(text)
    want = [(rule, line_of(text, needle, NTH.get(case, 1)), column) for rule, needle, column in expected]

    r = run(lock)
    assert r.returncode == 1, r.stdout + r.stderr
    assert r.stderr.endswith("(the lock cannot be read, so no other check ran)\n"), r.stderr
    for rule, line, column in want:
        located = f"error[{rule}] {lock}:{line}:"
        assert located in r.stdout, r.stdout
        if column is not None:
            assert f"{located}{column}: " in r.stdout, r.stdout
    assert "  fix: " in r.stdout

    r = run(lock, "--format", "json")
    assert r.returncode == 1
    doc = json.loads(r.stdout)
    assert doc["summary"]["errors"] == len(want) and doc["summary"]["lock_readable"] is False
    got = [(f["rule"], f["location"]["line"]) for f in doc["findings"]]
    assert got == [(rule, line) for rule, line, _ in want]
    for f, (_, _, column) in zip(doc["findings"], want):
        assert f["severity"] == "error" and f["package"] is None and f["message"] and f["fix"]
        assert column is None or f["location"]["column"] == column

    r = run(lock, "--format", "sarif")
    assert r.returncode == 1
    sarif = json.loads(r.stdout)
    check_sarif(sarif)
    results = sarif["runs"][0]["results"]
    assert [(x["ruleId"], x["level"]) for x in results] == [(rule, "error") for rule, _, _ in want]
    for x, (_, line, column) in zip(results, want):
        region = x["locations"][0]["physicalLocation"]["region"]
        assert region["startLine"] == line and region["startColumn"] >= 1
        assert column is None or region["startColumn"] == column


def test_three_conflict_regions_and_two_dangling_edges_are_five_findings(tmp_path):
    text = edit('    { name = "six" },\n', '    { name = "six" },\n    { name = "gone-one" },\n')
    text = edit('source = { registry = "https://pypi.org/simple" }\nsdist = { url = "https://files.pythonhosted.org/packages/bf',
                'source = { registry = "https://pypi.org/simple" }\ndependencies = [{ name = "gone-two" }]\n'
                'sdist = { url = "https://files.pythonhosted.org/packages/bf', text)
    text = edit('version = "0.1.0"\n', '<<<<<<< HEAD\nversion = "0.1.0"\n=======\nversion = "0.2.0"\n>>>>>>> topic\n', text)
    text = edit('version = "3.6"\n', '<<<<<<< HEAD\nversion = "3.6"\n||||||| base\nversion = "3.5"\n=======\n'
                'version = "3.7"\n>>>>>>> topic\n', text)
    text = edit('version = "1.17.0"\n', '<<<<<<< HEAD\nversion = "1.17.0"\n=======\nversion = "1.16.0"\n>>>>>>> topic\n', text)
    lock = tmp_path / "uv.lock"
    lock.write_text(text)
    r = run(lock, "--format", "sarif")
    assert r.returncode == 1, r.stderr
    sarif = json.loads(r.stdout)
    check_sarif(sarif)
    got = [(x["ruleId"], x["locations"][0]["physicalLocation"]["region"]) for x in sarif["runs"][0]["results"]]
    starts = [i + 1 for i, line in enumerate(text.splitlines()) if line.startswith("<<<<<<<")]
    ends = [i + 1 for i, line in enumerate(text.splitlines()) if line.startswith(">>>>>>>")]
    assert got == sorted([("conflict-markers", {"startLine": s, "startColumn": 1, "endLine": e}) for s, e in zip(starts, ends)] +
                         [("dangling-dependency", {"startLine": line_of(text, "gone-one"), "startColumn": 5}),
                          ("dangling-dependency", {"startLine": line_of(text, "gone-two"), "startColumn": 17})],
                         key=lambda x: x[1]["startLine"])
    r = run(lock)
    assert r.stdout.count("error[") == 5
    for s, e in zip(starts, ends):
        assert f"lines {s}-{e}" in r.stdout


def test_a_problem_only_one_side_of_a_conflict_has_is_not_reported(tmp_path):
    # theirs removes `six` inside the region; the edge to it dangles only if theirs wins.
    text = LOCK.replace('\n[[package]]\nname = "six"', '\n<<<<<<< HEAD\n[[package]]\nname = "six"', 1) + "=======\n>>>>>>> topic\n"
    lock = tmp_path / "uv.lock"
    lock.write_text(text)
    r = run(lock, "--format", "json")
    assert r.returncode == 1
    assert [f["rule"] for f in json.loads(r.stdout)["findings"]] == ["conflict-markers"]


def test_syntax_errors_in_several_blocks_are_all_reported(tmp_path):
    text = edit('version = "3.6"', 'version = "3.6"\nversion = "3.6"')  # a doubled key, as a bad hand merge leaves
    text = edit('version = "1.17.0"', 'version = "1.17.0', text)
    lock = tmp_path / "uv.lock"
    lock.write_text(text)
    r = run(lock, "--format", "json")
    assert r.returncode == 1
    findings = json.loads(r.stdout)["findings"]
    # Two blocks, two syntax errors; the edges to those packages are not called dangling.
    assert [(f["rule"], f["location"]["line"]) for f in findings] == [
        ("invalid-toml", line_of(text, 'version = "3.6"', 2)), ("invalid-toml", line_of(text, 'version = "1.17.0'))]


def test_severity_overrides_apply_to_structural_rules(tmp_path):
    lock = tmp_path / "uv.lock"
    lock.write_text(CASES["dangling-dependency"][0])
    r = run(lock, "--warn", "dangling-dependency")
    assert r.returncode == 0 and "warning[dangling-dependency]" in r.stdout
    assert run(lock, "--warn", "dangling-dependency", "--strict").returncode == 1


def test_the_tool_failing_is_still_exit_2(tmp_path):
    assert run(tmp_path / "missing.lock").returncode == 2
    lock = tmp_path / "uv.lock"
    lock.write_text(CASES["conflict-markers"][0])
    assert run(lock, "--format", "yaml").returncode == 2
    (tmp_path / "pyproject.toml").write_text("[tool.lockkit.verify]\nno-such-key = 1\n")
    assert run(lock).returncode == 2


def test_sarif_of_a_clean_run_and_of_package_findings_is_valid(tmp_path):
    lock = tmp_path / "my lock#1.lock"  # a path that needs percent-encoding as a URI
    lock.write_text(LOCK)
    r = run(lock, "--format", "sarif")
    assert r.returncode == 0
    check_sarif(json.loads(r.stdout))
    lock.write_text(edit('name = "idna"\nversion = "3.6"', 'name = "idna"\nversion = "3.7"'))
    r = run(lock, "--format", "sarif", "--https-only")
    assert r.returncode == 1
    doc = json.loads(r.stdout)
    check_sarif(doc)
    assert doc["runs"][0]["results"][0]["locations"][0]["physicalLocation"]["artifactLocation"]["uri"].endswith(
        "my%20lock%231.lock")
