"""lock-verify --download on locks real uv wrote: uv 0.12.5 locks projects
against the loopback PEP 691 index of test_uv_conformance.py (so every
artifact has a url, hash, size and upload-time, like PyPI's), and lock-verify
must fetch every artifact from that same server and find each one matching,
then find them all in its cache on a second run. Path sources are verified by
hashing the files in place. Nothing leaves 127.0.0.1."""

from __future__ import annotations

import json
import os
import subprocess
from pathlib import Path

import pytest

from lockkit_build import BUILD_DIR
import test_uv_conformance as conf
from test_uv_conformance import http_index, index_dir, uv_env  # noqa: F401  (fixtures)

VERIFY_BIN = BUILD_DIR / "tools" / "lock-verify" / "lock-verify"
ENV = {**os.environ, "no_proxy": "127.0.0.1,localhost", "NO_PROXY": "127.0.0.1,localhost"}


def download(lock: Path, cache: Path, *args: str) -> tuple[int, dict]:
    proc = subprocess.run([str(VERIFY_BIN), str(lock), "--no-stale", "--download", "--cache-dir", str(cache),
                           "--format", "json", *args], capture_output=True, text=True, timeout=120, env=ENV)
    assert proc.returncode in (0, 1), proc.stderr
    return proc.returncode, json.loads(proc.stdout)


@pytest.fixture
def verify_bin():
    if not VERIFY_BIN.is_file():
        pytest.skip(f"{VERIFY_BIN} not built")
    return VERIFY_BIN


@pytest.mark.parametrize("make", [conf.proj_basic, conf.proj_markers_extras, conf.proj_wheel_tags],
                         ids=["basic", "markers-extras", "wheel-tags"])
def test_every_artifact_uv_locked_downloads_and_matches(make, verify_bin, tmp_path, index_dir, http_index,  # noqa: F811
                                                        uv_env):  # noqa: F811
    project = tmp_path / "project"
    make(project, index_dir)
    text = conf.uv_lock_http(project, http_index, uv_env).decode()
    urls = text.count('url = "http://127.0.0.1')
    assert urls > 0 and 'hash = "sha256:' in text
    cache = tmp_path / "cache"

    code, report = download(project / "uv.lock", cache)
    assert code == 0, report["findings"]
    assert report["download"]["downloaded"] == urls
    assert report["download"]["without_hash"] == 0
    assert report["summary"]["artifacts_checked"] == urls

    code, report = download(project / "uv.lock", cache)
    assert code == 0
    assert report["download"] == {**report["download"], "downloaded": 0, "from_cache": urls}


def test_targets_select_fewer_artifacts_than_everything(verify_bin, tmp_path, index_dir, http_index, uv_env):  # noqa: F811
    project = tmp_path / "project"
    conf.proj_wheel_tags(project, index_dir)
    text = conf.uv_lock_http(project, http_index, uv_env).decode()
    urls = text.count('url = "http://127.0.0.1')
    code, report = download(project / "uv.lock", tmp_path / "cache", "--platform", "linux-x86_64",
                            "--python-version", "3.12")
    assert code == 0, report["findings"]
    assert 0 < report["download"]["downloaded"] < urls


def test_local_artifacts_are_hashed_in_place_and_tampering_is_caught(verify_bin, tmp_path, index_dir,  # noqa: F811
                                                                      uv_env):  # noqa: F811
    # Two path sources with mandatory hashes (uv records the file:// URL
    # requirement as an absolute path source too), and find-links packages,
    # which uv records without hashes (counted, not checked).
    project = tmp_path / "project"
    conf.proj_direct_path(project, index_dir)
    text = conf.uv_lock(project, index_dir, uv_env).decode()
    assert 'source = { path = "wheels/localsdist-0.2.tar.gz" }' in text
    code, report = download(project / "uv.lock", tmp_path / "cache")
    assert code == 0, report["findings"]
    assert report["download"]["local"] == 2
    assert report["download"]["downloaded"] == 0
    assert report["download"]["without_hash"] > 0

    sdist = project / "wheels" / "localsdist-0.2.tar.gz"
    sdist.write_bytes(sdist.read_bytes() + b"appended")
    code, report = download(project / "uv.lock", tmp_path / "cache")
    assert code == 1
    [finding] = report["findings"]
    assert finding["rule"] == "hash-mismatch" and finding["package"]["name"] == "localsdist"
    assert "localsdist-0.2.tar.gz" in finding["message"]
