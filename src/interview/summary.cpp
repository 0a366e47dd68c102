#include "interview/summary.h"

#include <fmt/core.h>

#include <cmath>
#include <map>

namespace spar::interview {

Result<Grades> grade_all(const Session& s, Interviewer& iv) {
  Grades out;
  for (size_t i = 0; i < s.states.size(); ++i) {
    if (s.states[i].started < 0 || !iv.bank().find(s.states[i].id)) continue;
    auto g = iv.grade_question(s, i);
    if (!g) return g.failure();
    out.emplace(i, std::move(*g));
  }
  return out;
}

nlohmann::json summarize(const Session& s, Interviewer& iv, const Grades& grades) {
  nlohmann::json qs = nlohmann::json::array();
  double total = 0;
  int counted = 0;
  for (size_t i = 0; i < s.states.size(); ++i) {
    const auto& st = s.states[i];
    if (st.started < 0) continue;  // never asked
    const auto* q = iv.bank().find(st.id);
    if (!q) continue;
    auto graded = grades.find(i);
    if (graded == grades.end()) continue;  // not from grade_all(s): nothing to show
    const assess::Grade& g = graded->second;
    auto j = assess::to_json(g);
    j["id"] = st.id;
    j["area"] = q->area;
    j["skipped"] = st.skipped;
    j["answered"] = !iv.answer_text(s, i).empty();
    nlohmann::json probes = nlohmann::json::array();
    for (const auto& t : s.turns)
      if (t.follow_up() && t.question == st.id)
        probes.push_back(
            {{"kind", to_string(t.kind)}, {"probe", to_string(t.move)}, {"text", t.text}});
    j["probes"] = probes;
    if (q->design) {
      std::map<std::string, std::pair<double, double>> by_stage;
      for (const auto& p : g.points) {
        by_stage[p.stage].first += p.weight * p.credit;
        by_stage[p.stage].second += p.weight;
      }
      nlohmann::json stages = nlohmann::json::array();
      for (const auto& sid : bank::design_stages()) {
        auto [got, all] = by_stage[sid];
        stages.push_back({{"stage", sid}, {"coverage", all > 0 ? got / all : 0.0}});
      }
      j["stages"] = stages;
      j["estimates_checked"] = st.estimates_checked;
      j["constraint_change"] = st.constraint_injected;
    }
    total += g.score;
    ++counted;
    qs.push_back(j);
  }
  double overall = counted ? std::round(total / counted * 10) / 10 : 0;
  return {{"score", overall},
          {"band", bank::to_string(assess::band_for(overall))},
          {"ended_by", s.ended_by},
          {"questions", qs}};
}

std::string format_summary_text(const nlohmann::json& sum) {
  std::string out = fmt::format("\nOverall: {:.0f}/100 ({})\n", sum["score"].get<double>(),
                                sum["band"].get<std::string>());
  for (const auto& q : sum["questions"]) {
    out += fmt::format("\n{}  {:.0f}/100 ({}){}\n", q["id"].get<std::string>(),
                       q["score"].get<double>(), q["band"].get<std::string>(),
                       q["skipped"].get<bool>() ? "  [skipped]" : "");
    for (const auto& p : q["points"])
      if (p["hit"].get<bool>())
        out += "  + " + p["text"].get<std::string>() + "\n      you said: \"" +
               p["evidence"].get<std::string>() + "\"\n";
    for (const auto& p : q["points"])
      if (!p["hit"].get<bool>()) out += "  - missed: " + p["text"].get<std::string>() + "\n";
    for (const auto& f : q["red_flags"])
      out += "  ! \"" + f["evidence"].get<std::string>() +
             "\": " + f["correction"].get<std::string>() + "\n";
  }
  return out;
}

}  // namespace spar::interview
