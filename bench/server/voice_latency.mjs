// Voice turn latency over the WebSocket: N spoken turns on one session,
// each the same recorded answer followed by silence; prints the median,
// 90th percentile and maximum of the server's own first_audio_ms (the end of
// the answer to the first reply audio sent).
// Usage: node --experimental-websocket voice_latency.mjs http://127.0.0.1:PORT/ answer.wav N
// N at most ~15: the six planned questions run out after that.
import fs from 'fs';
const [,, base, wav, n] = process.argv;
const pcm = fs.readFileSync(wav).subarray(44);
const res = await fetch(base + 'api/v1/sessions', { method: 'POST', headers: { 'content-type': 'application/json', host: new URL(base).host },
  body: JSON.stringify({ areas: ['api'], minutes: 240, mode: 'voice', thinking_time: 1, questions: ['api.idempotency','api.pagination','api.rest-principles','api.versioning','api.rate-limit-responses','api.authentication'] }) });
const s = await res.json();
const ws = new WebSocket(base.replace('http', 'ws') + s.voice_url.slice(1));
ws.binaryType = 'arraybuffer';
const out = [];
let waiting = null;
ws.onmessage = (ev) => { if (typeof ev.data !== 'string') return; const m = JSON.parse(ev.data); if (waiting && waiting.type === m.type) { const w = waiting; waiting = null; w.resolve(m); } };
const next = (type) => new Promise((resolve) => { waiting = { type, resolve }; });
await new Promise((r) => ws.onopen = r);
await next('speech_end');
for (let i = 0; i < Number(n); i++) {
  const t = next('timings');
  for (let k = 0; k < pcm.length; k += 3200) ws.send(pcm.subarray(k, k + 3200));
  const z = Buffer.alloc(3200); for (let k = 0; k < 15; k++) ws.send(z);
  const m = await t; out.push(m.first_audio_ms);
  await next('speech_end');
}
out.sort((a, b) => a - b);
console.log(JSON.stringify({ n: out.length, p50: out[Math.floor(out.length / 2)], p90: out[Math.floor(out.length * 0.9)], max: out[out.length - 1] }));
ws.close();
