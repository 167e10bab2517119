"""A chunk of little text (a heading over a link, a one-word line) does not outrank the
section that answers: its nearness to a question comes mostly from its heading."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

from assistant import Assistant
from ingest.pipeline import ingest
from ingest.settings import Settings

SEARCH = """# Search the records of the site

## Context

Readers find a record by its title today, scrolling a long list by hand. The list grows
every month, and readers ask for full-text search over titles and bodies. A hosted
search service costs money and needs an account per team; a search server of our own
needs hosting, upgrades and monitoring that nobody has time for.

## Decision

Search runs in the browser over an index built when the site is generated, so the site
needs no search server and works offline. The index is rebuilt on every build and
shipped beside the pages; it stays small because only titles, headings and the first
paragraph of each body are indexed. Ranking favours titles over bodies.

## Consequences

Builds take a few seconds longer, since every page is read twice. Very large sites may
need to split the index by year, loading the current year first and older years only
when a reader scrolls past the first page of results. Readers without scripts get the
plain list of titles, as before.

## Links

- [Links between records](https://example.org/issues/14)
"""
RESOLVER = """# Resolve record references in the domain

## Decision

A reference to another decision is written as its slug. The domain model maps each
slug to the address of the target's page when the site is generated, and a slug with
nothing behind it fails the build.
"""
QUESTION = "How are links between records turned into page URLs?"


def _top_file(settings: Settings, embedder) -> str:
    return Assistant.open(settings=settings, embedder=embedder).retrieve(QUESTION, k=3)[0].file


def test_a_heading_over_a_link_does_not_outrank_the_answering_section(
        tmp_path: Path, embedder) -> None:
    corpus = tmp_path / "records"
    corpus.mkdir()
    (corpus / "static-search.md").write_text(SEARCH)
    (corpus / "reference-resolver.md").write_text(RESOLVER)
    settings = Settings.from_env()
    ingest(corpus, settings, embedder=embedder)
    assert _top_file(settings, embedder) == "reference-resolver.md"
    # Scored at full weight, the short section wins: this corpus tests the rule.
    unscaled = replace(settings.tuning.retrieval, full_chunk_chars=0)
    settings = replace(settings, tuning=replace(settings.tuning, retrieval=unscaled))
    assert _top_file(settings, embedder) == "static-search.md"
