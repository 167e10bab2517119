"""Gathering the evidence for a read question: its passages, each option's own sections
when it compares, how far to trust them, and whether to answer at all."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field, replace

from ingest.calibration import Calibration
from ingest.parts import CRITERIA, RECOMMENDATIONS, TRADE_OFFS
from ingest.records import Facts
from ingest.tuning import RefusalParams, Tuning

from ..models import Passage, Record
from ..query.measures import states, states_price, states_version
from ..query.options import mentions
from ..query.reading import Query
from ..query.terms import Vocabulary, key_terms
from .decisions import decision_beside_best, in_force_first
from .evidence import Evidence, carries, judge, match_of, term_coverage
from .records import record_of
from .retriever import Retriever
from .scope import Scope


@dataclass(frozen=True)
class Retrieved:
    passages: list[Passage]  # the k passages, best first
    table_material: list[Passage]  # each option's own sections, for a comparison table
    timings_ms: dict[str, float]  # and the best similarity, rounded as it is judged
    ask_material: list[Passage] = field(default_factory=list)  # each ask's own section


def gather(query: Query, scope: Scope, retriever: Retriever, vocabulary: Vocabulary,
           calibration: Calibration, tuning: Tuning) -> Evidence:
    """The passages for a query, judged against this index at the `tuning` given."""
    retrieved = retrieve_for(query, scope, retriever, tuning)
    timings = retrieved.timings_ms
    passages = retrieved.passages
    # Words the documents never use are judged as names (not_covered), not here,
    # unless the documents know none of the question's words at all.
    terms = query.retrieval_terms
    known = [t for t in terms if vocabulary.knows(t)]
    first = tuning.evidence.coverage_passages
    coverage = (term_coverage(known, vocabulary.idf, passages, first) if known or not terms
                else 0.0)
    similarity = timings.get("best_similarity")
    match = match_of(similarity, calibration)
    confidence = judge(match, coverage, tuning.evidence)
    # A name whose words a retrieved section carries is covered, even when the
    # documents never write them side by side ("NeMo Megatron" beside "NeMo-Megatron").
    not_covered = tuple(phrase for phrase in query.not_covered
                        if not any(carries(p, key_terms(phrase))
                                   for p in passages[:first]))
    return Evidence(tuple(passages), tuple(retrieved.table_material), confidence, not_covered,
                    best_similarity=similarity, match=match,
                    timings_ms=timings, records=records_around(passages, retriever.facts),
                    ask_material=tuple(retrieved.ask_material))


def defining_first(query: Query, passages: list[Passage]) -> list[Passage]:
    """For a question of what one thing is, the passage whose own heading is that thing's
    name ("Karpenter") comes first, as near as the best: it is where the term is defined.
    Sections that only mention it in passing may share more of the question's words."""
    if not query.defined or not passages:
        return passages
    defining = next((p for p in passages[1:] if p.section.lower() == query.defined), None)
    if defining is None:
        return passages
    return [replace(defining, score=passages[0].score), *(p for p in passages if p is not defining)]


def records_around(passages: Sequence[Passage], facts: Facts) -> dict[str, Record]:
    """The records of the passages' documents and of the records they link to."""
    records = {p.file: p.record for p in passages if p.record is not None}
    for record in list(records.values()):
        for file in (*record.supersedes, *record.superseded_by, *record.amends,
                     *record.amended_by):
            linked = record_of(facts.of(file))
            if linked is not None:
                records.setdefault(file, linked)
    return records


def refuses(query: Query, evidence: Evidence, vocabulary: Vocabulary,
            params: RefusalParams, nearest: Callable[[], float] | None = None) -> bool:
    """Whether the evidence is too weak to quote (neither near the question by meaning
    nor sharing its terms), the question asks for a figure, version or price no passage
    states, or it is mostly about names the documents never mention. `nearest`, asked
    only when the evidence looks weak, is the best similarity of one sentence of the
    passages to the question."""
    best = 1.0 if evidence.best_similarity is None else evidence.best_similarity
    if not evidence.passages or best < params.min_similarity:
        return True
    quotable = (*evidence.passages, *evidence.ask_material)
    # A version is written as a number, never in words: none stated, none to give.
    if query.asks_version and not any(states_version(p.text) for p in quotable):
        return True
    # A price is written with its currency; a section near by meaning may still give it
    # in words the pattern does not read ("twice the on-demand rate").
    if query.asks_price and evidence.match < params.near_by_meaning and \
            not any(states_price(p.text) for p in quotable):
        return True
    # Sections on the subject that state no figure of the kind asked for ("how many
    # days", "the hourly price") cannot answer it. A section nearer by meaning than
    # most related-but-not-the-answer sections may state it in words the patterns do
    # not read ("half a day"), so it is given the benefit of the doubt.
    if evidence.match < params.near_by_meaning and any(
            not any(states(p.text, measure) for p in quotable) for measure in query.measures):
        return True
    # A paraphrase shares few words with its section; its meaning still finds it, as a
    # section or as one sentence that says nearly what was asked.
    if (evidence.confidence.score < params.refuse_below
            and evidence.match < params.near_by_meaning
            and (nearest is None or nearest() < params.statement_near)):
        return True
    if not evidence.not_covered:
        return False
    missing = {t for phrase in evidence.not_covered for t in key_terms(phrase)}
    total = sum(vocabulary.idf(t) for t in query.terms) or 1.0
    share = sum(vocabulary.idf(t) for t in query.terms if t in missing) / total
    return share >= params.uncovered_share


def retrieve_for(query: Query, scope: Scope, retriever: Retriever, tuning: Tuning) -> Retrieved:
    """The k passages, and for a comparison the table material: each option's own
    sections, the section weighing them together, and the recommendations. The options'
    and the asks' own searches use their retrieval configurations in `tuning`."""
    k, max_chars, chapters, parts = scope.k, scope.max_chars, scope.chapters, scope.parts
    result = retriever.retrieve(query.retrieval_text, k, max_chars, chapters, parts)
    timings = dict(result.timings_ms)
    if result.best_similarity is not None:
        timings["best_similarity"] = round(result.best_similarity, 4)
    # The best record's deciding section is read from the ranking as found: after the
    # record in force is put first, the "best" is often an amendment the question was
    # not about.
    found = decision_beside_best(query, result.passages, scope, retriever,
                                 tuning.record_retrieval)
    main = defining_first(query, in_force_first(query, found, scope, retriever))
    asked = _ask_material(query, scope, retriever, main, tuning)
    options = list(query.options)
    if not options:
        return Retrieved(main, [], timings, asked)
    # A comparison gets each option's own best section, so no option goes unheard.
    # The option alone finds that section; the full question drowns it out.
    per_option = [retriever.retrieve(option, 2, max_chars // k, chapters, parts,
                                     config=tuning.option_retrieval).passages
                  for option in options]
    passages = _interleave(main, per_option, options, k, max_chars)
    # The decision's own criteria and trade-offs (where comparison tables live) and
    # its recommendations fill the table's rows.
    # Naming all the options at once finds the section that weighs them together.
    weighing = retriever.retrieve(" ".join(options), 3, max_chars // k, chapters,
                                  [CRITERIA, TRADE_OFFS], config=tuning.option_retrieval).passages
    advice = retriever.retrieve(query.retrieval_text, 2, max_chars // k, chapters,
                                [RECOMMENDATIONS]).passages
    seen = {(p.file, p.section_path) for p in [*passages, *asked]}
    extra = [p for found in [weighing, advice, *per_option] for p in found
             if (p.file, p.section_path) not in seen]
    unique = list({(p.file, p.section_path): p for p in extra}.values())
    # Table material shares the context budget: what the main passages leave, in the
    # order above (the section weighing the options together first).
    fetched = [p for p in asked if p not in passages]  # each ask's own, beside the passages
    room = max_chars - sum(len(p.text) for p in [*passages, *fetched])
    material = []
    for passage in unique:
        if len(passage.text) <= room:
            material.append(passage)
            room -= len(passage.text)
    return Retrieved(passages, material, timings, asked)


def _ask_material(query: Query, scope: Scope, retriever: Retriever,
                  passages: list[Passage], tuning: Tuning) -> list[Passage]:
    """For a question of several asks, each ask's best section: one of the passages, or
    one fetched within what they leave of the context budget. Each ask has a section
    of its own to be answered from, and the main ranking stays as it is. An ask often leaves its
    subject to the question ("who has to review them?"), so it is searched in the
    documents the question found."""
    if len(query.asks) < 2 or not passages:
        return []
    ranked = {(p.file, p.section_path): p for p in passages}
    files = list(dict.fromkeys(p.file for p in passages))
    room = scope.max_chars - sum(len(p.text) for p in passages)
    material: list[Passage] = []
    for ask in query.asks:
        found = retriever.retrieve(ask, 1, scope.max_chars // scope.k, files,
                                   scope.parts, config=tuning.ask_retrieval).passages
        for passage in found:
            # A section the passages hold already is named, not fetched twice: the
            # answer quotes it for the ask even when it ranks too low to quote otherwise.
            passage = ranked.get((passage.file, passage.section_path), passage)
            if passage in material:
                continue
            if passage in passages:
                material.append(passage)
            elif len(passage.text) <= room:
                material.append(passage)
                room -= len(passage.text)
    return material


def _interleave(main: list[Passage], per_option: list[list[Passage]], options: list[str],
                k: int, max_chars: int) -> list[Passage]:
    """The main ranking, except that an option without a top passage of its own gets
    its own best section in place of the lowest-ranked passage. An option's own passage
    is one whose own heading names it, when such a section exists, else one naming it."""
    chosen = list(main[:k])
    keys = {(p.file, p.section_path) for p in chosen}
    for option, found in zip(options, per_option, strict=True):
        titled = any(mentions(option, p.section) for p in found)
        if any(mentions(option, p.section if titled else f"{' '.join(p.section_path)} {p.text}")
               for p in chosen):
            continue
        if titled:
            found = [p for p in found if mentions(option, p.section)]
        best = next((p for p in found if (p.file, p.section_path) not in keys), None)
        if best is not None:
            if len(chosen) >= k:
                chosen.pop()
            chosen.append(best)
            keys.add((best.file, best.section_path))
    while sum(len(p.text) for p in chosen) > max_chars and len(chosen) > 1:
        chosen.pop()
    return chosen
