"""Git repositories made in tmp_path, with fixed authors and dates, so provenance
(links at the pinned commit, last-changed dates) is tested against the real git."""

from __future__ import annotations

import os
import subprocess
from pathlib import Path

COMMIT_DATE = "2023-05-04T10:00:00+00:00"


def git(folder: Path, *args: str) -> str:
    """Run git in `folder` as a fixed author at COMMIT_DATE; its stdout, stripped."""
    env = {**os.environ, "GIT_AUTHOR_DATE": COMMIT_DATE, "GIT_COMMITTER_DATE": COMMIT_DATE,
           "GIT_AUTHOR_NAME": "A", "GIT_AUTHOR_EMAIL": "a@example.org",
           "GIT_COMMITTER_NAME": "A", "GIT_COMMITTER_EMAIL": "a@example.org"}
    return subprocess.run(["git", "-C", str(folder), *args], check=True, capture_output=True,
                          text=True, env=env).stdout.strip()
