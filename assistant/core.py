"""The public entry point: `Assistant.open(...)`, then `ask`, `stream` and `retrieve`.

Data flows one way: question -> retrieval query -> passages -> answerer -> Answer.
"""

from __future__ import annotations

import logging
import time
import warnings
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, replace
from functools import cached_property
from pathlib import Path
from typing import Any

from ingest.embedding import Embedder, load_embedder
from ingest.errors import UsageError
from ingest.settings import Settings
from ingest.snapshot import IndexSnapshot
from ingest.store import ChromaStore

from .calibration import Calibration
from .comparison import detect_options, mentions
from .evidence import judge, term_coverage
from .extractive import compose, refusal, weak_match_notice
from .followup import Turn, carry_over, is_follow_up, previous_questions
from .models import Answer, Passage
from .retrieval import Mode, RetrievalConfig, Retriever
from .terms import Vocabulary, key_terms, uncovered_phrases

log = logging.getLogger(__name__)

MAX_QUESTION_CHARS = 2000
LLM_FALLBACK_NOTICE = ("_The language model could not answer; this is the extractive answer "
                       "from the documents._")
# Below this cosine similarity the best chunk is not about the question at all.
MIN_SIMILARITY = 0.25
# Refuse when names the documents never mention carry this share of the question.
UNCOVERED_SHARE_TO_REFUSE = 0.15
# An option is a name ("FSx for Lustre"): the keyword index finds the sections naming it
# as well as the embedding does, without a second query embedding.
OPTION_RETRIEVAL = RetrievalConfig(mode=Mode.KEYWORD)


def prepare_question(question: str) -> tuple[str, str | None]:
    """The question to answer and a notice when it had to be shortened."""
    question = (question or "").strip()
    if not question:
        raise UsageError("the question is empty")
    if len(question) > MAX_QUESTION_CHARS:
        head = question[:MAX_QUESTION_CHARS]
        if not question[MAX_QUESTION_CHARS].isspace() and len(head.split()) > 1:
            head = head.rsplit(maxsplit=1)[0]  # half a name would read as an unknown name
        return head.rstrip(), (
            f"the question was {len(question):,} characters; only the first "
            f"{MAX_QUESTION_CHARS:,} were used")
    return question, None


class Assistant:
    def __init__(self, settings: Settings, snapshot: IndexSnapshot, store: ChromaStore,
                 embedder: Embedder, retrieval: RetrievalConfig | None = None,
                 chat_model: Any | None = None) -> None:
        self.settings = settings
        self.snapshot = snapshot
        self.retriever = Retriever(snapshot, store, embedder, retrieval)
        self._chat_model = chat_model

    @classmethod
    def open(cls, index_dir: str | Path | None = None, settings: Settings | None = None,
             retrieval: RetrievalConfig | None = None,
             embedder: Embedder | None = None, chat_model: Any | None = None) -> Assistant:
        """Open an existing index; raises IndexMissing with the command that builds one.

        `retrieval` picks a retrieval configuration (the evals compare several);
        `embedder` shares an already loaded model between several assistants;
        `chat_model` is a LangChain chat model to use instead of `settings.llm`.
        """
        settings = settings or Settings.from_env()
        if index_dir is not None:
            settings = replace(settings, index_dir=Path(index_dir))
        snapshot = IndexSnapshot.open(settings.index_dir)
        embedder = embedder or load_embedder(settings.embedder, purpose="query",
                                              cache_dir=settings.cache_dir)
        return cls(settings, snapshot, ChromaStore(settings), embedder, retrieval, chat_model)

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
    def calibration(self) -> Calibration:
        """This index's null similarity distribution, measured once per index generation."""
        directory = self.snapshot.manifest.generation_dir(self.snapshot.index_dir)
        calibration = Calibration.load(directory)
        if calibration is None:
            calibration = Calibration.measure(self.snapshot.chunks, self.retriever.store,
                                              self.retriever.embedder)
            try:
                calibration.save(directory)
            except OSError:
                pass  # a read-only index is measured again next time; answers are the same
        return calibration

    @cached_property
    def vocabulary(self) -> Vocabulary:
        return Vocabulary.build(c.embed_text for c in self.snapshot.chunks)

    @cached_property
    def _corpus_text(self) -> str:
        return "\n".join(c.embed_text.lower() for c in self.snapshot.chunks)

    def knows(self, phrase: str) -> bool:
        """Whether the documents contain the phrase (case-insensitive)."""
        return len(phrase) > 1 and phrase.lower() in self._corpus_text

    def retrieve(self, question: str, k: int = 5, chapters: Sequence[str] | None = None,
                 parts: Sequence[str] | None = None) -> list[Passage]:
        question, _ = prepare_question(question)
        return self._retrieve(question, k, chapters, parts, {}).passages

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
        question, notice = prepare_question(question)
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
        # Words the documents never use are judged as names (not_covered), not here,
        # unless the documents know none of the question's words at all.
        terms = key_terms(question)
        known = [t for t in terms if self.vocabulary.knows(t)]
        coverage = term_coverage(known, self.vocabulary.idf, passages) if known or not terms \
            else 0.0
        confidence = judge(timings.get("best_similarity"), coverage, self.calibration)
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
            if confidence.level == "low":
                answer = replace(answer, text=f"{weak_match_notice(passages)}\n\n{answer.text}")
            if use_llm and not answer.refused:
                answer = replace(answer, text=f"{LLM_FALLBACK_NOTICE}\n\n{answer.text}")
            yield from answer.text.splitlines(keepends=True)
        elif not use_llm or answer.refused:
            yield from answer.text.splitlines(keepends=True)
        timings["answer"] = _ms(clock)
        timings["total"] = _ms(started)
        yield replace(answer, timings_ms=timings, confidence=confidence)

    def _query(self, question: str, history: Sequence[Turn] | None, use_llm: bool) -> str:
        """The retrieval query: follow-ups take their subject from the conversation."""
        previous = previous_questions(history)
        if use_llm and previous and is_follow_up(question):
            try:
                from .llm import rewrite_query

                return rewrite_query(self.chat_model(), question, previous)
            except Exception as exc:  # any provider error: the carry-over below still works
                log.warning("the LLM could not rewrite the follow-up (%s); using its terms",
                            _first_line(exc))
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
        except Exception as exc:  # any provider error: the extractive answer stands in
            log.warning("the LLM answer failed (%s); answering extractively", _first_line(exc))
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


def _first_line(exc: BaseException) -> str:
    text = str(exc).strip()
    return f"{type(exc).__name__}: {text.splitlines()[0][:200]}" if text else type(exc).__name__


def _ms(since: float) -> float:
    return round((time.perf_counter() - since) * 1000, 2)
