"""The default answerer: composes an answer from the retrieved passages' own sentences.

No LLM, no invented words: every sentence is quoted from a passage and cited [n].
The answer reads as one: a short direct answer, then the trade-offs, then the
recommendation when the documents give one; a comparison adds a side-by-side table.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from dataclasses import replace

from ingest.parts import RoleMap

from ..language import ASKS_REASON, BACK_REFERENCE
from ..models import Answer, Comparison, Passage
from ..query.reading import Query
from ..query.terms import Vocabulary, key_terms
from ..retrieval.evidence import Evidence
from .citing import Citer, cited, paragraph, paragraphs
from .comparison import build_comparison
from .meaning import Embed, candidates, meaning_shares
from .selection import (
    DEFAULT_ROLES,
    PARAMS,
    ExtractiveParams,
    Picker,
    ask_relevance,
    details,
    focused,
    score_units,
    word_shares,
)
from .sources import answer_sources, held_back
from .units import Kind, Unit, split_units


class ExtractiveAnswerer:
    """Quotes the passages' own sentences, list items, rows and values, each cited."""

    def __init__(self, vocabulary: Vocabulary, roles: RoleMap = DEFAULT_ROLES,
                 params: ExtractiveParams = PARAMS, embed: Embed | None = None) -> None:
        self.vocabulary = vocabulary
        self.roles = roles
        self.params = params
        self.embed = embed  # weighs units by meaning as well as by shared words

    def answer(self, query: Query, evidence: Evidence) -> Iterator[str | Answer]:
        if query.broad and len({p.file for p in evidence.passages[:BROAD_CHOICES]}) > 1:
            answer = overview(query, list(evidence.passages), self.vocabulary,
                              self.params)
        else:
            answer = compose(query, evidence, self.vocabulary, self.roles, self.params,
                             self.embed)
        yield from answer.text.splitlines(keepends=True)
        yield answer


def compose(query: Query, evidence: Evidence, vocabulary: Vocabulary,
            roles: RoleMap = DEFAULT_ROLES, params: ExtractiveParams = PARAMS,
            embed: Embed | None = None) -> Answer:
    """An extractive, cited answer from the evidence's passages (best first), in three
    steps: split the passages into quotable units and score them against the question;
    select the units for each part of the answer; compose those parts, each unit cited.

    The evidence's table material (each option's own sections) serves the comparison
    table only. With `embed`, the likeliest units are also weighed by meaning.
    """
    passages = list(evidence.passages)
    # Each ask's own sections, fetched for it, serve as sources beside the gated ones.
    gated = answer_sources(passages, params, query.wants.side)
    sources = [*gated, *(p for p in evidence.ask_material if p not in gated)]
    # Passages below the gate still serve the comparison table, as does table material.
    held = [p for p in passages if p not in sources]
    material = [*sources, *held, *evidence.table_material]
    units, tables = split_units(material)
    shares, asks = _read_against(units, query, vocabulary)
    found = held_back(units, shares, asks, sources, held, query.wants.config, params)
    if found:  # (seldom) read again with them among the sources
        sources += found
        material = [*sources, *(p for p in held if p not in found), *evidence.table_material]
        units, tables = split_units(material)
        shares, asks = _read_against(units, query, vocabulary)
    if query.asks_history:  # what was decided before: old records answer as they stand
        units = [replace(unit, replaced=False) for unit in units]
    scores = score_units(units, query, vocabulary, len(sources), params, shares=shares)
    if embed is not None:
        chosen = candidates(units, scores, len(sources), params.meaning_candidates)
        near = meaning_shares(units, query.retrieval_text, chosen, embed, params)
        scores = score_units(units, query, vocabulary, len(sources), params, near, shares)
    citer = Citer(material)
    comparison = None
    if query.options:
        comparison = build_comparison(list(query.options), units, scores, tables, citer, roles)
        if not comparison.criteria:
            comparison = None  # nothing retrieved sets them side by side: answer as prose
    picker = Picker(units, scores, len(sources), roles, params,
                    query.options if comparison is not None else ())
    unit_files = [material[unit.passage].file for unit in units]
    shown = [cell.text.removesuffix(" …") for row in comparison.cells for cell in row
             if cell.citation is not None] if comparison is not None else []
    body = _body(picker, citer, sources, comparison is not None, asks, unit_files, shown)
    intro = f"Comparing {_join(list(query.options))}:" if comparison is not None else ""
    return _assemble(evidence, passages, citer, comparison, intro, body)


def _read_against(units: list[Unit], query: Query, vocabulary: Vocabulary,
                  ) -> tuple[list[float], list[tuple[str, list[float]]]]:
    """Each unit's share of the question's words, and, when the question asks several
    things, each ask with each unit's share of its words."""
    asks = ([(ask, ask_relevance(units, ask, vocabulary)) for ask in query.asks]
            if len(query.asks) > 1 else [])
    return word_shares(units, query, vocabulary), asks


def _body(picker: Picker, citer: Citer, sources: list[Passage], compared: bool,
          asks: list[tuple[str, list[float]]], unit_files: list[str],
          shown: Sequence[str] = ()) -> list[str]:
    """The direct answer and its details (a paragraph per ask when the question asks
    several things), then the trade-offs, then the recommendation."""
    params, units = picker.params, picker.units
    # When no sentence shares the question's words, the best passages still answer it.
    # Failing that, a worked scenario is still better than no answer.
    direct = (picker.pick(params.direct_units, "direct") or picker.pick(2, "direct", floor=0.0)
              or picker.pick(2, "scenario", floor=0.0))
    more: list[int] = []
    if not compared:  # a comparison sets each option's own document side by side
        direct = focused(direct, picker, asks, unit_files)
        more = details(direct, picker, unit_files)
    else:  # what the table's cells show is not said again below it
        direct = [i for i in direct if not any(units[i].text.startswith(text)
                                               for text in shown)]
    if asks:
        lines = _by_ask(direct + more, picker, citer, asks, unit_files)
    else:  # the details follow the direct answer as a paragraph of their own
        lines = paragraphs(picker.units, [direct, more], citer)
    answered = bool(picker.used)  # (an ask of several may be answered by units of its own)
    # The trade-offs and advice are mostly those of the documents the answer quotes:
    # another document's drawback of something else is the likelier stray quote.
    quoted = {unit_files[i] for i in picker.used}
    share = params.unquoted_file_share
    scores = ([score if unit_files[i] in quoted else share * score
               for i, score in enumerate(picker.scores)] if quoted and not compared else None)
    trade_offs = picker.pick(params.trade_off_units, "trade-offs", scores=scores)
    if trade_offs:
        lines += ["", "**Trade-offs**"] + [f"- {cited(units[i], citer)}" for i in trade_offs]
    advice = picker.pick(params.advice_units, "advice", scores=scores)
    if advice:
        lines += ["", "**Recommendation**"] + [f"- {cited(units[i], citer)}" for i in advice]
    if not (compared or answered or trade_offs or advice):
        lines += _pointers(sources, citer)
    return lines


def _by_ask(direct: list[int], picker: Picker, citer: Citer,
            asks: list[tuple[str, list[float]]], unit_files: list[str]) -> list[str]:
    """The direct answer as a paragraph per ask, in the question's order: each unit goes
    to the ask it answers best; an ask none answers gets its own best units, scored by
    the ask's words and the question's; an ask no unit answers is named."""
    floor, answered = picker.params.min_relevance, picker.params.ask_answered
    groups: list[list[int]] = [[] for _ in asks]
    for i in direct:
        groups[max(range(len(asks)), key=lambda a: asks[a][1][i])].append(i)
    # An ask is answered from the documents the answer quotes already when they can:
    # a unit elsewhere sharing the ask's words is the likelier stray quote.
    files = {unit_files[i] for i in direct}
    for group, (_, relevance) in zip(groups, asks, strict=True):
        if not any(relevance[i] >= answered for i in picker.used):
            # Units that answer the ask; failing those, the one that best touches on it.
            near = [r if unit_files[i] in files else 0.0
                    for i, r in enumerate(relevance)]
            group += (_pick_for(picker, near, answered, picker.params.ask_units)
                      or _pick_for(picker, near, floor, 1)
                      or _pick_for(picker, relevance, answered, picker.params.ask_units))
    lines: list[str] = []
    for group, (ask, relevance) in zip(groups, asks, strict=True):
        if group:
            lines += [*paragraph(picker.units, group, citer), ""]
        elif max(relevance, default=0.0) < floor and not _elliptical(ask):
            # Not one unit of the passages, quoted or not, carries the ask's words.
            lines += [f"The documents don't say {_spoken(ask)}.", ""]
    return lines[:-1]


def _elliptical(ask: str) -> bool:
    """An ask leaning on the rest of the question ("how are they billed?", "and what do
    we gain?"), or asking why: not judged by its own few words, since the answer to the
    question may well cover it."""
    return (bool(BACK_REFERENCE.search(ask) or ASKS_REASON.search(ask))
            or len(key_terms(ask)) < 2)


def _pick_for(picker: Picker, relevance: list[float], least: float, limit: int) -> list[int]:
    """Up to `limit` units answering one ask at least this far, the question's best first."""
    scores = [score + r if r >= least else 0.0
              for score, r in zip(picker.scores, relevance, strict=True)]
    return picker.pick(limit, "direct", scores=scores)


def _spoken(ask: str) -> str:
    """An ask as the end of a sentence: "Which version?" -> "which version"."""
    ask = ask.strip().rstrip("?.!").strip()
    if ask[:1].isupper() and not ask[1:2].isupper():
        ask = ask[0].lower() + ask[1:]
    return ask


def _assemble(evidence: Evidence, passages: list[Passage], citer: Citer,
              comparison: Comparison | None, intro: str, body: list[str]) -> Answer:
    """The answer's parts, and its whole text in reading order: what is not covered,
    the comparison, then the prose."""
    lines = [f"The documents don't cover {phrase}." for phrase in evidence.not_covered]
    if comparison is not None:
        lines += [intro, "", comparison.to_markdown(), ""]
    lines += body
    material = (*evidence.ask_material, *evidence.table_material)
    cited = {(c.file, c.section_path[:len(p.section_path)]) for c in citer.citations()
             for p in material}
    used_material = [p for p in material
                     if (p.file, p.section_path) in cited and p not in passages]
    return Answer(text="\n".join(lines).strip(), citations=citer.citations(),
                  passages=(*passages, *used_material), refused=False,
                  not_covered=evidence.not_covered, comparison=comparison,
                  intro=intro, body="\n".join(body).strip())


BROAD_CHOICES = 3  # sections offered for a broad question


def overview(query: Query, passages: list[Passage], vocabulary: Vocabulary,
             params: ExtractiveParams = PARAMS) -> Answer:
    """For a broad question: the best few sections, each named with its sentence that
    best matches the question, cited, for the reader to pick from, instead of one
    section at random."""
    units, _ = split_units(passages)
    scores = score_units(units, query, vocabulary, len(passages), params)
    citer = Citer(passages)
    lines = ["This question could mean several things; the documents take it up in these "
             "sections:"]
    for index, passage in enumerate(passages[:BROAD_CHOICES]):
        # Its sentence or list item that best matches the question.
        quotable = [i for i, u in enumerate(units)
                    if u.passage == index and u.kind in (Kind.SENTENCE, Kind.BULLET)]
        if quotable:
            best = units[max(quotable, key=lambda i: scores[i])]
            title = " › ".join(passage.section_path[1:]) or passage.chapter
            lines.append(f"- **{title}**: {cited(best, citer)}")
    lines.append("")
    lines.append("Ask about one of them for the trade-offs and the recommendation.")
    text = "\n".join(lines)
    return Answer(text=text, citations=citer.citations(), passages=tuple(passages),
                  refused=False, body=text)


def _pointers(sources: list[Passage], citer: Citer) -> list[str]:
    """For passages with nothing to quote sentence by sentence (a diagram, a script):
    point to them, each cited with its whole text."""
    lines = ["The closest sections have no sentence to quote; read them directly:"]
    for index, passage in enumerate(sources[:2]):
        unit = Unit(passage.section, index, passage.section_path)
        lines.append(f"- {passage.section} [{citer.cite(unit, passage.text)}]")
    return lines


def _join(items: Sequence[str]) -> str:
    return items[0] if len(items) == 1 else ", ".join(items[:-1]) + f" and {items[-1]}"


def refusal(not_covered: Sequence[str], related: list[Passage]) -> Answer:
    """Say plainly what is not covered and offer the nearest sections as reading."""
    subject = _join(list(not_covered)) if not_covered else "this question"
    lines = [f"The documents don't cover {subject}."]
    if related:
        lines += ["", "Related reading:"]
        lines += [f"- {p.chapter} — {p.section}" for p in related[:3]]
    text = "\n".join(lines)
    return Answer(text=text, citations=(), passages=tuple(related), refused=True,
                  not_covered=tuple(not_covered) or ("this question",), body=text)
