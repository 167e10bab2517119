"""An open Assistant answers from the index an ingest has just committed, and questions
asked while the ingest runs get answers, not errors."""

from __future__ import annotations

import shutil
import threading
from pathlib import Path

from assistant import Assistant
from ingest.pipeline import ingest
from ingest.settings import Settings

NEW_FILE = "checkpoint-storage.md"
NEW_TEXT = ("# Checkpoint storage\n\n## Where checkpoints go\n\nWrite quillonite checkpoints "
            "to FSx for Lustre scratch volumes and copy them to S3 every hour, so a lost node "
            "costs at most an hour of training.\n")
NEW_QUESTION = "Where should quillonite checkpoints be written?"
OLD_QUESTIONS = ("Which storage should hold training data?", "How do pods get AWS credentials?")


def test_an_open_assistant_answers_from_a_new_ingest_and_never_fails_during_it(
        tmp_path: Path, fixture_corpus: Path, embedder) -> None:
    corpus = Path(shutil.copytree(fixture_corpus, tmp_path / "corpus"))
    settings = Settings.from_env()
    ingest(corpus, settings, embedder=embedder)
    assistant = Assistant.open(settings=settings, embedder=embedder)
    assert NEW_FILE not in {c.file for c in assistant.ask(NEW_QUESTION).citations}

    (corpus / NEW_FILE).write_text(NEW_TEXT)
    (corpus / "eks-upgrade-notes.txt").unlink()  # its vectors are deleted by the ingest
    errors: list[BaseException] = []
    done = threading.Event()

    def keep_asking() -> None:
        while not done.is_set():
            for question in (*OLD_QUESTIONS, NEW_QUESTION):
                try:
                    assistant.ask(question)
                except BaseException as exc:  # noqa: BLE001 - every failure is a finding
                    errors.append(exc)

    askers = [threading.Thread(target=keep_asking) for _ in range(2)]
    for asker in askers:
        asker.start()
    try:
        summary = ingest(corpus, settings, embedder=embedder)
    finally:
        done.set()
        for asker in askers:
            asker.join(timeout=120)
    assert summary.added == [NEW_FILE] and summary.removed == ["eks-upgrade-notes.txt"]
    assert errors == []

    answer = assistant.ask(NEW_QUESTION)
    assert NEW_FILE in {c.file for c in answer.citations}
    assert "quillonite" in answer.text
    assert assistant.snapshot.manifest.generation == 2
    assert "eks-upgrade-notes.txt" not in {p.file for p in assistant.retrieve(
        "What do the EKS upgrade notes say?", k=5)}


def test_an_unchanged_index_is_not_reopened(built_index: Settings, embedder) -> None:
    assistant = Assistant.open(settings=built_index, embedder=embedder)
    snapshot = assistant.snapshot
    assert assistant.refresh() is False
    assistant.ask("Which storage should hold training data?")
    assert assistant.snapshot is snapshot
