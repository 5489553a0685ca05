"""Differential testing: `lock resolve` and real `uv lock` 0.12.5 on seeded random projects.

tests/fixtures/random_projects.py draws each project (dependencies with specifiers, markers
and extras, optional dependencies, dependency groups with include-group, sometimes
constraints, overrides, a resolution mode, `environments` or a workspace member) over a random
local index (a file:// index built by packse_index). Both tools lock their own copy of each of
the 300 projects; the locks must be byte-identical, or both tools must fail with the same report
once machine-dependent text is normalised (tests/fixtures/failure_text.py). Seeds where they do
not are listed, with the outcome and the reason, in lock_resolve_differential.tsv; a listed seed
that starts agreeing, or disagrees differently, fails too, so the list stays true. At least 99%
of the seeds must agree. Both tools run with the same interpreter (`--python`), whose version
the failure hints of both name. scripts/differential.py runs any range of seeds.
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from lockkit_build import LOCK_BIN
import differential
import uv_oracle

UV, _UV_SKIP_REASON = uv_oracle.find_uv(install=True)
pytestmark = pytest.mark.skipif(UV is None, reason=f"uv {uv_oracle.UV_VERSION} unavailable: {_UV_SKIP_REASON}")

SEEDS = range(300)
KNOWN = differential.read_known(Path(__file__).with_name("lock_resolve_differential.tsv"))


@pytest.fixture(scope="module")
def setup(tmp_path_factory):
    if not (LOCK_BIN.is_file() and os.access(LOCK_BIN, os.X_OK)):
        pytest.skip(f"lockkit binary not built: {LOCK_BIN}")
    python = differential.python_for_uv()
    if python is None:
        pytest.skip("no Python >= 3.12 for uv")
    env = differential.sandbox(tmp_path_factory.mktemp("home"))
    return env, python, tmp_path_factory.mktemp("indexes")


def test_random_projects_lock_like_uv(tmp_path, setup):
    env, python, indexes = setup
    outcomes = [differential.run_seed(s, tmp_path, indexes, UV, str(LOCK_BIN), python, env) for s in SEEDS]
    unexpected = [o for o in outcomes if not o.agrees and o.seed not in KNOWN]
    fixed = [o.seed for o in outcomes if o.agrees and o.seed in KNOWN]
    wrong_kind = [o for o in outcomes if not o.agrees and o.seed in KNOWN and KNOWN[o.seed][0] != o.status]
    identical = sum(o.status == "identical" for o in outcomes)
    agree = sum(o.agrees for o in outcomes)
    print(f"\n{agree}/{len(SEEDS)} agree ({identical} identical locks, {agree - identical} same failure)")
    # The generator must keep producing projects that lock, or the comparison says little.
    assert identical >= len(SEEDS) // 2, f"only {identical} of {len(SEEDS)} projects locked"
    assert agree >= 0.99 * len(SEEDS), f"only {agree} of {len(SEEDS)} agree"
    assert not unexpected, "\n".join(f"seed {o.seed}: {o.status}: {o.detail}" for o in unexpected)
    assert not fixed, f"listed seeds now agree, remove them from lock_resolve_differential.tsv: {fixed}"
    assert not wrong_kind, "\n".join(f"seed {o.seed}: listed as {KNOWN[o.seed][0]}, now {o.status}" for o in wrong_kind)
