"""Decision roles come from heading wording, and a team can add its own words."""

from __future__ import annotations

import pytest

from ingest.parts import RoleMap, parse_roles


def test_a_team_can_add_heading_words_for_a_role():
    roles = RoleMap.default()
    assert roles.of_heading("Risks we accept") is None
    extended = roles.extend(parse_roles("Trade-offs=risks|caveats; Examples=war stories"))
    assert extended.of_heading("Risks we accept") == "Trade-offs"
    assert extended.of_path(("ADR 7", "War stories", "The outage")) == "Examples"


def test_an_unknown_role_is_named_in_the_error():
    with pytest.raises(ValueError, match="Gotchas"):
        RoleMap.default().extend({"Gotchas": "pitfalls"})


@pytest.mark.parametrize("heading, role", [
    ("Consequences", "Trade-offs"),
    ("Considered Alternatives", "Options"),
    ("Context", "Decision"),
    ("When to use each", "Recommendations"),
])
def test_common_decision_record_headings_have_roles(heading, role):
    assert RoleMap.default().of_heading(heading) == role
