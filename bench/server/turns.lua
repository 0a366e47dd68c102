-- wrk script: every request is one interview turn, an answer POSTed to one of
-- the sessions listed in a file.
-- Usage: wrk -t2 -c32 -d10s --latency -s turns.lua http://127.0.0.1:PORT -- IDS_FILE THREADS
--
-- Answers differ in length on purpose: grading cost grows with the answer,
-- and a load test of one canned sentence would flatter the server.

local answers = {
  "No idea, sorry.",
  "I would put an index on the column we filter by, check the plan with EXPLAIN, and watch that writes do not slow down too much.",
  "Give every request a key chosen by the client. The server stores the key with the result in the same transaction, and a retry with the same key gets the saved result back instead of charging the card a second time. Keys expire after a day or so.",
  "Reads go to the cache first. On a miss we load the row from the database, write it to the cache with a TTL and return it. On an update we write the database and then delete the cache entry rather than updating it, because two racing updates could leave the old value behind. For hot keys I would add request coalescing or refresh the entry a little before it expires, so that a thousand clients do not hit the database at the same moment.",
  "A queue decouples the producer from the consumer. Delivery is at least once in practice, so the consumer has to be idempotent: it records the message id in the same transaction as its side effect and skips ids it has seen. Poison messages go to a dead letter queue after a few retries with backoff, and we alert on its depth.",
  "It depends on the isolation level. Under read committed two transactions can both read the balance, both subtract, and one update is lost. I would use SELECT FOR UPDATE, or an atomic UPDATE with the arithmetic in SQL, or optimistic locking with a version column and a retry loop.",
}

local threads = {}

-- Main Lua state, once per thread: number the threads and keep them so done()
-- can add up their counters.
function setup(thread)
  thread:set("index", #threads)
  table.insert(threads, thread)
end

-- Thread state. Thread k of n takes ids k+1, k+1+n, k+1+2n... so two threads
-- never answer the same session at once (that would be a version race, not
-- load). Bodies are built once here so request() only picks them.
function init(args)
  local all = {}
  for line in io.lines(args[1]) do
    if #line > 0 then table.insert(all, line) end
  end
  local n = tonumber(args[2])
  paths = {}
  for i = index + 1, #all, n do
    table.insert(paths, "/api/v1/sessions/" .. all[i] .. "/answers")
  end
  bodies = {}
  for i, a in ipairs(answers) do bodies[i] = '{"text":"' .. a .. '"}' end
  headers = {["Content-Type"] = "application/json",
             ["Host"] = wrk.host .. ":" .. wrk.port}
  seq = 0
  ok, finished, stale, other = 0, 0, 0, 0
end

-- Round robin over this thread's sessions; the answer rotates on a different
-- period so each session hears a mix of lengths.
function request()
  seq = seq + 1
  local path = paths[(seq - 1) % #paths + 1]
  local body = bodies[(seq - 1) % #bodies + 1]
  return wrk.format("POST", path, headers, body)
end

-- 409 comes in two kinds: the interview ended ("finished"), or two answers
-- to one session raced ("stale_version").
function response(status, headers, body)
  if status == 200 then ok = ok + 1
  elseif status == 409 and body:find('"finished"', 1, true) then finished = finished + 1
  elseif status == 409 then stale = stale + 1
  else other = other + 1 end
end

-- One line for run.sh to parse; latency in microseconds.
function done(summary, latency, requests)
  local s = {ok = 0, finished = 0, stale = 0, other = 0}
  for _, t in ipairs(threads) do
    for k in pairs(s) do s[k] = s[k] + t:get(k) end
  end
  local e = summary.errors
  local secs = summary.duration / 1e6
  io.write(string.format(
    "RESULT turns_per_s=%.0f ok=%d finished=%d stale=%d other=%d sockerr=%d p50_ms=%.2f p90_ms=%.2f p99_ms=%.2f max_ms=%.2f secs=%.1f\n",
    s.ok / secs, s.ok, s.finished, s.stale, s.other,
    e.connect + e.read + e.write + e.timeout,
    latency:percentile(50) / 1000, latency:percentile(90) / 1000,
    latency:percentile(99) / 1000, latency.max / 1000, secs))
end
