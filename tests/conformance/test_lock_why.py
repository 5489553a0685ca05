"""`lock why` and `lock why-not` on locks written by real uv 0.12.5 from a local index.

The projects are those of test_lock_resolve_projects.py (a workspace with members, extras,
groups, markers and forks) plus a small index where a registry package's own requirement keeps
a version out, so `why-not` has to resolve. Every expected chain is checked against the lock uv
wrote (its edges and recorded requirements), and every `why-not` verdict against what uv itself
does with the version forced (`uv lock --upgrade-package P==V`): where uv finds no solution, so
must we, and where uv moves packages, we list the same moves.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import tomllib
from pathlib import Path

import pytest

from lockkit_build import LOCK_BIN
import packse_index
import uv_oracle
from test_lock_resolve_projects import PACKAGES, PROJECTS, files_of, v

UV, _UV_SKIP_REASON = uv_oracle.find_uv(install=True)
pytestmark = pytest.mark.skipif(UV is None, reason=f"uv {uv_oracle.UV_VERSION} unavailable: {_UV_SKIP_REASON}")

# `web` asks for `core>=2` (1.1.0: `core>=2.1`): nothing the project records excludes core 1.0.
CHAIN_PACKAGES = {
    "web": {"versions": {"1.0.0": v(["core>=2"]), "1.1.0": v(["core>=2.1"])}},
    "core": {"versions": {"1.0.0": v(), "2.0.0": v(), "2.1.0": v()}},
}


@pytest.fixture(scope="module")
def setup(tmp_path_factory):
    if not (LOCK_BIN.is_file() and os.access(LOCK_BIN, os.X_OK)):
        pytest.skip(f"lockkit binary not built: {LOCK_BIN}")
    home = tmp_path_factory.mktemp("home")
    env = uv_oracle.sandbox_env(home)
    env.pop("UV_OFFLINE")
    env.update(LOCKKIT_CACHE_DIR=str(home / "lockkit-cache"))
    sites = tmp_path_factory.mktemp("sites")
    packse_index.build_index({"name": "projects", "packages": PACKAGES}, sites / "main")
    packse_index.build_index({"name": "chain", "packages": CHAIN_PACKAGES}, sites / "chain")
    return env, sites


def python_for_uv() -> str:
    """An interpreter uv accepts for every project here (one member wants Python 3.12)."""
    for exe in [sys.executable, *sorted(str(p) for p in (Path.home() / ".pyenv" / "versions").glob("3.1[2-9]*/bin/python3"))]:
        if subprocess.run([exe, "-c", "import sys; sys.exit(sys.version_info < (3, 12))"], capture_output=True).returncode == 0:
            return exe
    pytest.skip("no Python >= 3.12 for uv")


def run(cmd, cwd, env):
    return subprocess.run([str(c) for c in cmd], cwd=cwd, env=env, capture_output=True, text=True, timeout=300)


def uv_locked(tmp: Path, files: dict[str, str], index: Path, env) -> tuple[Path, list[str]]:
    files_of(files, tmp)
    args = ["--index-url", (index / "simple").as_uri()]
    done = run([UV, "lock", "--python", python_for_uv(), *args], tmp, env)
    assert done.returncode == 0, done.stderr
    return tmp, args


def lock_packages(root: Path) -> list[dict]:
    return tomllib.loads((root / "uv.lock").read_text())["package"]


def why_json(root: Path, name: str, env, *extra) -> tuple[int, dict]:
    done = run([LOCK_BIN, "why", name, "--json", *extra], root, env)
    assert done.returncode in (0, 1), done.stderr
    return done.returncode, json.loads(done.stdout)


def test_why_chains_follow_the_locks_edges(tmp_path, setup):
    env, sites = setup
    root, _ = uv_locked(tmp_path / "p", PROJECTS["workspace"], sites / "main", env)
    packages = lock_packages(root)
    by_id = {(p["name"], p.get("version")): p for p in packages}
    for pkg in packages:
        code, report = why_json(root, pkg["name"], env, "--all")
        assert code == 0 and report["found"]
        versions = {v["version"] for v in report["versions"]}
        assert versions == {p.get("version") for p in packages if p["name"] == pkg["name"]}
        for locked in report["versions"]:
            source = by_id[(pkg["name"], locked["version"])]
            assert locked["resolution_markers"] == source.get("resolution-markers", [])
            if not locked["workspace_member"]:
                assert locked["chains"], f"{pkg['name']} {locked['version']} is reachable in uv's lock"
            for chain in locked["chains"]:
                # Every step is an edge of uv's lock, from the previous package's variant.
                parent = (chain["root"]["package"]["name"], chain["root"]["package"]["version"])
                variant = ("extra", chain["root"]["extra"]) if chain["root"]["extra"] else \
                          ("group", chain["root"]["group"]) if chain["root"]["group"] else ("main", None)
                for step in chain["steps"]:
                    p = by_id[parent]
                    edges = (p.get("dependencies", []) if variant[0] == "main" else
                             p.get("optional-dependencies", {}).get(variant[1], []) if variant[0] == "extra" else
                             p.get("dev-dependencies", {}).get(variant[1], []))
                    matching = [e for e in edges if e["name"] == step["name"]
                                and e.get("version", step["version"]) == step["version"]
                                and e.get("marker", "") == step["marker"]]
                    assert matching, (parent, variant, step)
                    if step["extra"]:
                        assert step["extra"] in matching[0].get("extra", [])
                    parent = (step["name"], step["version"])
                    variant = ("extra", step["extra"]) if step["extra"] else ("main", None)
                assert parent == (pkg["name"], locked["version"])


def test_why_text_names_requirements_markers_and_forks(tmp_path, setup):
    env, sites = setup
    root, _ = uv_locked(tmp_path / "p", PROJECTS["workspace"], sites / "main", env)
    text = run([LOCK_BIN, "why", "numpy"], root, env)
    assert text.returncode == 0, text.stderr
    # numpy is locked twice (Python forks); each version lists the member extra that asks for it,
    # with the specifier lib recorded and the fork's marker on the edge.
    assert "numpy 1.26.4 (locked for python_full_version < '3.11')" in text.stdout
    assert "numpy 2.1.0 (locked for python_full_version >= '3.11')" in text.stdout
    assert "  lib 0.3.0 [extra fast]\n  └─ numpy>=1.26 ; python_full_version >= '3.11' → numpy 2.1.0\n" in text.stdout
    # Through a workspace member's extra: tool -> lib[fast] -> numpy.
    assert "  tool 2.0.0\n  └─ lib[fast] @ packages/lib (editable) → lib 0.3.0 [fast]\n" in text.stdout
    # A dependency-group root, and a package reached through an extra of a registry package.
    group = run([LOCK_BIN, "why", "colorama"], root, env).stdout
    assert "app 1.0.0 (group lint)\n  └─ colorama → colorama 0.4.6" in group
    trio = run([LOCK_BIN, "why", "outcome"], root, env).stdout
    assert "→ anyio 4.2.0 [trio]\n" in trio and "(applies where sys_platform != 'win32')" in trio
    missing = run([LOCK_BIN, "why", "django"], root, env)
    assert missing.returncode == 1 and missing.stdout == "django is not in the lock\n"


def test_why_limits_chains_unless_all(tmp_path, setup):
    env, sites = setup
    root, _ = uv_locked(tmp_path / "p", PROJECTS["workspace"], sites / "main", env)
    _, every = why_json(root, "idna", env, "--all")
    _, some = why_json(root, "idna", env)
    chains = every["versions"][0]["chains"]
    assert len(chains) > 1 and not every["versions"][0]["more_chains"]
    lengths = [len(c["steps"]) for c in chains]
    assert lengths == sorted(lengths), "shortest chains first"
    assert some["versions"][0]["chains"] == chains[:10]


def test_why_reads_manifest_roots_and_constraints(tmp_path, setup):
    env, sites = setup
    root, _ = uv_locked(tmp_path / "p", PROJECTS["virtual-root"], sites / "main", env)
    _, report = why_json(root, "idna", env)
    roots = [c["root"]["label"] for c in report["versions"][0]["chains"]]
    assert "the workspace root (group docs)" in roots
    root2, _ = uv_locked(tmp_path / "c", PROJECTS["constraints-overrides-environments"], sites / "main", env)
    text = run([LOCK_BIN, "why", "packaging"], root2, env).stdout
    assert "constrained by:\n  [manifest] overrides: packaging==23.2\n" in text


def forced_by_uv(root: Path, args, env, pin: str) -> subprocess.CompletedProcess:
    return run([UV, "lock", "--dry-run", "--python", python_for_uv(), *args, "--upgrade-package", pin], root, env)


def test_why_not_recorded_requirement(tmp_path, setup):
    env, sites = setup
    root, args = uv_locked(tmp_path / "p", PROJECTS["workspace"], sites / "main", env)
    done = run([LOCK_BIN, "why-not", "anyio==3.7.1", "--frozen"], root, env)
    assert done.returncode == 0, done.stderr
    assert done.stdout == ("anyio 3.7.1 is not locked (uv.lock has anyio 4.2.0)\n"
                           "excluded by this requirement:\n  app 1.0.0: anyio>=4\n")
    # uv agrees that nothing resolves with it.
    assert forced_by_uv(root, args, env, "anyio==3.7.1").returncode != 0
    locked = run([LOCK_BIN, "why-not", "idna==3.7", "--frozen"], root, env)
    assert locked.returncode == 1 and "idna 3.7 is locked" in locked.stdout


def test_why_not_resolves_when_the_lock_cannot_tell(tmp_path, setup):
    env, sites = setup
    files = {"pyproject.toml": '[project]\nname = "w"\nversion = "0.1.0"\nrequires-python = ">=3.10"\ndependencies = ["web"]\n'}
    root, args = uv_locked(tmp_path / "w", files, sites / "chain", env)
    before = (root / "uv.lock").read_text()
    frozen = run([LOCK_BIN, "why-not", "core==1.0.0", "--frozen"], root, env)
    assert frozen.returncode == 1 and "only resolving with it forced can tell" in frozen.stdout

    # core 1.0.0: web's own requirements keep it out; uv fails the same way.
    done = run([LOCK_BIN, "why-not", "core==1.0.0", "--json", *args], root, env)
    assert done.returncode == 0, done.stderr
    report = json.loads(done.stdout)
    assert report["verdict"] == "no-solution" and report["excluded_by"] == []
    lines = report["resolution"]["report"]
    uv = forced_by_uv(root, args, env, "core==1.0.0")
    assert uv.returncode != 0
    assert lines[0].startswith("Because web<=1.0.0 depends on core>=2 and all versions of web depend on core==1.0.0")
    uv_words = " ".join(uv.stderr.split())
    assert "Because web<=1.0.0 depends on core>=2 and all versions of web depend on core==1.0.0" in uv_words
    assert "Because web>=1.1.0 depends on core>=2.1 and core==1.0.0" in uv_words

    # core 2.0.0 is possible (web 1.0.0 allows it): the moves are the ones uv makes.
    done = run([LOCK_BIN, "why-not", "core==2.0.0", "--json", *args], root, env)
    assert done.returncode == 1, done.stderr
    report = json.loads(done.stdout)
    assert report["verdict"] == "possible"
    moves = {c["package"]: (c["before"], c["after"]) for c in report["resolution"]["changes"]}
    assert moves == {"core": (["2.1.0"], ["2.0.0"]), "web": (["1.1.0"], ["1.0.0"])}
    uv_dir = tmp_path / "uv-forced"
    files_of(files, uv_dir)
    (uv_dir / "uv.lock").write_text(before)
    assert run([UV, "lock", "--python", python_for_uv(), *args, "--upgrade-package", "core==2.0.0"], uv_dir, env).returncode == 0
    forced = {p["name"]: p["version"] for p in lock_packages(uv_dir)}
    assert forced["core"] == "2.0.0" and forced["web"] == "1.0.0"
    # why-not never writes.
    assert (root / "uv.lock").read_text() == before


def test_why_not_bad_input(tmp_path, setup):
    env, sites = setup
    root, _ = uv_locked(tmp_path / "p", PROJECTS["workspace"], sites / "main", env)
    bad = run([LOCK_BIN, "why-not", "anyio>=3"], root, env)
    assert bad.returncode == 2 and "is not PACKAGE==VERSION" in bad.stderr
    (tmp_path / "empty").mkdir()
    none = run([LOCK_BIN, "why", "anyio"], tmp_path / "empty", env)
    assert none.returncode == 2 and "uv.lock" in none.stderr
