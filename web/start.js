// Start page: log in (with --auth), resume an unfinished session, or start one.
import { ApiError, api, areas, show } from "/api.js";


async function whoami() {
  try {
    return await api("GET", "/auth/me");
  } catch (e) {
    if (e instanceof ApiError && e.status === 401) return null;
    throw e;
  }
}

async function showStart(me) {
  document.getElementById("who").textContent = me.user ? "Signed in as " + me.user : "";
  show(document.getElementById("logout"), me.auth);
  show(document.getElementById("account"), false);
  show(document.getElementById("start"), true);
  const box = document.getElementById("areas");
  box.replaceChildren();
  for (const { id, title } of await areas()) {
    const label = document.createElement("label");
    const input = document.createElement("input");
    input.type = "checkbox";
    input.value = id;
    label.append(input, " " + title);
    box.append(label);
  }
  const { sessions } = await api("GET", "/sessions");
  const open = sessions.filter((s) => s.status === "active");
  const list = document.getElementById("resume-list");
  list.replaceChildren();
  for (const s of open.slice(0, 5)) {
    const li = document.createElement("li");
    const a = document.createElement("a");
    a.href = "/interview.html?id=" + encodeURIComponent(s.id);
    a.textContent = new Date(s.started_at * 1000).toLocaleString() + " — " + (s.areas.join(", ") || "all areas") + " (" + s.level + ")";
    li.append(a);
    list.append(li);
  }
  show(document.getElementById("resume"), open.length > 0);
}

async function account(kind) {
  const err = document.getElementById("login-error");
  err.textContent = "";
  try {
    await api("POST", "/auth/" + kind, {
      name: document.getElementById("name").value,
      password: document.getElementById("password").value,
    });
    await showStart(await whoami());
  } catch (e) {
    err.textContent = e.message;
  }
}

document.getElementById("login-form").addEventListener("submit", (ev) => {
  ev.preventDefault();
  account("login");
});
document.getElementById("signup").addEventListener("click", () => account("signup"));
document.getElementById("logout").addEventListener("click", async () => {
  await api("POST", "/auth/logout", {});
  location.reload();
});
document.getElementById("start-form").addEventListener("submit", async (ev) => {
  ev.preventDefault();
  const err = document.getElementById("start-error");
  err.textContent = "";
  const areas = [...document.querySelectorAll("#areas input:checked")].map((i) => i.value);
  const mode = document.querySelector("input[name=mode]:checked").value;
  const thinking = Number(document.getElementById("thinking").value);
  try {
    const s = await api("POST", "/sessions", {
      areas,
      level: document.getElementById("level").value,
      minutes: Number(document.getElementById("minutes").value),
      mode,
      thinking_time: thinking,
      questions: document.getElementById("questions").value,
    });
    let url = "/interview.html?id=" + encodeURIComponent(s.id) + "&think=" + thinking;
    if (mode === "voice") url += "&voice=1";
    location.href = url;
  } catch (e) {
    err.textContent = e.message;
  }
});

// "Practise this" links from the history page arrive with ?questions=.
const wanted = new URLSearchParams(location.search).get("questions");
if (wanted) {
  document.getElementById("questions").value = wanted;
  document.querySelector("details").open = true;
}

const me = await whoami();
if (me) await showStart(me);
else show(document.getElementById("account"), true);
