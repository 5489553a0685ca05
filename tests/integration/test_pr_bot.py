"""hooks/lockkit-pr-comment.py against a local stub of the GitHub and GitLab REST APIs.

The stub (http.server on 127.0.0.1, a random port, in a thread) keeps comments in
memory, pages lists like the real APIs (GitHub: Link rel="next"; GitLab:
X-Next-Page and Link) and records every request, so the tests assert the exact
method, path and body the bot sent.
"""
import json
import os
import subprocess
import sys
import threading
import urllib.parse
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest

# An empty global git config in a temp dir. Never point GIT_CONFIG_GLOBAL at
# /dev/null: a test that writes global config (install --global) would make git
# replace /dev/null itself with a regular file (it writes via lock + rename).
import tempfile as _tempfile
_NO_GLOBAL_CONFIG = os.path.join(_tempfile.mkdtemp(prefix="lockkit-gitconfig-"), "gitconfig")
open(_NO_GLOBAL_CONFIG, "w").close()

ROOT = Path(__file__).resolve().parents[2]
SCRIPT = ROOT / "hooks" / "lockkit-pr-comment.py"
BUILD = Path(os.environ.get("LOCKKIT_BUILD_DIR", ROOT / "build"))
LOCK_DIFF = BUILD / "tools" / "lock-diff" / "lock-diff"
MARKER = "<!-- lockkit:lock-diff -->"
CHANGED = MARKER + "\n### `uv.lock`: 1 upgraded\n\n| Package | Change |\n"
UNCHANGED = MARKER + "\n### `uv.lock`: no changes\n"


class Stub:
    """In-memory comments of one PR (GitHub) or MR (GitLab), and the requests seen."""

    def __init__(self, flavour):
        self.flavour = flavour
        self.comments = []
        self.requests = []  # (method, path without query, query dict, body or None, headers)
        self.next_id = 1000

    def add(self, body, author="someone"):
        self.next_id += 1
        self.comments.append({"id": self.next_id, "body": body, "user": {"login": author}})
        return self.next_id

    def calls(self, with_query=False):
        """(method, path[, query], body) of every request except those with no interest."""
        return [(m, p, q, b) if with_query else (m, p, b) for m, p, q, b, _ in self.requests]


def make_handler(stub):
    class Handler(BaseHTTPRequestHandler):
        def log_message(self, *args):
            pass

        def _reply(self, status, payload=None, headers=None):
            raw = b"" if payload is None else json.dumps(payload).encode()
            self.send_response(status)
            self.send_header("Content-Type", "application/json")
            self.send_header("Content-Length", str(len(raw)))
            for k, v in (headers or {}).items():
                self.send_header(k, v)
            self.end_headers()
            self.wfile.write(raw)

        def _handle(self, method):
            url = urllib.parse.urlsplit(self.path)
            query = dict(urllib.parse.parse_qsl(url.query))
            length = int(self.headers.get("Content-Length") or 0)
            body = json.loads(self.rfile.read(length)) if length else None
            stub.requests.append((method, url.path, query, body, {k.lower(): v for k, v in self.headers.items()}))
            parts = url.path.strip("/").split("/")
            if stub.flavour == "github":
                return self._github(method, url, parts, query, body)
            return self._gitlab(method, url, parts, query, body)

        def _page(self, url, query, extra_headers_fn):
            per_page = int(query.get("per_page", 30))
            page = int(query.get("page", 1))
            items = stub.comments[(page - 1) * per_page: page * per_page]
            headers = {}
            if page * per_page < len(stub.comments):
                nxt = dict(query, page=str(page + 1), per_page=str(per_page))
                host = f"http://{self.headers['Host']}"
                headers["Link"] = f'<{host}{url.path}?{urllib.parse.urlencode(nxt)}>; rel="next"'
                extra_headers_fn(headers, page + 1)
            else:
                extra_headers_fn(headers, None)
            self._reply(200, items, headers)

        def _github(self, method, url, parts, query, body):
            if self.headers.get("Authorization") != "Bearer t0ken":
                return self._reply(401, {"message": "Bad credentials"})
            # repos/o/r/issues/7/comments  or  repos/o/r/issues/comments/ID
            if parts[:3] != ["repos", "o", "r"] or parts[3] != "issues":
                return self._reply(404, {"message": "Not Found"})
            if parts[4] == "comments":
                cid = int(parts[5])
                found = [c for c in stub.comments if c["id"] == cid]
                if not found:
                    return self._reply(404, {"message": "Not Found"})
                if method == "PATCH":
                    found[0]["body"] = body["body"]
                    return self._reply(200, found[0])
                if method == "DELETE":
                    stub.comments.remove(found[0])
                    return self._reply(204)
            elif parts[5] == "comments" and parts[4] == "7":
                if method == "GET":
                    return self._page(url, query, lambda h, n: None)
                if method == "POST":
                    stub.add(body["body"], "github-actions[bot]")
                    return self._reply(201, stub.comments[-1])
            return self._reply(404, {"message": "Not Found"})

        def _gitlab(self, method, url, parts, query, body):
            if self.headers.get("PRIVATE-TOKEN") != "glpat":
                return self._reply(401, {"message": "401 Unauthorized"})
            # api/v4/projects/group%2Fproj/merge_requests/5/notes[/ID]
            if parts[:3] != ["api", "v4", "projects"] or parts[3] != "group%2Fproj" or parts[4:7] != ["merge_requests", "5", "notes"]:
                return self._reply(404, {"message": "404 Not found"})
            if len(parts) == 7:
                if method == "GET":
                    def gitlab_headers(h, nxt):
                        h["X-Next-Page"] = str(nxt) if nxt else ""
                        h.pop("Link", None)  # make the bot use X-Next-Page
                    return self._page(url, query, gitlab_headers)
                if method == "POST":
                    stub.add(body["body"], "bot")
                    return self._reply(201, stub.comments[-1])
            else:
                nid = int(parts[7])
                found = [c for c in stub.comments if c["id"] == nid]
                if not found:
                    return self._reply(404, {"message": "404 Not found"})
                if method == "PUT":
                    found[0]["body"] = body["body"]
                    return self._reply(200, found[0])
                if method == "DELETE":
                    stub.comments.remove(found[0])
                    return self._reply(204)
            return self._reply(404, {"message": "404 Not found"})

        def do_GET(self):
            self._handle("GET")

        def do_POST(self):
            self._handle("POST")

        def do_PATCH(self):
            self._handle("PATCH")

        def do_PUT(self):
            self._handle("PUT")

        def do_DELETE(self):
            self._handle("DELETE")

    return Handler


def serve(flavour):
    stub = Stub(flavour)
    server = ThreadingHTTPServer(("127.0.0.1", 0), make_handler(stub))
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    stub.url = f"http://127.0.0.1:{server.server_address[1]}"
    return stub, server


@pytest.fixture
def github():
    stub, server = serve("github")
    yield stub
    server.shutdown()
    server.server_close()


@pytest.fixture
def gitlab():
    stub, server = serve("gitlab")
    yield stub
    server.shutdown()
    server.server_close()


def clean_env():
    env = {k: v for k, v in os.environ.items()
           if not k.startswith(("GITHUB_", "CI_", "GITLAB_", "LOCKKIT_GITLAB", "LOCKKIT_PR"))}
    env.pop("GH_TOKEN", None)
    return env


def bot(stub, markdown, *args, cwd=None):
    env = clean_env()
    if stub.flavour == "github":
        env.update(GITHUB_TOKEN="t0ken", GITHUB_REPOSITORY="o/r", GITHUB_API_URL=stub.url)
        args = ("--pr", "7", *args)
    else:
        env.update(CI_API_V4_URL=stub.url + "/api/v4", CI_PROJECT_ID="group/proj", CI_MERGE_REQUEST_IID="5",
                   GITLAB_TOKEN="glpat")
    cmd = [sys.executable, str(SCRIPT), *args]
    if markdown is not None:
        cmd += ["--markdown", "-"]
    return subprocess.run(cmd, input=markdown or "", capture_output=True, text=True, env=env, cwd=cwd, timeout=60)


COMMENTS = "/repos/o/r/issues/7/comments"


def test_github_creates_the_comment(github):
    github.add("LGTM")
    r = bot(github, CHANGED)
    assert r.returncode == 0, r.stderr
    assert "created" in r.stdout
    assert github.calls() == [("GET", COMMENTS, None), ("POST", COMMENTS, {"body": CHANGED})]
    method, path, query, _, headers = github.requests[0]
    assert query == {"per_page": "100", "page": "1"}
    assert headers["authorization"] == "Bearer t0ken"
    assert headers["accept"] == "application/vnd.github+json"


def test_github_adds_the_marker_when_missing(github):
    r = bot(github, "### `uv.lock`: 1 added\n")
    assert r.returncode == 0, r.stderr
    assert github.calls()[-1] == ("POST", COMMENTS, {"body": MARKER + "\n### `uv.lock`: 1 added\n"})


def test_github_updates_its_own_comment(github):
    github.add("first review")
    own = github.add(MARKER + "\n### `uv.lock`: 2 upgraded\n")
    github.add("another")
    r = bot(github, CHANGED)
    assert r.returncode == 0, r.stderr
    assert f"updated comment {own}" in r.stdout
    assert github.calls() == [("GET", COMMENTS, None),
                              ("PATCH", f"/repos/o/r/issues/comments/{own}", {"body": CHANGED})]
    assert [c["body"] for c in github.comments if c["id"] == own] == [CHANGED]


def test_github_leaves_an_identical_comment_alone(github):
    own = github.add(CHANGED)
    r = bot(github, CHANGED)
    assert r.returncode == 0, r.stderr
    assert f"unchanged comment {own}" in r.stdout
    assert [m for m, _, _ in github.calls()] == ["GET"]


def test_github_deletes_when_the_lock_change_disappeared(github):
    github.add("keep me")
    own = github.add(CHANGED)
    r = bot(github, UNCHANGED)
    assert r.returncode == 0, r.stderr
    assert f"deleted comment {own}" in r.stdout
    assert github.calls() == [("GET", COMMENTS, None), ("DELETE", f"/repos/o/r/issues/comments/{own}", None)]
    assert [c["body"] for c in github.comments] == ["keep me"]


def test_github_no_change_and_no_comment_does_nothing(github):
    r = bot(github, UNCHANGED)
    assert r.returncode == 0, r.stderr
    assert "nothing" in r.stdout
    assert [m for m, _, _ in github.calls()] == ["GET"]


def test_github_paginates_to_find_the_marker_on_page_three(github):
    for i in range(250):
        if i == 230:
            own = github.add(MARKER + "\nold text\n", "github-actions[bot]")
        else:
            github.add(f"comment {i}")
    r = bot(github, CHANGED)
    assert r.returncode == 0, r.stderr
    calls = github.calls(with_query=True)
    assert [(m, p, q) for m, p, q, _ in calls[:3]] == [
        ("GET", COMMENTS, {"per_page": "100", "page": "1"}),
        ("GET", COMMENTS, {"per_page": "100", "page": "2"}),
        ("GET", COMMENTS, {"per_page": "100", "page": "3"}),
    ]
    assert calls[3] == ("PATCH", f"/repos/o/r/issues/comments/{own}", {}, {"body": CHANGED})
    assert len(calls) == 4  # no POST: the comment on page 3 was found


def test_github_removes_duplicate_markers(github):
    first = github.add(CHANGED + "old")
    second = github.add(CHANGED + "older")
    r = bot(github, CHANGED)
    assert r.returncode == 0, r.stderr
    assert github.calls()[1:] == [("DELETE", f"/repos/o/r/issues/comments/{second}", None),
                                  ("PATCH", f"/repos/o/r/issues/comments/{first}", {"body": CHANGED})]


def test_github_http_error_is_exit_two(github):
    r = subprocess.run([sys.executable, str(SCRIPT), "--pr", "7", "--markdown", "-"], input=CHANGED, text=True,
                       capture_output=True, timeout=60,
                       env=dict(clean_env(), GITHUB_TOKEN="wrong", GITHUB_REPOSITORY="o/r", GITHUB_API_URL=github.url))
    assert r.returncode == 2
    assert "HTTP 401" in r.stderr


def test_github_missing_settings_are_named():
    r = subprocess.run([sys.executable, str(SCRIPT), "--markdown", "-"], input=CHANGED, text=True,
                       capture_output=True, env=clean_env(), timeout=60)
    assert r.returncode == 2
    assert "GITHUB_TOKEN" in r.stderr and "GITHUB_REPOSITORY" in r.stderr


def test_github_pr_number_from_the_event_file(github, tmp_path):
    event = tmp_path / "event.json"
    event.write_text(json.dumps({"pull_request": {"number": 7}}))
    env = dict(clean_env(), GITHUB_TOKEN="t0ken", GITHUB_REPOSITORY="o/r", GITHUB_API_URL=github.url,
               GITHUB_EVENT_PATH=str(event), GITHUB_ACTIONS="true")
    r = subprocess.run([sys.executable, str(SCRIPT), "--markdown", "-"], input=CHANGED, text=True,
                       capture_output=True, env=env, timeout=60)
    assert r.returncode == 0, r.stderr
    assert github.calls()[-1] == ("POST", COMMENTS, {"body": CHANGED})


NOTES = "/api/v4/projects/group%2Fproj/merge_requests/5/notes"


def test_gitlab_creates_a_note(gitlab):
    r = bot(gitlab, CHANGED)
    assert r.returncode == 0, r.stderr
    assert gitlab.calls() == [("GET", NOTES, None), ("POST", NOTES, {"body": CHANGED})]
    assert gitlab.requests[0][4]["private-token"] == "glpat"


def test_gitlab_updates_its_note_on_a_later_page(gitlab):
    for i in range(150):
        gitlab.add(f"note {i}")
    own = gitlab.add(MARKER + "\nold\n")
    r = bot(gitlab, CHANGED)
    assert r.returncode == 0, r.stderr
    calls = gitlab.calls(with_query=True)
    assert [(m, p, q.get("page")) for m, p, q, _ in calls[:2]] == [("GET", NOTES, "1"), ("GET", NOTES, "2")]
    assert calls[2] == ("PUT", f"{NOTES}/{own}", {}, {"body": CHANGED})
    assert len(calls) == 3


def test_gitlab_deletes_the_note(gitlab):
    own = gitlab.add(CHANGED)
    r = bot(gitlab, UNCHANGED)
    assert r.returncode == 0, r.stderr
    assert gitlab.calls() == [("GET", NOTES, None), ("DELETE", f"{NOTES}/{own}", None)]
    assert gitlab.comments == []


def git(repo, *args):
    subprocess.run(["git", "-C", str(repo), *args], check=True, capture_output=True,
                   env=dict(os.environ, GIT_AUTHOR_NAME="t", GIT_AUTHOR_EMAIL="t@example.com",
                            GIT_COMMITTER_NAME="t", GIT_COMMITTER_EMAIL="t@example.com",
                            GIT_CONFIG_GLOBAL=_NO_GLOBAL_CONFIG, GIT_CONFIG_SYSTEM="/dev/null"))


LOCK = """version = 1
revision = 3
requires-python = ">=3.12"

[[package]]
name = "app"
version = "0.1.0"
source = {{ editable = "." }}
dependencies = [
    {{ name = "six" }},
]

[[package]]
name = "six"
version = "{version}"
source = {{ registry = "https://pypi.org/simple" }}
sdist = {{ url = "https://files.pythonhosted.org/packages/six-{version}.tar.gz", hash = "sha256:ff", size = 10 }}
"""


def test_runs_lock_diff_on_base_and_head_then_deletes_when_reverted(github, tmp_path):
    if not LOCK_DIFF.exists():
        pytest.skip(f"lock-diff not built at {LOCK_DIFF}")
    repo = tmp_path / "repo"
    repo.mkdir()
    git(repo, "init", "-q", "-b", "main")
    (repo / "uv.lock").write_text(LOCK.format(version="1.16.0"))
    git(repo, "add", "uv.lock")
    git(repo, "commit", "-q", "-m", "base")
    git(repo, "checkout", "-q", "-b", "pr")
    (repo / "uv.lock").write_text(LOCK.format(version="1.17.0"))
    git(repo, "commit", "-q", "-am", "bump six")
    r = bot(github, None, "--lock-diff", str(LOCK_DIFF), "--base", "main", "--head", "pr", cwd=repo)
    assert r.returncode == 0, r.stderr
    method, path, body = github.calls()[-1]
    assert (method, path) == ("POST", COMMENTS)
    assert body["body"].startswith(MARKER) and "six" in body["body"] and "1.16.0" in body["body"]
    # The PR reverts the bump: the comment goes away.
    (repo / "uv.lock").write_text(LOCK.format(version="1.16.0"))
    git(repo, "commit", "-q", "-am", "revert")
    r = bot(github, None, "--lock-diff", str(LOCK_DIFF), "--base", "main", "--head", "pr", cwd=repo)
    assert r.returncode == 0, r.stderr
    assert github.calls()[-1][0] == "DELETE"
    assert github.comments == []
