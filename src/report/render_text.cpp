// Plain-text and Markdown renderings of a report model.
#include <fmt/core.h>

#include <ctime>

#include "report/report.h"

namespace spar::report {

namespace {

using nlohmann::json;

std::string date_of(int64_t t) {
  if (t <= 0) return "";
  std::time_t tt = static_cast<std::time_t>(t);
  char buf[32];
  std::strftime(buf, sizeof buf, "%Y-%m-%d %H:%M", std::gmtime(&tt));
  return buf;
}

std::string s(const json& j) {
  return j.is_string() ? j.get<std::string>() : j.dump();
}

// One writer for both formats: Markdown adds headings and emphasis.
std::string render(const json& r, bool md) {
  std::string o;
  auto h1 = [&](const std::string& t) {
    o += md ? "# " + t + "\n\n" : t + "\n" + std::string(t.size(), '=') + "\n\n";
  };
  auto h2 = [&](const std::string& t) {
    o += md ? "## " + t + "\n\n" : t + "\n" + std::string(t.size(), '-') + "\n";
  };
  auto h3 = [&](const std::string& t) { o += md ? "### " + t + "\n\n" : "\n" + t + "\n"; };
  auto item = [&](const std::string& t) { o += (md ? "- " : "  - ") + t + "\n"; };
  const auto& sess = r["session"];
  h1("spar interview report");
  o += fmt::format("Session {} · {} · level {} · {:.0f}/100 ({})\n\n", s(sess["id"]),
                   date_of(sess["started_at"].get<int64_t>()), s(sess["level"]),
                   r["score"].get<double>(), s(r["band"]));
  h2("By area");
  for (const auto& a : r["areas"])
    item(fmt::format("{}: {:.0f}/100 ({} question{})", s(a["title"]), a["score"].get<double>(),
                     a["questions"].get<int>(), a["questions"].get<int>() == 1 ? "" : "s"));
  o += "\n";
  h2("Three things to improve");
  int n = 0;
  for (const auto& i : r["improvements"]) {
    std::string practise;
    for (const auto& p : i["practise"]) practise += (practise.empty() ? "" : ", ") + s(p);
    o += fmt::format("{}. {}\n   {}. Practise: {}\n", ++n, s(i["title"]), s(i["why"]), practise);
  }
  o += "\n";
  h2("Reasoning across the session (0-3)");
  for (auto it = r["reasoning"].begin(); it != r["reasoning"].end(); ++it)
    item(fmt::format("{}: {:.1f}", it.key(), it.value().get<double>()));
  o += "\n";
  for (const auto& q : r["questions"]) {
    h2(fmt::format("{} — {:.0f}/100 ({}){}", s(q["id"]), q["score"].get<double>(), s(q["band"]),
                   q["skipped"].get<bool>() ? " [skipped]" : ""));
    o += (md ? "> " : "  ") + s(q["prompt"]) + "\n\n";
    h3("What you covered");
    if (q["covered"].empty()) item("nothing from the rubric yet");
    for (const auto& c : q["covered"])
      item(s(c["text"]) + (md ? "\n  *You said:* \"" : "\n      you said: \"") + s(c["quote"]) +
           "\"");
    h3("What you missed");
    if (q["missed"].empty()) item("nothing");
    for (const auto& m : q["missed"]) item(s(m["text"]));
    if (!q["red_flags"].empty()) {
      h3("What was wrong");
      for (const auto& f : q["red_flags"])
        item("\"" + s(f["quote"]) + "\" — " + s(f["correction"]) +
             (f["retracted"].get<bool>() ? " (you corrected this yourself)" : ""));
    }
    h3("How you reasoned");
    for (auto it = q["reasoning"].begin(); it != q["reasoning"].end(); ++it) {
      std::string ex = s(it.value()["example"]);
      item(fmt::format("{} {}/3{}", it.key(), it.value()["score"].get<int>(),
                       ex.empty() ? "" : " — e.g. \"" + ex + "\""));
    }
    const auto& c = q["clarity"];
    std::string pace =
        c.contains("words_per_minute")
            ? fmt::format(", {} words/min, {} long pauses", c["words_per_minute"].get<double>(),
                          c["long_pauses"].get<int>())
            : "";
    item(fmt::format("clarity {}/3: {} words, {} fillers, {} hedges{}{}", c["score"].get<int>(),
                     c["words"].get<int>(), c["fillers"].get<int>(), c["hedges"].get<int>(), pace,
                     c["rambling"].get<bool>() ? ", rambling" : ""));
    if (!s(c["filler_example"]).empty()) item("filler example: \"" + s(c["filler_example"]) + "\"");
    if (!q["follow_ups"].empty()) {
      h3("Follow-ups");
      for (const auto& f : q["follow_ups"])
        item(fmt::format("[{}] {} → {}", s(f["kind"]), s(f["asked"]), s(f["outcome"])));
    }
    if (q.contains("stages")) {
      h3("Design stages");
      for (const auto& st : q["stages"])
        item(
            fmt::format("{}: {:.0f}% covered", s(st["stage"]), 100 * st["coverage"].get<double>()));
    }
    h3("A stronger answer would say");
    for (const auto& t : q["stronger_answer"]) item(s(t));
    o += "\n";
  }
  if (r["trend"].size() > 1) {
    h2("Progress");
    for (const auto& t : r["trend"])
      item(fmt::format("{}  {:.0f}/100  {}", date_of(t["started_at"].get<int64_t>()),
                       t["score"].get<double>(), s(t["session"])));
  }
  return o;
}

}  // namespace

std::string render_text(const json& r) {
  return render(r, false);
}
std::string render_markdown(const json& r) {
  return render(r, true);
}

}  // namespace spar::report
