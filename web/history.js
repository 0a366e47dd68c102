// History: the trend of scores overall and per area (small SVG charts drawn
// here, no chart library), points missed in more than one interview with a
// link to practise them, and every session linking to its report or room.
import { api, areaTitles } from "/api.js";

const SVG = "http://www.w3.org/2000/svg";
const $ = (x) => document.getElementById(x);

function el(name, attrs, ns) {
  const e = ns ? document.createElementNS(ns, name) : document.createElement(name);
  for (const [k, v] of Object.entries(attrs || {})) e.setAttribute(k, v);
  return e;
}

// A line chart of scores 0-100 in session order, with the values spelled
// out for screen readers.
function chart(title, points) {
  const w = 260, h = 110, pad = 18;
  const fig = el("figure", { class: "chart" });
  const cap = el("figcaption");
  const last = points[points.length - 1];
  cap.textContent = title + ": " + Math.round(last) + (points.length > 1 ? " (was " + Math.round(points[0]) + ")" : "");
  const svg = el("svg", { viewBox: `0 0 ${w} ${h}`, role: "img", "aria-label": title + " scores, oldest to newest: " + points.map(Math.round).join(", ") }, SVG);
  for (const y of [0, 50, 100]) {
    const yy = h - pad - (y / 100) * (h - 2 * pad);
    svg.append(el("line", { x1: pad, x2: w - 4, y1: yy, y2: yy, class: "grid" }, SVG));
    const t = el("text", { x: 0, y: yy + 4, class: "axis" }, SVG);
    t.textContent = y;
    svg.append(t);
  }
  const step = points.length > 1 ? (w - pad - 8) / (points.length - 1) : 0;
  const xy = points.map((p, i) => [pad + 4 + i * step, h - pad - (p / 100) * (h - 2 * pad)]);
  svg.append(el("polyline", { points: xy.map((p) => p.join(",")).join(" "), class: "line" }, SVG));
  for (const [x, y] of xy) svg.append(el("circle", { cx: x, cy: y, r: 3, class: "dot" }, SVG));
  fig.append(svg, cap);
  return fig;
}

try {
  const [h, titles] = await Promise.all([api("GET", "/history"), areaTitles()]);
  const sessions = h.sessions;
  $("empty").hidden = sessions.length > 0;
  const scored = sessions.filter((s) => s.score !== null).map((s) => s.score);
  if (scored.length > 0) {
    $("charts").append(chart("Overall", scored));
    for (const [area, pts] of Object.entries(h.areas))
      $("charts").append(chart(titles[area] || area, pts.map((p) => p.score)));
    $("trends").hidden = false;
  }
  for (const m of h.missed_repeatedly.slice(0, 10)) {
    const li = el("li");
    const q = m.point.split("/")[0];
    const a = el("a", { href: "/?questions=" + encodeURIComponent(q) });
    a.textContent = "practise " + q;
    li.append(m.text + " — missed " + m.times + " times. ", a);
    $("missed-list").append(li);
  }
  $("missed").hidden = h.missed_repeatedly.length === 0;
  for (const s of [...sessions].reverse()) {
    const tr = el("tr");
    const when = el("td");
    const done = s.status === "finished";
    const a = el("a", { href: (done ? "/report.html?id=" : "/interview.html?id=") + encodeURIComponent(s.id) });
    a.textContent = new Date(s.started * 1000).toLocaleString();
    when.append(a);
    tr.append(when);
    const areas = Object.keys(s.areas).map((k) => titles[k] || k).join(", ") || "—";
    for (const v of [areas, s.level, done ? "finished" : "in progress", s.score === null ? "—" : Math.round(s.score)]) {
      const td = el("td");
      td.textContent = v;
      tr.append(td);
    }
    $("rows").append(tr);
  }
} catch (e) {
  $("error").textContent = e.message;
}
