"""The local test index (tests/fixtures/packse_index.py) against real uv, and
lockkit's index readers against the index.

* Real uv 0.12.5 resolves packse scenarios from the fixture's HTTP server, its
  file:// folder and its --find-links forms; the versions it locks must be the
  scenario's `[expected]` ones and those in uv's own snapshot lock for the
  scenario (../shared/corpus/uv-test-locks, when the corpus is present).
* Each misbehaviour switch is shown to reach uv: no `.metadata` files (uv reads
  wheels with Range requests), no ranges (uv downloads whole wheels), 500 before
  the first success (uv retries), bodies cut short (uv reports the broken body).
* lockkit's C++ readers list every file of all 189 scenarios with exactly the
  versions, hashes, sizes, upload times, requires-python and yank states the
  fixture wrote (build/tests/unit/index/index_manifest_check).
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import tomllib
import urllib.error
import urllib.request
from pathlib import Path

import pytest

from lockkit_build import BUILD_DIR, REPO_ROOT
import packse_index
import uv_oracle

CORPUS = Path(os.environ.get("LOCKKIT_CORPUS") or REPO_ROOT.parent / "shared" / "corpus")
SCENARIOS = CORPUS / "packse-scenarios"

UV, _UV_SKIP_REASON = uv_oracle.find_uv(install=True)

# Loopback requests must not go through a proxy from the environment.
DIRECT = urllib.request.build_opener(urllib.request.ProxyHandler({}))

needs_uv = pytest.mark.skipif(UV is None, reason=f"uv {uv_oracle.UV_VERSION} unavailable: {_UV_SKIP_REASON}")
needs_corpus = pytest.mark.skipif(not SCENARIOS.is_dir(), reason=f"corpus not found at {CORPUS} (set LOCKKIT_CORPUS)")

# Universal lock scenarios: two with `[expected] packages`, forks, wheel tags pruned by
# markers and by requires-python, and an unsatisfiable one.
LOCK_SCENARIOS = [
    "backtracking/wrong-backtracking-basic",
    "prereleases/prerelease-marker-stable-preference-backtracks",
    "fork/basic",
    "fork/marker-inherit-combined",
    "tag_and_markers/unreachable-wheels",
    "wheels/specific-architecture",
    "fork/conflict-unsatisfiable",
]


def uv_env(home: Path, **extra: str) -> dict:
    """The sandbox, online but for loopback only (no proxies)."""
    env = uv_oracle.sandbox_env(home, **extra)
    env.pop("UV_OFFLINE")
    uv_oracle.without_proxies(env)
    return env


def _runs_312(python: str) -> bool:
    try:
        proc = subprocess.run([python, "-c", "import sys; sys.exit(sys.version_info < (3, 12))"],
                              capture_output=True, timeout=60)
    except (OSError, subprocess.SubprocessError):
        return False
    return proc.returncode == 0


@pytest.fixture(scope="module")
def python312() -> str:
    """A Python >= 3.12 on this machine (the scenarios' default requires-python): this
    one, a pyenv-installed one, or python3.1X on PATH."""
    candidates = [sys.executable]
    candidates += sorted(str(p) for p in (Path.home() / ".pyenv" / "versions").glob("3.1[2-9]*/bin/python3"))
    candidates += [found for v in range(12, 20) if (found := shutil.which(f"python3.{v}"))]
    for python in candidates:
        if _runs_312(python):
            return python
    pytest.skip("no Python >= 3.12 on this machine")


def scenario(name: str) -> dict:
    return packse_index.load_scenario(SCENARIOS / f"{name}.toml")


def write_project(path: Path, data: dict) -> Path:
    """The virtual project uv's lock scenario tests write (crates/uv-dev generate_scenarios)."""
    path.mkdir(parents=True, exist_ok=True)
    root = data.get("root", {})
    lines = ["[project]", 'name = "project"', 'version = "0.1.0"',
             "dependencies = " + json.dumps(root.get("requires", [])),
             f'requires-python = {json.dumps(root.get("requires_python", ">=3.12"))}']
    envs = data.get("resolver_options", {}).get("required_environments")
    if envs:
        lines += ["", "[tool.uv]", "required-environments = " + json.dumps(envs)]
    (path / "pyproject.toml").write_text("\n".join(lines) + "\n")
    return path


def resolver_flags(data: dict) -> list[str]:
    options = data.get("resolver_options", {})
    flags = []
    if options.get("prereleases"):
        flags.append("--prerelease=allow")
    if options.get("resolution"):
        flags.append(f"--resolution={options['resolution']}")
    return flags


def uv_lock(project: Path, index_args: list[str], env: dict, python: str, *flags: str):
    return subprocess.run([UV, "lock", *index_args, "--python", python, *flags], cwd=project, env=env,
                          capture_output=True, text=True, timeout=300)


def locked_versions(lock_text: str) -> dict[str, str]:
    """Registry packages of a uv.lock: name -> version (names locked twice get a sorted list)."""
    found: dict[str, list[str]] = {}
    for package in tomllib.loads(lock_text).get("package", []):
        if "registry" in package.get("source", {}):
            found.setdefault(package["name"], []).append(package["version"])
    return {name: versions[0] if len(versions) == 1 else sorted(versions) for name, versions in found.items()}


def check_lock(name: str, data: dict, proc, project: Path) -> None:
    expected = data["expected"]
    if not expected["satisfiable"]:
        assert proc.returncode != 0, f"uv locked unsatisfiable {name}:\n{proc.stderr}"
        assert "No solution found" in proc.stderr, proc.stderr
        return
    assert proc.returncode == 0, f"uv lock failed on {name}:\n{proc.stderr}"
    versions = locked_versions((project / "uv.lock").read_text())
    for package, version in expected.get("packages", {}).items():
        assert versions.get(packse_index.normalize(package)) == version, (package, versions)
    snapshot = CORPUS / "uv-test-locks" / f"lock_scenarios__{data['name'].replace('-', '_')}__0.uv.lock"
    if snapshot.is_file():
        assert versions == locked_versions(snapshot.read_text()), f"{name}: versions differ from uv's snapshot lock"


@needs_uv
@needs_corpus
@pytest.mark.parametrize("name", LOCK_SCENARIOS)
def test_uv_locks_scenarios_from_the_http_index(name, tmp_path, python312):
    data = scenario(name)
    packse_index.build_index(data, tmp_path / "index")
    project = write_project(tmp_path / "project", data)
    with packse_index.IndexServer(tmp_path / "index") as server:
        proc = uv_lock(project, ["--default-index", server.url + "/simple"], uv_env(tmp_path / "home"), python312,
                       *resolver_flags(data))
        check_lock(name, data, proc, project)
        if data["expected"]["satisfiable"]:
            # PEP 691 JSON was negotiated, and metadata came from the .metadata files.
            assert any(path.endswith(".metadata") for _, path, _ in server.requests)


@needs_uv
@needs_corpus
def test_uv_compiles_an_install_scenario(tmp_path, python312):
    # Yanked versions, an exact pin opting into one, and a transitive dependency.
    data = scenario("yanked/transitive-yanked-and-unyanked-dependency-opt-in")
    packse_index.build_index(data, tmp_path / "index")
    (tmp_path / "requirements.in").write_text("\n".join(data["root"]["requires"]) + "\n")
    python_version = data.get("environment", {}).get("python", "3.12")
    with packse_index.IndexServer(tmp_path / "index") as server:
        proc = subprocess.run([UV, "pip", "compile", "requirements.in", "--index-url", server.url + "/simple",
                               "--python", python312, "--python-version", python_version, "--no-header",
                               "--no-annotate"], cwd=tmp_path, env=uv_env(tmp_path / "home"), capture_output=True,
                              text=True, timeout=300)
    assert proc.returncode == 0, proc.stderr
    pins = dict(line.split("==") for line in proc.stdout.split() if "==" in line)
    assert pins == data["expected"]["packages"]


@needs_uv
@needs_corpus
def test_file_and_find_links_flavours_lock_alike(tmp_path, python312):
    name = "backtracking/wrong-backtracking-basic"
    data = scenario(name)
    index = tmp_path / "index"
    packse_index.build_index(data, index)
    env = uv_env(tmp_path / "home")
    flavours = {
        "file": ["--default-index", (index / "simple").as_uri()],
        "find-links folder": ["--no-index", "--find-links", str(index / "files")],
        "find-links page": ["--no-index", "--find-links", str(index / "links.html")],
    }
    for flavour, args in flavours.items():
        project = write_project(tmp_path / flavour.replace(" ", "-"), data)
        proc = uv_lock(project, args, env, python312)
        check_lock(f"{name} ({flavour})", data, proc, project)


def inline_index(path: Path) -> Path:
    """One package, one dependency: a small fixture for the misbehaviour switches."""
    packse_index.build_index({"name": "inline", "packages": {
        "top": {"versions": {"1.0.0": {"requires": ["dep>=2"]}}},
        "dep": {"versions": {"1.0.0": {}, "2.0.0": {"extras": {"fast": ["top"]}}}},
    }}, path)
    return path


@needs_uv
@pytest.mark.parametrize("switch", ["no-metadata", "no-ranges", "fail-first"])
def test_misbehaving_index_still_locks(switch, tmp_path, python312):
    index = inline_index(tmp_path / "index")
    data = {"root": {"requires": ["top"]}}
    project = write_project(tmp_path / "project", data)
    options = {"no-metadata": dict(metadata=False), "no-ranges": dict(metadata=False, ranges=False),
               "fail-first": dict(fail_first=1, fail_prefix="/simple/")}[switch]
    with packse_index.IndexServer(index, **options) as server:
        proc = uv_lock(project, ["--default-index", server.url + "/simple"], uv_env(tmp_path / "home"), python312)
        assert proc.returncode == 0, proc.stderr
        assert locked_versions((project / "uv.lock").read_text()) == {"top": "1.0.0", "dep": "2.0.0"}
        requests = server.requests
    if switch == "no-metadata":
        # No .metadata offered: uv reads the wheel's zip directory with Range requests.
        assert not any(path.endswith(".metadata") for _, path, _ in requests), requests
        assert any(rng for method, path, rng in requests if method == "GET" and path.endswith(".whl")), requests
    elif switch == "no-ranges":
        # No Accept-Ranges on the HEAD: uv downloads whole wheels and never sends a Range.
        assert any(method == "HEAD" for method, _, _ in requests), requests
        assert not any(rng for _, _, rng in requests), requests
        assert any(method == "GET" and path.endswith(".whl") for method, path, _ in requests), requests
    else:
        pages = [path for _, path, _ in requests if path.startswith("/simple/top")]
        assert len(pages) >= 2, requests  # the 500, then the retry


@needs_uv
def test_truncated_bodies_fail_clearly(tmp_path, python312):
    index = inline_index(tmp_path / "index")
    project = write_project(tmp_path / "project", {"root": {"requires": ["top"]}})
    with packse_index.IndexServer(index, truncate=True) as server:
        proc = uv_lock(project, ["--default-index", server.url + "/simple"],
                       uv_env(tmp_path / "home", UV_HTTP_RETRIES="0"), python312)
    assert proc.returncode != 0
    assert "end of file before message length reached" in proc.stderr, proc.stderr


def test_server_negotiates_and_serves_ranges(tmp_path):
    index = inline_index(tmp_path / "index")
    wheel = "dep-2.0.0-py3-none-any.whl"
    size = (index / "files" / wheel).stat().st_size
    with packse_index.IndexServer(index) as server:
        def get(path: str, **headers) -> tuple[int, dict, bytes]:
            request = urllib.request.Request(server.url + path, headers=headers)
            try:
                with DIRECT.open(request) as response:
                    return response.status, dict(response.headers), response.read()
            except urllib.error.HTTPError as error:
                return error.code, dict(error.headers), error.read()

        uv_accept = ("application/vnd.pypi.simple.v1+json, application/vnd.pypi.simple.v1+html;q=0.2, "
                     "text/html;q=0.01")
        status, headers, body = get("/simple/dep/", Accept=uv_accept)
        assert (status, headers["Content-Type"]) == (200, packse_index.JSON_TYPE)
        assert json.loads(body)["files"][0]["size"] > 0
        status, headers, body = get("/simple/dep", Accept="text/html")
        assert (status, headers["Content-Type"]) == (200, "text/html")
        assert b"data-requires-python=\"&gt;=3.12\"" in body
        assert get("/simple/Dep/")[0] == 200  # any spelling of the name
        assert get("/simple/nope/")[0] == 404
        status, headers, body = get(f"/files/{wheel}", Range="bytes=0-9")
        assert (status, headers["Content-Range"], len(body)) == (206, f"bytes 0-9/{size}", 10)
        status, headers, body = get(f"/files/{wheel}", Range="bytes=-22")
        assert (status, len(body)) == (206, 22)
        assert body == (index / "files" / wheel).read_bytes()[-22:]
        status, headers, _ = get(f"/files/{wheel}", Range=f"bytes={size}-")
        assert (status, headers["Content-Range"]) == (416, f"bytes */{size}")
        assert get(f"/files/{wheel}.metadata")[2].startswith(b"Metadata-Version: 2.3\nName: dep\nVersion: 2.0.0\n")
    with packse_index.IndexServer(index, metadata=False, ranges=False) as server:
        request = urllib.request.Request(f"{server.url}/files/{wheel}", headers={"Range": "bytes=0-9"})
        with DIRECT.open(request) as response:
            assert response.status == 200 and len(response.read()) == size
        with pytest.raises(urllib.error.HTTPError):
            DIRECT.open(f"{server.url}/files/{wheel}.metadata")
    assert packse_index.negotiate(None) == packse_index.HTML_TYPE
    assert packse_index.negotiate("text/html;q=0.5, application/vnd.pypi.simple.v1+json;q=0.4") == "text/html"


@pytest.fixture(scope="module")
def all_scenario_indexes(tmp_path_factory) -> list[Path]:
    if not SCENARIOS.is_dir():
        pytest.skip(f"corpus not found at {CORPUS} (set LOCKKIT_CORPUS)")
    root = tmp_path_factory.mktemp("scenarios")
    out = []
    for path in sorted(SCENARIOS.rglob("*.toml")):
        target = root / f"{path.parent.name}--{path.stem}"
        packse_index.build_index(packse_index.load_scenario(path), target)
        out.append(target)
    assert len(out) == 189
    return out


def manifest_check() -> Path:
    binary = BUILD_DIR / "tests" / "unit" / "index" / "index_manifest_check"
    if not binary.is_file():
        pytest.skip(f"{binary} not built (ninja -C {BUILD_DIR})")
    return binary


def test_lockkit_reads_every_scenario_index_as_written(all_scenario_indexes):
    proc = subprocess.run([str(manifest_check()), *map(str, all_scenario_indexes)], capture_output=True, text=True)
    assert proc.returncode == 0, proc.stdout[-3000:] + proc.stderr
    assert proc.stdout.startswith("189 index folders, ")
    assert proc.stdout.rstrip().endswith(", 0 mismatches")


def test_manifest_check_notices_a_difference(all_scenario_indexes, tmp_path):
    # The checker is only as good as its ability to fail: change what the manifest says.
    source = all_scenario_indexes[0]
    copy = tmp_path / source.name
    shutil.copytree(source, copy)
    manifest = json.loads((copy / "manifest.json").read_text())
    project = next(iter(manifest["projects"].values()))
    project["files"][0]["size"] += 1
    project["files"][0]["sha256"] = "0" * 64
    (copy / "manifest.json").write_text(json.dumps(manifest))
    proc = subprocess.run([str(manifest_check()), str(copy)], capture_output=True, text=True)
    assert proc.returncode == 1
    assert ": size differs" in proc.stdout and ": sha256 differs" in proc.stdout, proc.stdout
