"""Shared by the conformance modules: the test fixtures folder (and this one) on sys.path, so
each module imports `uv_oracle`, `lockkit_build`, `failure_text`, ... by name; and the Python
that both uv and lockkit are given when a module asks for the `python` fixture."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

_HERE = Path(__file__).resolve().parent
for _folder in (_HERE.parent / "fixtures", _HERE):
    if str(_folder) not in sys.path:
        sys.path.insert(0, str(_folder))

import differential  # noqa: E402


@pytest.fixture(scope="module")
def python() -> str:
    """A Python >= 3.12 for `--python` (3.12 first: see differential.python_for_uv)."""
    exe = differential.python_for_uv()
    if exe is None:
        pytest.skip("no Python >= 3.12 for uv")
    return exe
