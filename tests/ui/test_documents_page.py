"""The Documents page, opened the way a source link opens it (query parameters)."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest
from ui_support import APP_TIMEOUT

from ingest.settings import Settings

STORAGE = "training-storage.md"
TRADE_OFFS = ("Storage for training data on EKS",
              "Training Data Storage: S3, FSx for Lustre or EFS", "Trade-offs")


def documents_page() -> None:
    """The page as the app's navigation runs it (AppTest runs this function's source)."""
    from assistant import Settings
    from ui.web import documents
    from ui.web.session import open_assistant

    settings = Settings.from_env()
    documents.render(settings, open_assistant(settings))


def _opener():
    def run(**query: str) -> AppTest:
        app = AppTest.from_function(documents_page, default_timeout=APP_TIMEOUT)
        app.query_params.update(query)
        app.run()
        assert not app.exception, [e.value for e in app.exception]
        return app

    return run


@pytest.fixture
def open_document(app_env: Settings):
    return _opener()


@pytest.fixture(scope="module")
def asciidoc_index(tmp_path_factory: pytest.TempPathFactory, embedder) -> Settings:
    """An index of one AsciiDoc guide."""
    from ingest.pipeline import ingest

    base = tmp_path_factory.mktemp("asciidoc")
    (base / "docs").mkdir()
    shutil.copy(Path(__file__).parents[1] / "fixtures" / "formats" / "upgrade-guide.adoc",
                base / "docs")
    settings = Settings.from_env(environ={}, index_dir=base / "index", cache_dir=base / "cache")
    ingest(base / "docs", settings, embedder=embedder)
    return settings


@pytest.fixture
def open_asciidoc(asciidoc_index: Settings, monkeypatch: pytest.MonkeyPatch):
    monkeypatch.setenv("TRADEOFFS_INDEX_DIR", str(asciidoc_index.index_dir))
    monkeypatch.setenv("TRADEOFFS_CACHE_DIR", str(asciidoc_index.cache_dir))
    return _opener()


def test_chapters_are_listed_with_titles_and_chunk_counts(open_document, app_env) -> None:
    from ingest.snapshot import IndexSnapshot

    files = IndexSnapshot.open(app_env.index_dir).manifest.files
    app = open_document()
    (chapters,) = app.radio
    assert chapters.options == [entry.chapter for entry in files.values()]
    assert "Storage for training data on EKS" in chapters.options
    assert list(chapters.proto.captions) == [f"{e.chunks} chunks" for e in files.values()]
    assert chapters.value == next(iter(files))  # no link: the first chapter


def test_a_source_link_opens_the_chapter_at_the_cited_section(open_document) -> None:
    app = open_document(file=STORAGE, section=" > ".join(TRADE_OFFS))
    assert app.radio[0].value == STORAGE
    cited = app.get_by_key("cited-section")
    assert cited.children[0].value.endswith("Cited section")
    section = cited.children[1].value
    assert section.startswith("### Trade-offs")
    assert "| FSx for Lustre |" in section and "### Recommendations" not in section
    before, after = app.markdown[0].value, app.markdown[2].value
    assert before.startswith("# Storage for training data on EKS")
    assert "### Trade-offs" not in before
    assert after.startswith("### Recommendations")


def test_a_link_outside_the_index_root_is_refused(open_document) -> None:
    for name in ("../../../../etc/passwd", "/etc/passwd", "training-storage.md/../../x.md"):
        app = open_document(file=name)
        assert "not in the index" in app.error[0].value
        shown = "\n".join(m.value for m in app.markdown)
        assert "root:" not in shown
        with pytest.raises(KeyError):
            app.get_by_key("cited-section")


def test_an_asciidoc_chapter_reads_as_markdown_with_the_cited_section_marked(
        open_asciidoc) -> None:
    app = open_asciidoc(file="upgrade-guide.adoc",
                        section="Skyline Serving upgrade guide > Verify the rollout")
    section = app.get_by_key("cited-section").children[1].value
    assert section.startswith("## Verify the rollout")
    assert "[the dashboard](https://grafana.example.org/d/latency)" in section
    before = app.markdown[0].value
    assert before.startswith("# Skyline Serving upgrade guide")
    shown = "\n".join(m.value for m in app.markdown)
    for markup in ("link:", "xref:", "<<", "{from-version}", "ifdef::", "|==="):
        assert markup not in shown, markup
