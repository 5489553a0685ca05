"""`lock resolve` against real uv 0.12.5 on uv's packse scenarios, byte for byte.

Every scenario of ../shared/corpus/packse-scenarios (all 189, including the few uv's testgen
leaves to handwritten tests) is built into the local test index (tests/fixtures/packse_index.py:
real wheels and sdists, PEP 691 JSON with `.metadata` files, served over HTTP as uv's own
scenario tests serve them). Each becomes the project uv's generated scenario test writes (a
virtual `project` 0.1.0 with the scenario's root requirements and requires-python, and its
`no_build`, `no_binary` and `required_environments` options in [tool.uv]), copied twice: real
uv runs `uv lock` on one copy, lockkit runs `lock resolve` on the other, against the same index,
with the same resolver flags and the same interpreter (`--python`, which both tools' failure
hints speak of). The two uv.lock files must be byte-identical, or both runs must fail with the
same report once machine-dependent text is normalised (tests/fixtures/failure_text.py:
framing, index URL, temporary paths, interpreter versions). Then the written
lock must be stable: `lock resolve --locked` accepts it, and so does `uv lock --locked`
(lockkit's lock passes uv's own check).

The install and compile scenarios (run by uv's suite for one environment) are locked the same
way as universal locks, with their resolver options (`--resolution`, `--prerelease=allow`).
Universal scenarios are also checked against their own `[expected]` table.

One index server serves every scenario (`/<scenario>/simple/`); the runs go in parallel.
lock_resolve_exceptions.tsv (read by tests/fixtures/conformance_exceptions.py) lists the checks
that do not pass, each with its reason; a listed check that starts passing fails, so the list
stays true.
"""

from __future__ import annotations

import concurrent.futures
import os
import subprocess
import sys
import tomllib
from pathlib import Path

import pytest

from lockkit_build import LOCK_BIN, REPO_ROOT
import conformance_exceptions
import failure_text
import packse_index
from verify_written import verify_problem
import uv_oracle

CORPUS = Path(os.environ.get("LOCKKIT_CORPUS") or REPO_ROOT.parent / "shared" / "corpus")
SCENARIOS = CORPUS / "packse-scenarios"

UV, _UV_SKIP_REASON = uv_oracle.find_uv(install=True)
pytestmark = [
    pytest.mark.skipif(UV is None, reason=f"uv {uv_oracle.UV_VERSION} unavailable: {_UV_SKIP_REASON}"),
    pytest.mark.skipif(not SCENARIOS.is_dir(), reason=f"corpus not found at {CORPUS} (set LOCKKIT_CORPUS)"),
]


# (scenario, check) -> reason, for this test's checks (tests/fixtures/conformance_exceptions.py).
EXCEPTIONS = {key: reason for key, reason in conformance_exceptions.read().items()
              if key[1] in ("uv", "expected-table")}


def all_scenarios() -> dict[str, dict]:
    """Scenario name -> its data, every scenario: those uv's testgen leaves out (`testgen.disable`,
    because uv's own test of them is handwritten) lock like any other."""
    found = {}
    if not SCENARIOS.is_dir():
        return found
    for path in sorted(SCENARIOS.rglob("*.toml")):
        data = packse_index.load_scenario(path)
        found[data["name"]] = data
    return found


def is_lock_scenario(data: dict) -> bool:
    kind = data.get("testgen", {}).get("kind")
    return data.get("resolver_options", {}).get("universal", False) and kind in (None, "lock")


SCENARIO_DATA = all_scenarios()
LOCK_SCENARIOS = [n for n, d in SCENARIO_DATA.items() if is_lock_scenario(d)]
OTHER_SCENARIOS = [n for n, d in SCENARIO_DATA.items() if not is_lock_scenario(d)]


def toml_string_list(items: list[str]) -> str:
    return "[\n" + "".join(f"  '''{item}''',\n" for item in items) + "]"


def write_project(path: Path, data: dict) -> None:
    """The pyproject.toml uv's generated lock-scenario tests write (crates/uv-dev generate_scenarios)."""
    path.mkdir(parents=True, exist_ok=True)
    root = data.get("root", {})
    text = ("[project]\nname = \"project\"\nversion = \"0.1.0\"\n"
            f"dependencies = {toml_string_list(root.get('requires', []))}\n"
            f"requires-python = \"{root.get('requires_python', '>=3.12')}\"\n")
    options = data.get("resolver_options", {})
    settings = [f"{key} = {toml_string_list(options[option])}\n"
                for option, key in (("required_environments", "required-environments"),
                                     ("no_build", "no-build-package"), ("no_binary", "no-binary-package"))
                if options.get(option)]
    if settings:
        text += "[tool.uv]\n" + "".join(settings)
    (path / "pyproject.toml").write_text(text)


def resolver_flags(data: dict) -> list[str]:
    """The scenario's resolver options as `uv lock` and `lock resolve` flags. `no_build`, `no_binary`
    and `required_environments` go in [tool.uv] (write_project); `universal` is what a lock is;
    `python` (`--python-version`) and `python_platform` (`--python-platform`) pick the one target
    environment of a `uv pip` run, and `uv lock` has neither flag: a lock covers every environment
    requires-python allows."""
    options = data.get("resolver_options", {})
    flags = []
    if options.get("prereleases"):
        flags.append("--prerelease=allow")
    if options.get("resolution"):
        flags.append(f"--resolution={options['resolution']}")
    return flags


def pythons() -> list[tuple[tuple[int, ...], str]]:
    """Interpreters on this machine, (version, path), for uv, which needs one in requires-python."""
    found = []
    candidates = [sys.executable, *sorted(str(p) for p in (Path.home() / ".pyenv" / "versions").glob("3.*/bin/python3"))]
    for exe in candidates:
        try:
            out = subprocess.run([exe, "-c", "import sys; print(*sys.version_info[:3])"], capture_output=True,
                                 text=True, timeout=30).stdout.split()
        except (OSError, subprocess.SubprocessError):
            continue
        if len(out) == 3:
            found.append((tuple(int(x) for x in out), exe))
    return sorted(set(found))


def python_for(requires_python: str, available: list[tuple[tuple[int, ...], str]]) -> str | None:
    try:
        from packaging.specifiers import SpecifierSet
    except ImportError:  # pragma: no cover - packaging ships with pip
        return available[-1][1] if available else None
    spec = SpecifierSet(requires_python)
    for version, exe in reversed(available):
        if spec.contains(".".join(map(str, version)), prereleases=True):
            return exe
    return None


def uv_env(home: Path) -> dict:
    env = uv_oracle.sandbox_env(home)
    env.pop("UV_OFFLINE")
    # UV_NO_WRAP: uv's reports unwrapped, as lockkit writes them, so the texts compare line by line.
    uv_oracle.without_proxies(env).update(UV_NO_WRAP="1")
    return env


def run(cmd: list, cwd: Path, env: dict) -> subprocess.CompletedProcess:
    return subprocess.run([str(c) for c in cmd], cwd=cwd, env=env, capture_output=True, text=True, timeout=600)


class Outcome:
    def __init__(self, name: str):
        self.name = name
        self.problem = ""
        self.identical = False
        self.both_failed = False
        self.uv_text = self.lockkit_text = ""  # both failed: each tool's normalised report
        self.locked: bool | None = None  # did `lock resolve` write a lock (None: not run)
        self.versions: dict[str, set[str]] = {}  # name -> the versions lockkit's lock holds


def record_expected_run(out: Outcome, data: dict, base: Path, index_url: str, env: dict, flags: list[str],
                        lk: subprocess.CompletedProcess) -> None:
    """What the `[expected]` table is checked against. A universal `compile` scenario's table is what
    `uv pip compile --universal --python-version X` gives, and that command resolves for
    requires-python >= X (crates/uv/src/commands/pip/compile.rs); lockkit locks such a scenario once
    more as a project with that requires-python. Every other scenario is checked on the run above."""
    lk_dir = base / "lockkit" / out.name
    python = data.get("environment", {}).get("python")
    if data.get("testgen", {}).get("kind") == "compile" and python:
        lk_dir = base / "lockkit-compile" / out.name
        write_project(lk_dir, {**data, "root": {**data.get("root", {}), "requires_python": f">={python}"}})
        lk = run([LOCK_BIN, "resolve", "--index-url", index_url, *flags], lk_dir, env)
    out.locked = lk.returncode == 0
    if out.locked:
        for package in tomllib.loads((lk_dir / "uv.lock").read_text()).get("package", []):
            out.versions.setdefault(package["name"], set()).add(package.get("version", ""))


def compare(name: str, data: dict, base: Path, index_url: str, env: dict, python: str | None) -> Outcome:
    out = Outcome(name)
    if python is None:
        out.problem = "no interpreter on this machine fits requires-python (uv needs one)"
        return out
    uv_dir, lk_dir = base / "uv" / name, base / "lockkit" / name
    write_project(uv_dir, data)
    write_project(lk_dir, data)
    flags = resolver_flags(data)
    uv = run([UV, "lock", "--index-url", index_url, "--python", python, *flags], uv_dir, env)
    # lockkit needs no interpreter to lock, but its failure hints name the active Python version:
    # given uv's interpreter, both reports speak of the same one.
    lk = run([LOCK_BIN, "resolve", "--index-url", index_url, "--python", python, *flags], lk_dir, env)
    record_expected_run(out, data, base, index_url, env, flags, lk)
    if uv.returncode != 0 or lk.returncode != 0:
        if uv.returncode == 0:
            out.problem = f"uv locked it, lockkit failed (exit {lk.returncode}):\n{lk.stderr[-3000:]}"
        elif lk.returncode == 0:
            out.problem = f"lockkit locked it, uv failed:\n{uv.stderr[-3000:]}"
        elif lk.returncode != 2:
            out.problem = f"lockkit exited {lk.returncode}, not 2:\n{lk.stderr[-3000:]}"
        else:
            # Both failed: the reports must say the same, once what names this machine and this
            # run (index URL, temporary paths, interpreter versions) is normalised away.
            out.both_failed = True
            replacements = {index_url.rstrip("/"): "[INDEX]", str(base): "[TEMP]"}
            out.uv_text = failure_text.normalise(uv.stderr, replacements)
            out.lockkit_text = failure_text.normalise(lk.stderr, replacements)
            if out.uv_text != out.lockkit_text:
                out.problem = (f"both failed, with different reports at "
                               f"{failure_text.first_difference(out.uv_text, out.lockkit_text)}\n"
                               f"--- uv:\n{out.uv_text[-2000:]}\n--- lockkit:\n{out.lockkit_text[-2000:]}")
        return out
    ours, theirs = (lk_dir / "uv.lock").read_text(), (uv_dir / "uv.lock").read_text()
    if ours != theirs:
        out.problem = f"locks differ at {failure_text.first_difference(theirs, ours)}"
        return out
    out.identical = True
    # Stable: lockkit accepts its own lock, and so does uv.
    again = run([LOCK_BIN, "resolve", "--locked", "--index-url", index_url, *flags], lk_dir, env)
    if again.returncode != 0:
        out.problem = f"`lock resolve --locked` rejects the lock it wrote:\n{again.stderr[-2000:]}"
        return out
    checked = run([UV, "lock", "--locked", "--index-url", index_url, "--python", python, *flags], lk_dir, env)
    if checked.returncode != 0:
        out.problem = f"`uv lock --locked` rejects lockkit's lock:\n{checked.stderr[-2000:]}"
        return out
    out.problem = verify_problem(LOCK_BIN, lk_dir, env)
    return out


@pytest.fixture(scope="session")
def results(tmp_path_factory) -> dict[str, Outcome]:
    if not (LOCK_BIN.is_file() and os.access(LOCK_BIN, os.X_OK)):
        pytest.skip(f"lockkit binary not built: {LOCK_BIN}")
    base = tmp_path_factory.mktemp("lock-resolve")
    sites = base / "sites"
    names = LOCK_SCENARIOS + OTHER_SCENARIOS
    for name in names:
        packse_index.build_index(SCENARIO_DATA[name], sites / name)
    env = uv_env(base / "home")
    env["LOCKKIT_CACHE_DIR"] = str(base / "lockkit-cache")
    available = pythons()
    with packse_index.IndexServer(sites, sites=True) as server:
        with concurrent.futures.ThreadPoolExecutor(max_workers=4) as pool:
            futures = {
                name: pool.submit(compare, name, SCENARIO_DATA[name], base, f"{server.url}/{name}/simple/", env,
                                  python_for(SCENARIO_DATA[name].get("root", {}).get("requires_python", ">=3.12"),
                                             available))
                for name in names
            }
            return {name: f.result() for name, f in futures.items()}


def check(name: str, what: str, problem: str) -> None:
    """Passes when there is no problem; a listed exception must still have one (else the list is
    out of date and the test fails), and is reported as xfail with its reason."""
    reason = EXCEPTIONS.get((name, what))
    if reason is not None:
        if not problem:
            pytest.fail(conformance_exceptions.now_passes(name, what))
        pytest.xfail(reason)
    assert not problem, problem


def test_exceptions_name_scenarios():
    unknown = sorted(name for name, _ in EXCEPTIONS if name not in SCENARIO_DATA)
    assert not unknown, f"{conformance_exceptions.FILE.name} lists scenarios the corpus does not have: {unknown}"


@pytest.mark.parametrize("name", LOCK_SCENARIOS)
def test_lock_scenario_identical_to_uv(results, name):
    check(name, "uv", results[name].problem)


@pytest.mark.parametrize("name", OTHER_SCENARIOS)
def test_install_scenario_as_universal_lock(results, name):
    check(name, "uv", results[name].problem)


def same_version(a: str, b: str) -> bool:
    """PEP 440 equality (`3.0` is `3.0.0`)."""
    from packaging.version import InvalidVersion, Version
    try:
        return Version(a) == Version(b)
    except InvalidVersion:
        return a == b


def expected_table_problem(data: dict, outcome: Outcome) -> str:
    """How lockkit's outcome disagrees with the scenario's own `[expected]` table, or ""."""
    expected = data.get("expected", {})
    if "satisfiable" not in expected:
        return ""
    if outcome.locked is None:
        return "lock resolve did not run"
    if expected["satisfiable"] != outcome.locked:
        return (f"the scenario expects satisfiable = {str(expected['satisfiable']).lower()}, "
                f"`lock resolve` {'wrote a lock' if outcome.locked else 'failed'}")
    wrong = {name: version for name, version in expected.get("packages", {}).items()
             if packse_index.normalize(name) not in outcome.versions
             or not any(same_version(version, v) for v in outcome.versions[packse_index.normalize(name)])}
    if wrong:
        return (f"the scenario expects {wrong}; lockkit's lock holds "
                f"{ {n: sorted(outcome.versions.get(packse_index.normalize(n), ())) for n in wrong} }")
    return ""


@pytest.mark.parametrize("name", [n for n in SCENARIO_DATA if SCENARIO_DATA[n].get("resolver_options", {}).get("universal")])
def test_universal_scenario_matches_its_expected_table(results, name):
    """uv's universal scenarios say what a universal resolution must give (`[expected]`: satisfiable, and for
    some the versions); lockkit's outcome must match that table, not only uv's lock."""
    check(name, "expected-table", expected_table_problem(SCENARIO_DATA[name], results[name]))


def test_counts(results):
    """Every scenario of the corpus ran; the report line shows the numbers."""
    identical = sum(o.identical and not o.problem for o in results.values())
    same_failure = sum(o.both_failed and not o.problem for o in results.values())
    listed = sum(bool(o.problem) and (n, "uv") in EXCEPTIONS for n, o in results.items())
    print(f"\n{identical} identical locks, {same_failure} failing in both with the same report, "
          f"{listed} listed exceptions, {sum(bool(o.problem) for o in results.values()) - listed} other "
          f"differences, of {len(results)} scenarios")
    assert len(results) == len(SCENARIO_DATA)
    assert identical + same_failure + listed == len(results)

