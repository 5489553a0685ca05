"""Failure reports and hints: real uv 0.12.5 on small registries, the oracle for lockkit's reports.

tests/unit/resolver/uv_failure_cases.json lists cases: registries (packages in the packse
scenario shape, built with tests/fixtures/packse_index.py and served over HTTP, or indexes
that refuse with 401/403), requirements and options. For each case this test runs
`uv pip compile` and compares what uv prints with the case's `expected` text, so the
fixture's texts are uv's own. The C++ test tests/unit/resolver/uv_failure_cases_test.cpp
resolves the same cases with lockkit and must print the same text.

The file's `environment_checks` are projects with `tool.uv.environments` and
`required-environments`; `uv lock` either accepts them ("ok") or prints the error and hint
recorded (lockkit's `check_lock_environments` must say the same).

The file's `lock_cases` are workspaces (`project` 0.1.0 with dependencies, extras, dependency
groups and conflicts, and sometimes other members) that `uv lock` cannot resolve; the reports
speak of "your project" or "your workspace" rather than "your requirements".

The text is uv's with its terminal framing removed: the header line, the explanation lines,
then (after a blank line) one `hint:` line each. `warning:` lines are dropped. Index URLs read
`[INDEX0]`, `[INDEX1]`, … (in the order the case lists them); `uv lock`'s `Resolved …` line is
dropped too.

UPDATE_GOLDEN=1 rewrites the `expected` texts from uv's output (review the diff).
Environment: needs uv 0.12.5 (installed with pip when missing) and CPython 3.12
(`UV_TEST_PYTHON`, else pyenv's or the PATH's `python3.12`); skipped without them.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest

from lockkit_build import REPO_ROOT
import packse_index
import uv_oracle

CASES_FILE = REPO_ROOT / "tests" / "unit" / "resolver" / "uv_failure_cases.json"
UV, _UV_SKIP_REASON = uv_oracle.find_uv(install=True)


def find_python312() -> str | None:
    candidates = [os.environ.get("UV_TEST_PYTHON"), str(Path.home() / ".pyenv/versions/3.12.1/bin/python3"),
                  shutil.which("python3.12")]
    for c in candidates:
        if c and Path(c).exists():
            out = subprocess.run([c, "-c", "import sys; print(sys.version_info[:2])"], capture_output=True, text=True)
            if out.stdout.strip() == "(3, 12)":
                return c
    return None


PYTHON = find_python312()
pytestmark = [
    pytest.mark.skipif(UV is None, reason=f"uv {uv_oracle.UV_VERSION} unavailable: {_UV_SKIP_REASON}"),
    pytest.mark.skipif(PYTHON is None, reason="no CPython 3.12 interpreter for uv (set UV_TEST_PYTHON)"),
]

CASES = json.loads(CASES_FILE.read_text())["cases"]
CHECKS = json.loads(CASES_FILE.read_text())["environment_checks"]
LOCK_CASES = json.loads(CASES_FILE.read_text())["lock_cases"]


class RefusingIndex:
    """An index that answers every project page with one HTTP status (401 or 403), except
    those not named in `only` (404)."""

    def __init__(self, status: int, only: list[str] | None):
        refusing = self

        class Handler(BaseHTTPRequestHandler):
            def log_message(self, *args) -> None:
                pass

            def do_GET(self) -> None:
                name = self.path.rstrip("/").rsplit("/", 1)[-1]
                code = status if not only or name in only else 404
                self.send_response(code)
                self.send_header("Content-Length", "0")
                self.end_headers()

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.server.daemon_threads = True
        self.thread = threading.Thread(target=self.server.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True)
        del refusing

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.server.server_address[1]}/simple"

    def __enter__(self):
        self.thread.start()
        return self

    def __exit__(self, *exc):
        self.server.shutdown()
        self.server.server_close()


def build_registry(spec: dict, out: Path) -> Path:
    """Builds `spec["packages"]` with packse_index, then applies the upload times the case
    gives (`upload_time`, or `wheel_upload_time`/`sdist_upload_time`, per version)."""
    packages = {name: {"versions": {v: {k: x for k, x in s.items() if "upload_time" not in k} for v, s in versions.items()}}
                for name, versions in spec["packages"].items()}
    packse_index.build_index({"packages": packages}, out)
    manifest = json.loads((out / "manifest.json").read_text())
    for name, versions in spec["packages"].items():
        entry = manifest["projects"][packse_index.normalize(name)]
        for f in entry["files"]:
            s = versions[f["version"]]
            t = s.get(f"{f['kind']}_upload_time") or s.get("upload_time")
            if t:
                f["upload_time"] = t
    (out / "manifest.json").write_text(json.dumps(manifest))
    return out


def normalize(stderr: str, urls: list[str]) -> str:
    """uv's terminal output without its framing (see the module doc)."""
    lines = []
    for line in stderr.splitlines():
        if line.startswith("warning:") or line.startswith("Using CPython") or line.startswith("Resolved "):
            continue
        for marker in ("  × ", "  ╰─▶ ", "  │ ", "      "):
            if line.startswith(marker):
                line = line[len(marker):]
                break
        lines.append(line.rstrip())
    text = "\n".join(lines).strip("\n")
    for i, url in enumerate(urls):
        text = text.replace(url, f"[INDEX{i}]")
    return text


def run_case(case: dict, tmp: Path) -> str:
    servers = []
    urls: list[str] = []
    try:
        for i, index in enumerate(case.get("indexes", [])):
            if "status" in index:
                server = RefusingIndex(index["status"], index.get("only"))
                servers.append(server.__enter__())
                urls.append(server.url)
            elif index.get("format") == "file":
                root = build_registry(index, tmp / f"index{i}")
                urls.append(f"file://{root}/simple")
            else:
                root = build_registry(index, tmp / f"index{i}")
                server = packse_index.IndexServer(root)
                servers.append(server.__enter__())
                urls.append(server.url + "/simple")
        (tmp / "requirements.in").write_text("".join(r + "\n" for r in case["requirements"]))
        args = [UV, "pip", "compile", "requirements.in", "--python", PYTHON, "--no-header"]
        if case.get("universal"):
            args.append("--universal")
        else:
            args += ["--python-platform", "x86_64-manylinux_2_28"]
        if "python_version" in case:
            args += ["--python-version", case["python_version"]]
        for i, url in enumerate(urls):
            args += ["--default-index" if i == len(urls) - 1 else "--index", url]
        if "find_links" in case:
            root = build_registry(case["find_links"], tmp / "flat")
            args += ["--find-links", str(root / "files")]
        if case.get("no_index"):
            args.append("--no-index")
        if case.get("offline"):
            args += ["--offline", "--default-index", "https://pypi.org/simple"]
        if "prerelease" in case:
            args += ["--prerelease", case["prerelease"]]
        if "exclude_newer" in case:
            args += ["--exclude-newer", case["exclude_newer"]]
        for name, cutoff in case.get("exclude_newer_package", {}).items():
            args += ["--exclude-newer-package", f"{name}={cutoff}"]
        env = uv_oracle.sandbox_env(tmp / "home", UV_NO_WRAP="1")
        env.pop("UV_OFFLINE", None)
        proc = subprocess.run(args, cwd=tmp, env=env, capture_output=True, text=True, timeout=300)
        assert proc.returncode == 1, f"uv exited {proc.returncode}:\n{proc.stderr}"
        return normalize(proc.stderr, urls)
    finally:
        for server in servers:
            server.__exit__(None, None, None)


def check_or_update(section: str, case: dict, got: str) -> None:
    if os.environ.get("UPDATE_GOLDEN") == "1":
        data = json.loads(CASES_FILE.read_text())
        for c in data[section]:
            if c["name"] == case["name"]:
                c["expected"] = got
        CASES_FILE.write_text(json.dumps(data, indent=1, ensure_ascii=False) + "\n")
        return
    assert got == case.get("expected"), f"uv printed:\n{got}"


@pytest.mark.parametrize("case", CASES, ids=[c["name"] for c in CASES])
def test_uv_prints_the_fixture_text(case, tmp_path):
    check_or_update("cases", case, run_case(case, tmp_path))


def run_environment_check(case: dict, tmp: Path) -> str:
    """`uv lock` on a project with the case's environments: "ok", or uv's error and hints."""
    index = build_registry({"packages": {"a": {"1.0.0": {"requires_python": ">=3.8"}}}}, tmp / "index")
    lines = ['[project]', 'name = "project"', 'version = "0.1.0"', f'requires-python = "{case["requires_python"]}"',
             'dependencies = ["a"]', '[tool.uv]']
    if "environments" in case:
        lines.append("environments = " + json.dumps(case["environments"]))
    if "required_environments" in case:
        lines.append("required-environments = " + json.dumps(case["required_environments"]))
    project = tmp / "project"
    project.mkdir()
    (project / "pyproject.toml").write_text("\n".join(lines) + "\n")
    env = uv_oracle.sandbox_env(tmp / "home", UV_NO_WRAP="1")
    env.pop("UV_OFFLINE", None)
    proc = subprocess.run([UV, "lock", "--python", PYTHON, "--index-url", f"file://{index}/simple"], cwd=project,
                          env=env, capture_output=True, text=True, timeout=300)
    if proc.returncode == 0:
        return "ok"
    assert proc.returncode == 2, proc.stderr
    return "\n".join(l for l in proc.stderr.splitlines() if not l.startswith("Using CPython")).strip("\n")


@pytest.mark.parametrize("case", CHECKS, ids=[c["name"] for c in CHECKS])
def test_uv_checks_environments_as_the_fixture_says(case, tmp_path):
    check_or_update("environment_checks", case, run_environment_check(case, tmp_path))


def project_toml(case: dict) -> str:
    """The pyproject.toml of a lock case's workspace root `project` 0.1.0 (with the case's
    `members` under packages/, each a workspace source)."""
    project = case["project"]
    lines = ['[project]', 'name = "project"', 'version = "0.1.0"', f'requires-python = "{case["requires_python"]}"',
             "dependencies = " + json.dumps(project.get("dependencies", []))]
    if project.get("optional_dependencies"):
        lines.append("[project.optional-dependencies]")
        lines += [f"{k} = {json.dumps(v)}" for k, v in project["optional_dependencies"].items()]
    if project.get("dependency_groups"):
        lines.append("[dependency-groups]")
        lines += [f"{k} = {json.dumps(v)}" for k, v in project["dependency_groups"].items()]
    if project.get("conflicts"):
        sets = ", ".join("[" + ", ".join("{ " + ", ".join(f'{k} = "{v}"' for k, v in item.items()) + " }" for item in s) + "]"
                         for s in project["conflicts"])
        lines += ["[tool.uv]", f"conflicts = [{sets}]"]
    if case.get("members"):
        lines += ["[tool.uv.workspace]", 'members = ["packages/*"]', "[tool.uv.sources]"]
        lines += [f"{name} = {{ workspace = true }}" for name in case["members"]]
    return "\n".join(lines) + "\n"


def member_toml(name: str, member: dict, requires_python: str) -> str:
    """The pyproject.toml of another member of a lock case's workspace, `packages/<name>`."""
    return "\n".join(['[project]', f'name = "{name}"', 'version = "0.1.0"', f'requires-python = "{requires_python}"',
                      "dependencies = " + json.dumps(member.get("dependencies", [])), "[build-system]",
                      'requires = ["hatchling"]', 'build-backend = "hatchling.build"']) + "\n"


def run_lock_case(case: dict, tmp: Path) -> str:
    root = build_registry(case["indexes"][0], tmp / "index0")
    url = f"file://{root}/simple"
    project = tmp / "project"
    project.mkdir()
    (project / "pyproject.toml").write_text(project_toml(case))
    for name, member in case.get("members", {}).items():
        (project / "packages" / name).mkdir(parents=True)
        (project / "packages" / name / "pyproject.toml").write_text(member_toml(name, member, case["requires_python"]))
    env = uv_oracle.sandbox_env(tmp / "home", UV_NO_WRAP="1")
    env.pop("UV_OFFLINE", None)
    proc = subprocess.run([UV, "lock", "--python", PYTHON, "--default-index", url], cwd=project, env=env,
                          capture_output=True, text=True, timeout=300)
    assert proc.returncode == 1, f"uv exited {proc.returncode}:\n{proc.stderr}"
    return normalize(proc.stderr, [url])


@pytest.mark.parametrize("case", LOCK_CASES, ids=[c["name"] for c in LOCK_CASES])
def test_uv_lock_prints_the_fixture_text(case, tmp_path):
    check_or_update("lock_cases", case, run_lock_case(case, tmp_path))
