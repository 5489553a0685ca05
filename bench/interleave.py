#!/usr/bin/env python3
"""Whole-process timing with the commands interleaved.

hyperfine runs all of one command's runs, then the next command's; on a shared
machine a change in load then moves one result and not the other. Here every
round runs each command once (alternating the order between rounds), so slow
phases hit all commands alike; the median, p90 and extremes are printed.

Usage: bench/interleave.py ROUNDS NAME=COMMAND [NAME=COMMAND ...]
Example:
  bench/interleave.py 200 "old=/tmp/old/lock-diff --color never a.lock b.lock" \\
      "new=build/tools/lock-diff/lock-diff --color never a.lock b.lock" \\
      "git=git diff --no-index --no-color a.lock b.lock"
Commands are split on spaces (no shell); their stdout is discarded.
"""
import shlex
import statistics
import subprocess
import sys
import time


def main() -> int:
    if len(sys.argv) < 3 or "=" not in "".join(sys.argv[2:]):
        print(__doc__, file=sys.stderr)
        return 2
    rounds = int(sys.argv[1])
    commands = [(name, shlex.split(cmd)) for name, cmd in (a.split("=", 1) for a in sys.argv[2:])]
    times = {name: [] for name, _ in commands}
    for _ in range(3):  # warm-up: page cache, dynamic loader caches
        for _, argv in commands:
            subprocess.run(argv, stdout=subprocess.DEVNULL, check=False)
    for i in range(rounds):
        for name, argv in commands if i % 2 == 0 else reversed(commands):
            start = time.perf_counter()
            subprocess.run(argv, stdout=subprocess.DEVNULL, check=False)
            times[name].append((time.perf_counter() - start) * 1000)
    print("| command | median (ms) | p90 | min | max |")
    print("|---|---:|---:|---:|---:|")
    for name, ts in times.items():
        p90 = statistics.quantiles(ts, n=10, method="inclusive")[-1]
        print(f"| {name} | {statistics.median(ts):.1f} | {p90:.1f} | {min(ts):.1f} | {max(ts):.1f} |")
    return 0


if __name__ == "__main__":
    sys.exit(main())
