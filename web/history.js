// History: every session of the user, linking to its report or the room.
import { api } from "/api.js";

try {
  const { sessions } = await api("GET", "/sessions");
  const rows = document.getElementById("rows");
  for (const s of sessions) {
    const tr = document.createElement("tr");
    const when = document.createElement("td");
    const a = document.createElement("a");
    const done = s.status === "finished";
    a.href = (done ? "/report.html?id=" : "/interview.html?id=") + encodeURIComponent(s.id);
    a.textContent = new Date(s.started_at * 1000).toLocaleString();
    when.append(a);
    tr.append(when);
    for (const v of [s.areas.join(", ") || "all", s.level, done ? "finished" : "in progress",
                     s.score === null ? "—" : Math.round(s.score)]) {
      const td = document.createElement("td");
      td.textContent = v;
      tr.append(td);
    }
    rows.append(tr);
  }
} catch (e) {
  document.getElementById("error").textContent = e.message;
}
