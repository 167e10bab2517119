"""The states a decision record can be in, and the words and markers that name them.

Templates spell a status many ways ("Accepted", "PROPOSED", "✅ accepted", "on hold",
"superseded by ..."); this is the one map from that wording to a small set of states.
It knows common English status words and nothing of any particular set of records;
`Settings.statuses` adds a team's own words (see `StatusWords.extend`).
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from enum import StrEnum

from ..errors import InvalidSetting


class State(StrEnum):
    """Where a decision stands. Only ACCEPTED and AMENDED records are in force."""

    ACCEPTED = "accepted"  # decided and in force
    AMENDED = "amended"  # in force, with parts changed or replaced by a later record
    PROPOSED = "proposed"  # not yet in force: drafted, proposed, pending or incomplete
    ON_HOLD = "on hold"  # not in force: its decision is paused or postponed
    REJECTED = "rejected"  # never in force
    DEPRECATED = "deprecated"  # no longer in force, with nothing named in its place
    SUPERSEDED = "superseded"  # no longer in force: a later record replaces it

    @classmethod
    def parse(cls, text: str) -> State:
        """A state from its value or name ("on hold", "ON_HOLD"); ValueError otherwise."""
        key = " ".join(text.strip().lower().replace("_", " ").replace("-", " ").split())
        for state in cls:
            if key in (state.value, state.name.lower().replace("_", " ")):
                return state
        raise ValueError(text)


IN_FORCE = frozenset({State.ACCEPTED, State.AMENDED})
NOT_YET_IN_FORCE = frozenset({State.PROPOSED, State.ON_HOLD})
# A record that names one of these as its successor has not been replaced (yet).
NOT_REPLACING = frozenset({State.PROPOSED, State.ON_HOLD, State.REJECTED})


class Standing(StrEnum):
    """Whether a record's decision applies now, its status and its links taken together."""

    IN_FORCE = "in force"  # accepted or amended, and no record in force replaces it
    NOT_YET_IN_FORCE = "not yet in force"  # proposed or on hold
    NOT_IN_FORCE = "not in force"  # rejected, deprecated, superseded or replaced


def standing(state: State | None, successors: Iterable[State | None]) -> Standing | None:
    """The standing of a record in `state` that the records in `successors` say they
    supersede; None when it has no status and no successor replaces it."""
    if state in (State.REJECTED, State.DEPRECATED, State.SUPERSEDED):
        return Standing.NOT_IN_FORCE
    if any(s not in NOT_REPLACING for s in successors):  # an unknown status counts
        return Standing.NOT_IN_FORCE
    if state in IN_FORCE:
        return Standing.IN_FORCE
    return Standing.NOT_YET_IN_FORCE if state in NOT_YET_IN_FORCE else None

# Words per state, tried in this order: "partly superseded" is an amendment, not a
# supersession, so it is tried before "superseded".
DEFAULT_WORDS: tuple[tuple[State, str], ...] = (
    (State.AMENDED, r"(?:partly|partially|in part)\s+(?:superseded|replaced)|amended"),
    (State.SUPERSEDED, r"superseded|superseeded|replaced"),
    (State.ACCEPTED, r"accepted|approved|adopted|agreed|decided|ratified|final"),
    (State.PROPOSED, r"proposed|proposal|draft|pending|incomplete|open|in review|"
                     r"under review|under discussion|in progress|wip"),
    (State.ON_HOLD, r"on[\s-]hold|paused|postponed|deferred|parked"),
    (State.REJECTED, r"rejected|declined|refused|withdrawn|abandoned"),
    (State.DEPRECATED, r"deprecated|obsolete|retired|revoked|outdated"),
)

# Status marks some templates use instead of, or beside, a word.
MARKERS: dict[str, State] = {
    "✅": State.ACCEPTED, "✔": State.ACCEPTED, "☑": State.ACCEPTED, "👍": State.ACCEPTED,
    "🤔": State.PROPOSED, "💭": State.PROPOSED, "📝": State.PROPOSED, "🚧": State.PROPOSED,
    "⌛": State.PROPOSED, "⏳": State.PROPOSED,
    "⏸": State.ON_HOLD,
    "❌": State.REJECTED, "✖": State.REJECTED, "🚫": State.REJECTED, "⛔": State.REJECTED,
    "🗑": State.DEPRECATED, "⚠": State.DEPRECATED,
    "♻": State.SUPERSEDED,
}

# What may follow a status word in a status value: the end, punctuation, a date or a
# link, or one of these words ("superseded by", "accepted on"). Anything else means the
# words are prose ("Accepted changes are merged weekly"), not a status.
_FOLLOWERS = re.compile(r"(?:$|[\W\d_]|(?:by|on|in|since|as|at|and|with|until|for|because|"
                        r"after|from|of|to|per|via|but)\b)", re.I)
_MARKUP = re.compile(r"[*_`~\[\]<>]")


@dataclass(frozen=True)
class Reading:
    """A status value as understood: its state, and the text after the status words."""

    state: State
    rest: str


@dataclass(frozen=True)
class StatusWords:
    patterns: tuple[tuple[re.Pattern[str], State], ...]

    @classmethod
    def default(cls) -> StatusWords:
        return cls(tuple((_word_pattern(words), state) for state, words in DEFAULT_WORDS))

    def extend(self, extra: Mapping[State, str]) -> StatusWords:
        """More words per state, e.g. {State.ACCEPTED: "agreed|signed off"}; tried first."""
        added = tuple((_word_pattern(words), state) for state, words in extra.items())
        return StatusWords(added + self.patterns)

    def read(self, value: str) -> Reading | None:
        """The state a status value starts with, if it starts with one."""
        text = _MARKUP.sub(" ", value).strip()
        marked = None
        while text and not text[0].isalnum():
            marked = marked or MARKERS.get(text[0])
            text = text[1:].lstrip()
        for pattern, state in self.patterns:
            match = pattern.match(text)
            if match and _FOLLOWERS.match(text[match.end():].lstrip()):
                return Reading(state, text[match.end():].strip())
        return Reading(marked, text) if marked else None


def parse_statuses(text: str, label: str = "statuses") -> dict[State, str]:
    """`Settings.statuses` text ("accepted=agreed|ratified; rejected=declined") as a
    mapping; InvalidSetting naming `label` for a state that does not exist."""
    extra: dict[State, str] = {}
    for item in text.split(";"):
        if not item.strip():
            continue
        name, _, words = item.partition("=")
        try:
            state = State.parse(name)
        except ValueError:
            raise InvalidSetting(label, item.strip(), "state=words, with a state among "
                                 + ", ".join(s.value for s in State)) from None
        if words.strip():
            extra[state] = f"{extra[state]}|{words.strip()}" if state in extra else words.strip()
    return extra


def _word_pattern(words: str) -> re.Pattern[str]:
    return re.compile(rf"(?:{words})\b", re.I)
