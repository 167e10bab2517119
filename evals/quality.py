"""`python -m evals.quality REPORT.json ...`: the headline figures of several eval runs,
one row per run and half of the split, each run named by the folder its report is in."""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

from .report import headline_table


def main(argv: list[str] | None = None) -> int:
    """Print the headline table of the given report.json files; exit 1 if one is missing."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("reports", type=Path, nargs="+", help="report.json of `tradeoffs eval`")
    args = parser.parse_args(argv)
    missing = [str(p) for p in args.reports if not p.is_file()]
    if missing:
        print(f"no report at {', '.join(missing)}", file=sys.stderr)
        return 1
    reports = {p.parent.name: json.loads(p.read_text(encoding="utf-8")) for p in args.reports}
    print(headline_table(reports))
    return 0


if __name__ == "__main__":
    sys.exit(main())
