"""lock-diff as a program: exit codes, the three formats, textconv, errors.

Runs the built binary (LOCKKIT_BUILD_DIR, default <repo>/build) on small locks
written by the tests, and on the ../shared corpus pairs when present.
"""
import json
import os
import subprocess
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
BUILD = Path(os.environ.get("LOCKKIT_BUILD_DIR", ROOT / "build"))
LOCK_DIFF = BUILD / "tools" / "lock-diff" / "lock-diff"


def corpus_dir():
    env = os.environ.get("LOCKKIT_CORPUS")
    path = Path(env) if env else ROOT.parent / "shared" / "corpus"
    return path if path.is_dir() else None


def lock_text(packages, requires_python=">=3.12"):
    """A uv.lock with an editable root `app` depending on every top-level name.

    packages: list of (name, version, deps, wheel_hash)."""
    roots = [p[0] for p in packages if p[0] not in {d for q in packages for d in q[2]}]
    entries = [("app", "0.1.0", roots, None)] + list(packages)
    entries.sort(key=lambda e: e[0])
    out = f'version = 1\nrevision = 3\nrequires-python = "{requires_python}"\n'
    for name, version, deps, wheel_hash in entries:
        out += f'\n[[package]]\nname = "{name}"\nversion = "{version}"\n'
        if name == "app":
            out += 'source = { editable = "." }\n'
        else:
            out += 'source = { registry = "https://pypi.org/simple" }\n'
        if deps:
            out += "dependencies = [\n" + "".join(f'    {{ name = "{d}" }},\n' for d in deps) + "]\n"
        if name != "app":
            base = f"https://files.pythonhosted.org/packages/{name}-{version}"
            out += f'sdist = {{ url = "{base}.tar.gz", hash = "sha256:ff", size = 10 }}\n'
            out += f'wheels = [\n    {{ url = "{base}-py3-none-any.whl", hash = "{wheel_hash}", size = 5 }},\n]\n'
    return out


def run(*args, env=None):
    if not LOCK_DIFF.exists():
        pytest.skip(f"lock-diff not built at {LOCK_DIFF}")
    full_env = dict(os.environ)
    full_env.pop("NO_COLOR", None)
    if env:
        full_env.update(env)
    return subprocess.run([str(LOCK_DIFF), *map(str, args)], capture_output=True, text=True, env=full_env)


@pytest.fixture
def locks(tmp_path):
    def write(name, packages, **kw):
        path = tmp_path / name
        path.write_text(lock_text(packages, **kw))
        return path
    return write


def test_no_change_exits_zero_even_with_exit_code(locks):
    a = locks("a.lock", [("six", "1.16.0", [], "sha256:00")])
    r = run("--exit-code", a, a)
    assert r.returncode == 0, r.stderr
    assert "no changes" in r.stdout


def test_changes_exit_zero_without_and_one_with_exit_code(locks):
    a = locks("a.lock", [("six", "1.16.0", [], "sha256:00")])
    b = locks("b.lock", [("six", "1.17.0", [], "sha256:00")])
    assert run(a, b).returncode == 0
    r = run("--exit-code", a, b)
    assert r.returncode == 1
    assert "six 1.16.0 -> 1.17.0 (minor)" in r.stdout


def test_fail_on_downgrade(locks):
    a = locks("a.lock", [("six", "1.17.0", [], "sha256:00")])
    b = locks("b.lock", [("six", "1.16.0", [], "sha256:00")])
    assert run("--fail-on", "downgrade", a, b).returncode == 1
    assert run("--fail-on", "source-change,artifact-change", a, b).returncode == 0
    assert run("--fail-on", "downgrade", b, a).returncode == 0


def test_fail_on_artifact_change(locks):
    a = locks("a.lock", [("six", "1.16.0", [], "sha256:00")])
    b = locks("b.lock", [("six", "1.16.0", [], "sha256:11")])
    r = run("--fail-on", "artifact-change", a, b)
    assert r.returncode == 1
    assert "Security findings" in r.stdout
    assert run("--fail-on", "downgrade", "--fail-on", "artifact-change", a, b).returncode == 1
    assert run("--fail-on", "downgrade", a, b).returncode == 0


def test_unknown_fail_on_value_is_an_error(locks):
    a = locks("a.lock", [])
    r = run("--fail-on", "everything", a, a)
    assert r.returncode == 2


def test_json_has_documented_keys(locks):
    a = locks("a.lock", [("httpx", "0.27.0", ["anyio"], "sha256:00"), ("anyio", "4.6.0", [], "sha256:00")])
    b = locks("b.lock", [("httpx", "0.28.0", ["anyio"], "sha256:00"), ("anyio", "4.7.0", [], "sha256:00")],
              requires_python=">=3.13")
    r = run("--format", "json", a, b)
    assert r.returncode == 0, r.stderr
    doc = json.loads(r.stdout)
    assert doc["schema_version"] == 1
    assert set(doc) >= {"schema_version", "summary", "revision", "lock_changes", "packages"}
    assert doc["summary"]["upgraded"] == 2
    assert doc["lock_changes"] == [{"field": "requires-python", "old": ">=3.12", "new": ">=3.13"}]
    anyio = next(p for p in doc["packages"] if p["name"] == "anyio")
    assert anyio["relation"] == "transitive"
    assert anyio["via"] == ["httpx"]
    assert anyio["old_version"] == "4.6.0" and anyio["new_version"] == "4.7.0"


def test_markdown_has_marker(locks):
    a = locks("a.lock", [])
    b = locks("b.lock", [("six", "1.16.0", [], "sha256:00")])
    r = run("--format", "markdown", a, b)
    assert r.returncode == 0
    assert r.stdout.startswith("<!-- lockkit:lock-diff -->")
    assert "| six | added |" in r.stdout


def test_colour_only_when_forced_or_on_a_terminal(locks):
    a = locks("a.lock", [])
    b = locks("b.lock", [("six", "1.16.0", [], "sha256:00")])
    assert "\x1b[" not in run(a, b).stdout  # a pipe is not a terminal
    assert "\x1b[" in run("--color", "always", a, b).stdout


def test_dev_null_side_means_everything_added(locks):
    b = locks("b.lock", [("six", "1.16.0", [], "sha256:00")])
    r = run("--format", "json", "/dev/null", b)
    assert r.returncode == 0, r.stderr
    doc = json.loads(r.stdout)
    assert {p["name"] for p in doc["packages"] if p["change"] == "added"} == {"app", "six"}


def test_unreadable_or_invalid_input_is_exit_two_with_a_diagnostic(tmp_path, locks):
    a = locks("a.lock", [])
    bad = tmp_path / "bad.lock"
    bad.write_text("version = 1\n<<<<<<< ours\n")
    r = run(a, bad)
    assert r.returncode == 2
    assert "error:" in r.stderr and "bad.lock" in r.stderr
    r = run(a, tmp_path / "missing.lock")
    assert r.returncode == 2
    assert "no such file" in r.stderr
    assert run(a).returncode == 2


def test_textconv_is_one_line_per_package(locks):
    a = locks("a.lock", [("httpx", "0.27.0", ["anyio"], "sha256:00"), ("anyio", "4.6.0", [], "sha256:00")])
    r = run("--textconv", a)
    assert r.returncode == 0, r.stderr
    lines = r.stdout.splitlines()
    assert lines[0] == "requires-python >=3.12"
    names = [line.split()[0] for line in lines[1:]]
    assert names == ["anyio", "app", "httpx"]
    assert "deps=[anyio]" in lines[3]


def test_help_teaches_with_examples():
    r = run("--help")
    assert r.returncode == 0
    assert "Examples:" in r.stdout
    assert "--fail-on" in r.stdout and "textconv" in r.stdout


def test_every_corpus_pair_in_every_format():
    root = corpus_dir()
    if root is None or not (root / "diffs").is_dir():
        pytest.skip("skipped: ../shared corpus not found")
    for case in sorted((root / "diffs").iterdir()):
        if not case.is_dir():
            continue
        before, after = case / "before.uv.lock", case / "after.uv.lock"
        for fmt in ("text", "markdown", "json"):
            r = run("--format", fmt, before, after)
            if case.name.startswith("19-"):
                # The before side predates uv 0.3's format, which current uv no longer reads.
                assert r.returncode == 2 and "older than 0.3" in r.stderr
                continue
            assert r.returncode == 0, (case.name, fmt, r.stderr)
            if fmt == "json":
                assert json.loads(r.stdout)["schema_version"] == 1
            if fmt == "markdown":
                assert r.stdout.startswith("<!-- lockkit:lock-diff -->")
                assert len(r.stdout) <= 65536
    one = run("--format", "json", root / "diffs/01-single-bump-dependabot/before.uv.lock",
              root / "diffs/01-single-bump-dependabot/after.uv.lock")
    doc = json.loads(one.stdout)
    crypto = [p for p in doc["packages"] if p["name"] == "cryptography"]
    assert len(crypto) == 1 and crypto[0]["old_version"] == "46.0.7" and crypto[0]["new_version"] == "48.0.1"


def git(repo, *args):
    subprocess.run(["git", "-C", str(repo), *args], check=True, capture_output=True,
                   env=dict(os.environ, GIT_AUTHOR_NAME="t", GIT_AUTHOR_EMAIL="t@example.com",
                            GIT_COMMITTER_NAME="t", GIT_COMMITTER_EMAIL="t@example.com",
                            GIT_CONFIG_GLOBAL="/dev/null", GIT_CONFIG_SYSTEM="/dev/null"))


@pytest.fixture
def repo(tmp_path):
    """main: six 1.16.0; feature (from main): six 1.17.0 + idna; main moves on: a README only."""
    r = tmp_path / "repo"
    r.mkdir()
    git(r, "init", "-q", "-b", "main")
    (r / "uv.lock").write_text(lock_text([("six", "1.16.0", [], "sha256:00")]))
    git(r, "add", "uv.lock")
    git(r, "commit", "-q", "-m", "first")
    git(r, "checkout", "-q", "-b", "feature")
    (r / "uv.lock").write_text(lock_text([("six", "1.17.0", [], "sha256:00"), ("idna", "3.10", [], "sha256:00")]))
    git(r, "commit", "-q", "-am", "bump")
    git(r, "checkout", "-q", "main")
    (r / "uv.lock").write_text(lock_text([("six", "1.16.1", [], "sha256:00")]))
    git(r, "commit", "-q", "-am", "main moves")
    return r


def run_in(repo_dir, *args):
    if not LOCK_DIFF.exists():
        pytest.skip(f"lock-diff not built at {LOCK_DIFF}")
    return subprocess.run([str(LOCK_DIFF), *args], capture_output=True, text=True, cwd=repo_dir)


def test_two_revisions(repo):
    r = run_in(repo, "--format", "json", "main", "feature")
    assert r.returncode == 0, r.stderr
    doc = json.loads(r.stdout)
    six = next(p for p in doc["packages"] if p["name"] == "six")
    assert (six["old_version"], six["new_version"]) == ("1.16.1", "1.17.0")


def test_merge_base_range(repo):
    r = run_in(repo, "--format", "json", "main...feature")
    assert r.returncode == 0, r.stderr
    doc = json.loads(r.stdout)
    six = next(p for p in doc["packages"] if p["name"] == "six")
    assert (six["old_version"], six["new_version"]) == ("1.16.0", "1.17.0")  # from the merge base
    assert any(p["name"] == "idna" and p["change"] == "added" for p in doc["packages"])


def test_cached_reads_the_index_not_the_work_tree(repo):
    (repo / "uv.lock").write_text(lock_text([("six", "2.0.0", [], "sha256:00")]))
    assert "no changes" in run_in(repo, "--cached").stdout
    git(repo, "add", "uv.lock")
    (repo / "uv.lock").write_text("garbage that is not read")
    r = run_in(repo, "--cached", "--exit-code")
    assert r.returncode == 1, r.stderr
    assert "six 1.16.1 -> 2.0.0 (major)" in r.stdout


def test_missing_file_on_one_side_means_all_added(repo):
    r = run_in(repo, "--format", "json", "--path", "sub/uv.lock", "main", "feature")
    assert r.returncode == 0, r.stderr
    assert json.loads(r.stdout)["packages"] == []
    (repo / "sub").mkdir()
    (repo / "sub" / "uv.lock").write_text(lock_text([("six", "1.16.0", [], "sha256:00")]))
    git(repo, "add", "sub/uv.lock")
    git(repo, "commit", "-q", "-m", "sub")
    r = run_in(repo, "--format", "json", "--path", "sub/uv.lock", "HEAD~1", "HEAD")
    assert r.returncode == 0, r.stderr
    assert {p["name"] for p in json.loads(r.stdout)["packages"] if p["change"] == "added"} == {"app", "six"}


def test_unknown_revision_is_an_error(repo):
    r = run_in(repo, "main", "no-such-branch")
    assert r.returncode == 2
    assert "unknown revision" in r.stderr


def test_git_diff_through_the_textconv_driver(repo):
    if not LOCK_DIFF.exists():
        pytest.skip(f"lock-diff not built at {LOCK_DIFF}")
    (repo / ".gitattributes").write_text("uv.lock diff=uvlock\n")
    git(repo, "config", "diff.uvlock.textconv", f"{LOCK_DIFF} --textconv")
    out = subprocess.run(["git", "-C", str(repo), "diff", "main", "feature", "--", "uv.lock"],
                         capture_output=True, text=True, check=True).stdout
    changed = [l for l in out.splitlines() if l[:1] in "+-" and not l.startswith(("+++", "---"))]
    assert any(l.startswith("-six 1.16.1 registry+https://pypi.org/simple") for l in changed), out
    assert any(l.startswith("+six 1.17.0 registry+https://pypi.org/simple") for l in changed), out
    assert any(l.startswith("+idna 3.10 ") for l in changed), out
    assert not any("upload-time" in l or "sha256" in l for l in changed)
