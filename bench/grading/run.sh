#!/usr/bin/env bash
# Grades the SAF corpus in reference mode and reports Pearson r and RMSE
# against the human scores. Usage: bench/grading/run.sh [SAF_DIR]
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
root="$here/../.."
saf="${1:-$root/../shared/data/saf}"
out="$root/build/bench-grading"
mkdir -p "$out"
python3 "$here/saf_to_jsonl.py" "$saf" > "$out/saf.jsonl"
"$root/build/spar" --bank "$root/bank" grade --batch "$out/saf.jsonl" --format jsonl > "$out/spar.jsonl" || true
python3 "$here/score.py" "$out/saf.jsonl" "$out/spar.jsonl"
