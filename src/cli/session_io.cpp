#include "cli/session_io.h"

#include <ctime>
#include <filesystem>
#include <fstream>

#include "cli/commands.h"
#include "practice/practice.h"

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
  auto info = db.store->info(s.id);
  if (!info) return make_error(info.error());
  return practice::report(*db.store, iv, s, *info, true, summary_out);
}

}  // namespace spar::cli
