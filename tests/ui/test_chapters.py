"""Opening chapters for display: only indexed files inside the index root, and the cited
section found from the chunk spans."""

from __future__ import annotations

from pathlib import Path

import pytest

from ingest.errors import UnreadableDocument
from ingest.settings import Settings
from ingest.snapshot import IndexSnapshot
from ui.web.chapters import link_chapters, read_chapter, resolve_source, section_span, split_chapter


@pytest.fixture
def root(tmp_path: Path) -> Path:
    (tmp_path / "corpus" / "guides").mkdir(parents=True)
    (tmp_path / "corpus" / "guides" / "a.md").write_text("# A\n\ntext\n")
    (tmp_path / "secret.md").write_text("# Secret\n")
    return tmp_path / "corpus"


def test_an_indexed_file_inside_the_root_opens(root: Path) -> None:
    path = resolve_source(root, "guides/a.md", {"guides/a.md"})
    assert path == (root / "guides" / "a.md").resolve()


@pytest.mark.parametrize("name", ["../secret.md", "guides/../../secret.md", "/etc/passwd",
                                  "guides\\..\\..\\secret.md"])
def test_paths_that_leave_the_root_are_refused_even_if_listed(root: Path, name: str) -> None:
    with pytest.raises(UnreadableDocument, match="index root"):
        resolve_source(root, name, {name})


def test_a_symlink_that_escapes_the_root_is_refused(root: Path) -> None:
    (root / "link.md").symlink_to(root.parent / "secret.md")
    with pytest.raises(UnreadableDocument, match="resolves outside"):
        resolve_source(root, "link.md", {"link.md"})


def test_a_file_the_index_does_not_list_is_refused(root: Path) -> None:
    with pytest.raises(UnreadableDocument, match="not an indexed document"):
        resolve_source(root, "guides/a.md", {"other.md"})


def test_an_index_of_one_file_opens_that_file(root: Path) -> None:
    single = root / "guides" / "a.md"
    assert resolve_source(single, "a.md", {"a.md"}) == single.resolve()


def test_a_changed_file_is_flagged(root: Path) -> None:
    chapter = read_chapter(root, "guides/a.md", {"guides/a.md"}, indexed_sha256="0" * 64)
    assert chapter.changed and chapter.text.startswith("# A")


def test_the_cited_section_is_cut_out_at_its_heading(built_index: Settings,
                                                    fixture_corpus: Path) -> None:
    snapshot = IndexSnapshot.open(built_index.index_dir)
    files = snapshot.manifest.files
    text = read_chapter(fixture_corpus, "pod-identity.md", files).text
    path = next(c.section_path for c in snapshot.chunks
                if c.file == "pod-identity.md" and c.section_path[-1] == "Trade-offs")
    view = split_chapter(text, section_span(snapshot.chunks, "pod-identity.md", path))
    assert view.before + view.cited + view.after == text
    assert view.cited.startswith("### Trade-offs")
    assert view.after.lstrip().startswith("### Recommendations")
    assert section_span(snapshot.chunks, "pod-identity.md", ("No such heading",)) is None
    # A passage read whole names the section by the document and its own heading only.
    short = (path[0], path[-1])
    assert section_span(snapshot.chunks, "pod-identity.md", short) == section_span(
        snapshot.chunks, "pod-identity.md", path)
    assert section_span(snapshot.chunks, "pod-identity.md", (path[0], "No such heading")) is None


def test_the_chapter_shown_is_the_indexed_text(tmp_path: Path) -> None:
    (tmp_path / "sizing.mdx").write_text(
        "---\ntitle: Sizing\n---\nimport Tabs from '@theme/Tabs';\n\n# Sizing GPU nodes\n\n"
        "| Instance      | GPUs     |\n|---------------|----------|\n"
        "| p5.48xlarge   | 8        |\n")
    chapter = read_chapter(tmp_path, "sizing.mdx", {"sizing.mdx"})
    assert chapter.is_markdown
    assert chapter.text == ("# Sizing GPU nodes\n\n| Instance | GPUs |\n|---|---|\n"
                            "| p5.48xlarge | 8 |\n")


def test_links_between_indexed_chapters_point_at_the_documents_page() -> None:
    text = "See [storage](../storage/s3.md#cost), [web](https://example.com/a.md) and [x](x.md)."
    linked = link_chapters(text, "guides/a.md", {"storage/s3.md"}, "documents")
    assert "[storage](documents?file=storage%2Fs3.md)" in linked
    assert "[web](https://example.com/a.md)" in linked and "[x](x.md)" in linked
