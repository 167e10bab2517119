"""The ASGI application: `create_app()` opens the index and wires the routes.

uvicorn calls `create_app` in each worker process (`--workers N`), so every worker opens
its own `Assistant`; each checks the index's manifest on every question and follows a
new generation as soon as an ingest commits it.
"""

from __future__ import annotations

import os
from itertools import chain
from typing import Annotated, Any

from fastapi import APIRouter, Depends, FastAPI, Request
from fastapi.responses import JSONResponse, StreamingResponse

from assistant import Answer, Assistant, Settings

from .errors import ERROR_RESPONSES, BadRequest, install_error_handlers, without_422
from .guards import RequestGuard
from .openai_compat import (
    ChatRequest,
    ModelCard,
    ModelList,
    completion,
    conversation,
    model_modes,
    resolve_mode,
    stream_events,
)
from .schema import AskRequest, Document, Documents, Health, SearchRequest, SearchResponse

DESCRIPTION = ("Cited answers from an indexed set of decision documents. `/v1/ask` returns "
               "the Answer as `tradeoffs ask --format json` prints it; `/v1/chat/completions` "
               "speaks the OpenAI API, so any OpenAI client or chat front end can ask.")


def create_app(settings: Settings | None = None, assistant: Assistant | None = None) -> Any:
    """The service over one index, guarded by the token and the body limit."""
    settings = settings or Settings.from_env()
    if assistant is None:
        from ingest.embedding import load_embedder
        from ingest.embedding.onnx import usable_cores

        # Workers that fill the cores embed on one thread each: threads of two processes
        # contending for the same cores cost more CPU per question than they save.
        threads = max(1, usable_cores() // max(1, settings.workers))
        embedder = load_embedder(settings, purpose="query", threads=threads)
        assistant = Assistant.open(settings=settings, embedder=embedder)
    app = FastAPI(title="tradeoffs", description=DESCRIPTION, version="1",
                  responses=ERROR_RESPONSES)
    described = app.openapi
    app.openapi = lambda: without_422(described())  # type: ignore[method-assign]
    app.state.assistant = assistant
    app.state.settings = settings
    install_error_handlers(app)
    app.include_router(api)
    app.include_router(openai)
    app.add_middleware(RequestGuard, token=settings.api_token,
                       max_bytes=settings.max_request_bytes)
    return app


def current_assistant(request: Request) -> Assistant:
    return request.app.state.assistant


Current = Annotated[Assistant, Depends(current_assistant)]
api = APIRouter(tags=["tradeoffs"])
openai = APIRouter(tags=["OpenAI-compatible"])


def _log(request: Request, question: str, answer: Answer) -> None:
    from ..present.question_log import record_answer

    record_answer(request.app.state.settings, question, answer, source="service")


def _check_mode(mode: str | None, assistant: Assistant) -> None:
    if mode == "llm" and not assistant.llm_available:
        raise BadRequest("no LLM is configured (TRADEOFFS_LLM); ask in extractive mode")


@api.get("/healthz", response_model=Health)
def healthz() -> Health:
    """Up and serving; needs no token."""
    return Health(pid=os.getpid())


# Routes are plain functions: FastAPI runs them in its thread pool, so a slow answer does
# not hold up the event loop.
@api.post("/v1/ask", response_model=Answer)
def ask(body: AskRequest, assistant: Current, request: Request) -> JSONResponse:
    """Answer with inline [n] citations, or refuse what the documents do not cover."""
    _check_mode(body.mode, assistant)
    answer = assistant.ask(body.question, history=[t.model_dump() for t in body.history],
                           chapters=body.chapters, k=body.k, parts=body.parts, mode=body.mode)
    _log(request, body.question, answer)
    return JSONResponse(answer.to_dict())


@api.post("/v1/search", response_model=SearchResponse)
def search(body: SearchRequest, assistant: Current) -> SearchResponse:
    """The passages retrieval finds, best first."""
    passages = assistant.retrieve(body.query, k=body.k, chapters=body.chapters,
                                  parts=body.parts)
    return SearchResponse(passages=passages)


@api.get("/v1/documents", response_model=Documents)
def documents(assistant: Current) -> Documents:
    """Every indexed file, with its chapter title and chunk count."""
    assistant.refresh()
    status = assistant.status()
    return Documents(documents=[Document(**f) for f in status["files"]],
                     chunks=status["chunks"], updated_at=str(status["updated_at"]),
                     model=str(status["model"]))


@openai.get("/v1/models", response_model=ModelList)
def models(assistant: Current) -> ModelList:
    return ModelList(data=[ModelCard(id=name) for name in model_modes(assistant)])


@openai.post("/v1/chat/completions")
def chat_completions(body: ChatRequest, assistant: Current, request: Request) -> Any:
    """The last user message is the question; earlier messages are the conversation."""
    mode = resolve_mode(body.model, assistant)
    _check_mode(mode, assistant)
    question, history = conversation(body.messages)
    if not body.stream:
        answer = assistant.ask(question, history=history, mode=mode)
        _log(request, question, answer)
        return JSONResponse(completion(answer, body.model))
    pieces = assistant.stream(question, history=history, mode=mode)
    # The first piece runs every check, so a bad request still gets its status code.
    first = next(pieces)

    def logged() -> Any:
        for piece in chain([first], pieces):
            if isinstance(piece, Answer):
                _log(request, question, piece)
            yield piece

    return StreamingResponse(stream_events(logged(), body.model),
                             media_type="text/event-stream",
                             headers={"Cache-Control": "no-cache"})
