"""`tradeoffs gaps`: the questions the documents failed, from the opt-in question log."""

from __future__ import annotations

import argparse
from pathlib import Path

from ingest.errors import UsageError
from ingest.settings import Settings


def cmd_gaps(args: argparse.Namespace) -> int:
    """List the logged questions the documents failed, by nearest section."""
    import json

    from ..present.question_log import QuestionLog, log_key

    settings = Settings.from_env(index_dir=args.index)
    if settings.question_log is None:
        raise UsageError("the question log is off: set TRADEOFFS_QUESTION_LOG to a file "
                         "(e.g. .tradeoffs/questions.sqlite3) and ask some questions first")
    # One log may serve several indexes: --index picks one index's questions.
    gaps = QuestionLog(settings.question_log).gaps(log_key(Path(args.index)) if args.index
                                                   else None)
    if args.format == "json":
        print(json.dumps([g.to_dict() for g in gaps], indent=2, ensure_ascii=False))
        return 0
    if not gaps:
        print(f"no refused or low-confidence questions in {settings.question_log}")
        return 0
    total = sum(g.count for g in gaps)
    print(f"{total} question{'s' if total != 1 else ''} refused or answered with low "
          "confidence, by nearest section:")
    for gap in gaps:
        where = f" ({gap.file})" if gap.file else ""
        print(f"\n{gap.count:>4}  {gap.section}{where}")
        for question, count in gap.questions:
            print(f"      - {question}" + (f" (x{count})" if count > 1 else ""))
    return 0


def register(sub: argparse._SubParsersAction) -> None:
    """Add `gaps` to the `tradeoffs` parser."""
    p = sub.add_parser("gaps", help="list the questions the documents failed (from the "
                                    "question log), grouped by nearest section")
    p.add_argument("--index", help="only the questions asked of this index (default: every "
                                   "index in the log)")
    p.add_argument("--format", choices=("text", "json"), default="text",
                   help="text (default) or json")
    p.set_defaults(func=cmd_gaps)
