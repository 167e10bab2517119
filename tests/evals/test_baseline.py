"""The LangChain baseline: fixed-size chunks over the same files, labelled with the
heading path at their start, in a real Chroma collection with the real model."""

from __future__ import annotations

import shutil
from pathlib import Path

from evals.baseline import CHUNK_SIZE, Baseline, heading_path_at, split_documents
from ingest.markdown import parse_sections

DOC = ("# Title\n\nIntro.\n\n## Storage\n\nS3 text.\n\n### FSx\n\nLustre text.\n\n"
       "## Compute\n\nGPUs.\n")


def test_heading_path_at_an_offset_is_the_section_that_contains_it():
    sections = parse_sections(DOC)
    assert heading_path_at(sections, 0) == ("Title",)
    assert heading_path_at(sections, DOC.index("S3 text")) == ("Title", "Storage")
    assert heading_path_at(sections, DOC.index("Lustre")) == ("Title", "Storage", "FSx")
    assert heading_path_at(sections, DOC.index("GPUs")) == ("Title", "Compute")
    assert heading_path_at(parse_sections("no headings here\n"), 3) == ()


def test_split_documents_covers_every_file_with_offsets_into_its_text(fixture_corpus: Path):
    chunks = split_documents(fixture_corpus)
    files = {c.metadata["file"] for c in chunks}
    assert files == {"accelerated-instances.md", "eks-upgrade-notes.txt", "pod-identity.md",
                     "training-storage.md"}
    for chunk in chunks:
        text = (fixture_corpus / chunk.metadata["file"]).read_text(encoding="utf-8")
        start, end = chunk.metadata["start"], chunk.metadata["end"]
        assert text[start:end] == chunk.page_content
        assert len(chunk.page_content) <= CHUNK_SIZE


def test_baseline_finds_the_file_that_answers_and_rebuilds_when_files_change(
        tmp_path: Path, fixture_corpus: Path, embedder):
    corpus = tmp_path / "corpus"
    shutil.copytree(fixture_corpus, corpus)
    baseline = Baseline.build(corpus, tmp_path / "baseline", embedder)

    hits = baseline.search("Which service principal does the Pod Identity role trust?", k=3)
    assert len(hits) == 3
    assert hits[0]["file"] == "pod-identity.md"
    assert "pods.eks.amazonaws.com" in " ".join(h["text"] for h in hits)
    assert all(h["section_path"][0] == "Giving pods AWS permissions"
               for h in hits if h["file"] == "pod-identity.md")

    (corpus / "inference.md").write_text(
        "# Serving models\n\n## Inferentia\n\nInf2 instances serve transformer models "
        "with the Neuron SDK at a lower cost per token than GPUs.\n", encoding="utf-8")
    rebuilt = Baseline.build(corpus, tmp_path / "baseline", embedder)
    top = rebuilt.search("Inf2 Inferentia cost per token", k=1)[0]
    # The whole short file is one chunk; it starts under the title, not "Inferentia".
    assert (top["file"], top["start"], top["section_path"]) == ("inference.md", 0,
                                                                ["Serving models"])
