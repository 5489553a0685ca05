"""lock-verify --download against a real HTTP server on 127.0.0.1 that the test
starts: it serves real files, one corrupted, one cut off mid-transfer, one that
fails with 500 before it works, one that is gone, and one larger than the lock
says. Each gets the right verdict; only verified files reach the cache, and
nothing half-written stays behind. A second run is served from the cache."""
import hashlib
import json
import os
import subprocess
import sys
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent.parent
sys.path.insert(0, str(ROOT / "tests" / "fixtures"))
from terminal import run_with_terminal_stderr  # noqa: E402
BUILD = Path(os.environ.get("LOCKKIT_BUILD_DIR", ROOT / "build"))
BINARY = BUILD / "tools" / "lock-verify" / "lock-verify"

pytestmark = pytest.mark.skipif(not BINARY.exists(), reason=f"{BINARY} not built")


def sha(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


# name -> (bytes the lock promises, behaviour of the server)
GOOD = b"good wheel " * 5000
FLAKY = b"flaky wheel " * 3000
CORRUPT = b"original corrupt-candidate wheel " * 100
TRUNC = b"truncated wheel " * 4000
GONE = b"gone wheel"
BIG = b"grows " * 10
LINUX = b"linux-only wheel"
WINDOWS = b"windows-only wheel"

FILES = {
    "good-1.0-py3-none-any.whl": GOOD,
    "flaky-1.0-py3-none-any.whl": FLAKY,
    "corrupt-1.0-py3-none-any.whl": CORRUPT,
    "trunc-1.0-py3-none-any.whl": TRUNC,
    "gone-1.0-py3-none-any.whl": GONE,
    "big-1.0-py3-none-any.whl": BIG,
    "plat-1.0-cp312-cp312-manylinux_2_17_x86_64.whl": LINUX,
    "plat-1.0-cp312-cp312-win_amd64.whl": WINDOWS,
}


class Server:
    """Counts requests per file and misbehaves on purpose for some of them."""

    def __init__(self):
        self.hits: dict[str, int] = {}
        self.lock = threading.Lock()
        server = self

        class Handler(BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"

            def log_message(self, *args):  # keep test output quiet
                pass

            def do_GET(self):
                name = self.path.rsplit("/", 1)[-1]
                with server.lock:
                    server.hits[name] = server.hits.get(name, 0) + 1
                    hit = server.hits[name]
                body = FILES.get(name)
                if body is None or name.startswith("gone"):
                    return self._reply(404, b"not found")
                if name.startswith("flaky") and hit == 1:
                    return self._reply(500, b"try again")
                if name.startswith("corrupt"):
                    body = body.replace(b"original", b"ORIGINAL", 1)  # same size, other bytes
                if name.startswith("big"):
                    body = body * 3
                if name.startswith("trunc"):
                    # Promise the whole file, send half, hang up.
                    self.send_response(200)
                    self.send_header("Content-Length", str(len(body)))
                    self.send_header("Connection", "close")
                    self.end_headers()
                    self.wfile.write(body[: len(body) // 2])
                    self.wfile.flush()
                    self.close_connection = True
                    return
                self._reply(200, body)

            def _reply(self, code, body):
                self.send_response(code)
                self.send_header("Content-Length", str(len(body)))
                self.end_headers()
                self.wfile.write(body)

        self.httpd = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.port = self.httpd.server_address[1]
        self.thread = threading.Thread(target=self.httpd.serve_forever, daemon=True)

    def __enter__(self):
        self.thread.start()
        return self

    def __exit__(self, *exc):
        self.httpd.shutdown()
        self.httpd.server_close()


def package(name: str, base: str, wheels: list[str]) -> str:
    entries = ",\n".join(
        f'    {{ url = "{base}/files/{w}", hash = "sha256:{sha(FILES[w])}", size = {len(FILES[w])} }}' for w in wheels
    )
    return f'''
[[package]]
name = "{name}"
version = "1.0"
source = {{ registry = "{base}/simple" }}
wheels = [
{entries},
]
'''


def make_lock(tmp_path: Path, port: int, names: list[str]) -> Path:
    base = f"http://127.0.0.1:{port}"
    deps = "".join(f'    {{ name = "{n}" }},\n' for n in names)
    reqs = ", ".join(f'{{ name = "{n}" }}' for n in names)
    text = f'''version = 1
revision = 3
requires-python = ">=3.12"

[[package]]
name = "app"
version = "0.1.0"
source = {{ virtual = "." }}
dependencies = [
{deps}]

[package.metadata]
requires-dist = [{reqs}]
'''
    for name in sorted(names):
        wheels = sorted(w for w in FILES if w.startswith(name + "-"))
        text += package(name, base, wheels)
    path = tmp_path / "uv.lock"
    path.write_text(text)
    return path


# A proxy configured on the machine must not intercept the loopback server.
ENV = {**os.environ, "no_proxy": "127.0.0.1,localhost", "NO_PROXY": "127.0.0.1,localhost"}


def verify(lock: Path, cache: Path, *args: str):
    proc = subprocess.run(
        [str(BINARY), str(lock), "--download", "--cache-dir", str(cache), "--retries", "2", "--format", "json", *args],
        capture_output=True, text=True, timeout=120, env=ENV,
    )
    return proc, json.loads(proc.stdout) if proc.stdout.strip() else None


def cached(cache: Path) -> set[str]:
    store = cache / "artifacts-v1" / "sha256"
    return {p.name for p in store.rglob("*") if p.is_file()} if store.exists() else set()


def findings_by_package(report: dict) -> dict[str, list[dict]]:
    out: dict[str, list[dict]] = {}
    for f in report["findings"]:
        out.setdefault(f["package"]["name"], []).append(f)
    return out


def test_each_failure_gets_its_verdict_and_only_good_files_are_cached(tmp_path):
    cache = tmp_path / "cache"
    with Server() as server:
        lock = make_lock(tmp_path, server.port, ["good", "flaky", "corrupt", "trunc", "gone", "big"])
        proc, report = verify(lock, cache)
        hits = dict(server.hits)
    assert proc.returncode == 1, proc.stderr
    found = findings_by_package(report)

    assert "good" not in found
    # 500 then 200: retried and verified.
    assert "flaky" not in found
    assert hits["flaky-1.0-py3-none-any.whl"] == 2

    [corrupt] = found["corrupt"]
    assert corrupt["rule"] == "hash-mismatch"
    assert f"sha256:{sha(CORRUPT)}" in corrupt["message"]
    altered = CORRUPT.replace(b"original", b"ORIGINAL", 1)
    assert f"sha256:{sha(altered)}" in corrupt["message"]
    assert f"http://127.0.0.1:{server.port}/files/corrupt-1.0-py3-none-any.whl" in corrupt["message"]

    # Cut off mid-transfer on every attempt: retried (1 + 2), then reported.
    [trunc] = found["trunc"]
    assert trunc["rule"] == "download-failed"
    assert "after 3 attempts" in trunc["message"]
    assert hits["trunc-1.0-py3-none-any.whl"] == 3

    # 404 is permanent: one request only.
    [gone] = found["gone"]
    assert gone["rule"] == "download-failed" and "HTTP 404" in gone["message"]
    assert hits["gone-1.0-py3-none-any.whl"] == 1

    [big] = found["big"]
    assert big["rule"] == "size-mismatch"
    assert f"{len(BIG)} bytes" in big["message"]

    assert cached(cache) == {sha(GOOD), sha(FLAKY)}
    assert list((cache / "tmp").iterdir()) == []
    assert report["summary"]["artifacts_checked"] == 4  # good, flaky, corrupt, big


def test_second_run_is_served_from_the_cache_and_heals_corruption(tmp_path):
    cache = tmp_path / "cache"
    with Server() as server:
        lock = make_lock(tmp_path, server.port, ["good", "flaky"])
        first, report = verify(lock, cache)
        assert first.returncode == 0, first.stdout + first.stderr
        assert report["download"]["downloaded"] == 2
        assert report["download"]["from_cache"] == 0
        assert report["download"]["bytes"] == len(GOOD) + len(FLAKY)
        assert report["download"]["cache"] == str(cache)
        server.hits.clear()

        second, report = verify(lock, cache)
        assert second.returncode == 0, second.stderr
        assert server.hits == {}
        assert report["download"]["from_cache"] == 2 and report["download"]["downloaded"] == 0
        assert report["findings"] == []

        # A damaged cache entry is not trusted: it is fetched again and replaced.
        entry = cache / "artifacts-v1" / "sha256" / sha(GOOD)[:2] / sha(GOOD)
        entry.write_bytes(b"bit rot")
        third, _ = verify(lock, cache)
        assert third.returncode == 0, third.stdout
        assert server.hits == {"good-1.0-py3-none-any.whl": 1}
        assert entry.read_bytes() == GOOD


def test_targets_limit_what_is_downloaded(tmp_path):
    cache = tmp_path / "cache"
    with Server() as server:
        lock = make_lock(tmp_path, server.port, ["plat"])
        proc, _ = verify(lock, cache, "--platform", "linux", "--python-version", "3.12")
        assert proc.returncode == 0, proc.stdout + proc.stderr
        assert server.hits == {"plat-1.0-cp312-cp312-manylinux_2_17_x86_64.whl": 1}
        proc, _ = verify(lock, cache, "--platform", "x86_64-pc-windows-msvc")
        assert proc.returncode == 0
        assert server.hits["plat-1.0-cp312-cp312-win_amd64.whl"] == 1
    assert cached(cache) == {sha(LINUX), sha(WINDOWS)}


def test_bad_target_flags_are_usage_errors(tmp_path):
    lock = make_lock(tmp_path, 9, ["good"])
    proc = subprocess.run([str(BINARY), str(lock), "--download", "--platform", "solaris"],
                          capture_output=True, text=True)
    assert proc.returncode == 2
    assert "--platform" in proc.stderr and "linux, macos or windows" in proc.stderr
    proc = subprocess.run([str(BINARY), str(lock), "--python-version", "3.12"], capture_output=True, text=True)
    assert proc.returncode == 2 and "only apply with --download" in proc.stderr


def test_unreachable_server_is_a_finding_not_a_crash(tmp_path):
    # Port 9 (discard) on loopback refuses connections: transient, retried, then reported.
    lock = make_lock(tmp_path, 9, ["good"])
    proc, report = verify(lock, tmp_path / "cache", "--retries", "1")
    assert proc.returncode == 1
    [finding] = report["findings"]
    assert finding["rule"] == "download-failed"
    assert "after 2 attempts" in finding["message"]


def test_text_summary_says_where_artifacts_came_from(tmp_path):
    cache = tmp_path / "cache"
    with Server() as server:
        lock = make_lock(tmp_path, server.port, ["good"])
        proc = subprocess.run([str(BINARY), str(lock), "--download", "--cache-dir", str(cache)],
                              capture_output=True, text=True, timeout=60, env=ENV)
    assert proc.returncode == 0, proc.stdout + proc.stderr
    assert "1 artifact downloaded (0 MiB), 0 from the cache, 0 local" in proc.stderr


def test_progress_line_on_a_terminal_only(tmp_path):
    cache = tmp_path / "cache"
    with Server() as server:
        lock = make_lock(tmp_path, server.port, ["good", "flaky"])
        # stderr on a pseudo-terminal: the progress line is drawn and then erased.
        proc, tty_err = run_with_terminal_stderr(
            [str(BINARY), str(lock), "--download", "--cache-dir", str(cache)], timeout=60, env=ENV)
        assert proc.returncode == 0
        assert "downloading [" in tty_err and "2/2 artifacts" in tty_err
        assert "\r\x1b[K" in tty_err
        # Not a terminal: no progress line, just the summary.
        piped = subprocess.run([str(BINARY), str(lock), "--download", "--cache-dir", str(tmp_path / "c2")],
                               capture_output=True, text=True, timeout=60, env=ENV)
        assert piped.returncode == 0
        assert "downloading [" not in piped.stderr
        assert "2 artifacts downloaded" in piped.stderr
