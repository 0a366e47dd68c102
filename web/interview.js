// The interview room: the current question, an answer box, the commands,
// time left and the transcript. Every submission carries an Idempotency-Key
// (a retry after a network error is applied once) and If-Match (a second tab
// cannot silently overwrite this one).
import { api, newKey, param } from "/api.js";

const id = param("id");
let version = 0;
let secondsLeft = 0;
let pending = null;  // { body, key } of a submission not yet acknowledged

const $ = (x) => document.getElementById(x);

function addTurn(role, text) {
  const li = document.createElement("li");
  const who = document.createElement("span");
  who.className = "who";
  who.textContent = role === "interviewer" ? "Interviewer:" : "You:";
  li.append(who, text);
  $("transcript").append(li);
}

function showTurn(turn, finished) {
  $("question").textContent = turn ? turn.text : "";
  if (finished) location.href = "/report.html?id=" + encodeURIComponent(id);
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
    await api("POST", "/sessions/" + encodeURIComponent(id) + "/end", {});
    location.href = "/report.html?id=" + encodeURIComponent(id);
  } catch (e) {
    $("error").textContent = e.message;
  }
});

try {
  await load();
  $("answer").focus();
} catch (e) {
  $("question").textContent = e.message;
}
