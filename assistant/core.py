"""The public entry point: `Assistant.open(...)`, then `ask`, `stream` and `retrieve`.

Data flows one way: question -> `Query` (read once) -> `Evidence` (passages and the
confidence they give) -> an `Answerer` -> `Answer`.
"""

from __future__ import annotations

import logging
import threading
import time
import warnings
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, replace
from functools import cached_property
from pathlib import Path
from typing import Any

from ingest.calibration import Calibration
from ingest.embedding import Embedder, load_embedder
from ingest.errors import IndexEmpty, UsageError
from ingest.parts import CRITERIA, RECOMMENDATIONS, TRADE_OFFS, RoleMap, parse_roles
from ingest.serving import open_store
from ingest.settings import Settings
from ingest.snapshot import IndexSnapshot, manifest_stamp
from ingest.store import ChromaStore, LazyStore

from .answering.base import Answerer, AnswererFailed
from .answering.extractive import ExtractiveAnswerer, refusal
from .arguments import (
    cap_answer,
    cap_passages,
    check_chapters,
    check_history,
    check_index_dir,
    check_k,
    check_mode,
    check_parts,
)
from .models import Answer, Passage
from .query.corpus_words import PhraseIndex, vocabulary_of
from .query.followup import Turn
from .query.options import mentions
from .query.reading import MAX_QUESTION_CHARS, Query, prepare_question, read_query
from .query.terms import Vocabulary, key_terms
from .retrieval.evidence import (
    COVERAGE_PASSAGES,
    REFUSE_BELOW,
    Evidence,
    carries,
    judge,
    term_coverage,
)
from .retrieval.retriever import Mode, RetrievalConfig, Retriever
from .starters import starter_questions

__all__ = ["MAX_QUESTION_CHARS", "Assistant", "prepare_question"]

log = logging.getLogger(__name__)

LLM_FALLBACK_NOTICE = ("_The language model could not answer; this is the extractive answer "
                       "from the documents._")
# Below this cosine similarity the best chunk is not about the question at all.
MIN_SIMILARITY = 0.25
# Refuse when names the documents never mention carry this share of the question.
UNCOVERED_SHARE_TO_REFUSE = 0.15
# An option is a name ("FSx for Lustre"): the keyword index finds the sections naming it
# as well as the embedding does, without a second query embedding.
OPTION_RETRIEVAL = RetrievalConfig(mode=Mode.KEYWORD)


class Assistant:
    def __init__(self, settings: Settings, snapshot: IndexSnapshot,
                 store: ChromaStore | LazyStore,
                 embedder: Embedder, retrieval: RetrievalConfig | None = None,
                 chat_model: Any | None = None) -> None:
        self.settings = settings
        self.snapshot = snapshot
        self.retriever = Retriever(snapshot, store, embedder, retrieval)
        self.roles = RoleMap.default().extend(parse_roles(settings.roles))
        self._chat_model = chat_model
        self._reload = threading.Lock()

    @classmethod
    def open(cls, index_dir: str | Path | None = None, settings: Settings | None = None,
             retrieval: RetrievalConfig | None = None,
             embedder: Embedder | None = None, chat_model: Any | None = None) -> Assistant:
        """Open an existing index; raises IndexMissing with the command that builds one.

        `retrieval` picks a retrieval configuration (the evals compare several);
        `embedder` shares an already loaded model between several assistants;
        `chat_model` is a LangChain chat model to use instead of `settings.llm`.
        """
        check_index_dir(index_dir)
        if settings is not None and not isinstance(settings, Settings):
            raise UsageError(f"settings must be a Settings, not {type(settings).__name__}")
        settings = settings or Settings.from_env()
        if index_dir is not None:
            settings = replace(settings, index_dir=Path(index_dir))
        snapshot = IndexSnapshot.open(settings.index_dir)
        store = open_store(settings, snapshot)  # before the model: a missing server fails fast
        embedder = embedder or load_embedder(settings.embedder, purpose="query",
                                              cache_dir=settings.cache_dir)
        return cls(settings, snapshot, store, embedder, retrieval, chat_model)

    @property
    def llm_available(self) -> bool:
        return self._chat_model is not None or bool(self.settings.llm)

    def chat_model(self) -> Any:
        """The configured LangChain chat model, created on first use."""
        if self._chat_model is None:
            from .answering.llm import load_chat_model

            self._chat_model = load_chat_model(self.settings.llm or "")
        return self._chat_model

    @cached_property
    def calibration(self) -> Calibration:
        """This index's null similarity distribution, measured once per index generation."""
        directory = self.snapshot.manifest.generation_dir(self.snapshot.index_dir)
        calibration = Calibration.load(directory)
        if calibration is None:
            calibration = Calibration.measure(self.snapshot.chunks, self.retriever.embedder,
                                              self.retriever.nearest)
            try:
                calibration.save(directory)
            except OSError:
                pass  # a read-only index is measured again next time; answers are the same
        return calibration

    @cached_property
    def vocabulary(self) -> Vocabulary:
        return vocabulary_of(self.snapshot)

    @cached_property
    def _phrases(self) -> PhraseIndex:
        return PhraseIndex(self.snapshot)

    def knows(self, phrase: str) -> bool:
        """Whether the documents contain the phrase (case-insensitive)."""
        return len(phrase) > 1 and self._phrases.knows(phrase)

    def refresh(self) -> bool:
        """Switch to a newer committed index, if an ingest wrote one since; True if so.

        Costs one stat of the manifest, so every question checks: a running app or
        API answers from the new index as soon as an ingest commits it.
        """
        stamp = manifest_stamp(self.settings.index_dir)
        if stamp is None or stamp == self.snapshot.stamp:
            return False
        with self._reload:
            current = self.snapshot
            if manifest_stamp(self.settings.index_dir) == current.stamp:
                return False  # another thread has just switched
            snapshot = IndexSnapshot.open(self.settings.index_dir)
            if snapshot.manifest.generation == current.manifest.generation:
                self.snapshot = replace(current, stamp=snapshot.stamp)  # no new content
                return False
            retriever = Retriever(snapshot, self.retriever.store, self.retriever.embedder,
                                  self.retriever.config)
            # Derived from the chunks: computed before the switch, so no question sees a mix.
            derived = {"vocabulary": vocabulary_of(snapshot), "_phrases": PhraseIndex(snapshot)}
            self.__dict__.pop("calibration", None)  # measured per generation, on first use
            self.__dict__.update(derived)
            self.snapshot, self.retriever = snapshot, retriever
            return True

    def _check(self, k: object, chapters: object, mode: object = None) -> Sequence[str] | None:
        """Validate a question's arguments against the current index."""
        check_k(k)
        check_mode(mode)
        self.refresh()
        if not self.snapshot.chunks:
            raise IndexEmpty(str(self.settings.index_dir))
        return check_chapters(chapters, self.snapshot.manifest.files)

    def read(self, question: str, history: Sequence[Turn] | None = None,
             use_llm: bool = False) -> Query:
        """Read a question once: its terms, options, uncovered names and retrieval text."""
        rewrite = self._rewrite if use_llm else None
        return read_query(question, history, self.vocabulary, self.knows, rewrite,
                          self.settings.max_question_chars)

    def retrieve(self, question: str, k: int | None = None,
                 chapters: Sequence[str] | None = None,
                 parts: Sequence[str] | None = None) -> list[Passage]:
        """The passages for a question, best first; `k` defaults to settings.k (5)."""
        chapters = self._check(k, chapters)
        parts = check_parts(parts)
        k = self.settings.k if k is None else k
        query = self.read(question)
        passages = self._retrieve(query, k, chapters, parts, {}).passages
        return cap_passages(passages, self.settings.max_passage_chars)

    def ask(self, question: str, history: Sequence[Turn] | None = None,
            chapters: Sequence[str] | None = None, k: int | None = None,
            parts: Sequence[str] | None = None, mode: str | None = None) -> Answer:
        """Answer with citations; refuse plainly what the documents do not cover.

        `mode` is "extractive" or "llm"; by default the LLM when one is configured.
        """
        answer: Answer | None = None
        for piece in self.stream(question, history, chapters, k, parts, mode):
            if isinstance(piece, Answer):
                answer = piece
        assert answer is not None
        return answer

    def stream(self, question: str, history: Sequence[Turn] | None = None,
               chapters: Sequence[str] | None = None, k: int | None = None,
               parts: Sequence[str] | None = None,
               mode: str | None = None) -> Iterator[str | Answer]:
        """Yield the answer text in pieces, then the final Answer."""
        started = time.perf_counter()
        chapters = self._check(k, chapters, mode)
        parts = check_parts(parts)
        check_history(history)
        use_llm = mode == "llm" or (mode is None and self.llm_available)
        query = self.read(question, history, use_llm)
        if query.notice:
            warnings.warn(query.notice, stacklevel=2)
        timings: dict[str, float] = {}
        evidence = self._gather(query, k or self.settings.k, chapters, parts, timings)
        clock = time.perf_counter()
        if self._should_refuse(query, evidence, timings):
            answer = refusal(evidence.not_covered, list(evidence.passages))
            yield from answer.text.splitlines(keepends=True)
        else:
            answer = yield from self._answer(query, evidence, use_llm)
        timings["answer"] = _ms(clock)
        timings["total"] = _ms(started)
        notices = (query.notice,) if query.notice else ()
        answer = replace(answer, confidence=evidence.confidence,
                         notices=notices + answer.notices)
        yield replace(cap_answer(answer, self.settings), timings_ms=timings)

    def _answer(self, query: Query, evidence: Evidence,
                use_llm: bool) -> Iterator[str | Answer]:
        """Run the answerer; if the LLM fails, the extractive answer stands in. (A weak
        match is told by the answer's confidence, which every front end shows first.)"""
        lead = ""
        extractive = ExtractiveAnswerer(self.vocabulary, self.roles)
        answerers: list[Answerer] = [extractive]
        if use_llm:
            from .answering.llm import LLMAnswerer

            answerers.insert(0, LLMAnswerer(self.chat_model()))
        notices: tuple[str, ...] = ()
        for answerer in answerers:
            try:
                answer = yield from _final(answerer.answer(query, evidence))
            except AnswererFailed as exc:
                log.warning("the LLM answer failed (%s); answering extractively", exc)
                notices = (f"The language model could not answer ({exc}); this is the "
                           "extractive answer from the documents.",)
                lead += LLM_FALLBACK_NOTICE + "\n\n"
                yield LLM_FALLBACK_NOTICE + "\n\n"
                continue
            return replace(answer, text=lead + answer.text, notices=notices)
        raise AssertionError("the extractive answerer always answers")

    def _rewrite(self, question: str, previous: list[str]) -> str:
        """An LLM's standalone version of a follow-up; its own words if the LLM fails."""
        from .answering.llm import rewrite_query
        from .query.followup import carry_over

        try:
            return rewrite_query(self.chat_model(), question, previous)
        except Exception as exc:  # any provider error: the carry-over still works
            log.warning("the LLM could not rewrite the follow-up (%s); using its terms", exc)
            return carry_over(question, previous)

    def _should_refuse(self, query: Query, evidence: Evidence,
                       timings: dict[str, float]) -> bool:
        if not evidence.passages or timings.get("best_similarity", 1.0) < MIN_SIMILARITY:
            return True
        if evidence.confidence.score < REFUSE_BELOW:
            return True
        if not evidence.not_covered:
            return False
        missing = {t for phrase in evidence.not_covered for t in key_terms(phrase)}
        total = sum(self.vocabulary.idf(t) for t in query.terms) or 1.0
        share = sum(self.vocabulary.idf(t) for t in query.terms if t in missing) / total
        return share >= UNCOVERED_SHARE_TO_REFUSE

    def _gather(self, query: Query, k: int, chapters: Sequence[str] | None,
                parts: Sequence[str] | None, timings: dict[str, float]) -> Evidence:
        retrieved = self._retrieve(query, k, chapters, parts, timings)
        # Words the documents never use are judged as names (not_covered), not here,
        # unless the documents know none of the question's words at all.
        terms = query.retrieval_terms
        known = [t for t in terms if self.vocabulary.knows(t)]
        coverage = (term_coverage(known, self.vocabulary.idf, retrieved.passages)
                    if known or not terms else 0.0)
        confidence = judge(timings.get("best_similarity"), coverage, self.calibration)
        # A name whose words a retrieved section carries is covered, even when the
        # documents never write them side by side ("NeMo Megatron" beside "NeMo-Megatron").
        not_covered = tuple(phrase for phrase in query.not_covered
                            if not any(carries(p, key_terms(phrase))
                                       for p in retrieved.passages[:COVERAGE_PASSAGES]))
        return Evidence(tuple(retrieved.passages), tuple(retrieved.extra), confidence,
                        not_covered)

    def _retrieve(self, query: Query, k: int, chapters: Sequence[str] | None,
                  parts: Sequence[str] | None, timings: dict[str, float]) -> _Retrieved:
        max_chars = self.settings.max_context_chars
        result = self.retriever.retrieve(query.retrieval_text, k, max_chars, chapters, parts)
        timings.update(result.timings_ms)
        if result.best_similarity is not None:
            timings["best_similarity"] = round(result.best_similarity, 4)
        options = list(query.options)
        if not options:
            return _Retrieved(result.passages, [])
        # A comparison gets each option's own best section, so no option goes unheard.
        # The option alone finds that section; the full question drowns it out.
        per_option = [self.retriever.retrieve(option, 2, max_chars // k, chapters, parts,
                                              config=OPTION_RETRIEVAL).passages
                      for option in options]
        passages = _interleave(result.passages, per_option, options, k, max_chars)
        # The decision's own criteria and trade-offs (where comparison tables live) and
        # its recommendations fill the table's rows.
        # Naming all the options at once finds the section that weighs them together.
        weighing = self.retriever.retrieve(" ".join(options), 3, max_chars // k, chapters,
                                           [CRITERIA, TRADE_OFFS],
                                           config=OPTION_RETRIEVAL).passages
        advice = self.retriever.retrieve(query.retrieval_text, 2, max_chars // k, chapters,
                                         [RECOMMENDATIONS]).passages
        seen = {(p.file, p.section_path) for p in passages}
        extra = [p for found in [weighing, advice, *per_option] for p in found
                 if (p.file, p.section_path) not in seen]
        unique = list({(p.file, p.section_path): p for p in extra}.values())
        # Table material shares the context budget: what the main passages leave, in the
        # order above (the section weighing the options together first).
        room = max_chars - sum(len(p.text) for p in passages)
        material = []
        for passage in unique:
            if len(passage.text) <= room:
                material.append(passage)
                room -= len(passage.text)
        return _Retrieved(passages, material)

    def starter_questions(self, limit: int = 4) -> list[str]:
        """Questions to start from, derived from the indexed documents' headings."""
        return starter_questions(self.snapshot.chunks, self.roles, limit)

    def status(self) -> dict[str, Any]:
        return self.snapshot.status()

    def as_retriever(self) -> Any:
        """This index as a LangChain BaseRetriever (imports LangChain on first use)."""
        from .langchain_retriever import TradeoffsRetriever

        return TradeoffsRetriever(assistant=self)


@dataclass(frozen=True)
class _Retrieved:
    passages: list[Passage]  # the k passages, best first
    extra: list[Passage]  # each option's own sections, for a comparison table


def _final(pieces: Iterator[str | Answer]) -> Iterator[str]:
    """Pass an answerer's text pieces on; return its final Answer."""
    answer: Answer | None = None
    for piece in pieces:
        if isinstance(piece, Answer):
            answer = piece
        else:
            yield piece
    assert answer is not None, "an answerer ends with its Answer"
    return answer


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


def _ms(since: float) -> float:
    return round((time.perf_counter() - since) * 1000, 2)
