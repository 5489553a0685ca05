"""The corpus merges of ../shared/corpus/merges replayed as real git merges.

For each case a repository is built with three commits: base, ours (main) and
theirs (branch `theirs`), each holding that side's pyproject.toml files (root and
workspace members, from the case folder) and uv.lock. `lock-merge install`
registers the driver, and `git merge theirs` runs it. Where git cannot merge a
pyproject.toml, the case's committed merged pyproject.toml files are put in place
and `lock resolve` finishes the merge. Used by test_lock_merge_corpus_replay.py
(offline) and bench/merge_reresolve_bench.py (timings, uv's recipe).
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
CORPUS = Path(os.environ.get("LOCKKIT_CORPUS", ROOT.parent / "shared" / "corpus"))
MERGES = CORPUS / "merges"


def cases() -> list[str]:
    if not MERGES.is_dir():
        return []
    return sorted(p.name for p in MERGES.iterdir() if (p / "case.tsv").exists())


def side_files(case: Path, side: str) -> dict[str, bytes]:
    """Repository path -> content of the project files and uv.lock on one side."""
    files = {"pyproject.toml": (case / f"{side}.pyproject.toml").read_bytes(),
             "uv.lock": (case / f"{side}.uv.lock").read_bytes()}
    members = case / "members" / side
    if members.is_dir():
        for p in members.rglob("pyproject.toml"):
            files[p.relative_to(members).as_posix()] = p.read_bytes()
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
    stderr: str = field(default="", repr=False)


class CorpusRepo:
    def __init__(self, case: str, work: Path, build: Path, env: dict):
        self.case = MERGES / case
        self.work = work
        self.build = build
        self.env = dict(env, GIT_CONFIG_NOSYSTEM="1", GIT_AUTHOR_NAME="t", GIT_AUTHOR_EMAIL="t@example.com",
                        GIT_COMMITTER_NAME="t", GIT_COMMITTER_EMAIL="t@example.com", GIT_EDITOR="true")

    def git(self, *args, check=True):
        r = subprocess.run(["git", *args], cwd=self.work, env=self.env, capture_output=True, text=True, timeout=600)
        if check and r.returncode != 0:
            raise RuntimeError(f"git {' '.join(args)}: {r.stderr}")
        return r

    def commit_side(self, side: str, message: str):
        for path in list(self.work.rglob("pyproject.toml")) + [self.work / "uv.lock"]:
            if ".git" not in path.parts and path.exists():
                path.unlink()
        for path, content in side_files(self.case, side).items():
            p = self.work / path
            p.parent.mkdir(parents=True, exist_ok=True)
            p.write_bytes(content)
        self.git("add", "-A")
        self.git("commit", "-qm", message, "--allow-empty")

    def build_repo(self):
        self.work.mkdir(parents=True)
        self.git("init", "-q", "-b", "main")
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

    def replay(self) -> Replay:
        out = Replay(self.case.name)
        base = (self.case / "base.uv.lock").read_text()
        ours = (self.case / "ours.uv.lock").read_text()
        theirs = (self.case / "theirs.uv.lock").read_text()
        self.build_repo()
        r = self.git("merge", "--no-edit", "theirs", check=False)
        out.stderr = r.stderr + r.stdout
        status = self.git("status", "--porcelain").stdout
        out.pyproject_conflict = any(line[:2] in ("UU", "AA", "DU", "UD") and line.endswith("pyproject.toml")
                                     for line in status.splitlines())
        text = (self.work / "uv.lock").read_text()
        markers = "<<<<<<<" in text
        if out.pyproject_conflict:
            # The project's own resolution of pyproject.toml, then `lock resolve`.
            for path, content in side_files(self.case, "merged").items():
                if path != "uv.lock":
                    (self.work / path).parent.mkdir(parents=True, exist_ok=True)
                    (self.work / path).write_bytes(content)
            done = subprocess.run([str(self.build / "tools" / "lock" / "lock"), "resolve", "--offline"],
                                  cwd=self.work, env=self.env, capture_output=True, text=True, timeout=600)
            out.stderr += done.stderr
            text = (self.work / "uv.lock").read_text()
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
        if out.outcome in ("clean", "re-resolved", "finished-by-lock-resolve"):
            v = subprocess.run([str(self.build / "tools" / "lock-verify" / "lock-verify"), "--no-stale",
                                str(self.work / "uv.lock")], capture_output=True, text=True, env=self.env)
            out.valid = v.returncode == 0
            if not out.valid:
                out.detail = (v.stdout + v.stderr).strip()[:300]
            bo, bt = bumps(base, ours), bumps(base, theirs)
            bo, bt = keepable(bo, bt), keepable(bt, bo)
            out.bumps_ours, out.bumps_theirs = len(bo), len(bt)
            out.kept_ours, out.kept_theirs = kept(bo, text), kept(bt, text)
        return out


def replay(case: str, work: Path, build: Path, env: dict) -> Replay:
    try:
        return CorpusRepo(case, work, build, env).replay()
    finally:
        shutil.rmtree(work, ignore_errors=True)
