"""The bearer token and the body size, checked before a request reaches any route.

A plain ASGI middleware rather than a route dependency: it also covers the OpenAPI
pages and unknown paths, and it rejects a huge body before anything reads it.
"""

from __future__ import annotations

import hmac
import json
from collections.abc import Awaitable, Callable, MutableMapping
from typing import Any

from .errors import error_body

Scope = MutableMapping[str, Any]
Message = MutableMapping[str, Any]
Receive = Callable[[], Awaitable[Message]]
Send = Callable[[Message], Awaitable[None]]
ASGIApp = Callable[[Scope, Receive, Send], Awaitable[None]]

# Load balancers and orchestrators probe this without credentials.
OPEN_PATHS = frozenset({"/healthz"})


def token_matches(header: bytes | None, token: str) -> bool:
    """Whether an `Authorization: Bearer ...` header carries the token (constant time)."""
    if not header:
        return False
    scheme, _, given = header.decode("latin-1").strip().partition(" ")
    if scheme.lower() != "bearer":
        return False
    return hmac.compare_digest(given.strip().encode("utf-8", "replace"), token.encode("utf-8"))


class RequestGuard:
    def __init__(self, app: ASGIApp, token: str | None, max_bytes: int) -> None:
        self.app = app
        self.token = token
        self.max_bytes = max_bytes

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        headers = dict(scope.get("headers") or [])
        if self.token and scope["path"] not in OPEN_PATHS and \
                not token_matches(headers.get(b"authorization"), self.token):
            await _reject(send, 401, "a valid `Authorization: Bearer TOKEN` header is required "
                                     "(the service's TRADEOFFS_API_TOKEN)",
                          "authentication_error", [(b"www-authenticate", b"Bearer")])
            return
        declared = headers.get(b"content-length")
        if declared is not None and (not declared.isdigit() or int(declared) > self.max_bytes):
            await _reject(send, 413, self._too_large(), "request_too_large")
            return
        # A body without a declared length (chunked) is read here, up to the limit, and
        # handed on whole: the routes never see more than max_bytes.
        body = bytearray()
        more = True
        while more:
            message = await receive()
            if message["type"] == "http.disconnect":
                return
            body += message.get("body", b"")
            more = message.get("more_body", False)
            if len(body) > self.max_bytes:
                await _reject(send, 413, self._too_large(), "request_too_large")
                return
        if body:
            scope = _as_json(scope)
        await self.app(scope, _replay(bytes(body), receive), send)

    def _too_large(self) -> str:
        return (f"the request body is larger than {self.max_bytes} bytes "
                "(TRADEOFFS_MAX_REQUEST_BYTES)")


def _as_json(scope: Scope) -> Scope:
    """Every body is read as JSON: the API takes nothing else, and `curl -d` labels its
    JSON as a form, which would otherwise be refused as "not an object"."""
    headers = [(k, v) for k, v in scope.get("headers") or [] if k != b"content-type"]
    return {**scope, "headers": [*headers, (b"content-type", b"application/json")]}


def _replay(body: bytes, receive: Receive) -> Receive:
    sent = False

    async def replay() -> Message:
        nonlocal sent
        if not sent:
            sent = True
            return {"type": "http.request", "body": body, "more_body": False}
        return await receive()  # after the body: wait for the client to hang up

    return replay


async def _reject(send: Send, status: int, message: str, kind: str,
                  extra: list[tuple[bytes, bytes]] | None = None) -> None:
    payload = json.dumps(error_body(message, kind, str(status))).encode()
    headers = [(b"content-type", b"application/json"),
               (b"content-length", str(len(payload)).encode()), *(extra or [])]
    await send({"type": "http.response.start", "status": status, "headers": headers})
    await send({"type": "http.response.body", "body": payload})
