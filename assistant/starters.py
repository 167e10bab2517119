"""Suggested first questions, derived from the indexed documents' own headings.

A decision whose options have headings of their own suggests "A or B?"; a decision with
a trade-offs or recommendations section suggests asking for those. Files take turns, so
the suggestions cover several documents.
"""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Sequence

from ingest.chunking import Chunk
from ingest.parts import OPTIONS, RECOMMENDATIONS, TRADE_OFFS, RoleMap

_NUMBERING = re.compile(r"^\s*(?:\d+[.)]|[A-Z][.)]|step \d+:?)\s*", re.I)
_ASIDE = re.compile(r"\s*[(:].*$")  # "Amazon EKS (Managed Kubernetes)" -> "Amazon EKS"
MAX_OPTION_WORDS = 6


def starter_questions(chunks: Sequence[Chunk], roles: RoleMap, limit: int = 4) -> list[str]:
    """Up to `limit` questions the documents can answer, a few per file in turn."""
    per_file: dict[str, list[str]] = defaultdict(list)
    for file, paths in _section_paths(chunks).items():
        per_file[file] = _questions_for(paths, roles)
    questions: list[str] = []
    while len(questions) < limit and any(per_file.values()):
        for file in sorted(per_file):
            if per_file[file] and len(questions) < limit:
                question = per_file[file].pop(0)
                if question not in questions:
                    questions.append(question)
    return questions


def _section_paths(chunks: Sequence[Chunk]) -> dict[str, list[tuple[str, ...]]]:
    paths: dict[str, list[tuple[str, ...]]] = defaultdict(list)
    for chunk in chunks:
        if chunk.section_path not in paths[chunk.file]:
            paths[chunk.file].append(chunk.section_path)
    return paths


def _questions_for(paths: list[tuple[str, ...]], roles: RoleMap) -> list[str]:
    comparisons: list[str] = []
    others: list[str] = []
    options: dict[tuple[str, ...], list[str]] = defaultdict(list)
    for path in paths:
        if len(path) > 1 and roles.of_heading(path[-2]) == OPTIONS:
            name = _name(path[-1])
            if 0 < len(name.split()) <= MAX_OPTION_WORDS:
                options[path[:-1]].append(name)
        role = roles.of_heading(path[-1])
        subject = _subject(path[:-1], roles)
        if subject and role == TRADE_OFFS:
            others.append(f"What are the trade-offs of {subject}?")
        elif subject and role == RECOMMENDATIONS:
            others.append(f"What is recommended for {subject}?")
    for names in options.values():
        if len(names) >= 2:
            comparisons.append(f"{names[0]} or {names[1]}?")
    if not comparisons and not others and paths:
        others.append(f"What should I know about {_name(paths[0][0])}?")
    return comparisons + others


def _subject(path: tuple[str, ...], roles: RoleMap) -> str:
    """The innermost heading above a decision part that is not itself a part."""
    for heading in reversed(path[1:]):
        if roles.of_heading(heading) is None:
            return _name(heading)
    return ""


def _name(heading: str) -> str:
    return _ASIDE.sub("", _NUMBERING.sub("", heading)).strip()
