"""The app is the team's: its title and subtitle come from the settings, or else from the
corpus's own README, never from a fixed corpus."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest
from ui_support import APP, APP_TIMEOUT

from ingest.pipeline import ingest
from ingest.settings import Settings
from ui.web.masthead import first_sentence, front_page

README = ("# Platform team decisions\n\nHow the platform team *chooses* storage and "
          "compute for its [clusters](https://example.com). Read a chapter per decision.\n")


@pytest.fixture(scope="module")
def readme_index(tmp_path_factory: pytest.TempPathFactory, fixture_corpus: Path, embedder,
                 built_index: Settings) -> Settings:
    base = tmp_path_factory.mktemp("readme-index")
    corpus = Path(shutil.copytree(fixture_corpus, base / "corpus"))
    (corpus / "README.md").write_text(README, encoding="utf-8")
    settings = Settings.from_env(environ={}, index_dir=base / "index",
                                 cache_dir=built_index.cache_dir)
    ingest(corpus, settings, embedder=embedder)
    return settings


def _masthead(monkeypatch, settings: Settings, **env: str) -> tuple[str, str]:
    monkeypatch.setenv("TRADEOFFS_INDEX_DIR", str(settings.index_dir))
    monkeypatch.setenv("TRADEOFFS_CACHE_DIR", str(settings.cache_dir))
    for name, value in env.items():
        monkeypatch.setenv(name, value)
    app = AppTest.from_file(str(APP), default_timeout=APP_TIMEOUT)
    app.run()
    assert not app.exception, [e.value for e in app.exception]
    return app.title[0].value, app.caption[0].value


def test_the_title_and_subtitle_come_from_the_corpus_readme(monkeypatch, readme_index):
    title, subtitle = _masthead(monkeypatch, readme_index)
    assert "Platform team decisions" in title.replace("\\", "")
    assert subtitle.replace("\\", "") == ("How the platform team chooses storage and compute "
                                          "for its clusters.")


def test_the_team_names_its_app(monkeypatch, readme_index):
    title, subtitle = _masthead(monkeypatch, readme_index, TRADEOFFS_TITLE="Ask Platform",
                                TRADEOFFS_SUBTITLE="Our decisions, cited")
    assert title.replace("\\", "") == "Ask Platform"
    assert subtitle.replace("\\", "") == "Our decisions, cited"


def test_without_a_readme_the_app_names_no_corpus(monkeypatch, built_index):
    title, subtitle = _masthead(monkeypatch, built_index)
    assert title == "tradeoffs"
    assert subtitle.replace("\\", "") == "Cited answers from 4 documents."
    assert "EKS" not in title + subtitle


def test_the_front_page_is_the_shallowest_readme_or_index():
    assert front_page(["guides/README.md", "index.mdx", "a.md"]) == "index.mdx"
    assert front_page(["guides/readme.rst", "a.md"]) == "guides/readme.rst"
    assert front_page(["a.md", "b.md"]) is None


def test_the_subtitle_is_the_first_sentence_of_prose():
    text = "# Title\n\n- a list\n\n| a | table |\n\n`Ops` handbook: **how** we run it. More."
    assert first_sentence(text) == "Ops handbook: how we run it."
