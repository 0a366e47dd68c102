#!/usr/bin/env bash
# Runs every benchmark and prints its numbers (see docs/BENCHMARKS.md).
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
"$root/build/bench/bench_grade" --benchmark_repetitions=5 --benchmark_report_aggregates_only=true
"$root/build/bench/bench_bank_load" --benchmark_repetitions=3 --benchmark_report_aggregates_only=true
bash "$root/bench/grading/run.sh"
"$root/build/bench/bench_turn"
bash "$root/bench/speech/run.sh" "$root/build"
