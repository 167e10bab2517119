"""The default answerer: composes an answer from the retrieved passages' own sentences.

No LLM, no invented words: every sentence is quoted from a passage and cited [n].
The answer reads as one: a short direct answer, then the trade-offs, then the
recommendation when the documents give one; a comparison adds a side-by-side table.
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Sequence
from dataclasses import dataclass

from ingest.keyword import tokenize
from ingest.parts import EXAMPLES, RECOMMENDATIONS, TRADE_OFFS, RoleMap

from ..models import QUOTE_JOINER, Answer, Passage
from ..query.reading import Query
from ..query.terms import Vocabulary, key_terms
from ..retrieval.evidence import Evidence
from .citing import Citer
from .comparison import build_comparison
from .units import Kind, Unit, split_units

_TRADE_OFF = re.compile(r"\b(but|however|downside|drawback|trade-?off|overhead|risk|cost of|"
                        r"at the (?:cost|price)|limit|cons?|pros?|penalty|complex|harder|"
                        r"expensive|lock-in|caveat)\b", re.I)
_ADVICE = re.compile(r"^(choose|use|prefer|pick|start|avoid|go with|adopt|default to|reach for|"
                     r"consider|keep|run|put|plan|reserve|do not|don't)\b", re.I)


@dataclass(frozen=True)
class ExtractiveParams:
    """Every tunable number of the extractive answerer, in one place."""

    # A unit scoring below this (share of the question's idf mass, plus priors) is not
    # quoted as part of the direct answer, the trade-offs or the advice.
    min_relevance: float = 0.12
    # A passage scoring below this share of the best one is related reading, not a source.
    passage_gate: float = 0.75
    # ... and a passage from another file than the best one must score this near.
    other_file_gate: float = 0.85
    # How much a unit's passage rank counts beside its own word overlap with the query.
    prior: float = 0.3
    # Bonus for a unit under a heading or lead-in that lists what the question asks
    # for (its downsides or its benefits).
    side_bonus: float = 0.3
    # Prose explains; table rows and code lines only state values, so they weigh less.
    value_weight: float = 0.85
    direct_units: int = 4  # sentences in the direct answer
    trade_off_units: int = 3
    advice_units: int = 2


PARAMS = ExtractiveParams()
# Kept as names of their own: tests and the evals read the gates.
PASSAGE_GATE = PARAMS.passage_gate
OTHER_FILE_GATE = PARAMS.other_file_gate
DEFAULT_ROLES = RoleMap.default()

_ASKS_DOWNSIDES = re.compile(r"\b(downsides?|drawbacks?|disadvantages?|cons|catch|lose|"
                             r"limitations?|risks?|weakness(?:es)?|pitfalls?)\b", re.I)
_ASKS_UPSIDES = re.compile(r"\b(upsides?|benefits?|advantages?|pros|gain|strengths?)\b", re.I)
_DOWNSIDE_HEADINGS = re.compile(r"\b(disadvantages?|cons|drawbacks?|limitations?|downsides?|"
                                r"risks?|weakness(?:es)?|challenges?)\b", re.I)
_UPSIDE_HEADINGS = re.compile(r"\b(advantages?|pros|benefits?|strengths?|upsides?)\b", re.I)


def score_units(units: Sequence[Unit], query: str, vocabulary: Vocabulary,
                passage_count: int, params: ExtractiveParams = PARAMS) -> list[float]:
    """Relevance of each unit: the idf-weighted share of query terms it contains
    (terms only in its heading count half), plus a prior for higher-ranked passages,
    plus the side bonus when the question asks for downsides (or upsides) and the unit sits
    under a heading or lead-in that lists them."""
    side = _asked_side(query)
    terms = key_terms(query)
    weights = {t: vocabulary.idf(t) for t in terms}
    total = sum(weights.values()) or 1.0
    scores = []
    for unit in units:
        own = unit.words
        heading = set(tokenize(" ".join(unit.section_path[1:])))
        covered = sum(w for t, w in weights.items() if t in own)
        covered += 0.5 * sum(w for t, w in weights.items() if t in heading and t not in own)
        prior = params.prior * (1 - unit.passage / max(passage_count, 1))
        weight = 1.0 if unit.kind in (Kind.SENTENCE, Kind.BULLET) else params.value_weight
        bonus = params.side_bonus if side and side.search(_labels(unit)) else 0.0
        scores.append(weight * covered / total + prior + bonus)
    return scores


def _asked_side(query: str) -> re.Pattern[str] | None:
    """The headings that answer a question about downsides or upsides, if it asks one."""
    if _ASKS_DOWNSIDES.search(query):
        return _DOWNSIDE_HEADINGS
    if _ASKS_UPSIDES.search(query):
        return _UPSIDE_HEADINGS
    return None


def _labels(unit: Unit) -> str:
    """The unit's own headings and, for a led-in list item, its lead-in."""
    lead = unit.quote.split(QUOTE_JOINER)[0] if unit.source else ""
    return " ".join([*unit.section_path[1:], lead])


class ExtractiveAnswerer:
    """Quotes the passages' own sentences, list items, rows and values, each cited."""

    def __init__(self, vocabulary: Vocabulary, roles: RoleMap = DEFAULT_ROLES,
                 params: ExtractiveParams = PARAMS) -> None:
        self.vocabulary = vocabulary
        self.roles = roles
        self.params = params

    def answer(self, query: Query, evidence: Evidence) -> Iterator[str | Answer]:
        if query.broad and len({p.file for p in evidence.passages[:BROAD_CHOICES]}) > 1:
            answer = overview(query.retrieval_text, list(evidence.passages), self.vocabulary)
            yield from answer.text.splitlines(keepends=True)
            yield answer
            return
        answer = compose(query.retrieval_text, list(evidence.passages), self.vocabulary,
                         list(query.options), evidence.not_covered, evidence.table_material,
                         self.roles, self.params)
        yield from answer.text.splitlines(keepends=True)
        yield answer


def compose(query: str, passages: list[Passage], vocabulary: Vocabulary,
            options: list[str], not_covered: Sequence[str],
            table_material: Sequence[Passage] = (), roles: RoleMap = DEFAULT_ROLES,
            params: ExtractiveParams = PARAMS) -> Answer:
    """An extractive, cited answer from `passages` (best first), in three steps: split
    the passages into quotable units and score them against the query; select the units
    for each part of the answer; compose those parts, each unit cited.

    `table_material` adds each option's own sections for the comparison table only.
    """
    sources = answer_sources(passages, params)
    # Passages below the gate still serve the comparison table, as does table material.
    material = [*sources, *(p for p in passages if p not in sources), *table_material]
    units, tables = split_units(material)
    scores = score_units(units, query, vocabulary, len(sources), params)
    # Prose answers quote the gated sources only; table material serves the table.
    ranked = sorted((i for i in range(len(units)) if units[i].passage < len(sources)),
                    key=lambda i: -scores[i])
    citer = Citer(material)
    used: set[int] = set()

    def pick(limit: int, want: str | None = None, floor: float = params.min_relevance
             ) -> list[int]:
        chosen = []
        for i in ranked:
            if len(chosen) >= limit or scores[i] < floor:
                break
            if i in used:
                continue
            within = next((j for j in used if units[j].text in units[i].text
                           or units[i].text in units[j].text), None)
            if within is not None:
                # A sentence with its antecedent repeats the antecedent: the fuller quote
                # takes the shorter one's place, never both.
                if within in chosen and len(units[i].text) > len(units[within].text):
                    chosen[chosen.index(within)] = i
                    used.add(i)
                continue
            if _near_duplicate(units[i], [units[j] for j in used]):
                continue
            part = roles.of_path(units[i].section_path)
            if want not in ("direct", "scenario") and units[i].kind is Kind.CODE:
                continue  # a code line states a value; it is no trade-off or advice
            if (want not in ("direct", "scenario") and comparison is not None
                    and units[i].kind is Kind.ROW):
                continue  # the comparison table already sets the rows side by side
            if want == "direct" and (part == EXAMPLES
                                     or units[i].text.endswith("?")):
                continue  # a scenario or the decision's own question is not an answer
            if want == "trade-offs" and not (part == TRADE_OFFS
                                             or _TRADE_OFF.search(units[i].text)):
                continue
            if want == "advice" and not (part == RECOMMENDATIONS
                                         or _ADVICE.match(units[i].text)):
                continue
            chosen.append(i)
            used.add(i)
        return chosen

    lines: list[str] = [f"The documents don't cover {phrase}." for phrase in not_covered]
    comparison = None
    if options:
        comparison = build_comparison(options, units, scores, tables, citer, roles)
        if comparison.criteria:
            lines += [f"Comparing {_join(options)}:", "", comparison.to_markdown(), ""]
        else:
            comparison = None  # nothing retrieved sets them side by side: answer as prose
    # When no sentence shares the question's words, the best passages still answer it.
    # Failing that, a worked scenario is still better than no answer.
    direct = (pick(params.direct_units, "direct") or pick(2, "direct", floor=0.0)
              or pick(2, "scenario", floor=0.0))
    if any(units[i].kind is Kind.CODE for i in direct):
        lines += [f"- {_cited(units[i], citer)}" for i in direct]  # commands read one a line
    elif direct:
        lines.append(" ".join(_cited(units[i], citer) for i in direct))
    trade_offs = pick(params.trade_off_units, "trade-offs")
    if trade_offs:
        lines += ["", "**Trade-offs**"] + [f"- {_cited(units[i], citer)}" for i in trade_offs]
    advice = pick(params.advice_units, "advice")
    if advice:
        lines += ["", "**Recommendation**"] + [f"- {_cited(units[i], citer)}" for i in advice]
    if not (comparison or direct or trade_offs or advice):
        lines += _pointers(sources, citer)
    cited = {(c.file, c.section_path[:len(p.section_path)]) for c in citer.citations()
             for p in table_material}
    used_material = [p for p in table_material if (p.file, p.section_path) in cited]
    return Answer(text="\n".join(lines).strip(), citations=citer.citations(),
                  passages=(*passages, *used_material), refused=False,
                  not_covered=tuple(not_covered), comparison=comparison)


def answer_sources(passages: list[Passage], params: ExtractiveParams = PARAMS) -> list[Passage]:
    """The passages an answer quotes: those scoring near the best one. A passage from
    another file than the best one must score nearer, since one decision is usually
    argued in one chapter and a stray file's sentence is the likelier off-topic quote."""
    if not passages or passages[0].score <= 0:
        return passages
    top = passages[0]
    return [p for p in passages
            if p.score >= (params.passage_gate if p.file == top.file
                           else params.other_file_gate) * top.score]


BROAD_CHOICES = 3  # sections offered for a broad question


def overview(query: str, passages: list[Passage], vocabulary: Vocabulary) -> Answer:
    """For a broad question: the best few sections, each named with its sentence that
    best matches the question, cited, for the reader to pick from, instead of one
    section at random."""
    units, _ = split_units(passages)
    scores = score_units(units, query, vocabulary, len(passages))
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
            lines.append(f"- **{title}**: {_cited(best, citer)}")
    lines.append("")
    lines.append("Ask about one of them for the trade-offs and the recommendation.")
    return Answer(text="\n".join(lines), citations=citer.citations(), passages=tuple(passages),
                  refused=False)


def _pointers(sources: list[Passage], citer: Citer) -> list[str]:
    """For passages with nothing to quote sentence by sentence (a diagram, a script):
    point to them, each cited with its whole text."""
    lines = ["The closest sections have no sentence to quote; read them directly:"]
    for index, passage in enumerate(sources[:2]):
        unit = Unit(passage.section, index, passage.section_path)
        lines.append(f"- {passage.section} [{citer.cite(unit, passage.text)}]")
    return lines


def _cited(unit: Unit, citer: Citer) -> str:
    text = unit.text.rstrip()
    if unit.kind is Kind.CODE:
        return f"`{text.replace('`', '')}` [{citer.cite(unit)}]"
    if text and text[-1] not in ".!?:":
        text += "."
    return f"{text} [{citer.cite(unit)}]"


def _near_duplicate(unit: Unit, others: list[Unit]) -> bool:
    words = unit.words
    for other in others:
        theirs = other.words
        if words and theirs and len(words & theirs) / len(words | theirs) > 0.6:
            return True
    return False


def _join(items: Sequence[str]) -> str:
    return items[0] if len(items) == 1 else ", ".join(items[:-1]) + f" and {items[-1]}"


def refusal(not_covered: Sequence[str], related: list[Passage]) -> Answer:
    """Say plainly what is not covered and offer the nearest sections as reading."""
    subject = _join(list(not_covered)) if not_covered else "this question"
    lines = [f"The documents don't cover {subject}."]
    if related:
        lines += ["", "Related reading:"]
        lines += [f"- {p.chapter} — {p.section}" for p in related[:3]]
    return Answer(text="\n".join(lines), citations=(), passages=tuple(related), refused=True,
                  not_covered=tuple(not_covered) or ("this question",))
