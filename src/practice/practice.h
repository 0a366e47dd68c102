// What the server and the CLI both do with finished interviews, on top of
// the store and the reports: grade a session once, keep its grades, build its
// report with the user's earlier sessions as the trend, and summarise a
// user's progress over time.
#pragma once

#include <nlohmann/json.hpp>
#include <string>

#include "interview/engine.h"
#include "report/report.h"
#include "store/store.h"

namespace spar::practice {

// Grades every question of a finished (or interrupted) session and returns
// its report model (docs/REPORT.md). With `save`, the per-question grades and
// the session score are stored (ending an interview); without it nothing is
// written (reading a report again). `summary_out`, when given, receives the
// interview summary computed on the way.
Result<nlohmann::json> report(store::Store& store, interview::Interviewer& iv,
                              const interview::Session& s, const store::SessionInfo& info,
                              bool save, nlohmann::json* summary_out = nullptr);

// A user's progress from the stored grades, oldest session first:
//   {"sessions": [{"id", "started", "level", "status" ("active"|"finished"),
//                  "score" (null until graded),
//                  "areas": {area: score}}],
//    "areas": {area: [{"started", "score"}]},
//    "missed_repeatedly": [{"point": "question/point", "times", "text"}]}
// A point counts as missed repeatedly when missed in two or more sessions.
Result<nlohmann::json> progress(store::Store& store, const std::string& user_id);

}  // namespace spar::practice
