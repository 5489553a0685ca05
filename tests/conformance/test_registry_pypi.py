"""The registry client against PyPI, for every registry package pinned in the 22
locks of ../shared/corpus/uv-ecosystem/ (uv wrote them from PyPI):

* PyPI lists the locked version;
* every locked wheel and sdist is listed with the hash and size the lock records;
* metadata is obtained for every locked version (from a wheel the lock lists,
  or its sdist when it has no wheel), naming that package and version.

Some locks in the corpus had their newest versions redacted by uv's test
filters (`3.11.[X]`, in URLs too); their files are found by hash instead, and
the listed version must match the pattern.

Needs the network: skipped, with the reason, when PyPI cannot be reached.
Transient failures are retried by the client itself (3 retries with back-off),
and packages that still failed are asked once more. Pages and metadata are
cached in `<build dir>/test-cache/pypi` across runs (revalidated, since the
PyPI reached from here sends no caching headers).
"""

from __future__ import annotations

import json
import os
import re
import subprocess
import tomllib
import urllib.request
from collections import defaultdict
from pathlib import Path

import pytest

from lockkit_build import BUILD_DIR, REPO_ROOT
CORPUS = Path(os.environ.get("LOCKKIT_CORPUS") or REPO_ROOT.parent / "shared" / "corpus")
ECOSYSTEM = CORPUS / "uv-ecosystem"
PROBE = BUILD_DIR / "tests" / "registry_probe"
PYPI = "https://pypi.org/simple"


def pypi_unreachable() -> str | None:
    """Why PyPI cannot be used from here, or None."""
    last = ""
    for _ in range(3):
        try:
            with urllib.request.urlopen(PYPI + "/pip/", timeout=15) as response:
                if response.status == 200:
                    return None
                last = f"HTTP {response.status}"
        except OSError as error:
            last = str(error)
    return f"PyPI ({PYPI}) is not reachable from here: {last}"


def locked_packages() -> dict[str, dict[str, list[dict]]]:
    """name -> version -> the lock's artifacts (url, hash, size), from every lock."""
    found: dict[str, dict[str, dict[str, dict]]] = defaultdict(lambda: defaultdict(dict))
    for lock in sorted(ECOSYSTEM.glob("*/uv.lock")):
        data = tomllib.loads(lock.read_text())
        for package in data.get("package", []):
            if package.get("source", {}).get("registry") != PYPI:
                continue
            artifacts = list(package.get("wheels", [])) + ([package["sdist"]] if "sdist" in package else [])
            for artifact in artifacts:
                found[package["name"]][package["version"]][artifact["url"]] = artifact
    return {name: {v: list(a.values()) for v, a in versions.items()} for name, versions in found.items()}


def metadata_file(artifacts: list[dict]) -> str:
    """The file metadata is read from for a version: its first wheel (a pure one if any), else the sdist."""
    names = [a["url"].rsplit("/", 1)[1] for a in artifacts]
    wheels = [n for n in names if n.endswith(".whl")]
    pure = [n for n in wheels if n.endswith("-none-any.whl")]
    return (pure or wheels or names)[0]


def run_probe(packages: list[dict], cache: Path) -> dict:
    request = {"indexes": [{"url": PYPI, "name": "pypi", "default": True}], "cache": str(cache), "packages": packages}
    proc = subprocess.run([str(PROBE)], input=json.dumps(request), capture_output=True, text=True, timeout=900)
    assert proc.returncode == 0, proc.stderr[-3000:]
    return json.loads(proc.stdout)


@pytest.mark.skipif(not ECOSYSTEM.is_dir(), reason=f"corpus not found at {CORPUS} (set LOCKKIT_CORPUS)")
@pytest.mark.skipif(not PROBE.is_file(), reason=f"{PROBE} not built")
def test_pypi_lists_and_describes_every_locked_package():
    reason = pypi_unreachable()
    if reason:
        pytest.skip(reason)
    locked = locked_packages()
    assert len(list(ECOSYSTEM.glob("*/uv.lock"))) == 22
    cache = BUILD_DIR / "test-cache" / "pypi"
    packages = [{"name": name, "metadata": sorted({metadata_file(a) for a in versions.values()})}
                for name, versions in sorted(locked.items())]
    answer = run_probe(packages, cache)

    def failed(name: str) -> bool:
        got = answer["packages"].get(name, {})
        return "error" in got or any(m.get("error_kind") == "network" for m in got.get("metadata", {}).values())

    retry = [p for p in packages if failed(p["name"])]
    if retry:
        again = run_probe(retry, cache)
        answer["packages"].update(again["packages"])

    # Redacted versions: the real filenames, found by hash, and their metadata.
    by_hash = {name: {"sha256:" + f["sha256"]: f for page in got.get("pages", []) for f in page["files"] if "sha256" in f}
               for name, got in answer["packages"].items()}
    redacted = defaultdict(set)
    for name, versions in locked.items():
        for version, artifacts in versions.items():
            if "[X]" in version:
                real = [by_hash[name][a["hash"]]["filename"] for a in artifacts if a["hash"] in by_hash.get(name, {})]
                if real:
                    redacted[name].add(metadata_file([{"url": "/" + f} for f in real]))
    if redacted:
        extra = run_probe([{"name": n, "metadata": sorted(f)} for n, f in redacted.items()], cache)
        for name, got in extra["packages"].items():
            answer["packages"][name]["metadata"].update(got.get("metadata", {}))

    problems: list[str] = []
    needs_build: list[str] = []
    metadata_read = 0
    for name, versions in sorted(locked.items()):
        got = answer["packages"][name]
        if "error" in got or got["status"] != "found":
            problems.append(f"{name}: {got.get('error') or got['status']}")
            continue
        listed = {f["filename"]: f for page in got["pages"] for f in page["files"]}
        hashed = by_hash[name]
        for version, artifacts in versions.items():
            pattern = re.compile(re.escape(version).replace(re.escape("[X]"), r"[0-9]+") + "$")
            if "[X]" in version:
                # The lock names files by a redacted version: find them by hash.
                artifacts = [dict(a, url="/" + hashed[a["hash"]]["filename"]) if a["hash"] in hashed else a
                             for a in artifacts]
            if not any(pattern.match(f["version"]) for f in listed.values()):
                problems.append(f"{name} {version}: not listed")
                continue
            for artifact in artifacts:
                filename = artifact["url"].rsplit("/", 1)[1]
                file = listed.get(filename)
                if file is None:
                    problems.append(f"{name} {version}: {filename} not listed")
                    continue
                if "hash" in artifact and "sha256:" + file.get("sha256", "") != artifact["hash"]:
                    problems.append(f"{filename}: hash {file.get('sha256')} != {artifact['hash']}")
                if "size" in artifact and file.get("size") != artifact["size"]:
                    problems.append(f"{filename}: size {file.get('size')} != {artifact['size']}")
            chosen = metadata_file(artifacts)
            metadata = got["metadata"].get(chosen)
            if metadata is None:
                problems.append(f"{name} {version}: no metadata answer for {chosen}")
            elif "error_kind" in metadata:
                if metadata["error_kind"] == "needs-build" and not chosen.endswith(".whl"):
                    needs_build.append(f"{name} {version}")
                else:
                    problems.append(f"{chosen}: {metadata['error_kind']}: {metadata['error']}")
            elif metadata["name"] != name or not pattern.match(metadata["version"]):
                problems.append(f"{chosen}: metadata is of {metadata['name']} {metadata['version']}")
            else:
                metadata_read += 1
    print(f"{len(locked)} packages, {sum(len(v) for v in locked.values())} locked versions, "
          f"{metadata_read} metadata read, {len(needs_build)} sdist-only versions need a build: {needs_build}; "
          f"{answer['requests']} requests")
    assert not problems, "\n".join(problems[:50])
    # Only sdist-only versions may need a build, and most of those have static metadata.
    assert len(needs_build) <= 27
