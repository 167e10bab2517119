"""Answers about decisions say where each decision stands, answer from the record in
force, and link every citation to its original in the team's repository."""

from __future__ import annotations

import io
import json
import shutil
from pathlib import Path

import pytest
from git_support import git

from assistant import Assistant, UsageError
from ingest.settings import Settings
from ui.cli.main import main
from ui.cli.terminal import print_answer

RECORDS = Path(__file__).parents[1] / "fixtures" / "records" / "sections"
OLD, NEW = "adr/0001-keep-a-decision-log.md", "adr/0006-keep-records-beside-the-code.md"

pytestmark = pytest.mark.skipif(shutil.which("git") is None, reason="git is not installed")




@pytest.fixture(scope="module")
def repository(tmp_path_factory: pytest.TempPathFactory, embedder) -> tuple[Settings, str]:
    """A git work tree with an https remote whose docs/ holds six records, indexed."""
    from ingest.pipeline import ingest

    top = tmp_path_factory.mktemp("decisions")
    shutil.copytree(RECORDS, top / "docs" / "adr")
    git(top, "init", "-q")
    git(top, "remote", "add", "origin", "https://github.com/acme/decisions.git")
    git(top, "add", ".")
    git(top, "commit", "-q", "-m", "Records")
    settings = Settings(index_dir=top / "index", cache_dir=top / "cache")
    ingest(top / "docs", settings, embedder=embedder)
    return settings, git(top, "rev-parse", "HEAD")


@pytest.fixture(scope="module")
def decisions(repository: tuple[Settings, str], embedder) -> Assistant:
    return Assistant.open(settings=repository[0], embedder=embedder)


def test_a_superseded_decision_is_answered_from_the_record_in_force(decisions):
    answer = decisions.ask("Do we still write a short record for each decision into a log?")
    first, second = answer.text.split("\n\n")[:2]
    assert "Keep decision records beside the code" in first and "accepted" in first.lower()
    assert "superseded by" in second and "not in force" in second
    assert answer.passages[0].file == NEW
    assert {c.file for c in answer.citations} >= {NEW}


def test_the_record_in_force_is_quoted_first_and_the_old_one_is_marked(decisions):
    answer = decisions.ask("Do we still write a short record for each decision into a log?")
    quoted = answer.text.split("\n\n")[2]
    old = "_Superseded:_ We write a short record for each decision"
    assert quoted.startswith("Records live in the repository") and old in quoted
    history = decisions.ask("What did we decide before, about writing a short record?")
    assert "Superseded:" not in history.text.split("\n\n", 1)[1]


def test_a_question_about_the_past_keeps_the_ranking_as_retrieval_found_it(decisions):
    question = "What did we decide before, about writing a short record for each decision?"
    asked = [p.file for p in decisions.ask(question).passages]
    found = [p.file for p in decisions.retrieve(question)]
    assert asked[:len(found)] == found


def test_every_citation_links_its_original_at_the_pinned_commit(decisions, repository):
    _, commit = repository
    answer = decisions.ask("Do we still write a short record for each decision into a log?")
    for citation in answer.citations:
        assert citation.source is not None
        assert citation.source.url.startswith(
            f"https://github.com/acme/decisions/blob/{commit}/docs/{citation.file}")
        assert citation.source.last_changed == "2023-05-04"
        assert citation.record is not None and citation.record.status
    # Printed, each link is whole on its own line, however narrow the output: a link
    # cut at the width would lead nowhere.
    printed = io.StringIO()
    print_answer(answer, printed, color=False)
    lines = printed.getvalue().splitlines()
    for citation in answer.citations:
        assert f"    {citation.source.url}" in lines


def test_a_short_record_is_read_whole_and_names_the_sections_it_holds(decisions):
    found = decisions.retrieve("Why do Dockerfiles name base images by digest?")
    (record,) = [p for p in found if p.file.endswith("0005-pin-base-images.md")]
    assert record.section_path == ("5. Pin base images by digest",)
    assert record.covers == ("Status", "Context", "Decision")
    assert "Superseded by ADR 9" in record.text and "by digest." in record.text
    # Its link opens at the first section it holds, not at the record's top.
    assert record.source is not None and record.source.url.endswith("#status")
    assert len({p.file for p in found}) == len(found)  # one passage per short record


def test_a_status_filter_answers_from_records_of_that_status_only(decisions):
    answer = decisions.ask("What did we decide about the search proxy?", statuses=["rejected"])
    assert answer.citations
    assert {c.record.status for c in answer.citations} == {"rejected"}
    kept = decisions.retrieve("decision log", statuses=["accepted", "amended"])
    assert kept and all(p.record.status in ("accepted", "amended") for p in kept)
    with pytest.raises(UsageError, match="statuses are accepted"):
        decisions.ask("decision log", statuses=["maybe"])


def test_the_decision_log_lists_every_record_with_links_both_ways(repository, capsys):
    settings, _ = repository
    code = main(["decisions", "--index", str(settings.index_dir), "--format", "json"])
    log = json.loads(capsys.readouterr().out)
    by_file = {r["file"]: r for r in log["records"]}
    assert len(by_file) == 6
    assert by_file[OLD]["superseded_by"] == [NEW] and by_file[NEW]["supersedes"] == [OLD]
    assert by_file["adr/0004-retire-the-search-proxy.md"]["status"] == "rejected"
    # 0005 names a successor, ADR 9, that is not in the folder: a problem, exit 1.
    assert any("9" in problem for problem in log["problems"]) and code == 1


def test_an_amended_decision_is_followed_by_its_amendment(decisions):
    question = "Why did services block each other's migrations?"
    found = [p.file for p in decisions.retrieve(question, k=2)]
    amended, amendment = "adr/0002-one-postgres-per-service.md", "adr/0003-shared-read-replicas.md"
    assert amended in found and amendment in found
    assert found.index(amendment) > found.index(amended)
    # A filter that leaves the amendment out keeps it out.
    kept = decisions.retrieve(question, k=2, statuses=["accepted"])
    assert amendment not in [p.file for p in kept]
