"""The registry client (lockkit::index::RegistryClient) against the local test
index (tests/fixtures/packse_index.py), through build/tests/registry_probe.

* Over HTTP (PEP 691 JSON negotiated), every project of a set of packse
  scenarios is listed with exactly the files the fixture wrote (version, sha256,
  size, upload time, requires-python, yank state and reason), and the metadata
  of every file (wheels and sdists) is what the scenario declares.
* Each misbehaviour switch takes the path uv takes: `.metadata` files when
  offered; byte ranges (HEAD, then Range requests) when not; whole wheels when
  the server serves no ranges; retries after 500; and a clear error, with
  nothing cached, for bodies cut short. Every path gives the same answers.
* The file:// index, the find-links folder and the flat links page give the
  same versions and metadata with no HTTP request at all.
* A cached run repeated offline sends no request and answers the same.
* Real uv 0.12.5 locks a scenario from the same server: every file uv.lock
  records (URL, hash, size, upload time) is listed by lockkit identically.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import tomllib
from pathlib import Path

import pytest

from lockkit_build import BUILD_DIR, REPO_ROOT
import packse_index
import uv_oracle

CORPUS = Path(os.environ.get("LOCKKIT_CORPUS") or REPO_ROOT.parent / "shared" / "corpus")
SCENARIOS = CORPUS / "packse-scenarios"
PROBE = BUILD_DIR / "tests" / "registry_probe"

needs_corpus = pytest.mark.skipif(not SCENARIOS.is_dir(), reason=f"corpus not found at {CORPUS} (set LOCKKIT_CORPUS)")
needs_probe = pytest.mark.skipif(not PROBE.is_file(), reason=f"{PROBE} not built (ninja -C {BUILD_DIR})")

# Scenarios with yanked files, extras, wheel tags, requires-python, local and post versions.
SCENARIO_NAMES = [
    "yanked/transitive-yanked-and-unyanked-dependency-opt-in",
    "extras/all-extras-required",
    "wheels/specific-tag-and-default",
    "requires_python/python-greater-than-current-excluded",
    "local/local-greater-than",
    "post/post-equal-available",
    "fork/marker-inherit-combined",
]


def probe(request: dict, env: dict | None = None) -> dict:
    environment = dict(os.environ, **(env or {}))
    uv_oracle.without_proxies(environment)
    request = {"retry_delay_ms": 1, **request}
    proc = subprocess.run([str(PROBE)], input=json.dumps(request), capture_output=True, text=True, timeout=300,
                          env=environment)
    assert proc.returncode == 0, proc.stderr
    return json.loads(proc.stdout)


def inline_index(path: Path, metadata: bool = True) -> Path:
    packse_index.build_index({"name": "inline", "packages": {
        "top": {"versions": {"1.0.0": {"requires": ["dep>=2"]}}},
        "dep": {"versions": {"1.0.0": {}, "2.0.0": {"extras": {"fast": ["top"]}}}},
    }}, path, metadata=metadata)
    return path


def packages_request(manifest: dict, metadata="all") -> list[dict]:
    return [{"name": name, "metadata": metadata} for name in sorted(manifest["projects"])]


def check_listing(answer: dict, manifest: dict, *, json_fields: bool) -> None:
    """Every project's files are exactly the manifest's."""
    for name, project in manifest["projects"].items():
        got = answer["packages"][name]
        assert got["status"] == "found", (name, got)
        files = got["pages"][0]["files"] if got["pages"] else got["find_links"]
        assert [f["filename"] for f in files] == [r["filename"] for r in project["files"]], name
        for f, record in zip(files, project["files"]):
            assert f["version"] == record["version"]
            assert f["kind"] == record["kind"]
            if "sha256" in f or json_fields:
                assert f["sha256"] == record["sha256"], f["filename"]
            assert f.get("requires_python") == record["requires_python"], f["filename"]
            assert f["yanked"] == record["yanked"], f["filename"]
            if record["yanked"]:
                assert f["yank_reason"] == record["yanked_reason"]
            if json_fields:
                assert f["size"] == record["size"]
                assert f["upload_time_ms"] == record["upload_time_ms"]


def requirement_names(requirements: list[str]) -> list[str]:
    out = []
    for r in requirements:
        name = r.split(";")[0]
        for stop in "[<>=!~ @":
            name = name.split(stop)[0]
        out.append(packse_index.normalize(name.strip()))
    return sorted(out)


def check_metadata(answer: dict, scenario: dict) -> int:
    """Every file's metadata says what the scenario declares; returns the number checked."""
    checked = 0
    for raw_name, package in scenario.get("packages", {}).items():
        name = packse_index.normalize(raw_name)
        got = answer["packages"][name]["metadata"]
        files = {f["filename"]: f for page in answer["packages"][name]["pages"] for f in page["files"]}
        files.update({f["filename"]: f for f in answer["packages"][name]["find_links"]})
        assert set(got) == set(files), name
        for filename, metadata in got.items():
            assert "error" not in metadata, (filename, metadata)
            spec = package["versions"][files[filename]["version"]]
            assert metadata["name"] == name
            assert metadata["version"] == files[filename]["version"]
            requires = list(spec.get("requires", []))
            for extra, reqs in spec.get("extras", {}).items():
                requires += reqs
            assert requirement_names(metadata["requires_dist"]) == requirement_names(requires), filename
            assert sorted(metadata["provides_extra"]) == sorted(packse_index.normalize(e) for e in spec.get("extras", {}))
            expected_python = spec.get("requires_python", packse_index.DEFAULT_REQUIRES_PYTHON)
            assert metadata.get("requires_python", "").replace(" ", "") == (expected_python or "").replace(" ", "")
            checked += 1
    return checked


@needs_probe
@needs_corpus
@pytest.mark.parametrize("name", SCENARIO_NAMES)
def test_http_index_lists_and_reads_every_file(name, tmp_path):
    scenario = packse_index.load_scenario(SCENARIOS / f"{name}.toml")
    manifest = packse_index.build_index(scenario, tmp_path / "index")
    with packse_index.IndexServer(tmp_path / "index") as server:
        answer = probe({"indexes": [{"url": server.url + "/simple", "default": True}], "cache": str(tmp_path / "cache"),
                        "packages": packages_request(manifest)})
        requests = list(server.requests)
    check_listing(answer, manifest, json_fields=True)
    assert check_metadata(answer, scenario) > 0
    # Wheels through their .metadata files, sdists downloaded whole; no byte ranges needed.
    wheels = [f["filename"] for p in manifest["projects"].values() for f in p["files"] if f["kind"] == "wheel"]
    assert sorted(path[len("/files/"):-len(".metadata")] for _, path, _ in requests
                  if path.endswith(".metadata")) == sorted(wheels)
    assert not any(rng for _, _, rng in requests)


@needs_probe
@pytest.mark.parametrize("switch", ["no-metadata", "no-ranges", "fail-first"])
def test_every_metadata_path_gives_the_same_answers(switch, tmp_path):
    index = inline_index(tmp_path / "index", metadata=switch == "fail-first")
    manifest = json.loads((index / "manifest.json").read_text())
    options = {"no-metadata": dict(), "no-ranges": dict(ranges=False),
               "fail-first": dict(fail_first=1, fail_prefix="/")}[switch]
    with packse_index.IndexServer(index, **options) as server:
        answer = probe({"indexes": [{"url": server.url + "/simple"}], "cache": str(tmp_path / "cache"),
                        "probe_hosts": [], "packages": packages_request(manifest)})
        requests = list(server.requests)
    check_listing(answer, manifest, json_fields=True)
    metadata = answer["packages"]["dep"]["metadata"]["dep-2.0.0-py3-none-any.whl"]
    assert metadata["provides_extra"] == ["fast"]
    assert metadata["requires_dist"] == ["top ; extra == 'fast'"]
    assert answer["packages"]["top"]["metadata"]["top-1.0.0.tar.gz"]["requires_dist"] == ["dep>=2"]
    wheel_gets = [(m, p, r) for m, p, r in requests if p.endswith(".whl")]
    if switch == "no-metadata":
        assert not any(p.endswith(".metadata") for _, p, _ in requests)
        assert any(m == "HEAD" for m, _, _ in wheel_gets)
        # Only byte ranges of wheels were asked for: no wheel came whole.
        assert all(r for m, _, r in wheel_gets if m == "GET"), wheel_gets
    elif switch == "no-ranges":
        assert any(m == "HEAD" for m, _, _ in wheel_gets)
        assert not any(r for _, _, r in requests)
        assert any(m == "GET" for m, _, _ in wheel_gets)
    else:
        pages = [p for _, p, _ in requests if p.startswith("/simple/top")]
        assert len(pages) == 2  # the 500, then the retry


@needs_probe
def test_truncated_bodies_fail_clearly_and_cache_nothing(tmp_path):
    index = inline_index(tmp_path / "index")
    manifest = json.loads((index / "manifest.json").read_text())
    cache = tmp_path / "cache"
    with packse_index.IndexServer(index, truncate=True) as server:
        answer = probe({"indexes": [{"url": server.url + "/simple"}], "cache": str(cache),
                        "packages": [{"name": "dep", "metadata": ["dep-2.0.0-py3-none-any.whl"]}]})
    # The page is not truncated (only files are); the .metadata file is.
    metadata = answer["packages"]["dep"]["metadata"]["dep-2.0.0-py3-none-any.whl"]
    assert metadata["error_kind"] == "network", metadata
    assert "dep-2.0.0-py3-none-any.whl" in metadata["error"]
    assert not (cache / "metadata-v1").exists() or not any(p.is_file() for p in (cache / "metadata-v1").rglob("*"))
    # Offline now: nothing was cached for the file that failed.
    answer = probe({"indexes": [{"url": "http://127.0.0.1:9/simple"}], "cache": str(cache), "offline": True,
                    "packages": [{"name": "dep", "metadata": "none"}]})
    assert answer["packages"]["dep"]["status"] in ("found", "offline")
    assert manifest  # built


@needs_probe
def test_local_flavours_need_no_http(tmp_path):
    index = inline_index(tmp_path / "index")
    manifest = json.loads((index / "manifest.json").read_text())
    flavours = {
        "file index": {"indexes": [{"url": (index / "simple").as_uri()}]},
        "find-links folder": {"no_index": True, "find_links": [str(index / "files")]},
        "find-links page": {"no_index": True, "find_links": [str(index / "links.html")]},
    }
    for flavour, request in flavours.items():
        answer = probe({**request, "cache": str(tmp_path / "cache"), "packages": packages_request(manifest)})
        assert answer["requests"] == 0, flavour
        for name, project in manifest["projects"].items():
            got = answer["packages"][name]
            assert got["status"] == "found", (flavour, name, got)
            files = got["pages"][0]["files"] if got["pages"] else got["find_links"]
            assert [f["filename"] for f in files] == [r["filename"] for r in project["files"]], flavour
        assert answer["packages"]["dep"]["metadata"]["dep-2.0.0-py3-none-any.whl"]["provides_extra"] == ["fast"]
        assert answer["packages"]["top"]["metadata"]["top-1.0.0.tar.gz"]["requires_dist"] == ["dep>=2"], flavour


@needs_probe
def test_offline_repeats_a_cached_run_without_requests(tmp_path):
    index = inline_index(tmp_path / "index")
    manifest = json.loads((index / "manifest.json").read_text())
    cache = str(tmp_path / "cache")
    with packse_index.IndexServer(index) as server:
        url = server.url + "/simple"
        first = probe({"indexes": [{"url": url}], "cache": cache, "packages": packages_request(manifest)})
    assert first["requests"] > 0
    again = probe({"indexes": [{"url": url}], "cache": cache, "offline": True, "packages": packages_request(manifest)})
    assert again["requests"] == 0
    assert again["packages"] == first["packages"]
    missing = probe({"indexes": [{"url": url}], "cache": cache, "offline": True,
                     "packages": [{"name": "absent", "metadata": "none"}]})
    assert missing["packages"]["absent"]["status"] == "offline"


UV, _UV_SKIP_REASON = uv_oracle.find_uv(install=True)


def python312() -> str | None:
    """A Python >= 3.12 here (the scenarios' default requires-python), as test_local_index finds one."""
    candidates = [sys.executable]
    candidates += sorted(str(p) for p in (Path.home() / ".pyenv" / "versions").glob("3.1[2-9]*/bin/python3"))
    for python in candidates:
        proc = subprocess.run([python, "-c", "import sys; sys.exit(sys.version_info < (3, 12))"], capture_output=True)
        if proc.returncode == 0:
            return python
    return None


@needs_probe
@needs_corpus
@pytest.mark.skipif(UV is None, reason=f"uv {uv_oracle.UV_VERSION} unavailable: {_UV_SKIP_REASON}")
def test_files_uv_locks_are_listed_alike(tmp_path):
    scenario = packse_index.load_scenario(SCENARIOS / "wheels/specific-tag-and-default.toml")
    packse_index.build_index(scenario, tmp_path / "index")
    project = tmp_path / "project"
    project.mkdir()
    root = scenario.get("root", {})
    (project / "pyproject.toml").write_text(
        '[project]\nname = "project"\nversion = "0.1.0"\n'
        f'dependencies = {json.dumps(root.get("requires", []))}\n'
        f'requires-python = {json.dumps(root.get("requires_python", ">=3.12"))}\n')
    env = uv_oracle.sandbox_env(tmp_path / "home")
    env.pop("UV_OFFLINE", None)
    uv_oracle.without_proxies(env)
    python = python312()
    if python is None:
        pytest.skip("no Python >= 3.12 on this machine")
    with packse_index.IndexServer(tmp_path / "index") as server:
        proc = subprocess.run([UV, "lock", "--default-index", server.url + "/simple", "--python", python],
                              cwd=project, env=env, capture_output=True, text=True, timeout=300)
        assert proc.returncode == 0, proc.stderr
        lock = tomllib.loads((project / "uv.lock").read_text())
        packages = [p for p in lock["package"] if "registry" in p.get("source", {})]
        answer = probe({"indexes": [{"url": server.url + "/simple"}], "cache": str(tmp_path / "cache"),
                        "packages": [{"name": p["name"], "metadata": "none"} for p in packages]})
    assert packages
    for package in packages:
        files = {f["filename"]: f for f in answer["packages"][package["name"]]["pages"][0]["files"]}
        locked = list(package.get("wheels", [])) + ([package["sdist"]] if "sdist" in package else [])
        assert locked
        for artifact in locked:
            filename = artifact["url"].rsplit("/", 1)[1]
            listed = files[filename]
            assert listed["url"] == artifact["url"]
            assert "sha256:" + listed["sha256"] == artifact["hash"]
            assert listed["size"] == artifact["size"]
            assert listed["version"] == package["version"]
            assert "upload-time" in artifact
