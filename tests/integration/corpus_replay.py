"""The corpus merges of ../shared/corpus/merges replayed as real git merges.

For each case a repository is built with three commits: base, ours (main) and
theirs (branch `theirs`), each holding that side's pyproject.toml files (root and
workspace members, from the case folder) and uv.lock, at the case's place in its
repository (`lock_path`). `lock-merge install` registers the driver, and `git merge
theirs` runs it. Where git cannot merge a pyproject.toml, the case's committed merged
pyproject.toml files are put in place and `lock resolve` finishes the merge. Used by
test_lock_merge_corpus_replay.py and bench/merge_reresolve_bench.py (timings, uv's
recipe).

A case stores a member's pyproject.toml once per content (members.tsv names each
side's blob), so every side is given the file it had. A clone also holds the files
of local packages that did not change, which a case may not hold at all: for a member
or path dependency that the base lock records and the case does not hold, the test
writes a minimal pyproject.toml made from the lock's record (name, version or a
dynamic one, requires-dist with each extra's requirements, provides-extras,
requires-dev, a build system unless the package is virtual), the same in all three
commits. That file is a fixture made by the test, not corpus data: nothing of the
corpus is copied into the project.
"""

from __future__ import annotations

import json
import os
import posixpath
import re
import shutil
import subprocess
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

try:
    import tomllib
except ImportError:  # Python < 3.11
    tomllib = None

ROOT = Path(__file__).resolve().parents[2]
CORPUS = Path(os.environ.get("LOCKKIT_CORPUS", ROOT.parent / "shared" / "corpus"))
MERGES = CORPUS / "merges"


def cases() -> list[str]:
    if not MERGES.is_dir():
        return []
    return sorted(p.name for p in MERGES.iterdir() if (p / "case.tsv").exists())


def merge_date(case: Path) -> str:
    """The case's merge date in UTC (RFC 3339, `Z`): the index as it looked then."""
    from datetime import datetime, timezone

    when = datetime.fromisoformat(case_info(case)["date"])
    return when.astimezone(timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ")


def case_info(case: Path) -> dict[str, str]:
    out = {}
    for line in (case / "case.tsv").read_text().splitlines():
        key, _, value = line.partition("\t")
        out[key] = value
    return out


def project_dir(case: Path) -> str:
    """Where the project (its pyproject.toml and uv.lock) lies in the repository."""
    parent = posixpath.dirname(case_info(case).get("lock_path", "uv.lock"))
    return parent or "."


def captured_paths(case: Path) -> set[str]:
    """The member and path-dependency pyproject.toml files the case holds on some side (as
    members.tsv lists them, with `-` where a side had none)."""
    listed = case / "members.tsv"
    if not listed.exists():
        return set()
    return {line.split("\t")[0] for line in listed.read_text().splitlines()[1:] if line.strip()}


def _toml_str(value: str) -> str:
    return json.dumps(value)


def _requirement(entry: dict, origin: str, project: str) -> tuple[str, str | None]:
    """A `[package.metadata]` requirement as a PEP 508 string, and its `tool.uv.sources`
    entry (inline TOML) when it has one; paths there are relative to `origin`, the folder of
    the pyproject.toml being made (the lock records them relative to the workspace root)."""
    text = entry["name"]
    if entry.get("extras"):
        text += "[" + ",".join(entry["extras"]) + "]"
    source = None
    for kind in ("editable", "directory", "path"):
        if kind in entry:
            # Both relative to the workspace root, which lies at `project` in the repository.
            anchor = "/repo/" + project + "/"
            rel = posixpath.relpath(posixpath.normpath(anchor + entry[kind]), posixpath.normpath(anchor + origin))
            source = "{ path = %s%s }" % (_toml_str(rel), ", editable = true" if kind == "editable" else "")
    if "url" in entry:
        text += " @ " + entry["url"]
    elif "git" in entry:
        raise ValueError("a git requirement")  # not restated: the case keeps its reason
    elif entry.get("specifier"):
        text += entry["specifier"]
    if entry.get("marker"):
        text += " ; " + entry["marker"]
    return text, source


_EXTRA = re.compile(r"^(?:(.*) and )?extra == '([^']+)'$")


def reconstructed_pyproject(package: dict, location: str, members: set[str], project: str) -> str:
    """A minimal pyproject.toml for a local package from what a lock records about it:
    name, version (dynamic when the lock has none), `[package.metadata]` requires-dist
    (each extra's requirements back under `[project.optional-dependencies]`),
    provides-extras, requires-dev as `[dependency-groups]`, and a build system for a
    package that is built (a virtual one has none). A test fixture: it stands in for the
    file a clone would hold, which the corpus did not capture because it did not change."""
    meta = package.get("metadata", {})
    deps, extras, sources = [], {e: [] for e in meta.get("provides-extras", [])}, {}
    for entry in meta.get("requires-dist", []):
        text, source = _requirement(entry, location, project)
        if source is not None:
            sources[entry["name"]] = source
        elif entry["name"] in members:
            sources[entry["name"]] = "{ workspace = true }"
        m = _EXTRA.match(entry.get("marker", ""))
        if m and m.group(2) in extras:
            extras[m.group(2)].append(text.split(" ; ")[0] + (" ; " + m.group(1) if m.group(1) else ""))
        else:
            deps.append(text)
    groups = {}
    for group, entries in meta.get("requires-dev", {}).items():
        groups[group] = []
        for entry in entries:
            text, source = _requirement(entry, location, project)
            if source is not None:
                sources[entry["name"]] = source
            elif entry["name"] in members:
                sources[entry["name"]] = "{ workspace = true }"
            groups[group].append(text)
    out = ["[project]", f"name = {_toml_str(package['name'])}"]
    if "version" in package:
        out.append(f"version = {_toml_str(package['version'])}")
    else:
        out.append('dynamic = ["version"]')
    out.append("dependencies = [" + ", ".join(_toml_str(d) for d in deps) + "]")
    if extras:
        out += ["", "[project.optional-dependencies]"]
        out += [f"{_toml_str(e)} = [" + ", ".join(_toml_str(d) for d in reqs) + "]" for e, reqs in extras.items()]
    if groups:
        out += ["", "[dependency-groups]"]
        out += [f"{_toml_str(g)} = [" + ", ".join(_toml_str(d) for d in reqs) + "]" for g, reqs in groups.items()]
    if sources:
        out += ["", "[tool.uv.sources]"] + [f"{_toml_str(n)} = {src}" for n, src in sorted(sources.items())]
    if "virtual" not in package.get("source", {}):
        out += ["", "[build-system]", 'requires = ["hatchling"]', 'build-backend = "hatchling.build"']
    return "\n".join(out) + "\n"


def reconstructed_files(case: Path) -> dict[str, bytes]:
    """Project-relative path -> a minimal pyproject.toml for each local package (member or
    path dependency, other than the project itself) that the base lock records and the case
    does not hold on any side. Same on every side, as an unchanged file is."""
    lock = tomllib.loads((case / "base.uv.lock").read_text())
    captured = captured_paths(case)
    packages = lock.get("package", [])
    members = set(lock.get("manifest", {}).get("members", []))
    out = {}
    for package in packages:
        source = package.get("source", {})
        location = next((source[k] for k in ("editable", "directory", "virtual") if k in source), None)
        if location is None or posixpath.normpath(location) == ".":
            continue
        path = posixpath.normpath(posixpath.join(location, "pyproject.toml"))
        in_repo = posixpath.normpath(posixpath.join(project_dir(case), path))
        if in_repo.startswith("..") or path in captured or in_repo in captured:
            continue
        try:
            out[path] = reconstructed_pyproject(package, posixpath.normpath(location), members, project_dir(case)).encode()
        except ValueError:
            continue
    return out


SIDES = ("base", "ours", "theirs", "merged")


def side_files(case: Path, side: str) -> dict[str, bytes]:
    """Project-relative path -> content of the project files and uv.lock on one side, as the
    case holds them. A member's pyproject.toml is stored once per content: members.tsv names
    each side's blob, and a side whose blob another side has is read from that side's folder."""
    files = {"pyproject.toml": (case / f"{side}.pyproject.toml").read_bytes(),
             "uv.lock": (case / f"{side}.uv.lock").read_bytes()}
    listed = case / "members.tsv"
    if listed.exists():
        rows = [line.split("\t") for line in listed.read_text().splitlines()]
        column = {name: i for i, name in enumerate(rows[0])}
        for row in rows[1:]:
            blob = row[column[side]]
            if blob == "-":
                continue
            for other in (side, *SIDES):
                stored = case / "members" / other / row[0]
                if row[column[other]] == blob and stored.exists():
                    files[row[0]] = stored.read_bytes()
                    break
    else:
        members = case / "members" / side
        if members.is_dir():
            for p in members.rglob("pyproject.toml"):
                files[p.relative_to(members).as_posix()] = p.read_bytes()
    return files


def commit_files(case: Path, side: str) -> dict[str, bytes]:
    """What one side's commit holds: the case's files plus the reconstructed ones."""
    files = {p: c for p, c in reconstructed_files(case).items()}
    files.update(side_files(case, side))
    return files


def packages(lock_text: str) -> dict[str, set[str]]:
    out: dict[str, set[str]] = {}
    for name, version in re.findall(r'\[\[package\]\]\nname = "([^"]+)"\nversion = "([^"]+)"', lock_text):
        out.setdefault(name, set()).add(version)
    return out


def bumps(base: str, side: str) -> dict[str, set[str]]:
    """Names whose versions a side changed (present in base and on the side): their new versions."""
    b, s = packages(base), packages(side)
    return {n: v for n, v in s.items() if n in b and v != b[n]}


def kept(bumped: dict[str, set[str]], result: str) -> int:
    r = packages(result)
    return sum(1 for n, v in bumped.items() if n in r and r[n] == v)


def keepable(side: dict[str, set[str]], other: dict[str, set[str]]) -> dict[str, set[str]]:
    """A side's bumps the other side did not move elsewhere (both sides' bumps of one name to
    different versions cannot both be kept)."""
    return {n: v for n, v in side.items() if n not in other or other[n] == v}


FINISHED = ("clean", "re-resolved", "finished-by-lock-resolve")


@dataclass
class Replay:
    case: str
    outcome: str = ""          # clean, re-resolved, finished-by-lock-resolve, markers, pyproject-markers, error
    detail: str = ""
    pyproject_conflict: bool = False
    lock_text: str = ""
    valid: bool | None = None  # lock-verify on a result without markers
    bumps_ours: int = 0
    bumps_theirs: int = 0
    kept_ours: int = 0
    kept_theirs: int = 0
    uv_checked: bool | None = None  # uv lock --check on a finished result (None: not run, or uv could not tell)
    uv_detail: str = ""
    stderr: str = field(default="", repr=False)


class Tally:
    """The outcomes of a replay run, as both replay tests judge them: outputs that are not valid
    (or that real uv rejects), outcomes other than the expected ones, and re-resolutions that did
    not keep every side's bump."""

    def __init__(self) -> None:
        self.got: dict[str, str] = {}
        self.invalid: list[str] = []
        self.lost: list[str] = []
        self.uv_said: Counter = Counter()

    def record(self, case: str, r: "Replay") -> None:
        self.got[case] = r.outcome
        if r.valid is False:
            self.invalid.append(f"{case}: {r.detail}")
        if r.uv_checked is False:
            self.invalid.append(f"{case}: uv lock --check: {r.uv_detail}")
        if r.outcome in FINISHED:
            self.uv_said[r.uv_checked] += 1
        if r.outcome == "re-resolved" and (r.kept_ours, r.kept_theirs) != (r.bumps_ours, r.bumps_theirs):
            self.lost.append(f"{case}: ours {r.kept_ours}/{r.bumps_ours}, theirs {r.kept_theirs}/{r.bumps_theirs}")

    def assert_matches(self, want: dict[str, tuple[str, str]]) -> None:
        assert self.invalid == [], "invalid outputs:\n" + "\n".join(self.invalid)
        mismatched = [f"{c}: expected {want[c][0]} ({want[c][1]}), got {self.got[c]}"
                      for c in self.got if self.got[c] != want[c][0]]
        assert mismatched == [], "\n".join(mismatched)


class CorpusRepo:
    def __init__(self, case: str, work: Path, build: Path, env: dict, online: bool = False):
        self.case = MERGES / case
        self.online = online
        self.work = work
        self.project = work / project_dir(self.case)
        self.build = build
        self.env = dict(env, GIT_CONFIG_NOSYSTEM="1", GIT_AUTHOR_NAME="t", GIT_AUTHOR_EMAIL="t@example.com",
                        GIT_COMMITTER_NAME="t", GIT_COMMITTER_EMAIL="t@example.com", GIT_EDITOR="true")

    def git(self, *args, check=True):
        r = subprocess.run(["git", *args], cwd=self.work, env=self.env, capture_output=True, text=True, timeout=600)
        if check and r.returncode != 0:
            raise RuntimeError(f"git {' '.join(args)}: {r.stderr}")
        return r

    def write(self, path: str, content: bytes):
        """Writes a project-relative file, which must stay inside the repository."""
        target = Path(os.path.normpath(self.project / path))
        if self.work.resolve() not in target.resolve().parents:
            raise RuntimeError(f"{path} lies outside the repository")
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_bytes(content)

    def commit_side(self, side: str, message: str):
        for path in list(self.work.rglob("pyproject.toml")) + [self.project / "uv.lock"]:
            if ".git" not in path.parts and path.exists():
                path.unlink()
        for path, content in commit_files(self.case, side).items():
            self.write(path, content)
        self.git("add", "-A")
        self.git("commit", "-qm", message, "--allow-empty")

    def build_repo(self, install_driver: bool = True):
        self.work.mkdir(parents=True)
        self.git("init", "-q", "-b", "main")
        if install_driver:
            r = subprocess.run([str(self.build / "tools" / "lock-merge" / "lock-merge"), "install"], cwd=self.work,
                               env=self.env, capture_output=True, text=True)
            if r.returncode != 0:
                raise RuntimeError(r.stderr)
        self.commit_side("base", "base")
        self.git("branch", "theirs")
        self.commit_side("ours", "ours")
        self.git("checkout", "-q", "theirs")
        self.commit_side("theirs", "theirs")
        self.git("checkout", "-q", "main")

    def merge(self) -> tuple[subprocess.CompletedProcess, bool]:
        """`git merge theirs`; whether git left a pyproject.toml conflicted."""
        r = self.git("merge", "--no-edit", "theirs", check=False)
        status = self.git("status", "--porcelain").stdout
        conflict = any(line[:2] in ("UU", "AA", "DU", "UD") and line.endswith("pyproject.toml")
                       for line in status.splitlines())
        return r, conflict

    def put_merged_pyprojects(self):
        """The project's own resolution of its pyproject.toml files (the committed merge)."""
        for path, content in side_files(self.case, "merged").items():
            if path != "uv.lock":
                self.write(path, content)

    def replay(self) -> Replay:
        out = Replay(self.case.name)
        base = (self.case / "base.uv.lock").read_text()
        ours = (self.case / "ours.uv.lock").read_text()
        theirs = (self.case / "theirs.uv.lock").read_text()
        self.build_repo()
        r, out.pyproject_conflict = self.merge()
        out.stderr = r.stderr + r.stdout
        text = (self.project / "uv.lock").read_text()
        markers = "<<<<<<<" in text
        if out.pyproject_conflict:
            # The project's own resolution of pyproject.toml, then `lock resolve`.
            self.put_merged_pyprojects()
            how = ["--exclude-newer", merge_date(self.case)] if self.online else ["--offline"]
            done = subprocess.run([str(self.build / "tools" / "lock" / "lock"), "resolve", *how],
                                  cwd=self.project, env=self.env, capture_output=True, text=True, timeout=600)
            out.stderr += done.stderr
            text = (self.project / "uv.lock").read_text()
            if done.returncode == 0 and "<<<<<<<" not in text:
                out.outcome = "finished-by-lock-resolve"
            else:
                out.outcome = "pyproject-markers"
                out.detail = done.stderr.strip().splitlines()[0] if done.stderr.strip() else ""
        elif markers:
            out.outcome = "markers"
            why = [line for line in out.stderr.splitlines() if "could not finish" in line or "refusing" in line]
            out.detail = why[0] if why else ""
        elif "textual" in out.stderr:
            out.outcome = "textual"
        elif r.returncode != 0:
            out.outcome = "error"
            out.detail = out.stderr.strip()[-300:]
        else:
            out.outcome = "re-resolved" if "re-resolved uv.lock" in out.stderr else "clean"
        out.lock_text = text
        if out.outcome in FINISHED:
            v = subprocess.run([str(self.build / "tools" / "lock-verify" / "lock-verify"), "--no-stale",
                                str(self.project / "uv.lock")], capture_output=True, text=True, env=self.env)
            out.valid = v.returncode == 0
            if not out.valid:
                out.detail = (v.stdout + v.stderr).strip()[:300]
            bo, bt = bumps(base, ours), bumps(base, theirs)
            bo, bt = keepable(bo, bt), keepable(bt, bo)
            out.bumps_ours, out.bumps_theirs = len(bo), len(bt)
            out.kept_ours, out.kept_theirs = kept(bo, text), kept(bt, text)
        return out


def uv_check(uv: str, project: Path, env: dict, *args: str) -> tuple[bool | None, str]:
    """`uv lock --check` on a finished result: True when uv accepts it, False when uv says
    it needs updating, None when uv cannot tell here (a build it cannot run, an index it
    cannot reach): with the reason."""
    r = subprocess.run([uv, "lock", "--check", *args], cwd=project, env=env, capture_output=True, text=True, timeout=600)
    if r.returncode == 0:
        return True, ""
    lines = [line for line in r.stderr.strip().splitlines() if not line.startswith("hint:")] or ["?"]
    last = next((line for line in lines if "error" in line or "needs" in line), lines[-1])
    if "needs to be updated" in r.stderr:
        return False, last
    return None, last


def replay(case: str, work: Path, build: Path, env: dict, online: bool = False, check=None) -> Replay:
    """One case replayed. Online, the driver and `lock resolve` may read the index, as it
    was at the case's merge date (`--exclude-newer`); `env` must not forbid the network.
    `check(project, case)`, when given, judges a finished result before the repository goes
    (uv_check)."""
    if online:
        env = dict(env, LOCKKIT_MERGE_EXCLUDE_NEWER=merge_date(MERGES / case))
        env.pop("LOCKKIT_MERGE_OFFLINE", None)
    try:
        repo = CorpusRepo(case, work, build, env, online)
        out = repo.replay()
        if check is not None and out.outcome in FINISHED:
            out.uv_checked, out.uv_detail = check(repo.project, case)
        return out
    finally:
        shutil.rmtree(work, ignore_errors=True)
