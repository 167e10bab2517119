"""`tradeoffs serve`: the index as an HTTP service.

Its own JSON API (`/v1/ask`, `/v1/search`, `/v1/documents`), an OpenAI-compatible chat
endpoint (`/v1/chat/completions`, `/v1/models`) that any OpenAI client or chat front end
can use, and `/healthz`. One module per concern: `app` builds the application and its
routes, `schema` and `openai_compat` hold the typed request and response bodies,
`errors` maps failures to status codes, `guards` enforces the token and the body size,
and `launch` runs it on uvicorn, in one process or several.
"""
