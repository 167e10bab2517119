"""A question, read once: everything later steps need to know about it.

Retrieval, refusal, confidence and the answerers all receive this `Query` rather than
the raw question, so the question is tokenised and parsed in one place.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from functools import cached_property

from ingest.errors import UsageError
from ingest.settings import Settings

from ..arguments import check_question, clean_question
from ..language import ASKS_HISTORY, DEFINITION
from .asks import split_asks
from .followup import Turn, carry_over, is_follow_up, previous_questions
from .measures import Measure, asked_measures, asks_price, asks_version
from .options import detect_options
from .terms import Vocabulary, key_terms, uncovered_phrases
from .wants import Wants, read_wants

MAX_QUESTION_CHARS = Settings.max_question_chars  # the default; Settings may change it


@dataclass(frozen=True)
class Query:
    text: str  # the question as asked, trimmed (and shortened if it was too long)
    retrieval_text: str  # what to search for: the text, plus a follow-up's subject
    terms: tuple[str, ...]  # the question's key terms, in order
    retrieval_terms: tuple[str, ...]  # the key terms of retrieval_text
    options: tuple[str, ...]  # what a comparison weighs; empty for any other question
    refers_back: bool  # it leans on the conversation ("and for inference?")
    not_covered: tuple[str, ...]  # names in it that the documents never mention
    # What it asks, in order: (text,) when it asks one thing; "X, and which Y?" asks two.
    asks: tuple[str, ...]
    notice: str | None = None  # said to the user when the question was shortened
    # The units its answer has to be stated in ("how many days": days); mostly none.
    measures: tuple[Measure, ...] = ()
    # It asks what was decided before ("what did we do originally?"): old records answer.
    asks_history: bool = False
    # It asks which version of something: only a version number answers it.
    asks_version: bool = False
    # It asks what something costs: only a price answers it.
    asks_price: bool = False
    # What its answer should hold beside its words: a side, a value, a setting.
    wants: Wants = Wants()

    @property
    def defines(self) -> bool:
        """It asks what one thing is or does ("What is Karpenter used for?")."""
        return bool(self.terms) and DEFINITION.match(self.text) is not None

    @cached_property
    def defined(self) -> str:
        """What it asks to have defined, as a heading names it in lower case
        ("karpenter"); empty for any other question."""
        return " ".join(self.terms) if self.defines else ""

    @property
    def broad(self) -> bool:
        """A question of one subject word ("storage?", "tell me about costs"): it could
        mean several things, so it is answered with the sections to choose from."""
        return (len(self.terms) <= 1 and not self.options and not self.refers_back
                and not self.defines)


def prepare_question(question: str, limit: int = MAX_QUESTION_CHARS) -> tuple[str, str | None]:
    """The question to answer and a notice when it had to be shortened."""
    check_question(question)
    question = clean_question(question or "").strip()
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


def read_query(question: str, history: Sequence[Turn] | None, vocabulary: Vocabulary,
               knows: Callable[[str], bool],
               rewrite: Callable[[str, list[str]], str] | None = None,
               limit: int = MAX_QUESTION_CHARS) -> Query:
    """Read a question against the documents' vocabulary and the conversation.

    `rewrite(question, previous_questions)` may turn a follow-up into a standalone
    question (an LLM does this well); without it, the follow-up carries the previous
    question's subject terms.
    """
    text, notice = prepare_question(question, limit)
    previous = [clean_question(q) for q in previous_questions(history)]
    refers_back = bool(previous) and is_follow_up(text)
    if refers_back and rewrite is not None:
        retrieval_text = rewrite(text, previous)
    else:
        retrieval_text = carry_over(text, history)
    return Query(
        text=text,
        retrieval_text=retrieval_text,
        terms=tuple(key_terms(text)),
        retrieval_terms=tuple(key_terms(retrieval_text)),
        # A follow-up's own words decide whether it compares ("and S3 or EFS?").
        options=tuple(detect_options(text, knows)),
        refers_back=refers_back,
        not_covered=tuple(uncovered_phrases(text, vocabulary, knows)),
        asks=split_asks(text),
        notice=notice,
        measures=asked_measures(text),
        asks_history=bool(ASKS_HISTORY.search(text)),
        asks_version=asks_version(text),
        asks_price=asks_price(text),
        # Read from what is searched, so a follow-up's carried subject counts too.
        wants=read_wants(retrieval_text),
    )
