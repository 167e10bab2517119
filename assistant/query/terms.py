"""What a question asks about, and whether the documents know those words at all.

Pure functions over token lists plus a document-frequency table built once per index.
"""

from __future__ import annotations

import math
import re
from collections import Counter
from collections.abc import Callable, Iterable
from dataclasses import dataclass

from ingest.keyword import tokenize
from ingest.tuning import ReadingParams

from ..language import MONTHS, QUESTION_WORDS


@dataclass(frozen=True)
class Vocabulary:
    """Document frequency of every token over the index's chunks."""

    df: Counter[str]
    n_docs: int
    # The share of chunks from which a word is everyday vocabulary (see `common`).
    common_share: float = ReadingParams.common_share

    @classmethod
    def build(cls, texts: Iterable[str],
              common_share: float = ReadingParams.common_share) -> Vocabulary:
        df: Counter[str] = Counter()
        n = 0
        for text in texts:
            df.update(set(tokenize(text)))
            n += 1
        return cls(df, n, common_share)

    def idf(self, term: str) -> float:
        return math.log(1 + (self.n_docs + 1) / (self.df.get(term, 0) + 0.5))

    def common(self, term: str) -> bool:
        """Whether the term is everyday vocabulary of these documents."""
        return self.df.get(term, 0) >= max(2, self.common_share * self.n_docs)

    def knows(self, term: str) -> bool:
        return self.df.get(term, 0) > 0


def key_terms(question: str) -> list[str]:
    """The question's content tokens, in order, without question words; compound
    names keep their whole form only (their parts are not separate subjects)."""
    terms: list[str] = []
    taken: set[str] = set()  # the terms so far, and the parts of compound ones
    for token in tokenize(question):
        if token in QUESTION_WORDS or token in taken:
            continue  # already taken, or a part of a compound already taken
        terms.append(token)
        taken.add(token)
        taken.update(_COMPOUND_PARTS.split(token))
    return terms


_COMPOUND_PARTS = re.compile(r"[.\-/_]")


_WORD = re.compile(r"[A-Za-z0-9][A-Za-z0-9.\-/+]*")
_QUANTITY = re.compile(r"\d+(?:[.,]\d+)?[A-Za-z]{0,2}")


def _is_name(word: str, sentence_start: bool) -> bool:
    """Product names, instance types and acronyms: digits, inner capitals, or a capital
    where a sentence does not begin. Plain words the documents lack are paraphrase,
    not a missing subject."""
    if _QUANTITY.fullmatch(word.split("-")[0]):
        return False  # "70B", "13B-parameter", "2x": sizes, not names
    if word.lower() in MONTHS:
        return False  # "September 2020" is a date, "2020" a quantity
    return _spelled_as_name(word) or (word[:1].isupper() and not sentence_start)


def _spelled_as_name(word: str) -> bool:
    """A name by its own spelling (digits, inner capitals), wherever it stands."""
    return any(ch.isdigit() for ch in word) or any(ch.isupper() for ch in word[1:])


def uncovered_phrases(question: str, vocabulary: Vocabulary,
                      knows: Callable[[str], bool] | None = None) -> list[str]:
    """Names in the question that the documents never mention, as the user wrote them.

    A name is one unknown word ("LeaderWorkerSet") or, given `knows`, a run of
    capitalised words the documents never use together ("Amazon Managed Service").
    A single unknown word also takes the word after it, so the phrase reads as a
    subject ("MIG partitioning", not "MIG")."""
    words: list[tuple[str, bool, bool]] = []  # (word, is a name, unknown on its own)
    sentence_start = True
    for match in _WORD.finditer(question):
        word = match.group().rstrip(".-/")
        tokens = [t for t in tokenize(word) if t not in QUESTION_WORDS]
        name = bool(tokens) and _is_name(word, sentence_start)
        unknown = name and not vocabulary.knows(tokens[0]) \
            and not _parts_known(tokens[0], vocabulary)
        words.append((word, name, unknown))
        sentence_start = question[match.end():match.end() + 2].strip()[:1] in {".", "?", "!"}

    phrases: list[str] = []
    i = 0
    while i < len(words):
        j = i
        while j < len(words) and words[j][1]:
            j += 1
        run = [w for w, _, _ in words[i:j]]
        if j > i and any(unknown for _, _, unknown in words[i:j]):
            if j - i == 1 and j < len(words) and tokenize(words[j][0]) \
                    and tokenize(words[j][0])[0] not in QUESTION_WORDS:
                run.append(words[j][0])
            phrases.append(" ".join(run))
        else:
            while len(run) > 1 and _plural(run[-1]) and all(
                    vocabulary.common(t) for t in tokenize(run[-1])):
                run.pop()  # "A100 GPUs" names the A100, which is known
            while len(run) > 1 and _modifier(run[0], vocabulary):
                run.pop(0)  # "Spark-based Airflow" names Airflow, which is known
            # Names each spelled as one ("AWS IAM", "gRPC API") and each known
            # are a pairing of known things, not the name of one the documents lack.
            if len(run) >= 2 and knows is not None and not knows(" ".join(run)) \
                    and not all(map(_spelled_as_name, run)):
                phrases.append(" ".join(run))
        i = max(j, i + 1)
    return phrases


def _modifier(word: str, vocabulary: Vocabulary) -> bool:
    """A hyphenated word the documents never write whole, though they use each of its
    words: a description ("Spark-based", "GPU-backed"), not part of a name."""
    token = tokenize(word)[0]
    return "-" in token and not vocabulary.knows(token) and _parts_known(token, vocabulary)


def _plural(word: str) -> bool:
    return len(word) > 3 and word.lower().endswith("s") and not word.lower().endswith("ss")


def _parts_known(token: str, vocabulary: Vocabulary) -> bool:
    """A compound like `p5.48xlarge` counts as known only if the whole is known; a
    hyphenated phrase like `cost-aware` counts as known when all its parts are."""
    if "." in token or any(ch.isdigit() for ch in token):
        return False
    parts = re.split(r"[\-/_]", token)
    return len(parts) > 1 and all(vocabulary.knows(p) for p in parts if p)
