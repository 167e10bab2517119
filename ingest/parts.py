"""Decision roles: what part of a decision a section plays, read from its headings.

Decision documents differ in template but not in shape: the decision, its options,
the criteria, the trade-offs, the recommendation, examples. This is the one map from
heading wording to those roles. It knows English words for each role and nothing of
any particular corpus; `Settings.roles` adds a team's own words (see `RoleMap.extend`).
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

DECISION = "Decision"
OPTIONS = "Options"
CRITERIA = "Criteria"
TRADE_OFFS = "Trade-offs"
RECOMMENDATIONS = "Recommendations"
EXAMPLES = "Examples"

DECISION_PARTS: tuple[str, ...] = (DECISION, OPTIONS, CRITERIA, TRADE_OFFS, RECOMMENDATIONS,
                                   EXAMPLES)

# Heading words per role, tried in this order: "Decision Criteria" is criteria, not the
# decision; "Options Compared" is a trade-off discussion, not the list of options.
DEFAULT_WORDS: tuple[tuple[str, str], ...] = (
    (CRITERIA, r"criteri(?:a|on)|requirements|factors|drivers"),
    (TRADE_OFFS, r"trade[\s-]?offs?|pros and cons|considerations|advantages|disadvantages|"
                 r"consequences|comparison|compared"),
    (RECOMMENDATIONS, r"recommend\w*|best practices?|guidance|when to use"),
    (EXAMPLES, r"examples?|case stud(?:y|ies)|scenarios?|use cases?"),
    (OPTIONS, r"^\W*(?:\d+[.)]\s*)?(?:the\s+)?(?:available\s+|considered\s+)?"
              r"(?:options|alternatives|approaches|choices)\b"),
    (DECISION, r"^\W*(?:\d+[.)]\s*)?(?:the\s+)?(?:decision|context|problem(?: statement)?)\W*$"),
)


@dataclass(frozen=True)
class RoleMap:
    patterns: tuple[tuple[re.Pattern[str], str], ...]

    @classmethod
    def default(cls) -> RoleMap:
        return cls(tuple((_word_pattern(words), role) for role, words in DEFAULT_WORDS))

    def extend(self, extra: Mapping[str, str]) -> RoleMap:
        """More heading words per role, e.g. {"Trade-offs": "risks|caveats"}; tried first."""
        unknown = set(extra) - set(DECISION_PARTS)
        if unknown:
            raise ValueError(f"unknown decision role {sorted(unknown)[0]!r}; "
                             f"roles are {', '.join(DECISION_PARTS)}")
        added = tuple((_word_pattern(words), role) for role, words in extra.items())
        return RoleMap(added + self.patterns)

    def of_heading(self, heading: str) -> str | None:
        for pattern, role in self.patterns:
            if pattern.search(heading):
                return role
        return None

    def of_path(self, section_path: Sequence[str]) -> str | None:
        """The role named by the innermost heading that names one, if any."""
        for heading in reversed(section_path):
            role = self.of_heading(heading)
            if role:
                return role
        return None


def parse_roles(text: str) -> dict[str, str]:
    """`Settings.roles` text ("Trade-offs=risks|caveats; Examples=stories") as a mapping."""
    pairs = (item.split("=", 1) for item in text.split(";") if item.strip())
    return {role.strip(): words.strip() for role, words in pairs if words.strip()}


def _word_pattern(words: str) -> re.Pattern[str]:
    anchored = words.startswith("^")
    return re.compile(words if anchored else rf"\b(?:{words})\b", re.I)


_DEFAULT = RoleMap.default()


def part_of_heading(heading: str) -> str | None:
    return _DEFAULT.of_heading(heading)


def decision_part(section_path: Sequence[str]) -> str | None:
    """The decision role of a section under the default map."""
    return _DEFAULT.of_path(section_path)
