"""lock-diff as a program: exit codes, the three formats, textconv, errors.

Runs the built binary (LOCKKIT_BUILD_DIR, default <repo>/build) on small locks
written by the tests, and on the ../shared corpus pairs when present.
"""
import json
import os
import subprocess
from pathlib import Path

import pytest

# An empty global git config in a temp dir. Never point GIT_CONFIG_GLOBAL at
# /dev/null: a test that writes global config (install --global) would make git
# replace /dev/null itself with a regular file (it writes via lock + rename).
import tempfile as _tempfile
_NO_GLOBAL_CONFIG = os.path.join(_tempfile.mkdtemp(prefix="lockkit-gitconfig-"), "gitconfig")
open(_NO_GLOBAL_CONFIG, "w").close()

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
                            GIT_CONFIG_GLOBAL=_NO_GLOBAL_CONFIG, GIT_CONFIG_SYSTEM="/dev/null"))


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


def test_a_file_and_a_revision_cannot_be_mixed(repo):
    for args in (("uv.lock", "HEAD"), ("main", "uv.lock")):
        r = run_in(repo, *args)
        assert r.returncode == 2
        assert "is a file and" in r.stderr and "not one of each" in r.stderr, r.stderr
        assert "no such file" not in r.stderr
        assert "hint: " in r.stderr and "git show" in r.stderr
    # A misspelt file next to a real one is still just a missing file.
    r = run_in(repo, "uv.lock", "uv.lokc")
    assert r.returncode == 2 and "no such file" in r.stderr, r.stderr


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


# --- Golden outputs on the corpus pairs -------------------------------------
#
# tests/golden/diff/<case>/{text.txt,markdown.md,json.json} are lock-diff's own
# outputs on /work/shared/corpus/diffs/<case>/{before,after}.uv.lock, each checked
# by hand once against the pair's message.txt and the raw files (see
# docs/lock-diff.md, "Golden tests"). Refresh with UPDATE_GOLDEN=1 after an
# intended output change, and review the git diff of tests/golden/ before committing.

GOLDEN = ROOT / "tests" / "golden" / "diff"
GOLDEN_FORMATS = {"text": "text.txt", "markdown": "markdown.md", "json": "json.json"}


def diff_corpus():
    """The corpus pairs: LOCKKIT_CORPUS, else LOCKKIT_SOURCE_ROOT/../shared/corpus, else beside the repository."""
    env = os.environ.get("LOCKKIT_CORPUS")
    if env:
        base = Path(env)
    elif os.environ.get("LOCKKIT_SOURCE_ROOT"):
        base = Path(os.environ["LOCKKIT_SOURCE_ROOT"]).parent / "shared" / "corpus"
    else:
        base = ROOT.parent / "shared" / "corpus"
    return base / "diffs"


def golden_cases():
    diffs = diff_corpus()
    if not diffs.is_dir():
        return [pytest.param(None, marks=pytest.mark.skip(reason=f"corpus diffs not found at {diffs} (set LOCKKIT_CORPUS)"))]
    return sorted(p.name for p in diffs.iterdir() if (p / "before.uv.lock").exists() and (p / "after.uv.lock").exists())


def normalise(text):
    """Volatile text in an output (none is expected: titles are fixed, nothing depends on the clock or paths)."""
    return text.replace(str(diff_corpus()), "<corpus>")


def text_has_entry(text, name, version):
    """Whether the raw lock text has a package entry `name = "<name>"` directly followed by
    `version = "<version>"`: what a diff's version claim must match, read without lockkit."""
    lines = text.replace("\r\n", "\n").split("\n")
    return any(line == f'name = "{name}"' and i + 1 < len(lines) and lines[i + 1] == f'version = "{version}"'
               for i, line in enumerate(lines))


def check_claims_against_raw_text(case, doc, text_out, markdown_out):
    """The goldens are lock-diff's own output; this checks what they claim independently:
    every version a change names is in the raw text of the side it belongs to, an added
    package is absent from before and a removed one from after, and every changed package
    appears in the text and Markdown renderings too."""
    pair = diff_corpus() / case
    before = (pair / "before.uv.lock").read_text()
    after = (pair / "after.uv.lock").read_text()
    for change in doc["packages"]:
        name, old, new = change["name"], change["old_version"], change["new_version"]
        if old is not None:
            assert text_has_entry(before, name, old), f"{case}: {name} {old} is not in before.uv.lock"
        if new is not None:
            assert text_has_entry(after, name, new), f"{case}: {name} {new} is not in after.uv.lock"
        if change["change"] == "added" and new is not None:
            assert not text_has_entry(before, name, new) or change["new_source"] != change["old_source"], (case, name)
        if change["change"] == "removed" and old is not None:
            assert not text_has_entry(after, name, old) or change["new_source"] != change["old_source"], (case, name)
        if change["change"] in ("upgraded", "downgraded"):
            assert old != new, (case, name)
        assert name in text_out and name in markdown_out, f"{case}: {name} missing from the text or Markdown output"


@pytest.mark.parametrize("case", golden_cases())
def test_golden_corpus_outputs(case):
    pair = diff_corpus() / case
    update = os.environ.get("UPDATE_GOLDEN") == "1"
    outputs = {}
    for fmt, filename in GOLDEN_FORMATS.items():
        r = run("--format", fmt, "--color", "never", pair / "before.uv.lock", pair / "after.uv.lock")
        if r.returncode == 0:
            got = normalise(r.stdout)
        else:
            # A pair lock-diff refuses (a pre-0.3 lock): the diagnostic is the golden output.
            got = f"exit {r.returncode}\n" + normalise(r.stderr)
            filename = "error.txt"
        path = GOLDEN / case / filename
        if update:
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_text(got)
            continue
        assert path.exists(), f"{path} missing: run with UPDATE_GOLDEN=1 and check the output by hand"
        assert got == path.read_text(), f"{case} {fmt} differs from {path} (UPDATE_GOLDEN=1 refreshes it after review)"
        if r.returncode == 0:
            outputs[fmt] = got
    if len(outputs) == len(GOLDEN_FORMATS):
        check_claims_against_raw_text(case, json.loads(outputs["json"]), outputs["text"], outputs["markdown"])


# --- lock-diff install --------------------------------------------------------


def git_out(repo, *args, home=None):
    # An identity: with cachetextconv, git stores the textconv cache as notes commits.
    env = dict(os.environ, GIT_CONFIG_SYSTEM="/dev/null", GIT_PAGER="cat", PAGER="cat",
               GIT_AUTHOR_NAME="t", GIT_AUTHOR_EMAIL="t@example.com", GIT_COMMITTER_NAME="t", GIT_COMMITTER_EMAIL="t@example.com")
    env["GIT_CONFIG_GLOBAL"] = str(home / ".gitconfig") if home else _NO_GLOBAL_CONFIG
    if home:
        env["HOME"] = str(home)
        env.pop("XDG_CONFIG_HOME", None)
    return subprocess.run(["git", "-C", str(repo), *args], check=True, capture_output=True, text=True, env=env).stdout


def changed_lines(out):
    return [l for l in out.splitlines() if l[:1] in "+-" and not l.startswith(("+++", "---"))]


def test_install_makes_git_diff_and_log_readable(repo):
    if not LOCK_DIFF.exists():
        pytest.skip(f"lock-diff not built at {LOCK_DIFF}")
    # Before: git shows raw TOML lines.
    raw = git_out(repo, "diff", "main", "feature", "--", "uv.lock")
    assert any(l.startswith('+version = "1.17.0"') for l in changed_lines(raw)), raw
    (repo / ".gitattributes").write_text("*.png binary")  # no trailing newline: kept intact
    r = run_in(repo, "install")
    assert r.returncode == 0, r.stderr
    assert "diff.uvlock.textconv" in r.stdout
    assert (repo / ".gitattributes").read_text() == "*.png binary\nuv.lock diff=uvlock\n"
    assert git_out(repo, "config", "--local", "diff.uvlock.textconv").strip() == f"{LOCK_DIFF.resolve()} --textconv"
    assert git_out(repo, "config", "--local", "diff.uvlock.cachetextconv").strip() == "true"
    # Idempotent: a second run adds nothing.
    r = run_in(repo, "install")
    assert r.returncode == 0, r.stderr
    assert "already has" in r.stdout
    assert (repo / ".gitattributes").read_text().count("diff=uvlock") == 1
    assert git_out(repo, "config", "--local", "--get-all", "diff.uvlock.textconv").count("--textconv") == 1
    # git diff between revisions: one line per package.
    out = git_out(repo, "diff", "main", "feature", "--", "uv.lock")
    lines = changed_lines(out)
    assert any(l.startswith("-six 1.16.1 registry+https://pypi.org/simple") for l in lines), out
    assert any(l.startswith("+six 1.17.0 registry+https://pypi.org/simple") for l in lines), out
    assert any(l.startswith("+idna 3.10 ") for l in lines), out
    assert not any(l.startswith(('+version', '-version', '+sdist', '+wheels')) for l in lines), out
    assert git_out(repo, "notes", "--ref", "textconv/uvlock", "list")  # cachetextconv took effect
    # git log -p on the feature branch: the bump commit reads the same way.
    log = git_out(repo, "log", "-p", "-1", "feature", "--", "uv.lock")
    assert any(l.startswith("+six 1.17.0 registry+") for l in changed_lines(log)), log
    assert not any("sha256" in l for l in changed_lines(log)), log
    # The work tree too (git diff with no revisions).
    (repo / "uv.lock").write_text(lock_text([("six", "1.16.2", [], "sha256:00")]))
    wt = changed_lines(git_out(repo, "diff", "--", "uv.lock"))
    assert any(l.startswith("+six 1.16.2 ") for l in wt) and any(l.startswith("-six 1.16.1 ") for l in wt)


def test_install_keeps_an_existing_attribute_line(repo):
    if not LOCK_DIFF.exists():
        pytest.skip(f"lock-diff not built at {LOCK_DIFF}")
    (repo / ".gitattributes").write_text("uv.lock merge=uvlock diff=uvlock\n")
    r = run_in(repo, "install")
    assert r.returncode == 0, r.stderr
    assert (repo / ".gitattributes").read_text() == "uv.lock merge=uvlock diff=uvlock\n"


def test_install_global_writes_the_global_config_and_attributes(repo, tmp_path):
    if not LOCK_DIFF.exists():
        pytest.skip(f"lock-diff not built at {LOCK_DIFF}")
    home = tmp_path / "home"
    home.mkdir()
    env = dict(os.environ, HOME=str(home), GIT_CONFIG_GLOBAL=str(home / ".gitconfig"), GIT_CONFIG_SYSTEM="/dev/null")
    env.pop("XDG_CONFIG_HOME", None)
    r = subprocess.run([str(LOCK_DIFF), "install", "--global"], capture_output=True, text=True, cwd=repo, env=env)
    assert r.returncode == 0, r.stderr
    assert (home / ".config" / "git" / "attributes").read_text() == "uv.lock diff=uvlock\n"
    assert not (repo / ".gitattributes").exists()
    config = (home / ".gitconfig").read_text()
    assert "textconv = " in config and "--textconv" in config and "cachetextconv = true" in config
    out = git_out(repo, "diff", "main", "feature", "--", "uv.lock", home=home)
    assert any(l.startswith("+six 1.17.0 registry+") for l in changed_lines(out)), out


def test_install_outside_a_repository_is_an_error(tmp_path):
    if not LOCK_DIFF.exists():
        pytest.skip(f"lock-diff not built at {LOCK_DIFF}")
    r = subprocess.run([str(LOCK_DIFF), "install"], capture_output=True, text=True, cwd=tmp_path,
                       env=dict(os.environ, GIT_CEILING_DIRECTORIES=str(tmp_path.parent)))
    assert r.returncode == 2
    assert "lock-diff install: error" in r.stderr
