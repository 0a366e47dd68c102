// The report page: the server's self-contained HTML report in a sandboxed
// frame (no scripts run in it), plus Markdown and JSON downloads.
import { param } from "/api.js";

const id = encodeURIComponent(param("id"));
const base = "/api/v1/sessions/" + id + "/report?format=";
document.getElementById("md").href = base + "md";
document.getElementById("json").href = base + "json";
document.getElementById("open").href = base + "html";
const res = await fetch(base + "json", { credentials: "same-origin" });
if (res.ok) {
  document.getElementById("report").src = base + "html";
} else {
  const body = await res.json().catch(() => ({}));
  document.getElementById("error").textContent = body.error ? body.error.message : res.statusText;
}
