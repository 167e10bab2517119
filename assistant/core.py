"""The public entry point: `Assistant.open(...)`, then `ask`, `stream` and `retrieve`.

Data flows one way: question -> `Query` (read once, `query/`) -> `Evidence` (passages
and the confidence they give, `retrieval/`) -> an `Answerer` -> `Answer` (`answering/`).
"""

from __future__ import annotations

import logging
import threading
import time
from collections.abc import Iterator, Sequence
from dataclasses import replace
from functools import cached_property
from pathlib import Path
from typing import Any

from ingest.calibration import Calibration
from ingest.embedding import Embedder, load_embedder
from ingest.errors import IndexEmpty, UsageError
from ingest.parts import RoleMap, parse_roles
from ingest.serving import open_store
from ingest.settings import Settings
from ingest.snapshot import IndexSnapshot, manifest_stamp
from ingest.vector_store import VectorStore

from .answering.base import Answerer, answer_with
from .answering.extractive import ExtractiveAnswerer, refusal
from .answering.standing import standing_lines, with_standing
from .arguments import (
    cap_answer,
    cap_passages,
    check_chapters,
    check_history,
    check_index_dir,
    check_k,
    check_mode,
    check_parts,
    check_statuses,
)
from .models import Answer, AnswerMode, Notice, Passage
from .query.corpus_words import PhraseIndex, vocabulary_of
from .query.followup import Turn
from .query.reading import MAX_QUESTION_CHARS, Query, prepare_question, read_query
from .query.terms import Vocabulary
from .retrieval.evidence import nearest_statement
from .retrieval.gathering import gather, refuses, retrieve_for
from .retrieval.records import files_with_status
from .retrieval.retriever import RetrievalConfig, Retriever
from .retrieval.scope import Scope
from .starters import starter_questions

__all__ = ["MAX_QUESTION_CHARS", "Assistant", "prepare_question"]

log = logging.getLogger(__name__)
STATEMENT_PASSAGES = 3  # the passages whose sentences may show a weak match is near


class Assistant:
    def __init__(self, settings: Settings, snapshot: IndexSnapshot,
                 store: VectorStore, embedder: Embedder,
                 chat_model: Any | None = None) -> None:
        self.settings = settings
        self.snapshot = snapshot
        self.retriever = Retriever(snapshot, store, embedder, settings.tuning.retrieval)
        self.roles = RoleMap.default().extend(parse_roles(settings.roles))
        self._chat_model = chat_model
        self._reload = threading.Lock()

    @classmethod
    def open(cls, index_dir: str | Path | None = None, settings: Settings | None = None,
             retrieval: RetrievalConfig | None = None,
             embedder: Embedder | None = None, chat_model: Any | None = None) -> Assistant:
        """Open an existing index; raises IndexMissing with the command that builds one.

        `settings` defaults to `Settings()`; pass `Settings.from_env()` to read the
        TRADEOFFS_* variables, as the command line and the app do.
        `retrieval` replaces `settings.tuning.retrieval` (the evals compare several);
        `embedder` shares an already loaded model between several assistants;
        `chat_model` is a LangChain chat model to use instead of `settings.llm`.
        """
        check_index_dir(index_dir)
        if settings is not None and not isinstance(settings, Settings):
            raise UsageError(f"settings must be a Settings, not {type(settings).__name__}")
        settings = settings or Settings()  # the defaults; TRADEOFFS_* is read by from_env
        if index_dir is not None:
            settings = replace(settings, index_dir=Path(index_dir))
        if retrieval is not None:
            settings = replace(settings, tuning=replace(settings.tuning, retrieval=retrieval))
        snapshot = IndexSnapshot.open(settings.index_dir)
        store = open_store(settings, snapshot)  # before the model: a missing server fails fast
        embedder = embedder or load_embedder(settings, purpose="query")
        return cls(settings, snapshot, store, embedder, chat_model)

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
        return vocabulary_of(self.snapshot, self.settings.tuning.reading)

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
            derived = {"vocabulary": vocabulary_of(snapshot, self.settings.tuning.reading),
                       "_phrases": PhraseIndex(snapshot)}
            self.__dict__.pop("calibration", None)  # measured per generation, on first use
            self.__dict__.update(derived)
            self.snapshot, self.retriever = snapshot, retriever
            return True

    def _check(self, k: object, chapters: object,
               statuses: object = None) -> Sequence[str] | None:
        """Validate a question's arguments against the current index; the files to search
        (None: all), from the chapters and the decision statuses asked for."""
        check_k(k)
        wanted = check_statuses(statuses)
        self.refresh()
        if not self.snapshot.chunks:
            raise IndexEmpty(str(self.settings.index_dir))
        chapters = check_chapters(chapters, self.snapshot.manifest.files)
        if wanted is None:
            return chapters
        files = files_with_status(self.retriever.facts, wanted, chapters)
        if not files:
            raise UsageError(f"no record {'in those chapters ' if chapters else ''}is "
                             f"{' or '.join(sorted(wanted))}")
        return files

    def read(self, question: str, history: Sequence[Turn] | None = None,
             use_llm: bool = False) -> Query:
        """Read a question once: its terms, options, uncovered names and retrieval text."""
        rewrite = self._rewrite if use_llm else None
        return read_query(question, history, self.vocabulary, self.knows, rewrite,
                          self.settings.max_question_chars)

    def retrieve(self, question: str, k: int | None = None,
                 chapters: Sequence[str] | None = None,
                 parts: Sequence[str] | None = None,
                 statuses: Sequence[str] | None = None) -> list[Passage]:
        """The passages for a question, best first; `k` defaults to settings.k (5).
        `statuses` keeps decision records of those statuses ("accepted", ...) only."""
        chapters = self._check(k, chapters, statuses=statuses)
        parts = check_parts(parts)
        query = self.read(question)
        passages = retrieve_for(query, self._scope(k, chapters, parts), self.retriever,
                               self.settings.tuning).passages
        return cap_passages(passages, self.settings.max_passage_chars)

    def ask(self, question: str, history: Sequence[Turn] | None = None,
            chapters: Sequence[str] | None = None, k: int | None = None,
            parts: Sequence[str] | None = None, mode: str | None = None,
            statuses: Sequence[str] | None = None) -> Answer:
        """Answer with citations; refuse plainly what the documents do not cover.

        `mode` is "extractive" or "llm"; by default the LLM when one is configured.
        `statuses` answers from decision records of those statuses only.
        """
        for piece in self.stream(question, history, chapters, k, parts, mode, statuses):
            if isinstance(piece, Answer):
                return piece
        raise AssertionError("a stream ends with its Answer")

    def stream(self, question: str, history: Sequence[Turn] | None = None,
               chapters: Sequence[str] | None = None, k: int | None = None,
               parts: Sequence[str] | None = None, mode: str | None = None,
               statuses: Sequence[str] | None = None) -> Iterator[str | Notice | Answer]:
        """Yield the answer text in pieces, a Notice when something changes course (the
        LLM failed: what came before is dropped), then the final Answer."""
        started = time.perf_counter()
        asked = check_mode(mode)
        chapters = self._check(k, chapters, statuses)
        parts = check_parts(parts)
        check_history(history)
        use_llm = asked is AnswerMode.LLM or (asked is None and self.llm_available)
        query = self.read(question, history, use_llm)
        tuning = self.settings.tuning
        evidence = gather(query, self._scope(k, chapters, parts), self.retriever,
                          self.vocabulary, self.calibration, tuning)
        clock = time.perf_counter()

        def nearest() -> float:  # embeds the passages' sentences: asked only when weak
            return nearest_statement(query.text, evidence.passages[:STATEMENT_PASSAGES],
                                     self.retriever.embedder.embed)

        if refuses(query, evidence, self.vocabulary, tuning.refusal, nearest):
            answer = refusal(evidence.not_covered, list(evidence.passages))
            yield from answer.text.splitlines(keepends=True)
        else:
            standing = standing_lines(evidence.passages, evidence.records, tuning.standing,
                                      evidence.ask_material)
            yield from (line + "\n\n" for line in standing)
            answer = yield from answer_with(self._answerers(use_llm), query, evidence)
            answer = with_standing(answer, standing)
        timings = {**evidence.timings_ms, "answer": _ms(clock), "total": _ms(started)}
        notices = (query.notice,) if query.notice else ()
        answer = replace(answer, confidence=evidence.confidence,
                         notices=notices + answer.notices)
        yield replace(cap_answer(answer, self.settings), timings_ms=timings)

    def _scope(self, k: int | None, chapters: Sequence[str] | None,
               parts: Sequence[str] | None) -> Scope:
        return Scope(self.settings.k if k is None else k, self.settings.max_context_chars,
                     chapters, parts)

    def _answerers(self, use_llm: bool) -> list[Answerer]:
        """The LLM first when it is to answer, the extractive answerer always last."""
        answerers: list[Answerer] = [ExtractiveAnswerer(self.vocabulary, self.roles,
                                                          self.settings.tuning.answer)]
        if use_llm:
            from .answering.llm import LLMAnswerer

            answerers.insert(0, LLMAnswerer(self.chat_model()))
        return answerers

    def _rewrite(self, question: str, previous: list[str]) -> str:
        """An LLM's standalone version of a follow-up; its own words if the LLM fails."""
        from .answering.llm import rewrite_query
        from .query.followup import carry_over

        try:
            return rewrite_query(self.chat_model(), question, previous)
        except Exception as exc:  # any provider error: the carry-over still works
            log.warning("the LLM could not rewrite the follow-up (%s); using its terms", exc)
            return carry_over(question, previous)

    def starter_questions(self, limit: int = 4) -> list[str]:
        """Questions to start from, derived from the indexed documents' headings."""
        return starter_questions(self.snapshot.chunks, self.roles, limit)

    def status(self) -> dict[str, Any]:
        return self.snapshot.status()

    def as_retriever(self) -> Any:
        """This index as a LangChain BaseRetriever (imports LangChain on first use)."""
        from .langchain_retriever import TradeoffsRetriever

        return TradeoffsRetriever(assistant=self)


def _ms(since: float) -> float:
    return round((time.perf_counter() - since) * 1000, 2)
