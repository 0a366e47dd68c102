#!/usr/bin/env bash
# Server load benchmark (docs/BENCHMARKS.md, "Server under load").
#  1. text turns: wrk POSTs answers to fresh text sessions at several
#     connection counts, RUNS times each; the median run (by turns/s) is
#     reported, with the server's own spar_turn_duration_seconds histogram
#     over the same run as a cross-check.
#  2. spoken turns (voice_turn.mjs) on a quiet server, then while wrk -c32
#     keeps the server busy with text turns.
#  3. idle voice sessions: sockets.mjs holds SOCKETS WebSockets open and
#     measures the server's memory.
# Usage: bench/server/run.sh   (env: SPAR_BIN CONNS RUNS DURATION SESSIONS SOCKETS)
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
root="$here/../.."
bin="${SPAR_BIN:-/work/tools/spar-bench}"  # a stable copy, not the build tree
conns="${CONNS:-8 32 64}"
runs="${RUNS:-3}"
duration="${DURATION:-10}"
sessions="${SESSIONS:-400}"  # fresh per wrk run; ~3000 turns/run leaves each well short of its end
sockets="${SOCKETS:-1000}"

# The server and the socket client each need ~1 fd per socket.
[ "$(ulimit -n)" -ge 4096 ] || ulimit -n 4096

tmp="$(mktemp -d /tmp/spar-bench-server.XXXXXX)"
server_pid=""
wrk_pid=""
cleanup() {
  [ -n "$wrk_pid" ] && kill -INT "$wrk_pid" 2>/dev/null
  [ -n "$server_pid" ] && kill -TERM "$server_pid" 2>/dev/null && wait "$server_pid" 2>/dev/null
  rm -rf "$tmp"
}
trap cleanup EXIT

# Rate limits raised far above anything a benchmark reaches (defaults 20/s, 10/s).
"$bin" --bank "$root/bank" --db "$tmp/spar.db" serve --port 0 --threads 2 \
  --ip-rate 1000000 --user-rate 1000000 >"$tmp/server.out" 2>"$tmp/server.err" &
server_pid=$!
for _ in $(seq 100); do
  grep -q 'is serving' "$tmp/server.out" && break
  kill -0 "$server_pid" || { cat "$tmp/server.err"; exit 1; }
  sleep 0.1
done
port="$(grep -o 'http://127.0.0.1:[0-9]*' "$tmp/server.out" | cut -d: -f3)"
[ -n "$port" ] || { echo "server did not start" >&2; cat "$tmp/server.err" >&2; exit 1; }
url="http://127.0.0.1:$port"

# $1 sessions into file $2, through one curl process (a config file with one
# transfer per session) so creating them costs milliseconds, not processes.
# Each session asks about three neighbouring areas of the nine.
create_sessions() {
  local areas=(api db cache queue conc rel sec net dist) i
  : >"$tmp/create.conf"
  for ((i = 0; i < $1; i++)); do
    ((i == 0)) || echo next >>"$tmp/create.conf"
    cat >>"$tmp/create.conf" <<EOF
url = "$url/api/v1/sessions"
header = "Host: 127.0.0.1:$port"
header = "Content-Type: application/json"
data = "{\"areas\":[\"${areas[i % 9]}\",\"${areas[(i + 1) % 9]}\",\"${areas[(i + 2) % 9]}\"],\"level\":\"mid\",\"minutes\":240,\"mode\":\"text\"}"
write-out = "\n"
EOF
  done
  curl -sS -K "$tmp/create.conf" | grep -o '"id":"[0-9a-z]*"' | cut -d'"' -f4 >"$2"
  [ "$(wc -l <"$2")" -eq "$1" ] || { echo "created $(wc -l <"$2") of $1 sessions" >&2; exit 1; }
}

# The turn histogram's cumulative buckets, "le count" per line, then sum and count.
turn_histogram() {
  curl -sS -H "Host: 127.0.0.1:$port" "$url/metrics" |
    awk '/^spar_turn_duration_seconds_bucket/ { match($0, /le="[^"]*"/); print substr($0, RSTART + 4, RLENGTH - 5), $2 }
         /^spar_turn_duration_seconds_(sum|count)/ { sub(/spar_turn_duration_seconds_/, ""); print }'
}

# The difference of two histogram snapshots: count, mean, and p50/p99
# interpolated within buckets as Prometheus' histogram_quantile does (the
# buckets are 5, 10, 25, 50, 100 ms..., so the quantiles are coarse). The
# server times only grading, the next move and the save: not the wait for a
# worker thread, which is most of what wrk sees under load.
histogram_delta() {
  paste -d' ' "$1" "$2" | awk '
    $1 == "sum" { sum = $4 - $2; next }
    $1 == "count" { n = $4 - $2; next }
    { le[++k] = $1; c[k] = $4 - $2 }
    function q(p,   i, lo, prev) {
      prev = 0; lo = 0
      for (i = 1; i <= k; i++) {
        if (c[i] >= p * n) {
          if (le[i] == "+Inf") return lo * 1000
          return (lo + (le[i] - lo) * (p * n - prev) / (c[i] - prev)) * 1000
        }
        prev = c[i]; lo = le[i]
      }
    }
    END { printf "srv_turns=%d srv_mean_ms=%.2f srv_p50_ms=%.1f srv_p99_ms=%.1f\n", n, n ? sum / n * 1000 : 0, q(0.5), q(0.99) }'
}

# The value of key $1 in a line of "key=value" words.
field() { tr ' ' '\n' <<<"$2" | awk -F= -v k="$1" '$1 == k { print $2 }'; }

echo "# machine: $(nproc) cores, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | xargs); load average before: $(cut -d' ' -f1-3 /proc/loadavg)"
# One session answered to its end by a single client (one curl process, one
# keep-alive connection): how the cost of a turn grows with the transcript.
echo "# one session, sequential turns until it ends (client-side time per 50 turns)"
create_sessions 1 "$tmp/ids"
: >"$tmp/depth.conf"
for ((i = 0; i < 400; i++)); do
  ((i == 0)) || echo next >>"$tmp/depth.conf"
  cat >>"$tmp/depth.conf" <<EOF
url = "$url/api/v1/sessions/$(cat "$tmp/ids")/answers"
header = "Host: 127.0.0.1:$port"
header = "Content-Type: application/json"
data = "{\"text\":\"I would add an index on the filtered column, check the plan with EXPLAIN, and measure the write cost.\"}"
output = "/dev/null"
write-out = "%{http_code} %{time_total}\n"
EOF
done
# Median client-side time per block of 50 turns (medians: the machine is noisy).
curl -sS -K "$tmp/depth.conf" | awk '$1 == 200 { n++; print int((n - 1) / 50), $2 * 1000 } END { print "end", n, NR - n }' |
  sort -k1,1n -k2,2n | awk '
    $1 == "end" { ended = $2; refused = $3; next }
    { v[$1, ++c[$1]] = $2 }
    END { for (b = 0; b in c; b++) printf "turns %d-%d: median %.2f ms\n", b * 50 + 1, b * 50 + c[b], v[b, int((c[b] + 1) / 2)]
          printf "the interview ended after %d turns (%d answers refused with 409)\n", ended, refused }'
echo

echo "# text turns: wrk -t2 -c<N> -d${duration}s --latency, $sessions fresh sessions per run, median of $runs runs by turns/s"
# Server CPU time (user + system) in ms, to see how close it runs to two full cores.
cpu_ms() { awk -v hz="$(getconf CLK_TCK)" '{ print ($14 + $15) * 1000 / hz }' "/proc/$server_pid/stat"; }
table="| connections | turns/s | p50 | p90 | p99 | non-2xx | socket errors | server turn mean / p50 / p99 | server CPU per turn |
|---|---|---|---|---|---|---|---|---|"
for c in $conns; do
  : >"$tmp/results"
  for ((r = 1; r <= runs; r++)); do
    create_sessions "$sessions" "$tmp/ids"
    turn_histogram >"$tmp/h0"
    cpu0="$(cpu_ms)"
    out="$(wrk -t2 -c"$c" -d"${duration}s" --latency -s "$here/turns.lua" "$url" -- "$tmp/ids" 2)"
    cpu1="$(cpu_ms)"
    turn_histogram >"$tmp/h1"
    line="c=$c run=$r $(grep '^RESULT' <<<"$out" | cut -d' ' -f2-) $(histogram_delta "$tmp/h0" "$tmp/h1")"
    line+=" srv_cpu_ms=$(awk -v a="$cpu0" -v b="$cpu1" 'BEGIN { print b - a }') load=$(cut -d' ' -f1 /proc/loadavg)"
    echo "$line"
    echo "$line" >>"$tmp/results"
  done
  # The median run by turns/s (field 3 is turns_per_s=N).
  med="$(awk '{ split($3, a, "="); print a[2], $0 }' "$tmp/results" | sort -n |
    sed -n "$(((runs + 1) / 2))p" | cut -d' ' -f2-)"
  nonok=$(($(field finished "$med") + $(field stale "$med") + $(field other "$med")))
  cpu_per_turn="$(awk -v c="$(field srv_cpu_ms "$med")" -v n="$(field srv_turns "$med")" 'BEGIN { printf "%.2f", c / n }')"
  table+="
| $c | $(field turns_per_s "$med") | $(field p50_ms "$med") ms | $(field p90_ms "$med") ms | $(field p99_ms "$med") ms | $nonok of $(($(field ok "$med") + nonok)) | $(field sockerr "$med") | $(field srv_mean_ms "$med") / $(field srv_p50_ms "$med") / $(field srv_p99_ms "$med") ms | $cpu_per_turn ms |"
done
echo
echo "$table"
echo

echo "# spoken turns (one answer, rms voice, length below), quiet server"
"$bin" say -o "$tmp/answer.wav" --voice rms "An index is a B-tree over some columns, so the \
database can find rows without scanning the table. Reads get faster, but every write has to \
update the index too." 2>&1
node --experimental-websocket --no-warnings "$here/voice_turn.mjs" "$url" "$tmp/answer.wav" 4
echo "# spoken turns while wrk -c32 posts text turns"
create_sessions "$sessions" "$tmp/ids"
# Long enough to outlast the spoken turns; SIGINT makes wrk stop and print.
wrk -t2 -c32 -d300s --latency -s "$here/turns.lua" "$url" -- "$tmp/ids" 2 >"$tmp/wrk.out" &
wrk_pid=$!
sleep 2
node --experimental-websocket --no-warnings "$here/voice_turn.mjs" "$url" "$tmp/answer.wav" 4
kill -INT "$wrk_pid"
wait "$wrk_pid" || true
wrk_pid=""
grep '^RESULT' "$tmp/wrk.out" | sed 's/^RESULT/# background wrk:/'
echo

echo "# $sockets idle voice sessions (load average before: $(cut -d' ' -f1-3 /proc/loadavg))"
node --experimental-websocket --no-warnings "$here/sockets.mjs" "$url" "$server_pid" "$sockets" 5
echo "# load average after: $(cut -d' ' -f1-3 /proc/loadavg)"
