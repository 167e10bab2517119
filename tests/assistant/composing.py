"""The extractive answerer run on hand-made passages, without an index."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import replace

from assistant import Answer, Confidence, Passage
from assistant.answering.extractive import compose
from assistant.answering.meaning import Embed
from assistant.query.reading import read_query
from assistant.query.terms import Vocabulary
from assistant.retrieval.evidence import Evidence


def compose_from(question: str, passages: Sequence[Passage], corpus: Sequence[str],
                 options: Sequence[str] = (), embed: Embed | None = None) -> Answer:
    """The extractive answer to `question` from hand-made passages, the question read
    against the words of `corpus` as an index would read it; with `embed`, its units
    are weighed by meaning too."""
    vocabulary = Vocabulary.build(list(corpus))
    query = replace(read_query(question, None, vocabulary, knows=lambda phrase: True),
                    options=tuple(options))
    evidence = Evidence(tuple(passages), (), Confidence("high", 1.0))
    return compose(query, evidence, vocabulary, embed=embed)
