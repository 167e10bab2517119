#!/usr/bin/env bash
# Answer quality in one command: the gold sets, each over its corpus, into
# eval-out/<name>/, then one table of the headline figures for all, tune and held-out.
#
#   evals/quality.sh            # or: make quality
#   PYTHON=.venv/bin/python SHARED=/path/to/corpora evals/quality.sh --split tune
#
# A set whose corpus folder is absent is named and skipped. Extra arguments are passed
# to every `tradeoffs eval` (e.g. --split tune, --k 8, --compare).
set -euo pipefail

cd "$(dirname "$0")/.."
PYTHON=${PYTHON:-python}
SHARED=${SHARED:-$(cd .. && pwd)/shared/corpora}  # the corpora beside the checkout
OUT=${OUT:-eval-out}

# name | questions | corpus
SETS=(
  "website|evals/data/questions_website.jsonl|$SHARED/ai-on-eks-website/docs"
  "02why|evals/data/questions_02why.jsonl|$SHARED/ai-on-eks-education/02-why"
  "adr|evals/data/questions_adr.jsonl|$SHARED/decision-records"
  "website-hard|evals/data/questions_website_hard.jsonl|$SHARED/ai-on-eks-website/docs"
  "adr-hard|evals/data/questions_adr_hard.jsonl|$SHARED/decision-records"
  "bundled|evals/data/questions.jsonl|corpus/ai-on-eks-why"
  "education|evals/data/questions_education.jsonl|$SHARED/ai-on-eks-education"
)

reports=()
for entry in "${SETS[@]}"; do
  IFS='|' read -r name questions corpus <<<"$entry"
  if [[ ! -d "$corpus" ]]; then
    echo "skipped $name: no corpus at $corpus" >&2
    continue
  fi
  echo "== $name: $questions over $corpus" >&2
  # Exit 1 means a malformed question line (named on stderr); the report is still written.
  "$PYTHON" -m ui.cli eval --questions "$questions" --corpus "$corpus" \
    --out "$OUT/$name" "$@" >/dev/null || [[ $? -eq 1 ]]
  reports+=("$OUT/$name/report.json")
done

if [[ ${#reports[@]} -eq 0 ]]; then
  echo "no corpus found; nothing evaluated" >&2
  exit 1
fi
"$PYTHON" -m evals.quality "${reports[@]}"
