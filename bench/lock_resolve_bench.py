#!/usr/bin/env python3
"""`lock resolve` against `uv lock` (0.12.5), whole process, in one run with the commands
interleaved (bench/interleave.py's method: each round runs every command once, alternating the
order, so load on a shared machine hits both alike).

Three projects, each served by one local test index (tests/fixtures/packse_index.py, PEP 691
JSON with `.metadata` files over HTTP on 127.0.0.1), both tools' caches warmed first:

  scenario     a packse scenario (backtracking/wrong-backtracking-indirect: 9 packages, many
               versions, backtracking)
  ecosystem    a synthetic index of 240 packages with 8 versions each (seeded): dependencies
               with markers and extras, Python-bounded versions; the project needs 30 of them
               and resolves about 150, with forks
  example      examples/hello's pyproject.toml and uv.lock (PyPI; no-op only, which needs no
               index)

and two measurements:

  no-op        `lock resolve` / `uv lock` with a fresh uv.lock (nothing to resolve)
  full         `--upgrade --offline`: a full resolution from the warm cache (nothing written,
               the result is the same lock)

Then real projects against PyPI (the pyproject.toml and exclude-newer of
../shared/corpus/uv-ecosystem/<project>; skipped, with the reason, when the corpus or PyPI is
not there, and per project when either tool cannot lock it):

  cold         both caches empty, online (each round starts from new, empty caches)
  full         `--upgrade --offline` from the warm caches
  no-op        the fresh lock, `--offline`

with each tool's peak memory (the child's maximum resident set, from wait4) beside its time.

Prints Markdown tables on stdout (medians; ratio = lockkit / uv); progress on stderr.
`--help` gives the options.
"""

from __future__ import annotations

import argparse
import os
import random
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO / "tests" / "fixtures"))
import packse_index  # noqa: E402
import uv_oracle  # noqa: E402

BUILD = Path(os.environ.get("LOCKKIT_BUILD_DIR", REPO / "build")).resolve()
LOCK = BUILD / "tools" / "lock" / "lock"
CORPUS = Path(os.environ.get("LOCKKIT_CORPUS") or REPO.parent / "shared" / "corpus")


def synthetic_ecosystem(seed: int = 11) -> tuple[dict, list[str]]:
    """A deterministic index: package i depends on later packages, sometimes with markers or
    extras; versions carry Python bounds. Returns the scenario and the root requirements."""
    rng = random.Random(seed)
    n, versions = 240, 8
    names = [f"pkg{i:03d}" for i in range(n)]
    packages = {}
    for i, name in enumerate(names):
        entry = {}
        for v in range(versions):
            deps = []
            for _ in range(rng.randint(0, 4)):
                j = rng.randint(i + 1, min(n - 1, i + 40)) if i + 1 < n else None
                if j is None:
                    break
                spec = rng.choice(["", f">={rng.randint(1, 3)}.0", f"<{rng.randint(4, 9)}.0", ""])
                marker = rng.choice(["", "", "", " ; sys_platform == 'win32'", " ; python_version < '3.12'"])
                deps.append(f"{names[j]}{spec}{marker}")
            extras = {}
            if rng.random() < 0.2 and i + 1 < n:
                extras["extra"] = [names[rng.randint(i + 1, min(n - 1, i + 60))]]
            rp = rng.choice(["", "", ">=3.9", ">=3.11"]) if v >= versions - 2 else ""
            entry[f"{v + 1}.0"] = {"requires": sorted(set(deps)), "requires_python": rp, "extras": extras}
        packages[name] = {"versions": entry}
    roots = [f"{names[i]}" + ("[extra]" if i % 7 == 0 else "") for i in range(0, 60, 2)]
    return {"name": "ecosystem", "packages": packages}, roots


def write_project(path: Path, requires: list[str], requires_python: str) -> None:
    path.mkdir(parents=True, exist_ok=True)
    deps = "".join(f'    "{r}",\n' for r in requires)
    (path / "pyproject.toml").write_text(f'[project]\nname = "bench"\nversion = "0.1.0"\n'
                                         f'requires-python = "{requires_python}"\ndependencies = [\n{deps}]\n')


class Failed(Exception):
    pass


def measured(argv: list, cwd: Path, env: dict) -> tuple[float, float]:
    """Wall time (ms) and peak resident memory (MiB) of one run of the command."""
    start = time.perf_counter()
    proc = subprocess.Popen([str(a) for a in argv], cwd=cwd, env=env, stdout=subprocess.DEVNULL,
                            stderr=subprocess.PIPE, text=True)
    _, status, usage = os.wait4(proc.pid, 0)
    elapsed = (time.perf_counter() - start) * 1000
    proc.returncode = os.waitstatus_to_exitcode(status)
    stderr = proc.stderr.read()
    proc.stderr.close()
    if proc.returncode != 0:
        raise Failed(f"{' '.join(map(str, argv))} failed in {cwd}:\n{stderr[-2000:]}")
    return elapsed, usage.ru_maxrss / 1024


def timed(argv: list, cwd: Path, env: dict) -> float:
    try:
        return measured(argv, cwd, env)[0]
    except Failed as e:
        raise SystemExit(str(e))


def compare(label: str, commands: dict[str, tuple[list, Path]], env: dict, rounds: int) -> dict[str, float]:
    for argv, cwd in commands.values():  # warm-up
        timed(argv, cwd, env)
    times = {name: [] for name in commands}
    items = list(commands.items())
    for i in range(rounds):
        for name, (argv, cwd) in items if i % 2 == 0 else reversed(items):
            times[name].append(timed(argv, cwd, env))
    print(f"  {label}: " + ", ".join(f"{n} {statistics.median(t):.1f} ms" for n, t in times.items()), file=sys.stderr)
    return {name: statistics.median(t) for name, t in times.items()}


def compare_with_memory(label: str, commands: dict[str, tuple[list, Path]], env: dict, rounds: int,
                        prepare=None) -> dict[str, tuple[float, float]]:
    """Median time and largest peak memory per command, rounds interleaved; `prepare(name)` runs
    before each command (the cold runs empty the caches there)."""
    times = {name: [] for name in commands}
    memory = {name: 0.0 for name in commands}
    items = list(commands.items())
    for i in range(rounds):
        for name, (argv, cwd) in items if i % 2 == 0 else reversed(items):
            if prepare:
                prepare(name)
            ms, mib = measured(argv, cwd, env)
            times[name].append(ms)
            memory[name] = max(memory[name], mib)
    out = {name: (statistics.median(t), memory[name]) for name, t in times.items()}
    print(f"  {label}: " + ", ".join(f"{n} {t:.0f} ms {m:.0f} MiB" for n, (t, m) in out.items()), file=sys.stderr)
    return out


ECOSYSTEM = ["flask", "httpx", "poetry", "jupyterlab", "semantic-kernel", "transformers"]


def pypi_reason() -> str:
    try:
        import urllib.request
        urllib.request.build_opener().open("https://pypi.org/simple/idna/", timeout=10).read(100)
        return ""
    except Exception as e:  # noqa: BLE001 - any failure means "offline" here
        return f"PyPI unreachable ({e})"


def ecosystem_rows(uv: str, work: Path, projects: list[str], rounds: int, cold_rounds: int) -> tuple[list, list]:
    """Cold, full and no-op on real projects against PyPI; (rows, skipped with reasons)."""
    corpus = CORPUS / "uv-ecosystem"
    if not corpus.is_dir():
        return [], [("all", f"corpus not found ({corpus})")]
    if reason := pypi_reason():
        return [], [("all", reason)]
    rows, skipped = [], []
    for project in projects:
        meta = dict(line.partition("=")[::2] for line in (corpus / project / "META").read_text().splitlines() if "=" in line)
        meta = {k.strip(): v.strip() for k, v in meta.items()}
        found = sorted((Path.home() / ".pyenv" / "versions").glob(f"{meta.get('python', '3.12')}*/bin/python3"))
        if not found:
            skipped.append((project, f"uv needs Python {meta.get('python')}, which this machine lacks"))
            continue
        home = work / "eco" / project
        env = uv_oracle.sandbox_env(home / "home")
        env.pop("UV_OFFLINE")
        caches = {"uv": home / "uv-cache", "lockkit": home / "lockkit-cache"}
        env.update(UV_CACHE_DIR=str(caches["uv"]), LOCKKIT_CACHE_DIR=str(caches["lockkit"]))
        dirs = {"uv": home / "uv", "lockkit": home / "lockkit"}
        for d in dirs.values():
            d.mkdir(parents=True)
            shutil.copy(corpus / project / "pyproject.toml", d / "pyproject.toml")
        cutoff = ["--exclude-newer", meta["exclude-newer"]]
        # Both are told the interpreter: a project with source-only dependencies builds their
        # metadata with it, and looking for one (probing every python on PATH) is not the job.
        python = ["--python", str(found[0])]
        base = {"uv": [uv, "lock", *python, *cutoff], "lockkit": [LOCK, "resolve", *python, *cutoff]}

        def empty_caches(name: str) -> None:
            shutil.rmtree(caches[name], ignore_errors=True)
            (dirs[name] / "uv.lock").unlink(missing_ok=True)

        try:
            if cold_rounds > 0:
                print(f"{project}: cold ...", file=sys.stderr)
                cold = compare_with_memory(f"{project} cold", {n: (base[n], dirs[n]) for n in base}, env,
                                           cold_rounds, prepare=empty_caches)
            else:  # no cold measurement: one untimed online run each warms the caches and writes the lock
                print(f"{project}: warming the caches ...", file=sys.stderr)
                for n in base:
                    measured(base[n], dirs[n], env)
                cold = None
        except Failed as e:
            lines = str(e).splitlines()
            errors = [line for line in lines if line.startswith("error")] or lines[-1:]
            skipped.append((project, f"{lines[0].split(' failed in ')[0].split('/')[-1]} failed: {errors[0][:300]}"))
            continue
        same = (dirs["uv"] / "uv.lock").read_text() == (dirs["lockkit"] / "uv.lock").read_text()
        packages = (dirs["lockkit"] / "uv.lock").read_text().count("[[package]]")
        full = compare_with_memory(f"{project} full", {n: (base[n] + ["--offline", "--upgrade"], dirs[n]) for n in base},
                                   env, rounds)
        noop = compare_with_memory(f"{project} no-op", {n: (base[n] + ["--offline"], dirs[n]) for n in base}, env, rounds)
        rows.append((project, packages, same, cold, full, noop))
    return rows, skipped


def print_ecosystem(rows: list, skipped: list) -> None:
    print()
    print("| project | packages | identical | measure | uv (ms) | lockkit (ms) | ratio | uv peak (MiB) | lockkit peak (MiB) |")
    print("|---|---:|---|---|---:|---:|---:|---:|---:|")
    for project, packages, same, cold, full, noop in rows:
        for label, m in (("cold", cold), ("full", full), ("no-op", noop)):
            if m is None:
                continue
            (tu, mu), (tl, ml) = m["uv"], m["lockkit"]
            print(f"| {project} | {packages} | {'yes' if same else 'no'} | {label} | {tu:.0f} | {tl:.0f} | "
                  f"{tl / tu:.2f} | {mu:.0f} | {ml:.0f} |")
    for project, reason in skipped:
        print(f"\nskipped {project}: {reason}")


EXAMPLES = """\
examples:
  bench/lock_resolve_bench.py                   everything, 20 rounds locally, 5 per PyPI project
  bench/lock_resolve_bench.py 20 --cold-rounds 2 --projects flask,httpx,poetry,jupyterlab,semantic-kernel
                                                the run docs/performance.md reports
  bench/lock_resolve_bench.py 40 --cold-rounds 1 --no-local --projects jupyterlab
                                                one PyPI project only, more rounds for a steadier median

environment:
  LOCKKIT_BUILD_DIR  the build whose tools/lock/lock is measured (default: build/)
  UV                 the uv binary to compare with (default: uv 0.12.5 from pip, else PATH)
  LOCKKIT_CORPUS     the corpus with uv-ecosystem/ and packse-scenarios/ (default: ../shared/corpus)

Run it on a quiet machine, or say the machine was shared: the two tools run interleaved, so
load hits both alike and the ratios hold up better than the milliseconds.
"""


def parse_args(argv: list[str]) -> argparse.Namespace:
    ap = argparse.ArgumentParser(
        prog="bench/lock_resolve_bench.py", description=__doc__, epilog=EXAMPLES,
        formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("rounds", metavar="ROUNDS", type=int, nargs="?", default=20,
                    help="timed runs of each command on the local indexes, after one warm-up run (default: 20); "
                         "the PyPI projects' full and no-op measurements get ROUNDS/4 runs, at least 3")
    ap.add_argument("--cold-rounds", metavar="N", type=int, default=2,
                    help="cold runs per PyPI project, each from new, empty caches (default: 2); these download, "
                         "so they are the slow part; 0 warms the caches once, untimed, and measures full and no-op only")
    ap.add_argument("--projects", metavar="A,B,...", default=",".join(ECOSYSTEM),
                    help="which projects of the corpus's uv-ecosystem/ to lock against PyPI, comma-separated "
                         f"(default: {','.join(ECOSYSTEM)}); `all` for every project there, each one a tool "
                         "cannot lock listed as skipped with the reason")
    ap.add_argument("--no-local", action="store_true",
                    help="skip the local-index projects (scenario, ecosystem, example): PyPI projects only")
    return ap.parse_args(argv)


def main() -> int:
    args = parse_args(sys.argv[1:])
    cold_rounds = args.cold_rounds
    projects = args.projects.split(",")
    if projects == ["all"]:  # every corpus project; those either tool cannot lock are listed as skipped
        projects = sorted(p.parent.name for p in (CORPUS / "uv-ecosystem").glob("*/pyproject.toml"))
    local = not args.no_local
    rounds = args.rounds
    uv, why = uv_oracle.find_uv()
    uv = os.environ.get("UV") or uv
    if uv is None:
        print(f"uv unavailable: {why}", file=sys.stderr)
        return 2
    python = next((str(p) for p in sorted((Path.home() / ".pyenv" / "versions").glob("3.12*/bin/python3"))),
                  sys.executable)
    work = Path(tempfile.mkdtemp(prefix="lock-resolve-bench-"))
    env = uv_oracle.sandbox_env(work / "home")
    env.pop("UV_OFFLINE")
    env.update(NO_PROXY="*", no_proxy="*", LOCKKIT_CACHE_DIR=str(work / "lockkit-cache"))
    rows = []
    eco_rows, eco_skipped = [], []
    try:
        eco_rows, eco_skipped = ecosystem_rows(uv, work, projects, max(3, rounds // 4), cold_rounds)
        if not local:
            return 0
        sites = work / "sites"
        print("building the indexes ...", file=sys.stderr)
        scenario = packse_index.load_scenario(CORPUS / "packse-scenarios" / "backtracking" / "wrong-backtracking-indirect.toml")
        packse_index.build_index(scenario, sites / "scenario")
        eco, eco_roots = synthetic_ecosystem()
        packse_index.build_index(eco, sites / "ecosystem")
        projects = {
            "scenario": (scenario["root"]["requires"], scenario["root"].get("requires_python", ">=3.12")),
            "ecosystem": (eco_roots, ">=3.10"),
        }
        with packse_index.IndexServer(sites, sites=True) as server:
            for name, (requires, rp) in projects.items():
                url = f"{server.url}/{name}/simple/"
                uv_dir, lk_dir = work / "uv" / name, work / "lockkit" / name
                write_project(uv_dir, requires, rp)
                write_project(lk_dir, requires, rp)
                uv_lock = [uv, "lock", "--python", python, "--index-url", url]
                lk_lock = [LOCK, "resolve", "--index-url", url]
                timed(uv_lock, uv_dir, env)
                timed(lk_lock, lk_dir, env)
                same = (uv_dir / "uv.lock").read_text() == (lk_dir / "uv.lock").read_text()
                packages = (lk_dir / "uv.lock").read_text().count("[[package]]")
                print(f"{name}: {packages} packages, locks identical: {same}", file=sys.stderr)
                noop = compare(f"{name} no-op", {"uv": (uv_lock + ["--offline"], uv_dir),
                                                 "lockkit": (lk_lock + ["--offline"], lk_dir)}, env, rounds)
                full = compare(f"{name} full", {"uv": (uv_lock + ["--offline", "--upgrade"], uv_dir),
                                                "lockkit": (lk_lock + ["--offline", "--upgrade"], lk_dir)}, env, rounds)
                rows.append((name, packages, same, noop, full))
        # The bundled example: a PyPI lock, checked without any index.
        ex_uv, ex_lk = work / "uv" / "example", work / "lockkit" / "example"
        for d in (ex_uv, ex_lk):
            d.mkdir(parents=True)
            for f in ("pyproject.toml", "uv.lock"):
                shutil.copy(REPO / "examples" / "hello" / f, d / f)
        # The example's exclude-newer is in its [tool.uv]: read the project's settings.
        project_env = {k: v for k, v in env.items() if k != "UV_NO_CONFIG"}
        noop = compare("example no-op", {"uv": ([uv, "lock", "--python", python, "--offline"], ex_uv),
                                         "lockkit": ([LOCK, "resolve", "--offline"], ex_lk)}, project_env, rounds)
        rows.append(("example (PyPI lock)", 20, True, noop, None))
    finally:
        shutil.rmtree(work, ignore_errors=True)
        if eco_rows or eco_skipped:
            print_ecosystem(eco_rows, eco_skipped)

    print(f"| project | packages | identical | no-op uv (ms) | no-op lockkit (ms) | ratio | full uv (ms) | "
          f"full lockkit (ms) | ratio |")
    print("|---|---:|---|---:|---:|---:|---:|---:|---:|")
    for name, packages, same, noop, full in rows:
        line = (f"| {name} | {packages} | {'yes' if same else 'no'} | {noop['uv']:.1f} | {noop['lockkit']:.1f} | "
                f"{noop['lockkit'] / noop['uv']:.2f} |")
        line += (f" {full['uv']:.1f} | {full['lockkit']:.1f} | {full['lockkit'] / full['uv']:.2f} |" if full
                 else " – | – | – |")
        print(line)
    return 0


if __name__ == "__main__":
    sys.exit(main())
