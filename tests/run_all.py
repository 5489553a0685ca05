#!/usr/bin/env python3
"""Runs every lockkit test (the Catch2 binaries and the pytest suites). The last
line is `N passed, N failed`, counting test cases; the line before it says how
many were skipped (`N skipped`), so a run without ../shared/corpus or without
uv does not look like a run that checked everything.

Usage: tests/run_all.py [BUILD_DIR]   (default: build/ beside this repository)
Exit status: 0 when nothing failed, 1 otherwise.
"""
import os
import subprocess
import sys
import tempfile
import xml.etree.ElementTree as ET
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


# Catch2 v2 has no skip: tests/corpus_dir.hpp's LOCKKIT_SKIP prints this marker,
# which the JUnit reporter keeps in the case's <system-out>.
CATCH2_SKIP_MARKER = "LOCKKIT-TEST-SKIPPED: "


def junit_counts(path):
    """(passed, failed, skipped, skip reasons) over the test cases of a JUnit XML report."""
    tree = ET.parse(path)
    passed = failed = skipped = 0
    reasons = []
    for case in tree.iter("testcase"):
        out = case.findtext("system-out") or ""
        if case.find("failure") is not None or case.find("error") is not None:
            failed += 1
        elif case.find("skipped") is not None:
            skipped += 1
            reasons.append(f"{case.get('name')}: {case.find('skipped').get('message', '')}")
        elif CATCH2_SKIP_MARKER in out:
            skipped += 1
            reason = out.split(CATCH2_SKIP_MARKER, 1)[1].splitlines()[0]
            reasons.append(f"{case.get('name')}: {reason}")
        else:
            passed += 1
    return passed, failed, skipped, reasons


def catch2_binaries(build):
    tests = build / "tests"
    found = []
    for path in sorted(tests.rglob("*_test")):
        if path.is_file() and os.access(path, os.X_OK):
            found.append(path)
    return found


def main():
    build = (Path(sys.argv[1]) if len(sys.argv) > 1 else ROOT / "build").resolve()
    totals = [0, 0, 0]
    failures = []
    skip_reasons = []
    with tempfile.TemporaryDirectory(prefix="lockkit-tests-") as tmp:
        # Lock files of the tested programs go to a directory of the run's own,
        # not the user's state directory (tests that need another set their own).
        test_env = dict(os.environ, LOCKKIT_LOCK_DIR=str(Path(tmp) / "locks"))
        for binary in catch2_binaries(build):
            report = Path(tmp) / (binary.name + ".xml")
            print(f"== {binary.relative_to(build)}", flush=True)
            proc = subprocess.run([str(binary), "-r", "junit", "-o", str(report)], cwd=ROOT, env=test_env)
            if not report.exists():
                failures.append(f"{binary.name} crashed (exit {proc.returncode})")
                totals[1] += 1
                continue
            p, f, s, why = junit_counts(report)
            skip_reasons += why
            if proc.returncode != 0 and f == 0:
                failures.append(f"{binary.name} exited {proc.returncode}")
                f = 1
            print(f"   {p} passed, {f} failed" + (f", {s} skipped" if s else ""), flush=True)
            if f:
                # Re-run the failing binary with the console reporter for a readable log.
                subprocess.run([str(binary)], cwd=ROOT, env=test_env)
            totals = [a + b for a, b in zip(totals, (p, f, s))]
        suites = [d for d in ("tests/conformance", "tests/integration") if any((ROOT / d).glob("test_*.py"))]
        if suites:
            report = Path(tmp) / "pytest.xml"
            env = dict(test_env, LOCKKIT_BUILD_DIR=str(build))
            print(f"== pytest {' '.join(suites)}", flush=True)
            proc = subprocess.run(
                [sys.executable, "-m", "pytest", "-q", "-rs", "-p", "no:cacheprovider", f"--junitxml={report}", *suites],
                cwd=ROOT, env=env)
            if report.exists():
                p, f, s, why = junit_counts(report)
                skip_reasons += why
            else:
                p, f, s = 0, 1, 0
            if proc.returncode not in (0, 5) and f == 0:
                f = 1
            totals = [a + b for a, b in zip(totals, (p, f, s))]
    for line in failures:
        print("failure: " + line)
    for line in skip_reasons:
        print("skipped: " + line)
    passed, failed, skipped = totals
    # The closing line stays exactly `N passed, N failed`; the skip count is the line before it.
    print(f"{skipped} skipped")
    print(f"{passed} passed, {failed} failed")
    return 0 if failed == 0 and passed > 0 else 1


if __name__ == "__main__":
    sys.exit(main())
