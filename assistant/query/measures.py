"""What figure a question asks for, and whether a text states one.

A question that asks for an amount of time ("how many days", "in hours"), a rate
("per hour", "the hourly price") or a version ("which client version") is answered
only by a figure of that kind. Sections on the question's subject that state none do
not answer it, however many of its words they share: a plausible question about a
number the documents never give reads just like one they answer, except for the
missing figure.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from ..language import COMPACT_UNITS, NUMBER_WORDS, RATE_NOUNS, TIME_UNITS


@dataclass(frozen=True)
class Measure:
    """A unit an answer has to be stated in."""

    unit: str  # a key of TIME_UNITS, e.g. "hour"
    rate: bool  # asked per unit ("per hour"), not as an amount of it ("how many hours")


_UNIT_OF = {spelling: unit for unit, spellings in TIME_UNITS.items() for spelling in spellings}
_ANY = "|".join(sorted(map(re.escape, _UNIT_OF), key=len, reverse=True))
_ADJECTIVES = "|".join(s for s in _UNIT_OF if s.endswith("ly") or s == "annual")
_NUMBER = r"\d(?:[\d.,]*\d)?"
# After a number word, "second" is the ordinal ("a second account"), not the unit.
_AFTER_WORD = "|".join(sorted((re.escape(s) for s in _UNIT_OF if s not in ("second", "sec")),
                              key=len, reverse=True))

# "how many days", "(in hours)": an amount; "per hour", "hourly price": a rate. A bare
# "in minutes" is left alone: "can it scale in minutes?" asks how fast, not a figure.
_ASKS_AMOUNT = re.compile(rf"\bhow many ({_ANY})\b|[,(]\s*in ({_ANY})\b", re.I)
# A yes-or-no question ("Is it billed per hour?") asks whether, not how much.
_YES_OR_NO = re.compile(r"^\s*(?:is|are|was|were|do|does|did|can|could|should|would|will|"
                        r"has|have|had)\b", re.I)
_ASKS_RATE = re.compile(rf"\bper ({_ANY})\b|\b({_ADJECTIVES})\s+{RATE_NOUNS}\b", re.I)

# A figure then its unit, next to each other or hyphenated ("30 seconds", "2-hour"); a
# number word before it ("a few minutes"); a setting's compact duration ("interval: 15s",
# "retention=15d"), whose figure stands alone, not inside a name or a code; or a setting
# named for the unit ("days: 30"): an amount.
_STATES_AMOUNT = re.compile(
    rf"{_NUMBER}\s?-?\s?({_ANY})\b|\b{NUMBER_WORDS}\s+({_AFTER_WORD})\b"
    rf"|(?<![\w.;\[])\d+(?:\.\d+)?(?:{COMPACT_UNITS})\b"
    rf"|\b(?:{_ANY})[\"']?\s*[:=]\s*[\"']?\d", re.I)
# A figure, at most two words, then "/unit", "per unit" or "a unit" ("29 tokens/sec",
# "$3.06 per hour", "$3 an hour"); or the unit's adjective a few words before a figure
# ("hourly rate of $21"): a rate.
_STATES_RATE = re.compile(
    rf"{_NUMBER}%?(?:\s+[A-Za-z\-]+){{0,2}}\s*(?:/\s*|\bper\s+|\ban?\s+)({_ANY})\b"
    rf"|\b({_ADJECTIVES})\W+(?:\w+\W+){{0,3}}\$?{_NUMBER}", re.I)


def asked_measures(question: str) -> tuple[Measure, ...]:
    """The units the question asks its answer in, in order (none for most questions)."""
    found: list[Measure] = []
    if _YES_OR_NO.match(question):
        return ()
    for pattern, rate in ((_ASKS_RATE, True), (_ASKS_AMOUNT, False)):
        for match in pattern.finditer(question):
            measure = Measure(_unit(match), rate)
            if measure not in found and Measure(measure.unit, True) not in found:
                found.append(measure)
    return tuple(found)


def states(text: str, measure: Measure) -> bool:
    """Whether the text gives a figure of the measure's kind: a rate for a rate, an
    amount or a rate for an amount, in any unit of time, since converting one to
    another is arithmetic ("two weeks" answers "how many days")."""
    patterns = (_STATES_RATE,) if measure.rate else (_STATES_AMOUNT, _STATES_RATE)
    return any(pattern.search(text) for pattern in patterns)


def _unit(match: re.Match[str]) -> str:
    spelling = next(group for group in match.groups() if group)
    return _UNIT_OF[spelling.lower()]


# "Which client version", "what is the minimum engine version", "what version of X":
# the version is what is asked for, not a word of the subject ("concrete versions").
_ASKS_VERSION = re.compile(r"\b(?:which|what)\b(?:\s+[\w.'-]+){0,4}?\s+versions?\b", re.I)
# "2.0.54", "v1.28", "version 3": a version is a number with a dot, or named as one. A
# price ("$0.10/hour") or a share ("2.5%") has a dot too, but is no version.
_STATES_VERSION = re.compile(
    r"(?<![$€£\d.])\bv?\d+\.\d+(?:\.\d+)*\b(?!\s?(?:%|/\s?[a-z]))|\bversion\s+v?\d+\b", re.I)


def asks_version(question: str) -> bool:
    """Whether the question asks which version of something."""
    return _ASKS_VERSION.search(question) is not None


def states_version(text: str) -> bool:
    """Whether the text gives a version number."""
    return _STATES_VERSION.search(text) is not None


# "How much does it cost", "what is the fee", "how much is the charge": a price is asked,
# and a price is written with its currency ("$0.10 per hour", "12 USD") or said to be
# nothing ("at no additional charge"). "How much cheaper" asks a ratio, not a price.
_ASKS_PRICE = re.compile(
    r"\bhow much (?:does|do|will|would|did|is|are|was)\b(?:\s+[\w'-]+){0,6}?\s+"
    r"(?:costs?|charged?|billed|fees?|prices?|pay)\b"
    r"|\bhow much is (?:it|that|this)\b"
    r"|\bwhat (?:is|are|was|were) the (?:[\w-]+\s+){0,3}?(?:prices?|fees?|charges?|costs?)\b"
    r"(?! (?:of|for) (?:running|operating|doing))", re.I)
_STATES_PRICE = re.compile(
    r"[$\u20ac\u00a3\u00a5]\s?\d|\b\d[\d,.]*\s?(?:usd|eur|gbp|dollars?|cents?|euros?)\b"
    r"|\b(?:no|without)\s+(?:\w+\s+)?(?:charge|cost|fee)s?\b|\bfree of charge\b"
    r"|\b(?:is|are) free\b", re.I)


def asks_price(question: str) -> bool:
    """Whether the question asks what something costs, in money."""
    return _ASKS_PRICE.search(question) is not None


def states_price(text: str) -> bool:
    """Whether the text gives a price: an amount with its currency, or none at all."""
    return _STATES_PRICE.search(text) is not None
