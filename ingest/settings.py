"""One settings object: defaults, overridden by TRADEOFFS_* environment variables, then flags.

Every value is checked once, where the object is made: a bad one raises InvalidSetting
naming the variable (`TRADEOFFS_K`) or the field (`k`), so no command fails later, deep
inside, on a value it was given at the start.
"""

from __future__ import annotations

import os
from collections.abc import Mapping
from dataclasses import dataclass, field, fields, replace
from pathlib import Path
from typing import Any

from .errors import InvalidSetting
from .tuning import Tuning

ENV_PREFIX = "TRADEOFFS_"
MAX_PORT = 65535


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
    # About two thousand word pieces: a section's facts are rarely cut off, and answers
    # stay short because they are picked from it, not copied whole.
    max_context_chars: int = _describe("upper bound on the characters of all passages", 8000)
    roles: str = _describe("extra heading words per decision role, e.g. "
                           "'Trade-offs=risks|caveats; Examples=stories'", "")
    statuses: str = _describe("extra words per decision record state, e.g. "
                              "'accepted=agreed|ratified; rejected=declined'", "")
    source_url: str | None = _describe("link to each file's original, with {path} (from the "
                                       "corpus folder), {line}, {anchor}, {commit}; unset = "
                                       "inferred from a git remote", None)
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
    # Set in code, not by a variable: its parts are measured together by `tradeoffs eval`.
    tuning: Tuning = _describe("the numbers that tune retrieval, confidence, refusal and the "
                               "extractive answer (see ingest/tuning.py)", Tuning())

    @classmethod
    def from_env(cls, environ: Mapping[str, str] | None = None, **overrides: Any) -> Settings:
        """Defaults, then TRADEOFFS_<FIELD> variables, then explicit (non-None) overrides."""
        environ = os.environ if environ is None else environ
        values: dict[str, Any] = {}
        for f in fields(cls):
            variable = ENV_PREFIX + f.name.upper()
            raw = environ.get(variable)
            if raw is None or raw == "":
                continue
            if f.name == "tuning":
                raise InvalidSetting(variable, raw, "unset: tuning is set in code, "
                                     "Settings(tuning=Tuning(...))")
            values[f.name] = _checked(variable, _coerce(variable, f.name, raw, f.default),
                                      f.name)
        defaults = {f.name: f.default for f in fields(cls)}
        values.update({k: _coerce(k, k, v, defaults[k]) if isinstance(v, str) else v
                       for k, v in overrides.items() if v is not None})
        settings = cls(**values)
        # The feedback file follows a relocated index unless it was set on its own.
        if "feedback_db" not in values and "index_dir" in values:
            settings = replace(settings, feedback_db=Path(settings.index_dir) / "feedback.sqlite3")
        return settings

    def __post_init__(self) -> None:
        for f in fields(self):
            _checked(f.name, getattr(self, f.name), f.name)

    @property
    def server_mode(self) -> bool:
        return bool(self.chroma_host)


def _web_template(template: str) -> bool:
    from urllib.parse import urlsplit

    parts = urlsplit(template)
    return parts.scheme in ("http", "https") and bool(parts.netloc)


def _is_count(name: str) -> bool:
    return isinstance(Settings.__dataclass_fields__[name].default, int)


def _coerce(label: str, name: str, raw: str, default: Any) -> Any:
    if name == "chroma_port" or isinstance(default, int) and not isinstance(default, bool):
        try:
            return int(raw.strip().replace("_", ""))
        except ValueError:
            raise InvalidSetting(label, raw, _expected(name)) from None
    if isinstance(default, Path) or name.endswith(("_dir", "_db", "_log")):
        return Path(raw)
    return raw


def _expected(name: str) -> str:
    if name == "chroma_port":
        return f"a port number from 1 to {MAX_PORT}"
    return "a whole number of at least 1"


def _checked(label: str, value: Any, name: str) -> Any:
    """The value, if it is one the field can take; else InvalidSetting naming `label`."""
    if value is None and Settings.__dataclass_fields__[name].default is None:
        return value  # an optional setting left unset
    if name == "tuning":
        if not isinstance(value, Tuning):
            raise InvalidSetting(label, value, "a Tuning")
        return value
    if name == "chroma_port" or _is_count(name):
        top = MAX_PORT if name == "chroma_port" else None
        if (isinstance(value, bool) or not isinstance(value, int) or value < 1
                or (top is not None and value > top)):
            raise InvalidSetting(label, value, _expected(name))
    elif name.endswith(("_dir", "_db", "_log")):
        if not isinstance(value, str | Path) or "\x00" in str(value):
            raise InvalidSetting(label, value, "a path")
    elif value is not None and not isinstance(value, str):
        raise InvalidSetting(label, value, "text")
    elif name == "statuses":
        from .records.states import parse_statuses  # records reads settings: import late

        parse_statuses(value, label)
    elif name == "source_url" and value is not None and not _web_template(value):
        raise InvalidSetting(label, value, "an http(s) link such as "
                             "https://host/org/repo/blob/{commit}/{path}#L{line}")
    return value
