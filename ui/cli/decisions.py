"""`tradeoffs decisions`: every decision record of an index, with its status, date and
the records it supersedes or is superseded by; then its problems, one line each."""

from __future__ import annotations

import argparse
import json

from ingest.settings import Settings


def cmd_decisions(args: argparse.Namespace) -> int:
    """Print the decision log; exit 1 when it has problems (a dangling link, a record
    superseded with no link back, one with no status, two with one number)."""
    from ingest.records import decision_log, problems

    settings = Settings.from_env(index_dir=args.index)
    log = decision_log(settings.index_dir)
    found = problems(log)
    if args.format == "json":
        print(json.dumps(log.to_dict(), indent=2, ensure_ascii=False))
    elif not log.present:
        print("this index was built before decision records were kept: run `tradeoffs "
              f"ingest FOLDER --index {settings.index_dir}` once to read them")
    elif not log.entries:
        print("no decision records in this index")
    else:
        print(log.to_text())
    return 1 if found else 0


def register(sub: argparse._SubParsersAction) -> None:
    """Add `decisions` to the `tradeoffs` parser."""
    p = sub.add_parser("decisions", help="list the decision records: number, status, date, "
                                         "what each supersedes or is superseded by")
    p.add_argument("--index", help="index directory (default: .tradeoffs)")
    p.add_argument("--format", choices=("text", "json"), default="text",
                   help="text (default) or json")
    p.set_defaults(func=cmd_decisions)
