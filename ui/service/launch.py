"""`tradeoffs serve`: run the service on uvicorn, in one process or in several.

One process opens the index before it listens, so a missing index is a one-line error.
Several (`--workers N`) share the listening socket; uvicorn starts each from the import
string of the app factory, and each opens its own `Assistant` over the same index (the
settings reach them through the environment).
"""

from __future__ import annotations

import argparse
import os
import socket
import sys
from pathlib import Path

from ingest.errors import IndexMissing, UsageError
from ingest.settings import Settings

DEFAULT_PORT = 8080
FACTORY = "ui.service.app:create_app"
LOCAL_HOSTS = frozenset({"127.0.0.1", "localhost", "::1"})


def check_bind(host: str, token: str | None) -> None:
    """Without a token the service is for this machine only."""
    if not token and host not in LOCAL_HOSTS:
        raise UsageError(f"set TRADEOFFS_API_TOKEN to serve on {host}: without a token the "
                         "service listens on 127.0.0.1 only")


def check_port_free(host: str, port: int) -> None:
    family = socket.AF_INET6 if ":" in host else socket.AF_INET
    with socket.socket(family) as sock:
        sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        try:
            sock.bind((host, port))
        except OSError as exc:
            raise UsageError(f"cannot listen on {host}:{port} ({exc.strerror}); pick another "
                             "--port") from None


def cmd_serve(args: argparse.Namespace) -> int:
    if args.workers is not None and args.workers < 1:
        raise UsageError(f"--workers must be at least 1, not {args.workers}")
    settings = Settings.from_env(index_dir=args.index, workers=args.workers)
    if not 0 < args.port < 65536:
        raise UsageError(f"--port must be between 1 and 65535, not {args.port}")
    if settings.workers < 1:
        raise UsageError(f"TRADEOFFS_WORKERS must be at least 1, not {settings.workers}")
    check_bind(args.host, settings.api_token)
    check_port_free(args.host, args.port)
    import uvicorn

    where = f"http://{args.host}:{args.port}"
    options = {"host": args.host, "port": args.port, "log_level": "warning",
               # Questions can be sensitive: no access log (the opt-in question log
               # records them when a team wants that).
               "access_log": False, "timeout_graceful_shutdown": 5}
    if settings.workers == 1:
        from .app import create_app

        app = create_app(settings)  # opens the index now: a missing one is one line
        _announce(where, 1)
        uvicorn.run(app, **options)
        return 0
    from ingest.manifest import Manifest

    if Manifest.load(settings.index_dir) is None:
        raise IndexMissing(str(settings.index_dir))
    if settings.server_mode:  # a Chroma server that is down is one line here, not N tracebacks
        from ingest.store import ChromaStore

        ChromaStore(settings)
    os.environ["TRADEOFFS_INDEX_DIR"] = str(Path(settings.index_dir).resolve())
    os.environ["TRADEOFFS_WORKERS"] = str(settings.workers)
    _announce(where, settings.workers)
    uvicorn.run(FACTORY, factory=True, workers=settings.workers, **options)
    return 0


def _announce(where: str, workers: int) -> None:
    processes = "1 process" if workers == 1 else f"{workers} worker processes"
    print(f"tradeoffs: serving {where}/v1 ({processes}; API docs at {where}/docs; "
          "Ctrl-C stops)", file=sys.stderr, flush=True)


def register(sub: argparse._SubParsersAction) -> None:
    """Add `serve` to the `tradeoffs` parser."""
    p = sub.add_parser("serve", help="serve the index over HTTP: a JSON API and an "
                                     "OpenAI-compatible chat endpoint")
    p.add_argument("--index", help="index directory (default: .tradeoffs)")
    p.add_argument("--host", default="127.0.0.1",
                   help="address to listen on (default: 127.0.0.1; any other needs "
                        "TRADEOFFS_API_TOKEN)")
    p.add_argument("--port", type=int, default=DEFAULT_PORT,
                   help=f"port (default: {DEFAULT_PORT})")
    p.add_argument("--workers", type=int,
                   help="worker processes answering over the same index (default: 1, or "
                        "TRADEOFFS_WORKERS)")
    p.set_defaults(func=cmd_serve)
