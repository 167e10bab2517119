"""A citation's decision status and provenance as every front end shows them: one short
line of plain words ("superseded · not in force · decided 2017-07-14 · changed 2024-05-01")
and the link to the original, http(s) only."""

from __future__ import annotations

from assistant import Citation

from .render import safe_target

SEPARATOR = " · "


def standing_words(citation: Citation) -> str:
    """Status, standing, decision date and last change, those the citation has."""
    words: list[str] = []
    record = citation.record
    if record is not None:
        words.append(record.status or "no status")
        if record.standing and not record.in_force:
            words.append(record.standing)
        if record.date:
            words.append(f"decided {record.date}")
    if citation.source is not None and citation.source.last_changed:
        words.append(f"changed {citation.source.last_changed}")
    return SEPARATOR.join(words)


def original_link(citation: Citation) -> str | None:
    """The link to the original page, when it is a web link."""
    url = citation.source.url if citation.source is not None else None
    return url if url and url.startswith(("https://", "http://")) and safe_target(url) else None
