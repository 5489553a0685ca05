"""`lock resolve` against `uv lock` 0.12.5 on real projects' pyproject.toml files, online.

The cases (tests/fixtures/real_projects.py) are every side of the corpus's merge cases
(../shared/corpus/merges: the project's pyproject.toml and its workspace members at base, ours,
theirs and the committed merge) and the uv-ecosystem projects test_lock_resolve_ecosystem.py does
not lock. scripts/real_differential.py locks all of them from scratch with both tools against
PyPI, with the case's exclude-newer, and records each outcome with its reason in
lock_resolve_real_projects.tsv. Here:

- the record must cover the corpus as it is: every case listed once, with a known outcome, a
  reason for each one that is not `identical`, and `skipped` exactly for the cases the corpus
  cannot make whole (a workspace member or path source missing), or for want of an interpreter
  inside requires-python on the machine that made the record;
- a handful of the identical cases (a single project, workspaces, a project whose own version
  is dynamic) are locked again by both tools now and must still be byte-identical.

The online part is skipped, with the reason, when PyPI cannot be reached; a failure that looks
like the network's is retried once.
"""

from __future__ import annotations

import os
import urllib.request
from pathlib import Path

import pytest

from lockkit_build import LOCK_BIN, REPO_ROOT
import differential
import real_projects
import uv_oracle

CORPUS = real_projects.corpus_dir(REPO_ROOT)
RECORD = real_projects.read_outcomes(Path(__file__).with_name("lock_resolve_real_projects.tsv"))

# Identical in the record, and quick: one project, two workspaces (one with dynamic versions
# built by uv-dynamic-versioning), and a large application.
ONLINE = [
    "merges/pallets__flask__4cae5d8e41/merged",
    "merges/jlowin__fastmcp__9d51bca0d8/merged",
    "merges/microsoft__graphrag__6ce6b622ef/merged",
    "merges/modelcontextprotocol__python-sdk__2fba7f30b1/merged",
    "ecosystem/zulip",
]


def pypi_unreachable() -> str:
    try:
        urllib.request.build_opener().open("https://pypi.org/simple/idna/", timeout=10).read(100)
        return ""
    except Exception as e:  # noqa: BLE001 - any failure means "offline" here
        return f"PyPI unreachable: {e}"


@pytest.fixture(scope="module")
def cases():
    if not CORPUS.is_dir():
        pytest.skip(f"corpus not found at {CORPUS}")
    return {c.name: c for c in real_projects.all_cases(CORPUS)}


def test_record_covers_every_case(cases):
    assert set(RECORD) == set(cases), (
        f"not recorded: {sorted(set(cases) - set(RECORD))}; recorded but gone: {sorted(set(RECORD) - set(cases))}")
    for name, (status, reason) in RECORD.items():
        assert status in real_projects.STATUSES, f"{name}: unknown outcome {status!r}"
        assert status == "identical" or reason.strip(), f"{name}: {status} without a reason"
    # What the corpus lacks is skipped everywhere; the interpreters depend on the machine that
    # made the record, so a skip for want of one is only checked for its reason.
    for name, case in cases.items():
        status, reason = RECORD[name]
        if case.skip:
            assert (status, reason) == ("skipped", case.skip), f"{name}: recorded {status}, the fixture says {case.skip!r}"
        else:
            assert status != "skipped" or "interpreter" in reason, f"{name}: skipped for no known reason: {reason!r}"
    # The record says something: most cases that could be locked agree byte for byte.
    locked = [s for s, _ in RECORD.values() if s != "skipped"]
    assert sum(s in ("identical", "verify-failed") for s in locked) >= len(locked) // 2


@pytest.fixture(scope="module")
def online(tmp_path_factory):
    uv, why = uv_oracle.find_uv(install=True)
    if uv is None:
        pytest.skip(f"uv {uv_oracle.UV_VERSION} unavailable: {why}")
    if not (LOCK_BIN.is_file() and os.access(LOCK_BIN, os.X_OK)):
        pytest.skip(f"lockkit binary not built: {LOCK_BIN}")
    offline = pypi_unreachable()
    if offline:
        print(offline)
        pytest.skip(offline)
    return uv, differential.sandbox(tmp_path_factory.mktemp("home"))


@pytest.mark.parametrize("name", ONLINE)
def test_real_project_locks_like_uv(tmp_path, cases, online, name):
    uv, env = online
    assert RECORD[name][0] == "identical", f"{name} is not recorded as identical"
    case = cases[name]
    if not real_projects.interpreter_for(real_projects.requires_python(case)):
        pytest.skip(f"{name}: no interpreter here fits its requires-python")
    outcome = real_projects.run_case(case, tmp_path, uv, str(LOCK_BIN), env, timeout=300)
    assert outcome.status == "identical", f"{name}: {outcome.status}: {outcome.detail}"


def test_both_failing_agrees_only_on_the_same_report(tmp_path):
    """Two failures count as agreement only when their normalised reports are the same (as in
    the local conformance tests), not whatever each said. Stand-in programs print the reports."""
    case = real_projects.Case("merges/stand-in/merged", {
        "pyproject.toml": '[project]\nname = "p"\nversion = "0"\nrequires-python = ">=3.8"\n'})
    if not real_projects.interpreter_for(real_projects.requires_python(case)):
        pytest.skip("no interpreter here fits requires-python >=3.8")

    def program(name: str, report: str) -> str:
        (tmp_path / f"{name}.txt").write_text(report)
        path = tmp_path / name
        path.write_text(f"#!/bin/sh\ncat '{tmp_path / name}.txt' >&2\nexit 2\n")
        path.chmod(0o755)
        return str(path)

    uv = program("uv", "  × No solution found when resolving dependencies:\n  ╰─▶ Because x was not found, we can't lock.\n")
    same = program("same", "error: No solution found when resolving dependencies:\n  Because x was not found, we can't lock.\n")
    other = program("other", "error: No solution found when resolving dependencies:\n  Because y was not found, we can't lock.\n")
    env = dict(os.environ)
    assert real_projects.run_case(case, tmp_path / "a", uv, same, env).status == "both-failed"
    outcome = real_projects.run_case(case, tmp_path / "b", uv, other, env)
    assert outcome.status == "both-failed-differently"
    assert not outcome.agrees
    assert "Because y was not found" in outcome.detail
