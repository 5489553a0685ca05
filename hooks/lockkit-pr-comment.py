#!/usr/bin/env python3
"""Keeps one sticky lock-diff comment on a GitHub pull request or a GitLab merge request.

The comment is found again by the hidden marker `<!-- lockkit:lock-diff -->` that
`lock-diff --format markdown` writes on its first line. The script

  - creates the comment when the lock changed and there is none yet,
  - updates it when its text differs (left alone when identical),
  - deletes it when the lock change disappeared (no meaningful change any more),
  - deletes duplicates (a second comment with the marker, e.g. from a race).

The markdown comes from running `lock-diff BASE...HEAD --format markdown`
(--base/--head, or the pull request's refs from the CI environment), or from
stdin with `--markdown -` (or a file with `--markdown FILE`).

GitHub (GitHub Actions sets these):  GITHUB_TOKEN, GITHUB_REPOSITORY (owner/name),
  GITHUB_API_URL (default https://api.github.com), the PR number from --pr,
  LOCKKIT_PR_NUMBER, or the event in GITHUB_EVENT_PATH.
GitLab (GitLab CI sets all but the token): CI_API_V4_URL, CI_PROJECT_ID,
  CI_MERGE_REQUEST_IID; the token in LOCKKIT_GITLAB_TOKEN or GITLAB_TOKEN (a
  project or personal access token with `api` scope, sent as PRIVATE-TOKEN).
  CI_MERGE_REQUEST_DIFF_BASE_SHA and CI_COMMIT_SHA give BASE and HEAD.

Only the standard library is used (urllib, json). Exit status: 0 done (the
action taken is printed), 2 error (message on stderr).
"""
import argparse
import json
import os
import re
import subprocess
import sys
import urllib.error
import urllib.parse
import urllib.request

MARKER = "<!-- lockkit:lock-diff -->"
PER_PAGE = 100
MAX_PAGES = 100  # 10,000 comments: a guard against a server that never stops paging


class BotError(Exception):
    pass


class Api:
    """A tiny JSON REST client: one method per HTTP verb, with the platform's auth header."""

    def __init__(self, headers):
        self.headers = headers

    def request(self, method, url, body=None):
        data = None
        headers = dict(self.headers)
        if body is not None:
            data = json.dumps(body).encode()
            headers["Content-Type"] = "application/json"
        req = urllib.request.Request(url, data=data, method=method, headers=headers)
        try:
            with urllib.request.urlopen(req, timeout=60) as resp:
                raw = resp.read()
                payload = json.loads(raw) if raw.strip() else None
                return payload, resp.headers
        except urllib.error.HTTPError as e:
            detail = e.read().decode(errors="replace")[:500]
            raise BotError(f"{method} {url}: HTTP {e.code} {e.reason}: {detail}") from None
        except urllib.error.URLError as e:
            raise BotError(f"{method} {url}: {e.reason}") from None


def next_link(headers):
    """The rel="next" URL of a Link header, or None."""
    link = headers.get("Link") or headers.get("link")
    if not link:
        return None
    for part in link.split(","):
        m = re.match(r'\s*<([^>]+)>\s*;(.*)', part)
        if m and re.search(r'rel="?next"?', m.group(2)):
            return m.group(1)
    return None


def with_query(url, **params):
    parts = urllib.parse.urlsplit(url)
    query = dict(urllib.parse.parse_qsl(parts.query))
    query.update({k: str(v) for k, v in params.items()})
    return urllib.parse.urlunsplit(parts._replace(query=urllib.parse.urlencode(query)))


def list_all(api, url):
    """Every item of a paginated list: follows Link rel="next", else GitLab's X-Next-Page."""
    items = []
    url = with_query(url, per_page=PER_PAGE, page=1)
    for _ in range(MAX_PAGES):
        payload, headers = api.request("GET", url)
        if not isinstance(payload, list):
            raise BotError(f"GET {url}: expected a JSON list")
        items.extend(payload)
        nxt = next_link(headers)
        if nxt is None:
            page = (headers.get("X-Next-Page") or "").strip()
            if page:
                nxt = with_query(url, page=page)
        if nxt is None:
            return items
        url = nxt
    raise BotError(f"more than {MAX_PAGES} pages of comments")


class GitHub:
    name = "github"

    def __init__(self, args):
        token = os.environ.get("GITHUB_TOKEN") or os.environ.get("GH_TOKEN")
        repo = args.repo or os.environ.get("GITHUB_REPOSITORY")
        number = args.pr or os.environ.get("LOCKKIT_PR_NUMBER") or self.event_number()
        missing = [n for n, v in (("GITHUB_TOKEN", token), ("GITHUB_REPOSITORY", repo), ("PR number (--pr)", number)) if not v]
        if missing:
            raise BotError("missing " + ", ".join(missing))
        self.api = Api({"Authorization": f"Bearer {token}", "Accept": "application/vnd.github+json",
                        "X-GitHub-Api-Version": "2022-11-28", "User-Agent": "lockkit-pr-comment"})
        base = (os.environ.get("GITHUB_API_URL") or "https://api.github.com").rstrip("/")
        self.repo_url = f"{base}/repos/{repo}"
        self.number = str(number)

    @staticmethod
    def event_number():
        path = os.environ.get("GITHUB_EVENT_PATH")
        if path and os.path.exists(path):
            with open(path, encoding="utf-8") as f:
                event = json.load(f)
            pr = event.get("pull_request") or {}
            if pr.get("number"):
                return str(pr["number"])
        m = re.match(r"refs/pull/(\d+)/", os.environ.get("GITHUB_REF", ""))
        return m.group(1) if m else None

    def comments(self):
        return list_all(self.api, f"{self.repo_url}/issues/{self.number}/comments")

    def create(self, body):
        return self.api.request("POST", f"{self.repo_url}/issues/{self.number}/comments", {"body": body})[0]

    def update(self, comment_id, body):
        return self.api.request("PATCH", f"{self.repo_url}/issues/comments/{comment_id}", {"body": body})[0]

    def delete(self, comment_id):
        self.api.request("DELETE", f"{self.repo_url}/issues/comments/{comment_id}")


class GitLab:
    name = "gitlab"

    def __init__(self, args):
        token = os.environ.get("LOCKKIT_GITLAB_TOKEN") or os.environ.get("GITLAB_TOKEN")
        api = os.environ.get("CI_API_V4_URL")
        project = args.repo or os.environ.get("CI_PROJECT_ID")
        iid = args.pr or os.environ.get("CI_MERGE_REQUEST_IID")
        missing = [n for n, v in (("LOCKKIT_GITLAB_TOKEN or GITLAB_TOKEN", token), ("CI_API_V4_URL", api),
                                  ("CI_PROJECT_ID", project), ("CI_MERGE_REQUEST_IID (--pr)", iid)) if not v]
        if missing:
            raise BotError("missing " + ", ".join(missing))
        self.api = Api({"PRIVATE-TOKEN": token, "Accept": "application/json", "User-Agent": "lockkit-pr-comment"})
        self.mr_url = f"{api.rstrip('/')}/projects/{urllib.parse.quote(str(project), safe='')}/merge_requests/{iid}"

    def comments(self):
        return list_all(self.api, f"{self.mr_url}/notes")

    def create(self, body):
        return self.api.request("POST", f"{self.mr_url}/notes", {"body": body})[0]

    def update(self, comment_id, body):
        return self.api.request("PUT", f"{self.mr_url}/notes/{comment_id}", {"body": body})[0]

    def delete(self, comment_id):
        self.api.request("DELETE", f"{self.mr_url}/notes/{comment_id}")


def has_change(markdown):
    """Whether lock-diff's markdown reports a meaningful change (its heading ends `: no changes` otherwise)."""
    lines = [l for l in markdown.splitlines() if l.strip() and l.strip() != MARKER]
    return bool(lines) and not lines[0].rstrip().endswith(": no changes")


def run_lock_diff(args):
    base = args.base or os.environ.get("CI_MERGE_REQUEST_DIFF_BASE_SHA")
    head = args.head or os.environ.get("CI_COMMIT_SHA") or "HEAD"
    if not base:
        raise BotError("no base revision: pass --base (or --markdown -)")
    cmd = [args.lock_diff, f"{base}...{head}", "--format", "markdown", "--path", args.path]
    proc = subprocess.run(cmd, capture_output=True, text=True)
    if proc.returncode not in (0, 1):
        raise BotError(f"{' '.join(cmd)} failed (exit {proc.returncode}): {proc.stderr.strip()}")
    return proc.stdout


def sync_comment(platform, markdown):
    """Creates, updates or deletes the sticky comment; returns what was done, as a word and the id."""
    want = has_change(markdown)
    body = markdown if markdown.startswith(MARKER) else MARKER + "\n" + markdown
    ours = [c for c in platform.comments() if MARKER in (c.get("body") or "")]
    first, extra = (ours[0], ours[1:]) if ours else (None, [])
    for c in extra:
        platform.delete(c["id"])
    if not want:
        if first is None:
            return "nothing", None
        platform.delete(first["id"])
        return "deleted", first["id"]
    if first is None:
        created = platform.create(body) or {}
        return "created", created.get("id")
    if (first.get("body") or "").strip() == body.strip():
        return "unchanged", first["id"]
    platform.update(first["id"], body)
    return "updated", first["id"]


def main(argv=None):
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0],
                                 formatter_class=argparse.RawDescriptionHelpFormatter,
                                 epilog="See docs/lock-diff.md (PR bot) for the GitHub Action and a GitLab CI job.")
    ap.add_argument("--platform", choices=["github", "gitlab"],
                    help="default: gitlab when CI_API_V4_URL is set outside GitHub Actions, else github")
    ap.add_argument("--markdown", metavar="FILE", help="read lock-diff's markdown from FILE ('-' = stdin) instead of running lock-diff")
    ap.add_argument("--lock-diff", default=os.environ.get("LOCK_DIFF", "lock-diff"), help="the lock-diff binary (default: lock-diff in PATH)")
    ap.add_argument("--base", help="base revision (default on GitLab: CI_MERGE_REQUEST_DIFF_BASE_SHA)")
    ap.add_argument("--head", help="head revision (default: CI_COMMIT_SHA, else HEAD)")
    ap.add_argument("--path", default="uv.lock", help="the lock inside the repository (default: uv.lock)")
    ap.add_argument("--pr", help="pull request number / merge request IID (default: from the CI environment)")
    ap.add_argument("--repo", help="owner/name on GitHub, project id or path on GitLab (default: from the CI environment)")
    args = ap.parse_args(argv)
    try:
        if args.markdown == "-":
            markdown = sys.stdin.read()
        elif args.markdown:
            with open(args.markdown, encoding="utf-8") as f:
                markdown = f.read()
        else:
            markdown = run_lock_diff(args)
        kind = args.platform or ("gitlab" if os.environ.get("CI_API_V4_URL") and not os.environ.get("GITHUB_ACTIONS") else "github")
        platform = GitLab(args) if kind == "gitlab" else GitHub(args)
        action, comment_id = sync_comment(platform, markdown)
    except (BotError, OSError) as e:
        print(f"lockkit-pr-comment: error: {e}", file=sys.stderr)
        return 2
    print(f"lockkit-pr-comment: {action}" + (f" comment {comment_id}" if comment_id is not None else ""))
    return 0


if __name__ == "__main__":
    sys.exit(main())
