"""The options a question weighs ("Trainium or GPUs?"), and whether a text names one."""

from __future__ import annotations

import re
from collections.abc import Callable

from ingest.keyword import tokenize

from .terms import key_terms

_LEAD = re.compile(
    r"^(?:(?:should|would|could|do|does|can|is|are|which|what|when|how)\b.*?\b"
    r"(?:use|pick|choose|adopt|prefer|go with|run|store|between|better|best|of)\b\s*|"
    r"(?:compare|comparing|comparison of|difference between)\s+)", re.I)
_SPLIT = re.compile(r"\s*,\s*(?:or\s+|and\s+)?|\s+(?:or|vs\.?|versus|and|against|compared "
                    r"(?:with|to))\s+", re.I)
_TRAILING = re.compile(r"\s+(?:for|in|on|when|to|with|at|as|from)\s+.*$", re.I)
_STOP = frozenset("a an the our we i you it".split())
_CONNECTORS = frozenset("for in on of to with at as from by and or when".split())


def detect_options(question: str, known: Callable[[str], bool]) -> list[str]:
    """The options a comparison question weighs, or [] for any other question.

    `known(phrase)` tells whether the documents contain a phrase; it decides where an
    option ends ("FSx for Lustre for training" -> "FSx for Lustre").
    """
    text = question.strip().rstrip("?.!").split(":")[0]
    if not re.search(r"\b(or|vs\.?|versus|compare|comparing|comparison|difference)\b", text, re.I):
        return []
    text = _LEAD.sub("", text)
    parts = [p for p in _SPLIT.split(text) if p and p.strip()]
    if len(parts) < 2:
        return []
    options = [_trim_start(p, known) for p in parts[:-1]] + [_trim_end(parts[-1], known)]
    options = [_expand_quantifier(o, options[0]) for o in options]
    # An option names something: "with" or "how" left over from the phrasing do not.
    options = [o for o in options if o and o.lower() not in _STOP and key_terms(o)]
    if len(options) < 2 or len(options) > 4 or any(len(o.split()) > 5 for o in options):
        return []
    return options


def _trim_start(phrase: str, known: Callable[[str], bool]) -> str:
    """The longest known ending of the words before "or" ("one cluster")."""
    words = phrase.split()
    for i in range(len(words)):
        candidate = " ".join(words[i:])
        if words[i].lower() not in _STOP | _CONNECTORS and known(candidate):
            return candidate
    return words[-1] if words else ""


def _trim_end(phrase: str, known: Callable[[str], bool]) -> str:
    """The longest known beginning of the words after "or" ("FSx for Lustre for data");
    a leading connector is not part of it ("... or with Ray" -> "Ray")."""
    words = phrase.split()
    while len(words) > 1 and words[0].lower() in _STOP | _CONNECTORS:
        words = words[1:]
    phrase = " ".join(words)
    for i in range(len(words), 0, -1):
        candidate = " ".join(words[:i])
        if known(candidate) and words[i - 1].lower() not in _STOP | _CONNECTORS:
            return candidate
    return _TRAILING.sub("", phrase).strip()


def _expand_quantifier(option: str, first: str) -> str:
    """"one cluster or several" -> "several clusters"."""
    if option.lower() in {"several", "many", "multiple", "more"} and len(first.split()) > 1:
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
