"""Fixtures of the eval tests: the gold sets, their corpora and one eval run of the bundled set.

The bundled eval (index of corpus/ai-on-eks-why + every gold question) runs once per
session with the shared `embedder`; the CI gate and the report tests read its result.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from ingest.settings import Settings

REPO = Path(__file__).resolve().parents[2]
EVALS_DATA = REPO / "evals" / "data"
BUNDLED_CORPUS = REPO / "corpus" / "ai-on-eks-why"
BUNDLED_QUESTIONS = EVALS_DATA / "questions.jsonl"
WHY_QUESTIONS = EVALS_DATA / "questions_02why.jsonl"
WEBSITE_QUESTIONS = EVALS_DATA / "questions_website.jsonl"
ADR_QUESTIONS = EVALS_DATA / "questions_adr.jsonl"
# Harder sets over the same corpora, written from the documents before any run.
WEBSITE_HARD_QUESTIONS = EVALS_DATA / "questions_website_hard.jsonl"
ADR_HARD_QUESTIONS = EVALS_DATA / "questions_adr_hard.jsonl"
# The education corpus is shared beside the repository, not shipped in it.
WHY_CORPUS_CANDIDATES = (
    Path("/work/shared/corpora/ai-on-eks-education/02-why"),
    REPO.parent / "shared" / "corpora" / "ai-on-eks-education" / "02-why",
)

WEBSITE_CORPUS_CANDIDATES = (
    Path("/work/shared/corpora/ai-on-eks-website/docs"),
    REPO.parent / "shared" / "corpora" / "ai-on-eks-website" / "docs",
)

ADR_CORPUS_CANDIDATES = (
    Path("/work/shared/corpora/decision-records"),
    REPO.parent / "shared" / "corpora" / "decision-records",
)


def _first_folder(candidates: tuple[Path, ...], name: str) -> Path:
    for candidate in candidates:
        if candidate.is_dir():
            return candidate
    pytest.skip(f"the {name} corpus is not present")


@pytest.fixture(scope="session")
def bundled_corpus() -> Path:
    return BUNDLED_CORPUS


@pytest.fixture(scope="session")
def bundled_questions() -> Path:
    return BUNDLED_QUESTIONS


@pytest.fixture(scope="session")
def why_questions() -> Path:
    return WHY_QUESTIONS


@pytest.fixture(scope="session")
def why_corpus() -> Path:
    """The 02-why chapters of the education corpus; skips when they are not here."""
    return _first_folder(WHY_CORPUS_CANDIDATES, "ai-on-eks-education/02-why")


@pytest.fixture(scope="session")
def website_questions() -> Path:
    return WEBSITE_QUESTIONS


@pytest.fixture(scope="session")
def website_hard_questions() -> Path:
    return WEBSITE_HARD_QUESTIONS


@pytest.fixture(scope="session")
def website_corpus() -> Path:
    """The docs-site Markdown of ai-on-eks-website; skips when it is not here."""
    return _first_folder(WEBSITE_CORPUS_CANDIDATES, "ai-on-eks-website/docs")


@pytest.fixture(scope="session")
def adr_questions() -> Path:
    return ADR_QUESTIONS


@pytest.fixture(scope="session")
def adr_hard_questions() -> Path:
    return ADR_HARD_QUESTIONS


@pytest.fixture(scope="session")
def adr_corpus() -> Path:
    """The public architecture decision records in four templates; skips when they are not here."""
    return _first_folder(ADR_CORPUS_CANDIDATES, "decision-records")


@pytest.fixture(scope="session")
def bundled_eval(tmp_path_factory: pytest.TempPathFactory, embedder, onnx_cache: Path):
    """`run_eval` over the bundled corpus and gold set, default configuration, k = 5."""
    from evals.evaluate import EvalRequest, run_eval

    base = tmp_path_factory.mktemp("bundled-eval")
    settings = Settings.from_env(environ={}, index_dir=base / "index", cache_dir=onnx_cache)
    request = EvalRequest(questions=BUNDLED_QUESTIONS, corpus=BUNDLED_CORPUS, out=base / "out",
                          index_dir=base / "index", k=5)
    return run_eval(request, settings, embedder=embedder)
