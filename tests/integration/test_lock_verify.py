"""Integration tests of the lock-verify binary: exit codes, JSON keys, policy
flags and --artifacts against real files the test writes."""
import hashlib
import json
import os
import subprocess
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent.parent
BUILD = Path(os.environ.get("LOCKKIT_BUILD_DIR", ROOT / "build"))
BINARY = BUILD / "tools" / "lock-verify" / "lock-verify"

WHEEL_BYTES = b"pretend wheel bytes"
SDIST_BYTES = b"pretend sdist bytes"


def sha(data):
    return "sha256:" + hashlib.sha256(data).hexdigest()


LOCK = f'''version = 1
revision = 3
requires-python = ">=3.12"

[[package]]
name = "demo"
version = "0.1.0"
source = {{ virtual = "." }}
dependencies = [
    {{ name = "idna" }},
]

[package.metadata]
requires-dist = [{{ name = "idna", specifier = ">=3.5" }}]

[[package]]
name = "idna"
version = "3.6"
source = {{ registry = "https://pypi.org/simple" }}
sdist = {{ url = "https://files.pythonhosted.org/packages/bf/3f/idna-3.6.tar.gz", hash = "{sha(SDIST_BYTES)}", size = 19 }}
wheels = [
    {{ url = "https://files.pythonhosted.org/packages/c2/e7/idna-3.6-py3-none-any.whl", hash = "{sha(WHEEL_BYTES)}", size = 19 }},
]
'''

pytestmark = pytest.mark.skipif(not BINARY.exists(), reason=f"{BINARY} not built")


def run(*args, cwd=None):
    return subprocess.run([str(BINARY), *map(str, args)], capture_output=True, text=True, cwd=cwd, timeout=60)


@pytest.fixture
def lock(tmp_path):
    path = tmp_path / "uv.lock"
    path.write_text(LOCK)
    return path


def test_clean_lock_exits_0(lock):
    r = run(lock)
    assert r.returncode == 0, r.stdout + r.stderr
    assert r.stdout == ""
    assert "0 errors" in r.stderr


def test_default_path_is_uv_lock_in_cwd(lock):
    assert run(cwd=lock.parent).returncode == 0


def test_version_edit_exits_1_with_finding(lock):
    lock.write_text(LOCK.replace('name = "idna"\nversion = "3.6"', 'name = "idna"\nversion = "3.7"'))
    r = run(lock)
    assert r.returncode == 1
    assert "error[filename-mismatch] idna==3.7" in r.stdout


def test_conflict_markers_are_a_finding(lock):
    # A lone `<<<<<<<` (the rest of the conflict cut away): the marker is the only problem.
    lock.write_text(LOCK.replace("[[package]]\nname = \"idna\"", "<<<<<<< ours\n[[package]]\nname = \"idna\""))
    r = run(lock)
    assert r.returncode == 1
    line = LOCK[: LOCK.index("[[package]]\nname = \"idna\"")].count("\n") + 1
    assert r.stdout.startswith(f"error[conflict-markers] {lock}:{line}:1: ")
    assert r.stdout.count("error[") == 1


def test_truncated_file_is_a_finding(lock):
    lock.write_text(LOCK[: LOCK.index("wheels = [") + 20])
    r = run(lock, "--format", "json")
    assert r.returncode == 1
    [finding] = json.loads(r.stdout)["findings"]
    assert finding["rule"] == "invalid-toml"
    assert finding["location"]["line"] == LOCK[: LOCK.index("wheels = [")].count("\n") + 2


def test_missing_file_exits_2(tmp_path):
    assert run(tmp_path / "nope.lock").returncode == 2


def test_bad_flag_exits_2(lock):
    assert run(lock, "--format", "yaml").returncode == 2


def test_json_schema(lock):
    lock.write_text(LOCK.replace("https://pypi.org/simple", "http://pypi.org/simple"))
    r = run(lock, "--format", "json", "--https-only")
    assert r.returncode == 1
    doc = json.loads(r.stdout)
    assert doc["schema_version"] == 1
    assert set(doc) == {"schema_version", "lock", "findings", "summary"}
    assert set(doc["summary"]) == {"errors", "warnings", "artifacts_checked", "lock_readable"}
    assert doc["summary"]["lock_readable"] is True
    finding = doc["findings"][0]
    assert set(finding) == {"rule", "severity", "package", "message", "fix", "location"}
    assert finding["rule"] == "insecure-url"
    assert finding["package"] == {"name": "idna", "version": "3.6"}
    # A package finding is located at its [[package]] header; no column.
    header = LOCK[: LOCK.index('[[package]]\nname = "idna"')].count("\n") + 1
    assert finding["location"] == {"line": header, "column": None, "end_line": None}


def test_allow_host(lock):
    assert run(lock, "--allow-host", "pypi.org", "--allow-host", "files.pythonhosted.org").returncode == 0
    r = run(lock, "--allow-host", "pypi.org")
    assert r.returncode == 1
    assert "disallowed-host" in r.stdout and "files.pythonhosted.org" in r.stdout


def test_deny(lock):
    r = run(lock, "--deny", "IDNA")
    assert r.returncode == 1
    assert "denied-package" in r.stdout


def test_artifacts_match_and_mismatch(lock, tmp_path):
    wheelhouse = tmp_path / "wheelhouse"
    wheelhouse.mkdir()
    (wheelhouse / "idna-3.6-py3-none-any.whl").write_bytes(WHEEL_BYTES)
    (wheelhouse / "idna-3.6.tar.gz").write_bytes(SDIST_BYTES)
    (wheelhouse / "other-1.0-py3-none-any.whl").write_bytes(b"not in the lock")
    r = run(lock, "--artifacts", wheelhouse, "--format", "json")
    assert r.returncode == 0, r.stdout
    assert json.loads(r.stdout)["summary"]["artifacts_checked"] == 2

    (wheelhouse / "idna-3.6.tar.gz").write_bytes(b"tampered")
    r = run(lock, "--artifacts", wheelhouse, "--format", "json")
    assert r.returncode == 1
    [finding] = json.loads(r.stdout)["findings"]
    assert finding["rule"] == "hash-mismatch"
    assert sha(b"tampered") in finding["message"] and sha(SDIST_BYTES) in finding["message"]


def test_artifacts_missing_dir_exits_2(lock, tmp_path):
    assert run(lock, "--artifacts", tmp_path / "absent").returncode == 2


def test_strict_fails_on_warnings(lock):
    lock.write_text(LOCK.replace('{ name = "idna" },', "{ name = \"idna\", marker = \"variant_label == 'x'\" },"))
    assert run(lock).returncode == 0
    assert run(lock, "--strict").returncode == 1


def test_pyproject_policy_beside_the_lock(lock):
    pyproject = lock.parent / "pyproject.toml"
    pyproject.write_text('[project]\nname = "demo"\n\n[tool.lockkit.verify]\ndeny = ["idna"]\n')
    r = run(lock)
    assert r.returncode == 1
    assert "denied-package" in r.stdout
    pyproject.write_text('[tool.lockkit.verify]\ndenyy = ["idna"]\n')
    r = run(lock)
    assert r.returncode == 2
    assert "unknown key `denyy`" in r.stderr


def test_explicit_pyproject(lock, tmp_path):
    other = tmp_path / "policy.toml"
    other.write_text('[tool.lockkit.verify]\nallow-hosts = ["pypi.org"]\n')
    r = run(lock, "--pyproject", other)
    assert r.returncode == 1
    assert "disallowed-host" in r.stdout
    assert run(lock, "--pyproject", tmp_path / "missing.toml").returncode == 2


def test_repeatable_options_take_one_value_each(lock):
    r = run("--allow-host", "pypi.org", "--allow-host", "files.pythonhosted.org", "--deny", "idna", lock)
    assert r.returncode == 1
    assert "denied-package" in r.stdout and "disallowed-host" not in r.stdout


PYPROJECT = '''[project]
name = "demo"
version = "0.1.0"
requires-python = ">=3.12"
dependencies = ["idna>=3.5"]
'''


def test_stale_pyproject_requirement(lock):
    (lock.parent / "pyproject.toml").write_text(PYPROJECT)
    assert run(lock).returncode == 0
    (lock.parent / "pyproject.toml").write_text(PYPROJECT.replace("idna>=3.5", "idna>=3.7"))
    proc = run(lock)
    assert proc.returncode == 1
    assert "stale-lock" in proc.stdout
    assert "pyproject.toml requires `idna>=3.7`, uv.lock records `idna>=3.5`" in proc.stdout
    assert run(lock, "--no-stale").returncode == 0
    assert run(lock, "--warn", "stale-lock").returncode == 0
    assert run(lock, "--warn", "no-such-rule").returncode == 2


def test_sarif_output(lock):
    lock.write_text(LOCK.replace('version = "3.6"', 'version = "3.7"'))
    proc = run(lock, "--format", "sarif")
    assert proc.returncode == 1
    doc = json.loads(proc.stdout)
    assert doc["version"] == "2.1.0"
    result = doc["runs"][0]["results"][0]
    assert result["ruleId"] == "filename-mismatch"
    assert result["level"] == "error"
    region = result["locations"][0]["physicalLocation"]["region"]
    lines = lock.read_text().splitlines()
    assert lines[region["startLine"] - 1] == "[[package]]"


def test_a_requirement_whose_package_is_missing_is_caught_where_uv_is_not(tmp_path):
    # What a merge leaves when one side narrowed `idna` and the other removed it: the
    # requirement stays in [package.metadata], the edge and the package are gone.
    import sys
    sys.path.insert(0, str(ROOT / "tests" / "fixtures"))
    import uv_oracle
    uv, why = uv_oracle.find_uv()
    if uv is None:
        pytest.skip(why)
    (tmp_path / "pyproject.toml").write_text('[project]\nname = "demo"\nversion = "0.1.0"\n'
                                             'requires-python = ">=3.11"\ndependencies = ["idna>=3.5,<4"]\n')
    lock = tmp_path / "uv.lock"
    lock.write_text('version = 1\nrevision = 3\nrequires-python = ">=3.11"\n\n[[package]]\nname = "demo"\n'
                    'version = "0.1.0"\nsource = { virtual = "." }\n\n[package.metadata]\n'
                    'requires-dist = [{ name = "idna", specifier = ">=3.5,<4" }]\n')
    env = uv_oracle.sandbox_env(tmp_path / "home")
    # Real uv: the lock matches pyproject.toml, so `uv lock --check` is satisfied...
    check = subprocess.run([uv, "lock", "--check", "--python", "3.11"], cwd=tmp_path, env=env,
                           capture_output=True, text=True)
    if "interpreter" in check.stderr and check.returncode == 2:
        pytest.skip(f"no Python 3.11 for uv: {check.stderr.strip()[-200:]}")
    assert check.returncode == 0, check.stderr
    # ...and lock-verify says what is wrong.
    r = run(lock)
    assert r.returncode == 1
    assert ("error[unsatisfied-requirement] demo==0.1.0: demo==0.1.0 requires-dist requires `idna>=3.5,<4`, "
            "but the lock has no `idna` package") in r.stdout
