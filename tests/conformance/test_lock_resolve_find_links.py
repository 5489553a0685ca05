"""`--find-links` next to an index, as uv 0.12.5 locks it.

uv merges the find-links files of a package into the versions of every index that lists it
(not a pinned package's, nor a `format = "flat"` index's): a newer version found only in a
find-links folder wins over the index's; a version in both offers the find-links files first,
so on a tie their wheel is the one installed and the lock records that location's files only.
Files of several find-links locations are ordered by filename, then by location. Each case
locks the same project with uv and with `lock resolve` offline from local folders: the locks
must be byte-identical, uv's choice must be the one recorded below (so the case tests what it
says), and `lock resolve --locked` must accept uv's lock.
"""

from __future__ import annotations

import hashlib
import os
import re
import subprocess
from pathlib import Path

import pytest

from lockkit_build import LOCK_BIN
import uv_oracle
import wheelmaker

UV, _UV_SKIP_REASON = uv_oracle.find_uv(install=True)
pytestmark = pytest.mark.skipif(UV is None, reason=f"uv {uv_oracle.UV_VERSION} unavailable: {_UV_SKIP_REASON}")

LINUX = "cp312-cp312-manylinux_2_17_x86_64"

# Folders: name -> files ("1.0" a py3-none-any wheel, "1.0:sdist", "1.0:<tag>"). `idx-*` become
# PEP 503 indexes, the others find-links folders.
FOLDERS = {
    "idx-10": ["1.0"],
    "idx-20": ["1.0", "2.0"],
    "fl-05": ["0.5"],
    "fl-10": ["1.0"],
    "fl-10-sdist": ["1.0:sdist"],
    "fl-10-linux": [f"1.0:{LINUX}"],
    "fl-15": ["1.5"],
    "fl-15b": ["1.5", "1.2:sdist"],
    "fl-15-sdist": ["1.5:sdist"],
}

# (id, pyproject extra, arguments, what uv locks: (version, folder of the recorded source)).
CASES = [
    ("find-links-newer", "", ["-i", "idx-10", "-f", "fl-15"], ("1.5", "fl-15")),
    ("find-links-older", "", ["-i", "idx-10", "-f", "fl-05"], ("1.0", "idx-10")),
    ("same-version-same-wheel", "", ["-i", "idx-10", "-f", "fl-10"], ("1.0", "fl-10")),
    ("same-version-find-links-sdist", "", ["-i", "idx-10", "-f", "fl-10-sdist"], ("1.0", "idx-10")),
    # Which wheel is best depends on the machine's tags: only byte-identity is checked.
    ("same-version-other-wheel", "", ["-i", "idx-10", "-f", "fl-10-linux"], None),
    ("find-links-newer-sdist", "", ["-i", "idx-10", "-f", "fl-15-sdist"], ("1.5", "fl-15-sdist")),
    ("no-index", "", ["--no-index", "-f", "fl-15"], ("1.5", "fl-15")),
    ("exclude-newer-keeps-find-links", "", ["-i", "idx-10", "-f", "fl-05", "--exclude-newer", "2024-01-01T00:00:00Z"],
     ("0.5", "fl-05")),
    ("two-locations", "", ["-i", "idx-10", "-f", "fl-15", "-f", "fl-15b"], ("1.5", "fl-15")),
    ("two-locations-reversed", "", ["-i", "idx-10", "-f", "fl-15b", "-f", "fl-15"], ("1.5", "fl-15")),
    ("two-locations-no-index", "", ["--no-index", "-f", "fl-15b", "-f", "fl-15"], ("1.5", "fl-15")),
    ("first-index-second-index", "", ["-i", "idx-10", "--index", "idx-20", "-f", "fl-15"], ("2.0", "idx-20")),
    ("unsafe-best-match", '\n[tool.uv]\nindex-strategy = "unsafe-best-match"\n',
     ["-i", "idx-10", "--index", "idx-20", "-f", "fl-10"], ("2.0", "idx-20")),
    ("lowest", "", ["-i", "idx-10", "-f", "fl-05", "--resolution", "lowest"], ("0.5", "fl-05")),
]


def make_folder(root: Path, name: str, files: list[str]) -> None:
    is_index = name.startswith("idx-")
    target = root / name / ("files" if is_index else "")
    made = []
    for spec in files:
        version, _, kind = spec.partition(":")
        if kind == "sdist":
            made.append(wheelmaker.make_sdist(target, "foo", version))
        else:
            made.append(wheelmaker.make_wheel(target, "foo", version, **({"tag": kind} if kind else {})))
    if is_index:
        page = root / name / "simple" / "foo"
        page.mkdir(parents=True)
        links = "".join(f'<a href="../../files/{p.name}#sha256={hashlib.sha256(p.read_bytes()).hexdigest()}">{p.name}</a>\n'
                        for p in made)
        (page / "index.html").write_text(f"<html><body>\n{links}</body></html>\n")


@pytest.fixture(scope="module")
def setup(tmp_path_factory):
    if not (LOCK_BIN.is_file() and os.access(LOCK_BIN, os.X_OK)):
        pytest.skip(f"lockkit binary not built: {LOCK_BIN}")
    root = tmp_path_factory.mktemp("find-links")
    for name, files in FOLDERS.items():
        make_folder(root / "folders", name, files)
    env = uv_oracle.sandbox_env(root / "home", LOCKKIT_CACHE_DIR=str(root / "home" / "lockkit-cache"))
    env.pop("UV_NO_CONFIG")  # [tool.uv] must count; the sandbox's own config directory is empty
    return root, env


def arguments(args: list[str], folders: Path) -> list[str]:
    """The case's arguments with folder names made paths and index URLs."""
    out = ["--offline"]
    it = iter(args)
    for a in it:
        if a == "-i":
            out += ["--default-index", (folders / next(it) / "simple").as_uri()]
        elif a == "--index":
            out += ["--index", (folders / next(it) / "simple").as_uri()]
        elif a == "-f":
            out += ["--find-links", str(folders / next(it))]
        else:
            out.append(a)
    return out


def run(cmd, cwd, env):
    return subprocess.run([str(c) for c in cmd], cwd=cwd, env=env, capture_output=True, text=True, timeout=300)


@pytest.mark.parametrize("case,extra,args,expected", CASES, ids=[c[0] for c in CASES])
def test_find_links_merge_with_the_index_as_uv_does(setup, case, extra, args, expected):
    root, env = setup
    folders = root / "folders"
    args = arguments(args, folders)
    dirs = {}
    for tool in ("uv", "lockkit"):
        d = root / case / tool
        d.mkdir(parents=True)
        (d / "pyproject.toml").write_text('[project]\nname = "app"\nversion = "0.1.0"\nrequires-python = ">=3.9"\n'
                                          'dependencies = ["foo"]\n' + extra)
        dirs[tool] = d
    u = run([UV, "lock", *args], dirs["uv"], env)
    assert u.returncode == 0, u.stderr
    k = run([LOCK_BIN, "resolve", *args], dirs["lockkit"], env)
    assert k.returncode == 0, k.stderr
    theirs = (dirs["uv"] / "uv.lock").read_text()
    foo = theirs.split('[[package]]\nname = "foo"\n')[1].split("\n\n")[0]
    if expected is not None:
        version, folder = expected
        assert f'version = "{version}"' in foo
        assert re.search(r'source = \{ registry = "[^"]*/' + re.escape(folder) + r'(/simple)?" \}', foo), foo
    assert (dirs["lockkit"] / "uv.lock").read_text() == theirs
    k = run([LOCK_BIN, "resolve", "--locked", *args], dirs["uv"], env)
    assert k.returncode == 0, k.stderr
