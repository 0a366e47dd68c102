#include "practice/practice.h"

#include <algorithm>
#include <map>

#include "interview/summary.h"

namespace spar::practice {

Result<nlohmann::json> report(store::Store& store, interview::Interviewer& iv,
                              const interview::Session& s, const store::SessionInfo& info,
                              bool save, nlohmann::json* summary_out) {
  // Each question is graded once; the summary (the stored grades) and the
  // report share the grades.
  // A session that cannot be graded fails here, before anything is saved.
  const auto grades = interview::grade_all(s, iv);
  if (!grades) return grades.failure();
  if (save || summary_out) {
    auto summary = interview::summarize(s, iv, *grades);
    if (save) {
      std::vector<store::QuestionGrade> rows;
      for (const auto& q : summary["questions"])
        rows.push_back({q["id"].get<std::string>(), q["area"].get<std::string>(),
                        q["score"].get<double>(), q["band"].get<std::string>(), q});
      if (auto st = store.save_grades(s.id, rows, summary["score"].get<double>()); !st)
        return st.failure();
    }
    if (summary_out) *summary_out = std::move(summary);
  }
  report::ReportContext ctx;
  ctx.session_id = s.id;
  ctx.started_at = info.started_at;
  auto all = store.list(info.user);
  if (!all) return all.failure();
  for (auto it = all->rbegin(); it != all->rend(); ++it) {
    if (it->id == s.id || it->score < 0 || it->started_at > info.started_at) continue;
    ctx.past.push_back({it->id, it->started_at, it->score, {}});
  }
  return report::build_report(s, iv, ctx, *grades);
}

Result<nlohmann::json> progress(store::Store& store, const std::string& user_id) {
  auto list = store.list(user_id);
  if (!list) return list.failure();
  nlohmann::json sessions = nlohmann::json::array();
  std::map<std::string, std::vector<std::pair<int64_t, double>>> by_area;
  std::map<std::string, std::pair<int, std::string>> missed;  // "q/point" -> count, text
  for (auto it = list->rbegin(); it != list->rend(); ++it) {
    auto grades = store.grades(it->id);
    if (!grades) return grades.failure();
    std::map<std::string, std::pair<double, int>> areas;
    for (const auto& g : *grades) {
      areas[g.area].first += g.score;
      areas[g.area].second += 1;
      if (g.grade.contains("points"))
        for (const auto& p : g.grade["points"])
          if (!p.value("hit", false)) {
            auto& m = missed[g.question + "/" + p.value("id", "")];
            m.first += 1;
            m.second = p.value("text", "");
          }
    }
    nlohmann::json a = nlohmann::json::object();
    for (const auto& [k, v] : areas) {
      a[k] = v.first / v.second;
      by_area[k].push_back({it->started_at, v.first / v.second});
    }
    sessions.push_back(
        {{"id", it->id},
         {"started", it->started_at},
         {"level", it->level},
         {"status", it->status},
         {"score", it->score < 0 ? nlohmann::json(nullptr) : nlohmann::json(it->score)},
         {"areas", a}});
  }
  nlohmann::json trend = nlohmann::json::object();
  for (const auto& [area, pts] : by_area) {
    nlohmann::json p = nlohmann::json::array();
    for (const auto& [t, v] : pts) p.push_back({{"started", t}, {"score", v}});
    trend[area] = p;
  }
  std::vector<std::pair<int, std::string>> rep;
  for (const auto& [k, v] : missed)
    if (v.first >= 2) rep.push_back({v.first, k});
  std::stable_sort(rep.begin(), rep.end(), [](auto& a, auto& b) { return a.first > b.first; });
  nlohmann::json repeated = nlohmann::json::array();
  for (const auto& [n, k] : rep)
    repeated.push_back({{"point", k}, {"times", n}, {"text", missed[k].second}});
  return nlohmann::json{{"sessions", sessions}, {"areas", trend}, {"missed_repeatedly", repeated}};
}

}  // namespace spar::practice
