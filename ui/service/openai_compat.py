"""The OpenAI chat completions shape: requests in, completions and stream chunks out.

The answer is the message content, its `[n]` sources listed below it as Markdown (what
`tradeoffs ask --format markdown` prints). The structured citations travel in an extra
`tradeoffs` field, which OpenAI clients ignore and keep (`completion.model_extra`).
"""

from __future__ import annotations

import json
import time
import uuid
from collections.abc import Iterable, Iterator, Sequence
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field

from assistant import Answer, Assistant, Notice

from ..present.export import SOURCES_HEADING, answer_markdown, source_markdown
from ..present.results import ask_result
from .errors import BadRequest, error_body, log

MODEL = "tradeoffs"
MAX_MESSAGES = 200


class TextPart(BaseModel):
    model_config = ConfigDict(extra="ignore")
    type: str
    text: str | None = None


class ChatMessage(BaseModel):
    model_config = ConfigDict(extra="ignore")
    role: Literal["system", "developer", "user", "assistant", "tool", "function"]
    content: str | list[TextPart] | None = None

    @property
    def text(self) -> str:
        if isinstance(self.content, list):
            return "".join(p.text or "" for p in self.content if p.type == "text")
        return self.content or ""


class ChatRequest(BaseModel):
    # Clients send sampling options (temperature, max_tokens, ...): accepted, unused.
    model_config = ConfigDict(extra="ignore")
    model: str = Field(description="one of /v1/models")
    messages: list[ChatMessage] = Field(min_length=1, max_length=MAX_MESSAGES)
    stream: bool = False


class ModelCard(BaseModel):
    id: str
    object: Literal["model"] = "model"
    created: int = 0
    owned_by: str = "tradeoffs"


class ModelList(BaseModel):
    object: Literal["list"] = "list"
    data: list[ModelCard]


def model_modes(assistant: Assistant) -> dict[str, str | None]:
    """Model name -> answer mode: the default, and each mode by name."""
    modes: dict[str, str | None] = {MODEL: None, f"{MODEL}-extractive": "extractive"}
    if assistant.llm_available:
        modes[f"{MODEL}-llm"] = "llm"
    return modes


def resolve_mode(model: str, assistant: Assistant) -> str | None:
    modes = model_modes(assistant)
    if model not in modes:
        raise BadRequest(f"unknown model {model!r}; this service offers: {', '.join(modes)}")
    return modes[model]


def conversation(messages: Sequence[ChatMessage]) -> tuple[str, list[dict[str, str]]]:
    """The question (the last message, the user's) and the turns before it."""
    last = messages[-1]
    if last.role != "user":
        raise BadRequest(f"the last message must be the user's question, not a {last.role!r} "
                         "message")
    history = [{"role": m.role, "content": m.text} for m in messages[:-1]
               if m.role in ("user", "assistant")]
    return last.text, history


def extra_fields(answer: Answer) -> dict[str, Any]:
    """Citations and outcome, structured (the MCP tool's shape, less the text)."""
    return ask_result(answer).model_dump(mode="json", exclude={"text"})


def sources_markdown(answer: Answer) -> str:
    """What follows the streamed text: the numbered sources, as in `answer_markdown`."""
    if not answer.citations:
        return ""
    lines = ["", "", SOURCES_HEADING, ""]
    for citation in answer.citations:
        lines += source_markdown(citation, answer)
    return "\n".join(lines).rstrip() + "\n"


def completion(answer: Answer, model: str) -> dict[str, Any]:
    content = answer_markdown(answer)
    return {
        "id": _completion_id(), "object": "chat.completion", "created": int(time.time()),
        "model": model,
        "choices": [{"index": 0, "finish_reason": "stop", "logprobs": None,
                     "message": {"role": "assistant", "content": content}}],
        "usage": {"prompt_tokens": 0, "completion_tokens": 0, "total_tokens": 0},
        MODEL: extra_fields(answer),
    }


def stream_events(pieces: Iterable[str | Answer], model: str) -> Iterator[str]:
    """Server-sent events: a role chunk, the text as it comes, the sources, a final chunk
    carrying the citations, then `[DONE]`. A failure mid-answer ends the stream with an
    error event (the status line has gone out already)."""
    chunk_id, created = _completion_id(), int(time.time())

    def chunk(delta: dict[str, Any], finish: str | None = None, **extra: Any) -> str:
        body = {"id": chunk_id, "object": "chat.completion.chunk", "created": created,
                "model": model, "choices": [{"index": 0, "delta": delta,
                                             "finish_reason": finish, "logprobs": None}],
                **extra}
        return f"data: {json.dumps(body, ensure_ascii=False)}\n\n"

    yield chunk({"role": "assistant", "content": ""})
    answer: Answer | None = None
    try:
        for piece in pieces:
            match piece:
                case Answer():
                    answer = piece
                case Notice():  # said in the content, as the answer's text says it
                    yield chunk({"content": f"_{piece.text}_\n\n"})
                case str() if piece:
                    yield chunk({"content": piece})
    except Exception as exc:  # the client gets one line, the server log the rest
        log.exception("a streamed answer failed")
        yield f"data: {json.dumps(error_body(str(exc), 'server_error'))}\n\n"
        yield "data: [DONE]\n\n"
        return
    if answer is not None:
        tail = sources_markdown(answer)
        if tail:
            yield chunk({"content": tail})
        yield chunk({}, "stop", **{MODEL: extra_fields(answer)})
    yield "data: [DONE]\n\n"


def _completion_id() -> str:
    return f"chatcmpl-{uuid.uuid4().hex[:24]}"
