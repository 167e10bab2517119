"""Decision records through real ingests: kept in the generation, carried over for files
that did not change, and filled in for an index written before they were kept."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

from ingest.errors import IndexMissing
from ingest.manifest import Manifest
from ingest.pipeline import ingest
from ingest.records import RECORDS, State, decision_log, load_facts
from ingest.settings import Settings
from ingest.snapshot import IndexSnapshot

FIXTURES = Path(__file__).parent.parent / "fixtures" / "records"
OLD = "sections/0002-one-postgres-per-service.md"
NEW = "sections/0003-shared-read-replicas.md"


@pytest.fixture
def records_corpus(tmp_path: Path) -> Path:
    return Path(shutil.copytree(FIXTURES, tmp_path / "records"))


def test_records_of_unchanged_files_survive_an_incremental_ingest(
        records_corpus: Path, embedder) -> None:
    settings = Settings.from_env()
    ingest(records_corpus, settings, embedder=embedder)
    before = decision_log(settings.index_dir)
    (records_corpus / "guides" / "02-release-runbook.md").write_text(
        "# Release runbook\n\n1. Tag the release.\n2. Announce it.\n", encoding="utf-8")
    summary = ingest(records_corpus, settings, embedder=embedder)
    assert summary.changed == ["guides/02-release-runbook.md"]
    assert OLD in summary.unchanged and NEW in summary.unchanged
    after = decision_log(settings.index_dir)
    assert after.entries == before.entries
    manifest = Manifest.load(settings.index_dir)
    assert manifest is not None
    facts = load_facts(manifest.generation_dir(settings.index_dir))
    amended = facts.of(OLD)
    assert amended is not None and amended.amended_by == (NEW,)
    assert facts.in_force(OLD) is True
    runbook = IndexSnapshot.open(settings.index_dir).facts().of("guides/02-release-runbook.md")
    assert runbook is not None and not runbook.is_record and runbook.last_changed


def test_a_changed_record_relinks_the_records_that_did_not_change(
        records_corpus: Path, embedder) -> None:
    settings = Settings.from_env()
    ingest(records_corpus, settings, embedder=embedder)
    newer = records_corpus / NEW
    newer.write_text(newer.read_text(encoding="utf-8").replace("Proposed", "Rejected"),
                     encoding="utf-8")
    ingest(records_corpus, settings, embedder=embedder)
    log = {e.file: e for e in decision_log(settings.index_dir).entries}
    assert log[NEW].status == State.REJECTED
    assert log[OLD].amended_by == (NEW,)  # the link is written in OLD, which did not change


def _indexed_then_records_set(corpus: Path, embedder,
                              record: dict[str, int] | None) -> tuple[Settings, Path]:
    """The corpus indexed, then its manifest changed as an older ingest would have left
    it: every file's raw record `record` (None: no record kept). Returns the settings
    and the generation folder."""
    settings = Settings.from_env()
    ingest(corpus, settings, embedder=embedder)
    manifest_path = settings.index_dir / "manifest.json"
    data = json.loads(manifest_path.read_text(encoding="utf-8"))
    for entry in data["files"].values():
        if record is None:
            del entry["record"]
        else:
            entry["record"] = record
    manifest_path.write_text(json.dumps(data), encoding="utf-8")
    return settings, settings.index_dir / f"gen-{data['generation']:06d}"


def test_an_index_from_before_records_gets_them_at_its_next_ingest(
        records_corpus: Path, embedder) -> None:
    settings, gen_dir = _indexed_then_records_set(records_corpus, embedder, None)
    (gen_dir / RECORDS).unlink()
    assert decision_log(settings.index_dir).present is False

    summary = ingest(records_corpus, settings, embedder=embedder)
    assert summary.added == [] and summary.changed == []  # nothing was re-embedded
    log = decision_log(settings.index_dir)
    assert log.present
    assert {e.file for e in log.entries} >= {OLD, NEW}
    manifest = Manifest.load(settings.index_dir)
    assert manifest is not None and manifest.files[OLD].record is not None


def test_records_read_by_an_older_reader_are_read_again_at_the_next_ingest(
        records_corpus: Path, embedder) -> None:
    # An older reader found nothing in any of them ...
    settings, gen_dir = _indexed_then_records_set(records_corpus, embedder, {"reader": 1})
    facts_path = gen_dir / RECORDS
    facts = json.loads(facts_path.read_text(encoding="utf-8"))
    facts["files"] = {f: {"file": d["file"], "last_changed": d["last_changed"]}
                      for f, d in facts["files"].items()}  # ... and so the facts it kept
    facts_path.write_text(json.dumps(facts), encoding="utf-8")
    assert decision_log(settings.index_dir).entries == ()

    summary = ingest(records_corpus, settings, embedder=embedder)
    assert summary.added == [] and summary.changed == []  # nothing was re-embedded
    log = {e.file: e for e in decision_log(settings.index_dir).entries}
    assert log[OLD].status is not None and log[OLD].amended_by == (NEW,)


def test_new_status_words_are_applied_without_a_changed_file(records_corpus: Path,
                                                             embedder) -> None:
    vendor = "tables/adr-008-flag-vendor.md"
    ingest(records_corpus, Settings.from_env(), embedder=embedder)
    assert {e.file: e for e in decision_log(Settings.from_env().index_dir).entries
            }[vendor].status is None
    settings = Settings.from_env(statuses="accepted=signed off")
    summary = ingest(records_corpus, settings, embedder=embedder)
    assert summary.added == [] and summary.changed == []
    log = {e.file: e for e in decision_log(settings.index_dir).entries}
    assert log[vendor].status == State.ACCEPTED


def test_the_log_of_a_folder_without_an_index_says_so(tmp_path: Path) -> None:
    with pytest.raises(IndexMissing):
        decision_log(tmp_path / "nothing-here")
