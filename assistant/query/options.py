"""The options a question weighs ("Trainium or GPUs?"), and whether a text names one."""

from __future__ import annotations

from collections.abc import Callable

from ingest.keyword import tokenize

from ..language import (
    COMPARISON_CUE,
    COMPARISON_LEAD,
    CONNECTORS,
    NOT_AN_OPTION,
    OPTION_SEPARATOR,
    OPTION_TRAILER,
    QUANTIFIERS,
)
from .terms import key_terms


def detect_options(question: str, known: Callable[[str], bool]) -> list[str]:
    """The options a comparison question weighs, or [] for any other question.

    `known(phrase)` tells whether the documents contain a phrase; it decides where an
    option ends ("FSx for Lustre for training" -> "FSx for Lustre").
    """
    text = question.strip().rstrip("?.!").split(":")[0]
    if not COMPARISON_CUE.search(text):
        return []
    text = COMPARISON_LEAD.sub("", text)
    parts = [p for p in OPTION_SEPARATOR.split(text) if p and p.strip()]
    if len(parts) < 2:
        return []
    parts = _before_trailer(parts, known)
    options = [_trim_start(p, known) for p in parts[:-1]] + [_trim_end(parts[-1], known)]
    options = [_expand_quantifier(o, options[0]) for o in options]
    # An option names something: "with" or "how" left over from the phrasing do not.
    options = [o for o in options if o and o.lower() not in NOT_AN_OPTION and key_terms(o)]
    if len(options) < 2 or len(options) > 4 or any(len(o.split()) > 5 for o in options):
        return []
    return options


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
        if known(candidate) and words[i - 1].lower() not in NOT_AN_OPTION | CONNECTORS:
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
