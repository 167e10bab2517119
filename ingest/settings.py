"""One settings object: defaults, overridden by TRADEOFFS_* environment variables, then flags."""

from __future__ import annotations

import os
from collections.abc import Mapping
from dataclasses import dataclass, field, fields, replace
from pathlib import Path
from typing import Any

ENV_PREFIX = "TRADEOFFS_"


def _describe(text: str, default: Any) -> Any:
    return field(default=default, metadata={"help": text})


@dataclass(frozen=True)
class Settings:
    index_dir: Path = _describe("where the index lives (vectors, keyword index, manifest)",
                                Path(".tradeoffs"))
    corpus_dir: Path = _describe("the documents `make run` and `tradeoffs ingest` index by default",
                                 Path("corpus"))
    cache_dir: Path = _describe("where exported ONNX models are cached, keyed by model hash",
                                Path.home() / ".cache" / "tradeoffs")
    collection: str = _describe("Chroma collection prefix; each index adds its own id",
                                "tradeoffs")
    chroma_host: str | None = _describe("Chroma server host; unset means embedded Chroma", None)
    chroma_port: int = _describe("Chroma server port", 8000)
    embedder: str = _describe("embedding backend: auto, onnx or sentence-transformers", "auto")
    chunk_tokens: int = _describe("target word pieces per chunk, heading prefix included", 200)
    max_tokens: int = _describe("hard limit of word pieces the model reads", 256)
    max_chunk_chars: int = _describe("hard limit of characters per chunk, heading prefix included",
                                     2000)
    max_file_bytes: int = _describe("files larger than this are skipped, with the reason",
                                    20 * 1024 * 1024)
    k: int = _describe("passages retrieved per question", 5)
    max_context_chars: int = _describe("upper bound on the characters of all passages", 5000)
    roles: str = _describe("extra heading words per decision role, e.g. "
                           "'Trade-offs=risks|caveats; Examples=stories'", "")
    llm: str | None = _describe("LangChain chat model, e.g. openai:gpt-4o-mini; unset = extractive",
                                None)
    feedback_db: Path = _describe("SQLite file that stores answer feedback",
                                  Path(".tradeoffs") / "feedback.sqlite3")
    max_question_chars: int = _describe("characters of a question read; the rest is cut off",
                                        2000)
    max_passage_chars: int = _describe("characters of each passage an answer returns", 4000)
    max_answer_chars: int = _describe("characters of an answer's text", 20000)
    max_feedback_chars: int = _describe("characters of a feedback comment stored", 2000)
    api_token: str | None = _describe("bearer token `tradeoffs serve` requires; unset = it "
                                      "listens on 127.0.0.1 only", None)
    max_request_bytes: int = _describe("largest HTTP request body `tradeoffs serve` reads",
                                       1_000_000)
    workers: int = _describe("worker processes `tradeoffs serve` answers with", 1)
    question_log: Path | None = _describe("SQLite file logging each question and its outcome "
                                          "for `tradeoffs gaps`; unset = no log", None)
    title: str | None = _describe("the app's title; unset = the corpus's own title", None)
    subtitle: str | None = _describe("the app's subtitle; unset = drawn from the corpus", None)

    @classmethod
    def from_env(cls, environ: Mapping[str, str] | None = None, **overrides: Any) -> Settings:
        """Defaults, then TRADEOFFS_<FIELD> variables, then explicit (non-None) overrides."""
        environ = os.environ if environ is None else environ
        values: dict[str, Any] = {}
        for f in fields(cls):
            raw = environ.get(ENV_PREFIX + f.name.upper())
            if raw is not None and raw != "":
                values[f.name] = _coerce(f.name, raw, f.default)
        defaults = {f.name: f.default for f in fields(cls)}
        values.update({k: _coerce(k, v, defaults[k]) if isinstance(v, str) else v
                       for k, v in overrides.items() if v is not None})
        settings = cls(**values)
        # The feedback file follows a relocated index unless it was set on its own.
        if "feedback_db" not in values and "index_dir" in values:
            settings = replace(settings, feedback_db=Path(settings.index_dir) / "feedback.sqlite3")
        return settings

    @property
    def server_mode(self) -> bool:
        return bool(self.chroma_host)


def _coerce(name: str, raw: str, default: Any) -> Any:
    if name == "chroma_port" or isinstance(default, int) and not isinstance(default, bool):
        return int(raw)
    if isinstance(default, Path) or name.endswith(("_dir", "_db", "_log")):
        return Path(raw)
    return raw
