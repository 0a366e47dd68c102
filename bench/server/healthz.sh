#!/usr/bin/env bash
# /healthz p99 while N voice sessions speak (docs/BENCHMARKS.md, "Speech off
# the HTTP threads"): for each N, RUNS fresh servers; the median run by p99
# is reported.
# Usage: bench/server/healthz.sh [SPAR_BIN]   (env: USERS RUNS ROUNDS SPAR_ROOT)
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
root="${SPAR_ROOT:-$here/../..}"
bin="${1:-${SPAR_BIN:-$root/build/spar}}"
users="${USERS:-0 2 4}"
runs="${RUNS:-3}"
rounds="${ROUNDS:-2}"
tmp="$(mktemp -d /tmp/spar-bench-healthz.XXXXXX)"
server_pid=""
cleanup() {
  [ -n "$server_pid" ] && kill -TERM "$server_pid" 2>/dev/null && wait "$server_pid" 2>/dev/null
  rm -rf "$tmp"
}
trap cleanup EXIT
"$bin" say -o "$tmp/answer.wav" --voice rms "An index is a B-tree over some columns, so the \
database can find rows without scanning the table. Reads get faster, but every write has to \
update the index too." >/dev/null 2>&1
echo "# machine: $(nproc) cores, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | xargs); load average: $(cut -d' ' -f1-3 /proc/loadavg); binary: $bin"
for n in $users; do
  : >"$tmp/results"
  for ((r = 1; r <= runs; r++)); do
    "$bin" --bank "$root/bank" --db "$tmp/spar-$n-$r.db" serve --port 0 --threads 2 \
      --ip-rate 1000000 --user-rate 1000000 >"$tmp/server.out" 2>"$tmp/server.err" &
    server_pid=$!
    for _ in $(seq 300); do
      grep -q 'is serving' "$tmp/server.out" && break
      sleep 0.1
    done
    port="$(grep -o 'http://127.0.0.1:[0-9]*' "$tmp/server.out" | cut -d: -f3)"
    sleep 3  # the speech engines warm up at start
    line="$(node --experimental-websocket --no-warnings "$here/healthz_voice.mjs" "http://127.0.0.1:$port" "$tmp/answer.wav" "$n" "$rounds") load=$(cut -d' ' -f1 /proc/loadavg)"
    echo "$line"
    echo "$line" >>"$tmp/results"
    kill -TERM "$server_pid"
    wait "$server_pid" || true
    server_pid=""
  done
  awk '{ for (i = 1; i <= NF; i++) if ($i ~ /^p99_ms=/) { split($i, a, "="); print a[2], $0 } }' "$tmp/results" |
    sort -n | sed -n "$(((runs + 1) / 2))p" | cut -d' ' -f2- | sed 's/^/median run: /'
done
