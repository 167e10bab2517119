"""Decision records read from several templates, with the real loaders, on fixtures
written for these tests (tests/fixtures/records: one folder per template style)."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from ingest.errors import InvalidSetting
from ingest.loaders import load, relative_name, survey
from ingest.provenance import provenance
from ingest.records import (
    DecisionLog,
    Facts,
    Standing,
    State,
    StatusWords,
    build_facts,
    parse_statuses,
    problems,
    read_raw,
)
from ingest.settings import Settings

RECORDS = Path(__file__).parent.parent / "fixtures" / "records"


def facts_of_folder(root: Path, words: StatusWords | None = None) -> Facts:
    files = {relative_name(p, root): p for p in survey(root).files}
    raws = {name: read_raw(load(path, root)) for name, path in files.items()}
    return build_facts(raws, provenance(root, files, None), words or StatusWords.default())


@pytest.fixture(scope="module")
def facts() -> Facts:
    return facts_of_folder(RECORDS)


def test_front_matter_gives_status_date_deciders_and_title(facts: Facts) -> None:
    record = facts.of("front-matter/0001-queue-for-billing-events.md")
    assert record is not None and record.is_record
    assert record.status is State.ACCEPTED
    assert record.date == "2024-03-01"
    assert record.deciders == ("Ana Ruiz", "Bo Chen")
    assert (record.number, record.title) == (1, "Queue billing events before writing them")
    assert record.in_force is True


def test_a_superseded_by_reference_in_front_matter_links_both_records(facts: Facts) -> None:
    old = facts.of("front-matter/0002-nightly-ledger-export.md")
    new = facts.of("front-matter/0003-stream-ledger-changes.md")
    assert old is not None and new is not None
    assert old.status is State.SUPERSEDED
    assert old.superseded_by == ("front-matter/0003-stream-ledger-changes.md",)
    assert new.supersedes == ("front-matter/0002-nightly-ledger-export.md",)  # written one side
    assert old.in_force is False and new.in_force is True


def test_toml_front_matter_gives_status_date_and_title(facts: Facts) -> None:
    record = facts.of("front-matter/0004-ledger-audit-table.md")
    assert record is not None
    assert (record.status, record.date, record.number, record.title) == (
        State.DEPRECATED, "2024-10-01", 4, "Keep an audit table beside the ledger")
    assert record.standing is Standing.NOT_IN_FORCE


def test_list_items_give_status_deciders_and_date(facts: Facts) -> None:
    record = facts.of("list-items/20230105-cache-session-tokens.md")
    assert record is not None
    assert (record.status, record.date) == (State.ACCEPTED, "2023-01-05")
    assert record.deciders == ("Priya Nair", "Tom Okafor")
    assert record.number is None  # a date prefix is not a record number


def test_a_supersedes_link_under_a_heading_links_both_records(facts: Facts) -> None:
    old = facts.of("list-items/20230210-store-tokens-in-cookies.md")
    new = facts.of("list-items/20230301-store-tokens-in-keychain.md")
    assert old is not None and new is not None
    assert old.superseded_by == ("list-items/20230301-store-tokens-in-keychain.md",)
    assert new.supersedes == ("list-items/20230210-store-tokens-in-cookies.md",)
    assert old.date == "2023-02-10"  # from the file name, the only date it has

    assert new.status is State.PROPOSED and new.standing is Standing.NOT_YET_IN_FORCE


def test_a_link_in_a_status_line_alone_links_both_records(tmp_path: Path) -> None:
    old, new = "20230210-store-tokens-in-cookies.md", "20230301-store-tokens-in-keychain.md"
    shutil.copy(RECORDS / "list-items" / old, tmp_path / old)
    text = (RECORDS / "list-items" / new).read_text(encoding="utf-8")
    (tmp_path / new).write_text(text.split("## Links")[0], encoding="utf-8")  # no back link
    facts = facts_of_folder(tmp_path)
    assert facts.of(old).superseded_by == (new,)  # type: ignore[union-attr]
    assert facts.of(new).supersedes == (old,)  # type: ignore[union-attr]


def test_a_record_naming_its_links_in_its_own_prose_links_both_records(tmp_path: Path) -> None:
    (tmp_path / "adr-003-one-queue.md").write_text(
        "# ADR 3: One queue per service\n\n## Status\n\nAccepted\n", encoding="utf-8")
    (tmp_path / "adr-004-retry-budget.md").write_text(
        "# ADR 4: Retry budget\n\n## Status\n\nAccepted\n", encoding="utf-8")
    (tmp_path / "adr-009-shared-queue.md").write_text(
        "# ADR 9: A shared queue\n\nNote: this ADR supersedes some aspects of "
        "[ADR-3](adr-003-one-queue.md). This record replaces ADR 4.\n\n"
        "## Status\n\nProposed\n\nIt supersedes nothing else.\n", encoding="utf-8")
    facts = facts_of_folder(tmp_path)
    shared = facts.of("adr-009-shared-queue.md")
    assert shared.amends == ("adr-003-one-queue.md",)  # type: ignore[union-attr]
    assert shared.supersedes == ("adr-004-retry-budget.md",)  # type: ignore[union-attr]
    assert facts.of("adr-003-one-queue.md").amended_by == (  # type: ignore[union-attr]
        "adr-009-shared-queue.md",)


def test_status_sections_give_status_date_number_and_amendments(facts: Facts) -> None:
    first = facts.of("sections/0001-keep-a-decision-log.md")
    amended = facts.of("sections/0002-one-postgres-per-service.md")
    amending = facts.of("sections/0003-shared-read-replicas.md")
    assert first is not None and amended is not None and amending is not None
    assert (first.status, first.date, first.number, first.title) == (
        State.ACCEPTED, "2021-04-02", 1, "Keep a decision log")
    assert amended.amended_by == ("sections/0003-shared-read-replicas.md",)
    assert amending.amends == ("sections/0002-one-postgres-per-service.md",)
    assert amended.status is State.ACCEPTED and amended.in_force is True


def test_a_status_section_near_the_end_with_a_date_in_its_line(facts: Facts) -> None:
    record = facts.of("sections/0004-retire-the-search-proxy.md")
    assert record is not None
    assert record.status is State.REJECTED
    assert record.status_text.startswith("REJECTED 2021-10-01")
    assert record.date == "2021-10-01"
    assert record.in_force is False


def test_a_record_in_another_format_is_read_the_same_way(facts: Facts) -> None:
    record = facts.of("restructured/0001-split-batch-jobs.rst")
    assert record is not None
    assert (record.status, record.date, record.number, record.title) == (
        State.ACCEPTED, "2020-02-02", 1, "Split the batch jobs out of the web process")


def test_table_rows_columns_and_markers_give_a_status(facts: Facts) -> None:
    table = facts.of("tables/adr-007-retry-policy.md")
    marker = facts.of("tables/adr-008-feature-flags.md")
    assert table is not None and marker is not None
    assert (table.status, table.number, table.title) == (
        State.ACCEPTED, 7, "Retry policy for outbound calls")
    assert marker.status is State.PROPOSED  # the marker alone, with no word


def test_settings_add_status_words() -> None:
    vendor = "tables/adr-008-flag-vendor.md"
    plain = facts_of_folder(RECORDS / "tables").of("adr-008-flag-vendor.md")
    assert plain is not None and plain.is_record and plain.status is None
    settings = Settings.from_env({"TRADEOFFS_STATUSES": "accepted=signed off; rejected=vetoed"})
    words = StatusWords.default().extend(parse_statuses(settings.statuses))
    extended = facts_of_folder(RECORDS, words).of(vendor)
    assert extended is not None and extended.status is State.ACCEPTED
    assert extended.status_text == "Signed off"


def test_an_unknown_state_in_the_settings_is_named() -> None:
    with pytest.raises(InvalidSetting, match="TRADEOFFS_STATUSES"):
        Settings.from_env({"TRADEOFFS_STATUSES": "finished=done"})


def test_documents_that_are_no_records_get_no_record(facts: Facts) -> None:
    for name in ("guides/01-service-status.md", "guides/02-release-runbook.md",
                 "list-items/template.md"):
        doc = facts.of(name)
        assert doc is not None, name  # it still has provenance
        assert not doc.is_record and doc.status is None and doc.supersedes == (), name
        assert doc.last_changed, name
    assert all(not e.file.startswith("guides/") for e in DecisionLog.of(facts).entries)


def test_problems_name_dangling_links_missing_statuses_and_shared_numbers(facts: Facts) -> None:
    found = problems(DecisionLog.of(facts))
    assert ("sections/0005-pin-base-images.md: superseded by record 9, which is not an "
            "indexed record") in found
    assert ("sections/0005-pin-base-images.md: superseded, but no record links it to its "
            "successor") in found
    assert "tables/adr-008-flag-vendor.md: no status" in found
    assert ("2 records are number 8: tables/adr-008-feature-flags.md, "
            "tables/adr-008-flag-vendor.md") in found
    assert len(found) == 4, found  # the records with a status and resolved links are fine


def test_the_log_lists_records_in_order_and_as_json(facts: Facts) -> None:
    log = DecisionLog.of(facts)
    sections = [e.number for e in log.entries if e.file.startswith("sections/")]
    assert sections == [1, 2, 3, 4, 5, 6]
    data = log.to_dict()
    old = next(r for r in data["records"]
               if r["file"] == "front-matter/0002-nightly-ledger-export.md")
    assert old["status"] == "superseded"
    assert old["superseded_by"] == ["front-matter/0003-stream-ledger-changes.md"]
    assert data["problems"] == problems(log)
    assert "Keep a decision log" in log.to_text()


def test_a_record_is_out_of_force_once_a_record_in_force_supersedes_it(facts: Facts) -> None:
    replaced = facts.of("sections/0001-keep-a-decision-log.md")
    assert replaced is not None and replaced.status is State.ACCEPTED  # its own line
    assert replaced.superseded_by == ("sections/0006-keep-records-beside-the-code.md",)
    assert replaced.standing is Standing.NOT_IN_FORCE and replaced.in_force is False


def test_a_proposed_successor_leaves_the_record_in_force(facts: Facts) -> None:
    current = facts.of("list-items/20230105-cache-session-tokens.md")
    assert current is not None
    assert current.superseded_by == ("list-items/20230401-share-the-token-cache.md",)
    assert current.standing is Standing.IN_FORCE and facts.in_force(current.file) is True


def test_field_tables_dates_in_words_and_asciidoc_header_entries(tmp_path: Path) -> None:
    (tmp_path / "0001-use-postgres.md").write_text(
        "# ADR-0001: Use PostgreSQL\n\n| Field | Value |\n|---|---|\n"
        "| Status | Superseded by [ADR-0004](0004-use-aurora.md) |\n| Date | 2021-03-04 |\n"
        "| Deciders | Platform team |\n\n## Decision\n\nRun PostgreSQL 13 on EC2.\n",
        encoding="utf-8")
    (tmp_path / "0004-use-aurora.md").write_text(
        "# 4. Use Aurora\n\n**Status:** ✅ Accepted\n**Date:** 12 May 2022\n\n## Decision\n\n"
        "Move to Aurora Serverless v2.\n", encoding="utf-8")
    (tmp_path / "0005-time-slicing.adoc").write_text(
        "= 5. Share GPUs with time-slicing\n:status: proposed\n:date: March 4th, 2023\n\n"
        "== Decision\n\nFour replicas per GPU.\n", encoding="utf-8")
    facts = facts_of_folder(tmp_path)
    old, new = facts.of("0001-use-postgres.md"), facts.of("0004-use-aurora.md")
    adoc = facts.of("0005-time-slicing.adoc")
    assert old is not None and new is not None and adoc is not None
    # The Date row under a Status row is a date, not a second status.
    assert (old.status, old.date, old.deciders) == (
        State.SUPERSEDED, "2021-03-04", ("Platform team",))
    assert old.superseded_by == ("0004-use-aurora.md",)
    assert (new.status, new.date) == (State.ACCEPTED, "2022-05-12")
    assert (adoc.status, adoc.date, adoc.number) == (State.PROPOSED, "2023-03-04", 5)


def test_a_log_of_records_with_a_status_column_is_no_record(tmp_path: Path) -> None:
    (tmp_path / "README.md").write_text(
        "# Decision log\n\n| ADR | Title | Status |\n|---|---|---|\n"
        "| [1](0001-a.md) | Use A | Superseded |\n| [2](0002-b.md) | Use B | Accepted |\n",
        encoding="utf-8")
    (tmp_path / "0001-a.md").write_text(
        "# 1. Use A\n\n| ADR | Status |\n|---|---|\n| 1 | Superseded by [2](0002-b.md) |\n",
        encoding="utf-8")
    facts = facts_of_folder(tmp_path)
    log = facts.of("README.md")
    assert log is not None and not log.is_record and log.status is None
    record = facts.of("0001-a.md")
    assert record is not None and record.status is State.SUPERSEDED  # its one row


def test_deprecated_in_favour_of_and_obsoleted_by_link_both_records(tmp_path: Path) -> None:
    (tmp_path / "0003-a.md").write_text(
        "# 3. Use A\n\n## Status\n\nDeprecated in favour of [ADR-5](0005-b.md)\n",
        encoding="utf-8")
    (tmp_path / "0004-c.md").write_text(
        "# 4. Use C\n\n## Status\n\nObsoleted by ADR 5\n", encoding="utf-8")
    (tmp_path / "0005-b.md").write_text("# 5. Use B\n\n## Status\n\nAccepted\n",
                                        encoding="utf-8")
    facts = facts_of_folder(tmp_path)
    for old in ("0003-a.md", "0004-c.md"):
        assert facts.of(old).superseded_by == ("0005-b.md",)  # type: ignore[union-attr]
        assert facts.of(old).in_force is False  # type: ignore[union-attr]
    assert facts.of("0005-b.md").supersedes == ("0003-a.md", "0004-c.md")  # type: ignore[union-attr]
