"""Which retrieved passages an extractive answer quotes: those near the best one (the
gate), the sections of a question's own kinds that answer however they score, and the
held-back sections that state what the quoted ones do not."""

from __future__ import annotations

import re
from collections.abc import Sequence

from ingest.tuning import ExtractiveParams

from ..language import DECIDING_HEADING
from ..models import Passage
from ..query.wants import Side
from .selection import PARAMS, SIDE_HEADINGS, kind_weight
from .units import Unit

# Kept as names of their own: tests and the evals read the gates.
PASSAGE_GATE = PARAMS.passage_gate
OTHER_FILE_GATE = PARAMS.other_file_gate


def answer_sources(passages: list[Passage], params: ExtractiveParams = PARAMS,
                   side: Side | None = None) -> list[Passage]:
    """The passages an answer quotes: those scoring near the best one. A passage from
    another file than the best one must score nearer, since one decision is usually
    argued in one chapter and a stray file's sentence is the likelier off-topic quote.
    A section of the best one's file headed for the side the question asks about (its
    downsides, say) is quoted however it scores: its heading says it answers. So is the
    deciding section of the best one's record: what a record decided answers a question
    about it. Behind a page that is no record (a folder's index), the first record's
    passage is quoted as the best one's own: its standing leads the answer."""
    if not passages or passages[0].score <= 0:
        return passages
    top = passages[0]
    headed = SIDE_HEADINGS.get(side)
    lead = top if top.record is not None else next(
        (p for p in passages if p.record is not None), top)
    own = {top.file, lead.file}
    return [p for p in passages
            if p is lead or p.score >= (params.passage_gate if p.file in own
                                        else params.other_file_gate) * top.score
            or (p.file in own and _answers_by_heading(p, headed))]


def _answers_by_heading(passage: Passage, headed: re.Pattern[str] | None) -> bool:
    heading = passage.section_path[-1] if passage.section_path else ""
    if headed is not None and headed.search(heading) is not None:
        return True
    return passage.record is not None and DECIDING_HEADING.match(heading) is not None


def held_back(units: list[Unit], shares: Sequence[float],
              asks: Sequence[tuple[str, Sequence[float]]], sources: list[Passage],
              held: list[Passage], config: bool, params: ExtractiveParams) -> list[Passage]:
    """The passages the gate held back (`held`, read into `units` right after the
    sources) that the answer quotes after all: a section of a quoted document holding
    a statement that shares more of the question than any source's (by `shares`, the
    units' `word_shares`), and a section of any document that best answers an ask of
    several (`asks`, each with its units' `ask_relevance`) that no source answers."""
    taken = [*_better_statements(units, shares, sources, held, config, params),
             *_answering_asks(units, asks, sources, held, params)]
    return [p for p in held if any(p is t for t in taken)]


def _better_statements(units: list[Unit], shares: Sequence[float], sources: list[Passage],
                       held: list[Passage], config: bool,
                       params: ExtractiveParams) -> list[Passage]:
    """A section can rank low as a whole and still state the answer in one sentence."""
    files = {p.file for p in sources}
    if not any(p.file in files for p in held):
        return []
    # Shared words alone: the priors and bonuses favour the sources by design.
    best = [0.0] * (len(sources) + len(held))
    for unit, share in zip(units, shares, strict=True):
        if unit.passage < len(best):
            best[unit.passage] = max(best[unit.passage], kind_weight(unit, config, params) * share)
    bar = max(best[:len(sources)], default=0.0)
    return [p for i, p in enumerate(held, len(sources)) if p.file in files and best[i] > bar]


def _answering_asks(units: list[Unit], asks: Sequence[tuple[str, Sequence[float]]],
                    sources: list[Passage], held: list[Passage],
                    params: ExtractiveParams) -> list[Passage]:
    """Each ask gets its own evidence: one no source's unit answers takes the held-back
    section whose unit answers it most fully, when that unit carries most of its words."""
    end = len(sources) + len(held)
    found: list[Passage] = []
    for _, relevance in asks:
        if any(r >= params.ask_answered
               for unit, r in zip(units, relevance, strict=True) if unit.passage < len(sources)):
            continue
        best, at = max(((r, unit.passage) for unit, r in zip(units, relevance, strict=True)
                        if len(sources) <= unit.passage < end), default=(0.0, -1))
        if best >= params.held_ask and held[at - len(sources)] not in found:
            found.append(held[at - len(sources)])
    return found
