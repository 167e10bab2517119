"""Helpers the command-line tests of ingest share."""

from __future__ import annotations

import pytest


def one_line(capsys: pytest.CaptureFixture[str]) -> str:
    """The one line a failed command wrote to stderr; fails on a traceback or more lines."""
    err = capsys.readouterr().err
    lines = [line for line in err.splitlines() if line.strip()]
    assert len(lines) == 1 and "Traceback" not in err, err[-2000:]
    return lines[0]
