// Spoken turns, one at a time: each on a fresh voice session, stream a WAV
// answer in real time (100 ms chunks), keep sending silence as a microphone
// would until the reply comes, and report two delays:
//  - first_audio_ms, the server's own {"type":"timings"} figure: from its
//    endpoint decision to the first reply audio it queued;
//  - reply_gap_ms, what the candidate would hear: from the last chunk of
//    speech sent to the first reply audio received. It includes the 1 s of
//    silence (thinking_time) that ends the answer, and any backlog of audio
//    the server has not yet decoded, which first_audio_ms cannot see.
// The first turn also loads a speech decoder (about a second) and is shown as
// warm-up, not counted.
//
// Usage: node --experimental-websocket voice_turn.mjs http://127.0.0.1:PORT ANSWER.wav [TURNS]
// Prints "VOICE ..." lines for run.sh.

import { readFileSync } from "node:fs";

const [base, wav, turnsArg] = process.argv.slice(2);
const TURNS = Number(turnsArg ?? 4);
const CHUNK = 3200;  // 100 ms of 16 kHz mono s16le
const pcm = readFileSync(wav).subarray(44);  // skip the canonical WAV header
const sleep = (ms) => new Promise((r) => setTimeout(r, ms));
const now = () => performance.now();

async function turn() {
  const res = await fetch(`${base}/api/v1/sessions`, {
    method: "POST", headers: { "Content-Type": "application/json" },
    body: JSON.stringify({ questions: ["db.indexing"], level: "mid", minutes: 240, mode: "voice", thinking_time: 1 }),
  });
  const s = await res.json();
  if (res.status !== 201) throw new Error(`create: ${res.status} ${JSON.stringify(s)}`);
  const ws = new WebSocket(base.replace(/^http/, "ws") + s.voice_url);
  ws.binaryType = "arraybuffer";
  // Every message with its arrival time; binary audio is type "audio".
  const events = [];
  ws.onmessage = (e) => events.push({ t: now(), ...(typeof e.data === "string" ? JSON.parse(e.data) : { type: "audio" }) });
  ws.onclose = () => events.push({ t: now(), type: "closed" });
  const find = (type, after = 0) => events.find((e) => e.type === type && e.t >= after);
  for (const t0 = now(); !find("speech_end"); await sleep(20))  // the question is spoken
    if (now() - t0 > 60000 || find("closed")) throw new Error("the question was never spoken");

  for (let off = 0; off < pcm.length; off += CHUNK) {
    ws.send(pcm.subarray(off, off + CHUNK));
    await sleep(100);
  }
  const spoken = now();
  // Silence until the reply's timings (or an error) arrive, for at most 30 s.
  const silence = Buffer.alloc(CHUNK);
  while (!find("timings", spoken) && !find("error", spoken) && now() - spoken < 30000) {
    ws.send(silence);
    await sleep(100);
  }
  ws.close();
  const timings = find("timings", spoken);
  if (!timings) throw new Error(`no timings: ${JSON.stringify(find("error", spoken) ?? "timed out")}`);
  const reply = find("turn", spoken);
  const audio = find("audio", reply.t);
  return {
    first_audio_ms: timings.first_audio_ms,
    reply_gap_ms: audio ? Math.round(audio.t - spoken) : NaN,
    recognize_ms: timings.recognize_ms, turn_ms: timings.turn_ms,
    heard: find("final", spoken)?.text ?? find("final")?.text ?? "",
  };
}

const median = (xs) => [...xs].sort((a, b) => a - b)[(xs.length - 1) >> 1];
const kept = [];
for (let k = 0; k < TURNS; k++) {
  const r = await turn();
  console.log(`VOICE turn=${k}${k === 0 ? " (warm-up)" : ""} first_audio_ms=${r.first_audio_ms} reply_gap_ms=${r.reply_gap_ms} recognize_ms=${r.recognize_ms} turn_ms=${r.turn_ms} heard=${JSON.stringify(r.heard.slice(0, 50))}`);
  if (k > 0) kept.push(r);
}
console.log(`VOICE median of ${kept.length}: first_audio_ms=${median(kept.map((r) => r.first_audio_ms))} reply_gap_ms=${median(kept.map((r) => r.reply_gap_ms))}`);
