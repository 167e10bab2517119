"""Typed bodies of the service's own API. Answers and passages are the assistant's own
values (`Answer.to_dict()`, as `tradeoffs ask --format json` prints them)."""

from __future__ import annotations

from typing import Literal

from pydantic import BaseModel, ConfigDict, Field

from assistant import Passage

MAX_K = 20
MAX_TURNS = 100


class _Strict(BaseModel):
    # A misspelt field or a number sent as text is the caller's mistake: say so (400)
    # instead of answering something else.
    model_config = ConfigDict(extra="forbid", strict=True)


class Turn(_Strict):
    role: Literal["user", "assistant"]
    content: str


class AskRequest(_Strict):
    question: str = Field(min_length=1, description="the question, in plain words")
    history: list[Turn] = Field(default_factory=list, max_length=MAX_TURNS,
                                description="earlier turns, oldest first; a follow-up "
                                            "(\"and for inference?\") takes its subject")
    chapters: list[str] | None = Field(default=None, description="only search these files "
                                                                 "(as /v1/documents names them)")
    parts: list[str] | None = Field(default=None, description="only search these decision "
                                                              "parts, e.g. Trade-offs")
    k: int | None = Field(default=None, ge=1, le=MAX_K, description="passages to use")
    mode: Literal["extractive", "llm"] | None = Field(
        default=None, description="extractive (quotes only) or llm; default: the LLM when "
                                  "one is configured")


class SearchRequest(_Strict):
    query: str = Field(min_length=1)
    k: int = Field(default=5, ge=1, le=MAX_K)
    chapters: list[str] | None = None
    parts: list[str] | None = None


class SearchResponse(BaseModel):
    passages: list[Passage]


class Document(BaseModel):
    file: str = Field(description="the file, relative to the indexed folder")
    chapter: str
    chunks: int
    indexed_at: str


class Documents(BaseModel):
    documents: list[Document]
    chunks: int
    updated_at: str
    model: str


class Health(BaseModel):
    status: Literal["ok"] = "ok"
    pid: int = Field(description="the worker process that answered")
