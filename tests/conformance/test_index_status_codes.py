"""What an index's HTTP error status means, lockkit against real uv 0.12.5.

Two local indexes (tests/fixtures/packse_index.py): `a` lists `top` 1.0.0, `b`
lists `top` 2.0.0, and `a` answers a fixed status for the project page or for
its files. For each case uv locks a project whose `[[tool.uv.index]]` entries
(with or without `ignore-error-codes`, under an index strategy) name both, and
the registry client (build/tests/registry_probe, reading the same
pyproject.toml) lists `top` and reads its metadata. Their verdicts must agree:

* uv locks 2.0.0            -> lockkit finds `top` on `b` only;
* uv exits 1 (no solution)  -> lockkit's search ended at a refusal, or the
                               file's status is one the index ignores;
* uv exits 2 (an error)     -> lockkit reports an error for the page or file.
"""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from lockkit_build import BUILD_DIR
import packse_index
import uv_oracle

PROBE = BUILD_DIR / "tests" / "registry_probe"
UV, _UV_SKIP_REASON = uv_oracle.find_uv(install=True)

pytestmark = [
    pytest.mark.skipif(not PROBE.is_file(), reason=f"{PROBE} not built (ninja -C {BUILD_DIR})"),
    pytest.mark.skipif(UV is None, reason=f"uv {uv_oracle.UV_VERSION} unavailable: {_UV_SKIP_REASON}"),
]

PAGE = "/simple/top/"
FILES = "/files/"

# (status, ignore-error-codes or None, index strategy or None, what answers the status)
CASES = [
    (404, None, None, PAGE),
    (401, None, None, PAGE),
    (403, None, None, PAGE),
    (410, None, None, PAGE),
    (401, [401], None, PAGE),
    (403, [403], None, PAGE),
    (500, [500], None, PAGE),
    (404, [403], None, PAGE),
    (403, [401], None, PAGE),
    (403, None, "unsafe-best-match", PAGE),
    (407, None, "unsafe-best-match", PAGE),
    (500, [500], "unsafe-first-match", PAGE),
    (403, None, None, FILES),
    (403, [403], None, FILES),
]


def environment(tmp_path: Path) -> dict:
    env = uv_oracle.sandbox_env(tmp_path / "home")
    # The project's own [tool.uv] is what is under test: read it, and go to the local servers.
    env.pop("UV_OFFLINE", None)
    env.pop("UV_NO_CONFIG", None)
    uv_oracle.without_proxies(env)
    return env


def python312() -> str | None:
    candidates = [sys.executable]
    candidates += sorted(str(p) for p in (Path.home() / ".pyenv" / "versions").glob("3.1[2-9]*/bin/python3"))
    for python in candidates:
        proc = subprocess.run([python, "-c", "import sys; sys.exit(sys.version_info < (3, 12))"], capture_output=True)
        if proc.returncode == 0:
            return python
    return None


@pytest.fixture(scope="module")
def indexes(tmp_path_factory):
    root = tmp_path_factory.mktemp("indexes")
    packse_index.build_index({"name": "a", "packages": {"top": {"versions": {"1.0.0": {}}}}}, root / "a")
    packse_index.build_index({"name": "b", "packages": {"top": {"versions": {"2.0.0": {}}}}}, root / "b")
    return root


def uv_verdict(proc: subprocess.CompletedProcess, project: Path) -> str:
    if proc.returncode == 0:
        lock = (project / "uv.lock").read_text()
        return "2.0.0" if 'version = "2.0.0"' in lock else "1.0.0"
    return {1: "no-solution", 2: "error"}.get(proc.returncode, f"exit {proc.returncode}")


def lockkit_verdict(answer: dict, b_url: str) -> str:
    top = answer["packages"]["top"]
    if "error" in top:
        return "error"
    if top["status"] != "found":
        return "no-solution" if top["refused"] else "not-found"
    page = top["pages"][0]
    for meta in top["metadata"].values():
        if "error_kind" in meta:
            return "no-solution" if meta["ignored_by_index"] else "error"
    return "2.0.0" if page["index"] == b_url else "1.0.0"


@pytest.mark.parametrize("status,ignored,strategy,where", CASES,
                         ids=[f"{s}-{i}-{st or 'first-index'}-{'page' if w == PAGE else 'files'}"
                              for s, i, st, w in CASES])
def test_status_verdicts_match_uv(indexes, tmp_path, status, ignored, strategy, where):
    python = python312()
    if python is None:
        pytest.skip("no Python >= 3.12 on this machine")
    env = environment(tmp_path)
    with packse_index.IndexServer(indexes / "a", statuses={where: status}) as a, \
            packse_index.IndexServer(indexes / "b") as b:
        project = tmp_path / "project"
        project.mkdir()
        lines = ['[project]', 'name = "p"', 'version = "0.1"', 'requires-python = ">=3.12"',
                 'dependencies = ["top"]', '[tool.uv]']
        if strategy:
            lines.append(f'index-strategy = "{strategy}"')
        lines += ['[[tool.uv.index]]', 'name = "a"', f'url = "{a.url}/simple"']
        if ignored is not None:
            lines.append(f"ignore-error-codes = {json.dumps(ignored)}")
        lines += ['[[tool.uv.index]]', 'name = "b"', f'url = "{b.url}/simple"']
        (project / "pyproject.toml").write_text("\n".join(lines) + "\n")
        proc = subprocess.run([UV, "lock", "--python", python], cwd=project, env=env, capture_output=True,
                              text=True, timeout=300)
        expected = uv_verdict(proc, project)
        request = {"project": str(project), "cache": str(tmp_path / "cache"), "retry_delay_ms": 1,
                   "packages": [{"name": "top", "metadata": ["top-1.0.0-py3-none-any.whl"]}]}
        answer = subprocess.run([str(PROBE)], input=json.dumps(request), capture_output=True, text=True,
                                timeout=300, env=env)
        assert answer.returncode == 0, answer.stderr
        got = lockkit_verdict(json.loads(answer.stdout), b.url + "/simple")
    assert got == expected, f"uv: {proc.stderr[-800:]}\nlockkit: {answer.stdout[-1500:]}"
