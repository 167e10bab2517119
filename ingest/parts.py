"""The six decision parts every chapter uses, recognised loosely from heading text."""

from __future__ import annotations

import re
from collections.abc import Sequence

DECISION_PARTS: tuple[str, ...] = (
    "The Decision",
    "Options",
    "Decision Criteria",
    "Trade-offs",
    "Recommendations",
    "Real-world Examples",
)

# Order matters: "Decision Criteria" must win over "The Decision".
_PATTERNS: tuple[tuple[re.Pattern[str], str], ...] = (
    (re.compile(r"\bcriteri(a|on)\b", re.I), "Decision Criteria"),
    (re.compile(r"\btrade[\s-]?offs?\b|\bpros and cons\b", re.I), "Trade-offs"),
    (re.compile(r"\brecommend", re.I), "Recommendations"),
    (re.compile(r"\bexamples?\b|\bcase stud|\bscenarios?\b", re.I), "Real-world Examples"),
    (re.compile(r"^\W*(\d+[.)]\s*)?(the\s+)?(available\s+)?options\b", re.I), "Options"),
    (re.compile(r"^\W*(\d+[.)]\s*)?(the\s+)?decision\W*$", re.I), "The Decision"),
)


def part_of_heading(heading: str) -> str | None:
    for pattern, part in _PATTERNS:
        if pattern.search(heading):
            return part
    return None


def decision_part(section_path: Sequence[str]) -> str | None:
    """The decision part named by the innermost heading that names one, if any."""
    for heading in reversed(section_path):
        part = part_of_heading(heading)
        if part:
            return part
    return None
