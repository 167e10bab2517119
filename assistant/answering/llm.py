"""The optional LLM answerer: any LangChain chat model, grounded in numbered passages.

The prompt gives numbered passages and demands a citation on every sentence. The reply
is then checked: a citation to a passage that was not given is removed, and a sentence
its cited passage does not support is flagged. LangChain is imported only here.
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Sequence
from typing import Any

from ingest.errors import described

from ..models import Answer, AnswerMode, Citation, Passage
from ..query.reading import Query
from ..retrieval.evidence import Evidence
from .base import AnswererFailed
from .citing import CITATION, is_supported

UNSUPPORTED = "[unsupported]"
_SENTENCE = re.compile(r"(?<=[.!?])\s+(?=[A-Z0-9\"'(*_\[])")
# A reply's sentence ends at . ! or ? together with the citations written after it
# ("... each. [1] Next"), so those citations stay with the sentence they support.
_REPLY_SENTENCE_END = re.compile(r"[.!?](?:\s*\[\d+\])*\s+(?=[A-Z0-9\"'(*_]|\[(?!\d+\]))")

SYSTEM_PROMPT = """You answer architecture questions about AI/ML on Amazon EKS using ONLY \
the numbered passages provided. Rules:
- Every sentence ends with the number of the passage that supports it, like [1] or [2][3].
- Use no knowledge beyond the passages. If the passages do not cover the question, or part \
of it, say exactly which part the documents don't cover, and do not answer that part.
- Start with a short direct answer, then the trade-offs, then the recommendation when the \
passages give one. Be concise."""

REWRITE_PROMPT = """Rewrite the last question as a standalone question, using the \
conversation for context. Reply with the question only."""


def load_chat_model(spec: str) -> Any:
    """A chat model from a "provider:model" spec, e.g. "openai:gpt-4o-mini"."""
    from langchain.chat_models import init_chat_model

    return init_chat_model(spec)


def build_messages(question: str, passages: Sequence[Passage]) -> list[Any]:
    from langchain_core.messages import HumanMessage, SystemMessage

    numbered = "\n\n".join(
        f"[{i}] {p.chapter} — {' > '.join(p.section_path[1:]) or p.chapter}\n{p.text}"
        for i, p in enumerate(passages, start=1))
    return [SystemMessage(SYSTEM_PROMPT),
            HumanMessage(f"Passages:\n\n{numbered}\n\nQuestion: {question}")]


def rewrite_query(model: Any, question: str, previous: Sequence[str]) -> str:
    """A standalone retrieval query for a follow-up question."""
    from langchain_core.messages import HumanMessage, SystemMessage

    conversation = "\n".join(f"User: {q}" for q in previous[-3:])
    reply = model.invoke([SystemMessage(REWRITE_PROMPT),
                          HumanMessage(f"{conversation}\nUser: {question}")])
    text = str(reply.content).strip()
    return text or question


def stream_reply(model: Any, question: str, passages: Sequence[Passage]) -> Iterator[str]:
    for chunk in model.stream(build_messages(question, passages)):
        text = chunk.content if isinstance(chunk.content, str) else ""
        if text:
            yield text


def check_citations(reply: str, passages: Sequence[Passage]) -> tuple[str, list[Citation]]:
    """Drop citations to passages that were not given; flag unsupported sentences.

    Returns the checked text and one citation per passage it cites, numbered as in the
    prompt, quoting the passage sentence that best supports the reply.
    """
    valid = range(1, len(passages) + 1)
    cited: dict[int, list[str]] = {}
    lines = []
    for line in reply.splitlines():
        sentences = []
        for sentence in _reply_sentences(line):
            numbers = [int(n) for n in CITATION.findall(sentence)]
            kept = [n for n in numbers if n in valid]
            sentence = CITATION.sub(lambda m: m.group(0) if int(m.group(1)) in valid else "",
                                    sentence)
            sentence = re.sub(r"\s+([.,;:!?])", r"\1", sentence).replace("  ", " ").rstrip()
            plain = CITATION.sub("", sentence).strip()
            if kept:
                for n in kept:
                    cited.setdefault(n, []).append(plain)
                if not any(is_supported(plain, passages[n - 1].text) for n in kept):
                    sentence = f"{sentence} {UNSUPPORTED}"
            elif len(plain.split()) >= 6 and not plain.endswith(":"):
                sentence = f"{sentence} {UNSUPPORTED}"
            sentences.append(sentence)
        lines.append(" ".join(sentences))
    citations = [
        Citation(n, passages[n - 1].file, passages[n - 1].chapter, passages[n - 1].section_path,
                 _best_quote(cited[n], passages[n - 1].text), passages[n - 1].record,
                 passages[n - 1].source)
        for n in sorted(cited)
    ]
    return "\n".join(lines).strip(), citations


def _reply_sentences(line: str) -> list[str]:
    cuts = [m.end() for m in _REPLY_SENTENCE_END.finditer(line)]
    return [line[a:b] for a, b in zip([0, *cuts], [*cuts, len(line)], strict=True)]


def _best_quote(claims: list[str], text: str) -> str:
    """The passage sentence sharing most words with what the reply said it supports."""
    from ingest.keyword import tokenize

    wanted = set(tokenize(" ".join(claims)))
    prose = " ".join(line for line in text.splitlines() if not line.lstrip().startswith("#"))
    sentences = [s.strip() for s in _SENTENCE.split(prose) if s.strip()]
    if not sentences:
        return text[:300]
    return max(sentences, key=lambda s: len(wanted & set(tokenize(s))))[:400]


def llm_answer(reply: str, passages: Sequence[Passage], not_covered: Sequence[str]) -> Answer:
    text, citations = check_citations(reply, passages)
    return Answer(text=text, citations=tuple(citations), passages=tuple(passages),
                  refused=False, not_covered=tuple(not_covered), mode=AnswerMode.LLM,
                  body=text)


class LLMAnswerer:
    """Streams a LangChain chat model's reply, then checks its citations."""

    def __init__(self, model: Any) -> None:
        self.model = model

    def answer(self, query: Query, evidence: Evidence) -> Iterator[str | Answer]:
        passages = list(evidence.passages)
        pieces: list[str] = []
        try:
            for piece in stream_reply(self.model, query.text, passages):
                pieces.append(piece)
                yield piece
        except Exception as exc:  # any provider error; the caller lets another answer
            raise AnswererFailed(described(exc)) from exc
        yield llm_answer("".join(pieces), passages, evidence.not_covered)

