"""One-line pyproject.toml edits on real projects, online against PyPI: `lock resolve` changes the
lock exactly as `uv lock` 0.12.5 does.

Projects of ../shared/corpus/uv-ecosystem/ that both tools lock identically from scratch (see
test_lock_resolve_ecosystem.py) are locked once by uv, with the `exclude-newer` of their META: that
is the base lock. For some projects uv then moves a few packages down to the project's own lower
bounds (`--upgrade-package werkzeug==3.1.0`), so the base lock holds versions an edit can exclude.
Each edit of EDITS changes one line (or inserts one) in a copy of the project that holds the base
lock; uv re-locks one copy and lockkit another, both with the same `--python`; the two locks must
be byte-identical, or both tools must fail with the same report once this run's paths are
normalised (tests/fixtures/failure_text.py). Every lock lockkit writes must pass
`lock-verify --strict --check-stale` and `uv lock --check`.

All projects share one uv cache and one lockkit cache with test_lock_resolve_ecosystem.py (which
runs first and locks the same projects from scratch), so PyPI is asked once per page. The test
prints how long each project took. Skipped, with the reason, when the corpus or PyPI is missing.
An edit on which the tools cannot agree yet is listed in lock_resolve_exceptions.tsv as
`<project>:<edit>` with check `edit` and the reason; a listed edit that agrees fails the test.
"""

from __future__ import annotations

import shutil
import time

import pytest

import conformance_exceptions
import failure_text
import uv_oracle
from test_lock_resolve_ecosystem import (CORPUS, LOCK_BIN, UV, _OFFLINE, _UV_SKIP_REASON, interpreter,
                                         meta, run, shared_env)
from verify_written import verify_problem

pytestmark = [
    pytest.mark.skipif(UV is None, reason=f"uv {uv_oracle.UV_VERSION} unavailable: {_UV_SKIP_REASON}"),
    pytest.mark.skipif(bool(_OFFLINE), reason=_OFFLINE or "-"),
]

# Versions uv moves to after the first lock (all are the project's own lower bounds, so the
# project still accepts them): the base lock then holds versions an edit can exclude.
BASE_PINS = {
    "flask": ["werkzeug==3.1.0", "jinja2==3.1.2"],
    "pytest-cov": ["coverage==7.10.6"],
    "cookiecutter": ["requests==2.23.0"],
}

# (project, edit name, the line as it is, what replaces it). A replacement holding "\n" inserts a
# line after the old one; an empty replacement removes the line.
EDITS = [
    ("flask", "tighten-lower-past-locked", '    "werkzeug>=3.1.0",', '    "werkzeug>=3.1.1",'),
    ("flask", "exclusive-lower-past-locked", '    "jinja2>=3.1.2",', '    "jinja2>3.1.2",'),
    ("flask", "add-dependency", '    "blinker>=1.9.0",', '    "blinker>=1.9.0",\n    "requests>=2.31",'),
    ("flask", "drop-extra", 'dotenv = ["python-dotenv"]', ""),
    ("flask", "add-extra", 'async = ["asgiref>=3.2"]', 'async = ["asgiref>=3.2"]\nyaml = ["pyyaml>=6"]'),
    ("flask", "add-group-dependency", '    "tox-uv",', '    "tox-uv",\n    "httpx",'),
    ("flask", "remove-group-dependency", '    "sphinx-tabs",', ""),
    ("flask", "loosen-upper", '    "sphinx<9",', '    "sphinx",'),
    ("flask", "tighten-upper-below-locked", '    "click>=8.1.3",', '    "click>=8.1.3,<8.2",'),
    ("httpx", "tighten-upper", '    "h2>=3,<5",', '    "h2>=3,<4",'),
    ("httpx", "remove-extra-dependency", '    "socksio==1.*",', ""),
    ("httpx", "add-dependency", '    "idna",', '    "idna",\n    "sniffio>=1.3",'),
    ("httpx", "loosen-pin", '    "httpcore==1.*",', '    "httpcore",'),
    ("httpx", "add-marker", '    "certifi",', '    "certifi; sys_platform != \'win32\'",'),
    ("pytest-cov", "tighten-lower-past-locked", '    "coverage[toml]>=7.10.6",', '    "coverage[toml]>=7.10.7",'),
    ("pytest-cov", "drop-extra-of-requirement", '    "coverage[toml]>=7.10.6",', '    "coverage>=7.10.6",'),
    ("pytest-cov", "add-extra-of-requirement", '    "pytest>=7",', '    "pytest[dev]>=7",'),
    ("pytest-cov", "remove-dependency", '    "pluggy>=1.2",', ""),
    ("pytest-cov", "add-extra-dependency", '    "virtualenv",', '    "virtualenv",\n    "tox",'),
    ("cookiecutter", "tighten-lower-past-locked", '    "requests>=2.23.0",', '    "requests>=2.24",'),
    ("cookiecutter", "remove-dependency", '    "arrow",', ""),
    ("cookiecutter", "add-group-dependency", '    "freezegun",', '    "freezegun",\n    "hypothesis",'),
    ("cookiecutter", "tighten-upper", '    "click>=7.0,<9.0.0",', '    "click>=7.0,<8.2",'),
    ("llm", "add-dependency", '    "puremagic",', '    "puremagic",\n    "httpx>=0.28",'),
    ("llm", "remove-group-dependency", '    "syrupy",', ""),
    ("llm", "loosen-group-pin", '    "sphinx==7.2.6",', '    "sphinx>=7.2.6",'),
]
PROJECTS = sorted({project for project, *_ in EDITS})


def edited(text: str, old: str, new: str) -> str:
    lines = text.split("\n")
    at = [i for i, line in enumerate(lines) if line == old]
    assert len(at) == 1, f"{old!r} is on {len(at)} lines"
    lines[at[0]:at[0] + 1] = new.split("\n") if new else []
    return "\n".join(lines)


@pytest.fixture(scope="module")
def env(tmp_path_factory):
    # UV_NO_WRAP: uv's failure reports unwrapped, as lockkit writes them (failure_text compares lines).
    return {**shared_env(tmp_path_factory), "UV_NO_WRAP": "1"}


def test_the_edits_cover_the_kinds_the_issue_asks_for():
    assert len(EDITS) >= 20
    assert len(PROJECTS) >= 4
    kinds = {name.split("-past")[0] for _, name, *_ in EDITS}
    for kind in ("add-dependency", "tighten-lower", "drop-extra", "add-extra", "add-group-dependency",
                 "remove-dependency", "loosen-upper"):
        assert kind in kinds, kind
    for project, _, old, _ in EDITS:
        assert old in (CORPUS / project / "pyproject.toml").read_text().split("\n"), (project, old)


@pytest.mark.parametrize("project", PROJECTS)
def test_one_line_edits_on_an_ecosystem_project_change_what_uv_changes(tmp_path, env, project):
    started = time.monotonic()
    m = meta(project)
    python = interpreter(m.get("python", "3.12"))
    if python is None:
        pytest.skip(f"uv needs Python {m.get('python')}, which this machine lacks")
    cutoff = ["--python", python, "--exclude-newer", m["exclude-newer"]]
    base = tmp_path / "base"
    base.mkdir()
    (base / "pyproject.toml").write_text((CORPUS / project / "pyproject.toml").read_text())
    made = run([UV, "lock", *cutoff], base, env)
    assert made.returncode == 0, made.stderr[-3000:]
    if project in BASE_PINS:
        pins = [a for pin in BASE_PINS[project] for a in ("--upgrade-package", pin)]
        made = run([UV, "lock", *cutoff, *pins], base, env)
        assert made.returncode == 0, made.stderr[-3000:]
        for pin in BASE_PINS[project]:
            name, _, version = pin.partition("==")
            assert f'name = "{name}"\nversion = "{version}"' in (base / "uv.lock").read_text(), pin
    base_lock = (base / "uv.lock").read_text()
    known = conformance_exceptions.read()
    problems, changed, agreed = [], 0, 0
    for _, name, old, new in (e for e in EDITS if e[0] == project):
        key = f"{project}:{name}"
        listed = (key, "edit") in known
        dirs = {}
        for tool in ("uv", "lockkit"):
            d = tmp_path / name / tool
            shutil.copytree(base, d)
            (d / "pyproject.toml").write_text(edited((base / "pyproject.toml").read_text(), old, new))
            dirs[tool] = d
        u = run([UV, "lock", *cutoff], dirs["uv"], env)
        k = run([LOCK_BIN, "resolve", *cutoff], dirs["lockkit"], env)
        if u.returncode != 0 or k.returncode != 0:
            if (u.returncode == 0) != (k.returncode == 0):
                if not listed:
                    problems.append(f"{key}: uv exit {u.returncode}, lockkit exit {k.returncode}:\n"
                                    f"{u.stderr[-600:]}\n{k.stderr[-600:]}")
                continue
            # Both failed: for the same reason, once this run's paths are normalised away.
            replacements = {str(dirs["uv"]): "[PROJECT]", str(dirs["lockkit"]): "[PROJECT]", str(tmp_path): "[TEMP]"}
            theirs, ours = (failure_text.normalise(p.stderr, replacements) for p in (u, k))
            if theirs != ours:
                if not listed:
                    problems.append(f"{key}: both fail, reports differ at "
                                    f"{failure_text.first_difference(theirs, ours)}")
            elif listed:
                problems.append(conformance_exceptions.now_passes(key, "edit"))
            else:
                agreed += 1
            continue
        theirs, ours = (dirs["uv"] / "uv.lock").read_text(), (dirs["lockkit"] / "uv.lock").read_text()
        changed += theirs != base_lock
        if ours != theirs:
            if not listed:
                problems.append(f"{key}: {failure_text.first_difference(theirs, ours)}")
            continue
        if listed:
            problems.append(conformance_exceptions.now_passes(key, "edit"))
        agreed += 1
        # Every lock lockkit writes: lock-verify finds nothing, and uv calls it up to date.
        problem = verify_problem(LOCK_BIN, dirs["lockkit"], env)
        if problem:
            problems.append(f"{key}: {problem}")
        checked = run([UV, "lock", "--check", *cutoff], dirs["lockkit"], env)
        if checked.returncode != 0:
            problems.append(f"{key}: uv lock --check: {checked.stderr[-600:]}")
    edits = sum(1 for e in EDITS if e[0] == project)
    print(f"{project}: {edits} edits, {agreed} agree (identical locks or the same failure), {changed} changed the base lock, "
          f"{time.monotonic() - started:.0f} s")
    assert not problems, "\n".join(problems)
    # An edit that changes nothing checks little: most of them must move the lock.
    assert changed >= edits - 1, f"only {changed} of {edits} edits changed the lock"

