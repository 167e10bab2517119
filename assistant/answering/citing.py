"""Citations: numbering them as an answer quotes its sources (one [n] per cited
section), writing quoted units with their [n], and a deterministic test of whether a
sentence is supported by the text it cites."""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import replace

from ingest.keyword import tokenize

from ..models import QUOTE_JOINER, Citation, Passage
from .units import Kind, Unit

CITATION = re.compile(r"\[(\d+)\]")
SUPPORT_THRESHOLD = 0.6

_Key = tuple[str, tuple[str, ...]]


class Citer:
    def __init__(self, passages: list[Passage]) -> None:
        self._passages = passages
        self._numbers: dict[_Key, int] = {}
        self._quotes: dict[int, list[str]] = {}
        self._sources: dict[int, tuple[Passage, tuple[str, ...]]] = {}

    def cite(self, unit: Unit, quote: str | None = None) -> int:
        """The [n] for the unit's section, recording the quoted text under it."""
        passage = self._passages[unit.passage]
        key = (passage.file, unit.section_path)
        n = self._numbers.setdefault(key, len(self._numbers) + 1)
        self._sources.setdefault(n, (passage, unit.section_path))
        quotes = self._quotes.setdefault(n, [])
        text = quote or unit.quote
        # A lead-in is quoted once, before the first of its items.
        lead = _quoted_lead(unit) if quote is None else ""
        pieces = [lead, text.removeprefix(lead + QUOTE_JOINER)] if lead else [text]
        quotes += [piece for piece in pieces if piece not in quotes]
        return n

    def citations(self) -> tuple[Citation, ...]:
        return tuple(
            Citation(n, passage.file, passage.chapter, path, QUOTE_JOINER.join(self._quotes[n]),
                     passage.record, passage.source)
            for n, (passage, path) in sorted(self._sources.items())
        )


def cited(unit: Unit, citer: Citer) -> str:
    """The unit as the answer writes it, followed by its [n]."""
    text = unit.text.rstrip()
    # What a superseded record says never reads as the rule in force.
    lead = "_Superseded:_ " if unit.replaced else ""
    if unit.kind is Kind.CODE:
        code = text.replace("`", "")
        said = f"{unit.lead} " if unit.lead else ""
        return f"{lead}{said}`{code}` [{citer.cite(unit)}]"
    if text and text[-1] not in ".!?:":
        text += "."
    return f"{lead}{text} [{citer.cite(unit)}]"


def paragraph(units: Sequence[Unit], chosen: list[int], citer: Citer) -> list[str]:
    """The chosen units as the lines of one paragraph (see `paragraphs`)."""
    return paragraphs(units, [chosen], citer)


def paragraphs(units: Sequence[Unit], parts: Sequence[list[int]], citer: Citer) -> list[str]:
    """Each part's units as a paragraph, separated by blank lines: sentences run on, code
    reads one a line, and list items under one lead-in read as that lead-in over a list
    of them ("Ray on Kubernetes brings:", then the items), gathered where the first of
    them stands rather than the lead-in repeated before each."""
    # The decision in force is read first, what a superseded record said after it.
    parts = [sorted(chosen, key=lambda i: units[i].replaced) for chosen in parts if chosen]
    everything = [i for chosen in parts for i in chosen]
    done: set[int] = set()
    blocks: list[list[str]] = []
    for chosen in parts:
        if any(units[i].kind is Kind.CODE for i in chosen):
            blocks.append(_code_lines([units[i] for i in chosen], citer))
            continue
        prose: list[str] = []
        for i in chosen:
            lead = _lead_in(units[i])
            items = [j for j in everything if j not in done and lead and _lead_in(units[j]) == lead]
            if i in done or len(items) < 2:
                prose += [] if i in done else [cited(units[i], citer)]
                done.add(i)
                continue
            if prose:
                blocks.append([" ".join(prose)])
                prose = []
            own = (replace(units[j], text=units[j].text[len(lead):].lstrip()) for j in items)
            blocks.append([lead, *(f"- {cited(unit, citer)}" for unit in own)])
            done.update(items)
        if prose:
            blocks.append([" ".join(prose)])
    return [line for n, block in enumerate(blocks) for line in ([""] if n else []) + block]


def _code_lines(chosen: Sequence[Unit], citer: Citer) -> list[str]:
    """Code stanzas one a line, each block's lead-in said once above its stanzas, which
    are gathered where the first of them stands."""
    first = {unit.lead: n for n, unit in reversed(list(enumerate(chosen)))}
    lines: list[str] = []
    said = ""
    for unit in sorted(chosen, key=lambda unit: first[unit.lead]):
        if unit.lead and unit.lead != said:
            # A paragraph of its own: written right under a list item, it would join it.
            lines += ["", unit.lead] if lines else [unit.lead]
        said = unit.lead or said
        lines.append(f"- {cited(replace(unit, lead=''), citer)}")
    return lines


def _quoted_lead(unit: Unit) -> str:
    """The lead-in a list item's quote begins with ("Choose S3 when:"), if any."""
    if unit.kind is not Kind.BULLET or QUOTE_JOINER not in unit.source:
        return ""
    lead = unit.source.split(QUOTE_JOINER)[0]
    return lead if lead.endswith(":") else ""


def _lead_in(unit: Unit) -> str:
    """The lead-in a list item is read after ("Choose S3 when:"), if it has one."""
    lead = _quoted_lead(unit)
    return lead if unit.text.startswith(f"{lead} ") else ""


def support(sentence: str, source: str) -> float:
    """Share of the sentence's content words (stop words removed) found in the source."""
    words = set(tokenize(CITATION.sub("", sentence)))
    if not words:
        return 1.0
    return len(words & set(tokenize(source))) / len(words)


def is_supported(sentence: str, source: str) -> bool:
    return support(sentence, source) >= SUPPORT_THRESHOLD
