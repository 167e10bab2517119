"""The options a question weighs ("Trainium or GPUs?"), and whether a text names one."""

from __future__ import annotations

from collections.abc import Callable

from ingest.keyword import tokenize

from ..language import (
    ALTERNATIVE,
    ALTERNATIVE_SEPARATOR,
    COMPARISON_CUE,
    COMPARISON_LEAD,
    CONNECTORS,
    NOT_AN_OPTION,
    OPTION_SEPARATOR,
    OPTION_TRAILER,
    QUANTIFIERS,
    SENTENCE_END,
    WH_WORD,
)
from .asks import split_asks
from .terms import key_terms


def detect_options(question: str, known: Callable[[str], bool]) -> list[str]:
    """The options a comparison question weighs, or [] for any other question.

    They are read from the first ask or sentence that compares. `known(phrase)` tells
    whether the documents contain a phrase; it decides where an option ends ("FSx for
    Lustre for training" -> "FSx for Lustre").
    """
    clauses = [clause for ask in split_asks(question.strip())
               for clause in SENTENCE_END.split(ask)]
    for clause in clauses:
        options = _options_in(clause, known)
        if options:
            return options
    return []


def _options_in(clause: str, known: Callable[[str], bool]) -> list[str]:
    text = clause.strip().rstrip("?.!").split(":")[0]
    if not COMPARISON_CUE.search(text):
        return []
    text = COMPARISON_LEAD.sub("", text)
    separator = ALTERNATIVE_SEPARATOR if ALTERNATIVE.search(text) else OPTION_SEPARATOR
    parts = [p for p in separator.split(text) if p and p.strip()]
    if len(parts) < 2:
        return []
    parts = _before_trailer(parts, known)
    options = [_trim_start(p, known) for p in parts[:-1]] + [_trim_end(parts[-1], known)]
    options = [_expand_quantifier(o, options[0]) for o in options]
    options = [o for o in options if _names_something(o)]
    if len(options) < 2 or len(options) > 4 or any(len(o.split()) > 5 for o in options):
        return []
    return options


def _names_something(option: str) -> bool:
    """Whether an option reads as the name of a thing: "with" or "how" left over from the
    phrasing do not, nor what the question asks ("what's the catch"), nor one plain
    lowercase word ("cost", "put"), which is the rest of a clause more often than an
    option; a name has a capital, a digit or a hyphen ("MIG", "g5", "time-slicing"), or
    several words ("one cluster")."""
    if not option or option.lower() in NOT_AN_OPTION or not key_terms(option):
        return False
    if WH_WORD.search(option):
        return False
    return len(option.split()) > 1 or any(c.isupper() or c.isdigit() or c == "-"
                                          for c in option)


def _before_trailer(parts: list[str], known: Callable[[str], bool]) -> list[str]:
    """The parts up to the one a qualifier trails ("OpenSearch or Loki for training and
    inference logs": "Loki for training" ends the options; "inference logs" qualifies)."""
    for at, part in enumerate(parts[1:-1], start=1):
        if OPTION_TRAILER.search(part) and _trim_end(part, known) != part.strip():
            return parts[:at + 1]
    return parts


def _trim_start(phrase: str, known: Callable[[str], bool]) -> str:
    """The longest known ending of the words before "or" ("one cluster")."""
    words = phrase.split()
    for i in range(len(words)):
        candidate = " ".join(words[i:])
        if words[i].lower() not in NOT_AN_OPTION | CONNECTORS and known(candidate):
            return candidate
    return words[-1] if words else ""


def _trim_end(phrase: str, known: Callable[[str], bool]) -> str:
    """The longest known beginning of the words after "or" ("FSx for Lustre for data");
    a leading connector is not part of it ("... or with Ray" -> "Ray")."""
    words = phrase.split()
    while len(words) > 1 and words[0].lower() in NOT_AN_OPTION | CONNECTORS:
        words = words[1:]
    phrase = " ".join(words)
    for i in range(len(words), 0, -1):
        candidate = " ".join(words[:i])
        if (known(candidate) and words[i - 1].lower() not in NOT_AN_OPTION | CONNECTORS
                and _names_something(candidate)):
            return candidate
    return OPTION_TRAILER.sub("", phrase).strip()


def _expand_quantifier(option: str, first: str) -> str:
    """"one cluster or several" -> "several clusters"."""
    if option.lower() in QUANTIFIERS and len(first.split()) > 1:
        noun = first.split()[-1]
        return f"{option} {noun if noun.endswith('s') else noun + 's'}"
    return option


def fold_plurals(text: str) -> set[str]:
    """Keyword tokens with a plural "s" removed, so "GPUs" matches a "GPU" column."""
    return {singular(t) for t in tokenize(text)}


def singular(token: str) -> str:
    plural = len(token) > 3 and token.endswith("s") and not token.endswith("ss")
    return token[:-1] if plural else token


def mentions(option: str, text: str) -> bool:
    """Whether the text names the option (all its words, plurals folded)."""
    wanted = fold_plurals(option)
    return bool(wanted) and wanted <= fold_plurals(text)
