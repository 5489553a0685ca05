"""`lock resolve` options and settings against real uv 0.12.5, on local indexes of our own.

Each case locks two copies of a small project, one with `uv lock`, one with `lock resolve`, with
the same option (on the command line where both tools have it, else as a `[tool.uv]` setting or a
UV_* variable, which both read); the two uv.lock files must be byte-identical, or both tools must
fail with the same report. Covered: extra indexes (`--extra-index-url` with a package on each index
and one on both, under each `index-strategy`), every `--prerelease` mode on projects that need a
pre-release directly, transitively, explicitly or not at all, `--resolution`, `--refresh` after
the index changed under a cached page, and the no-build / no-binary settings.

Indexes: tests/fixtures/packse_index.py, served on 127.0.0.1.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
from pathlib import Path

import pytest

from lockkit_build import LOCK_BIN
import conformance_exceptions
import failure_text
import packse_index
import uv_oracle
from verify_written import verify_problem

UV, _UV_SKIP_REASON = uv_oracle.find_uv(install=True)
pytestmark = pytest.mark.skipif(UV is None, reason=f"uv {uv_oracle.UV_VERSION} unavailable: {_UV_SKIP_REASON}")


def v(requires=(), **more):
    return {"requires": list(requires), "requires_python": "", **more}


SITES = {
    # Two indexes: alpha only on the first, beta only on the second, shared on both with
    # different versions.
    "first": {"alpha": {"versions": {"1.0.0": v()}}, "shared": {"versions": {"1.0.0": v()}}},
    "second": {"beta": {"versions": {"1.0.0": v()}},
               "shared": {"versions": {"1.0.0": v(), "2.0.0": v()}}},
    "pre": {
        "pre": {"versions": {"1.0.0": v(), "2.0.0b1": v()}},
        "onlypre": {"versions": {"1.0.0a1": v()}},
        "wrapper": {"versions": {"1.0.0": v(["pre>=2.0.0b1"])}},
    },
    "res": {
        "top": {"versions": {"1.0.0": v(["mid>=1"]), "2.0.0": v(["mid>=2"])}},
        "mid": {"versions": {"1.0.0": v(["leaf"]), "2.0.0": v(["leaf>=1.1"]), "3.0.0": v(["leaf>=2"])}},
        "leaf": {"versions": {"1.0.0": v(), "1.1.0": v(), "2.0.0": v()}},
    },
    "build": {
        "sdistonly": {"versions": {"1.0.0": v(wheel=False)}},
        "both": {"versions": {"1.0.0": v()}},
        "wheelonly": {"versions": {"1.0.0": v(sdist=False)}},
    },
}


@pytest.fixture(scope="module")
def env(tmp_path_factory):
    if not (LOCK_BIN.is_file() and os.access(LOCK_BIN, os.X_OK)):
        pytest.skip(f"lockkit binary not built: {LOCK_BIN}")
    return sandbox(tmp_path_factory.mktemp("home"))


def sandbox(home: Path) -> dict:
    e = uv_oracle.sandbox_env(home)
    e.pop("UV_OFFLINE")
    # UV_NO_CONFIG would hide the project's [tool.uv] settings from both tools; the user's
    # uv.toml stays out of reach anyway (XDG_CONFIG_HOME is under `home`).
    e.pop("UV_NO_CONFIG")
    uv_oracle.without_proxies(e).update(LOCKKIT_CACHE_DIR=str(home / "lockkit-cache"))
    return e


@pytest.fixture(scope="module")
def server(tmp_path_factory):
    sites = tmp_path_factory.mktemp("sites")
    for name, packages in SITES.items():
        packse_index.build_index({"name": name, "packages": packages}, sites / name)
    with packse_index.IndexServer(sites, sites=True) as served:
        yield served


def run(cmd, cwd, env):
    return subprocess.run([str(c) for c in cmd], cwd=cwd, env=env, capture_output=True, text=True, timeout=300)


def project(tmp: Path, dependencies: list[str], tool_uv: str = "") -> tuple[Path, Path]:
    deps = ", ".join(f'"{d}"' for d in dependencies)
    text = f'[project]\nname = "app"\nversion = "0.1.0"\nrequires-python = ">=3.12"\ndependencies = [{deps}]\n'
    if tool_uv:
        text += f"\n[tool.uv]\n{tool_uv}\n"
    dirs = []
    for tool in ("uv", "lockkit"):
        d = tmp / tool
        d.mkdir(parents=True)
        (d / "pyproject.toml").write_text(text)
        dirs.append(d)
    return dirs[0], dirs[1]


def same_outcome(uv_dir: Path, lk_dir: Path, args: list[str], env: dict, python: str, *, key: str,
                 uv_env: dict | None = None) -> str:
    """Locks both copies; "" when the locks are identical (and ours passes lock-verify and
    `uv lock --check`) or both tools fail with the same report, else what differs. Returns
    "ok:<lock text>" or "failed" on agreement, so callers can check what the locks hold. `key`
    names the case in lock_resolve_exceptions.tsv (check `option`)."""
    u = run([UV, "lock", "--python", python, *args], uv_dir, uv_env or env)
    # The same interpreter for lockkit: its failure hints name the active Python version, as uv's do.
    k = run([LOCK_BIN, "resolve", "--python", python, *args], lk_dir, uv_env or env)
    reason = conformance_exceptions.read().get((key, "option"))
    if u.returncode != 0 or k.returncode != 0:
        if u.returncode == 0 or k.returncode == 0:
            problem = f"{key}: uv exit {u.returncode}, lockkit exit {k.returncode}\nuv:\n{u.stderr}\nlockkit:\n{k.stderr}"
        else:
            # Compared as words: these environments leave UV_NO_WRAP unset, so uv wraps its lines.
            replacements = {str(uv_dir): "[PROJECT]", str(lk_dir): "[PROJECT]"}
            theirs, ours = (failure_text.normalise(p.stderr, replacements, words=True) for p in (u, k))
            if theirs == ours:
                assert reason is None, conformance_exceptions.now_passes(key, "option")
                return "failed"
            problem = f"{key}: both fail, reports differ\nuv:\n{u.stderr}\nlockkit:\n{k.stderr}"
        if reason is not None:
            pytest.xfail(f"{key}: {reason}")
        pytest.fail(problem)
    theirs, ours = (uv_dir / "uv.lock").read_text(), (lk_dir / "uv.lock").read_text()
    if ours != theirs:
        if reason is not None:
            pytest.xfail(f"{key}: {reason}")
        pytest.fail(f"{key}: locks differ at {failure_text.first_difference(theirs, ours)}\n"
                    f"--- uv:\n{theirs}\n--- lockkit:\n{ours}")
    assert reason is None, conformance_exceptions.now_passes(key, "option")
    problem = verify_problem(LOCK_BIN, lk_dir, env)
    assert not problem, problem
    checked = run([UV, "lock", "--check", "--python", python, *args], lk_dir, uv_env or env)
    assert checked.returncode == 0, checked.stderr
    return "ok:" + ours


def locked_version(lock: str, name: str) -> str | None:
    m = re.search(rf'\nname = "{name}"\nversion = "([^"]+)"', lock)
    return m.group(1) if m else None


# --- extra indexes and index strategies ---------------------------------------------------------

@pytest.mark.parametrize("strategy", [None, "first-index", "unsafe-first-match", "unsafe-best-match"])
@pytest.mark.parametrize("wanted", ["shared", "shared>=2"])
def test_extra_index_url_and_index_strategy(tmp_path, server, env, python, strategy, wanted):
    # --index-url names the default (second); --extra-index-url (first) is asked before it.
    setting = f'index-strategy = "{strategy}"' if strategy else ""
    uv_dir, lk_dir = project(tmp_path, ["alpha", "beta", wanted], setting)
    args = ["--index-url", f"{server.url}/second/simple/", "--extra-index-url", f"{server.url}/first/simple/"]
    outcome = same_outcome(uv_dir, lk_dir, args, env, python, key=f"index-strategy:{strategy}:{wanted}")
    # What uv 0.12.5 did when this test was written: the first index holding `shared` wins unless
    # the strategy looks further.
    best = strategy == "unsafe-best-match" or (strategy == "unsafe-first-match" and wanted == "shared>=2")
    if best:
        assert locked_version(outcome[3:], "shared") == "2.0.0"
    elif wanted == "shared":
        assert locked_version(outcome[3:], "shared") == "1.0.0"
    else:
        assert outcome == "failed"


def test_extra_index_url_on_the_command_line_and_as_setting(tmp_path, server, env, python):
    """The same indexes given as `[tool.uv] extra-index-url` and `index-url`."""
    setting = (f'index-url = "{server.url}/second/simple/"\n'
               f'extra-index-url = ["{server.url}/first/simple/"]')
    uv_dir, lk_dir = project(tmp_path, ["alpha", "beta", "shared"], setting)
    outcome = same_outcome(uv_dir, lk_dir, [], env, python, key="extra-index-url-setting")
    assert f'registry = "{server.url}/first/simple/"' in outcome


# --- pre-releases ---------------------------------------------------------------------------------

PRERELEASE_PROJECTS = {
    "stable-and-pre": ["pre"],
    "only-pre": ["onlypre"],
    "explicit-pre": ["pre>=2.0.0b1"],
    "transitive-pre": ["wrapper"],
}


@pytest.mark.parametrize("mode", ["disallow", "allow", "if-necessary", "explicit", "if-necessary-or-explicit"])
@pytest.mark.parametrize("name", sorted(PRERELEASE_PROJECTS))
def test_prerelease_modes(tmp_path, server, env, python, mode, name):
    uv_dir, lk_dir = project(tmp_path, PRERELEASE_PROJECTS[name])
    args = ["--index-url", f"{server.url}/pre/simple/", "--prerelease", mode]
    same_outcome(uv_dir, lk_dir, args, env, python, key=f"prerelease:{mode}:{name}")


def test_prerelease_modes_differ(tmp_path, server, env, python):
    """The matrix is not vacuous: uv picks the pre-release of `pre` under `allow` only."""
    versions = {}
    for mode in ("allow", "if-necessary"):
        uv_dir, lk_dir = project(tmp_path / mode, ["pre"])
        outcome = same_outcome(uv_dir, lk_dir, ["--index-url", f"{server.url}/pre/simple/", "--prerelease", mode],
                               env, python, key=f"prerelease:{mode}:stable-and-pre")
        versions[mode] = locked_version(outcome[3:], "pre")
    assert versions == {"allow": "2.0.0b1", "if-necessary": "1.0.0"}


# --- resolution -----------------------------------------------------------------------------------

@pytest.mark.parametrize("resolution", ["highest", "lowest", "lowest-direct"])
def test_resolution_modes(tmp_path, server, env, python, resolution):
    uv_dir, lk_dir = project(tmp_path, ["top", "mid>=1"])
    args = ["--index-url", f"{server.url}/res/simple/", "--resolution", resolution]
    outcome = same_outcome(uv_dir, lk_dir, args, env, python, key=f"resolution:{resolution}")
    lock = outcome[3:]
    expected = {"highest": ("2.0.0", "3.0.0", "2.0.0"), "lowest": ("1.0.0", "1.0.0", "1.0.0"),
                "lowest-direct": ("1.0.0", "1.0.0", "2.0.0")}[resolution]
    assert (locked_version(lock, "top"), locked_version(lock, "mid"), locked_version(lock, "leaf")) == expected


# --- refresh --------------------------------------------------------------------------------------

def test_refresh_after_the_index_changed(tmp_path, python):
    """A page cached as fresh (max-age) hides a new version until --refresh; both tools agree."""
    if not (LOCK_BIN.is_file() and os.access(LOCK_BIN, os.X_OK)):
        pytest.skip(f"lockkit binary not built: {LOCK_BIN}")
    env = sandbox(tmp_path / "home")
    site = tmp_path / "sites" / "moving"
    packse_index.build_index({"name": "moving", "packages": {"mover": {"versions": {"1.0.0": v()}}}}, site)
    with packse_index.IndexServer(tmp_path / "sites", sites=True,
                                  page_headers={"Cache-Control": "max-age=3600, public"}) as served:
        uv_dir, lk_dir = project(tmp_path / "p", ["mover"])
        args = ["--index-url", f"{served.url}/moving/simple/"]
        first = same_outcome(uv_dir, lk_dir, args, env, python, key="refresh:first")
        assert locked_version(first[3:], "mover") == "1.0.0"
        shutil.rmtree(site)
        packse_index.build_index(
            {"name": "moving", "packages": {"mover": {"versions": {"1.0.0": v(), "2.0.0": v()}}}}, site)
        served.reload()
        for d in (uv_dir, lk_dir):
            (d / "uv.lock").unlink()
        cached = same_outcome(uv_dir, lk_dir, args, env, python, key="refresh:cached")
        refreshed_with_lock = same_outcome(uv_dir, lk_dir, [*args, "--refresh"], env, python,
                                           key="refresh:with-lock")
        for d in (uv_dir, lk_dir):
            (d / "uv.lock").unlink()
        refreshed = same_outcome(uv_dir, lk_dir, [*args, "--refresh"], env, python, key="refresh:refreshed")
    # What uv 0.12.5 did when this test was written.
    assert locked_version(cached[3:], "mover") == "1.0.0"
    assert locked_version(refreshed_with_lock[3:], "mover") == "1.0.0"  # the lock's version is kept
    assert locked_version(refreshed[3:], "mover") == "2.0.0"


# --- no-build / no-binary -------------------------------------------------------------------------

BUILD_SETTINGS = {
    "none": ("", {}),
    "no-build-package-sdist-only": ('no-build-package = ["sdistonly"]', {}),
    "no-build-package-both": ('no-build-package = ["both"]', {}),
    "no-binary-package-both": ('no-binary-package = ["both"]', {}),
    "no-binary-package-wheel-only": ('no-binary-package = ["wheelonly"]', {}),
    "no-build": ("no-build = true", {}),
    "no-binary": ("no-binary = true", {}),
    "UV_NO_BUILD": ("", {"UV_NO_BUILD": "1"}),
    # uv's booleans, and set false a variable is as if unset: the setting of the file stands.
    "UV_NO_BUILD=Yes": ("", {"UV_NO_BUILD": "Yes"}),
    "UV_NO_BUILD=0-over-setting": ("no-build = true", {"UV_NO_BUILD": "0"}),
    "UV_NO_BINARY=on": ("", {"UV_NO_BINARY": "on"}),
    "UV_NO_BINARY=false-over-setting": ("no-binary = true", {"UV_NO_BINARY": "false"}),
    "UV_NO_BINARY_PACKAGE": ("", {"UV_NO_BINARY_PACKAGE": "both"}),
}


@pytest.mark.parametrize("case", sorted(BUILD_SETTINGS))
@pytest.mark.parametrize("deps", [["sdistonly", "both", "wheelonly"], ["both", "wheelonly"]], ids=["all", "built"])
def test_no_build_and_no_binary(tmp_path, server, env, python, case, deps):
    setting, variables = BUILD_SETTINGS[case]
    uv_dir, lk_dir = project(tmp_path, deps, setting)
    args = ["--index-url", f"{server.url}/build/simple/"]
    same_outcome(uv_dir, lk_dir, args, env, python, key=f"{case}:{len(deps)}",
                 uv_env={**env, **variables})


# --- exclude-newer-package ------------------------------------------------------------------------

@pytest.mark.parametrize("case", ["alone", "over-global"])
def test_exclude_newer_package(tmp_path, server, env, python, case):
    """One package's own cutoff (`[tool.uv] exclude-newer-package`), alone and overriding an
    earlier global one. The "res" site's files are uploaded a second apart in name order, every
    odd one 0.123456 s later: leaf 1.0.0 (:00, :01.123), 1.1.0 (:02, :03.123), 2.0.0 (:04,
    :05.123), then mid (:06 to :11.123) and top. A cutoff of :03 for leaf keeps leaf 1.1.0's wheel
    only, so mid 3.0.0 (leaf>=2) is out and mid 2.0.0 is chosen."""
    args = ["--index-url", f"{server.url}/res/simple/"]
    if case == "alone":
        uv_dir, lk_dir = project(tmp_path, ["top", "mid"], 'exclude-newer-package = { leaf = "2024-03-24T00:00:03Z" }')
    else:
        # The global cutoff (:03) alone would leave no mid at all; mid's own (:20) lets all of it in.
        uv_dir, lk_dir = project(tmp_path, ["mid"], 'exclude-newer-package = { mid = "2024-03-24T00:00:20Z" }')
        args += ["--exclude-newer", "2024-03-24T00:00:03Z"]
    outcome = same_outcome(uv_dir, lk_dir, args, env, python, key=f"exclude-newer-package:{case}")
    lock = outcome[3:]
    assert (locked_version(lock, "leaf"), locked_version(lock, "mid")) == ("1.1.0", "2.0.0")
    assert "[options.exclude-newer-package]" in lock
