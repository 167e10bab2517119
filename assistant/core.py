"""The public entry point: `Assistant.open(...)`, then `ask`, `stream` and `retrieve`.

Data flows one way: question -> retrieval query -> passages -> answerer -> Answer.
"""

from __future__ import annotations

import threading
import time
import warnings
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, replace
from functools import cached_property
from pathlib import Path
from typing import Any

from ingest.embedding import Embedder, load_embedder
from ingest.errors import IndexEmpty, UsageError
from ingest.settings import Settings
from ingest.snapshot import IndexSnapshot, manifest_stamp
from ingest.store import ChromaStore

from .arguments import (
    cap_answer,
    cap_passages,
    check_chapters,
    check_index_dir,
    check_k,
    check_mode,
    check_question,
)
from .comparison import detect_options, mentions
from .extractive import compose, refusal
from .followup import Turn, carry_over, is_follow_up, previous_questions
from .models import Answer, Passage
from .retrieval import Mode, RetrievalConfig, Retriever
from .terms import Vocabulary, key_terms, uncovered_phrases

MAX_QUESTION_CHARS = Settings.max_question_chars  # the default; Settings may change it
LLM_FALLBACK_NOTICE = ("_The language model could not answer; this is the extractive answer "
                       "from the documents._")
# Below this cosine similarity the best chunk is not about the question at all.
MIN_SIMILARITY = 0.25
# Refuse when names the documents never mention carry this share of the question.
UNCOVERED_SHARE_TO_REFUSE = 0.15
# An option is a name ("FSx for Lustre"): the keyword index finds the sections naming it
# as well as the embedding does, without a second query embedding.
OPTION_RETRIEVAL = RetrievalConfig(mode=Mode.KEYWORD)


def prepare_question(question: str, limit: int = MAX_QUESTION_CHARS) -> tuple[str, str | None]:
    """The question to answer and a notice when it had to be shortened."""
    check_question(question)
    question = (question or "").strip()
    if not question:
        raise UsageError("the question is empty")
    if len(question) > limit:
        head = question[:limit]
        if not question[limit].isspace() and len(head.split()) > 1:
            head = head.rsplit(maxsplit=1)[0]  # half a name would read as an unknown name
        return head.rstrip(), (
            f"the question was {len(question):,} characters; only the first "
            f"{limit:,} were used")
    return question, None


class Assistant:
    def __init__(self, settings: Settings, snapshot: IndexSnapshot, store: ChromaStore,
                 embedder: Embedder, retrieval: RetrievalConfig | None = None,
                 chat_model: Any | None = None) -> None:
        self.settings = settings
        self.snapshot = snapshot
        self.retriever = Retriever(snapshot, store, embedder, retrieval)
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
        store = ChromaStore(settings)  # before the model: a missing server fails fast
        embedder = embedder or load_embedder(settings.embedder, purpose="query",
                                              cache_dir=settings.cache_dir)
        return cls(settings, snapshot, store, embedder, retrieval, chat_model)

    @property
    def llm_available(self) -> bool:
        return self._chat_model is not None or bool(self.settings.llm)

    def chat_model(self) -> Any:
        """The configured LangChain chat model, created on first use."""
        if self._chat_model is None:
            from .llm import load_chat_model

            self._chat_model = load_chat_model(self.settings.llm or "")
        return self._chat_model

    @cached_property
    def vocabulary(self) -> Vocabulary:
        return Vocabulary.build(c.embed_text for c in self.snapshot.chunks)

    @cached_property
    def _corpus_text(self) -> str:
        return "\n".join(c.embed_text.lower() for c in self.snapshot.chunks)

    def knows(self, phrase: str) -> bool:
        """Whether the documents contain the phrase (case-insensitive)."""
        return len(phrase) > 1 and phrase.lower() in self._corpus_text

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
            self.__dict__["vocabulary"] = Vocabulary.build(c.embed_text for c in snapshot.chunks)
            self.__dict__["_corpus_text"] = "\n".join(c.embed_text.lower()
                                                      for c in snapshot.chunks)
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

    def retrieve(self, question: str, k: int = 5, chapters: Sequence[str] | None = None,
                 parts: Sequence[str] | None = None) -> list[Passage]:
        chapters = self._check(k, chapters)
        question, _ = prepare_question(question, self.settings.max_question_chars)
        passages = self._retrieve(question, k, chapters, parts, {}).passages
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
        question, notice = prepare_question(question, self.settings.max_question_chars)
        if notice:
            warnings.warn(notice, stacklevel=2)
        k = k or self.settings.k
        use_llm = mode == "llm" or (mode is None and self.llm_available)
        timings: dict[str, float] = {}
        query = self._query(question, history, use_llm)
        not_covered = uncovered_phrases(question, self.vocabulary, self.knows)
        retrieved = self._retrieve(query, k, chapters, parts, timings)
        passages = retrieved.passages
        clock = time.perf_counter()
        answer: Answer | None = None
        if self._should_refuse(question, not_covered, passages, timings):
            answer = refusal(not_covered, passages)
        elif use_llm:
            answer = yield from self._stream_llm(question, passages, not_covered)
        if answer is None:
            # Options were found in the retrieval query; a follow-up's own words decide.
            options = (retrieved.options if query == question
                       else detect_options(question, self.knows))
            answer = compose(query, passages, self.vocabulary, options, not_covered,
                             table_material=retrieved.extra)
            if use_llm and not answer.refused:
                answer = replace(answer, text=f"{LLM_FALLBACK_NOTICE}\n\n{answer.text}")
            yield from answer.text.splitlines(keepends=True)
        elif not use_llm or answer.refused:
            yield from answer.text.splitlines(keepends=True)
        timings["answer"] = _ms(clock)
        timings["total"] = _ms(started)
        yield replace(cap_answer(answer, self.settings), timings_ms=timings)

    def _query(self, question: str, history: Sequence[Turn] | None, use_llm: bool) -> str:
        """The retrieval query: follow-ups take their subject from the conversation."""
        previous = previous_questions(history)
        if use_llm and previous and is_follow_up(question):
            try:
                from .llm import rewrite_query

                return rewrite_query(self.chat_model(), question, previous)
            except Exception:  # the deterministic carry-over below still works
                pass
        return carry_over(question, history)

    def _stream_llm(self, question: str, passages: list[Passage],
                    not_covered: list[str]) -> Iterator[str]:
        """Stream the LLM's reply; returns the checked Answer, or None if the LLM failed."""
        from .llm import llm_answer, stream_reply

        pieces: list[str] = []
        try:
            for piece in stream_reply(self.chat_model(), question, passages):
                pieces.append(piece)
                yield piece
        except Exception:  # any provider error: the extractive answer stands in
            return None
        return llm_answer("".join(pieces), passages, not_covered)

    def _should_refuse(self, question: str, not_covered: list[str], passages: list[Passage],
                       timings: dict[str, float]) -> bool:
        if not passages or timings.get("best_similarity", 1.0) < MIN_SIMILARITY:
            return True
        if not not_covered:
            return False
        terms = key_terms(question)
        missing = {t for phrase in not_covered for t in key_terms(phrase)}
        total = sum(self.vocabulary.idf(t) for t in terms) or 1.0
        share = sum(self.vocabulary.idf(t) for t in terms if t in missing) / total
        return share >= UNCOVERED_SHARE_TO_REFUSE

    def _retrieve(self, query: str, k: int, chapters: Sequence[str] | None,
                  parts: Sequence[str] | None, timings: dict[str, float]) -> _Retrieved:
        max_chars = self.settings.max_context_chars
        result = self.retriever.retrieve(query, k, max_chars, chapters, parts)
        timings.update(result.timings_ms)
        if result.best_similarity is not None:
            timings["best_similarity"] = round(result.best_similarity, 4)
        options = detect_options(query, self.knows)
        if not options:
            return _Retrieved(result.passages, [], [])
        # A comparison gets each option's own best section, so no option goes unheard.
        # The option alone finds that section; the full question drowns it out.
        per_option = [self.retriever.retrieve(option, 2, max_chars // k, chapters, parts,
                                              config=OPTION_RETRIEVAL).passages
                      for option in options]
        passages = _interleave(result.passages, per_option, options, k, max_chars)
        # The decision's own recommendations fill the "when to choose" row.
        advice = self.retriever.retrieve(query, 2, max_chars // k, chapters,
                                         ["Recommendations"]).passages
        seen = {(p.file, p.section_path) for p in passages}
        extra = [p for found in [*per_option, advice] for p in found
                 if (p.file, p.section_path) not in seen]
        unique = list({(p.file, p.section_path): p for p in extra}.values())
        return _Retrieved(passages, unique, options)

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
    options: list[str]  # what the query compares; empty for any other question


def _interleave(main: list[Passage], per_option: list[list[Passage]], options: list[str],
                k: int, max_chars: int) -> list[Passage]:
    """The main ranking, except that an option no top passage names gets its own best
    section in place of the lowest-ranked passage."""
    chosen = list(main[:k])
    keys = {(p.file, p.section_path) for p in chosen}
    for option, found in zip(options, per_option, strict=True):
        if any(mentions(option, f"{' '.join(p.section_path)} {p.text}") for p in chosen):
            continue
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
