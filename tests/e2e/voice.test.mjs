// Browser end-to-end: a spoken interview in Debian's Chromium, driven by
// Playwright, against a real `spar serve` with a fresh SQLite file.
//
// The "candidate" is a WAV made by `spar say`, fed to Chromium as its
// microphone (--use-file-for-fake-audio-capture). The test starts a voice
// interview from the start page, turns the microphone on, receives the
// question as text and audio, "speaks" the answer, sees the live and final
// transcript and the interviewer's reply, ends the interview and reaches the
// report. Screenshots of each step go to $SPAR_ARTIFACTS.
//
// Environment: SPAR_BINARY (the spar executable), SPAR_SOURCE_DIR (the
// repository), SPAR_ARTIFACTS (where screenshots go), CHROMIUM (default
// /usr/bin/chromium).
import { spawn, execFileSync } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { chromium } from "playwright-core";

const SPAR = process.env.SPAR_BINARY;
const SRC = process.env.SPAR_SOURCE_DIR;
const ART = process.env.SPAR_ARTIFACTS || path.join(os.tmpdir(), "spar-e2e");
const CHROMIUM = process.env.CHROMIUM || "/usr/bin/chromium";

// Headless Chromium does not always exit by itself: never hang CI.
const watchdog = setTimeout(() => fail("timed out after 240 s"), 240_000);
let server, browser;
const tmp = fs.mkdtempSync(path.join(os.tmpdir(), "spar-e2e-"));

function log(...a) {
  console.log("[e2e]", ...a);
}

async function cleanup() {
  clearTimeout(watchdog);
  if (browser) await Promise.race([browser.close(), new Promise((r) => setTimeout(r, 5000))]);
  if (server) server.kill("SIGTERM");
  fs.rmSync(tmp, { recursive: true, force: true });
}

async function fail(msg) {
  console.error("[e2e] FAIL:", msg);
  await cleanup();
  process.exit(1);
}

function check(cond, msg) {
  if (!cond) throw new Error(msg);
}

async function startServer() {
  server = spawn(SPAR, ["--bank", path.join(SRC, "bank"), "--db", path.join(tmp, "spar.db"), "serve", "--port", "0"], {
    env: { ...process.env, SPAR_WEB: path.join(SRC, "web") },
    stdio: ["ignore", "pipe", "inherit"],
  });
  return new Promise((resolve, reject) => {
    let out = "";
    server.stdout.on("data", (d) => {
      out += d;
      const m = out.match(/at (http:\/\/127\.0\.0\.1:\d+\/)/);
      if (m) resolve(m[1]);
    });
    server.on("exit", (code) => reject(new Error("spar serve exited with " + code + ": " + out)));
  });
}

async function main() {
  check(SPAR && SRC, "set SPAR_BINARY and SPAR_SOURCE_DIR");
  check(fs.existsSync(CHROMIUM), CHROMIUM + " is missing: run 'make setup' (Debian package chromium)");
  fs.mkdirSync(ART, { recursive: true });

  // The candidate's spoken answer (frames captured before the socket opens
  // are queued by the page, so the first word is not lost).
  const said =
    "an idempotent endpoint gives the same result however many times you call it. " +
    "for payments the client sends an idempotency key and the server stores the key with the result " +
    "so a retry returns the stored result instead of charging twice.";
  const wav = path.join(tmp, "answer.wav");
  execFileSync(SPAR, ["--bank", path.join(SRC, "bank"), "say", "--voice", "rms", "-o", wav, said]);

  const base = await startServer();
  log("server at", base);

  browser = await chromium.launch({
    executablePath: CHROMIUM,
    headless: true,
    args: [
      "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
      "--disable-background-networking", "--disable-component-update", "--disable-sync",
      "--use-fake-ui-for-media-stream", "--use-fake-device-for-media-stream",
      `--use-file-for-fake-audio-capture=${wav}%noloop`,
      "--autoplay-policy=no-user-gesture-required",
    ],
  });
  const page = await browser.newPage({ viewport: { width: 1100, height: 900 } });
  page.on("pageerror", (e) => log("page error:", e.message));
  page.on("console", (m) => m.type() === "error" && log("console:", m.text()));

  // Everything the voice socket carries, as the browser saw it.
  const received = [];
  const sent = [];
  let audioFrames = 0, audioBytes = 0, micFrames = 0;
  page.on("websocket", (ws) => {
    ws.on("framereceived", (f) => {
      if (typeof f.payload === "string") received.push(JSON.parse(f.payload));
      else { audioFrames++; audioBytes += f.payload.length; }
    });
    ws.on("framesent", (f) => {
      if (typeof f.payload === "string") sent.push(JSON.parse(f.payload));
      else micFrames++;
    });
  });
  const waitFor = async (pred, what, ms = 90_000) => {
    const t0 = Date.now();
    while (Date.now() - t0 < ms) {
      const m = received.find(pred);
      if (m) return m;
      await new Promise((r) => setTimeout(r, 100));
    }
    throw new Error("no " + what + " within " + ms / 1000 + " s; received: " + JSON.stringify(received.map((m) => m.type)));
  };

  // Start page: a short voice interview on APIs, on the idempotency question.
  await page.goto(base);
  await page.getByLabel("APIs").check();
  await page.getByText("Practise particular questions").click();
  await page.getByLabel(/Question ids/).fill("api.idempotency");
  await page.getByLabel("Voice: speak your answers").check();
  await page.getByLabel(/Thinking time/).fill("1");
  await page.getByLabel("Minutes").fill("10");
  await page.screenshot({ path: path.join(ART, "1-start.png") });
  await page.getByRole("button", { name: "Start the interview" }).click();
  await page.waitForURL(/interview\.html/);

  // The room: the microphone on, the question received and spoken.
  await page.getByRole("button", { name: "Answer out loud" }).click();
  const ready = await waitFor((m) => m.type === "ready", "ready message");
  const question = ready.turn.text;
  log("question:", question);
  check(ready.turn.question === "api.idempotency", "the chosen question is asked: " + ready.turn.question);
  await waitFor((m) => m.type === "speech", "the question's speech");
  check((await page.locator("#question").textContent()) === question, "the question is shown");
  await page.screenshot({ path: path.join(ART, "2-question.png") });

  // The answer is heard: live transcript, then the final one in the transcript list.
  const partial = await waitFor((m) => m.type === "partial" && m.text.split(" ").length >= 3, "partial transcript");
  log("partial:", partial.text);
  const final = await waitFor((m) => m.type === "final" && m.text, "final transcript");
  log("final:", final.text);
  check(/idempotency key/.test(final.text), "the recogniser heard 'idempotency key': " + final.text);
  await page.locator("#transcript li", { hasText: final.text }).waitFor({ timeout: 10_000 });
  const turn = await waitFor((m) => m.type === "turn", "the interviewer's reply");
  log("reply:", turn.turn.kind, turn.turn.text);
  check(turn.turn.question === "api.idempotency" && turn.turn.kind !== "clarification",
        "the reply follows up on the answer: " + turn.turn.kind);
  await page.locator("#transcript li", { hasText: turn.turn.text }).first().waitFor({ timeout: 10_000 });
  const timings = await waitFor((m) => m.type === "timings", "turn timings");
  log("timings:", JSON.stringify(timings));
  check(timings.first_audio_ms > 0, "the reply was spoken");
  check(audioFrames >= 2 && audioBytes > 32000, "interviewer audio arrived: " + audioFrames + " frames");
  check(micFrames >= 50, "the microphone streamed PCM: " + micFrames + " frames");
  log("barge-in sent:", sent.some((m) => m.type === "barge_in"), "; mic frames:", micFrames, "; audio frames:", audioFrames);
  await page.screenshot({ path: path.join(ART, "3-answered.png") });

  // End: the report, with the candidate's own words in it.
  await page.getByRole("button", { name: "End and see the report" }).click();
  await page.waitForURL(/report\.html/);
  const frame = page.frameLocator("#report");
  await frame.locator("h1, h2").first().waitFor({ timeout: 30_000 });
  const id = new URL(page.url()).searchParams.get("id");
  const report = await page.evaluate(async (id) => (await fetch("/api/v1/sessions/" + id + "/report?format=json")).json(), id);
  check(JSON.stringify(report).includes("idempotency key"), "the report quotes the spoken answer");
  check(report.score > 0, "the spoken answer earned points: " + report.score);
  log("report score:", report.score);
  await page.screenshot({ path: path.join(ART, "4-report.png"), fullPage: true });

  // History: the graded interview and its trend chart.
  await page.getByRole("link", { name: "History" }).click();
  await page.locator("#charts figure").first().waitFor({ timeout: 10_000 });
  const caption = await page.locator("#charts figcaption").first().textContent();
  check(caption.startsWith("Overall: " + Math.round(report.score)), "the history shows the score: " + caption);
  await page.screenshot({ path: path.join(ART, "5-history.png"), fullPage: true });
  log("screenshots in", ART);
}

main()
  .then(async () => {
    await cleanup();
    log("PASS");
    process.exit(0);
  })
  .catch((e) => fail(e.stack || e.message));
