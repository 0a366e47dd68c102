// The HTML report: one self-contained file with inline CSS and SVG charts (no
// scripts, no network), readable on screen and printable on A4 or Letter.
#include <fmt/core.h>

#include <ctime>

#include "report/report.h"

namespace spar::report {

namespace {

using nlohmann::json;

std::string esc(const std::string& in) {
  std::string o;
  for (char c : in) {
    switch (c) {
      case '&':
        o += "&amp;";
        break;
      case '<':
        o += "&lt;";
        break;
      case '>':
        o += "&gt;";
        break;
      case '"':
        o += "&quot;";
        break;
      case '\'':
        o += "&#39;";
        break;
      default:
        o += c;
    }
  }
  return o;
}

std::string s(const json& j) {
  return esc(j.is_string() ? j.get<std::string>() : j.dump());
}

std::string band_colour(const std::string& band) {
  if (band == "strong") return "#1b7f3b";
  if (band == "solid") return "#2c6fbb";
  if (band == "partial") return "#b7791f";
  return "#b83232";
}

// Horizontal bars, one per label, values 0..max.
std::string bar_chart(const std::string& title,
                      const std::vector<std::pair<std::string, double>>& rows, double max,
                      const std::string& id) {
  int h = 28 * static_cast<int>(rows.size()) + 10;
  std::string o = fmt::format(
      "<figure class=\"chart\" id=\"{}\"><figcaption>{}</figcaption><svg role=\"img\" "
      "aria-label=\"{}\" "
      "viewBox=\"0 0 520 {}\" width=\"100%\">",
      id, esc(title), esc(title), h);
  int y = 5;
  for (const auto& [label, v] : rows) {
    double w = max > 0 ? 300.0 * std::clamp(v, 0.0, max) / max : 0;
    o += fmt::format(
        "<text x=\"0\" y=\"{}\" class=\"lbl\">{}</text><rect x=\"190\" y=\"{}\" width=\"300\" "
        "height=\"18\" "
        "class=\"track\"/><rect x=\"190\" y=\"{}\" width=\"{:.1f}\" height=\"18\" class=\"bar\"/>"
        "<text x=\"{:.1f}\" y=\"{}\" class=\"val\">{:g}</text>",
        y + 14, esc(label), y, y, w, 195 + w, y + 14, std::round(v * 10) / 10);
    y += 28;
  }
  return o + "</svg></figure>\n";
}

std::string trend_chart(const json& trend) {
  std::string o =
      "<figure class=\"chart\" id=\"trend\"><figcaption>Score over sessions</figcaption>"
      "<svg role=\"img\" aria-label=\"Score over sessions\" viewBox=\"0 0 520 180\" width=\"100%\">"
      "<line x1=\"40\" y1=\"150\" x2=\"510\" y2=\"150\" class=\"axis\"/>"
      "<line x1=\"40\" y1=\"10\" x2=\"40\" y2=\"150\" class=\"axis\"/>"
      "<text x=\"0\" y=\"15\" class=\"val\">100</text><text x=\"0\" y=\"153\" "
      "class=\"val\">0</text>";
  size_t n = trend.size();
  std::string points;
  for (size_t i = 0; i < n; ++i) {
    double x = n == 1 ? 275 : 50 + 450.0 * static_cast<double>(i) / static_cast<double>(n - 1);
    double y = 150 - 1.4 * trend[i]["score"].get<double>();
    points += fmt::format("{:.1f},{:.1f} ", x, y);
    o += fmt::format(
        "<circle cx=\"{:.1f}\" cy=\"{:.1f}\" r=\"4\" class=\"dot\"><title>{}: "
        "{:g}</title></circle>",
        x, y, s(trend[i]["session"]), trend[i]["score"].get<double>());
  }
  if (n > 1) o += "<polyline points=\"" + points + "\" class=\"line\"/>";
  return o + "</svg></figure>\n";
}

const char* kCss = R"css(
body{font:15px/1.5 system-ui,-apple-system,"Segoe UI",sans-serif;color:#1d232b;max-width:52rem;margin:2rem auto;padding:0 1rem}
h1{font-size:1.6rem;margin-bottom:.2rem}h2{font-size:1.25rem;border-bottom:1px solid #d5dae1;padding-bottom:.2rem;margin-top:2rem}
h3{font-size:1rem;margin:1rem 0 .3rem}.meta{color:#4a5563}.score{font-size:2.2rem;font-weight:700}
.band{display:inline-block;padding:.1rem .6rem;border-radius:1rem;color:#fff;font-weight:600;font-size:.9rem}
blockquote{margin:.3rem 0;padding:.2rem .8rem;border-left:3px solid #9aa5b1;color:#333;background:#f5f7f9}
.quote{font-style:italic;color:#2b3440}ul{padding-left:1.2rem}li{margin:.2rem 0}
.charts{display:grid;grid-template-columns:1fr;gap:1rem}.chart{margin:0}figcaption{font-weight:600;margin-bottom:.3rem}
svg .lbl,svg .val{font:12px system-ui,sans-serif;fill:#1d232b}svg .track{fill:#e6e9ee}svg .bar{fill:#2c6fbb}
svg .axis{stroke:#9aa5b1}svg .line{fill:none;stroke:#2c6fbb;stroke-width:2}svg .dot{fill:#2c6fbb}
.question{page-break-inside:avoid;break-inside:avoid}.wrong{color:#8a1f1f}
@media print{body{margin:0;max-width:none;font-size:11pt}h2{page-break-after:avoid}a{color:inherit}}
@page{size:auto;margin:15mm}
)css";

}  // namespace

std::string render_html(const json& r) {
  const auto& sess = r["session"];
  std::string o =
      "<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">"
      "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">"
      "<title>spar report " +
      s(sess["id"]) + "</title><style>" + kCss + "</style></head><body>\n";
  o += "<header><h1>spar interview report</h1>";
  o += fmt::format("<p class=\"meta\">Session {} · level {} · {} minutes</p>", s(sess["id"]),
                   s(sess["level"]), sess["minutes"].get<int>());
  o += fmt::format(
      "<p><span class=\"score\">{:.0f}</span>/100 <span class=\"band\" "
      "style=\"background:{}\">{}</span></p>"
      "</header>\n",
      r["score"].get<double>(), band_colour(r["band"].get<std::string>()), s(r["band"]));
  o += "<section id=\"improve\"><h2>Three things to improve</h2><ol>";
  for (const auto& i : r["improvements"]) {
    std::string practise;
    for (const auto& p : i["practise"]) practise += (practise.empty() ? "" : ", ") + s(p);
    o += "<li><strong>" + s(i["title"]) + "</strong><br>" + s(i["why"]) +
         ". Practise: " + practise + "</li>";
  }
  o += "</ol></section>\n<section id=\"charts\" class=\"charts\"><h2>At a glance</h2>";
  std::vector<std::pair<std::string, double>> areas, dims;
  for (const auto& a : r["areas"])
    areas.emplace_back(a["title"].get<std::string>(), a["score"].get<double>());
  for (auto it = r["reasoning"].begin(); it != r["reasoning"].end(); ++it)
    dims.emplace_back(it.key(), it.value().get<double>());
  o += bar_chart("Score by area (0-100)", areas, 100, "areas");
  o += bar_chart("Reasoning (0-3, mean over questions)", dims, 3, "reasoning");
  o += trend_chart(r["trend"]);
  o += "</section>\n";
  for (const auto& q : r["questions"]) {
    o += "<section class=\"question\" id=\"q-" + s(q["id"]) + "\">";
    o +=
        fmt::format("<h2>{} <span class=\"band\" style=\"background:{}\">{:.0f} · {}</span>{}</h2>",
                    s(q["id"]), band_colour(q["band"].get<std::string>()), q["score"].get<double>(),
                    s(q["band"]), q["skipped"].get<bool>() ? " <small>(skipped)</small>" : "");
    o += "<blockquote>" + s(q["prompt"]) + "</blockquote>";
    o += "<h3>What you covered</h3><ul>";
    if (q["covered"].empty()) o += "<li>Nothing from the rubric yet.</li>";
    for (const auto& c : q["covered"])
      o += "<li>" + s(c["text"]) + "<br><span class=\"quote\">You said: “" + s(c["quote"]) +
           "”</span></li>";
    o += "</ul><h3>What you missed</h3><ul>";
    if (q["missed"].empty()) o += "<li>Nothing.</li>";
    for (const auto& m : q["missed"]) o += "<li>" + s(m["text"]) + "</li>";
    o += "</ul>";
    if (!q["red_flags"].empty()) {
      o += "<h3>What was wrong</h3><ul>";
      for (const auto& f : q["red_flags"])
        o += "<li class=\"wrong\"><span class=\"quote\">“" + s(f["quote"]) + "”</span><br>" +
             s(f["correction"]) + "</li>";
      o += "</ul>";
    }
    o += "<h3>How you reasoned</h3><ul>";
    for (auto it = q["reasoning"].begin(); it != q["reasoning"].end(); ++it) {
      std::string ex = it.value()["example"].get<std::string>();
      o += fmt::format("<li>{}: {}/3{}</li>", esc(it.key()), it.value()["score"].get<int>(),
                       ex.empty() ? "" : " — <span class=\"quote\">“" + esc(ex) + "”</span>");
    }
    const auto& c = q["clarity"];
    o += fmt::format(
        "<li>clarity: {}/3 — {} words, {} fillers, {} hedges{}{}</li></ul>", c["score"].get<int>(),
        c["words"].get<int>(), c["fillers"].get<int>(), c["hedges"].get<int>(),
        c.contains("words_per_minute")
            ? fmt::format(", {} words a minute, {} long pauses",
                          c["words_per_minute"].get<double>(), c["long_pauses"].get<int>())
            : "",
        c["rambling"].get<bool>() ? ", rambling" : "");
    if (!q["follow_ups"].empty()) {
      o += "<h3>Follow-ups</h3><ul>";
      for (const auto& f : q["follow_ups"])
        o += "<li><strong>" + s(f["kind"]) + ":</strong> " + s(f["asked"]) + " — " +
             s(f["outcome"]) + "</li>";
      o += "</ul>";
    }
    if (q.contains("stages")) {
      std::vector<std::pair<std::string, double>> st;
      for (const auto& x : q["stages"])
        st.emplace_back(x["stage"].get<std::string>(), 100 * x["coverage"].get<double>());
      o += bar_chart("Design stages (% of rubric covered)", st, 100,
                     "stages-" + q["id"].get<std::string>());
    }
    o += "<h3>A stronger answer would say</h3><ul>";
    for (const auto& t : q["stronger_answer"]) o += "<li>" + s(t) + "</li>";
    o += "</ul></section>\n";
  }
  o += "<footer class=\"meta\"><p>Generated by spar, on your machine.</p></footer></body></html>\n";
  return o;
}

}  // namespace spar::report
