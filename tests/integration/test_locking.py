"""lockkit's filesystem locks with real processes.

Contention is driven by tests/helpers/lock_holder (a test-only program that
takes a lock through the same process-wide lock directory the commands use and
holds it until its stdin closes, or runs a command under it) and by the real
programs. Each test runs once with flock(2) and once with fcntl(2) locks
(LOCKKIT_LOCK_KIND), each in a lock directory of its own.
"""
from __future__ import annotations

import os
import re
import select
import shutil
import signal
import stat
import subprocess
import sys
import tempfile
import textwrap
import time
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
BUILD = Path(os.environ.get("LOCKKIT_BUILD_DIR") or ROOT / "build").resolve()
HOLDER = BUILD / "tests" / "helpers" / "lock_holder"
LOCK = BUILD / "tools" / "lock" / "lock"
LOCK_VERIFY = BUILD / "tools" / "lock-verify" / "lock-verify"
LOCK_DIFF = BUILD / "tools" / "lock-diff" / "lock-diff"
LOCK_MERGE = BUILD / "tools" / "lock-merge" / "lock-merge"
EXAMPLE = ROOT / "examples" / "hello"

pytestmark = pytest.mark.skipif(not HOLDER.exists(), reason=f"{HOLDER} not built (set LOCKKIT_BUILD_DIR)")

TIME = r"\d\d:\d\d:\d\d"


@pytest.fixture(params=["flock", "fcntl"])
def env(request, tmp_path):
    return dict(os.environ, LOCKKIT_LOCK_DIR=str(tmp_path / "locks"), LOCKKIT_LOCK_KIND=request.param,
                LOCKKIT_LOCK_TIMEOUT="30")


class Holder:
    """lock_holder --hold: takes the lock, says `locked <pid>`, keeps it until release()."""

    def __init__(self, env, resource, *flags):
        self.proc = subprocess.Popen([str(HOLDER), "--hold", *flags, str(resource)], env=env, text=True,
                                     stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.PIPE)
        self.pid = self.proc.pid

    def locked_within(self, seconds: float) -> bool:
        ready, _, _ = select.select([self.proc.stdout], [], [], seconds)
        if not ready:
            return False
        line = self.proc.stdout.readline()
        assert line == f"locked {self.pid}\n", line + self.proc.stderr.read()
        return True

    def release(self) -> str:
        """Releases the lock; returns the holder's stderr."""
        self.proc.stdin.close()
        out = self.proc.stdout.read()
        err = self.proc.stderr.read()
        assert self.proc.wait(timeout=30) == 0, err
        assert out == "released\n"
        return err

    def kill(self):
        if self.proc.poll() is None:
            self.proc.kill()
            self.proc.communicate(timeout=30)


@pytest.fixture
def holders():
    started = []

    def start(env, resource, *flags):
        h = Holder(env, resource, *flags)
        started.append(h)
        return h

    yield start
    for h in started:
        h.kill()


def holder(env, resource, *flags, timeout=60):
    """One lock_holder run that takes the lock and releases it at once (or --try)."""
    return subprocess.run([str(HOLDER), *flags, str(resource)], env=env, text=True, capture_output=True,
                          timeout=timeout)


def snapshot(root: Path) -> dict:
    """Every file and folder under root (except .git) with its bytes' size, content and mtime."""
    out = {}
    for dirpath, dirnames, filenames in os.walk(root):
        dirnames[:] = [d for d in dirnames if d != ".git"]
        for name in dirnames + filenames:
            p = Path(dirpath) / name
            st = p.lstat()
            content = p.read_bytes() if stat.S_ISREG(st.st_mode) else None
            out[str(p.relative_to(root))] = (stat.S_IFMT(st.st_mode), content, st.st_mtime_ns)
    return out


def make_project(where: Path, lock_name: str = "uv.lock") -> Path:
    """examples/hello with the given example lock as its uv.lock."""
    where.mkdir(parents=True, exist_ok=True)
    shutil.copy(EXAMPLE / "pyproject.toml", where / "pyproject.toml")
    shutil.copy(EXAMPLE / lock_name, where / "uv.lock")
    return where


# --- contention --------------------------------------------------------------


def test_exclusive_against_exclusive_serialises(env, tmp_path, holders):
    first = holders(env, tmp_path / "res")
    assert first.locked_within(10)
    second = holders(env, tmp_path / "res")
    assert not second.locked_within(0.7)
    first.release()
    assert second.locked_within(10)
    second.release()


def test_shared_with_shared_runs_at_once(env, tmp_path, holders):
    readers = [holders(env, tmp_path / "res", "--shared") for _ in range(3)]
    for r in readers:
        assert r.locked_within(10)
    # All three hold it at the same moment.
    assert all(r.proc.poll() is None for r in readers)
    for r in readers:
        r.release()


def test_shared_against_exclusive_waits(env, tmp_path, holders):
    reader = holders(env, tmp_path / "res", "--shared")
    assert reader.locked_within(10)
    refused = holder(env, tmp_path / "res", "--try")
    assert refused.returncode == 3
    assert f"is locked (held by pid {reader.pid}: lock_holder --hold --shared" in refused.stderr
    writer = holders(env, tmp_path / "res")
    assert not writer.locked_within(0.7)
    reader.release()
    assert writer.locked_within(10)
    # And the other way round: a reader waits for the writer.
    late_reader = holders(env, tmp_path / "res", "--shared")
    assert not late_reader.locked_within(0.7)
    writer.release()
    assert late_reader.locked_within(10)
    late_reader.release()


def test_kill_9_of_a_holder_frees_the_lock(env, tmp_path, holders):
    h = holders(env, tmp_path / "res")
    assert h.locked_within(10)
    assert holder(env, tmp_path / "res", "--try").returncode == 3
    os.kill(h.pid, signal.SIGKILL)
    h.proc.wait(timeout=10)
    assert holder(env, tmp_path / "res", "--try").returncode == 0


def test_a_command_started_under_a_lock_does_not_keep_it(env, tmp_path):
    # The lock's descriptor is close-on-exec: killing the holder frees the
    # lock even though the command it started still runs.
    started = tmp_path / "started"
    proc = subprocess.Popen([str(HOLDER), str(tmp_path / "res"), "--", "sh", "-c", f"touch {started}; exec sleep 30"],
                            env=env, text=True, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                            start_new_session=True)
    try:
        assert proc.stdout.readline() == f"locked {proc.pid}\n"
        deadline = time.monotonic() + 10
        while not started.exists() and time.monotonic() < deadline:
            time.sleep(0.01)
        assert started.exists()
        os.kill(proc.pid, signal.SIGKILL)
        proc.wait(timeout=10)
        os.killpg(proc.pid, 0)  # the command still runs
        assert holder(env, tmp_path / "res", "--try").returncode == 0
    finally:
        os.killpg(proc.pid, signal.SIGKILL)


def test_waiting_message_names_the_holders_pid_and_command(env, tmp_path, holders):
    resource = tmp_path / "res"
    h = holders(env, resource)
    assert h.locked_within(10)
    waiter = subprocess.Popen([str(HOLDER), str(resource)], env=env, text=True, stdout=subprocess.PIPE,
                              stderr=subprocess.PIPE)
    time.sleep(1.6)
    h.release()
    out, err = waiter.communicate(timeout=30)
    assert waiter.returncode == 0, err
    expected = (rf"waiting for {re.escape(str(resource.resolve()))} \(held by pid {h.pid}: "
                rf"lock_holder --hold {re.escape(str(resource))}, since {TIME}\)\n")
    assert re.fullmatch(expected, err), err  # exactly once
    assert out == f"locked {waiter.pid}\nreleased\n"


def test_symlinked_aliases_contend_for_one_lock(env, tmp_path, holders):
    (tmp_path / "foo").mkdir()
    (tmp_path / "bar").symlink_to(tmp_path / "foo")
    h = holders(env, tmp_path / "foo" / "new")  # `new` does not exist yet
    assert h.locked_within(10)
    assert holder(env, tmp_path / "bar" / "new", "--try").returncode == 3
    assert holder(env, tmp_path / "bar" / "." / "new", "--try").returncode == 3
    assert holder(env, tmp_path / "bar" / "other", "--try").returncode == 0
    h.release()
    assert holder(env, tmp_path / "bar" / "new", "--try").returncode == 0
    assert not (tmp_path / "foo" / "new").exists()


def test_lock_fmt_through_a_symlinked_project_waits_for_the_real_one(env, tmp_path, holders):
    project = make_project(tmp_path / "proj", "uv.hand-edited.lock")
    (tmp_path / "alias").symlink_to(project)
    h = holders(env, project)
    assert h.locked_within(10)
    r = subprocess.run([str(LOCK), "fmt", str(tmp_path / "alias" / "uv.lock")], capture_output=True, text=True,
                       env=dict(env, LOCKKIT_LOCK_TIMEOUT="1"), timeout=60)
    assert r.returncode == 2, r.stderr
    assert f"waiting for the lock on {project.resolve()}" in r.stderr
    h.release()


# --- the 8 x 200 counter ----------------------------------------------------------


def run_incrementers(env, counter: Path, resource: Path, processes: int, times: int, *flags: str) -> int:
    counter.write_text("0\n")
    procs = [subprocess.Popen([str(HOLDER), "--increment", str(counter), "--times", str(times), *flags,
                               str(resource)], env=env, text=True, stderr=subprocess.PIPE)
             for _ in range(processes)]
    for p in procs:
        _, err = p.communicate(timeout=120)
        assert p.returncode == 0, err
    return int(counter.read_text())


def test_eight_processes_two_hundred_increments_each_count_exactly_1600(env, tmp_path):
    start = time.monotonic()
    assert run_incrementers(env, tmp_path / "counter", tmp_path / "res", 8, 200) == 1600
    assert time.monotonic() - start < 120


def test_the_counter_loses_updates_without_the_lock(tmp_path):
    # The control for the test above: the same read-modify-write, unlocked
    # and with a pause inside, loses updates, so the exact count is the lock's doing.
    env = dict(os.environ, LOCKKIT_LOCK_DIR=str(tmp_path / "locks"))
    count = run_incrementers(env, tmp_path / "counter", tmp_path / "res", 8, 20, "--no-lock", "--delay-us", "2000")
    assert count < 160


# --- timeout ---------------------------------------------------------------------------


def test_lock_fmt_timeout_exits_2_and_changes_nothing(env, tmp_path, holders):
    project = make_project(tmp_path / "proj", "uv.hand-edited.lock")
    before = snapshot(project)
    h = holders(env, project)
    assert h.locked_within(10)
    r = subprocess.run([str(LOCK), "fmt", "uv.lock"], cwd=project, capture_output=True, text=True,
                       env=dict(env, LOCKKIT_LOCK_TIMEOUT="1.5"), timeout=60)
    assert r.returncode == 2
    resolved = re.escape(str(project.resolve()))
    assert re.search(rf"^waiting for {resolved} \(held by pid {h.pid}: lock_holder --hold .*, since {TIME}\)$",
                     r.stderr, re.M), r.stderr
    assert re.search(rf"^error: gave up after 1\.5 s waiting for the lock on {resolved} \(held by pid {h.pid}: ",
                     r.stderr, re.M), r.stderr
    assert "hint: the lock file is " in r.stderr and "LOCKKIT_LOCK_TIMEOUT" in r.stderr
    assert snapshot(project) == before
    h.release()
    # Once the lock is free the same command does its job: the lock was all that stopped it.
    r = subprocess.run([str(LOCK), "fmt", "uv.lock"], cwd=project, capture_output=True, text=True, env=env,
                       timeout=60)
    assert r.returncode == 0, r.stderr
    assert (project / "uv.lock").read_bytes() == (EXAMPLE / "uv.lock").read_bytes()


def test_lock_resolve_timeout_is_one_message_naming_the_project_and_the_lock(env, tmp_path, holders):
    project = tmp_path / "proj"
    project.mkdir()
    (project / "pyproject.toml").write_text('[project]\nname = "proj"\nversion = "0.1.0"\nrequires-python = ">=3.10"\n')
    h = holders(env, project)
    assert h.locked_within(10)
    r = subprocess.run([str(LOCK), "resolve", "--offline", "--no-index"], cwd=project, capture_output=True, text=True,
                       env=dict(env, LOCKKIT_LOCK_TIMEOUT="1.5", UV_NO_CONFIG="1",
                                LOCKKIT_CACHE_DIR=str(tmp_path / "cache")), timeout=60)
    assert r.returncode == 2
    errors = [line for line in r.stderr.splitlines() if line.startswith("error:")]
    resolved = re.escape(str(project.resolve()))
    assert len(errors) == 1 and errors[0].count("error") == 1, r.stderr
    assert re.match(rf"error: gave up after 1\.5 s waiting for the lock on {resolved} \(held by pid {h.pid}: ", errors[0]), r.stderr
    assert re.search(r"^hint: the lock file is \S+", r.stderr, re.M), r.stderr
    assert not (project / "uv.lock").exists()
    h.release()
    r = subprocess.run([str(LOCK), "resolve", "--offline", "--no-index"], cwd=project, capture_output=True, text=True,
                       env=dict(env, UV_NO_CONFIG="1", LOCKKIT_CACHE_DIR=str(tmp_path / "cache")), timeout=60)
    assert r.returncode == 0, r.stderr
    assert (project / "uv.lock").is_file()


def lock_text(packages: dict) -> str:
    """A small uv.lock: an editable root `app` depending on every package."""
    out = 'version = 1\nrevision = 3\nrequires-python = ">=3.12"\n'
    for name, version in sorted([("app", "0.1.0")] + list(packages.items())):
        out += f'\n[[package]]\nname = "{name}"\nversion = "{version}"\n'
        if name == "app":
            out += 'source = { editable = "." }\n'
            out += "dependencies = [\n" + "".join(f'    {{ name = "{d}" }},\n' for d in sorted(packages)) + "]\n"
        else:
            out += 'source = { registry = "https://pypi.org/simple" }\n'
            digest = f"{abs(hash(name + version)):064x}"[-64:]
            out += (f'sdist = {{ url = "https://files.example/{name}-{version}.tar.gz", '
                    f'hash = "sha256:{digest}", size = 10 }}\n')
    return out


def test_lock_merge_timeout_exits_2_and_leaves_ours(env, tmp_path, holders):
    project = tmp_path / "proj"
    project.mkdir()
    (project / "base.lock").write_text(lock_text({"a": "1.0"}))
    (project / "ours.lock").write_text(lock_text({"a": "1.0", "b": "1.0"}))
    (project / "theirs.lock").write_text(lock_text({"a": "2.0"}))
    before = snapshot(project)
    h = holders(env, project)
    assert h.locked_within(10)
    args = [str(LOCK_MERGE), "base.lock", "ours.lock", "theirs.lock", "uv.lock"]
    r = subprocess.run(args, cwd=project, capture_output=True, text=True,
                       env=dict(env, LOCKKIT_LOCK_TIMEOUT="1.5"), timeout=60)
    assert r.returncode == 2, r.stderr
    assert f"lock-merge: waiting for {project.resolve()} (held by pid {h.pid}: lock_holder" in r.stderr
    assert "lock-merge: error: gave up after 1.5 s waiting for the lock on" in r.stderr
    assert snapshot(project) == before
    h.release()
    r = subprocess.run(args, cwd=project, capture_output=True, text=True, env=env, timeout=60)
    assert r.returncode == 0, r.stderr
    assert 'version = "2.0"' in (project / "ours.lock").read_text()


# --- an unusable lock directory -----------------------------------------------------------


def test_unusable_lock_directory_readers_warn_once_writers_fail(tmp_path):
    project = make_project(tmp_path / "proj", "uv.hand-edited.lock")
    (tmp_path / "file").write_text("a file, not a folder")
    env = dict(os.environ, LOCKKIT_LOCK_DIR=str(tmp_path / "file" / "locks"))
    before = snapshot(project)
    r = subprocess.run([str(LOCK_VERIFY), "uv.lock"], cwd=project, capture_output=True, text=True, env=env,
                       timeout=60)
    assert r.returncode in (0, 1), r.stderr
    assert r.stderr.count("warning: cannot create the lock directory") == 1, r.stderr
    assert "without locking it" in r.stderr
    assert "hint: LOCKKIT_LOCK_DIR names this directory" in r.stderr
    r = subprocess.run([str(LOCK), "fmt", "uv.lock"], cwd=project, capture_output=True, text=True, env=env,
                       timeout=60)
    assert r.returncode == 2
    assert r.stderr.startswith(f"error: cannot create the lock directory {tmp_path / 'file' / 'locks'}: ")
    assert "LOCKKIT_LOCK_DIR" in r.stderr
    # Filling the download cache is writing too: refused before anything is fetched.
    r = subprocess.run([str(LOCK_VERIFY), "--download", "uv.lock"], cwd=project, capture_output=True, text=True,
                       env=dict(env, LOCKKIT_CACHE_DIR=str(tmp_path / "cache")), timeout=60)
    assert r.returncode == 2
    assert r.stderr.startswith(f"error: cannot create the lock directory {tmp_path / 'file' / 'locks'}: "), r.stderr
    assert not (tmp_path / "cache").exists()
    assert snapshot(project) == before


def test_bad_timeout_value_is_an_error(tmp_path):
    project = make_project(tmp_path / "proj", "uv.hand-edited.lock")
    env = dict(os.environ, LOCKKIT_LOCK_DIR=str(tmp_path / "locks"), LOCKKIT_LOCK_TIMEOUT="soon")
    r = subprocess.run([str(LOCK), "fmt", "uv.lock"], cwd=project, capture_output=True, text=True, env=env,
                       timeout=60)
    assert r.returncode == 2
    assert "error: LOCKKIT_LOCK_TIMEOUT=soon is not a number of seconds" in r.stderr


# --- prune -----------------------------------------------------------------------------------


def lock_files(env) -> set[str]:
    d = Path(env["LOCKKIT_LOCK_DIR"])
    return {p.name for p in d.iterdir() if p.name.endswith(".lock")} if d.exists() else set()


def prune(env) -> tuple[int, int]:
    r = subprocess.run([str(LOCK), "locks", "prune"], capture_output=True, text=True, env=env, timeout=60)
    assert r.returncode == 0, r.stderr
    m = re.fullmatch(rf"Removed (\d+) unused lock files? from {re.escape(env['LOCKKIT_LOCK_DIR'])} "
                     r"\((\d+) in use, kept\)\n", r.stderr)
    assert m, r.stderr
    return int(m[1]), int(m[2])


def test_prune_removes_only_locks_nobody_holds(env, tmp_path, holders):
    writer = holders(env, tmp_path / "held-exclusive")
    reader = holders(env, tmp_path / "held-shared", "--shared")
    assert writer.locked_within(10) and reader.locked_within(10)
    for name in ("free-1", "free-2"):
        assert holder(env, tmp_path / name).returncode == 0
    assert len(lock_files(env)) == 4
    assert prune(env) == (2, 2)
    assert len(lock_files(env)) == 2
    # The holders keep their locks.
    assert holder(env, tmp_path / "held-exclusive", "--try", "--shared").returncode == 3
    assert holder(env, tmp_path / "held-shared", "--try").returncode == 3
    assert holder(env, tmp_path / "held-shared", "--try", "--shared").returncode == 0
    writer.release()
    reader.release()
    assert prune(env) == (2, 0)
    assert lock_files(env) == set()


def test_prune_racing_lock_takers_never_admits_two_holders(env, tmp_path):
    counter = tmp_path / "counter"
    counter.write_text("0\n")
    procs = [subprocess.Popen([str(HOLDER), "--increment", str(counter), "--times", "150", "--pause-us", "300",
                               str(tmp_path / "res")], env=env, text=True, stderr=subprocess.PIPE)
             for _ in range(4)]
    removed = 0
    deadline = time.monotonic() + 120
    while any(p.poll() is None for p in procs) and time.monotonic() < deadline:
        removed += prune(env)[0]
    for p in procs:
        _, err = p.communicate(timeout=60)
        assert p.returncode == 0, err
    assert int(counter.read_text()) == 600
    assert removed > 0  # the prunes really ran between the takers


# --- read-only projects and environments; no litter ------------------------------------------------


def run_as_other_user(args, **kwargs):
    """Runs a program as `nobody` when we are root (to whom modes mean nothing), else as is."""
    if os.geteuid() == 0:
        args = ["setpriv", "--reuid=65534", "--regid=65534", "--clear-groups", "--", *args]
    return subprocess.run(args, capture_output=True, text=True, timeout=120, **kwargs)


def make_read_only(root: Path):
    for dirpath, dirnames, filenames in os.walk(root):
        for name in filenames:
            p = Path(dirpath) / name
            if not p.is_symlink():
                p.chmod(p.stat().st_mode & ~0o222 | 0o444)
        Path(dirpath).chmod(0o555)


@pytest.fixture
def shared_tmp():
    """A folder another user can enter (pytest's tmp_path is private to us)."""
    d = Path(tempfile.mkdtemp(prefix="lockkit-ro-"))
    d.chmod(0o755)
    yield d
    for dirpath, dirnames, _ in os.walk(d):
        Path(dirpath).chmod(0o755)
    shutil.rmtree(d, ignore_errors=True)


def test_read_only_project_is_readable_and_gets_no_lock_file(env, shared_tmp):
    if os.geteuid() == 0 and shutil.which("setpriv") is None:
        pytest.skip("running as root without setpriv: cannot make a project read-only")
    project = make_project(shared_tmp / "proj")
    locks = shared_tmp / "locks"
    locks.mkdir(mode=0o777)
    locks.chmod(0o1777)
    env = dict(env, LOCKKIT_LOCK_DIR=str(locks), HOME=str(shared_tmp))
    make_read_only(project)
    before = snapshot(project)
    assert run_as_other_user(["touch", str(project / "probe")], env=env).returncode != 0  # really read-only

    r = run_as_other_user([str(LOCK_VERIFY), "uv.lock"], cwd=project, env=env)
    assert r.returncode in (0, 1), r.stderr
    assert "warning:" not in r.stderr and "error:" not in r.stderr, r.stderr
    assert lock_files(env)  # it did lock, in the lock directory
    r = run_as_other_user([str(LOCK), "fmt", "--check", "uv.lock"], cwd=project, env=env)
    assert r.returncode == 0, r.stderr
    r = run_as_other_user([str(LOCK_DIFF), "uv.lock", "uv.lock"], cwd=project, env=env)
    assert r.returncode == 0, r.stderr
    assert snapshot(project) == before


def test_read_only_venv_is_readable_and_gets_no_lock_file(env, shared_tmp):
    if os.geteuid() == 0 and shutil.which("setpriv") is None:
        pytest.skip("running as root without setpriv: cannot make a venv read-only")
    sys.path.insert(0, str(ROOT / "tests" / "fixtures"))
    import uv_oracle
    import wheelmaker

    uv, why = uv_oracle.find_uv()
    if uv is None:
        pytest.skip(why)
    links = shared_tmp / "links"
    wheelmaker.make_wheel(links, "alpha", "1.0")
    project = shared_tmp / "proj"
    (project / "src" / "proj").mkdir(parents=True)
    (project / "src" / "proj" / "__init__.py").write_text("")
    (project / "pyproject.toml").write_text(textwrap.dedent("""\
        [project]
        name = "proj"
        version = "0.1.0"
        requires-python = ">=3.9"
        dependencies = ["alpha"]

        [build-system]
        requires = ["uv_build>=0.8,<0.13"]
        build-backend = "uv_build"
        """))
    uv_env = uv_oracle.sandbox_env(shared_tmp / "uv-home", UV_LINK_MODE="copy")
    for cmd in (["lock"], ["sync"]):
        r = subprocess.run([uv, *cmd, "--offline", "--no-index", "--find-links", str(links), "--python",
                            sys.executable], cwd=project, env=uv_env, capture_output=True, text=True, timeout=300)
        assert r.returncode == 0, r.stderr
    locks = shared_tmp / "locks"
    locks.mkdir(mode=0o777)
    locks.chmod(0o1777)
    env = dict(env, LOCKKIT_LOCK_DIR=str(locks), HOME=str(shared_tmp))
    make_read_only(project)
    before = snapshot(project)
    r = run_as_other_user([str(LOCK_VERIFY), "uv.lock", "--venv", ".venv"], cwd=project, env=env)
    assert r.returncode == 0, r.stdout + r.stderr
    assert "warning:" not in r.stderr, r.stderr
    assert len(lock_files(env)) == 2  # the project and the environment, both in the lock directory
    assert snapshot(project) == before


def git(repo: Path, *args: str, env=None) -> subprocess.CompletedProcess:
    r = subprocess.run(["git", *args], cwd=repo, env=env, capture_output=True, text=True, timeout=60)
    assert r.returncode == 0, r.stderr
    return r


def test_no_lock_litter_in_the_project_after_any_command(env, tmp_path):
    home = tmp_path / "home"
    home.mkdir()
    env = dict(env, HOME=str(home), XDG_CONFIG_HOME=str(home / ".config"), GIT_CONFIG_NOSYSTEM="1",
               GIT_AUTHOR_NAME="t", GIT_AUTHOR_EMAIL="t@example.com", GIT_COMMITTER_NAME="t",
               GIT_COMMITTER_EMAIL="t@example.com", LOCKKIT_CACHE_DIR=str(tmp_path / "cache"))
    project = make_project(tmp_path / "proj", "uv.hand-edited.lock")
    git(project, "init", "-q", "-b", "main", env=env)
    git(project, "add", ".", env=env)
    git(project, "commit", "-qm", "start", env=env)

    def run(args, changes=()):
        before = snapshot(project)
        r = subprocess.run(args, cwd=project, env=env, capture_output=True, text=True, timeout=120)
        after = snapshot(project)
        new = set(after) - set(before)
        changed = {k for k in set(after) & set(before) if after[k][:2] != before[k][:2]}
        assert new <= set(changes), (args, new)
        assert changed <= set(changes), (args, changed)
        assert set(before) - set(after) <= set(changes), args
        return r

    assert run([str(LOCK), "fmt", "--check"]).returncode == 1
    assert run([str(LOCK), "fmt", "--stdout"]).returncode == 0
    assert run([str(LOCK), "fmt"], changes={"uv.lock"}).returncode == 0
    assert lock_files(env), "lock fmt took its lock in the lock directory"
    assert run([str(LOCK_DIFF), "uv.lock", str(EXAMPLE / "uv.hand-edited.lock")]).returncode == 0
    assert run([str(LOCK_VERIFY), "uv.lock"]).returncode in (0, 1)
    assert run([str(LOCK_VERIFY), "uv.lock", "--artifacts", str(tmp_path)]).returncode in (0, 1)
    git(project, "commit", "-qam", "canonical", env=env)

    # A merge through the driver (registered in .git, which the walk leaves to git).
    assert run([str(LOCK_MERGE), "install", "--local"]).returncode == 0
    (project / "uv.lock").write_text(lock_text({"a": "1.0"}))
    git(project, "commit", "-qam", "base", env=env)
    git(project, "checkout", "-qb", "theirs", env=env)
    (project / "uv.lock").write_text(lock_text({"a": "2.0"}))
    git(project, "commit", "-qam", "theirs", env=env)
    git(project, "checkout", "-q", "main", env=env)
    (project / "uv.lock").write_text(lock_text({"a": "1.0", "b": "1.0"}))
    git(project, "commit", "-qam", "ours", env=env)
    r = run(["git", "merge", "--no-edit", "theirs"], changes={"uv.lock"})
    assert r.returncode == 0, r.stdout + r.stderr
    assert (project / "uv.lock").read_text() == lock_text({"a": "2.0", "b": "1.0"})

    assert run([str(LOCK), "locks", "prune"]).returncode == 0
    leftovers = [p for p in snapshot(project) if p.endswith(".lock") and p != "uv.lock"]
    assert leftovers == []
