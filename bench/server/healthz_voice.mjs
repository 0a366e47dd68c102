// /healthz latency while N voice sessions speak: each session streams a WAV
// answer in real time (100 ms chunks), presses "I'm done" and waits for the
// reply's audio, ROUNDS times; meanwhile one client asks GET /healthz every
// 20 ms on a keep-alive connection. The final decode, recogniser loading
// and synthesis are what could hold up the HTTP threads.
//
// Usage: node --experimental-websocket healthz_voice.mjs http://127.0.0.1:PORT ANSWER.wav N [ROUNDS]
// Prints one "HEALTHZ ..." line for healthz.sh.

import { readFileSync } from "node:fs";
import http from "node:http";

const [base, wav, nArg, roundsArg] = process.argv.slice(2);
const N = Number(nArg ?? 2);
const ROUNDS = Number(roundsArg ?? 2);
const CHUNK = 3200;  // 100 ms of 16 kHz mono s16le
const pcm = readFileSync(wav).subarray(44);
const sleep = (ms) => new Promise((r) => setTimeout(r, ms));
const now = () => performance.now();
const agent = new http.Agent({ keepAlive: true, maxSockets: 1 });

function healthz() {
  return new Promise((resolve) => {
    const t0 = now();
    http.get(`${base}/healthz`, { agent }, (res) => {
      res.resume();
      res.on("end", () => resolve(res.statusCode === 200 ? now() - t0 : NaN));
    }).on("error", () => resolve(NaN));
  });
}

async function voiceUser(k) {
  const res = await fetch(`${base}/api/v1/sessions`, {
    method: "POST", headers: { "Content-Type": "application/json" },
    body: JSON.stringify({ questions: ["db.indexing"], level: "mid", minutes: 240, mode: "voice", thinking_time: 30 }),
  });
  const s = await res.json();
  if (res.status !== 201) throw new Error(`create: ${res.status} ${JSON.stringify(s)}`);
  const ws = new WebSocket(base.replace(/^http/, "ws") + s.voice_url);
  ws.binaryType = "arraybuffer";
  const events = [];
  ws.onmessage = (e) => events.push({ t: now(), ...(typeof e.data === "string" ? JSON.parse(e.data) : { type: "audio" }) });
  const find = (type, after = 0) => events.find((e) => e.type === type && e.t >= after);
  await new Promise((r) => (ws.onopen = r));
  for (const t0 = now(); !find("speech_end"); await sleep(20))
    if (now() - t0 > 60000) throw new Error(`user ${k}: the question was never spoken`);
  await sleep(k * 150);  // staggered, as real users are
  for (let round = 0; round < ROUNDS; round++) {
    for (let off = 0; off < pcm.length; off += CHUNK) {
      ws.send(pcm.subarray(off, off + CHUNK));
      await sleep(100);
    }
    const done = now();
    ws.send(JSON.stringify({ type: "done" }));
    while (!find("speech_end", done) && now() - done < 60000) await sleep(20);
  }
  ws.close();
}

const lat = [];
let running = true;
const prober = (async () => {
  while (running) {
    lat.push(await healthz());
    await sleep(20);
  }
})();
await Promise.all(Array.from({ length: N }, (_, k) => voiceUser(k)));
if (N === 0) await sleep(10000);
running = false;
await prober;
const ok = lat.filter((x) => !Number.isNaN(x)).sort((a, b) => a - b);
const q = (p) => ok[Math.min(ok.length - 1, Math.floor(p * ok.length))];
console.log(`HEALTHZ n=${N} probes=${lat.length} failed=${lat.length - ok.length} p50_ms=${q(0.5).toFixed(1)} p99_ms=${q(0.99).toFixed(1)} max_ms=${ok[ok.length - 1].toFixed(1)}`);
agent.destroy();
