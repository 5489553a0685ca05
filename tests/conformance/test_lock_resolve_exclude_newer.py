"""`[options.exclude-newer-package]` as uv 0.12.5 writes and reads it.

uv keeps the table in a hash map and writes it in that map's iteration order, which depends
on the names and on how the settings were read (document order of `[tool.uv]`, the command
line's `--exclude-newer-package`, both merged). For tables of 2 to 30 packages, from each
source, uv locks a project offline from a find-links folder, then:
- `lock resolve --locked` on uv's lock exits 0 and leaves it as it was;
- `lock resolve` from scratch writes uv's bytes;
- a lock with the same entries in another order is still up to date (uv's `--locked` agrees);
- a changed table makes both tools' `--locked` exit 1.
"""

from __future__ import annotations

import os
import subprocess

import pytest

from lockkit_build import LOCK_BIN
import uv_oracle
import wheelmaker

UV, _UV_SKIP_REASON = uv_oracle.find_uv(install=True)
pytestmark = pytest.mark.skipif(UV is None, reason=f"uv {uv_oracle.UV_VERSION} unavailable: {_UV_SKIP_REASON}")

NAMES = ("requests numpy flask django attrs six urllib3 idna certifi charset-normalizer click jinja2 markupsafe "
         "pyyaml packaging setuptools wheel pip zope-interface typing-extensions a b c foo bar baz pytest ruff "
         "scipy pandas").split()
VALUES = ['"2024-01-01T00:00:00Z"', "false", '"2024-02-03T04:05:06Z"', '"2024-03-01T12:00:00Z"']


def pyproject(entries: list[tuple[str, str]]) -> str:
    text = ('[project]\nname = "app"\nversion = "0.1.0"\nrequires-python = ">=3.9"\n'
            'dependencies = ["foo"]\n')
    if entries:
        text += "\n[tool.uv.exclude-newer-package]\n" + "".join(f'"{n}" = {v}\n' for n, v in entries)
    return text


def cli(entries: list[tuple[str, str]]) -> list[str]:
    return [a for n, v in entries for a in ("--exclude-newer-package", f"{n}={v.strip(chr(34))}")]


@pytest.fixture(scope="module")
def setup(tmp_path_factory):
    if not (LOCK_BIN.is_file() and os.access(LOCK_BIN, os.X_OK)):
        pytest.skip(f"lockkit binary not built: {LOCK_BIN}")
    root = tmp_path_factory.mktemp("exclude-newer-package")
    links = root / "links"
    wheelmaker.make_wheel(links, "foo", "1.0")
    env = uv_oracle.sandbox_env(root / "home", LOCKKIT_CACHE_DIR=str(root / "home" / "lockkit-cache"))
    env.pop("UV_NO_CONFIG")  # [tool.uv] must count; the sandbox's own config directory is empty
    return root, links, env


def run(cmd, cwd, env):
    return subprocess.run([str(c) for c in cmd], cwd=cwd, env=env, capture_output=True, text=True, timeout=300)


def table_of(lock: str) -> list[str]:
    section = lock.split("[options.exclude-newer-package]\n")[1].split("\n\n")[0]
    return section.splitlines()


CASES = []
for size in (2, 3, 5, 8, 13, 30):
    for source in ("pyproject", "command-line", "both"):
        CASES.append((size, source))


@pytest.mark.parametrize("size,source", CASES, ids=[f"{s}-{src}" for s, src in CASES])
def test_lock_resolve_writes_and_accepts_uvs_table(setup, size, source):
    root, links, env = setup
    names = NAMES[size:] + NAMES[:size]  # a different document order for each size
    entries = [(n, VALUES[i % len(VALUES)]) for i, n in enumerate(names[:size])]
    if source == "pyproject":
        in_file, on_line = entries, []
    elif source == "command-line":
        in_file, on_line = [], entries
    else:  # one name in both: the command line's value wins
        in_file, on_line = entries[: size // 2 + 1], entries[size // 2:]
        on_line = [(on_line[0][0], '"2023-06-01T00:00:00Z"')] + on_line[1:]
    args = ["--offline", "--no-index", "--find-links", links]
    work = root / f"{size}-{source}"
    dirs = {}
    for tool in ("uv", "fresh"):
        d = work / tool
        d.mkdir(parents=True)
        (d / "pyproject.toml").write_text(pyproject(in_file))
        dirs[tool] = d
    u = run([UV, "lock", *args, *cli(on_line)], dirs["uv"], env)
    assert u.returncode == 0, u.stderr
    theirs = (dirs["uv"] / "uv.lock").read_text()
    assert len(table_of(theirs)) == size

    # lockkit from scratch: uv's bytes.
    k = run([LOCK_BIN, "resolve", *args, *cli(on_line)], dirs["fresh"], env)
    assert k.returncode == 0, k.stderr
    assert (dirs["fresh"] / "uv.lock").read_text() == theirs

    # lockkit on uv's lock: up to date, left alone.
    k = run([LOCK_BIN, "resolve", "--locked", *args, *cli(on_line)], dirs["uv"], env)
    assert k.returncode == 0, k.stderr
    k = run([LOCK_BIN, "resolve", *args, *cli(on_line)], dirs["uv"], env)
    assert k.returncode == 0, k.stderr
    assert (dirs["uv"] / "uv.lock").read_text() == theirs


def test_table_order_does_not_make_a_lock_stale(setup):
    root, links, env = setup
    entries = [(n, VALUES[i % len(VALUES)]) for i, n in enumerate(NAMES[:8])]
    args = ["--offline", "--no-index", "--find-links", links]
    d = root / "reordered"
    d.mkdir()
    (d / "pyproject.toml").write_text(pyproject(entries))
    assert run([UV, "lock", *args], d, env).returncode == 0
    lock = (d / "uv.lock").read_text()
    rows = table_of(lock)
    reordered = lock.replace("\n".join(rows), "\n".join(sorted(rows, reverse=True)))
    assert reordered != lock
    (d / "uv.lock").write_text(reordered)
    # uv accepts it and leaves it alone; so must lockkit.
    u = run([UV, "lock", "--locked", *args], d, env)
    assert u.returncode == 0, u.stderr
    assert (d / "uv.lock").read_text() == reordered
    k = run([LOCK_BIN, "resolve", "--locked", *args], d, env)
    assert k.returncode == 0, k.stderr
    k = run([LOCK_BIN, "resolve", *args], d, env)
    assert k.returncode == 0, k.stderr
    assert (d / "uv.lock").read_text() == reordered

    # A changed table is a change for both.
    (d / "pyproject.toml").write_text(pyproject(entries[:-1] + [(entries[-1][0], '"2020-01-01T00:00:00Z"')]))
    u = run([UV, "lock", "--locked", *args], d, env)
    k = run([LOCK_BIN, "resolve", "--locked", *args], d, env)
    assert u.returncode == 1, u.stderr
    assert k.returncode == 1, k.stderr
    assert (d / "uv.lock").read_text() == reordered


@pytest.mark.parametrize("tz", ["UTC", "Asia/Tokyo", "America/New_York"])
def test_a_date_is_that_whole_day_in_the_local_time_zone(setup, tz):
    root, links, env = setup
    env = dict(env, TZ=tz)
    args = ["--offline", "--no-index", "--find-links", links, "--exclude-newer", "2024-03-01",
            "--exclude-newer-package", "foo=2024-02-29", "--exclude-newer-package", "bar=2024-12-31T10:00:00Z"]
    dirs = {}
    for tool in ("uv", "lockkit"):
        d = root / f"date-{tz.replace('/', '-')}" / tool
        d.mkdir(parents=True)
        (d / "pyproject.toml").write_text(pyproject([]))
        dirs[tool] = d
    u = run([UV, "lock", *args], dirs["uv"], env)
    assert u.returncode == 0, u.stderr
    k = run([LOCK_BIN, "resolve", *args], dirs["lockkit"], env)
    assert k.returncode == 0, k.stderr
    theirs = (dirs["uv"] / "uv.lock").read_text()
    assert (dirs["lockkit"] / "uv.lock").read_text() == theirs
    assert {"UTC": "2024-03-02T00:00:00Z", "Asia/Tokyo": "2024-03-01T15:00:00Z",
            "America/New_York": "2024-03-02T05:00:00Z"}[tz] in theirs
    k = run([LOCK_BIN, "resolve", "--locked", *args], dirs["uv"], env)
    assert k.returncode == 0, k.stderr
