// Many idle voice sessions: creates N voice sessions, opens one WebSocket per
// session, waits for each to hear the interviewer's first line (ready ...
// speech_end), holds them all open, and measures the server's resident
// memory and its spar_voice_connections gauge. Then closes them all.
//
// Usage: node --experimental-websocket sockets.mjs http://127.0.0.1:PORT SERVER_PID [N] [HOLD_S] [OPEN_AT_ONCE]
// OPEN_AT_ONCE (default N) caps how many sockets may be waiting for their
// first line at the same moment; every socket stays open until the end.
// Prints "SOCKETS key=value ..." lines for run.sh.

import { readFileSync } from "node:fs";

const [base, pid, nArg, holdArg, burstArg] = process.argv.slice(2);
const N = Number(nArg ?? 1000);
const HOLD_S = Number(holdArg ?? 5);
const BURST = Number(burstArg ?? N);
const AREAS = ["api", "db", "cache", "queue", "conc", "rel", "sec", "net", "dist"];
const sleep = (ms) => new Promise((r) => setTimeout(r, ms));
const now = () => performance.now();

function rssKiB() {
  const m = readFileSync(`/proc/${pid}/status`, "utf8").match(/VmRSS:\s+(\d+) kB/);
  return Number(m[1]);
}

async function gauge(name) {
  const text = await (await fetch(`${base}/metrics`)).text();
  const m = text.match(new RegExp(`^${name} (\\S+)$`, "m"));
  return m ? Number(m[1]) : NaN;
}

// Sessions are created a few at a time: fetch keeps connections alive, and a
// handful in flight is enough to keep both server threads busy.
async function createSessions() {
  const ids = [];
  let next = 0;
  async function worker() {
    while (next < N) {
      const i = next++;
      const body = {
        areas: [AREAS[i % 9], AREAS[(i + 1) % 9]],
        level: "mid", minutes: 240, mode: "voice", thinking_time: 1,
      };
      const res = await fetch(`${base}/api/v1/sessions`, {
        method: "POST", headers: { "Content-Type": "application/json" },
        body: JSON.stringify(body),
      });
      const j = await res.json();
      if (res.status !== 201 || !j.voice_url) throw new Error(`create: ${res.status} ${JSON.stringify(j)}`);
      ids[i] = j.voice_url;
    }
  }
  await Promise.all(Array.from({ length: 8 }, worker));
  return ids;
}

// One socket: resolves when the first line has been spoken (speech_end).
// Closes or errors before that are counted, not thrown, so one failure does
// not hide how the other 999 did.
const STEP = Math.max(1, Math.round(N / 10));
const ramp = [];
const stats = { opened: 0, ready: 0, spoken: 0, audioBytes: 0, failed: 0, closedEarly: 0, errors: {} };
function open(url) {
  return new Promise((resolve) => {
    const ws = new WebSocket(base.replace(/^http/, "ws") + url);
    ws.binaryType = "arraybuffer";
    let done = false;
    const finish = (ok) => { if (!done) { done = true; if (!ok) stats.failed++; resolve(ws); } };
    ws.onopen = () => {
      // The last handshake. The server completes handshakes in between
      // synthesising first lines, so this comes late, not at once.
      if (++stats.opened === N) { handshakesS = (now() - tOpen) / 1000; rssHandshaken = rssKiB(); }
    };
    ws.onmessage = (e) => {
      if (typeof e.data !== "string") { stats.audioBytes += e.data.byteLength; return; }
      const m = JSON.parse(e.data);
      if (m.type === "ready") stats.ready++;
      else if (m.type === "speech_end") {
        stats.spoken++;
        // Memory as more sockets have heard their first line.
        if (stats.spoken % STEP === 0) ramp.push(`${stats.spoken}:${rssKiB()}`);
        finish(true);
      }
      else if (m.type === "error") { stats.errors[m.code] = (stats.errors[m.code] ?? 0) + 1; }
    };
    ws.onerror = (e) => { stats.errors.socket = (stats.errors.socket ?? 0) + 1; };
    ws.onclose = (e) => {
      if (!closing) stats.closedEarly++;
      finish(false);
    };
  });
}

let closing = false;
let handshakesS = NaN, rssHandshaken = NaN, tOpen = 0;
const t0 = now();
const urls = await createSessions();
const createS = (now() - t0) / 1000;
await sleep(1000);  // let the allocator settle before the baseline
const rssBefore = rssKiB();
const gaugeBefore = await gauge("spar_voice_connections");

// Open: at most BURST sockets waiting for their first line at any moment.
tOpen = now();
const sockets = [];
let nextUrl = 0;
async function opener() {
  while (nextUrl < urls.length) sockets.push(await open(urls[nextUrl++]));
}
await Promise.all(Array.from({ length: Math.min(BURST, N) }, opener));
const openS = (now() - tOpen) / 1000;

await sleep(1000);
const gaugeOpen = await gauge("spar_voice_connections");
const rssOpen = rssKiB();
await sleep(HOLD_S * 1000);
const rssHeld = rssKiB();
const gaugeHeld = await gauge("spar_voice_connections");
const stillOpen = sockets.filter((ws) => ws.readyState === WebSocket.OPEN).length;

closing = true;
for (const ws of sockets) ws.close(1000);
let gaugeClosed = NaN;
for (let i = 0; i < 50; i++) {  // up to 10 s for the server to notice
  await sleep(200);
  gaugeClosed = await gauge("spar_voice_connections");
  if (gaugeClosed === 0) break;
}
const rssClosed = rssKiB();

const kib = (x) => Math.round(x);
console.log(`SOCKETS n=${N} create_s=${createS.toFixed(1)} handshakes_s=${handshakesS.toFixed(1)} open_s=${openS.toFixed(1)} opened=${stats.opened} ready=${stats.ready} spoken=${stats.spoken} failed=${stats.failed} closed_early=${stats.closedEarly} still_open=${stillOpen} errors=${JSON.stringify(stats.errors)} audio_mib=${(stats.audioBytes / 1048576).toFixed(1)}`);
console.log(`SOCKETS gauge_before=${gaugeBefore} gauge_open=${gaugeOpen} gauge_held=${gaugeHeld} gauge_closed=${gaugeClosed}`);
console.log(`SOCKETS rss_ramp_kib=${ramp.join(",")}`);
console.log(`SOCKETS rss_before_kib=${rssBefore} rss_handshaken_kib=${rssHandshaken} rss_open_kib=${rssOpen} rss_held_kib=${rssHeld} rss_closed_kib=${rssClosed} kib_per_session=${((rssHeld - rssBefore) / N).toFixed(1)}`);
