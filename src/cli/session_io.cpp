#include "cli/session_io.h"

#include <ctime>
#include <filesystem>
#include <fstream>

#include "cli/commands.h"
#include "interview/summary.h"

namespace spar::cli {

Result<OpenStore> open_store(const std::string& db_flag) {
  OpenStore o;
  o.path = resolve_db_path(db_flag);
  auto st = store::open_sqlite(o.path);
  if (!st) return make_error(st.error());
  o.store = std::move(*st);
  auto user = o.store->user(local_user_name());
  if (!user) return make_error(user.error());
  o.user_id = *user;
  return o;
}

std::string html_report_path(const OpenStore& db, const std::string& session_id) {
  auto dir = std::filesystem::path(db.path).parent_path() / "reports";
  return (dir / (session_id + ".html")).string();
}

Result<nlohmann::json> grade_and_report(OpenStore& db, interview::Interviewer& iv,
                                        const interview::Session& s, nlohmann::json* summary_out) {
  auto summary = interview::summarize(s, iv);
  if (summary_out) *summary_out = summary;
  std::vector<store::QuestionGrade> grades;
  for (const auto& q : summary["questions"])
    grades.push_back({q["id"].get<std::string>(), q["area"].get<std::string>(),
                      q["score"].get<double>(), q["band"].get<std::string>(), q});
  if (auto st = db.store->save_grades(s.id, grades, summary["score"].get<double>()); !st)
    return make_error(st.error());
  auto info = db.store->info(s.id);
  if (!info) return make_error(info.error());
  report::ReportContext ctx;
  ctx.session_id = s.id;
  ctx.started_at = info->started_at;
  auto all = db.store->list(info->user);
  if (all) {
    for (auto it = all->rbegin(); it != all->rend(); ++it) {
      if (it->id == s.id || it->score < 0 || it->started_at > info->started_at) continue;
      ctx.past.push_back({it->id, it->started_at, it->score, {}});
    }
  }
  return report::build_report(s, iv, ctx);
}

}  // namespace spar::cli
