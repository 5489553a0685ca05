"""keyring-provider = "subprocess": lockkit asks `keyring` what real uv 0.12.5 asks.

A local index (tests/fixtures/packse_index.py) wants HTTP Basic credentials
alice:s3cret. A fake `keyring` script first in PATH logs every call and knows
alice's password under the index URL. uv locks a project naming the index
(with `alice@` in its URL, with UV_INDEX_A_USERNAME, with another username, or
with none), then the registry client (build/tests/registry_probe, reading the
same pyproject.toml) lists the package and reads its metadata. Both must make
the same keyring calls, in the same order, and agree on success.
"""

from __future__ import annotations

import json
import subprocess

import pytest

import packse_index
import uv_oracle
from test_index_status_codes import PROBE, UV, environment, python312

pytestmark = [
    pytest.mark.skipif(not PROBE.is_file(), reason=f"{PROBE} not built"),
    pytest.mark.skipif(UV is None, reason=f"uv {uv_oracle.UV_VERSION} unavailable"),
]

FAKE_KEYRING = """#!/bin/sh
echo "$@" >> "$KEYRING_LOG"
if [ "$1" = get ] && [ "$2" = "$KEYRING_SERVICE" ] && [ "$3" = alice ]; then echo s3cret; exit 0; fi
exit 1
"""

CASES = {
    "username-in-url": ("http://alice@{host}/simple", {}),
    "username-from-environment": ("http://{host}/simple", {"UV_INDEX_A_USERNAME": "alice"}),
    "another-username": ("http://bob@{host}/simple", {}),
    "no-username": ("http://{host}/simple", {}),
}


@pytest.mark.parametrize("case", sorted(CASES))
def test_keyring_calls_match_uv(case, tmp_path):
    python = python312()
    if python is None:
        pytest.skip("no Python >= 3.12 on this machine")
    url_form, extra_env = CASES[case]
    packse_index.build_index({"name": "k", "packages": {"top": {"versions": {"1.0.0": {}}}}}, tmp_path / "index")
    bin_dir = tmp_path / "bin"
    bin_dir.mkdir()
    (bin_dir / "keyring").write_text(FAKE_KEYRING)
    (bin_dir / "keyring").chmod(0o755)
    with packse_index.IndexServer(tmp_path / "index", basic_auth=("alice", "s3cret")) as server:
        host = server.url.removeprefix("http://")
        project = tmp_path / "project"
        project.mkdir()
        (project / "pyproject.toml").write_text(
            '[project]\nname = "p"\nversion = "0.1"\nrequires-python = ">=3.12"\ndependencies = ["top"]\n'
            '[tool.uv]\nkeyring-provider = "subprocess"\n'
            f'[[tool.uv.index]]\nname = "a"\nurl = "{url_form.format(host=host)}"\n')
        env = environment(tmp_path)
        env.update(extra_env, PATH=f"{bin_dir}:{env['PATH']}", KEYRING_SERVICE=f"{server.url}/simple")
        logs = {}
        env["KEYRING_LOG"] = str(tmp_path / "uv.log")
        proc = subprocess.run([UV, "lock", "--python", python], cwd=project, env=env, capture_output=True, text=True,
                              timeout=300)
        uv_ok = proc.returncode == 0
        env["KEYRING_LOG"] = str(tmp_path / "lockkit.log")
        request = {"project": str(project), "cache": str(tmp_path / "cache"), "retry_delay_ms": 1,
                   "packages": [{"name": "top", "metadata": "all"}]}
        answer = subprocess.run([str(PROBE)], input=json.dumps(request), capture_output=True, text=True,
                                timeout=300, env=env)
        assert answer.returncode == 0, answer.stderr
        top = json.loads(answer.stdout)["packages"]["top"]
        lockkit_ok = top.get("status") == "found" and all("error_kind" not in m for m in top["metadata"].values())
        for tool in ("uv", "lockkit"):
            log = tmp_path / f"{tool}.log"
            logs[tool] = log.read_text().splitlines() if log.exists() else []
    assert lockkit_ok == uv_ok, f"uv: {proc.stderr[-600:]}\nlockkit: {answer.stdout[-1200:]}"
    assert logs["lockkit"] == logs["uv"]
    assert "s3cret" not in answer.stdout
