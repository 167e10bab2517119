"""Choosing what an extractive answer quotes: scoring the units against the question,
gating the passages, picking units part by part, and keeping the direct answer to the
documents that carry it."""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence

from ingest.parts import EXAMPLES, RECOMMENDATIONS, TRADE_OFFS, RoleMap
from ingest.tuning import ExtractiveParams

from ..language import (
    ADVICE_LEAD,
    DOWNSIDE_HEADINGS,
    STATES_AMOUNT,
    TRADE_OFF_CUE,
    UPSIDE_HEADINGS,
)
from ..models import QUOTE_JOINER
from ..query.measures import Measure, states
from ..query.reading import Query
from ..query.terms import Vocabulary, key_terms
from ..query.wants import Side, Value
from ..retrieval.evidence import stem
from .code_values import drawn
from .comparison import advises_another
from .units import Kind, Unit

# A key given a value: "name=value", "key: value", "--flag value".
_SETS = re.compile(r"[\w\]\"'-]\s*[:=]\s*\S|--[\w-]+\s+[^-\s]")
PARAMS = ExtractiveParams()  # the defaults, as `Settings().tuning.answer` holds them
ANY_TIME = Measure("hour", rate=False)  # an amount in any unit of time states a length
DEFAULT_ROLES = RoleMap.default()


def score_units(units: Sequence[Unit], query: Query, vocabulary: Vocabulary,
                passage_count: int, params: ExtractiveParams = PARAMS,
                meaning: Sequence[float | None] | None = None,
                shares: Sequence[float] | None = None) -> list[float]:
    """Relevance of each unit: the idf-weighted share of query terms it contains
    (terms only in its heading count half), lifted towards its nearness by meaning
    where `meaning` gives one, plus a prior for higher-ranked passages, plus the side
    bonus when the question asks for downsides (or upsides) and the unit sits under a
    heading or lead-in that lists them (or, for downsides, weighs a cost itself), plus
    the value bonus when it asks for a value ("how long", "how many") and the unit
    states one, plus the decided bonus for a unit of a decision record's deciding
    section, less the replaced penalty for a unit of a superseded record. `shares` are
    the units' `word_shares`, when they were read already."""
    if shares is None:
        shares = word_shares(units, query, vocabulary)
    side = SIDE_HEADINGS.get(query.wants.side)
    value = _STATES_VALUE.get(query.wants.value)
    config = query.wants.config
    scores = []
    for index, (unit, share) in enumerate(zip(units, shares, strict=True)):
        prior = params.prior * (1 - unit.passage / max(passage_count, 1))
        prose = unit.kind in (Kind.SENTENCE, Kind.BULLET)
        bonus = params.side_bonus if side and side.search(_labels(unit)) else 0.0
        if not bonus and query.wants.side is Side.DOWNSIDES and TRADE_OFF_CUE.search(unit.text):
            bonus = params.side_cue_bonus
        bonus += params.decided_bonus if unit.decides else 0.0
        bonus -= params.replaced_penalty if unit.replaced else 0.0
        # A sentence states the value; a code line or table row holds numbers of all kinds.
        bonus += params.value_bonus if value and prose and value(unit.text) else 0.0
        # A setting is a key given a value; a bare command ("ls -l") sets nothing.
        bonus += params.value_bonus if config and unit.kind is Kind.CODE \
            and _SETS.search(unit.text) else 0.0
        near = meaning[index] if meaning is not None else None
        if near is not None and near > share:
            share += params.meaning_weight * (near - share)
        scores.append(kind_weight(unit, config, params) * share + prior + bonus)
    return scores


def word_shares(units: Sequence[Unit], query: Query, vocabulary: Vocabulary) -> list[float]:
    """Per unit, the idf-weighted share of the question's terms it carries; terms only in
    its headings count half."""
    weights = {t: vocabulary.idf(t) for t in query.retrieval_terms}
    total = sum(weights.values()) or 1.0
    defined = query.defined  # read once, not once per unit
    shares = []
    for unit in units:
        own, heading = unit.words, unit.heading_words
        # Except the name a section defines: under "Karpenter", "A node autoscaler
        # that ..." says what Karpenter is.
        defines = defined and any(h.lower() == defined for h in unit.section_path[-1:])
        in_heading = 1.0 if defines else 0.5
        covered = sum(w for t, w in weights.items() if t in own)
        covered += in_heading * sum(w for t, w in weights.items()
                                    if t in heading and t not in own)
        shares.append(covered / total)
    return shares


def kind_weight(unit: Unit, config: bool, params: ExtractiveParams) -> float:
    """Prose explains; rows and code only state values, and code weighs less again
    unless the question asks for a setting."""
    if unit.kind in (Kind.SENTENCE, Kind.BULLET):
        return 1.0
    return params.code_weight if unit.kind is Kind.CODE and not config else params.value_weight


def ask_relevance(units: Sequence[Unit], ask: str, vocabulary: Vocabulary) -> list[float]:
    """How far each unit answers one ask of a question: the idf-weighted share of the
    ask's words that the unit carries (stems folded; words only in its heading count
    half). Only words the documents use count: one they never use cannot be quoted,
    and an ask of such words alone is answered by no unit."""
    weights: dict[str, float] = {}
    for term in key_terms(ask):
        if vocabulary.knows(term):
            weights[stem(term)] = max(weights.get(stem(term), 0.0), vocabulary.idf(term))
    total = sum(weights.values())
    if not total:
        return [0.0] * len(units)
    relevance = []
    for unit in units:
        own = unit.stems
        heading = unit.heading_stems - own
        relevance.append((sum(w for t, w in weights.items() if t in own)
                          + 0.5 * sum(w for t, w in weights.items() if t in heading)) / total)
    return relevance


def _states_time(text: str) -> bool:
    return states(text, ANY_TIME)


def _states_amount(text: str) -> bool:
    return STATES_AMOUNT.search(text) is not None


# The headings that answer a question about one side of a choice, and the test of a
# text stating the kind of value a question asks for.
SIDE_HEADINGS: dict[Side | None, re.Pattern[str]] = {
    Side.DOWNSIDES: DOWNSIDE_HEADINGS, Side.UPSIDES: UPSIDE_HEADINGS,
    Side.BOTH: re.compile(f"{DOWNSIDE_HEADINGS.pattern}|{UPSIDE_HEADINGS.pattern}", re.I)}
_STATES_VALUE: dict[Value | None, Callable[[str], bool]] = {
    Value.DURATION: _states_time, Value.AMOUNT: _states_amount}


def _labels(unit: Unit) -> str:
    """The unit's own headings and, for a led-in list item, its lead-in."""
    lead = unit.quote.split(QUOTE_JOINER)[0] if unit.source else ""
    return " ".join([*unit.section_path[1:], lead])


class Picker:
    """Picks units for one part of the answer at a time, best first, never one twice
    nor one that repeats a unit already picked."""

    def __init__(self, units: list[Unit], scores: list[float], source_count: int,
                 roles: RoleMap, params: ExtractiveParams,
                 compared: Sequence[str] = ()) -> None:
        self.units, self.scores, self.roles, self.params = units, scores, roles, params
        # The options a comparison table already sets side by side (none: no table).
        self.compared = tuple(compared)
        # Prose answers quote the gated sources only; table material serves the table.
        self.source_count = source_count
        self.ranked = self._rank(scores)
        self.used: set[int] = set()

    def _rank(self, scores: list[float]) -> list[int]:
        return sorted((i for i in range(len(self.units)) if self.units[i].passage
                       < self.source_count), key=lambda i: -scores[i])

    def pick(self, limit: int, want: str | None = None, floor: float | None = None,
             scores: list[float] | None = None) -> list[int]:
        """Up to `limit` units for the part `want` ("direct", "scenario", "trade-offs",
        "advice"), each scoring at least `floor` (default: the minimum relevance), by
        `scores` when given (one ask's), else by the question's."""
        floor = self.params.min_relevance if floor is None else floor
        ranked = self.ranked if scores is None else self._rank(scores)
        scores = self.scores if scores is None else scores
        units, used = self.units, self.used
        chosen: list[int] = []
        for i in ranked:
            if len(chosen) >= limit or scores[i] < floor:
                break
            if i in used:
                continue
            within = next((j for j in used if units[j].text in units[i].text
                           or units[i].text in units[j].text), None)
            if within is not None:
                # A sentence with its antecedent repeats the antecedent: the fuller quote
                # takes the shorter one's place, never both, unless it repeats another.
                others = [units[j] for j in used if j != within]
                if (within in chosen and len(units[i].text) > len(units[within].text)
                        and not _near_duplicate(units[i], others)):
                    chosen[chosen.index(within)] = i
                    used.add(i)
                continue
            if _near_duplicate(units[i], [units[j] for j in used]) or not self._fits(i, want):
                continue
            chosen.append(i)
            used.add(i)
        return chosen

    def _fits(self, i: int, want: str | None) -> bool:
        unit = self.units[i]
        part = self.roles.of_path(unit.section_path)
        if unit.kind is Kind.CODE and drawn(unit.text):
            return False  # a program's output drawn as a box of dashes and bars
        if want not in ("direct", "scenario") and unit.kind is Kind.CODE:
            return False  # a code line states a value; it is no trade-off or advice
        if want not in ("direct", "scenario") and self.compared and unit.kind is Kind.ROW:
            return False  # the comparison table already sets the rows side by side
        if want == "direct" and unit.text.endswith("?"):
            return False  # the decision's own question is not an answer
        if want == "direct" and part == EXAMPLES and not (unit.record and unit.passage == 0):
            # A worked scenario is no answer. A decision record's own example shows what
            # it decided: when the question found it best, it answers.
            return False
        if want == "trade-offs":
            return part == TRADE_OFFS or bool(TRADE_OFF_CUE.search(unit.text))
        if want == "advice":
            if self.compared and advises_another(unit.text, self.compared):
                return False  # "Choose Inferentia when ...", beside Trainium and GPUs
            return part == RECOMMENDATIONS or bool(ADVICE_LEAD.match(unit.text))
        return True


def _near_duplicate(unit: Unit, others: list[Unit]) -> bool:
    """Whether the unit repeats a sentence of one already picked, or mostly repeats its
    words. One that states a figure the other lacks ("port 1021" beside "port 988")
    says something new."""
    words, figures = unit.words, unit.figures
    for other in others:
        if unit.sentences & other.sentences:
            return True
        theirs = other.words
        if figures - theirs:
            continue
        if words and theirs and len(words & theirs) / len(words | theirs) > 0.6:
            return True
    return False


def focused(direct: list[int], picker: Picker, asks: list[tuple[str, list[float]]],
           unit_files: list[str]) -> list[int]:
    """The direct answer without the units of files it leans on only weakly: a file
    stays when its best unit scores near the answer's best (`focus`), when its unit is
    the one that best answers an ask of several, or when it is the first passage's (the
    evidence puts the record in force first, though an old one may share more words).
    The units dropped are free again for the other parts of the answer."""
    if not direct:
        return direct
    scores = picker.scores
    least = picker.params.focus * max(scores[i] for i in direct)
    kept = {unit_files[i] for i in direct
            if scores[i] >= least or picker.units[i].passage == 0}
    for _, relevance in asks:
        kept.add(unit_files[max(direct, key=lambda i: (relevance[i], scores[i]))])
    dropped = {i for i in direct if unit_files[i] not in kept}
    picker.used -= dropped
    return [i for i in direct if i not in dropped]


def details(direct: list[int], picker: Picker, unit_files: list[str]) -> list[int]:
    """More of what the documents the direct answer quotes say on the question: units
    scoring near its best (`detail_share`), so the answer runs as long as its evidence
    does. Only those documents: elsewhere, a unit sharing a word or two with the
    question is the likelier stray quote."""
    if not direct:
        return []
    params, scores = picker.params, picker.scores
    files = {unit_files[i] for i in direct}
    floor = max(params.min_relevance, params.detail_share * max(scores[i] for i in direct))
    within = [score if unit_files[i] in files else 0.0 for i, score in enumerate(scores)]
    return picker.pick(params.detail_units, "direct", scores=within, floor=floor)
