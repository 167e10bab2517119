"""Check that no run of N consecutive words in our corpus appears in a reference corpus.

Usage:
    python -m evals.originality corpus/ai-on-eks-why ../shared/corpora/ai-on-eks-education

Words are lower-cased runs of letters, digits and a few joiners, so punctuation and
Markdown markup do not hide a copied sentence. Exits 1 when any shared run is found.
"""

from __future__ import annotations

import argparse
import re
import sys
from pathlib import Path

_WORD = re.compile(r"[a-z0-9][a-z0-9'./+-]*")


def words(text: str) -> list[str]:
    return [w.strip("'./+-") for w in _WORD.findall(text.lower()) if w.strip("'./+-")]


def ngrams(tokens: list[str], n: int) -> set[tuple[str, ...]]:
    return {tuple(tokens[i : i + n]) for i in range(len(tokens) - n + 1)}


def shared_runs(ours: Path, reference: Path, n: int) -> dict[Path, list[str]]:
    """Map each of our files to the n-word runs it shares with any reference file."""
    ref_grams: set[tuple[str, ...]] = set()
    for path in sorted(reference.rglob("*.md")):
        ref_grams |= ngrams(words(path.read_text(encoding="utf-8", errors="replace")), n)
    found: dict[Path, list[str]] = {}
    for path in sorted(ours.rglob("*.md")):
        hits = ngrams(words(path.read_text(encoding="utf-8")), n) & ref_grams
        if hits:
            found[path] = sorted(" ".join(h) for h in hits)
    return found


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("ours", type=Path)
    parser.add_argument("reference", type=Path)
    parser.add_argument("--n", type=int, default=8, help="run length in words")
    args = parser.parse_args(argv)
    found = shared_runs(args.ours, args.reference, args.n)
    checked = len(list(args.ours.rglob("*.md")))
    for path, runs in found.items():
        print(f"{path}: {len(runs)} shared {args.n}-word run(s)")
        for run in runs[:20]:
            print(f"    {run}")
    print(f"checked {checked} file(s) against {args.reference}: "
          f"{'FAIL' if found else 'OK'}, {sum(map(len, found.values()))} shared run(s)")
    return 1 if found else 0


if __name__ == "__main__":
    sys.exit(main())
