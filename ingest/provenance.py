"""Where each indexed file comes from: a link to its original, and when it last changed.

When the corpus lies in a git work tree whose remote is a web forge, links point at
the file at the commit checked out (`https://host/org/repo/blob/{commit}/{path}#L{line}`)
and the last change of each file is its last commit. `Settings.source_url` replaces the
inferred link. Without git, a file's modification time is its last change and there is
no link. Git runs locally with a time limit and never reaches the network; when it is
missing or fails, the file times are used.
"""

from __future__ import annotations

import os
import re
import subprocess
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from urllib.parse import quote, urlsplit, urlunsplit

GIT_TIMEOUT = 30.0  # seconds, for each git call
# Placeholders of a link template; {line} and {anchor} are filled per passage.
PLACEHOLDERS = ("{path}", "{line}", "{anchor}", "{commit}")
_SCP_REMOTE = re.compile(r"^(?:[\w.-]+@)?(?P<host>[\w.-]+):(?P<path>(?!/)[^\s]+)$")


@dataclass(frozen=True)
class Provenance:
    """One file's origin: a link template (None when there is no link) and its last change."""

    url: str | None  # {line} and {anchor} left to fill; see `link`
    last_changed: str  # ISO date


@dataclass(frozen=True)
class Checkout:
    """The git work tree a corpus lies in, as far as links need it."""

    top: Path
    commit: str
    web: str | None  # https://host/org/repo, from the remote
    tracked: frozenset[str]  # paths relative to `top`
    changed: dict[str, str]  # path relative to `top` -> ISO date of its last commit
    dirty: frozenset[str]  # tracked files that differ from the commit


def provenance(root: Path, files: dict[str, Path], source_url: str | None) -> dict[str, Provenance]:
    """Provenance of each indexed file (display name -> path) under `root`."""
    checkout = read_checkout(root)
    out: dict[str, Provenance] = {}
    for name, path in files.items():
        in_repo = _repo_path(checkout, path) if checkout else None
        changed = None
        if checkout and in_repo and in_repo not in checkout.dirty:
            changed = checkout.changed.get(in_repo)
        url = None
        if source_url:
            commit = checkout.commit if checkout else None
            url = fill(source_url, {"{path}": _quoted(name), "{commit}": commit})
        elif checkout and checkout.web and in_repo in checkout.tracked:
            url = fill(web_template(checkout.web),
                       {"{path}": _quoted(in_repo or ""), "{commit}": checkout.commit})
        out[name] = Provenance(url if url and is_web_link(url) else None,
                               changed or _mtime(path))
    return out


def web_template(web: str) -> str:
    """The forge's link to a file line: GitLab's `/-/blob/`, else the GitHub form."""
    blob = "/-/blob/" if "gitlab" in (urlsplit(web).hostname or "") else "/blob/"
    return web + blob + "{commit}/{path}#L{line}"


def fill(template: str, values: dict[str, str | None]) -> str | None:
    """`template` with `values` put in; None when a value outside the fragment is missing."""
    for key, value in values.items():
        if key not in template:
            continue
        if value is None:
            if key in template.partition("#")[0]:
                return None
            continue
        template = template.replace(key, value)
    return template


def link(template: str | None, line: int | None = None, anchor: str | None = None) -> str | None:
    """A link to a line or a heading of the file. A fragment whose placeholder has no value
    gives way to the heading's anchor, or is left out."""
    if template is None:
        return None
    values = {"{line}": str(line) if line is not None else None,
              "{anchor}": slug(anchor) if anchor else None}
    base, hash_, fragment = template.partition("#")
    filled = fill(base, values)
    if filled is None:
        return None
    if hash_:
        whole = fill(fragment, values)
        if whole is not None and not any(p in whole for p in PLACEHOLDERS):
            return f"{filled}#{whole}"
        if anchor:
            return f"{filled}#{slug(anchor)}"
    return filled


def slug(heading: str) -> str:
    """A heading's anchor as forges make it: lower case, punctuation dropped, dashes."""
    text = re.sub(r"[^\w\- ]", "", heading.strip().lower())
    return quote(text.replace(" ", "-"))


def is_web_link(url: str) -> bool:
    parts = urlsplit(url)
    return parts.scheme in ("http", "https") and bool(parts.hostname)


def web_of_remote(remote: str) -> str | None:
    """`https://host/org/repo` of a remote URL (https, ssh or `git@host:org/repo`),
    without credentials; None for a local path or another scheme."""
    remote = remote.strip()
    scp = _SCP_REMOTE.match(remote)
    if scp and "://" not in remote:
        host, path = scp["host"], scp["path"]
    else:
        parts = urlsplit(remote)
        if parts.scheme not in ("https", "http", "ssh", "git") or not parts.hostname:
            return None
        host, path = parts.hostname, parts.path
        if parts.scheme in ("https", "http") and parts.port:
            host = f"{host}:{parts.port}"
    path = path.strip("/").removesuffix(".git")
    if not path or not re.fullmatch(r"[\w.~-]+(?:/[\w.~-]+)+", path):
        return None
    return urlunsplit(("https", host, "/" + path, "", ""))


def read_checkout(root: Path) -> Checkout | None:
    """The git work tree `root` lies in; None without git, a work tree or a commit."""
    folder = root if root.is_dir() else root.parent
    top = _git(folder, "rev-parse", "--show-toplevel")
    commit = _git(folder, "rev-parse", "--verify", "HEAD")
    if not top or not commit:
        return None
    top_path = Path(top.strip())
    remotes = (_git(folder, "remote") or "").split()
    remote = "origin" if "origin" in remotes else (remotes[0] if remotes else None)
    url = _git(folder, "remote", "get-url", remote) if remote else None
    # Only the corpus folder's history: a large repository's other files cost nothing.
    tracked = (_git(folder, "ls-files", "--full-name", "-z", "--", ".") or "").split("\0")
    dirty = (_git(folder, "diff", "--name-only", "-z", "HEAD", "--", ".") or "").split("\0")
    log = _git(folder, "log", "--format=%x00%cI", "--name-only", "-z", "HEAD", "--", ".") or ""
    return Checkout(top_path, commit.strip(), web_of_remote(url) if url else None,
                    frozenset(filter(None, tracked)), _last_changes(log),
                    frozenset(filter(None, dirty)))


def _last_changes(log: str) -> dict[str, str]:
    """Path -> date of its newest commit, from `git log --format=%x00%cI --name-only -z`."""
    changed: dict[str, str] = {}
    when = ""
    for item in log.split("\0"):
        item = item.strip("\n")
        if not item:
            continue
        if re.fullmatch(r"\d{4}-\d\d-\d\dT[\d:+\-Z]+", item):
            when = item[:10]
            continue
        for path in item.split("\n"):
            if path and when:
                changed.setdefault(path, when)
    return changed


def _git(folder: Path, *args: str) -> str | None:
    env = {**os.environ, "GIT_TERMINAL_PROMPT": "0", "GIT_OPTIONAL_LOCKS": "0",
           "LC_ALL": "C"}
    try:
        done = subprocess.run(["git", "-c", "core.quotepath=off", "-C", str(folder), *args],
                              capture_output=True, text=True, timeout=GIT_TIMEOUT, env=env,
                              check=False, encoding="utf-8", errors="surrogateescape")
    except (OSError, subprocess.SubprocessError):
        return None
    return done.stdout if done.returncode == 0 else None


def _repo_path(checkout: Checkout, path: Path) -> str | None:
    try:
        return path.resolve().relative_to(checkout.top.resolve()).as_posix()
    except ValueError:
        return None


def _quoted(path: str) -> str:
    return quote(path, safe="/")


def _mtime(path: Path) -> str:
    try:
        return datetime.fromtimestamp(path.stat().st_mtime, UTC).date().isoformat()
    except OSError:
        return ""


def paths_of(names: Iterable[str], root: Path) -> dict[str, Path]:
    """Display names of files under `root` as paths (the root itself when it is a file)."""
    return {n: root if root.is_file() else root / n for n in names}
