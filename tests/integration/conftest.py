"""Shared by the integration modules: the test fixtures folder and the tiny build backend's
folder on sys.path, so each module imports `lockkit_build`, `uv_oracle`, `tiny_backend`, ... by
name (as tests/conformance/conftest.py does for the conformance modules)."""

from __future__ import annotations

import sys
from pathlib import Path

_FIXTURES = Path(__file__).resolve().parents[1] / "fixtures"
for _folder in (_FIXTURES, _FIXTURES / "tiny_backend"):
    if str(_folder) not in sys.path:
        sys.path.insert(0, str(_folder))
