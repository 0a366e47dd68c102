#!/usr/bin/env bash
# Runs one fuzzer for a while: fuzz/run.sh BINARY NAME SECONDS WORKDIR
#
# Starts from the seed corpus in fuzz/corpus/NAME (read-only here); inputs
# that reach new code are kept in WORKDIR/corpus/NAME, so longer runs build
# on earlier ones; a crashing input is written to WORKDIR/crashes/NAME-* and
# the exit status is non-zero. The last line of libFuzzer's output gives the
# executions done (e.g. "Done 123456 runs in 60 second(s)").
set -euo pipefail
bin=$1 name=$2 seconds=$3 work=$4
here="$(cd "$(dirname "$0")" && pwd)"
mkdir -p "$work/corpus/$name" "$work/crashes"
args=(-max_total_time="$seconds" -timeout=25 -rss_limit_mb=4096 -print_final_stats=1
      -artifact_prefix="$work/crashes/$name-")
[ -f "$here/$name.dict" ] && args+=(-dict="$here/$name.dict")
exec "$bin" "${args[@]}" "$work/corpus/$name" "$here/corpus/$name"
