"""The `tradeoffs ui`, `tradeoffs feedback` and `tradeoffs mcp` subcommands."""

from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path

DEFAULT_PORT = 8501


def streamlit_command(port: int) -> list[str]:
    """`streamlit run ui/web/app.py`, local only, headless, without usage statistics."""
    app = Path(__file__).parent.parent / "web" / "app.py"
    return [sys.executable, "-m", "streamlit", "run", str(app),
            "--server.address=127.0.0.1", f"--server.port={port}",
            "--server.headless=true", "--browser.gatherUsageStats=false",
            "--server.fileWatcherType=none", "--server.runOnSave=false",
            "--client.toolbarMode=viewer", "--client.showErrorDetails=none",
            # Both palettes given, so the app follows the system's light or dark setting;
            # the menu's Settings switch between them.
            "--theme.light.primaryColor=#2f6fde", "--theme.dark.primaryColor=#6b9bf2"]


def cmd_ui(args: argparse.Namespace) -> int:
    """Replace this process with the Streamlit server, so signals reach it directly."""
    from ingest.errors import UsageError
    from ingest.settings import Settings

    if not 0 < args.port < 65536:
        raise UsageError(f"--port must be between 1 and 65535, not {args.port}")
    Settings.from_env(index_dir=args.index)  # a bad TRADEOFFS_* value: one line, not the app
    env = dict(os.environ)
    if args.index:
        env["TRADEOFFS_INDEX_DIR"] = str(Path(args.index).resolve())
    print(f"tradeoffs: open http://127.0.0.1:{args.port} (Ctrl-C stops the app)",
          file=sys.stderr, flush=True)
    command = streamlit_command(args.port)
    os.execve(command[0], command, env)
    return 0  # not reached: execve does not return


def cmd_feedback(args: argparse.Namespace) -> int:
    """Export the stored answer feedback as JSONL or CSV."""
    from ingest.errors import UsageError
    from ingest.settings import Settings

    from ..present.feedback import FeedbackStore, export_format, write_export

    settings = Settings.from_env(index_dir=args.index)
    path = Path(args.export)
    fmt = export_format(path, args.format)
    if not settings.feedback_db.is_file():
        # Opening it would create an empty store (and its folder) where none was meant.
        raise UsageError(f"no feedback store at {settings.feedback_db}: check --index (the "
                         "chat app saves feedback in its index folder) or "
                         "TRADEOFFS_FEEDBACK_DB")
    records = FeedbackStore(settings.feedback_db).records()
    write_export(records, path, fmt)
    print(f"exported {len(records)} feedback rows from {settings.feedback_db} to {path} ({fmt})")
    return 0


def cmd_mcp(args: argparse.Namespace) -> int:
    """Serve the index to an MCP client over stdin/stdout until the client hangs up."""
    from assistant import Assistant
    from ingest.settings import Settings

    from ..mcp.server import build_server, serve_stdio

    settings = Settings.from_env(index_dir=args.index)
    assistant = Assistant.open(settings=settings)  # a missing index fails here, in one line
    serve_stdio(build_server(assistant))
    return 0


def register(sub: argparse._SubParsersAction) -> None:
    """Add this module's subcommands to the `tradeoffs` parser."""
    p = sub.add_parser("ui", help="start the chat app in the browser (local only)")
    p.add_argument("--index", help="index directory (default: .tradeoffs)")
    p.add_argument("--port", type=int, default=DEFAULT_PORT,
                   help=f"port on 127.0.0.1 (default: {DEFAULT_PORT})")
    p.set_defaults(func=cmd_ui)

    p = sub.add_parser("feedback", help="export the feedback given in the chat app")
    p.add_argument("--export", required=True, metavar="FILE",
                   help="file to write; .jsonl or .csv picks the format")
    p.add_argument("--format", choices=("jsonl", "csv"),
                   help="output format (default: from the file extension)")
    p.add_argument("--index", help="index directory whose feedback to export "
                                   "(default: .tradeoffs, or TRADEOFFS_FEEDBACK_DB)")
    p.set_defaults(func=cmd_feedback)

    p = sub.add_parser("mcp", help="serve the index to MCP clients (Model Context Protocol, "
                                   "stdio)")
    p.add_argument("--index", help="index directory (default: .tradeoffs)")
    p.set_defaults(func=cmd_mcp)

    from ..service.launch import register as register_service
    from .decisions import register as register_decisions
    from .gaps import register as register_gaps

    register_service(sub)
    register_gaps(sub)
    register_decisions(sub)
