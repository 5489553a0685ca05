"""How `lock resolve` reads settings files, against real `uv lock` 0.12.5 on the same projects.

Each case writes a small project (and sometimes a uv.toml beside or above it) twice, locks one
copy with uv and the other with lockkit from the same find-links folder, and checks that both
write byte-identical locks or both fail, and that both print the same settings warnings.

What uv does (checked with uv 0.12.5, crates/uv-settings/src/lib.rs):
- a `[tool.uv]` with an unknown key or a bad value: "warning: Failed to parse `pyproject.toml`
  during settings discovery:" with the TOML parser's location, and every setting of that table
  is ignored (the search goes on upwards); the project's own tables (constraints, sources) apply;
- a workspace member's `[tool.uv]` settings are never read (so never warned about);
- `[tool.uv.pip]` (a uv.toml's `[pip]`) is read with the same strictness: an unknown key in it
  ignores the whole `[tool.uv]` with the same warning (or fails the uv.toml);
- a uv.toml with an unknown key, a bad value or a project-only key: exit 2, nothing written;
- a uv.toml beside a pyproject.toml whose `[tool.uv]` reads and sets settings: "warning: Found both
  a `uv.toml` file and a `[tool.uv]` section in an adjacent `pyproject.toml`. ..." naming them, one
  "- key" line each, in uv's fixed order; the uv.toml's settings apply, the project's tables too.
"""

from __future__ import annotations

import re
import subprocess
from pathlib import Path

import pytest

from lockkit_build import LOCK_BIN
import differential
import uv_oracle
import wheelmaker

UV, _UV_SKIP_REASON = uv_oracle.find_uv(install=True)
PYTHON = differential.python_for_uv()
pytestmark = [
    pytest.mark.skipif(UV is None, reason=f"uv {uv_oracle.UV_VERSION} unavailable: {_UV_SKIP_REASON}"),
    pytest.mark.skipif(PYTHON is None, reason="no Python >= 3.12 for uv"),
    pytest.mark.skipif(not LOCK_BIN.is_file(), reason=f"lockkit binary not built: {LOCK_BIN}"),
]

PROJECT = """[project]
name = "q"
version = "0.1.0"
requires-python = ">=3.10"
dependencies = ["foo"]
"""


def foo_version(lock: Path) -> str:
    return re.search(r'name = "foo"\nversion = "([^"]+)"', lock.read_text()).group(1)


def settings_warnings(stderr: str) -> list[list[str]]:
    """The settings warnings (discovery failures, settings a uv.toml masks), each as its lines,
    word for word. A type error's last line is the parser's own wording ("wanted string or
    table"), left out."""
    blocks, current = [], None
    for line in stderr.splitlines():
        if line.startswith(("warning: Failed to parse", "warning: Found both a `uv.toml`")):
            current = [line]
            blocks.append(current)
        elif current is not None and line.startswith(("  ", "- ")):
            current.append(line)
        else:
            current = None
    return [b[:-1] if b[0].startswith("warning: Failed") and not b[-1].startswith("  unknown ") else b for b in blocks]


class Pair:
    """The same files for uv and for lockkit, under `tmp/uv` and `tmp/lockkit`."""

    def __init__(self, tmp: Path, files: dict[str, str], wheels: Path):
        self.roots = {tool: tmp / tool for tool in ("uv", "lockkit")}
        for root in self.roots.values():
            for rel, text in files.items():
                (root / rel).parent.mkdir(parents=True, exist_ok=True)
                (root / rel).write_text(text)
        self.wheels = wheels
        self.env = uv_oracle.sandbox_env(tmp / "home", LOCKKIT_CACHE_DIR=str(tmp / "home" / "lockkit-cache"))
        del self.env["UV_NO_CONFIG"]  # the point is to read the project's settings

    def run(self, project: str = "."):
        args = ["--offline", "--no-index", "--find-links", str(self.wheels)]
        u = subprocess.run([UV, "lock", "--python", PYTHON, *args], cwd=self.roots["uv"] / project, env=self.env,
                           capture_output=True, text=True, timeout=300)
        k = subprocess.run([str(LOCK_BIN), "resolve", *args], cwd=self.roots["lockkit"] / project, env=self.env,
                           capture_output=True, text=True, timeout=300)
        return u, k

    def lock(self, tool: str, project: str = ".") -> Path:
        return self.roots[tool] / project / "uv.lock"


@pytest.fixture(scope="module")
def wheels(tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("wheels")
    wheelmaker.make_wheel(out, "foo", "1.0")
    wheelmaker.make_wheel(out, "foo", "1.5")
    return out


def same_lock(pair: Pair, project: str = ".") -> str:
    u, k = pair.run(project)
    assert u.returncode == 0, u.stderr
    assert k.returncode == 0, k.stderr
    assert pair.lock("lockkit", project).read_text() == pair.lock("uv", project).read_text()
    assert settings_warnings(k.stderr) == settings_warnings(u.stderr), (u.stderr, k.stderr)
    pair.last_warnings = settings_warnings(u.stderr)
    return foo_version(pair.lock("uv", project))


@pytest.mark.parametrize("settings, warned", [
    ('resolution = "lowest"\nbogus-key = 1\n', True),          # unknown key: the table is ignored
    ('prerelease = "allow"\nresolution = "lowst"\n', True),   # a bad value: the same
    ('resolution = 5\n', True),                               # a wrong type: the same
    ('resolution = "lowest"\n', False),                       # the control: applied
    # Settings lockkit has no use for are read as uv reads them all the same.
    ('offline = "yes"\n', True),
    ('concurrent-downloads = 0\n', True),
    ('python-preference = "bogus"\n', True),                 # uv's words for the variants compared too
    ('cache-dir = 3\n', True),
    ('config-settings = ["x"]\n', True),
    ('resolution = "lowest"\nno-cache = true\nconcurrent-downloads = 4\npython-preference = "system"\n', False),
])
def test_a_tool_uv_table_that_does_not_read_is_ignored_with_uvs_warning(tmp_path, wheels, settings, warned):
    pair = Pair(tmp_path, {"pyproject.toml": PROJECT + "\n[tool.uv]\n" + settings}, wheels)
    assert same_lock(pair) == ("1.5" if warned else "1.0")
    assert bool(pair.last_warnings) == warned


@pytest.mark.parametrize("pip, warned", [
    ("[tool.uv.pip]\nbogus = 1\n", True),               # unknown key in the pip table: all of [tool.uv] is ignored
    ("pip = 1\n", True),                                 # not a table: the same
    ("[tool.uv.pip]\nuniversal = true\nstrict = true\n", False),  # known keys: read (unused by locking)
    ("pip = { no-build = 3 }\n", True),                 # a value of the wrong type in it
    ('[tool.uv.pip]\nuniversal = "yes"\n', True),
    ('[tool.uv.pip]\nlink-mode = "nope"\n', True),
    ('[tool.uv.pip]\nlink-mode = "reflink"\nextra = ["a"]\npython-version = "3.12"\n', False),
])
def test_the_pip_table_is_checked_as_uv_checks_it(tmp_path, wheels, pip, warned):
    pair = Pair(tmp_path, {"pyproject.toml": PROJECT + '\n[tool.uv]\nresolution = "lowest"\n' + pip}, wheels)
    assert same_lock(pair) == ("1.5" if warned else "1.0")
    assert bool(pair.last_warnings) == warned


@pytest.mark.parametrize("tool_uv, masked", [
    ('resolution = "lowest"\nconstraint-dependencies = ["foo<1.5"]\ncache-keys = []\nsources = {}\n', True),
    ("sources = {}\n", False),                # project tables only: nothing masked
    ('resolution = "lowest"\nbogus = 1\n', False),  # a table that does not read: uv says nothing
])
def test_a_uv_toml_beside_tool_uv_masks_its_settings_with_uvs_warning(tmp_path, wheels, tool_uv, masked):
    files = {"pyproject.toml": PROJECT + "\n[tool.uv]\n" + tool_uv, "uv.toml": 'prerelease = "allow"\n'}
    pair = Pair(tmp_path, files, wheels)
    version = same_lock(pair)  # the warnings compared word for word
    assert bool(pair.last_warnings) == masked
    # The masked settings do not apply; the project's constraints still do, as in uv.
    assert version == ("1.0" if "foo<1.5" in tool_uv else "1.5")


def test_project_tables_still_apply_when_the_settings_are_ignored(tmp_path, wheels):
    pair = Pair(tmp_path, {"pyproject.toml": PROJECT + '\n[tool.uv]\nbogus = 1\nconstraint-dependencies = ["foo<1.5"]\n'},
                wheels)
    assert same_lock(pair) == "1.0"


def test_the_search_goes_on_above_an_ignored_table(tmp_path, wheels):
    files = {"uv.toml": 'resolution = "lowest"\n', "q/pyproject.toml": PROJECT + "\n[tool.uv]\nresolution = 7\n"}
    assert same_lock(Pair(tmp_path / "a", files, wheels), "q") == "1.0"
    # With no [tool.uv] at all the uv.toml above applies as well...
    files["q/pyproject.toml"] = PROJECT
    assert same_lock(Pair(tmp_path / "b", files, wheels), "q") == "1.0"
    # ... but a [tool.uv] that reads (even with no setting in it) stops the search.
    files["q/pyproject.toml"] = PROJECT + '\n[tool.uv]\nconstraint-dependencies = ["foo>=1"]\n'
    assert same_lock(Pair(tmp_path / "c", files, wheels), "q") == "1.5"


def test_a_members_tool_uv_is_never_read(tmp_path, wheels):
    root = PROJECT.replace('["foo"]', '["foo", "m"]') + (
        '\n[tool.uv.workspace]\nmembers = ["m"]\n\n[tool.uv.sources]\nm = { workspace = true }\n')
    member = '[project]\nname = "m"\nversion = "0.1.0"\nrequires-python = ">=3.10"\ndependencies = []\n'
    for settings in ('bogus = 1\nresolution = "lowest"\n', 'resolution = "lowest"\n'):
        pair = Pair(tmp_path / str(len(settings)), {"pyproject.toml": root, "m/pyproject.toml": member + "\n[tool.uv]\n" + settings},
                    wheels)
        assert same_lock(pair) == "1.5"
        u, k = pair.run("m")  # from the member's directory too
        assert "warning: Failed" not in u.stderr + k.stderr


@pytest.mark.parametrize("uv_toml, line, column", [
    ('resolution = "lowest"\nbogus-key = 1\n', 2, 1),
    ('resolution = "lowst"\n', 1, 14),
    ('resolution = 5\n', 1, 14),
    ('sources = {}\n', 1, 1),  # a project-only key
    ('[pip]\nstrict = true\nbogus = 1\n', 3, 1),  # an unknown key of the pip table
    ('offline = "yes"\n', 1, 11),
    ('[pip]\nno-build = 3\n', 2, 12),
    ('concurrent-downloads = 0\n', 1, 24),
    ('python-preference = "bogus"\n', 1, 21),
])
def test_a_uv_toml_that_does_not_read_is_an_error(tmp_path, wheels, uv_toml, line, column):
    pair = Pair(tmp_path, {"pyproject.toml": PROJECT, "uv.toml": uv_toml}, wheels)
    u, k = pair.run()
    assert u.returncode == 2, u.stderr
    assert k.returncode == 2, k.stderr
    assert "`uv.toml`" in u.stderr
    assert k.stderr.startswith(f"error: {pair.roots['lockkit'] / 'uv.toml'}:{line}:{column}: "), k.stderr
    # uv places its error at the same line and column (a project-only key: it names no place).
    if "sources" not in uv_toml:
        assert f"line {line}, column {column}" in u.stderr
    for tool in ("uv", "lockkit"):
        assert sorted(p.name for p in pair.roots[tool].iterdir()) == ["pyproject.toml", "uv.toml"]


def test_user_and_system_files_are_found_where_uv_finds_them(tmp_path, wheels):
    """One user folder: with XDG_CONFIG_HOME set, ~/.config/uv/uv.toml is not read; the system's
    uv.toml under XDG_CONFIG_DIRS applies unless UV_NO_SYSTEM_CONFIG is set."""
    home = tmp_path / "user"
    (home / ".config" / "uv").mkdir(parents=True)
    (home / ".config" / "uv" / "uv.toml").write_text('resolution = "lowest"\n')
    (tmp_path / "etc" / "uv").mkdir(parents=True)
    (tmp_path / "etc" / "uv" / "uv.toml").write_text('resolution = "lowest"\n')
    cases = [
        ({"XDG_CONFIG_HOME": str(tmp_path / "empty")}, "1.5"),          # not ~/.config as well
        ({"XDG_CONFIG_HOME": ""}, "1.0"),                               # unset: ~/.config
        ({"XDG_CONFIG_DIRS": str(tmp_path / "etc")}, "1.0"),            # the system's file
        ({"XDG_CONFIG_DIRS": str(tmp_path / "etc"), "UV_NO_SYSTEM_CONFIG": "1"}, "1.5"),
    ]
    for i, (env, expected) in enumerate(cases):
        pair = Pair(tmp_path / str(i), {"pyproject.toml": PROJECT}, wheels)
        pair.env.update(HOME=str(home), **env)
        assert same_lock(pair) == expected, env


@pytest.mark.parametrize("variable", ["UV_NO_CONFIG", "UV_NO_SYSTEM_CONFIG"])
def test_no_config_variables_take_uvs_booleans(tmp_path, wheels, variable):
    """UV_NO_CONFIG and UV_NO_SYSTEM_CONFIG read as clap's booleans (uv-static's
    parse_boolish_environment_variable): y/yes/t/true/on/1 and n/no/f/false/off/0 in any case;
    any other value, an empty one too, is an error (exit 2) with uv's wording."""
    (tmp_path / "etc" / "uv").mkdir(parents=True)
    (tmp_path / "etc" / "uv" / "uv.toml").write_text('resolution = "lowest"\n')
    files = {"pyproject.toml": PROJECT}
    if variable == "UV_NO_CONFIG":
        files["uv.toml"] = 'resolution = "lowest"\n'
    cases = [("YES", "1.5"), ("t", "1.5"), ("On", "1.5"), ("Off", "1.0"), ("N", "1.0"), ("0", "1.0")]
    for i, (value, expected) in enumerate(cases):
        pair = Pair(tmp_path / str(i), files, wheels)
        pair.env.update({"XDG_CONFIG_DIRS": str(tmp_path / "etc"), variable: value})
        assert same_lock(pair) == expected, value
    wording = {"UV_NO_CONFIG": "invalid value '{}' for '--no-config': value was not a boolean",
               "UV_NO_SYSTEM_CONFIG": "Failed to parse environment variable `UV_NO_SYSTEM_CONFIG` with invalid value "
                                      "`{}`: expected a boolish value"}[variable]
    for i, value in enumerate(["maybe", "", "2"]):
        pair = Pair(tmp_path / f"bad{i}", files, wheels)
        pair.env.update({"XDG_CONFIG_DIRS": str(tmp_path / "etc"), variable: value})
        u, k = pair.run()
        assert u.returncode == 2, u.stderr
        assert k.returncode == 2, k.stderr
        assert wording.format(value) in u.stderr
        assert k.stderr.startswith(f"error: {variable}: {wording.format(value)}"), k.stderr
        for tool in ("uv", "lockkit"):
            assert not pair.lock(tool).exists()


# --- boolean UV_* variables ------------------------------------------------------------------------
# uv 0.12.5 reads every boolean variable as clap's BoolishValueParser does: through its option
# parser for a flag's variable (UV_NO_BUILD for --no-build: "invalid value 'x' for '--no-build':
# value was not a boolean"), through uv-static's parse_boolish_environment_variable for the
# environment's own (UV_OFFLINE: "Failed to parse environment variable `UV_OFFLINE` with invalid
# value `x`: expected a boolish value"), the latter for every command at start, used or not.

FLAG_WORDING = "invalid value '{value}' for '{flag}': value was not a boolean"
ENV_WORDING = "Failed to parse environment variable `{name}` with invalid value `{value}`: expected a boolish value"
BOOLEAN_VARIABLES = {
    "UV_NO_SOURCES": "--no-sources", "UV_NO_BUILD": "--no-build", "UV_NO_BINARY": "--no-binary",
    "UV_OFFLINE": None, "UV_NO_PROGRESS": None, "UV_FROZEN": None, "UV_PREVIEW": None,
}


@pytest.mark.parametrize("variable", sorted(BOOLEAN_VARIABLES))
def test_boolean_variables_refuse_what_uv_refuses_in_its_words(tmp_path, wheels, variable):
    flag = BOOLEAN_VARIABLES[variable]
    for i, value in enumerate(["maybe", "", " 1", "2"]):
        pair = Pair(tmp_path / str(i), {"pyproject.toml": PROJECT}, wheels)
        pair.env[variable] = value
        u, k = pair.run()
        assert u.returncode == 2, u.stderr
        assert k.returncode == 2, k.stderr
        wording = (FLAG_WORDING.format(value=value, flag=flag) if flag
                   else ENV_WORDING.format(name=variable, value=value))
        assert u.stderr.startswith(f"error: {wording}\n"), u.stderr
        assert k.stderr == f"error: {variable}: {wording}\n", k.stderr
        for tool in ("uv", "lockkit"):
            assert not pair.lock(tool).exists()


@pytest.mark.parametrize("value", ["TRUE", "Yes", "on", "t", "0", "Off", "N", "f"])
def test_boolean_variables_take_uvs_booleans(tmp_path, wheels, value):
    pair = Pair(tmp_path, {"pyproject.toml": PROJECT}, wheels)
    # (UV_FROZEN and UV_PREVIEW are checked as these are, but set true they change what `uv lock` does.)
    pair.env.update({v: value for v in ("UV_OFFLINE", "UV_NO_BUILD", "UV_NO_SOURCES", "UV_NO_PROGRESS")})
    assert same_lock(pair) == "1.5"


def test_the_parsers_errors_come_first_and_uv_lock_has_no_compile_bytecode(tmp_path, wheels):
    cases = [
        ({"UV_OFFLINE": "bad", "UV_NO_BINARY": "bad", "UV_NO_BUILD": "bad"}, "UV_NO_BUILD"),  # the parser's order
        ({"UV_NO_CONFIG": "bad", "UV_NO_BINARY": "bad"}, "UV_NO_BINARY"),
        ({"UV_NO_PROGRESS": "bad", "UV_FROZEN": "bad"}, "UV_FROZEN"),  # uv's own order
        ({"UV_COMPILE_BYTECODE": "x", "UV_NO_INDEX": "maybe"}, None),  # neither is read by `uv lock`
    ]
    for i, (variables, failing) in enumerate(cases):
        pair = Pair(tmp_path / str(i), {"pyproject.toml": PROJECT}, wheels)
        pair.env.update(variables)
        if failing is None:
            assert same_lock(pair) == "1.5"
            continue
        u, k = pair.run()
        assert u.returncode == 2 and k.returncode == 2, (u.stderr, k.stderr)
        assert k.stderr.startswith(f"error: {failing}: "), k.stderr
        assert f"`{failing}`" in u.stderr or f"'--{failing[3:].lower().replace('_', '-')}'" in u.stderr, u.stderr
        assert k.stderr[len(f"error: {failing}: "):] == u.stderr[len("error: "):].split("\n\n")[0].rstrip("\n") + "\n"

