"""Failures as status codes, each with a one-line JSON message.

The body has OpenAI's error shape, `{"error": {"message", "type", "code"}}`, on every
route, so OpenAI clients show the message and other callers read one field.
"""

from __future__ import annotations

import logging
from typing import Any

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse
from pydantic import BaseModel, Field
from starlette.exceptions import HTTPException

from ingest.errors import IndexEmpty, IndexMissing, StoreUnavailable, TradeoffsError, UsageError

log = logging.getLogger("tradeoffs.service")

# Most specific first: the first class an error is an instance of decides.
_DOMAIN_STATUS: tuple[tuple[type[TradeoffsError], int, str], ...] = (
    (UsageError, 400, "invalid_request_error"),
    (IndexEmpty, 409, "index_empty"),
    (IndexMissing, 409, "index_missing"),
    (StoreUnavailable, 503, "store_unavailable"),
    (TradeoffsError, 503, "index_unavailable"),
)
_HTTP_TYPES = {401: "authentication_error", 404: "not_found_error", 405: "invalid_request_error",
               413: "request_too_large"}


class ErrorDetail(BaseModel):
    message: str = Field(description="one line that says what went wrong and what to do")
    type: str
    code: str | None = Field(default=None, description="the HTTP status, as text")


class ErrorBody(BaseModel):
    error: ErrorDetail


# What every route may answer besides its success, for the OpenAPI description.
ERROR_RESPONSES: dict[int | str, dict[str, Any]] = {
    400: {"model": ErrorBody, "description": "a bad request: not JSON, a missing or "
                                             "misspelt field, a wrong type, an empty question"},
    401: {"model": ErrorBody, "description": "the bearer token is missing or wrong"},
    409: {"model": ErrorBody, "description": "the index holds no documents yet"},
    413: {"model": ErrorBody, "description": "the request body is too large"},
    503: {"model": ErrorBody, "description": "the Chroma server or the index is unavailable"},
}


def without_422(schema: dict[str, Any]) -> dict[str, Any]:
    """FastAPI documents a 422 for every body; this service answers 400 instead."""
    for operations in schema.get("paths", {}).values():
        for operation in operations.values():
            operation.get("responses", {}).pop("422", None)
    for name in ("HTTPValidationError", "ValidationError"):
        schema.get("components", {}).get("schemas", {}).pop(name, None)
    return schema


class BadRequest(UsageError):
    """A request the service itself rejects (an unknown model, no user message)."""


def one_line(text: str, limit: int = 300) -> str:
    line = " ".join(str(text).split())
    return line if len(line) <= limit else line[: limit - 1] + "…"


def error_body(message: str, kind: str, code: str | None = None) -> dict[str, Any]:
    return {"error": {"message": one_line(message), "type": kind, "code": code}}


def error_response(status: int, message: str, kind: str,
                   headers: dict[str, str] | None = None) -> JSONResponse:
    return JSONResponse(error_body(message, kind, str(status)), status_code=status,
                        headers=headers)


def domain_status(exc: TradeoffsError) -> tuple[int, str]:
    for cls, status, kind in _DOMAIN_STATUS:
        if isinstance(exc, cls):
            return status, kind
    raise AssertionError("TradeoffsError is last in the table")


def validation_message(exc: RequestValidationError) -> str:
    """The first problem, named by its field: "messages.0.role: Input should be ..."."""
    errors = list(exc.errors())
    if not errors:
        return "the request is not valid"
    first = errors[0]
    if first.get("type") == "json_invalid":
        detail = (first.get("ctx") or {}).get("error", "")
        return f"the request body is not valid JSON ({detail})" if detail else \
            "the request body is not valid JSON"
    where = [str(part) for part in first.get("loc", ()) if part != "body"]
    if not where and first.get("type") in ("model_attributes_type", "dict_type"):
        return "the request body must be a JSON object"
    if not where and first.get("type") == "missing":
        return "the request needs a JSON body"
    more = f" (and {len(errors) - 1} more)" if len(errors) > 1 else ""
    field = ".".join(where)
    return f"{field}: {first.get('msg', 'invalid')}{more}" if field else \
        f"{first.get('msg', 'invalid')}{more}"


def install_error_handlers(app: FastAPI) -> None:
    """Every failure leaves as one JSON line: a caller's mistake is never a 500."""

    @app.exception_handler(RequestValidationError)
    async def invalid(_: Request, exc: RequestValidationError) -> JSONResponse:
        return error_response(400, validation_message(exc), "invalid_request_error")

    @app.exception_handler(HTTPException)
    async def http(_: Request, exc: HTTPException) -> JSONResponse:
        kind = _HTTP_TYPES.get(exc.status_code, "invalid_request_error")
        return error_response(exc.status_code, str(exc.detail), kind,
                              getattr(exc, "headers", None))

    @app.exception_handler(TradeoffsError)
    async def domain(_: Request, exc: TradeoffsError) -> JSONResponse:
        status, kind = domain_status(exc)
        return error_response(status, str(exc), kind)

    @app.exception_handler(Exception)
    async def internal(_: Request, exc: Exception) -> JSONResponse:
        log.exception("request failed")  # the details stay in the server's log
        return error_response(500, f"internal error ({type(exc).__name__}); see the server log",
                              "server_error")
