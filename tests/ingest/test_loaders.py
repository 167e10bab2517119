"""Loading files: every unreadable kind gets a one-line reason; PDFs keep their page numbers."""

from __future__ import annotations

import io
from pathlib import Path

import pytest
from pypdf import PdfReader

from ingest.chunking import chunk_document
from ingest.documents import Format
from ingest.embedding import model_dir
from ingest.errors import UnreadableDocument
from ingest.loaders import discover, load
from ingest.tokens import TokenCounter

PAGE_ONE = ["Trainium field notes.",
            "A trn1.32xlarge carries 16 Trainium chips and 512 GB of accelerator memory."]
PAGE_TWO = ["Compile models with the AWS Neuron SDK before the first training run.",
            "The Neuron device plugin advertises aws.amazon.com/neuron to the scheduler."]


def test_each_bad_file_kind_gives_a_one_line_reason(bad_files):
    assert set(bad_files) == {"corrupt.pdf", "binary.md", "garbled.txt", "empty.md"}
    for name, bad in bad_files.items():
        with pytest.raises(UnreadableDocument) as caught:
            load(bad.path, bad.path.parent)
        reason = str(caught.value)
        assert reason and "\n" not in reason and len(reason) < 160, name
        assert bad.reason_word in reason.lower(), (name, reason)
        assert "Traceback" not in reason and "Error(" not in reason, name


def test_undecodable_text_reason_names_the_byte(bad_files):
    garbled = bad_files["garbled.txt"].path
    with pytest.raises(UnreadableDocument, match=r"not valid UTF-8 text \(byte 0\)"):
        load(garbled, garbled.parent)


def test_text_in_another_encoding_is_detected(tmp_path):
    path = tmp_path / "windows-notes.txt"
    path.write_bytes("Die Gr\u00f6\u00dfe der Knoten \u2013 \u201cSpot\u201d oder On-Demand "
                     "\u2013 bestimmt die Kosten der GPU-Flotte.".encode("cp1252"))
    doc = load(path, tmp_path)
    assert "Gr\u00f6\u00dfe der Knoten \u2013 \u201cSpot\u201d" in doc.text


@pytest.mark.parametrize(("data", "words"), [
    (b"definitely not a PDF", "corrupt pdf"),
    (b"", "empty"),
])
def test_other_unreadable_pdfs(tmp_path, data, words):
    path = tmp_path / "broken.pdf"
    path.write_bytes(data)
    with pytest.raises(UnreadableDocument) as caught:
        load(path, tmp_path)
    assert words in str(caught.value).lower()
    assert "\n" not in str(caught.value)


def test_truncated_pdf_is_unreadable(tmp_path, make_pdf):
    data = make_pdf([PAGE_ONE, PAGE_TWO])
    path = tmp_path / "truncated.pdf"
    path.write_bytes(data[: len(data) // 2])
    with pytest.raises(UnreadableDocument) as caught:
        load(path, tmp_path)
    assert "\n" not in str(caught.value)


def test_pdf_without_text_is_unreadable(tmp_path, make_pdf):
    path = tmp_path / "scanned.pdf"
    path.write_bytes(make_pdf([[], []]))
    with pytest.raises(UnreadableDocument, match="no extractable text"):
        load(path, tmp_path)


def test_hand_made_pdf_is_valid(make_pdf):
    reader = PdfReader(io.BytesIO(make_pdf([PAGE_ONE, PAGE_TWO], title="Trainium field notes")),
                       strict=True)
    assert len(reader.pages) == 2
    assert "16 Trainium chips" in reader.pages[0].extract_text()
    assert "Neuron device plugin" in reader.pages[1].extract_text()
    assert reader.metadata.title == "Trainium field notes"


def test_pdf_keeps_page_numbers(tmp_path, make_pdf):
    path = tmp_path / "trainium-notes.pdf"
    path.write_bytes(make_pdf([PAGE_ONE, [], PAGE_TWO]))  # page 2 is blank
    doc = load(path, tmp_path)
    assert doc.format is Format.PDF
    assert [p.number for p in doc.pages] == [1, 3]

    chunks = chunk_document(doc, TokenCounter(model_dir()))
    pages = {c.page for c in chunks}
    assert pages == {1, 3}
    for c in chunks:
        expected = PAGE_ONE if c.page == 1 else PAGE_TWO
        assert any(line in c.text for line in expected)
        assert doc.text[c.start:c.end] == c.text
    assert {c.chapter for c in chunks} == {"trainium notes"}


def test_pdf_title_becomes_the_chapter(tmp_path, make_pdf):
    path = tmp_path / "tn-0042.pdf"
    path.write_bytes(make_pdf([PAGE_ONE], title="Trainium field notes"))
    chunks = chunk_document(load(path, tmp_path), TokenCounter(model_dir()))
    assert {c.chapter for c in chunks} == {"Trainium field notes"}


def test_text_encodings_are_normalised(tmp_path):
    path = tmp_path / "windows.md"
    path.write_bytes("\ufeff# EFS access points\r\n\r\nOne access point per claim.\r\n".encode())
    doc = load(path, tmp_path)
    assert doc.text == "# EFS access points\n\nOne access point per claim.\n"
    (c,) = chunk_document(doc, TokenCounter(model_dir()))
    assert c.chapter == "EFS access points"


def test_discover_skips_hidden_and_unsupported_files(tmp_path):
    for name in ["a.md", "b/C.MARKDOWN", "b/notes.txt", "d.pdf", ".hidden/x.md", "b/.draft.md",
                 "slides.pptx", "README"]:
        path = tmp_path / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text("text")
    found = [p.relative_to(tmp_path).as_posix() for p in discover(tmp_path)]
    assert found == ["a.md", "b/C.MARKDOWN", "b/notes.txt", "d.pdf"]
    assert discover(tmp_path / "a.md") == [tmp_path / "a.md"]
    assert discover(tmp_path / "slides.pptx") == []


def test_relative_names_use_forward_slashes(fixture_corpus: Path, tmp_path):
    nested = tmp_path / "chapters" / "storage"
    nested.mkdir(parents=True)
    (nested / "s3.md").write_text("# S3\n\nObject storage.\n")
    assert load(nested / "s3.md", tmp_path).file == "chapters/storage/s3.md"
    single = fixture_corpus / "pod-identity.md"
    assert load(single, single).file == "pod-identity.md"
