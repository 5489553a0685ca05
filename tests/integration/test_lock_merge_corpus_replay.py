"""The corpus merges replayed as real git merges through the installed driver, offline.

tests/integration/corpus_replay.py builds each repository (base, ours, theirs
commits of the case's pyproject.toml files and uv.lock) and runs `git merge`;
where git cannot merge a pyproject.toml, the committed resolution is put in place
and `lock resolve --offline` finishes. Judged here:

* no invalid output: every lock the driver or `lock resolve` wrote without
  markers passes lock-verify's offline checks, and real uv 0.12.5 (when found)
  does not ask to update it (`uv lock --check`, offline: where uv would need the
  index or a build it says so, and that case is not judged by uv);
* every re-resolved result keeps each bump that one side made and the other did
  not move elsewhere, unless the merged requirements exclude it (reported);
* the outcome of each case is the one corpus_replay_outcomes.tsv records with
  its reason, and the tally in docs/lock-merge.md is that file's.

Members and path dependencies a case does not hold get a minimal pyproject.toml made
by the test from the base lock (corpus_replay.py says how): a fixture standing in for
the unchanged files of a clone, not corpus data.

Skipped when the corpus is absent. The same cases replayed with the index as it was
at each merge date: test_lock_merge_corpus_replay_online.py.
"""

from __future__ import annotations

import os
import sys
from collections import Counter
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(Path(__file__).resolve().parent))
sys.path.insert(0, str(ROOT / "tests" / "fixtures"))
import corpus_replay as cr  # noqa: E402
import uv_oracle  # noqa: E402

BUILD = Path(os.environ.get("LOCKKIT_BUILD_DIR", ROOT / "build")).resolve()
EXPECTED = Path(__file__).resolve().parent / "corpus_replay_outcomes.tsv"


def expected(path: Path = EXPECTED) -> dict[str, tuple[str, str]]:
    out = {}
    for line in path.read_text().splitlines():
        if line and not line.startswith("#"):
            case, outcome, why = line.split("\t")
            out[case] = (outcome, why)
    return out


def test_corpus_replayed_as_git_merges(tmp_path):
    if not cr.cases():
        pytest.skip(f"corpus not found at {cr.MERGES} (set LOCKKIT_CORPUS)")
    for tool in ("lock-merge/lock-merge", "lock/lock", "lock-verify/lock-verify"):
        if not (BUILD / "tools" / tool).exists():
            pytest.skip(f"{tool} not built")
    env = dict(os.environ, HOME=str(tmp_path), XDG_CONFIG_HOME=str(tmp_path / "config"),
               LOCKKIT_MERGE_OFFLINE="1", LOCKKIT_CACHE_DIR=str(tmp_path / "cache"))
    env = {k: v for k, v in env.items() if not k.startswith("UV_")}
    want = expected()
    assert set(want) == set(cr.cases()), "corpus_replay_outcomes.tsv must list every case"
    uv, why = uv_oracle.find_uv()
    check = None
    if uv is not None:
        uv_env = uv_oracle.sandbox_env(tmp_path / "uv-home")
        check = lambda project, case: cr.uv_check(uv, project, uv_env)  # noqa: E731
    t = cr.Tally()
    for case in cr.cases():
        t.record(case, cr.replay(case, tmp_path / case, BUILD, env, check=check))
    t.assert_matches(want)
    tally = Counter(t.got.values())
    print("tally:", dict(tally), "bumps not kept:", t.lost)
    print("uv lock --check:", "not run: " + why if uv is None else
          f"accepts {t.uv_said[True]}, cannot tell offline {t.uv_said[None]}, rejects {t.uv_said[False]}")
