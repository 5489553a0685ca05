"""The corpus merges the offline replay cannot finish, replayed with the index as it was.

The cases whose offline outcome (corpus_replay_outcomes.tsv) is markers are replayed
again as real git merges, now with the network: the driver (LOCKKIT_MERGE_EXCLUDE_NEWER)
and `lock resolve --exclude-newer` see only what PyPI held at the case's merge date
(case.tsv's `date`, in UTC), so the index looks as it did when the merge was made.
Judged as offline: every finished lock passes lock-verify and real uv 0.12.5's
`uv lock --check` (when uv can tell), re-resolved results keep each side's bumps, and
each outcome is the one corpus_replay_online_outcomes.tsv records with its reason.

A case whose run failed on the network (a timeout, a reset) is run once more. Skipped,
with the reason, when PyPI cannot be reached or the corpus is absent.
"""

from __future__ import annotations

import os
import sys
import urllib.request
from collections import Counter
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(Path(__file__).resolve().parent))
sys.path.insert(0, str(ROOT / "tests" / "fixtures"))
import corpus_replay as cr  # noqa: E402
import uv_oracle  # noqa: E402
from test_lock_merge_corpus_replay import BUILD, EXPECTED, expected  # noqa: E402

EXPECTED_ONLINE = Path(__file__).resolve().parent / "corpus_replay_online_outcomes.tsv"
TRANSIENT = ("timed out", "Timeout", "Connection reset", "connection reset", "temporarily unavailable",
             "502 Bad Gateway", "503 Service Unavailable")


def pypi_unreachable() -> str:
    try:
        urllib.request.urlopen("https://pypi.org/simple/idna/", timeout=10).read(100)
        return ""
    except Exception as e:  # noqa: BLE001 - any failure means "offline" here
        return f"PyPI unreachable: {e}"


def test_unfinished_corpus_merges_replayed_online(tmp_path):
    if not cr.cases():
        pytest.skip(f"corpus not found at {cr.MERGES} (set LOCKKIT_CORPUS)")
    for tool in ("lock-merge/lock-merge", "lock/lock", "lock-verify/lock-verify"):
        if not (BUILD / "tools" / tool).exists():
            pytest.skip(f"{tool} not built")
    offline = pypi_unreachable()
    if offline:
        pytest.skip(offline)
    # A cold re-resolution reads many pages: the driver's default budget (30 s) is for users.
    env = dict(os.environ, HOME=str(tmp_path), XDG_CONFIG_HOME=str(tmp_path / "config"),
               LOCKKIT_CACHE_DIR=str(tmp_path / "cache"), LOCKKIT_MERGE_BUDGET="300")
    env = {k: v for k, v in env.items() if not k.startswith("UV_") and k != "LOCKKIT_MERGE_OFFLINE"}
    unfinished = sorted(c for c, (outcome, _) in expected(EXPECTED).items() if outcome not in cr.FINISHED)
    want = expected(EXPECTED_ONLINE)
    assert set(want) == set(unfinished), \
        "corpus_replay_online_outcomes.tsv must list every case the offline replay leaves unfinished"
    uv, why = uv_oracle.find_uv()
    check = None
    if uv is not None:
        uv_env = uv_oracle.sandbox_env(tmp_path / "uv-home", UV_OFFLINE="0")
        check = lambda project, case: cr.uv_check(  # noqa: E731
            uv, project, uv_env, "--exclude-newer", cr.merge_date(cr.MERGES / case))
    t = cr.Tally()
    for case in unfinished:
        for attempt in range(2):
            r = cr.replay(case, tmp_path / case, BUILD, env, online=True, check=check)
            if r.outcome in cr.FINISHED or not any(w in r.stderr for w in TRANSIENT):
                break
            print(f"{case}: the network failed, once more")
        t.record(case, r)
    t.assert_matches(want)
    print("online tally:", dict(Counter(t.got.values())), "bumps not kept:", t.lost)
    print("uv lock --check:", "not run: " + why if uv is None else
          f"accepts {t.uv_said[True]}, cannot tell {t.uv_said[None]}, rejects {t.uv_said[False]}")
