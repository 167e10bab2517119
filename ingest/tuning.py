"""Every number that tunes how a question is answered, in one value: `Settings.tuning`.

Each part is handed to the step it tunes (retrieval, the confidence judged from the
evidence, refusal, the extractive answer, the records' standing lines), so no step reads
a number of its own. The defaults were chosen on the eval sets' tune halves; change one
in code (`replace(settings, tuning=replace(settings.tuning, ...))`) and measure it with
`tradeoffs eval`.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from enum import StrEnum


class Mode(StrEnum):
    DENSE = "dense"
    KEYWORD = "keyword"
    HYBRID = "hybrid"


@dataclass(frozen=True)
class RetrievalConfig:
    """How one retrieval scores and picks sections."""

    # Hybrid: meaning finds paraphrases, keywords find names and identifiers.
    mode: Mode = Mode.HYBRID
    # Reorder the sections by MMR over their word sets, so near-repeats do not fill the k.
    diversity: bool = True
    # BM25's weight beside cosine similarity, both scaled to [0, 1] per query.
    keyword_weight: float = 1.0
    # Chunks the dense search returns: enough that the fusion sees every likely section.
    dense_candidates: int = 100
    # MMR's weight of relevance against novelty: mostly relevance, a nudge to variety.
    mmr_lambda: float = 0.8
    # At most this many of the k sections from one file, unless no other file has any:
    # one document's repeated wording must not crowd out the rest.
    per_file: int = 4
    # A document within this many equal shares of the context budget is read whole, as
    # one passage: a short record's Status, Context and Decision come together and leave
    # the other places to other documents. At 1 share, records a little longer than a
    # share filled three places with their sections.
    whole_document_shares: int = 2
    # A chunk shorter than this many characters scores in proportion to its length: a
    # heading over a link or a one-word line says little of its own, and its nearness to
    # a question comes mostly from the heading words it shares. Chosen on the tune
    # halves: 150 lifted answer facts; at 300 whole short sections lost their place.
    full_chunk_chars: int = 150


@dataclass(frozen=True)
class EvidenceParams:
    """How far to trust the evidence: confidence levels from match and coverage."""

    # Both signals count equally; a level is read from their mean.
    high_at: float = 0.6
    medium_at: float = 0.3
    coverage_passages: int = 3  # the passages an answer mostly quotes


@dataclass(frozen=True)
class RefusalParams:
    """When the evidence is too weak to answer from at all."""

    # Below this cosine similarity the best chunk is not about the question at all.
    min_similarity: float = 0.25
    # Below this confidence score the evidence is too weak to quote: the question is
    # refused, with the nearest sections offered as reading.
    refuse_below: float = 0.25
    # A best chunk nearer by meaning than this share of the index's "related, but not the
    # answer" similarities speaks to the question, whatever words it shares with it.
    near_by_meaning: float = 0.5
    # ... or whose one sentence is this near the question (cosine), though the section
    # as a whole is not: a paraphrase answered in a sentence of a longer section.
    statement_near: float = 0.5
    # Refuse when names the documents never mention carry this share of the question.
    uncovered_share: float = 0.15


@dataclass(frozen=True)
class ReadingParams:
    """How a question's words are read against the documents' vocabulary."""

    # A plural in this share of the chunks is the documents' common vocabulary: trailing a
    # name ("A100 GPUs"), it says what kind of thing the name is, not which one.
    common_share: float = 0.02


@dataclass(frozen=True)
class ExtractiveParams:
    """Every tunable number of the extractive answerer, in one place."""

    # A unit scoring below this (share of the question's idf mass, plus priors) is not
    # quoted as part of the direct answer, the trade-offs or the advice.
    min_relevance: float = 0.12
    # A unit answers one ask of several when it carries this share of the ask's words;
    # an ask no quoted unit answers so gets units of its own.
    ask_answered: float = 0.5
    # ... and a section below the passage gate is quoted for an ask no source answers
    # when one of its units carries this share of the ask's words. At 0.5 and 0.6,
    # sections that merely touched on the ask came in with their citations.
    held_ask: float = 0.75
    # A passage scoring below this share of the best one is related reading, not a source.
    passage_gate: float = 0.75
    # ... and a passage from another file than the best one must score this near.
    other_file_gate: float = 0.85
    # How much a unit's passage rank counts beside its own word overlap with the query.
    prior: float = 0.3
    # Bonus for a unit under a heading or lead-in that lists what the question asks
    # for (its downsides or its benefits).
    side_bonus: float = 0.3
    # ... and half of it for a unit under no such heading that weighs a cost in its own
    # words ("..., but the first request waits"), when the question asks for downsides.
    # Chosen on the tune halves: it lifted answer facts and no held-out half lost any.
    side_cue_bonus: float = 0.15
    # Prose explains; table rows and code lines only state values, so they weigh less.
    value_weight: float = 0.85
    # Bonus for a unit of a decision record's deciding section: what the record decided
    # answers a question about it before its context does. At 0.1 a context sentence
    # sharing more of the question's words still led; at 0.3 answers lost facts.
    decided_bonus: float = 0.2
    # Taken from a unit of a record a later one superseded: the decision in force leads
    # the answer, and the old one follows as history.
    replaced_penalty: float = 0.2
    # ... and code weighs less again unless the question asks for a setting or command:
    # its identifiers share the question's words without explaining anything.
    code_weight: float = 0.7
    # Bonus for a unit that states the kind of value the question asks for ("how long":
    # a number with a unit of time; "how many": a number; "which setting": code).
    value_bonus: float = 0.2
    # How far a unit's nearness by meaning lifts its share of the question towards
    # itself, when it is nearer by meaning than by shared words (see `meaning_shares`).
    meaning_weight: float = 0.6
    # Embedding costs time on every question: only this many units are embedded, beside
    # the question itself.
    meaning_candidates: int = 16
    # Cosine similarities of the bundled MiniLM model between a question and a sentence:
    # below the floor a sentence is about something else; from the top it answers fully.
    meaning_floor: float = 0.3
    meaning_full: float = 0.7
    # The direct answer quotes a second file only when that file's best unit scores at
    # least this share of the answer's best unit, or best answers one ask of several:
    # one decision is usually argued in one document, and a weaker unit elsewhere that
    # shares a word or two with the question is the likelier stray quote. Chosen on
    # the eval sets' tune halves: at 0.7 no figure moved; at 0.9 answers to questions
    # spanning two documents lost facts.
    focus: float = 0.8
    # The trade-offs and advice of a document the direct answer does not quote weigh
    # this share: they are more often about something else. Chosen on the tune halves:
    # at 0.8 no answer lost a fact; at 0.7 one did.
    unquoted_file_share: float = 0.8
    direct_units: int = 4  # sentences in the direct answer
    # ... and up to this many more from the documents it quotes, each scoring at least
    # `detail_share` of its best unit: the answer runs as long as its evidence. Chosen
    # on the tune halves: 1 to 4 more each added answer facts, and 5 no more than 4; a
    # share of 0.6 kept the tune figures of 0.4 in shorter answers.
    detail_units: int = 4
    detail_share: float = 0.6
    ask_units: int = 2  # ... for each ask, when the question asks several things
    # A few of each: the direct answer leads, the trade-offs and advice round it off.
    trade_off_units: int = 3
    advice_units: int = 2


@dataclass(frozen=True)
class StandingParams:
    """Which decision records an answer names the standing of, first."""

    # The records an answer mostly quotes. At 3, a two-part question about one record
    # could fill the lines with the near-best records of others before its own.
    max_records: int = 4
    # A record is named when its passage scores at least this share of the best one: the
    # near-ties a question is about, not every record that shares a word with it.
    near_best: float = 0.7


@dataclass(frozen=True)
class Tuning:
    """The numbers of the answering path, grouped by the step each part is handed to."""

    # The question's own retrieval.
    retrieval: RetrievalConfig = field(default_factory=RetrievalConfig)
    # An option is a name ("FSx for Lustre"): the keyword index finds the sections naming
    # it as well as the embedding does, without a second query embedding.
    option_retrieval: RetrievalConfig = field(
        default_factory=lambda: RetrievalConfig(mode=Mode.KEYWORD))
    # Each ask of a question of several is searched by keyword too: its words are few and
    # specific, and a second query embedding per ask would cost more than it finds. Only
    # its best section is taken, which diversifying the ranking would not change.
    ask_retrieval: RetrievalConfig = field(
        default_factory=lambda: RetrievalConfig(mode=Mode.KEYWORD, diversity=False))
    # A decision record's own sections, searched for the one that decides: by keyword,
    # as an option is, and section by section, though the record is short enough to be
    # read whole elsewhere.
    record_retrieval: RetrievalConfig = field(
        default_factory=lambda: RetrievalConfig(mode=Mode.KEYWORD, diversity=False,
                                                whole_document_shares=0))
    # Reading the question's words against the documents' vocabulary.
    reading: ReadingParams = field(default_factory=ReadingParams)
    # The confidence judged from the evidence.
    evidence: EvidenceParams = field(default_factory=EvidenceParams)
    # When to refuse rather than answer.
    refusal: RefusalParams = field(default_factory=RefusalParams)
    # What the extractive answer quotes.
    answer: ExtractiveParams = field(default_factory=ExtractiveParams)
    # Which records' standing is said first.
    standing: StandingParams = field(default_factory=StandingParams)
