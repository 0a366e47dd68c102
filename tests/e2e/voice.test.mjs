// Browser end-to-end: a spoken interview in Debian's Chromium, driven by
// Playwright, against a real `spar serve` with a fresh SQLite file.
//
// The "candidate" is a WAV made by `spar say`, fed to Chromium as its
// microphone (--use-file-for-fake-audio-capture). The test starts a voice
// interview from the start page, turns the microphone on, receives the
// question as text and audio, "speaks" the answer, sees the live and final
// transcript and the interviewer's reply, ends the interview, reaches the
// report and sees the score on the history page. Screenshots of each step
// go to $SPAR_ARTIFACTS/voice.
import { check, log, run, sleep, watch } from "./harness.mjs";

// The candidate's spoken answer (frames captured before the socket opens
// are queued by the page, so the first word is not lost).
const SAID =
  "an idempotent endpoint gives the same result however many times you call it. " +
  "for payments the client sends an idempotency key and the server stores the key with the result " +
  "so a retry returns the stored result instead of charging twice.";

async function test({ base, browser, shot }) {
  const page = await browser.newPage({ viewport: { width: 1100, height: 900 } });
  const problems = watch(page);

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
      await sleep(100);
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
  await shot(page, "1-start");
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
  await shot(page, "2-question");

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
  await shot(page, "3-answered");

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
  await shot(page, "4-report");

  // History: the graded interview and its trend chart.
  await page.getByRole("link", { name: "History" }).click();
  await page.locator("#charts figure").first().waitFor({ timeout: 10_000 });
  const caption = await page.locator("#charts figcaption").first().textContent();
  check(caption.startsWith("Overall: " + Math.round(report.score)), "the history shows the score: " + caption);
  await shot(page, "5-history");
  check(problems.length === 0, problems.join("\n"));
}

test.prepare = (env) => {
  env.wav = env.say(SAID, "answer.wav");
};

run("voice", test, {
  chromiumArgs: (env) => [
    "--use-fake-ui-for-media-stream", "--use-fake-device-for-media-stream",
    `--use-file-for-fake-audio-capture=${env.wav}%noloop`,
    "--autoplay-policy=no-user-gesture-required",
  ],
});
