// The CLI's glue between the interviewer, the store and reports: open the
// database for the local user, save after every turn, and grade, store and
// render a finished session.
#pragma once

#include <memory>
#include <string>

#include "interview/engine.h"
#include "report/report.h"
#include "store/store.h"

namespace spar::cli {

struct OpenStore {
  std::unique_ptr<store::Store> store;
  std::string user_id;
  std::string path;
};

Result<OpenStore> open_store(const std::string& db_flag);

// Grades every question of the session, stores the grades and the session
// score, and returns the report model (with the user's earlier sessions as
// the trend).
// `summary_out`, when given, receives the interview summary computed on the
// way, so callers need not grade the session a second time.
Result<nlohmann::json> grade_and_report(OpenStore& db, interview::Interviewer& iv,
                                        const interview::Session& s,
                                        nlohmann::json* summary_out = nullptr);

// Where the HTML report of a session is written: next to the database, in
// reports/<id>.html.
std::string html_report_path(const OpenStore& db, const std::string& session_id);

}  // namespace spar::cli
