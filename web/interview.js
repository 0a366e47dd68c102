// The interview room: the current question, an answer box, the commands,
// time left and the transcript. Every typed submission carries an
// Idempotency-Key (a retry after a network error is applied once) and
// If-Match (a second tab cannot silently overwrite this one). With the
// microphone on, answers, commands and typed text go over the session's
// voice WebSocket instead (voice.js), and the interviewer speaks.
import { api, csrfToken, newKey, param } from "/api.js";
import { VoiceLink } from "/voice.js";

const id = param("id");
let version = 0;
let secondsLeft = 0;
let pending = null;  // { body, key } of a submission not yet acknowledged
let voice = null;    // the VoiceLink while the microphone is on
let over = false;    // the interview has finished: the report follows its last line
const thinking = Number(param("think")) || 2.5;

const $ = (x) => document.getElementById(x);

function addTurn(role, text) {
  const li = document.createElement("li");
  const who = document.createElement("span");
  who.className = "who";
  who.textContent = role === "interviewer" ? "Interviewer:" : "You:";
  li.append(who, text);
  $("transcript").append(li);
}

function toReport() {
  location.href = "/report.html?id=" + encodeURIComponent(id);
}

function showTurn(turn, finished) {
  $("question").textContent = turn ? turn.text : "";
  if (!finished) return;
  over = true;
  // Spoken: let the interviewer finish its last line first.
  if (voice) setTimeout(toReport, 20000);
  else toReport();
}

function tick() {
  secondsLeft = Math.max(0, secondsLeft);
  const m = Math.floor(secondsLeft / 60);
  $("clock").textContent = m + " min left";
}

async function load() {
  const s = await api("GET", "/sessions/" + encodeURIComponent(id));
  version = s.version;
  secondsLeft = s.seconds_left;
  $("transcript").replaceChildren();
  for (const t of s.turns) addTurn(t.role, t.text);
  showTurn(s.turn, s.finished);
  tick();
}

async function submit(body) {
  $("error").textContent = "";
  if (voice && voice.send(body.text !== undefined ? { type: "text", text: body.text } : { type: "command", command: body.command })) {
    if (body.text !== undefined) addTurn("candidate", body.text);
    $("answer").value = "";
    return;
  }
  pending = pending && JSON.stringify(pending.body) === JSON.stringify(body) ? pending : { body, key: newKey() };
  for (const b of document.querySelectorAll("button")) b.disabled = true;
  try {
    const r = await api("POST", "/sessions/" + encodeURIComponent(id) + "/answers", body, {
      "Idempotency-Key": pending.key,
      "If-Match": String(version),
    });
    pending = null;
    addTurn("candidate", body.text ?? "/" + body.command);
    addTurn("interviewer", r.turn.text);
    version = r.version;
    secondsLeft = r.seconds_left;
    tick();
    $("answer").value = "";
    showTurn(r.turn, r.finished);
  } catch (e) {
    if (e.status === 409) {
      pending = null;
      await load();
    }
    $("error").textContent = e.message + (e.status ? "" : " — press Send again to retry");
  } finally {
    for (const b of document.querySelectorAll("button")) b.disabled = false;
    $("answer").focus();
  }
}

$("answer-form").addEventListener("submit", (ev) => {
  ev.preventDefault();
  const text = $("answer").value.trim();
  if (text) submit({ text });
});
$("answer").addEventListener("keydown", (ev) => {
  if (ev.key === "Enter" && (ev.ctrlKey || ev.metaKey)) {
    ev.preventDefault();
    $("answer-form").requestSubmit();
  }
});
for (const b of document.querySelectorAll("[data-command]"))
  b.addEventListener("click", () => submit({ command: b.dataset.command }));
$("end").addEventListener("click", async () => {
  try {
    micOff();
    await api("POST", "/sessions/" + encodeURIComponent(id) + "/end", {});
    location.href = "/report.html?id=" + encodeURIComponent(id);
  } catch (e) {
    $("error").textContent = e.message;
  }
});

function onVoice(m) {
  switch (m.type) {
    case "ready":
      version = m.version;
      $("mic-state").textContent = "Listening. Pause to think; press I'm done or stay quiet " + thinking + " s to finish.";
      break;
    case "listening":
      $("mic-state").textContent = "Hearing you…";
      break;
    case "partial":
      $("live").textContent = m.text;
      break;
    case "final":
      $("live").textContent = "";
      if (m.text) addTurn("candidate", m.text);
      $("mic-state").textContent = "Thinking about your answer…";
      break;
    case "turn":
      version = m.version;
      secondsLeft = m.seconds_left;
      tick();
      addTurn("interviewer", m.turn.text);
      showTurn(m.turn, m.finished);
      $("mic-state").textContent = "The interviewer is replying; talk to interrupt.";
      break;
    case "speech_end":
      if (over) toReport();
      else $("mic-state").textContent = "Listening. Press I'm done or pause " + thinking + " s when you have finished.";
      break;
    case "timings":
      if (m.first_audio_ms !== undefined)
        $("latency").textContent = "The reply started " + Math.round(m.first_audio_ms) + " ms after your answer ended.";
      break;
    case "error":
      $("error").textContent = m.message;
      break;
  }
}

async function micOn() {
  $("error").textContent = "";
  const proto = location.protocol === "https:" ? "wss://" : "ws://";
  let url = proto + location.host + "/api/v1/sessions/" + encodeURIComponent(id) + "/voice?thinking_time=" + thinking;
  const t = csrfToken();
  if (t) url += "&csrf=" + t;
  voice = new VoiceLink(url, {
    message: onVoice,
    level: (db) => { $("level").value = Math.max(-90, db); },
    speaking: (on) => { document.body.classList.toggle("speaking", on); },
    closed: (reason) => {
      if (!over) $("mic-state").textContent = "Microphone off (" + reason + "). Type below, or turn it on again.";
      micOff();
    },
  });
  try {
    await voice.start();
    $("mic").textContent = "Stop the microphone";
    $("done").hidden = false;
    $("level").hidden = false;
  } catch (e) {
    $("error").textContent = "Cannot use the microphone: " + e.message;
    micOff();
  }
}

function micOff() {
  if (voice) voice.close();
  voice = null;
  $("mic").textContent = "Answer out loud";
  $("done").hidden = true;
  $("level").hidden = true;
}

$("mic").addEventListener("click", () => (voice ? micOff() : micOn()));
$("done").addEventListener("click", () => voice && voice.send({ type: "done" }));

// Voice mode was chosen: the microphone button leads (audio needs a click).
if (param("voice") === "1") {
  $("mic-state").textContent = "Press Answer out loud to hear the question and talk.";
} else {
  $("mic").className = "secondary";
}

try {
  await load();
  if (param("voice") !== "1") $("answer").focus();
} catch (e) {
  $("question").textContent = e.message;
}
