"""The `tradeoffs` command line. Each subcommand imports only what it needs, so a
one-shot command does not pay for libraries it never calls.

Everything it prints goes through `ui.present.safe_output`: no document, file name or argument
writes a control sequence to the terminal; one-line fields escape line breaks too."""

from __future__ import annotations

import argparse
import json
import os
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING

from ingest.errors import TradeoffsError, UsageError
from ingest.safe_text import escape_controls
from ingest.settings import Settings
from ui.present.safe_output import safe_streams, terminal_safe, unescaped

if TYPE_CHECKING:
    from ui.cli.progress import RunProgress

EXIT_OK, EXIT_PARTIAL, EXIT_USAGE = 0, 1, 2
SHARED_REASON_NAMES = 3  # files named on a line that many skipped files share
BUILT_IN = ("ingest", "ask", "status")
# Other packages declare their subcommands here (pyproject.toml), each a
# `register(subparsers)` that imports nothing heavy; no package names another.
COMMAND_GROUP = "tradeoffs.commands"


def _line(text: object) -> str:
    """A value shown inside one line of output: line breaks escaped as well."""
    return escape_controls(str(text), one_line=True)


def _settings(args: argparse.Namespace) -> Settings:
    return Settings.from_env(index_dir=getattr(args, "index", None))


def _progress_bar() -> RunProgress | None:
    """One line with files, chunks and time left on a terminal; nothing when piped."""
    if not sys.stderr.isatty():
        return None
    from ui.cli.progress import RunProgress

    # The line moves the cursor itself; its text is our own figures, not a document's.
    return RunProgress(unescaped(sys.stderr))


def cmd_ingest(args: argparse.Namespace) -> int:
    from ingest.pipeline import ingest

    settings = _settings(args)
    root = Path(args.path) if args.path else settings.corpus_dir
    if not root.exists():
        raise UsageError(f"{root} does not exist")
    bar = None if args.json else _progress_bar()
    if args.watch:
        from ui.cli.watch_command import run_watch

        if args.rebuild:
            raise UsageError("--watch and --rebuild go in two steps: rebuild, then watch")
        return run_watch(root, settings, bar, args.wait, as_json=args.json)
    summary = ingest(root, settings, progress=bar, rebuild=args.rebuild, wait=args.wait)
    if bar is not None:
        bar.close()
    if args.json:
        print(json.dumps(summary.as_dict(), indent=2))
    else:
        for line in _skipped_lines(summary.skipped):
            print(line, file=sys.stderr)
        for notice in summary.notices:
            print(f"tradeoffs: note: {_line(notice)}", file=sys.stderr)
        print(f"indexed {summary.indexed}, skipped {len(summary.skipped)}; "
              f"files: {len(summary.added)} added, {len(summary.changed)} changed, "
              f"{len(summary.unchanged)} unchanged, {len(summary.removed)} removed, "
              f"{len(summary.failed)} failed; chunks embedded: {summary.chunks_embedded} "
              f"(of {summary.chunks_total}); {summary.seconds:.2f}s")
    # Every file not indexed is named above; the exit code says so too.
    return EXIT_PARTIAL if summary.skipped else EXIT_OK


def _skipped_lines(skipped: dict[str, str]) -> list[str]:
    """A line per skipped file with its reason; more than `SHARED_REASON_NAMES` files
    skipped for the same reason (a docs tree's pictures: "unsupported file type .png")
    share one line that names the first few. --json still lists every file."""
    by_reason: dict[str, list[str]] = {}
    for name, reason in skipped.items():
        by_reason.setdefault(reason, []).append(name)
    lines = []
    for reason, names in by_reason.items():
        if len(names) > SHARED_REASON_NAMES:
            first = ", ".join(_line(name) for name in names[:SHARED_REASON_NAMES])
            lines.append(f"skipped {len(names)} files: {_line(reason)} ({first} and "
                         f"{len(names) - SHARED_REASON_NAMES} more)")
        else:
            lines += [f"skipped {_line(name)}: {_line(reason)}" for name in names]
    return lines


def cmd_status(args: argparse.Namespace) -> int:
    from ingest.serving import open_store
    from ingest.snapshot import IndexSnapshot

    settings = _settings(args)
    snapshot = IndexSnapshot.open(settings.index_dir)
    open_store(settings, snapshot, thorough=True)  # what it reports must be whole
    status = snapshot.status()
    status["store"] = (f"chroma server {settings.chroma_host}:{settings.chroma_port}"
                       if settings.server_mode else str(settings.index_dir / "chroma"))
    if args.json:
        print(json.dumps(status, indent=2))
        return EXIT_OK
    print(f"index:   {_line(status['index'])} (store: {_line(status['store'])})")
    print(f"root:    {_line(status['root'])}")
    print(f"model:   {_line(status['model'])}")
    print(f"updated: {_line(status['updated_at'])}")
    print(f"{status['documents']} documents, {status['chunks']} chunks")
    if not status["documents"]:
        print(f"the index is empty: run `tradeoffs ingest FOLDER --index {settings.index_dir}`")
    files = [{**f, "file": _line(f["file"]), "chapter": _line(f["chapter"])}
             for f in status["files"]]
    width = max((len(f["file"]) for f in files), default=4)
    for f in files:
        print(f"  {f['file']:<{width}}  {f['chunks']:>4} chunks  {_line(f['indexed_at'])}  "
              f"{f['chapter']}")
    return EXIT_OK


def cmd_ask(args: argparse.Namespace) -> int:
    from assistant import Assistant, prepare_question

    # An empty question is a usage error even where no index is open yet.
    question, notice = prepare_question(args.question)
    assistant = Assistant.open(settings=_settings(args))
    answer = assistant.ask(question, chapters=args.chapter or None, k=args.k,
                           statuses=args.status)
    for line in (notice, *answer.notices):  # e.g. the question was cut to the length read
        if line:
            print(f"tradeoffs: note: {_line(line)}", file=sys.stderr)
    fmt = "json" if args.json else args.format
    if fmt == "json":
        print(json.dumps(answer.to_dict(), indent=2, ensure_ascii=False))
    elif fmt == "markdown":
        from ui.present.export import answer_markdown

        sys.stdout.write(answer_markdown(terminal_safe(answer)))
    else:
        from ui.cli.terminal import print_answer

        color = sys.stdout.isatty()
        # In colour, rich writes its own escape codes: the content is escaped before.
        print_answer(terminal_safe(answer), unescaped(sys.stdout) if color else sys.stdout,
                     color=color)
    return EXIT_OK


def build_parser(argv: Sequence[str] | None = None) -> argparse.ArgumentParser:
    """The `tradeoffs` parser; the declared commands join it unless `argv` runs a built-in."""
    parser = argparse.ArgumentParser(
        prog="tradeoffs",
        description="Cited answers on AI/ML-on-EKS architecture decisions.")
    sub = parser.add_subparsers(dest="command", required=True)

    p = sub.add_parser("ingest", help="index a folder of documents (incremental)")
    p.add_argument("path", nargs="?", help="folder or file to index (default: corpus/)")
    p.add_argument("--index", help="index directory (default: .tradeoffs)")
    p.add_argument("--json", action="store_true", help="print the summary as JSON")
    p.add_argument("--rebuild", action="store_true", help="re-chunk and re-embed everything")
    p.add_argument("--wait", type=float, default=0.0,
                   help="seconds to wait for another ingest to finish (default: fail at once)")
    p.add_argument("--watch", action="store_true",
                   help="stay running and re-ingest whenever a document changes (Ctrl-C stops)")
    p.set_defaults(func=cmd_ingest)

    p = sub.add_parser("ask", help="answer a question with citations")
    p.add_argument("question")
    p.add_argument("--index", help="index directory (default: .tradeoffs)")
    p.add_argument("--chapter", action="append", metavar="FILE",
                   help="only search this chapter file (repeatable)")
    p.add_argument("--k", type=int, help="number of passages (default: 5)")
    p.add_argument("--status", action="append", metavar="STATUS",
                   help="only decision records of this status: accepted, amended, proposed, "
                        "on hold, rejected, deprecated or superseded (repeatable)")
    p.add_argument("--format", choices=("text", "markdown", "json"), default="text",
                   help="text (wrapped, coloured on a terminal), markdown (the answer and "
                        "its sources, for pasting), or json (the Answer); default: text")
    p.add_argument("--json", action="store_true", help="print the Answer as JSON "
                                                      "(same as --format json)")
    p.set_defaults(func=cmd_ask)

    p = sub.add_parser("status", help="show what is indexed")
    p.add_argument("--index", help="index directory (default: .tradeoffs)")
    p.add_argument("--json", action="store_true")
    p.set_defaults(func=cmd_status)

    # Finding the declared commands reads every installed package's metadata (~60 ms):
    # only a command that is not built in, or a look at the help, pays for it.
    if argv is None or not argv or argv[0] not in BUILT_IN:
        from importlib.metadata import entry_points

        for command in entry_points(group=COMMAND_GROUP):
            command.load()(sub)
    return parser


def main(argv: list[str] | None = None) -> int:
    with safe_streams():
        return _run(argv)


def _run(argv: list[str] | None) -> int:
    argv = sys.argv[1:] if argv is None else argv
    parser = build_parser(argv)
    args = parser.parse_args(argv)  # exits 2 on usage errors, as argparse does
    try:
        return args.func(args)
    except UsageError as exc:
        print(f"tradeoffs: error: {_line(exc)}", file=sys.stderr)
        return EXIT_USAGE
    except TradeoffsError as exc:
        print(f"tradeoffs: {_line(exc)}", file=sys.stderr)
        return EXIT_PARTIAL
    except KeyboardInterrupt:
        print("tradeoffs: interrupted; the previous index is intact", file=sys.stderr)
        return 130
    except BrokenPipeError:
        # The reader went away (`tradeoffs status | head`); point stdout at /dev/null so
        # the interpreter's final flush does not print a traceback either.
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        return EXIT_PARTIAL
    except OSError as exc:
        # A file or disk problem no domain error names: still one line, never a traceback.
        where = f" ({exc.filename})" if exc.filename else ""
        print(f"tradeoffs: {_line(f'{exc.strerror or exc}{where}')}", file=sys.stderr)
        return EXIT_PARTIAL


if __name__ == "__main__":
    sys.exit(main())
