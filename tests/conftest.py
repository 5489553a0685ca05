"""Shared by the pytest suites: the programs under test keep their lock files
(lockkit's filesystem locks) in a directory of the test session's own, unless
the caller chose one (tests/run_all.py does), never in the user's state directory."""
import os
import shutil
import tempfile

if not os.environ.get("LOCKKIT_LOCK_DIR"):
    _session_locks = tempfile.mkdtemp(prefix="lockkit-test-locks-")
    os.environ["LOCKKIT_LOCK_DIR"] = _session_locks

    def pytest_unconfigure(config):
        shutil.rmtree(_session_locks, ignore_errors=True)
